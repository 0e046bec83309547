/*
 * Statistical validation of failure domains and sites (docs/model.md "Failure domains", "Sites",
 * "Checked against closed forms"): the simulator against the closed forms of models/cf.h
 * (cf_domains_*, cf_no_interruption_prob, cf_copy_age_mean), through the same Monte Carlo driver
 * as `relsim run`, with fixed seeds, within 4 standard errors of the simulated mean; with the
 * Poisson shortcut for exponential lives and with a timer per node. Each case also checks the
 * entry `relsim analytic` lists for the scenario: its fit, and its value against the form.
 */
#include "tests/testutil.h"
#include "tests/testscn.h"
#include "analysis/stat.h"
#include "models/cf.h"
#include "sim/study/analytic.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <stdlib.h>
#include <string.h>

static scn *load(const char *text)
{
    return testscn_load(text, "domains-validate.ini");
}

static test_trials run_lives(const scn *s, int per_node_lives)
{
    return testscn_run(s, (mc_opts){.per_node_lives = per_node_lives});
}

/* The entry of quantity q `relsim analytic` lists for s (fails the test if there is none). */
static analytic_entry entry(const scn *s, const char *q)
{
    analytic_list *l = malloc(sizeof *l);
    assert_non_null(l);
    analytic_compute(s, l);
    analytic_entry e = {0};
    int found = 0;
    for (int i = 0; i < l->n; i++)
        if (strcmp(l->e[i].quantity, q) == 0) {
            e = l->e[i];
            found = 1;
        }
    free(l);
    if (!found) fail_msg("no entry %s", q);
    return e;
}

static void assert_fit(const analytic_entry *e, analytic_fit fit)
{
    if (e->fit != fit)
        fail_msg("%s is %s, expected %s: %s", e->quantity, analytic_fit_name(e->fit),
                 analytic_fit_name(fit), e->note);
}

static double f_avail(const metric_row *r)
{
    return r->availability;
}

/* Nothing interrupted the job: no node, domain or site failure. */
static double f_uninterrupted(const metric_row *r)
{
    return r->failures == 0 && r->domain_failures == 0 && r->site_failures == 0;
}

/* Runs s both ways (the Poisson shortcut, then a timer per node) and requires the mean of f
 * within 4 SE of expected each time. */
static void both_ways(const scn *s, field_fn f, double expected, const char *what)
{
    for (int per_node = 0; per_node < 2; per_node++) {
        test_trials c = run_lives(s, per_node);
        char label[160];
        snprintf(label, sizeof label, "%s%s", what, per_node ? ", per node" : "");
        testscn_assert_mean_near(&c, f, expected, label);
        free(c.r);
    }
}

/* ---------------------------------------------------------------- availability: the chain */

/* One rack of 4 slots (G = 1), exponential node lives (mean 50 h) and repairs (5 h, a crew per
 * node, no spare), the rack up 40 h and down 4 h on average: the slots waiting for a repaired
 * node are all in the rack, so the chain of 10 states is exact; a trial is 1000 h from all-up. */
static void one_rack_matches_the_chain(void **state)
{
    (void)state;
    scn *s = load("[scenario]\ntrials=8000\nseed=31\nhorizon=1000h\n[cluster]\nnodes=4\n"
                  "[component.node]\nttf=exponential(mean=50h)\nttr=exponential(mean=5h)\n"
                  "[domain.rack]\nsize=4\nttf=exponential(mean=40h)\nttr=exponential(mean=4h)\n");
    cf_domains m = {4, 1, 1.0 / 50, 1.0 / 5, 1.0 / 40, 1.0 / 4};
    double A = cf_domains_interval_availability(&m, 1000);
    analytic_entry e = entry(s, "domain_chain_availability");
    assert_fit(&e, ANALYTIC_EXACT);
    assert_close(e.value, A, 1e-14, 0);
    both_ways(s, f_avail, A, "availability, 1 rack of 4 (chain)");
    /* nodes ageing through the outages would give the product form, far off */
    double prod = cf_domains_product_availability(4, 1.0 / 50, 5, 1, 1.0 / 40, 4);
    test_trials c = run_lives(s, 0);
    double z =
        testscn_mean_z(&c, f_avail, prod, "availability, 1 rack of 4 (product form: not relsim)");
    assert_true(z > 10);
    free(c.r);
    free(s);
}

/* The site alone is one domain of every slot: 3 nodes (mean life 60 h, repairs 6 h), disasters
 * every 80 h on average, 8 h to be back (exponential); a job longer than the 1000 h horizon, so
 * every trial lasts 1000 h and availability is the cluster's over it. */
