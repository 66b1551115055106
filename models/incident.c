/* Opening, joining and closing incidents from failure events, hurts and the
 * per-second record of bad windows. A bad window with no incident open is
 * due to the candidates whose region (or link ends; "no region" for failures
 * everywhere) holds at least a tenth of the window's most failed requests;
 * with no such candidate, to the latest one that started. */
#include "models/incident.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "models/failure.h"
#include "sim/error.h"

int incident_init(struct incidents *t, struct run_result *out, int n_slots, int n_regions,
                  sim_time window, void (*on_open)(void *, struct incident_result *), void *ctx)
{
    memset(t, 0, sizeof *t);
    t->out = out;
    t->window = window;
    t->window_s = (int)(window / SIM_SEC) > 0 ? (int)(window / SIM_SEC) : 1;
    t->n_slots = n_slots;
    t->n_regions = n_regions;
    t->last_bad = -1;
    t->on_open = on_open;
    t->ctx = ctx;
    size_t cols = (size_t)n_regions + 1;
    t->slot = calloc(n_slots > 0 ? (size_t)n_slots : 1, sizeof *t->slot);
    t->ring = calloc((size_t)t->window_s * cols, sizeof *t->ring);
    t->cur = calloc(cols, sizeof *t->cur);
    t->recent = calloc(cols, sizeof *t->recent);
    if (!t->slot || !t->ring || !t->cur || !t->recent) {
        incident_fini(t);
        return SIM_ENOMEM;
    }
    return 0;
}

void incident_fini(struct incidents *t)
{
    free(t->slot);
    free(t->ring);
    free(t->cur);
    free(t->recent);
    t->slot = NULL;
    t->ring = t->cur = NULL;
    t->recent = NULL;
}

/* A candidate leaves the set: absorbed when it joined no incident. */
static void drop_candidate(struct incidents *t, struct incident_slot *sl)
{
    if (sl->candidate && !sl->joined)
        t->out->absorbed_failures++;
    sl->candidate = false;
}

static void join(struct incidents *t, struct incident_result *in, struct incident_slot *sl,
                 int cause)
{
    if (sl) {
        sl->joined = true;
        sl->inc_id = t->out->incidents_total;
    }
    int bit = cause >= 0                      ? (int)sl->kind
              : cause == INCIDENT_FALSE_ALARM ? INCIDENT_CAUSE_FALSE_ALARM
                                              : INCIDENT_CAUSE_FAILBACK;
    in->causes |= 1u << bit;
}

/* Opens an incident at t_open with its first cause. */
static struct incident_result *open_incident(struct incidents *t, int cause, sim_time t_open,
                                             int64_t failed_before)
{
    struct run_result *o = t->out;
    struct incident_result *in =
        o->n_incidents < RESULTS_MAX_INCIDENTS ? &o->incidents[o->n_incidents++] : &t->scratch;
    o->incidents_total++;
    memset(in, 0, sizeof *in);
    struct incident_slot *sl = cause >= 0 ? &t->slot[cause] : NULL;
    in->kind = sl ? sl->kind : failure_region_loss_kind();
    in->region = sl ? sl->region : -1;
    in->t_fail = t_open;
    for (int p = 0; p < PHASE_COUNT; p++)
        in->phase_end[p] = -1;
    join(t, in, sl, cause);
    t->open = t->last = in;
    t->open_failed = failed_before;
    if (t->on_open)
        t->on_open(t->ctx, in);
    return in;
}

void incident_failure(struct incidents *t, int slot, enum failure_kind kind, int region,
                      int region_b, sim_time now, bool start)
{
    struct incident_slot *sl = &t->slot[slot];
    if (!start) {
        sl->active = false;
        sl->t_end = now;
        return;
    }
    drop_candidate(t, sl); /* the previous occurrence, still within W of its end */
    sl->kind = kind;
    sl->region = region;
    sl->region_b = region_b;
    sl->active = sl->candidate = true;
    sl->joined = false;
    sl->t_start = now;
    sl->t_end = SIM_TIME_MAX;
    sl->failed_at_start = t->failed;
    /* Failure events that overlap an open incident join it. */
    if (t->open)
        join(t, t->open, sl, slot);
}

/* Slot i hurts at `at` with no incident open: its own incident reopens when
 * it is the latest, else a new one opens at max(its start, at). */
static struct incident_result *hurt_again(struct incidents *t, int i, sim_time at)
{
    struct incident_slot *sl = &t->slot[i];
    if (sl->joined && sl->inc_id == t->out->incidents_total && t->last) {
        t->open = t->last;
        return t->open;
    }
    sim_time t_open = sl->joined && at > sl->t_start ? at : sl->t_start;
    return open_incident(t, i, t_open, sl->joined ? t->failed : sl->failed_at_start);
}

void incident_request_failed(struct incidents *t, int where, uint64_t weight)
{
    t->failed += weight;
    t->cur[where >= 0 && where < t->n_regions ? where : t->n_regions] += weight;
}

