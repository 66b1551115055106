/* A region's app tier as a multi-server FIFO queue, computed at arrival (the
 * recursion over server free times), so a request costs no event of its own.
 * Only busy servers are kept, in a min-heap of the times they become free;
 * a server whose free time has passed is idle and dropped lazily. Invariant:
 * heap[0..busy) is a binary min-heap, busy <= n; the array only grows with n. */
#ifndef REGIONSIM_MODELS_CAPACITY_H
#define REGIONSIM_MODELS_CAPACITY_H

#include <stddef.h>

#include "sim/time.h"

struct cap_queue {
    sim_time *heap; /* free times of busy servers */
    int busy;       /* entries in heap */
    int n;          /* servers now */
    int cap;        /* allocated slots */
};

/* Starts with `servers` (>= 0) idle servers. Returns 0 or SIM_ENOMEM. */
int cap_init(struct cap_queue *q, int servers);
void cap_fini(struct cap_queue *q);

/* Changes the number of servers at `now`. Added servers are idle; when
 * shrinking below the busy count, the servers that become free last are
 * removed (their requests are lost with them). Returns 0 or SIM_ENOMEM
 * (then q is unchanged). */
int cap_resize(struct cap_queue *q, sim_time now, int servers);

/* A request arriving at `t` (never earlier than a previous arrival) needing
 * `service` joins the queue. When it would wait longer than `max_wait` it
 * leaves without service and -1 is returned; otherwise its wait (>= 0) is
 * returned and a server is booked until t + wait + service. With no servers
 * every request leaves (-1). */
sim_time cap_admit(struct cap_queue *q, sim_time t, sim_time service, sim_time max_wait);

/* Servers busy at t (free time > t). O(busy): for tests and ticks. */
int cap_busy(const struct cap_queue *q, sim_time t);

/* Bytes held. */
size_t cap_memory(const struct cap_queue *q);

#endif
