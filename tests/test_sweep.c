/*
 * Sweeps: the --vary syntax, the grid, common random numbers and paired comparisons, the
 * precision target, thread invariance, and the simulated optimum against Daly's on a scenario
 * where Daly's expected makespan is exact.
 */
#include "tests/testutil.h"
#include "models/cf.h"
#include "sim/study/sweep.h"

#include <gsl/gsl_errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void vary(sweep *w, const char *arg)
{
    char err[300];
    if (vary_parse(arg, &w->keys[w->nkeys], err, sizeof err)) fail_msg("%s", err);
    w->nkeys++;
}

static void list_and_ranges_parse(void **state)
{
    (void)state;
    vary_key k;
    char err[300];
    assert_int_equal(vary_parse("job.checkpoint_interval=15m,30m,1h", &k, err, sizeof err),
                     0);
    assert_int_equal(k.nvalues, 3);
    assert_string_equal(k.column, "checkpoint_interval");
    assert_true(k.is_duration);
    assert_close(k.hours[1], 0.5, 0, 0);
    assert_int_equal(vary_parse("job.checkpoint_interval=15m..8h*2", &k, err, sizeof err), 0);
    assert_int_equal(k.nvalues, 6); /* 15m 30m 1h 2h 4h 8h */
    assert_string_equal(k.value[5], "8h");
    assert_close(k.hours[0], 0.25, 0, 0);
    assert_int_equal(vary_parse("cluster.spares=0..32+8", &k, err, sizeof err), 0);
    assert_int_equal(k.nvalues, 5);
    assert_string_equal(k.value[4], "32");
    assert_false(k.is_duration);
    assert_string_equal(k.column, "spares");
    /* laws keep their commas; component keys get the component's name as a prefix */
    assert_int_equal(vary_parse("component.gpu.ttf=weibull(shape=0.7, scale=3y),"
                                      "exponential(mean=3y)",
                                      &k, err, sizeof err),
                     0);
    assert_int_equal(k.nvalues, 2);
    assert_string_equal(k.value[0], "weibull(shape=0.7, scale=3y)");
    assert_string_equal(k.column, "gpu_ttf");
    assert_int_equal(vary_parse("job.checkpoint_interval=1h..2h+15m", &k, err, sizeof err),
                     0);
    assert_int_equal(k.nvalues, 5);
}

static void bad_vary_is_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "spares=1,2", "cluster.spares", "cluster.spares=", "x.y=1..5", "cluster.spares=1..5",
        "a.b=5..1+1", "a.b=0..5*2",     "a.b=1..1e9+1",    "a.b=1,,2", "a.b=1h..2h*1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        vary_key k;
        char err[300] = "";
        if (vary_parse(bad[i], &k, err, sizeof err) == 0)
            fail_msg("--vary %s was accepted", bad[i]);
        assert_true(err[0] != '\0');
    }
}

/* Sixteen nodes of exponential lives, no downtime, fixed costs: Daly's expected makespan is exact
 * for every interval (tests/test_validate.c checks it for one). */
#define EXACT_SCENARIO                                                                             \
    "[scenario]\ntrials = 400\nseed = 3\n[cluster]\nnodes = 16\nspares = 6\n"                      \
    "[component.gpu]\ncount = 4\nttf = exponential(mean=640h)\nttr = 2m\n"                         \
    "[job]\nwork = 60h\ncheckpoint_interval = 1h\ncheckpoint_cost = 10m\nrestart_cost = 20m\n"

static char scratch_path[64];

static const char *write_scenario(const char *text)
{
    snprintf(scratch_path, sizeof scratch_path, "/tmp/test_sweep_XXXXXX.ini");
    int fd = mkstemps(scratch_path, 4);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return scratch_path;
}

static void run(sweep *w, const char *text, int threads, uint64_t trials, double precision,
                uint64_t max_trials)
{
    const char *p = write_scenario(text);
    assert_int_equal(sweep_setup(w, p, NULL, 0), 0);
    unlink(p);
    sweep_opts o = {
        .threads = threads, .trials = trials, .precision = precision, .max_trials = max_trials};
    char err[400];
    if (sweep_run(w, &o, err, sizeof err)) fail_msg("%s", err);
}

