/* The report of one scenario, described once: what was simulated, which
 * strategies meet the targets and the cheapest that does, every metric with
 * its 95% CI, the runbook, the charts, and the command that reproduces it.
 * report.md and report.html are this one description spelt by two back-ends
 * (doc_markdown.c, doc_html.c), so they say the same things in the same order. */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "plots/doc.h"
#include "plots/draw.h"
#include "plots/report.h"

/* v in a human unit chosen from ref (the mean): "12.3 min"; with_unit false
 * writes the number alone, in the same unit. */
void doc_human(char *buf, size_t size, enum metric m, double v, double ref, bool with_unit)
{
    const char *u = metric_unit(m);
    double a = fabs(ref), scale = 1;
    const char *unit = u;
    int prec = 3;
    if (isnan(v)) {
        snprintf(buf, size, "n/a");
        return;
    }
    if (isinf(v)) {
        snprintf(buf, size, "%s", v > 0 ? "\xe2\x88\x9e" : "-\xe2\x88\x9e");
        return;
    }
    if (strcmp(u, "s") == 0) {
        if (a == 0 || (a >= 1 && a < 120))
            unit = "s";
        else if (a < 1)
            scale = 1e-3, unit = "ms";
        else if (a < 3 * 3600)
            scale = 60, unit = "min";
        else
            scale = 3600, unit = "h";
    } else if (strcmp(u, "ratio") == 0) {
        /* a level near 1 needs its nines (99.908%); a difference does not */
        scale = 0.01, unit = "%", prec = a >= 0.5 ? 5 : 3;
    } else if (strcmp(u, "USD") == 0) {
        snprintf(buf, size, "%s%.2f", with_unit ? "$" : "", v);
        plot_group_thousands(buf, size);
        return;
    } else if (strcmp(u, "count") == 0) {
        unit = "";
        prec = a >= 1000 ? 6 : 3;
    }
    double x = v / scale;
    if (fabs(x) >= pow(10, prec)) /* %g would switch to 1.2e+03 */
        prec = 0;
    char num[40];
    snprintf(num, sizeof num, prec ? "%.*g" : "%.*f", prec, x);
    if (strcmp(u, "count") == 0) /* 45,992 lost writes */
        plot_group_thousands(num, sizeof num);
    if (with_unit && unit[0])
        snprintf(buf, size, "%s%s%s", num, strcmp(unit, "%") ? " " : "", unit);
    else
        snprintf(buf, size, "%s", num);
}

/* "mean (ci_low-ci_high)", or why there is no number. */
static void cell(char *buf, size_t size, const struct summary_strategy *st, enum metric m)
{
    const struct sim_summary *s = &st->metric[m];
    if (m == METRIC_RTO_CENSORED && s->n > 0) {
        snprintf(buf, size, "%d of %d incidents", st->rto_censored, st->incidents);
        return;
    }
    if (s->n == 0) {
        snprintf(buf, size, "%s",
                 m == METRIC_RTO && st->rto_censored ? "censored (never recovered)" : "n/a");
        return;
    }
    char a[64], b[64], c[64];
    doc_human(a, sizeof a, m, s->mean, s->mean, true);
    doc_human(b, sizeof b, m, s->ci_low, s->mean, false);
    doc_human(c, sizeof c, m, s->ci_high, s->mean, false);
    if (s->n < 2 || strcmp(b, c) == 0)
        snprintf(buf, size, "%s", a);
    else
        snprintf(buf, size, "%s (%s\xe2\x80\x93%s)", a, b, c);
}

static void target_text(char *buf, size_t size, struct sim_opt_time t)
{
    if (!t.set)
        snprintf(buf, size, "none");
    else if (t.v == 0)
        snprintf(buf, size, "0 (no loss)");
    else
        sim_time_format(t.v, buf, size);
}

/* A metric gets a table row when any strategy has an observation of it (or,
 * for RTO, only censored incidents). */
static bool metric_shown(const struct summary *r, enum metric m)
{
    for (int i = 0; i < r->n_strategies; i++)
        if (r->strategy[i].metric[m].n > 0 || (m == METRIC_RTO && r->strategy[i].rto_censored))
            return true;
    return false;
}

static bool phase_ran(const struct summary *r, int p)
{
    for (int i = 0; i < r->n_strategies; i++)
        if (!isnan(r->strategy[i].phase_end_s[p]))
            return true;
    return false;
}

/* Enough for the verdict: every strategy's label, a comma each, and the rest. */
#define PARA_MAX_SPANS (2 * SCENARIO_MAX_STRATEGIES + 8)

