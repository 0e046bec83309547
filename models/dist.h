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
 * Every sample is drawn by inversion from one uniform u in (0,1): x = F^-1(u), with GSL's inverse
 * CDFs. Inversion costs one uniform per draw, which keeps random streams aligned across scenarios
 * that differ only in a parameter (common random numbers) and makes samples monotone in u.
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
} dist_kind;

/* Parameters as written (hours for durations); derived ones are filled by dist_parse/dist_make. */
typedef struct {
    dist_kind kind;
    double p1; /* fixed: value; exponential: mean; weibull: shape; lognormal: mean; gamma: shape;
                  uniform: min; geometric: p */
    double p2; /* weibull: scale; lognormal: sd; gamma: mean; uniform: max; geometric: step */
    double z1, z2; /* derived: lognormal zeta, sigma; gamma scale; geometric log1p(-p) */
} dist;

/* Parses a law (see above). Returns 0, or -1 with a message naming what was expected. */
int dist_parse(const char *s, dist *d, char *err, size_t errlen);

/* Builds a law from its parameters, checking them as dist_parse does. */
int dist_make(dist_kind kind, double p1, double p2, dist *d, char *err, size_t errlen);

/* Writes the law in the syntax dist_parse reads; parsing it back gives the same law. */
char *dist_format(const dist *d, char *buf, size_t len);

const char *dist_kind_name(dist_kind kind);

double dist_mean(const dist *d);
double dist_sd(const dist *d);

/* Survival function P(X > t). */
double dist_survival(const dist *d, double t);

/* Inverse CDF at u in (0,1): the sample that uniform u maps to. */
double dist_quantile(const dist *d, double u);

/* Remaining life of the first of n >= 1 units that have all survived to age a >= 0, from a
 * uniform u in (0,1): the t with (S(a+t)/S(a))^n = u, so a large u gives a short life (with n = 1
 * and a = 0 it is dist_quantile(d, 1 - u)). For fixed(D) with a >= D it is 0 (the units are due
 * now). For geometric, a unit at an exact multiple of the step has not yet faced that step: its
 * siblings of a cohort whose first unit failed at step k may fail at step k too (ties). */
double dist_cond_min(const dist *d, double n, double a, double u);

/* Proportional hazards: laws for which units of one age have hazards in a fixed ratio, so that a
 * set of them behaves as one unit of a combined law. Exponentials combine with each other (the
 * rates add), Weibulls of equal shape with each other (scale^-k adds).
 * dist_ph_compatible says whether two laws combine. dist_ph_weight is d's hazard relative to that
 * of a reference law `ref` of its class (ref_mean/mean, or (ref_scale/scale)^k), and
 * dist_ph_combine the law of one unit with total relative weight w. Weights are relative so that
 * they stay representable: with the most hazardous member of a class as the reference every
 * weight is at most 1 (scale^-k itself overflows or underflows for steep shapes). */
int dist_ph_compatible(const dist *a, const dist *b);
double dist_ph_weight(const dist *ref, const dist *d);
void dist_ph_combine(const dist *ref, double w, dist *out);

#endif
