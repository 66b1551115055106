/* The list-valued parts of a scenario (regions, users, failures) and the
 * strategy blocks: item tables, per-item checks that need several keys at
 * once, and region names deferred until the whole file is read. */
#include <stddef.h>
#include <string.h>

#include "models/failure.h"
#include "models/strategies/registry.h"
#include "scenarios/loader/internal.h"

/* Short names for the tables below (internal.h). */
#define T LDR_TABLE
#define F LDR_FIELD

bool ldr_defer_region(struct ldr *L, yaml_node_t *n, int *target, bool allow_all, const char *what)
{
    char name[SCENARIO_NAME_MAX];
    if (!ldr_string(L, n, what, name, sizeof name))
        return false;
    if (L->n_refs >= LDR_MAX_REFS) {
        ldr_error(L, n->start_mark, "too many region references (at most %d)", LDR_MAX_REFS);
        return false;
    }
    struct ldr_ref *r = &L->refs[L->n_refs++];
    strcpy(r->name, name);
    r->mark = n->start_mark;
    r->target = target;
    r->allow_all = allow_all;
    r->what = what;
    return true;
}

static yaml_node_t *item(struct ldr *L, yaml_node_t *seq, int i)
{
    return ldr_node(L, seq->data.sequence.items.start[i]);
}

static int count(yaml_node_t *seq)
{
    return (int)(seq->data.sequence.items.top - seq->data.sequence.items.start);
}

/* A list (or an error naming key); returns the item count or -1. */
static int list(struct ldr *L, yaml_node_t *n, const char *key, const char *example)
{
    if (n->type != YAML_SEQUENCE_NODE) {
        ldr_error(L, n->start_mark, "'%s' expects a list (%s), not %s", key, example,
                  ldr_kind_name(n));
        return -1;
    }
    return count(n);
}

/* ---- regions ---------------------------------------------------------- */

const struct ldr_field ldr_region_fields[] = {
    F("name", LDR_STR, struct scenario_region, name, .hi = SCENARIO_NAME_MAX),
    F("lat", LDR_NUM, struct scenario_region, lat, .lo = -90, .hi = 90),
    F("lon", LDR_NUM, struct scenario_region, lon, .lo = -180, .hi = 180),
    F("instances", LDR_INT, struct scenario_region, instances, .lo = 1, .hi = 100000),
    F("concurrency", LDR_INT, struct scenario_region, concurrency, .lo = 1, .hi = 100000),
    F("max_queue", LDR_INT, struct scenario_region, max_queue, .lo = 1, .hi = 100000000),
    F("weight", LDR_NUM, struct scenario_region, weight, .lo = 0, .hi = 1e6),
};
const struct ldr_table ldr_region_item = T(ldr_region_fields, "a region");

void ldr_regions(struct ldr *L, yaml_node_t *n, void *target)
{
    (void)target;
    L->has_regions = true;
    L->regions_mark = n->start_mark;
    int n_items = list(L, n, "regions", "[us-east-1, eu-west-1]");
    for (int i = 0; i < n_items; i++) {
        yaml_node_t *it = item(L, n, i);
        if (it == NULL || !ldr_enter(L, it))
            return;
        if (L->s->n_regions == SCENARIO_MAX_REGIONS) {
            ldr_error(L, it->start_mark, "too many regions: at most %d", SCENARIO_MAX_REGIONS);
            ldr_leave(L);
            return;
        }
        struct scenario_region *r = &L->s->regions[L->s->n_regions];
        struct ldr_place *pl = &L->regions[L->s->n_regions];
        scenario_region_defaults(r);
        memset(pl, 0, sizeof *pl);
        pl->mark = it->start_mark;
        if (it->type == YAML_MAPPING_NODE) {
            struct ldr_seen seen;
            ldr_map(L, it, &ldr_region_item, r, &seen);
            pl->has_lat = seen.bits & 2;
            pl->has_lon = seen.bits & 4;
            if (!(seen.bits & 1))
                ldr_error(L, it->start_mark,
                          "a region needs a 'name' (a catalog id such as "
                          "us-east-1, or your own with lat and lon)");
            else
                pl->mark = seen.value[0]->start_mark;
        } else if (it->type == YAML_SEQUENCE_NODE) {
            ldr_error(L, it->start_mark,
                      "each item of 'regions' is a region id or a mapping "
                      "{ name: ..., lat: ..., lon: ... }, not a list");
        } else {
            ldr_string(L, it, "regions", r->name, sizeof r->name);
        }
        strcpy(pl->name, r->name);
        L->s->n_regions++;
        ldr_leave(L);
    }
}

