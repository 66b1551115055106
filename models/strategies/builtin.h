/* The strategies shipped with regionsim, one file each, in report order:
 * the registry's list (registry.c builds its table from it; a test's own
 * registry may list them and more). Adding a strategy: its file, and one
 * X(name) line here for its `const struct strategy_type strategy_<name>`. */
#ifndef REGIONSIM_MODELS_STRATEGIES_BUILTIN_H
#define REGIONSIM_MODELS_STRATEGIES_BUILTIN_H

#include "models/strategy.h"

#define STRATEGY_BUILTINS(X)                                                                       \
    X(backup_restore)                                                                              \
    X(pilot_light)                                                                                 \
    X(warm_standby)                                                                                \
    X(active_active)

#define STRATEGY_DECLARE(name) extern const struct strategy_type strategy_##name;
STRATEGY_BUILTINS(STRATEGY_DECLARE)
#undef STRATEGY_DECLARE

#endif
