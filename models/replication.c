/* Replication of one dataset: per (writer -> replica) link, writes apply in
 * order, apply_i = max(apply_{i-1}, commit_i + one-way delay_i + lag_i).
 * Invariant: a link's ring holds, in commit order, the writes it has not
 * applied (runs of them once the ring has filled and merged); everything
 * older is applied. A detached replica is in no quorum until its ring from
 * the writer is empty. */
#include "models/replication.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>

#include "models/conflict.h"
#include "models/snapshot.h"
#include "sim/rng.h"

#define PENDING SIM_TIME_MAX /* apply time of a write queued behind a down link */
#define DEFAULT_RING 1024
#define DEFAULT_SLOTS 65536u

/* A run of n writes with commit times [c_first, c_last], applied over
 * [a_first, a_last]; one write when n == 1. */
struct run {
    sim_time c_first, c_last, a_first, a_last;
    int64_t n;
    bool spread; /* sampled writes standing for n spread over (c_first - 1, c_last] */
};

struct link {
    struct run *ring;
    int head, len;
    sim_time owd;         /* median one-way delay: RTT / 2 */
    sim_time transit;     /* the stream's one-way delay + lag, redrawn each epoch */
    sim_time lag_until;   /* end of the epoch `transit` belongs to */
    sim_time last_apply;  /* apply time of the newest write sent (in-order floor) */
    sim_time last_commit; /* commit time of the newest write sent; -1 none */
    bool up;              /* link and both ends up */
};

struct repl {
    struct repl_config cfg;
    gsl_rng *rng;
    int cap;
    int n;
    sim_time epoch;
    struct link link[SCENARIO_MAX_REGIONS][SCENARIO_MAX_REGIONS];
    bool link_up[SCENARIO_MAX_REGIONS][SCENARIO_MAX_REGIONS];
    bool region_up[SCENARIO_MAX_REGIONS];
    bool detached[SCENARIO_MAX_REGIONS]; /* out of the quorum since a promotion or detach */
    sim_time extra[SCENARIO_MAX_REGIONS][SCENARIO_MAX_REGIONS]; /* degraded links' extra RTT */
    int64_t writes_from[SCENARIO_MAX_REGIONS];
    sim_time first_from[SCENARIO_MAX_REGIONS];
    sim_time offset[SCENARIO_MAX_REGIONS];
    sim_time now;
    struct snap snap;
    struct conflict *conf;
    struct repl_stats stats;
    /* sampled runs (repl_set_full_write_rate) */
    double full_rate;                    /* writes per second at full load */
    double zipf_h;                       /* sum of (k + 1)^-s over the keys; 0 uniform */
    double recent[SCENARIO_MAX_REGIONS]; /* writes per region, decaying over a minute */
    sim_time recent_t;
};

static sim_time ms(double v)
{
    return sim_time_from_sec(v / 1000.0);
}

static struct run *at(const struct repl *r, const struct link *l, int i)
{
    return &l->ring[(l->head + i) % r->cap];
}

static int writer_index(const struct repl *r)
{
    for (int i = 0; i < r->n; i++)
        if (r->cfg.writer[i])
            return i;
    return -1;
}

