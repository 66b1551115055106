/* The command-line layer under main.c: what `regionsim run` does that is
 * neither simulation nor a document. It runs a scenario's worlds on the pool
 * (world_run is the task), shows progress on stderr, lays the results out on
 * disk (DIR/<scenario>/ written atomically, the batch's index) and decides
 * what --resume may skip. Like main.c, it sees every layer below. */
#ifndef REGIONSIM_CLI_H
#define REGIONSIM_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "models/results.h"
#include "models/summary.h"
#include "plots/index.h"
#include "scenarios/loader/loader.h"
#include "sim/error.h"
#include "sim/pool.h"

/* ---- cli_run.c: the run command ---- */

struct cli_run_opts {
    const char *out;
    int replications; /* 0: the scenario's */
    bool seed_set;
    uint64_t seed;
    int jobs;
    unsigned formats; /* 0: the scenario's */
    bool formats_set;
    bool quiet;
    bool resume;
    bool fail_on_unmet;
    const char *unmet_strategy;      /* with fail_on_unmet: NULL any strategy */
    const struct scenario_set *sets; /* --set, applied to every scenario */
    int n_sets;
    const struct scenario_sweep *sweep; /* --sweep axes (NULL: none) */
};

/* Validates every file and the output directory, then simulates each
 * scenario and writes its results under o->out. Returns the exit status:
 * 0 done, 1 a run or a write failed, 2 bad input or an unusable or busy
 * output directory, 3 targets unmet (o->fail_on_unmet), 128 + the signal
 * when interrupted (130 SIGINT, 143 SIGTERM). */
int cli_run(char **files, int n, const struct cli_run_opts *o);

/* Runs every slot of set on `jobs` threads, world_run as the task. `stop`
 * (may be NULL) is polled by the pool and by every world. progress (may be
 * NULL) gets runs done of total. Returns 0, SIM_EINTR when stopped, or the
 * error of the lowest failing slot (err filled with it). */
int cli_simulate(struct run_set *set, int jobs, volatile int *stop, sim_progress_fn progress,
                 void *progress_ctx, struct sim_error *err);

/* ---- cli_progress.c: progress of a batch on stderr ---- */

/* A bar redrawn in place when the stream is a terminal and TERM is not dumb
 * (runs done, simulated time per second, time left), never as wide as the
 * terminal; one line per scenario otherwise, nothing when quiet. No colour
 * or escape sequence in any case (NO_COLOR holds trivially). */
struct progress {
    FILE *out;
    bool tty;
    bool quiet;
    char name[64];
    int index, count; /* scenario index (1-based) of count */
    double start;     /* monotonic seconds at progress_begin */
    double last_draw;
    size_t done, total;
    double sim_seconds;
    int drawn; /* length of the bar line now on the terminal */
};

/* Sets p up for `out` (a terminal or not is detected here). */
void progress_init(struct progress *p, FILE *out, bool quiet);
/* A scenario begins: `total` runs. */
void progress_begin(struct progress *p, const char *name, int index, int count, size_t total);
/* Formats p's bar line into buf for a terminal of `width` columns, `elapsed`
 * seconds after progress_begin: at most width - 1 characters (a shorter bar,
 * then no rate, then no time left, then cut). Returns its length. */
int progress_format(char *buf, size_t size, const struct progress *p, double elapsed, int width);
/* Runs done so far and the simulated seconds they covered; redraws the bar
 * at most ten times a second. Safe to call from one thread at a time. */
void progress_update(struct progress *p, size_t done, size_t total, double sim_seconds);
/* The scenario ended: `status` is a short word ("done", "failed",
 * "interrupted", "skipped"); `where` the output directory or NULL. */
void progress_end(struct progress *p, const char *status, const char *where);

/* ---- cli_files.c: the results on disk ---- */

/* Fills err with "cannot WHAT PATH: <the errno's cause>" ("no space left on
 * device") and returns SIM_EIO. */
int cli_os_error(struct sim_error *err, const char *what, const char *path, int errnum);

/* Creates path and its parents (like mkdir -p); path must end up a
 * directory. Returns 0, or SIM_EIO / SIM_EINVAL with err filled. */
