/* The latency chart: reads and writes in two panels side by side, a row per
 * user population and in it a lane per strategy; in each lane the steady
 * state (filled marker) above the failover state (open marker), the marker
 * at p50 and the whisker reaching p99, on one log axis for both panels.
 * Nothing is drawn for a state, operation or strategy without requests. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plots/draw.h"
#include "plots/plot.h"

int plot_latency_cell(const struct summary *r, int i, int u, enum plot_latency_op op,
                      enum plot_latency_state state, double q, struct sim_summary *out)
{
    double *v = malloc((r->n_runs ? r->n_runs : 1) * sizeof *v);
    if (v == NULL)
        return SIM_ENOMEM;
    size_t n = 0;
    int k_q = q > 0.5 ? 1 : 0; /* the record keeps p50 and p99 */
    for (size_t k = 0; k < r->n_runs; k++) {
        const struct run_record *run = &r->runs[k];
        if (run->strategy != r->strategy[i].kind || u >= SCENARIO_MAX_USERS)
            continue;
        v[n++] = run->cell_ms[u][op == PLOT_LATENCY_WRITE][state == PLOT_LATENCY_FAILOVER][k_q];
    }
    int rc = sim_summarise(v, n, out);
    free(v);
    return rc;
}

void plot_population_name(const char *key, char *buf, size_t size)
{
    static const char *const compound[][2] = {{"north-america", "North America"},
                                              {"south-america", "South America"},
                                              {"middle-east", "Middle East"}};
    const char *rest = key;
    buf[0] = '\0';
    for (size_t c = 0; c < sizeof compound / sizeof compound[0]; c++) {
        size_t len = strlen(compound[c][0]);
        if (strncmp(key, compound[c][0], len) == 0 && (key[len] == '\0' || key[len] == '-')) {
            snprintf(buf, size, "%s", compound[c][1]);
            rest = key + len;
            break;
        }
    }
    size_t at = strlen(buf);
    for (const char *p = rest; *p && at + 1 < size; p++) {
        char ch = *p == '-' || *p == '_' ? ' ' : *p;
        if (at == 0 && ch == ' ')
            continue;
        buf[at] = at == 0 ? (char)toupper((unsigned char)ch) : ch;
        at++;
    }
    buf[at < size ? at : size - 1] = '\0';
}

/* Every cell's p50 and p99 summaries, and what the chart draws of them. */
struct latency_data {
    struct sim_summary cell[SCENARIO_MAX_STRATEGIES][SCENARIO_MAX_USERS][PLOT_LATENCY_OPS]
                           [PLOT_LATENCY_STATES][2]; /* [..][0]: p50, [..][1]: p99 */
    bool has_op[PLOT_LATENCY_OPS];
    bool failed_over[SCENARIO_MAX_STRATEGIES]; /* any failover-state request */
    double lo_ms, hi_ms;                       /* smallest p50, largest p99 */
};

/* Fills d from r's runs. Returns 0, or SIM_ENOMEM. */
static int latency_collect(const struct summary *r, struct latency_data *d)
{
    d->lo_ms = INFINITY;
    d->hi_ms = 0;
    for (int i = 0; i < r->n_strategies; i++)
        for (int u = 0; u < r->scenario->n_users; u++)
            for (int op = 0; op < PLOT_LATENCY_OPS; op++)
                for (int st = 0; st < PLOT_LATENCY_STATES; st++) {
                    struct sim_summary *c = d->cell[i][u][op][st];
                    int rc = plot_latency_cell(r, i, u, op, st, 0.5, &c[0]);
                    if (rc == 0)
                        rc = plot_latency_cell(r, i, u, op, st, 0.99, &c[1]);
                    if (rc != 0)
                        return rc;
                    if (c[0].n == 0 || c[1].n == 0)
                        continue;
                    d->has_op[op] = true;
                    d->failed_over[i] |= st == PLOT_LATENCY_FAILOVER;
                    d->lo_ms = fmin(d->lo_ms, c[0].mean);
                    d->hi_ms = fmax(d->hi_ms, c[1].mean);
                }
    return 0;
}

/* Strategies that served no request in the failover state, as
 * "never in the failover state: A, B" ("" when every one did). */
static void never_failed_over(const struct summary *r, const struct latency_data *d, char *buf,
                              size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < r->n_strategies && len < size; i++)
        if (!d->failed_over[i])
            len += (size_t)snprintf(buf + len, size - len, "%s%s",
                                    len ? ", "
                                        : "no request in the failover state (no incident "
                                          "open, no recovery layout): ",
                                    strategy_label(r->strategy[i].kind));
}

/* Strategies as markers, then the two states as a filled and an open circle. */
static double latency_legend(cairo_t *cr, const struct summary *r, double y, double w)
{
    struct plot_legend_entry e[SCENARIO_MAX_STRATEGIES + 2];
    int n = 0;
    for (int i = 0; i < r->n_strategies; i++)
        e[n++] = (struct plot_legend_entry){strategy_label(r->strategy[i].kind),
                                            r->strategy[i].kind, PLOT_LEGEND_MARKER, 0};
    e[n++] = (struct plot_legend_entry){"steady state", 0, PLOT_LEGEND_DOT, 0.3};
    e[n++] = (struct plot_legend_entry){"during failover", 0, PLOT_LEGEND_RING, 0.3};
    return plot_legend(cr, 16, y, w - 32, e, n, true);
}

