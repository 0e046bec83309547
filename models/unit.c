/*
 * unit: parsing and printing of numbers and durations (see unit.h).
 *
 * The scanner is strict on purpose: strtod alone would take "nan", "inf", hex floats and
 * "1e400" (as infinity), none of which belongs in a scenario file.
 */
#include "models/unit.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* hours = value * mul / div: sub-hour units divide by an exact integer, so that "250ms" is the
 * correctly rounded 250/3600000 h rather than 250 times an inexact 1/3600000. */
static const struct {
    const char *name;
    double mul, div;
} unit_table[] = {
    {"ms", 1, 3600000}, {"s", 1, 3600}, {"min", 1, 60}, {"m", 1, 60},
    {"h", 1, 1},        {"d", 24, 1},   {"w", 168, 1},  {"y", 8760, 1},
};

/* Length of the decimal number at the start of s (0 if none): [+-] digits [. digits] [e [+-]
 * digits]. */
static size_t scan_number(const char *s)
{
    size_t i = 0, digits = 0;
    if (s[i] == '+' || s[i] == '-') i++;
    while (isdigit((unsigned char)s[i]))
        i++, digits++;
    if (s[i] == '.') {
        i++;
        while (isdigit((unsigned char)s[i]))
            i++, digits++;
    }
    if (digits == 0) return 0;
    if (s[i] == 'e' || s[i] == 'E') {
        size_t j = i + 1;
        if (s[j] == '+' || s[j] == '-') j++;
        if (isdigit((unsigned char)s[j])) {
            while (isdigit((unsigned char)s[j]))
                j++;
            i = j;
        }
    }
    return i;
}

static const char *skip_blanks(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* Parses the number of n characters at s; the caller has scanned it. */
static int convert_number(const char *s, size_t n, double *out, char *err, size_t errlen)
{
    char buf[64];
    if (n >= sizeof buf) {
        snprintf(err, errlen, "number '%.20s...' is too long", s);
        return -1;
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
    errno = 0;
    double x = strtod(buf, NULL);
    if (!isfinite(x) || (errno == ERANGE && fabs(x) > 1.0)) {
        snprintf(err, errlen, "'%s' is not a finite number", buf);
        return -1;
    }
    if (x == 0 && strpbrk(buf, "123456789") && strpbrk(buf, "eE") &&
        strpbrk(buf, "123456789") < strpbrk(buf, "eE")) {
        /* a nonzero number below the smallest double reads as 0: say so, not "must be
         * positive" later */
        snprintf(err, errlen, "'%s' is too small to be told from 0", buf);
        return -1;
    }
    *out = x;
    return 0;
}

int unit_parse_number(const char *s, double *out, char *err, size_t errlen)
{
    const char *p = skip_blanks(s);
    size_t n = scan_number(p);
    if (n == 0) {
        snprintf(err, errlen, "'%s' is not a number", s);
        return -1;
    }
    if (*skip_blanks(p + n) != '\0') {
        snprintf(err, errlen, "'%s' is not a number (unexpected '%s')", s, p + n);
        return -1;
    }
    return convert_number(p, n, out, err, errlen);
}

int unit_parse_duration(const char *s, double *hours, char *err, size_t errlen)
{
    const char *p = skip_blanks(s);
    size_t n = scan_number(p);
    if (n == 0) {
        snprintf(err, errlen, "'%s' is not a duration (expected %s)", s, UNIT_EXPECTED);
        return -1;
    }
    double x;
    if (convert_number(p, n, &x, err, errlen)) return -1;
    const char *u = skip_blanks(p + n);
    size_t ulen = 0;
    while (isalpha((unsigned char)u[ulen]))
        ulen++;
    if (*skip_blanks(u + ulen) != '\0') {
        snprintf(err, errlen, "'%s' is not a duration (expected %s)", s, UNIT_EXPECTED);
        return -1;
    }
    if (ulen == 0) {
        snprintf(err, errlen, "'%s' has no unit (expected %s)", s, UNIT_EXPECTED);
        return -1;
    }
    for (size_t i = 0; i < sizeof unit_table / sizeof unit_table[0]; i++) {
        if (strlen(unit_table[i].name) == ulen && strncmp(u, unit_table[i].name, ulen) == 0) {
            double h = x * unit_table[i].mul / unit_table[i].div;
            if (!isfinite(h)) {
                snprintf(err, errlen, "'%s' is not a finite duration", s);
                return -1;
            }
            *hours = h;
            return 0;
        }
    }
    snprintf(err, errlen, "unknown unit '%.*s' in '%s' (expected %s)", (int)ulen, u, s,
             UNIT_EXPECTED);
    return -1;
}

int unit_parse_count(const char *s, uint64_t min, uint64_t max, uint64_t *out, char *err,
                     size_t errlen)
{
    const char *p = skip_blanks(s);
    size_t n = 0;
    while (isdigit((unsigned char)p[n]))
        n++;
    if (n == 0 || *skip_blanks(p + n) != '\0') {
        snprintf(err, errlen, "'%s' is not a whole number (expected %llu to %llu)", s,
                 (unsigned long long)min, (unsigned long long)max);
        return -1;
    }
    uint64_t v = 0;
    int overflow = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned d = (unsigned)(p[i] - '0');
        if (v > (UINT64_MAX - d) / 10) {
            overflow = 1;
            break;
        }
        v = v * 10 + d;
    }
    if (overflow || v < min || v > max) {
        snprintf(err, errlen, "%s is out of range (expected %llu to %llu)", s,
                 (unsigned long long)min, (unsigned long long)max);
        return -1;
    }
    *out = v;
    return 0;
}

char *unit_format_number(double x, char *buf, size_t len)
{
    for (int prec = 15; prec <= 17; prec++) { /* below 15 digits, %.15g is already shortest */
        snprintf(buf, len, "%.*g", prec, x);
        if (strtod(buf, NULL) == x) break;
    }
    return buf;
}

char *unit_format_duration(double hours, char *buf, size_t len)
{
    /* The largest unit in which the value is a whole number, else hours. */
    static const int order[] = {7, 5, 4, 3, 1, 0}; /* y d h m s ms (w is rarely what one means) */
    char num[40];
    if (hours == 0.0) {
        snprintf(buf, len, "0s");
        return buf;
    }
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        double mul = unit_table[order[i]].mul, div = unit_table[order[i]].div;
        double v = round(hours * div / mul); /* the whole number whose text parses back exactly */
        if (v != 0 && fabs(v) < 1e15 && v * mul / div == hours) {
            snprintf(buf, len, "%s%s", unit_format_number(v, num, sizeof num),
                     unit_table[order[i]].name);
            return buf;
        }
    }
    snprintf(buf, len, "%sh", unit_format_number(hours, num, sizeof num));
    return buf;
}

char *unit_format_human(double hours, char *buf, size_t len)
{
    static const int order[] = {7, 5, 4, 3, 1, 0}; /* y d h m s ms */
    double a = fabs(hours);
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        double v = hours * unit_table[order[i]].div / unit_table[order[i]].mul;
        if (fabs(v) >= 1 || i + 1 == sizeof order / sizeof order[0] || a == 0) {
            snprintf(buf, len, "%.4g%s", v, a == 0 ? "h" : unit_table[order[i]].name);
            return buf;
        }
    }
    return buf;
}
