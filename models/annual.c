/* Per-year figures of a run, scaled from its horizon to 365 days. */
#include "models/annual.h"

#include <math.h>

static const char *const keys[] = {
#define ANNUAL_KEY(id, key, unit) key,
    ANNUAL_MAP(ANNUAL_KEY)
#undef ANNUAL_KEY
};
static const char *const units[] = {
#define ANNUAL_UNIT(id, key, unit) unit,
    ANNUAL_MAP(ANNUAL_UNIT)
#undef ANNUAL_UNIT
};

const char *annual_key(enum annual a)
{
    return a < ANNUAL_COUNT ? keys[a] : "";
}

const char *annual_unit(enum annual a)
{
    return a < ANNUAL_COUNT ? units[a] : "";
}

bool annual_applies(const struct scenario *s)
{
    return s->horizon >= 30 * SIM_DAY;
}

double annual_value(const struct run_record *r, sim_time horizon, enum annual a)
{
    if (r->requests <= 0 || horizon <= 0)
        return NAN;
    double per_year = 365.0 * 86400.0 / sim_time_to_sec(horizon);
    double lost = 0;
    for (int i = 0; i < r->n_incidents; i++)
        if (r->incidents[i].data_lost_applies)
            lost += (double)r->incidents[i].lost_writes;
    switch (a) {
    case ANNUAL_UNAVAILABLE:
        return (1 - r->metric[METRIC_AVAILABILITY]) * 8760.0;
    case ANNUAL_DOWNTIME:
        return r->metric[METRIC_DOWNTIME] / 3600.0 * per_year;
    case ANNUAL_LOST_WRITES:
        /* incidents past the kept ones count at the kept ones' mean */
        if (r->n_incidents > 0 && r->incidents_total > r->n_incidents)
            lost *= (double)r->incidents_total / r->n_incidents;
        return lost * per_year;
    case ANNUAL_INCIDENTS:
        return r->incidents_total * per_year;
    case ANNUAL_COUNT:
        break;
    }
    return NAN;
}

int annual_values(const struct summary *s, int kind, enum annual a, double *out, int cap)
{
    int n = 0;
    for (size_t i = 0; i < s->n_runs && n < cap; i++)
        if (s->runs[i].strategy == kind)
            out[n++] = annual_value(&s->runs[i], s->scenario->horizon, a);
    return n;
}