/* Alternate row shading and each population's readable name left of the frame. */
static void population_rows(cairo_t *cr, const struct plot_frame *f, const struct summary *r,
                            double x_names, bool names)
{
    int nu = r->scenario->n_users;
    double rh = f->h / nu;
    cairo_save(cr);
    for (int u = 0; u < nu; u++) {
        double y0 = f->y + rh * u;
        if (u % 2) {
            cairo_set_source_rgb(cr, 0.955, 0.955, 0.955);
            cairo_rectangle(cr, f->x, y0, f->w, rh);
            cairo_fill(cr);
        }
        if (!names)
            continue;
        char name[SCENARIO_NAME_MAX + 8];
        plot_population_name(r->scenario->users[u].from, name, sizeof name);
        double maxw = f->x - x_names - 22;
        int lines = plot_text_width(cr, name, 12, false) > maxw ? 2 : 1;
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
        plot_text_wrapped(cr, x_names + maxw / 2, y0 + rh / 2 - lines * 12 * 1.2 / 2, maxw, name,
                          12);
    }
    cairo_restore(cr);
}

/* One (strategy, state) entry at height y: whisker from p50 to p99 ending in
 * a tick, and the strategy's marker at p50, filled (steady) or open (failover). */
static void latency_entry(cairo_t *cr, const struct plot_frame *f, int kind,
                          const struct sim_summary *c, bool failover, double y, double size)
{
    double x50 = plot_fx(f, c[0].mean / 1e3), x99 = plot_fx(f, c[1].mean / 1e3);
    cairo_save(cr);
    plot_set_colour(cr, kind, 1);
    cairo_set_line_width(cr, 1.6);
    cairo_move_to(cr, x50, y);
    cairo_line_to(cr, x99, y);
    cairo_move_to(cr, x99, y - size * 0.45);
    cairo_line_to(cr, x99, y + size * 0.45);
    cairo_stroke(cr);
    cairo_restore(cr);
    if (failover)
        plot_marker_open(cr, kind, x50, y, size);
    else
        plot_marker(cr, kind, x50, y, size);
}

/* Panel of operation op: its title, rows, axes and every entry. */
static void latency_panel(cairo_t *cr, struct plot_frame *f, const struct summary *r,
                          const struct latency_data *d, enum plot_latency_op op, bool names)
{
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    plot_text(cr, f->x, f->y - 4, op == PLOT_LATENCY_WRITE ? "Writes" : "Reads", 0, 1, 13, true);
    cairo_restore(cr);
    population_rows(cr, f, r, 8, names);
    plot_axes(cr, f, "latency (log scale)", NULL, true);
    int nu = r->scenario->n_users, ns = r->n_strategies;
    double lane = f->h / nu / ns, off = fmin(lane * 0.22, 5), size = fmin(lane * 0.4, 9);
    for (int u = 0; u < nu; u++)
        for (int i = 0; i < ns; i++) {
            double yc = f->y + f->h / nu * u + lane * (i + 0.5);
            for (int st = 0; st < PLOT_LATENCY_STATES; st++) {
                const struct sim_summary *c = d->cell[i][u][op][st];
                if (c[0].n == 0 || c[1].n == 0)
                    continue;
                bool failover = st == PLOT_LATENCY_FAILOVER;
                latency_entry(cr, f, r->strategy[i].kind, c, failover, yc + (failover ? off : -off),
                              size);
            }
        }
}

double plot_latency_height(const struct summary *r)
{
    int lanes = r->scenario->n_users * r->n_strategies;
    return fmax(PLOT_HEIGHT, 170 + 26.0 * lanes);
}

int plot_latency(cairo_t *cr, double w, double h, const struct summary *r)
{
    char sub[256], note[512];
    snprintf(sub, sizeof sub,
             "marker: p50, whisker to p99 of successful requests; mean over %d replication%s "
             "of each run's value",
             r->scenario->replications, r->scenario->replications == 1 ? "" : "s");
    double top = plot_title(cr, w, "Request latency per user population, steady and failover", sub);
    double lh = latency_legend(cr, r, top, w);
    struct latency_data *d = calloc(1, sizeof *d);
    if (d == NULL)
        return SIM_ENOMEM;
    int rc = latency_collect(r, d);
    never_failed_over(r, d, note, sizeof note);
    int np = d->has_op[PLOT_LATENCY_READ] + d->has_op[PLOT_LATENCY_WRITE];
    double left = 160, gap = 44, pw = (w - left - 20 - gap * (np > 1)) / (np ? np : 1);
    struct plot_frame f = {.x = left, .y = top + lh + 24, .w = pw};
    f.h = h - f.y - 50 - (note[0] ? 16 : 0);
    if (!isfinite(d->lo_ms)) { /* no request at all: an empty 1 ms - 1 s frame */
        d->lo_ms = 1.3;
        d->hi_ms = 1000 / 1.3;
    }
    plot_axis_log(&f.ax, PLOT_AXIS_TIME, d->lo_ms / 1e3 / 1.3, d->hi_ms / 1e3 * 1.3,
                  (int)(pw / 62));
    plot_axis_category(&f.ay);
    if (rc == 0 && (np == 0 || r->scenario->n_users == 0 || r->n_strategies == 0))
        plot_no_data(cr, &f);
    for (int op = 0, k = 0; rc == 0 && np > 0 && op < PLOT_LATENCY_OPS; op++) {
        if (!d->has_op[op])
            continue;
        struct plot_frame p = f;
        p.x = left + k++ * (pw + gap);
        latency_panel(cr, &p, r, d, op, op == 0 || !d->has_op[0]);
    }
    if (note[0]) {
        cairo_save(cr);
        cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
        plot_text(cr, 16, h - 8, note, 0, 1, 11.5, false);
        cairo_restore(cr);
    }
    free(d);
    return rc;
}
