/* The cost of an outage (models/business.c): the SLA tier owed, and the
 * annualised downtime, lost writes and credits of one run, against sums done
 * by hand. */
#include "helpers.h"

#include <math.h>
#include <string.h>

#include "models/business.h"
#include "scenarios/loader/loader.h"

static struct scenario_business shop(void)
{
    struct scenario_business b = {.downtime_per_hour = 1000, .lost_write = 2, .n_sla = 2};
    b.sla[0] = (struct scenario_sla){.below = 0.999, .credit = 0.10};
    b.sla[1] = (struct scenario_sla){.below = 0.99, .credit = 0.25};
    return b;
}

static void test_sla_credit_is_the_largest_owed(void **state)
{
    (void)state;
    struct scenario_business b = shop();
    assert_near(business_sla_credit(&b, 0.9995), 0, 1e-12);
    assert_near(business_sla_credit(&b, 0.995), 0.10, 1e-12);
    assert_near(business_sla_credit(&b, 0.95), 0.25, 1e-12);
}

static void test_outage_cost_is_annualised_over_the_horizon(void **state)
{
    (void)state;
    struct scenario_business b = shop();
    static struct run_result r;
    memset(&r, 0, sizeof r);
    r.requests = 1000;
    r.successes = 995; /* 0.5% failed: the 10% credit */
    r.cost_month = 300;
    r.n_incidents = 1;
    r.incidents[0].data_lost_applies = true;
    r.incidents[0].lost_writes = 7;
    /* a 1-day horizon: 365 horizons a year */
    double want = 1000 * 0.005 * 8760 + 2 * 7 * 365.0 + 12 * 0.10 * 300;
    assert_near(business_outage_cost_year(&b, &r, SIM_DAY), want, 1e-6);
    /* partial outage pro rata: half the failed share, half the downtime cost */
    r.successes = 9975;
    r.requests = 10000;
    r.incidents[0].lost_writes = 0;
    assert_near(business_outage_cost_year(&b, &r, SIM_DAY), 1000 * 0.0025 * 8760 + 12 * 0.1 * 300,
                1e-6);
}

static void test_metrics_apply_only_with_a_business_block(void **state)
{
    (void)state;
    static struct scenario s;
    static struct run_result r;
    scenario_defaults(&s);
    memset(&r, 0, sizeof r);
    r.requests = 10;
    r.successes = 10;
    r.cost_month = 100;
    business_fill(&s, &r);
    assert_true(isnan(run_metric(&r, METRIC_OUTAGE_COST_YEAR)));
    assert_true(isnan(run_metric(&r, METRIC_TOTAL_COST_YEAR)));
    s.business = shop();
    business_fill(&s, &r);
    assert_near(run_metric(&r, METRIC_OUTAGE_COST_YEAR), 0, 1e-12);
    assert_near(run_metric(&r, METRIC_TOTAL_COST_YEAR), 1200, 1e-9);
}

static void test_loader_reads_the_business_block(void **state)
{
    (void)state;
    static const char text[] =
        "scenario: b\nregions: [us-east-1, eu-west-1]\n"
        "strategies: { pilot_light: { primary: us-east-1, recovery: eu-west-1 } }\n"
        "business: { downtime_per_hour: 5000, lost_write: 0.5,\n"
        "  sla: [{ below: 99.9%, credit: 10% }, { below: 99%, credit: 25% }] }\n";
    static struct scenario s;
    assert_int_equal(scenario_load_buffer("b.yaml", text, sizeof text - 1, &s, NULL), 0);
    assert_near(s.business.downtime_per_hour, 5000, 1e-9);
    assert_near(s.business.lost_write, 0.5, 1e-12);
    assert_int_equal(s.business.n_sla, 2);
    assert_near(s.business.sla[1].below, 0.99, 1e-12);
    assert_near(s.business.sla[1].credit, 0.25, 1e-12);
    static const char bad[] = "scenario: b\nregions: [us-east-1]\n"
                              "strategies: { pilot_light: { primary: us-east-1 } }\n"
                              "business: { sla: [{ below: 99% }] }\n";
    assert_int_not_equal(scenario_load_buffer("b.yaml", bad, sizeof bad - 1, &s, NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sla_credit_is_the_largest_owed),
        cmocka_unit_test(test_outage_cost_is_annualised_over_the_horizon),
        cmocka_unit_test(test_metrics_apply_only_with_a_business_block),
        cmocka_unit_test(test_loader_reads_the_business_block),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
