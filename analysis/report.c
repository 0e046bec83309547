/*
 * report: the report of a batch, read back from the files in its output directory (see
 * report.h).
 *
 * Reading: every file of an entry is loaded into one arena (freed at the end), CSVs through
 * libcsv in strict mode, run.txt as its "; key: value" header and its scenario body. Whatever
 * cannot be read becomes a line in the entry's list of problems. Writing: the three files are
 * opened as temporaries first (outfile), written, and renamed into place only if all were.
 */
#include "analysis/report.h"
#include "analysis/csvout.h"
#include "analysis/outfile.h"
#include "analysis/record.h"
#include "analysis/stat.h"
#include "models/metric.h"
#include "models/unit.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#ifndef RELSIM_VERSION
#define RELSIM_VERSION "unknown"
#endif

#define HOURS_PER_YEAR 8760.0
#define MAX_TEXT_FILE (4u << 20) /* summary.csv, analytic.csv, sweep.csv */
#define MAX_PNG (32u << 20)
#define MAX_PROBLEMS 16
#define ARENA_BLOCK (64u << 10)

/* ------------------------------------------------------------------------------------------ */
/* Base64 (RFC 4648, section 4). */

size_t report_base64_len(size_t n)
{
    return (n + 2) / 3 * 4;
}

size_t report_base64(const void *in, size_t n, char *out)
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const unsigned char *p = in;
    size_t o = 0, i = 0;
    for (; i + 3 <= n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
        out[o++] = abc[v >> 18 & 63];
        out[o++] = abc[v >> 12 & 63];
        out[o++] = abc[v >> 6 & 63];
        out[o++] = abc[v & 63];
    }
    if (n - i == 1) {
        uint32_t v = (uint32_t)p[i] << 16;
        out[o++] = abc[v >> 18 & 63];
        out[o++] = abc[v >> 12 & 63];
        out[o++] = '=';
        out[o++] = '=';
    } else if (n - i == 2) {
        uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;
        out[o++] = abc[v >> 18 & 63];
        out[o++] = abc[v >> 12 & 63];
        out[o++] = abc[v >> 6 & 63];
        out[o++] = '=';
    }
    out[o] = '\0';
    return o;
}

/* ------------------------------------------------------------------------------------------ */
/* An arena for everything read: one free at the end. On exhaustion, oom is set and the string
 * helpers return "" so that the code reading files needs no error path for memory. */

typedef struct ablock {
    struct ablock *next;
    size_t used, cap;
    char *data;
} ablock;

typedef struct {
    ablock *head;
    int oom;
} arena;

static void *a_alloc(arena *A, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (!A->head || A->head->cap - A->head->used < n) {
        size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
        ablock *b = malloc(sizeof *b);
        char *d = b ? malloc(cap) : NULL;
        if (!d) {
            free(b);
            A->oom = 1;
            return NULL;
        }
        *b = (ablock){A->head, 0, cap, d};
        A->head = b;
    }
    void *p = A->head->data + A->head->used;
    A->head->used += n;
    return p;
}

static void a_free(arena *A)
{
    while (A->head) {
        ablock *b = A->head;
        A->head = b->next;
        free(b->data);
        free(b);
    }
}

static char *a_strndup(arena *A, const char *s, size_t len)
{
    char *p = a_alloc(A, len + 1);
    if (!p) return (char *)"";
    if (len) memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

__attribute__((format(printf, 2, 3))) static char *a_printf(arena *A, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (len < 0) return (char *)"";
    char *p = a_alloc(A, (size_t)len + 1);
    if (!p) return (char *)"";
    va_start(ap, fmt);
    vsnprintf(p, (size_t)len + 1, fmt, ap);
    va_end(ap);
    return p;
}

/* ------------------------------------------------------------------------------------------ */
/* Files. */

/* Reads a whole regular file of at most max bytes (NUL-terminated). NULL on success, else why
 * not ("missing", "cannot read: ...", ...). */
static const char *slurp(arena *A, const char *path, size_t max, char **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return errno == ENOENT || errno == ENOTDIR
                   ? "missing"
                   : a_printf(A, "cannot read: %s", strerror(errno));
    struct stat st;
    const char *why = NULL;
    if (fstat(fileno(f), &st) != 0)
        why = a_printf(A, "cannot read: %s", strerror(errno));
    else if (!S_ISREG(st.st_mode))
        why = "not a regular file";
    else if ((uintmax_t)st.st_size > max)
        why = a_printf(A, "larger than %zu MiB", max >> 20);
    if (why) {
        fclose(f);
        return why;
    }
    size_t n = (size_t)st.st_size;
    char *buf = a_alloc(A, n + 1);
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

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* A PNG that a browser can show: the signature, an IHDR chunk with a non-zero size first and
 * the IEND chunk last (a picture cut short is not one). */
static int is_png(const char *d, size_t n)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (n < 45 || memcmp(d, sig, 8) != 0 || memcmp(d + 12, "IHDR", 4) != 0 ||
        memcmp(d + n - 8, "IEND", 4) != 0)
        return 0;
    const unsigned char *u = (const unsigned char *)d;
    uint32_t w = (uint32_t)u[16] << 24 | (uint32_t)u[17] << 16 | (uint32_t)u[18] << 8 | u[19];
    uint32_t h = (uint32_t)u[20] << 24 | (uint32_t)u[21] << 16 | (uint32_t)u[22] << 8 | u[23];
    return w > 0 && h > 0;
}

/* ------------------------------------------------------------------------------------------ */
/* CSV tables over libcsv: row 0 is the header; every row has the header's number of fields. */

typedef struct {
    int nrows, ncols;
    const char **cell; /* nrows * ncols */
} table;

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
    c->cells[c->n++] = s ? a_strndup(c->A, s, len) : "";
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
static const char *load_csv(arena *A, const char *path, const char *const *need, int nneed,
                            table *t)
{
    char *data;
    size_t len;
    const char *why = slurp(A, path, MAX_TEXT_FILE, &data, &len);
    if (why) return why;
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) return "out of memory";
    csvctx c = {.A = A};
    if (csv_parse(&p, data, len, on_field, on_row, &c) != len ||
        csv_fini(&p, on_field, on_row, &c) != 0)
        why = a_printf(A, "malformed CSV (%s, near record %d)", csv_strerror(csv_error(&p)),
                       c.nrows + 1);
    csv_free(&p);
    if (!why && c.oom) why = "out of memory";
    if (!why && c.bad_row)
        why = a_printf(A, "malformed: record %d has %d fields, the header %d", c.bad_row,
                       c.bad_fields, c.ncols);
    if (!why && (c.nrows < 1 || c.ncols < 1)) why = "empty";
    if (!why) {
        t->nrows = c.nrows;
        t->ncols = c.ncols;
        t->cell = a_alloc(A, c.n * sizeof *t->cell);
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
        if (!found) why = a_printf(A, "malformed: no column '%s'", need[i]);
    }
    return why;
}

static int tcol(const table *t, const char *name)
{
    for (int j = 0; j < t->ncols; j++)
        if (strcmp(t->cell[j], name) == 0) return j;
    return -1;
}

static const char *tcell(const table *t, int r, int c)
{
    return c >= 0 ? t->cell[(size_t)r * (size_t)t->ncols + (size_t)c] : "";
}

/* A number as written by csvout: an empty field is NAN. 0 if s is one, -1 if not. */
static int parse_num(const char *s, double *x)
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

/* ------------------------------------------------------------------------------------------ */
/* One entry, as read back. */

typedef struct {
    int ok;
    double mean, sd, lo, hi, n;
} msum;

enum { G_JOB, G_HARDWARE, G_NODATA, G_FAILED };

typedef struct {
    const report_entry *e;
    int order, rank, group;
    const char *name;
    int nprob;
    const char *prob[MAX_PROBLEMS];
    int have_sum, have_an, have_trials, have_sw;
    record_file *rec, *swrec; /* run.txt and the sweep's run.txt, NULL if unreadable */
    msum m[METRIC_N];         /* by METRIC_<name>; ok only for the METRIC_REPORT ones read */
    table an, sw;
    const char *png, *swpng;
    size_t png_len, swpng_len;
    int has_job;
    double wall_s, sweep_wall_s; /* from run.txt and the sweep's run.txt, NAN if unknown */
} rscn;

