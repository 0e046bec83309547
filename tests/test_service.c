/*
 * The served model ([service]; sim/model/service.h, docs/model.md "Serving"), rule by rule.
 *
 * First, timelines worked out by hand: the service alone, told of its slots' changes at fixed
 * times by a script (as the cluster's slot listener would), then one whole trial through world_run
 * with fixed durations. Then statistical checks against the closed forms of
 * sim/study/analytic_service.c, recomputed here by hand where they are short: the simulated mean
 * within 4 standard errors (fixed seeds, so the outcome never changes from run to run), with
 * trials long enough that a long-run value's start-up bias (from all-new, O(1/T)) is far below
 * the standard error.
 */
#include "tests/testutil.h"
#include "tests/testscn.h"
#include "analysis/stat.h"
#include "models/cf.h"
#include "sim/engine/engine.h"
#include "sim/model/service.h"
#include "sim/study/analytic.h"

#include <gsl/gsl_randist.h>
#include <stdlib.h>
#include <string.h>

#define EXACT 1e-12

/* ------------------------------------------------------------------------------------------ */
/* The service alone, on a script of slot changes */

typedef struct {
    double t;
    uint32_t slot;
    int up;
    double detect_at; /* for a slot that goes down: when the load balancer learns of it */
} step;

typedef struct {
    service *v;
    const step *steps;
} script;

static void on_step(void *ctx, uint32_t i)
{
    script *sc = ctx;
    const step *p = &sc->steps[i];
    service_on_slot(sc->v, p->slot, p->up, p->detect_at);
}

/* Plays the steps (in order at equal times) on the service of scenario `text` up to its horizon
 * and returns its figures. */
static metric_row play(const char *text, const step *steps, size_t n)
{
    scn *s = testscn_load(text, "service.ini");
    engine *e = engine_new();
    assert_non_null(e);
    service *v = service_new(s, e);
    assert_non_null(v);
    script sc = {v, steps};
    int c = engine_add_class(e, on_step, &sc, (uint32_t)n);
    assert_true(c >= 0);
    engine_reset(e);
    assert_int_equal(service_reset(v), 0);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(engine_schedule(e, c, (uint32_t)i, steps[i].t), 0);
    engine_run(e, s->horizon, 1000);
    assert_false(service_failed(v));
    metric_row r;
    memset(&r, 0, sizeof r);
    service_finish(v, s->horizon, &r);
    service_free(v);
    engine_free(e);
    free(s);
    return r;
}

/* The figures' own identities: the downtime is the outages' total, the means are the ratios. */
static void assert_service_identities(const metric_row *r, double horizon)
{
    assert_close(r->outage_total_min / 60, (1 - r->service_availability) * horizon, EXACT, EXACT);
    assert_close(r->downtime_min_per_year, (1 - r->service_availability) * SERVICE_MIN_PER_YEAR,
                 EXACT, EXACT);
    assert_close(r->mean_outage_min, r->outages ? r->outage_total_min / (double)r->outages : 0,
                 EXACT, EXACT);
    assert_int_equal(r->trials_with_an_outage, r->outages > 0);
    assert_close(r->mttff_h, r->first_outage_total_h, 0, 0);
}

/*
 * Three replicas of two slots (replica r: slots 2r, 2r+1), up while 2 are; failures detected at
 * once (so the load balancer believes exactly the replicas up), horizon 100 h.
 *   10: slot 0 down: replica 0 down, 2 up, the service up. 15: slot 1 down (replica 0 still
 *   down). 20: slot 0 back, replica 0 still down (slot 1). 30: slot 4 down: replica 2 down, 1 up:
 *   an outage opens. 40: slot 1 back: replica 0 up, 2 up: the outage ends (10 h). 50: slot 4
 *   back, 3 up. 60: slots 2, 3 and 5 down at once: replicas 1 and 2 down, an outage opens. 80:
 *   slot 2 back, replica 1 still down (slot 3). 85: slot 3 back: 2 up, it ends (25 h). Slot 5 is
 *   still down at the horizon, the service up.
 * Down 35 h of 100; outages 10 h and 25 h: mean 17.5 h = 1050 min; p95 by summary.csv's rule
 * (GSL's interpolation, position 0.95 (n - 1)): 10 + 0.95 x 15 = 24.25 h = 1455 min. First
 * outage at 30 h. Every request answered: a replica believed is up.
 */
