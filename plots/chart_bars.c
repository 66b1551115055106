/* Bar charts: one metric per strategy (mean, 95% CI whiskers, target line;
 * RPO as points on a log axis). A strategy's colour, hatch and marker are
 * its kind's, the same in every chart. */
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
    case METRIC_SPLIT_BRAIN_WRITES:
        return "Writes lost to split brain";
    case METRIC_RESIDENCY_VIOLATIONS:
        return "Requests served outside their residency";
    case METRIC_SESSIONS_LOST_SHARE:
        return "Share of sessions lost";
    case METRIC_WASTED_WORK:
        return "Server time wasted on abandoned requests";
    case METRIC_STALE_READS:
        return "Share of stale reads";
    case METRIC_CONFLICTS:
        return "Write conflicts";
    case METRIC_LOST_WRITES:
    case METRIC_RESIDENCY_BYTES:
    case METRIC_SESSIONS_LOST:
    case METRIC_SESSION_LATENCY_P50:
    case METRIC_ATTEMPTS_PER_REQUEST:
    case METRIC_READ_P50:
    case METRIC_READ_P99:
    case METRIC_WRITE_P50:
    case METRIC_WRITE_P99:
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

/* Bar charts of one metric per strategy: what plot_bars draws and the boxes
 * its value and target labels must avoid. */
struct box {
    double x0, y0, x1, y1;
};
struct value_label {
    char text[32];
    double x, y;
    int censored;
    struct box box;
};
struct bars {
    const struct summary *r;
    enum metric m;
    enum plot_axis_kind kind;
    bool target, points, log_axis;
    double target_s, slot, bw;
    struct plot_frame f;
    struct value_label labels[SCENARIO_MAX_STRATEGIES];
    struct box obstacles[2 * SCENARIO_MAX_STRATEGIES]; /* bodies and whiskers */
    int nl, nb;
};

/* Title and subtitle (what the bars, whiskers and dashed line are); returns the y below. */
static double bars_title(cairo_t *cr, double w, const struct bars *b)
{
    const struct scenario *s = b->r->scenario;
    char title[128], sub[256];
    snprintf(title, sizeof title, "%s per strategy", metric_title(b->m));
    snprintf(sub, sizeof sub, "%s: mean of %d replication%s, whiskers: 95%% CI%s%s", s->name,
             s->replications, s->replications == 1 ? "" : "s",
             b->target ? "; dashed line: target" : "",
             b->m == METRIC_RPO ? "; log axis, 0 on the floor" : "");
    return plot_title(cr, w, title, sub);
}

/* The value axis: linear from 0, or logarithmic for RPO points and for
 * times whose means span more than 30x (the fast strategies and the target
 * stay readable beside a slow one); sets b->f below top. */
static void bars_value_axis(struct bars *b, double top, double w, double h)
{
    const struct summary *r = b->r;
    double hi = b->target ? b->target_s : 0;
    for (int i = 0; i < r->n_strategies; i++) {
        const struct sim_summary *s = &r->strategy[i].metric[b->m];
        if (s->n > 0)
            hi = fmax(hi, fmax(s->ci_high, s->mean));
    }
    double lo = b->target_s > 0 ? b->target_s : INFINITY;
    bool zero = false; /* a mean of 0 cannot sit on a log axis */
    for (int i = 0; i < r->n_strategies; i++) {
        const struct sim_summary *s = &r->strategy[i].metric[b->m];
        if (s->n > 0 && s->mean > 0)
            lo = fmin(lo, fmin(s->mean, s->ci_low > 0 ? s->ci_low : s->mean));
        else if (s->n > 0)
            zero = true;
    }
    /* RPO spans milliseconds to hours: points on a log axis in every
     * scenario (a bar's length on a log axis depends on an arbitrary floor) */
    b->log_axis = b->points ? isfinite(lo) && hi > 0
                            : b->kind == PLOT_AXIS_TIME && !zero && isfinite(lo) && hi / lo > 30;
    b->f = (struct plot_frame){.x = 90, .y = top + 18, .w = w - 90 - 24};
    b->f.h = h - b->f.y - 62;
    if (b->log_axis)
        plot_axis_log(&b->f.ay, b->kind, lo / 1.5, hi * 1.6, (int)(b->f.h / 30));
    else
        plot_axis_nice(&b->f.ay, b->kind, 0, hi > 0 ? hi * 1.12 : 1, (int)(b->f.h / 45));
    plot_axis_category(&b->f.ax);
}

