/* Layouts and runbooks of the four strategies. A runbook is a list of steps
 * built when it starts; each step's action happens when it ends, and its end
 * is recorded in the incident as an offset from the failure. */
#include "models/strategy.h"

#include <math.h>
#include <string.h>

#include "sim/error.h"
#include "sim/rng.h"

static int standby_size(const struct strategy *st, int g)
{
    switch (st->kind) {
    case STRATEGY_WARM_STANDBY:
        return (int)ceil(st->cfg->standby * st->full[g]);
    case STRATEGY_ACTIVE_ACTIVE:
        return st->serving[g] ? st->full[g] : 0;
    default:
        return 0;
    }
}

int strategy_init(struct strategy *st, struct sim *sim, const struct scenario *s,
                  enum strategy_kind k, const struct strategy_ops *ops, void *ctx, gsl_rng *rng)
{
    memset(st, 0, sizeof *st);
    st->sim = sim;
    st->rng = rng;
    st->kind = k;
    st->cfg = &s->strategies[k];
    st->s = s;
    st->ops = ops;
    st->ctx = ctx;
    const struct scenario_strategy *c = st->cfg;
    for (int g = 0; g < s->n_regions; g++)
        st->full[g] = s->regions[g].instances > 0 ? s->regions[g].instances : 1;
    if (k == STRATEGY_ACTIVE_ACTIVE) {
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
        st->active = c->primary >= 0 && c->primary < s->n_regions && st->serving[c->primary]
                         ? c->primary
                         : -1;
        for (int g = 0; g < s->n_regions; g++) {
            if (st->active < 0 && st->serving[g])
                st->active = g;
            ops->set_instances(ctx, g, st->serving[g] ? st->full[g] : 0);
            ops->set_db(ctx, g, st->serving[g]);
            ops->set_record(ctx, g, st->serving[g]);
        }
        return 0;
    }
    if (c->primary < 0 || c->primary >= s->n_regions || c->recovery >= s->n_regions ||
        c->recovery == c->primary)
        return SIM_EINVAL;
    st->active = c->primary;
    st->standby = c->recovery;
    st->home = -1;
    st->serving[c->primary] = true;
    for (int g = 0; g < s->n_regions; g++) {
        bool p = g == c->primary, r = g == c->recovery;
        ops->set_instances(ctx, g, p ? st->full[g] : r ? standby_size(st, g) : 0);
        ops->set_db(ctx, g, p || (r && k != STRATEGY_BACKUP_RESTORE));
        ops->set_record(ctx, g, p);
    }
    return 0;
}

int strategy_writer(const struct strategy *st)
{
    return st->active;
}

static void mark(struct strategy *st, enum phase p)
{
    if (st->inc)
        st->inc->phase_end[p] = sim_now(st->sim) - st->t0;
}

static void add_step(struct strategy *st, enum phase p, const struct sim_dur *d, int cp)
{
    struct strategy_step *s = &st->steps[st->n_steps++];
    s->phase = p;
    s->duration = d ? sim_dur_draw(d, st->rng) : 0;
    s->cp_region = cp;
}

static bool cp_ok(const struct strategy *st, int cp)
{
    if (cp == -1)
        return true;
    if (cp >= 0)
        return st->ops->cp_up(st->ctx, cp);
    for (int g = 0; g < st->s->n_regions; g++)
        if (st->serving[g] && !st->down[g] && !st->ops->cp_up(st->ctx, g))
            return false;
    return true;
}

static void run_step(struct strategy *st);
static void home_back(struct strategy *st);
static void start_failover(struct strategy *st, int region, struct incident_result *inc);
static void on_resync_poll(struct sim *sim, void *ctx, uint64_t arg);

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