/* ---- users ------------------------------------------------------------ */

const struct ldr_field ldr_user_fields[] = {
    F("from", LDR_STR, struct scenario_users, from, .hi = SCENARIO_NAME_MAX),
    F("name", LDR_STR, struct scenario_users, from, .hi = SCENARIO_NAME_MAX),
    F("lat", LDR_NUM, struct scenario_users, lat, .lo = -90, .hi = 90),
    F("lon", LDR_NUM, struct scenario_users, lon, .lo = -180, .hi = 180),
    F("share", LDR_FRAC, struct scenario_users, share),
    F("diurnal_ratio", LDR_NUM, struct scenario_users, diurnal_ratio, .lo = 1, .hi = 100),
    F("peak_hour", LDR_INT, struct scenario_users, peak_hour, .lo = 0, .hi = 23),
    F("resolvers", LDR_INT, struct scenario_users, resolvers, .lo = 1, .hi = 100000),
    F("residency", LDR_FN, struct scenario_users, residency, .fn = ldr_residency),
};
const struct ldr_table ldr_user_item = T(ldr_user_fields, "a user population");

void ldr_users(struct ldr *L, yaml_node_t *n, void *target)
{
    (void)target;
    L->has_users = true;
    L->users_mark = n->start_mark;
    int n_items = list(L, n, "users", "- { from: europe-west, share: 30% }");
    if (n_items == 0)
        ldr_error(L, n->start_mark,
                  "'users' is empty; list at least one population, or leave "
                  "'users' out for one population per region");
    for (int i = 0; i < n_items; i++) {
        yaml_node_t *it = item(L, n, i);
        if (it == NULL || !ldr_enter(L, it))
            return;
        if (L->s->n_users == SCENARIO_MAX_USERS) {
            ldr_error(L, it->start_mark, "too many user populations: at most %d",
                      SCENARIO_MAX_USERS);
            ldr_leave(L);
            return;
        }
        struct scenario_users *u = &L->s->users[L->s->n_users];
        struct ldr_place *pl = &L->users[L->s->n_users];
        scenario_users_defaults(u);
        memset(pl, 0, sizeof *pl);
        pl->mark = it->start_mark;
        if (it->type == YAML_MAPPING_NODE) {
            struct ldr_seen seen;
            ldr_map(L, it, &ldr_user_item, u, &seen);
            bool from = seen.bits & 1, name = seen.bits & 2;
            pl->has_lat = seen.bits & 4;
            pl->has_lon = seen.bits & 8;
            pl->has_share = seen.bits & 16;
            pl->share_mark = seen.key[4];
            if (from && (name || pl->has_lat || pl->has_lon))
                ldr_error(L, seen.key[0],
                          "give 'from' (a population or region) or 'name' with "
                          "'lat' and 'lon', not both");
            else if (!from && !(name && pl->has_lat && pl->has_lon))
                ldr_error(L, it->start_mark,
                          "a user population needs 'from' (a population such "
                          "as europe-west, or a region), or 'name', 'lat' and "
                          "'lon'");
            if (from)
                pl->mark = seen.value[0]->start_mark;
        } else if (it->type == YAML_SEQUENCE_NODE) {
            ldr_error(L, it->start_mark,
                      "each item of 'users' is a population name or a mapping "
                      "{ from: ..., share: ... }, not a list");
        } else {
            ldr_string(L, it, "users", u->from, sizeof u->from);
        }
        strcpy(pl->name, u->from);
        L->s->n_users++;
        ldr_leave(L);
    }
}

