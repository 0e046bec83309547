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
#include <stdlib.h>
#include <cmocka.h>

/* |a - b| <= abs_tol + rel_tol * |b|, and both finite (or both the same infinity / both NaN is a
 * failure: NaN never compares close). */
#define assert_close(a, b, rel_tol, abs_tol)                                                       \
    testutil_assert_close((a), (b), (rel_tol), (abs_tol), #a, #b, __FILE__, __LINE__)

static inline void testutil_assert_close(double a, double b, double rel, double abs_tol,
                                         const char *sa, const char *sb, const char *file, int line)
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

static inline int testutil_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Two-sample Kolmogorov-Smirnov statistic sup |F_a - F_b| (sorts both arrays in place). */
static inline double ks_statistic(double *a, size_t n, double *b, size_t m)
{
    qsort(a, n, sizeof *a, testutil_cmp_double);
    qsort(b, m, sizeof *b, testutil_cmp_double);
    size_t i = 0, j = 0;
    double d = 0;
    while (i < n && j < m) {
        double t = a[i] < b[j] ? a[i] : b[j];
        while (i < n && a[i] <= t)
            i++;
        while (j < m && b[j] <= t)
            j++;
        double diff = fabs((double)i / (double)n - (double)j / (double)m);
        if (diff > d) d = diff;
    }
    return d;
}

/* Critical value of the two-sample KS statistic at level alpha (asymptotic):
 * c(alpha) sqrt((n+m)/(n m)), c(alpha) = sqrt(-ln(alpha/2) / 2). */
static inline double ks_critical(size_t n, size_t m, double alpha)
{
    return sqrt(-0.5 * log(alpha / 2)) * sqrt((double)(n + m) / ((double)n * (double)m));
}

/* One-sample Kolmogorov-Smirnov statistic of u against the uniform law on (0,1) (sorts u in
 * place), and its critical value at level alpha. */
static inline double ks_uniform_statistic(double *u, size_t n)
{
    qsort(u, n, sizeof *u, testutil_cmp_double);
    double d = 0;
    for (size_t i = 0; i < n; i++) {
        double lo = u[i] - (double)i / (double)n, hi = (double)(i + 1) / (double)n - u[i];
        if (lo > d) d = lo;
        if (hi > d) d = hi;
    }
    return d;
}

static inline double ks_critical_one(size_t n, double alpha)
{
    return sqrt(-0.5 * log(alpha / 2)) / sqrt((double)n);
}

#endif
