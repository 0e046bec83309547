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
 * lhs + 1 values are at most x_(lhs), else the least value above it. The general path (NaNs,
 * negative zeros: see quantiles3). */
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

/* x_(k) of work's n values, selected within work[a, b), which holds ranks a .. b-1 of them (the
 * values before a are at most, those from b on at least, every value in it). gsl_stats_select
 * (quickselect) leaves work[a, k) at most and work(k, b) at least x_(k): each later selection
 * searches only the part its rank is in. */
static double select_in(double *work, size_t a, size_t b, size_t k)
{
    return gsl_stats_select(work + a, 1, b - a, k - a);
}

/* The least of work[a, b) (a < b). */
static double least(const double *work, size_t a, size_t b)
{
    double m = work[a];
    for (size_t i = a + 1; i < b; i++)
        m = work[i] < m ? work[i] : m;
    return m;
}

/* The 5th, 50th and 95th percentiles as quantile_of gives them, for n >= 2 values without a NaN
 * or a negative zero (where two equal values can differ in their bits, and which of them a
 * selection returns depends on its path): the median by a selection of the whole, then the 5th
 * percentile in the part below it and the 95th in the part above, and each x_(lhs + 1) the least
 * value of the part between x_(lhs) and the next rank already placed (or that rank's value).
 * Equal values are then equal bits, so the result is the same whatever the path. */
static void quantiles3(double *work, size_t n, double *p05, double *p50, double *p95)
{
    const double f[3] = {0.50, 0.05, 0.95};
    double *out[3] = {p50, p05, p95};
    size_t k50 = 0;
    double x50 = 0;
    for (int q = 0; q < 3; q++) {
        const double index = f[q] * (double)(n - 1);
        const size_t lhs = (size_t)index;
        const double delta = index - (double)lhs;
        size_t a = 0, b = n; /* the part of work that holds rank lhs */
        if (q == 1) b = k50;
        if (q == 2) a = k50 + 1;
        double lo;
        if (q > 0 && lhs == k50) {
            lo = x50;
            a = k50 + 1;
            b = n; /* x_(lhs + 1) is the least of those above */
        } else {
            lo = select_in(work, a, b, lhs);
        }
        if (q == 0) {
            k50 = lhs;
            x50 = lo;
        }
        if (lhs == n - 1) {
            *out[q] = lo;
            continue;
        }
        double hi;
        if (q > 0 && lhs == k50)
            hi = least(work, a, b);
        else
            hi = lhs + 1 < b ? least(work, lhs + 1, b) : x50; /* b is k50 only below the median */
        *out[q] = (1 - delta) * lo + delta * hi;
    }
}

/* 1 if the n values (n >= 1) are one number, bit for bit (NaN: no). */
static int all_same(const double *v, size_t n)
{
    if (isnan(v[0])) return 0;
    for (size_t i = 1; i < n; i++)
        if (memcmp(&v[i], &v[0], sizeof v[0]) != 0) return 0;
    return 1;
}

/* gsl_stats_mean and gsl_stats_sd_m of m columns (1 <= m <= 4) of n values each (n >= 2), bit for
 * bit: GSL's running updates, mean += (x_i - mean) / (i + 1) and, with delta = x_i - mean in
 * double, var += (delta^2 - var) / (i + 1), in long double, then sd = sqrt(var (n / (n - 1))).
 * Each column's update is a chain of divisions, each waiting for the last; four columns side by
 * side keep the divider busy instead of waiting. A missing column repeats the first. */
static void mean_sd4(const double *const *col, int m, size_t n, double *mean, double *sd)
{
    const double *x0 = col[0], *x1 = col[m > 1 ? 1 : 0], *x2 = col[m > 2 ? 2 : 0],
                 *x3 = col[m > 3 ? 3 : 0];
    long double m0 = 0, m1 = 0, m2 = 0, m3 = 0;
    for (size_t i = 0; i < n; i++) {
        long double k = i + 1;
        m0 += (x0[i] - m0) / k;
        m1 += (x1[i] - m1) / k;
        m2 += (x2[i] - m2) / k;
        m3 += (x3[i] - m3) / k;
    }
    const double mu[4] = {(double)m0, (double)m1, (double)m2, (double)m3};
    long double v0 = 0, v1 = 0, v2 = 0, v3 = 0;
    for (size_t i = 0; i < n; i++) {
        long double k = i + 1;
        const long double d0 = x0[i] - mu[0], d1 = x1[i] - mu[1], d2 = x2[i] - mu[2],
                          d3 = x3[i] - mu[3];
        v0 += (d0 * d0 - v0) / k;
        v1 += (d1 * d1 - v1) / k;
        v2 += (d2 * d2 - v2) / k;
        v3 += (d3 * d3 - v3) / k;
    }
    const double var[4] = {(double)v0, (double)v1, (double)v2, (double)v3};
    const double factor = (double)n / (double)(n - 1);
    for (int j = 0; j < m; j++) {
        mean[j] = mu[j];
        sd[j] = sqrt(var[j] * factor);
    }
}

