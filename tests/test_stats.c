/* Streaming statistics against exact computations: Welford and its merge against
 * two-pass sums, the time-weighted average by hand, histogram quantiles against
 * exact order statistics, series, and the Student-t summary. */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include "sim/rng.h"
#include "sim/stats.h"

static void test_tally_matches_two_pass_and_merges(void **state)
{
    gsl_rng *r = sim_rng_new(3, 0, "tally");
    enum { N = 5000 };
    double x[N], sum = 0, ss = 0, lo = INFINITY, hi = -INFINITY;
    struct sim_tally all, a, b;
    sim_tally_init(&all);
    sim_tally_init(&a);
    memset(&b, 0, sizeof b); /* zero-initialised works too */
    for (int i = 0; i < N; i++) {
        x[i] = 1e6 + sim_rand_lognormal(r, 1.0, 3.0);
        sum += x[i];
        lo = fmin(lo, x[i]);
        hi = fmax(hi, x[i]);
        sim_tally_add(&all, x[i]);
        sim_tally_add(i < 1234 ? &a : &b, x[i]);
    }
    double mean = sum / N;
    for (int i = 0; i < N; i++)
        ss += (x[i] - mean) * (x[i] - mean);
    double var = ss / (N - 1);
    assert_int_equal(all.n, N);
    assert_near(all.mean, mean, 1e-12 * mean);
    assert_near(sim_tally_var(&all), var, 1e-9 * var);
    assert_near(sim_tally_sd(&all), sqrt(var), 1e-9 * sqrt(var));
    assert_near(all.min, lo, 0);
    assert_near(all.max, hi, 0);
    sim_tally_merge(&a, &b);
    assert_int_equal(a.n, N);
    assert_near(a.mean, mean, 1e-12 * mean);
    assert_near(sim_tally_var(&a), var, 1e-9 * var);
    assert_near(a.min, lo, 0);
    assert_near(a.max, hi, 0);
    /* Merging into an empty tally copies; merging an empty one changes nothing. */
    struct sim_tally e;
    sim_tally_init(&e);
    sim_tally_merge(&e, &all);
    assert_near(e.mean, all.mean, 0);
    sim_tally_init(&e);
    sim_tally_merge(&all, &e);
    assert_int_equal(all.n, N);
    assert_near(sim_tally_var(&e), 0, 0);
    gsl_rng_free(r);
}

static void test_timeavg_by_hand(void **state)
{
    struct sim_timeavg a;
    sim_timeavg_init(&a, 10 * SIM_SEC, 0);
    assert_near(sim_timeavg_mean(&a, 10 * SIM_SEC), 0, 0);
    sim_timeavg_set(&a, 11 * SIM_SEC, 2);
    sim_timeavg_set(&a, 13 * SIM_SEC, 4);
    /* 0 for 1 s, 2 for 2 s, 4 for 1 s: area 8, mean 2 over 4 s. */
    assert_near(sim_timeavg_area(&a, 14 * SIM_SEC), 8, 1e-12);
    assert_near(sim_timeavg_mean(&a, 14 * SIM_SEC), 2, 1e-12);
    assert_near(sim_timeavg_mean(&a, 13 * SIM_SEC), 4.0 / 3, 1e-12);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Bucket width ratio r = 2^(1/70) = 1.00995; the histogram's quantile lies in
 * the bucket of the exact nearest-rank order statistic (interpolation stays
 * inside it), so it is within r - 1 = 0.995% of it: 1% holds for every
 * quantile. */
static void test_hist_quantiles_within_one_percent_of_exact(void **state)
{
    enum { N = 200000 };
    gsl_rng *r = sim_rng_new(5, 0, "hist");
    double *x = malloc(N * sizeof *x);
    struct sim_hist *h = malloc(sizeof *h);
    sim_hist_init(h);
    double sum = 0;
    for (int i = 0; i < N; i++) {
        x[i] = sim_rand_lognormal(r, 0.08, 0.9);
        sum += x[i];
        sim_hist_add(h, x[i]);
    }
    qsort(x, N, sizeof *x, cmp_double);
    const double qs[] = {0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 0.9999};
    for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
        size_t k = (size_t)ceil(qs[i] * N); /* nearest rank, 1-based */
        double exact = x[k - 1];
        assert_near(sim_hist_quantile(h, qs[i]), exact, 0.01 * exact);
    }
    assert_near(sim_hist_quantile(h, 0), x[0], 0);
    assert_near(sim_hist_quantile(h, 1), x[N - 1], 0);
    assert_near(sim_hist_mean(h), sum / N, 1e-9 * sum / N);
    assert_int_equal(h->count, N);
    free(x);
    free(h);
    gsl_rng_free(r);
}

