/* Closing seconds, minutes and timeline steps. A window is the W seconds
 * ending at a closed second; a bad window (success ratio below the
 * threshold) is reported to the caller, which decides incidents. */
#include "models/metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/error.h"

/* 1 us is the bottom bucket: its bits >> 48, computed once per call site by
 * the compiler from the constant. */
static uint64_t coarse_key(double x)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    return bits >> 48;
}

void metrics_coarse_add(struct metrics_coarse *h, double x, uint64_t n)
{
    uint64_t lo = coarse_key(1e-6);
    uint64_t k = x > 1e-6 ? coarse_key(x) - lo : 0;
    uint32_t i = (uint32_t)(k < METRICS_COARSE_BUCKETS ? k : METRICS_COARSE_BUCKETS - 1);
    h->b[i] += n;
    uint64_t before = h->count;
    h->count += n;
    if (before == 0) {
        h->lo = i;
        h->hi = i + 1;
    } else {
        h->lo = i < h->lo ? i : h->lo;
        h->hi = i >= h->hi ? i + 1 : h->hi;
    }
}

double metrics_coarse_quantile(const struct metrics_coarse *h, double q)
{
    if (!h->count)
        return NAN;
    uint64_t rank = (uint64_t)ceil(q * (double)h->count);
    if (rank < 1)
        rank = 1;
    uint64_t seen = 0;
    int i = (int)h->lo;
    for (; i < METRICS_COARSE_BUCKETS - 1; i++) {
        seen += h->b[i];
        if (seen >= rank)
            break;
    }
    uint64_t bits = ((uint64_t)i + coarse_key(1e-6)) << 48 | (1ull << 47);
    double x;
    memcpy(&x, &bits, sizeof x);
    return x;
}

/* Only the occupied range is touched: a minute's latencies span a few
 * buckets of 600, and minutes close 525,600 times a simulated year. */
static void coarse_merge(struct metrics_coarse *a, const struct metrics_coarse *b)
{
    if (b->count == 0)
        return;
    if (a->count == 0) {
        a->lo = b->lo;
        a->hi = b->hi;
    } else {
        a->lo = b->lo < a->lo ? b->lo : a->lo;
        a->hi = b->hi > a->hi ? b->hi : a->hi;
    }
    a->count += b->count;
    for (uint32_t i = b->lo; i < b->hi; i++)
        a->b[i] += b->b[i];
}

static void coarse_clear(struct metrics_coarse *h)
{
    if (h->count)
        memset(&h->b[h->lo], 0, (h->hi - h->lo) * sizeof h->b[0]);
    h->count = 0;
    h->lo = h->hi = 0;
}

static void set_nan(double *a, int n)
{
    for (int i = 0; i < n; i++)
        a[i] = NAN;
}

int metrics_init(struct metrics *m, const struct scenario *s, struct run_result *out)
{
    memset(m, 0, sizeof *m);
    memset(out, 0, sizeof *out);
    m->out = out;
    m->horizon = s->horizon;
    m->threshold = s->report.rto_threshold;
    m->window_s = (int)(s->report.rto_window / SIM_SEC);
    if (m->window_s < 1)
        return SIM_EINVAL;
    m->ring = calloc((size_t)m->window_s, sizeof *m->ring);
    if (!m->ring)
        return SIM_ENOMEM;
    m->inc_minute0 = -1;
    m->weight = 1;
    sim_time per_point = (s->horizon + RESULTS_TIMELINE_POINTS - 1) / RESULTS_TIMELINE_POINTS;
    m->step_minutes = (int)((per_point + SIM_MIN - 1) / SIM_MIN);
    if (m->step_minutes < 1)
        m->step_minutes = 1;
    out->n_users = s->n_users;
    for (int p = 0; p < SCENARIO_MAX_USERS; p++) {
        sim_hist_init(&out->latency[p].read);
        sim_hist_init(&out->latency[p].write);
        sim_hist_init(&out->latency[p].read_incident);
        sim_hist_init(&out->latency[p].write_incident);
    }
    out->timeline_step = (sim_time)m->step_minutes * SIM_MIN;
    int64_t pts = (s->horizon + out->timeline_step - 1) / out->timeline_step;
    out->timeline_points = (int)(pts < RESULTS_TIMELINE_POINTS ? pts : RESULTS_TIMELINE_POINTS);
    set_nan(out->success_ratio, RESULTS_TIMELINE_POINTS);
    set_nan(out->failed_region_share, RESULTS_TIMELINE_POINTS);
    set_nan(out->p99_ms, RESULTS_TIMELINE_POINTS);
    set_nan(out->inc_success_ratio, RESULTS_INCIDENT_POINTS);
    set_nan(out->inc_failed_region_share, RESULTS_INCIDENT_POINTS);
    set_nan(out->inc_p99_ms, RESULTS_INCIDENT_POINTS);
    out->conflicts_per_hour = NAN;
    out->lost_updates_per_hour = NAN;
    return 0;
}

