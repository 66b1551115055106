/* Progress of a batch on stderr: a bar redrawn in place when the stream is a
 * terminal (runs done, simulated time per second, time left), one line per
 * scenario otherwise, nothing when quiet. */
#ifndef REGIONSIM_PLOTS_PROGRESS_H
#define REGIONSIM_PLOTS_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct progress {
    FILE *out;
    bool tty;
    bool quiet;
    char name[64];
    int index, count; /* scenario index (1-based) of count */
    double start;     /* monotonic seconds at progress_begin */
    double last_draw;
    size_t done, total;
    double sim_seconds;
};

/* Sets p up for `out` (a terminal or not is detected here). */
void progress_init(struct progress *p, FILE *out, bool quiet);
/* A scenario begins: `total` runs. */
void progress_begin(struct progress *p, const char *name, int index, int count, size_t total);
/* Runs done so far and the simulated seconds they covered; redraws the bar
 * at most ten times a second. Safe to call from one thread at a time. */
void progress_update(struct progress *p, size_t done, size_t total, double sim_seconds);
/* The scenario ended: `status` is a short word ("done", "failed",
 * "interrupted", "skipped"); `where` the output directory or NULL. */
void progress_end(struct progress *p, const char *status, const char *where);

#endif
