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
    int shard_index, shard_count;       /* --shard I/N (count 0: not a shard) */
    int argc;                           /* the run's arguments (after "run"), kept */
    char **argv;                        /*   in a shard's header for merge */
    const char *command_out;            /* -o as reports quote it (NULL: out) */
    struct cli_shards *merge;           /* merge: runs come from these shards */
    struct cli_mpi *mpi;                /* rank 0 of an MPI run: runs come from the ranks */
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

/* Runs slot i of set (world_run, then the business block's cost) into out.
 * `stop` (may be NULL) is polled by the world. Returns 0 or a negative SIM_E
 * code with err filled. */
int cli_run_task(const struct run_set *set, size_t i, const volatile int *stop,
                 struct run_result *out, struct sim_error *err);

/* As cli_simulate for a set without slots (run_set_init), for slots start,
 * start + step, ... only: each run goes into its slot of store as it
 * finishes and its world's result is freed, so memory holds `jobs` results
 * at most. */
struct run_store;
int cli_simulate_store(const struct run_set *set, struct run_store *store, size_t start,
                       size_t step, int jobs, volatile int *stop, sim_progress_fn progress,
                       void *progress_ctx, struct sim_error *err);

/* ---- cli_interrupt.c: SIGINT and SIGTERM, and what they leave ---- */

/* Installs the handlers and returns the stop flag they raise (for the pool
 * and the worlds). A second signal removes every path pushed below and
 * ends the process with status 128 + the signal. */
volatile int *cli_signals_install(void);
/* The stop flag (raised by the first signal). */
volatile int *cli_stop_flag(void);
/* Whether a signal raised the flag, and the exit status it asks for (130
 * SIGINT, 143 SIGTERM). */
bool cli_stopped(void);
int cli_stop_status(void);
/* A temporary file or directory is being written at path (removed whole if
 * a second signal comes) until cli_temp_pop(path); returns its slot, -1
 * when none is free. Pushes and pops are the main thread's. */
#define CLI_TEMP_SLOTS 8
int cli_temp_push(const char *path);
void cli_temp_pop(const char *path);
/* Removes from out the temporary names that a run killed outright left
 * (directories of scenarios names[0..n-1] being written or replaced,
 * temporary files of the batch's files). Call holding out's lock. */
void cli_remove_leftovers(const char *out, const char *const *names, int n);

/* ---- cli_shard.c, cli_merge.c: shard files ---- */
/* The shard file format written and read (2: records carry the latency
 * chart's cells). */
#define CLI_SHARD_VERSION 2u

#define CLI_SHARD_KEY 32 /* SHA-256 */
struct cli_shard_header {
    int index, n;                       /* shard index of n */
    unsigned char key[CLI_SHARD_KEY];   /* what decides the results */
    uint64_t tasks;                     /* in the whole run */
    const char *cwd;                    /* where the run's paths start */
    int argc;                           /* the run's arguments (after "run") */
    char **argv;
};

/* The SHA-256 of text[0..size). */
void cli_shard_key(const char *text, size_t size, unsigned char key[CLI_SHARD_KEY]);
/* "shard-I-of-N.regionsim-shard". */
void cli_shard_name(char *buf, size_t size, int i, int n);

/* A shard file being written in dir under a temporary name: header h, then
 * cli_shard_put for each task in increasing order, then cli_shard_finish
 * with the status of the run (0: the file is completed and renamed into
 * place; else removed). Each returns NULL / a negative SIM_E code with err
 * filled on failure. */
struct cli_shard_out;
struct cli_shard_out *cli_shard_create(const char *dir, const struct cli_shard_header *h,
                                       struct sim_error *err);
int cli_shard_put(struct cli_shard_out *s, uint64_t task, const struct run_record *rec,
                  const double *timelines, struct sim_error *err);
int cli_shard_finish(struct cli_shard_out *s, int rc, struct sim_error *err);

/* Every shard of dir, checked (same version, N, key and number of tasks;
 * every index once; each complete). Returns NULL with err filled otherwise. */
struct cli_shards;
struct cli_shards *cli_shards_open(const char *dir, struct sim_error *err);
void cli_shards_close(struct cli_shards *s);
/* The header of shard 0 (the run's key, arguments and directory). */
const struct cli_shard_header *cli_shards_header(const struct cli_shards *s);
/* Puts tasks base, base + 1, ... into slots 0, 1, ... of store (every slot),
 * each read from its shard. Returns 0, or SIM_EINVAL when a shard does not
 * hold the task next or it is damaged (err says which). */
