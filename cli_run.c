/* The run command: load and check every scenario file, then for each
 * scenario simulate its runs (world_run on the pool), summarise them and
 * write its results. Invariant: nothing runs or is written before every file
 * has been validated; a scenario's results appear complete or not at all. */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "models/business.h"
#include "models/run_store.h"
#include "models/strategies/registry.h"
#include "models/world.h"
#include "plots/plot.h"
#include "plots/sweep.h"
#include "scenarios/loader/loader.h"
#include "sim/batch.h"

int cli_run_task(const struct run_set *set, size_t i, const volatile int *stop,
                 struct run_result *out, struct sim_error *err)
{
    static const int never = 0;
    int rep;
    int k;
    run_set_slot(set, i, &rep, &k);
    memset(out, 0, sizeof *out);
    int rc = world_run(set->scenario, k, rep, out, stop ? stop : &never, err);
    if (rc == 0) {
        /* the slot names its run whatever the world wrote there */
        out->strategy = k;
        out->replication = rep;
        business_fill(set->scenario, out);
    }
    return rc;
}

struct simulate_ctx {
    struct run_set *set;
    struct run_store *store; /* NULL: into set->runs */
    size_t start, step;      /* batch task j is slot start + j * step */
    const volatile int *stop;
};

/* Slot i: world_run writes only set->runs[i], or a result of the task's own
 * that goes into slot i of the store and is freed. */
static int simulate_task(void *vctx, size_t i, struct sim_error *err)
{
    struct simulate_ctx *c = vctx;
    i = c->start + i * c->step;
    if (c->store == NULL)
        return cli_run_task(c->set, i, c->stop, &c->set->runs[i], err);
    struct run_result *r = malloc(sizeof *r);
    if (r == NULL)
        return sim_error_set(err, SIM_ENOMEM, c->set->scenario->file, 0, 0, "out of memory");
    int rc = cli_run_task(c->set, i, c->stop, r, err);
    if (rc == 0)
        rc = run_store_put_result(c->store, i, r, err);
    free(r);
    return rc;
}

static int simulate(struct simulate_ctx *c, int jobs, volatile int *stop, sim_progress_fn progress,
                    void *progress_ctx, struct sim_error *err)
{
    const struct sim_batch b = {.n = c->set->n_runs > c->start
                                         ? (c->set->n_runs - c->start + c->step - 1) / c->step
                                         : 0,
                                .jobs = jobs,
                                .task = simulate_task,
                                .task_ctx = c,
                                .progress = progress,
                                .progress_ctx = progress_ctx,
                                .stop = stop,
                                .file = c->set->scenario->file};
    return sim_batch_run(&b, err);
}

int cli_simulate(struct run_set *set, int jobs, volatile int *stop, sim_progress_fn progress,
                 void *progress_ctx, struct sim_error *err)
{
    struct simulate_ctx c = {.set = set, .step = 1, .stop = stop};
    return simulate(&c, jobs, stop, progress, progress_ctx, err);
}

int cli_simulate_store(const struct run_set *set, struct run_store *store, size_t start,
                       size_t step, int jobs, volatile int *stop, sim_progress_fn progress,
                       void *progress_ctx, struct sim_error *err)
{
    struct run_set plan = *set;
    struct simulate_ctx c = {
        .set = &plan, .store = store, .start = start, .step = step, .stop = stop};
    return simulate(&c, jobs, stop, progress, progress_ctx, err);
}

struct run_progress_ctx {
    struct progress *pr;
    double horizon_s;
};

static void run_progress(void *vctx, size_t done, size_t total)
{
    struct run_progress_ctx *c = vctx;
    progress_update(c->pr, done, total, (double)done * c->horizon_s);
}

/* Summarises the runs of set in store and writes them to dir; with w, also
 * adds them as point p of the sweep. Returns 0 or a negative SIM_E code with
 * err filled. */
static int write_one(const struct run_set *set, const struct run_store *store, const char *file,
                     const struct cli_run_opts *o,
                     const struct cli_job *job, int p, const char *dir,
                     struct report_index_entry *entry, struct sweep_result *w,
                     struct sim_error *err)
{
    const struct scenario *s = set->scenario;
    char command[1024];
    cli_job_command(command, sizeof command, file, o, s, job, p);
    struct summary *r = summary_of_store(s, store, command);
    int rc;
    if (r == NULL)
        rc = sim_error_set(err, SIM_ENOMEM, NULL, 0, 0, "out of memory for the report");
    else
        rc = cli_write_results(r, dir, s->report.formats, err);
    if (rc == 0 && w)
        sweep_result_add(w, p, r);
    else if (rc == 0)
        report_index_entry_fill(entry, r);
    summary_free(r);
    return rc;
}

