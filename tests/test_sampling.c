/* The pieces of a sampled run against the full load they stand for: a
 * sampled write standing for k writes (replication's lost writes and RPO,
 * conflicts as pairs), busy resolvers (queries and the switch after a zone
 * change whatever the sample), and metric windows judged only on enough
 * simulated requests. Each statistical tolerance is stated with its source. */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "models/dns.h"
#include "models/metrics.h"
#include "models/replication.h"
#include "models/world.h"
#include "scenarios/loader/loader.h"
#include "sim/rng.h"

static struct repl_config async_pair(void)
{
    struct repl_config c;
    memset(&c, 0, sizeof c);
    c.n_regions = 2;
    for (int i = 0; i < 2; i++) {
        c.holds_data[i] = true;
        for (int j = 0; j < 2; j++)
            c.rtt_ms[i][j] = i == j ? 1.0 : 80.0;
    }
    c.writer[0] = true;
    c.mode = REPL_ASYNC;
    c.lag = sim_dur_fixed(500 * SIM_MS);
    c.writers = WRITER_SINGLE;
    c.payload_bytes = 1000;
    c.backup_region = -1;
    return c;
}

/* One Poisson stream of 1000 writes/s goes to an exact replica set and, each
 * write kept with probability 1/10 and weighted 10, to a sampled one. The
 * replica lacks the writes of the last W = 540 ms (lag + one-way delay). At
 * 200 failure instants 5 s apart (independent windows) the per-instant
 * differences sampled - exact of lost writes and RPO have mean 0; each mean
 * is held to 4 standard errors of the differences themselves. */
static void test_weighted_writes_estimate_loss_and_rpo(void **state)
{
    (void)state;
    struct repl_config c = async_pair();
    gsl_rng *r1 = test_rng(1), *r2 = test_rng(1), *g = test_rng(2), *keep = test_rng(3);
    struct repl *exact = repl_new(&c, r1), *samp = repl_new(&c, r2);
    assert_non_null(exact);
    assert_non_null(samp);
    enum { N = 200 };
    double dl[N], dr[N];
    int n = 0;
    sim_time t = 0, next_check = 10 * SIM_SEC;
    while (n < N) {
        t += sim_time_from_sec(gsl_ran_exponential(g, 1e-3)) + 1;
        if (t > next_check) {
            sim_time tf = t - 1, rpo_e, rpo_s;
            int64_t lost_e, lost_s;
            repl_loss(exact, tf, 0, 1, &rpo_e, &lost_e);
            repl_loss(samp, tf, 0, 1, &rpo_s, &lost_s);
            assert_true(lost_e > 400);
            dl[n] = (double)(lost_s - lost_e);
            dr[n] = sim_time_to_sec(rpo_s - rpo_e);
            n++;
            next_check += 5 * SIM_SEC;
        }
        repl_write(exact, t, 0, 0);
        if (gsl_rng_uniform(keep) < 0.1)
            repl_write_n(samp, t, 0, 0, 10);
    }
    double ml = 0, mr = 0, vl = 0, vr = 0;
    for (int i = 0; i < N; i++) {
        ml += dl[i] / N;
        mr += dr[i] / N;
    }
    for (int i = 0; i < N; i++) {
        vl += (dl[i] - ml) * (dl[i] - ml) / (N - 1);
        vr += (dr[i] - mr) * (dr[i] - mr) / (N - 1);
    }
    assert_near(ml, 0, 4 * sqrt(vl / N));
    assert_near(mr, 0, 4 * sqrt(vr / N));
    /* and the sampled loss is not the sample's own count (54 writes) */
    struct repl_stats s;
    repl_get_stats(samp, &s);
    struct repl_stats e;
    repl_get_stats(exact, &e);
    assert_near((double)s.writes, (double)e.writes, 4 * sqrt(10.0 * (double)e.writes));
    repl_free(exact);
    repl_free(samp);
    gsl_rng_free(r1);
    gsl_rng_free(r2);
    gsl_rng_free(g);
    gsl_rng_free(keep);
}

static struct repl_config multi_pair(void)
{
    struct repl_config c = async_pair();
    c.writer[1] = true;
    c.writers = WRITER_MULTI;
    c.conflicts = CONFLICT_LWW;
    c.lag = sim_dur_fixed(200 * SIM_MS);
    return c;
}

