/* Backup & restore: the primary serves and holds the only database; the
 * recovery region holds snapshots. A failover provisions a database there,
 * restores the latest snapshot, starts the fleet and switches DNS. */
#include "models/strategies/builtin.h"

static const char *const keys[] = {"recovery",      "provision", "promote", "start_compute",
                                   "dns_switch",    "failback",  "fencing", "lease", "stonith", NULL};

static void failover_steps(struct strategy *st, int rec)
{
    const struct scenario_strategy *c = st->cfg;
    strategy_add_step(st, PHASE_PROVISION, &c->provision, rec);
    struct sim_dur restore = strategy_restore_time(c);
    strategy_add_step(st, PHASE_RESTORE, &restore, -1);
    strategy_add_step(st, PHASE_START, &c->start_compute, rec);
    strategy_add_step(st, PHASE_DNS_SWITCH, &c->dns_switch, -1);
}

const struct strategy_type strategy_backup_restore = {
    .key = "backup_restore",
    .label = "Backup & restore",
    .keys = keys,
    STRATEGY_PAIR_OPS,
    .standby_size = strategy_no_standby,
    .standby_holds_data = false,
    .failover_steps = failover_steps,
};
