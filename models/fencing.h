/* Split brain and fencing of a single-writer strategy's old primary. A
 * failover promotes another copy while the old primary may still run: if it
 * cannot hear of the promotion (it is cut off from the new writer), it keeps
 * accepting the writes its users still send it, and those are lost when the
 * copies are reconciled (split_brain_writes). Fencing prevents it:
 *   none     the old primary accepts writes until it can reach the new
 *            writer again (it learns of the promotion then);
 *   lease    the primary accepts writes only while it holds a lease that it
 *            renews with its recovery region; the lease lapses `lease` after
 *            it last could (the link down, either region down) or after the
 *            runbook's fence step revoked it, and the promotion waits until
 *            it has lapsed: no split brain, a wait of up to `lease`;
 *   stonith  the runbook's fence step cuts the old primary off through its
 *            control plane (which may be down: the step waits) before the
 *            promotion: no split brain, the step's duration added.
 * The owner (the world) says when reachability may have changed. */
#ifndef REGIONSIM_MODELS_FENCING_H
#define REGIONSIM_MODELS_FENCING_H

#include <stdbool.h>

#include "scenarios/scenario.h"
#include "sim/time.h"

/* What the primary a write reached does with it. */
enum fence_verdict {
    FENCE_NORMAL, /* not the old primary, or not split: the usual path */
    FENCE_LOCAL,  /* a demoted primary accepts it: a split-brain write */
    FENCE_REFUSE  /* its lease lapsed, or it was cut off: the write fails */
};

struct fencing {
    enum fencing_mode mode;
    sim_time lease;
    int primary;        /* the region that holds the writer role (as it believes) */
    int writer;         /* the writer now (differs from primary while demoted) */
    bool demoted;       /* another copy was promoted; primary does not know yet */
    bool cut;           /* stonith: primary is cut off until it learns */
    bool revoked;       /* lease: the fence step stopped its renewals */
    sim_time lost_from; /* lease: renewals impossible since; SIM_TIME_MAX: renewing */
    double split_brain_writes;
};

/* primary: the steady layout's writer. */
void fencing_init(struct fencing *f, enum fencing_mode mode, sim_time lease, int primary);

/* Reachability may have changed, as of now. renew: the primary can renew
 * its lease (it reaches its recovery region, or there is none); reach: it
 * reaches the writer (when demoted: it learns of the promotion and steps
 * down). */
void fencing_contact(struct fencing *f, sim_time now, bool renew, bool reach);

/* The runbook's fence step begins now on the old primary: the lease is no
 * longer renewed. Returns how long the step lasts: the rest of the lease
 * (lease), `drawn` (stonith), 0 (none). */
sim_time fencing_begin(struct fencing *f, sim_time now, sim_time drawn);
/* The fence step ended: stonith has cut the old primary off. */
void fencing_end(struct fencing *f);

/* `region` was promoted to writer in place of the old primary; `reach`:
 * the old primary can hear of it now (then it steps down at once). */
void fencing_promoted(struct fencing *f, sim_time now, int region, bool reach);

/* A write reached region g at now: what g does with it. */
enum fence_verdict fencing_write(const struct fencing *f, sim_time now, int g);

/* Split-brain writes accepted so far (requests they stand for). */
static inline double fencing_split_brain_writes(const struct fencing *f)
{
    return f->split_brain_writes;
}

/* The region holding the writer role as it believes (-1: none), and the
 * writer now (they differ while it is demoted and does not know). */
static inline int fencing_primary(const struct fencing *f)
{
    return f->primary;
}

static inline int fencing_writer(const struct fencing *f)
{
    return f->writer;
}

/* A split-brain write of the given weight (requests it stands for) was accepted. */
static inline void fencing_count(struct fencing *f, double weight)
{
    f->split_brain_writes += weight;
}

#endif
