/* TEST FIXTURE, not product code: a synthetic scenario and synthetic run
 * results shaped like the world's (an outage at 6 h, four strategies with
 * typical RTO/RPO/cost, per-minute timelines, latency histograms), so the
 * writers and charts can be tested without simulating. Values vary per
 * replication by a fixed formula, so every fixture is the same bytes. */
#ifndef REGIONSIM_TESTS_FIXTURE_RUNS_H
#define REGIONSIM_TESTS_FIXTURE_RUNS_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "strategies.h"
#include "models/results.h"
#include "models/summary.h"
#include "plots/plot.h"
#include "scenarios/scenario.h"

#define FIXTURE_REPS 5

static void fixture_scenario(struct scenario *s)
{
    strategy_scenario_defaults(s);
    strcpy(s->name, "fixture-shop");
    strcpy(s->description, "Synthetic: primary us-east-1 fails at 06:00 for two hours");
    s->horizon = 24 * SIM_HOUR;
    s->replications = FIXTURE_REPS;
    s->seed = 7;
    s->n_inputs = 1;
    strcpy(s->inputs[0].file, "fixture-shop.yaml");
    strcpy(s->inputs[0].sha256, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    s->n_regions = 3;
    strcpy(s->regions[0].name, "us-east-1");
    strcpy(s->regions[1].name, "eu-west-1");
    strcpy(s->regions[2].name, "ap-southeast-1");
    s->n_users = 3;
    strcpy(s->users[0].from, "north-america-east");
    strcpy(s->users[1].from, "europe-west");
    strcpy(s->users[2].from, "asia-southeast");
    s->users[0].share = 0.5;
    s->users[1].share = 0.3;
    s->users[2].share = 0.2;
    for (int k = 0; k < STRATEGY_COUNT; k++)
        s->strategies[k].enabled = true;
    s->report.rto_target = (struct sim_opt_time){true, 15 * SIM_MIN};
    s->report.rpo_target = (struct sim_opt_time){true, 1 * SIM_MIN};
    /* Five replications bound only a low quantile from above (binomial
     * order statistics: the 4th of 5 values bounds p20 at 95%), so the
     * fixture's verdicts are judged on p20 to be decidable. */
    s->report.target_quantile = 0.2;
}

/* A deterministic spread in [-1, 1] for replication rep and a salt. */
static double fixture_jitter(int rep, int salt)
{
    unsigned x = (unsigned)(rep * 2654435761u) ^ (unsigned)(salt * 40503u);
    x ^= x >> 13;
    x *= 0x5bd1e995u;
    x ^= x >> 15;
    return (double)(x % 2001u) / 1000.0 - 1.0;
}

/* Fills r as replication rep of strategy k. censor: make its incident censored. */
static void fixture_run(const struct scenario *s, int k, int rep, bool censor,
                        struct run_result *r)
{
    static const double rto_s[] = {3.2 * 3600, 25 * 60, 6 * 60, 40};
    static const double rpo_s[] = {31 * 60, 4, 1.2, 0.3};
    static const double cost[] = {1150, 1520, 2310, 3420};
    static const double dns_s[] = {3.1 * 3600, 24 * 60, 5 * 60, 90};
    double j = fixture_jitter(rep, (int)k);
    memset(r, 0, sizeof *r);
    r->strategy = k;
    r->replication = rep;
    r->requests = 17280000;
    r->n_incidents = r->incidents_total = 1;
    struct incident_result *in = &r->incidents[0];
    in->kind = FAILURE_REGION_OUTAGE;
    in->region = 0;
    in->t_fail = 6 * SIM_HOUR;
    in->t_end = 8 * SIM_HOUR;
    double rto = rto_s[k] * (1 + 0.15 * j);
    in->censored = censor;
    r->censored_total = censor;
    in->rto = censor ? 0 : sim_time_from_sec(rto);
    in->data_lost_applies = true;
    in->rpo = sim_time_from_sec(rpo_s[k] * (1 + 0.2 * j));
    in->lost_writes = (int64_t)(rpo_s[k] * 20 * (1 + 0.2 * j));
    in->extra_cost = 12 + 30 * (3 - k) * (1 + 0.1 * j);
    for (int p = 0; p < PHASE_COUNT; p++)
        in->phase_end[p] = -1;
    /* runbooks in order: detect, [decide], steps, dns switch shortly before recovery */
    sim_time te = sim_time_from_sec(90 + 20 * j);
    in->phase_end[PHASE_DETECT] = te;
    if (k == STRATEGY_BACKUP_RESTORE || k == STRATEGY_PILOT_LIGHT)
        in->phase_end[PHASE_DECIDE] = te = te + sim_time_from_sec(600 * (1 + 0.3 * j));
    if (k == STRATEGY_BACKUP_RESTORE) {
        in->phase_end[PHASE_PROVISION] = te = te + 20 * SIM_MIN;
        in->phase_end[PHASE_RESTORE] = sim_time_from_sec(rto * 0.93);
    }
    if (k == STRATEGY_PILOT_LIGHT || k == STRATEGY_WARM_STANDBY)
        in->phase_end[PHASE_PROMOTE] = te = te + SIM_MIN;
    if (k == STRATEGY_PILOT_LIGHT)
        in->phase_end[PHASE_START] = te + 8 * SIM_MIN;
    if (k != STRATEGY_BACKUP_RESTORE && k != STRATEGY_PILOT_LIGHT)
        in->phase_end[PHASE_SCALE] = te + 3 * SIM_MIN;
    if (k != STRATEGY_ACTIVE_ACTIVE)
        in->phase_end[PHASE_DNS_SWITCH] = sim_time_from_sec(rto * 0.97);

    r->cost_month = cost[k] * (1 + 0.02 * j);
    /* the bill's items in fixed shares (compute .. dns), summing to cost_month */
    static const double share[RESULTS_COST_ITEMS] = {0.6, 0.2, 0.05, 0.03, 0.02, 0.08, 0.02};
    for (int i = 0; i < RESULTS_COST_ITEMS; i++)
        r->cost_items[i] = r->cost_month * share[i];
    double down = censor ? 18 * 3600.0 : (k == STRATEGY_ACTIVE_ACTIVE ? 0 : rto * 0.9);
    r->downtime_s = down;
    r->successes = r->requests - (int64_t)(r->requests * down / 86400.0 * 0.7);
    r->failed[CAUSE_REGION_DOWN] = r->requests - r->successes;
    r->availability = (double)r->successes / (double)r->requests;
    r->conflicts_per_hour = k == STRATEGY_ACTIVE_ACTIVE ? 3.0 : NAN;
    r->lost_updates_per_hour = k == STRATEGY_ACTIVE_ACTIVE ? 0.5 : NAN;
    r->conflicts = k == STRATEGY_ACTIVE_ACTIVE ? 72 + rep : 0;
    r->lost_updates = k == STRATEGY_ACTIVE_ACTIVE ? 12 + rep % 3 : 0;

    r->n_users = s->n_users;
    static const double base_ms[SCENARIO_MAX_USERS] = {18, 95, 210};
    for (int u = 0; u < s->n_users; u++) {
        struct latency_result *l = &r->latency[u];
        sim_hist_init(&l->read);
        sim_hist_init(&l->write);
        sim_hist_init(&l->read_incident);
        sim_hist_init(&l->write_incident);
        double b = base_ms[u] * (k == STRATEGY_ACTIVE_ACTIVE && u > 0 ? 0.35 : 1.0);
        for (int i = 0; i < 400; i++) {
            double tail = 1 + 3.0 * pow((i + 0.5) / 400.0, 12);
            sim_hist_add(&l->read, (b + 4 + 0.02 * i) * tail * (1 + 0.03 * j) / 1e3);
            if (i % 4 == 0)
                sim_hist_add(&l->write, (b * 1.3 + 9) * tail / 1e3);
        }
    }

    r->timeline_step = SIM_MIN;
    r->timeline_points = RESULTS_TIMELINE_POINTS;
    for (int i = 0; i < RESULTS_TIMELINE_POINTS; i++) {
        double t = i * 60.0 - 6 * 3600.0; /* from the failure */
        double rec = censor ? 1e9 : rto;
        double ok = t < 0 || t >= rec ? 0.9995
                                      : (k == STRATEGY_ACTIVE_ACTIVE ? 0.55 + 0.45 * t / rec : 0.0);
        r->success_ratio[i] = ok;
        r->failed_region_share[i] = t < 0          ? 0
                                    : t < dns_s[k] ? 1.0
                                                   : 0.02 * exp(-(t - dns_s[k]) / 600);
        if (k == STRATEGY_ACTIVE_ACTIVE && t >= 0)
            r->failed_region_share[i] = t < 90 ? 0.5 : 0.5 * exp(-(t - 90) / 120);
        r->p99_ms[i] = 250 + (t >= 0 && t < rec ? 900 : 0);
    }
    for (int i = 0; i < RESULTS_INCIDENT_POINTS; i++) {
        int g = 6 * 60 - RESULTS_INCIDENT_BEFORE + i;
        r->inc_success_ratio[i] = r->success_ratio[g];
        r->inc_failed_region_share[i] = r->failed_region_share[g];
        r->inc_p99_ms[i] = r->p99_ms[g];
    }
    r->events = 1000000 + (uint64_t)rep;
}

/* Every run of the fixture: runs[rep * STRATEGY_COUNT + k]; replication 3 of
 * backup & restore never recovers (censored). Caller frees. */
static struct run_result *fixture_runs(const struct scenario *s, size_t *n)
{
    *n = (size_t)FIXTURE_REPS * STRATEGY_COUNT;
    struct run_result *runs = calloc(*n, sizeof *runs);
    if (runs == NULL)
        return NULL;
    for (int rep = 0; rep < FIXTURE_REPS; rep++)
        for (int k = 0; k < STRATEGY_COUNT; k++)
            fixture_run(s, k, rep, k == STRATEGY_BACKUP_RESTORE && rep == 3,
                        &runs[rep * STRATEGY_COUNT + k]);
    return runs;
}

/* The fixture's scenario, its runs and their summary, as cmocka group
 * setup and teardown: *state is a struct fixture_summary. */
struct fixture_summary {
    struct scenario s;
    struct run_result *runs;
    size_t n;
    struct summary *r;
};

static inline int fixture_summary_setup(void **state)
{
    struct fixture_summary *f = calloc(1, sizeof *f);
    *state = f;
    if (f == NULL)
        return -1;
    fixture_scenario(&f->s);
    f->runs = fixture_runs(&f->s, &f->n);
    f->r =
        f->runs ? summary_new(&f->s, f->runs, f->n, "regionsim run fixture.yaml --seed 7") : NULL;
    return f->r ? 0 : -1;
}

static inline int fixture_summary_teardown(void **state)
{
    struct fixture_summary *f = *state;
    if (f != NULL) {
        summary_free(f->r);
        free(f->runs);
        free(f);
    }
    plot_library_fini();
    return 0;
}

#endif
