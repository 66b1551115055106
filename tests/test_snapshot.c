/* Snapshots and backups: mean RPO of a restore over uniformly placed failures
 * is T/2 + duration + copy (minus the gap to the first write after a
 * snapshot); lost counts are exact; retention and failed copies behave; data
 * corruption is only undone by a snapshot taken before it. */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>

#include "models/replication.h"

#define GB ((int64_t)1000 * 1000 * 1000)

static struct repl_config backups(sim_time interval, sim_time duration, int retention)
{
    struct repl_config c;
    memset(&c, 0, sizeof c);
    c.n_regions = 2;
    c.holds_data[0] = true;
    c.writer[0] = true;
    c.mode = REPL_NONE;
    c.writers = WRITER_SINGLE;
    c.lag = sim_dur_fixed(SIM_SEC);
    c.payload_bytes = 2000;
    c.snapshot_interval = interval;
    c.snapshot_duration = duration;
    c.snapshot_retention = retention;
    c.backup_region = 1;
    c.data_bytes = 100 * GB;
    c.rtt_ms[0][1] = c.rtt_ms[1][0] = 80;
    return c;
}

/* Index of the first element of sorted a[0..n) that is >= x. */
static int lower_bound(const sim_time *a, int n, sim_time x)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (a[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* T = 1 h, duration d = 5 min, copy C = 100 GB at 100 GB / 600 s = 10 min,
 * writes Poisson at lambda = 0.2/s, n = 400 failures uniform over 3 h..400 h.
 * The restored copy is the newest with s_k + d + C <= t, so t - s_k is
 * uniform on [d + C, d + C + T); the RPO counts from the first write after
 * s_k, Exp(lambda) later: E[RPO] = T/2 + d + C - 1/lambda = 2695 s. Var =
 * T^2/12 + 1/lambda^2, SE over n = 52 s; tolerance 4 SE. In the source region
 * the copy time drops out: E = T/2 + d - 1/lambda = 2095 s. Lost counts are
 * checked exactly against the writes made since the restored snapshot. */
static void test_mean_rpo_is_half_interval_plus_copy(void **state)
{
    (void)state;
    const double rate = 0.2, T = 3600, d = 300, C = 600;
    const sim_time H = 400 * SIM_HOUR;
    enum { NF = 400 };
    struct repl_config c = backups(SIM_HOUR, 5 * SIM_MIN, 3);
    c.snapshot_copy_bps = (double)c.data_bytes / C;
    gsl_rng *rr = test_rng(21), *g = test_rng(22);
    struct repl *r = repl_new(&c, rr);
    assert_non_null(r);
    double fail_at[NF];
    for (int i = 0; i < NF; i++)
        fail_at[i] = gsl_ran_flat(g, 3 * 3600.0, sim_time_to_sec(H));
    gsl_sort(fail_at, 1, NF);
    int cap = (int)(rate * sim_time_to_sec(H) * 1.2);
    sim_time *times = malloc((size_t)cap * sizeof *times);
    int n = 0, f = 0;
    double sum_backup = 0, sum_source = 0, min_backup = 1e300;
    sim_time t = 0;
    while (f < NF) {
        t += sim_time_from_sec(gsl_ran_exponential(g, 1.0 / rate));
        while (f < NF && sim_time_from_sec(fail_at[f]) < t) {
            sim_time tf = sim_time_from_sec(fail_at[f]), rpo;
            int64_t lost;
            repl_advance(r, tf);
            assert_true(repl_snapshot_loss(r, tf, 1, &rpo, &lost));
            /* Lost = the writes at or after the first one the copy lacks. */
            assert_int_equal(lost, n - lower_bound(times, n, tf - rpo));
            sum_backup += sim_time_to_sec(rpo);
            min_backup = fmin(min_backup, sim_time_to_sec(rpo));
            assert_true(repl_snapshot_loss(r, tf, 0, &rpo, &lost));
            sum_source += sim_time_to_sec(rpo);
            f++;
        }
        repl_write(r, t, 0, 0);
        assert_true(n < cap);
        times[n++] = t;
    }
    double se = sqrt(T * T / 12 + 1 / (rate * rate)) / sqrt(NF);
    printf("backup restore: mean RPO %.0f s (expected %.0f +- %.0f)\n", sum_backup / NF,
           T / 2 + d + C - 1 / rate, 4 * se);
    assert_near(sum_backup / NF, T / 2 + d + C - 1 / rate, 4 * se);
    assert_near(sum_source / NF, T / 2 + d - 1 / rate, 4 * se);
    /* Never younger than duration + copy (minus the write gap, < 100 s
     * but with probability e^-20). */
    assert_true(min_backup > d + C - 100);
    struct repl_stats st;
    repl_get_stats(r, &st);
    assert_true(st.snapshots_taken >= 399 && st.snapshots_taken <= 400);
    repl_free(r);
    free(times);
    gsl_rng_free(rr);
    gsl_rng_free(g);
}

static void test_no_snapshot_yet_loses_everything(void **state)
{
    (void)state;
    struct repl_config c = backups(SIM_HOUR, 5 * SIM_MIN, 3);
    gsl_rng *rr = test_rng(23);
    struct repl *r = repl_new(&c, rr);
    for (int i = 1; i <= 10; i++)
        repl_write(r, i * SIM_SEC, 0, 0);
    sim_time rpo;
    int64_t lost;
    /* Before the first snapshot's copy can exist (phase < 1 h, +5 m +0). */
    assert_false(repl_snapshot_loss(r, 11 * SIM_SEC, 1, &rpo, &lost));
    assert_int_equal(lost, 10);
    assert_int_equal(rpo, 10 * SIM_SEC);
    /* No snapshots configured at all: the same, forever. */
    c.snapshot_interval = 0;
    struct repl *r2 = repl_new(&c, rr);
    repl_write(r2, SIM_SEC, 0, 0);
    repl_advance(r2, 100 * SIM_HOUR);
    assert_false(repl_snapshot_loss(r2, 100 * SIM_HOUR, 1, &rpo, &lost));
    assert_int_equal(lost, 1);
    repl_free(r);
    repl_free(r2);
    gsl_rng_free(rr);
}

/* Retention 1 with a copy (15 min) longer than the interval (10 min): each
 * snapshot is evicted before its copy completes, so the backup region never
 * holds one. Retention 3 keeps enough. */
static void test_retention_shorter_than_copy_keeps_nothing(void **state)
{
    (void)state;
    for (int keep = 1; keep <= 3; keep += 2) {
        struct repl_config c = backups(10 * SIM_MIN, 0, keep);
        c.snapshot_copy = 15 * SIM_MIN;
        gsl_rng *rr = test_rng(24);
        struct repl *r = repl_new(&c, rr);
        for (int i = 1; i <= 3 * 3600; i++)
            repl_write(r, i * SIM_SEC, 0, 0);
        sim_time rpo;
        int64_t lost;
        bool ok = repl_snapshot_loss(r, 3 * SIM_HOUR, 1, &rpo, &lost);
        assert_int_equal(ok, keep == 3);
        if (ok) { /* age in [C, C + T) */
            assert_true(rpo >= 15 * SIM_MIN - SIM_SEC && rpo < 25 * SIM_MIN);
            assert_int_equal(lost, rpo / SIM_SEC + 1);
        }
        repl_free(r);
        gsl_rng_free(rr);
    }
}

/* The first copy moves the whole dataset, later ones the written bytes. */
static void test_copies_are_full_then_incremental(void **state)
{
    (void)state;
    struct repl_config c = backups(SIM_HOUR, 0, 7);
    gsl_rng *rr = test_rng(25);
    struct repl *r = repl_new(&c, rr);
    /* One write per second for 5 h: 3600 writes x 2000 B per full hour. */
    for (int i = 1; i <= 5 * 3600; i++)
        repl_write(r, i * SIM_SEC, 0, 0);
    repl_advance(r, 5 * SIM_HOUR);
    struct repl_stats st;
    repl_get_stats(r, &st);
    assert_int_equal(st.snapshots_taken, 5);
    /* Incremental copies after the first: the writes between consecutive
     * snapshots, 3600 each (phase in [0, 1 h) fixes where the first falls). */
    assert_near(st.snapshot_bytes_copied, 100e9 + 4 * 3600 * 2000.0, 2 * 2000.0);
    assert_near(st.snapshot_retained_bytes, st.snapshot_bytes_copied, 1.0);
    repl_free(r);
    gsl_rng_free(rr);
}

/* After a failover the old primary becomes the backup region and lacks the
 * chain: its first copy is the whole dataset again, counted as a seeding so
 * that a steady month's transfer cost can leave both seedings out; the bytes
 * are counted into the region each copy went to (residency reads them). */
static void test_reseeding_after_failover_is_counted(void **state)
{
    (void)state;
    struct repl_config c = backups(SIM_HOUR, 0, 7);
    gsl_rng *rr = test_rng(26);
    struct repl *r = repl_new(&c, rr);
    for (int i = 1; i <= 3 * 3600; i++)
        repl_write(r, i * SIM_SEC, 0, 0);
    repl_advance(r, 3 * SIM_HOUR);
    struct repl_stats st;
    repl_get_stats(r, &st);
    assert_near(st.snapshot_seed_bytes, 100e9, 1.0);
    assert_near(st.snapshot_bytes_to[1], st.snapshot_bytes_copied, 1.0);
    double to_1 = st.snapshot_bytes_to[1];
    repl_promote(r, 3 * SIM_HOUR, 1);
    for (int i = 3 * 3600 + 1; i <= 6 * 3600; i++)
        repl_write(r, i * SIM_SEC, 1, 0);
    repl_advance(r, 6 * SIM_HOUR);
    repl_get_stats(r, &st);
    assert_near(st.snapshot_seed_bytes, 200e9, 1.0);
    /* Everything else copied is increments: at most 6 hours of writes. */
    assert_true(st.snapshot_bytes_copied - st.snapshot_seed_bytes <= 6 * 3600 * 2000.0 + 1);
    /* where the copies went: region 1 until the promotion, then the old
     * writer's region 0, which got the whole dataset first */
    assert_near(st.snapshot_bytes_to[1], to_1, 1.0);
    assert_near(st.snapshot_bytes_to[0], st.snapshot_bytes_copied - to_1, 1.0);
    assert_true(st.snapshot_bytes_to[0] >= 100e9);
    repl_free(r);
    gsl_rng_free(rr);
}

/* The source region fails during a copy: that copy never lands. */
static void test_copy_interrupted_by_outage_is_lost(void **state)
{
    (void)state;
    struct repl_config c = backups(SIM_HOUR, 0, 7);
    c.snapshot_copy = 2 * SIM_HOUR; /* every copy still running at the outage */
    gsl_rng *rr = test_rng(26);
    struct repl *r = repl_new(&c, rr);
    for (int i = 1; i <= 3600; i++)
        repl_write(r, i * SIM_SEC, 0, 0);
    repl_set_region(r, SIM_HOUR + 1, 0, false);
    sim_time rpo;
    int64_t lost;
    assert_false(repl_snapshot_loss(r, 5 * SIM_HOUR, 1, &rpo, &lost));
    assert_int_equal(lost, 3600);
    repl_free(r);
    gsl_rng_free(rr);
}

/* Corruption at t replicates everywhere; the last good state is the newest
 * snapshot taken before t, even when newer (corrupt) ones exist by the time
 * it is restored. Writes every second; t = 37800.5 s. */
static void test_corruption_restores_snapshot_before_it(void **state)
{
    (void)state;
    struct repl_config c = backups(SIM_HOUR, 5 * SIM_MIN, 7);
    c.mode = REPL_ASYNC;
    c.writers = WRITER_MULTI;
    c.writer[1] = c.holds_data[1] = true;
    c.snapshot_copy = 10 * SIM_MIN;
    gsl_rng *rr = test_rng(27);
    struct repl *r = repl_new(&c, rr);
    for (int i = 1; i <= 37800; i++)
        repl_write(r, i * SIM_SEC, i % 2, (uint64_t)i);
    sim_time t = 37800 * SIM_SEC + 500 * SIM_MS, rpo, rpo_later;
    int64_t lost, lost_later;
    repl_advance(r, t);
    assert_true(repl_corruption_loss(r, t, 1, &rpo, &lost));
    assert_true(rpo > 0 && rpo <= SIM_HOUR + 15 * SIM_MIN + SIM_SEC);
    assert_int_equal(lost, (rpo - 500 * SIM_MS) / SIM_SEC + 1);
    /* Restored 3 h later: snapshots taken after t hold the corruption. */
    repl_advance(r, t + 3 * SIM_HOUR);
    assert_true(repl_corruption_loss(r, t, 1, &rpo_later, &lost_later));
    assert_true(rpo_later <= rpo);
    assert_true(rpo_later > 0 && rpo_later <= SIM_HOUR + SIM_SEC);
    /* Replication alone would have lost about the lag, not the hour. */
    sim_time rl;
    int64_t ll;
    repl_loss(r, t, 0, 1, &rl, &ll);
    assert_true(rl <= SIM_SEC);
    repl_free(r);
    gsl_rng_free(rr);
}

/* Multi-writer: while the first writer is down, the next one takes the
 * snapshots (its copy to the backup region, here itself, is immediate). */
static void test_multi_writer_snapshots_survive_one_writer_outage(void **state)
{
    (void)state;
    struct repl_config c = backups(SIM_HOUR, 0, 7);
    c.mode = REPL_ASYNC;
    c.writers = WRITER_MULTI;
    c.writer[1] = c.holds_data[1] = true;
    gsl_rng *rr = test_rng(28);
    struct repl *r = repl_new(&c, rr);
    repl_set_region(r, 0, 0, false);
    for (int i = 1; i <= 3 * 3600; i++)
        repl_write(r, i * SIM_SEC, 1, (uint64_t)i);
    sim_time rpo;
    int64_t lost;
    assert_true(repl_snapshot_loss(r, 3 * SIM_HOUR, 1, &rpo, &lost));
    assert_true(rpo < SIM_HOUR);
    struct repl_stats st;
    repl_get_stats(r, &st);
    assert_int_equal(st.snapshots_taken, 3);
    repl_free(r);
    gsl_rng_free(rr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mean_rpo_is_half_interval_plus_copy),
        cmocka_unit_test(test_no_snapshot_yet_loses_everything),
        cmocka_unit_test(test_retention_shorter_than_copy_keeps_nothing),
        cmocka_unit_test(test_copies_are_full_then_incremental),
        cmocka_unit_test(test_reseeding_after_failover_is_counted),
        cmocka_unit_test(test_copy_interrupted_by_outage_is_lost),
        cmocka_unit_test(test_corruption_restores_snapshot_before_it),
        cmocka_unit_test(test_multi_writer_snapshots_survive_one_writer_outage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
