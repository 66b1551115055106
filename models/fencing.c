/* The old primary's view of its role: its lease, whether it was demoted
 * without knowing it, whether it was cut off; and the writes it accepted
 * while split. */
#include "models/fencing.h"

void fencing_init(struct fencing *f, enum fencing_mode mode, sim_time lease, int primary)
{
    *f = (struct fencing){
        .mode = mode,
        .lease = lease,
        .primary = primary,
        .writer = primary,
        .lost_from = SIM_TIME_MAX,
    };
}

/* The old primary learns it was demoted: the writer is the primary now,
 * with a fresh lease. */
static void step_down(struct fencing *f)
{
    f->primary = f->writer;
    f->demoted = false;
    f->cut = false;
    f->revoked = false;
    f->lost_from = SIM_TIME_MAX;
}

void fencing_contact(struct fencing *f, sim_time now, bool renew, bool reach)
{
    if (f->demoted && reach) {
        step_down(f);
        return;
    }
    if (f->mode != FENCING_LEASE || f->revoked)
        return;
    if (renew)
        f->lost_from = SIM_TIME_MAX;
    else if (f->lost_from == SIM_TIME_MAX)
        f->lost_from = now;
}

static bool lease_held(const struct fencing *f, sim_time now)
{
    return f->lost_from == SIM_TIME_MAX || now - f->lost_from < f->lease;
}

sim_time fencing_begin(struct fencing *f, sim_time now, sim_time drawn)
{
    switch (f->mode) {
    case FENCING_LEASE:
        f->revoked = true;
        if (f->lost_from > now)
            f->lost_from = now;
        return lease_held(f, now) ? f->lost_from + f->lease - now : 0;
    case FENCING_STONITH:
        return drawn;
    case FENCING_NONE:
        break;
    }
    return 0;
}

void fencing_end(struct fencing *f)
{
    if (f->mode == FENCING_STONITH)
        f->cut = true;
}

void fencing_promoted(struct fencing *f, sim_time now, int region, bool reach)
{
    f->writer = region;
    if (region == f->primary)
        return;
    f->demoted = true;
    if (reach)
        step_down(f);
}

enum fence_verdict fencing_write(const struct fencing *f, sim_time now, int g)
{
    if (g != f->primary)
        return FENCE_NORMAL;
    if (f->cut || (f->mode == FENCING_LEASE && !lease_held(f, now)))
        return FENCE_REFUSE;
    return f->demoted ? FENCE_LOCAL : FENCE_NORMAL;
}
