/*
 * faillog: the interval table and the event log, read line by line (each line a CSV record
 * parsed by libcsv, so that every message knows its line), checked, and turned into lives (see
 * faillog.h for both formats and the rules that derive lives from events). About 800 lines: two
 * formats and every check of each; apart, the checks would lose the line they are about.
 */
#include "models/faillog.h"
#include "models/infile.h"
#include "models/unit.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define INTERVAL_HEADER "unit,kind,start_h,end_h,failed"
#define EVENT_HEADER "time,node,component,event"
#define HOURS_EXPECTED "hours, e.g. 1250.5, or a duration with its unit: ms, s, m, h, d, w or y"
#define ISO_EXPECTED "ISO 8601 like the log's first time, e.g. 2024-03-01T12:00:00Z"

/* ------------------------------------------------------------------ messages */

typedef struct {
    const char *path;
    faillog_errors *e;
    int oom;
} ctx_err;

__attribute__((format(printf, 3, 4))) static void err_at(ctx_err *c, int line, const char *fmt, ...)
{
    if (c->e->n >= FAILLOG_MAX_ERRORS) {
        c->e->more++;
        return;
    }
    char *body = NULL, *msg = NULL;
    va_list ap;
    va_start(ap, fmt);
    int r = vasprintf(&body, fmt, ap);
    va_end(ap);
    if (r < 0) body = NULL;
    if (body && (line > 0 ? asprintf(&msg, "%s:%d: %s", c->path, line, body)
                          : asprintf(&msg, "%s: %s", c->path, body)) < 0)
        msg = NULL;
    free(body);
    char **m = msg ? realloc(c->e->msg, (size_t)(c->e->n + 1) * sizeof *m) : NULL;
    if (!m) {
        free(msg);
        c->oom = 1;
        return;
    }
    c->e->msg = m;
    m[c->e->n++] = msg;
}

void faillog_errors_free(faillog_errors *e)
{
    for (int i = 0; i < e->n; i++)
        free(e->msg[i]);
    free(e->msg);
    memset(e, 0, sizeof *e);
}

void faillog_errors_print(const faillog_errors *e, FILE *f)
{
    for (int i = 0; i < e->n; i++)
        fprintf(f, "%s\n", e->msg[i]);
    if (e->more) fprintf(f, "... and %zu more error%s\n", e->more, e->more == 1 ? "" : "s");
}

/* ------------------------------------------------------------------ names */

/* The units (and kinds) by name, in a table of open addressing (FNV-1a), each with what the
 * checks remember of it. */
typedef struct {
    const char *name;
    const char *kind;
    int state;    /* events: 0 unseen, 1 up since its repair at `since`, 2 down since then */
    double since; /* intervals: end of the last life; events: time of the last event */
    int line;     /* the line of that */
} unit_rec;

/* The records in the order they came (an index into rec is stable), found by name through
 * slot[], a table of open addressing holding index + 1 (0: empty). */
typedef struct {
    unit_rec *rec;
    size_t n, caprec;
    size_t *slot;
    size_t cap;
} unit_table;

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static char *store(faillog *log, const char *s)
{
    if (log->nstrings_ == log->capstrings_) {
        size_t cap = log->capstrings_ ? 2 * log->capstrings_ : 64;
        char **p = realloc(log->strings_, cap * sizeof *p);
        if (!p) return NULL;
        log->strings_ = p;
        log->capstrings_ = cap;
    }
    char *d = strdup(s);
    if (d) log->strings_[log->nstrings_++] = d;
    return d;
}

/* The index of name's record, created (with its name stored in log) if new; (size_t)-1 when out
 * of memory. A pointer to a record is valid until the next record is created. */
static size_t unit_get(unit_table *t, faillog *log, const char *name, int *created)
{
    if (2 * (t->n + 1) > t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 256;
        size_t *slot = calloc(cap, sizeof *slot);
        if (!slot) return (size_t)-1;
        for (size_t i = 0; i < t->n; i++) {
            size_t j = (size_t)(hash_str(t->rec[i].name) & (cap - 1));
            while (slot[j])
                j = (j + 1) & (cap - 1);
            slot[j] = i + 1;
        }
        free(t->slot);
        t->slot = slot;
        t->cap = cap;
    }
    size_t j = (size_t)(hash_str(name) & (t->cap - 1));
    while (t->slot[j]) {
        if (strcmp(t->rec[t->slot[j] - 1].name, name) == 0) {
            *created = 0;
            return t->slot[j] - 1;
        }
        j = (j + 1) & (t->cap - 1);
    }
    if (t->n == t->caprec) {
        size_t cap = t->caprec ? 2 * t->caprec : 256;
        unit_rec *rec = realloc(t->rec, cap * sizeof *rec);
        if (!rec) return (size_t)-1;
        t->rec = rec;
        t->caprec = cap;
    }
    const char *s = store(log, name);
    if (!s) return (size_t)-1;
    memset(&t->rec[t->n], 0, sizeof t->rec[t->n]);
    t->rec[t->n].name = s;
    t->slot[j] = ++t->n;
    *created = 1;
    return t->n - 1;
}

