/* One writer -> replica link: writes apply in order,
 * apply_i = max(apply_{i-1}, commit_i + one-way delay_i + lag_i), and the
 * ring keeps the unapplied ones. Memory is bounded: a full ring merges
 * neighbours into coarser runs, never one record per write ever made. */
#include "models/replication_link.h"

#include <assert.h>
#include <stdlib.h>

#include "sim/rng.h"

int link_init(struct link *l, sim_time owd, int cap)
{
    l->up = true;
    l->last_commit = -1;
    l->owd = owd;
    l->cap = cap;
    if (cap <= 0)
        return 0;
    l->ring = malloc((size_t)cap * sizeof(struct run));
    return l->ring ? 0 : -1;
}

void link_fini(struct link *l)
{
    free(l->ring);
    l->ring = NULL;
}

/* The ring is full: merge neighbours greedily into runs of at most
 * B = 4 total / cap writes (never a pending run with an in-flight one, so
 * pending runs stay whole). Any two neighbours left apart sum to more than B,
 * so at most cap/2 + 2 runs remain; oldest commit times and counts stay
 * exact, only the spread of apply times inside a run is lost. */
static void compact(struct link *l)
{
    int64_t total = 0;
    for (int i = 0; i < l->len; i++)
        total += link_run(l, i)->n;
    int64_t bound = 4 * total / l->cap;
    if (bound < 2)
        bound = 2;
    int o = 0;
    struct run cur = *link_run(l, 0);
    for (int i = 1; i < l->len; i++) {
        struct run b = *link_run(l, i);
        if ((cur.a_last == PENDING) == (b.a_last == PENDING) && cur.n + b.n <= bound) {
            cur.c_last = b.c_last > cur.c_last ? b.c_last : cur.c_last;
            cur.c_first = b.c_first < cur.c_first ? b.c_first : cur.c_first;
            cur.a_last = b.a_last;
            cur.n += b.n;
            cur.spread = cur.spread && b.spread;
        } else {
            *link_run(l, o++) = cur;
            cur = b;
        }
    }
    *link_run(l, o++) = cur;
    assert(o <= l->cap / 2 + l->cap / 4);
    l->len = o;
}

static void push(struct link *l, sim_time commit, sim_time apply, int64_t n)
{
    if (l->len == l->cap)
        compact(l);
    *link_run(l, l->len) = (struct run){commit, commit, apply, apply, n, false};
    l->len++;
}

/* The link's delay from send to apply at now: the one-way network delay
 * (RTT / 2 times the latency model's lognormal jitter) plus the lag. Both
 * describe the stream, drawn once per epoch: per-write independent draws
 * applied in order would make the effective delay the running maximum of
 * many draws, far into the tail. Draw order: lag, then jitter (when any). */
sim_time link_draw_transit(const struct link *l, const struct link_stream *s)
{
    sim_time owd = l->owd, lag = sim_dur_draw(&s->lag, s->rng);
    if (s->rtt_jitter > 1 && owd > 0)
        owd = (sim_time)sim_rand_lognormal(s->rng, (double)owd, (double)owd * s->rtt_jitter);
    return lag + owd;
}

sim_time link_transit(struct link *l, const struct link_stream *s, sim_time now, bool sampled)
{
    if (now >= l->lag_until) {
        /* Sampled (a full rate set): the full stream's last write of the
         * epoch before this one, at its end, applied that epoch's transit
         * later; in order, nothing after it applies earlier. The sample
         * rarely has a write there, so the floor is put in by hand (with
         * a transit of its own when no sampled write drew that epoch's). */
        if (sampled && l->up && l->lag_until > 0) {
            sim_time end = now - now % s->epoch;
            sim_time floor = end == l->lag_until ? end + l->transit : end + link_draw_transit(l, s);
            if (floor > l->last_apply)
                l->last_apply = floor;
        }
        l->transit = link_draw_transit(l, s);
        l->lag_until = now - now % s->epoch + s->epoch;
    }
    return l->transit;
}

/* A sampled write standing for n > 1 writes is a run of them spread over
 * the commit times since the previous write sent (applied as far after
 * theirs as it is), so a loss cut inside it is interpolated: the count and
 * the oldest lacking write's time, which a sample alone would put late by
 * about a sampling gap. */
void link_send(struct link *l, const struct link_stream *s, bool sampled, sim_time now,
               sim_time commit, sim_time extra, int64_t n)
{
    link_pop(l, now);
    sim_time apply = PENDING;
    if (l->up) {
        apply = now + link_transit(l, s, now, sampled) + extra / 2;
        if (apply < l->last_apply)
            apply = l->last_apply;
        l->last_apply = apply;
    }
    sim_time prev = l->last_commit;
    l->last_commit = commit;
    push(l, commit, apply, n);
    if (n > 1 && prev >= 0 && prev < commit) {
        struct run *u = link_run(l, l->len - 1);
        u->c_first = prev + 1;
        u->spread = true;
        if (apply != PENDING)
            u->a_first = apply - (commit - u->c_first);
    }
}

void link_set_up(struct link *l, const struct link_stream *s, bool sampled, sim_time now, bool up,
                 sim_time extra)
{
    if (l->up == up)
        return;
    link_pop(l, now);
    l->up = up;
    if (!up) {
        for (int k = 0; k < l->len; k++) {
            struct run *u = link_run(l, k);
            u->a_first = u->a_last = PENDING;
        }
        l->last_apply = now;
        return;
    }
    sim_time prev = l->last_apply > now ? l->last_apply : now;
    sim_time a = now + link_transit(l, s, now, sampled) + extra / 2;
    for (int k = 0; k < l->len; k++) {
        struct run *u = link_run(l, k);
        if (u->a_last != PENDING)
            continue;
        if (a < prev)
            a = prev;
        u->a_first = u->a_last = a;
        prev = a;
    }
    l->last_apply = prev;
}

void link_lacking(const struct link *l, sim_time t_fail, double *count, sim_time *oldest)
{
    *oldest = SIM_TIME_MAX;
    *count = 0;
    for (int k = 0; k < l->len; k++) {
        const struct run *u = link_run(l, k);
        if (u->a_last <= t_fail || u->c_first > t_fail)
            continue;
        /* Sampled writes spread over their span: the first lacking one is
         * expected one mean gap (span / n) after where the loss starts; in
         * the run a loss cuts, half that: the span that holds a given
         * instant is length-biased, twice the mean gap's n times. */
        sim_time gap = u->spread ? (u->c_last - u->c_first) / u->n : 0;
        if (u->a_first > t_fail) {
            *count += (double)u->n;
            if (u->c_first + gap < *oldest)
                *oldest = u->c_first + gap;
            continue;
        }
        /* A merged run partly applied: interpolate linearly inside it. */
        double f = (double)(u->a_last - t_fail) / (double)(u->a_last - u->a_first);
        *count += f * (double)u->n;
        sim_time c = u->c_first + (sim_time)((1.0 - f) * (double)(u->c_last - u->c_first));
        c = c + gap / 2 < u->c_last ? c + gap / 2 : u->c_last;
        if (c < *oldest)
            *oldest = c;
    }
}
