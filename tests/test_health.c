/* Health checks: with interval I, threshold k and probe timeout to, a region
 * that stops answering at t0 is marked unhealthy within
 * [(k-1) I + to, k I + to] after t0: each checker's first probe after t0
 * comes within I, its k-th failure (k-1) I later, known `to` after it. */
#include <math.h>

#include "helpers.h"

#include "models/health.h"
#include "sim/rng.h"
#include "sim/sim.h"

struct fixture {
    struct sim *sim;
    bool up[2];
    sim_time changed_at[2];
    int changes[2];
    bool last[2];
};

static bool probe(void *ctx, int from, int region)
{
    return ((struct fixture *)ctx)->up[region];
}

static void change(void *ctx, int region, bool healthy)
{
    struct fixture *f = ctx;
    f->changes[region]++;
    f->last[region] = healthy;
    f->changed_at[region] = sim_now(f->sim);
}

static void set_state(struct sim *sim, void *ctx, uint64_t arg)
{
    struct fixture *f = ctx;
    f->up[arg & 1] = (arg >> 1) & 1;
}

static void run_once(uint64_t seed, int checkers, double frac, sim_time *detect, sim_time *recover)
{
    struct sim *sim = sim_new(64);
    gsl_rng *rng = sim_rng_new(seed, 0, "health");
    struct fixture f = {sim, {true, true}, {0, 0}, {0, 0}, {true, true}};
    struct health_config cfg = {.n_regions = 2,
                                .checkers = checkers,
                                .interval = 30 * SIM_SEC,
                                .threshold = 3,
                                .healthy_fraction = frac,
                                .timeout = 4 * SIM_SEC,
                                .false_positive = 0};
    struct health h;
    assert_int_equal(health_init(&h, sim, &cfg, probe, change, &f, rng), 0);
    sim_time t0 = 1000 * SIM_SEC + (sim_time)(seed * 7919) % (30 * SIM_SEC);
    sim_time t1 = t0 + 1000 * SIM_SEC;
    sim_at(sim, t0, set_state, &f, 0 | (0 << 1)); /* region 0 down */
    sim_at(sim, t1, set_state, &f, 0 | (1 << 1)); /* and up again */
    sim_run(sim, t0 + 500 * SIM_SEC);
    assert_int_equal(f.changes[0], 1);
    assert_false(f.last[0]);
    *detect = f.changed_at[0] - t0;
    sim_run(sim, t1 + 500 * SIM_SEC);
    assert_int_equal(f.changes[0], 2);
    assert_true(f.last[0]);
    *recover = f.changed_at[0] - t1;
    assert_int_equal(f.changes[1], 0); /* the healthy region never flips */
    assert_true(health_ok(&h, 1));
    health_fini(&h);
    gsl_rng_free(rng);
    sim_free(sim);
}

/* The bounds are exact (no statistics): every seed must land inside. */
static void test_detection_within_k_intervals(void **state)
{
    (void)state;
    sim_time I = 30 * SIM_SEC, to = 4 * SIM_SEC;
    int checkers[] = {1, 8};
    double frac[] = {0, 0.18};
    for (int c = 0; c < 2; c++) {
        sim_time lo = SIM_TIME_MAX, hi = 0;
        for (uint64_t seed = 1; seed <= 50; seed++) {
            sim_time d, r;
            run_once(seed, checkers[c], frac[c], &d, &r);
            assert_true(d >= 2 * I + to && d <= 3 * I + to);
            /* recovery: k good probes in a row, the first within I, no timeout */
            assert_true(r >= 2 * I && r <= 3 * I);
            lo = d < lo ? d : lo;
            hi = d > hi ? d : hi;
        }
        /* a single checker spreads over the whole interval (50 phases) */
        if (checkers[c] == 1)
            assert_true(hi - lo > I / 2);
    }
}

/* Probes that fail with probability p on a healthy region: a checker turns
 * unhealthy only after k failures in a row, so with p = 0.5 and k = 3 the
 * verdict flaps, and with p = 0 it never does. */