int cli_shards_fill(struct cli_shards *s, uint64_t base, struct run_store *store,
                    struct sim_error *err);

/* The run command's option parser (main.c): fills o from argv (argv[0] is
 * "run"), leaves the files at argv[optind..]; -1 to go on, else an exit
 * status. */
typedef int (*cli_parse_fn)(int argc, char **argv, struct cli_run_opts *o);
/* `regionsim merge DIR`: checks DIR's shards, enters the directory they ran
 * in, parses their command line with parse and runs it with every run read
 * from the shards, writing into DIR what the unsharded command would have.
 * Returns the exit status (as cli_run; 2 for shards that cannot be merged). */
int cli_merge_run(const char *dir, bool quiet, cli_parse_fn parse);

/* ---- cli_mpi.c: a run spread over MPI ranks ---- */

/* Runs task t of the whole command into out. Returns 0 or a negative SIM_E
 * code with err filled. */
typedef int (*cli_task_fn)(void *ctx, uint64_t t, struct run_result *out, struct sim_error *err);
struct cli_mpi;
/* Joins the MPI job when started by an MPI launcher with two ranks or more
 * (and built with MPI); NULL otherwise: run in this process alone. */
struct cli_mpi *cli_mpi_begin(void);
int cli_mpi_rank(const struct cli_mpi *m);
/* Rank 0: tasks base, base + 1, ... into slots 0, 1, ... of store, handed
 * to the other ranks one at a time as they ask. Returns 0, SIM_EINTR when
 * *stop rose (results under way are waited for), or the first error. */
int cli_mpi_fill(struct cli_mpi *m, uint64_t base, struct run_store *store, volatile int *stop,
                 sim_progress_fn progress, void *progress_ctx, struct sim_error *err);
/* Other ranks: run the tasks rank 0 sends until it says stop. Returns 0. */
int cli_mpi_work(struct cli_mpi *m, cli_task_fn run, void *ctx);
/* Leaves the job (rank 0 first stops every other rank) and frees m; NULL:
 * nothing. */
void cli_mpi_end(struct cli_mpi *m);

/* ---- cli_jobs.c: the points of a run and the tasks they number ---- */

/* One file's points: one unnamed point without a sweep. */
struct cli_job {
    struct scenario_sweep sweep;
    struct scenario_point *points;
    int n_points;
};
struct cli_jobs {
    const struct cli_job *jobs;
    int n;
};

/* The command line that reproduces point `point` of job (file `file`), its
 * paths quoted for the shell; no -j: it never changes the results. */
void cli_job_command(char *buf, size_t size, const char *file, const struct cli_run_opts *o,
                     const struct scenario *s, const struct cli_job *job, int point);
/* Runs (tasks) of points [from, to) of job. */
uint64_t cli_job_runs(const struct cli_job *job, int from, int to);
/* Runs task t of the whole command (a cli_task_fn over a struct cli_jobs). */
int cli_jobs_task(void *jobs, uint64_t t, struct run_result *out, struct sim_error *err);
/* The SHA-256 of what decides a run's results once split in `shards`: the
 * version, the number of shards, and for every point the command that
 * reproduces it and the SHA-256 of each of its input files. Returns 0 or
 * SIM_ENOMEM. */
int cli_jobs_key(char **files, int n, const struct cli_job *jobs, const struct cli_run_opts *o,
                 int shards, unsigned char key[32]);

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
/* Formats the line that ends a scenario (see progress_end) into buf,
 * `elapsed` seconds after progress_begin: for a terminal of `width`
 * columns at most width - 1 characters (without the rate, then the name
 * and the path shortened in the middle, then cut); whole when width is 0.
 * Returns its length. */
int progress_end_format(char *buf, size_t size, const struct progress *p, const char *status,
                        const char *where, double elapsed, int width);
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
 * process: exclusive, or shared (the shards of one run). Returns the lock's
 * descriptor, or a negative SIM_E code with err filled: SIM_EINVAL when
 * another run holds it. */
int cli_lock_out(const char *out, bool shared, struct sim_error *err);

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
