/* Charts to files (PNG, SVG, PDF) and to SVG text for inlining. Invariant: a
 * chart file appears under its name only complete (written to a temporary
 * name, checked, renamed); nothing is left behind on failure. */
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <cairo-svg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/annual.h"
#include "plots/plot.h"

static const char *const chart_files[] = {
#define CHART_FILE(id, file, caption) file,
    CHART_MAP(CHART_FILE)
#undef CHART_FILE
};
static const char *const chart_captions[] = {
#define CHART_CAPTION(id, file, caption) caption,
    CHART_MAP(CHART_CAPTION)
#undef CHART_CAPTION
};

/* How to read each chart, in one or two sentences (report.html and .md). */
static const char *const chart_guides[PLOT_CHART_COUNT] = {
    [PLOT_CHART_RTO] = "Mean time from the failure until at least the RTO threshold of requests "
                       "succeeded in every following window; whiskers are the 95% confidence "
                       "interval of the mean, the dashed line the target. Lower is better.",
    [PLOT_CHART_RPO] = "Mean age of the oldest acknowledged write the recovered copy lacks (the "
                       "span of lost data), with its 95% confidence interval, on a log axis in "
                       "every scenario. Strategies that kept their copy have no point.",
    [PLOT_CHART_COST] = "Steady-state bill per 30-day month by item: instances (compute), "
                        "databases, storage, snapshots, inter-region transfer, egress to users, "
                        "DNS with health checks; the total above each bar.",
    [PLOT_CHART_TIMELINE] = "Share of requests that succeeded, minute by minute, around each "
                            "run's first failure (0 on the x axis): the line is the median "
                            "replication, the band spans the lowest to the highest; the "
                            "horizontal rule is the RTO threshold. Below, each strategy's "
                            "runbook: one bar per phase, ending at the phase's mean end.",
    [PLOT_CHART_LATENCY] = "End-to-end latency of successful requests per user population, reads "
                           "and writes apart, in two states: steady (filled marker: no incident "
                           "open, normal layout) and failover (open marker: an incident open, or "
                           "serving from the recovery layout before failback). The marker is "
                           "p50, the whisker reaches p99; the axis is logarithmic.",
    [PLOT_CHART_PARETO] = "Each point is a strategy. Ringed points joined by the dashed staircase "
                          "are the Pareto front: no other strategy is both cheaper and faster "
                          "(left) or both cheaper and loses less data (right).",
    [PLOT_CHART_DRAIN] = "Share of requests still sent to the failed region, from each run's DNS "
                         "switch, on a log axis: how fast resolver caches (TTL, and resolvers "
                         "that hold answers longer) move users away; the tail is the resolvers.",
    [PLOT_CHART_ANNUAL] = "Each step is one simulated year: at x, the share of years whose failed "
                          "requests add up to at most x hours of full outage; the dashed line is "
                          "the availability target's yearly budget, and where a line crosses it "
                          "is the share of years that met the target.",
};

double plot_chart_height(const struct summary *r, enum plot_chart c)
{
    return c == PLOT_CHART_LATENCY ? plot_latency_height(r) : PLOT_HEIGHT;
}

const char *plot_chart_guide(enum plot_chart c)
{
    return (unsigned)c < PLOT_CHART_COUNT ? chart_guides[c] : "";
}

const char *plot_chart_file(enum plot_chart c)
{
    return (unsigned)c < PLOT_CHART_COUNT ? chart_files[c] : "?";
}

const char *plot_chart_caption(enum plot_chart c)
{
    return (unsigned)c < PLOT_CHART_COUNT ? chart_captions[c] : "?";
}

/* Some strategy has an observation of m with a mean above `above`. */
static bool any_metric(const struct summary *r, enum metric m, double above)
{
    for (int i = 0; i < r->n_strategies; i++)
        if (r->strategy[i].metric[m].n > 0 && r->strategy[i].metric[m].mean > above)
            return true;
    return false;
}

