/*
 * The costs of a trial ([cost]; docs/model.md, "Costs"), term by term.
 *
 * First, trials with fixed durations whose timelines are worked out by hand in the comments (the
 * timelines of tests/test_model.c and tests/test_service.c, priced): every part of the cost is
 * computed by hand from the makespan, the nodes and spares, the crews, the repairs started, the
 * down time and the checkpoint terabytes stored. Then every trial of a scenario in which every
 * duration is random and every rule is at work: each part is its price times what it prices, the
 * parts add up to the cost, and summary.csv's cost_per_hour and cost_per_useful_node_h are ratios
 * of the totals. Last, a scenario without [cost] has no cost column.
 */
#include "tests/testutil.h"
#include "tests/testscn.h"
#include "sim/study/run.h"

#include <gsl/gsl_errno.h>
#include <stdlib.h>
#include <string.h>

#define EXACT 1e-12

static metric_row run_text(const char *text)
{
    return testscn_trial(text, "cost.ini", 0);
}

/* The six parts add up to the cost (in the order world.c adds them: exactly), and the two ratios
 * are the trial's own. */
static void assert_parts_add_up(const metric_row *r)
{
    double sum = r->cost_nodes + r->cost_spares + r->cost_crews + r->cost_repairs +
                 r->cost_downtime + r->cost_storage;
    assert_close(r->cost, sum, 0, 0);
    assert_close(r->cost_per_hour, r->makespan_h > 0 ? r->cost / r->makespan_h : 0, EXACT, 0);
    assert_close(r->cost_per_useful_node_h, r->useful_node_h > 0 ? r->cost / r->useful_node_h : 0,
                 EXACT, 0);
}

/*
 * One node, no spare, one repair crew (tests/test_model.c,
 * failure_loses_work_since_last_checkpoint): ttf 11 h, ttr 2 h, work 25 h, checkpoint every 4 h
 * costing 1 h, restore 30 m. The node fails at 11, 24 and 37, each failure repaired at once by the
 * one crew (2 h, the slot waiting), and the job completes at 40.5 h: 25 h useful, 6 h down, 3
 * repairs started. Prices: node_hour 10, crew_hour 4, repair 100, downtime_hour 50,
 * storage_tb_month 730.5 (a TB-hour is 1), and a checkpoint of 2 TB kept once (no tiers, no site):
 *   nodes    10 x 1 x 40.5 = 405        spares   0 (none)
 *   crews     4 x 1 x 40.5 = 162        repairs  100 x 3 = 300
 *   downtime 50 x 6       = 300         storage  730.5 x 2 x 40.5 / 730.5 = 81
 * cost 1248; per hour 1248 / 40.5; useful node-hours 25 x 1; per useful node-hour 49.92.
 */
static void a_job_priced_by_hand(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\ntrials=1\n[cluster]\nnodes=1\nrepair_crews=1\n"
                            "[component.board]\nttf=11h\nttr=2h\n"
                            "[job]\nwork=25h\ncheckpoint_interval=4h\ncheckpoint_cost=1h\n"
                            "restart_cost=30m\ncheckpoint_tb=2\n"
                            "[cost]\nnode_hour=10\ncrew_hour=4\nrepair=100\ndowntime_hour=50\n"
                            "storage_tb_month=730.5\n");
    assert_close(r.makespan_h, 40.5, EXACT, 0); /* the timeline of test_model.c */
    assert_close(r.useful_h, 25, EXACT, 0);
    assert_close(r.down_h, 6, EXACT, 0);
    assert_int_equal(r.failures, 3);
    assert_close(r.cost_nodes, 405, EXACT, 0);
    assert_close(r.cost_spares, 0, 0, 0);
    assert_close(r.cost_crews, 162, EXACT, 0);
    assert_close(r.cost_repairs, 300, EXACT, 0);
    assert_close(r.cost_downtime, 300, EXACT, 0);
    assert_close(r.cost_storage, 81, EXACT, 0);
    assert_close(r.cost, 1248, EXACT, 0);
    assert_close(r.cost_per_hour, 1248 / 40.5, EXACT, 0);
    assert_close(r.useful_node_h, 25, EXACT, 0);
    assert_close(r.cost_per_useful_node_h, 49.92, EXACT, 0);
    assert_parts_add_up(&r);
}

