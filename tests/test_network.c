/* models/network.c: round trips with their jitter, the front door's hop,
 * partitions, degraded links and access paths, and the per-request draws. */
#include "helpers.h"

#include <stdlib.h>

#include "models/network.h"
#include "models/prng.h"
#include "sim/rng.h"

#define MS(x) ((sim_time)(x) * (SIM_SEC / 1000))

/* Two regions 70 ms apart, one population 80 ms from region 1. */
static struct scenario *two_regions(double jitter)
{
    struct scenario *s = calloc(1, sizeof *s);
    assert_non_null(s);
    scenario_defaults(s);
    s->seed = 7;
    s->n_regions = 2;
    s->n_users = 1;
    s->rtt_ms[0][1] = s->rtt_ms[1][0] = 70;
    s->user_rtt_ms[0][0] = 20;
    s->user_rtt_ms[0][1] = 80;
    s->rtt_jitter = jitter;
    return s;
}

static void test_rtt_without_jitter_is_median_plus_access_extra_and_hop(void **state)
{
    (void)state;
    struct scenario *s = two_regions(1.0);
    struct network n;
    assert_int_equal(net_init(&n, s, 0, MS(5)), 0);
    struct net_draw d = {.access = 123, .forward = 0};
    assert_int_equal(net_user_rtt(&n, 0, 1, &d), MS(85));
    net_degrade(&n, 1, -1, MS(10), 0);
    assert_int_equal(net_user_rtt(&n, 0, 1, &d), MS(95));
    assert_int_equal(net_user_rtt(&n, 0, 0, &d), MS(25)); /* region 0 untouched */
    net_degrade(&n, 1, -1, 0, 0);
    assert_int_equal(net_user_rtt(&n, 0, 1, &d), MS(85));
    free(s);
}

/* The table's bins are equal-probability: bin 2048 holds the median (1),
 * bin 3890 (midpoint 0.94983) the p95, which is rtt_jitter. Tolerance: a
 * midpoint lies within one bin of the quantile, dz = 1 / (4096 phi(z)) in
 * z (0.0006 at the median, 0.0024 at the p95), times sigma = ln 2 / 1.645
 * = 0.42 and the value. */
static void test_jitter_table_has_median_one_and_the_scenario_p95(void **state)
{
    (void)state;
    struct scenario *s = two_regions(2.0);
    struct network n;
    assert_int_equal(net_init(&n, s, 0, 0), 0);
    struct net_draw mid = {.access = 2048}, p95 = {.access = 3890};
    assert_near((double)net_user_rtt(&n, 0, 1, &mid) / (double)MS(80), 1.0, 0.42 * 0.0006);
    assert_near((double)net_user_rtt(&n, 0, 1, &p95) / (double)MS(80), 2.0, 2.0 * 0.42 * 0.0024);
    free(s);
}

static void test_partition_cuts_both_directions_and_a_region_reaches_itself(void **state)
{
    (void)state;
    struct scenario *s = two_regions(1.0);
    struct network n;
    assert_int_equal(net_init(&n, s, 0, 0), 0);
    struct net_draw d = {0};
    sim_time rtt = -1;
    assert_true(net_reaches(&n, 0, 1));
    assert_true(net_forward(&n, 1, 0, &d, &rtt));
    assert_int_equal(rtt, MS(70));
    net_set_link(&n, 0, 1, false);
    assert_false(net_reaches(&n, 0, 1));
    assert_false(net_reaches(&n, 1, 0));
    assert_true(net_reaches(&n, 0, 0));
    assert_false(net_forward(&n, 1, 0, &d, &rtt));
    net_set_link(&n, 1, 0, true);
    assert_true(net_reaches(&n, 0, 1));
    free(s);
}

/* A degraded link adds its extra to the forwarded write's RTT and loses it
 * when the forwarding draw's uniform falls below the loss. */
static void test_degraded_link_adds_extra_and_loses_by_the_draw(void **state)
{
    (void)state;
    struct scenario *s = two_regions(1.0);
    struct network n;
    assert_int_equal(net_init(&n, s, 0, 0), 0);
    net_degrade(&n, 0, 1, MS(30), 0.5);
    struct net_draw low = {.forward = 0}, high = {.forward = UINT64_MAX};
    sim_time rtt = -1;
    assert_false(net_forward(&n, 0, 1, &low, &rtt));
    assert_true(net_forward(&n, 1, 0, &high, &rtt));
    assert_int_equal(rtt, MS(100));
    assert_near(net_access_loss(&n, 0), 0, 0); /* a link's loss is not the access path's */
    net_degrade(&n, 1, 0, 0, 0);
    assert_true(net_forward(&n, 0, 1, &low, &rtt));
    assert_int_equal(rtt, MS(70));
    free(s);
}

static void test_access_loss_by_the_draw(void **state)
{
    (void)state;
    struct scenario *s = two_regions(1.0);
    struct network n;
    assert_int_equal(net_init(&n, s, 0, 0), 0);
    net_degrade(&n, 1, -1, 0, 0.25);
    assert_near(net_access_loss(&n, 1), 0.25, 0);
    struct net_draw low = {.access = 0}, high = {.access = UINT64_MAX};
    assert_true(net_access_lost(&n, 1, &low));
    assert_false(net_access_lost(&n, 1, &high));
    assert_false(net_access_lost(&n, 0, &low));
    free(s);
}

/* The draws are the replication's "network" stream (common random numbers
 * across strategies): two words per attempt, then any further uniform. */
static void test_draws_are_the_replications_network_stream(void **state)
{
    (void)state;
    struct scenario *s = two_regions(1.05);
    struct network n;
    assert_int_equal(net_init(&n, s, 3, 0), 0);
    gsl_rng *g = sim_rng_new(s->seed, 3, "network");
    assert_non_null(g);
    struct prng p;
    prng_seed(&p, g);
    gsl_rng_free(g);
    for (int i = 0; i < 100; i++) {
        struct net_draw d = net_draw(&n);
        assert_true(d.access == prng_next(&p));
        assert_true(d.forward == prng_next(&p));
    }
    assert_near(net_uniform(&n), prng_uniform(&p), 0);
    struct network other;
    assert_int_equal(net_init(&other, s, 4, 0), 0);
    assert_false(net_draw(&other).access == net_draw(&n).access);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rtt_without_jitter_is_median_plus_access_extra_and_hop),
        cmocka_unit_test(test_jitter_table_has_median_one_and_the_scenario_p95),
        cmocka_unit_test(test_partition_cuts_both_directions_and_a_region_reaches_itself),
        cmocka_unit_test(test_degraded_link_adds_extra_and_loses_by_the_draw),
        cmocka_unit_test(test_access_loss_by_the_draw),
        cmocka_unit_test(test_draws_are_the_replications_network_stream),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