__attribute__((format(printf, 3, 4))) static void problem(arena *A, rscn *s, const char *fmt, ...)
{
    if (s->nprob == MAX_PROBLEMS) return;
    char buf[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    s->prob[s->nprob++] = a_strndup(A, buf, strlen(buf));
}

static const char *join(arena *A, const char *out, const char *dir, const char *file)
{
    return a_printf(A, "%s/%s/%s", out, dir, file);
}

/* The index of a metric the report reads back (METRIC_REPORT in models/metric.h), or -1. */
static int report_metric(const char *name)
{
    int k = metric_index(name);
    return k >= 0 && (metric_table[k].flags & METRIC_REPORT) ? k : -1;
}

static void load_summary(arena *A, rscn *s, const char *path)
{
    static const char *const need[] = {"metric", "mean", "sd", "ci95_low", "ci95_high", "n"};
    table t;
    const char *why = load_csv(A, path, need, 6, &t);
    if (why) {
        problem(A, s, "summary.csv: %s", why);
        return;
    }
    int c[6];
    for (int j = 0; j < 6; j++)
        c[j] = tcol(&t, need[j]);
    for (int r = 1; r < t.nrows; r++) {
        int k = report_metric(tcell(&t, r, c[0]));
        if (k < 0) continue;
        double v[5];
        int bad = 0;
        for (int j = 0; j < 5; j++)
            bad |= parse_num(tcell(&t, r, c[j + 1]), &v[j]);
        if (bad || isnan(v[0])) {
            problem(A, s, "summary.csv: malformed numbers in the row of %s", metric_table[k].name);
            continue;
        }
        s->m[k] = (msum){1, v[0], v[1], v[2], v[3], v[4]};
    }
    /* the headline metrics must be there: the ranking and the summary table need them */
    int shown[METRIC_N], nshown = metric_select(METRIC_REPORT, shown);
    s->have_sum = 1;
    for (int i = 0; i < nshown && metric_table[shown[i]].headline > 0; i++)
        if (!s->m[shown[i]].ok) {
            problem(A, s, "summary.csv: no row for %s", metric_table[shown[i]].name);
            s->have_sum = 0;
        }
}

static void load_png(arena *A, rscn *s, const char *path, const char *label, int optional,
                     const char **png, size_t *len)
{
    char *d;
    size_t n;
    const char *why = slurp(A, path, MAX_PNG, &d, &n);
    if (why && optional && strcmp(why, "missing") == 0) return;
    if (!why && !is_png(d, n)) why = "not a PNG picture";
    if (why) {
        problem(A, s, "%s: %s", label, why);
        return;
    }
    *png = d;
    *len = n;
}

static const char *base_name(const char *path)
{
    const char *b = path ? strrchr(path, '/') : NULL;
    return b && b[1] ? b + 1 : path ? path : "";
}

static void load_entry(arena *A, const char *out, int no_plot, rscn *s)
{
    static const char *const an_need[] = {"quantity", "value", "fit", "metric"};
    const report_entry *e = s->e;
    s->wall_s = s->sweep_wall_s = NAN;
    if (e->status == REPORT_FAILED) {
        s->group = G_FAILED;
        s->name = e->name ? e->name : base_name(e->file);
        return;
    }
    const char *why;
    char rwhy[300];
    if (e->dir) {
        s->rec = record_load(a_printf(A, "%s/%s", out, e->dir), rwhy, sizeof rwhy);
        if (!s->rec) problem(A, s, "run.txt: %s", rwhy);
        load_summary(A, s, join(A, out, e->dir, "summary.csv"));
        why = load_csv(A, join(A, out, e->dir, "analytic.csv"), an_need, 4, &s->an);
        if (why)
            problem(A, s, "analytic.csv: %s (no closed-form cross-check)", why);
        else
            s->have_an = 1;
        load_png(A, s, join(A, out, e->dir, "summary.png"), "summary.png", no_plot, &s->png,
                 &s->png_len);
        s->have_trials = exists(join(A, out, e->dir, "trials.csv"));
        if (!s->have_trials) problem(A, s, "trials.csv: missing");
    } else if (!e->sweep_dir) {
        problem(A, s, "no results directory");
    }
    if (e->sweep_dir) {
        why = load_csv(A, join(A, out, e->sweep_dir, "sweep.csv"), NULL, 0, &s->sw);
        if (!why && tcol(&s->sw, "trials") < 0) why = "malformed: no column 'trials'";
        if (why)
            problem(A, s, "sweep.csv: %s", why);
        else
            s->have_sw = 1;
        s->swrec = record_load(a_printf(A, "%s/%s", out, e->sweep_dir), rwhy, sizeof rwhy);
        if (!s->swrec) problem(A, s, "sweep run.txt: %s", rwhy);
        const char *w = s->swrec ? record_get(s->swrec, RECORD_WALL_TIME) : NULL;
        double x;
        if (w && sscanf(w, "%lf", &x) == 1) s->sweep_wall_s = x;
        load_png(A, s, join(A, out, e->sweep_dir, "sweep.png"), "sweep.png", no_plot, &s->swpng,
                 &s->swpng_len);
    }
    const char *rname = s->rec ? record_get(s->rec, RECORD_SCENARIO_NAME) : NULL;
    s->name = e->name ? e->name : rname ? rname : base_name(e->file);
    if (s->rec) {
        s->has_job = record_has_section(s->rec, "job");
        const char *w = record_get(s->rec, RECORD_WALL_TIME);
        double x;
        if (w && sscanf(w, "%lf", &x) == 1) s->wall_s = x;
    } else {
        s->has_job = s->m[METRIC_goodput].ok && s->m[METRIC_goodput].mean > 0;
    }
    s->group = !s->have_sum ? G_NODATA : s->has_job ? G_JOB : G_HARDWARE;
}

static int cmp_rank(const void *pa, const void *pb)
{
    const rscn *a = *(const rscn *const *)pa, *b = *(const rscn *const *)pb;
    if (a->group != b->group) return a->group < b->group ? -1 : 1;
    double ka[2] = {0, 0}, kb[2] = {0, 0};
    if (a->group == G_JOB) {
        ka[0] = a->m[METRIC_goodput].mean, ka[1] = a->m[METRIC_availability].mean;
        kb[0] = b->m[METRIC_goodput].mean, kb[1] = b->m[METRIC_availability].mean;
    } else if (a->group == G_HARDWARE) {
        ka[0] = a->m[METRIC_availability].mean;
        kb[0] = b->m[METRIC_availability].mean;
    }
    for (int i = 0; i < 2; i++)
        if (ka[i] != kb[i]) return ka[i] > kb[i] ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

/* ------------------------------------------------------------------------------------------ */
/* The closed-form cross-check: an analytic.csv row that estimates a simulated mean. */

typedef struct {
    const char *quantity, *fit, *metric, *formula, *reference, *note;
    double value;
    int k;          /* the metric (report_metric), or -1 */
    int applies;    /* a value to compare (fit is not n/a) */
    int compared;   /* it applies and the metric is in summary.csv: v is the verdict */
    stat_verdict v; /* stat_agree of the simulated mean with value, the one verdict of relsim */
    double rel;     /* (mean - value) / |value| */
} xrow;

static int fit_rank(const char *fit)
{
    static const char *const order[] = {"exact", "approximate", "coarse", "n/a"};
    for (int i = 0; i < 4; i++)
        if (strcmp(fit, order[i]) == 0) return i;
    return 4;
}

static void xrow_get(const rscn *s, int r, xrow *x)
{
    const table *t = &s->an;
    x->quantity = tcell(t, r, tcol(t, "quantity"));
    x->fit = tcell(t, r, tcol(t, "fit"));
    x->metric = tcell(t, r, tcol(t, "metric"));
    x->formula = tcell(t, r, tcol(t, "formula"));
    x->reference = tcell(t, r, tcol(t, "reference"));
    x->note = tcell(t, r, tcol(t, "note"));
    if (parse_num(tcell(t, r, tcol(t, "value")), &x->value)) x->value = NAN;
    x->k = report_metric(x->metric);
    x->applies = strcmp(x->fit, "n/a") != 0 && !isnan(x->value);
    x->compared = 0;
    x->v = (stat_verdict){STAT_UNDECIDED, NAN, NAN};
    x->rel = NAN;
    if (!x->applies || x->k < 0 || !s->m[x->k].ok) return;
    const msum *m = &s->m[x->k];
    x->compared = 1;
    x->v = stat_agree(m->mean, m->sd, m->n, x->value);
    if (x->value != 0) x->rel = (m->mean - x->value) / fabs(x->value);
}

/* The most exact row for a metric (exact, approximate, coarse, n/a; the first of equals), as
 * relsim run chooses it; 0 if none. */
static int xrow_best(const rscn *s, int k, xrow *best)
{
    int found = 0, rank = 99;
    if (!s->have_an) return 0;
    for (int r = 1; r < s->an.nrows; r++) {
        xrow x;
        xrow_get(s, r, &x);
        if (x.k != k || fit_rank(x.fit) >= rank) continue;
        rank = fit_rank(x.fit);
        *best = x;
        found = 1;
    }
    return found;
}

/* Exact closed forms by verdict, and approximate ones that apply. */
typedef struct {
    int agree, disagree, undecided, approx;
} xcount;

static xcount xcheck_counts(const rscn *s)
{
    xcount c = {0, 0, 0, 0};
    if (!s->have_an) return c;
    for (int r = 1; r < s->an.nrows; r++) {
        xrow x;
        xrow_get(s, r, &x);
        if (!x.compared) continue;
        if (strcmp(x.fit, "exact") != 0)
            c.approx++;
        else if (x.v.verdict == STAT_AGREES)
            c.agree++;
        else if (x.v.verdict == STAT_DISAGREES)
            c.disagree++;
        else
            c.undecided++;
    }
    return c;
}

/* ------------------------------------------------------------------------------------------ */
/* Numbers for people. */

static const char *status_word(report_status st)
{
    return st == REPORT_RAN ? "ran" : st == REPORT_UP_TO_DATE ? "up to date" : "FAILED";
}

/* A mean to `dec` decimals; NAN is an em dash. */
static const char *fnum(char *buf, size_t n, double x, int dec)
{
    if (isnan(x))
        snprintf(buf, n, "\u2014");
    else
        snprintf(buf, n, "%.*f", dec, x);
    return buf;
}

/* Availability: 4 decimals, more when 4 would round it to 1. */
static int avail_decimals(double a)
{
    return a < 1 && a >= 0.99995 ? 6 : 4;
}

static const char *fhours(char *buf, size_t n, double h)
{
    if (!isnan(h) && h > 0 && h < 0.05)
        snprintf(buf, n, "%.2g", h);
    else
        fnum(buf, n, h, 1);
    return buf;
}

static const char *fcount(char *buf, size_t n, double x)
{
    return fnum(buf, n, x, !isnan(x) && fabs(x) < 10 ? 2 : 1);
}

/* A closed form's value: hours to 4 significant digits, probabilities and ratios to 4. */
static const char *fvalue(char *buf, size_t n, double v)
{
    if (isnan(v))
        snprintf(buf, n, "\u2014");
    else if (v != 0 && (fabs(v) >= 1e6 || fabs(v) < 1e-3))
        snprintf(buf, n, "%.3e", v);
    else
        snprintf(buf, n, "%.4g", v);
    return buf;
}

/* The half-width of a 95% CI at the mean's decimals, "< 0.0001" when it rounds to 0. */
static const char *fhalf(char *buf, size_t n, const msum *m, int dec)
{
    double h = (m->hi - m->lo) / 2;
    if (isnan(h))
        snprintf(buf, n, "no CI");
    else if (h < 0.5 * pow(10, -dec))
        snprintf(buf, n, "\u00b1 <%.*f", dec, pow(10, -dec));
    else
        snprintf(buf, n, "\u00b1 %.*f", dec, h);
    return buf;
}

/* A wall time: "0.76 s", "12.3 s", "4 min 05 s", "2 h 07 min". */
static const char *fwall(char *buf, size_t n, double sec)
{
    if (isnan(sec) || sec < 0)
        snprintf(buf, n, "\u2014");
    else if (sec < 1)
        snprintf(buf, n, "%.2f s", sec);
    else if (sec < 60)
        snprintf(buf, n, "%.1f s", sec);
    else if (sec < 3600)
        snprintf(buf, n, "%d min %02d s", (int)(sec / 60), (int)fmod(sec, 60));
    else
        snprintf(buf, n, "%d h %02d min", (int)(sec / 3600), (int)fmod(sec / 60, 60));
    return buf;
}

static double downtime_per_year(const rscn *s)
{
    return s->m[METRIC_availability].ok ? (1 - s->m[METRIC_availability].mean) * HOURS_PER_YEAR
                                        : NAN;
}

static double mean_of(const rscn *s, int k)
{
    return s->m[k].ok ? s->m[k].mean : NAN;
}

/* ------------------------------------------------------------------------------------------ */
/* report.csv */

static const char *const csv_cols[] = {"name",
                                       "file",
                                       "status",
                                       "trials",
                                       "seed",
                                       "goodput_mean",
                                       "goodput_ci95_low",
                                       "goodput_ci95_high",
                                       "availability_mean",
                                       "availability_ci95_low",
                                       "availability_ci95_high",
                                       "makespan_h_mean",
                                       "makespan_h_ci95_low",
                                       "makespan_h_ci95_high",
                                       "failures_mean",
                                       "lost_h_mean",
                                       "down_h_mean",
                                       "wait_spare_h_mean",
                                       "downtime_per_year_h",
                                       "checkpoints_mean",
                                       "makespan_h_closed_form",
                                       "makespan_h_closed_form_fit",
                                       "makespan_h_closed_form_within_4se",
                                       "availability_closed_form",
                                       "availability_closed_form_fit",
                                       "availability_closed_form_within_4se",
                                       "wall_time_s",
                                       "relsim_version",
                                       "rank",
                                       "results_dir",
                                       "sweep_dir",
                                       "problems"};
#define NCSV ((int)(sizeof csv_cols / sizeof csv_cols[0]))

static void csv_count(csvout *c, const char *s)
{
    double x;
    if (s && sscanf(s, "%lf", &x) == 1)
        csvout_num(c, x);
    else
        csvout_num(c, NAN);
}

static void write_csv_row(csvout *c, const rscn *s)
{
    const report_entry *e = s->e;
    int failed = s->group == G_FAILED;
    csvout_str(c, e->name ? e->name : failed ? "" : s->name);
    csvout_str(c, e->file ? e->file : "");
    csvout_str(c, e->status == REPORT_RAN          ? "ran"
                  : e->status == REPORT_UP_TO_DATE ? "up_to_date"
                                                   : "failed");
    csv_count(c, s->rec ? record_get(s->rec, RECORD_TRIALS) : NULL);
    csv_count(c, s->rec ? record_get(s->rec, RECORD_SEED) : NULL);
    static const int with_ci[] = {METRIC_goodput, METRIC_availability, METRIC_makespan_h};
    for (int i = 0; i < 3; i++) {
        const msum *m = &s->m[with_ci[i]];
        csvout_num(c, m->ok ? m->mean : NAN);
        csvout_num(c, m->ok ? m->lo : NAN);
        csvout_num(c, m->ok ? m->hi : NAN);
    }
    csvout_num(c, mean_of(s, METRIC_failures));
    csvout_num(c, mean_of(s, METRIC_lost_h));
    csvout_num(c, mean_of(s, METRIC_down_h));
    csvout_num(c, mean_of(s, METRIC_wait_spare_h));
    csvout_num(c, downtime_per_year(s));
    csvout_num(c, mean_of(s, METRIC_checkpoints));
    static const int crossed[] = {METRIC_makespan_h, METRIC_availability};
    for (int i = 0; i < 2; i++) {
        xrow x;
        if (!failed && xrow_best(s, crossed[i], &x)) {
            csvout_num(c, x.applies ? x.value : NAN);
            csvout_str(c, x.fit);
            if (x.compared && x.v.verdict != STAT_UNDECIDED)
                csvout_int(c, x.v.verdict == STAT_AGREES);
            else
                csvout_num(c, NAN);
        } else {
            csvout_num(c, NAN);
            csvout_str(c, "");
            csvout_num(c, NAN);
        }
    }
    csvout_num(c, s->wall_s);
    const char *v = s->rec ? record_version(s->rec) : NULL;
    csvout_str(c, v ? v : "");
    if (s->rank)
        csvout_int(c, s->rank);
    else
        csvout_num(c, NAN);
    csvout_str(c, e->dir && !failed ? e->dir : "");
    csvout_str(c, e->sweep_dir && !failed ? e->sweep_dir : "");
    char buf[2048] = "";
    size_t used = 0;
    if (failed && e->message) {
        /* one line: the error lines joined by "; " */
        for (const char *p = e->message; *p && used + 3 < sizeof buf; p++) {
            if (*p == '\n') {
                if (p[1]) used += (size_t)snprintf(buf + used, sizeof buf - used, "; ");
            } else {
                buf[used++] = *p;
                buf[used] = '\0';
            }
        }
    }
    for (int i = 0; i < s->nprob && used < sizeof buf; i++)
        used +=
            (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", used ? "; " : "", s->prob[i]);
    csvout_str(c, buf);
    csvout_end_row(c);
}

/* ------------------------------------------------------------------------------------------ */
/* Escapes. */

/* Text for HTML: & < > " ' as entities, other control characters (but tab and newline) as
 * U+FFFD, so that no text from a file can open a tag or end an attribute. */
static void hx(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        case '\'':
            fputs("&#39;", f);
            break;
        default:
            if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t')
                fputs("\xef\xbf\xbd", f);
            else
                fputc(*s, f);
        }
    }
}

/* A relative path as a URL: every byte but unreserved characters and '/' percent-encoded (so
 * that ':' cannot make a scheme and the result is safe in an attribute and in markdown). */
static void url(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
            ch == '-' || ch == '.' || ch == '_' || ch == '~' || ch == '/')
            fputc(ch, f);
        else
            fprintf(f, "%%%02X", ch);
    }
}

