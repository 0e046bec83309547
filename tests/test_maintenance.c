/*
 * Planned maintenance ([maintenance]), docs/model.md "Planned maintenance": timelines with fixed
 * durations worked out by hand in the comments, run through world_run as `relsim run` does, and
 * the closed forms of the down time and of the failures beside it (fixed seeds, 4 standard
 * errors).
 */
#include "tests/testutil.h"
#include "tests/testscn.h"
#include "sim/study/analytic.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EXACT 1e-12

static metric_row run_text(const char *text)
{
    return testscn_trial(text, "maintenance.ini", 0);
}

/*
 * Scope all: two slots, no failure (ttf 1000 h), the whole cluster down for 2 h every 10 h (at
 * 10, 20, 30 h). Work 20 h, checkpoints every 4 h costing 30 m, restores 15 m.
 *   seg1 0-4, ck -4.5, seg2 -8.5, ck -9, seg3 9-: maintenance at 10 (lost 1), down 10-12,
 *   restore -12.25, seg3 -16.25, ck -16.75, seg4 16.75-: maintenance at 20 (lost 3.25), down
 *   20-22, restore -22.25, seg4 -26.25, ck -26.75, seg5 26.75-: maintenance at 30 (lost 3.25),
 *   down 30-32, restore -32.25, seg5 -36.25: done (no checkpoint after the last segment).
 * Lost 7.5, checkpoints 4 x 0.5 = 2, restores 0.75, down 6: 20 + 7.5 + 2 + 0.75 + 6 = 36.25.
 * Three planned interruptions, no failure; each an interruption of the RPO/RTO figures.
 */
static void scope_all_takes_the_cluster_down_at_planned_times(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\ntrials=1\n[cluster]\nnodes=2\n"
                            "[component.board]\nttf=1000h\nttr=1h\n"
                            "[maintenance]\nevery=10h\nduration=2h\n"
                            "[job]\nwork=20h\ncheckpoint_interval=4h\ncheckpoint_cost=30m\n"
                            "restart_cost=15m\n");
    assert_int_equal(r.completed, 1);
    assert_close(r.makespan_h, 36.25, EXACT, 0);
    assert_close(r.lost_h, 7.5, EXACT, 0);
    assert_close(r.checkpoint_h, 2, EXACT, 0);
    assert_close(r.restart_h, 0.75, EXACT, 0);
    assert_close(r.down_h, 6, EXACT, 0);
    assert_int_equal(r.failures, 0);
    assert_int_equal(r.maintenances, 3);
    assert_int_equal(r.maintenances_skipped, 0);
    assert_close(r.maintenance_h, 6, EXACT, 0);
    assert_int_equal(r.max_slots_down, 2);
    assert_int_equal(r.interruptions, 3);
    assert_close(r.rpo_h, 7.5 / 3, EXACT, 0);
    assert_close(r.rto_h, 2.25, EXACT, 0);
    testscn_assert_identity(&r);
}

/*
 * A maintenance is not a failure: it destroys no copy. The same timeline with a node-local tier
 * (every checkpoint, lost_on = domain: a failure domain would take it) and a PFS every 4th, both
 * costing 30 m: every restore reads the local copy (15 m), as above. A [domain] of the same
 * times would have lost the local copy each time.
 */
static void a_maintenance_destroys_no_copy(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\ntrials=1\n[cluster]\nnodes=2\n"
                            "[component.board]\nttf=1000h\nttr=1h\n"
                            "[maintenance]\nevery=10h\nduration=2h\n"
                            "[job]\nwork=20h\ncheckpoint_interval=4h\n"
                            "[tier.local]\nevery=1\ncost=30m\nrestore_cost=15m\nlost_on=domain\n"
                            "[tier.pfs]\nevery=4\ncost=30m\nrestore_cost=1h\nlost_on=never\n");
    assert_close(r.makespan_h, 36.25, EXACT, 0);
    assert_int_equal(r.restores_tier0, 3);
    assert_int_equal(r.restores_tier1, 0);
    testscn_assert_identity(&r);
}

