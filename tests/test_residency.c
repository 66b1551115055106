/* Data residency (users[].residency, residency.policy): jurisdictions
 * resolve to the scenario's regions in them, errors are located, and in the
 * world an EU-resident population with a US disaster-recovery region:
 * fail_closed serves nothing outside (no violation, no byte) and pays in
 * availability; fail_open serves the same requests plus those outside, and
 * counts exactly those (the two runs share every random draw); geo DNS
 * routes by residency first. */
#include "strategies.h"
#include "helpers.h"

#include <stdio.h>
#include <string.h>

#include "models/jurisdiction.h"
#include "models/world.h"
#include "scenarios/loader/loader.h"

static struct scenario S;
static struct run_result R[2];

static int load(const char *text, FILE *errors)
{
    return scenario_load_buffer("res.yaml", text, strlen(text), &S, errors);
}

static void test_jurisdictions(void **state)
{
    (void)state;
    assert_string_equal(region_country("eu-west-1"), "ie");
    assert_string_equal(region_country("europe-west6"), "ch");
    assert_null(region_country("my-own-dc"));
    assert_true(jurisdiction_contains("eu", "ie"));
    assert_false(jurisdiction_contains("eu", "gb"));
    assert_false(jurisdiction_contains("eu", "no"));
    assert_true(jurisdiction_contains("eea", "no"));
    assert_false(jurisdiction_contains("eu", "e")); /* a substring is no member */
    assert_true(jurisdiction_contains("de", "de"));
    assert_true(jurisdiction_known("ch"));
    assert_false(jurisdiction_known("xx"));
}

static void test_residency_resolves_to_regions(void **state)
{
    (void)state;
    const char *head = "regions: [eu-west-1, us-east-1, eu-central-1, eu-west-2]\n"
                       "users:\n";
    const struct {
        const char *items;
        uint32_t bits;
    } cases[] = {
        {"[eu]", 1u | 4u},         /* Ireland, Germany; not the UK */
        {"[de]", 4u},              /* a country */
        {"[eu-west-1, gb]", 1u | 8u},
        {"[us-east-1]", 2u},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[512];
        snprintf(text, sizeof text, "%s  - { from: europe-west, residency: %s }\n", head,
                 cases[i].items);
        assert_int_equal(load(text, stderr), 0);
        assert_int_equal(S.users[0].residency, cases[i].bits);
    }
    char text[512];
    snprintf(text, sizeof text, "%s  - { from: europe-west }\n", head);
    assert_int_equal(load(text, stderr), 0);
    assert_int_equal(S.users[0].residency, 0);
    assert_int_equal(S.residency_policy, RESIDENCY_FAIL_CLOSED);
}

static void expect_error(const char *items, const char *message)
{
    char text[512], err[1024] = "";
    snprintf(text, sizeof text,
             "regions: [eu-west-1, us-east-1]\nusers:\n  - { from: europe-west, residency: %s }\n",
             items);
    FILE *f = fmemopen(err, sizeof err - 1, "w");
    assert_int_not_equal(load(text, f), 0);
    fclose(f);
    printf("%s -> %s", items, err);
    assert_non_null(strstr(err, "res.yaml:3:"));
    assert_non_null(strstr(err, message));
}

static void test_residency_errors_are_located(void **state)
{
    (void)state;
    expect_error("[xx]", "neither a region of this scenario nor a jurisdiction");
    expect_error("[ch]", "allows none of this scenario's regions");
    expect_error("[us-west-2]", "neither a region of this scenario");
    expect_error("eu", "residency");
}

/* Every request a write (write_fraction 100%) of the EU population;
 * eu-west-1 is lost from 1h to 2h and us-east-1 takes over for good (no
 * failback): both runs fail over at the same instants. */
static const char world_text[] =
    "regions: [eu-west-1, us-east-1]\n"
    "horizon: 4h\n"
    "users: [{ from: europe-west, share: 100%%, residency: [eu] }]\n"
    "workload: { rate: 50/s, write_fraction: 100%%, retries: 0, payload: 2KB }\n"
    "dns: { ttl_violators: { fraction: 0 } }\n"
    "failures: [{ kind: region_outage, region: eu-west-1, at: 1h, duration: 1h }]\n"
    "residency: { policy: %s }\n"
    "strategies:\n"
    "  warm_standby: { primary: eu-west-1, recovery: us-east-1, automatic: true,\n"
    "                  backup_interval: 1y }\n";

static void run_policy(int i, const char *policy)
{
    char text[1024];
    snprintf(text, sizeof text, world_text, policy);
    if (load(text, stderr) != 0)
        fail_msg("does not load:\n%s", text);
    struct sim_error err = {0};
    if (world_run(&S, STRATEGY_WARM_STANDBY, 0, &R[i], NULL, &err) != 0)
        fail_msg("world_run: %s", err.message);
    assert_true(R[i].residency_applies);
}

static void test_fail_closed_against_fail_open(void **state)
{
    (void)state;
    run_policy(0, "fail_closed");
    run_policy(1, "fail_open");
    const struct run_result *c = &R[0], *o = &R[1];
    printf("fail_closed: availability %.5f, violations %.0f, bytes %.0f\n",
           (double)c->successes / (double)c->requests, c->residency_violations,
           c->residency_bytes);
    printf("fail_open: availability %.5f, violations %.0f, bytes %.0f\n",
           (double)o->successes / (double)o->requests, o->residency_violations,
           o->residency_bytes);
    assert_true(c->residency_violations == 0 && c->residency_bytes == 0);
    assert_true(c->successes < o->successes);
    assert_true(o->residency_violations > 0);
    /* The same arrivals and routing: what fail_open serves beyond
     * fail_closed is exactly what it served outside. */
    assert_int_equal((int64_t)o->residency_violations, o->successes - c->successes);
    /* Each write is kept in one region outside: the US replica, or the US
     * writer during the failover. */
    assert_int_equal((int64_t)o->residency_bytes, o->successes * 2000);
}

/* US users whose data must stay in the EU: geo DNS answers eu-west-1 although
 * us-east-1 is nearer; latency-based DNS sends them to us-east-1, refused. */
static void test_geo_dns_routes_by_residency_first(void **state)
{
    (void)state;
    const char *text_fmt = "regions: [eu-west-1, us-east-1]\n"
                           "horizon: 1h\n"
                           "users: [{ from: north-america-east, share: 100%%, residency: [eu] }]\n"
                           "workload: { rate: 20/s, retries: 0 }\n"
                           "dns: { policy: %s }\n"
                           "strategies: { active_active: { regions: all } }\n";
    double availability[2];
    const char *policy[2] = {"geo", "latency"};
    for (int i = 0; i < 2; i++) {
        char text[512];
        snprintf(text, sizeof text, text_fmt, policy[i]);
        if (load(text, stderr) != 0)
            fail_msg("does not load:\n%s", text);
        struct sim_error err = {0};
        if (world_run(&S, STRATEGY_ACTIVE_ACTIVE, 0, &R[0], NULL, &err) != 0)
            fail_msg("world_run: %s", err.message);
        availability[i] = (double)R[0].successes / (double)R[0].requests;
        printf("%s DNS: availability %.4f\n", policy[i], availability[i]);
    }
    assert_true(availability[0] > 0.999);
    assert_true(availability[1] < 0.001);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jurisdictions),
        cmocka_unit_test(test_residency_resolves_to_regions),
        cmocka_unit_test(test_residency_errors_are_located),
        cmocka_unit_test(test_fail_closed_against_fail_open),
        cmocka_unit_test(test_geo_dns_routes_by_residency_first),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
