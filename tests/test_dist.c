/*
 * test_dist: the specification of models/dist, the laws of durations. Expected values come from
 * outside models/dist.c: closed forms written out here (moments through gsl_sf_gamma, the
 * per-step law 1 - (1-p)^(t/step)), hand-computed figures, and fixed-seed Monte Carlo against
 * those, with tolerances of 4 standard errors or a two-sample Kolmogorov-Smirnov critical value
 * at alpha = 1e-4 (ks_statistic, ks_critical from tests/testutil.h). dist_cond_min is checked
 * against a brute force: n lives drawn with dist_quantile, each redrawn until it exceeds the age a,
 * the first of them minus a. Mixtures take part in the laws every test goes through (zoo, hard),
 * and have their own tests below: their moments against E X^2 - (E X)^2 written out, their CDF
 * as the weighted sum of GSL's CDFs of the parts.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/testutil.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_gamma.h>

#include "models/dist.h"

#define KS_ALPHA 1e-4

/* ---------------------------------------------------------------- helpers */

static dist law(const char *s)
{
    dist d;
    char err[256] = "";
    if (dist_parse(s, &d, err, sizeof err) != 0) {
        print_error("dist_parse(\"%s\") failed: %s\n", s, err);
        fail();
    }
    return d;
}

/* A law that must be refused with a message containing frag1 (and frag2 if not NULL). */
static void parse_fails(const char *s, const char *frag1, const char *frag2)
{
    dist d;
    char err[256] = "";
    if (dist_parse(s, &d, err, sizeof err) != -1) {
        char buf[256];
        print_error("dist_parse(\"%s\") accepted it as %s\n", s, dist_format(&d, buf, sizeof buf));
        fail();
    }
    if (!strstr(err, frag1) || (frag2 && !strstr(err, frag2))) {
        print_error("dist_parse(\"%s\"): message \"%s\" lacks \"%s\"%s%s\n", s, err, frag1,
                    frag2 ? " or " : "", frag2 ? frag2 : "");
        fail();
    }
    assert_true(strchr(err, '\n') == NULL);
}

/* Every field equal: the same law, derived parameters included, and a mixture's parts. */
static void assert_same_law(const dist *a, const dist *b)
{
    if (a->kind != b->kind || !(a->p1 == b->p1) || !(a->p2 == b->p2) || !(a->z1 == b->z1) ||
        !(a->z2 == b->z2) || a->nparts != b->nparts) {
        print_error("laws differ: kind %d/%d p1 %.17g/%.17g p2 %.17g/%.17g z1 %.17g/%.17g "
                    "z2 %.17g/%.17g parts %d/%d\n",
                    a->kind, b->kind, a->p1, b->p1, a->p2, b->p2, a->z1, b->z1, a->z2, b->z2,
                    a->nparts, b->nparts);
        fail();
    }
    for (int i = 0; i < a->nparts; i++) {
        const dist_part *x = &a->part[i], *y = &b->part[i];
        if (!(a->w[i] == b->w[i]) || x->kind != y->kind || !(x->p1 == y->p1) || !(x->p2 == y->p2) ||
            !(x->z1 == y->z1) || !(x->z2 == y->z2)) {
            print_error("mixtures differ in part %d: weight %.17g/%.17g kind %d/%d p1 "
                        "%.17g/%.17g p2 %.17g/%.17g\n",
                        i + 1, a->w[i], b->w[i], x->kind, y->kind, x->p1, y->p1, x->p2, y->p2);
            fail();
        }
    }
}

static gsl_rng *rng(unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, seed);
    return r;
}

static void mean_var(const double *x, size_t n, double *mean, double *var)
{
    double m = 0, s = 0;
    for (size_t i = 0; i < n; i++)
        m += x[i];
    m /= (double)n;
    for (size_t i = 0; i < n; i++)
        s += (x[i] - m) * (x[i] - m);
    *mean = m;
    *var = n > 1 ? s / (double)(n - 1) : 0;
}

/* The two samples come from one law: KS at alpha = 1e-4, and means within 4 standard errors of
 * their difference. */
static void assert_same_distribution(double *x, size_t n1, double *y, size_t n2, const char *what)
{
    double m1, v1, m2, v2;
    mean_var(x, n1, &m1, &v1);
    mean_var(y, n2, &m2, &v2);
    double se = sqrt(v1 / (double)n1 + v2 / (double)n2);
    double D = ks_statistic(x, n1, y, n2), crit = ks_critical(n1, n2, KS_ALPHA);
    if (!(D <= crit) || !(fabs(m1 - m2) <= 4 * se)) {
        print_error("%s: KS D = %.4g (critical %.4g), means %.6g and %.6g (4 SE = %.3g)\n", what, D,
                    crit, m1, m2, 4 * se);
        fail();
    }
}

/* Laws for the statistical tests, each with an age inside its bulk (about the median) and, for
 * geometric, not a multiple of the step. */
static const struct {
    const char *text;
    double mid_age;
} zoo[] = {
    {"fixed(7h)", 3.0},
    {"exponential(mean=10h)", 7.0},
    {"weibull(shape=0.7, scale=10h)", 6.0},
    {"weibull(shape=2.5, scale=10h)", 8.0},
    {"lognormal(mean=10h, sd=6h)", 8.0},
    {"gamma(shape=4, mean=10h)", 9.0},
    {"uniform(min=2h, max=12h)", 6.0},
    {"geometric(p=0.05, step=1h)", 13.5},
    {"geometric(p=0.3, step=30m)", 0.75},
    {"mixture(0.8: lognormal(mean=10h, sd=6h), 0.2: exponential(mean=30h))", 8.0},
    {"mixture(0.6: weibull(shape=0.7, scale=10h), 0.4: gamma(shape=4, mean=10h))", 6.0},
    {"mixture(0.3: 5h, 0.7: exponential(mean=10h))", 3.0},
    {"mixture(0.5: geometric(p=0.05, step=1h), 0.5: uniform(min=2h, max=12h))", 6.5},
};
#define NZOO (sizeof zoo / sizeof zoo[0])

/* Continuous laws for the deterministic checks, the awkward shapes included (GSL's gamma
 * inversion is too slow for these in the sampling tests). */
static const char *const hard[] = {
    "exponential(mean=10h)",         "weibull(shape=0.7, scale=10h)",
    "weibull(shape=2.5, scale=10h)", "weibull(shape=0.1, scale=10h)",
    "weibull(shape=50, scale=10h)",  "lognormal(mean=10h, sd=6h)",
    "lognormal(mean=1h, sd=20h)",    "lognormal(mean=1h, sd=0.01h)",
    "gamma(shape=4, mean=10h)",      "gamma(shape=2.5, mean=10h)",
    "gamma(shape=0.6, mean=10h)",    "gamma(shape=0.05, mean=1h)",
    "gamma(shape=500, mean=1h)",     "uniform(min=2h, max=12h)",
    "uniform(min=0s, max=1ms)",
    "mixture(0.8: lognormal(mean=2h, sd=1h), 0.2: exponential(mean=48h))",
    "mixture(0.5: exponential(mean=1h), 0.5: exponential(mean=100h))",
    "mixture(0.3: weibull(shape=0.7, scale=100h), 0.7: weibull(shape=3, scale=1000h))",
    "mixture(0.4: gamma(shape=0.6, mean=10h), 0.6: lognormal(mean=1h, sd=20h))",
    "mixture(0.2: gamma(shape=2, mean=1d), 0.3: uniform(min=2h, max=1d), 0.5: "
    "exponential(mean=1h))",
    "mixture(0.5: lognormal(mean=1h, sd=0.01h), 0.5: lognormal(mean=1.05h, sd=0.01h))",
};
#define NHARD (sizeof hard / sizeof hard[0])

/* ---------------------------------------------------------------- parsing */

static void parses_every_law(void **state)
{
    (void)state;
    dist d = law("fixed(30s)");
    assert_int_equal(d.kind, DIST_FIXED);
    assert_close(d.p1, 30.0 / 3600.0, 1e-15, 0);

    d = law("exponential(mean=2h)");
    assert_int_equal(d.kind, DIST_EXPONENTIAL);
    assert_true(d.p1 == 2.0);

    d = law("weibull(shape=0.7, scale=3d)");
    assert_int_equal(d.kind, DIST_WEIBULL);
    assert_true(d.p1 == 0.7 && d.p2 == 72.0);

    d = law("lognormal(mean=10h, sd=5h)");
    assert_int_equal(d.kind, DIST_LOGNORMAL);
    assert_true(d.p1 == 10.0 && d.p2 == 5.0);
    /* sigma^2 = ln(1 + cv^2), zeta = ln(mean) - sigma^2 / 2 */
    assert_close(d.z2, sqrt(log(1.25)), 1e-14, 0);
    assert_close(d.z1, log(10.0) - 0.5 * log(1.25), 1e-14, 0);

    d = law("gamma(shape=4, mean=2h)");
    assert_int_equal(d.kind, DIST_GAMMA);
    assert_true(d.p1 == 4.0 && d.p2 == 2.0);
    assert_close(d.z1, 0.5, 1e-15, 0); /* scale = mean / shape */

    d = law("uniform(min=1h, max=1d)");
    assert_int_equal(d.kind, DIST_UNIFORM);
    assert_true(d.p1 == 1.0 && d.p2 == 24.0);

    d = law("geometric(p=0.01, step=1h)");
    assert_int_equal(d.kind, DIST_GEOMETRIC);
    assert_true(d.p1 == 0.01 && d.p2 == 1.0);
    assert_close(d.z1, log(0.99), 1e-14, 0);
}

static void bare_duration_is_a_fixed_law(void **state)
{
    (void)state;
    dist a = law("30s"), b = law("fixed(30s)"), c = law("fixed(value=30s)");
    assert_int_equal(a.kind, DIST_FIXED);
    assert_same_law(&a, &b);
    assert_same_law(&a, &c);
    dist z = law("0s");
    assert_int_equal(z.kind, DIST_FIXED);
    assert_true(z.p1 == 0.0);
    dist e = law("1.5e2m");
    assert_true(e.kind == DIST_FIXED && e.p1 == 2.5);
}

