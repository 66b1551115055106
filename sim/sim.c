/* The event engine: an implicit 4-ary min-heap of 16-byte keys (time, seq<<24 | slot)
 * over a table of event records reused through a free list. Invariant: every heap
 * key names one record slot; a record is pending iff its generation matches a live
 * handle; cancelled records stay in the heap (fn == NULL) until popped or compacted. */
#include "sim/sim.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sim_private.h"

#define SLOT_BITS 24
#define SLOT_MASK ((UINT64_C(1) << SLOT_BITS) - 1)
#define MAX_SLOTS (SLOT_MASK + 1)
#define SEQ_LIMIT (UINT64_C(1) << (64 - SLOT_BITS))
#define NO_SLOT UINT32_MAX
/* Heap element i lives at heap[i + PAD]: the four children 4i+1..4i+4 then sit in
 * one 64-byte cache line. */
#define PAD 3

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)0)
#endif

struct key {
    sim_time time;
    uint64_t key; /* seq << SLOT_BITS | slot */
};

struct record {
    sim_handler fn; /* NULL: cancelled (or free) */
    void *ctx;
    uint64_t arg;
    uint32_t gen;
    uint32_t next_free;
};

struct sim {
    sim_time now;
    struct key *heap_mem; /* aligned allocation; element i at heap_mem[i + PAD] */
    struct key *heap;     /* heap_mem + PAD */
    size_t len;
    size_t cap;
    struct record *rec;
    size_t rec_len; /* slots ever used */
    size_t rec_cap;
    uint32_t free_head;
    size_t live;
    size_t dead; /* cancelled keys still in the heap */
    uint64_t seq;
    uint64_t fired;
    bool stop;
    bool running;
    const volatile int *interrupt; /* sim_set_interrupt; NULL: none */
    uint32_t poll;                 /* events until the next look at *interrupt */
    sim_time until;                /* of the running sim_run */
    /* the lazy timer (sim_lazy_at): armed iff lazy_fn != NULL */
    sim_handler lazy_fn;
    void *lazy_ctx;
    sim_time lazy_time;
    uint64_t lazy_seq;
    /* sim_fire_inline's event while it fires the lazy timer before it */
    bool inline_pending;
    sim_time inline_time;
};

/* Without short-circuit branches: the heap's comparisons are unpredictable.
 * GCC and Clang compare (time, key) as one 128-bit unsigned number (time with
 * its sign bit flipped), which is a cmp and an sbb. */
#if defined(__SIZEOF_INT128__)
__extension__ typedef unsigned __int128 u128;
static inline u128 key_wide(const struct key *a)
{
    return (u128)((uint64_t)a->time ^ (UINT64_C(1) << 63)) << 64 | a->key;
}
static inline bool key_less(const struct key *a, const struct key *b)
{
    return key_wide(a) < key_wide(b);
}
#else
static inline bool key_less(const struct key *a, const struct key *b)
{
    return (a->time < b->time) | ((a->time == b->time) & (a->key < b->key));
}
#endif

static struct key *heap_alloc(size_t cap)
{
    size_t bytes = (cap + PAD + 1) * sizeof(struct key);
    bytes = (bytes + 63) / 64 * 64;
    return aligned_alloc(64, bytes);
}

struct sim *sim_new(size_t capacity)
{
    if (capacity < 16)
        capacity = 16;
    if (capacity > MAX_SLOTS)
        capacity = MAX_SLOTS;
    struct sim *s = calloc(1, sizeof *s);
    if (s == NULL)
        return NULL;
    s->heap_mem = heap_alloc(capacity);
    s->rec = malloc(capacity * sizeof *s->rec);
    if (s->heap_mem == NULL || s->rec == NULL) {
        sim_free(s);
        return NULL;
    }
    s->heap = s->heap_mem + PAD;
    s->cap = capacity;
    s->rec_cap = capacity;
    s->free_head = NO_SLOT;
    return s;
}

void sim_free(struct sim *sim)
{
    if (sim == NULL)
        return;
    free(sim->heap_mem);
    free(sim->rec);
    free(sim);
}

sim_time sim_now(const struct sim *sim)
{
    return sim->now;
}