static const stat_summary *at(const sweep *w, int p, int m)
{
    return &w->summary[(size_t)p * SWEEP_NMETRICS + m];
}

/* The paired difference of metric m at point p to the best point. */
static const stat_summary *diff(const sweep *w, int p, int m)
{
    return &w->diff[(size_t)p * SWEEP_NMETRICS + m];
}

/* The interval that minimises the makespan in simulation is Daly's, within the paired CI, and
 * every point's mean makespan agrees with Daly's formula within 4 standard errors. */
static void simulated_optimum_is_dalys(void **state)
{
    (void)state;
    sweep *w = calloc(1, sizeof *w);
    vary(w, "job.checkpoint_interval=15m,30m,1h,daly,2h,4h,8h");
    w->metric = 2; /* makespan_h: lowest is best */
    run(w, EXACT_SCENARIO, 0, 2000, 0, 0);
    assert_int_equal(w->npoints, 7);
    int daly = 3;
    double M = w->points[0].mtbf, d = 1.0 / 6, R = 1.0 / 3;
    assert_close(M, 10, 1e-12, 0);
    assert_close(w->points[daly].ckpt.interval, cf_daly_interval(d, M), 1e-12, 0);
    for (int p = 0; p < w->npoints; p++) {
        const stat_summary *s = at(w, p, 2);
        double expect = cf_job_makespan(60, w->points[p].ckpt.interval, d, 0, R, M);
        double z = (s->mean - expect) / (s->sd / sqrt((double)s->n));
        print_message("  interval %-6s makespan %.4f h, Daly %.4f h (%+.2f SE); paired diff to "
                      "best %+.4f [%+.4f, %+.4f], unpaired half-width %.4f\n",
                      w->keys[0].value[p], s->mean, expect, z, diff(w, p, 2)->mean,
                      diff(w, p, 2)->ci_low, diff(w, p, 2)->ci_high, w->unpaired_half[p]);
        assert_true(fabs(z) <= 4);
    }
    /* Daly's interval is the best point or indistinguishable from it; the extremes are not. */
    const stat_summary *dd = diff(w, daly, 2);
    assert_true(w->best == daly || (dd->ci_low <= 0 && dd->ci_high >= 0));
    assert_true(diff(w, 0, 2)->ci_low > 0);
    assert_true(diff(w, 6, 2)->ci_low > 0);
    sweep_free(w);
    free(w);
}

/* Common random numbers make paired differences far more precise than independent samples. */
static void paired_intervals_are_narrower_than_unpaired(void **state)
{
    (void)state;
    sweep *w = calloc(1, sizeof *w);
    vary(w, "job.checkpoint_interval=30m,1h,2h,4h");
    w->metric = 0; /* goodput */
    run(w, EXACT_SCENARIO, 0, 1000, 0, 0);
    for (int p = 0; p < w->npoints; p++) {
        if (p == w->best) continue;
        double paired = 0.5 * (diff(w, p, 0)->ci_high - diff(w, p, 0)->ci_low);
        print_message("  point %d: paired half-width %.5f, unpaired %.5f (%.1fx narrower)\n", p,
                      paired, w->unpaired_half[p], w->unpaired_half[p] / paired);
        assert_true(paired < 0.8 * w->unpaired_half[p]);
    }
    sweep_free(w);
    free(w);
}