void metrics_fini(struct metrics *m)
{
    free(m->ring);
    m->ring = NULL;
}

static void put_incident_point(struct run_result *o, int64_t idx, const struct metrics_minute *mm)
{
    if (idx < 0 || idx >= RESULTS_INCIDENT_POINTS || mm->n == 0)
        return;
    o->inc_success_ratio[idx] = (double)mm->ok / (double)mm->n;
    o->inc_failed_region_share[idx] = (double)mm->to_failed / (double)mm->n;
    o->inc_p99_ms[idx] = mm->p99_ms;
}

static void close_step(struct metrics *m)
{
    int64_t idx = m->minutes_closed / m->step_minutes - 1;
    if (m->minutes_closed % m->step_minutes)
        idx = m->minutes_closed / m->step_minutes; /* the partial last step */
    struct run_result *o = m->out;
    if (idx >= 0 && idx < RESULTS_TIMELINE_POINTS && m->step.n > 0) {
        o->success_ratio[idx] = (double)m->step.ok / (double)m->step.n;
        o->failed_region_share[idx] = (double)m->step.to_failed / (double)m->step.n;
        o->p99_ms[idx] = metrics_coarse_quantile(&m->step_hist, 0.99) * 1e3;
    }
    memset(&m->step, 0, sizeof m->step);
    coarse_clear(&m->step_hist);
}

/* Whether a window (a minute) of n requests, `sampled` simulated ones whose
 * weights squared sum to w2, is judged: always in the exact mode; else when
 * it holds min_sampled of them, all of one weight (sampled w2 = n^2, Cauchy-
 * Schwarz's equality). A mixed window holds requests from both sides of a
 * stride change, and the change to the hot stride follows a failure the
 * quiet stride simulated: judging the window it falls in only then would
 * select the windows that hold one, and one quiet request weighs a large
 * share of it (286 of 28000 requests, 1%, at 500/s). */
static bool judged(const struct metrics *m, uint64_t n, uint64_t sampled, double w2)
{
    return m->min_sampled == 0 || (sampled >= m->min_sampled &&
                                   (double)sampled * w2 <= (double)n * (double)n * (1 + 1e-9));
}

/* Closes the minute being filled; `seconds` of it were simulated. */
static void close_minute(struct metrics *m, int seconds)
{
    struct metrics_minute *mm = &m->minute;
    mm->p99_ms = metrics_coarse_quantile(&m->min_hist, 0.99) * 1e3;
    if (mm->n > 0 && judged(m, mm->n, mm->sampled, mm->w2) &&
        (double)mm->ok < m->threshold * (double)mm->n)
        m->out->downtime_s += seconds;
    if (m->inc_minute0 >= 0)
        put_incident_point(m->out, RESULTS_INCIDENT_BEFORE + (m->minutes_closed - m->inc_minute0),
                           mm);
    m->before[m->minutes_closed % RESULTS_INCIDENT_BEFORE] = *mm;
    m->step.ok += mm->ok;
    m->step.n += mm->n;
    m->step.to_failed += mm->to_failed;
    coarse_merge(&m->step_hist, &m->min_hist);
    m->minutes_closed++;
    if (m->minutes_closed % m->step_minutes == 0)
        close_step(m);
    memset(mm, 0, sizeof *mm);
    coarse_clear(&m->min_hist);
}

