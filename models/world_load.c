/* Load as clients and servers feel it: every attempt a client sends (its
 * first and its retries), the server time booked for them, the share of it
 * booked for requests that then failed (wasted: the server worked on after
 * the client gave up; attempts its open circuit breaker stopped are not
 * sent, so not counted), and the retry budget (workload.retry_budget, as
 * Envoy's retry budget and gRPC's retry throttling): each new request earns
 * that many retry tokens, up to one second's worth, and a retry spends one,
 * so retries stay within that share of new requests. Load shedding
 * (regions[].max_queue) refuses a request at once when the queue ahead of
 * it holds that many: the wait that many mean services on the region's
 * servers take. */
#include "models/world_impl.h"

/* max_queue requests waiting ahead, each served by one of the region's
 * servers in the mean service time: the wait it means. */
sim_time world_load_max_wait(const struct world *w, int g, sim_time rtt)
{
    sim_time left = w->timeout - rtt;
    int q = w->s->regions[g].max_queue, servers = w->reg[g].servers;
    if (q <= 0 || servers <= 0)
        return left;
    sim_time shed = (sim_time)((double)q * wl_service_mean_s(&w->wl) * 1e9 / servers);
    return shed < left ? shed : left;
}

bool world_load_breaker(struct world *w, int pop, int g, sim_time now)
{
    w->origin = g;
    if (breaker_allows(&w->cb, pop, g, now))
        return true;
    w->load.attempts -= w->weight; /* never sent */
    return false;
}

void world_load_attempt(struct world *w, int attempt)
{
    const struct scenario_workload *wl = &w->s->workload;
    w->load.admitted = 0;
    w->load.attempts += w->weight;
    if (attempt == 0 && wl->has_retry_budget) {
        double cap = wl->retry_budget * wl->rate + 1;
        w->load.retry_tokens += wl->retry_budget * w->weight;
        if (w->load.retry_tokens > cap)
            w->load.retry_tokens = cap;
    }
}

void world_load_admitted(struct world *w, int g, sim_time service)
{
    w->load.admitted = service;
    w->load.busy_ns += (double)service * w->weight;
    w->load.busy_region_ns[g] += (double)service * w->weight;
}

bool world_load_failed(struct world *w, int attempt)
{
    w->load.wasted_ns += (double)w->load.admitted * w->weight;
    w->load.admitted = 0;
    if (attempt >= wl_retries(&w->wl))
        return false;
    if (!w->s->workload.has_retry_budget)
        return true;
    if (w->load.retry_tokens < w->weight)
        return false;
    w->load.retry_tokens -= w->weight;
    return true;
}

void world_load_finish(struct world *w)
{
    w->out->attempts = w->load.attempts;
    w->out->busy_s = w->load.busy_ns * 1e-9;
    w->out->wasted_s = w->load.wasted_ns * 1e-9;
    w->out->retries_apply = wl_retries(&w->wl) > 0;
}
