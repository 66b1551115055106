/* The run command: load and check every scenario file, then for each
 * scenario simulate its runs (world_run on the pool), summarise them and
 * write its results. Invariant: nothing runs or is written before every file
 * has been validated; a scenario's results appear complete or not at all. */
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "models/business.h"
#include "models/strategies/registry.h"
#include "models/world.h"
#include "plots/plot.h"
#include "plots/sweep.h"
#include "scenarios/loader/loader.h"
#include "sim/batch.h"

/* One file's points: one unnamed point without a sweep. */
struct run_job {
    struct scenario_sweep sweep;
    struct scenario_point *points;
    int n_points;
};

struct simulate_ctx {
    struct run_set *set;
    const volatile int *stop;
};

/* Slot i of the set: world_run writes only runs[i]. */
static int simulate_task(void *vctx, size_t i, struct sim_error *err)
{
    struct simulate_ctx *c = vctx;
    struct run_set *set = c->set;
    int rep;
    int k;
    run_set_slot(set, i, &rep, &k);
    memset(&set->runs[i], 0, sizeof set->runs[i]);
    int rc = world_run(set->scenario, k, rep, &set->runs[i], c->stop, err);
    if (rc == 0) {
        /* the slot names its run whatever the world wrote there */
        set->runs[i].strategy = k;
        set->runs[i].replication = rep;
        business_fill(set->scenario, &set->runs[i]);
    }
    return rc;
}

int cli_simulate(struct run_set *set, int jobs, volatile int *stop, sim_progress_fn progress,
                 void *progress_ctx, struct sim_error *err)
{
    static const int never = 0;
    struct simulate_ctx c = {.set = set, .stop = stop ? stop : &never};
    const struct sim_batch b = {.n = set->n_runs,
                                .jobs = jobs,
                                .task = simulate_task,
                                .task_ctx = &c,
                                .progress = progress,
                                .progress_ctx = progress_ctx,
                                .stop = stop,
                                .file = set->scenario->file};
    return sim_batch_run(&b, err);
}

/* Set by SIGINT/SIGTERM; polled by the pool and by every world. */
static volatile sig_atomic_t run_stop;
/* The signal that set run_stop: the exit status is 128 + it. */
static volatile sig_atomic_t run_signal;

static void on_signal(int sig)
{
    run_signal = sig;
    run_stop = 1;
}

/* text as one shell word: as it is when it holds only characters no shell
 * treats specially, else in single quotes ('\'' for a quote). */
