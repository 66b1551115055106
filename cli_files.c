/* The results on disk: one scenario's directory, the batch's index.html and
 * combined summary.csv, and what --resume reads back. Invariant: every file
 * is written to NAME.tmp and renamed, so a reader (or an interrupted batch)
 * never sees half a file. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "plots/index.h"
#include "plots/plot.h"
#include "plots/report.h"

int cli_mkdirs(const char *path, struct sim_error *err)
{
    char p[4096];
    if ((size_t)snprintf(p, sizeof p, "%s", path) >= sizeof p)
        return sim_error_set(err, SIM_EINVAL, NULL, 0, 0, "path too long: %s", path);
    for (char *s = p + 1;; s++) {
        if (*s == '/' || *s == '\0') {
            char c = *s;
            *s = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST)
                return sim_error_set(err, SIM_EIO, NULL, 0, 0, "cannot create %s: %s", p,
                                     strerror(errno));
            *s = c;
            if (c == '\0')
                break;
        }
    }
    return 0;
}

typedef int (*writer_fn)(const void *ctx, FILE *f);

/* Writes path through writer into path.tmp, then renames it into place. */
static int write_atomic(const char *path, writer_fn fn, const void *ctx, struct sim_error *err)
{
    char tmp[4096];
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp)
        return sim_error_set(err, SIM_EINVAL, NULL, 0, 0, "path too long: %s", path);
    FILE *f = fopen(tmp, "w");
    if (f == NULL)
        return sim_error_set(err, SIM_EIO, NULL, 0, 0, "cannot write %s: %s", tmp, strerror(errno));
    int rc = fn(ctx, f);
    if (fclose(f) != 0 && rc == 0)
        rc = SIM_EIO;
    if (rc == 0 && rename(tmp, path) != 0)
        rc = SIM_EIO;
    if (rc != 0) {
        remove(tmp);
        return sim_error_set(err, rc, NULL, 0, 0, "cannot write %s: %s", path, sim_strerror(rc));
    }
    return 0;
}

struct doc_ctx {
    const struct summary *r;
    unsigned formats;
};

static int w_summary_csv(const void *c, FILE *f)
{
    return report_write_summary_csv(((const struct doc_ctx *)c)->r, f, true);
}
static int w_summary_json(const void *c, FILE *f)
{
    return report_write_summary_json(((const struct doc_ctx *)c)->r, f);
}
static int w_runs_csv(const void *c, FILE *f)
{
    return report_write_runs_csv(((const struct doc_ctx *)c)->r, f);
}
static int w_timeline_csv(const void *c, FILE *f)
{
    return report_write_timeline_csv(((const struct doc_ctx *)c)->r, f);
}
static int w_markdown(const void *c, FILE *f)
{
    const struct doc_ctx *d = c;
    return report_write_markdown(d->r, f, d->formats);
}
static int w_html(const void *c, FILE *f)
{
    return report_write_html(((const struct doc_ctx *)c)->r, f);
}

static int join(char *out, size_t size, const char *dir, const char *name, struct sim_error *err)
{
    if ((size_t)snprintf(out, size, "%s/%s", dir, name) >= size)
        return sim_error_set(err, SIM_EINVAL, NULL, 0, 0, "path too long: %s/%s", dir, name);
    return 0;
}

int cli_write_results(const struct summary *r, const char *dir, unsigned formats,
                      struct sim_error *err)
{
    char path[4096], sub[4096];
    int rc = cli_mkdirs(dir, err);
    if (rc != 0)
        return rc;
    /* summary.json last: its presence marks complete results (--resume) */
    static const struct {
        const char *name;
        writer_fn fn;
    } docs[] = {{"summary.csv", w_summary_csv},   {"runs.csv", w_runs_csv},
                {"timeline.csv", w_timeline_csv}, {"report.md", w_markdown},
                {"report.html", w_html},          {"summary.json", w_summary_json}};
    const struct doc_ctx ctx = {r, formats};
    static const unsigned fmt_bits[] = {REPORT_FORMAT_PNG, REPORT_FORMAT_SVG, REPORT_FORMAT_PDF};
    static const char *const fmt_ext[] = {"png", "svg", "pdf"};
    if (formats) {
        if ((rc = join(sub, sizeof sub, dir, "plots", err)) != 0 ||
            (rc = cli_mkdirs(sub, err)) != 0)
            return rc;
        for (int c = 0; c < PLOT_CHART_COUNT; c++)
            for (int k = 0; k < 3; k++) {
                if (!(formats & fmt_bits[k]) || !plot_chart_applies(r, c))
                    continue;
                char name[256];
                snprintf(name, sizeof name, "%s.%s", plot_chart_file(c), fmt_ext[k]);
                if ((rc = join(path, sizeof path, sub, name, err)) != 0)
                    return rc;
                if ((rc = plot_write_file(r, c, fmt_bits[k], path)) != 0)
                    return sim_error_set(err, rc, NULL, 0, 0, "cannot write %s: %s", path,
                                         sim_strerror(rc));
            }
    }
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        if ((rc = join(path, sizeof path, dir, docs[i].name, err)) != 0 ||
            (rc = write_atomic(path, docs[i].fn, &ctx, err)) != 0)
            return rc;
    }
    return 0;
}

