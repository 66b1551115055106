/* The progress bar's line (cli_progress.c): never as wide as the terminal
 * (it would wrap and scroll), shedding the bar's length, then the rate,
 * then the time left as the terminal narrows; no escape sequence; and no
 * output at all but one line per scenario when the stream is no terminal. */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void fill(struct progress *p)
{
    memset(p, 0, sizeof *p);
    strcpy(p->name, "a-rather-long-scenario-name-that-is-cut");
    p->index = 3;
    p->count = 12;
    p->done = 37;
    p->total = 480;
    p->sim_seconds = 37 * 86400.0;
}

static void test_line_is_narrower_than_the_terminal(void **state)
{
    (void)state;
    struct progress p;
    fill(&p);
    char line[512];
    for (int width = 1; width <= 300; width++) {
        int n = progress_format(line, sizeof line, &p, 12.5, width);
        assert_int_equal(n, (int)strlen(line));
        assert_true(n <= (width > 1 ? width - 1 : 1));
        assert_null(strchr(line, '\033'));
        assert_null(strchr(line, '\r'));
        assert_true(strncmp(line, "[3/12] ", 7) == 0 || width < 8);
    }
}

static void test_narrow_terminals_drop_the_extras_in_order(void **state)
{
    (void)state;
    struct progress p;
    fill(&p);
    char line[512];
    progress_format(line, sizeof line, &p, 12.5, 200);
    assert_non_null(strstr(line, "[##")); /* the full bar: 30 cells */
    assert_non_null(strstr(line, "sim-days/s"));
    assert_non_null(strstr(line, " left"));
    assert_non_null(strstr(line, "37/480 runs"));
    int full = (int)strlen(line);
    assert_true(full < 120);

    progress_format(line, sizeof line, &p, 12.5, 80);
    assert_true(strlen(line) <= 79);
    assert_non_null(strstr(line, "37/480 runs"));
    assert_non_null(strstr(line, " left"));

    progress_format(line, sizeof line, &p, 12.5, 60);
    assert_null(strstr(line, "sim-days/s")); /* the rate goes first */
    assert_non_null(strstr(line, "37/480 runs"));

    progress_format(line, sizeof line, &p, 12.5, 40);
    assert_null(strstr(line, "[#")); /* too narrow for a bar */
    assert_true(strlen(line) <= 39);
}

static void test_not_a_terminal_gets_one_line_per_scenario(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    assert_non_null(f);
    struct progress p;
    progress_init(&p, f, false);
    assert_false(p.tty);
    progress_begin(&p, "shop", 1, 1, 8);
    progress_update(&p, 4, 8, 3600);
    progress_end(&p, "done", "out/shop");
    fclose(f);
    assert_non_null(strstr(buf, "[1/1] shop: done, 4/8 runs"));
    assert_null(strchr(buf, '\r'));
    assert_null(strchr(buf, '\033'));
    assert_int_equal(strchr(buf, '\n') - buf + 1, (long)strlen(buf));
    free(buf);
}

/* The line that ends a scenario fits the terminal too: every width from 1
 * to 300 gives at most width - 1 characters; a wide one has everything; a
 * narrower one drops the rate, then keeps the status, the counts and both
 * ends of the path; a log (width 0) gets the whole line. */
static void test_end_line_is_narrower_than_the_terminal(void **state)
{
    (void)state;
    struct progress p;
    fill(&p);
    const char *where = "/home/someone/results/2026-11-30/a-rather-long-scenario-name-that-is-cut";
    char line[8192];
    for (int width = 1; width <= 300; width++) {
        int n = progress_end_format(line, sizeof line, &p, "done", where, 12.5, width);
        assert_int_equal(n, (int)strlen(line));
        assert_true(n <= (width > 1 ? width - 1 : 0));
        assert_null(strchr(line, '\r'));
    }
    int whole = progress_end_format(line, sizeof line, &p, "done", where, 12.5, 0);
    assert_non_null(strstr(line, "sim-days/s"));
    assert_non_null(strstr(line, where));
    assert_int_equal(progress_end_format(line, sizeof line, &p, "done", where, 12.5, whole + 1),
                     whole);
    progress_end_format(line, sizeof line, &p, "done", where, 12.5, 80);
    assert_null(strstr(line, "sim-days/s"));
    assert_non_null(strstr(line, ": done, 37/480 runs in 12.5 s -> /home/"));
    assert_non_null(strstr(line, "...")); /* the path, shortened in the middle */
    assert_non_null(strstr(line, "-that-is-cut"));
    progress_end_format(line, sizeof line, &p, "interrupted", NULL, 12.5, 50);
    assert_non_null(strstr(line, ": interrupted, 37/480 runs in 12.5 s"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line_is_narrower_than_the_terminal),
        cmocka_unit_test(test_narrow_terminals_drop_the_extras_in_order),
        cmocka_unit_test(test_not_a_terminal_gets_one_line_per_scenario),
        cmocka_unit_test(test_end_line_is_narrower_than_the_terminal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