/* The exact summary of a's n >= 1 stored values, all but the mean and sd; returns 1 if those are
 * still to be computed (mean_sd4), 0 if done. */
static int exact_but_moments(const stat_acc *a, stat_summary *out)
{
    size_t n = a->nvalues;
    const double *v = a->values;
    double mn = v[0], mx = v[0];
    int odd = 0; /* a NaN or a negative zero */
    for (size_t i = 0; i < n; i++) {
        double x = v[i];
        mn = x < mn ? x : mn; /* gsl_stats_minmax's order: the first of equal values */
        mx = x > mx ? x : mx;
        odd |= (x != x) | (x == 0 && signbit(x));
    }
    if (odd) { /* the general path: GSL's minmax, mean and sd, a selection per quantile */
        gsl_stats_minmax(&out->min, &out->max, v, 1, n);
        if (all_same(v, n)) return -1;
        double *work = malloc(n * sizeof *work);
        if (!work) { /* cannot happen in practice (n <= STAT_EXACT_MAX); say so in the numbers */
            out->n = 0;
            return 0;
        }
        memcpy(work, v, n * sizeof *work);
        out->mean = gsl_stats_mean(v, 1, n);
        out->sd = n > 1 ? gsl_stats_sd_m(v, 1, n, out->mean) : 0.0;
        out->p05 = quantile_of(work, n, 0.05);
        out->p50 = quantile_of(work, n, 0.50);
        out->p95 = quantile_of(work, n, 0.95);
        free(work);
        return 0;
    }
    out->min = mn;
    out->max = mx;
    if (mn == mx) return -1; /* no NaN, no -0: equal values are equal bits */
    double *work = malloc(n * sizeof *work);
    if (!work) {
        out->n = 0;
        return 0;
    }
    memcpy(work, v, n * sizeof *work);
    quantiles3(work, n, &out->p05, &out->p50, &out->p95);
    free(work);
    return 1;
}

/* One value, n times: what the passes give for it, at once. */
static void constant(const stat_acc *a, stat_summary *out)
{
    size_t n = a->nvalues;
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
}

static void from_workspaces(const stat_acc *a, stat_summary *out)
{
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
}

/* The moments of the k columns waiting in g (one length), into their summaries. */
typedef struct {
    const double *col[4];
    size_t at[4], n;
    int k;
} moment_group;

static void moments_flush(moment_group *g, stat_summary *out)
{
    if (g->k == 0) return;
    double mean[4], sd[4];
    mean_sd4(g->col, g->k, g->n, mean, sd);
    for (int i = 0; i < g->k; i++) {
        out[g->at[i]].mean = mean[i];
        out[g->at[i]].sd = sd[i];
        set_ci(&out[g->at[i]]);
    }
    g->k = 0;
}

void stat_get_many(const stat_acc *const *a, size_t m, stat_summary *out)
{
    moment_group g = {.k = 0};
    for (size_t j = 0; j < m; j++) {
        stat_summary *o = &out[j];
        *o = (stat_summary){0, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN};
        if (a[j]->overflow) {
            from_workspaces(a[j], o);
            set_ci(o);
            continue;
        }
        o->n = a[j]->nvalues;
        if (o->n == 0) continue;
        int left = exact_but_moments(a[j], o);
        if (left < 0) constant(a[j], o);
        if (left <= 0) {
            if (o->n) set_ci(o);
            continue;
        }
        if (g.k > 0 && g.n != a[j]->nvalues) moments_flush(&g, out);
        g.col[g.k] = a[j]->values;
        g.n = a[j]->nvalues;
        g.at[g.k++] = j;
        if (g.k == 4) moments_flush(&g, out);
    }
    moments_flush(&g, out);
}

void stat_get(const stat_acc *a, stat_summary *out)
{
    stat_get_many(&a, 1, out);
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