static void on_step_end(struct sim *sim, void *ctx, uint64_t arg)
{
    struct strategy *st = ctx;
    const struct strategy_step *s = &st->steps[st->cur];
    const struct strategy_ops *o = st->ops;
    switch (s->phase) {
    case PHASE_DECIDE:
        /* The operator stands down when the region is back before approval. */
        if (!st->corrupt && o->healthy(st->ctx, st->failed)) {
            mark(st, s->phase);
            st->running = false;
            st->failed_over = false;
            return;
        }
        break;
    case PHASE_PROVISION:
        o->set_db(st->ctx, st->target, true);
        break;
    case PHASE_RESTORE:
        if (st->corrupt) {
            /* The good snapshot is back in place (its loss was read at the
             * corruption): the service resumes. */
            if (o->halt)
                o->halt(st->ctx, false);
            break;
        }
        o->restore(st->ctx, st->target, st->inc);
        st->active = st->target;
        break;
    case PHASE_PROMOTE:
        o->promote(st->ctx, st->target, st->failed, st->failback ? NULL : st->inc);
        st->active = st->target;
        break;
    case PHASE_START:
    case PHASE_SCALE:
        if (st->kind == STRATEGY_ACTIVE_ACTIVE)
            scale_survivors(st);
        else
            o->set_instances(st->ctx, st->target, st->full[st->target]);
        break;
    case PHASE_DNS_SWITCH:
        o->set_record(st->ctx, st->failed, false);
        o->set_record(st->ctx, st->target, true);
        break;
    case PHASE_FAILBACK:
        /* The vacated recovery region returns to its standby layout. */
        o->set_instances(st->ctx, st->failed, standby_size(st, st->failed));
        if (st->kind == STRATEGY_BACKUP_RESTORE)
            o->set_db(st->ctx, st->failed, false);
        st->failed_over = false;
        break;
    default:
        break;
    }
    mark(st, s->phase);
    st->cur++;
    /* Corruption: the service stops when the restore begins. */
    if (st->corrupt && st->cur < st->n_steps && st->steps[st->cur].phase == PHASE_RESTORE &&
        o->halt)
        o->halt(st->ctx, true);
    run_step(st);
}

static void run_step(struct strategy *st)
{
    if (st->cur >= st->n_steps) {
        st->running = false;
        /* The old primary came back while the runbook ran: its health verdict
         * is not repeated, so act on it now. */
        if (st->kind != STRATEGY_ACTIVE_ACTIVE && !st->failback && st->failed_over &&
            st->home >= 0 && st->ops->healthy(st->ctx, st->home))
            home_back(st);
        /* Likewise the serving region failed while another runbook (a
         * corruption restore) ran: fail over now. */
        else if (st->kind != STRATEGY_ACTIVE_ACTIVE && !st->failed_over && st->standby >= 0 &&
                 st->active >= 0 && !st->ops->healthy(st->ctx, st->active))
            start_failover(st, st->active, st->missed[st->active]);
        return;
    }
    const struct strategy_step *s = &st->steps[st->cur];
    if (!cp_ok(st, s->cp_region)) {
        st->waiting_cp = true;
        return;
    }
    st->waiting_cp = false;
    /* Failback replicates back until the old primary lacks nothing (checked
     * each second), then promotes it. Backups-only data never syncs: the
     * promote step's duration stands for the copy back. */
    if (st->failback && s->phase == PHASE_PROMOTE && st->cfg->replication != REPL_NONE &&
        !st->ops->synced(st->ctx, st->failed, st->target)) {
        sim_after(st->sim, SIM_SEC, on_resync_poll, st, 0);
        return;
    }
    sim_after(st->sim, s->duration, on_step_end, st, 0);
}

static void on_resync_poll(struct sim *sim, void *ctx, uint64_t arg)
{
    run_step(ctx);
}

static void start(struct strategy *st, struct incident_result *inc, int failed, int target,
                  bool failback)
{
    st->running = true;
    st->failback = failback;
    st->inc = inc;
    st->t0 = inc ? inc->t_fail : sim_now(st->sim);
    st->failed = failed;
    st->target = target;
    st->n_steps = 0;
    st->cur = 0;
    st->corrupt = false;
    st->runbooks++;
}

static void start_failover(struct strategy *st, int region, struct incident_result *inc)
{
    const struct scenario_strategy *c = st->cfg;
    int rec = st->standby;
    st->home = region;
    start(st, inc, region, rec, false);
    mark(st, PHASE_DETECT);
    if (!c->automatic)
        add_step(st, PHASE_DECIDE, &c->decide, -1);
    switch (st->kind) {
    case STRATEGY_BACKUP_RESTORE: {
        add_step(st, PHASE_PROVISION, &c->provision, rec);
        double secs = c->restore_rate > 0 ? (double)c->data_bytes / c->restore_rate : 0;
        struct sim_dur restore = sim_dur_fixed(sim_time_from_sec(secs));
        add_step(st, PHASE_RESTORE, &restore, -1);
        add_step(st, PHASE_START, &c->start_compute, rec);
        add_step(st, PHASE_DNS_SWITCH, &c->dns_switch, -1);
        break;
    }
    case STRATEGY_PILOT_LIGHT:
        add_step(st, PHASE_PROMOTE, &c->promote, -1);
        add_step(st, PHASE_START, &c->start_compute, rec);
        add_step(st, PHASE_DNS_SWITCH, &c->dns_switch, -1);
        break;
    default: /* warm standby */
        add_step(st, PHASE_PROMOTE, &c->promote, -1);
        add_step(st, PHASE_DNS_SWITCH, &c->dns_switch, -1);
        add_step(st, PHASE_SCALE, &c->scale_up, rec);
        break;
    }
    st->failed_over = true;
    run_step(st);
}