/* The stored name of a kind, added to log->kinds when new. */
static const char *kind_get(faillog *log, const char *kind)
{
    for (int i = 0; i < log->nkinds; i++)
        if (strcmp(log->kinds[i], kind) == 0) return log->kinds[i];
    const char **k = realloc(log->kinds, (size_t)(log->nkinds + 1) * sizeof *k);
    if (!k) return NULL;
    log->kinds = k;
    const char *s = store(log, kind);
    if (s) log->kinds[log->nkinds++] = s;
    return s;
}

static int add_life(faillog *log, size_t *cap, const char *unit, const char *kind, double entry,
                    double exit, int failed, int line)
{
    if (log->n == *cap) {
        size_t c = *cap ? 2 * *cap : 256;
        faillog_life *p = realloc(log->lives, c * sizeof *p);
        if (!p) return -1;
        log->lives = p;
        *cap = c;
    }
    faillog_life *l = &log->lives[log->n++];
    l->unit = unit;
    l->kind = kind;
    l->life.entry = entry;
    l->life.exit = exit;
    l->life.failed = failed;
    l->line = line;
    return 0;
}

/* ------------------------------------------------------------------ times */

static int is_leap(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days from 1970-01-01 to y-m-d (Howard Hinnant's days_from_civil, proleptic Gregorian). */
static long days_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* n digits at *p into *v; advances *p. */
static int digits(const char **p, int n, long *v)
{
    long x = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*p)[i])) return -1;
        x = 10 * x + ((*p)[i] - '0');
    }
    *p += n;
    *v = x;
    return 0;
}

int faillog_parse_iso(const char *s, double *hours)
{
    const char *p = s;
    long y, mo, d, h = 0, mi = 0, sec = 0, oh = 0, om = 0;
    double frac = 0;
    if (digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) || *p++ != '-' || digits(&p, 2, &d))
        return -1;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] + (mo == 2 && is_leap(y))) return -1;
    if (*p == 'T' || (*p == ' ' && isdigit((unsigned char)p[1]))) {
        p++;
        if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi)) return -1;
        if (*p == ':') {
            p++;
            if (digits(&p, 2, &sec)) return -1;
            if (*p == '.' || *p == ',') {
                p++;
                double scale = 0.1;
                if (!isdigit((unsigned char)*p)) return -1;
                while (isdigit((unsigned char)*p)) {
                    frac += scale * (*p++ - '0');
                    scale /= 10;
                }
            }
        }
        if (h > 23 || mi > 59 || sec > 59) return -1;
        if (*p == 'Z') {
            p++;
        } else if (*p == '+' || *p == '-') {
            int sign = *p++ == '-' ? -1 : 1;
            if (digits(&p, 2, &oh)) return -1;
            if (*p == ':') p++;
            if (digits(&p, 2, &om) || oh > 23 || om > 59) return -1;
            oh *= sign;
            om *= sign;
        }
    }
    if (*p != '\0') return -1;
    double secs = (double)days_from_civil(y, mo, d) * 86400.0 + (double)(h * 3600 + mi * 60 + sec) +
                  frac - (double)(oh * 3600 + om * 60);
    *hours = secs / 3600.0;
    return 0;
}

/* A number of hours: a plain number, or a duration with its unit. 0, or -1 with why. */
static int parse_hours(const char *s, double *h, char *why, size_t n)
{
    char inner[300];
    if (unit_parse_number(s, h, inner, sizeof inner) == 0) return 0;
    if (unit_parse_duration(s, h, inner, sizeof inner) == 0) return 0;
    if (strncmp(inner, "unknown unit", 12) == 0) {
        /* the duration's message, with this column's expectation */
        char *paren = strstr(inner, " (expected");
        if (paren) *paren = '\0';
        snprintf(why, n, "%s (expected %s)", inner, HOURS_EXPECTED);
    } else {
        snprintf(why, n, "'%s' is not a number (expected %s)", s, HOURS_EXPECTED);
    }
    return -1;
}