/* ---- failures --------------------------------------------------------- */

static const struct ldr_enum failure_names[] = {
#define FAILURE_NAME(id, key) {key, FAILURE_##id},
    FAILURE_MAP(FAILURE_NAME)
#undef FAILURE_NAME
        {NULL, 0}};

enum {
    FK_KIND,
    FK_AT,
    FK_DURATION,
    FK_MTBF,
    FK_MTTR,
    FK_REGION,
    FK_BETWEEN,
    FK_CAPACITY,
    FK_EXTRA,
    FK_LOSS,
    FK_DETECT
};
const struct ldr_field ldr_failure_fields[] = {
    F("kind", LDR_ENUM, struct scenario_failure, kind, .names = failure_names),
    F("at", LDR_DUR, struct scenario_failure, at),
    F("duration", LDR_DUR, struct scenario_failure, duration, .flags = LDR_POSITIVE | LDR_FOREVER),
    F("mtbf", LDR_DUR, struct scenario_failure, mtbf, .flags = LDR_POSITIVE),
    F("mttr", LDR_DIST, struct scenario_failure, mttr, .flags = LDR_POSITIVE),
    /* LDR_SOME: only the kinds whose row lists the key accept it. */
    F("region", LDR_FN, struct scenario_failure, region, .flags = LDR_SOME), /* read below */
    F("between", LDR_FN, struct scenario_failure, region, .flags = LDR_SOME),
    F("capacity_lost", LDR_FRAC, struct scenario_failure, capacity_lost, .flags = LDR_SOME),
    F("extra_latency", LDR_DUR, struct scenario_failure, extra_latency, .flags = LDR_SOME),
    F("loss", LDR_FRAC, struct scenario_failure, loss, .flags = LDR_SOME),
    F("detect", LDR_DUR, struct scenario_failure, detect, .flags = LDR_SOME),
};
const struct ldr_table ldr_failure_item = T(ldr_failure_fields, "a failure");

static bool has(const struct ldr_seen *s, int k)
{
    return (s->bits >> k) & 1;
}

/* The failure kinds, or those that accept key (NULL: all), as "a, b and c"
 * (`last`: " and " or " or "). */
static const char *kinds_list(const char *key, const char *last, char *buf, size_t size)
{
    int left = 0;
    for (int k = 0; k < FAILURE_KIND_COUNT; k++)
        left += !key || failure_accepts((enum failure_kind)k, key);
    size_t used = 0;
    buf[0] = '\0';
    for (int k = 0; k < FAILURE_KIND_COUNT && used < size; k++) {
        if (key && !failure_accepts((enum failure_kind)k, key))
            continue;
        left--;
        used += (size_t)snprintf(buf + used, size - used, "%s%s",
                                 used == 0 ? "" : left == 0 ? last : ", ",
                                 failure_key((enum failure_kind)k));
    }
    return buf;
}

/* Keys only some kinds accept (LDR_SOME in the failure table). */
static void only_for(struct ldr *L, const struct ldr_seen *seen, enum failure_kind kind)
{
    char buf[256];
    for (int key = 0; key < ldr_failure_item.n; key++) {
        const char *name = ldr_failure_fields[key].key;
        if ((ldr_failure_fields[key].flags & LDR_SOME) && has(seen, key) &&
            !failure_accepts(kind, name))
            ldr_error(L, seen->key[key], "'%s' does not apply to %s; it is for %s", name,
                      failure_key(kind), kinds_list(name, " and ", buf, sizeof buf));
    }
}

/* When a failure happens: `at` + `duration` (scheduled) or `mtbf` + `mttr`
 * (stochastic), never a mixture. False when neither or both were given. */
