/*
 * record: run.txt, written and read in this file alone (see record.h).
 *
 * Writing escapes every value as it goes to the stream. Reading keeps every line it read (from
 * getline, of any length) and cuts it in place: keys, values and body fields are pointers into
 * those lines, freed together by record_free.
 */
#include "analysis/record.h"
#include "models/infile.h"
#include "models/rc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#ifndef RELSIM_VERSION
#define RELSIM_VERSION "unknown"
#endif

/* ---------------------------------------------------------------- writing */

static void put_escaped(FILE *f, const char *s)
{
    size_t len = strlen(s);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\\')
            fputs("\\\\", f);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c == '\t')
            fputs("\\t", f);
        else if (c == '\r')
            fputs("\\r", f);
        else if (c < 0x20 || c == 0x7f || (c == ' ' && (i == 0 || i + 1 == len)))
            fprintf(f, "\\x%02x", c);
        else
            fputc(c, f);
    }
}

static int is_key_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ';
}

/* 1 if the len bytes at s make a key. */
static int is_key(const char *s, size_t len)
{
    if (len == 0 || len > RECORD_KEY_MAX) return 0;
    for (size_t i = 0; i < len; i++)
        if (!is_key_char(s[i])) return 0;
    return 1;
}

/* "; " KEY ": " (when key is not NULL), the formatted text escaped, "\n". */
__attribute__((format(printf, 3, 0))) static int put_line(outfile *of, const char *key,
                                                          const char *fmt, va_list ap)
{
    char *text;
    if (vasprintf(&text, fmt, ap) < 0) return RC_ERROR;
    FILE *f = outfile_stream(of);
    fputs("; ", f);
    if (key) {
        fputs(key, f);
        fputs(": ", f);
    }
    put_escaped(f, text);
    fputc('\n', f);
    free(text);
    return RC_OK;
}

int record_put(outfile *of, const char *key, const char *fmt, ...)
{
    if (!key || !is_key(key, strlen(key))) return RC_ERROR;
    va_list ap;
    va_start(ap, fmt);
    int rc = put_line(of, key, fmt, ap);
    va_end(ap);
    return rc;
}

int record_note(outfile *of, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = put_line(of, NULL, fmt, ap);
    va_end(ap);
    return rc;
}

outfile *record_open(const char *dir, const char *what, const char *command, char *err, size_t n)
{
    char *path;
    if (asprintf(&path, "%s/run.txt", dir) < 0) {
        snprintf(err, n, "%s/run.txt: out of memory", dir);
        return NULL;
    }
    outfile *of = outfile_open(path, err, n);
    free(path);
    if (!of) return NULL;
    char date[64];
    time_t now = time(NULL);
    struct tm tm;
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
    int bad = record_note(of, "relsim %s", what);
    bad |= record_put(of, RECORD_VERSION, "%s", RELSIM_VERSION);
    bad |= record_put(of, RECORD_COMMAND, "%s", command ? command : "(library call)");
    bad |= record_put(of, RECORD_DATE, "%s", date);
    if (bad) {
        outfile_abort(of);
        snprintf(err, n, "%s/run.txt: out of memory", dir);
        return NULL;
    }
    return of;
}

FILE *record_body(outfile *of)
{
    FILE *f = outfile_stream(of);
    fputc('\n', f);
    return f;
}

/* ---------------------------------------------------------------- reading */

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* s without blanks at its ends (cut in place). */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && is_blank(s[n - 1]))
        s[--n] = '\0';
    return s;
}