/* Places k at hole i or above it, but not above index top. */
static void sift_up(struct key *h, size_t top, size_t i, struct key k)
{
    while (i > top) {
        size_t p = (i - 1) >> 2;
        if (!key_less(&k, &h[p]))
            break;
        h[i] = h[p];
        i = p;
    }
    h[i] = k;
}

/* Places k at hole i (or below it) in a heap of n elements. The hole first
 * descends along the smallest children to the bottom (no comparison with k,
 * which usually belongs near the bottom), then k rises from there. */
static void sift_down(struct key *h, size_t n, size_t i, struct key k)
{
    size_t top = i, c;
    while ((c = 4 * i + 1) + 3 < n) {
        /* The four children's own children are 16 consecutive keys (4 cache
         * lines): fetch them while this level is compared. */
        if (4 * c + 16 < n) {
            PREFETCH(&h[4 * c + 1]);
            PREFETCH(&h[4 * c + 5]);
            PREFETCH(&h[4 * c + 9]);
            PREFETCH(&h[4 * c + 13]);
        }
        size_t a = c + key_less(&h[c + 1], &h[c]);
        size_t b = c + 2 + key_less(&h[c + 3], &h[c + 2]);
        size_t m = key_less(&h[b], &h[a]) ? b : a;
        h[i] = h[m];
        i = m;
    }
    if (c < n) {
        size_t m = c;
        for (size_t j = c + 1; j < n; j++)
            if (key_less(&h[j], &h[m]))
                m = j;
        h[i] = h[m];
        i = m;
    }
    sift_up(h, top, i, k);
}

static bool grow_heap(struct sim *s)
{
    size_t cap = s->cap * 2;
    struct key *mem = heap_alloc(cap);
    if (mem == NULL)
        return false;
    memcpy(mem + PAD, s->heap, s->len * sizeof *s->heap);
    free(s->heap_mem);
    s->heap_mem = mem;
    s->heap = mem + PAD;
    s->cap = cap;
    return true;
}

static uint32_t take_slot(struct sim *s)
{
    if (s->free_head != NO_SLOT) {
        uint32_t slot = s->free_head;
        s->free_head = s->rec[slot].next_free;
        return slot;
    }
    if (s->rec_len == s->rec_cap) {
        if (s->rec_cap >= MAX_SLOTS)
            return NO_SLOT;
        size_t cap = s->rec_cap * 2 > MAX_SLOTS ? MAX_SLOTS : s->rec_cap * 2;
        struct record *r = realloc(s->rec, cap * sizeof *r);
        if (r == NULL)
            return NO_SLOT;
        s->rec = r;
        s->rec_cap = cap;
    }
    uint32_t slot = (uint32_t)s->rec_len++;
    s->rec[slot].gen = 1;
    return slot;
}

static void put_slot(struct sim *s, uint32_t slot)
{
    s->rec[slot].fn = NULL;
    s->rec[slot].next_free = s->free_head;
    s->free_head = slot;
}

static int cmp_keys(const void *a, const void *b)
{
    const struct key *x = a, *y = b;
    return key_less(x, y) ? -1 : key_less(y, x) ? 1 : 0;
}

/* Renumbers the pending keys 0..len-1 in their (time, seq) order when the
 * sequence counter would overflow its bits; a sorted array is a valid heap. */
/* Odd numbers for the queue's keys in order, the even number between for
 * the lazy timer, so it keeps its place among events at its time. */
static void renumber(struct sim *s)
{
    qsort(s->heap, s->len, sizeof *s->heap, cmp_keys);
    uint64_t lazy = 0;
    for (size_t i = 0; i < s->len; i++) {
        const struct key *k = &s->heap[i];
        if (k->time < s->lazy_time ||
            (k->time == s->lazy_time && (k->key >> SLOT_BITS) < s->lazy_seq))
            lazy = 2 * (uint64_t)i + 2;
    }
    for (size_t i = 0; i < s->len; i++)
        s->heap[i].key = (2 * (uint64_t)i + 1) << SLOT_BITS | (s->heap[i].key & SLOT_MASK);
    s->lazy_seq = lazy;
    s->seq = 2 * (uint64_t)s->len + 1;
}

