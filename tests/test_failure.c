/* Failure kinds through the assembled world: lossy access with client
 * retries, partitions blocking forwarded writes, DNS provider outages, data
 * corruption, partial capacity loss, stochastic failures per region, and
 * the planned failback. */
#include "strategies.h"
#include "helpers.h"

#include <stdlib.h>

#include "models/failure.h"
#include "models/world.h"
#include "sim/sim.h"
#include "world_fixture.h"

static struct run_result *run(const struct scenario *s, int k, int rep)
{
    struct run_result *r = calloc(1, sizeof *r);
    struct sim_error err;
    if (world_run(s, k, rep, r, NULL, &err))
        fail_msg("world_run: %s", err.message);
    return r;
}

static struct scenario_failure failure(enum failure_kind k, sim_time at, sim_time duration,
                                       int region, int region_b)
{
    struct scenario_failure f = {
        .kind = k, .at = at, .duration = duration, .region = region, .region_b = region_b};
    return f;
}

/* Access to the serving region loses half the requests, independently; a
 * client retrying twice succeeds with 1 - 0.5^3. Binomial 4 sd, plus the
 * requests whose retries fall past the horizon (at most rate x 2 x
 * (timeout + backoff) = 60 of them, uncounted). */
static void test_retries_against_independent_loss(void **state)
{
    (void)state;
    static struct scenario s;
    fx_three_regions(&s);
    s.horizon = 20 * SIM_MIN;
    s.workload.rate = 10;
    s.n_failures = 1;
    s.failures[0] = failure(FAILURE_DEGRADED_LINK, 0, SIM_TIME_MAX, 0, -1);
    s.failures[0].loss = 0.5;
    s.failures[0].extra_latency = 20 * SIM_MS;
    struct run_result *none = run(&s, STRATEGY_WARM_STANDBY, 0);
    s.workload.retries = 2;
    struct run_result *two = run(&s, STRATEGY_WARM_STANDBY, 0);
    double n = (double)none->requests;
    assert_near(none->availability, 0.5, 4 * sqrt(0.25 / n));
    assert_near(two->availability, 0.875, 4 * sqrt(0.875 * 0.125 / n) + 60 / n);
    assert_true(none->failed[CAUSE_LINK_LOSS] > 0);
    /* a success after a retry took timeout + backoff (3 s) more */
    assert_true(sim_hist_quantile(&two->latency[0].read_incident, 0.95) > 3.0);
    /* the extra latency of the degraded link is on every success */
    assert_true(sim_hist_quantile(&none->latency[0].read_incident, 0.5) > 0.020 + 0.008);
    free(none);
    free(two);
}

/* Single-writer active-active: region 1 forwards writes to the writer
 * (region 0); a partition between them fails those writes, not reads. */
static void test_partition_blocks_forwarded_writes(void **state)
{
    (void)state;
    static struct scenario s;
    fx_three_regions(&s);
    s.horizon = 30 * SIM_MIN;
    s.workload.rate = 50;
    s.strategies[STRATEGY_ACTIVE_ACTIVE].writers = WRITER_SINGLE;
    s.n_failures = 1;
    s.failures[0] = failure(FAILURE_PARTITION, 10 * SIM_MIN, 10 * SIM_MIN, 0, 1);
    struct run_result *r = run(&s, STRATEGY_ACTIVE_ACTIVE, 0);
    assert_true(r->failed[CAUSE_WRITE_BLOCKED] > 0);
    assert_int_equal(r->failed[CAUSE_REGION_DOWN], 0);
    /* forwarded writes pay the inter-region RTT: europe's write p50 > 68 ms */
    assert_true(sim_hist_quantile(&r->latency[2].write, 0.5) > 0.068);
    assert_true(sim_hist_quantile(&r->latency[2].read, 0.5) < 0.020);
    free(r);
}

/* A DNS provider outage: cached answers keep working until they expire,
 * then lookups fail; with a 60 s TTL and no violators nearly all fail after
 * a minute, and all recover when the provider is back. */
static void test_dns_outage_fails_after_expiry(void **state)
{
    (void)state;
    static struct scenario s;
    fx_three_regions(&s);
    s.horizon = 30 * SIM_MIN;
    s.workload.rate = 20;
    s.dns.violator_fraction = 0;
    s.n_failures = 1;
    s.failures[0] = failure(FAILURE_DNS_OUTAGE, 10 * SIM_MIN, 5 * SIM_MIN, -1, -1);
    struct run_result *r = run(&s, STRATEGY_ACTIVE_ACTIVE, 0);
    assert_true(r->failed[CAUSE_DNS_OUTAGE] > 0);
    /* minute 10 still partly served; minutes 12-14 fail; minute 16 is fine */
    assert_true(r->success_ratio[10] > 0.05);
    assert_near(r->success_ratio[13], 0, 0);
    assert_near(r->success_ratio[16], 1, 0);
    free(r);
}

/* Corruption: every copy has it; backup & restore's RPO is the age of the
 * last snapshot (taken hourly at a random phase: within an hour + its
 * duration), and the incident applies to data loss. */