static void parameters_may_come_in_any_order(void **state)
{
    (void)state;
    static const char *pairs[][2] = {
        {"weibull(shape=2, scale=3h)", "weibull(scale=3h, shape=2)"},
        {"lognormal(mean=3h, sd=1h)", "lognormal(sd=1h, mean=3h)"},
        {"gamma(shape=2, mean=3h)", "gamma(mean=3h, shape=2)"},
        {"uniform(min=1h, max=3h)", "uniform(max=3h, min=1h)"},
        {"geometric(p=0.1, step=1h)", "geometric(step=1h, p=0.1)"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        dist a = law(pairs[i][0]), b = law(pairs[i][1]);
        assert_same_law(&a, &b);
    }
}

static void blanks_around_names_values_and_commas_are_ignored(void **state)
{
    (void)state;
    dist a = law("weibull(shape=2,scale=3h)");
    dist b = law("  weibull ( shape = 2 ,\tscale = 3h )  ");
    dist c = law("\tweibull(  scale=3h  ,  shape=2  )\t");
    assert_same_law(&a, &b);
    assert_same_law(&a, &c);
    dist f = law("  fixed (  30s ) "), g = law(" 30s ");
    assert_same_law(&f, &g);
}

static void dist_make_checks_what_dist_parse_checks(void **state)
{
    (void)state;
    dist a, b = law("lognormal(mean=10h, sd=5h)");
    char err[256] = "";
    assert_int_equal(dist_make(DIST_LOGNORMAL, 10.0, 5.0, &a, err, sizeof err), 0);
    assert_same_law(&a, &b);
    b = law("geometric(p=0.25, step=2h)");
    assert_int_equal(dist_make(DIST_GEOMETRIC, 0.25, 2.0, &a, err, sizeof err), 0);
    assert_same_law(&a, &b);
    assert_int_equal(dist_make(DIST_WEIBULL, 0.001, 1.0, &a, err, sizeof err), -1);
    assert_non_null(strstr(err, "shape"));
    assert_int_equal(dist_make(DIST_UNIFORM, 2.0, 1.0, &a, err, sizeof err), -1);
    assert_non_null(strstr(err, "max must be greater than min"));
    assert_int_equal(dist_make(DIST_EXPONENTIAL, NAN, 0, &a, err, sizeof err), -1);
    assert_int_equal(dist_make(DIST_FIXED, -1.0, 0, &a, err, sizeof err), -1);
    assert_int_equal(dist_make(DIST_GEOMETRIC, 0.5, 0.0, &a, err, sizeof err), -1);
    assert_non_null(strstr(err, "step must be positive"));
}

static void kind_names_are_the_law_names(void **state)
{
    (void)state;
    assert_string_equal(dist_kind_name(DIST_FIXED), "fixed");
    assert_string_equal(dist_kind_name(DIST_EXPONENTIAL), "exponential");
    assert_string_equal(dist_kind_name(DIST_WEIBULL), "weibull");
    assert_string_equal(dist_kind_name(DIST_LOGNORMAL), "lognormal");
    assert_string_equal(dist_kind_name(DIST_GAMMA), "gamma");
    assert_string_equal(dist_kind_name(DIST_UNIFORM), "uniform");
    assert_string_equal(dist_kind_name(DIST_GEOMETRIC), "geometric");
    assert_string_equal(dist_kind_name(DIST_MIXTURE), "mixture");
}

static void assert_formats_as(const char *in, const char *want)
{
    char buf[256];
    dist d = law(in);
    char *r = dist_format(&d, buf, sizeof buf);
    assert_ptr_equal(r, buf);
    if (strcmp(buf, want) != 0) {
        print_error("dist_format(%s) = \"%s\", expected \"%s\"\n", in, buf, want);
        fail();
    }
}

static void format_writes_the_parse_syntax(void **state)
{
    (void)state;
    assert_formats_as("fixed(30s)", "30s");
    assert_formats_as("exponential(mean=120m)", "exponential(mean=2h)");
    assert_formats_as("weibull(scale=8760h, shape=1.5)", "weibull(shape=1.5, scale=1y)");
    assert_formats_as("lognormal(mean=0.5h, sd=1h)", "lognormal(mean=30m, sd=1h)");
    assert_formats_as("gamma(shape=2, mean=1d)", "gamma(shape=2, mean=1d)");
    assert_formats_as("uniform(min=0h, max=1h)", "uniform(min=0s, max=1h)");
    assert_formats_as("geometric(p=0.01, step=60m)", "geometric(p=0.01, step=1h)");
}

static void assert_format_round_trip(const dist *d)
{
    char buf[256], err[256] = "";
    dist e;
    dist_format(d, buf, sizeof buf);
    if (dist_parse(buf, &e, err, sizeof err) != 0) {
        print_error("dist_format wrote \"%s\", which does not parse: %s\n", buf, err);
        fail();
    }
    assert_same_law(d, &e);
}

static void format_parses_back_to_an_identical_law(void **state)
{
    (void)state;
    static const char *texts[] = {
        "fixed(0s)",
        "250ms",
        "exponential(mean=20m)",
        "weibull(shape=0.01, scale=1ms)",
        "weibull(shape=1000, scale=1e6h)",
        "lognormal(mean=1e-9h, sd=3y)",
        "gamma(shape=1e4, mean=7d)",
        "gamma(shape=0.01, mean=1s)",
        "uniform(min=0s, max=1ms)",
        "geometric(p=1, step=1h)",
        "geometric(p=1e-12, step=0.1h)",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        dist d = law(texts[i]);
        assert_format_round_trip(&d);
    }
    /* Parameters that need all 17 digits, for every law. */
    gsl_rng *r = rng(7);
    char err[256];
    for (int i = 0; i < 500; i++) {
        double u = gsl_rng_uniform_pos(r), v = gsl_rng_uniform_pos(r);
        double dur = pow(10.0, -6.0 + 12.0 * u), dur2 = dur * (1.0 + 10.0 * v);
        struct {
            dist_kind k;
            double p1, p2;
        } c[] = {
            {DIST_FIXED, dur, 0},
            {DIST_EXPONENTIAL, dur, 0},
            {DIST_WEIBULL, 0.01 + 10.0 * v, dur},
            {DIST_LOGNORMAL, dur, dur2},
            {DIST_GAMMA, 100.0 * v, dur},
            {DIST_UNIFORM, dur, dur2},
            {DIST_GEOMETRIC, v, dur},
        };
        for (size_t j = 0; j < sizeof c / sizeof c[0]; j++) {
            dist d;
            assert_int_equal(dist_make(c[j].k, c[j].p1, c[j].p2, &d, err, sizeof err), 0);
            assert_format_round_trip(&d);
        }
    }
    gsl_rng_free(r);
}

/* ---------------------------------------------------------------- parse errors */

static void unknown_law_is_an_error(void **state)
{
    (void)state;
    parse_fails("normal(mean=1h, sd=1h)", "unknown law 'normal'", "exponential");
    parse_fails("foo", "unknown law 'foo'", "a duration");
    parse_fails("Exponential(mean=1h)", "unknown law 'Exponential'", NULL);
    parse_fails("(mean=1h)", "unknown law", NULL);
    parse_fails("nan", "unknown law", NULL);
}

static void missing_parameter_is_an_error(void **state)
{
    (void)state;
    parse_fails("weibull(shape=2)", "weibull: missing parameter 'scale'", NULL);
    parse_fails("weibull(scale=2h)", "weibull: missing parameter 'shape'", NULL);
    parse_fails("exponential()", "exponential: missing parameter 'mean'", NULL);
    parse_fails("fixed()", "fixed: missing parameter 'value'", NULL);
    parse_fails("geometric(p=0.1)", "missing parameter 'step'", NULL);
}

static void unknown_parameter_is_an_error(void **state)
{
    (void)state;
    parse_fails("exponential(rate=1h)", "exponential: unknown parameter 'rate'", "mean");
    parse_fails("weibull(shape=2, mean=1h)", "unknown parameter 'mean'", "shape and scale");
    parse_fails("lognormal(mean=1h, sigma=1h)", "unknown parameter 'sigma'", NULL);
}

static void duplicate_parameter_is_an_error(void **state)
{
    (void)state;
    parse_fails("exponential(mean=1h, mean=2h)", "exponential: mean is given twice", NULL);
    parse_fails("weibull(shape=2, scale=1h, shape=3)", "weibull: shape is given twice", NULL);
    parse_fails("fixed(1h, 2h)", "fixed: value is given twice", NULL);
}

static void missing_closing_parenthesis_is_an_error(void **state)
{
    (void)state;
    parse_fails("exponential(mean=1h", "exponential: missing ')'", NULL);
    parse_fails("weibull(shape=2, scale=1h", "weibull: missing ')'", NULL);
    parse_fails("exponential(mean=1h) x", "missing ')'", NULL);
    parse_fails("exponential(mean=(1h))", "unexpected '('", NULL);
}

static void unnamed_or_empty_parameter_is_an_error(void **state)
{
    (void)state;
    parse_fails("exponential(1h)", "parameter '1h' has no name", "mean=");
    parse_fails("exponential(mean=1h,)", "exponential: empty parameter", NULL);
    parse_fails("weibull(shape=2,,scale=1h)", "weibull: empty parameter", NULL);
    parse_fails("weibull(, shape=2, scale=1h)", "weibull: empty parameter", NULL);
}

static void duration_parameter_needs_a_unit(void **state)
{
    (void)state;
    parse_fails("exponential(mean=5)", "exponential: mean: '5' has no unit", NULL);
    parse_fails("uniform(min=1h, max=5)", "uniform: max:", "has no unit");
    parse_fails("weibull(shape=2, scale=3)", "weibull: scale:", "has no unit");
    parse_fails("geometric(p=0.1, step=1)", "geometric: step:", "has no unit");
    parse_fails("5", "has no unit", NULL);
    parse_fails("exponential(mean=5x)", "unknown unit 'x'", NULL);
    parse_fails("exponential(mean=nanh)", "exponential: mean:", NULL);
    parse_fails("exponential(mean=1e400h)", "not a finite", NULL);
}

static void plain_number_parameter_refuses_a_unit(void **state)
{
    (void)state;
    parse_fails("weibull(shape=2h, scale=1h)", "weibull: shape:", "'2h' is not a number");
    parse_fails("gamma(shape=2s, mean=1h)", "gamma: shape:", NULL);
    parse_fails("geometric(p=0.1h, step=1h)", "geometric: p:", NULL);
    parse_fails("weibull(shape=nan, scale=1h)", "weibull: shape:", NULL);
    parse_fails("weibull(shape=inf, scale=1h)", "weibull: shape:", NULL);
}

static void probability_must_be_in_zero_one(void **state)
{
    (void)state;
    parse_fails("geometric(p=0, step=1h)", "geometric: p must be a probability in (0, 1]", NULL);
    parse_fails("geometric(p=-0.1, step=1h)", "p must be a probability", NULL);
    parse_fails("geometric(p=1.5, step=1h)", "p must be a probability", NULL);
    parse_fails("geometric(p=1.0000001, step=1h)", "p must be a probability", NULL);
    dist d = law("geometric(p=1, step=1h)");
    assert_true(d.p1 == 1.0);
    d = law("geometric(p=1e-300, step=1h)");
    assert_true(d.p1 == 1e-300);
}

static void values_must_be_positive(void **state)
{
    (void)state;
    parse_fails("exponential(mean=0h)", "exponential: mean must be positive", NULL);
    parse_fails("exponential(mean=-1h)", "exponential: mean must be positive", NULL);
    parse_fails("weibull(shape=2, scale=0s)", "weibull: scale must be positive", NULL);
    parse_fails("lognormal(mean=0h, sd=1h)", "lognormal: mean must be positive", NULL);
    parse_fails("lognormal(mean=1h, sd=0h)", "lognormal: sd must be positive", NULL);
    parse_fails("lognormal(mean=1h, sd=-1h)", "lognormal: sd must be positive", NULL);
    parse_fails("gamma(shape=0, mean=1h)", "gamma: shape must be between 0.01 and 10000", NULL);
    parse_fails("gamma(shape=-2, mean=1h)", "gamma: shape must be between 0.01 and 10000", NULL);
    parse_fails("gamma(shape=1e-21, mean=3d)", "gamma: shape must be between 0.01 and 10000", NULL);
    parse_fails("gamma(shape=2, mean=0h)", "gamma: mean must be positive", NULL);
    parse_fails("geometric(p=0.5, step=0h)", "geometric: step must be positive", NULL);
    parse_fails("geometric(p=0.5, step=-1h)", "geometric: step must be positive", NULL);
    parse_fails("uniform(min=-1h, max=1h)", "uniform: min must not be negative", NULL);
    parse_fails("fixed(-1s)", "fixed: value must not be negative", NULL);
    parse_fails("-1s", "must not be negative (got -1s)", NULL);
    /* Zero is allowed where the law has a lower end. */
    dist d = law("uniform(min=0s, max=1h)");
    assert_true(d.p1 == 0.0);
    d = law("fixed(0s)");
    assert_true(d.p1 == 0.0);
}

static void uniform_max_must_exceed_min(void **state)
{
    (void)state;
    parse_fails("uniform(min=2h, max=1h)", "uniform: max must be greater than min", NULL);
    parse_fails("uniform(min=1h, max=1h)", "uniform: max must be greater than min", NULL);
    parse_fails("uniform(min=60m, max=1h)", "uniform: max must be greater than min", NULL);
}

static void weibull_shape_must_be_between_0_01_and_1000(void **state)
{
    (void)state;
    parse_fails("weibull(shape=0.0099, scale=1h)", "weibull: shape must be between 0.01 and 1000",
                NULL);
    parse_fails("weibull(shape=1000.1, scale=1h)", "shape must be between 0.01 and 1000", NULL);
    parse_fails("weibull(shape=0, scale=1h)", "shape must be between", NULL);
    parse_fails("weibull(shape=-1, scale=1h)", "shape must be between", NULL);
    dist d = law("weibull(shape=0.01, scale=1h)");
    assert_true(d.p1 == 0.01);
    d = law("weibull(shape=1000, scale=1h)");
    assert_true(d.p1 == 1000.0);
}

static void empty_value_is_an_error(void **state)
{
    (void)state;
    parse_fails("", "empty value", "a duration or a law");
    parse_fails("  \t ", "empty value", NULL);
}

static void overlong_value_is_an_error_not_cut_short(void **state)
{
    (void)state;
    /* Junk past the parser's buffers must not be dropped silently. */
    char s[512];
    memset(s, ' ', sizeof s);
    memcpy(s, "5h", 2);
    s[300] = 'x';
    s[301] = '\0';
    parse_fails(s, "too long", NULL);
    int n = snprintf(s, sizeof s, "exponential(mean=1h");
    memset(s + n, ' ', 170);
    snprintf(s + n + 170, sizeof s - (size_t)n - 170, "x)");
    parse_fails(s, "too long", NULL);
    /* Blanks around a short value do not count. */
    memset(s, ' ', sizeof s);
    memcpy(s + 400, "30s", 3);
    s[sizeof s - 1] = '\0';
    dist d = law(s);
    assert_true(d.kind == DIST_FIXED);
}

/* ---------------------------------------------------------------- moments */

static void mean_and_sd_match_closed_forms(void **state)
{
    (void)state;
    dist d = law("fixed(3h)");
    assert_true(dist_mean(&d) == 3.0 && dist_sd(&d) == 0.0);

    d = law("exponential(mean=5h)");
    assert_close(dist_mean(&d), 5.0, 1e-15, 0);
    assert_close(dist_sd(&d), 5.0, 1e-15, 0);

    const double shapes[] = {0.5, 0.7, 1.0, 1.5, 2.0, 3.5, 10.0};
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        char err[256];
        double k = shapes[i], s = 7.0;
        assert_int_equal(dist_make(DIST_WEIBULL, k, s, &d, err, sizeof err), 0);
        double g1 = gsl_sf_gamma(1 + 1 / k), g2 = gsl_sf_gamma(1 + 2 / k);
        assert_close(dist_mean(&d), s * g1, 1e-12, 0);
        assert_close(dist_sd(&d), s * sqrt(g2 - g1 * g1), 1e-10, 0);
    }
    /* Without gsl_sf_gamma: shape 1 is the exponential, shape 2 the Rayleigh law. */
    d = law("weibull(shape=1, scale=4h)");
    assert_close(dist_mean(&d), 4.0, 1e-13, 0);
    assert_close(dist_sd(&d), 4.0, 1e-12, 0);
    d = law("weibull(shape=2, scale=4h)");
    assert_close(dist_mean(&d), 4.0 * M_SQRTPI / 2, 1e-13, 0);
    assert_close(dist_sd(&d), 4.0 * sqrt(1 - M_PI / 4), 1e-12, 0);

    /* lognormal: mean and sd as given, and its log-space parameters reproduce them. */
    d = law("lognormal(mean=10h, sd=25h)");
    assert_close(dist_mean(&d), 10.0, 1e-15, 0);
    assert_close(dist_sd(&d), 25.0, 1e-15, 0);
    assert_close(exp(d.z1 + d.z2 * d.z2 / 2), 10.0, 1e-13, 0);
    assert_close(exp(d.z1 + d.z2 * d.z2 / 2) * sqrt(expm1(d.z2 * d.z2)), 25.0, 1e-13, 0);
    /* median = mean / sqrt(1 + cv^2) */
    assert_close(dist_quantile(&d, 0.5), 10.0 / sqrt(1 + 6.25), 1e-12, 0);

    d = law("gamma(shape=4, mean=6h)");
    assert_close(dist_mean(&d), 6.0, 1e-15, 0);
    assert_close(dist_sd(&d), 3.0, 1e-15, 0); /* sqrt(k) * scale = 2 * 1.5 */

    d = law("uniform(min=2h, max=8h)");
    assert_close(dist_mean(&d), 5.0, 1e-15, 0);
    assert_close(dist_sd(&d), 6.0 / sqrt(12.0), 1e-15, 0);

    /* geometric: J steps with P(J = j) = (1-p)^(j-1) p: E J = 1/p, Var J = (1-p)/p^2. */
    d = law("geometric(p=0.2, step=30m)");
    assert_close(dist_mean(&d), 0.5 / 0.2, 1e-15, 0);
    assert_close(dist_sd(&d), 0.5 * sqrt(0.8) / 0.2, 1e-15, 0);
    d = law("geometric(p=1, step=2h)");
    assert_close(dist_mean(&d), 2.0, 1e-15, 0);
    assert_close(dist_sd(&d), 0.0, 0, 1e-15);
}

