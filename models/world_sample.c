/* The sampling rule (README "Sampling"): which requests a run simulates one
 * by one, and what each stands for. Exact mode: every request, weight 1, and
 * nothing here runs. Sampled: the arrival stream thinned to a hot rate while
 * something happens (an incident open, a runbook running, a failure starting
 * or ending within the lookahead, a simulated request failing) and to a quiet
 * rate otherwise; each simulated request carries the stride in force when its
 * gap was drawn, so every count is an unbiased (Horvitz-Thompson) estimate.
 * What depends on the full load does not follow the sample: the app tier is
 * a fluid queue fed the full rate (models/fluidq.c), resolvers refresh as
 * busy ones do (models/dns.c). Invariant: stride changes restart the stream
 * (exponential gaps are memoryless), so the intensity is rate / stride(t). */
#include <math.h>
#include <string.h>

#include "models/world.h"
#include "models/world_impl.h"

/* auto: every request when rate x horizon is at most this (about 2 s of a
 * core at today's 10 M requests per second) */
#define AUTO_EXACT_BUDGET 2e7
/* auto's hot rate, at least: 6000 requests in a 60 s window judge a 99%
 * threshold to +-0.26% (two binomial standard errors at 1% failing) */
#define AUTO_HOT_RATE 100.0
/* quiet stretches: this many simulated requests over the horizon, enough
 * for steady-state p99 from ~2000 requests above it */
#define QUIET_SAMPLES 2e5

static uint64_t stride_for(double full, double sampled)
{
    double k = floor(full / sampled);
    return k < 1 ? 1 : k > 1e18 ? (uint64_t)1e18 : (uint64_t)k;
}

bool world_samples(const struct scenario *s)
{
    double sr = s->workload.sample_rate;
    if (sr != SCENARIO_SAMPLE_AUTO)
        return sr > 0;
    /* sessions, breakers and shedding follow every request: auto runs them
     * exactly (the loader refuses a rate with them) */
    return s->workload.rate * sim_time_to_sec(s->horizon) > AUTO_EXACT_BUDGET &&
           !scenario_per_request_model(s);
}

int world_sample_setup(struct world *w)
{
    const struct scenario *s = w->s;
    struct world_sample *p = &w->smp;
    memset(p, 0, sizeof *p);
    p->last_change = -1;
    p->hot_until = -1;
    double horizon_s = sim_time_to_sec(s->horizon), sr = s->workload.sample_rate;
    if (!world_samples(s))
        return 0;
    double window_s = sim_time_to_sec(s->report.rto_window);
    double failing = 1 - s->report.rto_threshold > 1e-4 ? 1 - s->report.rto_threshold : 1e-4;
    p->on = true;
    /* A window (a minute) is judged only on 5 expected failures at the
     * threshold: 500 simulated requests at 99%; a hot window holds twice
     * that at least, whatever rate was asked for. */
    uint32_t min_sampled = (uint32_t)ceil(5 / failing);
    metrics_set_min_sampled(&w->m, min_sampled);
    p->hot_rate = sr > 0 ? sr : fmax(AUTO_HOT_RATE, 20 / (failing * window_s));
    p->hot_rate = fmax(p->hot_rate, 2.0 * min_sampled / fmin(window_s, 60));
    p->quiet_rate = fmin(p->hot_rate, QUIET_SAMPLES / horizon_s);
    p->k_hot = stride_for(wl_peak_rate(&w->wl), p->hot_rate);
    p->k_quiet = stride_for(wl_peak_rate(&w->wl), p->quiet_rate);
    p->k_quiet = p->k_quiet > p->k_hot ? p->k_quiet : p->k_hot;
    p->lookahead = 2 * s->report.rto_window + SIM_MIN;
    p->hot = true;
    repl_set_full_write_rate(w->repl, s->workload.rate * s->workload.write_fraction);
    dns_set_busy(&w->dns, true);
    for (int u = 0; u < s->n_users; u++)
        dns_set_pop_rate(&w->dns, u, wl_mean_rate(&w->wl, u));
    /* a retry budget of 0 allows no retry at all */
    int retries =
        s->workload.has_retry_budget && !(s->workload.retry_budget > 0) ? 0 : s->workload.retries;
    for (int g = 0; g < s->n_regions; g++) {
        fluid_init(&w->reg[g].fq, w->reg[g].servers, wl_service_mean_s(&w->wl), w->timeout);
        fluid_set_retries(&w->reg[g].fq, retries,
                          s->workload.has_retry_budget ? s->workload.retry_budget : 0);
    }
    wl_set_stride(&w->wl, p->k_hot);
    dns_set_sampled_share(&w->dns, 1.0 / (double)p->k_hot);
    return 0;
}

