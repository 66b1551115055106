/* Split brain and fencing (models/fencing.h): the module's rules on their
 * own, then through the loader and the world. The world cases: three
 * regions (primary us-east-1, recovery us-west-2, eu-west-1), every user in
 * the east, health checkers in us-west-2 only, and a partition between
 * us-east-1 and us-west-2 from 1 h to 2 h: the checkers lose the primary,
 * its users do not. The DNS switch takes 10 h, so users keep reaching the
 * old primary until the partition heals. Expectations, from the definitions:
 *   none     split_brain_writes = write rate x (heal - promotion), Poisson;
 *   lease    none, and the fence step lasts the lease (the primary still
 *            reaches a majority, so the lease lapses from the revocation);
 *   stonith  none, the fence step lasts its duration, and waits for the
 *            old primary's control plane when that is down. */
#include "strategies.h"
#include "helpers.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/fencing.h"
#include "models/world.h"
#include "scenarios/loader/loader.h"

/* ---- the module ---------------------------------------------------------- */

static void test_none_accepts_until_it_hears(void **state)
{
    (void)state;
    struct fencing f;
    fencing_init(&f, FENCING_NONE, 30 * SIM_SEC, 0);
    assert_int_equal(fencing_write(&f, 0, 0), FENCE_NORMAL);
    assert_int_equal(fencing_begin(&f, 0, 5 * SIM_SEC), 0);
    fencing_promoted(&f, SIM_MIN, 1, false);
    assert_int_equal(fencing_write(&f, SIM_MIN, 0), FENCE_LOCAL);
    assert_int_equal(fencing_write(&f, SIM_MIN, 1), FENCE_NORMAL);
    fencing_contact(&f, 2 * SIM_MIN, true, false);
    assert_int_equal(fencing_write(&f, 2 * SIM_MIN, 0), FENCE_LOCAL);
    fencing_contact(&f, 3 * SIM_MIN, true, true);
    assert_int_equal(fencing_write(&f, 3 * SIM_MIN, 0), FENCE_NORMAL);
    assert_int_equal(f.primary, 1);
    /* A primary that hears of the promotion at once never splits. */
    fencing_init(&f, FENCING_NONE, 0, 0);
    fencing_promoted(&f, SIM_MIN, 1, true);
    assert_int_equal(fencing_write(&f, SIM_MIN, 0), FENCE_NORMAL);
}

static void test_lease_lapses_a_lease_after_the_last_renewal(void **state)
{
    (void)state;
    struct fencing f;
    fencing_init(&f, FENCING_LEASE, 30 * SIM_SEC, 0);
    fencing_contact(&f, 10 * SIM_SEC, false, false); /* cut off from the store */
    assert_int_equal(fencing_write(&f, 39 * SIM_SEC, 0), FENCE_NORMAL);
    assert_int_equal(fencing_write(&f, 40 * SIM_SEC, 0), FENCE_REFUSE);
    fencing_contact(&f, 50 * SIM_SEC, true, false); /* renewed again */
    assert_int_equal(fencing_write(&f, 50 * SIM_SEC, 0), FENCE_NORMAL);
    /* The fence step revokes: the promotion waits the rest of the lease. */
    fencing_contact(&f, 60 * SIM_SEC, false, false);
    assert_int_equal(fencing_begin(&f, 75 * SIM_SEC, 0), 15 * SIM_SEC);
    fencing_contact(&f, 80 * SIM_SEC, true, false); /* revoked: no renewal */
    assert_int_equal(fencing_write(&f, 90 * SIM_SEC, 0), FENCE_REFUSE);
    /* Revoked while renewing: a whole lease. */
    fencing_init(&f, FENCING_LEASE, 30 * SIM_SEC, 0);
    assert_int_equal(fencing_begin(&f, 100 * SIM_SEC, 0), 30 * SIM_SEC);
    /* Lapsed long ago: no wait. */
    fencing_init(&f, FENCING_LEASE, 30 * SIM_SEC, 0);
    fencing_contact(&f, 0, false, false);
    assert_int_equal(fencing_begin(&f, SIM_HOUR, 0), 0);
    fencing_promoted(&f, SIM_HOUR, 1, false);
    assert_int_equal(fencing_write(&f, SIM_HOUR, 0), FENCE_REFUSE);
}

