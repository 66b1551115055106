/* Data residency (users[].residency, residency.policy): a population's
 * requests and data may only be served and kept in its allowed regions.
 * fail_closed refuses a request that reaches a region outside, and a write
 * whose writer is outside; its data is never copied out (replicas and
 * snapshots elsewhere leave its rows out), so nothing counts. fail_open
 * serves anyway and counts: residency_violations, the requests served
 * outside; residency_bytes, the bytes of its writes stored in every
 * data-holding region outside (the writer and the replicas) and its share
 * of every snapshot copied to a backup region outside. */
#include "models/world_impl.h"

static bool outside(const struct world *w, int pop, int g)
{
    uint32_t allow = w->s->users[pop].residency;
    return allow && !(allow >> g & 1u);
}

static bool fail_open(const struct world *w)
{
    return w->s->residency_policy == RESIDENCY_FAIL_OPEN;
}

bool world_residency_admit(const struct world *w, int pop, int g)
{
    return !outside(w, pop, g) || fail_open(w);
}

void world_residency_served(struct world *w, int pop, int g)
{
    if (outside(w, pop, g))
        w->res.violations += w->weight;
}

bool world_residency_write(struct world *w, int pop, int writer)
{
    if (!w->s->users[pop].residency)
        return true;
    if (!fail_open(w))
        return !outside(w, pop, writer);
    int n = 0;
    for (int g = 0; g < w->s->n_regions; g++)
        n += (g == writer || w->reg[g].db) && outside(w, pop, g);
    w->res.bytes += (double)n * (double)w->payload * w->weight;
    return true;
}

/* Snapshot copies count where each went: after a promotion into the
 * backup region, the old writer's region receives them. */
void world_residency_finish(struct world *w, const double *snapshot_bytes_to)
{
    const struct scenario *s = w->s;
    bool applies = false;
    double snap_out = 0;
    for (int p = 0; p < s->n_users; p++) {
        applies |= s->users[p].residency != 0;
        for (int g = 0; g < s->n_regions; g++)
            if (outside(w, p, g))
                snap_out += s->users[p].share * snapshot_bytes_to[g];
    }
    w->out->residency_applies = applies;
    w->out->residency_violations = w->res.violations;
    w->out->residency_bytes = w->res.bytes + (fail_open(w) ? snap_out : 0);
}
