/*
 * Running statistics: exact moments, exact quantiles up to STAT_EXACT_MAX values and P-square
 * estimates beyond, Student's t confidence intervals, and the light accumulator of sweeps.
 */
#include "tests/testutil.h"
#include "analysis/stat.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_rstat.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <stdlib.h>
#include <string.h>

static void moments_and_interval_of_a_small_sample(void **state)
{
    (void)state;
    stat_acc *a = stat_new();
    double x[] = {2, 4, 4, 4, 5, 5, 7, 9};
    for (int i = 0; i < 8; i++)
        stat_add(a, x[i]);
    stat_summary s;
    stat_get(a, &s);
    assert_int_equal(s.n, 8);
    assert_close(s.mean, 5, 1e-15, 0);
    double sd = sqrt(32.0 / 7.0); /* sample sd: sum of squares 32 over n - 1 */
    assert_close(s.sd, sd, 1e-14, 0);
    double h = gsl_cdf_tdist_Pinv(0.975, 7) * sd / sqrt(8.0);
    assert_close(s.ci_low, 5 - h, 1e-14, 0);
    assert_close(s.ci_high, 5 + h, 1e-14, 0);
    assert_close(s.min, 2, 0, 0);
    assert_close(s.max, 9, 0, 0);
    /* type-7 quantiles of the sorted sample: position p (n - 1) */
    assert_close(s.p50, 4.5, 1e-15, 0);
    assert_close(s.p05, 2 + 0.35 * 2, 1e-14, 0);
    assert_close(s.p95, 7 + 0.65 * 2, 1e-14, 0);
    stat_free(a);
}

/* 0/1 columns and constant columns: quantiles are values of the sample, not artefacts. */
/* The quantiles come from selections, not a sort: bit for bit what GSL gives from the sorted
 * values, for every size from 1 to 300 (ties frequent: values on a grid of 10) and at 99,999. */
static void quantiles_by_selection_are_those_of_the_sorted_values(void **state)
{
    (void)state;
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 9);
    size_t sizes[301];
    for (size_t i = 0; i < 300; i++)
        sizes[i] = i + 1;
    sizes[300] = 99999;
    double *x = malloc(99999 * sizeof *x);
    assert_non_null(x);
    for (size_t c = 0; c < 301; c++) {
        size_t n = sizes[c];
        stat_acc *a = stat_new();
        for (size_t i = 0; i < n; i++) {
            x[i] = c % 2 ? (double)gsl_rng_uniform_int(g, 10) : gsl_ran_exponential(g, 3.0);
            stat_add(a, x[i]);
        }
        stat_summary s;
        stat_get(a, &s);
        gsl_sort(x, 1, n);
        assert_true(s.min == x[0] && s.max == x[n - 1]);
        assert_true(s.p05 == gsl_stats_quantile_from_sorted_data(x, 1, n, 0.05));
        assert_true(s.p50 == gsl_stats_quantile_from_sorted_data(x, 1, n, 0.50));
        assert_true(s.p95 == gsl_stats_quantile_from_sorted_data(x, 1, n, 0.95));
        stat_free(a);
    }
    free(x);
    gsl_rng_free(g);
}

/* A column of one value (a constant of the model, 0, -0) is summarised at once: bit for bit the
 * mean, sd and quantiles GSL's passes give, at every size from 1 to 300 and at 99,999. */
static int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

static void constant_columns_give_what_the_passes_give(void **state)
{
    (void)state;
    const double vals[] = {8.299999999999981, 0.1, 1.0 / 3.0, 0.0, -0.0, 720.0, -2.5e-7};
    double *x = malloc(99999 * sizeof *x);
    assert_non_null(x);
    for (size_t v = 0; v < sizeof vals / sizeof vals[0]; v++) {
        for (size_t n = 1; n <= 99999; n = n < 300 ? n + 1 : 99999) {
            stat_acc *a = stat_new();
            for (size_t i = 0; i < n; i++) {
                x[i] = vals[v];
                stat_add(a, x[i]);
            }
            stat_summary s;
            stat_get(a, &s);
            double mean = gsl_stats_mean(x, 1, n);
            assert_true(same_bits(s.mean, mean));
            assert_true(same_bits(s.sd, n > 1 ? gsl_stats_sd_m(x, 1, n, mean) : 0.0));
            assert_true(same_bits(s.p05, gsl_stats_quantile_from_sorted_data(x, 1, n, 0.05)));
            assert_true(same_bits(s.p50, gsl_stats_quantile_from_sorted_data(x, 1, n, 0.50)));
            assert_true(same_bits(s.p95, gsl_stats_quantile_from_sorted_data(x, 1, n, 0.95)));
            stat_free(a);
            if (n == 99999) break;
        }
    }
    free(x);
}

