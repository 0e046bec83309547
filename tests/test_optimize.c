/*
 * optimize: Kim and Nelson's procedure KN over a grid, on cases whose answer is known in closed
 * form. Sixteen nodes of exponential lives, no downtime and fixed costs make Daly's expected
 * makespan exact (tests/test_sweep.c, tests/test_validate.c): the interval that minimises it is
 * the right answer, and KN must return it (or, when two points are closer than the indifference
 * zone, one within delta of the best) at every seed, with fewer trials than the full grid at
 * the same precision. Then constraints, a point that cannot finish, a spent budget, identical
 * points, and the same numbers for one thread and two.
 */
#include "tests/testutil.h"
#include "models/cf.h"
#include "sim/study/optimize.h"

#include <gsl/gsl_errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* M = 16 x 4 GPUs of 640 h: 10 h; d = 10 min, R = 20 min, W = 60 h. */
#define EXACT_SCENARIO                                                                             \
    "[scenario]\ntrials = 400\nseed = 3\n[cluster]\nnodes = 16\nspares = 6\n"                      \
    "[component.gpu]\ncount = 4\nttf = exponential(mean=640h)\nttr = 2m\n"                         \
    "[job]\nwork = 60h\ncheckpoint_interval = 1h\ncheckpoint_cost = 10m\nrestart_cost = 20m\n"

static double daly(double tau)
{
    return cf_job_makespan(60, tau, 1.0 / 6, 0, 1.0 / 3, 10);
}

static void vary(optimize *o, const char *arg)
{
    char err[300];
    if (vary_parse(arg, &o->grid.keys[o->grid.nkeys], err, sizeof err)) fail_msg("%s", err);
    o->grid.nkeys++;
}

static void subject_to(optimize *o, const char *arg)
{
    char err[300];
    optimize_constraint *c = &o->con[o->nconstraints++];
    if (optimize_parse_constraint(arg, c, err, sizeof err)) fail_msg("%s", err);
    c->metric = optimize_metric_of(&o->grid.points[0], c->name);
    assert_true(c->metric >= 0);
}

/* Loads the grid of o (its keys set) on the scenario text with the seed. */
static void setup(optimize *o, const char *text, unsigned seed)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/test_optimize_XXXXXX.ini");
    int fd = mkstemps(path, 4);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    assert_int_equal(sweep_setup(&o->grid, path, NULL, 0), 0);
    unlink(path);
    for (int p = 0; p < o->grid.npoints; p++)
        o->grid.points[p].seed = seed;
}

static void objective(optimize *o, const char *name, int maximise)
{
    o->objective = optimize_metric_of(&o->grid.points[0], name);
    assert_true(o->objective >= 0);
    o->maximise = maximise;
}

static void run(optimize *o, int threads, double delta, uint64_t max_trials)
{
    optimize_opts opt = {.threads = threads, .delta = delta, .max_trials = max_trials};
    char err[400];
    if (optimize_run(o, &opt, err, sizeof err)) fail_msg("%s", err);
}

static optimize *fresh(void)
{
    optimize *o = calloc(1, sizeof *o);
    assert_non_null(o);
    return o;
}

static void done(optimize *o)
{
    optimize_free(o);
    free(o);
}

static uint64_t full_grid(const optimize *o)
{
    return o->needed * (uint64_t)o->grid.npoints;
}

/* KN's constants: the formula, and its limit for a large first stage, where the variance is as
 * good as known: h^2 -> -2 ln(2 alpha / (k - 1)) (Paulson's and Fabian's constant). */