static void test_false_positives_flap(void **state)
{
    (void)state;
    struct sim *sim = sim_new(64);
    gsl_rng *rng = sim_rng_new(9, 0, "health");
    struct fixture f = {sim, {true, true}, {0, 0}, {0, 0}, {true, true}};
    struct health_config cfg = {.n_regions = 2,
                                .checkers = 1,
                                .interval = 10 * SIM_SEC,
                                .threshold = 3,
                                .healthy_fraction = 0,
                                .timeout = 1 * SIM_SEC,
                                .false_positive = 0.5};
    struct health h;
    assert_int_equal(health_init(&h, sim, &cfg, probe, change, &f, rng), 0);
    sim_run(sim, 3 * SIM_HOUR);
    assert_true(f.changes[0] > 2 && f.changes[1] > 2);
    assert_true(h.probes > 2000);
    assert_true(health_memory(&h) > 0);
    health_fini(&h);
    gsl_rng_free(rng);
    sim_free(sim);
}

/* Parking: a run whose checkers park while the answer is fixed gives the
 * same verdict changes at the same times, and counts the same probes, as
 * one that probes every interval. The script flaps region 0 at random
 * times (outages shorter and longer than k I, gaps shorter than the
 * timeout) so parked checkers wake in every state, with failed probes in
 * flight; timeout > interval and k = 1 make late verdicts matter. */
struct flap {
    struct sim *sim;
    struct health *h; /* NULL: no wake calls */
    bool up[2];
    int n;
    sim_time at[4000];
    int what[4000];
};

static bool flap_probe(void *ctx, int from, int region)
{
    return ((struct flap *)ctx)->up[region];
}

static bool flap_stable(void *ctx, int region)
{
    return true;
}

static void flap_change(void *ctx, int region, bool healthy)
{
    struct flap *f = ctx;
    if (f->n < 4000) {
        f->at[f->n] = sim_now(f->sim);
        f->what[f->n++] = region * 2 + healthy;
    }
}

static void flap_set(struct sim *sim, void *ctx, uint64_t arg)
{
    struct flap *f = ctx;
    f->up[0] = arg & 1;
    if (f->h)
        health_wake(f->h, 0);
}

static uint64_t flap_run(struct flap *f, bool park, sim_time interval, sim_time timeout, int k,
                         int checkers)
{
    f->sim = sim_new(64);
    gsl_rng *rng = sim_rng_new(11, 0, "health"), *script = sim_rng_new(12, 0, "script");
    f->up[0] = f->up[1] = true;
    f->n = 0;
    struct health_config cfg = {.n_regions = 2,
                                .checkers = checkers,
                                .interval = interval,
                                .threshold = k,
                                .healthy_fraction = 0.3,
                                .timeout = timeout,
                                .stable = park ? flap_stable : NULL};
    struct health h;
    f->h = park ? &h : NULL;
    assert_int_equal(health_init(&h, f->sim, &cfg, flap_probe, flap_change, f, rng), 0);
    sim_time t = 0;
    bool up = true;
    for (int i = 0; i < 300; i++) {
        /* gaps from 0.1 s to ~20 intervals, log-uniform */
        t += (sim_time)(0.1 * SIM_SEC *
                        pow(200.0 * (double)interval / SIM_SEC, gsl_rng_uniform(script)));
        up = !up;
        sim_at(f->sim, t, flap_set, f, up);
    }
    sim_run(f->sim, t + 10 * interval);
    /* a wake at the end accounts for the probes skipped until now */
    health_wake(&h, 0);
    health_wake(&h, 1);
    uint64_t probes = h.probes;
    health_fini(&h);
    gsl_rng_free(rng);
    gsl_rng_free(script);
    sim_free(f->sim);
    return probes;
}

static void test_parking_keeps_verdict_times(void **state)
{
    (void)state;
    static struct flap a, b;
    struct {
        sim_time interval, timeout;
        int k, checkers;
    } cases[] = {{30 * SIM_SEC, 4 * SIM_SEC, 3, 8},
                 {10 * SIM_SEC, 25 * SIM_SEC, 1, 3},
                 {10 * SIM_SEC, 10 * SIM_SEC, 2, 1}};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        uint64_t pa =
            flap_run(&a, false, cases[c].interval, cases[c].timeout, cases[c].k, cases[c].checkers);
        uint64_t pb =
            flap_run(&b, true, cases[c].interval, cases[c].timeout, cases[c].k, cases[c].checkers);
        assert_true(a.n > 20);
        assert_int_equal(a.n, b.n);
        for (int i = 0; i < a.n; i++) {
            assert_int_equal(a.at[i], b.at[i]);
            assert_int_equal(a.what[i], b.what[i]);
        }
        /* probes skipped while parked are counted at the wake */
        assert_int_equal(pa, pb);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detection_within_k_intervals),
        cmocka_unit_test(test_false_positives_flap),
        cmocka_unit_test(test_parking_keeps_verdict_times),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
