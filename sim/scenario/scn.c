/*
 * scn: loading scenario files (see scenario.h).
 *
 * libinih splits lines into (section, key, value) and strips comments. Its parser is fed by our
 * own reader, which sees every raw line first: it counts lines (the library's handler gets no
 * line number), refuses lines longer than the library's 200-byte buffer instead of letting them
 * be cut in pieces, strips leading blanks (so that an indented line is never taken as the
 * continuation of the previous value), and checks section headers and line shapes itself so that
 * each mistake gets one precise message. A line it refuses reaches the library as a blank line;
 * a refused section header reaches it as a section named "!", whose keys are ignored.
 */
#include "sim/scenario/scn.h"
#include "models/unit.h"
#include "models/metric.h"
#include "sim/scenario/vary.h"

#include <errno.h>
#include <ini.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define LINE_MAX_BYTES (INI_MAX_LINE - 2) /* room for the newline and the terminating NUL */
#define RAW_LINE_LIMIT (1 << 20) /* a "line" this long is not text: stop reading the file */
#define MAX_ERRORS 100
/* libinih keeps at most 49 characters of a section name (MAX_SECTION 50 in its ini.c) and cuts
 * longer ones silently; "component." takes 10 of them. */
#define MAX_COMPONENT_NAME 39

/* ---------------------------------------------------------------- errors */

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

