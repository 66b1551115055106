/* Prices a strategy's simulated usage with the scenario's pricing table.
 * Pure arithmetic on its inputs: the same usage always gives the same bill.
 * GB are decimal (1e9 bytes), as scenario sizes are; a month is 30 days. */
#include "models/cost.h"

#include <assert.h>

#define BYTES_PER_GB 1e9
#define MONTH ((sim_time)30 * SIM_DAY)

static double months(sim_time d)
{
    return d > 0 ? (double)d / (double)MONTH : 0.0;
}

/* USD per GB from region i to region j: the flat override when set, else the
 * per-pair table. Staying in a region is free. */
static double transfer_price(const struct scenario *s, int i, int j)
{
    if (i == j)
        return 0.0;
    if (s->costs.transfer_gb >= 0.0)
        return s->costs.transfer_gb;
    return s->transfer_usd_gb[i][j];
}

static double internet_price(const struct scenario *s, int i)
{
    double p = s->internet_usd_gb[i];
    return p > 0.0 ? p : s->costs.internet_gb;
}

double cost_price(const struct scenario *s, const struct cost_usage *u, struct cost_breakdown *out)
{
    assert(s && u);
    const struct scenario_costs *c = &s->costs;
    struct cost_breakdown b = {0};
    double m = months(u->duration);
    int n = s->n_regions;
    if (n < 0 || n > SCENARIO_MAX_REGIONS)
        n = SCENARIO_MAX_REGIONS;

    b.compute = u->instance_hours * c->instance_hour;
    b.database = u->db_instance_hours * c->db_instance_hour;
    b.storage = u->storage_gb_months * c->storage_gb_month;
    b.snapshots = u->snapshot_gb_months * c->snapshot_gb_month;
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++)
            b.transfer += u->transfer_bytes[i][j] / BYTES_PER_GB * transfer_price(s, i, j);
        b.internet += u->internet_bytes[i] / BYTES_PER_GB * internet_price(s, i);
    }
    b.dns = u->dns_queries / 1e6 * c->dns_per_million + (double)u->zones * c->zone_month * m;
    b.health_checks = (double)u->health_checks * c->health_check_month * m;
    b.total = b.compute + b.database + b.storage + b.snapshots + b.transfer + b.internet + b.dns +
              b.health_checks;
    if (out)
        *out = b;
    return b.total;
}

void cost_month_items(const struct cost_breakdown *b, sim_time duration, double *total,
                      double items[7])
{
    const double v[7] = {b->compute,  b->database, b->storage,        b->snapshots,
                         b->transfer, b->internet, b->dns + b->health_checks};
    double m = months(duration);
    for (int i = 0; i < 7; i++)
        items[i] = m > 0 ? v[i] / m : 0;
    *total = m > 0 ? b->total / m : 0;
}

double cost_per_month(const struct scenario *s, const struct cost_usage *u)
{
    if (u->duration <= 0)
        return 0.0;
    return cost_price(s, u, NULL) / months(u->duration);
}
