/* The batch level of the results: DIR/index.html and DIR/summary.csv over
 * every scenario, and the check --resume makes before skipping a scenario. */
#ifndef REGIONSIM_PLOTS_INDEX_H
#define REGIONSIM_PLOTS_INDEX_H

#include <stdbool.h>

#include "scenarios/scenario.h"
#include "sim/error.h"

struct report_index_entry {
    char name[SCENARIO_NAME_MAX];
    char description[1024];
    char cheapest[64]; /* label of the cheapest strategy meeting the targets; "" none */
    bool complete;     /* results exist under DIR/<name>/ */
};

/* Creates path and its parents (like mkdir -p). Returns 0, or SIM_EIO /
 * SIM_EINVAL with err filled. */
int report_mkdirs(const char *path, struct sim_error *err);

/* Writes dir/summary.csv (every complete scenario's rows under one header,
 * read back from dir/<name>/summary.csv) and dir/index.html. Returns 0, or a
 * negative SIM_E code with err filled. */
int report_write_index(const char *dir, const struct report_index_entry *entries, int n,
                       struct sim_error *err);

/* True when dir/summary.json exists and was made from the same scenario file
 * (hash), seed and replications as s: the results are complete and current.
 * Fills e (name, description, cheapest) from s and the file when true. */
bool report_resume_ok(const char *dir, const struct scenario *s, struct report_index_entry *e);

/* Fills e from a finished report's scenario and verdict. */
struct summary;
void report_index_entry_fill(struct report_index_entry *e, const struct summary *r);

#endif
