/*
 * test_analytic: which closed forms apply to a scenario, and how (sim/analytic.h).
 *
 * Three kinds of test. Decisions: for scenarios that differ in one rule of docs/model.md
 * (exponential or Weibull lives, a detection delay, spares, random costs, crews, a horizon),
 * each entry is exact, approximate or not applicable as the formula's assumptions say. Values:
 * each entry equals the models/cf.h function it names, on arguments worked out here by hand, and
 * the intervals match the values Daly (2006) published. And the proof that "exact" means exact:
 * for every entry analytic_compute marks ANALYTIC_EXACT on a set of small scenarios, the simulator (fixed
 * seed) agrees within 4 standard errors of its mean.
 */
#include "tests/testutil.h"
#include "tests/testscn.h"
#include "analysis/stat.h"
#include "models/cf.h"
#include "sim/study/analytic.h"
#include "sim/study/mc.h"
#include "sim/study/run.h"
#include "sim/scenario/scn.h"

#include <gsl/gsl_errno.h>
#include <stdlib.h>
#include <string.h>

#define MINUTE (1.0 / 60.0) /* hours */

static scn *load(const char *text)
{
    return testscn_load(text, "analytic.ini");
}

static analytic_list *compute(const scn *s)
{
    analytic_list *l = malloc(sizeof *l);
    assert_non_null(l);
    analytic_compute(s, l);
    return l;
}

/* The entry named q, which must be there. */
static const analytic_entry *get(const analytic_list *l, const char *q)
{
    for (int i = 0; i < l->n; i++)
        if (strcmp(l->e[i].quantity, q) == 0) return &l->e[i];
    fail_msg("no entry %s", q);
    abort(); /* not reached: fail_msg ends the test (and -O3 then knows e is never NULL) */
}

static int has(const analytic_list *l, const char *q)
{
    for (int i = 0; i < l->n; i++)
        if (strcmp(l->e[i].quantity, q) == 0) return 1;
    return 0;
}

static void assert_fit(const analytic_list *l, const char *q, analytic_fit fit)
{
    const analytic_entry *e = get(l, q);
    if (e->fit != fit)
        fail_msg("%s is %s, expected %s (note: %s)", q, analytic_fit_name(e->fit), analytic_fit_name(fit),
                 e->note);
    if (fit == ANALYTIC_NONE)
        assert_true(isnan(e->value));
    else
        assert_true(isfinite(e->value));
    assert_true(e->note[0] != '\0');
    assert_non_null(e->reference);
}

static void assert_note_has(const analytic_list *l, const char *q, const char *text)
{
    const analytic_entry *e = get(l, q);
    if (!strstr(e->note, text)) fail_msg("%s: note '%s' does not say '%s'", q, e->note, text);
}

/* One node, exponential lives, detection and failover, three cold spares repaired in a minute:
 * the case tests/test_validate.c checks Daly's form on. */
static const char one_node[] = "[scenario]\ntrials=4000\nseed=11\n[cluster]\nnodes=1\nspares=3\n"
                               "[component.node]\nttf=exponential(mean=10h)\nttr=1m\n"
                               "[detection]\ntimeout=20m\n[failover]\ntime=10m\n"
                               "[job]\nwork=40h\ncheckpoint_interval=2h\ncheckpoint_cost=15m\n"
                               "restart_cost=30m\n";

/* ---------------------------------------------------------------- decisions */

static void exponential_one_node_is_exact(void **state)
{
    (void)state;
    scn *s = load(one_node);
    analytic_list *l = compute(s);
    assert_fit(l, "system_mtbf_h", ANALYTIC_EXACT);
    assert_fit(l, "checkpoints", ANALYTIC_EXACT);
    assert_fit(l, "daly_makespan_h", ANALYTIC_EXACT);
    assert_fit(l, "expected_failures", ANALYTIC_EXACT);
    assert_fit(l, "expected_down_h", ANALYTIC_EXACT);
    assert_fit(l, "expected_restart_h", ANALYTIC_EXACT);
    assert_fit(l, "expected_lost_h", ANALYTIC_EXACT);
    assert_fit(l, "goodput", ANALYTIC_APPROXIMATE); /* a ratio of expectations */
    assert_note_has(l, "goodput", "Jensen");
    assert_fit(l, "young_interval_h", ANALYTIC_APPROXIMATE);
    assert_fit(l, "daly_interval_h", ANALYTIC_APPROXIMATE);
    assert_fit(l, "no_failure_prob", ANALYTIC_EXACT);
    assert_fit(l, "coarse_performance_h", ANALYTIC_COARSE);
    /* with a job, availability is over the makespan: only the stationary chain */
    assert_fit(l, "repairman_availability", ANALYTIC_APPROXIMATE);
    assert_false(has(l, "step_unit_fail_prob"));  /* no geometric law */
    assert_false(has(l, "renewal_availability")); /* spares */
    free(l);
    free(s);
}

static void weibull_lives_have_no_daly_or_markov_form(void **state)
{
    (void)state;
    scn *s = load("[cluster]\nnodes=8\nspares=2\n[component.node]\n"
                  "ttf=weibull(shape=0.7, scale=500h)\nttr=2h\n"
                  "[job]\nwork=100h\ncheckpoint_interval=daly\ncheckpoint_cost=5m\n");
    analytic_list *l = compute(s);
    assert_fit(l, "system_mtbf_h", ANALYTIC_APPROXIMATE);
    assert_note_has(l, "system_mtbf_h", "long-run");
    assert_fit(l, "daly_makespan_h", ANALYTIC_NONE);
    assert_note_has(l, "daly_makespan_h", "weibull");
    assert_false(has(l, "expected_failures"));
    assert_false(has(l, "goodput"));
    assert_fit(l, "repairman_availability", ANALYTIC_NONE);
    /* what holds for any law */
    assert_fit(l, "checkpoints", ANALYTIC_EXACT);
    assert_fit(l, "no_failure_prob", ANALYTIC_EXACT);
    /* nothing estimates the makespan */
    assert_int_equal(analytic_for_metric(l, "makespan_h")->fit, ANALYTIC_NONE);
    assert_null(analytic_for_metric(l, "goodput"));
    free(l);
    free(s);
}

/* Weibull of shape 1 is the exponential law. */
/* A kind of reach process restarts in place: the forms that follow a failure through spares,
 * failover and repair are approximate then; the rate, the checkpoints and "nothing fails" stay
 * exact. */
static void process_reach_leaves_only_the_forms_before_a_failure_exact(void **state)
{
    (void)state;
    scn *s = load("[scenario]\ntrials=10\n[cluster]\nnodes=1\n[component.sw]\n"
                  "ttf=exponential(mean=50h)\nttr=6m\nreach=process\n"
                  "[job]\nwork=100h\ncheckpoint_interval=2h\ncheckpoint_cost=3m\n"
                  "restart_cost=6m\n");
    analytic_list *l = compute(s);
    assert_fit(l, "system_mtbf_h", ANALYTIC_EXACT);
    assert_fit(l, "checkpoints", ANALYTIC_EXACT);
    assert_fit(l, "no_failure_prob", ANALYTIC_EXACT);
    assert_fit(l, "daly_makespan_h", ANALYTIC_APPROXIMATE);
    assert_fit(l, "expected_failures", ANALYTIC_APPROXIMATE);
    assert_note_has(l, "daly_makespan_h", "reach process restarts in place");
    free(l);
    free(s);
}

