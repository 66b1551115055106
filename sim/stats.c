/* Streaming statistics: Welford tallies, time-weighted averages, a log-bucketed
 * histogram, fixed-step series, and the across-replication summary. Invariant:
 * memory is fixed at init; nothing grows with the number of observations. */
#include "sim/stats.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "sim/error.h"
#include "sim/sim_private.h"

void sim_tally_init(struct sim_tally *t)
{
    *t = (struct sim_tally){0, 0, 0, INFINITY, -INFINITY};
}

void sim_tally_add(struct sim_tally *t, double x)
{
    if (t->n == 0) {
        t->min = x;
        t->max = x;
    } else {
        if (x < t->min)
            t->min = x;
        if (x > t->max)
            t->max = x;
    }
    t->n++;
    double d = x - t->mean;
    t->mean += d / (double)t->n;
    t->m2 += d * (x - t->mean);
}

double sim_tally_var(const struct sim_tally *t)
{
    return t->n < 2 ? 0 : t->m2 / (double)(t->n - 1);
}

double sim_tally_sd(const struct sim_tally *t)
{
    return sqrt(sim_tally_var(t));
}

void sim_tally_merge(struct sim_tally *a, const struct sim_tally *b)
{
    if (b->n == 0)
        return;
    if (a->n == 0) {
        *a = *b;
        return;
    }
    double na = (double)a->n, nb = (double)b->n, n = na + nb;
    double d = b->mean - a->mean;
    a->mean += d * nb / n;
    a->m2 += b->m2 + d * d * na * nb / n;
    a->n += b->n;
    if (b->min < a->min)
        a->min = b->min;
    if (b->max > a->max)
        a->max = b->max;
}

void sim_timeavg_init(struct sim_timeavg *a, sim_time start, double level)
{
    *a = (struct sim_timeavg){start, start, level, 0};
}

void sim_timeavg_set(struct sim_timeavg *a, sim_time now, double level)
{
    if (now > a->last) {
        a->area += a->level * sim_time_to_sec(now - a->last);
        a->last = now;
    }
    a->level = level;
}

double sim_timeavg_area(const struct sim_timeavg *a, sim_time now)
{
    double area = a->area;
    if (now > a->last)
        area += a->level * sim_time_to_sec(now - a->last);
    return area;
}

double sim_timeavg_mean(const struct sim_timeavg *a, sim_time now)
{
    if (now <= a->start)
        return a->level;
    return sim_timeavg_area(a, now) / sim_time_to_sec(now - a->start);
}

/* Bucket i holds [MIN 2^(i/70), MIN 2^((i+1)/70)): r = 2^(1/70) = 1.00995, so
 * any estimate inside the bucket of the exact order statistic is within
 * r - 1 = 0.995% of it. The index is log-free: y = x / MIN >= 1 has exponent
 * e and mantissa m in [1, 2); the bucket is 70 e + floor(70 log2 m). The top
 * 7 bits of m name one of 128 slices of [1, 2), each narrower (1/128 of at
 * least 1, 0.78%) than a bucket, so a slice holds at most one bucket edge:
 * hist_j[s] is the bucket at the slice's start, hist_edge[s] the mantissa
 * bits of the edge inside it (2^52, never reached, when there is none).
 * Computed once with exact log2/pow; test_stats checks them against log2(). */