/* ---------------------------------------------------------------- survival and quantile */

static void survival_is_one_before_zero_and_falls_to_zero(void **state)
{
    (void)state;
    for (size_t i = 0; i < NZOO; i++) {
        dist d = law(zoo[i].text);
        assert_true(dist_survival(&d, -1.0) == 1.0);
        assert_true(dist_survival(&d, 0.0) == 1.0);
        assert_close(dist_survival(&d, 1e6), 0.0, 0, 1e-12);
        double prev = 1.0;
        for (int k = 0; k <= 4000; k++) {
            double s = dist_survival(&d, k * 0.01);
            assert_true(s <= prev && s >= 0.0);
            prev = s;
        }
    }
}

static void survival_of_fixed_and_uniform_laws(void **state)
{
    (void)state;
    dist d = law("fixed(2h)");
    assert_true(dist_survival(&d, 1.999) == 1.0);
    assert_true(dist_survival(&d, 2.0) == 0.0); /* P(X > 2h) with X = 2h */
    assert_true(dist_survival(&d, 3.0) == 0.0);
    d = law("uniform(min=2h, max=6h)");
    assert_true(dist_survival(&d, 1.0) == 1.0);
    assert_close(dist_survival(&d, 3.0), 0.75, 1e-15, 0);
    assert_true(dist_survival(&d, 7.0) == 0.0);
    d = law("exponential(mean=2h)");
    assert_close(dist_survival(&d, 3.0), exp(-1.5), 1e-15, 0);
    d = law("weibull(shape=2, scale=2h)");
    assert_close(dist_survival(&d, 3.0), exp(-2.25), 1e-14, 0);
}