struct repl *repl_new(const struct repl_config *cfg, gsl_rng *rng)
{
    assert(cfg && cfg->n_regions > 0 && cfg->n_regions <= SCENARIO_MAX_REGIONS);
    struct repl *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->cfg = *cfg;
    r->rng = rng;
    r->n = cfg->n_regions;
    r->cap = cfg->ring_runs >= 16 ? cfg->ring_runs : DEFAULT_RING;
    r->epoch = cfg->lag_epoch > 0 ? cfg->lag_epoch : SIM_SEC;
    for (int i = 0; i < r->n; i++) {
        r->region_up[i] = true;
        r->first_from[i] = SIM_TIME_MAX;
        for (int j = 0; j < r->n; j++) {
            r->link_up[i][j] = true;
            r->link[i][j].up = true;
            r->link[i][j].last_commit = -1;
            if (i == j)
                continue;
            r->link[i][j].owd = ms(cfg->rtt_ms[i][j]) / 2;
            r->link[i][j].ring = malloc((size_t)r->cap * sizeof(struct run));
            if (!r->link[i][j].ring)
                goto fail;
        }
    }
    /* Draw order is fixed: clock offsets, then the snapshot phase. */
    for (int i = 0; i < r->n; i++)
        r->offset[i] =
            cfg->clock_skew > 0
                ? sim_time_from_sec(sim_rand_uniform(rng, -sim_time_to_sec(cfg->clock_skew),
                                                     sim_time_to_sec(cfg->clock_skew)))
                : 0;
    struct snap_config sc = {
        .interval = cfg->snapshot_interval,
        .duration = cfg->snapshot_duration,
        .copy = cfg->snapshot_copy,
        .retention = cfg->snapshot_retention,
        .backup_region = cfg->backup_region,
        .data_bytes = cfg->data_bytes,
        .payload_bytes = cfg->payload_bytes,
    };
    if (sc.copy == 0 && cfg->snapshot_copy_bps > 0)
        sc.copy = sim_time_from_sec((double)cfg->data_bytes / cfg->snapshot_copy_bps);
    sim_time phase = 0;
    if (cfg->snapshot_interval > 0)
        phase = (sim_time)(gsl_rng_uniform(rng) * (double)cfg->snapshot_interval);
    if (snap_init(&r->snap, &sc, phase) != 0)
        goto fail;
    if (cfg->writers == WRITER_MULTI || cfg->track_keys) {
        struct conflict_config cc = {
            .n_regions = r->n,
            .mode = cfg->conflicts,
            .clock_skew = cfg->clock_skew,
            .slots = cfg->conflict_slots ? cfg->conflict_slots : DEFAULT_SLOTS,
        };
        r->conf = conflict_new(&cc);
        if (!r->conf)
            goto fail;
    }
    return r;
fail:
    repl_free(r);
    return NULL;
}

void repl_set_full_write_rate(struct repl *r, double rate)
{
    r->full_rate = rate > 0 ? rate : 0;
    if (r->cfg.zipf_s > 0)
        r->zipf_h = sim_zipf_norm(r->cfg.keys ? r->cfg.keys : 1, r->cfg.zipf_s);
    /* Out of memory: the windows fall back to the current epoch's transit. */
    if (r->conf && r->full_rate > 0 && r->cfg.writers == WRITER_MULTI)
        (void)conflict_window_enable(r->conf, r->epoch);
}

/* Full-load writes per second to `key`. */
static double key_rate(const struct repl *r, uint64_t key)
{
    if (r->zipf_h > 0)
        return r->full_rate * pow((double)(key + 1), -r->cfg.zipf_s) / r->zipf_h;
    return r->full_rate / (double)(r->cfg.keys ? r->cfg.keys : 1);
}

static sim_time transit_at(struct repl *r, struct link *l, sim_time now);
static sim_time draw_transit(struct repl *r, const struct link *l);
static void pop(const struct repl *r, struct link *l, sim_time now);

/* Epoch e of link i -> j is over: the time of its last write, the full
 * stream's (Poisson at the writer's rate), which is the last sampled one
 * or after it: from the epoch's end back by an Exp(rate) gap, when that
 * still lies after the sampled write (or the epoch's start). */
static void close_epoch(struct repl *r, int i, int j, int64_t e, double rate)
{
    struct link *l = &r->link[i][j];
    sim_time start = e * r->epoch, end = start + r->epoch;
    sim_time seen = l->last_commit >= start && l->last_commit < end ? l->last_commit : -1;
    sim_time floor = seen >= 0 ? seen : start;
    sim_time last = rate > 0 ? end - sim_time_from_sec(sim_rand_exp(r->rng, 1.0 / rate)) : -1;
    conflict_window_close(r->conf, i, j, e, last > floor ? last : seen);
}

