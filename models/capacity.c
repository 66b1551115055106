/* Multi-server FIFO queue by the recursion over server free times: a request
 * starts when the earliest-free server frees (or at arrival if that is
 * later). The root of the min-heap is always the earliest-free server. */
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
    for (int i = 0; i < servers; i++)
        q->heap[i] = 0;
    q->n = servers;
    return 0;
}

void cap_fini(struct cap_queue *q)
{
    free(q->heap);
    q->heap = NULL;
    q->n = q->cap = 0;
}

static int cmp_time(const void *a, const void *b)
{
    sim_time x = *(const sim_time *)a, y = *(const sim_time *)b;
    return (x > y) - (x < y);
}

int cap_resize(struct cap_queue *q, sim_time now, int servers)
{
    if (servers < 0)
        servers = 0;
    if (servers > q->n) {
        if (grow(q, servers))
            return SIM_ENOMEM;
        /* Appending idle servers (free at now <= any pending free time of
         * a busy one is not required): rebuild the heap to keep it valid. */
        for (int i = q->n; i < servers; i++)
            q->heap[i] = now;
        q->n = servers;
        for (int i = q->n / 2 - 1; i >= 0; i--)
            sift_down(q->heap, q->n, i);
    } else if (servers < q->n) {
        /* Keep the servers that free first: a sorted array is a valid heap. */
        qsort(q->heap, (size_t)q->n, sizeof *q->heap, cmp_time);
        q->n = servers;
    }
    return 0;
}

sim_time cap_admit(struct cap_queue *q, sim_time t, sim_time service, sim_time max_wait)
{
    if (q->n == 0)
        return -1;
    sim_time free_at = q->heap[0];
    sim_time wait = free_at > t ? free_at - t : 0;
    if (wait > max_wait)
        return -1;
    q->heap[0] = t + wait + service;
    sift_down(q->heap, q->n, 0);
    return wait;
}

int cap_busy(const struct cap_queue *q, sim_time t)
{
    int b = 0;
    for (int i = 0; i < q->n; i++)
        b += q->heap[i] > t;
    return b;
}

size_t cap_memory(const struct cap_queue *q)
{
    return (size_t)q->cap * sizeof *q->heap;
}
