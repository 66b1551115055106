/* Benchmark: the M/M/1 queue (lambda 0.9, mu 1.0) for one million customers, with
 * arrival and departure as events, as in the public Cimba and SimPy benchmarks.
 * Prints the mean time in system (about 10), wall seconds and events per second. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "sim/rng.h"
#include "sim/sim.h"

#define CUSTOMERS 1000000u
#define LAMBDA 0.9
#define MU 1.0

/* The waiting line is a ring buffer of arrival times that grows by doubling. */
struct mm1 {
    gsl_rng *arrivals;
    gsl_rng *service;
    sim_time *line;
    size_t cap, head, len;
    bool busy;
    uint64_t arrived, done;
    double sum_sojourn;
};

static void departure(struct sim *sim, void *ctx, uint64_t arg);

static void serve(struct sim *sim, struct mm1 *m, sim_time arrived)
{
    m->busy = true;
    sim_after(sim, sim_time_from_sec(sim_rand_exp(m->service, 1 / MU)), departure, m,
              (uint64_t)arrived);
}

static void arrival(struct sim *sim, void *ctx, uint64_t arg)
{
    struct mm1 *m = ctx;
    if (++m->arrived < CUSTOMERS)
        sim_after(sim, sim_time_from_sec(sim_rand_exp(m->arrivals, 1 / LAMBDA)), arrival, m, 0);
    if (!m->busy) {
        serve(sim, m, sim_now(sim));
        return;
    }
    if (m->len == m->cap) {
        size_t cap = m->cap * 2;
        sim_time *line = malloc(cap * sizeof *line);
        if (line == NULL) {
            fprintf(stderr, "bench_mm1: out of memory\n");
            exit(1);
        }
        for (size_t i = 0; i < m->len; i++)
            line[i] = m->line[(m->head + i) & (m->cap - 1)];
        free(m->line);
        m->line = line;
        m->cap = cap;
        m->head = 0;
    }
    m->line[(m->head + m->len++) & (m->cap - 1)] = sim_now(sim);
}

static void departure(struct sim *sim, void *ctx, uint64_t arg)
{
    struct mm1 *m = ctx;
    m->done++;
    m->sum_sojourn += sim_time_to_sec(sim_now(sim) - (sim_time)arg);
    m->busy = false;
    if (m->len > 0) {
        sim_time t = m->line[m->head];
        m->head = (m->head + 1) & (m->cap - 1);
        m->len--;
        serve(sim, m, t);
    }
}

static double wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(void)
{
    struct mm1 m = {0};
    m.arrivals = sim_rng_new(1, 0, "arrivals");
    m.service = sim_rng_new(1, 0, "service");
    m.cap = 1024;
    m.line = malloc(m.cap * sizeof *m.line);
    struct sim *sim = sim_new(16);
    if (m.arrivals == NULL || m.service == NULL || m.line == NULL || sim == NULL) {
        fprintf(stderr, "bench_mm1: out of memory\n");
        return 1;
    }
    double t0 = wall();
    sim_at(sim, 0, arrival, &m, 0);
    uint64_t events = sim_run(sim, SIM_TIME_MAX);
    double secs = wall() - t0;
    printf("bench_mm1: M/M/1 lambda %.1f mu %.1f, %u customers (no warm-up)\n", LAMBDA, MU,
           CUSTOMERS);
    printf("  mean time in system %.4f (expected %.4f)\n", m.sum_sojourn / (double)m.done,
           1 / (MU - LAMBDA));
    printf("  events %llu, wall %.3f s, %.2f M events/s\n", (unsigned long long)events, secs,
           (double)events / secs / 1e6);
    sim_free(sim);
    free(m.line);
    gsl_rng_free(m.arrivals);
    gsl_rng_free(m.service);
    return 0;
}
