/* The summary of one scenario: what its runs (replications x strategies) say
 * once averaged, computed once by summary_new: every metric's mean with its
 * Student-t 95% interval, latency quantiles, timelines, the runbook, and the
 * verdict against the targets. Documents and charts read this and nothing
 * else. Reads results only. */
#ifndef REGIONSIM_MODELS_SUMMARY_H
#define REGIONSIM_MODELS_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>

#include "models/results.h"
#include "models/verdict.h"
#include "models/strategies/registry.h"
#include "sim/stats.h"

/* Series of the timelines, in timeline.csv order. */
#define SERIES_MAP(X)                                                                              \
    X(SUCCESS, "success_ratio", "ratio")                                                           \
    X(FAILED_SHARE, "failed_region_share", "ratio")                                                \
    X(P99, "latency_p99", "ms")
enum summary_series {
#define SERIES_ENUM(id, name, unit) SUMMARY_SERIES_##id,
    SERIES_MAP(SERIES_ENUM)
#undef SERIES_ENUM
        SUMMARY_SERIES_COUNT
};

/* One point of a series over replications (n = 0: no data): the mean with
 * its Student-t 95% CI, and the replications' median and range (the charts
 * draw these: a mean of step functions is a shelf no replication had). */
struct summary_point {
    double mean, lo, hi;
    double p50, min, max;
    int n;
};

/* The targets a strategy is judged on, in summary.json order. */
#define TARGET_MAP(X)                                                                              \
    X(RTO, "rto")                                                                                  \
    X(RPO, "rpo")                                                                                  \
    X(AVAILABILITY, "availability")
enum summary_target {
#define TARGET_ENUM(id, name) SUMMARY_TARGET_##id,
    TARGET_MAP(TARGET_ENUM)
#undef TARGET_ENUM
        SUMMARY_TARGET_COUNT
};
const char *summary_target_name(enum summary_target t);
/* Target t of scenario s in its metric's unit (s, ratio) into *v; false
 * when the scenario sets none. */
bool summary_target_value(const struct scenario *s, enum summary_target t, double *v);

/* Latency quantiles per population: p50, p95, p99 of all requests. */
#define SUMMARY_QUANTILES RUN_LATENCY_QUANTILES

struct summary_strategy {
    int kind; /* registry index */
    int runs;
    struct sim_summary metric[METRIC_COUNT]; /* n == 0: the metric does not apply */
    int incidents;                           /* incidents over all runs (kept or not) */
    int rto_censored;                        /* of them, whose recovery never held */
    int absorbed_failures;                   /* failure events that hurt no incident */
    int false_alarms;                        /* runbooks started with no failure */
    /* per target: the quantile of the per-incident (availability: per-run)
     * values, its interval, the share meeting it and the verdict */
    struct verdict_result verdict[SUMMARY_TARGET_COUNT];
    /* undecided verdicts: replications that would likely decide it (0: none would) */
    long runs_to_decide[SUMMARY_TARGET_COUNT];
    bool meets; /* the verdict of every target set is `meets` */
    struct sim_summary latency_ms[SCENARIO_MAX_USERS][SUMMARY_QUANTILES];
    /* Runbook of the first incident: mean end of each phase in seconds from
     * the failure over the runs that ran it; NAN when no run did. */
    double phase_end_s[PHASE_COUNT];
    struct summary_point timeline[SUMMARY_SERIES_COUNT][RESULTS_TIMELINE_POINTS];
    struct summary_point incident[SUMMARY_SERIES_COUNT][RESULTS_INCIDENT_POINTS];
    /* The failed-region share aligned on each run's DNS switch in its first
     * incident: point k is minute k - RESULTS_INCIDENT_BEFORE from the
     * switch; runs without a switch are left out (n counts the rest). */
    struct summary_point drain[RESULTS_INCIDENT_POINTS];
};

/* A paired difference (DESIGN section 5): strategies share random numbers,
 * so replication i of a and of b saw the same failures and traffic. diff
 * summarises a - b over the replications where both have a value (mean and
 * Student-t 95% interval: the paired t interval). */
#define SUMMARY_MAX_PAIRS (SCENARIO_MAX_STRATEGIES * (SCENARIO_MAX_STRATEGIES - 1) / 2)
struct summary_comparison {
    enum metric metric;
    int a, b; /* indices into summary.strategy[]: a after b in report order */
    struct sim_summary diff;
};

struct run_store;
struct summary {
    const struct scenario *scenario; /* borrowed */
    /* every run's record, slot by slot (the store's, borrowed) */
    const struct run_record *runs;
    size_t n_runs;
    const struct run_store *store; /* the runs' timelines */
    struct run_store *owned;       /* summary_new's own store, freed with it */
    int n_strategies;
    struct summary_strategy strategy[SCENARIO_MAX_STRATEGIES]; /* in report order */
    int cheapest; /* index into strategy[] of the cheapest whose every verdict is meets; -1 */
    /* every pair of strategies, for every metric with >= 2 paired replications */
    int n_comparisons;
    struct summary_comparison comparisons[SUMMARY_MAX_PAIRS * METRIC_COUNT];
    int timeline_points;
    double timeline_step_s;
    char command[1024]; /* the command line that reproduces it */
};

extern const double summary_quantile_q[SUMMARY_QUANTILES];
const char *summary_series_name(enum summary_series s);
const char *summary_series_unit(enum summary_series s);

/* Summarises every run of store (each slot put; any order of strategies and
 * replications: each record names its own) of scenario s. `command` (may be
 * NULL) is the reproducing command line. Borrows s and store until
 * summary_free. Returns NULL when out of memory, when a timeline cannot be
 * read back or when there are no runs. */
struct summary *summary_of_store(const struct scenario *s, const struct run_store *store,
                                 const char *command);
/* The same for runs[0..n_runs-1], put into a store of the summary's own
 * (runs may be freed after). */
struct summary *summary_new(const struct scenario *s, const struct run_result *runs, size_t n_runs,
                            const char *command);
void summary_free(struct summary *r);

/* Strategy of a summary by kind; NULL when it did not run. */
const struct summary_strategy *summary_find(const struct summary *r, int k);

#endif
