/* The results of a sweep: every point's summary boiled down to what the
 * sweep's documents need (each strategy's metrics, verdicts and per-run
 * values of the metrics of interest), then sweep.csv, the sweep report and
 * its charts. Points share the seed, so replication i saw the same failures
 * and arrivals at every point: differences between points are paired. */
#ifndef REGIONSIM_PLOTS_SWEEP_H
#define REGIONSIM_PLOTS_SWEEP_H

#include <cairo.h>
#include <stdbool.h>
#include <stdio.h>

#include "models/summary.h"
#include "plots/plot.h"
#include "scenarios/loader/loader.h"

/* The metrics the sweep report charts and compares, in order: the
 * decision's five (always, when they apply), then those a scenario's story
 * may be about (split brain, residency, sessions, overload, conflicts,
 * stale reads), charted only when some point has a value other than 0. */
#define SWEEP_METRICS 11
#define SWEEP_CORE_METRICS 5
#define SWEEP_TOTAL_COST_YEAR 4 /* sweep_metric[4] */
extern const enum metric sweep_metric[SWEEP_METRICS];

/* One strategy (by registry index) at one point; present false when the
 * point did not simulate it. */
struct sweep_cell {
    bool present;
    struct sim_summary metric[METRIC_COUNT];
    struct verdict_result verdict[SUMMARY_TARGET_COUNT];
    bool meets;
};

struct sweep_result {
    const struct scenario_sweep *axes;   /* borrowed */
    const struct scenario_point *points; /* borrowed */
    int n_points;
    int n_kinds; /* strategies simulated at any point, in report order */
    int kinds[SCENARIO_MAX_STRATEGIES];
    int replications;        /* of point 0 (every point has the same) */
    struct sweep_cell *cell; /* [point * SCENARIO_MAX_STRATEGIES + kind] */
    /* per-run values of sweep_metric[], NAN where absent:
     * [((point * SCENARIO_MAX_STRATEGIES + kind) * replications + rep) * SWEEP_METRICS + i] */
    double *values;
};

/* A result for points[0..n-1] of axes, each still to be added. Returns NULL
 * when out of memory. */
struct sweep_result *sweep_result_new(const struct scenario_sweep *axes,
                                      const struct scenario_point *points, int n);
void sweep_result_free(struct sweep_result *w);
/* Takes what it needs of point p's summary r (r may be freed after). */
void sweep_result_add(struct sweep_result *w, int p, const struct summary *r);
const struct sweep_cell *sweep_cell(const struct sweep_result *w, int p, int kind);

/* The paired difference of metric sweep_metric[i] of `kind` between points
 * a and b (b - a over the replications where both have a value). Returns 0
 * or SIM_ENOMEM. */
int sweep_paired_diff(const struct sweep_result *w, int i, int kind, int a, int b,
                      struct sim_summary *out);

/* The point (and, for overall, *kind) with the lowest mean cost_month among
 * those whose verdict on every set target is meets; kind >= 0 looks at that
 * strategy only. metric: the cost to minimise (cost_month, total_cost_year).
 * Returns the point, or -1 when none qualifies. */
int sweep_cheapest(const struct sweep_result *w, enum metric cost, bool must_meet, int *kind);

/* sweep.csv: point, one column per axis named by its path, then the
 * summary.csv columns from strategy on. Returns 0 or SIM_EIO. */
int sweep_write_csv(const struct sweep_result *w, FILE *f);

/* Chart of sweep_metric[i] against the first axis, one line and 95% band
 * per strategy, one panel per combination of the other axes, targets drawn.
 * Returns 0; cairo errors are sticky in cr. */
int sweep_chart(cairo_t *cr, double w, double h, const struct sweep_result *r, int i);
/* Whether sweep_metric[i] has any value to chart. */
bool sweep_chart_applies(const struct sweep_result *w, int i);
/* "sweep_rto": the chart's file name without extension. */
const char *sweep_chart_file(int i);
/* Chart i of sweep w as an image (a file or inline SVG) of the plots'
 * size; c holds what it draws and must outlive the image. */
struct sweep_chart_ref {
    const struct sweep_result *w;
    int i;
};
struct plot_image sweep_chart_image(struct sweep_chart_ref *c);

/* report.md (md true) or report.html of the sweep. Returns 0, or a negative
 * SIM_E code. */
int sweep_write_report(const struct sweep_result *w, unsigned formats, bool md, FILE *f);

#endif