/* Two regions write 1000/s each over 100000 uniform keys (or Zipf 0.8 over
 * them) for 2500 s; a conflict is a pair of writes to one key from both
 * regions within the replication delay (240 ms). Keeping each write with
 * probability 1/10 and adding 10 x its expected conflicts (the key's
 * previous write from the other region, share 1/2, within 240 ms: with
 * probability 1 - exp(-mu 0.24 s)) estimates the exact count, whose own
 * variance is about C (a Poisson count): tolerance 4 sqrt(C), plus 2% for
 * the region shares read off recent sampled writes (1/sqrt(6000) each)
 * and the epoch-drawn transit the estimate reads. LWW loses one write per
 * conflict, as exactly. */
static void sampled_conflicts(double zipf_s)
{
    struct repl_config c = multi_pair();
    c.keys = 100000;
    c.zipf_s = zipf_s;
    gsl_rng *r1 = test_rng(5), *r2 = test_rng(5), *g = test_rng(6), *keep = test_rng(7);
    struct repl *exact = repl_new(&c, r1), *samp = repl_new(&c, r2);
    assert_non_null(exact);
    assert_non_null(samp);
    repl_set_full_write_rate(samp, 2000);
    struct sim_zipf *z = zipf_s > 0 ? sim_zipf_new(100000, zipf_s) : NULL;
    sim_time t = 0, end = 2500 * SIM_SEC;
    for (;;) {
        t += sim_time_from_sec(gsl_ran_exponential(g, 1.0 / 2000)) + 1;
        if (t >= end)
            break;
        int region = (int)gsl_rng_uniform_int(g, 2);
        uint64_t key = z ? sim_zipf_draw(z, g) : gsl_rng_uniform_int(g, 100000);
        repl_write(exact, t, region, key);
        if (gsl_rng_uniform(keep) < 0.1)
            repl_write_n(samp, t, region, key, 10);
    }
    struct repl_stats e, s;
    repl_get_stats(exact, &e);
    repl_get_stats(samp, &s);
    double C = (double)e.conflicts;
    assert_true(C > 10000);
    assert_near((double)s.conflicts, C, 4 * sqrt(C) + 0.02 * C);
    assert_near((double)s.lost_updates, (double)e.lost_updates,
                4 * sqrt((double)e.lost_updates) + 0.02 * C);
    sim_zipf_free(z);
    repl_free(exact);
    repl_free(samp);
    gsl_rng_free(r1);
    gsl_rng_free(r2);
    gsl_rng_free(g);
    gsl_rng_free(keep);
}

static void test_sampled_conflicts_are_expected_counts(void **state)
{
    (void)state;
    sampled_conflicts(0);
    sampled_conflicts(0.8);
}

struct zone {
    struct scenario s;
    struct dns d;
    gsl_rng *rng;
};

/* One population of 100 resolvers, TTL 60 s, no violators, full load 100/s
 * (1/s at each resolver), busy mode with simulated requests one in 1000. */
static void zone_setup(struct zone *z)
{
    scenario_defaults(&z->s);
    z->s.n_regions = 2;
    z->s.n_users = 1;
    z->s.users[0].resolvers = 100;
    z->s.user_rtt_ms[0][0] = 10;
    z->s.user_rtt_ms[0][1] = 80;
    z->s.dns.ttl = SIM_MIN;
    z->s.dns.violator_fraction = 0;
    z->rng = sim_rng_new(9, 0, "dns");
    assert_int_equal(dns_init(&z->d, &z->s, NULL, z->rng), 0);
    dns_set_busy(&z->d, true);
    dns_set_pop_rate(&z->d, 0, 100);
    dns_set_sampled_share(&z->d, 1e-3);
    bool both[2] = {true, true}, only0[2] = {true, false};
    dns_publish_at(&z->d, dns_stage(&z->d, both, only0), 0);
}

/* Queries: each resolver refreshes once per cycle of TTL + an Exp gap of
 * mean 1/(0.999 x 1 s) to the next lookup, so 10 h make 100 x 36000 / 61.001
 * = 59016 queries, with a few simulated lookups (0.1/s) or none at all.
 * Renewal counts have variance T var(cycle) / E[cycle]^3 = 0.16 per
 * resolver (sd 4 over 100); each end of the run shifts a resolver's count by
 * less than one: tolerance 200 + 4 sd. */
