/* Incidents of one strategy in one replication (DESIGN section 5): a
 * disruption of that strategy's service, not a failure event. Failure events
 * are candidates while active (and for one window W after they end); the
 * first hurt - a bad window (success ratio below the threshold), a loss of
 * acknowledged data, a runbook start (false alarms and planned failbacks
 * included) - opens an incident at the start of the first candidate that
 * hurts. It closes once no runbook runs and recovery has held for W; RTO =
 * t_rec - t_open, with t_rec read off the record of bad windows after the
 * fact, so a harmless failure beside it changes nothing. Invariant: memory
 * is fixed at init (one record per failure slot; at most
 * RESULTS_MAX_INCIDENTS incidents kept, the rest counted). */
#ifndef REGIONSIM_MODELS_INCIDENT_H
#define REGIONSIM_MODELS_INCIDENT_H

#include <stdbool.h>
#include <stdint.h>

#include "models/results.h"
#include "scenarios/scenario.h"
#include "sim/time.h"

/* Causes of incident_hurt that are no failure event. */
#define INCIDENT_FALSE_ALARM (-1) /* a runbook on a health verdict with no failure */
#define INCIDENT_FAILBACK (-2)    /* a planned failback runbook */

struct incident_slot {
    enum failure_kind kind;
    int region, region_b; /* where it strikes (-1: not a region / everywhere) */
    bool active;
    bool candidate; /* active, or ended less than W ago */
    bool joined;    /* this occurrence is part of an incident: number inc_id */
    int inc_id;
    sim_time t_start, t_end;
    int64_t failed_at_start; /* failed requests before it started */
};

struct incidents {
    struct run_result *out; /* borrowed: incidents[], counts */
    sim_time window;
    int n_slots, n_regions;
    struct incident_slot *slot;
    struct incident_result *open; /* NULL: none open */
    struct incident_result *last; /* the latest incident (open or closed); NULL none */
    struct incident_result scratch;
    int64_t open_failed; /* failed requests before the latest incident started */
    int64_t last_bad;    /* start (s) of the latest bad window; -1 none */
    int64_t failed;      /* requests that failed for good */
    /* Failed requests per region (and one more: no region) in the last W
     * seconds, to tell which candidate a bad window is due to: a ring of W
     * seconds, the second being filled, and the sums over the ring. */
    int window_s, ring_pos;
    uint64_t *ring, *cur;
    uint64_t *recent;
    void (*on_open)(void *ctx, struct incident_result *in);
    void *ctx;
};

/* Sets t up for n_slots failure slots in n_regions regions, recording into
 * out (borrowed) with window W. on_open (may be NULL) is called when an
 * incident opens. Returns 0 or SIM_ENOMEM. */
int incident_init(struct incidents *t, struct run_result *out, int n_slots, int n_regions,
                  sim_time window, void (*on_open)(void *, struct incident_result *), void *ctx);
void incident_fini(struct incidents *t);

/* Failure slot `slot` (kind, at region / region_b, -1 where none) starts or
 * ends at now. */
void incident_failure(struct incidents *t, int slot, enum failure_kind kind, int region,
                      int region_b, sim_time now, bool start);

/* A request standing for `weight` requests failed for good; `where` is the
 * region it failed at (the serving or writing region), -1 when none (no DNS
 * answer). */
void incident_request_failed(struct incidents *t, int where, uint64_t weight);

/* The service is hurt now by `cause` (a failure slot, INCIDENT_FALSE_ALARM or
 * INCIDENT_FAILBACK): a runbook starts, or acknowledged data is lost. Returns
 * the open incident, opened at the cause's start when none was (never NULL;
 * past RESULTS_MAX_INCIDENTS a scratch record that is counted, not kept). */
struct incident_result *incident_hurt(struct incidents *t, int cause, sim_time now);

/* Called once per closed second: bad_start is the start (whole seconds) of
 * the window that just closed when its success ratio was below the
 * threshold, else -1; busy is true while a runbook runs. */
void incident_tick(struct incidents *t, sim_time now, int64_t bad_start, bool busy);

/* True when nothing is open, every failure that is a candidate is still
 * active and no request failed in the last W seconds: then incident_tick
 * with no bad window changes nothing but the ring's position. */
bool incident_idle(const struct incidents *t);
/* An incident is open. */
static inline bool incident_is_open(const struct incidents *t)
{
    return t->open != NULL;
}
/* Moves n (>= 0) such seconds on at once; only when incident_idle. */
void incident_skip(struct incidents *t, int64_t n);

/* The horizon (or a stop) at now: closes the open incident (censored when
 * recovery has not held for W) and counts the failures never joined. */
void incident_finish(struct incidents *t, sim_time now);

#endif
