/* The charts on synthetic runs (tests/fixture_runs.h): every chart in every
 * format opens (PNG signature and decodable, well-formed SVG, PDF header and
 * trailer) and is not blank (PNG: ink over a share of the canvas and every
 * strategy's colour present); inline SVG ids are prefixed; axes use 1-2-5
 * steps and time units that fit; a report with no incident draws "no data"
 * rather than failing; the latency chart reads the right histograms; label
 * placement covers no line, marker or label. */
#include "strategies.h"
#include "helpers.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture_runs.h"
#include "plots/draw.h"
#include "plots/palette.h"
#include "plots/placement.h"
#include "plots/plot.h"

struct fx {
    struct scenario s;
    struct run_result *runs;
    size_t n;
    struct summary *r;
    char dir[64];
};

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof *f);
    if (f == NULL)
        return -1;
    fixture_scenario(&f->s);
    f->runs = fixture_runs(&f->s, &f->n);
    f->r = f->runs ? summary_new(&f->s, f->runs, f->n, NULL) : NULL;
    strcpy(f->dir, "/tmp/regionsim-charts-XXXXXX");
    *state = f;
    return f->r && mkdtemp(f->dir) ? 0 : -1;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    int rc = system(cmd);
    summary_free(f->r);
    free(f->runs);
    free(f);
    plot_library_fini();
    return rc == 0 ? 0 : -1;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *in = fopen(path, "rb");
    assert_non_null(in);
    fseek(in, 0, SEEK_END);
    long n = ftell(in);
    fseek(in, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, in), (size_t)n);
    buf[n] = '\0';
    fclose(in);
    *len = (size_t)n;
    return buf;
}

/* Whether needle occurs in the first len bytes of b (which may hold NULs). */
static bool contains(const char *b, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(b + i, needle, n) == 0)
            return true;
    return false;
}

/* Well-formed enough for a browser: tags nest and close, one root <svg>. */
static void assert_svg_well_formed(const char *svg)
{
    char stack[64][32];
    int depth = 0, roots = 0;
    for (const char *p = strchr(svg, '<'); p; p = strchr(p + 1, '<')) {
        if (p[1] == '?' || p[1] == '!') /* declaration, comment */
            continue;
        const char *end = strchr(p, '>');
        assert_non_null(end);
        if (p[1] == '/') {
            assert_true(depth > 0);
            depth--;
            size_t n = strcspn(p + 2, " >");
            if (strncmp(p + 2, stack[depth], n) != 0 || stack[depth][n] != '\0')
                fail_msg("</%.*s> closes <%s>", (int)n, p + 2, stack[depth]);
        } else if (end[-1] != '/') {
            assert_true(depth < 64);
            size_t n = strcspn(p + 1, " >\n");
            assert_true(n < 32);
            memcpy(stack[depth], p + 1, n);
            stack[depth][n] = '\0';
            if (depth == 0) {
                roots++;
                assert_string_equal(stack[0], "svg");
            }
            depth++;
        }
        p = end;
    }
    assert_int_equal(depth, 0);
    assert_int_equal(roots, 1);
}

/* Share of pixels that are not white, and whether colour c appears. */
static double ink(cairo_surface_t *img, struct plot_rgb c, bool *has_colour)
{
    int w = cairo_image_surface_get_width(img), h = cairo_image_surface_get_height(img);
    int stride = cairo_image_surface_get_stride(img);
    const unsigned char *d = cairo_image_surface_get_data(img);
    long inked = 0;
    *has_colour = false;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            uint32_t px = *(const uint32_t *)(d + y * stride + 4 * x);
            int r = (px >> 16) & 255, g = (px >> 8) & 255, b = px & 255;
            if (r < 245 || g < 245 || b < 245)
                inked++;
            /* within 3 of 255 * colour: antialiasing leaves the interior exact */
            if (abs(r - (int)(c.r * 255 + 0.5)) <= 3 && abs(g - (int)(c.g * 255 + 0.5)) <= 3 &&
                abs(b - (int)(c.b * 255 + 0.5)) <= 3)
                *has_colour = true;
        }
    return (double)inked / ((double)w * h);
}

