/*
 * testscn: scenarios given as text, and whole Monte Carlo runs, for the cmocka tests.
 */
#ifndef RELSIM_TESTS_TESTSCN_H
#define RELSIM_TESTS_TESTSCN_H

#include "tests/testutil.h"
#include "analysis/stat.h"
#include "sim/study/mc.h"
#include "sim/model/world.h"
#include "sim/scenario/scn.h"

#include <math.h>
#include <stdint.h>

/* Loads a scenario from text, named `name` in its messages; fails the test (printing every
 * message) if it does not load. Free it with free(). */
static inline scn *testscn_load(const char *text, const char *name)
{
    scn *s = malloc(sizeof *s);
    scn_errors e = {0};
    assert_non_null(s);
    if (scn_load_text(text, name, s, &e)) {
        scn_errors_print(&e, stderr);
        fail_msg("scenario did not load");
    }
    scn_errors_free(&e);
    return s;
}

/* Every trial of a run, in trial order. Free r with free(). */
typedef struct {
    metric_row *r;
    uint64_t n, cap;
} test_trials;

static inline int testscn_collect(void *ctx, const metric_row *r)
{
    test_trials *c = ctx;
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 1024;
        c->r = realloc(c->r, c->cap * sizeof *c->r);
        assert_non_null(c->r);
    }
    c->r[c->n++] = *r;
    return 0;
}

/* Runs the scenario's trials 0 .. trials-1 through mc_run with the other options of o; fails the
 * test on an error. */
static inline test_trials testscn_run(const scn *s, mc_opts o)
{
    test_trials c = {0};
    char err[400];
    o.first = 0;
    o.count = s->trials;
    if (mc_run(s, &o, testscn_collect, &c, err, sizeof err)) fail_msg("%s", err);
    return c;
}

/* A figure of a trial's row. */
typedef double (*field_fn)(const metric_row *r);

/* The mean of f over the trials and its standard error, sd / sqrt(n) (stat_mean, as the sweeps
 * use). */
static inline void testscn_mean_se(const test_trials *c, field_fn f, double *mean, double *se)
{
    stat_mean a = {0};
    for (uint64_t i = 0; i < c->n; i++)
        stat_mean_add(&a, f(&c->r[i]));
    stat_summary m;
    stat_mean_get(&a, &m);
    *mean = m.mean;
    *se = m.sd / sqrt((double)m.n);
}

/* The z of the trials' mean of f against `expected`; prints the figures, so that a reader sees
 * the margin. */
static inline double testscn_mean_z(const test_trials *c, field_fn f, double expected,
                                    const char *what)
{
    double mean, se;
    testscn_mean_se(c, f, &mean, &se);
    double z = (mean - expected) / se;
    print_message("  %-52s simulated %.6g, closed form %.6g, %+.3g%% = %+.2f SE\n", what, mean,
                  expected, 100 * (mean - expected) / expected, z);
    return z;
}

/* Asserts |mean of f - expected| <= 4 SE. */
static inline void testscn_assert_mean_near(const test_trials *c, field_fn f, double expected,
                                            const char *what)
{
    double z = testscn_mean_z(c, f, expected, what);
    if (!(fabs(z) <= 4)) fail_msg("%s: %.3f standard errors from the closed form", what, z);
}

/* Runs trial `trial` of a scenario given as text through world_run, as `relsim run` does; fails
 * the test on any error. */
static inline metric_row testscn_trial(const char *text, const char *name, uint64_t trial)
{
    scn *s = testscn_load(text, name);
    world_plan *plan = world_plan_new(s, 0);
    world *w = world_new(plan);
    assert_non_null(w);
    metric_row r;
    char err[400];
    if (world_run(w, s->seed, trial, &r, err, sizeof err)) fail_msg("%s", err);
    world_free(w);
    world_plan_free(plan);
    free(s);
    return r;
}

/* A trial's accounting identity: useful + unsaved + lost + checkpoint + restart + down is the
 * makespan (docs/model.md). */
static inline void testscn_assert_identity(const metric_row *r)
{
    assert_close(r->useful_h + r->unsaved_h + r->lost_h + r->checkpoint_h + r->restart_h +
                     r->down_h,
                 r->makespan_h, 1e-12, 1e-12);
}

#endif
