/* Where reads go and what they see, through the whole world (models/reads.c):
 * local reads of an async replica against the PBS closed form, quorum reads
 * of two replicas never stale, session reads never miss the client's own
 * write, and the left-out metrics under reads: primary. */
#include "strategies.h"
#include "helpers.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "models/world.h"
#include "world_fixture.h"

/* Virginia writes, Ireland keeps an async replica (fixed lag L, no RTT
 * jitter: each write applies there exactly D = RTT / 2 + L after its
 * commit); everyone is in Europe and DNS sends them to Ireland. Writes at
 * lambda_w = 500/s over K = 1000 uniform keys: mu = 0.5 writes/s per key. */
#define READS_LAG 1.0
#define READS_K 1000
static void replica_world(struct scenario *s, enum read_mode mode)
{
    strategy_scenario_defaults(s);
    fx_region(s, "us-east-1", 38.9, -77.4, 10, 8);
    fx_region(s, "eu-west-1", 53.3, -6.3, 10, 8);
    s->rtt_ms[0][1] = s->rtt_ms[1][0] = 68;
    s->rtt_ms[0][0] = s->rtt_ms[1][1] = 1.5;
    s->rtt_jitter = 1;
    const double eu[] = {80, 10};
    fx_users(s, "europe-west", 1, eu);
    s->horizon = 5 * SIM_MIN;
    s->workload.rate = 1000;
    s->workload.write_fraction = 0.5;
    s->workload.keys = READS_K;
    struct scenario_strategy *c = &s->strategies[STRATEGY_ACTIVE_ACTIVE];
    c->enabled = true;
    c->primary = 0;
    c->recovery = -1;
    c->writers = WRITER_SINGLE;
    c->replication = REPL_ASYNC;
    c->lag = (struct sim_dur){SIM_DUR_FIXED, sim_time_from_sec(READS_LAG), 0};
    c->reads = mode;
}

static struct run_result *run(const struct scenario *s)
{
    struct run_result *r = calloc(1, sizeof *r);
    struct sim_error err;
    if (world_run(s, STRATEGY_ACTIVE_ACTIVE, 0, r, NULL, &err))
        fail_msg("world_run: %s", err.message);
    return r;
}

/* PBS (Bailis et al. 2012) for Poisson writes and a fixed delay D: a read
 * is stale when its key was written within D, p = 1 - exp(-mu D). Reads of
 * one key within D share their outcome: with 0.5 reads per key per D the
 * variance is at most 1 + 2 x 0.52 ~ 2 times the binomial one, so the
 * tolerance is 4 x sqrt(2) binomial standard errors. A stale read is behind
 * by the age of the key's last write given it is < D (a truncated
 * exponential): p99 = -ln(1 - 0.99 p) / mu, within 2% (the histogram's 1%
 * and the order statistic's ~0.1%). Read-your-writes: each of 256 clients
 * writes at lambda_w / 256; a read misses its client's last write when that
 * came within D: 1 - exp(-(lambda_w / 256) D) of reads, same tolerance. */
static void test_local_reads_match_pbs(void **state)
{
    (void)state;
    struct scenario s;
    replica_world(&s, READS_LOCAL);
    struct run_result *r = run(&s);
    double D = s.rtt_ms[0][1] * 0.5e-3 + READS_LAG, lw = 500, mu = lw / READS_K;
    double p = 1 - exp(-mu * D), n = 1000 * 0.5 * 300;
    double p99 = -log(1 - 0.99 * p) / mu;
    double ryw = 1 - exp(-lw / 256 * D);
    printf("local: stale %.4f expected %.4f; p99 %.4f s expected %.4f; ryw %.4f expected %.4f\n",
           r->stale_reads, p, r->staleness_p99, p99, r->ryw_violations / n, ryw);
    assert_true(r->reads_apply);
    assert_near(r->stale_reads, p, 4 * sqrt(2) * sqrt(p * (1 - p) / n));
    assert_near(r->staleness_p99, p99, 0.02 * p99);
    assert_near(r->ryw_violations / n, ryw, 4 * sqrt(2) * sqrt(ryw * (1 - ryw) / n));
    free(r);
}

/* Two replicas: a majority is both, the writer among them, so no quorum read
 * is stale and none misses the client's write; each pays the RTT to the
 * farther replica (68 ms on top of the local read's). */
static void test_quorum_of_two_is_never_stale(void **state)
{
    (void)state;
    struct scenario s;
    replica_world(&s, READS_QUORUM);
    struct run_result *r = run(&s);
    assert_true(r->reads_apply);
    assert_near(r->stale_reads, 0, 0);
    assert_near(r->ryw_violations, 0, 0);
    double p50 = run_metric(r, METRIC_READ_P50);
    printf("quorum: read p50 %.2f ms\n", p50);
    assert_true(p50 > 68 + 10);
    free(r);
}

/* Session reads go to a replica with the client's last write (the writer
 * when Ireland lacks it): no violation, and fewer stale reads than local. */
static void test_session_reads_see_own_writes(void **state)
{
    (void)state;
    struct scenario s;
    replica_world(&s, READS_SESSION);
    struct run_result *r = run(&s);
    replica_world(&s, READS_LOCAL);
    struct run_result *l = run(&s);
    printf("session: stale %.4f (local %.4f), violations %.0f (local %.0f)\n", r->stale_reads,
           l->stale_reads, r->ryw_violations, l->ryw_violations);
    assert_near(r->ryw_violations, 0, 0);
    assert_true(l->ryw_violations > 0);
    assert_true(r->stale_reads < l->stale_reads);
    free(r);
    free(l);
}

/* reads: primary (the default) models nothing new: the metrics are left out. */
static void test_primary_reads_leave_metrics_out(void **state)
{
    (void)state;
    struct scenario s;
    replica_world(&s, READS_PRIMARY);
    s.horizon = 10 * SIM_SEC;
    struct run_result *r = run(&s);
    assert_false(r->reads_apply);
    assert_true(isnan(run_metric(r, METRIC_STALE_READS)));
    assert_true(isnan(run_metric(r, METRIC_STALENESS_P99)));
    assert_true(isnan(run_metric(r, METRIC_RYW_VIOLATIONS)));
    free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_local_reads_match_pbs),
        cmocka_unit_test(test_quorum_of_two_is_never_stale),
        cmocka_unit_test(test_session_reads_see_own_writes),
        cmocka_unit_test(test_primary_reads_leave_metrics_out),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