/* ------------------------------------------------------------------ CSV lines */

typedef struct {
    char **f;
    size_t n, cap;
    int oom;
} fields;

static void on_field(void *s, size_t len, void *data)
{
    fields *fl = data;
    if (fl->oom) return;
    if (fl->n == fl->cap) {
        size_t cap = fl->cap ? 2 * fl->cap : 16;
        char **p = realloc(fl->f, cap * sizeof *p);
        if (!p) {
            fl->oom = 1;
            return;
        }
        fl->f = p;
        fl->cap = cap;
    }
    char *v = malloc(len + 1);
    if (!v) {
        fl->oom = 1;
        return;
    }
    if (len) memcpy(v, s, len);
    v[len] = '\0';
    fl->f[fl->n++] = v;
}

static void on_row(int c, void *data)
{
    (void)c;
    (void)data;
}

static void fields_clear(fields *fl)
{
    for (size_t i = 0; i < fl->n; i++)
        free(fl->f[i]);
    fl->n = 0;
}

/* Splits one line (without its line end) into fields. 0, or -1 for a quote that does not end on
 * the line, -2 when out of memory. */
static int split_line(const char *line, size_t len, fields *fl)
{
    struct csv_parser p;
    fields_clear(fl);
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) return -2;
    int rc = 0;
    if (csv_parse(&p, line, len, on_field, on_row, fl) != len ||
        csv_fini(&p, on_field, on_row, fl) != 0)
        rc = csv_error(&p) == CSV_ENOMEM ? -2 : -1;
    csv_free(&p);
    return fl->oom ? -2 : rc;
}

/* ------------------------------------------------------------------ reading */

enum { C_UNIT, C_KIND, C_START, C_END, C_FAILED, C_ENTRY, C_TIME, C_NODE, C_COMP, C_EVENT, NCOL };
static const char *const colname[NCOL] = {"unit",    "kind", "start_h", "end_h",     "failed",
                                          "entry_h", "time", "node",    "component", "event"};

typedef struct {
    double t;
    size_t u; /* the unit's record */
    int fail; /* 1 fail, 0 repair */
    int line;
} event;

typedef struct {
    ctx_err ce;
    faillog *log;
    unit_table units;
    int col[NCOL];
    int nhead;
    size_t lives_cap;
    event *ev;
    size_t nev, capev;
    int time_kind; /* events: 0 unknown, 1 hours, 2 ISO */
    int first_time_line;
    double last_time;
    int last_time_line;
    int keep;          /* faillog_read_events: keep the events and the nodes */
    unit_table nodes;  /* keep: the nodes by name, in order of first appearance */
    size_t capevents;
} reader;

static const char *cell(const reader *r, const fields *fl, int c)
{
    return r->col[c] >= 0 ? fl->f[r->col[c]] : "";
}

static int read_header(reader *r, const fields *fl, int line)
{
    for (int c = 0; c < NCOL; c++)
        r->col[c] = -1;
    for (size_t i = 0; i < fl->n; i++)
        for (int c = 0; c < NCOL; c++)
            if (strcmp(fl->f[i], colname[c]) == 0) {
                if (r->col[c] >= 0) {
                    err_at(&r->ce, line, "column '%s' appears twice (expected each column once)",
                           colname[c]);
                    return -1;
                }
                r->col[c] = (int)i;
            }
    r->nhead = (int)fl->n;
    int intervals = r->col[C_START] >= 0 || r->col[C_END] >= 0 || r->col[C_FAILED] >= 0;
    int events = r->col[C_TIME] >= 0 || r->col[C_EVENT] >= 0;
    if (intervals == events) {
        err_at(&r->ce, line,
               intervals ? "the header mixes the two formats (expected " INTERVAL_HEADER
                           " for an interval table, or " EVENT_HEADER " for an event log)"
                         : "the header names neither format (expected " INTERVAL_HEADER
                           " for an interval table, or " EVENT_HEADER " for an event log)");
        return -1;
    }
    r->log->format = intervals ? FAILLOG_INTERVALS : FAILLOG_EVENTS;
    int first = intervals ? C_UNIT : C_TIME, last = intervals ? C_FAILED : C_EVENT, bad = 0;
    for (int c = first; c <= last; c++)
        if (r->col[c] < 0) {
            err_at(&r->ce, line, "no column '%s' (expected the header %s of %s)", colname[c],
                   intervals ? INTERVAL_HEADER : EVENT_HEADER,
                   intervals ? "an interval table" : "an event log");
            bad = 1;
        }
    if (intervals) /* the other format's columns are ignored like any other */
        r->col[C_TIME] = r->col[C_NODE] = r->col[C_COMP] = r->col[C_EVENT] = -1;
    else
        r->col[C_UNIT] = r->col[C_KIND] = r->col[C_ENTRY] = -1;
    return bad ? -1 : 0;
}

