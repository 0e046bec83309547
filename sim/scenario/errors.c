/*
 * scn errors: the list of collected messages (scn_errors) and how each is worded and placed.
 *
 * A message reads "path:line: what is wrong (what was expected)", or "path: ..." without a line.
 * Each carries a sort key, file number << 32 | line, so that scn_load can put the messages of one
 * load in the order of the files and lines they are about, whatever order they were found in
 * (a file's includes are read after it, the checks of the whole come last). After MAX_ERRORS
 * messages one more says that more follow, and the rest are dropped.
 *
 * A name that is not known (a key, a section, a component kind, a law) may end its message with
 * "; did you mean 'x'?" (scn_hint): only when one known name is clearly the closest, by the
 * Damerau-Levenshtein distance (optimal string alignment: insertions, deletions, substitutions
 * and swaps of two adjacent characters, each counting 1) with case ignored, within a small
 * threshold: 1 for a name of up to 4 characters, 2 up to 8, 3 beyond. Two names equally close,
 * or none that close, give no hint: a wrong guess costs the reader more than none.
 */
#include "sim/scenario/scn_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ERRORS 100
#define HINT_MAX_LEN 64 /* longer names get no hint (component names hold at most 39) */

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
    unsigned long long where = ((unsigned long long)(unsigned)(file + 1) << 32) | (unsigned)line;
    if (e->n > MAX_ERRORS) return;
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
    /* Paths and values may be as long as the system allows: every part is sized to its text. */
    char *msg = NULL, *text = NULL;
    if (e->n == MAX_ERRORS) {
        msg = strdup("more errors follow; fix these first");
        line = 0;
        where = ~0ull;
    } else if (vasprintf(&msg, fmt, ap) < 0) {
        msg = NULL;
    }
    if (!msg) return;
    int rc = line > 0 ? asprintf(&text, "%s:%d: %s", path, line, msg)
                      : asprintf(&text, "%s: %s", path, msg);
    free(msg);
    if (rc < 0) return;
    e->where[e->n] = where;
    e->msg[e->n++] = text;
}

char *scn_shown(const char *s)
{
    size_t n = 0;
    for (const char *p = s; *p; p++)
        n += (unsigned char)*p < 0x20 && *p != '\t' ? 4 : 1;
    char *out = malloc(n + 1), *o = out;
    if (!out) return NULL;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p >= 0x20 || *p == '\t') {
            *o++ = (char)*p;
            continue;
        }
        const char *esc = *p == '\n' ? "\\n" : *p == '\r' ? "\\r" : NULL;
        if (esc) {
            memcpy(o, esc, 2);
            o += 2;
        } else {
            snprintf(o, 5, "\\x%02x", *p);
            o += 4;
        }
    }
    *o = '\0';
    return out;
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
    /* file -1: the top-level file (files[0], named as messages show it) */
    const char *path = at.file >= 0 ? L->files[at.file] : L->nfiles ? L->files[0] : L->s->path;
    add_error_in(L->errs, at.file, path, at.line, fmt, ap);
    va_end(ap);
}

static int fold(char c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* The optimal string alignment distance of a and b (each at most HINT_MAX_LEN characters),
 * case ignored. */
static int edit_distance(const char *a, const char *b)
{
    int la = (int)strlen(a), lb = (int)strlen(b);
    int d[HINT_MAX_LEN + 1][HINT_MAX_LEN + 1];
    for (int i = 0; i <= la; i++)
        d[i][0] = i;
    for (int j = 0; j <= lb; j++)
        d[0][j] = j;
    for (int i = 1; i <= la; i++) {
        for (int j = 1; j <= lb; j++) {
            int cost = fold(a[i - 1]) != fold(b[j - 1]);
            int best = d[i - 1][j - 1] + cost;
            if (d[i - 1][j] + 1 < best) best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && fold(a[i - 1]) == fold(b[j - 2]) &&
                fold(a[i - 2]) == fold(b[j - 1]) && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[la][lb];
}

const char *scn_suggest(const char *word, const char *const *names, int n)
{
    size_t len = strlen(word);
    if (len == 0 || len > HINT_MAX_LEN) return NULL;
    int limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;
    const char *best = NULL;
    int best_d = limit + 1, ties = 0;
    for (int i = 0; i < n; i++) {
        if (!names[i] || strlen(names[i]) > HINT_MAX_LEN || strcmp(names[i], word) == 0) continue;
        int d = edit_distance(word, names[i]);
        if (d < best_d) {
            best_d = d;
            best = names[i];
            ties = 0;
        } else if (d == best_d && best && strcmp(best, names[i]) != 0) {
            ties++;
        }
    }
    return best && !ties ? best : NULL;
}

const char *scn_hint(char *buf, size_t len, const char *word, const char *const *names, int n)
{
    const char *s = scn_suggest(word, names, n);
    if (!s || snprintf(buf, len, "; did you mean '%s'?", s) >= (int)len) buf[0] = '\0';
    return buf;
}
