/* The defaults table (scenarios/defaults.c): every row's text, written in a
 * scenario file, loads to the row's value; and a scenario loaded with no
 * keys given equals the one scenario_defaults() builds in C.
 * tests/defaults/check.py holds the README and schema.json to the same rows. */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/strategies/registry.h"
#include "scenarios/defaults.h"
#include "scenarios/loader/loader.h"

static struct scenario S, D; /* large: keep them off the stack */

/* Whether the field of row d in base holds d's value. */
static bool holds(const struct scenario_default *d, const void *base)
{
    const char *p = (const char *)base + d->offset;
    switch (d->type) {
    case SCENARIO_DEF_NONE:
        return true;
    case SCENARIO_DEF_INT:
        return *(const int *)p == d->v.i;
    case SCENARIO_DEF_U64:
        return *(const uint64_t *)p == (uint64_t)d->v.i;
    case SCENARIO_DEF_BITS:
        return *(const unsigned *)p == (unsigned)d->v.i;
    case SCENARIO_DEF_SIZE:
        return *(const int64_t *)p == d->v.i;
    case SCENARIO_DEF_NUM:
    case SCENARIO_DEF_SAMPLE:
        return *(const double *)p == d->v.d;
    case SCENARIO_DEF_BOOL:
        return *(const bool *)p == d->v.b;
    case SCENARIO_DEF_TIME:
        return *(const sim_time *)p == d->v.t;
    case SCENARIO_DEF_DIST: {
        const struct sim_dur *x = (const struct sim_dur *)p;
        return x->kind == d->v.dist.kind && x->a == d->v.dist.a && x->b == d->v.dist.b;
    }
    case SCENARIO_DEF_OPT: {
        const struct sim_opt_time *x = (const struct sim_opt_time *)p;
        return x->set == d->v.opt.set && (!x->set || x->v == d->v.opt.v);
    }
    case SCENARIO_DEF_OFRAC: {
        const struct scenario_opt_frac *x = (const struct scenario_opt_frac *)p;
        return x->set == d->v.ofrac.set && (!x->set || x->v == d->v.ofrac.v);
    }
    case SCENARIO_DEF_STR:
        return strcmp(p, d->v.s) == 0;
    }
    return false;
}

static bool written(const struct scenario_default *d)
{
    return d->text && d->type != SCENARIO_DEF_NONE;
}

/* The failure that accepts each failure key. */
static const char *failure_for(const char *key)
{
    static const struct {
        const char *key, *item;
    } kinds[] = {
        {"failures[].mttr", "kind: region_outage, region: all, mtbf: 1y"},
        {"failures[].capacity_lost", "kind: partial_outage, region: a, at: 1h, duration: 1h"},
        {"failures[].extra_latency", "kind: degraded_link, between: [a, b], at: 1h, duration: 1h"},
        {"failures[].loss", "kind: degraded_link, between: [a, b], at: 1h, duration: 1h"},
        {"failures[].detect", "kind: data_corruption, region: a, at: 1h, duration: 1h"},
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kinds[i].key, key) == 0)
            return kinds[i].item;
    fail_msg("no failure kind for %s: add it to failure_for()", key);
    return NULL;
}

/* The row that gives strategy `name` key d->key (its override, else d). */
static const struct scenario_default *effective(const struct scenario_default *d, const char *name)
{
    for (int i = 0; i < scenario_default_count(); i++) {
        const struct scenario_default *o = scenario_default_at(i);
        if (o->strategy && strcmp(o->strategy, name) == 0 && strcmp(o->key, d->key) == 0)
            return o;
    }
    return d;
}

/* Writes the top-level rows as nested YAML mappings ("a.b.c: v"). */
static void write_top(FILE *f)
{
    char prev[256] = "";
    for (int i = 0; i < scenario_default_count(); i++) {
        const struct scenario_default *d = scenario_default_at(i);
        if (d->scope != SCENARIO_SCOPE_TOP || !written(d))
            continue;
        /* the mappings this key opens that the previous key had not */
        const char *k = d->key, *q = prev;
        int depth = 0;
        const char *seg = k;
        while (strchr(seg, '.')) {
            const char *dot = strchr(seg, '.');
            size_t n = (size_t)(dot - k) + 1;
            if (strncmp(k, q, n) != 0)
                fprintf(f, "%*s%.*s:\n", 2 * depth, "", (int)(dot - seg), seg);
            seg = dot + 1;
            depth++;
        }
        fprintf(f, "%*s%s: %s\n", 2 * depth, "", seg, d->text);
        snprintf(prev, sizeof prev, "%s", k);
    }
}

static void write_items(FILE *f, enum scenario_default_scope scope, const char *prefix)
{
    for (int i = 0; i < scenario_default_count(); i++) {
        const struct scenario_default *d = scenario_default_at(i);
        if (d->scope == scope && written(d))
            fprintf(f, ", %s: %s", d->key + strlen(prefix), d->text);
    }
}

