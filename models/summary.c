/* summary_new: every number the documents and charts show, computed once from
 * the runs: means, Student-t 95% intervals, timelines and the verdict against
 * the targets. Invariant: a strategy appears in report order with at least one
 * run; a summary with n == 0 means "does not apply" and is never printed as 0. */
#include "models/summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const double summary_quantile_q[SUMMARY_QUANTILES] = {0.50, 0.95, 0.99};

static const char *const series_names[] = {
#define SERIES_NAME(id, name, unit) name,
    SERIES_MAP(SERIES_NAME)
#undef SERIES_NAME
};
static const char *const series_units[] = {
#define SERIES_UNIT(id, name, unit) unit,
    SERIES_MAP(SERIES_UNIT)
#undef SERIES_UNIT
};

const char *summary_series_name(enum summary_series s)
{
    return (unsigned)s < SUMMARY_SERIES_COUNT ? series_names[s] : "?";
}

const char *summary_series_unit(enum summary_series s)
{
    return (unsigned)s < SUMMARY_SERIES_COUNT ? series_units[s] : "?";
}

const struct summary_strategy *summary_find(const struct summary *r, int k)
{
    for (int i = 0; i < r->n_strategies; i++)
        if (r->strategy[i].kind == k)
            return &r->strategy[i];
    return NULL;
}

static int summarise_point(const double *v, size_t n, struct summary_point *p)
{
    struct sim_summary s;
    int rc = sim_summarise(v, n, &s);
    if (rc != 0)
        return rc;
    p->n = (int)s.n;
    p->mean = s.mean;
    p->lo = s.ci_low;
    p->hi = s.ci_high;
    return 0;
}

static const double *series_of(const struct run_result *run, enum summary_series s, bool incident)
{
    switch (s) {
    case SUMMARY_SERIES_SUCCESS:
        return incident ? run->inc_success_ratio : run->success_ratio;
    case SUMMARY_SERIES_FAILED_SHARE:
        return incident ? run->inc_failed_region_share : run->failed_region_share;
    case SUMMARY_SERIES_P99:
    case SUMMARY_SERIES_COUNT:
        break;
    }
    return incident ? run->inc_p99_ms : run->p99_ms;
}

/* Runs of strategy k as pointers, in replication order (the order of runs[]
 * may be anything). Returns the count. */
static size_t runs_of(const struct summary *r, int k, const struct run_result **out)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_runs; i++)
        if (r->runs[i].strategy == k)
            out[n++] = &r->runs[i];
    /* insertion sort by replication: n is small and usually already sorted */
    for (size_t i = 1; i < n; i++) {
        const struct run_result *x = out[i];
        size_t j = i;
        while (j > 0 && out[j - 1]->replication > x->replication) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = x;
    }
    return n;
}

static double population_quantile(const struct run_result *run, int u, double q)
{
    struct sim_hist h = run->latency[u].read;
    sim_hist_merge(&h, &run->latency[u].write);
    return h.count ? sim_hist_quantile(&h, q) * 1e3 : NAN;
}

static int meets(const struct sim_summary *m, int censored, struct sim_opt_time target)
{
    if (!target.set)
        return -1;
    double t = sim_time_to_sec(target.v);
    if (censored > 0)
        return 0;
    return m->n == 0 || m->mean <= t ? 1 : 0;
}

/* The Student-t interval is symmetric; on a skewed metric near its bound it
 * can cross the bound (a negative downtime, an availability above 1). The
 * interval is cut to the values the metric can take. */
static void clamp_to_support(struct sim_summary *s, enum metric m)
{
    if (s->n == 0)
        return;
    if (s->ci_low < 0)
        s->ci_low = 0;
    if (strcmp(metric_unit(m), "ratio") == 0 && s->ci_high > 1)
        s->ci_high = 1;
}