/*
 * Nodes do not age while the cluster is down for maintenance. One node (ttf 11 h of its own age,
 * repair 1 h, no spare), maintenance 3 h every 8 h from 5 h (5-8, 13-16, 21-24, 29-), horizon
 * 30 h: the node ages 0-5 and 8-13 (age 10), fails at 17 (age 11), is repaired 17-18 (a new
 * component), ages 18-21 and 24-29 (age 8): no second failure; had it aged through the
 * maintenances it would have failed at 11 h. Down 5-8, 13-16, 17-18, 21-24, 29-30 = 11 h, of
 * which maintenance 10 h (the last cut at the horizon).
 */
static void nodes_do_not_age_during_a_maintenance(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\ntrials=1\nhorizon=30h\n[cluster]\nnodes=1\n"
                            "[component.board]\nttf=11h\nttr=1h\n"
                            "[maintenance]\nevery=8h\nduration=3h\nstart=5h\n");
    assert_int_equal(r.failures, 1);
    assert_int_equal(r.maintenances, 4);
    assert_close(r.down_h, 11, EXACT, 0);
    assert_close(r.maintenance_h, 10, EXACT, 0);
    assert_close(r.availability, 19.0 / 30, EXACT, 0);
}

/*
 * A scope-all maintenance still running when the next falls due skips it. Every 4 h from 1 h,
 * durations uniform on (1 h, 7 h) are drawn; with fixed ones the check refuses a duration of
 * every or more (tests/bad), so here one node, horizon 40 h, and the count of maintenances
 * started plus those skipped is the 10 due at 1, 5, ..., 37 h.
 */
static void an_overrunning_maintenance_skips_the_next(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\ntrials=1\nhorizon=40h\n[cluster]\nnodes=1\n"
                            "[component.board]\nttf=1000h\nttr=1h\n"
                            "[maintenance]\nevery=4h\nduration=uniform(min=1h, max=7h)\n"
                            "start=1h\n");
    assert_int_equal(r.maintenances + r.maintenances_skipped, 10);
    assert_true(r.maintenances_skipped > 0);
    assert_close(r.maintenance_h, r.down_h, EXACT, 0);
}

/*
 * Rolling: two slots and a cold spare, failover 30 m, no failure; every 10 h each slot's node
 * leaves for 3 h, slot 0 at 10, 20 h, slot 1 at 15, 25 h. Work 14 h, checkpoints every 2 h
 * costing 15 m, restores 30 m. Checkpoint m ends at 2.25 m.
 *   seg5 9-: at 10 n0 leaves slot 0 (lost 1), the spare n2 swaps in 10-10.5, restore -11, seg5
 *   -13, ck -13.25 (n0 back at 13: to the pool), seg6 13.25-: at 15 n1 leaves slot 1 (lost
 *   1.75), n0 swaps in 15-15.5, restore -16, seg6 -18, ck -18.25 (n1 back at 18: the pool),
 *   seg7 18.25-: at 20 n2 leaves slot 0 (lost 1.75), n1 swaps in 20-20.5, restore -21, seg7
 *   -23: done.
 * Lost 4.5, checkpoints 6 x 0.25, restores 3 x 0.5, down 3 x 0.5: 14 + 4.5 + 1.5 + 1.5 + 1.5 =
 * 23. Each turn interrupts the job for the failover only.
 */
static void rolling_takes_one_node_out_at_a_time(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\ntrials=1\n[cluster]\nnodes=2\nspares=1\n"
                            "[component.board]\nttf=1000h\nttr=1h\n[failover]\ntime=30m\n"
                            "[maintenance]\nevery=10h\nduration=3h\nscope=rolling\n"
                            "[job]\nwork=14h\ncheckpoint_interval=2h\ncheckpoint_cost=15m\n"
                            "restart_cost=30m\n");
    assert_int_equal(r.completed, 1);
    assert_close(r.makespan_h, 23, EXACT, 0);
    assert_close(r.lost_h, 4.5, EXACT, 0);
    assert_close(r.checkpoint_h, 1.5, EXACT, 0);
    assert_close(r.restart_h, 1.5, EXACT, 0);
    assert_close(r.down_h, 1.5, EXACT, 0);
    assert_close(r.wait_spare_h, 0, EXACT, 0);
    assert_int_equal(r.failures, 0);
    assert_int_equal(r.maintenances, 3);
    assert_close(r.maintenance_h, 1.5, EXACT, 0);
    assert_int_equal(r.interruptions, 3);
    testscn_assert_identity(&r);
}

