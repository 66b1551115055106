/* Multi-server FIFO queue by the recursion over server free times: a request
 * starts when the earliest-free server frees, or at arrival if a server is
 * idle. Idle servers are not stored: with `busy` < n one is idle. */
#include "models/capacity.h"

#include <stdlib.h>
#include <string.h>

#include "sim/error.h"

static void sift_down(sim_time *h, int n, int i)
{
    sim_time v = h[i];
    for (;;) {
        int c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && h[c + 1] < h[c])
            c++;
        if (h[c] >= v)
            break;
        h[i] = h[c];
        i = c;
    }
    h[i] = v;
}

static void sift_up(sim_time *h, int i)
{
    sim_time v = h[i];
    while (i > 0) {
        int p = (i - 1) / 2;
        if (h[p] <= v)
            break;
        h[i] = h[p];
        i = p;
    }
    h[i] = v;
}

static int grow(struct cap_queue *q, int need)
{
    if (need <= q->cap)
        return 0;
    int cap = q->cap ? q->cap : 16;
    while (cap < need)
        cap *= 2;
    sim_time *h = realloc(q->heap, (size_t)cap * sizeof *h);
    if (!h)
        return SIM_ENOMEM;
    q->heap = h;
    q->cap = cap;
    return 0;
}

int cap_init(struct cap_queue *q, int servers)
{
    memset(q, 0, sizeof *q);
    if (servers < 0)
        servers = 0;
    if (grow(q, servers > 0 ? servers : 1))
        return SIM_ENOMEM;
    q->n = servers;
    return 0;
}

void cap_fini(struct cap_queue *q)
{
    free(q->heap);
    memset(q, 0, sizeof *q);
}

static int cmp_time(const void *a, const void *b)
{
    sim_time x = *(const sim_time *)a, y = *(const sim_time *)b;
    return (x > y) - (x < y);
}

int cap_resize(struct cap_queue *q, sim_time now, int servers)
{
    (void)now;
    if (servers < 0)
        servers = 0;
    if (grow(q, servers))
        return SIM_ENOMEM;
    if (servers < q->busy) {
        /* Keep the servers that free first: a sorted array is a valid heap. */
        qsort(q->heap, (size_t)q->busy, sizeof *q->heap, cmp_time);
        q->busy = servers;
    }
    q->n = servers;
    return 0;
}

sim_time cap_admit(struct cap_queue *q, sim_time t, sim_time service, sim_time max_wait)
{
    /* The earliest-free server is idle: it takes the request. Entries whose
     * free time has passed stay in the heap as idle servers. */
    if (q->busy > 0 && q->heap[0] <= t) {
        if (max_wait < 0)
            return -1;
        q->heap[0] = t + service;
        sift_down(q->heap, q->busy, 0);
        return 0;
    }
    if (q->busy < q->n) {
        if (max_wait < 0)
            return -1;
        q->heap[q->busy] = t + service;
        sift_up(q->heap, q->busy++);
        return 0;
    }
    if (q->n == 0)
        return -1;
    sim_time wait = q->heap[0] - t;
    if (wait > max_wait)
        return -1;
    q->heap[0] += service;
    sift_down(q->heap, q->busy, 0);
    return wait;
}

int cap_busy(const struct cap_queue *q, sim_time t)
{
    int b = 0;
    for (int i = 0; i < q->busy; i++)
        b += q->heap[i] > t;
    return b;
}

size_t cap_memory(const struct cap_queue *q)
{
    return (size_t)q->cap * sizeof *q->heap;
}