static void a_replica_is_up_when_all_its_slots_are(void **state)
{
    (void)state;
    static const step st[] = {
        {10, 0, 0, 10}, {15, 1, 0, 15}, {20, 0, 1, 0},  {30, 4, 0, 30},
        {40, 1, 1, 0},  {50, 4, 1, 0},  {60, 2, 0, 60}, {60, 3, 0, 60},
        {60, 5, 0, 60}, {80, 2, 1, 0},  {85, 3, 1, 0},
    };
    metric_row r = play("[scenario]\nhorizon=100h\n[component.c]\nttf=1000h\nttr=1h\n"
                        "[service]\nreplicas=3\nreplica_nodes=2\nmin_replicas=2\n",
                        st, sizeof st / sizeof st[0]);
    assert_close(r.service_availability, 0.65, EXACT, 0);
    assert_int_equal(r.outages, 2);
    assert_close(r.outage_total_min, 35 * 60, EXACT, 0);
    assert_close(r.mean_outage_min, 1050, EXACT, 0);
    assert_close(r.p95_outage_min, 1455, EXACT, 0);
    assert_close(r.first_outage_total_h, 30, EXACT, 0);
    assert_close(r.request_availability, 1, EXACT, 0);
    assert_service_identities(&r, 100);
}

/*
 * Two replicas of one slot, up while one is; horizon 10 h. The share answered is up / believed.
 *   1: slot 0 down, detected at 3: [1, 3) up 1 of 2 believed: 1/2; [3, 4) believed 1: all.
 *   4: slot 0 back. 5: slot 1 down, to be detected at 8; 6: back before that (the detection is
 *   void): [5, 6) 1/2. 6.5: slot 1 down again, detected at 9.5: [6.5, 9.5) 1/2, [9.5, 10) all.
 * If the first detection of slot 1 still fired at 8, [8, 9.5) would be answered in full: 0.775.
 * Answered: 1 + 1 + 1 + 1 + 0.5 + 0.5 + 1.5 + 0.5 = 7 of 10. Never fewer than 1 up: no outage.
 */
static void the_load_balancer_believes_a_replica_until_detection(void **state)
{
    (void)state;
    static const step st[] = {
        {1, 0, 0, 3}, {4, 0, 1, 0}, {5, 1, 0, 8}, {6, 1, 1, 0}, {6.5, 1, 0, 9.5},
    };
    metric_row r = play("[scenario]\nhorizon=10h\n[component.c]\nttf=1000h\nttr=1h\n"
                        "[service]\nreplicas=2\nmin_replicas=1\n",
                        st, sizeof st / sizeof st[0]);
    assert_close(r.request_availability, 0.7, EXACT, 0);
    assert_close(r.service_availability, 1, 0, 0);
    assert_int_equal(r.outages, 0);
    assert_close(r.p95_outage_min, 0, 0, 0);
    assert_close(r.mttff_h, 0, 0, 0);
    assert_service_identities(&r, 10);
}

/*
 * Two replicas of one slot, both needed; detection at once; horizon 20 h.
 *   2: slot 0 down, an outage opens. 3: slot 0 back and, at the same instant, slot 1 down: the
 *   service was up for no time, so the outage goes on; 5: slot 1 back: one outage [2, 5), 3 h.
 *   8: slot 0 down and back at once: no outage. 10-12: slot 1 down: 2 h. 15: slot 0 down until
 *   the horizon: counted, 5 h.
 * Outages 3 (3, 2 and 5 h), 10 h down: mean 200 min, p95 of (2, 3, 5) at position 1.9:
 * 3 + 0.9 x 2 = 4.8 h = 288 min; the first at 2 h.
 */
