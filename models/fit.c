/*
 * fit: censored and truncated maximum likelihood, the generalized gamma's test and Kaplan-Meier
 * (see fit.h for the formulas and references).
 */
#include "models/fit.h"
#include "models/unit.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_sf_erf.h>
#include <gsl/gsl_sf_gamma.h>

static const struct {
    const char *name;
    int npar;
    const char *par[2];
    int log_par[2]; /* 1: theta is the parameter's logarithm */
} laws[FIT_NLAWS] = {
    [FIT_EXPONENTIAL] = {"exponential", 1, {"mean", NULL}, {1, 0}},
    [FIT_WEIBULL] = {"weibull", 2, {"shape", "scale"}, {1, 1}},
    [FIT_LOGNORMAL] = {"lognormal", 2, {"meanlog", "sdlog"}, {0, 1}},
    [FIT_GAMMA] = {"gamma", 2, {"shape", "mean"}, {1, 1}},
};

/* The ranges of dist.h's laws (dist_make): an optimum beyond them is no law relsim can use, and
 * in practice a likelihood that has no maximum (too few failures, or all at one age). */
#define SHAPE_MIN 0.01
#define WEIBULL_SHAPE_MAX 1000.0
#define GAMMA_SHAPE_MAX 1e4
#define DUR_MIN 1e-9
#define DUR_MAX 1e12

#define LN_SQRT_2PI 0.91893853320467274178

const char *fit_law_name(fit_law law)
{
    return laws[law].name;
}

int fit_law_parse(const char *name, fit_law *law)
{
    for (int i = 0; i < FIT_NLAWS; i++)
        if (strcmp(name, laws[i].name) == 0) {
            *law = (fit_law)i;
            return 0;
        }
    return -1;
}

void fit_count(const fit_life *l, size_t n, fit_counts *c)
{
    memset(c, 0, sizeof *c);
    c->n = n;
    for (size_t i = 0; i < n; i++) {
        c->failures += l[i].failed != 0;
        c->truncated += l[i].entry > 0;
        c->exposure += l[i].exit - l[i].entry;
    }
}

/* ------------------------------------------------------------------ log f and log S */

/* log Q(a, x), the regularized upper incomplete gamma function, without underflow: GSL's value
 * while it is a normal number, else the asymptotic series x^(a-1) e^-x / Gamma(a) (1 + (a-1)/x +
 * (a-1)(a-2)/x^2 + ...) (Abramowitz and Stegun 6.5.32), which is where Q is that small. */
static double log_gamma_Q(double a, double x)
{
    if (!(x > 0)) return 0.0;
    gsl_sf_result r;
    if (gsl_sf_gamma_inc_Q_e(a, x, &r) == GSL_SUCCESS && r.val >= DBL_MIN) return log(r.val);
    if (!(x > a)) return log(fmax(r.val, DBL_TRUE_MIN));
    double sum = 1.0, term = 1.0;
    for (int j = 1; j < 60; j++) {
        double next = term * (a - j) / x;
        if (fabs(next) >= fabs(term)) break;
        term = next;
        sum += term;
        if (fabs(term) < 1e-17 * fabs(sum)) break;
    }
    return (a - 1.0) * log(x) - x - gsl_sf_lngamma(a) + log(sum);
}

/* log P(a, x), the lower one, the same way: the series x^a e^-x / Gamma(a+1) (1 + x/(a+1) +
 * x^2/((a+1)(a+2)) + ...) (A&S 6.5.29) where P underflows (x much smaller than a). */
static double log_gamma_P(double a, double x)
{
    if (!(x > 0)) return -INFINITY;
    gsl_sf_result r;
    if (gsl_sf_gamma_inc_P_e(a, x, &r) == GSL_SUCCESS && r.val >= DBL_MIN) return log(r.val);
    double sum = 1.0, term = 1.0;
    for (int j = 1; j < 10000; j++) {
        term *= x / (a + j);
        sum += term;
        if (term < 1e-17 * sum) break;
    }
    return a * log(x) - x - gsl_sf_lngamma(a + 1.0) + log(sum);
}

/* A law's constants for one theta, computed once per likelihood. */
typedef struct {
    fit_law law;
    double a, b;       /* exponential: mean; weibull: k, scale; lognormal: mu, s; gamma: a, scale */
    double la, lb, c0; /* logs and the constant of log f */
} lawc;