static void test_busy_resolvers_query_at_the_full_load(void **state)
{
    (void)state;
    for (int sparse = 0; sparse < 2; sparse++) {
        struct zone z;
        zone_setup(&z);
        gsl_rng *g = test_rng(11);
        sim_time t = 0, end = 10 * SIM_HOUR;
        while (sparse) {
            t += sim_time_from_sec(gsl_ran_exponential(g, 10.0));
            if (t >= end)
                break;
            bool out;
            dns_resolve(&z.d, t, 0, dns_pick(&z.d, 0), &out);
        }
        dns_finish(&z.d, end);
        assert_near(z.d.queries, 100 * 36000 / (60 + 1 / 0.999), 200 + 4 * 4);
        dns_fini(&z.d);
        gsl_rng_free(z.rng);
        gsl_rng_free(g);
    }
}

/* After the zone switches to region 1 at t0, a busy resolver answers 1 once
 * its hold that was running at t0 has ended: 30 s later that is 30 / 61 of
 * them (residual life uniform over the cycle). Asked once each at t0 + 30 s,
 * long after their last simulated lookup, the 100 resolvers hold region 1
 * in proportion 0.49 (binomial sd 0.05; tolerance 4 sd). A lookup an hour
 * later finds every one switched, and holding[] counts them. */
static void test_busy_resolvers_switch_on_their_own_clock(void **state)
{
    (void)state;
    struct zone z;
    zone_setup(&z);
    bool both[2] = {true, true}, only1[2] = {false, true};
    sim_time t0 = 1000 * SIM_SEC;
    dns_publish_at(&z.d, dns_stage(&z.d, both, only1), t0);
    int ones = 0;
    for (uint32_t i = 0; i < 100; i++) {
        bool out;
        ones += dns_resolve(&z.d, t0 + 30 * SIM_SEC, 0, i, &out) == 1;
    }
    assert_near(ones / 100.0, 30.0 / 61, 4 * 0.05);
    assert_int_equal(z.d.holding[0][1], ones);
    assert_int_equal(z.d.holding[0][0], 100 - ones);
    for (uint32_t i = 0; i < 100; i++) {
        bool out;
        assert_int_equal(dns_resolve(&z.d, t0 + SIM_HOUR, 0, i, &out), 1);
    }
    assert_int_equal(z.d.holding[0][1], 100);
    dns_fini(&z.d);
    gsl_rng_free(z.rng);
}

/* The DNS provider fails at t0: a busy resolver keeps the answer it took at
 * its last refresh before t0 until that expires, then fails. Asked 10 s
 * after t0 (each for the first time since 0), a resolver fails when its
 * cycle (TTL + a 1 s mean gap) ended within those 10 s: 10 / 61 of them
 * (binomial sd 0.037 over 100; tolerance 4 sd). An hour later all fail. */
static void test_busy_resolvers_keep_answers_through_a_dns_outage(void **state)
{
    (void)state;
    struct zone z;
    zone_setup(&z);
    sim_time t0 = 1000 * SIM_SEC;
    dns_set_outage_at(&z.d, true, t0);
    int failed = 0;
    for (uint32_t i = 0; i < 100; i++) {
        bool out = false;
        int g = dns_resolve(&z.d, t0 + 10 * SIM_SEC, 0, i, &out);
        failed += g < 0;
        assert_true(g < 0 ? out : g == 0);
    }
    assert_near(failed / 100.0, 10.0 / 61, 4 * 0.037);
    for (uint32_t i = 0; i < 100; i++) {
        bool out = false;
        assert_int_equal(dns_resolve(&z.d, t0 + SIM_HOUR, 0, i, &out), -1);
        assert_true(out);
    }
    dns_fini(&z.d);
    gsl_rng_free(z.rng);
}

/* Metrics of one population at the defaults (W = 60 s, 99%), judging
 * windows of 500 simulated requests as a sampled run does; returns the
 * result they fill (the caller frees it after metrics_fini). */
