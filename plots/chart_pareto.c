/* Cost against RTO and against RPO, one panel each: a point per strategy
 * (95% CI whiskers both ways), the Pareto front (no other strategy is both
 * cheaper and faster) as a staircase, and the target as a vertical line.
 * Labels are placed where they overlap no other label. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plots/draw.h"
#include "plots/plot.h"

struct rect {
    double x0, y0, x1, y1;
};

static bool overlaps(const struct rect *a, const struct rect *b)
{
    return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

struct pt {
    double x, y;
    const struct summary_strategy *st;
    bool front;
};

/* One panel's points (metric m against cost) and the data range they and
 * the target span. */
struct panel_data {
    struct pt pts[SCENARIO_MAX_STRATEGIES];
    int n;
    double target_s, xlo, xhi, ylo, yhi;
    bool zero;         /* a mean of 0 cannot sit on a log axis */
    char missing[256]; /* "not shown: ..." */
};

/* Collects the strategies with both metric m and cost into d, naming the others. */
static void panel_collect(const struct summary *r, enum metric m, struct sim_opt_time target,
                          struct panel_data *d)
{
    d->n = 0;
    /* a target of zero (RPO: nothing may be lost) sits at the axis' left end */
    d->target_s = target.set ? sim_time_to_sec(target.v) : 0;
    d->xhi = d->target_s;
    d->yhi = 0;
    d->ylo = INFINITY;
    d->xlo = d->target_s > 0 ? d->target_s : INFINITY;
    d->zero = false;
    d->missing[0] = '\0';
    for (int i = 0; i < r->n_strategies; i++) {
        const struct summary_strategy *st = &r->strategy[i];
        const struct sim_summary *x = &st->metric[m], *y = &st->metric[METRIC_COST_MONTH];
        if (x->n == 0 || y->n == 0) {
            size_t len = strlen(d->missing);
            snprintf(d->missing + len, sizeof d->missing - len, "%s%s",
                     len ? ", " : "not shown: ", strategy_label(st->kind));
            continue;
        }
        d->pts[d->n++] = (struct pt){x->mean, y->mean, st, false};
        d->xhi = fmax(d->xhi, x->ci_high);
        d->yhi = fmax(d->yhi, y->ci_high);
        d->ylo = fmin(d->ylo, y->ci_low);
        if (x->mean > 0)
            d->xlo = fmin(d->xlo, x->ci_low > 0 ? fmin(x->ci_low, x->mean) : x->mean);
        else
            d->zero = true;
    }
}

/* The panel's axes: time (log when it spans more than 30x) against cost
 * over the data with a margin; the strategies left out above the frame. */
static void panel_axes(cairo_t *cr, struct plot_frame *f, enum metric m, struct panel_data *d)
{
    /* log time axis: recovery times span seconds to hours; zero sits at the
     * left end (labelled as such) */
    bool log_axis = !d->zero && isfinite(d->xlo) && d->xhi / d->xlo > 30;
    if (log_axis)
        plot_axis_log(&f->ax, PLOT_AXIS_TIME, d->xlo / 1.5, d->xhi * 1.5, (int)(f->w / 55));
    else
        plot_axis_nice(&f->ax, PLOT_AXIS_TIME, 0, d->xhi > 0 ? d->xhi * 1.1 : 60, (int)(f->w / 70));
    /* costs often differ by tens of percent: a zero baseline would squeeze
     * them together, so the axis spans the data with a margin */
    if (!isfinite(d->ylo) || d->yhi <= 0) {
        d->ylo = 0;
        d->yhi = 1;
    }
    double margin = fmax((d->yhi - d->ylo) * 0.15, d->yhi * 0.02);
    plot_axis_nice(&f->ay, PLOT_AXIS_USD, fmax(d->ylo - margin, 0), d->yhi + margin,
                   (int)(f->h / 45));
    char xt[64];
    if (log_axis)
        snprintf(xt, sizeof xt, "%s (log scale)", m == METRIC_RTO ? "RTO" : "RPO");
    else
        snprintf(xt, sizeof xt, "%s (%s)", m == METRIC_RTO ? "RTO" : "RPO", f->ax.unit);
    plot_axes(cr, f, xt, "cost (USD per month)", true);
    if (d->missing[0]) {
        cairo_save(cr);
        cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
        plot_text(cr, f->x + f->w, f->y - 4, d->missing, 1, 1, 10.5, false);
        cairo_restore(cr);
    }
}

