/* The effective value of every parameter of a scenario, read through the
 * defaults table (defaults.h): for each top-level key, and for each strategy
 * key of each enabled strategy, the value as text and whether it is the
 * table's default. The report's "Assumptions" table and summary.json read it. */
#ifndef REGIONSIM_SCENARIOS_EFFECTIVE_H
#define REGIONSIM_SCENARIOS_EFFECTIVE_H

#include <stdbool.h>

#include "scenarios/defaults.h"
#include "scenarios/scenario.h"

struct scenario_param {
    char key[96];       /* "dns.ttl", "strategies.warm_standby.standby" */
    char value[96];     /* "60s", "25%" is written "0.25" */
    bool is_default;    /* equal to the table's default (for that strategy) */
    const char *source; /* the default's reference; NULL: a modelling choice */
};

/* Calls fn(param, ctx) for every top-level row with a stored value, then for
 * every strategy row of each enabled strategy k (names[k] its key, as the
 * defaults table's overrides name it) that applies to it (applies(k, "lag");
 * NULL: every row), in table order. */
void scenario_params(const struct scenario *s, const char *const *names,
                     bool (*applies)(int k, const char *key),
                     void (*fn)(const struct scenario_param *p, void *ctx), void *ctx);

#endif
