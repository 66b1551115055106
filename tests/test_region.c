/* The region catalog: coverage of the measured tables, lookups with and
 * without provider prefixes, suggestions, populations, RTT by name. */
#include "helpers.h"

#include <string.h>

#include "models/latency.h"
#include "models/region.h"
#include "sim/error.h"

static int count_provider(const char *p, bool measured_only)
{
    int n = 0;
    for (int i = 0; i < region_count(); i++) {
        const struct region_info *r = region_at(i);
        if (strcmp(r->provider, p) != 0)
            continue;
        if (measured_only) {
            /* Held by its table: it has a measured RTT to some other region. */
            bool any = false;
            for (int j = 0; j < region_count() && !any; j++)
                any = j != i && !isnan(latency_measured_ms(r, region_at(j), LATENCY_TABLES_ALL));
            if (!any)
                continue;
        }
        n++;
    }
    return n;
}

static void test_catalog_holds_every_measured_aws_and_azure_region(void **state)
{
    (void)state;
    assert_int_equal(count_provider("aws", true), 21);
    assert_int_equal(count_provider("azure", true), 54);
    assert_true(count_provider("gcp", false) >= 20);
}

static void test_every_region_has_plausible_coordinates(void **state)
{
    (void)state;
    for (int i = 0; i < region_count(); i++) {
        const struct region_info *r = region_at(i);
        assert_true(r->lat >= -90 && r->lat <= 90);
        assert_true(r->lon >= -180 && r->lon <= 180);
        bool amb;
        assert_ptr_equal(region_find(r->name, &amb), r); /* ids are unique */
    }
    assert_null(region_at(-1));
    assert_null(region_at(region_count()));
}

static void test_find_accepts_provider_prefix_and_rejects_wrong_one(void **state)
{
    (void)state;
    const struct region_info *r = region_find("aws:us-east-1", NULL);
    assert_non_null(r);
    assert_string_equal(r->provider, "aws");
    assert_ptr_equal(region_find("us-east-1", NULL), r);
    assert_null(region_find("azure:us-east-1", NULL));
    assert_non_null(region_find("azure:eastus", NULL));
    assert_null(region_find("mars-north-1", NULL));
}

static void test_populations_include_the_required_ones(void **state)
{
    (void)state;
    static const char *const need[] = {"north-america-east",
                                       "north-america-west",
                                       "south-america",
                                       "europe-west",
                                       "europe-central",
                                       "asia-south",
                                       "asia-east",
                                       "asia-southeast",
                                       "oceania",
                                       "africa",
                                       "middle-east",
                                       "north-america",
                                       "europe",
                                       "asia"};
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
        assert_non_null(region_find_population(need[i]));
    assert_null(region_find_population("atlantis"));
}

static void test_suggest_finds_typos_and_not_nonsense(void **state)
{
    (void)state;
    assert_string_equal(region_suggest("us-esat-1"), "us-east-1");
    assert_string_equal(region_suggest("westeurop"), "westeurope");
    assert_string_equal(region_suggest("europe-wset"), "europe-west");
    assert_null(region_suggest("zzzzzzzzzzzz"));
}

static void test_rtt_by_name_says_measured_or_estimated(void **state)
{
    (void)state;
    double rtt;
    bool measured;
    struct sim_error err = {0};
    assert_int_equal(region_rtt("us-east-1", "eu-west-1", &rtt, &measured, &err), 0);
    assert_near(rtt, 70, 1e-9);
    assert_true(measured);
    /* A population adds the access term to the estimate. */
    assert_int_equal(region_rtt("europe-west", "eu-west-3", &rtt, &measured, &err), 0);
    assert_false(measured);
    assert_true(rtt >= LATENCY_ACCESS_MS && rtt < 15);
    assert_int_equal(region_rtt("us-esat-1", "eu-west-1", &rtt, &measured, &err), SIM_ENOTFOUND);
    assert_non_null(strstr(err.message, "did you mean 'us-east-1'"));
}

static void test_catalog_prints(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(region_print_catalog(f), 0);
    assert_true(ftell(f) > 5000);
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_catalog_holds_every_measured_aws_and_azure_region),
        cmocka_unit_test(test_every_region_has_plausible_coordinates),
        cmocka_unit_test(test_find_accepts_provider_prefix_and_rejects_wrong_one),
        cmocka_unit_test(test_populations_include_the_required_ones),
        cmocka_unit_test(test_suggest_finds_typos_and_not_nonsense),
        cmocka_unit_test(test_rtt_by_name_says_measured_or_estimated),
        cmocka_unit_test(test_catalog_prints),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
