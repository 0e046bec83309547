/*
 * test_cf: the specification of models/cf, the closed forms relsim's simulations are checked
 * against. Each expected value comes from somewhere other than models/cf.c and cf_levels.c: a
 * published figure, a hand calculation written out in the comment, an independent numerical
 * method (quadrature, ODE integration, a dense linear solve, a Lambert W, an enumeration), a GSL
 * distribution function, or a small Monte Carlo of the rules written out here, with a fixed seed
 * and a tolerance of 4 standard errors. It is long because the module is: one binary per module.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "tests/testutil.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_min.h>
#include <gsl/gsl_odeiv2.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_lambert.h>

#include "models/cf.h"

#define MINUTE (1.0 / 60.0) /* hours */

/* The segment cost as the header states it, written out independently of models/cf.c. */
static double seg(double L, double D, double R, double M)
{
    return (M + D) * exp(R / M) * expm1(L / M);
}

/* ---------------------------------------------------------------- checkpoint intervals */

static void young_interval_is_sqrt_2dM(void **state)
{
    (void)state;
    assert_true(cf_young_interval(2.0, 9.0) == 6.0); /* sqrt(36), exact in binary */
    assert_true(cf_young_interval(0.5, 4.0) == 2.0);
    assert_close(cf_young_interval(5 * MINUTE, 24.0), sqrt(2 * 5 * MINUTE * 24.0), 1e-15, 0);
}

/* Daly (2006), captions of Figs. 3-5: with R = 10 min and delta = 5 min "the new model predicts"
 * tau_opt = 117 min for M = 24 h, 57 min for M = 6 h and 9.1 min for M = 15 min. The tolerance
 * is the published rounding (half a unit of the last digit shown). */
static void daly_interval_matches_published_values(void **state)
{
    (void)state;
    double d = 5 * MINUTE;
    assert_close(cf_daly_interval(d, 24.0) / MINUTE, 117, 0, 0.5);
    assert_close(cf_daly_interval(d, 6.0) / MINUTE, 57, 0, 0.5);
    assert_close(cf_daly_interval(d, 15 * MINUTE) / MINUTE, 9.1, 0, 0.05);
    /* And it is not Young's value, which rounds differently (120 min, 60 min, 12.2 min). */
    assert_true(fabs(cf_young_interval(d, 24.0) / MINUTE - 117) > 0.5);
}

static void daly_interval_is_M_once_d_reaches_2M(void **state)
{
    (void)state;
    assert_true(cf_daly_interval(2.0, 1.0) == 1.0);
    assert_true(cf_daly_interval(3.0, 1.0) == 1.0);
    assert_true(cf_daly_interval(2.0 * 7.5, 7.5) == 7.5);
    /* just below 2M the perturbation formula applies: sqrt(4M^2)(1 + 1/3 + 1/9) - 2M = 8M/9 */
    assert_close(cf_daly_interval(2.0 * (1 - 1e-12), 1.0), 8.0 / 9.0, 1e-9, 0);
}

static double daly_cost(double tau, void *params)
{
    const double *p = params; /* d, M */
    return cf_daly_makespan(100.0, tau, p[0], 0.0, 10 * MINUTE, p[1]);
}

/* Setting d T_w / d tau = 0 in Daly's T_w(tau) gives (tau/M) e^{(tau+d)/M} = e^{(tau+d)/M} - 1,
 * whose root is tau = M (1 + W0(-e^{-1-d/M})) (W0: principal branch of Lambert's W, the exact
 * solution Daly's perturbation series approximates). Minimizing cf_daly_makespan numerically must
 * find it, and Daly's interval must cost almost nothing more than the optimum: at most 1e-5
 * relative for these d/M (2.4e-6 at M = 15 min, where d/M = 1/3 is largest). */
static void daly_interval_is_near_the_optimum_of_daly_makespan(void **state)
{
    (void)state;
    const double Ms[] = {24.0, 6.0, 15 * MINUTE, 1.0};
    for (size_t i = 0; i < sizeof Ms / sizeof Ms[0]; i++) {
        double p[2] = {5 * MINUTE, Ms[i]};
        double exact = p[1] * (1 + gsl_sf_lambert_W0(-exp(-1 - p[0] / p[1])));

        gsl_function F = {daly_cost, p};
        gsl_min_fminimizer *s = gsl_min_fminimizer_alloc(gsl_min_fminimizer_brent);
        assert_int_equal(gsl_min_fminimizer_set(s, &F, exact, exact / 10, exact * 10), GSL_SUCCESS);
        for (int it = 0; it < 200; it++) {
            gsl_min_fminimizer_iterate(s);
            if (gsl_min_test_interval(gsl_min_fminimizer_x_lower(s), gsl_min_fminimizer_x_upper(s),
                                      0, 1e-10) == GSL_SUCCESS)
                break;
        }
        /* a flat minimum: tau is found to about sqrt(eps) relative */
        assert_close(gsl_min_fminimizer_x_minimum(s), exact, 1e-6, 0);
        gsl_min_fminimizer_free(s);

        double at_daly = daly_cost(cf_daly_interval(p[0], p[1]), p);
        assert_true(at_daly >= daly_cost(exact, p) * (1 - 1e-15));
        assert_true(at_daly <= daly_cost(exact, p) * (1 + 1e-5));
    }
}

static void intervals_reject_bad_arguments(void **state)
{
    (void)state;
    assert_true(isnan(cf_young_interval(0, 1)));
    assert_true(isnan(cf_young_interval(1, 0)));
    assert_true(isnan(cf_young_interval(-1, 1)));
    assert_true(isnan(cf_young_interval(NAN, 1)));
    assert_true(isnan(cf_daly_interval(0, 1)));
    assert_true(isnan(cf_daly_interval(1, -1)));
    assert_true(isnan(cf_daly_interval(1, NAN)));
}

/* ---------------------------------------------------------------- segment time */

static void segment_time_of_no_work_is_zero(void **state)
{
    (void)state;
    assert_true(cf_segment_time(0, 0.5, 0.25, 2.0) == 0.0);
    /* L -> 0: E ~ (M + D) e^{R/M} (L/M) (1 + L/(2M)); expm1 keeps every digit here, where
     * exp(L/M) - 1 would keep about four. */
    double L = 1e-12, D = 0.5, R = 0.25, M = 2.0;
    assert_close(cf_segment_time(L, D, R, M), (M + D) * exp(R / M) * (L / M) * (1 + L / (2 * M)),
                 1e-14, 0);
}

static void segment_time_without_downtime_or_restart(void **state)
{
    (void)state;
    /* D = R = 0: E = M (e^{L/M} - 1) */
    assert_close(cf_segment_time(3.0, 0, 0, 2.0), 2.0 * (exp(1.5) - 1), 1e-15, 0);
    assert_close(cf_segment_time(0.1, 0, 0, 50.0), 50.0 * expm1(0.002), 1e-15, 0);
    /* L << M: about L, plus L^2/(2M) of expected rework */
    assert_close(cf_segment_time(1e-3, 0, 0, 1e3), 1e-3 * (1 + 1e-6 / 2), 1e-12, 0);
}

static double exp_density(double t, void *params)
{
    double M = *(const double *)params;
    return exp(-t / M) / M;
}

static double t_exp_density(double t, void *params)
{
    return t * exp_density(t, params);
}

static double integrate(double (*f)(double, void *), double M, double upto)
{
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(100);
    gsl_function F = {f, &M};
    double r, err;
    assert_int_equal(
        gsl_integration_qag(&F, 0, upto, 0, 1e-13, 100, GSL_INTEG_GAUSS61, w, &r, &err),
        GSL_SUCCESS);
    gsl_integration_workspace_free(w);
    return r;
}

/* First-step (renewal) equations, solved with quadrature rather than algebra. E: expected time
 * to finish L of work starting up; E': the same right after a failure. With f the Exp(M)
 * density, a(x) = int_0^x t f(t) dt, P(x) = int_0^x f(t) dt:
 *     E  = a(L) + P(L) E' + (1 - P(L)) L
 *     E' = D + a(R) + P(R) E' + (1 - P(R)) (R + E)
 * a 2 x 2 linear system in (E, E'). */
static void segment_time_solves_the_first_step_equations(void **state)
{
    (void)state;
    const double cases[][4] = {
        {1.0, 0.25, 0.2, 1.5}, {5.0, 0.0, 0.5, 2.0}, {0.3, 1.0, 0.0, 0.7}, {2.0, 0.1, 3.0, 1.0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double L = cases[i][0], D = cases[i][1], R = cases[i][2], M = cases[i][3];
        double aL = integrate(t_exp_density, M, L), PL = integrate(exp_density, M, L);
        double aR = R > 0 ? integrate(t_exp_density, M, R) : 0;
        double PR = R > 0 ? integrate(exp_density, M, R) : 0;
        /*  1 E         - PL E'       = aL + (1 - PL) L
         * -(1 - PR) E + (1 - PR) E'  = D + aR + (1 - PR) R   */
        double a11 = 1, a12 = -PL, b1 = aL + (1 - PL) * L;
        double a21 = -(1 - PR), a22 = 1 - PR, b2 = D + aR + (1 - PR) * R;
        double E = (b1 * a22 - a12 * b2) / (a11 * a22 - a12 * a21);
        assert_close(cf_segment_time(L, D, R, M), E, 1e-10, 0);
    }
}

/* One segment simulated the way the header describes it: failures at rate 1/M during work and
 * restart, a failure-free downtime D after each, then a restart R, then the segment again. */
static double simulate_segment(gsl_rng *rng, double L, double D, double R, double M)
{
    double t = 0;
    for (;;) {
        double f = gsl_ran_exponential(rng, M);
        if (f >= L) return t + L;
        t += f;
        for (;;) { /* down, then restart until a restart completes */
            t += D;
            double g = gsl_ran_exponential(rng, M);
            if (g >= R) {
                t += R;
                break;
            }
            t += g;
        }
    }
}

static void segment_time_matches_a_monte_carlo(void **state)
{
    (void)state;
    const double L = 1.0, D = 0.25, R = 0.2, M = 1.5;
    const int n = 400000;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 20240611UL);
    double mean = 0, m2 = 0; /* Welford */
    for (int i = 1; i <= n; i++) {
        double x = simulate_segment(rng, L, D, R, M);
        double delta = x - mean;
        mean += delta / i;
        m2 += delta * (x - mean);
    }
    gsl_rng_free(rng);
    double se = sqrt(m2 / (n - 1) / n);
    assert_close(mean, cf_segment_time(L, D, R, M), 0, 4 * se);
    assert_true(se < 0.005 * mean); /* the check has teeth: 4 SE is under 2% */
}

static void segment_time_tends_to_L_when_failures_vanish(void **state)
{
    (void)state;
    assert_close(cf_segment_time(2.0, 1.0, 0.5, 1e12), 2.0, 1e-11, 0);
    assert_true(cf_segment_time(2.0, 1.0, 0.5, INFINITY) == 2.0);
    /* and grows without bound as failures become frequent */
    assert_true(cf_segment_time(2.0, 0, 0, 0.01) > 1e80);
}

static void segment_time_rejects_bad_arguments(void **state)
{
    (void)state;
    assert_true(isnan(cf_segment_time(-1, 0, 0, 1)));
    assert_true(isnan(cf_segment_time(1, -1, 0, 1)));
    assert_true(isnan(cf_segment_time(1, 0, -1, 1)));
    assert_true(isnan(cf_segment_time(1, 0, 0, 0)));
    assert_true(isnan(cf_segment_time(NAN, 0, 0, 1)));
    assert_true(isnan(cf_segment_time(1, 0, 0, NAN)));
}

/* ---------------------------------------------------------------- makespans */

/* Daly (2006): T_w = M e^{R/M} (e^{(tau+d)/M} - 1) T_s / tau, the published form (no downtime). */
static void daly_makespan_is_the_published_form(void **state)
{
    (void)state;
    double Ts = 500, tau = 2, d = 5 * MINUTE, R = 10 * MINUTE, M = 24;
    assert_close(cf_daly_makespan(Ts, tau, d, 0, R, M),
                 M * exp(R / M) * expm1((tau + d) / M) * Ts / tau, 1e-14, 0);
    /* with a downtime D every expected failure costs D more: M becomes M + D in front */
    assert_close(cf_daly_makespan(Ts, tau, d, 0.5, R, M),
                 (M + 0.5) * exp(R / M) * expm1((tau + d) / M) * Ts / tau, 1e-14, 0);
}

/* W = k tau. Daly counts k segments of tau + d; relsim writes no checkpoint after the last one:
 *     job = (k-1) seg(tau + d) + seg(tau) = daly - [seg(tau + d) - seg(tau)]
 *         = daly - (M + D) e^{R/M} e^{tau/M} (e^{d/M} - 1),
 * the last checkpoint's contribution. */
