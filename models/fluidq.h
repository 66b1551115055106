/* A region's app tier seen by the full load when only a sample of requests
 * is simulated (DESIGN 5, "Sampling"): an analytic M/M/c in steady state
 * (Erlang C waits) and a fluid backlog dQ/dt = lambda - c mu in overload,
 * capped where a newcomer would wait longer than the timeout (it leaves: the
 * timeouts after a failover onto a small fleet). Invariant: q in
 * [0, c mu max_wait] at time t; the state is a few numbers whatever the rate. */
#ifndef REGIONSIM_MODELS_FLUIDQ_H
#define REGIONSIM_MODELS_FLUIDQ_H

#include <stdbool.h>

#include "sim/time.h"

struct fluid_queue {
    int servers;
    double mu;       /* service rate of one server, 1/s */
    double lambda;   /* full arrival rate, 1/s */
    double max_wait; /* s: a newcomer that would wait longer leaves */
    double q;        /* backlog (requests waiting) at t */
    sim_time t;
    double pc;           /* Erlang C of (servers, lambda / mu); NAN until needed */
    int retries;         /* a client's retries after a timeout (fluid_set_retries) */
    double retry_budget; /* retries per new request at most; 0: no budget */
    double offered;      /* at the cap: lambda with the retries; NAN until needed */
};

/* Starts empty at time 0 with `servers` (>= 0) servers of mean service time
 * service_mean_s (> 0) and arrival rate 0. */
void fluid_init(struct fluid_queue *f, int servers, double service_mean_s, sim_time max_wait);

/* The full arrival rate becomes lambda (>= 0) at now (>= the last change). */
void fluid_set_rate(struct fluid_queue *f, sim_time now, double lambda);

/* The fleet becomes `servers` (>= 0) at now; the backlog stays, clipped to
 * what the new fleet admits (the rest is lost with the removed servers). */
void fluid_resize(struct fluid_queue *f, sim_time now, int servers);

/* Clients retry a request that timed out up to `retries` times (>= 0),
 * within `budget` retries per new request when budget > 0 (the retry
 * budget). Once the backlog is at its cap a share p = 1 - c mu / L of the
 * attempts leaves, and each comes back, timeout + backoff later, as one
 * more attempt: in steady state the queue is offered lambda times the
 * attempts a request makes, L = lambda (1 + p + ... + p^retries) (at most
 * lambda (1 + budget)), the fixed point fluid_admit admits c mu / L of.
 * Below the cap a timeout is rare (Erlang C's tail past max_wait) and its
 * retry is left out. */
void fluid_set_retries(struct fluid_queue *f, int retries, double budget);

/* The rate offered at the cap: L above (lambda without retries). */
double fluid_offered(struct fluid_queue *f);

/* Backlog (requests waiting) at now. */
double fluid_backlog(struct fluid_queue *f, sim_time now);

/* The wait of one sampled request arriving at now, given u uniform in
 * (0, 1) (its only randomness): an Erlang C draw when no backlog stands and
 * the fleet keeps up, the backlog's drain time otherwise. Returns -1 when it
 * would wait longer than max_wait (it leaves), or when there are no servers. */
sim_time fluid_admit(struct fluid_queue *f, sim_time now, double u);

/* Probability that a request arriving at now waits at all (for tests). */
double fluid_p_wait(struct fluid_queue *f, sim_time now);

#endif
