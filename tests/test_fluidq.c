/* The full-load queue of sampled runs against the exact multi-server FIFO
 * recursion (models/capacity.c) driven by every request: Erlang C waits in
 * steady state, the backlog's growth after a failover onto a small fleet,
 * and the timeouts once the backlog reaches its cap. Tolerances are 4
 * standard errors of the runs compared, plus the fluid limit's own bias
 * where it has one (stated at each test). */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "models/capacity.h"
#include "models/fluidq.h"

struct tally {
    double s, s2;
    int n;
};

static void tally_add(struct tally *t, double x)
{
    t->s += x, t->s2 += x * x, t->n++;
}
static double tally_mean(const struct tally *t)
{
    return t->s / t->n;
}
static double tally_se(const struct tally *t)
{
    double m = tally_mean(t), v = t->s2 / t->n - m * m;
    return v > 0 ? sqrt(v / (t->n - 1)) : 0; /* a deterministic run: 0, not NaN */
}

/* One exact run: Poisson arrivals at lambda over [0, t_end), exponential
 * services of mean 1/mu, c servers, timeout max_wait. Of the arrivals in
 * [from, t_end): mean wait of those admitted, share that left. */
static void exact_run(gsl_rng *r, int c, double lambda, double mu, double max_wait, double from,
                      double t_end, double *wait, double *lost)
{
    struct cap_queue q;
    assert_int_equal(cap_init(&q, c), 0);
    double t = 0, w = 0, n = 0, left = 0;
    for (;;) {
        t += gsl_ran_exponential(r, 1 / lambda);
        if (t >= t_end)
            break;
        sim_time s = sim_time_from_sec(gsl_ran_exponential(r, 1 / mu));
        sim_time d = cap_admit(&q, sim_time_from_sec(t), s, sim_time_from_sec(max_wait));
        if (t < from)
            continue;
        n++;
        if (d < 0)
            left++;
        else
            w += sim_time_to_sec(d);
    }
    cap_fini(&q);
    *wait = n > left ? w / (n - left) : 0;
    *lost = n > 0 ? left / n : 0;
}

/* The same for sampled requests (`per` of them, at times uniform in
 * [from, t_end)) against the fluid queue fed the full rate. */
static void fluid_run(gsl_rng *r, int c, double lambda, double mu, double max_wait, double from,
                      double t_end, int per, double *wait, double *lost)
{
    struct fluid_queue f;
    fluid_init(&f, c, 1 / mu, sim_time_from_sec(max_wait));
    fluid_set_rate(&f, 0, lambda);
    double w = 0, left = 0;
    for (int i = 0; i < per; i++) {
        double t = from + (t_end - from) * (i + 0.5) / per;
        sim_time d = fluid_admit(&f, sim_time_from_sec(t), gsl_rng_uniform_pos(r));
        if (d < 0)
            left++;
        else
            w += sim_time_to_sec(d);
    }
    *wait = per > left ? w / (per - left) : 0;
    *lost = left / per;
}

struct compare {
    struct tally ew, el, fw, fl;
};

static void compare_runs(struct compare *cmp, int runs, int c, double lambda, double mu,
                         double max_wait, double from, double t_end, int per)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 777);
    memset(cmp, 0, sizeof *cmp);
    for (int i = 0; i < runs; i++) {
        double w, l;
        exact_run(r, c, lambda, mu, max_wait, from, t_end, &w, &l);
        tally_add(&cmp->ew, w);
        tally_add(&cmp->el, l);
        fluid_run(r, c, lambda, mu, max_wait, from, t_end, per, &w, &l);
        tally_add(&cmp->fw, w);
        tally_add(&cmp->fl, l);
    }
    gsl_rng_free(r);
}

static double se2(const struct tally *a, const struct tally *b)
{
    return sqrt(tally_se(a) * tally_se(a) + tally_se(b) * tally_se(b));
}