static void test_hist_merge_equals_hist_of_union(void **state)
{
    gsl_rng *r = sim_rng_new(6, 0, "hist-merge");
    struct sim_hist *all = malloc(sizeof *all), *a = malloc(sizeof *a), *b = malloc(sizeof *b);
    sim_hist_init(all);
    sim_hist_init(a);
    sim_hist_init(b);
    for (int i = 0; i < 20000; i++) {
        double x = sim_rand_lognormal(r, 1.0, 20.0);
        sim_hist_add(all, x);
        sim_hist_add(i % 3 ? a : b, x);
    }
    sim_hist_merge(a, b);
    assert_int_equal(a->count, all->count);
    assert_memory_equal(a->bucket, all->bucket, sizeof a->bucket);
    assert_near(a->min, all->min, 0);
    assert_near(a->max, all->max, 0);
    for (double q = 0.05; q < 1; q += 0.05)
        assert_near(sim_hist_quantile(a, q), sim_hist_quantile(all, q), 0);
    free(all);
    free(a);
    free(b);
    gsl_rng_free(r);
}

static void test_hist_clamps_and_counts_out_of_range(void **state)
{
    struct sim_hist *h = malloc(sizeof *h);
    sim_hist_init(h);
    assert_true(isnan(sim_hist_quantile(h, 0.5)));
    assert_true(isnan(sim_hist_mean(h)));
    sim_hist_add(h, 0);
    sim_hist_add(h, 1e-9);
    sim_hist_add(h, 1e7);
    assert_int_equal(h->below, 2);
    assert_int_equal(h->above, 1);
    /* Rank 2 of 3 is a clamped value in the first bucket: its midpoint
     * MIN * sqrt(r), r = 2^(1/70) (clamped values carry no position). */
    double r = exp2(1.0 / SIM_HIST_PER_OCTAVE);
    assert_near(sim_hist_quantile(h, 0.5), SIM_HIST_MIN * sqrt(r), 1e-15);
    /* Values above MAX are clamped into the last bucket: its midpoint. */
    double top = SIM_HIST_MIN * exp2((SIM_HIST_BUCKETS - 0.5) / SIM_HIST_PER_OCTAVE);
    assert_near(sim_hist_quantile(h, 0.99), top, 1e-9);
    /* The last bucket holds MAX. */
    assert_true(sim_hist_bucket_low(SIM_HIST_BUCKETS - 1) <= SIM_HIST_MAX);
    assert_true(sim_hist_bucket_low(SIM_HIST_BUCKETS) > SIM_HIST_MAX);
    free(h);
}

/* The log-free index equals floor(70 log2(x / MIN)) wherever that is not
 * within rounding (1e-9 of a bucket) of an edge, and is monotone. */
static void test_hist_index_matches_log2(void **state)
{
    gsl_rng *r = sim_rng_new(8, 0, "hist-index");
    size_t prev = 0;
    for (int i = 0; i < 200000; i++) {
        double x = SIM_HIST_MIN * pow(SIM_HIST_MAX / SIM_HIST_MIN, gsl_rng_uniform(r));
        double f = SIM_HIST_PER_OCTAVE * log2(x / SIM_HIST_MIN);
        if (fabs(f - nearbyint(f)) < 1e-9)
            continue;
        assert_int_equal(sim_hist_bucket_of(x), (size_t)floor(f));
    }
    /* every edge and its neighbours; a sweep is monotone */
    for (size_t i = 1; i < SIM_HIST_BUCKETS; i++) {
        double e = sim_hist_bucket_low(i);
        assert_int_equal(sim_hist_bucket_of(e * (1 + 1e-12)), i);
        assert_int_equal(sim_hist_bucket_of(e * (1 - 1e-12)), i - 1);
    }
    for (double x = SIM_HIST_MIN; x < SIM_HIST_MAX; x *= 1.0001) {
        size_t b = sim_hist_bucket_of(x);
        assert_true(b >= prev && b <= prev + 1);
        prev = b;
    }
    assert_int_equal(prev, SIM_HIST_BUCKETS - 1);
    gsl_rng_free(r);
}

