/*
 * run: one scenario's Monte Carlo run and its output directory.
 *
 *   trials.csv   one row per trial
 *   summary.csv  metric, mean, sd, ci95_low, ci95_high, p05, p50, p95, min, max, n
 *   run.txt      the run record: version, command, seed, trials, and the resolved scenario
 *   summary.png  where the time went, and the spread across trials (gnuplot)
 *
 *   analytic.csv the closed forms (with run_opts.analytic: batch)
 *
 * The files are one result set (analysis/resultset.h): written into a private staging directory
 * and published together at the end, run.txt last; a run that fails or is interrupted leaves the
 * directory as it was, and a second run into the same directory is refused while one writes.
 */
#ifndef RELSIM_SIM_STUDY_RUN_H
#define RELSIM_SIM_STUDY_RUN_H

#include <stddef.h>
#include <stdio.h>

#include "analysis/outdir.h"
#include "analysis/outfile.h"
#include "analysis/stat.h"
#include "sim/scenario/scn.h"
#include "sim/model/world.h"

typedef struct {
    const char *outdir;                     /* created if missing */
    int threads;                            /* 0: all cores */
    int progress;                           /* progress line on stderr */
    int plot;                               /* draw summary.png */
    const char *command_line;               /* recorded in run.txt */
    int analytic;                           /* write analytic.csv into the set too */
    void (*tick)(void *ctx, uint64_t done); /* see mc_opts */
    void *tick_ctx;
    /* a precision target: with precision > 0, rounds of trials (the total doubling each round,
     * trials 0, 1, ... as always) until the 95% CI half-width of metric `metric` (an index of
     * metric_table) is at most `precision`, or max_trials are run */
    double precision;
    int metric;
    uint64_t max_trials;
} run_opts;

typedef struct {
    /* in the order of metric_table: each trials.csv column's statistics over the trials, except
     * that a ratio metric (METRIC_RATIOS: goodput) is the ratio of the totals, with its
     * delta-method CI; per_trial holds every column's own statistics, the ratios' included */
    stat_summary m[METRIC_N];
    stat_summary per_trial[METRIC_N];
    double wall_s;
    int threads;
    uint64_t trials;       /* trials run (more than the scenario's with a precision target) */
    int precision_reached; /* with a precision target: 1 if met, 0 if max_trials came first */
    int plot_skipped; /* no picture: why is in plot_msg (the rest was published) */
    char plot_msg[600];
} run_result;

/* The record's lines that name the scenario: its file (or that it is the embedded default) and
 * its name. Returns RC_OK, or nonzero when out of memory. Run and sweep records share them. */
int run_record_scenario(outfile *of, const scn *s);

/* The names a run's result set may hold (NULL-terminated); analytic.csv belongs to it only with
 * run_opts.analytic. */
extern const char *const run_outputs[];

/* The metric a run's precision is judged on by default: service_availability with a [service],
 * goodput with a [job], availability otherwise. */
int run_default_metric(const scn *s);

/* Runs every trial of s (and more, with a precision target) and writes the output directory. Returns RC_OK; RC_INTERRUPTED (nothing
 * written); RC_LIMIT with a message if the scenario cannot finish (nothing written); RC_NOMEM
 * or RC_ERROR with a message on failure (nothing written). */
int run_scenario(const scn *s, const run_opts *o, run_result *res, char *err, size_t n);

/* The column name of metric i in s's outputs (metric_column with s's tiers and rules), or NULL
 * when s has no such column (the row of a tier slot beyond its tiers, the figure of a rule it does
 * not use). buf: METRIC_NAME_MAX bytes. */
const char *run_metric_column(const scn *s, int i, char *buf);

#endif