static void outages_join_at_an_instant_and_count_to_the_horizon(void **state)
{
    (void)state;
    static const step st[] = {
        {2, 0, 0, 2}, {3, 0, 1, 0},   {3, 1, 0, 3},  {5, 1, 1, 0},   {8, 0, 0, 8},
        {8, 0, 1, 0}, {10, 1, 0, 10}, {12, 1, 1, 0}, {15, 0, 0, 15},
    };
    metric_row r = play("[scenario]\nhorizon=20h\n[component.c]\nttf=1000h\nttr=1h\n"
                        "[service]\nreplicas=2\nmin_replicas=2\n",
                        st, sizeof st / sizeof st[0]);
    assert_int_equal(r.outages, 3);
    assert_close(r.service_availability, 0.5, EXACT, 0);
    assert_close(r.outage_total_min, 600, EXACT, 0);
    assert_close(r.mean_outage_min, 200, EXACT, 0);
    assert_close(r.p95_outage_min, 288, EXACT, 0);
    assert_close(r.first_outage_total_h, 2, EXACT, 0);
    assert_close(r.request_availability, 1, EXACT, 0);
    assert_service_identities(&r, 20);
}

/* A change told twice (the cluster never does) changes nothing, and a slot beyond the service's
 * is ignored. */
static void repeated_changes_change_nothing(void **state)
{
    (void)state;
    static const step st[] = {
        {1, 0, 0, 2}, {1.5, 0, 0, 1.5}, {3, 0, 1, 0}, {3, 0, 1, 0}, {4, 7, 0, 4},
    };
    metric_row r = play("[scenario]\nhorizon=10h\n[component.c]\nttf=1000h\nttr=1h\n"
                        "[service]\nreplicas=2\nmin_replicas=2\n",
                        st, sizeof st / sizeof st[0]);
    assert_int_equal(r.outages, 1);
    assert_close(r.service_availability, 0.8, EXACT, 0);
    /* [1, 2): 1 up of 2 believed; [2, 3): 1 of 1 */
    assert_close(r.request_availability, 0.95, EXACT, 0);
}

/*
 * One whole trial (world_run): two replicas of one node, both needed, one cold spare, ttf 10 h,
 * ttr 2 h, detection 1 h, failover 30 m, unlimited crews, horizon 30 h.
 *   10: nodes 0 and 1 fail (both slots down: the outage opens). 11: both detected; slot 0 takes
 *   the spare (node 2) until 11.5, slot 1 queues; both nodes under repair until 13. 13: node 0
 *   repaired goes to slot 1 (until 13.5), node 1 to the pool. 13.5: both up, the outage ends
 *   (3.5 h). 21.5: node 2 (ageing since 11.5) fails: outage; detected 22.5, slot 0 takes node 1
 *   until 23: outage 1.5 h. 23.5: node 0 (ageing since 13.5) fails: outage; at 24.5 node 2 is
 *   repaired (its repair was scheduled first) and the detected slot takes it until 25: 1.5 h.
 * Down 6.5 h of 30, as the cluster's availability says (k = R). Outages 3.5, 1.5, 1.5 h: mean
 * 130 min, p95 1.5 + 0.9 x 2 = 3.3 h = 198 min, the first at 10 h. Requests lost: [10, 11) all
 * (both undetected, none up), [11, 11.5) all (none up), [21.5, 22.5) and [23.5, 24.5) half (one
 * up of two believed): 2.5 h of 30.
 */
static void a_trial_with_spares_staggers_the_replicas(void **state)
{
    (void)state;
    metric_row r = testscn_trial("[scenario]\ntrials=1\nhorizon=30h\n[cluster]\nspares=1\n"
                                 "[component.board]\nttf=10h\nttr=2h\n"
                                 "[detection]\ntimeout=1h\n[failover]\ntime=30m\n"
                                 "[service]\nreplicas=2\nmin_replicas=2\n",
                                 "service.ini", 0);
    assert_int_equal(r.failures, 4);
    assert_close(r.availability, 23.5 / 30, EXACT, 0);
    assert_close(r.service_availability, 23.5 / 30, EXACT, 0);
    assert_int_equal(r.outages, 3);
    assert_close(r.mean_outage_min, 130, EXACT, 0);
    assert_close(r.p95_outage_min, 198, EXACT, 0);
    assert_close(r.mttff_h, 10, EXACT, 0);
    assert_close(r.request_availability, 27.5 / 30, EXACT, 0);
    assert_service_identities(&r, 30);
}