/* Grid, value axis with its title, and the strategy names under the slots. */
static void bars_axes(cairo_t *cr, const struct bars *b)
{
    char ytitle[64];
    const char *yname = b->m == METRIC_RTO          ? "RTO"
                        : b->m == METRIC_RPO        ? "RPO"
                        : b->m == METRIC_COST_MONTH ? "cost per month"
                                                    : metric_name(b->m);
    if (b->log_axis)
        snprintf(ytitle, sizeof ytitle, "%s (log scale)", yname);
    else
        snprintf(ytitle, sizeof ytitle, "%s (%s)", yname,
                 b->f.ay.unit[0] ? b->f.ay.unit : metric_unit(b->m));
    plot_axes(cr, &b->f, NULL, ytitle, false);
    category_labels(cr, &b->f, b->r);
}

/* Why strategy st has no value, written in its slot centred on cx. */
static void bars_absent(cairo_t *cr, const struct bars *b, const struct summary_strategy *st,
                        double cx)
{
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    const char *why = b->m == METRIC_RTO && st->rto_censored ? "censored: never recovered"
                      : st->incidents == 0 && b->m != METRIC_COST_MONTH ? "no incident"
                                                                        : "does not apply";
    plot_text_wrapped(cr, cx, plot_fy(&b->f, b->f.ay.lo) - 40, b->slot - 8, why, 11.5);
    cairo_restore(cr);
}

/* Strategy i's bar (or point) and CI whisker; records both as obstacles and
 * its value label, placed above the whisker, for later. */
static void bars_strategy(cairo_t *cr, struct bars *b, int i)
{
    const struct summary_strategy *st = &b->r->strategy[i];
    const struct sim_summary *s = &st->metric[b->m];
    const struct plot_frame *f = &b->f;
    double cx = f->x + b->slot * (i + 0.5);
    if (s->n == 0) {
        bars_absent(cr, b, st, cx);
        return;
    }
    cairo_save(cr);
    double y0 = plot_fy(f, f->ay.lo), y1 = plot_fy(f, fmax(s->mean, f->ay.lo));
    if (b->points) {
        plot_marker(cr, st->kind, cx, y1, 11);
    } else {
        cairo_rectangle(cr, cx - b->bw / 2, y1, b->bw, y0 - y1);
        plot_fill_series(cr, st->kind, 1);
    }
    double ylo = plot_fy(f, fmax(s->ci_low, f->ay.lo)),
           yhi = plot_fy(f, fmax(s->ci_high, f->ay.lo));
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
    b->obstacles[b->nb++] = b->points ? (struct box){cx - 7, y1 - 7, cx + 7, y1 + 7}
                                      : (struct box){cx - b->bw / 2, y1, cx + b->bw / 2, y0};
    b->obstacles[b->nb++] = (struct box){cx - 9, fmin(yhi, ylo), cx + 9, fmax(yhi, ylo)};
    struct value_label *l = &b->labels[b->nl++];
    plot_format_value(b->kind, s->mean, l->text, sizeof l->text);
    l->censored = b->m == METRIC_RTO ? st->rto_censored : 0;
    l->x = cx;
    l->y = fmin(yhi, y1) - 4;
    double tw = plot_text_width(cr, l->text, 12, true);
    l->box = (struct box){cx - tw / 2 - 2, l->y - (l->censored ? 32 : 16), cx + tw / 2 + 2, l->y};
}

/* Moves a value label the target line would run through to just above
 * the line, so the label covers no part of it. */
