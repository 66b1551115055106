/* Simulated requests per second of the traffic world: three regions, five
 * populations, 1000 requests/s, 24 h simulated, no failures, active-active
 * (every region serves; multi-writer replication with conflict tracking).
 * Prints wall and CPU rates (CPU time is less disturbed by other load).
 * Optional arguments: hours, strategy key. Never pass/fail. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../strategies.h"
#include "models/world.h"
#include "../world_fixture.h"

static double seconds(clockid_t c)
{
    struct timespec t;
    clock_gettime(c, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    static struct scenario s;
    static struct run_result r;
    fx_three_regions(&s);
    s.workload.rate = 1000;
    /* the cost of simulating every request (bench_year measures sampling) */
    s.workload.sample_rate = SCENARIO_SAMPLE_EXACT;
    s.horizon = argc > 1 ? atoi(argv[1]) * SIM_HOUR : SIM_DAY;
    int k = STRATEGY_ACTIVE_ACTIVE;
    for (int i = 0; argc > 2 && i < STRATEGY_COUNT; i++)
        if (strcmp(argv[2], strategy_key(i)) == 0)
            k = i;
    struct sim_error err;
    double w0 = seconds(CLOCK_MONOTONIC), c0 = seconds(CLOCK_PROCESS_CPUTIME_ID);
    int rc = world_run(&s, k, 0, &r, NULL, &err);
    double wall = seconds(CLOCK_MONOTONIC) - w0, cpu = seconds(CLOCK_PROCESS_CPUTIME_ID) - c0;
    if (rc) {
        fprintf(stderr, "bench_traffic: %s\n", err.message);
        return 1;
    }
    printf("bench_traffic (%s, %.0f h at %.0f req/s): %lld requests, %.3f events/request, "
           "%.2f s wall %.2f M req/s, %.2f s CPU %.2f M req/s, availability %.6f, "
           "world memory %llu bytes\n",
           strategy_key(k), sim_time_to_sec(s.horizon) / 3600, s.workload.rate,
           (long long)r.requests, (double)r.events / (double)r.requests, wall,
           (double)r.requests / wall * 1e-6, cpu, (double)r.requests / cpu * 1e-6, r.availability,
           (unsigned long long)r.memory_bytes);
    return 0;
}