static void add_error(scn_errors *e, const char *path, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* An error about no particular file of the load (it sorts first). */
static void add_error(scn_errors *e, const char *path, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_error_in(e, -1, path, line, fmt, ap);
    va_end(ap);
}

/* Puts the errors from `first` on in the order of their files and lines (stable). */
static void sort_errors(scn_errors *e, int first)
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

/* ---------------------------------------------------------------- the parse state */

enum {
    SEC_NONE = -1,
    SEC_SCENARIO,
    SEC_CLUSTER,
    SEC_DETECTION,
    SEC_FAILOVER,
    SEC_JOB,
    SEC_SWEEP,
    SEC_COMPONENT
};

#define NFIXED 6 /* the sections before SEC_COMPONENT */
static const char *const section_names[NFIXED] = {"scenario", "cluster", "detection",
                                                  "failover", "job",     "sweep"};

/* Where a value came from: a file (or a --set option) and a line (0 for an option). */
typedef struct {
    int file;
    int line;
} origin;

/* One line that matters: a section header (key NULL) or a key = value. */
typedef struct {
    char *section, *key, *value;
    origin at;
} item;

typedef struct {
    item *v;
    int n, cap;
} item_list;

#define MAX_FILES 64 /* files and --set options named in one load */
#define MAX_DEPTH 16 /* includes below the top file */

/* The whole load: the files read, the items they hold in the order they apply, and where each
 * value of the scenario came from. */
typedef struct {
    scn *s;
    scn_errors *errs;
    int nerr_start;
    char *files[MAX_FILES]; /* paths, or "--set ..." texts, for messages */
    int nfiles;
    item_list items;
    struct {
        dev_t dev;
        ino_t ino;
        const char *path;
    } open[MAX_DEPTH + 1]; /* the chain of files being read, for cycles */
    int depth;
    origin key_at[K_NKEYS];    /* line 0 and file -1: not given */
    int key_bad[K_NKEYS];      /* given but refused */
    origin section_at[NFIXED]; /* first header of each fixed section */
    origin comp_at[SCN_MAX_COMPONENTS];
    origin comp_key_at[SCN_MAX_COMPONENTS][3];
} loader;

/* The reader's state for one file. */
typedef struct {
    loader *L;
    int file;
    const char *path;
    int line; /* of the line being handled */
    FILE *fp; /* the source: a FILE or a string */
    const char *text;
    int eof;
    int bad_file;       /* a read error or binary data: stop */
    item_list own;      /* this file's items (applied after its includes) */
    item_list includes; /* include lines: value is the path as written */
} file_ctx;

static void err_at(loader *L, origin at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* An error about a line of a file of the load (or a --set option). */
static void err_at(loader *L, origin at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_error_in(L->errs, at.file, at.file >= 0 ? L->files[at.file] : L->s->path, at.line, fmt, ap);
    va_end(ap);
}

#define ERR(ctx, ...) err_at((ctx)->L, (origin){(ctx)->file, (ctx)->line}, __VA_ARGS__)

static int push_item(item_list *l, const char *section, const char *key, const char *value,
                     origin at)
{
    if (l->n == l->cap) {
        int cap = l->cap ? 2 * l->cap : 32;
        item *v = realloc(l->v, (size_t)cap * sizeof *v);
        if (!v) return -1;
        l->v = v;
        l->cap = cap;
    }
    item *it = &l->v[l->n];
    it->section = strdup(section);
    it->key = key ? strdup(key) : NULL;
    it->value = value ? strdup(value) : NULL;
    it->at = at;
    if (!it->section || (key && !it->key) || (value && !it->value)) {
        free(it->section);
        free(it->key);
        free(it->value);
        return -1;
    }
    l->n++;
    return 0;
}

static void free_items(item_list *l)
{
    for (int i = 0; i < l->n; i++) {
        free(l->v[i].section);
        free(l->v[i].key);
        free(l->v[i].value);
    }
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

/* Moves every item of `from` to the end of `to`. */
static int append_items(item_list *to, item_list *from)
{
    for (int i = 0; i < from->n; i++) {
        if (to->n == to->cap) {
            int cap = to->cap ? 2 * to->cap : 32;
            while (cap < to->n + 1)
                cap *= 2;
            item *v = realloc(to->v, (size_t)cap * sizeof *v);
            if (!v) return -1;
            to->v = v;
            to->cap = cap;
        }
        to->v[to->n++] = from->v[i];
    }
    free(from->v);
    from->v = NULL;
    from->n = from->cap = 0;
    return 0;
}

static int add_file(loader *L, const char *name)
{
    if (L->nfiles == MAX_FILES) return -1;
    L->files[L->nfiles] = strdup(name);
    return L->files[L->nfiles] ? L->nfiles++ : -1;
}

/* ---------------------------------------------------------------- keys */

typedef int (*key_setter)(scn *s, scn_component *c, const char *v, char *err, size_t n);

static int set_name(scn *s, scn_component *c, const char *v, char *err, size_t n)
{
    (void)c;
    size_t len = strlen(v);
    if (len == 0 || len >= SCN_MAX_NAME) {
        snprintf(err, n, "name must be 1 to %d characters", SCN_MAX_NAME - 1);
        return -1;
    }
    for (size_t i = 0; i < len; i++) {
        char ch = v[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              ch == '-' || ch == '_' || ch == '.') ||
            (i == 0 && ch == '.')) {
            snprintf(err, n,
                     "name '%s' may hold only letters, digits, '-', '_' and '.' (it names "
                     "the output directory)",
                     v);
            return -1;
        }
    }
    memcpy(s->name, v, len + 1);
    return 0;
}

static int set_trials(scn *s, scn_component *c, const char *v, char *err, size_t n)
{
    (void)c;
    return unit_parse_count(v, 1, SCN_MAX_TRIALS, &s->trials, err, n);
}

static int set_seed(scn *s, scn_component *c, const char *v, char *err, size_t n)
{
    (void)c;
    uint64_t x;
    if (unit_parse_count(v, 0, UINT32_MAX, &x, err, n)) return -1;
    s->seed = (uint32_t)x;
    return 0;
}

static int positive_duration(const char *v, double *out, char *err, size_t n)
{
    double h;
    if (unit_parse_duration(v, &h, err, n)) return -1;
    if (!(h > 0)) {
        snprintf(err, n, "must be positive (got %s)", v);
        return -1;
    }
    *out = h;
    return 0;
}

static int nonneg_duration(const char *v, double *out, char *err, size_t n)
{
    double h;
    if (unit_parse_duration(v, &h, err, n)) return -1;
    if (h < 0) {
        snprintf(err, n, "must not be negative (got %s)", v);
        return -1;
    }
    *out = h;
    return 0;
}

static int set_horizon(scn *s, scn_component *c, const char *v, char *err, size_t n)
{
    (void)c;
    return positive_duration(v, &s->horizon, err, n);
}

static int set_u32(const char *v, uint32_t min, uint32_t max, uint32_t *out, char *err, size_t n)
{
    uint64_t x;
    if (unit_parse_count(v, min, max, &x, err, n)) return -1;
    *out = (uint32_t)x;
    return 0;
}

static int set_nodes(scn *s, scn_component *c, const char *v, char *err, size_t n)
{
    (void)c;
    return set_u32(v, 1, SCN_MAX_NODES, &s->nodes, err, n);
}

static int set_spares(scn *s, scn_component *c, const char *v, char *err, size_t n)
{
    (void)c;
    return set_u32(v, 0, SCN_MAX_NODES, &s->spares, err, n);
}

static int set_spare_mode(scn *s, scn_component *c, const char *v, char *err, size_t n)
{
    (void)c;
    if (strcmp(v, "cold") == 0 || strcmp(v, "hot") == 0) {
        s->hot = v[0] == 'h';
        return 0;
    }
    snprintf(err, n, "'%s' is not a spare mode (expected cold or hot)", v);
    return -1;
}

static int set_crews(scn *s, scn_component *c, const char *v, char *err, size_t n)
{
    (void)c;
    if (strcmp(v, "unlimited") == 0) {
        s->crews = 0;
        return 0;
    }
    char inner[160];
    if (set_u32(v, 1, SCN_MAX_NODES, &s->crews, inner, sizeof inner)) {
        snprintf(err, n, "%s, or unlimited", inner);
        return -1;
    }
    return 0;
}

static int set_timeout(scn *s, scn_component *c, const char *v, char *err, size_t n)
{
    (void)c;
    return nonneg_duration(v, &s->timeout, err, n);
}

static int set_heartbeat(scn *s, scn_component *c, const char *v, char *err, size_t n)
{
    (void)c;
    return nonneg_duration(v, &s->heartbeat, err, n);
}

/* A law of a duration that may be zero (repair, failover, costs). */
static int set_law(const char *v, dist *d, char *err, size_t n)
{
    return dist_parse(v, d, err, n);
}

static int set_failover(scn *s, scn_component *c, const char *v, char *err, size_t n)
{
    (void)c;
    return set_law(v, &s->failover, err, n);
}

static int set_work(scn *s, scn_component *c, const char *v, char *err, size_t n)
{
    (void)c;
    return positive_duration(v, &s->work, err, n);
}

static int set_interval(scn *s, scn_component *c, const char *v, char *err, size_t n)
{
    (void)c;
    return ckpt_parse(v, &s->ckpt, err, n);
}

static int set_ckpt_cost(scn *s, scn_component *c, const char *v, char *err, size_t n)
{
    (void)c;
    return set_law(v, &s->ckpt_cost, err, n);
}

static int set_restart_cost(scn *s, scn_component *c, const char *v, char *err, size_t n)
{
    (void)c;
    return set_law(v, &s->restart_cost, err, n);
}

static int set_count(scn *s, scn_component *c, const char *v, char *err, size_t n)
{
    (void)s;
    return set_u32(v, 1, SCN_MAX_COUNT, &c->count, err, n);
}

static int set_ttf(scn *s, scn_component *c, const char *v, char *err, size_t n)
{
    (void)s;
    if (dist_parse(v, &c->ttf, err, n)) return -1;
    double mean = dist_mean(&c->ttf);
    if (!(mean > 0) || !isfinite(mean)) {
        snprintf(err, n, "a time to failure must have a positive, finite mean (got %s)", v);
        return -1;
    }
    c->has_ttf = 1;
    return 0;
}

static int set_ttr(scn *s, scn_component *c, const char *v, char *err, size_t n)
{
    (void)s;
    if (dist_parse(v, &c->ttr, err, n)) return -1;
    c->has_ttr = 1;
    return 0;
}

static int set_vary(scn *s, int i, const char *v, char *err, size_t n)
{
    vary_key k;
    if (vary_parse(v, &k, err, n)) return -1;
    if (strlen(v) >= sizeof s->sweep_vary[0]) {
        snprintf(err, n, "too long (at most %zu bytes)", sizeof s->sweep_vary[0] - 1);
        return -1;
    }
    snprintf(s->sweep_vary[i], sizeof s->sweep_vary[0], "%s", v);
    if (i + 1 > s->sweep_nvary) s->sweep_nvary = i + 1;
    return 0;
}

#define VARY_SETTER(NAME, I)                                                                       \
    static int NAME(scn *s, scn_component *c, const char *v, char *err, size_t n)                  \
    {                                                                                              \
        (void)c;                                                                                   \
        return set_vary(s, I, v, err, n);                                                          \
    }
VARY_SETTER(set_vary1, 0)
VARY_SETTER(set_vary2, 1)
VARY_SETTER(set_vary3, 2)
VARY_SETTER(set_vary4, 3)

static int set_sweep_metric(scn *s, scn_component *c, const char *v, char *err, size_t n)
{
    (void)c;
    int m = metric_index(v);
    if (m >= 0 && (metric_table[m].flags & METRIC_SWEEP)) {
        snprintf(s->sweep_metric, sizeof s->sweep_metric, "%s", v);
        return 0;
    }
    char names[256];
    metric_list_names(METRIC_SWEEP, names, sizeof names);
    snprintf(err, n, "'%s' is not a sweep metric (expected %s)", v, names);
    return -1;
}

static int set_sweep_trials(scn *s, scn_component *c, const char *v, char *err, size_t n)
{
    (void)c;
    return unit_parse_count(v, 2, SCN_MAX_TRIALS, &s->sweep_trials, err, n);
}

static int set_sweep_max_trials(scn *s, scn_component *c, const char *v, char *err, size_t n)
{
    (void)c;
    return unit_parse_count(v, 2, SCN_MAX_TRIALS, &s->sweep_max_trials, err, n);
}

static int set_sweep_precision(scn *s, scn_component *c, const char *v, char *err, size_t n)
{
    (void)c;
    double x;
    if (unit_parse_number(v, &x, err, n)) return -1;
    if (!(x > 0)) {
        snprintf(err, n, "must be positive (got %s)", v);
        return -1;
    }
    s->sweep_precision = x;
    return 0;
}

typedef struct {
    int section;
    const char *key;
    key_setter set;
    int id; /* scn_key for fixed sections; 0 count, 1 ttf, 2 ttr for components */
} key_spec;

static const key_spec keys[] = {
    {SEC_SCENARIO, "name", set_name, K_NAME},
    {SEC_SCENARIO, "trials", set_trials, K_TRIALS},
    {SEC_SCENARIO, "seed", set_seed, K_SEED},
    {SEC_SCENARIO, "horizon", set_horizon, K_HORIZON},
    {SEC_CLUSTER, "nodes", set_nodes, K_NODES},
    {SEC_CLUSTER, "spares", set_spares, K_SPARES},
    {SEC_CLUSTER, "spare_mode", set_spare_mode, K_SPARE_MODE},
    {SEC_CLUSTER, "repair_crews", set_crews, K_CREWS},
    {SEC_DETECTION, "timeout", set_timeout, K_TIMEOUT},
    {SEC_DETECTION, "heartbeat", set_heartbeat, K_HEARTBEAT},
    {SEC_FAILOVER, "time", set_failover, K_FAILOVER},
    {SEC_JOB, "work", set_work, K_WORK},
    {SEC_JOB, "checkpoint_interval", set_interval, K_INTERVAL},
    {SEC_JOB, "checkpoint_cost", set_ckpt_cost, K_CKPT_COST},
    {SEC_JOB, "restart_cost", set_restart_cost, K_RESTART_COST},
    {SEC_SWEEP, "vary", set_vary1, K_SWEEP_VARY},
    {SEC_SWEEP, "vary2", set_vary2, K_SWEEP_VARY2},
    {SEC_SWEEP, "vary3", set_vary3, K_SWEEP_VARY3},
    {SEC_SWEEP, "vary4", set_vary4, K_SWEEP_VARY4},
    {SEC_SWEEP, "metric", set_sweep_metric, K_SWEEP_METRIC},
    {SEC_SWEEP, "trials", set_sweep_trials, K_SWEEP_TRIALS},
    {SEC_SWEEP, "precision", set_sweep_precision, K_SWEEP_PRECISION},
    {SEC_SWEEP, "max_trials", set_sweep_max_trials, K_SWEEP_MAX_TRIALS},
    {SEC_COMPONENT, "count", set_count, 0},
    {SEC_COMPONENT, "ttf", set_ttf, 1},
    {SEC_COMPONENT, "ttr", set_ttr, 2},
};
#define NKEYS_TABLE ((int)(sizeof keys / sizeof keys[0]))

/* The keys of a section, for "expected ..." in messages. */
static void list_keys(int section, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < NKEYS_TABLE; i++) {
        if (keys[i].section != section) continue;
        int w = snprintf(buf + used, len - used, "%s%s", used ? ", " : "", keys[i].key);
        if (w < 0 || (size_t)w >= len - used) break;
        used += (size_t)w;
    }
}

static int section_of(const char *name, const char **comp_name)
{
    for (int i = 0; i < NFIXED; i++)
        if (strcmp(name, section_names[i]) == 0) return i;
    if (strncmp(name, "component.", 10) == 0) {
        *comp_name = name + 10;
        return SEC_COMPONENT;
    }
    return SEC_NONE;
}

/* The key spec of (section, key), or NULL. */
static const key_spec *find_key(int sec, const char *key)
{
    for (int i = 0; i < NKEYS_TABLE; i++)
        if (keys[i].section == sec && strcmp(keys[i].key, key) == 0) return &keys[i];
    return NULL;
}

/* 1 if a component name is one libinih keeps whole and a directory can hold. */
static int component_name_ok(const char *cname)
{
    size_t cl = strlen(cname);
    if (cl == 0 || cl > MAX_COMPONENT_NAME) return 0;
    for (size_t i = 0; i < cl; i++) {
        char ch = cname[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              ch == '_' || ch == '-'))
            return 0;
    }
    return 1;
}

