/*
 * dist mixtures: mixture(w_1: LAW_1, ..., w_n: LAW_n), 2 <= n <= DIST_MIX_MAX (see dist.h).
 *
 * With W = sum w_i (1 within 1e-9), every weighted sum is divided by W, so that the CDF reaches 1
 * exactly and the survival function 0:
 *     F(t) = sum w_i F_i(t) / W,   S(t) = sum w_i S_i(t) / W,   f(t) = sum w_i f_i(t) / W.
 * Moments, exact: the mean m = sum w_i m_i / W, and by the law of total variance
 *     Var X = sum w_i (sd_i^2 + (m_i - m)^2) / W,
 * a sum of non-negative terms (E X^2 - m^2 would cancel catastrophically for a narrow mixture).
 *
 * Inversion. The sample of uniform u is the smallest x with F(x) >= u. Each F_i is
 * non-decreasing, so at the largest of the parts' own quantiles x_i = F_i^-1(u) every F_i is at
 * least u, and below the smallest every F_i is below u: the root lies in [min x_i, max x_i]. It
 * is found by GSL's Brent solver (Brent 1973: inverse quadratic interpolation, falling back on
 * bisection; gsl_root_fsolver_brent) to a relative 1e-13, after halving the bracket's logarithm
 * until it spans at most a factor MIX_SPAN, on F(x) - u when u <= 1/2 and on
 * (1 - u) - S(x) above, so that neither tail loses its precision (as dist.c's laws choose GSL's
 * Pinv or Qinv). The answer is the upper end of Brent's final bracket, where F(x) >= u. An atom
 * (a fixed part's value, a geometric part's step) inside that bracket where F already reaches u
 * is the exact answer, and is returned instead: a mixture with a part of 1h draws exactly 1h.
 * Where F is flat at u (u exactly the mass below a gap between atoms or uniform parts), Brent may
 * stop inside the flat piece: its left end, the smallest x, is then found by bisection. One
 * uniform a draw, as for every law: the same uniform gives the same value.
 *
 * dist_cond_min inverts the conditional survival the same way: the x >= a with
 * S(x) = S(a-) u^(1/n), S(a-) = P(X >= a) (atoms at a not yet passed: dist.h), t = x - a.
 *
 * Brent's state lives on the stack of each inversion (gsl_root_fsolver_alloc would call malloc
 * on every draw; the event loop does not allocate): gsl_root_fsolver is a public structure of
 * gsl_roots.h, and the solver type says the size of its state.
 */
#include "models/dist_int.h"
#include "models/unit.h"

#include <ctype.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>

/* The inversion's relative precision: ten times finer than the 1e-12 within which dist_cond_min
 * must not grow with u (tests/fuzz_dist.c), at the cost of a fraction of an iteration. */
#define MIX_EPSREL 1e-13
/* The largest draw solved for, in hours: beyond, a draw is infinite (no trial lasts 1e299 h), and
 * a geometric part's count of steps x/step (step >= 1e-9 h) stays a finite double. */
#define MIX_X_MAX 1e299
#define MIX_SPAN 1e6      /* the widest bracket handed to Brent, hi / lo */
#define MIX_ITER_MAX 200  /* Brent's; bisection alone needs 63 over a bracket of MIX_SPAN */
#define MIX_SUM_TOL 1e-9  /* how far from 1 the weights may sum */
#define MIX_ATOM_TOL 1e-9 /* an age this close above a fixed part's value has not passed it */
#define BRENT_STATE 16    /* doubles on the stack for Brent's state (GSL 2.7's needs 8) */

/* ------------------------------------------------------------------------------------------ */
/* The parts as laws */

static void part_law(const dist_part *p, dist *out)
{
    out->kind = p->kind;
    out->p1 = p->p1;
    out->p2 = p->p2;
    out->z1 = p->z1;
    out->z2 = p->z2;
    out->nparts = 0;
}

void dist_mixture_part(const dist *d, int i, dist *out)
{
    memset(out, 0, sizeof *out);
    part_law(&d->part[i], out);
}

/* A mixture's parts as laws, and the equation an inversion solves: g(x) = F(x) - target (low)
 * or target - S(x), both non-decreasing in x. */
