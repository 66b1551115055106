/* Client-side circuit breakers (workload.circuit_breaker), one per
 * (population, region), as Hystrix, resilience4j and Envoy's outlier
 * detection keep them: closed, a breaker counts consecutive failed
 * attempts to its region; at `failures` it opens, and every attempt fails
 * at once without reaching the region for `open`; then it is half-open:
 * the next attempt goes through as a probe, and its success closes the
 * breaker, its failure opens it again. An attempt's outcome is known when
 * it is served (the world decides it at arrival), so there is one probe at
 * a time. */
#ifndef REGIONSIM_MODELS_BREAKER_H
#define REGIONSIM_MODELS_BREAKER_H

#include <stdbool.h>

#include "scenarios/scenario.h"
#include "sim/time.h"

struct breaker {
    int failures;   /* consecutive failures that open it; 0: no breakers */
    sim_time open;  /* how long it stays open */
    int fails[SCENARIO_MAX_USERS][SCENARIO_MAX_REGIONS];
    sim_time until[SCENARIO_MAX_USERS][SCENARIO_MAX_REGIONS]; /* open until; 0: closed */
    double opened; /* times a breaker opened */
};

void breaker_init(struct breaker *b, int failures, sim_time open);

/* Whether an attempt of pop to region g may go at now (closed, or the
 * half-open probe). */
static inline bool breaker_allows(const struct breaker *b, int pop, int g, sim_time now)
{
    return b->failures == 0 || now >= b->until[pop][g];
}

/* The attempt of pop to g at now succeeded or failed. */
void breaker_record(struct breaker *b, int pop, int g, bool ok, sim_time now);

#endif
