/*
 * Statistical validation: the simulator against closed forms (models/cf.h), computed
 * independently of it.
 *
 * Each test runs a scenario for which a closed form is exact, through the same Monte Carlo driver
 * as `relsim run` (fixed seed, so the outcome never changes from run to run), and requires the
 * simulated mean to lie within 4 standard errors of the closed form, the standard error being
 * that of the simulated mean (sample sd / sqrt(n)). A wrong model misses by many standard errors;
 * a right one misses 4 SE with probability 6e-5, and with a fixed seed never flakes.
 */
#include "tests/testutil.h"
#include "tests/testscn.h"
#include "analysis/stat.h"
#include "models/cf.h"
#include "sim/study/mc.h"
#include "sim/model/world.h"
#include "sim/scenario/scn.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>
#include <stdlib.h>
#include <string.h>

static scn *load(const char *text)
{
    return testscn_load(text, "validate.ini");
}

static test_trials run_lives(const scn *s, int threads, int per_node_lives)
{
    return testscn_run(s, (mc_opts){.threads = threads, .per_node_lives = per_node_lives});
}

static test_trials run(const scn *s, int threads)
{
    return run_lives(s, threads, 0);
}

static double f_makespan(const metric_row *r)
{
    return r->makespan_h;
}
static double f_avail(const metric_row *r)
{
    return r->availability;
}
static double f_failed(const metric_row *r)
{
    return r->failures > 0;
}

/* One node: downtime D (detection + failover) sees no failure, restores can fail: exact. */
static void makespan_matches_daly_one_node_with_downtime(void **state)
{
    (void)state;
    scn *s = load("[scenario]\ntrials=4000\nseed=11\n[cluster]\nnodes=1\nspares=3\n"
                  "[component.node]\nttf=exponential(mean=10h)\nttr=1m\n"
                  "[detection]\ntimeout=20m\n[failover]\ntime=10m\n"
                  "[job]\nwork=40h\ncheckpoint_interval=2h\ncheckpoint_cost=15m\n"
                  "restart_cost=30m\n");
    for (int per_node = 0; per_node < 2; per_node++) { /* the Poisson shortcut, then not */
        test_trials c = run_lives(s, 0, per_node);
        testscn_assert_mean_near(&c, f_makespan, cf_job_makespan(40, 2, 0.25, 0.5, 0.5, 10),
                                 per_node ? "makespan, 1 node, D = 30 m (Daly), per node"
                                          : "makespan, 1 node, D = 30 m (Daly)");
        free(c.r);
    }
    free(s);
}

/* Sixteen nodes, no downtime: the system is a Poisson process of mean 1/(16 lambda) whenever the
 * job runs; interval from Daly's formula. */
static void makespan_matches_daly_many_nodes(void **state)
{
    (void)state;
    scn *s = load("[scenario]\ntrials=3000\nseed=12\n[cluster]\nnodes=16\nspares=6\n"
                  "[component.gpu]\ncount=4\nttf=exponential(mean=640h)\nttr=2m\n"
                  "[job]\nwork=60h\ncheckpoint_interval=daly\ncheckpoint_cost=10m\n"
                  "restart_cost=20m\n");
    assert_close(s->mtbf, 10, 1e-12, 0);
    test_trials c = run(s, 0);
    double tau = s->ckpt.interval;
    assert_close(tau, cf_daly_interval(1.0 / 6.0, 10), 1e-12, 0);
    testscn_assert_mean_near(&c, f_makespan, cf_job_makespan(60, tau, 1.0 / 6.0, 0, 1.0 / 3.0, 10),
                             "makespan, 16 nodes, Daly interval");
    free(c.r);
    free(s);
}

/* No checkpoints: the single-segment form (M + D) e^{R/M} (e^{W/M} - 1). */
static void makespan_matches_single_segment_form(void **state)
{
    (void)state;
    scn *s = load("[scenario]\ntrials=6000\nseed=13\n[cluster]\nnodes=1\nspares=2\n"
                  "[component.node]\nttf=exponential(mean=10h)\nttr=1m\n"
                  "[detection]\ntimeout=30m\n"
                  "[job]\nwork=5h\ncheckpoint_interval=none\nrestart_cost=15m\n");
    test_trials c = run(s, 0);
    double expect = (10 + 0.5) * exp(0.25 / 10) * expm1(5.0 / 10);
    assert_close(expect, cf_job_makespan(5, INFINITY, 0, 0.5, 0.25, 10), 1e-12, 0);
    testscn_assert_mean_near(&c, f_makespan, expect, "makespan, no checkpoint (single segment)");
    free(c.r);
    free(s);
}

/* The machine-repairman chain: N slots, S spares (cold or hot), r crews, exponential lives and
 * repairs, no detection delay or failover. The simulated availability over [0, T] from all-new is
 * compared with the chain's exact interval availability over [0, T], both with the Poisson
 * shortcut for exponential lives (life.h: the default here) and with a timer per node. */
static void repairman_case(const char *cluster, unsigned N, unsigned S, unsigned r, int hot,
                           const char *what)
{
    char text[600];
    snprintf(text, sizeof text,
             "[scenario]\ntrials=2000\nseed=21\nhorizon=2000h\n[cluster]\n%s\n"
             "[component.node]\nttf=exponential(mean=100h)\nttr=exponential(mean=20h)\n",
             cluster);
    scn *s = load(text);
    cf_repairman m = {N, S, r, hot, 1.0 / 100, 1.0 / 20};
    for (int per_node = 0; per_node < 2; per_node++) {
        test_trials c = run_lives(s, 0, per_node);
        char label[120];
        snprintf(label, sizeof label, "%s%s", what, per_node ? ", per node" : "");
        testscn_assert_mean_near(&c, f_avail, cf_repairman_interval_availability(&m, 2000), label);
        free(c.r);
    }
    free(s);
}

static void availability_matches_repairman_chain(void **state)
{
    (void)state;
    repairman_case("nodes=4\nspares=2\nrepair_crews=1", 4, 2, 1, 0,
                   "availability, N=4 S=2 r=1 cold (Markov)");
    repairman_case("nodes=4\nspares=2\nrepair_crews=1\nspare_mode=hot", 4, 2, 1, 1,
                   "availability, N=4 S=2 r=1 hot (Markov)");
    repairman_case("nodes=6\nspares=1\nrepair_crews=2", 6, 1, 2, 0,
                   "availability, N=6 S=1 r=2 cold (Markov)");
    repairman_case("nodes=3", 3, 0, 0, 0, "availability, N=3 S=0 unlimited (Markov)");
    repairman_case("nodes=8\nspares=3\nrepair_crews=2\nspare_mode=hot", 8, 3, 2, 1,
                   "availability, N=8 S=3 r=2 hot (Markov)");
}

