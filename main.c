/* regionsim's front door: parses the command line (getopt_long, GNU style:
 * --help on every command, to stdout) and calls the layers below.
 * Exit status: 0 done, 1 a run failed, 2 bad usage or bad input, 3 targets
 * unmet (run --fail-on-unmet), 130/143 interrupted by SIGINT/SIGTERM. */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "models/region.h"
#include "models/strategies/registry.h"
#include "scenarios/loader/loader.h"
#include "sim/error.h"

#ifndef REGIONSIM_VERSION
#define REGIONSIM_VERSION "dev"
#endif

static const char usage_text[] =
    "usage: regionsim run SCENARIO.yaml... [-o DIR] [-n REPLICATIONS] [--seed N]\n"
    "                     [-j JOBS] [--format png,svg,pdf|none] [--quiet] [--resume]\n"
    "                     [--fail-on-unmet[=STRATEGY]] [--set KEY=VALUE]...\n"
    "                     [--sweep KEY=V1,V2,...]... [--exact] [--shard I/N]\n"
    "       regionsim merge DIR\n"
    "       regionsim validate SCENARIO.yaml...\n"
    "       regionsim compare [-o PREFIX] DIR_A/<scenario> DIR_B/<scenario>\n"
    "       regionsim regions [--rtt A B]\n"
    "       regionsim --help | --version | -V\n";

static const char exit_text[] =
    "Exit status:\n"
    "  0    done\n"
    "  1    a run or a write failed\n"
    "  2    bad usage or bad input; for run also an output directory that cannot\n"
    "       be used or that another regionsim run holds (nothing was simulated)\n"
    "  3    run --fail-on-unmet: no strategy (or not the named one) meets every\n"
    "       target in some scenario (in a sweep: at any of its points)\n"
    "  130  interrupted (SIGINT, Ctrl-C); 143 terminated (SIGTERM); finished\n"
    "       scenarios keep complete results, the others none\n";

static const char help_text[] =
    "regionsim simulates how a multi-region service survives the loss of a cloud\n"
    "region. It runs YAML scenario files and compares four disaster-recovery\n"
    "strategies (backup & restore, pilot light, warm standby, active-active) on\n"
    "RTO, RPO, request latency, availability and cost, with 95%% confidence\n"
    "intervals, and writes reports with charts.\n"
    "\n"
    "%s"
    "\n"
    "Commands (each takes --help):\n"
    "  run        validate every file, then simulate each scenario's strategies\n"
    "             and write DIR/<scenario>/{summary.csv,summary.json,runs.csv,\n"
    "             timeline.csv,report.md,report.html,plots/}\n"
    "  merge      assemble the shard files of run --shard I/N in DIR into the\n"
    "             outputs the unsharded run would have written\n"
    "  validate   check scenario files; print every error as FILE:LINE:COL\n"
    "  compare    the difference between two runs of one scenario, per strategy\n"
    "             and metric, paired when they share seed and replications\n"
    "  regions    list the built-in regions and user populations;\n"
    "             --rtt A B prints the round-trip time between two of them\n"
    "\n"
    "Options:\n"
    "  -h, --help               this text; 'regionsim COMMAND --help' for a command\n"
    "  -V, --version            the version (and git revision of the build)\n"
    "\n"
    "Examples:\n"
    "  regionsim validate scenarios/*.yaml\n"
    "  regionsim run scenarios/three-region-shop.yaml -o out -j 2\n"
    "  regionsim regions --rtt us-east-1 eu-west-1\n"
    "\n"
    "%s";

