/*
 * The repair pipeline and the fleet (docs/model.md, "Repairs and the fleet"): repair escalation
 * (auto_success, manual_ttr), faulty repairs (bad_repair, bad_repair_ttf), lemons
 * (lemon_fraction, lemon_factor) and retirement (retire_after, retire_window, replacement).
 *
 * Timelines worked out by hand with fixed laws (exact), then statistical checks against closed
 * forms: a single slot with no spare and unlimited crews is an alternating renewal process, so
 * its availability over [0, T] is renewal-reward's E[U] / (E[U] + E[D]) with the order-1/T
 * correction (cf_renewal_interval_availability); the simulated mean must lie within 4 standard
 * errors of it, with fixed seeds.
 */
#include "tests/testutil.h"
#include "tests/testscn.h"
#include "analysis/stat.h"
#include "models/cf.h"
#include "sim/model/world.h"
#include "sim/scenario/scn.h"

#include <gsl/gsl_cdf.h>
#include <stdlib.h>
#include <string.h>

#define EXACT 1e-12

static metric_row run_text(const char *text)
{
    return testscn_trial(text, "fleet.ini", 0);
}

static double f_avail(const metric_row *r)
{
    return r->availability;
}

/* Asserts that k successes in n trials are within 4 binomial SE of probability p. */
static void assert_share_near(double k, double n, double p, const char *what)
{
    double se = sqrt(p * (1 - p) / n), share = k / n;
    print_message("  %-46s simulated %.6g, closed form %.6g, %+.2f SE (%.0f draws)\n", what, share,
                  p, (share - p) / se, n);
    if (!(fabs(share - p) <= 4 * se)) fail_msg("%s: %.5f, %.2f SE from %g", what, share,
                                               (share - p) / se, p);
}

/* ---------------------------------------------------------------- timelines */

/*
 * Escalation, auto_success = 0 (every automatic repair fails): two slots, no spare, one crew,
 * ttf 10 h, ttr 1 h, manual_ttr 3 h, no delays, horizon 26 h, repair priced 100.
 *   Both nodes fail at 10. The crew takes node 0: automatic 10-11, manual 11-14 (the same crew,
 *   so node 1 waits); node 1: automatic 14-15, manual 15-18. Node 0 fills slot 0 (the oldest
 *   queued) at 14, node 1 slot 1 at 18. Node 0 fails again at 24: automatic 24-25, manual from
 *   25. Up 0-10 and 18-24: 16 of 26 h; 3 failures; repairs started: 3 automatic and 3 manual,
 *   so cost_repairs = 600; every down hour (10-18, 24-26) has a slot queued: wait_spare_h 10.
 */
static void failed_automatic_repairs_go_on_to_a_manual_one(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\nhorizon=26h\n[cluster]\nnodes=2\nrepair_crews=1\n"
                            "[component.c]\nttf=10h\nttr=1h\nauto_success=0\nmanual_ttr=3h\n"
                            "[cost]\nrepair=100\n");
    assert_int_equal(r.failures, 3);
    assert_int_equal(r.manual_repairs, 3);
    assert_close(r.cost_repairs, 600, EXACT, 0);
    assert_close(r.availability, 16.0 / 26.0, EXACT, 0);
    assert_close(r.down_h, 10, EXACT, 0);
    assert_close(r.wait_spare_h, 10, EXACT, 0);
    /* auto_success = 1 (the default): today's rule, no manual repair */
    metric_row one = run_text("[scenario]\nhorizon=26h\n[cluster]\nnodes=2\nrepair_crews=1\n"
                              "[component.c]\nttf=10h\nttr=1h\nauto_success=1\nmanual_ttr=3h\n");
    metric_row plain =
        run_text("[scenario]\nhorizon=26h\n[cluster]\nnodes=2\nrepair_crews=1\n"
                 "[component.c]\nttf=10h\nttr=1h\n");
    assert_int_equal(one.manual_repairs, 0);
    assert_close(one.availability, plain.availability, EXACT, 0);
    assert_int_equal(one.failures, plain.failures);
}