/* stat_get_many summarises columns side by side (their moments four at a time, the quantiles
 * by nested selections): bit for bit what GSL's passes give column by column, for columns of
 * different lengths and kinds (ties, whole numbers, a negative zero, a NaN, an infinity). */
static void many_columns_give_what_gsl_gives_for_each(void **state)
{
    (void)state;
    enum { M = 11 };
    const size_t len[M] = {2, 3, 3, 3, 3, 3, 1000, 1000, 1000, 99999, 99999};
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 11);
    stat_acc *a[M];
    double *x[M];
    for (int j = 0; j < M; j++) {
        a[j] = stat_new();
        x[j] = malloc(len[j] * sizeof *x[j]);
        assert_non_null(x[j]);
        for (size_t i = 0; i < len[j]; i++) {
            double v = j % 3 == 0   ? (double)gsl_rng_uniform_int(g, 5)
                       : j % 3 == 1 ? gsl_ran_lognormal(g, 0, 2)
                                    : gsl_ran_gaussian(g, 1);
            if (j == 4 && i == 1) v = -0.0;
            if (j == 7 && i == 500) v = NAN;
            if (j == 8 && i == 3) v = INFINITY;
            x[j][i] = v;
            stat_add(a[j], v);
        }
    }
    stat_summary s[M];
    stat_get_many((const stat_acc *const *)a, M, s);
    for (int j = 0; j < M; j++) {
        size_t n = len[j];
        stat_summary one;
        stat_get(a[j], &one);
        assert_memory_equal(&one, &s[j], sizeof one);
        double mean = gsl_stats_mean(x[j], 1, n);
        assert_true(same_bits(s[j].mean, mean));
        assert_true(same_bits(s[j].sd, gsl_stats_sd_m(x[j], 1, n, mean)));
        if (j == 7) continue; /* a NaN has no order */
        double mn, mx;
        gsl_stats_minmax(&mn, &mx, x[j], 1, n);
        assert_true(same_bits(s[j].min, mn) && same_bits(s[j].max, mx));
        gsl_sort(x[j], 1, n);
        assert_true(same_bits(s[j].p05, gsl_stats_quantile_from_sorted_data(x[j], 1, n, 0.05)));
        assert_true(same_bits(s[j].p50, gsl_stats_quantile_from_sorted_data(x[j], 1, n, 0.50)));
        assert_true(same_bits(s[j].p95, gsl_stats_quantile_from_sorted_data(x[j], 1, n, 0.95)));
    }
    for (int j = 0; j < M; j++) {
        stat_free(a[j]);
        free(x[j]);
    }
    gsl_rng_free(g);
}

static void quantiles_of_degenerate_columns_are_exact(void **state)
{
    (void)state;
    stat_acc *a = stat_new(), *b = stat_new();
    for (int i = 0; i < 1000; i++) {
        stat_add(a, i < 900 ? 0 : 1); /* 10% ones */
        stat_add(b, 720);
    }
    stat_summary s, t;
    stat_get(a, &s);
    stat_get(b, &t);
    assert_close(s.p05, 0, 0, 0);
    assert_close(s.p50, 0, 0, 0);
    assert_close(s.p95, 1, 0, 0);
    assert_close(t.p05, 720, 0, 0);
    assert_close(t.p95, 720, 0, 0);
    assert_close(t.sd, 0, 0, 0);
    stat_free(a);
    stat_free(b);
}

/* Beyond STAT_EXACT_MAX values the quantiles are P-square estimates: close to the truth for a
 * smooth law (uniform: p05 = 0.05, p50 = 0.5, p95 = 0.95), moments still exact. */
static void many_values_switch_to_estimates(void **state)
{
    (void)state;
    stat_acc *a = stat_new();
    stat_mean m = {0};
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 4);
    double sum = 0;
    int n = STAT_EXACT_MAX + 50000;
    for (int i = 0; i < n; i++) {
        double u = gsl_rng_uniform(g);
        stat_add(a, u);
        stat_mean_add(&m, u);
        sum += u;
    }
    stat_summary s, sm;
    stat_get(a, &s);
    stat_mean_get(&m, &sm);
    assert_int_equal(s.n, (uint64_t)n);
    assert_close(s.mean, sum / n, 1e-12, 0);
    assert_close(sm.mean, s.mean, 1e-12, 0);
    assert_close(sm.sd, s.sd, 1e-10, 0);
    assert_close(sm.ci_high, s.ci_high, 1e-10, 0);
    assert_close(s.p05, 0.05, 0, 0.005);
    assert_close(s.p50, 0.50, 0, 0.005);
    assert_close(s.p95, 0.95, 0, 0.005);
    gsl_rng_free(g);
    stat_free(a);
}

