/* What one run (a replication of a strategy in a scenario) produces, and the
 * metric names of the summary.csv contract (DESIGN section 7). Plain data:
 * the world fills it, the report writers read it. Fixed size: nothing here
 * grows with simulated time. */
#ifndef REGIONSIM_MODELS_RESULTS_H
#define REGIONSIM_MODELS_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scenarios/scenario.h"
#include "sim/error.h"
#include "sim/stats.h"
#include "sim/time.h"

/* Metric id, summary.csv name, unit. The names and units are a contract:
 * add rows at the end, never rename. */
#define METRIC_MAP(X)                                                                              \
    X(RTO, "rto", "s")                                                                             \
    X(RPO, "rpo", "s")                                                                             \
    X(LOST_WRITES, "lost_writes", "count")                                                         \
    X(AVAILABILITY, "availability", "ratio")                                                       \
    X(DOWNTIME, "downtime", "s")                                                                   \
    X(READ_P50, "read_latency_p50", "ms")                                                          \
    X(READ_P99, "read_latency_p99", "ms")                                                          \
    X(WRITE_P50, "write_latency_p50", "ms")                                                        \
    X(WRITE_P99, "write_latency_p99", "ms")                                                        \
    X(COST_MONTH, "cost_month", "USD")                                                             \
    X(INCIDENT_COST, "incident_cost", "USD")                                                       \
    X(CONFLICTS, "conflicts", "count")                                                             \
    X(LOST_UPDATES, "lost_updates", "count")                                                       \
    X(SIBLINGS, "siblings", "count")                                                               \
    X(RTO_CENSORED, "rto_censored", "count")                                                       \
    X(READ_P50_FAILOVER, "read_latency_p50_failover", "ms")                                        \
    X(READ_P99_FAILOVER, "read_latency_p99_failover", "ms")                                        \
    X(WRITE_P50_FAILOVER, "write_latency_p50_failover", "ms")                                      \
    X(WRITE_P99_FAILOVER, "write_latency_p99_failover", "ms")                                      \
    X(COST_COMPUTE, "cost_compute", "USD")                                                         \
    X(COST_DATABASE, "cost_database", "USD")                                                       \
    X(COST_STORAGE, "cost_storage", "USD")                                                         \
    X(COST_SNAPSHOTS, "cost_snapshots", "USD")                                                     \
    X(COST_TRANSFER, "cost_transfer", "USD")                                                       \
    X(COST_EGRESS, "cost_egress", "USD")                                                           \
    X(COST_DNS, "cost_dns", "USD")                                                                 \
    X(STALE_READS, "stale_reads", "ratio")                                                         \
    X(STALENESS_P99, "staleness_p99", "s")                                                         \
    X(RYW_VIOLATIONS, "read_your_writes_violations", "count")                                      \
    X(OUTAGE_COST_YEAR, "outage_cost_year", "USD")                                                 \
    X(TOTAL_COST_YEAR, "total_cost_year", "USD")                                                   \
    X(SPLIT_BRAIN_WRITES, "split_brain_writes", "count")                                           \
    X(RESIDENCY_VIOLATIONS, "residency_violations", "count")                                       \
    X(RESIDENCY_BYTES, "residency_bytes", "bytes")                                                 \
    X(SESSIONS_LOST, "sessions_lost", "count")                                                     \
    X(SESSIONS_LOST_SHARE, "sessions_lost_share", "ratio")                                         \
    X(SESSION_LATENCY_P50, "session_latency_p50", "ms")                                           \
    X(WASTED_WORK, "wasted_work", "ratio")                                                         \
    X(ATTEMPTS_PER_REQUEST, "attempts_per_request", "count")
enum metric {
#define METRIC_ENUM(id, name, unit) METRIC_##id,
    METRIC_MAP(METRIC_ENUM)
#undef METRIC_ENUM
        METRIC_COUNT
};

