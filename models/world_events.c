/* The world's reactions: failures starting and ending, health verdicts
 * moving routing and the runbook, the strategy's ops (instances, records,
 * promotion, restore) and the cost integrals they change. */
#include <math.h>
#include <string.h>

#include "models/world_impl.h"

/* The strategy changed its fleet: what runs above the steady layout's totals
 * (instances, databases), in USD per hour, is integrated and charged to the
 * incident open at the time. Totals, not per region: a failover that swaps
 * the roles of two regions costs nothing once the old primary is scaled down. */
static void level_changed(struct world *w)
{
    const struct scenario *s = w->s;
    int inst = 0, base_inst = 0, db = 0, base_db = 0;
    for (int g = 0; g < s->n_regions; g++) {
        inst += w->reg[g].instances;
        base_inst += w->base_instances[g];
        db += w->reg[g].db;
        base_db += w->base_db[g];
    }
    double excess = 0;
    if (inst > base_inst)
        excess += (inst - base_inst) * s->costs.instance_hour;
    if (db > base_db)
        excess += (db - base_db) * s->costs.db_instance_hour;
    sim_timeavg_set(&w->cost.excess_avg, sim_now(w->sim), w->started ? excess : 0);
}

static void resize(struct world *w, int g)
{
    struct world_region *r = &w->reg[g];
    int conc = w->s->regions[g].concurrency > 0 ? w->s->regions[g].concurrency : 1;
    int servers = w->halted ? 0 : (int)floor(r->instances * conc * r->cap_factor + 1e-9);
    if (servers != r->servers && cap_resize(&r->q, sim_now(w->sim), servers) == 0) {
        r->servers = servers;
        if (w->smp.on)
            fluid_resize(&r->fq, sim_now(w->sim), servers);
    }
}

static void on_publish(struct sim *sim, void *ctx, uint64_t id)
{
    struct world *w = ctx;
    dns_publish_at(&w->dns, id, sim_now(sim));
}

void world_reroute(struct world *w)
{
    if (!w->started)
        return;
    if (w->anycast) {
        fd_update(&w->fd, w->record, health_verdicts(&w->hc));
        return;
    }
    uint64_t id = dns_stage(&w->dns, w->record, health_verdicts(&w->hc));
    sim_time delay = w->s->dns.switch_time;
    /* The first answer of the zone is there from the start. */
    if (!dns_published(&w->dns) || delay <= 0)
        dns_publish_at(&w->dns, id, sim_now(w->sim));
    else
        sim_after(w->sim, delay, on_publish, w, id);
}

/* A checker in region `from` sees region g when both are up and the link
 * between them is (one outside every region sees g as its users do). */
static bool checker_reaches(const struct world *w, int from, int g)
{
    return from < 0 || from == g || (w->reg[from].up && net_reaches(&w->net, from, g));
}

uint32_t world_probe_sig(const struct world *w, int g)
{
    const struct world_region *r = &w->reg[g];
    /* Halted for a restore on purpose: the health endpoint still answers. */
    bool answers = r->up && (r->servers > 0 || (w->halted && r->instances > 0));
    uint32_t sig = (uint32_t)answers | (uint32_t)(net_access_loss(&w->net, g) > 0) << 1;
    for (int i = 0; i < w->s->dns.hc_n_from; i++)
        sig |= (uint32_t)!checker_reaches(w, w->s->dns.hc_from[i], g) << (2 + i);
    return sig;
}

/* A probe gets an answer from a region that is up and runs instances, when
 * the checker reaches it; on a lossy access path (degraded link) it is lost
 * like a request. */
bool world_probe(void *ctx, int from, int region)
{
    struct world *w = ctx;
    uint32_t sig = world_probe_sig(w, region);
    if (!(sig & 1) || !checker_reaches(w, from, region))
        return false;
    return !((sig & 2) && gsl_rng_uniform(w->rng_health) < net_access_loss(&w->net, region));
}

