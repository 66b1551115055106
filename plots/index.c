/* index.html over every scenario of a batch. Invariant: a scenario links to
 * its report only when its results are complete. */
#include <string.h>

#include "plots/doc.h"
#include "plots/index.h"

int report_write_index_html(const struct report_index_entry *entries, int n, FILE *f)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<title>regionsim results</title>\n<style>body{font-family:system-ui,sans-serif;"
          "max-width:1000px;margin:2em auto;padding:0 1em;color:#222}table{border-collapse:"
          "collapse}th,td{border:1px solid #ccc;padding:.35em .6em;text-align:left}"
          "thead "
          "th{background:#f3f3f3}td:first-child{white-space:nowrap}</style>\n</"
          "head>\n<body>\n<h1>regionsim results</h1>\n"
          "<p>One report per scenario; <a href=\"summary.csv\">summary.csv</a> holds every "
          "scenario's summary rows.</p>\n<table>\n<thead><tr><th>scenario</th><th>description"
          "</th><th>cheapest strategy meeting the targets (or cheapest, when none are set)</th>"
          "</tr></thead>\n<tbody>\n",
          f);
    for (int i = 0; i < n; i++) {
        const struct report_index_entry *e = &entries[i];
        fputs("<tr><td>", f);
        if (e->complete) {
            fputs("<a href=\"", f);
            doc_html_text(f, e->name);
            fputs("/report.html\">", f);
            doc_html_text(f, e->name);
            fputs("</a>", f);
        } else {
            doc_html_text(f, e->name);
        }
        fputs("</td><td>", f);
        doc_html_text(f, e->description);
        fputs("</td><td>", f);
        doc_html_text(f, e->complete ? (e->cheapest[0] ? e->cheapest : "none") : "not run");
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody>\n</table>\n</body>\n</html>\n", f);
    return ferror(f) ? SIM_EIO : 0;
}

void report_index_entry_fill(struct report_index_entry *e, const struct summary *r)
{
    memset(e, 0, sizeof *e);
    snprintf(e->name, sizeof e->name, "%s", r->scenario->name);
    snprintf(e->description, sizeof e->description, "%s", r->scenario->description);
    if (r->cheapest >= 0)
        snprintf(e->cheapest, sizeof e->cheapest, "%s",
                 strategy_label(r->strategy[r->cheapest].kind));
    e->complete = true;
}
