/* The app-tier queue against queueing theory: M/M/c waits against Erlang C,
 * and with no waiting allowed the loss probability against Erlang B. */
#include "helpers.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "models/capacity.h"

static double erlang_b(int c, double a)
{
    double b = 1.0; /* recursion B(k) = a B(k-1) / (k + a B(k-1)) */
    for (int k = 1; k <= c; k++)
        b = a * b / (k + a * b);
    return b;
}

static double erlang_c(int c, double a)
{
    double b = erlang_b(c, a), rho = a / c;
    return b / (1 - rho + rho * b);
}

struct batch_stats {
    double mean_wait, se_wait, p_wait, se_p, lost, se_lost;
};

/* Poisson arrivals at lambda, exponential service of mean 1/mu, c servers,
 * `batches` batch means of `per` customers after `warm` warm-up ones. */
static struct batch_stats run_queue(int c, double lambda, double mu, sim_time max_wait, int batches,
                                    int per, int warm)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 12345);
    struct cap_queue q;
    assert_int_equal(cap_init(&q, c), 0);
    sim_time t = 0;
    double sw = 0, sw2 = 0, sp = 0, sp2 = 0, sl = 0, sl2 = 0;
    for (int b = -1; b < batches; b++) {
        int n = b < 0 ? warm : per;
        double w = 0, waited = 0, lost = 0;
        for (int i = 0; i < n; i++) {
            t += sim_time_from_sec(gsl_ran_exponential(r, 1 / lambda));
            sim_time s = sim_time_from_sec(gsl_ran_exponential(r, 1 / mu));
            sim_time wait = cap_admit(&q, t, s, max_wait);
            if (wait < 0) {
                lost++;
                continue;
            }
            w += sim_time_to_sec(wait);
            waited += wait > 0;
        }
        if (b < 0)
            continue;
        w /= n;
        waited /= n;
        lost /= n;
        sw += w, sw2 += w * w, sp += waited, sp2 += waited * waited, sl += lost, sl2 += lost * lost;
    }
    cap_fini(&q);
    gsl_rng_free(r);
    double k = batches;
    struct batch_stats st;
    st.mean_wait = sw / k;
    st.se_wait = sqrt((sw2 / k - st.mean_wait * st.mean_wait) / (k - 1));
    st.p_wait = sp / k;
    st.se_p = sqrt((sp2 / k - st.p_wait * st.p_wait) / (k - 1));
    st.lost = sl / k;
    st.se_lost = sqrt((sl2 / k - st.lost * st.lost) / (k - 1));
    return st;
}

/* M/M/4 at utilisation 0.8: P(wait) = C(4, 3.2), mean wait C / (c mu - lambda).
 * Batch means of 10^4 customers are nearly independent (the waits' correlation
 * time is ~1 / (c mu (1 - sqrt(rho))^2) ~ 20 service times), so 4 standard
 * errors of the 40 batch means bound the error (plus 1e-9 s of rounding). */
static void test_mmc_matches_erlang_c(void **state)
{
    (void)state;
    int c = 4;
    double lambda = 320, mu = 100;
    struct batch_stats st = run_queue(c, lambda, mu, SIM_TIME_MAX, 40, 10000, 20000);
    double pc = erlang_c(c, lambda / mu);
    double wq = pc / (c * mu - lambda);
    assert_near(st.p_wait, pc, 4 * st.se_p);
    assert_near(st.mean_wait, wq, 4 * st.se_wait + 1e-9);
    assert_true(st.lost == 0);
}

/* With no waiting allowed a request finding every server busy leaves: the
 * M/M/c/c loss system, whose blocking probability is Erlang B. */
static void test_no_wait_matches_erlang_b(void **state)
{
    (void)state;
    int c = 5;
    double lambda = 400, mu = 100;
    struct batch_stats st = run_queue(c, lambda, mu, 0, 40, 10000, 20000);
    assert_near(st.lost, erlang_b(c, lambda / mu), 4 * st.se_lost);
}

static void test_fifo_recursion_by_hand(void **state)
{
    (void)state;
    struct cap_queue q;
    assert_int_equal(cap_init(&q, 2), 0);
    /* two servers: the third request waits for the earlier-free one */
    assert_int_equal(cap_admit(&q, 0, 10, SIM_TIME_MAX), 0);
    assert_int_equal(cap_admit(&q, 1, 4, SIM_TIME_MAX), 0);
    assert_int_equal(cap_admit(&q, 2, 3, SIM_TIME_MAX), 3); /* starts at 5 */
    assert_int_equal(cap_admit(&q, 3, 1, SIM_TIME_MAX), 5); /* starts at 8 */
    assert_int_equal(cap_admit(&q, 4, 1, 2), -1);           /* would wait 5 > 2 */
    assert_int_equal(cap_busy(&q, 4), 2);
    assert_int_equal(cap_busy(&q, 100), 0);
    cap_fini(&q);
}

static void test_resize_adds_idle_and_drops_last_free(void **state)
{
    (void)state;
    struct cap_queue q;
    assert_int_equal(cap_init(&q, 0), 0);
    assert_int_equal(cap_admit(&q, 0, 5, SIM_TIME_MAX), -1); /* no server */
    assert_int_equal(cap_resize(&q, 0, 3), 0);
    assert_int_equal(cap_admit(&q, 0, 100, SIM_TIME_MAX), 0);
    assert_int_equal(cap_admit(&q, 0, 50, SIM_TIME_MAX), 0);
    assert_int_equal(cap_admit(&q, 0, 10, SIM_TIME_MAX), 0);
    /* shrink to 1: the server free at 10 stays */
    assert_int_equal(cap_resize(&q, 1, 1), 0);
    assert_int_equal(cap_admit(&q, 2, 1, SIM_TIME_MAX), 8);
    /* grow: a new idle server serves at once */
    assert_int_equal(cap_resize(&q, 3, 2), 0);
    assert_int_equal(cap_admit(&q, 3, 1, SIM_TIME_MAX), 0);
    assert_true(cap_memory(&q) >= 2 * sizeof(sim_time));
    cap_fini(&q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mmc_matches_erlang_c),
        cmocka_unit_test(test_no_wait_matches_erlang_b),
        cmocka_unit_test(test_fifo_recursion_by_hand),
        cmocka_unit_test(test_resize_adds_idle_and_drops_last_free),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
