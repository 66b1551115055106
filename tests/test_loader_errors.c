/* Every kind of input error, one by one: the message, its FILE:LINE:COL, the
 * source line and the caret; plus limits (all errors reported up to a cap)
 * and inputs that are not scenarios at all (empty, binary, directories). */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scenarios/loader/loader.h"

static struct scenario S;

#define R2 "regions: [us-east-1, eu-west-1]\n"

struct error_case {
    const char *name;
    const char *text;
    size_t size;       /* 0: strlen(text) */
    const char *where; /* "LINE:COL", or NULL for errors without a position */
    const char *message;
};

static const struct error_case cases[] = {
    {"unknown key, nearest suggested", R2 "dns: { ttl_violater: 0.03 }\n", 0, "2:8",
     "unknown key 'ttl_violater' in dns; did you mean 'ttl_violators'?"},
    {"unknown top-level key", R2 "horizn: 2h\n", 0, "2:1",
     "unknown key 'horizn' in the scenario; did you mean 'horizon'?"},
    {"mapping expected", R2 "workload: 5\n", 0, "2:11",
     "workload expects a mapping of keys (key: value), not a single value"},
    {"list expected", "regions: us-east-1\n", 0, "1:10", "'regions' expects a list"},
    {"list item of the wrong kind", R2 "users:\n  - [europe-west]\n", 0, "3:5",
     "each item of 'users' is a population name or a mapping { from: ..., share: ... }, not a "
     "list"},
    {"number expected", R2 "replications: many\n", 0, "2:15",
     "'replications' expects a whole number, got 'many'"},
    {"duration without unit", R2 "workload: { timeout: 2 }\n", 0, "2:22",
     "'timeout' needs a unit: write 2s"},
    {"unknown duration unit", R2 "dns: { ttl: 5sec }\n", 0, "2:13",
     "'ttl' expects a duration like 250ms, 30s, 15m, 2h, 3d, 1y or 1h30m, got '5sec'"},
    {"size unit in the wrong case", R2 "workload: { payload: 2kb }\n", 0, "2:22",
     "'payload': unknown size unit 'kb'; did you mean '2KB'?"},
    {"rate without unit", R2 "workload: { rate: 200 }\n", 0, "2:19",
     "'rate' needs a unit: write 200/s"},
    {"fraction above one", R2 "workload: { write_fraction: 10 }\n", 0, "2:29",
     "'write_fraction' is a fraction from 0 to 1: write 0.1 or 10%"},
    {"zero duration", "horizon: 0s\n" R2, 0, "1:10", "'horizon' must be greater than zero"},
    {"negative duration", R2 "workload: { timeout: -1s }\n", 0, "2:22",
     "'timeout' must be greater than zero, got '-1s'"},
    {"shares do not sum to 100%",
     R2 "users:\n  - { from: europe-west, share: 60% }\n  - { from: asia-east, share: 30% }\n", 0,
     "3:3", "user shares sum to 90%, not 100%"},
    {"unknown region with suggestion", "regions: [us-east-1, eu-wset-1]\n", 0, "1:22",
     "unknown region 'eu-wset-1'; did you mean 'eu-west-1'?"},
    {"population listed as a region", "regions: [us-east-1, europe-west]\n", 0, "1:22",
     "'europe-west' is a user population, not a region"},
    {"unknown population", R2 "users: [{ from: europ }]\n", 0, "2:17",
     "unknown population or region 'europ'; did you mean 'europe'?"},
    {"strategy names a region not in regions",
     R2 "strategies:\n  pilot_light: { recovery: ap-south-1 }\n", 0, "3:28",
     "'recovery' names region 'ap-south-1', which is not in this scenario's regions "
     "(us-east-1, eu-west-1)"},
    {"key of another strategy", R2 "strategies:\n  pilot_light: { standby: 25% }\n", 0, "3:18",
     "'standby' does not apply to pilot_light; it is a setting of warm_standby"},
    /* Issue 10 item 8: a key a strategy ignores is an error naming the
     * strategies that use it (main accepted these and did nothing). */
    {"promote on active_active", R2 "strategies:\n  active_active: { promote: 1m }\n", 0, "3:20",
     "'promote' does not apply to active_active; it is a setting of backup_restore, "
     "pilot_light, warm_standby"},
    {"dns_switch on active_active", R2 "strategies:\n  active_active: { dns_switch: 1m }\n", 0,
     "3:20", "'dns_switch' does not apply to active_active; it is a setting of backup_restore"},
    {"mtbf not above the mean mttr",
     R2 "failures:\n  - { kind: region_outage, region: us-east-1, mtbf: 2h, mttr: 3h }\n", 0,
     "3:47",
     "'mtbf' (2 h) is the mean time between failure starts: it must exceed the mean "
     "'mttr' (3 h)"},
    {"unknown strategy", R2 "strategies:\n  warm_stanby: {}\n", 0, "3:3",
     "unknown key 'warm_stanby' in strategies; did you mean 'warm_standby'?"},
    {"unknown failure kind",
     R2 "failures:\n  - { kind: region_outtage, region: us-east-1, at: 1h, duration: 1h }\n", 0,
     "3:13", "'kind' expects one of region_outage"},
    {"failure outside the horizon",
     "horizon: 12h\n" R2 "failures:\n"
     "  - { kind: region_outage, region: us-east-1, at: 13h, duration: 1h }\n",
     0, "4:51", "this failure starts at 13h, outside the horizon (12h)"},
    {"scheduled failure without duration",
     R2 "failures:\n  - { kind: region_outage, region: us-east-1, at: 1h }\n", 0, "3:47",
     "a scheduled failure needs 'duration'"},
    {"scheduled and stochastic at once",
     R2 "failures:\n  - { kind: region_outage, region: us-east-1, at: 1h, mtbf: 1y }\n", 0, "3:55",
     "give 'at' and 'duration' (scheduled) or 'mtbf' and 'mttr' (stochastic), not both"},
    {"'all' in a scheduled failure",
     R2 "failures:\n  - { kind: region_outage, region: all, at: 1h, duration: 1h }\n", 0, "3:36",
     "'region' takes one region here ('all' is for stochastic failures)"},
    {"lognormal without p95", R2 "workload: { service_time: { median: 5ms } }\n", 0, "2:27",
     "'service_time': a lognormal needs both 'median' and 'p95'"},
    {"duplicate key", R2 "seed: 1\nseed: 2\n", 0, "3:1",
     "duplicate key 'seed' in the scenario (first given on line 2)"},
    {"tab in indentation", "regions:\n\t- us-east-1\n", 0, "2:1",
     "tab in indentation; YAML indents with spaces"},
    {"empty file", "", 0, NULL, "the file is empty"},
    {"only comments", "# nothing here\n\n", 0, NULL, "the file is empty"},
    {"not UTF-8", R2 "scenario: caf\xe9\n", 0, "2:14", "not valid UTF-8 (byte 0xE9)"},
    {"binary", "regions\0\x01\x02", 10, "1:8", "this is a binary file (NUL byte)"},
    {"YAML syntax", "regions: [us-east-1, eu-west-1\n", 0, "2:1",
     "YAML syntax: did not find expected ',' or ']'"},
    {"second document", R2 "---\nseed: 1\n", 0, "3:1", "a second YAML document"},
    {"alias cycle", "regions: &a [*a]\n", 0, "1:10",
     "a YAML alias refers to a node that contains it (a cycle)"},
    {"no regions", "seed: 1\n", 0, "1:1", "a scenario needs 'regions', at least two"},
    {"one region", "regions: [us-east-1]\n", 0, "1:10",
     "a scenario needs at least two regions to fail over between"},
    {"custom region without lon", "regions: [{ name: lab, lat: 1 }, us-east-1]\n", 0, "1:19",
     "custom region 'lab' needs both 'lat' and 'lon'"},
    {"scenario name of a batch-level output", R2 "scenario: Summary.CSV\n", 0, "2:11",
     "'scenario' names the output directory DIR/Summary.CSV/, which would collide with the "
     "batch's DIR/summary.csv"},
    {"lognormal out of order", R2 "workload: { service_time: { median: 5m, p95: 1m } }\n", 0,
     "2:27", "'service_time': need p95 >= median > 0"},
    {"uniform half given", R2 "workload: { service_time: { min: 5m } }\n", 0, "2:27",
     "'service_time': a uniform needs both 'min' and 'max'"},
    {"uniform out of order", R2 "workload: { service_time: { min: 5m, max: 1m } }\n", 0, "2:27",
     "'service_time': need max >= min and max > 0"},
    {"exponential of mean zero", R2 "workload: { service_time: { mean: 0s } }\n", 0, "2:27",
     "'service_time': the mean must be greater than zero"},
    {"two distribution families", R2 "workload: { service_time: { median: 1m, min: 1m } }\n", 0,
     "2:27", "'service_time' takes one of { median, p95 } (lognormal), { min, max } (uniform)"},
    {"replications beyond what disk holds", R2 "replications: 100000\n", 0, "2:15",
     "'replications' is at most 10000: each run keeps 52 KB of timelines on disk until the "
     "summary, so 100000 runs per strategy would need 5.2 GB"},
    {"rate beyond the limit", R2 "workload: { rate: 1e300/s }\n", 0, "2:19",
     "'rate' is 1e+300 per second; at most 1e9/s (1000M/s) is accepted"},
    {"rate that overflows to infinity", R2 "workload: { rate: 1e308M/s }\n", 0, "2:19",
     "'rate' is inf per second; at most 1e9/s"},
    {"scenario name unsafe for a directory", R2 "scenario: ../x\n", 0, "2:11",
     "'scenario' names the output directory"},
    {"a sample rate with a per-request model",
     R2 "sessions: { store: sticky }\n"
        "workload: { sample_rate: 500/s }\n",
     0, "3:26", "'sample_rate: 500/s' cannot be used with sessions, which follows every request"},
    {"a sample rate with load shedding",
     "regions: [{ name: us-east-1, max_queue: 10 }, eu-west-1]\n"
     "workload: { sample_rate: 500/s, circuit_breaker: { failures: 3 } }\n",
     0, "2:26", "'sample_rate: 500/s' cannot be used with workload.circuit_breaker"},
};

