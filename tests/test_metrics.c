/* RTO, downtime and timelines by DESIGN section 5, on request streams made
 * by hand: t_rec is the earliest time after which every window of W seconds
 * (before the next incident or the horizon) has a success ratio >= the
 * threshold; censored when no such time leaves room for a window. */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include "models/metrics.h"

struct fx {
    struct scenario s;
    struct run_result *out;
    struct metrics m;
};

static struct fx *fx_new(sim_time horizon)
{
    struct fx *f = calloc(1, sizeof *f);
    f->out = calloc(1, sizeof *f->out);
    scenario_defaults(&f->s);
    f->s.n_users = 1;
    f->s.horizon = horizon;
    assert_int_equal(metrics_init(&f->m, &f->s, f->out), 0);
    return f;
}

static void fx_free(struct fx *f)
{
    metrics_fini(&f->m);
    free(f->out);
    free(f);
}

/* 100 requests in each second [from, to), failing when fail(second). */
static void feed(struct fx *f, int64_t from, int64_t to, int64_t fail_from, int64_t fail_to,
                 int64_t inc_at)
{
    for (int64_t sec = from; sec < to; sec++) {
        if (sec == inc_at)
            metrics_incident_open(&f->m, sec * SIM_SEC, FAILURE_REGION_OUTAGE, 0, SIM_TIME_MAX);
        bool bad = sec >= fail_from && sec < fail_to;
        for (int i = 0; i < 100; i++)
            metrics_request(&f->m, 0, false, !bad, CAUSE_REGION_DOWN, 0.010, bad);
        metrics_tick(&f->m, (sec + 1) * SIM_SEC);
    }
}

/* 30 s of total failure from t = 1000 s: the window starting at 1029 s still
 * holds 100 failures of 6000 (1.7% > 1%), the one at 1030 s none: RTO 30 s. */
static void test_rto_is_the_end_of_the_last_bad_window_start(void **state)
{
    (void)state;
    struct fx *f = fx_new(3600 * SIM_SEC);
    feed(f, 0, 3600, 1000, 1030, 1000);
    metrics_finish(&f->m, 3600 * SIM_SEC);
    struct run_result *o = f->out;
    assert_int_equal(o->n_incidents, 1);
    assert_false(o->incidents[0].censored);
    assert_int_equal(o->incidents[0].rto, 30 * SIM_SEC);
    assert_int_equal(o->requests, 360000);
    assert_int_equal(o->successes, 360000 - 3000);
    assert_int_equal(o->failed[CAUSE_REGION_DOWN], 3000);
    /* minutes 16 ([960, 1020): 20 s failed) and 17 (10 s) are below 99% */
    assert_near(o->downtime_s, 120, 1e-9);
    assert_near(o->success_ratio[16], 40.0 / 60, 1e-12);
    assert_near(o->failed_region_share[17], 10.0 / 60, 1e-12);
    assert_near(o->success_ratio[15], 1, 1e-12);
    /* the incident timeline puts the onset's minute (16) at index 30; the
     * minutes before time 0 (indices 0-13) are NAN */
    assert_near(o->inc_success_ratio[30], 40.0 / 60, 1e-12);
    assert_near(o->inc_success_ratio[29], 1, 1e-12);
    assert_near(o->inc_success_ratio[14], 1, 1e-12);
    assert_true(isnan(o->inc_success_ratio[13]) && isnan(o->inc_success_ratio[0]));
    assert_true(isnan(o->inc_success_ratio[30 + 60 - 16 + 1]) ||
                o->inc_success_ratio[30 + 60 - 16 + 1] == 1);
    /* 10 ms everywhere: the coarse p99 is within half a bucket (1/32) */
    assert_near(o->p99_ms[0], 10, 10 / 32.0);
    assert_near(sim_hist_quantile(&o->latency[0].read, 0.5), 0.010, 0.010 * 0.01);
    fx_free(f);
}