static double f_failures(const metric_row *r)
{
    return (double)r->failures;
}
static double f_many(const metric_row *r)
{
    return r->failures >= 22; /* the upper tail: about one trial in four */
}
static double f_down(const metric_row *r)
{
    return r->down_h;
}
static double f_lost(const metric_row *r)
{
    return r->lost_h;
}
static double f_wait(const metric_row *r)
{
    return r->wait_spare_h;
}

/* Asserts that two independent samples have the same mean: |difference| <= 4 standard errors of
 * the difference (Welch). */
static void assert_same_mean(const test_trials *a, const test_trials *b, field_fn f,
                             const char *what)
{
    double m[2], se[2];
    testscn_mean_se(a, f, &m[0], &se[0]);
    testscn_mean_se(b, f, &m[1], &se[1]);
    double z = (m[0] - m[1]) / hypot(se[0], se[1]);
    print_message("  %-40s shortcut %.6g, per node %.6g, difference %+.2f SE\n", what, m[0], m[1],
                  z);
    if (!(fabs(z) <= 4)) fail_msg("%s: the two ways differ by %.3f standard errors", what, z);
}

/* The Poisson shortcut for exponential lives (life.h) against a failure timer per node, on
 * clusters where every rule is at work: two kinds of component, a heartbeat, a random failover,
 * two crews that the failures outrun, spares cold and hot (hot ones fail in the pool and on their
 * way in), and a job. The two ways draw different random numbers, so their trials differ; their
 * laws must not. A second pair of clusters, without a job, spends a large share of its time
 * swapping nodes in (failovers of 2 to 6 h against node lives of 67 h, 8 slots): there a rule of
 * the swap that one way breaks (a cold spare ageing, or failing, on its way in) moves down_h and
 * failures by many standard errors, where the first pair would see about one. */
static void exponential_shortcut_has_the_law_of_per_node_timers(void **state)
{
    (void)state;
    static const char *const modes[] = {"cold", "hot"};
    for (int k = 0; k < 4; k++) {
        char text[900];
        if (k < 2)
            snprintf(text, sizeof text,
                     "[scenario]\ntrials=20000\nseed=51\n[cluster]\nnodes=12\nspares=3\n"
                     "spare_mode=%s\nrepair_crews=2\n"
                     "[component.gpu]\ncount=4\nttf=exponential(mean=800h)\n"
                     "ttr=lognormal(mean=20h, sd=10h)\n"
                     "[component.host]\nttf=exponential(mean=300h)\nttr=exponential(mean=6h)\n"
                     "[detection]\ntimeout=30m\nheartbeat=20m\n"
                     "[failover]\ntime=uniform(min=10m, max=1h)\n"
                     "[job]\nwork=100h\ncheckpoint_interval=3h\ncheckpoint_cost=10m\n"
                     "restart_cost=20m\n",
                     modes[k]);
        else
            snprintf(text, sizeof text,
                     "[scenario]\ntrials=5000\nseed=52\nhorizon=1000h\n[cluster]\nnodes=8\n"
                     "spares=2\nspare_mode=%s\nrepair_crews=2\n"
                     "[component.gpu]\ncount=4\nttf=exponential(mean=400h)\n"
                     "ttr=exponential(mean=10h)\n"
                     "[component.host]\nttf=exponential(mean=200h)\n"
                     "ttr=lognormal(mean=10h, sd=5h)\n"
                     "[detection]\ntimeout=30m\nheartbeat=20m\n"
                     "[failover]\ntime=uniform(min=2h, max=6h)\n",
                     modes[k - 2]);
        scn *s = load(text);
        test_trials a = run_lives(s, 0, 0), b = run_lives(s, 0, 1);
        print_message("  %s spares%s:\n", modes[k % 2], k < 2 ? "" : ", long swaps, no job");
        if (k < 2) {
            assert_same_mean(&a, &b, f_makespan, "makespan_h");
            assert_same_mean(&a, &b, f_many, "P(failures >= 22)");
            assert_same_mean(&a, &b, f_lost, "lost_h");
        }
        assert_same_mean(&a, &b, f_failures, "failures");
        assert_same_mean(&a, &b, f_down, "down_h");
        assert_same_mean(&a, &b, f_wait, "wait_spare_h");
        free(a.r);
        free(b.r);
        free(s);
    }
}

/* Common random numbers under the Poisson shortcut: with cold spares its points fall on slots, so
 * a cluster that differs only in spares or crews sees the same failures, trial by trial, as long
 * as every failed slot is refilled at once (no detection or failover delay, spares never short:
 * here five repairs at once would be needed, with probability below 1e-9 a trial). */
static void cold_spares_and_crews_leave_the_failures_alone(void **state)
{
    (void)state;
    static const char *const clusters[] = {"spares=5\nrepair_crews=unlimited",
                                           "spares=9\nrepair_crews=unlimited",
                                           "spares=5\nrepair_crews=1"};
    test_trials c[3];
    for (int k = 0; k < 3; k++) {
        char text[400];
        snprintf(text, sizeof text,
                 "[scenario]\ntrials=500\nseed=61\nhorizon=500h\n[cluster]\nnodes=16\n%s\n"
                 "[component.gpu]\ncount=4\nttf=exponential(mean=4000h)\nttr=1h\n"
                 "[component.host]\nttf=exponential(mean=2000h)\nttr=30m\n",
                 clusters[k]);
        scn *s = load(text);
        c[k] = run(s, 0);
        free(s);
    }
    uint64_t total = 0;
    for (uint64_t i = 0; i < c[0].n; i++) {
        assert_int_equal(c[1].r[i].failures, c[0].r[i].failures);
        assert_int_equal(c[2].r[i].failures, c[0].r[i].failures);
        total += c[0].r[i].failures;
    }
    assert_true(total >
                500); /* about 6 failures a trial: the comparison has something to compare */
    for (int k = 0; k < 3; k++)
        free(c[k].r);
}

/* Renewal-reward: one node alternating Weibull lives and lognormal repairs. */
static void availability_matches_renewal_reward(void **state)
{
    (void)state;
    scn *s = load("[scenario]\ntrials=3000\nseed=31\nhorizon=3000h\n[cluster]\nnodes=1\n"
                  "[component.node]\nttf=weibull(shape=1.5, scale=100h)\n"
                  "ttr=lognormal(mean=10h, sd=5h)\n");
    test_trials c = run(s, 0);
    const dist *u = &s->comp[0].ttf, *d = &s->comp[0].ttr;
    double mu = dist_mean(u), su = dist_sd(u), md = dist_mean(d), sd = dist_sd(d);
    double expect =
        cf_renewal_interval_availability(mu, su * su + mu * mu, md, sd * sd + md * md, 3000);
    print_message("  (stationary MTTF/(MTTF+MTTR) = %.6g; finite-horizon correction %+.2g)\n",
                  cf_renewal_availability(mu, md), expect - cf_renewal_availability(mu, md));
    testscn_assert_mean_near(&c, f_avail, expect, "availability, Weibull / lognormal (renewal)");
    free(c.r);
    free(s);
}

