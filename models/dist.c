/*
 * dist: laws of durations, their parsing, moments, survival, and sampling by inversion
 * (see dist.h). The inverse CDFs are GSL's (gsl_cdf_*_Pinv / _Qinv); the tail side is chosen so
 * that neither small nor large uniforms lose precision. Mixtures are dist_mixture.c's: each
 * function here hands them over.
 */
#include "models/dist_int.h"
#include "models/unit.h"

#include <ctype.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>

/* What each parameter of each law is called and whether it is a duration. */
typedef struct {
    const char *name;
    const char *p[2];   /* parameter names; NULL if absent; fixed takes one positional value */
    int is_duration[2]; /* 1: a duration with a unit, 0: a plain number */
} law_spec;

static const law_spec specs[] = {
    [DIST_FIXED] = {"fixed", {"value", NULL}, {1, 0}},
    [DIST_EXPONENTIAL] = {"exponential", {"mean", NULL}, {1, 0}},
    [DIST_WEIBULL] = {"weibull", {"shape", "scale"}, {0, 1}},
    [DIST_LOGNORMAL] = {"lognormal", {"mean", "sd"}, {1, 1}},
    [DIST_GAMMA] = {"gamma", {"shape", "mean"}, {0, 1}},
    [DIST_UNIFORM] = {"uniform", {"min", "max"}, {1, 1}},
    [DIST_GEOMETRIC] = {"geometric", {"p", "step"}, {0, 1}},
    [DIST_MIXTURE] = {"mixture", {NULL, NULL}, {0, 0}}, /* parts, not parameters */
};
#define NKINDS ((int)(sizeof specs / sizeof specs[0]))

#define LAW_LIST "exponential, weibull, lognormal, gamma, uniform, fixed, geometric or mixture"

const char *dist_kind_name(dist_kind kind)
{
    return specs[kind].name;
}

/* The durations a law may hold, in hours: 3.6 microseconds to about 114 million years. Beyond,
 * nothing a scenario means is lost, and GSL's distribution functions would meet subnormal or
 * overflowing arguments (found by fuzzing: gamma(shape=758, mean=1e-308d)). */
#define DUR_MIN 1e-9
#define DUR_MAX 1e12

