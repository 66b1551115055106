/* Streaming run metrics into a struct run_result: per-request counters and
 * latency histograms, the success ratio of the sliding window W over
 * per-second buckets (DESIGN section 5; models/incident.c decides incidents
 * from it), downtime minutes, the whole-horizon timeline and the timeline
 * around the first incident. Invariant: memory is fixed at init
 * (a ring of W one-second buckets, a ring of RESULTS_INCIDENT_BEFORE minutes,
 * two histograms); nothing grows with simulated time. */
#ifndef REGIONSIM_MODELS_METRICS_H
#define REGIONSIM_MODELS_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "models/results.h"
#include "scenarios/scenario.h"
#include "sim/stats.h"
#include "sim/time.h"

struct metrics_second {
    uint64_t ok, n;
    uint32_t sampled; /* requests simulated (each standing for its weight) */
    double w2;        /* sum of their weights squared */
};

/* A coarse log histogram for the timelines' p99: the bucket is read off the
 * double's exponent and top 4 mantissa bits (16 per octave, <= 3.1% from the
 * bucket's midpoint) - no logarithm on the per-request path. */
#define METRICS_COARSE_BUCKETS 600
struct metrics_coarse {
    uint64_t count;
    uint32_t lo, hi; /* buckets [lo, hi) may be non-zero; meaningless when count is 0 */
    uint64_t b[METRICS_COARSE_BUCKETS];
};
/* Adds x n times. */
void metrics_coarse_add(struct metrics_coarse *h, double x, uint64_t n);
/* Quantile q (nearest rank, bucket midpoint); NAN when empty. */
double metrics_coarse_quantile(const struct metrics_coarse *h, double q);

struct metrics_minute {
    uint64_t ok, n, to_failed;
    uint64_t sampled; /* requests simulated */
    double w2;        /* sum of their weights squared */
    double p99_ms;
};

struct metrics {
    struct run_result *out; /* borrowed */
    sim_time horizon;
    double threshold;
    int window_s; /* W in whole seconds */
    /* the second being filled, and the ring of the last W closed seconds */
    uint64_t cur_ok, cur_n, cur_to_failed;
    uint32_t cur_sampled;
    double cur_w2;
    struct metrics_second *ring;
    int ring_pos;
    int64_t seconds_closed;
    uint64_t win_ok, win_n, win_sampled;
    double win_w2;
    /* Sampling: a window (a minute) is judged against the threshold only
     * when it holds at least this many simulated requests, all of one
     * weight (one stride: not across a change from the quiet stride to the
     * hot one, which a simulated failure can set off) (0: always, the
     * exact mode). */
    uint32_t min_sampled;
    /* the minute being filled */
    struct metrics_minute minute;
    struct metrics_coarse min_hist;
    int64_t minutes_closed;
    /* the timeline step being filled */
    int step_minutes;
    struct metrics_minute step;
    struct metrics_coarse step_hist;
    /* the last RESULTS_INCIDENT_BEFORE minutes, for the incident timeline */
    struct metrics_minute before[RESULTS_INCIDENT_BEFORE];
    int64_t inc_minute0; /* minute of the first incident's onset, -1 before it */
    bool failover;       /* set by the world: latency goes to the failover histograms */
    uint64_t weight;     /* set by the world: the requests the next recorded one stands
                            for (1, the default, when every request is simulated) */
    uint64_t requests, successes;
};

/* Clears *out, sets it up for the scenario's horizon and metric settings.
 * out is borrowed. Returns 0, SIM_EINVAL (window < 1 s) or SIM_ENOMEM. */
int metrics_init(struct metrics *m, const struct scenario *s, struct run_result *out);
void metrics_fini(struct metrics *m);

/* What the world says of the requests it records next: each stands for
 * weight requests (1 when every request is simulated), and failover
 * (DESIGN section 5: an incident open, or the recovery layout) sends their
 * latency to the failover histograms. */
static inline void metrics_set_weight(struct metrics *m, uint64_t weight)
{
    m->weight = weight;
}
static inline void metrics_set_failover(struct metrics *m, bool failover)
{
    m->failover = failover;
}
/* Sampled runs: a window is judged only on at least n simulated requests. */
static inline void metrics_set_min_sampled(struct metrics *m, uint32_t n)
{
    m->min_sampled = n;
}

/* One finished request (counted at its send time, in the current second),
 * standing for m->weight requests in every count. latency_s is its
 * end-to-end latency in seconds when ok. */
static inline void metrics_request(struct metrics *m, int pop, bool write, bool ok, enum cause why,
                                   double latency_s, bool to_failed)
{
    uint64_t n = m->weight;
    m->cur_sampled++;
    m->cur_w2 += (double)n * (double)n;
    m->cur_n += n;
    m->cur_to_failed += to_failed ? n : 0;
    if (ok) {
        m->cur_ok += n;
        struct latency_result *l = &m->out->latency[pop];
        struct sim_hist *h = m->failover ? (write ? &l->write_incident : &l->read_incident)
                                         : (write ? &l->write : &l->read);
        sim_hist_add_n(h, latency_s, n);
        metrics_coarse_add(&m->min_hist, latency_s, n);
    } else {
        m->out->failed[why] += n;
    }
}

/* Closes the second that ends at `now` (a whole second): call once per
 * simulated second, at every second boundary. Returns the start (whole
 * seconds) of the window of W seconds that just closed when its success
 * ratio is below the threshold, else -1. */
int64_t metrics_tick(struct metrics *m, sim_time now);

/* Closes n (>= 0) empty seconds at once when nothing was recorded in the
 * second being filled and the last W closed ones hold nothing, or too few
 * simulated requests to be judged (min_sampled): no window among them can
 * be bad. Returns n, or 0 when that does not hold (then close them one by
 * one with metrics_tick). */
int64_t metrics_skip_idle(struct metrics *m, int64_t n);

/* The first incident opened at t (it may lie before now, up to
 * RESULTS_INCIDENT_BEFORE minutes): the incident-aligned timeline starts at
 * it; later calls do nothing. */
void metrics_first_incident(struct metrics *m, sim_time t);

/* Closes the partial second/minute/step at the horizon `now`, and fills the
 * run-level figures of out. Returns what metrics_tick returns for the last
 * second. */
int64_t metrics_finish(struct metrics *m, sim_time now);

size_t metrics_memory(const struct metrics *m);

#endif
