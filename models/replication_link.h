/* Private to models/replication*.c: one writer -> replica link of a dataset,
 * the ring of writes it has not applied and the stream's transit (one-way
 * delay + lag). Not a public model: replication.c owns the clock, the writers
 * and which links are up; a link only keeps its writes in order. */
#ifndef REGIONSIM_MODELS_REPLICATION_LINK_H
#define REGIONSIM_MODELS_REPLICATION_LINK_H

#include <stdbool.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "sim/rng.h"
#include "sim/time.h"

#define PENDING SIM_TIME_MAX /* apply time of a write queued behind a down link */

/* A run of n writes with commit times [c_first, c_last], applied over
 * [a_first, a_last]; one write when n == 1. */
struct run {
    sim_time c_first, c_last, a_first, a_last;
    int64_t n;
    bool spread; /* sampled writes standing for n spread over (c_first - 1, c_last] */
};

/* Invariant: the ring holds, in commit order, the writes the link has not
 * applied (runs of them once it has filled and merged); everything older is
 * applied, and apply times never decrease along it. */
struct link {
    struct run *ring;
    int cap; /* ring size, runs */
    int head, len;
    sim_time owd;         /* median one-way delay: RTT / 2 */
    sim_time transit;     /* the stream's one-way delay + lag, redrawn each epoch */
    sim_time lag_until;   /* end of the epoch `transit` belongs to */
    sim_time last_apply;  /* apply time of the newest write sent (in-order floor) */
    sim_time last_commit; /* commit time of the newest write sent; -1 none */
    bool up;              /* link and both ends up */
};

/* What every link of a dataset draws its transit from. */
struct link_stream {
    gsl_rng *rng;       /* borrowed: the dataset's stream */
    struct sim_dur lag; /* async apply lag, after the one-way delay */
    double rtt_jitter;  /* lognormal p95/median of the one-way delay; <= 1: none */
    sim_time epoch;     /* one transit draw per link per epoch */
};

/* A healthy, empty link of one-way delay owd; a ring of cap runs when
 * cap > 0 (the diagonal needs none). Returns -1 when out of memory. */
int link_init(struct link *l, sim_time owd, int cap);
void link_fini(struct link *l);

/* The i-th unapplied run, oldest first. */
static inline struct run *link_run(const struct link *l, int i)
{
    return &l->ring[(l->head + i) % l->cap];
}

/* Drops the applied writes at the head. */
static inline void link_pop(struct link *l, sim_time now)
{
    while (l->len > 0 && link_run(l, 0)->a_last <= now) {
        l->head = (l->head + 1) % l->cap;
        l->len--;
    }
}

/* A fresh draw of the stream's transit for l: one-way delay (jittered)
 * plus the lag. */
sim_time link_draw_transit(const struct link *l, const struct link_stream *s);

/* The link's delay from send to apply at now, redrawn at each epoch.
 * `sampled` (a full write rate is set): at an epoch change the full
 * stream's in-order floor is put in (see replication_link.c). */
sim_time link_transit(struct link *l, const struct link_stream *s, sim_time now, bool sampled);

/* Sends n writes (n > 1: one sampled write standing for n) committed at
 * `commit` down l asynchronously at now, applied `extra` / 2 later than
 * the transit (a degraded link's extra RTT); queued while l is down. */
void link_send(struct link *l, const struct link_stream *s, bool sampled, sim_time now,
               sim_time commit, sim_time extra, int64_t n);

/* The link goes down or comes up at now. Down: what it had in flight
 * waits. Up: the backlog drains in order after the transit and extra / 2. */
void link_set_up(struct link *l, const struct link_stream *s, bool sampled, sim_time now, bool up,
                 sim_time extra);

/* The writes sent before t_fail that the far end has not applied at
 * t_fail: their count (fractional inside merged or sampled runs) and the
 * commit time of the oldest (SIM_TIME_MAX when none). */
void link_lacking(const struct link *l, sim_time t_fail, double *count, sim_time *oldest);

#endif