/* Link i -> j's lag epochs as the full-load stream has them (sampled runs):
 * every epoch of the window recorded, the link's own draws kept (it drew
 * for a reconnection), the others drawn now - the full stream wrote in them
 * whether or not the sample did - and closed with their last writes; the
 * link held to the current epoch's transit and the in-order floor of the
 * earlier ones, so the sampled writes it sends apply where the full
 * stream's would. */
static void sync_window(struct repl *r, int i, int j, sim_time now)
{
    struct link *l = &r->link[i][j];
    int64_t e = now / r->epoch, drawn = l->lag_until / r->epoch - 1;
    sim_time t, last;
    if (l->lag_until > 0 && drawn <= e && !conflict_window_get(r->conf, i, j, drawn, &t, NULL))
        conflict_window_set(r->conf, i, j, drawn, l->transit);
    if (drawn == e)
        return;
    double total = 0, writers = 0;
    for (int k = 0; k < r->n; k++) {
        total += r->recent[k];
        writers += r->cfg.writer[k];
    }
    double rate = r->full_rate * (total > 0 ? r->recent[i] / total : 1 / fmax(writers, 1));
    for (int64_t k = CONFLICT_WINDOW_EPOCHS - 1; k >= 0; k--) {
        if (e - k < 0)
            continue;
        if (!conflict_window_get(r->conf, i, j, e - k, &t, &last))
            conflict_window_set(r->conf, i, j, e - k, draw_transit(r, l));
        if (k > 0 && last < 0)
            close_epoch(r, i, j, e - k, rate);
    }
    conflict_window_get(r->conf, i, j, e, &l->transit, NULL);
    l->lag_until = (e + 1) * r->epoch;
    sim_time floor = conflict_window_floor(r->conf, i, j, e);
    if (l->up && floor >= 0 && floor + r->extra[i][j] / 2 > l->last_apply)
        l->last_apply = floor + r->extra[i][j] / 2;
}

/* The expected conflicts and reorderings of one full-load write from w at
 * now on key (see repl_write_n), times weight, added to the counts. */
static void expected_conflicts(struct repl *r, sim_time now, int w, uint64_t key, int64_t weight)
{
    /* shares of the writes before this one (its own would inflate w's) */
    double decay = exp(-sim_time_to_sec(now - r->recent_t) / 60.0), total = 0;
    for (int i = 0; i < r->n; i++) {
        r->recent[i] *= decay;
        total += r->recent[i];
    }
    r->recent_t = now;
    double share[SCENARIO_MAX_REGIONS] = {0}, d[SCENARIO_MAX_REGIONS] = {0};
    double skew[SCENARIO_MAX_REGIONS] = {0};
    bool window = conflict_window_on(r->conf);
    for (int j = 0; window && j < r->n; j++)
        if (j != w && r->cfg.holds_data[j])
            sync_window(r, w, j, now); /* before fan_out sends this write */
    for (int j = 0; j < r->n; j++) {
        if (j == w || !r->cfg.writer[j] || !(r->recent[j] > 0))
            continue;
        /* the full stream's unapplied window (its epochs' transits, in
         * order), or the age of the oldest write w lacks when longer (a
         * backlog; interpolated inside a sampled run, as a loss would be) */
        struct link *l = &r->link[j][w];
        pop(r, l, now);
        if (window) {
            /* a backlog: the oldest sampled write still queued (itself,
             * not a point inside its run: that is the window's part) */
            sim_time queued = 0;
            if (l->len > 0) {
                const struct run *u = at(r, l, 0);
                queued = now - (u->spread ? u->c_last : u->c_first);
            }
            sync_window(r, j, w, now);
            double mu = key_rate(r, key);
            double p =
                conflict_window_unapplied(r->conf, j, w, now, r->extra[j][w] / 2, queued, mu);
            /* as the window 1 - exp(-mu d) = p (exact for conflicts) */
            d[j] = !(mu > 0) ? 0 : p < 1 ? -log1p(-p) / mu : INFINITY;
        } else {
            sim_time oldest;
            int64_t lacking;
            repl_loss(r, now, j, w, &oldest, &lacking);
            d[j] = fmax(sim_time_to_sec(transit_at(r, l, now) + r->extra[j][w] / 2),
                        sim_time_to_sec(oldest));
        }
        share[j] = r->recent[j] / total;
        skew[j] = sim_time_to_sec(r->offset[j] - r->offset[w]);
    }
    r->recent[w] += (double)weight;
    conflict_add_expected(r->conf, (double)weight, key_rate(r, key), r->n, share, d, skew);
}

