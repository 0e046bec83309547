/*
 * fit: maximum-likelihood fits of laws of durations to observed lives that may be right-censored
 * (still running when observation stopped) and left-truncated (observed only from some age on),
 * over GSL. Pure mathematics: lives in, estimates out; reading logs is models/faillog.h's job.
 *
 * A life i is (entry e_i, exit x_i, failed d_i) in hours of age, 0 <= e_i < x_i. Its contribution
 * to the log-likelihood is
 *     d_i log f(x_i) + (1 - d_i) log S(x_i) - log S(e_i)
 * (Klein and Moeschberger, Survival Analysis, 2nd ed., 2003, sections 3.4 and 3.5): a failure at
 * x_i, or survival past it, given survival to the age e_i at which the life came under
 * observation. Every log f and log S is computed in log space (log erfc for the lognormal, the
 * regularized incomplete gamma functions with their tails for the gamma law), so that lives far
 * in a tail neither underflow nor lose precision.
 *
 * The laws and their parameters, as fit.csv reports them (the `dist` syntax of models/dist.h,
 * but the lognormal in its log-space parameters, as R's fitdistrplus and survreg give them):
 *     exponential  mean                 closed form: mean = total time at risk / failures
 *     weibull      shape k, scale       S(t) = exp(-(t/scale)^k)
 *     lognormal    meanlog mu, sdlog s  log T ~ N(mu, s^2)
 *     gamma        shape a, mean        scale mean/a
 * The optimum is found on unconstrained internal parameters theta (the logarithm of each positive
 * parameter; meanlog as it is) by GSL's Nelder-Mead simplex (gsl_multimin_fminimizer_nmsimplex2),
 * restarted at its own optimum until it no longer moves, then polished by Newton steps on the
 * numerical Hessian. The exponential needs no search: its censored, truncated MLE is exact.
 *
 * Standard errors come from the observed information: the inverse of the Hessian of -log L in
 * theta, by central differences. The 95% confidence interval of a positive parameter p is
 * exp(theta +- 1.96 se(theta)) (Wald on the log scale: it stays positive and covers better in
 * small samples); its standard error is p se(theta) (delta method); meanlog's interval is
 * mu +- 1.96 se(mu). AIC = 2 p - 2 log L.
 *
 * Goodness of fit (fit_gof): a likelihood-ratio test of each law against the generalized gamma
 * law that nests all four (Prentice, Biometrika 61, 1974; the parameterisation of Cox, Chu,
 * Schneider and Munoz, Stat. Med. 26, 2007): T = exp(mu + sigma W), W = log(Q^2 G) / Q with
 * G ~ Gamma(1/Q^2, 1), and W ~ N(0, 1) at Q = 0. Weibull is Q = 1, the lognormal Q = 0, the gamma
 * Q = sigma, the exponential Q = sigma = 1: every one is an interior point, so 2 (log L_GG -
 * log L_law) is asymptotically chi-square with 3 - p degrees of freedom under the law, with
 * censoring and truncation taken into account by the likelihood itself. A small p-value says the
 * law does not fit the data as well as a more flexible law does.
 *
 * The Kaplan-Meier estimator (fit_km) with delayed entry: at each failure age t, of the r lives
 * at risk (e_i < t <= x_i), d fail, and S(t) = prod (1 - d / r).
 *
 * Pinned by tests/test_fit.c: the exponential's closed form, the Weibull MLE against its profile
 * equation solved by bisection, every law against R's survreg and fitdistcens (tests/fit/), the
 * recovery of known laws from simulated censored and truncated lives, and the coverage of the
 * confidence intervals over many seeds.
 */
#ifndef RELSIM_MODELS_FIT_H
#define RELSIM_MODELS_FIT_H

#include <stddef.h>

#include "models/dist.h"

typedef enum { FIT_EXPONENTIAL, FIT_WEIBULL, FIT_LOGNORMAL, FIT_GAMMA, FIT_NLAWS } fit_law;

