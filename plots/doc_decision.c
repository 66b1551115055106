/* The report's sections that support the decision: the targets judged on
 * distributions, the paired comparisons, the bill by item and the effective
 * parameters. Each section is one table plus a note on how to read it, in the
 * one description document.c walks; nothing here knows Markdown or HTML. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plots/doc.h"
#include "scenarios/effective.h"

/* "p95" for q = 0.95 judged from above, "p5" from below. */
static void quantile_label(char *buf, size_t size, double q, bool from_below)
{
    snprintf(buf, size, "p%.4g", 100 * (from_below ? 1 - q : q));
}

static enum metric target_metric(enum summary_target t)
{
    switch (t) {
    case SUMMARY_TARGET_RTO:
        return METRIC_RTO;
    case SUMMARY_TARGET_RPO:
        return METRIC_RPO;
    case SUMMARY_TARGET_AVAILABILITY:
    case SUMMARY_TARGET_COUNT:
        break;
    }
    return METRIC_AVAILABILITY;
}

static void set_cell(struct doc_cell *c, enum doc_tone tone, const char *text)
{
    snprintf(c->text, sizeof c->text, "%s", text);
    c->tone = tone;
}

static struct doc_cell *new_row(struct doc_table *t, const char *label)
{
    struct doc_cell *row = t->cell[t->rows++];
    set_cell(&row[0], DOC_TONE_NONE, label);
    return row;
}

static void verdict_cell(struct doc_cell *c, const struct verdict_result *v, long runs)
{
    char buf[DOC_CELL_MAX];
    enum doc_tone tone = v->verdict == VERDICT_MEETS    ? DOC_TONE_GOOD
                         : v->verdict == VERDICT_MISSES ? DOC_TONE_BAD
                                                        : DOC_TONE_NONE;
    if (v->verdict == VERDICT_UNDECIDED && v->n == 0)
        snprintf(buf, sizeof buf, "undecided (no observation)");
    else if (v->verdict == VERDICT_UNDECIDED && runs > 0)
        snprintf(buf, sizeof buf, "undecided (about %ld replications would decide)", runs);
    else if (v->verdict == VERDICT_UNDECIDED)
        snprintf(buf, sizeof buf, "undecided (at the target: more runs would not decide)");
    else
        snprintf(buf, sizeof buf, "%s", verdict_name(v->verdict));
    set_cell(c, tone, buf);
}

/* The rows of one target: verdict, the judged quantile, the share within. */
static void target_rows(struct doc_table *t, const struct summary *r, enum summary_target g,
                        double target)
{
    enum metric m = target_metric(g);
    bool below = g == SUMMARY_TARGET_AVAILABILITY;
    char tt[64], q[16], label[DOC_CELL_MAX];
    doc_human(tt, sizeof tt, m, target, target, true);
    quantile_label(q, sizeof q, r->scenario->report.target_quantile, below);
    snprintf(label, sizeof label, "%s %s %s", below ? "availability" : metric_name(m),
             below ? "\xe2\x89\xa5" : "\xe2\x89\xa4", tt);
    struct doc_cell *v = new_row(t, label), *e, *s;
    snprintf(label, sizeof label, "%s %s (95%% CI)", metric_name(m), q);
    e = new_row(t, label);
    snprintf(label, sizeof label, "%s within target", below ? "replications" : "incidents");
    s = new_row(t, label);
    for (int i = 0; i < r->n_strategies; i++) {
        const struct verdict_result *x = &r->strategy[i].verdict[g];
        char a[64], b[64], c[64], buf[DOC_CELL_MAX];
        verdict_cell(&v[1 + i], x, r->strategy[i].runs_to_decide[g]);
        double ref = isfinite(x->estimate) ? x->estimate : target;
        doc_human(a, sizeof a, m, x->estimate, ref, true);
        doc_human(b, sizeof b, m, x->ci_low, ref, false);
        doc_human(c, sizeof c, m, x->ci_high, ref, false);
        if (x->n == 0)
            snprintf(buf, sizeof buf, "n/a");
        else
            snprintf(buf, sizeof buf, "%s (%s\xe2\x80\x93%s)", a, b, c);
        set_cell(&e[1 + i], DOC_TONE_NONE, buf);
        if (x->n == 0)
            snprintf(buf, sizeof buf, "n/a");
        else
            snprintf(buf, sizeof buf, "%.0f%% (%.0f\xe2\x80\x93%.0f%%) of %d", 100 * x->share,
                     100 * x->share_lo, 100 * x->share_hi, x->n);
        set_cell(&s[1 + i], DOC_TONE_NONE, buf);
    }
}

