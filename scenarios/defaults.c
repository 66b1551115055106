/* The defaults table (see defaults.h) and the functions that apply it: to a
 * whole scenario, and to one region, user population, failure or strategy.
 * Sources cite ../shared/reference/README.md and the providers' docs. */
#include "scenarios/defaults.h"

#include <string.h>

#define ROW(sc, st, k, ty, m, txt, un, src, ...)                                                   \
    {                                                                                              \
        .key = k, .text = txt, .unit = un, .source = src, .scope = SCENARIO_SCOPE_##sc,            \
        .type = SCENARIO_DEF_##ty, .offset = offsetof(st, m), __VA_ARGS__                          \
    }
/* A key of `struct scenario`, of a region, of a user population, ... */
#define TOP(k, ty, m, txt, un, src, ...)                                                           \
    ROW(TOP, struct scenario, k, ty, m, txt, un, src, __VA_ARGS__)
#define REG(k, ty, m, txt, un, src, ...)                                                           \
    ROW(REGION, struct scenario_region, "regions[]." k, ty, m, txt, un, src, __VA_ARGS__)
#define USR(k, ty, m, txt, un, src, ...)                                                           \
    ROW(USERS, struct scenario_users, "users[]." k, ty, m, txt, un, src, __VA_ARGS__)
#define FLR(k, ty, m, txt, un, src, ...)                                                           \
    ROW(FAILURE, struct scenario_failure, "failures[]." k, ty, m, txt, un, src, __VA_ARGS__)
#define STG(k, ty, m, txt, un, src, ...)                                                           \
    ROW(STRATEGY, struct scenario_strategy, "strategies.*." k, ty, m, txt, un, src, __VA_ARGS__)
/* A strategy key's default for the strategy named `name` only. */
#define FOR(name, k, ty, m, txt, un, src, ...)                                                     \
    STG(k, ty, m, txt, un, src, .strategy = name, __VA_ARGS__)
/* A key with no stored default (required, or resolved from other keys). */
#define NONE(k, txt, un)                                                                           \
    {                                                                                              \
        .key = k, .text = txt, .unit = un, .type = SCENARIO_DEF_NONE                               \
    }

