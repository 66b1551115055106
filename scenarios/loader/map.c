/* The one walker that applies a schema table (schema.c) to a YAML mapping:
 * each key's value is read by its field's type into base + offset; unknown
 * keys get the nearest known one, duplicates, wrong types and keys of
 * another strategy are reported, and every value keeps its mark. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/strategies/registry.h"
#include "scenarios/loader/internal.h"

int ldr_field_index(const struct ldr_table *t, const char *key)
{
    for (int i = 0; i < t->n; i++)
        if (strcmp(t->fields[i].key, key) == 0)
            return i;
    return -1;
}

static void unknown_key(struct ldr *L, yaml_node_t *k, const char *key, const struct ldr_table *t)
{
    const char *cands[64];
    int n = 0;
    for (int i = 0; i < t->n && n < 64; i++)
        if (ldr_key_applies(L->in_strategy ? L->strategy_at : -1, &t->fields[i]))
            cands[n++] = t->fields[i].key;
    const char *near = ldr_nearest(key, cands, n);
    if (near) {
        ldr_error(L, k->start_mark, "unknown key '%s' in %s; did you mean '%s'?", key, t->what,
                  near);
        return;
    }
    char list[512] = "";
    size_t used = 0;
    for (int i = 0; i < n && used + 40 < sizeof list; i++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", cands[i]);
    ldr_error(L, k->start_mark, "unknown key '%s' in %s; known keys: %s", key, t->what, list);
}

static void enum_value(struct ldr *L, yaml_node_t *v, const struct ldr_field *f, int *out)
{
    const char *s = ldr_scalar(L, v, f->key);
    if (s == NULL)
        return;
    const char *cands[16];
    int n = 0;
    char list[256] = "";
    size_t used = 0;
    for (const struct ldr_enum *e = f->names; e->name && n < 16; e++) {
        if (strcmp(e->name, s) == 0) {
            *out = e->value;
            return;
        }
        cands[n++] = e->name;
        used +=
            (size_t)snprintf(list + used, sizeof list - used, "%s%s", n > 1 ? ", " : "", e->name);
    }
    const char *near = ldr_nearest(s, cands, n);
    if (near)
        ldr_error(L, v->start_mark, "'%s' expects one of %s, got '%s'; did you mean '%s'?", f->key,
                  list, s, near);
    else
        ldr_error(L, v->start_mark, "'%s' expects one of %s, got '%s'", f->key, list, s);
}

static void u64_value(struct ldr *L, yaml_node_t *v, const struct ldr_field *f, uint64_t *out)
{
    const char *s = ldr_scalar(L, v, f->key);
    if (s == NULL)
        return;
    char *end;
    unsigned long long x = strtoull(s, &end, 10);
    if (s[0] < '0' || s[0] > '9' || *end != '\0' || x < (unsigned long long)f->lo ||
        (double)x > f->hi) {
        ldr_error(L, v->start_mark, "'%s' expects a whole number from %.0f to %.0f, got '%s'",
                  f->key, f->lo, f->hi, s);
        return;
    }
    *out = x;
}

/* LDR_DUR: a duration, or `forever` where the field allows it. */
static void duration_value(struct ldr *L, yaml_node_t *v, const struct ldr_field *f, sim_time *out)
{
    if ((f->flags & LDR_FOREVER) && v->type == YAML_SCALAR_NODE &&
        strcmp((const char *)v->data.scalar.value, "forever") == 0)
        *out = SIM_TIME_MAX;
    else
        ldr_duration(L, v, f->key, f->flags & LDR_POSITIVE, out);
}

/* LDR_ODUR: set only when the value reads as a duration. */
static void optional_duration(struct ldr *L, yaml_node_t *v, const struct ldr_field *f,
                              struct sim_opt_time *out)
{
    if (ldr_duration(L, v, f->key, f->flags & LDR_POSITIVE, &out->v))
        out->set = true;
}

/* LDR_RATE: a rate above zero. */
static void rate_value(struct ldr *L, yaml_node_t *v, const struct ldr_field *f, double *out)
{
    double d;
    if (ldr_rate(L, v, f->key, &d)) {
        if (d <= 0)
            ldr_error(L, v->start_mark, "'%s' must be greater than zero", f->key);
        else
            *out = d;
    }
}

