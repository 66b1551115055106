/* The event queue against a sorted reference: order (time, then scheduling order),
 * cancellation, run-until semantics, stop, and memory that stays flat. */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include "sim/rng.h"
#include "sim/sim.h"
#include "sim/sim_private.h"

struct log {
    uint64_t *args;
    size_t n;
    size_t cap;
    sim_time *times;
    bool stop_each;
};

static void log_handler(struct sim *sim, void *ctx, uint64_t arg)
{
    struct log *l = ctx;
    if (l->n < l->cap) {
        l->args[l->n] = arg;
        l->times[l->n] = sim_now(sim);
    }
    l->n++;
    if (l->stop_each)
        sim_stop(sim);
}

static void log_init(struct log *l, size_t cap)
{
    memset(l, 0, sizeof *l);
    l->args = calloc(cap, sizeof *l->args);
    l->times = calloc(cap, sizeof *l->times);
    l->cap = cap;
    assert_non_null(l->args);
    assert_non_null(l->times);
}

static void log_fini(struct log *l)
{
    free(l->args);
    free(l->times);
}

static void test_ties_pop_in_fifo_order(void **state)
{
    struct sim *sim = sim_new(4);
    struct log l;
    log_init(&l, 300);
    /* Interleave three times so ties are not simply insertion order overall. */
    for (uint64_t i = 0; i < 300; i++)
        assert_int_not_equal(sim_at(sim, (sim_time)(i % 3) * 10, log_handler, &l, i).id, 0);
    assert_int_equal(sim_run(sim, SIM_TIME_MAX), 300);
    for (size_t i = 0; i < 300; i++) {
        uint64_t group = i / 100, k = i % 100;
        assert_int_equal(l.args[i], group + 3 * k);
        assert_int_equal(l.times[i], (sim_time)group * 10);
    }
    log_fini(&l);
    sim_free(sim);
}

struct ref {
    sim_time time;
    uint64_t seq;
    uint64_t arg;
    sim_handle h;
};