static void kn_constants(void **state)
{
    (void)state;
    double eta;
    double h2 = optimize_kn_h2(6, 20, 0.05, &eta);
    assert_close(eta, 0.5 * (pow(0.02, -2.0 / 19) - 1), 1e-14, 0);
    assert_close(eta, 0.25476013, 1e-7, 0);
    assert_close(h2, 2 * eta * 19, 1e-14, 0);
    h2 = optimize_kn_h2(2, 1000000, 0.05, &eta);
    assert_close(h2, -2 * log(0.1), 1e-5, 0);
    h2 = optimize_kn_h2(11, 1000000, 0.05, &eta);
    assert_close(h2, -2 * log(0.01), 1e-5, 0);
    /* one point: nothing to screen */
    assert_close(optimize_kn_h2(1, 20, 0.05, &eta), 0, 0, 0);
    /* a smaller first stage, a larger h: the variance is less certain */
    assert_true(optimize_kn_h2(6, 10, 0.05, &eta) > optimize_kn_h2(6, 20, 0.05, &eta));
}

static void constraints_parse(void **state)
{
    (void)state;
    optimize_constraint c;
    char err[300];
    assert_int_equal(optimize_parse_constraint("goodput>=0.9", &c, err, sizeof err), 0);
    assert_string_equal(c.name, "goodput");
    assert_true(c.at_least);
    assert_close(c.bound, 0.9, 0, 0);
    assert_int_equal(optimize_parse_constraint(" makespan_h <= 1e3 ", &c, err, sizeof err), 0);
    assert_string_equal(c.name, "makespan_h");
    assert_false(c.at_least);
    assert_close(c.bound, 1000, 0, 0);
    static const char *const bad[] = {"goodput",    "goodput>0.9", ">=0.9",      "goodput>=",
                                      "goodput>=x", "a<=1>=2",     "goodput=>1", "goodput>=1h"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        if (optimize_parse_constraint(bad[i], &c, err, sizeof err) == 0)
            fail_msg("'%s' was accepted", bad[i]);
        assert_non_null(strstr(err, bad[i]));
    }
    /* metrics by their column names; a hidden numerator is none */
    optimize *o = fresh();
    vary(o, "cluster.spares=1,2");
    setup(o, EXACT_SCENARIO, 1);
    assert_true(optimize_metric_of(&o->grid.points[0], "goodput") >= 0);
    assert_true(optimize_metric_of(&o->grid.points[0], "makespan_h") >= 0);
    assert_int_equal(optimize_metric_of(&o->grid.points[0], "rpo_total_h"), -1);
    assert_int_equal(optimize_metric_of(&o->grid.points[0], "speed"), -1);
    done(o);
}

/* Intervals around Daly's optimum (1.716 h), the best (105m) better than the next (1h) by
 * 1.78 h: with delta = 0.5 h, KN returns 105m at every seed, spending fewer trials than the full
 * grid. */
static void daly_optimum_at_several_seeds(void **state)
{
    (void)state;
    static const double tau[] = {0.5, 1, 1.75, 3, 6};
    for (unsigned seed = 1; seed <= 6; seed++) {
        optimize *o = fresh();
        vary(o, "job.checkpoint_interval=30m,1h,105m,3h,6h");
        setup(o, EXACT_SCENARIO, seed);
        objective(o, "makespan_h", 0);
        run(o, 0, 0.5, 0);
        print_message("  seed %u: best %s (Daly %.3f h), %llu trials spent, full grid %d x %llu "
                      "= %llu, %d rounds\n",
                      seed, o->grid.keys[0].value[o->best], daly(tau[o->best]),
                      (unsigned long long)o->spent, o->grid.npoints, (unsigned long long)o->needed,
                      (unsigned long long)full_grid(o), o->nrounds);
        assert_int_equal(o->best, 2);
        assert_int_equal(o->status[2], OPTIMIZE_BEST);
        assert_false(o->budget_out);
        assert_true(o->spent < full_grid(o));
        for (int p = 0; p < o->grid.npoints; p++) {
            assert_true(o->trials[p] >= o->n0);
            if (p == o->best) continue;
            assert_int_equal(o->status[p], OPTIMIZE_ELIMINATED);
            assert_true(o->shortfall[p].mean > 0);
            assert_true(o->by[p] >= 0 && o->by[p] != p);
        }
        /* the simulated means agree with Daly's exact makespan within 4 SE */
        for (int p = 0; p < o->grid.npoints; p++) {
            const stat_summary *s = &o->est[(size_t)p * METRIC_N + o->objective];
            assert_true(fabs(s->mean - daly(tau[p])) <= 4 * s->sd / sqrt((double)s->n));
        }
        done(o);
    }
}

