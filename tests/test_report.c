/* The report writers on synthetic runs (tests/fixture_runs.h): the
 * summary.csv contract (exact header, 12 columns, metrics that do not apply
 * left out, censored RTOs counted), values equal to sim_summarise of the
 * per-run metrics, output independent of the order of the runs, tidy CSVs,
 * and the verdict. */
#include "strategies.h"
#include "helpers.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture_runs.h"
#include "plots/plot.h"
#include "plots/report.h"
#include "scenarios/effective.h"
#include "scenarios/loader/loader.h"

/* The whole output of a writer as a malloc'd string. */
static char *capture(int (*fn)(const struct summary *, FILE *), const struct summary *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(fn(r, f), 0);
    fclose(f);
    /* a fresh copy: GCC 12 otherwise takes pointers into it for pointers to
     * the local `buf` (-Wdangling-pointer false positive) */
    char *copy = strdup(buf);
    free(buf);
    assert_non_null(copy);
    return copy;
}

static int summary_csv_h(const struct summary *r, FILE *f)
{
    return report_write_summary_csv(r, f, true);
}
static int markdown_png(const struct summary *r, FILE *f)
{
    return report_write_markdown(r, f, REPORT_FORMAT_PNG);
}

/* Number of fields in one CSV line (quotes respected). */
static int csv_fields(const char *line, size_t len)
{
    int n = 1;
    bool q = false;
    for (size_t i = 0; i < len; i++) {
        if (line[i] == '"')
            q = !q;
        else if (line[i] == ',' && !q)
            n++;
    }
    return n;
}

/* Asserts every line has as many fields as the header; returns the rows. */
static int check_tidy(const char *csv)
{
    const char *nl = strchr(csv, '\n');
    assert_non_null(nl);
    int want = csv_fields(csv, (size_t)(nl - csv)), rows = 0;
    for (const char *p = nl + 1; *p; rows++) {
        const char *e = strchr(p, '\n');
        assert_non_null(e); /* every row ends with a newline */
        if (csv_fields(p, (size_t)(e - p)) != want)
            fail_msg("row %d has %d fields, header %d: %.*s", rows + 1,
                     csv_fields(p, (size_t)(e - p)), want, (int)(e - p), p);
        p = e + 1;
    }
    return rows;
}

/* The row of summary.csv for (strategy, metric), or NULL. */
static const char *find_row(const char *csv, const char *strategy, const char *metric)
{
    char key[128];
    snprintf(key, sizeof key, "\nfixture-shop,%s,%s,", strategy, metric);
    const char *p = strstr(csv, key);
    return p ? p + 1 : NULL;
}

static int expected_rows(const struct fixture_summary *f)
{
    int rows = 0;
    for (int k = 0; k < STRATEGY_COUNT; k++)
        for (int m = 0; m < METRIC_COUNT; m++) {
            bool any = false;
            for (int rep = 0; rep < FIXTURE_REPS; rep++)
                any |= !isnan(run_metric(&f->runs[rep * STRATEGY_COUNT + k], (enum metric)m));
            rows += any;
        }
    return rows;
}

static void test_summary_csv_header_and_rows(void **state)
{
    struct fixture_summary *f = *state;
    char *csv = capture(summary_csv_h, f->r);
    assert_true(strncmp(csv,
                        "scenario,strategy,metric,unit,mean,ci95_low,ci95_high,p50,p95,"
                        "min,max,n\n",
                        72) == 0);
    assert_int_equal(csv_fields(csv, strcspn(csv, "\n")), 12);
    int rows = check_tidy(csv);
    /* one row per (strategy, metric) with at least one observation */
    assert_int_equal(rows, expected_rows(f));
    assert_null(find_row(csv, "warm_standby", "conflicts"));
    assert_non_null(find_row(csv, "active_active", "conflicts"));
    /* replication 3 of backup_restore never recovered: RTO over 4 runs, and
     * a censored count of 1/5 per run on average */
    const char *rto = find_row(csv, "backup_restore", "rto");
    assert_non_null(rto);
    assert_non_null(strstr(rto, ",4\n"));
    assert_true(strstr(rto, ",4\n") < strchr(rto, '\n') + 1);
    const char *cens = find_row(csv, "backup_restore", "rto_censored");
    assert_non_null(cens);
    assert_true(strncmp(cens, "fixture-shop,backup_restore,rto_censored,count,0.2,", 51) == 0);
    free(csv);
}

