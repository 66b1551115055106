/* Bar charts: one metric per strategy (mean, 95% CI whiskers, target line),
 * and latency percentiles per user population and strategy. A strategy's
 * colour, hatch and marker are its kind's, the same in every chart. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plots/draw.h"
#include "plots/plot.h"

static enum plot_axis_kind metric_axis(enum metric m)
{
    const char *u = metric_unit(m);
    if (strcmp(u, "s") == 0)
        return PLOT_AXIS_TIME;
    if (strcmp(u, "USD") == 0)
        return PLOT_AXIS_USD;
    if (strcmp(u, "ratio") == 0)
        return PLOT_AXIS_PERCENT;
    return PLOT_AXIS_PLAIN;
}

static struct sim_opt_time metric_target(const struct summary *r, enum metric m)
{
    if (m == METRIC_RTO)
        return r->scenario->report.rto_target;
    if (m == METRIC_RPO)
        return r->scenario->report.rpo_target;
    return (struct sim_opt_time){0};
}

static const char *metric_title(enum metric m)
{
    switch (m) {
    case METRIC_RTO:
        return "Recovery time (RTO)";
    case METRIC_RPO:
        return "Data loss window (RPO)";
    case METRIC_COST_MONTH:
        return "Monthly cost";
    case METRIC_INCIDENT_COST:
        return "Extra cost per incident";
    case METRIC_AVAILABILITY:
        return "Availability";
    case METRIC_DOWNTIME:
        return "Downtime";
    case METRIC_OUTAGE_COST_YEAR:
        return "Cost of outages per year";
    case METRIC_TOTAL_COST_YEAR:
        return "Total cost per year (bill and outages)";
    case METRIC_LOST_WRITES:
    case METRIC_SPLIT_BRAIN_WRITES:
    case METRIC_RESIDENCY_VIOLATIONS:
    case METRIC_RESIDENCY_BYTES:
    case METRIC_SESSIONS_LOST:
    case METRIC_SESSIONS_LOST_SHARE:
    case METRIC_SESSION_LATENCY_P50:
    case METRIC_WASTED_WORK:
    case METRIC_ATTEMPTS_PER_REQUEST:
    case METRIC_READ_P50:
    case METRIC_READ_P99:
    case METRIC_WRITE_P50:
    case METRIC_WRITE_P99:
    case METRIC_CONFLICTS:
    case METRIC_LOST_UPDATES:
    case METRIC_SIBLINGS:
    case METRIC_RTO_CENSORED:
    case METRIC_READ_P50_FAILOVER:
    case METRIC_READ_P99_FAILOVER:
    case METRIC_WRITE_P50_FAILOVER:
    case METRIC_WRITE_P99_FAILOVER:
    case METRIC_COST_COMPUTE:
    case METRIC_COST_DATABASE:
    case METRIC_COST_STORAGE:
    case METRIC_COST_SNAPSHOTS:
    case METRIC_COST_TRANSFER:
    case METRIC_COST_EGRESS:
    case METRIC_COST_DNS:
    case METRIC_STALE_READS:
    case METRIC_STALENESS_P99:
    case METRIC_RYW_VIOLATIONS:
    case METRIC_COUNT:
        break;
    }
    return metric_name(m);
}

const char *plot_metric_title(enum metric m)
{
    return metric_title(m);
}

/* Strategy labels under the slots of a category axis, wrapped to the slot. */
static void category_labels(cairo_t *cr, const struct plot_frame *f, const struct summary *r)
{
    double slot = f->w / r->n_strategies;
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    for (int i = 0; i < r->n_strategies; i++)
        plot_text_wrapped(cr, f->x + slot * (i + 0.5), f->y + f->h + 6, slot - 8,
                          strategy_label(r->strategy[i].kind), PLOT_FONT_SIZE);
    cairo_restore(cr);
}