static void bars_clear_target(struct bars *b)
{
    double ty = plot_fy(&b->f, b->target_s);
    for (int i = 0; i < b->nl; i++) {
        struct value_label *l = &b->labels[i];
        if (l->box.y0 - 2 > ty || l->box.y1 + 2 < ty)
            continue;
        double up = l->y - (ty - 3);
        l->y -= up;
        l->box.y0 -= up;
        l->box.y1 -= up;
    }
}

/* The value labels on a white ground, with the censored count above. */
static void bars_value_labels(cairo_t *cr, const struct bars *b)
{
    char buf[64];
    for (int i = 0; i < b->nl; i++) {
        const struct value_label *l = &b->labels[i];
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
}

/* How much box t covers: 3 per value label within 6 px, 1 per bar or whisker. */
static int target_label_cover(const struct bars *b, struct box t)
{
    int score = 0;
    for (int i = 0; i < b->nl; i++) {
        const struct box *l = &b->labels[i].box;
        score += 3 * (t.x0 < l->x1 + 6 && l->x0 - 6 < t.x1 && t.y0 < l->y1 + 6 && l->y0 - 6 < t.y1);
    }
    for (int i = 0; i < b->nb; i++) {
        const struct box *o = &b->obstacles[i];
        score += t.x0 < o->x1 && o->x0 < t.x1 && t.y0 < o->y1 && o->y0 < t.y1;
    }
    return score;
}

/* "target 15 min" on the target line: centred on a boundary between bars
 * (from the right), above or below the line; the first spot that covers no
 * value label, bar or whisker, else the one covering least. */
static void bars_target_label(cairo_t *cr, const struct bars *b)
{
    const struct plot_frame *f = &b->f;
    char tl[64], v[32];
    plot_format_value(b->kind, b->target_s, v, sizeof v);
    snprintf(tl, sizeof tl, "target %s", v);
    double y = plot_fy(f, b->target_s), tw = plot_text_width(cr, tl, 11.5, false);
    double best_x = f->x + f->w - 4 - tw;
    bool best_above = true;
    int least = 1 << 30;
    for (int g = b->r->n_strategies; g >= 0 && least > 0; g--)
        for (int above = 1; above >= 0 && least > 0; above--) {
            double x0 = f->x + b->slot * g - tw / 2;
            x0 = fmin(fmax(x0, f->x + 4), f->x + f->w - 4 - tw);
            struct box t = {x0 - 2, above ? y - 18 : y + 2, x0 + tw + 2, above ? y - 2 : y + 18};
            if (t.y0 < f->y || t.y1 > f->y + f->h)
                continue;
            int score = target_label_cover(b, t);
            if (score < least) {
                least = score;
                best_x = x0;
                best_above = above;
            }
        }
    cairo_save(cr);
    cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
    cairo_rectangle(cr, best_x - 2, best_above ? y - 17 : y + 2, tw + 4, 15);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    plot_text(cr, best_x, best_above ? y - 3 : y + 3, tl, 0, best_above ? 1 : 0, 11.5, false);
    cairo_restore(cr);
}

int plot_bars(cairo_t *cr, double w, double h, const struct summary *r, enum metric m)
{
    if ((unsigned)m >= METRIC_COUNT)
        return SIM_EINVAL;
    struct sim_opt_time opt = metric_target(r, m);
    struct bars b = {
        .r = r, .m = m, .kind = metric_axis(m), .target = opt.set, .points = m == METRIC_RPO};
    b.target_s = b.target ? sim_time_to_sec(opt.v) : 0;
    double top = bars_title(cr, w, &b);
    bars_value_axis(&b, top, w, h);
    bars_axes(cr, &b);
    b.slot = b.f.w / (r->n_strategies ? r->n_strategies : 1);
    b.bw = fmin(b.slot * 0.55, 110);
    for (int i = 0; i < r->n_strategies; i++)
        bars_strategy(cr, &b, i);
    if (b.target) {
        plot_hline(cr, &b.f, b.target_s, NULL);
        bars_clear_target(&b);
    }
    bars_value_labels(cr, &b);
    if (b.target)
        bars_target_label(cr, &b);
    return 0;
}
