/* The Markdown back-end of the report (report.md). Invariant: blocks are
 * separated by exactly one blank line and the file ends with one newline;
 * text is written as it is (the document has no Markdown in its data). */
#include "plots/doc.h"

/* A blank line before every block but the first. */
static void md_block(struct doc *d)
{
    if (d->blocks++)
        fputc('\n', d->f);
}

static void md_begin(struct doc *d, const char *name)
{
    (void)d;
    (void)name;
}

static void md_end(struct doc *d)
{
    (void)d;
}

static void md_heading(struct doc *d, int level, const char *text)
{
    md_block(d);
    for (int i = 0; i < level; i++)
        fputc('#', d->f);
    fprintf(d->f, " %s\n", text);
}

static void md_paragraph(struct doc *d, const char *cls, const struct doc_span *s, int n)
{
    static const char *const marks[] = {
        [DOC_PLAIN] = "", [DOC_STRONG] = "**", [DOC_EM] = "*", [DOC_CODE] = "`"};
    (void)cls;
    md_block(d);
    for (int i = 0; i < n; i++)
        fprintf(d->f, "%s%s%s", marks[s[i].style], s[i].text, marks[s[i].style]);
    fputc('\n', d->f);
}

static void md_table(struct doc *d, const struct doc_table *t)
{
    md_block(d);
    fputc('|', d->f);
    for (int c = 0; c < t->cols; c++)
        fprintf(d->f, " %s |", t->head[c]);
    fputs("\n|", d->f);
    for (int c = 0; c < t->cols; c++)
        fputs("---|", d->f);
    fputc('\n', d->f);
    for (int r = 0; r < t->rows; r++) {
        fputc('|', d->f);
        for (int c = 0; c < t->cols; c++) {
            const struct doc_cell *x = &t->cell[r][c];
            const char *m = x->tone == DOC_TONE_BAD ? "**" : "";
            fprintf(d->f, " %s%s%s |", m, x->text, m);
        }
        fputc('\n', d->f);
    }
}

static void md_code(struct doc *d, const char *lang, const char *text)
{
    md_block(d);
    fprintf(d->f, "```%s\n%s\n```\n", lang, text);
}

/* Markdown links chart files: the first of PNG and SVG that was written. */
static const char *chart_ext(unsigned formats)
{
    if (formats & REPORT_FORMAT_PNG)
        return "png";
    if (formats & REPORT_FORMAT_SVG)
        return "svg";
    return NULL;
}

static bool md_charts_shown(unsigned formats)
{
    return chart_ext(formats) != NULL;
}

static int md_chart(struct doc *d, const struct summary *r, enum plot_chart c, unsigned formats)
{
    (void)r;
    md_block(d);
    fprintf(d->f, "![%s](plots/%s.%s)\n", plot_chart_caption(c), plot_chart_file(c),
            chart_ext(formats));
    const struct doc_span guide = {DOC_PLAIN, plot_chart_guide(c), 0};
    md_paragraph(d, NULL, &guide, 1);
    return 0;
}

const struct doc_backend doc_markdown = {
    .format = DOC_MD,
    .begin = md_begin,
    .end = md_end,
    .heading = md_heading,
    .paragraph = md_paragraph,
    .table = md_table,
    .code = md_code,
    .charts_shown = md_charts_shown,
    .chart = md_chart,
};
