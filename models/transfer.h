/* Inter-region transfer prices and bulk throughput between two places, from
 * the embedded price and throughput tables, with documented fallbacks for
 * pairs the tables do not hold (custom regions, most Azure and GCP pairs). */
#ifndef REGIONSIM_MODELS_TRANSFER_H
#define REGIONSIM_MODELS_TRANSFER_H

#include <stdbool.h>

#include "models/latency.h"

/* Skyplane 2022: 3.1-4.7 Gbps per large VM pair, median 3.6 (README). */
#define TRANSFER_FALLBACK_GBPS 3.6
/* AWS inter-region transfer out of US/EU regions (README): the last resort. */
#define TRANSFER_FALLBACK_USD_GB 0.02

/* USD per GB sent from a to b (0 within one region). Exact table rows first
 * (AWS: the AWS price list; other providers: the cross-cloud egress table);
 * else the price of the nearest priced pair of the same providers (a custom
 * end matches any provider); else TRANSFER_FALLBACK_USD_GB. *from_table (if
 * not NULL) says whether an exact row was used. Never fails. */
double transfer_usd_gb(const struct latency_point *a, const struct latency_point *b,
                       bool *from_table);

/* USD per GB from catalog region r to the internet (users), from the AWS
 * price list's "internet" rows; 0 when no table prices it (the caller then
 * uses its default, costs.internet_gb). Never fails. */
double transfer_internet_usd_gb(const struct region_info *r);

/* Bulk throughput a -> b in bytes per second: the measured pair (either
 * direction), else a measured pair of regions within LATENCY_NEIGHBOUR_KM of
 * each end, else TRANSFER_FALLBACK_GBPS. *measured (if not NULL) says whether
 * the exact pair was measured. Never fails. */
double transfer_throughput_bps(const struct latency_point *a, const struct latency_point *b,
                               bool *measured);

#endif
