/* Overrides and sweeps (scenarios/loader/override.c, sweep.c): --set
 * replaces or adds a scalar key, a sweep's grid loads one validated scenario
 * per point with the file's seed, and errors name the key path, the value and
 * the point. */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scenarios/loader/loader.h"

static char path[64];

static void write_file(const char *text)
{
    strcpy(path, "/tmp/regionsim-sweep-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
}

/* Loads `path` with sets and extra axes; returns the error count and the
 * error text in *err (caller frees). */
static int load(const struct scenario_set *sets, int n_sets, const struct scenario_sweep *extra,
                struct scenario_sweep *sw, struct scenario_point **pts, int *n, char **err)
{
    size_t len = 0;
    *err = NULL;
    FILE *f = open_memstream(err, &len);
    int bad = scenario_load_sweep(path, sets, n_sets, extra, sw, pts, n, f);
    fclose(f);
    return bad;
}

static const char *const base = "scenario: shop\n"
                                "seed: 7\n"
                                "regions: [us-east-1, eu-west-1]\n"
                                "dns: { ttl: 60s }\n"
                                "failures:\n"
                                "  - { kind: region_outage, region: us-east-1, at: 1h, duration: 1h }\n"
                                "strategies:\n"
                                "  warm_standby: {}\n";

static void test_set_replaces_and_adds_scalar_keys(void **state)
{
    (void)state;
    write_file(base);
    const struct scenario_set sets[] = {{"dns.ttl", "5m"},
                                        {"strategies.warm_standby.standby", "50%"},
                                        {"workload.rate", "1k/s"},
                                        {"failures[0].duration", "1h30m"}};
    struct scenario_sweep sw;
    struct scenario_point *pts;
    int n;
    char *err;
    assert_int_equal(load(sets, 4, NULL, &sw, &pts, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_string_equal(pts[0].name, "");
    assert_int_equal(pts[0].s.dns.ttl, 5 * SIM_MIN);
    assert_near(pts[0].s.workload.rate, 1000, 1e-9);
    assert_int_equal(pts[0].s.failures[0].duration, 90 * SIM_MIN);
    int ws = -1;
    for (int k = 0; k < SCENARIO_MAX_STRATEGIES; k++)
        if (pts[0].s.strategies[k].enabled)
            ws = k;
    assert_true(ws >= 0);
    assert_near(pts[0].s.strategies[ws].standby, 0.5, 1e-12);
    free(pts);
    free(err);
    unlink(path);
}

static void test_bad_overrides_name_the_key_and_value(void **state)
{
    (void)state;
    write_file(base);
    const struct {
        struct scenario_set set;
        const char *want;
    } cases[] = {
        {{"dns.ttl", "5x"}, "--set dns.ttl=5x: error: 'ttl' expects a duration"},
        {{"dns", "5m"}, "--set dns=5m: error: 'dns' holds a mapping in the file"},
        {{"failures[3].at", "1h"}, "--set failures[3].at=1h: error: 'failures' has 1 item;"},
        {{"dns.tll", "5m"}, "unknown key 'tll' in dns; did you mean 'ttl'?"},
        {{"dns..ttl", "5m"}, "a key path is keys joined by '.'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct scenario_sweep sw;
        struct scenario_point *pts;
        int n;
        char *err;
        assert_true(load(&cases[i].set, 1, NULL, &sw, &pts, &n, &err) > 0);
        assert_null(pts);
        if (strstr(err, cases[i].want) == NULL)
            fail_msg("case %zu: '%s' not in:\n%s", i, cases[i].want, err);
        free(err);
    }
    unlink(path);
}

static void test_sweep_grid_loads_every_point_with_one_seed(void **state)
{
    (void)state;
    char text[1024];
    snprintf(text, sizeof text, "%ssweep:\n  dns.ttl: [30s, 5m]\n", base);
    write_file(text);
    struct scenario_sweep extra = {.n_axes = 1, .path = {"strategies.warm_standby.standby"},
                                   .n_values = {3}, .value = {{"10%", "25%", "0.5"}}};
    struct scenario_sweep sw;
    struct scenario_point *pts;
    int n;
    char *err;
    assert_int_equal(load(NULL, 0, &extra, &sw, &pts, &n, &err), 0);
    assert_int_equal(n, 6);
    assert_int_equal(sw.n_axes, 2);
    assert_string_equal(sw.path[0], "dns.ttl");
    /* the first axis varies slowest; names are stable and directory-safe */
    assert_string_equal(pts[0].name, "ttl-30s_standby-10pct");
    assert_string_equal(pts[2].name, "ttl-30s_standby-0.5");
    assert_string_equal(pts[5].name, "ttl-5m_standby-0.5");
    const double standby[3] = {0.10, 0.25, 0.5};
    for (int p = 0; p < n; p++) {
        assert_int_equal(pts[p].s.dns.ttl, p < 3 ? 30 * SIM_SEC : 5 * SIM_MIN);
        assert_int_equal(pts[p].value[1], p % 3);
        assert_true(pts[p].s.seed == 7);
        int ws = 2; /* warm_standby: the only one enabled */
        for (int k = 0; k < SCENARIO_MAX_STRATEGIES; k++)
            if (pts[p].s.strategies[k].enabled)
                ws = k;
        assert_near(pts[p].s.strategies[ws].standby, standby[p % 3], 1e-12);
    }
    free(pts);
    free(err);
    unlink(path);
}

static void test_a_bad_point_is_named_and_nothing_is_returned(void **state)
{
    (void)state;
    char text[1024];
    snprintf(text, sizeof text, "%ssweep:\n  dns.ttl: [30s, 5parsecs]\n", base);
    write_file(text);
    struct scenario_sweep sw;
    struct scenario_point *pts;
    int n;
    char *err;
    assert_true(load(NULL, 0, NULL, &sw, &pts, &n, &err) > 0);
    assert_null(pts);
    assert_non_null(strstr(err, "in sweep point ttl-5parsecs:"));
    assert_non_null(strstr(err, "dns.ttl=5parsecs: error: 'ttl' expects a duration"));
    free(err);
    unlink(path);

    snprintf(text, sizeof text, "%ssweep:\n  dns.ttl: [30s, 30s]\n", base);
    write_file(text);
    assert_true(load(NULL, 0, NULL, &sw, &pts, &n, &err) > 0);
    assert_non_null(strstr(err, "sweep of dns.ttl lists '30s' twice"));
    free(err);
    unlink(path);

    snprintf(text, sizeof text, "%ssweep:\n  dns.ttl: 30s\n", base);
    write_file(text);
    assert_true(load(NULL, 0, NULL, &sw, &pts, &n, &err) > 0);
    assert_non_null(strstr(err, ":10:12: error: sweep of 'dns.ttl' expects a list of values"));
    free(err);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_replaces_and_adds_scalar_keys),
        cmocka_unit_test(test_bad_overrides_name_the_key_and_value),
        cmocka_unit_test(test_sweep_grid_loads_every_point_with_one_seed),
        cmocka_unit_test(test_a_bad_point_is_named_and_nothing_is_returned),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
