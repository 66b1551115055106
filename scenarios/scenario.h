/* struct scenario: one typed, validated scenario, as the loader produces it and
 * the models read it. Nothing downstream of the loader touches YAML. Every
 * field holds a value (defaults are applied by the loader); names of regions
 * and populations are resolved to indices and RTTs are precomputed here.
 * Plain data with fixed-size arrays: copy it, free nothing. */
#ifndef REGIONSIM_SCENARIOS_SCENARIO_H
#define REGIONSIM_SCENARIOS_SCENARIO_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/rng.h"
#include "sim/time.h"

#define SCENARIO_MAX_REGIONS 16
#define SCENARIO_MAX_USERS 16
#define SCENARIO_MAX_FAILURES 64
#define SCENARIO_NAME_MAX 64

/* Strategies are modules (models/strategies/, one file each) listed by a
 * registry in report order; a scenario holds their configurations by registry
 * index, so this layer names none of them. */
#define SCENARIO_MAX_STRATEGIES 8

#define FAILURE_MAP(X)                                                                             \
    X(REGION_OUTAGE, "region_outage")                                                              \
    X(PARTIAL_OUTAGE, "partial_outage")                                                            \
    X(CONTROL_PLANE, "control_plane")                                                              \
    X(PARTITION, "partition")                                                                      \
    X(DEGRADED_LINK, "degraded_link")                                                              \
    X(DNS_OUTAGE, "dns_outage")                                                                    \
    X(DATA_CORRUPTION, "data_corruption")
enum failure_kind {
#define FAILURE_ENUM(id, key) FAILURE_##id,
    FAILURE_MAP(FAILURE_ENUM)
#undef FAILURE_ENUM
        FAILURE_KIND_COUNT
};
const char *failure_key(enum failure_kind k);

enum replication_mode { REPL_ASYNC, REPL_SEMI_SYNC, REPL_SYNC, REPL_NONE };
enum writer_mode { WRITER_SINGLE, WRITER_MULTI };
enum conflict_mode { CONFLICT_LWW, CONFLICT_CRDT };
enum dns_policy { DNS_POLICY_LATENCY, DNS_POLICY_GEO, DNS_POLICY_WEIGHTED, DNS_POLICY_FAILOVER };
enum routing_mode { ROUTING_DNS, ROUTING_ANYCAST };

struct scenario_region {
    char name[SCENARIO_NAME_MAX];     /* as the catalog spells it: "us-east-1" */
    char provider[8];                 /* "aws", "azure", "gcp", "custom" */
    double lat, lon;
    int instances;                    /* app-tier instances at full size (default 10) */
    int concurrency;                  /* requests one instance serves at once (default 8) */
    double weight;                    /* for weighted DNS (default 1) */
};

struct scenario_users {
    char from[SCENARIO_NAME_MAX];     /* population name: "europe-west" */
    double lat, lon;                  /* representative location */
    double share;                     /* of the total rate; shares sum to 1 */
    double diurnal_ratio;             /* peak/trough rate ratio; 1 = flat */
    int peak_hour;                    /* local hour of the peak (0-23) */
    double utc_offset_hours;          /* from longitude, for local time */
    int resolvers;                    /* recursive resolvers serving it */
};

struct scenario_workload {
    double rate;                      /* requests per second, all populations */
    double write_fraction;            /* 0..1 */
    int64_t payload_bytes;            /* per request and per replicated write */
    struct sim_dur service_time;      /* per request, in one server */
    sim_time timeout;                 /* client gives up after this */
    int retries;                      /* client retries after a failure (default 0) */
    sim_time retry_backoff;
    uint64_t keys;                    /* key space for conflicts (default 1e6) */
    double zipf_s;                    /* 0 = uniform popularity */
};

struct scenario_dns {
    sim_time ttl;                     /* default 60 s */
    double violator_fraction;         /* resolvers that hold answers past the TTL */
    struct sim_dur violator_hold;     /* how long they hold (default 15 m) */
    sim_time client_floor;            /* clients cache at least this long (default 0) */
    enum dns_policy policy;           /* default latency */
    sim_time hc_interval;             /* health checks: default 30 s */
    int hc_threshold;                 /* consecutive failures, default 3 */
    int hc_checkers;                  /* checker locations, default 8 */
    double hc_healthy_fraction;       /* region healthy if > this share says so (0.18) */
    sim_time hc_timeout;              /* probe timeout, default 4 s */
    double hc_false_positive;         /* probability a probe of a healthy region fails */
    sim_time switch_time;             /* zone update propagation, default 30 s */
};

struct scenario_routing {
    enum routing_mode mode;           /* dns (default) or anycast front door */
    sim_time frontdoor_interval;      /* front door's health probe interval (10 s) */
    int frontdoor_threshold;          /* default 3 */
    sim_time frontdoor_extra;         /* extra hop latency, default 5 ms */
};

struct scenario_failure {
    enum failure_kind kind;
    bool stochastic;                  /* mtbf/mttr instead of at/duration */
    sim_time at;                      /* scheduled start */
    sim_time duration;                /* scheduled length; SIM_TIME_MAX = until horizon */
    sim_time mtbf;                    /* stochastic: mean time between failures per region */
    struct sim_dur mttr;              /* stochastic: repair time */
    int region;                       /* index into regions; -1 = all (stochastic) */
    int region_b;                     /* partition / degraded_link: other end */
    double capacity_lost;             /* partial_outage: share 0..1 */
    sim_time extra_latency;           /* degraded_link */
    double loss;                      /* degraded_link: share of requests lost */
    int line;                         /* position in the file, for messages */
    sim_time detect;                  /* data_corruption: until it is noticed (loader: 30m) */
};