/* The line on which this file already set (section, key), or 0. key NULL: the header. */
static int set_before(const file_ctx *ctx, const char *section, const char *key)
{
    for (int i = 0; i < ctx->own.n; i++) {
        const item *it = &ctx->own.v[i];
        if (strcmp(it->section, section) != 0) continue;
        if (key ? it->key && strcmp(it->key, key) == 0 : !it->key) return it->at.line;
    }
    return 0;
}

static void out_of_memory(file_ctx *ctx)
{
    ERR(ctx, "out of memory");
    ctx->bad_file = 1;
}

/* libinih's handler: one key = value of a section the reader has accepted. */
static int on_key(void *user, const char *section, const char *key, const char *value)
{
    file_ctx *ctx = user;
    const char *cname = NULL;
    if (section[0] == '!') return 1; /* a section the reader refused: already reported */
    if (section[0] == '\0') {
        ERR(ctx, "'%s' is outside any section (expected a [section] header first)", key);
        return 1;
    }
    int sec = section_of(section, &cname);
    origin at = {ctx->file, ctx->line};
    const char *hash = strchr(value, '#');
    if (hash && hash > value && (hash[-1] == ' ' || hash[-1] == '\t')) {
        ERR(ctx, "'#' starts a comment only at the start of a line: after a value, write "
                 "' ; comment'");
        return 1;
    }
    if (sec == SEC_SCENARIO && strcmp(key, "include") == 0) {
        if (push_item(&ctx->includes, section, key, value, at)) out_of_memory(ctx);
        return 1;
    }
    if (!find_key(sec, key)) {
        char expected[200];
        list_keys(sec, expected, sizeof expected);
        ERR(ctx, "unknown key '%s' in [%s] (expected %s%s)", key, section, expected,
            sec == SEC_SCENARIO ? ", include" : "");
        return 1;
    }
    int first = set_before(ctx, section, key);
    if (first) {
        ERR(ctx, "%s is set twice in [%s] (first on line %d)", key, section, first);
        return 1;
    }
    if (push_item(&ctx->own, section, key, value, at)) out_of_memory(ctx);
    return 1;
}