/* Puts the runs of set, whose slot 0 is task `base` of the whole run, into
 * store: read from the shards (merge) or simulated here. */
static int fill_point(const struct run_set *set, struct run_store *store, uint64_t base,
                      const struct cli_run_opts *o, struct run_progress_ctx *pc,
                      struct sim_error *err)
{
    if (o->merge) {
        int rc = cli_shards_fill(o->merge, base, store, err);
        run_progress(pc, set->n_runs, set->n_runs);
        return rc;
    }
    if (o->mpi)
        return cli_mpi_fill(o->mpi, base, store, cli_stop_flag(), run_progress, pc, err);
    return cli_simulate_store(set, store, 0, 1, o->jobs, cli_stop_flag(), run_progress, pc, err);
}

/* Simulates point p of job (its first task is `base`) and writes its
 * results to dir (and into w). Returns 0, 1 (a run or a write failed) or -1
 * (interrupted). */
static int run_point(const struct cli_job *job, int p, uint64_t base, const char *file,
                     const struct cli_run_opts *o, const char *dir, const char *shown,
                     struct progress *pr, struct report_index_entry *entry, struct sweep_result *w)
{
    const struct scenario *s = &job->points[p].s;
    struct sim_error err = {0};
    struct run_set set;
    struct run_store *store = NULL;
    /* the runs' timelines wait in a temporary file of the output directory */
    if (run_set_init(&set, s, &err) != 0 || (store = run_store_new(set.n_runs, o->out, &err)) == NULL) {
        fprintf(stderr, "regionsim: %s: %s\n", file, err.message);
        return 1;
    }
    char name[2 * SCENARIO_NAME_MAX];
    snprintf(name, sizeof name, "%s%s%s", s->name, w ? "/" : "", job->points[p].name);
    progress_begin(pr, name, pr->index, pr->count, set.n_runs);
    struct run_progress_ctx pc = {pr, sim_time_to_sec(s->horizon)};
    int rc = fill_point(&set, store, base, o, &pc, &err);
    if (rc == SIM_EINTR || cli_stopped()) {
        progress_end(pr, "interrupted", NULL);
        run_store_free(store);
        return -1;
    }
    if (rc == 0)
        rc = write_one(&set, store, file, o, job, p, dir, entry, w, &err);
    progress_end(pr, rc == 0 ? "done" : "failed", rc == 0 ? shown : NULL);
    if (rc != 0)
        fprintf(stderr, "regionsim: %s: %s\n", file, err.message);
    run_store_free(store);
    return rc == 0 ? 0 : 1;
}

/* Runs every point of a sweep into a directory built beside dir, adds
 * sweep.csv and the sweep report, and swaps it in whole. Returns 0, 1 (a
 * run or a write failed) or -1 (interrupted). */
static int run_sweep(const struct cli_job *job, uint64_t base, const char *file,
                     const struct cli_run_opts *o, const char *dir, struct progress *pr,
                     struct report_index_entry *entry)
{
    struct sim_error err = {0};
    char fresh[4096];
    struct sweep_result *w = sweep_result_new(&job->sweep, job->points, job->n_points);
    int rc = w ? cli_stage_begin(dir, fresh, sizeof fresh, &err)
               : sim_error_set(&err, SIM_ENOMEM, NULL, 0, 0, "out of memory for the sweep");
    if (rc != 0) {
        fprintf(stderr, "regionsim: %s: %s\n", file, err.message);
        sweep_result_free(w);
        return 1;
    }
    int r = 0;
    for (int p = 0; p < job->n_points && r == 0; p++) {
        char pdir[8192], shown[8192];
        snprintf(pdir, sizeof pdir, "%s/points/%s", fresh, job->points[p].name);
        snprintf(shown, sizeof shown, "%s/points/%s", dir, job->points[p].name);
        r = run_point(job, p, base, file, o, pdir, shown, pr, NULL, w);
        base += cli_job_runs(job, p, p + 1);
    }
    rc = r != 0 ? SIM_EINTR : cli_write_sweep(w, fresh, job->points[0].s.report.formats, &err);
    rc = cli_stage_end(fresh, dir, rc, &err);
    if (r == 0 && rc != 0) {
        fprintf(stderr, "regionsim: %s: %s\n", file, err.message);
        r = 1;
    }
    entry->complete = r == 0;
    sweep_result_free(w);
    return r;
}

/* Loads file i into jobs[i] with the command line's overrides and axes, and
 * checks its name can be a directory distinct from the others'. Returns the
 * number of errors printed. */