#define W(m) workload.m
#define D(m) dns.m
#define R(m) routing.m
#define C(m) costs.m
#define P(m) report.m
#define DIST(k, a, b)                                                                              \
    {                                                                                              \
        .dist = { SIM_DUR_##k, a, b }                                                              \
    }
#define FIXED(a) DIST(FIXED, a, 0)
/* The names of an enum's values (a BITS row's bits), in value order. */
#define WORDS(a) .names = a, .n_names = (int)(sizeof a / sizeof a[0])

/* As the loader reads them (test_report checks both spellings agree). */
static const char *const policy_words[] = {[DNS_POLICY_LATENCY] = "latency",
                                           [DNS_POLICY_GEO] = "geo",
                                           [DNS_POLICY_WEIGHTED] = "weighted",
                                           [DNS_POLICY_FAILOVER] = "failover"};
static const char *const routing_words[] = {[ROUTING_DNS] = "dns", [ROUTING_ANYCAST] = "anycast"};
static const char *const repl_words[] = {[REPL_ASYNC] = "async",
                                         [REPL_SEMI_SYNC] = "semi_sync",
                                         [REPL_SYNC] = "sync",
                                         [REPL_NONE] = "none"};
static const char *const writer_words[] = {[WRITER_SINGLE] = "single", [WRITER_MULTI] = "multi"};
static const char *const conflict_words[] = {
    [CONFLICT_LWW] = "lww", [CONFLICT_VECTOR_CLOCK] = "vector_clock", [CONFLICT_CRDT] = "crdt"};
static const char *const read_words[] = {[READS_PRIMARY] = "primary",
                                         [READS_LOCAL] = "local",
                                         [READS_QUORUM] = "quorum",
                                         [READS_SESSION] = "session"};
static const char *const fencing_words[] = {
    [FENCING_NONE] = "none", [FENCING_LEASE] = "lease", [FENCING_STONITH] = "stonith"};
static const char *const residency_words[] = {[RESIDENCY_FAIL_CLOSED] = "fail_closed",
                                              [RESIDENCY_FAIL_OPEN] = "fail_open"};
static const char *const store_words[] = {
    [SESSIONS_NONE] = "none",           [SESSIONS_STICKY] = "sticky",
    [SESSIONS_REGIONAL] = "regional",   [SESSIONS_REPLICATED] = "replicated",
    [SESSIONS_CENTRAL] = "central",     [SESSIONS_TOKEN] = "token"};
static const char *const format_words[] = {"png", "svg", "pdf"}; /* REPORT_FORMAT_* bits */

static const char *const aurora = "Aurora Global Database: lag typically < 1 s, failover ~1 min";
static const char *const route53 = "Route 53 developer guide: health checks and TTL";
static const char *const flavel = "Flavel et al. 2014 (reference README): TTL violators";

static const struct scenario_default table[] = {
    TOP("scenario", STR, name, "scenario", "text", NULL, .v = {.s = "scenario"}),
    TOP("description", STR, description, NULL, "text", NULL, .v = {.s = ""}),
    TOP("horizon", TIME, horizon, "24h", "duration", NULL, .v = {.t = SIM_DAY}),
    TOP("replications", INT, replications, "10", "count", NULL, .v = {.i = 10}),
    TOP("seed", U64, seed, "1", "integer", NULL, .v = {.i = 1}),
    NONE("regions", NULL, "list"),
    NONE("regions[].name", NULL, "text"),
    NONE("regions[].lat", NULL, "degrees"),
    NONE("regions[].lon", NULL, "degrees"),
    REG("instances", INT, instances, "10", "count", NULL, .v = {.i = 10}),
    REG("concurrency", INT, concurrency, "8", "count", NULL, .v = {.i = 8}),
    REG("max_queue", INT, max_queue, NULL, "count", NULL, .v = {.i = 0}),
    REG("weight", NUM, weight, "1", "number", NULL, .v = {.d = 1}),
    NONE("latency.file", NULL, "path"),
    /* Inter-region ping sd is ~0.34 ms on tens of ms: small. */
    TOP("latency.jitter", NUM, rtt_jitter, "1.05", "ratio", "Skyplane 2022 (reference README)",
        .v = {.d = 1.05}),
    NONE("users", NULL, "list"),
    NONE("users[].from", NULL, "name"),
    NONE("users[].name", NULL, "text"),
    NONE("users[].lat", NULL, "degrees"),
    NONE("users[].lon", NULL, "degrees"),
    NONE("users[].share", NULL, "fraction"),
    USR("diurnal_ratio", NUM, diurnal_ratio, "1", "ratio", NULL, .v = {.d = 1}),
    USR("peak_hour", INT, peak_hour, "20", "hour 0-23", NULL, .v = {.i = 20}),
    USR("resolvers", INT, resolvers, "100", "count", NULL, .v = {.i = 100}),
    NONE("users[].residency", NULL, "list"),
    NONE("autoscale.target", NULL, "fraction"),
    TOP("autoscale.interval", TIME, autoscale.interval, "1m", "duration", NULL,
        .v = {.t = SIM_MIN}),
    /* EC2 Auto Scaling: an instance boots and passes health checks in a few
     * minutes (default warm-up 300 s). */
    TOP("autoscale.delay", TIME, autoscale.delay, "5m", "duration",
        "EC2 Auto Scaling: default instance warm-up 300 s", .v = {.t = 5 * SIM_MIN}),
    TOP("autoscale.max_instances", INT, autoscale.max_instances, "100", "count", NULL,
        .v = {.i = 100}),
    TOP("sessions.store", INT, sessions.store, "none", "word", NULL, .v = {.i = SESSIONS_NONE},
        WORDS(store_words)),
    TOP("sessions.ttl", TIME, sessions.ttl, "30m", "duration", NULL, .v = {.t = 30 * SIM_MIN}),
    /* An assumption: an active user's request every 20 s. */
    TOP("sessions.per_user_rate", NUM, sessions.per_user_rate, "0.05/s", "rate", NULL,
        .v = {.d = 0.05}),
    TOP("sessions.region", INT, sessions.region, NULL, "region", NULL, .v = {.i = -1}),
    TOP("residency.policy", INT, residency_policy, "fail_closed", "word", "GDPR chapter V (art. 44-49): transfers need a legal basis",
        .v = {.i = RESIDENCY_FAIL_CLOSED}, WORDS(residency_words)),
    TOP("workload.rate", NUM, W(rate), "100/s", "rate", NULL, .v = {.d = 100}),
    TOP("workload.write_fraction", NUM, W(write_fraction), "0.1", "fraction", NULL,
        .v = {.d = 0.1}),
    TOP("workload.payload", SIZE, W(payload_bytes), "2KB", "size", NULL, .v = {.i = 2000}),
    TOP("workload.service_time", DIST, W(service_time), "{ mean: 5ms }", "distribution", NULL,
        .v = DIST(EXP, 5 * SIM_MS, 0)),
    TOP("workload.timeout", TIME, W(timeout), "2s", "duration", NULL, .v = {.t = 2 * SIM_SEC}),
    TOP("workload.retries", INT, W(retries), "0", "count 0-10", NULL, .v = {.i = 0}),
    TOP("workload.retry_backoff", TIME, W(retry_backoff), "1s", "duration", NULL,
        .v = {.t = SIM_SEC}),
    NONE("workload.retry_budget", NULL, "fraction"),
    TOP("workload.circuit_breaker.failures", INT, W(breaker_failures), NULL, "count", NULL,
        .v = {.i = 0}, .absent = "none (no breakers)"),
    TOP("workload.circuit_breaker.open", TIME, W(breaker_open), "30s", "duration", NULL,
        .v = {.t = 30 * SIM_SEC}),
    TOP("workload.keys", U64, W(keys), "1000000", "count", NULL, .v = {.i = 1000000}),
    TOP("workload.zipf", NUM, W(zipf_s), "0", "number 0-5", NULL, .v = {.d = 0}),
    TOP("workload.sample_rate", SAMPLE, W(sample_rate), "auto", "`auto`, `exact` or rate", NULL,
        .v = {.d = SCENARIO_SAMPLE_AUTO}),
    TOP("dns.ttl", TIME, D(ttl), "60s", "duration", route53, .v = {.t = 60 * SIM_SEC}),
    /* Calibrated to Flavel et al. 2014 (20 s TTL: ~90% of requests moved
     * within 60 s, ~2% still stale after 15 min). A resolver refreshing on
     * demand holds an answer of hold H with residual life distributed as
     * P(H > y) / E[H]; with exponential holds of mean m the stale share at
     * x > TTL is f exp(-x / m). stale(60 s) / stale(900 s) = 0.10 / 0.02
     * gives m = 840 s / ln 5 = 522 s, and f = 0.10 exp(60 / 522) = 0.11. */
    TOP("dns.ttl_violators.fraction", NUM, D(violator_fraction), "11%", "fraction", flavel,
        .v = {.d = 0.11}),
    TOP("dns.ttl_violators.hold", DIST, D(violator_hold), "{ mean: 522s }", "distribution", flavel,
        .v = DIST(EXP, 522 * SIM_SEC, 0)),
    TOP("dns.client_floor", TIME, D(client_floor), "0", "duration", NULL, .v = {.t = 0}),
    TOP("dns.policy", INT, D(policy), "latency", "word", NULL, .v = {.i = DNS_POLICY_LATENCY},
        WORDS(policy_words)),
    TOP("dns.health_check.interval", TIME, D(hc_interval), "30s", "duration", route53,
        .v = {.t = 30 * SIM_SEC}),
    TOP("dns.health_check.threshold", INT, D(hc_threshold), "3", "count 1-10", route53,
        .v = {.i = 3}),
    TOP("dns.health_check.checkers", INT, D(hc_checkers), "8", "count", NULL, .v = {.i = 8}),
    /* Route 53: a region is healthy if more than 18% of checkers say so. */
    TOP("dns.health_check.healthy_fraction", NUM, D(hc_healthy_fraction), "18%", "fraction",
        route53, .v = {.d = 0.18}),
    TOP("dns.health_check.timeout", TIME, D(hc_timeout), "4s", "duration", NULL,
        .v = {.t = 4 * SIM_SEC}),
    TOP("dns.health_check.false_positive", NUM, D(hc_false_positive), "0", "fraction", NULL,
        .v = {.d = 0}),
    /* Checkers outside every scenario region see a region as its users do. */
    NONE("dns.health_check.from", NULL, "list"),
    TOP("dns.switch_time", TIME, D(switch_time), "30s", "duration", NULL, .v = {.t = 30 * SIM_SEC}),
    TOP("dns.control_plane", INT, D(control_plane), NULL, "region", NULL, .v = {.i = -1}),
    TOP("routing.mode", INT, R(mode), "dns", "word", NULL, .v = {.i = ROUTING_DNS},
        WORDS(routing_words)),
    TOP("routing.probe_interval", TIME, R(frontdoor_interval), "10s", "duration", NULL,
        .v = {.t = 10 * SIM_SEC}),
    TOP("routing.probe_threshold", INT, R(frontdoor_threshold), "3", "count", NULL, .v = {.i = 3}),
    TOP("routing.extra_latency", TIME, R(frontdoor_extra), "5ms", "duration", NULL,
        .v = {.t = 5 * SIM_MS}),
    TOP("routing.load_aware", BOOL, R(load_aware), "false", "boolean", NULL, .v = {.b = false}),
    TOP("routing.load_interval", TIME, R(load_interval), "10s", "duration", NULL,
        .v = {.t = 10 * SIM_SEC}),
    TOP("routing.load_target", NUM, R(load_target), "99.9%", "fraction", NULL,
        .v = {.d = 99.9 / 100}),
    NONE("failures", NULL, "list"),
    NONE("failures[].kind", NULL, "word"),
    NONE("failures[].at", NULL, "duration"),
    NONE("failures[].duration", NULL, "duration"),
    NONE("failures[].mtbf", NULL, "duration"),
    /* us-east-1 multi-hour events lasted 4-17 h, median ~10 h. */
    FLR("mttr", DIST, mttr, "{ median: 10h, p95: 17h }", "distribution",
        "reference README: us-east-1 outages", .v = DIST(LOGNORMAL, 10 * SIM_HOUR, 17 * SIM_HOUR)),
    NONE("failures[].region", NULL, "region"),
    NONE("failures[].between", NULL, "two regions"),
    FLR("capacity_lost", NUM, capacity_lost, "50%", "fraction", NULL, .v = {.d = 0.5}),
    FLR("extra_latency", TIME, extra_latency, "100ms", "duration", NULL, .v = {.t = 100 * SIM_MS}),
    FLR("loss", NUM, loss, "0", "fraction", NULL, .v = {.d = 0}),
    FLR("detect", TIME, detect, "30m", "duration", NULL, .v = {.t = 30 * SIM_MIN}),
    NONE("strategies", NULL, "map"),
    TOP("costs.instance_hour", NUM, C(instance_hour), "0.096", "USD", "AWS: m6i.large, us-east-1",
        .v = {.d = 0.096}),
    TOP("costs.db_instance_hour", NUM, C(db_instance_hour), "0.29", "USD",
        "AWS: db.r6g.large-class, list", .v = {.d = 0.29}),
    TOP("costs.storage_gb_month", NUM, C(storage_gb_month), "0.10", "USD/GB-month", NULL,
        .v = {.d = 0.10}),
    TOP("costs.snapshot_gb_month", NUM, C(snapshot_gb_month), "0.05", "USD/GB-month", NULL,
        .v = {.d = 0.05}),
    /* Negative: each pair's price from the per-region table. */
    TOP("costs.transfer_gb", NUM, C(transfer_gb), NULL, "USD/GB", "reference: AWS price list",
        .v = {.d = -1.0}, .absent = "per region pair"),
    TOP("costs.internet_gb", NUM, C(internet_gb), "0.09", "USD/GB",
        "AWS internet egress, first tier", .v = {.d = 0.09}),
    TOP("costs.dns_per_million", NUM, C(dns_per_million), "0.40", "USD/million", NULL,
        .v = {.d = 0.40}),
    TOP("costs.health_check_month", NUM, C(health_check_month), "0.50", "USD/month", NULL,
        .v = {.d = 0.50}),
    TOP("costs.zone_month", NUM, C(zone_month), "0.50", "USD/month", NULL, .v = {.d = 0.50}),
    TOP("report.formats", BITS, P(formats), "[png, svg]", "list", NULL,
        .v = {.i = REPORT_FORMAT_PNG | REPORT_FORMAT_SVG}, WORDS(format_words)),
    TOP("report.targets.rto", OPT, P(rto_target), NULL, "duration", NULL, .v = {.opt = {0}}),
    TOP("report.targets.rpo", OPT, P(rpo_target), NULL, "duration", NULL, .v = {.opt = {0}}),
    TOP("report.targets.availability", OFRAC, P(availability_target), NULL, "fraction", NULL,
        .v = {.ofrac = {0}}),
    TOP("report.targets.quantile", NUM, P(target_quantile), "95%", "fraction", "DESIGN section 5",
        .v = {.d = 0.95}),
    TOP("report.rto_window", TIME, P(rto_window), "60s", "duration", "DESIGN section 5",
        .v = {.t = 60 * SIM_SEC}),
    TOP("report.rto_threshold", NUM, P(rto_threshold), "99%", "fraction", "DESIGN section 5",
        .v = {.d = 0.99}),
    TOP("business.downtime_per_hour", NUM, business.downtime_per_hour, "0", "USD/hour", NULL,
        .v = {.d = 0}),
    TOP("business.lost_write", NUM, business.lost_write, "0", "USD", NULL, .v = {.d = 0}),
    NONE("business.sla", NULL, "list"),
    NONE("business.sla[].below", NULL, "fraction"),
    NONE("business.sla[].credit", NULL, "fraction"),
    NONE("sweep", NULL, "mapping"),
    NONE("extends", NULL, "path"),

    NONE("strategies.*.primary", NULL, "region"),
    NONE("strategies.*.recovery", NULL, "region"),
    NONE("strategies.*.regions", "all", "all or list"),
    STG("replication", INT, replication, "async", "word", NULL, .v = {.i = REPL_ASYNC},
        WORDS(repl_words)),
    FOR("backup_restore", "replication", INT, replication, "none", "word", NULL,
        .v = {.i = REPL_NONE}, WORDS(repl_words)),
    STG("acks", INT, semi_sync_acks, "1", "count", NULL, .v = {.i = 1}),
    STG("lag", DIST, lag, "{ median: 200ms, p95: 1s }", "distribution", aurora,
        .v = DIST(LOGNORMAL, 200 * SIM_MS, 1 * SIM_SEC)),
    STG("writers", INT, writers, "single", "word", NULL, .v = {.i = WRITER_SINGLE},
        WORDS(writer_words)),
    FOR("active_active", "writers", INT, writers, "multi", "word", NULL, .v = {.i = WRITER_MULTI},
        WORDS(writer_words)),
    STG("conflicts", INT, conflicts, "lww", "word", NULL, .v = {.i = CONFLICT_LWW},
        WORDS(conflict_words)),
    STG("clock_skew", TIME, clock_skew, "10ms", "duration", NULL, .v = {.t = 10 * SIM_MS}),
    STG("reads", INT, reads, "primary", "word",
        "Cosmos DB consistency levels; Bailis et al. 2012 (PBS)", .v = {.i = READS_PRIMARY},
        WORDS(read_words)),
    STG("fencing", INT, fencing, "none", "word", "Patroni, Pacemaker: leader leases and STONITH",
        .v = {.i = FENCING_NONE}, WORDS(fencing_words)),
    /* Patroni's leader key TTL (its `ttl` setting) defaults to 30 s. */
    STG("lease", TIME, lease, "30s", "duration", "Patroni: leader key ttl 30 s",
        .v = {.t = 30 * SIM_SEC}),
    /* An assumption: a control-plane call that stops the old primary's
     * database and is confirmed (instance state `stopped`). */
    STG("stonith", DIST, stonith, "1m", "distribution", NULL, .v = FIXED(1 * SIM_MIN)),
    STG("backup_interval", TIME, backup_interval, "24h", "duration", NULL, .v = {.t = SIM_DAY}),
    FOR("backup_restore", "backup_interval", TIME, backup_interval, "1h", "duration", NULL,
        .v = {.t = SIM_HOUR}),
    STG("backup_duration", TIME, backup_duration, "5m", "duration", NULL, .v = {.t = 5 * SIM_MIN}),
    /* Zero: the data size over the measured inter-region throughput. */
    STG("backup_copy", TIME, backup_copy, NULL, "duration", NULL, .v = {.t = 0},
        .absent = "data / measured throughput"),
    STG("retention", INT, backup_retention, "7", "count", NULL, .v = {.i = 7}),
    STG("data", SIZE, data_bytes, "100GB", "size", NULL, .v = {.i = 100000000000LL}),
    STG("restore_rate", NUM, restore_rate, "200MiB/s", "transfer rate",
        "EBS initialisation from a snapshot: 100-300 MiB/s", .v = {.d = 200.0 * 1024 * 1024}),
    STG("decide", DIST, decide, "{ median: 10m, p95: 30m }", "distribution", NULL,
        .v = DIST(LOGNORMAL, 10 * SIM_MIN, 30 * SIM_MIN)),
    /* Active-active fails over by health checks alone; the others wait for a
     * human's approval unless the scenario says `automatic: true`. */
    STG("automatic", BOOL, automatic, "false", "boolean", NULL, .v = {.b = false}),
    FOR("active_active", "automatic", BOOL, automatic, "true", "boolean", NULL, .v = {.b = true}),
    STG("provision", DIST, provision, "20m", "distribution", NULL, .v = FIXED(20 * SIM_MIN)),
    STG("promote", DIST, promote, "1m", "distribution", aurora, .v = FIXED(1 * SIM_MIN)),
    STG("start_compute", DIST, start_compute, "8m", "distribution", NULL, .v = FIXED(8 * SIM_MIN)),
    STG("scale_up", DIST, scale_up, "5m", "distribution", NULL, .v = FIXED(5 * SIM_MIN)),
    STG("dns_switch", DIST, dns_switch, "1m", "distribution", NULL, .v = FIXED(1 * SIM_MIN)),
    STG("standby", NUM, standby, "25%", "fraction", NULL, .v = {.d = 0.25}),
    STG("failback", BOOL, failback, "false", "boolean", NULL, .v = {.b = false}),
};

#define N_ROWS ((int)(sizeof table / sizeof table[0]))

const struct scenario_default *scenario_default_at(int i)
{
    return i >= 0 && i < N_ROWS ? &table[i] : NULL;
}

int scenario_default_count(void)
{
    return N_ROWS;
}

static void put(const struct scenario_default *d, void *base)
{
    char *p = (char *)base + d->offset;
    switch (d->type) {
    case SCENARIO_DEF_NONE:
        break;
    case SCENARIO_DEF_INT:
        *(int *)p = (int)d->v.i;
        break;
    case SCENARIO_DEF_U64:
        *(uint64_t *)p = (uint64_t)d->v.i;
        break;
    case SCENARIO_DEF_BITS:
        *(unsigned *)p = (unsigned)d->v.i;
        break;
    case SCENARIO_DEF_SIZE:
        *(int64_t *)p = (int64_t)d->v.i;
        break;
    case SCENARIO_DEF_NUM:
    case SCENARIO_DEF_SAMPLE:
        *(double *)p = d->v.d;
        break;
    case SCENARIO_DEF_BOOL:
        *(bool *)p = d->v.b;
        break;
    case SCENARIO_DEF_TIME:
        *(sim_time *)p = d->v.t;
        break;
    case SCENARIO_DEF_DIST:
        *(struct sim_dur *)p = d->v.dist;
        break;
    case SCENARIO_DEF_OPT:
        *(struct sim_opt_time *)p = d->v.opt;
        break;
    case SCENARIO_DEF_OFRAC:
        *(struct scenario_opt_frac *)p = d->v.ofrac;
        break;
    case SCENARIO_DEF_STR:
        strcpy(p, d->v.s); /* the table's strings fit their fields */
        break;
    }
}

/* Applies the rows of scope (base rows, then the overrides for `strategy`). */
static void apply(enum scenario_default_scope scope, const char *strategy, void *base)
{
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < N_ROWS; i++) {
            const struct scenario_default *d = &table[i];
            if (d->scope != scope || (pass == 0) != (d->strategy == NULL))
                continue;
            if (pass == 0 || (strategy && strcmp(d->strategy, strategy) == 0))
                put(d, base);
        }
}

