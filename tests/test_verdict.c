/* verdict_judge on constructed inputs: the three outcomes, censored values,
 * higher-is-better targets, and the order-statistic ranks against the
 * binomial distribution they come from. */
#include "helpers.h"

#include <gsl/gsl_cdf.h>

#include "models/verdict.h"

/* 100 values 1..100: p95 is 95, and its 95% interval is bounded by order
 * statistics near ranks 90 and 99 (binomial(100, 0.95) tails). */
static void fill(double *v, int n)
{
    for (int i = 0; i < n; i++)
        v[i] = i + 1;
}

static void test_meets_when_the_whole_interval_is_within_the_target(void **state)
{
    (void)state;
    double v[100];
    fill(v, 100);
    struct verdict_result r;
    assert_int_equal(verdict_judge(v, 100, 100, 0.95, false, &r), 0);
    assert_int_equal(r.verdict, VERDICT_MEETS);
    assert_near(r.estimate, 95, 0);
    assert_true(r.ci_low <= 95 && r.ci_high >= 95 && r.ci_high <= 100);
    assert_near(r.share, 1.0, 0);
    assert_int_equal(r.more, 0);
}

static void test_misses_when_the_whole_interval_is_beyond_the_target(void **state)
{
    (void)state;
    double v[100];
    fill(v, 100);
    struct verdict_result r;
    assert_int_equal(verdict_judge(v, 100, 50, 0.95, false, &r), 0);
    assert_int_equal(r.verdict, VERDICT_MISSES);
    assert_true(r.ci_low > 50);
    assert_near(r.share, 0.5, 0);
    /* Clopper-Pearson for 50 of 100: about 0.40 to 0.60 */
    assert_near(r.share_lo, 0.398, 0.005);
    assert_near(r.share_hi, 0.602, 0.005);
}

static void test_undecided_when_the_interval_straddles_the_target(void **state)
{
    (void)state;
    double v[100];
    fill(v, 100);
    struct verdict_result r;
    /* 95 of 100 within: the p95 interval holds the target */
    assert_int_equal(verdict_judge(v, 100, 95, 0.95, false, &r), 0);
    assert_int_equal(r.verdict, VERDICT_UNDECIDED);
    assert_true(r.ci_low <= 95 && r.ci_high > 95);
    /* exactly q within: no number of observations would decide it */
    assert_int_equal(r.more, 0);

    /* 12 observations all within: p95 has no upper bound yet; at least
     * ln(0.025)/ln(0.95) = 72 observations are needed to bound it */
    double w[12];
    for (int i = 0; i < 12; i++)
        w[i] = 60;
    assert_int_equal(verdict_judge(w, 12, 1800, 0.95, false, &r), 0);
    assert_int_equal(r.verdict, VERDICT_UNDECIDED);
    assert_true(isinf(r.ci_high));
    assert_int_equal(r.more, 72);
}

static void test_censored_values_exceed_any_target(void **state)
{
    (void)state;
    double v[100];
    fill(v, 100);
    for (int i = 85; i < 100; i++)
        v[i] = INFINITY;
    struct verdict_result r;
    /* 15 of 100 censored: the p95 interval starts beyond rank 85 */
    assert_int_equal(verdict_judge(v, 100, 1e9, 0.95, false, &r), 0);
    assert_int_equal(r.verdict, VERDICT_MISSES);
    assert_true(isinf(r.estimate));
    assert_near(r.share, 0.85, 1e-12);
}

static void test_availability_is_judged_from_below(void **state)
{
    (void)state;
    double v[100];
    for (int i = 0; i < 100; i++)
        v[i] = 0.999 + i * 1e-6; /* 0.999 .. 0.999099 */
    struct verdict_result r;
    assert_int_equal(verdict_judge(v, 100, 0.999, 0.95, true, &r), 0);
    assert_int_equal(r.verdict, VERDICT_MEETS);
    assert_true(r.ci_low <= r.estimate && r.estimate <= r.ci_high);
    assert_near(r.estimate, 0.999 + 5e-6, 1e-12); /* p5: the 6th smallest */
    assert_int_equal(verdict_judge(v, 100, 0.9999, 0.95, true, &r), 0);
    assert_int_equal(r.verdict, VERDICT_MISSES);
}

/* The ranks' coverage, summed from the binomial they come from, is at least
 * 95% and each tail at most 2.5%, for several n and q. */
static void test_ranks_cover_the_quantile_at_95_percent(void **state)
{
    (void)state;
    const long ns[] = {6, 20, 72, 100, 1000};
    const double qs[] = {0.5, 0.9, 0.95, 0.99};
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++)
        for (size_t j = 0; j < sizeof qs / sizeof qs[0]; j++) {
            long n = ns[i], lo, hi;
            double q = qs[j];
            verdict_ranks(n, q, &lo, &hi);
            double below = lo >= 1 ? gsl_cdf_binomial_P((unsigned)(lo - 1), q, (unsigned)n) : 0;
            double above = hi <= n ? 1 - gsl_cdf_binomial_P((unsigned)(hi - 1), q, (unsigned)n) : 0;
            assert_true(below <= 0.025 + 1e-12);
            assert_true(above <= 0.025 + 1e-12);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_meets_when_the_whole_interval_is_within_the_target),
        cmocka_unit_test(test_misses_when_the_whole_interval_is_beyond_the_target),
        cmocka_unit_test(test_undecided_when_the_interval_straddles_the_target),
        cmocka_unit_test(test_censored_values_exceed_any_target),
        cmocka_unit_test(test_availability_is_judged_from_below),
        cmocka_unit_test(test_ranks_cover_the_quantile_at_95_percent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
