/* The loader's entry points: reads the file (refusing directories, binary
 * and non-UTF-8 text, tab indentation, empty files), parses it with libyaml's
 * document API, walks the schema, resolves, and returns the error count. */
#include "scenarios/loader/loader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nettle/sha2.h>

#include "models/strategies/registry.h"
#include "scenarios/loader/internal.h"

void scenario_sha256_hex(const void *data, size_t size, char out[SCENARIO_SHA256_HEX])
{
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, size, data);
    sha256_digest(&ctx, sizeof digest, digest);
    for (size_t i = 0; i < sizeof digest; i++)
        snprintf(out + 2 * i, 3, "%02x", digest[i]);
}

/* Records a file the scenario is made from; `file` is a path, kept as its
 * base name for the scenario itself (the first input) so that outputs name
 * no directory of the machine. */
void ldr_add_input(struct scenario *s, const char *file, const char *data, size_t size)
{
    if (s->n_inputs >= SCENARIO_MAX_INPUTS)
        return;
    struct scenario_input *in = &s->inputs[s->n_inputs];
    const char *base = strrchr(file, '/');
    snprintf(in->file, sizeof in->file, "%s", s->n_inputs == 0 && base ? base + 1 : file);
    scenario_sha256_hex(data, size, in->sha256);
    s->n_inputs++;
}

/* Mark m of file k of the chain. */
static yaml_mark_t tag(yaml_mark_t m, int k)
{
    m.index += (size_t)k << LDR_FILE_SHIFT;
    return m;
}

static void too_deep(struct ldr *L, yaml_mark_t at)
{
    ldr_error(L, at, "nested more than %d levels deep; a scenario needs a handful",
              4 * LDR_MAX_DEPTH);
}

/* Nesting depth from libyaml's event stream, before any document is built:
 * libyaml's scanner is quadratic in the depth of nested flow collections (a
 * 1 MB "[[[[..." took a minute), so stop at the first node past the limit.
 * Syntax errors are left to the document parser. Returns false when too deep. */
static bool check_depth(struct ldr *L, int k)
{
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        return true;
    yaml_parser_set_input_string(&p, (const unsigned char *)L->src[k].data, L->src[k].size);
    int depth = 0;
    bool ok = true, done = false;
    while (ok && !done) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev))
            break;
        if (ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT) {
            if (++depth > 4 * LDR_MAX_DEPTH) {
                too_deep(L, tag(ev.start_mark, k));
                ok = false;
            }
        } else if (ev.type == YAML_SEQUENCE_END_EVENT || ev.type == YAML_MAPPING_END_EVENT) {
            depth--;
        }
        done = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    return ok;
}

/* The mark (0-based line, column in characters) of byte offset `at`. */
static yaml_mark_t mark_of(const char *data, size_t at)
{
    yaml_mark_t m = {at, 0, 0};
    for (size_t i = 0; i < at; i++) {
        if (data[i] == '\n') {
            m.line++;
            m.column = 0;
        } else if (((unsigned char)data[i] & 0xC0) != 0x80) {
            m.column++;
        }
    }
    return m;
}