/*
 * Rolling without a spare: the slot waits for its own node, and a slot that is not up at its
 * turn is skipped. One slot, failover 30 m, maintenance 3 h every 10 h (turns at 10, 20 h);
 * the node fails at 10.5 h of its own age, repairs take 8 h; horizon 25 h.
 *   Ages 0-10 (age 10); out 10-13, swaps back 13-13.5; ages 13.5-14: fails at 14 (age 10.5, not
 *   at 10.5 h: it did not age while out); repaired 14-22, swaps 22-22.5. The turn at 20 finds
 *   the slot down: skipped.
 * Down 10-13.5 and 14-22.5 = 12 h, of which maintenance 3.5 h; the slot waited for a node 10-13
 * and 14-22 (wait_spare_h 11).
 */
static void rolling_without_a_spare_waits_and_skips(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\ntrials=1\nhorizon=25h\n[cluster]\nnodes=1\n"
                            "[component.board]\nttf=10.5h\nttr=8h\n[failover]\ntime=30m\n"
                            "[maintenance]\nevery=10h\nduration=3h\nscope=rolling\n");
    assert_int_equal(r.failures, 1);
    assert_int_equal(r.maintenances, 1);
    assert_int_equal(r.maintenances_skipped, 1);
    assert_close(r.down_h, 12, EXACT, 0);
    assert_close(r.maintenance_h, 3.5, EXACT, 0);
    assert_close(r.wait_spare_h, 11, EXACT, 0);
    assert_close(r.availability, 13.0 / 25, EXACT, 0);
}

/*
 * A slot whose failure domain is down at its turn is skipped too. Two slots in a rack (down 9-12
 * and 21-24 h: ttf 9 h, ttr 3 h), no spare, failover 0, rolling 30 m every 10 h (slot 0 at 10,
 * 20 h, slot 1 at 15, 25 h), no node failure, horizon 26 h. At 10 the rack is down: skipped;
 * 15-15.5, 20-20.5 and 25-25.5 the slots' nodes are out. Down 9-12, 15-15.5, 20-20.5, 21-24,
 * 25-25.5 = 7.5 h, maintenance 1.5 h, domains 6 h.
 */
static void rolling_skips_a_slot_whose_domain_is_down(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\ntrials=1\nhorizon=26h\n[cluster]\nnodes=2\n"
                            "[component.board]\nttf=1000h\nttr=1h\n"
                            "[domain.rack]\nsize=2\nttf=9h\nttr=3h\n"
                            "[maintenance]\nevery=10h\nduration=30m\nscope=rolling\n");
    assert_int_equal(r.maintenances, 3);
    assert_int_equal(r.maintenances_skipped, 1);
    assert_int_equal(r.domain_failures, 2);
    assert_close(r.down_h, 7.5, EXACT, 0);
    assert_close(r.maintenance_h, 1.5, EXACT, 0);
    assert_close(r.domain_down_h, 6, EXACT, 0);
}

/*
 * A node back from maintenance joins the pool in its spares' mode. One slot, one spare, failover
 * 0, no detection delay; every node fails at 12 h of its own age (repairs 100 h); one turn, at
 * 5 h, for 4 h; horizon 20 h.
 *   Hot: n0 (age 5) leaves at 5, the spare n1 (age 5: it aged in the pool) swaps in; n0 back at
 *   9 ages in the pool from age 5; n1 fails at 12, n0 (age 8) swaps in and fails at 16: no node
 *   left, down 16-20. Two failures, down 4 h.
 *   Cold: n1 (age 0) swaps in at 5 and fails at 17; n0, back at 9 at age 5 and not ageing in the
 *   pool, swaps in at 17 and would fail at 24. One failure, never down.
 */
