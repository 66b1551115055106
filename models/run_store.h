/* Where a scenario's runs go as they finish, so that nothing big stays in
 * memory: run i's record (struct run_record, a few hundred bytes plus its
 * incidents) is kept in slot i, its timelines (RUN_TIMELINE_VALUES doubles,
 * 52 KB) are written at offset i of an unlinked temporary file and read back
 * in blocks by the summary. Memory grows with the number of runs by a record
 * each, never by a world's result (~0.7 MB: latency histograms, timelines).
 * Slots are by index, so the order runs arrive in never changes a byte. */
#ifndef REGIONSIM_MODELS_RUN_STORE_H
#define REGIONSIM_MODELS_RUN_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "models/results.h"
#include "sim/error.h"

struct run_store;

/* A store for runs [0, n). The timelines' file is created unlinked in
 * spill_dir (NULL: $TMPDIR, else /tmp), so it vanishes with the process
 * whatever happens. Returns NULL when out of memory or when the file cannot
 * be created (err says why). */
struct run_store *run_store_new(size_t n, const char *spill_dir, struct sim_error *err);
void run_store_free(struct run_store *st);
size_t run_store_size(const struct run_store *st);

/* Keeps run i: a copy of rec (and of its incidents) and timelines
 * (RUN_TIMELINE_VALUES doubles). Threads may put distinct slots at once.
 * Returns 0, or SIM_ENOMEM / SIM_EIO (no space left: err says so); the slot
 * stays empty then. */
int run_store_put(struct run_store *st, size_t i, const struct run_record *rec,
                  const double *timelines, struct sim_error *err);
/* As run_store_put, from a world's result. */
int run_store_put_result(struct run_store *st, size_t i, const struct run_result *r,
                         struct sim_error *err);

/* Every record, slot by slot; a slot never put is all zero with
 * strategy -1. The array lives as long as the store. */
const struct run_record *run_store_records(const struct run_store *st);
/* Whether slot i holds a run. */
bool run_store_has(const struct run_store *st, size_t i);

/* Values [from, from + n) of run i's timelines into out. Returns 0, or
 * SIM_EIO with err filled. */
int run_store_read(const struct run_store *st, size_t i, size_t from, size_t n, double *out,
                   struct sim_error *err);

/* ---- run_pack.c: a run as bytes (shard files, MPI messages) ---- */

/* Bytes run_pack writes for rec (its incidents and the timelines). */
size_t run_pack_size(const struct run_record *rec);
/* Writes rec and timelines (RUN_TIMELINE_VALUES doubles) into
 * out[run_pack_size(rec)]: fixed widths, little-endian, doubles as their
 * bits, so run_unpack gives back the same values on any machine. */
void run_pack(const struct run_record *rec, const double *timelines, unsigned char *out);
/* Reads in[0..size) into rec, incidents (room for RESULTS_MAX_INCIDENTS;
 * rec->incidents points there) and timelines. Returns 0, or SIM_EINVAL
 * when the bytes are not exactly one packed run. */
int run_unpack(const unsigned char *in, size_t size, struct run_record *rec,
               struct incident_result *incidents, double *timelines);

#endif
