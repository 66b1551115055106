/* Warm standby: the recovery region runs a replica and a fleet at `standby`
 * of full size. A failover promotes, switches DNS, then scales up. */
#include "models/strategies/builtin.h"

#include <math.h>

static const char *const keys[] = {"recovery",   "replication", "acks",     "lag",
                                   "reads",      "promote",     "scale_up", "standby",
                                   "dns_switch", "failback",    "fencing", "lease", "stonith", NULL};

static int standby_size(const struct strategy *st, int g)
{
    return (int)ceil(st->cfg->standby * st->full[g]);
}

static void failover_steps(struct strategy *st, int rec)
{
    const struct scenario_strategy *c = st->cfg;
    strategy_add_step(st, PHASE_PROMOTE, &c->promote, -1);
    strategy_add_step(st, PHASE_DNS_SWITCH, &c->dns_switch, -1);
    strategy_add_step(st, PHASE_SCALE, &c->scale_up, rec);
}

const struct strategy_type strategy_warm_standby = {
    .key = "warm_standby",
    .label = "Warm standby",
    .keys = keys,
    STRATEGY_PAIR_OPS,
    .standby_size = standby_size,
    .standby_holds_data = true,
    .failover_steps = failover_steps,
};