void repl_free(struct repl *r)
{
    if (!r)
        return;
    for (int i = 0; i < SCENARIO_MAX_REGIONS; i++)
        for (int j = 0; j < SCENARIO_MAX_REGIONS; j++)
            free(r->link[i][j].ring);
    snap_fini(&r->snap);
    conflict_free(r->conf);
    free(r);
}

/* Drops the applied writes at the head. */
static void pop(const struct repl *r, struct link *l, sim_time now)
{
    while (l->len > 0 && at(r, l, 0)->a_last <= now) {
        l->head = (l->head + 1) % r->cap;
        l->len--;
    }
}

/* The ring is full: merge neighbours greedily into runs of at most
 * B = 4 total / cap writes (never a pending run with an in-flight one, so
 * pending runs stay whole). Any two neighbours left apart sum to more than B,
 * so at most cap/2 + 2 runs remain; oldest commit times and counts stay
 * exact, only the spread of apply times inside a run is lost. */
static void compact(const struct repl *r, struct link *l)
{
    int64_t total = 0;
    for (int i = 0; i < l->len; i++)
        total += at(r, l, i)->n;
    int64_t bound = 4 * total / r->cap;
    if (bound < 2)
        bound = 2;
    int o = 0;
    struct run cur = *at(r, l, 0);
    for (int i = 1; i < l->len; i++) {
        struct run b = *at(r, l, i);
        if ((cur.a_last == PENDING) == (b.a_last == PENDING) && cur.n + b.n <= bound) {
            cur.c_last = b.c_last > cur.c_last ? b.c_last : cur.c_last;
            cur.c_first = b.c_first < cur.c_first ? b.c_first : cur.c_first;
            cur.a_last = b.a_last;
            cur.n += b.n;
            cur.spread = cur.spread && b.spread;
        } else {
            *at(r, l, o++) = cur;
            cur = b;
        }
    }
    *at(r, l, o++) = cur;
    assert(o <= r->cap / 2 + r->cap / 4);
    l->len = o;
}

static void push(struct repl *r, struct link *l, sim_time commit, sim_time apply, int64_t n)
{
    if (l->len == r->cap)
        compact(r, l);
    *at(r, l, l->len) = (struct run){commit, commit, apply, apply, n, false};
    l->len++;
}

/* The link's delay from send to apply at now: the one-way network delay
 * (RTT / 2 times the latency model's lognormal jitter) plus the lag. Both
 * describe the stream, drawn once per epoch: per-write independent draws
 * applied in order would make the effective delay the running maximum of
 * many draws, far into the tail. Draw order: lag, then jitter (when any). */
static sim_time draw_transit(struct repl *r, const struct link *l)
{
    sim_time owd = l->owd, lag = sim_dur_draw(&r->cfg.lag, r->rng);
    if (r->cfg.rtt_jitter > 1 && owd > 0)
        owd = (sim_time)sim_rand_lognormal(r->rng, (double)owd, (double)owd * r->cfg.rtt_jitter);
    return lag + owd;
}

