/* Names of strategies and failure kinds, and the defaults of every scenario
 * field. Defaults come from ../shared/reference/README.md (cited inline). */
#include "scenarios/scenario.h"

#include <string.h>

static const char *const strategy_keys[] = {
#define STRATEGY_KEY(id, key, label) key,
    STRATEGY_MAP(STRATEGY_KEY)
#undef STRATEGY_KEY
};
static const char *const strategy_labels[] = {
#define STRATEGY_LABEL(id, key, label) label,
    STRATEGY_MAP(STRATEGY_LABEL)
#undef STRATEGY_LABEL
};
static const char *const failure_keys[] = {
#define FAILURE_KEY(id, key) key,
    FAILURE_MAP(FAILURE_KEY)
#undef FAILURE_KEY
};

const char *strategy_key(enum strategy_kind k)
{
    return (unsigned)k < STRATEGY_COUNT ? strategy_keys[k] : NULL;
}

const char *strategy_label(enum strategy_kind k)
{
    return (unsigned)k < STRATEGY_COUNT ? strategy_labels[k] : NULL;
}

const char *failure_key(enum failure_kind k)
{
    return (unsigned)k < FAILURE_KIND_COUNT ? failure_keys[k] : NULL;
}

static struct sim_dur lognormal(sim_time median, sim_time p95)
{
    struct sim_dur d = {SIM_DUR_LOGNORMAL, median, p95};
    return d;
}

static void strategy_defaults(struct scenario_strategy *st, enum strategy_kind k)
{
    memset(st, 0, sizeof *st);
    st->primary = 0;
    st->recovery = -1;
    st->replication = k == STRATEGY_BACKUP_RESTORE ? REPL_NONE : REPL_ASYNC;
    st->semi_sync_acks = 1;
    /* Aurora Global Database: lag "typically < 1 s". */
    st->lag = lognormal(200 * SIM_MS, 1 * SIM_SEC);
    st->writers = k == STRATEGY_ACTIVE_ACTIVE ? WRITER_MULTI : WRITER_SINGLE;
    st->conflicts = CONFLICT_LWW;
    st->clock_skew = 10 * SIM_MS;
    st->backup_interval = k == STRATEGY_BACKUP_RESTORE ? SIM_HOUR : SIM_DAY;
    st->backup_duration = 5 * SIM_MIN;
    st->backup_copy = 0; /* size / measured inter-region throughput */
    st->backup_retention = 7;
    st->data_bytes = (int64_t)100 * 1000 * 1000 * 1000;
    /* EBS initialisation from a snapshot: 100-300 MiB/s. */
    st->restore_rate = 200.0 * 1024 * 1024;
    st->decide = lognormal(10 * SIM_MIN, 30 * SIM_MIN);
    /* Active-active fails over by health checks alone; the others wait for a
     * human's approval unless the scenario says `automatic: true`. */
    st->automatic = k == STRATEGY_ACTIVE_ACTIVE;
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
    /* Flavel et al. 2014: ~2% still stale after 15 min with a 20 s TTL. */
    d->violator_fraction = 0.02;
    d->violator_hold = sim_dur_fixed(15 * SIM_MIN);
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

    for (int k = 0; k < STRATEGY_COUNT; k++)
        strategy_defaults(&s->strategies[k], (enum strategy_kind)k);

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
