/* The world's data and user patterns, kept out of world.c's request path
 * but for one call each: where reads go and what they see (models/reads.c),
 * and user sessions (models/sessions.c). Private to the world, like
 * world_events.c. */
#include "models/world_data.h"

#include <string.h>

#include "sim/error.h"
#include "sim/rng.h"

/* A replica a read at g may use: up, holding data, reachable from g. */
static bool replica_usable(void *ctx, int g, int d)
{
    const struct world *w = ctx;
    return w->reg[d].up && w->reg[d].db && net_reaches(&w->net, g, d);
}

/* The central session store in c answers app region g. */
static bool store_reaches(void *ctx, int g, int c)
{
    const struct world *w = ctx;
    return w->reg[c].up && net_reaches(&w->net, g, c);
}

static int sessions_setup(struct world *w)
{
    const struct scenario *s = w->s;
    if (s->sessions.store == SESSIONS_NONE)
        return 0;
    w->rng_sessions = sim_rng_new(s->seed, (uint64_t)w->out->replication, "sessions");
    if (!w->rng_sessions)
        return SIM_ENOMEM;
    struct sessions_view view = {.ctx = w, .reaches = store_reaches};
    bool oom;
    w->sess = sessions_new(s, &s->strategies[w->kind], w->rng_sessions, &view, &oom);
    return oom ? SIM_ENOMEM : 0;
}

int world_data_setup(struct world *w)
{
    const struct scenario *s = w->s;
    const struct scenario_strategy *c = &s->strategies[w->kind];
    int err = sessions_setup(w);
    if (err || c->reads == READS_PRIMARY)
        return err;
    struct reads_config rc;
    memset(&rc, 0, sizeof rc);
    rc.mode = c->reads;
    rc.n_regions = s->n_regions;
    rc.n_users = s->n_users;
    for (int g = 0; g < s->n_regions; g++)
        rc.replicas += w->base_db[g];
    memcpy(rc.rtt_ms, s->rtt_ms, sizeof rc.rtt_ms);
    memcpy(rc.user_rtt_ms, s->user_rtt_ms, sizeof rc.user_rtt_ms);
    rc.keys = s->workload.keys;
    rc.zipf_s = s->workload.zipf_s;
    struct reads_view view = {.ctx = w, .usable = replica_usable};
    w->rng_reads = sim_rng_new(s->seed, (uint64_t)w->out->replication, "reads");
    if (!w->rng_reads)
        return SIM_ENOMEM;
    bool oom;
    w->reads = reads_new(&rc, w->repl, w->rng_reads, &view, &oom);
    return oom ? SIM_ENOMEM : 0;
}

void world_data_finish(struct world *w)
{
    reads_fill(w->reads, w->out);
    sessions_fill(w->sess, w->out);
}

void world_data_free(struct world *w)
{
    reads_free(w->reads);
    if (w->rng_reads)
        gsl_rng_free(w->rng_reads);
    sessions_free(w->sess);
    if (w->rng_sessions)
        gsl_rng_free(w->rng_sessions);
}
