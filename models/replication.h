/* Replication of one dataset between regions: writer(s), replicas, sync /
 * semi-sync / async with a lag distribution, partitions, snapshots, conflicts
 * (multi-writer) and the data a failover loses (RPO). Memory is bounded: the
 * acknowledged-but-unreplicated writes are kept in a bounded ring (merged into
 * coarser runs when it fills), never one record per write ever made. */
#ifndef REGIONSIM_MODELS_REPLICATION_H
#define REGIONSIM_MODELS_REPLICATION_H

#include <stdbool.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "scenarios/scenario.h"
#include "sim/time.h"

struct repl_config {
    int n_regions;
    /* Median RTT between regions, ms (scenario.rtt_ms). */
    double rtt_ms[SCENARIO_MAX_REGIONS][SCENARIO_MAX_REGIONS];
    double rtt_jitter;                     /* lognormal p95/median of RTT draws
                                            * (scenario.rtt_jitter); <= 1: none */
    bool holds_data[SCENARIO_MAX_REGIONS]; /* writer or replica */
    bool writer[SCENARIO_MAX_REGIONS];     /* single-writer: exactly one */
    enum replication_mode mode;            /* REPL_NONE: backups only */
    int acks;                              /* semi_sync: replicas that must ack */
    struct sim_dur lag;                    /* async apply lag, after the one-way delay */
    enum writer_mode writers;
    enum conflict_mode conflicts;
    sim_time clock_skew;
    uint64_t keys;
    double zipf_s;
    int64_t payload_bytes;                 /* per replicated write */
    /* Snapshots: taken in the writer region every interval (first at a random
     * phase in [0, interval)), ready after duration, copied to backup_region
     * after copy time; `retention` kept. interval 0 = no snapshots. */
    sim_time snapshot_interval;
    sim_time snapshot_duration;
    sim_time snapshot_copy;
    int snapshot_retention;
    int backup_region;
    int64_t data_bytes;
    /* Added by the data work; zero keeps the behaviour described. */
    double snapshot_copy_bps;              /* snapshot_copy == 0: copy = data_bytes / this */
    int ring_runs;                         /* per-link backlog ring (< 16: 1024 runs) */
    uint32_t conflict_slots;               /* per-key table (0: 65536 entries) */
    bool track_keys;                       /* keep the per-key table with one writer too,
                                            * for repl_read_stale (multi-writer always does) */
    sim_time lag_epoch;                    /* async lag is the stream's: one draw per link
                                            * per epoch (0: 1 s), not one per write */
};

struct repl;

/* Returns NULL when out of memory. rng is borrowed (the dataset's own stream). */
struct repl *repl_new(const struct repl_config *cfg, gsl_rng *rng);
void repl_free(struct repl *r);

/* A write from `region` (a writer; single-writer callers forward first) is
 * committed at `now` on `key`. Returns the extra commit latency (sync: slowest
 * replica's RTT; semi_sync: k-th fastest; async: 0), or -1 when it cannot
 * commit (sync/semi_sync with too few reachable replicas): the write fails.
 * The replicas that must acknowledge are the writer's members: every data
 * holder except those a promotion detached (see repl_promote). sync needs
 * them all; semi_sync min(acks, members). Async writes (and those to
 * non-acknowledging replicas) apply at commit + one-way delay (RTT / 2 with
 * the RTT jitter) + lag, in order per link. */
sim_time repl_write(struct repl *r, sim_time now, int region, uint64_t key);
/* repl_write for a sampled write standing for `weight` (>= 1) writes: every
 * count (writes, lost writes, bytes, snapshots' writes) adds the weight, a
 * write missing from a replica is `weight` writes missing. With a full
 * write rate set, a write of weight k > 1 adds k times the probability that
 * a full-load write there conflicts (Rao-Blackwell: its expectation given
 * the state, not the rare pairs the sample sees): the key's previous write
 * is an exponential age ago at the key's full rate mu (uniform or Zipf
 * share of the write rate), from region r with r's share of recent writes,
 * and concurrent when younger than r's unapplied window D_r (the link's
 * transit, or the age of the oldest write it has not applied):
 * sum over r != w of share_r (1 - exp(-mu D_r)); a clock-skew reordering
 * when its age lies in [D_r, offset_r - offset_w). */
sim_time repl_write_n(struct repl *r, sim_time now, int region, uint64_t key, int64_t weight);

/* Sampled runs: the full load writes `rate` times a second (over all
 * writers). With it, a sampled write's conflicts are counted as expected
 * values (see repl_write_n); 0 (the default) counts seen pairs only. */
void repl_set_full_write_rate(struct repl *r, double rate);

/* Link state between regions a and b changes at now (partition starts/ends).
 * While down, async writes from a to b queue (the backlog); when it comes up,
 * the backlog drains after the one-way delay and the lag. */
void repl_set_link(struct repl *r, sim_time now, int a, int b, bool up);

/* A degraded link between a and b adds `extra` to its RTT from now on (0:
 * healthy again): sync/semi_sync acknowledgements wait extra longer, async
 * writes apply extra / 2 (one way) later. */
