/* The loader on valid input: every example in scenarios/ loads; DESIGN's
 * example fills the struct as written; defaults, units, resolution of
 * regions and populations, and the precomputed matrices. */
#include "strategies.h"
#include "helpers.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "models/latency.h"
#include "scenarios/loader/loader.h"

static struct scenario S; /* large: keep it off the stack */

static int load(const char *text)
{
    return scenario_load_buffer("test.yaml", text, strlen(text), &S, stderr);
}

static void test_every_example_in_scenarios_loads(void **state)
{
    (void)state;
    DIR *d = opendir(REGIONSIM_SOURCE_DIR "/scenarios");
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 5, ".yaml") != 0)
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/scenarios/%s", REGIONSIM_SOURCE_DIR, e->d_name);
        printf("loading %s\n", path);
        assert_int_equal(scenario_load_file(path, &S, stderr), 0);
        assert_true(S.n_regions >= 2);
        assert_true(S.n_users >= 1);
        n++;
    }
    closedir(d);
    assert_true(n >= 5);
}

static const char design[] =
    "scenario: three-region-shop\n"
    "description: Primary in us-east-1 fails at 06:00 for two hours\n"
    "horizon: 24h\n"
    "replications: 20\n"
    "seed: 7\n"
    "regions: [us-east-1, eu-west-1, ap-southeast-1]\n"
    "users:\n"
    "  - { from: north-america, share: 0.5 }\n"
    "  - { from: europe, share: 0.3 }\n"
    "  - { from: asia, share: 0.2 }\n"
    "workload: { rate: 200/s, write_fraction: 0.1, payload: 2KB, service_time: 5ms, timeout: 2s "
    "}\n"
    "dns: { ttl: 60s, ttl_violators: { fraction: 0.03, hold: 15m }, health_check: { interval: "
    "30s, threshold: 3 } }\n"
    "failures:\n"
    "  - { at: 6h, kind: region_outage, region: us-east-1, duration: 2h }\n"
    "strategies:\n"
    "  backup_restore: { primary: us-east-1, recovery: eu-west-1, backup_interval: 1h, data: "
    "500GB, restore_rate: 250MB/s, provision: 20m }\n"
    "  pilot_light:    { primary: us-east-1, recovery: eu-west-1, replication: async, "
    "start_compute: 8m }\n"
    "  warm_standby:   { primary: us-east-1, recovery: eu-west-1, standby: 25%, scale_up: 5m }\n"
    "  active_active:  { regions: all, replication: async, conflicts: lww, clock_skew: 20ms }\n"
    "report: { formats: [png, svg], targets: { rto: 15m, rpo: 1m } }\n";

static void test_design_example_fills_the_struct(void **state)
{
    (void)state;
    assert_int_equal(load(design), 0);
    assert_string_equal(S.name, "three-region-shop");
    assert_int_equal(S.horizon, 24 * SIM_HOUR);
    assert_int_equal(S.replications, 20);
    assert_int_equal(S.seed, 7);
    assert_int_equal(S.n_regions, 3);
    assert_string_equal(S.regions[2].name, "ap-southeast-1");
    assert_string_equal(S.regions[2].provider, "aws");
    assert_int_equal(S.n_users, 3);
    assert_near(S.users[0].share + S.users[1].share + S.users[2].share, 1.0, 1e-12);
    assert_near(S.workload.rate, 200, 1e-12);
    assert_int_equal(S.workload.payload_bytes, 2000);
    assert_int_equal(S.workload.service_time.kind, SIM_DUR_FIXED);
    assert_int_equal(S.workload.service_time.a, 5 * SIM_MS);
    assert_int_equal(S.dns.ttl, 60 * SIM_SEC);
    assert_near(S.dns.violator_fraction, 0.03, 1e-12);
    assert_int_equal(S.dns.violator_hold.a, 15 * SIM_MIN);
    assert_int_equal(S.dns.hc_threshold, 3);
    assert_int_equal(S.n_failures, 1);
    assert_int_equal(S.failures[0].kind, FAILURE_REGION_OUTAGE);
    assert_int_equal(S.failures[0].at, 6 * SIM_HOUR);
    assert_int_equal(S.failures[0].duration, 2 * SIM_HOUR);
    assert_int_equal(S.failures[0].region, 0);
    assert_false(S.failures[0].stochastic);
    for (int k = 0; k < STRATEGY_COUNT; k++)
        assert_true(S.strategies[k].enabled);
    const struct scenario_strategy *br = &S.strategies[STRATEGY_BACKUP_RESTORE];
    assert_int_equal(br->primary, 0);
    assert_int_equal(br->recovery, 1);
    assert_int_equal(br->data_bytes, 500000000000LL);
    assert_near(br->restore_rate, 250e6, 1e-3);
    assert_int_equal(br->provision.a, 20 * SIM_MIN);
    assert_near(S.strategies[STRATEGY_WARM_STANDBY].standby, 0.25, 1e-12);
    const struct scenario_strategy *aa = &S.strategies[STRATEGY_ACTIVE_ACTIVE];
    assert_int_equal(aa->n_regions, 3);
    assert_int_equal(aa->recovery, -1);
    assert_int_equal(aa->clock_skew, 20 * SIM_MS);
    assert_int_equal(S.report.formats, REPORT_FORMAT_PNG | REPORT_FORMAT_SVG);
    assert_true(S.report.rto_target.set && S.report.rpo_target.set);
    assert_int_equal(S.report.rto_target.v, 15 * SIM_MIN);
    assert_int_equal(S.report.rpo_target.v, SIM_MIN);
}

