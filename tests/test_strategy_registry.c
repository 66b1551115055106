/* A fifth strategy added through the registry alone: this program links its
 * own registry (the four built-in strategies and a test-only "pilot light
 * without replication") instead of models/strategies/registry.c, and runs
 * it end to end: YAML naming it -> loader -> world -> summary.csv. */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "models/strategies/builtin.h"
#include "plots/report.h"
#include "scenarios/defaults.h"
#include "scenarios/loader/loader.h"

/* ---- the test-only strategy: a pilot light whose recovery region holds
 * snapshots only, so a failover restores the latest one. ---- */

static const char *const keys[] = {"recovery", "start_compute", NULL};

/* Backups as backup & restore takes them: hourly, no replication (its rows
 * of the defaults table). */
static void defaults(struct scenario_strategy *c)
{
    scenario_strategy_defaults(c, "backup_restore");
}

static void failover_steps(struct strategy *st, int rec)
{
    const struct scenario_strategy *c = st->cfg;
    struct sim_dur restore = strategy_restore_time(c);
    strategy_add_step(st, PHASE_RESTORE, &restore, -1);
    strategy_add_step(st, PHASE_START, &c->start_compute, rec);
    strategy_add_step(st, PHASE_DNS_SWITCH, &c->dns_switch, -1);
}

static const struct strategy_type pilot_light_no_replication = {
    .key = "pilot_light_no_replication",
    .label = "Pilot light, no replication",
    .keys = keys,
    STRATEGY_PAIR_OPS,
    .defaults = defaults,
    .standby_size = strategy_no_standby,
    .standby_holds_data = false,
    .failover_steps = failover_steps,
};

/* ---- this program's registry ---- */

static const struct strategy_type *const registry[] = {
    &strategy_backup_restore, &strategy_pilot_light,        &strategy_warm_standby,
    &strategy_active_active,  &pilot_light_no_replication,
};

int strategy_count(void)
{
    return (int)(sizeof registry / sizeof registry[0]);
}

const struct strategy_type *strategy_type(int k)
{
    return k >= 0 && k < strategy_count() ? registry[k] : NULL;
}

static const char yaml[] = "scenario: fifth\n"
                           "horizon: 6h\n"
                           "replications: 2\n"
                           "regions: [us-east-1, eu-west-1]\n"
                           "workload: { rate: 20/s }\n"
                           "failures:\n"
                           "  - { at: 1h, kind: region_outage, region: us-east-1, duration: 2h }\n"
                           "strategies:\n"
                           "  pilot_light: { primary: us-east-1 }\n"
                           "  pilot_light_no_replication: { primary: us-east-1, start_compute: 4m }\n";

static void test_fifth_strategy_loads_runs_and_reports(void **state)
{
    struct scenario *s = malloc(sizeof *s);
    assert_non_null(s);
    assert_int_equal(scenario_load_buffer("fifth.yaml", yaml, strlen(yaml), s, stderr), 0);
    int k = strategy_find("pilot_light_no_replication");
    assert_int_equal(k, 4);
    assert_true(s->strategies[k].enabled);
    assert_false(s->strategies[2].enabled);
    assert_int_equal(s->strategies[k].replication, REPL_NONE);
    assert_int_equal(s->strategies[k].recovery, 1);
    assert_int_equal(s->strategies[k].start_compute.a, 4 * SIM_MIN);

    struct sim_error err;
    struct run_set *b = run_set_new(s, &err);
    assert_non_null(b);
    assert_int_equal(b->n_strategies, 2);
    assert_int_equal(cli_simulate(b, 1, NULL, NULL, NULL, &err), 0);
    /* It failed over by restoring a snapshot: data lost, unlike pilot light. */
    const struct run_result *pl = &b->runs[0], *fifth = &b->runs[1];
    assert_int_equal(fifth->strategy, k);
    assert_true(fifth->n_incidents >= 1 && pl->n_incidents >= 1);
    assert_true(fifth->incidents[0].phase_end[PHASE_RESTORE] > 0);
    assert_true(fifth->incidents[0].rpo > pl->incidents[0].rpo);

    struct summary *r = summary_new(s, b->runs, b->n_runs, "regionsim run fifth.yaml");
    assert_non_null(r);
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    assert_int_equal(report_write_summary_csv(r, f, true), 0);
    fclose(f);
    assert_non_null(strstr(buf, "\nfifth,pilot_light_no_replication,rto,s,"));
    assert_non_null(strstr(buf, "\nfifth,pilot_light,rto,s,"));
    free(buf);
    summary_free(r);
    run_set_free(b);
    free(s);
}

/* A key of the fifth strategy's that pilot light does not take is refused,
 * naming the strategies that take it. */
static void test_unused_key_names_its_strategies(void **state)
{
    static const char bad[] = "scenario: x\nregions: [us-east-1, eu-west-1]\n"
                              "strategies:\n  pilot_light_no_replication: { standby: 10% }\n";
    struct scenario *s = malloc(sizeof *s);
    char *msg = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&msg, &size);
    assert_int_not_equal(scenario_load_buffer("bad.yaml", bad, strlen(bad), s, f), 0);
    fclose(f);
    assert_non_null(strstr(msg, "'standby' does not apply to pilot_light_no_replication; it is "
                                "a setting of warm_standby"));
    free(msg);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fifth_strategy_loads_runs_and_reports),
        cmocka_unit_test(test_unused_key_names_its_strategies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