void scenario_region_defaults(struct scenario_region *r)
{
    memset(r, 0, sizeof *r);
    apply(SCENARIO_SCOPE_REGION, NULL, r);
}

void scenario_users_defaults(struct scenario_users *u)
{
    memset(u, 0, sizeof *u);
    apply(SCENARIO_SCOPE_USERS, NULL, u);
}

void scenario_failure_defaults(struct scenario_failure *f)
{
    memset(f, 0, sizeof *f);
    f->kind = FAILURE_KIND_COUNT; /* none yet */
    f->region = -1;
    f->region_b = -1;
    apply(SCENARIO_SCOPE_FAILURE, NULL, f);
}

void scenario_strategy_defaults(struct scenario_strategy *st, const char *name)
{
    memset(st, 0, sizeof *st);
    st->recovery = -1; /* resolved by the loader: the region after the primary */
    apply(SCENARIO_SCOPE_STRATEGY, name, st);
}

void scenario_defaults(struct scenario *s)
{
    memset(s, 0, sizeof *s);
    apply(SCENARIO_SCOPE_TOP, NULL, s);
    /* Every item slot holds its defaults, so code that fills a region, user
     * population or failure by hand (tests, benches) gets what the loader
     * gives for the keys it leaves out. */
    for (int i = 0; i < SCENARIO_MAX_REGIONS; i++)
        scenario_region_defaults(&s->regions[i]);
    for (int i = 0; i < SCENARIO_MAX_USERS; i++)
        scenario_users_defaults(&s->users[i]);
    for (int i = 0; i < SCENARIO_MAX_FAILURES; i++)
        scenario_failure_defaults(&s->failures[i]);
    for (int k = 0; k < SCENARIO_MAX_STRATEGIES; k++)
        scenario_strategy_defaults(&s->strategies[k], NULL);
}