static void law_setup(fit_law law, const double *th, lawc *c)
{
    c->law = law;
    switch (law) {
    case FIT_EXPONENTIAL:
        c->a = exp(th[0]);
        c->la = th[0];
        break;
    case FIT_WEIBULL:
        c->la = th[0];
        c->lb = th[1];
        c->a = exp(th[0]);
        c->b = exp(th[1]);
        break;
    case FIT_LOGNORMAL:
        c->a = th[0];
        c->lb = th[1];
        c->b = exp(th[1]);
        break;
    case FIT_GAMMA:
        c->a = exp(th[0]);
        c->b = exp(th[1] - th[0]); /* scale = mean / shape */
        c->lb = th[1] - th[0];
        c->c0 = -gsl_sf_lngamma(c->a) - c->a * c->lb;
        break;
    default:
        break;
    }
}

static double law_lsurv(const lawc *c, double t)
{
    if (!(t > 0)) return 0.0;
    switch (c->law) {
    case FIT_EXPONENTIAL:
        return -t / c->a;
    case FIT_WEIBULL:
        return -exp(c->a * (log(t) - c->lb));
    case FIT_LOGNORMAL:
        return gsl_sf_log_erfc((log(t) - c->a) / (c->b * M_SQRT2)) - M_LN2;
    case FIT_GAMMA:
        return log_gamma_Q(c->a, t / c->b);
    default:
        return NAN;
    }
}

static double law_ldens(const lawc *c, double t)
{
    double lt = log(t);
    switch (c->law) {
    case FIT_EXPONENTIAL:
        return -c->la - t / c->a;
    case FIT_WEIBULL: {
        double z = c->a * (lt - c->lb);
        return c->la + z - lt - exp(z); /* log k - log t + k log(t/scale) - (t/scale)^k */
    }
    case FIT_LOGNORMAL: {
        double z = (lt - c->a) / c->b;
        return -lt - c->lb - LN_SQRT_2PI - 0.5 * z * z;
    }
    case FIT_GAMMA:
        return c->c0 + (c->a - 1.0) * lt - t / c->b;
    default:
        return NAN;
    }
}

double fit_loglik(fit_law law, const double *theta, const fit_life *l, size_t n)
{
    lawc c;
    law_setup(law, theta, &c);
    double s = 0.0;
    for (size_t i = 0; i < n; i++) {
        s += l[i].failed ? law_ldens(&c, l[i].exit) : law_lsurv(&c, l[i].exit);
        if (l[i].entry > 0) s -= law_lsurv(&c, l[i].entry);
    }
    return s;
}

/* ------------------------------------------------------------------ the generalized gamma */

/* lgamma(g) - ((g - 1/2) log g - g + log sqrt(2 pi)), Stirling's series (A&S 6.1.41): with it,
 * g log g - g - lgamma(g) keeps its digits for the large g (1/Q^2) near the lognormal. */
static double stirling_corr(double g)
{
    double r = 1.0 / g, r2 = r * r;
    return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 / 1680)));
}

/* log f and log S of the generalized gamma at Q != 0 (the text of fit.h): W = (log t - mu)/sigma,
 * g = 1/Q^2, G = g exp(Q W) is Gamma(g, 1), S = Q(g, G) for Q > 0 and P(g, G) for Q < 0. */
typedef struct {
    double mu, sigma, lsigma, Q, g, c0;
} ggc;

static void gg_setup(double mu, double lsigma, double Q, ggc *c)
{
    c->mu = mu;
    c->lsigma = lsigma;
    c->sigma = exp(lsigma);
    c->Q = Q;
    c->g = 1.0 / (Q * Q);
    /* log|Q| + g log g - g - lgamma(g), which is -log sqrt(2 pi) - corr(g) since |Q| = g^-1/2 */
    c->c0 = c->g > 10 ? -LN_SQRT_2PI - stirling_corr(c->g)
                      : log(fabs(Q)) + c->g * log(c->g) - c->g - gsl_sf_lngamma(c->g);
}

static double gg_lsurv(const ggc *c, double t)
{
    if (!(t > 0)) return 0.0;
    double x = c->g * exp(c->Q * (log(t) - c->mu) / c->sigma);
    return c->Q > 0 ? log_gamma_Q(c->g, x) : log_gamma_P(c->g, x);
}

