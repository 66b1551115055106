/* Lookups over the registry: names, labels, accepted keys, defaults. */
#include <string.h>

#include "models/strategies/registry.h"
#include "scenarios/defaults.h"
#include "models/strategy.h"
#include "scenarios/scenario.h"

const char *strategy_key(int k)
{
    const struct strategy_type *t = strategy_type(k);
    return t ? t->key : NULL;
}

const char *strategy_label(int k)
{
    const struct strategy_type *t = strategy_type(k);
    return t ? t->label : NULL;
}

enum strategy_placement strategy_placement(int k)
{
    return strategy_type(k)->placement;
}

int strategy_find(const char *key)
{
    for (int k = 0; k < strategy_count(); k++)
        if (strcmp(strategy_type(k)->key, key) == 0)
            return k;
    return -1;
}

bool strategy_accepts(int k, const char *key)
{
    const struct strategy_type *t = strategy_type(k);
    for (const char *const *p = t ? t->keys : NULL; p && *p; p++)
        if (strcmp(*p, key) == 0)
            return true;
    return false;
}

bool strategy_key_applies(int k, const char *key)
{
    if (strategy_accepts(k, key))
        return true;
    for (int j = 0; j < strategy_count(); j++)
        if (strategy_accepts(j, key))
            return false;
    return true;
}

void strategy_scenario_defaults(struct scenario *s)
{
    scenario_defaults(s);
    for (int k = 0; k < strategy_count(); k++) {
        /* the table's rows under the strategy's name, then its module's own */
        scenario_strategy_defaults(&s->strategies[k], strategy_key(k));
        if (strategy_type(k)->defaults)
            strategy_type(k)->defaults(&s->strategies[k]);
    }
}
