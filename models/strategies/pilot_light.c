/* Pilot light: a replica database runs in the recovery region with no app
 * fleet. A failover promotes the replica, starts the fleet, switches DNS. */
#include "models/strategies/builtin.h"

static const char *const keys[] = {"recovery", "replication", "acks",     "lag",           "reads",
                                   "promote",  "dns_switch",  "failback", "start_compute", "fencing", "lease", "stonith", NULL};

static void failover_steps(struct strategy *st, int rec)
{
    const struct scenario_strategy *c = st->cfg;
    strategy_add_step(st, PHASE_PROMOTE, &c->promote, -1);
    strategy_add_step(st, PHASE_START, &c->start_compute, rec);
    strategy_add_step(st, PHASE_DNS_SWITCH, &c->dns_switch, -1);
}

const struct strategy_type strategy_pilot_light = {
    .key = "pilot_light",
    .label = "Pilot light",
    .keys = keys,
    STRATEGY_PAIR_OPS,
    .standby_size = strategy_no_standby,
    .standby_holds_data = true,
    .failover_steps = failover_steps,
};
