/*
 * csvout: CSV writing over libcsv and outfile (see csvout.h).
 */
#include "analysis/csvout.h"
#include "analysis/numfmt.h"
#include "analysis/outfile.h"
#include "models/unit.h"

#include <csv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fields are formatted into a buffer of the csvout's own, which goes to the stream when it is
 * full and at the end (one stdio call for many fields instead of one or two per field). */
#define CSVOUT_BUF 4096

struct csvout {
    outfile *of;
    FILE *f;
    int ncols, field, bad_row, digits;
    size_t len; /* bytes waiting in buf */
    char buf[CSVOUT_BUF];
};

/* One thread writes a csvout at a time (the Monte Carlo driver hands rows over in order, from
 * one thread): the unlocked stdio calls spare a lock and unlock of the stream. */
static void spill(csvout *c)
{
    if (c->len) fwrite_unlocked(c->buf, 1, c->len, c->f);
    c->len = 0;
}

/* Where the next `need` bytes (at most CSVOUT_BUF) go. */
static char *room(csvout *c, size_t need)
{
    if (c->len + need > sizeof c->buf) spill(c);
    return c->buf + c->len;
}

static void sep(csvout *c)
{
    if (c->field++) {
        *room(c, 1) = ',';
        c->len++;
    }
}

/* Plain names go out as they are; anything a CSV reader could misread is quoted by libcsv. */
void csvout_str(csvout *c, const char *s)
{
    size_t len = strlen(s);
    sep(c);
    spill(c); /* the text goes to the stream directly, after what waits */
    if (len == 0 || strpbrk(s, ",\"\r\n") || s[0] == ' ' || s[len - 1] == ' ')
        csv_fwrite(c->f, s, len);
    else
        fputs(s, c->f);
}

void csvout_num(csvout *c, double x)
{
    sep(c);
    if (isnan(x)) return;
    char *buf = room(c, NUMFMT_BUF);
    int len;
    if (c->digits > 0) {
        len = numfmt_g(buf, c->digits, x);
    } else {
        unit_format_number(x, buf, NUMFMT_BUF);
        len = (int)strlen(buf);
    }
    c->len += (size_t)len;
}

void csvout_set_digits(csvout *c, int digits)
{
    c->digits = digits > 0 && digits <= 17 ? digits : 0;
}

void csvout_int(csvout *c, int64_t x)
{
    sep(c);
    c->len += (size_t)numfmt_int(room(c, NUMFMT_BUF), x);
}

void csvout_end_row(csvout *c)
{
    if (c->field != c->ncols) c->bad_row = 1;
    *room(c, 1) = '\n';
    c->len++;
    c->field = 0;
}

csvout *csvout_open(const char *path, const char *const *columns, int ncols, char *err, size_t n)
{
    csvout *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, n, "%s: out of memory", path);
        return NULL;
    }
    c->of = outfile_open(path, err, n);
    if (!c->of) {
        free(c);
        return NULL;
    }
    c->f = outfile_stream(c->of);
    c->ncols = ncols;
    for (int i = 0; i < ncols; i++)
        csvout_str(c, columns[i]);
    csvout_end_row(c);
    return c;
}

const char *csvout_flush(csvout *c)
{
    spill(c);
    fflush(c->f);
    return outfile_tmp_path(c->of);
}

int csvout_commit(csvout *c, char *err, size_t n)
{
    if (c->bad_row) {
        snprintf(err, n, "internal error: a CSV row with the wrong number of fields");
        csvout_abort(c);
        return -1;
    }
    spill(c);
    int rc = outfile_commit(c->of, err, n);
    free(c);
    return rc;
}

void csvout_abort(csvout *c)
{
    if (!c) return;
    outfile_abort(c->of);
    free(c);
}
