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
#include "sim/scenario.h"
#include "models/units.h"

#include <errno.h>
#include <ini.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define LINE_MAX_BYTES (INI_MAX_LINE - 2) /* room for the newline and the terminating NUL */
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
    e->msg = NULL;
    e->n = e->cap = 0;
}

void scn_errors_print(const scn_errors *e, FILE *f)
{
    for (int i = 0; i < e->n; i++)
        fprintf(f, "%s\n", e->msg[i]);
}

static void add_error(scn_errors *e, const char *path, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void add_error(scn_errors *e, const char *path, int line, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    if (e->n > MAX_ERRORS) return;
    if (e->n == MAX_ERRORS) {
        snprintf(msg, sizeof msg, "%s", "more errors follow; fix these first");
        line = 0;
        goto store;
    }
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
store:
    if (e->n == e->cap) {
        int cap = e->cap ? e->cap * 2 : 8;
        char **m = realloc(e->msg, (size_t)cap * sizeof *m);
        if (!m) return;
        e->msg = m;
        e->cap = cap;
    }
    /* The path may be as long as PATH_MAX: the message is sized to it, not to a fixed buffer. */
    char *text;
    int rc = line > 0 ? asprintf(&text, "%s:%d: %s", path, line, msg)
                      : asprintf(&text, "%s: %s", path, msg);
    if (rc >= 0) e->msg[e->n++] = text;
}

/* ---------------------------------------------------------------- the parse state */

enum {
    SEC_NONE = -1,
    SEC_SCENARIO,
    SEC_CLUSTER,
    SEC_DETECTION,
    SEC_FAILOVER,
    SEC_JOB,
    SEC_COMPONENT
};

static const char *const section_names[] = {"scenario", "cluster", "detection", "failover", "job"};

typedef struct {
    scn *s;
    scn_errors *errs;
    int nerr_start;
    const char *path;
    int line; /* of the line being handled */
    /* the reader's source: a FILE or a string */
    FILE *file;
    const char *text;
    int eof;
    int bad_file; /* a read error or binary data: stop */
    int seen_section[5];
} parse_ctx;

#define ERR(ctx, ...) add_error((ctx)->errs, (ctx)->path, (ctx)->line, __VA_ARGS__)

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
    if (!(dist_mean(&c->ttf) > 0)) {
        snprintf(err, n, "a time to failure must have a positive mean (got %s)", v);
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
    for (int i = 0; i < 5; i++)
        if (strcmp(name, section_names[i]) == 0) return i;
    if (strncmp(name, "component.", 10) == 0) {
        *comp_name = name + 10;
        return SEC_COMPONENT;
    }
    return SEC_NONE;
}

static scn_component *find_component(scn *s, const char *name)
{
    for (int i = 0; i < s->ncomp; i++)
        if (strcmp(s->comp[i].name, name) == 0) return &s->comp[i];
    return NULL;
}

/* libinih's handler: one key = value of a section the reader has accepted. */
static int on_key(void *user, const char *section, const char *key, const char *value)
{
    parse_ctx *ctx = user;
    scn *s = ctx->s;
    const char *cname = NULL;
    if (section[0] == '!') return 1; /* a section the reader refused: already reported */
    int sec = section_of(section, &cname);
    if (section[0] == '\0') {
        ERR(ctx, "'%s' is outside any section (expected a [section] header first)", key);
        return 1;
    }
    scn_component *c = sec == SEC_COMPONENT ? find_component(s, cname) : NULL;
    for (int i = 0; i < NKEYS_TABLE; i++) {
        const key_spec *k = &keys[i];
        if (k->section != sec || strcmp(k->key, key) != 0) continue;
        int *line = sec == SEC_COMPONENT ? (k->id == 0   ? &c->line_count
                                            : k->id == 1 ? &c->line_ttf
                                                         : &c->line_ttr)
                                         : &s->line[k->id];
        if (*line) {
            ERR(ctx, "%s is set twice in [%s] (first on line %d)", key, section, *line);
            return 1;
        }
        *line = ctx->line;
        char err[400];
        if (k->set(s, c, value, err, sizeof err)) ERR(ctx, "%s: %s", key, err);
        return 1;
    }
    char expected[200];
    list_keys(sec, expected, sizeof expected);
    ERR(ctx, "unknown key '%s' in [%s] (expected %s)", key, section, expected);
    return 1;
}

/* ---------------------------------------------------------------- the reader */

/* Reads one raw line into buf (without its newline); returns its length, or -1 at end of input.
 * Longer lines are consumed whole; *too_long is set and buf holds the start. */
static long read_raw(parse_ctx *ctx, char *buf, size_t size, int *too_long, int *has_nul)
{
    size_t n = 0;
    int c, any = 0;
    *too_long = 0;
    *has_nul = 0;
    for (;;) {
        if (ctx->file) {
            c = getc(ctx->file);
            if (c == EOF) break;
        } else {
            if (*ctx->text == '\0') break;
            c = (unsigned char)*ctx->text++;
        }
        any = 1;
        if (c == '\n') break;
        if (c == '\0') *has_nul = 1;
        if (n + 1 < size)
            buf[n++] = (char)c;
        else
            *too_long = 1;
    }
    if (ctx->file && ferror(ctx->file)) {
        ctx->bad_file = 1;
        return -1;
    }
    if (!any) return -1;
    buf[n] = '\0';
    if (n > 0 && buf[n - 1] == '\r') buf[--n] = '\0';
    return (long)n;
}

/* Checks a section header line "[name]" (with an optional comment after it). Returns the text to
 * hand to libinih. */
static const char *check_header(parse_ctx *ctx, char *line, char *out, size_t outlen)
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
            "failover or job)",
            name);
        return "[!]";
    }
    scn *s = ctx->s;
    if (sec == SEC_COMPONENT) {
        size_t cl = strlen(cname);
        int ok = cl > 0 && cl <= MAX_COMPONENT_NAME;
        for (size_t i = 0; ok && i < cl; i++) {
            char ch = cname[i];
            ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                 ch == '_' || ch == '-';
        }
        if (!ok) {
            ERR(ctx, "component name '%s' must be 1 to %d letters, digits, '_' or '-'", cname,
                MAX_COMPONENT_NAME);
            return "[!]";
        }
        scn_component *c = find_component(s, cname);
        if (c) {
            ERR(ctx, "duplicate section [%s] (first on line %d)", name, c->line);
            return "[!]";
        }
        if (s->ncomp == SCN_MAX_COMPONENTS) {
            ERR(ctx, "too many component kinds (at most %d)", SCN_MAX_COMPONENTS);
            return "[!]";
        }
        c = &s->comp[s->ncomp++];
        memset(c, 0, sizeof *c);
        memcpy(c->name, cname, cl + 1);
        c->count = 1;
        c->line = ctx->line;
    } else {
        if (ctx->seen_section[sec]) {
            ERR(ctx, "duplicate section [%s] (first on line %d)", name, s->section_line[sec]);
            return "[!]";
        }
        ctx->seen_section[sec] = 1;
        s->section_line[sec] = ctx->line;
        if (sec == SEC_JOB) s->has_job = 1;
    }
    snprintf(out, outlen, "[%s]", name);
    return out;
}