/* P(X <= t) = 1 - (1-p)^floor(t/step): the per-step law of dist.h. */
static void geometric_fails_by_t_with_probability_one_minus_q_to_the_steps(void **state)
{
    (void)state;
    dist d = law("geometric(p=0.01, step=1h)");
    const double t[] = {10, 100, 10000};
    const double four_places[] = {0.0956, 0.6340, 1.0000};
    const int n = 200000;
    double *x = malloc(n * sizeof *x);
    assert_non_null(x);
    gsl_rng *r = rng(11);
    for (int i = 0; i < n; i++)
        x[i] = dist_quantile(&d, gsl_rng_uniform_pos(r));
    gsl_rng_free(r);
    for (size_t k = 0; k < 3; k++) {
        double F = 1 - dist_survival(&d, t[k]);
        assert_close(F, 1 - pow(0.99, t[k]), 1e-12, 1e-15);
        assert_close(F, four_places[k], 0, 0.00005);
        int below = 0;
        for (int i = 0; i < n; i++)
            below += x[i] <= t[k];
        double se = sqrt(F * (1 - F) / n);
        assert_close((double)below / n, F, 0, 4 * se + 1e-12);
    }
    /* Between steps nothing happens, and the samples are whole steps, the first at 1 step. */
    assert_true(dist_survival(&d, 10.5) == dist_survival(&d, 10.0));
    assert_true(dist_survival(&d, 10.999) == dist_survival(&d, 10.0));
    assert_true(dist_survival(&d, 0.999) == 1.0);
    for (int i = 0; i < n; i++)
        assert_true(x[i] >= 1.0 && x[i] == floor(x[i]));
    free(x);
}

static void geometric_with_p_one_fails_at_the_first_step(void **state)
{
    (void)state;
    dist d = law("geometric(p=1, step=2h)");
    assert_true(dist_survival(&d, 0.0) == 1.0);
    assert_true(dist_survival(&d, 1.0) == 1.0);
    assert_true(dist_survival(&d, 2.0) == 0.0);
    assert_true(dist_survival(&d, 5.0) == 0.0);
    const double us[] = {1e-9, 0.3, 0.5, 0.999999};
    for (size_t i = 0; i < 4; i++) {
        assert_true(dist_quantile(&d, us[i]) == 2.0);
        assert_true(dist_cond_min(&d, 3, 0.0, us[i]) == 2.0);
        assert_true(dist_cond_min(&d, 3, 1.0, us[i]) == 1.0);
    }
}

/* 1 - S(Q(u)) = u, compared on the side of the smaller tail where it keeps its precision. */
static void assert_inverts(const dist *d, double u, const char *text)
{
    double x = dist_quantile(d, u), s = dist_survival(d, x);
    /* x itself is rounded: allow the change of S over one ulp of x on each side. */
    double ulp_s =
        fabs(dist_survival(d, nextafter(x, -INFINITY)) - dist_survival(d, nextafter(x, INFINITY)));
    double tol = 1e-9 * fmin(u, 1 - u) + ulp_s;
    int ok = u <= 0.5 ? fabs((1 - s) - u) <= tol + 1e-15 : fabs(s - (1 - u)) <= tol;
    if (!ok) {
        print_error("%s: Q(%.17g) = %.17g has survival %.17g\n", text, u, x, s);
        fail();
    }
}

static void quantile_inverts_the_distribution_function(void **state)
{
    (void)state;
    const double tails[] = {1e-12, 1e-9, 1e-6, 0x1p-32, 1 - 1e-6, 1 - 1e-9, 1 - 0x1p-32};
    for (size_t i = 0; i < NHARD; i++) {
        dist d = law(hard[i]);
        for (int k = 1; k < 1000; k++)
            assert_inverts(&d, k / 1000.0, hard[i]);
        for (size_t k = 0; k < sizeof tails / sizeof tails[0]; k++)
            assert_inverts(&d, tails[k], hard[i]);
    }
}

static void assert_monotone(const dist *d, const char *text)
{
    double prev = dist_quantile(d, 1e-12);
    for (int k = 1; k <= 4000; k++) {
        double u = k < 4000 ? k / 4000.0 : 1 - 1e-12, x = dist_quantile(d, u);
        if (!(x >= prev)) {
            print_error("%s: Q(%.17g) = %.17g is below the previous %.17g\n", text, u, x, prev);
            fail();
        }
        prev = x;
    }
    /* Neighbouring 32-bit uniforms, the finest step a sampler uses, at the switch between the
     * lower and upper tail inversions (0.5) and elsewhere. */
    const double at[] = {0.5 - 64 * 0x1p-32, 0.1, 0.9};
    for (size_t j = 0; j < 3; j++) {
        prev = dist_quantile(d, at[j]);
        for (int k = 1; k <= 128; k++) {
            double u = at[j] + k * 0x1p-32, x = dist_quantile(d, u);
            if (!(x >= prev)) {
                print_error("%s: Q(%.17g) = %.17g is below the previous %.17g\n", text, u, x, prev);
                fail();
            }
            prev = x;
        }
    }
}

static void assert_monotone_law(const char *text)
{
    dist d = law(text);
    assert_monotone(&d, text);
}

static void quantile_is_monotone_in_u(void **state)
{
    (void)state;
    for (size_t i = 0; i < NZOO; i++)
        assert_monotone_law(zoo[i].text);
    for (size_t i = 0; i < NHARD; i++)
        assert_monotone_law(hard[i]);
}

static void quantile_sample_mean_matches_the_mean(void **state)
{
    (void)state;
    const int n = 200000;
    for (size_t i = 0; i < NZOO; i++) {
        dist d = law(zoo[i].text);
        gsl_rng *r = rng(1000 + i);
        double sum = 0;
        for (int k = 0; k < n; k++)
            sum += dist_quantile(&d, gsl_rng_uniform_pos(r));
        gsl_rng_free(r);
        double se = dist_sd(&d) / sqrt(n);
        if (fabs(sum / n - dist_mean(&d)) > 4 * se) {
            print_error("%s: sample mean %.8g, mean %.8g, 4 SE %.3g\n", zoo[i].text, sum / n,
                        dist_mean(&d), 4 * se);
            fail();
        }
    }
}

/* ---------------------------------------------------------------- dist_cond_min */

/* The brute force: n lives each drawn by dist_quantile until it exceeds a (at_least: reaches
 * a), the first of them minus a. */
static double first_of_n_aged(const dist *d, int n, double a, int at_least, gsl_rng *r)
{
    double first = INFINITY;
    for (int i = 0; i < n; i++) {
        double x;
        do
            x = dist_quantile(d, gsl_rng_uniform_pos(r));
        while (at_least ? x < a : x <= a);
        first = fmin(first, x);
    }
    return first - a;
}

static void compare_cond_min(const dist *d, int n, double a, int at_least, const char *text,
                             unsigned long seed)
{
    enum { N = 6000 };
    static double x[N], y[N];
    gsl_rng *r = rng(seed), *g = rng(seed + 1);
    for (int i = 0; i < N; i++) {
        x[i] = dist_cond_min(d, n, a, gsl_rng_uniform_pos(r));
        y[i] = first_of_n_aged(d, n, a, at_least, g);
        assert_true(x[i] >= 0);
    }
    gsl_rng_free(r);
    gsl_rng_free(g);
    char what[160];
    snprintf(what, sizeof what, "%s, n = %d, age %g", text, n, a);
    assert_same_distribution(x, N, y, N, what);
}

static void cond_min_is_the_first_failure_among_n_survivors(void **state)
{
    (void)state;
    const int ns[] = {1, 3, 8};
    for (size_t i = 0; i < NZOO; i++) {
        dist d = law(zoo[i].text);
        for (size_t j = 0; j < 3; j++) {
            compare_cond_min(&d, ns[j], 0.0, 0, zoo[i].text, 100 * i + 10 * j);
            compare_cond_min(&d, ns[j], zoo[i].mid_age, 0, zoo[i].text, 100 * i + 10 * j + 5);
        }
    }
}

static void cond_min_of_fixed_law_is_the_time_left(void **state)
{
    (void)state;
    dist d = law("fixed(5h)");
    assert_true(dist_cond_min(&d, 3, 0.0, 0.3) == 5.0);
    assert_true(dist_cond_min(&d, 3, 2.0, 0.3) == 3.0);
    assert_true(dist_cond_min(&d, 3, 5.0, 0.3) == 0.0); /* due now */
    assert_true(dist_cond_min(&d, 3, 7.0, 0.3) == 0.0);
}

static void cond_min_of_exponentials_is_memoryless(void **state)
{
    (void)state;
    /* The first of n exponentials of mean m is exponential of mean m/n, whatever their age:
     * P(T > t) = exp(-n t / m). */
    dist d = law("exponential(mean=6h)");
    const double us[] = {0.01, 0.3, 0.5, 0.9};
    for (size_t i = 0; i < 4; i++) {
        double t0 = dist_cond_min(&d, 3, 0.0, us[i]), t1 = dist_cond_min(&d, 3, 100.0, us[i]);
        assert_close(t0, t1, 1e-14, 0);
        double s = exp(-3 * t0 / 6);
        assert_true(fabs(s - us[i]) < 1e-12 || fabs(s - (1 - us[i])) < 1e-12);
    }
}

/* The survival S(a+t) of a drawn remaining life against the target S(a) v^(1/n), to 1e-9 of the
 * smaller of the target and its complement, plus the change of S over one ulp of a+t. */
static int hits_target(const dist *d, double x, double target)
{
    double s = dist_survival(d, x);
    double ds =
        fabs(dist_survival(d, nextafter(x, -INFINITY)) - dist_survival(d, nextafter(x, INFINITY)));
    return fabs(s - target) <= 1e-9 * fmin(target, 1 - target) + 2 * ds + 1e-15;
}

static void cond_min_follows_the_conditional_survival(void **state)
{
    (void)state;
    /* P(T > t) = (S(a+t)/S(a))^n: a drawn T has S(a+t) = S(a) u^(1/n), or S(a) (1-u)^(1/n)
     * (which end of the uniform maps to short lives is not specified); at age 0 and at the 40%
     * point of the law. */
    const double us[] = {1e-6, 0.01, 0.2, 0.5, 0.7, 0.99, 1 - 1e-6};
    for (size_t i = 0; i < NHARD; i++) {
        dist d = law(hard[i]);
        for (int n = 1; n <= 8; n++) {
            for (size_t k = 0; k < sizeof us / sizeof us[0]; k++) {
                for (int age = 0; age < 2; age++) {
                    double a = age ? dist_quantile(&d, 0.4) : 0.0, sa = dist_survival(&d, a);
                    double t = dist_cond_min(&d, n, a, us[k]);
                    double qa = sa * pow(us[k], 1.0 / n), qb = sa * pow(1 - us[k], 1.0 / n);
                    if (!(t >= 0 && (hits_target(&d, a + t, qa) || hits_target(&d, a + t, qb)))) {
                        print_error("%s, n = %d, a = %.17g, u = %.17g: t = %.17g has survival "
                                    "%.17g, not %.17g or %.17g\n",
                                    hard[i], n, a, us[k], t, dist_survival(&d, a + t), qa, qb);
                        fail();
                    }
                }
            }
        }
    }
}

