/* A sweep's own files in DIR/<scenario>/ (beside points/<point>/): sweep.csv,
 * the sweep report and its charts, and the check --resume makes before
 * skipping a whole sweep. Invariant: written into the directory the caller
 * swaps in whole, so a sweep's files are all current or all absent. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "plots/plot.h"
#include "plots/sweep.h"

static int w_csv(const void *c, FILE *f)
{
    return sweep_write_csv(c, f);
}

struct report_ctx {
    const struct sweep_result *w;
    unsigned formats;
};

static int w_md(const void *c, FILE *f)
{
    const struct report_ctx *x = c;
    return sweep_write_report(x->w, x->formats, true, f);
}

static int w_html(const void *c, FILE *f)
{
    const struct report_ctx *x = c;
    return sweep_write_report(x->w, x->formats, false, f);
}

static const char *const ext[] = {"png", "svg", "pdf"};
static const unsigned fmt[] = {REPORT_FORMAT_PNG, REPORT_FORMAT_SVG, REPORT_FORMAT_PDF};

static int write_charts(const struct sweep_result *w, const char *dir, unsigned formats,
                        struct sim_error *err)
{
    char plots[4096];
    snprintf(plots, sizeof plots, "%s/plots", dir);
    int rc = formats ? cli_mkdirs(plots, err) : 0;
    for (int i = 0; rc == 0 && i < SWEEP_METRICS; i++) {
        if (!sweep_chart_applies(w, i))
            continue;
        struct sweep_chart_ref c = {w, i};
        struct plot_image img = sweep_chart_image(&c);
        for (int k = 0; rc == 0 && k < 3; k++) {
            if (!(formats & fmt[k]))
                continue;
            char path[8192];
            snprintf(path, sizeof path, "%s/%s.%s", plots, sweep_chart_file(i), ext[k]);
            rc = plot_image_write_file(&img, fmt[k], path);
            if (rc != 0)
                rc = sim_error_set(err, rc, NULL, 0, 0, "cannot write %s", path);
        }
    }
    return rc;
}

int cli_write_sweep(const struct sweep_result *w, const char *dir, unsigned formats,
                    struct sim_error *err)
{
    const struct report_ctx rc_ctx = {w, formats};
    int rc = cli_write_file(dir, "sweep.csv", w_csv, w, err);
    if (rc == 0)
        rc = cli_write_file(dir, "report.md", w_md, &rc_ctx, err);
    if (rc == 0)
        rc = cli_write_file(dir, "report.html", w_html, &rc_ctx, err);
    if (rc == 0)
        rc = write_charts(w, dir, formats, err);
    return rc;
}

static bool is_file(const char *dir, const char *name)
{
    char path[8192];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* sweep.csv has the header of these axes and names exactly these points,
 * in order. */
static bool same_points(const char *dir, const struct scenario_sweep *sw,
                        const struct scenario_point *points, int n)
{
    char path[4096], line[8192], want[8192];
    snprintf(path, sizeof path, "%s/sweep.csv", dir);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return false;
    size_t k = (size_t)snprintf(want, sizeof want, "point");
    for (int a = 0; a < sw->n_axes && k < sizeof want; a++)
        k += (size_t)snprintf(want + k, sizeof want - k, ",%s", sw->path[a]);
    bool ok = fgets(line, sizeof line, f) && strncmp(line, want, k) == 0 &&
              strncmp(line + k, ",strategy,", 10) == 0;
    int p = -1;
    while (ok && fgets(line, sizeof line, f)) {
        size_t len = strcspn(line, ",");
        if (p >= 0 && strlen(points[p].name) == len && strncmp(line, points[p].name, len) == 0)
            continue;
        p++;
        ok = p < n && strlen(points[p].name) == len && strncmp(line, points[p].name, len) == 0;
    }
    fclose(f);
    return ok && p == n - 1;
}

bool cli_resume_sweep_ok(const char *dir, const struct scenario_sweep *sweep,
                         const struct scenario_point *points, int n)
{
    static const char *const docs[] = {"sweep.csv", "report.md", "report.html"};
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++)
        if (!is_file(dir, docs[i]))
            return false;
    unsigned formats = points[0].s.report.formats;
    for (int k = 0; k < 3; k++) {
        char name[64];
        snprintf(name, sizeof name, "plots/sweep_cost_month.%s", ext[k]);
        if ((formats & fmt[k]) && !is_file(dir, name))
            return false;
    }
    if (!same_points(dir, sweep, points, n))
        return false;
    for (int p = 0; p < n; p++) {
        char pdir[8192];
        struct report_index_entry e;
        snprintf(pdir, sizeof pdir, "%s/points/%s", dir, points[p].name);
        if (!cli_resume_ok(pdir, &points[p].s, &e))
            return false;
    }
    return true;
}