int doc_section_targets(struct doc *d, const struct summary *r, unsigned formats)
{
    (void)formats;
    char q[16], q_lo[16], note[640];
    double qq = r->scenario->report.target_quantile;
    quantile_label(q, sizeof q, qq, false);
    quantile_label(q_lo, sizeof q_lo, qq, true);
    snprintf(note, sizeof note,
             "A target is judged on the %s of the per-incident RTO and RPO and on the %s of the "
             "per-replication availability, with an exact 95%% interval from order statistics: "
             "meets when the whole interval is within the target, misses when it is wholly "
             "outside, undecided otherwise. A recovery that never held (censored) exceeds any "
             "target. The share within target has a Clopper-Pearson 95%% interval.",
             q, q_lo);
    doc_para_text(d, "note", note);
    struct doc_table *t = malloc(sizeof *t);
    if (t == NULL)
        return SIM_ENOMEM;
    doc_table_head(t, r, "target");
    for (int g = 0; g < SUMMARY_TARGET_COUNT; g++) {
        double target;
        if (summary_target_value(r->scenario, (enum summary_target)g, &target))
            target_rows(t, r, (enum summary_target)g, target);
    }
    d->be->table(d, t);
    free(t);
    return 0;
}

bool doc_targets_shown(const struct summary *r)
{
    for (int g = 0; g < SUMMARY_TARGET_COUNT; g++) {
        double target;
        if (summary_target_value(r->scenario, (enum summary_target)g, &target))
            return true;
    }
    return false;
}

/* ---- paired differences ------------------------------------------------ */

/* The metrics of the compact comparison table, when they apply. */
static const enum metric compared[] = {METRIC_RTO, METRIC_RPO, METRIC_AVAILABILITY, METRIC_DOWNTIME,
                                       METRIC_COST_MONTH};
#define N_COMPARED (int)(sizeof compared / sizeof compared[0])

static const struct summary_comparison *find_comparison(const struct summary *r, enum metric m,
                                                        int a, int b)
{
    for (int i = 0; i < r->n_comparisons; i++) {
        const struct summary_comparison *c = &r->comparisons[i];
        if (c->metric == m && c->a == a && c->b == b)
            return c;
    }
    return NULL;
}

static bool metric_compared(const struct summary *r, enum metric m)
{
    for (int i = 0; i < r->n_comparisons; i++)
        if (r->comparisons[i].metric == m)
            return true;
    return false;
}

bool doc_comparisons_shown(const struct summary *r)
{
    for (int k = 0; k < N_COMPARED; k++)
        if (metric_compared(r, compared[k]))
            return true;
    return false;
}

/* "+8.9 min (0.7 to 17.1)"; bold (bad tone) never: a difference is not a verdict. */
static void diff_cell(char *buf, size_t size, const struct summary_comparison *c)
{
    if (c == NULL) {
        snprintf(buf, size, "n/a");
        return;
    }
    char a[64], lo[64], hi[64];
    const struct sim_summary *d = &c->diff;
    double ref = fmax(fabs(d->ci_low), fabs(d->ci_high));
    doc_human(a, sizeof a, c->metric, d->mean, ref, true);
    doc_human(lo, sizeof lo, c->metric, d->ci_low, ref, false);
    doc_human(hi, sizeof hi, c->metric, d->ci_high, ref, false);
    bool excludes0 = d->ci_low > 0 || d->ci_high < 0;
    snprintf(buf, size, "%s%s (%s to %s)%s", d->mean > 0 ? "+" : "", a, lo, hi,
             excludes0 ? "" : " ~0");
}

