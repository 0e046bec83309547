/*
 * fuzz_dist: libFuzzer harness over the law parser and the laws themselves (models/dist.c).
 *
 * Any bytes go to dist_parse as the value of a law. Parsing must never crash. A law it accepts is
 * a valid law, and for a valid law these must hold (abort() otherwise, with the values on stderr):
 *   - its parameters are finite and its derived ones are not NaN (geometric p = 1 has z1 = -inf);
 *   - dist_format writes it in fewer than DIST_TEXT_MAX bytes (scn_write's buffers) as text that
 *     dist_parse reads back to the same law (a mixture's parts and weights included), and
 *     formatting that again gives the same text;
 *   - dist_mean and dist_sd are not NaN and not negative;
 *   - dist_quantile(u), at fixed u in (0,1) from the smallest uniform sim/stream.c draws up to
 *     1 - 2^-53, is not NaN, not negative and does not decrease as u grows;
 *   - dist_survival(t) is in [0, 1] and does not increase as t grows;
 *   - dist_cond_min(n, a, u) is not NaN and not negative for fixed n, ages a (fixed ones and the
 *     law's own quantiles) and u, and does not increase with u (beyond 1e-12 of a + t: the life
 *     t is an age x found by inversion, less a); with n = 1 and a = 0 it is dist_quantile(1 - u)
 *     (to a relative 1e-6, and one step for geometric, at moderate u where 1 - u loses nothing
 *     that matters; for a mixture, between the quantiles at 1 - u -+ 1e-12);
 *   - for laws with proportional hazards (exponential, Weibull), the hazard weight is a positive
 *     finite number, and a cohort of n units (dist_ph_combine, as sim/life.c builds one) is a law
 *     whose dist_cond_min is not NaN;
 *   - a mixture has 2 to DIST_MIX_MAX parts, none a mixture, no two the same law, positive
 *     weights summing to 1 within 1e-9; its mean lies between its parts' (within rounding), its
 *     density (unless NaN: a part with atoms) is finite and not negative.
 * Infinite results are allowed (a heavy tail at u near 1 may overflow a double).
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "models/dist.h"
#include "sim/scenario/scn.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    gsl_set_error_handler_off();
    return 0;
}

/* Uniforms in increasing order: 2^-54 is the smallest sim/stream.c draws, 1 - 2^-53 the largest
 * double below 1. */
static const double fd_u[] = {0x1p-54, 1e-12, 1e-3, 0.1, 0.5, 0.9, 0.999, 1 - 1e-12, 1 - 0x1p-53};
#define FD_NU ((int)(sizeof fd_u / sizeof fd_u[0]))
/* Unit counts of a cohort: one, a node's GPUs, the most of one kind, the most of a group. */
static const double fd_n[] = {1, 8, SCN_MAX_COUNT, (double)SCN_MAX_COUNT *SCN_MAX_COMPONENTS};
#define FD_NN ((int)(sizeof fd_n / sizeof fd_n[0]))
/* Ages and times in hours: 0, 1 ms, 1 h, 1 y, 1000 y. */
static const double fd_t[] = {0, 1.0 / 3600000, 1, 8760, 8.76e6};
#define FD_NT ((int)(sizeof fd_t / sizeof fd_t[0]))

static void fd_fail(const char *what, const char *law, double x) __attribute__((noreturn));

static void fd_fail(const char *what, const char *law, double x)
{
    fprintf(stderr, "fuzz_dist: %s (value %.17g) for law '%s'\n", what, x, law);
    abort();
}

static int fd_same(double a, double b)
{
    return a == b || (isnan(a) && isnan(b));
}

/* Every field of two laws the same, a mixture's parts and weights included. */
static int fd_same_law(const dist *a, const dist *b)
{
    if (a->kind != b->kind || !fd_same(a->p1, b->p1) || !fd_same(a->p2, b->p2) ||
        !fd_same(a->z1, b->z1) || !fd_same(a->z2, b->z2) || a->nparts != b->nparts)
        return 0;
    for (int i = 0; i < a->nparts; i++) {
        const dist_part *x = &a->part[i], *y = &b->part[i];
        if (!fd_same(a->w[i], b->w[i]) || x->kind != y->kind || !fd_same(x->p1, y->p1) ||
            !fd_same(x->p2, y->p2) || !fd_same(x->z1, y->z1) || !fd_same(x->z2, y->z2))
            return 0;
    }
    return 1;
}

