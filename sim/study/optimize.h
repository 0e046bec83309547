/*
 * optimize: the best point of a grid of scenario variants, found without running every point to
 * full precision: Kim and Nelson's fully sequential ranking-and-selection procedure KN (S.-H.
 * Kim and B. L. Nelson, "A fully sequential procedure for indifference-zone selection in
 * simulation", ACM TOMACS 11(3), 2001, pp. 251-273), on common random numbers, with constraints
 * judged by one-sided confidence bounds. docs/optimize.md states the method and its guarantee.
 *
 * The grid is the sweep's (sweep.h: --vary keys, every combination, the first key varying
 * fastest; sweep_setup builds the points). Every point runs trials 0, 1, 2, ... with the same
 * seed, so trial j of every point sees the same random numbers (common random numbers) and the
 * difference of two points is measured trial by trial.
 *
 * KN, for k points, confidence 1 - alpha, indifference zone delta (the objective's units), first
 * stage n0 >= 2 trials, c = 1:
 *   eta = ((2 alpha / (k - 1))^(-2 / (n0 - 1)) - 1) / 2,   h^2 = 2 eta (n0 - 1);
 *   S^2_il, the sample variance of the n0 first-stage differences X_ij - X_lj;
 *   at every stage r >= n0, point i leaves when some surviving l is better by more than
 *   W_il(r) = max(0, delta / (2 c r) (h^2 S^2_il / delta^2 - r)), means over trials 1..r;
 *   the procedure ends when one point is left.
 * Guarantee (KN's Theorem 1, for normal observations: a point's Monte Carlo mean is
 * asymptotically normal): when the best point is better than every other by delta or more, it is
 * the one chosen with probability >= 1 - alpha. Read as the indifference-zone guarantee: with
 * probability >= 1 - alpha the point chosen is within delta of the best (points closer than
 * delta are ones the planner is indifferent between; docs/optimize.md says what is proved).
 *
 * Trials run in batches (one mc_run per surviving point and batch, for speed), but the screening
 * is KN's own: it is made after every trial of the batch, on the means of trials 1..r, so each
 * decision is the one the one-trial-at-a-time procedure makes; the trials a point ran after it
 * left within its last batch are counted as spent and kept in its estimates, never used to
 * screen. The batch is n0 trials, or a tenth of the trials so far when that is more, and never
 * runs past the stage at which KN must end (every W_il zero) nor past the budget.
 *
 * Constraints ('METRIC>=X', 'METRIC<=X') are judged after every batch on each surviving point's
 * trials by the one-sided 95% confidence bound of the metric's mean (Student's t): feasible when
 * the bound is beyond X on the right side, infeasible when the bound on the other side is on the
 * wrong one, otherwise undecided; both verdicts are final. An infeasible point leaves; only a
 * feasible point eliminates others (Andradottir and Kim, "Fully sequential procedures for
 * comparing constrained systems via simulation", Naval Research Logistics 57(5), 2010, use the
 * same rule), so a point whose feasibility is undecided is eliminated by any feasible point
 * better than it, and stays otherwise until it is decided. A point whose trials cannot finish (a
 * trial hits a safety limit: RC_LIMIT from mc_run) is infeasible, with the reason; the others go
 * on.
 *
 * The budget: at most max_trials trials per point. When it runs out with more than one point
 * left, the best is the feasible survivor with the best mean, and the other survivors are
 * undecided (not yet separated from it, or feasibility undecided).
 *
 * Under MPI every rank runs the same mc_run calls (mc spreads each block's trials over the ranks);
 * only rank 0 receives the trials' values, so rank 0 alone screens, and broadcasts after each
 * batch which points go on and how many trials the next batch has: the results are bit for bit
 * those of one process, whatever the numbers of ranks and threads.
 *
 * Memory: the objective's value of every trial run (8 bytes each, on rank 0), for the paired
 * differences; the other metrics' running means only.
 */
#ifndef RELSIM_SIM_STUDY_OPTIMIZE_H
#define RELSIM_SIM_STUDY_OPTIMIZE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "analysis/stat.h"
#include "models/metric.h"
#include "sim/scenario/scn.h"
#include "sim/study/sweep.h"