static sim_handle schedule(struct sim *sim, sim_time at, sim_handler handler, void *ctx,
                           uint64_t arg, uint64_t seq)
{
    assert(handler != NULL);
    assert(at >= sim->now);
    if (at < sim->now)
        at = sim->now;
    if (sim->len == sim->cap && !grow_heap(sim))
        return (sim_handle){0};
    uint32_t slot = take_slot(sim);
    if (slot == NO_SLOT)
        return (sim_handle){0};
    struct record *r = &sim->rec[slot];
    r->fn = handler;
    r->ctx = ctx;
    r->arg = arg;
    struct key k = {at, seq << SLOT_BITS | slot};
    sift_up(sim->heap, 0, sim->len++, k);
    sim->live++;
    return (sim_handle){(uint64_t)r->gen << 32 | (slot + 1)};
}

uint64_t sim_reserve(struct sim *sim)
{
    if (sim->seq >= SEQ_LIMIT)
        renumber(sim);
    return sim->seq++;
}

sim_handle sim_at(struct sim *sim, sim_time at, sim_handler handler, void *ctx, uint64_t arg)
{
    if (sim->len == sim->cap && !grow_heap(sim))
        return (sim_handle){0};
    return schedule(sim, at, handler, ctx, arg, sim_reserve(sim));
}

/* A renumbering since the reservation (seq < reserved) voids it: a fresh
 * number then (only after ~1.1e12 schedules). */
sim_handle sim_at_reserved(struct sim *sim, sim_time at, sim_handler handler, void *ctx,
                           uint64_t arg, uint64_t reserved)
{
    if (sim->seq < reserved)
        return sim_at(sim, at, handler, ctx, arg);
    return schedule(sim, at, handler, ctx, arg, reserved);
}

sim_handle sim_after(struct sim *sim, sim_time delay, sim_handler handler, void *ctx, uint64_t arg)
{
    assert(delay >= 0);
    sim_time at = delay > SIM_TIME_MAX - sim->now ? SIM_TIME_MAX : sim->now + delay;
    return sim_at(sim, at, handler, ctx, arg);
}

/* Drops every cancelled key and rebuilds the heap (Floyd), freeing their slots. */
static void compact(struct sim *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->len; i++) {
        uint32_t slot = (uint32_t)(s->heap[i].key & SLOT_MASK);
        if (s->rec[slot].fn == NULL)
            put_slot(s, slot);
        else
            s->heap[n++] = s->heap[i];
    }
    s->len = n;
    s->dead = 0;
    for (size_t i = n / 4 + 1; i-- > 0;)
        if (i < n)
            sift_down(s->heap, n, i, s->heap[i]);
}

bool sim_cancel(struct sim *sim, sim_handle h)
{
    uint64_t low = h.id & 0xffffffffu;
    if (low == 0 || low > sim->rec_len)
        return false;
    struct record *r = &sim->rec[low - 1];
    if (r->fn == NULL || r->gen != (uint32_t)(h.id >> 32))
        return false;
    r->fn = NULL;
    r->gen++;
    sim->live--;
    sim->dead++;
    if (sim->dead > 64 && sim->dead > sim->live)
        compact(sim);
    return true;
}

/* True (and the running sim_run stops after the current handler) when the
 * interrupt flag is set; it is read once every SIM_POLL_EVENTS fired events. */
#define SIM_POLL_EVENTS 4096u
static bool interrupted(struct sim *sim)
{
    if (sim->interrupt == NULL || --sim->poll > 0)
        return false;
    sim->poll = SIM_POLL_EVENTS;
    if (*sim->interrupt)
        sim->stop = true;
    return sim->stop;
}

void sim_set_interrupt(struct sim *sim, const volatile int *flag)
{
    sim->interrupt = flag;
    sim->poll = SIM_POLL_EVENTS;
}

/* Removes the heap's root. */
static void pop_root(struct sim *s)
{
    size_t n = --s->len;
    if (n > 0)
        sift_down(s->heap, n, 0, s->heap[n]);
}

void sim_lazy_at(struct sim *sim, sim_time at, sim_handler handler, void *ctx)
{
    assert(handler == NULL || at >= sim->now);
    sim->lazy_fn = handler;
    sim->lazy_ctx = ctx;
    sim->lazy_time = at < sim->now ? sim->now : at;
    sim->lazy_seq = handler ? sim_reserve(sim) : 0;
}

