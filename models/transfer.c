/* Price and throughput lookups over the pair tables. Table names are
 * "provider:id" (GCP ids with a zone suffix, "us-east1-b") except the AWS
 * price list, which uses bare AWS ids. Everything is const data; no state. */
#include "models/transfer.h"

#include <math.h>
#include <string.h>

#include "models/data.h"

/* Whether table name `t` ("gcp:us-east1-b", "aws:us-east-1", or bare "us-east-1"
 * when `bare_provider` is set) names region r. */
static bool names(const char *t, const struct region_info *r, const char *bare_provider)
{
    const char *id = t;
    if (bare_provider) {
        if (strcmp(r->provider, bare_provider) != 0)
            return false;
    } else {
        size_t pl = strlen(r->provider);
        if (strncmp(t, r->provider, pl) != 0 || t[pl] != ':')
            return false;
        id = t + pl + 1;
    }
    size_t n = strlen(r->name);
    if (strncmp(id, r->name, n) != 0)
        return false;
    /* Exact, or a GCP zone: "-" and one letter. */
    return id[n] == '\0' || (id[n] == '-' && id[n + 1] >= 'a' && id[n + 1] <= 'z' && !id[n + 2]);
}

static double pair_lookup(const struct data_pair_row *rows, int n, const char *bare,
                          const struct region_info *a, const struct region_info *b)
{
    for (int i = 0; i < n; i++)
        if (names(rows[i].src, a, bare) && names(rows[i].dst, b, bare))
            return rows[i].v;
    return NAN;
}

static double price_exact(const struct region_info *a, const struct region_info *b)
{
    double v = NAN;
    if (strcmp(a->provider, "aws") == 0 && strcmp(b->provider, "aws") == 0)
        v = pair_lookup(data_aws_transfer, data_aws_transfer_rows, "aws", a, b);
    if (isnan(v))
        v = pair_lookup(data_cloud_egress, data_cloud_egress_rows, NULL, a, b);
    return v;
}

static double dist(const struct latency_point *p, const struct region_info *r)
{
    return latency_great_circle_km(p->lat, p->lon, r->lat, r->lon);
}

/* Candidate stand-in for p: p's own region, or a catalog region of the same
 * provider (any provider for a custom point). */
static bool may_stand_in(const struct latency_point *p, const struct region_info *r)
{
    return p->region == NULL || strcmp(p->region->provider, r->provider) == 0;
}

double transfer_usd_gb(const struct latency_point *a, const struct latency_point *b,
                       bool *from_table)
{
    if (from_table)
        *from_table = false;
    if (a->region && a->region == b->region)
        return 0.0;
    if (a->region && b->region) {
        double v = price_exact(a->region, b->region);
        if (!isnan(v)) {
            if (from_table)
                *from_table = true;
            return v;
        }
    }
    /* Nearest priced source, then the nearest priced destination from it. */
    int n = region_count();
    const struct region_info *best_a = NULL;
    double best_d = INFINITY;
    for (int i = 0; i < n; i++) {
        const struct region_info *r = region_at(i);
        if (!may_stand_in(a, r) || dist(a, r) >= best_d)
            continue;
        bool priced = false;
        for (int j = 0; j < n && !priced; j++)
            priced =
                j != i && may_stand_in(b, region_at(j)) && !isnan(price_exact(r, region_at(j)));
        if (priced) {
            best_a = r;
            best_d = dist(a, r);
        }
    }
    if (best_a == NULL)
        return TRANSFER_FALLBACK_USD_GB;
    double price = TRANSFER_FALLBACK_USD_GB;
    best_d = INFINITY;
    for (int j = 0; j < n; j++) {
        const struct region_info *r = region_at(j);
        if (r == best_a || !may_stand_in(b, r) || dist(b, r) >= best_d)
            continue;
        double v = price_exact(best_a, r);
        if (!isnan(v)) {
            price = v;
            best_d = dist(b, r);
        }
    }
    return price;
}

double transfer_internet_usd_gb(const struct region_info *r)
{
    if (r == NULL || strcmp(r->provider, "aws") != 0)
        return 0.0;
    for (int i = 0; i < data_aws_transfer_rows; i++)
        if (strcmp(data_aws_transfer[i].dst, "internet") == 0 &&
            strcmp(data_aws_transfer[i].src, r->name) == 0)
            return data_aws_transfer[i].v;
    return 0.0;
}

static double gbps_exact(const struct region_info *a, const struct region_info *b)
{
    double v = pair_lookup(data_throughput, data_throughput_rows, NULL, a, b);
    return isnan(v) ? pair_lookup(data_throughput, data_throughput_rows, NULL, b, a) : v;
}

double transfer_throughput_bps(const struct latency_point *a, const struct latency_point *b,
                               bool *measured)
{
    if (measured)
        *measured = false;
    double v = NAN;
    if (a->region && b->region && a->region != b->region) {
        v = gbps_exact(a->region, b->region);
        if (!isnan(v) && measured)
            *measured = true;
    }
    /* Nearest measured pair with both ends within the neighbour radius. */
    double best_d = INFINITY, found = NAN;
    int n = region_count();
    for (int i = 0; i < n && isnan(v); i++) {
        const struct region_info *ra = region_at(i);
        double da = dist(a, ra);
        if (da > LATENCY_NEIGHBOUR_KM)
            continue;
        for (int j = 0; j < n; j++) {
            const struct region_info *rb = region_at(j);
            double db = dist(b, rb);
            if (j == i || db > LATENCY_NEIGHBOUR_KM || da + db >= best_d)
                continue;
            double g = gbps_exact(ra, rb);
            if (!isnan(g)) {
                best_d = da + db;
                found = g;
            }
        }
    }
    if (isnan(v))
        v = found;
    if (isnan(v) || (a->region && a->region == b->region))
        v = TRANSFER_FALLBACK_GBPS;
    return v * 1e9 / 8.0;
}