/* Values filling one bucket evenly in log space come back in rank order:
 * with c values at (j - 1/2)/c of the bucket, quantile (j - 1/2)/c (rank j)
 * is the j-th value (up to rounding), not the bucket midpoint for all. */
static void test_hist_interpolates_within_bucket(void **state)
{
    struct sim_hist *h = malloc(sizeof *h);
    sim_hist_init(h);
    enum { C = 10 };
    size_t b = 1000;
    double v[C];
    for (int j = 0; j < C; j++) {
        v[j] = SIM_HIST_MIN * exp2((b + (j + 0.5) / C) / SIM_HIST_PER_OCTAVE);
        sim_hist_add(h, v[j]);
    }
    assert_int_equal(h->bucket[b], C);
    for (int j = 1; j < C; j++)
        assert_near(sim_hist_quantile(h, (j - 0.5) / C), v[j - 1], 1e-12 * v[j - 1]);
    assert_true(sim_hist_quantile(h, 0.5) < sim_hist_quantile(h, 0.6));
    free(h);
}

static void test_series_steps_and_drops_outside(void **state)
{
    struct sim_series s;
    assert_int_equal(sim_series_init(&s, SIM_MIN, SIM_MIN, 3), 0);
    sim_series_add(&s, SIM_MIN, 1, 1);
    sim_series_add(&s, 2 * SIM_MIN - 1, 0, 1);
    sim_series_add(&s, 3 * SIM_MIN + 5, 6, 2);
    sim_series_add(&s, 0, 100, 1);           /* before start */
    sim_series_add(&s, 4 * SIM_MIN, 100, 1); /* past the end */
    assert_near(sim_series_mean(&s, 0), 0.5, 0);
    assert_true(isnan(sim_series_mean(&s, 1)));
    assert_near(sim_series_mean(&s, 2), 3, 0);
    assert_true(isnan(sim_series_mean(&s, 3)));
    sim_series_fini(&s);
}

static void test_summary_student_t_interval(void **state)
{
    const double v[] = {4, NAN, 1, 3, 5, 2};
    struct sim_summary s;
    assert_int_equal(sim_summarise(v, 6, &s), 0);
    assert_int_equal(s.n, 5);
    assert_near(s.mean, 3, 1e-12);
    /* sd = sqrt(2.5); t(0.975, 4) = 2.7764451052 (tables). */
    double half = 2.7764451052 * sqrt(2.5) / sqrt(5.0);
    assert_near(s.ci_low, 3 - half, 1e-8);
    assert_near(s.ci_high, 3 + half, 1e-8);
    assert_near(s.p50, 3, 1e-12);
    assert_near(s.p95, 4.8, 1e-12);
    assert_near(s.min, 1, 0);
    assert_near(s.max, 5, 0);

    const double one[] = {7};
    assert_int_equal(sim_summarise(one, 1, &s), 0);
    assert_int_equal(s.n, 1);
    assert_near(s.ci_low, 7, 0);
    assert_near(s.ci_high, 7, 0);

    const double none[] = {NAN};
    assert_int_equal(sim_summarise(none, 1, &s), 0);
    assert_int_equal(s.n, 0);
    assert_true(isnan(s.mean) && isnan(s.ci_low) && isnan(s.p95));
    assert_int_equal(sim_summarise(NULL, 0, &s), 0);
    assert_int_equal(s.n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tally_matches_two_pass_and_merges),
        cmocka_unit_test(test_timeavg_by_hand),
        cmocka_unit_test(test_hist_quantiles_within_one_percent_of_exact),
        cmocka_unit_test(test_hist_merge_equals_hist_of_union),
        cmocka_unit_test(test_hist_clamps_and_counts_out_of_range),
        cmocka_unit_test(test_hist_index_matches_log2),
        cmocka_unit_test(test_hist_interpolates_within_bucket),
        cmocka_unit_test(test_series_steps_and_drops_outside),
        cmocka_unit_test(test_summary_student_t_interval),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
