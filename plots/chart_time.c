/* Time charts around the first failure of each run (minutes from the
 * failure): the success ratio with the runbook phases beneath it, and the
 * DNS drain (share of requests still sent to the failed region). Lines are
 * per-minute steps: the replications' median with their range as a band. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plots/draw.h"
#include "plots/plot.h"

/* Seconds from the failure at the middle of incident point i. */
static double inc_t(int i)
{
    return (i - RESULTS_INCIDENT_BEFORE + 0.5) * 60.0;
}

static double clamp(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* Start of incident point i in seconds from the failure: point i covers
 * the minute [start, start + 60 s). */
static double inc_t0(int i)
{
    return (i - RESULTS_INCIDENT_BEFORE) * 60.0;
}

/* One series as steps (each minute is a flat segment over its own minute,
 * so nothing falls before the failure): the replications' median, and their
 * range as a band. Broken where there is no data. */
static void series_line(cairo_t *cr, const struct plot_frame *f, const struct summary_point *p,
                        int kind)
{
    cairo_save(cr);
    cairo_rectangle(cr, f->x, f->y - 2, f->w, f->h + 4);
    cairo_clip(cr);
    /* band: one polygon per run of points with data */
    for (int i = 0; i < RESULTS_INCIDENT_POINTS;) {
        if (p[i].n < 2) {
            i++;
            continue;
        }
        int j = i;
        while (j < RESULTS_INCIDENT_POINTS && p[j].n >= 2)
            j++;
        cairo_new_path(cr);
        for (int k = i; k < j; k++) {
            double y = plot_fy(f, clamp(p[k].max, f->ay.lo, f->ay.hi));
            cairo_line_to(cr, plot_fx(f, inc_t0(k)), y);
            cairo_line_to(cr, plot_fx(f, inc_t0(k) + 60), y);
        }
        for (int k = j - 1; k >= i; k--) {
            double y = plot_fy(f, clamp(p[k].min, f->ay.lo, f->ay.hi));
            cairo_line_to(cr, plot_fx(f, inc_t0(k) + 60), y);
            cairo_line_to(cr, plot_fx(f, inc_t0(k)), y);
        }
        cairo_close_path(cr);
        plot_set_colour(cr, kind, 0.14);
        cairo_fill(cr);
        i = j;
    }
    plot_set_line(cr, kind, 2.2);
    bool pen = false;
    for (int i = 0; i < RESULTS_INCIDENT_POINTS; i++) {
        if (p[i].n == 0) {
            pen = false;
            continue;
        }
        double y = plot_fy(f, clamp(p[i].p50, f->ay.lo, f->ay.hi));
        if (pen)
            cairo_line_to(cr, plot_fx(f, inc_t0(i)), y);
        else
            cairo_move_to(cr, plot_fx(f, inc_t0(i)), y);
        cairo_line_to(cr, plot_fx(f, inc_t0(i) + 60), y);
        pen = true;
    }
    cairo_stroke(cr);
    /* a few markers, staggered per strategy so they do not sit on each other */
    double every = f->w / 6;
    for (double x = f->x + every * (0.3 + 0.15 * (kind % 4)); x < f->x + f->w; x += every) {
        double t = f->ax.lo + (x - f->x) / f->w * (f->ax.hi - f->ax.lo);
        int i = (int)floor(t / 60.0) + RESULTS_INCIDENT_BEFORE;
        if (i >= 0 && i < RESULTS_INCIDENT_POINTS && p[i].n > 0)
            plot_marker(cr, kind, plot_fx(f, inc_t(i)),
                        plot_fy(f, clamp(p[i].p50, f->ay.lo, f->ay.hi)), 7);
    }
    cairo_restore(cr);
}

/* The legend of the strategies whose bit is set in `shown`. */
static double legend_of_strategies(cairo_t *cr, const struct summary *r, double x, double y,
                                   double w, unsigned shown)
{
    struct plot_legend_entry e[SCENARIO_MAX_STRATEGIES];
    int n = 0;
    for (int i = 0; i < r->n_strategies; i++)
        if (shown & (1u << i))
            e[n++] = (struct plot_legend_entry){strategy_label(r->strategy[i].kind),
                                                r->strategy[i].kind, PLOT_LEGEND_LINE, 0};
    return plot_legend(cr, x, y, w, e, n, true);
}

/* The window to show after the failure, from each strategy's settle time
 * T[i] (NAN: none): all of them, unless the slowest is more than 4x the next,
 * in which case the window ends at twice the next and the slowest gets a
 * note at the right edge instead of squashing everyone else. */
static double focus_window(const double *T, int n)
{
    double a = 0, b = 0; /* largest, second largest */
    for (int i = 0; i < n; i++) {
        if (isnan(T[i]))
            continue;
        if (T[i] > a) {
            b = a;
            a = T[i];
        } else if (T[i] > b) {
            b = T[i];
        }
    }
    double hi = a > 4 * b && b > 0 ? fmax(2 * b, 1800) : a * 1.15 + 300;
    if (a <= 0)
        hi = 3600;
    return fmin(hi, (RESULTS_INCIDENT_POINTS - RESULTS_INCIDENT_BEFORE) * 60.0);
}

/* Notes at the right edge for strategies whose settle time is off the chart. */
static void off_chart_notes(cairo_t *cr, const struct plot_frame *f, const struct summary *r,
                            const double *T, const char *verb)
{
    double y = f->y + 8;
    char buf[128], t[32];
    for (int i = 0; i < r->n_strategies; i++) {
        if (isnan(T[i]) || T[i] <= f->ax.hi)
            continue;
        plot_format_value(PLOT_AXIS_TIME, T[i], t, sizeof t);
        snprintf(buf, sizeof buf, "%s %s after %s \xe2\x86\x92",
                 strategy_label(r->strategy[i].kind), verb, t);
        double tw = plot_text_width(cr, buf, 11.5, true);
        cairo_save(cr);
        cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
        cairo_rectangle(cr, f->x + f->w - tw - 8, y - 1, tw + 6, 16);
        cairo_fill(cr);
        plot_set_colour(cr, r->strategy[i].kind, 1);
        plot_text(cr, f->x + f->w - 4, y, buf, 1, 0, 11.5, true);
        cairo_restore(cr);
        y += 18;
    }
}

/* Settle time of the incident timeline: recovery held (RTO max) or the
 * runbook's last step, whichever is later. */
static void recovery_times(const struct summary *r, double *T)
{
    for (int i = 0; i < r->n_strategies; i++) {
        const struct summary_strategy *st = &r->strategy[i];
        double t = NAN;
        if (st->metric[METRIC_RTO].n > 0)
            t = st->metric[METRIC_RTO].max;
        for (int p = 0; p < PHASE_COUNT; p++)
            if (!isnan(st->phase_end_s[p]) && p != PHASE_FAILBACK)
                t = isnan(t) ? st->phase_end_s[p] : fmax(t, st->phase_end_s[p]);
        T[i] = t;
    }
}

/* Strategies with a point of series se around an incident, as bits. */
static unsigned with_data(const struct summary *r, enum summary_series se)
{
    unsigned bits = 0;
    for (int i = 0; i < r->n_strategies; i++)
        for (int k = 0; k < RESULTS_INCIDENT_POINTS; k++)
            if (r->strategy[i].incident[se][k].n > 0)
                bits |= 1u << i;
    return bits;
}

/* The failure line and the RTO target's, labelled above the frame: both
 * centred when they clear each other, else the failure's to the left of
 * its line and the target's to the right of its own. */
static void event_lines(cairo_t *cr, const struct plot_frame *f, const struct scenario_report *rep)
{
    double t = sim_time_to_sec(rep->rto_target.v);
    if (!rep->rto_target.set || t > f->ax.hi) {
        plot_vline(cr, f, 0, "failure");
        return;
    }
    double gap = plot_fx(f, t) - plot_fx(f, 0);
    double half = (plot_text_width(cr, "failure", 11.5, false) +
                   plot_text_width(cr, "RTO target", 11.5, false)) /
                  2;
    bool apart = gap > half + 6;
    plot_vline_aligned(cr, f, 0, "failure", apart ? 0.5 : 1);
    plot_vline_aligned(cr, f, t, "RTO target", apart ? 0.5 : 0);
}

/* The runbook of one strategy as a strip of phases: segment k runs from the
 * previous phase's end to its own. */
static void phase_strip(cairo_t *cr, const struct plot_frame *f, const struct summary_strategy *st,
                        double y, double hgt)
{
    int order[PHASE_COUNT], n = 0;
    for (int p = 0; p < PHASE_COUNT; p++)
        if (!isnan(st->phase_end_s[p]))
            order[n++] = p;
    for (int i = 1; i < n; i++) /* by end time */
        for (int j = i; j > 0 && st->phase_end_s[order[j - 1]] > st->phase_end_s[order[j]]; j--) {
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    plot_text(cr, f->x - 8, y + hgt / 2, strategy_label(st->kind), 1, 0.5, 11.5, false);
    if (n == 0) {
        cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
        plot_text(cr, f->x + 4, y + hgt / 2,
                  st->incidents == 0 ? "no incident: the failure did not hurt it"
                                     : "no runbook steps (no failover)",
                  0, 0.5, 11, false);
    }
    double prev = 0;
    for (int i = 0; i < n; i++) {
        double end = st->phase_end_s[order[i]];
        double x0 = plot_fx(f, clamp(prev, f->ax.lo, f->ax.hi));
        double x1 = plot_fx(f, clamp(end, f->ax.lo, f->ax.hi));
        prev = end;
        if (x1 - x0 < 0.5)
            continue;
        cairo_rectangle(cr, x0, y, x1 - x0, hgt);
        plot_set_colour(cr, st->kind, i % 2 ? 0.55 : 0.25);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_set_line_width(cr, 1);
        cairo_stroke(cr);
        /* the full name, or a short one, or nothing: never over a neighbour */
        static const char *const brief[PHASE_COUNT] = {"det",   "dec", "fence", "prov",  "rest", "prom",
                                                       "start", "dns", "scale", "back"};
        const char *name = phase_name(order[i]);
        cairo_set_source_rgb(cr, 0.05, 0.05, 0.05);
        if (plot_text_width(cr, name, 10.5, false) + 4 < x1 - x0)
            plot_text(cr, (x0 + x1) / 2, y + hgt / 2, name, 0.5, 0.5, 10.5, false);
        else if (plot_text_width(cr, brief[order[i]], 10, false) + 2 < x1 - x0)
            plot_text(cr, (x0 + x1) / 2, y + hgt / 2, brief[order[i]], 0.5, 0.5, 10, false);
    }
    cairo_restore(cr);
}

int plot_incident_timeline(cairo_t *cr, double w, double h, const struct summary *r)
{
    double top = plot_title(cr, w, "Success ratio around the failure",
                            "per minute: median of replications (band: lowest to highest); "
                            "below: runbook phases (mean end of each)");
    /* a strategy the failure did not hurt has no line: no legend entry,
     * its strip says so */
    unsigned shown = with_data(r, SUMMARY_SERIES_SUCCESS);
    double lh = legend_of_strategies(cr, r, 130, top, w - 150, shown);
    double strip_row = 18, strip_h = r->n_strategies * (strip_row + 4);
    struct plot_frame f = {.x = 130, .y = top + lh + 20, .w = w - 130 - 24};
    f.h = h - f.y - 50 - strip_h - 10;
    double T[SCENARIO_MAX_STRATEGIES];
    recovery_times(r, T);
    double hi = focus_window(T, r->n_strategies), before = -fmax(120, 0.06 * hi);
    plot_axis_nice(&f.ax, PLOT_AXIS_TIME, before, hi, (int)(f.w / 70));
    plot_axis_clip_lo(&f.ax, before);
    /* low end: the lowest mean shown, so a shallow dip is not flattened */
    double lo = 1;
    for (int i = 0; i < r->n_strategies; i++)
        for (int k = 0; k < RESULTS_INCIDENT_POINTS; k++) {
            const struct summary_point *p = &r->strategy[i].incident[SUMMARY_SERIES_SUCCESS][k];
            if (p->n > 0 && inc_t(k) >= f.ax.lo && inc_t(k) <= f.ax.hi)
                lo = fmin(lo, p->min);
        }
    /* a shallow dip gets a zoomed axis (at least 98-100%); every 1-2-5 step
     * divides 1, so the axis ends exactly at 100% */
    plot_axis_nice(&f.ay, PLOT_AXIS_PERCENT, lo > 0.9 ? fmin(floor(lo * 100) / 100, 0.98) : 0, 1,
                   (int)(f.h / 40));
    char xt[64];
    snprintf(xt, sizeof xt, "time from failure (%s)", f.ax.unit);
    /* the strip sits between the plot and the x labels: draw axes with the
     * frame extended over it, then labels below */
    plot_axes(cr, &f, NULL, "success ratio (%)", false);
    if (!shown) {
        plot_no_data(cr, &f);
        return 0;
    }
    const struct scenario_report *rep = &r->scenario->report;
    event_lines(cr, &f, rep);
    char label[64];
    snprintf(label, sizeof label, "RTO threshold %.4g%%", 100 * rep->rto_threshold);
    plot_hline(cr, &f, rep->rto_threshold, label);
    for (int i = 0; i < r->n_strategies; i++)
        series_line(cr, &f, r->strategy[i].incident[SUMMARY_SERIES_SUCCESS], r->strategy[i].kind);
    double y = f.y + f.h + 8;
    for (int i = 0; i < r->n_strategies; i++, y += strip_row + 4)
        phase_strip(cr, &f, &r->strategy[i], y, strip_row);
    /* x tick labels under the strip */
    off_chart_notes(cr, &f, r, T, "recovers");
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    plot_x_labels(cr, &f, y);
    plot_text(cr, f.x + f.w / 2, y + 19, xt, 0.5, 0, PLOT_FONT_SIZE, false);
    cairo_restore(cr);
    return 0;
}

/* The drain's log axis ends here: a share of 0 is drawn on this floor. */
#define DRAIN_FLOOR 1e-4

/* Strategies with a drain to draw (a DNS switch), as bits. */
static unsigned drained(const struct summary *r)
{
    unsigned bits = 0;
    for (int i = 0; i < r->n_strategies; i++)
        for (int k = 0; k < RESULTS_INCIDENT_POINTS; k++)
            if (r->strategy[i].drain[k].n > 0 && r->strategy[i].drain[k].max > 0)
                bits |= 1u << i;
    return bits;
}

int plot_dns_drain(cairo_t *cr, double w, double h, const struct summary *r)
{
    double top = plot_title(cr, w, "DNS drain: requests still sent to the failed region",
                            "per minute from each run's DNS switch: median of replications "
                            "(band: lowest to highest); 0 is drawn at the floor");
    unsigned shown = drained(r);
    double lh = legend_of_strategies(cr, r, 90, top, w - 110, shown);
    struct plot_frame f = {.x = 90, .y = top + lh + 20, .w = w - 90 - 24};
    f.h = h - f.y - 52;
    /* settle time: when the highest replication stays under 0.1% */
    double T[SCENARIO_MAX_STRATEGIES];
    for (int i = 0; i < r->n_strategies; i++) {
        T[i] = NAN;
        for (int k = RESULTS_INCIDENT_BEFORE; k < RESULTS_INCIDENT_POINTS; k++) {
            const struct summary_point *p = &r->strategy[i].drain[k];
            if (p->n > 0 && p->max > 1e-3)
                T[i] = inc_t0(k) + 60;
        }
    }
    double end = fmax(focus_window(T, r->n_strategies), 600), before = -fmax(120, 0.06 * end);
    plot_axis_nice(&f.ax, PLOT_AXIS_TIME, before, end, (int)(f.w / 70));
    plot_axis_clip_lo(&f.ax, before);
    plot_axis_log(&f.ay, PLOT_AXIS_PERCENT, DRAIN_FLOOR, 1, (int)(f.h / 30));
    char xt[64];
    snprintf(xt, sizeof xt, "time from the DNS switch (%s)", f.ax.unit);
    plot_axes(cr, &f, xt, "share to the failed region (log)", true);
    if (!shown) {
        plot_no_data(cr, &f);
        return 0;
    }
    plot_vline(cr, &f, 0, "DNS switch");
    for (int i = 0; i < r->n_strategies; i++)
        series_line(cr, &f, r->strategy[i].drain, r->strategy[i].kind);
    off_chart_notes(cr, &f, r, T, "drains");
    return 0;
}