/*
 * Faulty repairs, bad_repair = 1 (no repair fixes the node): one slot, one cold spare, ttf 10 h,
 * ttr 1 h, bad_repair_ttf 3 h, no delays, horizon 40.5 h. A node's life counts only while it
 * ages (in the slot: the spare is cold); each repair leaves a fault due after 3 h of ageing,
 * which competes with the renewed component's life.
 *   node 0 fails at 10 (its component, at age 10; renewed: next at age 20), node 1 swaps in;
 *   node 0 repaired 10-11, faulty, waits in the pool without ageing. Node 1 fails at 20 (age 10),
 *   node 0 in: its fault at 23 (age 13); node 1 in, fault at 26 (age 13); then faults at 29, 32,
 *   35, 38 (each node in for 3 h, ages 16 and 19). Node 0 in at 38 at age 19: its component is
 *   due at age 20, before the fault, so it fails at 39 of its component (the fault is void);
 *   node 1 in at 39, age 19: component at 40. 10 failures (10, 20, 23, ..., 38, 39, 40); 9
 *   repairs done by 40.5 (at 11, 21, ..., 36, 39, 40), all faulty; the slot never waits.
 */
static void a_faulty_repair_fails_again_after_its_ageing(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\nhorizon=40.5h\n[cluster]\nnodes=1\nspares=1\n"
                            "[component.c]\nttf=10h\nttr=1h\nbad_repair=1\nbad_repair_ttf=3h\n");
    assert_int_equal(r.failures, 10);
    assert_int_equal(r.failed_repairs, 9);
    assert_int_equal(r.manual_repairs, 0);
    assert_close(r.availability, 1, EXACT, 0);
    /* at 38.5 node 0 (in since 38, age 19) has not failed yet: 8 failures, 7 faulty repairs */
    metric_row early = run_text("[scenario]\nhorizon=38.5h\n[cluster]\nnodes=1\nspares=1\n"
                                "[component.c]\nttf=10h\nttr=1h\nbad_repair=1\n"
                                "bad_repair_ttf=3h\n");
    assert_int_equal(early.failures, 8);
    assert_int_equal(early.failed_repairs, 7);
}

/*
 * A faulty repair's clock stops with its node's ageing: one slot in a rack of one (up 12 h, down
 * 5 h), ttf 10 h, ttr 1 h, every repair faulty with a fault due after 3 h of ageing, no delays,
 * horizon 19.5 h. The node fails at 10 (its component), is back at 11 with the fault pending;
 * it ages 11-12, the rack is down 12-17 (the node neither failed nor ageing), and ages again from
 * 17: the fault's last 2 h end at 19, not at 14. Up 0-10, 11-12 and 17-19: 13 of 19.5 h; 2
 * failures, 1 faulty repair done (the second repair ends at 20), 1 rack failure.
 */
static void a_faulty_repair_ages_only_while_its_node_does(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\nhorizon=19.5h\n[cluster]\nnodes=1\n"
                            "[component.c]\nttf=10h\nttr=1h\nbad_repair=1\nbad_repair_ttf=3h\n"
                            "[domain.rack]\nsize=1\nttf=12h\nttr=5h\n");
    assert_int_equal(r.failures, 2);
    assert_int_equal(r.failed_repairs, 1);
    assert_int_equal(r.domain_failures, 1);
    assert_close(r.availability, 13.0 / 19.5, EXACT, 0);
}

/*
 * A lemon ages lemon_factor times faster: one slot, every node a lemon (lemon_fraction = 1) of
 * factor 4, ttf 10 h (2.5 h of wall time), ttr 1 h, horizon 12 h: failures at 2.5, 6 and 9.5,
 * repaired by 3.5, 7 and 10.5; up 2.5 + 2.5 + 2.5 + 1.5 = 9 of 12 h. lemon_fraction = 0 is the
 * plain cluster: failures at 10 only.
 */
static void a_lemon_ages_faster(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\nhorizon=12h\n[cluster]\nnodes=1\n"
                            "[component.c]\nttf=10h\nttr=1h\n"
                            "[fleet]\nlemon_fraction=1\nlemon_factor=4\n");
    assert_int_equal(r.failures, 3);
    assert_int_equal(r.lemon_failures, 3);
    assert_close(r.availability, 9.0 / 12.0, EXACT, 0);
    metric_row none = run_text("[scenario]\nhorizon=12h\n[cluster]\nnodes=1\n"
                               "[component.c]\nttf=10h\nttr=1h\n"
                               "[fleet]\nlemon_fraction=0\nlemon_factor=4\n");
    assert_int_equal(none.failures, 1);
    assert_int_equal(none.lemon_failures, 0);
    assert_close(none.availability, 11.0 / 12.0, EXACT, 0);
}

