/* Names of metrics, phases and causes, the per-run value of each metric, and
 * the set of a scenario's runs stored by index (slot i is always the same
 * replication of the same strategy). */
#include "models/results.h"

#include "models/strategies/registry.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static const char *const metric_names[] = {
#define METRIC_NAME(id, name, unit) name,
    METRIC_MAP(METRIC_NAME)
#undef METRIC_NAME
};
static const char *const metric_units[] = {
#define METRIC_UNIT(id, name, unit) unit,
    METRIC_MAP(METRIC_UNIT)
#undef METRIC_UNIT
};
static const char *const phase_names[] = {
#define PHASE_NAME(id, name) name,
    PHASE_MAP(PHASE_NAME)
#undef PHASE_NAME
};
static const char *const cause_names[] = {
#define CAUSE_NAME(id, name) name,
    CAUSE_MAP(CAUSE_NAME)
#undef CAUSE_NAME
};

const char *metric_name(enum metric m)
{
    return (unsigned)m < METRIC_COUNT ? metric_names[m] : "?";
}

const char *metric_unit(enum metric m)
{
    return (unsigned)m < METRIC_COUNT ? metric_units[m] : "?";
}

const char *phase_name(enum phase p)
{
    return (unsigned)p < PHASE_COUNT ? phase_names[p] : "?";
}

const char *cause_name(enum cause c)
{
    return (unsigned)c < CAUSE_COUNT ? cause_names[c] : "?";
}

const char *incident_cause_text(const struct incident_result *in, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (int k = 0; k <= INCIDENT_CAUSE_FAILBACK && n < size; k++) {
        if (!(in->causes >> k & 1))
            continue;
        const char *name = k < FAILURE_KIND_COUNT            ? failure_key((enum failure_kind)k)
                           : k == INCIDENT_CAUSE_FALSE_ALARM ? "false_alarm"
                                                             : "failback";
        int w = snprintf(buf + n, size - n, "%s%s", n ? "+" : "", name);
        n += w > 0 ? (size_t)w : 0;
    }
    return buf;
}

double incident_value(const struct incident_result *in, enum metric m)
{
    switch (m) {
    case METRIC_RTO:
        return in->censored ? NAN : sim_time_to_sec(in->rto);
    case METRIC_RPO:
        return in->data_lost_applies ? sim_time_to_sec(in->rpo) : NAN;
    case METRIC_LOST_WRITES:
        return in->data_lost_applies ? (double)in->lost_writes : NAN;
    case METRIC_INCIDENT_COST:
        return in->extra_cost;
    case METRIC_AVAILABILITY:
    case METRIC_DOWNTIME:
    case METRIC_READ_P50:
    case METRIC_READ_P99:
    case METRIC_WRITE_P50:
    case METRIC_WRITE_P99:
    case METRIC_COST_MONTH:
    case METRIC_CONFLICTS:
    case METRIC_LOST_UPDATES:
    case METRIC_SIBLINGS:
    case METRIC_RTO_CENSORED:
    case METRIC_OUTAGE_COST_YEAR:
    case METRIC_TOTAL_COST_YEAR:
    case METRIC_SPLIT_BRAIN_WRITES:
    case METRIC_RESIDENCY_VIOLATIONS:
    case METRIC_RESIDENCY_BYTES:
    case METRIC_SESSIONS_LOST:
    case METRIC_SESSIONS_LOST_SHARE:
    case METRIC_SESSION_LATENCY_P50:
    case METRIC_WASTED_WORK:
    case METRIC_ATTEMPTS_PER_REQUEST:
    case METRIC_READ_P50_FAILOVER:
    case METRIC_READ_P99_FAILOVER:
    case METRIC_WRITE_P50_FAILOVER:
    case METRIC_WRITE_P99_FAILOVER:
    case METRIC_COST_COMPUTE:
    case METRIC_COST_DATABASE:
    case METRIC_COST_STORAGE:
    case METRIC_COST_SNAPSHOTS:
    case METRIC_COST_TRANSFER:
    case METRIC_COST_EGRESS:
    case METRIC_COST_DNS:
    case METRIC_STALE_READS:
    case METRIC_STALENESS_P99:
    case METRIC_RYW_VIOLATIONS:
    case METRIC_COUNT:
        break;
    }
    return NAN; /* not a per-incident quantity */
}

bool metric_per_incident(enum metric m)
{
    static const struct incident_result probe = {.data_lost_applies = true};
    return !isnan(incident_value(&probe, m));
}

/* Mean over the stored incidents where the quantity applies. */
static double incident_mean(const struct run_result *r, enum metric m)
{
    double sum = 0;
    int n = 0;
    for (int i = 0; i < r->n_incidents; i++) {
        double v = incident_value(&r->incidents[i], m);
        if (!isnan(v)) {
            sum += v;
            n++;
        }
    }
    return n ? sum / n : NAN;
}

/* Quantile q in ms of all populations' reads or writes in one state (NAN:
 * no request in that state). */
