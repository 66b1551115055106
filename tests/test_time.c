/* sim_time text and seconds: every unit, fractions, signs, the error cases
 * (empty, missing or unknown unit, dangling '.', overflow), and formatting. */
#include "helpers.h"

#include <string.h>

#include "sim/error.h"
#include "sim/time.h"

static void expect_parse(const char *text, sim_time want)
{
    sim_time got = -12345;
    int rc = sim_time_parse(text, &got);
    if (rc != 0)
        fail_msg("sim_time_parse(\"%s\") returned %d", text, rc);
    if (got != want)
        fail_msg("sim_time_parse(\"%s\") = %lld, want %lld", text, (long long)got, (long long)want);
}

static void expect_error(const char *text, int code)
{
    sim_time got = -12345;
    int rc = sim_time_parse(text, &got);
    if (rc != code)
        fail_msg("sim_time_parse(\"%s\") returned %d, want %d", text ? text : "(null)", rc, code);
    assert_int_equal(got, -12345);
}

static void test_parse_units(void **state)
{
    expect_parse("10ns", 10);
    expect_parse("500us", 500 * SIM_US);
    expect_parse("250ms", 250 * SIM_MS);
    expect_parse("30s", 30 * SIM_SEC);
    expect_parse("15m", 15 * SIM_MIN);
    expect_parse("15min", 15 * SIM_MIN);
    expect_parse("2h", 2 * SIM_HOUR);
    expect_parse("3d", 3 * SIM_DAY);
    expect_parse("1w", 7 * SIM_DAY);
    expect_parse("1y", SIM_YEAR);
    expect_parse("0", 0);
    expect_parse("0.0", 0);
    expect_parse("0s", 0);
}

static void test_parse_fractions_signs_and_spaces(void **state)
{
    expect_parse("1.5h", 90 * SIM_MIN);
    expect_parse(".5s", 500 * SIM_MS);
    expect_parse("0.1s", 100 * SIM_MS);
    expect_parse("1.000000001s", SIM_SEC + 1);
    expect_parse("2.5ns", 3); /* nearest ns, halves away from zero */
    expect_parse("-5s", -5 * SIM_SEC);
    expect_parse("+5s", 5 * SIM_SEC);
    expect_parse("  7ms  ", 7 * SIM_MS);
    expect_parse("7 ms", 7 * SIM_MS);
}

static void test_parse_compound_durations(void **state)
{
    (void)state;
    expect_parse("1h30m", 90 * SIM_MIN);
    expect_parse("15h30m", 15 * SIM_HOUR + 30 * SIM_MIN);
    expect_parse("2d12h", 60 * SIM_HOUR);
    expect_parse("1m30s", 90 * SIM_SEC);
    expect_parse("1m30.5s", 90 * SIM_SEC + 500 * SIM_MS);
    expect_parse("1s250ms", 1250 * SIM_MS);
    expect_parse("2d 12h", 60 * SIM_HOUR);
    expect_parse("-1h30m", -90 * SIM_MIN); /* the sign covers the sum */
    expect_parse("1w2d3h4min5s6ms7us8ns",
                 9 * SIM_DAY + 3 * SIM_HOUR + 4 * SIM_MIN + 5 * SIM_SEC + 6 * SIM_MS + 7 * SIM_US + 8);
    /* what sim_time_format writes parses back */
    char buf[32];
    sim_time t = 25 * SIM_HOUR + 17 * SIM_MIN, back;
    assert_int_equal(sim_time_parse(sim_time_format(t, buf, sizeof buf), &back), 0);
    assert_true(back == t);
}

static void test_parse_errors(void **state)
{
    expect_error(NULL, SIM_EPARSE);
    expect_error("", SIM_EPARSE);
    expect_error("   ", SIM_EPARSE);
    expect_error("5", SIM_EPARSE);
    expect_error("5x", SIM_EPARSE);
    expect_error("5sec", SIM_EPARSE);
    expect_error("1.h", SIM_EPARSE);
    expect_error("1.", SIM_EPARSE);
    expect_error(".", SIM_EPARSE);
    expect_error(".s", SIM_EPARSE);
    expect_error("-", SIM_EPARSE);
    expect_error("s", SIM_EPARSE);
    expect_error("h5", SIM_EPARSE);
    /* compound durations: units strictly decreasing, each term with a unit */
    expect_error("30m1h", SIM_EPARSE);
    expect_error("1m1m", SIM_EPARSE);
    expect_error("1h30", SIM_EPARSE);
    expect_error("1h-30m", SIM_EPARSE);
    expect_error("0 5s", SIM_EPARSE);
    expect_error("1m 1min", SIM_EPARSE);
    expect_error("292y300d", SIM_ERANGE);
    expect_error("99999999999999999999s", SIM_ERANGE);
    expect_error("9223372036854775807s", SIM_ERANGE);
    expect_error("300y", SIM_ERANGE);
    /* INT64_MAX ns parses; one more overflows, also through the fraction. */
    expect_parse("9223372036854775807ns", SIM_TIME_MAX);
    expect_error("9223372036854775808ns", SIM_ERANGE);
    expect_error("9223372036.9s", SIM_ERANGE);
    expect_parse("9223372036.8s", 9223372036800000000);
}

static void test_seconds_round_trip_and_saturate(void **state)
{
    assert_near(sim_time_to_sec(1500 * SIM_MS), 1.5, 0);
    assert_int_equal(sim_time_from_sec(1.5), 1500 * SIM_MS);
    assert_int_equal(sim_time_from_sec(-0.25), -250 * SIM_MS);
    assert_int_equal(sim_time_from_sec(1e300), SIM_TIME_MAX);
    assert_int_equal(sim_time_from_sec(-1e300), -SIM_TIME_MAX);
    assert_int_equal(sim_time_from_sec(NAN), 0);
    assert_int_equal(sim_time_from_sec(INFINITY), SIM_TIME_MAX);
}

static void expect_format(sim_time t, const char *want)
{
    char buf[32];
    assert_string_equal(sim_time_format(t, buf, sizeof buf), want);
}

static void test_format(void **state)
{
    expect_format(0, "0s");
    expect_format(10, "10ns");
    expect_format(500 * SIM_US, "500us");
    expect_format(250 * SIM_MS, "250ms");
    expect_format(1500 * SIM_MS, "1.5s");
    expect_format(15 * SIM_MIN, "15m");
    expect_format(2 * SIM_HOUR + 30 * SIM_MIN, "2h 30m");
    expect_format(2 * SIM_HOUR, "2h");
    expect_format(3 * SIM_DAY, "3d");
    expect_format(-250 * SIM_MS, "-250ms");
    expect_format(SIM_TIME_MAX, "never");
    /* Values that round up to the next unit move to it. */
    expect_format(999999999, "1s");
    expect_format(999600, "1ms");
    expect_format(999400, "999us");
    expect_format(59990 * SIM_MS, "1m");
    expect_format(59 * SIM_MIN + 59 * SIM_SEC, "1h");
    expect_format(90 * SIM_SEC, "1.5m");
    expect_format(47 * SIM_HOUR + 59 * SIM_MIN + 50 * SIM_SEC, "48h");
    expect_format(1500 * SIM_DAY, "1500d");
    expect_format(-SIM_TIME_MAX, "-106752d");
    char small[4];
    sim_time_format(250 * SIM_MS, small, sizeof small);
    assert_int_equal(strlen(small), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_units),
        cmocka_unit_test(test_parse_fractions_signs_and_spaces),
        cmocka_unit_test(test_parse_compound_durations),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_seconds_round_trip_and_saturate),
        cmocka_unit_test(test_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