#define OPTIMIZE_MAX_POINTS 1000 /* KN keeps a variance for every pair of points */
#define OPTIMIZE_MAX_CONSTRAINTS 8
#define OPTIMIZE_ALPHA 0.05
#define OPTIMIZE_N0 20 /* the first stage, by default (or the scenario's trials if fewer) */
#define OPTIMIZE_BUDGET_FACTOR 100 /* the budget per point, by default: 100 x the first stage */
/* The indifference zone when none is given: this share of the largest first-stage mean (in
 * absolute value) of the objective. */
#define OPTIMIZE_DEFAULT_DELTA_SHARE 1e-3

/* What became of a point. */
typedef enum {
    OPTIMIZE_BEST = 0,   /* the point chosen */
    OPTIMIZE_WITHIN,     /* eliminated, feasible, and within delta of the best: the paired 95% CI
                            of its shortfall to the best lies below delta */
    OPTIMIZE_ELIMINATED, /* a feasible point was better by more than W_il(r) */
    OPTIMIZE_INFEASIBLE, /* a constraint is violated with confidence, or it could not finish */
    OPTIMIZE_UNDECIDED,  /* the budget ran out before it was separated or its feasibility decided */
} optimize_status;

/* Whether a point meets the constraints. */
typedef enum { OPTIMIZE_FEAS_UNKNOWN = 0, OPTIMIZE_FEAS_YES, OPTIMIZE_FEAS_NO } optimize_feas;

/* "best", "within_delta", "eliminated", "infeasible", "undecided". */
const char *optimize_status_name(int status);

typedef struct {
    char name[METRIC_NAME_MAX]; /* as written */
    int metric;                 /* metric_table index (optimize_resolve) */
    int at_least;               /* 1: METRIC >= bound; 0: METRIC <= bound */
    double bound;
} optimize_constraint;

/* Parses 'METRIC>=X' or 'METRIC<=X' (blanks allowed around the parts; the metric is resolved
 * later, against the scenario: optimize_metric_of). Returns 0, or -1 with a message. */
int optimize_parse_constraint(const char *arg, optimize_constraint *c, char *err, size_t n);

/* The metric_table index of the column `name` of scenario s's outputs (a tier's metric by its
 * tier's name: restores_local), or -1 when s has no such column or it is not a value of its own
 * (a hidden numerator). */
int optimize_metric_of(const scn *s, const char *name);

typedef struct {
    sweep grid;    /* nkeys, keys: set by the caller; npoints, points, index: sweep_setup */
    int objective; /* metric_table index */
    int maximise;  /* 1: --maximize (higher is better), 0: --minimize */
    int nconstraints;
    optimize_constraint con[OPTIMIZE_MAX_CONSTRAINTS];

    /* the procedure's parameters, as run */
    double delta;      /* the indifference zone, in the objective's units */
    int delta_default; /* 1: not given: OPTIMIZE_DEFAULT_DELTA_SHARE of the first stage */
    double alpha;
    uint64_t n0, max_trials;
    double eta, h2;

    /* per point (npoints), on rank 0 */
    int *status;             /* optimize_status */
    int *feasible;           /* optimize_feas */
    int *violated;           /* the constraint found violated, or -1 */
    uint64_t *trials;        /* trials the point received (run) */
    uint64_t *decided;       /* the stage r (trials 1..r) at which its fate was decided: eliminated,
                                infeasible, or the stage at which the procedure stopped */
    int *round;              /* the batch of that decision (0: the first stage) */
    int *by;                 /* the point that eliminated it, or -1 */
    char **why;              /* could not finish: the reason (NULL otherwise) */
    stat_summary *est;       /* npoints x METRIC_N: mean, sd, 95% CI over the point's trials (means
                                of the trials' own values, as in sweep.csv); NAN without trials */
    stat_summary *shortfall; /* npoints: how much worse than the best the point is on the
                                objective, paired over the trials both received (the best minus
                                the point when higher is better, the point minus the best when
                                lower is: positive is worse); NAN without a best */

    int best;        /* the point chosen, or -1 (no feasible point) */
    int nrounds;     /* batches run, the first stage included */
    uint64_t stage;  /* the trials every surviving point had when the procedure stopped */
    int budget_out;  /* 1: stopped by the budget with points undecided */
    uint64_t spent;  /* trials run, every point counted */
    uint64_t needed; /* the most trials any point needed (its decision's stage) */
    double wall_s;
    unsigned long long hash; /* of the grid's scenarios (sweep_setup) */
} optimize;

