/* struct scenario: one typed, validated scenario, as the loader produces it and
 * the models read it. Nothing downstream of the loader touches YAML. Every
 * field holds a value (defaults: the table in defaults.c); names of regions
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
/* Each run keeps ~1 KB in memory and ~52 KB of timelines in a temporary
 * file until the summary (models/run_store.h): 10000 runs per strategy ~
 * 40 MB and 2 GB of disk for four strategies. */
#define SCENARIO_MAX_REPLICATIONS 10000

/* A fraction that may be absent, such as a target nobody set: `set` false
 * means absent whatever v holds (the fraction's twin of sim_opt_time). */
struct scenario_opt_frac {
    bool set;
    double v;
};

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
enum conflict_mode { CONFLICT_LWW, CONFLICT_VECTOR_CLOCK, CONFLICT_CRDT };
/* Where a read's data comes from (models/reads.c): the writer, the nearest
 * replica, a majority of replicas, or the nearest one that has the client's
 * own last write (session: read-your-writes). */
enum read_mode { READS_PRIMARY, READS_LOCAL, READS_QUORUM, READS_SESSION };
/* How a failover keeps the old primary from accepting writes once another
 * copy is promoted: not at all (none), by letting its lease lapse first
 * (lease), or by cutting it off through its control plane (stonith). */
enum fencing_mode { FENCING_NONE, FENCING_LEASE, FENCING_STONITH };
/* What happens to a population's request or data bound for a region outside
 * its residency: refused (fail_closed) or served and counted (fail_open). */
enum residency_policy { RESIDENCY_FAIL_CLOSED, RESIDENCY_FAIL_OPEN };
/* Where user sessions live (models/sessions.h); none: not modelled. */
enum session_store {
    SESSIONS_NONE,
    SESSIONS_STICKY,
    SESSIONS_REGIONAL,
    SESSIONS_REPLICATED,
    SESSIONS_CENTRAL,
    SESSIONS_TOKEN
};

/* Load-driven scaling of every region's app tier (models/world_autoscale.c). */
struct scenario_autoscale {
    bool on;                          /* target given */
    double target;                    /* utilisation it scales out above */
    sim_time interval;                /* measurement interval */
    sim_time delay;                   /* from the decision to instances serving */
    int max_instances;                /* per region */
};

struct scenario_sessions {
    enum session_store store;
    sim_time ttl;                     /* idle time after which a session expires */
    double per_user_rate;             /* requests per second of one active user */
    int region;                       /* central: the store's region; -1: the primary */
};
enum dns_policy { DNS_POLICY_LATENCY, DNS_POLICY_GEO, DNS_POLICY_WEIGHTED, DNS_POLICY_FAILOVER };
enum routing_mode { ROUTING_DNS, ROUTING_ANYCAST };

struct scenario_region {
    char name[SCENARIO_NAME_MAX];     /* as the catalog spells it: "us-east-1" */
    char provider[8];                 /* "aws", "azure", "gcp", "custom" */
    double lat, lon;
    int instances;                    /* app-tier instances at full size */
    int concurrency;                  /* requests one instance serves at once */
    int max_queue;                    /* load shedding: waiting requests; 0: none */
    double weight;                    /* for weighted DNS */
};

struct scenario_users {
    char from[SCENARIO_NAME_MAX];     /* population name: "europe-west" */
    double lat, lon;                  /* representative location */
    double share;                     /* of the total rate; shares sum to 1 */
    double diurnal_ratio;             /* peak/trough rate ratio; 1 = flat */
    int peak_hour;                    /* local hour of the peak (0-23) */
    double utc_offset_hours;          /* from longitude, for local time */
    int resolvers;                    /* recursive resolvers serving it */
    uint32_t residency;               /* scenario regions its data may be in, as
                                       * bits (1 << region); 0: anywhere */
};

