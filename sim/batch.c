/* The batch runner over the pool. Invariant: task i writes only its own
 * slots (the caller's result i and errors[i]), so scheduling never changes a
 * result, and the error reported is the lowest index's whatever ran first. */
#include "sim/batch.h"

#include <stdlib.h>

struct batch_ctx {
    const struct sim_batch *b;
    struct sim_error *errors; /* one per task */
};

static int batch_task(void *vctx, size_t i)
{
    struct batch_ctx *c = vctx;
    return c->b->task(c->b->task_ctx, i, &c->errors[i]);
}

static void batch_progress(void *vctx, size_t done, size_t total)
{
    const struct sim_batch *b = ((struct batch_ctx *)vctx)->b;
    if (b->progress)
        b->progress(b->progress_ctx, done, total);
}

int sim_batch_run(const struct sim_batch *b, struct sim_error *err)
{
    struct batch_ctx c = {.b = b, .errors = calloc(b->n ? b->n : 1, sizeof *c.errors)};
    if (c.errors == NULL)
        return sim_error_set(err, SIM_ENOMEM, b->file, 0, 0, "out of memory");
    int first = 0;
    long ran = sim_pool_run(b->n, b->jobs < 1 ? 1 : b->jobs, batch_task, batch_progress, &c,
                            b->stop, &first);
    int rc = 0;
    if (ran < 0) {
        rc = sim_error_set(err, (int)ran, b->file, 0, 0, "%s", sim_strerror((int)ran));
    } else if (b->stop && *b->stop) {
        rc = sim_error_set(err, SIM_EINTR, b->file, 0, 0, "interrupted");
    } else if (first != 0 || (size_t)ran != b->n) {
        rc = first ? first : SIM_EINTR;
        for (size_t i = 0; i < b->n; i++)
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
