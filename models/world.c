/* Assembles one world (workload, routing, regions' queues, health checks,
 * replication, failures, one strategy) on a fresh engine, runs it to the
 * horizon and fills the run result. The per-request path is here: one
 * arrival event per request, no allocation, a handful of RNG draws. */
#include "models/world.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "models/strategies/registry.h"
#include "models/world_data.h"
#include "models/world_impl.h"
#include "sim/error.h"
#include "sim/rng.h"

/* The request failed at region `where` (-1: none), for reason why. */
static void fail_request(struct world *w, sim_time t0, int pop, bool write, int attempt,
                         uint32_t resolver, enum cause why, int where, bool to_failed);

static void on_retry(struct sim *sim, void *ctx, uint64_t arg);
static void probe_watch(struct world *w);

/* One attempt of a request being served: who sent it, when, and the draws
 * made for it before routing. */
struct attempt {
    sim_time now, t0; /* sent now; first sent at t0 */
    int pop;
    bool write;
    int attempt;       /* retries before it */
    uint32_t resolver; /* the client's, kept for its retries */
    uint64_t key;      /* a write's key */
    struct net_draw d; /* the network's draws for it */
    int g;             /* the app region that serves it */
};

static void fail(struct world *w, const struct attempt *a, enum cause why, int where,
                 bool to_failed)
{
    fail_request(w, a->t0, a->pop, a->write, a->attempt, a->resolver, why, where, to_failed);
}

/* The region the attempt goes to and whether it may be served there: -1,
 * or the cause it fails for (a->g set when routed). */
static int route_attempt(struct world *w, struct attempt *a)
{
    bool dns_outage = false;
    w->origin = -1;
    a->g = w->anycast ? world_route(w, a->pop)
                      : dns_resolve(&w->dns, a->now, a->pop, a->resolver, &dns_outage);
    if (a->g < 0)
        return dns_outage ? CAUSE_DNS_OUTAGE : CAUSE_REGION_DOWN;
    if (!world_load_breaker(w, a->pop, a->g, a->now))
        return CAUSE_CIRCUIT_OPEN;
    const struct world_region *r = &w->reg[a->g];
    if (!r->up || r->servers == 0)
        return !w->anycast && dns_is_stale(&w->dns, a->pop, a->g) ? CAUSE_DNS_STALE
                                                                  : CAUSE_REGION_DOWN;
    if (!world_residency_admit(w, a->pop, a->g))
        return CAUSE_RESIDENCY;
    if (net_access_lost(&w->net, a->g, &a->d))
        return CAUSE_LINK_LOSS;
    return -1;
}

/* A write through the writer (forwarded when it is elsewhere) and its
 * replication, or a demoted primary's split-brain write; adds the wait to
 * *extra. False when it failed (already counted). */
static bool write_data(struct world *w, const struct attempt *a, sim_time *extra)
{
    int g = a->g;
    enum fence_verdict fv = fencing_write(&w->fence, a->now, g);
    if (fv == FENCE_REFUSE) {
        fail(w, a, CAUSE_WRITE_BLOCKED, g, false);
        return false;
    }
    if (fv == FENCE_LOCAL) {
        /* A demoted primary acknowledges it alone: lost at reconciliation. */
        fencing_count(&w->fence, w->weight);
        return true;
    }
    int writer = w->multi_writer ? g : strategy_writer(&w->st);
    if (writer != g) {
        sim_time rtt;
        if (writer < 0 || !w->reg[writer].up || !net_forward(&w->net, g, writer, &a->d, &rtt)) {
            fail(w, a, CAUSE_WRITE_BLOCKED, writer, false);
            return false;
        }
        *extra += rtt;
        w->cost.fwd_bytes[g][writer] += (double)w->payload * w->weight;
    }
    if (!world_residency_write(w, a->pop, writer)) {
        fail(w, a, CAUSE_RESIDENCY, writer, false);
        return false;
    }
    sim_time commit = repl_write_n(w->repl, a->now, writer, a->key, (int64_t)w->weight);
    if (commit < 0) {
        fail(w, a, CAUSE_WRITE_BLOCKED, writer, false);
        return false;
    }
    *extra += commit;
    if (w->reads)
        reads_wrote(w->reads, a->pop, writer, a->now + commit);
    return true;
}

