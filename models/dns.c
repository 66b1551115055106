/* The zone and the resolver caches. A resolver fetches on the first lookup
 * after its entry expired and keeps the answer for the TTL (at least the
 * client floor); violators keep it for max(TTL, a draw of the hold). */
#include "models/dns.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/error.h"
#include "sim/rng.h"

static double great_circle_km(double lat1, double lon1, double lat2, double lon2)
{
    const double rad = 3.14159265358979323846 / 180.0;
    double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    double a = sin(dlat / 2) * sin(dlat / 2) +
               cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
    return 2 * 6371.0 * atan2(sqrt(a), sqrt(1 - a));
}

/* Orders region indices by key, ties by index (insertion sort: n <= 16). */
static void order_by(int8_t *out, const double *key, int n)
{
    for (int i = 0; i < n; i++)
        out[i] = (int8_t)i;
    for (int i = 1; i < n; i++) {
        int8_t v = out[i];
        int j = i - 1;
        while (j >= 0 && key[out[j]] > key[v]) {
            out[j + 1] = out[j];
            j--;
        }
        out[j + 1] = v;
    }
}

int dns_init(struct dns *d, const struct scenario *s, const int *priority, gsl_rng *rng)
{
    memset(d, 0, sizeof *d);
    if (s->n_users <= 0 || s->n_regions <= 0 || s->n_users > SCENARIO_MAX_USERS ||
        s->n_regions > SCENARIO_MAX_REGIONS)
        return SIM_EINVAL;
    d->rng = rng;
    prng_seed(&d->fast, rng);
    d->policy = s->dns.policy;
    d->ttl = s->dns.ttl > s->dns.client_floor ? s->dns.ttl : s->dns.client_floor;
    d->violator_fraction = s->dns.violator_fraction;
    d->violator_hold = s->dns.violator_hold;
    d->n_pops = s->n_users;
    d->n_regions = s->n_regions;
    size_t total = 0;
    for (int p = 0; p < s->n_users; p++) {
        int n = s->users[p].resolvers;
        if (n < 1)
            return SIM_EINVAL;
        d->base[p] = (int)total;
        d->count[p] = (uint32_t)n;
        total += (size_t)n;
    }
    if (total > INT32_MAX)
        return SIM_EINVAL;
    d->n_entries = total;
    d->cache = calloc(total, sizeof *d->cache);
    if (!d->cache)
        return SIM_ENOMEM;
    for (int p = 0; p < d->n_pops; p++) {
        /* The violators are the first round(f x count) of each population's
         * resolvers: the share is exact, picks are uniform over all. */
        int n_violators = (int)lround(d->violator_fraction * d->count[p]);
        for (int i = 0; i < (int)d->count[p]; i++) {
            struct dns_entry *e = &d->cache[d->base[p] + i];
            e->expiry = 0;
            e->region = -1;
            e->violator = i < n_violators;
        }
        double key[SCENARIO_MAX_REGIONS];
        /* Geo: the population's residency first (users[].residency), then
         * the nearest. */
        uint32_t allow = s->users[p].residency;
        for (int g = 0; g < s->n_regions; g++)
            key[g] = s->dns.policy == DNS_POLICY_GEO
                         ? great_circle_km(s->users[p].lat, s->users[p].lon, s->regions[g].lat,
                                           s->regions[g].lon) +
                               (allow && !(allow >> g & 1u) ? 1e6 : 0)
                         : s->user_rtt_ms[p][g];
        order_by(d->order[p], key, s->n_regions);
    }
    for (int g = 0; g < SCENARIO_MAX_REGIONS && g < s->n_regions; g++) {
        d->prio[g] = (int8_t)(priority ? priority[g] : g);
        d->weight[g] = s->regions[g].weight > 0 ? s->regions[g].weight : 0;
    }
    d->live.n_cand = 0;
    for (int p = 0; p < SCENARIO_MAX_USERS; p++)
        d->live.answer[p] = -1;
    d->next_id = 1;
    return 0;
}

void dns_fini(struct dns *d)
{
    free(d->cache);
    d->cache = NULL;
}

