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

/* Tables of the exponential ziggurat: layer i spans [0, x_i) with equal
 * areas v; x_255 = r is where the tail starts. zk is the acceptance bound of
 * a 32-bit draw per layer, zw the scale to x, zf = exp(-x_i). */
static void zig_setup(struct workload *w)
{
    const double m2 = 4294967296.0, v = 3.949659822581572e-3;
    double de = 7.697117470131487, te = de;
    double q = v / exp(-de);
    w->zk[0] = (uint32_t)((de / q) * m2);
    w->zk[1] = 0;
    w->zw[0] = q / m2;
    w->zw[255] = de / m2;
    w->zf[0] = 1.0;
    w->zf[255] = exp(-de);
    for (int i = 254; i >= 1; i--) {
        de = -log(v / de + exp(-de));
        w->zk[i + 1] = (uint32_t)((de / te) * m2);
        te = de;
        w->zf[i] = exp(-de);
        w->zw[i] = de / m2;
    }
}

double wl_exp1(struct workload *w)
{
    for (;;) {
        uint64_t u = prng_next(&w->fast);
        uint32_t j = (uint32_t)(u >> 32);
        int i = (int)(u & 255u);
        if (j < w->zk[i])
            return j * w->zw[i];
        if (i == 0) /* the tail beyond r, memoryless */
            return 7.697117470131487 - log(1.0 - prng_uniform(&w->fast));
        double x = j * w->zw[i];
        if (w->zf[i] + prng_uniform(&w->fast) * (w->zf[i - 1] - w->zf[i]) < exp(-x))
            return x;
    }
}

int wl_init(struct workload *w, const struct scenario *s, gsl_rng *rng)
{
    memset(w, 0, sizeof *w);
    w->rng = rng;
    w->pool_free = UINT32_MAX;
    prng_seed(&w->fast, rng);
    zig_setup(w);
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
    for (int i = 0, p = 0; i < 256; i++) {
        while (p < s->n_users - 1 && w->cum[p] <= i / 256.0)
            p++;
        w->guide[i] = (uint8_t)p;
    }
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
    wl_set_stride(w, 1);
    wl_update(w, 0);
    return 0;
}

void wl_set_stride(struct workload *w, uint64_t k)
{
    w->stride = k > 0 ? k : 1;
    w->gap_s = w->mean_gap_s * (double)w->stride;
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
    double gap = wl_exp1(w) * w->gap_s;
    sim_time t = (sim_time)(gap * 1e9);
    return t > 0 ? t : 1;
}

int wl_pick(struct workload *w)
{
    double u = prng_uniform(&w->fast);
    int p = w->guide[(int)(u * 256)];
    while (p < w->n_pops - 1 && u >= w->cum[p])
        p++;
    if (w->diurnal && w->accept[p] < 1.0 && prng_uniform(&w->fast) >= w->accept[p])
        return -1;
    return p;
}

bool wl_is_write(struct workload *w)
{
    return w->write_fraction > 0 && prng_uniform(&w->fast) < w->write_fraction;
}

sim_time wl_service(struct workload *w)
{
    if (w->service.kind == SIM_DUR_EXP) {
        return (sim_time)(wl_exp1(w) * (double)w->service.a);
    }
    return sim_dur_draw(&w->service, w->rng);
}

uint64_t wl_key(struct workload *w)
{
    if (w->zipf)
        return sim_zipf_draw(w->zipf, w->rng);
    return (uint64_t)(prng_uniform(&w->fast) * (double)w->keys) % w->keys;
}

double wl_rate(const struct workload *w, int p, sim_time t)
{
    double hour = fmod(sim_time_to_sec(t) / 3600.0, 24.0);
    return w->rate[p] *
           (1 + w->amp[p] * cos(6.283185307179586 * (hour - w->peak_hour_utc[p]) / 24.0));
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