static void job_makespan_is_daly_without_the_last_checkpoint(void **state)
{
    (void)state;
    const double cases[][6] = {/* W, tau, d, D, R, M */
                               {2.0, 0.5, 0.1, 0.2, 0.3, 1.5},
                               {500, 2, 5 * MINUTE, 0, 10 * MINUTE, 24},
                               {8, 8, 1, 0, 0, 3},
                               {12, 0.25, 0.01, 1, 0.1, 0.8}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double W = cases[i][0], tau = cases[i][1], d = cases[i][2], D = cases[i][3],
               R = cases[i][4], M = cases[i][5];
        double last_ckpt = (M + D) * exp(R / M) * exp(tau / M) * expm1(d / M);
        assert_close(cf_job_makespan(W, tau, d, D, R, M),
                     cf_daly_makespan(W, tau, d, D, R, M) - last_ckpt, 1e-12, 0);
    }
}

static void job_makespan_single_segment(void **state)
{
    (void)state;
    double W = 3, d = 0.2, D = 0.1, R = 0.4, M = 5;
    double one = (M + D) * exp(R / M) * (exp(W / M) - 1);
    assert_close(cf_job_makespan(W, INFINITY, d, D, R, M), one, 1e-14, 0);
    assert_close(cf_job_makespan(W, 2 * W, d, D, R, M), one, 1e-14, 0);
    assert_close(cf_job_makespan(W, W, d, D, R, M), one, 1e-14, 0);
}

static void job_makespan_partial_last_segment(void **state)
{
    (void)state;
    double tau = 2, d = 0.2, D = 0.1, R = 0.4, M = 5;
    /* W = 2.5 tau: two segments of tau + d, then 0.5 tau with no checkpoint */
    assert_close(cf_job_makespan(2.5 * tau, tau, d, D, R, M),
                 2 * seg(tau + d, D, R, M) + seg(0.5 * tau, D, R, M), 1e-14, 0);
    /* W = 1.01 tau: one checkpointed segment, then 0.01 tau */
    assert_close(cf_job_makespan(1.01 * tau, tau, d, D, R, M),
                 seg(tau + d, D, R, M) + seg(0.01 * tau, D, R, M), 1e-12, 0);
}

/* A remainder within 1e-9 tau of a whole number of segments is no extra segment: no checkpoint
 * is written for it. 3 * 0.1 is 0.30000000000000004 in binary, a hair over 3 tau. */
static void job_makespan_tie_rule(void **state)
{
    (void)state;
    double d = 0.05, D = 0.1, R = 0.02, M = 2;
    double tau = 0.1, three = 2 * seg(tau + d, D, R, M) + seg(tau, D, R, M);
    assert_close(cf_job_makespan(3 * tau, tau, d, D, R, M), three, 1e-9, 0);
    assert_close(cf_job_makespan(3 * tau * (1 + 1e-12), tau, d, D, R, M), three, 1e-9, 0);
    assert_close(cf_job_makespan(3 * tau * (1 - 1e-12), tau, d, D, R, M), three, 1e-9, 0);
    /* 1e-6 tau over is a real fourth segment, after a third checkpoint */
    double W = 3 * tau * (1 + 1e-6);
    double four = 3 * seg(tau + d, D, R, M) + seg(W - 3 * tau, D, R, M);
    assert_close(cf_job_makespan(W, tau, d, D, R, M), four, 1e-9, 0);
    assert_true(four - three > 0.5 * seg(d, D, R, M));
}

static void makespans_reject_bad_arguments(void **state)
{
    (void)state;
    const double ok[6] = {10, 1, 0.1, 0.1, 0.1, 5};
    for (int i = 0; i < 6; i++) {
        double a[6];
        for (int j = 0; j < 6; j++)
            a[j] = ok[j];
        a[i] = -1;
        assert_true(isnan(cf_job_makespan(a[0], a[1], a[2], a[3], a[4], a[5])));
        assert_true(isnan(cf_daly_makespan(a[0], a[1], a[2], a[3], a[4], a[5])));
        a[i] = NAN;
        assert_true(isnan(cf_job_makespan(a[0], a[1], a[2], a[3], a[4], a[5])));
        assert_true(isnan(cf_daly_makespan(a[0], a[1], a[2], a[3], a[4], a[5])));
    }
    assert_true(isnan(cf_job_makespan(0, 1, 0, 0, 0, 1)));  /* W > 0 */
    assert_true(isnan(cf_job_makespan(1, 0, 0, 0, 0, 1)));  /* tau > 0 */
    assert_true(isnan(cf_daly_makespan(1, 1, 0, 0, 0, 0))); /* M > 0 */
    assert_false(isnan(cf_job_makespan(1, 1, 0, 0, 0, 1))); /* d = D = R = 0 allowed */
}

/* ---------------------------------------------------------------- availability laws */

static void renewal_availability_is_mttf_over_cycle(void **state)
{
    (void)state;
    assert_close(cf_renewal_availability(99, 1), 0.99, 1e-15, 0);
    assert_true(cf_renewal_availability(5, 0) == 1.0);
    assert_close(cf_renewal_availability(1, 3), 0.25, 1e-15, 0);
    assert_true(isnan(cf_renewal_availability(0, 1)));
    assert_true(isnan(cf_renewal_availability(1, -1)));
    assert_true(isnan(cf_renewal_availability(NAN, 1)));
}

static void k_of_n_limits(void **state)
{
    (void)state;
    double a = 0.93;
    assert_close(cf_k_of_n(7, 7, a), pow(a, 7), 1e-13, 0);         /* all must be up */
    assert_close(cf_k_of_n(1, 7, a), 1 - pow(1 - a, 7), 1e-15, 0); /* any one */
    assert_true(cf_k_of_n(0, 7, a) == 1.0);
    assert_true(cf_k_of_n(0, 0, a) == 1.0);
    assert_true(cf_k_of_n(8, 7, a) == 0.0);
    assert_true(cf_k_of_n(1, 0, a) == 0.0);
    assert_true(cf_k_of_n(3, 5, 1.0) == 1.0);
    assert_true(cf_k_of_n(3, 5, 0.0) == 0.0);
    assert_true(isnan(cf_k_of_n(1, 2, -0.1)));
    assert_true(isnan(cf_k_of_n(1, 2, 1.1)));
    assert_true(isnan(cf_k_of_n(1, 2, NAN)));
}

static void k_of_n_hand_case(void **state)
{
    (void)state;
    /* 2-of-3 at a = 0.9: 3 (0.9^2)(0.1) + 0.9^3 = 0.243 + 0.729 = 0.972 */
    assert_close(cf_k_of_n(2, 3, 0.9), 0.972, 1e-14, 0);
    /* 3-of-5 at a = 1/2: (C(5,3) + C(5,4) + C(5,5)) / 32 = 16/32 */
    assert_close(cf_k_of_n(3, 5, 0.5), 0.5, 1e-14, 0);
    /* 2-of-4 at a = 0.2: 1 - 0.8^4 - 4 (0.2)(0.8^3) = 1 - 0.4096 - 0.4096 = 0.1808 */
    assert_close(cf_k_of_n(2, 4, 0.2), 0.1808, 1e-13, 0);
}

/* 1 - 0.99^10 = 0.0956179249911955..., 1 - 0.99^100 = 0.6339676587267704..., 0.99^10000 ~ 2e-44 */
static void step_fail_prob_published_values(void **state)
{
    (void)state;
    assert_close(cf_step_fail_prob(0.01, 10), 0.0956, 0, 0.5e-4);
    assert_close(cf_step_fail_prob(0.01, 100), 0.6340, 0, 0.5e-4);
    assert_close(cf_step_fail_prob(0.01, 10000), 1.0000, 0, 0.5e-4);
    assert_close(cf_step_fail_prob(0.01, 10), 0.0956179249911955, 1e-14, 0);
    assert_close(cf_step_fail_prob(0.01, 100), 0.6339676587267705, 1e-14, 0);
    /* real t: the continuous interpolation 1 - 0.99^2.5 */
    assert_close(cf_step_fail_prob(0.01, 2.5), 1 - pow(0.99, 2.5), 1e-13, 0);
}

static void step_fail_prob_edges(void **state)
{
    (void)state;
    assert_true(cf_step_fail_prob(0, 1e6) == 0.0);
    assert_true(cf_step_fail_prob(1, 1) == 1.0);
    assert_true(cf_step_fail_prob(1, 7.5) == 1.0);
    assert_true(cf_step_fail_prob(0.3, 0) == 0.0);
    assert_true(cf_step_fail_prob(1, 0) == 0.0);
    /* tiny p: t p (1 - (t-1) p / 2); 1 - pow(1 - p, t) would give 0 for p = 1e-17 */
    assert_close(cf_step_fail_prob(1e-17, 10), 1e-16, 1e-14, 0);
    assert_close(cf_step_fail_prob(1e-10, 1e3), 1e-7 * (1 - 999 * 1e-10 / 2), 1e-14, 0);
    assert_true(isnan(cf_step_fail_prob(-0.1, 1)));
    assert_true(isnan(cf_step_fail_prob(1.1, 1)));
    assert_true(isnan(cf_step_fail_prob(0.1, -1)));
    assert_true(isnan(cf_step_fail_prob(NAN, 1)));
    assert_true(isnan(cf_step_fail_prob(0.1, NAN)));
}

static void no_failure_prob_is_exp_minus_T_over_M(void **state)
{
    (void)state;
    assert_close(cf_no_failure_prob(2, 4), exp(-0.5), 1e-15, 0);
    assert_true(cf_no_failure_prob(0, 4) == 1.0);
    assert_true(cf_no_failure_prob(3, INFINITY) == 1.0);
    assert_true(isnan(cf_no_failure_prob(-1, 4)));
    assert_true(isnan(cf_no_failure_prob(1, 0)));
    assert_true(isnan(cf_no_failure_prob(NAN, 4)));
}

/* ---------------------------------------------------------------- repairman: stationary */

static cf_repairman rm(unsigned N, unsigned S, unsigned r, int hot, double l, double mu)
{
    cf_repairman m = {N, S, r, hot, l, mu};
    return m;
}

static double sum_of(const double *x, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    return s;
}

static void repairman_stationary_sums_to_one(void **state)
{
    (void)state;
    const cf_repairman ms[] = {rm(1, 0, 1, 0, 1, 1),           rm(4, 2, 1, 0, 0.1, 1),
                               rm(4, 2, 0, 1, 0.1, 1),         rm(16, 3, 2, 1, 2, 0.5),
                               rm(1000, 50, 4, 0, 1e-3, 0.2),  rm(99990, 10, 1, 0, 1, 0.5),
                               rm(50000, 50000, 0, 1, 3, 1e-3)};
    for (size_t i = 0; i < sizeof ms / sizeof ms[0]; i++) {
        size_t n = (size_t)ms[i].slots + ms[i].spares + 1;
        double *pi = malloc(n * sizeof *pi);
        assert_non_null(pi);
        assert_int_equal(cf_repairman_stationary(&ms[i], pi), 0);
        for (size_t k = 0; k < n; k++)
            assert_true(pi[k] >= 0 && pi[k] <= 1);
        assert_close(sum_of(pi, n), 1.0, 1e-12, 0);
        double a = cf_repairman_availability(&ms[i]);
        assert_close(a, sum_of(pi, ms[i].spares + 1), 1e-12, 1e-300);
        free(pi);
    }
}

/* One node, no spare: the two-state chain, A = mu / (lambda + mu), E[k] = lambda / (lambda + mu).
 */
static void repairman_single_node_is_the_two_state_chain(void **state)
{
    (void)state;
    cf_repairman m = rm(1, 0, 1, 0, 0.3, 2.0);
    assert_close(cf_repairman_availability(&m), 2.0 / 2.3, 1e-15, 0);
    assert_close(cf_repairman_mean_failed(&m), 0.3 / 2.3, 1e-15, 0);
    m.hot = 1; /* no spare: hot or cold is the same chain */
    assert_close(cf_repairman_availability(&m), 2.0 / 2.3, 1e-15, 0);
    m.crews = 0;
    assert_close(cf_repairman_availability(&m), 2.0 / 2.3, 1e-15, 0);
}

/* N = 2 slots, S = 1 spare, lambda = 1, mu = 4; states k = 0..3 failed, available iff k <= 1.
 * Balance across each cut k-1 | k (flow up = flow down):
 *   cold, 1 crew:  2l pi0 = mu pi1,  2l pi1 = mu pi2,  l pi2 = mu pi3
 *       -> pi ~ (1, 1/2, 1/4, 1/16) = (16, 8, 4, 1) / 29,  A = 24/29,  E[k] = 19/29
 *   hot, 1 crew:   3l pi0 = mu pi1,  2l pi1 = mu pi2,  l pi2 = mu pi3
 *       -> pi ~ (1, 3/4, 3/8, 3/32) = (32, 24, 12, 3) / 71,  A = 56/71
 *   cold, 2 crews: 2l pi0 = mu pi1,  2l pi1 = 2mu pi2,  l pi2 = 2mu pi3
 *       -> pi ~ (1, 1/2, 1/8, 1/64) = (64, 32, 8, 1) / 105,  A = 96/105
 *   hot, 2 crews:  3l pi0 = mu pi1,  2l pi1 = 2mu pi2,  l pi2 = 2mu pi3
 *       -> pi ~ (1, 3/4, 3/16, 3/128) = (128, 96, 24, 3) / 251,  A = 224/251 */
