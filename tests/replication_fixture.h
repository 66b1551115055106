/* Shared by the replication tests: a configuration with every region
 * holding data, RTT 80 + 40 (i + j - 1) ms between regions i and j (1 ms
 * inside one), region 0 the single writer; and Poisson arrivals. */
#ifndef REGIONSIM_TESTS_REPLICATION_FIXTURE_H
#define REGIONSIM_TESTS_REPLICATION_FIXTURE_H

#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "models/replication.h"

static inline struct repl_config base(int n, enum replication_mode mode, sim_time lag)
{
    struct repl_config c;
    memset(&c, 0, sizeof c);
    c.n_regions = n;
    for (int i = 0; i < n; i++) {
        c.holds_data[i] = true;
        for (int j = 0; j < n; j++)
            c.rtt_ms[i][j] = i == j ? 1.0 : 80.0 + 40.0 * (i + j - 1);
    }
    c.writer[0] = true;
    c.mode = mode;
    c.acks = 1;
    c.lag = sim_dur_fixed(lag);
    c.writers = WRITER_SINGLE;
    c.payload_bytes = 1000;
    c.backup_region = -1;
    return c;
}

/* Next arrival of a Poisson stream of `rate` per second after t. */
static inline sim_time next_arrival(gsl_rng *g, sim_time t, double rate)
{
    sim_time d = sim_time_from_sec(gsl_ran_exponential(g, 1.0 / rate));
    return t + (d > 0 ? d : 1);
}

#endif
