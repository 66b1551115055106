/* Load as clients and servers feel it (models/world_load.c):
 *   retries amplify the offered load: at full failure every request is sent
 *   1 + retries times; a retry budget b caps it at 1 + b (each new request
 *   earns b tokens, a retry spends one);
 *   overload wastes work: past capacity the queue settles where admitted
 *   requests wait just under the timeout and then time out, so the servers
 *   stay busy and goodput collapses; the server time not wasted is exactly
 *   the service of the requests that succeeded. */
#include "strategies.h"
#include "helpers.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/breaker.h"
#include "models/world.h"
#include "scenarios/loader/loader.h"

static struct scenario S;
static struct run_result R;

static void run(const char *text, int k)
{
    if (scenario_load_buffer("load.yaml", text, strlen(text), &S, stderr) != 0)
        fail_msg("does not load:\n%s", text);
    struct sim_error err = {0};
    if (world_run(&S, k, 0, &R, NULL, &err) != 0)
        fail_msg("world_run: %s", err.message);
}

/* Both regions down for the whole hour: every attempt fails. */
static double amplification(const char *budget)
{
    char text[1024];
    snprintf(text, sizeof text,
             "regions: [us-east-1, us-west-2]\n"
             "horizon: 1h\n"
             "workload: { rate: 50/s, retries: 3, retry_backoff: 1s, timeout: 1s%s }\n"
             "failures:\n"
             "  - { kind: region_outage, region: us-east-1, at: 0s, duration: forever }\n"
             "  - { kind: region_outage, region: us-west-2, at: 0s, duration: forever }\n"
             "strategies: { active_active: {} }\n",
             budget);
    run(text, STRATEGY_ACTIVE_ACTIVE);
    assert_int_equal(R.successes, 0);
    return R.attempts / (double)R.requests;
}

static void test_retries_amplify_and_a_budget_caps_them(void **state)
{
    (void)state;
    /* The end of the horizon: the attempts of requests not yet final (they
     * take 3 x (timeout + backoff) = 6 s, at most 4 attempts each) and the
     * budget's saved tokens (one second's worth), against N requests. */
    double n = 50.0 * 3600, edge = (50.0 * 6 * 4 + 0.2 * 50 + 1) / n;
    double plain = amplification("");
    double budget = amplification(", retry_budget: 20%");
    printf("attempts per request: %.4f with 3 retries, %.4f with a 20%% budget\n", plain, budget);
    assert_true(fabs(plain - 4) <= edge);
    assert_true(fabs(budget - 1.2) <= edge);
}

static void overload_in(double rate, const char *region, const char *extra)
{
    char text[1024];
    snprintf(text, sizeof text,
             "regions: [{ name: us-east-1, instances: 2, concurrency: 8%s }, us-west-2]\n"
             "horizon: 1h\n"
             "users: [{ from: north-america-east, share: 100%% }]\n"
             "workload: { rate: %g/s, service_time: 50ms, timeout: 2s%s }\n"
             "strategies: { warm_standby: { primary: us-east-1, recovery: us-west-2 } }\n",
             region, rate, extra);
    run(text, STRATEGY_WARM_STANDBY);
}

static void overload_with(double rate, const char *extra)
{
    overload_in(rate, "", extra);
}

static void overload(double rate)
{
    overload_with(rate, "");
}

static void test_overload_wastes_the_servers(void **state)
{
    (void)state;
    const double capacity = 16 / 0.050; /* 320/s */
    double avail[2];
    const double rho[2] = {0.8, 1.25};
    for (int i = 0; i < 2; i++) {
        overload(rho[i] * capacity);
        avail[i] = (double)R.successes / (double)R.requests;
        double useful = R.busy_s - R.wasted_s, expect = 0.050 * (double)R.successes;
        printf("utilisation %.2f: availability %.4f, wasted %.4f of %.0f server-s\n", rho[i],
               avail[i], R.wasted_s / R.busy_s, R.busy_s);
        /* a fixed 50 ms service (a bare duration is fixed): equal up to
         * rounding; the bound would hold an exponential sum (sd sqrt(n) 50 ms) */
        assert_near(useful, expect, 4 * sqrt((double)R.successes) * 0.050);
    }
    assert_true(avail[0] > 0.999);
    assert_true(avail[1] < 0.5);
}