static double gg_ldens(const ggc *c, double t)
{
    double lt = log(t), qw = c->Q * (lt - c->mu) / c->sigma;
    /* g (e^qw - 1 - qw), by its series where expm1 would lose the digits that g multiplies */
    double e = fabs(qw) < 1e-3 ? qw * qw * (0.5 + qw * (1.0 / 6 + qw * (1.0 / 24 + qw / 120)))
                               : expm1(qw) - qw;
    return c->c0 - c->g * e - c->lsigma - lt;
}

static double gg_loglik_q(double mu, double lsigma, double Q, const fit_life *l, size_t n)
{
    double s = 0.0;
    if (Q == 0) {
        double th[2] = {mu, lsigma};
        return fit_loglik(FIT_LOGNORMAL, th, l, n);
    }
    ggc c;
    gg_setup(mu, lsigma, Q, &c);
    for (size_t i = 0; i < n; i++) {
        s += l[i].failed ? gg_ldens(&c, l[i].exit) : gg_lsurv(&c, l[i].exit);
        if (l[i].entry > 0) s -= gg_lsurv(&c, l[i].entry);
    }
    return s;
}

/* Within this distance of Q = 0 the incomplete gamma functions would be asked for shapes beyond
 * 1e6: the log-likelihood is taken there as the parabola through Q = -eps, 0 (the lognormal) and
 * eps, whose error is of order eps^3 per life. */
#define GG_QEPS 1e-3

double fit_gengamma_loglik(const double *th, const fit_life *l, size_t n)
{
    double Q = th[2];
    if (fabs(Q) >= GG_QEPS) return gg_loglik_q(th[0], th[1], Q, l, n);
    double lm = gg_loglik_q(th[0], th[1], -GG_QEPS, l, n);
    double l0 = gg_loglik_q(th[0], th[1], 0.0, l, n);
    double lp = gg_loglik_q(th[0], th[1], GG_QEPS, l, n);
    double u = Q / GG_QEPS;
    return l0 + 0.5 * u * (lp - lm) + 0.5 * u * u * (lp - 2.0 * l0 + lm);
}

/* ------------------------------------------------------------------ the search */

typedef double (*objective_fn)(const double *theta, const void *arg);

typedef struct {
    objective_fn fn;
    const void *arg;
    double scale; /* 1/n: the simplex sees the mean log-likelihood per life */
} objective;

static double simplex_f(const gsl_vector *v, void *p)
{
    const objective *o = p;
    double th[3];
    for (size_t i = 0; i < v->size; i++)
        th[i] = gsl_vector_get(v, i);
    double ll = o->fn(th, o->arg);
    return isfinite(ll) ? -ll * o->scale : GSL_POSINF;
}

/* Minimises -log L from x (dim values) with initial steps step; x gets the optimum. The simplex is
 * restarted at its own optimum (Nelder-Mead can stall on a ridge: a fresh simplex cannot) until a
 * restart no longer improves. Returns the number of iterations, or -1 when out of memory. */
static int simplex(const objective *o, size_t dim, double *x, const double *step)
{
    gsl_multimin_fminimizer *s =
        gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, dim);
    gsl_vector *xv = gsl_vector_alloc(dim), *sv = gsl_vector_alloc(dim);
    int iters = 0;
    if (!s || !xv || !sv) {
        iters = -1;
        goto out;
    }
    gsl_multimin_function F = {simplex_f, dim, (void *)o};
    double best = INFINITY;
    for (int round = 0; round < 8; round++) {
        for (size_t i = 0; i < dim; i++) {
            gsl_vector_set(xv, i, x[i]);
            gsl_vector_set(sv, i, round == 0 ? step[i] : 0.1 * step[i]);
        }
        if (gsl_multimin_fminimizer_set(s, &F, xv, sv) != GSL_SUCCESS) break;
        for (int it = 0; it < 5000; it++) {
            iters++;
            if (gsl_multimin_fminimizer_iterate(s) != GSL_SUCCESS) break;
            /* near the optimum -log L is flat to second order: below a size of about
             * sqrt(epsilon) the simplex sees only rounding. Newton steps do the rest. */
            if (gsl_multimin_test_size(gsl_multimin_fminimizer_size(s), 1e-6) == GSL_SUCCESS) break;
        }
        double f = gsl_multimin_fminimizer_minimum(s);
        if (!(f < best)) break;
        for (size_t i = 0; i < dim; i++)
            x[i] = gsl_vector_get(gsl_multimin_fminimizer_x(s), i);
        int moved = f < best - 1e-12 * (1.0 + fabs(f));
        best = f;
        if (round > 0 && !moved) break;
    }
