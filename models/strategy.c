/* The runbook engine: a runbook is a list of steps built when it starts (by
 * the strategy's table of operations); each step's action happens when it
 * ends, and its end is recorded in the incident as an offset from the
 * failure. Also the operations strategies with a primary and a recovery
 * region share. The engine names no strategy: their files do. */
#include "models/strategy.h"

#include <math.h>
#include <string.h>

#include "models/strategies/registry.h"
#include "sim/error.h"
#include "sim/rng.h"

int strategy_init(struct strategy *st, struct sim *sim, const struct scenario *s, int k,
                  const struct strategy_ops *ops, void *ctx, gsl_rng *rng)
{
    memset(st, 0, sizeof *st);
    st->type = strategy_type(k);
    if (!st->type)
        return SIM_EINVAL;
    st->sim = sim;
    st->rng = rng;
    st->cfg = &s->strategies[k];
    st->s = s;
    st->ops = ops;
    st->ctx = ctx;
    for (int g = 0; g < s->n_regions; g++)
        st->full[g] = s->regions[g].instances > 0 ? s->regions[g].instances : 1;
    for (int g = 0; g < SCENARIO_MAX_REGIONS; g++)
        st->missed[g] = -1;
    return st->type->layout(st);
}

int strategy_pair_layout(struct strategy *st)
{
    const struct scenario_strategy *c = st->cfg;
    const struct scenario *s = st->s;
    if (c->primary < 0 || c->primary >= s->n_regions || c->recovery >= s->n_regions ||
        c->recovery == c->primary)
        return SIM_EINVAL;
    st->active = c->primary;
    st->standby = c->recovery;
    st->home = -1;
    st->serving[c->primary] = true;
    for (int g = 0; g < s->n_regions; g++) {
        bool p = g == c->primary, r = g == c->recovery;
        st->ops->set_instances(st->ctx, g,
                               p ? st->full[g] : r ? st->type->standby_size(st, g) : 0);
        st->ops->set_db(st->ctx, g, p || (r && st->type->standby_holds_data));
        st->ops->set_record(st->ctx, g, p);
    }
    return 0;
}

int strategy_no_standby(const struct strategy *st, int region)
{
    return 0;
}

int strategy_writer(const struct strategy *st)
{
    return st->active;
}

bool strategy_writes(const struct strategy *st, int region)
{
    return st->type->writes(st, region);
}

bool strategy_pair_writes(const struct strategy *st, int region)
{
    return strategy_writer(st) == region;
}

bool strategy_multi_writer(const struct strategy *st)
{
    return st->type->multi_writer && st->type->multi_writer(st->cfg);
}

bool strategy_serving(const struct strategy *st, int region)
{
    return st->serving[region];
}

bool strategy_running(const struct strategy *st)
{
    return st->running;
}

bool strategy_recovering(const struct strategy *st)
{
    if (st->running || st->failed_over)
        return true;
    for (int g = 0; g < st->s->n_regions; g++)
        if (st->down[g])
            return true;
    return false;
}

void strategy_mark(struct strategy *st, enum phase p)
{
    if (st->inc)
        st->inc->phase_end[p] = sim_now(st->sim) - st->t0;
}

void strategy_add_step(struct strategy *st, enum phase p, const struct sim_dur *d, int cp)
{
    struct strategy_step *s = &st->steps[st->n_steps++];
    s->phase = p;
    s->duration = d ? sim_dur_draw(d, st->rng) : 0;
    /* A zone change needs the DNS provider's control plane where it lives. */
    if (p == PHASE_DNS_SWITCH && cp == -1 && st->s->dns.control_plane >= 0)
        cp = st->s->dns.control_plane;
    s->cp_region = cp;
}