static void a_node_back_from_maintenance_ages_as_its_spares_do(void **state)
{
    (void)state;
    static const char *const base = "[scenario]\ntrials=1\nhorizon=20h\n"
                                    "[component.board]\nttf=12h\nttr=100h\n"
                                    "[maintenance]\nevery=20h\nduration=4h\nscope=rolling\n"
                                    "start=5h\n";
    char text[512];
    snprintf(text, sizeof text, "%s[cluster]\nnodes=1\nspares=1\nspare_mode=hot\n", base);
    metric_row r = run_text(text);
    assert_int_equal(r.maintenances, 1);
    assert_int_equal(r.failures, 2);
    assert_close(r.down_h, 4, EXACT, 0);
    snprintf(text, sizeof text, "%s[cluster]\nnodes=1\nspares=1\n", base);
    r = run_text(text);
    assert_int_equal(r.failures, 1);
    assert_close(r.down_h, 0, EXACT, 0);
    assert_close(r.maintenance_h, 0, EXACT, 0);
}

/*
 * With [service], rolling maintenance takes the replicas down one at a time. Four one-node
 * replicas, no spare, failover 0, 1 h every 10 h (turns every 2.5 h from 10 h: 12 by the
 * horizon of 39 h), no failure. The load balancer is told at once (planned), so no request is
 * lost: request availability 1. Up while 3 answer: never down. Up only while all 4 answer: each
 * turn is an outage of 1 h, 12 of them. With a spare the node swaps out with no delay: no outage.
 */
static void rolling_maintenance_and_a_service(void **state)
{
    (void)state;
    static const char *const base = "[scenario]\ntrials=1\nhorizon=39h\n"
                                    "[component.board]\nttf=10000h\nttr=1h\n"
                                    "[maintenance]\nevery=10h\nduration=1h\nscope=rolling\n";
    char text[512];
    snprintf(text, sizeof text, "%s[service]\nreplicas=4\nmin_replicas=3\n", base);
    metric_row r = run_text(text);
    assert_int_equal(r.maintenances, 12);
    assert_close(r.service_availability, 1, EXACT, 0);
    assert_int_equal(r.outages, 0);
    assert_close(r.request_availability, 1, EXACT, 0);
    snprintf(text, sizeof text, "%s[service]\nreplicas=4\nmin_replicas=4\n", base);
    r = run_text(text);
    assert_close(r.service_availability, 27.0 / 39, EXACT, 0);
    assert_int_equal(r.outages, 12);
    assert_close(r.mean_outage_min, 60, EXACT, 0);
    assert_close(r.request_availability, 1, EXACT, 0);
    snprintf(text, sizeof text, "%s[cluster]\nspares=1\n[service]\nreplicas=4\nmin_replicas=4\n",
             base);
    r = run_text(text);
    assert_int_equal(r.maintenances, 12);
    assert_int_equal(r.outages, 0);
    assert_close(r.service_availability, 1, EXACT, 0);
}

/* Mean and standard error of the mean of metric m over the trials. */
static void mean_se(const test_trials *c, size_t off, double *mean, double *se)
{
    double s = 0, s2 = 0;
    for (uint64_t i = 0; i < c->n; i++) {
        double x = *(const double *)((const char *)&c->r[i] + off);
        s += x;
        s2 += x * x;
    }
    double n = (double)c->n;
    *mean = s / n;
    *se = sqrt(fmax(s2 / n - *mean * *mean, 0) / (n - 1));
}

static double count_mean(const test_trials *c, double *se)
{
    double s = 0, s2 = 0, n = (double)c->n;
    for (uint64_t i = 0; i < c->n; i++) {
        double x = (double)c->r[i].failures;
        s += x;
        s2 += x * x;
    }
    double m = s / n;
    *se = sqrt(fmax(s2 / n - m * m, 0) / (n - 1));
    return m;
}

/*
 * Scope all without failures: over whole periods the cluster is up 1 - E[D] / every of the time.
 * Maintenance every 10 h from 5 h (each inside its period [10 k, 10 k + 10)), durations uniform
 * on (0, 2 h): E[availability] = 1 - 1 / 10 over 1000 h, and E[maintenance_h] = 100 h.
 * Rolling without spares, 4 slots, failover 0: turns 2.5 h apart never overlap (D < 2 h), each
 * slot down D: E[availability] = 1 - 4 E[D] / 10 = 0.6.
 */
