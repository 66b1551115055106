/* One simulated year per replication at a production rate (issue 12): three
 * regions, every strategy, 20 replications, stochastic region outages,
 * control-plane and DNS-provider failures, sampled (workload.sample_rate:
 * auto). Prints wall time, simulated requests represented per wall second,
 * events per represented request, the largest world state and the peak RSS,
 * then the same at 100 req/s (the ratio of the two times is the cost of the
 * rate) and over one month (world memory against the horizon). Runs on two
 * threads; prints CPU time too (wall time on a shared machine says little). Optional arguments:
 * rate (req/s), replications. Never pass/fail. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "models/results.h"
#include "models/strategies/registry.h"
#include "models/world.h"
#include "scenarios/loader/loader.h"

static const char text[] =
    "scenario: bench-year\n"
    "horizon: %s\n"
    "seed: 2024\n"
    "regions:\n"
    "  - { name: us-east-1, instances: %d }\n"
    "  - { name: us-west-2, instances: %d }\n"
    "  - { name: eu-west-1, instances: %d }\n"
    "users:\n"
    "  - { from: north-america-east, share: 45%% }\n"
    "  - { from: north-america-west, share: 25%% }\n"
    "  - { from: europe-west, share: 30%% }\n"
    "workload: { rate: %g/s, write_fraction: 0.1 }\n"
    "failures:\n"
    "  - { kind: region_outage, region: all, mtbf: 2y, mttr: { median: 10h, p95: 17h } }\n"
    "  - { kind: control_plane, region: us-east-1, mtbf: 3y, mttr: { median: 7h, p95: 14h } }\n"
    "  - { kind: dns_outage, mtbf: 5y, mttr: { min: 30m, max: 3h } }\n"
    "report: { formats: [] }\n";

struct job {
    const struct scenario *s;
    int reps, n_kinds, kinds[SCENARIO_MAX_STRATEGIES];
    atomic_int next;
    atomic_llong requests, events, memory_max, failed;
};

static void *worker(void *arg)
{
    struct job *j = arg;
    struct run_result *r = malloc(sizeof *r);
    int n = j->reps * j->n_kinds;
    for (int i; r && (i = atomic_fetch_add(&j->next, 1)) < n;) {
        struct sim_error err;
        if (world_run(j->s, j->kinds[i % j->n_kinds], i / j->n_kinds, r, NULL, &err)) {
            fprintf(stderr, "bench_year: %s\n", err.message);
            atomic_fetch_add(&j->failed, 1);
            continue;
        }
        atomic_fetch_add(&j->requests, r->requests);
        atomic_fetch_add(&j->events, (long long)r->events);
        long long m = atomic_load(&j->memory_max);
        while ((long long)r->memory_bytes > m &&
               !atomic_compare_exchange_weak(&j->memory_max, &m, (long long)r->memory_bytes))
            ;
    }
    free(r);
    return NULL;
}

static double cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Runs every strategy x reps of the scenario at `rate` over `horizon` on two
 * threads; prints a line and returns the wall time (negative on failure). */
static double bench(double rate, const char *horizon, int reps)
{
    /* Each region can carry the whole load at utilisation 1/2 (5 ms per
     * request, 8 per instance): a fleet sized for failover. */
    int inst = (int)(rate * 0.005 * 2 / 8) + 1;
    char buf[2048];
    int len = snprintf(buf, sizeof buf, text, horizon, inst, inst, inst, rate);
    static struct scenario s;
    if (scenario_load_buffer("bench-year.yaml", buf, (size_t)len, &s, stderr))
        return -1;
    struct job j = {.s = &s, .reps = reps};
    for (int k = 0; k < strategy_count(); k++)
        if (s.strategies[k].enabled)
            j.kinds[j.n_kinds++] = k;
    double t0 = now_s(), c0 = cpu_s();
    pthread_t th[2];
    for (int i = 0; i < 2; i++)
        pthread_create(&th[i], NULL, worker, &j);
    for (int i = 0; i < 2; i++)
        pthread_join(th[i], NULL);
    double wall = now_s() - t0, cpu = cpu_s() - c0;
    if (j.failed)
        return -1;
    double years = sim_time_to_sec(s.horizon) / (365.0 * 86400);
    double represented = (double)j.requests;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("bench_year: %g req/s, %s, %d strategies x %d replications (%.3g years): %.1f s wall, "
           "%.1f s CPU, %.3g requests represented (%.3g per wall second), %.3g events per "
           "represented request, largest world %.1f MB, peak RSS %.1f MB\n",
           rate, horizon, j.n_kinds, reps, years * j.n_kinds * reps, wall, cpu, represented,
           represented / wall, (double)j.events / represented, (double)j.memory_max / 1e6,
           (double)ru.ru_maxrss / 1024);
    fflush(stdout);
    return wall;
}

int main(int argc, char **argv)
{
    double rate = argc > 1 ? atof(argv[1]) : 1e5;
    int reps = argc > 2 ? atoi(argv[2]) : 20;
    double c0 = cpu_s();
    double fast = bench(rate, "1y", reps);
    double c_fast = cpu_s() - c0;

    if (fast < 0)
        return 1;
    c0 = cpu_s();
    double slow = bench(100, "1y", reps);
    double c_slow = cpu_s() - c0;
    if (slow < 0)
        return 1;
    printf("bench_year: at %g req/s / at 100 req/s: wall %.2f, CPU %.2f\n", rate, fast / slow,
           c_fast / c_slow);
    return bench(rate, "30d", reps) < 0;
}
