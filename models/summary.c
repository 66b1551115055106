/* summary_new: every number the documents and charts show, computed once from
 * the runs: means, Student-t 95% intervals, timelines and the verdict against
 * the targets. Invariant: a strategy appears in report order with at least one
 * run; a summary with n == 0 means "does not apply" and is never printed as 0. */
#include "models/summary.h"

#include "models/run_store.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const double summary_quantile_q[SUMMARY_QUANTILES] = RUN_LATENCY_Q;

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
    p->p50 = s.p50;
    p->min = s.min;
    p->max = s.max;
    return 0;
}

/* Runs of strategy k as pointers, in replication order (the order of runs[]
 * may be anything). Returns the count. */
static size_t runs_of(const struct summary *r, int k, const struct run_record **out)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n_runs; i++)
        if (r->runs[i].strategy == k)
            out[n++] = &r->runs[i];
    /* insertion sort by replication: n is small and usually already sorted */
    for (size_t i = 1; i < n; i++) {
        const struct run_record *x = out[i];
        size_t j = i;
        while (j > 0 && out[j - 1]->replication > x->replication) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = x;
    }
    return n;
}

static const char *const target_names[] = {
#define TARGET_NAME(id, name) name,
    TARGET_MAP(TARGET_NAME)
#undef TARGET_NAME
};

const char *summary_target_name(enum summary_target t)
{
    return (unsigned)t < SUMMARY_TARGET_COUNT ? target_names[t] : "?";
}

bool summary_target_value(const struct scenario *s, enum summary_target t, double *v)
{
    const struct scenario_report *p = &s->report;
    switch (t) {
    case SUMMARY_TARGET_RTO:
        *v = sim_time_to_sec(p->rto_target.v);
        return p->rto_target.set;
    case SUMMARY_TARGET_RPO:
        *v = sim_time_to_sec(p->rpo_target.v);
        return p->rpo_target.set;
    case SUMMARY_TARGET_AVAILABILITY:
    case SUMMARY_TARGET_COUNT:
        break;
    }
    *v = p->availability_target.v;
    return p->availability_target.set;
}

/* The observations target t is judged on: every stored incident's RTO (a
 * censored one as INFINITY: it exceeds any target), every incident's RPO
 * where a loss applies, every run's availability. Returns their count. */
static size_t target_values(const struct run_record **runs, size_t n, enum summary_target t,
                            double *v)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (t == SUMMARY_TARGET_AVAILABILITY) {
            v[k++] = runs[i]->metric[METRIC_AVAILABILITY];
            continue;
        }
        for (int j = 0; j < runs[i]->n_incidents; j++) {
            const struct incident_result *in = &runs[i]->incidents[j];
            if (t == SUMMARY_TARGET_RTO)
                v[k++] = in->censored ? INFINITY : sim_time_to_sec(in->rto);
            else if (in->data_lost_applies)
                v[k++] = sim_time_to_sec(in->rpo);
        }
    }
    return k;
}

/* The summary points of one timeline series over runs[0..n-1]: point t
 * from each run's value at RUN_TIMELINE_AT(se, incident) + t (NAN past the
 * run's own horizon points), read back from the store in blocks of columns
 * that fill `block` (n * RESULTS_INCIDENT_POINTS doubles). */
static int summarise_series(const struct summary *r, const struct run_record **runs, size_t n,
                            int se, bool incident, struct summary_point *out, double *v,
                            double *block)
{
    int len = incident ? RESULTS_INCIDENT_POINTS : r->timeline_points;
    size_t at = RUN_TIMELINE_AT((size_t)se, incident);
    int rc = 0;
    for (int from = 0; from < len && rc == 0; from += RESULTS_INCIDENT_POINTS) {
        int w = len - from < RESULTS_INCIDENT_POINTS ? len - from : RESULTS_INCIDENT_POINTS;
        for (size_t i = 0; i < n && rc == 0; i++)
            rc = run_store_read(r->store, (size_t)(runs[i] - r->runs), at + (size_t)from,
                                (size_t)w, block + i * (size_t)w, NULL);
        for (int c = 0; c < w && rc == 0; c++) {
            for (size_t i = 0; i < n; i++)
                v[i] = incident || from + c < runs[i]->timeline_points
                           ? block[i * (size_t)w + (size_t)c]
                           : NAN;
            rc = summarise_point(v, n, &out[from + c]);
        }
    }
    return rc;
}

