/*
 * test_units: the specification of models/units, how scenario files write numbers, counts and
 * durations. Expected hours are written out by hand (1 y = 365 d = 8760 h, 1 w = 168 h); the
 * round-trip tests use hand-picked awkward doubles and a fixed-seed gsl_rng.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tests/testutil.h"

#include <gsl/gsl_rng.h>

#include "models/unit.h"

/* Parses a duration that must be accepted and returns it in hours. */
static double hours_of(const char *s)
{
    char err[256] = "";
    double h = NAN;
    if (unit_parse_duration(s, &h, err, sizeof err) != 0) {
        print_error("unit_parse_duration(\"%s\") failed: %s\n", s, err);
        fail();
    }
    return h;
}

static double number_of(const char *s)
{
    char err[256] = "";
    double x = NAN;
    if (unit_parse_number(s, &x, err, sizeof err) != 0) {
        print_error("unit_parse_number(\"%s\") failed: %s\n", s, err);
        fail();
    }
    return x;
}

/* The message must contain every one of the (up to two) fragments. */
static void assert_message(const char *what, const char *s, const char *err, const char *frag1,
                           const char *frag2)
{
    if (!strstr(err, frag1) || (frag2 && !strstr(err, frag2))) {
        print_error("%s(\"%s\"): message \"%s\" lacks \"%s\"%s%s\n", what, s, err, frag1,
                    frag2 ? " or " : "", frag2 ? frag2 : "");
        fail();
    }
}

/* A duration that must be refused, with a message holding frag1 (and frag2 if not NULL). */
static void duration_fails(const char *s, const char *frag1, const char *frag2)
{
    char err[256] = "";
    double h = -12345.0;
    if (unit_parse_duration(s, &h, err, sizeof err) != -1) {
        print_error("unit_parse_duration(\"%s\") accepted it as %.17g h\n", s, h);
        fail();
    }
    assert_message("unit_parse_duration", s, err, frag1, frag2);
    assert_true(strchr(err, '\n') == NULL); /* one line: the caller adds file and line */
}

static void number_fails(const char *s, const char *frag)
{
    char err[256] = "";
    double x = -12345.0;
    if (unit_parse_number(s, &x, err, sizeof err) != -1) {
        print_error("unit_parse_number(\"%s\") accepted it as %.17g\n", s, x);
        fail();
    }
    assert_message("unit_parse_number", s, err, frag, NULL);
}

static void count_fails(const char *s, uint64_t min, uint64_t max, const char *frag)
{
    char err[256] = "";
    uint64_t v = 12345;
    if (unit_parse_count(s, min, max, &v, err, sizeof err) != -1) {
        print_error("unit_parse_count(\"%s\") accepted it as %llu\n", s, (unsigned long long)v);
        fail();
    }
    assert_message("unit_parse_count", s, err, frag, NULL);
}

static uint64_t count_of(const char *s, uint64_t min, uint64_t max)
{
    char err[256] = "";
    uint64_t v = 12345;
    if (unit_parse_count(s, min, max, &v, err, sizeof err) != 0) {
        print_error("unit_parse_count(\"%s\") failed: %s\n", s, err);
        fail();
    }
    return v;
}

/* ---------------------------------------------------------------- durations */

static void every_unit_converts_to_hours(void **state)
{
    (void)state;
    assert_true(hours_of("1y") == 8760.0);
    assert_true(hours_of("1w") == 168.0);
    assert_true(hours_of("1d") == 24.0);
    assert_true(hours_of("7d") == 168.0);
    assert_true(hours_of("1h") == 1.0);
    assert_true(hours_of("90m") == 1.5);
    assert_true(hours_of("90min") == 1.5);
    assert_true(hours_of("30m") == 0.5);
    assert_close(hours_of("1m"), 1.0 / 60.0, 1e-15, 0);
    assert_close(hours_of("30s"), 30.0 / 3600.0, 1e-15, 0);
    assert_close(hours_of("3600s"), 1.0, 1e-15, 0);
    assert_close(hours_of("250ms"), 250.0 / 3600000.0, 1e-15, 0);
    assert_close(hours_of("3600000ms"), 1.0, 1e-15, 0);
}

