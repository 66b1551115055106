/* The front door's load-aware routing (routing.load_aware): its own random
 * stream ("routing") for the shed draws, so no other stream changes, and
 * the measurement interval's timer. */
#include "models/world_impl.h"

#include "sim/error.h"
#include "sim/rng.h"

static void on_load_tick(struct sim *sim, void *ctx, uint64_t arg)
{
    struct world *w = ctx;
    fd_adjust(&w->fd);
    sim_after(sim, w->s->routing.load_interval, on_load_tick, w, 0);
}

int world_routing_setup(struct world *w)
{
    if (!w->anycast || !fd_load_aware(&w->fd))
        return 0;
    w->rng_route = sim_rng_new(w->s->seed, (uint64_t)w->out->replication, "routing");
    if (!w->rng_route)
        return SIM_ENOMEM;
    return sim_after(w->sim, w->s->routing.load_interval, on_load_tick, w, 0).id ? 0 : SIM_ENOMEM;
}

int world_route(struct world *w, int pop)
{
    if (!w->rng_route)
        return fd_route(&w->fd, pop);
    return w->origin = fd_route_shed(&w->fd, pop, gsl_rng_uniform(w->rng_route));
}

void world_routing_free(struct world *w)
{
    if (w->rng_route)
        gsl_rng_free(w->rng_route);
}
