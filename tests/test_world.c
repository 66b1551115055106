/* The assembled traffic world: latency of the request path, RTO of a region
 * outage under latency routing against detection + propagation + drain,
 * common random numbers across strategies, the strategies' ordering, and
 * memory that does not grow with the horizon. */
#include "helpers.h"

#include <stdlib.h>

#include "models/world.h"
#include "world_fixture.h"

static struct run_result *run(const struct scenario *s, enum strategy_kind k, int rep)
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
    scenario_defaults(s);
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
}

/* Active-active, latency routing, TTL 60 s, no violators, health checks every
 * I = 30 s with threshold 3, timeout 4 s, zone propagation 30 s. Region 0
 * goes down: population 0 (half the traffic, phi = 0.5) fails until the
 * zone answers region 1 (detection D + 30 s) and its caches drain linearly
 * over the TTL. The window starting at t holds failures
 * phi (E - t)^2 / (2 TTL W) for E = D + 30 s + TTL, which falls below 1%
 * at E - t = sqrt(0.02 TTL W / phi) = 12 s: RTO = D + 30 + 60 - 12 s, to the
 * window's 1 s step; +-3 s covers the resolvers' sampling (500 per
 * population: 4 sd of the stale share near the end of the drain moves the
 * crossing by < 2 s) and the Poisson counts (< 1 s). */