/*
 * One slot, one cold spare, detection 1 h, failover 30 m, repairs of 100 h, horizon 125 h
 * (tests/test_model.c, cold_spare_detection_failover_and_horizon): ttf 9.5 h, work 30 h,
 * checkpoint every 4 h costing 1 h, restore 2 h.
 * Unlimited crews: node 0 fails at 9.5 (repair 10.5-110.5), node 1 at 20.5 (repair 21.5-121.5),
 * node 0 at 120.5 (detected 121.5: its repair starts): 3 repairs started, down 93.5 h, 12 h
 * useful at the horizon. node_hour 8, repair 50, downtime_hour 2 (crews unpriced, unlimited):
 *   nodes 8 x 1 x 125 = 1000, spares 8 x 1 x 125 = 1000, repairs 50 x 3 = 150,
 *   downtime 2 x 93.5 = 187: cost 2337, per useful node-hour 2337 / 12.
 * One crew instead (crew_hour 3): node 1's failure, detected at 21.5, waits for the crew, busy
 * with node 0 until 110.5; node 0 then swaps into the slot (110.5-111) and node 1's repair
 * starts (110.5-210.5). Node 0 fails at 120.5 and, detected at 121.5, queues behind it: no
 * third repair starts before the horizon, and no node comes back (the slot is down 120.5-125).
 * Down 1.5 + 90.5 + 4.5 = 96.5 h, useful 12 h (the checkpoint at 118), 2 repairs started:
 *   nodes 1000, spares 1000, crews 3 x 1 x 125 = 375, repairs 50 x 2 = 100,
 *   downtime 2 x 96.5 = 193: cost 2668.
 */
static void spares_crews_and_the_repairs_started_by_hand(void **state)
{
    (void)state;
#define COLD_SPARE                                                                                 \
    "[scenario]\ntrials=1\nhorizon=125h\n[cluster]\nnodes=1\nspares=1\n"                           \
    "[component.board]\nttf=9.5h\nttr=100h\n"                                                      \
    "[detection]\ntimeout=1h\n[failover]\ntime=30m\n"                                              \
    "[job]\nwork=30h\ncheckpoint_interval=4h\ncheckpoint_cost=1h\nrestart_cost=2h\n"
    metric_row r = run_text(COLD_SPARE "[cost]\nnode_hour=8\nrepair=50\ndowntime_hour=2\n");
    assert_close(r.down_h, 93.5, EXACT, 0);
    assert_close(r.useful_h, 12, EXACT, 0);
    assert_close(r.cost_nodes, 1000, EXACT, 0);
    assert_close(r.cost_spares, 1000, EXACT, 0);
    assert_close(r.cost_crews, 0, 0, 0);
    assert_close(r.cost_repairs, 150, EXACT, 0);
    assert_close(r.cost_downtime, 187, EXACT, 0);
    assert_close(r.cost_storage, 0, 0, 0); /* no checkpoint_tb: nothing stored */
    assert_close(r.cost, 2337, EXACT, 0);
    assert_close(r.useful_node_h, 12, EXACT, 0);
    assert_close(r.cost_per_useful_node_h, 2337.0 / 12, EXACT, 0);
    assert_close(r.cost_per_hour, 2337.0 / 125, EXACT, 0);
    assert_parts_add_up(&r);

    r = run_text("[scenario]\ntrials=1\nhorizon=125h\n[cluster]\nnodes=1\nspares=1\n"
                 "repair_crews=1\n[component.board]\nttf=9.5h\nttr=100h\n"
                 "[detection]\ntimeout=1h\n[failover]\ntime=30m\n"
                 "[job]\nwork=30h\ncheckpoint_interval=4h\ncheckpoint_cost=1h\nrestart_cost=2h\n"
                 "[cost]\nnode_hour=8\ncrew_hour=3\nrepair=50\ndowntime_hour=2\n");
    assert_close(r.down_h, 96.5, EXACT, 0);
    assert_close(r.useful_h, 12, EXACT, 0);
    assert_int_equal(r.failures, 3);
    assert_close(r.cost_crews, 375, EXACT, 0);
    assert_close(r.cost_repairs, 100, EXACT, 0);
    assert_close(r.cost_downtime, 193, EXACT, 0);
    assert_close(r.cost, 2668, EXACT, 0);
    assert_parts_add_up(&r);
#undef COLD_SPARE
}

