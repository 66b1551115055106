/* The strategies shipped with regionsim, one file each; the registry lists
 * them (a test's own registry may list them and more). */
#ifndef REGIONSIM_MODELS_STRATEGIES_BUILTIN_H
#define REGIONSIM_MODELS_STRATEGIES_BUILTIN_H

#include "models/strategy.h"

extern const struct strategy_type strategy_backup_restore;
extern const struct strategy_type strategy_pilot_light;
extern const struct strategy_type strategy_warm_standby;
extern const struct strategy_type strategy_active_active;

#endif