static double merged_quantile(const struct run_result *r, bool write, bool failover, double q)
{
    struct sim_hist h;
    sim_hist_init(&h);
    for (int u = 0; u < r->n_users; u++) {
        const struct latency_result *l = &r->latency[u];
        sim_hist_merge(&h, failover ? (write ? &l->write_incident : &l->read_incident)
                                    : (write ? &l->write : &l->read));
    }
    return h.count ? sim_hist_quantile(&h, q) * 1e3 : NAN;
}

/* The metrics of the data and load patterns (reads, split brain,
 * residency, sessions, overload); NAN where the pattern does not apply. */
static double pattern_metric(const struct run_result *r, enum metric m)
{
    if (m == METRIC_STALE_READS || m == METRIC_STALENESS_P99 || m == METRIC_RYW_VIOLATIONS)
        return !r->reads_apply                ? NAN
               : m == METRIC_STALE_READS      ? r->stale_reads
               : m == METRIC_STALENESS_P99    ? r->staleness_p99
                                              : r->ryw_violations;
    if (m == METRIC_SPLIT_BRAIN_WRITES)
        return r->split_brain_applies ? r->split_brain_writes : NAN;
    if (m == METRIC_RESIDENCY_VIOLATIONS || m == METRIC_RESIDENCY_BYTES)
        return !r->residency_applies ? NAN
               : m == METRIC_RESIDENCY_BYTES ? r->residency_bytes
                                             : r->residency_violations;
    if (m == METRIC_SESSIONS_LOST || m == METRIC_SESSIONS_LOST_SHARE ||
        m == METRIC_SESSION_LATENCY_P50)
        return !r->sessions_apply                ? NAN
               : m == METRIC_SESSIONS_LOST       ? r->sessions_lost
               : m == METRIC_SESSIONS_LOST_SHARE ? r->sessions_lost_share
                                                 : r->session_latency_p50;
    if (m == METRIC_WASTED_WORK)
        return r->busy_s > 0 ? r->wasted_s / r->busy_s : NAN;
    if (m == METRIC_ATTEMPTS_PER_REQUEST)
        return r->retries_apply && r->requests ? r->attempts / (double)r->requests : NAN;
    return NAN;
}

double run_metric(const struct run_result *r, enum metric m)
{
    switch (m) {
    case METRIC_RTO:
    case METRIC_RPO:
    case METRIC_LOST_WRITES:
    case METRIC_INCIDENT_COST:
        return incident_mean(r, m);
    case METRIC_AVAILABILITY:
        return r->requests ? (double)r->successes / (double)r->requests : NAN;
    case METRIC_DOWNTIME:
        return r->downtime_s;
    case METRIC_READ_P50:
    case METRIC_READ_P99:
    case METRIC_WRITE_P50:
    case METRIC_WRITE_P99:
    case METRIC_READ_P50_FAILOVER:
    case METRIC_READ_P99_FAILOVER:
    case METRIC_WRITE_P50_FAILOVER:
    case METRIC_WRITE_P99_FAILOVER: {
        static const struct {
            bool write, failover;
            double q;
        } lat[] = {
            [METRIC_READ_P50] = {false, false, 0.50},
            [METRIC_READ_P99] = {false, false, 0.99},
            [METRIC_WRITE_P50] = {true, false, 0.50},
            [METRIC_WRITE_P99] = {true, false, 0.99},
            [METRIC_READ_P50_FAILOVER] = {false, true, 0.50},
            [METRIC_READ_P99_FAILOVER] = {false, true, 0.99},
            [METRIC_WRITE_P50_FAILOVER] = {true, true, 0.50},
            [METRIC_WRITE_P99_FAILOVER] = {true, true, 0.99},
        };
        return merged_quantile(r, lat[m].write, lat[m].failover, lat[m].q);
    }
    case METRIC_COST_COMPUTE:
    case METRIC_COST_DATABASE:
    case METRIC_COST_STORAGE:
    case METRIC_COST_SNAPSHOTS:
    case METRIC_COST_TRANSFER:
    case METRIC_COST_EGRESS:
    case METRIC_COST_DNS:
        return r->cost_items[m - METRIC_COST_COMPUTE];
    case METRIC_COST_MONTH:
        return r->cost_month;
    case METRIC_CONFLICTS:
        return isnan(r->conflicts_per_hour) ? NAN : (double)r->conflicts;
    case METRIC_LOST_UPDATES:
        return isnan(r->conflicts_per_hour) ? NAN : (double)r->lost_updates;
    case METRIC_SIBLINGS:
        return isnan(r->conflicts_per_hour) || !r->keeps_siblings ? NAN : (double)r->siblings;
    case METRIC_RTO_CENSORED:
        return r->incidents_total ? r->censored_total : NAN;
    case METRIC_OUTAGE_COST_YEAR:
        return r->outage_applies ? r->outage_cost_year : NAN;
    case METRIC_TOTAL_COST_YEAR:
        return r->outage_applies ? 12 * r->cost_month + r->outage_cost_year : NAN;
    case METRIC_STALE_READS:
    case METRIC_STALENESS_P99:
    case METRIC_RYW_VIOLATIONS:
    case METRIC_SPLIT_BRAIN_WRITES:
    case METRIC_RESIDENCY_VIOLATIONS:
    case METRIC_RESIDENCY_BYTES:
    case METRIC_SESSIONS_LOST:
    case METRIC_SESSIONS_LOST_SHARE:
    case METRIC_SESSION_LATENCY_P50:
    case METRIC_WASTED_WORK:
    case METRIC_ATTEMPTS_PER_REQUEST:
        return pattern_metric(r, m);
    case METRIC_COUNT:
        break;
    }
    return NAN;
}