static int load_one(char **files, int i, struct cli_job *jobs, const struct cli_run_opts *o,
                    struct report_index_entry *entry)
{
    int bad = 0;
    struct cli_job *job = &jobs[i];
    if (scenario_load_sweep(files[i], o->sets, o->n_sets, o->sweep, &job->sweep, &job->points,
                            &job->n_points, stderr) != 0)
        return 1;
    const struct scenario *s = &job->points[0].s;
    if (s->name[0] == '\0' || s->name[0] == '.' || strchr(s->name, '/')) {
        fprintf(stderr, "%s: error: scenario name '%s' cannot name a directory\n", files[i],
                s->name);
        bad++;
    }
    for (int j = 0; j < i; j++)
        if (jobs[j].points && strcmp(s->name, jobs[j].points[0].s.name) == 0) {
            fprintf(stderr,
                    "%s: error: scenario '%s' is also in %s; names must differ (give one "
                    "--set scenario=NAME, or sweep the key instead)\n",
                    files[i], s->name, files[j]);
            bad++;
        }
    int k = o->unmet_strategy ? strategy_find(o->unmet_strategy) : -1;
    if (k >= 0 && !s->strategies[k].enabled) {
        fprintf(stderr, "%s: error: --fail-on-unmet %s: the scenario does not simulate it\n",
                files[i], o->unmet_strategy);
        bad++;
    }
    for (int p = 0; p < job->n_points; p++) {
        struct scenario *ps = &job->points[p].s;
        if (o->replications)
            ps->replications = o->replications;
        if (o->seed_set)
            ps->seed = o->seed;
        if (o->formats_set)
            ps->report.formats = o->formats;
    }
    snprintf(entry->name, sizeof entry->name, "%s", s->name);
    snprintf(entry->description, sizeof entry->description, "%s", s->description);
    entry->sweep = job->sweep.n_axes > 0;
    return bad;
}

/* With --fail-on-unmet: true (and says so) when no strategy of the results
 * in dir, or not the named one, meets every target; for a sweep, when that
 * holds at every point (the gate passes when some point meets). */
static bool unmet(const struct cli_job *job, const char *dir, const char *name,
                  const struct cli_run_opts *o)
{
    if (!o->fail_on_unmet)
        return false;
    bool met = job->sweep.n_axes == 0 && cli_results_meet(dir, o->unmet_strategy) != 0;
    for (int p = 0; job->sweep.n_axes && p < job->n_points && !met; p++) {
        char point[4096 + 8 + SCENARIO_NAME_MAX];
        if ((size_t)snprintf(point, sizeof point, "%s/points/%s", dir, job->points[p].name) <
            sizeof point)
            met = cli_results_meet(point, o->unmet_strategy) == 1;
    }
    if (met)
        return false;
    const char *where = job->sweep.n_axes ? " at any point of the sweep" : "";
    if (o->unmet_strategy)
        fprintf(stderr, "regionsim: %s: %s does not meet every target%s\n", name,
                o->unmet_strategy, where);
    else
        fprintf(stderr, "regionsim: %s: no strategy meets every target%s\n", name, where);
    return true;
}

/* Whether --resume may skip job: its results in dir are complete and
 * current. */
static bool resumable(const struct cli_job *job, const char *dir, struct report_index_entry *e)
{
    if (job->sweep.n_axes == 0)
        return cli_resume_ok(dir, &job->points[0].s, e);
    return cli_resume_sweep_ok(dir, &job->sweep, job->points, job->n_points) &&
           (e->complete = true);
}

/* Runs every scenario in turn, skipping those --resume finds current.
 * Returns the exit status so far: 0, 1 (a run failed) or 3 (unmet). */
static int run_all(char **files, int n, const struct cli_job *jobs, const struct cli_run_opts *o,
                   struct report_index_entry *entries)
{
    struct progress pr;
    progress_init(&pr, stderr, o->quiet);
    bool failed = false, missed = false;
    uint64_t base = 0; /* the first task of file i */
    for (int i = 0; i < n && !cli_stopped(); base += cli_job_runs(&jobs[i], 0, jobs[i].n_points), i++) {
        const char *name = jobs[i].points[0].s.name;
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/%s", o->out, name);
        pr.index = i + 1;
        pr.count = n;
        if (o->resume && resumable(&jobs[i], dir, &entries[i])) {
            progress_begin(&pr, name, i + 1, n, 0);
            progress_end(&pr, "up to date, skipped", dir);
        } else {
            int r = jobs[i].sweep.n_axes
                        ? run_sweep(&jobs[i], base, files[i], o, dir, &pr, &entries[i])
                        : run_point(&jobs[i], 0, base, files[i], o, dir, dir, &pr, &entries[i],
                                    NULL);
            if (r < 0)
                break;
            failed |= r > 0;
            if (r > 0)
                continue;
        }
        missed |= unmet(&jobs[i], dir, name, o);
    }
    return failed ? 1 : missed ? 3 : 0;
}

