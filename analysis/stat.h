/*
 * stat: running statistics of one metric over trials, in memory that does not grow with the
 * number of trials.
 *
 * Mean, standard deviation, minimum and maximum are exact (GSL's gsl_rstat, a Welford-type
 * update); the 5th, 50th and 95th percentiles are P-square estimates (Jain & Chlamtac 1985,
 * GSL's gsl_rstat_quantile), exact up to five values. The 95% confidence interval of the mean is
 * mean +- t(0.975, n-1) sd / sqrt(n), Student's t from GSL.
 */
#ifndef RELSIM_ANALYSIS_STAT_H
#define RELSIM_ANALYSIS_STAT_H

#include <stdint.h>

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

/* Half-width of the 95% confidence interval of a mean of n values of standard deviation sd. */
double stat_ci95_halfwidth(double sd, uint64_t n);

#endif
