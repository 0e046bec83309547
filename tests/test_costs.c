/*
 * Random durations are drawn afresh every time: each swap, each restore and each checkpoint takes
 * its own draw of its law (docs/model.md: "each checkpoint and each restore draws its own cost";
 * the failover time likewise for every swap).
 *
 * A mean cannot see a draw reused within a trial (every swap of a node taking the first swap's
 * time, say): the mean is the same. The spread can. Each test builds a trial, worked out by hand,
 * in which one random duration is drawn a known number of times and nothing else is random, so
 * that a column of trials.csv is the sum of those draws: the sum of n independent draws has a
 * known law (Gamma(n, mean) for exponential ones, the Irwin-Hall law for uniform ones), with
 * variance n s^2, where a reused draw gives n^2 s^2. Each test checks every trial's timeline
 * exactly, the sample variance within 4 standard errors of n s^2 (the standard error of a sample
 * variance, s^4 (2 / (N - 1) + g / N) with g the excess kurtosis of the sum), and the whole law
 * by a one-sample Kolmogorov-Smirnov test at 1e-4. Fixed seeds: the outcome never changes.
 */
#include "tests/testutil.h"
#include "tests/testscn.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_gamma.h>
#include <stdlib.h>

#define N_TRIALS 2000

/* The Irwin-Hall law of the sum of n uniforms on (0, 1): F(x) = sum_{k <= x} (-1)^k C(n, k)
 * (x - k)^n / n! (Hall 1927). Exact in doubles for small n (the terms are below n^n / n!). */
static double irwin_hall_cdf(double x, int n)
{
    if (x <= 0) return 0;
    if (x >= n) return 1;
    double sum = 0;
    for (int k = 0; k <= (int)floor(x); k++)
        sum += (k % 2 ? -1 : 1) * gsl_sf_choose((unsigned)n, (unsigned)k) * pow(x - k, n);
    return sum / gsl_sf_fact((unsigned)n);
}

typedef double (*cdf_fn)(double x, const double *par);

static double cdf_gamma(double x, const double *par)
{
    return gsl_cdf_gamma_P(x, par[0], par[1]); /* shape n, scale the mean of one draw */
}

/* par: number of draws, then the law's min and max: sum = n min + (max - min) IH(n). */
static double cdf_sum_of_uniforms(double x, const double *par)
{
    return irwin_hall_cdf((x - par[0] * par[1]) / (par[2] - par[1]), (int)par[0]);
}

/* The sample variance of x against var (4 SE, SE from the sum's excess kurtosis g), and the law
 * of x against cdf (KS at 1e-4). */
static void assert_sum_of_draws(double *x, size_t n, double var, double g, cdf_fn cdf,
                                const double *par, const char *what)
{
    double mean = 0, m2 = 0;
    for (size_t i = 0; i < n; i++)
        mean += x[i];
    mean /= (double)n;
    for (size_t i = 0; i < n; i++)
        m2 += (x[i] - mean) * (x[i] - mean);
    double s2 = m2 / (double)(n - 1);
    double se = var * sqrt(2.0 / (double)(n - 1) + g / (double)n);
    for (size_t i = 0; i < n; i++)
        x[i] = cdf(x[i], par);
    double d = ks_uniform_statistic(x, n), crit = ks_critical_one(n, 1e-4);
    print_message("  %-38s variance %.5g (independent draws: %.5g, %+.2f SE); KS %.4f (critical "
                  "%.4f)\n",
                  what, s2, var, (s2 - var) / se, d, crit);
    if (!(fabs(s2 - var) <= 4 * se))
        fail_msg("%s: variance %.6g, %.2f standard errors from %.6g", what, s2, (s2 - var) / se,
                 var);
    if (!(d < crit)) fail_msg("%s: KS distance %.4f above the critical %.4f", what, d, crit);
}

static test_trials run(const char *text)
{
    scn *s = testscn_load(text, "costs.ini");
    test_trials c = testscn_run(s, (mc_opts){.threads = 1});
    assert_int_equal(c.n, N_TRIALS);
    free(s);
    return c;
}

/*
 * Failover: one slot, no spare, lives of 10 h, no detection delay, repairs of no time, so the
 * repaired node swaps back at once and the swap is all of the down time. The job computes 80 h,
 * a checkpoint every 4 h at no cost, restores at no cost: each life checkpoints at 4 and 8 h and
 * loses 2 h at its failure at 10 h, so nine lives keep 72 h and the tenth completes 8 h in.
 * Every trial: 9 failures, 9 swaps, lost 18 h, makespan 98 h + down_h, and down_h the sum of the
 * 9 swap times, each exponential of mean 1 h: Gamma(9, 1) (variance 9; a swap time drawn once and
 * reused would make it 9 times one draw, variance 81).
 */