void world_sample_update(struct world *w)
{
    struct world_sample *p = &w->smp;
    if (!p->on)
        return;
    sim_time now = sim_now(w->sim), next = fail_next_change(&w->fail);
    bool hot = incident_is_open(&w->inc) || strategy_running(&w->st) || now < p->hot_until ||
               (p->last_change >= 0 && now - p->last_change < p->lookahead) ||
               (next != SIM_TIME_MAX && next - now <= p->lookahead);
    if (hot == p->hot)
        return;
    p->hot = hot;
    uint64_t k = hot ? p->k_hot : p->k_quiet;
    if (k == wl_stride(&w->wl))
        return;
    wl_set_stride(&w->wl, k);
    dns_set_sampled_share(&w->dns, 1.0 / (double)k);
    p->gen++;
    sim_time gap = wl_next_gap(&w->wl);
    world_arrival_at(w, gap > SIM_TIME_MAX - now ? SIM_TIME_MAX : now + gap);
}

void world_sample_failed(struct world *w, sim_time now)
{
    if (w->smp.on && !w->smp.hot)
        w->smp.hot_until = now + w->smp.lookahead;
}

void world_sample_change(struct world *w, sim_time now)
{
    if (!w->smp.on)
        return;
    w->smp.last_change = now;
    world_sample_update(w);
}

/* The full arrival rate at region g now: each population's rate times the
 * share of its resolvers (busy: as the full load keeps them) answering g,
 * or the front door's route. The retries of the attempts its queue turns
 * away are the queue's own (fluid_set_retries). */
static double full_rate_at(const struct world *w, int g, sim_time now)
{
    double lambda = 0;
    for (int p = 0; p < w->s->n_users; p++) {
        double share = w->anycast ? (fd_route(&w->fd, p) == g)
                                  : dns_share(&w->dns, p, g);
        if (share > 0)
            lambda += wl_rate_at(&w->wl, p, now) * share;
    }
    return lambda;
}

sim_time world_sample_wait(struct world *w, int g, sim_time now, double u)
{
    struct fluid_queue *f = &w->reg[g].fq;
    fluid_set_rate(f, now, full_rate_at(w, g, now));
    return fluid_admit(f, now, u);
}

sim_time world_sample_skip(struct world *w, sim_time now)
{
    sim_time next = now + SIM_SEC;
    if (!w->smp.on || w->smp.hot || !incident_idle(&w->inc))
        return next;
    /* Seconds ending strictly before the next event or lookahead close now. */
    sim_time until = sim_next_time(w->sim), nf = fail_next_change(&w->fail);
    if (nf != SIM_TIME_MAX && nf - w->smp.lookahead < until)
        until = nf - w->smp.lookahead;
    if (until > w->s->horizon)
        until = w->s->horizon;
    int64_t n = until > now ? (until - now - 1) / SIM_SEC : 0;
    if (n <= 0 || metrics_skip_idle(&w->m, n) != n)
        return next;
    incident_skip(&w->inc, n);
    return next + n * SIM_SEC;
}