bool plot_chart_applies(const struct summary *r, enum plot_chart c)
{
    switch (c) {
    case PLOT_CHART_RTO:
    case PLOT_CHART_TIMELINE:
    case PLOT_CHART_PARETO:
        for (int i = 0; i < r->n_strategies; i++)
            if (r->strategy[i].incidents > 0)
                return true;
        return false;
    case PLOT_CHART_RPO:
        return any_metric(r, METRIC_RPO, 0);
    case PLOT_CHART_COST:
        return any_metric(r, METRIC_COST_MONTH, 0);
    case PLOT_CHART_LATENCY:
        return r->scenario->n_users > 0;
    case PLOT_CHART_ANNUAL:
        return annual_applies(r->scenario) && r->n_strategies > 0;
    case PLOT_CHART_DRAIN:
        for (int i = 0; i < r->n_strategies; i++)
            for (int k = 0; k < RESULTS_INCIDENT_POINTS; k++)
                if (r->strategy[i].drain[k].n > 0 && r->strategy[i].drain[k].max > 0)
                    return true;
        return false;
    case PLOT_CHART_COUNT:
        break;
    }
    return false;
}

const char *plot_chart_absent_reason(enum plot_chart c)
{
    switch (c) {
    case PLOT_CHART_RPO:
        return "no strategy lost acknowledged data";
    case PLOT_CHART_DRAIN:
        return "no DNS switch sent users away from a failed region";
    case PLOT_CHART_COST:
        return "nothing was billed";
    case PLOT_CHART_LATENCY:
        return "no user population";
    case PLOT_CHART_ANNUAL:
        return "a horizon under 30 days";
    case PLOT_CHART_RTO:
    case PLOT_CHART_TIMELINE:
    case PLOT_CHART_PARETO:
    case PLOT_CHART_COUNT:
        break;
    }
    return "no incident";
}

int plot_draw(cairo_t *cr, double w, double h, const struct summary *r, enum plot_chart c)
{
    switch (c) {
    case PLOT_CHART_RTO:
        return plot_bars(cr, w, h, r, METRIC_RTO);
    case PLOT_CHART_RPO:
        return plot_bars(cr, w, h, r, METRIC_RPO);
    case PLOT_CHART_COST:
        return plot_cost_stack(cr, w, h, r);
    case PLOT_CHART_TIMELINE:
        return plot_incident_timeline(cr, w, h, r);
    case PLOT_CHART_LATENCY:
        return plot_latency(cr, w, h, r);
    case PLOT_CHART_PARETO:
        return plot_cost_vs_recovery(cr, w, h, r);
    case PLOT_CHART_DRAIN:
        return plot_dns_drain(cr, w, h, r);
    case PLOT_CHART_ANNUAL:
        return plot_annual_ecdf(cr, w, h, r);
    case PLOT_CHART_COUNT:
        break;
    }
    return SIM_EINVAL;
}

struct chart_ctx {
    const struct summary *r;
    enum plot_chart c;
};

static int draw_chart(cairo_t *cr, double w, double h, const void *ctx)
{
    const struct chart_ctx *c = ctx;
    return plot_draw(cr, w, h, c->r, c->c);
}

/* Draws with fn on surface and finishes it; returns 0 or SIM_EIO. */
static int render(cairo_surface_t *surface, const struct plot_image *img)
{
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS)
        return SIM_EIO;
    cairo_t *cr = cairo_create(surface);
    int rc = img->draw(cr, img->w, img->h, img->ctx);
    if (rc == 0 && cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        rc = cairo_status(cr) == CAIRO_STATUS_NO_MEMORY ? SIM_ENOMEM : SIM_EIO;
    cairo_destroy(cr);
    return rc;
}

int plot_write_file(const struct summary *r, enum plot_chart c, unsigned format, const char *path)
{
    if ((unsigned)c >= PLOT_CHART_COUNT)
        return SIM_EINVAL;
    const struct chart_ctx ctx = {r, c};
    const struct plot_image img = {draw_chart, &ctx, PLOT_WIDTH, plot_chart_height(r, c)};
    return plot_image_write_file(&img, format, path);
}