static void test_matrices_are_precomputed(void **state)
{
    (void)state;
    assert_int_equal(load(design), 0);
    /* Measured AWS medians (reference table). */
    assert_near(S.rtt_ms[0][1], 70, 1e-9);
    assert_near(S.rtt_ms[1][0], S.rtt_ms[0][1], 15);
    /* User RTT includes the access term and is far lower to the near region. */
    for (int u = 0; u < S.n_users; u++)
        for (int r = 0; r < S.n_regions; r++)
            assert_true(S.user_rtt_ms[u][r] >= LATENCY_ACCESS_MS);
    assert_true(S.user_rtt_ms[1][1] < S.user_rtt_ms[1][0]); /* europe: Dublin before Virginia */
    /* AWS price list: out of us-east-1 $0.02/GB, out of ap-southeast-1 more. */
    assert_near(S.transfer_usd_gb[0][1], 0.02, 1e-12);
    assert_near(S.transfer_usd_gb[0][0], 0, 1e-12);
    assert_true(S.transfer_usd_gb[2][0] > S.transfer_usd_gb[0][2]);
    /* Measured throughput between these AWS regions is a few Gbps. */
    assert_true(S.throughput_bps[0][1] > 1e8 && S.throughput_bps[0][1] < 2e9);
}

static void test_leaving_sa_east_1_costs_more_than_us_east_1(void **state)
{
    (void)state;
    assert_int_equal(load("regions: [sa-east-1, us-east-1]\n"), 0);
    assert_near(S.transfer_usd_gb[0][1], 0.138, 1e-12); /* README: sa-east-1 $0.138 */
    assert_near(S.transfer_usd_gb[1][0], 0.02, 1e-12);
    /* Internet egress per region from the same price list. */
    assert_near(S.internet_usd_gb[0], 0.15, 1e-12);
    assert_near(S.internet_usd_gb[1], 0.09, 1e-12);
    /* A price in the file applies to every region. */
    assert_int_equal(load("regions: [sa-east-1, us-east-1]\ncosts: { internet_gb: 0.05 }\n"), 0);
    assert_near(S.costs.internet_gb, 0.05, 1e-12);
    assert_near(S.internet_usd_gb[0], 0, 1e-12);
}

static void test_ten_line_scenario_gets_defaults(void **state)
{
    (void)state;
    assert_int_equal(load("regions: [us-east-1, us-west-2]\n"), 0);
    assert_string_equal(S.name, "scenario");
    assert_int_equal(S.horizon, SIM_DAY);
    assert_int_equal(S.dns.hc_interval, 30 * SIM_SEC);
    assert_int_equal(S.dns.ttl, 60 * SIM_SEC);
    for (int k = 0; k < STRATEGY_COUNT; k++)
        assert_true(S.strategies[k].enabled);
    assert_int_equal(S.strategies[STRATEGY_PILOT_LIGHT].primary, 0);
    assert_int_equal(S.strategies[STRATEGY_PILOT_LIGHT].recovery, 1);
    /* One user population per region, nearest first, equal shares. */
    assert_int_equal(S.n_users, 2);
    assert_string_equal(S.users[0].from, "north-america-east");
    assert_string_equal(S.users[1].from, "north-america-west");
    assert_near(S.users[0].share, 0.5, 1e-12);
    assert_near(S.users[0].utc_offset_hours, S.users[0].lon / 15, 1e-12);
    assert_int_equal(S.regions[0].instances, 10);
}

static void test_units_and_distributions(void **state)
{
    (void)state;
    assert_int_equal(
        load("regions: [us-east-1, eu-west-1]\n"
             "workload: { rate: 12k/min, payload: 1KiB, service_time: { mean: 3ms } }\n"
             "dns: { ttl_violators: { hold: { min: 2m, max: 8m } } }\n"
             "strategies:\n"
             "  pilot_light: { decide: { median: 5m, p95: 12m }, data: 1.5TB, "
             "restore_rate: 10Gbps }\n"),
        0);
    assert_near(S.workload.rate, 200, 1e-9);
    assert_int_equal(S.workload.payload_bytes, 1024);
    assert_int_equal(S.workload.service_time.kind, SIM_DUR_EXP);
    assert_int_equal(S.workload.service_time.a, 3 * SIM_MS);
    assert_int_equal(S.dns.violator_hold.kind, SIM_DUR_UNIFORM);
    assert_int_equal(S.dns.violator_hold.b, 8 * SIM_MIN);
    const struct scenario_strategy *pl = &S.strategies[STRATEGY_PILOT_LIGHT];
    assert_int_equal(pl->decide.kind, SIM_DUR_LOGNORMAL);
    assert_int_equal(pl->decide.a, 5 * SIM_MIN);
    assert_int_equal(pl->decide.b, 12 * SIM_MIN);
    assert_int_equal(pl->data_bytes, 1500000000000LL);
    assert_near(pl->restore_rate, 1.25e9, 1e-3);
    assert_false(S.strategies[STRATEGY_WARM_STANDBY].enabled);
}

