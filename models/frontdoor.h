/* The anycast front door, the alternative to DNS routing: clients reach the
 * nearest edge and the front door proxies each request to the lowest-RTT
 * origin that is in the record set and passes the front door's own health
 * checks. No client caching: a change applies to the next request. One
 * extra hop of latency. Invariant: route[] always reflects the last update.
 * Load-aware (routing.load_aware): every load_interval, an origin that is
 * failing - its requests succeeded less than load_target of the time, or
 * they queued more than a tenth of the client timeout on average, the sign
 * of a backlog that will time out - sheds FD_SHED_UP more of its traffic to
 * each population's next origin (the next eligible healthy one in RTT
 * order), and one that is not takes FD_SHED_DOWN back: an additive control
 * that finds the share an origin can carry. */
#ifndef REGIONSIM_MODELS_FRONTDOOR_H
#define REGIONSIM_MODELS_FRONTDOOR_H

#include <stdbool.h>
#include <stdint.h>

#include "scenarios/scenario.h"
#include "sim/time.h"

#define FD_SHED_UP 0.10
#define FD_SHED_DOWN 0.02

struct frontdoor {
    int n_pops, n_regions;
    int8_t order[SCENARIO_MAX_USERS][SCENARIO_MAX_REGIONS]; /* by the population's RTT */
    int route[SCENARIO_MAX_USERS];                          /* -1: no origin */
    int spill_to[SCENARIO_MAX_USERS];                       /* next origin; -1: none */
    sim_time extra;                                         /* the extra hop */
    bool load_aware;
    double target;
    sim_time wait_limit; /* mean queueing above this: failing */
    double shed[SCENARIO_MAX_REGIONS];      /* share of its traffic sent on */
    double sent[SCENARIO_MAX_REGIONS], ok[SCENARIO_MAX_REGIONS]; /* this interval */
    double wait[SCENARIO_MAX_REGIONS]; /* summed queueing of the ok ones, ns */
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

/* Load-aware: the origin for a request of pop, u uniform in [0, 1). */
static inline int fd_route_shed(const struct frontdoor *f, int pop, double u)
{
    int g = f->route[pop];
    return g >= 0 && f->spill_to[pop] >= 0 && u < f->shed[g] ? f->spill_to[pop] : g;
}

/* A request (standing for weight) sent to origin g succeeded after
 * queueing `wait`, or failed. */
static inline void fd_observe(struct frontdoor *f, int g, bool ok, sim_time wait, double weight)
{
    if (g < 0)
        return;
    f->sent[g] += weight;
    f->ok[g] += ok ? weight : 0;
    f->wait[g] += ok ? (double)wait * weight : 0;
}

/* The end of a measurement interval: each origin's shed share moves. */
void fd_adjust(struct frontdoor *f);
/* routing.load_aware: the front door sheds and steers by load. */
static inline bool fd_load_aware(const struct frontdoor *f)
{
    return f->load_aware;
}

#endif