/* A small failure share under the threshold never makes a window bad. */
static void test_failures_below_the_threshold_give_zero_rto(void **state)
{
    (void)state;
    struct fx *f = fx_new(600 * SIM_SEC);
    metrics_incident_open(&f->m, 100 * SIM_SEC, FAILURE_PARTIAL_OUTAGE, 0, SIM_TIME_MAX);
    for (int64_t sec = 0; sec < 600; sec++) {
        for (int i = 0; i < 100; i++)
            metrics_request(&f->m, 0, false, i != 0 || sec < 100, CAUSE_TIMEOUT, 0.01, false);
        metrics_tick(&f->m, (sec + 1) * SIM_SEC);
    }
    metrics_finish(&f->m, 600 * SIM_SEC);
    assert_false(f->out->incidents[0].censored);
    assert_int_equal(f->out->incidents[0].rto, 0);
    assert_near(f->out->downtime_s, 0, 0);
    fx_free(f);
}

/* Failing until the horizon: censored. Recovering 40 s before the next
 * incident (less than W = 60 s): censored too, the next one is not. */
static void test_censored_without_room_for_a_good_window(void **state)
{
    (void)state;
    struct fx *f = fx_new(2000 * SIM_SEC);
    feed(f, 0, 2000, 1000, 2000, 1000);
    metrics_finish(&f->m, 2000 * SIM_SEC);
    assert_true(f->out->incidents[0].censored);
    fx_free(f);

    f = fx_new(2000 * SIM_SEC);
    feed(f, 0, 1140, 1000, 1100, 1000);
    feed(f, 1140, 2000, 1140, 1150, 1140);
    metrics_finish(&f->m, 2000 * SIM_SEC);
    assert_int_equal(f->out->n_incidents, 2);
    assert_true(f->out->incidents[0].censored);
    assert_false(f->out->incidents[1].censored);
    assert_int_equal(f->out->incidents[1].rto, 10 * SIM_SEC);
    fx_free(f);
}

/* Latency during an active failure goes to the incident histograms. */
static void test_incident_latency_is_kept_apart(void **state)
{
    (void)state;
    struct fx *f = fx_new(10 * SIM_SEC);
    metrics_request(&f->m, 0, true, true, CAUSE_TIMEOUT, 0.005, false);
    f->m.failover = true;
    metrics_request(&f->m, 0, true, true, CAUSE_TIMEOUT, 0.200, false);
    metrics_request(&f->m, 0, false, true, CAUSE_TIMEOUT, 0.300, false);
    metrics_finish(&f->m, 10 * SIM_SEC);
    const struct latency_result *l = &f->out->latency[0];
    assert_int_equal(l->write.count, 1);
    assert_int_equal(l->write_incident.count, 1);
    assert_int_equal(l->read_incident.count, 1);
    assert_int_equal(l->read.count, 0);
    assert_true(metrics_memory(&f->m) < 64 * 1024);
    fx_free(f);
}

static void test_coarse_quantiles_within_bucket_error(void **state)
{
    (void)state;
    struct metrics_coarse h;
    memset(&h, 0, sizeof h);
    assert_true(isnan(metrics_coarse_quantile(&h, 0.5)));
    for (int i = 1; i <= 1000; i++)
        metrics_coarse_add(&h, i * 1e-3);
    /* 16 linear buckets per octave [2^e (1 + k/16), 2^e (1 + (k+1)/16)): the
     * midpoint is within 2^e / 32 of any value in it, at most 1/32 relative */
    assert_near(metrics_coarse_quantile(&h, 0.99), 0.990, 0.990 / 32);
    assert_near(metrics_coarse_quantile(&h, 0.5), 0.500, 0.500 / 32);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rto_is_the_end_of_the_last_bad_window_start),
        cmocka_unit_test(test_failures_below_the_threshold_give_zero_rto),
        cmocka_unit_test(test_censored_without_room_for_a_good_window),
        cmocka_unit_test(test_incident_latency_is_kept_apart),
        cmocka_unit_test(test_coarse_quantiles_within_bucket_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
