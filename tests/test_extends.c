/* Variants: `extends: base.yaml` (scenarios/loader/extends.c). Mappings
 * merge, lists and values replace, chains are followed, a cycle or an
 * unreadable base is a located error, every error names the file and line
 * that set the value, and the provenance lists every file of the chain. */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "models/strategies/registry.h"
#include "scenarios/loader/loader.h"

static struct scenario S;

/* A fresh directory per test, removed with its files. */
struct dir {
    char path[64];
    int n;
    char files[8][128];
};

static int setup(void **state)
{
    struct dir *d = calloc(1, sizeof *d);
    snprintf(d->path, sizeof d->path, "/tmp/regionsim-extends-XXXXXX");
    if (d == NULL || mkdtemp(d->path) == NULL)
        return -1;
    *state = d;
    return 0;
}

static int teardown(void **state)
{
    struct dir *d = *state;
    for (int i = d->n - 1; i >= 0; i--)
        remove(d->files[i]);
    char sub[128];
    snprintf(sub, sizeof sub, "%s/lib", d->path);
    rmdir(sub); /* when a test made it */
    rmdir(d->path);
    free(d);
    return 0;
}

/* Writes name (relative to the directory) with text; returns its path. */
static const char *put(struct dir *d, const char *name, const char *text)
{
    assert_true(d->n < 8);
    char path[sizeof d->files[0]];
    snprintf(path, sizeof path, "%s/%s", d->path, name);
    memcpy(d->files[d->n], path, sizeof path);
    const char *kept = d->files[d->n++];
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return kept;
}

/* Loads path; returns the errors printed (caller frees) and their count. */
static char *load(const char *path, int *n)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    *n = scenario_load_file(path, &S, f);
    fclose(f);
    return buf;
}

static const char base_text[] = "scenario: shop\n"
                                "horizon: 12h\n"
                                "regions: [us-east-1, eu-west-1]\n"
                                "dns: { ttl: 60s, switch_time: 45s }\n"
                                "workload: { rate: 200/s, timeout: 3s }\n"
                                "failures:\n"
                                "  - { kind: region_outage, region: us-east-1, at: 1h, "
                                "duration: 1h }\n"
                                "  - { kind: region_outage, region: eu-west-1, at: 6h, "
                                "duration: 1h }\n"
                                "strategies:\n"
                                "  warm_standby: { standby: 25%, automatic: false }\n";

static void test_mappings_merge_and_values_replace(void **state)
{
    struct dir *d = *state;
    put(d, "base.yaml", base_text);
    const char *child = put(d, "child.yaml",
                            "extends: base.yaml\n"
                            "dns: { ttl: 5m }\n"
                            "strategies:\n"
                            "  warm_standby: { automatic: true }\n");
    int n;
    char *out = load(child, &n);
    assert_int_equal(n, 0);
    free(out);
    int ws = strategy_find("warm_standby");
    assert_string_equal(S.name, "shop");                      /* from the base */
    assert_int_equal(S.dns.ttl, 5 * 60 * SIM_SEC);          /* the child's */
    assert_int_equal(S.dns.switch_time, 45 * SIM_SEC);      /* the base's, merged */
    assert_near(S.workload.rate, 200, 0);                      /* untouched block */
    assert_true(S.strategies[ws].automatic);                   /* the child's */
    assert_near(S.strategies[ws].standby, 0.25, 1e-12);        /* the base's, merged */
    assert_int_equal(S.n_failures, 2);                         /* the base's list */
}

static void test_a_list_replaces_the_base_list_whole(void **state)
{
    struct dir *d = *state;
    put(d, "base.yaml", base_text);
    const char *child = put(d, "child.yaml",
                            "extends: base.yaml\n"
                            "failures:\n"
                            "  - { kind: region_outage, region: eu-west-1, at: 2h, "
                            "duration: 30m }\n");
    int n;
    free(load(child, &n));
    assert_int_equal(n, 0);
    assert_int_equal(S.n_failures, 1);
    assert_int_equal(S.failures[0].region, 1);
    assert_int_equal(S.failures[0].at, 2 * 3600 * SIM_SEC);
    assert_int_equal(S.failures[0].duration, 30 * 60 * SIM_SEC);
}

/* A mapping the base shares through a YAML alias is copied before the
 * variant's keys go in: the other alias keeps the base's keys. */