static int hex(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* Decodes the escapes of record.h in place (the text only shrinks). */
static char *unescape(char *s)
{
    char *w = s;
    for (const char *p = s; *p; p++) {
        if (*p != '\\' || !p[1]) {
            *w++ = *p;
            continue;
        }
        int h, l;
        switch (p[1]) {
        case '\\':
            *w++ = '\\';
            p++;
            break;
        case 'n':
            *w++ = '\n';
            p++;
            break;
        case 't':
            *w++ = '\t';
            p++;
            break;
        case 'r':
            *w++ = '\r';
            p++;
            break;
        case 'x':
            h = hex(p[2]);
            l = h >= 0 ? hex(p[3]) : -1;
            if (l >= 0 && (h || l)) {
                *w++ = (char)(h << 4 | l);
                p += 3;
            } else {
                *w++ = *p; /* not an escape (\x00 least of all): kept as written */
            }
            break;
        default:
            *w++ = *p;
        }
    }
    *w = '\0';
    return s;
}

/* The array v of elements of `size` bytes, grown if need be to hold used + 1 of them; NULL when
 * out of memory (v is then as it was). */
static void *grow(void *v, size_t size, size_t used, size_t *cap)
{
    if (used < *cap) return v;
    size_t c = *cap ? 2 * *cap : 16;
    void *p = realloc(v, c * size);
    if (p) *cap = c;
    return p;
}

typedef struct {
    record_file *r;
    size_t hcap, bcap, lcap;
    const char *section;
} loader;

/* A header line, after its ';'. */
static int header_line(loader *L, char *s)
{
    record_file *r = L->r;
    while (*s == ' ' || *s == '\t')
        s++;
    /* the key first, so that "key: " (an empty value, the blank trimmed below) is one */
    char *colon = strstr(s, ": ");
    int keyed = colon && is_key(s, (size_t)(colon - s));
    if (!keyed && !*trim(s)) return 0;
    record_line *v = grow(r->header, sizeof *v, (size_t)r->nheader, &L->hcap);
    if (!v) return -1;
    r->header = v;
    record_line *h = &v[r->nheader++];
    if (keyed) {
        *colon = '\0';
        h->key = s;
        h->value = unescape(trim(colon + 2));
    } else {
        h->key = NULL;
        h->value = unescape(s);
    }
    return 0;
}

/* A line of the body (INI). */
static int body_line(loader *L, char *s)
{
    record_file *r = L->r;
    s = trim(s);
    if (!*s || *s == ';' || *s == '#') return 0;
    if (*s == '[') {
        char *close = strchr(s, ']');
        if (close) {
            *close = '\0';
            L->section = trim(s + 1);
        }
        return 0;
    }
    char *eq = strchr(s, '=');
    if (!eq) return 0;
    *eq = '\0';
    char *v = eq + 1, *comment = NULL;
    for (char *p = v; *p; p++)
        if (*p == ';' && p > v && (p[-1] == ' ' || p[-1] == '\t')) {
            *p = '\0';
            comment = trim(p + 1);
            break;
        }
    record_entry *b = grow(r->body, sizeof *b, (size_t)r->nbody, &L->bcap);
    if (!b) return -1;
    r->body = b;
    b[r->nbody++] = (record_entry){L->section, trim(s), trim(v), comment};
    return 0;
}

record_file *record_load(const char *dir, char *err, size_t n)
{
    char *path;
    if (asprintf(&path, "%s/run.txt", dir) < 0) {
        snprintf(err, n, "out of memory");
        return NULL;
    }
    FILE *f = infile_open(path); /* never waits on a FIFO */
    int e = errno;
    free(path);
    if (!f) {
        if (infile_not_regular())
            snprintf(err, n, "not a regular file");
        else if (e == ENOENT || e == ENOTDIR)
            snprintf(err, n, "missing");
        else
            snprintf(err, n, "cannot read: %s", strerror(e));
        return NULL;
    }
    const char *why = NULL;
    record_file *r = calloc(1, sizeof *r);
    loader L = {.r = r, .section = ""};
    if (!r) why = "out of memory";
    int in_header = 1;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while (!why && (len = getline(&line, &cap, f)) >= 0) {
        if (memchr(line, '\0', (size_t)len)) {
            why = "malformed: not text";
            break;
        }
        if (len && line[len - 1] == '\n') line[len - 1] = '\0';
        /* the line is kept: what is read points into it */
        char **kept = grow(r->lines_, sizeof *kept, r->nlines_, &L.lcap);
        if (!kept) {
            why = "out of memory";
            break;
        }
        r->lines_ = kept;
        kept[r->nlines_++] = line;
        char *s = line;
        line = NULL;
        cap = 0;
        int bad;
        if (in_header && s[0] == ';' && s[1]) {
            bad = header_line(&L, s + 1);
        } else {
            in_header = 0;
            bad = body_line(&L, s);
        }
        if (bad) why = "out of memory";
    }
    free(line);
    if (!why && ferror(f)) {
        snprintf(err, n, "cannot read: %s", strerror(errno));
        why = err;
    }
    fclose(f);
    if (!why && r->nheader == 0) why = "malformed: no '; key: value' record lines";
    if (why) {
        if (why != err) snprintf(err, n, "%s", why);
        record_free(r);
        return NULL;
    }
    return r;
}

void record_free(record_file *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->nlines_; i++)
        free(r->lines_[i]);
    free(r->lines_);
    free(r->header);
    free(r->body);
    free(r);
}

const char *record_get(const record_file *r, const char *key)
{
    for (int i = 0; i < r->nheader; i++)
        if (r->header[i].key && strcmp(r->header[i].key, key) == 0) return r->header[i].value;
    return NULL;
}

const char *record_version(const record_file *r)
{
    const char *v = record_get(r, RECORD_VERSION);
    for (int i = 0; !v && i < r->nheader; i++) {
        const char *t = r->header[i].value;
        if (!r->header[i].key && strncmp(t, "relsim ", 7) == 0 && t[7] && !strchr(t + 7, ' '))
            v = t + 7;
    }
    return v;
}

const record_entry *record_body_find(const record_file *r, const char *section, const char *key)
{
    for (int i = 0; i < r->nbody; i++)
        if (strcmp(r->body[i].section, section) == 0 && strcmp(r->body[i].key, key) == 0)
            return &r->body[i];
    return NULL;
}

const char *record_body_get(const record_file *r, const char *section, const char *key)
{
    const record_entry *e = record_body_find(r, section, key);
    return e ? e->value : NULL;
}

int record_has_section(const record_file *r, const char *section)
{
    for (int i = 0; i < r->nbody; i++)
        if (strcmp(r->body[i].section, section) == 0) return 1;
    return 0;
}