static void down_share_is_the_duration_over_the_period(void **state)
{
    (void)state;
    scn *s = testscn_load("[scenario]\ntrials=400\nhorizon=1000h\n[cluster]\nnodes=8\n"
                          "[component.board]\nttf=1000000h\nttr=1h\n"
                          "[maintenance]\nevery=10h\nduration=uniform(min=0s, max=2h)\n"
                          "start=5h\n",
                          "all.ini");
    test_trials c = testscn_run(s, (mc_opts){0});
    double m, se;
    mean_se(&c, offsetof(metric_row, availability), &m, &se);
    print_message("scope all: availability %.6f +- %.2g (closed form 0.9)\n", m, se);
    assert_true(fabs(m - 0.9) <= 4 * se);
    mean_se(&c, offsetof(metric_row, maintenance_h), &m, &se);
    assert_true(fabs(m - 100) <= 4 * se);
    for (uint64_t i = 0; i < c.n; i++)
        assert_int_equal(c.r[i].maintenances, 100);
    free(c.r);
    free(s);
    s = testscn_load("[scenario]\ntrials=400\nhorizon=1000h\n[cluster]\nnodes=4\n"
                     "[component.board]\nttf=1000000h\nttr=1h\n"
                     "[maintenance]\nevery=10h\nduration=uniform(min=0s, max=2h)\n"
                     "scope=rolling\nstart=0s\n",
                     "rolling.ini");
    c = testscn_run(s, (mc_opts){0});
    mean_se(&c, offsetof(metric_row, availability), &m, &se);
    print_message("rolling: availability %.6f +- %.2g (closed form 0.6)\n", m, se);
    assert_true(fabs(m - 0.6) <= 4 * se);
    for (uint64_t i = 0; i < c.n; i++) /* 400 turns, and slot 0's at the horizon (it runs) */
        assert_int_equal(c.r[i].maintenances, 401);
    free(c.r);
    free(s);
    /* fixed durations: exactly 1 - nodes x duration / every */
    metric_row r = run_text("[scenario]\ntrials=1\nhorizon=100h\n[cluster]\nnodes=4\n"
                            "[component.board]\nttf=1000000h\nttr=1h\n"
                            "[maintenance]\nevery=10h\nduration=1h\nscope=rolling\nstart=0s\n");
    assert_close(r.availability, 0.6, EXACT, 0);
    assert_close(r.maintenance_h, 40, EXACT, 0);
}

/*
 * Exponential failures beside maintenance. Each slot's node fails at rate lambda while it ages:
 * with no detection or failover delay and spares that do not run out, every slot holds an ageing
 * node except while the cluster is down for maintenance, so by the compensator of the failures
 * E[failures] = N lambda (T - E[maintenance_h]) (scope all: 8 nodes of mean life 100 h, T =
 * 1000 h, E[maintenance_h] = 100 h: 72), and with rolling maintenance (a spare swaps in at once)
 * every slot ages all the time: N lambda T = 80. Both ways of drawing lives.
 */
static void failures_beside_maintenance_follow_the_ageing_time(void **state)
{
    (void)state;
    static const struct {
        const char *scope, *name;
        double want;
    } cases[] = {{"all", "fail-all.ini", 72}, {"rolling", "fail-rolling.ini", 80}};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char text[600];
        snprintf(text, sizeof text,
                 "[scenario]\ntrials=400\nhorizon=1000h\n[cluster]\nnodes=8\nspares=8\n"
                 "[component.board]\nttf=exponential(mean=100h)\nttr=1h\n"
                 "[maintenance]\nevery=10h\nduration=uniform(min=0s, max=2h)\nstart=5h\n"
                 "scope=%s\n",
                 cases[k].scope);
        scn *s = testscn_load(text, cases[k].name);
        for (int per_node = 0; per_node < 2; per_node++) {
            test_trials c = testscn_run(s, (mc_opts){.per_node_lives = per_node});
            double se, m = count_mean(&c, &se);
            print_message("%s%s: failures %.3f +- %.2g (closed form %g)\n", cases[k].scope,
                          per_node ? ", per node" : "", m, se, cases[k].want);
            assert_true(fabs(m - cases[k].want) <= 4 * se);
            free(c.r);
        }
        free(s);
    }
}