/* ---------------------------------------------------------------- the reader */

/* Reads one raw line into buf (without its newline); returns its length, or -1 at end of input.
 * Longer lines are consumed whole; *too_long is set and buf holds the start. */
static long read_raw(file_ctx *ctx, char *buf, size_t size, int *too_long, int *has_nul)
{
    size_t n = 0, len = 0;
    int c, any = 0;
    *too_long = 0;
    *has_nul = 0;
    for (;;) {
        if (ctx->fp) {
            c = getc(ctx->fp);
            if (c == EOF) break;
        } else {
            if (*ctx->text == '\0') break;
            c = (unsigned char)*ctx->text++;
        }
        any = 1;
        if (c == '\n') break;
        if (c == '\0') { /* binary data: stop at once (/dev/zero would never end a line) */
            *has_nul = 1;
            break;
        }
        if (++len > RAW_LINE_LIMIT) { /* no scenario has such a line: stop reading */
            *too_long = 1;
            ctx->bad_file = 1;
            break;
        }
        if (n + 1 < size)
            buf[n++] = (char)c;
        else
            *too_long = 1;
    }
    if (ctx->fp && ferror(ctx->fp)) {
        ctx->bad_file = 1;
        return -1;
    }
    if (!any) return -1;
    buf[n] = '\0';
    if (n > 0 && buf[n - 1] == '\r') buf[--n] = '\0';
    return (long)n;
}

/* Checks a section header line "[name]" (with an optional comment after it) and records it.
 * Returns the text to hand to libinih. */
static const char *check_header(file_ctx *ctx, char *line, char *out, size_t outlen)
{
    char *close = strchr(line, ']');
    if (!close) {
        ERR(ctx, "missing ']' in section header (expected [name])");
        return "[!]";
    }
    char *rest = close + 1;
    rest += strspn(rest, " \t");
    if (*rest && *rest != ';' && *rest != '#') {
        ERR(ctx, "unexpected text '%s' after the section header", rest);
        return "[!]";
    }
    *close = '\0';
    char *name = line + 1;
    name += strspn(name, " \t");
    size_t len = strlen(name);
    while (len && (name[len - 1] == ' ' || name[len - 1] == '\t'))
        name[--len] = '\0';
    const char *cname = NULL;
    int sec = section_of(name, &cname);
    if (sec == SEC_NONE) {
        ERR(ctx,
            "unknown section [%s] (expected scenario, cluster, component.NAME, detection, "
            "failover, job or sweep)",
            name);
        return "[!]";
    }
    if (sec == SEC_COMPONENT && !component_name_ok(cname)) {
        ERR(ctx, "component name '%s' must be 1 to %d letters, digits, '_' or '-'", cname,
            MAX_COMPONENT_NAME);
        return "[!]";
    }
    int first = set_before(ctx, name, NULL);
    if (first) {
        ERR(ctx, "duplicate section [%s] (first on line %d)", name, first);
        return "[!]";
    }
    if (push_item(&ctx->own, name, NULL, NULL, (origin){ctx->file, ctx->line})) {
        out_of_memory(ctx);
        return "[!]";
    }
    snprintf(out, outlen, "[%s]", name);
    return out;
}

