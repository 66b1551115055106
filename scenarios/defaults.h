/* The defaults of every scenario key, in one table: one row per key as the
 * README names it, its unit, its value as a scenario file would write it,
 * the same value typed, and where it comes from. A strategy key may add rows
 * that override its default for one strategy (by the strategy's name). The
 * loader and scenario_defaults() both apply these rows, so a scenario built
 * in C and one loaded from YAML start equal; tests/defaults/ holds the README
 * and scenarios/schema.json to them. Invariant: a key's base row comes before
 * its overrides, and every row with a `text` writes the value `text` parses to. */
#ifndef REGIONSIM_SCENARIOS_DEFAULTS_H
#define REGIONSIM_SCENARIOS_DEFAULTS_H

#include <stdbool.h>
#include <stddef.h>

#include "scenarios/scenario.h"

/* Which struct a row's offset points into. */
enum scenario_default_scope {
    SCENARIO_SCOPE_TOP,      /* struct scenario */
    SCENARIO_SCOPE_REGION,   /* struct scenario_region (regions[].KEY) */
    SCENARIO_SCOPE_USERS,    /* struct scenario_users (users[].KEY) */
    SCENARIO_SCOPE_FAILURE,  /* struct scenario_failure (failures[].KEY) */
    SCENARIO_SCOPE_STRATEGY, /* struct scenario_strategy (strategies.*.KEY) */
};

/* How a row's value is stored at its offset. */
enum scenario_default_type {
    SCENARIO_DEF_NONE,  /* no stored value: required, or resolved by the loader */
    SCENARIO_DEF_INT,   /* int (also an enum) from .v.i */
    SCENARIO_DEF_U64,   /* uint64_t from .v.i */
    SCENARIO_DEF_BITS,  /* unsigned from .v.i */
    SCENARIO_DEF_SIZE,  /* int64_t from .v.i */
    SCENARIO_DEF_NUM,   /* double from .v.d */
    SCENARIO_DEF_SAMPLE, /* double from .v.d: SCENARIO_SAMPLE_AUTO, _EXACT or a rate,
                          * written auto, exact, 500/s */
    SCENARIO_DEF_BOOL,  /* bool from .v.b */
    SCENARIO_DEF_TIME,  /* sim_time from .v.t */
    SCENARIO_DEF_DIST,  /* struct sim_dur from .v.dist */
    SCENARIO_DEF_OPT,   /* struct sim_opt_time from .v.opt */
    SCENARIO_DEF_OFRAC, /* struct scenario_opt_frac from .v.ofrac */
    SCENARIO_DEF_STR,   /* char[] from .v.s */
};

struct scenario_default {
    const char *key;      /* "dns.health_check.interval", "users[].resolvers",
                           * "strategies.*.lag" */
    const char *strategy; /* NULL, or the strategy this row overrides the key for */
    const char *text;     /* the value as a scenario file writes it ("30s"); NULL
                           * when no value stands for it (README says what happens) */
    const char *unit;     /* as the README's unit column: "duration", "count" */
    const char *source;   /* where the value comes from; NULL: a modelling choice */
    enum scenario_default_scope scope;
    enum scenario_default_type type;
    size_t offset; /* of the field in the scope's struct */
    union {
        long long i;
        double d;
        bool b;
        sim_time t;
        struct sim_dur dist;
        struct sim_opt_time opt;
        struct scenario_opt_frac ofrac;
        const char *s;
    } v;
    /* INT rows of unit "word": names[v] is value v's name as a scenario file
     * writes it; BITS rows: names[i] is bit i's (n_names of them). NULL: none. */
    const char *const *names;
    int n_names;
    /* NULL-text rows: what the default means, for reports ("per region
     * pair"), as the README's default column says it; NULL: the value. */
    const char *absent;
};

/* Row i of the table, or NULL when i is out of range. */
const struct scenario_default *scenario_default_at(int i);
int scenario_default_count(void);

#endif
