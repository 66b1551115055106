/* Load-driven scale-out (models/world_autoscale.c): a warm standby at 25%
 * (one of four instances, 8 x 50 ms: 160 req/s) takes 200 req/s after its
 * primary is lost. With the runbook's scale-up alone (1 h) the standby is
 * overloaded until that step ends; with autoscale (target 70%, interval 1m,
 * delay 3m) the first interval after the traffic arrived measures
 * utilisation 1 and asks for ceil(1 / 0.7) = 2 instances (320 req/s, 62%),
 * serving `delay` later. So recovery holds at most DNS switch + TTL + one
 * interval to measure + the next tick + delay + the RTO window after the
 * failure's start, where the runbook-only service waits for its hour. */
#include "strategies.h"
#include "helpers.h"

#include <stdio.h>
#include <string.h>

#include "models/world.h"
#include "scenarios/loader/loader.h"

static struct scenario S;
static struct run_result R;

static void run(const char *autoscale)
{
    char text[1536];
    snprintf(text, sizeof text,
             "regions: [{ name: us-east-1, instances: 4 }, { name: eu-west-1, instances: 4 }]\n"
             "horizon: 4h\n"
             "workload: { rate: 200/s, service_time: 50ms }\n"
             "dns: { ttl: 60s, ttl_violators: { fraction: 0 } }\n"
             "failures: [{ kind: region_outage, region: us-east-1, at: 1h, duration: forever }]\n"
             "strategies:\n"
             "  warm_standby: { primary: us-east-1, recovery: eu-west-1, automatic: true,\n"
             "                  standby: 25%%, scale_up: 1h, dns_switch: 1m }\n"
             "%s",
             autoscale);
    if (scenario_load_buffer("autoscale.yaml", text, strlen(text), &S, stderr) != 0)
        fail_msg("does not load:\n%s", text);
    struct sim_error err = {0};
    if (world_run(&S, STRATEGY_WARM_STANDBY, 0, &R, NULL, &err) != 0)
        fail_msg("world_run: %s", err.message);
    assert_int_equal(R.incidents_total, 1);
}

static void test_autoscale_recovers_before_the_runbook_scales(void **state)
{
    (void)state;
    run("");
    const struct incident_result *in = &R.incidents[0];
    double manual = sim_time_to_sec(in->rto), scaled_at = sim_time_to_sec(in->phase_end[PHASE_SCALE]);
    run("autoscale: { target: 70%, interval: 1m, delay: 3m }\n");
    in = &R.incidents[0];
    double rto = sim_time_to_sec(in->rto), sw = sim_time_to_sec(in->phase_end[PHASE_DNS_SWITCH]);
    double bound = sw + 60 + 60 + 60 + 180 + 60;
    printf("runbook only: RTO %.0f s (scaled at %.0f s); autoscale: RTO %.0f s, bound %.0f s\n",
           manual, scaled_at, rto, bound);
    assert_true(manual >= scaled_at - 60); /* overloaded until the scale-up step */
    assert_true(rto <= bound);
    assert_true(rto < manual);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_autoscale_recovers_before_the_runbook_scales),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
