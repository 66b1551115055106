/* Goodput under timeouts against Erlang A (issue 15): a region's app tier is
 * a FIFO M/M/c queue whose requests leave unserved when the wait ahead of
 * them exceeds D (their timeout less the round trip, or the load-shedding
 * wait of regions[].max_queue, whichever is shorter), the M/M/c+D queue.
 * Its virtual waiting time V (Baccelli and Hebuterne 1981; Zeltyn and
 * Mandelbaum 2005, the M/M/n+G density with deterministic patience) has,
 * with beta = c mu - lambda and pi_j = pi_0 a^j / j! (a = lambda / mu) for
 * the j < c busy-server states,
 *     f(x) = lambda pi_{c-1} e^{-beta x}                  0 < x < D
 *     f(x) = lambda pi_{c-1} e^{lambda D - c mu x}        x > D
 * normalised with sum pi_j + integral f = 1. Arrivals see V (Poisson
 * arrivals see time averages), so the share refused is P(V > D) and the
 * share answered within the timeout is P(V <= D, V + S <= T) for an
 * exponential service S and T = timeout - RTT:
 *     [sum pi_j (1 - e^{-mu T}) + lambda pi_{c-1} (I(beta, m)
 *      - e^{-mu T} I(beta - mu, m))] / Z,   I(b, m) = (1 - e^{-b m}) / b,
 * m = min(D, T).
 * The world is run as a one-region service (constant RTT: latency.jitter 1,
 * reads only) in three regimes: below capacity and above it with shedding,
 * and far above it without (goodput collapse, where Erlang C has no
 * answer). The tolerance of each comparison is a Student t interval over
 * independent replications (Bonferroni over the comparisons: one chance in
 * a hundred that any fails by chance) plus the bias of starting empty: the
 * fluid time to fill the queue to D, D / |lambda / (c mu) - 1| (Wald's
 * identity for the drift of V), during which at most every request was
 * answered. */
#include "strategies.h"
#include "helpers.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "models/results.h"
#include "models/world.h"
#include "scenarios/loader/loader.h"

#define REPLICATIONS 6
#define COMPARISONS 6 /* three regimes, two shares each */
#define HORIZON_S 3600.0
#define SERVERS 16 /* 2 instances x concurrency 8 */
#define SERVICE_S 0.050
#define TIMEOUT_S 2.0

struct erlang_a {
    double refused; /* P(V > D) */
    double answered; /* P(V <= D and V + S <= T) */
};

/* integral of e^{-b x} over (0, d) */
static double integral_exp(double b, double d)
{
    return fabs(b * d) < 1e-12 ? d : -expm1(-b * d) / b;
}

static struct erlang_a erlang_a(double lambda, double mu, int c, double d, double t)
{
    double a = lambda / mu, pj = 1, below = 0, last = 1;
    for (int j = 0; j < c; j++) {
        below += pj; /* pi_j / pi_0 */
        last = pj;
        pj *= a / (j + 1);
    }
    double beta = c * mu - lambda, lp = lambda * last;
    double tail = lp * exp(-beta * d) / (c * mu);
    double z = below + lp * integral_exp(beta, d) + tail;
    /* answered needs V <= min(D, T) */
    double m = fmin(d, t);
    double answered = below * -expm1(-mu * t) +
                      lp * (integral_exp(beta, m) - exp(-mu * t) * integral_exp(beta - mu, m));
    return (struct erlang_a){.refused = tail / z, .answered = answered / z};
}

/* The analytic model on the numbers of a textbook case: with D infinite
 * and lambda < c mu it is Erlang C (nothing refused; the answered share is
 * the M/M/c response-time distribution at T); with c = 1 and D = 0 it is
 * Erlang's loss system M/M/1/1: refused lambda / (lambda + mu). */
static void test_formula_reduces_to_known_queues(void **state)
{
    (void)state;
    struct erlang_a loss = erlang_a(3, 2, 1, 0, 1e9);
    assert_near(loss.refused, 3.0 / 5.0, 1e-12);
    assert_near(loss.answered, 2.0 / 5.0, 1e-12);
    /* M/M/1, lambda 1, mu 2: response time exponential with rate mu - lambda */
    struct erlang_a mm1 = erlang_a(1, 2, 1, 1e3, 0.7);
    assert_near(mm1.refused, 0, 1e-12);
    assert_near(mm1.answered, 1 - exp(-(2 - 1) * 0.7), 1e-12);
}

