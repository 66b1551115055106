/* The runbook engine every DR strategy runs on, and the table of operations
 * (struct strategy_type) a strategy module fills in its own file under
 * models/strategies/: its layout (which regions serve, at what size, with a
 * database), the steps of its failover runbook, with durations drawn from the
 * strategy's own stream (detect -> decide -> fence -> provision / restore / promote /
 * start -> DNS switch -> scale), and an optional planned failback. Steps that
 * need the control plane of a region wait while it is down. The world carries
 * the steps out through strategy_ops.
 * Invariant: at most one runbook runs at a time, with one pending event. */
#ifndef REGIONSIM_MODELS_STRATEGY_H
#define REGIONSIM_MODELS_STRATEGY_H

#include <stdbool.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "models/results.h"
#include "models/strategies/registry.h"
#include "scenarios/scenario.h"
#include "sim/sim.h"
#include "sim/time.h"

/* What the runbook asks of the world. */
struct strategy_ops {
    /* region enters / leaves the DNS record set (or the front door's origins) */
    void (*set_record)(void *ctx, int region, bool in);
    /* app-tier instances running in region */
    void (*set_instances)(void *ctx, int region, int n);
    /* a database instance runs in region (cost), and holds data */
    void (*set_db)(void *ctx, int region, bool on);
    /* the copy in `region` takes over from `failed` (single-writer: becomes the
     * writer; multi-writer: `failed` leaves the quorum until it catches up):
     * adds its loss to inc (rpo: the worst, lost writes: summed) when inc is
     * not NULL */
    void (*promote)(void *ctx, int region, int failed, struct incident_result *inc);
    /* the latest snapshot present in `region` is restored in place of
     * `failed`: adds its loss to inc when inc is not NULL */
    void (*restore)(void *ctx, int region, int failed, struct incident_result *inc);
    bool (*cp_up)(void *ctx, int region);
    /* the health checks' current verdict */
    bool (*healthy)(void *ctx, int region);
    /* `to` holds every write acknowledged by `from` (the failback may switch) */
    bool (*synced)(void *ctx, int from, int to);
    /* a runbook starts now because of `cause` (a failure slot; -1: none, a
     * false alarm; -2: a planned failback): the incident it belongs to,
     * never NULL */
    struct incident_result *(*runbook_start)(void *ctx, int cause);
    /* corruption: the service stops answering (on) while the good snapshot
     * is restored, and resumes (off); NULL: not supported */
    void (*halt)(void *ctx, bool on);
    /* The fence step on the old primary `failed` begins now: returns how
     * long it lasts (`drawn` is its drawn duration); it ends with
     * fence_end. NULL: no fencing (the step takes `drawn`). */
    sim_time (*fence_begin)(void *ctx, int failed, sim_time drawn);
    void (*fence_end)(void *ctx, int failed);
};

#define STRATEGY_MAX_STEPS 8

struct strategy_step {
    enum phase phase;
    sim_time duration;
    int cp_region; /* the step needs this region's control plane; -1 none, -2 all survivors */
};

struct strategy;

/* One strategy: what the loader and the report read (key, label, keys,
 * defaults) and what the runbook engine calls. A module defines one const
 * instance; the registry (models/strategies/registry.c) lists them. */
struct strategy_type {
    const char *key;   /* "warm_standby": YAML key, CSV/JSON name, RNG stream */
    const char *label; /* "Warm standby" */
    enum strategy_placement placement;
    /* The strategy-specific keys of a strategies block it accepts (NULL
     * ends); the keys no strategy restricts are accepted by all. */
    const char *const *keys;
    /* Adjusts its slot after the defaults table (scenarios/defaults.c) gave
     * it the common defaults and the rows under this strategy's key; NULL
     * for the built-ins, whose own defaults are rows of that table (so the
     * README and schema.json are checked against them). */
    void (*defaults)(struct scenario_strategy *c);
    /* Lays out st (serving, active, standby) and sets instances, databases
     * and records through st->ops. Returns 0 or SIM_EINVAL. */
    int (*layout)(struct strategy *st);
    /* Instances a standby (or serving) region runs in the steady layout. */
    int (*standby_size)(const struct strategy *st, int region);
    bool standby_holds_data; /* the recovery region runs a database */
    /* The health checks changed their verdict on region (strategy_on_health). */
    void (*on_health)(struct strategy *st, int region, bool healthy, int cause);
    /* Adds the failover steps after detect and decide, towards `recovery`. */
    void (*failover_steps)(struct strategy *st, int recovery);
    /* A start or scale step ended. */
    void (*scale)(struct strategy *st);
    /* The runbook ended; NULL: nothing to do. */
    void (*runbook_end)(struct strategy *st);
    /* region writes the dataset (so corruption there is this strategy's). */
    bool (*writes)(const struct strategy *st, int region);
    /* The control plane a corruption restore needs (as strategy_step.cp_region). */
    int (*restore_cp)(const struct strategy *st);
    /* Several regions accept writes; NULL: never. */
    bool (*multi_writer)(const struct scenario_strategy *c);
};

