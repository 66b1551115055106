/* RTT estimation: table lookups by provider id (Azure's table uses display
 * names, matched by lower-casing and dropping spaces), neighbour substitution
 * and the fibre formula. Everything reads the embedded tables; no state. */
#include "models/latency.h"

#include <ctype.h>
#include <math.h>
#include <string.h>

#include "models/data.h"

const char *latency_source_name(enum latency_source s)
{
    switch (s) {
    case LATENCY_MEASURED:
        return "measured median";
    case LATENCY_NEIGHBOUR:
        return "measured neighbour";
    case LATENCY_ESTIMATED:
        break;
    }
    return "estimated";
}

double latency_great_circle_km(double lat1, double lon1, double lat2, double lon2)
{
    const double r = 3.14159265358979323846 / 180.0;
    double dlat = (lat2 - lat1) * r, dlon = (lon2 - lon1) * r;
    double h = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * r) * cos(lat2 * r) * sin(dlon / 2) * sin(dlon / 2);
    if (h > 1.0)
        h = 1.0;
    return 2.0 * 6371.0 * asin(sqrt(h));
}

double latency_fibre_rtt_ms(double km)
{
    return LATENCY_ROUTE_INFLATION * 2.0 * km / LATENCY_FIBRE_KM_PER_MS + LATENCY_BASE_MS;
}

/* Azure's display name "East US 2" as the id "eastus2". */
static bool same_id(const char *table_name, const char *id, bool squash)
{
    if (!squash)
        return strcmp(table_name, id) == 0;
    const char *p = table_name;
    for (; *p; p++) {
        if (*p == ' ')
            continue;
        if (tolower((unsigned char)*p) != *id)
            return false;
        id++;
    }
    return *id == '\0';
}

struct table {
    unsigned bit;
    const char *provider;
    bool squash;
    const struct data_matrix_row *rows;
    const int *n_rows;
    const char *const *header;
    const int *n_columns;
};

static const struct table tables_all[] = {
    {LATENCY_TABLE_AWS, "aws", false, data_aws_rtt, &data_aws_rtt_rows, data_aws_rtt_header,
     &data_aws_rtt_columns},
    {LATENCY_TABLE_AZURE, "azure", true, data_azure_rtt, &data_azure_rtt_rows,
     data_azure_rtt_header, &data_azure_rtt_columns},
};
#define N_TABLES (sizeof tables_all / sizeof tables_all[0])

static int table_row(const struct table *t, const char *id)
{
    for (int i = 0; i < *t->n_rows; i++)
        if (same_id(t->rows[i].name, id, t->squash))
            return i;
    return -1;
}

/* Column index into rows[].v (the header's column 0 is the row label). */
static int table_col(const struct table *t, const char *id)
{
    for (int j = 1; j < *t->n_columns && j - 1 < DATA_MATRIX_MAX; j++)
        if (same_id(t->header[j], id, t->squash))
            return j - 1;
    return -1;
}

static double table_get(const struct table *t, const char *a, const char *b)
{
    int ra = table_row(t, a), cb = table_col(t, b);
    double v = ra >= 0 && cb >= 0 ? t->rows[ra].v[cb] : NAN;
    if (isnan(v)) {
        int rb = table_row(t, b), ca = table_col(t, a);
        v = rb >= 0 && ca >= 0 ? t->rows[rb].v[ca] : NAN;
    }
    return v;
}

static bool in_table(const struct table *t, const struct region_info *r)
{
    return strcmp(r->provider, t->provider) == 0 && table_row(t, r->name) >= 0;
}

double latency_measured_ms(const struct region_info *a, const struct region_info *b,
                           unsigned tables)
{
    for (size_t k = 0; k < N_TABLES; k++) {
        const struct table *t = &tables_all[k];
        if ((tables & t->bit) && in_table(t, a) && in_table(t, b))
            return table_get(t, a->name, b->name);
    }
    return NAN;
}

/* The region of table t nearest to p, within LATENCY_NEIGHBOUR_KM (p itself
 * at distance 0 when t holds it). NULL when none. */
static const struct region_info *neighbour(const struct table *t, const struct latency_point *p,
                                           double *km)
{
    if (p->region && in_table(t, p->region)) {
        *km = 0;
        return p->region;
    }
    const struct region_info *best = NULL;
    double best_km = LATENCY_NEIGHBOUR_KM;
    for (int i = 0; i < data_regions_rows; i++) {
        const struct region_info *r = &data_regions[i];
        if (strcmp(r->provider, t->provider) != 0 || table_row(t, r->name) < 0)
            continue;
        double d = latency_great_circle_km(p->lat, p->lon, r->lat, r->lon);
        if (d <= best_km) {
            best_km = d;
            best = r;
        }
    }
    *km = best_km;
    return best;
}

double latency_rtt_ms(const struct latency_point *a, const struct latency_point *b, unsigned tables,
                      enum latency_source *source)
{
    enum latency_source src = LATENCY_ESTIMATED;
    double best = NAN, best_km = INFINITY;
    for (size_t k = 0; k < N_TABLES; k++) {
        const struct table *t = &tables_all[k];
        if (!(tables & t->bit))
            continue;
        double ka, kb;
        const struct region_info *na = neighbour(t, a, &ka), *nb = neighbour(t, b, &kb);
        if (na == NULL || nb == NULL || ka + kb >= best_km)
            continue;
        double v = table_get(t, na->name, nb->name);
        if (isnan(v))
            continue;
        best = v;
        best_km = ka + kb;
        src = na == a->region && nb == b->region ? LATENCY_MEASURED : LATENCY_NEIGHBOUR;
    }
    if (isnan(best)) {
        best = latency_fibre_rtt_ms(latency_great_circle_km(a->lat, a->lon, b->lat, b->lon));
        src = LATENCY_ESTIMATED;
    }
    if (source)
        *source = src;
    return best;
}