static sim_time transit_at(struct repl *r, struct link *l, sim_time now)
{
    if (now >= l->lag_until) {
        /* Sampled (a full rate set): the full stream's last write of the
         * epoch before this one, at its end, applied that epoch's transit
         * later; in order, nothing after it applies earlier. The sample
         * rarely has a write there, so the floor is put in by hand (with
         * a transit of its own when no sampled write drew that epoch's). */
        if (r->full_rate > 0 && l->up && l->lag_until > 0) {
            sim_time end = now - now % r->epoch;
            sim_time floor = end == l->lag_until ? end + l->transit : end + draw_transit(r, l);
            if (floor > l->last_apply)
                l->last_apply = floor;
        }
        l->transit = draw_transit(r, l);
        l->lag_until = now - now % r->epoch + r->epoch;
    }
    return l->transit;
}

/* Sends one write down l asynchronously. A sampled write standing for n > 1
 * writes is a run of them spread over the commit times since the previous
 * write sent (applied as far after theirs as it is), so a loss cut inside
 * it is interpolated: the count and the oldest lacking write's time, which
 * a sample alone would put late by about a sampling gap. */
static void send_async(struct repl *r, struct link *l, sim_time now, sim_time commit,
                       sim_time extra, int64_t n)
{
    pop(r, l, now);
    sim_time apply = PENDING;
    if (l->up) {
        apply = now + transit_at(r, l, now) + extra / 2;
        if (apply < l->last_apply)
            apply = l->last_apply;
        l->last_apply = apply;
    }
    sim_time prev = l->last_commit;
    l->last_commit = commit;
    push(r, l, commit, apply, n);
    if (n > 1 && prev >= 0 && prev < commit) {
        struct run *u = at(r, l, l->len - 1);
        u->c_first = prev + 1;
        u->spread = true;
        if (apply != PENDING)
            u->a_first = apply - (commit - u->c_first);
    }
}

static void track_backlog(struct repl *r, sim_time now)
{
    for (int i = 0; i < r->n; i++)
        for (int j = 0; j < r->n; j++) {
            struct link *l = &r->link[i][j];
            if (i == j || l->len == 0)
                continue;
            pop(r, l, now);
            if (l->len > 0 && now - at(r, l, 0)->c_first > r->stats.max_backlog_age)
                r->stats.max_backlog_age = now - at(r, l, 0)->c_first;
        }
}

static void advance_to(struct repl *r, sim_time now)
{
    if (now > r->now)
        r->now = now;
    /* Snapshots are taken in the first writer that is up (multi-writer:
     * any of them holds every write within the lag). */
    int src = -1;
    for (int i = 0; i < r->n && src < 0; i++)
        if (r->cfg.writer[i] && r->region_up[i])
            src = i;
    snap_advance(&r->snap, now, src, src >= 0);
}

/* Link i -> j went down or came up at now. Down: what it had in flight
 * waits. Up: the backlog drains in order after the one-way delay (with the
 * link's extra, `extra` / 2) and the lag. */
static void link_set(struct repl *r, struct link *l, sim_time now, bool up, sim_time extra)
{
    if (l->up == up)
        return;
    pop(r, l, now);
    l->up = up;
    if (!up) {
        for (int k = 0; k < l->len; k++) {
            struct run *u = at(r, l, k);
            u->a_first = u->a_last = PENDING;
        }
        l->last_apply = now;
        return;
    }
    sim_time prev = l->last_apply > now ? l->last_apply : now;
    sim_time a = now + transit_at(r, l, now) + extra / 2;
    for (int k = 0; k < l->len; k++) {
        struct run *u = at(r, l, k);
        if (u->a_last != PENDING)
            continue;
        if (a < prev)
            a = prev;
        u->a_first = u->a_last = a;
        prev = a;
    }
    l->last_apply = prev;
}