void world_on_health(void *ctx, int region, bool healthy)
{
    struct world *w = ctx;
    world_reroute(w);
    strategy_on_health(&w->st, region, healthy, w->reg[region].fail_slot);
}

void world_incident_opened(void *ctx, struct incident_result *in)
{
    struct world *w = ctx;
    sim_time now = sim_now(w->sim);
    double area = sim_timeavg_area(&w->cost.excess_avg, now);
    if (w->cost.inc)
        w->cost.inc->extra_cost += (area - w->cost.mark) / 3600.0;
    w->cost.inc = in;
    w->cost.mark = area;
    metrics_first_incident(&w->m, in->t_fail);
    world_sample_update(w);
}

/* The restore reads the newest good snapshot wherever a copy is (the
 * corrupted region's own or a backup region's, in a region that is up). */
/* Adds a loss to the incident: lost writes add up, the RPO is the worst. */
static void add_loss(struct incident_result *in, sim_time rpo, int64_t lost)
{
    in->rpo = rpo > in->rpo ? rpo : in->rpo;
    in->lost_writes += lost;
    in->data_lost_applies = true;
}

static void corruption_loss(struct world *w, sim_time now, int a, struct incident_result *in)
{
    sim_time best_rpo;
    int64_t best_lost;
    repl_corruption_loss(w->repl, now, a, &best_rpo, &best_lost);
    for (int g = 0; g < w->s->n_regions; g++) {
        sim_time rpo;
        int64_t lost;
        if (g != a && w->reg[g].up && repl_corruption_loss(w->repl, now, g, &rpo, &lost) &&
            lost < best_lost) {
            best_rpo = rpo;
            best_lost = lost;
        }
    }
    add_loss(in, best_rpo, best_lost);
}

/* The failure a health verdict on a region is put down to: a region loss
 * over any other failure there; cleared when that failure ends. */
static void set_region_cause(struct world_region *r, const struct fail_event *ev, bool start)
{
    if (start && (r->fail_slot < 0 || failure_type(ev->kind)->region_loss)) {
        r->fail_slot = ev->slot;
        r->fail_kind = ev->kind;
    } else if (!start && r->fail_slot == ev->slot) {
        r->fail_slot = -1;
    }
}

bool world_failover_state(const struct world *w)
{
    return incident_is_open(&w->inc) || strategy_recovering(&w->st) ||
           strategy_writer(&w->st) != w->normal_writer;
}

void world_on_failure(void *ctx, const struct fail_event *ev, bool start)
{
    struct world *w = ctx;
    const struct failure_type *t = failure_type(ev->kind);
    struct world_region *r = ev->region >= 0 ? &w->reg[ev->region] : NULL;
    incident_failure(&w->inc, ev->slot, ev->kind, ev->region, ev->region_b, sim_now(w->sim), start);
    if (start) {
        if (r)
            set_region_cause(r, ev, true);
        t->onset(w, ev);
        return;
    }
    if (r)
        set_region_cause(r, ev, false);
    if (t->end)
        t->end(w, ev);
}

/* --- what failures change --- */

void world_region_lost(struct world *w, int a)
{
    sim_time now = sim_now(w->sim);
    struct world_region *r = &w->reg[a];
    r->loss_known = true;
    for (int g = 0; g < w->s->n_regions; g++) {
        if (g == a)
            continue;
        repl_loss(w->repl, now, a, g, &r->loss_rpo[g], &r->loss_lost[g]);
        r->snap_ok[g] = repl_snapshot_loss(w->repl, now, g, &r->snap_rpo[g], &r->snap_lost[g]);
    }
    r->up = false;
    repl_set_region(w->repl, now, a, false);
    sessions_region_lost(w->sess, now, a);
}

void world_region_back(struct world *w, int a)
{
    w->reg[a].up = true;
    w->reg[a].loss_known = false;
    repl_set_region(w->repl, sim_now(w->sim), a, true);
}

