/* Replication through failures, against the same analytic expectations as
 * test_replication.c: a partition blocks sync writes unless the replica is
 * detached, and a failure after a partition of D loses about D of writes; a
 * stopped replica applies nothing; promotion detaches the old writer and
 * writes continue (sync, semi_sync with the reachable replicas), backups
 * follow the new writer, and the old one catches up when replication runs
 * back; with several writers only the failed one's writes are lost. */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include "replication_fixture.h"

/* A partition stalls sync writes (they fail: availability drops) unless the
 * unreachable replica is detached from the quorum (repl_detach), in which case writes go on
 * with the other replica's RTT and the dropped one builds a backlog that
 * drains after the one-way delay (60 ms) and the lag when the link returns. */
static void test_partition_blocks_sync_unless_replica_is_detached(void **state)
{
    (void)state;
    for (int drop = 0; drop <= 1; drop++) {
        struct repl_config c = base(3, REPL_SYNC, SIM_SEC);
        gsl_rng *rr = test_rng(6);
        struct repl *r = repl_new(&c, rr);
        repl_set_link(r, 10 * SIM_SEC, 0, 2, false);
        if (drop)
            repl_detach(r, 10 * SIM_SEC, 2);
        int failed = 0, ok = 0;
        for (int i = 0; i < 100; i++) {
            sim_time e = repl_write(r, 10 * SIM_SEC + (i + 1) * 100 * SIM_MS, 0, 0);
            if (e < 0)
                failed++;
            else {
                ok++;
                assert_int_equal(e, 80 * SIM_MS);
            }
        }
        assert_int_equal(failed, drop ? 0 : 100);
        assert_int_equal(ok, drop ? 100 : 0);
        sim_time rpo;
        int64_t lost;
        /* Acknowledged at write + 80 ms: the first at 10.18 s. */
        repl_loss(r, 21 * SIM_SEC, 0, 2, &rpo, &lost);
        assert_int_equal(lost, drop ? 100 : 0);
        assert_int_equal(rpo, drop ? 21 * SIM_SEC - 10180 * SIM_MS : 0);
        repl_set_link(r, 30 * SIM_SEC, 0, 2, true);
        repl_loss(r, 31060 * SIM_MS - 1, 0, 2, &rpo, &lost);
        assert_int_equal(lost, drop ? 100 : 0);
        /* Detached, the replica stays out of the quorum until its backlog
         * has drained (at 31.06 s): a write at 30.1 s commits with the other
         * replica's 80 ms; one after 31.06 s waits for it again (120 ms). */
        sim_time e = repl_write(r, 30 * SIM_SEC + 100 * SIM_MS, 0, 0);
        assert_int_equal(e, drop ? 80 * SIM_MS : 120 * SIM_MS);
        /* ... and that write reaches it asynchronously, at 31.16 s */
        repl_loss(r, 31060 * SIM_MS, 0, 2, &rpo, &lost);
        assert_int_equal(lost, drop ? 1 : 0);
        e = repl_write(r, 32 * SIM_SEC, 0, 0);
        assert_int_equal(e, 120 * SIM_MS);
        repl_free(r);
        gsl_rng_free(rr);
    }
}

/* Async, lag 100 ms + one-way 40 ms (L = 140 ms in flight), 50 writes/s;
 * partition of D = 60 s from 100 s; the primary fails at the end of it.
 * Lost = writes in (t0 - L, t0 + D]: Poisson of mean lambda (D + L) = 3007
 * (sd 55; tolerance 4 sd = 219); RPO = D + L minus an Exp(lambda) gap
 * (< 10/lambda = 0.2 s). The backlog's age reached D. A failure after the
 * link healed and drained loses only the last L. */
