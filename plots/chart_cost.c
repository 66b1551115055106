/* The bill as stacked bars: one bar per strategy, one segment per cost item
 * (cost_compute ... cost_dns) in the item's colour and hatch, the total
 * above. Items nobody pays for get no segment and no legend entry. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plots/draw.h"
#include "plots/plot.h"

static bool item_paid(const struct summary *r, int m)
{
    for (int i = 0; i < r->n_strategies; i++)
        if (r->strategy[i].metric[m].n > 0 && r->strategy[i].metric[m].mean >= 0.005)
            return true;
    return false;
}

int plot_cost_stack(cairo_t *cr, double w, double h, const struct summary *r)
{
    char sub[256];
    snprintf(sub, sizeof sub, "%s: steady-state USD per 30-day month, mean of %d replications",
             r->scenario->name, r->scenario->replications);
    double top = plot_title(cr, w, "Monthly cost per strategy, by item", sub);
    struct plot_legend_entry e[RESULTS_COST_ITEMS];
    int n = 0;
    for (int m = METRIC_COST_COMPUTE; m <= METRIC_COST_DNS; m++)
        if (item_paid(r, m))
            e[n++] = (struct plot_legend_entry){metric_name(m) + strlen("cost_"),
                                                m - METRIC_COST_COMPUTE, PLOT_LEGEND_BOX, 0};
    double lh = plot_legend(cr, 90, top, w - 110, e, n, true);
    double hi = 0;
    for (int i = 0; i < r->n_strategies; i++)
        hi = fmax(hi, r->strategy[i].metric[METRIC_COST_MONTH].mean);
    struct plot_frame f = {.x = 90, .y = top + lh + 18, .w = w - 90 - 24};
    f.h = h - f.y - 62;
    plot_axis_nice(&f.ay, PLOT_AXIS_USD, 0, hi > 0 ? hi * 1.12 : 1, (int)(f.h / 45));
    plot_axis_category(&f.ax);
    plot_axes(cr, &f, NULL, "cost per month (USD)", false);
    if (hi <= 0 || r->n_strategies == 0) {
        plot_no_data(cr, &f);
        return 0;
    }
    double slot = f.w / r->n_strategies, bw = fmin(slot * 0.55, 110);
    for (int i = 0; i < r->n_strategies; i++) {
        const struct summary_strategy *st = &r->strategy[i];
        double cx = f.x + slot * (i + 0.5), base = 0;
        cairo_save(cr);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        plot_text_wrapped(cr, cx, f.y + f.h + 6, slot - 8, strategy_label(st->kind),
                          PLOT_FONT_SIZE);
        cairo_restore(cr);
        for (int m = METRIC_COST_COMPUTE; m <= METRIC_COST_DNS; m++) {
            double v = st->metric[m].n > 0 ? st->metric[m].mean : 0;
            if (v <= 0)
                continue;
            double y0 = plot_fy(&f, base), y1 = plot_fy(&f, base + v);
            base += v;
            if (y0 - y1 < 0.5)
                continue;
            cairo_rectangle(cr, cx - bw / 2, y1, bw, y0 - y1);
            plot_fill_series(cr, m - METRIC_COST_COMPUTE, 0.9);
        }
        char total[32];
        plot_format_value(PLOT_AXIS_USD, st->metric[METRIC_COST_MONTH].mean, total, sizeof total);
        cairo_save(cr);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        plot_text(cr, cx, plot_fy(&f, base) - 4, total, 0.5, 1, 12, true);
        cairo_restore(cr);
    }
    return 0;
}