int plot_image_write_file(const struct plot_image *img, unsigned format, const char *path)
{
    char tmp[4096];
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp", path) >= sizeof tmp)
        return SIM_EINVAL;
    cairo_surface_t *s;
    switch (format) {
    case REPORT_FORMAT_PNG:
        s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)img->w, (int)img->h);
        break;
    case REPORT_FORMAT_SVG:
        s = cairo_svg_surface_create(tmp, img->w, img->h);
        break;
    case REPORT_FORMAT_PDF:
        s = cairo_pdf_surface_create(tmp, img->w, img->h);
        break;
    default:
        return SIM_EINVAL;
    }
    int rc = render(s, img);
    if (rc == 0 && format == REPORT_FORMAT_PNG &&
        cairo_surface_write_to_png(s, tmp) != CAIRO_STATUS_SUCCESS)
        rc = SIM_EIO;
    cairo_surface_finish(s);
    if (rc == 0 && cairo_surface_status(s) != CAIRO_STATUS_SUCCESS)
        rc = SIM_EIO;
    cairo_surface_destroy(s);
    if (rc == 0 && rename(tmp, path) != 0)
        rc = SIM_EIO;
    if (rc != 0)
        remove(tmp);
    return rc;
}

struct buf {
    char *p;
    size_t len, cap;
    bool failed;
};

static bool buf_put(struct buf *b, const char *data, size_t n)
{
    if (b->failed)
        return false;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 8192;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (p == NULL) {
            b->failed = true;
            return false;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, data, n);
    b->len += n;
    b->p[b->len] = '\0';
    return true;
}

static cairo_status_t svg_write(void *closure, const unsigned char *data, unsigned int length)
{
    return buf_put(closure, (const char *)data, length) ? CAIRO_STATUS_SUCCESS
                                                        : CAIRO_STATUS_WRITE_ERROR;
}

/* Copies svg into out, dropping the XML declaration and prefixing every id
 * and every reference to one. */
static bool svg_prefix_ids(const char *svg, const char *prefix, struct buf *out)
{
    static const char *const marks[] = {"id=\"", "href=\"#", "url(#"};
    const char *p = svg;
    if (strncmp(p, "<?xml", 5) == 0) {
        const char *e = strstr(p, "?>");
        if (e) {
            p = e + 2;
            while (*p == '\n' || *p == '\r')
                p++;
        }
    }
    size_t plen = strlen(prefix);
    while (*p) {
        const char *next = NULL;
        size_t mlen = 0;
        for (int k = 0; k < 3; k++) {
            const char *q = strstr(p, marks[k]);
            if (q && (next == NULL || q < next)) {
                next = q;
                mlen = strlen(marks[k]);
            }
        }
        if (next == NULL)
            return buf_put(out, p, strlen(p));
        if (!buf_put(out, p, (size_t)(next - p) + mlen) || !buf_put(out, prefix, plen))
            return false;
        p = next + mlen;
    }
    return true;
}

int plot_svg_inline(const struct summary *r, enum plot_chart c, const char *prefix, char **out,
                    size_t *len)
{
    const struct chart_ctx ctx = {r, c};
    const struct plot_image img = {draw_chart, &ctx, PLOT_WIDTH, plot_chart_height(r, c)};
    return plot_image_svg_inline(&img, prefix, out, len);
}

int plot_image_svg_inline(const struct plot_image *img, const char *prefix, char **out, size_t *len)
{
    *out = NULL;
    if (len)
        *len = 0;
    struct buf raw = {0}, fixed = {0};
    cairo_surface_t *s = cairo_svg_surface_create_for_stream(svg_write, &raw, img->w, img->h);
    int rc = render(s, img);
    cairo_surface_finish(s);
    if (rc == 0 && (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS || raw.failed || !raw.p))
        rc = raw.failed ? SIM_ENOMEM : SIM_EIO;
    cairo_surface_destroy(s);
    if (rc == 0 && !svg_prefix_ids(raw.p, prefix, &fixed))
        rc = SIM_ENOMEM;
    free(raw.p);
    if (rc != 0) {
        free(fixed.p);
        return rc;
    }
    *out = fixed.p;
    if (len)
        *len = fixed.len;
    return 0;
}

void plot_library_fini(void)
{
    cairo_debug_reset_static_data();
    FcFini();
}
