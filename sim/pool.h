/* A fixed pthread pool for independent tasks (replications x strategies).
 * Tasks are numbered; each writes its result by index, so output order never
 * depends on the number of threads or on scheduling. */
#ifndef REGIONSIM_SIM_POOL_H
#define REGIONSIM_SIM_POOL_H

#include <stddef.h>

/* Runs fn(ctx, i) for i in [0, n) on `threads` threads (1 runs inline) and
 * returns when all are done or `*stop` became nonzero (then the tasks not yet
 * started are skipped). progress(ctx, done, n) is called from one thread at a
 * time after each task, when not NULL. Returns the number of tasks that ran,
 * or SIM_ENOMEM / SIM_EINVAL. fn returns 0 or a negative SIM_E code; the first
 * failure is reported through *first_error (when not NULL). */
typedef int (*sim_task_fn)(void *ctx, size_t index);
typedef void (*sim_progress_fn)(void *ctx, size_t done, size_t total);
long sim_pool_run(size_t n, int threads, sim_task_fn fn, sim_progress_fn progress, void *ctx,
                  volatile int *stop, int *first_error);

#endif