/* Thirteen intervals from 15m to 8h, delta = 0.25 h: the clearly worse ones leave after a few
 * rounds and only the three near Daly's optimum (90m, 105m, 2h: 74.80, 74.80, 74.83 h) run long;
 * the point chosen is within delta of the optimum, for well under half the full grid's trials. */
static void a_wide_grid_costs_a_fraction_of_the_full_grid(void **state)
{
    (void)state;
    static const double tau[] = {0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4, 6, 8};
    double best = INFINITY;
    for (int i = 0; i < 13; i++)
        best = fmin(best, daly(tau[i]));
    for (unsigned seed = 1; seed <= 2; seed++) {
        optimize *o = fresh();
        vary(o, "job.checkpoint_interval=15m,30m,45m,1h,75m,90m,105m,2h,150m,3h,4h,6h,8h");
        setup(o, EXACT_SCENARIO, seed);
        objective(o, "makespan_h", 0);
        run(o, 0, 0.25, 0);
        print_message("  seed %u: best %s (Daly %.4f h, the optimum %.4f h), %llu trials spent, "
                      "full grid %d x %llu = %llu (%.0f%%)\n",
                      seed, o->grid.keys[0].value[o->best], daly(tau[o->best]), best,
                      (unsigned long long)o->spent, o->grid.npoints, (unsigned long long)o->needed,
                      (unsigned long long)full_grid(o),
                      100.0 * (double)o->spent / (double)full_grid(o));
        assert_true(daly(tau[o->best]) <= best + 0.25);
        assert_true(2 * o->spent < full_grid(o));
        /* the far ones leave early: 15m at the first stage, 8h (whose makespans spread the
         * most) by half the way */
        assert_int_equal(o->decided[0], o->n0);
        assert_true(2 * o->decided[12] < o->needed);
        done(o);
    }
}

/* Two points closer than delta (90m and 105m: 0.006 h apart in Daly's form) among others: the
 * point chosen is within delta of the best, and the other is marked within delta or eliminated;
 * maximising goodput over the same grid chooses the same neighbourhood. */
static void indifference_zone(void **state)
{
    (void)state;
    static const double tau[] = {0.5, 1, 1.5, 1.75, 3, 6};
    double best = INFINITY;
    for (int i = 0; i < 6; i++)
        best = fmin(best, daly(tau[i]));
    for (unsigned seed = 1; seed <= 4; seed++)
        for (int maximise = 0; maximise < 2; maximise++) {
            optimize *o = fresh();
            vary(o, "job.checkpoint_interval=30m,1h,90m,105m,3h,6h");
            setup(o, EXACT_SCENARIO, seed);
            objective(o, maximise ? "goodput" : "makespan_h", maximise);
            run(o, 0, maximise ? 0.005 : 0.5, 0);
            print_message("  seed %u, %s: best %s (Daly %.4f h, the optimum %.4f h), %llu trials, "
                          "full grid %llu\n",
                          seed, maximise ? "max goodput" : "min makespan",
                          o->grid.keys[0].value[o->best], daly(tau[o->best]), best,
                          (unsigned long long)o->spent, (unsigned long long)full_grid(o));
            assert_true(o->best == 2 || o->best == 3);
            assert_true(daly(tau[o->best]) <= best + 0.5);
            int other = o->best == 2 ? 3 : 2;
            assert_true(o->status[other] == OPTIMIZE_WITHIN ||
                        o->status[other] == OPTIMIZE_ELIMINATED);
            if (o->status[other] == OPTIMIZE_WITHIN)
                assert_true(o->shortfall[other].ci_high <= o->delta);
            done(o);
        }
}