struct index_ctx {
    const char *dir;
    const struct report_index_entry *e;
    int n;
};

static int w_index_csv(const void *c, FILE *f)
{
    const struct index_ctx *x = c;
    fputs(report_summary_header, f);
    for (int i = 0; i < x->n; i++) {
        if (!x->e[i].complete)
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s/summary.csv", x->dir, x->e[i].name);
        FILE *in = fopen(path, "r");
        if (in == NULL)
            return SIM_EIO;
        char line[8192];
        bool first = true;
        while (fgets(line, sizeof line, in)) {
            if (!first)
                fputs(line, f);
            first = false;
        }
        int bad = ferror(in);
        fclose(in);
        if (bad)
            return SIM_EIO;
    }
    return ferror(f) ? SIM_EIO : 0;
}

static int w_index_html(const void *c, FILE *f)
{
    const struct index_ctx *x = c;
    return report_write_index_html(x->e, x->n, f);
}

int cli_write_index(const char *dir, const struct report_index_entry *entries, int n,
                    struct sim_error *err)
{
    char path[4096];
    const struct index_ctx ctx = {dir, entries, n};
    int rc = cli_mkdirs(dir, err);
    if (rc == 0 && (rc = join(path, sizeof path, dir, "summary.csv", err)) == 0)
        rc = write_atomic(path, w_index_csv, &ctx, err);
    if (rc == 0 && (rc = join(path, sizeof path, dir, "index.html", err)) == 0)
        rc = write_atomic(path, w_index_html, &ctx, err);
    return rc;
}

/* The text after `"key": ` in json, up to the next comma or newline. */
static bool json_field(const char *json, const char *key, char *out, size_t size)
{
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\": ", key);
    const char *p = strstr(json, pat);
    if (p == NULL)
        return false;
    p += strlen(pat);
    size_t n = strcspn(p, ",\n");
    if (n >= size)
        return false;
    memcpy(out, p, n);
    out[n] = '\0';
    return true;
}

bool cli_resume_ok(const char *dir, const struct scenario *s, struct report_index_entry *e)
{
    char path[4096], json[8192];
    snprintf(path, sizeof path, "%s/summary.json", dir);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return false;
    size_t n = fread(json, 1, sizeof json - 1, f);
    fclose(f);
    json[n] = '\0';
    char hash[64], want[64], seed[32], reps[32], cheapest[64];
    snprintf(want, sizeof want, "\"%016" PRIx64 "\"", s->file_hash);
    if (!json_field(json, "file_hash", hash, sizeof hash) || strcmp(hash, want) != 0 ||
        !json_field(json, "seed", seed, sizeof seed) || strtoull(seed, NULL, 10) != s->seed ||
        !json_field(json, "replications", reps, sizeof reps) || atoi(reps) != s->replications)
        return false;
    memset(e, 0, sizeof *e);
    snprintf(e->name, sizeof e->name, "%s", s->name);
    snprintf(e->description, sizeof e->description, "%s", s->description);
    if (json_field(json, "cheapest_meeting_targets", cheapest, sizeof cheapest) &&
        cheapest[0] == '"') {
        size_t len = strlen(cheapest);
        cheapest[len - 1] = '\0';
        for (int k = 0; k < strategy_count(); k++)
            if (strcmp(cheapest + 1, strategy_key(k)) == 0)
                snprintf(e->cheapest, sizeof e->cheapest, "%s", strategy_label(k));
    }
    e->complete = true;
    return true;
}