/* dist_cond_min over every u at (n, a): not NaN, not negative, not increasing with u. */
static void fd_cond_min(const dist *d, double n, double a, const char *law)
{
    double prev = INFINITY;
    for (int i = 0; i < FD_NU; i++) {
        double t = dist_cond_min(d, n, a, fd_u[i]);
        if (isnan(t) || t < 0) {
            fprintf(stderr, "dist_cond_min(n=%.17g, a=%.17g, u=%.17g)\n", n, a, fd_u[i]);
            fd_fail("dist_cond_min is NaN or negative", law, t);
        }
        /* t = x - a, x found to a relative 1e-15 or so: near a it is monotone only to that. */
        if (t > prev + 1e-12 * (a + prev)) {
            fprintf(stderr,
                    "dist_cond_min(n=%.17g, a=%.17g): u=%.17g gives %.17g, u=%.17g gives %.17g\n",
                    n, a, fd_u[i - 1], prev, fd_u[i], t);
            fd_fail("dist_cond_min increases with u", law, t);
        }
        prev = t;
    }
}

/* A mixture's own properties (see the top of this file). */
static void fd_check_mixture(const dist *d, const char *law)
{
    if (d->nparts < 2 || d->nparts > DIST_MIX_MAX)
        fd_fail("a mixture has too few or too many parts", law, d->nparts);
    double sum = 0, lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < d->nparts; i++) {
        dist p, q;
        dist_mixture_part(d, i, &p);
        if (p.kind == DIST_MIXTURE) fd_fail("a mixture's part is a mixture", law, i);
        if (!(d->w[i] > 0) || !isfinite(d->w[i])) fd_fail("a weight is not positive", law, d->w[i]);
        for (int j = 0; j < i; j++) {
            dist_mixture_part(d, j, &q);
            if (p.kind == q.kind && p.p1 == q.p1 && p.p2 == q.p2)
                fd_fail("two parts are the same law", law, i);
        }
        sum += d->w[i];
        lo = fmin(lo, dist_mean(&p));
        hi = fmax(hi, dist_mean(&p));
    }
    if (!(fabs(sum - 1) <= 1e-9)) fd_fail("the weights do not sum to 1", law, sum);
    double m = dist_mean(d);
    if (!(m >= lo * (1 - 1e-12) && m <= hi * (1 + 1e-12)))
        fd_fail("the mean is not between the parts' means", law, m);
    for (int i = 0; i < FD_NT; i++) {
        double f = dist_density(d, fd_t[i]);
        if (!isnan(f) && !(f >= 0 && isfinite(f)))
            fd_fail("the density is negative or infinite", law, f);
    }
}

