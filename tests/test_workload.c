/* The workload stream: population shares, the diurnal curve by thinning,
 * the write mix, and the exponential ziggurat's distribution. */
#include "helpers.h"

#define M_PI_VALUE 3.14159265358979323846

#include "models/workload.h"
#include "sim/rng.h"

static void setup(struct scenario *s, double ratio)
{
    scenario_defaults(s);
    s->n_users = 3;
    double share[3] = {0.5, 0.3, 0.2};
    for (int p = 0; p < 3; p++) {
        s->users[p].share = share[p];
        s->users[p].diurnal_ratio = ratio;
        s->users[p].peak_hour = 12;
        s->users[p].utc_offset_hours = p * -6.0;
    }
    s->workload.rate = 100;
    s->workload.write_fraction = 0.1;
}

/* Counts over n candidates are multinomial: 4 binomial sd each. */
static void test_shares_and_write_mix(void **state)
{
    (void)state;
    struct scenario s;
    setup(&s, 1);
    gsl_rng *r = sim_rng_new(5, 0, "workload");
    struct workload w;
    assert_int_equal(wl_init(&w, &s, r), 0);
    int n = 200000, cnt[3] = {0}, writes = 0;
    double gaps = 0;
    for (int i = 0; i < n; i++) {
        gaps += sim_time_to_sec(wl_next_gap(&w));
        int p = wl_pick(&w);
        assert_true(p >= 0 && p < 3);
        cnt[p]++;
        writes += wl_is_write(&w);
    }
    double share[3] = {0.5, 0.3, 0.2};
    for (int p = 0; p < 3; p++)
        assert_near((double)cnt[p] / n, share[p], 4 * sqrt(share[p] * (1 - share[p]) / n));
    assert_near((double)writes / n, 0.1, 4 * sqrt(0.09 / n));
    /* mean gap 1 / 100 s, sd of the mean (1/100) / sqrt(n) */
    assert_near(gaps / n, 0.01, 4 * 0.01 / sqrt(n) + 1e-9);
    wl_fini(&w);
    gsl_rng_free(r);
}

/* The next candidate's time after t, the diurnal rate updated at every
 * second boundary up to it (as the world's second closes do). */
static sim_time next_candidate(struct workload *w, sim_time t, sim_time *next_tick)
{
    t += wl_next_gap(w);
    for (; *next_tick <= t; *next_tick += SIM_SEC)
        wl_update(w, *next_tick);
    return t;
}

/* A day of the diurnal scenario at `rate`, seeded by seed. */
static void diurnal_day(struct scenario *s, struct workload *w, gsl_rng **r, double rate,
                        uint64_t seed)
{
    setup(s, 3);
    s->workload.rate = rate;
    *r = sim_rng_new(seed, 0, "workload");
    assert_int_equal(wl_init(w, s, *r), 0);
}

/* Diurnal ratio 3 (a = 0.5): population 0 (5/s) peaks at 12:00 UTC at 1.5x its
 * mean and bottoms at 00:00 at 0.5x; counting its accepted arrivals in the
 * hour around each gives Poisson counts: 4 sd. The daily mean is kept. */
static void test_diurnal_thinning_follows_the_curve(void **state)
{
    (void)state;
    struct scenario s;
    struct workload w;
    gsl_rng *r;
    diurnal_day(&s, &w, &r, 10, 6);
    assert_near(wl_rate(&w, 0, 12 * SIM_HOUR), 5 * 1.5, 1e-9);
    assert_near(wl_rate(&w, 0, 0), 5 * 0.5, 1e-9);
    /* population 1 is 6 h behind UTC: its noon is 18:00 UTC */
    assert_near(wl_rate(&w, 1, 18 * SIM_HOUR), 3 * 1.5, 1e-9);
    sim_time t = 0, next_tick = 0;
    double day = 0, peak = 0, trough = 0;
    while (t < SIM_DAY) {
        t = next_candidate(&w, t, &next_tick);
        if (wl_pick(&w) != 0)
            continue;
        day++;
        if (t >= 11 * SIM_HOUR + 30 * SIM_MIN && t < 12 * SIM_HOUR + 30 * SIM_MIN)
            peak++;
        if (t >= 23 * SIM_HOUR + 30 * SIM_MIN)
            trough++;
    }
    /* expected: mean over the hour of 5 (1 + 0.5 cos(2 pi (h - 12) / 24)) x 3600 */
    double hour_avg = 2 * 24 / (2 * M_PI_VALUE) * sin(2 * M_PI_VALUE / 48) * 0.5;
    double want_peak = 5 * 3600 * (1 + hour_avg);
    double want_trough = 5 * 1800 * (1 - 0.5 * 48 / (2 * M_PI_VALUE) * sin(2 * M_PI_VALUE / 48));
    assert_near(peak, want_peak, 4 * sqrt(want_peak));
    assert_near(trough, want_trough, 4 * sqrt(want_trough));
    assert_near(day, 5.0 * 86400, 4 * sqrt(5.0 * 86400));
    wl_fini(&w);
    gsl_rng_free(r);
}

