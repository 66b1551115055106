/* User sessions (models/sessions.h) through the loader and the world: two
 * regions, every user in the east served by us-east-1 until it is lost for
 * good at 1h, warm standby fails over to us-west-2. Users send Poisson
 * requests at r = 0.1/s (a request picks one of N = rate / r users), a
 * session expires after ttl = 20 s of silence, so at any instant a user has
 * an active session with probability p = 1 - exp(-r ttl), independently:
 *   sticky     lost = the active sessions of the lost region: binomial N, p;
 *   replicated lost = the sessions started within the copy delay d (one-way
 *              RTT + lag) before the loss and still active at it; a user
 *              starts one at rate r exp(-r ttl) (a request after a silence
 *              > ttl); one started at age a <= ttl is active, one older only
 *              if a request followed in the last ttl (p): mean
 *              N r exp(-r ttl) (ttl + (d - ttl) p) for d > ttl, a sum of
 *              rare independent events (variance at most the mean);
 *   token      none lost;
 *   central    every request pays the round trip to the store's region, and
 *              all active sessions go with that region. */
#include "strategies.h"
#include "helpers.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/world.h"
#include "scenarios/loader/loader.h"

static struct scenario S;
static struct run_result R;

static const double rate = 50, r = 0.1, ttl = 20;

static void run(const char *sessions, const char *lost_region)
{
    char text[2048];
    snprintf(text, sizeof text,
             "regions: [us-east-1, us-west-2]\n"
             "horizon: 2h\n"
             "users: [{ from: north-america-east, share: 100%% }]\n"
             "workload: { rate: %g/s, retries: 0 }\n"
             "dns: { ttl_violators: { fraction: 0 } }\n"
             "failures: [{ kind: region_outage, region: %s, at: 1h, duration: forever }]\n"
             "sessions: { ttl: %gs, per_user_rate: %g/s, %s }\n"
             "strategies:\n"
             "  warm_standby: { primary: us-east-1, recovery: us-west-2, automatic: true,\n"
             "                  lag: 30s }\n",
             rate, lost_region, ttl, r, sessions);
    if (scenario_load_buffer("sessions.yaml", text, strlen(text), &S, stderr) != 0)
        fail_msg("does not load:\n%s", text);
    struct sim_error err = {0};
    if (world_run(&S, STRATEGY_WARM_STANDBY, 0, &R, NULL, &err) != 0)
        fail_msg("world_run: %s", err.message);
    assert_true(R.sessions_apply);
}

static void test_sticky_loses_the_active_sessions_of_the_lost_region(void **state)
{
    (void)state;
    run("store: sticky", "us-east-1");
    double n = rate / r, p = 1 - exp(-r * ttl);
    printf("sticky: lost %.0f, expected %.1f (share of started %.4f)\n", R.sessions_lost, n * p,
           R.sessions_lost_share);
    assert_near(R.sessions_lost, n * p, 4 * sqrt(n * p * (1 - p)));
    assert_true(isnan(R.session_latency_p50));
}

static void test_replicated_loses_the_sessions_not_yet_copied(void **state)
{
    (void)state;
    run("store: replicated", "us-east-1");
    double n = rate / r, d = 30 + S.rtt_ms[0][1] * 0.5e-3, p = 1 - exp(-r * ttl);
    double expect = n * r * exp(-r * ttl) * (ttl + (d - ttl) * p);
    printf("replicated: lost %.0f, expected %.1f\n", R.sessions_lost, expect);
    assert_near(R.sessions_lost, expect, 4 * sqrt(expect));
}

static void test_token_loses_nothing(void **state)
{
    (void)state;
    run("store: token", "us-east-1");
    assert_near(R.sessions_lost, 0, 0);
}

static void test_central_pays_the_round_trip_and_fails_with_its_region(void **state)
{
    (void)state;
    /* The store in us-west-2; users served by us-east-1 until 1h, when the
     * store's region is lost: every active session with it. */
    run("store: central, region: us-west-2", "us-west-2");
    double n = rate / r, p = 1 - exp(-r * ttl);
    printf("central: round trip p50 %.3f ms (RTT %.3f ms), lost %.0f, expected %.1f\n",
           R.session_latency_p50, S.rtt_ms[0][1], R.sessions_lost, n * p);
    assert_near(R.session_latency_p50, S.rtt_ms[0][1], 1e-5);
    assert_near(R.sessions_lost, n * p, 4 * sqrt(n * p * (1 - p)));
    /* After that nothing is served: the store cannot be reached. */
    assert_true((double)R.successes / (double)R.requests < 0.51);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sticky_loses_the_active_sessions_of_the_lost_region),
        cmocka_unit_test(test_replicated_loses_the_sessions_not_yet_copied),
        cmocka_unit_test(test_token_loses_nothing),
        cmocka_unit_test(test_central_pays_the_round_trip_and_fails_with_its_region),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