typedef struct {
    int threads;
    int progress;        /* a line on stderr */
    uint64_t n0;         /* the first stage; 0: OPTIMIZE_N0, or the scenario's trials if fewer */
    double delta;        /* the indifference zone; 0: by default (OPTIMIZE_DEFAULT_DELTA_SHARE) */
    uint64_t max_trials; /* per point; 0: OPTIMIZE_BUDGET_FACTOR x n0 */
    double alpha;        /* 0: OPTIMIZE_ALPHA */
} optimize_opts;

/* The first stage for the grid whose first point is s: n0 when given (nonzero), else
 * OPTIMIZE_N0, or the scenario's trials if fewer (at least 2). */
uint64_t optimize_first_stage(const scn *s, uint64_t n0);

/* KN's constants for k points, first stage n0 and confidence 1 - alpha: eta and h^2 (0 for
 * k = 1: nothing to screen). */
double optimize_kn_h2(int k, uint64_t n0, double alpha, double *eta);

/* Runs the procedure on o->grid (set up by sweep_setup). Returns RC_OK (some points may be
 * infeasible; o->best may be -1 when none is feasible), RC_INTERRUPTED, or RC_ERROR with a
 * message. */
int optimize_run(optimize *o, const optimize_opts *opt, char *err, size_t n);

void optimize_free(optimize *o);

/* The point p for people: "checkpoint_interval 30m, spares 32" (malloc'd; NULL out of memory). */
char *optimize_point_label(const optimize *o, int p);

/* The columns of the estimates that optimize.csv and the answer show, as metric_table indices:
 * the objective, the constraints' metrics, goodput, availability, cost_per_useful_node_h and
 * cost_per_hour, those the scenario has, each once. Returns how many (room for METRIC_N). */
int optimize_shown_metrics(const optimize *o, int *out);

/* The column name of metric i in the grid's outputs (a tier's by its name). buf: METRIC_NAME_MAX
 * bytes. */
const char *optimize_metric_name(const optimize *o, int metric, char *buf);

/* "74.8 [74.1, 75.5]": a mean and its 95% CI with enough digits that the three differ; "-"
 * without a mean. */
void optimize_format_estimate(const stat_summary *s, char *buf, size_t len);

/* Why point p has its status, for people: "worse than checkpoint_interval 1h at trial 240 (round
 * 3)", "availability>=0.95 fails with 95% confidence: ...", "could not finish: ..." (malloc'd;
 * NULL out of memory). */
char *optimize_point_note(const optimize *o, int p);

/* The question and the procedure in a sentence or two ("Minimize makespan_h over ..."). */
void optimize_describe(const optimize *o, FILE *f);

/* The Pareto frontier of the grid (analysis/plot_pareto.h) on the two metrics the picture shows
 * (*xm, *ym: metric_table indices): with a cost per hour, the objective (or goodput when the
 * objective is a cost) against it; otherwise the objective against the first constrained metric,
 * else goodput, availability or makespan_h. front[p] = 1 on the frontier. Returns how many are
 * on it, 0 with *xm = -1 when there is no second metric, -1 out of memory. */
int optimize_pareto(const optimize *o, int *front, int *xm, int *ym);

/* Writes dir/optimize.csv (every point), dir/optimize.md (the trade-off table), dir/optimize.png
 * (with plot; the Pareto picture) and dir/run.txt, published together (analysis/resultset.h),
 * run.txt last. note receives why no picture was drawn (""). Returns 0, or -1 with a message
 * (nothing left behind). */
int optimize_write(const optimize *o, const char *dir, const char *cmdline, int threads, int plot,
                   char *note, size_t notelen, char *err, size_t n);

#endif
