/* regionsim's front door: parses the command line and calls the layers below.
 * Exit status: 0 done, 1 a run failed, 2 bad usage or bad input. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/region.h"
#include "scenarios/loader/loader.h"
#include "sim/error.h"

#ifndef REGIONSIM_VERSION
#define REGIONSIM_VERSION "dev"
#endif

static const char usage_text[] =
    "usage: regionsim run SCENARIO.yaml... [-o DIR] [-n REPLICATIONS] [--seed N]\n"
    "                     [-j JOBS] [--format png,svg,pdf] [--quiet] [--resume]\n"
    "       regionsim validate SCENARIO.yaml...\n"
    "       regionsim regions [--rtt A B]\n"
    "       regionsim --help | --version\n";

static const char help_text[] =
    "regionsim simulates how a multi-region service survives the loss of a cloud\n"
    "region. It runs YAML scenario files and compares four disaster-recovery\n"
    "strategies (backup & restore, pilot light, warm standby, active-active) on\n"
    "RTO, RPO, request latency, availability and cost, with 95%% confidence\n"
    "intervals, and writes reports with charts.\n"
    "\n"
    "%s"
    "\n"
    "Commands:\n"
    "  run        validate every file, then simulate each scenario's strategies\n"
    "             and write DIR/<scenario>/{summary.csv,summary.json,runs.csv,\n"
    "             timeline.csv,report.md,report.html,plots/}\n"
    "  validate   check scenario files; print every error as FILE:LINE:COL\n"
    "  regions    list the built-in regions and user populations;\n"
    "             --rtt A B prints the round-trip time between two of them\n"
    "\n"
    "Options of run:\n"
    "  -o, --out DIR            output directory (default: out)\n"
    "  -n, --replications N     replications per strategy (default: the scenario's)\n"
    "      --seed N             random seed (default: the scenario's)\n"
    "  -j, --jobs N             worker threads (default: number of CPUs);\n"
    "                           the output is identical for every N\n"
    "      --format LIST        chart formats: png, svg, pdf (default: the scenario's)\n"
    "  -q, --quiet              no progress on stderr\n"
    "      --resume             skip scenarios whose results are complete and\n"
    "                           were made from the same file\n"
    "\n"
    "Examples:\n"
    "  regionsim validate scenarios/*.yaml\n"
    "  regionsim run scenarios/three-region-shop.yaml -o out -j 2\n"
    "  regionsim regions --rtt us-east-1 eu-west-1\n"
    "\n"
    "Exit status: 0 done, 1 a run failed, 2 bad usage or bad input.\n";

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "regionsim: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", usage_text);
    return 2;
}

static int cmd_validate(int argc, char **argv)
{
    if (argc < 1)
        return usage_error("%svalidate needs at least one scenario file", "");
    int bad = 0;
    for (int i = 0; i < argc; i++) {
        if (argv[i][0] == '-' && argv[i][1] != '\0')
            return usage_error("unknown option '%s' for validate", argv[i]);
    }
    for (int i = 0; i < argc; i++) {
        static struct scenario s;
        int n = scenario_load_file(argv[i], &s, stderr);
        if (n != 0)
            bad++;
        else
            printf("%s: ok (%s)\n", argv[i], s.name);
    }
    return bad ? 2 : 0;
}

static int cmd_regions(int argc, char **argv)
{
    if (argc == 0)
        return region_print_catalog(stdout) == 0 ? 0 : 1;
    if (strcmp(argv[0], "--rtt") == 0) {
        if (argc != 3)
            return usage_error("%s--rtt needs two regions or populations", "");
        double rtt;
        bool measured;
        struct sim_error err = {0};
        if (region_rtt(argv[1], argv[2], &rtt, &measured, &err) != 0) {
            fprintf(stderr, "regionsim: %s\n", err.message);
            return 2;
        }
        printf("%s -> %s: %.1f ms round trip (%s)\n", argv[1], argv[2], rtt,
               measured ? "measured median" : "estimated");
        return 0;
    }
    return usage_error("unknown option '%s' for regions", argv[0]);
}

/* Filled in by the batch-runner work (issue 6). */
static int cmd_run(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "regionsim: run is not implemented yet\n");
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("%smissing command", "");
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        printf(help_text, usage_text);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("regionsim %s\n", REGIONSIM_VERSION);
        return 0;
    }
    if (strcmp(cmd, "validate") == 0)
        return cmd_validate(argc - 2, argv + 2);
    if (strcmp(cmd, "regions") == 0)
        return cmd_regions(argc - 2, argv + 2);
    if (strcmp(cmd, "run") == 0)
        return cmd_run(argc - 2, argv + 2);
    if (cmd[0] == '-')
        return usage_error("unknown option '%s'", cmd);
    return usage_error("unknown command '%s'", cmd);
}
