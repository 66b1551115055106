/* The machine-readable results: summary.csv (the DESIGN section 7 contract),
 * summary.json, runs.csv and timeline.csv. Invariant: the same report gives
 * the same bytes (no clock, no thread count, no path), and a value that does
 * not apply is left out (summary) or empty (runs, timeline), never 0. */
#include "models/annual.h"
#include "plots/plot.h"
#include "plots/report.h"
#include "scenarios/effective.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char report_summary_header[] =
    "scenario,strategy,metric,unit,mean,ci95_low,ci95_high,p50,p95,min,max,n\n";

/* A CSV text field: quoted when it holds a comma, quote or line break. A
 * cell that a spreadsheet would run as a formula (=, +, -, @, tab or CR
 * first) is quoted behind a ' as OWASP recommends; numbers never come here,
 * so a negative number stays a number. */
void report_csv_str(FILE *f, const char *s)
{
    bool formula = s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL;
    if (!formula && strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, f);
        return;
    }
    fputs(formula ? "\"'" : "\"", f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

void report_fmt_num(char *buf, size_t size, double v, bool json)
{
    if (isnan(v) || isinf(v))
        snprintf(buf, size, "%s", json ? "null" : "");
    else if (v == 0)
        snprintf(buf, size, "0"); /* never "-0" */
    else
        snprintf(buf, size, "%.10g", v);
}

static void num(FILE *f, double v, bool json)
{
    char buf[40];
    report_fmt_num(buf, sizeof buf, v, json);
    fputs(buf, f);
}

static int finish(FILE *f)
{
    return ferror(f) ? SIM_EIO : 0;
}

int report_write_summary_csv(const struct summary *r, FILE *f, bool header)
{
    if (header)
        fputs(report_summary_header, f);
    for (int i = 0; i < r->n_strategies; i++) {
        const struct summary_strategy *st = &r->strategy[i];
        for (int m = 0; m < METRIC_COUNT; m++) {
            const struct sim_summary *s = &st->metric[m];
            if (s->n == 0)
                continue;
            report_csv_str(f, r->scenario->name);
            report_write_metric_row(f, st->kind, (enum metric)m, s);
        }
    }
    return finish(f);
}

void report_write_metric_row(FILE *f, int kind, enum metric m, const struct sim_summary *s)
{
    fprintf(f, ",%s,%s,%s", strategy_key(kind), metric_name(m), metric_unit(m));
    const double v[] = {s->mean, s->ci_low, s->ci_high, s->p50, s->p95, s->min, s->max};
    for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
        fputc(',', f);
        num(f, v[k], false);
    }
    fprintf(f, ",%zu\n", s->n);
}

/* A JSON string with the escapes RFC 8259 requires. */
static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", f);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

static void json_target(FILE *f, const char *key, struct sim_opt_time t, bool last)
{
    fprintf(f, "    \"%s\": ", key);
    if (!t.set)
        fputs("null", f);
    else
        num(f, sim_time_to_sec(t.v), true);
    fputs(last ? "\n" : ",\n", f);
}

/* "verdicts": {"rto": {...}, "rpo": {...}, "availability": {...}}, each
 * null when its target is not set. */
static void json_verdicts(FILE *f, const struct summary_strategy *st)
{
    fputs("      \"verdicts\": {", f);
    for (int t = 0; t < SUMMARY_TARGET_COUNT; t++) {
        const struct verdict_result *v = &st->verdict[t];
        fprintf(f, "%s\n        \"%s\": ", t ? "," : "", summary_target_name(t));
        if (v->verdict == VERDICT_NONE) {
            fputs("null", f);
            continue;
        }
        const char *keys[] = {"quantile",      "estimate",       "ci95_low",       "ci95_high",
                              "share_meeting", "share_ci95_low", "share_ci95_high"};
        const double x[] = {v->quantile, v->estimate, v->ci_low,  v->ci_high,
                            v->share,    v->share_lo, v->share_hi};
        fputc('{', f);
        for (size_t k = 0; k < sizeof x / sizeof x[0]; k++) {
            fprintf(f, "\"%s\": ", keys[k]);
            num(f, x[k], true);
            fputs(", ", f);
        }
        fprintf(f, "\"n\": %d, \"verdict\": \"%s\", \"replications_to_decide\": ", v->n,
                verdict_name(v->verdict));
        if (st->runs_to_decide[t] > 0)
            fprintf(f, "%ld}", st->runs_to_decide[t]);
        else
            fputs("null}", f);
    }
    fputs("\n      },\n", f);
}

