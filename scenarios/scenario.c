/* Names of failure kinds, and the defaults of every scenario
 * field. Defaults come from ../shared/reference/README.md (cited inline). */
#include "scenarios/scenario.h"

#include <string.h>

static const char *const failure_keys[] = {
#define FAILURE_KEY(id, key) key,
    FAILURE_MAP(FAILURE_KEY)
#undef FAILURE_KEY
};

const char *failure_key(enum failure_kind k)
{
    return (unsigned)k < FAILURE_KIND_COUNT ? failure_keys[k] : NULL;
}

static struct sim_dur lognormal(sim_time median, sim_time p95)
{
    struct sim_dur d = {SIM_DUR_LOGNORMAL, median, p95};
    return d;
}

/* The defaults every strategy starts from; a strategy module adjusts its own
 * (models/strategies/). */
static void strategy_defaults(struct scenario_strategy *st)
{
    memset(st, 0, sizeof *st);
    st->primary = 0;
    st->recovery = -1;
    st->replication = REPL_ASYNC;
    st->semi_sync_acks = 1;
    /* Aurora Global Database: lag "typically < 1 s". */
    st->lag = lognormal(200 * SIM_MS, 1 * SIM_SEC);
    st->writers = WRITER_SINGLE;
    st->conflicts = CONFLICT_LWW;
    st->clock_skew = 10 * SIM_MS;
    st->backup_interval = SIM_DAY;
    st->backup_duration = 5 * SIM_MIN;
    st->backup_copy = 0; /* size / measured inter-region throughput */
    st->backup_retention = 7;
    st->data_bytes = (int64_t)100 * 1000 * 1000 * 1000;
    /* EBS initialisation from a snapshot: 100-300 MiB/s. */
    st->restore_rate = 200.0 * 1024 * 1024;
    st->decide = lognormal(10 * SIM_MIN, 30 * SIM_MIN);
    /* A human approves a failover unless the scenario says `automatic: true`. */
    st->automatic = false;
    st->provision = sim_dur_fixed(20 * SIM_MIN);
    /* Aurora Global managed failover: about 1 minute. */
    st->promote = sim_dur_fixed(1 * SIM_MIN);
    st->start_compute = sim_dur_fixed(8 * SIM_MIN);
    st->scale_up = sim_dur_fixed(5 * SIM_MIN);
    st->dns_switch = sim_dur_fixed(1 * SIM_MIN);
    st->standby = 0.25;
    st->failback = false;
}

void scenario_defaults(struct scenario *s)
{
    memset(s, 0, sizeof *s);
    strcpy(s->name, "scenario");
    s->horizon = SIM_DAY;
    s->replications = 10;
    s->seed = 1;
    /* Inter-region ping sd is ~0.34 ms on tens of ms (Skyplane 2022): small. */
    s->rtt_jitter = 1.05;

    struct scenario_workload *w = &s->workload;
    w->rate = 100.0;
    w->write_fraction = 0.1;
    w->payload_bytes = 2000;
    w->service_time = (struct sim_dur){SIM_DUR_EXP, 5 * SIM_MS, 0};
    w->timeout = 2 * SIM_SEC;
    w->retries = 0;
    w->retry_backoff = 1 * SIM_SEC;
    w->keys = 1000000;
    w->zipf_s = 0.0;

    struct scenario_dns *d = &s->dns;
    d->ttl = 60 * SIM_SEC;            /* Route 53 guidance: <= 60 s with health checks */
    /* Calibrated to Flavel et al. 2014 (20 s TTL: ~90% of requests moved
     * within 60 s, ~2% still stale after 15 min). A resolver refreshing on
     * demand holds an answer of hold H with residual life distributed as
     * P(H > y) / E[H]; with exponential holds of mean m the stale share at
     * x > TTL is f exp(-x / m). stale(60 s) / stale(900 s) = 0.10 / 0.02
     * gives m = 840 s / ln 5 = 522 s, and f = 0.10 exp(60 / 522) = 0.11. */
    d->violator_fraction = 0.11;
    d->violator_hold = (struct sim_dur){SIM_DUR_EXP, 522 * SIM_SEC, 0};
    d->client_floor = 0;
    d->policy = DNS_POLICY_LATENCY;
    d->hc_interval = 30 * SIM_SEC;    /* Route 53 default */
    d->hc_threshold = 3;
    d->hc_checkers = 8;
    d->hc_healthy_fraction = 0.18;    /* Route 53: healthy if > 18% of checkers say so */
    d->hc_timeout = 4 * SIM_SEC;
    d->hc_false_positive = 0.0;
    d->switch_time = 30 * SIM_SEC;

    struct scenario_routing *r = &s->routing;
    r->mode = ROUTING_DNS;
    r->frontdoor_interval = 10 * SIM_SEC;
    r->frontdoor_threshold = 3;
    r->frontdoor_extra = 5 * SIM_MS;

    for (int k = 0; k < SCENARIO_MAX_STRATEGIES; k++)
        strategy_defaults(&s->strategies[k]);

    struct scenario_costs *c = &s->costs;
    c->instance_hour = 0.096;         /* m6i.large, us-east-1 */
    c->db_instance_hour = 0.29;       /* db.r6g.large-class, list */
    c->storage_gb_month = 0.10;
    c->snapshot_gb_month = 0.05;
    c->transfer_gb = -1.0;            /* per-region table */
    c->internet_gb = 0.09;            /* AWS internet egress, first tier */
    c->dns_per_million = 0.40;
    c->health_check_month = 0.50;
    c->zone_month = 0.50;

    s->report.formats = REPORT_FORMAT_PNG | REPORT_FORMAT_SVG;
    s->report.rto_target = 0;
    s->report.rpo_target = 0;
    s->report.rto_window = 60 * SIM_SEC;
    s->report.rto_threshold = 0.99;
}