/* Old Weibull units, past their characteristic life (cumulative hazard H(a) = (a/scale)^k > 1,
 * where dist_cond_min switches to its form for old units): the drawn remaining life t adds
 * exactly E = -log(u)/n to the cumulative hazard, H(a + t) - H(a) = H(a) expm1(k log1p(t/a)) = E,
 * to 1e-9 relative, for H(a) from 1.5 to 1e15 (where t is a hair of a and any form that forms
 * a + t first loses it), shapes from 0.5 to 20, n from 1 to 8. And at H(a) = 2.3 (the 90% point
 * of the law) the draws have the law of the first of n lives conditioned on outliving a (KS
 * against the brute force). */
static void cond_min_of_old_weibull_units_adds_the_hazard(void **state)
{
    (void)state;
    static const char *const laws[] = {"weibull(shape=0.5, scale=10h)",
                                       "weibull(shape=1.5, scale=10h)",
                                       "weibull(shape=3, scale=10h)",
                                       "weibull(shape=20, scale=10h)"};
    static const double hazards[] = {1.5, 10, 1e3, 1e8, 1e15};
    static const double us[] = {1e-6, 0.01, 0.3, 0.9, 1 - 1e-9};
    for (size_t i = 0; i < sizeof laws / sizeof laws[0]; i++) {
        dist d = law(laws[i]);
        double k = d.p1, scale = d.p2;
        for (size_t h = 0; h < sizeof hazards / sizeof hazards[0]; h++) {
            double a = scale * pow(hazards[h], 1 / k), H = pow(a / scale, k);
            for (int n = 1; n <= 8; n *= 2) {
                for (size_t j = 0; j < sizeof us / sizeof us[0]; j++) {
                    double t = dist_cond_min(&d, n, a, us[j]), E = -log(us[j]) / n;
                    double added = H * expm1(k * log1p(t / a));
                    if (!(t > 0 && fabs(added - E) <= 1e-9 * E)) {
                        print_error("%s, H(a) = %g, n = %d, u = %.17g: t = %.17g adds %.17g to "
                                    "the hazard, not %.17g\n",
                                    laws[i], H, n, us[j], t, added, E);
                        fail();
                    }
                }
            }
        }
        for (int n = 1; n <= 3; n += 2) {
            char what[80];
            snprintf(what, sizeof what, "%s at its 90%% point", laws[i]);
            compare_cond_min(&d, n, dist_quantile(&d, 0.9), 0, what, 900 + 10 * i + (size_t)n);
        }
    }
}

/* dist_cond_min's tie rule for the per-step law: units aged an exact multiple of the step have
 * not yet faced that step, so the first of n fails now with probability 1 - (1-p)^n. */
static void geometric_survivors_at_a_step_still_face_it(void **state)
{
    (void)state;
    dist d = law("geometric(p=0.1, step=1h)");
    const int ns[] = {1, 3, 8};
    for (size_t j = 0; j < 3; j++) {
        int n = ns[j];
        double q = pow(0.9, n);
        /* u on either side of the threshold (1-p)^n: remaining 0 or one whole step. */
        double lo = dist_cond_min(&d, n, 5.0, q * (1 - 1e-9));
        double hi = dist_cond_min(&d, n, 5.0, q * (1 + 1e-9));
        assert_true((lo == 0.0 && hi == 1.0) || (lo == 1.0 && hi == 0.0));
        /* The share of "now" among many uniforms. */
        const int m = 100000;
        gsl_rng *r = rng(500 + j);
        int zero = 0;
        for (int i = 0; i < m; i++) {
            double t = dist_cond_min(&d, n, 5.0, gsl_rng_uniform_pos(r));
            assert_true(t == floor(t)); /* whole steps from a step */
            zero += t == 0.0;
        }
        gsl_rng_free(r);
        double p0 = 1 - q;
        assert_close((double)zero / m, p0, 0, 4 * sqrt(p0 * (1 - p0) / m));
        /* And the whole law against lives conditioned on reaching the age. */
        compare_cond_min(&d, n, 5.0, 1, "geometric(p=0.1, step=1h) at a step", 600 + 10 * j);
        /* Between steps the next failure is never now. */
        for (int i = 1; i < 100; i++)
            assert_true(dist_cond_min(&d, n, 5.5, i / 100.0) >= 0.5);
    }
    /* An age that is a multiple of the step only up to rounding (30 steps of 0.1 h added up)
     * counts as on the step. */
    dist e = law("geometric(p=0.1, step=0.1h)");
    double a = 0;
    for (int i = 0; i < 30; i++)
        a += 0.1;
    assert_true(a != 3.0);
    double q = pow(0.9, 3);
    double lo = dist_cond_min(&e, 3, a, q * (1 - 1e-9)),
           hi = dist_cond_min(&e, 3, a, q * (1 + 1e-9));
    assert_close(fmin(lo, hi), 0.0, 0, 1e-12);
    assert_close(fmax(lo, hi), 0.1, 1e-12, 0);
}

/* ---------------------------------------------------------------- proportional hazards */

static void ph_compatible_laws(void **state)
{
    (void)state;
    dist e1 = law("exponential(mean=1h)"), e2 = law("exponential(mean=5h)");
    dist w1 = law("weibull(shape=2, scale=1h)"), w2 = law("weibull(shape=2, scale=7h)");
    dist w3 = law("weibull(shape=3, scale=1h)"), w4 = law("weibull(shape=1, scale=1h)");
    dist l = law("lognormal(mean=1h, sd=1h)"), g = law("gamma(shape=2, mean=1h)");
    assert_true(dist_ph_compatible(&e1, &e2));
    assert_true(dist_ph_compatible(&e1, &e1));
    assert_true(dist_ph_compatible(&w1, &w2));
    assert_true(dist_ph_compatible(&w2, &w1));
    assert_false(dist_ph_compatible(&w1, &w3));
    assert_false(dist_ph_compatible(&e1, &w4)); /* the same law, but not the same class */
    assert_false(dist_ph_compatible(&w4, &e1));
    assert_false(dist_ph_compatible(&l, &l));
    assert_false(dist_ph_compatible(&g, &g));
    assert_false(dist_ph_compatible(&e1, &l));
}

static void ph_weight_is_the_hazard_scale(void **state)
{
    (void)state;
    dist e = law("exponential(mean=4h)"), e2 = law("exponential(mean=8h)");
    dist w = law("weibull(shape=2, scale=4h)"), w2 = law("weibull(shape=2, scale=8h)");
    assert_close(dist_ph_weight(&e, &e), 1, 1e-15, 0);
    assert_close(dist_ph_weight(&e, &e2), 0.5, 1e-15, 0);
    assert_close(dist_ph_weight(&w, &w2), 0.25, 1e-15, 0);
    /* steep shapes: scale^-k would underflow or overflow; relative weights stay representable */
    dist s1 = law("weibull(shape=100, scale=1y)"), s2 = law("weibull(shape=100, scale=1.01y)");
    assert_close(dist_ph_weight(&s1, &s2), pow(1 / 1.01, 100), 1e-12, 0);
    dist c;
    dist_ph_combine(&s1, 1 + dist_ph_weight(&s1, &s2), &c);
    assert_true(isfinite(c.p2) && c.p2 > 0 && c.p2 < s1.p2);
    dist_ph_combine(&s1, 3, &c); /* three units of one law: scale / 3^(1/k) */
    assert_close(c.p2, s1.p2 * pow(3, -1.0 / 100), 1e-14, 0);
}

/* Pointwise: the survival of the combined law is the product of the survivals. */
static void assert_survival_is_product(const dist *c, const dist *a, const dist *b)
{
    for (int k = 0; k <= 400; k++) {
        double t = k * 0.05;
        assert_close(dist_survival(c, t), dist_survival(a, t) * dist_survival(b, t), 1e-12, 1e-300);
    }
}

static void ph_combine_of_exponentials_adds_rates(void **state)
{
    (void)state;
    double m1 = 3.0, m2 = 7.0;
    dist a = law("exponential(mean=3h)"), b = law("exponential(mean=7h)"), c;
    dist_ph_combine(&a, dist_ph_weight(&a, &a) + dist_ph_weight(&a, &b), &c);
    assert_int_equal(c.kind, DIST_EXPONENTIAL);
    assert_close(c.p1, 1 / (1 / m1 + 1 / m2), 1e-14, 0);
    assert_close(dist_mean(&c), 2.1, 1e-14, 0);
    assert_survival_is_product(&c, &a, &b);
    /* Four identical units: mean / 4. */
    dist_ph_combine(&a, 4 * dist_ph_weight(&a, &a), &c);
    assert_close(c.p1, 0.75, 1e-14, 0);
}

static void ph_combine_of_weibulls_adds_scale_powers(void **state)
{
    (void)state;
    double k = 1.7, s1 = 4.0, s2 = 9.0;
    dist a = law("weibull(shape=1.7, scale=4h)"), b = law("weibull(shape=1.7, scale=9h)"), c;
    dist_ph_combine(&a, dist_ph_weight(&a, &a) + dist_ph_weight(&a, &b), &c);
    assert_int_equal(c.kind, DIST_WEIBULL);
    assert_true(c.p1 == k);
    assert_close(c.p2, pow(pow(s1, -k) + pow(s2, -k), -1 / k), 1e-14, 0);
    assert_survival_is_product(&c, &a, &b);

    /* And by sampling: the first of two independent lives against one life of the combined
     * law. */
    enum { N = 20000 };
    static double x[N], y[N];
    gsl_rng *r = rng(77);
    for (int i = 0; i < N; i++) {
        x[i] = fmin(dist_quantile(&a, gsl_rng_uniform_pos(r)),
                    dist_quantile(&b, gsl_rng_uniform_pos(r)));
        y[i] = dist_quantile(&c, gsl_rng_uniform_pos(r));
    }
    gsl_rng_free(r);
    assert_same_distribution(x, N, y, N, "min of two weibulls");
}

