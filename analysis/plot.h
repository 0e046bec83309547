/*
 * plot: pictures drawn by gnuplot, run as an external program.
 *
 * gnuplot runs in a directory of ours (a result set's private staging directory,
 * analysis/resultset.h), with its script, its log and its picture there under fixed names: no
 * path, and nothing a user wrote but the titles, ever enters the script, and those go in as
 * gnuplot single-quoted strings with every quote doubled and every control character replaced
 * (a newline cannot end the string and start a command). The picture counts as drawn only when
 * gnuplot exited 0 and the file is a whole PNG (its IEND chunk at the end): a picture gnuplot
 * could not finish (a full disk) is removed and said so.
 *
 * A picture that cannot be drawn never costs the results it illustrates: the functions return 1
 * with the reason (gnuplot missing, killed, failed with its first message line, the PNG
 * incomplete), and the caller publishes the rest and shows the reason.
 */
#ifndef RELSIM_ANALYSIS_PLOT_H
#define RELSIM_ANALYSIS_PLOT_H

#include <stdio.h>
#include <stddef.h>

#define PLOT_MAX_BARS 16
#define PLOT_MAX_COST 8

/* The picture of one run: where the time went (bars of mean hours, with their share of the
 * makespan) beside the spread of one metric across trials (a histogram read from trials.csv);
 * with costs, a third panel: where the money went (bars of the mean cost per trial of each part,
 * with their share of the mean cost). */
typedef struct {
    const char *dir; /* where gnuplot runs: the picture and trials_csv are in it */
    const char *png; /* the picture's file name in dir */
    const char *title;
    const char *bar_title; /* title of the bars' panel */
    int nbars;
    const char *bar_label[PLOT_MAX_BARS];
    double bar_hours[PLOT_MAX_BARS]; /* mean hours per trial */
    double bar_share[PLOT_MAX_BARS]; /* share of the mean makespan, 0..1 */
    const char *trials_csv;          /* file in dir with one row per trial (header row first) */
    int hist_column;                 /* 1-based column of the metric in trials_csv */
    const char *hist_label;          /* axis label of the metric */
    double hist_min, hist_max, mean, p05, p95;
    unsigned long long trials;
    int ncost; /* parts of the cost; 0: no third panel */
    const char *cost_label[PLOT_MAX_COST];
    double cost_mean[PLOT_MAX_COST]; /* mean per trial, in currency */
    double cost_total;               /* the mean cost per trial (the parts add up to it) */
    const char *currency;            /* a word of letters ([cost] currency) */
    const char *cost_note; /* said after the total in the panel's title ("29.9 USD per ...") */
} plot_run;

/* The histogram spans p01..p99 of the metric (read from trials_csv) when the extremes would
 * squeeze the bulk of the trials into a few bars; the trials outside are counted in a note. */

/* Draws the picture. Returns 0, or 1 with the reason it was not drawn (nothing is left). */
int plot_run_summary(const plot_run *p, char *err, size_t n);

/* The picture of a sweep: a metric (mean with 95% CI bars) against the first varied key.
 *
 * Points group into lines (one per value of the second key, at most PLOT_MAX_LINES, each its own
 * colour) and lines into panels (one per combination of the third and fourth keys: small
 * multiples, PLOT_MAX_PANELS at most, the others said in the title). With more groups than
 * colours, each panel is a heatmap of the metric over the first two keys instead. Categorical
 * values of the first key (laws) are drawn as points, not lines. The closed form is drawn
 * dashed where the caller gives one (NAN elsewhere: the line breaks), markers (the Young and Daly
 * optima) as vertical lines named in the legend (never over the curves), the best point circled,
 * and a point that could not finish as a red cross at the foot of its panel (a grey cell in a
 * heatmap). */
#define PLOT_MAX_MARKS 16
#define PLOT_MAX_LINES 8
#define PLOT_MAX_PANELS 16

typedef struct {
    int panel;         /* 0 .. npanels-1 */
    int group;         /* 0 .. ngroups-1: the line in its panel, the row of a heatmap */
    int xi;            /* the index of the first key's value: the column of a heatmap */
    double x;          /* position (for categorical x: 0, 1, ...) */
    const char *xtext; /* the value as written (x tic label when categorical or a heatmap) */
    double mean, lo, hi;
    double closed; /* closed form, NAN if none (or where it does not hold) */
    int failed;    /* the point could not finish: no mean */
} plot_sweep_row;

typedef struct {
    const char *dir, *png; /* as for plot_run */
    const char *title, *xlabel, *ylabel;
    const char *group_key; /* the second key's name (a heatmap's y axis), or "" */
    int logx, categorical;
    int npanels;
    const char *const *panel_label; /* npanels labels ("" for a single panel) */
    int nmore_panels;               /* panels left out (beyond PLOT_MAX_PANELS) */
    int ngroups;
    const char *const *group_label; /* ngroups labels ("" for a single group) */
    int nrows;
    const plot_sweep_row *rows;
    int nmarks;
    double mark_x[PLOT_MAX_MARKS];
    int mark_panel[PLOT_MAX_MARKS], mark_group[PLOT_MAX_MARKS]; /* where it applies (colour) */
    const char *mark_label[PLOT_MAX_MARKS];
    int best; /* the row of the best point */
    const char *closed_label; /* legend of the closed-form lines */
} plot_sweep;

int plot_sweep_picture(const plot_sweep *p, char *err, size_t n);

/* Runs gnuplot in dir on a script text (whose "set output" names png, a file of dir). Returns 0
 * when gnuplot drew a whole PNG, or 1 with the reason (png is then removed). */
int plot_gnuplot(const char *script, const char *dir, const char *png, char *err, size_t n);

/* Kills the gnuplot in progress, if any; async-signal-safe (for the signal policy). */
void plot_abort_child(void);

/* Writes s as a gnuplot single-quoted string: a quote doubled, a control character (a newline
 * would end the string and start a command) a space. Every string of the user's (a scenario's
 * name, a key's value) reaches a gnuplot script through it, and only through it. */
void plot_put_quoted(FILE *f, const char *s);

#endif