static void test_summary_equals_sim_summarise_of_run_metrics(void **state)
{
    struct fixture_summary *f = *state;
    for (int m = 0; m < METRIC_COUNT; m++)
        for (int k = 0; k < STRATEGY_COUNT; k++) {
            double v[FIXTURE_REPS];
            for (int rep = 0; rep < FIXTURE_REPS; rep++)
                v[rep] = run_metric(&f->runs[rep * STRATEGY_COUNT + k], (enum metric)m);
            struct sim_summary want;
            assert_int_equal(sim_summarise(v, FIXTURE_REPS, &want), 0);
            const struct sim_summary *got = &summary_find(f->r, k)->metric[m];
            assert_int_equal(got->n, want.n);
            if (want.n == 0)
                continue;
            assert_near(got->mean, want.mean, 0);
            /* the interval is cut to the metric's support: >= 0, ratios <= 1 */
            bool ratio = strcmp(metric_unit(m), "ratio") == 0;
            assert_near(got->ci_low, fmax(want.ci_low, 0), 0);
            assert_near(got->ci_high, ratio ? fmin(want.ci_high, 1) : want.ci_high, 0);
            assert_near(got->p95, want.p95, 0);
        }
}

static void test_output_does_not_depend_on_run_order(void **state)
{
    struct fixture_summary *f = *state;
    /* reverse the runs: replications and strategies arrive in another order */
    struct run_result *rev = malloc(f->n * sizeof *rev);
    assert_non_null(rev);
    for (size_t i = 0; i < f->n; i++)
        rev[i] = f->runs[f->n - 1 - i];
    struct summary *r2 = summary_new(&f->s, rev, f->n, "regionsim run fixture.yaml --seed 7");
    assert_non_null(r2);
    int (*writers[])(const struct summary *, FILE *) = {summary_csv_h, report_write_summary_json,
                                                        report_write_runs_csv,
                                                        report_write_timeline_csv, markdown_png};
    for (size_t w = 0; w < sizeof writers / sizeof writers[0]; w++) {
        char *a = capture(writers[w], f->r), *b = capture(writers[w], r2);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
    summary_free(r2);
    free(rev);
}

static void test_runs_and_timeline_csv_are_tidy(void **state)
{
    struct fixture_summary *f = *state;
    char *runs = capture(report_write_runs_csv, f->r);
    assert_int_equal(check_tidy(runs), FIXTURE_REPS * STRATEGY_COUNT);
    assert_true(strncmp(runs, "scenario,strategy,replication,rto_s,rpo_s,", 42) == 0);
    /* the censored run has an empty rto_s, not 0 */
    assert_non_null(strstr(runs, "\nfixture-shop,backup_restore,3,,"));
    free(runs);

    char *tl = capture(report_write_timeline_csv, f->r);
    int rows = check_tidy(tl);
    /* 3 series x (1440 horizon + 600 incident points) x 4 strategies, all with data */
    assert_int_equal(rows, 3 * (RESULTS_TIMELINE_POINTS + RESULTS_INCIDENT_POINTS) * 4);
    /* ten minutes after the failure every backup_restore run is down: mean 0 */
    assert_non_null(strstr(tl, "\nfixture-shop,backup_restore,incident,success_ratio,ratio,10,0,"));
    free(tl);
}

static void test_json_shape(void **state)
{
    struct fixture_summary *f = *state;
    char *j = capture(report_write_summary_json, f->r);
    static const char head[] =
        "{\n  \"provenance\": {\n    \"version\": \"" REGIONSIM_VERSION "\",\n    \"inputs\": [\n"
        "      {\"file\": \"fixture-shop.yaml\", \"sha256\": "
        "\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"}\n    ],\n"
        "    \"scenario_sha256\": \"\",\n" /* built in C: no digest */
        "    \"seed\": 7,\n    \"replications\": 5,\n    \"formats\": [\"png\", \"svg\"]\n  },\n"
        "  \"charts\": [";
    assert_true(strncmp(j, head, sizeof head - 1) == 0);
    /* the charts drawn: RTO applies (the fixture's runs have incidents) */
    assert_non_null(strstr(j, "\"rto\""));
    assert_non_null(strstr(j, "],\n  \"seed\": 7,\n"));
    assert_non_null(strstr(j, "\"cheapest_meeting_targets\": \"warm_standby\""));
    assert_non_null(strstr(j, "\"rto_censored\": 1,"));
    assert_null(strstr(j, ": nan") /* not in "provenance" */);
    assert_null(strstr(j, "inf"));
    int depth = 0;
    for (const char *p = j; *p; p++) {
        depth += (*p == '{' || *p == '[') - (*p == '}' || *p == ']');
        assert_true(depth >= 0);
    }
    assert_int_equal(depth, 0);
    free(j);
}