/* ------------------------------------------------------------------------------------------ */
/* Statistical checks */

static double f_svc(const metric_row *r)
{
    return r->service_availability;
}
static double f_outages(const metric_row *r)
{
    return (double)r->outages;
}
static double f_req(const metric_row *r)
{
    return r->request_availability;
}

/* The same for a ratio of totals over trials (summary.csv's mean_outage_min, mttff_h), with the
 * delta method's SE (analysis/stat.h). */
static void assert_ratio_near(const test_trials *c, int num, int den, double expected,
                              const char *what)
{
    stat_pair p = {0};
    for (uint64_t i = 0; i < c->n; i++)
        stat_pair_add(&p, metric_value(&c->r[i], num), metric_value(&c->r[i], den));
    stat_summary m;
    stat_pair_ratio(&p, &m);
    double se = m.sd / sqrt((double)m.n), z = (m.mean - expected) / se;
    print_message("  %-50s simulated %.6g, closed form %.6g, %+.2f SE\n", what, m.mean, expected,
                  z);
    if (!(fabs(z) <= 4)) fail_msg("%s: %.3f standard errors from the closed form", what, z);
}

static const analytic_entry *entry(const analytic_list *l, const char *quantity)
{
    for (int i = 0; i < l->n; i++)
        if (strcmp(l->e[i].quantity, quantity) == 0) return &l->e[i];
    fail_msg("no entry %s", quantity);
    return NULL;
}

/* Independent nodes, renewal-reward per node: up a = MTTF / C, down and undetected d / C. */
typedef struct {
    double A, outages, mean_min, request;
} kofn;

static kofn k_of_n_by_hand(unsigned R, unsigned m, unsigned k, double mttf, double det, double down,
                           double T)
{
    double C = mttf + down, a = mttf / C, qu = pow(a, m), qb = pow(a + det / C, m);
    kofn o;
    o.A = cf_k_of_n(k, R, qu);
    double rate = R * m * pow(a, m - 1.0) / C * gsl_ran_binomial_pdf(k - 1, qu, R - 1);
    o.outages = rate * T;
    o.mean_min = 60 * (1 - o.A) / rate;
    o.request = (1 - pow(1 - qb, R)) * qu / qb;
    return o;
}

static void check_k_of_n(const char *text, unsigned R, unsigned m, unsigned k, double mttf,
                         double det, double down, const char *what)
{
    scn *s = testscn_load(text, "service.ini");
    kofn o = k_of_n_by_hand(R, m, k, mttf, det, down, s->horizon);
    analytic_list *l = malloc(sizeof *l);
    assert_non_null(l);
    analytic_compute(s, l);
    assert_close(entry(l, "service_k_of_n_availability")->value, o.A, 1e-12, 0);
    assert_close(entry(l, "service_k_of_n_outages")->value, o.outages, 1e-12, 0);
    assert_close(entry(l, "service_k_of_n_mean_outage_min")->value, o.mean_min, 1e-12, 0);
    assert_close(entry(l, "service_request_availability")->value, o.request, 1e-12, 0);
    assert_int_equal(entry(l, "service_k_of_n_availability")->fit, ANALYTIC_APPROXIMATE);
    free(l);
    test_trials c = testscn_run(s, (mc_opts){.threads = 0});
    char label[160];
    snprintf(label, sizeof label, "service availability, %s", what);
    testscn_assert_mean_near(&c, f_svc, o.A, label);
    snprintf(label, sizeof label, "outages, %s", what);
    testscn_assert_mean_near(&c, f_outages, o.outages, label);
    snprintf(label, sizeof label, "mean outage (min), %s", what);
    assert_ratio_near(&c, METRIC_outage_total_min, METRIC_outages, o.mean_min, label);
    snprintf(label, sizeof label, "request availability, %s", what);
    testscn_assert_mean_near(&c, f_req, o.request, label);
    free(c.r);
    free(s);
}