static int ref_cmp(const void *a, const void *b)
{
    const struct ref *x = a, *y = b;
    if (x->time != y->time)
        return x->time < y->time ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Random schedule / cancel / pop against a reference array kept sorted; delays are
 * drawn from a small range so that ties are frequent. Operations: schedule with
 * probability p_schedule, cancel a pending event with p_cancel, cancel a stale
 * handle with 0.05, pop one event otherwise. */
static void run_against_reference(uint64_t seed, int ops, double p_schedule, double p_cancel)
{
    gsl_rng *r = sim_rng_new(seed, 0, "heap-test");
    struct sim *sim = sim_new(8);
    struct ref *ref = calloc((size_t)ops, sizeof *ref);
    sim_handle *stale = calloc((size_t)ops, sizeof *stale);
    size_t nref = 0, nstale = 0;
    uint64_t seq = 0;
    struct log l;
    log_init(&l, 1);
    l.stop_each = true;
    for (int op = 0; op < ops; op++) {
        double u = gsl_rng_uniform(r);
        if (u < p_schedule) {
            sim_time at = sim_now(sim) + (sim_time)gsl_rng_uniform_int(r, 20);
            sim_handle h = sim_at(sim, at, log_handler, &l, seq);
            assert_int_not_equal(h.id, 0);
            ref[nref++] = (struct ref){at, seq, seq, h};
            seq++;
            qsort(ref, nref, sizeof *ref, ref_cmp);
        } else if (u < p_schedule + p_cancel) {
            if (nref > 0) {
                size_t i = gsl_rng_uniform_int(r, nref);
                assert_true(sim_cancel(sim, ref[i].h));
                stale[nstale++] = ref[i].h;
                memmove(&ref[i], &ref[i + 1], (nref - i - 1) * sizeof *ref);
                nref--;
            }
        } else if (u < p_schedule + p_cancel + 0.05) {
            if (nstale > 0)
                assert_false(sim_cancel(sim, stale[gsl_rng_uniform_int(r, nstale)]));
        } else {
            l.n = 0;
            uint64_t fired = sim_run(sim, SIM_TIME_MAX);
            if (nref == 0) {
                assert_int_equal(fired, 0);
            } else {
                assert_int_equal(fired, 1);
                assert_int_equal(l.args[0], ref[0].arg);
                assert_int_equal(l.times[0], ref[0].time);
                assert_int_equal(sim_now(sim), ref[0].time);
                stale[nstale++] = ref[0].h;
                memmove(&ref[0], &ref[1], (nref - 1) * sizeof *ref);
                nref--;
            }
        }
        assert_int_equal(sim_pending(sim), nref);
    }
    /* Drain: the rest fire in reference order. */
    l.stop_each = false;
    free(l.args);
    free(l.times);
    log_init(&l, nref);
    assert_int_equal(sim_run(sim, SIM_TIME_MAX), nref);
    for (size_t i = 0; i < nref; i++)
        assert_int_equal(l.args[i], ref[i].arg);
    log_fini(&l);
    free(ref);
    free(stale);
    sim_free(sim);
    gsl_rng_free(r);
}

static void test_random_operations_match_sorted_reference(void **state)
{
    for (uint64_t seed = 1; seed <= 5; seed++)
        run_against_reference(seed, 6000, 0.5, 0.2);
    /* Cancel-heavy: cancelled keys outnumber live ones, so the heap is compacted
     * (rebuilt without them) many times along the way. */
    for (uint64_t seed = 6; seed <= 8; seed++)
        run_against_reference(seed, 6000, 0.5, 0.4);
}

static void test_cancel_of_zero_fired_or_cancelled_handle_is_noop(void **state)
{
    struct sim *sim = sim_new(0);
    struct log l;
    log_init(&l, 4);
    assert_false(sim_cancel(sim, (sim_handle){0}));
    assert_false(sim_cancel(sim, (sim_handle){UINT64_C(0x100000007)}));
    sim_handle a = sim_at(sim, 5, log_handler, &l, 1);
    sim_handle b = sim_at(sim, 6, log_handler, &l, 2);
    assert_true(sim_cancel(sim, b));
    assert_false(sim_cancel(sim, b));
    assert_int_equal(sim_run(sim, SIM_TIME_MAX), 1);
    assert_false(sim_cancel(sim, a));
    /* The slot of a is reused: a's old handle must not cancel the new event. */
    sim_handle c = sim_at(sim, 7, log_handler, &l, 3);
    sim_handle d = sim_at(sim, 8, log_handler, &l, 4);
    assert_false(sim_cancel(sim, a));
    assert_false(sim_cancel(sim, b));
    assert_int_equal(sim_pending(sim), 2);
    assert_true(sim_cancel(sim, c));
    assert_int_equal(sim_run(sim, SIM_TIME_MAX), 1);
    assert_int_equal(l.args[1], 4);
    assert_false(sim_cancel(sim, d));
    log_fini(&l);
    sim_free(sim);
    sim_free(NULL);
}

static void test_run_until_leaves_later_events_and_sets_clock(void **state)
{
    struct sim *sim = sim_new(0);
    struct log l;
    log_init(&l, 8);
    sim_at(sim, 1, log_handler, &l, 1);
    sim_at(sim, 3, log_handler, &l, 3);
    sim_at(sim, 3, log_handler, &l, 4);
    sim_at(sim, 9, log_handler, &l, 9);
    assert_int_equal(sim_run(sim, 3), 3);
    assert_int_equal(sim_now(sim), 3);
    assert_int_equal(sim_run(sim, 5), 0);
    assert_int_equal(sim_now(sim), 5);
    assert_int_equal(sim_pending(sim), 1);
    assert_int_equal(sim_run(sim, SIM_TIME_MAX), 1);
    assert_int_equal(sim_now(sim), 9);
    /* Emptied before `until`: the clock ends at until. */
    sim_after(sim, 1, log_handler, &l, 10);
    assert_int_equal(sim_run(sim, 100), 1);
    assert_int_equal(sim_now(sim), 100);
    assert_int_equal(sim_fired(sim), 5);
    log_fini(&l);
    sim_free(sim);
}

static void stopper(struct sim *sim, void *ctx, uint64_t arg)
{
    (*(int *)ctx)++;
    if (arg)
        sim_stop(sim);
}

static void test_stop_returns_after_current_handler(void **state)
{
    struct sim *sim = sim_new(0);
    int calls = 0;
    sim_at(sim, 10, stopper, &calls, 0);
    sim_at(sim, 20, stopper, &calls, 1);
    sim_at(sim, 30, stopper, &calls, 0);
    assert_int_equal(sim_run(sim, 1000), 2);
    assert_int_equal(calls, 2);
    assert_int_equal(sim_now(sim), 20);
    /* A later run starts afresh and goes on. */
    assert_int_equal(sim_run(sim, 1000), 1);
    assert_int_equal(sim_now(sim), 1000);
    sim_free(sim);
}

static void chain(struct sim *sim, void *ctx, uint64_t arg)
{
    struct log *l = ctx;
    log_handler(sim, ctx, arg);
    /* Same-time events scheduled from a handler fire after those already due. */
    if (arg < 3)
        sim_after(sim, 0, chain, l, arg + 10);
}

static void test_events_scheduled_now_from_handler_fire_after_pending_ties(void **state)
{
    struct sim *sim = sim_new(0);
    struct log l;
    log_init(&l, 16);
    for (uint64_t i = 0; i < 3; i++)
        sim_at(sim, 5, chain, &l, i);
    assert_int_equal(sim_run(sim, SIM_TIME_MAX), 6);
    uint64_t want[] = {0, 1, 2, 10, 11, 12};
    for (size_t i = 0; i < 6; i++)
        assert_int_equal(l.args[i], want[i]);
    log_fini(&l);
    sim_free(sim);
}

struct hold {
    gsl_rng *r;
};

static void hold_handler(struct sim *sim, void *ctx, uint64_t arg)
{
    struct hold *h = ctx;
    sim_after(sim, 1 + (sim_time)gsl_rng_uniform_int(h->r, 1000000), hold_handler, h, arg);
}

static void test_memory_is_flat_in_steady_state(void **state)
{
    struct sim *sim = sim_new(16);
    struct hold h = {sim_rng_new(7, 0, "hold")};
    for (uint64_t i = 0; i < 1000; i++)
        sim_after(sim, (sim_time)i, hold_handler, &h, i);
    sim_run(sim, 50000000);
    size_t mem = sim_memory(sim);
    uint64_t before = sim_fired(sim);
    sim_run(sim, 500000000);
    assert_true(sim_fired(sim) - before > 100000);
    assert_int_equal(sim_memory(sim), mem);
    assert_int_equal(sim_pending(sim), 1000);
    sim_free(sim);
    gsl_rng_free(h.r);
}

static void test_cancelled_events_do_not_accumulate(void **state)
{
    struct sim *sim = sim_new(16);
    struct log l;
    log_init(&l, 1);
    /* A timeout pattern: schedule far ahead, cancel, repeat, with few live events. */
    for (uint64_t i = 0; i < 200000; i++) {
        sim_handle t = sim_after(sim, SIM_HOUR, log_handler, &l, i);
        if (i % 100 != 0)
            assert_true(sim_cancel(sim, t));
    }
    assert_int_equal(sim_pending(sim), 2000);
    /* 2000 live keys and at most as many cancelled ones: 4096 slots suffice. */
    assert_true(sim_memory(sim) < 4096 * 64 + 4096);
    log_fini(&l);
    sim_free(sim);
}

static void test_order_survives_sequence_renumbering(void **state)
{
    struct sim *sim = sim_new(0);
    struct log l;
    log_init(&l, 64);
    /* Sequence numbers have 40 bits; start just below the limit so it wraps. */
    sim__set_seq(sim, (UINT64_C(1) << 40) - 10);
    for (uint64_t i = 0; i < 40; i++)
        sim_at(sim, (sim_time)(i % 2), log_handler, &l, i);
    assert_int_equal(sim_run(sim, SIM_TIME_MAX), 40);
    for (size_t i = 0; i < 40; i++)
        assert_int_equal(l.args[i], i < 20 ? 2 * i : 2 * (i - 20) + 1);
    log_fini(&l);
    sim_free(sim);
}

/* Inline firing: a chain that reserves its next event's number, does its
 * work (scheduling others, some tied with its next event), then fires the
 * next one inline when it would be next, fires events in the same order and
 * at the same times as the plain chain that schedules its next event first.
 * Gaps of 0-3 on a coarse clock make ties frequent; a stop ends both. */
struct chain {
    bool inline_;
    gsl_rng *r;
    int n;
    sim_time at[3000];
    int who[3000];
};

static void chain_log(struct chain *c, struct sim *sim, int who)
{
    if (c->n < 3000) {
        c->at[c->n] = sim_now(sim);
        c->who[c->n++] = who;
    }
}

static void chain_other(struct sim *sim, void *ctx, uint64_t arg)
{
    chain_log(ctx, sim, (int)arg);
}

static void chain_step(struct sim *sim, void *ctx, uint64_t arg)
{
    struct chain *c = ctx;
    for (;;) {
        chain_log(c, sim, 0);
        sim_time next = sim_now(sim) + (sim_time)gsl_rng_uniform_int(c->r, 4);
        uint64_t seq = 0;
        if (c->inline_)
            seq = sim_reserve(sim);
        else
            sim_at(sim, next, chain_step, c, 0);
        /* work: events tied with `next`, earlier and later */
        int k = (int)gsl_rng_uniform_int(c->r, 3);
        for (int i = 0; i < k; i++)
            sim_after(sim, (sim_time)gsl_rng_uniform_int(c->r, 5), chain_other, c, 1 + i);
        if (c->n >= 2500)
            sim_stop(sim);
        if (!c->inline_)
            return;
        if (!sim_fire_inline(sim, next, seq)) {
            assert_true(sim_at_reserved(sim, next, chain_step, c, 0, seq).id != 0);
            return;
        }
    }
}

/* An event storm inside one simulated instant: each event schedules the
 * next at the same time (or fires it inline), and a "signal" raises the
 * flag at event 100. */
struct storm {
    volatile int flag;
    uint64_t n;
    bool inline_;
};

static void storm_step(struct sim *sim, void *ctx, uint64_t arg)
{
    struct storm *st = ctx;
    (void)arg;
    for (;;) {
        if (++st->n == 100)
            st->flag = 1;
        if (st->n > 10000000)
            return; /* the test fails below rather than hanging */
        uint64_t r = sim_reserve(sim);
        if (!st->inline_ || !sim_fire_inline(sim, sim_now(sim), r)) {
            sim_at_reserved(sim, sim_now(sim), storm_step, st, 0, r);
            return;
        }
    }
}

static void test_interrupt_flag_stops_an_event_storm_within_a_poll(void **state)
{
    (void)state;
    for (int inl = 0; inl < 2; inl++) {
        struct sim *sim = sim_new(16);
        struct storm st = {.inline_ = inl};
        sim_set_interrupt(sim, &st.flag);
        sim_at(sim, 0, storm_step, &st, 0);
        sim_run(sim, SIM_TIME_MAX);
        /* the flag is read every 4096 fired events, inline ones included */
        assert_true(st.n >= 100 && st.n <= 100 + 4096 + 1);
        assert_int_equal(sim_pending(sim), 1); /* the next storm event, not lost */
        sim_free(sim);
    }
}

static void test_inline_firing_keeps_event_order(void **state)
{
    static struct chain a, b;
    uint64_t fired[2];
    struct chain *cs[2] = {&a, &b};
    for (int v = 0; v < 2; v++) {
        struct chain *c = cs[v];
        c->inline_ = v == 1;
        c->r = sim_rng_new(21, 0, "chain");
        c->n = 0;
        struct sim *sim = sim_new(16);
        for (int i = 0; i < 50; i++)
            sim_at(sim, (sim_time)i * 7, chain_other, c, 9);
        sim_at(sim, 0, chain_step, c, 0);
        sim_run(sim, SIM_TIME_MAX);
        fired[v] = sim_fired(sim);
        sim_free(sim);
        gsl_rng_free(c->r);
    }
    assert_true(a.n > 2000);
    assert_int_equal(a.n, b.n);
    assert_int_equal(fired[0], fired[1]);
    for (int i = 0; i < a.n; i++) {
        assert_int_equal(a.at[i], b.at[i]);
        assert_int_equal(a.who[i], b.who[i]);
    }
}

/* The lazy timer against a queued periodic event: a tick every 2 (re-armed
 * from its own handler, as a queued event would be rescheduled) among the
 * inline chain's ties fires at the same places in the order, not counted as
 * fired; a start near the sequence limit checks it keeps its place across a
 * renumbering. */
struct ticker {
    struct chain *c;
    bool lazy;
    int left;
};

static void tick_step(struct sim *sim, void *ctx, uint64_t arg)
{
    struct ticker *t = ctx;
    (void)arg;
    chain_log(t->c, sim, 7);
    if (--t->left <= 0)
        return;
    if (t->lazy)
        sim_lazy_at(sim, sim_now(sim) + 2, tick_step, t);
    else
        sim_after(sim, 2, tick_step, t, 0);
}

static void run_ticked_chain(struct chain *c, struct ticker *t, uint64_t seq0, uint64_t *fired)
{
    c->inline_ = true;
    c->r = sim_rng_new(22, 0, "chain");
    c->n = 0;
    t->c = c;
    t->left = 600;
    struct sim *sim = sim_new(16);
    sim__set_seq(sim, seq0);
    sim_at(sim, 0, chain_step, c, 0);
    if (t->lazy)
        sim_lazy_at(sim, 1, tick_step, t);
    else
        sim_at(sim, 1, tick_step, t, 0);
    sim_run(sim, SIM_TIME_MAX);
    *fired = sim_fired(sim);
    sim_free(sim);
    gsl_rng_free(c->r);
}

static void test_lazy_timer_fires_where_a_queued_event_would(void **state)
{
    static struct chain a, b;
    uint64_t seq0[] = {0, (UINT64_C(1) << 40) - 300};
    for (int v = 0; v < 2; v++) {
        struct ticker ta = {.lazy = false}, tb = {.lazy = true};
        uint64_t fa, fb;
        run_ticked_chain(&a, &ta, seq0[v], &fa);
        run_ticked_chain(&b, &tb, seq0[v], &fb);
        assert_true(a.n > 2000);
        assert_int_equal(a.n, b.n);
        int ticks = 0;
        for (int i = 0; i < a.n; i++) {
            assert_int_equal(a.at[i], b.at[i]);
            assert_int_equal(a.who[i], b.who[i]);
            ticks += a.who[i] == 7;
        }
        assert_true(ticks > 100);
        assert_int_equal(fa - (uint64_t)(600 - ta.left), fb);
    }
}

static void test_lazy_timer_fires_up_to_until_at_the_end(void **state)
{
    struct sim *sim = sim_new(0);
    struct log l;
    log_init(&l, 8);
    sim_at(sim, 1, log_handler, &l, 1);
    sim_lazy_at(sim, 5, log_handler, &l);
    assert_int_equal(sim_run(sim, 4), 1);
    assert_int_equal(l.n, 1);
    assert_int_equal(sim_run(sim, 5), 0);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.times[1], 5);
    sim_lazy_at(sim, 9, log_handler, &l);
    sim_lazy_at(sim, 9, NULL, NULL);
    sim_run(sim, 20);
    assert_int_equal(l.n, 2);
    log_fini(&l);
    sim_free(sim);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ties_pop_in_fifo_order),
        cmocka_unit_test(test_random_operations_match_sorted_reference),
        cmocka_unit_test(test_cancel_of_zero_fired_or_cancelled_handle_is_noop),
        cmocka_unit_test(test_run_until_leaves_later_events_and_sets_clock),
        cmocka_unit_test(test_stop_returns_after_current_handler),
        cmocka_unit_test(test_events_scheduled_now_from_handler_fire_after_pending_ties),
        cmocka_unit_test(test_memory_is_flat_in_steady_state),
        cmocka_unit_test(test_cancelled_events_do_not_accumulate),
        cmocka_unit_test(test_order_survives_sequence_renumbering),
        cmocka_unit_test(test_inline_firing_keeps_event_order),
        cmocka_unit_test(test_lazy_timer_fires_where_a_queued_event_would),
        cmocka_unit_test(test_lazy_timer_fires_up_to_until_at_the_end),
        cmocka_unit_test(test_interrupt_flag_stops_an_event_storm_within_a_poll),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