/* Failover runbook phases, in the order they usually end. */
#define PHASE_MAP(X)                                                                               \
    X(DETECT, "detect")                                                                            \
    X(DECIDE, "decide")                                                                            \
    X(FENCE, "fence")                                                                              \
    X(PROVISION, "provision")                                                                      \
    X(RESTORE, "restore")                                                                          \
    X(PROMOTE, "promote")                                                                          \
    X(START, "start")                                                                              \
    X(DNS_SWITCH, "dns switch")                                                                    \
    X(SCALE, "scale")                                                                              \
    X(FAILBACK, "failback")
enum phase {
#define PHASE_ENUM(id, name) PHASE_##id,
    PHASE_MAP(PHASE_ENUM)
#undef PHASE_ENUM
        PHASE_COUNT
};

/* Why a request failed. */
#define CAUSE_MAP(X)                                                                               \
    X(REGION_DOWN, "region_down")                                                                  \
    X(TIMEOUT, "timeout")                                                                          \
    X(DNS_STALE, "dns_stale")                                                                      \
    X(DNS_OUTAGE, "dns_outage")                                                                    \
    X(LINK_LOSS, "link_loss")                                                                      \
    X(WRITE_BLOCKED, "write_blocked")                                                              \
    X(RESIDENCY, "residency")                                                                      \
    X(CIRCUIT_OPEN, "circuit_open")
enum cause {
#define CAUSE_ENUM(id, name) CAUSE_##id,
    CAUSE_MAP(CAUSE_ENUM)
#undef CAUSE_ENUM
        CAUSE_COUNT
};

/* The components of cost_month, in metric order: COST_COMPUTE + i. */
#define RESULTS_COST_ITEMS 7

const char *metric_name(enum metric m);
const char *metric_unit(enum metric m);
const char *phase_name(enum phase p);
const char *cause_name(enum cause c);

#define RESULTS_MAX_INCIDENTS 64
/* Whole-horizon timeline: step = max(1 min, horizon / RESULTS_TIMELINE_POINTS). */
#define RESULTS_TIMELINE_POINTS 1440
/* Incident-aligned timeline around each run's first incident, 1-minute steps
 * from RESULTS_INCIDENT_BEFORE minutes before the failure. */
#define RESULTS_INCIDENT_POINTS 600
#define RESULTS_INCIDENT_BEFORE 30

/* One incident (models/incident.h): a disruption of the strategy's service.
 * causes: bit k for failure kind k, then INCIDENT_CAUSE_FALSE_ALARM and
 * INCIDENT_CAUSE_FAILBACK. */
#define INCIDENT_CAUSE_FALSE_ALARM FAILURE_KIND_COUNT
#define INCIDENT_CAUSE_FAILBACK (FAILURE_KIND_COUNT + 1)
struct incident_result {
    enum failure_kind kind;     /* of the first failure that hurt (if any) */
    uint32_t causes;            /* every contributing cause, as bits */
    int region;                 /* the first hurting failure's region (-1: none in particular) */
    sim_time t_fail;            /* t_open: the start of the first failure event that hurt */
    sim_time t_end;             /* closed: recovery held for W (or the horizon) */
    sim_time t_rec;             /* recovery began and held (when not censored) */
    bool censored;              /* recovery never held before the horizon */
    sim_time rto;               /* t_rec - t_fail when not censored */
    bool data_lost_applies;     /* false when the strategy kept the same copy (no failover) */
    sim_time rpo;               /* 0 when nothing acknowledged was lost */
    int64_t lost_writes;
    int64_t failed_requests;    /* requests that failed for good while it was open */
    double extra_cost;          /* USD above steady state, for the incident */
    sim_time phase_end[PHASE_COUNT]; /* offset from t_fail; -1 = phase not run */
};

/* "region_outage+partial_outage", "false_alarm", "failback": the causes of
 * in, in failure-table order, joined by '+'; returns buf ("" when none). */
const char *incident_cause_text(const struct incident_result *in, char *buf, size_t size);

/* Latency of successful requests in seconds, per population, in two states
 * (DESIGN section 5): steady (no incident open, normal layout) and failover
 * (an incident open, or serving from the recovery layout before failback). */