static void the_site_alone_matches_the_chain(void **state)
{
    (void)state;
    scn *s = load("[scenario]\ntrials=8000\nseed=32\nhorizon=1000h\n[cluster]\nnodes=3\n"
                  "[component.node]\nttf=exponential(mean=60h)\nttr=exponential(mean=6h)\n"
                  "[site]\nttf=exponential(mean=80h)\nrto=exponential(mean=8h)\n"
                  "[job]\nwork=5000h\ncheckpoint_interval=none\n");
    cf_domains m = {3, 1, 1.0 / 60, 1.0 / 6, 1.0 / 80, 1.0 / 8};
    double A = cf_domains_interval_availability(&m, 1000);
    analytic_entry e = entry(s, "domain_chain_availability");
    assert_fit(&e, ANALYTIC_EXACT);
    assert_close(e.value, A, 1e-14, 0);
    both_ways(s, f_avail, A, "availability, the site over 3 slots (chain)");
    free(s);
}

/* Four racks of 2 whose failures all restart in place (reach = process: the slot's own node
 * comes back after its ttr, no crew, no spare): the racks are independent, p(t)^4 exact, and
 * the two cold spares play no part. */
static void racks_restarting_in_place_match_the_chain(void **state)
{
    (void)state;
    scn *s = load("[scenario]\ntrials=8000\nseed=33\nhorizon=1000h\n[cluster]\nnodes=8\nspares=2\n"
                  "[component.software]\nttf=exponential(mean=40h)\nttr=exponential(mean=3h)\n"
                  "reach=process\n"
                  "[domain.rack]\nsize=2\nttf=exponential(mean=30h)\nttr=exponential(mean=5h)\n");
    cf_domains m = {2, 4, 1.0 / 40, 1.0 / 3, 1.0 / 30, 1.0 / 5};
    double A = cf_domains_interval_availability(&m, 1000);
    analytic_entry e = entry(s, "domain_chain_availability");
    assert_fit(&e, ANALYTIC_EXACT);
    assert_close(e.value, A, 1e-14, 0);
    both_ways(s, f_avail, A, "availability, 4 racks of 2, restarts (chain^4)");
    free(s);
}

/* Two slots, each its own domain, no spare, a crew per node, every rate 1 (lives, repairs,
 * domains' ups and downs): the chain of relsim's rule, whose state holds the order of the empty
 * slots (a repaired node fills the one that has waited longest). States: the domains (up 0, down
 * 1) times the queue (), (0), (1), (0 1), (1 0), solved densely: P(both up, queue empty). */
static double two_slots_queue_order(void)
{
    enum { NQ = 5, NS = 4 * NQ };
    static const int qlen[NQ] = {0, 1, 1, 2, 2};
    /* after a failure of slot x from queue q; after the head leaves */
    static const int qadd[NQ][2] = {{1, 2}, {-1, 3}, {4, -1}, {-1, -1}, {-1, -1}};
    static const int qpop[NQ] = {-1, 0, 0, 2, 1};
    gsl_matrix *A = gsl_matrix_calloc(NS, NS);
    gsl_vector *b = gsl_vector_calloc(NS), *x = gsl_vector_alloc(NS);
    gsl_permutation *p = gsl_permutation_alloc(NS);
    for (int d = 0; d < 4; d++)
        for (int q = 0; q < NQ; q++) {
            int i = d * NQ + q;
            double out = 0;
            for (int slot = 0; slot < 2; slot++) {
                int up = !((d >> slot) & 1), in_q = qadd[q][slot] < 0;
                if (up && !in_q) { /* the slot's node ages: it fails at rate 1 */
                    int j = d * NQ + qadd[q][slot];
                    *gsl_matrix_ptr(A, (size_t)j, (size_t)i) += 1;
                    out += 1;
                }
                int j = (d ^ (1 << slot)) * NQ + q; /* the slot's domain fails or comes back */
                *gsl_matrix_ptr(A, (size_t)j, (size_t)i) += 1;
                out += 1;
            }
            if (qlen[q] > 0) { /* any of the repairs ends: the head of the queue is filled */
                int j = d * NQ + qpop[q];
                *gsl_matrix_ptr(A, (size_t)j, (size_t)i) += qlen[q];
                out += qlen[q];
            }
            *gsl_matrix_ptr(A, (size_t)i, (size_t)i) -= out;
        }
    for (int j = 0; j < NS; j++)
        gsl_matrix_set(A, NS - 1, (size_t)j, 1.0);
    gsl_vector_set(b, NS - 1, 1.0);
    int sign;
    gsl_linalg_LU_decomp(A, p, &sign);
    gsl_linalg_LU_solve(A, p, b, x);
    double a = gsl_vector_get(x, 0);
    gsl_matrix_free(A);
    gsl_vector_free(b);
    gsl_vector_free(x);
    gsl_permutation_free(p);
    return a;
}