/*
 * Checkpoint storage: 4 nodes that never fail in the trial, work 10 h, a checkpoint every hour,
 * a checkpoint of 3 TB, storage_tb_month 730.5 (so a TB-hour costs 1).
 * With tiers: local (every 1, 6 m, partner: x 2) and xor (every 5, 12 m, sets of 4: x 4/3), and
 * a site replicating every 2 h (one remote copy): 3 x (2 + 4/3 + 1) = 13 TB. Checkpoints 1..9
 * (none once the work is done): 8 at local (0.1 h each), the 5th at xor (0.2 h): makespan 11 h,
 * storage 13 x 11 = 143. The copies of the other cases, over their own makespans:
 *   no tiers: 1 copy (10 + 9 x 0.1 = 10.9 h); no tiers and a site that replicates: 2;
 *   a site that does not replicate: 1; checkpoint_interval none: nothing stored (10 h);
 *   single-copy tiers local and pfs: 2; xor sets of 2: x 2.
 */
static void storage_counts_the_copies_kept(void **state)
{
    (void)state;
#define NODES4                                                                                     \
    "[scenario]\ntrials=1\n[cluster]\nnodes=4\n[component.c]\nttf=100000h\nttr=1h\n"               \
    "[cost]\nstorage_tb_month=730.5\n"
#define JOB "[job]\nwork=10h\ncheckpoint_tb=3\n"
#define LOCAL_PARTNER                                                                              \
    "[tier.local]\nevery=1\ncost=6m\nrestore_cost=0s\nlost_on=node\nredundancy=partner\n"
#define XOR4                                                                                       \
    "[tier.xor]\nevery=5\ncost=12m\nrestore_cost=0s\nlost_on=node\nredundancy=xor\nset_size=4\n"
#define SITE_EVERY_2H "[site]\nttf=1000000h\nrto=1h\nreplicate_every=2h\n"
    metric_row r = run_text(NODES4 JOB "checkpoint_interval=1h\n" LOCAL_PARTNER XOR4 SITE_EVERY_2H);
    assert_close(r.makespan_h, 11, EXACT, 0);
    assert_close(r.cost_storage, 143, EXACT, 0);
    assert_close(r.cost, 143, EXACT, 0);
    assert_close(r.useful_node_h, 40, EXACT, 0);
    assert_parts_add_up(&r);

    static const struct {
        const char *text;
        double makespan, copies;
    } cases[] = {
        {NODES4 JOB "checkpoint_interval=1h\ncheckpoint_cost=6m\n", 10.9, 1},
        {NODES4 JOB "checkpoint_interval=1h\ncheckpoint_cost=6m\n" SITE_EVERY_2H, 10.9, 2},
        {NODES4 JOB "checkpoint_interval=1h\ncheckpoint_cost=6m\n"
                    "[site]\nttf=1000000h\nrto=1h\n",
         10.9, 1},
        {NODES4 JOB "checkpoint_interval=none\n", 10, 0},
        {NODES4 JOB "checkpoint_interval=1h\n"
                    "[tier.local]\nevery=1\ncost=6m\nrestore_cost=0s\nlost_on=node\n"
                    "[tier.pfs]\nevery=5\ncost=12m\nrestore_cost=0s\nlost_on=never\n",
         11, 2},
        {NODES4 JOB "checkpoint_interval=1h\n"
                    "[tier.xor]\nevery=1\ncost=6m\nrestore_cost=0s\nlost_on=node\n"
                    "redundancy=xor\nset_size=2\n",
         10.9, 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        r = run_text(cases[i].text);
        assert_close(r.makespan_h, cases[i].makespan, EXACT, 0);
        assert_close(r.cost_storage, 3 * cases[i].copies * cases[i].makespan, EXACT, 0);
        assert_parts_add_up(&r);
    }
#undef NODES4
#undef JOB
#undef LOCAL_PARTNER
#undef XOR4
#undef SITE_EVERY_2H
}

/*
 * A service pays for its own down time, not the cluster's (tests/test_service.c,
 * a_trial_with_spares_staggers_the_replicas, with one replica needed instead of two): two
 * replicas of one node, one cold spare, ttf 10 h, ttr 2 h, detection 1 h, failover 30 m,
 * unlimited crews, horizon 30 h. Nodes 0 and 1 fail at 10 (both slots down until slot 0's spare
 * is in, 11.5: the service's only outage, 1.5 h), node 2 at 21.5 and node 0 at 23.5, each time
 * with the other replica up. Some slot is down 6.5 h (down_h), the service 1.5 h. Repairs start
 * at 11 (nodes 0 and 1), 22.5 (node 2) and 24.5 (node 0): 4. node_hour 4, repair 10,
 * downtime_hour 100, storage_tb_month 20 (no job: nothing stored):
 *   nodes 4 x 2 x 30 = 240, spares 4 x 1 x 30 = 120, repairs 10 x 4 = 40,
 *   downtime 100 x 1.5 = 150: cost 550; useful node-hours: up 28.5 h x 2 nodes = 57.
 * The cluster alone (no [service]): its down time is down_h, its useful node-hours those with
 * every slot up, 23.5 h x 2: downtime 650, cost 1050, per useful node-hour 1050 / 47.
 */
static void a_service_and_the_cluster_alone_by_hand(void **state)
{
    (void)state;
#define STAGGER                                                                                    \
    "[scenario]\ntrials=1\nhorizon=30h\n[cluster]\nnodes=2\nspares=1\n"                            \
    "[component.board]\nttf=10h\nttr=2h\n[detection]\ntimeout=1h\n[failover]\ntime=30m\n"          \
    "[cost]\nnode_hour=4\nrepair=10\ndowntime_hour=100\nstorage_tb_month=20\n"
    metric_row r = run_text(STAGGER "[service]\nreplicas=2\nmin_replicas=1\n");
    assert_int_equal(r.failures, 4);
    assert_close(r.down_h, 6.5, EXACT, 0);
    assert_close(r.service_availability, 28.5 / 30, EXACT, 0);
    assert_close(r.cost_nodes, 240, EXACT, 0);
    assert_close(r.cost_spares, 120, EXACT, 0);
    assert_close(r.cost_repairs, 40, EXACT, 0);
    assert_close(r.cost_downtime, 150, EXACT, 0);
    assert_close(r.cost_storage, 0, 0, 0);
    assert_close(r.cost, 550, EXACT, 0);
    assert_close(r.useful_node_h, 57, EXACT, 0);
    assert_close(r.cost_per_useful_node_h, 550.0 / 57, EXACT, 0);
    assert_close(r.cost_per_hour, 550.0 / 30, EXACT, 0);
    assert_parts_add_up(&r);

    r = run_text(STAGGER);
    assert_close(r.availability, 23.5 / 30, EXACT, 0);
    assert_close(r.cost_downtime, 650, EXACT, 0);
    assert_close(r.cost, 1050, EXACT, 0);
    assert_close(r.useful_node_h, 47, EXACT, 0);
    assert_close(r.cost_per_useful_node_h, 1050.0 / 47, EXACT, 0);
    assert_parts_add_up(&r);
#undef STAGGER
}

/* A horizon before the first checkpoint: no useful node-hour, so no cost per one (0, as a
 * trial's rpo_h without an interruption); the ratio of totals over the trials is what a planner
 * reads. */
static void no_useful_node_hour_no_cost_per_one(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\ntrials=1\nhorizon=3h\n[cluster]\nnodes=2\n"
                            "[component.c]\nttf=1000h\nttr=1h\n"
                            "[job]\nwork=10h\ncheckpoint_interval=4h\n[cost]\nnode_hour=5\n");
    assert_close(r.useful_h, 0, 0, 0);
    assert_close(r.cost, 30, EXACT, 0);
    assert_close(r.useful_node_h, 0, 0, 0);
    assert_close(r.cost_per_useful_node_h, 0, 0, 0);
    assert_parts_add_up(&r);
}