out:
    gsl_multimin_fminimizer_free(s);
    gsl_vector_free(xv);
    gsl_vector_free(sv);
    return iters;
}

/* The gradient and Hessian of -log L at x by central differences: steps of 1e-6 (1 + |x|) for the
 * gradient, 1e-4 (1 + |x|) for the Hessian. The truncation error of a difference is of order
 * h^2 times a third derivative, its rounding error of order eps |log L| / h (gradient) or
 * / h^2 (Hessian): these steps keep both far below what a Newton step or a standard error can
 * show for any sample with a few failures. */
static void derivatives(const objective *o, size_t dim, const double *x, double *g, double *H)
{
    double h[3], y[3], f0 = -o->fn(x, o->arg);
    for (size_t i = 0; i < dim; i++) {
        double hg = 1e-6 * (1.0 + fabs(x[i]));
        memcpy(y, x, dim * sizeof *y);
        y[i] = x[i] + hg;
        double gp = -o->fn(y, o->arg);
        y[i] = x[i] - hg;
        g[i] = (gp + o->fn(y, o->arg)) / (2.0 * hg);
        h[i] = 1e-4 * (1.0 + fabs(x[i]));
    }
    for (size_t i = 0; i < dim; i++) {
        memcpy(y, x, dim * sizeof *y);
        y[i] = x[i] + h[i];
        double fp = -o->fn(y, o->arg);
        y[i] = x[i] - h[i];
        double fm = -o->fn(y, o->arg);
        H[i * dim + i] = (fp - 2.0 * f0 + fm) / (h[i] * h[i]);
        for (size_t j = 0; j < i; j++) {
            double f4[4];
            for (int k = 0; k < 4; k++) {
                memcpy(y, x, dim * sizeof *y);
                y[i] += k < 2 ? h[i] : -h[i];
                y[j] += k % 2 == 0 ? h[j] : -h[j];
                f4[k] = -o->fn(y, o->arg);
            }
            H[i * dim + j] = H[j * dim + i] = (f4[0] - f4[1] - f4[2] + f4[3]) / (4.0 * h[i] * h[j]);
        }
    }
}

/* The inverse of a symmetric positive definite 1x1 or 2x2 matrix; -1 if it is not one. */
static int invert_pd(size_t dim, const double *H, double *C)
{
    if (dim == 1) {
        if (!(H[0] > 0)) return -1;
        C[0] = 1.0 / H[0];
        return 0;
    }
    double det = H[0] * H[3] - H[1] * H[2];
    if (!(H[0] > 0) || !(det > 0)) return -1;
    C[0] = H[3] / det;
    C[3] = H[0] / det;
    C[1] = C[2] = -H[1] / det;
    return 0;
}

typedef struct {
    fit_law law;
    const fit_life *l;
    size_t n;
} law_arg;

static double law_objective(const double *th, const void *p)
{
    const law_arg *a = p;
    return fit_loglik(a->law, th, a->l, a->n);
}

/* A start for the search: among a few shapes, with the other parameter at its best for that
 * shape where that is closed-form (the Weibull's scale^k = sum (x^k - e^k) / failures, the gamma's
 * mean at the exponential's), the point of highest likelihood. */
static void start_point(fit_law law, const fit_life *l, size_t n, const fit_counts *c, double *th)
{
    double mean = c->exposure / (double)c->failures, best = -INFINITY;
    static const double shapes[] = {0.3, 0.5, 0.8, 1.0, 1.5, 2.5, 4.0};
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        double k = shapes[s], t[2];
        if (law == FIT_WEIBULL) {
            double sum = 0.0;
            for (size_t i = 0; i < n; i++)
                sum += pow(l[i].exit, k) - (l[i].entry > 0 ? pow(l[i].entry, k) : 0.0);
            t[0] = log(k);
            t[1] = (log(sum) - log((double)c->failures)) / k;
        } else if (law == FIT_GAMMA) {
            t[0] = log(k);
            t[1] = log(mean);
        } else { /* lognormal: sdlog k, median chosen so that the mean is the exponential's */
            t[0] = log(mean) - 0.5 * k * k;
            t[1] = log(k);
        }
        double ll = fit_loglik(law, t, l, n);
        if (isfinite(ll) && ll > best) {
            best = ll;
            th[0] = t[0];
            th[1] = t[1];
        }
    }
    if (!(best > -INFINITY)) { /* nothing finite: the search says so */
        th[0] = law == FIT_LOGNORMAL ? log(mean) : 0.0;
        th[1] = law == FIT_LOGNORMAL ? 0.0 : log(mean);
    }
}

