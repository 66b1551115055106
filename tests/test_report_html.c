/* report.html from synthetic runs (tests/fixture_runs.h): self-contained
 * (every src/href points inside the page), and rendered by headless Debian
 * chromium to a screenshot that is not blank, with no console message or
 * failed load logged. Skipped when chromium is not installed
 * (`make test` installs it through tools/deps.sh). */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo.h>

#include "fixture_runs.h"
#include "plots/plot.h"
#include "plots/report.h"

static char *slurp(const char *path)
{
    FILE *in = fopen(path, "rb");
    if (in == NULL)
        return NULL;
    fseek(in, 0, SEEK_END);
    long n = ftell(in);
    fseek(in, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, in) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (buf)
        buf[n] = '\0';
    fclose(in);
    return buf;
}

static void assert_self_contained(const char *html)
{
    static const char *const attrs[] = {" src=\"", " href=\"", "url("};
    for (int a = 0; a < 3; a++)
        for (const char *p = strstr(html, attrs[a]); p; p = strstr(p + 1, attrs[a])) {
            const char *v = p + strlen(attrs[a]);
            if (*v != '#')
                fail_msg("reference out of the page: %.60s", p);
        }
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "<link"));
    assert_null(strstr(html, "@import"));
}

static void test_report_html_renders_in_chromium(void **state)
{
    (void)state;
    static struct scenario s;
    fixture_scenario(&s);
    size_t n;
    struct run_result *runs = fixture_runs(&s, &n);
    assert_non_null(runs);
    struct summary *r = summary_new(&s, runs, n, "regionsim run fixture.yaml --seed 7");
    assert_non_null(r);
    char dir[] = "/tmp/regionsim-html-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char html[128], shot[128], log[128], profile[128], cmd[1024];
    snprintf(html, sizeof html, "%s/report.html", dir);
    snprintf(shot, sizeof shot, "%s/shot.png", dir);
    snprintf(log, sizeof log, "%s/chromium.log", dir);
    snprintf(profile, sizeof profile, "%s/profile", dir);
    FILE *f = fopen(html, "w");
    assert_non_null(f);
    assert_int_equal(report_write_html(r, f), 0);
    assert_int_equal(fclose(f), 0);
    summary_free(r);
    free(runs);
    plot_library_fini();

    char *text = slurp(html);
    assert_non_null(text);
    assert_self_contained(text);
    assert_non_null(strstr(text, "The cheapest that does: Warm standby"));
    free(text);

    if (system("command -v chromium >/dev/null 2>&1") != 0) {
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        assert_int_equal(system(cmd), 0);
        printf("chromium not installed: render check skipped\n");
        skip();
    }
    snprintf(cmd, sizeof cmd,
             "timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run "
             "--disable-background-networking --disable-component-update --disable-sync "
             "--enable-logging=stderr --v=0 --user-data-dir='%s' --window-size=1100,8000 "
             "--screenshot='%s' 'file://%s' >'%s' 2>&1",
             profile, shot, html, log);
    int rc = system(cmd);
    char *out = slurp(log);
    if (rc != 0 || access(shot, F_OK) != 0)
        fail_msg("chromium failed (%d): %s", rc, out ? out : "");
    /* a page error shows as a CONSOLE line (failed loads included) */
    if (out && (strstr(out, "CONSOLE") || strstr(out, "Failed to load") || strstr(out, "Uncaught")))
        fail_msg("the page logged errors:\n%s", out);
    free(out);

    cairo_surface_t *img = cairo_image_surface_create_from_png(shot);
    assert_int_equal(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
    int w = cairo_image_surface_get_width(img), h = cairo_image_surface_get_height(img);
    int stride = cairo_image_surface_get_stride(img);
    const unsigned char *d = cairo_image_surface_get_data(img);
    long inked = 0, coloured = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            uint32_t px = *(const uint32_t *)(d + y * stride + 4 * x);
            int cr = (px >> 16) & 255, cg = (px >> 8) & 255, cb = px & 255;
            inked += cr < 240 || cg < 240 || cb < 240;
            /* saturated: the charts' bars and lines, not text or rules */
            int mx = cr > cg ? (cr > cb ? cr : cb) : (cg > cb ? cg : cb);
            int mn = cr < cg ? (cr < cb ? cr : cb) : (cg < cb ? cg : cb);
            coloured += mx - mn > 80;
        }
    cairo_surface_destroy(img);
    cairo_debug_reset_static_data();
    /* a blank page has no ink; text alone has no saturated colour */
    if (inked < (long)w * h / 100 || coloured < 2000)
        fail_msg("screenshot looks blank: %ld inked, %ld coloured of %d x %d", inked, coloured, w,
                 h);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_html_renders_in_chromium),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
