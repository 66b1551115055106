/* Private to world.c and world_events.c: one assembled world (the models of
 * one strategy in one replication on one engine). Not for other modules. */
#ifndef REGIONSIM_MODELS_WORLD_IMPL_H
#define REGIONSIM_MODELS_WORLD_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "models/breaker.h"
#include "models/capacity.h"
#include "models/cost.h"
#include "models/dns.h"
#include "models/failure.h"
#include "models/fencing.h"
#include "models/fluidq.h"
#include "models/frontdoor.h"
#include "models/health.h"
#include "models/incident.h"
#include "models/metrics.h"
#include "models/network.h"
#include "models/reads.h"
#include "models/sessions.h"
#include "models/replication.h"
#include "models/results.h"
#include "models/strategy.h"
#include "models/workload.h"
#include "scenarios/scenario.h"
#include "sim/sim.h"
#include "sim/stats.h"

/* The sampling rule (models/world_sample.c): off in the exact mode. */
struct world_sample {
    bool on;
    bool hot;                    /* sampling at the hot rate now */
    uint64_t k_hot, k_quiet;     /* requests each simulated one stands for */
    double hot_rate, quiet_rate; /* simulated requests per second */
    sim_time lookahead;          /* hot this long before and after a failure's start or end */
    sim_time last_change;        /* of the latest failure start or end; -1 none */
    sim_time hot_until;          /* a simulated request failed in a quiet stretch */
    uint64_t gen;                /* arrivals of an older generation are dropped */
};

/* world_load.c's account of attempts and server time. */
struct world_load {
    sim_time admitted;   /* the server time booked for the attempt being served */
    double retry_tokens; /* retry budget: retries it may still send */
    double attempts, busy_ns, wasted_ns;
    double busy_region_ns[SCENARIO_MAX_REGIONS]; /* this autoscale interval (world_autoscale.c) */
};

/* world_autoscale.c's scale-outs. */
struct world_autoscale {
    bool scaling[SCENARIO_MAX_REGIONS]; /* a scale-out is on its way */
    double scale_outs;
};

/* The cost account (world_events.c: world_fill_cost and the excess). */
struct world_cost {
    double fwd_bytes[SCENARIO_MAX_REGIONS][SCENARIO_MAX_REGIONS]; /* writes forwarded i -> j */
    /* USD per hour above the steady layout, integrated over time */
    struct sim_timeavg excess_avg;
    struct incident_result *inc; /* incident the excess is charged to */
    double mark;                 /* excess area when it opened */
};

/* world_residency.c's counts (users[].residency). */
struct world_residency {
    double violations; /* requests served outside */
    double bytes;      /* stored outside */
};

struct world_region {
    bool up;           /* false during a region outage */
    bool cp_up;        /* control plane */
    bool db;           /* a database instance runs here */
    int instances;     /* app-tier instances the strategy runs */
    double cap_factor; /* 1 - capacity lost to partial outages */
    int servers;       /* instances x concurrency x cap_factor */
    struct cap_queue q;
    struct fluid_queue fq; /* sampled runs: the full load's queue instead of q */
    int64_t served;        /* successful responses (internet bytes) */
    /* What a takeover from this region would lose, read at its outage's onset
     * (replication forgets applied writes, so it cannot be asked later). */
    bool loss_known;
    sim_time loss_rpo[SCENARIO_MAX_REGIONS];
    int64_t loss_lost[SCENARIO_MAX_REGIONS];
    bool snap_ok[SCENARIO_MAX_REGIONS];
    sim_time snap_rpo[SCENARIO_MAX_REGIONS];
    int64_t snap_lost[SCENARIO_MAX_REGIONS];
    int fail_slot;               /* the failure slot its health verdicts are put down to; -1 */
    enum failure_kind fail_kind; /* that failure's kind */
    int cp_slot;                 /* the failure slot holding its control plane down; -1 */
};

