/* Reads: where each one goes (nearest replica, a majority, or the nearest
 * replica holding the client's own last write) and whether it is stale, per
 * key from the replication state (repl_read_stale), never by a global coin.
 * Invariant: tokens[pop][client] is the newest acknowledged write of that
 * client (commit 0: none yet). */
#include "models/reads.h"

#include <math.h>
#include <stdlib.h>

#include "models/prng.h"
#include "sim/rng.h"
#include "sim/stats.h"

struct token {
    int writer;
    sim_time commit; /* 0: the client has not written */
};

struct reads {
    struct reads_config cfg;
    struct repl *repl;
    struct reads_view view;
    struct prng bits;
    gsl_rng *rng;
    struct sim_zipf *zipf; /* NULL: uniform keys */
    struct token tokens[SCENARIO_MAX_USERS][READS_CLIENTS];
    double reads, stale, violations;
    struct sim_hist behind; /* seconds, stale reads only */
};

struct reads *reads_new(const struct reads_config *cfg, struct repl *repl, gsl_rng *rng,
                        const struct reads_view *view, bool *oom)
{
    *oom = false;
    if (cfg->mode == READS_PRIMARY)
        return NULL;
    struct reads *rd = calloc(1, sizeof *rd);
    if (rd && cfg->zipf_s > 0 &&
        !(rd->zipf = sim_zipf_new(cfg->keys ? cfg->keys : 1, cfg->zipf_s))) {
        free(rd);
        rd = NULL;
    }
    if (!rd) {
        *oom = true;
        return NULL;
    }
    rd->cfg = *cfg;
    if (rd->cfg.keys == 0)
        rd->cfg.keys = 1;
    rd->repl = repl;
    rd->view = *view;
    rd->rng = rng;
    prng_seed(&rd->bits, rng);
    sim_hist_init(&rd->behind);
    return rd;
}

void reads_free(struct reads *rd)
{
    if (!rd)
        return;
    sim_zipf_free(rd->zipf);
    free(rd);
}

static struct token *client(struct reads *rd, int pop)
{
    return &rd->tokens[pop][prng_next(&rd->bits) % READS_CLIENTS];
}

void reads_wrote(struct reads *rd, int pop, int writer, sim_time commit)
{
    *client(rd, pop) = (struct token){writer, commit};
}

static uint64_t draw_key(struct reads *rd)
{
    if (rd->zipf)
        return sim_zipf_draw(rd->zipf, rd->rng);
    return prng_next(&rd->bits) % rd->cfg.keys;
}

/* The usable replicas for a read at g, nearest first: by the user's RTT
 * (local, session: the read goes to a read endpoint) or by g's (quorum: the
 * app region fans out). Returns their count. */
static int candidates(const struct reads *rd, int pop, int g, int *out)
{
    const struct reads_config *c = &rd->cfg;
    const double *d = c->mode == READS_QUORUM ? c->rtt_ms[g] : c->user_rtt_ms[pop];
    int n = 0;
    for (int r = 0; r < c->n_regions; r++) {
        if (!rd->view.usable(rd->view.ctx, g, r))
            continue;
        int i = n++;
        for (; i > 0 && d[out[i - 1]] > d[r]; i--)
            out[i] = out[i - 1];
        out[i] = r;
    }
    return n;
}

/* Has replica r applied the client's last write? */
static bool has_token(const struct reads *rd, sim_time now, const struct token *t, int r)
{
    return t->commit == 0 || repl_applied(rd->repl, now, t->writer, t->commit, r);
}

bool reads_serve(struct reads *rd, sim_time now, int pop, int g, sim_time rtt, double weight,
                 sim_time *extra)
{
    const struct reads_config *c = &rd->cfg;
    int order[SCENARIO_MAX_REGIONS];
    int n = candidates(rd, pop, g, order);
    int k = c->mode == READS_QUORUM ? c->replicas / 2 + 1 : 1;
    uint64_t key = draw_key(rd);
    const struct token *t = client(rd, pop);
    if (n < k)
        return false;
    int first = 0;
    if (c->mode == READS_SESSION)
        while (first < n - 1 && !has_token(rd, now, t, order[first]))
            first++;
    /* quorum: the k nearest answer, the newest value wins; stale only when
     * every one of them is, by the least they are behind */
    bool stale = true, seen = false;
    sim_time behind = SIM_TIME_MAX;
    for (int i = first; i < first + k; i++) {
        sim_time b;
        if (repl_read_stale(rd->repl, now, order[i], key, &b))
            behind = b < behind ? b : behind;
        else
            stale = false;
        seen |= has_token(rd, now, t, order[i]);
    }
    int far = order[first + k - 1];
    if (c->mode == READS_QUORUM) {
        *extra = sim_time_from_sec(c->rtt_ms[g][far] * 1e-3);
    } else {
        double to_g = c->user_rtt_ms[pop][g], to_r = c->user_rtt_ms[pop][far];
        *extra = to_g > 0 ? (sim_time)((double)rtt * (to_r / to_g)) - rtt
                          : sim_time_from_sec(to_r * 1e-3);
    }
    rd->reads += weight;
    if (stale) {
        rd->stale += weight;
        sim_hist_add(&rd->behind, sim_time_to_sec(behind));
    }
    if (!seen)
        rd->violations += weight;
    return true;
}

void reads_fill(const struct reads *rd, struct run_result *out)
{
    out->reads_apply = rd != NULL;
    if (!rd)
        return;
    out->stale_reads = rd->reads > 0 ? rd->stale / rd->reads : NAN;
    out->staleness_p99 = rd->behind.count ? sim_hist_quantile(&rd->behind, 0.99) : 0;
    out->ryw_violations = rd->violations;
}
