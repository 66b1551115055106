/* The scenario loader: YAML file -> validated struct scenario.
 * Errors go to a stream as `FILE:LINE:COL: error: MESSAGE`, the source line and
 * a caret under the column; all errors of a file are reported (up to a limit). */
#ifndef REGIONSIM_SCENARIOS_LOADER_H
#define REGIONSIM_SCENARIOS_LOADER_H

#include <stdio.h>

#include "scenarios/scenario.h"
#include "sim/error.h"

/* Loads and validates `path` into *out. On success returns 0. On failure
 * returns the (positive) number of errors printed to `errors` (NULL: print
 * nothing), and *out is left in an unspecified but freeable state (the struct
 * owns no memory). Never crashes, hangs or leaks on any input. */
int scenario_load_file(const char *path, struct scenario *out, FILE *errors);

/* Same, from a buffer; `name` is used in messages. */
int scenario_load_buffer(const char *name, const char *data, size_t size, struct scenario *out,
                         FILE *errors);

/* ---- overrides and sweeps (sweep.c) ---- */

#define SCENARIO_MAX_AXES 4
#define SCENARIO_MAX_SWEEP_VALUES 32
#define SCENARIO_MAX_POINTS 256
#define SCENARIO_KEY_MAX 128
#define SCENARIO_VALUE_MAX 64

/* One `--set KEY=VALUE`: a scalar key by its dotted path ("dns.ttl",
 * "strategies.warm_standby.standby", "failures[0].duration"), its value as
 * a scenario file would write it. */
struct scenario_set {
    const char *path;
    const char *value;
};

/* The axes of a sweep (the file's `sweep:` first, then `--sweep`), each a
 * key path and the values it takes, as written. */
struct scenario_sweep {
    int n_axes;
    char path[SCENARIO_MAX_AXES][SCENARIO_KEY_MAX];
    int n_values[SCENARIO_MAX_AXES];
    char value[SCENARIO_MAX_AXES][SCENARIO_MAX_SWEEP_VALUES][SCENARIO_VALUE_MAX];
};

/* One point of the grid: its short stable name (a directory name built from
 * the swept values, "" without a sweep), its value of each axis, and the
 * scenario loaded with them. */
struct scenario_point {
    char name[SCENARIO_NAME_MAX];
    int value[SCENARIO_MAX_AXES]; /* index into sweep->value[axis] */
    struct scenario s;
};

/* Loads `path` with every --set applied, then expands its sweep (the file's
 * `sweep:` axes, then `extra`'s, in that order; the first axis varies
 * slowest) into points, each loaded and validated with its values applied.
 * Without a sweep there is one point, named "". Errors of one point are
 * preceded by a line naming it; an error in an overridden value names the
 * key path, the value and where it came from. Returns 0 with *points
 * (malloc'ed; the caller frees it) and *n_points, or the (positive) number of
 * errors printed (*points NULL). */
int scenario_load_sweep(const char *path, const struct scenario_set *sets, int n_sets,
                        const struct scenario_sweep *extra, struct scenario_sweep *sweep,
                        struct scenario_point **points, int *n_points, FILE *errors);

/* The SHA-256 of size bytes at data as 64 lowercase hex digits (what
 * sha256sum prints). */
void scenario_sha256_hex(const void *data, size_t size, char out[SCENARIO_SHA256_HEX]);
/* Sets s->digest: the SHA-256 of s with its file, inputs and digest zeroed
 * (the loader calls it; the struct is built from zeroed memory, so padding is
 * zero). */
void scenario_digest(struct scenario *s);

/* Prints every key path the language accepts, one per line ("dns.ttl",
 * "users[].share", "strategies.pilot_light.start_compute"): the schema test
 * compares it with scenarios/schema.json. */
void scenario_loader_print_keys(FILE *out);

#endif