/* libinih's reader: hands over one checked line at a time (see the top of this file). */
static char *reader(char *str, int num, void *stream)
{
    file_ctx *ctx = stream;
    char raw[4096], hdr[INI_MAX_LINE];
    int too_long, has_nul;
    if (ctx->eof || ctx->bad_file) return NULL;
    long n = read_raw(ctx, raw, sizeof raw, &too_long, &has_nul);
    if (n < 0) {
        ctx->eof = 1;
        return NULL;
    }
    ctx->line++;
    const char *out = raw;
    char *p = raw;
    if (ctx->line == 1 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
        (unsigned char)p[2] == 0xBF)
        p += 3; /* UTF-8 byte order mark */
    if (has_nul) {
        ERR(ctx, "binary data (a NUL byte): not a scenario file");
        ctx->bad_file = 1;
        return NULL;
    }
    for (char *q = p; *q; q++) {
        if ((unsigned char)*q < 0x20 && *q != '\t') {
            ERR(ctx, "control character 0x%02x (not a scenario file?)", (unsigned char)*q);
            out = "";
            goto hand_over;
        }
    }
    {
        const char *lead = p + strspn(p, " \t");
        if ((unsigned char)lead[0] == 0xEF && (unsigned char)lead[1] == 0xBB &&
            (unsigned char)lead[2] == 0xBF) {
            ERR(ctx, "a byte order mark (U+FEFF) inside the file, not at its start (files "
                     "joined with cat?)");
            /* a refused header must still end the previous section, or its keys land there */
            out = lead[3 + strspn(lead + 3, " \t")] == '[' ? "[!]" : "";
            goto hand_over;
        }
        /* Keys and values are ASCII: a non-breaking space or a typographic quote pasted from a
         * document would otherwise show as an ordinary character in messages. */
        if (*lead != ';' && *lead != '#') {
            for (const char *q = lead; *q && *q != ';'; q++) {
                if ((unsigned char)*q >= 0x80) {
                    ERR(ctx,
                        "non-ASCII byte 0x%02x at column %d (a non-breaking space or a "
                        "typographic quote pasted from a document?): keys and values are ASCII",
                        (unsigned char)*q, (int)(q - p) + 1);
                    out = *lead == '[' ? "[!]" : "";
                    goto hand_over;
                }
            }
        }
    }
    if (too_long || strlen(p) > LINE_MAX_BYTES) {
        ERR(ctx, "line is too long (at most %d bytes)", LINE_MAX_BYTES);
        out = "";
        goto hand_over;
    }
    p += strspn(p, " \t");
    out = p;
    if (*p == '\0' || *p == ';' || *p == '#') goto hand_over;
    if (*p == '[') {
        out = check_header(ctx, p, hdr, sizeof hdr);
        goto hand_over;
    }
    {
        size_t key_len = strcspn(p, "=:");
        /* libinih ends the line at an inline comment (';' after a blank), even before the '=' */
        for (size_t i = 1; i < key_len; i++) {
            if (p[i] == ';' && (p[i - 1] == ' ' || p[i - 1] == '\t')) {
                key_len = strlen(p);
                break;
            }
        }
        if (p[key_len] == '\0') {
            ERR(ctx, "expected 'key = value', '[section]' or a comment, got '%s'", p);
            out = "";
        } else if (key_len == 0) {
            ERR(ctx, "missing key before '%c'", p[0]);
            out = "";
        }
    }
hand_over:
    if ((int)strlen(out) + 2 > num) out = ""; /* cannot happen: lines were checked above */
    snprintf(str, (size_t)num, "%s\n", out);
    return str;
}

/* ---------------------------------------------------------------- files and includes */

static int read_file(loader *L, const char *path, const char *text, origin from);

/* The path of an include, relative to the including file's directory unless absolute. */
static void resolve(const char *includer, const char *path, char *out, size_t len)
{
    const char *slash = strrchr(includer, '/');
    if (path[0] == '/' || !slash)
        snprintf(out, len, "%s", path);
    else
        snprintf(out, len, "%.*s/%s", (int)(slash - includer), includer, path);
}

/* Reads one file (or text), then its includes; appends to L->items the included files' items,
 * then its own. `from` is the include line that named it (file -1 for the top level). */
static int read_file(loader *L, const char *path, const char *text, origin from)
{
    file_ctx ctx = {.L = L, .path = path, .text = text};
    struct stat st;
    int depth_pushed = 0;
    ctx.file = add_file(L, path);
    if (ctx.file < 0) {
        err_at(L, from, "too many files (at most %d, with the --set options)", MAX_FILES);
        return -1;
    }
    ctx.path = L->files[ctx.file];
    if (!text) {
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            if (from.file < 0)
                add_error(L->errs, path, 0, "is a directory (expected a scenario file)");
            else
                err_at(L, from, "include: %s is a directory (expected a scenario file)", path);
            return -1;
        }
        /* an include that is a FIFO or a terminal could wait for ever */
        if (from.file >= 0 && stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
            err_at(L, from, "include: %s is not a regular file", path);
            return -1;
        }
        ctx.fp = fopen(path, "r");
        if (!ctx.fp) {
            if (from.file < 0)
                add_error(L->errs, path, 0, "cannot open: %s", strerror(errno));
            else
                err_at(L, from, "include: cannot open %s: %s", path, strerror(errno));
            return -1;
        }
        if (fstat(fileno(ctx.fp), &st) == 0) {
            for (int i = 0; i < L->depth; i++) {
                if (L->open[i].dev == st.st_dev && L->open[i].ino == st.st_ino) {
                    char chain[1024] = "";
                    size_t used = 0;
                    for (int j = i; j < L->depth && used < sizeof chain; j++)
                        used += (size_t)snprintf(chain + used, sizeof chain - used, "%s -> ",
                                                 L->open[j].path);
                    err_at(L, from,
                           "include cycle: %s%s (a file may not include itself, directly "
                           "or through others)",
                           chain, path);
                    fclose(ctx.fp);
                    return -1;
                }
            }
            if (L->depth == MAX_DEPTH + 1) {
                err_at(L, from, "includes nest more than %d deep", MAX_DEPTH);
                fclose(ctx.fp);
                return -1;
            }
            L->open[L->depth].dev = st.st_dev;
            L->open[L->depth].ino = st.st_ino;
            L->open[L->depth].path = ctx.path;
            L->depth++;
            depth_pushed = 1;
        }
    }
    int errs_before = L->errs->n;
    ini_parse_stream(reader, &ctx, on_key, &ctx);
    /* every problem the library could report was already reported by the reader */
    if (ctx.bad_file && ctx.fp && ferror(ctx.fp))
        err_at(L, (origin){ctx.file, 0}, "cannot read: %s", strerror(errno));
    else if (ctx.line == 0 && L->errs->n == errs_before)
        err_at(L, (origin){ctx.file, 0}, "empty file (expected a scenario: see docs/scenarios.md)");
    for (int i = 0; i < ctx.includes.n; i++) {
        char inc[1024];
        resolve(ctx.path, ctx.includes.v[i].value, inc, sizeof inc);
        if (ctx.includes.v[i].value[0] == '\0')
            err_at(L, ctx.includes.v[i].at, "include: missing file name");
        else
            read_file(L, inc, NULL, ctx.includes.v[i].at);
    }
    if (append_items(&L->items, &ctx.own)) err_at(L, from, "out of memory");
    free_items(&ctx.own);
    free_items(&ctx.includes);
    if (ctx.fp) fclose(ctx.fp);
    if (depth_pushed) L->depth--;
    return 0;
}