/* Loads text and returns what went to the error stream (caller frees). */
static char *errors_of(const char *text, size_t size, int *n)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    *n = scenario_load_buffer("test.yaml", text, size, &S, f);
    long len = ftell(f);
    char *out = calloc(1, (size_t)len + 1);
    assert_non_null(out);
    rewind(f);
    assert_int_equal(fread(out, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    return out;
}

static void test_each_error_has_its_message_and_position(void **state)
{
    (void)state;
    int failed = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct error_case *c = &cases[i];
        int n;
        char *out = errors_of(c->text, c->size ? c->size : strlen(c->text), &n);
        char want[512];
        if (c->where)
            snprintf(want, sizeof want, "test.yaml:%s: error: %s", c->where, c->message);
        else
            snprintf(want, sizeof want, "test.yaml: error: %s", c->message);
        if (n < 1 || strncmp(out, want, strlen(want)) != 0) {
            printf("case '%s': want first error\n  %s\ngot (%d errors)\n%s\n", c->name, want, n,
                   out);
            failed++;
        }
        /* Positioned errors show the source line and a caret. */
        if (c->where && (strstr(out, "\n     ") == NULL || strchr(out, '^') == NULL)) {
            printf("case '%s': no source line and caret:\n%s\n", c->name, out);
            failed++;
        }
        free(out);
    }
    assert_int_equal(failed, 0);
}