/* libinih's reader: hands over one checked line at a time (see the top of this file). */
static char *reader(char *str, int num, void *stream)
{
    parse_ctx *ctx = stream;
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
    if (too_long || strlen(p) > LINE_MAX_BYTES) {
        ERR(ctx, "line is too long (at most %d characters)", LINE_MAX_BYTES);
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

/* ---------------------------------------------------------------- checks after parsing */

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

static void finish(parse_ctx *ctx)
{
    scn *s = ctx->s;
    const char *path = ctx->path;
    scn_errors *e = ctx->errs;
    if (!ctx->seen_section[SEC_CLUSTER])
        add_error(e, path, 1, "missing section [cluster] (nodes is required)");
    else if (!s->line[K_NODES])
        add_error(e, path, s->section_line[SEC_CLUSTER], "[cluster] needs nodes");
    else if ((uint64_t)s->nodes + s->spares > SCN_MAX_NODES)
        add_error(e, path, s->line[K_SPARES],
                  "spares: nodes + spares is %llu (expected at most %u in all)",
                  (unsigned long long)s->nodes + s->spares, SCN_MAX_NODES);
    if (s->ncomp == 0)
        add_error(e, path, 1,
                  "no [component.NAME] section (a node needs at least one component with ttf and "
                  "ttr)");
    for (int i = 0; i < s->ncomp; i++) {
        scn_component *c = &s->comp[i];
        if (!c->line_ttf) add_error(e, path, c->line, "[component.%s] needs ttf", c->name);
        if (!c->line_ttr) add_error(e, path, c->line, "[component.%s] needs ttr", c->name);
    }
    if (s->heartbeat > s->timeout)
        add_error(e, path, s->line[K_HEARTBEAT],
                  "heartbeat must not exceed the detection timeout (the delay is uniform on "
                  "(timeout - heartbeat, timeout])");
    if (s->has_job) {
        if (!s->line[K_WORK]) add_error(e, path, s->section_line[SEC_JOB], "[job] needs work");
    } else {
        if (!isfinite(s->horizon))
            add_error(e, path, ctx->seen_section[SEC_SCENARIO] ? s->section_line[SEC_SCENARIO] : 1,
                      "without a [job] section, [scenario] needs a horizon");
    }
    if (e->n > ctx->nerr_start) return;

    /* System MTBF over the components of the nodes in slots. */
    double rate = 0;
    for (int i = 0; i < s->ncomp; i++)
        rate += (double)s->comp[i].count / dist_mean(&s->comp[i].ttf);
    s->mtbf = 1.0 / (rate * (double)s->nodes);
    if (s->has_job) {
        char err[200];
        if (ckpt_resolve(&s->ckpt, dist_mean(&s->ckpt_cost), s->mtbf, err, sizeof err))
            add_error(e, path, s->line[K_INTERVAL], "checkpoint_interval: %s", err);
    }
}

static int parse(parse_ctx *ctx)
{
    int rc = ini_parse_stream(reader, ctx, on_key, ctx);
    (void)rc; /* every problem the library could report was already reported by the reader */
    if (ctx->bad_file && ctx->file && ferror(ctx->file))
        add_error(ctx->errs, ctx->path, 0, "cannot read: %s", strerror(errno));
    if (ctx->errs->n == ctx->nerr_start && !ctx->bad_file) {
        if (ctx->line == 0) {
            add_error(ctx->errs, ctx->path, 0,
                      "empty file (expected a scenario: see "
                      "docs/scenarios.md)");
        } else {
            finish(ctx);
        }
    }
    return ctx->errs->n - ctx->nerr_start;
}

int scn_load_text(const char *text, const char *path, scn *s, scn_errors *errs)
{
    parse_ctx ctx = {.s = s, .errs = errs, .nerr_start = errs->n, .path = path, .text = text};
    set_defaults(s, path);
    return parse(&ctx);
}

int scn_load_file(const char *path, scn *s, scn_errors *errs)
{
    parse_ctx ctx = {.s = s, .errs = errs, .nerr_start = errs->n, .path = path};
    struct stat st;
    set_defaults(s, path);
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        add_error(errs, path, 0, "is a directory (expected a scenario file)");
        return 1;
    }
    ctx.file = fopen(path, "r");
    if (!ctx.file) {
        add_error(errs, path, 0, "cannot open: %s", strerror(errno));
        return 1;
    }
    int n = parse(&ctx);
    fclose(ctx.file);
    return n;
}

/* ---------------------------------------------------------------- writing */

void scn_write(const scn *s, FILE *f)
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
        else
            fprintf(f, "checkpoint_interval = %s ; %s, from mean checkpoint cost %s and MTBF %s\n",
                    unit_format_duration(s->ckpt.interval, a, sizeof a),
                    ckpt_kind_name(s->ckpt.kind),
                    unit_format_duration(dist_mean(&s->ckpt_cost), b, sizeof b),
                    unit_format_duration(s->mtbf, c, sizeof c));
        fprintf(f, "checkpoint_cost = %s\n", dist_format(&s->ckpt_cost, a, sizeof a));
        fprintf(f, "restart_cost = %s\n", dist_format(&s->restart_cost, a, sizeof a));
    }
}