static const char run_help[] =
    "usage: regionsim run SCENARIO.yaml... [OPTIONS]\n"
    "\n"
    "Checks every scenario file and the output directory, then simulates each\n"
    "scenario's strategies and writes DIR/<scenario>/: summary.csv, summary.json,\n"
    "runs.csv, timeline.csv, report.md, report.html and plots/. A scenario's\n"
    "directory is replaced whole when its results are complete.\n"
    "\n"
    "Options:\n"
    "  -o, --out DIR            output directory (default: out); a run holds\n"
    "                           DIR/.regionsim.lock, so a second run into DIR\n"
    "                           at the same time is refused\n"
    "  -n, --replications N     replications per strategy (default: the scenario's)\n"
    "      --seed N             random seed (default: the scenario's)\n"
    "  -j, --jobs N             worker threads (default: number of CPUs);\n"
    "                           the output is identical for every N\n"
    "      --format LIST        chart formats: png, svg, pdf separated by commas,\n"
    "                           or none (default: the scenario's report.formats)\n"
    "  -q, --quiet              no progress on stderr\n"
    "      --resume             skip a scenario whose results are complete and were\n"
    "                           made by this version from the same files (SHA-256\n"
    "                           of the scenario, of the files it extends and of\n"
    "                           latency.file), seed, replications and formats\n"
    "      --fail-on-unmet[=STRATEGY]\n"
    "                           exit 3 when no strategy (or STRATEGY, e.g.\n"
    "                           warm_standby) meets every target: a CI gate;\n"
    "                           for a sweep, when none does at any point\n"
    "      --set KEY=VALUE      sets one key of every scenario, by its dotted path\n"
    "                           (dns.ttl=5m, strategies.warm_standby.standby=50%%,\n"
    "                           failures[0].duration=4h, scenario=shop-short-ttl);\n"
    "                           repeatable\n"
    "      --exact              simulate every request (as --set\n"
    "                           workload.sample_rate=exact): no sampling\n"
    "      --sweep KEY=V1,V2,...\n"
    "                           adds a sweep axis (after the file's sweep: axes);\n"
    "                           repeatable, a grid of at most 256 points. A sweep\n"
    "                           writes DIR/<scenario>/points/<point>/ for each\n"
    "                           point, sweep.csv and a sweep report\n"
    "      --shard I/N          run only every N-th run of the whole command\n"
    "                           (those whose number modulo N is I, 0 <= I < N)\n"
    "                           into DIR/shard-I-of-N.regionsim-shard; when all\n"
    "                           N have run, 'regionsim merge DIR' writes the\n"
    "                           outputs (a cluster's job array)\n"
    "  -h, --help               this text\n"
    "\n"
    "Progress goes to stderr: a bar that fits the terminal when stderr is one\n"
    "(and TERM is not dumb), one line per scenario otherwise; regionsim writes no\n"
    "colour or escape sequence (NO_COLOR is always honoured).\n"
    "\n"
    "Examples:\n"
    "  regionsim run scenarios/two-region.yaml\n"
    "  regionsim run scenarios/*.yaml -o results -n 50 --seed 7 -j 4 --resume\n"
    "  regionsim run shop.yaml -q --format none --fail-on-unmet=warm_standby\n"
    "  regionsim run shop.yaml --sweep dns.ttl=30s,60s,5m --set replications=5\n"
    "\n"
    "%s";

static const char merge_help[] =
    "usage: regionsim merge DIR [--quiet]\n"
    "\n"
    "Assembles the shards that 'regionsim run --shard I/N ... -o DIR' wrote into\n"
    "DIR (all N of them, from the same command and the same files) and writes\n"
    "the outputs that the command without --shard would have written, byte for\n"
    "byte. The scenario files are read again where the shards ran (their\n"
    "SHA-256 must not have changed).\n"
    "\n"
    "Options:\n"
    "      --quiet              no progress on stderr\n"
    "  -h, --help               this text\n"
    "\n"
    "Examples:\n"
    "  for i in 0 1 2; do regionsim run shop.yaml -o out --shard $i/3; done\n"
    "  regionsim merge out\n"
    "\n"
    "Exit status: as run; 2 when the shards are missing, incomplete or from\n"
    "different commands.\n";

static const char validate_help[] =
    "usage: regionsim validate SCENARIO.yaml...\n"
    "\n"
    "Checks scenario files without simulating: every error is printed as\n"
    "FILE:LINE:COL: error: MESSAGE with the source line and a caret; a valid\n"
    "file prints 'FILE: ok (NAME)' on stdout.\n"
    "\n"
    "Options:\n"
    "  -h, --help               this text\n"
    "\n"
    "Examples:\n"
    "  regionsim validate scenarios/*.yaml\n"
    "\n"
    "Exit status: 0 every file is valid, 2 bad usage or a file has errors.\n";

