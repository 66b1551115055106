/* Legends: entries (a line, a box, a marker, a state dot) with their labels,
 * laid out in rows across a width. Leaves the cairo_t's state as it found it. */
#include <math.h>

#include "plots/draw.h"

static double legend_entry_width(cairo_t *cr, const struct plot_legend_entry *e)
{
    return 30 + plot_text_width(cr, e->label, 12, false) + 18;
}

/* Entry e's symbol and label, the symbol's left edge at x, centred on y. */
static void draw_entry(cairo_t *cr, const struct plot_legend_entry *e, double x, double y)
{
    cairo_save(cr);
    switch (e->kind) {
    case PLOT_LEGEND_LINE:
        plot_set_line(cr, e->series, 2.2);
        cairo_move_to(cr, x, y);
        cairo_line_to(cr, x + 24, y);
        cairo_stroke(cr);
        plot_marker(cr, e->series, x + 12, y, 6);
        break;
    case PLOT_LEGEND_BOX:
        cairo_rectangle(cr, x + 4, y - 6, 16, 12);
        plot_fill_series(cr, e->series, 1);
        break;
    case PLOT_LEGEND_MARKER:
        plot_marker(cr, e->series, x + 12, y, 9);
        break;
    case PLOT_LEGEND_DOT:
    case PLOT_LEGEND_RING:
        cairo_new_path(cr);
        cairo_arc(cr, x + 12, y, 4.5, 0, 2 * PLOT_PI);
        cairo_set_source_rgb(cr, e->kind == PLOT_LEGEND_DOT ? e->grey : 1,
                             e->kind == PLOT_LEGEND_DOT ? e->grey : 1,
                             e->kind == PLOT_LEGEND_DOT ? e->grey : 1);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, e->grey, e->grey, e->grey);
        cairo_set_line_width(cr, 1.8);
        cairo_stroke(cr);
        break;
    }
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    plot_text(cr, x + 30, y, e->label, 0, 0.5, 12, false);
    cairo_restore(cr);
}

double plot_legend(cairo_t *cr, double x, double y, double w, const struct plot_legend_entry *e,
                   int n, bool draw)
{
    double cx = x, cy = y, row = 18;
    for (int i = 0; i < n; i++) {
        double ew = legend_entry_width(cr, &e[i]);
        if (cx > x && cx + ew > x + w) {
            cx = x;
            cy += row;
        }
        if (draw)
            draw_entry(cr, &e[i], cx, cy + row / 2);
        cx += ew;
    }
    return n ? cy - y + row : 0;
}