/* Turns "--set section.key=value" into an item. */
static void read_override(loader *L, const char *text)
{
    int f = add_file(L, text);
    if (f < 0) {
        add_error(L->errs, text, 0, "too many --set options (at most %d with the files)",
                  MAX_FILES);
        return;
    }
    origin at = {f, 0};
    const char *arg = strchr(text, ' '); /* text is "--set " (or "--vary ") + the argument */
    arg = arg ? arg + 1 : text;
    const char *eq = strchr(arg, '=');
    char name[200];
    if (!eq || eq == arg || (size_t)(eq - arg) >= sizeof name) {
        err_at(L, at, "expected SECTION.KEY=VALUE, e.g. --set cluster.spares=16");
        return;
    }
    memcpy(name, arg, (size_t)(eq - arg));
    name[eq - arg] = '\0';
    for (size_t l = strlen(name); l > 0 && (name[l - 1] == ' ' || name[l - 1] == '\t');)
        name[--l] = '\0'; /* "key = value" as well as "key=value" */
    char *dot = strrchr(name, '.');
    if (!dot || dot == name || dot[1] == '\0') {
        err_at(L, at, "expected SECTION.KEY=VALUE, e.g. --set cluster.spares=16");
        return;
    }
    *dot = '\0';
    const char *section = name, *key = dot + 1, *cname = NULL;
    int sec = section_of(section, &cname);
    if (sec == SEC_NONE) {
        err_at(L, at,
               "unknown section [%s] (expected scenario, cluster, component.NAME, detection, "
               "failover, job or sweep)",
               section);
        return;
    }
    if (sec == SEC_COMPONENT && !component_name_ok(cname)) {
        err_at(L, at, "component name '%s' must be 1 to %d letters, digits, '_' or '-'", cname,
               MAX_COMPONENT_NAME);
        return;
    }
    if (sec == SEC_SCENARIO && strcmp(key, "include") == 0) {
        err_at(L, at, "include is for scenario files, not for --set");
        return;
    }
    if (!find_key(sec, key)) {
        char expected[200];
        list_keys(sec, expected, sizeof expected);
        err_at(L, at, "unknown key '%s' in [%s] (expected %s)", key, section, expected);
        return;
    }
    char value[256];
    if (strlen(eq + 1) >= sizeof value) {
        err_at(L, at, "the value is too long (at most %zu bytes)", sizeof value - 1);
        return;
    }
    snprintf(value, sizeof value, "%s", eq + 1);
    char *v = value + strspn(value, " \t");
    size_t vl = strlen(v);
    while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
        v[--vl] = '\0';
    if (push_item(&L->items, section, NULL, NULL, at) || push_item(&L->items, section, key, v, at))
        err_at(L, at, "out of memory");
}

/* ---------------------------------------------------------------- applying the items */

static void set_defaults(scn *s, const char *path)
{
    memset(s, 0, sizeof *s);
    s->trials = 1000;
    s->seed = 1;
    s->horizon = INFINITY;
    s->ckpt.kind = CKPT_NONE;
    s->ckpt.interval = INFINITY;
    char err[8];
    dist_make(DIST_FIXED, 0, 0, &s->failover, err, sizeof err);
    dist_make(DIST_FIXED, 0, 0, &s->ckpt_cost, err, sizeof err);
    dist_make(DIST_FIXED, 0, 0, &s->restart_cost, err, sizeof err);
    snprintf(s->path, sizeof s->path, "%s", path);
    /* Default name: the file's stem, reduced to characters a directory name can safely hold. */
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *ext = strrchr(base, '.');
    size_t n = ext ? (size_t)(ext - base) : strlen(base); /* night.v2.ini: night.v2; .ini: none */
    if (n >= SCN_MAX_NAME) n = SCN_MAX_NAME - 1;
    for (size_t i = 0; i < n; i++) {
        char ch = base[i];
        int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                 ch == '-' || ch == '_' || (ch == '.' && i > 0);
        s->name[i] = ok ? ch : '_';
    }
    s->name[n] = '\0';
    if (n == 0) snprintf(s->name, sizeof s->name, "scenario");
}

static scn_component *find_component(scn *s, const char *name)
{
    for (int i = 0; i < s->ncomp; i++)
        if (strcmp(s->comp[i].name, name) == 0) return &s->comp[i];
    return NULL;
}

/* A section header (or a key of a section not yet seen): the first one of a fixed section is its
 * origin; a component is created. `report`: say so when there is no room for another kind. */
