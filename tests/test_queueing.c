/* Analytic validation of the whole engine (queue, clock, streams, tallies): M/M/1
 * against W = 1/(mu - lambda) and M/M/c against Erlang C's mean wait, each within
 * 4 standard errors estimated by batch means. */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include "sim/rng.h"
#include "sim/sim.h"
#include "sim/stats.h"

/* An M/M/c FIFO queue: arrival and departure are events; the waiting line is a
 * ring buffer of arrival times. Customers after `warmup` are grouped in batches
 * of `batch` whose mean wait and sojourn times go into two tallies. */
struct mmc {
    gsl_rng *arrivals;
    gsl_rng *service;
    double lambda, mu;
    int servers, busy;
    sim_time *line;
    size_t cap, head, len;
    uint64_t started, done, warmup, batch;
    double batch_wait, batch_sojourn;
    struct sim_tally wait_means, sojourn_means;
    uint64_t limit; /* arrivals to generate */
    uint64_t arrived;
};

static void departure(struct sim *sim, void *ctx, uint64_t arg);

static void start_service(struct sim *sim, struct mmc *m, sim_time arrived)
{
    m->busy++;
    double wait = sim_time_to_sec(sim_now(sim) - arrived);
    sim_time s = sim_time_from_sec(sim_rand_exp(m->service, 1 / m->mu));
    sim_after(sim, s, departure, m, (uint64_t)arrived);
    /* Waits are batched in service-start order, sojourns in departure order. */
    if (++m->started > m->warmup) {
        m->batch_wait += wait;
        if ((m->started - m->warmup) % m->batch == 0) {
            sim_tally_add(&m->wait_means, m->batch_wait / (double)m->batch);
            m->batch_wait = 0;
        }
    }
}

static void arrival(struct sim *sim, void *ctx, uint64_t arg)
{
    struct mmc *m = ctx;
    if (++m->arrived < m->limit)
        sim_after(sim, sim_time_from_sec(sim_rand_exp(m->arrivals, 1 / m->lambda)), arrival, m, 0);
    if (m->busy < m->servers) {
        start_service(sim, m, sim_now(sim));
        return;
    }
    if (m->len == m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 64;
        sim_time *line = malloc(cap * sizeof *line);
        assert_non_null(line);
        for (size_t i = 0; i < m->len; i++)
            line[i] = m->line[(m->head + i) % m->cap];
        free(m->line);
        m->line = line;
        m->cap = cap;
        m->head = 0;
    }
    m->line[(m->head + m->len++) % m->cap] = sim_now(sim);
}

static void departure(struct sim *sim, void *ctx, uint64_t arg)
{
    struct mmc *m = ctx;
    m->busy--;
    m->done++;
    if (m->done > m->warmup) {
        m->batch_sojourn += sim_time_to_sec(sim_now(sim) - (sim_time)arg);
        if ((m->done - m->warmup) % m->batch == 0) {
            sim_tally_add(&m->sojourn_means, m->batch_sojourn / (double)m->batch);
            m->batch_sojourn = 0;
        }
    }
    if (m->len > 0) {
        sim_time t = m->line[m->head];
        m->head = (m->head + 1) % m->cap;
        m->len--;
        start_service(sim, m, t);
    }
}

static void run_mmc(struct mmc *m, uint64_t seed, int servers, double lambda, double mu,
                    uint64_t warmup, uint64_t batch, uint64_t batches)
{
    memset(m, 0, sizeof *m);
    m->arrivals = sim_rng_new(seed, 0, "arrivals");
    m->service = sim_rng_new(seed, 0, "service");
    m->lambda = lambda;
    m->mu = mu;
    m->servers = servers;
    m->warmup = warmup;
    m->batch = batch;
    /* Departures are in arrival order only for c = 1; generate enough arrivals
     * that every batch completes, then stop when the last batch is in. */
    m->limit = warmup + batch * batches + 10 * batch;
    sim_tally_init(&m->wait_means);
    sim_tally_init(&m->sojourn_means);
    struct sim *sim = sim_new(64);
    assert_non_null(sim);
    sim_at(sim, 0, arrival, m, 0);
    while (m->sojourn_means.n < batches && sim_pending(sim) > 0)
        sim_run(sim, sim_now(sim) + 1000 * SIM_SEC);
    assert_true(m->sojourn_means.n >= batches);
    sim_free(sim);
    free(m->line);
    gsl_rng_free(m->arrivals);
    gsl_rng_free(m->service);
}

