/* Drawing primitives shared by the charts. Invariant: every function leaves
 * the cairo_t's state (colour, dash, font, transform) as it found it, by
 * cairo_save/cairo_restore around what it changes. */
#include "plots/draw.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "plots/palette.h"

static void set_font(cairo_t *cr, double size, bool bold)
{
    cairo_select_font_face(cr, PLOT_FONT, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

/* ---------- axes ---------- */

static double nice_step(double raw)
{
    if (!(raw > 0))
        return 1;
    double mag = pow(10, floor(log10(raw)));
    static const double mult[] = {1, 2, 5, 10};
    for (int i = 0; i < 4; i++)
        if (mult[i] * mag >= raw * (1 - 1e-9))
            return mult[i] * mag;
    return 10 * mag;
}

void plot_axis_nice(struct plot_axis *a, enum plot_axis_kind kind, double lo, double hi,
                    int max_ticks)
{
    memset(a, 0, sizeof *a);
    a->kind = kind;
    if (!(hi > lo)) {
        hi = lo + (lo == 0 ? 1 : fabs(lo));
    }
    if (max_ticks < 2)
        max_ticks = 2;
    a->scale = 1;
    switch (kind) {
    case PLOT_AXIS_TIME: {
        double span = fmax(fabs(hi), fabs(lo));
        if (span <= 180) {
            strcpy(a->unit, "s");
        } else if (span <= 3 * 3600) {
            a->scale = 60;
            strcpy(a->unit, "min");
        } else {
            a->scale = 3600;
            strcpy(a->unit, "h");
        }
        break;
    }
    case PLOT_AXIS_PERCENT:
        a->scale = 0.01;
        strcpy(a->unit, "%");
        break;
    case PLOT_AXIS_USD:
        strcpy(a->unit, "USD");
        break;
    case PLOT_AXIS_PLAIN:
        break;
    }
    double dlo = lo / a->scale, dhi = hi / a->scale;
    double step = nice_step((dhi - dlo) / max_ticks);
    dlo = floor(dlo / step + 1e-9) * step;
    dhi = ceil(dhi / step - 1e-9) * step;
    a->lo = dlo * a->scale;
    a->hi = dhi * a->scale;
    a->step = step * a->scale;
    a->decimals = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
    for (int i = 0; dlo + i * step <= dhi + step * 1e-6 && a->n_ticks < PLOT_MAX_TICKS; i++) {
        double v = (dlo + i * step) * a->scale;
        a->ticks[a->n_ticks++] = fabs(v) < a->step * 1e-9 ? 0 : v;
    }
}

void plot_axis_clip_lo(struct plot_axis *a, double lo)
{
    if (a->log || !(lo > a->lo) || !(lo < a->hi))
        return;
    int k = 0;
    for (int i = 0; i < a->n_ticks; i++)
        if (a->ticks[i] >= lo - 1e-9 * a->step)
            a->ticks[k++] = a->ticks[i];
    a->n_ticks = k;
    a->lo = lo;
}

void plot_axis_category(struct plot_axis *a)
{
    memset(a, 0, sizeof *a);
    a->hi = 1;
    a->scale = 1;
}

/* Human time ticks in seconds: fine (1-2-5 like) and coarse (decade like). */
static const double time_fine[] = {
    1e-3, 2e-3, 5e-3, 0.01,       0.02,       0.05,  0.1,         0.2,        0.5,
    1,    2,    5,    10,         20,         60,    120,         300,        600,
    1200, 3600, 7200, 4 * 3600.0, 8 * 3600.0, 86400, 2 * 86400.0, 7 * 86400.0};
static const double time_coarse[] = {1e-3, 0.01, 0.1,   1,     10,          60,
                                     600,  3600, 36000, 86400, 10 * 86400.0};

static int pick_ticks(struct plot_axis *a, const double *c, int n, double lo, double hi)
{
    int i0 = 0, i1 = n - 1;
    while (i0 + 1 < n && c[i0 + 1] <= lo)
        i0++;
    while (i1 - 1 >= 0 && c[i1 - 1] >= hi)
        i1--;
    a->n_ticks = 0;
    for (int i = i0; i <= i1 && a->n_ticks < PLOT_MAX_TICKS; i++)
        a->ticks[a->n_ticks++] = c[i];
    return a->n_ticks;
}

void plot_axis_log(struct plot_axis *a, enum plot_axis_kind kind, double lo, double hi,
                   int max_ticks)
{
    memset(a, 0, sizeof *a);
    a->kind = kind;
    a->log = true;
    a->scale = 1;
    if (!(lo > 0))
        lo = 1e-3;
    if (!(hi > lo))
        hi = lo * 10;
    if (kind == PLOT_AXIS_TIME) {
        int nf = (int)(sizeof time_fine / sizeof time_fine[0]);
        int nc = (int)(sizeof time_coarse / sizeof time_coarse[0]);
        if (pick_ticks(a, time_fine, nf, lo, hi) > max_ticks)
            pick_ticks(a, time_coarse, nc, lo, hi);
    } else {
        double fine[PLOT_MAX_TICKS], coarse[PLOT_MAX_TICKS];
        int nf = 0, nc = 0;
        double d0 = pow(10, floor(log10(lo))), d1 = pow(10, ceil(log10(hi)));
        for (double d = d0; d <= d1 * 1.001 && nf + 3 < PLOT_MAX_TICKS; d *= 10) {
            fine[nf++] = d;
            fine[nf++] = 2 * d;
            fine[nf++] = 5 * d;
            coarse[nc++] = d;
        }
        if (pick_ticks(a, fine, nf, lo, hi) > max_ticks)
            pick_ticks(a, coarse, nc, lo, hi);
    }
    a->lo = fmin(a->ticks[0], lo);
    a->hi = fmax(a->ticks[a->n_ticks - 1], hi);
}

static void time_tick(double v, char *buf, size_t size)
{
    if (v < 1)
        snprintf(buf, size, "%g ms", v * 1e3);
    else if (v < 60)
        snprintf(buf, size, "%g s", v);
    else if (v < 3600)
        snprintf(buf, size, "%g min", v / 60);
    else if (v < 86400)
        snprintf(buf, size, "%g h", v / 3600);
    else
        snprintf(buf, size, "%g d", v / 86400);
}

void plot_axis_label(const struct plot_axis *a, double v, char *buf, size_t size)
{
    if (a->log) {
        if (a->kind == PLOT_AXIS_TIME)
            time_tick(v, buf, size);
        else if (a->kind == PLOT_AXIS_USD)
            snprintf(buf, size, "$%g", v);
        else
            snprintf(buf, size, "%g", v);
        return;
    }
    double d = v / a->scale;
    if (fabs(d) < 1e-9 * a->step / a->scale)
        d = 0;
    if (a->kind == PLOT_AXIS_PERCENT)
        snprintf(buf, size, "%.*f%%", a->decimals, d);
    else if (fmax(fabs(a->hi), fabs(a->lo)) / a->scale >= 1e6 && a->decimals == 0)
        snprintf(buf, size, d == 0 ? "0" : "%gM", d / 1e6); /* not "12000k" */
    else if (fabs(d) >= 1e4 && a->decimals == 0)
        snprintf(buf, size, "%.0fk", d / 1000);
    else
        snprintf(buf, size, "%.*f", a->decimals, d);
}

void plot_format_value(enum plot_axis_kind kind, double v, char *buf, size_t size)
{
    if (isnan(v)) {
        snprintf(buf, size, "n/a");
        return;
    }
    switch (kind) {
    case PLOT_AXIS_TIME:
        if (v == 0)
            snprintf(buf, size, "0 s");
        else if (fabs(v) < 1)
            snprintf(buf, size, "%.3g ms", v * 1e3);
        else if (fabs(v) < 60)
            snprintf(buf, size, "%.3g s", v);
        else if (fabs(v) < 3 * 3600)
            snprintf(buf, size, "%.3g min", v / 60);
        else
            snprintf(buf, size, "%.3g h", v / 3600);
        break;
    case PLOT_AXIS_PERCENT:
        snprintf(buf, size, "%.2f%%", v * 100);
        break;
    case PLOT_AXIS_USD:
        snprintf(buf, size, "$%.0f", v);
        plot_group_thousands(buf, size);
        break;
    case PLOT_AXIS_PLAIN:
        snprintf(buf, size, fabs(v) >= 100 ? "%.0f" : "%.3g", v);
        break;
    }
}

void plot_group_thousands(char *buf, size_t size)
{
    size_t start = strcspn(buf, "0123456789");
    size_t digits = strspn(buf + start, "0123456789");
    size_t len = strlen(buf), commas = (digits - 1) / 3;
    if (digits < 4 || len + commas >= size)
        return;
    /* from the end backwards: the tail, then digit groups with commas */
    size_t end = start + digits;
    memmove(buf + end + commas, buf + end, len - end + 1);
    for (size_t i = 0, out = end + commas; i < digits; i++) {
        buf[--out] = buf[end - 1 - i];
        if (i % 3 == 2 && i + 1 < digits)
            buf[--out] = ',';
    }
}

/* Position of v in [0, 1] along a (log axes clamp v to the range first). */
static double axis_frac(const struct plot_axis *a, double v)
{
    if (a->log) {
        v = fmin(fmax(v, a->lo), a->hi);
        return log(v / a->lo) / log(a->hi / a->lo);
    }
    return (v - a->lo) / (a->hi - a->lo);
}

double plot_fx(const struct plot_frame *f, double v)
{
    return f->x + axis_frac(&f->ax, v) * f->w;
}

double plot_fy(const struct plot_frame *f, double v)
{
    return f->y + f->h - axis_frac(&f->ay, v) * f->h;
}

/* ---------- text ---------- */

void plot_text(cairo_t *cr, double x, double y, const char *s, double ax, double ay, double size,
               bool bold)
{
    cairo_save(cr);
    set_font(cr, size, bold);
    cairo_text_extents_t te;
    cairo_font_extents_t fe;
    cairo_text_extents(cr, s, &te);
    cairo_font_extents(cr, &fe);
    double h = fe.ascent + fe.descent;
    cairo_move_to(cr, x - ax * te.x_advance, y - ay * h + fe.ascent);
    cairo_show_text(cr, s);
    cairo_restore(cr);
}

double plot_text_width(cairo_t *cr, const char *s, double size, bool bold)
{
    cairo_save(cr);
    set_font(cr, size, bold);
    cairo_text_extents_t te;
    cairo_text_extents(cr, s, &te);
    cairo_restore(cr);
    return te.x_advance;
}

void plot_text_up(cairo_t *cr, double x, double y, const char *s, double size)
{
    cairo_save(cr);
    cairo_translate(cr, x, y);
    cairo_rotate(cr, -PLOT_PI / 2);
    plot_text(cr, 0, 0, s, 0.5, 0.5, size, false);
    cairo_restore(cr);
}

int plot_text_wrapped(cairo_t *cr, double x, double y, double w, const char *s, double size)
{
    char lines[3][260];
    int n = 0;
    char word[128];
    lines[0][0] = '\0';
    const char *p = s;
    while (*p && n < 3) {
        while (*p == ' ')
            p++;
        size_t len = strcspn(p, " ");
        if (len == 0)
            break;
        if (len >= sizeof word)
            len = sizeof word - 1;
        memcpy(word, p, len);
        word[len] = '\0';
        p += strcspn(p, " ");
        char trial[sizeof lines[0]];
        size_t have = strlen(lines[n]);
        bool fits = have + 1 + len < sizeof trial;
        if (fits) {
            memcpy(trial, lines[n], have);
            if (have)
                trial[have++] = ' ';
            memcpy(trial + have, word, len + 1);
        }
        if (lines[n][0] && (!fits || plot_text_width(cr, trial, size, false) > w)) {
            if (++n == 3)
                break;
            memcpy(lines[n], word, len + 1);
        } else if (fits) {
            memcpy(lines[n], trial, strlen(trial) + 1);
        }
    }
    if (n < 3 && lines[n][0])
        n++;
    for (int i = 0; i < n; i++)
        plot_text(cr, x, y + i * size * 1.2, lines[i], 0.5, 0, size, false);
    return n;
}

double plot_title(cairo_t *cr, double w, const char *title, const char *subtitle)
{
    cairo_save(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    plot_text(cr, 16, 12, title, 0, 0, 17, true);
    double y = 12 + 17 * 1.3;
    if (subtitle && *subtitle) {
        cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
        plot_text(cr, 16, y, subtitle, 0, 0, 12, false);
        y += 12 * 1.4;
    }
    cairo_restore(cr);
    return y + 4;
}

void plot_x_labels(cairo_t *cr, const struct plot_frame *f, double y)
{
    char buf[32];
    /* skip a label that would touch the previous one */
    double last = -1e9;
    for (int i = 0; i < f->ax.n_ticks; i++) {
        plot_axis_label(&f->ax, f->ax.ticks[i], buf, sizeof buf);
        double x = plot_fx(f, f->ax.ticks[i]), tw = plot_text_width(cr, buf, 11.5, false);
        if (x - tw / 2 < last + 6)
            continue;
        plot_text(cr, x, y, buf, 0.5, 0, 11.5, false);
        last = x + tw / 2;
    }
}

void plot_axes(cairo_t *cr, const struct plot_frame *f, const char *x_title, const char *y_title,
               bool draw_x_labels)
{
    char buf[32];
    cairo_save(cr);
    cairo_set_line_width(cr, 1);
    /* grid */
    cairo_set_source_rgb(cr, 0.88, 0.88, 0.88);
    for (int i = 0; i < f->ay.n_ticks; i++) {
        double y = round(plot_fy(f, f->ay.ticks[i])) + 0.5;
        cairo_move_to(cr, f->x, y);
        cairo_line_to(cr, f->x + f->w, y);
    }
    for (int i = 0; i < f->ax.n_ticks; i++) {
        double x = round(plot_fx(f, f->ax.ticks[i])) + 0.5;
        cairo_move_to(cr, x, f->y);
        cairo_line_to(cr, x, f->y + f->h);
    }
    cairo_stroke(cr);
    /* frame and labels */
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    cairo_move_to(cr, f->x + 0.5, f->y);
    cairo_line_to(cr, f->x + 0.5, f->y + f->h + 0.5);
    cairo_line_to(cr, f->x + f->w, f->y + f->h + 0.5);
    cairo_stroke(cr);
    for (int i = 0; i < f->ay.n_ticks; i++) {
        plot_axis_label(&f->ay, f->ay.ticks[i], buf, sizeof buf);
        plot_text(cr, f->x - 6, plot_fy(f, f->ay.ticks[i]), buf, 1, 0.5, 11.5, false);
    }
    if (draw_x_labels)
        plot_x_labels(cr, f, f->y + f->h + 5);
    if (x_title)
        plot_text(cr, f->x + f->w / 2, f->y + f->h + (draw_x_labels ? 24 : 6), x_title, 0.5, 0,
                  PLOT_FONT_SIZE, false);
    if (y_title) {
        /* left of the widest tick label */
        double wmax = 0;
        for (int i = 0; i < f->ay.n_ticks; i++) {
            plot_axis_label(&f->ay, f->ay.ticks[i], buf, sizeof buf);
            wmax = fmax(wmax, plot_text_width(cr, buf, 11.5, false));
        }
        plot_text_up(cr, f->x - 14 - wmax, f->y + f->h / 2, y_title, PLOT_FONT_SIZE);
    }
    cairo_restore(cr);
}

static void ref_line(cairo_t *cr, double x0, double y0, double x1, double y1)
{
    static const double dash[] = {6, 4};
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_set_line_width(cr, 1.5);
    cairo_set_dash(cr, dash, 2, 0);
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
    cairo_stroke(cr);
    cairo_restore(cr);
}

void plot_hline(cairo_t *cr, const struct plot_frame *f, double v, const char *label)
{
    double y = plot_fy(f, v);
    ref_line(cr, f->x, y, f->x + f->w, y);
    if (label) {
        cairo_save(cr);
        double tw = plot_text_width(cr, label, 11.5, false);
        cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
        cairo_rectangle(cr, f->x + f->w - tw - 6, y - 17, tw + 4, 15);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        plot_text(cr, f->x + f->w - 4, y - 3, label, 1, 1, 11.5, false);
        cairo_restore(cr);
    }
}

void plot_vline_aligned(cairo_t *cr, const struct plot_frame *f, double v, const char *label,
                        double ax)
{
    double x = plot_fx(f, v);
    ref_line(cr, x, f->y, x, f->y + f->h);
    if (label) {
        cairo_save(cr);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        plot_text(cr, x + (ax == 0 ? 3 : ax == 1 ? -3 : 0), f->y - 2, label, ax, 1, 11.5, false);
        cairo_restore(cr);
    }
}

void plot_vline(cairo_t *cr, const struct plot_frame *f, double v, const char *label)
{
    plot_vline_aligned(cr, f, v, label, 0.5);
}

/* ---------- series styles ---------- */

void plot_set_colour(cairo_t *cr, int series, double alpha)
{
    struct plot_rgb c = plot_palette(series);
    cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha);
}

void plot_set_line(cairo_t *cr, int series, double width)
{
    static const double dashes[4][4] = {{0}, {9, 4}, {2.5, 3}, {9, 3, 2.5, 3}};
    static const int ndash[4] = {0, 2, 2, 4};
    int i = (series < 0 ? -series : series) % 4;
    plot_set_colour(cr, series, 1);
    cairo_set_line_width(cr, width);
    cairo_set_dash(cr, dashes[i], ndash[i], 0);
}

/* The path of series' marker shape (circle, square, triangle, diamond) of size at (x, y). */
static void marker_path(cairo_t *cr, int series, double x, double y, double size)
{
    int i = (series < 0 ? -series : series) % 4;
    double r = size / 2;
    cairo_new_path(cr);
    switch (i) {
    case 0:
        cairo_arc(cr, x, y, r, 0, 2 * PLOT_PI);
        break;
    case 1:
        cairo_rectangle(cr, x - r * 0.9, y - r * 0.9, 1.8 * r, 1.8 * r);
        break;
    case 2:
        cairo_move_to(cr, x, y - r * 1.15);
        cairo_line_to(cr, x + r * 1.1, y + r * 0.8);
        cairo_line_to(cr, x - r * 1.1, y + r * 0.8);
        cairo_close_path(cr);
        break;
    default:
        cairo_move_to(cr, x, y - r * 1.2);
        cairo_line_to(cr, x + r * 1.2, y);
        cairo_line_to(cr, x, y + r * 1.2);
        cairo_line_to(cr, x - r * 1.2, y);
        cairo_close_path(cr);
        break;
    }
}

void plot_marker(cairo_t *cr, int series, double x, double y, double size)
{
    cairo_save(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    marker_path(cr, series, x, y, size);
    plot_set_colour(cr, series, 1);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
    cairo_restore(cr);
}

void plot_marker_open(cairo_t *cr, int series, double x, double y, double size)
{
    cairo_save(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    marker_path(cr, series, x, y, size);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    plot_set_colour(cr, series, 1);
    cairo_set_line_width(cr, 1.8);
    cairo_stroke(cr);
    cairo_restore(cr);
}

void plot_fill_series(cairo_t *cr, int series, double alpha)
{
    int i = (series < 0 ? -series : series) % 4;
    cairo_save(cr);
    plot_set_colour(cr, series, alpha);
    cairo_fill_preserve(cr);
    if (i > 0) {
        /* hatch, so bars stay apart in grey: /, \, or horizontal */
        double x0, y0, x1, y1;
        cairo_save(cr);
        cairo_clip_preserve(cr);
        cairo_path_extents(cr, &x0, &y0, &x1, &y1);
        cairo_new_path(cr);
        cairo_set_source_rgba(cr, 1, 1, 1, 0.55);
        cairo_set_line_width(cr, 1.6);
        double span = (x1 - x0) + (y1 - y0);
        for (double d = -span; d < span; d += 6) {
            if (i == 1) {
                cairo_move_to(cr, x0 + d, y1);
                cairo_line_to(cr, x0 + d + (y1 - y0), y0);
            } else if (i == 2) {
                cairo_move_to(cr, x0 + d, y0);
                cairo_line_to(cr, x0 + d + (y1 - y0), y1);
            } else if (d >= 0 && d <= y1 - y0) {
                cairo_move_to(cr, x0, y0 + d);
                cairo_line_to(cr, x1, y0 + d);
            }
        }
        cairo_stroke(cr);
        cairo_restore(cr);
    }
    plot_set_colour(cr, series, 1);
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
    cairo_restore(cr);
}

void plot_no_data(cairo_t *cr, const struct plot_frame *f)
{
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0.4, 0.4, 0.4);
    plot_text(cr, f->x + f->w / 2, f->y + f->h / 2, "no data", 0.5, 0.5, 15, false);
    cairo_restore(cr);
}