int cli_mkdirs(const char *path, struct sim_error *err);

/* Flushes and closes f, which was written to path by a writer that returned
 * rc. Returns 0, or a negative SIM_E code with err naming the real cause
 * (the errno of the failed write, e.g. no space left on device). */
int cli_close_file(FILE *f, int rc, const char *path, struct sim_error *err);

/* Before any simulation: creates the output directory out, checks a file
 * can be created in it and that none of out/<names[i]> exists as anything
 * but a directory. Returns 0, or a negative SIM_E code with err filled. */
int cli_prepare_out(const char *out, const char *const *names, int n, struct sim_error *err);

/* Takes the lock of out (flock on out/.regionsim.lock) for the life of the
 * process. Returns the lock's descriptor, or a negative SIM_E code with err
 * filled: SIM_EINVAL when another run holds it. */
int cli_lock_out(const char *out, struct sim_error *err);

/* From dir/summary.json: 1 when the strategy with key `key` (NULL: any
 * strategy) meets every target, 0 when not (or absent), -1 when the file
 * cannot be read. */
int cli_results_meet(const char *dir, const char *key);

/* Writes every file of one scenario's results as directory dir (its parent
 * is created if needed): summary.csv, summary.json, runs.csv, timeline.csv,
 * report.md, report.html and plots/<chart>.<ext> for each format bit. The
 * set is written into a fresh temporary directory beside dir and replaces
 * dir whole, so no file of an earlier run (a chart of a format no longer
 * asked for) stays. Returns 0, or a negative SIM_E code with err filled;
 * then dir is as it was and no temporary file is left. */
int cli_write_results(const struct summary *r, const char *dir, unsigned formats,
                      struct sim_error *err);

/* A directory built beside dir under a temporary name, then swapped in
 * whole (what cli_write_results does; a sweep fills one with every point).
 * cli_stage_begin creates it (dir's parent too) and puts its path in fresh.
 * cli_stage_end, given the status rc of filling it, puts it in place of dir
 * when rc is 0 and removes it otherwise. Each returns 0 or a negative SIM_E
 * code with err filled; after a failure dir is as it was. */
int cli_stage_begin(const char *dir, char *fresh, size_t size, struct sim_error *err);
int cli_stage_end(const char *fresh, const char *dir, int rc, struct sim_error *err);

/* Writes dir/name through fn, atomically (a temporary name, then renamed).
 * Returns 0 or a negative SIM_E code with err filled. */
int cli_write_file(const char *dir, const char *name, int (*fn)(const void *ctx, FILE *f),
                   const void *ctx, struct sim_error *err);

/* Writes dir/summary.csv (every complete scenario's rows under one header,
 * read back from dir/<name>/summary.csv) and dir/index.html. Returns 0, or a
 * negative SIM_E code with err filled. */
int cli_write_index(const char *dir, const struct report_index_entry *entries, int n,
                    struct sim_error *err);

/* True when dir holds a complete set of results whose provenance is what s
 * would give now: the regionsim version, the SHA-256 of the scenario file
 * and of every file it references, seed, replications and formats.
 * Fills e (name, description, cheapest) from s and the file when true. */
bool cli_resume_ok(const char *dir, const struct scenario *s, struct report_index_entry *e);

/* ---- cli_compare.c: regionsim compare ---- */

/* The compare command (argv[0] is "compare"): parses its options, reads
 * two result directories and writes their differences. Returns the exit
 * status: 0 done, 1 a write failed, 2 bad usage or unusable results. */
int cli_compare(int argc, char **argv);

/* ---- cli_sweep.c: a sweep's own files ---- */

/* Writes sweep.csv, report.md, report.html and plots/sweep_<metric>.<ext>
 * (each format bit) of w into dir. Returns 0 or a negative SIM_E code with
 * err filled. */
struct sweep_result;
int cli_write_sweep(const struct sweep_result *w, const char *dir, unsigned formats,
                    struct sim_error *err);

/* True when dir holds a complete sweep of exactly these points, each of
 * whose results is current (cli_resume_ok on points/<point>/). */
bool cli_resume_sweep_ok(const char *dir, const struct scenario_sweep *sweep,
                         const struct scenario_point *points, int n);

#endif
