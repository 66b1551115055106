/* The assembled traffic world: latency of the request path, RTO of a region
 * outage under latency routing against detection + propagation + drain, and
 * memory that does not grow with the horizon. */
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

/* Two regions; population 0 next to region 0 (8 ms), population 1 on another
 * continent (220 ms to region 0). */
static void two_regions(struct scenario *s)
{
    strategy_scenario_defaults(s);
    fx_region(s, "us-east-1", 38.9, -77.4, 10, 8);
    fx_region(s, "ap-southeast-1", 1.3, 103.8, 10, 8);
    s->rtt_ms[0][1] = s->rtt_ms[1][0] = 214;
    s->rtt_ms[0][0] = s->rtt_ms[1][1] = 1.5;
    const double near0[] = {8, 220}, near1[] = {220, 8};
    fx_users(s, "north-america-east", 0.5, near0);
    fx_users(s, "asia-southeast", 0.5, near1);
    for (int k = 0; k < STRATEGY_COUNT; k++) {
        s->strategies[k].enabled = true;
        s->strategies[k].primary = 0;
        s->strategies[k].recovery = k == STRATEGY_ACTIVE_ACTIVE ? -1 : 1;
    }
}

/* Warm standby serves everyone from region 0. With a fixed 5 ms service
 * time, no queueing (load 0.025 of 80 servers) and lognormal jitter of
 * median 1 on the RTT, the median latency is RTT + 5 ms exactly; the
 * histogram's quantiles are within 1% and the sample median's sd is
 * ~0.3 ms / sqrt(n) (negligible). */
static void test_p50_is_rtt_plus_service(void **state)
{
    (void)state;
    struct scenario s;
    two_regions(&s);
    s.horizon = 20 * SIM_MIN;
    s.workload.rate = 100;
    s.workload.service_time = sim_dur_fixed(5 * SIM_MS);
    struct run_result *r = run(&s, STRATEGY_WARM_STANDBY, 0);
    assert_near(r->availability, 1, 0);
    double near = sim_hist_quantile(&r->latency[0].read, 0.5) * 1e3;
    double far = sim_hist_quantile(&r->latency[1].read, 0.5) * 1e3;
    assert_near(near, 8 + 5, 0.01 * 13);
    assert_near(far, 220 + 5, 0.01 * 225);
    /* writes commit asynchronously in the serving region: same path */
    assert_near(sim_hist_quantile(&r->latency[0].write, 0.5) * 1e3, 13, 0.01 * 13);
    assert_int_equal(r->n_incidents, 0);
    assert_true(r->cost_month > 0);
    free(r);
    /* through the anycast front door: one extra hop (5 ms by default) */
    s.routing.mode = ROUTING_ANYCAST;
    r = run(&s, STRATEGY_WARM_STANDBY, 0);
    near = sim_hist_quantile(&r->latency[0].read, 0.5) * 1e3;
    assert_near(near, 8 + 5 + 5, 0.01 * 18);
    free(r);
}

/* Active-active, latency routing, TTL 60 s, no violators, health checks every
 * I = 30 s with threshold 3, timeout 4 s, zone propagation 30 s. Region 0
 * goes down: population 0 (half the traffic, phi = 0.5) fails until the
 * zone answers region 1 (detection D + 30 s) and its caches drain linearly
 * over the TTL. The window starting at t holds failures
 * phi (E - t)^2 / (2 TTL W) for E = D + 30 s + TTL, which falls below 1%
 * at E - t = sqrt(0.02 TTL W / phi) = 12 s: RTO = D + 30 + 60 - 12 s, to the
 * window's 1 s step; +-3 s covers the resolvers' sampling (500 per
 * population, more than the default 100 for this tolerance: 4 sd of the
 * stale share near the end of the drain moves the crossing by < 2 s) and the
 * Poisson counts (< 1 s). */
static void test_rto_of_region_outage_is_detection_propagation_drain(void **state)
{
    (void)state;
    struct scenario s;
    two_regions(&s);
    s.horizon = 25 * SIM_MIN;
    s.workload.rate = 200;
    s.dns.violator_fraction = 0;
    s.users[0].resolvers = s.users[1].resolvers = 500;
    fx_outage(&s, 0, 10 * SIM_MIN, SIM_TIME_MAX);
    for (int rep = 0; rep < 2; rep++) {
        struct run_result *r = run(&s, STRATEGY_ACTIVE_ACTIVE, rep);
        assert_int_equal(r->n_incidents, 1);
        const struct incident_result *in = &r->incidents[0];
        double d = sim_time_to_sec(in->phase_end[PHASE_DETECT]);
        assert_true(d >= 2 * 30 + 4 && d <= 3 * 30 + 4);
        assert_false(in->censored);
        double rto = sim_time_to_sec(in->rto);
        assert_near(rto, d + 30 + 60 - 12 + 0.5, 0.5 + 3);
        /* the failures are region-down, then stale answers */
        assert_true(r->failed[CAUSE_REGION_DOWN] > 0 && r->failed[CAUSE_DNS_STALE] > 0);
        free(r);
    }
}

/* The world's data structures (engine queue, caches, queues, rings) have the
 * same size for 1 day and 30 days of traffic and random outages. */
static void test_memory_does_not_grow_with_horizon(void **state)
{
    (void)state;
    struct scenario s;
    fx_three_regions(&s);
    s.workload.rate = 0.2;
    s.dns.hc_checkers = 1; /* fewer probe events: the run time is per simulated second */
    s.n_failures = 1;
    s.failures[0] = (struct scenario_failure){.kind = FAILURE_REGION_OUTAGE,
                                              .stochastic = true,
                                              .mtbf = 3 * SIM_DAY,
                                              .mttr = sim_dur_fixed(2 * SIM_HOUR),
                                              .region = -1,
                                              .region_b = -1};
    s.horizon = SIM_DAY;
    struct run_result *a = run(&s, STRATEGY_WARM_STANDBY, 0);
    s.horizon = 30 * SIM_DAY;
    struct run_result *b = run(&s, STRATEGY_WARM_STANDBY, 0);
    assert_true(b->requests > 25 * a->requests);
    assert_true(b->memory_bytes <= a->memory_bytes + a->memory_bytes / 10);
    free(a);
    free(b);
}

/* A raised stop flag ends the run at the next second with SIM_EINTR; a
 * strategy whose recovery is its primary is refused. */
static void test_stop_and_bad_layout(void **state)
{
    (void)state;
    static struct scenario s;
    static struct run_result r;
    two_regions(&s);
    struct sim_error err;
    volatile int stop = 1;
    assert_int_equal(world_run(&s, STRATEGY_PILOT_LIGHT, 0, &r, &stop, &err), SIM_EINTR);
    assert_true(r.requests < 1000);
    s.strategies[STRATEGY_PILOT_LIGHT].recovery = 0;
    assert_int_equal(world_run(&s, STRATEGY_PILOT_LIGHT, 0, &r, NULL, &err), SIM_EINVAL);
    assert_true(err.message[0] != 0);
    s.n_users = 0;
    assert_int_equal(world_run(&s, STRATEGY_ACTIVE_ACTIVE, 0, &r, NULL, &err), SIM_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_p50_is_rtt_plus_service),
        cmocka_unit_test(test_rto_of_region_outage_is_detection_propagation_drain),
        cmocka_unit_test(test_memory_does_not_grow_with_horizon),
        cmocka_unit_test(test_stop_and_bad_layout),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
