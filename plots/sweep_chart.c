/* The charts of a sweep: a metric of interest against the first swept key,
 * one line per strategy with its 95% band, one panel per combination of the
 * other keys (small multiples on a shared y axis), targets dashed. The x axis
 * is a category axis of the values as written, in sweep order. */
#include <math.h>
#include <stdio.h>

#include "models/strategies/registry.h"
#include "plots/draw.h"
#include "plots/plot.h"
#include "plots/sweep.h"

const char *sweep_chart_file(int i)
{
    static const char *const files[SWEEP_METRICS] = {"sweep_rto", "sweep_rpo", "sweep_availability",
                                                     "sweep_cost_month", "sweep_total_cost_year"};
    return files[i];
}

bool sweep_chart_applies(const struct sweep_result *w, int i)
{
    for (int p = 0; p < w->n_points; p++)
        for (int k = 0; k < w->n_kinds; k++)
            if (sweep_cell(w, p, w->kinds[k])->metric[sweep_metric[i]].n > 0)
                return true;
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
    return m == METRIC_RTO || m == METRIC_RPO ? PLOT_AXIS_TIME
           : m == METRIC_AVAILABILITY         ? PLOT_AXIS_PERCENT
                                              : PLOT_AXIS_USD;
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

/* One panel: axis 0 across, the other axes fixed at `rest` (point index of
 * the first value of axis 0). */
static void panel(cairo_t *cr, const struct plot_frame *f, const struct sweep_result *w,
                  enum metric m, int rest, const char *title)
{
    const struct scenario_sweep *ax = w->axes;
    int n0 = ax->n_values[0], stride = w->n_points / n0;
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
        int kind = w->kinds[k];
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
            continue;
        cairo_new_path(cr);
        for (int v = 0; v < n0; v++) {
            const struct sim_summary *s = &sweep_cell(w, rest + v * stride, kind)->metric[m];
            if (s->n > 0)
                cairo_line_to(cr, plot_fx(f, v), plot_fy(f, s->mean));
        }
        plot_set_line(cr, kind, 2);
        cairo_stroke(cr);
        for (int v = 0; v < n0; v++) {
            const struct sim_summary *s = &sweep_cell(w, rest + v * stride, kind)->metric[m];
            if (s->n > 0)
                plot_marker(cr, kind, plot_fx(f, v), plot_fy(f, s->mean), 7);
        }
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
             "%s: mean of %d replication%s per point, band: 95%% CI; same seed at every point; "
             "x: the values as swept, evenly spaced",
             r->points[0].s.name, r->replications, r->replications == 1 ? "" : "s");
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
        if (isfinite(lo) && m == METRIC_AVAILABILITY) /* a ratio: never above 100% */
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