static void ph_combine_of_exponentials_by_sampling(void **state)
{
    (void)state;
    dist a = law("exponential(mean=3h)"), b = law("exponential(mean=7h)"), c;
    dist_ph_combine(&a, dist_ph_weight(&a, &a) + dist_ph_weight(&a, &b), &c);
    enum { N = 20000 };
    static double x[N], y[N];
    gsl_rng *r = rng(78);
    for (int i = 0; i < N; i++) {
        x[i] = fmin(dist_quantile(&a, gsl_rng_uniform_pos(r)),
                    dist_quantile(&b, gsl_rng_uniform_pos(r)));
        y[i] = dist_quantile(&c, gsl_rng_uniform_pos(r));
    }
    gsl_rng_free(r);
    assert_same_distribution(x, N, y, N, "min of two exponentials");
}

/* ---------------------------------------------------------------- mixtures */

static void mixture_is_its_weighted_parts(void **state)
{
    (void)state;
    dist d = law("mixture(0.8: lognormal(mean=2h, sd=1h), 0.2: exponential(mean=48h))");
    assert_int_equal(d.kind, DIST_MIXTURE);
    assert_int_equal(d.nparts, 2);
    assert_true(d.w[0] == 0.8 && d.w[1] == 0.2);
    dist a = law("lognormal(mean=2h, sd=1h)"), b = law("exponential(mean=48h)"), p;
    dist_mixture_part(&d, 0, &p);
    assert_same_law(&p, &a);
    dist_mixture_part(&d, 1, &p);
    assert_same_law(&p, &b);
    /* F = 0.8 F_lognormal + 0.2 F_exponential, as GSL computes them. */
    for (int k = 0; k <= 200; k++) {
        double t = k * 0.5;
        double S = 0.8 * (t > 0 ? gsl_cdf_lognormal_Q(t, a.z1, a.z2) : 1) + 0.2 * exp(-t / 48);
        assert_close(dist_survival(&d, t), S, 1e-14, 1e-300);
    }
    assert_true(dist_survival(&d, -1) == 1 && dist_survival(&d, 0) == 1);
    /* Blanks anywhere between the parts, weights as any plain number. */
    dist e = law("  mixture ( 8e-1 :lognormal( sd=1h ,mean=2h ),0.20: exponential(mean=2d) ) ");
    assert_same_law(&d, &e);
    /* dist_make_mixture builds the same law from its parts. */
    dist laws[2] = {a, b}, f;
    char err[256] = "";
    assert_int_equal(dist_make_mixture(2, (double[]){0.8, 0.2}, laws, &f, err, sizeof err), 0);
    assert_same_law(&d, &f);
    /* Any law may be a part: a duration, geometric, and so on. */
    dist g = law("mixture(0.25: 30s, 0.25: geometric(p=0.5, step=1h), 0.5: gamma(shape=2, "
                 "mean=1h))");
    assert_int_equal(g.nparts, 3);
    assert_int_equal(g.part[0].kind, DIST_FIXED);
    assert_int_equal(g.part[1].kind, DIST_GEOMETRIC);
    assert_close(g.z1, 1.0, 0, 1e-15);
}

static void mixture_formats_as_it_parses(void **state)
{
    (void)state;
    assert_formats_as("mixture(0.8:lognormal(mean=120m,sd=1h),0.2:exponential(mean=48h))",
                      "mixture(0.8: lognormal(mean=2h, sd=1h), 0.2: exponential(mean=2d))");
    assert_formats_as("mixture(0.9: fixed(0s), 0.1: exponential(mean=2h))",
                      "mixture(0.9: 0s, 0.1: exponential(mean=2h))");
    static const char *texts[] = {
        "mixture(0.8: lognormal(mean=2h, sd=1h), 0.2: exponential(mean=48h))",
        "mixture(0.5: 1h, 0.5: 2h)",
        "mixture(0.1: weibull(shape=0.01, scale=1ms), 0.2: geometric(p=1, step=1h), 0.7: 1y)",
        "mixture(0.4: gamma(shape=1e4, mean=7d), 0.6: uniform(min=0s, max=1ms))",
        "mixture(0.125: 1h, 0.125: 2h, 0.125: 3h, 0.125: 4h, 0.125: 5h, 0.125: 6h, 0.125: 7h, "
        "0.125: 8h)",
        "mixture(0.3333333333333333: 1h, 0.3333333333333333: 2h, 0.3333333333333333: 3h)",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        dist d = law(texts[i]);
        assert_format_round_trip(&d);
    }
    /* 2 to 8 parts of every law, their weights and parameters with all 17 digits or with two
     * (most with 17 are too long to write out). */
    gsl_rng *r = rng(17);
    char err[256];
    int made = 0;
    for (int i = 0; i < 800; i++) {
        int n = 2 + (int)gsl_rng_uniform_int(r, i % 2 ? 2 : DIST_MIX_MAX - 1);
        int digits = i % 4 < 2 ? 2 : 17;
        dist laws[DIST_MIX_MAX];
        double w[DIST_MIX_MAX], sum = 0;
        for (int j = 0; j < n; j++) {
            double u = gsl_rng_uniform_pos(r), v = gsl_rng_uniform_pos(r);
            double dur = pow(10.0, -6.0 + 12.0 * u), dur2 = dur * (1.0 + 10.0 * v);
            if (digits == 2) { /* whole hours, two-digit numbers */
                v = fmax(round(v * 100), 1) / 100;
                dur = fmax(round(dur * 10) / 10, 1);
                dur2 = dur + 1;
            }
            const struct {
                dist_kind k;
                double p1, p2;
            } c[] = {
                {DIST_FIXED, dur, 0},
                {DIST_EXPONENTIAL, dur, 0},
                {DIST_WEIBULL, 0.01 + 10.0 * v, dur},
                {DIST_LOGNORMAL, dur, dur2},
                {DIST_GAMMA, 100.0 * v, dur},
                {DIST_UNIFORM, dur, dur2},
                {DIST_GEOMETRIC, v, dur},
            };
            size_t k = gsl_rng_uniform_int(r, sizeof c / sizeof c[0]);
            assert_int_equal(dist_make(c[k].k, c[k].p1, c[k].p2, &laws[j], err, sizeof err), 0);
            sum += w[j] = digits == 2 ? 1.0 : gsl_rng_uniform_pos(r);
        }
        for (int j = 0; j < n; j++)
            w[j] /= sum;
        dist d;
        if (dist_make_mixture(n, w, laws, &d, err, sizeof err) != 0) {
            assert_non_null(strstr(err, "too long written out"));
            continue;
        }
        made++;
        char buf[DIST_TEXT_MAX];
        assert_true(strlen(dist_format(&d, buf, sizeof buf)) < DIST_TEXT_MAX);
        assert_format_round_trip(&d);
    }
    gsl_rng_free(r);
    print_message("%d of 800 mixtures short enough to write out\n", made);
    assert_true(made >= 100);
}

static void mixture_errors_say_what_is_wrong(void **state)
{
    (void)state;
    parse_fails("mixture(0.5: 1h, 0.4: 2h)", "weights sum to 0.9", "expected 1, within 1e-9");
    parse_fails("mixture(0.5: 1h, 0.5000001: 2h)", "weights sum to 1.0000001", NULL);
    parse_fails("mixture(1: 1h)", "1 part", "expected 2 to 8");
    parse_fails("mixture(0.1: 1h, 0.1: 2h, 0.1: 3h, 0.1: 4h, 0.1: 5h, 0.1: 6h, 0.1: 7h, 0.1: 8h, "
                "0.2: 9h)",
                "more than 8 parts", NULL);
    parse_fails("mixture()", "no parts", "expected 2 to 8");
    parse_fails("mixture(0.5: 1h, 0.5: mixture(0.5: 1h, 0.5: 2h))", "part 2 is a mixture",
                "do not nest");
    parse_fails("mixture(0.5: 1h, 0.5: mixture (0.5: 1h, 0.5: 2h))", "do not nest", NULL);
    parse_fails("mixture(0.5: 1h, 0.5: lognormal(mean=2h, sd=0s))", "part 2: lognormal",
                "sd must be positive");
    parse_fails("mixture(0.5: 1h, 0.5: normal(mean=1h, sd=1h))", "part 2: unknown law 'normal'",
                NULL);
    parse_fails("mixture(0.5: 1h, 0.5: exponential(mean=1))", "part 2: exponential: mean", "unit");
    parse_fails("mixture(0.5: 1h, 0.5 2h)", "part 2 ('0.5 2h') has no weight", "WEIGHT: LAW");
    parse_fails("mixture(1h, 2h)", "part 1 ('1h') has no weight", NULL);
    parse_fails("mixture(0.5: 1h, -0.5: 2h, 1: 3h)", "part 2: the weight must be positive", NULL);
    parse_fails("mixture(0.5: 1h, 0: 2h, 0.5: 3h)", "part 2: the weight must be positive", NULL);
    parse_fails("mixture(50%: 1h, 0.5: 2h)", "part 1: weight", "'50%'");
    parse_fails("mixture(0.5h: 1h, 0.5: 2h)", "part 1: weight", NULL);
    parse_fails("mixture(0.5: 1h, , 0.5: 2h)", "part 2 is empty", NULL);
    parse_fails("mixture(0.5: 1h, 0.5: 2h,)", "part 3 is empty", NULL);
    parse_fails("mixture(0.5: 1h, 0.5:)", "part 2: empty value", NULL);
    parse_fails("mixture(0.5: 1h, 0.5: exponential(mean=1h)", "missing ')'", NULL);
    parse_fails("mixture(0.5: 1h, 0.5: exponential(mean=1h)))", "unexpected ')'", NULL);
    parse_fails("mixture(0.5: 1h, 0.5: 2h) x", "missing ')'", NULL);
    parse_fails("mixture 0.5: 1h", "unknown law", NULL);
    /* Shorter than 255 characters as written here, longer written out in full. */
    char s[256];
    int n = snprintf(s, sizeof s, "mixture(");
    for (int i = 0; i < DIST_MIX_MAX; i++)
        n += snprintf(s + n, sizeof s - (size_t)n, "%s0.125:uniform(min=1h,max=%dh)", i ? "," : "",
                      31 + i);
    snprintf(s + n, sizeof s - (size_t)n, ")");
    assert_true(strlen(s) < 255);
    parse_fails(s, "too long written out in full", NULL);
    /* Refused exactly when dist_format's text would not fit in DIST_TEXT_MAX bytes. */
    const char *three = "mixture(0.5:weibull(shape=0.7,scale=100h),0.3:lognormal(mean=2h,sd=1h),"
                        "0.2:exponential(mean=48h))"; /* 103 characters written out */
    char msg[80];
    snprintf(msg, sizeof msg, "(103 characters, at most %d", DIST_TEXT_MAX - 1);
    if (103 >= DIST_TEXT_MAX)
        parse_fails(three, "too long written out in full", msg);
    else
        law(three);
    /* dist_make is not the way to a mixture, nor may dist_make_mixture nest one. */
    dist d, m = law("mixture(0.5: 1h, 0.5: 2h)"), laws[2] = {law("1h"), m};
    char err[256] = "";
    assert_int_equal(dist_make(DIST_MIXTURE, 1, 1, &d, err, sizeof err), -1);
    assert_non_null(strstr(err, "dist_make_mixture"));
    assert_int_equal(dist_make_mixture(2, (double[]){0.5, 0.5}, laws, &d, err, sizeof err), -1);
    assert_non_null(strstr(err, "do not nest"));
    assert_int_equal(dist_make_mixture(2, (double[]){0.5, NAN}, laws, &d, err, sizeof err), -1);
    assert_int_equal(dist_make_mixture(9, (double[9]){0}, laws, &d, err, sizeof err), -1);
    assert_non_null(strstr(err, "9 parts (expected 2 to 8)"));
}

