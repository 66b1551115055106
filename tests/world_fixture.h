/* Scenarios built in C for the world's tests and benchmarks: regions and
 * populations at given RTTs, without the loader or the catalog. */
#ifndef REGIONSIM_TESTS_WORLD_FIXTURE_H
#define REGIONSIM_TESTS_WORLD_FIXTURE_H

#include <string.h>

#include "strategies.h"
#include "scenarios/scenario.h"

/* Adds a region with `instances` x `concurrency` servers and the other
 * region defaults (scenarios/defaults.c); returns its index. */
static inline int fx_region(struct scenario *s, const char *name, double lat, double lon,
                            int instances, int concurrency)
{
    int g = s->n_regions++;
    struct scenario_region *r = &s->regions[g];
    scenario_region_defaults(r);
    strncpy(r->name, name, sizeof r->name - 1);
    strcpy(r->provider, "aws");
    r->lat = lat;
    r->lon = lon;
    r->instances = instances;
    r->concurrency = concurrency;
    for (int b = 0; b < s->n_regions; b++) {
        s->throughput_bps[g][b] = s->throughput_bps[b][g] = 450e6;
        s->transfer_usd_gb[g][b] = s->transfer_usd_gb[b][g] = g == b ? 0 : 0.02;
    }
    return g;
}

/* Adds a population with RTTs (ms) to each region so far and the other
 * population defaults; returns its index. */
static inline int fx_users(struct scenario *s, const char *from, double share, const double *rtt_ms)
{
    int p = s->n_users++;
    struct scenario_users *u = &s->users[p];
    scenario_users_defaults(u);
    strncpy(u->from, from, sizeof u->from - 1);
    u->share = share;
    for (int g = 0; g < s->n_regions; g++)
        s->user_rtt_ms[p][g] = rtt_ms[g];
    return p;
}

/* Makes s's only failure an outage of `region` from `at` for `duration`. */
static inline void fx_outage(struct scenario *s, int region, sim_time at, sim_time duration)
{
    s->n_failures = 1;
    struct scenario_failure *f = &s->failures[0];
    scenario_failure_defaults(f);
    f->kind = FAILURE_REGION_OUTAGE;
    f->at = at;
    f->duration = duration;
    f->region = region;
}

/* Three regions (Virginia, Ireland, Singapore) with the AWS table's RTTs,
 * and five populations. */
static inline void fx_three_regions(struct scenario *s)
{
    strategy_scenario_defaults(s);
    fx_region(s, "us-east-1", 38.9, -77.4, 10, 8);
    fx_region(s, "eu-west-1", 53.3, -6.3, 10, 8);
    fx_region(s, "ap-southeast-1", 1.3, 103.8, 10, 8);
    double rtt[3][3] = {{1.5, 68, 214}, {68, 1.5, 172}, {214, 172, 1.5}};
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++)
            s->rtt_ms[a][b] = rtt[a][b];
    const double na_east[] = {8, 78, 225}, na_west[] = {65, 140, 170}, eu[] = {80, 10, 165},
                 asia[] = {220, 170, 12}, sa[] = {120, 190, 330};
    fx_users(s, "north-america-east", 0.3, na_east);
    fx_users(s, "north-america-west", 0.15, na_west);
    fx_users(s, "europe-west", 0.3, eu);
    fx_users(s, "asia-southeast", 0.15, asia);
    fx_users(s, "south-america", 0.1, sa);
    for (int k = 0; k < STRATEGY_COUNT; k++) {
        s->strategies[k].enabled = true;
        s->strategies[k].primary = 0;
        s->strategies[k].recovery = k == STRATEGY_ACTIVE_ACTIVE ? -1 : 1;
    }
}

#endif