static void test_rto_of_region_outage_is_detection_propagation_drain(void **state)
{
    (void)state;
    struct scenario s;
    two_regions(&s);
    s.horizon = 25 * SIM_MIN;
    s.workload.rate = 200;
    s.dns.violator_fraction = 0;
    s.n_failures = 1;
    s.failures[0] = (struct scenario_failure){.kind = FAILURE_REGION_OUTAGE, .at = 10 * SIM_MIN,
                                              .duration = SIM_TIME_MAX, .region = 0,
                                              .region_b = -1};
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

/* Arrivals and failures derive from (seed, replication, component), never
 * from the strategy: every strategy sees the same number of requests. */
static void test_strategies_share_arrivals(void **state)
{
    (void)state;
    struct scenario s;
    fx_three_regions(&s);
    s.horizon = 3 * SIM_HOUR;
    s.workload.rate = 5;
    s.n_failures = 1;
    s.failures[0] = (struct scenario_failure){.kind = FAILURE_REGION_OUTAGE, .stochastic = true,
                                              .mtbf = 2 * SIM_HOUR,
                                              .mttr = sim_dur_fixed(20 * SIM_MIN),
                                              .region = -1, .region_b = -1};
    struct run_result *r[STRATEGY_COUNT];
    for (int k = 0; k < STRATEGY_COUNT; k++)
        r[k] = run(&s, (enum strategy_kind)k, 1);
    for (int k = 1; k < STRATEGY_COUNT; k++) {
        assert_int_equal(r[k]->requests, r[0]->requests);
        assert_int_equal(r[k]->incidents_total, r[0]->incidents_total);
        for (int i = 0; i < r[0]->n_incidents; i++)
            assert_int_equal(r[k]->incidents[i].t_fail, r[0]->incidents[i].t_fail);
    }
    assert_true(r[0]->incidents_total > 0);
    for (int k = 0; k < STRATEGY_COUNT; k++)
        free(r[k]);
}

/* The industry ordering on one primary outage with a fixed 10 min approval:
 * backup & restore (provision 20 m + restore 100 GB at 200 MiB/s + start 8 m)
 * > pilot light (promote 1 m + start 8 m) > warm standby (promote + DNS) >
 * active-active (health checks only); RPO hours for backups, about the async
 * lag (< 1 s typical, well under a minute) for replicas; cost rising. No
 * TTL violators here: their tail (next test) adds the same ~15 min to every
 * DNS-routed strategy and would hide the runbooks' differences at 99%. */
static void test_strategies_keep_the_industry_order(void **state)
{
    (void)state;
    struct scenario s;
    fx_three_regions(&s);
    s.dns.violator_fraction = 0;
    s.horizon = 8 * SIM_HOUR;
    s.workload.rate = 5;
    s.n_failures = 1;
    s.failures[0] = (struct scenario_failure){.kind = FAILURE_REGION_OUTAGE, .at = 2 * SIM_HOUR,
                                              .duration = 5 * SIM_HOUR, .region = 0,
                                              .region_b = -1};
    for (int k = 0; k < STRATEGY_COUNT; k++)
        s.strategies[k].decide = sim_dur_fixed(10 * SIM_MIN);
    struct run_result *r[STRATEGY_COUNT];
    double rto[STRATEGY_COUNT], rpo[STRATEGY_COUNT];
    for (int k = 0; k < STRATEGY_COUNT; k++) {
        r[k] = run(&s, (enum strategy_kind)k, 0);
        assert_int_equal(r[k]->n_incidents, 1);
        assert_false(r[k]->incidents[0].censored);
        rto[k] = sim_time_to_sec(r[k]->incidents[0].rto);
        rpo[k] = run_metric(r[k], METRIC_RPO);
    }
    assert_true(rto[STRATEGY_BACKUP_RESTORE] > rto[STRATEGY_PILOT_LIGHT]);
    assert_true(rto[STRATEGY_PILOT_LIGHT] > rto[STRATEGY_WARM_STANDBY]);
    assert_true(rto[STRATEGY_WARM_STANDBY] > rto[STRATEGY_ACTIVE_ACTIVE]);
    assert_true(rto[STRATEGY_ACTIVE_ACTIVE] < 300);
    assert_true(rto[STRATEGY_BACKUP_RESTORE] > 45 * 60);
    assert_true(rpo[STRATEGY_BACKUP_RESTORE] > 10 * 60);
    assert_true(rpo[STRATEGY_PILOT_LIGHT] < 60 && rpo[STRATEGY_WARM_STANDBY] < 60);
    assert_true(r[STRATEGY_BACKUP_RESTORE]->cost_month < r[STRATEGY_PILOT_LIGHT]->cost_month);
    assert_true(r[STRATEGY_PILOT_LIGHT]->cost_month < r[STRATEGY_WARM_STANDBY]->cost_month);
    assert_true(r[STRATEGY_WARM_STANDBY]->cost_month < r[STRATEGY_ACTIVE_ACTIVE]->cost_month);
    /* the runbook's phases end in order */
    const sim_time *ph = r[STRATEGY_PILOT_LIGHT]->incidents[0].phase_end;
    assert_true(ph[PHASE_DETECT] < ph[PHASE_DECIDE] && ph[PHASE_DECIDE] < ph[PHASE_PROMOTE] &&
                ph[PHASE_PROMOTE] < ph[PHASE_START] && ph[PHASE_START] < ph[PHASE_DNS_SWITCH]);
    for (int k = 0; k < STRATEGY_COUNT; k++)
        free(r[k]);
}

/* Active-active on a primary outage, with the default TTL violators (11%,
 * exponential holds of mean 522 s): the stale tail keeps more than 1% of
 * requests failing for many minutes under DNS routing. The anycast front
 * door has no client caches: failures end at its own detection D in
 * [(k-1) I + to, k I + to] = [24, 34] s, and the window test crosses 1% when
 * the failures left in it, phi (D - t) / W with phi = 0.55 (the populations
 * nearest the failed region), fall to 1%: t_rec = D - 1.1 s, to 1 s steps. */
static void test_violators_lengthen_rto_and_anycast_avoids_them(void **state)
{
    (void)state;
    struct scenario s;
    fx_three_regions(&s);
    s.horizon = 90 * SIM_MIN;
    s.workload.rate = 20;
    s.n_failures = 1;
    s.failures[0] = (struct scenario_failure){.kind = FAILURE_REGION_OUTAGE, .at = 30 * SIM_MIN,
                                              .duration = SIM_TIME_MAX, .region = 0,
                                              .region_b = -1};
    struct run_result *dns = run(&s, STRATEGY_ACTIVE_ACTIVE, 0);
    s.routing.mode = ROUTING_ANYCAST;
    struct run_result *any = run(&s, STRATEGY_ACTIVE_ACTIVE, 0);
    assert_false(dns->incidents[0].censored);
    assert_false(any->incidents[0].censored);
    double rto_dns = sim_time_to_sec(dns->incidents[0].rto);
    double rto_any = sim_time_to_sec(any->incidents[0].rto);
    assert_true(rto_dns > 10 * 60);
    double d = sim_time_to_sec(any->incidents[0].phase_end[PHASE_DETECT]);
    assert_true(d >= 2 * 10 + 4 && d <= 3 * 10 + 4);
    assert_near(rto_any, d - 1.1, 2);
    assert_int_equal(any->failed[CAUSE_DNS_STALE], 0);
    free(dns);
    free(any);
}

/* A control-plane outage in the recovery region holds pilot light's start
 * step until it ends; serving is untouched meanwhile. */
static void test_control_plane_outage_blocks_start(void **state)
{
    (void)state;
    struct scenario s;
    fx_three_regions(&s);
    s.horizon = 6 * SIM_HOUR;
    s.workload.rate = 10;
    s.n_failures = 2;
    s.failures[0] = (struct scenario_failure){.kind = FAILURE_REGION_OUTAGE, .at = 1 * SIM_HOUR,
                                              .duration = 4 * SIM_HOUR, .region = 0,
                                              .region_b = -1};
    s.failures[1] = (struct scenario_failure){.kind = FAILURE_CONTROL_PLANE, .at = 50 * SIM_MIN,
                                              .duration = 2 * SIM_HOUR, .region = 1,
                                              .region_b = -1};
    s.strategies[STRATEGY_PILOT_LIGHT].decide = sim_dur_fixed(10 * SIM_MIN);
    struct run_result *r = run(&s, STRATEGY_PILOT_LIGHT, 0);
    assert_int_equal(r->n_incidents, 2);
    const struct incident_result *in = &r->incidents[1];
    /* start can only begin at 2 h 50 m, 1 h 50 m after the outage */
    assert_true(in->phase_end[PHASE_START] >= 110 * SIM_MIN + 8 * SIM_MIN);
    free(r);
}

/* The world's data structures (engine queue, caches, queues, rings) have the
 * same size for 1 day and 30 days of traffic and random outages. */
static void test_memory_does_not_grow_with_horizon(void **state)
{
    (void)state;
    struct scenario s;
    fx_three_regions(&s);
    s.workload.rate = 0.2;
    s.n_failures = 1;
    s.failures[0] = (struct scenario_failure){.kind = FAILURE_REGION_OUTAGE, .stochastic = true,
                                              .mtbf = 3 * SIM_DAY,
                                              .mttr = sim_dur_fixed(2 * SIM_HOUR),
                                              .region = -1, .region_b = -1};
    s.horizon = SIM_DAY;
    struct run_result *a = run(&s, STRATEGY_WARM_STANDBY, 0);
    s.horizon = 30 * SIM_DAY;
    struct run_result *b = run(&s, STRATEGY_WARM_STANDBY, 0);
    assert_true(b->requests > 25 * a->requests);
    assert_true(b->memory_bytes <= a->memory_bytes + a->memory_bytes / 10);
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_p50_is_rtt_plus_service),
        cmocka_unit_test(test_rto_of_region_outage_is_detection_propagation_drain),
        cmocka_unit_test(test_strategies_share_arrivals),
        cmocka_unit_test(test_strategies_keep_the_industry_order),
        cmocka_unit_test(test_violators_lengthen_rto_and_anycast_avoids_them),
        cmocka_unit_test(test_control_plane_outage_blocks_start),
        cmocka_unit_test(test_memory_does_not_grow_with_horizon),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