/*
 * A lemon that stops ageing keeps the age it reached at its own pace: one slot, a lemon at
 * factor 2, [component.board] ttf 10 h (fixed), ttr 1 h; its rack ([domain.rack] of 1 slot) is
 * up 2 h, down 1 h, again and again; horizon 7.5 h, no job.
 *   Ageing 0-2 (age 4), the rack down 2-3, ageing 3-5 (age 8), down 5-6, ageing 6-7 (age 10):
 *   the board fails at 7, repaired past the horizon. Up 0-2, 3-5, 6-7: 5 h. Crediting the wall
 *   hours instead (age 2 at the first stop, 4 at the second) would put the failure at 9.
 */
static void a_lemon_keeps_its_faster_age_when_it_stops(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\nhorizon=7.5h\n[cluster]\nnodes=1\n"
                            "[component.board]\nttf=10h\nttr=1h\n"
                            "[domain.rack]\nsize=1\nttf=2h\nttr=1h\n"
                            "[fleet]\nlemon_fraction=1\nlemon_factor=2\n");
    assert_int_equal(r.failures, 1);
    assert_int_equal(r.lemon_failures, 1);
    assert_close(r.availability, 5.0 / 7.5, EXACT, 0);
}

/*
 * Retirement: one slot, one cold spare, ttf 10 h, ttr 1 h, no delays, retire_after = 2,
 * replacement 15 h, horizon 52 h.
 *   node 0 fails at 10 (its first), repaired 10-11 into the pool; node 1 in at 10, fails at 20
 *   (its first), node 0 in; node 1 repaired 20-21 into the pool. Node 0 fails at 30 (its second):
 *   retired, no crew; its replacement is due at 45. Node 1 in at 30, fails at 40 (its second):
 *   retired, due at 55; the pool is empty, the slot waits. The new node 0 (age 0) fills it at 45.
 *   4 failures, 2 repairs, 2 retired, 1 replacement; down 40-45: availability 47/52,
 *   wait_spare_h 5.
 * A window: node 0's failures at 10 and 30 are 20 h apart, and so are node 1's: retire_window =
 * 20h retires them as above (from the first to the second, at most the window), 19h never, and
 * both nodes go on failing every 20 h (10, 20, 30, 40, 50): 5 failures, 5 repairs.
 * replacement = none: node 0 retired at 30, node 1 at 40, and the slot waits to the horizon:
 * availability 40/52.
 */
static void retirement_takes_a_node_out_and_its_replacement_in(void **state)
{
    (void)state;
    const char *head = "[scenario]\nhorizon=52h\n[cluster]\nnodes=1\nspares=1\n"
                       "[component.c]\nttf=10h\nttr=1h\n[cost]\nrepair=1\n[fleet]\nretire_after=2\n";
    char text[400];
    snprintf(text, sizeof text, "%sreplacement=15h\n", head);
    metric_row r = run_text(text);
    assert_int_equal(r.failures, 4);
    assert_close(r.cost_repairs, 2, EXACT, 0);
    assert_int_equal(r.retired, 2);
    assert_int_equal(r.replacements, 1);
    assert_close(r.availability, 47.0 / 52.0, EXACT, 0);
    assert_close(r.wait_spare_h, 5, EXACT, 0);

    snprintf(text, sizeof text, "%sretire_window=20h\nreplacement=15h\n", head);
    metric_row w20 = run_text(text);
    assert_int_equal(w20.retired, 2);
    assert_close(w20.availability, 47.0 / 52.0, EXACT, 0);
    snprintf(text, sizeof text, "%sretire_window=19h\nreplacement=15h\n", head);
    metric_row w19 = run_text(text);
    assert_int_equal(w19.retired, 0);
    assert_int_equal(w19.failures, 5);
    assert_close(w19.cost_repairs, 5, EXACT, 0);
    assert_close(w19.availability, 1, EXACT, 0);

    snprintf(text, sizeof text, "%sreplacement=none\n", head);
    metric_row gone = run_text(text);
    assert_int_equal(gone.retired, 2);
    assert_int_equal(gone.replacements, 0);
    assert_close(gone.availability, 40.0 / 52.0, EXACT, 0);
    assert_close(gone.wait_spare_h, 12, EXACT, 0);
}

