/*
 * stat: running statistics of one metric over trials, in memory that does not grow with the
 * number of trials.
 *
 * Up to STAT_EXACT_MAX values are kept and every statistic is exact, computed from them when
 * asked (GSL's gsl_stats_mean and gsl_stats_sd_m; percentiles by
 * gsl_stats_quantile_from_sorted_data, linear interpolation between order statistics). Beyond, the
 * kept values are replayed in order into running workspaces and dropped, so that memory stays
 * bounded however many trials run: mean, standard deviation, minimum and maximum stay exact (GSL's
 * gsl_rstat, a Welford-type update), the percentiles become P-square estimates (Jain & Chlamtac
 * 1985, GSL's gsl_rstat_quantile and gsl_rstat_median). Adding a value is a store until then. The
 * 95% confidence interval of the mean is mean +- t(0.975, n-1) sd / sqrt(n), Student's t from GSL.
 */
#ifndef RELSIM_ANALYSIS_STAT_H
#define RELSIM_ANALYSIS_STAT_H

#include <stddef.h>
#include <stdint.h>

#define STAT_EXACT_MAX 100000

typedef struct stat_acc stat_acc;

typedef struct {
    uint64_t n;
    double mean, sd, ci_low, ci_high; /* ci: NAN when n < 2 */
    double p05, p50, p95, min, max;
} stat_summary;

stat_acc *stat_new(void);
void stat_free(stat_acc *a);
void stat_reset(stat_acc *a);
void stat_add(stat_acc *a, double x);
void stat_get(const stat_acc *a, stat_summary *out);
/* stat_get of m accumulators, out[j] of a[j]: the same numbers, sooner (the exact moments of
 * several columns are computed side by side). */
void stat_get_many(const stat_acc *const *a, size_t m, stat_summary *out);

/* A lighter accumulator for many small studies (sweep points): n, mean and variance only, by
 * Welford's update (Welford 1962), in constant memory and no allocation. */
typedef struct {
    uint64_t n;
    double mean, m2;
} stat_mean;

void stat_mean_add(stat_mean *a, double x);
/* mean, sd and 95% CI into out (quantiles, min and max NAN). */
void stat_mean_get(const stat_mean *a, stat_summary *out);

/* A ratio of means, total over total (useful time over all time: goodput as a planner means
 * it), from pairs (y, x) of each trial, by Welford-type updates of the means, variances and the
 * covariance in constant memory. Its 95% CI is the delta method's: R = mean(y) / mean(x),
 * SE^2 = (s_y^2 - 2 R s_xy + R^2 s_x^2) / (n mean(x)^2), with Student's t at n - 1 degrees of
 * freedom (Cochran, Sampling Techniques, 3rd ed., 1977, section 6.4: the ratio estimator). The
 * summary's sd is that of the linearised terms (y - R x) / mean(x), so that sd / sqrt(n) is the
 * SE and stat_agree judges it like any mean; its percentiles are NAN (a ratio of totals has no
 * distribution over trials). */
typedef struct {
    uint64_t n;
    double my, mx, m2y, m2x, cxy;
} stat_pair;

void stat_pair_add(stat_pair *a, double y, double x);
void stat_pair_ratio(const stat_pair *a, stat_summary *out);

/* Half-width of the 95% confidence interval of a mean of n values of standard deviation sd. */
double stat_ci95_halfwidth(double sd, uint64_t n);

/* THE verdict "does the simulation agree with an exact closed form", used by run, analytic,
 * sweep and the batch report alike, so that they can never disagree.
 *
 * A simulated mean of n trials with standard deviation sd agrees with the exact value when
 * |mean - value| / SE is at most the two-sided Student-t quantile, with n - 1 degrees of freedom,
 * of the tail probability of 4 standard errors of a normal law (2 Q(4) = 6.3e-5): 4.00 SE for
 * large n, as tests/test_validate.c requires, and wider for few trials, whose SE is itself
 * uncertain (12.7 SE at 2 trials would be the 95% level; this is 1 in 15,800). Without a
 * standard error (fewer than two trials, or every trial gave the same value, as when a rare event
 * never happened), a mean equal to the value within 1e-9 relative agrees and any other is
 * undecided: a sample with no spread cannot say how far its mean may fall from the truth. */
typedef enum { STAT_AGREES, STAT_DISAGREES, STAT_UNDECIDED } stat_agreement;

typedef struct {
    stat_agreement verdict;
    double z;     /* (mean - value) / SE; NAN without an SE */
    double limit; /* the |z| allowed at this n; NAN without an SE */
} stat_verdict;

stat_verdict stat_agree(double mean, double sd, double n, double value);

/* "agrees (0.53 SE)", "DISAGREES (5.2 SE, limit 4.09)", "agrees (equal)", "undecided (no
 * standard error: ...)": the words every output uses. */
void stat_verdict_text(const stat_verdict *v, char *buf, unsigned long len);

#endif
