/* Warm standby: the recovery region runs a replica and a fleet at `standby`
 * of full size. A failover promotes, switches DNS, then scales up. */
#include "models/strategies/builtin.h"

#include <math.h>

static const char *const keys[] = {"recovery", "replication", "acks",    "lag",
                                   "promote",  "scale_up",    "standby", NULL};

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
    .placement = STRATEGY_PAIR,
    .keys = keys,
    .layout = strategy_pair_layout,
    .standby_size = standby_size,
    .standby_holds_data = true,
    .on_health = strategy_pair_on_health,
    .failover_steps = failover_steps,
    .scale = strategy_pair_scale,
    .runbook_end = strategy_pair_runbook_end,
    .writes = strategy_pair_writes,
    .restore_cp = strategy_pair_restore_cp,
};
