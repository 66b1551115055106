/* Variants: `extends: base.yaml` at the top of a scenario reads the base
 * (relative to the extending file), then the file's own keys over it:
 * mappings merge key by key, anything else (a list, a value) replaces what
 * the base said. Chains are followed up to LDR_MAX_CHAIN files; a file met
 * twice is a cycle. Invariant: every node of the merged document keeps the
 * mark of the file that set it (k << LDR_FILE_SHIFT in its index), so an
 * error names that file and line. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "scenarios/loader/internal.h"

/* Copies node id of src into dst, aliases expanded, marks kept. src may be
 * dst itself: nodes are looked up by id after every addition (libyaml may
 * move its node array). Returns the new node's id, or 0 when out of memory.
 * Depth is bounded by the depth check every file passed. */
static int copy_node(yaml_document_t *dst, yaml_document_t *src, int id)
{
    yaml_node_t *n = yaml_document_get_node(src, id);
    int out = 0;
    if (n == NULL)
        return 0;
    yaml_mark_t start = n->start_mark, end = n->end_mark;
    switch (n->type) {
    case YAML_SCALAR_NODE:
        out = yaml_document_add_scalar(dst, n->tag, n->data.scalar.value,
                                       (int)n->data.scalar.length, n->data.scalar.style);
        break;
    case YAML_SEQUENCE_NODE:
        out = yaml_document_add_sequence(dst, n->tag, n->data.sequence.style);
        for (long i = 0; out; i++) {
            n = yaml_document_get_node(src, id);
            if (i >= n->data.sequence.items.top - n->data.sequence.items.start)
                break;
            int c = copy_node(dst, src, n->data.sequence.items.start[i]);
            if (!c || !yaml_document_append_sequence_item(dst, out, c))
                out = 0;
        }
        break;
    case YAML_MAPPING_NODE:
        out = yaml_document_add_mapping(dst, n->tag, n->data.mapping.style);
        for (long i = 0; out; i++) {
            n = yaml_document_get_node(src, id);
            if (i >= n->data.mapping.pairs.top - n->data.mapping.pairs.start)
                break;
            yaml_node_pair_t p = n->data.mapping.pairs.start[i];
            int k = copy_node(dst, src, p.key), v = k ? copy_node(dst, src, p.value) : 0;
            if (!v || !yaml_document_append_mapping_pair(dst, out, k, v))
                out = 0;
        }
        break;
    case YAML_NO_NODE:
        break;
    }
    if (out) {
        yaml_node_t *o = yaml_document_get_node(dst, out);
        o->start_mark = start;
        o->end_mark = end;
    }
    return out;
}

static const char *key_text(yaml_document_t *doc, int id)
{
    yaml_node_t *k = yaml_document_get_node(doc, id);
    return k && k->type == YAML_SCALAR_NODE ? (const char *)k->data.scalar.value : NULL;
}

/* Index of the pair of mapping `map` whose key is `key`; -1 when none. */
static long pair_index(yaml_document_t *doc, int map, const char *key)
{
    yaml_node_t *m = yaml_document_get_node(doc, map);
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        const char *t = key_text(doc, p->key);
        if (t && strcmp(t, key) == 0)
            return p - m->data.mapping.pairs.start;
    }
    return -1;
}

/* Merges mapping smap of src (file k) into mapping dmap of dst. Returns
 * false when out of memory. */
static bool merge_map(struct ldr *L, yaml_document_t *dst, int dmap, yaml_document_t *src,
                      int smap, int k, bool root)
{
    yaml_node_t *sm = yaml_document_get_node(src, smap);
    for (yaml_node_pair_t *p = sm->data.mapping.pairs.start; p < sm->data.mapping.pairs.top; p++) {
        const char *key = key_text(src, p->key);
        if (root && key && strcmp(key, "extends") == 0)
            continue;
        long j = key ? pair_index(dst, dmap, key) : -1;
        yaml_node_pair_t *d = j >= 0 ? &yaml_document_get_node(dst, dmap)->data.mapping.pairs.start[j]
                                     : NULL;
        /* A key the file gives twice stays twice: the walk reports it. */
        if (d && ldr_src_of(L, yaml_document_get_node(dst, d->key)->start_mark) == k)
            d = NULL;
        yaml_node_t *sv = yaml_document_get_node(src, p->value);
        if (d && sv->type == YAML_MAPPING_NODE &&
            yaml_document_get_node(dst, d->value)->type == YAML_MAPPING_NODE) {
            yaml_document_get_node(dst, d->key)->start_mark =
                yaml_document_get_node(src, p->key)->start_mark;
            /* A copy of the base's mapping: an alias elsewhere in the base
             * may share it, and must keep the base's keys. */
            int dv = copy_node(dst, dst, d->value);
            if (!dv)
                return false;
            yaml_document_get_node(dst, dmap)->data.mapping.pairs.start[j].value = dv;
            if (!merge_map(L, dst, dv, src, p->value, k, false))
                return false;
            continue;
        }
        int ck = copy_node(dst, src, p->key), cv = ck ? copy_node(dst, src, p->value) : 0;
        if (!cv)
            return false;
        if (d == NULL) {
            if (!yaml_document_append_mapping_pair(dst, dmap, ck, cv))
                return false;
        } else { /* find again: adding nodes may have moved the mapping */
            d = &yaml_document_get_node(dst, dmap)->data.mapping.pairs.start[j];
            d->key = ck;
            d->value = cv;
        }
    }
    return true;
}