/* "comparisons": every paired difference a - b, one object a line. */
static void json_comparisons(FILE *f, const struct summary *r)
{
    fputs("  \"comparisons\": [", f);
    for (int i = 0; i < r->n_comparisons; i++) {
        const struct summary_comparison *c = &r->comparisons[i];
        fprintf(f, "%s\n    {\"metric\": \"%s\", \"a\": \"%s\", \"b\": \"%s\", \"mean_diff\": ",
                i ? "," : "", metric_name(c->metric), strategy_key(r->strategy[c->a].kind),
                strategy_key(r->strategy[c->b].kind));
        num(f, c->diff.mean, true);
        fputs(", \"ci95_low\": ", f);
        num(f, c->diff.ci_low, true);
        fputs(", \"ci95_high\": ", f);
        num(f, c->diff.ci_high, true);
        fprintf(f, ", \"n\": %zu}", c->diff.n);
    }
    fputs(r->n_comparisons ? "\n  ],\n" : "],\n", f);
}

struct json_params {
    FILE *f;
    int n;
};

static void json_param(const struct scenario_param *p, void *ctx)
{
    struct json_params *c = ctx;
    fputs(c->n++ ? ",\n    {\"key\": " : "\n    {\"key\": ", c->f);
    json_str(c->f, p->key);
    fputs(", \"value\": ", c->f);
    json_str(c->f, p->value);
    fprintf(c->f, ", \"default\": %s, \"source\": ", p->is_default ? "true" : "false");
    if (p->source)
        json_str(c->f, p->source);
    else
        fputs("null", c->f);
    fputc('}', c->f);
}

/* "parameters": every effective parameter (scenarios/effective.h). */
static void json_parameters(FILE *f, const struct summary *r)
{
    const char *names[SCENARIO_MAX_STRATEGIES] = {0};
    for (int k = 0; k < strategy_count() && k < SCENARIO_MAX_STRATEGIES; k++)
        names[k] = strategy_key(k);
    struct json_params c = {f, 0};
    fputs("  \"parameters\": [", f);
    scenario_params(r->scenario, names, strategy_key_applies, json_param, &c);
    fputs(c.n ? "\n  ],\n" : "],\n", f);
}

int report_write_provenance(const struct scenario *s, FILE *f)
{
    fputs("  \"provenance\": {\n    \"version\": \"" REGIONSIM_VERSION "\",\n    \"inputs\": [", f);
    for (int i = 0; i < s->n_inputs; i++) {
        fputs(i ? ",\n      {\"file\": " : "\n      {\"file\": ", f);
        json_str(f, s->inputs[i].file);
        fprintf(f, ", \"sha256\": \"%s\"}", s->inputs[i].sha256);
    }
    fprintf(f, "%s],\n    \"scenario_sha256\": \"%s\",\n", s->n_inputs ? "\n    " : "", s->digest);
    fprintf(f, "    \"seed\": %" PRIu64 ",\n    \"replications\": %d,\n    \"formats\": [", s->seed,
            s->replications);
    static const char *const names[] = {"png", "svg", "pdf"};
    for (int i = 0, n = 0; i < 3; i++)
        if (s->report.formats & (1u << i))
            fprintf(f, "%s\"%s\"", n++ ? ", " : "", names[i]);
    fputs("]\n  },\n", f);
    return finish(f);
}

/* Year-long runs (models/annual.h): each replication's per-year figures,
 * in replication order, as ",\n      "per_year": {KEY: [...], ...}". */
static void json_per_year(FILE *f, const struct summary *r, const struct summary_strategy *st)
{
    if (!annual_applies(r->scenario))
        return;
    double *v = malloc((size_t)st->runs * sizeof *v);
    if (!v)
        return;
    fputs(",\n      \"per_year\": {", f);
    for (int a = 0; a < ANNUAL_COUNT; a++) {
        int n = annual_values(r, st->kind, (enum annual)a, v, st->runs);
        fprintf(f, "%s\n        \"%s\": [", a ? "," : "", annual_key((enum annual)a));
        for (int i = 0; i < n; i++) {
            fputs(i ? ", " : "", f);
            num(f, v[i], true);
        }
        fputs("]", f);
    }
    fputs("\n      }", f);
    free(v);
}

/* "targets": {"rto_s", "rpo_s", "availability", "quantile"}, null for an absent target. */
static void json_targets(FILE *f, const struct scenario_report *rep)
{
    fputs("  \"targets\": {\n", f);
    json_target(f, "rto_s", rep->rto_target, false);
    json_target(f, "rpo_s", rep->rpo_target, false);
    fputs("    \"availability\": ", f);
    num(f, rep->availability_target.set ? rep->availability_target.v : NAN, true);
    fputs(",\n    \"quantile\": ", f);
    num(f, rep->target_quantile, true);
    fputs("\n", f);
    fputs("  },\n", f);
}