static void minutes_and_min_are_the_same_unit(void **state)
{
    (void)state;
    const char *v[] = {"1", "7", "0.25", "1e3", "59.5"};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        char a[32], b[32];
        snprintf(a, sizeof a, "%sm", v[i]);
        snprintf(b, sizeof b, "%smin", v[i]);
        assert_true(hours_of(a) == hours_of(b));
    }
}

static void durations_take_decimals_signs_and_exponents(void **state)
{
    (void)state;
    assert_true(hours_of("1.5h") == 1.5);
    assert_true(hours_of("0.5h") == 0.5);
    assert_true(hours_of(".5h") == 0.5);
    assert_true(hours_of("5.h") == 5.0);
    assert_true(hours_of("+2h") == 2.0);
    assert_true(hours_of("0h") == 0.0);
    assert_true(hours_of("2.5e-1d") == 6.0);
    assert_true(hours_of("2.5E-1d") == 6.0);
    assert_true(hours_of("1e+2h") == 100.0);
    assert_close(hours_of("1e3s"), 1000.0 / 3600.0, 1e-15, 0);
    assert_close(hours_of("0.1h"), 0.1, 0, 0);
    /* A number may carry a sign (unit.h); whether a negative duration makes sense is the
     * caller's business. */
    assert_true(hours_of("-1.5h") == -1.5);
}

static void surrounding_blanks_are_ignored(void **state)
{
    (void)state;
    assert_true(hours_of(" 2h") == 2.0);
    assert_true(hours_of("2h ") == 2.0);
    assert_true(hours_of("\t 2h \t") == 2.0);
    assert_true(hours_of("  1.5d  ") == 36.0);
}

static void duration_without_unit_is_an_error(void **state)
{
    (void)state;
    duration_fails("5", "has no unit", UNIT_EXPECTED);
    duration_fails("1.5", "has no unit", "'1.5'");
    duration_fails(" 1e3 ", "has no unit", NULL);
}

static void unknown_unit_is_an_error(void **state)
{
    (void)state;
    duration_fails("5x", "unknown unit 'x'", UNIT_EXPECTED);
    duration_fails("5hours", "unknown unit 'hours'", NULL);
    duration_fails("5sec", "unknown unit 'sec'", NULL);
    duration_fails("5H", "unknown unit 'H'", NULL); /* units are lower case: M is not m */
    duration_fails("5M", "unknown unit 'M'", NULL);
    duration_fails("5mins", "unknown unit 'mins'", NULL);
    duration_fails("2e", "unknown unit 'e'", NULL); /* an exponent needs digits */
}

static void empty_duration_is_an_error(void **state)
{
    (void)state;
    duration_fails("", "is not a duration", UNIT_EXPECTED);
    duration_fails("   ", "is not a duration", NULL);
}

static void nan_and_inf_are_not_durations(void **state)
{
    (void)state;
    duration_fails("nan", "is not a duration", NULL);
    duration_fails("nanh", "is not a duration", NULL);
    duration_fails("NaN h", "is not a duration", NULL);
    duration_fails("inf", "is not a duration", NULL);
    duration_fails("infh", "is not a duration", NULL);
    duration_fails("-infh", "is not a duration", NULL);
    duration_fails("Infinityh", "is not a duration", NULL);
}

static void duration_overflowing_a_double_is_an_error(void **state)
{
    (void)state;
    duration_fails("1e400h", "not a finite", NULL);
    duration_fails("-1e400h", "not a finite", NULL);
    /* Finite as a number, infinite in hours. */
    duration_fails("1e308y", "not a finite duration", "'1e308y'");
}

static void hex_is_not_a_duration(void **state)
{
    (void)state;
    duration_fails("0x10h", "0x10h", NULL);
    duration_fails("0x1p4h", "0x1p4h", NULL);
    duration_fails("0X10h", "0X10h", NULL);
}