/* The per-step law: a unit failing with probability p = 0.01 each hour has failed by t hours with
 * probability 1 - (1 - p)^t: 0.0956 at 10 h, 0.634 at 100 h. */
static void per_step_law_matches(void **state)
{
    (void)state;
    static const double hours[] = {10, 100};
    for (int i = 0; i < 2; i++) {
        char text[300];
        snprintf(text, sizeof text,
                 "[scenario]\ntrials=20000\nseed=41\nhorizon=%gh\n[cluster]\nnodes=1\n"
                 "[component.unit]\nttf=geometric(p=0.01, step=1h)\nttr=1h\n",
                 hours[i]);
        scn *s = load(text);
        test_trials c = run(s, 0);
        char what[80];
        snprintf(what, sizeof what, "P(failed by %g h), geometric p=0.01/h", hours[i]);
        testscn_assert_mean_near(&c, f_failed, cf_step_fail_prob(0.01, hours[i]), what);
        free(c.r);
        free(s);
    }
    assert_close(cf_step_fail_prob(0.01, 10), 0.0956, 0, 5e-5);
    assert_close(cf_step_fail_prob(0.01, 100), 0.6340, 0, 5e-5);
}

/* useful + lost + checkpoint + restart + down = makespan, for every trial of varied scenarios. */
static void accounting_identity_holds_in_every_trial(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "[scenario]\ntrials=300\n[cluster]\nnodes=64\nspares=2\nrepair_crews=4\n"
        "[component.gpu]\ncount=8\nttf=weibull(shape=0.7, scale=2000h)\n"
        "ttr=lognormal(mean=5h, sd=3h)\n[component.host]\nttf=exponential(mean=3000h)\n"
        "ttr=uniform(min=1h, max=5h)\n[detection]\ntimeout=10m\nheartbeat=5m\n"
        "[failover]\ntime=exponential(mean=5m)\n[job]\nwork=200h\ncheckpoint_interval=young\n"
        "checkpoint_cost=gamma(shape=2, mean=5m)\nrestart_cost=lognormal(mean=10m, sd=5m)\n",
        "[scenario]\ntrials=300\nhorizon=300h\n[cluster]\nnodes=32\nspares=1\nspare_mode=hot\n"
        "[component.gpu]\ncount=8\nttf=exponential(mean=1000h)\nttr=48h\n"
        "[failover]\ntime=30m\n[job]\nwork=1000h\ncheckpoint_interval=1h\ncheckpoint_cost=5m\n"
        "restart_cost=20m\n",
        /* rare failures: most trials have none */
        "[scenario]\ntrials=300\n[cluster]\nnodes=4\nspares=1\n"
        "[component.gpu]\nttf=exponential(mean=2000h)\nttr=5h\n"
        "[detection]\ntimeout=20m\nheartbeat=10m\n[job]\nwork=100h\ncheckpoint_interval=10h\n"
        "checkpoint_cost=6m\nrestart_cost=uniform(min=5m, max=10m)\n",
    };
    /* the shortest down time a slot failure causes: the least detection delay (10 m - 5 m,
     * then an exponential failover, above 0), a failover of 30 m (no detection delay), and the
     * least detection delay again (20 m - 10 m) */
    static const double min_down[] = {5.0 / 60, 0.5, 10.0 / 60};
    for (int k = 0; k < 3; k++) {
        scn *s = load(texts[k]);
        test_trials c = run(s, 0);
        uint64_t quiet = 0;
        for (uint64_t i = 0; i < c.n; i++) {
            const metric_row *r = &c.r[i];
            assert_close(r->useful_h + r->unsaved_h + r->lost_h + r->checkpoint_h +
                             r->restart_h + r->down_h,
                         r->makespan_h, 1e-11, 1e-9);
            assert_true(r->wait_spare_h <= r->down_h + 1e-9);
            assert_true(r->availability >= 0 && r->availability <= 1);
            /* (availability and down_h are up_h / makespan and makespan - up_h by construction:
             * comparing them would test nothing. What can fail is below.) Without a failure of
             * a slot nothing is lost, restored or down; with one, the slot is down for at least
             * the shortest detection and failover, and a job that completes has restored. */
            if (r->failures == 0) {
                quiet++;
                assert_true(r->down_h == 0 && r->lost_h == 0 && r->restart_h == 0);
                assert_true(r->availability == 1);
            } else {
                assert_true(r->down_h >= min_down[k] * (1 - 1e-9));
                if (r->completed) assert_true(r->restart_h > 0);
            }
            if (r->completed) assert_close(r->useful_h, s->work, 1e-12, 0);
            /* every down hour and restore hour belongs to an interruption, and a completed
             * job has closed them all: their RTOs add up to them */
            if (r->completed)
                assert_close(r->rto_total_h, r->down_h + r->restart_h, 1e-9, 1e-9);
        }
        print_message("  case %d: %llu of %llu trials without a failure\n", k,
                      (unsigned long long)quiet, (unsigned long long)c.n);
        if (k == 2) assert_true(quiet > 0 && quiet < c.n); /* both branches are at work */
        free(c.r);
        free(s);
    }
}

/* Two scenarios with every duration random, the checkpoint and restore costs and the failover
 * time included, so that any per-trial count of draws that leaked from one trial to the next
 * would change the numbers: timers per node (Weibull lives, hot spares, a heartbeat) and the
 * Poisson shortcut (exponential lives, cold spares). Over 600 trials: more than one block of
 * trials per thread (mc.c runs 256 a thread at a time). */
