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
    char missing[256]; /* "no incident: A, B; never recovered: C" */
    char missing_by[4][128];
    int n_missing[4];
};

/* Names strategy st among those without metric m, grouped by why:
 * "no incident: A, B; never recovered: C; kept its data: D". */
static void missing_add(struct panel_data *d, const struct summary_strategy *st, enum metric m)
{
    static const char *const why[] = {"no incident", "never recovered", "kept its data",
                                      "does not apply"};
    int k = st->incidents == 0                    ? 0
            : m == METRIC_RTO && st->rto_censored ? 1
            : m == METRIC_RPO                     ? 2
                                                  : 3;
    d->n_missing[k]++;
    size_t len = strlen(d->missing_by[k]);
    snprintf(d->missing_by[k] + len, sizeof d->missing_by[k] - len, "%s%s", len ? ", " : "",
             strategy_label(st->kind));
    memset(d->missing, 0, sizeof d->missing);
    memset(d->missing_by, 0, sizeof d->missing_by);
    memset(d->n_missing, 0, sizeof d->n_missing);
    for (int i = 0, n = 0; i < 4; i++)
        if (d->n_missing[i]) {
            len = strlen(d->missing);
            snprintf(d->missing + len, sizeof d->missing - len, "%s%s: %s", n++ ? "; " : "", why[i],
                     d->missing_by[i]);
        }
}

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
            missing_add(d, st, m);
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

/* Where point p's labels may go: inside the frame, or up to x_max on its right. */
static struct plot_rect label_bounds(const struct plot_frame *f, double x_max)
{
    return (struct plot_rect){f->x + 1, f->y + 1, x_max, f->y + f->h - 1};
}

/* Point p's name on ring `ring` around it where it touches nothing in o
 * (the label then joins o). Returns whether it found a spot. */
static bool draw_name(cairo_t *cr, const struct plot_frame *f, double x_max, const struct pt *p,
                      int ring, struct plot_obstacles *o)
{
    const struct plot_rect bounds = label_bounds(f, x_max);
    const char *name = strategy_label(p->st->kind);
    double w = plot_text_width(cr, name, 12, false) + 4;
    struct plot_spot sp;
    if (!plot_place_label(o, &bounds, plot_fx(f, p->x), plot_fy(f, p->y), 10.5, w, 15, 1.5, -ring,
                          &sp))
        return false;
    plot_obstacle_rect(o, sp.box);
    draw_label_at(cr, &sp, name, false);
    return true;
}

/* Point p's number k where it touches nothing in o, else right of it. */
static void draw_number(cairo_t *cr, const struct plot_frame *f, double x_max, const struct pt *p,
                        int k, struct plot_obstacles *o)
{
    const struct plot_rect bounds = label_bounds(f, x_max);
    double px = plot_fx(f, p->x), py = plot_fy(f, p->y), h = 15;
    char num[16];
    snprintf(num, sizeof num, "%d", k);
    double w = plot_text_width(cr, num, 12, true) + 6;
    struct plot_spot sp;
    if (!plot_place_label(o, &bounds, px, py, 10.5, w, h, 1.5, PLOT_LABEL_RINGS, &sp))
        sp = (struct plot_spot){.box = {px + 12, py - h / 2, px + 12 + w, py + h / 2}};
    plot_obstacle_rect(o, sp.box);
    draw_label_at(cr, &sp, num, true);
}

/* Every point's label: names ring by ring (each point gets its near spots
 * before any takes a far one), then numbers for the points left. Fills
 * number[i] (0: named). */
static void draw_labels(cairo_t *cr, const struct plot_frame *f, double x_max,
                        const struct panel_data *d, struct plot_obstacles *o, int *number)
{
    bool named[SCENARIO_MAX_STRATEGIES] = {false};
    for (int g = 0; g < PLOT_LABEL_RINGS; g++)
        for (int i = 0; i < d->n; i++)
            if (!named[i])
                named[i] = draw_name(cr, f, x_max, &d->pts[i], g, o);
    for (int i = 0, k = 0; i < d->n; i++) {
        number[i] = named[i] ? 0 : ++k;
        if (!named[i])
            draw_number(cr, f, x_max, &d->pts[i], k, o);
    }
}

/* "1: Warm standby, 2: ..." under the panel for the points labelled by
 * number (number[i] > 0). */
static void draw_numbered(cairo_t *cr, const struct plot_frame *f, const struct panel_data *d,
                          const int *number)
{
    char text[256] = "";
    size_t len = 0;
    for (int i = 0; i < d->n && len < sizeof text; i++)
        if (number[i])
            len += (size_t)snprintf(text + len, sizeof text - len, "%s%d: %s", len ? ", " : "",
                                    number[i], strategy_label(d->pts[i].st->kind));
    if (len == 0)
        return;
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    plot_text(cr, f->x, f->y + f->h + 42, text, 0, 0, 11, false);
    cairo_restore(cr);
}

/* One panel: metric m against cost in frame f, labels allowed up to x_max. */
static void panel(cairo_t *cr, const struct summary *r, struct plot_frame *f, double x_max,
                  enum metric m, struct sim_opt_time target)
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
    int number[SCENARIO_MAX_STRATEGIES];
    draw_labels(cr, f, x_max, &d, o, number);
    draw_numbered(cr, f, &d, number);
    free(o);
}

/* Whether some strategy has both metric m and a cost: a panel to draw. */
static bool panel_applies(const struct summary *r, enum metric m)
{
    for (int i = 0; i < r->n_strategies; i++)
        if (r->strategy[i].metric[m].n > 0 && r->strategy[i].metric[METRIC_COST_MONTH].n > 0)
            return true;
    return false;
}

int plot_cost_vs_recovery(cairo_t *cr, double w, double h, const struct summary *r)
{
    bool rto = panel_applies(r, METRIC_RTO), rpo = panel_applies(r, METRIC_RPO);
    char sub[256];
    snprintf(sub, sizeof sub,
             "means with 95%% CI whiskers; ringed and joined: the Pareto front (nothing both "
             "cheaper and %s)%s",
             rto || !rpo ? "faster" : "losing less",
             rto && !rpo   ? "; no RPO panel: no strategy lost data"
             : !rto && rpo ? "; no RTO panel: no strategy recovered"
                           : "");
    double top = plot_title(cr, w, "Cost against recovery time and data loss", sub);
    double gap = 90, left = 88, pw = (w - left - gap - 24) / 2;
    if (rto != rpo) /* one panel: the whole width */
        pw = w - left - 24;
    struct plot_frame a = {.x = left, .y = top + 20, .w = pw};
    a.h = h - a.y - 56;
    struct plot_frame b = a;
    b.x = rto ? left + pw + gap : left;
    /* labels may run into the white space right of a frame, short of the
     * next panel's axis title */
    if (rto || !rpo)
        panel(cr, r, &a, rpo ? a.x + a.w + 28 : w - 6, METRIC_RTO, r->scenario->report.rto_target);
    if (rpo)
        panel(cr, r, &b, w - 6, METRIC_RPO, r->scenario->report.rpo_target);
    return 0;
}
