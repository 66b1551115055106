/* The front door's routing table and its load-aware control
 * (models/frontdoor.h): routes follow RTT order, eligibility and health;
 * the shed share moves by FD_SHED_UP when an origin fails (too few
 * successes, or a mean queueing wait above a tenth of the timeout) and by
 * FD_SHED_DOWN back otherwise, within [0, 1]; shed draws spill to the next
 * origin. */
#include "helpers.h"

#include <string.h>

#include "models/frontdoor.h"

static struct scenario S;

static void setup_two(struct frontdoor *f)
{
    scenario_defaults(&S);
    S.n_regions = 2;
    S.n_users = 1;
    S.user_rtt_ms[0][0] = 10;
    S.user_rtt_ms[0][1] = 60;
    S.routing.load_aware = true;
    S.routing.load_target = 99.9 / 100;
    S.workload.timeout = 2 * SIM_SEC;
    fd_init(f, &S);
    bool eligible[2] = {true, true}, healthy[2] = {true, true};
    fd_update(f, eligible, healthy);
}

static void test_routes_and_spill_target(void **state)
{
    (void)state;
    struct frontdoor f;
    setup_two(&f);
    assert_int_equal(fd_route(&f, 0), 0);
    assert_int_equal(f.spill_to[0], 1);
    bool eligible[2] = {true, true}, healthy[2] = {false, true};
    fd_update(&f, eligible, healthy);
    assert_int_equal(fd_route(&f, 0), 1);
    assert_int_equal(f.spill_to[0], -1); /* nowhere healthy to spill to */
}

static void test_shed_moves_with_failures_and_waits(void **state)
{
    (void)state;
    struct frontdoor f;
    setup_two(&f);
    /* 9995 of 10000 fine: meets 99.9%, nothing to shed (stays at 0). */
    fd_observe(&f, 0, true, 0, 9995);
    fd_observe(&f, 0, false, 0, 5);
    fd_adjust(&f);
    assert_true(f.shed[0] == 0);
    /* 998 of 1000: failing. */
    fd_observe(&f, 0, true, 0, 998);
    fd_observe(&f, 0, false, 0, 2);
    fd_adjust(&f);
    assert_near(f.shed[0], FD_SHED_UP, 1e-12);
    /* All fine but queueing 250 ms on average (limit 200 ms): failing. */
    fd_observe(&f, 0, true, 250 * SIM_MS, 100);
    fd_adjust(&f);
    assert_near(f.shed[0], 2 * FD_SHED_UP, 1e-12);
    /* 150 ms: fine, a step back. */
    fd_observe(&f, 0, true, 150 * SIM_MS, 100);
    fd_adjust(&f);
    assert_near(f.shed[0], 2 * FD_SHED_UP - FD_SHED_DOWN, 1e-12);
    /* No traffic at all: it takes load back, to 0 at most. */
    for (int i = 0; i < 100; i++)
        fd_adjust(&f);
    assert_true(f.shed[0] == 0);
    for (int i = 0; i < 100; i++) {
        fd_observe(&f, 0, false, 0, 1);
        fd_adjust(&f);
    }
    assert_true(f.shed[0] == 1);
    assert_int_equal(fd_route_shed(&f, 0, 0.999), 1);
    f.shed[0] = 0.3;
    assert_int_equal(fd_route_shed(&f, 0, 0.29), 1);
    assert_int_equal(fd_route_shed(&f, 0, 0.31), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_routes_and_spill_target),
        cmocka_unit_test(test_shed_moves_with_failures_and_waits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
