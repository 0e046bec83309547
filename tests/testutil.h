/*
 * testutil: helpers shared by the cmocka tests.
 *
 * cmocka's assert_float_equal casts to float, so doubles are compared here with an explicit
 * relative and absolute tolerance, and a failure prints both values in full precision.
 */
#ifndef RELSIM_TESTS_TESTUTIL_H
#define RELSIM_TESTS_TESTUTIL_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <cmocka.h>

/* |a - b| <= abs_tol + rel_tol * |b|, and both finite (or both the same infinity / both NaN is a
 * failure: NaN never compares close). */
#define assert_close(a, b, rel_tol, abs_tol)                                                       \
    testutil_assert_close((a), (b), (rel_tol), (abs_tol), #a, #b, __FILE__, __LINE__)

static inline void testutil_assert_close(double a, double b, double rel, double abs_tol,
                                         const char *sa, const char *sb, const char *file,
                                         int line)
{
    int ok;
    if (isinf(a) || isinf(b))
        ok = a == b;
    else
        ok = !isnan(a) && !isnan(b) && fabs(a - b) <= abs_tol + rel * fabs(b);
    if (!ok) {
        print_error("%s = %.17g and %s = %.17g differ by %.3g (allowed %.3g)\n", sa, a, sb, b,
                    fabs(a - b), abs_tol + rel * fabs(b));
        _fail(file, line);
    }
}

#endif
