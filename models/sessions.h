/* User sessions (`sessions:`): where a logged-in user's session lives, and
 * what a failover or a re-routing does to it. Each population has
 * N = its request rate / per_user_rate users; a request comes from one of
 * them at random, so each sends per_user_rate requests a second. A session
 * starts at a user's first request, or at one after more than `ttl` of
 * silence (it expired), in the region that served it; it is lost when the
 * user must log in again:
 *   sticky, regional  it lives in its region: lost with the region (counted
 *                     when the region is lost) or when the user is served
 *                     from another region;
 *   replicated        regional stores copied to the others after the
 *                     strategy's replication delay (one-way RTT + `lag`):
 *                     only sessions not yet copied are lost;
 *   central           one store in `sessions.region`: every request pays the
 *                     round trip to it and fails while it cannot be reached;
 *                     all sessions are lost with its region;
 *   token             a signed token: never lost (a revoked token keeps
 *                     working until it expires; not counted).
 * Users are followed one by one up to SESSIONS_TRACKED per population; with
 * more, the first SESSIONS_TRACKED stand for all (counts scaled by N /
 * SESSIONS_TRACKED: unbiased, as the users are alike). Memory is fixed at
 * sessions_new; nothing is allocated per request. */
#ifndef REGIONSIM_MODELS_SESSIONS_H
#define REGIONSIM_MODELS_SESSIONS_H

#include <stdbool.h>

#include <gsl/gsl_rng.h>

#include "models/results.h"
#include "scenarios/scenario.h"
#include "sim/time.h"

#define SESSIONS_TRACKED 1024

/* What the world answers about its regions now. */
struct sessions_view {
    void *ctx;
    /* The session store in region c is reachable from app region g. */
    bool (*reaches)(void *ctx, int g, int c);
};

struct sessions;

/* NULL when s has no sessions block (store none), or out of memory (*oom
 * set). The strategy's replication delay (its `lag`, plus the one-way RTT)
 * copies replicated stores. rng is the sessions' own stream (borrowed). */
struct sessions *sessions_new(const struct scenario *s, const struct scenario_strategy *c,
                              gsl_rng *rng, const struct sessions_view *view, bool *oom);
void sessions_free(struct sessions *ss);

/* A request of population pop is served by app region g at now. Adds the
 * session store's latency to *extra (central). False: the store cannot be
 * reached, the request fails. */
bool sessions_request(struct sessions *ss, sim_time now, int pop, int g, sim_time *extra);

/* Region a is lost at now: the sessions it held that no other region has. */
void sessions_region_lost(struct sessions *ss, sim_time now, int a);

/* sessions_lost, its share of the sessions started, and the store's
 * latency p50 (central) into out; nothing when ss is NULL. */
void sessions_fill(const struct sessions *ss, struct run_result *out);

#endif