sim_time sim_next_time(const struct sim *sim)
{
    sim_time t = sim->len > 0 ? sim->heap[0].time : SIM_TIME_MAX;
    if (sim->inline_pending && sim->inline_time < t)
        t = sim->inline_time;
    return t;
}

/* True when the armed lazy timer sorts before key (t, seq). */
static bool lazy_before(const struct sim *s, sim_time t, uint64_t seq)
{
    return s->lazy_fn && (s->lazy_time < t || (s->lazy_time == t && s->lazy_seq < seq));
}

/* True when the lazy timer is due before the queue's top, within until. */
static bool lazy_due(const struct sim *s, sim_time until)
{
    if (!s->lazy_fn || s->lazy_time > until)
        return false;
    return s->len == 0 || lazy_before(s, s->heap[0].time, s->heap[0].key >> SLOT_BITS);
}

/* Disarms the lazy timer, then runs its handler at its time (it may re-arm). */
static void fire_lazy(struct sim *s)
{
    sim_handler fn = s->lazy_fn;
    s->lazy_fn = NULL;
    s->now = s->lazy_time;
    fn(s, s->lazy_ctx, 0);
}

/* The inline event has key (t, reserved): it fires next iff it sorts below
 * the heap's top (a cancelled top only makes this conservative); a lazy
 * timer due before it fires first. After a renumbering (seq < reserved) the
 * number means nothing: refuse. */
bool sim_fire_inline(struct sim *sim, sim_time t, uint64_t reserved)
{
    for (;;) {
        if (!sim->running || sim->stop || t < sim->now || t > sim->until || sim->seq < reserved ||
            interrupted(sim))
            return false;
        if (sim->len > 0) {
            const struct key *top = &sim->heap[0];
            if (!(t < top->time || (t == top->time && (top->key >> SLOT_BITS) > reserved)))
                return false;
        }
        if (!lazy_before(sim, t, reserved))
            break;
        sim->inline_pending = true;
        sim->inline_time = t;
        fire_lazy(sim);
        sim->inline_pending = false;
    }
    sim->now = t;
    sim->fired++;
    return true;
}

uint64_t sim_run(struct sim *sim, sim_time until)
{
    uint64_t fired0 = sim->fired;
    sim->stop = false;
    sim->running = true;
    sim->until = until;
    for (;;) {
        if (lazy_due(sim, until)) {
            fire_lazy(sim);
            if (sim->stop || interrupted(sim))
                break;
            continue;
        }
        if (sim->len == 0)
            break;
        struct key top = sim->heap[0];
        if (top.time > until)
            break;
        pop_root(sim);
        uint32_t slot = (uint32_t)(top.key & SLOT_MASK);
        struct record *r = &sim->rec[slot];
        /* The next event's record is likely a cache miss: start it now. */
        if (sim->len > 0)
            PREFETCH(&sim->rec[sim->heap[0].key & SLOT_MASK]);
        if (r->fn == NULL) {
            sim->dead--;
            put_slot(sim, slot);
            continue;
        }
        sim_handler fn = r->fn;
        void *ctx = r->ctx;
        uint64_t arg = r->arg;
        r->gen++;
        put_slot(sim, slot);
        sim->live--;
        sim->now = top.time;
        sim->fired++;
        fn(sim, ctx, arg);
        if (sim->stop || interrupted(sim))
            break;
    }
    if (sim->stop) {
        sim->stop = false;
        sim->running = false;
        return sim->fired - fired0;
    }
    sim->running = false;
    if (until != SIM_TIME_MAX && until > sim->now)
        sim->now = until;
    return sim->fired - fired0;
}

void sim_stop(struct sim *sim)
{
    sim->stop = true;
}

size_t sim_pending(const struct sim *sim)
{
    return sim->live;
}

uint64_t sim_fired(const struct sim *sim)
{
    return sim->fired;
}

size_t sim_memory(const struct sim *sim)
{
    return sizeof *sim + ((sim->cap + PAD + 1) * sizeof(struct key) + 63) / 64 * 64 +
           sim->rec_cap * sizeof(struct record);
}

void sim__set_seq(struct sim *sim, uint64_t seq)
{
    sim->seq = seq;
}