static void repairman_hand_solved_four_state_chain(void **state)
{
    (void)state;
    double pi[4];
    cf_repairman m = rm(2, 1, 1, 0, 1.0, 4.0);
    assert_int_equal(cf_repairman_stationary(&m, pi), 0);
    assert_close(pi[0], 16.0 / 29, 1e-14, 0);
    assert_close(pi[1], 8.0 / 29, 1e-14, 0);
    assert_close(pi[2], 4.0 / 29, 1e-14, 0);
    assert_close(pi[3], 1.0 / 29, 1e-14, 0);
    assert_close(cf_repairman_availability(&m), 24.0 / 29, 1e-14, 0);
    assert_close(cf_repairman_mean_failed(&m), 19.0 / 29, 1e-14, 0);

    m.hot = 1;
    assert_int_equal(cf_repairman_stationary(&m, pi), 0);
    assert_close(pi[0], 32.0 / 71, 1e-14, 0);
    assert_close(pi[3], 3.0 / 71, 1e-14, 0);
    assert_close(cf_repairman_availability(&m), 56.0 / 71, 1e-14, 0);

    m = rm(2, 1, 2, 0, 1.0, 4.0);
    assert_close(cf_repairman_availability(&m), 96.0 / 105, 1e-14, 0);
    m.hot = 1;
    assert_close(cf_repairman_availability(&m), 224.0 / 251, 1e-14, 0);
}

/* The generator Q built from the header's rates, then pi Q = 0, sum pi = 1 solved densely. */
static void build_generator(const cf_repairman *m, gsl_matrix *Q)
{
    unsigned K = m->slots + m->spares, r = m->crews == 0 ? K : m->crews;
    gsl_matrix_set_zero(Q);
    for (unsigned k = 0; k <= K; k++) {
        unsigned working = K - k;
        unsigned ageing = m->hot ? working : (working < m->slots ? working : m->slots);
        double fail = ageing * m->lambda, repair = (k < r ? k : r) * m->mu;
        if (k < K) gsl_matrix_set(Q, k, k + 1, fail);
        if (k > 0) gsl_matrix_set(Q, k, k - 1, repair);
        gsl_matrix_set(Q, k, k, -(k < K ? fail : 0) - repair);
    }
}

static void repairman_matches_a_dense_solve_of_the_balance_equations(void **state)
{
    (void)state;
    const cf_repairman ms[] = {rm(5, 3, 2, 1, 0.3, 1.1), rm(5, 3, 2, 0, 0.3, 1.1),
                               rm(3, 4, 1, 0, 0.7, 0.5), rm(6, 2, 0, 1, 0.05, 0.9)};
    for (size_t i = 0; i < sizeof ms / sizeof ms[0]; i++) {
        size_t n = (size_t)ms[i].slots + ms[i].spares + 1;
        gsl_matrix *Q = gsl_matrix_alloc(n, n), *A = gsl_matrix_alloc(n, n);
        gsl_vector *b = gsl_vector_calloc(n), *x = gsl_vector_alloc(n);
        gsl_permutation *p = gsl_permutation_alloc(n);
        build_generator(&ms[i], Q);
        gsl_matrix_transpose_memcpy(A, Q); /* Q^T pi = 0 ... */
        for (size_t j = 0; j < n; j++)     /* ... with the last equation replaced by sum = 1 */
            gsl_matrix_set(A, n - 1, j, 1.0);
        gsl_vector_set(b, n - 1, 1.0);
        int sign;
        gsl_linalg_LU_decomp(A, p, &sign);
        gsl_linalg_LU_solve(A, p, b, x);

        double pi[16];
        assert_int_equal(cf_repairman_stationary(&ms[i], pi), 0);
        double avail = 0, mean = 0;
        for (size_t k = 0; k < n; k++) {
            assert_close(pi[k], gsl_vector_get(x, k), 1e-11, 1e-15);
            if (k <= ms[i].spares) avail += gsl_vector_get(x, k);
            mean += (double)k * gsl_vector_get(x, k);
        }
        assert_close(cf_repairman_availability(&ms[i]), avail, 1e-11, 0);
        assert_close(cf_repairman_mean_failed(&ms[i]), mean, 1e-11, 0);
        gsl_matrix_free(Q);
        gsl_matrix_free(A);
        gsl_vector_free(b);
        gsl_vector_free(x);
        gsl_permutation_free(p);
    }
}

static void repairman_hot_spares_lower_availability(void **state)
{
    (void)state;
    for (unsigned S = 1; S <= 4; S++)
        for (unsigned r = 1; r <= 3; r++) {
            cf_repairman cold = rm(8, S, r, 0, 0.2, 1.0), hot = rm(8, S, r, 1, 0.2, 1.0);
            assert_true(cf_repairman_availability(&hot) < cf_repairman_availability(&cold));
            assert_true(cf_repairman_mean_failed(&hot) > cf_repairman_mean_failed(&cold));
        }
}

static void repairman_more_crews_never_lower_availability(void **state)
{
    (void)state;
    for (int hot = 0; hot <= 1; hot++) {
        double prev = 0;
        for (unsigned r = 1; r <= 12; r++) { /* N + S = 10: beyond that nothing changes */
            cf_repairman m = rm(7, 3, r, hot, 0.4, 0.6);
            double a = cf_repairman_availability(&m);
            assert_true(a >= prev * (1 - 1e-14));
            prev = a;
        }
    }
    cf_repairman one = rm(7, 3, 1, 0, 0.4, 0.6), two = rm(7, 3, 2, 0, 0.4, 0.6);
    assert_true(cf_repairman_availability(&two) > cf_repairman_availability(&one) + 0.01);
}

static void repairman_unlimited_crews_is_one_per_node(void **state)
{
    (void)state;
    for (int hot = 0; hot <= 1; hot++) {
        cf_repairman unl = rm(6, 3, 0, hot, 0.5, 0.7), nps = rm(6, 3, 9, hot, 0.5, 0.7),
                     more = rm(6, 3, 50, hot, 0.5, 0.7), fewer = rm(6, 3, 8, hot, 0.5, 0.7);
        assert_true(cf_repairman_availability(&unl) == cf_repairman_availability(&nps));
        assert_true(cf_repairman_availability(&more) == cf_repairman_availability(&nps));
        assert_true(cf_repairman_mean_failed(&unl) == cf_repairman_mean_failed(&nps));
        assert_true(cf_repairman_availability(&fewer) < cf_repairman_availability(&nps));
    }
}

/* Hot spares and a crew per node: the K = N + S nodes are independent two-state machines, so the
 * number failed is Binomial(K, lambda / (lambda + mu)). K = 10^5 here: the product formula in
 * linear space would overflow (the weights span e^{+-10^4}). */
static void repairman_large_chain_matches_the_binomial_law(void **state)
{
    (void)state;
    cf_repairman m = rm(99000, 1000, 0, 1, 1.0, 99.0);
    const unsigned K = 100000;
    const double p = 0.01;
    assert_close(cf_repairman_availability(&m), gsl_cdf_binomial_P(1000, p, K), 1e-9, 0);
    assert_close(cf_repairman_mean_failed(&m), K * p, 1e-10, 0);
    double *pi = malloc((K + 1) * sizeof *pi);
    assert_non_null(pi);
    assert_int_equal(cf_repairman_stationary(&m, pi), 0);
    const unsigned ks[] = {0, 500, 900, 1000, 1100, 1500, 5000};
    for (size_t i = 0; i < sizeof ks / sizeof ks[0]; i++)
        assert_close(pi[ks[i]], gsl_ran_binomial_pdf(ks[i], p, K), 1e-8, 1e-300);
    free(pi);
}

static void repairman_rejects_bad_parameters(void **state)
{
    (void)state;
    double pi[8];
    const cf_repairman bad[] = {rm(0, 2, 1, 0, 1, 1),   rm(2, 2, 1, 0, 0, 1),
                                rm(2, 2, 1, 0, 1, 0),   rm(2, 2, 1, 0, -1, 1),
                                rm(2, 2, 1, 0, NAN, 1), rm(2, 2, 1, 0, 1, NAN)};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(cf_repairman_stationary(&bad[i], pi), -1);
        assert_true(isnan(cf_repairman_availability(&bad[i])));
        assert_true(isnan(cf_repairman_mean_failed(&bad[i])));
        assert_true(isnan(cf_repairman_interval_availability(&bad[i], 1.0)));
    }
    cf_repairman ok = rm(2, 2, 1, 0, 1, 1);
    assert_int_equal(cf_repairman_stationary(NULL, pi), -1);
    assert_int_equal(cf_repairman_stationary(&ok, NULL), -1);
    assert_true(isnan(cf_repairman_availability(NULL)));
    assert_true(isnan(cf_repairman_interval_availability(NULL, 1.0)));
}

/* ---------------------------------------------------------------- repairman: interval */

/* N = 1, S = 0 from the up state: A(t) = mu/(l+mu) + l/(l+mu) e^{-(l+mu) t}, so
 *     A_avg(T) = mu/(l+mu) + l / ((l+mu)^2 T) (1 - e^{-(l+mu) T}). */
static double two_state_interval(double l, double mu, double T)
{
    return mu / (l + mu) - l / ((l + mu) * (l + mu) * T) * expm1(-(l + mu) * T);
}

/* For exponential up and down times the order-1/T renewal correction is the two-state chain's
 * exact value without its e^{-(l+mu)T} term; for fixed ones it follows from a sawtooth by hand:
 * U = 2, D = 1 gives K = (2/3 * 9 - 4) / 6 = 1/3. */
static void renewal_interval_availability_matches_exact_cases(void **state)
{
    (void)state;
    double l = 0.3, mu = 2.0;
    for (double T = 10; T <= 1e4; T *= 10) {
        double exact = two_state_interval(l, mu, T);
        double approx =
            cf_renewal_interval_availability(1 / l, 2 / (l * l), 1 / mu, 2 / (mu * mu), T);
        assert_close(approx, exact, 0, l / ((l + mu) * (l + mu) * T) * exp(-(l + mu) * T) + 1e-15);
    }
    /* fixed U = 2, D = 1: up time minus (2/3) t is a sawtooth t/3 on [0,2], 2 - 2t/3 on [2,3],
     * whose mean over a cycle is 1/3 = K. */
    assert_close(cf_renewal_interval_availability(2, 4, 1, 1, 300) - 2.0 / 3.0, 1.0 / 900.0, 1e-12,
                 0);
    assert_true(isnan(cf_renewal_interval_availability(1, 0.5, 1, 1, 10))); /* m2 < mean^2 */
    assert_true(isnan(cf_renewal_interval_availability(1, 1, 1, 1, 0)));
}

static void interval_availability_two_state_exact(void **state)
{
    (void)state;
    const double cases[][3] = {/* lambda, mu, T */
                               {0.3, 2.0, 1e-3}, {0.3, 2.0, 0.5}, {0.3, 2.0, 3.0}, {0.3, 2.0, 40},
                               {0.3, 2.0, 1e3},  {1.0, 1.0, 1.0}, {1.0, 1.0, 10},  {1.0, 1.0, 100},
                               {2.0, 0.5, 7.0},  {1.0, 1e3, 1e4} /* qT ~ 1e7 */};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cf_repairman m = rm(1, 0, 1, 0, cases[i][0], cases[i][1]);
        assert_close(cf_repairman_interval_availability(&m, cases[i][2]),
                     two_state_interval(cases[i][0], cases[i][1], cases[i][2]), 0, 1e-10);
    }
}

/* For large T, A_avg(T) = A + C/T + O(e^{-gap T}) with C = int_0^inf (A(t) - A) dt. */
static void interval_availability_tends_to_stationary(void **state)
{
    (void)state;
    cf_repairman m = rm(2, 1, 1, 0, 1.0, 4.0);
    double a = cf_repairman_availability(&m);
    double t5 = 1e5 / m.mu, t6 = 1e6 / m.mu;
    double a5 = cf_repairman_interval_availability(&m, t5);
    double a6 = cf_repairman_interval_availability(&m, t6);
    assert_close(a5, a, 0, 1e-5);
    assert_close(a6, a, 0, 1e-6);
    assert_true(a5 > a6 && a6 > a);
    assert_close(t5 * (a5 - a), t6 * (a6 - a), 1e-5, 0); /* the 1/T law */

    cf_repairman big = rm(40, 6, 2, 1, 0.01, 0.5);
    assert_close(cf_repairman_interval_availability(&big, 1e6 / big.mu),
                 cf_repairman_availability(&big), 0, 1e-6);
}

static void interval_availability_tends_to_one(void **state)
{
    (void)state;
    /* N = 1, S = 0: 1 - A_avg(T) = l T / 2 + O(T^2) */
    cf_repairman m = rm(1, 0, 1, 0, 0.3, 2.0);
    assert_close(1 - cf_repairman_interval_availability(&m, 1e-6), 0.3e-6 / 2, 1e-5, 0);
    /* N = 2, S = 1, cold: down needs two failures, each at rate 2l: P(k >= 2 at t) ~ (2lt)^2/2,
     * so 1 - A_avg(T) ~ (2l)^2 T^2 / 6 */
    cf_repairman m2 = rm(2, 1, 1, 0, 1.0, 4.0);
    double T = 1e-6;
    assert_close(1 - cf_repairman_interval_availability(&m2, T), 4 * T * T / 6, 1e-4, 0);
    assert_true(cf_repairman_interval_availability(&m2, 1e-300) == 1.0);
}

