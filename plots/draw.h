/* Drawing primitives the charts share: 1-2-5 axes (time in s/min/h as fits),
 * frames, text, legends and per-strategy styles (Okabe-Ito colour + dash +
 * marker + hatch, so series stay apart in grey). Internal to plots/. */
#ifndef REGIONSIM_PLOTS_DRAW_H
#define REGIONSIM_PLOTS_DRAW_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>

#define PLOT_FONT "sans-serif"
#define PLOT_FONT_SIZE 13.0
#define PLOT_PI 3.14159265358979323846

enum plot_axis_kind { PLOT_AXIS_PLAIN, PLOT_AXIS_TIME, PLOT_AXIS_PERCENT, PLOT_AXIS_USD };

#define PLOT_MAX_TICKS 40
struct plot_axis {
    enum plot_axis_kind kind;
    bool log;      /* logarithmic: ticks carry their own unit ("30 s", "5 min") */
    double lo, hi; /* shown range, data units (seconds for time, ratio for percent) */
    double step;   /* linear tick step, data units; 0 for a category axis */
    double scale;  /* data units per display unit: 60 for minutes, 0.01 for percent */
    char unit[8];  /* display unit: "s", "min", "h", "%", "USD" ("" on log axes) */
    int decimals;  /* of linear tick labels */
    int n_ticks;
    double ticks[PLOT_MAX_TICKS];
};

/* Picks a display unit (time: s, min or h as the span fits) and a 1-2-5 step
 * giving at most max_ticks intervals over [lo, hi], and widens [lo, hi] to
 * whole steps. */
void plot_axis_nice(struct plot_axis *a, enum plot_axis_kind kind, double lo, double hi,
                    int max_ticks);
/* A logarithmic axis over [lo, hi] (both > 0), widened to the ticks around
 * them: 1-2-5 steps (time: 1 s, 2 s, 5 s, 10 s, 30 s, 1 min, ... 1 d), or
 * decades when that gives more than max_ticks ticks. */
void plot_axis_log(struct plot_axis *a, enum plot_axis_kind kind, double lo, double hi,
                   int max_ticks);
/* Moves a linear axis's low end up to lo (inside the range), dropping the
 * ticks below it: for a time axis that should start just before an event. */
void plot_axis_clip_lo(struct plot_axis *a, double lo);
/* A category axis [0, 1] with no ticks. */
void plot_axis_category(struct plot_axis *a);
/* Tick label of data value v ("15", "2.5", "40%"). */
void plot_axis_label(const struct plot_axis *a, double v, char *buf, size_t size);
/* Value in display units with the unit ("12.5 min", "0.20 s", "1,234 USD"). */
void plot_format_value(enum plot_axis_kind kind, double v, char *buf, size_t size);

/* Inserts a comma between every three digits of the integer part of the
 * first number in buf ("$12345.60" -> "$12,345.60"), in place, when it has
 * four digits or more and the result fits in size; for documents and
 * charts only (CSV and JSON keep plain numbers). */
void plot_group_thousands(char *buf, size_t size);

/* A plot area in device units and its two axes. */
struct plot_frame {
    double x, y, w, h;
    struct plot_axis ax, ay;
};
double plot_fx(const struct plot_frame *f, double v);
double plot_fy(const struct plot_frame *f, double v);

/* Text at (x, y) aligned by ax, ay in [0, 1] (0 = left/top, 0.5 = centre). */
void plot_text(cairo_t *cr, double x, double y, const char *s, double ax, double ay, double size,
               bool bold);
double plot_text_width(cairo_t *cr, const char *s, double size, bool bold);
/* Vertical text, reading upwards, centred on (x, y). */
void plot_text_up(cairo_t *cr, double x, double y, const char *s, double size);

/* White background, title and subtitle; returns the y below them. */
double plot_title(cairo_t *cr, double w, const char *title, const char *subtitle);
/* Grid, ticks, tick labels and axis titles. x_title/y_title NULL: none; the
 * x axis may be drawn without tick labels (draw_x_labels false). */
void plot_axes(cairo_t *cr, const struct plot_frame *f, const char *x_title, const char *y_title,
               bool draw_x_labels);
/* Tick labels of the x axis at y, skipping any that would overlap. */
void plot_x_labels(cairo_t *cr, const struct plot_frame *f, double y);
/* A horizontal reference line (a target) with a label at its right end. */
void plot_hline(cairo_t *cr, const struct plot_frame *f, double v, const char *label);
void plot_vline(cairo_t *cr, const struct plot_frame *f, double v, const char *label);
/* The same with the label's anchor ax: 0.5 centred on the line, 0 starting
 * just right of it, 1 ending just left of it. */
void plot_vline_aligned(cairo_t *cr, const struct plot_frame *f, double v, const char *label,
                        double ax);

/* Styles per series index (a strategy's kind, for the same look everywhere). */
void plot_set_colour(cairo_t *cr, int series, double alpha);
void plot_set_line(cairo_t *cr, int series, double width);
void plot_marker(cairo_t *cr, int series, double x, double y, double size);
/* The same shape open: white inside, outlined in the series' colour. */
void plot_marker_open(cairo_t *cr, int series, double x, double y, double size);
/* Fills the current path with the series' colour and hatch, then strokes it. */
void plot_fill_series(cairo_t *cr, int series, double alpha);

/* A series' line, box or marker; or a neutral circle, filled (DOT) or open
 * (RING), for a state drawn with filled and open markers. */
enum plot_legend_kind {
    PLOT_LEGEND_LINE,
    PLOT_LEGEND_BOX,
    PLOT_LEGEND_MARKER,
    PLOT_LEGEND_DOT,
    PLOT_LEGEND_RING
};
struct plot_legend_entry {
    const char *label;
    int series;
    enum plot_legend_kind kind;
    double grey; /* DOT, RING: grey level of the circle */
};
/* Lays entries out in rows across width w from (x, y); draws them when draw.
 * Returns the height used. */
double plot_legend(cairo_t *cr, double x, double y, double w, const struct plot_legend_entry *e,
                   int n, bool draw);

/* "no data" in the middle of the frame. */
void plot_no_data(cairo_t *cr, const struct plot_frame *f);

/* Splits s at spaces into at most 3 lines each no wider than w; draws them
 * centred on x from y downward. Returns the number of lines. */
int plot_text_wrapped(cairo_t *cr, double x, double y, double w, const char *s, double size);

#endif