/* At STAT_EXACT_MAX values the percentiles are still exact; one more and the kept values are
 * replayed into GSL's running workspaces: the result is bit for bit that of workspaces fed every
 * value from the start. */
static void the_switch_replays_every_value_in_order(void **state)
{
    (void)state;
    stat_acc *a = stat_new();
    gsl_rstat_workspace *all = gsl_rstat_alloc();
    gsl_rstat_quantile_workspace *q05 = gsl_rstat_quantile_alloc(0.05);
    gsl_rstat_quantile_workspace *q95 = gsl_rstat_quantile_alloc(0.95);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 11);
    double *kept = malloc(STAT_EXACT_MAX * sizeof *kept);
    stat_summary s;
    for (int i = 0; i < STAT_EXACT_MAX + 1000; i++) {
        double x =
            gsl_rng_uniform(g) * gsl_rng_uniform(g); /* skewed: P-square is visibly not exact */
        if (i < STAT_EXACT_MAX) kept[i] = x;
        if (i == STAT_EXACT_MAX) { /* all kept: the exact type-7 median of the sample */
            stat_get(a, &s);
            assert_int_equal(s.n, STAT_EXACT_MAX);
            gsl_sort(kept, 1, STAT_EXACT_MAX);
            assert_true(s.p50 == gsl_stats_quantile_from_sorted_data(kept, 1, STAT_EXACT_MAX, 0.5));
            assert_true(s.p95 ==
                        gsl_stats_quantile_from_sorted_data(kept, 1, STAT_EXACT_MAX, 0.95));
            assert_true(s.min == kept[0] && s.max == kept[STAT_EXACT_MAX - 1]);
        }
        stat_add(a, x);
        gsl_rstat_add(x, all);
        gsl_rstat_quantile_add(x, q05);
        gsl_rstat_quantile_add(x, q95);
    }
    stat_get(a, &s);
    assert_int_equal(s.n, STAT_EXACT_MAX + 1000);
    assert_true(s.mean == gsl_rstat_mean(all));
    assert_true(s.sd == gsl_rstat_sd(all));
    assert_true(s.p05 == gsl_rstat_quantile_get(q05));
    assert_true(s.p50 == gsl_rstat_median(all));
    assert_true(s.p95 == gsl_rstat_quantile_get(q95));
    free(kept);
    gsl_rng_free(g);
    gsl_rstat_quantile_free(q05);
    gsl_rstat_quantile_free(q95);
    gsl_rstat_free(all);
    stat_free(a);
}

static void one_value_has_no_interval(void **state)
{
    (void)state;
    stat_acc *a = stat_new();
    stat_add(a, 3);
    stat_summary s;
    stat_get(a, &s);
    assert_true(isnan(s.ci_low) && isnan(s.ci_high));
    assert_close(s.sd, 0, 0, 0);
    assert_close(s.p50, 3, 0, 0);
    stat_reset(a);
    stat_get(a, &s);
    assert_int_equal(s.n, 0);
    assert_true(isnan(s.mean));
    stat_free(a);
}

/* The one verdict: 4 SE at large n (the tail 2 Q(4) as a t quantile), wider with few trials,
 * rounding only when every trial is equal, undecided without an SE. */
static void the_verdict_is_four_se_at_large_n_and_wider_with_few_trials(void **state)
{
    (void)state;
    /* n = 10^6: the limit is 4 SE to within 1e-4; 3.99 SE agrees, 4.01 SE does not */
    double sd = 2.0, n = 1e6, se = sd / 1e3;
    stat_verdict v = stat_agree(10 + 3.99 * se, sd, n, 10);
    assert_int_equal(v.verdict, STAT_AGREES);
    assert_close(v.z, 3.99, 1e-9, 0);
    assert_close(v.limit, 4.0, 1e-4, 0);
    assert_int_equal(stat_agree(10 - 4.01 * se, sd, n, 10).verdict, STAT_DISAGREES);
    /* n = 2: one degree of freedom, P(|t| > L) = 2 Q(4) gives L = tan(pi (1/2 - Q(4))) */
    double q = gsl_cdf_ugaussian_Q(4.0);
    double l1 = tan(M_PI * (0.5 - q));
    v = stat_agree(5, 1, 2, 5 - 100 / sqrt(2.0)); /* 100 SE off */
    assert_close(v.limit, l1, 1e-6, 0);
    assert_int_equal(v.verdict, l1 >= 100 ? STAT_AGREES : STAT_DISAGREES);
    /* the same at n = 30 is far outside (t with 29 df: limit below 5) */
    v = stat_agree(5, 1, 30, 5 - 100 / sqrt(30.0));
    assert_int_equal(v.verdict, STAT_DISAGREES);
    assert_true(v.limit > 4 && v.limit < 5);
    /* every trial equal: rounding agrees; anything else cannot be judged (50 trials without a
     * failure whose closed-form mean is 0.01 failures a trial is no evidence against it) */
    assert_int_equal(stat_agree(1.0 + 1e-12, 0, 50, 1.0).verdict, STAT_AGREES);
    assert_int_equal(stat_agree(0, 0, 50, 0.01).verdict, STAT_UNDECIDED);
    /* one trial: no SE */
    assert_int_equal(stat_agree(3, NAN, 1, 4).verdict, STAT_UNDECIDED);
    assert_int_equal(stat_agree(4, NAN, 1, 4).verdict, STAT_AGREES);
    char buf[64];
    v = stat_agree(10 - 4.01 * se, sd, n, 10);
    stat_verdict_text(&v, buf, sizeof buf);
    assert_string_equal(buf, "DISAGREES (4.01 SE, limit 4)");
}

