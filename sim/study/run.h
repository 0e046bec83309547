/*
 * run: one scenario's Monte Carlo run and its output directory.
 *
 *   trials.csv   one row per trial
 *   summary.csv  metric, mean, sd, ci95_low, ci95_high, p05, p50, p95, min, max, n
 *   run.txt      the run record: version, command, seed, trials, and the resolved scenario
 *   summary.png  where the time went, and the spread across trials (gnuplot)
 *
 * Every file is written to a temporary name and all are renamed into place together at the end:
 * a run that fails or is interrupted leaves the directory as it was.
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
    void (*tick)(void *ctx, uint64_t done); /* see mc_opts */
    void *tick_ctx;
} run_opts;

typedef struct {
    stat_summary m[METRIC_N]; /* in the order of metric_table */
    double wall_s;
    int threads;
    int plot_skipped; /* gnuplot missing: the message is in plot_msg */
    char plot_msg[300];
} run_result;

/* Runs every trial of s and writes the output directory. Returns 0; 1 if interrupted (nothing
 * written); RC_LIMIT with a message if the scenario cannot finish (nothing written); -1 with a
 * message on failure (nothing written). */
int run_scenario(const scn *s, const run_opts *o, run_result *res, char *err, size_t n);

#endif