/* ---------------------------------------------------------------- closed forms */

/*
 * Escalation: one slot, no spare, unlimited crews; life exponential of mean 10 h, detection
 * 30 m, automatic repair exponential of mean 1 h, succeeding with probability 0.7, else a manual
 * repair exponential of mean 4 h. D = 0.5 + R + B M (B ~ Bernoulli(0.3)): E[D] = 2.7 h,
 * Var D = 1 + (0.3 x 32 - 1.2^2) = 9.16, E[D^2] = 16.45 h^2. The share of manual repairs among
 * the failures is 0.3. Both ways of drawing lives (the shortcut is kept by escalation).
 */
static void escalation_matches_renewal_reward(void **state)
{
    (void)state;
    const double T = 2000;
    double expect = cf_renewal_interval_availability(10, 200, 2.7, 16.45, T);
    scn *s = testscn_load("[scenario]\ntrials=2000\nseed=71\nhorizon=2000h\n[cluster]\nnodes=1\n"
                          "[component.node]\nttf=exponential(mean=10h)\n"
                          "ttr=exponential(mean=1h)\nauto_success=0.7\n"
                          "manual_ttr=exponential(mean=4h)\n[detection]\ntimeout=30m\n",
                          "fleet.ini");
    for (int per_node = 0; per_node < 2; per_node++) {
        test_trials c = testscn_run(s, (mc_opts){.per_node_lives = per_node});
        testscn_assert_mean_near(&c, f_avail, expect,
                                 per_node ? "availability, escalation, per node"
                                          : "availability, escalation");
        double manual = 0, fails = 0;
        for (uint64_t i = 0; i < c.n; i++) {
            manual += (double)c.r[i].manual_repairs;
            fails += (double)c.r[i].failures;
        }
        /* a repair under way at the horizon may not have come to its manual part yet: at most
         * one per trial, far below the SE */
        assert_share_near(manual, fails, 0.3, "manual repairs per failure");
        free(c.r);
    }
    free(s);
}

/*
 * Faulty repairs: one slot, no spare, unlimited crews; life exponential of mean 10 h (rate
 * 0.1), detection 30 m, repair exponential of mean 1 h, faulty with probability 0.4, the fault
 * then failing after 2 h of ageing unless the life ends first. Lives are memoryless and a
 * failure voids a pending fault, so the cycles (a repair, the up time after it) are independent:
 * U = L after a sound repair, min(L, 2) after a faulty one:
 *   E[min(L, b)] = (1 - e^(-b/10)) 10, E[min(L, b)^2] = 200 (1 - e^(-b/10) (1 + b/10)),
 *   E[U] = 0.6 x 10 + 0.4 E[min], E[U^2] = 0.6 x 200 + 0.4 E[min^2]; D = 0.5 + R: E[D] = 1.5,
 *   E[D^2] = 3.25.
 * The first up time is L (the node starts sound): the delayed renewal process adds (1 - A)
 * (E[L] - E[U]) / T to the order-1/T correction. The share of faulty repairs among the repairs
 * done is 0.4.
 */
static void faulty_repairs_match_renewal_reward(void **state)
{
    (void)state;
    const double T = 2000, b = 2, q = 0.4, e = exp(-b / 10);
    double m1 = 10 * (1 - e), m2 = 200 * (1 - e * (1 + b / 10));
    double mu = (1 - q) * 10 + q * m1, m2u = (1 - q) * 200 + q * m2, md = 1.5;
    double a = mu / (mu + md);
    double expect = cf_renewal_interval_availability(mu, m2u, md, 3.25, T) + (1 - a) * (10 - mu) / T;
    scn *s = testscn_load("[scenario]\ntrials=2000\nseed=72\nhorizon=2000h\n[cluster]\nnodes=1\n"
                          "[component.node]\nttf=exponential(mean=10h)\n"
                          "ttr=exponential(mean=1h)\nbad_repair=0.4\nbad_repair_ttf=2h\n"
                          "[detection]\ntimeout=30m\n",
                          "fleet.ini");
    test_trials c = testscn_run(s, (mc_opts){0});
    testscn_assert_mean_near(&c, f_avail, expect, "availability, faulty repairs");
    double bad = 0, done = 0;
    for (uint64_t i = 0; i < c.n; i++) {
        bad += (double)c.r[i].failed_repairs;
        done += (double)c.r[i].failures; /* all but the one under way at the horizon */
    }
    assert_share_near(bad, done, q, "faulty repairs per failure");
    free(c.r);
    free(s);
}

