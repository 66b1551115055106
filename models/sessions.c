/* Sessions, one slot per followed user: where its session lives, when the
 * user was last seen, and when a replicated store has copied it. */
#include "models/sessions.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/rng.h"

struct slot {
    int8_t home;      /* region holding the session; -1: none */
    sim_time last;    /* the user's last request */
    sim_time copied;  /* replicated: every other region has it from then */
};

struct sessions {
    enum session_store store;
    sim_time ttl;
    int central;
    int n_regions, n_users;
    gsl_rng *rng;
    struct sessions_view view;
    struct sim_dur lag;
    sim_time one_way[SCENARIO_MAX_REGIONS][SCENARIO_MAX_REGIONS];
    double users[SCENARIO_MAX_USERS]; /* N per population */
    int tracked[SCENARIO_MAX_USERS];  /* min(N, SESSIONS_TRACKED) */
    double lost, started;             /* scaled to all users */
    double via[SCENARIO_MAX_REGIONS]; /* central: requests served by each region */
    struct slot *slot;                /* n_users x SESSIONS_TRACKED */
};

struct sessions *sessions_new(const struct scenario *s, const struct scenario_strategy *c,
                              gsl_rng *rng, const struct sessions_view *view, bool *oom)
{
    *oom = false;
    const struct scenario_sessions *cfg = &s->sessions;
    if (cfg->store == SESSIONS_NONE || cfg->per_user_rate <= 0)
        return NULL;
    struct sessions *ss = calloc(1, sizeof *ss);
    struct slot *slot = calloc((size_t)s->n_users * SESSIONS_TRACKED, sizeof *slot);
    if (!ss || !slot) {
        free(ss);
        free(slot);
        *oom = true;
        return NULL;
    }
    ss->store = cfg->store;
    ss->ttl = cfg->ttl;
    ss->central = cfg->region >= 0 ? cfg->region : c->primary;
    ss->n_regions = s->n_regions;
    ss->n_users = s->n_users;
    ss->rng = rng;
    ss->view = *view;
    ss->lag = c->lag;
    ss->slot = slot;
    for (int a = 0; a < s->n_regions; a++)
        for (int b = 0; b < s->n_regions; b++)
            ss->one_way[a][b] = sim_time_from_sec(s->rtt_ms[a][b] * 0.5e-3);
    for (int p = 0; p < s->n_users; p++) {
        double n = s->workload.rate * s->users[p].share / cfg->per_user_rate;
        ss->users[p] = n > 1 ? n : 1;
        ss->tracked[p] = n < SESSIONS_TRACKED ? (int)ceil(ss->users[p]) : SESSIONS_TRACKED;
        for (int i = 0; i < SESSIONS_TRACKED; i++)
            slot[p * SESSIONS_TRACKED + i].home = -1;
    }
    return ss;
}

void sessions_free(struct sessions *ss)
{
    if (!ss)
        return;
    free(ss->slot);
    free(ss);
}

static double scale(const struct sessions *ss, int pop)
{
    return ss->users[pop] / ss->tracked[pop];
}

static void start(struct sessions *ss, struct slot *u, int pop, sim_time now, int g)
{
    u->home = (int8_t)g;
    ss->started += scale(ss, pop);
    u->copied = 0;
    if (ss->store == SESSIONS_REPLICATED) {
        /* copied to the farthest other region after its one-way delay + lag */
        sim_time far = 0;
        for (int h = 0; h < ss->n_regions; h++)
            if (ss->one_way[g][h] > far)
                far = ss->one_way[g][h];
        u->copied = now + far + sim_dur_draw(&ss->lag, ss->rng);
    }
}

/* The user's session is still there when served by g at now. */
static bool survives(const struct sessions *ss, const struct slot *u, int g, sim_time now)
{
    switch (ss->store) {
    case SESSIONS_STICKY:
    case SESSIONS_REGIONAL:
        return u->home == g;
    case SESSIONS_REPLICATED:
        return u->home == g || now >= u->copied;
    case SESSIONS_CENTRAL:
    case SESSIONS_TOKEN:
    case SESSIONS_NONE:
        break;
    }
    return true;
}

bool sessions_request(struct sessions *ss, sim_time now, int pop, int g, sim_time *extra)
{
    if (ss->store == SESSIONS_CENTRAL) {
        if (!ss->view.reaches(ss->view.ctx, g, ss->central))
            return false;
        *extra += 2 * ss->one_way[g][ss->central];
        ss->via[g] += 1;
    }
    /* Which user: uniform over all N; only the followed ones keep state. */
    double i = gsl_rng_uniform(ss->rng) * ss->users[pop];
    if (i >= ss->tracked[pop])
        return true;
    struct slot *u = &ss->slot[pop * SESSIONS_TRACKED + (int)i];
    if (u->home < 0 || now - u->last > ss->ttl) {
        start(ss, u, pop, now, g);
    } else if (!survives(ss, u, g, now)) {
        ss->lost += scale(ss, pop);
        start(ss, u, pop, now, g);
    } else {
        u->home = (int8_t)g;
    }
    u->last = now;
    return true;
}

void sessions_region_lost(struct sessions *ss, sim_time now, int a)
{
    if (!ss || ss->store == SESSIONS_TOKEN)
        return;
    if (ss->store == SESSIONS_CENTRAL && a != ss->central)
        return;
    for (int p = 0; p < ss->n_users; p++)
        for (int i = 0; i < ss->tracked[p]; i++) {
            struct slot *u = &ss->slot[p * SESSIONS_TRACKED + i];
            bool active = u->home >= 0 && now - u->last <= ss->ttl;
            bool held = ss->store == SESSIONS_CENTRAL || u->home == a;
            if (!active || !held || (ss->store == SESSIONS_REPLICATED && now >= u->copied))
                continue;
            ss->lost += scale(ss, p);
            u->home = -1;
        }
}

void sessions_fill(const struct sessions *ss, struct run_result *out)
{
    if (!ss)
        return;
    out->sessions_apply = true;
    out->sessions_lost = ss->lost;
    out->sessions_lost_share = ss->started > 0 ? ss->lost / ss->started : NAN;
    out->session_latency_p50 = NAN;
    if (ss->store != SESSIONS_CENTRAL)
        return;
    /* the weighted median of the round trips to the store, in ms */
    double total = 0;
    for (int g = 0; g < ss->n_regions; g++)
        total += ss->via[g];
    if (total <= 0)
        return;
    bool used[SCENARIO_MAX_REGIONS] = {false};
    for (double acc = 0;;) {
        int pick = -1;
        for (int g = 0; g < ss->n_regions; g++)
            if (!used[g] && ss->via[g] > 0 &&
                (pick < 0 || ss->one_way[g][ss->central] < ss->one_way[pick][ss->central]))
                pick = g;
        used[pick] = true;
        acc += ss->via[pick];
        if (acc >= total / 2) {
            out->session_latency_p50 = 2 * sim_time_to_sec(ss->one_way[pick][ss->central]) * 1e3;
            return;
        }
    }
}