/* k-of-n with detection and failover delays and laws that are not exponential: 8 replicas of one
 * node, 6 needed, Weibull lives (shape 1.5, mean 200 scale Gamma(1 + 1/1.5)), lognormal repairs,
 * detection uniform on (1 h, 2 h), failover 30 m, a crew per node. 100 trials of 2 x 10^5 h
 * (about 900 cycles of a node each): the start-up bias is some 10^-3 of the standard error. Then
 * replicas of two nodes, whose down times are fixed (each node back in its own slot): a^2. */
static void availability_matches_k_of_n_with_delays(void **state)
{
    (void)state;
    double scale = 200, mttf = scale * tgamma(1 + 1 / 1.5);
    check_k_of_n("[scenario]\ntrials=100\nseed=31\nhorizon=200000h\n"
                 "[component.node]\nttf=weibull(shape=1.5, scale=200h)\n"
                 "ttr=lognormal(mean=20h, sd=10h)\n"
                 "[detection]\ntimeout=2h\nheartbeat=1h\n[failover]\ntime=30m\n"
                 "[service]\nreplicas=8\nmin_replicas=6\n",
                 8, 1, 6, mttf, 1.5, 1.5 + 20 + 0.5, "k-of-n 6 of 8, Weibull, delays");
    mttf = 400 * tgamma(1 + 1 / 1.5);
    check_k_of_n("[scenario]\ntrials=100\nseed=32\nhorizon=200000h\n"
                 "[component.node]\nttf=weibull(shape=1.5, scale=400h)\nttr=10h\n"
                 "[detection]\ntimeout=2h\n[failover]\ntime=30m\n"
                 "[service]\nreplicas=6\nreplica_nodes=2\nmin_replicas=4\n",
                 6, 2, 4, mttf, 2, 2 + 10 + 0.5, "k-of-n 4 of 6 x 2 nodes, fixed down");
}

/* The share of requests answered, worked out for a small case: two replicas of one node,
 * exponential lives of mean 50 h, detection 1 h, repair 4 h, no failover: per node, up 50/55 of
 * the time, down and undetected 1/55, down and known 4/55. The load balancer answers all while
 * both are believed and up, half while one of two believed is down, all of what it sends when it
 * knows of one failure and the other is up, none when it knows both are down: (1 - (4/55)^2) x
 * 50/51 = 0.97515. (Nearly all of the loss is the detection window: 1/51.) */
static void request_availability_of_two_replicas_by_hand(void **state)
{
    (void)state;
    double by_hand = (1 - (4.0 / 55) * (4.0 / 55)) * 50 / 51;
    assert_close(by_hand, k_of_n_by_hand(2, 1, 1, 50, 1, 5, 1).request, 1e-14, 0);
    scn *s = testscn_load("[scenario]\ntrials=100\nseed=33\nhorizon=100000h\n"
                          "[component.node]\nttf=exponential(mean=50h)\nttr=4h\n"
                          "[detection]\ntimeout=1h\n"
                          "[service]\nreplicas=2\nmin_replicas=1\n",
                          "service.ini");
    test_trials c = testscn_run(s, (mc_opts){.threads = 0});
    testscn_assert_mean_near(&c, f_req, by_hand, "request availability, 2 replicas, d = 1 h");
    /* one of two up: 1 - (5/55)^2 */
    testscn_assert_mean_near(&c, f_svc, 1 - (5.0 / 55) * (5.0 / 55),
                             "service availability, 1 of 2");
    free(c.r);
    free(s);
}

/* The repairman chain: exponential lives and repairs, r crews, no detection or failover delay;
 * its occupation times over [0, T] from all-new are exact, so are the outages and their mean;
 * the mean time to the first outage too when T is many times it. Both ways of drawing lives (the
 * Poisson shortcut, a timer per node). */