static void every_swap_draws_its_own_failover_time(void **state)
{
    (void)state;
    test_trials c = run("[scenario]\ntrials=2000\nseed=71\n[cluster]\nnodes=1\n"
                        "[component.c]\nttf=10h\nttr=0s\n"
                        "[failover]\ntime=exponential(mean=1h)\n"
                        "[job]\nwork=80h\ncheckpoint_interval=4h\n");
    double *x = malloc(c.n * sizeof *x);
    assert_non_null(x);
    for (uint64_t i = 0; i < c.n; i++) {
        const metric_row *r = &c.r[i];
        assert_int_equal(r->completed, 1);
        assert_int_equal(r->failures, 9);
        assert_int_equal(r->checkpoints, 19);
        assert_close(r->lost_h, 18, 1e-12, 1e-9);
        assert_close(r->makespan_h, 98 + r->down_h, 1e-12, 1e-9);
        assert_close(r->wait_spare_h, 0, 0, 1e-9); /* queued for no time: repaired at once */
        x[i] = r->down_h;
    }
    const double par[] = {9, 1};
    assert_sum_of_draws(x, c.n, 9, 6.0 / 9, cdf_gamma, par, "down_h = 9 swaps of Exp(1 h)");
    free(x);
    free(c.r);
}

/*
 * Restores: the same cluster with swaps of no time, the job restoring in a time uniform on (1 h,
 * 2 h), never interrupted (lives of 10 h). Each life after the first restores for R < 2 h, then
 * checkpoints twice (4 and 8 h of computation fit in the 8 to 9 h left) and loses 2 - R h at its
 * failure; the tenth life restores and completes. Every trial: 9 failures, 9 restores, no down
 * time, makespan 98 h + the last restore, and restart_h the sum of the 9 restore times: 9 h plus
 * an Irwin-Hall(9) (variance 9/12; one draw reused, 81/12).
 */
static void every_restore_draws_its_own_cost(void **state)
{
    (void)state;
    test_trials c = run("[scenario]\ntrials=2000\nseed=72\n[cluster]\nnodes=1\n"
                        "[component.c]\nttf=10h\nttr=0s\n"
                        "[job]\nwork=80h\ncheckpoint_interval=4h\n"
                        "restart_cost=uniform(min=1h, max=2h)\n");
    double *x = malloc(c.n * sizeof *x);
    assert_non_null(x);
    for (uint64_t i = 0; i < c.n; i++) {
        const metric_row *r = &c.r[i];
        assert_int_equal(r->completed, 1);
        assert_int_equal(r->failures, 9);
        assert_int_equal(r->checkpoints, 19);
        assert_close(r->down_h, 0, 0, 1e-9);
        double last = r->makespan_h - 98; /* the last restore */
        assert_true(last > 1 - 1e-9 && last < 2 + 1e-9);
        /* lost: 2 h in the first life, 2 - R_k in the next eight */
        assert_close(r->lost_h, 18 - (r->restart_h - last), 1e-12, 1e-9);
        x[i] = r->restart_h;
    }
    const double par[] = {9, 1, 2};
    assert_sum_of_draws(x, c.n, 9.0 / 12, -1.2 / 9, cdf_sum_of_uniforms, par,
                        "restart_h = 9 restores of U(1 h, 2 h)");
    free(x);
    free(c.r);
}

/*
 * Checkpoints: no failure (lives of 1000 h), 100 h of work, a checkpoint every hour costing an
 * exponential time of mean 6 m: 99 checkpoints (none once the work is done), makespan 100 h +
 * checkpoint_h, and checkpoint_h the sum of the 99 costs: Gamma(99, 0.1 h) (variance 0.99; one
 * draw reused, 98).
 */
static void every_checkpoint_draws_its_own_cost(void **state)
{
    (void)state;
    test_trials c = run("[scenario]\ntrials=2000\nseed=73\n[cluster]\nnodes=1\n"
                        "[component.c]\nttf=1000h\nttr=1h\n"
                        "[job]\nwork=100h\ncheckpoint_interval=1h\n"
                        "checkpoint_cost=exponential(mean=6m)\n");
    double *x = malloc(c.n * sizeof *x);
    assert_non_null(x);
    for (uint64_t i = 0; i < c.n; i++) {
        const metric_row *r = &c.r[i];
        assert_int_equal(r->completed, 1);
        assert_int_equal(r->failures, 0);
        assert_int_equal(r->checkpoints, 99);
        assert_close(r->makespan_h, 100 + r->checkpoint_h, 1e-12, 1e-9);
        x[i] = r->checkpoint_h;
    }
    const double par[] = {99, 0.1};
    assert_sum_of_draws(x, c.n, 0.99, 6.0 / 99, cdf_gamma, par,
                        "checkpoint_h = 99 costs of Exp(6 m)");
    free(x);
    free(c.r);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_swap_draws_its_own_failover_time),
        cmocka_unit_test(every_restore_draws_its_own_cost),
        cmocka_unit_test(every_checkpoint_draws_its_own_cost),
    };
    return cmocka_run_group_tests_name("costs", tests, NULL, NULL);
}