/* Serves one attempt of a request first sent at t0, sent now, through the
 * client's resolver (picked at the first attempt, kept for its retries).
 * Every draw of the workload's and network's streams is made before
 * routing, so their sequences are the same under every strategy. */
static void serve(struct world *w, sim_time now, sim_time t0, int pop, bool write, int attempt,
                  uint32_t resolver)
{
    sim_time service = wl_service(&w->wl);
    struct attempt a = {
        .now = now, .t0 = t0, .pop = pop, .write = write, .attempt = attempt, .resolver = resolver};
    a.key = write ? wl_key(&w->wl) : 0;
    world_load_attempt(w, attempt);
    a.d = net_draw(&w->net);
    int why = route_attempt(w, &a);
    if (why >= 0) {
        /* a region that does not answer: the request went to a failed one */
        fail(w, &a, (enum cause)why, a.g,
             a.g >= 0 && (why == CAUSE_REGION_DOWN || why == CAUSE_DNS_STALE));
        return;
    }
    int g = a.g;
    struct world_region *r = &w->reg[g];
    sim_time rtt = net_user_rtt(&w->net, pop, g, &a.d);
    sim_time wait = w->smp.on ? world_sample_wait(w, g, now, net_uniform(&w->net))
                              : cap_admit(&r->q, now, service, world_load_max_wait(w, g, rtt));
    if (wait < 0 || (w->smp.on && wait > w->timeout - rtt)) {
        fail(w, &a, CAUSE_TIMEOUT, g, false);
        return;
    }
    world_load_admitted(w, g, service);
    sim_time extra = 0;
    if (write ? !write_data(w, &a, &extra)
              : w->reads && !reads_serve(w->reads, now, pop, g, rtt, (double)w->weight, &extra)) {
        if (!write)
            fail(w, &a, CAUSE_WRITE_BLOCKED, g, false);
        return;
    }
    if (w->sess && !sessions_request(w->sess, now, pop, g, &extra)) {
        fail(w, &a, CAUSE_REGION_DOWN, -1, false);
        return;
    }
    sim_time done = now + rtt + wait + service + extra;
    if (done - now > w->timeout) {
        fail(w, &a, CAUSE_TIMEOUT, g, false);
        return;
    }
    r->served += w->weight;
    if (w->rng_route)
        fd_observe(&w->fd, g, true, wait, w->weight);
    world_residency_served(w, pop, g);
    breaker_record(&w->cb, pop, g, true, now);
    metrics_set_failover(&w->m, world_failover_state(w));
    metrics_request(&w->m, pop, write, true, CAUSE_TIMEOUT, (double)(done - t0) * 1e-9, false);
}

static void fail_request(struct world *w, sim_time t0, int pop, bool write, int attempt,
                         uint32_t resolver, enum cause why, int where, bool to_failed)
{
    struct workload *wl = &w->wl;
    if (why != CAUSE_CIRCUIT_OPEN)
        breaker_record(&w->cb, pop, w->origin, false, sim_now(w->sim));
    if (world_load_failed(w, attempt)) {
        uint32_t i = wl_retry_get(wl);
        if (i != UINT32_MAX) {
            struct wl_retry *rt = wl_retry_at(wl, i);
            rt->t0 = t0;
            rt->pop = pop;
            rt->write = write;
            rt->attempt = attempt + 1;
            rt->resolver = resolver;
            rt->weight = w->weight;
            /* The client learns of a failure at once when DNS fails or its
             * circuit breaker is open, else
             * when its timeout expires. */
            sim_time noticed =
                why == CAUSE_DNS_OUTAGE || why == CAUSE_CIRCUIT_OPEN ? 0 : w->timeout;
            if (sim_after(w->sim, noticed + wl_retry_backoff(wl), on_retry, w, i).id)
                return;
            wl_retry_put(wl, i);
        }
    }
    incident_request_failed(&w->inc, where, w->weight);
    if (w->rng_route)
        fd_observe(&w->fd, w->origin, false, 0, w->weight);
    metrics_request(&w->m, pop, write, false, why, 0, to_failed);
    world_sample_failed(w, sim_now(w->sim));
}