int dist_make(dist_kind kind, double p1, double p2, dist *d, char *err, size_t errlen)
{
    const char *name = specs[kind].name;
    memset(d, 0, sizeof *d);
    d->kind = kind;
    d->p1 = p1;
    d->p2 = p2;
    for (int i = 0; i < 2; i++) {
        double v = i ? p2 : p1;
        if (!specs[kind].p[i] || !specs[kind].is_duration[i] || !(v > 0)) continue;
        if (v < DUR_MIN || v > DUR_MAX) {
            snprintf(err, errlen,
                     "%s: %s must be between 3.6 microseconds and 1e12 hours (got %gh)", name,
                     specs[kind].p[i], v);
            return -1;
        }
    }
    switch (kind) {
    case DIST_MIXTURE:
        snprintf(err, errlen, "mixture: made of its parts by dist_make_mixture");
        return -1;
    case DIST_FIXED:
        if (!(p1 >= 0)) goto nonneg1;
        break;
    case DIST_EXPONENTIAL:
        if (!(p1 > 0)) goto pos1;
        break;
    case DIST_WEIBULL:
        /* Outside this range the mean overflows or the law is a near-constant: both are typos. */
        if (!(p1 >= 0.01 && p1 <= 1000)) {
            snprintf(err, errlen, "weibull: shape must be between 0.01 and 1000 (got %g)", p1);
            return -1;
        }
        if (!(p2 > 0)) goto pos2;
        break;
    case DIST_LOGNORMAL:
        if (!(p1 > 0)) goto pos1;
        if (!(p2 > 0)) goto pos2;
        /* Beyond these, (sd/mean)^2 underflows to 0 (sigma = 0: the survival function is then
         * 0/0) or overflows (sigma and zeta infinite: every quantile NaN). */
        if (!(p2 / p1 >= 1e-150 && p2 / p1 <= 1e150)) {
            snprintf(err, errlen, "lognormal: sd/mean must be between 1e-150 and 1e150 (got %g)",
                     p2 / p1);
            return -1;
        }
        d->z2 = sqrt(log1p((p2 / p1) * (p2 / p1))); /* sigma of log X */
        d->z1 = log(p1) - 0.5 * d->z2 * d->z2;      /* zeta = mean of log X */
        break;
    case DIST_GAMMA:
        /* GSL's gamma CDF loses accuracy for shapes of about 1e5 and more, and is not even
         * monotone for tiny ones (fuzzing found shape 1e-21); as for Weibull, shapes outside
         * [0.01, 10000] are typos, not models. */
        if (!(p1 >= 0.01 && p1 <= 1e4)) {
            snprintf(err, errlen, "gamma: shape must be between 0.01 and 10000 (got %g)", p1);
            return -1;
        }
        if (!(p2 > 0)) goto pos2;
        d->z1 = p2 / p1; /* scale */
        break;
    case DIST_UNIFORM:
        if (!(p1 >= 0)) goto nonneg1;
        if (!(p2 > p1)) {
            snprintf(err, errlen, "uniform: max must be greater than min");
            return -1;
        }
        break;
    case DIST_GEOMETRIC:
        if (!(p1 > 0 && p1 <= 1)) {
            snprintf(err, errlen, "geometric: p must be a probability in (0, 1] (got %g)", p1);
            return -1;
        }
        if (!(p2 > 0)) goto pos2;
        d->z1 = log1p(-p1);
        break;
    }
    return 0;
nonneg1:
    snprintf(err, errlen, "%s: %s must not be negative", name, specs[kind].p[0]);
    return -1;
pos1:
    snprintf(err, errlen, "%s: %s must be positive", name, specs[kind].p[0]);
    return -1;
pos2:
    snprintf(err, errlen, "%s: %s must be positive", name, specs[kind].p[1]);
    return -1;
}

/* Copies s[0..n) without surrounding blanks into buf; -1 if it had to be cut to fit. */
static int trim_copy(const char *s, size_t n, char *buf, size_t len)
{
    int cut = 0;
    while (n > 0 && isspace((unsigned char)*s))
        s++, n--;
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        n--;
    if (n >= len) n = len - 1, cut = -1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return cut;
}

static int parse_value(const law_spec *sp, int i, const char *text, double *out, char *err,
                       size_t errlen)
{
    char inner[160];
    int rc = sp->is_duration[i] ? unit_parse_duration(text, out, inner, sizeof inner)
                                : unit_parse_number(text, out, inner, sizeof inner);
    if (rc) snprintf(err, errlen, "%s: %s: %s", sp->name, sp->p[i], inner);
    return rc;
}

