/* Bad windows, downtime and timelines by DESIGN section 5, on request
 * streams made by hand (the incidents built on them: test_incident.c). */
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

/* 100 requests in each second [from, to), failing in [fail_from, fail_to). */
static void feed(struct fx *f, int64_t from, int64_t to, int64_t fail_from, int64_t fail_to)
{
    for (int64_t sec = from; sec < to; sec++) {
        bool bad = sec >= fail_from && sec < fail_to;
        for (int i = 0; i < 100; i++)
            metrics_request(&f->m, 0, false, !bad, CAUSE_REGION_DOWN, 0.010, bad);
        int64_t b = metrics_tick(&f->m, (sec + 1) * SIM_SEC);
        /* 30 s of failures: the windows starting at 941 .. 1029 s are bad */
        if (fail_to - fail_from == 30 && fail_from == 1000)
            assert_int_equal(b, sec + 1 - 60 >= 941 && sec + 1 - 60 <= 1029 ? sec + 1 - 60 : -1);
    }
}

/* 30 s of total failure from t = 1000 s: the window starting at 1029 s still
 * holds 100 failures of 6000 (1.7% > 1%), the one at 1030 s none (the RTO's
 * record, models/incident.c). Downtime and the timelines. */
static void test_bad_windows_downtime_and_timelines(void **state)
{
    (void)state;
    struct fx *f = fx_new(3600 * SIM_SEC);
    feed(f, 0, 1000, -1, -1);
    metrics_first_incident(&f->m, 1000 * SIM_SEC);
    feed(f, 1000, 3600, 1000, 1030);
    metrics_finish(&f->m, 3600 * SIM_SEC);
    struct run_result *o = f->out;
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
    /* 10 ms everywhere: the coarse p99 is within half a bucket (1/32) */
    assert_near(o->p99_ms[0], 10, 10 / 32.0);
    assert_near(sim_hist_quantile(&o->latency[0].read, 0.5), 0.010, 0.010 * 0.01);
    fx_free(f);
}

/* The incident timeline may start minutes before the incident is known (it
 * opens at the failure's start once a window turns bad): the closed minutes
 * since are filled in. */
static void test_incident_timeline_filled_in_after_the_fact(void **state)
{
    (void)state;
    struct fx *f = fx_new(3600 * SIM_SEC);
    feed(f, 0, 1300, 1000, 1030);
    metrics_first_incident(&f->m, 1000 * SIM_SEC);
    metrics_finish(&f->m, 3600 * SIM_SEC);
    assert_near(f->out->inc_success_ratio[30], 40.0 / 60, 1e-12);
    assert_near(f->out->inc_success_ratio[31], 50.0 / 60, 1e-12);
    assert_near(f->out->inc_success_ratio[32], 1, 1e-12);
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
        metrics_coarse_add(&h, i * 1e-3, 1);
    /* 16 linear buckets per octave [2^e (1 + k/16), 2^e (1 + (k+1)/16)): the
     * midpoint is within 2^e / 32 of any value in it, at most 1/32 relative */
    assert_near(metrics_coarse_quantile(&h, 0.99), 0.990, 0.990 / 32);
    assert_near(metrics_coarse_quantile(&h, 0.5), 0.500, 0.500 / 32);
}

/* A sampled request of weight 3 counts as three requests everywhere: the
 * same stream recorded once with weight 3 and three times with weight 1
 * gives the same counts, windows, downtime, timelines and quantiles. */
static void record_stream(struct fx *f, uint32_t weight, int copies)
{
    f->m.weight = weight;
    for (int64_t sec = 0; sec < 600; sec++) {
        for (int i = 0; i < 10; i++) {
            bool bad = sec >= 200 && sec < 230 && i < 4;
            for (int c = 0; c < copies; c++) {
                f->m.failover = i >= 8;
                metrics_request(&f->m, 0, i % 3 == 0, !bad, CAUSE_TIMEOUT, 0.001 * (1 + i), bad);
            }
        }
        metrics_tick(&f->m, (sec + 1) * SIM_SEC);
    }
    metrics_finish(&f->m, 600 * SIM_SEC);
}

static void test_a_weighted_request_counts_as_its_weight(void **state)
{
    (void)state;
    struct fx *a = fx_new(600 * SIM_SEC), *b = fx_new(600 * SIM_SEC);
    record_stream(a, 3, 1);
    record_stream(b, 1, 3);
    struct run_result *x = a->out, *y = b->out;
    assert_int_equal(x->requests, 18000);
    assert_int_equal(x->requests, y->requests);
    assert_int_equal(x->successes, y->successes);
    assert_int_equal(x->failed[CAUSE_TIMEOUT], y->failed[CAUSE_TIMEOUT]);
    assert_int_equal(x->downtime_s, y->downtime_s);
    assert_true(x->downtime_s > 0);
    assert_true(x->availability == y->availability);
    for (int i = 0; i < x->timeline_points; i++) {
        assert_true(x->success_ratio[i] == y->success_ratio[i] || isnan(x->success_ratio[i]));
        assert_true(x->p99_ms[i] == y->p99_ms[i] || isnan(x->p99_ms[i]));
    }
    const struct latency_result *lx = &x->latency[0], *ly = &y->latency[0];
    const struct sim_hist *hx[] = {&lx->read, &lx->write, &lx->read_incident, &lx->write_incident};
    const struct sim_hist *hy[] = {&ly->read, &ly->write, &ly->read_incident, &ly->write_incident};
    for (int k = 0; k < 4; k++) {
        assert_int_equal(hx[k]->count, hy[k]->count);
        assert_true(hx[k]->count > 0);
        for (int q = 0; q < 3; q++) {
            double p = (double[]){0.5, 0.9, 0.99}[q];
            assert_true(sim_hist_quantile(hx[k], p) == sim_hist_quantile(hy[k], p));
        }
        /* x * 3 against x + x + x: rounding only, 2^-52 relative per term */
        assert_near(hx[k]->sum, hy[k]->sum, (double)hx[k]->count * hx[k]->sum * 0x1p-52);
    }
    fx_free(a);
    fx_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_windows_downtime_and_timelines),
        cmocka_unit_test(test_incident_timeline_filled_in_after_the_fact),
        cmocka_unit_test(test_incident_latency_is_kept_apart),
        cmocka_unit_test(test_coarse_quantiles_within_bucket_error),
        cmocka_unit_test(test_a_weighted_request_counts_as_its_weight),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
