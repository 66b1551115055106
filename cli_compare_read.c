/* regionsim compare's reading side: one result directory as `run` wrote it
 * (summary.csv, runs.csv, summary.json), with located messages for what
 * is missing or malformed. Reads only; never writes. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_compare.h"

/* Reads dir/name whole (NUL-terminated); NULL with a message on failure. */
static char *slurp(const char *dir, const char *name, const char *what)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "regionsim: compare: %s: cannot read %s (%s); %s\n", path, what,
                strerror(errno),
                "give a scenario's directory of results, DIR/<scenario>, as 'regionsim run' "
                "writes it");
        return NULL;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len + 4096 + 1 > cap) {
            cap = cap ? 2 * cap : 65536;
            char *nb = cap <= CMP_MAX_FILE ? realloc(buf, cap) : NULL;
            if (nb == NULL) {
                fprintf(stderr, "regionsim: compare: %s: too large or out of memory\n", path);
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        size_t r = fread(buf + len, 1, 4096, f);
        len += r;
        if (r < 4096)
            break;
    }
    fclose(f);
    buf[len] = '\0';
    return buf;
}

/* Splits one CSV line (at *p, advanced past it) into fields; quoted cells
 * ("'=x", "a,b") are unquoted. Returns the number of fields, or -1 when a
 * field is too long or there are too many. */
static int csv_line(char **p, char fields[][CMP_FIELD], int max)
{
    int n = 0;
    char *s = *p;
    for (;;) {
        if (n == max)
            return -1;
        size_t len = 0;
        bool quoted = *s == '"';
        s += quoted;
        while (*s && (quoted ? !(*s == '"' && s[1] != '"') : *s != ',' && *s != '\n')) {
            if (quoted && *s == '"')
                s++; /* "" */
            if (len + 1 >= CMP_FIELD)
                return -1;
            fields[n][len++] = *s++;
        }
        fields[n++][len] = '\0';
        s += quoted && *s == '"';
        if (*s != ',')
            break;
        s++;
    }
    if (*s == '\r')
        s++;
    if (*s == '\n')
        s++;
    *p = s;
    return n;
}

static bool number(const char *text, double *out)
{
    char *end;
    if (text[0] == '\0') {
        *out = NAN;
        return true;
    }
    *out = strtod(text, &end);
    return *end == '\0';
}

static void bad_line(const struct cmp_side *s, const char *file, int line, const char *what)
{
    fprintf(stderr, "regionsim: compare: %s/%s:%d: %s\n", s->dir, file, line, what);
}

/* summary.csv into s->rows; false after a message. */
static bool read_summary(struct cmp_side *s)
{
    static const char header[] =
        "scenario,strategy,metric,unit,mean,ci95_low,ci95_high,p50,p95,min,max,n";
    char *text = slurp(s->dir, "summary.csv", "the summary");
    if (text == NULL)
        return false;
    bool ok = strncmp(text, header, sizeof header - 1) == 0;
    if (!ok)
        bad_line(s, "summary.csv", 1, "expected the header " "scenario,strategy,metric,unit,...");
    char *p = strchr(text, '\n');
    p = p ? p + 1 : text + strlen(text);
    size_t lines = 0;
    for (char *c = p; *c; c++)
        lines += *c == '\n';
    s->rows = calloc(lines + 1, sizeof *s->rows);
    ok = ok && s->rows;
    for (int line = 2; ok && *p; line++) {
        char f[CMP_MAX_FIELDS][CMP_FIELD];
        int n = csv_line(&p, f, CMP_MAX_FIELDS);
        double n_value;
        struct cmp_row *r = &s->rows[s->n_rows];
        if (n != 12 || !number(f[4], &r->mean) || !number(f[5], &r->lo) ||
            !number(f[6], &r->hi) || !number(f[11], &n_value)) {
            bad_line(s, "summary.csv", line, "expected 12 fields, numbers from the fifth");
            ok = false;
            break;
        }
        snprintf(s->scenario, sizeof s->scenario, "%s", f[0]);
        memcpy(r->strategy, f[1], CMP_FIELD);
        memcpy(r->metric, f[2], CMP_FIELD);
        memcpy(r->unit, f[3], CMP_FIELD);
        r->n = (long)n_value;
        s->n_rows++;
    }
    free(text);
    if (ok && s->n_rows == 0) {
        bad_line(s, "summary.csv", 2, "no rows: the run simulated nothing");
        ok = false;
    }
    return ok;
}