void repl_set_link_delay(struct repl *r, sim_time now, int a, int b, sim_time extra);

/* Region `region` stops (outage) or resumes; a stopped replica applies nothing. */
void repl_set_region(struct repl *r, sim_time now, int region, bool up);

/* Data lost if, at time t_fail, region `failed` is lost and the copy in
 * `survivor` becomes the primary: *rpo = t_fail - commit time of the oldest
 * acknowledged write the survivor lacks (0 when none), *lost = their count.
 * A write's commit time is its acknowledgement (now + the returned extra).
 * t_fail must not precede the latest call (applied writes are forgotten).
 * Also reads a backlog: repl_loss(now, writer, replica) is what the replica
 * still lacks (failback waits until it is zero). */
void repl_loss(const struct repl *r, sim_time t_fail, int failed, int survivor, sim_time *rpo,
               int64_t *lost);

/* Same for restoring the latest snapshot present in `region` at t_fail.
 * Returns false when no snapshot is there yet (then everything is lost:
 * *rpo = t_fail - first write, *lost = every write). */
bool repl_snapshot_loss(const struct repl *r, sim_time t_fail, int region, sim_time *rpo,
                        int64_t *lost);

/* Corruption written at t: it replicates like a write; the last good state is
 * the latest snapshot taken before t (and present in `region` by the latest
 * time advanced to). *rpo = t - commit time of the first write that snapshot
 * lacks (about the snapshot's age), *lost = writes since. Returns false when
 * there is none: everything is lost. */
bool repl_corruption_loss(const struct repl *r, sim_time t, int region, sim_time *rpo,
                          int64_t *lost);

/* `region` becomes the single writer at now (after failover); the old
 * writer's unapplied writes are discarded (read them with repl_loss first).
 * Like Aurora's, RDS's or Patroni's promotion, it detaches every replica the
 * new writer cannot reach at now (the failed primary): they leave the
 * sync/semi_sync quorum, so writes go on with the reachable ones (semi_sync
 * with fewer than k of them waits for all of them, as MySQL's semi-sync falls
 * back when too few replicas are connected; none: commits at once). A
 * detached replica still receives the writes asynchronously (queued while
 * unreachable, so it never counts as holding writes it did not receive) and
 * rejoins the quorum once it is reachable and has applied all of them.
 * When `region` was the backup region, the old writer becomes it: later
 * snapshots (taken in `region`) are copied there once it is up.
 * In multi-writer mode `region` is added to the writers. */
void repl_promote(struct repl *r, sim_time now, int region);

/* `region` leaves the sync/semi_sync quorum of every writer at now (the
 * health checks found it dead and the strategy took it out of its layout):
 * multi-writer's counterpart of the detach in repl_promote. It still
 * receives the writes asynchronously and rejoins, as there, once it is
 * reachable and has applied all of them. */
void repl_detach(struct repl *r, sim_time now, int region);

/* Advances time-driven state (snapshots, backlog) to now; cheap when called
 * often. Calls from the world's periodic tick are enough. */
void repl_advance(struct repl *r, sim_time now);

/* A read of `key` served by `region` at now: true when it returns a value
 * older than the key's newest acknowledged write (that write, from another
 * region, is not applied there yet), with *behind = how long ago that write
 * committed. False when the region has every write of the key, or when the
 * per-key table is off (single writer without track_keys). */
bool repl_read_stale(struct repl *r, sim_time now, int region, uint64_t key, sim_time *behind);

/* Has region `to` applied, by now, the write `from` acknowledged at `commit`
 * (now + repl_write's return)? A session token's test: true in `from`
 * itself, in a region holding no data, and for a write a promotion
 * discarded (it is lost, not pending). */
bool repl_applied(struct repl *r, sim_time now, int from, sim_time commit, int to);

struct repl_stats {
    int64_t writes;
    int64_t conflicts;      /* multi-writer: concurrent writes to one key */
    int64_t lost_updates;   /* LWW: one of each concurrent pair, and skew's reorderings */
    int64_t lww_reordered;  /* of them, lost to clock skew alone */
    int64_t siblings;       /* vector clocks: concurrent writes kept for a merge */
    double bytes[SCENARIO_MAX_REGIONS][SCENARIO_MAX_REGIONS]; /* replicated, i -> j */
    double snapshot_bytes_copied;
    double snapshot_seed_bytes; /* of which whole-dataset seedings of a backup region */
    double snapshot_bytes_to[SCENARIO_MAX_REGIONS]; /* of which into region g */
    sim_time max_backlog_age;
    /* Added by the data work. */
    int64_t failed_writes;            /* sync/semi_sync writes refused (-1) */
    int64_t conflict_live_evictions;  /* bound on conflicts the fixed key table missed */
    int64_t snapshots_taken;
    double snapshot_retained_bytes;   /* storage held by retained snapshots */
};
void repl_get_stats(const struct repl *r, struct repl_stats *out);

/* Region's LWW clock offset, drawn once in [-clock_skew, +clock_skew]. */
sim_time repl_clock_offset(const struct repl *r, int region);

#endif