/* One strategy's configuration; `enabled` when the scenario lists it. Fields a
 * strategy does not use keep their defaults. */
struct scenario_strategy {
    bool enabled;
    int primary;                      /* region index */
    int recovery;                     /* region index; -1 for active_active */
    int n_regions;                    /* active_active: serving regions */
    int regions[SCENARIO_MAX_REGIONS];
    enum replication_mode replication;
    int semi_sync_acks;               /* k for semi_sync */
    struct sim_dur lag;               /* async lag, default lognormal median 200 ms p95 1 s */
    enum writer_mode writers;         /* active_active: multi (default) */
    enum conflict_mode conflicts;
    sim_time clock_skew;              /* per-region clock error bound (LWW) */
    /* backups */
    sim_time backup_interval;         /* default 1 h (backup_restore), 24 h otherwise */
    sim_time backup_duration;         /* snapshot creation, default 5 m */
    sim_time backup_copy;             /* cross-region copy; 0 = data / throughput */
    int backup_retention;             /* snapshots kept, default 7 */
    int64_t data_bytes;               /* database size, default 100 GB */
    double restore_rate;              /* bytes per second, default 200 MiB/s */
    /* runbook step durations */
    struct sim_dur decide;            /* human approval, default lognormal 10m/30m */
    bool automatic;                   /* skip `decide` (warm_standby, active_active) */
    struct sim_dur provision;         /* backup_restore, default 20 m */
    struct sim_dur promote;           /* replica promotion, default 1 m */
    struct sim_dur start_compute;     /* pilot_light boot + warm-up, default 8 m */
    struct sim_dur scale_up;          /* warm_standby / active_active, default 5 m */
    struct sim_dur dns_switch;        /* runbook's DNS change, default 1 m */
    double standby;                   /* warm_standby: share of full capacity, 0.25 */
    bool failback;                    /* planned switch back after recovery */
};

struct scenario_costs {
    double instance_hour;             /* USD, default 0.096 (m6i.large) */
    double db_instance_hour;          /* USD, default 0.29 */
    double storage_gb_month;          /* default 0.10 (block storage) */
    double snapshot_gb_month;         /* default 0.05 */
    double transfer_gb;               /* < 0: per-region table from the reference */
    double internet_gb;               /* egress to users, default 0.09 (AWS first tier);
                                       * scenario.internet_usd_gb[i] > 0 overrides per region */
    double dns_per_million;           /* default 0.40 */
    double health_check_month;        /* default 0.50 */
    double zone_month;                /* default 0.50 */
};

#define REPORT_FORMAT_PNG 1u
#define REPORT_FORMAT_SVG 2u
#define REPORT_FORMAT_PDF 4u
struct scenario_report {
    unsigned formats;                 /* REPORT_FORMAT_* bits, default png|svg */
    sim_time rto_target;              /* 0 = none */
    sim_time rpo_target;              /* 0 = none; rpo: 0 target is written as -1 */
    sim_time rto_window;              /* W of the RTO definition, default 60 s */
    double rto_threshold;             /* default 0.99 */
};

struct scenario {
    char name[SCENARIO_NAME_MAX];
    char description[1024];
    char file[512];                   /* the path it was loaded from */
    uint64_t file_hash;               /* FNV-1a-64 of the file's bytes (for --resume) */
    sim_time horizon;
    int replications;
    uint64_t seed;

    int n_regions;
    struct scenario_region regions[SCENARIO_MAX_REGIONS];
    /* Median RTT in ms between regions, and from each population to each region
     * (measured where the tables have the pair, estimated otherwise). */
    double rtt_ms[SCENARIO_MAX_REGIONS][SCENARIO_MAX_REGIONS];
    double user_rtt_ms[SCENARIO_MAX_USERS][SCENARIO_MAX_REGIONS];
    double rtt_jitter;                /* lognormal p95/median ratio of RTT draws (1.05) */
    /* Inter-region transfer price USD/GB from region i to region j. */
    double transfer_usd_gb[SCENARIO_MAX_REGIONS][SCENARIO_MAX_REGIONS];
    /* Internet egress price USD/GB out of region i (reference "internet" rows);
     * 0 = costs.internet_gb. */
    double internet_usd_gb[SCENARIO_MAX_REGIONS];
    /* Inter-region bulk throughput, bytes per second (for backup copies). */
    double throughput_bps[SCENARIO_MAX_REGIONS][SCENARIO_MAX_REGIONS];

    int n_users;
    struct scenario_users users[SCENARIO_MAX_USERS];
    struct scenario_workload workload;
    struct scenario_dns dns;
    struct scenario_routing routing;
    int n_failures;
    struct scenario_failure failures[SCENARIO_MAX_FAILURES];
    struct scenario_strategy strategies[SCENARIO_MAX_STRATEGIES]; /* by registry index */
    struct scenario_costs costs;
    struct scenario_report report;
};

/* Fills s with every default and no regions, users, failures or strategies:
 * the starting point of the loader and of tests that build scenarios in C.
 * Every strategy slot gets the common strategy defaults; a strategy's own
 * (e.g. backup_restore's hourly backups) are its module's: see
 * strategy_scenario_defaults in models/strategies/registry.h. */
void scenario_defaults(struct scenario *s);

#endif
