/* DNS routing: an authoritative zone (latency, geo, weighted or failover
 * policy over the regions that are in the record set and healthy) and, per
 * user population, a set of recursive resolvers each caching one answer.
 * Zone changes are staged, then published (after the caller's propagation
 * delay). Invariant: memory is fixed at init (populations x resolvers
 * entries and a small ring of staged versions); a lookup is O(1). */
#ifndef REGIONSIM_MODELS_DNS_H
#define REGIONSIM_MODELS_DNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "models/prng.h"
#include "scenarios/scenario.h"
#include "sim/rng.h"
#include "sim/time.h"

#define DNS_RING 64
#define DNS_HISTORY 8 /* published answers kept with their times (busy mode) */

struct dns_entry {
    sim_time expiry;
    int32_t region;   /* cached answer; -1 = none (NXDOMAIN) */
    int32_t violator; /* holds answers past the TTL */
};

/* What the zone answers: per population (or -2: a weighted draw among cand). */
struct dns_answer {
    uint64_t id;
    int8_t answer[SCENARIO_MAX_USERS];
    int n_cand;
    int8_t cand[SCENARIO_MAX_REGIONS];
    double cum[SCENARIO_MAX_REGIONS];
};

struct dns {
    gsl_rng *rng;     /* borrowed: the DNS stream */
    struct prng fast; /* resolver picks, seeded from rng */
    enum dns_policy policy;
    sim_time ttl; /* max(TTL, client floor) */
    double violator_fraction;
    struct sim_dur violator_hold;
    int n_pops, n_regions;
    int base[SCENARIO_MAX_USERS]; /* population p's resolvers: cache[base[p] ..] */
    uint32_t count[SCENARIO_MAX_USERS];
    size_t n_entries;
    struct dns_entry *cache;
    int8_t order[SCENARIO_MAX_USERS][SCENARIO_MAX_REGIONS]; /* preference per population */
    int8_t prio[SCENARIO_MAX_REGIONS];                      /* failover priority */
    double weight[SCENARIO_MAX_REGIONS];
    bool outage;
    sim_time outage_since; /* dns_set_outage_at */
    struct dns_answer live;
    struct dns_answer ring[DNS_RING];
    uint64_t next_id;
    double queries; /* fetches from the zone (cache misses) */
    /* Busy mode (sampled runs): every resolver refreshes as soon as its
     * answer expires, as under the full load, whatever requests are
     * simulated; a refresh takes the answer the zone published at that
     * time (history of the last DNS_HISTORY publishes). */
    bool busy;
    double lookup_rate[SCENARIO_MAX_USERS]; /* busy: full-load lookups per second
                                             * at one resolver of each population */
    double unsampled; /* busy: share of those lookups no simulated request makes */
    int n_hist;
    sim_time hist_t[DNS_HISTORY];
    uint64_t hist_id[DNS_HISTORY];
    struct dns_answer hist[DNS_HISTORY];
    /* Resolvers of population p whose cached answer is region g: the share
     * of p's full load sent to g (answer -1 is not counted). */
    uint32_t holding[SCENARIO_MAX_USERS][SCENARIO_MAX_REGIONS];
};

/* Sets up resolvers (each population's `resolvers`; fewer than 1 is
 * SIM_EINVAL) and preference orders from the scenario: latency policy orders
 * regions by the population's RTT, geo by great-circle distance,
 * failover by `priority` (region indices, most preferred first; NULL: index
 * order). The live zone answers nothing until the first publish. rng is
 * borrowed. Returns 0, SIM_EINVAL or SIM_ENOMEM. */
int dns_init(struct dns *d, const struct scenario *s, const int *priority, gsl_rng *rng);
void dns_fini(struct dns *d);

/* Computes what the zone answers when `eligible` regions are in the record
 * set and `healthy` ones pass health checks (if none of the eligible is
 * healthy, all eligible are answered, as Route 53 does), stores it and
 * returns its id for dns_publish. */