/* runs.csv into s->run_*; false after a message. */
static bool read_runs(struct cmp_side *s)
{
    char *text = slurp(s->dir, "runs.csv", "the per-replication values");
    if (text == NULL)
        return false;
    char *p = text;
    s->n_cols = csv_line(&p, s->cols, CMP_MAX_FIELDS);
    bool ok = s->n_cols >= 3 && strcmp(s->cols[1], "strategy") == 0 &&
              strcmp(s->cols[2], "replication") == 0;
    if (!ok)
        bad_line(s, "runs.csv", 1, "expected the header scenario,strategy,replication,...");
    size_t lines = 0;
    for (char *c = p; *c; c++)
        lines += *c == '\n';
    s->run_strategy = calloc(lines + 1, sizeof *s->run_strategy);
    s->run_rep = calloc(lines + 1, sizeof *s->run_rep);
    s->run_values = calloc((lines + 1) * CMP_MAX_FIELDS, sizeof *s->run_values);
    ok = ok && s->run_strategy && s->run_rep && s->run_values;
    for (int line = 2; ok && *p; line++) {
        char f[CMP_MAX_FIELDS][CMP_FIELD];
        int n = csv_line(&p, f, CMP_MAX_FIELDS);
        double *v = s->run_values + (size_t)s->n_runs * CMP_MAX_FIELDS, rep = NAN;
        ok = n == s->n_cols && number(f[2], &rep) && rep >= 0;
        for (int c = 3; ok && c < n; c++)
            ok = number(f[c], &v[c]);
        if (!ok) {
            bad_line(s, "runs.csv", line, "expected as many fields as the header, numbers from "
                                          "the third");
            break;
        }
        memcpy(s->run_strategy[s->n_runs], f[1], CMP_FIELD);
        s->run_rep[s->n_runs++] = (int)rep;
    }
    free(text);
    return ok;
}

/* The number after "key": in the provenance of summary.json. */
static bool provenance(struct cmp_side *s)
{
    s->json = slurp(s->dir, "summary.json", "the provenance");
    if (s->json == NULL)
        return false;
    const char *prov = strstr(s->json, "\"provenance\"");
    const char *seed = prov ? strstr(prov, "\"seed\": ") : NULL;
    const char *reps = prov ? strstr(prov, "\"replications\": ") : NULL;
    if (seed == NULL || reps == NULL) {
        fprintf(stderr, "regionsim: compare: %s/summary.json: no provenance (seed, replications)\n",
                s->dir);
        return false;
    }
    s->seed = strtoull(seed + 8, NULL, 10);
    s->replications = atoi(reps + 16);
    return true;
}

void cmp_side_free(struct cmp_side *s)
{
    free(s->json);
    free(s->rows);
    free(s->run_strategy);
    free(s->run_rep);
    free(s->run_values);
}

/* A sweep's directory has points, not one summary: say so. */
static bool is_sweep(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/sweep.csv", dir);
    return access(path, F_OK) == 0;
}

bool cmp_side_read(struct cmp_side *s, const char *dir)
{
    s->dir = dir;
    if (is_sweep(dir)) {
        fprintf(stderr,
                "regionsim: compare: %s is a sweep; compare two of its points "
                "(%s/points/<point>) or the same point of two sweeps\n",
                dir, dir);
        return false;
    }
    return read_summary(s) && provenance(s) && read_runs(s);
}

/* The runs.csv column of a summary metric: METRIC_UNIT (rto_s,
 * cost_month_usd) or METRIC (availability, lost_writes); -1 when none. */
int cmp_column_of(const struct cmp_side *s, const struct cmp_row *r)
{
    char name[2 * CMP_FIELD];
    snprintf(name, sizeof name, "%s_%s", r->metric, r->unit);
    for (char *c = name; *c; c++)
        *c = (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c);
    for (int pass = 0; pass < 2; pass++)
        for (int c = 3; c < s->n_cols; c++)
            if (strcmp(s->cols[c], pass ? r->metric : name) == 0)
                return c;
    return -1;
}

/* The value of column col in the run of strategy at replication rep; NAN
 * when there is no such run or the field is empty. */
double cmp_run_value(const struct cmp_side *s, const char *strategy, int rep, int col)
{
    for (int i = 0; i < s->n_runs; i++)
        if (s->run_rep[i] == rep && strcmp(s->run_strategy[i], strategy) == 0)
            return s->run_values[(size_t)i * CMP_MAX_FIELDS + col];
    return NAN;
}

/* B's row of A's strategy and metric; NULL when B has none. */
const struct cmp_row *cmp_match(const struct cmp_side *B, const struct cmp_row *ra)
{
    for (int j = 0; j < B->n_rows; j++)
        if (strcmp(B->rows[j].strategy, ra->strategy) == 0 &&
            strcmp(B->rows[j].metric, ra->metric) == 0)
            return &B->rows[j];
    return NULL;
}

/* The JSON string after `field` ("key": ") at p, unescaped into out. */
const char *cmp_json_string(const char *p, const char *field, char *out, size_t size)
{
    const char *at = strstr(p, field);
    const char *eol = strchr(p, '\n');
    size_t n = 0;
    if (at == NULL || (eol && at > eol))
        return NULL;
    for (at += strlen(field); *at && *at != '"'; at++) {
        if (*at == '\\' && at[1])
            at++;
        if (n + 1 < size)
            out[n++] = *at;
    }
    out[n] = '\0';
    return at;
}

/* The value of parameter `key` in summary.json's parameters; false when
 * absent. */
bool cmp_parameter(const char *json, const char *key, char *value, size_t size)
{
    static const char tag[] = "\n    {\"key\": \"";
    for (const char *p = strstr(json, tag); p; p = strstr(p + 1, tag)) {
        char k[256];
        if (cmp_json_string(p + 1, "{\"key\": \"", k, sizeof k) && strcmp(k, key) == 0)
            return cmp_json_string(p + 1, "\"value\": \"", value, size) != NULL;
    }
    return false;
}