static void trailing_junk_is_an_error(void **state)
{
    (void)state;
    duration_fails("5h5", "is not a duration", "'5h5'");
    duration_fails("5h h", "is not a duration", NULL);
    duration_fails("5h,", "is not a duration", NULL);
    duration_fails("5h;", "is not a duration", NULL);
    duration_fails("1.2.3h", "is not a duration", NULL);
    duration_fails("1e3.5h", "is not a duration", NULL);
    duration_fails("5h)", "is not a duration", NULL);
}

static void unit_alone_is_an_error(void **state)
{
    (void)state;
    duration_fails("h", "is not a duration", "'h'");
    duration_fails("ms", "is not a duration", NULL);
    duration_fails(".h", "is not a duration", NULL);
    duration_fails("-h", "is not a duration", NULL);
    duration_fails("e3h", "is not a duration", NULL);
}

/* ---------------------------------------------------------------- plain numbers */

static void number_is_a_plain_decimal(void **state)
{
    (void)state;
    assert_true(number_of("42") == 42.0);
    assert_true(number_of("-1.5") == -1.5);
    assert_true(number_of("+3") == 3.0);
    assert_true(number_of("1e3") == 1000.0);
    assert_true(number_of("2.5E-3") == 0.0025);
    assert_true(number_of(".5") == 0.5);
    assert_true(number_of("5.") == 5.0);
    assert_true(number_of(" 7 ") == 7.0);
    assert_true(number_of("\t0.1\t") == 0.1);
    assert_true(number_of("1.7976931348623157e308") == DBL_MAX);
}

static void number_below_the_double_range_reads_as_the_nearest_double(void **state)
{
    (void)state;
    /* below even the smallest subnormal a nonzero number would read as 0: refused instead */
    number_fails("1e-400", "too small to be told from 0");
    assert_true(number_of("0e-400") == 0.0);
    assert_true(number_of("2.2250738585072014e-308") == DBL_MIN);
    /* Subnormals are doubles too: unit_format_number may write them, so they must read back. */
    assert_true(number_of("4.9406564584124654e-324") == 4.9406564584124654e-324);
    assert_true(number_of("1e-310") == 1e-310);
}

static void number_rejects_what_is_not_a_plain_decimal(void **state)
{
    (void)state;
    number_fails("1e400", "not a finite number");
    number_fails("-1e400", "not a finite number");
    number_fails("nan", "is not a number");
    number_fails("NAN", "is not a number");
    number_fails("inf", "is not a number");
    number_fails("-inf", "is not a number");
    number_fails("", "is not a number");
    number_fails("  ", "is not a number");
    number_fails("1.2.3", "unexpected '.3'");
    number_fails("0x10", "unexpected 'x10'");
    number_fails("5h", "unexpected 'h'");
    number_fails("1e", "unexpected 'e'");
    number_fails("e5", "is not a number");
    number_fails("1 2", "is not a number");
    number_fails("--1", "is not a number");
    number_fails(".", "is not a number");
}

static void overlong_number_is_an_error(void **state)
{
    (void)state;
    char s[200];
    memset(s, '1', 150);
    s[150] = '\0';
    number_fails(s, "too long");
}

/* ---------------------------------------------------------------- counts */

static void count_is_a_whole_number_within_bounds(void **state)
{
    (void)state;
    assert_true(count_of("5", 1, 10) == 5);
    assert_true(count_of("1", 1, 10) == 1);   /* bounds are inclusive */
    assert_true(count_of("10", 1, 10) == 10); /* bounds are inclusive */
    assert_true(count_of("0", 0, 0) == 0);
    assert_true(count_of("007", 1, 10) == 7);
    assert_true(count_of("4294967295", 0, UINT32_MAX) == UINT32_MAX);
    count_fails("0", 1, 10, "out of range (expected 1 to 10)");
    count_fails("11", 1, 10, "out of range (expected 1 to 10)");
    count_fails("4294967296", 0, UINT32_MAX, "out of range (expected 0 to 4294967295)");
}