uint64_t dns_stage(struct dns *d, const bool *eligible, const bool *healthy)
{
    struct dns_answer *a = &d->ring[d->next_id % DNS_RING];
    memset(a, 0, sizeof *a);
    a->id = d->next_id++;
    bool cand[SCENARIO_MAX_REGIONS];
    bool any = false;
    for (int g = 0; g < d->n_regions; g++) {
        cand[g] = eligible[g] && healthy[g];
        any |= cand[g];
    }
    if (!any)
        for (int g = 0; g < d->n_regions; g++)
            cand[g] = eligible[g];
    double c = 0;
    for (int g = 0; g < d->n_regions; g++) {
        if (!cand[g])
            continue;
        /* Weighted: a zero total weight falls back to equal shares. */
        c += d->weight[g] > 0 ? d->weight[g] : 1e-9;
        a->cand[a->n_cand] = (int8_t)g;
        a->cum[a->n_cand++] = c;
    }
    for (int i = 0; i < a->n_cand; i++)
        a->cum[i] /= c;
    for (int p = 0; p < d->n_pops; p++) {
        int8_t ans = -1;
        if (a->n_cand > 0) {
            switch (d->policy) {
            case DNS_POLICY_WEIGHTED:
                ans = -2;
                break;
            case DNS_POLICY_FAILOVER:
                for (int k = 0; k < d->n_regions && ans < 0; k++)
                    if (cand[d->prio[k]])
                        ans = d->prio[k];
                break;
            case DNS_POLICY_LATENCY:
            case DNS_POLICY_GEO:
                for (int k = 0; k < d->n_regions && ans < 0; k++)
                    if (cand[d->order[p][k]])
                        ans = d->order[p][k];
                break;
            }
        }
        a->answer[p] = ans;
    }
    return a->id;
}

/* A hold an entry is kept for: the TTL, or for a violator max(TTL, a draw). */
static sim_time hold_of(struct dns *d, const struct dns_entry *e)
{
    if (!e->violator)
        return d->ttl;
    sim_time h = sim_dur_draw(&d->violator_hold, d->rng);
    return h > d->ttl ? h : d->ttl;
}

/* An upper bound of the holds, for the length-biased draw below (the
 * exponential's and lognormal's tails past it hold < 1e-4 of the mass). */
static sim_time hold_cap(const struct dns *d)
{
    const struct sim_dur *v = &d->violator_hold;
    sim_time c = v->a;
    if (v->kind == SIM_DUR_EXP)
        c = 10 * v->a;
    else if (v->kind == SIM_DUR_UNIFORM)
        c = v->b;
    else if (v->kind == SIM_DUR_LOGNORMAL)
        c = 6 * v->b;
    return c > d->ttl ? c : d->ttl;
}

static int draw_answer(struct dns *d, const struct dns_answer *a, int pop);

/* The entry now caches `region` (-1: none); holding[] follows. */
static void set_region(struct dns *d, struct dns_entry *e, int pop, int region)
{
    if (e->region >= 0)
        d->holding[pop][e->region]--;
    if (region >= 0)
        d->holding[pop][region]++;
    e->region = region;
}

/* Caches as if the zone had answered this forever: each entry was fetched at
 * an equilibrium point of its refresh cycle, so its residual life is u x L
 * with L length-biased (drawn with probability proportional to L). */
static void prime(struct dns *d)
{
    sim_time cap = hold_cap(d);
    for (int p = 0; p < d->n_pops; p++) {
        for (int i = 0; i < (int)d->count[p]; i++) {
            struct dns_entry *e = &d->cache[d->base[p] + i];
            sim_time len = hold_of(d, e);
            for (int k = 0; e->violator && k < 10000; k++) {
                if (gsl_rng_uniform(d->rng) * (double)cap < (double)len)
                    break;
                len = hold_of(d, e);
            }
            set_region(d, e, p, draw_answer(d, &d->live, p));
            e->expiry = (sim_time)(gsl_rng_uniform(d->rng) * (double)len);
        }
    }
}

void dns_publish(struct dns *d, uint64_t id)
{
    const struct dns_answer *a = &d->ring[id % DNS_RING];
    if (a->id != id)
        return;
    bool first = d->live.id == 0;
    d->live = *a;
    if (first)
        prime(d);
}

void dns_publish_at(struct dns *d, uint64_t id, sim_time now)
{
    dns_publish(d, id);
    if (d->live.id != id)
        return;
    /* newest first */
    int n = d->n_hist < DNS_HISTORY ? d->n_hist + 1 : DNS_HISTORY;
    for (int i = n - 1; i > 0; i--) {
        d->hist_t[i] = d->hist_t[i - 1];
        d->hist[i] = d->hist[i - 1];
    }
    d->hist_t[0] = now;
    d->hist[0] = d->live;
    d->n_hist = n;
}

void dns_set_busy(struct dns *d, bool busy)
{
    d->busy = busy;
}

void dns_set_sampled_share(struct dns *d, double share)
{
    d->unsampled = share < 1 ? 1 - share : 0;
}