static const char regions_help[] =
    "usage: regionsim regions [--rtt A B]\n"
    "\n"
    "Lists the built-in regions (AWS, Azure, GCP) and user populations with\n"
    "their coordinates; with --rtt, the median round-trip time between two of\n"
    "them, measured where the tables have the pair and estimated otherwise.\n"
    "\n"
    "Options:\n"
    "      --rtt A B            the round-trip time from A to B\n"
    "  -h, --help               this text\n"
    "\n"
    "Examples:\n"
    "  regionsim regions\n"
    "  regionsim regions --rtt us-east-1 eu-west-1\n"
    "\n"
    "Exit status: 0 done, 2 bad usage or an unknown region.\n";

/* One error line, then one line of usage hint for `cmd` (NULL: the
 * top level). Returns 2, the exit status of bad usage. */
static int usage_error(const char *cmd, const char *fmt, const char *arg)
{
    fprintf(stderr, "regionsim: ");
    fprintf(stderr, fmt, arg);
    if (cmd)
        fprintf(stderr, "\nusage: regionsim %s ...; try 'regionsim %s --help'\n", cmd, cmd);
    else
        fprintf(stderr, "\nusage: regionsim COMMAND ...; try 'regionsim --help'\n");
    return 2;
}

/* The error of getopt_long's return c at argv[optind - 1]. */
static int option_error(const char *cmd, int c, char **argv)
{
    if (c == ':')
        return usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
    return usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
}

/* Parses the options of a command that takes only --help (and `extra`, the
 * long option whose flag it sets). Returns -1 to go on, else the exit
 * status (0 after --help). */
static int simple_options(const char *cmd, const char *help, int argc, char **argv,
                          const char *extra, bool *extra_set)
{
    const struct option longopts[] = {{"help", no_argument, NULL, 'h'},
                                      {extra ? extra : "help", no_argument, NULL, 'x'},
                                      {NULL, 0, NULL, 0}};
    opterr = 0;
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        if (c == 'h') {
            fputs(help, stdout);
            return 0;
        }
        if (c == 'x' && extra_set)
            *extra_set = true;
        else
            return option_error(cmd, c, argv);
    }
    return -1;
}

