/* The sweep report (report.md and report.html beside sweep.csv): the
 * cheapest point meeting every target, the point of lowest total cost, a
 * chart per metric of interest, paired differences between neighbouring
 * points, the Pareto front of cost, RTO and RPO, and the points' own
 * reports. Described once, spelt by the report's back-ends (doc.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/strategies/registry.h"
#include "plots/doc.h"
#include "plots/sweep.h"

static bool any_target(const struct scenario *s)
{
    double v;
    for (int t = 0; t < SUMMARY_TARGET_COUNT; t++)
        if (summary_target_value(s, (enum summary_target)t, &v))
            return true;
    return false;
}

/* "dns.ttl = 60s, strategies.warm_standby.standby = 25%" */
static void point_values(const struct sweep_result *w, int p, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (int a = 0; a < w->axes->n_axes && n < size; a++)
        n += (size_t)snprintf(buf + n, size - n, "%s%s = %s", a ? ", " : "", w->axes->path[a],
                              w->axes->value[a][w->points[p].value[a]]);
}

static void cell(struct doc_cell *c, const char *text)
{
    snprintf(c->text, sizeof c->text, "%s", text);
}

/* One row per strategy, then "overall": the point minimising `cost` (among
 * those meeting every target when must_meet). */
static void best_table(struct doc *d, const struct sweep_result *w, enum metric cost,
                       bool must_meet, struct doc_table *t)
{
    memset(t, 0, sizeof *t);
    static const char *const head[] = {"strategy", "point", "values", "cost per month",
                                       "total cost per year"};
    t->cols = w->points[0].s.business.n_sla || cost == METRIC_TOTAL_COST_YEAR ? 5 : 4;
    for (int c = 0; c < t->cols; c++)
        snprintf(t->head[c], sizeof t->head[c], "%s", head[c]);
    for (int k = 0; k <= w->n_kinds && t->rows < DOC_MAX_ROWS; k++) {
        int kind = k < w->n_kinds ? w->kinds[k] : -1;
        int p = sweep_cheapest(w, cost, must_meet, &kind);
        struct doc_cell *row = t->cell[t->rows++];
        cell(&row[0], k < w->n_kinds ? strategy_label(w->kinds[k]) : "overall");
        if (p < 0) {
            cell(&row[1],
                 must_meet ? "none shown to meet every target (see each point's Targets)" : "none");
            row[1].tone = DOC_TONE_BAD;
            continue;
        }
        char buf[DOC_CELL_MAX];
        snprintf(buf, sizeof buf, "%s%s%s", w->points[p].name, k < w->n_kinds ? "" : ", ",
                 k < w->n_kinds ? "" : strategy_label(kind));
        cell(&row[1], buf);
        point_values(w, p, buf, sizeof buf);
        cell(&row[2], buf);
        const struct sweep_cell *c = sweep_cell(w, p, kind);
        doc_human(buf, sizeof buf, METRIC_COST_MONTH, c->metric[METRIC_COST_MONTH].mean, 0, true);
        cell(&row[3], buf);
        if (t->cols > 4 && c->metric[METRIC_TOTAL_COST_YEAR].n > 0) {
            doc_human(buf, sizeof buf, METRIC_TOTAL_COST_YEAR,
                      c->metric[METRIC_TOTAL_COST_YEAR].mean, 0, true);
            cell(&row[4], buf);
        }
    }
}

static void section_best(struct doc *d, const struct sweep_result *w, struct doc_table *t)
{
    bool targets = any_target(&w->points[0].s);
    d->be->heading(d, 2, targets ? "Cheapest point meeting every target" : "Cheapest point");
    doc_para_text(d, "note",
                  targets ? "Only verdicts of meets count: an undecided verdict is not a pass. "
                            "Cost is the mean monthly bill."
                          : "No targets are set, so every point qualifies. Cost is the mean "
                            "monthly bill.");
    best_table(d, w, METRIC_COST_MONTH, targets, t);
    d->be->table(d, t);
    if (!sweep_chart_applies(w, SWEEP_TOTAL_COST_YEAR))
        return;
    d->be->heading(d, 2, "Lowest total cost (bill and outages)");
    doc_para_text(d, "note",
                  "Total cost per year: 12 months of the bill plus the expected cost of outages "
                  "(business block: downtime, lost writes, SLA credits), annualised over the "
                  "horizon; targets are not required here.");
    best_table(d, w, METRIC_TOTAL_COST_YEAR, false, t);
    d->be->table(d, t);
}