uint64_t dns_stage(struct dns *d, const bool *eligible, const bool *healthy);

/* Makes staged version `id` the live answer. A version overwritten in the
 * ring (more than DNS_RING staged since) is skipped: a newer one follows.
 * The first publish primes every cache as if the zone had always answered
 * so (expiries at equilibrium phases of the refresh cycle, from time 0). */
void dns_publish(struct dns *d, uint64_t id);
/* dns_publish at time now, remembered for busy-mode refreshes. */
void dns_publish_at(struct dns *d, uint64_t id, sim_time now);

/* Busy mode on or off (off by default: a resolver refreshes at the first
 * lookup after expiry, as simulated requests make them). */
void dns_set_busy(struct dns *d, bool busy);
/* Busy mode: population p sends `rate` requests per second at full load
 * (spread evenly over its resolvers). */
void dns_set_pop_rate(struct dns *d, int pop, double rate);
/* Busy mode: the share (0..1] of the full load's lookups that simulated
 * requests make themselves (1 / the sampling stride); the others are the
 * Poisson lookups a refresh waits for. */
void dns_set_sampled_share(struct dns *d, double share);
/* Busy mode, at the end of the run: counts the refreshes every resolver
 * made up to now that no simulated request saw (their queries). */
void dns_finish(struct dns *d, sim_time now);

/* Stage and publish at once (initial state, front-door-like zones). */
void dns_set_now(struct dns *d, const bool *eligible, const bool *healthy);

/* DNS provider outage: while on, expired caches cannot refresh. */
void dns_set_outage(struct dns *d, bool on);
/* The same at time now: in busy mode, resolvers whose answer expired before
 * the outage had refreshed (under the full load) and keep that answer. */
void dns_set_outage_at(struct dns *d, bool on, sim_time now);

/* A client of population `pop` takes a uniformly chosen resolver (its index
 * among the population's); it keeps it, and the answer cached there, for the
 * retries of the same request. */
static inline uint32_t dns_pick(struct dns *d, int pop);

/* The region a request from population `pop` through resolver `resolver`
 * (from dns_pick) is sent to: its cached answer, refreshed from the live
 * zone when expired. Every policy answers one address, so a client has no
 * next address to fall back to within an answer: a retry asks the same
 * resolver and gets the same answer until it expires. Returns -1 with
 * *dns_outage set when the cache is expired and the provider is down, -1
 * with *dns_outage clear when the zone has no answer. */
static inline int dns_resolve(struct dns *d, sim_time now, int pop, uint32_t resolver,
                              bool *dns_outage);

/* True when `region` is no longer what the live zone would answer `pop`. */
bool dns_is_stale(const struct dns *d, int pop, int region);

/* Bytes held. */
size_t dns_memory(const struct dns *d);
/* The zone has published an answer (the first one is there from the start). */
static inline bool dns_published(const struct dns *d)
{
    return d->live.id != 0;
}
/* Fetches from the zone so far (cache misses). */
/* The share of population pop's resolvers whose answer is region g now. */
static inline double dns_share(const struct dns *d, int pop, int g)
{
    return (double)d->holding[pop][g] / (double)d->count[pop];
}
static inline double dns_queries(const struct dns *d)
{
    return d->queries;
}

/* Out-of-line refresh of an expired entry (dns_resolve's slow path); returns
 * what dns_resolve returns. */
int dns_refresh(struct dns *d, struct dns_entry *e, sim_time now, int pop, bool *dns_outage);

static inline uint32_t dns_pick(struct dns *d, int pop)
{
    return (uint32_t)prng_below(&d->fast, d->count[pop]);
}

static inline int dns_resolve(struct dns *d, sim_time now, int pop, uint32_t resolver,
                              bool *dns_outage)
{
    struct dns_entry *e = &d->cache[d->base[pop] + (int)resolver];
    if (now < e->expiry)
        return e->region;
    return dns_refresh(d, e, now, pop, dns_outage);
}

#endif