/* Equal parts merge; parts all equal are the law itself. Different exponentials make a
 * hyperexponential law: not exponential, no proportional hazards. */
static void mixture_of_one_law_is_that_law(void **state)
{
    (void)state;
    dist d = law("mixture(0.5: exponential(mean=1h), 0.5: exponential(mean=60m))");
    dist e = law("exponential(mean=1h)");
    assert_same_law(&d, &e);
    d = law("mixture(0.25: 1h, 0.5: weibull(shape=2, scale=1h), 0.25: 1h)");
    assert_int_equal(d.nparts, 2);
    assert_true(d.w[0] == 0.5 && d.w[1] == 0.5 && d.part[0].kind == DIST_FIXED);
    assert_formats_as("mixture(0.25: 1h, 0.5: weibull(shape=2, scale=1h), 0.25: 1h)",
                      "mixture(0.5: 1h, 0.5: weibull(shape=2, scale=1h))");
    d = law("mixture(0.5: exponential(mean=1h), 0.5: exponential(mean=2h))");
    assert_int_equal(d.kind, DIST_MIXTURE);
    assert_false(dist_ph_compatible(&d, &d));
    assert_false(dist_ph_compatible(&d, &e));
    assert_false(dist_ph_compatible(&e, &d));
    /* Its hazard falls with age (1/h at 0, towards 1/2h): no exponential has that. */
    double h0 = dist_density(&d, 0) / dist_survival(&d, 0);
    double h10 = dist_density(&d, 10) / dist_survival(&d, 10);
    assert_close(h0, 0.75, 1e-14, 0);
    assert_true(h10 < 0.51 && h10 > 0.5);
}

static void mixture_mean_and_sd_are_the_mixture_moments(void **state)
{
    (void)state;
    /* E X = sum w m_i, E X^2 = sum w (sd_i^2 + m_i^2), Var X = E X^2 - (E X)^2. */
    dist d = law("mixture(0.8: lognormal(mean=2h, sd=1h), 0.2: exponential(mean=48h))");
    double m = 0.8 * 2 + 0.2 * 48, m2 = 0.8 * (1 + 4) + 0.2 * 2 * 48 * 48;
    assert_close(dist_mean(&d), m, 1e-15, 0);
    assert_close(dist_sd(&d), sqrt(m2 - m * m), 1e-14, 0);
    assert_close(m, 11.2, 1e-15, 0);

    d = law("mixture(0.5: 3h, 0.25: uniform(min=0s, max=6h), 0.25: weibull(shape=2, scale=4h))");
    m = 0.5 * 3 + 0.25 * 3 + 0.25 * 4 * gsl_sf_gamma(1.5);
    m2 = 0.5 * 9 + 0.25 * 36 / 3.0 + 0.25 * 16 * gsl_sf_gamma(2.0);
    assert_close(dist_mean(&d), m, 1e-14, 0);
    assert_close(dist_sd(&d), sqrt(m2 - m * m), 1e-12, 0);

    d = law("mixture(0.5: geometric(p=0.2, step=30m), 0.5: gamma(shape=4, mean=6h))");
    m = 0.5 * 2.5 + 0.5 * 6;
    m2 = 0.5 * (0.25 * 0.8 / 0.04 + 6.25) + 0.5 * (9 + 36);
    assert_close(dist_mean(&d), m, 1e-15, 0);
    assert_close(dist_sd(&d), sqrt(m2 - m * m), 1e-13, 0);

    /* Two atoms 1 ms apart at 1000 h: sd half the gap, where E X^2 - (E X)^2 would lose it. */
    d = law("mixture(0.5: 1000h, 0.5: 3600000001ms)");
    double gap = 3600000001.0 / 3.6e6 - 1000;
    assert_close(dist_mean(&d), 1000 + 0.5 * gap, 1e-15, 0);
    assert_close(dist_sd(&d), 0.5 * gap, 1e-9, 0);
}

/* The CDF of the parts, weighted, from GSL through dist.c's laws (not through the mixture). */
static double mixture_cdf_ref(const dist *d, double x)
{
    double F = 0, W = 0;
    for (int i = 0; i < d->nparts; i++) {
        dist p;
        dist_mixture_part(d, i, &p);
        F += d->w[i] * (1 - dist_survival(&p, x));
        W += d->w[i];
    }
    return F / W;
}

static const char *const mixtures[] = {
    "mixture(0.8: lognormal(mean=2h, sd=1h), 0.2: exponential(mean=48h))",
    "mixture(0.01: exponential(mean=1y), 0.99: weibull(shape=4, scale=1h))",
    "mixture(0.5: gamma(shape=0.05, mean=1h), 0.5: lognormal(mean=1h, sd=20h))",
    "mixture(0.2: exponential(mean=1h), 0.3: exponential(mean=8h), 0.5: exponential(mean=2d))",
    "mixture(0.3: uniform(min=1h, max=2h), 0.7: uniform(min=3h, max=4h))",
    "mixture(0.5: weibull(shape=0.1, scale=10h), 0.5: weibull(shape=50, scale=10h))",
};

/* F(Q(u)) = u to 1e-10 over a grid, the tails included; the same u gives the same x. */
static void mixture_quantile_inverts_its_cdf(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof mixtures / sizeof mixtures[0]; i++) {
        dist d = law(mixtures[i]);
        for (int k = -6; k <= 10006; k++) {
            double u = k < 1 ? pow(10, k - 7) : k > 9999 ? 1 - pow(10, k - 10013) : k / 10000.0;
            double x = dist_quantile(&d, u), F = mixture_cdf_ref(&d, x);
            if (!(fabs(F - u) <= 1e-10) || dist_quantile(&d, u) != x) {
                print_error("%s: Q(%.17g) = %.17g, where F = %.17g\n", mixtures[i], u, x, F);
                fail();
            }
        }
    }
}

/* Where the CDF jumps, over a part's atom, the sample is the atom itself; around it, the
 * smallest x with F(x) >= u. */
static void assert_generalised_inverse(const dist *d, double u, const char *text)
{
    double x = dist_quantile(d, u), F = mixture_cdf_ref(d, x);
    double below = x > 0 ? mixture_cdf_ref(d, x * (1 - 1e-9)) : 0;
    if (!(F >= u - 1e-12 && below <= u + 1e-12)) {
        print_error("%s: Q(%.17g) = %.17g, F there %.17g and just below %.17g\n", text, u, x, F,
                    below);
        fail();
    }
}

static void mixture_draws_its_atoms_exactly(void **state)
{
    (void)state;
    /* F(5h-) = 0.7 (1 - e^-0.5) = 0.2754, F(5h) = 0.5754 */
    dist d = law("mixture(0.3: 5h, 0.7: exponential(mean=10h))");
    const double in_jump[] = {0.2755, 0.3, 0.5, 0.5754};
    for (size_t i = 0; i < 4; i++)
        assert_true(dist_quantile(&d, in_jump[i]) == 5.0);
    assert_close(dist_quantile(&d, 0.2), -10 * log1p(-0.2 / 0.7), 1e-12, 0);
    assert_close(dist_quantile(&d, 0.9), -10 * log((1 - 0.9) / 0.7), 1e-12, 0);
    /* Instant repairs nine times in ten. */
    dist r = law("mixture(0.9: 0s, 0.1: exponential(mean=2h))");
    for (int k = 1; k < 90; k++)
        assert_true(dist_quantile(&r, k / 100.0) == 0.0);
    assert_close(dist_quantile(&r, 0.95), 2 * log(2.0), 1e-12, 0);
    /* Atoms of a geometric part: whole steps, exactly. */
    dist g = law("mixture(0.5: geometric(p=0.1, step=1h), 0.5: weibull(shape=2, scale=10h))");
    int atoms = 0;
    for (int k = 1; k < 1000; k++) {
        double u = k / 1000.0, x = dist_quantile(&g, u);
        assert_generalised_inverse(&g, u, "geometric and weibull");
        assert_generalised_inverse(&d, u, "5h and exponential");
        atoms += x == floor(x);
    }
    assert_true(atoms > 300); /* half the mass on the steps, and more of the u in their jumps */
    /* Eight atoms: each u in its step of the staircase. */
    dist e = law("mixture(0.125: 1h, 0.125: 2h, 0.125: 3h, 0.125: 4h, 0.125: 5h, 0.125: 6h, "
                 "0.125: 7h, 0.125: 8h)");
    for (int k = 1; k < 1000; k++) {
        double u = k / 1000.0;
        assert_true(dist_quantile(&e, u) == ceil(u * 8));
        assert_generalised_inverse(&e, u, "eight atoms");
    }
}