/* Every number of a sweep, whatever the number of threads. */
static void sweep_is_identical_for_one_and_two_threads(void **state)
{
    (void)state;
    sweep *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);
    vary(a, "job.checkpoint_interval=30m,2h");
    vary(a, "cluster.spares=0,2");
    memcpy(b->keys, a->keys, sizeof a->keys);
    b->nkeys = a->nkeys;
    run(a, EXACT_SCENARIO, 1, 300, 0, 0);
    run(b, EXACT_SCENARIO, 2, 300, 0, 0);
    assert_int_equal(a->npoints, 4);
    assert_memory_equal(a->summary, b->summary,
                        (size_t)a->npoints * SWEEP_NMETRICS * sizeof *a->summary);
    assert_memory_equal(a->diff, b->diff,
                        (size_t)a->npoints * SWEEP_NMETRICS * sizeof *a->diff);
    assert_int_equal(a->best, b->best);
    /* the first key varies fastest */
    assert_int_equal(a->index[1 * 2 + 0], 1);
    assert_int_equal(a->index[1 * 2 + 1], 0);
    assert_int_equal(a->points[2].spares, 2);
    sweep_free(a);
    sweep_free(b);
    free(a);
    free(b);
}

/* A precision target adds trials until every half-width is below it; a small budget says so. */
static void precision_target_adds_trials_until_reached(void **state)
{
    (void)state;
    sweep *w = calloc(1, sizeof *w);
    vary(w, "job.checkpoint_interval=1h,2h");
    w->metric = 0;
    run(w, EXACT_SCENARIO, 0, 50, 0.003, 100000);
    assert_true(w->precision_reached);
    assert_true(w->trials > 50);
    for (int p = 0; p < w->npoints; p++)
        assert_true(0.5 * (at(w, p, 0)->ci_high - at(w, p, 0)->ci_low) <= 0.003);
    uint64_t needed = w->trials;
    sweep_free(w);
    memset(w, 0, sizeof *w);
    vary(w, "job.checkpoint_interval=1h,2h");
    run(w, EXACT_SCENARIO, 0, 50, 0.003, needed / 4);
    assert_false(w->precision_reached);
    assert_int_equal(w->trials, needed / 4);
    sweep_free(w);
    free(w);
}

/* The mean of the paired differences is the difference of the means: the temporary file of
 * paired values is read back as it was written, for every metric, across the rounds of a
 * precision target (50, 100, 200... trials, chunks of uneven length). */
static void every_metric_has_its_paired_difference(void **state)
{
    (void)state;
    sweep *w = calloc(1, sizeof *w);
    vary(w, "job.checkpoint_interval=30m,1h,2h");
    vary(w, "cluster.spares=0,2");
    w->metric = 0;
    run(w, EXACT_SCENARIO, 2, 50, 0.002, 3000);
    assert_true(w->trials > 1024); /* at least one whole chunk and a partial one */
    assert_int_equal(w->nfinished, w->npoints);
    int checked = 0;
    for (int p = 0; p < w->npoints; p++)
        for (int m = 0; m < SWEEP_NMETRICS; m++) {
            double want = at(w, p, m)->mean - at(w, w->best, m)->mean;
            assert_close(diff(w, p, m)->mean, want, 1e-9, 1e-9 * fabs(at(w, p, m)->mean));
            assert_int_equal(diff(w, p, m)->n, w->trials);
            if (p == w->best) assert_close(diff(w, p, m)->sd, 0, 0, 0);
            checked++;
        }
    assert_int_equal(checked, w->npoints * SWEEP_NMETRICS);
    /* every metric of trials.csv is a sweep metric, and can be the one that chooses the best */
    assert_int_equal(SWEEP_NMETRICS, METRIC_N);
    assert_int_equal(sweep_metric_of("down_h") >= 0, 1);
    assert_int_equal(sweep_metric_of("wait_spare_h") >= 0, 1);
    assert_int_equal(sweep_metric_of("no_such_metric"), -1);
    sweep_free(w);
    free(w);
}

/* A point whose trials cannot finish (nodes that fail every few minutes against a 1-hour
 * checkpoint interval: trial 0 hits the safety limit) is marked so, with the reason; the other
 * points run all their trials and the best is chosen among them. A sweep where no point finishes
 * returns RC_LIMIT. */