static void url2(FILE *f, const char *dir, const char *file)
{
    url(f, dir);
    fputc('/', f);
    url(f, file);
}

/* Text for a markdown table cell: ASCII punctuation that markdown acts on is backslash-escaped
 * ('|' above all, which would end the cell), line breaks become spaces. */
static void mx(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        if (strchr("\\|`*_[]<>#!~&", *s)) fputc('\\', f);
        if (*s == '\n' || *s == '\r')
            fputc(' ', f);
        else if ((unsigned char)*s < 0x20 && *s != '\t')
            fputs("\xef\xbf\xbd", f);
        else
            fputc(*s, f);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* report.html */

static const char css[] =
    ":root{--ink:#1f2933;--muted:#52606d;--faint:#7b8794;--line:#dde3ea;--bg:#f3f5f8;"
    "--navy:#102a43;--accent:#1f5fbf;--ok:#18794e;--okbg:#e3f6ec;--bad:#b42318;--badbg:#fdeceb;"
    "--warn:#8a5300;--warnbg:#fff6e0;--info:#1f5fbf;--infobg:#e8f0fd}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"
    "'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif}\n"
    ".wrap{max-width:1180px;margin:0 auto;padding:0 28px}\n"
    "header.top{background:var(--navy);color:#fff;padding:26px 0 22px}\n"
    "header.top h1{margin:0;font-size:26px;font-weight:650;letter-spacing:-.01em}\n"
    "header.top .sub{color:#bcccdc;margin-top:4px;font-size:14px}\n"
    "header.top .cmd{margin-top:10px;font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,"
    "monospace;color:#d9e2ec;background:rgba(255,255,255,.08);padding:6px 10px;border-radius:4px;"
    "overflow-wrap:anywhere}\n"
    ".stats{display:flex;gap:10px;flex-wrap:wrap;margin-top:14px}\n"
    ".stat{background:rgba(255,255,255,.1);border-radius:6px;padding:6px 12px;font-size:13px;"
    "color:#d9e2ec}\n"
    ".stat b{color:#fff;font-size:16px;margin-right:4px}\n"
    ".stat.alert{background:#b42318;color:#fff}\n"
    ".highlights{margin:0 0 12px;font-size:14.5px}\n"
    ".highlights li{margin:2px 0}\n"
    ".card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:20px 24px;"
    "margin:20px 0;box-shadow:0 1px 2px rgba(16,42,67,.05)}\n"
    "h2{font-size:20px;margin:0 0 12px;font-weight:650}\n"
    "h3{font-size:13px;margin:22px 0 8px;color:#334e68;text-transform:uppercase;"
    "letter-spacing:.06em;font-weight:650}\n"
    "p{margin:6px 0}\n"
    "a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}\n"
    "table{border-collapse:collapse;width:100%;font-size:14px}\n"
    "th,td{padding:7px 10px;border-bottom:1px solid var(--line);text-align:left;"
    "vertical-align:top}\n"
    "th{font-size:11.5px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);"
    "background:#f8fafc;font-weight:600;white-space:nowrap}\n"
    ".num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    "tr.failed td{background:#fffafa}\n"
    ".small,.ci{color:var(--faint);font-size:12px}\n"
    ".ci{display:block}\n"
    ".file{display:block;color:var(--faint);font-size:12px;overflow-wrap:anywhere}\n"
    ".badge{display:inline-block;padding:1px 9px;border-radius:10px;font-size:12px;"
    "font-weight:600;white-space:nowrap}\n"
    ".b-ran{background:var(--okbg);color:var(--ok)}\n"
    ".b-up{background:var(--infobg);color:var(--info)}\n"
    ".b-failed{background:var(--badbg);color:var(--bad)}\n"
    ".ok{color:var(--ok);font-weight:600}.bad{color:var(--bad);font-weight:700}"
    ".muted{color:var(--faint)}\n"
    ".msg{white-space:pre-wrap;font:12.5px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,"
    "monospace;background:var(--badbg);border-left:3px solid var(--bad);padding:8px 12px;"
    "margin:8px 0;color:#7a1d14;overflow-wrap:anywhere}\n"
    "td .msg{margin:0}\n"
    ".problems{background:var(--warnbg);border-left:3px solid #d69e2e;padding:8px 12px;"
    "margin:10px 0;color:var(--warn);font-size:13.5px}\n"
    ".problems ul{margin:4px 0 0;padding-left:20px}\n"
    ".legend{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:6px 32px;"
    "font-size:13.5px;color:var(--muted)}\n"
    ".legend b{color:var(--ink)}\n"
    ".shead{display:flex;align-items:center;gap:12px;flex-wrap:wrap}\n"
    ".shead h2{margin:0}\n"
    ".rank{color:var(--faint);font-weight:500}\n"
    ".facts{color:var(--muted);font-size:14px;margin:6px 0 0}\n"
    ".kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:12px;"
    "margin-top:16px}\n"
    ".kpi{border:1px solid var(--line);border-radius:6px;padding:10px 14px;background:#fbfcfd}\n"
    ".kpi .l{font-size:11.5px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}\n"
    ".kpi .v{font-size:22px;font-weight:650;font-variant-numeric:tabular-nums}\n"
    ".kpi .s{font-size:12px;color:var(--faint)}\n"
    ".bar{display:flex;height:26px;border-radius:5px;overflow:hidden;background:#e4e7eb;"
    "margin:4px 0 10px}\n"
    ".bar span{display:block;height:100%}\n"
    ".sw{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:8px;"
    "vertical-align:-1px}\n"
    ".c-useful,.c-up{background:#486581}.c-lost{background:#9400d3}.c-ckpt{background:#009e73}"
    ".c-restart{background:#56b4e9}.c-detect{background:#e69f00}.c-wait{background:#f0e442}\n"
    "table.breakdown{max-width:680px}table.sweep{width:auto;min-width:60%}\n"
    "figure{margin:8px 0}figure img{max-width:100%;height:auto;border:1px solid var(--line);"
    "border-radius:4px;display:block}\n"
    "figure.sweep img{max-width:860px}\n"
    "figcaption{font-size:12.5px;color:var(--faint);margin-top:4px}\n"
    "dl.rec{display:grid;grid-template-columns:max-content 1fr;gap:3px 18px;font-size:13.5px;"
    "margin:0}\n"
    "dl.rec dt{color:var(--muted)}dl.rec dd{margin:0;overflow-wrap:anywhere}\n"
    "code{font:12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}\n"
    "ul.compact{margin:4px 0;padding-left:18px;font-size:13.5px;color:var(--muted)}\n"
    "details{font-size:13px;color:var(--muted);margin-top:6px}\n"
    "summary{cursor:pointer}\n"
    ".two{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:24px}\n"
    "@media (max-width:900px){.two{grid-template-columns:1fr}}\n"
    "footer{color:var(--faint);font-size:12.5px;padding:10px 0 30px}\n"
    "@media print{body{background:#fff}.card{box-shadow:none;break-inside:avoid-page}"
    "header.top{background:#fff;color:var(--ink)}}\n";

static void badge(FILE *f, report_status st)
{
    const char *cls = st == REPORT_RAN ? "b-ran" : st == REPORT_UP_TO_DATE ? "b-up" : "b-failed";
    fprintf(f, "<span class=\"badge %s\">%s</span>", cls, status_word(st));
}

static void png_img(FILE *f, const char *data, size_t len, const char *alt)
{
    char chunk[4 * 1024 + 1];
    fputs("<img alt=\"", f);
    hx(f, alt);
    fputs("\" src=\"data:image/png;base64,", f);
    for (size_t i = 0; i < len; i += 3 * 1024) {
        size_t k = len - i < 3 * 1024 ? len - i : 3 * 1024;
        report_base64(data + i, k, chunk);
        fputs(chunk, f);
    }
    fputs("\">", f);
}

/* A mean with its CI below: "0.9828" then "± 0.0005". */
static void td_mean_ci(FILE *f, const msum *m, int dec)
{
    char a[64], b[64];
    if (!m->ok) {
        fputs("<td class=\"num muted\">\u2014</td>", f);
        return;
    }
    fprintf(f,
            "<td class=\"num\"><b>%s</b><span class=\"ci\" title=\"95%% CI [%.*f, "
            "%.*f]\">%s</span></td>",
            fnum(a, sizeof a, m->mean, dec), dec + 1, m->lo, dec + 1, m->hi,
            fhalf(b, sizeof b, m, dec));
}

static void check_cell(FILE *f, const rscn *s)
{
    xcount c = xcheck_counts(s);
    if (!s->have_an)
        fputs("<td class=\"muted\">not available</td>", f);
    else if (c.disagree)
        fprintf(f,
                "<td><span class=\"bad\">\u2717 DISAGREES</span><span class=\"ci\">%d of %d "
                "exact</span></td>",
                c.disagree, c.agree + c.disagree + c.undecided);
    else if (c.undecided)
        fprintf(f,
                "<td><span class=\"muted\">undecided</span><span class=\"ci\">%d exact: fewer "
                "than 2 trials</span></td>",
                c.undecided);
    else if (c.agree)
        fprintf(f,
                "<td><span class=\"ok\">\u2713 agrees</span><span class=\"ci\">%d exact, %d "
                "approx.</span></td>",
                c.agree, c.approx);
    else if (c.approx)
        fprintf(f,
                "<td><span class=\"muted\">approximate only</span><span class=\"ci\">%d "
                "approx.</span></td>",
                c.approx);
    else
        fputs("<td class=\"muted\">none applies</td>", f);
}

/* The few facts a reader should take away, in sentences. */
static void html_highlights(FILE *f, rscn *const *ord, int n)
{
    const rscn *best = NULL, *worst = NULL, *low = NULL;
    int njob = 0, nfail = 0, nincomplete = 0;
    char a[64], b[64];
    for (int i = 0; i < n; i++) {
        const rscn *s = ord[i];
        nfail += s->group == G_FAILED;
        nincomplete += s->group != G_FAILED && s->nprob > 0;
        if (s->group == G_JOB) {
            if (!best) best = s;
            worst = s;
            njob++;
        }
        if ((s->group == G_JOB || s->group == G_HARDWARE) &&
            (!low || s->m[METRIC_availability].mean < low->m[METRIC_availability].mean))
            low = s;
    }
    fputs("<ul class=\"highlights\">", f);
    if (best) {
        fprintf(f, "<li>%s goodput: <a href=\"#s-%d\"><b>", njob > 1 ? "Highest" : "Goodput",
                best->order + 1);
        hx(f, best->name);
        fprintf(f, "</b></a>, %s: %.1f%% of its time to finish went into useful work.</li>",
                fnum(a, sizeof a, best->m[METRIC_goodput].mean, 4),
                100 * best->m[METRIC_goodput].mean);
    }
    if (worst && njob > 1) {
        fprintf(f, "<li>Lowest goodput: <a href=\"#s-%d\"><b>", worst->order + 1);
        hx(f, worst->name);
        fprintf(f,
                "</b></a>, %s: %.1f%% of its time went to failures, checkpoints and "
                "restores.</li>",
                fnum(a, sizeof a, worst->m[METRIC_goodput].mean, 4),
                100 * (1 - worst->m[METRIC_goodput].mean));
    }
    if (low) {
        fprintf(f, "<li>Lowest availability: <a href=\"#s-%d\"><b>", low->order + 1);
        hx(f, low->name);
        fprintf(f, "</b></a>, %s: about %s h a year with a node missing.</li>",
                fnum(a, sizeof a, low->m[METRIC_availability].mean,
                     avail_decimals(low->m[METRIC_availability].mean)),
                fhours(b, sizeof b, downtime_per_year(low)));
    }
    for (int i = 0; i < n; i++) {
        if (!xcheck_counts(ord[i]).disagree) continue;
        fprintf(f,
                "<li class=\"bad\">A closed form that must hold exactly DISAGREES with the "
                "simulation of <a href=\"#s-%d\">",
                ord[i]->order + 1);
        hx(f, ord[i]->name);
        fputs("</a>: its results are in doubt.</li>", f);
    }
    if (nfail)
        fprintf(f, "<li class=\"bad\">%d scenario%s failed to run: the message%s below.</li>",
                nfail, nfail == 1 ? "" : "s", nfail == 1 ? " is" : "s are");
    if (nincomplete)
        fprintf(f,
                "<li>%d scenario%s incomplete results (missing or unreadable files): see "
                "%s section.</li>",
                nincomplete, nincomplete == 1 ? " has" : "s have",
                nincomplete == 1 ? "its" : "their");
    fputs("</ul>\n", f);
}

static void html_summary(FILE *f, rscn *const *ord, int n)
{
    fputs("<section class=\"card\" id=\"summary\"><h2>Summary</h2>\n", f);
    html_highlights(f, ord, n);
    fputs("<p class=\"small\">Ranked by goodput; scenarios without a job (goodput 0) after, by "
          "availability. Means over the simulated trials; the small figure under each is the "
          "half-width of its 95% confidence interval.</p>\n"
          "<table id=\"summary-table\"><thead><tr><th class=\"num\">#</th><th>Scenario</th>"
          "<th>Status</th><th class=\"num\">Goodput</th><th class=\"num\">Availability</th>"
          "<th class=\"num\">Downtime / year</th><th class=\"num\">Time to finish</th>"
          "<th class=\"num\">Failures / run</th><th>Closed forms</th></tr></thead><tbody>\n",
          f);
    char a[64], b[64];
    for (int i = 0; i < n; i++) {
        const rscn *s = ord[i];
        const report_entry *e = s->e;
        fprintf(f, "<tr%s>", s->group == G_FAILED ? " class=\"failed\"" : "");
        if (s->rank)
            fprintf(f, "<td class=\"num\">%d</td>", s->rank);
        else
            fputs("<td class=\"num muted\">\u2014</td>", f);
        fprintf(f, "<td><a href=\"#s-%d\">", s->order + 1);
        hx(f, s->name[0] ? s->name : "(unnamed)");
        fputs("</a>", f);
        if (e->file && strcmp(base_name(e->file), s->name) != 0) {
            fputs("<span class=\"file\" title=\"", f);
            hx(f, e->file);
            fputs("\">", f);
            hx(f, base_name(e->file));
            fputs("</span>", f);
        }
        fputs("</td><td>", f);
        badge(f, e->status);
        fputs("</td>", f);
        if (s->group == G_FAILED) {
            fputs("<td colspan=\"6\"><div class=\"msg\">", f);
            hx(f, e->message && e->message[0] ? e->message : "(no message)");
            fputs("</div></td></tr>\n", f);
            continue;
        }
        if (s->group == G_NODATA) {
            fputs("<td colspan=\"6\" class=\"muted\">Results incomplete: ", f);
            hx(f, s->nprob ? s->prob[0] : "no summary");
            fputs("</td></tr>\n", f);
            continue;
        }
        if (s->group == G_HARDWARE)
            fputs("<td class=\"num muted\">no job</td>", f);
        else
            td_mean_ci(f, &s->m[METRIC_goodput], 4);
        td_mean_ci(f, &s->m[METRIC_availability], avail_decimals(s->m[METRIC_availability].mean));
        fprintf(f, "<td class=\"num\">%s h</td>", fhours(a, sizeof a, downtime_per_year(s)));
        if (s->group == G_HARDWARE)
            fprintf(f, "<td class=\"num muted\">horizon %s h</td>",
                    fhours(a, sizeof a, mean_of(s, METRIC_makespan_h)));
        else if (s->m[METRIC_makespan_h].ok)
            fprintf(f, "<td class=\"num\">%s h<span class=\"ci\">%s</span></td>",
                    fhours(a, sizeof a, s->m[METRIC_makespan_h].mean),
                    fhalf(b, sizeof b, &s->m[METRIC_makespan_h], 1));
        else
            fputs("<td class=\"num muted\">\u2014</td>", f);
        fprintf(f, "<td class=\"num\">%s</td>", fcount(a, sizeof a, mean_of(s, METRIC_failures)));
        check_cell(f, s);
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table></section>\n", f);
}

static void html_legend(FILE *f)
{
    fputs("<section class=\"card\" id=\"legend\"><h2>How to read this report</h2>"
          "<div class=\"legend\">"
          "<p><b>Goodput</b>: the share of the time to finish that went into computation that "
          "was kept, i.e. useful work \u00f7 time to finish. 1 would be a job that never failed "
          "and never checkpointed; 0.95 means 5% of the time was lost to failures and "
          "their handling.</p>"
          "<p><b>Availability</b>: the share of time during which every node slot of the cluster "
          "held a working node. <b>Downtime per year</b> = (1 \u2212 availability) \u00d7 8,760 h: "
          "the hours a year the cluster would be short of a node at this rate.</p>"
          "<p><b>95% CI</b>: the simulation runs many random trials; the true mean lies within "
          "\u00b1 the half-width shown with 95% confidence. More trials make it narrower. "
          "Differences smaller than the CIs are not meaningful.</p>"
          "<p><b>Closed forms</b>: published formulas (Daly 2006, the repairman chain, ...) "
          "computed independently of the simulation. An <i>exact</i> one must agree within 4 "
          "standard errors (more with few trials, whose standard error is itself uncertain; "
          "<i>undecided</i> with fewer than 2), or the simulation is in doubt; an "
          "<i>approximate</i> one is expected to differ a little.</p>"
          "</div></section>\n",
          f);
}

/* The scenario's shape in one line, from run.txt's body. */
static void html_facts(FILE *f, const rscn *s)
{
    const record_file *r = s->rec;
    if (!r) return;
    const record_entry *nodes = record_body_find(r, "cluster", "nodes"),
                       *sp = record_body_find(r, "cluster", "spares"),
                       *mode = record_body_find(r, "cluster", "spare_mode"),
                       *crews = record_body_find(r, "cluster", "repair_crews");
    fputs("<p class=\"facts\">", f);
    int first = 1;
#define SEP() (first ? (void)(first = 0) : (void)fputs(" \u00b7 ", f))
    if (nodes) {
        SEP();
        hx(f, nodes->value);
        fputs(strcmp(nodes->value, "1") == 0 ? " node" : " nodes", f);
        if (sp && strcmp(sp->value, "0") != 0) {
            fputs(" + ", f);
            hx(f, sp->value);
            fputc(' ', f);
            if (mode) {
                hx(f, mode->value);
                fputc(' ', f);
            }
            fputs(strcmp(sp->value, "1") == 0 ? "spare" : "spares", f);
        } else {
            fputs(", no spare", f);
        }
    }
    if (crews) {
        SEP();
        hx(f, crews->value);
        fputs(strcmp(crews->value, "1") == 0 ? " repair crew" : " repair crews", f);
    }
    int nc = 0;
    for (int i = 0; i < r->nbody; i++) {
        const char *sec = r->body[i].section;
        if (strncmp(sec, "component.", 10) != 0 ||
            (i > 0 && strcmp(r->body[i - 1].section, sec) == 0))
            continue;
        const record_entry *count = record_body_find(r, sec, "count");
        if (!nc++) {
            SEP();
            fputs("per node: ", f);
        } else {
            fputs(", ", f);
        }
        hx(f, count ? count->value : "1");
        fputs(" \u00d7 ", f);
        hx(f, sec + 10);
    }
    const char *mtbf = record_get(r, RECORD_SYSTEM_MTBF);
    double x;
    if (mtbf) {
        SEP();
        fputs("system MTBF ", f);
        if (sscanf(mtbf, "%lf", &x) == 1 && x > 0)
            fprintf(f, "%.4g h", x);
        else
            hx(f, mtbf);
    }
    const record_entry *work = record_body_find(r, "job", "work"),
                       *iv = record_body_find(r, "job", "checkpoint_interval"),
                       *hz = record_body_find(r, "scenario", "horizon");
    if (work) {
        SEP();
        fputs("job of ", f);
        hx(f, work->value);
        fputs(" of work", f);
        if (iv) {
            double h;
            char e[160], b[40];
            fputs(", checkpoint every ", f);
            if (unit_parse_duration(iv->value, &h, e, sizeof e) == 0)
                hx(f, unit_format_human(h, b, sizeof b));
            else
                hx(f, iv->value);
            if (iv->comment) {
                size_t w = strcspn(iv->comment, ",");
                fputs(" (", f);
                char word[40];
                snprintf(word, sizeof word, "%.*s", (int)(w < 39 ? w : 39), iv->comment);
                hx(f, word);
                fputs(")", f);
            }
        }
    } else {
        SEP();
        fputs("no job: the cluster alone", f);
    }
    if (hz) {
        SEP();
        fputs("horizon ", f);
        hx(f, hz->value);
    }
#undef SEP
    fputs("</p>\n", f);
}

static void kpi(FILE *f, const char *label, const char *value, const char *sub)
{
    fputs("<div class=\"kpi\"><div class=\"l\">", f);
    hx(f, label);
    fputs("</div><div class=\"v\">", f);
    hx(f, value);
    fputs("</div><div class=\"s\">", f);
    hx(f, sub);
    fputs("</div></div>", f);
}

static void html_kpis(FILE *f, const rscn *s)
{
    char v[64], sub[160];
    fputs("<div class=\"kpis\">", f);
    const msum *g = &s->m[METRIC_goodput], *a = &s->m[METRIC_availability],
               *mk = &s->m[METRIC_makespan_h];
    if (s->has_job) {
        snprintf(sub, sizeof sub, "95%% CI %.4f \u2013 %.4f", g->lo, g->hi);
        kpi(f, "Goodput", fnum(v, sizeof v, g->mean, 4), g->ok && !isnan(g->lo) ? sub : "");
    }
    int ad = avail_decimals(a->mean);
    snprintf(sub, sizeof sub, "95%% CI %.*f \u2013 %.*f", ad, a->lo, ad, a->hi);
    kpi(f, "Availability", fnum(v, sizeof v, a->mean, ad), a->ok && !isnan(a->lo) ? sub : "");
    char h[64];
    snprintf(v, sizeof v, "%s h", fhours(h, sizeof h, downtime_per_year(s)));
    kpi(f, "Downtime per year", v, "short of a node, at this availability");
    if (s->has_job) {
        snprintf(v, sizeof v, "%s h", fhours(h, sizeof h, mk->mean));
        snprintf(sub, sizeof sub, "95%% CI %.1f \u2013 %.1f h", mk->lo, mk->hi);
        kpi(f, "Time to finish", v, mk->ok && !isnan(mk->lo) ? sub : "mean makespan");
    }
    kpi(f, "Failures per run", fcount(v, sizeof v, mean_of(s, METRIC_failures)),
        s->has_job ? "of nodes in slots, per job" : "of nodes in slots, per horizon");
    fputs("</div>\n", f);
}

typedef struct {
    const char *cls, *label;
    double h;
} slice;

static void html_breakdown(FILE *f, const rscn *s)
{
    double span = mean_of(s, METRIC_makespan_h);
    if (isnan(span) || !(span > 0)) return;
    double down = mean_of(s, METRIC_down_h), wait = mean_of(s, METRIC_wait_spare_h);
    if (isnan(wait)) wait = 0;
    slice part[6];
    int np = 0;
    if (s->has_job) {
        part[np++] = (slice){"c-useful", "Useful computation", mean_of(s, METRIC_useful_h)};
        part[np++] =
            (slice){"c-lost", "Lost work (redone after failures)", mean_of(s, METRIC_lost_h)};
        part[np++] = (slice){"c-ckpt", "Writing checkpoints", mean_of(s, METRIC_checkpoint_h)};
        part[np++] =
            (slice){"c-restart", "Restoring from checkpoints", mean_of(s, METRIC_restart_h)};
    } else {
        part[np++] = (slice){"c-up", "Every slot up", span - down};
    }
    part[np++] = (slice){"c-detect", "Down: detection and failover", down - wait};
    part[np++] = (slice){"c-wait", "Down: waiting for a repaired node (no spare)", wait};
    fputs("<h3>Where the time went</h3>\n<div class=\"bar\" role=\"img\" aria-label=\"time "
          "breakdown\">",
          f);
    for (int i = 0; i < np; i++) {
        double share = part[i].h / span;
        if (isnan(share) || share <= 0) continue;
        fprintf(f, "<span class=\"%s\" style=\"width:%.3f%%\" title=\"", part[i].cls,
                100 * fmin(share, 1));
        hx(f, part[i].label);
        fprintf(f, ": %.1f%%\"></span>", 100 * share);
    }
    fputs("</div>\n<table class=\"breakdown\"><thead><tr><th>Mean per run</th><th "
          "class=\"num\">Hours</th><th class=\"num\">Share</th></tr></thead><tbody>\n",
          f);
    char a[64];
    for (int i = 0; i < np; i++) {
        double h = part[i].h;
        if (!isnan(h) && h < 0) h = 0; /* rounding of down - wait */
        fprintf(f, "<tr><td><span class=\"sw %s\"></span>", part[i].cls);
        hx(f, part[i].label);
        fprintf(f, "</td><td class=\"num\">%s</td>", fhours(a, sizeof a, h));
        if (isnan(h))
            fputs("<td class=\"num muted\">\u2014</td></tr>\n", f);
        else if (h > 0 && 100 * h / span < 0.05)
            fputs("<td class=\"num\">&lt;0.1%</td></tr>\n", f);
        else
            fprintf(f, "<td class=\"num\">%.1f%%</td></tr>\n", 100 * h / span);
    }
    fprintf(f,
            "<tr><td><b>%s</b></td><td class=\"num\"><b>%s</b></td><td "
            "class=\"num\"><b>100%%</b></td></tr>\n</tbody></table>\n",
            s->has_job ? "Time to finish (makespan)" : "Horizon", fhours(a, sizeof a, span));
}

/* What the verdict rests on, beside its word: "1.0 SE"; past 4 SE, the limit that decided it
 * (wider than 4 SE with few trials: "5.1 SE, limit 6.99"); why there is no SE ("every trial
 * equal", "fewer than 2 trials"). */
static void verdict_detail(const stat_verdict *v, char *buf, size_t n)
{
    if (isnan(v->z))
        snprintf(buf, n, "%s",
                 v->verdict == STAT_UNDECIDED ? "fewer than 2 trials" : "every trial equal");
    else if (fabs(v->z) <= 4)
        snprintf(buf, n, "%.1f SE", fabs(v->z));
    else
        snprintf(buf, n, "%.1f SE, limit %.3g", fabs(v->z), v->limit);
}

static void html_xcheck(FILE *f, const rscn *s)
{
    fputs("<h3>Closed-form cross-check</h3>\n", f);
    if (!s->have_an) {
        fputs("<p class=\"muted\">No closed forms: analytic.csv could not be read.</p>\n", f);
        return;
    }
    int shown = 0;
    char a[64], b[64], c[64];
    for (int r = 1; r < s->an.nrows; r++) {
        xrow x;
        xrow_get(s, r, &x);
        if (x.k < 0 || !x.applies) continue;
        const msum *m = &s->m[x.k];
        if (!shown++)
            fputs("<table class=\"xcheck\"><thead><tr><th>Metric</th><th>Formula</th>"
                  "<th class=\"num\">Simulated mean [95% CI]</th><th class=\"num\">Closed "
                  "form</th><th class=\"num\">Difference</th><th>Fit</th><th>Verdict (4 SE)"
                  "</th></tr></thead><tbody>\n",
                  f);
        fputs("<tr><td><code>", f);
        hx(f, x.metric);
        fputs("</code></td><td>", f);
        hx(f, x.quantity);
        fputs("<span class=\"ci\">", f);
        hx(f, x.reference);
        fputs("</span></td>", f);
        if (m->ok)
            fprintf(f, "<td class=\"num\">%s<span class=\"ci\">[%s, %s]</span></td>",
                    fvalue(a, sizeof a, m->mean), fvalue(b, sizeof b, m->lo),
                    fvalue(c, sizeof c, m->hi));
        else
            fputs("<td class=\"num muted\">not in summary.csv</td>", f);
        fprintf(f, "<td class=\"num\">%s</td>", fvalue(a, sizeof a, x.value));
        if (isnan(x.rel) || !m->ok)
            fputs("<td class=\"num muted\">\u2014</td>", f);
        else
            fprintf(f, "<td class=\"num\">%+.2f%%</td>", fabs(x.rel) < 5e-5 ? 0.0 : 100 * x.rel);
        fputs("<td>", f);
        hx(f, x.fit);
        fputs("</td><td>", f);
        int exact = strcmp(x.fit, "exact") == 0;
        char z[64];
        verdict_detail(&x.v, z, sizeof z);
        if (!m->ok)
            fputs("<span class=\"muted\">\u2014</span>", f);
        else if (x.v.verdict == STAT_AGREES)
            fprintf(f, "<span class=\"ok\">agrees</span> <span class=\"small\">%s</span>", z);
        else if (x.v.verdict == STAT_UNDECIDED)
            fprintf(f, "<span class=\"muted\">undecided</span> <span class=\"small\">%s</span>", z);
        else if (exact)
            fprintf(f, "<span class=\"bad\">DISAGREES</span> <span class=\"small\">%s</span>", z);
        else
            fprintf(f,
                    "<span class=\"muted\">differs (approximate)</span> <span "
                    "class=\"small\">%s</span>",
                    z);
        fputs("</td></tr>\n", f);
    }
    if (shown)
        fputs("</tbody></table>\n", f);
    else
        fputs("<p class=\"muted\">No closed form estimates a simulated metric of this "
              "scenario.</p>\n",
              f);
    /* The others: quantities without a metric, then those that do not apply and why. */
    int other = 0;
    for (int r = 1; r < s->an.nrows; r++) {
        xrow x;
        xrow_get(s, r, &x);
        if (x.k >= 0 || !x.applies || x.metric[0]) continue;
        fputs(other++ ? " \u00b7 " : "<p class=\"small\">Other closed forms: ", f);
        hx(f, x.quantity);
        fprintf(f, " = <b>%s</b> (", fvalue(a, sizeof a, x.value));
        hx(f, x.fit);
        fputs(")", f);
    }
    if (other) fputs("</p>\n", f);
    int none = 0;
    for (int r = 1; r < s->an.nrows; r++) {
        xrow x;
        xrow_get(s, r, &x);
        if (x.applies) continue;
        fputs(none++ ? "" : "<p class=\"small\">None applies:</p><ul class=\"compact\">", f);
        fputs("<li><code>", f);
        hx(f, x.quantity);
        fputs("</code>", f);
        if (x.metric[0]) {
            fputs(" (", f);
            hx(f, x.metric);
            fputs(")", f);
        }
        fputs(": ", f);
        hx(f, x.note);
        fputs("</li>", f);
    }
    if (none) fputs("</ul>\n", f);
    fputs("<details><summary>Formulas, references and notes</summary><ul class=\"compact\">", f);
    for (int r = 1; r < s->an.nrows; r++) {
        xrow x;
        xrow_get(s, r, &x);
        fputs("<li><code>", f);
        hx(f, x.quantity);
        fputs("</code> = ", f);
        hx(f, x.formula);
        fputs(" <i>(", f);
        hx(f, x.reference);
        fputs(")</i>", f);
        if (x.note[0]) {
            fputs(". ", f);
            hx(f, x.note);
        }
        fputs("</li>", f);
    }
    fputs("</ul></details>\n", f);
}

/* sweep.csv: the points (key values), the metric's mean and CI, the paired difference to the
 * best. The metric is the one whose "_diff_to_best_mean" column is there. */
static void html_sweep(FILE *f, const rscn *s)
{
    const report_entry *e = s->e;
    fputs("<h3>Sweep</h3>\n", f);
    if (s->swrec) {
        fputs("<p class=\"small\">", f);
        int k = 0;
        for (int i = 0; i < s->swrec->nheader; i++) {
            const char *key = s->swrec->header[i].key, *v = s->swrec->header[i].value;
            int show = key ? strcmp(key, RECORD_POINTS) == 0 || strcmp(key, RECORD_TRIALS) == 0 ||
                                 strcmp(key, RECORD_METRIC) == 0 ||
                                 strcmp(key, RECORD_CLOSED_FORM) == 0
                           : strstr(v, " points x ") != NULL || strncmp(v, "vary ", 5) == 0 ||
                                 strncmp(v, "precision", 9) == 0;
            if (!show) continue;
            if (k++) fputs(" \u00b7 ", f);
            if (key) {
                hx(f, key);
                fputs(": ", f);
            }
            hx(f, v);
        }
        fputs("</p>\n", f);
    }
    if (s->swpng) {
        fputs("<figure class=\"sweep\">", f);
        png_img(f, s->swpng, s->swpng_len, "sweep picture");
        fputs("<figcaption>sweep.png: the metric against the first varied key, with 95% CI "
              "bars and the closed form where one applies.</figcaption></figure>\n",
              f);
    }
    if (!s->have_sw) return;
    const table *t = &s->sw;
    int ctr = tcol(t, "trials"), cdiff = -1;
    char metric[128] = "";
    for (int j = 0; j < t->ncols; j++) {
        const char *name = t->cell[j], *suf = "_diff_to_best_mean";
        size_t ln = strlen(name), ls = strlen(suf);
        if (ln > ls && ln - ls < sizeof metric && strcmp(name + ln - ls, suf) == 0) {
            snprintf(metric, sizeof metric, "%.*s", (int)(ln - ls), name);
            cdiff = j;
        }
    }
    char buf[200];
    snprintf(buf, sizeof buf, "%s_mean", metric);
    int cm = tcol(t, buf);
    snprintf(buf, sizeof buf, "%s_ci95_low", metric);
    int clo = tcol(t, buf);
    snprintf(buf, sizeof buf, "%s_ci95_high", metric);
    int chi = tcol(t, buf);
    snprintf(buf, sizeof buf, "%s_diff_to_best_ci95_low", metric);
    int cdlo = tcol(t, buf);
    snprintf(buf, sizeof buf, "%s_diff_to_best_ci95_high", metric);
    int cdhi = tcol(t, buf);
    snprintf(buf, sizeof buf, "%s_closed_form", metric);
    int ccf = tcol(t, buf);
    int cbest = tcol(t, "best"), cind = tcol(t, "indistinguishable_from_best");
    if (cm < 0 || cdiff < 0) {
        fputs("<p class=\"muted\">sweep.csv has no metric columns to show.</p>\n", f);
        return;
    }
    /* Key columns: those before "trials", but the "_h" companion of a duration. */
    int key[16], nk = 0;
    for (int j = 0; j < ctr && nk < 16; j++) {
        size_t ln = strlen(t->cell[j]);
        if (j > 0 && ln > 2 && strcmp(t->cell[j] + ln - 2, "_h") == 0 &&
            strncmp(t->cell[j], t->cell[j - 1], ln - 2) == 0 && t->cell[j - 1][ln - 2] == '\0')
            continue;
        key[nk++] = j;
    }
    int has_cf = 0;
    for (int r = 1; r < t->nrows && ccf >= 0; r++)
        has_cf |= tcell(t, r, ccf)[0] != '\0';
    fputs("<table class=\"sweep\"><thead><tr>", f);
    for (int k = 0; k < nk; k++) {
        fputs("<th>", f);
        hx(f, t->cell[key[k]]);
        fputs("</th>", f);
    }
    fputs("<th class=\"num\">Trials</th><th class=\"num\">", f);
    hx(f, metric);
    fputs(" [95% CI]</th><th class=\"num\">Paired difference to best [95% CI]</th>", f);
    if (has_cf) fputs("<th class=\"num\">Closed form</th>", f);
    fputs("<th></th></tr></thead><tbody>\n", f);
    int km = metric_index(metric);
    int dec = km >= 0 ? (metric_table[km].kind == METRIC_KIND_RATIO ? 4 : 2)
                      : (strstr(metric, "_h") ? 2 : 4); /* durations in hours end in _h */
    for (int r = 1; r < t->nrows; r++) {
        fputs("<tr>", f);
        for (int k = 0; k < nk; k++) {
            fputs("<td>", f);
            hx(f, tcell(t, r, key[k]));
            fputs("</td>", f);
        }
        fputs("<td class=\"num\">", f);
        hx(f, tcell(t, r, ctr));
        fputs("</td>", f);
        double v[6];
        int cols[6] = {cm, clo, chi, cdiff, cdlo, cdhi};
        for (int j = 0; j < 6; j++)
            if (cols[j] < 0 || parse_num(tcell(t, r, cols[j]), &v[j])) v[j] = NAN;
        int best = cbest >= 0 && strcmp(tcell(t, r, cbest), "1") == 0;
        int same = cind >= 0 && strcmp(tcell(t, r, cind), "1") == 0;
        char x[64], y[64], z[64];
        fprintf(f, "<td class=\"num\">%s<span class=\"ci\">[%s, %s]</span></td>",
                fnum(x, sizeof x, v[0], dec), fnum(y, sizeof y, v[1], dec),
                fnum(z, sizeof z, v[2], dec));
        if (best)
            fputs("<td class=\"num muted\">\u2014</td>", f);
        else
            fprintf(f, "<td class=\"num\">%+.*f<span class=\"ci\">[%+.*f, %+.*f]</span></td>", dec,
                    v[3], dec, v[4], dec, v[5]);
        if (has_cf) {
            double cf;
            if (parse_num(tcell(t, r, ccf), &cf)) cf = NAN;
            fprintf(f, "<td class=\"num\">%s</td>", fnum(x, sizeof x, cf, dec));
        }
        fprintf(f, "<td>%s</td></tr>\n",
                best   ? "<span class=\"badge b-ran\">best</span>"
                : same ? "<span class=\"small\">not distinguishable from best</span>"
                       : "");
    }
    fputs("</tbody></table>\n<p class=\"small\">Files: ", f);
    static const char *const files[] = {"sweep.csv", "sweep.png", "run.txt"};
    for (int i = 0; i < 3; i++) {
        fputs(i ? " \u00b7 <a href=\"" : "<a href=\"", f);
        url2(f, e->sweep_dir, files[i]);
        fprintf(f, "\">%s</a>", files[i]);
    }
    fputs("</p>\n", f);
}

static void dl_item(FILE *f, const char *label, const char *value)
{
    if (!value) return;
    fputs("<dt>", f);
    hx(f, label);
    fputs("</dt><dd>", f);
    hx(f, value);
    fputs("</dd>", f);
}

static void html_record(FILE *f, const rscn *s)
{
    const report_entry *e = s->e;
    fputs("<h3>Run record</h3>\n<dl class=\"rec\">", f);
    const record_file *r = s->rec;
    dl_item(f, "Scenario file", e->file);
    dl_item(f, "Scenario name", s->name);
    if (r) {
        dl_item(f, "relsim version", record_version(r));
        dl_item(f, "Date of the run", record_get(r, RECORD_DATE));
        dl_item(f, "Seed", record_get(r, RECORD_SEED));
        dl_item(f, "Trials", record_get(r, RECORD_TRIALS));
        dl_item(f, "Threads", record_get(r, RECORD_THREADS));
        dl_item(f, "Wall time", record_get(r, RECORD_WALL_TIME));
        dl_item(f, "Scenario hash", record_get(r, RECORD_SCENARIO_HASH));
        dl_item(f, "System MTBF", record_get(r, RECORD_SYSTEM_MTBF));
        dl_item(f, "Command", record_get(r, RECORD_COMMAND));
    }
    if (e->dir) {
        fputs("<dt>Results</dt><dd>", f);
        static const char *const files[] = {"summary.csv", "trials.csv", "analytic.csv", "run.txt",
                                            "summary.png"};
        for (int i = 0; i < 5; i++) {
            fputs(i ? " \u00b7 <a href=\"" : "<a href=\"", f);
            url2(f, e->dir, files[i]);
            fprintf(f, "\">%s</a>", files[i]);
        }
        fputs(" <span class=\"small\">in ", f);
        hx(f, e->dir);
        fputs("/</span></dd>", f);
    }
    fputs("</dl>\n", f);
}

static void html_scenario(FILE *f, const rscn *s)
{
    const report_entry *e = s->e;
    fprintf(f, "<section class=\"card scenario\" id=\"s-%d\"><div class=\"shead\"><h2>",
            s->order + 1);
    if (s->rank) fprintf(f, "<span class=\"rank\">#%d</span> ", s->rank);
    hx(f, s->name[0] ? s->name : "(unnamed)");
    fputs("</h2>", f);
    badge(f, e->status);
    fputs("</div>\n", f);
    if (e->file) {
        fputs("<p class=\"file\">", f);
        hx(f, e->file);
        fputs("</p>\n", f);
    }
    if (s->group == G_FAILED) {
        fputs("<p>This scenario did not run:</p><div class=\"msg\">", f);
        hx(f, e->message && e->message[0] ? e->message : "(no message)");
        fputs("</div></section>\n", f);
        return;
    }
    html_facts(f, s);
    if (s->nprob) {
        fputs("<div class=\"problems\"><b>Incomplete results:</b><ul>", f);
        for (int i = 0; i < s->nprob; i++) {
            fputs("<li>", f);
            hx(f, s->prob[i]);
            fputs("</li>", f);
        }
        fputs("</ul></div>\n", f);
    }
    if (s->have_sum) {
        html_kpis(f, s);
        html_breakdown(f, s);
    }
    if (e->dir) html_xcheck(f, s);
    if (s->png) {
        fputs("<h3>Overheads and spread over trials</h3><figure>", f);
        png_img(f, s->png, s->png_len, "summary picture");
        fprintf(f,
                "<figcaption>summary.png: where the time went, and the spread of %s across "
                "trials.</figcaption></figure>\n",
                s->has_job ? "goodput" : "availability");
    }
    if (e->sweep_dir) html_sweep(f, s);
    html_record(f, s);
    fputs("</section>\n", f);
}

static void write_html(FILE *f, rscn *const *ord, int n, const report_info *info, const char *date,
                       double total_wall)
{
    int nran = 0, nup = 0, nfail = 0;
    for (int i = 0; i < n; i++) {
        nran += ord[i]->e->status == REPORT_RAN;
        nup += ord[i]->e->status == REPORT_UP_TO_DATE;
        nfail += ord[i]->e->status == REPORT_FAILED;
    }
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "img-src data:; style-src 'unsafe-inline'\">\n"
          "<link rel=\"icon\" href=\"data:,\">\n",
          f);
    fprintf(f, "<title>relsim report, %s</title>\n<style>\n%s</style></head><body>\n", date, css);
    fprintf(f,
            "<header class=\"top\"><div class=\"wrap\"><h1>Cluster reliability report</h1>"
            "<div class=\"sub\">relsim %s \u00b7 batch of %s \u00b7 %d scenario%s",
            RELSIM_VERSION, date, n, n == 1 ? "" : "s");
    char w[64];
    if (info && !isnan(info->wall_s) && info->wall_s >= 0)
        fprintf(f, " \u00b7 total wall time %s", fwall(w, sizeof w, info->wall_s));
    if (info && info->threads > 0)
        fprintf(f, " \u00b7 %d thread%s", info->threads, info->threads == 1 ? "" : "s");
    fputs("</div>\n", f);
    if (info && info->command) {
        fputs("<div class=\"cmd\">$ ", f);
        hx(f, info->command);
        fputs("</div>\n", f);
    }
    fprintf(f,
            "<div class=\"stats\"><span class=\"stat\"><b>%d</b>ran</span><span "
            "class=\"stat\"><b>%d</b>up to date</span><span class=\"stat%s\"><b>%d</b>failed"
            "</span><span class=\"stat\"><b>%s</b>of computing behind these results</span>"
            "</div></div></header>\n<main class=\"wrap\">\n",
            nran, nup, nfail ? " alert" : "", nfail, fwall(w, sizeof w, total_wall));
    html_summary(f, ord, n);
    html_legend(f);
    for (int i = 0; i < n; i++)
        html_scenario(f, ord[i]);
    fprintf(f,
            "</main><footer class=\"wrap\">Written by relsim %s from the files in this "
            "directory (report.csv, report.md beside it). Every figure is a mean over Monte "
            "Carlo trials.</footer>\n</body></html>\n",
            RELSIM_VERSION);
}

/* ------------------------------------------------------------------------------------------ */
/* report.md */

static void md_mean_ci(FILE *f, const msum *m, int dec)
{
    char a[64], b[64];
    if (!m->ok)
        fputs(" \u2014 |", f);
    else
        fprintf(f, " %s %s |", fnum(a, sizeof a, m->mean, dec), fhalf(b, sizeof b, m, dec));
}

static void md_link(FILE *f, const char *dir, const char *file)
{
    fprintf(f, "[%s](", file);
    url2(f, dir, file);
    fputs(")", f);
}

static void write_md(FILE *f, rscn *const *ord, int n, const report_info *info, const char *date)
{
    char a[64];
    fprintf(f, "# relsim report, %s\n\n", date);
    fprintf(f, "relsim %s, %d scenario%s", RELSIM_VERSION, n, n == 1 ? "" : "s");
    if (info && !isnan(info->wall_s) && info->wall_s >= 0)
        fprintf(f, ", total wall time %s", fwall(a, sizeof a, info->wall_s));
    fputs(".", f);
    if (info && info->command) {
        fputs(" Command: ", f);
        mx(f, info->command);
    }
    fputs("\n\n| # | Scenario | Status | Goodput (\u00b1 95% CI) | Availability (\u00b1 95% CI) | "
          "Downtime / year (h) | Time to finish (h) | Failures / run | Closed forms |\n"
          "|---:|---|---|---:|---:|---:|---:|---:|---|\n",
          f);
    for (int i = 0; i < n; i++) {
        const rscn *s = ord[i];
        if (s->rank)
            fprintf(f, "| %d | ", s->rank);
        else
            fputs("| \u2014 | ", f);
        mx(f, s->name[0] ? s->name : "(unnamed)");
        fputs(" | ", f);
        fputs(status_word(s->e->status), f);
        fputs(" |", f);
        if (s->group == G_FAILED) {
            fputs(" \u2014 | \u2014 | \u2014 | \u2014 | \u2014 | ", f);
            mx(f, s->e->message ? s->e->message : "");
            fputs(" |\n", f);
            continue;
        }
        if (s->group == G_NODATA) {
            fputs(" \u2014 | \u2014 | \u2014 | \u2014 | \u2014 | results incomplete: ", f);
            mx(f, s->nprob ? s->prob[0] : "no summary");
            fputs(" |\n", f);
            continue;
        }
        if (s->group == G_HARDWARE)
            fputs(" no job |", f);
        else
            md_mean_ci(f, &s->m[METRIC_goodput], 4);
        md_mean_ci(f, &s->m[METRIC_availability], avail_decimals(s->m[METRIC_availability].mean));
        fprintf(f, " %s |", fhours(a, sizeof a, downtime_per_year(s)));
        fprintf(f, " %s%s |", s->group == G_HARDWARE ? "horizon " : "",
                fhours(a, sizeof a, mean_of(s, METRIC_makespan_h)));
        fprintf(f, " %s |", fcount(a, sizeof a, mean_of(s, METRIC_failures)));
        xcount c = xcheck_counts(s);
        if (!s->have_an)
            fputs(" not available |\n", f);
        else if (c.disagree)
            fprintf(f, " **DISAGREES** (%d of %d exact) |\n", c.disagree,
                    c.agree + c.disagree + c.undecided);
        else if (c.undecided)
            fprintf(f, " undecided (%d exact: fewer than 2 trials) |\n", c.undecided);
        else if (c.agree)
            fprintf(f, " agrees (%d exact, %d approx.) |\n", c.agree, c.approx);
        else if (c.approx)
            fprintf(f, " approximate only (%d) |\n", c.approx);
        else
            fputs(" none applies |\n", f);
    }
    fputs("\nGoodput: useful work \u00f7 time to finish. Availability: share of time with every "
          "node slot up; downtime per year = (1 \u2212 availability) \u00d7 8,760 h. \u00b1: "
          "half-width of the 95% confidence interval of the mean.\n\n## Scenarios\n\n",
          f);
    for (int i = 0; i < n; i++) {
        const rscn *s = ord[i];
        const report_entry *e = s->e;
        fputs("- **", f);
        mx(f, s->name[0] ? s->name : "(unnamed)");
        fputs("**", f);
        if (e->file) {
            fputs(" (", f);
            mx(f, e->file);
            fputs(")", f);
        }
        fprintf(f, ": %s", status_word(e->status));
        if (s->group == G_FAILED) {
            fputs(": ", f);
            mx(f, e->message ? e->message : "");
            fputs("\n", f);
            continue;
        }
        const record_file *r = s->rec;
        const char *tr = r ? record_get(r, RECORD_TRIALS) : NULL,
                   *sd = r ? record_get(r, RECORD_SEED) : NULL;
        if (tr && sd) {
            fputs(", ", f);
            mx(f, tr);
            fputs(" trials, seed ", f);
            mx(f, sd);
        }
        if (!isnan(s->wall_s)) fprintf(f, ", %.2f s", s->wall_s);
        if (e->dir) {
            fputs(". ", f);
            md_link(f, e->dir, "summary.csv");
            fputs(", ", f);
            md_link(f, e->dir, "summary.png");
            fputs(", ", f);
            md_link(f, e->dir, "analytic.csv");
            fputs(", ", f);
            md_link(f, e->dir, "run.txt");
        }
        if (e->sweep_dir) {
            fputs("; sweep: ", f);
            md_link(f, e->sweep_dir, "sweep.csv");
            fputs(", ", f);
            md_link(f, e->sweep_dir, "sweep.png");
        }
        fputs(".", f);
        if (s->nprob) {
            fputs(" Incomplete: ", f);
            for (int k = 0; k < s->nprob; k++) {
                if (k) fputs("; ", f);
                mx(f, s->prob[k]);
            }
            fputs(".", f);
        }
        fputs("\n", f);
    }
    fputs("\nThe full report, with pictures: [report.html](report.html); the numbers: "
          "[report.csv](report.csv).\n",
          f);
}

/* ------------------------------------------------------------------------------------------ */

int report_write(const char *out, const report_entry *e, int n, const report_info *info, char *err,
                 size_t errlen)
{
    if (n < 0 || (n > 0 && !e)) {
        snprintf(err, errlen, "report: no entries");
        return -1;
    }
    arena A = {0};
    rscn *S = calloc((size_t)n + 1, sizeof *S);
    rscn **ord = calloc((size_t)n + 1, sizeof *ord);
    csvout *c = NULL;
    outfile *h = NULL, *m = NULL;
    int rc = -1;
    if (!S || !ord) {
        snprintf(err, errlen, "report: out of memory");
        goto out;
    }
    double total_wall = 0;
    for (int i = 0; i < n; i++) {
        S[i].e = &e[i];
        S[i].order = i;
        load_entry(&A, out, info && info->no_plot, &S[i]);
        ord[i] = &S[i];
        if (!isnan(S[i].wall_s)) total_wall += S[i].wall_s;
        if (!isnan(S[i].sweep_wall_s)) total_wall += S[i].sweep_wall_s;
    }
    qsort(ord, (size_t)n, sizeof *ord, cmp_rank);
    for (int i = 0, r = 0; i < n; i++)
        if (ord[i]->group == G_JOB || ord[i]->group == G_HARDWARE) ord[i]->rank = ++r;
    char date[64];
    time_t now = time(NULL);
    struct tm tm;
    strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", gmtime_r(&now, &tm));

    char path[1200];
    snprintf(path, sizeof path, "%s/report.csv", out);
    if (!(c = csvout_open(path, csv_cols, NCSV, err, errlen))) goto out;
    snprintf(path, sizeof path, "%s/report.html", out);
    if (!(h = outfile_open(path, err, errlen))) goto out;
    snprintf(path, sizeof path, "%s/report.md", out);
    if (!(m = outfile_open(path, err, errlen))) goto out;
    for (int i = 0; i < n; i++)
        write_csv_row(c, ord[i]);
    write_html(outfile_stream(h), ord, n, info, date, total_wall);
    write_md(outfile_stream(m), ord, n, info, date);
    if (A.oom) {
        snprintf(err, errlen, "report: out of memory");
        goto out;
    }
    /* Each file is complete: flush them all before renaming any, so that a full disk stops all
     * three rather than the last. */
    if (fflush(outfile_stream(h)) != 0 || fflush(outfile_stream(m)) != 0 ||
        ferror(outfile_stream(h)) || ferror(outfile_stream(m))) {
        snprintf(err, errlen, "%s/report.*: write failed: %s", out, strerror(errno));
        goto out;
    }
    rc = csvout_commit(c, err, errlen);
    c = NULL;
    if (rc == 0) rc = outfile_commit(h, err, errlen);
    h = NULL;
    if (rc == 0) rc = outfile_commit(m, err, errlen);
    m = NULL;
out:
    csvout_abort(c);
    outfile_abort(h);
    outfile_abort(m);
    a_free(&A);
    for (int i = 0; S && i < n; i++) {
        record_free(S[i].rec);
        record_free(S[i].swrec);
    }
    free(S);
    free(ord);
    return rc;
}