/* Four racks of 2 with node failures and repairs: a repaired node goes to the slot that has
 * waited longest, perhaps in another rack, which couples the racks; the chain brings each slot's
 * own node back. The entry is approximate. The difference is small: the oldest empty slot is the
 * likelier to be in a domain that has gone down since, where the node it gets does not age, so
 * availability comes out a little higher (two slots each its own domain, every rate 1: 0.09016
 * by the chain of the queue's order against the chain's 0.09); here it is below what the trials
 * resolve (printed), and the test asks 1 %. */
static void racks_with_a_repair_queue_are_approximate(void **state)
{
    (void)state;
    scn *s = load("[scenario]\ntrials=8000\nseed=34\nhorizon=1000h\n[cluster]\nnodes=8\n"
                  "[component.node]\nttf=exponential(mean=40h)\nttr=exponential(mean=3h)\n"
                  "[domain.rack]\nsize=2\nttf=exponential(mean=30h)\nttr=exponential(mean=5h)\n");
    cf_domains two = {1, 2, 1, 1, 1, 1};
    double fcfs = two_slots_queue_order();
    print_message("  %-52s queue order %.6g, chain %.6g, %+.3g%%\n",
                  "availability, 2 slots in 2 domains, every rate 1", fcfs,
                  cf_domains_availability(&two), 100 * (fcfs / cf_domains_availability(&two) - 1));
    assert_close(cf_domains_availability(&two), 0.09, 1e-13, 0);
    assert_true(fcfs > 0.0901 && fcfs < 0.0903);
    cf_domains m = {2, 4, 1.0 / 40, 1.0 / 3, 1.0 / 30, 1.0 / 5};
    double A = cf_domains_interval_availability(&m, 1000);
    analytic_entry e = entry(s, "domain_chain_availability");
    assert_fit(&e, ANALYTIC_APPROXIMATE);
    assert_non_null(strstr(e.note, "waited longest"));
    assert_close(e.value, A, 1e-14, 0);
    test_trials c = run_lives(s, 0);
    testscn_mean_z(&c, f_avail, A, "availability, 4 racks of 2, repair queue (approximate)");
    stat_mean a = {0};
    for (uint64_t i = 0; i < c.n; i++)
        stat_mean_add(&a, c.r[i].availability);
    stat_summary sm;
    stat_mean_get(&a, &sm);
    assert_close(sm.mean, A, 1e-2, 0);
    free(c.r);
    /* with spares the chain does not apply; with nested kinds neither */
    free(s);
    s = load("[scenario]\nhorizon=1000h\n[cluster]\nnodes=8\nspares=1\n"
             "[component.node]\nttf=exponential(mean=40h)\nttr=exponential(mean=3h)\n"
             "[domain.rack]\nsize=2\nttf=exponential(mean=30h)\nttr=exponential(mean=5h)\n");
    e = entry(s, "domain_chain_availability");
    assert_fit(&e, ANALYTIC_NONE);
    free(s);
    s = load("[scenario]\nhorizon=1000h\n[cluster]\nnodes=8\n"
             "[component.node]\nttf=exponential(mean=40h)\nttr=exponential(mean=3h)\n"
             "[domain.rack]\nsize=2\nttf=exponential(mean=30h)\nttr=exponential(mean=5h)\n"
             "[domain.pdu]\nsize=8\nttf=exponential(mean=300h)\nttr=exponential(mean=5h)\n");
    e = entry(s, "domain_chain_availability");
    assert_fit(&e, ANALYTIC_NONE);
    assert_non_null(strstr(e.note, "nest"));
    free(s);
}

/* ---------------------------------------------------------------- the first interruption */

/* 16 nodes of 2 GPUs (mean life 4000 h each), racks of 4 (mean 500 h), one PDU of 16 whose life
 * is Weibull (shape 0.7, scale 500 h), and a site (mean 1000 h); a job of 20 h checkpointing every
 * 2 h for 6 m: T = 20 + 9 x 0.1 = 20.9 h without a failure. P(nothing before T) =
 * e^{-(32/4000 + 4/500 + 1/1000) T} e^{-(T/500)^0.7}. */