/* Runs point p's tasks of this shard (slot 0 is task `base`) and appends
 * them to out. Returns 0 or a negative SIM_E code with err filled. */
static int shard_point(const struct cli_job *job, int p, uint64_t base, struct cli_shard_out *out,
                       const struct cli_run_opts *o, struct progress *pr, struct sim_error *err)
{
    const struct scenario *s = &job->points[p].s;
    struct run_set set;
    struct run_store *store = NULL;
    int rc = run_set_init(&set, s, err);
    if (rc == 0 && (store = run_store_new(set.n_runs, o->out, err)) == NULL)
        rc = SIM_ENOMEM;
    double *tl = rc == 0 ? malloc(RUN_TIMELINE_VALUES * sizeof *tl) : NULL;
    if (rc == 0 && tl == NULL)
        rc = sim_error_set(err, SIM_ENOMEM, NULL, 0, 0, "out of memory");
    uint64_t n = (uint64_t)o->shard_count;
    size_t start = (size_t)((n - base % n + (uint64_t)o->shard_index) % n);
    if (rc == 0) {
        char name[2 * SCENARIO_NAME_MAX];
        snprintf(name, sizeof name, "%s%s%s", s->name, job->sweep.n_axes ? "/" : "",
                 job->points[p].name);
        progress_begin(pr, name, pr->index, pr->count,
                       set.n_runs > start ? (set.n_runs - start + n - 1) / n : 0);
        struct run_progress_ctx pc = {pr, sim_time_to_sec(s->horizon)};
        rc = cli_simulate_store(&set, store, start, (size_t)n, o->jobs, cli_stop_flag(),
                                run_progress, &pc, err);
        progress_end(pr, rc == 0 ? "done" : cli_stopped() ? "interrupted" : "failed", NULL);
    }
    for (size_t i = start; rc == 0 && i < set.n_runs; i += (size_t)n) {
        rc = run_store_read(store, i, 0, RUN_TIMELINE_VALUES, tl, err);
        if (rc == 0)
            rc = cli_shard_put(out, base + i, &run_store_records(store)[i], tl, err);
    }
    free(tl);
    run_store_free(store);
    return rc;
}

/* --shard I/N: runs every task t of the whole run with t % N == I into
 * out/shard-I-of-N.regionsim-shard. Returns the exit status: 0, 1 (a run or
 * the write failed) or 128 + the signal. */
static int run_shard(char **files, int n, const struct cli_job *jobs, const struct cli_run_opts *o)
{
    struct sim_error err = {0};
    char cwd[4096];
    struct cli_shard_header h = {.index = o->shard_index, .n = o->shard_count, .cwd = cwd,
                                 .argc = o->argc, .argv = o->argv};
    for (int i = 0; i < n; i++)
        h.tasks += cli_job_runs(&jobs[i], 0, jobs[i].n_points);
    int rc = getcwd(cwd, sizeof cwd) ? 0 : cli_os_error(&err, "read", "the working directory", errno);
    if (rc == 0 && cli_jobs_key(files, n, jobs, o, o->shard_count, h.key) != 0)
        rc = sim_error_set(&err, SIM_ENOMEM, NULL, 0, 0, "out of memory");
    struct cli_shard_out *out = rc == 0 ? cli_shard_create(o->out, &h, &err) : NULL;
    if (rc == 0 && out == NULL)
        rc = SIM_EIO;
    struct progress pr;
    progress_init(&pr, stderr, o->quiet);
    uint64_t base = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        pr.index = i + 1;
        pr.count = n;
        for (int p = 0; p < jobs[i].n_points && rc == 0; p++) {
            rc = shard_point(&jobs[i], p, base, out, o, &pr, &err);
            base += cli_job_runs(&jobs[i], p, p + 1);
        }
    }
    if (out)
        rc = cli_shard_finish(out, cli_stopped() ? SIM_EINTR : rc, &err);
    if (cli_stopped())
        return cli_stop_status();
    if (rc != 0)
        fprintf(stderr, "regionsim: %s\n", err.message);
    else if (!o->quiet)
        fprintf(stderr, "regionsim: shard %d of %d written to %s/\n", o->shard_index,
                o->shard_count, o->out);
    return rc == 0 ? 0 : 1;
}

