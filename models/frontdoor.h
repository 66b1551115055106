/* The anycast front door, the alternative to DNS routing: clients reach the
 * nearest edge and the front door proxies each request to the lowest-RTT
 * origin that is in the record set and passes the front door's own health
 * checks. No client caching: a change applies to the next request. One
 * extra hop of latency. Invariant: route[] always reflects the last update. */
#ifndef REGIONSIM_MODELS_FRONTDOOR_H
#define REGIONSIM_MODELS_FRONTDOOR_H

#include <stdbool.h>
#include <stdint.h>

#include "scenarios/scenario.h"
#include "sim/time.h"

struct frontdoor {
    int n_pops, n_regions;
    int8_t order[SCENARIO_MAX_USERS][SCENARIO_MAX_REGIONS]; /* by the population's RTT */
    int route[SCENARIO_MAX_USERS];                          /* -1: no origin */
    sim_time extra;                                         /* the extra hop */
};

/* Orders origins by each population's RTT; routes nothing until fd_update. */
void fd_init(struct frontdoor *f, const struct scenario *s);

/* Recomputes routes: the nearest eligible and healthy origin, else the
 * nearest eligible one (a front door with no healthy origin still tries). */
void fd_update(struct frontdoor *f, const bool *eligible, const bool *healthy);

static inline int fd_route(const struct frontdoor *f, int pop)
{
    return f->route[pop];
}

#endif