static int oom(reader *r)
{
    r->ce.oom = 1;
    return -1;
}

static int interval_row(reader *r, const fields *fl, int line)
{
    const char *unit = cell(r, fl, C_UNIT), *kind = cell(r, fl, C_KIND);
    const char *fs = cell(r, fl, C_FAILED), *es = cell(r, fl, C_ENTRY);
    char why[400];
    double start = 0, end = 0, entry = 0;
    int bad = 0, failed = 0;
    if (!unit[0]) err_at(&r->ce, line, "unit: empty (expected the unit's name)"), bad = 1;
    if (!kind[0])
        err_at(&r->ce, line, "kind: empty (expected the kind of unit, e.g. gpu)"), bad = 1;
    if (parse_hours(cell(r, fl, C_START), &start, why, sizeof why))
        err_at(&r->ce, line, "start_h: %s", why), bad = 1;
    if (parse_hours(cell(r, fl, C_END), &end, why, sizeof why))
        err_at(&r->ce, line, "end_h: %s", why), bad = 1;
    if (strcmp(fs, "1") == 0)
        failed = 1;
    else if (strcmp(fs, "0") != 0)
        err_at(&r->ce, line,
               "failed: '%s' is not 0 or 1 (expected 1 for a failure at end_h, 0 for a life "
               "still running when observation stopped)",
               fs),
            bad = 1;
    int has_entry = es[0] != '\0';
    if (has_entry && parse_hours(es, &entry, why, sizeof why))
        err_at(&r->ce, line, "entry_h: %s", why), bad = 1;
    if (bad) return 0;
    if (!(end > start)) {
        err_at(&r->ce, line, "%s life: end_h %.10g is %s start_h %.10g (expected end_h > start_h)",
               end < start ? "negative" : "empty", end, end < start ? "before" : "equal to", start);
        return 0;
    }
    if (has_entry && !(entry >= start && entry < end)) {
        err_at(&r->ce, line,
               "entry_h %.10g is outside the life (expected start_h <= entry_h < end_h: "
               "observation begins during the life)",
               entry);
        return 0;
    }
    int created;
    size_t ui = unit_get(&r->units, r->log, unit, &created);
    unit_rec *u = ui != (size_t)-1 ? &r->units.rec[ui] : NULL;
    const char *k = u ? kind_get(r->log, kind) : NULL;
    if (!u || !k) return oom(r);
    if (!created && strcmp(u->kind, k) != 0) {
        err_at(&r->ce, line,
               "unit %s is of kind '%s' here but '%s' at line %d (expected one kind per unit)",
               unit, kind, u->kind, u->line);
        return 0;
    }
    if (!created && start < u->since) {
        err_at(&r->ce, line,
               "unit %s: this life starts at %.10g h, before its previous life ends (line %d, "
               "at %.10g h) (expected the lives of a unit in order, without overlap)",
               unit, start, u->line, u->since);
        return 0;
    }
    u->kind = k;
    u->since = end;
    u->line = line;
    double e = has_entry ? entry - start : 0.0;
    return add_life(r->log, &r->lives_cap, u->name, k, e, end - start, failed, line) ? oom(r) : 0;
}

