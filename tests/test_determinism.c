/* Determinism: a small model that uses every engine feature (ties, cancellation,
 * several streams, statistics) writes a trace; the same seed gives byte-identical
 * traces, also with another run in between, and another seed a different one. */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include "sim/rng.h"
#include "sim/sim.h"
#include "sim/stats.h"

/* Requests arrive (exp), wait for one of two servers (lognormal service), and
 * give up after a timeout unless served first (the timeout is cancelled).
 * A periodic tick at whole seconds ties with other events on purpose. */
struct model {
    FILE *out;
    gsl_rng *arrivals, *service, *patience;
    int busy;
    uint64_t next_id;
    sim_handle timeout[64];
    sim_time arrived[64];
    uint64_t line[64];
    size_t line_len;
    struct sim_tally wait;
    struct sim_hist *hist;
};

enum { ARRIVE, DONE, GIVE_UP, TICK };

static void event(struct sim *sim, void *ctx, uint64_t arg);

/* Whole 10 ms steps, so that events often tie with each other and with ticks. */
static sim_time coarse(double sec)
{
    return sim_time_from_sec(sec) / (10 * SIM_MS) * (10 * SIM_MS);
}

static void start(struct sim *sim, struct model *m, uint64_t id)
{
    m->busy++;
    sim_cancel(sim, m->timeout[id % 64]);
    double w = sim_time_to_sec(sim_now(sim) - m->arrived[id % 64]);
    sim_tally_add(&m->wait, w);
    sim_hist_add(m->hist, w + 1e-3);
    struct sim_dur d = {SIM_DUR_LOGNORMAL, 300 * SIM_MS, 2 * SIM_SEC};
    sim_after(sim, sim_dur_draw(&d, m->service), event, m, (uint64_t)DONE << 32 | id);
}

static void event(struct sim *sim, void *ctx, uint64_t arg)
{
    struct model *m = ctx;
    uint64_t kind = arg >> 32, id = arg & 0xffffffffu;
    fprintf(m->out, "%lld %llu %llu\n", (long long)sim_now(sim), (unsigned long long)kind,
            (unsigned long long)id);
    switch (kind) {
    case ARRIVE:
        if (m->next_id < 2000)
            sim_after(sim, coarse(sim_rand_exp(m->arrivals, 0.25)), event, m,
                      (uint64_t)ARRIVE << 32 | m->next_id++);
        m->arrived[id % 64] = sim_now(sim);
        m->timeout[id % 64] = sim_after(sim, coarse(sim_rand_uniform(m->patience, 0.5, 3)), event,
                                        m, (uint64_t)GIVE_UP << 32 | id);
        if (m->busy < 2)
            start(sim, m, id);
        else if (m->line_len < 64)
            m->line[m->line_len++] = id;
        break;
    case DONE:
        m->busy--;
        if (m->line_len > 0) {
            uint64_t next = m->line[0];
            memmove(m->line, m->line + 1, --m->line_len * sizeof m->line[0]);
            start(sim, m, next);
        }
        break;
    case GIVE_UP:
        for (size_t i = 0; i < m->line_len; i++)
            if (m->line[i] == id) {
                memmove(m->line + i, m->line + i + 1, (--m->line_len - i) * sizeof m->line[0]);
                break;
            }
        break;
    case TICK:
        if (sim_pending(sim) > 1)
            sim_after(sim, SIM_SEC, event, m, (uint64_t)TICK << 32);
        break;
    }
}

/* Runs the model and returns its trace (malloc'd, NUL-terminated). */
static char *run_model(uint64_t seed)
{
    char *buf = NULL;
    size_t size = 0;
    struct model m = {0};
    m.out = open_memstream(&buf, &size);
    assert_non_null(m.out);
    m.arrivals = sim_rng_new(seed, 0, "arrivals");
    m.service = sim_rng_new(seed, 0, "service");
    m.patience = sim_rng_new(seed, 0, "patience");
    m.hist = malloc(sizeof *m.hist);
    sim_hist_init(m.hist);
    sim_tally_init(&m.wait);
    struct sim *sim = sim_new(16);
    sim_at(sim, 0, event, &m, (uint64_t)ARRIVE << 32 | m.next_id++);
    sim_at(sim, SIM_SEC, event, &m, (uint64_t)TICK << 32);
    sim_run(sim, SIM_TIME_MAX);
    /* Hex floats: exact bits of every statistic. */
    fprintf(m.out, "fired %llu wait n %llu mean %a var %a p50 %a p99 %a\n",
            (unsigned long long)sim_fired(sim), (unsigned long long)m.wait.n, m.wait.mean,
            sim_tally_var(&m.wait), sim_hist_quantile(m.hist, 0.5),
            sim_hist_quantile(m.hist, 0.99));
    fclose(m.out);
    sim_free(sim);
    free(m.hist);
    gsl_rng_free(m.arrivals);
    gsl_rng_free(m.service);
    gsl_rng_free(m.patience);
    return buf;
}

static void test_same_seed_gives_identical_output(void **state)
{
    char *a = run_model(11);
    char *other = run_model(12);
    char *b = run_model(11);
    assert_true(strlen(a) > 10000);
    assert_string_equal(a, b);
    assert_string_not_equal(a, other);
    free(a);
    free(b);
    free(other);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_seed_gives_identical_output),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
