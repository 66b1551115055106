/* Active-active: every serving region runs a full fleet and a database and
 * is in the record set. Health checks alone take a region out (no human
 * approval by default); the survivors scale up to carry its share. Writes
 * go to every region (multi-writer, the default) or to the primary. */
#include "models/strategies/builtin.h"

#include "sim/error.h"

static const char *const keys[] = {"regions", "replication", "acks",       "lag",      "reads",
                                   "writers", "conflicts",   "clock_skew", "scale_up", NULL};

static int layout(struct strategy *st)
{
    const struct scenario_strategy *c = st->cfg;
    const struct scenario *s = st->s;
    int n = 0;
    if (c->n_regions <= 0) {
        for (int g = 0; g < s->n_regions; g++)
            st->serving[g] = true;
        n = s->n_regions;
    } else {
        for (int i = 0; i < c->n_regions; i++) {
            if (c->regions[i] < 0 || c->regions[i] >= s->n_regions)
                return SIM_EINVAL;
            if (!st->serving[c->regions[i]])
                n++;
            st->serving[c->regions[i]] = true;
        }
    }
    if (n == 0)
        return SIM_EINVAL;
    st->active =
        c->primary >= 0 && c->primary < s->n_regions && st->serving[c->primary] ? c->primary : -1;
    for (int g = 0; g < s->n_regions; g++) {
        if (st->active < 0 && st->serving[g])
            st->active = g;
        st->ops->set_instances(st->ctx, g, st->serving[g] ? st->full[g] : 0);
        st->ops->set_db(st->ctx, g, st->serving[g]);
        st->ops->set_record(st->ctx, g, st->serving[g]);
    }
    return 0;
}

static int standby_size(const struct strategy *st, int g)
{
    return st->serving[g] ? st->full[g] : 0;
}

/* The serving regions still up carry everyone's share. */
static void scale_survivors(struct strategy *st)
{
    int n = 0, up = 0;
    for (int g = 0; g < st->s->n_regions; g++) {
        n += st->serving[g];
        up += st->serving[g] && !st->down[g];
    }
    for (int g = 0; g < st->s->n_regions; g++)
        if (st->serving[g] && !st->down[g] && up > 0)
            st->ops->set_instances(st->ctx, g, (st->full[g] * n + up - 1) / up);
}

static void on_health(struct strategy *st, int region, bool healthy, int cause)
{
    if (!st->serving[region] || st->down[region] == !healthy)
        return;
    st->down[region] = !healthy;
    if (healthy) {
        if (!st->running)
            scale_survivors(st);
        return;
    }
    int survivor = -1;
    for (int g = 0; g < st->s->n_regions && survivor < 0; g++)
        if (st->serving[g] && !st->down[g])
            survivor = g;
    if (survivor < 0 || st->running)
        return; /* running: the pending scale step sizes for every region down */
    strategy_start(st, cause, region, survivor, false);
    strategy_mark(st, PHASE_DETECT);
    st->ops->promote(st->ctx, survivor, region, st->inc);
    if (st->active == region)
        st->active = survivor;
    strategy_add_step(st, PHASE_SCALE, &st->cfg->scale_up, -2);
    strategy_run(st);
}

static bool writes(const struct strategy *st, int region)
{
    return st->serving[region];
}

/* A restore needs the control plane of every serving region up. */
static int restore_cp(const struct strategy *st)
{
    return -2;
}

static bool multi_writer(const struct scenario_strategy *c)
{
    return c->writers == WRITER_MULTI;
}

const struct strategy_type strategy_active_active = {
    .key = "active_active",
    .label = "Active-active",
    .placement = STRATEGY_SET,
    .keys = keys,
    .layout = layout,
    .standby_size = standby_size,
    .standby_holds_data = true,
    .on_health = on_health,
    .scale = scale_survivors,
    .writes = writes,
    .restore_cp = restore_cp,
    .multi_writer = multi_writer,
};
