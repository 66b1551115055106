/* The task pool: every index runs exactly once for any thread count, a stop
 * flag skips the tasks not yet started, the first error is reported, and
 * progress sees every completion in order. */
#include "helpers.h"

#include <stdatomic.h>
#include <string.h>

#include "sim/error.h"
#include "sim/pool.h"

#define N 200

struct ctx {
    atomic_int runs[N];
    int stop_at; /* task that sets the stop flag; -1: none */
    volatile int stop;
    int fail_at; /* task that fails; -1: none */
    size_t last_done;
    int progress_calls;
    int progress_out_of_order;
};

static int task(void *vctx, size_t i)
{
    struct ctx *c = vctx;
    atomic_fetch_add(&c->runs[i], 1);
    if ((int)i == c->stop_at)
        c->stop = 1;
    return (int)i == c->fail_at ? SIM_EIO : 0;
}

static void progress(void *vctx, size_t done, size_t total)
{
    struct ctx *c = vctx;
    if (done != c->last_done + 1 || total != N)
        c->progress_out_of_order++;
    c->last_done = done;
    c->progress_calls++;
}

static void ctx_init(struct ctx *c)
{
    memset(c, 0, sizeof *c);
    for (int i = 0; i < N; i++)
        atomic_init(&c->runs[i], 0);
    c->stop_at = -1;
    c->fail_at = -1;
}

static void test_every_index_runs_once_for_any_thread_count(void **state)
{
    (void)state;
    static const int threads[] = {1, 2, 3, 8, 500};
    for (size_t t = 0; t < sizeof threads / sizeof threads[0]; t++) {
        static struct ctx c;
        ctx_init(&c);
        int err = 1;
        long ran = sim_pool_run(N, threads[t], task, progress, &c, &c.stop, &err);
        assert_int_equal(ran, N);
        assert_int_equal(err, 0);
        for (int i = 0; i < N; i++)
            assert_int_equal(atomic_load(&c.runs[i]), 1);
        assert_int_equal(c.progress_calls, N);
        assert_int_equal(c.progress_out_of_order, 0);
    }
}

static void test_stop_skips_tasks_not_started(void **state)
{
    (void)state;
    static struct ctx c;
    ctx_init(&c);
    c.stop_at = 10;
    /* One thread runs tasks in index order: exactly 0..10 run. */
    long ran = sim_pool_run(N, 1, task, NULL, &c, &c.stop, NULL);
    assert_int_equal(ran, 11);
    for (int i = 0; i < N; i++)
        assert_int_equal(atomic_load(&c.runs[i]), i <= 10 ? 1 : 0);

    /* Two threads: the other thread may run any number of tasks while task 10
     * runs, so only consistency is certain: no index twice, counts agree. */
    ctx_init(&c);
    c.stop_at = 10;
    ran = sim_pool_run(N, 2, task, NULL, &c, &c.stop, NULL);
    assert_true(ran >= 11);
    int total = 0;
    for (int i = 0; i < N; i++) {
        assert_true(atomic_load(&c.runs[i]) <= 1);
        total += atomic_load(&c.runs[i]);
    }
    assert_int_equal(total, ran);
}

static void test_stop_before_start_runs_nothing(void **state)
{
    (void)state;
    static struct ctx c;
    ctx_init(&c);
    c.stop = 1;
    assert_int_equal(sim_pool_run(N, 2, task, NULL, &c, &c.stop, NULL), 0);
}

static void test_first_error_is_reported_and_the_rest_still_run(void **state)
{
    (void)state;
    static struct ctx c;
    ctx_init(&c);
    c.fail_at = 7;
    int err = 0;
    assert_int_equal(sim_pool_run(N, 2, task, NULL, &c, NULL, &err), N);
    assert_int_equal(err, SIM_EIO);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    static struct ctx c;
    ctx_init(&c);
    assert_int_equal(sim_pool_run(N, 0, task, NULL, &c, NULL, NULL), SIM_EINVAL);
    assert_int_equal(sim_pool_run(N, 1, NULL, NULL, &c, NULL, NULL), SIM_EINVAL);
    assert_int_equal(sim_pool_run(0, 4, task, NULL, &c, NULL, NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_index_runs_once_for_any_thread_count),
        cmocka_unit_test(test_stop_skips_tasks_not_started),
        cmocka_unit_test(test_stop_before_start_runs_nothing),
        cmocka_unit_test(test_first_error_is_reported_and_the_rest_still_run),
        cmocka_unit_test(test_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
