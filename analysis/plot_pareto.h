/*
 * plot_pareto: the trade-off between two metrics over a grid of variants: which points are not
 * dominated (the Pareto frontier), and the picture of it, drawn by gnuplot through plot_gnuplot
 * (analysis/plot.h: in the result set's stage, on fixed names, titles quoted).
 *
 * A point dominates another when it is at least as good on both metrics and better on one, each
 * metric in its own direction (higher or lower is better). The frontier is the points that no
 * other dominates, judged on the means; a point without both means, or infeasible, is never on
 * it and dominates nothing.
 */
#ifndef RELSIM_ANALYSIS_PLOT_PARETO_H
#define RELSIM_ANALYSIS_PLOT_PARETO_H

#include <stddef.h>

typedef struct {
    double x, y;     /* the means (NAN: no estimate) */
    double xlo, xhi; /* 95% CIs (NAN: none) */
    double ylo, yhi;
    const char *label; /* the point's key values, short */
    int infeasible;    /* a constraint fails, or the point could not finish */
    int near_best;     /* as good as the best within the tolerance asked: marked */
} plot_pareto_point;

/* Sets front[i] to 1 for the points on the frontier, 0 for the others; returns how many are on
 * it. x_higher, y_higher: 1 when higher is better on that axis. */
int plot_pareto_frontier(const plot_pareto_point *pts, int n, int x_higher, int y_higher,
                         int *front);

typedef struct {
    const char *dir, *png; /* where gnuplot runs, and the picture's file name there */
    const char *title, *xlabel, *ylabel;
    int n;
    const plot_pareto_point *pts;
    const int *front; /* plot_pareto_frontier's marks */
    int best;         /* the point chosen, circled; -1: none */
    int x_higher, y_higher;
} plot_pareto;

/* Every point (grey; infeasible ones as red crosses, those near the best as open diamonds) with
 * its CI bars, the frontier as a line through its points in x order, and the best circled.
 * Every point is labelled when there are at most PLOT_PARETO_LABELS, else the frontier's, the
 * best and those near it. Returns 0, or 1 with the reason it was not drawn (nothing is left). */
#define PLOT_PARETO_LABELS 24
int plot_pareto_picture(const plot_pareto *p, char *err, size_t n);

#endif
