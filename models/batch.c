/* The batch runner. Invariant: task i writes only runs[i] and errors[i]; the
 * task index alone decides (replication, strategy), so scheduling never
 * changes a result. */
#include "models/batch.h"

#include <stdlib.h>
#include <string.h>

#include "models/strategies/registry.h"
#include "models/world.h"
#include "sim/pool.h"

struct batch_task_ctx {
    struct batch *b;
    volatile int *stop;
    struct sim_error *errors; /* one per task */
    batch_progress_fn progress;
    void *progress_ctx;
    double horizon_s;
};

static int batch_task(void *vctx, size_t i)
{
    struct batch_task_ctx *c = vctx;
    struct batch *b = c->b;
    int rep = (int)(i / (size_t)b->n_strategies);
    int k = b->strategies[i % (size_t)b->n_strategies];
    static const int never = 0;
    const volatile int *stop = c->stop ? c->stop : &never;
    memset(&b->runs[i], 0, sizeof b->runs[i]);
    int rc = world_run(b->scenario, k, rep, &b->runs[i], stop, &c->errors[i]);
    if (rc == 0) {
        /* the slot names its run whatever the world wrote there */
        b->runs[i].strategy = k;
        b->runs[i].replication = rep;
    }
    return rc;
}

static void batch_task_progress(void *vctx, size_t done, size_t total)
{
    struct batch_task_ctx *c = vctx;
    if (c->progress)
        c->progress(c->progress_ctx, done, total, (double)done * c->horizon_s);
}

struct batch *batch_new(const struct scenario *s, struct sim_error *err)
{
    struct batch *b = calloc(1, sizeof *b);
    if (b == NULL) {
        sim_error_set(err, SIM_ENOMEM, s->file, 0, 0, "out of memory");
        return NULL;
    }
    b->scenario = s;
    for (int k = 0; k < strategy_count(); k++)
        if (s->strategies[k].enabled)
            b->strategies[b->n_strategies++] = k;
    b->replications = s->replications;
    if (b->n_strategies == 0 || b->replications < 1) {
        sim_error_set(err, SIM_EINVAL, s->file, 0, 0, "%s: %s", s->name,
                      b->n_strategies == 0 ? "no strategy to simulate"
                                           : "replications must be at least 1");
        free(b);
        return NULL;
    }
    b->n_runs = (size_t)b->replications * (size_t)b->n_strategies;
    b->runs = calloc(b->n_runs, sizeof *b->runs);
    if (b->runs == NULL) {
        sim_error_set(err, SIM_ENOMEM, s->file, 0, 0,
                      "%s: out of memory for %zu runs (%zu MB); use fewer replications", s->name,
                      b->n_runs, b->n_runs * sizeof *b->runs >> 20);
        free(b);
        return NULL;
    }
    return b;
}

void batch_free(struct batch *b)
{
    if (b == NULL)
        return;
    free(b->runs);
    free(b);
}

int batch_run(struct batch *b, int jobs, volatile int *stop, batch_progress_fn progress,
              void *progress_ctx, struct sim_error *err)
{
    struct batch_task_ctx c = {.b = b,
                               .stop = stop,
                               .progress = progress,
                               .progress_ctx = progress_ctx,
                               .horizon_s = sim_time_to_sec(b->scenario->horizon)};
    c.errors = calloc(b->n_runs, sizeof *c.errors);
    if (c.errors == NULL)
        return sim_error_set(err, SIM_ENOMEM, b->scenario->file, 0, 0, "out of memory");
    int first = 0;
    long ran = sim_pool_run(b->n_runs, jobs < 1 ? 1 : jobs, batch_task, batch_task_progress, &c,
                            stop, &first);
    int rc = 0;
    if (ran < 0) {
        rc = sim_error_set(err, (int)ran, b->scenario->file, 0, 0, "%s", sim_strerror((int)ran));
    } else if (stop && *stop) {
        rc = sim_error_set(err, SIM_EINTR, b->scenario->file, 0, 0, "interrupted");
    } else if (first != 0 || (size_t)ran != b->n_runs) {
        /* the error of the lowest failing task, so the message is the same for any -j */
        rc = first ? first : SIM_EINTR;
        for (size_t i = 0; i < b->n_runs; i++)
            if (c.errors[i].code != 0) {
                if (err)
                    *err = c.errors[i];
                rc = c.errors[i].code;
                break;
            }
    }
    free(c.errors);
    return rc;
}
