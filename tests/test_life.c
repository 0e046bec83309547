/*
 * The cohort shortcut of sim/life.c against the brute force it replaces.
 *
 * Brute force: every unit of every component kind of a node has its own life, drawn by inversion
 * from its law; the node fails at the first of them; the failed unit alone is renewed with a
 * fresh life from the node's age at the failure (the node does not age while down, so node age is
 * the clock). The shortcut draws one life per cohort instead. Over many nodes, the ages of the
 * node's first six failures and the kinds that failed must have the same distribution: two-sample
 * Kolmogorov-Smirnov tests at alpha = 1e-4 for the ages, and proportions within 4.5 standard
 * errors for the kinds. Fixed seeds: the outcome never changes from run to run.
 */
#include "tests/testutil.h"
#include "tests/testscn.h"
#include "sim/model/life.h"
#include "sim/scenario/scn.h"
#include "sim/engine/stream.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <stdlib.h>
#include <string.h>

#define FAILS 6    /* failures followed per node */
#define NODES 2000 /* nodes per trial in the shortcut */
#define TRIALS 10  /* trials: NODES * TRIALS samples */
#define SAMPLES (NODES * TRIALS)

/* Every law, several kinds sharing a Weibull shape (merged cohort), two exponentials (merged). */
static const char *mixed = "[scenario]\nhorizon=1h\n[cluster]\nnodes=1\n"
                           "[component.gpu]\ncount=8\nttf=exponential(mean=2000h)\nttr=1h\n"
                           "[component.hbm]\ncount=8\nttf=exponential(mean=6000h)\nttr=1h\n"
                           "[component.host]\nttf=weibull(shape=1.5, scale=900h)\nttr=1h\n"
                           "[component.nic]\ncount=2\nttf=weibull(shape=1.5, scale=1500h)\nttr=1h\n"
                           "[component.fan]\ncount=4\nttf=weibull(shape=0.7, scale=5000h)\nttr=1h\n"
                           "[component.psu]\ncount=2\nttf=lognormal(mean=1500h, sd=1000h)\nttr=1h\n"
                           "[component.ssd]\ncount=2\nttf=gamma(shape=2, mean=3000h)\nttr=1h\n"
                           "[component.cable]\ncount=3\nttf=uniform(min=200h, max=4000h)\nttr=1h\n"
                           "[component.board]\nttf=geometric(p=0.002, step=10h)\nttr=1h\n";

/* Weibulls only, where infant mortality (shape < 1) makes conditional redraws matter most. */
static const char *weibull_only =
    "[scenario]\nhorizon=1h\n[cluster]\nnodes=1\n"
    "[component.gpu]\ncount=8\nttf=weibull(shape=0.6, scale=3000h)\nttr=1h\n"
    "[component.hbm]\ncount=8\nttf=weibull(shape=0.6, scale=9000h)\nttr=1h\n"
    "[component.host]\nttf=weibull(shape=3, scale=800h)\nttr=1h\n";

/* Many units of laws without proportional hazards: each kind is one cohort of n units (the first
 * of n lives), which keeps its n - 1 survivors, aged, when one fails. */
static const char *many_units = "[scenario]\nhorizon=1h\n[cluster]\nnodes=1\n"
                                "[component.psu]\ncount=8\nttf=lognormal(mean=1000h, sd=300h)\n"
                                "ttr=1h\n"
                                "[component.ssd]\ncount=6\nttf=gamma(shape=3, mean=1500h)\nttr=1h\n"
                                "[component.cable]\ncount=4\nttf=uniform(min=500h, max=2500h)\n"
                                "ttr=1h\n";

typedef struct {
    double age[FAILS][SAMPLES];
    int kind[FAILS][SAMPLES];
} sample_set;

static scn *load(const char *text)
{
    return testscn_load(text, "life.ini");
}

static void by_shortcut(const scn *s, sample_set *out)
{
    life_model *m = life_model_new(s);
    life *L = life_new(m, NODES);
    stream *r = stream_new();
    assert_non_null(L);
    for (uint32_t t = 0; t < TRIALS; t++) {
        stream_set_trial(r, 99, t);
        assert_int_equal(life_reset(L, r), 0);
        for (uint32_t v = 0; v < NODES; v++) {
            double age = 0;
            for (int f = 0; f < FAILS; f++) {
                double left = life_remaining(L, v);
                assert_true(left >= 0);
                age += left;
                out->age[f][t * NODES + v] = age;
                out->kind[f][t * NODES + v] = life_fail(L, r, v);
            }
        }
    }
    stream_free(r);
    life_free(L);
    life_model_free(m);
}