struct latency_result {
    struct sim_hist read;
    struct sim_hist write;
    struct sim_hist read_incident; /* failover state */
    struct sim_hist write_incident;
};

struct run_result {
    int strategy; /* registry index */
    int replication;
    int64_t requests;
    int64_t successes;
    int64_t failed[CAUSE_COUNT];
    double availability;       /* successes / requests */
    double downtime_s;         /* seconds in 1-minute steps below the RTO threshold */
    double cost_month;         /* steady-state USD per 30-day month */
    /* its components (compute, database, storage, snapshots, transfer,
     * egress, DNS with health checks), USD per month; they sum to cost_month */
    double cost_items[RESULTS_COST_ITEMS];
    double conflicts_per_hour; /* multi-writer only; NAN otherwise */
    double lost_updates_per_hour;
    int64_t conflicts;
    int64_t lost_updates;
    bool keeps_siblings; /* vector clocks: siblings applies */
    int64_t siblings;
    /* Reads (models/reads.c), when `reads` is not primary: the share of
     * reads older than the key's newest acknowledged write, the p99 of how
     * far behind those were (s), and read-your-writes violations. */
    bool reads_apply;
    double stale_reads;
    double staleness_p99;
    double ryw_violations;
    /* Writes a demoted primary accepted before it learnt of the promotion:
     * lost at reconciliation (models/fencing.h); applies to single-writer
     * strategies with fencing or located health checkers. */
    bool split_brain_applies;
    double split_brain_writes;
    /* Data residency (users[].residency): requests served, and bytes of a
     * population's data stored or copied, outside its allowed regions. */
    bool residency_applies;
    double residency_violations;
    double residency_bytes;
    /* Load (world_load.c): attempts sent (first ones and retries), server
     * time booked, and booked for requests that then failed (wasted). */
    double attempts, busy_s, wasted_s;
    bool retries_apply; /* workload.retries > 0 */
    /* Sessions (models/sessions.h): lost (users who had to log in again),
     * their share of the sessions started, the central store's round trip
     * p50 (ms; NAN for other stores). */
    bool sessions_apply;
    double sessions_lost;
    double sessions_lost_share;
    double session_latency_p50;
    int n_incidents; /* incidents beyond the cap are counted, not stored */
    int incidents_total;
    int censored_total;             /* incidents (stored or not) whose recovery never held */
    int absorbed_failures;          /* failure events that joined no incident */
    int false_alarms;               /* runbooks started on a health verdict with no failure */
    struct incident_result incidents[RESULTS_MAX_INCIDENTS];
    int n_users;
    struct latency_result latency[SCENARIO_MAX_USERS];
    /* Whole-horizon timeline (index i covers [i*step, (i+1)*step)). */
    sim_time timeline_step;
    int timeline_points;
    double success_ratio[RESULTS_TIMELINE_POINTS];       /* NAN: no requests */
    double failed_region_share[RESULTS_TIMELINE_POINTS]; /* requests sent to a down region */
    double p99_ms[RESULTS_TIMELINE_POINTS];
    /* Around the first incident (NAN where outside the horizon or no incident). */
    double inc_success_ratio[RESULTS_INCIDENT_POINTS];
    double inc_failed_region_share[RESULTS_INCIDENT_POINTS];
    double inc_p99_ms[RESULTS_INCIDENT_POINTS];
    /* The business block's cost of outages, USD per year (models/business.h);
     * the outage metrics apply only when outage_applies. */
    bool outage_applies;
    double outage_cost_year;
    /* Engine figures, for progress and benchmarks. */
    uint64_t events;
    /* Bytes the world's data structures held at the end (engine included), for
     * the test that memory does not grow with the horizon. */
    uint64_t memory_bytes;
};

/* The value of per-incident metric m (rto, rpo, lost_writes, incident_cost)
 * for one incident; NAN when it does not apply (a censored RTO; RPO and lost
 * writes when the strategy kept its copy) or m is not per incident. */
double incident_value(const struct incident_result *in, enum metric m);
/* m is one of those per-incident metrics. */
bool metric_per_incident(enum metric m);

