/* Error messages of the loader: `FILE:LINE:COL: error: MESSAGE`, the source
 * line and a caret under the column, counted and capped at LDR_MAX_ERRORS;
 * plus node helpers and the "did you mean" search. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "scenarios/loader/internal.h"
#include "sim/text.h"

/* Start and length of 0-based line `line` of data. */
static const char *line_at(const char *data, size_t size, size_t line, size_t *len)
{
    size_t i = 0, l = 0;
    while (l < line && i < size) {
        if (data[i++] == '\n')
            l++;
    }
    if (l < line)
        return NULL;
    size_t j = i;
    while (j < size && data[j] != '\n' && data[j] != '\r')
        j++;
    *len = j - i;
    return data + i;
}

/* Counts an error; returns a stream to write it to (NULL: do not print).
 * finish() keeps what was written, sorted later by (file of the chain, line, column). */
static FILE *counted(struct ldr *L, char **buf, size_t *len)
{
    if (L->stop)
        return NULL;
    L->n_errors++;
    if (L->n_errors > LDR_MAX_ERRORS) {
        L->stop = true;
        return NULL;
    }
    if (L->errors == NULL)
        return NULL;
    *buf = NULL;
    return open_memstream(buf, len);
}

static void finish(struct ldr *L, FILE *f, char **bufp, size_t file, size_t line, size_t column)
{
    if (f == NULL)
        return;
    fclose(f); /* sets *bufp */
    char *buf = *bufp;
    if (buf == NULL)
        return;
    /* Text from files reaches a terminal: no escape sequences, no bells. */
    for (char *c = buf; *c; c++)
        if (((unsigned char)*c < 0x20 && *c != '\n' && *c != '\t') || *c == 0x7f)
            *c = '?';
    struct ldr_msg *m = &L->msgs[L->n_msgs++];
    m->file = file;
    m->line = line;
    m->column = column;
    m->seq = (size_t)L->n_msgs;
    m->text = buf;
}

static int msg_order(const void *a, const void *b)
{
    const struct ldr_msg *x = a, *y = b;
    if (x->file != y->file)
        return x->file < y->file ? -1 : 1;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->column != y->column)
        return x->column < y->column ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void ldr_flush(struct ldr *L)
{
    qsort(L->msgs, (size_t)L->n_msgs, sizeof L->msgs[0], msg_order);
    for (int i = 0; i < L->n_msgs; i++) {
        if (L->errors)
            fputs(L->msgs[i].text, L->errors);
        free(L->msgs[i].text);
    }
    L->n_msgs = 0;
    if (L->errors && L->n_errors > LDR_MAX_ERRORS)
        fprintf(L->errors, "%s: error: too many errors (more than %d); stopping here\n", L->name,
                LDR_MAX_ERRORS);
}

/* The source line, then a caret under character `column` (0-based; UTF-8
 * sequences count as one character, tabs are kept so the caret aligns). */
static void show(FILE *out, const char *data, size_t size, size_t line, size_t column)
{
    size_t len;
    const char *p = line_at(data, size, line, &len);
    if (p == NULL)
        return;
    /* A window of the line around the column: long lines start with "...". */
    size_t skip = column > 60 ? column - 40 : 0, i = 0, chars = 0;
    while (i < len && chars < skip) {
        i++;
        while (i < len && ((unsigned char)p[i] & 0xC0) == 0x80)
            i++;
        chars++;
    }
    const char *dots = skip ? "..." : "";
    size_t show_len = len - i > 120 ? 120 : len - i;
    while (show_len > 0 && show_len < len - i && ((unsigned char)p[i + show_len] & 0xC0) == 0x80)
        show_len--; /* never cut a UTF-8 sequence */
    fprintf(out, "%6zu | %s%.*s\n       | %s", line + 1, dots, (int)show_len, p + i,
            skip ? "   " : "");
    for (size_t j = i; j < len && chars < column; j++) {
        unsigned char c = (unsigned char)p[j];
        if ((c & 0xC0) == 0x80)
            continue;
        fputc(c == '\t' ? '\t' : ' ', out);
        chars++;
    }
    fputs("^\n", out);
}

int ldr_src_of(const struct ldr *L, yaml_mark_t mark)
{
    size_t k = mark.index >> LDR_FILE_SHIFT;
    return mark.index < LDR_OVERRIDE_MARK && k < (size_t)L->n_src ? (int)k : 0;
}