/*
 * Lemons drawn per node and trial: one slot, no spare, life exponential of mean 10 h, repair
 * 1 h, detection 30 m; 30% lemons of factor 5 (mean life 2 h). A trial's node is a lemon with
 * probability 0.3 for the whole trial, so the expected availability is 0.7 A(10) + 0.3 A(2),
 * each renewal-reward's with its order-1/T correction (D fixed 1.5 h). The trials with a lemon
 * are those whose failures are all lemon_failures: 30% of them.
 */
static void lemons_match_the_mixture_of_their_availabilities(void **state)
{
    (void)state;
    const double T = 1000;
    double a1 = cf_renewal_interval_availability(10, 200, 1.5, 2.25, T);
    double a5 = cf_renewal_interval_availability(2, 8, 1.5, 2.25, T);
    double expect = 0.7 * a1 + 0.3 * a5;
    scn *s = testscn_load("[scenario]\ntrials=20000\nseed=73\nhorizon=1000h\n[cluster]\nnodes=1\n"
                          "[component.node]\nttf=exponential(mean=10h)\nttr=1h\n"
                          "[detection]\ntimeout=30m\n"
                          "[fleet]\nlemon_fraction=0.3\nlemon_factor=5\n",
                          "fleet.ini");
    test_trials c = testscn_run(s, (mc_opts){0});
    testscn_assert_mean_near(&c, f_avail, expect, "availability, 30% lemons of factor 5");
    /* each kind of trial on its own: A(2 h) for the lemons', A(10 h) for the others' */
    test_trials part[2] = {{0}, {0}};
    for (uint64_t i = 0; i < c.n; i++) {
        int lemon = c.r[i].lemon_failures > 0;
        if (lemon) assert_int_equal(c.r[i].lemon_failures, c.r[i].failures);
        testscn_collect(&part[lemon], &c.r[i]);
    }
    assert_share_near((double)part[1].n, (double)c.n, 0.3, "trials with a lemon");
    testscn_assert_mean_near(&part[0], f_avail, a1, "availability, trials without a lemon");
    testscn_assert_mean_near(&part[1], f_avail, a5, "availability, trials with a lemon");
    free(part[0].r);
    free(part[1].r);
    free(c.r);
    free(s);
}

/*
 * A lemon's lives run faster whatever their law: Weibull lives (shape 2, scale 10 h) with every
 * node a lemon of factor 2 are Weibull lives of scale 5 h, as a plain cluster of that scale:
 * one slot, repair 1 h, horizon 1000 h, renewal-reward's availability with the order-1/T
 * correction, E[U] = 5 Gamma(1.5), E[U^2] = 25.
 */
static void a_lemon_of_any_law_is_its_accelerated_life(void **state)
{
    (void)state;
    const double T = 1000, mu = 5 * tgamma(1.5);
    double expect = cf_renewal_interval_availability(mu, 25, 1, 1, T);
    scn *s = testscn_load("[scenario]\ntrials=2000\nseed=74\nhorizon=1000h\n[cluster]\nnodes=1\n"
                          "[component.node]\nttf=weibull(shape=2, scale=10h)\nttr=1h\n"
                          "[fleet]\nlemon_fraction=1\nlemon_factor=2\n",
                          "fleet.ini");
    test_trials c = testscn_run(s, (mc_opts){0});
    testscn_assert_mean_near(&c, f_avail, expect, "availability, Weibull lemons of factor 2");
    free(c.r);
    free(s);
}

/*
 * Retirement at the first failure, no replacement: one slot, S = 3 cold spares, no failover or
 * detection delay, lives exponential of rate 1/100 h. Each failure retires its node and the next
 * spare swaps in at once, new (cold spares do not age), so the slot is up until the (S+1)-th
 * failure, a Gamma(S + 1, 100 h) time G, or the horizon H = 500 h:
 *   E[min(G, H)] = E[G; G < H] + H P(G >= H) = (S + 1) 100 P(Gamma(S + 2) < H) + H Q(Gamma(S + 1), H).
 * Every failure is a retirement, never more than S + 1, and no repair is started.
 */
