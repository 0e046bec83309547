/*
 * plot_fit: the probability plot of `relsim fit`: on Weibull paper (x = log age, y =
 * log(-log S), on which a Weibull law is a straight line of slope its shape), the Kaplan-Meier
 * points of each group of lives and the survival function of every law fitted to them, the law
 * that AIC chose drawn thicker. One panel per group (PLOT_FIT_MAX_PANELS at most, the groups with
 * the most failures; the title says how many more there are).
 *
 * The Kaplan-Meier points are drawn halfway up their step, at S = (S(t-) + S(t)) / 2 for each
 * failure age t: a point for the last failure even when the estimate falls to 0 there (Hazen's
 * plotting position, carried over to censored data). Drawn by gnuplot through plot_gnuplot
 * (analysis/plot.h): the same rules, the same safety (group names enter the script only as
 * quoted strings) and the same failure mode (1 with the reason, the results published without
 * the picture).
 */
#ifndef RELSIM_ANALYSIS_PLOT_FIT_H
#define RELSIM_ANALYSIS_PLOT_FIT_H

#include <stddef.h>

#include "models/fit.h"

#define PLOT_FIT_MAX_PANELS 9

typedef struct {
    const char *name; /* the group: a kind of unit, or "all" */
    size_t nkm;
    const fit_km_point *km; /* fit_km's points */
    int nlaws;
    const fit_result *laws; /* those with ok are drawn */
    int best;               /* index in laws of AIC's choice, -1 for none */
    size_t lives, failures;
} plot_fit_group;

typedef struct {
    const char *dir, *png; /* as plot.h's: gnuplot runs in dir, the picture is dir/png */
    const char *title;
    int ngroups;
    const plot_fit_group *groups; /* at most PLOT_FIT_MAX_PANELS */
    int nmore;                    /* groups left out */
} plot_fit;

/* Draws the picture. Returns 0, or 1 with the reason it was not drawn (nothing is left). */
int plot_fit_picture(const plot_fit *p, char *err, size_t n);

#endif
