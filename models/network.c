/* The network of one world: RTT tables, jitter, link and access-path state,
 * and the per-request draws (see network.h). */
#include "models/network.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

#include "sim/error.h"
#include "sim/rng.h"

/* RTT multipliers: the lognormal with median 1 and the scenario's p95/median
 * ratio, at the midpoints of NET_JITTER_TABLE equal-probability bins. */
static void fill_jitter(struct network *n, double p95_ratio)
{
    double sigma = p95_ratio > 1 ? log(p95_ratio) / gsl_cdf_ugaussian_Pinv(0.95) : 0;
    for (int i = 0; i < NET_JITTER_TABLE; i++)
        n->jitter[i] = exp(sigma * gsl_cdf_ugaussian_Pinv((i + 0.5) / NET_JITTER_TABLE));
}

int net_init(struct network *n, const struct scenario *s, uint64_t replication, sim_time hop_extra)
{
    gsl_rng *rng = sim_rng_new(s->seed, replication, "network");
    if (!rng)
        return SIM_ENOMEM;
    n->hop_extra = hop_extra;
    fill_jitter(n, s->rtt_jitter);
    prng_seed(&n->draws, rng);
    gsl_rng_free(rng);
    for (int a = 0; a < s->n_regions; a++) {
        for (int b = 0; b < s->n_regions; b++) {
            n->link_up[a][b] = true;
            n->link_extra[a][b] = 0;
            n->link_loss[a][b] = 0;
            n->region_rtt[a][b] = sim_time_from_sec(s->rtt_ms[a][b] * 1e-3);
        }
        for (int p = 0; p < s->n_users; p++)
            n->user_rtt_ns[p][a] = s->user_rtt_ms[p][a] * 1e6;
        n->access_extra[a] = 0;
        n->access_loss[a] = 0;
    }
    return 0;
}

bool net_reaches(const struct network *n, int a, int b)
{
    return a == b || n->link_up[a][b];
}

double net_access_loss(const struct network *n, int g)
{
    return n->access_loss[g];
}

void net_set_link(struct network *n, int a, int b, bool up)
{
    n->link_up[a][b] = n->link_up[b][a] = up;
}

void net_degrade(struct network *n, int a, int b, sim_time extra, double loss)
{
    if (b >= 0) {
        n->link_extra[a][b] = n->link_extra[b][a] = extra;
        n->link_loss[a][b] = n->link_loss[b][a] = loss;
    } else {
        n->access_extra[a] = extra;
        n->access_loss[a] = loss;
    }
}