static void set_natural(fit_result *r)
{
    double z = gsl_cdf_ugaussian_Pinv(0.975);
    for (int i = 0; i < r->npar; i++) {
        double t = r->theta[i], se = sqrt(r->cov[i][i]);
        if (laws[r->law].log_par[i]) {
            r->par[i] = exp(t);
            r->se[i] = r->par[i] * se;
            r->lo[i] = exp(t - z * se);
            r->hi[i] = exp(t + z * se);
        } else {
            r->par[i] = t;
            r->se[i] = se;
            r->lo[i] = t - z * se;
            r->hi[i] = t + z * se;
        }
    }
}

/* The estimate is one of dist.h's laws: shapes and durations in its ranges. */
static int in_range(fit_result *r)
{
    double shape_max = r->law == FIT_WEIBULL ? WEIBULL_SHAPE_MAX : GAMMA_SHAPE_MAX;
    for (int i = 0; i < r->npar; i++)
        if (!isfinite(r->par[i])) {
            snprintf(r->why, sizeof r->why, "the search did not converge (%s is not finite)",
                     r->par_name[i]);
            return 0;
        }
    if ((r->law == FIT_WEIBULL || r->law == FIT_GAMMA) &&
        !(r->par[0] >= SHAPE_MIN && r->par[0] <= shape_max)) {
        snprintf(r->why, sizeof r->why,
                 "the likelihood has no maximum at a shape between %g and %g (it went to %.3g): "
                 "too few failures, or all at nearly one age",
                 SHAPE_MIN, shape_max, r->par[0]);
        return 0;
    }
    dist d;
    char err[160];
    if (fit_to_dist(r, &d, err, sizeof err)) {
        snprintf(r->why, sizeof r->why, "no law of relsim: %s", err);
        return 0;
    }
    return 1;
}

int fit_mle(fit_law law, const fit_life *l, size_t n, fit_result *r)
{
    memset(r, 0, sizeof *r);
    r->law = law;
    r->npar = laws[law].npar;
    for (int i = 0; i < 2; i++)
        r->par_name[i] = laws[law].par[i];
    r->gof_stat = r->gof_p = NAN;
    r->gof_df = 3 - r->npar;
    r->loglik = r->aic = NAN;
    fit_counts c;
    fit_count(l, n, &c);
    if (c.failures == 0) {
        snprintf(r->why, sizeof r->why, "no failures (every life is censored): nothing to fit");
        return 0;
    }
    if (law == FIT_EXPONENTIAL) {
        /* d log(1/m) - T/m at its maximum m = T/d; the information in log m is d exactly */
        double m = c.exposure / (double)c.failures;
        r->theta[0] = log(m);
        r->cov[0][0] = 1.0 / (double)c.failures;
        r->loglik = -(double)c.failures * (log(m) + 1.0);
    } else {
        law_arg a = {law, l, n};
        objective o = {law_objective, &a, 1.0 / (double)n};
        double x[2], step[2] = {0.3, 0.3};
        start_point(law, l, n, &c, x);
        int it = simplex(&o, 2, x, step);
        if (it < 0) return -1;
        r->iterations = it;
        /* Newton steps on the numerical derivatives: the simplex's answer to the last digits.
         * A step within a standard error is taken as it is (there the log-likelihood changes
         * by less than its rounding can show); a longer one only if it does better. */
        double g[2], H[4], C[4];
        for (int k = 0; k < 6; k++) {
            derivatives(&o, 2, x, g, H);
            if (invert_pd(2, H, C)) break;
            double d[2] = {C[0] * g[0] + C[1] * g[1], C[2] * g[0] + C[3] * g[1]};
            double y[2] = {x[0] - d[0], x[1] - d[1]};
            int small = fabs(d[0]) < sqrt(C[0]) && fabs(d[1]) < sqrt(C[3]);
            if (!small && !(law_objective(y, &a) > law_objective(x, &a))) break;
            x[0] = y[0];
            x[1] = y[1];
            if (fabs(d[0]) < 1e-12 * (1 + fabs(x[0])) && fabs(d[1]) < 1e-12 * (1 + fabs(x[1])))
                break;
        }
        derivatives(&o, 2, x, g, H);
        r->theta[0] = x[0];
        r->theta[1] = x[1];
        r->loglik = law_objective(x, &a);
        if (!isfinite(r->loglik)) {
            snprintf(r->why, sizeof r->why, "the likelihood is zero everywhere the search went");
            return 0;
        }
        if (invert_pd(2, H, C)) {
            snprintf(r->why, sizeof r->why,
                     "the observed information is not positive definite at the optimum: these "
                     "lives do not determine the parameters");
            return 0;
        }
        r->cov[0][0] = C[0];
        r->cov[0][1] = r->cov[1][0] = C[1];
        r->cov[1][1] = C[3];
    }
    set_natural(r);
    r->aic = 2.0 * r->npar - 2.0 * r->loglik;
    r->ok = in_range(r);
    return 0;
}

