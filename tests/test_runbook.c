/* Runbooks over repeated incidents: backups follow the roles after a
 * failover without failback, an old primary that is back before the runbook
 * ends still becomes the standby, and data corruption is an incident with a
 * restore runbook (detect, decide, halt and restore the good snapshot, resume). */
#include "strategies.h"
#include "helpers.h"

#include <stdlib.h>

#include "models/world.h"
#include "world_fixture.h"

static struct run_result *run(const struct scenario *s, int k, int rep)
{
    struct run_result *r = calloc(1, sizeof *r);
    struct sim_error err;
    int rc = world_run(s, k, rep, r, NULL, &err);
    if (rc)
        fail_msg("world_run: %s", err.message);
    return r;
}

static struct scenario_failure outage(int region, sim_time at, sim_time duration)
{
    return (struct scenario_failure){.kind = FAILURE_REGION_OUTAGE,
                                     .at = at,
                                     .duration = duration,
                                     .region = region,
                                     .region_b = -1};
}

/* Backup & restore, hourly snapshots (5 min to take, copied in
 * 100 GB / 450 MB/s = 222 s). Region 0 fails at 1 h for 3 h: region 1 restores
 * and serves, region 0 comes back as the standby. Region 1 fails at 8 h: the
 * restore in region 0 must use a snapshot of region 1 copied to region 0, so
 * the loss is at most interval + duration + copy (the newest copy present was
 * taken no longer ago than that), not everything since the first write. */
static void test_backups_follow_the_primary_after_roles_swap(void **state)
{
    (void)state;
    static struct scenario s;
    fx_three_regions(&s);
    s.horizon = 12 * SIM_HOUR;
    s.workload.rate = 5;
    s.dns.violator_fraction = 0;
    s.n_failures = 2;
    s.failures[0] = outage(0, 1 * SIM_HOUR, 3 * SIM_HOUR);
    s.failures[1] = outage(1, 8 * SIM_HOUR, 3 * SIM_HOUR);
    struct run_result *r = run(&s, STRATEGY_BACKUP_RESTORE, 0);
    assert_int_equal(r->n_incidents, 2);
    const struct incident_result *a = &r->incidents[0], *b = &r->incidents[1];
    const struct scenario_strategy *c = &s.strategies[STRATEGY_BACKUP_RESTORE];
    double bound = sim_time_to_sec(c->backup_interval + c->backup_duration) +
                   (double)c->data_bytes / s.throughput_bps[1][0];
    assert_int_equal(a->region, 0);
    assert_int_equal(b->region, 1);
    assert_true(a->data_lost_applies && b->data_lost_applies);
    assert_true(sim_time_to_sec(a->rpo) <= bound);
    assert_true(sim_time_to_sec(b->rpo) <= bound);
    assert_true(b->lost_writes < (int64_t)(bound * s.workload.rate));
    /* both outages hit the serving region: never a zero RTO */
    assert_false(a->censored || b->censored);
    assert_true(a->rto > 0 && b->rto > 0);
    free(r);
}

/* Warm standby (automatic): region 0 is down for 3 min, detected in ~1.5
 * min; the runbook (promote 1 m, DNS 1 m, scale 5 m) is still running when
 * region 0 is healthy again, so that verdict comes during the runbook. Region
 * 0 must still become the standby: region 1's outage at 5 h fails over to it
 * within detect + promote + DNS + propagation + TTL (< 15 min), instead of
 * waiting for region 1's 2 h repair. */
static void test_primary_back_during_runbook_becomes_standby(void **state)
{
    (void)state;
    static struct scenario s;
    fx_three_regions(&s);
    s.horizon = 8 * SIM_HOUR;
    s.workload.rate = 5;
    s.dns.violator_fraction = 0;
    s.n_failures = 2;
    s.failures[0] = outage(0, 1 * SIM_HOUR, 3 * SIM_MIN);
    s.failures[1] = outage(1, 5 * SIM_HOUR, 2 * SIM_HOUR);
    s.strategies[STRATEGY_WARM_STANDBY].automatic = true;
    struct run_result *r = run(&s, STRATEGY_WARM_STANDBY, 0);
    assert_int_equal(r->n_incidents, 2);
    const struct incident_result *b = &r->incidents[1];
    assert_int_equal(b->region, 1);
    assert_false(b->censored);
    assert_true(b->phase_end[PHASE_PROMOTE] > 0);
    assert_true(b->rto > 0 && b->rto < 30 * SIM_MIN);
    free(r);
}

