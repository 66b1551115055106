/* The documents of one scenario's results: summary.csv, summary.json,
 * runs.csv, timeline.csv, report.md and report.html, each written from the
 * summary (models/summary.h) into an open stream. Reads the summary only. */
#ifndef REGIONSIM_PLOTS_REPORT_H
#define REGIONSIM_PLOTS_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "models/summary.h"
#include "sim/error.h"

/* Writers into an open stream. Each returns 0, or SIM_EIO when the stream
 * failed. write_summary_csv writes the header only when `header`. */
int report_write_summary_csv(const struct summary *r, FILE *f, bool header);
/* One summary.csv row from the strategy column on: ",strategy,metric,unit,
 * mean,ci95_low,ci95_high,p50,p95,min,max,n" and the newline. */
void report_write_metric_row(FILE *f, int kind, enum metric m, const struct sim_summary *s);
int report_write_summary_json(const struct summary *r, FILE *f);
int report_write_runs_csv(const struct summary *r, FILE *f);
int report_write_timeline_csv(const struct summary *r, FILE *f);
int report_write_markdown(const struct summary *r, FILE *f, unsigned formats);
int report_write_html(const struct summary *r, FILE *f);
/* incidents.csv (plots/incidents_csv.c): one row per stored incident. */
int report_write_incidents_csv(const struct summary *r, FILE *f);
/* A CSV field: quoted when it holds a comma, quote or line break. */
void report_csv_str(FILE *f, const char *s);

/* Writes the "provenance" member of summary.json (two-space indent, trailing
 * comma): the version, every input file with its SHA-256, the seed, the
 * replications and the chart formats. --resume compares these bytes.
 * Returns 0, or SIM_EIO when the stream failed. */
int report_write_provenance(const struct scenario *s, FILE *f);

/* The header of summary.csv (the DESIGN section 7 contract), with newline. */
extern const char report_summary_header[];

/* Formats a number for CSV/JSON: shortest "%.*g" that round-trips at 10
 * significant digits; "" (CSV) or "null" (JSON) for NAN. */
void report_fmt_num(char *buf, size_t size, double v, bool json);

#endif