/* dist_cond_min at a part's atom: units of age exactly 5h have not passed the atom at 5h, so
 * each fails now with probability r = 0.3 / P(X >= 5h), and the first of n with 1 - (1-r)^n; and
 * the law of the first of n lives conditioned on reaching the age, against the brute force. At
 * 4.5h, the first of n fails exactly at the atom with probability P(all >= 5h) - P(all > 5h),
 * given all >= 4.5h. */
static void mixture_cond_min_keeps_atoms_at_the_age(void **state)
{
    (void)state;
    dist d = law("mixture(0.3: 5h, 0.7: exponential(mean=10h))");
    double r = 0.3 / (0.3 + 0.7 * exp(-0.5));
    const int ns[] = {1, 3, 8};
    for (size_t j = 0; j < 3; j++) {
        int n = ns[j];
        const int m = 100000;
        gsl_rng *g = rng(700 + j);
        int now = 0, now_rounded = 0, at_atom = 0;
        for (int i = 0; i < m; i++) {
            double u = gsl_rng_uniform_pos(g);
            double t = dist_cond_min(&d, n, 5.0, u);
            assert_true(t >= 0);
            now += t == 0;
            /* an age one rounding above 5h (as accumulated ages come) draws alike */
            now_rounded += dist_cond_min(&d, n, 5.0 * (1 + 1e-15), u) == 0;
            double early = dist_cond_min(&d, n, 4.5, u);
            assert_true(early > 0);
            at_atom += early == 0.5;
        }
        gsl_rng_free(g);
        double p0 = 1 - pow(1 - r, n);
        assert_close((double)now / m, p0, 0, 4 * sqrt(p0 * (1 - p0) / m));
        assert_int_equal(now, now_rounded);
        double s45 = 0.3 + 0.7 * exp(-0.45);
        double pa = pow((0.3 + 0.7 * exp(-0.5)) / s45, n) - pow(0.7 * exp(-0.5) / s45, n);
        assert_close((double)at_atom / m, pa, 0, 4 * sqrt(pa * (1 - pa) / m));
        compare_cond_min(&d, n, 5.0, 1, "5h and exponential at 5h", 710 + 10 * j);
    }
    /* A geometric part at one of its steps, and between steps. */
    dist e = law("mixture(0.5: geometric(p=0.1, step=1h), 0.5: uniform(min=2h, max=12h))");
    compare_cond_min(&e, 3, 5.0, 1, "geometric and uniform at a step", 750);
    compare_cond_min(&e, 3, 5.5, 0, "geometric and uniform between steps", 760);
    /* All of a mixture of bounded laws passed: due now, as fixed and uniform laws are. */
    dist b = law("mixture(0.5: 1h, 0.5: uniform(min=1h, max=2h))");
    assert_true(dist_cond_min(&b, 2, 3.0, 0.5) == 0.0);
}

/* The density is the derivative of the CDF (central differences), for every continuous law
 * and mixtures of them; laws with atoms have none. */
static void density_is_the_derivative_of_the_cdf(void **state)
{
    (void)state;
    for (size_t i = 0; i < NHARD; i++) {
        dist d = law(hard[i]);
        for (int k = 1; k < 10; k++) {
            double t = dist_quantile(&d, k / 10.0), h = 1e-5 * t;
            double num = (dist_survival(&d, t - h) - dist_survival(&d, t + h)) / (2 * h);
            if (!(fabs(dist_density(&d, t) - num) <= 1e-5 * num)) {
                print_error("%s: density %.10g at %.10g, the CDF's slope %.10g\n", hard[i],
                            dist_density(&d, t), t, num);
                fail();
            }
        }
        assert_true(dist_density(&d, -1) == 0);
    }
    static const char *const atoms[] = {"1h", "geometric(p=0.5, step=1h)",
                                        "mixture(0.3: 5h, 0.7: exponential(mean=10h))"};
    for (size_t i = 0; i < 3; i++) {
        dist d = law(atoms[i]);
        assert_true(isnan(dist_density(&d, 2.0)));
    }
}

/* Laws the fuzzer found (tests/fuzz_dist.c's properties): parts whose quantiles underflow or
 * overflow, or lie hundreds of decades apart, a part of infinite mean, u at the top of a jump.
 * Draws stay monotone in u, never NaN or negative (infinite is allowed), and so does
 * dist_cond_min as u falls; the sd is not NaN. */
static void mixtures_of_extreme_parts_draw_monotone(void **state)
{
    (void)state;
    static const char *const found[] = {
        "mixture(0.9: 0s, 0.1: exponential(mean=2h))",
        "mixture(0.5: uniform(min=1h, max=2h), 0.5: weibull(shape=0.01, scale=1ms))",
        "mixture(0.5: geometric(p=0.1e-202, step=0.35h), 0.5: weibull(shape=1, scale=2h))",
        "mixture(0.5: geometric(p=1e-308, step=0.5h), 0.5: weibull(shape=21, scale=2h))",
        "mixture(0.5: geometric(p=5.1e-315, step=8.5h), 0.5: weibull(shape=2, scale=2h))",
    };
    static const double us[] = {0x1p-54, 1e-12, 1e-3, 0.1, 0.5, 0.9, 0.999, 1 - 1e-12, 1 - 0x1p-53};
    enum { NU = sizeof us / sizeof us[0] };
    for (size_t i = 0; i < sizeof found / sizeof found[0]; i++) {
        dist d = law(found[i]);
        assert_false(isnan(dist_sd(&d)));
        double prev = 0;
        for (int k = 0; k < NU; k++) {
            double x = dist_quantile(&d, us[k]);
            if (!(x >= prev)) {
                print_error("%s: Q(%.17g) = %.17g, below %.17g\n", found[i], us[k], x, prev);
                fail();
            }
            prev = x;
        }
        for (int n = 1; n <= 8; n += 7) {
            for (int a = 0; a <= 1; a++) {
                double last = INFINITY;
                for (int k = 0; k < NU; k++) {
                    double t = dist_cond_min(&d, n, a, us[k]);
                    if (!(t >= 0 && t <= last + 1e-12 * (a + last))) {
                        print_error("%s: dist_cond_min(%d, %d, %.17g) = %.17g after %.17g\n",
                                    found[i], n, a, us[k], t, last);
                        fail();
                    }
                    last = t;
                }
            }
        }
    }
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_every_law),
        cmocka_unit_test(bare_duration_is_a_fixed_law),
        cmocka_unit_test(parameters_may_come_in_any_order),
        cmocka_unit_test(blanks_around_names_values_and_commas_are_ignored),
        cmocka_unit_test(dist_make_checks_what_dist_parse_checks),
        cmocka_unit_test(kind_names_are_the_law_names),
        cmocka_unit_test(format_writes_the_parse_syntax),
        cmocka_unit_test(format_parses_back_to_an_identical_law),
        cmocka_unit_test(unknown_law_is_an_error),
        cmocka_unit_test(missing_parameter_is_an_error),
        cmocka_unit_test(unknown_parameter_is_an_error),
        cmocka_unit_test(duplicate_parameter_is_an_error),
        cmocka_unit_test(missing_closing_parenthesis_is_an_error),
        cmocka_unit_test(unnamed_or_empty_parameter_is_an_error),
        cmocka_unit_test(duration_parameter_needs_a_unit),
        cmocka_unit_test(plain_number_parameter_refuses_a_unit),
        cmocka_unit_test(probability_must_be_in_zero_one),
        cmocka_unit_test(values_must_be_positive),
        cmocka_unit_test(uniform_max_must_exceed_min),
        cmocka_unit_test(weibull_shape_must_be_between_0_01_and_1000),
        cmocka_unit_test(empty_value_is_an_error),
        cmocka_unit_test(overlong_value_is_an_error_not_cut_short),
        cmocka_unit_test(mean_and_sd_match_closed_forms),
        cmocka_unit_test(survival_is_one_before_zero_and_falls_to_zero),
        cmocka_unit_test(survival_of_fixed_and_uniform_laws),
        cmocka_unit_test(geometric_fails_by_t_with_probability_one_minus_q_to_the_steps),
        cmocka_unit_test(geometric_with_p_one_fails_at_the_first_step),
        cmocka_unit_test(quantile_inverts_the_distribution_function),
        cmocka_unit_test(quantile_is_monotone_in_u),
        cmocka_unit_test(quantile_sample_mean_matches_the_mean),
        cmocka_unit_test(cond_min_is_the_first_failure_among_n_survivors),
        cmocka_unit_test(cond_min_of_fixed_law_is_the_time_left),
        cmocka_unit_test(cond_min_of_exponentials_is_memoryless),
        cmocka_unit_test(cond_min_follows_the_conditional_survival),
        cmocka_unit_test(cond_min_of_old_weibull_units_adds_the_hazard),
        cmocka_unit_test(geometric_survivors_at_a_step_still_face_it),
        cmocka_unit_test(ph_compatible_laws),
        cmocka_unit_test(ph_weight_is_the_hazard_scale),
        cmocka_unit_test(ph_combine_of_exponentials_adds_rates),
        cmocka_unit_test(ph_combine_of_weibulls_adds_scale_powers),
        cmocka_unit_test(ph_combine_of_exponentials_by_sampling),
        cmocka_unit_test(mixture_is_its_weighted_parts),
        cmocka_unit_test(mixture_formats_as_it_parses),
        cmocka_unit_test(mixture_errors_say_what_is_wrong),
        cmocka_unit_test(mixture_of_one_law_is_that_law),
        cmocka_unit_test(mixture_mean_and_sd_are_the_mixture_moments),
        cmocka_unit_test(mixture_quantile_inverts_its_cdf),
        cmocka_unit_test(mixture_draws_its_atoms_exactly),
        cmocka_unit_test(mixture_cond_min_keeps_atoms_at_the_age),
        cmocka_unit_test(density_is_the_derivative_of_the_cdf),
        cmocka_unit_test(mixtures_of_extreme_parts_draw_monotone),
    };
    return cmocka_run_group_tests_name("dist", tests, NULL, NULL);
}