static void test_partition_then_failure_loses_the_partition(void **state)
{
    (void)state;
    const double rate = 50.0;
    const sim_time L = 140 * SIM_MS, t0 = 100 * SIM_SEC, D = 60 * SIM_SEC;
    for (int heal = 0; heal <= 1; heal++) {
        struct repl_config c = base(2, REPL_ASYNC, 100 * SIM_MS);
        c.ring_runs = 256; /* 3000 queued writes: forces merges of pending runs */
        gsl_rng *rr = test_rng(7), *g = test_rng(8 + (unsigned long)heal);
        struct repl *r = repl_new(&c, rr);
        sim_time t = 0, tf = heal ? t0 + D + 30 * SIM_SEC : t0 + D;
        int64_t exact = 0;
        sim_time oldest = -1;
        bool down = false, healed = false;
        for (;;) {
            t = next_arrival(g, t, rate);
            if (!down && t >= t0) {
                repl_set_link(r, t0, 0, 1, false);
                down = true;
            }
            if (heal && !healed && t >= t0 + D) {
                repl_set_link(r, t0 + D, 0, 1, true);
                healed = true;
            }
            if (t > tf)
                break;
            repl_advance(r, t);
            repl_write(r, t, 0, 0);
            bool lacking = heal ? t > tf - L : t > t0 - L;
            if (lacking) {
                exact++;
                if (oldest < 0)
                    oldest = t;
            }
        }
        sim_time rpo;
        int64_t lost;
        repl_loss(r, tf, 0, 1, &rpo, &lost);
        /* Pending runs merge but keep counts and the oldest commit exact. */
        assert_int_equal(lost, exact);
        assert_int_equal(rpo, tf - oldest);
        double span = heal ? 0.14 : 60.14;
        assert_near((double)lost, rate * span, 4 * sqrt(rate * span));
        assert_true(sim_time_to_sec(rpo) <= span && sim_time_to_sec(rpo) > span - 10.0 / rate);
        struct repl_stats st;
        repl_get_stats(r, &st);
        assert_true(st.max_backlog_age >= D - SIM_SEC);
        repl_free(r);
        gsl_rng_free(rr);
        gsl_rng_free(g);
    }
}

/* An outage of the replica region is a partition from the writer's side. */
static void test_stopped_replica_applies_nothing(void **state)
{
    (void)state;
    struct repl_config c = base(2, REPL_ASYNC, 100 * SIM_MS);
    gsl_rng *rr = test_rng(9);
    struct repl *r = repl_new(&c, rr);
    repl_set_region(r, SIM_SEC, 1, false);
    for (int i = 1; i <= 10; i++)
        repl_write(r, SIM_SEC + i * SIM_SEC, 0, 0);
    sim_time rpo;
    int64_t lost;
    repl_loss(r, 20 * SIM_SEC, 0, 1, &rpo, &lost);
    assert_int_equal(lost, 10);
    assert_int_equal(rpo, 18 * SIM_SEC);
    repl_set_region(r, 20 * SIM_SEC, 1, true);
    repl_loss(r, 20 * SIM_SEC + 140 * SIM_MS, 0, 1, &rpo, &lost); /* lag + one way */
    assert_int_equal(lost, 0);
    /* A stopped writer commits nothing. */
    repl_set_region(r, 30 * SIM_SEC, 0, false);
    assert_int_equal(repl_write(r, 31 * SIM_SEC, 0, 0), -1);
    repl_free(r);
    gsl_rng_free(rr);
}

/* After promotion the new writer replicates to the old primary, which is
 * down: a backlog that drains when it returns (failback's "until lag is
 * zero", read with repl_loss from the new writer to the old). */