/*
 * Every trial of a scenario in which everything is random and every rule is at work (Weibull
 * and lognormal laws, process-reach faults, cold spares and two crews, racks, storage tiers with
 * partner and xor copies, a site that replicates, a horizon that cuts some trials short): each
 * part is its price times what it prices, the repairs a whole number no larger than the node
 * failures, the parts add up to the cost; and summary.csv's two ratios are the totals' ratios.
 */
static const char random_text[] =
    "[scenario]\ntrials=400\nseed=11\nhorizon=22d\n"
    "[cluster]\nnodes=16\nspares=2\nrepair_crews=2\n"
    "[component.gpu]\ncount=8\nttf=weibull(shape=0.8, scale=3y)\nttr=lognormal(mean=1d, sd=12h)\n"
    "[component.software]\nttf=exponential(mean=60d)\nttr=exponential(mean=20m)\nreach=process\n"
    "[detection]\ntimeout=10m\nheartbeat=5m\n[failover]\ntime=exponential(mean=15m)\n"
    "[job]\nwork=20d\ncheckpoint_interval=2h\ncheckpoint_tb=4.86\n"
    "[tier.local]\nevery=1\ncost=exponential(mean=2m)\nrestore_cost=5m\nlost_on=node\n"
    "redundancy=partner\n"
    "[tier.xor]\nevery=4\ncost=5m\nrestore_cost=10m\nlost_on=node\nredundancy=xor\nset_size=4\n"
    "[tier.pfs]\nevery=12\ncost=uniform(min=10m, max=30m)\nrestore_cost=30m\nlost_on=never\n"
    "ttf=exponential(mean=20d)\nttr=2h\n"
    "[domain.rack]\nsize=4\nttf=exponential(mean=200d)\nttr=exponential(mean=6h)\n"
    "[site]\nttf=exponential(mean=2y)\nrto=8h\nreplicate_every=6h\ntransfer_time=30m\n"
    "[cost]\ncurrency=EUR\nnode_hour=25\ncrew_hour=60\nrepair=300\ndowntime_hour=500\n"
    "storage_tb_month=20\n";

