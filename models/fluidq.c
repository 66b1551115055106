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
    f->retries = 0;
    f->retry_budget = 0;
    f->offered = NAN;
}

void fluid_set_retries(struct fluid_queue *f, int retries, double budget)
{
    f->retries = retries > 0 ? retries : 0;
    f->retry_budget = budget > 0 ? budget : 0;
    f->offered = NAN;
}

/* L = lambda sum_{i <= retries} (1 - c mu / L)^i by iteration from
 * L = lambda: the right side grows with L and is bounded by
 * lambda (retries + 1), so the iterates rise monotonically to the least
 * fixed point. */
double fluid_offered(struct fluid_queue *f)
{
    double cmu = f->servers * f->mu;
    if (!isnan(f->offered))
        return f->offered;
    double L = f->lambda;
    if (f->retries > 0 && f->lambda > cmu) {
        double top = f->retry_budget > 0 ? f->lambda * (1 + f->retry_budget) : INFINITY;
        for (int it = 0; it < 200; it++) {
            double p = 1 - cmu / L, sum = 1, term = 1;
            for (int i = 0; i < f->retries; i++)
                sum += term *= p;
            double next = fmin(f->lambda * sum, top);
            if (fabs(next - L) <= 1e-12 * next) {
                L = next;
                break;
            }
            L = next;
        }
    }
    f->offered = L;
    return L;
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
        f->pc = f->offered = NAN;
    f->lambda = lambda > 0 ? lambda : 0;
}

void fluid_resize(struct fluid_queue *f, sim_time now, int servers)
{
    advance(f, now);
    f->servers = servers > 0 ? servers : 0;
    f->pc = f->offered = NAN;
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
        /* At the cap only a share c mu / L of the attempts gets in (the
         * others would wait past max_wait), and waits max_wait; L is the
         * offered rate with the retries the leavers send. */
        if (f->q >= cap_of(f) * (1 - 1e-12) && f->lambda > cmu && u >= cmu / fluid_offered(f))
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
