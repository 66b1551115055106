/* The batch runner (sim/batch.c) and a scenario's runs on it (run_set in
 * models/results.c, world_run as the task in cli_run.c), on a small world
 * (tests/world_fixture.h): every slot holds the run its index names, results
 * are the same for 1 and 3 jobs, progress sees every run, a raised stop flag
 * ends the batch with SIM_EINTR, the error reported is the lowest failing
 * task's for any number of jobs, and a scenario without strategies is
 * refused. */
#include "strategies.h"
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include <sys/resource.h>
#include <unistd.h>

#include "cli.h"
#include "models/run_store.h"
#include "sim/batch.h"
#include "world_fixture.h"

/* ASan keeps freed blocks in a quarantine (256 MB by default), which would
 * count every freed world result as resident: a small one measures what the
 * program holds. Read only by ASan builds. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "quarantine_size_mb=4";
}

static void small_world(struct scenario *s)
{
    fx_three_regions(s);
    strcpy(s->name, "batch-test");
    s->horizon = 30 * SIM_MIN;
    s->replications = 3;
    s->seed = 5;
    s->workload.rate = 5;
    s->n_failures = 1;
    struct scenario_failure *f = &s->failures[0];
    memset(f, 0, sizeof *f);
    f->kind = FAILURE_REGION_OUTAGE;
    f->at = 10 * SIM_MIN;
    f->duration = 5 * SIM_MIN;
    f->region = 0;
    f->region_b = -1;
}

struct progress_log {
    size_t calls, last_done, total;
};

static void on_progress(void *ctx, size_t done, size_t total)
{
    struct progress_log *p = ctx;
    p->calls++;
    p->last_done = done;
    p->total = total;
}

/* The observable results of run i, compared field by field (not memcmp:
 * padding bytes are not results). */
static void assert_same_run(const struct run_result *a, const struct run_result *b)
{
    assert_int_equal(a->strategy, b->strategy);
    assert_int_equal(a->replication, b->replication);
    assert_int_equal(a->requests, b->requests);
    assert_int_equal(a->successes, b->successes);
    assert_int_equal(a->events, b->events);
    for (int m = 0; m < METRIC_COUNT; m++) {
        double x = run_metric(a, (enum metric)m), y = run_metric(b, (enum metric)m);
        assert_true((isnan(x) && isnan(y)) || x == y);
    }
    for (int t = 0; t < a->timeline_points; t++) {
        double x = a->success_ratio[t], y = b->success_ratio[t];
        assert_true((isnan(x) && isnan(y)) || x == y);
    }
}

static void test_slots_and_results_do_not_depend_on_jobs(void **state)
{
    (void)state;
    static struct scenario s;
    small_world(&s);
    struct sim_error err = {0};
    struct run_set *one = run_set_new(&s, &err), *three = run_set_new(&s, &err);
    assert_non_null(one);
    assert_non_null(three);
    assert_int_equal(one->n_strategies, STRATEGY_COUNT);
    assert_int_equal(one->n_runs, 3 * STRATEGY_COUNT);

    struct progress_log log = {0};
    assert_int_equal(cli_simulate(one, 1, NULL, on_progress, &log, &err), 0);
    assert_int_equal(log.calls, one->n_runs);
    assert_int_equal(log.last_done, one->n_runs);
    assert_int_equal(log.total, one->n_runs);
    assert_int_equal(cli_simulate(three, 3, NULL, NULL, NULL, &err), 0);

    for (size_t i = 0; i < one->n_runs; i++) {
        const struct run_result *r = &one->runs[i];
        assert_int_equal(r->replication, (int)(i / STRATEGY_COUNT));
        assert_int_equal(r->strategy, one->strategies[i % STRATEGY_COUNT]);
        assert_true(r->requests > 0);
        assert_same_run(r, &three->runs[i]);
    }
    /* common random numbers: every strategy of a replication saw the same
     * arrivals, and replications differ */
    assert_int_equal(one->runs[0].requests, one->runs[1].requests);
    assert_int_not_equal(one->runs[0].requests, one->runs[STRATEGY_COUNT].requests);
    run_set_free(one);
    run_set_free(three);
}

static void test_stop_flag_interrupts(void **state)
{
    (void)state;
    static struct scenario s;
    small_world(&s);
    struct sim_error err = {0};
    struct run_set *b = run_set_new(&s, &err);
    assert_non_null(b);
    volatile int stop = 1;
    assert_int_equal(cli_simulate(b, 2, &stop, NULL, NULL, &err), SIM_EINTR);
    assert_int_equal(err.code, SIM_EINTR);
    run_set_free(b);
}

