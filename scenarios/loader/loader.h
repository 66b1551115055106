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

/* The SHA-256 of size bytes at data as 64 lowercase hex digits (what
 * sha256sum prints). */
void scenario_sha256_hex(const void *data, size_t size, char out[SCENARIO_SHA256_HEX]);

/* Prints every key path the language accepts, one per line ("dns.ttl",
 * "users[].share", "strategies.pilot_light.start_compute"): the schema test
 * compares it with scenarios/schema.json. */
void scenario_loader_print_keys(FILE *out);

#endif