void world_partial_outage(struct world *w, int a, double lost, bool on)
{
    struct world_region *r = &w->reg[a];
    if (on) {
        r->cap_factor *= 1 - lost;
    } else {
        r->cap_factor = lost < 1 ? r->cap_factor / (1 - lost) : 1;
        if (r->cap_factor > 1)
            r->cap_factor = 1;
    }
    resize(w, a);
}

void world_set_control_plane(struct world *w, int a, bool up)
{
    w->reg[a].cp_up = up;
    strategy_on_cp(&w->st, a, up);
}

void world_set_link(struct world *w, int a, int b, bool up)
{
    if (b < 0)
        return;
    net_set_link(&w->net, a, b, up);
    repl_set_link(w->repl, sim_now(w->sim), a, b, up);
}

void world_degrade(struct world *w, int a, int b, sim_time extra, double loss)
{
    net_degrade(&w->net, a, b, extra, loss);
    if (b >= 0)
        repl_set_link_delay(w->repl, sim_now(w->sim), a, b, extra);
}

void world_set_dns_outage(struct world *w, bool on)
{
    dns_set_outage_at(&w->dns, on, sim_now(w->sim));
}

/* Only a region that writes the dataset can corrupt it (the writer; any
 * serving region of a multi-region layout). With no snapshot older than the
 * corruption everything is lost (rpo back to the first write): still a loss
 * to report. */
void world_corrupt(struct world *w, int a, sim_time detect, int slot)
{
    if (!strategy_writes(&w->st, a))
        return;
    sim_time now = sim_now(w->sim);
    struct incident_result *in = incident_hurt(&w->inc, slot, now);
    corruption_loss(w, now, a, in);
    strategy_on_corruption(&w->st, a, detect, slot);
}

/* --- the strategy's ops --- */

static void op_set_record(void *ctx, int region, bool in)
{
    struct world *w = ctx;
    if (w->record[region] == in)
        return;
    w->record[region] = in;
    world_reroute(w);
}

static void op_set_instances(void *ctx, int region, int n)
{
    struct world *w = ctx;
    w->reg[region].instances = n;
    resize(w, region);
    level_changed(w);
}

static void op_set_db(void *ctx, int region, bool on)
{
    struct world *w = ctx;
    w->reg[region].db = on;
    level_changed(w);
}

/* The loss of a takeover of `failed` by `region`: read at the outage's onset
 * when there was one, else now (e.g. a failover on a false alarm). */
static void op_promote(void *ctx, int region, int failed, struct incident_result *inc)
{
    struct world *w = ctx;
    sim_time now = sim_now(w->sim);
    if (inc) {
        const struct world_region *f = &w->reg[failed];
        sim_time rpo = f->loss_rpo[region];
        int64_t lost = f->loss_lost[region];
        if (!f->loss_known)
            repl_loss(w->repl, now, failed, region, &rpo, &lost);
        add_loss(inc, rpo, lost);
    }
    if (!w->multi_writer)
        repl_promote(w->repl, now, region);
    else
        repl_detach(w->repl, now, failed);
}

static void op_restore(void *ctx, int region, int failed, struct incident_result *inc)
{
    struct world *w = ctx;
    sim_time now = sim_now(w->sim);
    if (inc) {
        const struct world_region *f = failed >= 0 ? &w->reg[failed] : NULL;
        sim_time rpo;
        int64_t lost;
        if (f && f->loss_known) {
            rpo = f->snap_rpo[region];
            lost = f->snap_lost[region];
        } else {
            repl_snapshot_loss(w->repl, now, region, &rpo, &lost);
        }
        add_loss(inc, rpo, lost);
    }
    repl_promote(w->repl, now, region);
}

/* Corruption: every region stops answering while the snapshot is restored
 * (requests fail as to a down region), then serves again. */
static void op_halt(void *ctx, bool on)
{
    struct world *w = ctx;
    w->halted = on;
    for (int g = 0; g < w->s->n_regions; g++)
        resize(w, g);
}

/* Asked by a runbook step that needs the control plane: when it is down,
 * the step waits, so the failure holding it down hurts the service. */