/* Returns the start of the window that closed with it when it is bad, else -1. */
static int64_t close_second(struct metrics *m)
{
    m->minute.ok += m->cur_ok;
    m->minute.n += m->cur_n;
    m->minute.to_failed += m->cur_to_failed;
    m->minute.sampled += m->cur_sampled;
    m->minute.w2 += m->cur_w2;
    m->requests += m->cur_n;
    m->successes += m->cur_ok;
    struct metrics_second *b = &m->ring[m->ring_pos];
    m->win_ok += m->cur_ok - b->ok;
    m->win_n += m->cur_n - b->n;
    m->win_sampled += (uint64_t)m->cur_sampled - b->sampled;
    /* sums of integers below 2^53 stay exact; past that, none drifts below 0 */
    m->win_w2 = m->win_sampled ? fmax(m->win_w2 + m->cur_w2 - b->w2, 0) : 0;
    b->ok = m->cur_ok;
    b->n = m->cur_n;
    b->sampled = m->cur_sampled;
    b->w2 = m->cur_w2;
    m->ring_pos = (m->ring_pos + 1) % m->window_s;
    m->seconds_closed++;
    m->cur_ok = m->cur_n = m->cur_to_failed = 0;
    m->cur_sampled = 0;
    m->cur_w2 = 0;
    int64_t bad = -1;
    if (m->seconds_closed >= m->window_s && m->win_n > 0 &&
        judged(m, m->win_n, m->win_sampled, m->win_w2) &&
        (double)m->win_ok < m->threshold * (double)m->win_n)
        bad = m->seconds_closed - m->window_s;
    if (m->seconds_closed % 60 == 0)
        close_minute(m, 60);
    return bad;
}

int64_t metrics_skip_idle(struct metrics *m, int64_t n)
{
    /* A window with fewer simulated requests than a judgement needs stays
     * so while only empty seconds enter it (its effective size is at most
     * their count, whichever leave first), so none of the n windows is bad;
     * the window's sums are of non-negative seconds: zero sums, a zero ring. */
    if (n <= 0 || m->cur_n || m->cur_sampled || (m->win_n && m->win_sampled >= m->min_sampled))
        return 0;
    int64_t done = 0;
    while (done < n) {
        int64_t to_minute = 60 - m->seconds_closed % 60;
        int64_t step = n - done < to_minute ? n - done : to_minute;
        /* the seconds leaving the window as `step` empty ones enter */
        for (int64_t i = 0; i < step && i < m->window_s && (m->win_n || m->win_sampled); i++) {
            struct metrics_second *b = &m->ring[(m->ring_pos + i) % m->window_s];
            m->win_ok -= b->ok;
            m->win_n -= b->n;
            m->win_sampled -= b->sampled;
            m->win_w2 = m->win_sampled ? fmax(m->win_w2 - b->w2, 0) : 0;
            memset(b, 0, sizeof *b);
        }
        m->seconds_closed += step;
        m->ring_pos = (int)((m->ring_pos + step) % m->window_s);
        done += step;
        if (m->seconds_closed % 60 == 0)
            close_minute(m, 60);
    }
    return done;
}

int64_t metrics_tick(struct metrics *m, sim_time now)
{
    (void)now;
    return close_second(m);
}

void metrics_first_incident(struct metrics *m, sim_time t)
{
    if (m->inc_minute0 >= 0)
        return;
    m->inc_minute0 = t / SIM_MIN;
    /* The minutes already closed from RESULTS_INCIDENT_BEFORE before it on,
     * as far as the ring still holds them. */
    for (int64_t mi = m->inc_minute0 - RESULTS_INCIDENT_BEFORE; mi < m->minutes_closed; mi++)
        if (mi >= 0 && mi >= m->minutes_closed - RESULTS_INCIDENT_BEFORE)
            put_incident_point(m->out, RESULTS_INCIDENT_BEFORE + (mi - m->inc_minute0),
                               &m->before[mi % RESULTS_INCIDENT_BEFORE]);
}

int64_t metrics_finish(struct metrics *m, sim_time now)
{
    int64_t bad = -1;
    if (m->cur_n > 0 || now > m->seconds_closed * SIM_SEC)
        bad = close_second(m);
    int partial = (int)(m->seconds_closed % 60);
    if (partial)
        close_minute(m, partial);
    if (m->minutes_closed % m->step_minutes)
        close_step(m);
    struct run_result *o = m->out;
    o->requests = (int64_t)m->requests;
    o->successes = (int64_t)m->successes;
    o->availability = m->requests ? (double)m->successes / (double)m->requests : NAN;
    return bad;
}

size_t metrics_memory(const struct metrics *m)
{
    return sizeof *m + (size_t)m->window_s * sizeof *m->ring;
}
