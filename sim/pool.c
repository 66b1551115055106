/* The task pool: the calling thread plus threads-1 workers take task indices
 * from one counter under a mutex. Invariant: each index in [0, n) runs at most
 * once, and none starts after *stop became nonzero. */
#include "sim/pool.h"

#include <pthread.h>
#include <stdlib.h>

#include "sim/error.h"

struct pool {
    pthread_mutex_t lock;
    size_t n;
    size_t next; /* the next index to hand out */
    size_t done; /* tasks finished (successfully or not) */
    int first_error;
    sim_task_fn fn;
    sim_progress_fn progress;
    void *ctx;
    volatile int *stop;
};

static void *pool_worker(void *arg)
{
    struct pool *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        if (p->next >= p->n || (p->stop && *p->stop)) {
            pthread_mutex_unlock(&p->lock);
            return NULL;
        }
        size_t i = p->next++;
        pthread_mutex_unlock(&p->lock);

        int rc = p->fn(p->ctx, i);

        pthread_mutex_lock(&p->lock);
        p->done++;
        if (rc < 0 && p->first_error == 0)
            p->first_error = rc;
        if (p->progress)
            p->progress(p->ctx, p->done, p->n);
        pthread_mutex_unlock(&p->lock);
    }
}

long sim_pool_run(size_t n, int threads, sim_task_fn fn, sim_progress_fn progress, void *ctx,
                  volatile int *stop, int *first_error)
{
    if (first_error)
        *first_error = 0;
    if (fn == NULL || threads < 1)
        return SIM_EINVAL;
    struct pool p = {.n = n, .fn = fn, .progress = progress, .ctx = ctx, .stop = stop};
    if (pthread_mutex_init(&p.lock, NULL) != 0)
        return SIM_ENOMEM;

    size_t extra = (size_t)threads - 1;
    if (extra > n)
        extra = n > 0 ? n - 1 : 0;
    pthread_t *tids = NULL;
    size_t started = 0;
    if (extra > 0) {
        tids = malloc(extra * sizeof *tids);
        if (tids == NULL) {
            pthread_mutex_destroy(&p.lock);
            return SIM_ENOMEM;
        }
        /* A thread that cannot be created only makes the run slower: the
         * calling thread always works, so every task still runs. */
        for (size_t t = 0; t < extra; t++) {
            if (pthread_create(&tids[started], NULL, pool_worker, &p) == 0)
                started++;
        }
    }
    pool_worker(&p);
    for (size_t t = 0; t < started; t++)
        pthread_join(tids[t], NULL);
    free(tids);
    pthread_mutex_destroy(&p.lock);
    if (first_error)
        *first_error = p.first_error;
    return (long)p.done;
}