typedef struct {
    double entry; /* age at which observation began (0: from the start of the life) */
    double exit;  /* age at the end of observation: the failure, or censoring; > entry */
    int failed;   /* 1: failed at exit; 0: still running at exit (right-censored) */
} fit_life;

typedef struct {
    fit_law law;
    int ok;        /* 1: a maximum was found, every figure below is set; 0: see why */
    char why[200]; /* when !ok: why there is no estimate */
    int npar;
    const char *par_name[2];
    double par[2];       /* estimates, in the parameters above (hours for durations) */
    double se[2];        /* standard errors */
    double lo[2], hi[2]; /* 95% confidence intervals */
    double theta[2];     /* internal parameters at the optimum */
    double cov[2][2];    /* their covariance (inverse observed information) */
    double loglik, aic;
    double gof_stat, gof_p; /* likelihood ratio against the generalized gamma, its p-value */
    int gof_df;             /* its degrees of freedom, 3 - npar; NaN stat/p when not tested */
    int iterations;         /* simplex iterations, all restarts together */
} fit_result;

/* The laws a fit knows, by name ("exponential", ...). fit_law_parse returns 0, or -1 for a name
 * that is none of them. */
const char *fit_law_name(fit_law law);
int fit_law_parse(const char *name, fit_law *law);

/* The log-likelihood of the lives under a law with internal parameters theta (see above). */
double fit_loglik(fit_law law, const double *theta, const fit_life *lives, size_t n);

/* The maximum-likelihood fit of one law. Returns 0 with r->ok set either way (r->why says why a
 * law has no estimate: no failures, a likelihood without a maximum in the range of dist.h's
 * laws, an information matrix that is not positive definite), or -1 when out of memory. */
int fit_mle(fit_law law, const fit_life *lives, size_t n, fit_result *r);

/* The survival function S(t) of a fitted law (r->ok). */
double fit_survival(const fit_result *r, double t);

/* The fitted law as a law of dist.h, exactly (lognormal converted to the mean and sd of the
 * duration). Returns 0, or -1 with a message when dist_make refuses it (a shape out of range). */
int fit_to_dist(const fit_result *r, dist *d, char *err, size_t errlen);

/* The fitted law in scenario syntax with 4 significant digits, durations in the largest of d, h,
 * m, s in which they are at least 1 ("weibull(shape=0.8312, scale=2871d)"): what a scenario
 * includes. Reads back with dist_parse. Returns buf. */
char *fit_format_law(const fit_result *r, char *buf, size_t len);

/* The generalized gamma's maximum log-likelihood, searched from each fitted law of results
 * (those with ok), keeping the best; never below their own (they are members of the family).
 * theta (3 values, may be NULL) gets (mu, log sigma, Q) at the optimum. Returns 0, or -1 when no
 * start is usable or out of memory. */
int fit_gengamma(const fit_life *lives, size_t n, const fit_result *results, int nresults,
                 double *loglik, double *theta);

/* The generalized gamma's log-likelihood at (mu, log sigma, Q). */
double fit_gengamma_loglik(const double *theta, const fit_life *lives, size_t n);

/* Sets r's goodness-of-fit test from the generalized gamma's maximum log-likelihood. */
void fit_gof(fit_result *r, double gengamma_loglik);

/* The Kaplan-Meier estimate at each distinct failure age, in increasing order: out must have
 * room for n points. Returns how many. s_before and s_after are S just before and at t. */
typedef struct {
    double t, s_before, s_after;
    size_t at_risk, deaths;
} fit_km_point;
size_t fit_km(const fit_life *lives, size_t n, fit_km_point *out);

/* What the lives hold: their number, failures, left-truncated ones (entry > 0) and the total
 * time at risk, sum of (exit - entry). */
typedef struct {
    size_t n, failures, truncated;
    double exposure;
} fit_counts;
void fit_count(const fit_life *lives, size_t n, fit_counts *c);

#endif