int doc_section_comparisons(struct doc *d, const struct summary *r, unsigned formats)
{
    (void)formats;
    doc_para_text(
        d, "note",
        "Every strategy shares each replication's failures and traffic with the others "
        "(common random numbers), so their differences are paired: A \xe2\x88\x92 B, mean "
        "over replications with its paired-t 95% interval, far tighter than the two "
        "strategies' own intervals. \"~0\": the interval includes no difference. All "
        "metrics are in summary.json (comparisons).");
    struct doc_table *t = malloc(sizeof *t);
    if (t == NULL)
        return SIM_ENOMEM;
    t->cols = 1;
    t->rows = 0;
    snprintf(t->head[0], sizeof t->head[0], "A \xe2\x88\x92 B");
    enum metric cols[N_COMPARED];
    for (int k = 0; k < N_COMPARED; k++)
        if (metric_compared(r, compared[k])) {
            cols[t->cols - 1] = compared[k];
            snprintf(t->head[t->cols++], sizeof t->head[0], "%s", metric_name(compared[k]));
        }
    for (int b = 0; b < r->n_strategies; b++)
        for (int a = b + 1; a < r->n_strategies && t->rows < DOC_MAX_ROWS; a++) {
            char label[DOC_CELL_MAX];
            snprintf(label, sizeof label, "%s \xe2\x88\x92 %s", strategy_label(r->strategy[a].kind),
                     strategy_label(r->strategy[b].kind));
            struct doc_cell *row = new_row(t, label);
            for (int k = 1; k < t->cols; k++) {
                row[k].tone = DOC_TONE_NONE;
                diff_cell(row[k].text, sizeof row[k].text, find_comparison(r, cols[k - 1], a, b));
            }
        }
    d->be->table(d, t);
    free(t);
    return 0;
}

/* ---- the bill ---------------------------------------------------------- */

int doc_section_bill(struct doc *d, const struct summary *r, unsigned formats)
{
    (void)formats;
    doc_para_text(d, "note",
                  "Steady-state USD per 30-day month by item, mean over replications; the items "
                  "sum to cost_month. An incident's scale-up is its own extra cost "
                  "(incident_cost). DNS includes health checks.");
    struct doc_table *t = malloc(sizeof *t);
    if (t == NULL)
        return SIM_ENOMEM;
    doc_table_head(t, r, "item");
    for (int m = METRIC_COST_COMPUTE; m <= METRIC_COST_DNS; m++) {
        bool any = false;
        for (int i = 0; i < r->n_strategies; i++)
            any = any || r->strategy[i].metric[m].mean > 0.005;
        if (!any)
            continue; /* nobody pays for it: named in the note below */
        struct doc_cell *row = new_row(t, metric_name(m) + strlen("cost_"));
        for (int i = 0; i < r->n_strategies; i++) {
            doc_human(row[1 + i].text, sizeof row[1 + i].text, (enum metric)m,
                      r->strategy[i].metric[m].mean, 0, true);
            row[1 + i].tone = DOC_TONE_NONE;
        }
    }
    struct doc_cell *row = new_row(t, "total (cost_month)");
    for (int i = 0; i < r->n_strategies; i++) {
        doc_human(row[1 + i].text, sizeof row[1 + i].text, METRIC_COST_MONTH,
                  r->strategy[i].metric[METRIC_COST_MONTH].mean, 0, true);
        row[1 + i].tone = DOC_TONE_NONE;
    }
    d->be->table(d, t);
    free(t);
    return 0;
}

/* ---- assumptions ------------------------------------------------------- */

struct params_ctx {
    struct doc *d;
    struct doc_table *t;
};

static void flush(struct params_ctx *c)
{
    if (c->t->rows > 0)
        c->d->be->table(c->d, c->t);
    c->t->rows = 0;
}

static void param_row(const struct scenario_param *p, void *ctx)
{
    struct params_ctx *c = ctx;
    if (c->t->rows == DOC_MAX_ROWS)
        flush(c);
    struct doc_cell *row = new_row(c->t, p->key);
    set_cell(&row[1], DOC_TONE_NONE, p->value);
    set_cell(&row[2], DOC_TONE_NONE, p->is_default ? "default" : "set");
    set_cell(&row[3], DOC_TONE_NONE, p->source ? p->source : "");
}

int doc_section_assumptions(struct doc *d, const struct summary *r, unsigned formats)
{
    (void)formats;
    doc_para_text(d, "note",
                  "Every effective parameter: the scenario's value, or the default it left in "
                  "place and where that default comes from. Regions, user populations and "
                  "failures are as the scenario file lists them.");
    struct params_ctx c = {d, malloc(sizeof *c.t)};
    if (c.t == NULL)
        return SIM_ENOMEM;
    c.t->cols = 4;
    c.t->rows = 0;
    const char *head[] = {"key", "value", "default or set", "source"};
    for (int i = 0; i < 4; i++)
        snprintf(c.t->head[i], sizeof c.t->head[i], "%s", head[i]);
    const char *names[SCENARIO_MAX_STRATEGIES] = {0};
    for (int k = 0; k < strategy_count() && k < SCENARIO_MAX_STRATEGIES; k++)
        names[k] = strategy_key(k);
    scenario_params(r->scenario, names, strategy_key_applies, param_row, &c);
    flush(&c);
    free(c.t);
    return 0;
}
