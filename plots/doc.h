/* The report document, described once and spelt by back-ends. document.c
 * walks the sections (what was simulated, the verdict, the metric table, the
 * runbook table, the charts, the command that reproduces it) and hands each
 * block to a back-end that only knows how to write a heading, a paragraph, a
 * table, a code block and a chart in its format (report.md, report.html).
 * Internal to plots/. */
#ifndef REGIONSIM_PLOTS_DOC_H
#define REGIONSIM_PLOTS_DOC_H

#include <stdbool.h>
#include <stdio.h>

#include "models/summary.h"
#include "plots/plot.h"

/* Back-end formats, as bits: a span may be meant for one format only. */
#define DOC_MD 1u
#define DOC_HTML 2u

enum doc_style {
    DOC_PLAIN,
    DOC_STRONG, /* Markdown **bold**; HTML plain (the verdict box is its emphasis) */
    DOC_EM,
    DOC_CODE
};

/* A run of text in one style; `only` restricts it to some formats (0: all). */
struct doc_span {
    enum doc_style style;
    const char *text;
    unsigned only;
};

/* How a table cell reads: HTML colours good and bad, Markdown bolds bad. */
enum doc_tone { DOC_TONE_NONE, DOC_TONE_GOOD, DOC_TONE_BAD };

#define DOC_MAX_COLS (1 + SCENARIO_MAX_STRATEGIES)
#define DOC_MAX_ROWS (METRIC_COUNT + PHASE_COUNT)
#define DOC_CELL_MAX 256

struct doc_cell {
    char text[DOC_CELL_MAX];
    enum doc_tone tone;
};

/* Column 0 holds the row labels. */
struct doc_table {
    int cols, rows;
    char head[DOC_MAX_COLS][DOC_CELL_MAX];
    struct doc_cell cell[DOC_MAX_ROWS][DOC_MAX_COLS];
};

struct doc;

struct doc_backend {
    unsigned format; /* DOC_MD or DOC_HTML */
    void (*begin)(struct doc *d, const char *name);
    void (*end)(struct doc *d);
    void (*heading)(struct doc *d, int level, const char *text);
    /* cls: a paragraph's role ("verdict", "note") or NULL */
    void (*paragraph)(struct doc *d, const char *cls, const struct doc_span *s, int n);
    void (*table)(struct doc *d, const struct doc_table *t);
    void (*code)(struct doc *d, const char *lang, const char *text);
    /* whether the format shows charts with these REPORT_FORMAT_* files */
    bool (*charts_shown)(unsigned formats);
    /* returns 0 or a negative SIM_E code */
    int (*chart)(struct doc *d, const struct summary *r, enum plot_chart c, unsigned formats);
    /* any other drawing: plots/<file>.<ext> in Markdown, inline SVG (ids
     * prefixed with `file`) in HTML; returns 0 or a negative SIM_E code */
    int (*image)(struct doc *d, const struct plot_image *img, const char *file, const char *caption,
                 unsigned formats);
};

/* One document being written: the stream, its back-end, blocks so far. */
struct doc {
    FILE *f;
    const struct doc_backend *be;
    int blocks;
};

extern const struct doc_backend doc_markdown;
extern const struct doc_backend doc_html;

/* Writes the report of r through be into f. Returns 0, SIM_EIO when the
 * stream failed, or a chart's error. */
int doc_write(const struct summary *r, unsigned formats, const struct doc_backend *be, FILE *f);

/* document.c's helpers for the sections of doc_decision.c. */
/* v of metric m in a human unit chosen from ref: "12.3 min" ("n/a" for NAN,
 * "\u221e" for INFINITY); with_unit false writes the number alone. */
void doc_human(char *buf, size_t size, enum metric m, double v, double ref, bool with_unit);
/* The spans of s meant for d's format as one paragraph (cls: its role). */
void doc_para(struct doc *d, const char *cls, const struct doc_span *s, int n);
void doc_para_text(struct doc *d, const char *cls, const char *text);
/* A header row: `first` over the row labels, one column per strategy. */
void doc_table_head(struct doc_table *t, const struct summary *r, const char *first);

/* doc_decision.c: the sections that support the decision. Each returns 0 or
 * a negative SIM_E code. */
bool doc_targets_shown(const struct summary *r);
int doc_section_targets(struct doc *d, const struct summary *r, unsigned formats);
bool doc_comparisons_shown(const struct summary *r);
int doc_section_comparisons(struct doc *d, const struct summary *r, unsigned formats);
int doc_section_bill(struct doc *d, const struct summary *r, unsigned formats);
int doc_section_assumptions(struct doc *d, const struct summary *r, unsigned formats);

/* s with HTML's five special characters escaped (also used by index.html). */
void doc_html_text(FILE *f, const char *s);

#endif