int dist_parse(const char *s, dist *d, char *err, size_t errlen)
{
    char text[DIST_INPUT_MAX];
    if (trim_copy(s, strlen(s), text, sizeof text)) {
        snprintf(err, errlen, "value is too long (at most %zu characters)", sizeof text - 1);
        return -1;
    }
    if (text[0] == '\0') {
        snprintf(err, errlen, "empty value (expected a duration or a law: " LAW_LIST ")");
        return -1;
    }
    const char *open = strchr(text, '(');
    if (!open) {
        /* A bare duration is a fixed law; a bare word is an unknown law. */
        double v;
        char inner[160];
        if (isalpha((unsigned char)text[0])) {
            snprintf(err, errlen, "unknown law '%s' (expected a duration or one of " LAW_LIST ")",
                     text);
            return -1;
        }
        if (unit_parse_duration(text, &v, inner, sizeof inner)) {
            snprintf(err, errlen, "%s", inner);
            return -1;
        }
        if (v < 0) {
            snprintf(err, errlen, "must not be negative (got %s)", text);
            return -1;
        }
        return dist_make(DIST_FIXED, v, 0, d, err, errlen);
    }
    char name[32];
    trim_copy(text, (size_t)(open - text), name, sizeof name);
    int kind = -1;
    for (int k = 0; k < NKINDS; k++)
        if (strcmp(name, specs[k].name) == 0) kind = k;
    if (kind < 0) {
        snprintf(err, errlen, "unknown law '%s' (expected " LAW_LIST ")", name);
        return -1;
    }
    const law_spec *sp = &specs[kind];
    size_t tl = strlen(text);
    if (text[tl - 1] != ')') {
        snprintf(err, errlen, "%s: missing ')' at the end", sp->name);
        return -1;
    }
    if (kind == DIST_MIXTURE) {
        text[tl - 1] = '\0';
        return dist_mix_parse(open + 1, d, err, errlen);
    }
    double val[2] = {NAN, NAN};
    int seen[2] = {0, 0};
    const char *p = open + 1, *end = text + tl - 1;
    if (strchr(p, '(') && strchr(p, '(') < end) {
        snprintf(err, errlen, "%s: unexpected '('", sp->name);
        return -1;
    }
    while (p <= end) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        const char *stop = comma ? comma : end;
        char item[160], key[32];
        if (trim_copy(p, (size_t)(stop - p), item, sizeof item)) {
            snprintf(err, errlen, "%s: parameter is too long", sp->name);
            return -1;
        }
        if (item[0] == '\0') {
            if (!comma && !seen[0] && !seen[1] && p == open + 1)
                break; /* "law()" : reported as missing parameters below */
            snprintf(err, errlen, "%s: empty parameter", sp->name);
            return -1;
        }
        char *eq = strchr(item, '=');
        int idx;
        const char *vtext;
        if (!eq) {
            if (kind != DIST_FIXED) {
                snprintf(err, errlen, "%s: parameter '%s' has no name (expected %s=...)", sp->name,
                         item, sp->p[0]);
                return -1;
            }
            idx = 0;
            vtext = item;
        } else {
            trim_copy(item, (size_t)(eq - item), key, sizeof key);
            vtext = eq + 1;
            idx = -1;
            for (int i = 0; i < 2; i++)
                if (sp->p[i] && strcmp(key, sp->p[i]) == 0) idx = i;
            if (idx < 0) {
                if (sp->p[1])
                    snprintf(err, errlen, "%s: unknown parameter '%s' (expected %s and %s)",
                             sp->name, key, sp->p[0], sp->p[1]);
                else
                    snprintf(err, errlen, "%s: unknown parameter '%s' (expected %s)", sp->name, key,
                             sp->p[0]);
                return -1;
            }
        }
        if (seen[idx]) {
            snprintf(err, errlen, "%s: %s is given twice", sp->name, sp->p[idx]);
            return -1;
        }
        if (parse_value(sp, idx, vtext, &val[idx], err, errlen)) return -1;
        seen[idx] = 1;
        if (!comma) break;
        p = comma + 1;
    }
    for (int i = 0; i < 2; i++) {
        if (sp->p[i] && !seen[i]) {
            snprintf(err, errlen, "%s: missing parameter '%s'", sp->name, sp->p[i]);
            return -1;
        }
    }
    return dist_make((dist_kind)kind, val[0], sp->p[1] ? val[1] : 0, d, err, errlen);
}

char *dist_format(const dist *d, char *buf, size_t len)
{
    if (d->kind == DIST_MIXTURE) return dist_mix_format(d, buf, len);
    const law_spec *sp = &specs[d->kind];
    char a[48], b[48];
    if (sp->is_duration[0])
        unit_format_duration(d->p1, a, sizeof a);
    else
        unit_format_number(d->p1, a, sizeof a);
    if (d->kind == DIST_FIXED) {
        snprintf(buf, len, "%s", a);
        return buf;
    }
    if (!sp->p[1]) {
        snprintf(buf, len, "%s(%s=%s)", sp->name, sp->p[0], a);
        return buf;
    }
    if (sp->is_duration[1])
        unit_format_duration(d->p2, b, sizeof b);
    else
        unit_format_number(d->p2, b, sizeof b);
    snprintf(buf, len, "%s(%s=%s, %s=%s)", sp->name, sp->p[0], a, sp->p[1], b);
    return buf;
}

