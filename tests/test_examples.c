/* The shipped three-region example reproduces the industry table's ordering
 * (../shared/reference/README.md): RTO and cost rise from backup & restore to
 * active-active's RTO being the shortest, RPO hours for backups and about
 * zero for replication. Loaded through the real loader, run through the world. */
#include "strategies.h"
#include "helpers.h"

#include <stdlib.h>

#include "models/world.h"
#include "scenarios/loader/loader.h"

#define REPS 2

static void test_three_region_shop_keeps_the_industry_order(void **state)
{
    (void)state;
    static struct scenario s;
    assert_int_equal(
        scenario_load_file(REGIONSIM_SOURCE_DIR "/scenarios/three-region-shop.yaml", &s, stderr), 0);
    /* A tenth of the traffic keeps this test fast under ASan; the RTO window
     * still holds 1200 requests a minute, so the 99% threshold is resolved. */
    s.workload.rate /= 10;
    double rto[STRATEGY_COUNT] = {0}, rpo[STRATEGY_COUNT] = {0}, cost[STRATEGY_COUNT] = {0};
    struct run_result *r = malloc(sizeof *r);
    assert_non_null(r);
    for (int k = 0; k < STRATEGY_COUNT; k++) {
        assert_true(s.strategies[k].enabled);
        for (int rep = 0; rep < REPS; rep++) {
            struct sim_error err = {0};
            assert_int_equal(world_run(&s, k, rep, r, NULL, &err), 0);
            assert_int_equal(r->n_incidents, 1);
            assert_false(r->incidents[0].censored);
            rto[k] += run_metric(r, METRIC_RTO) / REPS;
            rpo[k] += run_metric(r, METRIC_RPO) / REPS;
            cost[k] += r->cost_month / REPS;
        }
    }
    free(r);
    enum { BR = STRATEGY_BACKUP_RESTORE, PL = STRATEGY_PILOT_LIGHT, WS = STRATEGY_WARM_STANDBY,
           AA = STRATEGY_ACTIVE_ACTIVE };
    /* RTO: hours, tens of minutes, minutes, shortest. */
    assert_true(rto[BR] > 3600 && rto[BR] > rto[PL]);
    assert_true(rto[PL] > 600 && rto[PL] > rto[WS]);
    assert_true(rto[WS] > rto[AA]);
    /* RPO: backups lose up to an hour, replication seconds at most. */
    assert_true(rpo[BR] > 600);
    assert_true(rpo[PL] < 60 && rpo[WS] < 60 && rpo[AA] < 5);
    /* Cost rises in the table's order; active-active about 2-3x backups. */
    assert_true(cost[BR] < cost[PL] && cost[PL] < cost[WS] && cost[WS] < cost[AA]);
    assert_true(cost[AA] / cost[BR] > 2.0 && cost[AA] / cost[BR] < 3.0);
}

/* The 2021-12-07 replay: a 5% lossy access path never fails three health
 * probes in a row, so no runbook starts and no record leaves the zone: every
 * strategy is disrupted for the whole congestion (07:30-14:22, 24,720 s), its
 * RTO within one window W of it (recovery holds from the last bad window's
 * start + 1 s). The 2025-10-20 replay: the DynamoDB outage opens every
 * strategy's incident at 23:48 (3 h 48 m in), and warm standby (automatic:
 * promote and switch DNS) recovers before pilot light (approve, promote,
 * boot 8 min). */
static void test_replays_tell_their_story(void **state)
{
    (void)state;
    static struct scenario s;
    struct run_result *r = malloc(sizeof *r);
    assert_non_null(r);
    struct sim_error err = {0};
    assert_int_equal(scenario_load_file(REGIONSIM_SOURCE_DIR
                                        "/scenarios/replays/aws-us-east-1-2021-12-07.yaml",
                                        &s, stderr),
                     0);
    s.workload.rate /= 10;
    for (int k = 0; k < STRATEGY_COUNT; k++) {
        assert_int_equal(world_run(&s, k, 0, r, NULL, &err), 0);
        assert_int_equal(r->n_incidents, 1);
        assert_int_equal(r->incidents[0].t_fail, 7 * SIM_HOUR + 30 * SIM_MIN);
        double rto = run_metric(r, METRIC_RTO);
        assert_true(rto > 24720 - 61 && rto <= 24720);
    }
    assert_int_equal(scenario_load_file(REGIONSIM_SOURCE_DIR
                                        "/scenarios/replays/aws-us-east-1-2025-10-20.yaml",
                                        &s, stderr),
                     0);
    s.workload.rate /= 10;
    double rto[STRATEGY_COUNT];
    for (int k = 0; k < STRATEGY_COUNT; k++) {
        assert_int_equal(world_run(&s, k, 0, r, NULL, &err), 0);
        assert_true(r->n_incidents >= 1);
        assert_int_equal(r->incidents[0].t_fail, 3 * SIM_HOUR + 48 * SIM_MIN);
        rto[k] = run_metric(r, METRIC_RTO);
    }
    printf("2025-10-20 replay RTO (s): BR %.0f PL %.0f WS %.0f AA %.0f\n",
           rto[STRATEGY_BACKUP_RESTORE], rto[STRATEGY_PILOT_LIGHT], rto[STRATEGY_WARM_STANDBY],
           rto[STRATEGY_ACTIVE_ACTIVE]);
    /* automatic promotion + DNS (no approval, no boot) beats approval + boot */
    assert_true(rto[STRATEGY_WARM_STANDBY] < rto[STRATEGY_PILOT_LIGHT]);
    free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_three_region_shop_keeps_the_industry_order),
        cmocka_unit_test(test_replays_tell_their_story),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
