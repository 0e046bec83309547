/*
 * numfmt: fast %.*g and %lld (see numfmt.h).
 *
 * Why the fast path is exact where it answers: x is a double, 10^k (0 <= k <= 27) is exact in
 * long double (5^27 < 2^64), so y = x 10^k or x / 10^-k carries one rounding, a relative error of
 * at most 2^-64. With at most 15 digits y < 10^15 < 2^50, so its absolute error is below 2^-14,
 * about 6e-5: unless y's fraction lies within 1e-4 of one half, y rounds to the same integer as
 * the exact product, which is what printf prints (it rounds the exact value to nearest, ties to
 * even; exact ties fall in the excluded band).
 */
#include "analysis/numfmt.h"

#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAX_FAST_DIGITS 15
#define MAX_POW 27

static const long double pow10l_exact[MAX_POW + 1] = {
    1e0L,  1e1L,  1e2L,  1e3L,  1e4L,  1e5L,  1e6L,  1e7L,  1e8L,  1e9L,
    1e10L, 1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L,
    1e20L, 1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L,
};

static const uint64_t pow10u[MAX_FAST_DIGITS + 1] = {
    1ull,
    10ull,
    100ull,
    1000ull,
    10000ull,
    100000ull,
    1000000ull,
    10000000ull,
    100000000ull,
    1000000000ull,
    10000000000ull,
    100000000000ull,
    1000000000000ull,
    10000000000000ull,
    100000000000000ull,
    1000000000000000ull,
};

/* "00" "01" ... "99" */
static const char digit_pairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/* floor(log10(x)) for a positive finite x, or one more or less near a power of ten (the loop
 * of numfmt_g_fast corrects it): floor(b log10 2) for x's binary exponent b (78913 / 2^18, exact
 * for |b| < 1650), one more if x reaches the next power of ten (10^-22 .. 10^22 as doubles). */
static int decimal_exponent(double x)
{
    static const double p10[45] = {
        1e-22, 1e-21, 1e-20, 1e-19, 1e-18, 1e-17, 1e-16, 1e-15, 1e-14, 1e-13, 1e-12, 1e-11,
        1e-10, 1e-9,  1e-8,  1e-7,  1e-6,  1e-5,  1e-4,  1e-3,  1e-2,  1e-1,  1e0,   1e1,
        1e2,   1e3,   1e4,   1e5,   1e6,   1e7,   1e8,   1e9,   1e10,  1e11,  1e12,  1e13,
        1e14,  1e15,  1e16,  1e17,  1e18,  1e19,  1e20,  1e21,  1e22};
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    int b = (int)(bits >> 52 & 0x7ff) - 1023; /* x's binary exponent, as ilogb gives it */
    if (b < -1000 || b > 1000) return (int)floor(log10(x)); /* subnormals among them */
    int e = (b * 78913) >> 18; /* an arithmetic shift: floored */
    if (e >= -23 && e < 22 && x >= p10[e + 1 + 22]) e++;
    return e;
}

int numfmt_g_fast(char *buf, int digits, double x)
{
    if (LDBL_MANT_DIG < 64 || digits < 1 || digits > MAX_FAST_DIGITS || !isfinite(x)) return -1;
    char *p = buf;
    if (signbit(x)) {
        *p++ = '-';
        x = -x;
    }
    if (x == 0) {
        *p++ = '0';
        *p = '\0';
        return (int)(p - buf);
    }
    if (x < (double)pow10u[digits] && x == (double)(uint64_t)x) { /* a whole number: its digits */
        char tmp[MAX_FAST_DIGITS + 1];
        int i = 0;
        for (uint64_t u = (uint64_t)x; u; u /= 10)
            tmp[i++] = (char)('0' + u % 10);
        while (i > 0)
            *p++ = tmp[--i];
        *p = '\0';
        return (int)(p - buf);
    }
    /* n: the digits-digit integer nearest x 10^(digits - 1 - e), e the decimal exponent of the
     * rounded value; the first guess of e, from x's binary exponent and the powers of ten, may
     * miss it by one near a power of ten, which the loop corrects. */
    int e = decimal_exponent(x);
    uint64_t n = 0;
    for (int tries = 0;; tries++) {
        int k = digits - 1 - e;
        if (tries == 3 || k > MAX_POW || k < -MAX_POW) return -1;
        long double y =
            k >= 0 ? (long double)x * pow10l_exact[k] : (long double)x / pow10l_exact[-k];
        if (!(y < 0x1p63L)) return -1;
        long double whole = (long double)(uint64_t)y, frac = y - whole; /* y > 0: floored */
        if (fabsl(frac - 0.5L) < 1e-4L) return -1;
        n = (uint64_t)whole + (frac > 0.5L);
        if (n >= pow10u[digits])
            e++;
        else if (n < pow10u[digits - 1])
            e--;
        else
            break;
    }
    char d[MAX_FAST_DIGITS + 1];
    int at = digits;
    for (; at >= 2; at -= 2) { /* two digits at a time */
        memcpy(d + at - 2, digit_pairs + 2 * (n % 100), 2);
        n /= 100;
    }
    if (at == 1) d[0] = (char)('0' + n);
    int last = digits - 1; /* the last significant digit: %g drops trailing zeros */
    while (last > 0 && d[last] == '0')
        last--;
    if (e < -4 || e >= digits) { /* d.ddde+XX */
        *p++ = d[0];
        if (last > 0) {
            *p++ = '.';
            memcpy(p, d + 1, (size_t)last);
            p += last;
        }
        *p++ = 'e';
        *p++ = e < 0 ? '-' : '+';
        int a = e < 0 ? -e : e;
        if (a >= 100) *p++ = (char)('0' + a / 100);
        *p++ = (char)('0' + a / 10 % 10);
        *p++ = (char)('0' + a % 10);
    } else if (e >= 0) { /* ddd.ddd */
        memcpy(p, d, (size_t)e + 1);
        p += e + 1;
        if (last > e) {
            *p++ = '.';
            memcpy(p, d + e + 1, (size_t)(last - e));
            p += last - e;
        }
    } else { /* 0.000ddd */
        *p++ = '0';
        *p++ = '.';
        for (int i = 0; i < -e - 1; i++)
            *p++ = '0';
        memcpy(p, d, (size_t)last + 1);
        p += last + 1;
    }
    *p = '\0';
    return (int)(p - buf);
}

int numfmt_g(char *buf, int digits, double x)
{
    int len = numfmt_g_fast(buf, digits, x);
    if (len >= 0) return len;
    return snprintf(buf, NUMFMT_BUF, "%.*g", digits, x);
}

int numfmt_int(char *buf, int64_t x)
{
    char tmp[24];
    int i = 0;
    uint64_t u = x < 0 ? 0 - (uint64_t)x : (uint64_t)x;
    do {
        tmp[i++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    char *p = buf;
    if (x < 0) *p++ = '-';
    while (i > 0)
        *p++ = tmp[--i];
    *p = '\0';
    return (int)(p - buf);
}
