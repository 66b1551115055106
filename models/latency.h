/* Round-trip times between regions, populations and custom points: the measured
 * median tables (AWS, Azure) first, then a measured neighbour (a table region in
 * the same metro), then the fibre formula. Pure functions over embedded data. */
#ifndef REGIONSIM_MODELS_LATENCY_H
#define REGIONSIM_MODELS_LATENCY_H

#include "models/region.h"

/* Light in fibre: ~204,000 km/s, i.e. ~1 ms of RTT per 102 km of path
 * (reference README, "Latency facts"). */
#define LATENCY_FIBRE_KM_PER_MS 204.0
/* Measured AWS RTT / great-circle fibre RTT: median 1.57 over 45 pairs; the
 * README's fallback is 1.6 x great-circle fibre RTT + 1-2 ms. */
#define LATENCY_ROUTE_INFLATION 1.6
#define LATENCY_BASE_MS 1.5
/* A user's last mile: README "5-10 ms same metro" to the nearest region, so
 * 6 ms of access on top of the 1.5 ms base puts a same-metro user at 7.5 ms. */
#define LATENCY_ACCESS_MS 6.0
/* A table region this close stands in for a point that no table holds. */
#define LATENCY_NEIGHBOUR_KM 100.0

/* Which measured tables an estimate may use (tests hold some out). */
#define LATENCY_TABLE_AWS 1u
#define LATENCY_TABLE_AZURE 2u
#define LATENCY_TABLES_ALL (LATENCY_TABLE_AWS | LATENCY_TABLE_AZURE)

enum latency_source {
    LATENCY_MEASURED,  /* both ends are in one table */
    LATENCY_NEIGHBOUR, /* a table pair of regions within LATENCY_NEIGHBOUR_KM */
    LATENCY_ESTIMATED, /* fibre formula */
};
/* "measured median", "measured neighbour", "estimated". */
const char *latency_source_name(enum latency_source s);

/* A place: a catalog region (region != NULL) or bare coordinates. */
struct latency_point {
    const struct region_info *region;
    double lat, lon;
};

/* Great-circle distance in km (haversine, mean Earth radius 6371 km). */
double latency_great_circle_km(double lat1, double lon1, double lat2, double lon2);
/* The fallback: LATENCY_ROUTE_INFLATION x fibre RTT over km + LATENCY_BASE_MS. */
double latency_fibre_rtt_ms(double km);
/* The measured median RTT of a pair of catalog regions in one table allowed by
 * `tables`, or NAN when no table holds it. */
double latency_measured_ms(const struct region_info *a, const struct region_info *b,
                           unsigned tables);
/* Median RTT in ms between two points, from the best source `tables` allows;
 * *source (if not NULL) says which. Never fails: the formula always applies. */
double latency_rtt_ms(const struct latency_point *a, const struct latency_point *b, unsigned tables,
                      enum latency_source *source);

#endif