/* The ziggurat's draws against Exp(1): mean 1 and variance 1 (sd of the mean
 * 1/sqrt(n); of the second moment sqrt(20/n)), and the tail beyond 8 (the
 * ziggurat's base strip): P = e^-8, binomial 4 sd. */
static void test_exponential_ziggurat(void **state)
{
    (void)state;
    struct scenario s;
    setup(&s, 1);
    gsl_rng *r = sim_rng_new(7, 0, "workload");
    struct workload w;
    assert_int_equal(wl_init(&w, &s, r), 0);
    int n = 500000;
    double sum = 0, sum2 = 0, tail = 0, below_half = 0;
    for (int i = 0; i < n; i++) {
        double x = wl_exp1(&w);
        assert_true(x >= 0);
        sum += x;
        sum2 += x * x;
        tail += x > 8;
        below_half += x < 0.5;
    }
    assert_near(sum / n, 1, 4 / sqrt(n));
    assert_near(sum2 / n, 2, 4 * sqrt(20.0 / n));
    double pt = exp(-8), ph = 1 - exp(-0.5);
    assert_near(tail / n, pt, 4 * sqrt(pt / n));
    assert_near(below_half / n, ph, 4 * sqrt(ph * (1 - ph) / n));
    wl_fini(&w);
    gsl_rng_free(r);
}

/* Sampling with a stride that a rule changes on the stream's own past
 * (coarse every other 10 s stretch, a stretch starting at the first gap
 * drawn in it): the weighted count of population 0's requests over a day of
 * the diurnal curve is unbiased. A Poisson count of candidates with weights
 * k has variance sum k^2: 4 sd of that. */
static void test_strided_sampling_counts_are_unbiased(void **state)
{
    (void)state;
    struct scenario s;
    struct workload w;
    gsl_rng *r;
    diurnal_day(&s, &w, &r, 1000, 7);
    sim_time t = 0, next_tick = 0;
    double weighted = 0, var = 0, candidates = 0;
    while (t < SIM_DAY) {
        wl_set_stride(&w, (t / (10 * SIM_SEC)) % 2 ? 40 : 3);
        uint32_t k = w.stride;
        t = next_candidate(&w, t, &next_tick);
        if (t >= SIM_DAY || wl_pick(&w) != 0)
            continue;
        weighted += k;
        var += (double)k * k;
        candidates++;
    }
    double want = 500.0 * 86400; /* population 0: half of 1000/s, mean of the curve */
    assert_true(candidates < want / 5);
    assert_near(weighted, want, 4 * sqrt(var));
    wl_fini(&w);
    gsl_rng_free(r);
}

static void test_retry_pool_reuses_records(void **state)
{
    (void)state;
    struct scenario s;
    setup(&s, 1);
    gsl_rng *r = sim_rng_new(8, 0, "workload");
    struct workload w;
    assert_int_equal(wl_init(&w, &s, r), 0);
    uint32_t a = wl_retry_get(&w), b = wl_retry_get(&w);
    assert_true(a != b && a != UINT32_MAX && b != UINT32_MAX);
    wl_retry_put(&w, a);
    assert_int_equal(wl_retry_get(&w), a);
    for (int i = 0; i < 1000; i++)
        assert_true(wl_retry_get(&w) != UINT32_MAX);
    assert_true(w.pool_cap >= 1002 && w.pool_cap <= 2048);
    wl_fini(&w);
    gsl_rng_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shares_and_write_mix),
        cmocka_unit_test(test_diurnal_thinning_follows_the_curve),
        cmocka_unit_test(test_exponential_ziggurat),
        cmocka_unit_test(test_strided_sampling_counts_are_unbiased),
        cmocka_unit_test(test_retry_pool_reuses_records),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
