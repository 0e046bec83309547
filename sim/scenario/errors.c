/*
 * scn errors: the list of collected messages (scn_errors) and how each is worded and placed.
 *
 * A message reads "path:line: what is wrong (what was expected)", or "path: ..." without a line.
 * Each carries a sort key, file number << 32 | line, so that scn_load can put the messages of one
 * load in the order of the files and lines they are about, whatever order they were found in
 * (a file's includes are read after it, the checks of the whole come last). After MAX_ERRORS
 * messages one more says that more follow, and the rest are dropped.
 */
#include "sim/scenario/scn_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_ERRORS 100

void scn_errors_free(scn_errors *e)
{
    for (int i = 0; i < e->n; i++)
        free(e->msg[i]);
    free(e->msg);
    free(e->where);
    e->msg = NULL;
    e->where = NULL;
    e->n = e->cap = 0;
}

void scn_errors_print(const scn_errors *e, FILE *f)
{
    for (int i = 0; i < e->n; i++)
        fprintf(f, "%s\n", e->msg[i]);
}

static void add_error_in(scn_errors *e, int file, const char *path, int line, const char *fmt,
                         va_list ap) __attribute__((format(printf, 5, 0)));

static void add_error_in(scn_errors *e, int file, const char *path, int line, const char *fmt,
                         va_list ap)
{
    char msg[600];
    unsigned long long where = ((unsigned long long)(unsigned)(file + 1) << 32) | (unsigned)line;
    if (e->n > MAX_ERRORS) return;
    if (e->n == MAX_ERRORS) {
        snprintf(msg, sizeof msg, "%s", "more errors follow; fix these first");
        line = 0;
        where = ~0ull;
    } else {
        vsnprintf(msg, sizeof msg, fmt, ap);
    }
    if (e->n == e->cap) {
        int cap = e->cap ? e->cap * 2 : 8;
        char **m = realloc(e->msg, (size_t)cap * sizeof *m);
        if (!m) return;
        e->msg = m;
        unsigned long long *w = realloc(e->where, (size_t)cap * sizeof *w);
        if (!w) return;
        e->where = w;
        e->cap = cap;
    }
    e->where[e->n] = where;
    /* The path may be as long as PATH_MAX: the message is sized to it, not to a fixed buffer. */
    char *text;
    int rc = line > 0 ? asprintf(&text, "%s:%d: %s", path, line, msg)
                      : asprintf(&text, "%s: %s", path, msg);
    if (rc >= 0) e->msg[e->n++] = text;
}

/* An error about no particular file of the load (it sorts first). */
void scn_error(scn_errors *e, const char *path, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_error_in(e, -1, path, line, fmt, ap);
    va_end(ap);
}

/* Puts the errors from `first` on in the order of their files and lines (stable). */
void scn_errors_sort(scn_errors *e, int first)
{
    for (int i = first + 1; i < e->n; i++) {
        char *m = e->msg[i];
        unsigned long long w = e->where[i];
        int j = i;
        for (; j > first && e->where[j - 1] > w; j--) {
            e->msg[j] = e->msg[j - 1];
            e->where[j] = e->where[j - 1];
        }
        e->msg[j] = m;
        e->where[j] = w;
    }
}

/* An error about a line of a file of the load (or a --set option). */
void scn_error_at(loader *L, origin at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_error_in(L->errs, at.file, at.file >= 0 ? L->files[at.file] : L->s->path, at.line, fmt, ap);
    va_end(ap);
}