static struct run_result *sampled_metrics(struct metrics *m)
{
    struct scenario s;
    scenario_defaults(&s);
    s.n_users = 1;
    struct run_result *out = calloc(1, sizeof *out);
    assert_non_null(out);
    assert_int_equal(metrics_init(m, &s, out), 0);
    m->min_sampled = 500;
    return out;
}

/* A window is judged only on min_sampled simulated requests: one failed
 * request standing for 10^6 makes no bad window, 600 requests of which 60
 * failed (10% below a 99% threshold) do. */
static void test_windows_need_enough_simulated_requests(void **state)
{
    (void)state;
    struct metrics m;
    struct run_result *out = sampled_metrics(&m);
    m.weight = 1000000;
    metrics_request(&m, 0, false, false, CAUSE_TIMEOUT, 0, false);
    int64_t bad = -1;
    for (int i = 1; i <= 120; i++)
        bad = bad >= 0 ? bad : metrics_tick(&m, i * SIM_SEC);
    assert_int_equal(bad, -1);
    assert_int_equal(out->downtime_s, 0);
    m.weight = 10;
    for (int i = 0; i < 600; i++)
        metrics_request(&m, 0, false, i >= 60, CAUSE_TIMEOUT, 0.01, false);
    assert_int_equal(metrics_tick(&m, 121 * SIM_SEC), 61);
    metrics_fini(&m);
    free(out);
}

/* A window is judged only when its simulated requests share one weight.
 * A quiet minute of requests standing for 286 (500/s at a quiet stride)
 * ends with a failure, and the hot stride follows: 50 requests a second
 * standing for 10, one of them failing in each of the first 20 seconds,
 * then none, then from the third minute on one a second (2%). A window
 * from second s on holding the quiet failure (s <= 59) is mixed: its HT
 * ratio, (286 + 200) failed of about 30000, is 1.6% failed, but judging it
 * only once the failure set off the hot stride would select the windows
 * that hold one, and that one request weighs 1% of it: not judged. The
 * hot windows hold 20 failing seconds while s <= 80 (0.67%), then s - 60
 * of them: the first bad window starts at s = 91, where (s - 60) x 10
 * first exceeds 1% of 30000. */
static void test_mixed_weight_windows_are_not_judged(void **state)
{
    (void)state;
    struct metrics m;
    struct run_result *out = sampled_metrics(&m);
    int64_t bad = -1;
    for (int i = 1; i <= 180 && bad < 0; i++) {
        m.weight = i <= 60 ? 286 : 10;
        for (int j = 0; j < (i <= 60 ? 2 : 50); j++) {
            bool failed = i <= 60 ? i == 60 && j == 1 : j == 0 && (i <= 80 || i > 120);
            metrics_request(&m, 0, false, !failed, CAUSE_TIMEOUT, 0.01, false);
        }
        bad = metrics_tick(&m, i * SIM_SEC);
    }
    assert_int_equal(bad, 91);
    assert_int_equal(out->downtime_s, 0); /* minutes 0 and 1 are mixed or good */
    metrics_fini(&m);
    free(out);
}

/* Skipping idle seconds is the same as ticking them one by one. */
static void test_idle_seconds_skip_as_ticks(void **state)
{
    (void)state;
    struct scenario s;
    scenario_defaults(&s);
    s.n_users = 1;
    s.horizon = 2 * SIM_HOUR;
    struct run_result *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
    struct metrics ma, mb;
    assert_int_equal(metrics_init(&ma, &s, a), 0);
    assert_int_equal(metrics_init(&mb, &s, b), 0);
    for (int k = 0; k < 2; k++) {
        struct metrics *m = k ? &mb : &ma;
        metrics_request(m, 0, false, true, CAUSE_TIMEOUT, 0.02, false);
        metrics_request(m, 0, false, false, CAUSE_TIMEOUT, 0, false);
        for (int i = 1; i <= 70; i++)
            metrics_tick(m, i * SIM_SEC);
    }
    assert_int_equal(metrics_skip_idle(&ma, 0), 0);
    for (int i = 71; i <= 5000; i++)
        metrics_tick(&ma, i * SIM_SEC);
    assert_int_equal(metrics_skip_idle(&mb, 4930), 4930);
    metrics_finish(&ma, 5000 * SIM_SEC);
    metrics_finish(&mb, 5000 * SIM_SEC);
    assert_int_equal(a->downtime_s, b->downtime_s);
    assert_int_equal(a->requests, b->requests);
    for (int i = 0; i < RESULTS_TIMELINE_POINTS; i++)
        assert_true((isnan(a->success_ratio[i]) && isnan(b->success_ratio[i])) ||
                    a->success_ratio[i] == b->success_ratio[i]);
    metrics_fini(&ma);
    metrics_fini(&mb);
    free(a);
    free(b);
}