static void test_verdict_names_the_cheapest_strategy_meeting_targets(void **state)
{
    struct fixture_summary *f = *state;
    /* targets RTO 15 min, RPO 1 min on p20: warm standby (~6 min, ~1 s) and
     * active-active (~40 s, ~0.3 s) meet both; warm standby costs less */
    enum { RTO = SUMMARY_TARGET_RTO };
    assert_int_not_equal(summary_find(f->r, STRATEGY_PILOT_LIGHT)->verdict[RTO].verdict,
                         VERDICT_MEETS);
    assert_int_not_equal(summary_find(f->r, STRATEGY_BACKUP_RESTORE)->verdict[RTO].verdict,
                         VERDICT_MEETS);
    assert_true(summary_find(f->r, STRATEGY_ACTIVE_ACTIVE)->meets);
    char *md = capture(markdown_png, f->r);
    assert_non_null(strstr(md, "The cheapest that does: **Warm standby**"));
    assert_non_null(strstr(md, "regionsim run fixture.yaml --seed 7"));
    assert_non_null(strstr(md, "![Recovery time (RTO) per strategy](plots/rto.png)"));
    free(md);

    /* with an RTO target of 10 s nobody meets it */
    f->s.report.rto_target.v = 10 * SIM_SEC;
    struct summary *r2 = summary_new(&f->s, f->runs, f->n, NULL);
    f->s.report.rto_target.v = 15 * SIM_MIN;
    assert_int_equal(r2->cheapest, -1);
    md = capture(markdown_png, r2);
    assert_non_null(strstr(md, "No strategy is shown to meet every target"));
    free(md);
    summary_free(r2);

    /* an RPO target of zero is a target (nothing may be lost), not "none":
     * only a strategy that loses nothing meets it */
    f->s.report.rpo_target.v = 0;
    r2 = summary_new(&f->s, f->runs, f->n, NULL);
    for (int i = 0; i < r2->n_strategies; i++) {
        const struct sim_summary *rpo = &r2->strategy[i].metric[METRIC_RPO];
        if (rpo->n > 0 && rpo->min > 0)
            assert_int_not_equal(r2->strategy[i].verdict[SUMMARY_TARGET_RPO].verdict,
                                 VERDICT_MEETS);
    }
    md = capture(markdown_png, r2); /* the report reads the scenario it was given */
    assert_non_null(strstr(md, "RPO 0 (no loss)"));
    f->s.report.rpo_target.v = SIM_MIN;
    free(md);
    summary_free(r2);
}

/* A scenario's YAML with `report.targets` written as given. */
static int load_with_targets(const char *targets, struct scenario *s)
{
    char text[1024];
    snprintf(text, sizeof text,
             "scenario: t\nregions: [us-east-1, eu-west-1]\n"
             "users: [{ from: north-america-east, share: 1 }]\n"
             "strategies: { warm_standby: { primary: us-east-1, recovery: eu-west-1 } }\n"
             "report: { targets: %s }\n",
             targets);
    return scenario_load_buffer("t.yaml", text, strlen(text), s, stderr);
}

/* The availability target is an optional value like the RTO and RPO
 * targets: absent when not written (whatever the value field holds), and
 * a target of 0 is a target that every run meets, not "none". */
