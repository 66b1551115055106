/* The batch level of the documents: DIR/index.html, one row per scenario
 * with its description and verdict. The command-line layer gathers the
 * entries (from finished summaries, or read back for --resume). */
#ifndef REGIONSIM_PLOTS_INDEX_H
#define REGIONSIM_PLOTS_INDEX_H

#include <stdbool.h>
#include <stdio.h>

#include "models/summary.h"

struct report_index_entry {
    char name[SCENARIO_NAME_MAX];
    char description[1024];
    char cheapest[64]; /* label of the cheapest strategy meeting the targets; "" none */
    bool complete;     /* results exist under DIR/<name>/ */
    bool sweep;        /* a sweep: sweep.csv and points/, no summary.csv */
};

/* Fills e from a finished summary's scenario and verdict. */
void report_index_entry_fill(struct report_index_entry *e, const struct summary *r);

/* Writes index.html for entries[0..n-1] into f, linking each complete
 * scenario's report.html. Returns 0, or SIM_EIO when the stream failed. */
int report_write_index_html(const struct report_index_entry *entries, int n, FILE *f);

#endif
