/*
 * stat: running statistics over GSL's rstat workspaces (see stat.h).
 */
#include "analysis/stat.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rstat.h>

struct stat_acc {
    gsl_rstat_workspace *all; /* mean, sd, min, max, median */
    gsl_rstat_quantile_workspace *q05, *q95;
};

stat_acc *stat_new(void)
{
    stat_acc *a = calloc(1, sizeof *a);
    if (!a) return NULL;
    a->all = gsl_rstat_alloc();
    a->q05 = gsl_rstat_quantile_alloc(0.05);
    a->q95 = gsl_rstat_quantile_alloc(0.95);
    if (!a->all || !a->q05 || !a->q95) {
        stat_free(a);
        return NULL;
    }
    return a;
}

void stat_free(stat_acc *a)
{
    if (!a) return;
    if (a->all) gsl_rstat_free(a->all);
    if (a->q05) gsl_rstat_quantile_free(a->q05);
    if (a->q95) gsl_rstat_quantile_free(a->q95);
    free(a);
}

void stat_reset(stat_acc *a)
{
    gsl_rstat_reset(a->all);
    gsl_rstat_quantile_reset(a->q05);
    gsl_rstat_quantile_reset(a->q95);
}

void stat_add(stat_acc *a, double x)
{
    gsl_rstat_add(x, a->all);
    gsl_rstat_quantile_add(x, a->q05);
    gsl_rstat_quantile_add(x, a->q95);
}

double stat_ci95_halfwidth(double sd, uint64_t n)
{
    if (n < 2) return NAN;
    return gsl_cdf_tdist_Pinv(0.975, (double)(n - 1)) * sd / sqrt((double)n);
}

void stat_get(const stat_acc *a, stat_summary *out)
{
    out->n = gsl_rstat_n(a->all);
    if (out->n == 0) {
        *out = (stat_summary){0, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
        return;
    }
    out->mean = gsl_rstat_mean(a->all);
    out->sd = out->n > 1 ? gsl_rstat_sd(a->all) : 0.0;
    double h = stat_ci95_halfwidth(out->sd, out->n);
    out->ci_low = out->mean - h;
    out->ci_high = out->mean + h;
    out->min = gsl_rstat_min(a->all);
    out->max = gsl_rstat_max(a->all);
    /* P-square keeps estimates inside [min, max] only approximately: clamp. */
    double q[3] = {gsl_rstat_quantile_get(a->q05), gsl_rstat_median(a->all),
                   gsl_rstat_quantile_get(a->q95)};
    for (int i = 0; i < 3; i++)
        q[i] = fmin(fmax(q[i], out->min), out->max);
    out->p05 = q[0];
    out->p50 = q[1];
    out->p95 = q[2];
}