static const char *const random_everything[] = {
    "[scenario]\ntrials=600\nseed=7\n[cluster]\nnodes=64\nspares=4\nspare_mode=hot\n"
    "repair_crews=2\n[component.gpu]\ncount=8\nttf=weibull(shape=0.8, scale=8000h)\n"
    "ttr=lognormal(mean=24h, sd=12h)\n[component.host]\nttf=gamma(shape=2, mean=5000h)\n"
    "ttr=uniform(min=2h, max=8h)\n[detection]\ntimeout=10m\nheartbeat=2m\n"
    "[failover]\ntime=exponential(mean=20m)\n"
    "[job]\nwork=300h\ncheckpoint_interval=daly\ncheckpoint_cost=gamma(shape=3, mean=3m)\n"
    "restart_cost=exponential(mean=10m)\n",
    "[scenario]\ntrials=600\nseed=8\n[cluster]\nnodes=64\nspares=2\nrepair_crews=3\n"
    "[component.gpu]\ncount=8\nttf=exponential(mean=9000h)\nttr=exponential(mean=12h)\n"
    "[component.host]\nttf=exponential(mean=3000h)\nttr=lognormal(mean=6h, sd=2h)\n"
    "[detection]\ntimeout=5m\nheartbeat=5m\n[failover]\ntime=uniform(min=5m, max=30m)\n"
    "[job]\nwork=300h\ncheckpoint_interval=1h\ncheckpoint_cost=uniform(min=1m, max=5m)\n"
    "restart_cost=lognormal(mean=10m, sd=4m)\n",
};

/* Results do not depend on the number of threads: every field of every trial, bit for bit. */
static void results_are_identical_for_one_and_two_threads(void **state)
{
    (void)state;
    for (int k = 0; k < 2; k++) {
        scn *s = load(random_everything[k]);
        test_trials one = run(s, 1), two = run(s, 2);
        assert_int_equal(one.n, 600);
        assert_int_equal(two.n, 600);
        assert_memory_equal(one.r, two.r, one.n * sizeof *one.r);
        free(one.r);
        free(two.r);
        free(s);
    }
}

/* A trial is the same whether it runs alone, in a fresh world, or after hundreds of others in the
 * same world (one thread reuses its engine, cluster and job from trial to trial): nothing of a
 * trial (a count of draws, a queue, a clock) leaks into the next. Trial k's row, every field, bit
 * for bit, for trials at the start, inside the first block, and in the second and third blocks,
 * with the trials numbered 0 .. n-1 in order. */
static void a_trial_is_the_same_alone_and_inside_a_run(void **state)
{
    (void)state;
    static const uint64_t picks[] = {0, 1, 2, 37, 255, 256, 300, 511, 599};
    for (int k = 0; k < 2; k++) {
        scn *s = load(random_everything[k]);
        test_trials all = run(s, 1);
        assert_int_equal(all.n, 600);
        for (uint64_t i = 0; i < all.n; i++)
            assert_int_equal(all.r[i].trial, i);
        world_plan *plan = world_plan_new(s, 0);
        assert_non_null(plan);
        for (size_t p = 0; p < sizeof picks / sizeof picks[0]; p++) {
            world *w = world_new(plan);
            assert_non_null(w);
            metric_row alone;
            char err[400];
            if (world_run(w, s->seed, picks[p], &alone, err, sizeof err)) fail_msg("%s", err);
            if (memcmp(&alone, &all.r[picks[p]], sizeof alone) != 0)
                fail_msg("scenario %d, trial %llu: makespan %.17g h alone, %.17g h inside the run",
                         k, (unsigned long long)picks[p], alone.makespan_h,
                         all.r[picks[p]].makespan_h);
            world_free(w);
        }
        world_plan_free(plan);
        free(all.r);
        free(s);
    }
}

/* A cold spare does not age while it is swapped in, under the Poisson shortcut as with a timer per
 * node: one slot, one cold spare, exponential lives of mean 10 h, repairs of 10,000 h (nothing
 * comes back), a failover of 100 h, horizon 1000 h. Node 0 is up for its life T1; the spare swaps
 * in for 100 h without ageing, then is up for its life T2; so up_h = T1 + T2 (T1 + T2 > 900 h has
 * probability e^-90 (1 + 90)): Gamma(2, 10 h), mean 20 h (sd 14.1 h), checked in mean (4 SE) and
 * law (KS at 1e-4). Were the spare ageing during its swap, it would fail in it (e^-10 survive),
 * and up_h would be T1 alone, mean 10 h. With hot spares it does age, from time 0: then up_h
 * is T1 + (S - T1 - 100 h)+ for its life S, of mean 10 h (1 + e^-10 / 2). */
static void cold_spares_do_not_age_while_swapped_in(void **state)
{
    (void)state;
    static const char *const modes[] = {"cold", "hot"};
    for (int m = 0; m < 2; m++) {
        char text[400];
        snprintf(text, sizeof text,
                 "[scenario]\ntrials=2000\nseed=81\nhorizon=1000h\n[cluster]\nnodes=1\n"
                 "spares=1\nspare_mode=%s\n[component.node]\nttf=exponential(mean=10h)\n"
                 "ttr=10000h\n[failover]\ntime=100h\n",
                 modes[m]);
        scn *s = load(text);
        for (int per_node = 0; per_node < 2; per_node++) {
            test_trials c = run_lives(s, 0, per_node);
            double *x = malloc(c.n * sizeof *x);
            assert_non_null(x);
            for (uint64_t i = 0; i < c.n; i++)
                x[i] = c.r[i].availability * 1000;
            char what[120];
            snprintf(what, sizeof what, "up_h, %s spare swapped in for 100 h%s", modes[m],
                     per_node ? ", per node" : "");
            double expect = m == 0 ? 20 : 10 * (1 + exp(-10) / 2);
            stat_mean a = {0};
            for (uint64_t i = 0; i < c.n; i++)
                stat_mean_add(&a, x[i]);
            stat_summary sm;
            stat_mean_get(&a, &sm);
            double z = (sm.mean - expect) / (sm.sd / sqrt((double)sm.n));
            print_message("  %-46s simulated %.6g, closed form %.6g, %+.2f SE\n", what, sm.mean,
                          expect, z);
            if (!(fabs(z) <= 4)) fail_msg("%s: %.3f standard errors from %g", what, z, expect);
            if (m == 0) {
                for (uint64_t i = 0; i < c.n; i++)
                    x[i] = gsl_cdf_gamma_P(x[i], 2, 10);
                double d = ks_uniform_statistic(x, c.n), crit = ks_critical_one(c.n, 1e-4);
                if (!(d < crit))
                    fail_msg("%s: KS distance %.4f to Gamma(2, 10 h), critical %.4f", what, d, crit);
            }
            free(x);
            free(c.r);
        }
        free(s);
    }
}

/* A Weibull law of shape 1 is the exponential law, in a group of its own: a node of an
 * exponential GPU (mean 100 h) and a Weibull host of shape 1 (scale 100 h) fails at rate 1/50 h
 * whichever group fails, and the cluster is the repairman chain with lambda = 1/50: 3 slots, one
 * cold spare, one crew, exponential repairs of mean 20 h, over 2000 h. */