double fit_survival(const fit_result *r, double t)
{
    lawc c;
    law_setup(r->law, r->theta, &c);
    return exp(law_lsurv(&c, t));
}

int fit_to_dist(const fit_result *r, dist *d, char *err, size_t errlen)
{
    switch (r->law) {
    case FIT_EXPONENTIAL:
        return dist_make(DIST_EXPONENTIAL, r->par[0], 0, d, err, errlen);
    case FIT_WEIBULL:
        return dist_make(DIST_WEIBULL, r->par[0], r->par[1], d, err, errlen);
    case FIT_LOGNORMAL: {
        double s2 = r->par[1] * r->par[1], mean = exp(r->par[0] + 0.5 * s2);
        return dist_make(DIST_LOGNORMAL, mean, mean * sqrt(expm1(s2)), d, err, errlen);
    }
    case FIT_GAMMA:
        return dist_make(DIST_GAMMA, r->par[0], r->par[1], d, err, errlen);
    default:
        snprintf(err, errlen, "unknown law");
        return -1;
    }
}

/* A duration with 4 significant digits in the largest of d, h, m, s in which it is at least 1. */
static char *format_duration4(double hours, char *buf, size_t len)
{
    if (hours >= 24)
        snprintf(buf, len, "%.4gd", hours / 24);
    else if (hours >= 1)
        snprintf(buf, len, "%.4gh", hours);
    else if (hours >= 1.0 / 60)
        snprintf(buf, len, "%.4gm", hours * 60);
    else
        snprintf(buf, len, "%.4gs", hours * 3600);
    return buf;
}

char *fit_format_law(const fit_result *r, char *buf, size_t len)
{
    dist d;
    char err[160], a[48], b[48];
    if (!r->ok || fit_to_dist(r, &d, err, sizeof err)) {
        snprintf(buf, len, "%s", "");
        return buf;
    }
    switch (d.kind) {
    case DIST_EXPONENTIAL:
        snprintf(buf, len, "exponential(mean=%s)", format_duration4(d.p1, a, sizeof a));
        break;
    case DIST_WEIBULL:
        snprintf(buf, len, "weibull(shape=%.4g, scale=%s)", d.p1,
                 format_duration4(d.p2, a, sizeof a));
        break;
    case DIST_LOGNORMAL:
        snprintf(buf, len, "lognormal(mean=%s, sd=%s)", format_duration4(d.p1, a, sizeof a),
                 format_duration4(d.p2, b, sizeof b));
        break;
    case DIST_GAMMA:
        snprintf(buf, len, "gamma(shape=%.4g, mean=%s)", d.p1, format_duration4(d.p2, a, sizeof a));
        break;
    default:
        snprintf(buf, len, "%s", "");
    }
    return buf;
}

/* ------------------------------------------------------------------ goodness of fit */

typedef struct {
    const fit_life *l;
    size_t n;
} gg_arg;

static double gg_objective(const double *th, const void *p)
{
    const gg_arg *a = p;
    return fit_gengamma_loglik(th, a->l, a->n);
}