static bool failure_when(struct ldr *L, yaml_node_t *it, const struct ldr_seen *seen,
                         struct scenario_failure *f, int index)
{
    f->stochastic = has(seen, FK_MTBF);
    if (has(seen, FK_AT) && f->stochastic) {
        ldr_error(L, seen->key[FK_MTBF],
                  "give 'at' and 'duration' (scheduled) or 'mtbf' and 'mttr' (stochastic), not "
                  "both");
        return false;
    }
    if (!has(seen, FK_AT) && !f->stochastic) {
        ldr_error(L, it->start_mark,
                  "a failure needs 'at' (scheduled, with 'duration') or 'mtbf' (stochastic "
                  "outages, with 'mttr')");
        return false;
    }
    if (has(seen, FK_AT))
        L->failure_at_mark[index] = seen->value[FK_AT]->start_mark;
    if (!f->stochastic && !has(seen, FK_DURATION))
        ldr_error(L, seen->key[FK_AT], "a scheduled failure needs 'duration' (e.g. 2h, or forever)");
    if (f->stochastic && has(seen, FK_DURATION))
        ldr_error(L, seen->key[FK_DURATION],
                  "a stochastic failure takes 'mttr' (repair time), not 'duration'");
    if (!f->stochastic && has(seen, FK_MTTR))
        ldr_error(L, seen->key[FK_MTTR], "'mttr' is for stochastic failures (with 'mtbf')");
    if (f->stochastic && sim_time_to_sec(f->mtbf) <= sim_dur_mean_sec(&f->mttr))
        ldr_error(L, seen->key[FK_MTBF],
                  "'mtbf' (%.4g h) is the mean time between failure starts: it must exceed "
                  "the mean 'mttr' (%.4g h)",
                  sim_time_to_sec(f->mtbf) / 3600, sim_dur_mean_sec(&f->mttr) / 3600);
    return true;
}

/* `between: [A, B]`: the two ends of a link, resolved later. */
static void failure_link(struct ldr *L, yaml_node_t *it, const struct ldr_seen *seen,
                         struct scenario_failure *f)
{
    yaml_node_t *b = has(seen, FK_BETWEEN) ? seen->value[FK_BETWEEN] : NULL;
    if (b == NULL) {
        ldr_error(L, it->start_mark, "%s needs 'between: [REGION, REGION]'", failure_key(f->kind));
        return;
    }
    if (b->type != YAML_SEQUENCE_NODE || count(b) != 2) {
        ldr_error(L, b->start_mark, "'between' expects two regions: [us-east-1, eu-west-1]");
        return;
    }
    yaml_node_t *a = item(L, b, 0), *c = item(L, b, 1);
    if (a && c && ldr_enter(L, a)) {
        ldr_defer_region(L, a, &f->region, false, "between");
        ldr_leave(L);
        if (ldr_enter(L, c)) {
            ldr_defer_region(L, c, &f->region_b, false, "between");
            ldr_leave(L);
        }
    }
}

static void failure_item(struct ldr *L, yaml_node_t *it, struct scenario_failure *f, int index)
{
    struct ldr_seen seen;
    scenario_failure_defaults(f);
    f->line = (int)it->start_mark.line + 1;
    L->failure_at_mark[index] = it->start_mark;
    ldr_map(L, it, &ldr_failure_item, f, &seen);
    if (it->type != YAML_MAPPING_NODE)
        return;
    if (!has(&seen, FK_KIND)) {
        char kinds[256];
        ldr_error(L, it->start_mark, "a failure needs 'kind' (%s)",
                  kinds_list(NULL, " or ", kinds, sizeof kinds));
        return;
    }
    if (f->kind == FAILURE_KIND_COUNT)
        return; /* a bad kind was reported */
    enum failure_kind k = f->kind;
    if (!failure_when(L, it, &seen, f, index))
        return;

    enum failure_place place = failure_type(k)->place;
    /* A region-or-link kind takes `between` (a link) or `region` (that
     * region's access path from users). */
    const bool needs_region = place == FAILURE_AT_REGION ||
                              (place == FAILURE_REGION_OR_LINK && !has(&seen, FK_BETWEEN));
    const bool on_link = place == FAILURE_ON_LINK || place == FAILURE_REGION_OR_LINK;
    only_for(L, &seen, k);
    if (place == FAILURE_REGION_OR_LINK && has(&seen, FK_REGION) && has(&seen, FK_BETWEEN))
        ldr_error(L, seen.key[FK_REGION],
                  "%s takes 'between' (a link) or 'region' (its users' access), not both",
                  failure_key(k));
    if (has(&seen, FK_REGION) && needs_region)
        ldr_defer_region(L, seen.value[FK_REGION], &f->region, f->stochastic, "region");
    else if (needs_region && !f->stochastic)
        ldr_error(L, it->start_mark, "%s needs 'region'%s", failure_key(k),
                  place == FAILURE_REGION_OR_LINK ? " or 'between: [REGION, REGION]'" : "");
    if (on_link && !needs_region)
        failure_link(L, it, &seen, f);
}