typedef struct {
    gsl_matrix *Q;
    size_t n, S;
} ode_params;

/* d p / dt = p Q, d I / dt = P(k <= S) */
static int ode_rhs(double t, const double y[], double dydt[], void *params)
{
    (void)t;
    const ode_params *op = params;
    double avail = 0;
    for (size_t j = 0; j < op->n; j++) {
        double s = 0;
        for (size_t i = 0; i < op->n; i++)
            s += y[i] * gsl_matrix_get(op->Q, i, j);
        dydt[j] = s;
        if (j <= op->S) avail += y[j];
    }
    dydt[op->n] = avail;
    return GSL_SUCCESS;
}

static void interval_availability_matches_ode_integration(void **state)
{
    (void)state;
    const cf_repairman ms[] = {rm(3, 2, 1, 0, 0.4, 1.3), rm(3, 2, 2, 1, 0.4, 1.3),
                               rm(2, 3, 1, 0, 1.5, 0.8)};
    const double Ts[] = {0.3, 2.5, 7.0, 30.0};
    for (size_t i = 0; i < sizeof ms / sizeof ms[0]; i++) {
        size_t n = (size_t)ms[i].slots + ms[i].spares + 1;
        ode_params op = {gsl_matrix_alloc(n, n), n, ms[i].spares};
        build_generator(&ms[i], op.Q);
        for (size_t t = 0; t < sizeof Ts / sizeof Ts[0]; t++) {
            gsl_odeiv2_system sys = {ode_rhs, NULL, n + 1, &op};
            gsl_odeiv2_driver *drv =
                gsl_odeiv2_driver_alloc_y_new(&sys, gsl_odeiv2_step_rk8pd, 1e-3, 1e-13, 1e-13);
            double y[16] = {0}, t0 = 0;
            y[0] = 1;
            assert_int_equal(gsl_odeiv2_driver_apply(drv, &t0, Ts[t], y), GSL_SUCCESS);
            gsl_odeiv2_driver_free(drv);
            assert_close(cf_repairman_interval_availability(&ms[i], Ts[t]), y[n] / Ts[t], 0, 1e-9);
        }
        gsl_matrix_free(op.Q);
    }
}

/* A birth-death chain started in its best state is stochastically monotone, so P(k(t) <= S)
 * decreases from 1 to A: its running mean decreases with T and stays above A. */
static void interval_availability_decreases_from_one_to_stationary(void **state)
{
    (void)state;
    cf_repairman m = rm(3, 1, 1, 0, 0.5, 1.0);
    double a = cf_repairman_availability(&m), prev = 1;
    for (double T = 1e-3; T < 1e4; T *= 3) {
        double x = cf_repairman_interval_availability(&m, T);
        assert_true(x <= prev);
        assert_true(x >= a);
        prev = x;
    }
}

static void interval_availability_rejects_bad_horizons(void **state)
{
    (void)state;
    cf_repairman m = rm(1, 0, 1, 0, 1.0, 1.0);
    assert_true(isnan(cf_repairman_interval_availability(&m, 0)));
    assert_true(isnan(cf_repairman_interval_availability(&m, -1)));
    assert_true(isnan(cf_repairman_interval_availability(&m, NAN)));
    assert_true(isnan(cf_repairman_interval_availability(&m, INFINITY)));
    assert_true(isnan(cf_repairman_interval_availability(&m, 1e9))); /* qT > 1e8 */
    assert_false(isnan(cf_repairman_interval_availability(&m, 1e3)));
}

/* The tie rule, once for every user: a remainder within 1e-9 of tau is a whole last segment. */
static void segments_follow_the_tie_rule(void **state)
{
    (void)state;
    double last;
    assert_close(cf_segments(10, 3, &last), 3, 0, 0); /* 3 + 3 + 3 + 1 */
    assert_close(last, 1, 1e-15, 0);
    assert_close(cf_segments(0.3, 0.1, &last), 2, 0, 0); /* 3 x 0.1 is a hair over 0.3 */
    assert_close(last, 0.1, 1e-12, 0);
    assert_close(cf_segments(8, 4, &last), 1, 0, 0); /* no checkpoint once the work is done */
    assert_close(last, 4, 0, 0);
    assert_close(cf_segments(5, 8, &last), 0, 0, 0);
    assert_close(last, 5, 0, 0);
    assert_close(cf_segments(5, INFINITY, &last), 0, 0, 0);
    assert_close(last, 5, 0, 0);
}

/* ---------------------------------------------------------------- partner and xor copies */

/* Every f-subset of the N nodes, counted by hand: node i's data is lost when i and its partner
 * i+1 mod N are both lost (N = 1: the node is its own partner). */
static double partner_by_enumeration(unsigned N, unsigned f)
{
    unsigned total = 0, ok = 0;
    for (unsigned set = 0; set < 1u << N; set++) {
        if ((unsigned)__builtin_popcount(set) != f) continue;
        total++;
        int lost = 0;
        for (unsigned i = 0; i < N; i++)
            lost |= (set >> i & 1u) && (set >> ((i + 1) % N) & 1u);
        ok += !lost;
    }
    return (double)ok / (double)total;
}

/* The same for XOR sets of s consecutive nodes, each surviving one loss. */
static double xor_by_enumeration(unsigned N, unsigned s, unsigned f)
{
    unsigned total = 0, ok = 0;
    for (unsigned set = 0; set < 1u << N; set++) {
        if ((unsigned)__builtin_popcount(set) != f) continue;
        total++;
        int lost = 0;
        for (unsigned g = 0; g < N / s; g++)
            lost |= __builtin_popcount(set >> (g * s) & ((1u << s) - 1)) >= 2;
        ok += !lost;
    }
    return (double)ok / (double)total;
}

static void partner_survival_hand_cases(void **state)
{
    (void)state;
    /* 4-cycle, 2 lost: {0,2} and {1,3} of the 6 pairs survive. 5-cycle: 5 of 10 pairs. 6-cycle, 3
     * lost: the two alternating triples of 20. */
    assert_close(cf_partner_survive_prob(4, 2), 1.0 / 3.0, 1e-14, 0);
    assert_close(cf_partner_survive_prob(5, 2), 0.5, 1e-14, 0);
    assert_close(cf_partner_survive_prob(6, 3), 0.1, 1e-14, 0);
    assert_true(cf_partner_survive_prob(7, 0) == 1.0);
    assert_close(cf_partner_survive_prob(9, 1), 1, 1e-14, 0);
    assert_close(cf_partner_survive_prob(2, 1), 1, 1e-14, 0); /* each node the other's partner */
    assert_true(cf_partner_survive_prob(1, 0) == 1.0);
    assert_true(cf_partner_survive_prob(1, 1) == 0.0); /* its own partner */
    assert_true(cf_partner_survive_prob(2, 2) == 0.0);
    assert_true(cf_partner_survive_prob(7, 4) == 0.0); /* 2f > N: two lost nodes are adjacent */
    assert_true(cf_partner_survive_prob(7, 7) == 0.0);
    assert_true(isnan(cf_partner_survive_prob(0, 0)));
    assert_true(isnan(cf_partner_survive_prob(5, 6)));
}

static void partner_survival_matches_enumeration(void **state)
{
    (void)state;
    for (unsigned N = 1; N <= 14; N++)
        for (unsigned f = 0; f <= N; f++)
            assert_close(cf_partner_survive_prob(N, f), partner_by_enumeration(N, f), 1e-12, 1e-15);
}

/* Large rings, where C(N, f) overflows a double: f = 2 loses data only when the pair is one of
 * the N adjacent ones, P = 1 - N / C(N, 2) = 1 - 2/(N-1); and for any f the product form
 * C(N-f, f) / C(N, f) = prod_{i<f} (N-f-i)/(N-i), summed here in logs with log1p. */
static void partner_survival_large_rings(void **state)
{
    (void)state;
    assert_close(cf_partner_survive_prob(1000000, 2), 1 - 2.0 / 999999.0, 1e-13, 0);
    const unsigned cases[][2] = {{100000, 300}, {1u << 30, 5000}, {200, 90} /* 2.4e-37 */};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        unsigned N = cases[c][0], f = cases[c][1];
        double lp = log((double)N / (double)(N - f));
        for (unsigned i = 0; i < f; i++)
            lp += log1p(-(double)f / (double)(N - i));
        assert_close(cf_partner_survive_prob(N, f), exp(lp), 1e-9, 0);
    }
}

static void xor_survival_matches_enumeration(void **state)
{
    (void)state;
    /* hand: 2 sets of 2, 2 lost: one in each set, 4 of the 6 pairs */
    assert_close(cf_xor_survive_prob(4, 2, 2), 2.0 / 3.0, 1e-14, 0);
    /* 3 sets of 4, 3 lost: 4^3 of C(12, 3) = 220 */
    assert_close(cf_xor_survive_prob(12, 4, 3), 64.0 / 220.0, 1e-14, 0);
    for (unsigned N = 2; N <= 14; N++)
        for (unsigned s = 2; s <= N; s++) {
            if (N % s != 0) continue;
            for (unsigned f = 0; f <= N; f++)
                assert_close(cf_xor_survive_prob(N, s, f), xor_by_enumeration(N, s, f), 1e-12,
                             1e-15);
        }
    /* one loss is always survived; two in N = 10^6 nodes in sets of 8: the second lost node is in
     * the first one's set with probability 7 / (N - 1) */
    assert_close(cf_xor_survive_prob(1000000, 8, 1), 1, 1e-14, 0);
    assert_close(cf_xor_survive_prob(1000000, 8, 2), 1 - 7.0 / 999999.0, 1e-13, 0);
    /* and f of them: prod_{i<f} (N - i s) / (N - i), in logs */
    double lp = 0;
    for (unsigned i = 0; i < 300; i++)
        lp += log1p(-(double)i * 7 / (1000000.0 - i));
    assert_close(cf_xor_survive_prob(1000000, 8, 300), exp(lp), 1e-10, 0);
    assert_true(cf_xor_survive_prob(12, 4, 4) == 0.0); /* 4 losses, 3 sets */
    assert_true(isnan(cf_xor_survive_prob(12, 5, 1))); /* 5 does not divide 12 */
    assert_true(isnan(cf_xor_survive_prob(12, 1, 1))); /* a set of one has no parity */
    assert_true(isnan(cf_xor_survive_prob(12, 0, 1)));
    assert_true(isnan(cf_xor_survive_prob(12, 4, 13)));
    assert_true(isnan(cf_xor_survive_prob(0, 2, 0)));
}

/* ---------------------------------------------------------------- asynchronous checkpoints */

static void async_lost_prob_hand_cases(void **state)
{
    (void)state;
    double M = 3.0;
    assert_close(cf_async_lost_prob(0.25 * M * log(2.0), 0.75 * M * log(2.0), M), 0.5, 1e-15, 0);
    assert_close(cf_async_lost_prob(1.0, 2.0, M), 1 - exp(-1.0), 1e-15, 0);
    assert_close(cf_async_lost_prob(1e-10, 0, 1.0), 1e-10 * (1 - 5e-11), 1e-15, 0); /* expm1 */
    assert_true(cf_async_lost_prob(0, 0, M) == 0.0);
    assert_true(cf_async_lost_prob(1, 1, INFINITY) == 0.0);
    assert_true(isnan(cf_async_lost_prob(-1, 0, M)));
    assert_true(isnan(cf_async_lost_prob(0, -1, M)));
    assert_true(isnan(cf_async_lost_prob(0, 0, 0)));
    assert_true(isnan(cf_async_lost_prob(NAN, 0, 1)));
}

/* An async write that takes no time is a synchronous checkpoint whose cost is the snapshot. */
static void async_makespan_without_write_is_the_sync_makespan(void **state)
{
    (void)state;
    const double cases[][6] = {/* W, tau, s, D, R, M */
                               {10, 1, 0.1, 0.2, 0.3, 2},
                               {10.5, 1, 0.1, 0.2, 0.3, 2},
                               {0.3, 0.1, 0.01, 0, 0, 1},
                               {3, 5, 0.2, 0.1, 0.1, 4},
                               {500, 2, 5 * MINUTE, 0, 10 * MINUTE, 24}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const double *a = cases[i];
        assert_close(cf_async_makespan(a[0], a[1], a[2], 0, a[3], a[4], a[5]),
                     cf_job_makespan(a[0], a[1], a[2], a[3], a[4], a[5]), 1e-13, 0);
    }
}

/* Hand case, two segments (one checkpoint), W = tau + L with L > w: the first commit needs
 * tau + s + w failure-free from the start, then L - w with a restart of R + w:
 *     E = seg(tau + s + w, D, R) + seg(L - w, D, R + w).
 * And an async write sits between the sync checkpoint of cost s and that of cost s + w (it
 * stalls less than the latter, and puts w more at risk than the former). Without failures it is
 * W plus the snapshots. */
