/* The report of one scenario: every summary the writers and charts show,
 * computed once from the runs (replications x strategies) by report_new, then
 * written as CSV, JSON, Markdown, HTML and charts. Reads results only. */
#ifndef REGIONSIM_PLOTS_REPORT_H
#define REGIONSIM_PLOTS_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "models/results.h"
#include "models/strategies/registry.h"
#include "sim/error.h"
#include "sim/stats.h"

/* Series of the timelines, in timeline.csv order. */
#define SERIES_MAP(X)                                                                              \
    X(SUCCESS, "success_ratio", "ratio")                                                           \
    X(FAILED_SHARE, "failed_region_share", "ratio")                                                \
    X(P99, "latency_p99", "ms")
enum report_series {
#define SERIES_ENUM(id, name, unit) REPORT_SERIES_##id,
    SERIES_MAP(SERIES_ENUM)
#undef SERIES_ENUM
        REPORT_SERIES_COUNT
};

/* One point of a series averaged over replications (n = 0: no data). */
struct report_point {
    double mean, lo, hi; /* Student-t 95% CI */
    int n;
};

/* Latency quantiles per population: p50, p95, p99 of all requests. */
#define REPORT_QUANTILES 3

struct report_strategy {
    int kind; /* registry index */
    int runs;
    struct sim_summary metric[METRIC_COUNT]; /* n == 0: the metric does not apply */
    int incidents;                           /* incidents over all runs (kept or not) */
    int rto_censored;                        /* of them, whose recovery never held */
    int absorbed_failures;                   /* failure events that hurt no incident */
    int false_alarms;                        /* runbooks started with no failure */
    int meets_rto;                           /* 1 yes, 0 no, -1 no target */
    int meets_rpo;
    bool meets; /* every target set is met */
    struct sim_summary latency_ms[SCENARIO_MAX_USERS][REPORT_QUANTILES];
    /* Runbook of the first incident: mean end of each phase in seconds from
     * the failure over the runs that ran it; NAN when no run did. */
    double phase_end_s[PHASE_COUNT];
    struct report_point timeline[REPORT_SERIES_COUNT][RESULTS_TIMELINE_POINTS];
    struct report_point incident[REPORT_SERIES_COUNT][RESULTS_INCIDENT_POINTS];
};

struct report {
    const struct scenario *scenario; /* borrowed */
    const struct run_result *runs;   /* borrowed */
    size_t n_runs;
    int n_strategies;
    struct report_strategy strategy[SCENARIO_MAX_STRATEGIES]; /* in report order */
    int cheapest; /* index into strategy[] of the cheapest meeting every target; -1 */
    int timeline_points;
    double timeline_step_s;
    char command[1024]; /* the command line that reproduces it */
};

extern const double report_quantile_q[REPORT_QUANTILES];
const char *report_series_name(enum report_series s);
const char *report_series_unit(enum report_series s);

/* Summarises runs[0..n_runs-1] (any order; each names its strategy and
 * replication) of scenario s. `command` (may be NULL) is the reproducing
 * command line. Borrows s and runs until report_free. Returns NULL when out
 * of memory or when there are no runs. */
struct report *report_new(const struct scenario *s, const struct run_result *runs, size_t n_runs,
                          const char *command);
void report_free(struct report *r);

/* Strategy of a report by kind; NULL when it did not run. */
const struct report_strategy *report_find(const struct report *r, int k);

/* Writers into an open stream. Each returns 0, or SIM_EIO when the stream
 * failed. write_summary_csv writes the header only when `header`. */
int report_write_summary_csv(const struct report *r, FILE *f, bool header);
int report_write_summary_json(const struct report *r, FILE *f);
int report_write_runs_csv(const struct report *r, FILE *f);
int report_write_timeline_csv(const struct report *r, FILE *f);
int report_write_markdown(const struct report *r, FILE *f, unsigned formats);
int report_write_html(const struct report *r, FILE *f);
/* incidents.csv (plots/incidents_csv.c): one row per stored incident. */
int report_write_incidents_csv(const struct report *r, FILE *f);
/* A CSV field: quoted when it holds a comma, quote or line break. */
void report_csv_str(FILE *f, const char *s);

/* The header of summary.csv (the DESIGN section 7 contract), with newline. */
extern const char report_summary_header[];

/* Writes every file of one scenario's results into dir (created if needed):
 * summary.csv, summary.json, runs.csv, incidents.csv, timeline.csv,
 * report.md, report.html
 * and plots/<chart>.<ext> for each format bit. Each file goes to a temporary
 * name and is renamed into place; summary.json comes last, so its presence
 * marks complete results. Returns 0, or a negative SIM_E code with err
 * filled (files already renamed stay; no temporary file is left). */
int report_write_all(const struct report *r, const char *dir, unsigned formats,
                     struct sim_error *err);

/* Formats a number for CSV/JSON: shortest "%.*g" that round-trips at 10
 * significant digits; "" (CSV) or "null" (JSON) for NAN. */
void report_fmt_num(char *buf, size_t size, double v, bool json);

#endif
