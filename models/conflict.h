/* Conflict detection for multi-writer replication: a 4-way set-associative
 * table of the latest write per key (time, region, and the key's winning
 * LWW timestamp). An insert into a full set evicts its oldest entry; when
 * that entry could still change a count (its write is unapplied somewhere,
 * as through a long partition) the table doubles instead, up to max_slots
 * (the keyspace, bounded): memory follows the keys written within the
 * unapplied window, never the horizon. Used by replication.c. */
#ifndef REGIONSIM_MODELS_CONFLICT_H
#define REGIONSIM_MODELS_CONFLICT_H

#include <stdbool.h>
#include <stdint.h>

#include "scenarios/scenario.h"
#include "sim/time.h"

/* True when the write committed at `commit` by `from` has been applied in
 * region `to` by `now`. The replication engine answers it. */
typedef bool (*conflict_applied_fn)(void *ctx, int from, sim_time commit, int to, sim_time now);

struct conflict_config {
    int n_regions;
    enum conflict_mode mode;
    sim_time clock_skew; /* bound of the per-region clock error */
    uint32_t slots;      /* table entries, rounded up to a power of two >= 4 */
    uint32_t max_slots;  /* the table grows to at most this many; <= slots: fixed */
};

struct conflict;

/* Returns NULL when out of memory. */
struct conflict *conflict_new(const struct conflict_config *cfg);
/* The table keeps its size from now on (a sampled run: its pairs are not
 * counted from the table, so live keys need no room). */
void conflict_hold_size(struct conflict *c);
void conflict_free(struct conflict *c);

/* A write by `region` at real time now, stamped `ts` by that region's clock,
 * on `key`. It conflicts when the previous write to the key came from another
 * region and had not been applied in `region` yet (each was made without
 * seeing the other). Under LWW each conflict loses one of its two writes,
 * and a write is also lost when a write made earlier in real time carries a
 * later timestamp (clock skew reorders them: lww_reordered). Vector clocks
 * keep a conflict's writes as siblings and lose nothing; a CRDT merges them.
 * Writes must come in order of now. */
void conflict_write(struct conflict *c, sim_time now, int region, sim_time ts, uint64_t key,
                    conflict_applied_fn applied, void *ctx);
/* The same for a write standing for `weight` writes (a sampled run). The
 * key's entry is updated as for any write, but a pair of writes is counted
 * only when both stand for one write: between sampled writes the writes
 * that were not simulated decide, and the caller adds their expected
 * counts with conflict_add_expected instead (a pair is seen with
 * probability 1 / (w1 w2), so counting seen pairs as w1 w2 would be
 * unbiased but far too rare to estimate anything at production strides). */
void conflict_write_n(struct conflict *c, sim_time now, int region, sim_time ts, uint64_t key,
                      int64_t weight, conflict_applied_fn applied, void *ctx);
/* Adds `weight` times the expected counts of one write to a key written at
 * full rate mu (1/s) whose previous write came from region r with
 * probability share[r] (0..n-1): concurrent when younger than d[r] seconds
 * (r's unapplied window here), probability share (1 - exp(-mu d)); under
 * LWW also lost when older but younger than skew[r] (r's clock ahead of
 * this one's by skew[r] s). Siblings follow conflicts under vector clocks;
 * nothing is lost under a CRDT. */
void conflict_add_expected(struct conflict *c, double weight, double mu, int n, const double *share,
                           const double *d, const double *skew);

/* Sampled runs: each link's last CONFLICT_WINDOW_EPOCHS lag epochs as the
 * full-load stream has them - the transit (one-way delay + lag) of the
 * epoch's writes and the time of its last write - so the window of writes
 * a region lacks can be read whether or not the sample wrote in an epoch.
 * Returns -1 (and keeps nothing) when out of memory. */
#define CONFLICT_WINDOW_EPOCHS 32
int conflict_window_enable(struct conflict *c, sim_time epoch);
bool conflict_window_on(const struct conflict *c);
/* Link from -> to's transit in lag epoch e (the epoch [e E, (e + 1) E)):
 * false when not recorded (or pushed out by later epochs). *last (may be
 * NULL) is its last write's time: -1 while the epoch is open or when it
 * held no write. */
bool conflict_window_get(const struct conflict *c, int from, int to, int64_t e, sim_time *transit,
                         sim_time *last);
/* Records epoch e's transit (its last write unknown yet). */
void conflict_window_set(struct conflict *c, int from, int to, int64_t e, sim_time transit);
/* Epoch e (recorded) is over: its last write was at `last` (-1: none). */
void conflict_window_close(struct conflict *c, int from, int to, int64_t e, sim_time last);
/* The probability that a write of that stream an Exp(mu) age ago is one
 * `to` lacks at now, each write applied its epoch's transit + extra after
 * it and in order: unapplied when it applies after now itself (younger
 * than its epoch's T + extra), or when an older write does - one in an
 * earlier epoch whose last write applies after now holds back every write
 * younger than min(its epoch's age, T + extra), and so does a backlog of
 * `backlog` (the age of the oldest write the link still queues, 0: none).
 * Only the epochs recorded count. */
double conflict_window_unapplied(const struct conflict *c, int from, int to, sim_time now,
                                 sim_time extra, sim_time backlog, double mu);
/* The latest apply time of that stream's writes made before lag epoch e
 * (its in-order floor): max over the closed epochs e' < e of last + T(e');
 * -1 when there is none. */
sim_time conflict_window_floor(const struct conflict *c, int from, int to, int64_t e);

/* A read of `key` in `region` at now: true when the key's latest write came
 * from another region and has not been applied there yet (the read returns
 * an older value), with *behind = now - that write's commit time. False for
 * a key the table does not hold (never written, or evicted: an eviction can
 * only hide a stale read, never invent one). */
bool conflict_stale(const struct conflict *c, sim_time now, int region, uint64_t key,
                    conflict_applied_fn applied, void *ctx, sim_time *behind);

struct conflict_counts {
    int64_t conflicts;     /* concurrent pairs of writes to one key */
    int64_t lost_updates;  /* writes whose effect disappeared (LWW only) */
    int64_t lww_reordered; /* of them, not concurrent: lost to clock skew alone */
    int64_t siblings;      /* vector clocks: concurrent writes kept for a merge */
    /* Evictions of an entry that could still have mattered (its write not
     * yet applied everywhere, or within 2 x clock_skew): each can hide at
     * most one conflict, so true conflicts - counted <= live_evictions. */
    int64_t live_evictions;
};
void conflict_get_counts(const struct conflict *c, struct conflict_counts *out);

#endif