static void apply(struct ldr *L, const struct ldr_field *f, yaml_node_t *v, void *base)
{
    char *p = (char *)base + f->offset;
    long long i;
    double d;
    switch (f->type) {
    case LDR_STR:
        ldr_string(L, v, f->key, p, (size_t)f->hi);
        break;
    case LDR_INT:
        if (ldr_integer(L, v, f->key, (long long)f->lo, (long long)f->hi, &i))
            *(int *)p = (int)i;
        break;
    case LDR_U64:
        u64_value(L, v, f, (uint64_t *)p);
        break;
    case LDR_NUM:
        if (ldr_number(L, v, f->key, f->lo, f->hi, &d))
            *(double *)p = d;
        break;
    case LDR_FRAC:
        ldr_fraction(L, v, f->key, (double *)p);
        break;
    case LDR_DUR:
        duration_value(L, v, f, (sim_time *)p);
        break;
    case LDR_ODUR:
        optional_duration(L, v, f, (struct sim_opt_time *)p);
        break;
    case LDR_OFRAC: {
        struct scenario_opt_frac *o = (struct scenario_opt_frac *)p;
        if (ldr_fraction(L, v, f->key, &o->v))
            o->set = true;
        break;
    }
    case LDR_DIST:
        ldr_dist(L, v, f->key, f->flags & LDR_POSITIVE, (struct sim_dur *)p);
        break;
    case LDR_SIZE:
        ldr_size(L, v, f->key, (int64_t *)p);
        break;
    case LDR_RATE:
        rate_value(L, v, f, (double *)p);
        break;
    case LDR_BRATE:
        ldr_byte_rate(L, v, f->key, (double *)p);
        break;
    case LDR_BOOL:
        ldr_bool(L, v, f->key, (bool *)p);
        break;
    case LDR_ENUM:
        enum_value(L, v, f, (int *)p);
        break;
    case LDR_MAP:
        ldr_map(L, v, f->sub, p, NULL);
        break;
    case LDR_FN:
        if (f->fn)
            f->fn(L, v, p);
        break;
    }
}

bool ldr_key_applies(int k, const struct ldr_field *f)
{
    return !(f->flags & LDR_SOME) || k < 0 || strategy_accepts(k, f->key);
}

/* The strategies that accept key, as "a, b, c". */
static const char *strategies_taking(const char *key, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int k = 0; k < strategy_count() && used < size; k++)
        if (strategy_accepts(k, key))
            used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? ", " : "",
                                     strategy_key(k));
    return buf;
}

void ldr_map(struct ldr *L, yaml_node_t *n, const struct ldr_table *t, void *base,
             struct ldr_seen *seen)
{
    if (seen)
        memset(seen, 0, sizeof *seen);
    if (ldr_is_null(n))
        return; /* `dns:` with nothing: every default */
    if (n->type != YAML_MAPPING_NODE) {
        ldr_error(L, n->start_mark, "%s expects a mapping of keys (key: value), not %s", t->what,
                  ldr_kind_name(n));
        return;
    }
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = ldr_node(L, p->key), *v = ldr_node(L, p->value);
        if (k == NULL || v == NULL || !ldr_enter(L, v))
            return;
        const char *key = k->type == YAML_SCALAR_NODE ? (const char *)k->data.scalar.value : NULL;
        if (key == NULL || strlen(key) != k->data.scalar.length) {
            ldr_error(L, k->start_mark, "keys in %s must be plain words", t->what);
            ldr_leave(L);
            continue;
        }
        bool dup = false;
        for (yaml_node_pair_t *q = n->data.mapping.pairs.start; q < p && !dup; q++) {
            yaml_node_t *qk = ldr_node(L, q->key);
            if (qk && qk->type == YAML_SCALAR_NODE &&
                strcmp((const char *)qk->data.scalar.value, key) == 0) {
                ldr_error(L, k->start_mark, "duplicate key '%s' in %s (first given on line %zu)",
                          key, t->what, qk->start_mark.line + 1);
                dup = true;
            }
        }
        int idx = dup ? -2 : ldr_field_index(t, key);
        if (idx == -1) {
            unknown_key(L, k, key, t);
        } else if (idx >= 0) {
            const struct ldr_field *f = &t->fields[idx];
            if (L->in_strategy && !ldr_key_applies(L->strategy_at, f)) {
                char buf[256];
                ldr_error(L, k->start_mark, "'%s' does not apply to %s; it is a setting of %s", key,
                          strategy_key(L->strategy_at), strategies_taking(key, buf, sizeof buf));
            } else {
                if (seen && idx < 64) {
                    seen->bits |= 1ull << idx;
                    seen->key[idx] = k->start_mark;
                    seen->value[idx] = v;
                }
                apply(L, f, v, base);
            }
        }
        ldr_leave(L);
    }
}

void ldr_print_keys(FILE *out, const struct ldr_table *t, const char *prefix, int strategy)
{
    for (int i = 0; i < t->n; i++) {
        const struct ldr_field *f = &t->fields[i];
        if (!ldr_key_applies(strategy, f))
            continue;
        char path[256];
        snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "." : "", f->key);
        fprintf(out, "%s\n", path);
        if (f->fn == ldr_strategies) {
            /* one block per strategy, each with the keys it accepts */
            struct ldr_field fields[SCENARIO_MAX_STRATEGIES];
            struct ldr_table st;
            ldr_strategies_table(fields, &st);
            for (int k = 0; k < st.n; k++) {
                char sp[sizeof path + SCENARIO_NAME_MAX];
                snprintf(sp, sizeof sp, "%s.%.*s", path, SCENARIO_NAME_MAX - 2, fields[k].key);
                fprintf(out, "%s\n", sp);
                ldr_print_keys(out, fields[k].sub, sp, k);
            }
        } else if (f->sub) {
            if (f->flags & LDR_LIST)
                strcat(path, "[]");
            ldr_print_keys(out, f->sub, path, strategy);
        }
    }
}