/* A time of the event log: hours, or ISO 8601 (the first time decides for the whole log). */
static int event_time(reader *r, const char *s, double *t, int line)
{
    int iso = isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
              isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]) && s[4] == '-';
    char why[400];
    if (!r->time_kind) {
        r->time_kind = iso ? 2 : 1;
        r->first_time_line = line;
    }
    if (iso != (r->time_kind == 2)) {
        err_at(&r->ce, line,
               "time: '%s' is %s but the log's first time (line %d) is %s (expected one kind "
               "of time throughout)",
               s, iso ? "ISO 8601" : "not ISO 8601", r->first_time_line,
               r->time_kind == 2 ? "ISO 8601" : "in hours");
        return -1;
    }
    if (iso) {
        if (faillog_parse_iso(s, t) == 0) return 0;
        err_at(&r->ce, line, "time: '%s' is not a date and time (expected %s)", s, ISO_EXPECTED);
        return -1;
    }
    if (parse_hours(s, t, why, sizeof why) == 0) return 0;
    err_at(&r->ce, line, "time: %s", why);
    return -1;
}

/* faillog_read_events: the event, with its node's index (nodes in order of first appearance). */
static int keep_event(reader *r, const char *node, const char *kind, double t, int fail, int line)
{
    faillog *log = r->log;
    int created;
    size_t ni = unit_get(&r->nodes, log, node, &created);
    if (ni == (size_t)-1) return -1;
    if (log->nevents == r->capevents) {
        size_t cap = r->capevents ? 2 * r->capevents : 1024;
        faillog_event *p = realloc(log->events, cap * sizeof *p);
        if (!p) return -1;
        log->events = p;
        r->capevents = cap;
    }
    log->events[log->nevents++] = (faillog_event){t, (uint32_t)ni, kind, fail, line};
    return 0;
}

static int event_row(reader *r, const fields *fl, int line)
{
    const char *node = cell(r, fl, C_NODE), *comp = cell(r, fl, C_COMP), *ev = cell(r, fl, C_EVENT);
    double t;
    int bad = event_time(r, cell(r, fl, C_TIME), &t, line) != 0;
    if (!node[0]) err_at(&r->ce, line, "node: empty (expected the node's name)"), bad = 1;
    if (!comp[0])
        err_at(&r->ce, line, "component: empty (expected the kind of component, e.g. gpu)"),
            bad = 1;
    int fail = strcmp(ev, "fail") == 0;
    if (!fail && strcmp(ev, "repair") != 0)
        err_at(&r->ce, line, "event: '%s' (expected fail or repair)", ev), bad = 1;
    if (bad) return 0;
    if (r->last_time_line && t < r->last_time) {
        err_at(&r->ce, line,
               "time %s is before the previous event's (line %d) (expected the events in time "
               "order)",
               cell(r, fl, C_TIME), r->last_time_line);
        return 0;
    }
    r->last_time = t;
    r->last_time_line = line;
    char *name = NULL, *kind = strndup(comp, strcspn(comp, ":")); /* gpu:3 is of kind gpu */
    if (!kind || asprintf(&name, "%s/%s", node, comp) < 0) {
        free(kind);
        return oom(r);
    }
    int created;
    size_t ui = unit_get(&r->units, r->log, name, &created);
    unit_rec *u = ui != (size_t)-1 ? &r->units.rec[ui] : NULL;
    const char *k = u ? kind_get(r->log, kind[0] ? kind : comp) : NULL;
    free(kind);
    if (!u || !k) {
        free(name);
        return oom(r);
    }
    if (created) u->kind = k;
    int rc = 0;
    if (fail && u->state == 2) {
        err_at(&r->ce, line,
               "%s fails again while down since its failure at line %d (expected a repair "
               "between two failures; a node with several of one component names them %s:0, "
               "%s:1, ...)",
               name, u->line, comp, comp);
    } else if (!fail && u->state != 2) {
        if (u->state == 0)
            err_at(&r->ce, line,
                   "repair of %s with no failure before it (expected a fail event of %s "
                   "earlier in the log)",
                   name, name);
        else
            err_at(&r->ce, line,
                   "repair of %s, which is up since its repair at line %d (expected a fail "
                   "event before each repair)",
                   name, u->line);
    } else if (fail && u->state == 1 && !(t > u->since)) {
        err_at(&r->ce, line,
               "%s fails at the time of its repair (line %d): a life of length 0 (expected a "
               "failure after the repair)",
               name, u->line);
    } else {
        if (r->nev == r->capev) {
            size_t cap = r->capev ? 2 * r->capev : 1024;
            event *p = realloc(r->ev, cap * sizeof *p);
            if (!p) {
                free(name);
                return oom(r);
            }
            r->ev = p;
            r->capev = cap;
        }
        r->ev[r->nev++] = (event){t, ui, fail, line};
        if (r->keep && keep_event(r, node, u->kind, t, fail, line)) {
            free(name);
            return oom(r);
        }
        u->state = fail ? 2 : 1;
        u->since = t;
        u->line = line;
    }
    free(name);
    return rc;
}