static const uint8_t hist_j[128] = {
    0,  0,  1,  2,  3,  3,  4,  5,  6,  6,  7,  8,  9,  9,  10, 11, 11, 12, 13, 13, 14, 15,
    16, 16, 17, 18, 18, 19, 19, 20, 21, 21, 22, 23, 23, 24, 25, 25, 26, 26, 27, 28, 28, 29,
    29, 30, 31, 31, 32, 32, 33, 33, 34, 34, 35, 36, 36, 37, 37, 38, 38, 39, 39, 40, 40, 41,
    41, 42, 43, 43, 44, 44, 45, 45, 46, 46, 47, 47, 48, 48, 49, 49, 49, 50, 50, 51, 51, 52,
    52, 53, 53, 54, 54, 55, 55, 56, 56, 56, 57, 57, 58, 58, 59, 59, 60, 60, 60, 61, 61, 62,
    62, 63, 63, 63, 64, 64, 65, 65, 65, 66, 66, 67, 67, 68, 68, 68, 69, 69,
};
static const uint64_t hist_edge[128] = {
    0x10000000000000, 0x028c2af3c1ff5,  0x051ed35254d7a,  0x07b809a43b568,  0x10000000000000,
    0x0a57de9c16bc7,  0x0cfe6317120a2,  0x0faba81d4e5df,  0x10000000000000, 0x125fbee250664,
    0x151ab8c56eea2,  0x17dca752426be,  0x10000000000000, 0x1aa59c4115e7d,  0x1d75a97758b26,
    0x10000000000000, 0x204ce10811781,  0x232b55345262f,  0x10000000000000, 0x2611186bae675,
    0x28fe3d4cafbb7,  0x2bf2d6a54f7da,  0x10000000000000, 0x2eeef7736e8a3,  0x31f2b2e54f85c,
    0x10000000000000, 0x34fe1c5a121ed,  0x10000000000000, 0x381147622f886,  0x3b2c47bff8329,
    0x10000000000000, 0x3e4f316812c30,  0x417a1881fc50e,  0x10000000000000, 0x44ad116889e7b,
    0x47e830aa6b53e,  0x10000000000000, 0x4b2b8b0aaf3c7,  0x10000000000000, 0x4e773581488d9,
    0x51cb453b9536c,  0x10000000000000, 0x5527cf9ce6407,  0x10000000000000, 0x588cea3f093be,
    0x5bfaaaf2d311f,  0x10000000000000, 0x5f7127c0ac329,  0x10000000000000, 0x62f076e91e2a5,
    0x10000000000000, 0x6678aee5629f8,  0x10000000000000, 0x6a09e667f3bcd,  0x6da4345d1e0ad,
    0x10000000000000, 0x7147afeb93bdc,  0x10000000000000, 0x74f470750179f,  0x10000000000000,
    0x78aa8d96a493e,  0x10000000000000, 0x7c6a1f29e2ce6,  0x10000000000000, 0x80333d44e39be,
    0x10000000000000, 0x8406003b2ae5c,  0x87e2809e355e7,  0x10000000000000, 0x8bc8d73e16610,
    0x10000000000000, 0x8fb91d2a1763a,  0x10000000000000, 0x93b36bb158fff,  0x10000000000000,
    0x97b7dc637595c,  0x10000000000000, 0x9bc68911258c0,  0x10000000000000, 0x9fdf8bcce533d,
    0x10000000000000, 0x10000000000000, 0xa402feeb9c533,  0x10000000000000, 0xa830fd0547591,
    0x10000000000000, 0xac69a0f5a241c,  0x10000000000000, 0xb0ad05dcd52df,  0x10000000000000,
    0xb4fb472022b1a,  0x10000000000000, 0xb954806a97df0,  0x10000000000000, 0xbdb8cdadbe120,
    0x10000000000000, 0x10000000000000, 0xc2284b224e80a,  0x10000000000000, 0xc6a31548e794e,
    0x10000000000000, 0xcb2948eac4142,  0x10000000000000, 0xcfbb031a741a4,  0x10000000000000,
    0x10000000000000, 0xd458613497eac,  0x10000000000000, 0xd90180e09c9e3,  0x10000000000000,
    0xddb680117ab12,  0x10000000000000, 0x10000000000000, 0xe2777d0676770,  0x10000000000000,
    0xe744964be278b,  0x10000000000000, 0x10000000000000, 0xec1deabbe3c14,  0x10000000000000,
    0xf103997f381f5,  0x10000000000000, 0xf5f5c20dfe5f2,  0x10000000000000, 0x10000000000000,
    0xfaf4843080836,  0x10000000000000, 0x10000000000000,
};

void sim_hist_init(struct sim_hist *h)
{
    memset(h, 0, sizeof *h);
    h->min = INFINITY;
    h->max = -INFINITY;
}

/* The bucket of MIN <= x < MAX. */
static inline size_t hist_index(double x)
{
    double y = x * (1 / SIM_HIST_MIN);
    uint64_t bits;
    memcpy(&bits, &y, sizeof bits);
    uint64_t e = (bits >> 52) - 1023; /* y >= 1: sign 0, exponent >= 0 */
    uint64_t m = bits & ((UINT64_C(1) << 52) - 1);
    unsigned s = (unsigned)(m >> 45);
    size_t i = (size_t)(e * SIM_HIST_PER_OCTAVE + hist_j[s] + (m >= hist_edge[s]));
    return i < SIM_HIST_BUCKETS ? i : SIM_HIST_BUCKETS - 1;
}

size_t sim_hist_bucket_of(double x)
{
    if (!(x >= SIM_HIST_MIN))
        return 0;
    if (!(x < SIM_HIST_MAX))
        return SIM_HIST_BUCKETS - 1;
    return hist_index(x);
}

double sim_hist_bucket_low(size_t i)
{
    return SIM_HIST_MIN * exp2((double)i / SIM_HIST_PER_OCTAVE);
}

void sim_hist_add(struct sim_hist *h, double x)
{
    sim_hist_add_n(h, x, 1);
}

void sim_hist_add_n(struct sim_hist *h, double x, uint64_t n)
{
    if (isnan(x) || n == 0)
        return;
    size_t i;
    if (!(x >= SIM_HIST_MIN)) {
        h->below += n;
        i = 0;
    } else if (!(x < SIM_HIST_MAX)) {
        h->above += n;
        i = SIM_HIST_BUCKETS - 1;
    } else {
        i = hist_index(x);
    }
    if (h->count == 0) {
        h->min = x;
        h->max = x;
    } else {
        if (x < h->min)
            h->min = x;
        if (x > h->max)
            h->max = x;
    }
    h->bucket[i] += n;
    h->count += n;
    h->sum += x * (double)n;
}

