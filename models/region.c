/* The region catalog and user populations over the embedded tables: lookups by
 * id (with an optional provider prefix), "did you mean" suggestions, the
 * printed catalog and RTT by name. No state: every call reads const data. */
#include "models/region.h"

#include <math.h>
#include <string.h>
#include <strings.h>

#include "models/data.h"
#include "sim/text.h"
#include "models/latency.h"
#include "sim/error.h"

int region_count(void)
{
    return data_regions_rows;
}

const struct region_info *region_at(int i)
{
    return i >= 0 && i < data_regions_rows ? &data_regions[i] : NULL;
}

int region_population_count(void)
{
    return data_populations_rows;
}

const struct population_info *region_population_at(int i)
{
    return i >= 0 && i < data_populations_rows ? &data_populations[i] : NULL;
}

const struct region_info *region_find(const char *name, bool *ambiguous)
{
    if (ambiguous)
        *ambiguous = false;
    if (name == NULL)
        return NULL;
    const char *provider = NULL;
    const char *colon = strchr(name, ':');
    size_t plen = 0;
    if (colon) {
        provider = name;
        plen = (size_t)(colon - name);
        name = colon + 1;
    }
    const struct region_info *found = NULL;
    int n = 0;
    for (int i = 0; i < data_regions_rows; i++) {
        const struct region_info *r = &data_regions[i];
        if (provider && (strlen(r->provider) != plen || strncasecmp(r->provider, provider, plen)))
            continue;
        if (strcasecmp(r->name, name) == 0) {
            found = r;
            n++;
        }
    }
    if (n > 1) {
        if (ambiguous)
            *ambiguous = true;
        return NULL;
    }
    return found;
}

const struct population_info *region_find_population(const char *name)
{
    if (name == NULL)
        return NULL;
    for (int i = 0; i < data_populations_rows; i++)
        if (strcasecmp(data_populations[i].name, name) == 0)
            return &data_populations[i];
    return NULL;
}


const char *region_suggest(const char *name)
{
    if (name == NULL)
        return NULL;
    const char *colon = strchr(name, ':');
    if (colon)
        name = colon + 1;
    const char *best = NULL;
    int best_d = 1000;
    for (int i = 0; i < data_regions_rows; i++) {
        int d = sim_edit_distance(name, data_regions[i].name);
        if (d < best_d) {
            best_d = d;
            best = data_regions[i].name;
        }
    }
    for (int i = 0; i < data_populations_rows; i++) {
        int d = sim_edit_distance(name, data_populations[i].name);
        if (d < best_d) {
            best_d = d;
            best = data_populations[i].name;
        }
    }
    /* Close enough to be a typo: at most a third of the name, at least 2. */
    int limit = (int)strlen(name) / 3;
    if (limit < 2)
        limit = 2;
    return best_d <= limit ? best : NULL;
}

static const char *table_note(const struct region_info *r)
{
    double v = latency_measured_ms(r, r, LATENCY_TABLES_ALL);
    if (!isnan(v))
        return "measured";
    /* Azure's table has no diagonal: a pair with any other Azure region. */
    const struct region_info *other = region_find("azure:westeurope", NULL);
    if (strcmp(r->provider, "azure") == 0 && other &&
        !isnan(latency_measured_ms(r, r == other ? region_find("azure:northeurope", NULL) : other,
                                   LATENCY_TABLES_ALL)))
        return "measured";
    return "estimated";
}

int region_print_catalog(FILE *out)
{
    static const char *const providers[] = {"aws", "azure", "gcp"};
    fprintf(out,
            "Regions (name as written in scenarios; an aws:/azure:/gcp: prefix is optional)\n");
    for (size_t p = 0; p < sizeof providers / sizeof providers[0]; p++) {
        fprintf(out, "\n%s\n", providers[p]);
        fprintf(out, "  %-24s %-32s %8s %9s  %s\n", "region", "metro", "lat", "lon", "RTT table");
        for (int i = 0; i < data_regions_rows; i++) {
            const struct region_info *r = &data_regions[i];
            if (strcmp(r->provider, providers[p]) != 0)
                continue;
            fprintf(out, "  %-24s %-32s %8.2f %9.2f  %s\n", r->name, r->metro, r->lat, r->lon,
                    table_note(r));
        }
    }
    fprintf(out, "\nUser populations (users: - { from: NAME, share: ... })\n");
    fprintf(out, "  %-24s %-32s %8s %9s\n", "population", "representative location", "lat", "lon");
    for (int i = 0; i < data_populations_rows; i++) {
        const struct population_info *p = &data_populations[i];
        fprintf(out, "  %-24s %-32s %8.2f %9.2f\n", p->name, p->where, p->lat, p->lon);
    }
    fprintf(out,
            "\nRTT: measured medians where a table holds the pair; else a table region within"
            " %.0f km\nstands in; else %.1f x great-circle fibre RTT (%.0f km/ms) + %.1f ms;"
            " users add %.1f ms of access.\n",
            LATENCY_NEIGHBOUR_KM, LATENCY_ROUTE_INFLATION, LATENCY_FIBRE_KM_PER_MS, LATENCY_BASE_MS,
            LATENCY_ACCESS_MS);
    fprintf(out, "Sources:\n  %s\n  %s\n  %s\n  %s\n", data_regions_source, data_aws_rtt_source,
            data_azure_rtt_source, data_populations_source);
    return ferror(out) ? SIM_EIO : 0;
}

/* A region or a population by name, as a point; *access is the user access
 * term for populations. Returns 0 or SIM_ENOTFOUND with a message. */
static int resolve(const char *name, struct latency_point *p, double *access, struct sim_error *err)
{
    bool ambiguous = false;
    const struct region_info *r = region_find(name, &ambiguous);
    if (r) {
        *p = (struct latency_point){r, r->lat, r->lon};
        *access = 0;
        return 0;
    }
    const struct population_info *u = region_find_population(name);
    if (u) {
        *p = (struct latency_point){NULL, u->lat, u->lon};
        *access = LATENCY_ACCESS_MS;
        return 0;
    }
    if (ambiguous)
        return sim_error_set(err, SIM_ENOTFOUND, NULL, 0, 0,
                             "'%s' names regions of several providers; write aws:%s, azure:%s "
                             "or gcp:%s",
                             name, name, name, name);
    const char *s = region_suggest(name);
    if (s)
        return sim_error_set(err, SIM_ENOTFOUND, NULL, 0, 0,
                             "unknown region or population '%s'; did you mean '%s'?", name, s);
    return sim_error_set(err, SIM_ENOTFOUND, NULL, 0, 0,
                         "unknown region or population '%s' (regionsim regions lists them)", name);
}

int region_rtt(const char *a, const char *b, double *rtt_ms, bool *measured, struct sim_error *err)
{
    struct latency_point pa, pb;
    double xa, xb;
    int rc = resolve(a, &pa, &xa, err);
    if (rc == 0)
        rc = resolve(b, &pb, &xb, err);
    if (rc != 0)
        return rc;
    enum latency_source src;
    *rtt_ms = latency_rtt_ms(&pa, &pb, LATENCY_TABLES_ALL, &src) + xa + xb;
    *measured = src == LATENCY_MEASURED && xa == 0 && xb == 0;
    return 0;
}
