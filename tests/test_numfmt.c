/*
 * numfmt against the C library: numfmt_g gives snprintf's "%.*g" text and numfmt_int its
 * "%" PRId64 text, byte for byte, on hand-picked hard cases (ties, powers of ten and the numbers
 * next to them, the boundaries between fixed and exponent notation, zeros of both signs,
 * infinities, NaN, extremes) and on a million fixed-seed random numbers; and the fast path
 * answers for almost all numbers of the sizes relsim writes.
 */
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tests/testutil.h"

#include <gsl/gsl_rng.h>

#include "analysis/numfmt.h"

static int mismatches;

/* Compares numfmt_g with snprintf for x at `digits`; returns 1 if the fast path answered. */
static int check_g(double x, int digits)
{
    char want[64], got[NUMFMT_BUF], fast[NUMFMT_BUF];
    snprintf(want, sizeof want, "%.*g", digits, x);
    int len = numfmt_g(got, digits, x);
    int flen = numfmt_g_fast(fast, digits, x);
    if (strcmp(got, want) != 0 || len != (int)strlen(want) ||
        (flen >= 0 && strcmp(fast, want) != 0)) {
        if (mismatches++ < 10)
            print_error("%%.%dg of %a: printf \"%s\", numfmt \"%s\", fast path \"%s\"\n", digits, x,
                        want, got, flen >= 0 ? fast : "(none)");
    }
    return flen >= 0;
}

static void check_all_digits(double x)
{
    static const int digits[] = {1, 2, 6, 12, 15, 16, 17};
    for (size_t i = 0; i < sizeof digits / sizeof digits[0]; i++) {
        check_g(x, digits[i]);
        check_g(-x, digits[i]);
    }
}

static void hard_cases_match_printf(void **state)
{
    (void)state;
    mismatches = 0;
    static const double special[] = {0.0,
                                     INFINITY,
                                     NAN,
                                     DBL_MAX,
                                     DBL_MIN,
                                     DBL_TRUE_MIN,
                                     DBL_EPSILON,
                                     0.5,
                                     1.5,
                                     2.5,
                                     0.125,
                                     0.0001,
                                     0.00001,
                                     0.000099999999999999,
                                     1e-5,
                                     123456789012.5,
                                     999999999999.5,
                                     999999999999.4,
                                     9.9999999999995,
                                     0.1 + 0.2,
                                     1.0 / 3.0,
                                     2.0 / 3.0,
                                     720.0,
                                     1161.0,
                                     854.943,
                                     0.842258,
                                     1e12,
                                     1e15,
                                     1e16,
                                     1e21,
                                     1e22,
                                     1e23,
                                     1e100,
                                     1e-100,
                                     1e300,
                                     1e-300};
    for (size_t i = 0; i < sizeof special / sizeof special[0]; i++)
        check_all_digits(special[i]);
    /* Powers of ten and their neighbours, and the halves between consecutive digits at each
     * decimal exponent (printf rounds ties to even on the exact binary value). */
    for (int k = -40; k <= 40; k++) {
        double p = pow(10.0, k);
        check_all_digits(p);
        check_all_digits(nextafter(p, 0));
        check_all_digits(nextafter(p, INFINITY));
        for (int m = 1; m < 40; m++)
            check_all_digits((m + 0.5) * p);
    }
    for (int i = 0; i <= 100000; i++) {
        check_g((double)i, 12);
        check_g(i / 8.0, 12); /* exact binary fractions, ties included */
        check_g(i / 1000.0, 12);
    }
    assert_int_equal(mismatches, 0);
}

static void random_numbers_match_printf(void **state)
{
    (void)state;
    mismatches = 0;
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 2026);
    long fast = 0, typical = 0;
    for (int i = 0; i < 1000000; i++) {
        double x;
        if (i % 4 == 0) { /* any bit pattern: every exponent, subnormals, NaN, infinities */
            uint64_t b = (uint64_t)gsl_rng_get(g) << 32 | gsl_rng_get(g);
            memcpy(&x, &b, sizeof x);
            check_g(x, 1 + (int)gsl_rng_uniform_int(g, 17));
        } else { /* the sizes relsim writes: 1e-6 to 1e12 */
            x = pow(10.0, -6 + 18 * gsl_rng_uniform(g));
            if (i % 3 == 0) x = round(x * 1000) / 1000;
            typical++;
            fast += check_g(x, 12);
            check_g(x, 1 + (int)gsl_rng_uniform_int(g, 17));
        }
    }
    gsl_rng_free(g);
    print_message("fast path answered %.4f%% of %ld numbers of relsim's sizes at 12 digits\n",
                  100.0 * (double)fast / (double)typical, typical);
    assert_int_equal(mismatches, 0);
    assert_true(fast > typical * 99 / 100);
}

static void integers_match_printf(void **state)
{
    (void)state;
    mismatches = 0;
    static const int64_t special[] = {
        0, 1, -1, 9, 10, -10, 99, 100, INT64_MAX, INT64_MIN, INT64_MIN + 1, 1000000000000000000};
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 7);
    for (int i = 0; i < 200000 + (int)(sizeof special / sizeof special[0]); i++) {
        int64_t x = i < (int)(sizeof special / sizeof special[0])
                        ? special[i]
                        : (int64_t)((uint64_t)gsl_rng_get(g) << 32 | gsl_rng_get(g)) >>
                              gsl_rng_uniform_int(g, 63);
        char want[32], got[NUMFMT_BUF];
        snprintf(want, sizeof want, "%" PRId64, x);
        int len = numfmt_int(got, x);
        if (strcmp(want, got) != 0 || len != (int)strlen(want)) {
            if (mismatches++ < 10) print_error("%" PRId64 ": \"%s\"\n", x, got);
        }
    }
    gsl_rng_free(g);
    assert_int_equal(mismatches, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hard_cases_match_printf),
        cmocka_unit_test(random_numbers_match_printf),
        cmocka_unit_test(integers_match_printf),
    };
    return cmocka_run_group_tests_name("numfmt", tests, NULL, NULL);
}