static void first_interruption_is_the_first_of_independent_lives(void **state)
{
    (void)state;
    scn *s = load("[scenario]\ntrials=16000\nseed=35\n[cluster]\nnodes=16\nspares=2\n"
                  "[component.gpu]\ncount=2\nttf=exponential(mean=4000h)\nttr=2h\n"
                  "[domain.rack]\nsize=4\nttf=exponential(mean=500h)\nttr=2h\n"
                  "[domain.pdu]\nsize=16\nttf=weibull(shape=0.7, scale=500h)\nttr=1h\n"
                  "[site]\nttf=exponential(mean=1000h)\nrto=4h\n"
                  "[job]\nwork=20h\ncheckpoint_interval=2h\ncheckpoint_cost=6m\n"
                  "restart_cost=6m\n");
    const double T = 20.9;
    double p = cf_no_interruption_prob(T, 16, 2.0 / 4000, 4, 1.0 / 500) * exp(-T / 1000) *
               gsl_cdf_weibull_Q(T, 500, 0.7);
    analytic_entry e = entry(s, "no_interruption_prob");
    assert_fit(&e, ANALYTIC_EXACT);
    assert_close(e.value, p, 1e-12, 0);
    both_ways(s, f_uninterrupted, p, "P(no interruption), racks, PDU, site");
    free(s);
    /* all exponential: the one form */
    s = load("[scenario]\ntrials=16000\nseed=36\n[cluster]\nnodes=16\n"
             "[component.gpu]\ncount=2\nttf=exponential(mean=4000h)\nttr=2h\n"
             "[domain.rack]\nsize=4\nttf=exponential(mean=250h)\nttr=2h\n"
             "[job]\nwork=20h\ncheckpoint_interval=2h\ncheckpoint_cost=6m\nrestart_cost=6m\n");
    p = cf_no_interruption_prob(T, 16, 2.0 / 4000, 4, 1.0 / 250);
    e = entry(s, "no_interruption_prob");
    assert_fit(&e, ANALYTIC_EXACT);
    assert_close(e.value, p, 1e-12, 0);
    both_ways(s, f_uninterrupted, p, "P(no interruption), 16 nodes in 4 racks");
    free(s);
    /* a random checkpoint cost makes T random: approximate */
    s = load("[scenario]\n[cluster]\nnodes=16\n"
             "[component.gpu]\nttf=exponential(mean=4000h)\nttr=2h\n"
             "[domain.rack]\nsize=4\nttf=exponential(mean=250h)\nttr=2h\n"
             "[job]\nwork=20h\ncheckpoint_interval=2h\ncheckpoint_cost=exponential(mean=6m)\n");
    e = entry(s, "no_interruption_prob");
    assert_fit(&e, ANALYTIC_APPROXIMATE);
    free(s);
}

/* ---------------------------------------------------------------- the age of the remote copy */

/* The ratio of totals: the mean age over every disaster of every trial (summary.csv's row), with
 * the ratio estimator's SE; z against `expected`. */
static double copy_age_z(const test_trials *c, double expected, const char *what)
{
    stat_pair p = {0};
    for (uint64_t i = 0; i < c->n; i++)
        stat_pair_add(&p, c->r[i].site_copy_age_total_h, (double)c->r[i].site_failures);
    stat_summary m;
    stat_pair_ratio(&p, &m);
    stat_verdict v = stat_agree(m.mean, m.sd, (double)m.n, expected);
    print_message("  %-52s simulated %.6g, closed form %.6g, %+.3g%% = %+.2f SE\n", what, m.mean,
                  expected, 100 * (m.mean - expected) / expected, v.z);
    return v.z;
}

/* Copies every P = 4 h landing w = 30 m later; a job of 100 h checkpointing every hour for 6 m
 * (a checkpoint within every period: 1.1 h < 4 h), which without a failure ends at L = 100 +
 * 99 x 0.1 = 109.9 h; a node that cannot fail in that time; disasters exponential; an rto of
 * 1000 h beyond the 500 h horizon, so a trial sees at most one disaster (it then ends at the
 * horizon) and the mean age over the disasters is E[A(T) | T < L]. */