double dist_mean(const dist *d)
{
    switch (d->kind) {
    case DIST_FIXED:
    case DIST_EXPONENTIAL:
    case DIST_LOGNORMAL:
        return d->p1;
    case DIST_WEIBULL:
        return d->p2 * gsl_sf_gamma(1.0 + 1.0 / d->p1);
    case DIST_GAMMA:
        return d->p2;
    case DIST_UNIFORM:
        return 0.5 * (d->p1 + d->p2);
    case DIST_GEOMETRIC:
        return d->p2 / d->p1;
    case DIST_MIXTURE:
        return dist_mix_mean(d);
    }
    return NAN;
}

double dist_sd(const dist *d)
{
    switch (d->kind) {
    case DIST_FIXED:
        return 0.0;
    case DIST_EXPONENTIAL:
        return d->p1;
    case DIST_WEIBULL: {
        double g1 = gsl_sf_gamma(1.0 + 1.0 / d->p1), g2 = gsl_sf_gamma(1.0 + 2.0 / d->p1);
        return d->p2 * sqrt(fmax(g2 - g1 * g1, 0.0));
    }
    case DIST_LOGNORMAL:
        return d->p2;
    case DIST_GAMMA:
        return d->p2 / sqrt(d->p1);
    case DIST_UNIFORM:
        return (d->p2 - d->p1) / sqrt(12.0);
    case DIST_GEOMETRIC:
        return d->p2 * sqrt(1.0 - d->p1) / d->p1;
    case DIST_MIXTURE:
        return dist_mix_sd(d);
    }
    return NAN;
}

double dist_survival(const dist *d, double t)
{
    if (t < 0) return 1.0;
    switch (d->kind) {
    case DIST_FIXED:
        return t < d->p1 ? 1.0 : 0.0;
    case DIST_EXPONENTIAL:
        return exp(-t / d->p1);
    case DIST_WEIBULL:
        return gsl_cdf_weibull_Q(t, d->p2, d->p1);
    case DIST_LOGNORMAL:
        return t <= 0 ? 1.0 : gsl_cdf_lognormal_Q(t, d->z1, d->z2);
    case DIST_GAMMA:
        return gsl_cdf_gamma_Q(t, d->p1, d->z1);
    case DIST_UNIFORM:
        return gsl_cdf_flat_Q(t, d->p1, d->p2);
    case DIST_GEOMETRIC:
        return t < d->p2 ? 1.0 : exp(floor(t / d->p2) * d->z1); /* p = 1: z1 = -inf */
    case DIST_MIXTURE:
        return dist_mix_survival(d, t);
    }
    return NAN;
}

double dist_law_cdf(const dist *d, double t)
{
    if (t < 0) return 0.0;
    switch (d->kind) {
    case DIST_FIXED:
        return t < d->p1 ? 0.0 : 1.0;
    case DIST_EXPONENTIAL:
        return -expm1(-t / d->p1);
    case DIST_WEIBULL:
        return gsl_cdf_weibull_P(t, d->p2, d->p1);
    case DIST_LOGNORMAL:
        return t <= 0 ? 0.0 : gsl_cdf_lognormal_P(t, d->z1, d->z2);
    case DIST_GAMMA:
        return gsl_cdf_gamma_P(t, d->p1, d->z1);
    case DIST_UNIFORM:
        return gsl_cdf_flat_P(t, d->p1, d->p2);
    case DIST_GEOMETRIC:
        return t < d->p2 ? 0.0 : -expm1(floor(t / d->p2) * d->z1);
    case DIST_MIXTURE:
        break; /* dist_mixture.c sums its parts' */
    }
    return NAN;
}