static void relink(struct repl *r, sim_time now)
{
    track_backlog(r, now);
    for (int i = 0; i < r->n; i++)
        for (int j = 0; j < r->n; j++)
            if (i != j)
                link_set(r, &r->link[i][j], now,
                         r->link_up[i][j] && r->region_up[i] && r->region_up[j], r->extra[i][j]);
}

void repl_set_link(struct repl *r, sim_time now, int a, int b, bool up)
{
    assert(a >= 0 && a < r->n && b >= 0 && b < r->n);
    advance_to(r, now);
    r->link_up[a][b] = r->link_up[b][a] = up;
    relink(r, now);
}

void repl_set_link_delay(struct repl *r, sim_time now, int a, int b, sim_time extra)
{
    assert(a >= 0 && a < r->n && b >= 0 && b < r->n);
    advance_to(r, now);
    r->extra[a][b] = r->extra[b][a] = extra > 0 ? extra : 0;
}

void repl_set_region(struct repl *r, sim_time now, int region, bool up)
{
    assert(region >= 0 && region < r->n);
    advance_to(r, now);
    if (!up)
        snap_region_down(&r->snap, now, region);
    else
        snap_region_up(&r->snap, region);
    r->region_up[region] = up;
    relink(r, now);
}

void repl_advance(struct repl *r, sim_time now)
{
    advance_to(r, now);
    track_backlog(r, now);
}

/* Has `to` applied the write `from` committed at `commit`, by now? In order:
 * yes unless an unapplied run starts at or before it. */
static bool applied(void *ctx, int from, sim_time commit, int to, sim_time now)
{
    struct repl *r = ctx;
    if (from == to || !r->cfg.holds_data[to])
        return true;
    struct link *l = &r->link[from][to];
    pop(r, l, now);
    return l->len == 0 || at(r, l, 0)->c_first > commit;
}

/* Acknowledgement delay of replica j for a write sent now: the RTT, or the
 * time left to drain its backlog when that is longer. */
static sim_time ack_delay(struct repl *r, struct link *l, int w, int j, sim_time now)
{
    pop(r, l, now);
    sim_time d = ms(r->cfg.rtt_ms[w][j]) + r->extra[w][j];
    if (l->len > 0 && l->last_apply != PENDING && l->last_apply - now > d)
        d = l->last_apply - now;
    return d;
}

/* The write committed at `commit` by w reaches every replica: the ackers
 * held it before the commit, the others get it asynchronously. */
static void fan_out(struct repl *r, sim_time now, int w, sim_time commit, const bool *acker,
                    int64_t weight)
{
    for (int j = 0; j < r->n; j++) {
        if (j == w || !r->cfg.holds_data[j])
            continue;
        struct link *l = &r->link[w][j];
        r->stats.bytes[w][j] += (double)r->cfg.payload_bytes * (double)weight;
        if (acker[j]) {
            /* Durable there before the commit: never lacking, only a floor
             * for the writes after it. */
            sim_time a = now + (ms(r->cfg.rtt_ms[w][j]) + r->extra[w][j]) / 2;
            if (a > l->last_apply)
                l->last_apply = a;
        } else {
            send_async(r, l, now, commit, r->extra[w][j], weight);
        }
    }
}

sim_time repl_write(struct repl *r, sim_time now, int region, uint64_t key)
{
    return repl_write_n(r, now, region, key, 1);
}