static void check_chain(const char *text, int with_mttff, const char *what)
{
    scn *s = testscn_load(text, "service.ini");
    analytic_list *l = malloc(sizeof *l);
    assert_non_null(l);
    analytic_compute(s, l);
    const analytic_entry *A = entry(l, "service_chain_availability"),
                         *n = entry(l, "service_chain_outages"),
                         *len = entry(l, "service_chain_mean_outage_min");
    assert_int_equal(A->fit, ANALYTIC_EXACT);
    assert_int_equal(n->fit, ANALYTIC_EXACT);
    assert_int_equal(len->fit, ANALYTIC_EXACT);
    for (int per_node = 0; per_node < 2; per_node++) {
        test_trials c = testscn_run(s, (mc_opts){.threads = 0, .per_node_lives = per_node});
        char label[160];
        const char *how = per_node ? ", per node" : "";
        snprintf(label, sizeof label, "service availability, %s%s", what, how);
        testscn_assert_mean_near(&c, f_svc, A->value, label);
        snprintf(label, sizeof label, "outages, %s%s", what, how);
        testscn_assert_mean_near(&c, f_outages, n->value, label);
        snprintf(label, sizeof label, "mean outage (min), %s%s", what, how);
        assert_ratio_near(&c, METRIC_outage_total_min, METRIC_outages, len->value, label);
        if (with_mttff) {
            const analytic_entry *f = entry(l, "service_chain_mttff_h");
            assert_int_equal(f->fit, ANALYTIC_EXACT);
            snprintf(label, sizeof label, "mttff (h), %s%s", what, how);
            assert_ratio_near(&c, METRIC_first_outage_total_h, METRIC_trials_with_an_outage,
                              f->value, label);
        }
        free(c.r);
    }
    free(l);
    free(s);
}

static void availability_matches_the_chain_with_crews(void **state)
{
    (void)state;
    check_chain("[scenario]\ntrials=2000\nseed=41\nhorizon=4000h\n[cluster]\nrepair_crews=2\n"
                "[component.node]\nttf=exponential(mean=100h)\nttr=exponential(mean=20h)\n"
                "[service]\nreplicas=8\nmin_replicas=6\n",
                1, "chain 6 of 8, 2 crews");
    check_chain("[scenario]\ntrials=2000\nseed=42\nhorizon=3000h\n"
                "[cluster]\nspares=2\nspare_mode=hot\nrepair_crews=2\n"
                "[component.node]\nttf=exponential(mean=200h)\nttr=exponential(mean=10h)\n"
                "[service]\nreplicas=6\nreplica_nodes=3\nmin_replicas=4\n",
                0, "chain 4 of 6 x 3 nodes, 2 hot spares, 2 crews");
}

/* The chain's entries against the chain's stationary law (cf_repairman_stationary, computed
 * apart): over a horizon of 10^6 h the start-up transient is gone to 10^-4. 8 replicas, 6
 * needed, 1 cold spare, 2 crews: the service is down beyond J = S + R - k = 3 failed nodes; it
 * enters an outage from J at the failure rate there, (N - (J - S)) lambda; the mean passage time
 * from 0 to J + 1 by the recursion t_i = 1/b_i + (d_i / b_i) t_(i-1). */
static void the_chain_entries_are_the_chain(void **state)
{
    (void)state;
    scn *s = testscn_load("[scenario]\nhorizon=1000000h\n[cluster]\nspares=1\nrepair_crews=2\n"
                          "[component.node]\nttf=exponential(mean=100h)\n"
                          "ttr=exponential(mean=20h)\n"
                          "[service]\nreplicas=8\nmin_replicas=6\n",
                          "service.ini");
    analytic_list *l = malloc(sizeof *l);
    assert_non_null(l);
    analytic_compute(s, l);
    cf_repairman m = {8, 1, 2, 0, 0.01, 0.05};
    double pi[10];
    assert_int_equal(cf_repairman_stationary(&m, pi), 0);
    double up = 0;
    for (int j = 0; j <= 3; j++)
        up += pi[j];
    double rate = pi[3] * (8 - 2) * 0.01;
    assert_close(entry(l, "service_chain_availability")->value, up, 1e-4, 0);
    assert_close(entry(l, "service_chain_outages")->value, rate * 1e6, 1e-4, 0);
    assert_close(entry(l, "service_chain_mean_outage_min")->value, 60 * (1 - up) / rate, 1e-4, 0);
    double b[4] = {0.08, 0.08, 0.07, 0.06}, d[4] = {0, 0.05, 0.1, 0.1}, t = 0, E = 0;
    for (int i = 0; i <= 3; i++) {
        t = 1 / b[i] + (i ? d[i] / b[i] * t : 0);
        E += t;
    }
    assert_close(entry(l, "service_chain_mttff_h")->value, E, 1e-12, 0);
    free(l);
    free(s);
}