static void copy_age_case(double ttf, const char *every, double P, double w, uint32_t seed,
                          const char *what)
{
    char text[800];
    snprintf(text, sizeof text,
             "[scenario]\ntrials=40000\nseed=%u\nhorizon=500h\n[cluster]\nnodes=1\n"
             "[component.board]\nttf=exponential(mean=1e12h)\nttr=1h\n"
             "[site]\nttf=exponential(mean=%gh)\nrto=1000h\n%s"
             "[job]\nwork=100h\ncheckpoint_interval=1h\ncheckpoint_cost=6m\nrestart_cost=15m\n",
             seed, ttf, every);
    scn *s = load(text);
    double expect = cf_copy_age_mean(P, w, 1 / ttf, 109.9);
    analytic_entry e = entry(s, "remote_copy_age_h");
    assert_fit(&e, ANALYTIC_EXACT);
    assert_close(e.value, expect, 1e-12, 0);
    /* the node never fails: its lives, by the shortcut or per node, play no part */
    test_trials c = run_lives(s, 0);
    double z = copy_age_z(&c, expect, what);
    if (!(fabs(z) <= 4)) fail_msg("%s: %.3f standard errors from the closed form", what, z);
    for (uint64_t i = 0; i < c.n; i++)
        assert_true(c.r[i].site_failures <= 1 && c.r[i].failures == 0);
    free(c.r);
    free(s);
}

static void copy_age_at_the_first_disaster_matches_the_periods(void **state)
{
    (void)state;
    /* rare disasters: near P/2 + w = 2.5 h */
    copy_age_case(200, "replicate_every=4h\ntransfer_time=30m\n", 4, 0.5, 37,
                  "site_copy_age_h, P = 4 h, w = 30 m, mean ttf 200 h");
    /* frequent ones: most come in the first periods, far from P/2 + w */
    copy_age_case(6, "replicate_every=4h\ntransfer_time=1h\n", 4, 1, 38,
                  "site_copy_age_h, P = 4 h, w = 1 h, mean ttf 6 h");
    /* no copies: the age of the start, E[T | T < L] */
    copy_age_case(50, "", INFINITY, 0, 39, "site_copy_age_h, no copies, mean ttf 50 h");
}

/* A short rto: trials see several disasters, later ones at other phases: P/2 + w, approximate
 * (the figure printed, not required). */
static void copy_age_with_several_disasters_is_approximate(void **state)
{
    (void)state;
    scn *s = load("[scenario]\ntrials=2000\nseed=40\n[cluster]\nnodes=1\n"
                  "[component.board]\nttf=exponential(mean=1e12h)\nttr=1h\n"
                  "[site]\nttf=exponential(mean=50h)\nrto=2h\nreplicate_every=4h\n"
                  "transfer_time=30m\n"
                  "[job]\nwork=100h\ncheckpoint_interval=1h\ncheckpoint_cost=6m\n"
                  "restart_cost=15m\n");
    analytic_entry e = entry(s, "remote_copy_age_h");
    assert_fit(&e, ANALYTIC_APPROXIMATE);
    assert_close(e.value, 2.5, 1e-14, 0);
    test_trials c = run_lives(s, 0);
    copy_age_z(&c, e.value, "site_copy_age_h, rto 2 h, P/2 + w (approximate)");
    free(c.r);
    free(s);
    /* checkpoints sparser than the copies: a start finds nothing new and is skipped */
    s = load("[scenario]\nhorizon=500h\n[cluster]\nnodes=1\n"
             "[component.board]\nttf=exponential(mean=1e12h)\nttr=1h\n"
             "[site]\nttf=exponential(mean=50h)\nrto=1000h\nreplicate_every=4h\n"
             "transfer_time=30m\n"
             "[job]\nwork=100h\ncheckpoint_interval=5h\ncheckpoint_cost=6m\n");
    e = entry(s, "remote_copy_age_h");
    assert_fit(&e, ANALYTIC_APPROXIMATE);
    assert_non_null(strstr(e.note, "nothing new"));
    free(s);
    /* a transfer as long as the period: does not apply */
    s = load("[scenario]\n[cluster]\nnodes=1\n[component.board]\nttf=1000h\nttr=1h\n"
             "[site]\nttf=exponential(mean=50h)\nrto=2h\nreplicate_every=1h\ntransfer_time=1h\n"
             "[job]\nwork=10h\ncheckpoint_interval=1h\ncheckpoint_cost=6m\n");
    e = entry(s, "remote_copy_age_h");
    assert_fit(&e, ANALYTIC_NONE);
    free(s);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_rack_matches_the_chain),
        cmocka_unit_test(the_site_alone_matches_the_chain),
        cmocka_unit_test(racks_restarting_in_place_match_the_chain),
        cmocka_unit_test(racks_with_a_repair_queue_are_approximate),
        cmocka_unit_test(first_interruption_is_the_first_of_independent_lives),
        cmocka_unit_test(copy_age_at_the_first_disaster_matches_the_periods),
        cmocka_unit_test(copy_age_with_several_disasters_is_approximate),
    };
    return cmocka_run_group_tests_name("domains_validate", tests, NULL, NULL);
}
