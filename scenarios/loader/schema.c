/* The scenario language as tables of {key, type, offset} (netplan style),
 * the handlers of the keys no plain type reads, and the walk of a whole
 * document from the top table (map.c applies a table to one mapping). */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "scenarios/loader/internal.h"

/* Short names for the tables below (internal.h). */
#define T LDR_TABLE
#define F LDR_FIELD

static const struct ldr_enum policy_names[] = {{"latency", DNS_POLICY_LATENCY},
                                               {"geo", DNS_POLICY_GEO},
                                               {"weighted", DNS_POLICY_WEIGHTED},
                                               {"failover", DNS_POLICY_FAILOVER},
                                               {NULL, 0}};
static const struct ldr_enum routing_names[] = {
    {"dns", ROUTING_DNS}, {"anycast", ROUTING_ANYCAST}, {NULL, 0}};

static void name_handler(struct ldr *L, yaml_node_t *n, void *target)
{
    char *name = target;
    char buf[SCENARIO_NAME_MAX];
    if (!ldr_string(L, n, "scenario", buf, sizeof buf))
        return;
    /* It names the output directory DIR/<scenario>/. */
    for (const char *p = buf; *p; p++) {
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_' || *p == '.') ||
            buf[0] == '.') {
            ldr_error(L, n->start_mark,
                      "'scenario' names the output directory: use letters, digits, '-', '_' "
                      "and '.' (not first), got '%s'",
                      buf);
            return;
        }
    }
    /* DIR/ itself holds the batch-level outputs (plots/index.h). */
    static const char *const batch_files[] = {"index.html", "summary.csv"};
    for (size_t i = 0; i < sizeof batch_files / sizeof batch_files[0]; i++) {
        if (strcasecmp(buf, batch_files[i]) == 0) {
            ldr_error(L, n->start_mark,
                      "'scenario' names the output directory DIR/%s/, which would collide with "
                      "the batch's DIR/%s: choose another name",
                      buf, batch_files[i]);
            return;
        }
    }
    strcpy(name, buf);
}

static void dns_cp_handler(struct ldr *L, yaml_node_t *n, void *target)
{
    ldr_defer_region(L, n, target, false, "dns.control_plane");
}

/* Every run keeps about 1 KB in memory and 52 KB of timelines in a
 * temporary file until the scenario's summary (models/run_store.h): the cap
 * keeps a scenario's runs within tens of MB and a few GB of disk. */
static void replications_handler(struct ldr *L, yaml_node_t *n, void *target)
{
    long long v;
    if (!ldr_integer(L, n, "replications", 1, 1000000000, &v))
        return;
    if (v > SCENARIO_MAX_REPLICATIONS) {
        ldr_error(L, n->start_mark,
                  "'replications' is at most %d: each run keeps 52 KB of timelines on disk "
                  "until the summary, so %lld runs per strategy would need %.3g GB",
                  SCENARIO_MAX_REPLICATIONS, v, (double)v * 52e-6);
        return;
    }
    *(int *)target = (int)v;
}

static void horizon_handler(struct ldr *L, yaml_node_t *n, void *target)
{
    L->horizon_mark = n->start_mark;
    ldr_duration(L, n, "horizon", true, target);
}

static void latency_file_handler(struct ldr *L, yaml_node_t *n, void *target)
{
    (void)target;
    if (ldr_string(L, n, "file", L->latency_file, sizeof L->latency_file))
        L->latency_file_mark = n->start_mark;
}

static void internet_handler(struct ldr *L, yaml_node_t *n, void *target)
{
    if (ldr_number(L, n, "internet_gb", 0, 1e6, target))
        L->internet_given = true;
}

/* `auto`, `exact` or a rate of sampled requests (models/world_sample.c). */
static void sample_rate_handler(struct ldr *L, yaml_node_t *n, void *target)
{
    double *out = target;
    const char *s = n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
    if (s && strcmp(s, "auto") == 0) {
        *out = SCENARIO_SAMPLE_AUTO;
        return;
    }
    if (s && strcmp(s, "exact") == 0) {
        *out = SCENARIO_SAMPLE_EXACT;
        return;
    }
    if (s && (s[0] < '0' || s[0] > '9') && s[0] != '.') {
        ldr_error(L, n->start_mark, "'sample_rate' takes auto, exact or a rate such as 500/s, not '%s'",
                  s);
        return;
    }
    double r;
    if (!ldr_rate(L, n, "sample_rate", &r))
        return;
    L->sample_rate_mark = n->start_mark;
    if (!(r >= 1)) {
        ldr_error(L, n->start_mark, "'sample_rate' must be at least 1/s, not '%s'", s);
        return;
    }
    *out = r;
}