int plot_bars(cairo_t *cr, double w, double h, const struct summary *r, enum metric m)
{
    if ((unsigned)m >= METRIC_COUNT)
        return SIM_EINVAL;
    enum plot_axis_kind kind = metric_axis(m);
    struct sim_opt_time opt = metric_target(r, m);
    bool target = opt.set;
    double target_s = target ? sim_time_to_sec(opt.v) : 0;

    char title[128], sub[256];
    snprintf(title, sizeof title, "%s per strategy", metric_title(m));
    snprintf(sub, sizeof sub, "%s: mean of %d replication%s, whiskers: 95%% CI%s%s",
             r->scenario->name, r->scenario->replications,
             r->scenario->replications == 1 ? "" : "s", target ? "; dashed line: target" : "",
             m == METRIC_RPO ? "; log axis, 0 on the floor" : "");
    double top = plot_title(cr, w, title, sub);

    double hi = target ? target_s : 0;
    for (int i = 0; i < r->n_strategies; i++) {
        const struct sim_summary *s = &r->strategy[i].metric[m];
        if (s->n > 0)
            hi = fmax(hi, fmax(s->ci_high, s->mean));
    }
    /* a log axis when the means span more than 30x, so the fast strategies
     * and the target stay readable beside a slow one */
    double lo = target_s > 0 ? target_s : INFINITY;
    bool zero = false; /* a mean of 0 cannot sit on a log axis */
    for (int i = 0; i < r->n_strategies; i++) {
        const struct sim_summary *s = &r->strategy[i].metric[m];
        if (s->n > 0 && s->mean > 0)
            lo = fmin(lo, fmin(s->mean, s->ci_low > 0 ? s->ci_low : s->mean));
        else if (s->n > 0)
            zero = true;
    }
    /* RPO spans milliseconds to hours: points on a log axis in every
     * scenario (a bar's length on a log axis depends on an arbitrary floor) */
    bool points = m == METRIC_RPO;
    bool log_axis = points ? isfinite(lo) && hi > 0
                           : kind == PLOT_AXIS_TIME && !zero && isfinite(lo) && hi / lo > 30;
    struct plot_frame f = {.x = 90, .y = top + 18, .w = w - 90 - 24};
    f.h = h - f.y - 62;
    if (log_axis)
        plot_axis_log(&f.ay, kind, lo / 1.5, hi * 1.6, (int)(f.h / 30));
    else
        plot_axis_nice(&f.ay, kind, 0, hi > 0 ? hi * 1.12 : 1, (int)(f.h / 45));
    plot_axis_category(&f.ax);

    char ytitle[64];
    const char *yname = m == METRIC_RTO          ? "RTO"
                        : m == METRIC_RPO        ? "RPO"
                        : m == METRIC_COST_MONTH ? "cost per month"
                                                 : metric_name(m);
    if (log_axis)
        snprintf(ytitle, sizeof ytitle, "%s (log scale)", yname);
    else
        snprintf(ytitle, sizeof ytitle, "%s (%s)", yname,
                 f.ay.unit[0] ? f.ay.unit : metric_unit(m));
    plot_axes(cr, &f, NULL, ytitle, false);
    category_labels(cr, &f, r);

    double slot = f.w / (r->n_strategies ? r->n_strategies : 1);
    double bw = fmin(slot * 0.55, 110);
    char buf[64];
    struct box {
        double x0, y0, x1, y1;
    };
    struct label {
        char text[32];
        double x, y;
        int censored;
        struct box box;
    } labels[SCENARIO_MAX_STRATEGIES];
    struct box bars[2 * SCENARIO_MAX_STRATEGIES]; /* bodies and whiskers */
    int nl = 0, nb = 0;
    for (int i = 0; i < r->n_strategies; i++) {
        const struct summary_strategy *st = &r->strategy[i];
        const struct sim_summary *s = &st->metric[m];
        double cx = f.x + slot * (i + 0.5);
        cairo_save(cr);
        if (s->n == 0) {
            cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
            const char *why = m == METRIC_RTO && st->rto_censored ? "censored: never recovered"
                              : st->incidents == 0 && m != METRIC_COST_MONTH ? "no incident"
                                                                             : "does not apply";
            plot_text_wrapped(cr, cx, plot_fy(&f, f.ay.lo) - 40, slot - 8, why, 11.5);
            cairo_restore(cr);
            continue;
        }
        double y0 = plot_fy(&f, f.ay.lo), y1 = plot_fy(&f, fmax(s->mean, f.ay.lo));
        if (points) {
            plot_marker(cr, st->kind, cx, y1, 11);
        } else {
            cairo_rectangle(cr, cx - bw / 2, y1, bw, y0 - y1);
            plot_fill_series(cr, st->kind, 1);
        }
        /* whisker */
        double ylo = plot_fy(&f, fmax(s->ci_low, f.ay.lo)),
               yhi = plot_fy(&f, fmax(s->ci_high, f.ay.lo));
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        cairo_set_line_width(cr, 1.5);
        cairo_move_to(cr, cx, ylo);
        cairo_line_to(cr, cx, yhi);
        cairo_move_to(cr, cx - 8, ylo);
        cairo_line_to(cr, cx + 8, ylo);
        cairo_move_to(cr, cx - 8, yhi);
        cairo_line_to(cr, cx + 8, yhi);
        cairo_stroke(cr);
        cairo_restore(cr);
        bars[nb++] = points ? (struct box){cx - 7, y1 - 7, cx + 7, y1 + 7}
                            : (struct box){cx - bw / 2, y1, cx + bw / 2, y0};
        bars[nb++] = (struct box){cx - 9, fmin(yhi, ylo), cx + 9, fmax(yhi, ylo)};
        /* the value label above the whisker; drawn after the target line */
        struct label *l = &labels[nl++];
        plot_format_value(kind, s->mean, l->text, sizeof l->text);
        l->censored = m == METRIC_RTO ? st->rto_censored : 0;
        l->x = cx;
        l->y = fmin(yhi, y1) - 4;
        double tw = plot_text_width(cr, l->text, 12, true);
        l->box =
            (struct box){cx - tw / 2 - 2, l->y - (l->censored ? 32 : 16), cx + tw / 2 + 2, l->y};
    }
    if (target)
        plot_hline(cr, &f, target_s, NULL);
    for (int i = 0; i < nl; i++) {
        const struct label *l = &labels[i];
        cairo_save(cr);
        cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
        cairo_rectangle(cr, l->box.x0, l->y - 15, l->box.x1 - l->box.x0, 15);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        plot_text(cr, l->x, l->y, l->text, 0.5, 1, 12, true);
        if (l->censored) {
            snprintf(buf, sizeof buf, "+%d censored", l->censored);
            cairo_set_source_rgb(cr, 0.6, 0.1, 0.0);
            plot_text(cr, l->x, l->y - 16, buf, 0.5, 1, 11.5, false);
        }
        cairo_restore(cr);
    }
    if (target) {
        char tl[64], v[32];
        plot_format_value(kind, target_s, v, sizeof v);
        snprintf(tl, sizeof tl, "target %s", v);
        /* candidate spots: centred on each boundary between bars (from the
         * right), above or below the line; the first that covers no value
         * label, bar or whisker, else the one covering least */
        double y = plot_fy(&f, target_s), tw = plot_text_width(cr, tl, 11.5, false);
        double best_x = f.x + f.w - 4 - tw;
        bool best_above = true;
        int least = 1 << 30;
        for (int g = r->n_strategies; g >= 0 && least > 0; g--)
            for (int above = 1; above >= 0 && least > 0; above--) {
                double x0 = f.x + slot * g - tw / 2;
                x0 = fmin(fmax(x0, f.x + 4), f.x + f.w - 4 - tw);
                struct box b = {x0 - 2, above ? y - 18 : y + 2, x0 + tw + 2,
                                above ? y - 2 : y + 18};
                if (b.y0 < f.y || b.y1 > f.y + f.h)
                    continue;
                int score = 0;
                for (int i = 0; i < nl; i++)
                    score += 3 * (b.x0 < labels[i].box.x1 + 6 && labels[i].box.x0 - 6 < b.x1 &&
                                  b.y0 < labels[i].box.y1 + 6 && labels[i].box.y0 - 6 < b.y1);
                for (int i = 0; i < nb; i++)
                    score += b.x0 < bars[i].x1 && bars[i].x0 < b.x1 && b.y0 < bars[i].y1 &&
                             bars[i].y0 < b.y1;
                if (score < least) {
                    least = score;
                    best_x = x0;
                    best_above = above;
                }
            }
        double x0 = best_x;
        cairo_save(cr);
        cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
        cairo_rectangle(cr, x0 - 2, best_above ? y - 17 : y + 2, tw + 4, 15);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        plot_text(cr, x0, best_above ? y - 3 : y + 3, tl, 0, best_above ? 1 : 0, 11.5, false);
        cairo_restore(cr);
    }
    return 0;
}