/* The per-run value of metric m: the run-level metrics directly, the
 * per-incident ones (rto, rpo, lost_writes, incident_cost) as the mean over
 * the run's uncensored incidents; NAN when it does not apply to the strategy
 * or there is no observation. rto_censored is the run's count of
 * incidents whose recovery never held (NAN when it had no incident). */
double run_metric(const struct run_result *r, enum metric m);

/* What the summary and the tables keep of one run once the world's result
 * (latency histograms, timelines: ~0.7 MB) is gone: every metric's per-run
 * value, each population's latency quantiles, the counters and the
 * incidents. A few hundred bytes plus the incidents: a scenario holds one
 * per run, so memory grows with replications by this much only. */
#define RUN_LATENCY_QUANTILES 3
#define RUN_LATENCY_Q {0.50, 0.95, 0.99}
struct run_record {
    int strategy; /* registry index */
    int replication;
    double metric[METRIC_COUNT]; /* run_metric of each (NAN: does not apply) */
    /* p50, p95, p99 in ms of population u's reads and writes together (NAN
     * beyond the run's populations or without requests) */
    double latency_ms[SCENARIO_MAX_USERS][RUN_LATENCY_QUANTILES];
    /* p50 and p99 in ms of population u's [0] reads or [1] writes in [0] the
     * steady or [1] the failover state (the latency chart's cells); NAN
     * without requests */
    double cell_ms[SCENARIO_MAX_USERS][2][2][2];
    int64_t requests;
    int64_t successes;
    int64_t failed[CAUSE_COUNT];
    int incidents_total;
    int censored_total;
    int absorbed_failures;
    int false_alarms;
    uint64_t events;
    sim_time timeline_step;
    int timeline_points;
    int n_incidents;
    struct incident_result *incidents; /* n_incidents of them; owned by the holder */
};

/* A run's timelines as one array of RUN_TIMELINE_VALUES doubles: the whole-
 * horizon series (success ratio, failed-region share, p99) of
 * RESULTS_TIMELINE_POINTS each, then the same three around the first
 * incident of RESULTS_INCIDENT_POINTS each (RUN_TIMELINE_AT gives where). */
#define RUN_TIMELINE_VALUES (3 * RESULTS_TIMELINE_POINTS + 3 * RESULTS_INCIDENT_POINTS)
#define RUN_TIMELINE_AT(series, incident)                                                          \
    ((incident) ? 3 * RESULTS_TIMELINE_POINTS + (series) * RESULTS_INCIDENT_POINTS                 \
                : (series) * RESULTS_TIMELINE_POINTS)

/* Fills rec from r; rec->incidents borrows r->incidents. */
void run_record_of(const struct run_result *r, struct run_record *rec);
/* Copies r's timelines into out[RUN_TIMELINE_VALUES]. */
void run_timelines_of(const struct run_result *r, double *out);

/* Every run of one scenario, stored by index: runs[i] is replication
 * i / n_strategies of strategies[i % n_strategies], so where a run's result
 * lands never depends on which thread ran it or when. */
struct run_set {
    const struct scenario *scenario; /* borrowed */
    int n_strategies;                /* enabled strategies, in report order */
    int strategies[SCENARIO_MAX_STRATEGIES]; /* registry indices */
    int replications;
    size_t n_runs; /* replications x n_strategies */
    struct run_result *runs;
};

/* Fills set for s (which must outlive it) without slots (runs NULL): the
 * strategies, replications and number of runs. Returns 0, or SIM_EINVAL
 * when s enables no strategy or asks for no replication (err says which). */
int run_set_init(struct run_set *set, const struct scenario *s, struct sim_error *err);
/* A set with zeroed slots for every run of s (~0.7 MB each: for tests and
 * small batches; the command line keeps runs in a run_store instead).
 * Returns NULL when out of memory or when run_set_init fails. */
struct run_set *run_set_new(const struct scenario *s, struct sim_error *err);
void run_set_free(struct run_set *set);
/* The replication and strategy whose run belongs in slot i (< n_runs). */
void run_set_slot(const struct run_set *set, size_t i, int *replication, int *kind);

#endif