/* Everything a valid law must satisfy (see the top of this file). */
static void fd_check_law(const dist *d, const char *law)
{
    if (!isfinite(d->p1) || !isfinite(d->p2)) fd_fail("a parameter is not finite", law, d->p1);
    if (isnan(d->z1) || isnan(d->z2)) fd_fail("a derived parameter is NaN", law, d->z1);
    if (!isfinite(d->z2) || (!isfinite(d->z1) && !(d->kind == DIST_GEOMETRIC && d->p1 == 1)))
        fd_fail("a derived parameter is infinite", law, isfinite(d->z1) ? d->z2 : d->z1);

    double mean = dist_mean(d), sd = dist_sd(d);
    if (isnan(mean) || mean < 0) fd_fail("dist_mean is NaN or negative", law, mean);
    if (isnan(sd) || sd < 0) fd_fail("dist_sd is NaN or negative", law, sd);

    double q[FD_NU];
    for (int i = 0; i < FD_NU; i++) {
        q[i] = dist_quantile(d, fd_u[i]);
        if (isnan(q[i]) || q[i] < 0) {
            fprintf(stderr, "dist_quantile(u=%.17g)\n", fd_u[i]);
            fd_fail("dist_quantile is NaN or negative", law, q[i]);
        }
        if (i > 0 && q[i] < q[i - 1]) {
            fprintf(stderr, "dist_quantile: u=%.17g gives %.17g, u=%.17g gives %.17g\n",
                    fd_u[i - 1], q[i - 1], fd_u[i], q[i]);
            fd_fail("dist_quantile decreases as u grows", law, q[i]);
        }
    }

    double prev = 1.0;
    for (int i = 0; i < FD_NT; i++) {
        double s = dist_survival(d, fd_t[i]);
        if (!(s >= 0 && s <= 1)) fd_fail("dist_survival is outside [0, 1]", law, s);
        if (s > prev) fd_fail("dist_survival increases with t", law, s);
        prev = s;
    }

    /* Ages: fixed ones, and the law's median and 0.999 quantile (where units really are). */
    double ages[FD_NT + 2];
    int na = 0;
    for (int i = 0; i < FD_NT; i++)
        ages[na++] = fd_t[i];
    if (isfinite(q[4])) ages[na++] = q[4];
    if (isfinite(q[6])) ages[na++] = q[6];
    for (int j = 0; j < FD_NN; j++)
        for (int i = 0; i < na; i++)
            fd_cond_min(d, fd_n[j], ages[i], law);

    /* A single new unit: the same draw as dist_quantile(1 - u). A mixture's CDF may jump (over
     * a part's atom) or be flat (between them): there the draw moves with the last bits of u
     * (1 - u here, exp(log(u)) there), so it is compared with the quantiles 1e-12 either side. */
    for (int i = 2; i <= 6; i++) {
        double u = fd_u[i];
        double a = dist_cond_min(d, 1, 0, u), b = dist_quantile(d, 1 - u);
        double tol = 1e-6 * fabs(b) + (d->kind == DIST_GEOMETRIC ? d->p2 : 0);
        if (d->kind == DIST_MIXTURE) {
            double lo = dist_quantile(d, (1 - u) - 1e-12), hi = dist_quantile(d, (1 - u) + 1e-12);
            if (a >= lo * (1 - 1e-6) && a <= hi * (1 + 1e-6)) continue;
        }
        if (!(fabs(a - b) <= tol) && !(isinf(a) && a == b)) {
            fprintf(stderr, "dist_cond_min(1, 0, %.17g) = %.17g, dist_quantile(%.17g) = %.17g\n", u,
                    a, 1 - u, b);
            fd_fail("dist_cond_min of one new unit differs from dist_quantile", law, a);
        }
    }

    if (d->kind == DIST_MIXTURE) fd_check_mixture(d, law);
    if (d->kind == DIST_EXPONENTIAL || d->kind == DIST_WEIBULL) {
        double w = dist_ph_weight(d, d); /* a law relative to itself: 1 */
        if (!(w > 0) || !isfinite(w)) fd_fail("hazard weight is not positive and finite", law, w);
        for (int j = 0; j < FD_NN; j++) {
            dist c;
            dist_ph_combine(d, w * fd_n[j], &c);
            fd_cond_min(&c, 1, 0, law);
            if (isfinite(q[4])) fd_cond_min(&c, 1, q[4], law);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';

    dist d, back;
    char err[256] = "", buf[2 * DIST_TEXT_MAX], again[2 * DIST_TEXT_MAX];
    if (dist_parse(text, &d, err, sizeof err) == 0) {
        dist_format(&d, buf, sizeof buf);
        if (strlen(buf) >= DIST_TEXT_MAX) fd_fail("dist_format's text is too long", text, 0);
        if (dist_parse(buf, &back, err, sizeof err) != 0) {
            fprintf(stderr, "dist_format wrote '%s': %s\n", buf, err);
            fd_fail("dist_format's text does not parse back", text, 0);
        }
        if (!fd_same_law(&back, &d)) {
            fprintf(stderr, "dist_format wrote '%s'\n", buf);
            fd_fail("dist_format's text parses back to another law", text, back.p1);
        }
        dist_format(&back, again, sizeof again);
        if (strcmp(buf, again) != 0) {
            fprintf(stderr, "'%s' then '%s'\n", buf, again);
            fd_fail("dist_format is not a fixed point", text, 0);
        }
        fd_check_law(&d, text);
    } else if (!err[0]) {
        fd_fail("dist_parse failed without a message", text, 0);
    }
    free(text);
    return 0;
}