static void test_compound_durations_in_every_duration_field(void **state)
{
    (void)state;
    assert_int_equal(load("regions: [us-east-1, eu-west-1]\n"
                          "horizon: 1d12h\n"
                          "dns: { ttl: 1m30s, ttl_violators: { hold: { min: 2m, max: 1h30m } } }\n"
                          "failures: [{ at: 15h30m, kind: region_outage, region: us-east-1, "
                          "duration: 2h 15m }]\n"),
                     0);
    assert_int_equal(S.horizon, 36 * SIM_HOUR);
    assert_int_equal(S.dns.ttl, 90 * SIM_SEC);
    assert_int_equal(S.dns.violator_hold.b, 90 * SIM_MIN);
    assert_int_equal(S.failures[0].at, 15 * SIM_HOUR + 30 * SIM_MIN);
    assert_int_equal(S.failures[0].duration, 135 * SIM_MIN);
}

static void test_custom_regions_and_users(void **state)
{
    (void)state;
    assert_int_equal(load("regions:\n"
                          "  - { name: onprem, lat: 48.14, lon: 11.58 }\n"
                          "  - aws:eu-central-1\n"
                          "users:\n"
                          "  - { name: office, lat: 48.2, lon: 11.6, share: 25% }\n"
                          "  - { from: eu-central-1, share: 75% }\n"
                          "failures:\n"
                          "  - { kind: region_outage, region: all, mtbf: 1y }\n"
                          "  - { kind: partition, between: [onprem, eu-central-1], at: 1h, "
                          "duration: forever }\n"),
                     0);
    assert_string_equal(S.regions[0].provider, "custom");
    assert_string_equal(S.regions[1].name, "eu-central-1");
    /* Munich to Frankfurt, ~300 km: the formula, 1.6 x 2 x 300/204 + 1.5. */
    double km = latency_great_circle_km(48.14, 11.58, 50.11, 8.68);
    assert_near(S.rtt_ms[0][1], latency_fibre_rtt_ms(km), 1e-9);
    assert_string_equal(S.users[0].from, "office");
    assert_near(S.users[1].lat, 50.11, 1e-9);
    assert_true(S.failures[0].stochastic);
    assert_int_equal(S.failures[0].region, -1);
    assert_int_equal(S.failures[0].mttr.kind, SIM_DUR_LOGNORMAL);
    assert_int_equal(S.failures[1].duration, SIM_TIME_MAX);
    assert_int_equal(S.failures[1].region, 0);
    assert_int_equal(S.failures[1].region_b, 1);
    /* Unmeasured price from a custom region: a documented fallback, > 0. */
    assert_true(S.transfer_usd_gb[0][1] > 0);
}

static void test_file_hash_is_sha256_of_the_bytes(void **state)
{
    (void)state;
    /* FIPS 180-2's test vector: SHA-256("abc"), what sha256sum prints */
    char hex[SCENARIO_SHA256_HEX];
    scenario_sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    static const char text[] = "regions: [us-east-1, eu-west-1]\n";
    assert_int_equal(load(text), 0);
    scenario_sha256_hex(text, strlen(text), hex);
    assert_int_equal(S.n_inputs, 1);
    assert_string_equal(S.inputs[0].sha256, hex);
}

static void test_latency_file_overrides_rtt(void **state)
{
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/loader/custom-rtt.yaml", REGIONSIM_SOURCE_DIR);
    assert_int_equal(scenario_load_file(path, &S, stderr), 0);
    assert_near(S.rtt_ms[0][1], 42, 1e-12);
    assert_near(S.rtt_ms[1][0], 42, 1e-12); /* one direction given: both ways */
    assert_near(S.user_rtt_ms[0][1], 55, 1e-12);
    /* the referenced file is an input of the results, named as written */
    assert_int_equal(S.n_inputs, 2);
    assert_string_equal(S.inputs[0].file, "custom-rtt.yaml");
    assert_string_equal(S.inputs[1].file, "custom-rtt.csv");
    assert_int_equal((int)strlen(S.inputs[1].sha256), 64);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_example_in_scenarios_loads),
        cmocka_unit_test(test_design_example_fills_the_struct),
        cmocka_unit_test(test_matrices_are_precomputed),
        cmocka_unit_test(test_leaving_sa_east_1_costs_more_than_us_east_1),
        cmocka_unit_test(test_ten_line_scenario_gets_defaults),
        cmocka_unit_test(test_units_and_distributions),
        cmocka_unit_test(test_compound_durations_in_every_duration_field),
        cmocka_unit_test(test_custom_regions_and_users),
        cmocka_unit_test(test_file_hash_is_sha256_of_the_bytes),
        cmocka_unit_test(test_latency_file_overrides_rtt),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