static void the_breakdown_adds_up_in_every_trial(void **state)
{
    (void)state;
    scn *s = testscn_load(random_text, "random.ini");
    test_trials t = testscn_run(s, (mc_opts){.threads = 2});
    assert_int_equal(t.n, 400);
    double tb = 4.86 * (2 + 4.0 / 3 + 1 + 1); /* partner, xor of 4, pfs, the remote copy */
    double sum_cost = 0, sum_span = 0, sum_useful = 0;
    uint64_t repairs = 0, incomplete = 0;
    for (uint64_t i = 0; i < t.n; i++) {
        const metric_row *r = &t.r[i];
        double T = r->makespan_h;
        assert_close(r->cost_nodes, 25 * 16 * T, EXACT, 0);
        assert_close(r->cost_spares, 25 * 2 * T, EXACT, 0);
        assert_close(r->cost_crews, 60 * 2 * T, EXACT, 0);
        double n = r->cost_repairs / 300;
        assert_close(n, round(n), 0, 1e-9);
        assert_true(n <= (double)(r->failures - r->process_failures));
        repairs += (uint64_t)round(n);
        assert_close(r->cost_downtime, 500 * (r->down_h > 0 ? r->down_h : 0), EXACT, 1e-9);
        assert_close(r->cost_storage, 20 * tb * T / 730.5, EXACT, 0);
        assert_close(r->useful_node_h, 16 * r->useful_h, EXACT, 0);
        assert_parts_add_up(r);
        sum_cost += r->cost;
        sum_span += T;
        sum_useful += r->useful_node_h;
        incomplete += !r->completed;
    }
    assert_true(repairs > 100);  /* the rules were at work */
    assert_true(incomplete > 0); /* and the horizon cut some trials short */

    /* summary.csv's rows (run_scenario's results): ratios of the totals */
    char dir[] = "/tmp/relsim-test-cost-XXXXXX", err[400], cmd[600];
    assert_non_null(mkdtemp(dir));
    run_opts o = {.outdir = dir, .threads = 2, .plot = 0, .command_line = "test_cost_model"};
    run_result res;
    if (run_scenario(s, &o, &res, err, sizeof err)) fail_msg("%s", err);
    assert_close(res.m[METRIC_cost_per_hour].mean, sum_cost / sum_span, 1e-12, 0);
    assert_close(res.m[METRIC_cost_per_useful_node_h].mean, sum_cost / sum_useful, 1e-12, 0);
    assert_close(res.m[METRIC_cost].mean, sum_cost / 400, 1e-12, 0);
    assert_true(res.m[METRIC_cost_per_useful_node_h].ci_low <
                res.m[METRIC_cost_per_useful_node_h].ci_high);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(t.r);
    free(s);
}

