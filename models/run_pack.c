/* A run's record and timelines as bytes, for shard files and MPI messages
 * (run_store.h). Invariant: every field is written at a fixed width in
 * little-endian order, doubles as their IEEE-754 bits, so unpacking gives
 * back exactly the values packed on any machine, and with them every output
 * byte. */
#include "models/run_store.h"

#include <string.h>

/* fixed part: strategy .. n_incidents; then per incident; then timelines */
#define FIXED_BYTES                                                                                \
    (2 * 4 + 8 * METRIC_COUNT + 8 * SCENARIO_MAX_USERS * RUN_LATENCY_QUANTILES +                   \
     8 * SCENARIO_MAX_USERS * 8 +                                                                  \
     8 * (2 + CAUSE_COUNT) + 4 * 4 + 8 + 8 + 4 + 4)
#define INCIDENT_BYTES (3 * 4 + 3 * 8 + 1 + 8 + 1 + 8 + 8 + 8 + 8 + 8 * PHASE_COUNT)

struct writer {
    unsigned char *p;
};

static void put_u64(struct writer *w, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        *w->p++ = (unsigned char)(v >> (8 * i));
}
static void put_u32(struct writer *w, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        *w->p++ = (unsigned char)(v >> (8 * i));
}
static void put_i32(struct writer *w, int32_t v)
{
    put_u32(w, (uint32_t)v);
}
static void put_i64(struct writer *w, int64_t v)
{
    put_u64(w, (uint64_t)v);
}
static void put_f64(struct writer *w, double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    put_u64(w, bits);
}

struct reader {
    const unsigned char *p, *end;
    bool bad;
};

static uint64_t get_u64(struct reader *r)
{
    if (r->end - r->p < 8) {
        r->bad = true;
        return 0;
    }
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v |= (uint64_t)*r->p++ << (8 * i);
    return v;
}
static uint32_t get_u32(struct reader *r)
{
    if (r->end - r->p < 4) {
        r->bad = true;
        return 0;
    }
    uint32_t v = 0;
    for (int i = 0; i < 4; i++)
        v |= (uint32_t)*r->p++ << (8 * i);
    return v;
}
static int32_t get_i32(struct reader *r)
{
    return (int32_t)get_u32(r);
}
static int64_t get_i64(struct reader *r)
{
    return (int64_t)get_u64(r);
}
static double get_f64(struct reader *r)
{
    uint64_t bits = get_u64(r);
    double v;
    memcpy(&v, &bits, sizeof v);
    return v;
}
static bool get_bool(struct reader *r)
{
    if (r->p >= r->end) {
        r->bad = true;
        return false;
    }
    return *r->p++ != 0;
}

size_t run_pack_size(const struct run_record *rec)
{
    return FIXED_BYTES + (size_t)rec->n_incidents * INCIDENT_BYTES +
           RUN_TIMELINE_VALUES * sizeof(double);
}

static void pack_incident(struct writer *w, const struct incident_result *in)
{
    put_i32(w, (int32_t)in->kind);
    put_u32(w, in->causes);
    put_i32(w, in->region);
    put_i64(w, in->t_fail);
    put_i64(w, in->t_end);
    put_i64(w, in->t_rec);
    *w->p++ = in->censored;
    put_i64(w, in->rto);
    *w->p++ = in->data_lost_applies;
    put_i64(w, in->rpo);
    put_i64(w, in->lost_writes);
    put_i64(w, in->failed_requests);
    put_f64(w, in->extra_cost);
    for (int k = 0; k < PHASE_COUNT; k++)
        put_i64(w, in->phase_end[k]);
}