/* Every text of the table in one scenario file, which must load. */
static char *all_defaults_yaml(const char *accepted_keys)
{
    char *doc = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&doc, &size);
    assert_non_null(f);
    write_top(f);
    fputs("regions:\n  - { name: a, lat: 10, lon: 10", f);
    write_items(f, SCENARIO_SCOPE_REGION, "regions[].");
    fputs(" }\n  - { name: b, lat: 20, lon: 20 }\nusers:\n  - { from: a", f);
    write_items(f, SCENARIO_SCOPE_USERS, "users[].");
    fputs(" }\nfailures:\n", f);
    for (int i = 0; i < scenario_default_count(); i++) {
        const struct scenario_default *d = scenario_default_at(i);
        if (d->scope == SCENARIO_SCOPE_FAILURE && written(d))
            fprintf(f, "  - { %s, %s: %s }\n", failure_for(d->key), d->key + strlen("failures[]."),
                    d->text);
    }
    fputs("strategies:\n", f);
    for (int k = 0; k < strategy_count(); k++) {
        const char *name = strategy_key(k);
        fprintf(f, "  %s:\n", name);
        for (int i = 0; i < scenario_default_count(); i++) {
            const struct scenario_default *d = scenario_default_at(i);
            if (d->scope != SCENARIO_SCOPE_STRATEGY || d->strategy || !written(d))
                continue;
            const char *leaf = d->key + strlen("strategies.*.");
            char path[128];
            snprintf(path, sizeof path, "\nstrategies.%s.%s\n", name, leaf);
            if (strstr(accepted_keys, path))
                fprintf(f, "    %s: %s\n", leaf, effective(d, name)->text);
        }
    }
    fclose(f);
    return doc;
}

static void test_every_default_text_loads_to_its_value(void **state)
{
    (void)state;
    char *keys = NULL, *doc;
    size_t size = 0;
    FILE *f = open_memstream(&keys, &size);
    fputc('\n', f);
    scenario_loader_print_keys(f);
    fclose(f);
    doc = all_defaults_yaml(keys);
    if (scenario_load_buffer("defaults.yaml", doc, strlen(doc), &S, stderr) != 0)
        fail_msg("the table's texts do not load:\n%s", doc);
    int failure = 0;
    for (int i = 0; i < scenario_default_count(); i++) {
        const struct scenario_default *d = scenario_default_at(i);
        if (!written(d))
            continue;
        const void *base = NULL;
        switch (d->scope) {
        case SCENARIO_SCOPE_TOP:
            base = &S;
            break;
        case SCENARIO_SCOPE_REGION:
            base = &S.regions[0];
            break;
        case SCENARIO_SCOPE_USERS:
            base = &S.users[0];
            break;
        case SCENARIO_SCOPE_FAILURE:
            base = &S.failures[failure++];
            break;
        case SCENARIO_SCOPE_STRATEGY:
            for (int k = 0; k < strategy_count(); k++) {
                const char *name = strategy_key(k);
                if (d->strategy == NULL && !holds(effective(d, name), &S.strategies[k]))
                    fail_msg("%s of %s: '%s' loads to another value than the table's", d->key, name,
                             effective(d, name)->text);
            }
            continue;
        }
        if (!holds(d, base))
            fail_msg("%s: '%s' loads to another value than the table's", d->key, d->text);
    }
    free(doc);
    free(keys);
}

/* What the loader gives for keys a file leaves out is what scenario_defaults()
 * and the item functions give a scenario built in C. */
static void test_a_loaded_scenario_equals_one_built_in_c(void **state)
{
    (void)state;
    const char *text = "regions: [us-east-1, eu-west-1]\n"
                       "users: [europe-west]\n"
                       "failures:\n"
                       "  - { kind: region_outage, region: us-east-1, at: 1h, duration: 1h }\n"
                       "  - { kind: region_outage, region: all, mtbf: 1y }\n";
    assert_int_equal(scenario_load_buffer("min.yaml", text, strlen(text), &S, stderr), 0);
    strategy_scenario_defaults(&D);
    assert_memory_equal(&S.workload, &D.workload, sizeof D.workload);
    assert_memory_equal(&S.dns, &D.dns, sizeof D.dns);
    assert_memory_equal(&S.routing, &D.routing, sizeof D.routing);
    assert_memory_equal(&S.costs, &D.costs, sizeof D.costs);
    assert_memory_equal(&S.report, &D.report, sizeof D.report);
    assert_int_equal(S.horizon, D.horizon);
    assert_int_equal(S.replications, D.replications);
    assert_true(S.seed == D.seed && S.rtt_jitter == D.rtt_jitter);
    assert_string_equal(S.name, D.name);
    for (int i = 0; i < scenario_default_count(); i++) {
        const struct scenario_default *d = scenario_default_at(i);
        if (d->scope == SCENARIO_SCOPE_REGION)
            assert_true(holds(d, &S.regions[1]) && holds(d, &D.regions[1]));
        else if (d->scope == SCENARIO_SCOPE_USERS)
            assert_true(holds(d, &S.users[0]) && holds(d, &D.users[0]));
        else if (d->scope == SCENARIO_SCOPE_FAILURE)
            assert_true(holds(d, &S.failures[1]) && holds(d, &D.failures[0]));
    }
    for (int k = 0; k < strategy_count(); k++) {
        struct scenario_strategy a = S.strategies[k], b = D.strategies[k];
        /* what the loader resolves from the regions */
        a.enabled = b.enabled = false;
        a.primary = b.primary = 0;
        a.recovery = b.recovery = 0;
        a.n_regions = b.n_regions = 0;
        memset(a.regions, 0, sizeof a.regions);
        memset(b.regions, 0, sizeof b.regions);
        assert_memory_equal(&a, &b, sizeof a);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_default_text_loads_to_its_value),
        cmocka_unit_test(test_a_loaded_scenario_equals_one_built_in_c),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
