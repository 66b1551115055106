/* Random streams (mt19937 seeded from a stated 64-bit hash of seed, replication and
 * stream name) and the distributions the models draw from. Invariant: a stream's
 * draws depend only on its (seed, replication, name), never on other streams. */
/* GSL's uniform draws inline (C99 inline; libgsl still defines them). */
#define HAVE_INLINE 1
#include "sim/rng.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <pthread.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>

#include "sim/sim_private.h"

#define GOLDEN UINT64_C(0x9e3779b97f4a7c15)
#define FNV_OFFSET UINT64_C(0xcbf29ce484222325)
#define FNV_PRIME UINT64_C(0x100000001b3)
/* Standard normal quantile at 0.95. */
#define Z95 1.6448536269514722

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static uint64_t fnv1a64(const char *s)
{
    uint64_t h = FNV_OFFSET;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= FNV_PRIME;
    }
    return h;
}

static pthread_once_t gsl_quiet_once = PTHREAD_ONCE_INIT;

static void gsl_quiet_now(void)
{
    gsl_set_error_handler_off();
}

void sim__gsl_quiet(void)
{
    pthread_once(&gsl_quiet_once, gsl_quiet_now);
}

uint64_t sim_rng_derive(uint64_t seed, uint64_t replication, const char *name)
{
    uint64_t x = mix64(seed + GOLDEN);
    x = mix64((x ^ replication) + GOLDEN);
    return mix64((x ^ fnv1a64(name ? name : "")) + GOLDEN);
}

/* Layout of GSL's mt19937 state (gsl/rng/mt.c), used to load all 624 words
 * from the 64-bit seed; checked against gsl_rng_size before use. */
#define MT_N 624
struct mt_state {
    unsigned long mt[MT_N];
    int mti;
};

gsl_rng *sim_rng_new(uint64_t seed, uint64_t replication, const char *name)
{
    sim__gsl_quiet();
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (r == NULL)
        return NULL;
    uint64_t s = sim_rng_derive(seed, replication, name);
    if (gsl_rng_size(r) == sizeof(struct mt_state)) {
        /* Every word from a splitmix64 sequence started at s; the top bit of
         * word 0 set, as MT's own array initialisation does, so the state is
         * never all zero. */
        struct mt_state *st = gsl_rng_state(r);
        for (int i = 0; i < MT_N; i++) {
            s += GOLDEN;
            st->mt[i] = (unsigned long)(mix64(s) & 0xffffffffu);
        }
        st->mt[0] |= 0x80000000ul;
        st->mti = MT_N;
    } else {
        gsl_rng_set(r, (unsigned long)((s ^ (s >> 32)) & 0xffffffffu));
    }
    return r;
}

double sim_rand_uniform(gsl_rng *r, double lo, double hi)
{
    return lo + (hi - lo) * gsl_rng_uniform(r);
}

double sim_rand_exp(gsl_rng *r, double mean)
{
    /* Inversion with log instead of GSL's log1p(-u): the same law (u and 1-u are
     * both uniform on (0,1)), about 40% faster here. */
    return -mean * log(gsl_rng_uniform_pos(r));
}

double sim_rand_lognormal(gsl_rng *r, double median, double p95)
{
    if (!(median > 0))
        return 0;
    double sigma = p95 > median ? log(p95 / median) / Z95 : 0;
    return median * exp(sigma * gsl_ran_gaussian_ziggurat(r, 1.0));
}

bool sim_rand_bernoulli(gsl_rng *r, double p)
{
    return gsl_rng_uniform(r) < p;
}

/* Rejection-inversion (Hoermann and Derflinger, 1996): invert the integral
 * H of the hat h(x) = x^-s over [0.5, n + 0.5], round to the nearest key,
 * and accept with a squeeze or against H; O(1) memory and expected time for
 * every n and s >= 0 (the expected number of tries is below 1.1). Keys are
 * 1-based inside, 0-based outside. */
struct sim_zipf {
    double n, s;
    double h_x1; /* H(1.5) - h(1): the lower end of u */
    double h_n;  /* H(n + 0.5): the upper end */
    double sq;   /* squeeze: accept when k - x <= sq */
};

