/* The year-long chart: per strategy, the empirical distribution (ECDF) over
 * replications of the hours of failed requests in a year ((1 - availability)
 * x 8760 h, models/annual.h), as steps: at x, the share of simulated years
 * with at most x hours. The availability target, when set, is the vertical
 * line of its yearly budget; a strategy's step height there is the share of
 * its years that met it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "models/annual.h"
#include "plots/draw.h"
#include "plots/plot.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* One strategy's ECDF as steps from x = lo (share 0) to the frame's right. */
static void ecdf_line(cairo_t *cr, const struct plot_frame *f, const double *v, int n, int kind)
{
    cairo_new_path(cr);
    cairo_move_to(cr, plot_fx(f, f->ax.lo), plot_fy(f, 0));
    for (int i = 0; i < n; i++) {
        double x = plot_fx(f, v[i]);
        cairo_line_to(cr, x, plot_fy(f, (double)i / n));
        cairo_line_to(cr, x, plot_fy(f, (double)(i + 1) / n));
    }
    cairo_line_to(cr, plot_fx(f, f->ax.hi), plot_fy(f, 1));
    plot_set_line(cr, kind, 2.2);
    cairo_stroke(cr);
}

int plot_annual_ecdf(cairo_t *cr, double w, double h, const struct summary *r)
{
    const struct scenario *s = r->scenario;
    double budget = s->report.availability_target.set
                        ? (1 - s->report.availability_target.v) * 8760.0
                        : NAN;
    char sub[256];
    snprintf(sub, sizeof sub, "%s: each step is one of %d simulated years%s", s->name,
             s->replications,
             isfinite(budget) ? "; dashed line: the availability target's budget" : "");
    double top = plot_title(cr, w, "Hours of failed requests per year (ECDF)", sub);
    int cap = 0;
    for (int i = 0; i < r->n_strategies; i++)
        cap = r->strategy[i].runs > cap ? r->strategy[i].runs : cap;
    double *v = malloc((size_t)(cap > 0 ? cap : 1) * SCENARIO_MAX_STRATEGIES * sizeof *v);
    if (!v)
        return SIM_ENOMEM;
    int n[SCENARIO_MAX_STRATEGIES];
    double hi = isfinite(budget) ? budget : 0;
    for (int i = 0; i < r->n_strategies; i++) {
        double *vi = v + (size_t)i * cap;
        int k = annual_values(r, r->strategy[i].kind, ANNUAL_UNAVAILABLE, vi, cap), m = 0;
        for (int j = 0; j < k; j++)
            if (isfinite(vi[j]))
                vi[m++] = vi[j];
        n[i] = m;
        qsort(vi, (size_t)m, sizeof *vi, cmp_double);
        if (m > 0)
            hi = fmax(hi, vi[m - 1]);
    }
    struct plot_legend_entry leg[SCENARIO_MAX_STRATEGIES];
    for (int i = 0; i < r->n_strategies; i++)
        leg[i] = (struct plot_legend_entry){strategy_label(r->strategy[i].kind),
                                            r->strategy[i].kind, PLOT_LEGEND_LINE, 0};
    double lh = plot_legend(cr, 90, 0, w - 114, leg, r->n_strategies, false);
    struct plot_frame f = {.x = 90, .y = top + 18, .w = w - 90 - 24};
    f.h = h - f.y - 70 - lh;
    plot_axis_nice(&f.ax, PLOT_AXIS_PLAIN, 0, hi > 0 ? hi * 1.08 : 1, (int)(f.w / 70));
    plot_axis_nice(&f.ay, PLOT_AXIS_PERCENT, 0, 1, 5);
    plot_axes(cr, &f, "hours a year of failed requests ((1 - availability) x 8760 h)",
              "share of years at or below", true);
    if (isfinite(budget)) {
        char label[64];
        snprintf(label, sizeof label, "target %.4g%%: %.2g h",
                 s->report.availability_target.v * 100, budget);
        plot_vline(cr, &f, budget, label);
    }
    for (int i = 0; i < r->n_strategies; i++)
        if (n[i] > 0)
            ecdf_line(cr, &f, v + (size_t)i * cap, n[i], r->strategy[i].kind);
    plot_legend(cr, 90, h - 14 - lh, w - 114, leg, r->n_strategies, true);
    free(v);
    return 0;
}