static void test_caret_sits_under_the_column(void **state)
{
    (void)state;
    int n;
    char *out = errors_of(R2 "dns: { ttl: 5sec }\n", strlen(R2 "dns: { ttl: 5sec }\n"), &n);
    assert_int_equal(n, 1);
    const char *expect = "test.yaml:2:13: error: 'ttl' expects a duration like 250ms, 30s, 15m, "
                         "2h, 3d, 1y or 1h30m, got '5sec'\n"
                         "     2 | dns: { ttl: 5sec }\n"
                         "       |             ^\n";
    assert_string_equal(out, expect);
    free(out);
}

static void test_all_errors_are_reported_in_file_order(void **state)
{
    (void)state;
    static const char text[] = "regions: [us-east-1, eu-wset-1]\n"
                               "workload: { rate: fast, timeout: 0s }\n"
                               "horizn: 2h\n";
    int n;
    char *out = errors_of(text, strlen(text), &n);
    assert_int_equal(n, 4);
    const char *a = strstr(out, "test.yaml:1:22:"), *b = strstr(out, "test.yaml:2:19:"),
               *c = strstr(out, "test.yaml:2:34:"), *d = strstr(out, "test.yaml:3:1:");
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(c);
    assert_non_null(d);
    assert_true(a < b && b < c && c < d);
    free(out);
}

