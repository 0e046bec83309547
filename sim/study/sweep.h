/*
 * sweep: a study over a grid of scenarios that differ in a few keys, compared with paired trials.
 *
 * Each --vary KEY=VALUES gives a key and its values; the points are every combination (full
 * factorial), the first key varying fastest. Every point runs trials 0..n-1 with the same seed:
 * random numbers are addressed by (seed, trial, node, purpose, draw), so trial i of every point
 * sees the same failure history wherever the points' histories can agree (common random numbers).
 * Differences between points are then measured trial by trial: the best point is the best on
 * the chosen metric, and every point's difference to it, on every metric, has its own 95%
 * confidence interval from the paired differences, much narrower than from two independent
 * samples.
 *
 * With a precision target, trials are added (the total doubling each round, the same trials for
 * every point) until every point's CI half-width on the metric is below the target, or the trial
 * budget runs out. Every metric's value of every (trial, point) goes to an unlinked temporary
 * file (in $TMPDIR), read back a chunk of one point at a time at the end: memory does not grow
 * with the number of trials, the file does (8 bytes per trial, point and metric).
 *
 * A point whose trials cannot finish (a trial hits a safety limit: RC_LIMIT from mc_run) does not
 * stop the sweep: it is marked SWEEP_POINT_LIMIT with the reason, runs no more trials, has no
 * statistics (NAN), and the best is chosen among the points that finished. Only a sweep where no
 * point finished returns RC_LIMIT.
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
/* The metrics a sweep measures: every metric of models/metric.h (every column of trials.csv), in
 * display order (metric_select: headline ones first). Any of them can be the one that says which
 * point is best. */
#define SWEEP_NMETRICS METRIC_N

/* What became of a point. */
enum { SWEEP_POINT_OK = 0, SWEEP_POINT_LIMIT = 1 };

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
    int best;              /* the best point among those that finished */
    int nfinished;         /* points with SWEEP_POINT_OK */
    int *status;           /* npoints: SWEEP_POINT_OK or SWEEP_POINT_LIMIT */
    char **why;            /* npoints: why a point did not finish (NULL when it did) */
    stat_summary *summary; /* npoints x SWEEP_NMETRICS (mean, sd, ci, n; no quantiles); NAN for a
                              point that did not finish */
    stat_summary *diff;    /* npoints x SWEEP_NMETRICS: paired difference of each metric to the
                              best point (the best's own: 0); NAN for a point that did not finish */
    double *unpaired_half; /* npoints: CI half-width of the chosen metric's difference without
                              pairing */
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

/* Runs every point. Returns RC_OK (some points may have SWEEP_POINT_LIMIT), RC_INTERRUPTED,
 * RC_LIMIT (no point finished: the first point's reason in the message) or RC_ERROR with a
 * message. With progress, a line on stderr says the share done and the time left. */
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