static bool op_cp_up(void *ctx, int region)
{
    struct world *w = ctx;
    const struct world_region *r = &w->reg[region];
    if (!r->cp_up && r->cp_slot >= 0)
        incident_hurt(&w->inc, r->cp_slot, sim_now(w->sim));
    return r->cp_up;
}

static bool op_healthy(void *ctx, int region)
{
    struct world *w = ctx;
    return health_ok(&w->hc, region);
}

static bool op_synced(void *ctx, int from, int to)
{
    struct world *w = ctx;
    sim_time rpo;
    int64_t lost;
    repl_loss(w->repl, sim_now(w->sim), from, to, &rpo, &lost);
    return lost == 0;
}

static struct incident_result *op_runbook_start(void *ctx, int cause)
{
    struct world *w = ctx;
    return incident_hurt(&w->inc, cause, sim_now(w->sim));
}

const struct strategy_ops world_strategy_ops = {
    .set_record = op_set_record,
    .set_instances = op_set_instances,
    .set_db = op_set_db,
    .promote = op_promote,
    .restore = op_restore,
    .cp_up = op_cp_up,
    .healthy = op_healthy,
    .synced = op_synced,
    .runbook_start = op_runbook_start,
    .halt = op_halt,
    .fence_begin = world_fence_begin,
    .fence_end = world_fence_end,
};

void world_fill_cost(struct world *w, sim_time now)
{
    const struct scenario *s = w->s;
    const struct scenario_strategy *c = &s->strategies[w->kind];
    if (w->cost.inc) {
        w->cost.inc->extra_cost +=
            (sim_timeavg_area(&w->cost.excess_avg, now) - w->cost.mark) / 3600.0;
        w->cost.inc = NULL;
    }
    /* The steady-state month: the strategy's layout as set up (standby sizes
     * included), not the incidents' scale-ups, which are their extra cost;
     * traffic-driven items (transfer, egress, DNS) as simulated. */
    struct cost_usage u;
    memset(&u, 0, sizeof u);
    u.duration = now;
    double hours = sim_time_to_sec(now) / 3600.0, month_s = 30.0 * 86400.0;
    double data_gb = (double)c->data_bytes / 1e9;
    int dbs = 0;
    for (int g = 0; g < s->n_regions; g++) {
        u.instance_hours += w->base_instances[g] * hours;
        dbs += w->base_db[g];
    }
    u.db_instance_hours = dbs * hours;
    u.storage_gb_months = dbs * data_gb * sim_time_to_sec(now) / month_s;
    struct repl_stats rs;
    repl_get_stats(w->repl, &rs);
    int primary = c->primary;
    bool snapshots = c->backup_interval > 0;
    if (snapshots)
        u.snapshot_gb_months = rs.snapshot_retained_bytes / 1e9 * sim_time_to_sec(now) / month_s;
    for (int i = 0; i < s->n_regions; i++) {
        for (int j = 0; j < s->n_regions; j++)
            u.transfer_bytes[i][j] = rs.bytes[i][j] + 2 * w->cost.fwd_bytes[i][j];
        u.internet_bytes[i] = (double)w->reg[i].served * (double)w->payload;
    }
    /* Snapshots are copied from the primary to the recovery region. A copy
     * into a region without the chain is the whole dataset: the first seeding,
     * and the re-seeding of the old primary after a failover. Both are
     * one-offs that a steady month does not repeat. */
    double copied = rs.snapshot_bytes_copied - rs.snapshot_seed_bytes;
    if (primary >= 0 && primary < s->n_regions && c->recovery >= 0 && c->recovery < s->n_regions &&
        copied > 0)
        u.transfer_bytes[primary][c->recovery] += copied;
    u.dns_queries = dns_queries(&w->dns);
    int checked = 0;
    for (int g = 0; g < s->n_regions; g++)
        checked += w->base_instances[g] > 0 || w->base_db[g];
    u.health_checks = checked;
    u.zones = 1;
    struct cost_breakdown b;
    cost_price(s, &u, &b);
    cost_month_items(&b, u.duration, &w->out->cost_month, w->out->cost_items);
}