static int strategy_summarise(struct summary *r, struct summary_strategy *st,
                              const struct run_result **runs, size_t n, double *v)
{
    const struct scenario *s = r->scenario;
    int rc = 0;
    st->runs = (int)n;
    for (int m = 0; m < METRIC_COUNT && rc == 0; m++) {
        size_t nv = 0;
        for (size_t i = 0; i < n; i++)
            v[nv++] = run_metric(runs[i], (enum metric)m);
        /* DESIGN section 5: rto, rpo, lost writes and incident cost are per
         * incident, summarised over every kept incident of every run. */
        if (metric_per_incident((enum metric)m)) {
            nv = 0;
            for (size_t i = 0; i < n; i++)
                for (int k = 0; k < runs[i]->n_incidents; k++)
                    v[nv++] = incident_value(&runs[i]->incidents[k], (enum metric)m);
        }
        rc = sim_summarise(v, nv, &st->metric[m]);
        clamp_to_support(&st->metric[m], (enum metric)m);
    }
    for (size_t i = 0; i < n; i++) {
        st->incidents += runs[i]->incidents_total;
        st->rto_censored += runs[i]->censored_total;
        st->absorbed_failures += runs[i]->absorbed_failures;
        st->false_alarms += runs[i]->false_alarms;
    }
    for (int u = 0; u < s->n_users && rc == 0; u++)
        for (int q = 0; q < SUMMARY_QUANTILES && rc == 0; q++) {
            for (size_t i = 0; i < n; i++)
                v[i] = u < runs[i]->n_users ? population_quantile(runs[i], u, summary_quantile_q[q])
                                            : NAN;
            rc = sim_summarise(v, n, &st->latency_ms[u][q]);
        }
    for (int p = 0; p < PHASE_COUNT; p++) {
        double sum = 0;
        int k = 0;
        for (size_t i = 0; i < n; i++)
            if (runs[i]->n_incidents > 0 && runs[i]->incidents[0].phase_end[p] >= 0) {
                sum += sim_time_to_sec(runs[i]->incidents[0].phase_end[p]);
                k++;
            }
        st->phase_end_s[p] = k ? sum / k : NAN;
    }
    for (int se = 0; se < SUMMARY_SERIES_COUNT && rc == 0; se++) {
        for (int t = 0; t < r->timeline_points && rc == 0; t++) {
            for (size_t i = 0; i < n; i++)
                v[i] = t < runs[i]->timeline_points ? series_of(runs[i], se, false)[t] : NAN;
            rc = summarise_point(v, n, &st->timeline[se][t]);
        }
        for (int t = 0; t < RESULTS_INCIDENT_POINTS && rc == 0; t++) {
            for (size_t i = 0; i < n; i++)
                v[i] = series_of(runs[i], se, true)[t];
            rc = summarise_point(v, n, &st->incident[se][t]);
        }
    }
    st->meets_rto = meets(&st->metric[METRIC_RTO], st->rto_censored, s->report.rto_target);
    st->meets_rpo = meets(&st->metric[METRIC_RPO], 0, s->report.rpo_target);
    st->meets = st->meets_rto != 0 && st->meets_rpo != 0;
    return rc;
}

struct summary *summary_new(const struct scenario *s, const struct run_result *runs, size_t n_runs,
                            const char *command)
{
    if (s == NULL || runs == NULL || n_runs == 0)
        return NULL;
    struct summary *r = calloc(1, sizeof *r);
    const struct run_result **sel = malloc(n_runs * sizeof *sel);
    /* room for every kept incident: the per-incident metrics are pooled */
    double *v = malloc(n_runs * RESULTS_MAX_INCIDENTS * sizeof *v);
    if (r == NULL || sel == NULL || v == NULL)
        goto fail;
    r->scenario = s;
    r->runs = runs;
    r->n_runs = n_runs;
    r->cheapest = -1;
    snprintf(r->command, sizeof r->command, "%s", command ? command : "");
    r->timeline_points = runs[0].timeline_points;
    if (r->timeline_points > RESULTS_TIMELINE_POINTS)
        r->timeline_points = RESULTS_TIMELINE_POINTS;
    if (r->timeline_points < 0)
        r->timeline_points = 0;
    r->timeline_step_s = sim_time_to_sec(runs[0].timeline_step);

    for (int k = 0; k < strategy_count(); k++) {
        size_t n = runs_of(r, k, sel);
        if (n == 0)
            continue;
        struct summary_strategy *st = &r->strategy[r->n_strategies++];
        st->kind = k;
        if (strategy_summarise(r, st, sel, n, v) != 0)
            goto fail;
    }
    double best = INFINITY;
    for (int i = 0; i < r->n_strategies; i++) {
        const struct sim_summary *c = &r->strategy[i].metric[METRIC_COST_MONTH];
        if (r->strategy[i].meets && c->n > 0 && c->mean < best) {
            best = c->mean;
            r->cheapest = i;
        }
    }
    free(sel);
    free(v);
    return r;
fail:
    free(sel);
    free(v);
    free(r);
    return NULL;
}

void summary_free(struct summary *r)
{
    free(r);
}