/* Quantile q in ms of population u's reads and writes together; NAN when
 * it had no request. */
static double population_quantile(const struct run_result *r, int u, double q)
{
    struct sim_hist h = r->latency[u].read;
    sim_hist_merge(&h, &r->latency[u].write);
    return h.count ? sim_hist_quantile(&h, q) * 1e3 : NAN;
}

void run_record_of(const struct run_result *r, struct run_record *rec)
{
    static const double q[RUN_LATENCY_QUANTILES] = RUN_LATENCY_Q;
    *rec = (struct run_record){.strategy = r->strategy,
                               .replication = r->replication,
                               .requests = r->requests,
                               .successes = r->successes,
                               .incidents_total = r->incidents_total,
                               .censored_total = r->censored_total,
                               .absorbed_failures = r->absorbed_failures,
                               .false_alarms = r->false_alarms,
                               .events = r->events,
                               .timeline_step = r->timeline_step,
                               .timeline_points = r->timeline_points,
                               .n_incidents = r->n_incidents,
                               .incidents = (struct incident_result *)r->incidents};
    memcpy(rec->failed, r->failed, sizeof rec->failed);
    for (int m = 0; m < METRIC_COUNT; m++)
        rec->metric[m] = run_metric(r, (enum metric)m);
    for (int u = 0; u < SCENARIO_MAX_USERS; u++)
        for (int k = 0; k < RUN_LATENCY_QUANTILES; k++)
            rec->latency_ms[u][k] = u < r->n_users ? population_quantile(r, u, q[k]) : NAN;
    for (int u = 0; u < SCENARIO_MAX_USERS; u++)
        for (int op = 0; op < 2; op++)
            for (int st = 0; st < 2; st++) {
                const struct latency_result *l = &r->latency[u];
                const struct sim_hist *h = st ? (op ? &l->write_incident : &l->read_incident)
                                              : (op ? &l->write : &l->read);
                for (int k = 0; k < 2; k++)
                    rec->cell_ms[u][op][st][k] = u < r->n_users && h->count
                                                     ? sim_hist_quantile(h, k ? 0.99 : 0.50) * 1e3
                                                     : NAN;
            }
}

void run_timelines_of(const struct run_result *r, double *out)
{
    const double *horizon[3] = {r->success_ratio, r->failed_region_share, r->p99_ms};
    const double *incident[3] = {r->inc_success_ratio, r->inc_failed_region_share, r->inc_p99_ms};
    for (int s = 0; s < 3; s++) {
        memcpy(out + RUN_TIMELINE_AT(s, false), horizon[s],
               RESULTS_TIMELINE_POINTS * sizeof *out);
        memcpy(out + RUN_TIMELINE_AT(s, true), incident[s],
               RESULTS_INCIDENT_POINTS * sizeof *out);
    }
}

int run_set_init(struct run_set *set, const struct scenario *s, struct sim_error *err)
{
    *set = (struct run_set){.scenario = s, .replications = s->replications};
    for (int k = 0; k < strategy_count(); k++)
        if (s->strategies[k].enabled)
            set->strategies[set->n_strategies++] = k;
    if (set->n_strategies == 0 || set->replications < 1)
        return sim_error_set(err, SIM_EINVAL, s->file, 0, 0, "%s: %s", s->name,
                             set->n_strategies == 0 ? "no strategy to simulate"
                                                    : "replications must be at least 1");
    set->n_runs = (size_t)set->replications * (size_t)set->n_strategies;
    return 0;
}

struct run_set *run_set_new(const struct scenario *s, struct sim_error *err)
{
    struct run_set *set = calloc(1, sizeof *set);
    if (set == NULL) {
        sim_error_set(err, SIM_ENOMEM, s->file, 0, 0, "out of memory");
        return NULL;
    }
    if (run_set_init(set, s, err) != 0) {
        free(set);
        return NULL;
    }
    set->runs = calloc(set->n_runs, sizeof *set->runs);
    if (set->runs == NULL) {
        sim_error_set(err, SIM_ENOMEM, s->file, 0, 0,
                      "%s: out of memory for %zu runs (%zu MB); use fewer replications", s->name,
                      set->n_runs, set->n_runs * sizeof *set->runs >> 20);
        free(set);
        return NULL;
    }
    return set;
}

void run_set_free(struct run_set *set)
{
    if (set == NULL)
        return;
    free(set->runs);
    free(set);
}

void run_set_slot(const struct run_set *set, size_t i, int *replication, int *kind)
{
    *replication = (int)(i / (size_t)set->n_strategies);
    *kind = set->strategies[i % (size_t)set->n_strategies];
}