/* M/M/4 at utilisation 0.8 in steady state (the first 50 s are warm-up, 60
 * waits' correlation times ~20 service times): Erlang C has no bias, so the
 * two means agree within 4 standard errors of their difference. */
static void test_steady_state_waits_match_the_exact_queue(void **state)
{
    (void)state;
    struct compare cmp;
    compare_runs(&cmp, 30, 4, 320, 100, 10, 50, 110, 2000);
    assert_near(tally_mean(&cmp.fw), tally_mean(&cmp.ew), 4 * se2(&cmp.fw, &cmp.ew));
    assert_true(tally_mean(&cmp.el) == 0 && tally_mean(&cmp.fl) == 0);
}

/* A failover onto a fleet of 10 (c mu = 1000/s) at 1500/s from an empty
 * queue: the backlog grows at 500/s, so arrivals in [1.9 s, 2 s) wait about
 * 1.95 s x 500 / 1000. The fluid limit's bias is the reflection at 0, of
 * order sigma^2 / drift = 2500 / 500 = 5 requests (5 ms); the tolerance is
 * that plus 4 standard errors of the difference. */
static void test_backlog_after_failover_matches_the_exact_queue(void **state)
{
    (void)state;
    struct compare cmp;
    compare_runs(&cmp, 40, 10, 1500, 100, 100, 1.9, 2.0, 200);
    assert_near(tally_mean(&cmp.fw), 0.975, 1e-3);
    assert_near(tally_mean(&cmp.fw), tally_mean(&cmp.ew), 0.005 + 4 * se2(&cmp.fw, &cmp.ew));
}

/* The same overload at 2000/s with a 0.2 s timeout: once the backlog is at
 * its cap, half the newcomers leave (1 - c mu / lambda) and the others wait
 * about the timeout. The exact backlog hovers below the cap by an
 * exponential of mean sigma^2 / (2 drift) = 3000 / 2000 = 1.5 requests
 * (1.5 ms of wait): 4 of those plus 4 standard errors. */
static void test_timeouts_at_the_cap_match_the_exact_queue(void **state)
{
    (void)state;
    struct compare cmp;
    compare_runs(&cmp, 20, 10, 2000, 100, 0.2, 2, 6, 2000);
    assert_near(tally_mean(&cmp.fl), tally_mean(&cmp.el), 4 * se2(&cmp.fl, &cmp.el) + 0.01);
    assert_near(tally_mean(&cmp.fl), 0.5, 4 * tally_se(&cmp.fl) + 1e-9);
    assert_near(tally_mean(&cmp.fw), tally_mean(&cmp.ew), 0.006 + 4 * se2(&cmp.fw, &cmp.ew));
}

/* Exact: the overload of the test above, each attempt turned away sent
 * again d = timeout + backoff later, up to `retries` times (retries come
 * back in the order they left, so a FIFO of their times merges with the
 * Poisson arrivals). Of the attempts in [from, t_end): the share that left. */
static double exact_retry_run(gsl_rng *r, int c, double lambda, double mu, double max_wait,
                              double d, int retries, double from, double t_end)
{
    struct cap_queue q;
    assert_int_equal(cap_init(&q, c), 0);
    enum { MAXQ = 1 << 16 };
    double *at = malloc(MAXQ * sizeof *at);
    int *tries = malloc(MAXQ * sizeof *tries);
    assert_true(at && tries);
    int head = 0, tail = 0;
    double next = gsl_ran_exponential(r, 1 / lambda), n = 0, left = 0;
    for (;;) {
        bool retry = head < tail && at[head % MAXQ] < next;
        double t = retry ? at[head % MAXQ] : next;
        if (t >= t_end)
            break;
        int attempt = retry ? tries[head++ % MAXQ] : 0;
        if (!retry)
            next += gsl_ran_exponential(r, 1 / lambda);
        sim_time s = sim_time_from_sec(gsl_ran_exponential(r, 1 / mu));
        sim_time w = cap_admit(&q, sim_time_from_sec(t), s, sim_time_from_sec(max_wait));
        if (w < 0 && attempt < retries) {
            assert_true(tail - head < MAXQ);
            at[tail % MAXQ] = t + d;
            tries[tail++ % MAXQ] = attempt + 1;
        }
        if (t >= from) {
            n++;
            left += w < 0;
        }
    }
    cap_fini(&q);
    free(at);
    free(tries);
    return left / n;
}