static void weibull_of_shape_one_is_exponential(void **state)
{
    (void)state;
    scn *s = load("[cluster]\nnodes=1\n[component.node]\nttf=weibull(shape=1, scale=50h)\n"
                  "ttr=1h\n[job]\nwork=20h\ncheckpoint_interval=1h\ncheckpoint_cost=1m\n");
    analytic_list *l = compute(s);
    assert_fit(l, "daly_makespan_h", ANALYTIC_EXACT);
    free(l);
    free(s);
}

static void random_costs_are_approximate(void **state)
{
    (void)state;
    static const char *const costs[] = {
        "checkpoint_cost=exponential(mean=15m)\nrestart_cost=30m\n",
        "checkpoint_cost=15m\nrestart_cost=uniform(min=20m, max=40m)\n",
    };
    for (int i = 0; i < 2; i++) {
        char text[600];
        snprintf(text, sizeof text,
                 "[cluster]\nnodes=1\nspares=3\n[component.node]\nttf=exponential(mean=10h)\n"
                 "ttr=1m\n[detection]\ntimeout=20m\n[failover]\ntime=10m\n"
                 "[job]\nwork=40h\ncheckpoint_interval=2h\n%s",
                 costs[i]);
        scn *s = load(text);
        analytic_list *l = compute(s);
        assert_fit(l, "daly_makespan_h", ANALYTIC_APPROXIMATE);
        assert_note_has(l, "daly_makespan_h", "random");
        assert_fit(l, "expected_failures", ANALYTIC_APPROXIMATE);
        /* a random restart cost does not change the failure-free time; a checkpoint cost does */
        assert_fit(l, "no_failure_prob", i == 0 ? ANALYTIC_APPROXIMATE : ANALYTIC_EXACT);
        free(l);
        free(s);
    }
}

/* Several slots and a detection delay: the other slots fail while one is down, and the job's down
 * time is the busy period of slots that come back independently (cf_slot_busy_period), which
 * keeps the form exact; without the delay (and with spares that do not run out) D = 0. */
static void delays_with_several_slots_are_a_busy_period(void **state)
{
    (void)state;
    scn *s = load("[cluster]\nnodes=16\nspares=6\n[component.gpu]\ncount=4\n"
                  "ttf=exponential(mean=640h)\nttr=2m\n[detection]\ntimeout=5m\n"
                  "[job]\nwork=60h\ncheckpoint_interval=daly\ncheckpoint_cost=10m\n");
    analytic_list *l = compute(s);
    assert_fit(l, "daly_makespan_h", ANALYTIC_EXACT);
    assert_note_has(l, "daly_makespan_h", "come back independently");
    assert_fit(l, "expected_failures", ANALYTIC_EXACT);
    assert_fit(l, "expected_down_h", ANALYTIC_EXACT);
    assert_string_equal(get(l, "expected_down_h")->metric, "down_h");
    /* node rate 4/640, m = 5 min: D = ((1 + m/160)^16 - 1) 160/16, F = E / (M (1 + m/160)) */
    const double m = 5 * MINUTE, M = 10, D = expm1(16 * log1p(m / 160)) * 10;
    double tau = get(l, "daly_interval_h")->value;
    double E = cf_job_makespan(60, tau, 10 * MINUTE, D, 0, M);
    assert_close(get(l, "daly_makespan_h")->value, E, 1e-13, 0);
    assert_close(get(l, "expected_failures")->value, E / (M * (1 + m / 160)), 1e-13, 0);
    assert_close(get(l, "expected_down_h")->value, D * E / (M + D), 1e-13, 0);
    assert_true(get(l, "expected_failures")->value > E / (M + D)); /* the old, low form */
    free(l);
    free(s);
    s = load("[cluster]\nnodes=16\nspares=6\n[component.gpu]\ncount=4\n"
             "ttf=exponential(mean=640h)\nttr=2m\n"
             "[job]\nwork=60h\ncheckpoint_interval=daly\ncheckpoint_cost=10m\n");
    l = compute(s);
    assert_fit(l, "daly_makespan_h", ANALYTIC_EXACT);
    assert_note_has(l, "daly_makespan_h", "spares run out with probability at most");
    assert_false(has(l, "expected_down_h")); /* D = 0 */
    free(l);
    free(s);
}

static void spares_that_can_run_out_are_approximate(void **state)
{
    (void)state;
    /* no spare and several slots: every failure waits for its repair, and with a crew per slot
     * the slots still come back independently (exact); with fewer crews repairs queue */
    scn *s = load("[cluster]\nnodes=4\n[component.node]\nttf=exponential(mean=100h)\n"
                  "ttr=exponential(mean=5h)\n[job]\nwork=50h\ncheckpoint_interval=2h\n");
    analytic_list *l = compute(s);
    assert_fit(l, "daly_makespan_h", ANALYTIC_EXACT);
    assert_fit(l, "expected_down_h", ANALYTIC_EXACT);
    assert_string_equal(get(l, "expected_down_h")->metric, "down_h"); /* the wait is the repair */
    assert_false(has(l, "expected_wait_spare_h"));
    assert_fit(l, "k_of_n_availability", ANALYTIC_APPROXIMATE);
    free(l);
    free(s);
    s = load("[cluster]\nnodes=4\nrepair_crews=2\n[component.node]\n"
             "ttf=exponential(mean=100h)\nttr=exponential(mean=5h)\n[job]\nwork=50h\n"
             "checkpoint_interval=2h\n");
    l = compute(s);
    assert_fit(l, "daly_makespan_h", ANALYTIC_APPROXIMATE);
    assert_note_has(l, "daly_makespan_h", "repairs queue");
    free(l);
    free(s);
    /* spares, but long repairs: they run out */
    s = load("[cluster]\nnodes=4\nspares=1\n[component.node]\nttf=exponential(mean=100h)\n"
             "ttr=lognormal(mean=50h, sd=10h)\n[detection]\ntimeout=10m\n[job]\nwork=50h\n"
             "checkpoint_interval=2h\n");
    l = compute(s);
    assert_fit(l, "daly_makespan_h", ANALYTIC_APPROXIMATE);
    assert_note_has(l, "daly_makespan_h", "spares can run out");
    /* like with like: the detection and failover part, and the waits of their own */
    assert_string_equal(get(l, "expected_down_h")->metric, "down_h - wait_spare_h");
    assert_fit(l, "expected_wait_spare_h", ANALYTIC_APPROXIMATE);
    assert_string_equal(get(l, "expected_wait_spare_h")->metric, "wait_spare_h");
    assert_true(get(l, "expected_wait_spare_h")->value > 0);
    free(l);
    free(s);
    /* fewer crews than spares: not bounded */
    s = load("[cluster]\nnodes=4\nspares=3\nrepair_crews=2\n[component.node]\n"
             "ttf=exponential(mean=100h)\nttr=1m\n[job]\nwork=50h\ncheckpoint_interval=2h\n");
    l = compute(s);
    assert_fit(l, "daly_makespan_h", ANALYTIC_APPROXIMATE);
    assert_note_has(l, "daly_makespan_h", "fewer repair crews");
    free(l);
    free(s);
}

/* One node and no spare: D = detection + repair + failover, exact, unless a hot node can fail
 * during its swap. */