void ldr_error(struct ldr *L, yaml_mark_t mark, const char *fmt, ...)
{
    char *buf;
    size_t len;
    FILE *f = counted(L, &buf, &len);
    if (f == NULL)
        return;
    const struct ldr_override *o = NULL;
    if (mark.index >= LDR_OVERRIDE_MARK && mark.index - LDR_OVERRIDE_MARK < (size_t)L->n_ov)
        o = &L->ov[mark.index - LDR_OVERRIDE_MARK];
    int k = ldr_src_of(L, mark);
    const char *name = k ? L->src[k].name : L->name;
    if (o)
        fprintf(f, "%s: %s %s=%s: error: ", L->name, o->origin, o->path, o->value);
    else
        fprintf(f, "%s:%zu:%zu: error: ", name, mark.line + 1, mark.column + 1);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    fputc('\n', f);
    if (o) {
        finish(L, f, &buf, 0, 0, 0); /* before the file's own errors */
        return;
    }
    if (k)
        show(f, L->src[k].data, L->src[k].size, mark.line, mark.column);
    else
        show(f, L->data, L->size, mark.line, mark.column);
    finish(L, f, &buf, (size_t)k, mark.line + 1, mark.column + 1);
}

void ldr_error_in(struct ldr *L, const char *file, const char *data, size_t size, int line,
                  int column, const char *fmt, ...)
{
    char *buf;
    size_t len;
    FILE *f = counted(L, &buf, &len);
    if (f == NULL)
        return;
    fprintf(f, "%s:%d:%d: error: ", file, line, column);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    fputc('\n', f);
    if (line > 0 && column > 0)
        show(f, data, size, (size_t)line - 1, (size_t)column - 1);
    /* After every error of the scenario's files. */
    finish(L, f, &buf, LDR_MAX_CHAIN, (size_t)-1, (size_t)line);
}

void ldr_error_file(struct ldr *L, const char *fmt, ...)
{
    char *buf;
    size_t len;
    FILE *f = counted(L, &buf, &len);
    if (f == NULL)
        return;
    fprintf(f, "%s: error: ", L->cur ? L->src[L->cur].name : L->name);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    fputc('\n', f);
    finish(L, f, &buf, (size_t)L->cur, 0, 0);
}

const char *ldr_nearest(const char *word, const char *const *cands, int n)
{
    const char *best = NULL;
    int best_d = 1000;
    for (int i = 0; i < n; i++) {
        int d = sim_edit_distance(word, cands[i]);
        /* A prefix or an abbreviation ("ttl_violater" vs "ttl_violators"). */
        if (d < best_d) {
            best_d = d;
            best = cands[i];
        }
    }
    int limit = (int)strlen(word) / 3;
    if (limit < 2)
        limit = 2;
    return best_d <= limit ? best : NULL;
}

yaml_node_t *ldr_node(struct ldr *L, int index)
{
    return yaml_document_get_node(L->doc, index);
}

bool ldr_enter(struct ldr *L, yaml_node_t *n)
{
    if (L->stop || n == NULL)
        return false;
    if (--L->budget < 0) {
        ldr_error(L, n->start_mark,
                  "YAML aliases expand to more than %d nodes; a scenario never needs that many "
                  "(an alias bomb?)",
                  LDR_NODE_BUDGET);
        L->stop = true;
        return false;
    }
    if (L->depth >= LDR_MAX_DEPTH) {
        ldr_error(L, n->start_mark, "nested deeper than %d levels (a recursive alias?)",
                  LDR_MAX_DEPTH);
        L->stop = true;
        return false;
    }
    L->depth++;
    return true;
}

void ldr_leave(struct ldr *L)
{
    L->depth--;
}

bool ldr_is_null(const yaml_node_t *n)
{
    return n->type == YAML_SCALAR_NODE && n->data.scalar.length == 0 &&
           n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

const char *ldr_kind_name(const yaml_node_t *n)
{
    switch (n->type) {
    case YAML_SCALAR_NODE:
        return ldr_is_null(n) ? "nothing" : "a single value";
    case YAML_SEQUENCE_NODE:
        return "a list";
    case YAML_MAPPING_NODE:
        return "a mapping";
    case YAML_NO_NODE:
        break;
    }
    return "nothing";
}

const char *ldr_scalar(struct ldr *L, yaml_node_t *n, const char *what)
{
    if (n->type != YAML_SCALAR_NODE) {
        ldr_error(L, n->start_mark, "'%s' expects a single value, not %s", what, ldr_kind_name(n));
        return NULL;
    }
    if (ldr_is_null(n)) {
        ldr_error(L, n->start_mark, "'%s' has no value", what);
        return NULL;
    }
    if (strlen((const char *)n->data.scalar.value) != n->data.scalar.length) {
        ldr_error(L, n->start_mark, "the value of '%s' contains a NUL character", what);
        return NULL;
    }
    return (const char *)n->data.scalar.value;
}