struct scenario_workload {
    double rate;                      /* requests per second, all populations */
    double write_fraction;            /* 0..1 */
    int64_t payload_bytes;            /* per request and per replicated write */
    struct sim_dur service_time;      /* per request, in one server */
    sim_time timeout;                 /* client gives up after this */
    int retries;                      /* client retries after a failure */
    sim_time retry_backoff;
    int breaker_failures;             /* circuit breaker: consecutive failures; 0 none */
    sim_time breaker_open;            /* circuit breaker: open time */
    bool has_retry_budget;            /* retry_budget given */
    double retry_budget;              /* retries per new request, at most (Envoy: 20%) */
    uint64_t keys;                    /* key space for conflicts */
    double zipf_s;                    /* 0 = uniform popularity */
    double sample_rate;               /* SCENARIO_SAMPLE_AUTO, SCENARIO_SAMPLE_EXACT, or
                                       * sampled requests per second while hot */
};
#define SCENARIO_SAMPLE_AUTO 0.0
#define SCENARIO_SAMPLE_EXACT (-1.0)

struct scenario_dns {
    sim_time ttl;                     /* record TTL */
    double violator_fraction;         /* resolvers that hold answers past the TTL */
    struct sim_dur violator_hold;     /* how long they hold */
    sim_time client_floor;            /* clients cache at least this long */
    enum dns_policy policy;           /* routing policy of the zone */
    sim_time hc_interval;             /* health checks */
    int hc_threshold;                 /* consecutive failures */
    int hc_checkers;                  /* checker locations */
    double hc_healthy_fraction;       /* region healthy if > this share says so (0.18) */
    sim_time hc_timeout;              /* probe timeout */
    double hc_false_positive;         /* probability a probe of a healthy region fails */
    int hc_n_from;                    /* checker locations; 0: outside every scenario region */
    int hc_from[SCENARIO_MAX_REGIONS]; /* checker c probes from hc_from[c % hc_n_from] */
    sim_time switch_time;             /* zone update propagation */
    int control_plane;                /* region whose control plane zone changes need
                                       * (Route 53's: us-east-1); -1: none */
};

struct scenario_routing {
    enum routing_mode mode;           /* dns or anycast front door */
    sim_time frontdoor_interval;      /* front door's health probe interval (10 s) */
    int frontdoor_threshold;          /* failed probes that eject a region */
    sim_time frontdoor_extra;         /* extra hop latency */
    bool load_aware;                  /* front door sheds load from failing origins */
    sim_time load_interval;           /* its measurement interval */
    double load_target;               /* success ratio below which an origin sheds */
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
    struct sim_dur lag;               /* async lag */
    enum writer_mode writers;         /* active_active: multi */
    enum conflict_mode conflicts;
    sim_time clock_skew;              /* per-region clock error bound (LWW) */
    enum read_mode reads;             /* where reads go (primary: the writer) */
    enum fencing_mode fencing;        /* of the old primary at a failover */
    sim_time lease;                   /* fencing: lease, the primary's write lease */
    struct sim_dur stonith;           /* fencing: stonith, until the cut-off is confirmed */
    /* backups */
    sim_time backup_interval;         /* snapshot interval */
    sim_time backup_duration;         /* snapshot creation */
    sim_time backup_copy;             /* cross-region copy; 0 = data / throughput */
    int backup_retention;             /* snapshots kept */
    int64_t data_bytes;               /* database size */
    double restore_rate;              /* bytes per second */
    /* runbook step durations */
    struct sim_dur decide;            /* human approval */
    bool automatic;                   /* skip `decide` (warm_standby, active_active) */
    struct sim_dur provision;         /* backup_restore */
    struct sim_dur promote;           /* replica promotion */
    struct sim_dur start_compute;     /* pilot_light boot + warm-up */
    struct sim_dur scale_up;          /* warm_standby / active_active */
    struct sim_dur dns_switch;        /* runbook's DNS change */
    double standby;                   /* warm_standby: share of full capacity, 0.25 */
    bool failback;                    /* planned switch back after recovery */
};

struct scenario_costs {
    double instance_hour;             /* USD */
    double db_instance_hour;          /* USD */
    double storage_gb_month;          /* USD per GB-month, block storage */
    double snapshot_gb_month;         /* USD per GB-month */
    double transfer_gb;               /* < 0: per-region table from the reference */
    double internet_gb;               /* egress to users, USD/GB;
                                       * scenario.internet_usd_gb[i] > 0 overrides per region */
    double dns_per_million;           /* USD per million queries */
    double health_check_month;        /* USD per health check-month */
    double zone_month;                /* USD per hosted zone-month */
};