/* The densities in GSL's parametrisations, as dist_survival uses them. */
double dist_density(const dist *d, double t)
{
    if (d->kind == DIST_MIXTURE) return dist_mix_density(d, t);
    if (d->kind == DIST_FIXED || d->kind == DIST_GEOMETRIC) return NAN;
    if (t < 0) return 0.0;
    switch (d->kind) {
    case DIST_EXPONENTIAL:
        return gsl_ran_exponential_pdf(t, d->p1);
    case DIST_WEIBULL:
        return gsl_ran_weibull_pdf(t, d->p2, d->p1);
    case DIST_LOGNORMAL:
        return t > 0 ? gsl_ran_lognormal_pdf(t, d->z1, d->z2) : 0.0;
    case DIST_GAMMA:
        return gsl_ran_gamma_pdf(t, d->p1, d->z1);
    case DIST_UNIFORM:
        return gsl_ran_flat_pdf(t, d->p1, d->p2);
    default:
        return NAN;
    }
}

/* Gamma inverse for shape k, scale theta. GSL 2.7's inversion can miss: gsl_cdf_gamma_Pinv
 * returns NaN for shapes below about 0.15 or above about 1000 (Pinv(0.1, 0.05, 1) is NaN), and
 * _Qinv a wrong value without an error (Q(Qinv(0.4, 0.01, 1), 0.01, 1) is 0.196). Its answer is
 * therefore checked, and if it misses, P(x) = p (or Q(x) = q) is solved by bisection on log x
 * over the range of doubles. */
static double gamma_invert(double p, double q, double k, double theta)
{
    int low = p <= 0.5;
    if (low ? p <= 0 : q <= 0) return low ? 0.0 : INFINITY;
    double x = low ? gsl_cdf_gamma_Pinv(p, k, 1.0) : gsl_cdf_gamma_Qinv(q, k, 1.0);
    double r = low ? gsl_cdf_gamma_P(x, k, 1.0) / p : gsl_cdf_gamma_Q(x, k, 1.0) / q;
    if (fabs(r - 1.0) <= 1e-10) return theta * x;
    double lo = log(DBL_TRUE_MIN), hi = log(DBL_MAX);
    for (;;) {
        double mid = 0.5 * (lo + hi);
        if (mid <= lo || mid >= hi) break;
        x = exp(mid);
        if (low ? gsl_cdf_gamma_P(x, k, 1.0) < p : gsl_cdf_gamma_Q(x, k, 1.0) > q)
            lo = mid;
        else
            hi = mid;
    }
    return theta * exp(0.5 * (lo + hi));
}

/* The x with P(X <= x) = p, q = 1 - p given separately so that tails keep their precision. */
static double invert(const dist *d, double p, double q)
{
    int low = p <= 0.5;
    switch (d->kind) {
    case DIST_LOGNORMAL:
        return low ? gsl_cdf_lognormal_Pinv(p, d->z1, d->z2)
                   : gsl_cdf_lognormal_Qinv(q, d->z1, d->z2);
    case DIST_GAMMA:
        return gamma_invert(p, q, d->p1, d->z1);
    case DIST_UNIFORM:
        return low ? d->p1 + p * (d->p2 - d->p1) : d->p2 - q * (d->p2 - d->p1);
    default:
        return NAN; /* the other laws are inverted in closed form by the callers */
    }
}

double dist_law_invert(const dist *d, double p, double q)
{
    int low = p <= 0.5;
    switch (d->kind) {
    case DIST_FIXED:
        return d->p1;
    case DIST_EXPONENTIAL:
        return -d->p1 * (low ? log1p(-p) : log(q));
    case DIST_WEIBULL:
        return d->p2 * pow(low ? -log1p(-p) : -log(q), 1.0 / d->p1);
    case DIST_GEOMETRIC: {
        double j = ceil((low ? log1p(-p) : log(q)) / d->z1); /* as dist_quantile */
        return (j >= 1.0 ? j : 1.0) * d->p2;
    }
    case DIST_LOGNORMAL:
    case DIST_GAMMA:
    case DIST_UNIFORM:
        return invert(d, p, q);
    case DIST_MIXTURE:
        break;
    }
    return NAN;
}

