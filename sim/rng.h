/* Random streams and distributions on GSL. A stream is derived from
 * (seed, replication, name) by a stated hash, so adding a component never
 * changes another component's draws; strategies never enter the derivation. */
#ifndef REGIONSIM_SIM_RNG_H
#define REGIONSIM_SIM_RNG_H

#include <stdbool.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "sim/time.h"

/* 64-bit seed of stream `name` in `replication` of a run seeded `seed`:
 * splitmix64 finalisation of (seed, replication, FNV-1a-64(name)). Stable across
 * machines and versions: tests pin golden values. Exactly, with G =
 * 0x9e3779b97f4a7c15, mix = splitmix64's finaliser (xor-shift 30, multiply by
 * 0xbf58476d1ce4e5b9, xor-shift 27, multiply by 0x94d049bb133111eb, xor-shift 31)
 * and FNV-1a-64 over the name's bytes (offset 0xcbf29ce484222325, prime
 * 0x100000001b3), all arithmetic mod 2^64:
 *   x = mix(seed + G); x = mix((x ^ replication) + G);
 *   return mix((x ^ fnv1a64(name)) + G). */
uint64_t sim_rng_derive(uint64_t seed, uint64_t replication, const char *name);

/* A new gsl_rng (mt19937) seeded from sim_rng_derive: all 624 state words come
 * from a splitmix64 sequence started at the derived seed (so streams differ in
 * all 64 bits, not only the 32 that gsl_rng_set keeps). Turns GSL's aborting
 * error handler off. Returns NULL when out of memory. Free with gsl_rng_free. */
gsl_rng *sim_rng_new(uint64_t seed, uint64_t replication, const char *name);

/* Distributions used by the models. All take and return doubles in the
 * caller's unit unless they say sim_time. */
double sim_rand_uniform(gsl_rng *r, double lo, double hi);
double sim_rand_exp(gsl_rng *r, double mean);
/* Lognormal with the given median and 95th percentile (p95 >= median > 0). */
double sim_rand_lognormal(gsl_rng *r, double median, double p95);
bool sim_rand_bernoulli(gsl_rng *r, double p);

/* Zipf over keys 0..n-1 with exponent s (s = 0 is uniform): P(k) ~ 1/(k+1)^s.
 * Rejection-inversion: constant memory whatever n (a billion keys cost what
 * ten do), a draw takes about 1.1 uniforms on average. Exact for n up to
 * 2^53 (keys are counted in doubles). */
struct sim_zipf;
/* Returns NULL when out of memory, n == 0 or s < 0. */
struct sim_zipf *sim_zipf_new(uint64_t n, double s);
void sim_zipf_free(struct sim_zipf *z);
uint64_t sim_zipf_draw(const struct sim_zipf *z, gsl_rng *r);
/* The normalising sum of (k + 1)^-s over keys 0..n-1 (so P(k) is
 * (k + 1)^-s / it): the first 10^4 terms summed, the rest as the integral
 * (Euler-Maclaurin, relative error below 1e-8 for s <= 5). */
double sim_zipf_norm(uint64_t n, double s);

/* A duration spec: a fixed value, or a distribution of durations. */
enum sim_dur_kind {
    SIM_DUR_FIXED,     /* a */
    SIM_DUR_LOGNORMAL, /* median a, p95 b */
    SIM_DUR_UNIFORM,   /* min a, max b */
    SIM_DUR_EXP,       /* mean a */
};

struct sim_dur {
    enum sim_dur_kind kind;
    sim_time a;
    sim_time b;
};

/* A fixed spec of t. */
struct sim_dur sim_dur_fixed(sim_time t);
/* A draw from the spec (never negative). Uses r only for non-fixed kinds. */
sim_time sim_dur_draw(const struct sim_dur *d, gsl_rng *r);
/* The spec's mean (for costs and reports). */
double sim_dur_mean_sec(const struct sim_dur *d);

#endif
