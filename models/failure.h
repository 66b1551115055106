/* Failure injection: scheduled failures (at, duration) and stochastic ones
 * (up times exponential with mean MTBF, repair times from the MTTR spec),
 * each stochastic failure per region drawing from its own RNG stream
 * "failure-<index>-<region>", so every strategy of a replication sees the
 * same failures. Invariant: at most one pending event per failure slot. */
#ifndef REGIONSIM_MODELS_FAILURE_H
#define REGIONSIM_MODELS_FAILURE_H

#include <stdbool.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "scenarios/scenario.h"
#include "sim/sim.h"
#include "sim/time.h"

/* One occurrence of a failure. */
struct fail_event {
    int slot;
    enum failure_kind kind;
    int region;
    int region_b;
    double capacity_lost;
    sim_time extra_latency;
    double loss;
    sim_time t_start;
    sim_time t_end;  /* repair time, capped at the horizon */
    sim_time detect; /* data_corruption: until it is noticed */
};

/* Called at the start (start = true) and at the repair of each occurrence. */
typedef void (*fail_fn)(void *ctx, const struct fail_event *ev, bool start);

struct fail_slot {
    struct fail_event ev;
    const struct scenario_failure *spec;
    gsl_rng *rng; /* own stream; NULL for scheduled failures */
};

struct failures {
    struct sim *sim;
    sim_time horizon;
    fail_fn fn;
    void *ctx;
    int n;
    struct fail_slot *slot;
};

/* Creates the slots of s's failures and schedules their first starts.
 * Streams derive from (s->seed, replication, slot name). Returns 0,
 * SIM_EINVAL (a region index out of range) or SIM_ENOMEM. */
int fail_init(struct failures *f, struct sim *sim, const struct scenario *s, int replication,
              fail_fn fn, void *ctx);
void fail_fini(struct failures *f);

#endif