static int cmd_validate(int argc, char **argv)
{
    int rc = simple_options("validate", validate_help, argc, argv, NULL, NULL);
    if (rc >= 0)
        return rc;
    if (optind >= argc)
        return usage_error("validate", "%svalidate needs at least one scenario file", "");
    int bad = 0;
    for (int i = optind; i < argc; i++) {
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
    bool rtt_asked = false;
    int rc = simple_options("regions", regions_help, argc, argv, "rtt", &rtt_asked);
    if (rc >= 0)
        return rc;
    char **rest = argv + optind;
    int n = argc - optind;
    if (!rtt_asked) {
        if (n > 0)
            return usage_error("regions", "unexpected '%s'", rest[0]);
        return region_print_catalog(stdout) == 0 ? 0 : 1;
    }
    if (n != 2)
        return usage_error("regions", "%s--rtt needs two regions or populations", "");
    double rtt;
    bool measured;
    struct sim_error err = {0};
    if (region_rtt(rest[0], rest[1], &rtt, &measured, &err) != 0) {
        fprintf(stderr, "regionsim: %s\n", err.message);
        return 2;
    }
    printf("%s -> %s: %.1f ms round trip (%s)\n", rest[0], rest[1], rtt,
           measured ? "measured median" : "estimated");
    return 0;
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
    if (strcmp(text, "none") == 0)
        return true; /* no charts */
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

/* --fail-on-unmet's strategy: `=KEY`, or KEY as the next word when it names a
 * strategy (a scenario file is never called warm_standby). Returns false
 * when a given key is unknown. */
static bool unmet_arg(int argc, char **argv, struct cli_run_opts *o)
{
    o->fail_on_unmet = true;
    const char *key = optarg;
    if (key == NULL && optind < argc && strategy_find(argv[optind]) >= 0)
        key = argv[optind++];
    o->unmet_strategy = key;
    return key == NULL || strategy_find(key) >= 0;
}

/* The --set and --sweep of this process (main parses one command line). */
#define RUN_MAX_SETS 64
static struct scenario_set run_sets[RUN_MAX_SETS];
static struct scenario_sweep run_sweep;

/* KEY=VALUE: the key must be a non-empty path; the value is as written. */
static bool split_key(char *arg, char **value)
{
    char *eq = strchr(arg, '=');
    if (eq == NULL || eq == arg || (size_t)(eq - arg) >= SCENARIO_KEY_MAX)
        return false;
    *eq = '\0';
    *value = eq + 1;
    return true;
}

static bool add_set(char *arg, struct cli_run_opts *o)
{
    char *value;
    if (o->n_sets == RUN_MAX_SETS || !split_key(arg, &value))
        return false;
    run_sets[o->n_sets++] = (struct scenario_set){arg, value};
    o->sets = run_sets;
    return true;
}

static bool add_axis(char *arg, struct cli_run_opts *o)
{
    char *values;
    if (run_sweep.n_axes == SCENARIO_MAX_AXES || !split_key(arg, &values) || values[0] == '\0')
        return false;
    int a = run_sweep.n_axes, n = 0;
    snprintf(run_sweep.path[a], sizeof run_sweep.path[a], "%s", arg);
    for (char *v = values, *next; v != NULL; v = next) {
        next = strchr(v, ',');
        size_t len = next ? (size_t)(next - v) : strlen(v);
        if (next)
            next++;
        if (len == 0 || len >= SCENARIO_VALUE_MAX || n == SCENARIO_MAX_SWEEP_VALUES)
            return false;
        memcpy(run_sweep.value[a][n], v, len);
        run_sweep.value[a][n++][len] = '\0';
    }
    run_sweep.n_values[a] = n;
    run_sweep.n_axes++;
    o->sweep = &run_sweep;
    return true;
}

/* -n, --seed and -j: -1 when arg is a good value (stored in o), else the
 * exit status after a usage error. */
static int run_number(int c, const char *arg, struct cli_run_opts *o)
{
    if (c == 'n' && !parse_count(arg, SCENARIO_MAX_REPLICATIONS, &o->replications))
        return usage_error("run", "--replications needs a whole number from 1 to 10000, not '%s'",
                           arg);
    if (c == 'j' && !parse_count(arg, 1024, &o->jobs))
        return usage_error("run", "--jobs needs a whole number from 1 to 1024, not '%s'", arg);
    if (c == 's') {
        char *end;
        errno = 0;
        o->seed = strtoull(arg, &end, 10);
        if (errno || end == arg || *end || arg[0] == '-')
            return usage_error("run", "--seed needs a whole number >= 0, not '%s'", arg);
        o->seed_set = true;
    }
    return -1;
}

/* --shard I/N: two whole numbers, 0 <= I < N <= 100000. */
static bool parse_shard(const char *text, struct cli_run_opts *o)
{
    char *end;
    errno = 0;
    long i = strtol(text, &end, 10);
    if (errno || end == text || *end != '/' || text[0] == '-')
        return false;
    const char *rest = end + 1;
    long n = strtol(rest, &end, 10);
    if (errno || end == rest || *end || n < 1 || n > 100000 || i >= n)
        return false;
    o->shard_index = (int)i;
    o->shard_count = (int)n;
    return true;
}

/* --format, --fail-on-unmet, --set, --sweep and --shard: -1 when optarg is a good
 * value (stored in o), else the exit status after a usage error. */
static int run_text(int c, int argc, char **argv, struct cli_run_opts *o)
{
    if (c == 'f' && !parse_formats(optarg, &o->formats))
        return usage_error("run",
                           "--format takes png, svg and pdf separated by commas, or none, "
                           "not '%s'",
                           optarg);
    o->formats_set |= c == 'f';
    if (c == 'u' && !unmet_arg(argc, argv, o))
        return usage_error("run", "--fail-on-unmet: '%s' is not a strategy", o->unmet_strategy);
    if (c == 'S' && !add_set(optarg, o))
        return usage_error("run", "--set needs KEY=VALUE (e.g. dns.ttl=5m), not '%s'", optarg);
    if (c == 'H' && !parse_shard(optarg, o))
        return usage_error("run", "--shard needs I/N with 0 <= I < N (e.g. 0/3), not '%s'",
                           optarg);
    if (c == 'W' && !add_axis(optarg, o))
        return usage_error("run",
                           "--sweep needs KEY=V1,V2,... (e.g. dns.ttl=30s,5m), at most "
                           "4 axes of 32 values, not '%s'",
                           optarg);
    return -1;
}

/* Parses the options of run (argv[0] is "run") into *o and leaves the files
 * at argv[optind..]. Returns -1 to go on, or the exit status: 0 after --help,
 * 2 after printing a usage error. */
static int run_parse(int argc, char **argv, struct cli_run_opts *o)
{
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'},    {"replications", required_argument, NULL, 'n'},
        {"seed", required_argument, NULL, 's'},   {"jobs", required_argument, NULL, 'j'},
        {"format", required_argument, NULL, 'f'}, {"quiet", no_argument, NULL, 'q'},
        {"resume", no_argument, NULL, 'r'},       {"fail-on-unmet", optional_argument, NULL, 'u'},
        {"set", required_argument, NULL, 'S'},    {"sweep", required_argument, NULL, 'W'},
        {"shard", required_argument, NULL, 'H'},  {"exact", no_argument, NULL, 'E'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    *o = (struct cli_run_opts){.out = "out", .jobs = cpus > 0 ? (int)cpus : 1};
    opterr = 0;
    optind = 1;
    int c;
    bool exact_given = false;
    while ((c = getopt_long(argc, argv, ":o:n:j:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            if (optarg[0] == '\0')
                return usage_error("run", "%s-o needs a directory, not an empty name", "");
            o->out = optarg;
            break;
        case 'n':
        case 's':
        case 'j': {
            int st = run_number(c, optarg, o);
            if (st >= 0)
                return st;
            break;
        }
        case 'f':
        case 'u':
        case 'S':
        case 'W':
        case 'H': {
            int st = run_text(c, argc, argv, o);
            if (st >= 0)
                return st;
            break;
        }
        case 'q':
            o->quiet = true;
            break;
        case 'r':
            o->resume = true;
            break;
        case 'E': {
            /* as --set workload.sample_rate=exact (split in place once) */
            static char exact[] = "workload.sample_rate=exact";
            if (!exact_given && !add_set(exact, o))
                return usage_error("run", "%stoo many --set options", "");
            exact_given = true;
            break;
        }
        case 'h':
            printf(run_help, exit_text);
            return 0;
        default:
            return option_error("run", c, argv);
        }
    }
    if (optind >= argc)
        return usage_error("run", "%srun needs at least one scenario file", "");
    if (o->shard_count && o->resume)
        return usage_error("run", "%s--resume and --shard do not go together", "");
    o->argc = argc;
    o->argv = argv;
    return -1;
}

static int cmd_merge(int argc, char **argv)
{
    bool quiet = false;
    int rc = simple_options("merge", merge_help, argc, argv, "quiet", &quiet);
    if (rc >= 0)
        return rc;
    if (argc - optind != 1)
        return usage_error("merge", "%smerge needs one directory, the shards' -o", "");
    return cli_merge_run(argv[optind], quiet, run_parse);
}

static int cmd_run(int argc, char **argv)
{
    struct cli_run_opts o;
    int rc = run_parse(argc, argv, &o);
    if (rc >= 0)
        return rc;
    return cli_run(argv + optind, argc - optind, &o);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error(NULL, "%smissing command", "");
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        printf(help_text, usage_text, exit_text);
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
    /* argv[0] of each command is its name, as getopt expects */
    if (strcmp(cmd, "validate") == 0)
        return cmd_validate(argc - 1, argv + 1);
    if (strcmp(cmd, "regions") == 0)
        return cmd_regions(argc - 1, argv + 1);
    if (strcmp(cmd, "run") == 0)
        return cmd_run(argc - 1, argv + 1);
    if (strcmp(cmd, "merge") == 0)
        return cmd_merge(argc - 1, argv + 1);
    if (strcmp(cmd, "compare") == 0)
        return cli_compare(argc - 1, argv + 1);
    if (cmd[0] == '-')
        return usage_error(NULL, "unknown option '%s'", cmd);
    return usage_error(NULL, "unknown command '%s'", cmd);
}
