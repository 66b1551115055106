/* Replication of one dataset: the writers, each writer -> replica link
 * (replication_link.c keeps its writes in order), quorums, snapshots,
 * conflicts and the data a failover loses.
 * Invariant: a link's ring holds, in commit order, the writes it has not
 * applied; everything older is applied. A detached replica is in no quorum
 * until its ring from the writer is empty. */
#include "models/replication.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>

#include "models/conflict.h"
#include "models/replication_link.h"
#include "models/snapshot.h"
#include "sim/rng.h"

#define DEFAULT_RING 1024
#define DEFAULT_SLOTS 65536u
#define MAX_SLOTS (1u << 21)

struct repl {
    struct repl_config cfg;
    struct link_stream stream; /* what the links draw their transit from */
    int n;
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

/* The conflict table's bound: 16 entries a key (a 4-way set overflows
 * rarely below a sixteenth full), at most MAX_SLOTS (96 MB). */
static uint32_t max_slots(uint64_t keys)
{
    uint64_t k = keys ? keys : 1;
    return k >= MAX_SLOTS / 16 ? MAX_SLOTS : (uint32_t)(16 * k);
}

static sim_time ms(double v)
{
    return sim_time_from_sec(v / 1000.0);
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
    r->stream = (struct link_stream){
        .rng = rng,
        .lag = cfg->lag,
        .rtt_jitter = cfg->rtt_jitter,
        .epoch = cfg->lag_epoch > 0 ? cfg->lag_epoch : SIM_SEC,
    };
    r->n = cfg->n_regions;
    int cap = cfg->ring_runs >= 16 ? cfg->ring_runs : DEFAULT_RING;
    for (int i = 0; i < r->n; i++) {
        r->region_up[i] = true;
        r->first_from[i] = SIM_TIME_MAX;
        for (int j = 0; j < r->n; j++) {
            r->link_up[i][j] = true;
            /* the diagonal is no link: it keeps nothing */
            sim_time owd = i == j ? 0 : ms(cfg->rtt_ms[i][j]) / 2;
            if (link_init(&r->link[i][j], owd, i == j ? 0 : cap) != 0)
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
            .max_slots = cfg->conflict_slots ? cfg->conflict_slots : max_slots(cfg->keys),
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
        (void)conflict_window_enable(r->conf, r->stream.epoch);
    /* sampled: expected counts, not the table's pairs */
    if (r->conf && r->full_rate > 0)
        conflict_hold_size(r->conf);
}

/* Full-load writes per second to `key`. */
static double key_rate(const struct repl *r, uint64_t key)
{
    if (r->zipf_h > 0)
        return r->full_rate * pow((double)(key + 1), -r->cfg.zipf_s) / r->zipf_h;
    return r->full_rate / (double)(r->cfg.keys ? r->cfg.keys : 1);
}

/* Epoch e of link i -> j is over: the time of its last write, the full
 * stream's (Poisson at the writer's rate), which is the last sampled one
 * or after it: from the epoch's end back by an Exp(rate) gap, when that
 * still lies after the sampled write (or the epoch's start). */
static void close_epoch(struct repl *r, int i, int j, int64_t e, double rate)
{
    struct link *l = &r->link[i][j];
    sim_time start = e * r->stream.epoch, end = start + r->stream.epoch;
    sim_time seen = l->last_commit >= start && l->last_commit < end ? l->last_commit : -1;
    sim_time floor = seen >= 0 ? seen : start;
    sim_time last =
        rate > 0 ? end - sim_time_from_sec(sim_rand_exp(r->stream.rng, 1.0 / rate)) : -1;
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
    int64_t e = now / r->stream.epoch, drawn = l->lag_until / r->stream.epoch - 1;
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
            conflict_window_set(r->conf, i, j, e - k, link_draw_transit(l, &r->stream));
        if (k > 0 && last < 0)
            close_epoch(r, i, j, e - k, rate);
    }
    conflict_window_get(r->conf, i, j, e, &l->transit, NULL);
    l->lag_until = (e + 1) * r->stream.epoch;
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
        link_pop(l, now);
        if (window) {
            /* a backlog: the oldest sampled write still queued (itself,
             * not a point inside its run: that is the window's part) */
            sim_time queued = 0;
            if (l->len > 0) {
                const struct run *u = link_run(l, 0);
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
            d[j] = fmax(sim_time_to_sec(link_transit(l, &r->stream, now, r->full_rate > 0) +
                                        r->extra[j][w] / 2),
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
            link_fini(&r->link[i][j]);
    snap_fini(&r->snap);
    conflict_free(r->conf);
    free(r);
}

/* The names expected_conflicts calls the link machinery by. */
static void track_backlog(struct repl *r, sim_time now)
{
    for (int i = 0; i < r->n; i++)
        for (int j = 0; j < r->n; j++) {
            struct link *l = &r->link[i][j];
            if (i == j || l->len == 0)
                continue;
            link_pop(l, now);
            if (l->len > 0 && now - link_run(l, 0)->c_first > r->stats.max_backlog_age)
                r->stats.max_backlog_age = now - link_run(l, 0)->c_first;
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

static void relink(struct repl *r, sim_time now)
{
    track_backlog(r, now);
    for (int i = 0; i < r->n; i++)
        for (int j = 0; j < r->n; j++)
            if (i != j)
                link_set_up(&r->link[i][j], &r->stream, r->full_rate > 0, now,
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
    link_pop(l, now);
    return l->len == 0 || link_run(l, 0)->c_first > commit;
}

/* Acknowledgement delay of replica j for a write sent now: the RTT, or the
 * time left to drain its backlog when that is longer. */
static sim_time ack_delay(struct repl *r, struct link *l, int w, int j, sim_time now)
{
    link_pop(l, now);
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
            link_send(l, &r->stream, r->full_rate > 0, now, commit, r->extra[w][j], weight);
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
            link_pop(&r->link[w][j], now);
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
    sim_time oldest;
    double count;
    link_lacking(&r->link[failed][survivor], t_fail, &count, &oldest);
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
    for (int g = 0; g < r->n; g++)
        out->snapshot_bytes_to[g] = r->snap.bytes_to[g];
    out->snapshots_taken = r->snap.taken_count;
    out->snapshot_retained_bytes = snap_retained_bytes(&r->snap);
}

sim_time repl_clock_offset(const struct repl *r, int region)
{
    return region >= 0 && region < r->n ? r->offset[region] : 0;
}
