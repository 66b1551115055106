/* Private to the world: the data patterns' setup and results (reads, and
 * what later parts of issue 14 add), called once each from world.c. */
#ifndef REGIONSIM_MODELS_WORLD_DATA_H
#define REGIONSIM_MODELS_WORLD_DATA_H

#include "models/world_impl.h"

/* After the replication is set up. Returns 0 or SIM_ENOMEM. */
int world_data_setup(struct world *w);
/* Fills the run result's data metrics (at the end of the run). */
void world_data_finish(struct world *w);
/* Frees what world_data_setup made (any state of it). */
void world_data_free(struct world *w);

#endif
