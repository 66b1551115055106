/* The report writers on synthetic runs (tests/fixture_runs.h): the
 * summary.csv contract (exact header, 12 columns, metrics that do not apply
 * left out, censored RTOs counted), values equal to sim_summarise of the
 * per-run metrics, output independent of the order of the runs, tidy CSVs,
 * the verdict, and complete files with no temporary left behind. */
#include "helpers.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture_runs.h"
#include "plots/index.h"
#include "plots/plot.h"
#include "plots/report.h"

struct fx {
    struct scenario s;
    struct run_result *runs;
    size_t n;
    struct report *r;
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    if (f == NULL)
        return -1;
    fixture_scenario(&f->s);
    f->runs = fixture_runs(&f->s, &f->n);
    f->r = f->runs ? report_new(&f->s, f->runs, f->n, "regionsim run fixture.yaml --seed 7") : NULL;
    *state = f;
    return f->r ? 0 : -1;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    report_free(f->r);
    free(f->runs);
    free(f);
    plot_library_fini();
    return 0;
}

/* The whole output of a writer as a malloc'd string. */
static char *capture(int (*fn)(const struct report *, FILE *), const struct report *r)
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

static int summary_csv_h(const struct report *r, FILE *f)
{
    return report_write_summary_csv(r, f, true);
}
static int markdown_png(const struct report *r, FILE *f)
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