struct strategy {
    struct sim *sim;
    gsl_rng *rng; /* borrowed: the runbook's stream */
    const struct strategy_type *type;
    const struct scenario_strategy *cfg;
    const struct scenario *s;
    const struct strategy_ops *ops;
    void *ctx;
    bool serving[SCENARIO_MAX_REGIONS]; /* regions of the layout (active_active) */
    int full[SCENARIO_MAX_REGIONS];     /* full-size instances */
    int active;                         /* the region serving as primary now */
    int standby;                        /* the region a failover goes to now */
    int home;                           /* the primary a failover left (failback target) */
    bool failed_over;
    bool down[SCENARIO_MAX_REGIONS]; /* active_active: removed by health checks */
    /* the running runbook */
    bool running;
    bool failback;
    struct incident_result *inc;
    sim_time t0; /* offsets of phase_end are from here */
    int failed, target;
    struct strategy_step steps[STRATEGY_MAX_STEPS];
    int n_steps, cur;
    bool waiting_cp;
    bool corrupt;      /* the running runbook restores corrupted data in place */
    int missed[SCENARIO_MAX_REGIONS]; /* cause of the latest unhealthy verdict */
    uint64_t runbooks; /* started, for tests */
};

/* Lays out strategy k (a registry index) of scenario s through ops (record
 * set, instances, databases). All pointers are borrowed. Returns 0 or
 * SIM_EINVAL (k is not registered, or the strategy's regions are out of
 * range). */
int strategy_init(struct strategy *st, struct sim *sim, const struct scenario *s, int k,
                  const struct strategy_ops *ops, void *ctx, gsl_rng *rng);

/* The health checks changed their verdict on region. `cause` is the failure
 * slot of a failure in that region (-1: none, e.g. a false positive).
 * Starts a failover (or, for active_active, a scale-up). When the region a
 * failover left is healthy again: a failback with `failback: true`, else the
 * roles swap (it becomes the standby, at the standby's size) and the new
 * layout is the steady state. */
void strategy_on_health(struct strategy *st, int region, bool healthy, int cause);

/* Data corruption written in `region` at now reaches every copy. The
 * runbook: detect (`detect` after the failure), decide (unless automatic),
 * halt the service and restore the latest good snapshot in place
 * (data_bytes / restore_rate, with the serving regions' control plane),
 * resume. Not started while another runbook runs (one at a time). */
void strategy_on_corruption(struct strategy *st, int region, sim_time detect, int cause);

/* The control plane of region came back (or went down): a waiting step resumes. */
void strategy_on_cp(struct strategy *st, int region, bool up);

/* The region serving as primary now: the writer of single-writer strategies. */
int strategy_writer(const struct strategy *st);
/* region writes the dataset now (any serving region of a multi-region layout). */
bool strategy_writes(const struct strategy *st, int region);
/* Writes are accepted in every serving region (multi-writer replication). */
bool strategy_multi_writer(const struct strategy *st);
/* region serves in the strategy's steady layout. */
bool strategy_serving(const struct strategy *st, int region);
/* A runbook is running. */
bool strategy_running(const struct strategy *st);
/* Away from the normal layout: a runbook runs, the strategy has failed
 * over (before failback), or health checks took a region out of it. */
bool strategy_recovering(const struct strategy *st);

/* ---- for strategy modules: the runbook engine's steps ---------------- */

/* A new runbook for the failure of `failed` (cause: its failure slot, -1
 * none), towards target; its incident comes from ops->runbook_start. */
void strategy_start(struct strategy *st, int cause, int failed, int target, bool failback);
/* Appends a step with a duration drawn from d (NULL: 0) needing control plane cp. */
void strategy_add_step(struct strategy *st, enum phase p, const struct sim_dur *d, int cp);
/* Records that phase p ends now in the runbook's incident. */
void strategy_mark(struct strategy *st, enum phase p);
/* Runs the next step (or ends the runbook). */
void strategy_run(struct strategy *st);
/* A restore of the whole dataset at the strategy's restore rate. */
struct sim_dur strategy_restore_time(const struct scenario_strategy *c);

/* Shared operations of STRATEGY_PAIR strategies (a primary, a recovery region). */
int strategy_pair_layout(struct strategy *st);
void strategy_pair_on_health(struct strategy *st, int region, bool healthy, int cause);
void strategy_pair_scale(struct strategy *st);
void strategy_pair_runbook_end(struct strategy *st);
bool strategy_pair_writes(const struct strategy *st, int region);
int strategy_pair_restore_cp(const struct strategy *st);
int strategy_no_standby(const struct strategy *st, int region);
/* The initialisers of a STRATEGY_PAIR strategy_type's shared operations. */
#define STRATEGY_PAIR_OPS                                                                          \
    .placement = STRATEGY_PAIR, .layout = strategy_pair_layout,                                    \
    .on_health = strategy_pair_on_health, .scale = strategy_pair_scale,                            \
    .runbook_end = strategy_pair_runbook_end, .writes = strategy_pair_writes,                      \
    .restore_cp = strategy_pair_restore_cp

#endif
