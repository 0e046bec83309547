/*
 * report: the report of a batch of scenarios (report.csv, report.html, report.md), built from the
 * files in the batch's output directory alone.
 *
 * Everything shown is read back from what the runs wrote (run.txt's "; key: value" lines and
 * scenario body, summary.csv, analytic.csv, summary.png, and for a sweep sweep.csv, its run.txt
 * and sweep.png), so that a resumed batch reports the scenarios it skipped as up to date exactly
 * as those it ran. A missing or malformed file is named in the report (the entry then shows what
 * it could read); it is never a reason to fail.
 *
 *   report.csv   one row per entry, in the ranked order (downtime_per_year_h only for trials of
 *                a month or more, empty otherwise: down_h_mean is the window's): key metrics
 *                with their 95% CIs, the
 *                closed-form cross-check of makespan_h and availability, the run record.
 *   report.html  one self-contained page (inline CSS, pictures as data: URIs, nothing fetched):
 *                a summary table ranked by goodput, then a section per scenario.
 *   report.md    the summary table (GitHub markdown) and a list of the scenarios, with links to
 *                their files relative to OUT, for pasting into tickets.
 *
 * The closed-form cross-check: every analytic.csv row that estimates a simulated mean gets
 * stat_agree's verdict (analysis/stat.h), the one relsim run prints: agrees, DISAGREES (an exact
 * form; "differs" for an approximate one) or undecided (no standard error: fewer than 2
 * trials, or every trial equal). report.csv's
 * *_within_4se columns are 1 (agrees), 0 (disagrees) or empty (undecided, or nothing to compare);
 * the limit is 4 SE at large n and wider with few trials.
 *
 * The code is in analysis/report/, one job a file (report_int.h lists them); the page's style
 * sheet is analysis/report/report.css, embedded at build time.
 *
 * Ranking: scenarios with a job by mean goodput (highest first); then scenarios without a job
 * (goodput 0) by mean availability; then entries whose summary could not be read; failed entries
 * last. Ties keep the order given.
 */
#ifndef RELSIM_ANALYSIS_REPORT_H
#define RELSIM_ANALYSIS_REPORT_H

#include <stddef.h>

typedef enum { REPORT_RAN, REPORT_UP_TO_DATE, REPORT_FAILED } report_status;

typedef struct {
    const char *file;      /* scenario file as given on the command line */
    const char *name;      /* scenario name, or NULL if it did not load */
    const char *dir;       /* its results directory relative to OUT (trials.csv, summary.csv,
                              run.txt, summary.png, analytic.csv), NULL if it failed */
    const char *sweep_dir; /* its sweep's directory relative to OUT (sweep.csv, sweep.png,
                              run.txt), or NULL */
    report_status status;
    const char *message; /* for REPORT_FAILED: the error lines, '\n'-separated */
} report_entry;

typedef struct {
    const char *command; /* the batch's command line */
    double wall_s;       /* the batch's wall time */
    int threads;
    int no_plot; /* pictures were not drawn (--no-plot): a missing PNG is then no problem */
} report_info;

/* Reads the entries' files below OUT and writes report.csv, report.html and report.md into DIR
 * (NULL: OUT itself), each whole or not at all (analysis/outfile.h); the batch passes the staging
 * directory of a result set (analysis/resultset.h) and publishes the three together. info may be
 * NULL. Returns 0, or -1 with a message. */
int report_write(const char *out, const char *dir, const report_entry *e, int n,
                 const report_info *info, char *err,
                 size_t errlen);

/* Base64 (RFC 4648 section 4: the standard alphabet, '=' padding) of n bytes: writes
 * report_base64_len(n) characters and a NUL to out. Returns the number of characters. */
size_t report_base64_len(size_t n);
size_t report_base64(const void *in, size_t n, char *out);

/* The names of the report's files (NULL-terminated), report.html last: the one whose presence
 * says the set is whole. */
extern const char *const report_outputs[];

/* 1 if OUT/NAME (a report file's name) is absent or was written by relsim: the batch will not
 * replace a report.md it did not write without --force. */
int report_is_ours(const char *out, const char *name);

#endif
