/* The loader's private parts: one struct ldr per load (the file, the YAML
 * document, the error count and references to resolve once every key is
 * read), the schema tables of {key, type, offset, ...}, and the converters.
 * Invariant: every error goes through ldr_error, which counts and caps. */
#ifndef REGIONSIM_SCENARIOS_LOADER_INTERNAL_H
#define REGIONSIM_SCENARIOS_LOADER_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <yaml.h>

#include "scenarios/loader/loader.h"
#include "scenarios/scenario.h"

#define LDR_MAX_ERRORS 20
/* Nodes the walker may visit: a scenario has a few hundred; YAML aliases that
 * expand beyond this are a bomb. */
#define LDR_NODE_BUDGET 50000
#define LDR_MAX_DEPTH 32
#define LDR_MAX_FILE_BYTES (1 << 20)
#define LDR_MAX_RATE 1e9 /* per second: workload.rate and every rate */
#define LDR_MAX_REFS 512
#define LDR_MAX_RES 128

/* One item of a population's residency: a scenario region or a
 * jurisdiction (models/jurisdiction.h), resolved after the walk. */
struct ldr_res {
    int user;
    char name[SCENARIO_NAME_MAX];
    yaml_mark_t mark;
};
/* Marks at and above this index belong to override i - LDR_OVERRIDE_MARK. */
#define LDR_OVERRIDE_MARK ((size_t)1 << 60)
/* Files of one `extends` chain: the scenario, its base, the base's base... */
#define LDR_MAX_CHAIN 8
/* A mark of file k of the chain carries k << LDR_FILE_SHIFT in its index
 * (files are at most 1 MiB, so the byte offset stays below it; k = 0, the
 * scenario itself, leaves marks as libyaml gives them). */
#define LDR_FILE_SHIFT 40

/* One file of the chain: its name in messages, its bytes (owned when a
 * base: read by the loader) and its canonical path ("" when unknown), which
 * finds a cycle. */
struct ldr_src {
    char name[4096];
    const char *data;
    char *own;
    size_t size;
    char real[4096];
};

/* A value given outside the file: `--set dns.ttl=30s`, a sweep point's. */
struct ldr_override {
    const char *path;
    const char *value;
    const char *origin; /* "--set", "sweep point ttl-30s" */
};

/* A region name to resolve against `regions` once the whole file is read. */
struct ldr_ref {
    char name[SCENARIO_NAME_MAX];
    yaml_mark_t mark;
    int *target;      /* gets the region index */
    bool allow_all;   /* `all` -> -1 */
    const char *what; /* "primary of pilot_light" */
};

/* What the file said about one region or user population, before resolving. */
struct ldr_place {
    char name[SCENARIO_NAME_MAX];
    yaml_mark_t mark;
    bool has_lat, has_lon, has_share;
    yaml_mark_t share_mark;
};

/* One printed error, kept until the end so errors come out in file order. */
struct ldr_msg {
    size_t file, line, column, seq; /* file: index in the chain */
    char *text;
};

