/* A run's jobs: the points of each file, the tasks they number (task t of
 * the whole command is a slot of a point, counted across files and points
 * in order), the command line that reproduces each point and the key that
 * a sharded run is known by. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

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
void cli_job_command(char *buf, size_t size, const char *file, const struct cli_run_opts *o,
                     const struct scenario *s, const struct cli_job *job, int point)
{
    char qfile[1100], qout[1100];
    shell_word(qfile, sizeof qfile, file);
    shell_word(qout, sizeof qout, o->command_out ? o->command_out : o->out);
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

/* Runs (tasks) of points [from, to) of job. */
uint64_t cli_job_runs(const struct cli_job *job, int from, int to)
{
    uint64_t n = 0;
    for (int p = from; p < to; p++) {
        struct run_set set;
        if (run_set_init(&set, &job->points[p].s, NULL) == 0)
            n += set.n_runs;
    }
    return n;
}

/* The SHA-256 of what decides a sharded run's results: the version, the
 * number of shards, and for every point the command that reproduces it
 * (files, -o, -n, --seed, --format, --set and the point's values) and the
 * SHA-256 of each file it was made from. Returns 0 or SIM_ENOMEM. */
int cli_jobs_key(char **files, int n, const struct cli_job *jobs, const struct cli_run_opts *o,
                 int shards, unsigned char key[CLI_SHARD_KEY])
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    if (f == NULL)
        return SIM_ENOMEM;
    fprintf(f, "regionsim %s, %d shards\n", REGIONSIM_VERSION, shards);
    for (int i = 0; i < n; i++)
        for (int p = 0; p < jobs[i].n_points; p++) {
            const struct scenario *s = &jobs[i].points[p].s;
            char command[1024];
            cli_job_command(command, sizeof command, files[i], o, s, &jobs[i], p);
            fprintf(f, "%s\n", command);
            for (int k = 0; k < s->n_inputs; k++)
                fprintf(f, "  %s %s\n", s->inputs[k].sha256, s->inputs[k].file);
        }
    if (fclose(f) != 0) {
        free(text);
        return SIM_ENOMEM;
    }
    cli_shard_key(text, size, key);
    free(text);
    return 0;
}

/* Task t of the whole command (cli_task_fn): the point and slot it names. */
int cli_jobs_task(void *vctx, uint64_t t, struct run_result *out, struct sim_error *err)
{
    const struct cli_jobs *c = vctx;
    for (int i = 0; i < c->n; i++)
        for (int p = 0; p < c->jobs[i].n_points; p++) {
            struct run_set set;
            if (c->jobs[i].points == NULL)
                return sim_error_set(err, SIM_EINVAL, NULL, 0, 0, "the scenarios did not load");
            if (run_set_init(&set, &c->jobs[i].points[p].s, err) != 0)
                return SIM_EINVAL;
            if (t < set.n_runs)
                return cli_run_task(&set, (size_t)t, cli_stop_flag(), out, err);
            t -= set.n_runs;
        }
    return sim_error_set(err, SIM_EINVAL, NULL, 0, 0, "no task %" PRIu64, t);
}