static void test_scenario_without_strategies_is_refused(void **state)
{
    (void)state;
    static struct scenario s;
    small_world(&s);
    for (int k = 0; k < STRATEGY_COUNT; k++)
        s.strategies[k].enabled = false;
    struct sim_error err = {0};
    assert_null(run_set_new(&s, &err));
    assert_int_equal(err.code, SIM_EINVAL);
    assert_non_null(strstr(err.message, "no strategy"));
    run_set_free(NULL);
}

/* Tasks 3 and 7 of 10 fail, each with its own message. */
static int failing_task(void *ctx, size_t i, struct sim_error *err)
{
    (void)ctx;
    if (i == 3 || i == 7)
        return sim_error_set(err, i == 3 ? SIM_ERANGE : SIM_EIO, NULL, 0, 0, "task %zu", i);
    return 0;
}

static void test_lowest_failing_task_is_reported_for_any_jobs(void **state)
{
    (void)state;
    for (int jobs = 1; jobs <= 4; jobs++) {
        struct sim_error err = {0};
        const struct sim_batch b = {.n = 10, .jobs = jobs, .task = failing_task};
        assert_int_equal(sim_batch_run(&b, &err), SIM_ERANGE);
        assert_string_equal(err.message, "task 3");
    }
}

static bool same_double(double x, double y)
{
    return (isnan(x) && isnan(y)) || x == y;
}

/* Runs folded into a store as they finish keep what the summary reads of
 * each: its record and timelines equal those of the run kept whole, for 1
 * and 3 jobs. */
static void test_store_keeps_each_run_whatever_the_jobs(void **state)
{
    (void)state;
    static struct scenario s;
    small_world(&s);
    struct sim_error err = {0};
    struct run_set *whole = run_set_new(&s, &err), plan;
    assert_non_null(whole);
    assert_int_equal(cli_simulate(whole, 2, NULL, NULL, NULL, &err), 0);
    assert_int_equal(run_set_init(&plan, &s, &err), 0);
    double *want = malloc(RUN_TIMELINE_VALUES * sizeof *want);
    double *got = malloc(RUN_TIMELINE_VALUES * sizeof *got);
    for (int jobs = 1; jobs <= 3; jobs += 2) {
        struct run_store *st = run_store_new(plan.n_runs, NULL, &err);
        assert_non_null(st);
        assert_int_equal(cli_simulate_store(&plan, st, 0, 1, jobs, NULL, NULL, NULL, &err), 0);
        for (size_t i = 0; i < plan.n_runs; i++) {
            struct run_record rec;
            run_record_of(&whole->runs[i], &rec);
            const struct run_record *kept = &run_store_records(st)[i];
            assert_true(run_store_has(st, i));
            assert_int_equal(kept->strategy, rec.strategy);
            assert_int_equal(kept->replication, rec.replication);
            assert_int_equal(kept->events, rec.events);
            assert_int_equal(kept->n_incidents, rec.n_incidents);
            for (int m = 0; m < METRIC_COUNT; m++)
                assert_true(same_double(kept->metric[m], rec.metric[m]));
            for (int k = 0; k < rec.n_incidents; k++)
                assert_int_equal(kept->incidents[k].rto, rec.incidents[k].rto);
            run_timelines_of(&whole->runs[i], want);
            assert_int_equal(run_store_read(st, i, 0, RUN_TIMELINE_VALUES, got, &err), 0);
            for (size_t v = 0; v < RUN_TIMELINE_VALUES; v++)
                assert_true(same_double(got[v], want[v]));
        }
        run_store_free(st);
    }
    free(want);
    free(got);
    run_set_free(whole);
}

/* A run packed and unpacked (shard files, MPI) gives back every value bit
 * for bit, NANs, infinities and incidents included, and packs again to the
 * same bytes; a byte more or less, or an incident count out of range, is
 * refused. */
