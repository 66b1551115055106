/* The full-load queue for sampled runs: linear backlog between rate changes
 * (exact for piecewise-constant rates: the clip at 0 or at the cap is
 * reached once and held), Erlang C cached until the rate or fleet changes. */
#include "models/fluidq.h"

#include <math.h>

void fluid_init(struct fluid_queue *f, int servers, double service_mean_s, sim_time max_wait)
{
    f->servers = servers > 0 ? servers : 0;
    f->mu = 1.0 / service_mean_s;
    f->lambda = 0;
    f->max_wait = sim_time_to_sec(max_wait);
    f->q = 0;
    f->t = 0;
    f->pc = NAN;
}

static double cap_of(const struct fluid_queue *f)
{
    return f->servers * f->mu * f->max_wait;
}

static void advance(struct fluid_queue *f, sim_time now)
{
    if (now <= f->t)
        return;
    double q = f->q + (f->lambda - f->servers * f->mu) * sim_time_to_sec(now - f->t);
    double cap = cap_of(f);
    f->q = q < 0 ? 0 : q > cap ? cap : q;
    f->t = now;
}

void fluid_set_rate(struct fluid_queue *f, sim_time now, double lambda)
{
    advance(f, now);
    if (lambda != f->lambda)
        f->pc = NAN;
    f->lambda = lambda > 0 ? lambda : 0;
}

void fluid_resize(struct fluid_queue *f, sim_time now, int servers)
{
    advance(f, now);
    f->servers = servers > 0 ? servers : 0;
    f->pc = NAN;
    double cap = cap_of(f);
    f->q = f->q > cap ? cap : f->q;
}

double fluid_backlog(struct fluid_queue *f, sim_time now)
{
    advance(f, now);
    return f->q;
}

/* Erlang C by the Erlang B recursion B(k) = a B(k-1) / (k + a B(k-1)). */
static double erlang_c(int c, double a)
{
    double b = 1.0;
    for (int k = 1; k <= c; k++)
        b = a * b / (k + a * b);
    double rho = a / c;
    return b / (1 - rho + rho * b);
}

double fluid_p_wait(struct fluid_queue *f, sim_time now)
{
    advance(f, now);
    double cmu = f->servers * f->mu;
    if (f->servers == 0 || f->q > 0 || f->lambda >= cmu)
        return f->servers > 0 && f->q == 0 ? 0 : 1;
    if (isnan(f->pc))
        f->pc = erlang_c(f->servers, f->lambda / f->mu);
    return f->pc;
}

sim_time fluid_admit(struct fluid_queue *f, sim_time now, double u)
{
    advance(f, now);
    if (f->servers == 0)
        return -1;
    double cmu = f->servers * f->mu, wait;
    if (f->q > 0 || f->lambda >= cmu) {
        /* At the cap only a share c mu / lambda of the newcomers gets in
         * (the others would wait past max_wait), and waits max_wait. */
        if (f->q >= cap_of(f) * (1 - 1e-12) && f->lambda > cmu && u >= cmu / f->lambda)
            return -1;
        wait = f->q / cmu;
    } else {
        double pc = fluid_p_wait(f, now);
        if (u >= pc)
            return 0;
        wait = -log(u / pc) / (cmu - f->lambda);
        if (wait > f->max_wait)
            return -1;
    }
    return sim_time_from_sec(wait);
}