sim_time repl_write_n(struct repl *r, sim_time now, int region, uint64_t key, int64_t weight)
{
    assert(region >= 0 && region < r->n && weight >= 1);
    advance_to(r, now);
    int w = region;
    if (r->cfg.writers == WRITER_SINGLE) {
        w = writer_index(r);
        if (w < 0)
            w = region;
    } else if (!r->cfg.writer[region]) {
        r->stats.failed_writes += weight;
        return -1;
    }
    if (!r->region_up[w]) {
        r->stats.failed_writes += weight;
        return -1;
    }

    /* Replicas that must acknowledge before the commit, and their delays. */
    int peers[SCENARIO_MAX_REGIONS], np = 0;
    sim_time delay[SCENARIO_MAX_REGIONS];
    bool acker[SCENARIO_MAX_REGIONS] = {false};
    int unreachable = 0;
    for (int j = 0; j < r->n; j++) {
        if (j == w || !r->cfg.holds_data[j])
            continue;
        if (r->detached[j]) {
            /* Rejoins once it has applied everything it was sent. */
            pop(r, &r->link[w][j], now);
            if (!r->link[w][j].up || r->link[w][j].len > 0)
                continue;
            r->detached[j] = false;
        }
        if (r->link[w][j].up) {
            delay[j] = ack_delay(r, &r->link[w][j], w, j, now);
            peers[np++] = j;
        } else {
            unreachable++;
        }
    }
    int need = 0;
    if (r->cfg.mode == REPL_SYNC)
        need = np + unreachable;
    else if (r->cfg.mode == REPL_SEMI_SYNC)
        need = r->cfg.acks < np + unreachable ? r->cfg.acks : np + unreachable;
    if (need > np) {
        r->stats.failed_writes += weight;
        return -1;
    }
    /* The `need` fastest reachable replicas acknowledge (insertion sort: few). */
    for (int a = 1; a < np; a++)
        for (int b = a; b > 0 && delay[peers[b]] < delay[peers[b - 1]]; b--) {
            int t = peers[b];
            peers[b] = peers[b - 1];
            peers[b - 1] = t;
        }
    sim_time extra = need > 0 ? delay[peers[need - 1]] : 0;
    for (int k = 0; k < need; k++)
        acker[peers[k]] = true;

    sim_time commit = now + extra;
    if (r->conf) {
        conflict_write_n(r->conf, now, w, now + r->offset[w], key, weight, applied, r);
        if (weight > 1 && r->full_rate > 0 && r->cfg.writers == WRITER_MULTI)
            expected_conflicts(r, now, w, key, weight);
    }
    r->stats.writes += weight;
    r->writes_from[w] += weight;
    if (r->first_from[w] == SIM_TIME_MAX)
        r->first_from[w] = commit;
    snap_write_n(&r->snap, now, weight);
    if (r->cfg.mode != REPL_NONE)
        fan_out(r, now, w, commit, acker, weight);
    return extra;
}

void repl_loss(const struct repl *r, sim_time t_fail, int failed, int survivor, sim_time *rpo,
               int64_t *lost)
{
    *rpo = 0;
    *lost = 0;
    if (failed < 0 || failed >= r->n || survivor < 0 || survivor >= r->n || failed == survivor)
        return;
    if (r->cfg.mode == REPL_NONE || !r->cfg.holds_data[survivor]) {
        /* Nothing reaches the survivor: all of the failed region's writes. */
        *lost = r->writes_from[failed];
        if (*lost > 0 && r->first_from[failed] <= t_fail)
            *rpo = t_fail - r->first_from[failed];
        return;
    }
    const struct link *l = &r->link[failed][survivor];
    sim_time oldest = SIM_TIME_MAX;
    double count = 0;
    for (int k = 0; k < l->len; k++) {
        const struct run *u = at(r, l, k);
        if (u->a_last <= t_fail || u->c_first > t_fail)
            continue;
        /* Sampled writes spread over their span: the first lacking one is
         * expected one mean gap (span / n) after where the loss starts; in
         * the run a loss cuts, half that: the span that holds a given
         * instant is length-biased, twice the mean gap's n times. */
        sim_time gap = u->spread ? (u->c_last - u->c_first) / u->n : 0;
        if (u->a_first > t_fail) {
            count += (double)u->n;
            if (u->c_first + gap < oldest)
                oldest = u->c_first + gap;
            continue;
        }
        /* A merged run partly applied: interpolate linearly inside it. */
        double f = (double)(u->a_last - t_fail) / (double)(u->a_last - u->a_first);
        count += f * (double)u->n;
        sim_time c = u->c_first + (sim_time)((1.0 - f) * (double)(u->c_last - u->c_first));
        c = c + gap / 2 < u->c_last ? c + gap / 2 : u->c_last;
        if (c < oldest)
            oldest = c;
    }
    *lost = (int64_t)(count + 0.5);
    if (oldest != SIM_TIME_MAX)
        *rpo = t_fail - oldest;
}