static int section_charts(struct doc *d, const struct sweep_result *w, unsigned formats)
{
    d->be->heading(d, 2, "Metrics against the swept values");
    doc_para_text(d, "note",
                  "Each line is a strategy's mean over the replications at each point, the band "
                  "its 95% confidence interval; dashed lines are targets.");
    for (int i = 0; i < SWEEP_METRICS; i++) {
        if (!sweep_chart_applies(w, i))
            continue;
        struct sweep_chart_ref c = {w, i};
        struct plot_image img = sweep_chart_image(&c);
        if (w->points[0].s.report.formats == 0 && d->be->format == DOC_MD)
            continue;
        int rc =
            d->be->image(d, &img, sweep_chart_file(i), plot_metric_title(sweep_metric[i]), formats);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* "+8.9 min (0.7 to 17.1)" */
static void diff_text(char *buf, size_t size, enum metric m, const struct sim_summary *s)
{
    char a[64], lo[64], hi[64];
    doc_human(a, sizeof a, m, s->mean, s->mean, true);
    doc_human(lo, sizeof lo, m, s->ci_low, s->mean, false);
    doc_human(hi, sizeof hi, m, s->ci_high, s->mean, false);
    snprintf(buf, size, "%s%s (%s to %s)", s->mean > 0 ? "+" : "", a, lo, hi);
}

static int diff_table(struct doc *d, const struct sweep_result *w, int i, struct doc_table *t)
{
    memset(t, 0, sizeof *t);
    t->cols = 1 + w->n_kinds;
    snprintf(t->head[0], sizeof t->head[0], "from → to");
    for (int k = 0; k < w->n_kinds; k++)
        snprintf(t->head[1 + k], sizeof t->head[1 + k], "%s", strategy_label(w->kinds[k]));
    int stride = w->n_points / w->axes->n_values[0];
    for (int a = 0; a + stride < w->n_points && t->rows < DOC_MAX_ROWS; a++) {
        int b = a + stride;
        struct doc_cell *row = t->cell[t->rows++];
        snprintf(row[0].text, sizeof row[0].text, "%s → %s", w->points[a].name, w->points[b].name);
        for (int k = 0; k < w->n_kinds; k++) {
            struct sim_summary s;
            int rc = sweep_paired_diff(w, i, w->kinds[k], a, b, &s);
            if (rc != 0)
                return rc;
            if (s.n >= 2)
                diff_text(row[1 + k].text, sizeof row[1 + k].text, sweep_metric[i], &s);
            else
                cell(&row[1 + k], "-");
        }
    }
    d->be->table(d, t);
    return 0;
}

static int section_diffs(struct doc *d, const struct sweep_result *w, struct doc_table *t)
{
    d->be->heading(d, 2, "Paired differences between neighbouring points");
    doc_para_text(d, "note",
                  "Every point ran with the same seed, so replication i met the same failures "
                  "and arrivals at every point: each cell is the mean of the per-replication "
                  "differences (to - from) along the first swept key, with its paired 95% "
                  "interval. An interval that excludes 0 is a difference the runs show.");
    for (int i = 0; i < SWEEP_METRICS; i++) {
        if (!sweep_chart_applies(w, i) || w->axes->n_values[0] < 2)
            continue;
        d->be->heading(d, 3, plot_metric_title(sweep_metric[i]));
        int rc = diff_table(d, w, i, t);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* The judged quantile of target t (its verdict's estimate), or the p95 of
 * the per-replication means when no target is set; 0 when the metric does
 * not apply (RPO of a strategy that kept its copy: nothing lost). */
static double recovery_quantile(const struct sweep_cell *c, enum summary_target t, enum metric m)
{
    if (c->verdict[t].verdict != VERDICT_NONE && c->verdict[t].n > 0)
        return c->verdict[t].estimate;
    return c->metric[m].n > 0 ? c->metric[m].p95 : 0;
}

struct pareto_entry {
    int p, kind;
    double v[3]; /* cost per month, RTO quantile, RPO quantile */
};

static bool dominates(const struct pareto_entry *a, const struct pareto_entry *b)
{
    bool better = false;
    for (int j = 0; j < 3; j++) {
        if (a->v[j] > b->v[j])
            return false;
        better |= a->v[j] < b->v[j];
    }
    return better;
}

static int by_cost(const void *x, const void *y)
{
    const struct pareto_entry *a = x, *b = y;
    return (a->v[0] > b->v[0]) - (a->v[0] < b->v[0]);
}

/* The non-dominated (point, strategy) pairs, by cost; returns their count
 * (-1 when out of memory) with *out malloc'ed. */
static int pareto_front(const struct sweep_result *w, struct pareto_entry **out)
{
    struct pareto_entry *e = calloc((size_t)w->n_points * (size_t)w->n_kinds + 1, sizeof *e);
    if (e == NULL)
        return -1;
    int n = 0, kept = 0;
    for (int p = 0; p < w->n_points; p++)
        for (int k = 0; k < w->n_kinds; k++) {
            const struct sweep_cell *c = sweep_cell(w, p, w->kinds[k]);
            if (!c->present || c->metric[METRIC_COST_MONTH].n == 0)
                continue;
            e[n++] = (struct pareto_entry){p,
                                           w->kinds[k],
                                           {c->metric[METRIC_COST_MONTH].mean,
                                            recovery_quantile(c, SUMMARY_TARGET_RTO, METRIC_RTO),
                                            recovery_quantile(c, SUMMARY_TARGET_RPO, METRIC_RPO)}};
        }
    for (int i = 0; i < n; i++) {
        bool dominated = false;
        for (int j = 0; j < n && !dominated; j++)
            dominated = j != i && dominates(&e[j], &e[i]);
        if (!dominated)
            e[kept++] = e[i];
    }
    qsort(e, (size_t)kept, sizeof *e, by_cost);
    *out = e;
    return kept;
}

static int section_pareto(struct doc *d, const struct sweep_result *w, struct doc_table *t)
{
    struct pareto_entry *e = NULL;
    int n = pareto_front(w, &e);
    if (n < 0)
        return SIM_ENOMEM;
    char q[32], note[512];
    snprintf(q, sizeof q, "p%.0f", w->points[0].s.report.target_quantile * 100);
    d->be->heading(d, 2, "Pareto front: cost, RTO and RPO");
    snprintf(note, sizeof note,
             "The points and strategies no other beats on all three of monthly cost, RTO and "
             "RPO (the %s judged for the targets; without a target, the p95 of the "
             "replications' means), cheapest first.",
             q);
    doc_para_text(d, "note", note);
    memset(t, 0, sizeof *t);
    static const char *const head[] = {"point", "strategy", "cost per month", "RTO", "RPO"};
    t->cols = 5;
    for (int c = 0; c < 5; c++)
        snprintf(t->head[c], sizeof t->head[c], "%s", head[c]);
    static const enum metric m[] = {METRIC_COST_MONTH, METRIC_RTO, METRIC_RPO};
    for (int i = 0; i < n && t->rows < DOC_MAX_ROWS; i++) {
        struct doc_cell *row = t->cell[t->rows++];
        cell(&row[0], w->points[e[i].p].name);
        cell(&row[1], strategy_label(e[i].kind));
        for (int j = 0; j < 3; j++)
            doc_human(row[2 + j].text, sizeof row[2 + j].text, m[j], e[i].v[j], e[i].v[j], true);
    }
    d->be->table(d, t);
    if (n > DOC_MAX_ROWS) {
        snprintf(note, sizeof note, "%d more on the front; sweep.csv has every figure.",
                 n - DOC_MAX_ROWS);
        doc_para_text(d, "note", note);
    }
    free(e);
    return 0;
}

static void section_points(struct doc *d, const struct sweep_result *w, struct doc_table *t)
{
    d->be->heading(d, 2, "Points");
    doc_para_text(d, "note", "Each point's full results and report are in points/<point>/.");
    memset(t, 0, sizeof *t);
    t->cols = 3;
    snprintf(t->head[0], sizeof t->head[0], "point");
    snprintf(t->head[1], sizeof t->head[1], "values");
    snprintf(t->head[2], sizeof t->head[2], "report");
    for (int p = 0; p < w->n_points && t->rows < DOC_MAX_ROWS; p++) {
        struct doc_cell *row = t->cell[t->rows++];
        cell(&row[0], w->points[p].name);
        point_values(w, p, row[1].text, sizeof row[1].text);
        snprintf(row[2].text, sizeof row[2].text, "points/%s/report.html", w->points[p].name);
    }
    d->be->table(d, t);
}

static void opening(struct doc *d, const struct sweep_result *w)
{
    const struct scenario *s = &w->points[0].s;
    char buf[1024];
    size_t n = (size_t)snprintf(buf, sizeof buf, "%s: sweep of ", s->name);
    for (int a = 0; a < w->axes->n_axes && n < sizeof buf; a++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", a ? " × " : "", w->axes->path[a]);
    d->be->heading(d, 1, buf);
    if (s->description[0])
        doc_para_text(d, NULL, s->description);
    snprintf(buf, sizeof buf,
             "%d point%s × %d strateg%s × %d replication%s, seed %llu at every point: the "
             "same failures and arrivals hit every point, so differences between points are "
             "paired.",
             w->n_points, w->n_points == 1 ? "" : "s", w->n_kinds, w->n_kinds == 1 ? "y" : "ies",
             w->replications, w->replications == 1 ? "" : "s", (unsigned long long)s->seed);
    doc_para_text(d, NULL, buf);
}

int sweep_write_report(const struct sweep_result *w, unsigned formats, bool md, FILE *f)
{
    struct doc_table *t = calloc(1, sizeof *t);
    if (t == NULL)
        return SIM_ENOMEM;
    struct doc d = {.f = f, .be = md ? &doc_markdown : &doc_html, .blocks = 0};
    d.be->begin(&d, w->points[0].s.name);
    opening(&d, w);
    section_best(&d, w, t);
    int rc = section_charts(&d, w, formats);
    if (rc == 0)
        rc = section_diffs(&d, w, t);
    if (rc == 0)
        rc = section_pareto(&d, w, t);
    if (rc == 0)
        section_points(&d, w, t);
    d.be->end(&d);
    free(t);
    return rc != 0 ? rc : ferror(f) ? SIM_EIO : 0;
}
