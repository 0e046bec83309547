/*
 * read: the files of a result directory as the report reads them: a whole file into the arena,
 * and CSV tables over libcsv in strict mode (row 0 the header, every row as wide as it), with
 * numbers as csvout writes them.
 */
#include "analysis/report/report_int.h"

#include <csv.h>
#include <errno.h>
#include "models/infile.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Reads a whole regular file of at most max bytes (NUL-terminated). NULL on success, else why
 * not ("missing", "cannot read: ...", ...). */
const char *report_read_file(arena *A, const char *path, size_t max, char **data, size_t *len)
{
    FILE *f = infile_open(path); /* never waits on a FIFO */
    if (!f)
        return infile_not_regular() ? "not a regular file"
               : errno == ENOENT || errno == ENOTDIR
                   ? "missing"
                   : arena_printf(A, "cannot read: %s", strerror(errno));
    struct stat st;
    const char *why = NULL;
    if (fstat(fileno(f), &st) != 0)
        why = arena_printf(A, "cannot read: %s", strerror(errno));
    else if (!S_ISREG(st.st_mode))
        why = "not a regular file";
    else if ((uintmax_t)st.st_size > max)
        why = arena_printf(A, "larger than %zu MiB", max >> 20);
    if (why) {
        fclose(f);
        return why;
    }
    size_t n = (size_t)st.st_size;
    char *buf = arena_alloc(A, n + 1);
    if (!buf) {
        fclose(f);
        return "out of memory";
    }
    size_t got = fread(buf, 1, n, f);
    int bad = ferror(f);
    fclose(f);
    if (bad) return "cannot read";
    buf[got] = '\0';
    *data = buf;
    *len = got;
    return NULL;
}

typedef struct {
    arena *A;
    const char **cells;
    size_t n, cap;
    int fields, ncols, nrows, bad_row, bad_fields, oom;
} csvctx;

static void on_field(void *s, size_t len, void *data)
{
    csvctx *c = data;
    if (c->oom || c->bad_row) return;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 256;
        const char **p = realloc(c->cells, cap * sizeof *p);
        if (!p) {
            c->oom = 1;
            return;
        }
        c->cells = p;
        c->cap = cap;
    }
    c->cells[c->n++] = s ? arena_strndup(c->A, s, len) : "";
    c->fields++;
}

static void on_row(int ch, void *data)
{
    (void)ch;
    csvctx *c = data;
    if (c->nrows == 0)
        c->ncols = c->fields;
    else if (c->fields != c->ncols && !c->bad_row) {
        c->bad_row = c->nrows + 1;
        c->bad_fields = c->fields;
    }
    c->nrows++;
    c->fields = 0;
}

/* NULL on success, else why the file cannot be used. Columns named in need must be present. */
const char *report_table_load(arena *A, const char *path, const char *const *need, int nneed,
                              table *t)
{
    char *data;
    size_t len;
    const char *why = report_read_file(A, path, MAX_TEXT_FILE, &data, &len);
    if (why) return why;
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) return "out of memory";
    csvctx c = {.A = A};
    if (csv_parse(&p, data, len, on_field, on_row, &c) != len ||
        csv_fini(&p, on_field, on_row, &c) != 0)
        why = arena_printf(A, "malformed CSV (%s, near record %d)", csv_strerror(csv_error(&p)),
                           c.nrows + 1);
    csv_free(&p);
    if (!why && c.oom) why = "out of memory";
    if (!why && c.bad_row)
        why = arena_printf(A, "malformed: record %d has %d fields, the header %d", c.bad_row,
                           c.bad_fields, c.ncols);
    if (!why && (c.nrows < 1 || c.ncols < 1)) why = "empty";
    if (!why) {
        t->nrows = c.nrows;
        t->ncols = c.ncols;
        t->cell = arena_alloc(A, c.n * sizeof *t->cell);
        if (t->cell)
            memcpy(t->cell, c.cells, c.n * sizeof *t->cell);
        else
            why = "out of memory";
    }
    free(c.cells);
    for (int i = 0; !why && i < nneed; i++) {
        int found = 0;
        for (int j = 0; j < t->ncols; j++)
            found |= strcmp(t->cell[j], need[i]) == 0;
        if (!found) why = arena_printf(A, "malformed: no column '%s'", need[i]);
    }
    return why;
}

int report_table_col(const table *t, const char *name)
{
    for (int j = 0; j < t->ncols; j++)
        if (strcmp(t->cell[j], name) == 0) return j;
    return -1;
}

const char *report_table_cell(const table *t, int r, int c)
{
    return c >= 0 ? t->cell[(size_t)r * (size_t)t->ncols + (size_t)c] : "";
}

/* A number as written by csvout: an empty field is NAN. 0 if s is one, -1 if not. */
int report_parse_num(const char *s, double *x)
{
    while (*s == ' ')
        s++;
    if (!*s) {
        *x = NAN;
        return 0;
    }
    char *end;
    errno = 0;
    *x = strtod(s, &end);
    while (*end == ' ')
        end++;
    return *end || errno == ERANGE ? -1 : 0;
}