static void count_of_two_to_the_64_or_more_is_out_of_range(void **state)
{
    (void)state;
    assert_true(count_of("18446744073709551615", 0, UINT64_MAX) == UINT64_MAX);
    assert_true(count_of("18446744073709551614", 0, UINT64_MAX) == UINT64_MAX - 1);
    count_fails("18446744073709551616", 0, UINT64_MAX, "out of range");
    count_fails("18446744073709551620", 0, UINT64_MAX, "out of range");
    count_fails("99999999999999999999", 0, UINT64_MAX, "out of range");
    count_fails("184467440737095516150", 0, UINT64_MAX, "out of range");
    count_fails("123456789012345678901234567890", 0, UINT64_MAX, "out of range");
    count_fails("18446744073709551616", 0, 1000, "out of range");
    /* Leading zeros make a long string, not a large number. */
    assert_true(count_of("000000000000000000000000000000042", 0, UINT64_MAX) == 42);
}

static void count_has_no_sign_fraction_or_exponent(void **state)
{
    (void)state;
    count_fails("-1", 0, 10, "is not a whole number (expected 0 to 10)");
    count_fails("+3", 0, 10, "is not a whole number");
    count_fails("1.5", 0, 10, "is not a whole number");
    count_fails("3.0", 0, 10, "is not a whole number");
    count_fails("1e3", 0, 10000, "is not a whole number");
    count_fails("0x10", 0, 100, "is not a whole number");
    count_fails("3 4", 0, 100, "is not a whole number");
    count_fails("3h", 0, 100, "is not a whole number");
    count_fails("", 0, 100, "is not a whole number");
    count_fails("   ", 0, 100, "is not a whole number");
}

static void count_allows_surrounding_blanks(void **state)
{
    (void)state;
    assert_true(count_of(" 3 ", 0, 10) == 3);
    assert_true(count_of("\t3", 0, 10) == 3);
    assert_true(count_of("3\t ", 0, 10) == 3);
}

/* ---------------------------------------------------------------- formatting */

static void assert_duration_text(double hours, const char *want)
{
    char buf[64];
    char *r = unit_format_duration(hours, buf, sizeof buf);
    assert_ptr_equal(r, buf);
    if (strcmp(buf, want) != 0) {
        print_error("unit_format_duration(%.17g) = \"%s\", expected \"%s\"\n", hours, buf, want);
        fail();
    }
}

static void format_picks_the_largest_whole_unit(void **state)
{
    (void)state;
    assert_duration_text(0.5, "30m");
    assert_duration_text(24.0, "1d");
    assert_duration_text(8760.0, "1y");
    assert_duration_text(17520.0, "2y");
    assert_duration_text(1.0, "1h");
    assert_duration_text(60.0, "60h");
    assert_duration_text(168.0, "7d"); /* weeks are never chosen */
    assert_duration_text(30.0 / 3600.0, "30s");
    assert_duration_text(1.0 / 60.0, "1m");
    assert_duration_text(1.0 / 3600000.0, "1ms");
    assert_duration_text(0.0, "0s");
}

static void format_falls_back_to_hours(void **state)
{
    (void)state;
    assert_duration_text(1e-9, "1e-09h");
    assert_duration_text(1.0 / 7.0, "0.14285714285714285h");
}

static void format_number_uses_the_fewest_digits(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(unit_format_number(0.1, buf, sizeof buf), "0.1");
    assert_string_equal(unit_format_number(2.5, buf, sizeof buf), "2.5");
    assert_string_equal(unit_format_number(0.1 + 0.2, buf, sizeof buf), "0.30000000000000004");
    assert_string_equal(unit_format_number(1.0 / 3.0, buf, sizeof buf), "0.3333333333333333");
    assert_string_equal(unit_format_number(123456789.0, buf, sizeof buf), "123456789");
    assert_string_equal(unit_format_number(-7.0, buf, sizeof buf), "-7");
}

