/* Cost of repl_write per write: single-writer async to two replicas with the
 * default lognormal lag, multi-writer with the conflict table, and a one-hour
 * partition at 1000 writes/s (the backlog ring compacts; memory is fixed).
 * Prints figures; never fails. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_rng.h>

#include "models/replication.h"
#include "sim/rng.h"

static double wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static struct repl_config three(enum writer_mode wm)
{
    struct repl_config c;
    memset(&c, 0, sizeof c);
    c.n_regions = 3;
    for (int i = 0; i < 3; i++) {
        c.holds_data[i] = true;
        c.writer[i] = wm == WRITER_MULTI || i == 0;
        for (int j = 0; j < 3; j++)
            c.rtt_ms[i][j] = i == j ? 1 : 90;
    }
    c.mode = REPL_ASYNC;
    c.lag = (struct sim_dur){SIM_DUR_LOGNORMAL, 200 * SIM_MS, SIM_SEC};
    c.writers = wm;
    c.conflicts = CONFLICT_LWW;
    c.clock_skew = 10 * SIM_MS;
    c.payload_bytes = 2000;
    c.backup_region = 1;
    c.snapshot_interval = SIM_HOUR;
    c.snapshot_retention = 7;
    c.data_bytes = 100000000000;
    return c;
}

static void bench(const char *name, enum writer_mode wm, bool partition)
{
    gsl_rng *g = sim_rng_new(1, 0, "bench");
    struct repl_config c = three(wm);
    struct repl *r = repl_new(&c, g);
    const int n = 2000000;
    const sim_time gap = SIM_MS; /* 1000 writes/s */
    if (partition)
        repl_set_link(r, 0, 0, 1, false);
    double t0 = wall();
    for (int i = 0; i < n; i++) {
        sim_time now = (sim_time)i * gap;
        if (i % 1000 == 0)
            repl_advance(r, now);
        int region = wm == WRITER_MULTI ? i % 3 : 0;
        repl_write(r, now, region, gsl_rng_uniform_int(g, 1000000));
    }
    double dt = wall() - t0;
    sim_time rpo;
    int64_t lost;
    repl_loss(r, (sim_time)n * gap, 0, 1, &rpo, &lost);
    struct repl_stats st;
    repl_get_stats(r, &st);
    printf("%-34s %7.0f ns/write  lost-if-failed %lld (rpo %.1f s)  conflicts %lld lost %lld\n",
           name, dt / n * 1e9, (long long)lost, sim_time_to_sec(rpo), (long long)st.conflicts,
           (long long)st.lost_updates);
    repl_free(r);
    gsl_rng_free(g);
}

int main(void)
{
    bench("single writer, async x2", WRITER_SINGLE, false);
    bench("multi-writer x3, LWW", WRITER_MULTI, false);
    bench("single writer, 2000 s partition", WRITER_SINGLE, true);
    return 0;
}
