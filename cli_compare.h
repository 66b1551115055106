/* regionsim compare's reading side (cli_compare_read.c): one result
 * directory as `run` wrote it - summary.csv's rows, runs.csv's
 * per-replication values, summary.json's provenance and parameters. Only
 * cli_compare*.c include it. */
#ifndef REGIONSIM_CLI_COMPARE_H
#define REGIONSIM_CLI_COMPARE_H

#include <stdbool.h>
#include <stddef.h>

#define CMP_FIELD 64
#define CMP_MAX_FIELDS 128
#define CMP_MAX_FILE (64 << 20)

/* One row of summary.csv. */
struct cmp_row {
    char strategy[CMP_FIELD], metric[CMP_FIELD], unit[CMP_FIELD];
    double mean, lo, hi;
    long n;
};

/* One result directory as compare reads it. */
struct cmp_side {
    const char *dir;
    char scenario[CMP_FIELD];
    unsigned long long seed;
    int replications;
    char *json; /* summary.json */
    int n_rows;
    struct cmp_row *rows;
    int n_cols; /* runs.csv */
    char cols[CMP_MAX_FIELDS][CMP_FIELD];
    int n_runs;
    char (*run_strategy)[CMP_FIELD];
    int *run_rep;
    double *run_values; /* n_runs x n_cols; NAN where empty */
};

/* Reads dir's summary.csv, summary.json and runs.csv into *s (zeroed by
 * the caller). False after a message on stderr naming the file, and the
 * line where one is malformed; a sweep's directory is refused. */
bool cmp_side_read(struct cmp_side *s, const char *dir);
void cmp_side_free(struct cmp_side *s);
/* The runs.csv column of a summary metric: METRIC_UNIT (rto_s,
 * cost_month_usd) or METRIC (availability, lost_writes); -1 when none. */
int cmp_column_of(const struct cmp_side *s, const struct cmp_row *r);
/* Column col of strategy's run at replication rep; NAN when there is no such
 * run or the field is empty. */
double cmp_run_value(const struct cmp_side *s, const char *strategy, int rep, int col);
/* B's row of A's strategy and metric; NULL when B has none. */
const struct cmp_row *cmp_match(const struct cmp_side *B, const struct cmp_row *ra);
/* The value of parameter key in summary.json's parameters; false when absent. */
bool cmp_parameter(const char *json, const char *key, char *value, size_t size);
/* The JSON string after `field` on p's line, unescaped into out; NULL when
 * the line has no such field. */
const char *cmp_json_string(const char *p, const char *field, char *out, size_t size);

#endif