static void test_breaker_states(void **state)
{
    (void)state;
    struct breaker b;
    breaker_init(&b, 3, 30 * SIM_SEC);
    breaker_record(&b, 0, 1, false, 0);
    breaker_record(&b, 0, 1, false, 1);
    breaker_record(&b, 0, 1, true, 2); /* a success resets the count */
    breaker_record(&b, 0, 1, false, 3);
    breaker_record(&b, 0, 1, false, 4);
    assert_true(breaker_allows(&b, 0, 1, 5));
    breaker_record(&b, 0, 1, false, 5); /* third in a row: open */
    assert_false(breaker_allows(&b, 0, 1, 6));
    assert_true(breaker_allows(&b, 0, 0, 6)); /* another region's breaker */
    assert_true(breaker_allows(&b, 0, 1, 5 + 30 * SIM_SEC)); /* half-open */
    breaker_record(&b, 0, 1, false, 5 + 30 * SIM_SEC);      /* the probe failed */
    assert_false(breaker_allows(&b, 0, 1, 6 + 30 * SIM_SEC));
    breaker_record(&b, 0, 1, true, 5 + 60 * SIM_SEC); /* the next probe succeeded */
    assert_true(breaker_allows(&b, 0, 1, 6 + 60 * SIM_SEC));
    assert_near(b.opened, 2, 0);
}

/* Overload at 1.25x capacity: an open breaker stops sending, the backlog
 * drains, the half-open probe finds the region well and the clients flood
 * it again. Each cycle serves at capacity until the backlog reaches the
 * timeout again, so goodput rises from nearly nothing and the wasted server
 * time falls. */
static void test_breaker_lets_an_overloaded_region_recover(void **state)
{
    (void)state;
    overload(400);
    double plain = (double)R.successes / (double)R.requests, plain_wasted = R.wasted_s / R.busy_s;
    overload_with(400, ", circuit_breaker: { failures: 5, open: 10s }");
    double cb = (double)R.successes / (double)R.requests, cb_wasted = R.wasted_s / R.busy_s;
    printf("availability %.4f -> %.4f with breakers, wasted %.4f -> %.4f\n", plain, cb,
           plain_wasted, cb_wasted);
    assert_true(cb > plain + 0.1);
    assert_true(cb_wasted < plain_wasted);
}

/* Load shedding at 1.25x capacity: a queue of at most 16 waiting requests
 * (0.05 s of wait on 16 servers) refuses the excess at once, so every
 * admitted request finishes well within the timeout and the servers stay
 * busy: goodput is the capacity, availability 320 / 400 = 0.8 at most (the
 * servers' idle moments take a little), wasted work nothing. */
static void test_shedding_keeps_goodput_at_capacity(void **state)
{
    (void)state;
    overload_in(400, ", max_queue: 16", "");
    double avail = (double)R.successes / (double)R.requests;
    printf("max_queue 16 at 1.25x capacity: availability %.4f, wasted %.4f\n", avail,
           R.wasted_s / R.busy_s);
    /* 0.8 plus 4 sd of the successes' Poisson count */
    assert_true(avail <= 0.8 + 4 * sqrt(0.8 * 400 * 3600) / (400 * 3600));
    assert_true(avail > 0.75);
    assert_true(R.wasted_s / R.busy_s < 0.001);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_retries_amplify_and_a_budget_caps_them),
        cmocka_unit_test(test_overload_wastes_the_servers),
        cmocka_unit_test(test_shedding_keeps_goodput_at_capacity),
        cmocka_unit_test(test_breaker_states),
        cmocka_unit_test(test_breaker_lets_an_overloaded_region_recover),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
