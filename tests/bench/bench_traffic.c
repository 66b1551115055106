/* Simulated requests per wall-clock second of the traffic world: three
 * regions, five populations, 1000 requests/s, 24 h simulated, no failures,
 * active-active (every region serves). Never pass/fail. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "models/world.h"
#include "../world_fixture.h"

int main(int argc, char **argv)
{
    static struct scenario s;
    static struct run_result r;
    fx_three_regions(&s);
    s.workload.rate = 1000;
    s.horizon = argc > 1 ? atoi(argv[1]) * SIM_HOUR : SIM_DAY;
    struct sim_error err;
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    int rc = world_run(&s, STRATEGY_ACTIVE_ACTIVE, 0, &r, NULL, &err);
    clock_gettime(CLOCK_MONOTONIC, &b);
    if (rc) {
        fprintf(stderr, "bench_traffic: %s\n", err.message);
        return 1;
    }
    double wall = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) * 1e-9;
    printf("bench_traffic: %lld requests, %llu events in %.2f s wall: %.2f M requests/s, "
           "%.2f events/request, availability %.6f, memory %llu bytes\n",
           (long long)r.requests, (unsigned long long)r.events, wall,
           (double)r.requests / wall * 1e-6, (double)r.events / (double)r.requests,
           r.availability, (unsigned long long)r.memory_bytes);
    return 0;
}
