/* The registry: the built-in strategies of builtin.h, in report order
 * (README, "Adding a strategy"). */
#include "models/strategies/registry.h"

#include "models/strategies/builtin.h"
#include "scenarios/scenario.h"

static const struct strategy_type *const registry[] = {
#define STRATEGY_ENTRY(name) &strategy_##name,
    STRATEGY_BUILTINS(STRATEGY_ENTRY)
#undef STRATEGY_ENTRY
};
#define N_REGISTERED ((int)(sizeof registry / sizeof registry[0]))
_Static_assert(N_REGISTERED <= SCENARIO_MAX_STRATEGIES, "raise SCENARIO_MAX_STRATEGIES");

int strategy_count(void)
{
    return N_REGISTERED;
}

const struct strategy_type *strategy_type(int k)
{
    return k >= 0 && k < N_REGISTERED ? registry[k] : NULL;
}