static void on_retry(struct sim *sim, void *ctx, uint64_t arg)
{
    struct world *w = ctx;
    struct wl_retry rt = *wl_retry_at(&w->wl, (uint32_t)arg);
    wl_retry_put(&w->wl, (uint32_t)arg);
    w->weight = rt.weight;
    metrics_set_weight(&w->m, w->weight);
    serve(w, sim_now(sim), rt.t0, rt.pop, rt.write, rt.attempt, rt.resolver);
}

/* One arrival, then the next ones inline for as long as each would be the
 * engine's next event anyway (sim_fire_inline): at low event rates nearly
 * every arrival skips the queue. Draws and event order are those of one
 * event per arrival scheduled before its predecessor is served. `arg` is
 * the stream's generation: the sampling rule restarts the stream when it
 * changes the stride, and an arrival of an older one is dropped. */
static void on_arrival(struct sim *sim, void *ctx, uint64_t arg)
{
    struct world *w = ctx;
    if (arg != w->smp.gen)
        return;
    for (;;) {
        sim_time now = sim_now(sim);
        sim_time gap = wl_next_gap(&w->wl);
        sim_time next = gap > SIM_TIME_MAX - now ? SIM_TIME_MAX : now + gap;
        uint64_t seq = sim_reserve(sim);
        if (w->smp.on) /* quiet stretches skip the seconds' updates */
            wl_update(&w->wl, now);
        int pop = wl_pick(&w->wl);
        w->weight = wl_stride(&w->wl);
        metrics_set_weight(&w->m, w->weight);
        if (pop >= 0)
            serve(w, now, now, pop, wl_is_write(&w->wl), 0,
                  w->anycast ? 0 : dns_pick(&w->dns, pop));
        if (!sim_fire_inline(sim, next, seq)) {
            if (arg == w->smp.gen)
                sim_at_reserved(sim, next, on_arrival, w, arg, seq);
            return;
        }
        if (arg != w->smp.gen)
            return;
    }
}

bool world_arrival_at(struct world *w, sim_time at)
{
    return sim_at(w->sim, at, on_arrival, w, w->smp.gen).id != 0;
}

/* Closes the second ending now. It is the engine's lazy timer, no queued
 * event: it runs when the next event (a request, a failure, a runbook step,
 * a probe) or the horizon comes after the second's end, in the order a
 * queued event made at the previous close would have had. */
static void on_second(struct sim *sim, void *ctx, uint64_t arg)
{
    struct world *w = ctx;
    sim_time now = sim_now(sim);
    incident_tick(&w->inc, now, metrics_tick(&w->m, now), strategy_running(&w->st));
    wl_update(&w->wl, now);
    repl_advance(w->repl, now);
    /* Every change of a probe answer comes through a watched callback; one
     * that did not would delay detection (parked checkers): catch it. */
    for (int g = 0; g < w->s->n_regions; g++)
        assert(world_probe_sig(w, g) == w->probe_sig[g]);
    probe_watch(w);
    if (w->stop && *w->stop) {
        sim_stop(sim);
        return;
    }
    world_sample_update(w);
    sim_lazy_at(sim, world_sample_skip(w, now), on_second, w);
}

/* Health checkers may park while world_probe's answer is fixed: no random
 * draw, i.e. the region does not answer, or answers on a lossless path. */
static bool probe_stable(void *ctx, int g)
{
    return (world_probe_sig(ctx, g) & 3) != 3;
}

/* Wakes the parked checkers of every region whose answer may have changed. */
static void probe_watch(struct world *w)
{
    for (int g = 0; g < w->s->n_regions; g++) {
        uint8_t sig = world_probe_sig(w, g);
        if (sig != w->probe_sig[g]) {
            w->probe_sig[g] = sig;
            health_wake(&w->hc, g);
        }
    }
}