/* Writes the spans of s meant for d's format as one paragraph, if any. */
void doc_para(struct doc *d, const char *cls, const struct doc_span *s, int n)
{
    struct doc_span kept[PARA_MAX_SPANS];
    int k = 0;
    for (int i = 0; i < n && k < PARA_MAX_SPANS; i++)
        if (s[i].only == 0 || (s[i].only & d->be->format))
            kept[k++] = s[i];
    if (k > 0)
        d->be->paragraph(d, cls, kept, k);
}

void doc_para_text(struct doc *d, const char *cls, const char *text)
{
    const struct doc_span s = {DOC_PLAIN, text, 0};
    doc_para(d, cls, &s, 1);
}

/* The verdict: who meets every target, and the cheapest that does. */
static void verdict(struct doc *d, const struct summary *r)
{
    struct doc_span v[PARA_MAX_SPANS];
    int n = 0;
    if (!doc_targets_shown(r)) {
        if (r->cheapest < 0) {
            doc_para_text(d, "verdict", "No targets are set.");
            return;
        }
        v[n++] = (struct doc_span){DOC_PLAIN, "No targets are set; the cheapest strategy is ", 0};
        v[n++] = (struct doc_span){DOC_STRONG, strategy_label(r->strategy[r->cheapest].kind), 0};
        v[n++] = (struct doc_span){DOC_PLAIN, ".", 0};
        doc_para(d, "verdict", v, n);
        return;
    }
    int met = 0;
    for (int i = 0; i < r->n_strategies; i++)
        met += r->strategy[i].meets;
    if (met == 0) {
        v[n++] = (struct doc_span){DOC_STRONG, "No strategy is shown to meet every target", 0};
        v[n++] = (struct doc_span){DOC_PLAIN, " (see Targets: a verdict may be undecided).", 0};
        doc_para(d, "verdict", v, n);
        return;
    }
    v[n++] = (struct doc_span){DOC_PLAIN, "Meets every target: ", 0};
    for (int i = 0, k = 0; i < r->n_strategies; i++)
        if (r->strategy[i].meets) {
            if (k++)
                v[n++] = (struct doc_span){DOC_PLAIN, ", ", 0};
            v[n++] = (struct doc_span){DOC_PLAIN, strategy_label(r->strategy[i].kind), 0};
        }
    char cost[64];
    const struct summary_strategy *c = &r->strategy[r->cheapest];
    doc_human(cost, sizeof cost, METRIC_COST_MONTH, c->metric[METRIC_COST_MONTH].mean, 0, true);
    v[n++] = (struct doc_span){DOC_PLAIN, ". The cheapest that does: ", 0};
    v[n++] = (struct doc_span){DOC_STRONG, strategy_label(c->kind), 0};
    v[n++] = (struct doc_span){DOC_PLAIN, ", ", 0};
    v[n++] = (struct doc_span){DOC_PLAIN, cost, 0};
    v[n++] = (struct doc_span){DOC_PLAIN, " per month.", 0};
    doc_para(d, "verdict", v, n);
}

/* With a business block: the strategy with the lowest total cost per year
 * (12 months of the bill and the outages' cost), with its interval. */
static void total_cost_verdict(struct doc *d, const struct summary *r)
{
    int best = -1;
    for (int i = 0; i < r->n_strategies; i++) {
        const struct sim_summary *t = &r->strategy[i].metric[METRIC_TOTAL_COST_YEAR];
        if (t->n > 0 &&
            (best < 0 || t->mean < r->strategy[best].metric[METRIC_TOTAL_COST_YEAR].mean))
            best = i;
    }
    if (best < 0)
        return;
    const struct sim_summary *t = &r->strategy[best].metric[METRIC_TOTAL_COST_YEAR];
    char mean[64], lo[64], hi[64], tail[320];
    doc_human(mean, sizeof mean, METRIC_TOTAL_COST_YEAR, t->mean, 0, true);
    doc_human(lo, sizeof lo, METRIC_TOTAL_COST_YEAR, t->ci_low, 0, false);
    doc_human(hi, sizeof hi, METRIC_TOTAL_COST_YEAR, t->ci_high, 0, false);
    snprintf(tail, sizeof tail, ", %s per year (95%% CI %s to %s), the bill and the outages' cost.",
             mean, lo, hi);
    const struct doc_span v[] = {
        {DOC_PLAIN, "Lowest total cost: ", 0},
        {DOC_STRONG, strategy_label(r->strategy[best].kind), 0},
        {DOC_PLAIN, tail, 0},
    };
    doc_para(d, "verdict", v, 3);
}

