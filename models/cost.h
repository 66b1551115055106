/* Monthly cost of a strategy from what the simulation used: instance-hours
 * integrated over the run, storage, snapshots, inter-region transfer, DNS
 * queries and health checks, priced with the scenario's pricing table. */
#ifndef REGIONSIM_MODELS_COST_H
#define REGIONSIM_MODELS_COST_H

#include "scenarios/scenario.h"
#include "sim/time.h"

struct cost_usage {
    sim_time duration;             /* simulated span the usage covers */
    double instance_hours;         /* app tier, all regions */
    double db_instance_hours;      /* database primaries and replicas */
    double storage_gb_months;      /* live database copies */
    double snapshot_gb_months;     /* retained snapshots */
    double transfer_bytes[SCENARIO_MAX_REGIONS][SCENARIO_MAX_REGIONS];
    double internet_bytes[SCENARIO_MAX_REGIONS]; /* responses to users */
    double dns_queries;
    int health_checks;             /* configured checks (per region and zone) */
    int zones;                     /* hosted zones */
};

/* USD for the usage, by item (out may be NULL); the total is returned. GB are
 * 1e9 bytes; transfer uses costs.transfer_gb when >= 0, else the scenario's
 * per-pair table (i == j is free); internet egress scenario.internet_usd_gb[i]
 * when > 0, else costs.internet_gb. Monthly fees (zones in `dns`, health
 * checks) are prorated over u->duration. Only regions < s->n_regions count. */
struct cost_breakdown {
    double compute, database, storage, snapshots, transfer, internet, dns, health_checks, total;
};
double cost_price(const struct scenario *s, const struct cost_usage *u, struct cost_breakdown *out);

/* The bill b of a usage over `duration` scaled to a 30-day month: *total and
 * items[7] = compute, database, storage, snapshots, transfer, egress
 * (internet), DNS (queries, zones and health checks); they sum to *total
 * (to rounding). All 0 when duration <= 0. */
void cost_month_items(const struct cost_breakdown *b, sim_time duration, double *total,
                      double items[7]);

/* The usage's cost scaled to a 30-day month; 0 when u->duration <= 0. */
double cost_per_month(const struct scenario *s, const struct cost_usage *u);

#endif