static void a_weibull_of_shape_one_adds_its_rate(void **state)
{
    (void)state;
    scn *s = load("[scenario]\ntrials=2000\nseed=22\nhorizon=2000h\n[cluster]\nnodes=3\n"
                  "spares=1\nrepair_crews=1\n"
                  "[component.gpu]\nttf=exponential(mean=100h)\nttr=exponential(mean=20h)\n"
                  "[component.host]\nttf=weibull(shape=1, scale=100h)\n"
                  "ttr=exponential(mean=20h)\n");
    cf_repairman m = {3, 1, 1, 0, 1.0 / 50, 1.0 / 20};
    test_trials c = run(s, 0);
    testscn_assert_mean_near(&c, f_avail, cf_repairman_interval_availability(&m, 2000),
                             "availability, exponential + Weibull(1) (Markov)");
    free(c.r);
    free(s);
}

static double f_process_failures(const metric_row *r)
{
    return (double)r->process_failures;
}

/*
 * Process-reach failures restart the node in its slot: with nothing else failing, one slot is an
 * alternating renewal process of exponential up times U (mean 10 h) and down times D = detection
 * + ttr, the detection uniform on (10 m, 20 m) and ttr 30 m: E[D] = 45 m, Var D = (1/6 h)^2 / 12.
 * Its availability over [0, T] is renewal-reward's MTTF / (MTTF + E[D]) with the order-1/T
 * correction (cf_renewal_interval_availability). Spares, a 2 h failover and one repair crew are
 * there to show they play no part, cold and hot; both ways (the Poisson shortcut and per-node
 * lives). Every failure is a process failure.
 */
static void process_restarts_match_renewal_reward(void **state)
{
    (void)state;
    const double T = 2000, mu = 10, md = 0.75, vd = (1.0 / 6) * (1.0 / 6) / 12;
    double expect = cf_renewal_interval_availability(mu, 2 * mu * mu, md, vd + md * md, T);
    for (int hot = 0; hot < 2; hot++) {
        char text[600];
        snprintf(text, sizeof text,
                 "[scenario]\ntrials=2000\nseed=41\nhorizon=2000h\n[cluster]\nnodes=1\n"
                 "spares=2\nrepair_crews=1\nspare_mode=%s\n"
                 "[component.software]\nttf=exponential(mean=10h)\nttr=30m\nreach=process\n"
                 "[detection]\ntimeout=20m\nheartbeat=10m\n[failover]\ntime=2h\n",
                 hot ? "hot" : "cold");
        scn *s = load(text);
        for (int per_node = 0; per_node < 2; per_node++) {
            test_trials c = run_lives(s, 0, per_node);
            char label[120];
            snprintf(label, sizeof label, "availability, process restarts, %s%s",
                     hot ? "hot" : "cold", per_node ? ", per node" : "");
            testscn_assert_mean_near(&c, f_avail, expect, label);
            for (uint64_t i = 0; i < c.n; i++) {
                assert_int_equal(c.r[i].process_failures, c.r[i].failures);
                assert_close(c.r[i].wait_spare_h, 0, 0, 0);
            }
            free(c.r);
        }
        free(s);
    }
}

/*
 * Failures only while the job computes (ages = computing): 16 nodes whose [component.nccl]
 * (exponential, mean 80 h of computation: the system's M = 5 h) restarts the job's process in
 * place after detection 5 m and ttr 10 m (D = 15 m; the two spares are never used, and no
 * failure falls on them); checkpoints (6 m) and restores (12 m) are
 * safe, so each hour-long segment costs (M + D + R)(e^{1/M} - 1) + d (cf_computing_makespan).
 * Both ways of drawing the failures: the Poisson points of the work clock, and one life per node
 * in the heap of their work-clock deadlines. A component that aged always would make the job
 * slower: the same scenario without ages = computing is checked to be beyond 4 SE of it.
 */
static void computing_failures_match_their_closed_form(void **state)
{
    (void)state;
    const char *text = "[scenario]\ntrials=3000\nseed=43\n[cluster]\nnodes=16\nspares=2\n"
                       "[component.nccl]\nttf=exponential(mean=80h)\nttr=10m\nreach=process\n"
                       "ages=computing\n[detection]\ntimeout=5m\n"
                       "[job]\nwork=30h\ncheckpoint_interval=1h\ncheckpoint_cost=6m\n"
                       "restart_cost=12m\n";
    double expect = cf_computing_makespan(30, 1, 0.1, 0.25, 0.2, 5);
    scn *s = load(text);
    for (int per_node = 0; per_node < 2; per_node++) {
        test_trials c = run_lives(s, 0, per_node);
        testscn_assert_mean_near(&c, f_makespan, expect,
                                 per_node ? "makespan, failures while computing, per node"
                                          : "makespan, failures while computing");
        free(c.r);
    }
    free(s);
    char always[600];
    snprintf(always, sizeof always, "%s", text);
    char *a = strstr(always, "ages=computing\n");
    memmove(a, a + strlen("ages=computing\n"), strlen(a + strlen("ages=computing\n")) + 1);
    s = load(always);
    test_trials c = run(s, 0);
    double mean, se;
    testscn_mean_se(&c, f_makespan, &mean, &se);
    print_message("  ageing always instead: makespan %.6g (%+.1f SE from the computing form)\n",
                  mean, (mean - expect) / se);
    assert_true(mean - expect > 4 * se);
    free(c.r);
    free(s);
}

/*
 * The work clock's failures have the compensator E[failures] = E[hours of computation] / M,
 * whatever takes the nodes in and out of their slots: here rolling maintenance (each node out
 * for 30 m in every 20 h, a spare taking its place) and node failures, on 8 nodes whose
 * [component.gpu] is a Weibull of shape 1 (a life per node, the heap of work-clock deadlines:
 * M = 10 h of computation). Without checkpoints the computation is useful_h + lost_h (+
 * unsaved_h at the horizon). Checked on the per-trial difference failures - computation / M,
 * whose mean is 0.
 */