void dns_set_pop_rate(struct dns *d, int pop, double rate)
{
    if (pop >= 0 && pop < d->n_pops)
        d->lookup_rate[pop] = rate > 0 ? rate / d->count[pop] : 0;
}

/* What the zone answered at t: the latest publish at or before t (the
 * oldest kept when t is older than all of them). */
static const struct dns_answer *answer_at(const struct dns *d, sim_time t)
{
    for (int i = 0; i < d->n_hist; i++)
        if (d->hist_t[i] <= t)
            return &d->hist[i];
    return d->n_hist ? &d->hist[d->n_hist - 1] : &d->live;
}

void dns_set_now(struct dns *d, const bool *eligible, const bool *healthy)
{
    dns_publish(d, dns_stage(d, eligible, healthy));
}

void dns_set_outage(struct dns *d, bool on)
{
    d->outage = on;
}

void dns_set_outage_at(struct dns *d, bool on, sim_time now)
{
    if (on && !d->outage)
        d->outage_since = now;
    d->outage = on;
}

static int draw_answer(struct dns *d, const struct dns_answer *a, int pop)
{
    int ans = a->answer[pop];
    if (ans != -2)
        return ans;
    double u = gsl_rng_uniform(d->rng);
    int i = 0;
    while (i < a->n_cand - 1 && u >= a->cum[i])
        i++;
    return a->cand[i];
}

/* Busy mode: under the full load the entry was refreshed by the first
 * lookup after it expired (a Poisson gap at the resolver's full lookup
 * rate: this simulated request, if none came sooner), with the answer the
 * zone gave then, and again after each expiry since, one query each; the
 * refresh whose hold covers now is the cached one. Whole cycles of a long
 * quiet stretch are skipped at their mean length (TTL + mean gap) for
 * resolvers that keep the TTL. `lookup`: a simulated request looks up at
 * now (else only the refreshes before now are made). */
static int busy_refresh(struct dns *d, struct dns_entry *e, sim_time now, int pop, bool lookup)
{
    double rate = d->lookup_rate[pop] * d->unsampled;
    sim_time t = e->expiry, last = -1; /* the latest refresh made */
    if (!e->violator && rate > 0) {
        double cycle = sim_time_to_sec(d->ttl) + 1 / rate;
        double cycles = floor(sim_time_to_sec(now - t) / cycle) - 2;
        if (cycles > 0) {
            t += sim_time_from_sec(cycles * cycle);
            d->queries += cycles;
            last = t - d->ttl;
        }
    }
    for (;;) {
        sim_time gap = rate > 0 ? sim_time_from_sec(sim_rand_exp(d->rng, 1 / rate)) : 0;
        sim_time refresh = rate > 0 && gap < now - t ? t + gap : now;
        if (refresh == now && !lookup)
            break; /* no lookup before now */
        sim_time hold = hold_of(d, e);
        d->queries += 1;
        last = refresh;
        t = refresh + hold;
        if (t > now)
            break;
    }
    if (last < 0)
        return e->region;
    int ans = draw_answer(d, answer_at(d, last), pop);
    set_region(d, e, pop, ans);
    e->expiry = t;
    return ans;
}

void dns_finish(struct dns *d, sim_time now)
{
    if (!d->busy || d->live.id == 0)
        return;
    for (int p = 0; p < d->n_pops; p++)
        for (int i = 0; i < (int)d->count[p]; i++) {
            struct dns_entry *e = &d->cache[d->base[p] + i];
            if (e->expiry < now)
                busy_refresh(d, e, now, p, false);
        }
}

int dns_refresh(struct dns *d, struct dns_entry *e, sim_time now, int pop, bool *dns_outage)
{
    if (d->outage) {
        /* Busy: the refreshes before the provider failed were made. */
        if (d->busy && e->expiry < d->outage_since) {
            busy_refresh(d, e, d->outage_since, pop, false);
            if (now < e->expiry) {
                *dns_outage = false;
                return e->region;
            }
        }
        *dns_outage = true;
        return -1;
    }
    *dns_outage = false;
    if (d->busy)
        return busy_refresh(d, e, now, pop, true);
    int ans = draw_answer(d, &d->live, pop);
    e->expiry = now + hold_of(d, e);
    set_region(d, e, pop, ans);
    d->queries++;
    return ans;
}

bool dns_is_stale(const struct dns *d, int pop, int region)
{
    int ans = d->live.answer[pop];
    if (ans != -2)
        return ans != region;
    for (int i = 0; i < d->live.n_cand; i++)
        if (d->live.cand[i] == region)
            return false;
    return true;
}

size_t dns_memory(const struct dns *d)
{
    return d->n_entries * sizeof *d->cache + sizeof *d;
}