/*
 * relsim analytic's maintenance entries (scope all, exact over a fixed trial, whatever fails):
 * due at 5, 15, ..., 95 h, durations uniform on (1 h, 3 h), horizon 96.5 h: 10 maintenances and
 * E[maintenance_h] = 9 x 2 + E[min(D, 1.5 h)] = 18 + (0.25 x 1.25 + 0.75 x 1.5) = 19.4375 h,
 * the last one cut at the horizon (the integral of the survival function, by quadrature). Four
 * nodes failing exponentially beside it (a crew each, no spare) change nothing.
 */
static void the_closed_form_of_maintenance_agrees_with_the_simulator(void **state)
{
    (void)state;
    scn *s = testscn_load("[scenario]\ntrials=2000\nhorizon=96.5h\n[cluster]\nnodes=4\n"
                          "[component.board]\nttf=exponential(mean=50h)\nttr=2h\n"
                          "[maintenance]\nevery=10h\nduration=uniform(min=1h, max=3h)\n"
                          "start=5h\n",
                          "cf.ini");
    analytic_list *l = malloc(sizeof *l);
    assert_non_null(l);
    analytic_compute(s, l);
    const analytic_entry *n = analytic_for_metric(l, "maintenances");
    const analytic_entry *h = analytic_for_metric(l, "maintenance_h");
    assert_non_null(n);
    assert_non_null(h);
    assert_int_equal(n->fit, ANALYTIC_EXACT);
    assert_int_equal(h->fit, ANALYTIC_EXACT);
    assert_close(n->value, 10, EXACT, 0);
    assert_close(h->value, 19.4375, 1e-9, 0);
    test_trials c = testscn_run(s, (mc_opts){0});
    double m, se;
    mean_se(&c, offsetof(metric_row, maintenance_h), &m, &se);
    print_message("maintenance_h %.5f +- %.2g (closed form %.5f)\n", m, se, h->value);
    assert_true(fabs(m - h->value) <= 4 * se);
    uint64_t failures = 0;
    for (uint64_t i = 0; i < c.n; i++) {
        assert_int_equal(c.r[i].maintenances, 10);
        failures += c.r[i].failures;
    }
    assert_true(failures > 0);
    free(c.r);
    free(l);
    free(s);
}

/* A scenario with [maintenance] writes it back, start resolved, and loads back the same. */
static void maintenance_is_written_back(void **state)
{
    (void)state;
    scn *s = testscn_load("[cluster]\nnodes=2\n[component.board]\nttf=100h\nttr=1h\n"
                          "[scenario]\nhorizon=10h\n"
                          "[maintenance]\nevery=1d\nduration=lognormal(mean=1h, sd=30m)\n"
                          "scope=rolling\n",
                          "w.ini");
    assert_true(s->has_maint);
    assert_true(s->maint_rolling);
    assert_close(s->maint_start, 24, EXACT, 0);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    scn_write(s, f);
    fclose(f);
    assert_non_null(strstr(text, "[maintenance]\nevery = 1d\n"));
    assert_non_null(strstr(text, "scope = rolling\nstart = 1d\n"));
    scn *t = testscn_load(text, "w2.ini");
    assert_true(scn_hash(s) == scn_hash(t));
    free(text);
    free(t);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scope_all_takes_the_cluster_down_at_planned_times),
        cmocka_unit_test(a_maintenance_destroys_no_copy),
        cmocka_unit_test(nodes_do_not_age_during_a_maintenance),
        cmocka_unit_test(an_overrunning_maintenance_skips_the_next),
        cmocka_unit_test(rolling_takes_one_node_out_at_a_time),
        cmocka_unit_test(rolling_without_a_spare_waits_and_skips),
        cmocka_unit_test(rolling_skips_a_slot_whose_domain_is_down),
        cmocka_unit_test(a_node_back_from_maintenance_ages_as_its_spares_do),
        cmocka_unit_test(rolling_maintenance_and_a_service),
        cmocka_unit_test(down_share_is_the_duration_over_the_period),
        cmocka_unit_test(failures_beside_maintenance_follow_the_ageing_time),
        cmocka_unit_test(the_closed_form_of_maintenance_agrees_with_the_simulator),
        cmocka_unit_test(maintenance_is_written_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