static void start_failback(struct strategy *st)
{
    const struct scenario_strategy *c = st->cfg;
    int prim = st->home, rec = st->active;
    struct incident_result *inc = st->ops->open_incident(st->ctx, prim);
    if (inc)
        inc->data_lost_applies = false;
    start(st, inc, rec, prim, true);
    /* Replicate back until nothing is missing, then promote the primary. */
    add_step(st, PHASE_PROMOTE, &c->promote, -1);
    add_step(st, PHASE_DNS_SWITCH, &c->dns_switch, -1);
    /* Keep the recovery fleet for one TTL while caches drain. */
    struct sim_dur drain = sim_dur_fixed(
        st->s->dns.ttl > st->s->dns.client_floor ? st->s->dns.ttl : st->s->dns.client_floor);
    add_step(st, PHASE_FAILBACK, &drain, -1);
    run_step(st);
}

void strategy_on_health(struct strategy *st, int region, bool healthy, struct incident_result *inc)
{
    if (st->kind == STRATEGY_ACTIVE_ACTIVE) {
        if (!st->serving[region] || st->down[region] == !healthy)
            return;
        st->down[region] = !healthy;
        if (!healthy) {
            int survivor = -1;
            for (int g = 0; g < st->s->n_regions && survivor < 0; g++)
                if (st->serving[g] && !st->down[g])
                    survivor = g;
            if (survivor < 0)
                return;
            if (st->running)
                return; /* the pending scale step sizes for every region down */
            start(st, inc, region, survivor, false);
            mark(st, PHASE_DETECT);
            st->ops->promote(st->ctx, survivor, region, inc);
            if (st->active == region)
                st->active = survivor;
            add_step(st, PHASE_SCALE, &st->cfg->scale_up, -2);
            run_step(st);
        } else if (!st->running) {
            scale_survivors(st);
        }
        return;
    }
    if (!healthy)
        st->missed[region] = inc; /* for a failover once a running runbook ends */
    if (!healthy && region == st->active && !st->running && !st->failed_over && st->standby >= 0)
        start_failover(st, region, inc);
    else if (healthy && region == st->home && st->failed_over && !st->running)
        home_back(st);
}

/* The primary a failover left is healthy again. */
static void home_back(struct strategy *st)
{
    int region = st->home;
    if (st->cfg->failback) {
        start_failback(st);
    } else {
        /* The old primary is rebuilt as the standby: the layout with the
         * roles swapped is the new steady state. */
        st->ops->set_instances(st->ctx, region, standby_size(st, region));
        st->ops->set_db(st->ctx, region, st->kind != STRATEGY_BACKUP_RESTORE);
        st->standby = region;
        st->failed_over = false;
    }
}

void strategy_on_corruption(struct strategy *st, int region, sim_time detect,
                            struct incident_result *inc)
{
    if (st->running)
        return;
    const struct scenario_strategy *c = st->cfg;
    start(st, inc, region, st->active, false);
    st->corrupt = true;
    struct sim_dur d = sim_dur_fixed(detect > 0 ? detect : 0);
    add_step(st, PHASE_DETECT, &d, -1);
    if (!c->automatic)
        add_step(st, PHASE_DECIDE, &c->decide, -1);
    double secs = c->restore_rate > 0 ? (double)c->data_bytes / c->restore_rate : 0;
    struct sim_dur restore = sim_dur_fixed(sim_time_from_sec(secs));
    add_step(st, PHASE_RESTORE, &restore, st->kind == STRATEGY_ACTIVE_ACTIVE ? -2 : st->active);
    run_step(st);
}

void strategy_on_cp(struct strategy *st, int region, bool up)
{
    if (up && st->running && st->waiting_cp)
        run_step(st);
}