static void test_errors_stop_at_the_cap(void **state)
{
    (void)state;
    char text[4096] = R2;
    for (int i = 0; i < 40; i++)
        snprintf(text + strlen(text), sizeof text - strlen(text), "bogus_key_%d: 1\n", i);
    int n;
    char *out = errors_of(text, strlen(text), &n);
    assert_true(n > 20);
    int lines = 0;
    for (const char *p = strstr(out, ": error: "); p; p = strstr(p + 1, ": error: "))
        lines++;
    assert_int_equal(lines, 21); /* 20 errors, then "too many errors" */
    assert_non_null(strstr(out, "too many errors (more than 20)"));
    free(out);
}

static void test_alias_bomb_is_refused(void **state)
{
    (void)state;
    /* l_i = nine aliases of l_(i-1): l8 stands for 9^8 x 10 nodes. l4 is the
     * first above 50000 (1 + 9 x 7381 = 66430): the error points at it. */
    char text[4096] = "l0: &l0 [x, x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i <= 8; i++) {
        snprintf(text + strlen(text), sizeof text - strlen(text), "l%d: &l%d [", i, i);
        for (int j = 0; j < 9; j++)
            snprintf(text + strlen(text), sizeof text - strlen(text), "%s*l%d", j ? ", " : "",
                     i - 1);
        strcat(text, "]\n");
    }
    strcat(text, "regions: *l8\n");
    int n;
    char *out = errors_of(text, strlen(text), &n);
    assert_int_equal(n, 1);
    assert_non_null(strstr(out, "test.yaml:5:5: error: YAML aliases expand this node to "));
    assert_non_null(strstr(out, "an alias bomb?"));
    free(out);
}

static void test_deep_nesting_is_refused_without_crashing(void **state)
{
    (void)state;
    size_t depth = 20000;
    char *text = malloc(2 * depth + 16);
    assert_non_null(text);
    strcpy(text, "regions: ");
    memset(text + 9, '[', depth);
    memset(text + 9 + depth, ']', depth);
    text[9 + 2 * depth] = '\0';
    int n;
    char *out = errors_of(text, strlen(text), &n);
    assert_true(n >= 1);
    assert_non_null(strstr(out, "nested more than"));
    free(out);
    free(text);
}

static void test_directory_and_missing_file(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(scenario_load_file(REGIONSIM_SOURCE_DIR "/scenarios", &S, f), 1);
    assert_int_equal(scenario_load_file("/nonexistent/x.yaml", &S, f), 1);
    fclose(f);
    assert_non_null(
        strstr(buf, REGIONSIM_SOURCE_DIR "/scenarios: error: cannot read: is a directory"));
    assert_non_null(
        strstr(buf, "/nonexistent/x.yaml: error: cannot read: No such file or directory"));
    free(buf);
}

/* Loads a two-region scenario whose latency.file is `file`; returns the
 * error stream's text (caller frees). */