static void a_point_that_cannot_finish_does_not_stop_the_sweep(void **state)
{
    (void)state;
    sweep *w = calloc(1, sizeof *w);
    vary(w, "component.gpu.ttf=exponential(mean=640h),exponential(mean=5h),"
            "exponential(mean=1280h)");
    w->metric = 0;
    run(w, EXACT_SCENARIO, 0, 300, 0, 0);
    assert_int_equal(w->npoints, 3);
    assert_int_equal(w->nfinished, 2);
    assert_int_equal(w->status[0], SWEEP_POINT_OK);
    assert_int_equal(w->status[1], SWEEP_POINT_LIMIT);
    assert_int_equal(w->status[2], SWEEP_POINT_OK);
    assert_non_null(w->why[1]);
    assert_non_null(strstr(w->why[1], "safety limit"));
    assert_null(w->why[0]);
    assert_int_equal(w->best, 2); /* longer lives: the higher goodput */
    assert_true(isnan(at(w, 1, 0)->mean));
    assert_true(isnan(diff(w, 1, 0)->mean));
    assert_int_equal(at(w, 0, 0)->n, 300);
    assert_true(diff(w, 0, 0)->ci_high < 0);
    sweep_free(w);
    memset(w, 0, sizeof *w);
    vary(w, "component.gpu.ttf=exponential(mean=5h),exponential(mean=4h)");
    const char *p = write_scenario(EXACT_SCENARIO);
    assert_int_equal(sweep_setup(w, p, NULL, 0), 0);
    unlink(p);
    sweep_opts o = {.trials = 20};
    char err[RC_MSG_MAX] = "";
    assert_int_equal(sweep_run(w, &o, err, sizeof err), RC_LIMIT);
    assert_non_null(strstr(err, "safety limit"));
    sweep_free(w);
    free(w);
}

/* A bad value of --vary makes every point that holds it fail to load with the same message, and
 * every point repeats the base scenario's own mistakes: each message is printed once, not once a
 * point. Here 'lots' is in two points of the grid (with both intervals) and the base scenario
 * misspells a key (timeuot), in all four: stderr holds each of the two messages exactly once. */
static void bad_values_are_reported_once(void **state)
{
    (void)state;
    sweep *w = calloc(1, sizeof *w);
    vary(w, "cluster.spares=1,lots");
    vary(w, "job.checkpoint_interval=1h,2h");
    const char *p = write_scenario(EXACT_SCENARIO "[detection]\ntimeuot = 1h\n");
    char err_path[] = "/tmp/test_sweep_err_XXXXXX";
    int fd = mkstemp(err_path);
    assert_true(fd >= 0);
    fflush(stderr);
    int saved = dup(2);
    assert_true(saved >= 0);
    assert_true(dup2(fd, 2) >= 0);
    int rc = sweep_setup(w, p, NULL, 0);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    assert_int_equal(rc, -1);
    unlink(p);
    FILE *f = fdopen(fd, "r");
    assert_non_null(f);
    rewind(f);
    char line[1000];
    int lots = 0, typo = 0, lines = 0;
    while (fgets(line, sizeof line, f)) {
        lines++;
        lots += strstr(line, "'lots'") != NULL;
        typo += strstr(line, "timeuot") != NULL;
    }
    fclose(f);
    unlink(err_path);
    print_message("  %d line(s) on stderr: 'lots' in %d, 'timeuot' in %d\n", lines, lots, typo);
    assert_int_equal(lots, 1);
    assert_int_equal(typo, 1);
    sweep_free(w);
    free(w);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(list_and_ranges_parse),
        cmocka_unit_test(bad_vary_is_refused),
        cmocka_unit_test(simulated_optimum_is_dalys),
        cmocka_unit_test(paired_intervals_are_narrower_than_unpaired),
        cmocka_unit_test(sweep_is_identical_for_one_and_two_threads),
        cmocka_unit_test(precision_target_adds_trials_until_reached),
        cmocka_unit_test(bad_values_are_reported_once),
        cmocka_unit_test(every_metric_has_its_paired_difference),
        cmocka_unit_test(a_point_that_cannot_finish_does_not_stop_the_sweep),
    };
    return cmocka_run_group_tests_name("sweep", tests, NULL, NULL);
}