static void test_promote_and_replicate_back(void **state)
{
    (void)state;
    struct repl_config c = base(2, REPL_ASYNC, 200 * SIM_MS);
    gsl_rng *rr = test_rng(10);
    struct repl *r = repl_new(&c, rr);
    for (int i = 1; i <= 10; i++)
        repl_write(r, i * SIM_SEC, 0, 0);
    repl_set_region(r, 10 * SIM_SEC + 100 * SIM_MS, 0, false);
    sim_time rpo;
    int64_t lost;
    repl_loss(r, 10 * SIM_SEC + 100 * SIM_MS, 0, 1, &rpo, &lost);
    assert_int_equal(lost, 1);
    assert_int_equal(rpo, 100 * SIM_MS);
    repl_promote(r, 11 * SIM_SEC, 1);
    for (int i = 12; i <= 20; i++)
        assert_int_equal(repl_write(r, i * SIM_SEC, 1, 0), 0);
    repl_loss(r, 20 * SIM_SEC, 1, 0, &rpo, &lost);
    assert_int_equal(lost, 9);
    repl_set_region(r, 25 * SIM_SEC, 0, true);
    repl_loss(r, 25 * SIM_SEC + 240 * SIM_MS, 1, 0, &rpo, &lost); /* lag + one way */
    assert_int_equal(lost, 0);
    repl_free(r);
    gsl_rng_free(rr);
}

/* Multi-writer: a failed writer's survivors lack only its own unapplied
 * writes (the last L + D seconds of them); the other writers' writes are not
 * lost. Writes alternate 0, 1, 2 every 10 ms; L = 1 s, D = 40 ms to region 1,
 * 60 ms to 2, 80 ms from 1 to 2. */
static void test_multi_writer_loss_counts_the_failed_writer_only(void **state)
{
    (void)state;
    struct repl_config c = base(3, REPL_ASYNC, SIM_SEC);
    c.writers = WRITER_MULTI;
    c.writer[1] = c.writer[2] = true;
    gsl_rng *rr = test_rng(15);
    struct repl *r = repl_new(&c, rr);
    for (int i = 1; i <= 3000; i++)
        assert_int_equal(repl_write(r, i * 10 * SIM_MS, i % 3, (uint64_t)i), 0);
    sim_time tf = 30 * SIM_SEC + 5 * SIM_MS, rpo;
    int64_t lost;
    repl_set_region(r, tf, 0, false);
    /* Region 0 wrote at multiples of 30 ms; (28.965, 30.005] holds 35 of
     * them, (28.945, 30.005] 36. */
    repl_loss(r, tf, 0, 1, &rpo, &lost);
    assert_int_equal(lost, 35);
    assert_int_equal(rpo, tf - 28980 * SIM_MS);
    repl_loss(r, tf, 0, 2, &rpo, &lost);
    assert_int_equal(lost, 36);
    /* A survivor's writes reach the other survivor (the last, at 29.98 s,
     * by 31.06 s): nothing lost there. */
    repl_loss(r, tf + 1100 * SIM_MS, 1, 2, &rpo, &lost);
    assert_int_equal(lost, 0);
    assert_int_equal(repl_write(r, tf + SIM_MS, 0, 0), -1);
    repl_free(r);
    gsl_rng_free(rr);
}

/* Hourly snapshots (5 min to take, 10 min to copy) from writer 0 to backup
 * region 1, one write per second. Region 0 fails at 10 h and region 1 takes
 * over; region 0 is back at 13 h. Region 1's later snapshots must be copied
 * to region 0 (not the writer), so at 20 h region 0 holds a snapshot at most
 * interval + duration + copy = 75 min old: that bounds the RPO of restoring
 * there, and the writes lost are at most one per second of it. While region 0
 * is down, no copy reaches it. */
