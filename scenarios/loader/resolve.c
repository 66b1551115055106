/* After the walk: region names to the catalog (or custom coordinates), user
 * populations, deferred references, the checks that span several keys, and
 * the precomputed matrices (RTT, user RTT, transfer price, throughput). */
#include <math.h>
#include <string.h>
#include <strings.h>

#include "models/jurisdiction.h"
#include "models/latency.h"
#include "models/region.h"
#include "models/strategies/registry.h"
#include "models/transfer.h"
#include "scenarios/loader/internal.h"

/* Catalog entries of the scenario's regions (NULL for custom ones). */
struct resolved {
    const struct region_info *cat[SCENARIO_MAX_REGIONS];
    const struct region_info *user_region[SCENARIO_MAX_USERS];
};

static void resolve_regions(struct ldr *L, struct resolved *R)
{
    struct scenario *s = L->s;
    for (int i = 0; i < s->n_regions; i++) {
        struct scenario_region *r = &s->regions[i];
        struct ldr_place *pl = &L->regions[i];
        if (r->name[0] == '\0')
            continue;
        bool ambiguous;
        const struct region_info *c = region_find(r->name, &ambiguous);
        if (pl->has_lat || pl->has_lon) {
            if (!(pl->has_lat && pl->has_lon))
                ldr_error(L, pl->mark, "custom region '%s' needs both 'lat' and 'lon'", r->name);
            else if (c)
                ldr_error(L, pl->mark,
                          "'%s' is a catalog region (%s, %s); drop lat/lon to use "
                          "it, or give your custom region another name",
                          r->name, c->provider, c->metro);
            strcpy(r->provider, "custom");
        } else if (c) {
            R->cat[i] = c;
            snprintf(r->name, sizeof r->name, "%s", c->name);
            snprintf(r->provider, sizeof r->provider, "%s", c->provider);
            r->lat = c->lat;
            r->lon = c->lon;
        } else if (ambiguous) {
            ldr_error(L, pl->mark,
                      "'%s' names regions of several providers; prefix it with "
                      "aws:, azure: or gcp:",
                      r->name);
        } else if (region_find_population(r->name)) {
            ldr_error(L, pl->mark,
                      "'%s' is a user population, not a region; list it under "
                      "'users' and name cloud regions here (us-east-1, westeurope, "
                      "europe-west1)",
                      r->name);
        } else {
            const char *near = region_suggest(r->name);
            if (near && !region_find_population(near))
                ldr_error(L, pl->mark, "unknown region '%s'; did you mean '%s'?", r->name, near);
            else
                ldr_error(L, pl->mark,
                          "unknown region '%s' (`regionsim regions` lists the "
                          "catalog; a custom region gives lat and lon)",
                          r->name);
        }
        for (int j = 0; j < i; j++)
            if (strcmp(s->regions[j].name, r->name) == 0) {
                ldr_error(L, pl->mark, "region '%s' is listed twice", r->name);
                break;
            }
    }
    if (!L->has_regions)
        ldr_error(L, L->root_mark,
                  "a scenario needs 'regions', at least two: "
                  "regions: [us-east-1, eu-west-1]");
    else if (s->n_regions < 2 && L->n_errors == 0)
        ldr_error(L, L->regions_mark,
                  "a scenario needs at least two regions to fail over "
                  "between");
}

/* Index of name among the scenario's regions, or -1. */
static int scenario_region(const struct scenario *s, const char *name)
{
    const struct region_info *c = region_find(name, NULL);
    for (int i = 0; i < s->n_regions; i++)
        if (strcasecmp(s->regions[i].name, name) == 0 ||
            (c && strcmp(c->name, s->regions[i].name) == 0 &&
             strcmp(c->provider, s->regions[i].provider) == 0))
            return i;
    return -1;
}

