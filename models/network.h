/* The network of one world: round trips from each user population to each
 * region and between regions (the scenario's medians, times a lognormal
 * jitter), the front door's hop, and what failures do to it - a partition
 * cuts a link, a degradation adds delay and loss to a link or to a region's
 * access path. Per-request draws come from the network's own stream, two
 * words per attempt made before routing, so their sequence is the same under
 * every strategy. Invariant: a region always reaches itself. */
#ifndef REGIONSIM_MODELS_NETWORK_H
#define REGIONSIM_MODELS_NETWORK_H

#include <stdbool.h>
#include <stdint.h>

#include "models/prng.h"
#include "scenarios/scenario.h"
#include "sim/time.h"

#define NET_JITTER_TABLE 4096

/* Storage the world owns; read it through the functions below. */
struct network {
    bool link_up[SCENARIO_MAX_REGIONS][SCENARIO_MAX_REGIONS];
    sim_time link_extra[SCENARIO_MAX_REGIONS][SCENARIO_MAX_REGIONS]; /* degraded: extra RTT */
    double link_loss[SCENARIO_MAX_REGIONS][SCENARIO_MAX_REGIONS];
    double user_rtt_ns[SCENARIO_MAX_USERS][SCENARIO_MAX_REGIONS];
    sim_time region_rtt[SCENARIO_MAX_REGIONS][SCENARIO_MAX_REGIONS];
    sim_time access_extra[SCENARIO_MAX_REGIONS]; /* degraded user access */
    double access_loss[SCENARIO_MAX_REGIONS];
    sim_time hop_extra;              /* the front door's hop */
    double jitter[NET_JITTER_TABLE]; /* lognormal RTT multipliers, median 1 */
    struct prng draws;               /* per-request draws */
};

/* One attempt's draws: bits 0-11 of `access` pick the RTT jitter, bits
 * 12-63 the access loss; `forward` the loss of a write forwarded to the
 * writer. */
struct net_draw {
    uint64_t access, forward;
};

/* Every link up and healthy, the scenario's RTTs (rtt_ms, user_rtt_ms) and
 * jitter (rtt_jitter), a hop of hop_extra on every user's round trip; the
 * per-request draws seeded from the replication's "network" stream.
 * Returns 0, or SIM_ENOMEM (n is then unusable; nothing to free). */
int net_init(struct network *n, const struct scenario *s, uint64_t replication, sim_time hop_extra);

/* The request path (inline: several calls per request). The draws of one
 * attempt, made before routing. */
static inline struct net_draw net_draw(struct network *n)
{
    struct net_draw d;
    d.access = prng_next(&n->draws);
    d.forward = prng_next(&n->draws);
    return d;
}

/* A further uniform draw in [0, 1) from the same stream. */
static inline double net_uniform(struct network *n)
{
    return prng_uniform(&n->draws);
}

/* Region g's access path loses the attempt (its degradation's loss). */
static inline bool net_access_lost(const struct network *n, int g, const struct net_draw *d)
{
    return n->access_loss[g] > 0 && (double)(d->access >> 12) * 0x1.0p-52 < n->access_loss[g];
}

/* The attempt's round trip from users pop to region g: the median RTT times
 * the drawn jitter, plus g's degraded access and the front door's hop. */
static inline sim_time net_user_rtt(const struct network *n, int pop, int g,
                                    const struct net_draw *d)
{
    return (sim_time)(n->user_rtt_ns[pop][g] * n->jitter[d->access % NET_JITTER_TABLE]) +
           n->access_extra[g] + n->hop_extra;
}

/* A write forwarded from region `from` to the writer `to`: false when the
 * link is down or loses it; else *rtt = the link's RTT with its extra. */
static inline bool net_forward(const struct network *n, int from, int to, const struct net_draw *d,
                               sim_time *rtt)
{
    if (!n->link_up[from][to] || (n->link_loss[from][to] > 0 &&
                                  (double)(d->forward >> 11) * 0x1.0p-53 < n->link_loss[from][to]))
        return false;
    *rtt = n->region_rtt[from][to] + n->link_extra[from][to];
    return true;
}

/* a reaches b (a == b, or the link between them is up). */
bool net_reaches(const struct network *n, int a, int b);
/* Region g's access path loses this share of what is sent over it (0: none). */
double net_access_loss(const struct network *n, int g);

/* The link a-b is partitioned (up false) or healed. */
void net_set_link(struct network *n, int a, int b, bool up);
/* Link a-b (b < 0: a's users' access path) gets extra RTT and loss (0, 0:
 * healthy again). */
void net_degrade(struct network *n, int a, int b, sim_time extra, double loss);

#endif