/* Nearest rank k; inside its bucket the c in-range values are taken as
 * spread evenly in log space, the j-th at (j - 1/2) / c of the bucket (a
 * lone value at the geometric midpoint). Values clamped into an end bucket
 * carry no position: their ranks give that bucket's midpoint. */
double sim_hist_quantile(const struct sim_hist *h, double q)
{
    if (h->count == 0)
        return NAN;
    if (q <= 0)
        return h->min;
    if (q >= 1)
        return h->max;
    uint64_t k = (uint64_t)ceil(q * (double)h->count);
    if (k < 1)
        k = 1;
    uint64_t cum = 0;
    size_t i = 0;
    for (; i < SIM_HIST_BUCKETS - 1; i++) {
        if (cum + h->bucket[i] >= k)
            break;
        cum += h->bucket[i];
    }
    uint64_t j = k - cum; /* rank inside bucket i, from 1 */
    uint64_t c = h->bucket[i];
    double pos = 0.5;
    bool clamped = (i == 0 && j <= h->below) ||
                   (i == SIM_HIST_BUCKETS - 1 && c >= h->above && j > c - h->above);
    if (!clamped) {
        if (i == 0) {
            j -= h->below;
            c -= h->below;
        }
        if (i == SIM_HIST_BUCKETS - 1)
            c -= h->above;
        if (c > 0 && j <= c)
            pos = ((double)j - 0.5) / (double)c;
    }
    double v = SIM_HIST_MIN * exp2(((double)i + pos) / SIM_HIST_PER_OCTAVE);
    if (v < h->min)
        v = h->min;
    if (v > h->max)
        v = h->max;
    return v;
}

double sim_hist_mean(const struct sim_hist *h)
{
    return h->count ? h->sum / (double)h->count : NAN;
}

void sim_hist_merge(struct sim_hist *a, const struct sim_hist *b)
{
    if (b->count == 0)
        return;
    if (a->count == 0 || b->min < a->min)
        a->min = b->min;
    if (a->count == 0 || b->max > a->max)
        a->max = b->max;
    a->count += b->count;
    a->below += b->below;
    a->above += b->above;
    a->sum += b->sum;
    for (size_t i = 0; i < SIM_HIST_BUCKETS; i++)
        a->bucket[i] += b->bucket[i];
}

int sim_series_init(struct sim_series *s, sim_time start, sim_time step, size_t n)
{
    memset(s, 0, sizeof *s);
    if (step <= 0)
        return SIM_EINVAL;
    s->start = start;
    s->step = step;
    s->n = n;
    if (n == 0)
        return 0;
    s->sum = calloc(n, sizeof *s->sum);
    s->count = calloc(n, sizeof *s->count);
    if (s->sum == NULL || s->count == NULL) {
        sim_series_fini(s);
        return SIM_ENOMEM;
    }
    return 0;
}

void sim_series_fini(struct sim_series *s)
{
    free(s->sum);
    free(s->count);
    s->sum = NULL;
    s->count = NULL;
    s->n = 0;
}

void sim_series_add(struct sim_series *s, sim_time t, double value, double weight)
{
    if (t < s->start)
        return;
    uint64_t i = (uint64_t)(t - s->start) / (uint64_t)s->step;
    if (i >= s->n)
        return;
    s->sum[i] += value;
    s->count[i] += weight;
}

double sim_series_mean(const struct sim_series *s, size_t i)
{
    if (i >= s->n || s->count[i] == 0)
        return NAN;
    return s->sum[i] / s->count[i];
}

int sim_summarise(const double *values, size_t n, struct sim_summary *out)
{
    *out = (struct sim_summary){0, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    double *v = malloc((n ? n : 1) * sizeof *v);
    if (v == NULL)
        return SIM_ENOMEM;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(values[i]))
            v[m++] = values[i];
    out->n = m;
    if (m == 0) {
        free(v);
        return 0;
    }
    sim__gsl_quiet();
    gsl_sort(v, 1, m);
    double mean = gsl_stats_mean(v, 1, m);
    out->mean = mean;
    out->ci_low = mean;
    out->ci_high = mean;
    if (m >= 2) {
        double sd = gsl_stats_sd_m(v, 1, m, mean);
        double half = gsl_cdf_tdist_Pinv(0.975, (double)(m - 1)) * sd / sqrt((double)m);
        if (isfinite(half)) {
            out->ci_low = mean - half;
            out->ci_high = mean + half;
        }
    }
    out->p50 = gsl_stats_quantile_from_sorted_data(v, 1, m, 0.5);
    out->p95 = gsl_stats_quantile_from_sorted_data(v, 1, m, 0.95);
    out->min = v[0];
    out->max = v[m - 1];
    free(v);
    return 0;
}
