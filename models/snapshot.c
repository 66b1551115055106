/* Snapshot schedule and retention ring. Invariant: ring records are in order
 * of `taken`, at most cfg.retention of them, and writes_before never exceeds
 * `writes`; a record's copy is present from `copied` on (or never). */
#include "models/snapshot.h"

#include <stdlib.h>

#include "sim/error.h"

int snap_init(struct snap *s, const struct snap_config *cfg, sim_time phase)
{
    *s = (struct snap){0};
    s->cfg = *cfg;
    if (s->cfg.retention < 1)
        s->cfg.retention = 1;
    if (s->cfg.duration < 0)
        s->cfg.duration = 0;
    if (s->cfg.copy < 0)
        s->cfg.copy = 0;
    s->next = cfg->interval > 0 ? phase : SIM_TIME_MAX;
    s->first_write = SIM_TIME_MAX;
    s->seeded = -1;
    if (cfg->interval <= 0)
        return 0;
    s->ring = calloc((size_t)s->cfg.retention, sizeof *s->ring);
    return s->ring ? 0 : SIM_ENOMEM;
}

void snap_fini(struct snap *s)
{
    free(s->ring);
    s->ring = NULL;
}

static struct snap_rec *rec_at(const struct snap *s, int i)
{
    return &s->ring[(s->head + i) % s->cfg.retention];
}

static void take(struct snap *s, sim_time at, int source)
{
    const struct snap_config *c = &s->cfg;
    struct snap_rec r = {0};
    r.taken = at;
    r.ready = at + c->duration;
    r.source = source;
    r.writes_before = s->writes;
    r.first_after = SIM_TIME_MAX;
    r.full = s->taken_count == 0;
    /* The first snapshot holds the whole dataset; later ones what changed
     * since (incremental, as EBS snapshots and their copies are). */
    double data = (double)c->data_bytes;
    double delta = (double)(s->writes - s->writes_at_last) * (double)c->payload_bytes;
    r.size = r.full || delta > data ? data : delta;
    r.dest = c->backup_region;
    if (c->backup_region < 0) {
        r.copied = SIM_TIME_MAX;
    } else if (source == c->backup_region) {
        r.copied = r.ready;
    } else if (c->backup_region < 64 && (s->down >> c->backup_region & 1)) {
        r.copied = SIM_TIME_MAX; /* the backup region is down: no copy */
    } else {
        r.copied = r.ready + c->copy;
        /* A region without the chain gets the whole dataset first. */
        r.seed = s->seeded != c->backup_region;
        r.bytes = r.seed ? data : r.size;
        s->seeded = c->backup_region;
        if (r.seed)
            s->seed_bytes += r.bytes;
    }
    s->taken_count++;
    s->bytes_copied += r.bytes;
    if (r.dest >= 0 && r.dest < SNAP_MAX_REGIONS)
        s->bytes_to[r.dest] += r.bytes;
    s->writes_at_last = s->writes;
    if (s->len == c->retention) {
        s->head = (s->head + 1) % c->retention;
        s->len--;
    }
    *rec_at(s, s->len) = r;
    s->len++;
}

void snap_advance(struct snap *s, sim_time now, int source, bool source_up)
{
    if (now > s->now)
        s->now = now;
    while (s->next <= now) {
        if (source >= 0 && source_up)
            take(s, s->next, source);
        s->next += s->cfg.interval;
    }
}

void snap_write(struct snap *s, sim_time t)
{
    snap_write_n(s, t, 1);
}

void snap_write_n(struct snap *s, sim_time t, int64_t n)
{
    if (s->first_write == SIM_TIME_MAX)
        s->first_write = t;
    s->writes += n;
    if (s->len > 0) {
        struct snap_rec *r = rec_at(s, s->len - 1);
        if (r->first_after == SIM_TIME_MAX)
            r->first_after = t;
    }
}

void snap_region_down(struct snap *s, sim_time now, int region)
{
    if (region >= 0 && region < 64)
        s->down |= 1ull << region;
    for (int i = 0; i < s->len; i++) {
        struct snap_rec *r = rec_at(s, i);
        if (r->source != region && r->dest != region)
            continue;
        if (r->source == region && r->ready > now)
            r->ready = SIM_TIME_MAX;
        if (r->copied > now && r->copied != SIM_TIME_MAX) {
            s->bytes_copied -= r->bytes;
            if (r->dest >= 0 && r->dest < SNAP_MAX_REGIONS)
                s->bytes_to[r->dest] -= r->bytes;
            if (r->seed)
                s->seed_bytes -= r->bytes;
            r->bytes = 0;
            r->copied = SIM_TIME_MAX;
        }
    }
}

void snap_region_up(struct snap *s, int region)
{
    if (region >= 0 && region < 64)
        s->down &= ~(1ull << region);
}

void snap_set_backup(struct snap *s, int region)
{
    s->cfg.backup_region = region;
}

static bool present(const struct snap *s, const struct snap_rec *r, int region, sim_time t)
{
    (void)s;
    if (region == r->source && r->ready <= t)
        return true;
    return region == r->dest && r->copied <= t;
}

/* Writes held by `r` and not lost vs the writes so far: the loss of restoring it. */
static void loss_of(const struct snap *s, const struct snap_rec *r, sim_time t, sim_time *rpo,
                    int64_t *lost)
{
    *lost = s->writes - r->writes_before;
    *rpo = r->first_after != SIM_TIME_MAX && r->first_after <= t ? t - r->first_after : 0;
}

static void loss_all(const struct snap *s, sim_time t, sim_time *rpo, int64_t *lost)
{
    *lost = s->writes;
    *rpo = s->first_write != SIM_TIME_MAX && s->first_write <= t ? t - s->first_write : 0;
}

bool snap_loss(const struct snap *s, sim_time t, int region, sim_time *rpo, int64_t *lost)
{
    for (int i = s->len - 1; i >= 0; i--) {
        const struct snap_rec *r = rec_at(s, i);
        if (r->taken <= t && present(s, r, region, t)) {
            loss_of(s, r, t, rpo, lost);
            return true;
        }
    }
    loss_all(s, t, rpo, lost);
    return false;
}

bool snap_corruption_loss(const struct snap *s, sim_time t, int region, sim_time *rpo,
                          int64_t *lost)
{
    sim_time by = t > s->now ? t : s->now;
    for (int i = s->len - 1; i >= 0; i--) {
        const struct snap_rec *r = rec_at(s, i);
        if (r->taken < t && present(s, r, region, by)) {
            loss_of(s, r, t, rpo, lost);
            return true;
        }
    }
    loss_all(s, t, rpo, lost);
    return false;
}

double snap_retained_bytes(const struct snap *s)
{
    if (s->len == 0)
        return 0.0;
    double b = (double)s->cfg.data_bytes;
    for (int i = 0; i < s->len; i++) {
        const struct snap_rec *r = rec_at(s, i);
        if (!r->full)
            b += r->size;
    }
    return b;
}
