/* Load-driven scale-out (autoscale block), as a target-tracking policy
 * (EC2 Auto Scaling, Kubernetes' horizontal pod autoscaler): every
 * `interval`, a region whose app tier was busier than `target` (server
 * time booked over servers x interval) asks for instances x utilisation /
 * target of them, at most max_instances; they serve `delay` later (boot
 * and warm-up), one request in flight per region. It only adds: the
 * runbook's own scaling and layout stand, and a later runbook step may set
 * fewer. Utilisation is capped at 1 by the servers, so an overloaded
 * region grows by 1 / target per step. */
#include <math.h>

#include "models/world_impl.h"
#include "sim/error.h"

static void on_scaled(struct sim *sim, void *ctx, uint64_t arg)
{
    struct world *w = ctx;
    int g = (int)(arg & 0xff), n = (int)(arg >> 8);
    w->scale.scaling[g] = false;
    if (w->reg[g].up && n > w->reg[g].instances) {
        w->ops.set_instances(w, g, n);
        w->scale.scale_outs += 1;
    }
}

static void on_tick(struct sim *sim, void *ctx, uint64_t arg)
{
    struct world *w = ctx;
    const struct scenario_autoscale *a = &w->s->autoscale;
    double span = (double)a->interval;
    for (int g = 0; g < w->s->n_regions; g++) {
        const struct world_region *r = &w->reg[g];
        double util = r->servers > 0 ? w->load.busy_region_ns[g] / (r->servers * span) : 0;
        w->load.busy_region_ns[g] = 0;
        if (!r->up || r->instances == 0 || w->scale.scaling[g] || util <= a->target)
            continue;
        int want = (int)ceil(r->instances * fmin(util, 1.0) / a->target - 1e-9);
        if (want > a->max_instances)
            want = a->max_instances;
        if (want <= r->instances)
            continue;
        w->scale.scaling[g] = true;
        sim_after(sim, a->delay, on_scaled, w, (uint64_t)g | (uint64_t)want << 8);
    }
    sim_after(sim, a->interval, on_tick, w, 0);
}

int world_autoscale_setup(struct world *w)
{
    if (!w->s->autoscale.on)
        return 0;
    return sim_after(w->sim, w->s->autoscale.interval, on_tick, w, 0).id ? 0 : SIM_ENOMEM;
}