static void watched_failure(void *ctx, const struct fail_event *ev, bool start)
{
    struct world *w = ctx;
    world_on_failure(w, ev, start);
    world_fencing_check(w);
    probe_watch(w);
    world_sample_change(w, sim_now(w->sim));
}
static void watched_set_record(void *ctx, int region, bool in)
{
    world_strategy_ops.set_record(ctx, region, in);
    probe_watch(ctx);
}
static void watched_set_instances(void *ctx, int region, int n)
{
    world_strategy_ops.set_instances(ctx, region, n);
    probe_watch(ctx);
}
static void watched_set_db(void *ctx, int region, bool on)
{
    world_strategy_ops.set_db(ctx, region, on);
    probe_watch(ctx);
}
static void watched_promote(void *ctx, int region, int failed, struct incident_result *inc)
{
    world_strategy_ops.promote(ctx, region, failed, inc);
    world_fencing_promoted(ctx, region);
    probe_watch(ctx);
}
static void watched_halt(void *ctx, bool on)
{
    world_strategy_ops.halt(ctx, on);
    probe_watch(ctx);
}

static void watched_restore(void *ctx, int region, int failed, struct incident_result *inc)
{
    world_strategy_ops.restore(ctx, region, failed, inc);
    world_fencing_promoted(ctx, region);
    probe_watch(ctx);
}

/* The strategy's ops, each change of what a region answers probes watched. */
static void watch_ops(struct world *w)
{
    w->ops = world_strategy_ops;
    w->ops.set_record = watched_set_record;
    w->ops.set_instances = watched_set_instances;
    w->ops.set_db = watched_set_db;
    w->ops.promote = watched_promote;
    w->ops.restore = watched_restore;
    w->ops.halt = watched_halt;
}

static int repl_setup(struct world *w)
{
    const struct scenario *s = w->s;
    const struct scenario_strategy *c = &s->strategies[w->kind];
    struct repl_config rc;
    memset(&rc, 0, sizeof rc);
    rc.n_regions = s->n_regions;
    memcpy(rc.rtt_ms, s->rtt_ms, sizeof rc.rtt_ms);
    rc.rtt_jitter = s->rtt_jitter;
    int writer = strategy_writer(&w->st);
    for (int g = 0; g < s->n_regions; g++) {
        rc.holds_data[g] = w->reg[g].db;
        rc.writer[g] = w->multi_writer ? strategy_serving(&w->st, g) : g == writer;
    }
    rc.mode = c->replication;
    rc.acks = c->semi_sync_acks;
    rc.lag = c->lag;
    rc.writers = w->multi_writer ? WRITER_MULTI : WRITER_SINGLE;
    rc.conflicts = c->conflicts;
    rc.clock_skew = c->clock_skew;
    rc.keys = s->workload.keys;
    rc.zipf_s = s->workload.zipf_s;
    rc.payload_bytes = s->workload.payload_bytes;
    rc.track_keys = c->reads != READS_PRIMARY; /* reads.c asks repl_read_stale */
    rc.snapshot_interval = c->backup_interval;
    rc.snapshot_duration = c->backup_duration;
    rc.snapshot_retention = c->backup_retention;
    rc.data_bytes = c->data_bytes;
    int backup = c->recovery;
    for (int g = 0; g < s->n_regions && backup < 0; g++)
        if (g != writer && strategy_serving(&w->st, g))
            backup = g;
    rc.backup_region = backup >= 0 ? backup : writer;
    rc.snapshot_copy = c->backup_copy;
    rc.snapshot_copy_bps = s->throughput_bps[writer][rc.backup_region];
    w->repl = repl_new(&rc, w->rng_data);
    return w->repl ? 0 : SIM_ENOMEM;
}

/* Every region up with an empty queue. */
static int regions_setup(struct world *w)
{
    const struct scenario *s = w->s;
    for (int a = 0; a < s->n_regions; a++) {
        struct world_region *r = &w->reg[a];
        r->up = r->cp_up = true;
        r->cap_factor = 1;
        r->fail_slot = r->cp_slot = -1;
        int rc = cap_init(&r->q, 0);
        if (rc)
            return rc;
    }
    return 0;
}

/* The health checks: the zone's (checkers at their locations) or the
 * front door's own probes. */
