/* The HTML back-end of the report (report.html): one self-contained page,
 * inline CSS and inline SVG charts, no script, nothing fetched. Invariant:
 * every text that comes from data goes through doc_html_text. */
#include <stdlib.h>

#include "plots/doc.h"

void doc_html_text(FILE *f, const char *s)
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

static void html_begin(struct doc *d, const char *name)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          d->f);
    doc_html_text(d->f, name);
    fprintf(d->f, " - regionsim report</title>\n<style>%s</style>\n</head>\n<body>\n", html_css);
}

static void html_end(struct doc *d)
{
    fputs("</body>\n</html>\n", d->f);
}

static void html_heading(struct doc *d, int level, const char *text)
{
    fprintf(d->f, "<h%d>", level);
    doc_html_text(d->f, text);
    fprintf(d->f, "</h%d>\n", level);
}

static void html_paragraph(struct doc *d, const char *cls, const struct doc_span *s, int n)
{
    static const char *const open[] = {
        [DOC_PLAIN] = "", [DOC_STRONG] = "", [DOC_EM] = "<em>", [DOC_CODE] = "<code>"};
    static const char *const close[] = {
        [DOC_PLAIN] = "", [DOC_STRONG] = "", [DOC_EM] = "</em>", [DOC_CODE] = "</code>"};
    if (cls)
        fprintf(d->f, "<p class=\"%s\">", cls);
    else
        fputs("<p>", d->f);
    for (int i = 0; i < n; i++) {
        fputs(open[s[i].style], d->f);
        doc_html_text(d->f, s[i].text);
        fputs(close[s[i].style], d->f);
    }
    fputs("</p>\n", d->f);
}

static void html_table(struct doc *d, const struct doc_table *t)
{
    static const char *const td[] = {[DOC_TONE_NONE] = "<td>",
                                     [DOC_TONE_GOOD] = "<td class=\"yes\">",
                                     [DOC_TONE_BAD] = "<td class=\"no\">"};
    fputs("<table>\n<thead><tr>", d->f);
    for (int c = 0; c < t->cols; c++) {
        fputs("<th>", d->f);
        doc_html_text(d->f, t->head[c]);
        fputs("</th>", d->f);
    }
    fputs("</tr></thead>\n<tbody>\n", d->f);
    for (int r = 0; r < t->rows; r++) {
        fputs("<tr>", d->f);
        for (int c = 0; c < t->cols; c++) {
            fputs(td[t->cell[r][c].tone], d->f);
            doc_html_text(d->f, t->cell[r][c].text);
            fputs("</td>", d->f);
        }
        fputs("</tr>\n", d->f);
    }
    fputs("</tbody>\n</table>\n", d->f);
}

static void html_code(struct doc *d, const char *lang, const char *text)
{
    (void)lang;
    fputs("<pre>", d->f);
    doc_html_text(d->f, text);
    fputs("</pre>\n", d->f);
}

static bool html_charts_shown(unsigned formats)
{
    (void)formats; /* inlined as SVG whatever files were written */
    return true;
}

static int html_chart(struct doc *d, const struct summary *r, enum plot_chart c, unsigned formats)
{
    (void)formats;
    char prefix[16], *svg = NULL;
    snprintf(prefix, sizeof prefix, "c%d-", (int)c);
    int rc = plot_svg_inline(r, c, prefix, &svg, NULL);
    if (rc != 0)
        return rc;
    fprintf(d->f, "<figure>\n%s<figcaption>", svg);
    doc_html_text(d->f, plot_chart_guide(c));
    fputs("</figcaption>\n</figure>\n", d->f);
    free(svg);
    return 0;
}

static int html_image(struct doc *d, const struct plot_image *img, const char *file,
                      const char *caption, unsigned formats)
{
    (void)formats;
    char prefix[64], *svg = NULL;
    snprintf(prefix, sizeof prefix, "%s-", file);
    int rc = plot_image_svg_inline(img, prefix, &svg, NULL);
    if (rc != 0)
        return rc;
    fprintf(d->f, "<figure>\n%s<figcaption>", svg);
    doc_html_text(d->f, caption);
    fputs("</figcaption>\n</figure>\n", d->f);
    free(svg);
    return 0;
}

const struct doc_backend doc_html = {
    .format = DOC_HTML,
    .begin = html_begin,
    .end = html_end,
    .heading = html_heading,
    .paragraph = html_paragraph,
    .table = html_table,
    .code = html_code,
    .charts_shown = html_charts_shown,
    .chart = html_chart,
    .image = html_image,
};
