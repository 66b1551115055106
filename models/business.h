/* The cost of an outage to the business (DESIGN section 5): downtime, lost
 * acknowledged writes and SLA credits, annualised over the horizon. Reads a
 * finished run and the scenario's business block; writes nothing else. */
#ifndef REGIONSIM_MODELS_BUSINESS_H
#define REGIONSIM_MODELS_BUSINESS_H

#include <stdbool.h>

#include "models/results.h"

/* True when the block sets anything to count (a price or a credit). */
bool business_applies(const struct scenario_business *b);

/* The share of a month's bill refunded at availability a: the largest
 * credit among the tiers a falls below (0 when none). */
double business_sla_credit(const struct scenario_business *b, double a);

/* Expected USD per year the run's outages cost, annualised over `horizon`
 * as if every stretch of that length went the same way: downtime_per_hour x
 * the share of failed requests x hours per year, lost_write x lost writes x
 * horizons per year, and 12 months of the SLA credit owed at the run's
 * availability x cost_month. NAN when the run had no request. */
double business_outage_cost_year(const struct scenario_business *b, const struct run_result *r,
                                 sim_time horizon);

/* Fills r->outage_cost_year when s's business block applies. */
void business_fill(const struct scenario *s, struct run_result *r);

#endif