/* The ratio of means and its delta-method SE: the same numbers as a two-pass computation, exact
 * when y is a multiple of x, and an SE that predicts how much the ratio moves from sample to
 * sample. */
static void the_ratio_of_means_and_its_delta_method_interval(void **state)
{
    (void)state;
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 11);
    enum { N = 500 };
    double y[N], x[N];
    stat_pair p = {0};
    for (int i = 0; i < N; i++) {
        x[i] = 100 + 30 * gsl_rng_uniform(g);
        y[i] = 0.8 * x[i] - 5 + 4 * gsl_rng_uniform(g);
        stat_pair_add(&p, y[i], x[i]);
    }
    stat_summary r;
    stat_pair_ratio(&p, &r);
    double sy = 0, sx = 0;
    for (int i = 0; i < N; i++) {
        sy += y[i];
        sx += x[i];
    }
    double R = sy / sx, mx = sx / N, v = 0;
    for (int i = 0; i < N; i++)
        v += (y[i] - R * x[i]) * (y[i] - R * x[i]);
    v /= N - 1;
    assert_close(r.mean, R, 1e-13, 0);
    assert_close(r.sd, sqrt(v) / mx, 1e-9, 0);
    assert_close(r.ci_high - r.mean, gsl_cdf_tdist_Pinv(0.975, N - 1) * sqrt(v) / mx / sqrt(N), 1e-9,
                 0);
    assert_true(isnan(r.p05) && isnan(r.p50) && isnan(r.max));
    assert_int_equal(r.n, N);
    /* y = 0.25 x: no uncertainty */
    stat_pair q = {0};
    for (int i = 0; i < N; i++)
        stat_pair_add(&q, 0.25 * x[i], x[i]);
    stat_pair_ratio(&q, &r);
    assert_close(r.mean, 0.25, 1e-15, 0);
    assert_close(r.sd, 0, 0, 1e-12);
    /* 2,000 samples of 200: the sd of their ratios against the mean of their SEs. The sd of
     * 2,000 values has a relative standard error of 1/sqrt(2 x 2000) = 1.6%: 4 SE = 6.4% */
    enum { REP = 2000, M = 200 };
    stat_mean ratios = {0}, ses = {0};
    for (int k = 0; k < REP; k++) {
        stat_pair a = {0};
        for (int i = 0; i < M; i++) {
            double xi = gsl_ran_exponential(g, 50) + 10;
            stat_pair_add(&a, 0.3 * xi + gsl_ran_gaussian(g, 8), xi);
        }
        stat_pair_ratio(&a, &r);
        stat_mean_add(&ratios, r.mean);
        stat_mean_add(&ses, r.sd / sqrt((double)M));
    }
    stat_summary sr, ss;
    stat_mean_get(&ratios, &sr);
    stat_mean_get(&ses, &ss);
    assert_close(ss.mean, sr.sd, 4 / sqrt(2.0 * REP), 0);
    gsl_rng_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(moments_and_interval_of_a_small_sample),
        cmocka_unit_test(quantiles_by_selection_are_those_of_the_sorted_values),
        cmocka_unit_test(quantiles_of_degenerate_columns_are_exact),
        cmocka_unit_test(many_columns_give_what_gsl_gives_for_each),
        cmocka_unit_test(constant_columns_give_what_the_passes_give),
        cmocka_unit_test(many_values_switch_to_estimates),
        cmocka_unit_test(the_switch_replays_every_value_in_order),
        cmocka_unit_test(one_value_has_no_interval),
        cmocka_unit_test(the_verdict_is_four_se_at_large_n_and_wider_with_few_trials),
        cmocka_unit_test(the_ratio_of_means_and_its_delta_method_interval),
    };
    return cmocka_run_group_tests_name("stat", tests, NULL, NULL);
}
