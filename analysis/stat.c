/*
 * stat: running statistics over GSL's statistics and rstat workspaces (see stat.h).
 *
 * Up to STAT_EXACT_MAX values are only stored, and every statistic is computed from them when
 * asked (gsl_stats_*): adding a value is then a store. The value after the last one that fits
 * replays the stored ones, in order, into the running workspaces (gsl_rstat for mean, sd, min,
 * max and median; two gsl_rstat_quantile for the 5th and 95th percentiles) and frees them; from
 * there on every value goes to the workspaces, so the result is the same as if they had been
 * fed from the start, and memory stays bounded.
 */
#include "analysis/stat.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rstat.h>
#include <gsl/gsl_statistics_double.h>

struct stat_acc {
    gsl_rstat_workspace *all; /* mean, sd, min, max, median: fed once overflowed */
    gsl_rstat_quantile_workspace *q05, *q95;
    double *values; /* every value while there are at most STAT_EXACT_MAX, else NULL */
    size_t nvalues, cap;
    int overflow; /* more than STAT_EXACT_MAX values: the workspaces hold them */
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

static void feed(stat_acc *a, double x)
{
    gsl_rstat_add(x, a->all);
    gsl_rstat_quantile_add(x, a->q05);
    gsl_rstat_quantile_add(x, a->q95);
}

/* From stored values to the running workspaces, for good. */
static void spill(stat_acc *a)
{
    for (size_t i = 0; i < a->nvalues; i++)
        feed(a, a->values[i]);
    free(a->values);
    a->values = NULL;
    a->nvalues = a->cap = 0;
    a->overflow = 1;
}

void stat_add(stat_acc *a, double x)
{
    if (!a->overflow && a->nvalues == a->cap) {
        size_t cap = a->cap ? 2 * a->cap : 1024;
        if (cap > STAT_EXACT_MAX) cap = STAT_EXACT_MAX;
        double *v = cap > a->cap ? realloc(a->values, cap * sizeof *v) : NULL;
        if (v) {
            a->values = v;
            a->cap = cap;
        } else {
            spill(a); /* full, or out of memory: P-square from here on */
        }
    }
    if (a->overflow)
        feed(a, x);
    else
        a->values[a->nvalues++] = x;
}

double stat_ci95_halfwidth(double sd, uint64_t n)
{
    if (n < 2) return NAN;
    return gsl_cdf_tdist_Pinv(0.975, (double)(n - 1)) * sd / sqrt((double)n);
}

static void set_ci(stat_summary *out)
{
    double h = stat_ci95_halfwidth(out->sd, out->n);
    out->ci_low = out->mean - h;
    out->ci_high = out->mean + h;
}

/* The f-quantile of the n values in work (which it reorders) exactly as
 * gsl_stats_quantile_from_sorted_data gives it from the sorted values, (1 - delta) x_(lhs) +
 * delta x_(lhs + 1) with index = f (n - 1), lhs its integer part, delta the rest: x_(lhs) from a
 * selection (gsl_stats_select, O(n)) instead of a sort of the whole (O(n log n)), which was a
 * tenth of a run of short trials, and x_(lhs + 1) from one pass: x_(lhs) again if more than
 * lhs + 1 values are at most x_(lhs), else the least value above it. */
static double quantile_of(double *work, size_t n, double f)
{
    const double index = f * (double)(n - 1);
    const size_t lhs = (size_t)index;
    const double delta = index - (double)lhs;
    double lo = gsl_stats_select(work, 1, n, lhs);
    if (lhs == n - 1) return lo;
    size_t le = 0, gt = 0;
    double above = INFINITY;
    for (size_t i = 0; i < n; i++) {
        le += work[i] <= lo;
        gt += work[i] > lo;
        if (work[i] > lo && work[i] < above) above = work[i];
    }
    double hi = le > lhs + 1 ? lo : above;
    if (le + gt != n) hi = gsl_stats_select(work, 1, n, lhs + 1); /* NaNs: as before */
    return (1 - delta) * lo + delta * hi;
}

/* 1 if the n values (n >= 1) are one number, bit for bit (NaN: no). */
static int all_same(const double *v, size_t n)
{
    if (isnan(v[0])) return 0;
    for (size_t i = 1; i < n; i++)
        if (memcmp(&v[i], &v[0], sizeof v[0]) != 0) return 0;
    return 1;
}

void stat_get(const stat_acc *a, stat_summary *out)
{
    *out = (stat_summary){0, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    if (a->overflow) {
        out->n = gsl_rstat_n(a->all);
        out->mean = gsl_rstat_mean(a->all);
        out->sd = gsl_rstat_sd(a->all);
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
        set_ci(out);
        return;
    }
    size_t n = a->nvalues;
    out->n = n;
    if (n == 0) return;
    double *work = malloc(n * sizeof *work);
    if (!work) { /* cannot happen in practice (n <= STAT_EXACT_MAX); say so in the numbers */
        out->n = 0;
        return;
    }
    gsl_stats_minmax(&out->min, &out->max, a->values, 1, n);
    if (all_same(a->values, n)) { /* one value: what the passes below give for it, at once */
        double x = a->values[0];
        out->mean = x + 0.0; /* as GSL's running mean gives it: +0 for -0 */
        out->sd = 0.0;
        const double f[3] = {0.05, 0.50, 0.95};
        double *q[3] = {&out->p05, &out->p50, &out->p95};
        for (int i = 0; i < 3; i++) {
            const double index = f[i] * (double)(n - 1);
            const double delta = index - (double)(size_t)index;
            *q[i] = (size_t)index == n - 1 ? x : (1 - delta) * x + delta * x;
        }
        free(work);
        set_ci(out);
        return;
    }
    memcpy(work, a->values, n * sizeof *work);
    out->mean = gsl_stats_mean(a->values, 1, n);
    out->sd = n > 1 ? gsl_stats_sd_m(a->values, 1, n, out->mean) : 0.0;
    out->p05 = quantile_of(work, n, 0.05);
    out->p50 = quantile_of(work, n, 0.50);
    out->p95 = quantile_of(work, n, 0.95);
    free(work);
    set_ci(out);
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

void stat_pair_add(stat_pair *a, double y, double x)
{
    a->n++;
    double k = (double)a->n;
    double dy = y - a->my, dx = x - a->mx;
    a->my += dy / k;
    a->mx += dx / k;
    a->m2y += dy * (y - a->my);
    a->m2x += dx * (x - a->mx);
    a->cxy += dx * (y - a->my); /* Welford's co-moment: the old x deviation times the new y's */
}

void stat_pair_ratio(const stat_pair *a, stat_summary *out)
{
    *out = (stat_summary){a->n, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    if (a->n == 0 || a->mx == 0) return;
    double R = a->my / a->mx;
    out->mean = R;
    if (a->n < 2) {
        out->sd = 0;
        return;
    }
    double k = (double)(a->n - 1);
    double vy = a->m2y / k, vx = a->m2x / k, cxy = a->cxy / k;
    double v = vy - 2 * R * cxy + R * R * vx; /* variance of y - R x */
    out->sd = v > 0 ? sqrt(v) / fabs(a->mx) : 0;
    double h = stat_ci95_halfwidth(out->sd, a->n);
    out->ci_low = R - h;
    out->ci_high = R + h;
}

stat_verdict stat_agree(double mean, double sd, double n, double value)
{
    stat_verdict v = {STAT_UNDECIDED, NAN, NAN};
    double d = mean - value;
    int equal = fabs(d) <= 1e-9 * fmax(1, fabs(value));
    if (!(n >= 2) || isnan(sd)) {
        v.verdict = equal ? STAT_AGREES : STAT_UNDECIDED;
        return v;
    }
    if (sd == 0) { /* no spread seen: no standard error to judge a difference by */
        v.verdict = equal ? STAT_AGREES : STAT_UNDECIDED;
        return v;
    }
    double se = sd / sqrt(n);
    v.z = d / se;
    /* two-sided tail of 4 normal standard errors, 2 Q(4), as a Student-t quantile */
    v.limit = gsl_cdf_tdist_Qinv(gsl_cdf_ugaussian_Q(4.0), n - 1);
    v.verdict = fabs(v.z) <= v.limit ? STAT_AGREES : STAT_DISAGREES;
    return v;
}

void stat_verdict_text(const stat_verdict *v, char *buf, unsigned long len)
{
    const char *word = v->verdict == STAT_AGREES      ? "agrees"
                       : v->verdict == STAT_DISAGREES ? "DISAGREES"
                                                      : "undecided";
    if (isnan(v->z)) {
        const char *why = v->verdict == STAT_AGREES ? "equal" : "no standard error: every trial equal, or fewer than 2";
        snprintf(buf, len, "%s (%s)", word, why);
    } else if (v->verdict == STAT_AGREES && v->limit < 4.005) {
        snprintf(buf, len, "%s (%.2g SE)", word, fabs(v->z));
    } else {
        snprintf(buf, len, "%s (%.3g SE, limit %.3g)", word, fabs(v->z), v->limit);
    }
}
