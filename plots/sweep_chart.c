/* The charts of a sweep: a metric of interest against the first swept key,
 * one line per strategy with its 95% band, one panel per combination of the
 * other keys (small multiples on a shared y axis), targets dashed. The x axis
 * is a category axis of the values as written, in sweep order. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/strategies/registry.h"
#include "plots/draw.h"
#include "plots/plot.h"
#include "plots/sweep.h"

const char *sweep_chart_file(int i)
{
    /* "sweep_" and the metric's name (test_sweep holds them equal) */
    static const char *const files[SWEEP_METRICS] = {"sweep_rto",
                                                     "sweep_rpo",
                                                     "sweep_availability",
                                                     "sweep_cost_month",
                                                     "sweep_total_cost_year",
                                                     "sweep_split_brain_writes",
                                                     "sweep_residency_violations",
                                                     "sweep_sessions_lost_share",
                                                     "sweep_wasted_work",
                                                     "sweep_conflicts",
                                                     "sweep_stale_reads"};
    return files[i];
}

bool sweep_chart_applies(const struct sweep_result *w, int i)
{
    for (int p = 0; p < w->n_points; p++)
        for (int k = 0; k < w->n_kinds; k++) {
            const struct sim_summary *s = &sweep_cell(w, p, w->kinds[k])->metric[sweep_metric[i]];
            if (s->n > 0 && (i < SWEEP_CORE_METRICS || s->mean != 0))
                return true;
        }
    return false;
}

/* The target of the metric, in its unit; false when none. */
static bool metric_target(const struct scenario *s, enum metric m, double *v)
{
    if (m == METRIC_RTO)
        return summary_target_value(s, SUMMARY_TARGET_RTO, v);
    if (m == METRIC_RPO)
        return summary_target_value(s, SUMMARY_TARGET_RPO, v);
    if (m == METRIC_AVAILABILITY)
        return summary_target_value(s, SUMMARY_TARGET_AVAILABILITY, v);
    return false;
}

static enum plot_axis_kind axis_kind(enum metric m)
{
    const char *unit = metric_unit(m);
    return strcmp(unit, "s") == 0       ? PLOT_AXIS_TIME
           : strcmp(unit, "ratio") == 0 ? PLOT_AXIS_PERCENT
           : strcmp(unit, "USD") == 0   ? PLOT_AXIS_USD
                                        : PLOT_AXIS_PLAIN;
}

/* The y range over every point, strategy and band, with the target. */
static void y_range(const struct sweep_result *w, enum metric m, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    double t;
    if (metric_target(&w->points[0].s, m, &t)) {
        *lo = t;
        *hi = t;
    }
    for (int p = 0; p < w->n_points; p++)
        for (int k = 0; k < w->n_kinds; k++) {
            const struct sim_summary *s = &sweep_cell(w, p, w->kinds[k])->metric[m];
            if (s->n == 0)
                continue;
            *lo = fmin(*lo, fmin(s->ci_low, s->mean));
            *hi = fmax(*hi, fmax(s->ci_high, s->mean));
        }
}

/* Axis a's values are quantities (each begins as a number does: "30s",
 * "25%"), so a line between neighbours means something; else they are
 * categories ("none", "lease") and each is drawn apart. */
static bool axis_ordered(const struct scenario_sweep *ax, int a)
{
    for (int v = 0; v < ax->n_values[a]; v++)
        if (!strchr("0123456789.-+", ax->value[a][v][0]))
            return false;
    return true;
}