struct ldr {
    const char *name; /* file name in messages */
    const char *data; /* the file's bytes */
    size_t size;
    FILE *errors;
    int n_errors;
    bool stop; /* too many errors or a bomb: stop walking */
    int n_msgs;
    struct ldr_msg msgs[LDR_MAX_ERRORS];
    yaml_document_t *doc;
    long budget;
    int depth;
    struct scenario *s;
    /* Presence and position of what later checks need. */
    bool has_regions, has_users, has_strategies;
    yaml_mark_t regions_mark, users_mark, horizon_mark, root_mark;
    struct ldr_place regions[SCENARIO_MAX_REGIONS];
    struct ldr_place users[SCENARIO_MAX_USERS];
    yaml_mark_t failure_at_mark[SCENARIO_MAX_FAILURES];
    int n_refs;
    struct ldr_ref refs[LDR_MAX_REFS];
    int n_res; /* users[].residency items, resolved after the regions */
    struct ldr_res res[LDR_MAX_RES];
    bool in_strategy; /* a strategy block is being read: strategy_at's */
    int strategy_at;  /* registry index */
    bool strategy_listed[SCENARIO_MAX_STRATEGIES];
    uint64_t strategy_keys[SCENARIO_MAX_STRATEGIES]; /* ldr_seen bits of each block */
    yaml_mark_t strategy_mark[SCENARIO_MAX_STRATEGIES];
    bool internet_given; /* costs.internet_gb set: it applies to every region */
    yaml_mark_t sample_rate_mark; /* workload.sample_rate, when a rate */
    char latency_file[256];
    yaml_mark_t latency_file_mark;
    /* Values that replace the file's (--set, a sweep point): their nodes
     * carry marks from LDR_OVERRIDE_MARK + i, so errors name them. */
    const struct ldr_override *ov;
    int n_ov;
    struct scenario_sweep *sweep; /* gets the file's `sweep:` axes; NULL: ignored */
    /* The extends chain: src[0] is the scenario (name, data, size above);
     * cur is the file being read before the merge (ldr_error_file names it). */
    int n_src, cur;
    struct ldr_src src[LDR_MAX_CHAIN];
};

/* Prints `NAME:LINE:COL: error: MESSAGE`, the source line and a caret at the
 * mark (line/column 0-based as libyaml gives them), and counts it. */