static void one_node_without_spare_includes_the_repair(void **state)
{
    (void)state;
    scn *s = load("[cluster]\nnodes=1\n[component.a]\nttf=exponential(mean=20h)\nttr=30m\n"
                  "[component.b]\nttf=exponential(mean=60h)\nttr=uniform(min=1h, max=3h)\n"
                  "[detection]\ntimeout=10m\nheartbeat=4m\n[failover]\ntime=5m\n"
                  "[job]\nwork=30h\ncheckpoint_interval=90m\ncheckpoint_cost=3m\n"
                  "restart_cost=6m\n");
    analytic_list *l = compute(s);
    assert_fit(l, "daly_makespan_h", ANALYTIC_EXACT);
    /* failure-weighted repair: a fails 3 times as often as b */
    double ttr = 0.75 * 0.5 + 0.25 * 2.0, D = (10 - 2) * MINUTE + ttr + 5 * MINUTE;
    double M = 1 / (1 / 20.0 + 1 / 60.0);
    assert_close(s->mtbf, M, 1e-14, 0);
    assert_close(get(l, "daly_makespan_h")->value,
                 cf_job_makespan(30, 1.5, 3 * MINUTE, D, 6 * MINUTE, M), 1e-14, 0);
    assert_close(get(l, "expected_failures")->value,
                 cf_job_makespan(30, 1.5, 3 * MINUTE, D, 6 * MINUTE, M) / (M + D), 1e-14, 0);
    /* one node, no spare: a renewal process, long-run only with a job */
    assert_fit(l, "renewal_availability", ANALYTIC_APPROXIMATE);
    free(l);
    free(s);

    s = load("[cluster]\nnodes=1\nspare_mode=hot\n[component.a]\nttf=exponential(mean=20h)\n"
             "ttr=30m\n[failover]\ntime=5m\n[job]\nwork=30h\ncheckpoint_interval=90m\n");
    l = compute(s);
    assert_fit(l, "daly_makespan_h", ANALYTIC_APPROXIMATE);
    assert_note_has(l, "daly_makespan_h", "hot");
    free(l);
    free(s);
}

static void horizon_shorter_than_the_job_has_no_makespan(void **state)
{
    (void)state;
    scn *s = load("[scenario]\nhorizon=10h\n[cluster]\nnodes=1\n[component.a]\n"
                  "ttf=exponential(mean=20h)\nttr=30m\n[job]\nwork=30h\n");
    analytic_list *l = compute(s);
    assert_fit(l, "daly_makespan_h", ANALYTIC_NONE);
    assert_note_has(l, "daly_makespan_h", "horizon");
    assert_fit(l, "checkpoints", ANALYTIC_NONE);
    assert_fit(l, "coarse_performance_h", ANALYTIC_NONE); /* no checkpoints: N = 0 */
    free(l);
    free(s);
    s = load("[scenario]\nhorizon=100h\n[cluster]\nnodes=1\n[component.a]\n"
             "ttf=exponential(mean=20h)\nttr=30m\n[job]\nwork=10h\ncheckpoint_interval=1h\n");
    l = compute(s);
    assert_fit(l, "daly_makespan_h", ANALYTIC_APPROXIMATE);
    assert_note_has(l, "daly_makespan_h", "horizon");
    assert_fit(l, "checkpoints", ANALYTIC_APPROXIMATE); /* the few trials the horizon stops */
    free(l);
    free(s);
}