static void async_makespan_hand_case_and_bounds(void **state)
{
    (void)state;
    double tau = 1, s = 0.1, w = 0.4, D = 0.2, R = 0.3, M = 2;
    assert_close(cf_async_makespan(1.7, tau, s, w, D, R, M),
                 seg(tau + s + w, D, R, M) + seg(0.7 - w, D, R + w, M), 1e-13, 0);
    /* L < w: the commit never happens, the whole job is one piece from the start */
    assert_close(cf_async_makespan(1.25, tau, s, w, D, R, M), seg(1.25 + s, D, R, M), 1e-13, 0);
    for (double W = 2.5; W < 40; W *= 2) {
        double async = cf_async_makespan(W, tau, s, w, D, R, M);
        assert_true(async > cf_job_makespan(W, tau, s, D, R, M));
        assert_true(async < cf_job_makespan(W, tau, s + w, D, R, M));
    }
    assert_close(cf_async_makespan(7.5, tau, s, w, D, R, INFINITY), 7.5 + 7 * s, 1e-14, 0);
    assert_close(cf_async_makespan(3, 5, s, w, D, R, M), seg(3, D, R, M), 1e-14, 0); /* tau > W */
}

static void async_makespan_rejects_bad_arguments(void **state)
{
    (void)state;
    assert_true(isnan(cf_async_makespan(10, 1, 0.1, 1.5, 0.1, 0.1, 2))); /* w > tau */
    assert_true(isnan(cf_async_makespan(0, 1, 0.1, 0.5, 0.1, 0.1, 2)));
    assert_true(isnan(cf_async_makespan(10, 0, 0.1, 0, 0.1, 0.1, 2)));
    assert_true(isnan(cf_async_makespan(10, 1, -0.1, 0.5, 0.1, 0.1, 2)));
    assert_true(isnan(cf_async_makespan(10, 1, 0.1, -0.5, 0.1, 0.1, 2)));
    assert_true(isnan(cf_async_makespan(10, 1, 0.1, 0.5, -0.1, 0.1, 2)));
    assert_true(isnan(cf_async_makespan(10, 1, 0.1, 0.5, 0.1, -0.1, 2)));
    assert_true(isnan(cf_async_makespan(10, 1, 0.1, 0.5, 0.1, 0.1, 0)));
    assert_true(isnan(cf_async_makespan(10, 1, 0.1, NAN, 0.1, 0.1, 2)));
    assert_false(isnan(cf_async_makespan(10, 1, 0, 1, 0, 0, 2))); /* w = tau allowed */
}

/* The async rules as first-step equations over every state, solved densely (no renewal argument):
 * F the time from a failure to the end of its restore; A_j just restored to checkpoint j; C_j
 * snapshot j done, its write in flight; B_j write j committed. A phase of x hours with fallback
 * V_fb (the newest committed checkpoint, reached after F) and next state V_nx satisfies
 *     V = M (1 - q) + (1 - q)(F + V_fb) + q V_nx,   q = e^{-x/M}.
 *   F   = D + M (1 - qR) + (1 - qR) F
 *   A_j = [tau + s] fallback A_j, next C_{j+1}            (j < k);  A_k = [L] fallback A_k, done
 *   C_j = [min(w, next segment)] fallback A_{j-1}, next B_j
 *   B_j = [tau - w + s] fallback A_j, next C_{j+1}        (j < k);  B_k = [L - min(w, L)], done */
static double async_by_first_step(double W, double tau, double s, double w, double D, double R,
                                  double M)
{
    double L, kd = cf_segments(W, tau, &L);
    size_t k = (size_t)kd, n = 3 * k + 2; /* F, A_0..A_k, C_1..C_k, B_1..B_k */
    gsl_matrix *A = gsl_matrix_calloc(n, n);
    gsl_vector *b = gsl_vector_calloc(n), *x = gsl_vector_alloc(n);
    const size_t F = 0, iA = 1, iC = 1 + k, iB = 1 + 2 * k; /* A_j is iA + j, ... */
    double qR = exp(-R / M);
    gsl_matrix_set(A, F, F, qR);
    gsl_vector_set(b, F, D + M * (1 - qR));
    /* row r: V_r - (1-q)(F + V_fb) - q V_nx = M (1 - q); nx = n means done */
    for (size_t r = 1; r < n; r++) {
        size_t fb, nx = n, j;
        double len;
        if (r <= 1 + k) { /* A_j */
            j = r - 1;
            fb = iA + j;
            if (j < k) {
                len = tau + s;
                nx = iC + j + 1;
            } else
                len = L;
        } else if (r <= 1 + 2 * k) { /* C_j */
            j = r - 1 - k;
            double next = j < k ? tau : L;
            len = w < next ? w : next;
            fb = iA + j - 1;
            nx = iB + j;
        } else { /* B_j */
            j = r - 1 - 2 * k;
            fb = iA + j;
            if (j < k) {
                len = tau - w + s;
                nx = iC + j + 1;
            } else
                len = L - (w < L ? w : L);
        }
        double q = exp(-len / M);
        gsl_matrix_set(A, r, r, 1);
        gsl_matrix_set(A, r, F, gsl_matrix_get(A, r, F) - (1 - q));
        gsl_matrix_set(A, r, fb, gsl_matrix_get(A, r, fb) - (1 - q));
        if (nx < n) gsl_matrix_set(A, r, nx, gsl_matrix_get(A, r, nx) - q);
        gsl_vector_set(b, r, M * (1 - q));
    }
    gsl_permutation *p = gsl_permutation_alloc(n);
    int sign;
    assert_int_equal(gsl_linalg_LU_decomp(A, p, &sign), GSL_SUCCESS);
    assert_int_equal(gsl_linalg_LU_solve(A, p, b, x), GSL_SUCCESS);
    double E = gsl_vector_get(x, 1);
    gsl_permutation_free(p);
    gsl_vector_free(x);
    gsl_vector_free(b);
    gsl_matrix_free(A);
    return E;
}

static void async_makespan_solves_the_first_step_equations(void **state)
{
    (void)state;
    const double cases[][7] = {/* W, tau, s, w, D, R, M */
                               {4.8, 1, 0.1, 0.5, 0.2, 0.3, 2}, {4.3, 1, 0.1, 0.5, 0.2, 0.3, 2},
                               {1.7, 1, 0.1, 0.4, 0.2, 0.3, 2}, {1.2, 1, 0.1, 0.4, 0.2, 0.3, 2},
                               {20, 0.5, 0.05, 0.5, 0, 0, 0.7}, {30, 2, 0, 1.5, 1, 0.1, 5},
                               {6, 1, 0.2, 0.7, 0.1, 0.2, 1}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const double *a = cases[i];
        assert_close(cf_async_makespan(a[0], a[1], a[2], a[3], a[4], a[5], a[6]),
                     async_by_first_step(a[0], a[1], a[2], a[3], a[4], a[5], a[6]), 1e-10, 0);
    }
}

/* Runs `len` hours of failure-prone time: 1 if the failure clock (hours to the next failure)
 * runs out first (t advanced to it), else 0 (t advanced by len, the clock by -len). */
static int run_for(double *t, double *clock, double len)
{
    if (*clock < len) {
        *t += *clock;
        return 1;
    }
    *clock -= len;
    *t += len;
    return 0;
}

/* One job under the async rules of cf.h, simulated literally. */
static double simulate_async(gsl_rng *rng, double W, double tau, double s, double w, double D,
                             double R, double M)
{
    double last, n = cf_segments(W, tau, &last) + 1, t = 0;
    double clock = gsl_ran_exponential(rng, M);
    double committed = 0;
    for (;;) {
        double inflight = 0; /* the checkpoint whose write runs, 0: none */
        for (double seg = committed + 1;; seg++) {
            double len = seg < n ? tau : last;
            if (inflight > 0) {
                double a = w < len ? w : len;
                if (run_for(&t, &clock, a)) goto failed;
                if (w <= len) committed = inflight;
                inflight = 0;
                if (run_for(&t, &clock, len - a)) goto failed;
            } else if (run_for(&t, &clock, len))
                goto failed;
            if (seg == n) return t;
            if (run_for(&t, &clock, s)) goto failed;
            inflight = seg;
        }
    failed:
        do { /* down, then the restore of `committed`, repeated until it completes */
            t += D;
            clock = gsl_ran_exponential(rng, M);
        } while (run_for(&t, &clock, R));
    }
}

typedef struct {
    double mean, se;
} mc_estimate;

static mc_estimate mc_mean(double (*one)(gsl_rng *, const void *), const void *arg, int n,
                           unsigned long seed)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, seed);
    double mean = 0, m2 = 0; /* Welford */
    for (int i = 1; i <= n; i++) {
        double x = one(rng, arg);
        double delta = x - mean;
        mean += delta / i;
        m2 += delta * (x - mean);
    }
    gsl_rng_free(rng);
    return (mc_estimate){mean, sqrt(m2 / (n - 1) / n)};
}

static double one_async(gsl_rng *rng, const void *arg)
{
    const double *a = arg;
    return simulate_async(rng, a[0], a[1], a[2], a[3], a[4], a[5], a[6]);
}

/* 200,000 jobs each: the closed form within 4 standard errors, and the check has teeth (4 SE
 * below 1 % of the mean, and below half the gap to the sync makespan with d = s). */
static void async_makespan_matches_a_monte_carlo(void **state)
{
    (void)state;
    const double cases[][7] = {
        /* W, tau, s, w, D, R, M */
        {4.8, 1, 0.1, 0.5, 0.2, 0.3, 2}, /* last segment longer than w */
        {4.3, 1, 0.1, 0.5, 0.2, 0.3, 2}, /* shorter: its commit never comes */
        {6, 1, 0.2, 1, 0.1, 0.2, 1.5}};  /* w = tau */
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const double *a = cases[i];
        mc_estimate e = mc_mean(one_async, a, 200000, 20250101UL + i);
        double cf = cf_async_makespan(a[0], a[1], a[2], a[3], a[4], a[5], a[6]);
        print_message("async case %zu: MC %.5f +- %.5f, closed form %.5f, z = %+.2f\n", i, e.mean,
                      e.se, cf, (e.mean - cf) / e.se);
        assert_close(e.mean, cf, 0, 4 * e.se);
        assert_true(4 * e.se < 0.01 * cf);
        assert_true(4 * e.se < 0.5 * (cf - cf_job_makespan(a[0], a[1], a[2], a[4], a[5], a[6])));
    }
}

/* ---------------------------------------------------------------- multi-level checkpoints */

/* One tier, one class that destroys nothing: relsim's single-level job, cf_job_makespan. */
static void levels_one_tier_is_the_job_makespan(void **state)
{
    (void)state;
    const unsigned every[] = {1}, keep[] = {0};
    const double cases[][6] = {/* W, tau, c, r, rate, D */
                               {10, 1, 0.1, 0.3, 0.5, 0.2},
                               {10.5, 1, 0.1, 0.3, 0.5, 0.2},
                               {0.3, 0.1, 0.05, 0.02, 0.5, 0.1},
                               {3, 5, 0.2, 0.1, 0.25, 0.1},
                               {500, 2, 5 * MINUTE, 10 * MINUTE, 1 / 24.0, 0},
                               {40, 0.1, 0.01, 0, 2, 1}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const double *a = cases[i];
        cf_levels lv = {1, every, &a[2], &a[3], 1, &a[4], &a[5], keep};
        assert_close(cf_levels_makespan(a[0], a[1], &lv),
                     cf_job_makespan(a[0], a[1], a[2], a[5], a[3], 1 / a[4]), 1e-12, 0);
        /* and Daly's form with the last checkpoint's contribution taken off, when tau divides W */
        if (i == 0)
            assert_close(cf_levels_makespan(a[0], a[1], &lv),
                         cf_daly_makespan(a[0], a[1], a[2], a[5], a[3], 1 / a[4]) -
                             (1 / a[4] + a[5]) * exp(a[3] * a[4]) * exp(a[1] * a[4]) *
                                 expm1(a[2] * a[4]),
                         1e-12, 0);
    }
}

/* One tier that every failure empties: every failure restarts the job from scratch, which is then
 * one Daly segment of all the work and all the writes: seg(W + (n-1) c, D, r, 1/lambda). Two
 * classes that destroy nothing, with the same down time, are one class of the summed rate. */
static void levels_hand_cases(void **state)
{
    (void)state;
    const unsigned every[] = {1}, all[] = {1}, none[] = {0, 0};
    const double c = 0.1, r = 0.3, rate = 0.2, D = 0.2;
    cf_levels lv = {1, every, &c, &r, 1, &rate, &D, all};
    assert_close(cf_levels_makespan(5, 1, &lv), seg(5 + 4 * c, D, r, 1 / rate), 1e-12, 0);
    assert_close(cf_levels_makespan(5.5, 1, &lv), seg(5.5 + 5 * c, D, r, 1 / rate), 1e-12, 0);

    const double rates[] = {0.15, 0.35}, downs[] = {D, D}, sum = 0.5;
    cf_levels two = {1, every, &c, &r, 2, rates, downs, none};
    cf_levels one = {1, every, &c, &r, 1, &sum, &D, none};
    assert_close(cf_levels_makespan(7.3, 0.9, &two), cf_levels_makespan(7.3, 0.9, &one), 1e-12, 0);

    /* no failures: the work and the writes, checkpoint m to the tier of the largest every
     * dividing m: every = {1, 2, 3}, 7 checkpoints of W = 8, tau = 1: m = 1, 5, 7 to tier 0,
     * 2, 4 to tier 1, 3, 6 to tier 2 */
    const unsigned e3[] = {1, 2, 3};
    const double c3[] = {0.01, 0.1, 1}, r3[] = {0, 0, 0}, zero = 0;
    cf_levels quiet = {3, e3, c3, r3, 1, &zero, &zero, none};
    assert_close(cf_levels_makespan(8, 1, &quiet), 8 + 3 * 0.01 + 2 * 0.1 + 2 * 1, 1e-14, 0);
    quiet.nclasses = 0;
    assert_close(cf_levels_makespan(8, 1, &quiet), 8 + 3 * 0.01 + 2 * 0.1 + 2 * 1, 1e-14, 0);
}