typedef struct {
    int n;
    double W;
    const double *w;
    dist law[DIST_MIX_MAX];
    int flat; /* F has flat pieces: a part is fixed, geometric or uniform */
    int low;
    double target;
} mix_eq;

static void eq_init(mix_eq *e, const dist *d)
{
    e->n = d->nparts;
    e->W = d->z1;
    e->w = d->w;
    e->flat = 0;
    for (int i = 0; i < e->n; i++) {
        part_law(&d->part[i], &e->law[i]);
        dist_kind k = e->law[i].kind;
        e->flat |= k == DIST_FIXED || k == DIST_GEOMETRIC || k == DIST_UNIFORM;
    }
}

static double eq_cdf(const mix_eq *e, double x)
{
    double s = 0;
    for (int i = 0; i < e->n; i++)
        s += e->w[i] * dist_law_cdf(&e->law[i], x);
    return s / e->W;
}

static double eq_survival(const mix_eq *e, double x)
{
    double s = 0;
    for (int i = 0; i < e->n; i++)
        s += e->w[i] * dist_survival(&e->law[i], x);
    return s / e->W;
}

static double eq_g(double x, void *arg)
{
    const mix_eq *e = arg;
    return e->low ? eq_cdf(e, x) - e->target : e->target - eq_survival(e, x);
}

/* ------------------------------------------------------------------------------------------ */
/* Inversion */

/* Brent's method on eq_g over [*lo, *hi] (0 < *lo, eq_g(*lo) < 0 <= eq_g(*hi)); the final bracket
 * is left in *lo, *hi. */
static void brent(mix_eq *e, double *lo, double *hi)
{
    gsl_function f = {eq_g, e};
    double state[BRENT_STATE];
    gsl_root_fsolver own = {.type = gsl_root_fsolver_brent, .state = state}, *s = &own;
    if (gsl_root_fsolver_brent->size > sizeof state) { /* another GSL: its own allocation */
        s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
        if (!s) return;
    }
    if (gsl_root_fsolver_set(s, &f, *lo, *hi) == GSL_SUCCESS) {
        /* (An iteration may leave the bracket as it was: Brent's smallest step is half an ulp.
         * The bracket's lower end is at least DBL_MIN, so the relative test ends the loop.) */
        for (int i = 0; i < MIX_ITER_MAX; i++) {
            if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS) break;
            if (gsl_root_test_interval(s->x_lower, s->x_upper, 0, MIX_EPSREL) == GSL_SUCCESS) break;
        }
        *lo = s->x_lower;
        *hi = s->x_upper;
    }
    if (s != &own) gsl_root_fsolver_free(s);
}

/* The smallest atom in [lo, hi] where eq_g is already >= 0, else hi. (Brent's bracket may end on
 * an atom where eq_g is exactly 0: F reaches u there and not below.) */
static double snap_to_atom(const mix_eq *e, double lo, double hi)
{
    double best = hi;
    for (int i = 0; i < e->n; i++) {
        const dist *l = &e->law[i];
        double x;
        if (l->kind == DIST_FIXED) {
            x = l->p1;
        } else if (l->kind == DIST_GEOMETRIC) {
            x = ceil(lo / l->p2) * l->p2; /* as dist_quantile forms j steps */
            if (x < lo) x += l->p2;
        } else {
            continue;
        }
        if (x >= lo && x < best && eq_g(x, (void *)e) >= 0) best = x;
    }
    return best;
}