void ldr_failures(struct ldr *L, yaml_node_t *n, void *target)
{
    (void)target;
    int n_items = list(L, n, "failures",
                       "- { kind: region_outage, region: us-east-1, at: 6h, "
                       "duration: 2h }");
    for (int i = 0; i < n_items; i++) {
        yaml_node_t *it = item(L, n, i);
        if (it == NULL || !ldr_enter(L, it))
            return;
        if (L->s->n_failures == SCENARIO_MAX_FAILURES) {
            ldr_error(L, it->start_mark, "too many failures: at most %d", SCENARIO_MAX_FAILURES);
            ldr_leave(L);
            return;
        }
        int idx = L->s->n_failures++;
        failure_item(L, it, &L->s->failures[idx], idx);
        ldr_leave(L);
    }
}

/* ---- strategies ------------------------------------------------------- */

static void primary_ref(struct ldr *L, yaml_node_t *n, void *target)
{
    ldr_defer_region(L, n, target, false, "primary");
}

static void recovery_ref(struct ldr *L, yaml_node_t *n, void *target)
{
    ldr_defer_region(L, n, target, false, "recovery");
}

/* `regions: all` or a list of scenario regions (a strategy placing a set). */
void ldr_region_list(struct ldr *L, yaml_node_t *n, void *target)
{
    struct scenario_strategy *st =
        (struct scenario_strategy *)((char *)target - offsetof(struct scenario_strategy, regions));
    if (n->type == YAML_SCALAR_NODE && strcmp((const char *)n->data.scalar.value, "all") == 0) {
        st->n_regions = -1; /* resolved to every region */
        return;
    }
    int n_items = list(L, n, "regions", "all, or [us-east-1, eu-west-1]");
    if (n_items > SCENARIO_MAX_REGIONS) {
        ldr_error(L, n->start_mark, "too many regions: at most %d", SCENARIO_MAX_REGIONS);
        return;
    }
    if (n_items >= 0 && n_items < 2) {
        ldr_error(L, n->start_mark, "%s needs at least two regions", strategy_key(L->strategy_at));
        return;
    }
    st->n_regions = 0;
    for (int i = 0; i < n_items; i++) {
        yaml_node_t *it = item(L, n, i);
        if (it == NULL || !ldr_enter(L, it))
            return;
        if (ldr_defer_region(L, it, &st->regions[i], false, "regions"))
            st->n_regions++;
        ldr_leave(L);
    }
}

/* dns.health_check.from: the scenario regions the checkers probe from. */
void ldr_checker_list(struct ldr *L, yaml_node_t *n, void *target)
{
    struct scenario_dns *d =
        (struct scenario_dns *)((char *)target - offsetof(struct scenario_dns, hc_from));
    int n_items = list(L, n, "from", "[us-east-2, eu-west-1]");
    if (n_items > SCENARIO_MAX_REGIONS) {
        ldr_error(L, n->start_mark, "too many checker locations: at most %d", SCENARIO_MAX_REGIONS);
        return;
    }
    d->hc_n_from = 0;
    for (int i = 0; i < n_items; i++) {
        yaml_node_t *it = item(L, n, i);
        if (it == NULL || !ldr_enter(L, it))
            return;
        if (ldr_defer_region(L, it, &d->hc_from[d->hc_n_from], false, "dns.health_check.from"))
            d->hc_n_from++;
        ldr_leave(L);
    }
}