/* Two tiers that no failure destroys: tier 0 holds every checkpoint, so every restore is from it
 * at r_0, and only the writes differ (c_1 when e_1 divides m): a chain of full and incremental
 * checkpoints whose incrementals cost nothing to restore, cf_chain_makespan. A class destroying
 * only tier 1 changes nothing either: tier 0 still holds the newest. */
static void levels_never_destroyed_is_a_chain(void **state)
{
    (void)state;
    const unsigned every[] = {1, 4}, none[] = {0}, upper[] = {2};
    const double cost[] = {0.05, 0.4}, restore[] = {0.2, 0.9}, rate = 0.3, D = 0.25;
    cf_levels lv = {2, every, cost, restore, 1, &rate, &D, none};
    cf_chain ch = {4, 0, 0.4, 0.05, 0.2, 0};
    const double Ws[] = {3, 4, 12.5, 17, 30};
    for (size_t i = 0; i < sizeof Ws / sizeof Ws[0]; i++) {
        double E = cf_chain_makespan(Ws[i], 1, &ch, D, 1 / rate);
        assert_close(cf_levels_makespan(Ws[i], 1, &lv), E, 1e-12, 0);
        lv.destroys = upper;
        assert_close(cf_levels_makespan(Ws[i], 1, &lv), E, 1e-12, 0);
        lv.destroys = none;
    }
}

/* One job under the levels rules of cf.h, simulated literally: each tier's holding (-1: none),
 * tiers compared by their every values (the caller's order, unsorted), failure classes chosen in
 * proportion to their rates. */
typedef struct {
    double W, tau;
    cf_levels lv;
} lv_job;

static double simulate_levels(gsl_rng *rng, const void *arg)
{
    const lv_job *job = arg;
    const cf_levels *c = &job->lv;
    const unsigned L = c->nlevels;
    double last, n = cf_segments(job->W, job->tau, &last) + 1;
    double Lambda = 0;
    for (unsigned k = 0; k < c->nclasses; k++)
        Lambda += c->rate[k];
    unsigned base = 0; /* the tier of every 1 */
    for (unsigned j = 0; j < L; j++)
        if (c->every[j] == 1) base = j;
    double hold[CF_LEVELS_MAX_TIERS];
    for (unsigned j = 0; j < L; j++)
        hold[j] = 0;
    double t = 0, clock = gsl_ran_exponential(rng, 1 / Lambda), pos = 0;
    for (;;) {
        for (double m = pos; m < n; m++) {
            if (run_for(&t, &clock, m + 1 < n ? job->tau : last)) goto failed;
            if (m + 1 == n) return t;
            unsigned to = base; /* the tier of the largest every dividing m + 1 */
            for (unsigned j = 0; j < L; j++)
                if (fmod(m + 1, c->every[j]) == 0 && c->every[j] > c->every[to]) to = j;
            if (run_for(&t, &clock, c->cost[to])) goto failed;
            for (unsigned j = 0; j < L; j++)
                if (c->every[j] <= c->every[to]) hold[j] = m + 1;
        }
    failed:
        for (;;) {
            double u = gsl_rng_uniform(rng) * Lambda;
            unsigned k = 0;
            while (k + 1 < c->nclasses && u >= c->rate[k])
                u -= c->rate[k++];
            for (unsigned j = 0; j < L; j++)
                if (c->destroys[k] >> j & 1u) hold[j] = -1;
            t += c->down[k];
            clock = gsl_ran_exponential(rng, 1 / Lambda);
            int from = -1; /* newest held, from the tier of smallest every holding it */
            for (unsigned j = 0; j < L; j++)
                if (hold[j] >= 0 && (from < 0 || hold[j] > hold[from] ||
                                     (hold[j] == hold[from] && c->every[j] < c->every[from])))
                    from = (int)j;
            double target = from >= 0 ? hold[from] : 0;
            double cost = c->restore[from >= 0 ? (unsigned)from : base];
            if (!run_for(&t, &clock, cost)) {
                for (unsigned j = 0; j < L; j++)
                    hold[j] = target;
                pos = target;
                break;
            }
        }
    }
}

static void levels_check_monte_carlo(const lv_job *job, unsigned long seed, const char *what)
{
    mc_estimate e = mc_mean(simulate_levels, job, 200000, seed);
    double cf = cf_levels_makespan(job->W, job->tau, &job->lv);
    print_message("levels %s: MC %.5f +- %.5f, closed form %.5f, z = %+.2f\n", what, e.mean, e.se,
                  cf, (e.mean - cf) / e.se);
    assert_close(e.mean, cf, 0, 4 * e.se);
    assert_true(4 * e.se < 0.01 * cf);
}

/* Two tiers, SCR-like: a cheap node-local tier 0 written every checkpoint, a costly parallel file
 * system tier 1 every third. Process failures destroy nothing (restore from tier 0); node failures
 * destroy tier 0 (restore from tier 1, an older checkpoint); one during a tier-0 restore escalates
 * it to tier 1; a site failure empties both (the start, at r_0). The restores are long enough that
 * escalation is frequent (a node failure in 12 % of tier-0 restores). The closed form must also
 * differ from the single-tier job by many standard errors, so that the test sees the tiers. */
static void levels_two_tiers_match_a_monte_carlo(void **state)
{
    (void)state;
    static const unsigned every[] = {1, 3}, destroys[] = {0, 1, 3};
    static const double cost[] = {0.05, 0.3}, restore[] = {0.4, 0.6};
    static const double rate[] = {0.15, 0.3, 0.02}, down[] = {0.05, 0.2, 0.5};
    lv_job job = {8, 1, {2, every, cost, restore, 3, rate, down, destroys}};
    levels_check_monte_carlo(&job, 424242UL, "two tiers");
    double single = cf_job_makespan(8, 1, 0.05, 0.05, 0.4, 1 / 0.47);
    assert_true(cf_levels_makespan(8, 1, &job.lv) > 1.2 * single);

    /* node failures alone: tier 0 is empty at every restore, which is always from tier 1 (the
     * newest even checkpoint), repeated when a failure hits it; a partial last segment */
    static const unsigned every2[] = {1, 2}, node[] = {1};
    static const double rate2[] = {0.4}, down2[] = {0.1};
    lv_job esc = {6.5, 1, {2, every2, cost, restore, 1, rate2, down2, node}};
    levels_check_monte_carlo(&esc, 777UL, "node failures only");
}

/* Three tiers given out of order (every 3, 1, 2; every not dividing one another: checkpoint 6 goes
 * to the every-3 tier, and is then held at the every-2 tier too), four classes. */
static void levels_three_tiers_unsorted_match_a_monte_carlo(void **state)
{
    (void)state;
    static const unsigned every[] = {3, 1, 2};
    static const double cost[] = {0.5, 0.02, 0.1}, restore[] = {0.8, 0.15, 0.3};
    /* bits in the caller's order: 2 is the every-1 tier, 4 the every-2 tier, 1 the every-3 one */
    static const unsigned destroys[] = {0, 2, 2 | 4, 1 | 2 | 4};
    static const double rate[] = {0.2, 0.25, 0.1, 0.02}, down[] = {0.02, 0.1, 0.3, 1};
    lv_job job = {9.4, 0.8, {3, every, cost, restore, 4, rate, down, destroys}};
    levels_check_monte_carlo(&job, 31337UL, "three tiers");
}

static void levels_reject_bad_input(void **state)
{
    (void)state;
    const unsigned every[] = {1, 4}, dup[] = {4, 4}, no1[] = {2, 4}, zero[] = {0, 1}, d[] = {1};
    const double cost[] = {0.1, 0.2}, restore[] = {0.1, 0.2}, rate[] = {0.1}, down[] = {0.1};
    const double neg[] = {-0.1, 0.2}, inf[] = {0.1, INFINITY}, nrate[] = {-1};
    cf_levels ok = {2, every, cost, restore, 1, rate, down, d};
    assert_false(isnan(cf_levels_makespan(10, 1, &ok)));
    assert_true(isnan(cf_levels_makespan(0, 1, &ok)));
    assert_true(isnan(cf_levels_makespan(10, 0, &ok)));
    assert_true(isnan(cf_levels_makespan(INFINITY, 1, &ok)));
    assert_true(isnan(cf_levels_makespan(10, 1, NULL)));
    assert_true(isnan(cf_levels_makespan(2001, 1, &ok)));  /* 2001 segments */
    assert_false(isnan(cf_levels_makespan(2000, 1, &ok))); /* 2000 */
    cf_levels b = ok;
    b.every = dup;
    assert_true(isnan(cf_levels_makespan(10, 1, &b)));
    b.every = no1;
    assert_true(isnan(cf_levels_makespan(10, 1, &b)));
    b.every = zero;
    assert_true(isnan(cf_levels_makespan(10, 1, &b)));
    b = ok;
    b.nlevels = 0;
    assert_true(isnan(cf_levels_makespan(10, 1, &b)));
    b.nlevels = CF_LEVELS_MAX_TIERS + 1;
    assert_true(isnan(cf_levels_makespan(10, 1, &b)));
    b = ok;
    b.cost = neg;
    assert_true(isnan(cf_levels_makespan(10, 1, &b)));
    b = ok;
    b.restore = inf;
    assert_true(isnan(cf_levels_makespan(10, 1, &b)));
    b = ok;
    b.rate = nrate;
    assert_true(isnan(cf_levels_makespan(10, 1, &b)));
    b = ok;
    b.down = nrate;
    assert_true(isnan(cf_levels_makespan(10, 1, &b)));
    b = ok;
    b.destroys = NULL;
    assert_true(isnan(cf_levels_makespan(10, 1, &b)));
    b = ok;
    b.every = NULL;
    assert_true(isnan(cf_levels_makespan(10, 1, &b)));
}

/* ------------------------------------------------------------------------------------------ */
/* Silent data corruption, any laws (cf_sdc_recoverable_prob_any) */

typedef struct {
    int kind; /* 0 exponential (a = mean), 1 uniform on [a, b], 2 fixed at a, 3 weibull
               * (a = shape, b = scale) */
    double a, b;
} sdc_law;

static double sdc_cdf(double t, void *arg)
{
    const sdc_law *l = arg;
    switch (l->kind) {
    case 0:
        return t <= 0 ? 0 : -expm1(-t / l->a);
    case 1:
        return gsl_cdf_flat_P(t, l->a, l->b);
    case 2:
        return t >= l->a ? 1 : 0;
    default:
        return t <= 0 ? 0 : gsl_cdf_weibull_P(t, l->b, l->a);
    }
}

static double sdc_pdf(double t, void *arg)
{
    const sdc_law *l = arg;
    switch (l->kind) {
    case 0:
        return t < 0 ? 0 : exp(-t / l->a) / l->a;
    case 1:
        return gsl_ran_flat_pdf(t, l->a, l->b);
    case 2:
        return NAN; /* a lattice law has no density: never asked */
    default:
        return t < 0 ? 0 : gsl_ran_weibull_pdf(t, l->b, l->a);
    }
}

static double sdc_any(double tau, double d, unsigned K, sdc_law x, sdc_law t)
{
    return cf_sdc_recoverable_prob_any(tau, d, K, sdc_cdf, &x, sdc_pdf, sdc_cdf, &t);
}

/* Exponential X and T: the integral is cf_sdc_recoverable_prob's closed form, for strikes
 * frequent against the interval (the series ends on its tail) and rare (10^7 periods of mean:
 * it ends on its cap, the rest Euler-Maclaurin's), theta = lambda included; a T uniform on a
 * whole number of periods folds into a U exactly uniform, lambda = 0's form. */
static void sdc_any_laws_reduce_to_the_exponential_forms(void **state)
{
    (void)state;
    static const double c[][5] = {
        /* tau, d, K, mean detect x, lambda */
        {1, 0.1, 1, 1, 0.02}, {1, 0.1, 2, 1, 0.02}, {2, 0.25, 2, 0.7, 0.3}, {2, 0.1, 3, 0.5, 2},
        {1, 0, 1, 0.5, 2},    {1, 0.1, 1, 1, 1e-4}, {1, 0.1, 1, 1, 1e-7},   {0.5, 0.05, 4, 3, 0.1}};
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        sdc_law x = {0, c[i][3], 0}, t = {0, 1 / c[i][4], 0};
        unsigned K = (unsigned)c[i][2];
        assert_close(sdc_any(c[i][0], c[i][1], K, x, t),
                     cf_sdc_recoverable_prob(c[i][0], c[i][1], K, c[i][3], c[i][4]), 1e-9, 0);
    }
    sdc_law x = {0, 1, 0}, uniform = {1, 0, 1000}, slow = {0, 1e7, 0};
    assert_close(sdc_any(1, 0.1, 1, x, uniform), cf_sdc_recoverable_prob(1, 0.1, 1, 1, 0), 1e-9, 0);
    assert_close(sdc_any(2, 0.5, 3, x, (sdc_law){1, 0, 2000}),
                 cf_sdc_recoverable_prob(2, 0.5, 3, 1, 0), 1e-9, 0);
    assert_close(sdc_any(1, 0.1, 1, x, slow), cf_sdc_recoverable_prob(1, 0.1, 1, 1, 0), 1e-6, 0);
}