/* A strategy's band and line across quantities. */
static void series_line(cairo_t *cr, const struct plot_frame *f, const struct sweep_result *w,
                        enum metric m, int rest, int kind)
{
    int n0 = w->axes->n_values[0], stride = w->n_points / n0;
    /* the band: ci_high left to right, then ci_low back */
    cairo_new_path(cr);
    int drawn = 0;
    for (int v = 0; v < n0; v++) {
        const struct sim_summary *s = &sweep_cell(w, rest + v * stride, kind)->metric[m];
        if (s->n > 0)
            cairo_line_to(cr, plot_fx(f, v), plot_fy(f, s->ci_high));
        drawn += s->n > 0;
    }
    for (int v = n0 - 1; v >= 0; v--) {
        const struct sim_summary *s = &sweep_cell(w, rest + v * stride, kind)->metric[m];
        if (s->n > 0)
            cairo_line_to(cr, plot_fx(f, v), plot_fy(f, s->ci_low));
    }
    cairo_close_path(cr);
    plot_set_colour(cr, kind, 0.18);
    cairo_fill(cr);
    if (drawn == 0)
        return;
    cairo_new_path(cr);
    for (int v = 0; v < n0; v++) {
        const struct sim_summary *s = &sweep_cell(w, rest + v * stride, kind)->metric[m];
        if (s->n > 0)
            cairo_line_to(cr, plot_fx(f, v), plot_fy(f, s->mean));
    }
    plot_set_line(cr, kind, 2);
    cairo_stroke(cr);
}

/* A strategy's mean marker at each value, beside the others' (slot j of
 * n) with its 95% whisker when the values are categories. */
static void series_points(cairo_t *cr, const struct plot_frame *f, const struct sweep_result *w,
                          enum metric m, int rest, int kind, int j, int n, bool ordered)
{
    int n0 = w->axes->n_values[0], stride = w->n_points / n0;
    double step = fmin(14, f->w / n0 * 0.5 / n), dx = ordered ? 0 : (j - (n - 1) / 2.0) * step;
    for (int v = 0; v < n0; v++) {
        const struct sim_summary *s = &sweep_cell(w, rest + v * stride, kind)->metric[m];
        if (s->n == 0)
            continue;
        double x = plot_fx(f, v) + dx;
        if (!ordered) {
            plot_set_line(cr, kind, 2);
            cairo_set_dash(cr, NULL, 0, 0); /* a whisker, not the series' line */
            cairo_move_to(cr, x, plot_fy(f, s->ci_low));
            cairo_line_to(cr, x, plot_fy(f, s->ci_high));
            cairo_stroke(cr);
        }
        plot_marker(cr, kind, x, plot_fy(f, s->mean), ordered ? 7 : 9);
    }
}

/* One panel: axis 0 across, the other axes fixed at `rest` (point index of
 * the first value of axis 0). */
static void panel(cairo_t *cr, const struct plot_frame *f, const struct sweep_result *w,
                  enum metric m, int rest, const char *title)
{
    const struct scenario_sweep *ax = w->axes;
    int n0 = ax->n_values[0];
    bool ordered = axis_ordered(ax, 0);
    plot_axes(cr, f, NULL, NULL, false);
    if (title[0])
        plot_text(cr, f->x + f->w / 2, f->y - 4, title, 0.5, 1, PLOT_FONT_SIZE - 1, true);
    for (int v = 0; v < n0; v++)
        plot_text(cr, plot_fx(f, v), f->y + f->h + 6, ax->value[0][v], 0.5, 0, PLOT_FONT_SIZE - 1,
                  false);
    double t;
    if (metric_target(&w->points[0].s, m, &t))
        plot_hline(cr, f, t, "target");
    for (int k = 0; k < w->n_kinds; k++) {
        if (ordered)
            series_line(cr, f, w, m, rest, w->kinds[k]);
        series_points(cr, f, w, m, rest, w->kinds[k], k, w->n_kinds, ordered);
    }
}

/* "standby 25%, ttl 60s": the values of axes 1.. at point p. */
static void panel_title(const struct sweep_result *w, int p, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (int a = 1; a < w->axes->n_axes && n < size; a++)
        n += (size_t)snprintf(buf + n, size - n, "%s%s = %s", a > 1 ? ", " : "", w->axes->path[a],
                              w->axes->value[a][w->points[p].value[a]]);
}