static void resolve_refs(struct ldr *L)
{
    struct scenario *s = L->s;
    const char *names[SCENARIO_MAX_REGIONS];
    char list[SCENARIO_MAX_REGIONS * (SCENARIO_NAME_MAX + 2)] = "";
    size_t used = 0;
    int n_names = 0;
    for (int i = 0; i < s->n_regions; i++) {
        if (s->regions[i].provider[0] == '\0')
            continue; /* unknown: reported already, never suggested */
        names[n_names] = s->regions[i].name;
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", n_names ? ", " : "",
                                 names[n_names]);
        n_names++;
    }
    for (int i = 0; i < L->n_refs; i++) {
        struct ldr_ref *r = &L->refs[i];
        if (strcmp(r->name, "all") == 0) {
            if (r->allow_all)
                *r->target = -1;
            else
                ldr_error(L, r->mark,
                          "'%s' takes one region here ('all' is for stochastic "
                          "failures)",
                          r->what);
            continue;
        }
        int k = scenario_region(s, r->name);
        if (k >= 0) {
            *r->target = k;
            continue;
        }
        const char *near = ldr_nearest(r->name, names, n_names);
        if (near)
            ldr_error(L, r->mark,
                      "'%s' names region '%s', which is not in this scenario's "
                      "regions; did you mean '%s'?",
                      r->what, r->name, near);
        else
            ldr_error(L, r->mark,
                      "'%s' names region '%s', which is not in this scenario's "
                      "regions (%s)",
                      r->what, r->name, list);
        *r->target = -2; /* marks the failed reference for later checks */
    }
}

static yaml_mark_t ref_mark(const struct ldr *L, const int *target, yaml_mark_t fallback)
{
    for (int i = 0; i < L->n_refs; i++)
        if (L->refs[i].target == target)
            return L->refs[i].mark;
    return fallback;
}

/* No `users`: one population per region, the nearest one (no continent
 * aliases), equal shares. */
static void default_users(struct scenario *s)
{
    for (int i = 0; i < s->n_regions && s->n_users < SCENARIO_MAX_USERS; i++) {
        const struct population_info *best = NULL;
        double best_km = INFINITY;
        for (int p = 0; p < region_population_count(); p++) {
            const struct population_info *u = region_population_at(p);
            double km =
                latency_great_circle_km(u->lat, u->lon, s->regions[i].lat, s->regions[i].lon);
            if (strstr(u->where, "alias") == NULL && km < best_km) {
                best_km = km;
                best = u;
            }
        }
        bool dup = best == NULL;
        for (int j = 0; j < s->n_users && !dup; j++)
            dup = strcmp(s->users[j].from, best->name) == 0;
        if (dup)
            continue;
        struct scenario_users *u = &s->users[s->n_users++];
        scenario_users_defaults(u);
        snprintf(u->from, sizeof u->from, "%s", best->name);
        u->lat = best->lat;
        u->lon = best->lon;
    }
    for (int i = 0; i < s->n_users; i++) {
        s->users[i].share = 1.0 / s->n_users;
        s->users[i].utc_offset_hours = s->users[i].lon / 15.0;
    }
}

/* Where user population i is, when its item gives no coordinates: a
 * population of the catalog, a region of the scenario, or any catalog region. */
static void place_user(struct ldr *L, struct resolved *R, int i)
{
    struct scenario *s = L->s;
    struct scenario_users *u = &s->users[i];
    const struct population_info *p = region_find_population(u->from);
    int k = scenario_region(s, u->from);
    const struct region_info *c = region_find(u->from, NULL);
    if (p) {
        u->lat = p->lat;
        u->lon = p->lon;
    } else if (k >= 0) {
        u->lat = s->regions[k].lat;
        u->lon = s->regions[k].lon;
        R->user_region[i] = R->cat[k];
    } else if (c) {
        u->lat = c->lat;
        u->lon = c->lon;
        R->user_region[i] = c;
    } else {
        const char *near = region_suggest(u->from);
        if (near)
            ldr_error(L, L->users[i].mark, "unknown population or region '%s'; did you mean '%s'?",
                      u->from, near);
        else
            ldr_error(L, L->users[i].mark,
                      "unknown population or region '%s' (`regionsim regions` lists them)",
                      u->from);
    }
}

/* Shares: all given (summing to 100%, rounding forgiven), or none (equal). */
static void user_shares(struct ldr *L, int with_share)
{
    struct scenario *s = L->s;
    if (with_share == 0) {
        for (int i = 0; i < s->n_users; i++)
            s->users[i].share = 1.0 / s->n_users;
    } else if (with_share < s->n_users) {
        for (int i = 0; i < s->n_users; i++)
            if (!L->users[i].has_share) {
                ldr_error(L, L->users[i].mark,
                          "give every user population a 'share', or none (then they are equal)");
                break;
            }
    } else {
        double sum = 0;
        for (int i = 0; i < s->n_users; i++)
            sum += s->users[i].share;
        /* Shares written as rounded percentages (33.3% x 3) are within 0.5%. */
        if (fabs(sum - 1.0) > 0.005)
            ldr_error(L, L->users_mark, "user shares sum to %.4g%%, not 100%%", sum * 100);
        else
            for (int i = 0; i < s->n_users; i++)
                s->users[i].share /= sum;
    }
}