/* Where a form does not hold, it says so: domains take slots at once, spares and crews tie the
 * slots together, lives that are not exponential have no chain, delays make the chain
 * approximate. */
static void forms_say_where_they_do_not_hold(void **state)
{
    (void)state;
    static const struct {
        const char *extra, *quantity;
        analytic_fit fit;
    } cases[] = {
        {"[cluster]\nspares=1\n", "service_k_of_n_availability", ANALYTIC_NONE},
        {"[cluster]\nrepair_crews=2\n", "service_k_of_n_availability", ANALYTIC_NONE},
        {"[domain.rack]\nsize=4\nttf=500h\nttr=4h\n", "service_k_of_n_availability", ANALYTIC_NONE},
        {"[domain.rack]\nsize=4\nttf=500h\nttr=4h\n", "service_chain_availability", ANALYTIC_NONE},
        {"[detection]\ntimeout=10m\n", "service_chain_availability", ANALYTIC_APPROXIMATE},
        {"", "service_chain_availability", ANALYTIC_EXACT},
        {"", "service_k_of_n_availability", ANALYTIC_APPROXIMATE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[600];
        snprintf(text, sizeof text,
                 "[scenario]\nhorizon=1000h\n%s[component.node]\nttf=exponential(mean=100h)\n"
                 "ttr=exponential(mean=5h)\n[service]\nreplicas=4\nreplica_nodes=2\n"
                 "min_replicas=3\n",
                 cases[i].extra);
        scn *s = testscn_load(text, "service.ini");
        analytic_list *l = malloc(sizeof *l);
        assert_non_null(l);
        analytic_compute(s, l);
        const analytic_entry *e = entry(l, cases[i].quantity);
        if (e->fit != cases[i].fit)
            fail_msg("case %zu: %s is %s (%s)", i, cases[i].quantity, analytic_fit_name(e->fit),
                     e->note);
        free(l);
        free(s);
    }
    /* a Weibull life: no chain */
    scn *s = testscn_load("[scenario]\nhorizon=1000h\n[component.node]\n"
                          "ttf=weibull(shape=0.8, scale=100h)\nttr=5h\n"
                          "[service]\nreplicas=4\nmin_replicas=3\n",
                          "service.ini");
    analytic_list *l = malloc(sizeof *l);
    assert_non_null(l);
    analytic_compute(s, l);
    assert_int_equal(entry(l, "service_chain_availability")->fit, ANALYTIC_NONE);
    free(l);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_replica_is_up_when_all_its_slots_are),
        cmocka_unit_test(the_load_balancer_believes_a_replica_until_detection),
        cmocka_unit_test(outages_join_at_an_instant_and_count_to_the_horizon),
        cmocka_unit_test(repeated_changes_change_nothing),
        cmocka_unit_test(a_trial_with_spares_staggers_the_replicas),
        cmocka_unit_test(the_chain_entries_are_the_chain),
        cmocka_unit_test(forms_say_where_they_do_not_hold),
        cmocka_unit_test(availability_matches_k_of_n_with_delays),
        cmocka_unit_test(request_availability_of_two_replicas_by_hand),
        cmocka_unit_test(availability_matches_the_chain_with_crews),
    };
    return cmocka_run_group_tests_name("service", tests, NULL, NULL);
}