int sweep_chart(cairo_t *cr, double w, double h, const struct sweep_result *r, int i)
{
    enum metric m = sweep_metric[i];
    const struct scenario_sweep *ax = r->axes;
    char title[256], sub[256];
    snprintf(title, sizeof title, "%s against %s", plot_metric_title(m), ax->path[0]);
    snprintf(sub, sizeof sub,
             "%s: mean of %d replication%s per point, %s: 95%% CI; same seed at "
             "every point; x: the values as swept, %s",
             r->points[0].s.name, r->replications, r->replications == 1 ? "" : "s",
             axis_ordered(ax, 0) ? "band" : "whisker",
             axis_ordered(ax, 0) ? "evenly spaced" : "each apart");
    double top = plot_title(cr, w, title, sub);
    struct plot_legend_entry e[SCENARIO_MAX_STRATEGIES];
    for (int k = 0; k < r->n_kinds; k++)
        e[k] = (struct plot_legend_entry){strategy_label(r->kinds[k]), r->kinds[k],
                                          PLOT_LEGEND_LINE, 0};
    top += plot_legend(cr, 90, top, w - 110, e, r->n_kinds, true) + 8;

    int panels = r->n_points / ax->n_values[0];
    int cols = panels <= 1 ? 1 : panels <= 4 ? 2 : 3;
    int rows = (panels + cols - 1) / cols;
    double left = 90, right = 24, bottom = 56, gap = 26;
    double pw = (w - left - right - (cols - 1) * gap) / cols;
    double ph = (h - top - bottom - (rows - 1) * (gap + 18)) / rows - (panels > 1 ? 18 : 0);
    double lo, hi;
    y_range(r, m, &lo, &hi);
    for (int q = 0; q < panels; q++) {
        struct plot_frame f = {.x = left + (q % cols) * (pw + gap),
                               .y = top + (panels > 1 ? 18 : 0) + (q / cols) * (ph + gap + 36),
                               .w = pw,
                               .h = ph};
        if (isfinite(lo) && axis_kind(m) == PLOT_AXIS_PERCENT) /* never above 100% */
            plot_axis_nice(&f.ay, PLOT_AXIS_PERCENT, fmax(0, lo - fmax(hi - lo, 1e-3) * 0.5),
                           fmin(1, hi + (hi - lo) * 0.1), (int)(ph / 40) + 1);
        else if (isfinite(lo))
            plot_axis_nice(&f.ay, axis_kind(m), fmin(0, lo), hi > lo ? hi * 1.08 : lo + 1,
                           (int)(ph / 40) + 1);
        else
            plot_axis_nice(&f.ay, axis_kind(m), 0, 1, 4);
        f.ax.lo = -0.5;
        f.ax.hi = ax->n_values[0] - 0.5;
        char pt[256];
        panel_title(r, q, pt, sizeof pt);
        cairo_save(cr); /* a series' dash and colour stay in its panel */
        panel(cr, &f, r, m, q, pt);
        cairo_restore(cr);
        cairo_set_source_rgb(cr, 0.2, 0.2, 0.2); /* text, not the last series' colour */
        if (q % cols == 0) {
            char yt[64];
            snprintf(yt, sizeof yt, "%s (%s)", metric_name(m),
                     f.ay.unit[0] ? f.ay.unit : metric_unit(m));
            plot_text_up(cr, f.x - 62, f.y + f.h / 2, yt, PLOT_FONT_SIZE - 1);
        }
    }
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    plot_text(cr, left + (w - left - right) / 2, h - 8, ax->path[0], 0.5, 1, PLOT_FONT_SIZE, false);
    return 0;
}

static int draw_ref(cairo_t *cr, double wd, double h, const void *ctx)
{
    const struct sweep_chart_ref *c = ctx;
    return sweep_chart(cr, wd, h, c->w, c->i);
}

struct plot_image sweep_chart_image(struct sweep_chart_ref *c)
{
    return (struct plot_image){draw_ref, c, PLOT_WIDTH, PLOT_HEIGHT};
}
