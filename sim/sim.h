/* The event engine: a clock and an event queue (implicit 4-ary min-heap on
 * (time, seq)). Events at equal times fire in the order they were scheduled.
 * Cancellation is by handle; a stale handle (fired or cancelled) is a no-op. */
#ifndef REGIONSIM_SIM_SIM_H
#define REGIONSIM_SIM_SIM_H

#include <stdbool.h>
#include <stdint.h>

#include "sim/time.h"

struct sim;

typedef void (*sim_handler)(struct sim *sim, void *ctx, uint64_t arg);

/* Identifies one scheduled event. A zero handle never names an event. */
typedef struct {
    uint64_t id;
} sim_handle;

/* Creates an engine at time 0 with room for `capacity` pending events (it grows
 * by doubling past that). Returns NULL when out of memory. */
struct sim *sim_new(size_t capacity);
/* Frees the engine and every pending event; sim_free(NULL) is a no-op. */
void sim_free(struct sim *sim);

/* Current simulated time. */
sim_time sim_now(const struct sim *sim);

/* Schedules handler(sim, ctx, arg) at absolute time `at` (>= sim_now, asserted).
 * Returns the handle, or a zero handle when out of memory or when 2^24 events
 * are pending (the queue's limit). */
sim_handle sim_at(struct sim *sim, sim_time at, sim_handler handler, void *ctx, uint64_t arg);
/* Same, `delay` (>= 0) after now. */
sim_handle sim_after(struct sim *sim, sim_time delay, sim_handler handler, void *ctx, uint64_t arg);

/* Cancels a pending event. Returns true if it was pending; false (and does
 * nothing) for a fired, cancelled or zero handle. */
bool sim_cancel(struct sim *sim, sim_handle h);

/* Fires events in (time, seq) order while their time is <= until, or until
 * sim_stop is called from a handler. The clock ends at `until` when the queue
 * ran past it (or emptied), at the stopping event's time otherwise; with
 * until == SIM_TIME_MAX ("run until empty") it stays at the last event's time.
 * Returns the number of events fired. */
uint64_t sim_run(struct sim *sim, sim_time until);
/* Makes the running sim_run return after the current handler. */
void sim_stop(struct sim *sim);
/* While *flag (borrowed; NULL: none) is nonzero, sim_run returns as after
 * sim_stop and sim_fire_inline refuses. It is read every 4096 fired events,
 * inline ones included, so a signal handler's flag takes effect within
 * microseconds of wall time whatever the simulated event density. */
void sim_set_interrupt(struct sim *sim, const volatile int *flag);

/* Inline firing, for a handler that schedules its own next event (an
 * arrival process): sim_reserve takes the sequence number that event would
 * have got had it been scheduled now. Later, sim_fire_inline says whether an
 * event at time t with that number fires next in the running sim_run (it
 * sorts before every pending event, t is within `until`, no sim_stop): if
 * so the clock moves to t, it counts as fired, and the handler does that
 * event's work itself with no queue operation; if not, nothing changes and
 * sim_at_reserved schedules it with the reserved number. Either way events
 * happen in the order they would have had the event been scheduled at the
 * reservation. sim_at_reserved fails like sim_at. */
uint64_t sim_reserve(struct sim *sim);
bool sim_fire_inline(struct sim *sim, sim_time t, uint64_t reserved);
sim_handle sim_at_reserved(struct sim *sim, sim_time at, sim_handler handler, void *ctx,
                           uint64_t arg, uint64_t reserved);

/* The lazy timer (one per engine, outside the queue): handler(sim, ctx, 0)
 * fires at `at` where an event scheduled now at `at` would (its sequence
 * number is reserved now), but costs no queue operation and is not counted
 * in sim_fired. sim_run and sim_fire_inline fire it just before the first
 * event that sorts after it, and sim_run at its end while it is due within
 * `until`. It fires once; the handler may arm it again. A NULL handler
 * disarms it. Arming replaces the previous timer. */
void sim_lazy_at(struct sim *sim, sim_time at, sim_handler handler, void *ctx);

/* The time of the next event (a cancelled one may stand for it, so it is a
 * lower bound), the inline event sim_fire_inline is about to fire included;
 * SIM_TIME_MAX when none is pending. For a lazy timer's handler that skips
 * ahead over time in which nothing happens. */
sim_time sim_next_time(const struct sim *sim);

/* Number of pending (not cancelled) events. */
size_t sim_pending(const struct sim *sim);
/* Total events fired since creation. */
uint64_t sim_fired(const struct sim *sim);
/* Bytes the engine has allocated (for tests that memory does not grow). */
size_t sim_memory(const struct sim *sim);

#endif
