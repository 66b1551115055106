/* The workload: one merged Poisson stream of requests from every user
 * population (thinning gives each population its diurnal rate), read/write
 * mix, service-time and key draws, and a pool of pending client retries.
 * Invariant: nothing here allocates per request; the retry pool only grows
 * to the largest number of retries pending at once. */
#ifndef REGIONSIM_MODELS_WORKLOAD_H
#define REGIONSIM_MODELS_WORKLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "models/prng.h"
#include "scenarios/scenario.h"
#include "sim/rng.h"
#include "sim/time.h"

struct wl_retry {
    sim_time t0; /* when the client first sent it */
    int pop;
    int attempt; /* retries already made */
    bool write;
    uint32_t resolver; /* the client's resolver (and cache): a retry asks it again */
    uint64_t weight;   /* requests the first attempt stood for (sampling) */
    uint32_t next_free;
};

struct workload {
    gsl_rng *rng;     /* borrowed: the workload's own stream */
    struct prng fast; /* per-request draws, seeded from rng */
    int n_pops;
    double peak_rate;                  /* sum of the populations' peak rates, 1/s */
    double mean_gap_s;                 /* 1 / peak_rate */
    uint64_t stride;                   /* requests each candidate stands for (sampling) */
    double gap_s;                      /* stride / peak_rate: mean gap between candidates */
    double cum[SCENARIO_MAX_USERS];    /* cumulative share of peak_rate, last = 1 */
    uint8_t guide[256];                /* first population with cum > i / 256 */
    double amp[SCENARIO_MAX_USERS];    /* diurnal amplitude a: rate = mean (1 + a cos) */
    double accept[SCENARIO_MAX_USERS]; /* rate now / peak rate of the population */
    double peak_hour_utc[SCENARIO_MAX_USERS];
    double rate[SCENARIO_MAX_USERS]; /* mean rate of each population, 1/s */
    bool diurnal;                    /* some population has a ratio > 1 */
    double write_fraction;
    struct sim_dur service;
    double service_mean_s;
    struct sim_zipf *zipf; /* NULL for uniform keys */
    uint64_t keys;
    int retries;
    sim_time retry_backoff;
    /* Exponential ziggurat tables (Marsaglia & Tsang 2000, 256 layers). */
    uint32_t zk[256];
    double zw[256], zf[256];
    struct wl_retry *pool;
    uint32_t pool_cap;
    uint32_t pool_free; /* head of the free list; UINT32_MAX = none */
};

/* Sets up the stream's parameters from the scenario. rng is borrowed.
 * Returns 0, SIM_EINVAL (no population or a zero rate) or SIM_ENOMEM. */
int wl_init(struct workload *w, const struct scenario *s, gsl_rng *rng);
void wl_fini(struct workload *w);

/* Time to the next candidate arrival (exponential at the peak rate divided
 * by the stride). */
sim_time wl_next_gap(struct workload *w);

/* Sampling: from the next wl_next_gap on, the stream runs at 1/k (k >= 1)
 * of the full rate and each candidate stands for k requests (its weight).
 * The weight of a candidate is the stride in force when its gap was drawn,
 * a predictable choice, so weighted counts stay unbiased whatever rule
 * changes k (on the simulation's state up to that draw). Starts at 1. */
void wl_set_stride(struct workload *w, uint64_t k);

/* The population of a candidate arrival, or -1 when thinning drops it (the
 * population's current rate is below its peak). */
int wl_pick(struct workload *w);

/* True when the request is a write. */
bool wl_is_write(struct workload *w);

/* A standard exponential draw (mean 1), by the ziggurat: one 64-bit draw and
 * no logarithm in ~99% of the calls. */
double wl_exp1(struct workload *w);

/* One service-time draw. Drawn for every request, served or not, so that
 * the stream's sequence never depends on routing (common random numbers). */
sim_time wl_service(struct workload *w);

/* Key of a write (uniform or Zipf over the key space). */
uint64_t wl_key(struct workload *w);

/* Updates each population's diurnal rate to the time `now` (called once a
 * simulated second; the rate is piecewise constant over a second). */
void wl_update(struct workload *w, sim_time now);

/* Mean rate of population p at time t, requests per second (for tests). */
double wl_rate(const struct workload *w, int p, sim_time t);

/* Takes a retry record; returns its index, or UINT32_MAX when out of memory. */
uint32_t wl_retry_get(struct workload *w);
void wl_retry_put(struct workload *w, uint32_t i);
/* The record of index i (from wl_retry_get, until wl_retry_put). */
static inline struct wl_retry *wl_retry_at(struct workload *w, uint32_t i)
{
    return &w->pool[i];
}
/* Bytes of the retry pool. */
static inline size_t wl_memory(const struct workload *w)
{
    return (size_t)w->pool_cap * sizeof *w->pool;
}

/* Requests each arrival stands for (1 unless sampled). */
static inline uint64_t wl_stride(const struct workload *w)
{
    return w->stride;
}
/* workload.retries, workload.retry_backoff, the mean service time (s). */
static inline int wl_retries(const struct workload *w)
{
    return w->retries;
}
static inline sim_time wl_retry_backoff(const struct workload *w)
{
    return w->retry_backoff;
}
static inline double wl_service_mean_s(const struct workload *w)
{
    return w->service_mean_s;
}
/* The populations' peak rates summed, population p's mean rate, and its
 * rate at t (the mean when no population varies over the day), requests
 * per second. */
static inline double wl_peak_rate(const struct workload *w)
{
    return w->peak_rate;
}
static inline double wl_mean_rate(const struct workload *w, int p)
{
    return w->rate[p];
}
static inline double wl_rate_at(const struct workload *w, int p, sim_time t)
{
    return w->diurnal ? wl_rate(w, p, t) : w->rate[p];
}

#endif