struct incident_result *incident_hurt(struct incidents *t, int cause, sim_time now)
{
    if (cause == INCIDENT_FALSE_ALARM)
        t->out->false_alarms++;
    struct incident_slot *sl = cause >= 0 ? &t->slot[cause] : NULL;
    if (t->open) {
        join(t, t->open, sl, cause);
        return t->open;
    }
    if (sl)
        return hurt_again(t, cause, now);
    return open_incident(t, cause, now, t->failed);
}

static uint64_t score(const struct incidents *t, const struct incident_slot *sl)
{
    if (sl->region < 0 && sl->region_b < 0)
        return t->recent[t->n_regions];
    return (sl->region >= 0 ? t->recent[sl->region] : 0) +
           (sl->region_b >= 0 ? t->recent[sl->region_b] : 0);
}

/* A bad window with no incident open: the candidates it is due to open one
 * at the earliest start among them. */
static void open_on_bad_window(struct incidents *t, sim_time bad_start)
{
    uint64_t best = 0;
    int latest = -1;
    for (int i = 0; i < t->n_slots; i++) {
        const struct incident_slot *sl = &t->slot[i];
        if (!sl->candidate)
            continue;
        uint64_t sc = score(t, sl);
        best = sc > best ? sc : best;
        if (latest < 0 || sl->t_start > t->slot[latest].t_start)
            latest = i;
    }
    if (latest < 0) {
        /* No failure event: the latest incident's recovery did not hold
         * (DESIGN 5: t_rec is when recovery began and held), e.g. stale DNS
         * answers still reaching a region that is back but no longer serves.
         * Before any incident it is not one: no failure hurt. */
        if (t->last)
            t->open = t->last;
        return;
    }
    int first = -1;
    for (int i = 0; i < t->n_slots && best > 0; i++) {
        const struct incident_slot *sl = &t->slot[i];
        if (sl->candidate && score(t, sl) * 10 >= best && score(t, sl) > 0 &&
            (first < 0 || sl->t_start < t->slot[first].t_start))
            first = i;
    }
    if (first < 0)
        first = latest;
    struct incident_result *in = hurt_again(t, first, bad_start);
    for (int i = 0; i < t->n_slots; i++) {
        struct incident_slot *sl = &t->slot[i];
        if (sl->candidate && i != first && score(t, sl) * 10 >= best && score(t, sl) > 0)
            join(t, in, sl, i);
    }
}

static sim_time t_rec_of(const struct incidents *t)
{
    sim_time rec = t->open->t_fail;
    if (t->last_bad >= 0 && (t->last_bad + 1) * SIM_SEC > rec)
        rec = (t->last_bad + 1) * SIM_SEC;
    return rec;
}

static void close_incident(struct incidents *t, sim_time now)
{
    struct incident_result *in = t->open;
    sim_time rec = t_rec_of(t);
    in->censored = rec + t->window > now;
    in->t_rec = in->censored ? -1 : rec;
    in->rto = in->censored ? 0 : rec - in->t_fail;
    in->t_end = now;
    in->failed_requests = t->failed - t->open_failed;
    t->out->censored_total += in->censored; /* only at the horizon: never reopened */
    t->open = NULL;
}

/* Moves the per-region failure ring one second on. */
static void roll_ring(struct incidents *t)
{
    int cols = t->n_regions + 1;
    uint64_t *old = &t->ring[(size_t)t->ring_pos * (size_t)cols];
    for (int c = 0; c < cols; c++) {
        t->recent[c] += t->cur[c] - old[c];
        old[c] = t->cur[c];
        t->cur[c] = 0;
    }
    t->ring_pos = (t->ring_pos + 1) % t->window_s;
}

void incident_tick(struct incidents *t, sim_time now, int64_t bad_start, bool busy)
{
    roll_ring(t);
    if (bad_start >= 0) {
        t->last_bad = bad_start;
        if (!t->open)
            open_on_bad_window(t, bad_start * SIM_SEC);
    }
    for (int i = 0; i < t->n_slots; i++) {
        struct incident_slot *sl = &t->slot[i];
        /* A failure stays a candidate while requests still fail where it
         * struck (stale DNS answers still pointing at a region back up but
         * no longer serving): what they do is its consequence. */
        if (sl->candidate && !sl->active && now >= sl->t_end + t->window && score(t, sl) == 0)
            drop_candidate(t, sl);
    }
    if (t->open && !busy && now >= t_rec_of(t) + t->window)
        close_incident(t, now);
}

bool incident_idle(const struct incidents *t)
{
    if (t->open)
        return false;
    /* An active candidate stays one while it lasts; an ended one is dropped
     * by a tick W after its end. */
    for (int i = 0; i < t->n_slots; i++)
        if (t->slot[i].candidate && !t->slot[i].active)
            return false;
    /* zero sums of non-negative seconds: a zero ring */
    for (int c = 0; c <= t->n_regions; c++)
        if (t->cur[c] || t->recent[c])
            return false;
    return true;
}

void incident_skip(struct incidents *t, int64_t n)
{
    assert(incident_idle(t) && n >= 0);
    t->ring_pos = (int)((t->ring_pos + n % t->window_s) % t->window_s);
}

void incident_finish(struct incidents *t, sim_time now)
{
    if (t->open)
        close_incident(t, now);
    for (int i = 0; i < t->n_slots; i++)
        drop_candidate(t, &t->slot[i]);
}
