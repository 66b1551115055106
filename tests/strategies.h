/* The built-in strategies' registry indices, for tests that run one by name
 * (the product names none outside models/strategies/). test_strategy checks
 * them against the registry. */
#ifndef REGIONSIM_TESTS_STRATEGIES_H
#define REGIONSIM_TESTS_STRATEGIES_H

#include "models/strategies/registry.h"

enum {
    STRATEGY_BACKUP_RESTORE,
    STRATEGY_PILOT_LIGHT,
    STRATEGY_WARM_STANDBY,
    STRATEGY_ACTIVE_ACTIVE,
    STRATEGY_COUNT /* the built-in ones */
};

#endif