/* The drain aligned on the DNS switch (see summary_strategy.drain). */
static int summarise_drain(const struct summary *r, struct summary_strategy *st,
                           const struct run_record **runs, size_t n, double *v, double *block)
{
    int rc = 0;
    const size_t len = RESULTS_INCIDENT_POINTS;
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = run_store_read(r->store, (size_t)(runs[i] - r->runs),
                            RUN_TIMELINE_AT(SUMMARY_SERIES_FAILED_SHARE, true), len,
                            block + i * len, NULL);
    for (int k = 0; k < RESULTS_INCIDENT_POINTS && rc == 0; k++) {
        for (size_t i = 0; i < n; i++) {
            sim_time sw = runs[i]->n_incidents > 0
                              ? runs[i]->incidents[0].phase_end[PHASE_DNS_SWITCH]
                              : -1;
            int at = sw >= 0 ? (int)(sw / SIM_MIN) + k : -1;
            v[i] = at >= 0 && at < RESULTS_INCIDENT_POINTS ? block[i * len + (size_t)at] : NAN;
        }
        rc = summarise_point(v, n, &st->drain[k]);
    }
    return rc;
}

/* Every target's verdict for one strategy; meets when each set one does. */
static int judge_targets(const struct scenario *s, struct summary_strategy *st,
                         const struct run_record **runs, size_t n)
{
    double *v = malloc((n * RESULTS_MAX_INCIDENTS + 1) * sizeof *v);
    if (v == NULL)
        return SIM_ENOMEM;
    int rc = 0;
    st->meets = true;
    for (int t = 0; t < SUMMARY_TARGET_COUNT && rc == 0; t++) {
        double target;
        struct verdict_result *out = &st->verdict[t];
        size_t k = target_values(runs, n, (enum summary_target)t, v);
        if (!summary_target_value(s, (enum summary_target)t, &target)) {
            *out = (struct verdict_result){.verdict = VERDICT_NONE, .n = (int)k};
            continue;
        }
        rc = verdict_judge(v, k, target, s->report.target_quantile,
                           t == SUMMARY_TARGET_AVAILABILITY, out);
        st->meets = st->meets && out->verdict == VERDICT_MEETS;
        if (out->more > 0)
            st->runs_to_decide[t] = (long)ceil((double)out->more * (double)n / (double)k);
    }
    free(v);
    return rc;
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

/* Every metric's summary of one strategy from its runs' records. */
static int summarise_metrics(struct summary_strategy *st, const struct run_record **runs, size_t n,
                             int n_users, double *v)
{
    int rc = 0;
    for (int m = 0; m < METRIC_COUNT && rc == 0; m++) {
        size_t nv = 0;
        for (size_t i = 0; i < n; i++)
            v[nv++] = runs[i]->metric[m];
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
    for (int u = 0; u < n_users && rc == 0; u++)
        for (int q = 0; q < SUMMARY_QUANTILES && rc == 0; q++) {
            for (size_t i = 0; i < n; i++)
                v[i] = runs[i]->latency_ms[u][q];
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
    return rc;
}

static int strategy_summarise(struct summary *r, struct summary_strategy *st,
                              const struct run_record **runs, size_t n, double *v)
{
    st->runs = (int)n;
    int rc = summarise_metrics(st, runs, n, r->scenario->n_users, v);
    double *block = rc == 0 ? malloc(n * RESULTS_INCIDENT_POINTS * sizeof *block) : NULL;
    if (rc == 0 && block == NULL)
        rc = SIM_ENOMEM;
    for (int se = 0; se < SUMMARY_SERIES_COUNT && rc == 0; se++) {
        rc = summarise_series(r, runs, n, se, false, st->timeline[se], v, block);
        if (rc == 0)
            rc = summarise_series(r, runs, n, se, true, st->incident[se], v, block);
    }
    if (rc == 0)
        rc = summarise_drain(r, st, runs, n, v, block);
    free(block);
    return rc == 0 ? judge_targets(r->scenario, st, runs, n) : rc;
}

/* The paired differences of metric m between strategies a and b (indices
 * into r->strategy) into *c; false when fewer than two replications pair. */
static bool compare_pair(const struct summary *r, int a, int b, enum metric m,
                         const struct run_record **ra, const struct run_record **rb, double *v,
                         struct summary_comparison *c)
{
    size_t na = runs_of(r, r->strategy[a].kind, ra), nb = runs_of(r, r->strategy[b].kind, rb);
    size_t k = 0;
    for (size_t i = 0, j = 0; i < na && j < nb;) {
        if (ra[i]->replication < rb[j]->replication) {
            i++;
        } else if (ra[i]->replication > rb[j]->replication) {
            j++;
        } else {
            v[k++] = ra[i]->metric[m] - rb[j]->metric[m]; /* NAN when either lacks it */
            i++;
            j++;
        }
    }
    *c = (struct summary_comparison){.metric = m, .a = a, .b = b};
    return sim_summarise(v, k, &c->diff) == 0 && c->diff.n >= 2;
}

static int compare_all(struct summary *r)
{
    const struct run_record **ra = malloc(r->n_runs * sizeof *ra);
    const struct run_record **rb = malloc(r->n_runs * sizeof *rb);
    double *v = malloc(r->n_runs * sizeof *v);
    int rc = ra && rb && v ? 0 : SIM_ENOMEM;
    for (int m = 0; m < METRIC_COUNT && rc == 0; m++)
        for (int b = 0; b < r->n_strategies; b++)
            for (int a = b + 1; a < r->n_strategies; a++)
                if (compare_pair(r, a, b, (enum metric)m, ra, rb, v,
                                 &r->comparisons[r->n_comparisons]))
                    r->n_comparisons++;
    free(ra);
    free(rb);
    free(v);
    return rc;
}

/* Every strategy's summary, the cheapest meeting its targets and the paired
 * comparisons. Returns 0 or a negative SIM_E code. */
static int summarise_all(struct summary *r)
{
    size_t n_runs = r->n_runs;
    const struct run_record **sel = malloc(n_runs * sizeof *sel);
    /* room for every kept incident: the per-incident metrics are pooled */
    double *v = malloc(n_runs * RESULTS_MAX_INCIDENTS * sizeof *v);
    int rc = sel && v ? 0 : SIM_ENOMEM;
    for (int k = 0; k < strategy_count() && rc == 0; k++) {
        size_t n = runs_of(r, k, sel);
        if (n == 0)
            continue;
        struct summary_strategy *st = &r->strategy[r->n_strategies++];
        st->kind = k;
        rc = strategy_summarise(r, st, sel, n, v);
    }
    free(sel);
    free(v);
    double best = INFINITY;
    for (int i = 0; i < r->n_strategies && rc == 0; i++) {
        const struct sim_summary *c = &r->strategy[i].metric[METRIC_COST_MONTH];
        if (r->strategy[i].meets && c->n > 0 && c->mean < best) {
            best = c->mean;
            r->cheapest = i;
        }
    }
    return rc == 0 ? compare_all(r) : rc;
}

struct summary *summary_of_store(const struct scenario *s, const struct run_store *store,
                                 const char *command)
{
    size_t n_runs = store ? run_store_size(store) : 0;
    if (s == NULL || n_runs == 0)
        return NULL;
    for (size_t i = 0; i < n_runs; i++)
        if (!run_store_has(store, i))
            return NULL;
    struct summary *r = calloc(1, sizeof *r);
    if (r == NULL)
        return NULL;
    r->scenario = s;
    r->store = store;
    r->runs = run_store_records(store);
    r->n_runs = n_runs;
    r->cheapest = -1;
    snprintf(r->command, sizeof r->command, "%s", command ? command : "");
    r->timeline_points = r->runs[0].timeline_points;
    if (r->timeline_points > RESULTS_TIMELINE_POINTS)
        r->timeline_points = RESULTS_TIMELINE_POINTS;
    if (r->timeline_points < 0)
        r->timeline_points = 0;
    r->timeline_step_s = sim_time_to_sec(r->runs[0].timeline_step);
    if (summarise_all(r) != 0) {
        free(r);
        return NULL;
    }
    return r;
}

struct summary *summary_new(const struct scenario *s, const struct run_result *runs, size_t n_runs,
                            const char *command)
{
    if (s == NULL || runs == NULL || n_runs == 0)
        return NULL;
    struct run_store *store = run_store_new(n_runs, NULL, NULL);
    for (size_t i = 0; store && i < n_runs; i++)
        if (run_store_put_result(store, i, &runs[i], NULL) != 0) {
            run_store_free(store);
            store = NULL;
        }
    struct summary *r = store ? summary_of_store(s, store, command) : NULL;
    if (r == NULL)
        run_store_free(store);
    else
        r->owned = store;
    return r;
}

void summary_free(struct summary *r)
{
    if (r == NULL)
        return;
    run_store_free(r->owned);
    free(r);
}
