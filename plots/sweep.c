/* A sweep's results (sweep.h): what each point's summary leaves behind, the
 * paired differences between points, the cheapest qualifying point and
 * sweep.csv. Invariant: cell and values are indexed by point and registry
 * kind, so the order points are added in never changes an output. */
#include "plots/sweep.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plots/report.h"
#include "sim/error.h"

const enum metric sweep_metric[SWEEP_METRICS] = {
    METRIC_RTO,
    METRIC_RPO,
    METRIC_AVAILABILITY,
    METRIC_COST_MONTH,
    METRIC_TOTAL_COST_YEAR,
    METRIC_SPLIT_BRAIN_WRITES,
    METRIC_RESIDENCY_VIOLATIONS,
    METRIC_SESSIONS_LOST_SHARE,
    METRIC_WASTED_WORK,
    METRIC_CONFLICTS,
    METRIC_STALE_READS,
};

struct sweep_result *sweep_result_new(const struct scenario_sweep *axes,
                                      const struct scenario_point *points, int n)
{
    struct sweep_result *w = calloc(1, sizeof *w);
    if (w == NULL)
        return NULL;
    *w = (struct sweep_result){.axes = axes, .points = points, .n_points = n};
    w->replications = n > 0 ? points[0].s.replications : 0;
    size_t cells = (size_t)n * SCENARIO_MAX_STRATEGIES;
    w->cell = calloc(cells, sizeof *w->cell);
    w->values = malloc(cells * (size_t)w->replications * SWEEP_METRICS * sizeof *w->values);
    if (w->cell == NULL || w->values == NULL) {
        sweep_result_free(w);
        return NULL;
    }
    for (size_t i = 0; i < cells * (size_t)w->replications * SWEEP_METRICS; i++)
        w->values[i] = NAN;
    return w;
}

void sweep_result_free(struct sweep_result *w)
{
    if (w == NULL)
        return;
    free(w->cell);
    free(w->values);
    free(w);
}

const struct sweep_cell *sweep_cell(const struct sweep_result *w, int p, int kind)
{
    return &w->cell[(size_t)p * SCENARIO_MAX_STRATEGIES + (size_t)kind];
}

static double *value_at(const struct sweep_result *w, int p, int kind, int rep, int i)
{
    size_t c = (size_t)p * SCENARIO_MAX_STRATEGIES + (size_t)kind;
    return &w->values[(c * (size_t)w->replications + (size_t)rep) * SWEEP_METRICS + (size_t)i];
}

void sweep_result_add(struct sweep_result *w, int p, const struct summary *r)
{
    for (int i = 0; i < r->n_strategies; i++) {
        const struct summary_strategy *st = &r->strategy[i];
        struct sweep_cell *c = &w->cell[(size_t)p * SCENARIO_MAX_STRATEGIES + (size_t)st->kind];
        c->present = true;
        memcpy(c->metric, st->metric, sizeof c->metric);
        memcpy(c->verdict, st->verdict, sizeof c->verdict);
        c->meets = st->meets;
        bool known = false;
        for (int k = 0; k < w->n_kinds; k++)
            known |= w->kinds[k] == st->kind;
        if (!known) /* report order is registry order */
            w->kinds[w->n_kinds++] = st->kind;
        for (int a = w->n_kinds - 1; a > 0 && w->kinds[a - 1] > w->kinds[a]; a--) {
            int t = w->kinds[a];
            w->kinds[a] = w->kinds[a - 1];
            w->kinds[a - 1] = t;
        }
    }
    for (size_t j = 0; j < r->n_runs; j++) {
        const struct run_record *run = &r->runs[j];
        if (run->replication < 0 || run->replication >= w->replications)
            continue;
        for (int i = 0; i < SWEEP_METRICS; i++)
            *value_at(w, p, run->strategy, run->replication, i) = run->metric[sweep_metric[i]];
    }
}

int sweep_paired_diff(const struct sweep_result *w, int i, int kind, int a, int b,
                      struct sim_summary *out)
{
    double *d = malloc(((size_t)w->replications + 1) * sizeof *d);
    if (d == NULL)
        return SIM_ENOMEM;
    for (int rep = 0; rep < w->replications; rep++)
        d[rep] = *value_at(w, b, kind, rep, i) - *value_at(w, a, kind, rep, i);
    int rc = sim_summarise(d, (size_t)w->replications, out);
    free(d);
    return rc;
}

int sweep_cheapest(const struct sweep_result *w, enum metric cost, bool must_meet, int *kind)
{
    int best = -1, best_kind = -1;
    double best_cost = INFINITY;
    for (int p = 0; p < w->n_points; p++)
        for (int k = 0; k < w->n_kinds; k++) {
            int kk = w->kinds[k];
            if (*kind >= 0 && kk != *kind)
                continue;
            const struct sweep_cell *c = sweep_cell(w, p, kk);
            if (!c->present || c->metric[cost].n == 0 || (must_meet && !c->meets))
                continue;
            if (c->metric[cost].mean < best_cost) {
                best_cost = c->metric[cost].mean;
                best = p;
                best_kind = kk;
            }
        }
    if (best >= 0)
        *kind = best_kind;
    return best;
}

int sweep_write_csv(const struct sweep_result *w, FILE *f)
{
    fputs("point", f);
    for (int a = 0; a < w->axes->n_axes; a++) {
        fputc(',', f);
        report_csv_str(f, w->axes->path[a]);
    }
    fputs(",strategy,metric,unit,mean,ci95_low,ci95_high,p50,p95,min,max,n\n", f);
    for (int p = 0; p < w->n_points; p++)
        for (int k = 0; k < w->n_kinds; k++) {
            const struct sweep_cell *c = sweep_cell(w, p, w->kinds[k]);
            for (int m = 0; c->present && m < METRIC_COUNT; m++) {
                if (c->metric[m].n == 0)
                    continue;
                report_csv_str(f, w->points[p].name);
                for (int a = 0; a < w->axes->n_axes; a++) {
                    fputc(',', f);
                    report_csv_str(f, w->axes->value[a][w->points[p].value[a]]);
                }
                report_write_metric_row(f, w->kinds[k], (enum metric)m, &c->metric[m]);
            }
        }
    return ferror(f) ? SIM_EIO : 0;
}