struct world {
    const struct scenario *s;
    int kind; /* registry index of the strategy */
    struct sim *sim;
    struct run_result *out;
    const volatile int *stop;
    bool started;
    bool anycast;
    /* random streams */
    gsl_rng *rng_wl, *rng_dns, *rng_health, *rng_runbook, *rng_data;
    struct network net;
    struct workload wl;
    struct dns dns;
    struct frontdoor fd;
    struct health hc;
    struct failures fail;
    struct strategy st;
    struct repl *repl;
    struct reads *reads;   /* NULL: reads go to the writer (reads: primary) */
    gsl_rng *rng_reads;    /* its stream, "reads": no other stream changes */
    struct sessions *sess; /* NULL: no sessions block */
    gsl_rng *rng_route;    /* load-aware front door's stream; NULL: not load-aware */
    int origin;            /* the origin the request being served was sent to */
    struct world_load load;
    struct breaker cb; /* clients' circuit breakers (workload.circuit_breaker) */
    struct world_autoscale scale;
    gsl_rng *rng_sessions; /* its stream, "sessions" */
    struct metrics m;
    uint64_t weight; /* requests the one being simulated stands for (1: exact) */
    struct incidents inc;
    struct world_region reg[SCENARIO_MAX_REGIONS];
    bool record[SCENARIO_MAX_REGIONS];
    bool multi_writer;
    sim_time timeout;
    int64_t payload;
    struct world_cost cost;
    int normal_writer; /* the strategy's writer as laid out: the normal layout */
    int base_instances[SCENARIO_MAX_REGIONS];
    bool base_db[SCENARIO_MAX_REGIONS];
    bool halted; /* corruption runbook: the service is stopped while restoring */
    /* world.c: the strategy's ops and the failure callback wrapped so that a
     * change of what a region answers health probes wakes parked checkers */
    struct strategy_ops ops;
    uint32_t probe_sig[SCENARIO_MAX_REGIONS];
    struct fencing fence; /* the single writer's old primary (world_fencing.c) */
    struct world_residency res;
    struct world_sample smp;
};

/* A request served now counts in the failover state (DESIGN section 5): an
 * incident of this strategy is open (a failure that hurts nothing leaves it
 * in the steady state), a runbook runs, or the strategy serves from a
 * layout other than its normal one (a region removed, or another writer:
 * before failback, or for good when there is none). */
bool world_failover_state(const struct world *w);

/* world_events.c: failures, health verdicts, the strategy's ops, cost. */
extern const struct strategy_ops world_strategy_ops;
void world_on_failure(void *ctx, const struct fail_event *ev, bool start);
/* What decides a region's probe answers, the one place it is computed:
 * bit 1 = it answers (up, runs instances or is halted for a restore), bit 2
 * = a lossy access path (the answer is then random), bit 3 + i = checker
 * location i (dns.health_check.from) cannot reach it. */
uint32_t world_probe_sig(const struct world *w, int region);
/* A checker at `from` (-1: outside every scenario region) probes region. */
bool world_probe(void *ctx, int from, int region);
void world_on_health(void *ctx, int region, bool healthy);
/* Routing follows record[] and the health verdicts (DNS: after propagation). */
void world_reroute(struct world *w);
/* An incident opened (incident.c's on_open): the cost account moves to it,
 * and the first one anchors the incident timeline. */
