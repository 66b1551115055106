/* Engine internals exposed to the engine's own tests only (libuv-style `sim__`
 * prefix): nothing outside sim/ and tests/ includes this header. */
#ifndef REGIONSIM_SIM_SIM_PRIVATE_H
#define REGIONSIM_SIM_SIM_PRIVATE_H

#include <stdint.h>

struct sim;

/* Sets the next sequence number, so a test can drive the counter to the point
 * where the engine renumbers pending events (after ~1.1e12 schedules). */
void sim__set_seq(struct sim *sim, uint64_t seq);

#endif