static int expected_rows(const struct fx *f)
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
    struct fx *f = *state;
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
    struct fx *f = *state;
    for (int m = 0; m < METRIC_COUNT; m++)
        for (int k = 0; k < STRATEGY_COUNT; k++) {
            double v[FIXTURE_REPS];
            for (int rep = 0; rep < FIXTURE_REPS; rep++)
                v[rep] = run_metric(&f->runs[rep * STRATEGY_COUNT + k], (enum metric)m);
            struct sim_summary want;
            assert_int_equal(sim_summarise(v, FIXTURE_REPS, &want), 0);
            const struct sim_summary *got = &report_find(f->r, k)->metric[m];
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
    struct fx *f = *state;
    /* reverse the runs: replications and strategies arrive in another order */
    struct run_result *rev = malloc(f->n * sizeof *rev);
    assert_non_null(rev);
    for (size_t i = 0; i < f->n; i++)
        rev[i] = f->runs[f->n - 1 - i];
    struct report *r2 = report_new(&f->s, rev, f->n, "regionsim run fixture.yaml --seed 7");
    assert_non_null(r2);
    int (*writers[])(const struct report *, FILE *) = {summary_csv_h, report_write_summary_json,
                                                       report_write_runs_csv,
                                                       report_write_timeline_csv, markdown_png};
    for (size_t w = 0; w < sizeof writers / sizeof writers[0]; w++) {
        char *a = capture(writers[w], f->r), *b = capture(writers[w], r2);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
    report_free(r2);
    free(rev);
}

static void test_runs_and_timeline_csv_are_tidy(void **state)
{
    struct fx *f = *state;
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
    struct fx *f = *state;
    char *j = capture(report_write_summary_json, f->r);
    assert_true(strncmp(j, "{\n  \"file_hash\": \"0123456789abcdef\",\n  \"seed\": 7,\n", 50) == 0);
    assert_non_null(strstr(j, "\"cheapest_meeting_targets\": \"warm_standby\""));
    assert_non_null(strstr(j, "\"rto_censored\": 1,"));
    assert_null(strstr(j, "nan"));
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
    struct fx *f = *state;
    /* targets RTO 15 min, RPO 1 min: warm standby (~6 min, ~1 s) and
     * active-active (~40 s, ~0.3 s) meet both; warm standby costs less */
    assert_int_equal(report_find(f->r, STRATEGY_PILOT_LIGHT)->meets_rto, 0);
    assert_int_equal(report_find(f->r, STRATEGY_BACKUP_RESTORE)->meets_rto, 0);
    assert_true(report_find(f->r, STRATEGY_ACTIVE_ACTIVE)->meets);
    char *md = capture(markdown_png, f->r);
    assert_non_null(strstr(md, "The cheapest that does: **Warm standby**"));
    assert_non_null(strstr(md, "regionsim run fixture.yaml --seed 7"));
    assert_non_null(strstr(md, "![Recovery time (RTO) per strategy](plots/rto.png)"));
    free(md);

    /* with an RTO target of 10 s nobody meets it */
    f->s.report.rto_target.v = 10 * SIM_SEC;
    struct report *r2 = report_new(&f->s, f->runs, f->n, NULL);
    f->s.report.rto_target.v = 15 * SIM_MIN;
    assert_int_equal(r2->cheapest, -1);
    md = capture(markdown_png, r2);
    assert_non_null(strstr(md, "No strategy meets every target."));
    free(md);
    report_free(r2);

    /* an RPO target of zero is a target (nothing may be lost), not "none":
     * only a strategy that loses nothing meets it */
    f->s.report.rpo_target.v = 0;
    r2 = report_new(&f->s, f->runs, f->n, NULL);
    for (int i = 0; i < r2->n_strategies; i++) {
        const struct sim_summary *rpo = &r2->strategy[i].metric[METRIC_RPO];
        assert_int_equal(r2->strategy[i].meets_rpo, rpo->n == 0 || rpo->mean <= 0);
    }
    md = capture(markdown_png, r2); /* the report reads the scenario it was given */
    assert_non_null(strstr(md, "RPO 0 (no loss)"));
    f->s.report.rpo_target.v = SIM_MIN;
    free(md);
    report_free(r2);
}

static bool has_tmp(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return false;
    struct dirent *e;
    bool found = false;
    while ((e = readdir(d)) != NULL) {
        if (strstr(e->d_name, ".tmp"))
            found = true;
    }
    closedir(d);
    return found;
}

static void test_write_all_leaves_complete_files_only(void **state)
{
    struct fx *f = *state;
    char root[] = "/tmp/regionsim-report-XXXXXX";
    assert_non_null(mkdtemp(root));
    char dir[256], path[512];
    snprintf(dir, sizeof dir, "%s/fixture-shop", root);
    struct sim_error err = {0};
    assert_int_equal(report_write_all(f->r, dir, REPORT_FORMAT_SVG, &err), 0);
    static const char *const names[] = {"summary.csv",   "summary.json",       "runs.csv",
                                        "timeline.csv",  "report.md",          "report.html",
                                        "plots/rto.svg", "plots/dns_drain.svg"};
    struct stat st;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        assert_int_equal(stat(path, &st), 0);
        assert_true(st.st_size > 100);
    }
    snprintf(path, sizeof path, "%s/plots/rto.png", dir);
    assert_int_not_equal(stat(path, &st), 0); /* PNG not asked for */
    assert_false(has_tmp(dir));
    snprintf(path, sizeof path, "%s/plots", dir);
    assert_false(has_tmp(path));

    /* --resume accepts these results for the same file, seed and replications only */
    struct report_index_entry e;
    assert_true(report_resume_ok(dir, &f->s, &e));
    assert_string_equal(e.cheapest, "Warm standby");
    f->s.seed = 8;
    assert_false(report_resume_ok(dir, &f->s, &e));
    f->s.seed = 7;
    f->s.file_hash ^= 1;
    assert_false(report_resume_ok(dir, &f->s, &e));
    f->s.file_hash ^= 1;

    /* the batch index: one header, then the scenario's rows */
    struct report_index_entry entries[2];
    report_index_entry_fill(&entries[0], f->r);
    memset(&entries[1], 0, sizeof entries[1]);
    strcpy(entries[1].name, "not-run");
    assert_int_equal(report_write_index(root, entries, 2, &err), 0);
    snprintf(path, sizeof path, "%s/summary.csv", root);
    FILE *in = fopen(path, "r");
    assert_non_null(in);
    char line[512];
    int lines = 0, headers = 0;
    while (fgets(line, sizeof line, in)) {
        lines++;
        headers += strncmp(line, "scenario,", 9) == 0;
    }
    fclose(in);
    assert_int_equal(headers, 1);
    assert_int_equal(lines, 1 + expected_rows(f));
    assert_false(has_tmp(root));

    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    assert_int_equal(system(cmd), 0);
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
        cmocka_unit_test(test_write_all_leaves_complete_files_only),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