/* The header row: the row labels' title, then one column per strategy. */
void doc_table_head(struct doc_table *t, const struct summary *r, const char *first)
{
    t->cols = 1 + r->n_strategies;
    t->rows = 0;
    snprintf(t->head[0], sizeof t->head[0], "%s", first);
    for (int i = 0; i < r->n_strategies; i++)
        snprintf(t->head[1 + i], sizeof t->head[1 + i], "%s", strategy_label(r->strategy[i].kind));
}

static int section_metrics(struct doc *d, const struct summary *r, unsigned formats)
{
    (void)formats;
    static const char censored[] = "An RTO is ";
    static const char never[] = " when recovery never held before the next incident or the "
                                "end of the run";
    const struct doc_span note[] = {
        {DOC_PLAIN, "Mean over replications with its 95% confidence interval (Student t).", 0},
        {DOC_PLAIN, " ", DOC_HTML},
        {DOC_PLAIN, censored, DOC_HTML},
        {DOC_EM, "censored", DOC_HTML},
        {DOC_PLAIN, never, DOC_HTML},
        {DOC_PLAIN, ".", DOC_HTML}};
    doc_para(d, "note", note, sizeof note / sizeof note[0]);
    struct doc_table t;
    doc_table_head(&t, r, "metric");
    for (int m = 0; m < METRIC_COUNT; m++) {
        if (!metric_shown(r, (enum metric)m) ||
            (m >= METRIC_COST_COMPUTE && m <= METRIC_COST_DNS)) /* in "The bill" */
            continue;
        struct doc_cell *row = t.cell[t.rows++];
        snprintf(row[0].text, sizeof row[0].text, "%s", metric_name(m));
        row[0].tone = DOC_TONE_NONE;
        for (int i = 0; i < r->n_strategies; i++) {
            cell(row[1 + i].text, sizeof row[1 + i].text, &r->strategy[i], (enum metric)m);
            row[1 + i].tone = DOC_TONE_NONE;
        }
    }
    d->be->table(d, &t);
    const struct doc_span after[] = {
        {DOC_PLAIN, censored, DOC_MD},      {DOC_EM, "censored", DOC_MD},
        {DOC_PLAIN, never, DOC_MD},         {DOC_PLAIN, "; it is counted in ", DOC_MD},
        {DOC_CODE, "rto_censored", DOC_MD}, {DOC_PLAIN, ", not averaged.", DOC_MD}};
    doc_para(d, NULL, after, sizeof after / sizeof after[0]);
    return 0;
}

static int section_runbook(struct doc *d, const struct summary *r, unsigned formats)
{
    (void)formats;
    doc_para_text(d, "note", "Mean time from the failure to the end of each phase.");
    struct doc_table t;
    doc_table_head(&t, r, "phase");
    for (int p = 0; p < PHASE_COUNT; p++) {
        if (!phase_ran(r, p))
            continue;
        struct doc_cell *row = t.cell[t.rows++];
        snprintf(row[0].text, sizeof row[0].text, "%s", phase_name(p));
        row[0].tone = DOC_TONE_NONE;
        for (int i = 0; i < r->n_strategies; i++) {
            double v = r->strategy[i].phase_end_s[p];
            if (isnan(v))
                snprintf(row[1 + i].text, sizeof row[1 + i].text, "-");
            else
                sim_time_format(sim_time_from_sec(v), row[1 + i].text, sizeof row[1 + i].text);
            row[1 + i].tone = DOC_TONE_NONE;
        }
    }
    d->be->table(d, &t);
    return 0;
}

static int section_charts(struct doc *d, const struct summary *r, unsigned formats)
{
    char absent[1024] = "";
    size_t used = 0;
    for (int c = 0; c < PLOT_CHART_COUNT; c++) {
        if (!plot_chart_applies(r, (enum plot_chart)c)) {
            used += (size_t)snprintf(absent + used, used < sizeof absent ? sizeof absent - used : 0,
                                     "%s%s (%s)", used ? "; " : "Not drawn, as they do not apply: ",
                                     plot_chart_caption(c), plot_chart_absent_reason(c));
            continue;
        }
        int rc = d->be->chart(d, r, (enum plot_chart)c, formats);
        if (rc != 0)
            return rc;
    }
    if (used > 0 && used < sizeof absent - 1) {
        absent[used] = '.';
        absent[used + 1] = '\0';
    }
    if (used > 0)
        doc_para_text(d, "note", absent);
    return 0;
}