bool repl_snapshot_loss(const struct repl *r, sim_time t_fail, int region, sim_time *rpo,
                        int64_t *lost)
{
    return snap_loss(&r->snap, t_fail, region, rpo, lost);
}

bool repl_corruption_loss(const struct repl *r, sim_time t, int region, sim_time *rpo,
                          int64_t *lost)
{
    return snap_corruption_loss(&r->snap, t, region, rpo, lost);
}

void repl_promote(struct repl *r, sim_time now, int region)
{
    assert(region >= 0 && region < r->n);
    advance_to(r, now);
    if (r->cfg.writers == WRITER_SINGLE) {
        /* Snapshots go to a region that is not the writer: when the backup
         * region takes over, the old writer becomes the backup region (its
         * copies complete once it is up again). */
        int old = writer_index(r);
        if (old >= 0 && old != region && r->snap.cfg.backup_region == region) {
            r->cfg.backup_region = old;
            snap_set_backup(&r->snap, old);
        }
        for (int i = 0; i < r->n; i++) {
            if (i == region || !r->cfg.writer[i])
                continue;
            /* The old writer's unapplied writes are gone (its repl_loss). */
            r->cfg.writer[i] = false;
            for (int j = 0; j < r->n; j++)
                r->link[i][j].len = 0;
        }
        /* The new writer's quorum: the replicas it reaches now. */
        for (int j = 0; j < r->n; j++)
            r->detached[j] = j != region && r->cfg.holds_data[j] && !r->link[region][j].up;
    }
    r->cfg.writer[region] = true;
    r->cfg.holds_data[region] = true;
    for (int j = 0; j < r->n; j++)
        if (j != region && r->link[region][j].last_apply < now)
            r->link[region][j].last_apply = now;
}

bool repl_read_stale(struct repl *r, sim_time now, int region, uint64_t key, sim_time *behind)
{
    if (r->conf == NULL)
        return false;
    advance_to(r, now);
    return conflict_stale(r->conf, now, region, key, applied, r, behind);
}

bool repl_applied(struct repl *r, sim_time now, int from, sim_time commit, int to)
{
    if (from < 0 || from >= r->n || to < 0 || to >= r->n)
        return true;
    advance_to(r, now);
    return applied(r, from, commit, to, now);
}

void repl_detach(struct repl *r, sim_time now, int region)
{
    (void)now;
    if (region >= 0 && region < r->n && r->cfg.holds_data[region])
        r->detached[region] = true;
}

void repl_get_stats(const struct repl *r, struct repl_stats *out)
{
    *out = r->stats;
    if (r->conf) {
        struct conflict_counts c;
        conflict_get_counts(r->conf, &c);
        out->conflicts = c.conflicts;
        out->lost_updates = c.lost_updates;
        out->lww_reordered = c.lww_reordered;
        out->siblings = c.siblings;
        out->conflict_live_evictions = c.live_evictions;
    }
    out->snapshot_bytes_copied = r->snap.bytes_copied;
    out->snapshot_seed_bytes = r->snap.seed_bytes;
    out->snapshots_taken = r->snap.taken_count;
    out->snapshot_retained_bytes = snap_retained_bytes(&r->snap);
}

sim_time repl_clock_offset(const struct repl *r, int region)
{
    return region >= 0 && region < r->n ? r->offset[region] : 0;
}
