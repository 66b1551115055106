/* Failure injection: scheduled failures (at, duration) and stochastic ones
 * (up times exponential with mean MTBF, repair times from the MTTR spec),
 * each stochastic failure per region drawing from its own RNG stream
 * "failure-<index>-<region>", so every strategy of a replication sees the
 * same failures. Invariant: at most one pending event per failure slot. */
#ifndef REGIONSIM_MODELS_FAILURE_H
#define REGIONSIM_MODELS_FAILURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "scenarios/scenario.h"
#include "sim/sim.h"
#include "sim/time.h"

/* One occurrence of a failure; its kind's settings are in spec. */
struct fail_event {
    int slot;
    enum failure_kind kind;
    int region;
    int region_b;
    const struct scenario_failure *spec; /* borrowed from the scenario */
    sim_time t_start;
    sim_time t_end; /* repair time, capped at the horizon */
};

/* Where a failure kind strikes: a region (`region`), a link between two
 * regions (`between`), either (a link, or a region's access path from its
 * users), or everything at once (neither key). */
enum failure_place { FAILURE_AT_REGION, FAILURE_ON_LINK, FAILURE_REGION_OR_LINK, FAILURE_EVERYWHERE };

struct world;

/* One row of the failure table (models/world_failures.c): the loader reads
 * the declarative part, the world calls onset and end. */
struct failure_type {
    enum failure_place place;
    /* Keys of a failure item only some kinds accept (`region`, `between`,
     * `capacity_lost`, ...), NULL-ended: the ones this kind takes. Their
     * defaults and units are in the loader's failure table. */
    const char *const *keys;
    /* The whole region is lost: the region's health verdicts are put down
     * to it over other failures there. One row has it. */
    bool region_loss;
    /* The failure starts and ends; end may be NULL. */
    void (*onset)(struct world *w, const struct fail_event *ev);
    void (*end)(struct world *w, const struct fail_event *ev);
};

/* The row of kind k; NULL out of range. */
const struct failure_type *failure_type(enum failure_kind k);
/* Kind k accepts the kind-specific key `key`. */
bool failure_accepts(enum failure_kind k, const char *key);
/* The kind with region_loss. */
enum failure_kind failure_region_loss_kind(void);

/* Called at the start (start = true) and at the repair of each occurrence. */
typedef void (*fail_fn)(void *ctx, const struct fail_event *ev, bool start);

struct fail_slot {
    struct fail_event ev;
    const struct scenario_failure *spec;
    gsl_rng *rng; /* own stream; NULL for scheduled failures */
    sim_time next; /* its pending start or repair; SIM_TIME_MAX: none */
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

/* The earliest pending start or repair of any failure; SIM_TIME_MAX: none
 * (a sampled run samples more densely ahead of it). */
sim_time fail_next_change(const struct failures *f);
/* Failure slots: one per failure item (per region for a stochastic item
 * without one). */
static inline int fail_count(const struct failures *f)
{
    return f->n;
}
/* Bytes of the slot table. */
size_t fail_memory(const struct failures *f);

#endif