void run_pack(const struct run_record *rec, const double *timelines, unsigned char *out)
{
    struct writer w = {out};
    put_i32(&w, rec->strategy);
    put_i32(&w, rec->replication);
    for (int m = 0; m < METRIC_COUNT; m++)
        put_f64(&w, rec->metric[m]);
    for (int u = 0; u < SCENARIO_MAX_USERS; u++)
        for (int q = 0; q < RUN_LATENCY_QUANTILES; q++)
            put_f64(&w, rec->latency_ms[u][q]);
    for (int u = 0; u < SCENARIO_MAX_USERS; u++)
        for (int k = 0; k < 8; k++)
            put_f64(&w, (&rec->cell_ms[u][0][0][0])[k]);
    put_i64(&w, rec->requests);
    put_i64(&w, rec->successes);
    for (int c = 0; c < CAUSE_COUNT; c++)
        put_i64(&w, rec->failed[c]);
    put_i32(&w, rec->incidents_total);
    put_i32(&w, rec->censored_total);
    put_i32(&w, rec->absorbed_failures);
    put_i32(&w, rec->false_alarms);
    put_u64(&w, rec->events);
    put_i64(&w, rec->timeline_step);
    put_i32(&w, rec->timeline_points);
    put_i32(&w, rec->n_incidents);
    for (int i = 0; i < rec->n_incidents; i++)
        pack_incident(&w, &rec->incidents[i]);
    for (size_t v = 0; v < RUN_TIMELINE_VALUES; v++)
        put_f64(&w, timelines[v]);
}

static void unpack_incident(struct reader *r, struct incident_result *in)
{
    in->kind = (enum failure_kind)get_i32(r);
    in->causes = get_u32(r);
    in->region = get_i32(r);
    in->t_fail = get_i64(r);
    in->t_end = get_i64(r);
    in->t_rec = get_i64(r);
    in->censored = get_bool(r);
    in->rto = get_i64(r);
    in->data_lost_applies = get_bool(r);
    in->rpo = get_i64(r);
    in->lost_writes = get_i64(r);
    in->failed_requests = get_i64(r);
    in->extra_cost = get_f64(r);
    for (int k = 0; k < PHASE_COUNT; k++)
        in->phase_end[k] = get_i64(r);
}

int run_unpack(const unsigned char *in, size_t size, struct run_record *rec,
               struct incident_result *incidents, double *timelines)
{
    struct reader r = {in, in + size, false};
    memset(rec, 0, sizeof *rec);
    rec->strategy = get_i32(&r);
    rec->replication = get_i32(&r);
    for (int m = 0; m < METRIC_COUNT; m++)
        rec->metric[m] = get_f64(&r);
    for (int u = 0; u < SCENARIO_MAX_USERS; u++)
        for (int q = 0; q < RUN_LATENCY_QUANTILES; q++)
            rec->latency_ms[u][q] = get_f64(&r);
    for (int u = 0; u < SCENARIO_MAX_USERS; u++)
        for (int k = 0; k < 8; k++)
            (&rec->cell_ms[u][0][0][0])[k] = get_f64(&r);
    rec->requests = get_i64(&r);
    rec->successes = get_i64(&r);
    for (int c = 0; c < CAUSE_COUNT; c++)
        rec->failed[c] = get_i64(&r);
    rec->incidents_total = get_i32(&r);
    rec->censored_total = get_i32(&r);
    rec->absorbed_failures = get_i32(&r);
    rec->false_alarms = get_i32(&r);
    rec->events = get_u64(&r);
    rec->timeline_step = get_i64(&r);
    rec->timeline_points = get_i32(&r);
    rec->n_incidents = get_i32(&r);
    if (rec->n_incidents < 0 || rec->n_incidents > RESULTS_MAX_INCIDENTS)
        return SIM_EINVAL;
    for (int i = 0; i < rec->n_incidents; i++)
        unpack_incident(&r, &incidents[i]);
    rec->incidents = incidents;
    for (size_t v = 0; v < RUN_TIMELINE_VALUES; v++)
        timelines[v] = get_f64(&r);
    return r.bad || r.p != r.end ? SIM_EINVAL : 0;
}