/* "metrics": {NAME: {unit, mean, ci95_low, ..., n}} of the metrics that apply to st. */
static void json_metrics(FILE *f, const struct summary_strategy *st)
{
    fputs("      \"metrics\": {", f);
    bool first = true;
    for (int m = 0; m < METRIC_COUNT; m++) {
        const struct sim_summary *x = &st->metric[m];
        if (x->n == 0)
            continue;
        fprintf(f, "%s\n        \"%s\": {\"unit\": \"%s\"", first ? "" : ",", metric_name(m),
                metric_unit(m));
        first = false;
        const char *keys[] = {"mean", "ci95_low", "ci95_high", "p50", "p95", "min", "max"};
        const double v[] = {x->mean, x->ci_low, x->ci_high, x->p50, x->p95, x->min, x->max};
        for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
            fprintf(f, ", \"%s\": ", keys[k]);
            num(f, v[k], true);
        }
        fprintf(f, ", \"n\": %zu}", x->n);
    }
    fputs(first ? "}" : "\n      }", f);
}

/* One object of "strategies", preceded by a comma unless first. */
static void json_strategy(FILE *f, const struct summary *r, const struct summary_strategy *st,
                          bool first)
{
    fprintf(f, "%s\n    {\n      \"strategy\": \"%s\",\n      \"label\": ", first ? "" : ",",
            strategy_key(st->kind));
    json_str(f, strategy_label(st->kind));
    fprintf(f, ",\n      \"runs\": %d,\n      \"incidents\": %d,\n      \"rto_censored\": %d,\n",
            st->runs, st->incidents, st->rto_censored);
    fprintf(f, "      \"absorbed_failures\": %d,\n      \"false_alarms\": %d,\n",
            st->absorbed_failures, st->false_alarms);
    json_verdicts(f, st);
    fprintf(f, "      \"meets_targets\": %s,\n", st->meets ? "true" : "false");
    json_metrics(f, st);
    json_per_year(f, r, st);
    fputs("\n    }", f);
}

/* Shape (documented in the README):
 * { "provenance": { "version", "inputs": [{"file", "sha256"}], "seed",
 *   "replications", "formats" }, "charts": [name] (drawn in each format), "seed", "replications",
 * "scenario", "description", "horizon_s", "targets": {"rto_s", "rpo_s"} (null: none),
 *   "cheapest_meeting_targets": key or null,
 *   "parameters": [ { "key", "value", "default" (bool), "source" } ],
 *   "comparisons": [ { "metric", "a", "b", "mean_diff", "ci95_low",
 *       "ci95_high", "n" } ] (a - b paired by replication),
 *   "strategies": [ { "strategy", "label", "runs", "incidents",
 *       "rto_censored", "absorbed_failures", "false_alarms", "verdicts": { "rto",
 *       "rpo", "availability": null (no target) or { "quantile", "estimate",
 *       "ci95_low", "ci95_high", "share_meeting", "share_ci95_low",
 *       "share_ci95_high", "n", "verdict", "replications_to_decide" } },
 *       "meets_targets", "metrics": { NAME: { "unit", "mean", "ci95_low",
 *       "ci95_high", "p50", "p95", "min", "max", "n" } },
 *       "per_year" (horizons of 30 days or more): { "unavailable_hours",
 *       "downtime_hours", "lost_writes", "incidents": [one per replication] } } ] }
 * Metrics that do not apply are absent. */
int report_write_summary_json(const struct summary *r, FILE *f)
{
    const struct scenario *s = r->scenario;
    /* what --resume compares comes first, before any free text */
    fputs("{\n", f);
    report_write_provenance(s, f);
    /* the charts drawn (those that apply), in each format of provenance */
    fputs("  \"charts\": [", f);
    for (int c = 0, n = 0; c < PLOT_CHART_COUNT; c++)
        if (s->report.formats && plot_chart_applies(r, (enum plot_chart)c))
            fprintf(f, "%s\"%s\"", n++ ? ", " : "", plot_chart_file((enum plot_chart)c));
    fputs("],\n", f);
    fprintf(f, "  \"seed\": %" PRIu64 ",\n  \"replications\": %d,\n", s->seed, s->replications);
    fputs("  \"scenario\": ", f);
    json_str(f, s->name);
    fputs(",\n  \"description\": ", f);
    json_str(f, s->description);
    fputs(",\n", f);
    fputs("  \"horizon_s\": ", f);
    num(f, sim_time_to_sec(s->horizon), true);
    fputs(",\n", f);
    json_targets(f, &s->report);
    fputs("  \"cheapest_meeting_targets\": ", f);
    if (r->cheapest >= 0)
        json_str(f, strategy_key(r->strategy[r->cheapest].kind));
    else
        fputs("null", f);
    fputs(",\n", f);
    json_parameters(f, r);
    json_comparisons(f, r);
    fputs("  \"strategies\": [", f);
    for (int i = 0; i < r->n_strategies; i++)
        json_strategy(f, r, &r->strategy[i], i == 0);
    fputs("\n  ]\n}\n", f);
    return finish(f);
}