void ldr_error(struct ldr *L, yaml_mark_t mark, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* The same at a 1-based line and column of another file (a CSV the scenario
 * names), whose text is data/size. */
void ldr_error_in(struct ldr *L, const char *file, const char *data, size_t size, int line,
                  int column, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;
/* The index in the chain of the file a mark belongs to (0 for an
 * override's mark). */
int ldr_src_of(const struct ldr *L, yaml_mark_t mark);
/* Prints the kept errors in file order and frees them. */
void ldr_flush(struct ldr *L);
/* An error with no position: `NAME: error: MESSAGE`. */
void ldr_error_file(struct ldr *L, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* The candidate nearest to word by edit distance, or NULL when none is close. */
const char *ldr_nearest(const char *word, const char *const *cands, int n);

/* Node access. */
yaml_node_t *ldr_node(struct ldr *L, int index);
/* Counts one visit against the node budget; false (after one error) when the
 * budget or the depth is exhausted. */
bool ldr_enter(struct ldr *L, yaml_node_t *n);
void ldr_leave(struct ldr *L);
/* The scalar's text, or NULL (and an error naming `what`) when n is not a scalar. */
const char *ldr_scalar(struct ldr *L, yaml_node_t *n, const char *what);
/* An empty plain scalar (`key:` with no value). */
bool ldr_is_null(const yaml_node_t *n);
const char *ldr_kind_name(const yaml_node_t *n);

/* Converters: each reads node n, reports its own errors and returns false on
 * error (leaving *out untouched). */
bool ldr_duration(struct ldr *L, yaml_node_t *n, const char *key, bool positive, sim_time *out);
bool ldr_dist(struct ldr *L, yaml_node_t *n, const char *key, bool positive, struct sim_dur *out);
bool ldr_size(struct ldr *L, yaml_node_t *n, const char *key, int64_t *out);
bool ldr_rate(struct ldr *L, yaml_node_t *n, const char *key, double *out);
bool ldr_byte_rate(struct ldr *L, yaml_node_t *n, const char *key, double *out);
bool ldr_fraction(struct ldr *L, yaml_node_t *n, const char *key, double *out);
bool ldr_number(struct ldr *L, yaml_node_t *n, const char *key, double lo, double hi, double *out);
bool ldr_integer(struct ldr *L, yaml_node_t *n, const char *key, long long lo, long long hi,
                 long long *out);
bool ldr_bool(struct ldr *L, yaml_node_t *n, const char *key, bool *out);
bool ldr_string(struct ldr *L, yaml_node_t *n, const char *key, char *out, size_t size);

/* Schema tables. */
enum ldr_type {
    LDR_STR,   /* char[size] */
    LDR_INT,   /* int in [lo, hi] */
    LDR_U64,   /* uint64_t */
    LDR_NUM,   /* double in [lo, hi] */
    LDR_FRAC,  /* double 0..1, "25%" or 0.25 */
    LDR_DUR,   /* sim_time, >= 0 (> 0 with LDR_POSITIVE) */
    LDR_ODUR,  /* struct sim_opt_time: absent, or set as LDR_DUR reads it */
    LDR_OFRAC, /* struct scenario_opt_frac: absent, or set as LDR_FRAC reads it */
    LDR_DIST,  /* struct sim_dur */
    LDR_SIZE,  /* int64_t bytes */
    LDR_RATE,  /* double per second */
    LDR_BRATE, /* double bytes per second */
    LDR_BOOL,  /* bool */
    LDR_ENUM,  /* int-sized enum from aux (struct ldr_enum[]) */
    LDR_MAP,   /* nested table aux, at base + offset */
    LDR_FN,    /* handler aux, called with base + offset */
};
#define LDR_POSITIVE 1u
#define LDR_FOREVER 2u /* a duration that also accepts `forever` */
#define LDR_LIST 4u    /* LDR_FN over a list whose items follow `sub` */
#define LDR_SOME 8u    /* a strategy key only the strategies listing it accept */

struct ldr_enum {
    const char *name;
    int value;
};

struct ldr_table;
typedef void (*ldr_handler)(struct ldr *L, yaml_node_t *n, void *target);

struct ldr_field {
    const char *key;
    enum ldr_type type;
    size_t offset;
    double lo, hi;  /* LDR_INT, LDR_NUM; LDR_STR: hi = buffer size */
    unsigned flags; /* LDR_POSITIVE, LDR_FOREVER, LDR_LIST, LDR_SOME */
    const struct ldr_enum *names;
    const struct ldr_table *sub;
    ldr_handler fn;
};

struct ldr_table {
    const char *what; /* "dns", "a failure" */
    const struct ldr_field *fields;
    int n;
};

/* Table literals: LDR_TABLE(array of fields, "what"), and a field of key k
 * with type ty stored in member m of struct st, more designators after. */
#define LDR_TABLE(arr, what)                                                                       \
    {                                                                                              \
        what, arr, (int)(sizeof arr / sizeof arr[0])                                               \
    }
#define LDR_FIELD(k, ty, st, m, ...)                                                               \
    {                                                                                              \
        .key = k, .type = ty, .offset = offsetof(st, m), __VA_ARGS__                               \
    }

/* What a mapping held: which fields, and where their keys were. */
struct ldr_seen {
    uint64_t bits;
    yaml_mark_t key[64];
    yaml_node_t *value[64];
};

/* Walks mapping n with table t into base, reporting unknown keys (with the
 * nearest known one), duplicates and bad values. seen may be NULL. */
void ldr_map(struct ldr *L, yaml_node_t *n, const struct ldr_table *t, void *base,
             struct ldr_seen *seen);
/* Index of `key` in t, or -1. */
int ldr_field_index(const struct ldr_table *t, const char *key);

/* Top-level table (schema.c) and the walk of a whole document. */
extern const struct ldr_table ldr_top;
/* Item tables and handlers of the lists and of `strategies` (items.c). */
extern const struct ldr_table ldr_region_item, ldr_user_item, ldr_failure_item, ldr_strategy;
void ldr_regions(struct ldr *L, yaml_node_t *n, void *target);
void ldr_users(struct ldr *L, yaml_node_t *n, void *target);
void ldr_failures(struct ldr *L, yaml_node_t *n, void *target);
/* business.sla: a list of { below, credit }, highest threshold first or not. */
extern const struct ldr_table ldr_sla_item;
void ldr_sla(struct ldr *L, yaml_node_t *n, void *target);
void ldr_strategy_block(struct ldr *L, yaml_node_t *n, void *target);
/* `strategies:`, one block per registered strategy (target: the scenario's array). */
void ldr_strategies(struct ldr *L, yaml_node_t *n, void *target);
/* The table of `strategies:` from the registry, into fields[SCENARIO_MAX_STRATEGIES]. */
void ldr_strategies_table(struct ldr_field *fields, struct ldr_table *t);
/* Field f applies in the block of strategy k (k < 0: outside any block). */
bool ldr_key_applies(int k, const struct ldr_field *f);
void ldr_region_list(struct ldr *L, yaml_node_t *n, void *target);
void ldr_checker_list(struct ldr *L, yaml_node_t *n, void *target);
/* users[].residency: region names and jurisdictions, resolved later. */
void ldr_residency(struct ldr *L, yaml_node_t *n, void *target);
/* Prints every key path the schema accepts ("dns.health_check.interval",
 * "users[].share", "strategies.pilot_light.start_compute"). */
void ldr_print_keys(FILE *out, const struct ldr_table *t, const char *prefix, int strategy);
void ldr_walk(struct ldr *L, yaml_node_t *root);
/* Records a region name to resolve later; false (with an error) when full. */
bool ldr_defer_region(struct ldr *L, yaml_node_t *n, int *target, bool allow_all, const char *what);

/* After the walk (resolve.c): regions, users, references, cross-checks and
 * the precomputed matrices. */
void ldr_resolve(struct ldr *L);
/* Reads `latency: { file: X }` (relative to the scenario's directory) over
 * the precomputed RTTs; errors point into the CSV. */
void ldr_latency_csv(struct ldr *L);

/* extends.c: while the root of *doc (file k of the chain, which the
 * document holds) names a base with `extends: FILE` (relative to file k),
 * reads and parses the base and replaces *doc by the base with *doc's keys
 * merged in: mappings merge, anything else (lists included) replaces; the
 * `extends` key itself is dropped. Every node keeps the mark of the file that
 * set it. False (after an error) when a base cannot be read, is invalid or
 * forms a cycle; *doc is then unchanged. */
bool ldr_extends(struct ldr *L, yaml_document_t *doc);
/* The path of `rel` as written in file k of the chain: relative to that
 * file's directory unless absolute. */
void ldr_relative_path(const struct ldr *L, int k, const char *rel, char *out, size_t size);
/* The `extends` key in the schema: resolved before the walk, which never
 * meets it. */
void ldr_extends_key(struct ldr *L, yaml_node_t *n, void *target);
/* loader.c: checks and parses file k of the chain (L->src[k]) into *doc, its
 * marks tagged with k, refusing a second document. False (nothing to free)
 * after an error. */
bool ldr_parse_base(struct ldr *L, int k, yaml_document_t *doc);

/* override.c: writes L->ov into the parsed document before the walk (a
 * missing key is added, an existing scalar replaced). False after an error. */
bool ldr_apply_overrides(struct ldr *L, yaml_document_t *doc);
/* The `sweep:` key of the file: a mapping of key paths to lists of values;
 * copied to L->sweep when it is set. */
void ldr_sweep_key(struct ldr *L, yaml_node_t *n, void *target);

/* loader.c: loads a buffer like scenario_load_buffer, with overrides, and the
 * file's sweep axes into *sweep (may be NULL). */
int ldr_load(const char *name, const char *data, size_t size, const struct ldr_override *ov,
             int n_ov, struct scenario_sweep *sweep, struct scenario *out, FILE *errors);

/* Reads a whole regular file of at most max bytes, NUL-terminated, without
 * ever blocking (a FIFO is refused, not opened for a writer). Returns the
 * malloc'ed bytes and *size, or NULL with *why saying why in words. */
char *ldr_read_file(const char *path, size_t max, size_t *size, const char **why);
/* ldr_read_file of a scenario file (at most LDR_MAX_FILE_BYTES): NULL after
 * "path: error: cannot read: why" on errors (when errors is not NULL). */
char *ldr_read_scenario(const char *path, size_t *size, FILE *errors);
/* Adds a file (and the SHA-256 of its bytes) to s->inputs; ignored past
 * SCENARIO_MAX_INPUTS. */
void ldr_add_input(struct scenario *s, const char *file, const char *data, size_t size);

#endif