static void test_backups_go_to_the_old_writer_after_promote(void **state)
{
    (void)state;
    struct repl_config c = base(2, REPL_NONE, 0);
    c.holds_data[1] = false;
    c.snapshot_interval = SIM_HOUR;
    c.snapshot_duration = 5 * SIM_MIN;
    c.snapshot_copy = 10 * SIM_MIN;
    c.snapshot_retention = 4;
    c.backup_region = 1;
    c.data_bytes = 1000000;
    gsl_rng *rr = test_rng(22);
    struct repl *r = repl_new(&c, rr);
    sim_time t = 0, rpo;
    int64_t lost;
    for (; t < 10 * SIM_HOUR; t += SIM_SEC)
        repl_write(r, t, 0, 0);
    repl_set_region(r, t, 0, false);
    assert_true(repl_snapshot_loss(r, t, 1, &rpo, &lost));
    assert_true(rpo <= 75 * SIM_MIN);
    repl_promote(r, t, 1);
    for (; t < 13 * SIM_HOUR; t += SIM_SEC)
        repl_write(r, t, 1, 0);
    /* nothing of region 1's reached region 0 while it was down */
    assert_true(repl_snapshot_loss(r, t, 0, &rpo, &lost));
    assert_true(rpo >= 3 * SIM_HOUR);
    repl_set_region(r, t, 0, true);
    for (; t < 20 * SIM_HOUR; t += SIM_SEC)
        repl_write(r, t, 1, 0);
    repl_set_region(r, t, 1, false);
    assert_true(repl_snapshot_loss(r, t, 0, &rpo, &lost));
    assert_true(rpo > 0 && rpo <= 75 * SIM_MIN);
    assert_true(lost <= 75 * 60);
    repl_free(r);
    gsl_rng_free(rr);
}

/* Issue 10 item 4: sync, two regions (RTT 80 ms, lag 1 s, one way 40 ms).
 * Writes wait 80 ms and the replica lacks nothing (RPO 0). Region 0 fails
 * and region 1 is promoted: the dead primary is detached, so writes go on at
 * once (today they all fail). It comes back at 25 s and is re-seeded from
 * the writes it missed: it lacks all 9 until they apply (25 s + 1.04 s); a
 * write meanwhile does not wait for it; after that it acknowledges again. */
static void test_sync_writes_continue_after_promotion(void **state)
{
    (void)state;
    struct repl_config c = base(2, REPL_SYNC, SIM_SEC);
    gsl_rng *rr = test_rng(27);
    struct repl *r = repl_new(&c, rr);
    sim_time rpo;
    int64_t lost;
    for (int i = 1; i <= 10; i++)
        assert_int_equal(repl_write(r, i * SIM_SEC, 0, 0), 80 * SIM_MS);
    repl_set_region(r, 10500 * SIM_MS, 0, false);
    repl_loss(r, 10500 * SIM_MS, 0, 1, &rpo, &lost);
    assert_int_equal(lost, 0);
    assert_int_equal(rpo, 0);
    repl_promote(r, 11 * SIM_SEC, 1);
    for (int i = 12; i <= 20; i++)
        assert_int_equal(repl_write(r, i * SIM_SEC, 1, 0), 0);
    struct repl_stats st;
    repl_get_stats(r, &st);
    assert_int_equal(st.failed_writes, 0);
    repl_loss(r, 20 * SIM_SEC, 1, 0, &rpo, &lost);
    assert_int_equal(lost, 9);
    repl_set_region(r, 25 * SIM_SEC, 0, true);
    /* Back but not caught up: it holds none of the 9, nor the write at 25.1 s. */
    repl_loss(r, 25 * SIM_SEC, 1, 0, &rpo, &lost);
    assert_int_equal(lost, 9);
    assert_int_equal(rpo, 13 * SIM_SEC);
    assert_int_equal(repl_write(r, 25100 * SIM_MS, 1, 0), 0);
    repl_loss(r, 26 * SIM_SEC, 1, 0, &rpo, &lost);
    assert_int_equal(lost, 10);
    repl_loss(r, 26140 * SIM_MS, 1, 0, &rpo, &lost);
    assert_int_equal(lost, 0);
    /* Caught up: back in the quorum, RPO 0 again. */
    assert_int_equal(repl_write(r, 27 * SIM_SEC, 1, 0), 80 * SIM_MS);
    repl_loss(r, 27080 * SIM_MS, 1, 0, &rpo, &lost);
    assert_int_equal(lost, 0);
    repl_free(r);
    gsl_rng_free(rr);
}