static void by_brute_force(const scn *s, sample_set *out)
{
    int nunits = 0, kind_of[256];
    double end[256];
    for (int c = 0; c < s->ncomp; c++)
        for (uint32_t i = 0; i < s->comp[c].count; i++)
            kind_of[nunits++] = c;
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 12345);
    for (int n = 0; n < SAMPLES; n++) {
        for (int u = 0; u < nunits; u++)
            end[u] = dist_quantile(&s->comp[kind_of[u]].ttf, gsl_rng_uniform_pos(g));
        for (int f = 0; f < FAILS; f++) {
            int first = 0;
            for (int u = 1; u < nunits; u++)
                if (end[u] < end[first]) first = u;
            double age = end[first];
            out->age[f][n] = age;
            out->kind[f][n] = kind_of[first];
            end[first] = age + dist_quantile(&s->comp[kind_of[first]].ttf, gsl_rng_uniform_pos(g));
        }
    }
    gsl_rng_free(g);
}

static void compare(const char *text)
{
    scn *s = load(text);
    sample_set *a = malloc(sizeof *a), *b = malloc(sizeof *b);
    assert_non_null(a);
    assert_non_null(b);
    by_shortcut(s, a);
    by_brute_force(s, b);
    double crit = ks_critical(SAMPLES, SAMPLES, 1e-4);
    for (int f = 0; f < FAILS; f++) {
        /* kinds first: ks_statistic sorts the age arrays */
        for (int c = 0; c < s->ncomp; c++) {
            double pa = 0, pb = 0;
            for (int n = 0; n < SAMPLES; n++) {
                pa += a->kind[f][n] == c;
                pb += b->kind[f][n] == c;
            }
            pa /= SAMPLES;
            pb /= SAMPLES;
            double p = 0.5 * (pa + pb);
            double se = sqrt(p * (1 - p) * 2.0 / SAMPLES);
            if (fabs(pa - pb) > 4.5 * se + 1e-12)
                fail_msg("failure %d: kind %s fails with probability %.4f (shortcut) vs %.4f "
                         "(brute force), more than 4.5 SE = %.4f apart",
                         f + 1, s->comp[c].name, pa, pb, 4.5 * se);
        }
        double d = ks_statistic(a->age[f], SAMPLES, b->age[f], SAMPLES);
        if (d > crit)
            fail_msg("failure %d: KS distance %.4f between shortcut and brute force exceeds the "
                     "critical %.4f (alpha 1e-4)",
                     f + 1, d, crit);
    }
    free(a);
    free(b);
    free(s);
}

static void shortcut_matches_brute_force_for_every_law(void **state)
{
    (void)state;
    compare(mixed);
}

static void shortcut_matches_brute_force_for_infant_mortality(void **state)
{
    (void)state;
    compare(weibull_only);
}

static void shortcut_matches_brute_force_for_many_units_of_one_law(void **state)
{
    (void)state;
    compare(many_units);
}

/* The test has power: a shortcut that forgot the survivors' age (redrawing them as new) is
 * caught. Emulated here by comparing the brute force with itself on a law where survivors are
 * renewed as new, which must differ from the true process. */
static void comparison_detects_a_wrong_process(void **state)
{
    (void)state;
    scn *s = load(weibull_only);
    sample_set *a = malloc(sizeof *a), *b = malloc(sizeof *b);
    by_brute_force(s, b);
    /* wrong process: every unit renewed at every node failure */
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 777);
    for (int n = 0; n < SAMPLES; n++) {
        double age = 0;
        for (int f = 0; f < FAILS; f++) {
            double first = INFINITY;
            for (int c = 0; c < s->ncomp; c++)
                for (uint32_t i = 0; i < s->comp[c].count; i++) {
                    double x = dist_quantile(&s->comp[c].ttf, gsl_rng_uniform_pos(g));
                    if (x < first) first = x;
                }
            age += first;
            a->age[f][n] = age;
        }
    }
    double d = ks_statistic(a->age[FAILS - 1], SAMPLES, b->age[FAILS - 1], SAMPLES);
    assert_true(d > ks_critical(SAMPLES, SAMPLES, 1e-4));
    gsl_rng_free(g);
    free(a);
    free(b);
    free(s);
}

/* A node's failures depend only on (seed, trial, node): resetting gives the same sequence, and
 * other nodes or trials give other ones. */
static void lives_are_addressed_by_coordinates(void **state)
{
    (void)state;
    scn *s = load(mixed);
    life_model *m = life_model_new(s);
    life *L = life_new(m, 4), *M = life_new(m, 8);
    stream *r = stream_new();
    double first[2][4];
    for (int rep = 0; rep < 2; rep++) {
        stream_set_trial(r, 5, 17);
        life *x = rep == 0 ? L : M; /* a different number of nodes: node 2 is node 2 */
        life_reset(x, r);
        for (int f = 0; f < 4; f++) {
            first[rep][f] = life_remaining(x, 2);
            life_fail(x, r, 2);
        }
    }
    assert_memory_equal(first[0], first[1], sizeof first[0]);
    stream_set_trial(r, 5, 18);
    life_reset(L, r);
    assert_true(life_remaining(L, 2) != first[0][0]);
    assert_true(life_model_groups(m) ==
                7); /* exp, weibull 1.5, weibull 0.7, psu, ssd, cable, board */
    stream_free(r);
    life_free(L);
    life_free(M);
    life_model_free(m);
    free(s);
}

