/* Where reads go and what they see (`reads` of a strategy that keeps a
 * replica): each read draws a key with the workload's popularity and a
 * client of its population, picks the replica(s) that serve it, and asks the
 * replication state whether the value returned is older than the key's
 * newest acknowledged write. Invariant: memory is fixed at reads_new (one
 * session token per client slot); nothing is allocated per read. */
#ifndef REGIONSIM_MODELS_READS_H
#define REGIONSIM_MODELS_READS_H

#include <stdbool.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "models/replication.h"
#include "models/results.h"
#include "scenarios/scenario.h"
#include "sim/time.h"

/* Clients per population. A "client" is a browser session or an app
 * instance: each request comes from one of them at random, and the table
 * keeps each one's last write (its session token, as Cosmos DB's session
 * token: the log position a replica must have reached to serve it). */
#define READS_CLIENTS 256

/* What the world answers about its regions now. */
struct reads_view {
    void *ctx;
    /* Region d holds a replica that a read arriving at app region g can use
     * (up, holding data, reachable from g). */
    bool (*usable)(void *ctx, int g, int d);
};

struct reads_config {
    enum read_mode mode;
    int n_regions;
    int n_users;
    int replicas; /* data holders of the layout: a quorum is replicas / 2 + 1 */
    double rtt_ms[SCENARIO_MAX_REGIONS][SCENARIO_MAX_REGIONS];
    double user_rtt_ms[SCENARIO_MAX_USERS][SCENARIO_MAX_REGIONS];
    uint64_t keys;
    double zipf_s;
};

struct reads;

/* NULL when cfg->mode is READS_PRIMARY (every read goes to the writer, as
 * before: nothing to model) or out of memory (*oom set). repl and view are
 * borrowed; rng is the reads' own stream (borrowed), so no other
 * component's draws change. */
struct reads *reads_new(const struct reads_config *cfg, struct repl *repl, gsl_rng *rng,
                        const struct reads_view *view, bool *oom);
void reads_free(struct reads *rd);

/* A write by a client of population pop was acknowledged by `writer` at
 * `commit`: that client's session token. */
void reads_wrote(struct reads *rd, int pop, int writer, sim_time commit);

/* A read from population pop reaches app region g at now; rtt is the
 * request's network time to g. Picks the serving replica(s), counts a stale
 * read (and how far behind) and a read-your-writes violation, with weight
 * (1 when every request is simulated). *extra = latency to add (negative
 * when a nearer replica than g serves it; rtt + *extra >= 0). Returns false
 * when no replica can serve it (quorum: fewer than a majority usable): the
 * read fails and nothing is counted. */
bool reads_serve(struct reads *rd, sim_time now, int pop, int g, sim_time rtt, double weight,
                 sim_time *extra);

/* Fills the read metrics of out (stale share, staleness p99, read-your-writes
 * violations); leaves them not applying when rd is NULL. */
void reads_fill(const struct reads *rd, struct run_result *out);

#endif