/* Every number the same for one thread and two. */
static void same_for_one_and_two_threads(void **state)
{
    (void)state;
    optimize *a = fresh(), *b = fresh();
    vary(a, "job.checkpoint_interval=30m,1h,90m,105m,3h");
    vary(a, "cluster.spares=0,6");
    vary(b, "job.checkpoint_interval=30m,1h,90m,105m,3h");
    vary(b, "cluster.spares=0,6");
    setup(a, EXACT_SCENARIO, 7);
    setup(b, EXACT_SCENARIO, 7);
    objective(a, "makespan_h", 0);
    objective(b, "makespan_h", 0);
    subject_to(a, "checkpoints<=60");
    subject_to(b, "checkpoints<=60");
    run(a, 1, 0.3, 0);
    run(b, 2, 0.3, 0);
    int P = a->grid.npoints;
    assert_int_equal(a->best, b->best);
    assert_int_equal(a->spent, b->spent);
    assert_memory_equal(a->status, b->status, (size_t)P * sizeof *a->status);
    assert_memory_equal(a->trials, b->trials, (size_t)P * sizeof *a->trials);
    assert_memory_equal(a->decided, b->decided, (size_t)P * sizeof *a->decided);
    assert_memory_equal(a->est, b->est, (size_t)P * METRIC_N * sizeof *a->est);
    assert_memory_equal(a->shortfall, b->shortfall, (size_t)P * sizeof *a->shortfall);
    done(a);
    done(b);
}

/* checkpoints <= 20 makes every interval up to 90m infeasible (119, 59 and 39 checkpoints): the
 * best feasible point is 3h (Daly 76.80 h against 6h's 87.85 h). */
static void a_constraint_makes_points_infeasible(void **state)
{
    (void)state;
    for (unsigned seed = 1; seed <= 3; seed++) {
        optimize *o = fresh();
        vary(o, "job.checkpoint_interval=30m,1h,90m,3h,6h");
        setup(o, EXACT_SCENARIO, seed);
        objective(o, "makespan_h", 0);
        subject_to(o, "checkpoints<=20");
        run(o, 0, 0.5, 0);
        for (int p = 0; p < 3; p++) {
            assert_int_equal(o->status[p], OPTIMIZE_INFEASIBLE);
            assert_int_equal(o->feasible[p], OPTIMIZE_FEAS_NO);
            assert_int_equal(o->violated[p], 0);
            assert_int_equal(o->trials[p], o->n0); /* decided at the first stage */
        }
        assert_int_equal(o->best, 3);
        assert_int_equal(o->feasible[3], OPTIMIZE_FEAS_YES);
        assert_int_equal(o->status[4], OPTIMIZE_ELIMINATED);
        char *note = optimize_point_note(o, 0);
        assert_non_null(strstr(note, "checkpoints<=20 fails"));
        free(note);
        done(o);
    }
    /* a bound nobody meets: no feasible point, and no best */
    optimize *o = fresh();
    vary(o, "job.checkpoint_interval=1h,3h");
    setup(o, EXACT_SCENARIO, 1);
    objective(o, "makespan_h", 0);
    subject_to(o, "availability>=2");
    run(o, 0, 0.5, 0);
    assert_int_equal(o->best, -1);
    assert_int_equal(o->status[0], OPTIMIZE_INFEASIBLE);
    assert_int_equal(o->status[1], OPTIMIZE_INFEASIBLE);
    assert_false(o->budget_out);
    done(o);
}

/* A point whose trials cannot finish (lives of 5 h a GPU: the system fails every 5 minutes
 * against a 1-hour interval) is infeasible with the reason; the others go on, and the longer
 * lives win. */
