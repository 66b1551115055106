/* The batch runner: every (replication, strategy) of one scenario as a task
 * on the pool, each running world_run into its own preallocated slot, so the
 * results are the same bytes for any number of jobs and any order. */
#ifndef REGIONSIM_MODELS_BATCH_H
#define REGIONSIM_MODELS_BATCH_H

#include <stddef.h>

#include "models/results.h"
#include "scenarios/scenario.h"
#include "sim/error.h"

/* Called after each finished run (from one thread at a time): runs done of
 * total, and the simulated seconds those runs covered. */
typedef void (*batch_progress_fn)(void *ctx, size_t done, size_t total, double sim_seconds);

struct batch {
    const struct scenario *scenario; /* borrowed */
    int n_strategies;                /* enabled strategies, in report order */
    int strategies[SCENARIO_MAX_STRATEGIES]; /* registry indices */
    int replications;
    size_t n_runs; /* replications x n_strategies */
    /* runs[rep * n_strategies + i] is replication rep of strategies[i]; only
     * meaningful after batch_run returned 0. */
    struct run_result *runs;
};

/* Allocates the slots for every run of s (which must outlive the batch).
 * Returns NULL when out of memory, or when s enables no strategy or asks
 * for no replication (err says which). */
struct batch *batch_new(const struct scenario *s, struct sim_error *err);
void batch_free(struct batch *b);

/* Runs every task on `jobs` threads. `stop` (may be NULL) is polled by the
 * pool and by every world: when it becomes nonzero the batch ends early with
 * SIM_EINTR. progress may be NULL. Returns 0 when every run succeeded,
 * SIM_EINTR when stopped, or the first run's error (err filled with it). */
int batch_run(struct batch *b, int jobs, volatile int *stop, batch_progress_fn progress,
              void *progress_ctx, struct sim_error *err);

#endif