/* --window START,END in the log's kind of time. */
static int parse_window(reader *r, const char *w)
{
    const char *comma = strchr(w, ',');
    faillog *log = r->log;
    const char *eg = r->time_kind == 2 ? "2024-01-01,2024-07-01" : "0,4380";
    if (!comma || strchr(comma + 1, ',')) {
        err_at(&r->ce, 0,
               "--window: '%s' is not START,END (expected two times of the log's kind, e.g. %s)", w,
               eg);
        return -1;
    }
    char *a = strndup(w, (size_t)(comma - w)), *b = strdup(comma + 1);
    double v[2];
    int bad = !a || !b;
    for (int i = 0; !bad && i < 2; i++) {
        const char *s = i ? b : a;
        char why[400];
        if (r->time_kind == 2) {
            if (faillog_parse_iso(s, &v[i])) {
                err_at(&r->ce, 0,
                       "--window: %s '%s' is not a date and time (expected ISO 8601 as the log's "
                       "times are, e.g. %s)",
                       i ? "END" : "START", s, i ? "2024-07-01" : "2024-01-01");
                bad = 1;
            }
        } else if (parse_hours(s, &v[i], why, sizeof why)) {
            err_at(&r->ce, 0, "--window: %s: %s, as the log's times are", i ? "END" : "START", why);
            bad = 1;
        }
    }
    if (!bad && !(v[1] > v[0])) {
        err_at(&r->ce, 0,
               "--window: END is not after START (expected a window START,END with END > START)");
        bad = 1;
    }
    free(a);
    free(b);
    if (bad) return -1;
    log->start = v[0];
    log->end = v[1];
    return 0;
}

/* The lives of the events within the window (faillog.h). */
static int derive_lives(reader *r)
{
    faillog *log = r->log;
    double S = log->start, E = log->end;
    /* state 1 (up) is only ever reached by a repair: the life in progress has a known start */
    for (size_t i = 0; i < r->units.n; i++)
        r->units.rec[i].state = 0;
    for (size_t i = 0; i < r->nev; i++) {
        event *e = &r->ev[i];
        unit_rec *u = &r->units.rec[e->u];
        if (e->t > E) {
            log->after_window++;
            continue;
        }
        if (!e->fail) {
            u->state = 1;
            u->since = e->t;
            continue;
        }
        if (u->state == 1) {
            double r0 = u->since;
            if (e->t <= S) {
                log->before_window++;
            } else if (add_life(log, &r->lives_cap, u->name, u->kind, r0 < S ? S - r0 : 0.0,
                                e->t - r0, 1, e->line)) {
                return -1;
            }
        } else {
            log->unknown_origin++;
        }
        u->state = 2;
    }
    /* lives still running at END: censored there, in the order of the units' names */
    size_t first = log->n;
    for (size_t i = 0; i < r->units.n; i++) {
        unit_rec *u = &r->units.rec[i];
        if (u->state != 1 || !(u->since < E)) continue;
        if (add_life(log, &r->lives_cap, u->name, u->kind, u->since < S ? S - u->since : 0.0,
                     E - u->since, 0, 0))
            return -1;
    }
    for (size_t i = first + 1; i < log->n; i++) { /* insertion sort by name */
        faillog_life x = log->lives[i];
        size_t j = i;
        while (j > first && strcmp(log->lives[j - 1].unit, x.unit) > 0) {
            log->lives[j] = log->lives[j - 1];
            j--;
        }
        log->lives[j] = x;
    }
    return 0;
}

void faillog_free(faillog *log)
{
    for (size_t i = 0; i < log->nstrings_; i++)
        free(log->strings_[i]);
    free(log->strings_);
    free(log->lives);
    free(log->kinds);
    free(log->events);
    free(log->nodes);
    memset(log, 0, sizeof *log);
}

