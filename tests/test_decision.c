/* What the report's decision rests on, on the shipped examples: the bill's
 * components add up to cost_month, steady-state latency does not depend on
 * the strategy when the serving region is the same, and a strategy that
 * failed over has the `_failover` latency metrics. Loaded through the real
 * loader, run through the world, with traffic and horizon cut to keep ASan
 * runs short (the properties do not depend on either). */
#include "strategies.h"
#include "helpers.h"

#include <stdlib.h>

#include "models/summary.h"
#include "models/world.h"
#include "scenarios/loader/loader.h"

static const char *const examples[] = {"data-corruption", "dns-ttl",           "partition",
                                       "stochastic-year", "three-region-shop", "two-region"};

static void load(const char *name, struct scenario *s)
{
    char path[512];
    snprintf(path, sizeof path, REGIONSIM_SOURCE_DIR "/scenarios/%s.yaml", name);
    assert_int_equal(scenario_load_file(path, s, stderr), 0);
}

static void run(const struct scenario *s, int k, struct run_result *r)
{
    struct sim_error err = {0};
    assert_int_equal(world_run(s, k, 0, r, NULL, &err), 0);
}

/* The components are the terms of cost_price's total, scaled by one factor:
 * they may differ from it by float rounding only, far below a cent. */
static void test_cost_components_sum_to_cost_month_on_every_example(void **state)
{
    (void)state;
    static struct scenario s;
    struct run_result *r = malloc(sizeof *r);
    assert_non_null(r);
    for (size_t e = 0; e < sizeof examples / sizeof examples[0]; e++) {
        load(examples[e], &s);
        /* at most 15/s: the examples' rates / 20, stochastic-year's 5000/s too */
        s.workload.rate = fmin(s.workload.rate / 20, 15);
        if (s.horizon > 12 * SIM_HOUR)
            s.horizon = 12 * SIM_HOUR;
        for (int k = 0; k < STRATEGY_COUNT; k++) {
            if (!s.strategies[k].enabled)
                continue;
            run(&s, k, r);
            double sum = 0;
            for (int i = 0; i < RESULTS_COST_ITEMS; i++) {
                double v = run_metric(r, (enum metric)(METRIC_COST_COMPUTE + i));
                assert_false(isnan(v));
                assert_true(v >= 0);
                sum += v;
            }
            assert_true(r->cost_month > 0);
            assert_near(sum, r->cost_month, 0.005);
        }
    }
    free(r);
}

/* Without failures the single-region strategies serve reads from the same
 * primary with the same full fleet and the same random streams (common
 * random numbers): their read latencies are the same requests' latencies.
 * Tolerance: the histogram's bucket width (< 1% relative, DESIGN section 3). */
static void test_no_failure_steady_latency_is_the_same_from_the_same_region(void **state)
{
    (void)state;
    static struct scenario s;
    load("two-region", &s);
    s.n_failures = 0;
    s.workload.rate /= 10;
    s.horizon = 2 * SIM_HOUR;
    struct run_result *r = malloc(sizeof *r);
    assert_non_null(r);
    const int single[] = {STRATEGY_BACKUP_RESTORE, STRATEGY_PILOT_LIGHT, STRATEGY_WARM_STANDBY};
    double p50[3], p99[3];
    for (int i = 0; i < 3; i++) {
        assert_true(s.strategies[single[i]].enabled);
        run(&s, single[i], r);
        p50[i] = run_metric(r, METRIC_READ_P50);
        p99[i] = run_metric(r, METRIC_READ_P99);
        assert_true(isnan(run_metric(r, METRIC_READ_P50_FAILOVER)));
    }
    for (int i = 1; i < 3; i++) {
        assert_near(p50[i], p50[0], 0.01 * p50[0]);
        assert_near(p99[i], p99[0], 0.01 * p99[0]);
    }
    free(r);
}

/* The three-region shop's outage makes every strategy run its runbook:
 * each then has both states' latency metrics. */
static void test_failover_metrics_exist_for_every_strategy_that_failed_over(void **state)
{
    (void)state;
    static struct scenario s;
    load("three-region-shop", &s);
    s.workload.rate /= 10;
    struct run_result *r = malloc(sizeof *r);
    assert_non_null(r);
    for (int k = 0; k < STRATEGY_COUNT; k++) {
        run(&s, k, r);
        assert_int_equal(r->n_incidents, 1);
        assert_true(r->incidents[0].phase_end[PHASE_DETECT] >= 0);
        for (enum metric m = METRIC_READ_P50_FAILOVER; m <= METRIC_WRITE_P99_FAILOVER; m++)
            assert_false(isnan(run_metric(r, m)));
        assert_false(isnan(run_metric(r, METRIC_READ_P50)));
    }
    free(r);
}

/* Issue 11: with a 30 min RTO target the shop's warm standby had a mean
 * below it while 3 of 12 days took 37-44 min. Judged on p95 with an exact
 * interval, 12 replications cannot show it meets the target: the verdict is
 * misses or undecided, never meets, and it is not the cheapest meeting it. */
static void test_shop_warm_standby_does_not_meet_a_30_min_rto_on_p95(void **state)
{
    (void)state;
    static struct scenario s;
    load("three-region-shop", &s);
    s.workload.rate /= 10;
    s.report.rto_target = (struct sim_opt_time){true, 30 * SIM_MIN};
    s.report.rpo_target.set = false;
    int n = s.replications;
    struct run_result *runs = calloc((size_t)n, sizeof *runs);
    assert_non_null(runs);
    for (int rep = 0; rep < n; rep++) {
        struct sim_error err = {0};
        assert_int_equal(world_run(&s, STRATEGY_WARM_STANDBY, rep, &runs[rep], NULL, &err), 0);
    }
    struct summary *r = summary_new(&s, runs, (size_t)n, NULL);
    assert_non_null(r);
    const struct summary_strategy *ws = summary_find(r, STRATEGY_WARM_STANDBY);
    const struct verdict_result *v = &ws->verdict[SUMMARY_TARGET_RTO];
    assert_int_equal(v->n, n);
    assert_int_not_equal(v->verdict, VERDICT_MEETS);
    assert_false(ws->meets);
    assert_int_equal(r->cheapest, -1);
    summary_free(r);
    free(runs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cost_components_sum_to_cost_month_on_every_example),
        cmocka_unit_test(test_no_failure_steady_latency_is_the_same_from_the_same_region),
        cmocka_unit_test(test_failover_metrics_exist_for_every_strategy_that_failed_over),
        cmocka_unit_test(test_shop_warm_standby_does_not_meet_a_30_min_rto_on_p95),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
