/* Periodic snapshots of one dataset and their copies to a backup region, kept
 * in a ring of `retention` records, each with the cumulative count of writes
 * it holds, so the writes a restore loses are counted exactly. Used by
 * replication.c (which owns the clock and the writes); not a public model. */
#ifndef REGIONSIM_MODELS_SNAPSHOT_H
#define REGIONSIM_MODELS_SNAPSHOT_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/time.h"

struct snap_config {
    sim_time interval;     /* 0 = no snapshots */
    sim_time duration;     /* taken -> ready in the source region */
    sim_time copy;         /* ready -> present in the backup region */
    int retention;         /* records kept (>= 1) */
    int backup_region;     /* -1 = none */
    int64_t data_bytes;    /* size of the first (full) copy */
    int64_t payload_bytes; /* bytes per write, for incremental copies */
};

/* Regions a copy's destination is counted for (the down mask's width). */
#define SNAP_MAX_REGIONS 64

struct snap_rec {
    sim_time taken;        /* holds every write committed before this */
    sim_time ready;        /* in `source`; SIM_TIME_MAX = never (source failed) */
    sim_time copied;       /* in the backup region; SIM_TIME_MAX = never */
    sim_time first_after;  /* commit time of the first write not held; MAX = none yet */
    int64_t writes_before; /* cumulative writes held */
    double size;           /* full dataset (first) or the increment since the previous */
    double bytes;          /* bytes copied to the backup region */
    int source;
    int dest;  /* the backup region it is copied to (-1: none) */
    bool full; /* the first copy: the whole dataset */
    bool seed; /* copied whole because the destination lacked the chain */
};

struct snap {
    struct snap_config cfg;
    struct snap_rec *ring; /* retention records, oldest at head */
    int head, len;
    sim_time next;          /* time of the next snapshot */
    int64_t writes;         /* committed writes so far */
    int64_t writes_at_last; /* writes held by the newest snapshot */
    sim_time first_write;   /* MAX = no write yet */
    sim_time now;           /* latest time advanced to */
    double bytes_copied;
    double seed_bytes; /* of bytes_copied: whole-dataset seedings of a backup region */
    double bytes_to[SNAP_MAX_REGIONS]; /* of bytes_copied: into region g */
    int64_t taken_count; /* snapshots taken so far */
    uint64_t down;       /* bit g: region g is down (copies to it do not complete) */
    int seeded;          /* backup region holding the copy chain (-1: none yet) */
};

/* First snapshot at `phase` (in [0, interval)). Returns 0, or SIM_ENOMEM. */
int snap_init(struct snap *s, const struct snap_config *cfg, sim_time phase);
void snap_fini(struct snap *s);

/* Takes every snapshot due at or before now, in `source` (-1 or !source_up:
 * the snapshot is skipped). Call before recording writes at now. */
void snap_advance(struct snap *s, sim_time now, int source, bool source_up);

/* A write committed at `t` (t >= the time advanced to). */
void snap_write(struct snap *s, sim_time t);
/* A write at t standing for n writes (a sampled run). */
void snap_write_n(struct snap *s, sim_time t, int64_t n);

/* Region goes down at now: snapshots it had not finished taking or copying
 * out are lost (their copies never complete), and so are copies still on
 * their way into it; until snap_region_up, copies to it are skipped. */
void snap_region_down(struct snap *s, sim_time now, int region);

/* Region comes back up at now: copies to it complete again (the next
 * snapshot's copy; the ones skipped while it was down stay missing). */
void snap_region_up(struct snap *s, int region);

/* Later snapshots are copied to `region` (-1: none); those already taken
 * keep their destination. The first copy to a new region is full. */
void snap_set_backup(struct snap *s, int region);

/* Restore of the newest snapshot present in `region` at t: see repl_snapshot_loss. */
bool snap_loss(const struct snap *s, sim_time t, int region, sim_time *rpo, int64_t *lost);

/* Restore of the newest snapshot taken before t and present in `region` by
 * max(t, time advanced to): see repl_corruption_loss. */
bool snap_corruption_loss(const struct snap *s, sim_time t, int region, sim_time *rpo,
                          int64_t *lost);

/* Bytes held by the retained snapshots in the backup region (full first copy
 * plus increments), for snapshot storage cost. */
double snap_retained_bytes(const struct snap *s);

#endif