/* What the results are made from (what --resume compares): the version,
 * every input file with its SHA-256 (checkable with sha256sum), the seed. */
static void provenance(struct doc *d, const struct scenario *s)
{
    struct doc_span v[5 * SCENARIO_MAX_INPUTS + 3];
    char tail[96];
    int n = 0;
    v[n++] = (struct doc_span){DOC_PLAIN, "Made by regionsim " REGIONSIM_VERSION " from ", 0};
    for (int i = 0; i < s->n_inputs; i++) {
        if (i)
            v[n++] = (struct doc_span){DOC_PLAIN, " and ", 0};
        v[n++] = (struct doc_span){DOC_CODE, s->inputs[i].file, 0};
        v[n++] = (struct doc_span){DOC_PLAIN, " (SHA-256 ", 0};
        v[n++] = (struct doc_span){DOC_CODE, s->inputs[i].sha256, 0};
        v[n++] = (struct doc_span){DOC_PLAIN, ")", 0};
    }
    snprintf(tail, sizeof tail, ", seed %" PRIu64 ".", s->seed);
    v[n++] = (struct doc_span){DOC_PLAIN, tail, 0};
    v[n++] = (struct doc_span){DOC_PLAIN,
                               " Machine-readable results: summary.csv, summary.json, runs.csv, "
                               "incidents.csv, timeline.csv beside this file.",
                               DOC_HTML};
    doc_para(d, "note", v, n);
}

static int section_reproduce(struct doc *d, const struct summary *r, unsigned formats)
{
    (void)formats;
    d->be->code(d, "sh", r->command[0] ? r->command : "regionsim run");
    provenance(d, r->scenario);
    return 0;
}

/* The sections after the opening, in order. */
static const struct {
    const char *title;
    int (*write)(struct doc *d, const struct summary *r, unsigned formats);
    bool charts;                            /* shown only when the back-end shows charts */
    bool (*shown)(const struct summary *r); /* NULL: always */
} sections[] = {
    {"Targets", doc_section_targets, false, doc_targets_shown},
    {"Strategies against every metric", section_metrics, false, NULL},
    {"Paired differences", doc_section_comparisons, false, doc_comparisons_shown},
    {"The bill", doc_section_bill, false, NULL},
    {"Runbook of the first incident", section_runbook, false, NULL},
    {"Charts", section_charts, true, NULL},
    {"Assumptions", doc_section_assumptions, false, NULL},
    {"Reproduce", section_reproduce, false, NULL},
};

/* Title, description, what was simulated, and the verdict. */
static void opening(struct doc *d, const struct summary *r)
{
    const struct scenario *s = r->scenario;
    char buf[SCENARIO_NAME_MAX + 64], t1[64], t2[64], t3[64];
    snprintf(buf, sizeof buf, "%s: disaster-recovery comparison", s->name);
    d->be->heading(d, 1, buf);
    if (s->description[0])
        doc_para_text(d, NULL, s->description);
    sim_time_format(s->horizon, t1, sizeof t1);
    target_text(t2, sizeof t2, s->report.rto_target);
    target_text(t3, sizeof t3, s->report.rpo_target);
    char t4[32] = "none", line[512];
    if (s->report.availability_target.set)
        doc_human(t4, sizeof t4, METRIC_AVAILABILITY, s->report.availability_target.v, 0, true);
    snprintf(line, sizeof line,
             "%d replication%s of %s per strategy, seed %" PRIu64
             ". Targets: RTO %s, RPO %s, availability %s.",
             s->replications, s->replications == 1 ? "" : "s", t1, s->seed, t2, t3, t4);
    doc_para_text(d, NULL, line);
    verdict(d, r);
    total_cost_verdict(d, r);
}

int doc_write(const struct summary *r, unsigned formats, const struct doc_backend *be, FILE *f)
{
    struct doc d = {.f = f, .be = be, .blocks = 0};
    be->begin(&d, r->scenario->name);
    opening(&d, r);
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
        if ((sections[i].charts && !be->charts_shown(formats)) ||
            (sections[i].shown && !sections[i].shown(r)))
            continue;
        be->heading(&d, 2, sections[i].title);
        int rc = sections[i].write(&d, r, formats);
        if (rc != 0)
            return rc;
    }
    be->end(&d);
    return ferror(f) ? SIM_EIO : 0;
}

int report_write_markdown(const struct summary *r, FILE *f, unsigned formats)
{
    return doc_write(r, formats, &doc_markdown, f);
}

int report_write_html(const struct summary *r, FILE *f)
{
    return doc_write(r, 0, &doc_html, f);
}