static void computing_failures_follow_the_computation(void **state)
{
    (void)state;
    scn *s = load("[scenario]\ntrials=4000\nseed=44\nhorizon=200h\n[cluster]\nnodes=8\nspares=2\n"
                  "[component.gpu]\nttf=weibull(shape=1, scale=80h)\nttr=1h\nages=computing\n"
                  "[detection]\ntimeout=5m\n[failover]\ntime=5m\n"
                  "[maintenance]\nevery=20h\nstart=1h\nduration=30m\nscope=rolling\n"
                  "[job]\nwork=4h\ncheckpoint_interval=none\nrestart_cost=6m\n");
    test_trials c = run(s, 0);
    stat_mean a = {0};
    uint64_t maint = 0;
    for (uint64_t i = 0; i < c.n; i++) {
        const metric_row *r = &c.r[i];
        stat_mean_add(&a, (double)r->failures - (r->useful_h + r->lost_h + r->unsaved_h) / 10.0);
        maint += r->maintenances;
    }
    stat_summary m;
    stat_mean_get(&a, &m);
    double se = m.sd / sqrt((double)m.n);
    print_message("  failures - computation / M: %+.4f (SE %.4f, %+.2f SE); %llu maintenances\n",
                  m.mean, se, m.mean / se, (unsigned long long)maint);
    assert_true(maint > c.n); /* the maintenances did take nodes out */
    assert_true(fabs(m.mean) <= 4 * se);
    free(c.r);
    free(s);
}

/*
 * A kind that ages while computing has lives of its own, independent of the kinds that age
 * always: one slot, [component.board] and [component.gpu] of the same Weibull law, the gpu
 * ageing while the job computes (no checkpoints, no restore cost: until the first failure the
 * computation is the wall time), restarting in place; the board's failure takes the node to a
 * repair longer than the horizon. The gpu fails first, which process_failures > 0 shows, with
 * probability 1/2 exactly; lives that shared their draws would make it 0.
 */
static void computing_lives_are_independent_of_the_others(void **state)
{
    (void)state;
    scn *s = load("[scenario]\ntrials=4000\nseed=45\nhorizon=40h\n[cluster]\nnodes=1\n"
                  "[component.board]\nttf=weibull(shape=4, scale=10h)\nttr=1000h\n"
                  "[component.gpu]\nttf=weibull(shape=4, scale=10h)\nttr=0s\nreach=process\n"
                  "ages=computing\n"
                  "[job]\nwork=1000h\ncheckpoint_interval=none\n");
    test_trials c = run(s, 0);
    double first = 0;
    for (uint64_t i = 0; i < c.n; i++)
        first += c.r[i].process_failures > 0;
    double p = first / (double)c.n, se = sqrt(0.25 / (double)c.n);
    print_message("  the gpu fails first in %.4f of the trials (1/2: %+.2f SE)\n", p, (p - 0.5) / se);
    assert_true(fabs(p - 0.5) <= 4 * se);
    free(c.r);
    free(s);
}

/*
 * Node and process reach superposed in one slot with no spare: [component.board] exponential of
 * mean 20 h, ttr exponential of mean 2 h (node reach: detection, then the slot waits for the
 * repair); [component.software] exponential of mean 5 h, ttr 30 m (process reach); detection
 * 15 m. The node's life is exponential of mean 4 h whatever kind ends it, and the kind is
 * independent of the life (competing exponentials): board with probability 1/5. So the slot is an
 * alternating renewal process with U ~ Exp(mean 4 h) and D = 15 m + (a repair, p = 1/5, or 30 m):
 * E[D] = 0.2 x 2.25 + 0.8 x 0.75 = 1.05 h, E[D^2] = 0.2 x (0.25^2 + 2 x 0.25 x 2 + 2 x 2^2) +
 * 0.8 x 0.75^2 = 2.2625 h^2. The share of process failures among all failures is 4/5 (binomial
 * SE over the pooled failures). Both ways.
 */
static void mixed_reach_matches_renewal_reward(void **state)
{
    (void)state;
    const double T = 2000;
    double expect = cf_renewal_interval_availability(4, 32, 1.05, 2.2625, T);
    scn *s = load("[scenario]\ntrials=2000\nseed=42\nhorizon=2000h\n[cluster]\nnodes=1\n"
                  "[component.board]\nttf=exponential(mean=20h)\nttr=exponential(mean=2h)\n"
                  "[component.software]\nttf=exponential(mean=5h)\nttr=30m\nreach=process\n"
                  "[detection]\ntimeout=15m\n");
    for (int per_node = 0; per_node < 2; per_node++) {
        test_trials c = run_lives(s, 0, per_node);
        testscn_assert_mean_near(&c, f_avail, expect,
                                 per_node ? "availability, node + process reach, per node"
                                          : "availability, node + process reach");
        double all = 0, proc = 0;
        for (uint64_t i = 0; i < c.n; i++) {
            all += (double)c.r[i].failures;
            proc += f_process_failures(&c.r[i]);
        }
        double p = proc / all, se = sqrt(0.8 * 0.2 / all);
        print_message("  %-46s simulated %.6g, closed form 0.8, %+.2f SE (%.0f failures)\n",
                      per_node ? "share of process failures, per node"
                               : "share of process failures",
                      p, (p - 0.8) / se, all);
        if (!(fabs(p - 0.8) <= 4 * se))
            fail_msg("process share %.5f, %.2f SE from 0.8", p, (p - 0.8) / se);
        free(c.r);
    }
    free(s);
}

/*
 * Silent data corruption against cf_sdc_recoverable_prob: one node that never fails (ttf fixed at
 * 10^6 h), a job that never completes, stopped at a horizon of 5000 h (with keep = 1 it would
 * start again too often to finish anything long), of 1 h intervals with 6 min checkpoints (period P = 1.1 h), strikes
 * exponential of mean 50 h of computation, detection exponential of mean 1 h. The simulation's
 * share is sum sdc_recovered / sum sdc_strikes over the trials (the ratio estimator's SE, as
 * summary.csv's goodput). Like with like: the strike's offset U in its segment is the strike time
 * modulo the interval (its clock starts afresh at a segment start), which the closed form takes
 * with lambda = 1/50; without failures nothing else moves the period. What remains is the end of
 * a trial: a strike still undetected at the horizon counts in sdc_strikes only (about one in
 * five thousand here, far below the SE). keep = 1 and 2; keep = all recovers every strike.
 */
