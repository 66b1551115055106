/* sim_edit_distance: the distance behind every "did you mean" suggestion. */
#include "helpers.h"

#include <string.h>

#include "sim/text.h"

static void test_classic_levenshtein_cases(void **state)
{
    (void)state;
    assert_int_equal(sim_edit_distance("kitten", "sitting"), 3);
    assert_int_equal(sim_edit_distance("", "abc"), 3);
    assert_int_equal(sim_edit_distance("ttl", "ttl"), 0);
}

static void test_adjacent_swap_costs_one(void **state)
{
    (void)state;
    assert_int_equal(sim_edit_distance("ttl_violaotrs", "ttl_violators"), 1);
    assert_int_equal(sim_edit_distance("ab", "ba"), 1);
}

static void test_case_is_folded(void **state)
{
    (void)state;
    assert_int_equal(sim_edit_distance("US-East-1", "us-east-1"), 0);
}

static void test_long_strings_are_far_apart(void **state)
{
    (void)state;
    char a[80];
    memset(a, 'a', sizeof a - 1);
    a[sizeof a - 1] = '\0';
    assert_int_equal(sim_edit_distance(a, a), 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classic_levenshtein_cases),
        cmocka_unit_test(test_adjacent_swap_costs_one),
        cmocka_unit_test(test_case_is_folded),
        cmocka_unit_test(test_long_strings_are_far_apart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