static scn_component *declare(loader *L, const char *section, origin at, int report)
{
    scn *s = L->s;
    const char *cname = NULL;
    int sec = section_of(section, &cname);
    if (sec == SEC_COMPONENT) {
        scn_component *c = find_component(s, cname);
        if (c) return c;
        if (s->ncomp == SCN_MAX_COMPONENTS) {
            if (report) err_at(L, at, "too many component kinds (at most %d)", SCN_MAX_COMPONENTS);
            return NULL;
        }
        c = &s->comp[s->ncomp];
        memset(c, 0, sizeof *c);
        snprintf(c->name, sizeof c->name, "%s", cname);
        c->count = 1;
        c->line = at.line;
        L->comp_at[s->ncomp] = at;
        for (int k = 0; k < 3; k++)
            L->comp_key_at[s->ncomp][k] = (origin){-1, 0};
        s->ncomp++;
        return c;
    }
    if (L->section_at[sec].file < 0) {
        L->section_at[sec] = at;
        s->section_line[sec] = at.line;
        if (sec == SEC_JOB) s->has_job = 1;
        if (sec == SEC_SWEEP) s->has_sweep = 1;
    }
    return NULL;
}

static void apply(loader *L, const item *it)
{
    scn *s = L->s;
    const char *cname = NULL;
    int sec = section_of(it->section, &cname);
    scn_component *c = declare(L, it->section, it->at, it->key == NULL);
    if (!it->key) return;
    if (sec == SEC_COMPONENT && !c) return; /* too many kinds: reported */
    const key_spec *k = find_key(sec, it->key);
    origin *at;
    int *bad = NULL;
    if (sec == SEC_COMPONENT) {
        int ci = (int)(c - s->comp);
        at = &L->comp_key_at[ci][k->id];
        int *line = k->id == 0 ? &c->line_count : k->id == 1 ? &c->line_ttf : &c->line_ttr;
        *line = it->at.line;
    } else {
        at = &L->key_at[k->id];
        bad = &L->key_bad[k->id];
        s->line[k->id] = it->at.line;
    }
    *at = it->at;
    char err[400];
    if (k->set(s, c, it->value, err, sizeof err)) {
        err_at(L, it->at, "%s: %s", it->key, err);
        if (bad) *bad = 1;
    } else if (bad) {
        *bad = 0;
    }
}

static int given(origin at)
{
    return at.file >= 0;
}

/* Checks what needs the whole scenario: required keys, consistency, derived values. */
static void finish(loader *L)
{
    scn *s = L->s;
    origin top = {0, 1}; /* line 1 of the scenario file, for what is missing altogether */
    if (!given(L->section_at[SEC_CLUSTER]))
        err_at(L, top, "missing section [cluster] (nodes is required)");
    else if (!given(L->key_at[K_NODES]))
        err_at(L, L->section_at[SEC_CLUSTER], "[cluster] needs nodes");
    else if ((uint64_t)s->nodes + s->spares > SCN_MAX_NODES)
        err_at(L, L->key_at[K_SPARES],
               "spares: nodes + spares is %llu (expected at most %u in all)",
               (unsigned long long)s->nodes + s->spares, SCN_MAX_NODES);
    if (s->ncomp == 0)
        err_at(L, top,
               "no [component.NAME] section (a node needs at least one component with ttf and "
               "ttr)");
    for (int i = 0; i < s->ncomp; i++) {
        scn_component *c = &s->comp[i];
        if (!given(L->comp_key_at[i][1]))
            err_at(L, L->comp_at[i], "[component.%s] needs ttf", c->name);
        if (!given(L->comp_key_at[i][2]))
            err_at(L, L->comp_at[i], "[component.%s] needs ttr", c->name);
    }
    if (!L->key_bad[K_TIMEOUT] && !L->key_bad[K_HEARTBEAT] && s->heartbeat > s->timeout)
        err_at(L, L->key_at[K_HEARTBEAT],
               "heartbeat must not exceed the detection timeout (the delay is uniform on "
               "(timeout - heartbeat, timeout])");
    if (s->has_job) {
        if (!given(L->key_at[K_WORK])) err_at(L, L->section_at[SEC_JOB], "[job] needs work");
    } else if (!isfinite(s->horizon) && !L->key_bad[K_HORIZON]) {
        err_at(L, given(L->section_at[SEC_SCENARIO]) ? L->section_at[SEC_SCENARIO] : top,
               "without a [job] section, [scenario] needs a horizon");
    }
    if (s->has_sweep && !given(L->key_at[K_SWEEP_VARY]))
        err_at(L, L->section_at[SEC_SWEEP], "[sweep] needs vary (SECTION.KEY=VALUES, as --vary)");
    if (L->errs->n > L->nerr_start) return;

    /* System MTBF over the components of the nodes in slots. */
    double rate = 0;
    for (int i = 0; i < s->ncomp; i++)
        rate += (double)s->comp[i].count / dist_mean(&s->comp[i].ttf);
    s->mtbf = 1.0 / (rate * (double)s->nodes);
    if (s->has_job) {
        char err[200];
        if (ckpt_resolve(&s->ckpt, dist_mean(&s->ckpt_cost), s->mtbf, err, sizeof err))
            err_at(L, L->key_at[K_INTERVAL], "checkpoint_interval: %s", err);
    }
}

