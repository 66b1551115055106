/* Health checks: `checkers` probers per region, each probing every interval
 * (at its own random phase). A checker calls a region unhealthy after
 * `threshold` consecutive failed probes and healthy after `threshold`
 * consecutive good ones; the region is healthy while more than
 * `healthy_fraction` of its checkers say so. A failed probe is known after
 * the probe timeout. Invariant: one pending probe event per (region,
 * checker) unless the checker is parked, plus one per failed probe in
 * flight; memory fixed at init. A checker parks when further probes could
 * not change anything: the owner says the answer is fixed (no random draw)
 * until it calls health_wake, and the checker's verdict already agrees with
 * that answer. health_wake resumes it on its own probe grid with the
 * skipped probes accounted for, so every verdict changes at the same time
 * as if it had probed all along. */
#ifndef REGIONSIM_MODELS_HEALTH_H
#define REGIONSIM_MODELS_HEALTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "scenarios/scenario.h"
#include "sim/sim.h"
#include "sim/time.h"

/* Whether `region`'s probe answer is fixed (the same every probe, no random
 * draw) until the owner next calls health_wake for it. */
typedef bool (*health_stable_fn)(void *ctx, int region);

struct health_config {
    int n_regions;
    int checkers;
    sim_time interval;
    int threshold;
    double healthy_fraction;
    sim_time timeout;
    double false_positive;   /* probability that a probe of an answering region fails */
    health_stable_fn stable; /* NULL: probe every interval, never park */
    int n_from;              /* checker locations: checker c probes from */
    int from[SCENARIO_MAX_REGIONS]; /* from[c % n_from]; n_from 0: -1 (outside) */
};

/* Whether `region` answers a probe sent from `from` (-1: outside every
 * region) right now. */
typedef bool (*health_probe_fn)(void *ctx, int from, int region);
/* The aggregate verdict on `region` changed at the current simulated time. */
typedef void (*health_change_fn)(void *ctx, int region, bool healthy);

struct health_checker {
    int16_t fails; /* consecutive failed probes */
    int16_t oks;   /* consecutive good probes */
    bool healthy;
    bool parked;     /* no probe scheduled: see health_wake */
    bool parked_ok;  /* the answer it parked on */
    int32_t pending; /* failed probes whose verdict is still to come */
    sim_time last;   /* when its last probe was sent (or would have been) */
};

struct health {
    struct sim *sim;
    gsl_rng *rng; /* borrowed */
    struct health_config cfg;
    health_probe_fn probe;
    health_change_fn change;
    void *ctx;
    struct health_checker *chk; /* n_regions x checkers */
    int n_healthy[SCENARIO_MAX_REGIONS];
    bool healthy[SCENARIO_MAX_REGIONS];
    uint64_t probes;                      /* sent, or skipped while parked */
    uint32_t epoch[SCENARIO_MAX_REGIONS]; /* health_wake calls */
    int n_parked[SCENARIO_MAX_REGIONS];
};

/* Sets up every checker healthy and schedules the first probes at uniform
 * phases in [0, interval). All pointers are borrowed. Returns 0, SIM_EINVAL
 * (no checker, interval <= 0, threshold < 1) or SIM_ENOMEM. */
int health_init(struct health *h, struct sim *sim, const struct health_config *cfg,
                health_probe_fn probe, health_change_fn change, void *ctx, gsl_rng *rng);
void health_fini(struct health *h);

/* The probe answer of `region` may have changed now: its parked checkers
 * resume at their next probe time (>= now); failed probes skipped while
 * parked whose verdict is still due get it. Cheap when nothing is parked;
 * harmless when nothing changed. Does nothing before health_init. */
void health_wake(struct health *h, int region);

/* The current aggregate verdict. */
static inline bool health_ok(const struct health *h, int region)
{
    return h->healthy[region];
}

/* Every region's verdict, by region. */
static inline const bool *health_verdicts(const struct health *h)
{
    return h->healthy;
}

size_t health_memory(const struct health *h);

#endif
