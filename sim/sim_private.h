/* Engine internals shared by files of sim/ and the engine's own tests
 * (libuv-style `sim__` prefix): nothing outside sim/ and tests/ includes it. */
#ifndef REGIONSIM_SIM_SIM_PRIVATE_H
#define REGIONSIM_SIM_SIM_PRIVATE_H

#include <stdint.h>

struct sim;

/* Sets the next sequence number, so a test can drive the counter to the point
 * where the engine renumbers pending events (after ~1.1e12 schedules). */
void sim__set_seq(struct sim *sim, uint64_t seq);

/* Turns GSL's aborting error handler off, once per process and thread-safely
 * (replications create streams from several threads at once). */
void sim__gsl_quiet(void);

#endif
