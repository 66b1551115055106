/* regionsim's front door: parses the command line and calls the layers below.
 * Exit status: 0 done, 1 a run failed, 2 bad usage or bad input. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
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
    "       regionsim --help | --version | -V\n";

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

static bool parse_count(const char *text, long max, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno || end == text || *end || v < 1 || v > max)
        return false;
    *out = (int)v;
    return true;
}

static bool parse_formats(const char *text, unsigned *out)
{
    static const struct {
        const char *name;
        unsigned bit;
    } fmts[] = {{"png", REPORT_FORMAT_PNG}, {"svg", REPORT_FORMAT_SVG}, {"pdf", REPORT_FORMAT_PDF}};
    *out = 0;
    while (*text) {
        size_t n = strcspn(text, ",");
        bool known = false;
        for (size_t i = 0; i < 3; i++)
            if (strlen(fmts[i].name) == n && strncmp(text, fmts[i].name, n) == 0) {
                *out |= fmts[i].bit;
                known = true;
            }
        if (!known)
            return false;
        text += n;
        if (*text == ',')
            text++;
    }
    return *out != 0;
}

/* Parses the options of run (argv[0] is "run") into *o and leaves the files
 * at argv[optind..].
 * Returns 0, or 2 after printing a usage error. */
static int run_parse(int argc, char **argv, struct cli_run_opts *o)
{
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'},    {"replications", required_argument, NULL, 'n'},
        {"seed", required_argument, NULL, 's'},   {"jobs", required_argument, NULL, 'j'},
        {"format", required_argument, NULL, 'f'}, {"quiet", no_argument, NULL, 'q'},
        {"resume", no_argument, NULL, 'r'},       {NULL, 0, NULL, 0}};
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    *o = (struct cli_run_opts){.out = "out", .jobs = cpus > 0 ? (int)cpus : 1};
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":o:n:j:q", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            o->out = optarg;
            break;
        case 'n':
            if (!parse_count(optarg, 1000000, &o->replications))
                return usage_error("--replications needs a whole number >= 1, not '%s'", optarg);
            break;
        case 's': {
            char *end;
            errno = 0;
            o->seed = strtoull(optarg, &end, 10);
            if (errno || end == optarg || *end || optarg[0] == '-')
                return usage_error("--seed needs a whole number >= 0, not '%s'", optarg);
            o->seed_set = true;
            break;
        }
        case 'j':
            if (!parse_count(optarg, 1024, &o->jobs))
                return usage_error("--jobs needs a whole number from 1 to 1024, not '%s'", optarg);
            break;
        case 'f':
            if (!parse_formats(optarg, &o->formats))
                return usage_error("--format takes png, svg and pdf separated by commas, not '%s'",
                                   optarg);
            o->formats_set = true;
            break;
        case 'q':
            o->quiet = true;
            break;
        case 'r':
            o->resume = true;
            break;
        case ':':
            return usage_error("option '%s' needs a value", argv[optind - 1]);
        default:
            return usage_error("unknown option '%s' for run", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return usage_error("%srun needs at least one scenario file", "");
    return 0;
}

static int cmd_run(int argc, char **argv)
{
    struct cli_run_opts o;
    int rc = run_parse(argc, argv, &o);
    if (rc != 0)
        return rc;
    return cli_run(argv + optind, argc - optind, &o);
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
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
#ifdef REGIONSIM_REVISION
        printf("regionsim %s (git %s)\n", REGIONSIM_VERSION, REGIONSIM_REVISION);
#else
        printf("regionsim %s\n", REGIONSIM_VERSION);
#endif
        return 0;
    }
    if (strcmp(cmd, "validate") == 0)
        return cmd_validate(argc - 2, argv + 2);
    if (strcmp(cmd, "regions") == 0)
        return cmd_regions(argc - 2, argv + 2);
    if (strcmp(cmd, "run") == 0)
        return cmd_run(argc - 1, argv + 1); /* argv[0] = "run", as getopt expects */
    if (cmd[0] == '-')
        return usage_error("unknown option '%s'", cmd);
    return usage_error("unknown command '%s'", cmd);
}