/* Cases by hand. X uniform on [0, 1], U uniform (T uniform on [0, 10]), tau = 1, d = 0.5, K = 1:
 * F_X(1.5 - u) is 1 for u < 0.5 and 1.5 - u above, so P = 0.5 + 0.375 = 0.875. X fixed at x:
 * P = P(U < K P - x) = F_U(K P - x), for T exponential of rate lambda
 * (1 - e^{-lambda v}) / (1 - e^{-lambda tau}), for a Weibull T of shape 1/2 (infinite density at
 * 0) sum_k F_T(v + k tau) - F_T(k tau); K P - x beyond tau gives 1, below 0 gives 0. */
static void sdc_any_laws_hand_cases(void **state)
{
    (void)state;
    sdc_law ux = {1, 0, 1}, ut = {1, 0, 10};
    assert_close(sdc_any(1, 0.5, 1, ux, ut), 0.875, 1e-9, 0);
    assert_close(sdc_any(1, 0.5, 1, (sdc_law){1, 0, 3}, ut), (1.5 - 0.5) / 3, 1e-9, 0);
    sdc_law fx = {2, 0.7, 0}, et = {0, 2, 0};
    assert_close(sdc_any(1, 0.1, 1, fx, et), -expm1(-0.2) / -expm1(-0.5), 1e-9, 0);
    assert_close(sdc_any(1, 0.1, 2, (sdc_law){2, 1.5, 0}, et), -expm1(-0.35) / -expm1(-0.5), 1e-9,
                 0);
    sdc_law wt = {3, 0.5, 3};
    double v = 0.4, sum = 0;
    for (int k = 0; k < 100000; k++)
        sum += sdc_cdf(v + k, &wt) - sdc_cdf(k, &wt);
    assert_close(sdc_any(1, 0.1, 1, fx, wt), sum, 1e-9, 0);
    assert_close(sdc_any(1, 0.1, 1, (sdc_law){2, 0.05, 0}, wt), 1, 0, 1e-12);
    assert_close(sdc_any(1, 0.1, 1, (sdc_law){2, 1.2, 0}, wt), 0, 0, 0);
    assert_close(sdc_any(1, 0.1, 0, fx, wt), 1, 0, 0); /* keep = all */
    assert_true(isnan(sdc_any(0, 0.1, 1, fx, wt)));
    assert_true(isnan(sdc_any(INFINITY, 0.1, 1, fx, wt)));
    assert_true(isnan(sdc_any(1, -0.1, 1, fx, wt)));
    assert_true(isnan(cf_sdc_recoverable_prob_any(1, 0.1, 1, NULL, NULL, sdc_pdf, sdc_cdf, &wt)));
}

/* ---------------------------------------------------------------- failure domains and sites */

static cf_domains dm(unsigned size, unsigned domains, double lambda, double mu, double lambda_d,
                     double mu_d)
{
    return (cf_domains){size, domains, lambda, mu, lambda_d, mu_d};
}

/* The domain's generator from the header's rates, states (up, j) = 2 j, (down, j) = 2 j + 1. */
static void build_domain_generator(const cf_domains *m, gsl_matrix *Q)
{
    size_t s = m->size;
    gsl_matrix_set_zero(Q);
    for (size_t j = 0; j <= s; j++) {
        size_t up = 2 * j, down = 2 * j + 1;
        if (j < s) gsl_matrix_set(Q, up, up + 2, (double)(s - j) * m->lambda);
        if (j > 0) {
            gsl_matrix_set(Q, up, up - 2, (double)j * m->mu);
            gsl_matrix_set(Q, down, down - 2, (double)j * m->mu);
        }
        gsl_matrix_set(Q, up, down, m->lambda_d);
        gsl_matrix_set(Q, down, up, m->mu_d);
    }
    for (size_t i = 0; i < 2 * s + 2; i++) {
        double out = 0;
        for (size_t j = 0; j < 2 * s + 2; j++)
            if (j != i) out += gsl_matrix_get(Q, i, j);
        gsl_matrix_set(Q, i, i, -out);
    }
}

/* s = 1, every rate 1. Balance of each state (out = in):
 *   (up, 0):   2 u0 = u1 + d0       (up, 1):   2 u1 = u0 + d1
 *   (down, 0):   d0 = u0 + d1       (down, 1): 2 d1 = u1
 * so u1 = 2 u0 / 3, d1 = u0 / 3, d0 = 4 u0 / 3, and u0 = 3/10: pi = (3, 4, 2, 1) / 10 in the order
 * (up, 0), (down, 0), (up, 1), (down, 1). The domain is up half the time (mu_d / (lambda_d +
 * mu_d)); nodes ageing through outages would give (1/2)(1/2) = 1/4 < 3/10. */
static void domain_chain_hand_case(void **state)
{
    (void)state;
    cf_domains m = dm(1, 1, 1, 1, 1, 1);
    double pi[4];
    assert_int_equal(cf_domains_stationary(&m, pi), 0);
    assert_close(pi[0], 0.3, 1e-14, 0);
    assert_close(pi[1], 0.4, 1e-14, 0);
    assert_close(pi[2], 0.2, 1e-14, 0);
    assert_close(pi[3], 0.1, 1e-14, 0);
    assert_close(cf_domains_availability(&m), 0.3, 1e-14, 0);
    m.domains = 3;
    assert_close(cf_domains_availability(&m), 0.027, 1e-13, 0);
    assert_close(cf_domains_product_availability(1, 1, 1, 1, 1, 1), 0.25, 1e-15, 0);
    assert_close(cf_domains_product_availability(8, 0.01, 5, 2, 0.001, 4),
                 pow(1.05, -8) * pow(1.004, -2), 1e-14, 0);
}

static void domain_chain_matches_a_dense_solve(void **state)
{
    (void)state;
    const cf_domains ms[] = {dm(1, 1, 0.3, 1.1, 0.2, 0.7), dm(4, 2, 0.02, 0.2, 0.05, 0.25),
                             dm(8, 16, 0.001, 0.1, 0.0002, 0.25), dm(3, 1, 2.0, 0.5, 1.5, 0.3),
                             dm(12, 1, 0.05, 0.4, 0.01, 1.0)};
    for (size_t i = 0; i < sizeof ms / sizeof ms[0]; i++) {
        size_t n = 2 * ((size_t)ms[i].size + 1);
        gsl_matrix *Q = gsl_matrix_alloc(n, n), *A = gsl_matrix_alloc(n, n);
        gsl_vector *b = gsl_vector_calloc(n), *x = gsl_vector_alloc(n);
        gsl_permutation *p = gsl_permutation_alloc(n);
        build_domain_generator(&ms[i], Q);
        gsl_matrix_transpose_memcpy(A, Q);
        for (size_t j = 0; j < n; j++)
            gsl_matrix_set(A, n - 1, j, 1.0);
        gsl_vector_set(b, n - 1, 1.0);
        int sign;
        gsl_linalg_LU_decomp(A, p, &sign);
        gsl_linalg_LU_solve(A, p, b, x);
        double pi[32], up = 0;
        assert_int_equal(cf_domains_stationary(&ms[i], pi), 0);
        for (size_t k = 0; k < n; k++) {
            assert_close(pi[k], gsl_vector_get(x, k), 1e-10, 1e-15);
            if (k % 2 == 0) up += pi[k];
        }
        /* the domain alone is the two-state chain */
        assert_close(up, ms[i].mu_d / (ms[i].lambda_d + ms[i].mu_d), 1e-12, 0);
        assert_close(cf_domains_availability(&ms[i]),
                     pow(gsl_vector_get(x, 0), (double)ms[i].domains), 1e-10, 0);
        /* nodes that do not age while their domain is down fail less: above the product form */
        unsigned N = ms[i].size * ms[i].domains;
        assert_true(cf_domains_availability(&ms[i]) >
                    cf_domains_product_availability(N, ms[i].lambda, 1 / ms[i].mu, ms[i].domains,
                                                    ms[i].lambda_d, 1 / ms[i].mu_d));
        gsl_matrix_free(Q);
        gsl_matrix_free(A);
        gsl_vector_free(b);
        gsl_vector_free(x);
        gsl_permutation_free(p);
    }
}

/* Limits: a domain that never fails leaves s independent nodes, (mu/(lambda + mu))^s; nodes that
 * never fail leave the domain's two states; a large chain (the site over 2000 slots) solves. */
static void domain_chain_limits(void **state)
{
    (void)state;
    cf_domains m = dm(6, 2, 0.1, 0.4, 0, 1);
    assert_close(cf_domains_availability(&m), pow(0.8, 12), 1e-12, 0);
    m = dm(6, 2, 0, 0.4, 0.1, 0.9);
    assert_close(cf_domains_availability(&m), 0.81, 1e-12, 0);
    /* fast domain repairs: the outages vanish, but the nodes' failures do not */
    m = dm(4, 1, 0.1, 0.5, 0.1, 1e7);
    assert_close(cf_domains_availability(&m), pow(5.0 / 6, 4), 1e-6, 0);
    m = dm(2000, 1, 1e-4, 0.1, 1e-3, 0.125);
    double a = cf_domains_availability(&m);
    assert_true(a > 0 && a < 0.125 / 0.126);
    /* 2000 nodes each up 1/(1 + 1e-3) when ageing; fewer failures while the site is down */
    assert_true(a > cf_domains_product_availability(2000, 1e-4, 10, 1, 1e-3, 8));
}

typedef struct {
    gsl_matrix *Q;
    size_t n;
    double G;
} dm_ode;

/* d p / dt = p Q, d I / dt = p_(up, 0)^G */
static int dm_ode_rhs(double t, const double y[], double dydt[], void *params)
{
    (void)t;
    const dm_ode *op = params;
    for (size_t j = 0; j < op->n; j++) {
        double s = 0;
        for (size_t i = 0; i < op->n; i++)
            s += y[i] * gsl_matrix_get(op->Q, i, j);
        dydt[j] = s;
    }
    dydt[op->n] = pow(y[0] > 0 ? y[0] : 0, op->G);
    return GSL_SUCCESS;
}

static void domain_interval_availability_matches_ode_integration(void **state)
{
    (void)state;
    const cf_domains ms[] = {dm(1, 1, 0.3, 1.1, 0.2, 0.7), dm(4, 3, 0.02, 0.2, 0.05, 0.25),
                             dm(2, 40, 0.01, 0.5, 0.02, 1.0), dm(5, 1, 0.5, 0.3, 0.4, 0.2)};
    const double Ts[] = {0.3, 2.5, 20.0, 150.0};
    for (size_t i = 0; i < sizeof ms / sizeof ms[0]; i++) {
        size_t n = 2 * ((size_t)ms[i].size + 1);
        dm_ode op = {gsl_matrix_alloc(n, n), n, (double)ms[i].domains};
        build_domain_generator(&ms[i], op.Q);
        for (size_t t = 0; t < sizeof Ts / sizeof Ts[0]; t++) {
            gsl_odeiv2_system sys = {dm_ode_rhs, NULL, n + 1, &op};
            gsl_odeiv2_driver *drv =
                gsl_odeiv2_driver_alloc_y_new(&sys, gsl_odeiv2_step_rk8pd, 1e-3, 1e-13, 1e-13);
            double y[32] = {0}, t0 = 0;
            y[0] = 1;
            assert_int_equal(gsl_odeiv2_driver_apply(drv, &t0, Ts[t], y), GSL_SUCCESS);
            gsl_odeiv2_driver_free(drv);
            assert_close(cf_domains_interval_availability(&ms[i], Ts[t]), y[n] / Ts[t], 0, 1e-9);
        }
        gsl_matrix_free(op.Q);
    }
}

/* Independent checks of the integral of p^G: with lambda_d = 0 the G s nodes are independent, the
 * repairman chain of G s slots with unlimited crews; with lambda = 0, p(t) = a + (1 - a)
 * e^{-r t} (a = mu_d / r, r = lambda_d + mu_d), and term by term of the binomial
 * integral_0^T p^G = sum_k C(G, k) a^(G-k) (1-a)^k (1 - e^{-k r T}) / (k r) (k = 0: a^G T).
 * Long horizons meet the stationary law with the 1/T law of the transient's area. */
