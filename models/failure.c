/* Failure slots and their start/repair events. A stochastic slot alternates:
 * up for an exponential time of mean MTBF - mean MTTR, down for an MTTR
 * draw, so MTBF is the mean time between failure starts (the loader rejects
 * MTBF <= mean MTTR). The first start is an up time from 0. */
#include "models/failure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/error.h"
#include "sim/rng.h"

static void on_end(struct sim *sim, void *ctx, uint64_t arg);

/* An up time: exponential with mean MTBF - mean MTTR. */
static sim_time up_time(const struct fail_slot *sl)
{
    double mean = sim_time_to_sec(sl->spec->mtbf) - sim_dur_mean_sec(&sl->spec->mttr);
    return sim_time_from_sec(sim_rand_exp(sl->rng, mean > 0 ? mean : 0));
}

static void on_start(struct sim *sim, void *ctx, uint64_t arg)
{
    struct failures *f = ctx;
    struct fail_slot *sl = &f->slot[arg];
    sim_time now = sim_now(sim);
    sim_time len = sl->rng ? sim_dur_draw(&sl->spec->mttr, sl->rng) : sl->spec->duration;
    sl->ev.t_start = now;
    sl->ev.t_end = len >= f->horizon - now ? f->horizon : now + len;
    /* Known from now on: a sampled world looks ahead to it. */
    sl->next = sl->ev.t_end < f->horizon ? sl->ev.t_end : SIM_TIME_MAX;
    f->fn(f->ctx, &sl->ev, true);
    if (sl->ev.t_end < f->horizon && !sim_at(sim, sl->ev.t_end, on_end, f, arg).id)
        sl->next = SIM_TIME_MAX;
}

static void on_end(struct sim *sim, void *ctx, uint64_t arg)
{
    struct failures *f = ctx;
    struct fail_slot *sl = &f->slot[arg];
    sl->next = SIM_TIME_MAX;
    f->fn(f->ctx, &sl->ev, false);
    if (sl->rng) {
        sim_time up = up_time(sl);
        sim_time now = sim_now(sim);
        if (up < f->horizon - now && sim_at(sim, now + up, on_start, f, arg).id)
            sl->next = now + up;
    }
}

static int add_slot(struct failures *f, const struct scenario *s, int replication, int index,
                    int region)
{
    const struct scenario_failure *sp = &s->failures[index];
    struct fail_slot *sl = &f->slot[f->n];
    memset(sl, 0, sizeof *sl);
    sl->spec = sp;
    sl->ev.slot = f->n;
    sl->ev.kind = sp->kind;
    sl->ev.region = region;
    sl->ev.region_b = sp->region_b;
    sl->ev.spec = sp;
    sim_time first;
    if (sp->stochastic) {
        char name[64];
        snprintf(name, sizeof name, "failure-%d-%d", index, region);
        sl->rng = sim_rng_new(s->seed, (uint64_t)replication, name);
        if (!sl->rng)
            return SIM_ENOMEM;
        first = up_time(sl);
    } else {
        first = sp->at;
    }
    f->n++;
    sl->next = SIM_TIME_MAX;
    if (first >= 0 && first < f->horizon) {
        if (!sim_at(f->sim, first, on_start, f, (uint64_t)sl->ev.slot).id)
            return SIM_ENOMEM;
        sl->next = first;
    }
    return 0;
}

sim_time fail_next_change(const struct failures *f)
{
    sim_time t = SIM_TIME_MAX;
    for (int i = 0; i < f->n; i++)
        if (f->slot[i].next < t)
            t = f->slot[i].next;
    return t;
}

size_t fail_memory(const struct failures *f)
{
    return (size_t)f->n * sizeof *f->slot;
}

int fail_init(struct failures *f, struct sim *sim, const struct scenario *s, int replication,
              fail_fn fn, void *ctx)
{
    memset(f, 0, sizeof *f);
    f->sim = sim;
    f->horizon = s->horizon;
    f->fn = fn;
    f->ctx = ctx;
    int slots = 0;
    for (int i = 0; i < s->n_failures; i++) {
        const struct scenario_failure *sp = &s->failures[i];
        if (sp->region >= s->n_regions || sp->region_b >= s->n_regions || !failure_type(sp->kind))
            return SIM_EINVAL;
        bool everywhere = failure_type(sp->kind)->place == FAILURE_EVERYWHERE;
        if (sp->region < 0 && !sp->stochastic && !everywhere)
            return SIM_EINVAL;
        slots += sp->stochastic && sp->region < 0 ? s->n_regions : 1;
    }
    if (slots == 0)
        return 0;
    f->slot = calloc((size_t)slots, sizeof *f->slot);
    if (!f->slot)
        return SIM_ENOMEM;
    for (int i = 0; i < s->n_failures; i++) {
        const struct scenario_failure *sp = &s->failures[i];
        int rc = 0;
        if (sp->stochastic && sp->region < 0 && failure_type(sp->kind)->place != FAILURE_EVERYWHERE)
            for (int g = 0; g < s->n_regions && !rc; g++)
                rc = add_slot(f, s, replication, i, g);
        else
            rc = add_slot(f, s, replication, i, sp->region);
        if (rc)
            return rc;
    }
    return 0;
}

void fail_fini(struct failures *f)
{
    for (int i = 0; i < f->n; i++)
        if (f->slot[i].rng)
            gsl_rng_free(f->slot[i].rng);
    free(f->slot);
    f->slot = NULL;
    f->n = 0;
}
