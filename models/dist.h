/*
 * dist: the laws of durations (times to failure, repair times, costs), over GSL.
 *
 * A law is written in a scenario as a fixed duration ("30s", same as "fixed(30s)") or as
 *     exponential(mean=D)        weibull(shape=K, scale=D)      lognormal(mean=D, sd=D)
 *     gamma(shape=K, mean=D)     uniform(min=D, max=D)          geometric(p=P, step=D)
 * where D is a duration with a unit and lognormal's mean and sd are those of the duration itself.
 * geometric is the discrete per-step model: failure at step k with probability (1-p)^(k-1) p, so
 * P(failed by t) = 1 - (1-p)^floor(t/step).
 *
 * A mixture of 2 to DIST_MIX_MAX of those laws, each with its weight (positive, the weights
 * summing to 1 within 1e-9), is a law too:
 *     mixture(0.8: lognormal(mean=2h, sd=1h), 0.2: exponential(mean=48h))
 * Each draw is from the first law with probability 0.8, else from the second: F = sum w_i F_i.
 * Mixtures do not nest. Parts that are the same law are merged (their weights added), and a
 * mixture whose parts are all one law is that law: mixture(0.5: 1h, 0.5: 1h) is 1h. A mixture of
 * different laws is never one of the other kinds: of exponentials, it is not exponential.
 *
 * Every sample is drawn by inversion from one uniform u in (0,1): x = F^-1(u), with GSL's inverse
 * CDFs. Inversion costs one uniform per draw, which keeps random streams aligned across scenarios
 * that differ only in a parameter (common random numbers) and makes samples monotone in u. A
 * mixture is inverted as a whole, not by picking a part with a first uniform and drawing from it
 * with a second: its CDF is solved for u by GSL's Brent root finder (gsl_root_fsolver_brent),
 * bracketed by the parts' own quantiles at u (see dist_mixture.c).
 *
 * dist_cond_min draws the remaining life of the first of n independent, identical units that have
 * all survived to age a: P(min > a+t | all > a) = (S(a+t)/S(a))^n. It is how a node's components
 * are simulated without one draw per component (sim/life.c).
 */
#ifndef RELSIM_MODELS_DIST_H
#define RELSIM_MODELS_DIST_H

#include <stddef.h>

typedef enum {
    DIST_FIXED,
    DIST_EXPONENTIAL,
    DIST_WEIBULL,
    DIST_LOGNORMAL,
    DIST_GAMMA,
    DIST_UNIFORM,
    DIST_GEOMETRIC,
    DIST_MIXTURE,
} dist_kind;

#define DIST_MIX_MAX 8 /* parts of a mixture */

/* dist_format writes any law in fewer than DIST_TEXT_MAX bytes, its terminator included: a buffer
 * of DIST_TEXT_MAX bytes holds it whole. It is the size of scn_write's buffers (the laws of
 * run.txt), so a mixture whose text would be longer is refused. (dist_parse reads up to 255
 * characters: blanks may make the text it reads longer than the text dist_format writes.) */
#define DIST_TEXT_MAX 96

/* One part of a mixture: a law of any kind but DIST_MIXTURE, its fields those of dist. */
typedef struct {
    dist_kind kind;
    double p1, p2, z1, z2;
} dist_part;

/* Parameters as written (hours for durations); derived ones are filled by dist_parse/dist_make. */
typedef struct {
    dist_kind kind;
    double p1; /* fixed: value; exponential: mean; weibull: shape; lognormal: mean; gamma: shape;
                  uniform: min; geometric: p; mixture: 0 */
    double p2; /* weibull: scale; lognormal: sd; gamma: mean; uniform: max; geometric: step;
                  mixture: 0 */
    double z1, z2; /* derived: lognormal zeta, sigma; gamma scale; geometric log1p(-p); mixture:
                      z1 the sum of the weights (every weighted sum is divided by it) */
    /* mixture only (nparts is 0 for the other kinds): the parts, in the order written, and
     * their weights as written (those of equal parts added) */
    int nparts;
    double w[DIST_MIX_MAX];
    dist_part part[DIST_MIX_MAX];
} dist;

/* Parses a law (see above). Returns 0, or -1 with a message naming what was expected. */
int dist_parse(const char *s, dist *d, char *err, size_t errlen);

/* Builds a law from its parameters, checking them as dist_parse does (not a mixture: see
 * dist_make_mixture). */
int dist_make(dist_kind kind, double p1, double p2, dist *d, char *err, size_t errlen);

/* Builds the mixture of laws[0..n) with weights w[0..n), checking them as dist_parse does:
 * 2 <= n <= DIST_MIX_MAX, no law a mixture, every weight positive and finite, their sum 1
 * within 1e-9, and the mixture's text shorter than DIST_TEXT_MAX. Equal laws are merged, and if
 * one law is left, d is that law. */
int dist_make_mixture(int n, const double *w, const dist *laws, dist *d, char *err, size_t errlen);

/* Part i (0 <= i < d->nparts) of a mixture, as a law of its own. */
void dist_mixture_part(const dist *d, int i, dist *out);

/* Writes the law in the syntax dist_parse reads; parsing it back gives the same law. */
char *dist_format(const dist *d, char *buf, size_t len);

const char *dist_kind_name(dist_kind kind);

double dist_mean(const dist *d);
double dist_sd(const dist *d);

/* Survival function P(X > t). */
double dist_survival(const dist *d, double t);

/* Density at t: exponential, weibull, lognormal, gamma, uniform and mixtures of them. NAN for a
 * law with atoms (fixed, geometric, a mixture with such a part): it has none. */
double dist_density(const dist *d, double t);

/* Inverse CDF at u in (0,1): the sample that uniform u maps to. */
double dist_quantile(const dist *d, double u);

/* Remaining life of the first of n >= 1 units that have all survived to age a >= 0, from a
 * uniform u in (0,1): the t with (S(a+t)/S(a))^n = u, so a large u gives a short life (with n = 1
 * and a = 0 it is dist_quantile(d, 1 - u)). For fixed(D) with a >= D it is 0 (the units are due
 * now). For geometric, a unit at an exact multiple of the step has not yet faced that step: its
 * siblings of a cohort whose first unit failed at step k may fail at step k too (ties). A
 * mixture's atoms (the values of its fixed parts, the steps of its geometric ones) follow the same
 * rule: units of age a have survived every atom before a, not yet one at a, so S(a) above is
 * P(X >= a) (with the geometric rule's allowance of 1e-9 for rounding in accumulated ages). */
double dist_cond_min(const dist *d, double n, double a, double u);

/* Proportional hazards: laws for which units of one age have hazards in a fixed ratio, so that a
 * set of them behaves as one unit of a combined law. Exponentials combine with each other (the
 * rates add), Weibulls of equal shape with each other (scale^-k adds).
 * dist_ph_compatible says whether two laws combine (never a mixture: at equal ages, the hazards
 * of two mixtures are in no fixed ratio). dist_ph_weight is d's hazard relative to that
 * of a reference law `ref` of its class (ref_mean/mean, or (ref_scale/scale)^k), and
 * dist_ph_combine the law of one unit with total relative weight w. Weights are relative so that
 * they stay representable: with the most hazardous member of a class as the reference every
 * weight is at most 1 (scale^-k itself overflows or underflows for steep shapes). */
int dist_ph_compatible(const dist *a, const dist *b);
double dist_ph_weight(const dist *ref, const dist *d);
void dist_ph_combine(const dist *ref, double w, dist *out);

#endif
