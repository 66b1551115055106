/* Random streams: the stated derivation (golden values computed independently
 * from the formula in rng.h), stream independence, and each distribution's
 * moments or quantiles within 4 standard errors (false-failure chance ~6e-5 per
 * check for a fixed seed that, once passing, never changes). */
#include "helpers.h"

#include <gsl/gsl_sf_zeta.h>

#include <stdlib.h>
#include <string.h>

#include "sim/rng.h"

static void test_derive_matches_golden_values(void **state)
{
    /* Computed with an independent Python transcription of the formula in rng.h. */
    assert_int_equal(sim_rng_derive(0, 0, ""), UINT64_C(0x7dc2c42b173ebf65));
    assert_int_equal(sim_rng_derive(42, 0, "arrivals"), UINT64_C(0xf6406249caaabb89));
    assert_int_equal(sim_rng_derive(42, 1, "arrivals"), UINT64_C(0xe51ab72981c7faf4));
    assert_int_equal(sim_rng_derive(42, 0, "failures"), UINT64_C(0x5b8cb00a78a02a0d));
    assert_int_equal(sim_rng_derive(UINT64_MAX, 7, "region/us-east-1/failures"),
                     UINT64_C(0xf2dcbc4f4ff344b5));
}

static void test_stream_first_draws_are_pinned(void **state)
{
    /* Pins the state loading of sim_rng_new: a change here changes every result. */
    gsl_rng *r = sim_rng_new(42, 0, "arrivals");
    assert_non_null(r);
    unsigned long got[3];
    for (int i = 0; i < 3; i++)
        got[i] = gsl_rng_get(r);
    assert_int_equal(got[0], 2546653608ul);
    assert_int_equal(got[1], 2144720957ul);
    assert_int_equal(got[2], 1020842810ul);
    gsl_rng_free(r);
}

#define DRAWS 1000

static void draw_into(gsl_rng *r, double *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        out[i] = sim_rand_exp(r, 1.0);
    }
}

static void test_new_stream_leaves_existing_streams_identical(void **state)
{
    double alone_a[DRAWS], alone_b[DRAWS], with_a[DRAWS], with_b[DRAWS], other[DRAWS];
    gsl_rng *a = sim_rng_new(7, 3, "workload");
    gsl_rng *b = sim_rng_new(7, 3, "failures");
    draw_into(a, alone_a, DRAWS);
    draw_into(b, alone_b, DRAWS);
    gsl_rng_free(a);
    gsl_rng_free(b);

    /* The same model with a new component created first and drawn from between. */
    gsl_rng *c = sim_rng_new(7, 3, "dns");
    a = sim_rng_new(7, 3, "workload");
    gsl_rng *d = sim_rng_new(7, 3, "replication");
    b = sim_rng_new(7, 3, "failures");
    for (size_t i = 0; i < DRAWS; i++) {
        other[i] = sim_rand_exp(c, 1.0);
        draw_into(a, &with_a[i], 1);
        other[i] += sim_rand_exp(d, 1.0);
        draw_into(b, &with_b[i], 1);
    }
    assert_memory_equal(alone_a, with_a, sizeof alone_a);
    assert_memory_equal(alone_b, with_b, sizeof alone_b);
    /* And distinct streams really differ. */
    assert_memory_not_equal(alone_a, alone_b, sizeof alone_a);
    gsl_rng_free(a);
    gsl_rng_free(b);
    gsl_rng_free(c);
    gsl_rng_free(d);
}

static void test_replications_and_names_give_distinct_seeds(void **state)
{
    const char *names[] = {"a", "b", "workload", "failures", "dns", ""};
    uint64_t seen[6 * 50];
    size_t n = 0;
    for (uint64_t rep = 0; rep < 50; rep++)
        for (size_t k = 0; k < 6; k++)
            seen[n++] = sim_rng_derive(1, rep, names[k]);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            assert_true(seen[i] != seen[j]);
}

#define N 100000

