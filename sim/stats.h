/* Streaming statistics: nothing here grows with simulated time or with the
 * number of observations. Across-replication summaries use GSL's Student t. */
#ifndef REGIONSIM_SIM_STATS_H
#define REGIONSIM_SIM_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "sim/time.h"

/* Welford tally: count, mean, variance, min, max. Zero-initialise or _init. */
struct sim_tally {
    uint64_t n;
    double mean;
    double m2;
    double min;
    double max;
};
void sim_tally_init(struct sim_tally *t);
void sim_tally_add(struct sim_tally *t, double x);
/* Sample variance (n-1); 0 when n < 2. */
double sim_tally_var(const struct sim_tally *t);
double sim_tally_sd(const struct sim_tally *t);
/* Merges b into a (Chan et al.), as if a had seen every value of b. */
void sim_tally_merge(struct sim_tally *a, const struct sim_tally *b);

/* Time-weighted average of a piecewise-constant level (queue length, instances). */
struct sim_timeavg {
    sim_time start;
    sim_time last;
    double level;
    double area; /* level x seconds */
};
void sim_timeavg_init(struct sim_timeavg *a, sim_time start, double level);
/* The level changes to `level` at `now` (>= last). */
void sim_timeavg_set(struct sim_timeavg *a, sim_time now, double level);
/* Average over [start, now]; the level at start when now == start. */
double sim_timeavg_mean(const struct sim_timeavg *a, sim_time now);
/* Integral of the level in level-seconds over [start, now]. */
double sim_timeavg_area(const struct sim_timeavg *a, sim_time now);

/* Log-bucketed histogram of positive values (HDR style): SIM_HIST_PER_OCTAVE
 * buckets per doubling from SIM_HIST_MIN, so a quantile's relative error is
 * below 2^(1/70) - 1 = 0.995% over [SIM_HIST_MIN, SIM_HIST_MAX]; values
 * outside are clamped into the end buckets and counted. Fixed size,
 * mergeable. Adding a value takes no log(): the bucket comes from the
 * double's exponent and a 128-entry table. */
#define SIM_HIST_MIN 1e-6 /* 1 us, when values are seconds */
#define SIM_HIST_MAX 1e5
#define SIM_HIST_PER_OCTAVE 70
#define SIM_HIST_BUCKETS 2558 /* ceil(70 log2(MAX / MIN)) */
struct sim_hist {
    uint64_t count;
    uint64_t below;
    uint64_t above;
    double sum;
    double min;
    double max;
    uint64_t bucket[SIM_HIST_BUCKETS]; /* 64-bit: a year at 1e5/s passes 2^32 */
};
void sim_hist_init(struct sim_hist *h);
void sim_hist_add(struct sim_hist *h, double x);
/* Adds x n times (a sampled request standing for n): as n calls of
 * sim_hist_add, in one. */
void sim_hist_add_n(struct sim_hist *h, double x, uint64_t n);
/* Quantile q in [0, 1]: the nearest-rank value's bucket, interpolated by
 * rank in log space inside it (the j-th of c values at (j - 1/2)/c of the
 * bucket), clamped to [min, max]; NAN when empty. */
double sim_hist_quantile(const struct sim_hist *h, double q);
/* Bucket index of x (clamped to the end buckets), and bucket i's lower edge
 * MIN 2^(i / SIM_HIST_PER_OCTAVE). */
size_t sim_hist_bucket_of(double x);
double sim_hist_bucket_low(size_t i);
double sim_hist_mean(const struct sim_hist *h);
void sim_hist_merge(struct sim_hist *a, const struct sim_hist *b);

/* Fixed-step time series with a fixed number of points: `sum` and `count` per
 * step, e.g. successes and requests per minute. Observations outside
 * [start, start + step * n) are dropped. */
struct sim_series {
    sim_time start;
    sim_time step;
    size_t n;
    double *sum;
    double *count;
};
/* Returns 0, or SIM_ENOMEM. */
int sim_series_init(struct sim_series *s, sim_time start, sim_time step, size_t n);
void sim_series_fini(struct sim_series *s);
void sim_series_add(struct sim_series *s, sim_time t, double value, double weight);
/* sum/count of point i; NAN when the count is zero. */
double sim_series_mean(const struct sim_series *s, size_t i);

/* Summary of one metric across replications. */
struct sim_summary {
    size_t n;
    double mean;
    double ci_low; /* Student t 95%; equal to mean when n < 2 */
    double ci_high;
    double p50; /* quantiles interpolated linearly between order statistics */
    double p95;
    double min;
    double max;
};
/* Summarises values[0..n-1] (NANs skipped; n counts the rest). Sorts a copy.
 * Returns 0, or SIM_ENOMEM. With no values, n = 0 and the rest NAN. */
int sim_summarise(const double *values, size_t n, struct sim_summary *out);

#endif
