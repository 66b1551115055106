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
};

/* Validates every file, then simulates each scenario and writes its results
 * under o->out. Returns the exit status: 0 done, 1 a run or a write failed
 * or the batch was interrupted, 2 bad input. */
int cli_run(char **files, int n, const struct cli_run_opts *o);

/* Runs every slot of set on `jobs` threads, world_run as the task. `stop`
 * (may be NULL) is polled by the pool and by every world. progress (may be
 * NULL) gets runs done of total. Returns 0, SIM_EINTR when stopped, or the
 * error of the lowest failing slot (err filled with it). */
int cli_simulate(struct run_set *set, int jobs, volatile int *stop, sim_progress_fn progress,
                 void *progress_ctx, struct sim_error *err);

/* ---- cli_progress.c: progress of a batch on stderr ---- */

/* A bar redrawn in place when the stream is a terminal (runs done, simulated
 * time per second, time left), one line per scenario otherwise, nothing when
 * quiet. */
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
};

/* Sets p up for `out` (a terminal or not is detected here). */
void progress_init(struct progress *p, FILE *out, bool quiet);
/* A scenario begins: `total` runs. */
void progress_begin(struct progress *p, const char *name, int index, int count, size_t total);
/* Runs done so far and the simulated seconds they covered; redraws the bar
 * at most ten times a second. Safe to call from one thread at a time. */
void progress_update(struct progress *p, size_t done, size_t total, double sim_seconds);
/* The scenario ended: `status` is a short word ("done", "failed",
 * "interrupted", "skipped"); `where` the output directory or NULL. */
void progress_end(struct progress *p, const char *status, const char *where);

/* ---- cli_files.c: the results on disk ---- */

/* Creates path and its parents (like mkdir -p). Returns 0, or SIM_EIO /
 * SIM_EINVAL with err filled. */
int cli_mkdirs(const char *path, struct sim_error *err);

/* Writes every file of one scenario's results into dir (created if needed):
 * summary.csv, summary.json, runs.csv, timeline.csv, report.md, report.html
 * and plots/<chart>.<ext> for each format bit. Each file goes to a temporary
 * name and is renamed into place; summary.json comes last, so its presence
 * marks complete results. Returns 0, or a negative SIM_E code with err
 * filled (files already renamed stay; no temporary file is left). */
int cli_write_results(const struct summary *r, const char *dir, unsigned formats,
                      struct sim_error *err);

/* Writes dir/summary.csv (every complete scenario's rows under one header,
 * read back from dir/<name>/summary.csv) and dir/index.html. Returns 0, or a
 * negative SIM_E code with err filled. */
int cli_write_index(const char *dir, const struct report_index_entry *entries, int n,
                    struct sim_error *err);

/* True when dir/summary.json exists and was made from the same scenario file
 * (hash), seed and replications as s: the results are complete and current.
 * Fills e (name, description, cheapest) from s and the file when true. */
bool cli_resume_ok(const char *dir, const struct scenario *s, struct report_index_entry *e);

#endif