static void test_a_shared_mapping_changes_only_where_the_variant_says(void **state)
{
    struct dir *d = *state;
    put(d, "base.yaml",
        "regions: [us-east-1, eu-west-1]\n"
        "strategies:\n"
        "  pilot_light: &common { primary: us-east-1, recovery: eu-west-1 }\n"
        "  warm_standby: *common\n");
    const char *child =
        put(d, "child.yaml", "extends: base.yaml\nstrategies: { warm_standby: { standby: 50% } }\n");
    int n;
    char *out = load(child, &n);
    assert_int_equal(n, 0); /* not "'standby' does not apply to pilot_light" */
    free(out);
    assert_near(S.strategies[strategy_find("warm_standby")].standby, 0.5, 1e-12);
    assert_int_equal(S.strategies[strategy_find("pilot_light")].recovery, 1);
}

static void test_a_chain_of_three_files_applies_in_order(void **state)
{
    struct dir *d = *state;
    put(d, "base.yaml", base_text);
    put(d, "mid.yaml", "extends: base.yaml\ndns: { ttl: 5m }\nworkload: { rate: 50/s }\n");
    const char *top = put(d, "top.yaml", "extends: mid.yaml\ndns: { ttl: 30s }\n");
    int n;
    free(load(top, &n));
    assert_int_equal(n, 0);
    assert_int_equal(S.dns.ttl, 30 * SIM_SEC);          /* top */
    assert_near(S.workload.rate, 50, 0);                   /* mid */
    assert_int_equal(S.workload.timeout, 3 * SIM_SEC);  /* base */
    assert_int_equal(S.dns.switch_time, 45 * SIM_SEC);  /* base */
}

/* An error names the file and line that set the value: a bad value in the
 * base is the base's, one the child overrides is the child's. */
static void test_errors_point_to_the_file_that_set_the_value(void **state)
{
    struct dir *d = *state;
    const char *base = put(d, "base.yaml",
                           "regions: [us-east-1, eu-west-1]\n"
                           "dns: { ttl: 60s }\n"
                           "workload: { timeout: 3 }\n");
    const char *child = put(d, "child.yaml",
                            "extends: base.yaml\n"
                            "\n"
                            "dns: { ttl: 5 }\n");
    int n;
    char *out = load(child, &n);
    assert_int_equal(n, 2);
    char want[256];
    snprintf(want, sizeof want, "%s:3:22: error: 'timeout'", base);
    assert_non_null(strstr(out, want));
    snprintf(want, sizeof want, "%s:3:13: error: 'ttl'", child);
    assert_non_null(strstr(out, want));
    /* each with its own file's source line under it */
    assert_non_null(strstr(out, "     3 | workload: { timeout: 3 }\n"));
    assert_non_null(strstr(out, "     3 | dns: { ttl: 5 }\n"));
    free(out);
}

static void test_a_key_the_child_gives_twice_is_still_a_duplicate(void **state)
{
    struct dir *d = *state;
    put(d, "base.yaml", base_text);
    const char *child = put(d, "child.yaml", "extends: base.yaml\nhorizon: 24h\nhorizon: 2h\n");
    int n;
    char *out = load(child, &n);
    assert_int_equal(n, 1);
    char want[256];
    snprintf(want, sizeof want, "%s:3:1: error: duplicate key 'horizon'", child);
    assert_non_null(strstr(out, want));
    free(out);
}

static void test_a_cycle_is_refused_where_it_closes(void **state)
{
    struct dir *d = *state;
    const char *a = put(d, "a.yaml", "extends: b.yaml\nregions: [us-east-1, eu-west-1]\n");
    const char *b = put(d, "b.yaml", "# b\nextends: a.yaml\n");
    int n;
    char *out = load(a, &n);
    assert_int_equal(n, 1);
    char want[256];
    snprintf(want, sizeof want, "%s:2:10: error: 'a.yaml' is already in this extends chain", b);
    assert_non_null(strstr(out, want));
    assert_non_null(strstr(out, "a cycle"));
    free(out);
    const char *self = put(d, "self.yaml", "extends: self.yaml\n");
    out = load(self, &n);
    assert_int_equal(n, 1);
    assert_non_null(strstr(out, "1:10: error: 'self.yaml' is already in this extends chain"));
    free(out);
}

