/* The human-readable report of one scenario: report.md and a self-contained
 * report.html (inline CSS and SVG charts, no script, nothing fetched). Both
 * say the same things in the same order: what was simulated, which strategies
 * meet the targets and the cheapest that does, every metric with its 95% CI,
 * the runbook, the charts, and the command that reproduces it. */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plots/plot.h"
#include "plots/report.h"

/* v in a human unit chosen from ref (the mean): "12.3 min"; with_unit false
 * writes the number alone, in the same unit. */
static void human(char *buf, size_t size, enum metric m, double v, double ref, bool with_unit)
{
    const char *u = metric_unit(m);
    double a = fabs(ref), scale = 1;
    const char *unit = u;
    int prec = 3;
    if (isnan(v)) {
        snprintf(buf, size, "n/a");
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
        scale = 0.01, unit = "%", prec = 5;
    } else if (strcmp(u, "USD") == 0) {
        snprintf(buf, size, "%s%.2f", with_unit ? "$" : "", v);
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
    if (with_unit && unit[0])
        snprintf(buf, size, "%s%s%s", num, strcmp(unit, "%") ? " " : "", unit);
    else
        snprintf(buf, size, "%s", num);
}

/* "mean (ci_low-ci_high)", or why there is no number. */
static void cell(char *buf, size_t size, const struct report_strategy *st, enum metric m)
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
    human(a, sizeof a, m, s->mean, s->mean, true);
    human(b, sizeof b, m, s->ci_low, s->mean, false);
    human(c, sizeof c, m, s->ci_high, s->mean, false);
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

static const char *yes_no(int v)
{
    return v < 0 ? "no target" : v ? "yes" : "**no**";
}

/* The verdict sentence shared by both formats (plain text, markdown bold). */
static void verdict(const struct report *r, char *buf, size_t size, bool md)
{
    const struct scenario *s = r->scenario;
    const char *b = md ? "**" : "";
    size_t len = 0;
    if (!s->report.rto_target.set && !s->report.rpo_target.set) {
        if (r->cheapest >= 0)
            snprintf(buf, size, "No targets are set; the cheapest strategy is %s%s%s.", b,
                     strategy_label(r->strategy[r->cheapest].kind), b);
        else
            snprintf(buf, size, "No targets are set.");
        return;
    }
    len += (size_t)snprintf(buf + len, size - len, "Meets every target: ");
    int met = 0;
    for (int i = 0; i < r->n_strategies && len < size; i++)
        if (r->strategy[i].meets)
            len += (size_t)snprintf(buf + len, size - len, "%s%s", met++ ? ", " : "",
                                    strategy_label(r->strategy[i].kind));
    if (len >= size)
        return;
    if (met == 0) {
        snprintf(buf, size, "%sNo strategy meets every target.%s", b, b);
        return;
    }
    char cost[64];
    const struct report_strategy *c = &r->strategy[r->cheapest];
    human(cost, sizeof cost, METRIC_COST_MONTH, c->metric[METRIC_COST_MONTH].mean, 0, true);
    snprintf(buf + len, size - len, ". The cheapest that does: %s%s%s, %s per month.", b,
             strategy_label(c->kind), b, cost);
}

/* A metric gets a table row when any strategy has an observation of it (or,
 * for RTO, only censored incidents). */
static bool metric_shown(const struct report *r, enum metric m)
{
    for (int i = 0; i < r->n_strategies; i++)
        if (r->strategy[i].metric[m].n > 0 || (m == METRIC_RTO && r->strategy[i].rto_censored))
            return true;
    return false;
}

static bool phase_ran(const struct report *r, int p)
{
    for (int i = 0; i < r->n_strategies; i++)
        if (!isnan(r->strategy[i].phase_end_s[p]))
            return true;
    return false;
}

static const char *chart_ext(unsigned formats)
{
    if (formats & REPORT_FORMAT_PNG)
        return "png";
    if (formats & REPORT_FORMAT_SVG)
        return "svg";
    return NULL;
}

int report_write_markdown(const struct report *r, FILE *f, unsigned formats)
{
    const struct scenario *s = r->scenario;
    char buf[2048], t1[64], t2[64];
    fprintf(f, "# %s: disaster-recovery comparison\n\n", s->name);
    if (s->description[0])
        fprintf(f, "%s\n\n", s->description);
    sim_time_format(s->horizon, t1, sizeof t1);
    fprintf(f, "%d replication%s of %s per strategy, seed %" PRIu64 ". ", s->replications,
            s->replications == 1 ? "" : "s", t1, s->seed);
    target_text(t1, sizeof t1, s->report.rto_target);
    target_text(t2, sizeof t2, s->report.rpo_target);
    fprintf(f, "Targets: RTO %s, RPO %s.\n\n", t1, t2);
    verdict(r, buf, sizeof buf, true);
    fprintf(f, "%s\n\n## Strategies against every metric\n\n", buf);
    fputs("Mean over replications with its 95% confidence interval (Student t).\n\n", f);
    fputs("| metric |", f);
    for (int i = 0; i < r->n_strategies; i++)
        fprintf(f, " %s |", strategy_label(r->strategy[i].kind));
    fputs("\n|---|", f);
    for (int i = 0; i < r->n_strategies; i++)
        fputs("---|", f);
    fputc('\n', f);
    for (int m = 0; m < METRIC_COUNT; m++) {
        if (!metric_shown(r, (enum metric)m))
            continue;
        fprintf(f, "| %s |", metric_name(m));
        for (int i = 0; i < r->n_strategies; i++) {
            cell(buf, sizeof buf, &r->strategy[i], (enum metric)m);
            fprintf(f, " %s |", buf);
        }
        fputc('\n', f);
    }
    fputs("| meets RTO target |", f);
    for (int i = 0; i < r->n_strategies; i++)
        fprintf(f, " %s |", yes_no(r->strategy[i].meets_rto));
    fputs("\n| meets RPO target |", f);
    for (int i = 0; i < r->n_strategies; i++)
        fprintf(f, " %s |", yes_no(r->strategy[i].meets_rpo));
    fputs("\n\n", f);
    fputs("An RTO is *censored* when recovery never held before the next incident or the end of "
          "the run; it is counted in `rto_censored`, not averaged.\n\n",
          f);

    fputs("## Runbook of the first incident\n\nMean time from the failure to the end of each "
          "phase.\n\n| phase |",
          f);
    for (int i = 0; i < r->n_strategies; i++)
        fprintf(f, " %s |", strategy_label(r->strategy[i].kind));
    fputs("\n|---|", f);
    for (int i = 0; i < r->n_strategies; i++)
        fputs("---|", f);
    fputc('\n', f);
    for (int p = 0; p < PHASE_COUNT; p++) {
        if (!phase_ran(r, p))
            continue;
        fprintf(f, "| %s |", phase_name(p));
        for (int i = 0; i < r->n_strategies; i++) {
            double v = r->strategy[i].phase_end_s[p];
            if (isnan(v))
                fputs(" - |", f);
            else {
                sim_time_format(sim_time_from_sec(v), t1, sizeof t1);
                fprintf(f, " %s |", t1);
            }
        }
        fputc('\n', f);
    }
    const char *ext = chart_ext(formats);
    if (ext) {
        fputs("\n## Charts\n\n", f);
        for (int c = 0; c < PLOT_CHART_COUNT; c++)
            fprintf(f, "![%s](plots/%s.%s)\n\n%s\n\n", plot_chart_caption(c), plot_chart_file(c),
                    ext, plot_chart_guide(c));
    }
    fprintf(f, "## Reproduce\n\n```sh\n%s\n```\n", r->command[0] ? r->command : "regionsim run");
    fprintf(f, "\nScenario file hash (FNV-1a-64): `%016" PRIx64 "`.\n", s->file_hash);
    return ferror(f) ? SIM_EIO : 0;
}

static void html_str(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '&':
            fputs("&amp;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        default:
            fputc(*s, f);
        }
    }
}