/* Length of the valid UTF-8 sequence at p (1-4), or 0 when invalid. */
static size_t utf8_len(const unsigned char *p, size_t left)
{
    unsigned char c = p[0];
    size_t n;
    unsigned min;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4, min = 0x10000;
    else
        return 0;
    if (n > left)
        return 0;
    unsigned v = c & (0x7F >> n);
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (p[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    return n;
}

/* Text checks before YAML sees the bytes. Returns false when parsing would
 * only add confusion. */
static bool check_text(struct ldr *L, int k)
{
    const char *data = L->src[k].data;
    size_t size = L->src[k].size;
    const unsigned char *d = (const unsigned char *)data;
    bool blank = true;
    for (size_t i = 0; i < size;) {
        if (d[i] == 0) {
            ldr_error(L, tag(mark_of(data, i), k),
                      "this is a binary file (NUL byte), not a YAML scenario");
            return false;
        }
        size_t n = utf8_len(d + i, size - i);
        if (n == 0) {
            ldr_error(L, tag(mark_of(data, i), k),
                      "not valid UTF-8 (byte 0x%02X); save the scenario as UTF-8 text", d[i]);
            return false;
        }
        if (d[i] < 0x20 && d[i] != '\n' && d[i] != '\r' && d[i] != '\t') {
            ldr_error(L, tag(mark_of(data, i), k), "control character 0x%02X; is this a binary file?",
                      d[i]);
            return false;
        }
        i += n;
    }
    /* Tabs in indentation (YAML forbids them; libyaml's message is cryptic). */
    bool ok = true, line_start = true;
    for (size_t i = 0; i < size && !L->stop; i++) {
        char c = data[i];
        if (c == '\n') {
            line_start = true;
            continue;
        }
        if (line_start && c == '\t') {
            ldr_error(L, tag(mark_of(data, i), k), "tab in indentation; YAML indents with spaces");
            ok = false;
            line_start = false;
        } else if (c != ' ') {
            line_start = false;
        }
    }
    /* Only comments and blanks: empty. */
    bool comment = false;
    for (size_t i = 0; i < size && blank; i++) {
        char c = data[i];
        if (c == '#')
            comment = true;
        else if (c == '\n')
            comment = false;
        else if (!comment && c != ' ' && c != '\t' && c != '\r' &&
                 !(c == '-' && i + 2 < size && data[i + 1] == '-' && data[i + 2] == '-'))
            blank = false;
        else if (c == '-' && !comment)
            i += 2;
    }
    if (blank && ok) {
        ldr_error_file(L, "the file is empty; a scenario needs at least 'regions' (see "
                          "scenarios/two-region.yaml)");
        return false;
    }
    return ok;
}

static int children(yaml_document_t *doc, yaml_node_t *n, int **list)
{
    if (n->type == YAML_SEQUENCE_NODE) {
        *list = n->data.sequence.items.start;
        return (int)(n->data.sequence.items.top - n->data.sequence.items.start);
    }
    if (n->type == YAML_MAPPING_NODE) {
        /* Pairs are {key, value} ints: walk them as a flat int array. */
        *list = (int *)n->data.mapping.pairs.start;
        return 2 * (int)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
    }
    (void)doc;
    return 0;
}

/* Expanded size of every node into size[] (aliases share nodes in libyaml's
 * document, so the graph is small but its expansion may not be),
 * iteratively so that deep nesting cannot exhaust the stack; state, stack
 * and pos are scratch of n + 1 entries. Reports a cycle or a nesting too
 * deep at the node responsible. Returns false on error. */
static bool alias_sizes(struct ldr *L, yaml_document_t *doc, int n, unsigned char *state,
                        double *size, int *stack, int *pos)
{
    bool ok = true;
    for (int root = 1; ok && root <= n; root++) {
        if (state[root])
            continue;
        int top = 0;
        stack[top] = root;
        pos[top] = 0;
        state[root] = 1;
        while (ok && top >= 0) {
            int id = stack[top];
            yaml_node_t *node = yaml_document_get_node(doc, id);
            int *kids = NULL;
            int nk = children(doc, node, &kids);
            if (top >= 4 * LDR_MAX_DEPTH) {
                too_deep(L, node->start_mark);
                ok = false;
                break;
            }
            if (pos[top] < nk) {
                int c = kids[pos[top]++];
                if (c < 1 || c > n)
                    continue;
                if (state[c] == 1) {
                    ldr_error(L, yaml_document_get_node(doc, c)->start_mark,
                              "a YAML alias refers to a node that contains it (a cycle)");
                    ok = false;
                } else if (state[c] == 0) {
                    state[c] = 1;
                    stack[++top] = c;
                    pos[top] = 0;
                }
                continue;
            }
            double sum = 1;
            for (int i = 0; i < nk; i++)
                if (kids[i] >= 1 && kids[i] <= n)
                    sum += size[kids[i]];
            size[id] = sum > 1e18 ? 1e18 : sum;
            state[id] = 2;
            top--;
        }
    }
    return ok;
}

/* The document expands to more than LDR_NODE_BUDGET nodes (size[] from
 * alias_sizes): blames the smallest node that is still too big. */
static void blame_expansion(struct ldr *L, yaml_document_t *doc, int n, const double *size)
{
    int id = 1;
    for (;;) {
        int *kids = NULL;
        int nk = children(doc, yaml_document_get_node(doc, id), &kids), next = 0;
        for (int i = 0; i < nk; i++)
            if (kids[i] >= 1 && kids[i] <= n && size[kids[i]] > LDR_NODE_BUDGET)
                next = kids[i];
        if (next == 0)
            break;
        id = next;
    }
    if (size[1] > n)
        ldr_error(L, yaml_document_get_node(doc, id)->start_mark,
                  "YAML aliases expand this node to %.3g nodes (the limit is %d): an alias "
                  "bomb?",
                  size[id], LDR_NODE_BUDGET);
    else
        ldr_error(L, yaml_document_get_node(doc, id)->start_mark,
                  "%d YAML nodes; a scenario needs far fewer (the limit is %d)", n,
                  LDR_NODE_BUDGET);
}

/* Checks that the document's aliases form no cycle and expand to at most
 * LDR_NODE_BUDGET nodes. Returns false (after an error) when they do not. */
static bool check_aliases(struct ldr *L, yaml_document_t *doc)
{
    int n = (int)(doc->nodes.top - doc->nodes.start);
    unsigned char *state = calloc((size_t)n + 1, 1);
    double *size = calloc((size_t)n + 1, sizeof *size);
    int *stack = malloc(sizeof *stack * ((size_t)n + 1));
    int *pos = malloc(sizeof *pos * ((size_t)n + 1));
    bool ok = state && size && stack && pos;
    if (!ok)
        ldr_error_file(L, "out of memory");
    ok = ok && alias_sizes(L, doc, n, state, size, stack, pos);
    if (ok && n > 0 && size[1] > LDR_NODE_BUDGET) {
        blame_expansion(L, doc, n, size);
        ok = false;
    }
    free(state);
    free(size);
    free(stack);
    free(pos);
    return ok;
}

static void syntax_error(struct ldr *L, const yaml_parser_t *p, int k)
{
    const char *problem = p->problem ? p->problem : "invalid YAML";
    if (p->context)
        ldr_error(L, tag(p->problem_mark, k), "YAML syntax: %s (%s at line %zu)", problem, p->context,
                  p->context_mark.line + 1);
    else
        ldr_error(L, tag(p->problem_mark, k), "YAML syntax: %s", problem);
}

int scenario_load_buffer(const char *name, const char *data, size_t size, struct scenario *out,
                         FILE *errors)
{
    return ldr_load(name, data, size, NULL, 0, NULL, out, errors);
}

/* Gives every node of doc the marks of file k of the chain. */
static void tag_nodes(yaml_document_t *doc, int k)
{
    for (yaml_node_t *n = doc->nodes.start; k > 0 && n < doc->nodes.top; n++) {
        n->start_mark = tag(n->start_mark, k);
        n->end_mark = tag(n->end_mark, k);
    }
}

/* Checks the text of file k and parses it into *doc; *parser stays open for
 * the check of a second document. Returns false (parser and document
 * freed) after an error. */
static bool open_doc(struct ldr *L, int k, yaml_parser_t *parser, yaml_document_t *doc)
{
    if (!check_text(L, k) || !check_depth(L, k))
        return false;
    if (!yaml_parser_initialize(parser)) {
        ldr_error_file(L, "out of memory");
        return false;
    }
    yaml_parser_set_input_string(parser, (const unsigned char *)L->src[k].data, L->src[k].size);
    bool ok = yaml_parser_load(parser, doc);
    if (!ok) {
        syntax_error(L, parser, k);
    } else {
        tag_nodes(doc, k);
        if (yaml_document_get_root_node(doc) == NULL) {
            ldr_error_file(L, "the file is empty; a scenario needs at least 'regions'");
            ok = false;
        } else {
            ok = check_aliases(L, doc);
        }
        if (!ok)
            yaml_document_delete(doc);
    }
    if (!ok)
        yaml_parser_delete(parser);
    return ok;
}

/* One scenario per file: reports a second YAML document in file k. */
static void check_single(struct ldr *L, yaml_parser_t *parser, int k)
{
    yaml_document_t extra;
    if (!yaml_parser_load(parser, &extra)) {
        syntax_error(L, parser, k);
        return;
    }
    yaml_node_t *r2 = yaml_document_get_root_node(&extra);
    if (r2)
        ldr_error(L, tag(r2->start_mark, k),
                  "a second YAML document; one scenario "
                  "per file ('---' starts another)");
    yaml_document_delete(&extra);
}

bool ldr_parse_base(struct ldr *L, int k, yaml_document_t *doc)
{
    yaml_parser_t parser;
    int before = L->n_errors;
    L->cur = k;
    bool ok = open_doc(L, k, &parser, doc);
    if (ok) {
        check_single(L, &parser, k);
        yaml_parser_delete(&parser);
        ok = L->n_errors == before;
        if (!ok)
            yaml_document_delete(doc);
    }
    L->cur = 0;
    return ok;
}

int ldr_load(const char *name, const char *data, size_t size, const struct ldr_override *ov,
             int n_ov, struct scenario_sweep *sweep, struct scenario *out, FILE *errors)
{
    struct ldr *L = calloc(1, sizeof *L);
    strategy_scenario_defaults(out);
    snprintf(out->file, sizeof out->file, "%s", name);
    out->n_inputs = 0;
    ldr_add_input(out, name, data, size);
    if (L == NULL) {
        if (errors)
            fprintf(errors, "%s: error: out of memory\n", name);
        return 1;
    }
    L->name = name;
    L->data = data;
    L->size = size;
    L->errors = errors;
    L->s = out;
    L->budget = LDR_NODE_BUDGET;
    L->ov = ov;
    L->n_ov = n_ov;
    L->sweep = sweep;
    snprintf(L->src[0].name, sizeof L->src[0].name, "%s", name);
    L->src[0].data = data;
    L->src[0].size = size;
    L->n_src = 1;
    yaml_parser_t parser;
    yaml_document_t doc;
    if (open_doc(L, 0, &parser, &doc)) {
        L->doc = &doc;
        if (ldr_extends(L, &doc) && ldr_apply_overrides(L, &doc)) {
            yaml_node_t *root = yaml_document_get_root_node(&doc); /* nodes may have moved */
            ldr_walk(L, root);
            check_single(L, &parser, 0);
            if (!L->stop && root->type == YAML_MAPPING_NODE)
                ldr_resolve(L);
            if (L->n_errors == 0)
                scenario_digest(out);
        }
        yaml_document_delete(&doc);
        yaml_parser_delete(&parser);
    }
    ldr_flush(L);
    int n = L->n_errors;
    for (int k = 1; k < L->n_src; k++)
        free(L->src[k].own);
    free(L);
    return n;
}

void scenario_digest(struct scenario *s)
{
    struct scenario *copy = malloc(sizeof *copy);
    if (copy == NULL) {
        s->digest[0] = '\0';
        return;
    }
    memcpy(copy, s, sizeof *copy);
    memset(copy->file, 0, sizeof copy->file);
    copy->n_inputs = 0;
    memset(copy->inputs, 0, sizeof copy->inputs);
    memset(copy->digest, 0, sizeof copy->digest);
    scenario_sha256_hex(copy, sizeof *copy, s->digest);
    free(copy);
}

char *ldr_read_file(const char *path, size_t max, size_t *size, const char **why)
{
    /* O_NONBLOCK: opening a FIFO must not wait for a writer. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    *why = NULL;
    if (fd < 0 || fstat(fd, &st) != 0)
        *why = strerror(errno);
    else if (S_ISDIR(st.st_mode))
        *why = "is a directory, not a file";
    else if (!S_ISREG(st.st_mode))
        *why = "is not a regular file (a FIFO, a device or a socket)";
    else if ((uintmax_t)st.st_size > max)
        *why = max == LDR_MAX_FILE_BYTES ? "is larger than 1 MiB; the loader reads short text files"
                                         : "is too large";
    if (*why) {
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    size_t want = (size_t)st.st_size, got = 0;
    char *data = malloc(want + 1);
    while (data && got < want) {
        ssize_t r = read(fd, data + got, want - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            *why = r < 0 ? strerror(errno) : "the file shrank while it was read";
            break;
        }
        got += (size_t)r;
    }
    close(fd);
    if (data == NULL || got != want) {
        if (data == NULL)
            *why = "out of memory";
        free(data);
        return NULL;
    }
    data[want] = '\0';
    *size = want;
    return data;
}

char *ldr_read_scenario(const char *path, size_t *size, FILE *errors)
{
    const char *why;
    char *data = ldr_read_file(path, LDR_MAX_FILE_BYTES, size, &why);
    if (data == NULL && errors)
        fprintf(errors, "%s: error: cannot read: %s\n", path, why);
    return data;
}

int scenario_load_file(const char *path, struct scenario *out, FILE *errors)
{
    strategy_scenario_defaults(out);
    snprintf(out->file, sizeof out->file, "%s", path);
    size_t size;
    char *data = ldr_read_scenario(path, &size, errors);
    if (data == NULL)
        return 1;
    int n = scenario_load_buffer(path, data, size, out, errors);
    free(data);
    return n;
}

void scenario_loader_print_keys(FILE *out)
{
    ldr_print_keys(out, &ldr_top, "", -1);
}
