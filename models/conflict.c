/* Per-key latest-write table for conflict, lost-update and sibling counting.
 * Invariant: a key has at most one entry, in set hash(key) & mask; counts only
 * grow; an eviction can only lower the counts (never invent a conflict), and
 * the table doubles rather than evict a live entry while it may grow. */
#include "models/conflict.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>

#define WAYS 4

struct entry {
    uint64_t key;
    sim_time t;      /* real time of the key's latest write */
    sim_time max_ts; /* the winning (largest) LWW timestamp of the key */
    sim_time t_max;  /* real time of the write that carries max_ts */
    int64_t weight;  /* writes the latest one stands for (sampling) */
    int32_t region;  /* region of the latest write; -1 = empty slot */
};

struct conflict {
    struct conflict_config cfg;
    struct entry *table;
    uint64_t sets; /* power of two */
    struct conflict_counts counts;
    double exp_conflicts, exp_reordered; /* conflict_add_expected */
    /* conflict_window_*: per link (from * n + to), a ring of epochs */
    struct window_slot *window;
    sim_time epoch;
};

struct window_slot {
    int64_t e; /* lag epoch; -1 empty */
    sim_time transit;
    sim_time last; /* its last write; -1 open, or none */
};

static uint64_t mix(uint64_t x)
{
    /* splitmix64 finalizer: spreads sequential and Zipf-hot keys over sets. */
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

struct conflict *conflict_new(const struct conflict_config *cfg)
{
    struct conflict *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->cfg = *cfg;
    uint64_t sets = 1;
    while (sets * WAYS < cfg->slots)
        sets <<= 1;
    c->sets = sets;
    c->table = malloc(sets * WAYS * sizeof *c->table);
    if (!c->table) {
        free(c);
        return NULL;
    }
    for (uint64_t i = 0; i < sets * WAYS; i++)
        c->table[i].region = -1;
    return c;
}

void conflict_hold_size(struct conflict *c)
{
    c->cfg.max_slots = 0;
}

void conflict_free(struct conflict *c)
{
    if (!c)
        return;
    free(c->table);
    free(c->window);
    free(c);
}

/* Could the entry still change a count? Yes while its write is unapplied
 * somewhere (a write there would conflict) or within 2 x skew of the write
 * holding max_ts (a later write could still carry a smaller timestamp). */
static bool live(const struct conflict *c, const struct entry *e, sim_time now,
                 conflict_applied_fn applied, void *ctx)
{
    if (now - e->t_max < 2 * c->cfg.clock_skew)
        return true;
    for (int j = 0; j < c->cfg.n_regions; j++)
        if (j != e->region && !applied(ctx, e->region, e->t, j, now))
            return true;
    return false;
}

void conflict_write(struct conflict *c, sim_time now, int region, sim_time ts, uint64_t key,
                    conflict_applied_fn applied, void *ctx)
{
    conflict_write_n(c, now, region, ts, key, 1, applied, ctx);
}

/* Doubles the sets: an old set's entries split over two new ones, so each
 * fits. False (nothing changed) when out of memory. */
static bool grow(struct conflict *c)
{
    uint64_t sets = c->sets * 2;
    struct entry *t = malloc(sets * WAYS * sizeof *t);
    if (!t)
        return false;
    for (uint64_t i = 0; i < sets * WAYS; i++)
        t[i].region = -1;
    for (uint64_t i = 0; i < c->sets * WAYS; i++) {
        const struct entry *e = &c->table[i];
        if (e->region < 0)
            continue;
        struct entry *set = &t[(mix(e->key) & (sets - 1)) * WAYS];
        int w = 0;
        while (set[w].region >= 0)
            w++;
        assert(w < WAYS);
        set[w] = *e;
    }
    free(c->table);
    c->table = t;
    c->sets = sets;
    return true;
}

void conflict_write_n(struct conflict *c, sim_time now, int region, sim_time ts, uint64_t key,
                      int64_t weight, conflict_applied_fn applied, void *ctx)
{
    struct entry *set = &c->table[(mix(key) & (c->sets - 1)) * WAYS];
    struct entry *e = NULL, *victim = NULL;
    for (int w = 0; w < WAYS; w++) {
        if (set[w].region >= 0 && set[w].key == key) {
            e = &set[w];
            break;
        }
        if (!victim || set[w].region < 0 || (victim->region >= 0 && set[w].t < victim->t))
            victim = &set[w];
    }
    if (!e) {
        if (victim->region >= 0 && live(c, victim, now, applied, ctx)) {
            if (c->sets * 2 * WAYS <= c->cfg.max_slots && grow(c)) {
                conflict_write_n(c, now, region, ts, key, weight, applied, ctx);
                return;
            }
            c->counts.live_evictions++;
        }
        *victim = (struct entry){key, now, ts, now, weight, region};
        return;
    }
    bool concurrent = e->region != region && !applied(ctx, e->region, e->t, region, now);
    bool older_stamp = ts < e->max_ts;
    int64_t pair = e->weight == 1 && weight == 1; /* both simulated alone: exact */
    c->counts.conflicts += concurrent * pair;
    switch (c->cfg.mode) {
    case CONFLICT_LWW:
        /* Of two concurrent writes the key keeps one: the other disappears,
         * skew or not. A write that follows the key's newest in real time
         * but carries an older timestamp (clock skew) disappears too. */
        c->counts.lost_updates += (concurrent || older_stamp) * pair;
        c->counts.lww_reordered += (!concurrent && older_stamp) * pair;
        break;
    case CONFLICT_VECTOR_CLOCK:
        /* Concurrent writes are kept side by side for the application to
         * merge; causal order needs no clock, so skew reorders nothing. */
        c->counts.siblings += concurrent * pair;
        break;
    case CONFLICT_CRDT:
        break; /* merged: nothing lost, nothing left to merge */
    }
    if (!older_stamp) {
        e->max_ts = ts;
        e->t_max = now;
    }
    e->t = now;
    e->region = region;
    e->weight = weight;
}

bool conflict_stale(const struct conflict *c, sim_time now, int region, uint64_t key,
                    conflict_applied_fn applied, void *ctx, sim_time *behind)
{
    const struct entry *set = &c->table[(mix(key) & (c->sets - 1)) * WAYS];
    for (int w = 0; w < WAYS; w++) {
        const struct entry *e = &set[w];
        if (e->region < 0 || e->key != key)
            continue;
        if (e->region == region || applied(ctx, e->region, e->t, region, now))
            return false;
        *behind = now - e->t;
        return true;
    }
    return false;
}

void conflict_add_expected(struct conflict *c, double weight, double mu, int n, const double *share,
                           const double *d, const double *skew)
{
    for (int r = 0; r < n; r++) {
        if (!(share[r] > 0))
            continue;
        c->exp_conflicts += weight * share[r] * -expm1(-mu * d[r]);
        if (skew[r] > d[r])
            c->exp_reordered += weight * share[r] * (exp(-mu * d[r]) - exp(-mu * skew[r]));
    }
}

void conflict_get_counts(const struct conflict *c, struct conflict_counts *out)
{
    *out = c->counts;
    int64_t conc = llround(c->exp_conflicts), reord = llround(c->exp_reordered);
    out->conflicts += conc;
    switch (c->cfg.mode) {
    case CONFLICT_LWW:
        out->lost_updates += conc + reord;
        out->lww_reordered += reord;
        break;
    case CONFLICT_VECTOR_CLOCK:
        out->siblings += conc;
        break;
    case CONFLICT_CRDT:
        break;
    }
}

int conflict_window_enable(struct conflict *c, sim_time epoch)
{
    assert(epoch > 0);
    if (c->window)
        return 0;
    size_t n = (size_t)c->cfg.n_regions * (size_t)c->cfg.n_regions * CONFLICT_WINDOW_EPOCHS;
    c->window = malloc(n * sizeof *c->window);
    if (!c->window)
        return -1;
    for (size_t i = 0; i < n; i++)
        c->window[i].e = -1;
    c->epoch = epoch;
    return 0;
}

bool conflict_window_on(const struct conflict *c)
{
    return c->window != NULL;
}

static struct window_slot *slot(const struct conflict *c, int from, int to, int64_t e)
{
    assert(c->window && from >= 0 && to >= 0 && e >= 0);
    size_t link = (size_t)from * (size_t)c->cfg.n_regions + (size_t)to;
    return &c->window[link * CONFLICT_WINDOW_EPOCHS + (size_t)(e % CONFLICT_WINDOW_EPOCHS)];
}

bool conflict_window_get(const struct conflict *c, int from, int to, int64_t e, sim_time *transit,
                         sim_time *last)
{
    if (e < 0)
        return false;
    const struct window_slot *w = slot(c, from, to, e);
    if (w->e != e)
        return false;
    *transit = w->transit;
    if (last)
        *last = w->last;
    return true;
}

void conflict_window_set(struct conflict *c, int from, int to, int64_t e, sim_time transit)
{
    *slot(c, from, to, e) = (struct window_slot){e, transit, -1};
}

void conflict_window_close(struct conflict *c, int from, int to, int64_t e, sim_time last)
{
    struct window_slot *w = slot(c, from, to, e);
    assert(w->e == e);
    w->last = last;
}

/* P(Exp(mu) age in [a, b)) */
static double exp_mass(double mu, double a, double b)
{
    return b > a ? exp(-mu * a) - exp(-mu * b) : 0;
}

double conflict_window_unapplied(const struct conflict *c, int from, int to, sim_time now,
                                 sim_time extra, sim_time backlog, double mu)
{
    int64_t e = now / c->epoch;
    /* held back by an older write: ages [0, held) */
    double held = sim_time_to_sec(backlog > 0 ? backlog : 0);
    for (int64_t k = 1; k < CONFLICT_WINDOW_EPOCHS && k <= e; k++) {
        sim_time t, last, start = (e - k) * c->epoch;
        if (conflict_window_get(c, from, to, e - k, &t, &last) && last >= 0 &&
            last + t + extra > now)
            held = fmax(held, sim_time_to_sec(t + extra < now - start ? t + extra : now - start));
    }
    double p = exp_mass(mu, 0, held);
    /* applied after now itself: epoch k's ages [now - end, now - start)
     * younger than its T + extra, beyond what is held back already */
    for (int64_t k = 0; k < CONFLICT_WINDOW_EPOCHS && k <= e; k++) {
        sim_time t, start = (e - k) * c->epoch;
        if (!conflict_window_get(c, from, to, e - k, &t, NULL))
            continue;
        double lo = sim_time_to_sec(k > 0 ? now - start - c->epoch : 0);
        double hi = fmin(sim_time_to_sec(now - start), sim_time_to_sec(t + extra));
        p += exp_mass(mu, fmax(lo, held), hi);
    }
    return p;
}

sim_time conflict_window_floor(const struct conflict *c, int from, int to, int64_t e)
{
    sim_time floor = -1;
    for (int64_t k = 1; k < CONFLICT_WINDOW_EPOCHS && k <= e; k++) {
        sim_time t, last;
        if (conflict_window_get(c, from, to, e - k, &t, &last) && last >= 0 && last + t > floor)
            floor = last + t;
    }
    return floor;
}