static void test_availability_target_is_optional_not_a_sentinel(void **state)
{
    struct fixture_summary *f = *state;
    static struct scenario s;
    assert_int_equal(load_with_targets("{ rto: 15m }", &s), 0);
    assert_false(s.report.availability_target.set);
    assert_int_equal(load_with_targets("{ availability: 99.95% }", &s), 0);
    assert_true(s.report.availability_target.set);
    assert_near(s.report.availability_target.v, 0.9995, 1e-12);
    assert_int_equal(load_with_targets("{ availability: 0 }", &s), 0);
    assert_true(s.report.availability_target.set);
    assert_near(s.report.availability_target.v, 0, 0);
    assert_int_not_equal(load_with_targets("{ availability: 1.5 }", &s), 0);

    const enum summary_target AV = SUMMARY_TARGET_AVAILABILITY;
    double v = -1;
    /* absent: no verdict, null in summary.json, whatever v holds */
    f->s.report.availability_target = (struct scenario_opt_frac){false, 0.5};
    assert_false(summary_target_value(&f->s, AV, &v));
    struct summary *r = summary_new(&f->s, f->runs, f->n, NULL);
    assert_non_null(r);
    char *j = capture(report_write_summary_json, r);
    assert_non_null(strstr(j, "\"availability\": null,\n    \"quantile\""));
    free(j);
    summary_free(r);
    /* a target of zero: every run meets it */
    f->s.report.availability_target = (struct scenario_opt_frac){true, 0};
    assert_true(summary_target_value(&f->s, AV, &v));
    assert_near(v, 0, 0);
    r = summary_new(&f->s, f->runs, f->n, NULL);
    assert_non_null(r);
    for (int i = 0; i < r->n_strategies; i++) {
        assert_int_equal(r->strategy[i].verdict[AV].verdict, VERDICT_MEETS);
        assert_near(r->strategy[i].verdict[AV].share, 1, 0);
    }
    j = capture(report_write_summary_json, r);
    assert_non_null(strstr(j, "\"availability\": 0,\n    \"quantile\""));
    free(j);
    summary_free(r);
    f->s.report.availability_target = (struct scenario_opt_frac){false, 0};
}

/* The value of key in the effective-parameter table of s ("" when absent). */
struct param_find {
    const char *key;
    char value[96];
    bool is_default;
};
static void find_param(const struct scenario_param *p, void *ctx)
{
    struct param_find *f = ctx;
    if (strcmp(p->key, f->key) == 0) {
        snprintf(f->value, sizeof f->value, "%s", p->value);
        f->is_default = p->is_default;
    }
}
static const char *param_in(const struct scenario *s, const char *key, bool *is_default,
                            bool (*applies)(int k, const char *key))
{
    static struct param_find f;
    const char *names[SCENARIO_MAX_STRATEGIES] = {0};
    for (int k = 0; k < strategy_count() && k < SCENARIO_MAX_STRATEGIES; k++)
        names[k] = strategy_key(k);
    memset(&f, 0, sizeof f);
    f.key = key;
    scenario_params(s, names, applies, find_param, &f);
    if (is_default)
        *is_default = f.is_default;
    return f.value;
}
static const char *param_value(const struct scenario *s, const char *key, bool *is_default)
{
    return param_in(s, key, is_default, NULL);
}

/* The assumptions table names what a scenario file names: an enum by the
 * word the loader read (round trip through the real loader, so the two
 * spellings cannot drift apart), bits by theirs, a region by its id. */