static void test_stonith_cuts_off_until_the_primary_hears(void **state)
{
    (void)state;
    struct fencing f;
    fencing_init(&f, FENCING_STONITH, 0, 0);
    assert_int_equal(fencing_begin(&f, 0, 7 * SIM_SEC), 7 * SIM_SEC);
    assert_int_equal(fencing_write(&f, SIM_SEC, 0), FENCE_NORMAL);
    fencing_end(&f);
    assert_int_equal(fencing_write(&f, 8 * SIM_SEC, 0), FENCE_REFUSE);
    fencing_promoted(&f, 9 * SIM_SEC, 1, false);
    assert_int_equal(fencing_write(&f, 9 * SIM_SEC, 0), FENCE_REFUSE);
    fencing_contact(&f, SIM_HOUR, true, true);
    assert_int_equal(fencing_write(&f, SIM_HOUR, 0), FENCE_NORMAL);
    assert_int_equal(fencing_write(&f, SIM_HOUR, 1), FENCE_NORMAL);
}

/* ---- through the world ---------------------------------------------------- */

static const char base[] =
    "regions: [us-east-1, us-west-2, eu-west-1]\n"
    "horizon: 3h\n"
    "users: [{ from: north-america-east, share: 100%% }]\n"
    "workload: { rate: 200/s, write_fraction: 50%%, retries: 0 }\n"
    "dns: { ttl_violators: { fraction: 0 }, health_check: { from: [us-west-2] } }\n"
    "failures:\n"
    "  - { kind: partition, between: [us-east-1, us-west-2], at: 1h, duration: 1h }\n"
    "%s"
    "strategies:\n"
    "  warm_standby: { primary: us-east-1, recovery: us-west-2, automatic: true,\n"
    "                  promote: 1m, dns_switch: 10h, %s }\n";

static struct scenario S;
static struct run_result R;

static void run_with(const char *failures, const char *fencing)
{
    char text[2048];
    snprintf(text, sizeof text, base, failures, fencing);
    if (scenario_load_buffer("fencing.yaml", text, strlen(text), &S, stderr) != 0)
        fail_msg("does not load:\n%s", text);
    struct sim_error err = {0};
    if (world_run(&S, STRATEGY_WARM_STANDBY, 0, &R, NULL, &err) != 0)
        fail_msg("world_run: %s", err.message);
    assert_true(R.split_brain_applies);
    assert_true(R.incidents_total >= 1);
}

static double phase_at(enum phase p)
{
    const struct incident_result *in = &R.incidents[0];
    assert_true(in->phase_end[p] >= 0);
    return sim_time_to_sec(in->t_fail + in->phase_end[p]);
}

static void test_no_fencing_splits_until_the_partition_heals(void **state)
{
    (void)state;
    run_with("", "fencing: none");
    double promoted = phase_at(PHASE_PROMOTE), heal = 2 * 3600.0;
    double expect = 100.0 * (heal - promoted); /* write rate x time split */
    printf("none: promoted at %.0f s, split_brain_writes %.0f, expected %.0f\n", promoted,
           R.split_brain_writes, expect);
    assert_true(promoted > 3600 && promoted < heal);
    /* A Poisson count: 4 standard deviations. */
    assert_near(R.split_brain_writes, expect, 4 * sqrt(expect));
    assert_true(R.incidents[0].phase_end[PHASE_FENCE] < 0); /* no fence step */
}

