/* A batch of independent numbered tasks on the pool, each failing on its own:
 * task i reports into its own error slot, and the batch reports the error of
 * the lowest failing index, so the outcome is the same for any number of
 * threads. Includes nothing outside sim/: the caller passes the task. */
#ifndef REGIONSIM_SIM_BATCH_H
#define REGIONSIM_SIM_BATCH_H

#include <stddef.h>

#include "sim/error.h"
#include "sim/pool.h"

/* Runs task index into the caller's slot for that index; returns 0 or a
 * negative SIM_E code with err filled. */
typedef int (*sim_batch_task_fn)(void *ctx, size_t index, struct sim_error *err);

struct sim_batch {
    size_t n; /* tasks [0, n) */
    int jobs; /* threads; < 1 counts as 1 */
    sim_batch_task_fn task;
    void *task_ctx;
    sim_progress_fn progress; /* may be NULL; called from one thread at a time */
    void *progress_ctx;
    volatile int *stop; /* may be NULL; polled by the pool (and by tasks that read it) */
    const char *file;   /* named in errors the batch itself raises; may be NULL */
};

/* Runs every task of b. Returns 0 when all succeeded; SIM_EINTR when *stop
 * became nonzero; SIM_ENOMEM when out of memory; or the error of the lowest
 * failing task (copied into err, when not NULL). */
int sim_batch_run(const struct sim_batch *b, struct sim_error *err);

#endif
