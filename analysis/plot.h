/*
 * plot: pictures drawn by gnuplot, run as an external program.
 *
 * A gnuplot script is written to a temporary file, gnuplot (pngcairo terminal) writes the PNG to
 * a temporary name, and the PNG is renamed into place only if gnuplot succeeded.
 */
#ifndef RELSIM_ANALYSIS_PLOT_H
#define RELSIM_ANALYSIS_PLOT_H

#include <stddef.h>

#define PLOT_MAX_BARS 8

/* The picture of one run: where the time went (bars of mean hours, with their share of the
 * makespan) beside the spread of one metric across trials (a histogram read from trials.csv). */
typedef struct {
    const char *png_path; /* final path of the picture */
    const char *title;
    const char *bar_title; /* title of the bars' panel */
    int nbars;
    const char *bar_label[PLOT_MAX_BARS];
    double bar_hours[PLOT_MAX_BARS]; /* mean hours per trial */
    double bar_share[PLOT_MAX_BARS]; /* share of the mean makespan, 0..1 */
    const char *trials_csv;          /* file with one row per trial (header row first) */
    int hist_column;                 /* 1-based column of the metric in trials_csv */
    const char *hist_label;          /* axis label of the metric */
    double hist_min, hist_max, mean, p05, p95;
    unsigned long long trials;
} plot_run;

/* Draws the picture. Returns 0, -1 with a message on failure, or 1 if gnuplot is not installed
 * (the message says so; callers may go on without the picture). */
int plot_run_summary(const plot_run *p, char *err, size_t n);

/* The picture of a sweep: a metric (mean with 95% CI bars) against the first varied key, one
 * line per group (combination of the other keys), the closed form beside it where one applies,
 * vertical markers (e.g. the Young and Daly optima), and the best point marked. */
#define PLOT_MAX_MARKS 16

typedef struct {
    int group;         /* 0 .. ngroups-1 */
    double x;          /* position (for categorical x: 0, 1, ...) */
    const char *xtext; /* the value as written (x tic label when categorical) */
    double mean, lo, hi;
    double closed; /* closed form, NAN if none */
} plot_sweep_row;

typedef struct {
    const char *png_path, *title, *xlabel, *ylabel;
    int logx, categorical;
    int ngroups;
    const char *const *group_label; /* ngroups labels ("" for a single group) */
    int nrows;
    const plot_sweep_row *rows;
    int nmarks;
    double mark_x[PLOT_MAX_MARKS];
    const char *mark_label[PLOT_MAX_MARKS];
    double best_x, best_y;
    const char *closed_label; /* legend of the closed-form lines */
} plot_sweep;

int plot_sweep_picture(const plot_sweep *p, char *err, size_t n);

/* Runs gnuplot on a script text; the script's "set output" must name out_tmp. Returns as
 * plot_run_summary. */
int plot_gnuplot(const char *script, char *err, size_t n);

#endif