/* Sorts the points by x (then cost) and flags the Pareto front: a point is
 * on it when it is cheaper than every point at a smaller or equal x. Fills
 * front[] with their indices; returns how many. */
static int pareto_front(struct pt *pts, int n, int *front)
{
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && (pts[j - 1].x > pts[j].x ||
                                  (pts[j - 1].x == pts[j].x && pts[j - 1].y > pts[j].y));
             j--) {
            struct pt t = pts[j];
            pts[j] = pts[j - 1];
            pts[j - 1] = t;
        }
    double best = INFINITY;
    int nf = 0;
    for (int i = 0; i < n; i++)
        if (pts[i].y < best) {
            best = pts[i].y;
            pts[i].front = true;
            front[nf++] = i;
        }
    return nf;
}

/* The front as a dashed grey staircase. */
static void draw_staircase(cairo_t *cr, const struct plot_frame *f, const struct pt *pts,
                           const int *front, int nf)
{
    cairo_save(cr);
    static const double dash[] = {4, 3};
    cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
    cairo_set_line_width(cr, 1.5);
    cairo_set_dash(cr, dash, 2, 0);
    for (int k = 0; k < nf; k++) {
        const struct pt *p = &pts[front[k]];
        if (k == 0)
            cairo_move_to(cr, plot_fx(f, p->x), plot_fy(f, p->y));
        else {
            cairo_line_to(cr, plot_fx(f, p->x), plot_fy(f, pts[front[k - 1]].y));
            cairo_line_to(cr, plot_fx(f, p->x), plot_fy(f, p->y));
        }
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* Point p's whiskers both ways, its ring when on the front, and its marker. */
static void draw_point(cairo_t *cr, const struct plot_frame *f, const struct pt *p, enum metric m)
{
    const struct sim_summary *x = &p->st->metric[m], *y = &p->st->metric[METRIC_COST_MONTH];
    double px = plot_fx(f, p->x), py = plot_fy(f, p->y);
    cairo_set_source_rgba(cr, 0.15, 0.15, 0.15, 0.8);
    cairo_set_line_width(cr, 1.2);
    cairo_move_to(cr, plot_fx(f, x->ci_low), py);
    cairo_line_to(cr, plot_fx(f, x->ci_high), py);
    cairo_move_to(cr, px, plot_fy(f, y->ci_low));
    cairo_line_to(cr, px, plot_fy(f, y->ci_high));
    cairo_stroke(cr);
    if (p->front) {
        cairo_arc(cr, px, py, 9.5, 0, 2 * PLOT_PI);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        cairo_set_line_width(cr, 1.3);
        cairo_stroke(cr);
    }
    plot_marker(cr, p->st->kind, px, py, 11);
}

/* Point p's label: right, left, above, below, whichever inside the frame
 * overlaps nothing in used[], else the one overlapping least; the label's
 * box joins used[]. */
static void draw_label(cairo_t *cr, const struct plot_frame *f, const struct pt *p,
                       struct rect *used, int *nu)
{
    double px = plot_fx(f, p->x), py = plot_fy(f, p->y);
    const char *label = strategy_label(p->st->kind);
    double tw = plot_text_width(cr, label, 12, false), th = 14;
    const double cand[8][4] = {{px + 12, py, 0, 0.5},  {px - 12, py, 1, 0.5},
                               {px + 8, py - 8, 0, 1}, {px + 8, py + 8, 0, 0},
                               {px - 8, py - 8, 1, 1}, {px - 8, py + 8, 1, 0},
                               {px, py - 13, 0.5, 1},  {px, py + 13, 0.5, 0}};
    int pick = 0, least = 1 << 30;
    for (int c = 0; c < 8 && least > 0; c++) {
        struct rect rc = {cand[c][0] - cand[c][2] * tw, cand[c][1] - cand[c][3] * th, 0, 0};
        rc.x1 = rc.x0 + tw;
        rc.y1 = rc.y0 + th;
        int score = rc.x0 >= f->x && rc.x1 <= f->x + f->w && rc.y0 >= f->y && rc.y1 <= f->y + f->h
                        ? 0
                        : 1000;
        for (int u = 0; u < *nu; u++)
            score += overlaps(&rc, &used[u]);
        if (score < least) {
            least = score;
            pick = c;
        }
    }
    struct rect rc = {cand[pick][0] - cand[pick][2] * tw, cand[pick][1] - cand[pick][3] * th, 0, 0};
    rc.x1 = rc.x0 + tw;
    rc.y1 = rc.y0 + th;
    used[(*nu)++] = rc;
    cairo_set_source_rgba(cr, 1, 1, 1, 0.8);
    cairo_rectangle(cr, rc.x0 - 1, rc.y0, tw + 2, th);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    plot_text(cr, cand[pick][0], cand[pick][1], label, cand[pick][2], cand[pick][3], 12, false);
}

static void panel(cairo_t *cr, const struct summary *r, struct plot_frame *f, enum metric m,
                  struct sim_opt_time target)
{
    struct panel_data d;
    panel_collect(r, m, target, &d);
    panel_axes(cr, f, m, &d);
    if (d.n == 0) {
        plot_no_data(cr, f);
        return;
    }
    if (target.set)
        plot_vline(cr, f, d.target_s, "target");
    int front[SCENARIO_MAX_STRATEGIES];
    int nf = pareto_front(d.pts, d.n, front);
    draw_staircase(cr, f, d.pts, front, nf);
    /* markers and whiskers are obstacles for the labels */
    struct rect used[4 * SCENARIO_MAX_STRATEGIES];
    int nu = 0;
    for (int i = 0; i < d.n; i++) {
        const struct sim_summary *x = &d.pts[i].st->metric[m],
                                 *y = &d.pts[i].st->metric[METRIC_COST_MONTH];
        double px = plot_fx(f, d.pts[i].x), py = plot_fy(f, d.pts[i].y);
        used[nu++] = (struct rect){px - 10, py - 10, px + 10, py + 10};
        used[nu++] =
            (struct rect){plot_fx(f, x->ci_low), py - 1.5, plot_fx(f, x->ci_high), py + 1.5};
        used[nu++] =
            (struct rect){px - 1.5, plot_fy(f, y->ci_high), px + 1.5, plot_fy(f, y->ci_low)};
    }
    for (int i = 0; i < d.n; i++) {
        cairo_save(cr);
        draw_point(cr, f, &d.pts[i], m);
        draw_label(cr, f, &d.pts[i], used, &nu);
        cairo_restore(cr);
    }
}

int plot_cost_vs_recovery(cairo_t *cr, double w, double h, const struct summary *r)
{
    double top = plot_title(cr, w, "Cost against recovery time and data loss",
                            "means with 95% CI whiskers; ringed and joined: the Pareto front "
                            "(nothing both cheaper and faster)");
    double gap = 90, left = 88, pw = (w - left - gap - 24) / 2;
    struct plot_frame a = {.x = left, .y = top + 20, .w = pw};
    a.h = h - a.y - 56;
    struct plot_frame b = a;
    b.x = left + pw + gap;
    panel(cr, r, &a, METRIC_RTO, r->scenario->report.rto_target);
    panel(cr, r, &b, METRIC_RPO, r->scenario->report.rpo_target);
    return 0;
}