/* runs.csv column of metric m: its name, with the unit appended when the
 * unit is a dimension (s, ms, USD). */
static void metric_column(FILE *f, enum metric m)
{
    const char *u = metric_unit(m);
    fprintf(f, ",%s", metric_name(m));
    if (strcmp(u, "count") != 0 && strcmp(u, "ratio") != 0) {
        fputc('_', f);
        for (; *u; u++)
            fputc(*u >= 'A' && *u <= 'Z' ? *u - 'A' + 'a' : *u, f);
    }
}

int report_write_runs_csv(const struct summary *r, FILE *f)
{
    fputs("scenario,strategy,replication", f);
    for (int m = 0; m < METRIC_COUNT; m++)
        metric_column(f, (enum metric)m);
    fputs(",requests,successes", f);
    for (int c = 0; c < CAUSE_COUNT; c++)
        fprintf(f, ",failed_%s", cause_name(c));
    fputs(",incidents,events\n", f);
    for (int i = 0; i < r->n_strategies; i++) {
        /* replication order within each strategy, whatever the order of runs[] */
        int max_rep = -1;
        for (size_t k = 0; k < r->n_runs; k++)
            if (r->runs[k].strategy == r->strategy[i].kind && r->runs[k].replication > max_rep)
                max_rep = r->runs[k].replication;
        for (int rep = 0; rep <= max_rep; rep++)
            for (size_t k = 0; k < r->n_runs; k++) {
                const struct run_record *run = &r->runs[k];
                if (run->strategy != r->strategy[i].kind || run->replication != rep)
                    continue;
                report_csv_str(f, r->scenario->name);
                fprintf(f, ",%s,%d", strategy_key(run->strategy), run->replication);
                for (int m = 0; m < METRIC_COUNT; m++) {
                    fputc(',', f);
                    num(f, run->metric[m], false);
                }
                fprintf(f, ",%" PRId64 ",%" PRId64, run->requests, run->successes);
                for (int c = 0; c < CAUSE_COUNT; c++)
                    fprintf(f, ",%" PRId64, run->failed[c]);
                fprintf(f, ",%d,%" PRIu64 "\n", run->incidents_total, run->events);
            }
    }
    return finish(f);
}

static void timeline_rows(const struct summary *r, FILE *f, const struct summary_strategy *st,
                          bool incident)
{
    int points = incident ? RESULTS_INCIDENT_POINTS : r->timeline_points;
    for (int se = 0; se < SUMMARY_SERIES_COUNT; se++)
        for (int t = 0; t < points; t++) {
            const struct summary_point *p = incident ? &st->incident[se][t] : &st->timeline[se][t];
            if (p->n == 0)
                continue;
            double t_min =
                incident ? (double)(t - RESULTS_INCIDENT_BEFORE) : t * r->timeline_step_s / 60.0;
            report_csv_str(f, r->scenario->name);
            fprintf(f, ",%s,%s,%s,%s,", strategy_key(st->kind), incident ? "incident" : "horizon",
                    summary_series_name(se), summary_series_unit(se));
            num(f, t_min, false);
            const double v[] = {p->mean, p->lo, p->hi};
            for (size_t k = 0; k < 3; k++) {
                fputc(',', f);
                num(f, v[k], false);
            }
            fprintf(f, ",%d\n", p->n);
        }
}

/* window "horizon": t_min from the start of the run; "incident": minutes
 * from the first failure of each run. */
int report_write_timeline_csv(const struct summary *r, FILE *f)
{
    fputs("scenario,strategy,window,series,unit,t_min,mean,ci95_low,ci95_high,n\n", f);
    for (int i = 0; i < r->n_strategies; i++) {
        timeline_rows(r, f, &r->strategy[i], false);
        timeline_rows(r, f, &r->strategy[i], true);
    }
    return finish(f);
}