struct regime {
    double rho;    /* offered load over capacity */
    int max_queue; /* 0: no shedding */
};

struct share {
    double sum, sum2;
};

static void share_add(struct share *s, double x)
{
    s->sum += x;
    s->sum2 += x * x;
}

/* |mean - expect| within the Bonferroni-corrected t interval plus bias */
static void assert_share(const char *what, const struct share *s, double expect, double bias)
{
    double n = REPLICATIONS, mean = s->sum / n;
    double sd = sqrt(fmax(0, (s->sum2 - n * mean * mean) / (n - 1)));
    double t = gsl_cdf_tdist_Qinv(0.01 / (2 * COMPARISONS), n - 1);
    double tol = t * sd / sqrt(n) + bias;
    printf("  %-9s %.5f, Erlang A %.5f (+- %.5f)\n", what, mean, expect, tol);
    assert_true(fabs(mean - expect) <= tol);
}

static void run_regime(const struct regime *g)
{
    const double mu = 1 / SERVICE_S, capacity = SERVERS * mu, lambda = g->rho * capacity;
    char shed[64] = "", text[1024];
    if (g->max_queue)
        snprintf(shed, sizeof shed, ", max_queue: %d", g->max_queue);
    snprintf(text, sizeof text,
             "regions: [{ name: us-east-1, instances: 2, concurrency: 8%s }, us-west-2]\n"
             "horizon: %gs\n"
             "latency: { jitter: 1 }\n"
             "users: [{ from: north-america-east, share: 100%% }]\n"
             "workload: { rate: %g/s, write_fraction: 0, service_time: { mean: %gms }, timeout: %gs,"
             " sample_rate: exact }\n"
             "strategies: { warm_standby: { primary: us-east-1, recovery: us-west-2 } }\n",
             shed, HORIZON_S, lambda, SERVICE_S * 1e3, TIMEOUT_S);
    static struct scenario s;
    if (scenario_load_buffer("erlang-a.yaml", text, strlen(text), &s, stderr) != 0)
        fail_msg("does not load:\n%s", text);
    double t = TIMEOUT_S - s.user_rtt_ms[0][0] * 1e-3;
    /* the shedding wait: max_queue mean services shared by the servers */
    double d = g->max_queue ? fmin(t, g->max_queue * SERVICE_S / SERVERS) : t;
    struct erlang_a want = erlang_a(lambda, mu, SERVERS, d, t);
    double fill_s = (d + 1 / capacity) / fabs(g->rho - 1);
    struct share answered = {0}, refused = {0};
    for (int r = 0; r < REPLICATIONS; r++) {
        static struct run_result out;
        struct sim_error err = {0};
        if (world_run(&s, STRATEGY_WARM_STANDBY, r, &out, NULL, &err) != 0)
            fail_msg("world_run: %s", err.message);
        assert_int_equal(out.n_incidents, 0); /* the region never failed over */
        double n = (double)out.requests;
        share_add(&answered, (double)out.successes / n);
        /* server time booked is the service of the admitted: 1 - refused */
        share_add(&refused, 1 - out.busy_s / (n * SERVICE_S));
    }
    printf("rho %.2f, D %.3f s, T %.3f s:\n", g->rho, d, t);
    /* starting empty answers at most every request of the fill time, and
     * refuses none of them */
    double bias = fill_s / HORIZON_S;
    assert_share("answered", &answered, want.answered, bias * (1 - want.answered));
    assert_share("refused", &refused, want.refused, bias * want.refused);
}

static void test_goodput_under_timeouts_is_erlang_a(void **state)
{
    (void)state;
    static const struct regime regimes[] = {
        {0.9, 16},  /* below capacity, shedding past 50 ms of wait */
        {1.1, 16},  /* above it: shedding holds goodput near capacity */
        {1.25, 0},  /* above it, no defence: goodput collapses */
    };
    for (size_t i = 0; i < sizeof regimes / sizeof *regimes; i++)
        run_regime(&regimes[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formula_reduces_to_known_queues),
        cmocka_unit_test(test_goodput_under_timeouts_is_erlang_a),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