/* The smallest x >= from with F(x) >= p, q = 1 - p given apart (see the top of this file). */
static double mix_invert(mix_eq *e, double p, double q, double from)
{
    if (q <= 0) { /* the end of the support */
        double top = 0;
        for (int i = 0; i < e->n; i++)
            top = fmax(top, dist_law_invert(&e->law[i], 1.0, 0.0));
        return fmax(top, from);
    }
    e->low = p <= 0.5;
    e->target = e->low ? p : q;
    double lo = INFINITY, hi = 0;
    for (int i = 0; i < e->n; i++) {
        double x = dist_law_invert(&e->law[i], p, q);
        lo = fmin(lo, x);
        hi = fmax(hi, x);
    }
    if (!(lo >= from)) lo = from;
    if (eq_g(lo, e) >= 0) return lo;
    if (!(lo < MIX_X_MAX)) return INFINITY;
    if (lo < DBL_MIN) {
        /* A root below the smallest normal double (a part's quantile underflowed): as good as 0,
         * and Brent's relative precision means nothing down there. DBL_MIN keeps draws monotone
         * in u. */
        if (eq_g(DBL_MIN, e) >= 0) return DBL_MIN;
        lo = DBL_MIN;
    }
    if (!(hi >= lo)) hi = lo;
    if (!(hi <= MIX_X_MAX)) hi = MIX_X_MAX;
    /* Rounding in the parts' quantiles can leave F(hi) a hair below p: widen until it is not. */
    for (double step = fmax(hi - lo, fmax(hi * 0x1p-40, DBL_MIN)); !(eq_g(hi, e) >= 0); step *= 2) {
        if (hi == MIX_X_MAX) return INFINITY;
        hi = hi > MIX_X_MAX - step ? MIX_X_MAX : hi + step;
    }
    /* Parts far apart (a geometric part of tiny p beside a short law) give brackets spanning
     * hundreds of decades, where Brent's bisection steps, linear, would take as many iterations:
     * halve the bracket's logarithm first. */
    while (hi > MIX_SPAN * lo) {
        double mid = sqrt(lo) * sqrt(hi);
        if (eq_g(mid, e) >= 0)
            hi = mid;
        else
            lo = mid;
    }
    if (!e->flat) { /* F increases strictly inside the support: one root */
        brent(e, &lo, &hi);
        return hi;
    }
    double below = lo; /* eq_g < 0 there */
    brent(e, &lo, &hi);
    if (eq_g(lo, e) >= 0) {
        /* Brent stopped on a piece of F flat at u (between two atoms, say): the answer is the
         * piece's left end, found by bisection from the last point below u. */
        hi = lo;
        lo = below;
        for (;;) {
            double mid = lo + 0.5 * (hi - lo);
            if (!(hi - lo > MIX_EPSREL * hi) || mid <= lo || mid >= hi) break;
            if (eq_g(mid, e) >= 0)
                hi = mid;
            else
                lo = mid;
        }
    }
    return snap_to_atom(e, lo, hi);
}

double dist_mix_quantile(const dist *d, double u)
{
    mix_eq e;
    eq_init(&e, d);
    return mix_invert(&e, u, 1.0 - u, 0.0);
}

/* P(X >= a), a > 0: the atoms at a not yet passed (geometric: dist.c's rule for its steps). */
static double survival_before(const mix_eq *e, double a)
{
    double s = 0;
    for (int i = 0; i < e->n; i++) {
        const dist *l = &e->law[i];
        double si;
        if (l->kind == DIST_FIXED) {
            si = a <= l->p1 * (1 + MIX_ATOM_TOL) ? 1.0 : 0.0;
        } else if (l->kind == DIST_GEOMETRIC) {
            double passed = fmax(ceil(a / l->p2 - 1e-9) - 1.0, 0.0);
            si = passed > 0 ? exp(passed * l->z1) : 1.0; /* p = 1: z1 = -inf */
        } else {
            si = dist_survival(l, a);
        }
        s += e->w[i] * si;
    }
    return s / e->W;
}

double dist_mix_cond_min(const dist *d, double n, double a, double u)
{
    mix_eq e;
    eq_init(&e, d);
    double ls = (a > 0 ? log(survival_before(&e, a)) : 0.0) + log(u) / n;
    double x = mix_invert(&e, -expm1(ls), exp(ls), a > 0 ? a : 0.0);
    if (!isfinite(x)) return INFINITY;
    double t = x - a;
    return t > 0 ? t : 0.0;
}

/* ------------------------------------------------------------------------------------------ */
/* Moments, survival, density */

double dist_mix_mean(const dist *d)
{
    double s = 0;
    dist l;
    for (int i = 0; i < d->nparts; i++) {
        part_law(&d->part[i], &l);
        s += d->w[i] * dist_mean(&l);
    }
    return s / d->z1;
}

double dist_mix_sd(const dist *d)
{
    double m = dist_mix_mean(d), v = 0;
    if (isinf(m)) return INFINITY; /* a part of infinite mean (geometric of a subnormal p) */
    dist l;
    for (int i = 0; i < d->nparts; i++) {
        part_law(&d->part[i], &l);
        double sd = dist_sd(&l), dm = dist_mean(&l) - m;
        v += d->w[i] * (sd * sd + dm * dm);
    }
    return sqrt(v / d->z1);
}