static void test_every_chart_in_every_format_opens_and_is_not_blank(void **state)
{
    struct fx *f = *state;
    char path[256];
    for (int c = 0; c < PLOT_CHART_COUNT; c++) {
        /* PNG: signature, decodes at the chart's size, ink, strategy colours */
        snprintf(path, sizeof path, "%s/%s.png", f->dir, plot_chart_file(c));
        assert_int_equal(plot_write_file(f->r, c, REPORT_FORMAT_PNG, path), 0);
        size_t len;
        char *b = slurp(path, &len);
        assert_memory_equal(b, "\x89PNG\r\n\x1a\n", 8);
        free(b);
        cairo_surface_t *img = cairo_image_surface_create_from_png(path);
        assert_int_equal(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
        assert_int_equal(cairo_image_surface_get_width(img), (int)PLOT_WIDTH);
        /* the cost chart colours the bill's items, not the strategies; the
         * drain draws only strategies that switched DNS */
        for (int k = 0; k < STRATEGY_COUNT; k++) {
            bool has;
            double share = ink(img, plot_palette(k), &has);
            /* text, axes and data cover well over 2% of any chart here */
            if (share < 0.02)
                fail_msg("%s.png: only %.3f of the pixels are inked", plot_chart_file(c), share);
            bool drawn =
                c != PLOT_CHART_COST && (c != PLOT_CHART_DRAIN ||
                                         summary_find(f->r, k)->phase_end_s[PHASE_DNS_SWITCH] >= 0);
            if (!has && drawn)
                fail_msg("%s.png: colour of %s missing", plot_chart_file(c), strategy_key(k));
        }
        cairo_surface_destroy(img);

        /* SVG: declaration, well formed, drawn paths */
        snprintf(path, sizeof path, "%s/%s.svg", f->dir, plot_chart_file(c));
        assert_int_equal(plot_write_file(f->r, c, REPORT_FORMAT_SVG, path), 0);
        b = slurp(path, &len);
        assert_true(strncmp(b, "<?xml", 5) == 0);
        assert_svg_well_formed(b);
        int paths = 0;
        for (const char *p = strstr(b, "<path"); p; p = strstr(p + 1, "<path"))
            paths++;
        assert_true(paths > 30);
        free(b);

        /* PDF: header, trailer, a page with content */
        snprintf(path, sizeof path, "%s/%s.pdf", f->dir, plot_chart_file(c));
        assert_int_equal(plot_write_file(f->r, c, REPORT_FORMAT_PDF, path), 0);
        b = slurp(path, &len);
        assert_true(len > 2000);
        assert_memory_equal(b, "%PDF-", 5);
        assert_true(contains(b + len - 32, 32, "%%EOF"));
        assert_true(contains(b, len, "/Type /Page"));
        free(b);
    }
    /* nothing left under a temporary name */
    snprintf(path, sizeof path, "%s/rto.png.tmp", f->dir);
    assert_int_not_equal(access(path, F_OK), 0);
}

static void test_inline_svg_has_prefixed_ids_and_no_declaration(void **state)
{
    struct fx *f = *state;
    char *svg = NULL;
    size_t len = 0;
    assert_int_equal(plot_svg_inline(f->r, PLOT_CHART_TIMELINE, "c3-", &svg, &len), 0);
    assert_int_equal(strlen(svg), len);
    assert_true(strncmp(svg, "<svg", 4) == 0);
    assert_svg_well_formed(svg);
    int ids = 0;
    for (const char *p = strstr(svg, "id=\""); p; p = strstr(p + 1, "id=\"")) {
        assert_true(strncmp(p + 4, "c3-", 3) == 0);
        ids++;
    }
    assert_true(ids > 0);
    for (const char *p = strstr(svg, "href=\"#"); p; p = strstr(p + 1, "href=\"#"))
        assert_true(strncmp(p + 7, "c3-", 3) == 0);
    for (const char *p = strstr(svg, "url(#"); p; p = strstr(p + 1, "url(#"))
        assert_true(strncmp(p + 5, "c3-", 3) == 0);
    free(svg);
}

static bool one_two_five(double step)
{
    double m = step / pow(10, floor(log10(step)));
    return fabs(m - 1) < 1e-9 || fabs(m - 2) < 1e-9 || fabs(m - 5) < 1e-9 || fabs(m - 10) < 1e-9;
}

static void test_axes_use_1_2_5_steps_and_fitting_time_units(void **state)
{
    (void)state;
    struct plot_axis a;
    static const double his[] = {0.7, 3, 97, 1234, 55555};
    for (size_t i = 0; i < sizeof his / sizeof his[0]; i++)
        for (int ticks = 3; ticks <= 10; ticks++) {
            plot_axis_nice(&a, PLOT_AXIS_PLAIN, 0, his[i], ticks);
            assert_true(one_two_five(a.step));
            assert_true(a.hi >= his[i] && a.lo <= 0);
            assert_true((a.hi - a.lo) / a.step <= ticks + 1e-9);
            assert_int_equal(a.n_ticks, (int)round((a.hi - a.lo) / a.step) + 1);
        }
    /* a zoomed percent axis ends exactly at 100% with its ticks inside */
    plot_axis_nice(&a, PLOT_AXIS_PERCENT, 0.98, 1, 8);
    assert_near(a.hi, 1, 1e-12);
    assert_true(a.n_ticks >= 3 && a.ticks[a.n_ticks - 1] <= 1 + 1e-12);
    plot_axis_nice(&a, PLOT_AXIS_TIME, 0, 90, 6);
    assert_string_equal(a.unit, "s");
    plot_axis_nice(&a, PLOT_AXIS_TIME, -600, 2400, 6);
    assert_string_equal(a.unit, "min");
    assert_true(one_two_five(a.step / 60));
    plot_axis_nice(&a, PLOT_AXIS_TIME, 0, 5 * 3600, 6);
    assert_string_equal(a.unit, "h");
    char buf[32];
    plot_axis_nice(&a, PLOT_AXIS_PERCENT, 0, 1, 5);
    plot_axis_label(&a, 0.4, buf, sizeof buf);
    assert_string_equal(buf, "40%");

    /* log time axis: human ticks, increasing, covering the range */
    plot_axis_log(&a, PLOT_AXIS_TIME, 30, 4 * 3600, 12);
    assert_true(a.n_ticks >= 3 && a.lo <= 30 && a.hi >= 4 * 3600);
    for (int i = 1; i < a.n_ticks; i++)
        assert_true(a.ticks[i] > a.ticks[i - 1]);
    plot_axis_label(&a, 600, buf, sizeof buf);
    assert_string_equal(buf, "10 min");
    plot_axis_label(&a, 7200, buf, sizeof buf);
    assert_string_equal(buf, "2 h");
}

static void test_report_without_incidents_draws_no_data(void **state)
{
    struct fx *f = *state;
    /* runs where nothing failed: no RTO, no incident timeline */
    struct run_result *quiet = malloc(f->n * sizeof *quiet);
    assert_non_null(quiet);
    memcpy(quiet, f->runs, f->n * sizeof *quiet);
    for (size_t i = 0; i < f->n; i++) {
        quiet[i].n_incidents = quiet[i].incidents_total = 0;
        for (int t = 0; t < RESULTS_INCIDENT_POINTS; t++)
            quiet[i].inc_success_ratio[t] = quiet[i].inc_failed_region_share[t] =
                quiet[i].inc_p99_ms[t] = NAN;
    }
    struct summary *r = summary_new(&f->s, quiet, f->n, NULL);
    assert_non_null(r);
    assert_int_equal(r->strategy[0].metric[METRIC_RTO].n, 0);
    char path[256];
    for (int c = 0; c < PLOT_CHART_COUNT; c++) {
        snprintf(path, sizeof path, "%s/quiet-%s.png", f->dir, plot_chart_file(c));
        assert_int_equal(plot_write_file(r, c, REPORT_FORMAT_PNG, path), 0);
    }
    summary_free(r);
    free(quiet);
}

/* Index in r->strategy[] of strategy kind k. */
static int strategy_index(const struct summary *r, int k)
{
    for (int i = 0; i < r->n_strategies; i++)
        if (r->strategy[i].kind == k)
            return i;
    fail_msg("strategy %d did not run", k);
    return -1;
}

/* The latency chart reads each cell from the right histogram: reads apart
 * from writes, steady apart from failover, per population. Failover reads
 * of 300 ms and writes of 500 ms go to warm standby's second population
 * only; the fixture's steady reads and writes differ (writes b * 1.3 + 9).
 * Tolerance: the histogram's bucket width, < 1% relative (DESIGN section 3). */
static void test_latency_chart_selects_state_and_operation(void **state)
{
    struct fx *f = *state;
    int ws = strategy_index(f->r, STRATEGY_WARM_STANDBY);
    int aa = strategy_index(f->r, STRATEGY_ACTIVE_ACTIVE);
    for (size_t k = 0; k < f->n; k++)
        if (f->runs[k].strategy == STRATEGY_WARM_STANDBY)
            for (int i = 0; i < 50; i++) {
                sim_hist_add(&f->runs[k].latency[1].read_incident, 0.300);
                sim_hist_add(&f->runs[k].latency[1].write_incident, 0.500);
            }
    /* the summary keeps each run's record, made when it is built */
    summary_free(f->r);
    f->r = summary_new(&f->s, f->runs, f->n, NULL);
    assert_non_null(f->r);
    struct sim_summary c;
    assert_int_equal(
        plot_latency_cell(f->r, ws, 1, PLOT_LATENCY_READ, PLOT_LATENCY_FAILOVER, 0.5, &c), 0);
    assert_int_equal(c.n, FIXTURE_REPS);
    assert_near(c.mean, 300, 3);
    assert_int_equal(
        plot_latency_cell(f->r, ws, 1, PLOT_LATENCY_WRITE, PLOT_LATENCY_FAILOVER, 0.99, &c), 0);
    assert_near(c.mean, 500, 5);
    /* no failover requests: nothing to draw, not zero */
    assert_int_equal(
        plot_latency_cell(f->r, ws, 0, PLOT_LATENCY_READ, PLOT_LATENCY_FAILOVER, 0.5, &c), 0);
    assert_int_equal(c.n, 0);
    assert_int_equal(
        plot_latency_cell(f->r, aa, 1, PLOT_LATENCY_READ, PLOT_LATENCY_FAILOVER, 0.5, &c), 0);
    assert_int_equal(c.n, 0);
    /* steady reads and writes: each the mean of the runs' own histogram's median */
    for (int op = 0; op < PLOT_LATENCY_OPS; op++) {
        double sum = 0;
        for (size_t k = 0; k < f->n; k++)
            if (f->runs[k].strategy == STRATEGY_WARM_STANDBY) {
                const struct latency_result *l = &f->runs[k].latency[1];
                sum += sim_hist_quantile(op == PLOT_LATENCY_WRITE ? &l->write : &l->read, 0.5);
            }
        assert_int_equal(plot_latency_cell(f->r, ws, 1, op, PLOT_LATENCY_STEADY, 0.5, &c), 0);
        assert_int_equal(c.n, FIXTURE_REPS);
        assert_near(c.mean, sum / FIXTURE_REPS * 1e3, 1e-9);
        assert_true(c.mean < 200); /* not the failover values */
    }
    struct sim_summary rd, wr;
    plot_latency_cell(f->r, ws, 1, PLOT_LATENCY_READ, PLOT_LATENCY_STEADY, 0.5, &rd);
    plot_latency_cell(f->r, ws, 1, PLOT_LATENCY_WRITE, PLOT_LATENCY_STEADY, 0.5, &wr);
    assert_true(wr.mean > rd.mean * 1.2);
    for (size_t k = 0; k < f->n; k++) {
        sim_hist_init(&f->runs[k].latency[1].read_incident);
        sim_hist_init(&f->runs[k].latency[1].write_incident);
    }
}

static void test_thousands_are_grouped(void **state)
{
    (void)state;
    const char *const cases[][2] = {{"$12345.60", "$12,345.60"}, {"$1234567", "$1,234,567"},
                                    {"$999.99", "$999.99"},      {"$1000", "$1,000"},
                                    {"-123456.5", "-123,456.5"}, {"n/a", "n/a"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[32];
        strcpy(buf, cases[i][0]);
        plot_group_thousands(buf, sizeof buf);
        assert_string_equal(buf, cases[i][1]);
    }
    char tight[8] = "1234567"; /* no room for the commas: unchanged */
    plot_group_thousands(tight, sizeof tight);
    assert_string_equal(tight, "1234567");
    char usd[32];
    plot_format_value(PLOT_AXIS_USD, 23456.4, usd, sizeof usd);
    assert_string_equal(usd, "$23,456");
}

/* No successful request anywhere: the latency chart draws an empty frame
 * with "no data" (a finite axis, nothing from an infinite range). */
static void test_latency_chart_without_requests(void **state)
{
    struct fx *f = *state;
    struct run_result *none = malloc(f->n * sizeof *none);
    assert_non_null(none);
    memcpy(none, f->runs, f->n * sizeof *none);
    for (size_t i = 0; i < f->n; i++)
        for (int u = 0; u < none[i].n_users; u++) {
            sim_hist_init(&none[i].latency[u].read);
            sim_hist_init(&none[i].latency[u].write);
            sim_hist_init(&none[i].latency[u].read_incident);
            sim_hist_init(&none[i].latency[u].write_incident);
        }
    struct summary *r = summary_new(&f->s, none, f->n, NULL);
    assert_non_null(r);
    char path[256];
    snprintf(path, sizeof path, "%s/no-latency.svg", f->dir);
    assert_int_equal(plot_write_file(r, PLOT_CHART_LATENCY, REPORT_FORMAT_SVG, path), 0);
    size_t len;
    char *svg = slurp(path, &len);
    assert_true(len > 0);
    free(svg);
    summary_free(r);
    free(none);
}

static void test_population_names_read_as_words(void **state)
{
    (void)state;
    char buf[64];
    plot_population_name("north-america-east", buf, sizeof buf);
    assert_string_equal(buf, "North America east");
    plot_population_name("europe-west", buf, sizeof buf);
    assert_string_equal(buf, "Europe west");
    plot_population_name("middle-east", buf, sizeof buf);
    assert_string_equal(buf, "Middle East");
    plot_population_name("asia", buf, sizeof buf);
    assert_string_equal(buf, "Asia");
    plot_population_name("north-america-east", buf, 6);
    assert_string_equal(buf, "North");
}

/* Whether segment s comes within 0.5 px of box b, checked by walking it
 * in 0.25 px steps: independent of the Liang-Barsky test under test. */
static bool seg_touches(const struct plot_seg *s, const struct plot_rect *b)
{
    double len = hypot(s->x1 - s->x0, s->y1 - s->y0);
    int n = (int)(len / 0.25) + 1;
    for (int i = 0; i <= n; i++) {
        double x = s->x0 + (s->x1 - s->x0) * i / n, y = s->y0 + (s->y1 - s->y0) * i / n;
        if (x > b->x0 + 0.5 && x < b->x1 - 0.5 && y > b->y0 + 0.5 && y < b->y1 - 0.5)
            return true;
    }
    return false;
}

static bool boxes_cross(const struct plot_rect *a, const struct plot_rect *b)
{
    return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

static void test_rect_segment_intersection(void **state)
{
    (void)state;
    const struct plot_rect b = {10, 10, 20, 20};
    const struct plot_seg through = {0, 15, 30, 15}, diag = {0, 0, 30, 30},
                          beside = {0, 25, 30, 25}, corner_miss = {0, 19, 19, 0},
                          corner_cut = {0, 21, 21, 0}, short_of = {0, 15, 9, 15},
                          inside = {12, 12, 13, 13};
    assert_true(plot_rect_hits_seg(&b, &through));
    assert_true(plot_rect_hits_seg(&b, &diag));
    assert_true(plot_rect_hits_seg(&b, &inside));
    assert_false(plot_rect_hits_seg(&b, &beside));
    assert_false(plot_rect_hits_seg(&b, &corner_miss));
    assert_true(plot_rect_hits_seg(&b, &corner_cut));
    assert_false(plot_rect_hits_seg(&b, &short_of));
}

/* Labels placed one after another around points crossed by whiskers and
 * a staircase: every label placed is inside the bounds, touches no line
 * and no marker, and overlaps no label placed before it; the leader, if
 * any, crosses no other label. Checked by independent geometry. */
static void test_labels_cover_no_line_marker_or_label(void **state)
{
    (void)state;
    static struct plot_obstacles o;
    memset(&o, 0, sizeof o);
    const struct plot_rect bounds = {0, 0, 480, 320};
    /* points on a staircase, each with a long horizontal and vertical whisker */
    const double px[5] = {60, 120, 180, 190, 300}, py[5] = {60, 120, 130, 200, 250};
    for (int i = 0; i < 5; i++) {
        plot_obstacle_rect(&o, (struct plot_rect){px[i] - 10, py[i] - 10, px[i] + 10, py[i] + 10});
        plot_obstacle_seg(&o, px[i] - 70, py[i], px[i] + 70, py[i]);
        plot_obstacle_seg(&o, px[i], py[i] - 40, px[i], py[i] + 40);
        if (i > 0) {
            plot_obstacle_seg(&o, px[i - 1], py[i - 1], px[i], py[i - 1]);
            plot_obstacle_seg(&o, px[i], py[i - 1], px[i], py[i]);
        }
    }
    int n_lines = o.n_seg, n_marks = o.n_rect, placed = 0;
    struct plot_rect labels[5];
    bool done[5] = {false};
    for (int g = 0; g < PLOT_LABEL_RINGS; g++) /* near spots for all first, as the charts do */
        for (int i = 0; i < 5; i++) {
            struct plot_spot sp;
            if (done[i] || !plot_place_label(&o, &bounds, px[i], py[i], 10, 90, 15, 1, -g, &sp))
                continue;
            done[i] = true;
            const struct plot_rect *b = &sp.box;
            assert_true(b->x0 >= bounds.x0 && b->x1 <= bounds.x1);
            assert_true(b->y0 >= bounds.y0 && b->y1 <= bounds.y1);
            for (int k = 0; k < n_lines; k++)
                assert_false(seg_touches(&o.seg[k], b));
            for (int k = 0; k < n_marks; k++)
                assert_false(boxes_cross(&o.rect[k], b));
            for (int k = 0; k < placed; k++) {
                assert_false(boxes_cross(&labels[k], b));
                const struct plot_seg l = {sp.lx0, sp.ly0, sp.lx1, sp.ly1};
                if (sp.leader)
                    assert_false(seg_touches(&l, &labels[k]));
            }
            labels[placed++] = *b;
            plot_obstacle_rect(&o, *b);
        }
    assert_int_equal(placed, 5); /* there is room for all five here */
    /* with nothing around, the first spot: right of the point, no leader */
    static struct plot_obstacles none;
    struct plot_spot near;
    assert_true(plot_place_label(&none, &bounds, 200, 150, 10, 90, 15, 1, 0, &near));
    assert_false(near.leader);
    assert_near(near.box.x0, 200 + 10 + 3, 1e-9);
    assert_near((near.box.y0 + near.box.y1) / 2, 150, 1e-9);
    /* a point fenced in by lines on every side within reach: no spot */
    static struct plot_obstacles fence;
    memset(&fence, 0, sizeof fence);
    for (int y = 0; y <= 300; y += 12)
        plot_obstacle_seg(&fence, 0, y, 480, y);
    struct plot_spot sp = {.leader = true};
    assert_false(plot_place_label(&fence, &bounds, 200, 150, 10, 90, 15, 1, PLOT_LABEL_RINGS, &sp));
    assert_true(sp.leader); /* untouched */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_chart_in_every_format_opens_and_is_not_blank),
        cmocka_unit_test(test_inline_svg_has_prefixed_ids_and_no_declaration),
        cmocka_unit_test(test_axes_use_1_2_5_steps_and_fitting_time_units),
        cmocka_unit_test(test_report_without_incidents_draws_no_data),
        cmocka_unit_test(test_latency_chart_selects_state_and_operation),
        cmocka_unit_test(test_population_names_read_as_words),
        cmocka_unit_test(test_latency_chart_without_requests),
        cmocka_unit_test(test_thousands_are_grouped),
        cmocka_unit_test(test_rect_segment_intersection),
        cmocka_unit_test(test_labels_cover_no_line_marker_or_label),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