/* users[].residency: scenario regions or jurisdictions (eu, eea, de, ...). */
void ldr_residency(struct ldr *L, yaml_node_t *n, void *target)
{
    struct scenario_users *u =
        (struct scenario_users *)((char *)target - offsetof(struct scenario_users, residency));
    int n_items = list(L, n, "residency", "[eu] or [eu-west-1, eu-central-1]");
    for (int i = 0; i < n_items; i++) {
        yaml_node_t *it = item(L, n, i);
        if (it == NULL || !ldr_enter(L, it))
            return;
        if (L->n_res == LDR_MAX_RES) {
            ldr_error(L, it->start_mark, "too many residency items (at most %d)", LDR_MAX_RES);
            ldr_leave(L);
            return;
        }
        struct ldr_res *r = &L->res[L->n_res];
        if (ldr_string(L, it, "residency", r->name, sizeof r->name)) {
            r->user = (int)(u - L->s->users);
            r->mark = it->start_mark;
            L->n_res++;
        }
        ldr_leave(L);
    }
}

static const struct ldr_enum repl_names[] = {{"async", REPL_ASYNC},
                                             {"semi_sync", REPL_SEMI_SYNC},
                                             {"sync", REPL_SYNC},
                                             {"none", REPL_NONE},
                                             {NULL, 0}};
static const struct ldr_enum writer_names[] = {
    {"single", WRITER_SINGLE}, {"multi", WRITER_MULTI}, {NULL, 0}};
static const struct ldr_enum conflict_names[] = {
    {"lww", CONFLICT_LWW}, {"vector_clock", CONFLICT_VECTOR_CLOCK}, {"crdt", CONFLICT_CRDT}, {NULL, 0}};
static const struct ldr_enum read_names[] = {{"primary", READS_PRIMARY},
                                             {"local", READS_LOCAL},
                                             {"quorum", READS_QUORUM},
                                             {"session", READS_SESSION},
                                             {NULL, 0}};
static const struct ldr_enum fencing_names[] = {
    {"none", FENCING_NONE}, {"lease", FENCING_LEASE}, {"stonith", FENCING_STONITH}, {NULL, 0}};

/* LDR_SOME: only the strategies whose module lists the key accept it. */
#define S(k, ty, m, ...) F(k, ty, struct scenario_strategy, m, __VA_ARGS__)
const struct ldr_field ldr_strategy_fields[] = {
    S("primary", LDR_FN, primary, .fn = primary_ref),
    S("recovery", LDR_FN, recovery, .fn = recovery_ref, .flags = LDR_SOME),
    S("regions", LDR_FN, regions, .fn = ldr_region_list, .flags = LDR_SOME),
    S("replication", LDR_ENUM, replication, .names = repl_names, .flags = LDR_SOME),
    S("acks", LDR_INT, semi_sync_acks, .lo = 1, .hi = SCENARIO_MAX_REGIONS - 1, .flags = LDR_SOME),
    S("lag", LDR_DIST, lag, .flags = LDR_SOME),
    S("writers", LDR_ENUM, writers, .names = writer_names, .flags = LDR_SOME),
    S("conflicts", LDR_ENUM, conflicts, .names = conflict_names, .flags = LDR_SOME),
    S("clock_skew", LDR_DUR, clock_skew, .flags = LDR_SOME),
    S("reads", LDR_ENUM, reads, .names = read_names, .flags = LDR_SOME),
    S("fencing", LDR_ENUM, fencing, .names = fencing_names, .flags = LDR_SOME),
    S("lease", LDR_DUR, lease, .flags = LDR_SOME | LDR_POSITIVE),
    S("stonith", LDR_DIST, stonith, .flags = LDR_SOME),
    S("backup_interval", LDR_DUR, backup_interval, .flags = LDR_POSITIVE),
    S("backup_duration", LDR_DUR, backup_duration),
    S("backup_copy", LDR_DUR, backup_copy),
    S("retention", LDR_INT, backup_retention, .lo = 1, .hi = 1000),
    S("data", LDR_SIZE, data_bytes),
    S("restore_rate", LDR_BRATE, restore_rate),
    S("decide", LDR_DIST, decide),
    S("automatic", LDR_BOOL, automatic),
    S("provision", LDR_DIST, provision, .flags = LDR_SOME),
    S("promote", LDR_DIST, promote, .flags = LDR_SOME),
    S("start_compute", LDR_DIST, start_compute, .flags = LDR_SOME),
    S("scale_up", LDR_DIST, scale_up, .flags = LDR_SOME),
    S("dns_switch", LDR_DIST, dns_switch, .flags = LDR_SOME),
    S("standby", LDR_FRAC, standby, .flags = LDR_SOME),
    S("failback", LDR_BOOL, failback, .flags = LDR_SOME),
};
const struct ldr_table ldr_strategy = T(ldr_strategy_fields, "a strategy");