static struct scenario_failure corruption(int region, sim_time at, sim_time detect)
{
    return (struct scenario_failure){.kind = FAILURE_DATA_CORRUPTION,
                                     .at = at,
                                     .duration = 45 * SIM_MIN,
                                     .region = region,
                                     .region_b = -1,
                                     .detect = detect};
}

/* Corruption at 3 h, noticed after D = 20 min, approved after a fixed 10 min
 * (backup & restore) or at once (active-active, automatic). The service stops
 * while 100 GB are restored at 200 MiB/s (R = 476.8 s) and resumes. Requests
 * before the halt succeed (nobody knows yet), every request during it fails,
 * retries after it succeed: RTO = D + decide + R to the window's 1 s step
 * (the last bad window starts in the second the restore ends; +-3 s).
 * RPO = the last good snapshot's age: at most interval + creation time,
 * wherever the corruption was written (any copy of the snapshot serves). A
 * corruption in a region that writes nothing (the warm standby's) touches no
 * data and needs no runbook. */
static void test_corruption_restores_the_good_snapshot(void **state)
{
    (void)state;
    static struct scenario s;
    fx_three_regions(&s);
    s.horizon = 5 * SIM_HOUR;
    s.workload.rate = 5;
    s.dns.violator_fraction = 0;
    s.n_failures = 1;
    s.failures[0] = corruption(0, 3 * SIM_HOUR, 20 * SIM_MIN);
    double restore = 100e9 / (200.0 * 1024 * 1024);
    for (int k = 0; k < STRATEGY_COUNT; k++) {
        s.strategies[k].data_bytes = 100000000000;
        s.strategies[k].restore_rate = 200.0 * 1024 * 1024;
        s.strategies[k].backup_interval = SIM_HOUR;
        s.strategies[k].decide = sim_dur_fixed(10 * SIM_MIN);
    }
    int kinds[] = {STRATEGY_BACKUP_RESTORE, STRATEGY_ACTIVE_ACTIVE};
    for (size_t i = 0; i < 2; i++) {
        const struct scenario_strategy *c = &s.strategies[kinds[i]];
        struct run_result *r = run(&s, kinds[i], 0);
        assert_int_equal(r->n_incidents, 1);
        const struct incident_result *in = &r->incidents[0];
        double expect = 20 * 60 + (c->automatic ? 0 : 600) + restore;
        assert_false(in->censored);
        assert_near(sim_time_to_sec(in->phase_end[PHASE_RESTORE]), expect, 1e-3);
        assert_near(sim_time_to_sec(in->rto), expect, 3);
        assert_true(in->data_lost_applies);
        assert_true(in->rpo > 0 && in->rpo <= c->backup_interval + c->backup_duration);
        assert_true(r->availability < 1);
        free(r);
    }
    /* Active-active, corruption written in region 2: its snapshots are taken
     * in region 0 and copied to region 1; the restore reads them there. */
    s.failures[0] = corruption(2, 3 * SIM_HOUR, 20 * SIM_MIN);
    const struct scenario_strategy *aa = &s.strategies[STRATEGY_ACTIVE_ACTIVE];
    struct run_result *r = run(&s, STRATEGY_ACTIVE_ACTIVE, 0);
    assert_true(r->incidents[0].data_lost_applies);
    assert_true(r->incidents[0].rpo > 0 &&
                r->incidents[0].rpo <= aa->backup_interval + aa->backup_duration);
    free(r);
    /* Corruption in warm standby's standby region, which writes nothing:
     * it does not hurt the strategy, so no incident (issue 10), absorbed. */
    s.failures[0] = corruption(1, 3 * SIM_HOUR, 20 * SIM_MIN);
    r = run(&s, STRATEGY_WARM_STANDBY, 0);
    assert_int_equal(r->incidents_total, 0);
    assert_int_equal(r->absorbed_failures, 1);
    free(r);
}

/* Warm standby (automatic): corruption at 1 h, noticed after 20 min, so the
 * service is halted for the restore (100 GB at 200 MiB/s: 1:20:00-1:27:57).
 * The primary fails at 1:25 for 2 h, during the restore: its unhealthy
 * verdict comes while that runbook runs, and the failover must follow once it
 * ends (~3 min later; then promote 1 m, DNS 1 m, propagation and TTL), not
 * wait for the repair. The outage overlaps the corruption's incident: one
 * incident with both causes, recovered 28-60 min after the corruption. */