/* merge: the shards were made by this very command from these very files. */
static bool shards_match(char **files, int n, const struct cli_job *jobs,
                         const struct cli_run_opts *o)
{
    unsigned char key[CLI_SHARD_KEY];
    const struct cli_shard_header *h = cli_shards_header(o->merge);
    if (cli_jobs_key(files, n, jobs, o, h->n, key) == 0 && memcmp(key, h->key, sizeof key) == 0)
        return true;
    fprintf(stderr,
            "regionsim: %s: the shards do not match the scenario files as they are now (a "
            "file, or regionsim itself, changed since the shards ran); run the shards again\n",
            o->out);
    return false;
}

/* Checks and locks the output directory before anything runs. Returns the
 * lock's descriptor, or -1 after printing why. */
static int claim_out(const struct cli_job *jobs, int n, const struct cli_run_opts *o)
{
    const char **names = calloc((size_t)n, sizeof *names);
    struct sim_error err = {0};
    int rc = names ? 0 : sim_error_set(&err, SIM_ENOMEM, NULL, 0, 0, "out of memory");
    for (int i = 0; rc == 0 && i < n; i++)
        names[i] = jobs[i].points[0].s.name;
    if (rc == 0)
        rc = cli_prepare_out(o->out, names, n, &err);
    if (rc == 0) /* shards of one run share the directory; a run or a merge holds it */
        rc = cli_lock_out(o->out, o->shard_count > 0, &err);
    if (rc >= 0 && o->shard_count == 0)
        cli_remove_leftovers(o->out, names, n);
    free(names);
    if (rc < 0)
        fprintf(stderr, "regionsim: %s\n", err.message);
    return rc < 0 ? -1 : rc;
}

static void free_jobs(struct cli_job *jobs, int n)
{
    for (int i = 0; jobs && i < n; i++)
        free(jobs[i].points);
    free(jobs);
}

static int run_loaded(char **files, int n, struct cli_job *jobs, const struct cli_run_opts *o,
                      struct report_index_entry *entries);

int cli_run(char **files, int n, const struct cli_run_opts *opts)
{
    struct cli_run_opts o = *opts;
    o.mpi = o.shard_count || o.merge ? NULL : cli_mpi_begin();
    if (cli_mpi_rank(o.mpi) > 0) /* rank 0 says what is wrong, once */
        (void)!freopen("/dev/null", "w", stderr);
    struct cli_job *jobs = calloc((size_t)n, sizeof *jobs);
    struct report_index_entry *entries = calloc((size_t)n, sizeof *entries);
    int status = 1;
    if (jobs == NULL || entries == NULL) {
        fprintf(stderr, "regionsim: out of memory\n");
    } else if (cli_mpi_rank(o.mpi) > 0) {
        for (int i = 0; i < n; i++)
            load_one(files, i, jobs, &o, &entries[i]);
        cli_signals_install();
        struct cli_jobs c = {jobs, n};
        status = cli_mpi_work(o.mpi, cli_jobs_task, &c);
    } else {
        status = run_loaded(files, n, jobs, &o, entries);
    }
    cli_mpi_end(o.mpi);
    free_jobs(jobs, n);
    free(entries);
    return status;
}

/* The run of every file once jobs and entries are allocated (rank 0, or
 * without MPI): load and check, then shard, or run and write. */
static int run_loaded(char **files, int n, struct cli_job *jobs, const struct cli_run_opts *o,
                      struct report_index_entry *entries)
{
    /* every file (every point of a sweep) is validated before anything runs
     * or is written */
    int bad = 0;
    for (int i = 0; i < n; i++)
        bad += load_one(files, i, jobs, o, &entries[i]);
    if (bad == 0 && o->merge && !shards_match(files, n, jobs, o))
        bad++;
    int lock = bad ? -1 : claim_out(jobs, n, o);
    if (lock < 0)
        return 2;
    cli_signals_install();
    if (o->shard_count > 0) {
        int status = run_shard(files, n, jobs, o);
        close(lock);
        return status;
    }
    int status = run_all(files, n, jobs, o, entries);
    if (n > 1) {
        struct sim_error err = {0};
        if (cli_write_index(o->out, entries, n, &err) != 0) {
            fprintf(stderr, "regionsim: %s\n", err.message);
            status = 1;
        }
    }
    if (cli_stopped()) {
        fprintf(stderr, "regionsim: interrupted; finished scenarios keep complete results\n");
        status = cli_stop_status();
    }
    close(lock);
    plot_library_fini();
    return status;
}
