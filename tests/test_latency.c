/* RTT estimation checked against measured pairs held out of the estimator:
 * the formula alone on AWS pairs, and Azure pairs through AWS neighbours (and
 * the reverse). Medians of |estimate - measured| / measured. */
#include "helpers.h"

#include <stdlib.h>
#include <string.h>

#include "models/latency.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Median relative error of estimates for measured pairs of `provider` when the
 * estimator may only use `tables`, over pairs whose estimate came from `want`.
 * *count gets the number of pairs. */
static double heldout_median(const char *provider, unsigned tables, enum latency_source want,
                             int *count)
{
    int n_regions = region_count();
    double *err = malloc(sizeof *err * (size_t)n_regions * (size_t)n_regions);
    assert_non_null(err);
    int n = 0;
    for (int i = 0; i < n_regions; i++) {
        for (int j = 0; j < n_regions; j++) {
            const struct region_info *a = region_at(i), *b = region_at(j);
            if (i == j || strcmp(a->provider, provider) || strcmp(b->provider, provider))
                continue;
            double m = latency_measured_ms(a, b, LATENCY_TABLES_ALL);
            if (isnan(m))
                continue;
            struct latency_point pa = {a, a->lat, a->lon}, pb = {b, b->lat, b->lon};
            enum latency_source src;
            double v = latency_rtt_ms(&pa, &pb, tables, &src);
            if (src == want)
                err[n++] = fabs(v - m) / m;
        }
    }
    qsort(err, (size_t)n, sizeof *err, cmp_double);
    double med = n ? err[n / 2] : NAN;
    free(err);
    *count = n;
    return med;
}

/* Measured when written (2026-11): formula on AWS pairs 14.9% (n = 420),
 * Azure via AWS neighbours 4.3% (n = 182), AWS via Azure neighbours 4.5%
 * (n = 182). Bounds: the 10% target for neighbour estimates; for the
 * formula alone the README's "around 15-20%", so 20%. */
static void test_formula_alone_is_within_20_percent_on_aws_pairs(void **state)
{
    (void)state;
    int n;
    double med = heldout_median("aws", 0, LATENCY_ESTIMATED, &n);
    printf("aws pairs by fibre formula: n=%d, median relative error %.3f\n", n, med);
    assert_true(n >= 420); /* 21 x 20 directed pairs */
    assert_true(med < 0.20);
}

static void test_azure_via_aws_neighbours_is_within_10_percent(void **state)
{
    (void)state;
    int n;
    double med = heldout_median("azure", LATENCY_TABLE_AWS, LATENCY_NEIGHBOUR, &n);
    printf("azure pairs via aws neighbours: n=%d, median relative error %.3f\n", n, med);
    assert_true(n >= 100);
    assert_true(med < 0.10);
}

static void test_aws_via_azure_neighbours_is_within_10_percent(void **state)
{
    (void)state;
    int n;
    double med = heldout_median("aws", LATENCY_TABLE_AZURE, LATENCY_NEIGHBOUR, &n);
    printf("aws pairs via azure neighbours: n=%d, median relative error %.3f\n", n, med);
    assert_true(n >= 100);
    assert_true(med < 0.10);
}

static void test_great_circle_matches_known_distance(void **state)
{
    (void)state;
    /* London-New York is 5570 km on the great circle (1 km of rounding). */
    assert_near(latency_great_circle_km(51.507, -0.128, 40.713, -74.006), 5570, 5);
    assert_near(latency_great_circle_km(10, 20, 10, 20), 0, 1e-9);
    /* 1020 km of fibre: 10 ms RTT, x1.6, + 1.5 ms. */
    assert_near(latency_fibre_rtt_ms(1020), 17.5, 1e-9);
}

static void test_measured_pairs_come_from_the_tables(void **state)
{
    (void)state;
    const struct region_info *a = region_find("us-east-1", NULL),
                             *b = region_find("eu-west-1", NULL);
    assert_non_null(a);
    assert_non_null(b);
    struct latency_point pa = {a, a->lat, a->lon}, pb = {b, b->lat, b->lon};
    enum latency_source src;
    assert_near(latency_rtt_ms(&pa, &pb, LATENCY_TABLES_ALL, &src), 70, 1e-9);
    assert_int_equal(src, LATENCY_MEASURED);
    /* Azure: "East US" row, "West Europe" column. */
    a = region_find("eastus", NULL);
    b = region_find("westeurope", NULL);
    assert_near(latency_measured_ms(a, b, LATENCY_TABLES_ALL), 83, 1e-9);
}

static void test_custom_point_far_from_tables_uses_the_formula(void **state)
{
    (void)state;
    struct latency_point a = {NULL, 0, 0}, b = {NULL, 0, 10};
    enum latency_source src;
    double v = latency_rtt_ms(&a, &b, LATENCY_TABLES_ALL, &src);
    assert_int_equal(src, LATENCY_ESTIMATED);
    assert_near(v, latency_fibre_rtt_ms(latency_great_circle_km(0, 0, 0, 10)), 1e-9);
}

static void test_cross_provider_same_metro_uses_a_neighbour(void **state)
{
    (void)state;
    /* GCP europe-west3 is in Frankfurt like eu-central-1; GCP us-east4 in
     * Ashburn like us-east-1: the AWS pair stands in. */
    const struct region_info *a = region_find("gcp:europe-west3", NULL);
    const struct region_info *b = region_find("gcp:us-east4", NULL);
    struct latency_point pa = {a, a->lat, a->lon}, pb = {b, b->lat, b->lon};
    enum latency_source src;
    double v = latency_rtt_ms(&pa, &pb, LATENCY_TABLES_ALL, &src);
    assert_int_equal(src, LATENCY_NEIGHBOUR);
    const struct region_info *x = region_find("eu-central-1", NULL),
                             *y = region_find("us-east-1", NULL);
    assert_near(v, latency_measured_ms(x, y, LATENCY_TABLES_ALL), 1e-9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formula_alone_is_within_20_percent_on_aws_pairs),
        cmocka_unit_test(test_azure_via_aws_neighbours_is_within_10_percent),
        cmocka_unit_test(test_aws_via_azure_neighbours_is_within_10_percent),
        cmocka_unit_test(test_great_circle_matches_known_distance),
        cmocka_unit_test(test_measured_pairs_come_from_the_tables),
        cmocka_unit_test(test_custom_point_far_from_tables_uses_the_formula),
        cmocka_unit_test(test_cross_provider_same_metro_uses_a_neighbour),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