double dist_mix_survival(const dist *d, double t)
{
    mix_eq e;
    eq_init(&e, d);
    return t < 0 ? 1.0 : eq_survival(&e, t);
}

double dist_mix_density(const dist *d, double t)
{
    double s = 0;
    dist l;
    for (int i = 0; i < d->nparts; i++) {
        part_law(&d->part[i], &l);
        s += d->w[i] * dist_density(&l, t); /* NAN from a part with atoms */
    }
    return s / d->z1;
}

/* ------------------------------------------------------------------------------------------ */
/* Building, parsing, writing */

#define PART_EXPECTED "expected WEIGHT: LAW, e.g. 0.8: lognormal(mean=2h, sd=1h)"

/* Appends s to buf[0..len) at *at, keeping buf terminated; *at counts every byte, written or
 * not, as snprintf does. */
static void put(char *buf, size_t len, size_t *at, const char *s)
{
    size_t n = strlen(s);
    if (*at + 1 < len) {
        size_t room = len - 1 - *at, k = n < room ? n : room;
        memcpy(buf + *at, s, k);
        buf[*at + k] = '\0';
    }
    *at += n;
}

/* Writes the mixture into buf[0..len) (cut short if need be); returns the length of the whole
 * text. */
static size_t mix_text(const dist *d, char *buf, size_t len)
{
    size_t at = 0;
    if (len) buf[0] = '\0';
    put(buf, len, &at, "mixture(");
    for (int i = 0; i < d->nparts; i++) {
        char w[40], law[DIST_INPUT_MAX];
        dist l;
        dist_mixture_part(d, i, &l);
        if (i) put(buf, len, &at, ", ");
        put(buf, len, &at, unit_format_number(d->w[i], w, sizeof w));
        put(buf, len, &at, ": ");
        put(buf, len, &at, dist_format(&l, law, sizeof law));
    }
    put(buf, len, &at, ")");
    return at;
}

char *dist_mix_format(const dist *d, char *buf, size_t len)
{
    mix_text(d, buf, len);
    return buf;
}

static int same_law(const dist *a, const dist *b)
{
    return a->kind == b->kind && a->p1 == b->p1 && a->p2 == b->p2;
}

int dist_make_mixture(int n, const double *w, const dist *laws, dist *d, char *err, size_t errlen)
{
    if (n < 2 || n > DIST_MIX_MAX) {
        snprintf(err, errlen, "mixture: %d part%s (expected 2 to %d)", n, n == 1 ? "" : "s",
                 DIST_MIX_MAX);
        return -1;
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
        if (laws[i].kind == DIST_MIXTURE) {
            snprintf(err, errlen,
                     "mixture: part %d is a mixture: mixtures do not nest (write its parts into "
                     "this one, their weights multiplied by %.12g)",
                     i + 1, w[i]);
            return -1;
        }
        if (!(w[i] > 0) || !isfinite(w[i])) {
            snprintf(err, errlen, "mixture: part %d: the weight must be positive (got %g)", i + 1,
                     w[i]);
            return -1;
        }
        sum += w[i];
    }
    if (!(fabs(sum - 1.0) <= MIX_SUM_TOL)) {
        snprintf(err, errlen, "mixture: the weights sum to %.12g (expected 1, within 1e-9)", sum);
        return -1;
    }
    /* Equal laws merged into the first of them. */
    int m = 0, first[DIST_MIX_MAX];
    double wm[DIST_MIX_MAX];
    for (int i = 0; i < n; i++) {
        int j = 0;
        while (j < m && !same_law(&laws[first[j]], &laws[i]))
            j++;
        if (j == m) {
            first[m] = i;
            wm[m++] = w[i];
        } else {
            wm[j] += w[i];
        }
    }
    if (m == 1) {
        *d = laws[first[0]];
        return 0;
    }
    memset(d, 0, sizeof *d);
    d->kind = DIST_MIXTURE;
    d->nparts = m;
    for (int j = 0; j < m; j++) {
        const dist *l = &laws[first[j]];
        d->w[j] = wm[j];
        d->part[j] = (dist_part){l->kind, l->p1, l->p2, l->z1, l->z2};
        d->z1 += wm[j];
    }
    char text[1];
    size_t len = mix_text(d, text, sizeof text);
    if (len >= DIST_TEXT_MAX) {
        snprintf(err, errlen,
                 "mixture: too long written out in full (%zu characters, at most %d: fewer parts "
                 "or shorter numbers)",
                 len, DIST_TEXT_MAX - 1);
        return -1;
    }
    return 0;
}