void ldr_strategies_table(struct ldr_field *fields, struct ldr_table *t)
{
    int n = strategy_count();
    for (int k = 0; k < n; k++)
        fields[k] = (struct ldr_field){
            .key = strategy_key(k),
            .type = LDR_FN,
            .offset = offsetof(struct scenario, strategies) + (size_t)k * sizeof(struct scenario_strategy),
            .fn = ldr_strategy_block,
            .sub = &ldr_strategy,
        };
    *t = (struct ldr_table){"strategies", fields, n};
}

void ldr_strategies(struct ldr *L, yaml_node_t *n, void *target)
{
    struct ldr_field fields[SCENARIO_MAX_STRATEGIES];
    struct ldr_table t;
    ldr_strategies_table(fields, &t);
    ldr_map(L, n, &t, L->s, NULL);
}

void ldr_strategy_block(struct ldr *L, yaml_node_t *n, void *target)
{
    struct scenario_strategy *st = target;
    int k = (int)(st - L->s->strategies);
    L->has_strategies = true;
    L->strategy_listed[k] = true;
    L->strategy_mark[k] = n->start_mark;
    L->in_strategy = true;
    L->strategy_at = k;
    struct ldr_seen seen;
    ldr_map(L, n, &ldr_strategy, st, &seen);
    L->strategy_keys[k] = seen.bits;
    L->in_strategy = false;
}

/* ---- business.sla ----------------------------------------------------- */

static const struct ldr_field sla_fields[] = {
    F("below", LDR_FRAC, struct scenario_sla, below),
    F("credit", LDR_FRAC, struct scenario_sla, credit),
};
const struct ldr_table ldr_sla_item = T(sla_fields, "an SLA credit");

void ldr_sla(struct ldr *L, yaml_node_t *n, void *target)
{
    struct scenario_business *b =
        (struct scenario_business *)((char *)target - offsetof(struct scenario_business, sla));
    int n_items = list(L, n, "sla", "- { below: 99.9%, credit: 10% }");
    for (int i = 0; i < n_items; i++) {
        yaml_node_t *it = item(L, n, i);
        if (it == NULL || !ldr_enter(L, it))
            return;
        if (b->n_sla == SCENARIO_MAX_SLA) {
            ldr_error(L, it->start_mark, "too many SLA credits: at most %d", SCENARIO_MAX_SLA);
            ldr_leave(L);
            return;
        }
        struct scenario_sla *c = &b->sla[b->n_sla];
        struct ldr_seen seen = {0};
        if (it->type != YAML_MAPPING_NODE)
            ldr_error(L, it->start_mark,
                      "each item of 'sla' is a mapping { below: 99.9%%, credit: 10%% }");
        else {
            ldr_map(L, it, &ldr_sla_item, c, &seen);
            if ((seen.bits & 3) != 3)
                ldr_error(L, it->start_mark, "an SLA credit needs both 'below' and 'credit'");
        }
        b->n_sla++;
        ldr_leave(L);
    }
}