/* semi_sync after a promotion. Two regions, acks 1 (issue 10 item 4): the
 * promoted writer has no reachable replica and commits at once. Three
 * regions, acks 2 (RTT 0-1 80 ms, 0-2 120 ms, 1-2 160 ms; lag 1 s): before
 * the failure a write waits for both (120 ms). Region 0 fails, 1 is
 * promoted: one replica is reachable, fewer than k, and the quorum degrades
 * to it (as MySQL's semi-sync falls back when too few replicas are
 * connected): writes wait 160 ms for region 2, which never lacks them. The
 * choice is made at promotion only: a member that becomes unreachable later
 * blocks writes as before a failure. Region 0, back and caught up, rejoins:
 * k = 2 again, so a write is durable in region 0 once acknowledged. */
static void test_semi_sync_after_promotion_waits_for_the_reachable(void **state)
{
    (void)state;
    sim_time rpo;
    int64_t lost;
    struct repl_config c = base(2, REPL_SEMI_SYNC, SIM_SEC);
    gsl_rng *rr = test_rng(28);
    struct repl *r = repl_new(&c, rr);
    assert_int_equal(repl_write(r, SIM_SEC, 0, 0), 80 * SIM_MS);
    repl_set_region(r, 2 * SIM_SEC, 0, false);
    repl_promote(r, 3 * SIM_SEC, 1);
    assert_int_equal(repl_write(r, 4 * SIM_SEC, 1, 0), 0);
    repl_free(r);

    c = base(3, REPL_SEMI_SYNC, SIM_SEC);
    c.acks = 2;
    r = repl_new(&c, rr);
    assert_int_equal(repl_write(r, SIM_SEC, 0, 0), 120 * SIM_MS);
    repl_set_region(r, 2 * SIM_SEC, 0, false);
    repl_promote(r, 3 * SIM_SEC, 1);
    for (int i = 4; i <= 9; i++) {
        assert_int_equal(repl_write(r, i * SIM_SEC, 1, 0), 160 * SIM_MS);
        repl_loss(r, i * SIM_SEC + 160 * SIM_MS, 1, 2, &rpo, &lost);
        assert_int_equal(lost, 0);
    }
    /* A member lost after the promotion blocks: no silent fall-back. */
    repl_set_link(r, 10 * SIM_SEC, 1, 2, false);
    assert_int_equal(repl_write(r, 11 * SIM_SEC, 1, 0), -1);
    repl_set_link(r, 12 * SIM_SEC, 1, 2, true);
    /* Region 0 back at 20 s: detached until it has applied the 6 writes it
     * missed (at 21.04 s); meanwhile a write is not durable there when
     * acknowledged. */
    repl_set_region(r, 20 * SIM_SEC, 0, true);
    assert_int_equal(repl_write(r, 20500 * SIM_MS, 1, 0), 160 * SIM_MS);
    repl_loss(r, 20660 * SIM_MS, 1, 0, &rpo, &lost);
    assert_int_equal(lost, 7);
    /* Caught up: one of the two acks, so durable there when acknowledged. */
    assert_int_equal(repl_write(r, 22 * SIM_SEC, 1, 0), 160 * SIM_MS);
    repl_loss(r, 22160 * SIM_MS, 1, 0, &rpo, &lost);
    assert_int_equal(lost, 0);
    repl_loss(r, 22160 * SIM_MS, 1, 2, &rpo, &lost);
    assert_int_equal(lost, 0);
    repl_free(r);
    gsl_rng_free(rr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_partition_blocks_sync_unless_replica_is_detached),
        cmocka_unit_test(test_partition_then_failure_loses_the_partition),
        cmocka_unit_test(test_stopped_replica_applies_nothing),
        cmocka_unit_test(test_promote_and_replicate_back),
        cmocka_unit_test(test_multi_writer_loss_counts_the_failed_writer_only),
        cmocka_unit_test(test_backups_go_to_the_old_writer_after_promote),
        cmocka_unit_test(test_sync_writes_continue_after_promotion),
        cmocka_unit_test(test_semi_sync_after_promotion_waits_for_the_reachable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