/* M/M/1 with lambda 0.9, mu 1: W = 1/(mu - lambda) = 10 s.
 * Batch size: the relaxation time of M/M/1 is 1/(mu (1 - sqrt(rho))^2) = 380 s,
 * about 340 customers; batches of 20000 customers (~60 relaxation times) make
 * the batch means nearly independent, and a warm-up of 20000 customers removes
 * the empty-start bias. The asymptotic variance of the mean sojourn time at
 * rho = 0.9 is about 3.6e4 s^2 per customer, so 40 batches (8e5 customers)
 * give an SE near 0.2 s: the 4-SE band is about +-0.8 s, and a wrong engine
 * (e.g. LIFO ties or a biased exponential) lands outside it. */
static void test_mm1_mean_time_in_system_is_10(void **state)
{
    struct mmc m;
    run_mmc(&m, 2026, 1, 0.9, 1.0, 20000, 20000, 40);
    double se = sim_tally_sd(&m.sojourn_means) / sqrt((double)m.sojourn_means.n);
    print_message("M/M/1: W = %.4f s, SE %.4f over %llu batches\n", m.sojourn_means.mean, se,
                  (unsigned long long)m.sojourn_means.n);
    assert_true(se < 0.5); /* the band must be narrow enough to mean something */
    assert_near(m.sojourn_means.mean, 10.0, 4 * se);
}

/* Erlang C: probability of waiting and mean wait in queue of M/M/c. */
static double erlang_c_wait(int c, double lambda, double mu)
{
    double a = lambda / mu, term = 1, sum = 0;
    for (int k = 0; k < c; k++) {
        sum += term;
        term *= a / (k + 1);
    }
    /* term = a^c / c! now. */
    double tail = term * c / (c - a);
    double p_wait = tail / (sum + tail);
    return p_wait / (c * mu - lambda);
}

/* M/M/3 with lambda 2.4, mu 1 (rho 0.8): Erlang C gives P(wait) = 0.6472 and
 * Wq = P / (c mu - lambda) = 1.0787 s. The relaxation time is far shorter than M/M/1's at 0.9
 * (c mu (1 - sqrt(rho))^2 = 0.034 /s: ~30 s, ~70 customers); batches of 10000
 * customers after a 10000-customer warm-up, 40 batches. */
static void test_mmc_mean_wait_matches_erlang_c(void **state)
{
    double want = erlang_c_wait(3, 2.4, 1.0);
    assert_near(want, 0.6472 / 0.6, 1e-4); /* the formula, against the hand figures above */
    struct mmc m;
    run_mmc(&m, 7, 3, 2.4, 1.0, 10000, 10000, 40);
    double se = sim_tally_sd(&m.wait_means) / sqrt((double)m.wait_means.n);
    print_message("M/M/3: Wq = %.4f s (Erlang C %.4f), SE %.4f\n", m.wait_means.mean, want, se);
    assert_true(se < 0.05);
    assert_near(m.wait_means.mean, want, 4 * se);
    /* Sojourn = wait + service: the difference of the two means is a mean of
     * 4e5 service times, SE 1/(mu sqrt(4e5)) = 0.0016, 4 SE = 0.0063; the two
     * sets differ by at most c customers per batch edge (< 1e-3 s). */
    assert_near(m.sojourn_means.mean - m.wait_means.mean, 1.0, 0.0063 + 0.001);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mm1_mean_time_in_system_is_10),
        cmocka_unit_test(test_mmc_mean_wait_matches_erlang_c),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