static void resolve_users(struct ldr *L, struct resolved *R)
{
    struct scenario *s = L->s;
    if (!L->has_users) {
        default_users(s);
        return;
    }
    int with_share = 0;
    for (int i = 0; i < s->n_users; i++) {
        struct scenario_users *u = &s->users[i];
        const struct ldr_place *pl = &L->users[i];
        with_share += pl->has_share;
        if (u->from[0] == '\0')
            continue;
        if (!(pl->has_lat && pl->has_lon))
            place_user(L, R, i);
        for (int j = 0; j < i; j++)
            if (strcmp(s->users[j].from, u->from) == 0) {
                ldr_error(L, pl->mark, "user population '%s' is listed twice", u->from);
                break;
            }
        u->utc_offset_hours = u->lon / 15.0;
    }
    user_shares(L, with_share);
}

/* A set of serving regions (all when not given) with the primary among them. */
static void resolve_set(struct ldr *L, int k, struct scenario_strategy *st, bool has_regions)
{
    struct scenario *s = L->s;
    const char *name = strategy_key(k);
    st->recovery = -1;
    if (!has_regions || st->n_regions < 0) {
        st->n_regions = s->n_regions;
        for (int i = 0; i < s->n_regions; i++)
            st->regions[i] = i;
    }
    bool in = false, bad = false;
    for (int i = 0; i < st->n_regions; i++)
        bad = bad || st->regions[i] < 0;
    for (int i = 0; i < st->n_regions && !bad; i++) {
        in = in || st->regions[i] == st->primary;
        for (int j = 0; j < i; j++)
            if (st->regions[j] == st->regions[i])
                ldr_error(L, ref_mark(L, &st->regions[i], L->strategy_mark[k]),
                          "region '%s' is listed twice in %s", s->regions[st->regions[i]].name,
                          name);
    }
    if (!in && !bad)
        ldr_error(L, ref_mark(L, &st->primary, L->strategy_mark[k]),
                  "the primary of %s ('%s') must be one of its regions", name,
                  s->regions[st->primary].name);
}

/* A recovery region (the first other region when not given). */
static void resolve_pair(struct ldr *L, int k, struct scenario_strategy *st, bool has_recovery)
{
    if (!has_recovery)
        st->recovery = st->primary == 0 ? 1 : 0;
    if (st->recovery == st->primary)
        ldr_error(L, ref_mark(L, &st->recovery, L->strategy_mark[k]),
                  "%s: the recovery region must differ from the primary ('%s')", strategy_key(k),
                  L->s->regions[st->primary].name);
}

static void resolve_strategies(struct ldr *L)
{
    struct scenario *s = L->s;
    for (int k = 0; k < strategy_count(); k++) {
        struct scenario_strategy *st = &s->strategies[k];
        st->enabled = L->has_strategies ? L->strategy_listed[k] : true;
        if (!st->enabled || s->n_regions < 2)
            continue;
        uint64_t keys = L->strategy_keys[k];
        /* Indices of "primary", "recovery", "regions" in the strategy table. */
        bool has_primary = keys & 1, has_recovery = keys & 2, has_regions = keys & 4;
        if (st->primary < 0 || st->recovery < -1)
            continue; /* a bad reference was reported */
        if (!has_primary)
            st->primary = 0;
        int others = s->n_regions - 1;
        switch (strategy_placement(k)) {
        case STRATEGY_SET:
            resolve_set(L, k, st, has_regions);
            others = st->n_regions - 1;
            break;
        case STRATEGY_PAIR:
            resolve_pair(L, k, st, has_recovery);
            break;
        }
        if (st->replication == REPL_SEMI_SYNC && st->semi_sync_acks > others)
            ldr_error(L, L->strategy_mark[k],
                      "%s: semi_sync with acks: %d needs %d other "
                      "regions, the scenario has %d",
                      strategy_key(k), st->semi_sync_acks, st->semi_sync_acks, others);
    }
}

