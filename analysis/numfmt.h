/*
 * numfmt: printf's %.*g of a double and %lld of an integer, the same text, faster.
 *
 * glibc formats a double with exact multi-precision arithmetic: at 16 nodes that is a quarter of
 * `relsim run`, which writes a trials.csv row of 13 numbers per trial. numfmt_g scales the double
 * by an exact power of ten in long double (one rounding, relative error 2^-64) and rounds to the
 * requested digits; where the scaled value lies so close to a tie that this rounding could differ
 * from the exact one (and for more than 15 digits, exponents beyond 10^27 from the digits kept,
 * infinities and NaN, or where long double is no wider than double) it calls snprintf. Tested
 * against snprintf on a million numbers (tests/test_numfmt.c).
 */
#ifndef RELSIM_ANALYSIS_NUMFMT_H
#define RELSIM_ANALYSIS_NUMFMT_H

#include <stdint.h>

/* Room enough for any result of numfmt_g and numfmt_int. */
#define NUMFMT_BUF 40

/* Writes snprintf(buf, NUMFMT_BUF, "%.*g", digits, x)'s text into buf (digits 1..17) and
 * returns its length. */
int numfmt_g(char *buf, int digits, double x);

/* The fast path alone: the same text, or -1 where it cannot be sure of the last digit's rounding
 * or the number is out of its range (for tests). */
int numfmt_g_fast(char *buf, int digits, double x);

/* Writes x in decimal, as "%" PRId64 would; returns the length. */
int numfmt_int(char *buf, int64_t x);

#endif