static int health_setup(struct world *w)
{
    const struct scenario *s = w->s;
    struct health_config hc = {
        .n_regions = s->n_regions,
        .checkers = w->anycast ? 1 : s->dns.hc_checkers,
        .interval = w->anycast ? s->routing.frontdoor_interval : s->dns.hc_interval,
        .threshold = w->anycast ? s->routing.frontdoor_threshold : s->dns.hc_threshold,
        .healthy_fraction = w->anycast ? 0 : s->dns.hc_healthy_fraction,
        .timeout = s->dns.hc_timeout,
        .false_positive = s->dns.hc_false_positive,
        .stable = probe_stable,
        .n_from = w->anycast ? 0 : s->dns.hc_n_from,
    };
    memcpy(hc.from, s->dns.hc_from, sizeof hc.from);
    for (int g = 0; g < s->n_regions; g++)
        w->probe_sig[g] = world_probe_sig(w, g);
    return health_init(&w->hc, w->sim, &hc, world_probe, world_on_health, w, w->rng_health);
}

static int world_setup(struct world *w)
{
    const struct scenario *s = w->s;
    int rc;
    w->anycast = s->routing.mode == ROUTING_ANYCAST;
    w->timeout = s->workload.timeout;
    w->payload = s->workload.payload_bytes;
    if ((rc = net_init(&w->net, s, (uint64_t)w->out->replication,
                       w->anycast ? s->routing.frontdoor_extra : 0)))
        return rc;
    if ((rc = regions_setup(w)))
        return rc;
    if ((rc = wl_init(&w->wl, s, w->rng_wl)))
        return rc;
    int prio[SCENARIO_MAX_REGIONS];
    const struct scenario_strategy *c = &s->strategies[w->kind];
    int n = 0;
    if (c->primary >= 0 && c->primary < s->n_regions)
        prio[n++] = c->primary;
    if (c->recovery >= 0 && c->recovery < s->n_regions && c->recovery != c->primary)
        prio[n++] = c->recovery;
    for (int g = 0; g < s->n_regions; g++)
        if (g != c->primary && g != c->recovery)
            prio[n++] = g;
    if ((rc = dns_init(&w->dns, s, prio, w->rng_dns)))
        return rc;
    fd_init(&w->fd, s);
    breaker_init(&w->cb, s->workload.breaker_failures, s->workload.breaker_open);
    if ((rc = world_routing_setup(w)) || (rc = world_autoscale_setup(w)))
        return rc;
    sim_timeavg_init(&w->cost.excess_avg, 0, 0);
    watch_ops(w);
    if ((rc = strategy_init(&w->st, w->sim, s, w->kind, &w->ops, w, w->rng_runbook)))
        return rc;
    w->multi_writer = strategy_multi_writer(&w->st);
    w->normal_writer = strategy_writer(&w->st);
    world_fencing_init(w);
    for (int g = 0; g < s->n_regions; g++) {
        w->base_instances[g] = w->reg[g].instances;
        w->base_db[g] = w->reg[g].db;
    }
    if ((rc = repl_setup(w)) || (rc = world_data_setup(w)))
        return rc;
    if ((rc = health_setup(w)))
        return rc;
    w->started = true;
    world_reroute(w);
    if ((rc = fail_init(&w->fail, w->sim, s, w->out->replication, watched_failure, w)) ||
        (rc = incident_init(&w->inc, w->out, fail_count(&w->fail), s->n_regions,
                            s->report.rto_window, world_incident_opened, w)))
        return rc;
    if ((rc = world_sample_setup(w)))
        return rc;
    if (!sim_at(w->sim, 0, on_arrival, w, 0).id)
        return SIM_ENOMEM;
    sim_lazy_at(w->sim, SIM_SEC, on_second, w);
    return 0;
}

static size_t world_memory(const struct world *w)
{
    size_t b = sizeof *w + sim_memory(w->sim) + dns_memory(&w->dns) + health_memory(&w->hc) +
               metrics_memory(&w->m) + wl_memory(&w->wl) + fail_memory(&w->fail);
    for (int g = 0; g < w->s->n_regions; g++)
        b += cap_memory(&w->reg[g].q);
    return b;
}

