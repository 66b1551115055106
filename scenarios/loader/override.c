/* Values given outside the file (--set, a sweep point) written into the
 * parsed YAML document before the walk, so they are read, checked and
 * reported exactly like the file's own. Only scalar keys are overridden; a
 * key the file leaves out is added (with the mappings on its path).
 * Invariant: node pointers are re-read after every node is added (libyaml
 * may move its node array). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenarios/loader/internal.h"

/* One step of a path: a mapping key, and the list index after it or -1. */
struct step {
    char key[SCENARIO_KEY_MAX];
    long index;
};

/* Splits "failures[0].duration" into steps; false when malformed. */
static int split_path(const char *path, struct step *steps, int max)
{
    int n = 0;
    const char *p = path;
    while (*p && n < max) {
        size_t len = strcspn(p, ".[");
        if (len == 0 || len >= SCENARIO_KEY_MAX)
            return -1;
        memcpy(steps[n].key, p, len);
        steps[n].key[len] = '\0';
        steps[n].index = -1;
        p += len;
        if (*p == '[') {
            char *end;
            steps[n].index = strtol(p + 1, &end, 10);
            if (end == p + 1 || *end != ']' || steps[n].index < 0)
                return -1;
            p = end + 1;
        }
        n++;
        if (*p == '.')
            p++;
        else if (*p)
            return -1;
    }
    return *p ? -1 : n;
}

static yaml_mark_t override_mark(int i)
{
    yaml_mark_t m = {LDR_OVERRIDE_MARK + (size_t)i, 0, 0};
    return m;
}

/* A new scalar node with override i's mark; 0 when out of memory. */
static int add_scalar(yaml_document_t *doc, const char *text, int i)
{
    int id = yaml_document_add_scalar(doc, NULL, (yaml_char_t *)text, (int)strlen(text),
                                      YAML_PLAIN_SCALAR_STYLE);
    if (id)
        yaml_document_get_node(doc, id)->start_mark = override_mark(i);
    return id;
}

/* The pair of mapping `map` whose key is `key`; NULL when none. */
static yaml_node_pair_t *find_pair(yaml_document_t *doc, int map, const char *key)
{
    yaml_node_t *m = yaml_document_get_node(doc, map);
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        if (k && k->type == YAML_SCALAR_NODE && strcmp((char *)k->data.scalar.value, key) == 0)
            return p;
    }
    return NULL;
}

/* The node under key in mapping `map`, added (a mapping, or the value for
 * the last step) when missing; 0 after an error. */
static int child(struct ldr *L, yaml_document_t *doc, int map, const struct step *st, bool last,
                 int i)
{
    yaml_node_pair_t *p = find_pair(doc, map, st->key);
    if (p) {
        if (!last || st->index >= 0)
            return p->value;
        yaml_node_t *old = yaml_document_get_node(doc, p->value);
        if (old->type != YAML_SCALAR_NODE) {
            ldr_error(L, override_mark(i), "'%s' holds %s in the file, not a single value",
                      st->key, ldr_kind_name(old));
            return 0;
        }
        int id = add_scalar(doc, L->ov[i].value, i);
        if (id) /* find again: adding a node may have moved the pairs' owner */
            find_pair(doc, map, st->key)->value = id;
        return id;
    }
    if (st->index >= 0) {
        ldr_error(L, override_mark(i), "the file has no list '%s' to index", st->key);
        return 0;
    }
    int key = add_scalar(doc, st->key, i);
    int val = last ? add_scalar(doc, L->ov[i].value, i)
                   : yaml_document_add_mapping(doc, NULL, YAML_BLOCK_MAPPING_STYLE);
    if (!key || !val || !yaml_document_append_mapping_pair(doc, map, key, val)) {
        ldr_error(L, override_mark(i), "out of memory");
        return 0;
    }
    yaml_document_get_node(doc, val)->start_mark = override_mark(i);
    return val;
}

/* Item `index` of the list node `seq`; 0 after an error. */
static int item(struct ldr *L, yaml_document_t *doc, int seq, const struct step *st, int i)
{
    yaml_node_t *n = yaml_document_get_node(doc, seq);
    if (n->type != YAML_SEQUENCE_NODE) {
        ldr_error(L, override_mark(i), "'%s' is %s in the file, not a list", st->key,
                  ldr_kind_name(n));
        return 0;
    }
    long count = n->data.sequence.items.top - n->data.sequence.items.start;
    if (st->index >= count) {
        ldr_error(L, override_mark(i), "'%s' has %ld item%s; [%ld] is not one of them", st->key,
                  count, count == 1 ? "" : "s", st->index);
        return 0;
    }
    return n->data.sequence.items.start[st->index];
}

static bool apply_one(struct ldr *L, yaml_document_t *doc, int i)
{
    struct step steps[16];
    int n = split_path(L->ov[i].path, steps, 16);
    if (n <= 0) {
        ldr_error(L, override_mark(i),
                  "a key path is keys joined by '.', with [N] after a list: dns.ttl, "
                  "failures[0].duration");
        return false;
    }
    int node = 1; /* the root */
    for (int s = 0; s < n; s++) {
        yaml_node_t *at = yaml_document_get_node(doc, node);
        if (at->type != YAML_MAPPING_NODE) {
            ldr_error(L, override_mark(i), "'%s' is %s in the file, so it has no key '%s'",
                      s ? steps[s - 1].key : "the scenario", ldr_kind_name(at), steps[s].key);
            return false;
        }
        bool last = s == n - 1;
        node = child(L, doc, node, &steps[s], last, i);
        if (node && steps[s].index >= 0) {
            node = item(L, doc, node, &steps[s], i);
            if (node && last) {
                ldr_error(L, override_mark(i), "give a key inside '%s[%ld]'", steps[s].key,
                          steps[s].index);
                return false;
            }
        }
        if (!node)
            return false;
    }
    return true;
}

bool ldr_apply_overrides(struct ldr *L, yaml_document_t *doc)
{
    bool ok = true;
    for (int i = 0; i < L->n_ov; i++)
        ok = apply_one(L, doc, i) && ok;
    return ok;
}