void ldr_relative_path(const struct ldr *L, int k, const char *rel, char *out, size_t size)
{
    const char *name = L->src[k].name, *slash = strrchr(name, '/');
    if (rel[0] == '/' || slash == NULL)
        snprintf(out, size, "%s", rel);
    else
        snprintf(out, size, "%.*s/%s", (int)(slash - name), name, rel);
}

/* Adds the base named by node v of file k as the chain's next file (read,
 * not yet parsed). Returns its index, or -1 after an error at v. */
static int add_base(struct ldr *L, int k, yaml_node_t *v)
{
    const char *rel = ldr_scalar(L, v, "extends");
    if (rel == NULL)
        return -1;
    if (L->n_src == LDR_MAX_CHAIN) {
        ldr_error(L, v->start_mark, "more than %d files in one extends chain", LDR_MAX_CHAIN);
        return -1;
    }
    struct ldr_src *b = &L->src[L->n_src];
    char path[sizeof b->name];
    ldr_relative_path(L, k, rel, path, sizeof path);
    memcpy(b->name, path, sizeof path);
    if (realpath(b->name, b->real) == NULL)
        b->real[0] = '\0';
    for (int i = 0; i < L->n_src && b->real[0]; i++)
        if (strcmp(L->src[i].real, b->real) == 0) {
            ldr_error(L, v->start_mark,
                      "'%s' is already in this extends chain (%s extends it, directly or "
                      "not): a cycle",
                      rel, L->src[i].name);
            return -1;
        }
    const char *why;
    b->own = ldr_read_file(b->name, LDR_MAX_FILE_BYTES, &b->size, &why);
    if (b->own == NULL) {
        ldr_error(L, v->start_mark, "cannot read the base scenario '%s': %s", b->name, why);
        return -1;
    }
    b->data = b->own;
    /* Named relative to the scenario's directory, as outputs name no
     * directory of the machine where they can help it. */
    const char *slash = strrchr(L->src[0].name, '/');
    size_t dir = slash ? (size_t)(slash - L->src[0].name) + 1 : 0;
    ldr_add_input(L->s, strncmp(b->name, L->src[0].name, dir) == 0 ? b->name + dir : b->name,
                  b->data, b->size);
    return L->n_src++;
}

/* Replaces *doc, the document of file k, by its chain merged. */
static bool resolve(struct ldr *L, yaml_document_t *doc, int k)
{
    yaml_node_t *root = yaml_document_get_root_node(doc);
    if (root->type != YAML_MAPPING_NODE)
        return true; /* the walk says what a scenario is */
    long j = pair_index(doc, 1, "extends");
    if (j < 0)
        return true;
    int b = add_base(L, k, yaml_document_get_node(doc, root->data.mapping.pairs.start[j].value));
    yaml_document_t base;
    if (b < 0 || !ldr_parse_base(L, b, &base))
        return false;
    bool ok = resolve(L, &base, b);
    yaml_node_t *broot = ok ? yaml_document_get_root_node(&base) : NULL;
    if (broot && broot->type != YAML_MAPPING_NODE) {
        ldr_error(L, broot->start_mark, "a base scenario is a mapping of keys, not %s",
                  ldr_kind_name(broot));
        ok = false;
    } else if (broot && !merge_map(L, &base, 1, doc, 1, k, true)) {
        ldr_error(L, root->start_mark, "out of memory merging the base scenario");
        ok = false;
    }
    if (!ok) {
        yaml_document_delete(&base);
        return false;
    }
    yaml_document_delete(doc);
    *doc = base;
    return true;
}

bool ldr_extends(struct ldr *L, yaml_document_t *doc)
{
    if (realpath(L->name, L->src[0].real) == NULL)
        L->src[0].real[0] = '\0';
    return resolve(L, doc, 0);
}

void ldr_extends_key(struct ldr *L, yaml_node_t *n, void *target)
{
    (void)L;
    (void)n;
    (void)target;
}
