/* Per-year figures of a run (models/annual.h), by hand: availability
 * 99.99% is 0.876 hours a year of failed requests whatever the horizon;
 * downtime, lost writes and incidents scale from the horizon to 365 days,
 * and incidents past the kept ones count at the kept ones' mean loss. */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include "models/annual.h"

static void test_annual_figures_by_hand(void **state)
{
    (void)state;
    struct run_record *r = calloc(1, sizeof *r);
    struct incident_result in[2] = {{.data_lost_applies = true, .lost_writes = 10},
                                    {.data_lost_applies = true, .lost_writes = 30}};
    r->requests = 1000000;
    r->metric[METRIC_AVAILABILITY] = 0.9999;
    r->metric[METRIC_DOWNTIME] = 3600;
    r->n_incidents = 2;
    r->incidents_total = 3;
    r->incidents = in;
    sim_time half = 365 * SIM_DAY / 2;
    assert_near(annual_value(r, half, ANNUAL_UNAVAILABLE), 0.876, 1e-9);
    assert_near(annual_value(r, half, ANNUAL_DOWNTIME), 2.0, 1e-9);
    assert_near(annual_value(r, half, ANNUAL_INCIDENTS), 6.0, 1e-9);
    assert_near(annual_value(r, half, ANNUAL_LOST_WRITES), (10 + 30) * 1.5 * 2, 1e-9);
    r->requests = 0;
    assert_true(isnan(annual_value(r, half, ANNUAL_DOWNTIME)));
    free(r);
}

static void test_annual_applies_from_thirty_days(void **state)
{
    (void)state;
    struct scenario s;
    memset(&s, 0, sizeof s);
    s.horizon = 29 * SIM_DAY;
    assert_false(annual_applies(&s));
    s.horizon = 30 * SIM_DAY;
    assert_true(annual_applies(&s));
    assert_string_equal(annual_key(ANNUAL_LOST_WRITES), "lost_writes");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_annual_figures_by_hand),
        cmocka_unit_test(test_annual_applies_from_thirty_days),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