/* Overload at 2000/s on c mu = 1000/s with a 0.2 s timeout, one retry
 * 0.5 s after a timeout: at the cap the queue is offered
 * L = lambda (1 + p), p = 1 - c mu / L, i.e. L = lambda + sqrt(lambda^2 -
 * lambda c mu) = 3414/s, and turns away p = 0.707 of the attempts (0.5
 * without the retries). Exact runs from 3 s on (the retries' steady state)
 * against the fluid queue's share: 4 standard errors of the exact runs
 * plus the exact backlog's gap below the cap (about 1.5 requests of 3414
 * waiting: 0.01, as above). A retry budget of 20% holds L to 2400/s. */
static void test_timeouts_with_retries_offer_the_attempts(void **state)
{
    (void)state;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 778);
    struct tally ex = {0};
    for (int i = 0; i < 20; i++)
        tally_add(&ex, exact_retry_run(r, 10, 2000, 100, 0.2, 0.5, 1, 3, 6));
    gsl_rng_free(r);
    struct fluid_queue f;
    fluid_init(&f, 10, 0.01, sim_time_from_sec(0.2));
    fluid_set_retries(&f, 1, 0);
    fluid_set_rate(&f, 0, 2000);
    double L = 2000 + sqrt(2000.0 * 2000 - 2000.0 * 1000);
    assert_near(fluid_offered(&f), L, 1e-6 * L);
    int left = 0, per = 10000;
    for (int i = 0; i < per; i++)
        left += fluid_admit(&f, 5 * SIM_SEC, (i + 0.5) / per) < 0;
    printf("retries at the cap: exact share turned away %.4f +- %.4f, fluid %.4f\n",
           tally_mean(&ex), 4 * tally_se(&ex), (double)left / per);
    assert_near((double)left / per, 1 - 1000 / L, 1.0 / per);
    assert_near((double)left / per, tally_mean(&ex), 4 * tally_se(&ex) + 0.01);
    fluid_set_retries(&f, 1, 0.2);
    assert_near(fluid_offered(&f), 2400, 1e-9);
}

/* A fleet that grows back drains the backlog at c mu - lambda. */
static void test_resize_drains_the_backlog(void **state)
{
    (void)state;
    struct fluid_queue f;
    fluid_init(&f, 10, 0.01, 100 * SIM_SEC);
    fluid_set_rate(&f, 0, 1500);
    assert_near(fluid_backlog(&f, 2 * SIM_SEC), 1000, 1e-6);
    fluid_resize(&f, 2 * SIM_SEC, 20);
    assert_near(fluid_backlog(&f, 3 * SIM_SEC), 500, 1e-6);
    assert_near(fluid_backlog(&f, 10 * SIM_SEC), 0, 1e-9);
    double pw = fluid_p_wait(&f, 10 * SIM_SEC); /* Erlang C of (20, 15) */
    assert_true(pw > 0 && pw < 1);
    fluid_resize(&f, 10 * SIM_SEC, 0);
    assert_int_equal(fluid_admit(&f, 11 * SIM_SEC, 0.5), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_steady_state_waits_match_the_exact_queue),
        cmocka_unit_test(test_backlog_after_failover_matches_the_exact_queue),
        cmocka_unit_test(test_timeouts_at_the_cap_match_the_exact_queue),
        cmocka_unit_test(test_timeouts_with_retries_offer_the_attempts),
        cmocka_unit_test(test_resize_drains_the_backlog),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