static char *latency_file_errors(const char *file, int *n)
{
    char text[1024];
    snprintf(text, sizeof text, R2 "latency: { file: '%s' }\n", file);
    return errors_of(text, strlen(text), n);
}

static void test_files_that_are_not_regular_are_refused_without_blocking(void **state)
{
    (void)state;
    char dir[] = "/tmp/regionsim-hostile-XXXXXX", fifo[64];
    assert_non_null(mkdtemp(dir));
    snprintf(fifo, sizeof fifo, "%s/fifo", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    /* a FIFO with no writer: open() without O_NONBLOCK would hang here */
    const char *paths[] = {fifo, "/dev/zero", dir};
    const char *why[] = {"is not a regular file", "is not a regular file", "is a directory"};
    for (int i = 0; i < 3; i++) {
        int n;
        char *out = latency_file_errors(paths[i], &n);
        assert_int_equal(n, 1);
        assert_non_null(strstr(out, "2:18: error: cannot read the latency file"));
        assert_non_null(strstr(out, why[i]));
        free(out);
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(scenario_load_file(fifo, &S, f), 1);
    fclose(f);
    assert_non_null(strstr(buf, "cannot read: is not a regular file"));
    free(buf);
    unlink(fifo);
    rmdir(dir);
}

static void test_a_referenced_file_is_echoed_one_line_at_most_and_inert(void **state)
{
    (void)state;
    char path[] = "/tmp/regionsim-csv-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    /* a header cell with a terminal escape, then many wrong lines */
    const char *csv = "x,\033[31mred\a\n"
                      "root:x:0:0:root:/root:/bin/bash\n"
                      "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
                      "bin:x:2:2:bin:/bin:/usr/sbin/nologin\n";
    assert_int_equal(write(fd, csv, strlen(csv)), (ssize_t)strlen(csv));
    close(fd);
    int n;
    char *out = latency_file_errors(path, &n);
    assert_int_equal(n, 1);
    assert_null(strchr(out, '\033'));
    assert_null(strchr(out, '\a'));
    assert_non_null(strstr(out, "'?[31mred?' is not a region"));
    assert_null(strstr(out, "root:x"));
    free(out);
    unlink(path);
}

static void test_a_deep_flow_is_refused_at_the_first_node_too_deep(void **state)
{
    (void)state;
    /* libyaml's scanner is quadratic in flow depth: without the event pre-pass
     * this takes minutes (the CTest timeout), with it microseconds */
    size_t depth = 400000;
    char *text = malloc(9 + 2 * depth + 2);
    assert_non_null(text);
    memcpy(text, "regions: ", 9);
    memset(text + 9, '[', depth);
    memset(text + 9 + depth, ']', depth);
    strcpy(text + 9 + 2 * depth, "\n");
    int n;
    char *out = errors_of(text, strlen(text), &n);
    assert_int_equal(n, 1);
    assert_non_null(strstr(out, "test.yaml:1:137: error: nested more than 128 levels deep"));
    free(out);
    free(text);
}

static void test_null_stream_still_counts(void **state)
{
    (void)state;
    assert_int_equal(scenario_load_buffer("x", "horizn: 1h\n", 11, &S, NULL), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_error_has_its_message_and_position),
        cmocka_unit_test(test_caret_sits_under_the_column),
        cmocka_unit_test(test_all_errors_are_reported_in_file_order),
        cmocka_unit_test(test_errors_stop_at_the_cap),
        cmocka_unit_test(test_alias_bomb_is_refused),
        cmocka_unit_test(test_deep_nesting_is_refused_without_crashing),
        cmocka_unit_test(test_directory_and_missing_file),
        cmocka_unit_test(test_files_that_are_not_regular_are_refused_without_blocking),
        cmocka_unit_test(test_a_referenced_file_is_echoed_one_line_at_most_and_inert),
        cmocka_unit_test(test_a_deep_flow_is_refused_at_the_first_node_too_deep),
        cmocka_unit_test(test_null_stream_still_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
