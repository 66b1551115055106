/* The four strategies' runbooks through the assembled world: common random
 * numbers across strategies, the industry ordering of RTO, RPO and cost, the
 * TTL violators' tail against the anycast front door, and a control-plane
 * outage holding a runbook step. */
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
    s.failures[0] = (struct scenario_failure){.kind = FAILURE_REGION_OUTAGE,
                                              .stochastic = true,
                                              .mtbf = 2 * SIM_HOUR,
                                              .mttr = sim_dur_fixed(20 * SIM_MIN),
                                              .region = -1,
                                              .region_b = -1};
    struct run_result *r[STRATEGY_COUNT];
    for (int k = 0; k < STRATEGY_COUNT; k++)
        r[k] = run(&s, k, 1);
    for (int k = 1; k < STRATEGY_COUNT; k++) {
        assert_int_equal(r[k]->requests, r[0]->requests);
    }
    /* Incidents are each strategy's own (issue 10): the same failures hurt
     * some and are absorbed by others; each saw at least one. */
    for (int k = 0; k < STRATEGY_COUNT; k++)
        assert_true(r[k]->incidents_total + r[k]->absorbed_failures > 0);
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
    fx_outage(&s, 0, 2 * SIM_HOUR, 5 * SIM_HOUR);
    for (int k = 0; k < STRATEGY_COUNT; k++)
        s.strategies[k].decide = sim_dur_fixed(10 * SIM_MIN);
    struct run_result *r[STRATEGY_COUNT];
    double rto[STRATEGY_COUNT], rpo[STRATEGY_COUNT];
    for (int k = 0; k < STRATEGY_COUNT; k++) {
        r[k] = run(&s, k, 0);
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
    fx_outage(&s, 0, 30 * SIM_MIN, SIM_TIME_MAX);
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

/* Three regions at 10 req/s for 6 h: region 0 down from 1 h for 4 h, and
 * the control plane of region cp down from 50 min for 2 h (back at 2 h 50 m,
 * 110 min after the outage began). */
static void outage_and_control_plane(struct scenario *s, int cp)
{
    fx_three_regions(s);
    s->horizon = 6 * SIM_HOUR;
    s->workload.rate = 10;
    s->n_failures = 2;
    s->failures[0] = (struct scenario_failure){.kind = FAILURE_REGION_OUTAGE,
                                               .at = 1 * SIM_HOUR,
                                               .duration = 4 * SIM_HOUR,
                                               .region = 0,
                                               .region_b = -1};
    s->failures[1] = (struct scenario_failure){.kind = FAILURE_CONTROL_PLANE,
                                               .at = 50 * SIM_MIN,
                                               .duration = 2 * SIM_HOUR,
                                               .region = cp,
                                               .region_b = -1};
}

/* A control-plane outage in the recovery region holds pilot light's start
 * step until it ends; serving is untouched meanwhile. */
static void test_control_plane_outage_blocks_start(void **state)
{
    (void)state;
    struct scenario s;
    outage_and_control_plane(&s, 1);
    s.strategies[STRATEGY_PILOT_LIGHT].decide = sim_dur_fixed(10 * SIM_MIN);
    struct run_result *r = run(&s, STRATEGY_PILOT_LIGHT, 0);
    /* One incident, the outage's; the control plane outage joins it when
     * the start step waits for it (it hurts then, not at its onset). */
    assert_int_equal(r->n_incidents, 1);
    const struct incident_result *in = &r->incidents[0];
    assert_int_equal(in->t_fail, 1 * SIM_HOUR);
    assert_int_equal(in->causes, 1u << FAILURE_REGION_OUTAGE | 1u << FAILURE_CONTROL_PLANE);
    /* start can only begin at 2 h 50 m, 1 h 50 m after the outage */
    assert_true(in->phase_end[PHASE_START] >= 110 * SIM_MIN + 8 * SIM_MIN);
    free(r);
}

/* Without failback, the recovered old primary becomes the standby: pilot
 * light's extra cost is the recovery fleet (10 instances at $0.096/h) from
 * the start step until the old primary is healthy again (2-3 probe
 * intervals after its repair), and a later outage of the new primary fails
 * over back to the old one. */
static void test_roles_swap_without_failback(void **state)
{
    (void)state;
    static struct scenario s;
    fx_three_regions(&s);
    s.horizon = 7 * SIM_HOUR;
    s.workload.rate = 5;
    s.strategies[STRATEGY_PILOT_LIGHT].decide = sim_dur_fixed(10 * SIM_MIN);
    s.dns.violator_fraction = 0; /* their tail is tested above */
    s.n_failures = 2;
    s.failures[0] = (struct scenario_failure){.kind = FAILURE_REGION_OUTAGE,
                                              .at = 1 * SIM_HOUR,
                                              .duration = 1 * SIM_HOUR,
                                              .region = 0,
                                              .region_b = -1};
    s.failures[1] = (struct scenario_failure){.kind = FAILURE_REGION_OUTAGE,
                                              .at = 4 * SIM_HOUR,
                                              .duration = 1 * SIM_HOUR,
                                              .region = 1,
                                              .region_b = -1};
    struct run_result *r = run(&s, STRATEGY_PILOT_LIGHT, 0);
    assert_int_equal(r->n_incidents, 2);
    const struct incident_result *a = &r->incidents[0], *b = &r->incidents[1];
    double started = sim_time_to_sec(a->phase_end[PHASE_START]);
    double per_s = 10 * 0.096 / 3600;
    assert_true(a->extra_cost >= per_s * (3600 - started + 2 * 30));
    assert_true(a->extra_cost <= per_s * (3600 - started + 3 * 30 + 1));
    assert_true(b->phase_end[PHASE_DNS_SWITCH] > 0);
    assert_false(b->censored);
    /* detect + decide + promote + start + DNS + propagation + TTL ~ 23 min */
    assert_true(b->rto < 30 * SIM_MIN);
    free(r);
}

/* Warm standby pours all traffic onto a quarter-size fleet: with 100 ms
 * services at 120 req/s (12 busy servers), the 8 standby servers are
 * overloaded (rho 1.5) and requests time out until the scale-up to 16
 * (rho 0.75: waits beyond the 2 s timeout, 20 services, are negligible). */
static void test_standby_queues_until_scale_up(void **state)
{
    (void)state;
    static struct scenario s;
    fx_three_regions(&s);
    s.horizon = 40 * SIM_MIN;
    s.workload.rate = 120;
    s.workload.service_time = (struct sim_dur){SIM_DUR_EXP, 100 * SIM_MS, 0};
    for (int g = 0; g < s.n_regions; g++)
        s.regions[g].instances = 2;
    s.dns.violator_fraction = 0;
    s.strategies[STRATEGY_WARM_STANDBY].automatic = true;
    fx_outage(&s, 0, 10 * SIM_MIN, SIM_TIME_MAX);
    struct run_result *r = run(&s, STRATEGY_WARM_STANDBY, 0);
    const struct incident_result *in = &r->incidents[0];
    assert_true(r->failed[CAUSE_TIMEOUT] > 0);
    /* the minute after DNS switch + propagation + TTL, before the scale-up */
    int64_t m_switch = (in->t_fail + in->phase_end[PHASE_DNS_SWITCH]) / SIM_MIN + 3;
    int64_t m_scaled = (in->t_fail + in->phase_end[PHASE_SCALE]) / SIM_MIN + 1;
    assert_true(m_switch < m_scaled);
    assert_true(r->success_ratio[m_switch] < 0.9);
    for (int64_t m = m_scaled; m < 40; m++)
        assert_near(r->success_ratio[m], 1, 1e-3);
    assert_false(in->censored);
    free(r);
}

/* The DNS provider's control plane lives in region 2 (dns.control_plane, as
 * Route 53's in us-east-1): while it is down, warm standby's DNS switch waits
 * (promotion does not); the switch ends a dns_switch after it comes back. */
static void test_dns_control_plane_outage_holds_the_dns_switch(void **state)
{
    (void)state;
    struct scenario s;
    outage_and_control_plane(&s, 2);
    s.dns.control_plane = 2;
    s.strategies[STRATEGY_WARM_STANDBY].decide = sim_dur_fixed(10 * SIM_MIN);
    struct run_result *r = run(&s, STRATEGY_WARM_STANDBY, 0);
    assert_true(r->n_incidents >= 1);
    const struct incident_result *in = &r->incidents[0];
    assert_int_equal(in->t_fail, 1 * SIM_HOUR);
    /* the control plane is back at 2 h 50 m, 110 min after the outage */
    assert_true(in->phase_end[PHASE_PROMOTE] < 60 * SIM_MIN);
    assert_true(in->phase_end[PHASE_DNS_SWITCH] >= 110 * SIM_MIN);
    assert_true(in->phase_end[PHASE_DNS_SWITCH] <= 110 * SIM_MIN + 2 * SIM_MIN);
    assert_true(in->causes & 1u << FAILURE_CONTROL_PLANE);
    s.dns.control_plane = -1; /* none: the switch does not wait */
    struct run_result *free_run = run(&s, STRATEGY_WARM_STANDBY, 0);
    assert_true(free_run->incidents[0].phase_end[PHASE_DNS_SWITCH] < 60 * SIM_MIN);
    free(free_run);
    free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_strategies_share_arrivals),
        cmocka_unit_test(test_strategies_keep_the_industry_order),
        cmocka_unit_test(test_violators_lengthen_rto_and_anycast_avoids_them),
        cmocka_unit_test(test_control_plane_outage_blocks_start),
        cmocka_unit_test(test_dns_control_plane_outage_holds_the_dns_switch),
        cmocka_unit_test(test_roles_swap_without_failback),
        cmocka_unit_test(test_standby_queues_until_scale_up),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