int fit_gengamma(const fit_life *l, size_t n, const fit_result *res, int nres, double *loglik,
                 double *theta)
{
    gg_arg a = {l, n};
    objective o = {gg_objective, &a, 1.0 / (double)n};
    double best = -INFINITY, bx[3] = {0, 0, 1}, start[FIT_NLAWS][3];
    int found = 0;
    /* each law as a generalized gamma (fit.h); a member's own optimum is a floor */
    for (int i = 0; i < nres && i < FIT_NLAWS; i++) {
        const fit_result *r = &res[i];
        double *x = start[i];
        if (!r->ok) continue;
        switch (r->law) {
        case FIT_EXPONENTIAL:
            x[0] = r->theta[0], x[1] = 0.0, x[2] = 1.0;
            break;
        case FIT_WEIBULL: /* mu = log scale, sigma = 1/shape */
            x[0] = r->theta[1], x[1] = -r->theta[0], x[2] = 1.0;
            break;
        case FIT_LOGNORMAL:
            x[0] = r->theta[0], x[1] = r->theta[1], x[2] = 0.0;
            break;
        case FIT_GAMMA: /* Q = sigma = 1/sqrt(shape), mu = log(mean) */
            x[0] = r->theta[1], x[1] = -0.5 * r->theta[0], x[2] = exp(-0.5 * r->theta[0]);
            break;
        default:
            continue;
        }
        if (r->loglik > best) {
            best = r->loglik;
            memcpy(bx, x, sizeof bx);
        }
        found = 1;
    }
    for (int i = 0; i < nres && i < FIT_NLAWS; i++) {
        if (!res[i].ok) continue;
        double x[3], step[3] = {0.2, 0.2, 0.3};
        memcpy(x, start[i], sizeof x);
        if (x[2] == 0.0) x[2] = 0.05; /* off the lognormal's parabola, to see which way to go */
        if (simplex(&o, 3, x, step) < 0) return -1;
        double ll = gg_objective(x, &a);
        if (isfinite(ll) && ll > best) {
            best = ll;
            memcpy(bx, x, sizeof bx);
        }
    }
    if (!found) return -1;
    *loglik = best;
    if (theta) memcpy(theta, bx, sizeof bx);
    return 0;
}

void fit_gof(fit_result *r, double gg_loglik)
{
    r->gof_df = 3 - r->npar;
    if (!r->ok || !isfinite(gg_loglik)) {
        r->gof_stat = r->gof_p = NAN;
        return;
    }
    double lr = 2.0 * (gg_loglik - r->loglik);
    r->gof_stat = lr > 0 ? lr : 0.0;
    r->gof_p = gsl_cdf_chisq_Q(r->gof_stat, r->gof_df);
}

/* ------------------------------------------------------------------ Kaplan-Meier */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* How many of the sorted v[0..n) are >= t. */
static size_t count_ge(const double *v, size_t n, double t)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return n - lo;
}

size_t fit_km(const fit_life *l, size_t n, fit_km_point *out)
{
    double *entry = malloc((n ? n : 1) * sizeof *entry),
           *exit_ = malloc((n ? n : 1) * sizeof *exit_), *fail = malloc((n ? n : 1) * sizeof *fail);
    size_t nf = 0, m = 0;
    if (!entry || !exit_ || !fail) goto out;
    for (size_t i = 0; i < n; i++) {
        entry[i] = l[i].entry;
        exit_[i] = l[i].exit;
        if (l[i].failed) fail[nf++] = l[i].exit;
    }
    qsort(entry, n, sizeof *entry, cmp_double);
    qsort(exit_, n, sizeof *exit_, cmp_double);
    qsort(fail, nf, sizeof *fail, cmp_double);
    double s = 1.0;
    for (size_t i = 0; i < nf;) {
        size_t j = i;
        while (j < nf && fail[j] == fail[i])
            j++;
        double t = fail[i];
        /* at risk: entry < t <= exit; entry >= t implies exit > t, so it is a difference */
        size_t r = count_ge(exit_, n, t) - count_ge(entry, n, t);
        fit_km_point *p = &out[m++];
        p->t = t;
        p->deaths = j - i;
        p->at_risk = r;
        p->s_before = s;
        s *= r > 0 ? 1.0 - (double)(j - i) / (double)r : 1.0;
        p->s_after = s;
        i = j;
    }
out:
    free(entry);
    free(exit_);
    free(fail);
    return m;
}