struct sim_dur strategy_restore_time(const struct scenario_strategy *c)
{
    double secs = c->restore_rate > 0 ? (double)c->data_bytes / c->restore_rate : 0;
    return sim_dur_fixed(sim_time_from_sec(secs));
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

static void home_back(struct strategy *st);
static void start_failover(struct strategy *st, int region, int cause);
static void on_resync_poll(struct sim *sim, void *ctx, uint64_t arg);

/* The action of step s at its end; false: the runbook stops here. */
static bool step_action(struct strategy *st, const struct strategy_step *s)
{
    const struct strategy_ops *o = st->ops;
    switch (s->phase) {
    case PHASE_DECIDE:
        /* The operator stands down when the region is back before approval. */
        if (!st->corrupt && o->healthy(st->ctx, st->failed)) {
            strategy_mark(st, s->phase);
            st->running = false;
            st->failed_over = false;
            return false;
        }
        break;
    case PHASE_FENCE:
        if (o->fence_end)
            o->fence_end(st->ctx, st->failed);
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
        o->restore(st->ctx, st->target, st->failed, st->inc);
        st->active = st->target;
        break;
    case PHASE_PROMOTE:
        o->promote(st->ctx, st->target, st->failed, st->failback ? NULL : st->inc);
        st->active = st->target;
        break;
    case PHASE_START:
    case PHASE_SCALE:
        st->type->scale(st);
        break;
    case PHASE_DNS_SWITCH:
        o->set_record(st->ctx, st->failed, false);
        o->set_record(st->ctx, st->target, true);
        break;
    case PHASE_FAILBACK:
        /* The vacated recovery region returns to its standby layout. */
        o->set_instances(st->ctx, st->failed, st->type->standby_size(st, st->failed));
        if (!st->type->standby_holds_data)
            o->set_db(st->ctx, st->failed, false);
        st->failed_over = false;
        break;
    case PHASE_DETECT:
    case PHASE_COUNT:
        break;
    }
    return true;
}

static void on_step_end(struct sim *sim, void *ctx, uint64_t arg)
{
    struct strategy *st = ctx;
    const struct strategy_step *s = &st->steps[st->cur];
    if (!step_action(st, s))
        return;
    strategy_mark(st, s->phase);
    st->cur++;
    /* Corruption: the service stops when the restore begins. */
    if (st->corrupt && st->cur < st->n_steps && st->steps[st->cur].phase == PHASE_RESTORE &&
        st->ops->halt)
        st->ops->halt(st->ctx, true);
    strategy_run(st);
}

void strategy_run(struct strategy *st)
{
    if (st->cur >= st->n_steps) {
        st->running = false;
        if (st->type->runbook_end)
            st->type->runbook_end(st);
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
    sim_time d = s->duration;
    if (s->phase == PHASE_FENCE && st->ops->fence_begin)
        d = st->ops->fence_begin(st->ctx, st->failed, d);
    sim_after(st->sim, d, on_step_end, st, 0);
}

static void on_resync_poll(struct sim *sim, void *ctx, uint64_t arg)
{
    strategy_run(ctx);
}

void strategy_start(struct strategy *st, int cause, int failed, int target, bool failback)
{
    st->running = true;
    st->failback = failback;
    st->inc = st->ops->runbook_start(st->ctx, failback ? -2 : cause);
    st->t0 = st->inc ? st->inc->t_fail : sim_now(st->sim);
    st->failed = failed;
    st->target = target;
    st->n_steps = 0;
    st->cur = 0;
    st->corrupt = false;
    st->runbooks++;
}

void strategy_pair_scale(struct strategy *st)
{
    st->ops->set_instances(st->ctx, st->target, st->full[st->target]);
}

int strategy_pair_restore_cp(const struct strategy *st)
{
    return st->active;
}

void strategy_pair_runbook_end(struct strategy *st)
{
    /* The old primary came back while the runbook ran: its health verdict
     * is not repeated, so act on it now. */
    if (!st->failback && st->failed_over && st->home >= 0 && st->ops->healthy(st->ctx, st->home))
        home_back(st);
    /* Likewise the serving region failed while another runbook (a
     * corruption restore) ran: fail over now. */
    else if (!st->failed_over && st->standby >= 0 && st->active >= 0 &&
             !st->ops->healthy(st->ctx, st->active))
        start_failover(st, st->active, st->missed[st->active]);
}

static void start_failover(struct strategy *st, int region, int cause)
{
    const struct scenario_strategy *c = st->cfg;
    int rec = st->standby;
    st->home = region;
    strategy_start(st, cause, region, rec, false);
    strategy_mark(st, PHASE_DETECT);
    if (!c->automatic)
        strategy_add_step(st, PHASE_DECIDE, &c->decide, -1);
    /* The old primary is fenced before anything takes its place; stonith
     * acts through its control plane. */
    if (c->fencing != FENCING_NONE)
        strategy_add_step(st, PHASE_FENCE, c->fencing == FENCING_STONITH ? &c->stonith : NULL,
                          c->fencing == FENCING_STONITH ? region : -1);
    st->type->failover_steps(st, rec);
    st->failed_over = true;
    strategy_run(st);
}

static void start_failback(struct strategy *st)
{
    const struct scenario_strategy *c = st->cfg;
    int prim = st->home, rec = st->active;
    strategy_start(st, -2, rec, prim, true);
    /* Replicate back until nothing is missing, then promote the primary. */
    strategy_add_step(st, PHASE_PROMOTE, &c->promote, -1);
    strategy_add_step(st, PHASE_DNS_SWITCH, &c->dns_switch, -1);
    /* Keep the recovery fleet for one TTL while caches drain. */
    struct sim_dur drain = sim_dur_fixed(
        st->s->dns.ttl > st->s->dns.client_floor ? st->s->dns.ttl : st->s->dns.client_floor);
    strategy_add_step(st, PHASE_FAILBACK, &drain, -1);
    strategy_run(st);
}

void strategy_on_health(struct strategy *st, int region, bool healthy, int cause)
{
    st->type->on_health(st, region, healthy, cause);
}

void strategy_pair_on_health(struct strategy *st, int region, bool healthy, int cause)
{
    if (!healthy)
        st->missed[region] = cause; /* for a failover once a running runbook ends */
    if (!healthy && region == st->active && !st->running && !st->failed_over && st->standby >= 0)
        start_failover(st, region, cause);
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
        st->ops->set_instances(st->ctx, region, st->type->standby_size(st, region));
        st->ops->set_db(st->ctx, region, st->type->standby_holds_data);
        st->standby = region;
        st->failed_over = false;
    }
}

void strategy_on_corruption(struct strategy *st, int region, sim_time detect, int cause)
{
    if (st->running)
        return;
    const struct scenario_strategy *c = st->cfg;
    strategy_start(st, cause, region, st->active, false);
    st->corrupt = true;
    struct sim_dur d = sim_dur_fixed(detect > 0 ? detect : 0);
    strategy_add_step(st, PHASE_DETECT, &d, -1);
    if (!c->automatic)
        strategy_add_step(st, PHASE_DECIDE, &c->decide, -1);
    struct sim_dur restore = strategy_restore_time(c);
    strategy_add_step(st, PHASE_RESTORE, &restore, st->type->restore_cp(st));
    strategy_run(st);
}

void strategy_on_cp(struct strategy *st, int region, bool up)
{
    if (up && st->running && st->waiting_cp)
        strategy_run(st);
}
