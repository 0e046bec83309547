/*
 * entry: one scenario of the batch as read back from its files (run.txt through
 * analysis/record.h, summary.csv, analytic.csv, the pictures, and its sweep's), with the list of
 * what could not be read; and the order entries are ranked in (see report.h).
 */
#include "analysis/report/report_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_PNG (32u << 20)

/* Adds a line to the entry's list of what could not be read (the first MAX_PROBLEMS). */
__attribute__((format(printf, 3, 4))) static void problem(arena *A, rscn *s, const char *fmt, ...)
{
    if (s->nprob == MAX_PROBLEMS) return;
    va_list ap;
    va_start(ap, fmt);
    s->prob[s->nprob++] = arena_vprintf(A, fmt, ap);
    va_end(ap);
}

static const char *join(arena *A, const char *out, const char *dir, const char *file)
{
    return arena_printf(A, "%s/%s/%s", out, dir, file);
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

/* The index of a metric the report reads back (METRIC_REPORT in models/metric.h), or -1. */
int report_metric(const char *name)
{
    int k = metric_index(name);
    return k >= 0 && (metric_table[k].flags & METRIC_REPORT) ? k : -1;
}

static void load_summary(arena *A, rscn *s, const char *path)
{
    static const char *const need[] = {"metric", "mean", "sd", "ci95_low", "ci95_high", "n"};
    table t;
    const char *why = report_table_load(A, path, need, 6, &t);
    if (why) {
        problem(A, s, "summary.csv: %s", why);
        return;
    }
    int c[6];
    for (int j = 0; j < 6; j++)
        c[j] = report_table_col(&t, need[j]);
    for (int r = 1; r < t.nrows; r++) {
        const char *row = report_table_cell(&t, r, c[0]);
        if (strncmp(row, "restores_", 9) == 0 && metric_index(row) < 0 &&
            s->ntier < METRIC_MAX_TIERS) /* a storage tier's row: its name follows */
            s->tier[s->ntier++] = row + 9;
    }
    for (int i = 0; i < s->ntier; i++) /* the tier's rows, by name */
        for (int q = 0; q < 4; q++) {
            static const char *const pre[4] = {"restores_", "skipped_", "checkpoint_", "restart_"};
            static const char *const suf[4] = {"", "", "_h", "_h"};
            char want[METRIC_NAME_MAX + 16];
            snprintf(want, sizeof want, "%s%s%s", pre[q], s->tier[i], suf[q]);
            s->tier_val[i][q] = NAN;
            for (int r = 1; r < t.nrows; r++)
                if (strcmp(report_table_cell(&t, r, c[0]), want) == 0 &&
                    report_parse_num(report_table_cell(&t, r, c[1]), &s->tier_val[i][q]))
                    s->tier_val[i][q] = NAN;
        }
    for (int r = 1; r < t.nrows; r++) {
        int k = report_metric(report_table_cell(&t, r, c[0]));
        if (k < 0) continue;
        double v[5];
        int bad = 0;
        for (int j = 0; j < 5; j++)
            bad |= report_parse_num(report_table_cell(&t, r, c[j + 1]), &v[j]);
        /* an empty mean is a figure that does not apply (a ratio of totals over nothing: RPO
         * with no interruption, a service's job figures): not there, not a problem; the
         * headline figures must be there (below) */
        int y, x;
        if (!bad && isnan(v[0]) && metric_table[k].headline == 0 && metric_ratio(k, &y, &x))
            continue;
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
    const char *why = report_read_file(A, path, MAX_PNG, &d, &n);
    if (why && optional && strcmp(why, "missing") == 0) return;
    if (!why && !is_png(d, n)) why = "not a PNG picture";
    if (why) {
        problem(A, s, "%s: %s", label, why);
        return;
    }
    *png = d;
    *len = n;
}

const char *report_base_name(const char *path)
{
    const char *b = path ? strrchr(path, '/') : NULL;
    return b && b[1] ? b + 1 : path ? path : "";
}

void report_entry_load(arena *A, const char *out, int no_plot, rscn *s)
{
    static const char *const an_need[] = {"quantity", "value", "fit", "metric"};
    const report_entry *e = s->e;
    s->wall_s = s->sweep_wall_s = NAN;
    if (e->status == REPORT_FAILED) {
        s->group = G_FAILED;
        s->name = e->name ? e->name : report_base_name(e->file);
        return;
    }
    const char *why;
    char rwhy[300];
    if (e->dir) {
        s->rec = record_load(arena_printf(A, "%s/%s", out, e->dir), rwhy, sizeof rwhy);
        if (!s->rec) problem(A, s, "run.txt: %s", rwhy);
        load_summary(A, s, join(A, out, e->dir, "summary.csv"));
        why = report_table_load(A, join(A, out, e->dir, "analytic.csv"), an_need, 4, &s->an);
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
        why = report_table_load(A, join(A, out, e->sweep_dir, "sweep.csv"), NULL, 0, &s->sw);
        if (!why && report_table_col(&s->sw, "trials") < 0) why = "malformed: no column 'trials'";
        if (why)
            problem(A, s, "sweep.csv: %s", why);
        else
            s->have_sw = 1;
        s->swrec = record_load(arena_printf(A, "%s/%s", out, e->sweep_dir), rwhy, sizeof rwhy);
        if (!s->swrec) problem(A, s, "sweep run.txt: %s", rwhy);
        const char *w = s->swrec ? record_get(s->swrec, RECORD_WALL_TIME) : NULL;
        double x;
        if (w && sscanf(w, "%lf", &x) == 1) s->sweep_wall_s = x;
        load_png(A, s, join(A, out, e->sweep_dir, "sweep.png"), "sweep.png", no_plot, &s->swpng,
                 &s->swpng_len);
    }
    const char *rname = s->rec ? record_get(s->rec, RECORD_SCENARIO_NAME) : NULL;
    s->name = e->name ? e->name : rname ? rname : report_base_name(e->file);
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

int report_entry_cmp(const void *pa, const void *pb)
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