/* The Poisson shortcut applies to all-exponential nodes only: its node mean is 1 / sum(count /
 * mean), and the failed kind comes out in proportion to count / mean (chi-square at 1e-4 over
 * 60,000 picks). Tests can refuse it. */
static void poisson_shortcut_only_for_exponential_nodes(void **state)
{
    (void)state;
    scn *s = load("[scenario]\nhorizon=1h\n[cluster]\nnodes=4\n"
                  "[component.gpu]\ncount=8\nttf=exponential(mean=800h)\nttr=1h\n"
                  "[component.host]\nttf=exponential(mean=200h)\nttr=1h\n"
                  "[component.nic]\ncount=2\nttf=exponential(mean=400h)\nttr=1h\n");
    life_model *m = life_model_new(s);
    double rate[3] = {8 / 800.0, 1 / 200.0, 2 / 400.0};
    assert_close(life_model_poisson_mean(m), 1 / (rate[0] + rate[1] + rate[2]), 1e-14, 0);
    enum { N = 60000 };
    double count[3] = {0}, chi2 = 0;
    stream *r = stream_new();
    stream_set_trial(r, 3, 0);
    for (uint32_t k = 0; k < N; k++) {
        int kind = life_model_pick_kind(m, stream_uniform_at(r, 0, STREAM_TEST, k));
        assert_true(kind >= 0 && kind < 3);
        count[kind]++;
    }
    for (int c = 0; c < 3; c++) {
        double e = N * rate[c] / (rate[0] + rate[1] + rate[2]);
        chi2 += (count[c] - e) * (count[c] - e) / e;
    }
    assert_true(chi2 < 18.42); /* chi-square, 2 degrees of freedom, upper 1e-4 point */
    life_model_allow_poisson(m, 0);
    assert_true(life_model_poisson_mean(m) == 0);
    life_model_allow_poisson(m, 1);
    assert_true(life_model_poisson_mean(m) > 0);
    stream_free(r);
    life_model_free(m);
    free(s);
    s = load(mixed); /* Weibulls and others beside the exponentials: no shortcut */
    m = life_model_new(s);
    assert_true(life_model_poisson_mean(m) == 0);
    life_model_free(m);
    free(s);
}

/* Mixture laws of lives: each kind a cohort of its own (no proportional hazards), against the
 * brute force; a fixed part makes units of a cohort fail together at its value (ties). */
static const char *mixtures = "[scenario]\nhorizon=1h\n[cluster]\nnodes=1\n"
                              "[component.gpu]\ncount=8\n"
                              "ttf=mixture(0.9: weibull(shape=1.5, scale=3000h), "
                              "0.1: exponential(mean=200h))\nttr=1h\n"
                              "[component.psu]\ncount=2\n"
                              "ttf=mixture(0.5: lognormal(mean=1000h, sd=300h), 0.5: 2500h)\n"
                              "ttr=1h\n"
                              "[component.fan]\ncount=4\nttf=exponential(mean=5000h)\nttr=1h\n";

static void shortcut_matches_brute_force_for_mixtures(void **state)
{
    (void)state;
    compare(mixtures);
    scn *s = load(mixtures);
    life_model *m = life_model_new(s);
    assert_int_equal(life_model_groups(m), 3);
    life_model_free(m);
    free(s);
}

/* A mixture of exponentials is not exponential: no Poisson shortcut for its nodes. */
static void mixture_of_exponentials_is_no_poisson_process(void **state)
{
    (void)state;
    scn *s = load("[scenario]\nhorizon=1h\n[cluster]\nnodes=4\n"
                  "[component.gpu]\ncount=8\n"
                  "ttf=mixture(0.5: exponential(mean=100h), 0.5: exponential(mean=900h))\n"
                  "ttr=1h\n");
    life_model *m = life_model_new(s);
    assert_true(life_model_poisson_mean(m) == 0);
    life_model_free(m);
    free(s);
}

/* Mixtures wherever a law goes, in a whole trial: lives, repairs, failover, the checkpoint's
 * costs. The trial runs, keeps its accounting identity, draws the same again, and the scenario
 * written back by scn_write loads to the same laws (and hash). */