static void shell_word(char *buf, size_t size, const char *text)
{
    static const char safe[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                               "0123456789_-./:,+=@%";
    if (text[0] != '\0' && text[strspn(text, safe)] == '\0') {
        snprintf(buf, size, "%s", text);
        return;
    }
    size_t n = 0;
    buf[n++] = '\'';
    for (; *text && n + 5 < size; text++) {
        if (*text == '\'') {
            memcpy(buf + n, "'\\''", 4);
            n += 4;
        } else {
            buf[n++] = *text;
        }
    }
    buf[n++] = '\'';
    buf[n] = '\0';
}

/* The command line that reproduces scenario s's results (no -j: it never
 * changes them), its paths quoted for the shell. */
static void run_command(char *buf, size_t size, const char *file, const struct cli_run_opts *o,
                        const struct scenario *s, const struct run_job *job, int point)
{
    char qfile[1100], qout[1100];
    shell_word(qfile, sizeof qfile, file);
    shell_word(qout, sizeof qout, o->out);
    int n = snprintf(buf, size, "regionsim run %s -o %s -n %d --seed %" PRIu64, qfile, qout,
                     s->replications, s->seed);
    if (o->formats_set && n > 0 && (size_t)n < size) {
        const char *sep = " --format ";
        static const char *const names[] = {"png", "svg", "pdf"};
        for (int i = 0; i < 3; i++)
            if (s->report.formats & (1u << i)) {
                n += snprintf(buf + n, size - (size_t)n, "%s%s", sep, names[i]);
                sep = ",";
                if (n < 0 || (size_t)n >= size)
                    break;
            }
    }
    /* the overrides, then the point's values as overrides */
    for (int i = 0; n > 0 && (size_t)n < size && i < o->n_sets + job->sweep.n_axes; i++) {
        char kv[SCENARIO_KEY_MAX + SCENARIO_VALUE_MAX + 2], q[2 * sizeof kv];
        if (i < o->n_sets)
            snprintf(kv, sizeof kv, "%s=%s", o->sets[i].path, o->sets[i].value);
        else {
            int a = i - o->n_sets;
            snprintf(kv, sizeof kv, "%s=%s", job->sweep.path[a],
                     job->sweep.value[a][job->points[point].value[a]]);
        }
        shell_word(q, sizeof q, kv);
        n += snprintf(buf + n, size - (size_t)n, " --set %s", q);
    }
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

/* Summarises set and writes it to dir; with w, also adds it as point p of
 * the sweep. Returns 0 or a negative SIM_E code with err filled. */
static int write_one(const struct run_set *set, const char *file, const struct cli_run_opts *o,
                     const struct run_job *job, int p, const char *dir,
                     struct report_index_entry *entry, struct sweep_result *w,
                     struct sim_error *err)
{
    const struct scenario *s = set->scenario;
    char command[1024];
    run_command(command, sizeof command, file, o, s, job, p);
    struct summary *r = summary_new(s, set->runs, set->n_runs, command);
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

/* Simulates point p of job and writes its results to dir (and into w).
 * Returns 0, 1 (a run or a write failed) or -1 (interrupted). */
static int run_point(const struct run_job *job, int p, const char *file,
                     const struct cli_run_opts *o, const char *dir, const char *shown,
                     struct progress *pr, struct report_index_entry *entry, struct sweep_result *w)
{
    const struct scenario *s = &job->points[p].s;
    struct sim_error err = {0};
    struct run_set *set = run_set_new(s, &err);
    if (set == NULL) {
        fprintf(stderr, "regionsim: %s: %s\n", file, err.message);
        return 1;
    }
    char name[2 * SCENARIO_NAME_MAX];
    snprintf(name, sizeof name, "%s%s%s", s->name, w ? "/" : "", job->points[p].name);
    progress_begin(pr, name, pr->index, pr->count, set->n_runs);
    struct run_progress_ctx pc = {pr, sim_time_to_sec(s->horizon)};
    int rc = cli_simulate(set, o->jobs, &run_stop, run_progress, &pc, &err);
    if (rc == SIM_EINTR || run_stop) {
        progress_end(pr, "interrupted", NULL);
        run_set_free(set);
        return -1;
    }
    if (rc == 0)
        rc = write_one(set, file, o, job, p, dir, entry, w, &err);
    progress_end(pr, rc == 0 ? "done" : "failed", rc == 0 ? shown : NULL);
    if (rc != 0)
        fprintf(stderr, "regionsim: %s: %s\n", file, err.message);
    run_set_free(set);
    return rc == 0 ? 0 : 1;
}

/* Runs every point of a sweep into a directory built beside dir, adds
 * sweep.csv and the sweep report, and swaps it in whole. Returns 0, 1 (a
 * run or a write failed) or -1 (interrupted). */
static int run_sweep(const struct run_job *job, const char *file, const struct cli_run_opts *o,
                     const char *dir, struct progress *pr, struct report_index_entry *entry)
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
        r = run_point(job, p, file, o, pdir, shown, pr, NULL, w);
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
static int load_one(char **files, int i, struct run_job *jobs, const struct cli_run_opts *o,
                    struct report_index_entry *entry)
{
    int bad = 0;
    struct run_job *job = &jobs[i];
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
static bool unmet(const struct run_job *job, const char *dir, const char *name,
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
static bool resumable(const struct run_job *job, const char *dir, struct report_index_entry *e)
{
    if (job->sweep.n_axes == 0)
        return cli_resume_ok(dir, &job->points[0].s, e);
    return cli_resume_sweep_ok(dir, &job->sweep, job->points, job->n_points) &&
           (e->complete = true);
}

/* Runs every scenario in turn, skipping those --resume finds current.
 * Returns the exit status so far: 0, 1 (a run failed) or 3 (unmet). */
static int run_all(char **files, int n, const struct run_job *jobs, const struct cli_run_opts *o,
                   struct report_index_entry *entries)
{
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sa.sa_flags = (int)SA_RESETHAND; /* a second Ctrl-C ends the process at once */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    struct progress pr;
    progress_init(&pr, stderr, o->quiet);
    bool failed = false, missed = false;
    for (int i = 0; i < n && !run_stop; i++) {
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
                        ? run_sweep(&jobs[i], files[i], o, dir, &pr, &entries[i])
                        : run_point(&jobs[i], 0, files[i], o, dir, dir, &pr, &entries[i], NULL);
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

/* Checks and locks the output directory before anything runs. Returns the
 * lock's descriptor, or -1 after printing why. */
static int claim_out(const struct run_job *jobs, int n, const struct cli_run_opts *o)
{
    const char **names = calloc((size_t)n, sizeof *names);
    struct sim_error err = {0};
    int rc = names ? 0 : sim_error_set(&err, SIM_ENOMEM, NULL, 0, 0, "out of memory");
    for (int i = 0; rc == 0 && i < n; i++)
        names[i] = jobs[i].points[0].s.name;
    if (rc == 0)
        rc = cli_prepare_out(o->out, names, n, &err);
    if (rc == 0)
        rc = cli_lock_out(o->out, &err);
    free(names);
    if (rc < 0)
        fprintf(stderr, "regionsim: %s\n", err.message);
    return rc < 0 ? -1 : rc;
}

static void free_jobs(struct run_job *jobs, int n)
{
    for (int i = 0; jobs && i < n; i++)
        free(jobs[i].points);
    free(jobs);
}

int cli_run(char **files, int n, const struct cli_run_opts *o)
{
    /* every file (every point of a sweep) is validated before anything runs
     * or is written */
    struct run_job *jobs = calloc((size_t)n, sizeof *jobs);
    struct report_index_entry *entries = calloc((size_t)n, sizeof *entries);
    if (jobs == NULL || entries == NULL) {
        free(jobs);
        free(entries);
        fprintf(stderr, "regionsim: out of memory\n");
        return 1;
    }
    int bad = 0;
    for (int i = 0; i < n; i++)
        bad += load_one(files, i, jobs, o, &entries[i]);
    int lock = bad ? -1 : claim_out(jobs, n, o);
    if (lock < 0) {
        free_jobs(jobs, n);
        free(entries);
        return 2;
    }
    int status = run_all(files, n, jobs, o, entries);
    if (n > 1) {
        struct sim_error err = {0};
        if (cli_write_index(o->out, entries, n, &err) != 0) {
            fprintf(stderr, "regionsim: %s\n", err.message);
            status = 1;
        }
    }
    if (run_stop) {
        fprintf(stderr, "regionsim: interrupted; finished scenarios keep complete results\n");
        status = 128 + (run_signal ? run_signal : SIGINT);
    }
    close(lock);
    free_jobs(jobs, n);
    free(entries);
    plot_library_fini();
    return status;
}
