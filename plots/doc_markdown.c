/* The Markdown back-end of the report (report.md). Invariant: blocks are
 * separated by exactly one blank line and the file ends with one newline;
 * text (which may come from a scenario file: its name, its description, a
 * file name) is escaped so that it reads as the same text and never as
 * Markdown or HTML: no link, image, tag, heading or fence can be injected. */
#include <ctype.h>
#include <string.h>

#include "plots/doc.h"

static bool word_char(char c)
{
    return isalnum((unsigned char)c) || (c & 0x80);
}

/* Writes text with a backslash before each character that could start
 * markup; line breaks become spaces (one block stays one block). At a
 * block's start, the characters that open a block there are escaped too.
 * Plain prose (intra-word underscores, "a & b", "x - y") is left as it is. */
static void md_text(FILE *f, const char *text, bool block_start)
{
    for (const char *p = text; *p; p++) {
        char c = *p == '\n' || *p == '\r' ? ' ' : *p;
        bool first = block_start && p == text;
        bool esc = strchr("\\`*[]<>|#~", c) != NULL;
        if (c == '_')
            esc = p == text || !word_char(p[-1]) || !word_char(p[1]);
        else if (c == '&')
            esc = isalpha((unsigned char)p[1]) || p[1] == '#';
        else if (c == '-' || c == '+' || c == '=')
            esc = first;
        else if (first && isdigit((unsigned char)c)) {
            size_t n = strspn(p, "0123456789");
            if (p[n] == '.' || p[n] == ')') {
                fwrite(p, 1, n, f);
                fputc('\\', f);
                p += n - 1;
                continue;
            }
        }
        if (esc && c != ' ')
            fputc('\\', f);
        fputc(c, f);
    }
}

/* The longest run of backticks in text. */
static size_t longest_backticks(const char *text)
{
    size_t longest = 0;
    for (const char *p = text; *p;) {
        size_t n = strspn(p, "`");
        longest = n > longest ? n : longest;
        p += n ? n : 1;
    }
    return longest;
}

/* A code span holding text: delimited by one more backtick than the longest
 * run of backticks inside, padded when text starts or ends with one. */
static void md_code_span(FILE *f, const char *text)
{
    size_t longest = longest_backticks(text);
    size_t len = strlen(text);
    bool pad = len && (text[0] == '`' || text[len - 1] == '`');
    for (size_t i = 0; i <= longest; i++)
        fputc('`', f);
    fprintf(f, "%s", pad ? " " : "");
    for (const char *p = text; *p; p++)
        fputc(*p == '\n' || *p == '\r' ? ' ' : *p, f);
    fprintf(f, "%s", pad ? " " : "");
    for (size_t i = 0; i <= longest; i++)
        fputc('`', f);
}

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
    fputc(' ', d->f);
    md_text(d->f, text, true);
    fputc('\n', d->f);
}

static void md_paragraph(struct doc *d, const char *cls, const struct doc_span *s, int n)
{
    static const char *const marks[] = {
        [DOC_PLAIN] = "", [DOC_STRONG] = "**", [DOC_EM] = "*", [DOC_CODE] = "`"};
    (void)cls;
    md_block(d);
    for (int i = 0; i < n; i++) {
        if (s[i].style == DOC_CODE) {
            md_code_span(d->f, s[i].text);
            continue;
        }
        fputs(marks[s[i].style], d->f);
        md_text(d->f, s[i].text, i == 0);
        fputs(marks[s[i].style], d->f);
    }
    fputc('\n', d->f);
}

static void md_table(struct doc *d, const struct doc_table *t)
{
    md_block(d);
    fputc('|', d->f);
    for (int c = 0; c < t->cols; c++) {
        fputc(' ', d->f);
        md_text(d->f, t->head[c], false);
        fputs(" |", d->f);
    }
    fputs("\n|", d->f);
    for (int c = 0; c < t->cols; c++)
        fputs("---|", d->f);
    fputc('\n', d->f);
    for (int r = 0; r < t->rows; r++) {
        fputc('|', d->f);
        for (int c = 0; c < t->cols; c++) {
            const struct doc_cell *x = &t->cell[r][c];
            const char *m = x->tone == DOC_TONE_BAD ? "**" : "";
            fprintf(d->f, " %s", m);
            md_text(d->f, x->text, false);
            fprintf(d->f, "%s |", m);
        }
        fputc('\n', d->f);
    }
}

static void md_code(struct doc *d, const char *lang, const char *text)
{
    /* a fence longer than any run of backticks in text: it cannot close early */
    size_t fence = longest_backticks(text) + 1;
    fence = fence < 3 ? 3 : fence;
    md_block(d);
    for (size_t i = 0; i < fence; i++)
        fputc('`', d->f);
    fprintf(d->f, "%s\n%s\n", lang, text);
    for (size_t i = 0; i < fence; i++)
        fputc('`', d->f);
    fputc('\n', d->f);
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

static int md_image(struct doc *d, const struct plot_image *img, const char *file,
                    const char *caption, unsigned formats)
{
    (void)img;
    if (chart_ext(formats) == NULL)
        return 0;
    md_block(d);
    fprintf(d->f, "![%s](plots/%s.%s)\n", caption, file, chart_ext(formats));
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
    .image = md_image,
};