static void test_parameters_print_names_not_numbers(void **state)
{
    (void)state;
    static struct scenario s;
    static const char text[] =
        "scenario: t\nregions: [us-east-1, eu-west-1]\n"
        "users: [{ from: north-america-east, share: 1 }]\n"
        "dns: { policy: geo, control_plane: eu-west-1 }\n"
        "strategies:\n"
        "  warm_standby: { primary: us-east-1, recovery: eu-west-1, replication: semi_sync }\n"
        "  active_active: { regions: all, conflicts: crdt, reads: session }\n"
        "report: { formats: [svg, pdf] }\n";
    assert_int_equal(scenario_load_buffer("t.yaml", text, strlen(text), &s, stderr), 0);
    bool def = true;
    assert_string_equal(param_value(&s, "dns.policy", &def), "geo");
    assert_false(def);
    assert_string_equal(param_value(&s, "dns.control_plane", &def), "eu-west-1");
    assert_string_equal(param_value(&s, "routing.mode", &def), "dns");
    assert_true(def);
    assert_string_equal(param_value(&s, "strategies.warm_standby.replication", NULL), "semi_sync");
    assert_string_equal(param_value(&s, "strategies.warm_standby.writers", NULL), "single");
    assert_string_equal(param_value(&s, "strategies.active_active.writers", &def), "multi");
    assert_true(def); /* active-active's own default */
    assert_string_equal(param_value(&s, "strategies.active_active.conflicts", NULL), "crdt");
    assert_string_equal(param_value(&s, "strategies.active_active.reads", NULL), "session");
    assert_string_equal(param_value(&s, "report.formats", &def), "[svg, pdf]");
    assert_false(def);
    static const char plain[] = "scenario: t\nregions: [us-east-1, eu-west-1]\n"
                                "users: [{ from: north-america-east, share: 1 }]\n"
                                "strategies: { backup_restore: { primary: us-east-1, "
                                "recovery: eu-west-1 } }\n";
    assert_int_equal(scenario_load_buffer("t.yaml", plain, strlen(plain), &s, stderr), 0);
    assert_string_equal(param_value(&s, "dns.control_plane", &def), "none");
    assert_true(def);
    assert_string_equal(param_value(&s, "report.formats", &def), "[png, svg]");
    assert_true(def);
    assert_string_equal(param_value(&s, "strategies.backup_restore.replication", &def), "none");
    assert_true(def);
}

/* Values as a scenario file would write them: rates per second, sizes and
 * transfer rates in the largest unit that holds them whole; a default that
 * no value stands for by what it means; the reports' table leaves out the
 * keys a strategy does not take (backup-restore has no replication). */
static void test_parameters_print_units_and_only_what_applies(void **state)
{
    (void)state;
    static struct scenario s;
    static const char text[] =
        "scenario: t\nregions: [us-east-1, eu-west-1]\n"
        "workload: { rate: 2000/s }\n"
        "strategies: { backup_restore: { primary: us-east-1, recovery: eu-west-1,"
        " data: 500GB, restore_rate: 250MB/s },\n"
        "  pilot_light: { primary: us-east-1, recovery: eu-west-1 } }\n";
    assert_int_equal(scenario_load_buffer("t.yaml", text, strlen(text), &s, stderr), 0);
    bool def = false;
    assert_string_equal(param_value(&s, "workload.rate", &def), "2000/s");
    assert_false(def);
    assert_string_equal(param_value(&s, "workload.payload", &def), "2KB");
    assert_true(def);
    assert_string_equal(param_value(&s, "strategies.backup_restore.data", NULL), "500GB");
    assert_string_equal(param_value(&s, "strategies.backup_restore.restore_rate", NULL), "250MB/s");
    assert_string_equal(param_value(&s, "strategies.pilot_light.restore_rate", &def), "200MiB/s");
    assert_true(def);
    assert_string_equal(param_value(&s, "costs.transfer_gb", &def), "per region pair");
    assert_true(def);
    assert_string_equal(
        param_in(&s, "strategies.backup_restore.replication", NULL, strategy_key_applies), "");
    assert_string_equal(
        param_in(&s, "strategies.backup_restore.provision", NULL, strategy_key_applies), "20m");
    assert_string_equal(param_in(&s, "strategies.backup_restore.data", NULL, strategy_key_applies),
                        "500GB");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_summary_csv_header_and_rows),
        cmocka_unit_test(test_summary_equals_sim_summarise_of_run_metrics),
        cmocka_unit_test(test_output_does_not_depend_on_run_order),
        cmocka_unit_test(test_runs_and_timeline_csv_are_tidy),
        cmocka_unit_test(test_json_shape),
        cmocka_unit_test(test_verdict_names_the_cheapest_strategy_meeting_targets),
        cmocka_unit_test(test_availability_target_is_optional_not_a_sentinel),
        cmocka_unit_test(test_parameters_print_names_not_numbers),
        cmocka_unit_test(test_parameters_print_units_and_only_what_applies),
    };
    return cmocka_run_group_tests(tests, fixture_summary_setup, fixture_summary_teardown);
}
