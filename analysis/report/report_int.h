/*
 * report_int: what the files of analysis/report/ share; the public API is analysis/report.h.
 *
 *   read.c           a file into the arena; CSV tables over libcsv; numbers as csvout writes them
 *   entry.c          one entry read back from its files, its problems; the ranking
 *   xcheck.c         the closed-form cross-check (stat_agree's verdict)
 *   fmt.c            numbers for people; text escaped for HTML, markdown and URLs
 *   csv.c            report.csv
 *   html.c           report.html: the page, the summary, the legend
 *   html_scenario.c  report.html: the section of one scenario
 *   md.c             report.md
 *   write.c          report_write: read, rank, write the three files whole or not at all
 *   base64.c         report_base64 (public)
 *   arena.h          the memory of everything read
 *   report.css       the page's style sheet, embedded by make as report_css (build/gen/)
 */
#ifndef RELSIM_ANALYSIS_REPORT_REPORT_INT_H
#define RELSIM_ANALYSIS_REPORT_REPORT_INT_H

#include <stddef.h>
#include <stdio.h>

#include "analysis/csvout.h"
#include "analysis/record.h"
#include "analysis/report.h"
#include "analysis/report/arena.h"
#include "analysis/stat.h"
#include "models/metric.h"

#ifndef RELSIM_VERSION
#define RELSIM_VERSION "unknown"
#endif

#define MAX_TEXT_FILE (4u << 20) /* summary.csv, analytic.csv, sweep.csv */
#define MAX_PROBLEMS 16

/* The style sheet of report.html: analysis/report/report.css as a C string (Makefile). */
extern const char report_css[];

/* ---------------------------------------------------------------- read.c */

/* A CSV file: row 0 is the header; every row has the header's number of fields. */
typedef struct {
    int nrows, ncols;
    const char **cell; /* nrows * ncols */
} table;

/* Reads a whole regular file of at most max bytes (NUL-terminated) into the arena. NULL on
 * success, else why not ("missing", "cannot read: ...", "larger than N MiB", ...). */
const char *report_read_file(arena *A, const char *path, size_t max, char **data, size_t *len);

/* Reads a CSV file (at most MAX_TEXT_FILE bytes) into t. NULL on success, else why it cannot be
 * used; the columns named in need (nneed of them) must be present. */
const char *report_table_load(arena *A, const char *path, const char *const *need, int nneed,
                              table *t);

/* The column of that name, or -1. */
int report_table_col(const table *t, const char *name);

/* The field of row r in column c; "" for c = -1. */
const char *report_table_cell(const table *t, int r, int c);

/* A number as written by csvout: an empty field is NAN. 0 if s is one, -1 if not. */
int report_parse_num(const char *s, double *x);

/* ---------------------------------------------------------------- entry.c */

/* A metric's summary, as summary.csv gives it (ok: its row was read). */
typedef struct {
    int ok;
    double mean, sd, lo, hi, n;
} msum;

/* The groups of the ranking, in order. */
enum { G_JOB, G_HARDWARE, G_NODATA, G_FAILED };

/* One entry of the report, as read back. */
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
    /* storage tiers, found by their rows restores_NAME in summary.csv (file order), with the means
     * of restores_NAME, skipped_NAME, checkpoint_NAME_h and restart_NAME_h (NAN if absent) */
    int ntier;
    const char *tier[METRIC_MAX_TIERS];
    double tier_val[METRIC_MAX_TIERS][4];
} rscn;

/* Reads the files of s->e below OUT into s (s->e and s->order set, the rest zero). The records
 * are s->rec and s->swrec, to be freed with record_free; everything else is in the arena. */
void report_entry_load(arena *A, const char *out, int no_plot, rscn *s);

/* qsort's comparison of two rscn pointers in the ranked order (report.h). */
int report_entry_cmp(const void *pa, const void *pb);

/* The index of a metric the report reads back (METRIC_REPORT in models/metric.h), or -1. */
int report_metric(const char *name);

/* The last component of a path ("" for NULL). */
const char *report_base_name(const char *path);

/* ---------------------------------------------------------------- xcheck.c */