static void a_point_that_cannot_finish_is_infeasible(void **state)
{
    (void)state;
    optimize *o = fresh();
    vary(o, "component.gpu.ttf=exponential(mean=640h),exponential(mean=5h),"
            "exponential(mean=1280h)");
    setup(o, EXACT_SCENARIO, 2);
    objective(o, "goodput", 1);
    run(o, 0, 0.002, 0);
    assert_int_equal(o->status[1], OPTIMIZE_INFEASIBLE);
    assert_int_equal(o->feasible[1], OPTIMIZE_FEAS_NO);
    assert_non_null(o->why[1]);
    assert_non_null(strstr(o->why[1], "safety limit"));
    assert_int_equal(o->trials[1], 0);
    assert_true(isnan(o->est[(size_t)1 * METRIC_N + o->objective].mean));
    assert_int_equal(o->best, 2);
    assert_int_equal(o->status[0], OPTIMIZE_ELIMINATED);
    assert_null(o->why[0]);
    done(o);
}

/* Two points closer than a tiny delta cannot be separated within a small budget: the best mean
 * is returned, the other is undecided, each ran the whole budget. A constraint on the border
 * leaves feasibility undecided: no best. */
static void a_spent_budget_leaves_points_undecided(void **state)
{
    (void)state;
    optimize *o = fresh();
    vary(o, "job.checkpoint_interval=90m,105m");
    setup(o, EXACT_SCENARIO, 4);
    objective(o, "makespan_h", 0);
    run(o, 0, 0.01, 200);
    assert_true(o->budget_out);
    assert_true(o->best >= 0);
    assert_int_equal(o->status[1 - o->best], OPTIMIZE_UNDECIDED);
    assert_int_equal(o->trials[0], 200);
    assert_int_equal(o->trials[1], 200);
    assert_int_equal(o->stage, 200);
    char *note = optimize_point_note(o, 1 - o->best);
    assert_non_null(strstr(note, "not separated"));
    free(note);
    done(o);

    o = fresh();
    vary(o, "job.checkpoint_interval=105m");
    setup(o, EXACT_SCENARIO, 4);
    objective(o, "makespan_h", 0);
    subject_to(o, "makespan_h<=74.8");
    run(o, 0, 0.5, 100);
    assert_true(o->budget_out);
    assert_int_equal(o->best, -1);
    assert_int_equal(o->status[0], OPTIMIZE_UNDECIDED);
    assert_int_equal(o->feasible[0], OPTIMIZE_FEAS_UNKNOWN);
    assert_int_equal(o->trials[0], 100);
    note = optimize_point_note(o, 0);
    assert_non_null(strstr(note, "feasibility undecided"));
    free(note);
    done(o);
}

/* Points whose trials are identical (spares that are never all in use: 6 or 7 of them, repairs of
 * 2 minutes) are tied exactly: the first of the grid is kept at the first stage, the other is
 * within delta (its shortfall 0, without spread). */
static void identical_points_tie_at_once(void **state)
{
    (void)state;
    optimize *o = fresh();
    vary(o, "cluster.spares=6,7");
    setup(o, EXACT_SCENARIO, 5);
    objective(o, "makespan_h", 0);
    run(o, 0, 0.5, 0);
    assert_int_equal(o->best, 0);
    assert_int_equal(o->status[1], OPTIMIZE_WITHIN);
    assert_int_equal(o->decided[1], o->n0);
    assert_int_equal(o->nrounds, 1);
    assert_close(o->shortfall[1].mean, 0, 0, 0);
    done(o);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kn_constants),
        cmocka_unit_test(constraints_parse),
        cmocka_unit_test(daly_optimum_at_several_seeds),
        cmocka_unit_test(a_wide_grid_costs_a_fraction_of_the_full_grid),
        cmocka_unit_test(indifference_zone),
        cmocka_unit_test(same_for_one_and_two_threads),
        cmocka_unit_test(a_constraint_makes_points_infeasible),
        cmocka_unit_test(a_point_that_cannot_finish_is_infeasible),
        cmocka_unit_test(a_spent_budget_leaves_points_undecided),
        cmocka_unit_test(identical_points_tie_at_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
