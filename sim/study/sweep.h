/*
 * sweep: a study over a grid of scenarios that differ in a few keys, compared with paired trials.
 *
 * Each --vary KEY=VALUES gives a key and its values; the points are every combination (full
 * factorial), the first key varying fastest. Every point runs trials 0..n-1 with the same seed:
 * random numbers are addressed by (seed, trial, node, purpose, draw), so trial i of every point
 * sees the same failure history wherever the points' histories can agree (common random numbers).
 * Differences between points are then measured trial by trial: for the chosen metric, each
 * point's difference to the best point has its own 95% confidence interval, from the paired
 * differences, much narrower than from two independent samples.
 *
 * With a precision target, trials are added (the total doubling each round, the same trials for
 * every point) until every point's CI half-width on the metric is below the target, or the trial
 * budget runs out. The chosen metric's value of every (trial, point) goes to an unlinked temporary
 * file, read back once at the end: memory does not grow with the number of trials.
 */
#ifndef RELSIM_SIM_STUDY_SWEEP_H
#define RELSIM_SIM_STUDY_SWEEP_H

#include <stddef.h>
#include <stdint.h>

#include "analysis/stat.h"
#include "models/metric.h"
#include "models/rc.h"
#include "sim/scenario/scn.h"
#include "sim/scenario/vary.h"

#define SWEEP_MAX_KEYS 4
#define SWEEP_MAX_POINTS 10000
/* The metrics a sweep measures: those of models/metric.h with METRIC_SWEEP, in display order. */
#define SWEEP_NMETRICS METRIC_N_SWEEP

/* Sweep metric m (0 .. SWEEP_NMETRICS - 1): its index in metric_table, its name; and the sweep
 * metric of a name, or -1. */
int sweep_metric(int m);
const char *sweep_metric_name(int m);
int sweep_metric_of(const char *name);

typedef struct {
    int nkeys;
    vary_key keys[SWEEP_MAX_KEYS];
    int npoints;
    scn *points;           /* npoints scenarios */
    int *index;            /* npoints x nkeys: the value index of each key at each point */
    int metric;            /* the chosen sweep metric (sweep_metric_name) */
    int maximise;          /* 1: higher is better (goodput, availability) */
    uint64_t trials;       /* run per point (the final count) */
    double precision;      /* target CI half-width on the metric, 0: none */
    uint64_t max_trials;   /* budget per point with a precision target */
    int precision_reached; /* with a target: 1 reached, 0 budget ran out */
    int best;              /* the best point */
    stat_summary *summary; /* npoints x SWEEP_NMETRICS (mean, sd, ci, n; no quantiles) */
    stat_summary *diff;    /* npoints: paired difference of the metric to the best point */
    double *unpaired_half; /* npoints: CI half-width of that difference without pairing */
    double wall_s;
    unsigned long long hash; /* of the scenario with its variants (scn_hash_with_sweep of the
                                base, mixed with the --vary options): what the results depend on */
} sweep;

/* Loads every point: the scenario `path` (the default when NULL) with the --set options, then
 * each point's values as --vary options. Returns RC_OK, or RC_ERROR after printing every error. */
int sweep_setup(sweep *w, const char *path, const char *const *sets, int nsets);

typedef struct {
    int threads;
    int progress;
    void (*tick)(void *ctx, uint64_t done); /* trials done so far, all points counted */
    void *tick_ctx;
    uint64_t trials;  /* 0: the scenario's */
    double precision; /* 0: none */
    uint64_t max_trials;
} sweep_opts;

/* Runs every point. Returns RC_OK, RC_INTERRUPTED, RC_LIMIT or RC_ERROR with a message. */
int sweep_run(sweep *w, const sweep_opts *o, char *err, size_t n);

void sweep_free(sweep *w);

/* Takes the keys and the metric from a scenario's [sweep] section. Returns RC_OK, or RC_ERROR with a
 * message. */
int sweep_from_scenario(sweep *w, const scn *s, char *err, size_t n);

/* Writes dir/sweep.csv, dir/run.txt (last: its presence says the sweep is complete) and, with
 * plot, dir/sweep.png. fit receives the closed form used (or ""), note why no picture was drawn
 * (gnuplot missing). Returns 0, or -1 with a message (nothing left behind). */
int sweep_write(const sweep *w, const char *dir, const char *cmdline, int threads, int plot,
                char *fit, size_t fitlen, char *note, size_t notelen, char *err, size_t n);

#endif
