/* cost_price and cost_per_month against bills computed by hand, with the AWS
 * transfer prices of us-east-1 and sa-east-1 from the reference table
 * (../shared/reference/pricing/aws_transfer_usd_per_gb.csv, 2022 list):
 * us-east-1 -> sa-east-1 $0.02/GB, sa-east-1 -> us-east-1 $0.138/GB,
 * us-east-1 -> internet $0.09/GB, sa-east-1 -> internet $0.15/GB. */
#include "helpers.h"

#include <string.h>

#include "models/cost.h"

#define GB 1e9
#define US 0
#define SA 1
/* Sums of a few products of short decimals: exact to ~1e-15 relative. */
#define EPS 1e-9

static void two_regions(struct scenario *s)
{
    scenario_defaults(s);
    s->n_regions = 2;
    strcpy(s->regions[US].name, "us-east-1");
    strcpy(s->regions[SA].name, "sa-east-1");
    s->transfer_usd_gb[US][SA] = 0.02;
    s->transfer_usd_gb[SA][US] = 0.138;
}

/* One day: 10 app instances, 2 database instances, 100 GB live, 50 GB of
 * snapshots, 10 GB replicated each way, 5 GB to users from each region,
 * 2 million DNS queries, 3 health checks, 1 hosted zone. */
static struct cost_usage one_day(void)
{
    struct cost_usage u;
    memset(&u, 0, sizeof u);
    u.duration = SIM_DAY;
    u.instance_hours = 240;
    u.db_instance_hours = 48;
    u.storage_gb_months = 100.0 / 30;
    u.snapshot_gb_months = 50.0 / 30;
    u.transfer_bytes[US][SA] = 10 * GB;
    u.transfer_bytes[SA][US] = 10 * GB;
    u.internet_bytes[US] = 5 * GB;
    u.internet_bytes[SA] = 5 * GB;
    u.dns_queries = 2e6;
    u.health_checks = 3;
    u.zones = 1;
    return u;
}

static void test_items_match_hand_computation(void **state)
{
    (void)state;
    struct scenario s;
    two_regions(&s);
    struct cost_usage u = one_day();
    struct cost_breakdown b;
    double total = cost_price(&s, &u, &b);
    assert_near(b.compute, 23.04, EPS);              /* 240 h x $0.096 */
    assert_near(b.database, 13.92, EPS);             /* 48 h x $0.29 */
    assert_near(b.storage, 100.0 / 30 * 0.10, EPS);  /* $0.333 */
    assert_near(b.snapshots, 50.0 / 30 * 0.05, EPS); /* $0.0833 */
    assert_near(b.transfer, 1.58, EPS);              /* 10 x 0.02 + 10 x 0.138 */
    assert_near(b.internet, 0.90, EPS);              /* 10 GB x $0.09 default */
    assert_near(b.dns, 0.80 + 0.50 / 30, EPS);       /* 2 M x $0.40 + zone for 1/30 month */
    assert_near(b.health_checks, 3 * 0.50 / 30, EPS);
    double sum = 23.04 + 13.92 + 100.0 / 30 * 0.10 + 50.0 / 30 * 0.05 + 1.58 + 0.90 + 0.80 +
                 0.50 / 30 + 1.5 / 30;
    assert_near(total, sum, EPS);
    assert_near(b.total, sum, EPS);
    assert_near(cost_price(&s, &u, NULL), sum, EPS);
}

static void test_leaving_sa_east_costs_more_than_leaving_us_east(void **state)
{
    (void)state;
    struct scenario s;
    two_regions(&s);
    struct cost_usage out_us, out_sa;
    memset(&out_us, 0, sizeof out_us);
    memset(&out_sa, 0, sizeof out_sa);
    out_us.duration = out_sa.duration = SIM_DAY;
    out_us.transfer_bytes[US][SA] = 100 * GB;
    out_sa.transfer_bytes[SA][US] = 100 * GB;
    struct cost_breakdown bu, bs;
    cost_price(&s, &out_us, &bu);
    cost_price(&s, &out_sa, &bs);
    assert_near(bu.transfer, 2.0, EPS);  /* 100 GB x $0.02 */
    assert_near(bs.transfer, 13.8, EPS); /* 100 GB x $0.138 */
    assert_true(bs.transfer > 6 * bu.transfer);
}

static void test_flat_transfer_price_overrides_the_table(void **state)
{
    (void)state;
    struct scenario s;
    two_regions(&s);
    s.costs.transfer_gb = 0.05;
    struct cost_usage u = one_day();
    struct cost_breakdown b;
    cost_price(&s, &u, &b);
    assert_near(b.transfer, 20 * 0.05, EPS);
}

static void test_internet_price_per_region(void **state)
{
    (void)state;
    struct scenario s;
    two_regions(&s);
    s.internet_usd_gb[SA] = 0.15;
    struct cost_usage u = one_day();
    struct cost_breakdown b;
    cost_price(&s, &u, &b);
    assert_near(b.internet, 5 * 0.09 + 5 * 0.15, EPS);
}

static void test_intra_region_transfer_is_free(void **state)
{
    (void)state;
    struct scenario s;
    two_regions(&s);
    s.transfer_usd_gb[US][US] = 1.0; /* ignored: staying in a region is free */
    struct cost_usage u;
    memset(&u, 0, sizeof u);
    u.duration = SIM_DAY;
    u.transfer_bytes[US][US] = 1000 * GB;
    struct cost_breakdown b;
    assert_near(cost_price(&s, &u, &b), 0.0, EPS);
}

static void test_month_scales_a_day_by_thirty(void **state)
{
    (void)state;
    struct scenario s;
    two_regions(&s);
    struct cost_usage u = one_day();
    double day = cost_price(&s, &u, NULL);
    assert_near(cost_per_month(&s, &u), 30 * day, 1e-9 * day);
    /* A month of storage per GB-month: 100 GB live all month costs $10. */
    struct cost_usage m;
    memset(&m, 0, sizeof m);
    m.duration = 30 * SIM_DAY;
    m.storage_gb_months = 100;
    m.health_checks = 2;
    m.zones = 1;
    assert_near(cost_per_month(&s, &m), 10.0 + 2 * 0.50 + 0.50, EPS);
    m.duration = 0;
    assert_near(cost_per_month(&s, &m), 0.0, 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_items_match_hand_computation),
        cmocka_unit_test(test_leaving_sa_east_costs_more_than_leaving_us_east),
        cmocka_unit_test(test_flat_transfer_price_overrides_the_table),
        cmocka_unit_test(test_internet_price_per_region),
        cmocka_unit_test(test_intra_region_transfer_is_free),
        cmocka_unit_test(test_month_scales_a_day_by_thirty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
