/*
 * stat: running statistics over GSL's rstat workspaces (see stat.h).
 */
#include "analysis/stat.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rstat.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

struct stat_acc {
    gsl_rstat_workspace *all; /* mean, sd, min, max, median */
    gsl_rstat_quantile_workspace *q05, *q95;
    double *values; /* every value while there are at most STAT_EXACT_MAX, else NULL */
    size_t nvalues, cap;
    int overflow; /* more than STAT_EXACT_MAX values: quantiles are P-square's */
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
    free(a->values);
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
    a->nvalues = 0;
    a->overflow = 0;
}

void stat_add(stat_acc *a, double x)
{
    gsl_rstat_add(x, a->all);
    gsl_rstat_quantile_add(x, a->q05);
    gsl_rstat_quantile_add(x, a->q95);
    if (a->overflow) return;
    if (a->nvalues == STAT_EXACT_MAX) {
        a->overflow = 1; /* from here on, P-square estimates: memory stays bounded */
        free(a->values);
        a->values = NULL;
        a->cap = 0;
        return;
    }
    if (a->nvalues == a->cap) {
        size_t cap = a->cap ? 2 * a->cap : 1024;
        if (cap > STAT_EXACT_MAX) cap = STAT_EXACT_MAX;
        double *v = realloc(a->values, cap * sizeof *v);
        if (!v) {
            a->overflow = 1;
            free(a->values);
            a->values = NULL;
            return;
        }
        a->values = v;
        a->cap = cap;
    }
    a->values[a->nvalues++] = x;
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
    double q[3];
    double *sorted = !a->overflow ? malloc(a->nvalues * sizeof *sorted) : NULL;
    if (sorted) {
        memcpy(sorted, a->values, a->nvalues * sizeof *sorted);
        gsl_sort(sorted, 1, a->nvalues);
        q[0] = gsl_stats_quantile_from_sorted_data(sorted, 1, a->nvalues, 0.05);
        q[1] = gsl_stats_quantile_from_sorted_data(sorted, 1, a->nvalues, 0.50);
        q[2] = gsl_stats_quantile_from_sorted_data(sorted, 1, a->nvalues, 0.95);
        free(sorted);
    } else {
        /* P-square keeps estimates inside [min, max] only approximately: clamp. */
        q[0] = gsl_rstat_quantile_get(a->q05);
        q[1] = gsl_rstat_median(a->all);
        q[2] = gsl_rstat_quantile_get(a->q95);
        for (int i = 0; i < 3; i++)
            q[i] = fmin(fmax(q[i], out->min), out->max);
    }
    out->p05 = q[0];
    out->p50 = q[1];
    out->p95 = q[2];
}

void stat_mean_add(stat_mean *a, double x)
{
    a->n++;
    double d = x - a->mean;
    a->mean += d / (double)a->n;
    a->m2 += d * (x - a->mean);
}

void stat_mean_get(const stat_mean *a, stat_summary *out)
{
    *out = (stat_summary){a->n, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    if (a->n == 0) return;
    out->mean = a->mean;
    out->sd = a->n > 1 ? sqrt(a->m2 / (double)(a->n - 1)) : 0.0;
    double h = stat_ci95_halfwidth(out->sd, a->n);
    out->ci_low = out->mean - h;
    out->ci_high = out->mean + h;
}