static void test_pack_round_trip_is_exact(void **state)
{
    (void)state;
    static struct run_result r;
    memset(&r, 0, sizeof r);
    r.strategy = 2;
    r.replication = 7;
    r.requests = 123456789012;
    r.successes = 123456789000;
    r.failed[CAUSE_TIMEOUT] = 12;
    r.n_users = 2;
    r.conflicts_per_hour = NAN;
    r.events = UINT64_MAX - 5;
    r.timeline_step = SIM_MIN;
    r.timeline_points = 60;
    r.n_incidents = 2;
    r.incidents_total = 3;
    r.incidents[0] = (struct incident_result){.kind = FAILURE_REGION_OUTAGE, .causes = 5,
                                              .region = 1, .t_fail = 600 * SIM_SEC,
                                              .rto = 1234567891, .data_lost_applies = true,
                                              .rpo = 3, .lost_writes = -1, .extra_cost = 0.1};
    r.incidents[1] = (struct incident_result){.censored = true, .region = -1, .extra_cost = -0.0};
    for (int k = 0; k < PHASE_COUNT; k++)
        r.incidents[1].phase_end[k] = k % 2 ? -1 : k * SIM_SEC;
    for (int t = 0; t < RESULTS_TIMELINE_POINTS; t++)
        r.success_ratio[t] = t % 3 ? 1.0 / (t + 1) : NAN;
    r.inc_p99_ms[5] = INFINITY;
    struct run_record rec, back;
    run_record_of(&r, &rec);
    double *tl = malloc(RUN_TIMELINE_VALUES * sizeof *tl);
    double *tl2 = malloc(RUN_TIMELINE_VALUES * sizeof *tl2);
    struct incident_result in[RESULTS_MAX_INCIDENTS];
    run_timelines_of(&r, tl);
    size_t size = run_pack_size(&rec);
    unsigned char *a = malloc(size + 1), *b = malloc(size);
    run_pack(&rec, tl, a);
    assert_int_equal(run_unpack(a, size, &back, in, tl2), 0);
    assert_int_equal(run_pack_size(&back), size);
    run_pack(&back, tl2, b);
    assert_memory_equal(a, b, size);
    assert_memory_equal(tl, tl2, RUN_TIMELINE_VALUES * sizeof *tl);
    assert_int_equal(back.incidents[0].rto, 1234567891);
    assert_true(back.incidents[1].censored && back.incidents[1].region == -1);
    assert_true(signbit(back.incidents[1].extra_cost));
    assert_true(isnan(back.metric[METRIC_CONFLICTS]));
    assert_int_equal(back.events, UINT64_MAX - 5);
    assert_int_equal(run_unpack(a, size - 1, &back, in, tl2), SIM_EINVAL);
    a[size] = 0;
    assert_int_equal(run_unpack(a, size + 1, &back, in, tl2), SIM_EINVAL);
    free(a);
    free(b);
    free(tl);
    free(tl2);
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* Peak memory of `regionsim run` on a small scenario (4 strategies) with
 * 20 and then 200 replications in this process. Were every world's result
 * (sizeof(struct run_result), ~0.7 MB) held until the summary, the peak
 * would grow by at least 720 of them. What each run leaves behind is its
 * record: at most sizeof(struct run_record) plus RESULTS_MAX_INCIDENTS
 * incidents. The growth must stay below twice that per added run (slack for
 * the allocator and the summary's temporary copies of per-run values). */
static void test_memory_does_not_grow_with_replications(void **state)
{
    (void)state;
    char dir[] = "/tmp/regionsim-batch-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char yaml[4096], out[4200];
    snprintf(yaml, sizeof yaml, "%s/small.yaml", dir);
    snprintf(out, sizeof out, "%s/out", dir);
    FILE *f = fopen(yaml, "w");
    assert_non_null(f);
    fputs("scenario: small\nhorizon: 20m\nseed: 3\nregions: [us-east-1, us-west-2]\n"
          "users: [{ from: north-america-east, share: 100% }]\nworkload: { rate: 2/s }\n"
          "failures: [{ kind: region_outage, region: us-east-1, at: 5m, duration: 5m }]\n"
          "report: { formats: [] }\n",
          f);
    fclose(f);
    char *files[] = {yaml};
    long rss[2];
    const int reps[2] = {20, 200};
    for (int i = 0; i < 2; i++) {
        const struct cli_run_opts o = {.out = out, .replications = reps[i], .jobs = 2,
                                       .quiet = true};
        assert_int_equal(cli_run(files, 1, &o), 0);
        rss[i] = peak_rss_kb();
    }
    double added = 4.0 * (reps[1] - reps[0]);
    double record = (double)sizeof(struct run_record) +
                    RESULTS_MAX_INCIDENTS * (double)sizeof(struct incident_result);
    double growth = (double)(rss[1] - rss[0]) * 1024;
    print_message("peak RSS %ld kB at %d replications, %ld kB at %d: %.0f B per added run "
                  "(a world's result is %zu B, a record at most %.0f B)\n",
                  rss[0], reps[0], rss[1], reps[1], growth / added, sizeof(struct run_result),
                  record);
    assert_true(growth < added * 2 * record);
    assert_true(2 * record < (double)sizeof(struct run_result) / 10); /* the bound can tell */
    char cmd[4300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        /* first: the peak it measures is its own, not an earlier test's */
        cmocka_unit_test(test_memory_does_not_grow_with_replications),
        cmocka_unit_test(test_slots_and_results_do_not_depend_on_jobs),
        cmocka_unit_test(test_stop_flag_interrupts),
        cmocka_unit_test(test_scenario_without_strategies_is_refused),
        cmocka_unit_test(test_lowest_failing_task_is_reported_for_any_jobs),
        cmocka_unit_test(test_store_keeps_each_run_whatever_the_jobs),
        cmocka_unit_test(test_pack_round_trip_is_exact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