static void sdc_recoverable_share_matches_the_closed_form(void **state)
{
    (void)state;
    /* the closed form: the uniform expression at lambda = 0; lambda -> 0 and theta =
     * lambda continuous; the wrapped density's E[e^{theta U}] by the midpoint rule */
    assert_close(cf_sdc_recoverable_prob(1, 0, 2, 0.5, 0), 1 - exp(-4) * expm1(2) / 2, 1e-15, 0);
    assert_close(cf_sdc_recoverable_prob(1, 0.1, 2, 1, 1e-9), cf_sdc_recoverable_prob(1, 0.1, 2, 1, 0),
                 1e-8, 0);
    assert_close(cf_sdc_recoverable_prob(2, 0.1, 3, 0.5, 2), cf_sdc_recoverable_prob(2, 0.1, 3, 0.5, 2 + 1e-7),
                 1e-6, 0);
    double mid = 0;
    for (int i = 0; i < 100000; i++) {
        double u = (i + 0.5) * 1e-5 * 2; /* tau = 2 */
        mid += 2e-5 * 0.3 * exp(-0.3 * u) / -expm1(-0.6) * exp(u / 0.7);
    }
    assert_close(cf_sdc_recoverable_prob(2, 0.25, 2, 0.7, 0.3), 1 - exp(-2 * 2.25 / 0.7) * mid, 1e-8, 0);
    assert_close(cf_sdc_recoverable_prob(1, 0, 0, 1, 0), 1, 0, 0);
    static const char *const keeps[] = {"keep = 1\n", "keep = 2\n", ""};
    static const char *const labels[] = {"keep = 1", "keep = 2", "keep = all"};
    for (int k = 0; k < 3; k++) {
        char text[600];
        snprintf(text, sizeof text,
                 "[scenario]\ntrials=200\nseed=%d\nhorizon=5000h\n[cluster]\nnodes=1\n"
                 "[component.c]\nttf=1000000h\nttr=1h\n"
                 "[job]\nwork=1000000h\ncheckpoint_interval=1h\ncheckpoint_cost=6m\n"
                 "restart_cost=3m\n"
                 "[sdc]\nttf=exponential(mean=50h)\ndetect=exponential(mean=1h)\n%s",
                 71 + k, keeps[k]);
        scn *s = load(text);
        test_trials c = run(s, 0);
        stat_pair a = {0};
        uint64_t strikes = 0;
        for (uint64_t i = 0; i < c.n; i++) {
            assert_int_equal(c.r[i].failures, 0);
            assert_true(c.r[i].sdc_recovered + c.r[i].sdc_unrecoverable <= c.r[i].sdc_strikes);
            stat_pair_add(&a, (double)c.r[i].sdc_recovered, (double)c.r[i].sdc_strikes);
            strikes += c.r[i].sdc_strikes;
        }
        stat_summary m;
        stat_pair_ratio(&a, &m);
        double expect = cf_sdc_recoverable_prob(1, 0.1, (unsigned)(k == 2 ? 0 : k + 1), 1, 0.02);
        double se = m.sd / sqrt((double)m.n);
        print_message("  sdc %-42s simulated %.6g, closed form %.6g (uniform U: %.6g), "
                      "%+.2f SE (SE %.3g, %llu strikes)\n",
                      labels[k], m.mean, expect,
                      cf_sdc_recoverable_prob(1, 0.1, (unsigned)(k == 2 ? 0 : k + 1), 1, 0),
                      se > 0 ? (m.mean - expect) / se : 0.0, se, (unsigned long long)strikes);
        if (k == 2) {
            for (uint64_t i = 0; i < c.n; i++)
                assert_int_equal(c.r[i].sdc_unrecoverable, 0);
        } else {
            stat_verdict v = stat_agree(m.mean, m.sd, (double)m.n, expect);
            if (v.verdict != STAT_AGREES) fail_msg("sdc keep %d: %.3f SE from the closed form", k + 1, v.z);
        }
        free(c.r);
        free(s);
    }
}

/* The laws of the next test for cf_sdc_recoverable_prob_any, from GSL directly (not through
 * relsim's dist module, which the simulator uses): a lognormal (zeta, sigma) detection latency,
 * a Weibull (shape, scale) or exponential (shape 1) strike law. */
typedef struct {
    double a, b;
} law2;

static double lognormal_cdf(double t, void *arg)
{
    const law2 *l = arg;
    return t <= 0 ? 0 : gsl_cdf_lognormal_P(t, l->a, l->b);
}

static double weibull_cdf(double t, void *arg)
{
    const law2 *l = arg;
    return t <= 0 ? 0 : gsl_cdf_weibull_P(t, l->b, l->a);
}

static double weibull_pdf(double t, void *arg)
{
    const law2 *l = arg;
    return t < 0 ? 0 : gsl_ran_weibull_pdf(t, l->b, l->a);
}

/*
 * Silent data corruption with laws that are not exponential, against cf_sdc_recoverable_prob_any:
 * the setting of the test above (one node that never fails, 1 h intervals, 6 min checkpoints,
 * horizon 5000 h) with a lognormal detection latency of mean 1 h and sd 30 min and Weibull strikes
 * of shape 0.7 and scale 2 h (mean 2.53 h): the strike's offset U = T mod tau then piles up near
 * the segment's start (an exponential T of the same mean gives a share lower by about 0.04 at
 * keep = 1, some 40 SE, printed). Without failures each strike is recovered or not independently
 * of the others (its clock starts afresh at a segment start, and its latency is its own), so the
 * strikes resolved are Bernoulli trials: the SE is binomial, sqrt(p (1 - p) / n) over the n strikes
 * resolved. The share checked is sum sdc_recovered / sum sdc_strikes, whose denominator also
 * counts the strikes still undetected at the horizon (at most one a trial, about one in five
 * thousand strikes here: a fifth of an SE at most; printed).
 */
static void sdc_recoverable_share_with_any_laws_matches_the_integral(void **state)
{
    (void)state;
    double s2 = log1p(0.25);
    law2 x = {-s2 / 2, sqrt(s2)}, t = {0.7, 2}, t_exp = {1, 2 * gsl_sf_gamma(1 + 1 / 0.7)};
    static const char *const labels[] = {"keep = 1", "keep = 2"};
    for (int k = 0; k < 2; k++) {
        char text[600];
        snprintf(text, sizeof text,
                 "[scenario]\ntrials=200\nseed=%d\nhorizon=5000h\n[cluster]\nnodes=1\n"
                 "[component.c]\nttf=1000000h\nttr=1h\n"
                 "[job]\nwork=1000000h\ncheckpoint_interval=1h\ncheckpoint_cost=6m\n"
                 "restart_cost=3m\n"
                 "[sdc]\nttf=weibull(shape=0.7, scale=2h)\ndetect=lognormal(mean=1h, sd=30m)\n"
                 "keep=%d\n",
                 81 + k, k + 1);
        scn *s = load(text);
        test_trials c = run(s, 0);
        uint64_t strikes = 0, recovered = 0, resolved = 0;
        for (uint64_t i = 0; i < c.n; i++) {
            assert_int_equal(c.r[i].failures, 0);
            assert_true(c.r[i].sdc_recovered + c.r[i].sdc_unrecoverable <= c.r[i].sdc_strikes);
            strikes += c.r[i].sdc_strikes;
            recovered += c.r[i].sdc_recovered;
            resolved += c.r[i].sdc_recovered + c.r[i].sdc_unrecoverable;
        }
        unsigned K = (unsigned)k + 1;
        double expect =
            cf_sdc_recoverable_prob_any(1, 0.1, K, lognormal_cdf, &x, weibull_pdf, weibull_cdf, &t);
        double memoryless = cf_sdc_recoverable_prob_any(1, 0.1, K, lognormal_cdf, &x, weibull_pdf,
                                                        weibull_cdf, &t_exp);
        assert_true(expect > 0 && expect < 1);
        double share = (double)recovered / (double)strikes;
        double se = sqrt(expect * (1 - expect) / (double)resolved);
        double z = (share - expect) / se;
        print_message("  sdc any laws %-33s simulated %.6g (of resolved %.6g), closed form %.6g "
                      "(exponential T: %.6g), %+.2f SE (SE %.3g, %llu strikes, %llu undetected "
                      "at the end)\n",
                      labels[k], share, (double)recovered / (double)resolved, expect, memoryless, z,
                      se, (unsigned long long)strikes, (unsigned long long)(strikes - resolved));
        if (!(fabs(z) <= 4))
            fail_msg("sdc any laws keep %d: %.3f SE from the closed form", k + 1, z);
        free(c.r);
        free(s);
    }
}