/* An analytic.csv row, and its verdict against the simulated mean of its metric. */
typedef struct {
    const char *quantity, *fit, *metric, *formula, *reference, *note;
    double value;
    int k;          /* the metric (report_metric), or -1 */
    int applies;    /* a value to compare (fit is not n/a) */
    int compared;   /* it applies and the metric is in summary.csv: v is the verdict */
    stat_verdict v; /* stat_agree of the simulated mean with value, the one verdict of relsim */
    double rel;     /* (mean - value) / |value| */
} xrow;

/* Row r (1 and up) of s->an. */
void report_xrow_get(const rscn *s, int r, xrow *x);

/* The most exact row for metric k (exact, approximate, coarse, n/a; the first of equals), as
 * relsim run chooses it; 0 if none. */
int report_xrow_best(const rscn *s, int k, xrow *best);

/* Exact closed forms by verdict, and approximate ones that apply, with the largest relative
 * difference among those (NAN if none): an approximation gets no pass or fail, only how far it
 * is. */
typedef struct {
    int agree, disagree, undecided, approx;
    double approx_max_rel;
} xcount;

xcount report_xcheck_counts(const rscn *s);

/* ---------------------------------------------------------------- fmt.c */

/* "ran", "up to date", "FAILED". */
const char *report_status_word(report_status st);

/* Each writes into buf (n bytes) and returns it; NAN is an em dash. */
const char *report_fmt_num(char *buf, size_t n, double x, int dec); /* dec decimals */
const char *report_fmt_hours(char *buf, size_t n, double h);        /* 1 decimal, small: 2 digits */
const char *report_fmt_count(char *buf, size_t n, double x);        /* 2 decimals below 10 */
const char *report_fmt_value(char *buf, size_t n, double v);        /* 4 significant digits */
const char *report_fmt_half(char *buf, size_t n, const msum *m, int dec); /* "± 0.0005" */
const char *report_fmt_wall(char *buf, size_t n, double sec);             /* "4 min 05 s" */

/* Decimals for an availability: 4, more when 4 would round it to 1. */
int report_avail_decimals(double a);

/* (1 - availability) x 8,760 h, NAN without an availability. */
double report_downtime_per_year(const rscn *s);

/* The downtime the results support: "85.2 h / year" when the trials span a month or more,
 * else "2.1 h in 100 h" (the window itself: a year is not extrapolated from days). */
const char *report_fmt_downtime(char *buf, size_t n, const rscn *s);

/* 1 if the job completed in every trial (or there is no job); else the report shows the share
 * that completed and the work done by the horizon, not a time to finish that is not one. */
int report_all_completed(const rscn *s);

/* "1,296.0 h" of makespan, or "37% completed" when some trials ended at the horizon. */
const char *report_fmt_finish(char *buf, size_t n, const rscn *s);

/* The mean of metric k, NAN if it was not read. */
double report_mean_of(const rscn *s, int k);

/* Text for HTML: & < > " ' as entities, other control characters (but tab and newline) as
 * U+FFFD, so that no text from a file can open a tag or end an attribute. */
void report_html_esc(FILE *f, const char *s);

/* Text for a markdown table cell: ASCII punctuation that markdown acts on backslash-escaped,
 * line breaks as spaces. */
void report_md_esc(FILE *f, const char *s);

/* DIR/FILE as a relative URL, every byte but unreserved ones and '/' percent-encoded. */
void report_url(FILE *f, const char *dir, const char *file);

/* ---------------------------------------------------------------- csv.c, html.c, md.c */

/* Opens report.csv (csvout: whole or not at all) with its header row. */
csvout *report_csv_open(const char *path, char *err, size_t n);

/* The row of one entry. */
void report_csv_row(csvout *c, const rscn *s);

/* The page, the entries in ranked order; date as the report gives it, total_wall the wall time
 * of the runs behind it. */
void report_html_write(FILE *f, rscn *const *ord, int n, const report_info *info, const char *date,
                       double total_wall);

/* The status as a coloured badge. */
void report_html_badge(FILE *f, report_status st);

/* The section of one entry. */
void report_html_scenario(FILE *f, const rscn *s);

void report_md_write(FILE *f, rscn *const *ord, int n, const report_info *info, const char *date);

#endif