/* parse(format(x)) == x, for both the duration and the plain number writers. */
static void assert_round_trip(double x)
{
    char buf[64], err[256] = "";
    double y = NAN;
    unit_format_duration(x, buf, sizeof buf);
    if (unit_parse_duration(buf, &y, err, sizeof err) != 0 || !(y == x)) {
        print_error("duration %.17g -> \"%s\" -> %.17g %s\n", x, buf, y, err);
        fail();
    }
    unit_format_number(x, buf, sizeof buf);
    y = NAN;
    if (unit_parse_number(buf, &y, err, sizeof err) != 0 || !(y == x)) {
        print_error("number %.17g -> \"%s\" -> %.17g %s\n", x, buf, y, err);
        fail();
    }
}

static void format_then_parse_gives_the_same_double(void **state)
{
    (void)state;
    const double fixed[] = {
        1.0 / 3.0,   0.1,     1e-9,    1e6,          0.5,          1.5,     24.0,
        8760.0,      168.0,   1e-12,   1e15,         1e300,        DBL_MAX, DBL_MIN,
        DBL_EPSILON, 5e-324,  1e-310,  2.0 / 3.0,    0.7,          1e-3,    250.0 / 3600000.0,
        30 / 3600.0, 1 / 60., 7 / 60., 1e3 / 3600.0, 8760.0 * 1e9, -1.5,    -1.0 / 3.0,
    };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        assert_round_trip(fixed[i]);
    /* Whole numbers of each unit, whose text goes through the unit conversion. */
    for (int k = 1; k <= 2000; k++) {
        assert_round_trip(k / 3600000.0);
        assert_round_trip(k / 3600.0);
        assert_round_trip(k / 60.0);
        assert_round_trip(k * 24.0);
        assert_round_trip(k * 8760.0);
    }
    /* Doubles spread over 30 decades, and uniforms as they come. */
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 20240611);
    for (int i = 0; i < 10000; i++) {
        double u = gsl_rng_uniform_pos(r);
        assert_round_trip(u);
        assert_round_trip(pow(10.0, -15.0 + 30.0 * gsl_rng_uniform(r)) * (1.0 + u));
    }
    gsl_rng_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_unit_converts_to_hours),
        cmocka_unit_test(minutes_and_min_are_the_same_unit),
        cmocka_unit_test(durations_take_decimals_signs_and_exponents),
        cmocka_unit_test(surrounding_blanks_are_ignored),
        cmocka_unit_test(duration_without_unit_is_an_error),
        cmocka_unit_test(unknown_unit_is_an_error),
        cmocka_unit_test(empty_duration_is_an_error),
        cmocka_unit_test(nan_and_inf_are_not_durations),
        cmocka_unit_test(duration_overflowing_a_double_is_an_error),
        cmocka_unit_test(hex_is_not_a_duration),
        cmocka_unit_test(trailing_junk_is_an_error),
        cmocka_unit_test(unit_alone_is_an_error),
        cmocka_unit_test(number_is_a_plain_decimal),
        cmocka_unit_test(number_below_the_double_range_reads_as_the_nearest_double),
        cmocka_unit_test(number_rejects_what_is_not_a_plain_decimal),
        cmocka_unit_test(overlong_number_is_an_error),
        cmocka_unit_test(count_is_a_whole_number_within_bounds),
        cmocka_unit_test(count_of_two_to_the_64_or_more_is_out_of_range),
        cmocka_unit_test(count_has_no_sign_fraction_or_exponent),
        cmocka_unit_test(count_allows_surrounding_blanks),
        cmocka_unit_test(format_picks_the_largest_whole_unit),
        cmocka_unit_test(format_falls_back_to_hours),
        cmocka_unit_test(format_number_uses_the_fewest_digits),
        cmocka_unit_test(format_then_parse_gives_the_same_double),
    };
    return cmocka_run_group_tests_name("units", tests, NULL, NULL);
}