static const char html_css[] =
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:1000px;"
    "margin:2em auto;padding:0 1em;color:#222;line-height:1.45}"
    "h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:1.8em;"
    "border-bottom:1px solid #ddd;padding-bottom:.2em}"
    "table{border-collapse:collapse;margin:.8em 0;font-size:.92em}"
    "th,td{border:1px solid #ccc;padding:.35em .6em;text-align:right}"
    "th:first-child,td:first-child{text-align:left}thead th{background:#f3f3f3}"
    ".no{color:#a31515;font-weight:bold}.yes{color:#1a6b35}"
    ".verdict{background:#f5f8fc;border-left:4px solid #0072b2;padding:.6em 1em}"
    "figure{margin:1.5em 0}figure svg{max-width:100%;height:auto;display:block}"
    "figcaption{color:#555;font-size:.9em}pre{background:#f4f4f4;padding:.8em;overflow-x:auto}"
    ".note{color:#555;font-size:.9em}";

int report_write_html(const struct report *r, FILE *f)
{
    const struct scenario *s = r->scenario;
    char buf[2048], t1[64], t2[64];
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          f);
    html_str(f, s->name);
    fprintf(f, " - regionsim report</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", html_css);
    html_str(f, s->name);
    fputs(": disaster-recovery comparison</h1>\n", f);
    if (s->description[0]) {
        fputs("<p>", f);
        html_str(f, s->description);
        fputs("</p>\n", f);
    }
    sim_time_format(s->horizon, t1, sizeof t1);
    fprintf(f, "<p>%d replication%s of %s per strategy, seed %" PRIu64 ". ", s->replications,
            s->replications == 1 ? "" : "s", t1, s->seed);
    target_text(t1, sizeof t1, s->report.rto_target);
    target_text(t2, sizeof t2, s->report.rpo_target);
    fprintf(f, "Targets: RTO %s, RPO %s.</p>\n<p class=\"verdict\">", t1, t2);
    verdict(r, buf, sizeof buf, false);
    html_str(f, buf);
    fputs("</p>\n<h2>Strategies against every metric</h2>\n<p class=\"note\">Mean over "
          "replications with its 95% confidence interval (Student t). An RTO is "
          "<em>censored</em> when recovery never held before the next incident or the end of "
          "the run.</p>\n<table>\n<thead><tr><th>metric</th>",
          f);
    for (int i = 0; i < r->n_strategies; i++) {
        fputs("<th>", f);
        html_str(f, strategy_label(r->strategy[i].kind));
        fputs("</th>", f);
    }
    fputs("</tr></thead>\n<tbody>\n", f);
    for (int m = 0; m < METRIC_COUNT; m++) {
        if (!metric_shown(r, (enum metric)m))
            continue;
        fprintf(f, "<tr><td>%s</td>", metric_name(m));
        for (int i = 0; i < r->n_strategies; i++) {
            cell(buf, sizeof buf, &r->strategy[i], (enum metric)m);
            fputs("<td>", f);
            html_str(f, buf);
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    for (int k = 0; k < 2; k++) {
        fprintf(f, "<tr><td>meets %s target</td>", k ? "RPO" : "RTO");
        for (int i = 0; i < r->n_strategies; i++) {
            int v = k ? r->strategy[i].meets_rpo : r->strategy[i].meets_rto;
            fprintf(f, "<td class=\"%s\">%s</td>", v == 0 ? "no" : "yes",
                    v < 0 ? "no target"
                    : v   ? "yes"
                          : "no");
        }
        fputs("</tr>\n", f);
    }
    fputs("</tbody>\n</table>\n", f);

    fputs("<h2>Runbook of the first incident</h2>\n<p class=\"note\">Mean time from the "
          "failure to the end of each phase.</p>\n<table>\n<thead><tr><th>phase</th>",
          f);
    for (int i = 0; i < r->n_strategies; i++) {
        fputs("<th>", f);
        html_str(f, strategy_label(r->strategy[i].kind));
        fputs("</th>", f);
    }
    fputs("</tr></thead>\n<tbody>\n", f);
    for (int p = 0; p < PHASE_COUNT; p++) {
        if (!phase_ran(r, p))
            continue;
        fprintf(f, "<tr><td>%s</td>", phase_name(p));
        for (int i = 0; i < r->n_strategies; i++) {
            double v = r->strategy[i].phase_end_s[p];
            if (isnan(v))
                snprintf(t1, sizeof t1, "-");
            else
                sim_time_format(sim_time_from_sec(v), t1, sizeof t1);
            fprintf(f, "<td>%s</td>", t1);
        }
        fputs("</tr>\n", f);
    }
    fputs("</tbody>\n</table>\n", f);

    fputs("<h2>Charts</h2>\n", f);
    for (int c = 0; c < PLOT_CHART_COUNT; c++) {
        char prefix[16], *svg = NULL;
        snprintf(prefix, sizeof prefix, "c%d-", c);
        int rc = plot_svg_inline(r, c, prefix, &svg, NULL);
        if (rc != 0)
            return rc;
        fprintf(f, "<figure>\n%s<figcaption>", svg);
        html_str(f, plot_chart_guide(c));
        fputs("</figcaption>\n</figure>\n", f);
        free(svg);
    }
    fputs("<h2>Reproduce</h2>\n<pre>", f);
    html_str(f, r->command[0] ? r->command : "regionsim run");
    fprintf(f,
            "</pre>\n<p class=\"note\">Scenario file hash (FNV-1a-64): <code>%016" PRIx64
            "</code>. Machine-readable results: summary.csv, summary.json, runs.csv, "
            "timeline.csv beside this file.</p>\n</body>\n</html>\n",
            s->file_hash);
    return ferror(f) ? SIM_EIO : 0;
}