static const char *mixed_trial =
    "[scenario]\nseed=7\ntrials=200\n[cluster]\nnodes=4\nspares=1\n"
    "[component.gpu]\ncount=8\n"
    "ttf=mixture(0.8: weibull(shape=0.8, scale=2000h), 0.2: exponential(mean=300h))\n"
    "ttr=mixture(0.8: lognormal(mean=2h, sd=1h), 0.2: exponential(mean=48h))\n"
    "[component.host]\nttf=exponential(mean=500h)\nttr=mixture(0.9: 0s, 0.1: 4h)\n"
    "[failover]\ntime=mixture(0.5: 5m, 0.5: uniform(min=10m, max=1h))\n"
    "[job]\nwork=200h\ncheckpoint_interval=2h\n"
    "checkpoint_cost=mixture(0.95: 2m, 0.05: lognormal(mean=20m, sd=10m))\n"
    "restart_cost=mixture(0.7: gamma(shape=2, mean=10m), 0.3: 30m)\n";

static char *written(const scn *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    scn_write(s, f);
    fclose(f);
    return buf;
}

static void a_trial_runs_on_mixtures_everywhere(void **state)
{
    (void)state;
    uint64_t failures = 0;
    for (uint64_t t = 0; t < 20; t++) {
        metric_row a = testscn_trial(mixed_trial, "mixed.ini", t);
        metric_row b = testscn_trial(mixed_trial, "mixed.ini", t);
        testscn_assert_identity(&a);
        assert_memory_equal(&a, &b, sizeof a);
        failures += a.failures;
    }
    assert_true(failures > 20);

    scn *s = load(mixed_trial);
    char *text = written(s);
    scn *back = testscn_load(text, "written.ini");
    const dist *laws[][2] = {
        {&s->comp[0].ttf, &back->comp[0].ttf}, {&s->comp[0].ttr, &back->comp[0].ttr},
        {&s->comp[1].ttr, &back->comp[1].ttr}, {&s->failover, &back->failover},
        {&s->ckpt_cost, &back->ckpt_cost},     {&s->restart_cost, &back->restart_cost},
    };
    for (size_t i = 0; i < sizeof laws / sizeof laws[0]; i++) {
        const dist *x = laws[i][0], *y = laws[i][1];
        assert_int_equal(x->kind, DIST_MIXTURE);
        assert_int_equal(x->kind, y->kind);
        assert_int_equal(x->nparts, y->nparts);
        assert_memory_equal(x->w, y->w, (size_t)x->nparts * sizeof x->w[0]);
        assert_memory_equal(x->part, y->part, (size_t)x->nparts * sizeof x->part[0]);
    }
    assert_true(scn_hash(s) == scn_hash(back));
    free(text);
    free(back);
    free(s);
}

/* The repair law's mean reaches the whole model: one node failing every 10 h on average and
 * repaired in mixture(0.8: 1h, 0.2: 11h) (mean 3h) is down 3/13 of the time in the long run
 * (alternating renewal), within 4 standard errors over 400 trials of 2000 h. */
static void mixture_repairs_give_the_renewal_availability(void **state)
{
    (void)state;
    scn *s = load("[scenario]\nhorizon=2000h\ntrials=400\nseed=3\n[cluster]\nnodes=1\n"
                  "[component.gpu]\nttf=exponential(mean=10h)\n"
                  "ttr=mixture(0.8: 1h, 0.2: 11h)\n");
    test_trials c = testscn_run(s, (mc_opts){0});
    double sum = 0, sum2 = 0;
    for (uint64_t i = 0; i < c.n; i++) {
        double x = c.r[i].down_h / c.r[i].makespan_h;
        sum += x;
        sum2 += x * x;
    }
    double n = (double)c.n, mean = sum / n, se = sqrt((sum2 / n - mean * mean) / (n - 1));
    assert_close(mean, 3.0 / 13.0, 0, 4 * se + 1e-3 /* start-up bias: one cycle in 2000 h */);
    free(c.r);
    free(s);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shortcut_matches_brute_force_for_every_law),
        cmocka_unit_test(shortcut_matches_brute_force_for_infant_mortality),
        cmocka_unit_test(shortcut_matches_brute_force_for_many_units_of_one_law),
        cmocka_unit_test(comparison_detects_a_wrong_process),
        cmocka_unit_test(lives_are_addressed_by_coordinates),
        cmocka_unit_test(poisson_shortcut_only_for_exponential_nodes),
        cmocka_unit_test(shortcut_matches_brute_force_for_mixtures),
        cmocka_unit_test(mixture_of_exponentials_is_no_poisson_process),
        cmocka_unit_test(a_trial_runs_on_mixtures_everywhere),
        cmocka_unit_test(mixture_repairs_give_the_renewal_availability),
    };
    return cmocka_run_group_tests_name("life", tests, NULL, NULL);
}