int plot_latency(cairo_t *cr, double w, double h, const struct summary *r)
{
    const struct scenario *s = r->scenario;
    double top = plot_title(
        cr, w, "Request latency per user population",
        "steady state (no incident, normal layout); bars: mean over replications of each run's "
        "p50 (dark), p95, p99 (light); whisker: 95% CI of p99");
    struct plot_legend_entry e[SCENARIO_MAX_STRATEGIES + SUMMARY_QUANTILES];
    int n = 0;
    for (int i = 0; i < r->n_strategies; i++)
        e[n++] = (struct plot_legend_entry){strategy_label(r->strategy[i].kind),
                                            r->strategy[i].kind, PLOT_LEGEND_BOX, 0};
    e[n++] = (struct plot_legend_entry){"p50", 0, PLOT_LEGEND_GREY, 0.25};
    e[n++] = (struct plot_legend_entry){"p95", 0, PLOT_LEGEND_GREY, 0.6};
    e[n++] = (struct plot_legend_entry){"p99", 0, PLOT_LEGEND_GREY, 0.85};
    double lh = plot_legend(cr, 90, top, w - 110, e, n, true);

    double hi = 0;
    for (int i = 0; i < r->n_strategies; i++)
        for (int u = 0; u < s->n_users; u++)
            for (int q = 0; q < SUMMARY_QUANTILES; q++) {
                const struct sim_summary *x = &r->strategy[i].latency_ms[u][q];
                if (x->n > 0)
                    hi = fmax(hi, fmax(x->mean, x->ci_high));
            }
    struct plot_frame f = {.x = 90, .y = top + lh + 14, .w = w - 90 - 24};
    f.h = h - f.y - 62;
    plot_axis_nice(&f.ay, PLOT_AXIS_PLAIN, 0, hi > 0 ? hi * 1.08 : 1, (int)(f.h / 45));
    plot_axis_category(&f.ax);
    plot_axes(cr, &f, NULL, "latency (ms)", false);
    if (s->n_users == 0 || hi <= 0) {
        plot_no_data(cr, &f);
        return 0;
    }
    double group = f.w / s->n_users;
    double bw = fmin(group * 0.8 / r->n_strategies, 40);
    static const double shade[SUMMARY_QUANTILES] = {1.0, 0.55, 0.28}; /* alpha of p50, p95, p99 */
    for (int u = 0; u < s->n_users; u++) {
        double gx = f.x + group * (u + 0.5) - bw * r->n_strategies / 2;
        cairo_save(cr);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        plot_text_wrapped(cr, f.x + group * (u + 0.5), f.y + f.h + 6, group - 6, s->users[u].from,
                          12);
        cairo_restore(cr);
        for (int i = 0; i < r->n_strategies; i++) {
            const struct summary_strategy *st = &r->strategy[i];
            double x = gx + i * bw;
            /* p99 first (tallest, lightest), then p95, then p50 on top */
            for (int q = SUMMARY_QUANTILES - 1; q >= 0; q--) {
                const struct sim_summary *v = &st->latency_ms[u][q];
                if (v->n == 0)
                    continue;
                double y1 = plot_fy(&f, v->mean), y0 = plot_fy(&f, 0);
                cairo_rectangle(cr, x + 1, y1, bw - 2, y0 - y1);
                plot_fill_series(cr, st->kind, shade[q]);
            }
            const struct sim_summary *p99 = &st->latency_ms[u][SUMMARY_QUANTILES - 1];
            if (p99->n > 1) {
                cairo_save(cr);
                cairo_set_source_rgb(cr, 0.15, 0.15, 0.15);
                cairo_set_line_width(cr, 1.2);
                double xc = x + bw / 2;
                cairo_move_to(cr, xc, plot_fy(&f, p99->ci_low));
                cairo_line_to(cr, xc, plot_fy(&f, p99->ci_high));
                cairo_stroke(cr);
                cairo_restore(cr);
            }
        }
    }
    return 0;
}
