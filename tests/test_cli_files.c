/* The results on disk (cli_files.c) from synthetic runs
 * (tests/fixture_runs.h): every file of a scenario's directory complete and
 * no temporary left behind, --resume accepting them for the same file, seed
 * and replications only, and the batch index with one header over every
 * scenario's rows. */
#include "helpers.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "fixture_runs.h"
#include "plots/plot.h"

static int count_lines(const char *dir, const char *name)
{
    char path[512], line[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *in = fopen(path, "r");
    assert_non_null(in);
    int lines = 0;
    while (fgets(line, sizeof line, in))
        lines++;
    fclose(in);
    return lines;
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

static void test_results_dir_holds_complete_files_only(void **state)
{
    struct fixture_summary *f = *state;
    char root[] = "/tmp/regionsim-report-XXXXXX";
    assert_non_null(mkdtemp(root));
    char dir[256], path[512];
    snprintf(dir, sizeof dir, "%s/fixture-shop", root);
    struct sim_error err = {0};
    f->s.report.formats = REPORT_FORMAT_SVG; /* what cli_run passes */
    assert_int_equal(cli_write_results(f->r, dir, REPORT_FORMAT_SVG, &err), 0);
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
    assert_true(cli_resume_ok(dir, &f->s, &e));
    assert_string_equal(e.cheapest, "Warm standby");
    f->s.seed = 8;
    assert_false(cli_resume_ok(dir, &f->s, &e));
    f->s.seed = 7;
    f->s.inputs[0].sha256[0] = 'f';
    assert_false(cli_resume_ok(dir, &f->s, &e));
    f->s.inputs[0].sha256[0] = '0';
    assert_true(cli_resume_ok(dir, &f->s, &e));

    /* the batch index: one header, then the scenario's rows */
    struct report_index_entry entries[2];
    report_index_entry_fill(&entries[0], f->r);
    memset(&entries[1], 0, sizeof entries[1]);
    strcpy(entries[1].name, "not-run");
    assert_int_equal(cli_write_index(root, entries, 2, &err), 0);
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
    assert_int_equal(lines, count_lines(dir, "summary.csv"));
    assert_false(has_tmp(root));

    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    assert_int_equal(system(cmd), 0);
}

static void test_rewrite_replaces_the_whole_directory(void **state)
{
    struct fixture_summary *f = *state;
    char root[] = "/tmp/regionsim-rewrite-XXXXXX";
    assert_non_null(mkdtemp(root));
    char dir[256], path[512], cmd[600];
    snprintf(dir, sizeof dir, "%s/fixture-shop", root);
    struct sim_error err = {0};
    assert_int_equal(cli_write_results(f->r, dir, REPORT_FORMAT_SVG, &err), 0);
    snprintf(path, sizeof path, "%s/plots/stale.png", dir);
    FILE *stale = fopen(path, "w");
    assert_non_null(stale);
    fclose(stale);
    assert_int_equal(cli_write_results(f->r, dir, 0, &err), 0);
    struct stat st;
    assert_int_not_equal(stat(path, &st), 0); /* nothing of the old set stays */
    snprintf(path, sizeof path, "%s/plots", dir);
    assert_int_not_equal(stat(path, &st), 0); /* no formats: no plots/ */
    assert_false(has_tmp(root));
    /* a scenario directory that is a file is refused, and left alone */
    snprintf(path, sizeof path, "%s/file-here", root);
    fclose(fopen(path, "w"));
    assert_int_not_equal(cli_write_results(f->r, path, 0, &err), 0);
    assert_non_null(strstr(err.message, "not a directory"));
    assert_int_equal(stat(path, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    assert_int_equal(system(cmd), 0);
}

static void test_a_full_disk_is_named(void **state)
{
    (void)state;
    FILE *f = fopen("/dev/full", "w");
    if (f == NULL)
        skip();
    for (int i = 0; i < 10000; i++)
        fputs("0123456789", f);
    struct sim_error err = {0};
    assert_int_equal(cli_close_file(f, 0, "out/x.csv", &err), SIM_EIO);
    assert_string_equal(err.message, "cannot write out/x.csv: no space left on device");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_results_dir_holds_complete_files_only),
        cmocka_unit_test(test_rewrite_replaces_the_whole_directory),
        cmocka_unit_test(test_a_full_disk_is_named),
    };
    return cmocka_run_group_tests(tests, fixture_summary_setup, fixture_summary_teardown);
}