static void test_corruption_loses_back_to_a_snapshot(void **state)
{
    (void)state;
    static struct scenario s;
    fx_three_regions(&s);
    s.horizon = 6 * SIM_HOUR;
    s.workload.rate = 5;
    s.n_failures = 1;
    s.failures[0] = failure(FAILURE_DATA_CORRUPTION, 4 * SIM_HOUR, 10 * SIM_MIN, 0, -1);
    struct run_result *r = run(&s, STRATEGY_BACKUP_RESTORE, 0);
    assert_int_equal(r->n_incidents, 1);
    assert_true(r->incidents[0].data_lost_applies);
    double rpo = sim_time_to_sec(r->incidents[0].rpo);
    assert_true(rpo > 0 && rpo <= 3600 + 300 + 1);
    assert_true(r->incidents[0].lost_writes > 0);
    free(r);
}

/* Losing 90% of capacity in the only serving region under heavy load makes
 * its queue exceed the timeout: timeouts appear and vanish with the repair. */
static void test_partial_outage_overloads_the_queue(void **state)
{
    (void)state;
    static struct scenario s;
    fx_three_regions(&s);
    s.horizon = 30 * SIM_MIN;
    s.regions[0].instances = 2;
    s.workload.rate = 400; /* load 2 of 16 servers; 1 left after the loss */
    s.n_failures = 1;
    s.failures[0] = failure(FAILURE_PARTIAL_OUTAGE, 10 * SIM_MIN, 5 * SIM_MIN, 0, -1);
    s.failures[0].capacity_lost = 0.9;
    struct run_result *r = run(&s, STRATEGY_PILOT_LIGHT, 0);
    assert_true(r->failed[CAUSE_TIMEOUT] > 0);
    assert_true(r->success_ratio[12] < 0.99);
    assert_near(r->success_ratio[5], 1, 1e-4);
    assert_near(r->success_ratio[20], 1, 1e-4);
    free(r);
}

/* With failback, the primary's return starts a planned second incident that
 * promotes it again and switches DNS back. */
static void test_failback_is_a_second_incident(void **state)
{
    (void)state;
    static struct scenario s;
    fx_three_regions(&s);
    s.horizon = 6 * SIM_HOUR;
    s.workload.rate = 5;
    s.strategies[STRATEGY_WARM_STANDBY].failback = true;
    s.strategies[STRATEGY_WARM_STANDBY].automatic = true;
    s.n_failures = 1;
    s.failures[0] = failure(FAILURE_REGION_OUTAGE, 1 * SIM_HOUR, 2 * SIM_HOUR, 0, -1);
    struct run_result *r = run(&s, STRATEGY_WARM_STANDBY, 0);
    assert_int_equal(r->n_incidents, 2);
    const struct incident_result *fb = &r->incidents[1];
    assert_true(fb->t_fail > 3 * SIM_HOUR);
    assert_true(fb->phase_end[PHASE_FAILBACK] > 0);
    assert_false(fb->data_lost_applies);
    assert_false(fb->censored);
    /* the scale-up of the standby during the outage costs extra */
    assert_true(r->incidents[0].extra_cost > 0);
    free(r);
}

struct counter {
    int starts, ends;
    sim_time down;
    sim_time last;
};

static void count(void *ctx, const struct fail_event *ev, bool start)
{
    struct counter *c = ctx;
    if (start) {
        c->starts++;
        c->last = ev->t_start;
    } else {
        c->ends++;
        c->down += ev->t_end - ev->t_start;
    }
}

/* Stochastic outages, MTBF 1 day and MTTR 2 h fixed, per region over 400
 * days: each region's starts are ~ horizon / (MTBF + MTTR) (renewal, about
 * Poisson: 4 sd), and the same seed gives the same failures. */
static void test_stochastic_failures_renew(void **state)
{
    (void)state;
    static struct scenario s;
    fx_three_regions(&s);
    s.horizon = 400 * SIM_DAY;
    s.n_failures = 1;
    s.failures[0] = (struct scenario_failure){.kind = FAILURE_REGION_OUTAGE,
                                              .stochastic = true,
                                              .mtbf = SIM_DAY,
                                              .mttr = sim_dur_fixed(2 * SIM_HOUR),
                                              .region = -1,
                                              .region_b = -1};
    struct counter c[2] = {{0}, {0}};
    for (int i = 0; i < 2; i++) {
        struct sim *sim = sim_new(64);
        struct failures f;
        assert_int_equal(fail_init(&f, sim, &s, 3, count, &c[i]), 0);
        assert_int_equal(f.n, 3);
        sim_run(sim, s.horizon);
        fail_fini(&f);
        sim_free(sim);
    }
    double want = 3 * 400.0 / (1 + 2.0 / 24);
    assert_near(c[0].starts, want, 4 * sqrt(want));
    assert_true(c[0].ends >= c[0].starts - 3);
    assert_int_equal(c[0].down, (sim_time)c[0].ends * 2 * SIM_HOUR);
    assert_int_equal(c[0].starts, c[1].starts);
    assert_int_equal(c[0].last, c[1].last);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_retries_against_independent_loss),
        cmocka_unit_test(test_partition_blocks_forwarded_writes),
        cmocka_unit_test(test_dns_outage_fails_after_expiry),
        cmocka_unit_test(test_corruption_loses_back_to_a_snapshot),
        cmocka_unit_test(test_partial_outage_overloads_the_queue),
        cmocka_unit_test(test_failback_is_a_second_incident),
        cmocka_unit_test(test_stochastic_failures_renew),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