/* expm1(x) / x and log1p(x) / x, continuous at 0. */
static double expm1_over(double x)
{
    return fabs(x) > 1e-8 ? expm1(x) / x : 1 + x / 2 * (1 + x / 3);
}
static double log1p_over(double x)
{
    return fabs(x) > 1e-8 ? log1p(x) / x : 1 - x * (0.5 - x / 3);
}

static double zipf_h(const struct sim_zipf *z, double x)
{
    return exp(-z->s * log(x));
}
/* H(x) = (x^(1-s) - 1) / (1 - s), log(x) at s = 1. */
static double zipf_H(const struct sim_zipf *z, double x)
{
    double lx = log(x);
    return expm1_over((1 - z->s) * lx) * lx;
}
static double zipf_H_inv(const struct sim_zipf *z, double u)
{
    double t = u * (1 - z->s);
    if (t < -1)
        t = -1; /* rounding at the bottom of the range */
    return exp(log1p_over(t) * u);
}

struct sim_zipf *sim_zipf_new(uint64_t n, double s)
{
    if (n == 0 || !(s >= 0))
        return NULL;
    struct sim_zipf *z = malloc(sizeof *z);
    if (z == NULL)
        return NULL;
    z->n = (double)n;
    z->s = s;
    z->h_x1 = zipf_H(z, 1.5) - 1;
    z->h_n = zipf_H(z, z->n + 0.5);
    z->sq = 2 - zipf_H_inv(z, zipf_H(z, 2.5) - zipf_h(z, 2));
    return z;
}

void sim_zipf_free(struct sim_zipf *z)
{
    free(z);
}

uint64_t sim_zipf_draw(const struct sim_zipf *z, gsl_rng *r)
{
    for (;;) {
        double u = z->h_n + gsl_rng_uniform(r) * (z->h_x1 - z->h_n);
        double x = zipf_H_inv(z, u);
        double k = floor(x + 0.5);
        if (k < 1)
            k = 1;
        else if (k > z->n)
            k = z->n;
        if (k - x <= z->sq || u >= zipf_H(z, k + 0.5) - zipf_h(z, k))
            return (uint64_t)k - 1;
    }
}

struct sim_dur sim_dur_fixed(sim_time t)
{
    return (struct sim_dur){SIM_DUR_FIXED, t, 0};
}

static sim_time to_time(double ns)
{
    if (!(ns > 0))
        return 0;
    if (ns >= 9.2e18)
        return SIM_TIME_MAX;
    return (sim_time)llround(ns);
}

sim_time sim_dur_draw(const struct sim_dur *d, gsl_rng *r)
{
    switch (d->kind) {
    case SIM_DUR_FIXED:
        return d->a > 0 ? d->a : 0;
    case SIM_DUR_LOGNORMAL:
        return to_time(sim_rand_lognormal(r, (double)d->a, (double)d->b));
    case SIM_DUR_UNIFORM:
        return to_time(sim_rand_uniform(r, (double)d->a, (double)d->b));
    case SIM_DUR_EXP:
        return to_time(sim_rand_exp(r, (double)d->a));
    }
    return 0;
}

double sim_dur_mean_sec(const struct sim_dur *d)
{
    double a = sim_time_to_sec(d->a), b = sim_time_to_sec(d->b);
    switch (d->kind) {
    case SIM_DUR_FIXED:
        return a > 0 ? a : 0;
    case SIM_DUR_LOGNORMAL: {
        if (!(a > 0))
            return 0;
        double sigma = b > a ? log(b / a) / Z95 : 0;
        return a * exp(sigma * sigma / 2);
    }
    case SIM_DUR_UNIFORM:
        return (a + b) / 2;
    case SIM_DUR_EXP:
        return a;
    }
    return 0;
}

double sim_zipf_norm(uint64_t n, double s)
{
    uint64_t head = n < 10000 ? n : 10000;
    double h = 0;
    for (uint64_t k = 1; k <= head; k++)
        h += pow((double)k, -s);
    if (n > head) {
        double a = (double)head + 0.5, b = (double)n + 0.5;
        h += s == 1 ? log(b / a) : (pow(b, 1 - s) - pow(a, 1 - s)) / (1 - s);
    }
    return h;
}
