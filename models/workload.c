/* One merged arrival stream for all populations: candidates arrive at the sum
 * of the peak rates; a candidate belongs to population p with probability
 * peak_p / peak_total and is kept with probability rate_p(t) / peak_p
 * (thinning), so each population is a Poisson process at its diurnal rate. */
#include "models/workload.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "sim/error.h"

int wl_init(struct workload *w, const struct scenario *s, gsl_rng *rng)
{
    memset(w, 0, sizeof *w);
    w->rng = rng;
    w->pool_free = UINT32_MAX;
    if (s->n_users <= 0 || s->n_users > SCENARIO_MAX_USERS || !(s->workload.rate > 0))
        return SIM_EINVAL;
    w->n_pops = s->n_users;
    double share_sum = 0;
    for (int p = 0; p < s->n_users; p++)
        share_sum += s->users[p].share;
    if (!(share_sum > 0))
        return SIM_EINVAL;
    double peak[SCENARIO_MAX_USERS];
    for (int p = 0; p < s->n_users; p++) {
        const struct scenario_users *u = &s->users[p];
        double ratio = u->diurnal_ratio > 1 ? u->diurnal_ratio : 1;
        /* peak / trough = (1 + a) / (1 - a) with the mean kept at the base rate. */
        w->amp[p] = (ratio - 1) / (ratio + 1);
        if (ratio > 1)
            w->diurnal = true;
        w->rate[p] = s->workload.rate * u->share / share_sum;
        peak[p] = w->rate[p] * (1 + w->amp[p]);
        w->peak_hour_utc[p] = fmod(u->peak_hour - u->utc_offset_hours + 48.0, 24.0);
        w->peak_rate += peak[p];
        w->accept[p] = 1;
    }
    double c = 0;
    for (int p = 0; p < s->n_users; p++) {
        c += peak[p];
        w->cum[p] = c / w->peak_rate;
    }
    w->cum[s->n_users - 1] = 1.0;
    w->mean_gap_s = 1.0 / w->peak_rate;
    w->write_fraction = s->workload.write_fraction;
    w->service = s->workload.service_time;
    w->service_mean_s = sim_dur_mean_sec(&w->service);
    w->keys = s->workload.keys ? s->workload.keys : 1;
    if (s->workload.zipf_s > 0) {
        w->zipf = sim_zipf_new(w->keys, s->workload.zipf_s);
        if (!w->zipf)
            return SIM_ENOMEM;
    }
    w->retries = s->workload.retries > 0 ? s->workload.retries : 0;
    w->retry_backoff = s->workload.retry_backoff;
    wl_update(w, 0);
    return 0;
}

void wl_fini(struct workload *w)
{
    sim_zipf_free(w->zipf);
    free(w->pool);
    w->zipf = NULL;
    w->pool = NULL;
}

sim_time wl_next_gap(struct workload *w)
{
    /* -log(U) with U in (0, 1]: gsl_rng_uniform_pos excludes 0. */
    double gap = -log(gsl_rng_uniform_pos(w->rng)) * w->mean_gap_s;
    sim_time t = (sim_time)(gap * 1e9);
    return t > 0 ? t : 1;
}

int wl_pick(struct workload *w)
{
    double u = gsl_rng_uniform(w->rng);
    int p = 0;
    while (p < w->n_pops - 1 && u >= w->cum[p])
        p++;
    if (w->diurnal && w->accept[p] < 1.0 && gsl_rng_uniform(w->rng) >= w->accept[p])
        return -1;
    return p;
}

bool wl_is_write(struct workload *w)
{
    return w->write_fraction > 0 && gsl_rng_uniform(w->rng) < w->write_fraction;
}

sim_time wl_service(struct workload *w)
{
    if (w->service.kind == SIM_DUR_EXP) {
        double x = -log(gsl_rng_uniform_pos(w->rng)) * (double)w->service.a;
        return (sim_time)x;
    }
    return sim_dur_draw(&w->service, w->rng);
}

uint64_t wl_key(struct workload *w)
{
    if (w->zipf)
        return sim_zipf_draw(w->zipf, w->rng);
    return (uint64_t)(gsl_rng_uniform(w->rng) * (double)w->keys) % w->keys;
}

double wl_rate(const struct workload *w, int p, sim_time t)
{
    double hour = fmod(sim_time_to_sec(t) / 3600.0, 24.0);
    return w->rate[p] * (1 + w->amp[p] * cos(6.283185307179586 * (hour - w->peak_hour_utc[p]) / 24.0));
}

void wl_update(struct workload *w, sim_time now)
{
    if (!w->diurnal)
        return;
    for (int p = 0; p < w->n_pops; p++)
        w->accept[p] = wl_rate(w, p, now) / (w->rate[p] * (1 + w->amp[p]));
}

uint32_t wl_retry_get(struct workload *w)
{
    if (w->pool_free == UINT32_MAX) {
        uint32_t cap = w->pool_cap ? w->pool_cap * 2 : 64;
        struct wl_retry *p = realloc(w->pool, cap * sizeof *p);
        if (!p)
            return UINT32_MAX;
        for (uint32_t i = w->pool_cap; i < cap; i++)
            p[i].next_free = i + 1 < cap ? i + 1 : UINT32_MAX;
        w->pool = p;
        w->pool_free = w->pool_cap;
        w->pool_cap = cap;
    }
    uint32_t i = w->pool_free;
    w->pool_free = w->pool[i].next_free;
    return i;
}

void wl_retry_put(struct workload *w, uint32_t i)
{
    w->pool[i].next_free = w->pool_free;
    w->pool_free = i;
}
