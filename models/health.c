/* Probe chains and the per-checker consecutive-result counters. A probe
 * that fails is counted `timeout` after it was sent (its verdict event),
 * a good one at once. */
#include "models/health.h"

#include <stdlib.h>
#include <string.h>

#include "sim/error.h"

#define VERDICT_FAIL (1ull << 40)

static void count(struct health *h, int region, int c, bool ok)
{
    struct health_checker *k = &h->chk[region * h->cfg.checkers + c];
    bool was = k->healthy;
    if (ok) {
        k->fails = 0;
        if (k->oks < INT16_MAX)
            k->oks++;
        if (!k->healthy && k->oks >= h->cfg.threshold)
            k->healthy = true;
    } else {
        k->oks = 0;
        if (k->fails < INT16_MAX)
            k->fails++;
        if (k->healthy && k->fails >= h->cfg.threshold)
            k->healthy = false;
    }
    if (k->healthy == was)
        return;
    h->n_healthy[region] += k->healthy ? 1 : -1;
    bool agg = h->n_healthy[region] > h->cfg.healthy_fraction * h->cfg.checkers;
    if (agg != h->healthy[region]) {
        h->healthy[region] = agg;
        if (h->change)
            h->change(h->ctx, region, agg);
    }
}

static void on_verdict(struct sim *sim, void *ctx, uint64_t arg)
{
    struct health *h = ctx;
    uint64_t id = arg & ~VERDICT_FAIL;
    h->chk[id].pending--;
    count(h, (int)(id / (uint64_t)h->cfg.checkers), (int)(id % (uint64_t)h->cfg.checkers), false);
}

static void on_probe(struct sim *sim, void *ctx, uint64_t arg)
{
    struct health *h = ctx;
    int region = (int)(arg / (uint64_t)h->cfg.checkers);
    int c = (int)(arg % (uint64_t)h->cfg.checkers);
    struct health_checker *k = &h->chk[arg];
    h->probes++;
    k->last = sim_now(sim);
    bool fixed = h->cfg.stable && h->cfg.false_positive <= 0 && h->cfg.stable(h->ctx, region);
    uint32_t epoch = h->epoch[region];
    int from = h->cfg.n_from > 0 ? h->cfg.from[c % h->cfg.n_from] : -1;
    bool ok = h->probe(h->ctx, from, region);
    if (ok && h->cfg.false_positive > 0 && gsl_rng_uniform(h->rng) < h->cfg.false_positive)
        ok = false;
    if (ok) {
        count(h, region, c, true);
    } else {
        k->pending++;
        sim_after(sim, h->cfg.timeout, on_verdict, h, arg | VERDICT_FAIL);
    }
    /* Park while the answer stays `ok` and more of it cannot move the
     * verdict: a healthy checker with no failure still to be counted, or an
     * unhealthy one (only good probes turn it). Not when the answer may
     * have changed during this probe's own consequences (a wake). */
    if (fixed && epoch == h->epoch[region] && (ok ? k->healthy && k->pending == 0 : !k->healthy)) {
        k->parked = true;
        k->parked_ok = ok;
        h->n_parked[region]++;
        return;
    }
    sim_after(sim, h->cfg.interval, on_probe, h, arg);
}

/* Accounts for the probes a parked checker skipped in (last, now) and
 * schedules its next one at its first probe time >= now. Skipped good
 * probes of a healthy checker and skipped failures of an unhealthy one
 * change only the counters (fails reset / oks reset, the other one grows);
 * a skipped failure's verdict that is due after now is scheduled as it
 * would have been. */
static void resume(struct health *h, int region, int c)
{
    struct health_checker *k = &h->chk[region * h->cfg.checkers + c];
    uint64_t arg = (uint64_t)region * (uint64_t)h->cfg.checkers + (uint64_t)c;
    sim_time now = sim_now(h->sim), iv = h->cfg.interval;
    /* next probe: last + n iv, the first >= now, n >= 1 */
    int64_t n = now > k->last ? (now - k->last + iv - 1) / iv : 1;
    if (n < 1)
        n = 1;
    int64_t skipped = n - 1;
    h->probes += (uint64_t)skipped;
    if (skipped > 0) {
        if (k->parked_ok) {
            k->fails = 0;
            k->oks = (int16_t)(k->oks + skipped > INT16_MAX ? INT16_MAX : k->oks + skipped);
        } else {
            /* skipped probe m (1..n-1) at last + m iv; its verdict at + timeout */
            int64_t counted = 0;
            for (int64_t m = skipped; m >= 1; m--) {
                sim_time t = k->last + m * iv + h->cfg.timeout;
                if (t <= now) {
                    counted = m;
                    break;
                }
                k->pending++;
                sim_at(h->sim, t, on_verdict, h, arg | VERDICT_FAIL);
            }
            if (counted > 0) {
                k->oks = 0;
                k->fails =
                    (int16_t)(k->fails + counted > INT16_MAX ? INT16_MAX : k->fails + counted);
            }
        }
    }
    k->last += n * iv;
    k->parked = false;
    h->n_parked[region]--;
    sim_at(h->sim, k->last, on_probe, h, arg);
}

void health_wake(struct health *h, int region)
{
    if (!h->chk || region < 0 || region >= h->cfg.n_regions)
        return;
    h->epoch[region]++;
    if (h->n_parked[region] == 0)
        return;
    for (int c = 0; c < h->cfg.checkers; c++)
        if (h->chk[region * h->cfg.checkers + c].parked)
            resume(h, region, c);
}

int health_init(struct health *h, struct sim *sim, const struct health_config *cfg,
                health_probe_fn probe, health_change_fn change, void *ctx, gsl_rng *rng)
{
    memset(h, 0, sizeof *h);
    if (cfg->checkers < 1 || cfg->interval <= 0 || cfg->threshold < 1 || cfg->n_regions < 1 ||
        cfg->n_regions > SCENARIO_MAX_REGIONS || cfg->timeout < 0)
        return SIM_EINVAL;
    h->sim = sim;
    h->rng = rng;
    h->cfg = *cfg;
    h->probe = probe;
    h->change = change;
    h->ctx = ctx;
    size_t n = (size_t)cfg->n_regions * (size_t)cfg->checkers;
    h->chk = calloc(n, sizeof *h->chk);
    if (!h->chk)
        return SIM_ENOMEM;
    for (int g = 0; g < cfg->n_regions; g++) {
        h->n_healthy[g] = cfg->checkers;
        h->healthy[g] = true;
        for (int c = 0; c < cfg->checkers; c++) {
            h->chk[g * cfg->checkers + c].healthy = true;
            sim_time phase = (sim_time)(gsl_rng_uniform(rng) * (double)cfg->interval);
            if (!sim_at(sim, sim_now(sim) + phase, on_probe, h,
                        (uint64_t)g * (uint64_t)cfg->checkers + (uint64_t)c)
                     .id)
                return SIM_ENOMEM;
        }
    }
    return 0;
}

void health_fini(struct health *h)
{
    free(h->chk);
    h->chk = NULL;
}

size_t health_memory(const struct health *h)
{
    return (size_t)h->cfg.n_regions * (size_t)h->cfg.checkers * sizeof *h->chk + sizeof *h;
}