static void test_exponential_mean(void **state)
{
    gsl_rng *r = sim_rng_new(1, 0, "exp");
    double sum = 0;
    for (int i = 0; i < N; i++) {
        double x = sim_rand_exp(r, 2.0);
        assert_true(x >= 0);
        sum += x;
    }
    /* sd of Exp(mean 2) is 2: SE of the mean 2/sqrt(N). */
    assert_near(sum / N, 2.0, 4 * 2.0 / sqrt(N));
    gsl_rng_free(r);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void test_lognormal_median_and_p95(void **state)
{
    gsl_rng *r = sim_rng_new(1, 0, "lognormal");
    double *x = malloc(N * sizeof *x);
    const double median = 0.05, p95 = 0.2;
    for (int i = 0; i < N; i++)
        x[i] = sim_rand_lognormal(r, median, p95);
    qsort(x, N, sizeof *x, cmp_double);
    /* SE of a sample p-quantile: sqrt(p(1-p)/N) / f(x_p); for the lognormal
     * f(x_p) = phi(z_p) / (x_p sigma), sigma = ln(p95/median) / 1.6448536. */
    double sigma = log(p95 / median) / 1.6448536269514722;
    double phi0 = 0.3989422804014327,
           phi95 = exp(-1.6448536269514722 * 1.6448536269514722 / 2) * phi0;
    double se50 = sqrt(0.25 / N) * median * sigma / phi0;
    double se95 = sqrt(0.95 * 0.05 / N) * p95 * sigma / phi95;
    assert_near(x[N / 2], median, 4 * se50);
    assert_near(x[(int)(0.95 * N)], p95, 4 * se95);
    /* p95 == median degenerates to the constant. */
    assert_near(sim_rand_lognormal(r, 3.0, 3.0), 3.0, 1e-12);
    free(x);
    gsl_rng_free(r);
}

static void test_uniform_and_bernoulli(void **state)
{
    gsl_rng *r = sim_rng_new(1, 0, "uniform");
    double sum = 0;
    long hits = 0;
    for (int i = 0; i < N; i++) {
        double u = sim_rand_uniform(r, 2.0, 5.0);
        assert_true(u >= 2.0 && u < 5.0);
        sum += u;
        hits += sim_rand_bernoulli(r, 0.3);
    }
    assert_near(sum / N, 3.5, 4 * (3.0 / sqrt(12.0)) / sqrt(N));
    assert_near((double)hits / N, 0.3, 4 * sqrt(0.3 * 0.7 / N));
    assert_false(sim_rand_bernoulli(r, 0.0));
    assert_true(sim_rand_bernoulli(r, 1.0));
    gsl_rng_free(r);
}

static void test_zipf_frequencies(void **state)
{
    enum { K = 10 };
    gsl_rng *r = sim_rng_new(1, 0, "zipf");
    for (int s = 0; s <= 1; s++) {
        struct sim_zipf *z = sim_zipf_new(K, (double)s);
        assert_non_null(z);
        long count[K] = {0};
        for (int i = 0; i < N; i++) {
            uint64_t k = sim_zipf_draw(z, r);
            assert_true(k < K);
            count[k]++;
        }
        double h = 0;
        for (int k = 0; k < K; k++)
            h += pow(k + 1, -(double)s);
        for (int k = 0; k < K; k++) {
            double p = pow(k + 1, -(double)s) / h;
            assert_near((double)count[k] / N, p, 4 * sqrt(p * (1 - p) / N));
        }
        sim_zipf_free(z);
    }
    assert_null(sim_zipf_new(0, 1.0));
    struct sim_zipf *one = sim_zipf_new(1, 1.2);
    assert_int_equal(sim_zipf_draw(one, r), 0);
    sim_zipf_free(one);
    gsl_rng_free(r);
}

/* A billion keys: no table (the sampler's size does not depend on n), and
 * the frequencies of the head and of the far tail are the exact ones.
 * Harmonic number H_n = ln n + gamma + 1/(2n) - 1/(12n^2) to 1e-20 here;
 * zeta(5) from GSL (the tail past 1e9 is below 1e-36). Tolerance 4 binomial
 * standard errors of each frequency. */
static void test_zipf_over_a_billion_keys_needs_no_table(void **state)
{
    const uint64_t K = 1000000000;
    const double gamma = 0.57721566490153286;
    gsl_rng *r = sim_rng_new(2, 0, "zipf-big");
    struct sim_zipf *z1 = sim_zipf_new(K, 1.0), *z5 = sim_zipf_new(K, 5.0);
    assert_non_null(z1);
    assert_non_null(z5);
    double hn = log((double)K) + gamma + 0.5 / (double)K;
    double hm = log(1e6) + gamma + 0.5e-6 - 1.0 / 12e12; /* H_(10^6) */
    double zeta5 = gsl_sf_zeta(5.0);
    long head1 = 0, tail1 = 0, head5 = 0, second5 = 0;
    for (int i = 0; i < N; i++) {
        uint64_t k = sim_zipf_draw(z1, r);
        assert_true(k < K);
        head1 += k == 0;
        tail1 += k >= 1000000;
        uint64_t k5 = sim_zipf_draw(z5, r);
        head5 += k5 == 0;
        second5 += k5 == 1;
    }
    const double p[4] = {1 / hn, (hn - hm) / hn, 1 / zeta5, 1 / (32 * zeta5)};
    const long c[4] = {head1, tail1, head5, second5};
    for (int i = 0; i < 4; i++)
        assert_near((double)c[i] / N, p[i], 4 * sqrt(p[i] * (1 - p[i]) / N));
    sim_zipf_free(z1);
    sim_zipf_free(z5);
    assert_null(sim_zipf_new(10, -1));
    gsl_rng_free(r);
}

static void test_duration_specs(void **state)
{
    gsl_rng *r = sim_rng_new(1, 0, "dur");
    gsl_rng *copy = gsl_rng_clone(r);
    struct sim_dur f = sim_dur_fixed(5 * SIM_SEC);
    assert_int_equal(sim_dur_draw(&f, r), 5 * SIM_SEC);
    /* A fixed spec consumed no draw. */
    assert_int_equal(gsl_rng_get(r), gsl_rng_get(copy));
    assert_near(sim_dur_mean_sec(&f), 5.0, 0);

    struct sim_dur e = {SIM_DUR_EXP, 2 * SIM_SEC, 0};
    struct sim_dur u = {SIM_DUR_UNIFORM, -1 * SIM_SEC, 3 * SIM_SEC};
    struct sim_dur l = {SIM_DUR_LOGNORMAL, 100 * SIM_MS, 400 * SIM_MS};
    double se = 0, sl = 0;
    for (int i = 0; i < N; i++) {
        sim_time te = sim_dur_draw(&e, r);
        assert_true(te >= 0);
        se += sim_time_to_sec(te);
        assert_true(sim_dur_draw(&u, r) >= 0);
        sl += sim_time_to_sec(sim_dur_draw(&l, r));
    }
    assert_near(sim_dur_mean_sec(&e), 2.0, 1e-12);
    assert_near(se / N, 2.0, 4 * 2.0 / sqrt(N));
    assert_near(sim_dur_mean_sec(&u), 1.0, 1e-12);
    /* Lognormal mean median*exp(sigma^2/2); its sd is mean*sqrt(exp(sigma^2)-1). */
    double sigma = log(4.0) / 1.6448536269514722;
    double mean = 0.1 * exp(sigma * sigma / 2);
    assert_near(sim_dur_mean_sec(&l), mean, 1e-12);
    assert_near(sl / N, mean, 4 * mean * sqrt(exp(sigma * sigma) - 1) / sqrt(N));
    gsl_rng_free(r);
    gsl_rng_free(copy);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_derive_matches_golden_values),
        cmocka_unit_test(test_stream_first_draws_are_pinned),
        cmocka_unit_test(test_new_stream_leaves_existing_streams_identical),
        cmocka_unit_test(test_replications_and_names_give_distinct_seeds),
        cmocka_unit_test(test_exponential_mean),
        cmocka_unit_test(test_lognormal_median_and_p95),
        cmocka_unit_test(test_uniform_and_bernoulli),
        cmocka_unit_test(test_zipf_frequencies),
        cmocka_unit_test(test_zipf_over_a_billion_keys_needs_no_table),
        cmocka_unit_test(test_duration_specs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
