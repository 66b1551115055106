/* Per-year figures of year-long runs (DESIGN section 1: "over a year of
 * random outages, what is the expected downtime and data loss?"): each
 * replication is a year (or, for a horizon of at least 30 days, scaled to
 * one), and what a strategy's years look like is the distribution of these
 * over its replications: summary.json's per_year and the annual chart. */
#ifndef REGIONSIM_MODELS_ANNUAL_H
#define REGIONSIM_MODELS_ANNUAL_H

#include <stdbool.h>

#include "models/summary.h"

/* Figure id, summary.json key, unit. */
#define ANNUAL_MAP(X)                                                                              \
    X(UNAVAILABLE, "unavailable_hours", "h")                                                       \
    X(DOWNTIME, "downtime_hours", "h")                                                             \
    X(LOST_WRITES, "lost_writes", "count")                                                         \
    X(INCIDENTS, "incidents", "count")
enum annual {
#define ANNUAL_ENUM(id, key, unit) ANNUAL_##id,
    ANNUAL_MAP(ANNUAL_ENUM)
#undef ANNUAL_ENUM
        ANNUAL_COUNT
};
const char *annual_key(enum annual a);
const char *annual_unit(enum annual a);

/* True when the horizon is long enough (30 days) for per-year figures. */
bool annual_applies(const struct scenario *s);

/* Figure a of one run per year: hours a year of requests failing
 * ((1 - availability) x 8760), downtime (minutes below the RTO threshold)
 * in hours, acknowledged writes lost (every incident's, kept or not
 * counted as the kept ones' mean), incidents; scaled from the horizon to
 * 365 days. NAN when the run has no requests. */
double annual_value(const struct run_record *r, sim_time horizon, enum annual a);

/* Figure a of strategy kind's runs in replication order into out[0..cap);
 * returns how many. */
int annual_values(const struct summary *s, int kind, enum annual a, double *out, int cap);

#endif
