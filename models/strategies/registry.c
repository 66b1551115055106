/* The strategies, in report order. Adding one: its file here and one line
 * below (see README, "Adding a strategy"). */
#include "models/strategies/registry.h"

#include "models/strategies/builtin.h"
#include "scenarios/scenario.h"

static const struct strategy_type *const registry[] = {
    &strategy_backup_restore,
    &strategy_pilot_light,
    &strategy_warm_standby,
    &strategy_active_active,
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