static void test_lease_waits_the_lease_and_never_splits(void **state)
{
    (void)state;
    run_with("", "fencing: lease, lease: 45s");
    double detect = phase_at(PHASE_DETECT), fence = phase_at(PHASE_FENCE);
    printf("lease: detected at %.0f s, fenced at %.0f s, split %.0f\n", detect, fence,
           R.split_brain_writes);
    assert_near(fence - detect, 45, 1e-9);
    assert_near(phase_at(PHASE_PROMOTE) - fence, 60, 1e-9);
    assert_near(R.split_brain_writes, 0, 0);
}

static void test_stonith_waits_its_step_and_the_control_plane(void **state)
{
    (void)state;
    run_with("", "fencing: stonith, stonith: 2m");
    double detect = phase_at(PHASE_DETECT), fence = phase_at(PHASE_FENCE);
    printf("stonith: detected at %.0f s, fenced at %.0f s\n", detect, fence);
    assert_near(fence - detect, 120, 1e-9);
    assert_near(R.split_brain_writes, 0, 0);
    /* The old primary's control plane is down until 2h30m: the step waits. */
    run_with("  - { kind: control_plane, region: us-east-1, at: 30m, duration: 2h }\n",
             "fencing: stonith, stonith: 2m");
    fence = phase_at(PHASE_FENCE);
    printf("stonith, control plane down: fenced at %.0f s\n", fence);
    assert_near(fence, 2.5 * 3600 + 120, 1e-9);
    assert_near(R.split_brain_writes, 0, 0);
}

/* Two regions, checkers outside them: a partition of the primary from its
 * recovery region starts no failover. With a lease, the primary no longer
 * reaches a majority of the lease store and stops writing one lease after
 * the partition began: the availability a lease costs, write rate x
 * (partition - lease) refused writes, against none refused without one. */
static void test_lease_stops_writes_in_a_minority(void **state)
{
    (void)state;
    static const char two[] =
        "regions: [us-east-1, us-west-2]\n"
        "horizon: 3h\n"
        "users: [{ from: north-america-east, share: 100%% }]\n"
        "workload: { rate: 200/s, write_fraction: 50%%, retries: 0 }\n"
        "failures:\n"
        "  - { kind: partition, between: [us-east-1, us-west-2], at: 1h, duration: 1h }\n"
        "strategies: { warm_standby: { fencing: %s } }\n";
    double failed[2];
    const char *mode[2] = {"none", "lease"};
    for (int i = 0; i < 2; i++) {
        char text[1024];
        snprintf(text, sizeof text, two, mode[i]);
        if (scenario_load_buffer("lease.yaml", text, strlen(text), &S, stderr) != 0)
            fail_msg("does not load:\n%s", text);
        struct sim_error err = {0};
        if (world_run(&S, STRATEGY_WARM_STANDBY, 0, &R, NULL, &err) != 0)
            fail_msg("world_run: %s", err.message);
        assert_int_equal(R.incidents_total > 0 ? R.incidents[0].phase_end[PHASE_PROMOTE] < 0 : 1, 1);
        failed[i] = (double)(R.requests - R.successes);
    }
    double expect = 100.0 * (3600 - 30);
    printf("lease in a minority: %.0f failed requests (none: %.0f), expected %.0f more\n",
           failed[1], failed[0], expect);
    assert_near(failed[0], 0, 0);
    assert_near(failed[1] - failed[0], expect, 4 * sqrt(expect));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_none_accepts_until_it_hears),
        cmocka_unit_test(test_lease_lapses_a_lease_after_the_last_renewal),
        cmocka_unit_test(test_stonith_cuts_off_until_the_primary_hears),
        cmocka_unit_test(test_no_fencing_splits_until_the_partition_heals),
        cmocka_unit_test(test_lease_waits_the_lease_and_never_splits),
        cmocka_unit_test(test_stonith_waits_its_step_and_the_control_plane),
        cmocka_unit_test(test_lease_stops_writes_in_a_minority),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