static void test_a_missing_or_irregular_base_is_a_located_error(void **state)
{
    struct dir *d = *state;
    char fifo[128], sub[128];
    snprintf(fifo, sizeof fifo, "%s/fifo.yaml", d->path);
    snprintf(sub, sizeof sub, "%s/dir.yaml", d->path);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    assert_int_equal(mkdir(sub, 0700), 0);
    const char *names[] = {"missing.yaml", "fifo.yaml", "dir.yaml"};
    const char *why[] = {"No such file or directory", "is not a regular file",
                         "is a directory, not a file"};
    for (int i = 0; i < 3; i++) {
        char text[128];
        snprintf(text, sizeof text, "regions: [us-east-1]\nextends: %s\n", names[i]);
        const char *child = put(d, i == 0 ? "c0.yaml" : i == 1 ? "c1.yaml" : "c2.yaml", text);
        int n;
        /* a FIFO without a writer must not block the loader */
        char *out = load(child, &n);
        assert_int_equal(n, 1);
        char want[256];
        snprintf(want, sizeof want, "%s:2:10: error: cannot read the base scenario", child);
        assert_non_null(strstr(out, want));
        assert_non_null(strstr(out, why[i]));
        free(out);
    }
    remove(fifo);
    rmdir(sub);
}

static void test_extends_must_name_one_file(void **state)
{
    struct dir *d = *state;
    const char *child = put(d, "child.yaml", "extends: [a.yaml, b.yaml]\n");
    int n;
    char *out = load(child, &n);
    assert_int_equal(n, 1);
    assert_non_null(strstr(out, "1:10: error: 'extends' expects a single value, not a list"));
    free(out);
}

/* Every file of the chain is an input: its SHA-256 is in the provenance
 * and in --resume's key, so editing the base reruns the variant. */
static void test_the_provenance_lists_every_file_of_the_chain(void **state)
{
    struct dir *d = *state;
    put(d, "base.yaml", base_text);
    const char *child = put(d, "child.yaml", "extends: base.yaml\ndns: { ttl: 5m }\n");
    int n;
    free(load(child, &n));
    assert_int_equal(n, 0);
    assert_int_equal(S.n_inputs, 2);
    assert_string_equal(S.inputs[0].file, "child.yaml");
    char want[SCENARIO_SHA256_HEX];
    scenario_sha256_hex(base_text, strlen(base_text), want);
    assert_string_equal(S.inputs[1].sha256, want);
    assert_string_equal(S.inputs[1].file, "base.yaml"); /* beside the scenario: no directory */
    char before[SCENARIO_SHA256_HEX];
    memcpy(before, S.inputs[1].sha256, sizeof before);
    put(d, "base.yaml", "# edited\n" "regions: [us-east-1, eu-west-1]\n");
    free(load(child, &n));
    assert_int_equal(n, 0);
    assert_string_not_equal(S.inputs[1].sha256, before);
}

/* --set applies over the merged chain. */
static void test_set_overrides_the_variant(void **state)
{
    struct dir *d = *state;
    put(d, "base.yaml", base_text);
    const char *child = put(d, "child.yaml", "extends: base.yaml\ndns: { ttl: 5m }\n");
    struct scenario_set set = {"dns.ttl", "10s"};
    struct scenario_sweep sw;
    struct scenario_point *pts;
    int n_pts;
    assert_int_equal(scenario_load_sweep(child, &set, 1, NULL, &sw, &pts, &n_pts, stderr), 0);
    assert_int_equal(n_pts, 1);
    assert_int_equal(pts[0].s.dns.ttl, 10 * SIM_SEC);
    assert_int_equal(pts[0].s.dns.switch_time, 45 * SIM_SEC);
    free(pts);
}

/* A base in another directory reads its latency.file next to itself. */
static void test_a_path_in_the_base_is_relative_to_the_base(void **state)
{
    struct dir *d = *state;
    char sub[128];
    snprintf(sub, sizeof sub, "%s/lib", d->path);
    assert_int_equal(mkdir(sub, 0700), 0);
    put(d, "lib/rtt.csv", "from,us-east-1,eu-west-1\nus-east-1,0,99\neu-west-1,99,0\n");
    put(d, "lib/base.yaml", "regions: [us-east-1, eu-west-1]\nlatency: { file: rtt.csv }\n");
    const char *child = put(d, "child.yaml", "extends: lib/base.yaml\n");
    int n;
    char *out = load(child, &n);
    assert_int_equal(n, 0);
    free(out);
    assert_near(S.rtt_ms[0][1], 99, 1e-9);
    assert_int_equal(S.n_inputs, 3); /* child, base, csv */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_mappings_merge_and_values_replace, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_list_replaces_the_base_list_whole, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_shared_mapping_changes_only_where_the_variant_says,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_chain_of_three_files_applies_in_order, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_errors_point_to_the_file_that_set_the_value, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_key_the_child_gives_twice_is_still_a_duplicate,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_cycle_is_refused_where_it_closes, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_missing_or_irregular_base_is_a_located_error,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_extends_must_name_one_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_the_provenance_lists_every_file_of_the_chain, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_set_overrides_the_variant, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_path_in_the_base_is_relative_to_the_base, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