/* A scenario without [cost] has no cost column (its rows are 0); with one, every cost metric is
 * a column under its own name. */
static void without_cost_there_are_no_cost_columns(void **state)
{
    (void)state;
    static const int rows[] = {METRIC_cost,          METRIC_cost_per_hour,
                               METRIC_useful_node_h, METRIC_cost_per_useful_node_h,
                               METRIC_cost_nodes,    METRIC_cost_spares,
                               METRIC_cost_crews,    METRIC_cost_repairs,
                               METRIC_cost_downtime, METRIC_cost_storage};
    const char *plain = "[scenario]\ntrials=1\n[cluster]\nnodes=2\nspares=1\nrepair_crews=1\n"
                        "[component.c]\nttf=exponential(mean=50h)\nttr=2h\n"
                        "[job]\nwork=100h\ncheckpoint_interval=4h\ncheckpoint_tb=3\n";
    char buf[METRIC_NAME_MAX], with[600];
    snprintf(with, sizeof with, "%s[cost]\nnode_hour=1\n", plain);
    scn *a = testscn_load(plain, "plain.ini"), *b = testscn_load(with, "with.ini");
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        assert_null(run_metric_column(a, rows[i], buf));
        assert_string_equal(run_metric_column(b, rows[i], buf), metric_table[rows[i]].name);
    }
    metric_row r = run_text(plain);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        assert_close(metric_value(&r, rows[i]), 0, 0, 0);
    /* the other columns are the same with and without costs: pricing changes no trial */
    metric_row q = run_text(with);
    for (int i = 0; i < METRIC_N; i++)
        if (!(metric_table[i].flags & METRIC_NEEDS_COST))
            assert_close(metric_value(&q, i), metric_value(&r, i), 0, 0);
    free(a);
    free(b);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_job_priced_by_hand),
        cmocka_unit_test(spares_crews_and_the_repairs_started_by_hand),
        cmocka_unit_test(storage_counts_the_copies_kept),
        cmocka_unit_test(a_service_and_the_cluster_alone_by_hand),
        cmocka_unit_test(no_useful_node_hour_no_cost_per_one),
        cmocka_unit_test(the_breakdown_adds_up_in_every_trial),
        cmocka_unit_test(without_cost_there_are_no_cost_columns),
    };
    return cmocka_run_group_tests_name("cost_model", tests, NULL, NULL);
}