static int read_log(const char *path, const char *window, int keep, faillog *log,
                    faillog_errors *errs)
{
    memset(log, 0, sizeof *log);
    memset(errs, 0, sizeof *errs);
    reader r = {.ce = {.path = path, .e = errs}, .log = log, .keep = keep};
    fields fl = {0};
    char *line = NULL;
    size_t cap = 0;
    int lineno = 0, header = 0;
    FILE *f = infile_open(path);
    if (!f) {
        err_at(&r.ce, 0, "%s",
               infile_not_regular() ? "not a regular file (expected a CSV file)"
               : errno == ENOENT    ? "no such file"
                                    : strerror(errno));
        goto done;
    }
    ssize_t len;
    while ((len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        size_t n = (size_t)len;
        if (memchr(line, '\0', n)) {
            err_at(&r.ce, lineno, "not text (a NUL byte) (expected a CSV file)");
            break;
        }
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            n--;
        line[n] = '\0';
        char *text = line;
        if (lineno == 1 && n >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) text += 3, n -= 3;
        const char *p = text;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '\0' || *p == '#') continue;
        int s = split_line(text, n, &fl);
        if (s == -2) {
            r.ce.oom = 1;
            break;
        }
        if (s == -1) {
            err_at(&r.ce, lineno,
                   "a quoted field does not end on its line (expected a closing \")");
            if (!header) break;
            continue;
        }
        if (!header) {
            header = 1;
            if (read_header(&r, &fl, lineno)) break;
            continue;
        }
        log->rows++;
        if ((int)fl.n != r.nhead) {
            err_at(&r.ce, lineno, "%zu field%s, the header has %d (expected one field per column)",
                   fl.n, fl.n == 1 ? "" : "s", r.nhead);
            continue;
        }
        if ((log->format == FAILLOG_INTERVALS ? interval_row(&r, &fl, lineno)
                                              : event_row(&r, &fl, lineno)) &&
            r.ce.oom)
            break;
    }
    if (f && ferror(f)) err_at(&r.ce, 0, "cannot read: %s", strerror(errno));
    if (f && !header && !errs->n && !r.ce.oom)
        err_at(&r.ce, lineno ? lineno : 1,
               "no header (expected " INTERVAL_HEADER " for an interval table, or " EVENT_HEADER
               " for an event log)");
    if (f && header && !errs->n && !r.ce.oom && keep) {
        if (log->format == FAILLOG_INTERVALS)
            err_at(&r.ce, 0,
                   "an interval table, not an event log (expected the header " EVENT_HEADER
                   ": a trace replays events)");
        log->iso = r.time_kind == 2;
        if (!errs->n && log->rows == 0)
            err_at(&r.ce, 0, "no rows after the header (expected one row per event)");
        if (!errs->n && !(log->nodes = malloc((r.nodes.n ? r.nodes.n : 1) * sizeof *log->nodes)))
            r.ce.oom = 1;
        for (size_t i = 0; log->nodes && i < r.nodes.n; i++)
            log->nodes[i] = r.nodes.rec[i].name;
        log->nnodes = r.nodes.n;
    } else if (f && header && !errs->n && !r.ce.oom) {
        if (log->format == FAILLOG_INTERVALS && window)
            err_at(&r.ce, 0,
                   "--window is for event logs (this is an interval table, whose rows "
                   "are the lives themselves)");
        if (log->format == FAILLOG_EVENTS && !window)
            err_at(&r.ce, 0,
                   "an event log needs --window START,END (expected the period the "
                   "log observes: lives are censored at END, truncated at START)");
        if (log->format == FAILLOG_EVENTS && window && parse_window(&r, window) == 0) {
            log->iso = r.time_kind == 2;
            if (derive_lives(&r)) r.ce.oom = 1;
        }
        if (!errs->n && !r.ce.oom && log->rows == 0)
            err_at(&r.ce, 0, "no rows after the header (expected one row per %s)",
                   log->format == FAILLOG_INTERVALS ? "life" : "event");
    }
    if (f) fclose(f);
done:
    log->units = r.units.n;
    free(r.units.rec);
    free(r.units.slot);
    free(r.nodes.rec);
    free(r.nodes.slot);
    free(r.ev);
    fields_clear(&fl);
    free(fl.f);
    free(line);
    if (r.ce.oom) {
        faillog_free(log);
        return -1;
    }
    if (errs->n || errs->more) {
        faillog_free(log);
        return errs->n + (int)(errs->more > 1000000 ? 1000000 : errs->more);
    }
    return 0;
}

int faillog_read(const char *path, const char *window, faillog *log, faillog_errors *errs)
{
    return read_log(path, window, 0, log, errs);
}

int faillog_read_events(const char *path, faillog *log, faillog_errors *errs)
{
    return read_log(path, NULL, 1, log, errs);
}
