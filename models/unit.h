/*
 * unit: numbers and durations as scenario files write them.
 *
 * A duration is a decimal number followed by a unit: ms, s, m or min, h, d, w, y (y = 365 d),
 * e.g. "30s", "1.5h", "7d". Inside relsim every duration is a double in hours. Numbers are
 * plain decimals (sign, digits, fraction, exponent): no hex, no "nan" or "inf", and a value whose
 * magnitude overflows a double ("1e400") is refused rather than turned into infinity.
 *
 * Every parser returns 0 on success, or -1 with a one-line message (no file or line: the caller
 * adds those) in err[0..errlen).
 */
#ifndef RELSIM_MODELS_UNIT_H
#define RELSIM_MODELS_UNIT_H

#include <stddef.h>
#include <stdint.h>

/* The text after a number where a duration needs a unit, for messages. */
#define UNIT_EXPECTED "a number with a unit: ms, s, m or min, h, d, w or y, e.g. 30s, 5m, 2h, 7d"

/* Parses a decimal number that makes up the whole of s (surrounding blanks allowed). */
int unit_parse_number(const char *s, double *out, char *err, size_t errlen);

/* Parses a duration ("1.5h") into hours. A bare number is an error (the unit is required). */
int unit_parse_duration(const char *s, double *hours, char *err, size_t errlen);

/* Parses a whole number in [min, max]: digits only (no sign, fraction or exponent). */
int unit_parse_count(const char *s, uint64_t min, uint64_t max, uint64_t *out, char *err,
                     size_t errlen);

/* Writes hours as a duration that unit_parse_duration reads back to the same double: in the
 * largest unit (y, d, h, m, s, ms) in which it is a whole number ("30s", "90m", "7d"), else in
 * hours with as many digits as needed ("0.7887h"). Returns buf. */
char *unit_format_duration(double hours, char *buf, size_t len);

/* Writes hours for a reader, not for parsing back: 4 significant digits in the largest unit in
 * which the value is at least 1 ("37.21m", "6.186h", "263.9d"). Returns buf. */
char *unit_format_human(double hours, char *buf, size_t len);

/* Writes a double with the fewest significant digits (up to 17) that read back to it exactly. */
char *unit_format_number(double x, char *buf, size_t len);

#endif