static void retirement_without_replacement_matches_the_gamma_law(void **state)
{
    (void)state;
    const double H = 500, S = 3, m = 100;
    double up = (S + 1) * m * gsl_cdf_gamma_P(H, S + 2, m) + H * gsl_cdf_gamma_Q(H, S + 1, m);
    scn *s = testscn_load("[scenario]\ntrials=4000\nseed=75\nhorizon=500h\n[cluster]\nnodes=1\n"
                          "spares=3\n[component.node]\nttf=exponential(mean=100h)\nttr=1h\n"
                          "[cost]\nrepair=1\n[fleet]\nretire_after=1\nreplacement=none\n",
                          "fleet.ini");
    for (int per_node = 0; per_node < 2; per_node++) {
        test_trials c = testscn_run(s, (mc_opts){.per_node_lives = per_node});
        testscn_assert_mean_near(&c, f_avail, up / H,
                                 per_node ? "availability, retirement, per node"
                                          : "availability, retirement");
        for (uint64_t i = 0; i < c.n; i++) {
            assert_int_equal(c.r[i].retired, c.r[i].failures);
            assert_true(c.r[i].failures <= 4);
            assert_close(c.r[i].cost_repairs, 0, 0, 0);
        }
        free(c.r);
    }
    free(s);
}

/* Every rule at once, every duration random: timers per node (Weibull lives, hot spares, lemons,
 * faulty repairs, a rack) and the Poisson shortcut (exponential lives, cold spares, escalation
 * and retirement only). Over 600 trials (more than one block of trials per thread): the same
 * rows for one and two threads, and a trial alone the same as inside the run (nothing of the
 * fleet leaks from one trial to the next); the accounting identity in every trial, replacements
 * never more than the retired, manual repairs and faulty ones never more than the repairs. */
static const char *const everything[] = {
    "[scenario]\ntrials=600\nseed=9\nhorizon=2000h\n[cluster]\nnodes=32\nspares=3\n"
    "spare_mode=hot\nrepair_crews=2\n[component.gpu]\ncount=8\n"
    "ttf=weibull(shape=0.8, scale=4000h)\nttr=lognormal(mean=12h, sd=6h)\nauto_success=0.7\n"
    "manual_ttr=exponential(mean=24h)\nbad_repair=0.2\nbad_repair_ttf=exponential(mean=20h)\n"
    "[component.sw]\nttf=exponential(mean=2000h)\nttr=10m\nreach=process\n"
    "[detection]\ntimeout=10m\nheartbeat=2m\n[failover]\ntime=exponential(mean=20m)\n"
    "[domain.rack]\nsize=8\nttf=exponential(mean=3000h)\nttr=4h\n"
    "[job]\nwork=300h\ncheckpoint_interval=1h\ncheckpoint_cost=gamma(shape=3, mean=3m)\n"
    "restart_cost=exponential(mean=10m)\n[cost]\nrepair=10\nnode_hour=1\n"
    "[fleet]\nlemon_fraction=0.1\nlemon_factor=8\nretire_after=3\nretire_window=30d\n"
    "replacement=5d\n",
    "[scenario]\ntrials=600\nseed=10\nhorizon=3000h\n[cluster]\nnodes=32\nspares=2\n"
    "repair_crews=3\n[component.gpu]\ncount=8\nttf=exponential(mean=3000h)\n"
    "ttr=exponential(mean=12h)\nauto_success=0.5\nmanual_ttr=uniform(min=1d, max=3d)\n"
    "[detection]\ntimeout=5m\nheartbeat=5m\n[failover]\ntime=uniform(min=5m, max=30m)\n"
    "[job]\nwork=300h\ncheckpoint_interval=1h\ncheckpoint_cost=uniform(min=1m, max=5m)\n"
    "restart_cost=lognormal(mean=10m, sd=4m)\n[fleet]\nretire_after=2\nreplacement=none\n",
};