void world_incident_opened(void *ctx, struct incident_result *in);
/* What failures change (the failure table's rows call these). */
void world_region_lost(struct world *w, int region);
void world_region_back(struct world *w, int region);
/* A partial outage of capacity share `lost` starts (on) or ends. */
void world_partial_outage(struct world *w, int region, double lost, bool on);
void world_set_control_plane(struct world *w, int region, bool up);
/* The link a-b is partitioned (up false) or healed; b < 0: nothing. */
void world_set_link(struct world *w, int a, int b, bool up);
/* Link a-b (b < 0: a's users' access path) gets extra latency and loss. */
void world_degrade(struct world *w, int a, int b, sim_time extra, double loss);
void world_set_dns_outage(struct world *w, bool on);
/* Data corruption written in region (by failure slot `slot`) reaches every copy. */
void world_corrupt(struct world *w, int region, sim_time detect, int slot);
/* world_fencing.c: the old primary's fencing and split-brain writes. */
void world_fencing_init(struct world *w);
/* Regions or links changed: the primary's lease and what it has heard. */
void world_fencing_check(struct world *w);
/* region took over as writer (promotion or restore). */
void world_fencing_promoted(struct world *w, int region);
sim_time world_fence_begin(void *ctx, int failed, sim_time drawn);
void world_fence_end(void *ctx, int failed);
void world_fencing_finish(struct world *w);
/* world_load.c: attempts, server time booked and wasted, retry budget. */
void world_load_attempt(struct world *w, int attempt);
/* The longest wait region g's queue admits a request with: what is left of
 * the client's timeout, or less with load shedding (regions[].max_queue). */
sim_time world_load_max_wait(const struct world *w, int g, sim_time rtt);
/* service was booked on region g's servers for the attempt. */
void world_load_admitted(struct world *w, int g, sim_time service);
/* The client's breaker for region g lets the attempt go (notes g as the
 * attempt's region for the breaker's record). */
bool world_load_breaker(struct world *w, int pop, int g, sim_time now);
/* The attempt being served failed: a retry may follow (budget allowing). */
bool world_load_failed(struct world *w, int attempt);
void world_load_finish(struct world *w);
/* world_autoscale.c: load-driven scale-out (autoscale block). */
int world_autoscale_setup(struct world *w);
/* world_routing.c: the load-aware front door. */
int world_routing_setup(struct world *w);
/* The front door's origin for a request of pop (noted for fd_observe). */
int world_route(struct world *w, int pop);
void world_routing_free(struct world *w);
/* world_residency.c: users[].residency. A request of pop reaching region g:
 * false when it must be refused (fail_closed, g outside). */
bool world_residency_admit(const struct world *w, int pop, int g);
/* It was served at g: counted when outside (fail_open). */
void world_residency_served(struct world *w, int pop, int g);
/* Its write goes to writer and the regions holding data: false when
 * refused (fail_closed, writer outside); else the bytes stored outside. */
bool world_residency_write(struct world *w, int pop, int writer);
void world_residency_finish(struct world *w, const double *snapshot_bytes_to);
/* world_sample.c: the sampling rule. Setup decides exact or sampled from
 * workload.sample_rate (and, for auto, rate x horizon); called once the
 * regions, workload and DNS are set up. Returns 0. */
int world_sample_setup(struct world *w);
/* Re-reads whether the world is hot (an incident open, a runbook running,
 * a failure starting or ending within the lookahead, a recent failed
 * request) and sets the stride; a changed stride restarts the arrival
 * stream (exponential gaps: memoryless). */
void world_sample_update(struct world *w);
/* A simulated request failed at now (a quiet stretch turns hot). */
void world_sample_failed(struct world *w, sim_time now);
/* A failure started or ended at now. */
void world_sample_change(struct world *w, sim_time now);
/* The wait of a sampled request in region g's full-load queue at now, or
 * -1 when it times out; u uniform in (0, 1). */
sim_time world_sample_wait(struct world *w, int g, sim_time now, double u);
/* Second closes: in a quiet stretch with nothing recorded, the seconds up
 * to the next event (or the next lookahead) close at once. Returns the
 * time the lazy timer is armed for next. */
sim_time world_sample_skip(struct world *w, sim_time now);
/* Schedules an arrival of the current generation `gap` from now. Returns
 * false when out of memory. */
bool world_arrival_at(struct world *w, sim_time at);

/* Usage integrated to now, priced by cost.c. */
void world_fill_cost(struct world *w, sim_time now);

#endif