static void check_failures(struct ldr *L)
{
    struct scenario *s = L->s;
    char a[32], b[32];
    for (int i = 0; i < s->n_failures; i++) {
        struct scenario_failure *f = &s->failures[i];
        if (f->kind == FAILURE_KIND_COUNT)
            continue;
        if (!f->stochastic && f->at >= s->horizon)
            ldr_error(L, L->failure_at_mark[i],
                      "this failure starts at %s, outside the horizon "
                      "(%s); move it earlier or lengthen 'horizon'",
                      sim_time_format(f->at, a, sizeof a),
                      sim_time_format(s->horizon, b, sizeof b));
        if (f->region >= 0 && f->region_b >= 0 && f->region == f->region_b)
            ldr_error(L, ref_mark(L, &f->region_b, L->failure_at_mark[i]),
                      "%s needs two different regions", failure_key(f->kind));
    }
}

static struct latency_point point(const struct region_info *c, double lat, double lon)
{
    struct latency_point p = {c, lat, lon};
    return p;
}

static void matrices(struct ldr *L, const struct resolved *R)
{
    struct scenario *s = L->s;
    for (int i = 0; i < s->n_regions; i++) {
        struct latency_point a = point(R->cat[i], s->regions[i].lat, s->regions[i].lon);
        s->internet_usd_gb[i] = L->internet_given ? 0.0 : transfer_internet_usd_gb(R->cat[i]);
        for (int j = 0; j < s->n_regions; j++) {
            struct latency_point b = point(R->cat[j], s->regions[j].lat, s->regions[j].lon);
            s->rtt_ms[i][j] = latency_rtt_ms(&a, &b, LATENCY_TABLES_ALL, NULL);
            if (i == j)
                s->transfer_usd_gb[i][j] = 0;
            else if (s->costs.transfer_gb >= 0)
                s->transfer_usd_gb[i][j] = s->costs.transfer_gb;
            else
                s->transfer_usd_gb[i][j] = transfer_usd_gb(&a, &b, NULL);
            s->throughput_bps[i][j] = transfer_throughput_bps(&a, &b, NULL);
        }
        for (int u = 0; u < s->n_users; u++) {
            struct latency_point p = point(R->user_region[u], s->users[u].lat, s->users[u].lon);
            s->user_rtt_ms[u][i] =
                LATENCY_ACCESS_MS + latency_rtt_ms(&p, &a, LATENCY_TABLES_ALL, NULL);
        }
    }
}

/* Each population's residency as a set of scenario regions: a region by
 * name, or every region in a jurisdiction (models/jurisdiction.h). */
static void resolve_residency(struct ldr *L)
{
    struct scenario *s = L->s;
    for (int i = 0; i < L->n_res; i++) {
        const struct ldr_res *r = &L->res[i];
        int k = scenario_region(s, r->name);
        uint32_t bits = k >= 0 ? 1u << k : 0;
        if (k < 0 && !jurisdiction_known(r->name)) {
            ldr_error(L, r->mark,
                      "'%s' in residency is neither a region of this scenario nor a "
                      "jurisdiction (eu, eea, or a country code such as de)",
                      r->name);
            continue;
        }
        for (int g = 0; k < 0 && g < s->n_regions; g++)
            if (jurisdiction_contains(r->name, region_country(s->regions[g].name)))
                bits |= 1u << g;
        if (bits == 0)
            ldr_error(L, r->mark, "residency '%s' allows none of this scenario's regions", r->name);
        s->users[r->user].residency |= bits;
    }
}

/* A rate of sampled requests with a model that needs every request. */
static void check_sampling(struct ldr *L)
{
    const struct scenario *s = L->s;
    const char *model = scenario_per_request_model(s);
    if (s->workload.sample_rate > 0 && model)
        ldr_error(L, L->sample_rate_mark,
                  "'sample_rate: %g/s' cannot be used with %s, which follows every request "
                  "(a sample would starve it); expected auto (which runs it exactly) or exact",
                  s->workload.sample_rate, model);
}

void ldr_resolve(struct ldr *L)
{
    struct resolved R;
    memset(&R, 0, sizeof R);
    resolve_regions(L, &R);
    resolve_refs(L);
    resolve_residency(L);
    resolve_users(L, &R);
    resolve_strategies(L);
    check_failures(L);
    check_sampling(L);
    if (L->n_errors == 0)
        matrices(L, &R);
    if (L->n_errors == 0 && L->latency_file[0])
        ldr_latency_csv(L);
}