/* workload.sample_rate: auto (the default), exact, or a rate of at least
 * 1/s; anything else is an error at the value's line and column. */
static void test_sample_rate_key(void **state)
{
    (void)state;
    static const struct {
        const char *value;
        double want; /* NAN: an error */
    } cases[] = {{"auto", SCENARIO_SAMPLE_AUTO},
                 {"exact", SCENARIO_SAMPLE_EXACT},
                 {"500/s", 500},
                 {"12k/min", 200},
                 {"fast", NAN},
                 {"0.5/s", NAN},
                 {"500", NAN}};
    struct scenario s;
    assert_int_equal(
        scenario_load_buffer("t.yaml", "regions: [us-east-1, eu-west-1]\n", 32, &s, NULL), 0);
    assert_true(s.workload.sample_rate == SCENARIO_SAMPLE_AUTO);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char text[160], errs[512] = "";
        int n = snprintf(text, sizeof text,
                         "regions: [us-east-1, eu-west-1]\nworkload: { sample_rate: %s }\n",
                         cases[i].value);
        FILE *f = fmemopen(errs, sizeof errs - 1, "w");
        int rc = scenario_load_buffer("t.yaml", text, (size_t)n, &s, f);
        fclose(f);
        if (isnan(cases[i].want)) {
            assert_true(rc > 0);
            assert_non_null(strstr(errs, "t.yaml:2:"));
            assert_non_null(strstr(errs, "sample_rate"));
        } else {
            assert_int_equal(rc, 0);
            assert_near(s.workload.sample_rate, cases[i].want, 1e-9);
        }
    }
}

/* auto samples past the exact budget unless a model follows every
 * request; exact never samples, a rate always does. */
static void test_auto_keeps_per_request_models_exact(void **state)
{
    (void)state;
    static const struct {
        const char *workload, *extra;
        bool samples;
    } cases[] = {
        {"", "", true},
        {"", "sessions: { store: sticky }\n", false},
        {", circuit_breaker: { failures: 5 }", "", false},
        {"", "max_queue", false},
        {", sample_rate: exact", "", false},
        {"", "slow", false}, /* 100/s: 8.6e6 requests, within the budget */
        {", sample_rate: 50/s", "slow", true},
    };
    static struct scenario s;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        bool slow = strcmp(cases[i].extra, "slow") == 0;
        bool shed = strcmp(cases[i].extra, "max_queue") == 0;
        char text[512];
        int n = snprintf(text, sizeof text,
                         "horizon: 1d\nregions: [%s, eu-west-1]\n"
                         "workload: { rate: %s%s }\n%s",
                         shed ? "{ name: us-east-1, max_queue: 50 }" : "us-east-1",
                         slow ? "100/s" : "5000/s", cases[i].workload,
                         slow || shed ? "" : cases[i].extra);
        assert_int_equal(scenario_load_buffer("t.yaml", text, (size_t)n, &s, stderr), 0);
        assert_true(world_samples(&s) == cases[i].samples);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_weighted_writes_estimate_loss_and_rpo),
        cmocka_unit_test(test_sampled_conflicts_are_expected_counts),
        cmocka_unit_test(test_busy_resolvers_query_at_the_full_load),
        cmocka_unit_test(test_busy_resolvers_switch_on_their_own_clock),
        cmocka_unit_test(test_busy_resolvers_keep_answers_through_a_dns_outage),
        cmocka_unit_test(test_windows_need_enough_simulated_requests),
        cmocka_unit_test(test_mixed_weight_windows_are_not_judged),
        cmocka_unit_test(test_idle_seconds_skip_as_ticks),
        cmocka_unit_test(test_sample_rate_key),
        cmocka_unit_test(test_auto_keeps_per_request_models_exact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