static void world_free(struct world *w)
{
    fail_fini(&w->fail);
    incident_fini(&w->inc);
    health_fini(&w->hc);
    world_data_free(w);
    world_routing_free(w);
    repl_free(w->repl);
    dns_fini(&w->dns);
    wl_fini(&w->wl);
    metrics_fini(&w->m);
    for (int g = 0; g < SCENARIO_MAX_REGIONS; g++)
        cap_fini(&w->reg[g].q);
    gsl_rng *rs[] = {w->rng_wl, w->rng_dns, w->rng_health, w->rng_runbook, w->rng_data};
    for (size_t i = 0; i < sizeof rs / sizeof *rs; i++)
        if (rs[i])
            gsl_rng_free(rs[i]);
    sim_free(w->sim);
    free(w);
}

int world_run(const struct scenario *s, int k, int replication, struct run_result *out,
              const volatile int *stop, struct sim_error *err)
{
    if (!s || !out || !strategy_type(k) || s->n_regions < 1 || s->n_users < 1 ||
        s->n_regions > SCENARIO_MAX_REGIONS || s->n_users > SCENARIO_MAX_USERS || s->horizon <= 0)
        return sim_error_set(err, SIM_EINVAL, s ? s->file : "", 0, 0,
                             "world_run: scenario without regions, users or horizon");
    struct world *w = calloc(1, sizeof *w);
    if (!w)
        return sim_error_set(err, SIM_ENOMEM, s->file, 0, 0, "out of memory");
    w->s = s;
    w->kind = k;
    w->out = out;
    w->stop = stop;
    int rc = metrics_init(&w->m, s, out);
    w->weight = 1;
    out->strategy = k;
    out->replication = replication;
    char name[64];
    /* The runbook's stream is the strategy's own; every other stream is shared
     * by all strategies of the replication (common random numbers). */
    snprintf(name, sizeof name, "runbook-%s", strategy_key(k));
    uint64_t rep = (uint64_t)replication;
    w->sim = sim_new(1024);
    if (w->sim)
        sim_set_interrupt(w->sim, stop);
    w->rng_wl = sim_rng_new(s->seed, rep, "workload");
    w->rng_dns = sim_rng_new(s->seed, rep, "dns");
    w->rng_health = sim_rng_new(s->seed, rep, "health");
    w->rng_runbook = sim_rng_new(s->seed, rep, name);
    w->rng_data = sim_rng_new(s->seed, rep, "data");
    if (!rc &&
        (!w->sim || !w->rng_wl || !w->rng_dns || !w->rng_health || !w->rng_runbook || !w->rng_data))
        rc = SIM_ENOMEM;
    if (!rc)
        rc = world_setup(w);
    if (rc) {
        world_free(w);
        return sim_error_set(err, rc, s->file, 0, 0, "setting up %s: %s", strategy_key(k),
                             sim_strerror(rc));
    }
    sim_run(w->sim, s->horizon);
    sim_time end = sim_now(w->sim);
    bool stopped = stop && *stop && end < s->horizon;
    int64_t bad = metrics_finish(&w->m, end);
    if (bad >= 0)
        incident_tick(&w->inc, end, bad, true);
    incident_finish(&w->inc, end);
    dns_finish(&w->dns, end);
    world_fill_cost(w, end);
    struct repl_stats rs;
    repl_get_stats(w->repl, &rs);
    out->conflicts = rs.conflicts;
    out->lost_updates = rs.lost_updates;
    out->siblings = rs.siblings;
    out->keeps_siblings = s->strategies[w->kind].conflicts == CONFLICT_VECTOR_CLOCK;
    world_data_finish(w);
    world_fencing_finish(w);
    world_load_finish(w);
    world_residency_finish(w, rs.snapshot_bytes_to);
    if (w->multi_writer && end > 0) {
        double hours = sim_time_to_sec(end) / 3600.0;
        out->conflicts_per_hour = (double)rs.conflicts / hours;
        out->lost_updates_per_hour = (double)rs.lost_updates / hours;
    }
    out->events = sim_fired(w->sim);
    out->memory_bytes = world_memory(w);
    world_free(w);
    if (stopped)
        return sim_error_set(err, SIM_EINTR, s->file, 0, 0, "interrupted");
    return 0;
}