/* Copies s[0..n) without surrounding blanks into buf (of DIST_INPUT_MAX bytes: never cut, the
 * whole text dist_parse reads being shorter). */
static void trimmed(const char *s, size_t n, char *buf)
{
    while (n > 0 && isspace((unsigned char)*s))
        s++, n--;
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        n--;
    if (n >= DIST_INPUT_MAX) n = DIST_INPUT_MAX - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
}

/* "WEIGHT: LAW", part k (from 1) of a mixture. */
static int parse_part(const char *s, size_t n, int k, double *w, dist *law, char *err,
                      size_t errlen)
{
    char item[DIST_INPUT_MAX], text[DIST_INPUT_MAX], inner[200];
    trimmed(s, n, item);
    char *colon = strchr(item, ':');
    if (!colon) {
        if (item[0])
            snprintf(err, errlen, "mixture: part %d ('%s') has no weight (" PART_EXPECTED ")", k,
                     item);
        else
            snprintf(err, errlen, "mixture: part %d is empty (" PART_EXPECTED ")", k);
        return -1;
    }
    trimmed(item, (size_t)(colon - item), text);
    if (unit_parse_number(text, w, inner, sizeof inner)) {
        snprintf(err, errlen, "mixture: part %d: weight: %s", k, inner);
        return -1;
    }
    if (!(*w > 0)) {
        snprintf(err, errlen, "mixture: part %d: the weight must be positive (got %s)", k, text);
        return -1;
    }
    const char *rest = colon + 1;
    trimmed(rest, strlen(rest), text);
    /* A nested mixture is refused by its name, before its own parts are read. */
    const char *open = strchr(text, '(');
    char name[16];
    if (open && (size_t)(open - text) < sizeof name) {
        trimmed(text, (size_t)(open - text), name);
        if (strcmp(name, "mixture") == 0) {
            snprintf(err, errlen,
                     "mixture: part %d is a mixture: mixtures do not nest (write its parts into "
                     "this one, their weights multiplied by %.12g)",
                     k, *w);
            return -1;
        }
    }
    if (dist_parse(text, law, inner, sizeof inner)) {
        snprintf(err, errlen, "mixture: part %d: %s", k, inner);
        return -1;
    }
    return 0;
}

int dist_mix_parse(const char *body, dist *d, char *err, size_t errlen)
{
    double w[DIST_MIX_MAX];
    dist laws[DIST_MIX_MAX];
    int n = 0, depth = 0;
    const char *start = body;
    if (body[strspn(body, " \t\r\n\f\v")] == '\0') {
        snprintf(err, errlen,
                 "mixture: no parts (expected 2 to %d of WEIGHT: LAW, e.g. "
                 "mixture(0.8: lognormal(mean=2h, sd=1h), 0.2: exponential(mean=2d)))",
                 DIST_MIX_MAX);
        return -1;
    }
    for (const char *c = body;; c++) {
        if (*c == '(') {
            depth++;
        } else if (*c == ')') {
            if (depth == 0) {
                snprintf(err, errlen, "mixture: unexpected ')'");
                return -1;
            }
            depth--;
        } else if ((*c == ',' && depth == 0) || *c == '\0') {
            if (*c == '\0' && depth > 0) {
                snprintf(err, errlen, "mixture: missing ')' at the end");
                return -1;
            }
            if (n == DIST_MIX_MAX) {
                snprintf(err, errlen, "mixture: more than %d parts", DIST_MIX_MAX);
                return -1;
            }
            if (parse_part(start, (size_t)(c - start), n + 1, &w[n], &laws[n], err, errlen))
                return -1;
            n++;
            if (*c == '\0') break;
            start = c + 1;
        }
    }
    return dist_make_mixture(n, w, laws, d, err, errlen);
}