static void domain_interval_availability_special_cases(void **state)
{
    (void)state;
    for (unsigned G = 1; G <= 5; G += 2) {
        cf_domains m = dm(3, G, 0.2, 0.9, 0, 1);
        cf_repairman r = rm(3 * G, 0, 0, 0, 0.2, 0.9);
        for (double T = 0.5; T < 500; T *= 7)
            assert_close(cf_domains_interval_availability(&m, T),
                         cf_repairman_interval_availability(&r, T), 0, 1e-11);
    }
    const double ld = 0.3, md = 1.2, r = ld + md, a = md / r;
    for (unsigned G = 1; G <= 60; G = G * 3 + 1) {
        cf_domains m = dm(2, G, 0, 1, ld, md);
        for (double T = 0.1; T < 300; T *= 5) {
            double sum = pow(a, G) * T, c = 1;
            for (unsigned k = 1; k <= G; k++) {
                c = c * (double)(G - k + 1) / (double)k;
                sum += c * pow(a, G - k) * pow(1 - a, k) * -expm1(-(double)k * r * T) /
                       ((double)k * r);
            }
            assert_close(cf_domains_interval_availability(&m, T), sum / T, 0, 1e-11);
        }
    }
    cf_domains m = dm(8, 16, 0.001, 0.1, 0.0002, 0.25);
    double A = cf_domains_availability(&m);
    double a5 = cf_domains_interval_availability(&m, 1e5),
           a6 = cf_domains_interval_availability(&m, 1e6);
    assert_true(a5 > a6 && a6 > A);
    assert_close(1e5 * (a5 - A), 1e6 * (a6 - A), 1e-6, 0); /* the 1/T law past the transient */
    assert_close(cf_domains_interval_availability(&m, 1e-9), 1, 0, 1e-10);
}

static void domain_forms_reject_bad_arguments(void **state)
{
    (void)state;
    double pi[4];
    cf_domains bad[] = {dm(0, 1, 1, 1, 1, 1),   dm(1, 0, 1, 1, 1, 1),       dm(1, 1, -1, 1, 1, 1),
                        dm(1, 1, 1, 0, 1, 1),   dm(1, 1, 1, 1, -1, 1),      dm(1, 1, 1, 1, 1, 0),
                        dm(1, 1, NAN, 1, 1, 1), dm(1, 1, 1, INFINITY, 1, 1)};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(cf_domains_stationary(&bad[i], pi), -1);
        assert_true(isnan(cf_domains_availability(&bad[i])));
        assert_true(isnan(cf_domains_interval_availability(&bad[i], 10)));
    }
    assert_int_equal(cf_domains_stationary(NULL, pi), -1);
    cf_domains m = dm(1, 1, 1, 1, 1, 1);
    assert_int_equal(cf_domains_stationary(&m, NULL), -1);
    assert_true(isnan(cf_domains_interval_availability(&m, 0)));
    assert_true(isnan(cf_domains_interval_availability(&m, INFINITY)));
    assert_true(isnan(cf_domains_product_availability(1, -1, 1, 1, 1, 1)));
    assert_true(isnan(cf_domains_product_availability(1, 1, 1, 1, 1, NAN)));
    assert_true(isnan(cf_no_interruption_prob(-1, 1, 1, 1, 1)));
    assert_true(isnan(cf_no_interruption_prob(1, 1, 1, 1, -1)));
}

static void no_interruption_is_exponential_in_both_rates(void **state)
{
    (void)state;
    assert_close(cf_no_interruption_prob(20.9, 16, 1.0 / 2000, 4, 1.0 / 500), exp(-0.016 * 20.9),
                 1e-14, 0);
    assert_close(cf_no_interruption_prob(10, 4, 0.01, 0, 1), exp(-0.4), 1e-14, 0);
    assert_close(cf_no_interruption_prob(10, 4, 0.01, 0, 1), cf_no_failure_prob(10, 25), 1e-14, 0);
    assert_close(cf_no_interruption_prob(0, 4, 0.01, 3, 1), 1, 0, 0);
}

/* The age of the newest landed copy, A(t) of the header, integrated against T's law by GSL's
 * adaptive quadrature, one period at a time (A is smooth inside each). */
typedef struct {
    double P, w, lambda, c;
} age_piece;

static double age_integrand(double t, void *arg)
{
    const age_piece *a = arg;
    double f = a->lambda > 0 ? a->lambda * exp(-a->lambda * t) : 1;
    return (t - a->c) * f;
}

static double age_by_quadrature(double P, double w, double lambda, double L)
{
    gsl_integration_workspace *ws = gsl_integration_workspace_alloc(200);
    double num = 0, den = 0;
    for (double k = 0;; k++) {
        double a = k == 0 ? 0 : k * P + w, b = (k + 1) * P + w;
        if (!(a < L)) break;
        if (b > L) b = L;
        age_piece pc = {P, w, lambda, k == 0 ? 0 : k * P};
        gsl_function F = {age_integrand, &pc};
        double r, e;
        assert_int_equal(gsl_integration_qags(&F, a, b, 1e-16, 1e-12, 200, ws, &r, &e),
                         GSL_SUCCESS);
        num += r;
        den += lambda > 0 ? exp(-lambda * a) - exp(-lambda * b) : b - a;
        if (lambda > 0 && exp(-lambda * b) < 1e-18) break;
        if (isinf(P)) break;
    }
    gsl_integration_workspace_free(ws);
    return num / den;
}

static void copy_age_matches_a_quadrature(void **state)
{
    (void)state;
    const double cases[][4] = {
        /* P, w, lambda, L */
        {4, 0.5, 1.0 / 200, 109.9}, {4, 0.5, 0.1, 109.9}, {4, 0.5, 0.1, INFINITY},
        {1, 0.25, 2.0, 30},         {6, 1, 0.05, 5},      {6, 1, 0.05, 7.5},
        {6, 1, 0.05, 13.0},         {2, 0, 0.3, 11},      {3, 0.5, 0, 40.2},
        {INFINITY, 0, 0.1, 12},     {5, 4.9, 1e-3, 1000}, {1e-2, 1e-3, 1e-4, 100},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const double *c = cases[i];
        assert_close(cf_copy_age_mean(c[0], c[1], c[2], c[3]),
                     age_by_quadrature(c[0], c[1], c[2], c[3]), 1e-9, 0);
    }
}

/* Hand cases: before the first copy lands the age is T itself, E[T | T < L] for an exponential
 * (1/lambda - L / (e^{lambda L} - 1)) or L/2 for a uniform; for rare disasters over a long trial
 * the phase is uniform: P/2 + w. */
static void copy_age_hand_cases_and_limits(void **state)
{
    (void)state;
    assert_close(cf_copy_age_mean(10, 1, 0.2, 5), 5 - 5 / expm1(1), 1e-13, 0);
    assert_close(cf_copy_age_mean(INFINITY, 0, 0.2, 5), 5 - 5 / expm1(1), 1e-13, 0);
    assert_close(cf_copy_age_mean(INFINITY, 0, 0.2, INFINITY), 5, 1e-13, 0);
    assert_close(cf_copy_age_mean(10, 1, 0, 5), 2.5, 1e-14, 0);
    assert_close(cf_copy_age_mean(4, 0.5, 0, INFINITY), 2.5, 1e-14, 0);
    /* uniform T on [0, 9): [0, 4.5) mean 2.25 (weight 1/2), [4.5, 8.5) age 0.5 + 2 (4/9), [8.5, 9)
     * age 0.5 + 0.25 (1/18): 1.125 + 10/9 + 0.75/18 */
    assert_close(cf_copy_age_mean(4, 0.5, 0, 9), 1.125 + 10.0 / 9 + 0.75 / 18, 1e-14, 0);
    assert_close(cf_copy_age_mean(4, 0.5, 1e-9, INFINITY), 2.5, 1e-7, 0);
    assert_close(cf_copy_age_mean(4, 0.5, 1e-7, 1e9), 2.5, 1e-3, 0);
    /* the series and the closed form of the truncated mean meet at x = 1e-3 */
    double lo = cf_copy_age_mean(INFINITY, 0, 1e-3 * (1 - 1e-12), 1),
           hi = cf_copy_age_mean(INFINITY, 0, 1e-3 * (1 + 1e-12), 1);
    assert_close(lo, hi, 1e-12, 0);
    assert_true(isnan(cf_copy_age_mean(0, 0, 1, 1)));
    assert_true(isnan(cf_copy_age_mean(4, 4, 1, 1))); /* w < P */
    assert_true(isnan(cf_copy_age_mean(4, -1, 1, 1)));
    assert_true(isnan(cf_copy_age_mean(4, 1, -1, 1)));
    assert_true(isnan(cf_copy_age_mean(4, 1, 1, 0)));
    assert_true(isnan(cf_copy_age_mean(INFINITY, 0, 0, INFINITY)));
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(segments_follow_the_tie_rule),
        cmocka_unit_test(young_interval_is_sqrt_2dM),
        cmocka_unit_test(daly_interval_matches_published_values),
        cmocka_unit_test(daly_interval_is_M_once_d_reaches_2M),
        cmocka_unit_test(daly_interval_is_near_the_optimum_of_daly_makespan),
        cmocka_unit_test(intervals_reject_bad_arguments),
        cmocka_unit_test(segment_time_of_no_work_is_zero),
        cmocka_unit_test(segment_time_without_downtime_or_restart),
        cmocka_unit_test(segment_time_solves_the_first_step_equations),
        cmocka_unit_test(segment_time_matches_a_monte_carlo),
        cmocka_unit_test(segment_time_tends_to_L_when_failures_vanish),
        cmocka_unit_test(segment_time_rejects_bad_arguments),
        cmocka_unit_test(daly_makespan_is_the_published_form),
        cmocka_unit_test(job_makespan_is_daly_without_the_last_checkpoint),
        cmocka_unit_test(job_makespan_single_segment),
        cmocka_unit_test(job_makespan_partial_last_segment),
        cmocka_unit_test(job_makespan_tie_rule),
        cmocka_unit_test(makespans_reject_bad_arguments),
        cmocka_unit_test(renewal_availability_is_mttf_over_cycle),
        cmocka_unit_test(k_of_n_limits),
        cmocka_unit_test(k_of_n_hand_case),
        cmocka_unit_test(step_fail_prob_published_values),
        cmocka_unit_test(step_fail_prob_edges),
        cmocka_unit_test(no_failure_prob_is_exp_minus_T_over_M),
        cmocka_unit_test(repairman_stationary_sums_to_one),
        cmocka_unit_test(repairman_single_node_is_the_two_state_chain),
        cmocka_unit_test(repairman_hand_solved_four_state_chain),
        cmocka_unit_test(repairman_matches_a_dense_solve_of_the_balance_equations),
        cmocka_unit_test(repairman_hot_spares_lower_availability),
        cmocka_unit_test(repairman_more_crews_never_lower_availability),
        cmocka_unit_test(repairman_unlimited_crews_is_one_per_node),
        cmocka_unit_test(repairman_large_chain_matches_the_binomial_law),
        cmocka_unit_test(repairman_rejects_bad_parameters),
        cmocka_unit_test(interval_availability_two_state_exact),
        cmocka_unit_test(renewal_interval_availability_matches_exact_cases),
        cmocka_unit_test(interval_availability_tends_to_stationary),
        cmocka_unit_test(interval_availability_tends_to_one),
        cmocka_unit_test(interval_availability_matches_ode_integration),
        cmocka_unit_test(interval_availability_decreases_from_one_to_stationary),
        cmocka_unit_test(interval_availability_rejects_bad_horizons),
        cmocka_unit_test(partner_survival_hand_cases),
        cmocka_unit_test(partner_survival_matches_enumeration),
        cmocka_unit_test(partner_survival_large_rings),
        cmocka_unit_test(xor_survival_matches_enumeration),
        cmocka_unit_test(async_lost_prob_hand_cases),
        cmocka_unit_test(async_makespan_without_write_is_the_sync_makespan),
        cmocka_unit_test(async_makespan_hand_case_and_bounds),
        cmocka_unit_test(async_makespan_rejects_bad_arguments),
        cmocka_unit_test(async_makespan_solves_the_first_step_equations),
        cmocka_unit_test(async_makespan_matches_a_monte_carlo),
        cmocka_unit_test(levels_one_tier_is_the_job_makespan),
        cmocka_unit_test(levels_hand_cases),
        cmocka_unit_test(levels_never_destroyed_is_a_chain),
        cmocka_unit_test(levels_two_tiers_match_a_monte_carlo),
        cmocka_unit_test(levels_three_tiers_unsorted_match_a_monte_carlo),
        cmocka_unit_test(levels_reject_bad_input),
        cmocka_unit_test(sdc_any_laws_reduce_to_the_exponential_forms),
        cmocka_unit_test(sdc_any_laws_hand_cases),
        cmocka_unit_test(domain_chain_hand_case),
        cmocka_unit_test(domain_chain_matches_a_dense_solve),
        cmocka_unit_test(domain_chain_limits),
        cmocka_unit_test(domain_interval_availability_matches_ode_integration),
        cmocka_unit_test(domain_interval_availability_special_cases),
        cmocka_unit_test(domain_forms_reject_bad_arguments),
        cmocka_unit_test(no_interruption_is_exponential_in_both_rates),
        cmocka_unit_test(copy_age_matches_a_quadrature),
        cmocka_unit_test(copy_age_hand_cases_and_limits),
    };
    return cmocka_run_group_tests_name("cf", tests, NULL, NULL);
}
