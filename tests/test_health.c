/* Health checks: with interval I, threshold k and probe timeout to, a region
 * that stops answering at t0 is marked unhealthy within
 * [(k-1) I + to, k I + to] after t0: each checker's first probe after t0
 * comes within I, its k-th failure (k-1) I later, known `to` after it. */
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

static bool probe(void *ctx, int region)
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detection_within_k_intervals),
        cmocka_unit_test(test_false_positives_flap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