static void markov_chain_needs_exponential_repairs_and_no_delay(void **state)
{
    (void)state;
    const char *base = "[scenario]\nhorizon=1000h\n[cluster]\nnodes=4\nspares=2\n"
                       "repair_crews=1\n";
    static const struct {
        const char *rest;
        analytic_fit fit;
        const char *why;
    } cases[] = {
        {"[component.n]\nttf=exponential(mean=100h)\nttr=exponential(mean=20h)\n", ANALYTIC_EXACT,
         "exact"},
        /* two kinds, exponential repairs of one mean: still one repair law */
        {"[component.a]\nttf=exponential(mean=200h)\nttr=exponential(mean=20h)\n"
         "[component.b]\nttf=exponential(mean=200h)\nttr=exponential(mean=20h)\n",
         ANALYTIC_EXACT, "exact"},
        /* repairs of two means: a mixture, not exponential */
        {"[component.a]\nttf=exponential(mean=200h)\nttr=exponential(mean=10h)\n"
         "[component.b]\nttf=exponential(mean=200h)\nttr=exponential(mean=30h)\n",
         ANALYTIC_APPROXIMATE, "not exponential of one mean"},
        {"[component.n]\nttf=exponential(mean=100h)\nttr=lognormal(mean=20h, sd=5h)\n",
         ANALYTIC_APPROXIMATE, "failure-weighted mean repair"},
        {"[component.n]\nttf=exponential(mean=100h)\nttr=exponential(mean=20h)\n"
         "[detection]\ntimeout=1m\n",
         ANALYTIC_APPROXIMATE, "no detection or failover"},
        {"[component.n]\nttf=exponential(mean=100h)\nttr=exponential(mean=20h)\n"
         "[failover]\ntime=1m\n",
         ANALYTIC_APPROXIMATE, "no detection or failover"},
        {"[component.n]\nttf=gamma(shape=2, mean=100h)\nttr=exponential(mean=20h)\n", ANALYTIC_NONE,
         "not exponential"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[600];
        snprintf(text, sizeof text, "%s%s", base, cases[i].rest);
        scn *s = load(text);
        analytic_list *l = compute(s);
        assert_fit(l, "repairman_availability", cases[i].fit);
        assert_note_has(l, "repairman_availability", cases[i].why);
        free(l);
        free(s);
    }
}

static void renewal_needs_a_node_that_renews(void **state)
{
    (void)state;
    /* one Weibull component: renews at each repair, delays included in the down time */
    scn *s = load("[scenario]\nhorizon=3000h\n[cluster]\nnodes=1\n[component.n]\n"
                  "ttf=weibull(shape=1.5, scale=100h)\nttr=lognormal(mean=10h, sd=5h)\n"
                  "[detection]\ntimeout=1h\nheartbeat=30m\n[failover]\ntime=15m\n");
    analytic_list *l = compute(s);
    assert_fit(l, "renewal_availability", ANALYTIC_EXACT);
    assert_fit(l, "repairman_availability", ANALYTIC_NONE);
    free(l);
    free(s);
    /* two Weibull components: the other keeps its age */
    s = load("[scenario]\nhorizon=3000h\n[cluster]\nnodes=1\n[component.a]\n"
             "ttf=weibull(shape=1.5, scale=100h)\nttr=10h\n[component.b]\n"
             "ttf=weibull(shape=1.5, scale=300h)\nttr=10h\n");
    l = compute(s);
    assert_fit(l, "renewal_availability", ANALYTIC_NONE);
    assert_note_has(l, "renewal_availability", "does not renew");
    free(l);
    free(s);
    /* two Weibull units of one kind, likewise */
    s = load("[scenario]\nhorizon=3000h\n[cluster]\nnodes=1\n[component.a]\ncount=2\n"
             "ttf=weibull(shape=1.5, scale=100h)\nttr=10h\n");
    l = compute(s);
    assert_fit(l, "renewal_availability", ANALYTIC_NONE);
    free(l);
    free(s);
    /* fixed life, fixed repair: a lattice; a short horizon: asymptotics do not hold yet */
    s = load("[scenario]\nhorizon=3000h\n[cluster]\nnodes=1\n[component.a]\nttf=100h\n"
             "ttr=10h\n");
    l = compute(s);
    assert_fit(l, "renewal_availability", ANALYTIC_APPROXIMATE);
    assert_note_has(l, "renewal_availability", "lattice");
    free(l);
    free(s);
    s = load("[scenario]\nhorizon=500h\n[cluster]\nnodes=1\n[component.a]\n"
             "ttf=weibull(shape=1.5, scale=100h)\nttr=10h\n");
    l = compute(s);
    assert_fit(l, "renewal_availability", ANALYTIC_APPROXIMATE);
    assert_note_has(l, "renewal_availability", "forget its start");
    free(l);
    free(s);
    /* scenarios/per-step.ini: 100 h of a node that, once failed, stays down for 2 years: the
     * long-run value (0.0057) and its 1/T form (0.50) are both far from E[min(life, T)] / T
     * (0.634); no closed form is shown */
    s = load("[scenario]\nhorizon=100h\n[cluster]\nnodes=1\n[component.unit]\n"
             "ttf=geometric(p=0.01, step=1h)\nttr=2y\n");
    l = compute(s);
    assert_fit(l, "renewal_availability", ANALYTIC_NONE);
    assert_note_has(l, "renewal_availability", "does not apply");
    assert_int_equal(analytic_for_metric(l, "availability")->fit, ANALYTIC_NONE);
    free(l);
    free(s);
}

static void k_of_n_needs_independent_nodes(void **state)
{
    (void)state;
    scn *s = load("[scenario]\nhorizon=3000h\n[cluster]\nnodes=3\n[component.n]\n"
                  "ttf=exponential(mean=100h)\nttr=exponential(mean=10h)\n");
    analytic_list *l = compute(s);
    assert_fit(l, "k_of_n_availability", ANALYTIC_APPROXIMATE);
    assert_fit(l, "repairman_availability", ANALYTIC_EXACT);
    /* the most exact one estimates availability */
    assert_string_equal(analytic_for_metric(l, "availability")->quantity, "repairman_availability");
    assert_close(get(l, "k_of_n_availability")->value, pow(100.0 / 110.0, 3), 1e-14, 0);
    free(l);
    free(s);
    s = load("[scenario]\nhorizon=3000h\n[cluster]\nnodes=3\nrepair_crews=1\n[component.n]\n"
             "ttf=exponential(mean=100h)\nttr=exponential(mean=10h)\n");
    l = compute(s);
    assert_fit(l, "k_of_n_availability", ANALYTIC_NONE);
    assert_note_has(l, "k_of_n_availability", "not independent");
    free(l);
    free(s);
}

static void the_default_scenario_claims_nothing_it_cannot_prove(void **state)
{
    (void)state;
    scn *s = malloc(sizeof *s);
    scn_errors e = {0};
    assert_non_null(s);
    assert_int_equal(scn_load_text(scn_default_text, "default.ini", s, &e), 0);
    analytic_list *l = compute(s);
    for (int i = 0; i < l->n; i++)
        if (l->e[i].metric && l->e[i].fit == ANALYTIC_EXACT)
            assert_string_equal(l->e[i].metric, "checkpoints");
    assert_fit(l, "daly_makespan_h", ANALYTIC_APPROXIMATE);
    assert_fit(l, "repairman_availability", ANALYTIC_APPROXIMATE);
    free(l);
    free(s);
}

static void fit_names(void **state)
{
    (void)state;
    assert_string_equal(analytic_fit_name(ANALYTIC_EXACT), "exact");
    assert_string_equal(analytic_fit_name(ANALYTIC_APPROXIMATE), "approximate");
    assert_string_equal(analytic_fit_name(ANALYTIC_COARSE), "coarse");
    assert_string_equal(analytic_fit_name(ANALYTIC_NONE), "n/a");
}

/* ---------------------------------------------------------------- values */

/* Daly (2006), captions of Figs. 3-5: delta = 5 min, R = 10 min: tau_opt = 117 min at M = 24 h,
 * 57 min at 6 h, 9.1 min at 15 min; Young's sqrt(2 delta M) is 120, 60 and 12.2 min there. The
 * scenarios give the system those MTBFs (one node of that mean life). */
static void intervals_match_published_values(void **state)
{
    (void)state;
    static const struct {
        const char *mean;
        double daly, young, tol;
    } cases[] = {{"24h", 117, 120, 0.5}, {"6h", 57, 60, 0.5}, {"15m", 9.1, 12.2, 0.05}};
    for (int i = 0; i < 3; i++) {
        char text[400];
        snprintf(text, sizeof text,
                 "[cluster]\nnodes=1\n[component.n]\nttf=exponential(mean=%s)\nttr=1h\n"
                 "[job]\nwork=100h\ncheckpoint_interval=daly\ncheckpoint_cost=5m\n"
                 "restart_cost=10m\n",
                 cases[i].mean);
        scn *s = load(text);
        analytic_list *l = compute(s);
        assert_close(get(l, "daly_interval_h")->value / MINUTE, cases[i].daly, 0, cases[i].tol);
        assert_close(get(l, "young_interval_h")->value / MINUTE, cases[i].young, 0, cases[i].tol);
        /* the scenario's interval is Daly's */
        assert_close(s->ckpt.interval, get(l, "daly_interval_h")->value, 1e-15, 0);
        free(l);
        free(s);
    }
}

static void values_are_the_closed_forms(void **state)
{
    (void)state;
    scn *s = load(one_node);
    analytic_list *l = compute(s);
    const double M = 10, W = 40, tau = 2, d = 0.25, R = 0.5, D = 0.5;
    double E = cf_job_makespan(W, tau, d, D, R, M);
    assert_close(get(l, "system_mtbf_h")->value, M, 1e-15, 0);
    assert_close(get(l, "young_interval_h")->value, cf_young_interval(d, M), 1e-15, 0);
    assert_close(get(l, "daly_interval_h")->value, cf_daly_interval(d, M), 1e-15, 0);
    assert_close(get(l, "checkpoints")->value, 19, 0, 0); /* 20 segments, no final checkpoint */
    assert_close(get(l, "daly_makespan_h")->value, E, 1e-15, 0);
    double F = E / (M + D);
    assert_close(get(l, "expected_failures")->value, F, 1e-14, 0);
    assert_close(get(l, "expected_down_h")->value, D * F, 1e-14, 0);
    assert_close(get(l, "expected_restart_h")->value, M * (1 - exp(-R / M)) * F, 1e-13, 0);
    /* the lost work by its own route: per segment of L, M (e^{L/M} - 1) - L */
    double lost = 19 * (M * expm1((tau + d) / M) - (tau + d)) + (M * expm1(tau / M) - tau);
    assert_close(get(l, "expected_lost_h")->value, lost, 1e-12, 0);
    assert_close(get(l, "goodput")->value, W / E, 1e-15, 0);
    /* no failure during the 40 h of work and the 19 checkpoints */
    assert_close(get(l, "no_failure_prob")->value, exp(-(W + 19 * d) / M), 1e-14, 0);
    /* coarse: L (1-p)(1-1/N) with p = 1 - e^{-W/M}, N = W/tau = 20 */
    assert_close(get(l, "coarse_performance_h")->value, W * exp(-W / M) * (1 - 1 / 20.0), 1e-14, 0);
    /* a trial lasts the makespan: the chain from all-new over E[makespan], less the delays */
    cf_repairman m = {1, 3, 0, 0, 1 / M, 60};
    assert_close(get(l, "repairman_availability")->value,
                 cf_repairman_interval_availability(&m, E) * M / (M + D), 1e-14, 0);
    free(l);
    free(s);
}

static void availability_values_are_the_closed_forms(void **state)
{
    (void)state;
    scn *s = load("[scenario]\nhorizon=2000h\n[cluster]\nnodes=4\nspares=2\nrepair_crews=1\n"
                  "spare_mode=hot\n[component.n]\nttf=exponential(mean=100h)\n"
                  "ttr=exponential(mean=20h)\n");
    analytic_list *l = compute(s);
    cf_repairman m = {4, 2, 1, 1, 0.01, 0.05};
    assert_close(get(l, "repairman_availability")->value,
                 cf_repairman_interval_availability(&m, 2000), 1e-14, 0);
    free(l);
    free(s);

    /* with a job, a trial lasts the makespan: the chain from all-new over E[makespan], which a
     * 50-hour job on a cluster whose chain settles in hundreds of hours tells from the
     * stationary value */
    s = load("[cluster]\nnodes=4\nspares=2\nrepair_crews=1\n[component.n]\n"
             "ttf=exponential(mean=100h)\nttr=exponential(mean=20h)\n"
             "[job]\nwork=50h\ncheckpoint_interval=5h\ncheckpoint_cost=5m\n");
    l = compute(s);
    double E = get(l, "daly_makespan_h")->value;
    m = (cf_repairman){4, 2, 1, 0, 0.01, 0.05};
    assert_int_equal(get(l, "repairman_availability")->fit, ANALYTIC_APPROXIMATE);
    assert_close(get(l, "repairman_availability")->value, cf_repairman_interval_availability(&m, E),
                 1e-14, 0);
    assert_true(get(l, "repairman_availability")->value > 1.01 * cf_repairman_availability(&m));
    free(l);
    free(s);

    /* renewal: U ~ Weibull(1.5, 100h); down = detection U(30m, 1h] + lognormal repair + failover
     * U(10m, 20m): the moments add */
    s = load("[scenario]\nhorizon=3000h\n[cluster]\nnodes=1\n[component.n]\n"
             "ttf=weibull(shape=1.5, scale=100h)\nttr=lognormal(mean=10h, sd=5h)\n"
             "[detection]\ntimeout=1h\nheartbeat=30m\n"
             "[failover]\ntime=uniform(min=10m, max=20m)\n");
    l = compute(s);
    double mu = 100 * tgamma(1 + 1 / 1.5), m2u = 100 * 100 * tgamma(1 + 2 / 1.5);
    double fo = 15 * MINUTE, fo_var = pow(10 * MINUTE, 2) / 12;
    double det = 0.75, det_var = 0.25 / 12;
    double md = det + 10 + fo, m2d = det_var + 25 + fo_var + md * md;
    assert_close(get(l, "renewal_availability")->value,
                 cf_renewal_interval_availability(mu, m2u, md, m2d, 3000), 1e-12, 0);
    free(l);
    free(s);
}

/* The per-step law: p = 0.01 an hour, 0.0956 by 10 h and 0.634 by 100 h (scenarios/per-step.ini
 * works them out); over the 2 x 3 units of a cluster, 1 - 0.99^60 by 10 h. */
static void per_step_values(void **state)
{
    (void)state;
    scn *s = load("[scenario]\nhorizon=100h\n[cluster]\nnodes=1\n[component.unit]\n"
                  "ttf=geometric(p=0.01, step=1h)\nttr=2y\n");
    analytic_list *l = compute(s);
    assert_close(get(l, "step_unit_fail_prob")->value, 0.6340, 0, 5e-5);
    assert_close(get(l, "step_system_fail_prob")->value, 0.6340, 0, 5e-5);
    assert_close(get(l, "no_failure_prob")->value, 1 - 0.6340, 0, 5e-5);
    assert_fit(l, "step_unit_fail_prob", ANALYTIC_EXACT);
    free(l);
    free(s);
    s = load("[scenario]\nhorizon=10.5h\n[cluster]\nnodes=2\n[component.unit]\ncount=3\n"
             "ttf=geometric(p=0.01, step=1h)\nttr=2y\n");
    l = compute(s);
    assert_close(get(l, "step_unit_fail_prob")->value, 0.0956, 0, 5e-5);
    assert_close(get(l, "step_system_fail_prob")->value, 1 - pow(0.99, 60), 1e-13, 0);
    free(l);
    free(s);
}

/* ---------------------------------------------------------------- against the simulator */

/* Mean and standard error of x over the trials. */
static void mean_se(const double *x, uint64_t n, double *mean, double *se)
{
    stat_mean a = {0};
    for (uint64_t i = 0; i < n; i++)
        stat_mean_add(&a, x[i]);
    stat_summary m;
    stat_mean_get(&a, &m);
    *mean = m.mean;
    *se = m.sd / sqrt((double)m.n);
}

/* The trials' values of what an exact entry predicts: its metric, or for the probabilities the
 * indicator of (no) failure. Returns 0 if the entry has nothing to compare in this scenario. */
static int observed(const scn *s, const analytic_entry *e, const test_trials *c, double *x)
{
    int k = e->metric ? metric_index(e->metric) : -1;
    int no_fail = strcmp(e->quantity, "no_failure_prob") == 0;
    /* "some unit of the kind failed" is "some slot failed" when it is the only kind */
    int any_fail = strcmp(e->quantity, "step_system_fail_prob") == 0 && s->ncomp == 1;
    if (strcmp(e->quantity, "step_unit_fail_prob") == 0 && s->ncomp == 1 && s->nodes == 1 &&
        s->comp[0].count == 1)
        any_fail = 1;
    if (k < 0 && !no_fail && !any_fail) return 0;
    for (uint64_t i = 0; i < c->n; i++)
        x[i] = k >= 0    ? metric_value(&c->r[i], k)
               : no_fail ? (double)(c->r[i].failures == 0)
                         : (double)(c->r[i].failures > 0);
    return 1;
}

/* Runs the scenario and requires every exact entry it can observe to agree within 4 SE; returns
 * the number checked. Entries marked exact that no trial figure observes are listed in
 * `unobserved` (the caller says which are allowed). */
static int simulate_exact_lives(const char *what, const char *text, const char *const *unobserved,
                                int per_node_lives);
static int simulate_exact(const char *what, const char *text, const char *const *unobserved)
{
    return simulate_exact_lives(what, text, unobserved, 0);
}

static int simulate_exact_lives(const char *what, const char *text, const char *const *unobserved,
                                int per_node_lives)
{
    scn *s = load(text);
    analytic_list *l = compute(s);
    test_trials c = testscn_run(s, (mc_opts){.per_node_lives = per_node_lives});
    double *x = malloc(c.n * sizeof *x);
    assert_non_null(x);
    int checked = 0;
    for (int i = 0; i < l->n; i++) {
        const analytic_entry *e = &l->e[i];
        if (e->fit != ANALYTIC_EXACT) continue;
        if (!observed(s, e, &c, x)) {
            int allowed = 0;
            for (int j = 0; unobserved && unobserved[j]; j++)
                allowed |= strcmp(unobserved[j], e->quantity) == 0;
            if (!allowed) fail_msg("%s: %s is exact but not checked", what, e->quantity);
            continue;
        }
        double mean, se;
        mean_se(x, c.n, &mean, &se);
        if (se == 0 && !e->metric) {
            /* a probability no trial showed: below 6 / n, as n draws all miss with probability
             * (1 - p)^n < e^{-6} = 0.0025 beyond */
            print_message("  %-28s %-22s simulated %.6g, closed form %.6g (no trial differs)\n",
                          what, e->quantity, mean, e->value);
            assert_true(fabs(mean - e->value) <= 6.0 / (double)c.n);
        } else if (se == 0) {
            print_message("  %-28s %-22s simulated %.6g, closed form %.6g (no spread)\n", what,
                          e->quantity, mean, e->value);
            assert_close(mean, e->value, 1e-12, 0);
        } else {
            /* the one verdict function: the rule relsim run applies */
            stat_verdict v = stat_agree(mean, se * sqrt((double)c.n), (double)c.n, e->value);
            print_message("  %-28s %-22s simulated %.6g, closed form %.6g, %+.3g%% = %+.2f SE\n",
                          what, e->quantity, mean, e->value, 100 * (mean - e->value) / e->value,
                          v.z);
            if (v.verdict != STAT_AGREES)
                fail_msg("%s: %s is %.2f standard errors from the closed form (limit %.3g)", what,
                         e->quantity, v.z, v.limit);
        }
        checked++;
    }
    free(x);
    free(c.r);
    free(l);
    free(s);
    return checked;
}

static const char *const mtbf_only[] = {"system_mtbf_h", NULL};
static const char *const nothing[] = {NULL};

static void exact_entries_agree_with_the_simulator(void **state)
{
    (void)state;
    /* 1. One node, detection and failover, cold spares repaired in a minute. */
    assert_int_equal(simulate_exact("1 node, D = 30m, spares", one_node, mtbf_only), 7);

    /* 2. Sixteen nodes of four GPUs, no delay, six spares: Daly's interval, D = 0. */
    assert_int_equal(
        simulate_exact("16 nodes, D = 0",
                       "[scenario]\ntrials=3000\nseed=12\n[cluster]\nnodes=16\nspares=6\n"
                       "[component.gpu]\ncount=4\nttf=exponential(mean=640h)\nttr=2m\n"
                       "[job]\nwork=60h\ncheckpoint_interval=daly\ncheckpoint_cost=10m\n"
                       "restart_cost=20m\n",
                       mtbf_only),
        6);

    /* 3. One node, no spare, two kinds (repairs of different laws), random detection delay and
     * failover: D = E[delay] + failure-weighted E[ttr] + E[failover]. */
    assert_int_equal(simulate_exact("1 node, no spare, mixed ttr",
                                    "[scenario]\ntrials=4000\nseed=13\n[cluster]\nnodes=1\n"
                                    "[component.a]\nttf=exponential(mean=20h)\nttr=30m\n"
                                    "[component.b]\nttf=exponential(mean=60h)\n"
                                    "ttr=uniform(min=1h, max=3h)\n"
                                    "[detection]\ntimeout=10m\nheartbeat=4m\n"
                                    "[failover]\ntime=exponential(mean=5m)\n"
                                    "[job]\nwork=30h\ncheckpoint_interval=90m\ncheckpoint_cost=3m\n"
                                    "restart_cost=6m\n",
                                    mtbf_only),
                     7);

    /* 4. One node, three hot spares swapped in at once, a random detection delay, repairs short
     * enough that the spares (almost) never run out. */
    assert_int_equal(
        simulate_exact("1 node, hot spares, F = 0",
                       "[scenario]\ntrials=4000\nseed=14\n[cluster]\nnodes=1\nspares=3\n"
                       "spare_mode=hot\n[component.n]\nttf=exponential(mean=8h)\n"
                       "ttr=exponential(mean=1m)\n[detection]\ntimeout=15m\nheartbeat=10m\n"
                       "[job]\nwork=24h\ncheckpoint_interval=1h\ncheckpoint_cost=4m\n"
                       "restart_cost=8m\n",
                       mtbf_only),
        7);

    /* 5. No checkpoints: one segment of the whole work. */
    assert_int_equal(
        simulate_exact("no checkpoints",
                       "[scenario]\ntrials=6000\nseed=15\n[cluster]\nnodes=1\nspares=3\n"
                       "[component.node]\nttf=exponential(mean=10h)\nttr=1m\n"
                       "[detection]\ntimeout=30m\n"
                       "[job]\nwork=5h\ncheckpoint_interval=none\nrestart_cost=15m\n",
                       mtbf_only),
        7);

    /* 6, 7. The repairman chain over a horizon, cold and hot. */
    assert_int_equal(simulate_exact("chain N=4 S=2 r=1 cold",
                                    "[scenario]\ntrials=2000\nseed=21\nhorizon=2000h\n"
                                    "[cluster]\nnodes=4\nspares=2\nrepair_crews=1\n"
                                    "[component.node]\nttf=exponential(mean=100h)\n"
                                    "ttr=exponential(mean=20h)\n",
                                    mtbf_only),
                     2);
    assert_int_equal(simulate_exact("chain N=3 S=1 r=2 hot, 2 kinds",
                                    "[scenario]\ntrials=2000\nseed=22\nhorizon=1500h\n"
                                    "[cluster]\nnodes=3\nspares=1\nrepair_crews=2\n"
                                    "spare_mode=hot\n[component.a]\n"
                                    "ttf=exponential(mean=150h)\nttr=exponential(mean=15h)\n"
                                    "[component.b]\nttf=exponential(mean=300h)\n"
                                    "ttr=exponential(mean=15h)\n",
                                    mtbf_only),
                     2);

    /* 7b. A job the horizon always stops: a trial is the cluster over the horizon, whatever the
     * job does, so the chain is exact again. */
    assert_int_equal(simulate_exact("chain under a stopped job",
                                    "[scenario]\ntrials=2000\nseed=23\nhorizon=500h\n"
                                    "[cluster]\nnodes=3\nspares=1\nrepair_crews=1\n"
                                    "[component.n]\nttf=exponential(mean=100h)\n"
                                    "ttr=exponential(mean=10h)\n"
                                    "[job]\nwork=1000h\ncheckpoint_interval=1h\n"
                                    "checkpoint_cost=1m\n",
                                    mtbf_only),
                     2);

    /* 8. Renewal: one Weibull node, lognormal repair, random detection delay and failover. */
    assert_int_equal(
        simulate_exact("renewal, Weibull + delays",
                       "[scenario]\ntrials=3000\nseed=31\nhorizon=3000h\n[cluster]\nnodes=1\n"
                       "[component.node]\nttf=weibull(shape=1.5, scale=100h)\n"
                       "ttr=lognormal(mean=10h, sd=5h)\n[detection]\ntimeout=1h\n"
                       "heartbeat=30m\n[failover]\ntime=uniform(min=10m, max=20m)\n",
                       nothing),
        2);

    /* 9. The per-step law, one unit, and 2 x 3 units over 10.5 h. */
    assert_int_equal(simulate_exact("per step, 1 unit, 100 h",
                                    "[scenario]\ntrials=20000\nseed=41\nhorizon=100h\n"
                                    "[cluster]\nnodes=1\n[component.unit]\n"
                                    "ttf=geometric(p=0.01, step=1h)\nttr=2y\n",
                                    nothing),
                     3);
    assert_int_equal(simulate_exact("per step, 6 units, 10.5 h",
                                    "[scenario]\ntrials=20000\nseed=42\nhorizon=10.5h\n"
                                    "[cluster]\nnodes=2\n[component.unit]\ncount=3\n"
                                    "ttf=geometric(p=0.01, step=1h)\nttr=2y\n",
                                    (const char *const[]){"step_unit_fail_prob", NULL}),
                     2);

    /* 9b. Sixteen slots and an hour's detection delay: the other slots fail while one is down;
     * the job's down time is their busy period and the failures count them (once 5.8% low). */
    assert_int_equal(
        simulate_exact("16 nodes, D = 1h, busy period",
                       "[scenario]\ntrials=3000\nseed=71\n[cluster]\nnodes=16\nspares=6\n"
                       "[component.gpu]\ncount=4\nttf=exponential(mean=640h)\nttr=2m\n"
                       "[detection]\ntimeout=1h\n"
                       "[job]\nwork=60h\ncheckpoint_interval=2h\ncheckpoint_cost=10m\n",
                       mtbf_only),
        6);
    /* 9c. No spare and a crew per slot: each slot comes back after detection, its repair (any
     * law) and failover, independently of the others. */
    assert_int_equal(
        simulate_exact("4 nodes, no spare, 4 crews",
                       "[scenario]\ntrials=4000\nseed=72\n[cluster]\nnodes=4\n"
                       "[component.node]\nttf=exponential(mean=100h)\n"
                       "ttr=lognormal(mean=3h, sd=2h)\n[detection]\ntimeout=10m\n"
                       "heartbeat=5m\n[failover]\ntime=5m\n"
                       "[job]\nwork=50h\ncheckpoint_interval=2h\ncheckpoint_cost=5m\n"
                       "restart_cost=10m\n",
                       mtbf_only),
        7);

    /* 10. Weibull lives and a job: only what holds for any law is exact. */
    assert_int_equal(
        simulate_exact("Weibull job",
                       "[scenario]\ntrials=4000\nseed=51\n[cluster]\nnodes=4\nspares=4\n"
                       "[component.n]\nttf=weibull(shape=0.7, scale=300h)\nttr=1h\n"
                       "[detection]\ntimeout=10m\n"
                       "[job]\nwork=20h\ncheckpoint_interval=1h\ncheckpoint_cost=5m\n"
                       "restart_cost=10m\n",
                       nothing),
        2);
}

/* Full + incremental chains (cf_chain_makespan), both kinds, one node with D = 30 m: the
 * simulated makespan, failures and down time against the closed form, through stat_agree, with
 * the Poisson shortcut and with a life per node. full_every = 1 is cf_job_makespan exactly, and
 * a hand sum pins the residues: W = 9 h, tau = 2 h, F = 3 gives segments 1-4 (stalls inc, inc,
 * full, inc) and a last of 1 h; segment m restores checkpoint m - 1. */
static void incremental_chains_agree_with_the_simulator(void **state)
{
    (void)state;
    cf_chain one = {1, 0, 0.25, 0.1, 0.5, 0.2};
    assert_close(cf_chain_makespan(40, 2, &one, 0.5, 10),
                 cf_job_makespan(40, 2, 0.25, 0.5, 0.5, 10), 1e-15, 0);
    for (int cum = 0; cum < 2; cum++) {
        cf_chain c = {3, cum, 1, 0.25, 0.5, 0.1};
        double R1 = 0.5 + 0.1, R2 = 0.5 + (cum ? 0.1 : 0.2);
        double hand = cf_segment_time(2.25, 0.3, 0.5, 7) + cf_segment_time(2.25, 0.3, R1, 7) +
                      cf_segment_time(3, 0.3, R2, 7) + cf_segment_time(2.25, 0.3, 0.5, 7) +
                      cf_segment_time(1, 0.3, R1, 7);
        assert_close(cf_chain_makespan(9, 2, &c, 0.3, 7), hand, 1e-14, 0);
    }
    static const char *const chains[] = {"chained", "cumulative"};
    for (int cum = 0; cum < 2; cum++)
        for (int per_node = 0; per_node < 2; per_node++) {
            char text[800], what[64];
            snprintf(text, sizeof text,
                     "[scenario]\ntrials=4000\nseed=%d\n[cluster]\nnodes=1\nspares=3\n"
                     "[component.node]\nttf=exponential(mean=10h)\nttr=1m\n"
                     "[detection]\ntimeout=20m\n[failover]\ntime=10m\n"
                     "[job]\nwork=40h\ncheckpoint_interval=2h\ncheckpoint_cost=30m\n"
                     "restart_cost=30m\nfull_every=4\nincremental_cost=6m\n"
                     "incremental_restore_cost=12m\nincremental_chain=%s\n",
                     31 + 2 * cum + per_node, chains[cum]);
            snprintf(what, sizeof what, "chain, %s%s", chains[cum], per_node ? ", per node" : "");
            assert_int_equal(simulate_exact_lives(what, text, mtbf_only, per_node), 5);
        }
}

/* The system MTBF, which no trial figure shows directly: with spares swapped in at once and
 * repaired in a minute, the slots are always full and their failures a Poisson process of rate
 * 1/M, so the mean number of failures over a horizon T is T/M. */
static void system_mtbf_is_the_mean_time_between_failures(void **state)
{
    (void)state;
    scn *s = load("[scenario]\ntrials=3000\nseed=61\nhorizon=200h\n[cluster]\nnodes=8\n"
                  "spares=3\n[component.a]\ncount=2\nttf=exponential(mean=240h)\nttr=1m\n"
                  "[component.b]\nttf=exponential(mean=480h)\nttr=1m\n");
    analytic_list *l = compute(s);
    const analytic_entry *e = get(l, "system_mtbf_h");
    assert_int_equal(e->fit, ANALYTIC_EXACT);
    assert_close(e->value, 1 / (8 * (2 / 240.0 + 1 / 480.0)), 1e-14, 0); /* 12 h */
    test_trials c = testscn_run(s, (mc_opts){0});
    double *x = malloc(c.n * sizeof *x), mean, se;
    assert_non_null(x);
    for (uint64_t i = 0; i < c.n; i++)
        x[i] = (double)c.r[i].failures;
    mean_se(x, c.n, &mean, &se);
    double z = (mean - 200 / e->value) / se;
    print_message("  %-28s %-22s simulated %.6g, closed form T/M = %.6g, %+.2f SE\n",
                  "8 nodes, failures over 200 h", "system_mtbf_h", mean, 200 / e->value, z);
    assert_true(fabs(z) <= 4);
    free(x);
    free(c.r);
    free(l);
    free(s);
}

/* Mean and SE of one metric over a scenario's trials. */
static void simulate_metric(const scn *s, const char *metric, double *mean, double *se)
{
    test_trials c = testscn_run(s, (mc_opts){0});
    double *x = malloc(c.n * sizeof *x);
    assert_non_null(x);
    int k = metric_index(metric);
    for (uint64_t i = 0; i < c.n; i++)
        x[i] = metric_value(&c.r[i], k);
    mean_se(x, c.n, mean, se);
    free(x);
    free(c.r);
}

/* The other side of the proof: where an assumption fails, the simulator does leave the closed
 * form, by more than 4 standard errors, so that "approximate" is needed and the tests above
 * would have caught a wrong "exact". */
static void approximate_entries_differ_where_their_assumptions_fail(void **state)
{
    (void)state;
    /* No spare and one crew for 4 slots: repairs queue, so the slots do not come back
     * independently and the down time exceeds the busy period of independent slots. */
    scn *s = load("[scenario]\ntrials=3000\nseed=71\n[cluster]\nnodes=4\nrepair_crews=1\n"
                  "[component.node]\nttf=exponential(mean=50h)\nttr=exponential(mean=10h)\n"
                  "[job]\nwork=50h\ncheckpoint_interval=2h\ncheckpoint_cost=5m\n");
    analytic_list *l = compute(s);
    const analytic_entry *e = get(l, "expected_down_h");
    assert_int_equal(e->fit, ANALYTIC_APPROXIMATE);
    double mean, se;
    simulate_metric(s, "down_h", &mean, &se);
    double z = (mean - e->value) / se;
    print_message("  %-28s %-22s simulated %.6g, closed form %.6g, %+.2f SE (approximate)\n",
                  "4 nodes, 1 crew, no spare", e->quantity, mean, e->value, z);
    assert_true(z > 4);
    free(l);
    free(s);

    /* A random checkpoint cost: with failures of mean M, a segment of tau hours closed by a
     * checkpoint of cost c (drawn anew at each attempt) succeeds with probability
     * q = e^{-tau/M} E[e^{-c/M}], and first-step analysis gives M (1/q - 1) per segment (R = D =
     * 0). For c exponential of mean d, E[e^{-c/M}] = 1 / (1 + d/M), above e^{-d/M} (Jensen): the
     * mean cost in Daly's form overestimates. The simulator follows the transform. */
    s = load("[scenario]\ntrials=4000\nseed=72\n[cluster]\nnodes=1\nspares=3\n"
             "[component.n]\nttf=exponential(mean=2h)\nttr=1m\n"
             "[job]\nwork=10h\ncheckpoint_interval=1h\ncheckpoint_cost=exponential(mean=30m)\n");
    l = compute(s);
    e = get(l, "daly_makespan_h");
    assert_int_equal(e->fit, ANALYTIC_APPROXIMATE);
    const double M = 2, tau = 1, d = 0.5;
    double q = exp(-tau / M) / (1 + d / M);
    double exact = 9 * M * (1 / q - 1) + M * expm1(tau / M); /* 9 checkpoints, a last segment */
    /* plus the waits for a spare, which the M/G/inf bound cannot rule out (but tiny) */
    assert_close(e->value, cf_job_makespan(10, tau, d, 0, 0, M), 1e-6, 0);
    simulate_metric(s, "makespan_h", &mean, &se);
    double z_mean = (mean - e->value) / se, z_exact = (mean - exact) / se;
    print_message("  %-28s %-22s simulated %.6g, Daly with the mean cost %.6g (%+.2f SE), "
                  "with E[e^(-c/M)] %.6g (%+.2f SE)\n",
                  "random checkpoint cost", e->quantity, mean, e->value, z_mean, exact, z_exact);
    assert_true(fabs(z_exact) <= 4);
    assert_true(z_mean < -4);
    free(l);
    free(s);
}

/* Repair capacity: the default scenario's 8 crews keep up with 1,024 nodes, not with 2,048. */
static void repair_capacity_warns_when_crews_cannot_keep_up(void **state)
{
    (void)state;
    scn *s = malloc(sizeof *s);
    scn_errors er = {0};
    assert_non_null(s);
    assert_int_equal(scn_load_text(scn_default_text, "default.ini", s, &er), 0);
    analytic_load c;
    char warn[512];
    analytic_capacity(s, &c);
    assert_true(c.utilisation < 1);
    assert_int_equal(analytic_capacity_warning(s, &c, warn, sizeof warn), 0);
    assert_string_equal(warn, "");
    s->nodes = 2048;
    analytic_capacity(s, &c);
    assert_close(c.fail_per_day, 7.7597, 1e-4, 0);
    assert_close(c.repair_per_day, 5.626, 1e-3, 0);
    assert_true(c.utilisation >= 1);
    assert_close(c.crews_needed, 12, 0, 0);
    assert_int_equal(analytic_capacity_warning(s, &c, warn, sizeof warn), 1);
    assert_non_null(strstr(warn, "8 repair crews repair about 5.63 nodes a day"));
    assert_non_null(strstr(warn, "7.76 a day: at least 12 crews are needed"));
    /* unlimited crews: every failed node has its own crew, no queue grows, no warning, however
     * long the repairs (per-step.ini: 2-year repairs, 0.24 failures a day) */
    s->crews = 0;
    analytic_capacity(s, &c);
    assert_int_equal(analytic_capacity_warning(s, &c, warn, sizeof warn), 0);
    assert_string_equal(warn, "");
    free(s);
}

/* Every note and formula is whole: none fills its buffer, for the longest names too. */
static void notes_are_whole(void **state)
{
    (void)state;
    char name[SCN_MAX_NAME];
    memset(name, 'x', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    for (size_t k = sizeof name - 1; k > 0; k--) { /* the longest name the loader accepts */
        name[k] = '\0';
        char probe[256];
        snprintf(probe, sizeof probe, "[scenario]\nhorizon=1h\n[component.%s]\nttf=1h\nttr=1h\n",
                 name);
        scn *p = malloc(sizeof *p);
        scn_errors pe = {0};
        assert_non_null(p);
        int ok = scn_load_text(probe, "probe.ini", p, &pe) == 0;
        scn_errors_free(&pe);
        free(p);
        if (ok) break;
    }
    char text[2048];
    snprintf(text, sizeof text,
             "[scenario]\nhorizon=1000h\n[cluster]\nnodes=4\nspares=1\nrepair_crews=1\nspare_mode=hot\n[component.%s]\n"
             "ttf=exponential(mean=100h)\nttr=lognormal(mean=50h, sd=10h)\n"
             "[detection]\ntimeout=10m\nheartbeat=1m\n[failover]\ntime=exponential(mean=5m)\n"
             "[job]\nwork=500h\ncheckpoint_interval=2h\n"
             "checkpoint_cost=exponential(mean=1m)\nrestart_cost=exponential(mean=1m)\n",
             name);
    scn *s = load(text);
    analytic_list *l = compute(s);
    for (int i = 0; i < l->n; i++) {
        assert_true(strlen(l->e[i].note) + 1 < sizeof l->e[i].note);
        assert_true(strlen(l->e[i].formula) + 1 < sizeof l->e[i].formula);
    }
    free(l);
    free(s);
    s = malloc(sizeof *s);
    scn_errors er = {0};
    assert_non_null(s);
    assert_int_equal(scn_load_text(scn_default_text, "default.ini", s, &er), 0);
    scn_errors_free(&er);
    l = compute(s);
    const analytic_entry *e = get(l, "repairman_availability");
    assert_true(strlen(e->note) > 400); /* once cut at 400 mid-sentence */
    free(l);
    free(s);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exponential_one_node_is_exact),
        cmocka_unit_test(incremental_chains_agree_with_the_simulator),
        cmocka_unit_test(weibull_lives_have_no_daly_or_markov_form),
        cmocka_unit_test(weibull_of_shape_one_is_exponential),
        cmocka_unit_test(process_reach_leaves_only_the_forms_before_a_failure_exact),
        cmocka_unit_test(random_costs_are_approximate),
        cmocka_unit_test(delays_with_several_slots_are_a_busy_period),
        cmocka_unit_test(spares_that_can_run_out_are_approximate),
        cmocka_unit_test(one_node_without_spare_includes_the_repair),
        cmocka_unit_test(horizon_shorter_than_the_job_has_no_makespan),
        cmocka_unit_test(markov_chain_needs_exponential_repairs_and_no_delay),
        cmocka_unit_test(renewal_needs_a_node_that_renews),
        cmocka_unit_test(k_of_n_needs_independent_nodes),
        cmocka_unit_test(the_default_scenario_claims_nothing_it_cannot_prove),
        cmocka_unit_test(fit_names),
        cmocka_unit_test(repair_capacity_warns_when_crews_cannot_keep_up),
        cmocka_unit_test(notes_are_whole),
        cmocka_unit_test(intervals_match_published_values),
        cmocka_unit_test(values_are_the_closed_forms),
        cmocka_unit_test(availability_values_are_the_closed_forms),
        cmocka_unit_test(per_step_values),
        cmocka_unit_test(exact_entries_agree_with_the_simulator),
        cmocka_unit_test(system_mtbf_is_the_mean_time_between_failures),
        cmocka_unit_test(approximate_entries_differ_where_their_assumptions_fail),
    };
    return cmocka_run_group_tests_name("analytic", tests, NULL, NULL);
}
