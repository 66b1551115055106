/* The world's side of fencing (models/fencing.h): who can reach whom, the
 * runbook's fence step, and the split-brain count in the run result. The
 * lease lives in a consensus store spread over the scenario's regions (as
 * Patroni's leader key in an etcd cluster across them): the primary renews
 * it while it reaches a strict majority of them, itself included. */
#include "models/world_impl.h"

static bool reach(const struct world *w, int a, int b)
{
    if (a < 0 || b < 0 || !w->reg[a].up || !w->reg[b].up)
        return false;
    return net_reaches(&w->net, a, b);
}

static bool renews(const struct world *w, int primary)
{
    int n = 0;
    for (int g = 0; g < w->s->n_regions; g++)
        n += reach(w, primary, g);
    return 2 * n > w->s->n_regions;
}

static bool applies(const struct world *w)
{
    return !w->multi_writer;
}

void world_fencing_init(struct world *w)
{
    const struct scenario_strategy *c = &w->s->strategies[w->kind];
    fencing_init(&w->fence, applies(w) ? c->fencing : FENCING_NONE, c->lease,
                 applies(w) ? strategy_writer(&w->st) : -1);
}

void world_fencing_check(struct world *w)
{
    struct fencing *f = &w->fence;
    int primary = fencing_primary(f);
    if (!applies(w) || primary < 0)
        return;
    fencing_contact(f, sim_now(w->sim), renews(w, primary), reach(w, primary, fencing_writer(f)));
}

void world_fencing_promoted(struct world *w, int region)
{
    struct fencing *f = &w->fence;
    if (!applies(w))
        return;
    fencing_promoted(f, sim_now(w->sim), region, reach(w, fencing_primary(f), region));
}

sim_time world_fence_begin(void *ctx, int failed, sim_time drawn)
{
    struct world *w = ctx;
    return fencing_begin(&w->fence, sim_now(w->sim), drawn);
}

void world_fence_end(void *ctx, int failed)
{
    struct world *w = ctx;
    fencing_end(&w->fence);
}

void world_fencing_finish(struct world *w)
{
    const struct scenario *s = w->s;
    w->out->split_brain_applies = applies(w) && (s->strategies[w->kind].fencing != FENCING_NONE ||
                                                 (s->dns.hc_n_from > 0 && !w->anycast));
    w->out->split_brain_writes = fencing_split_brain_writes(&w->fence);
}