static void test_outage_during_a_restore_fails_over_after_it(void **state)
{
    (void)state;
    static struct scenario s;
    fx_three_regions(&s);
    s.horizon = 4 * SIM_HOUR;
    s.workload.rate = 5;
    s.dns.violator_fraction = 0;
    struct scenario_strategy *c = &s.strategies[STRATEGY_WARM_STANDBY];
    c->automatic = true;
    c->data_bytes = 100000000000;
    c->restore_rate = 200.0 * 1024 * 1024;
    s.n_failures = 2;
    s.failures[0] = corruption(0, SIM_HOUR, 20 * SIM_MIN);
    s.failures[1] = outage(0, SIM_HOUR + 25 * SIM_MIN, 2 * SIM_HOUR);
    struct run_result *r = run(&s, STRATEGY_WARM_STANDBY, 0);
    assert_int_equal(r->n_incidents, 1);
    const struct incident_result *b = &r->incidents[0];
    assert_int_equal(b->causes, 1u << FAILURE_REGION_OUTAGE | 1u << FAILURE_DATA_CORRUPTION);
    assert_true(b->phase_end[PHASE_PROMOTE] > 28 * SIM_MIN);
    assert_false(b->censored);
    assert_true(b->rto > 28 * SIM_MIN && b->rto < 60 * SIM_MIN);
    free(r);
}

/* Every strategy over 30 days of random outages in each of three regions
 * (MTBF 4 days, repairs uniform 1-4 h) plus control-plane failures of the
 * first region. Whatever the roles at the time:
 * - an incident with a failover (data_lost_applies) had failed requests, so
 *   its RTO is never 0 (a zero RTO belongs to a region that served nothing);
 * - no failover loses more than the newest snapshot copy's age: interval +
 *   creation + copy, plus the longest time its backup region can have been
 *   down (a repair, <= 4 h) - not everything since the first write;
 * - the replicas' losses (lag of ~1 s) stay far below that. */
static void test_repeated_outages_in_every_region(void **state)
{
    (void)state;
    static struct scenario s;
    fx_three_regions(&s);
    s.horizon = 30 * 24 * SIM_HOUR;
    s.workload.rate = 0.2;
    s.dns.violator_fraction = 0;
    s.n_failures = 2;
    s.failures[0] = (struct scenario_failure){
        .kind = FAILURE_REGION_OUTAGE,
        .stochastic = true,
        .mtbf = 4 * 24 * SIM_HOUR,
        .mttr = {.kind = SIM_DUR_UNIFORM, .a = SIM_HOUR, .b = 4 * SIM_HOUR},
        .region = -1,
        .region_b = -1};
    s.failures[1] = s.failures[0];
    s.failures[1].kind = FAILURE_CONTROL_PLANE;
    s.failures[1].region = 0;
    s.failures[1].mtbf = 10 * 24 * SIM_HOUR;
    int failovers = 0;
    for (int k = 0; k < STRATEGY_COUNT; k++) {
        const struct scenario_strategy *c = &s.strategies[k];
        double bound = sim_time_to_sec(c->backup_interval + c->backup_duration + 4 * SIM_HOUR) +
                       (double)c->data_bytes / s.throughput_bps[0][1];
        struct run_result *r = run(&s, k, 3);
        assert_true(r->n_incidents >= 10);
        for (int i = 0; i < r->n_incidents; i++) {
            const struct incident_result *in = &r->incidents[i];
            if (!in->data_lost_applies)
                continue;
            failovers++;
            if (!in->censored)
                assert_true(in->rto > 0);
            assert_true(sim_time_to_sec(in->rpo) <= bound);
            if (k != STRATEGY_BACKUP_RESTORE)
                assert_true(in->rpo < 60 * SIM_SEC);
        }
        free(r);
    }
    assert_true(failovers >= 8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_backups_follow_the_primary_after_roles_swap),
        cmocka_unit_test(test_primary_back_during_runbook_becomes_standby),
        cmocka_unit_test(test_corruption_restores_the_good_snapshot),
        cmocka_unit_test(test_outage_during_a_restore_fails_over_after_it),
        cmocka_unit_test(test_repeated_outages_in_every_region),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