#define REPORT_FORMAT_PNG 1u
#define REPORT_FORMAT_SVG 2u
#define REPORT_FORMAT_PDF 4u
struct scenario_report {
    unsigned formats;                 /* REPORT_FORMAT_* bits */
    struct sim_opt_time rto_target;   /* absent by default */
    struct sim_opt_time rpo_target;   /* absent by default; 0: nothing may be lost */
    struct scenario_opt_frac availability_target; /* SLO per replication; absent by default */
    double target_quantile;           /* quantile the targets are judged on */
    sim_time rto_window;              /* W of the RTO definition */
    double rto_threshold;             /* success ratio that counts as recovered */
};

/* What an outage costs the business (DESIGN section 5: the cost of outages
 * per year). Absent (all zero, no credit) by default: then outage_cost_year
 * and total_cost_year do not apply. */
#define SCENARIO_MAX_SLA 8
struct scenario_sla {
    double below;  /* availability of a month under which the credit is owed */
    double credit; /* share of that month's bill refunded */
};
struct scenario_business {
    double downtime_per_hour; /* USD per hour of full outage (partial: pro rata) */
    double lost_write;        /* USD per lost acknowledged write */
    int n_sla;
    struct scenario_sla sla[SCENARIO_MAX_SLA];
};

#define SCENARIO_MAX_INPUTS 10 /* the file, the bases it extends (at most 7), latency.file */
#define SCENARIO_SHA256_HEX 65 /* 64 lowercase hex digits and the NUL */
struct scenario_input {
    char file[256];
    char sha256[SCENARIO_SHA256_HEX];
};

struct scenario {
    char name[SCENARIO_NAME_MAX];
    char description[1024];
    char file[512];                   /* the path it was loaded from */
    /* The files the results are made from: [0] the scenario file itself
     * (its base name), then each file it references (latency.file, as
     * written). Their SHA-256 keys --resume and is shown in the report. */
    int n_inputs;
    struct scenario_input inputs[SCENARIO_MAX_INPUTS];
    /* SHA-256 of the scenario as loaded (--set and sweep values written in;
     * file, inputs and this field zeroed): keys --resume with the inputs, so
     * a changed --set reruns. "" for scenarios built in C. */
    char digest[SCENARIO_SHA256_HEX];
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
    struct scenario_business business;
    enum residency_policy residency_policy; /* for populations with a residency */
    struct scenario_sessions sessions;
    struct scenario_autoscale autoscale;
};

/* Fills s with every default (scenarios/defaults.c) and no regions, users,
 * failures or strategies enabled: the starting point of the loader and of
 * tests that build scenarios in C. Every item slot (regions[i], users[i],
 * failures[i]) already holds its item defaults, every strategy slot the
 * common strategy defaults; a strategy's own (e.g. backup_restore's hourly
 * backups, rows of defaults.c under its name) are added by
 * strategy_scenario_defaults in models/strategies/registry.h. */
void scenario_defaults(struct scenario *s);
/* Item defaults, as the loader gives them to a region, user population,
 * failure or strategy block before reading its keys (names and references
 * empty: a failure's kind is FAILURE_KIND_COUNT, its regions -1; a strategy's
 * recovery -1). `name` is the strategy's key ("backup_restore"), whose
 * overrides of the defaults apply. */
void scenario_region_defaults(struct scenario_region *r);
void scenario_users_defaults(struct scenario_users *u);
void scenario_failure_defaults(struct scenario_failure *f);
void scenario_strategy_defaults(struct scenario_strategy *st, const char *name);

/* The first model of s that follows each request and its neighbours, which
 * a sampled run (workload.sample_rate) cannot feed: "sessions" (a user's
 * silences decide when a session expires), "workload.circuit_breaker" (runs
 * of consecutive failures), "regions[].max_queue" (the requests queued
 * ahead); NULL when none is used. */
const char *scenario_per_request_model(const struct scenario *s);

#endif