double dist_quantile(const dist *d, double u)
{
    switch (d->kind) {
    case DIST_FIXED:
        return d->p1;
    case DIST_EXPONENTIAL:
        return -d->p1 * log1p(-u);
    case DIST_WEIBULL:
        return d->p2 * pow(-log1p(-u), 1.0 / d->p1);
    case DIST_GEOMETRIC: {
        /* P(J > j) = (1-p)^j, so J = ceil(log(1-u) / log(1-p)), at least 1. */
        double j = ceil(log1p(-u) / d->z1);
        return (j >= 1.0 ? j : 1.0) * d->p2;
    }
    case DIST_MIXTURE:
        return dist_mix_quantile(d, u);
    default:
        return invert(d, u, 1.0 - u);
    }
}

double dist_cond_min(const dist *d, double n, double a, double u)
{
    /* Target: log S(a+t) = log S(a) + log(u)/n, i.e. the first of n units survives a further t
     * with probability u. lu is that log-survival step (negative). */
    double lu = log(u) / n;
    switch (d->kind) {
    case DIST_FIXED:
        return a < d->p1 ? d->p1 - a : 0.0;
    case DIST_EXPONENTIAL:
        return -d->p1 * lu;
    case DIST_WEIBULL: {
        /* Reach cumulative hazard H(a) + E, E = -lu: a + t = scale (H(a) + E)^(1/k). Written as
         * t = a expm1(log1p(E / H(a)) / k) once H(a) > 1, which neither overflows (H(a) = e^x
         * with x = k log(a/scale) can exceed a double for steep shapes) nor loses t against a. */
        double k = d->p1, E = -lu;
        if (a > 0) {
            double x = k * log(a / d->p2); /* log H(a) */
            if (x > 0) {
                double t = a * expm1(log1p(E * exp(-x)) / k);
                return t > 0 ? t : 0.0;
            }
        }
        double t = d->p2 * pow(pow(a / d->p2, k) + E, 1.0 / k) - a;
        return t > 0 ? t : 0.0;
    }
    case DIST_GEOMETRIC: {
        /* Steps already passed: those strictly before age a (a unit whose sibling failed at step
         * k still faces step k itself). The 1e-9 absorbs rounding in accumulated ages. */
        double passed = fmax(ceil(a / d->p2 - 1e-9) - 1.0, 0.0);
        double j = ceil(lu / d->z1);
        double t = (passed + (j >= 1.0 ? j : 1.0)) * d->p2 - a;
        return t > 0 ? t : 0.0;
    }
    case DIST_LOGNORMAL:
    case DIST_GAMMA:
    case DIST_UNIFORM: {
        double ls = (a > 0 ? log(dist_survival(d, a)) : 0.0) + lu;
        double q = exp(ls), p = -expm1(ls);
        double x = invert(d, p, q);
        if (!isfinite(x)) return INFINITY;
        double t = x - a;
        return t > 0 ? t : 0.0;
    }
    case DIST_MIXTURE:
        return dist_mix_cond_min(d, n, a, u);
    }
    return NAN;
}

int dist_ph_compatible(const dist *a, const dist *b)
{
    if (a->kind == DIST_EXPONENTIAL && b->kind == DIST_EXPONENTIAL) return 1;
    return a->kind == DIST_WEIBULL && b->kind == DIST_WEIBULL && a->p1 == b->p1;
}

double dist_ph_weight(const dist *ref, const dist *d)
{
    if (d->kind == DIST_EXPONENTIAL) return ref->p1 / d->p1;
    return pow(ref->p2 / d->p2, d->p1);
}

void dist_ph_combine(const dist *ref, double w, dist *out)
{
    /* The law alone, not the mixture's arrays: sim/model/life.c combines on every cohort draw. */
    out->kind = ref->kind;
    out->p1 = ref->p1;
    out->p2 = ref->p2;
    out->z1 = ref->z1;
    out->z2 = ref->z2;
    out->nparts = 0;
    if (ref->kind == DIST_EXPONENTIAL)
        out->p1 = ref->p1 / w;
    else
        out->p2 = ref->p2 * pow(w, -1.0 / ref->p1);
}