static void every_rule_at_once_is_reproducible_and_adds_up(void **state)
{
    (void)state;
    static const uint64_t picks[] = {0, 1, 255, 256, 599};
    for (int k = 0; k < 2; k++) {
        scn *s = testscn_load(everything[k], "fleet.ini");
        test_trials one = testscn_run(s, (mc_opts){.threads = 1});
        test_trials two = testscn_run(s, (mc_opts){.threads = 2});
        assert_int_equal(one.n, 600);
        assert_int_equal(two.n, 600);
        assert_memory_equal(one.r, two.r, one.n * sizeof *one.r);
        uint64_t retired = 0, manual = 0, bad = 0;
        for (uint64_t i = 0; i < one.n; i++) {
            const metric_row *r = &one.r[i];
            testscn_assert_identity(r);
            assert_true(r->replacements <= r->retired);
            if (s->has_cost) { /* repair = 10: the repairs started are cost_repairs / 10 */
                double repairs = r->cost_repairs / 10;
                assert_true((double)r->manual_repairs <= repairs);
                assert_true((double)r->failed_repairs <= repairs);
            }
            retired += r->retired;
            manual += r->manual_repairs;
            bad += r->failed_repairs;
        }
        print_message("  case %d: %llu retired, %llu manual repairs, %llu faulty ones\n", k,
                      (unsigned long long)retired, (unsigned long long)manual,
                      (unsigned long long)bad);
        assert_true(retired > 0 && manual > 0);
        if (k == 0) assert_true(bad > 0);
        world_plan *plan = world_plan_new(s, 0);
        assert_non_null(plan);
        for (size_t p = 0; p < sizeof picks / sizeof picks[0]; p++) {
            world *w = world_new(plan);
            assert_non_null(w);
            metric_row alone;
            char err[400];
            if (world_run(w, s->seed, picks[p], &alone, err, sizeof err)) fail_msg("%s", err);
            assert_memory_equal(&alone, &one.r[picks[p]], sizeof alone);
            world_free(w);
        }
        world_plan_free(plan);
        free(one.r);
        free(two.r);
        free(s);
    }
}

/* A scenario with the keys writes them back, and what it writes loads to the same scenario. */
static void the_keys_are_written_back(void **state)
{
    (void)state;
    scn *s = testscn_load("[scenario]\nhorizon=100h\n[cluster]\nnodes=4\nspares=2\n"
                          "[component.gpu]\nttf=exponential(mean=100h)\nttr=2h\n"
                          "auto_success=0.8\nmanual_ttr=lognormal(mean=48h, sd=24h)\n"
                          "bad_repair=0.05\nbad_repair_ttf=exponential(mean=12h)\n"
                          "[fleet]\nlemon_fraction=0.02\nlemon_factor=10\nretire_after=3\n"
                          "retire_window=30d\nreplacement=14d\n",
                          "fleet.ini");
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    scn_write(s, f);
    fclose(f);
    assert_non_null(strstr(text, "auto_success = 0.8\n"));
    assert_non_null(strstr(text, "bad_repair = 0.05\n"));
    assert_non_null(strstr(text, "[fleet]\nlemon_fraction = 0.02\nlemon_factor = 10\n"
                                 "retire_after = 3\nretire_window = 30d\nreplacement = 14d\n"));
    scn *t = testscn_load(text, "fleet-written.ini");
    assert_true(scn_hash(s) == scn_hash(t));
    assert_close(t->comp[0].auto_success, 0.8, 0, 0);
    assert_close(t->comp[0].bad_repair, 0.05, 0, 0);
    assert_close(t->retire_window, 720, 0, 0);
    assert_close(t->replacement, 336, 0, 0);
    free(text);
    free(s);
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(failed_automatic_repairs_go_on_to_a_manual_one),
        cmocka_unit_test(a_faulty_repair_fails_again_after_its_ageing),
        cmocka_unit_test(a_faulty_repair_ages_only_while_its_node_does),
        cmocka_unit_test(a_lemon_ages_faster),
        cmocka_unit_test(a_lemon_keeps_its_faster_age_when_it_stops),
        cmocka_unit_test(retirement_takes_a_node_out_and_its_replacement_in),
        cmocka_unit_test(escalation_matches_renewal_reward),
        cmocka_unit_test(faulty_repairs_match_renewal_reward),
        cmocka_unit_test(lemons_match_the_mixture_of_their_availabilities),
        cmocka_unit_test(a_lemon_of_any_law_is_its_accelerated_life),
        cmocka_unit_test(retirement_without_replacement_matches_the_gamma_law),
        cmocka_unit_test(every_rule_at_once_is_reproducible_and_adds_up),
        cmocka_unit_test(the_keys_are_written_back),
    };
    return cmocka_run_group_tests_name("fleet", tests, NULL, NULL);
}