static void formats_handler(struct ldr *L, yaml_node_t *n, void *target)
{
    static const char *const names[] = {"png", "svg", "pdf"};
    unsigned bits = 0;
    int n_items = n->type == YAML_SEQUENCE_NODE
                      ? (int)(n->data.sequence.items.top - n->data.sequence.items.start)
                      : 1;
    /* [] is allowed: no charts */
    for (int i = 0; i < n_items; i++) {
        yaml_node_t *it =
            n->type == YAML_SEQUENCE_NODE ? ldr_node(L, n->data.sequence.items.start[i]) : n;
        if (it == NULL || !ldr_enter(L, it))
            return;
        const char *s = ldr_scalar(L, it, "formats");
        int k = -1;
        for (int j = 0; s && j < 3; j++)
            if (strcmp(s, names[j]) == 0)
                k = j;
        if (s && k < 0) {
            const char *near = ldr_nearest(s, names, 3);
            ldr_error(L, it->start_mark, "unknown chart format '%s'%s%s%s; use png, svg or pdf", s,
                      near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
        }
        if (k >= 0)
            bits |= 1u << k;
        ldr_leave(L);
    }
    if (bits || n_items == 0)
        *(unsigned *)target = bits;
}

static const struct ldr_field latency_fields[] = {
    {.key = "file", .type = LDR_FN, .fn = latency_file_handler},
    F("jitter", LDR_NUM, struct scenario, rtt_jitter, .lo = 1, .hi = 10),
};
static const struct ldr_table latency_table = T(latency_fields, "latency");

static void retry_budget_handler(struct ldr *L, yaml_node_t *n, void *target)
{
    struct scenario_workload *w =
        (struct scenario_workload *)((char *)target - offsetof(struct scenario_workload, retry_budget));
    if (ldr_fraction(L, n, "retry_budget", &w->retry_budget))
        w->has_retry_budget = true;
}

static const struct ldr_field breaker_fields[] = {
    F("failures", LDR_INT, struct scenario_workload, breaker_failures, .lo = 1, .hi = 1000),
    F("open", LDR_DUR, struct scenario_workload, breaker_open, .flags = LDR_POSITIVE),
};
static const struct ldr_table breaker_table = T(breaker_fields, "circuit_breaker");

static const struct ldr_field workload_fields[] = {
    F("rate", LDR_RATE, struct scenario_workload, rate),
    F("write_fraction", LDR_FRAC, struct scenario_workload, write_fraction),
    F("payload", LDR_SIZE, struct scenario_workload, payload_bytes),
    F("service_time", LDR_DIST, struct scenario_workload, service_time, .flags = LDR_POSITIVE),
    F("timeout", LDR_DUR, struct scenario_workload, timeout, .flags = LDR_POSITIVE),
    F("retries", LDR_INT, struct scenario_workload, retries, .lo = 0, .hi = 10),
    F("retry_backoff", LDR_DUR, struct scenario_workload, retry_backoff),
    F("retry_budget", LDR_FN, struct scenario_workload, retry_budget, .fn = retry_budget_handler),
    F("circuit_breaker", LDR_MAP, struct scenario_workload, rate, .sub = &breaker_table),
    F("keys", LDR_U64, struct scenario_workload, keys, .lo = 1, .hi = 1e9),
    F("zipf", LDR_NUM, struct scenario_workload, zipf_s, .lo = 0, .hi = 5),
    F("sample_rate", LDR_FN, struct scenario_workload, sample_rate, .fn = sample_rate_handler),
};
static const struct ldr_table workload_table = T(workload_fields, "workload");

static const struct ldr_field violator_fields[] = {
    F("fraction", LDR_FRAC, struct scenario_dns, violator_fraction),
    F("hold", LDR_DIST, struct scenario_dns, violator_hold),
};
static const struct ldr_table violator_table = T(violator_fields, "ttl_violators");

static const struct ldr_field health_fields[] = {
    F("interval", LDR_DUR, struct scenario_dns, hc_interval, .flags = LDR_POSITIVE),
    F("threshold", LDR_INT, struct scenario_dns, hc_threshold, .lo = 1, .hi = 10),
    F("checkers", LDR_INT, struct scenario_dns, hc_checkers, .lo = 1, .hi = 64),
    F("healthy_fraction", LDR_FRAC, struct scenario_dns, hc_healthy_fraction),
    F("timeout", LDR_DUR, struct scenario_dns, hc_timeout, .flags = LDR_POSITIVE),
    F("false_positive", LDR_FRAC, struct scenario_dns, hc_false_positive),
    F("from", LDR_FN, struct scenario_dns, hc_from, .fn = ldr_checker_list),
};
static const struct ldr_table health_table = T(health_fields, "health_check");

static const struct ldr_field dns_fields[] = {
    F("ttl", LDR_DUR, struct scenario_dns, ttl),
    F("ttl_violators", LDR_MAP, struct scenario_dns, ttl, .sub = &violator_table),
    F("client_floor", LDR_DUR, struct scenario_dns, client_floor),
    F("policy", LDR_ENUM, struct scenario_dns, policy, .names = policy_names),
    F("health_check", LDR_MAP, struct scenario_dns, ttl, .sub = &health_table),
    F("switch_time", LDR_DUR, struct scenario_dns, switch_time),
    F("control_plane", LDR_FN, struct scenario_dns, control_plane, .fn = dns_cp_handler),
};
static const struct ldr_table dns_table = T(dns_fields, "dns");

static const struct ldr_field routing_fields[] = {
    F("mode", LDR_ENUM, struct scenario_routing, mode, .names = routing_names),
    F("probe_interval", LDR_DUR, struct scenario_routing, frontdoor_interval,
      .flags = LDR_POSITIVE),
    F("probe_threshold", LDR_INT, struct scenario_routing, frontdoor_threshold, .lo = 1, .hi = 10),
    F("extra_latency", LDR_DUR, struct scenario_routing, frontdoor_extra),
    F("load_aware", LDR_BOOL, struct scenario_routing, load_aware),
    F("load_interval", LDR_DUR, struct scenario_routing, load_interval, .flags = LDR_POSITIVE),
    F("load_target", LDR_FRAC, struct scenario_routing, load_target),
};
static const struct ldr_table routing_table = T(routing_fields, "routing");

#define COST(k, m) F(k, LDR_NUM, struct scenario_costs, m, .lo = 0, .hi = 1e6)
static const struct ldr_field cost_fields[] = {
    COST("instance_hour", instance_hour),
    COST("db_instance_hour", db_instance_hour),
    COST("storage_gb_month", storage_gb_month),
    COST("snapshot_gb_month", snapshot_gb_month),
    COST("transfer_gb", transfer_gb),
    F("internet_gb", LDR_FN, struct scenario_costs, internet_gb, .fn = internet_handler),
    COST("dns_per_million", dns_per_million),
    COST("health_check_month", health_check_month),
    COST("zone_month", zone_month),
};
static const struct ldr_table cost_table = T(cost_fields, "costs");

static const struct ldr_field target_fields[] = {
    F("rto", LDR_ODUR, struct scenario_report, rto_target, .flags = LDR_POSITIVE),
    F("rpo", LDR_ODUR, struct scenario_report, rpo_target), /* 0: nothing may be lost */
    F("availability", LDR_OFRAC, struct scenario_report, availability_target),
    F("quantile", LDR_FRAC, struct scenario_report, target_quantile, .flags = LDR_SOME),
};
static const struct ldr_table target_table = T(target_fields, "targets");

static const struct ldr_field report_fields[] = {
    F("formats", LDR_FN, struct scenario_report, formats, .fn = formats_handler),
    F("targets", LDR_MAP, struct scenario_report, formats, .sub = &target_table),
    F("rto_window", LDR_DUR, struct scenario_report, rto_window, .flags = LDR_POSITIVE),
    F("rto_threshold", LDR_FRAC, struct scenario_report, rto_threshold),
};
static const struct ldr_table report_table = T(report_fields, "report");

static const struct ldr_field business_fields[] = {
    F("downtime_per_hour", LDR_NUM, struct scenario_business, downtime_per_hour, .lo = 0,
      .hi = 1e12),
    F("lost_write", LDR_NUM, struct scenario_business, lost_write, .lo = 0, .hi = 1e9),
    F("sla", LDR_FN, struct scenario_business, sla, .fn = ldr_sla, .flags = LDR_LIST,
      .sub = &ldr_sla_item),
};
static const struct ldr_table business_table = T(business_fields, "business");

static const struct ldr_enum residency_names[] = {
    {"fail_closed", RESIDENCY_FAIL_CLOSED}, {"fail_open", RESIDENCY_FAIL_OPEN}, {NULL, 0}};
static const struct ldr_field residency_fields[] = {
    F("policy", LDR_ENUM, struct scenario, residency_policy, .names = residency_names),
};
static const struct ldr_table residency_table = T(residency_fields, "residency");

static void sessions_region_handler(struct ldr *L, yaml_node_t *n, void *target)
{
    ldr_defer_region(L, n, target, false, "sessions.region");
}
static const struct ldr_enum store_names[] = {
    {"sticky", SESSIONS_STICKY},   {"regional", SESSIONS_REGIONAL}, {"replicated", SESSIONS_REPLICATED},
    {"central", SESSIONS_CENTRAL}, {"token", SESSIONS_TOKEN},       {"none", SESSIONS_NONE},
    {NULL, 0}};
static const struct ldr_field sessions_fields[] = {
    F("store", LDR_ENUM, struct scenario_sessions, store, .names = store_names),
    F("ttl", LDR_DUR, struct scenario_sessions, ttl, .flags = LDR_POSITIVE),
    F("per_user_rate", LDR_RATE, struct scenario_sessions, per_user_rate),
    F("region", LDR_FN, struct scenario_sessions, region, .fn = sessions_region_handler),
};
static const struct ldr_table sessions_table = T(sessions_fields, "sessions");

static void autoscale_target_handler(struct ldr *L, yaml_node_t *n, void *target)
{
    struct scenario_autoscale *a =
        (struct scenario_autoscale *)((char *)target - offsetof(struct scenario_autoscale, target));
    if (ldr_fraction(L, n, "autoscale.target", &a->target)) {
        if (a->target <= 0)
            ldr_error(L, n->start_mark, "'autoscale.target' is a utilisation above 0%%, e.g. 70%%");
        a->on = true;
    }
}
static const struct ldr_field autoscale_fields[] = {
    F("target", LDR_FN, struct scenario_autoscale, target, .fn = autoscale_target_handler),
    F("interval", LDR_DUR, struct scenario_autoscale, interval, .flags = LDR_POSITIVE),
    F("delay", LDR_DUR, struct scenario_autoscale, delay),
    F("max_instances", LDR_INT, struct scenario_autoscale, max_instances, .lo = 1, .hi = 100000),
};
static const struct ldr_table autoscale_table = T(autoscale_fields, "autoscale");

static const struct ldr_field top_fields[] = {
    F("scenario", LDR_FN, struct scenario, name, .fn = name_handler),
    F("description", LDR_STR, struct scenario, description, .hi = 1024),
    F("horizon", LDR_FN, struct scenario, horizon, .fn = horizon_handler),
    F("replications", LDR_FN, struct scenario, replications, .fn = replications_handler),
    F("seed", LDR_U64, struct scenario, seed, .lo = 0, .hi = 1.8e19),
    F("regions", LDR_FN, struct scenario, regions, .fn = ldr_regions, .flags = LDR_LIST,
      .sub = &ldr_region_item),
    F("latency", LDR_MAP, struct scenario, name, .sub = &latency_table),
    F("users", LDR_FN, struct scenario, users, .fn = ldr_users, .flags = LDR_LIST,
      .sub = &ldr_user_item),
    F("workload", LDR_MAP, struct scenario, workload, .sub = &workload_table),
    F("dns", LDR_MAP, struct scenario, dns, .sub = &dns_table),
    F("routing", LDR_MAP, struct scenario, routing, .sub = &routing_table),
    F("failures", LDR_FN, struct scenario, failures, .fn = ldr_failures, .flags = LDR_LIST,
      .sub = &ldr_failure_item),
    F("strategies", LDR_FN, struct scenario, strategies, .fn = ldr_strategies),
    F("costs", LDR_MAP, struct scenario, costs, .sub = &cost_table),
    F("report", LDR_MAP, struct scenario, report, .sub = &report_table),
    F("business", LDR_MAP, struct scenario, business, .sub = &business_table),
    F("residency", LDR_MAP, struct scenario, name, .sub = &residency_table),
    F("sessions", LDR_MAP, struct scenario, sessions, .sub = &sessions_table),
    F("autoscale", LDR_MAP, struct scenario, autoscale, .sub = &autoscale_table),
    F("sweep", LDR_FN, struct scenario, name, .fn = ldr_sweep_key),
    F("extends", LDR_FN, struct scenario, name, .fn = ldr_extends_key),
};
const struct ldr_table ldr_top = T(top_fields, "the scenario");

void ldr_walk(struct ldr *L, yaml_node_t *root)
{
    L->root_mark = root->start_mark;
    if (root->type != YAML_MAPPING_NODE) {
        ldr_error(L, root->start_mark,
                  "a scenario is a mapping of keys (scenario:, regions:, ...), not %s",
                  ldr_kind_name(root));
        return;
    }
    if (!ldr_enter(L, root))
        return;
    ldr_map(L, root, &ldr_top, L->s, NULL);
    ldr_leave(L);
}
