/* Cost against RTO and against RPO, one panel each: a point per strategy
 * (95% CI whiskers both ways), the Pareto front (no other strategy is both
 * cheaper and faster) as a staircase, and the target as a vertical line.
 * Labels are placed where they overlap no other label. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plots/draw.h"
#include "plots/placement.h"
#include "plots/plot.h"

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

/* The front as a dashed grey staircase, each of its segments an obstacle. */
static void draw_staircase(cairo_t *cr, const struct plot_frame *f, const struct pt *pts,
                           const int *front, int nf, struct plot_obstacles *o)
{
    cairo_save(cr);
    static const double dash[] = {4, 3};
    cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
    cairo_set_line_width(cr, 1.5);
    cairo_set_dash(cr, dash, 2, 0);
    for (int k = 0; k < nf; k++) {
        const struct pt *p = &pts[front[k]];
        double x = plot_fx(f, p->x), y = plot_fy(f, p->y);
        if (k == 0) {
            cairo_move_to(cr, x, y);
            continue;
        }
        double x0 = plot_fx(f, pts[front[k - 1]].x), y0 = plot_fy(f, pts[front[k - 1]].y);
        cairo_line_to(cr, x, y0);
        cairo_line_to(cr, x, y);
        plot_obstacle_seg(o, x0, y0, x, y0);
        plot_obstacle_seg(o, x, y0, x, y);
    }
    cairo_stroke(cr);
    cairo_restore(cr);
}

/* Point p's marker (with its ring) and both whiskers, as obstacles. */
static void point_obstacles(const struct plot_frame *f, const struct pt *p, enum metric m,
                            struct plot_obstacles *o)
{
    const struct sim_summary *x = &p->st->metric[m], *y = &p->st->metric[METRIC_COST_MONTH];
    double px = plot_fx(f, p->x), py = plot_fy(f, p->y);
    plot_obstacle_rect(o, (struct plot_rect){px - 10.5, py - 10.5, px + 10.5, py + 10.5});
    plot_obstacle_seg(o, plot_fx(f, x->ci_low), py, plot_fx(f, x->ci_high), py);
    plot_obstacle_seg(o, px, plot_fy(f, y->ci_low), px, plot_fy(f, y->ci_high));
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

/* Text s on a white ground filling box b, and the leader line if any. */
static void draw_label_at(cairo_t *cr, const struct plot_spot *sp, const char *s, bool bold)
{
    cairo_save(cr);
    if (sp->leader) {
        cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
        cairo_set_line_width(cr, 0.9);
        cairo_move_to(cr, sp->lx0, sp->ly0);
        cairo_line_to(cr, sp->lx1, sp->ly1);
        cairo_stroke(cr);
    }
    const struct plot_rect *b = &sp->box;
    cairo_set_source_rgba(cr, 1, 1, 1, 0.9);
    cairo_rectangle(cr, b->x0, b->y0, b->x1 - b->x0, b->y1 - b->y0);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    plot_text(cr, (b->x0 + b->x1) / 2, (b->y0 + b->y1) / 2, s, 0.5, 0.5, 12, bold);
    cairo_restore(cr);
}

/* Point p's label where it touches nothing in o (which it then joins):
 * its name, else its number k + 1 (the caller explains the numbers under
 * the panel; returns true then), else the number right of the point. */
static bool draw_label(cairo_t *cr, const struct plot_frame *f, const struct pt *p, int k,
                       struct plot_obstacles *o)
{
    double px = plot_fx(f, p->x), py = plot_fy(f, p->y);
    const struct plot_rect bounds = {f->x + 1, f->y + 1, f->x + f->w - 1, f->y + f->h - 1};
    const char *name = strategy_label(p->st->kind);
    struct plot_spot sp;
    double h = 15, w = plot_text_width(cr, name, 12, false) + 4;
    if (plot_place_label(o, &bounds, px, py, 10.5, w, h, 1.5, &sp)) {
        plot_obstacle_rect(o, sp.box);
        draw_label_at(cr, &sp, name, false);
        return false;
    }
    char num[8];
    snprintf(num, sizeof num, "%d", k + 1);
    w = plot_text_width(cr, num, 12, true) + 6;
    if (!plot_place_label(o, &bounds, px, py, 10.5, w, h, 1.5, &sp))
        sp = (struct plot_spot){.box = {px + 12, py - h / 2, px + 12 + w, py + h / 2}};
    plot_obstacle_rect(o, sp.box);
    draw_label_at(cr, &sp, num, true);
    return true;
}

/* "1 Warm standby, 2 ..." under the panel for the points labelled by number. */
static void draw_numbered(cairo_t *cr, const struct plot_frame *f, const struct panel_data *d,
                          const bool *numbered)
{
    char text[256] = "";
    size_t len = 0;
    for (int i = 0; i < d->n && len < sizeof text; i++)
        if (numbered[i])
            len += (size_t)snprintf(text + len, sizeof text - len, "%s%d %s", len ? ", " : "",
                                    i + 1, strategy_label(d->pts[i].st->kind));
    if (len == 0)
        return;
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    plot_text(cr, f->x, f->y + f->h + 42, text, 0, 0, 11, false);
    cairo_restore(cr);
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
    /* every line, marker and whisker is an obstacle for the labels */
    struct plot_obstacles *o = calloc(1, sizeof *o);
    if (o == NULL)
        return;
    if (target.set)
        plot_obstacle_seg(o, plot_fx(f, d.target_s), f->y, plot_fx(f, d.target_s), f->y + f->h);
    draw_staircase(cr, f, d.pts, front, nf, o);
    for (int i = 0; i < d.n; i++)
        point_obstacles(f, &d.pts[i], m, o);
    for (int i = 0; i < d.n; i++) {
        cairo_save(cr);
        draw_point(cr, f, &d.pts[i], m);
        cairo_restore(cr);
    }
    bool numbered[SCENARIO_MAX_STRATEGIES] = {false};
    for (int i = 0; i < d.n; i++)
        numbered[i] = draw_label(cr, f, &d.pts[i], i, o);
    draw_numbered(cr, f, &d, numbered);
    free(o);
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
