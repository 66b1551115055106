/* Streaming statistics: Welford tallies, time-weighted averages, a log-bucketed
 * histogram, fixed-step series, and the across-replication summary. Invariant:
 * memory is fixed at init; nothing grows with the number of observations. */
#include "sim/stats.h"

#include <math.h>
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

/* Bucket i holds [MIN r^i, MIN r^(i+1)) with r = (MAX/MIN)^(1/BUCKETS): with
 * 1400 buckets over 11 decades r = 1.01826, and the geometric midpoint is
 * within sqrt(r) - 1 = 0.909% of every value in its bucket. */
static double hist_log_min(void)
{
    return log(SIM_HIST_MIN);
}

static double hist_per_log(void)
{
    return SIM_HIST_BUCKETS / (log(SIM_HIST_MAX) - log(SIM_HIST_MIN));
}

void sim_hist_init(struct sim_hist *h)
{
    memset(h, 0, sizeof *h);
    h->min = INFINITY;
    h->max = -INFINITY;
}

void sim_hist_add(struct sim_hist *h, double x)
{
    if (isnan(x))
        return;
    size_t i;
    if (!(x >= SIM_HIST_MIN)) {
        h->below++;
        i = 0;
    } else if (!(x < SIM_HIST_MAX)) {
        h->above++;
        i = SIM_HIST_BUCKETS - 1;
    } else {
        double f = (log(x) - hist_log_min()) * hist_per_log();
        i = f <= 0 ? 0 : (size_t)f;
        if (i >= SIM_HIST_BUCKETS)
            i = SIM_HIST_BUCKETS - 1;
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
    h->bucket[i]++;
    h->count++;
    h->sum += x;
}

double sim_hist_quantile(const struct sim_hist *h, double q)
{
    if (h->count == 0)
        return NAN;
    if (q <= 0)
        return h->min;
    if (q >= 1)
        return h->max;
    /* Nearest rank: the smallest k with k >= q * count (k >= 1). */
    uint64_t k = (uint64_t)ceil(q * (double)h->count);
    if (k < 1)
        k = 1;
    uint64_t cum = 0;
    size_t i = 0;
    for (; i < SIM_HIST_BUCKETS; i++) {
        cum += h->bucket[i];
        if (cum >= k)
            break;
    }
    if (i == SIM_HIST_BUCKETS)
        i = SIM_HIST_BUCKETS - 1;
    double v = exp(hist_log_min() + ((double)i + 0.5) / hist_per_log());
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
