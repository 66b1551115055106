/* The charts of a report. Each draws into the caller's cairo_t over a w x h
 * area (user units), so PNG, SVG, PDF and the SVG inlined in report.html come
 * from the same code. Charts read a struct summary only. */
#ifndef REGIONSIM_PLOTS_PLOT_H
#define REGIONSIM_PLOTS_PLOT_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>

#include "models/summary.h"
#include "sim/error.h"

#define PLOT_WIDTH 880.0
#define PLOT_HEIGHT 500.0

/* Chart id, file name (without extension), caption. */
#define CHART_MAP(X)                                                                               \
    X(RTO, "rto", "Recovery time (RTO) per strategy")                                              \
    X(RPO, "rpo", "Data loss window (RPO) per strategy")                                           \
    X(COST, "cost", "Monthly cost per strategy")                                                   \
    X(TIMELINE, "incident_timeline", "Success ratio around the failure, with runbook phases")      \
    X(LATENCY, "latency", "Request latency per user population")                                   \
    X(PARETO, "cost_vs_recovery", "Cost against RTO and RPO, with the Pareto front")               \
    X(DRAIN, "dns_drain", "Requests still sent to the failed region (DNS drain)")                 \
    X(ANNUAL, "annual_ecdf", "Hours of failed requests per year, over the simulated years")
enum plot_chart {
#define CHART_ENUM(id, file, caption) PLOT_CHART_##id,
    CHART_MAP(CHART_ENUM)
#undef CHART_ENUM
        PLOT_CHART_COUNT
};
const char *plot_chart_file(enum plot_chart c);
const char *plot_chart_caption(enum plot_chart c);
/* One or two sentences on how to read chart c. */
const char *plot_chart_guide(enum plot_chart c);

/* Whether chart c shows anything for r: no chart is drawn for what does
 * not apply (no data lost, no incident, no DNS switch); the report names
 * the charts left out once instead. */
bool plot_chart_applies(const struct summary *r, enum plot_chart c);
/* Why chart c does not apply, in a few words ("no strategy lost data"). */
const char *plot_chart_absent_reason(enum plot_chart c);

/* Height in user units of chart c for r: PLOT_HEIGHT, or more for a
 * latency chart with many populations and strategies. */
double plot_chart_height(const struct summary *r, enum plot_chart c);
double plot_latency_height(const struct summary *r);

/* The latency chart's data selection: quantile q (0.5 or 0.99, the ones a
 * run's record keeps) of the successful reads (or writes) of population u in
 * the steady (or failover) state, per run of r->strategy[i], in ms,
 * summarised over the runs that served any (out->n == 0: none did).
 * Returns 0, or SIM_ENOMEM. */
enum plot_latency_op { PLOT_LATENCY_READ, PLOT_LATENCY_WRITE, PLOT_LATENCY_OPS };
enum plot_latency_state { PLOT_LATENCY_STEADY, PLOT_LATENCY_FAILOVER, PLOT_LATENCY_STATES };
int plot_latency_cell(const struct summary *r, int i, int u, enum plot_latency_op op,
                      enum plot_latency_state state, double q, struct sim_summary *out);
/* A population's key as people read it: "north-america-east" -> "North
 * America east", "europe-west" -> "Europe west"; truncated to size. */
void plot_population_name(const char *key, char *buf, size_t size);

/* A metric's title as the charts write it ("Recovery time (RTO)"). */
const char *plot_metric_title(enum metric m);

/* Each returns 0, or SIM_EINVAL for a chart id out of range; a cairo error is
 * sticky in cr and checked by the caller. A chart with nothing to show draws
 * its frame and says "no data". */
int plot_draw(cairo_t *cr, double w, double h, const struct summary *r, enum plot_chart c);
int plot_bars(cairo_t *cr, double w, double h, const struct summary *r, enum metric m);
int plot_incident_timeline(cairo_t *cr, double w, double h, const struct summary *r);
int plot_cost_stack(cairo_t *cr, double w, double h, const struct summary *r);
int plot_latency(cairo_t *cr, double w, double h, const struct summary *r);
int plot_cost_vs_recovery(cairo_t *cr, double w, double h, const struct summary *r);
int plot_dns_drain(cairo_t *cr, double w, double h, const struct summary *r);
int plot_annual_ecdf(cairo_t *cr, double w, double h, const struct summary *r);

/* Writes chart c as one REPORT_FORMAT_* file at path (to path.tmp, then
 * renamed). Returns 0, or SIM_EIO / SIM_ENOMEM / SIM_EINVAL; on failure no
 * file is left at path or at the temporary name. */
int plot_write_file(const struct summary *r, enum plot_chart c, unsigned format, const char *path);

/* Any drawing (a sweep chart, say) as a file or inline SVG, like the two
 * above: draw fills w x h user units from ctx and returns 0 or a negative
 * SIM_E code. */
struct plot_image {
    int (*draw)(cairo_t *cr, double w, double h, const void *ctx);
    const void *ctx;
    double w, h;
};
int plot_image_write_file(const struct plot_image *img, unsigned format, const char *path);
int plot_image_svg_inline(const struct plot_image *img, const char *prefix, char **out,
                          size_t *len);

/* Chart c as SVG text for inlining in HTML: no XML declaration, and every id
 * prefixed with `prefix` so several charts can share one page. *out is
 * malloc'd and NUL-terminated. Returns 0, or SIM_ENOMEM / SIM_EIO. */
int plot_svg_inline(const struct summary *r, enum plot_chart c, const char *prefix, char **out,
                    size_t *len);

/* Releases cairo's and fontconfig's process-wide caches, so leak checkers
 * see a clean exit. Call once, after the last chart, from the main thread. */
void plot_library_fini(void);

#endif
