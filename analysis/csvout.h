/*
 * csvout: CSV files, written whole or not at all (through outfile), fields quoted by libcsv.
 *
 * One header row of snake_case names, then rows with exactly as many fields. Numbers are written
 * with the fewest digits that read back to the same double, or with a fixed number of significant
 * digits (csvout_set_digits); a NaN (undefined) is an empty field.
 */
#ifndef RELSIM_ANALYSIS_CSVOUT_H
#define RELSIM_ANALYSIS_CSVOUT_H

#include <stddef.h>
#include <stdint.h>

typedef struct csvout csvout;

/* Opens PATH (as PATH.tmp) and writes the header. NULL with a message on failure. */
csvout *csvout_open(const char *path, const char *const *columns, int ncols, char *err, size_t n);

/* From here on, numbers with DIGITS significant digits (printf's %.*g: one conversion instead of
 * up to three and their read-backs, for files of a row per trial); 0 restores the default. */
void csvout_set_digits(csvout *c, int digits);

void csvout_str(csvout *c, const char *s);
void csvout_num(csvout *c, double x);
void csvout_int(csvout *c, int64_t x);
/* Ends the row; a row with the wrong number of fields is an error reported at commit. */
void csvout_end_row(csvout *c);

/* Flushes what was written so far and returns the temporary path, for a reader (gnuplot) that
 * needs the data before the file is committed. */
const char *csvout_flush(csvout *c);

/* Renames the file into place. Returns 0, or -1 with a message (nothing is left behind). */
int csvout_commit(csvout *c, char *err, size_t n);
void csvout_abort(csvout *c);

#endif