int scn_load(const char *path, const char *text, const char *const *sets, int nsets, scn *s,
             scn_errors *errs)
{
    loader *L = calloc(1, sizeof *L);
    if (!L) {
        add_error(errs, path, 0, "out of memory");
        return 1;
    }
    L->s = s;
    L->errs = errs;
    L->nerr_start = errs->n;
    for (int k = 0; k < K_NKEYS; k++)
        L->key_at[k] = (origin){-1, 0};
    for (int k = 0; k < NFIXED; k++)
        L->section_at[k] = (origin){-1, 0};
    set_defaults(s, path);
    read_file(L, path, text, (origin){-1, 0});
    for (int i = 0; i < nsets; i++) {
        char opt[512];
        if (strlen(sets[i]) > 400) {
            add_error(errs, "--set", 0, "an option of %zu bytes is too long (at most 400)",
                      strlen(sets[i]));
            continue;
        }
        if (strncmp(sets[i], "--", 2) == 0)
            snprintf(opt, sizeof opt, "%s", sets[i]); /* "--vary key=value" and the like */
        else
            snprintf(opt, sizeof opt, "--set %s", sets[i]);
        read_override(L, opt);
    }
    /* A line refused or a file unread leaves keys unknown: checking the whole would then only
     * add consequences of the same mistakes. Refused values do not: their keys were given. */
    int structure_ok = errs->n == L->nerr_start;
    for (int i = 0; i < L->items.n; i++)
        apply(L, &L->items.v[i]);
    if (structure_ok) finish(L);
    sort_errors(errs, L->nerr_start);
    int n = errs->n - L->nerr_start;
    free_items(&L->items);
    for (int i = 0; i < L->nfiles; i++)
        free(L->files[i]);
    free(L);
    return n;
}

int scn_load_text(const char *text, const char *path, scn *s, scn_errors *errs)
{
    return scn_load(path, text, NULL, 0, s, errs);
}

int scn_load_file(const char *path, scn *s, scn_errors *errs)
{
    return scn_load(path, NULL, NULL, 0, s, errs);
}

/* ---------------------------------------------------------------- writing */

static void write_sweep(const scn *s, FILE *f)
{
    if (!s->has_sweep) return;
    fprintf(f, "\n[sweep]\n");
    for (int i = 0; i < s->sweep_nvary; i++) {
        if (!s->sweep_vary[i][0]) continue;
        if (i)
            fprintf(f, "vary%d = %s\n", i + 1, s->sweep_vary[i]);
        else
            fprintf(f, "vary = %s\n", s->sweep_vary[i]);
    }
    if (s->sweep_metric[0]) fprintf(f, "metric = %s\n", s->sweep_metric);
    if (s->sweep_trials) fprintf(f, "trials = %llu\n", (unsigned long long)s->sweep_trials);
    if (s->sweep_precision > 0) {
        char num[40];
        fprintf(f, "precision = %s\n", unit_format_number(s->sweep_precision, num, sizeof num));
    }
    if (s->sweep_max_trials)
        fprintf(f, "max_trials = %llu\n", (unsigned long long)s->sweep_max_trials);
}

static void write_scenario(const scn *s, FILE *f, int with_sweep, int comments);

void scn_write(const scn *s, FILE *f)
{
    write_scenario(s, f, 1, 1);
}

static void write_scenario(const scn *s, FILE *f, int with_sweep, int comments)
{
    char a[96], b[96], c[96];
    fprintf(f, "[scenario]\nname = %s\ntrials = %llu\nseed = %u\n", s->name,
            (unsigned long long)s->trials, s->seed);
    if (isfinite(s->horizon))
        fprintf(f, "horizon = %s\n", unit_format_duration(s->horizon, a, sizeof a));
    fprintf(f, "\n[cluster]\nnodes = %u\nspares = %u\nspare_mode = %s\n", s->nodes, s->spares,
            s->hot ? "hot" : "cold");
    if (s->crews)
        fprintf(f, "repair_crews = %u\n", s->crews);
    else
        fprintf(f, "repair_crews = unlimited\n");
    for (int i = 0; i < s->ncomp; i++) {
        const scn_component *k = &s->comp[i];
        fprintf(f, "\n[component.%s]\ncount = %u\nttf = %s\nttr = %s\n", k->name, k->count,
                dist_format(&k->ttf, a, sizeof a), dist_format(&k->ttr, b, sizeof b));
    }
    fprintf(f, "\n[detection]\ntimeout = %s\n", unit_format_duration(s->timeout, a, sizeof a));
    fprintf(f, "heartbeat = %s\n", unit_format_duration(s->heartbeat, a, sizeof a));
    fprintf(f, "\n[failover]\ntime = %s\n", dist_format(&s->failover, a, sizeof a));
    if (s->has_job) {
        fprintf(f, "\n[job]\nwork = %s\n", unit_format_duration(s->work, a, sizeof a));
        if (s->ckpt.kind == CKPT_NONE)
            fprintf(f, "checkpoint_interval = none\n");
        else if (s->ckpt.kind == CKPT_INTERVAL)
            fprintf(f, "checkpoint_interval = %s\n",
                    unit_format_duration(s->ckpt.interval, a, sizeof a));
        else if (!comments) /* the hash's text: the interval, however it was chosen */
            fprintf(f, "checkpoint_interval = %s\n",
                    unit_format_duration(s->ckpt.interval, a, sizeof a));
        else
            fprintf(f, "checkpoint_interval = %s ; %s, from mean checkpoint cost %s and MTBF %s\n",
                    unit_format_duration(s->ckpt.interval, a, sizeof a),
                    ckpt_kind_name(s->ckpt.kind),
                    unit_format_human(dist_mean(&s->ckpt_cost), b, sizeof b),
                    unit_format_human(s->mtbf, c, sizeof c));
        fprintf(f, "checkpoint_cost = %s\n", dist_format(&s->ckpt_cost, a, sizeof a));
        fprintf(f, "restart_cost = %s\n", dist_format(&s->restart_cost, a, sizeof a));
    }
    if (with_sweep) write_sweep(s, f);
}

static unsigned long long hash_of(const scn *s, int with_sweep)
{
    char *text = NULL;
    size_t len = 0;
    unsigned long long h = 14695981039346656037ull;
    FILE *f = open_memstream(&text, &len);
    if (!f) return 0;
    write_scenario(s, f, with_sweep, 0);
    fclose(f);
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)text[i];
        h *= 1099511628211ull;
    }
    free(text);
    return h;
}

unsigned long long scn_hash(const scn *s)
{
    return hash_of(s, 0);
}

unsigned long long scn_hash_with_sweep(const scn *s)
{
    return hash_of(s, 1);
}