/* Two tiers, two reaches (Vaidya's two-level scheme): process failures restore from the
 * node-local tier, node failures destroy it and send the job back to the PFS, escalating when a
 * node fails during a local restore. One node, no spare: each failure's down time (detection
 * and, for a node, its repair) sees no other failure, so the chain is exact. The same with a
 * timer per node. */
static void two_levels_match_the_multilevel_chain(void **state)
{
    (void)state;
    scn *s = load("[scenario]\ntrials=6000\nseed=41\n[cluster]\nnodes=1\n"
                  "[component.board]\nttf=exponential(mean=20h)\nttr=1h\n"
                  "[component.software]\nttf=exponential(mean=10h)\nttr=5m\nreach=process\n"
                  "[detection]\ntimeout=10m\n"
                  "[job]\nwork=20h\ncheckpoint_interval=1h\n"
                  "[tier.local]\nevery=1\ncost=3m\nrestore_cost=6m\nlost_on=node\n"
                  "[tier.pfs]\nevery=4\ncost=20m\nrestore_cost=30m\nlost_on=never\n");
    unsigned every[] = {1, 4}, destroys[] = {0, 1};
    double cost[] = {0.05, 1.0 / 3}, rst[] = {0.1, 0.5};
    double rate[] = {0.1, 0.05}, down[] = {10.0 / 60 + 5.0 / 60, 10.0 / 60 + 1};
    cf_levels c = {2, every, cost, rst, 2, rate, down, destroys};
    double E = cf_levels_makespan(20, 1, &c);
    for (int per_node = 0; per_node < 2; per_node++) {
        test_trials t = run_lives(s, 0, per_node);
        testscn_assert_mean_near(&t, f_makespan, E,
                                 per_node ? "makespan, 2 tiers, 2 reaches (chain), per node"
                                          : "makespan, 2 tiers, 2 reaches (chain)");
        free(t.r);
    }
    free(s);
}

/* One asynchronous tier that no failure destroys: the makespan of the commit-to-commit chain,
 * and the share of started writes lost, 1 - e^{-(s+w)/M} (every write resolves before the job
 * ends: the last segment, 1 h, outlasts the 40 m write). */
static void async_writes_match_their_chain(void **state)
{
    (void)state;
    scn *s = load("[scenario]\ntrials=8000\nseed=42\n[cluster]\nnodes=1\n"
                  "[component.board]\nttf=exponential(mean=8h)\nttr=30m\n"
                  "[job]\nwork=20h\ncheckpoint_interval=1h\n"
                  "[tier.nvme]\nevery=1\ncost=10m\nrestore_cost=6m\nlost_on=never\n"
                  "mode=async\nsnapshot=2m\nwrite_time=40m\n");
    for (int per_node = 0; per_node < 2; per_node++) {
        test_trials t = run_lives(s, 0, per_node);
        testscn_assert_mean_near(
            &t, f_makespan, cf_async_makespan(20, 1, 2.0 / 60, 40.0 / 60, 0.5, 0.1, 8),
            per_node ? "makespan, async tier (chain), per node" : "makespan, async tier (chain)");
        uint64_t lost = 0, committed = 0;
        for (uint64_t i = 0; i < t.n; i++) {
            lost += t.r[i].async_lost;
            committed += t.r[i].async_committed;
        }
        double n = (double)(lost + committed), share = (double)lost / n;
        double p = cf_async_lost_prob(2.0 / 60, 40.0 / 60, 8), se = sqrt(p * (1 - p) / n);
        print_message("  %-46s simulated %.6g, closed form %.6g, %+.2f SE (%.0f writes)\n",
                      per_node ? "share of async writes lost, per node"
                               : "share of async writes lost",
                      share, p, (share - p) / se, n);
        assert_true(fabs(share - p) <= 4 * se);
        free(t.r);
    }
    free(s);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(makespan_matches_daly_one_node_with_downtime),
        cmocka_unit_test(makespan_matches_daly_many_nodes),
        cmocka_unit_test(makespan_matches_single_segment_form),
        cmocka_unit_test(availability_matches_repairman_chain),
        cmocka_unit_test(exponential_shortcut_has_the_law_of_per_node_timers),
        cmocka_unit_test(cold_spares_and_crews_leave_the_failures_alone),
        cmocka_unit_test(availability_matches_renewal_reward),
        cmocka_unit_test(per_step_law_matches),
        cmocka_unit_test(accounting_identity_holds_in_every_trial),
        cmocka_unit_test(results_are_identical_for_one_and_two_threads),
        cmocka_unit_test(a_trial_is_the_same_alone_and_inside_a_run),
        cmocka_unit_test(cold_spares_do_not_age_while_swapped_in),
        cmocka_unit_test(a_weibull_of_shape_one_adds_its_rate),
        cmocka_unit_test(process_restarts_match_renewal_reward),
        cmocka_unit_test(mixed_reach_matches_renewal_reward),
        cmocka_unit_test(computing_failures_match_their_closed_form),
        cmocka_unit_test(computing_failures_follow_the_computation),
        cmocka_unit_test(computing_lives_are_independent_of_the_others),
        cmocka_unit_test(sdc_recoverable_share_matches_the_closed_form),
        cmocka_unit_test(sdc_recoverable_share_with_any_laws_matches_the_integral),
        cmocka_unit_test(two_levels_match_the_multilevel_chain),
        cmocka_unit_test(async_writes_match_their_chain),
    };
    return cmocka_run_group_tests_name("validate", tests, NULL, NULL);
}
