/* Benchmark: the classic hold model. N events are pending; each fired event
 * schedules one more at now + Exp(mean 1 s), so the queue size stays N. Prints
 * events per second for N = 1e3, 1e5 and 1e6 (the exponential draw included). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "sim/rng.h"
#include "sim/sim.h"

static void hold(struct sim *sim, void *ctx, uint64_t arg)
{
    gsl_rng *r = ctx;
    sim_after(sim, sim_time_from_sec(sim_rand_exp(r, 1.0)), hold, r, arg);
}

static double wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Fires `steps` events after `n` warm-up events; returns events per second. */
static double run(size_t n, uint64_t steps, gsl_rng *r)
{
    struct sim *sim = sim_new(n);
    if (sim == NULL)
        return 0;
    for (size_t i = 0; i < n; i++)
        sim_after(sim, sim_time_from_sec(sim_rand_exp(r, 1.0)), hold, r, i);
    /* Warm up: fire n events so the time distribution in the queue settles, by
     * running in slices of simulated time until n have fired. */
    while (sim_fired(sim) < n)
        sim_run(sim, sim_now(sim) + SIM_SEC / 10);
    uint64_t before = sim_fired(sim);
    double t0 = wall();
    /* Each simulated second fires about n events. */
    sim_time slice = (sim_time)((double)SIM_SEC * (double)steps / (double)n);
    sim_run(sim, sim_now(sim) + slice);
    double secs = wall() - t0;
    uint64_t fired = sim_fired(sim) - before;
    sim_free(sim);
    return (double)fired / secs;
}

int main(void)
{
    gsl_rng *r = sim_rng_new(1, 0, "hold");
    if (r == NULL)
        return 1;
    const size_t sizes[] = {1000, 100000, 1000000};
    printf("bench_hold: hold model, exponential increments (mean 1 s)\n");
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        double eps = run(sizes[i], 4000000, r);
        printf("  pending %8zu: %6.2f M events/s\n", sizes[i], eps / 1e6);
    }
    gsl_rng_free(r);
    return 0;
}
