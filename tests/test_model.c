/*
 * The cluster and job rules of docs/model.md, one by one, on scenarios with fixed durations whose
 * timelines are worked out by hand in the comments. Each test runs one real trial through the
 * same code as `relsim run` (world_run) and checks every figure of the trial's row.
 */
#include "tests/testutil.h"
#include "tests/testscn.h"
#include "sim/model/life.h"
#include "sim/scenario/scn.h"
#include "sim/model/world.h"

#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

/* Runs trial `trial` of a scenario given as text; fails the test on any error. */
static metric_row run_text(const char *text, uint64_t trial)
{
    return testscn_trial(text, "model.ini", trial);
}

#define EXACT 1e-12

/* useful + unsaved + lost + checkpoint + restart + down must be the makespan. */
static void assert_identity(const metric_row *r)
{
    testscn_assert_identity(r);
}

/*
 * One node, no spare: each failure waits for the repair of the node itself.
 * ttf 11 h, ttr 2 h, work 25 h, checkpoint every 4 h costing 1 h, restore 0.5 h.
 *   0-4 compute, 4-5 ckpt (4 kept), 5-9 compute, 9-10 ckpt (8 kept), 10-11 compute, fails at 11:
 *   lost 1. Repair 11-13 (slot queued for the repaired node: wait_spare 2), restore 13-13.5.
 *   13.5-17.5, ckpt -18.5 (12), 18.5-22.5, ckpt -23.5 (16), 23.5-24 compute, fails at 24 (aged
 *   11 h since 13): lost 0.5. Repair 24-26, restore 26-26.5. 26.5-30.5, ckpt -31.5 (20),
 *   31.5-35.5, ckpt -36.5 (24), 36.5-37 compute (1 h left: completion due at 37.5) but fails at
 *   37: lost 0.5. Repair 37-39, restore 39-39.5, 39.5-40.5 compute: done (no final checkpoint).
 */
static void failure_loses_work_since_last_checkpoint(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\ntrials=1\n[cluster]\nnodes=1\n"
                              "[component.board]\nttf=11h\nttr=2h\n"
                              "[job]\nwork=25h\ncheckpoint_interval=4h\ncheckpoint_cost=1h\n"
                              "restart_cost=30m\n",
                              0);
    assert_int_equal(r.completed, 1);
    assert_close(r.makespan_h, 40.5, EXACT, 0);
    assert_close(r.useful_h, 25, EXACT, 0);
    assert_close(r.lost_h, 2, EXACT, 0);
    assert_close(r.checkpoint_h, 6, EXACT, 0);
    assert_int_equal(r.checkpoints, 6);
    assert_close(r.restart_h, 1.5, EXACT, 0);
    assert_close(r.down_h, 6, EXACT, 0);
    assert_close(r.wait_spare_h, 6, EXACT, 0);
    assert_int_equal(r.failures, 3);
    assert_close(r.availability, 34.5 / 40.5, EXACT, 0);
    assert_close(r.goodput, 25 / 40.5, EXACT, 0);
    assert_identity(&r);
}

/*
 * One slot, one cold spare, detection after 1 h, failover 30 m, repairs of 100 h, horizon 125 h.
 * ttf 9.5 h, work 30 h, checkpoint every 4 h costing 1 h, restore 2 h.
 *   0-4 compute, 4-5 ckpt (4), 5-9 compute, 9-9.5 ckpt interrupted by node 0's failure: lost 4.5.
 *   Detected at 10.5: node 0 to repair (until 110.5), spare node 1 swaps in 10.5-11 (cold: it has
 *   not aged). Down 9.5-11. Restore 11-13; 13-17 compute, 17-18 ckpt (8), 18-20.5 compute: node 1
 *   (ageing since 11) fails at 20.5: lost 2.5. Detected 21.5: no spare, the slot queues for a
 *   repaired node (wait_spare 21.5-110.5 = 89 h). Node 0 repaired at 110.5 swaps in until 111.
 *   Restore 111-113, 113-117 compute, ckpt -118 (12), 118-120.5 compute: node 0 fails at 120.5
 *   (lost 2.5). At 121.5 node 1's repair ends first (it was scheduled first): it joins the pool;
 *   then node 0's failure is detected and the slot takes node 1 (121.5-122). Restore 122-124,
 *   124-125 compute: the horizon. Useful at the horizon: the 12 kept; the 1 in progress is
 *   unsaved.
 */
static void cold_spare_detection_failover_and_horizon(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\ntrials=1\nhorizon=125h\n[cluster]\nnodes=1\nspares=1\n"
                              "[component.board]\nttf=9.5h\nttr=100h\n"
                              "[detection]\ntimeout=1h\n[failover]\ntime=30m\n"
                              "[job]\nwork=30h\ncheckpoint_interval=4h\ncheckpoint_cost=1h\n"
                              "restart_cost=2h\n",
                              0);
    assert_int_equal(r.completed, 0);
    assert_close(r.makespan_h, 125, EXACT, 0);
    assert_close(r.useful_h, 12, EXACT, 0);
    assert_close(r.unsaved_h, 1, EXACT, 0);
    assert_close(r.lost_h, 9.5, EXACT, 0);
    assert_close(r.checkpoint_h, 3, EXACT, 0);
    assert_int_equal(r.checkpoints, 3);
    assert_close(r.restart_h, 6, EXACT, 0);
    assert_close(r.down_h, 93.5, EXACT, 0);
    assert_close(r.wait_spare_h, 89, EXACT, 0);
    assert_int_equal(r.failures, 3);
    assert_close(r.availability, 31.5 / 125, EXACT, 0);
    assert_identity(&r);
}

/*
 * Completion wins a tie with a checkpoint: 8 h of work with a 4 h interval is one checkpoint,
 * then 4 h of computation and done, no second checkpoint.
 */
static void no_checkpoint_once_the_work_is_done(void **state)
{
    (void)state;
    metric_row r = run_text("[cluster]\nnodes=2\n[component.c]\nttf=1000h\nttr=1h\n"
                              "[job]\nwork=8h\ncheckpoint_interval=4h\ncheckpoint_cost=1h\n",
                              0);
    assert_int_equal(r.completed, 1);
    assert_close(r.makespan_h, 9, EXACT, 0);
    assert_int_equal(r.checkpoints, 1);
    assert_close(r.checkpoint_h, 1, EXACT, 0);
    assert_int_equal(r.failures, 0);
    assert_close(r.availability, 1, 0, 0);
    assert_close(r.goodput, 8.0 / 9.0, EXACT, 0);
}

/* A 6 m interval is 0.1 h: 60 of them add up to 6 h only approximately; still 59 checkpoints. */
static void decimal_intervals_do_not_add_a_checkpoint(void **state)
{
    (void)state;
    metric_row r = run_text("[cluster]\nnodes=1\n[component.c]\nttf=1000h\nttr=1h\n"
                              "[job]\nwork=6h\ncheckpoint_interval=6m\ncheckpoint_cost=36s\n",
                              0);
    assert_int_equal(r.checkpoints, 59);
    assert_close(r.makespan_h, 6 + 59 * 0.01, 1e-12, 0);
    assert_identity(&r);
}

/*
 * Without checkpoints a failure loses everything: ttf 6 h, work 10 h, repair 1 h, restore 0.
 *   0-6 compute, fails: lost 6. Repaired 6-7, 7-13 compute, fails at 13 (aged 6 h): lost 6 more.
 *   13-14 repair, 14-20 fails again... the job never finishes within 10 h stretches of 6 h
 *   lives, so the horizon (30 h) ends it: 28-30 computing, never saved: useful 0, unsaved 2.
 */
static void no_checkpoints_lose_everything(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\nhorizon=30h\n[cluster]\nnodes=1\n"
                              "[component.c]\nttf=6h\nttr=1h\n"
                              "[job]\nwork=10h\ncheckpoint_interval=none\n",
                              0);
    assert_int_equal(r.completed, 0);
    assert_int_equal(r.checkpoints, 0);
    assert_int_equal(r.failures, 4); /* at 6, 13, 20, 27 */
    assert_close(r.lost_h, 24, EXACT, 0);
    assert_close(r.down_h, 4, EXACT, 0);
    assert_close(r.useful_h, 0, 0, 0);
    assert_close(r.unsaved_h, 2, EXACT, 0);
    assert_close(r.goodput, 0, 0, 0); /* nothing ever saved is no goodput */
    assert_identity(&r);
}

/* At the horizon a checkpoint in progress counts as checkpoint time, the computation it was saving
 * as unsaved (not useful: it was never saved). Work 100 h, interval 4 h, cost 1 h, horizon
 * 4.5 h. */
static void horizon_during_a_checkpoint(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\nhorizon=4.5h\n[cluster]\nnodes=1\n"
                              "[component.c]\nttf=1000h\nttr=1h\n"
                              "[job]\nwork=100h\ncheckpoint_interval=4h\ncheckpoint_cost=1h\n",
                              0);
    assert_close(r.useful_h, 0, 0, 0);
    assert_close(r.unsaved_h, 4, EXACT, 0);
    assert_close(r.checkpoint_h, 0.5, EXACT, 0);
    assert_int_equal(r.checkpoints, 0);
    assert_identity(&r);
}

/*
 * Full + incremental chains, one node: ttf 5 h, ttr 1 h; work 10 h, a checkpoint every 2 h,
 * full_every 3 (checkpoints 3, 6, ... are full; 1, 2, 4, 5 incremental), a full costs 1 h, an
 * incremental 15 m; restoring the full 30 m, each incremental applied 6 m.
 *   0-2 compute, 2-2.25 incr 1, 2.25-4.25 compute, 4.25-4.5 incr 2, 4.5-5 compute, fails at 5:
 *   lost 0.5. Repair 5-6. Restore to checkpoint 2: chained, the full (the start) and incrementals
 *   1 and 2: 0.5 + 2 * 0.1 = 0.7 h, 6-6.7; cumulative, the full and incremental 2: 0.6 h, 6-6.6.
 *   Chained: 6.7-8.7 compute, 8.7-9.7 full 3, 9.7-11 compute, fails at 11 (5 h after 6): lost
 *   1.3. Repair 11-12, restore to the full 3: 0.5 h, 12-12.5. 12.5-14.5 compute, 14.5-14.75
 *   incr 4, 14.75-16.75 compute: done, before the failure due at 17.
 *   Cumulative: the same 0.1 h earlier until the failure at 11 (lost 1.4), then alike.
 */
static void incremental_chains_restore_the_full_and_the_incrementals_since(void **state)
{
    (void)state;
    static const char *const chains[] = {"chained", "cumulative"};
    for (int c = 0; c < 2; c++) {
        char text[600];
        snprintf(text, sizeof text,
                 "[scenario]\ntrials=1\n[cluster]\nnodes=1\n"
                 "[component.board]\nttf=5h\nttr=1h\n"
                 "[job]\nwork=10h\ncheckpoint_interval=2h\ncheckpoint_cost=1h\n"
                 "restart_cost=30m\nfull_every=3\nincremental_cost=15m\n"
                 "incremental_restore_cost=6m\nincremental_chain=%s\n",
                 chains[c]);
        metric_row r = run_text(text, 0);
        assert_int_equal(r.completed, 1);
        assert_close(r.makespan_h, 16.75, EXACT, EXACT);
        assert_int_equal(r.failures, 2);
        assert_close(r.useful_h, 10, EXACT, EXACT);
        assert_close(r.lost_h, c ? 1.9 : 1.8, EXACT, EXACT);
        assert_close(r.checkpoint_h, 1.75, EXACT, EXACT);
        assert_close(r.restart_h, c ? 1.1 : 1.2, EXACT, EXACT);
        assert_close(r.down_h, 2, EXACT, EXACT);
        assert_int_equal(r.checkpoints, 4);
        assert_int_equal(r.full_checkpoints, 1);
        assert_int_equal(r.incremental_checkpoints, 3);
        assert_identity(&r);
    }
    /* Without full_every every checkpoint is full. */
    metric_row r = run_text("[scenario]\ntrials=1\n[cluster]\nnodes=1\n"
                            "[component.board]\nttf=5h\nttr=1h\n"
                            "[job]\nwork=10h\ncheckpoint_interval=2h\ncheckpoint_cost=1h\n"
                            "restart_cost=30m\n",
                            0);
    assert_int_equal(r.full_checkpoints, r.checkpoints);
    assert_int_equal(r.incremental_checkpoints, 0);
}

/*
 * Silent data corruption, on hand-worked timelines. No failure unless said (ttf 10^6 h); work
 * 100 h, a checkpoint every 2 h of computation costing 30 m, restore 15 m; strikes every 3 h of
 * computation (the clock runs only while computing), detected 3 h later (wall time).
 *   0-2 compute, 2-2.5 ckpt 1, 2.5-3.5 compute: strike at 3.5 (3 h of computation; work 3, its
 *   clean checkpoint is 1); 3.5-4.5 compute, 4.5-5 ckpt 2 (corrupt), 5-6.5 compute: detected.
 *   keep = 2 (or all): ckpts 1 and 2 retained: back to 1, lost 2 (ckpt 2's work) + 1.5 = 3.5;
 *     restore 6.5-6.75, compute 6.75-8 (work 2-3.25): horizon 8 h, unsaved 1.25, useful 2. The
 *     next strike is due 3 h of computation after 6.75: beyond the horizon.
 *   keep = 1: only ckpt 2 retained: unrecoverable, back to the start: lost 4 + 1.5 = 5.5;
 *     restore (of the start) 6.5-6.75, compute 6.75-8 (work 0-1.25), useful 0.
 * The corrupt checkpoint's time stays in checkpoint_h: it was written.
 */
#define SDC_HEAD                                                                                   \
    "[scenario]\ntrials=1\nhorizon=%s\n[cluster]\nnodes=1\n[component.c]\nttf=%s\nttr=%s\n"       \
    "[job]\nwork=100h\ncheckpoint_interval=2h\ncheckpoint_cost=30m\nrestart_cost=%s\n"            \
    "[sdc]\nttf=3h\ndetect=3h\n%s"

static void sdc_rolls_back_to_the_newest_clean_checkpoint_retained(void **state)
{
    (void)state;
    static const char *const keeps[] = {"keep=2\n", "", "keep=1\n"};
    for (int k = 0; k < 3; k++) {
        char text[600];
        snprintf(text, sizeof text, SDC_HEAD, "8h", "1000000h", "1h", "15m", keeps[k]);
        metric_row r = run_text(text, 0);
        int lost_all = k == 2;
        assert_int_equal(r.failures, 0);
        assert_int_equal(r.sdc_strikes, 1);
        assert_int_equal(r.sdc_recovered, !lost_all);
        assert_int_equal(r.sdc_unrecoverable, lost_all);
        assert_int_equal(r.checkpoints, 2);
        assert_close(r.checkpoint_h, 1, EXACT, EXACT);
        assert_close(r.lost_h, lost_all ? 5.5 : 3.5, EXACT, EXACT);
        assert_close(r.restart_h, 0.25, EXACT, EXACT);
        assert_close(r.useful_h, lost_all ? 0 : 2, EXACT, EXACT);
        assert_close(r.unsaved_h, 1.25, EXACT, EXACT);
        assert_identity(&r);
    }
}

/*
 * SDC and failures, on the same job (keep: all).
 *   A failure in the strike's own segment throws the corrupt state away with it, and the strike
 *   too: node ttf 3.75 h, ttr 1 h. Strike at 3.5 (clean: ckpt 1), failure at 3.75: lost 1.25,
 *   down 3.75-4.75, restore 4.75-5 (ckpt 1, clean), 5-7 compute, 7-7.5 ckpt 2, 7.5-8 compute:
 *   horizon 8 h. The detection due at 6.5 never comes; the next strike, 3 h of computation after
 *   5, would come at 8.5.
 *   Detected while down: node ttf 5.5 h, ttr 2 h. Strike at 3.5, ckpt 2 (corrupt) 4.5-5,
 *   failure at 5.5 (lost 0.5; the restore would be of ckpt 2), down 5.5-7.5, detected at 6.5:
 *   the restore point goes back to ckpt 1 (lost 2 more); restore 7.5-7.75, compute 7.75-9
 *   (work 2-3.25): horizon 9 h.
 *   Detected while restoring: node ttf 5.5 h, ttr 45 m, restore 1 h. Down 5.5-6.25, restoring
 *   ckpt 2 from 6.25; detected at 6.5: that restore stops (0.25 kept in restart_h) and the job
 *   restores ckpt 1, 6.5-7.5; compute 7.5-9.
 */
static void sdc_and_failures(void **state)
{
    (void)state;
    char text[600];
    snprintf(text, sizeof text, SDC_HEAD, "8h", "3.75h", "1h", "15m", "");
    metric_row r = run_text(text, 0);
    assert_int_equal(r.failures, 1);
    assert_int_equal(r.sdc_strikes, 1);
    assert_int_equal(r.sdc_recovered, 0);
    assert_int_equal(r.sdc_unrecoverable, 0);
    assert_int_equal(r.checkpoints, 2);
    assert_close(r.lost_h, 1.25, EXACT, EXACT);
    assert_close(r.down_h, 1, EXACT, EXACT);
    assert_close(r.restart_h, 0.25, EXACT, EXACT);
    assert_close(r.useful_h, 4, EXACT, EXACT);
    assert_close(r.unsaved_h, 0.5, EXACT, EXACT);
    assert_identity(&r);

    snprintf(text, sizeof text, SDC_HEAD, "9h", "5.5h", "2h", "15m", "");
    r = run_text(text, 0);
    assert_int_equal(r.failures, 1);
    assert_int_equal(r.sdc_strikes, 1);
    assert_int_equal(r.sdc_recovered, 1);
    assert_close(r.lost_h, 2.5, EXACT, EXACT);
    assert_close(r.down_h, 2, EXACT, EXACT);
    assert_close(r.restart_h, 0.25, EXACT, EXACT);
    assert_close(r.useful_h, 2, EXACT, EXACT);
    assert_close(r.unsaved_h, 1.25, EXACT, EXACT);
    assert_identity(&r);

    snprintf(text, sizeof text, SDC_HEAD, "9h", "5.5h", "45m", "1h", "");
    r = run_text(text, 0);
    assert_int_equal(r.failures, 1);
    assert_int_equal(r.sdc_recovered, 1);
    assert_close(r.lost_h, 2.5, EXACT, EXACT);
    assert_close(r.down_h, 0.75, EXACT, EXACT);
    assert_close(r.restart_h, 1.25, EXACT, EXACT);
    assert_close(r.useful_h, 2, EXACT, EXACT);
    assert_close(r.unsaved_h, 1.5, EXACT, EXACT);
    assert_identity(&r);
}

/* Failures during a restore keep the time spent restoring: ttf 5 h, restore 8 h, spare ready.
 *   0-5 compute (interval 10 h: nothing kept), fails: lost 5; spare swaps in at once and restores
 *   5-13 but fails at 10 (it aged from 5): restart 5. Node 0 (repaired at 6, cold) swaps in at 10,
 *   restore 10-15: fails again at 15... horizon 16 h: restoring 15-16. */
static void failure_during_restore_keeps_restart_time(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\nhorizon=16h\n[cluster]\nnodes=1\nspares=1\n"
                              "[component.c]\nttf=5h\nttr=1h\n"
                              "[job]\nwork=100h\ncheckpoint_interval=10h\nrestart_cost=8h\n",
                              0);
    assert_int_equal(r.failures, 3); /* at 5, 10, 15 */
    assert_close(r.lost_h, 5, EXACT, 0);
    assert_close(r.restart_h, 11, EXACT, 0); /* 5 + 5 + 1 at the horizon */
    assert_close(r.useful_h, 0, 0, 0);
    assert_close(r.down_h, 0, 0, 1e-12);
    assert_identity(&r);
}

/*
 * Cold spares do not age in the pool; hot ones do. One slot, one spare, ttf 10 h, repairs of
 * 1000 h, no detection delay or failover, horizon 25 h.
 *   cold: node 0 fails at 10, the spare (age 0) swaps in and fails at 20: up 20 of 25, 2 failures.
 *   hot:  node 0 and the spare both fail at 10 (the spare in the pool: not counted as a slot
 *         failure); the slot queues for a repair: up 10 of 25, 1 failure.
 */
static void cold_spares_do_not_age_hot_ones_do(void **state)
{
    (void)state;
    const char *head = "[scenario]\nhorizon=25h\n[cluster]\nnodes=1\nspares=1\nspare_mode=";
    const char *tail = "\n[component.c]\nttf=10h\nttr=1000h\n";
    char text[300];
    snprintf(text, sizeof text, "%scold%s", head, tail);
    metric_row cold = run_text(text, 0);
    snprintf(text, sizeof text, "%shot%s", head, tail);
    metric_row hot = run_text(text, 0);
    assert_int_equal(cold.failures, 2);
    assert_close(cold.availability, 20.0 / 25.0, EXACT, 0);
    assert_close(cold.wait_spare_h, 5, EXACT, 0);
    assert_int_equal(hot.failures, 1);
    assert_close(hot.availability, 10.0 / 25.0, EXACT, 0);
    assert_close(hot.wait_spare_h, 15, EXACT, 0);
    /* no job: job columns are 0, makespan is the horizon */
    assert_close(cold.makespan_h, 25, 0, 0);
    assert_int_equal(cold.completed, 0);
    assert_close(cold.useful_h + cold.lost_h + cold.checkpoint_h + cold.restart_h, 0, 0, 0);
    assert_int_equal(cold.checkpoints, 0);
    assert_close(cold.goodput, 0, 0, 0);
}

/*
 * A hot spare that fails while being swapped in aborts the swap. Lives between 9 and 11 h, swaps
 * of 100 h: every spare dies on its way in, so after node 0's failure the slot is never filled
 * again and only that one failure counts (the others were not in a slot). Whatever the random
 * draws, availability is node 0's life over the horizon.
 */
static void hot_spare_failing_during_swap_aborts_it(void **state)
{
    (void)state;
    const char *text = "[scenario]\nhorizon=1000h\n[cluster]\nnodes=1\nspares=3\nspare_mode=hot\n"
                       "[component.c]\nttf=uniform(min=9h, max=11h)\nttr=1h\n"
                       "[failover]\ntime=100h\n";
    for (uint64_t t = 0; t < 20; t++) {
        metric_row r = run_text(text, t);
        assert_int_equal(r.failures, 1);
        assert_true(r.availability * 1000 >= 9 && r.availability * 1000 <= 11);
        assert_close(r.down_h, 1000 - r.availability * 1000, 1e-12, 1e-9);
    }
}

/*
 * Repair crews serve first come, first served. Three slots, no spare, ttf 10 h, ttr 4 h, no
 * delays, horizon 30 h.
 *   one crew: all fail at 10; repairs 10-14, 14-18, 18-22; node 0 back at 14 fails at 24, node 1
 *             back at 18 fails at 28 (before node 0's repair ends at 28: same time, the failure
 *             was scheduled first). Up 0-10 and 22-24: 12 of 30; 5 failures; every down moment
 *             has a slot queued for a repair.
 *   unlimited: all repaired at 14, fail at 24, back at 28: up 0-10, 14-24, 28-30 = 22 of 30.
 */
static void repair_crews_limit_repairs_in_parallel(void **state)
{
    (void)state;
    const char *head = "[scenario]\nhorizon=30h\n[cluster]\nnodes=3\nrepair_crews=";
    const char *tail = "\n[component.c]\nttf=10h\nttr=4h\n";
    char text[300];
    snprintf(text, sizeof text, "%s1%s", head, tail);
    metric_row one = run_text(text, 0);
    snprintf(text, sizeof text, "%sunlimited%s", head, tail);
    metric_row many = run_text(text, 0);
    assert_int_equal(one.failures, 5);
    assert_close(one.availability, 12.0 / 30.0, EXACT, 0);
    assert_close(one.down_h, 18, EXACT, 0);
    assert_close(one.wait_spare_h, 18, EXACT, 0);
    assert_int_equal(many.failures, 6);
    assert_close(many.availability, 22.0 / 30.0, EXACT, 0);
}

/*
 * The detection delay is uniform on (timeout - heartbeat, timeout): one slot, a cold spare, lives
 * of 10 h, timeout 1 h, heartbeat 30 m, no failover, horizon 15 h. Node 0 fails at 10 and is
 * detected at 10 + D; the spare swaps in at once and, cold, ages from then: it would fail at
 * 20 + D, after the horizon. So every trial has one failure and down_h = D exactly, and the 2,000
 * trials are 2,000 draws of D: all inside (30 m, 1 h), their law uniform there (one-sample KS at
 * 1e-4, which a spread of half or twice the heartbeat fails by far) and their mean 45 m within 4
 * standard errors (0.5 h / sqrt(12 n)).
 */
static void heartbeat_spreads_detection_delay(void **state)
{
    (void)state;
    enum { N = 2000 };
    scn *s = testscn_load("[scenario]\ntrials=2000\nseed=17\nhorizon=15h\n[cluster]\nnodes=1\n"
                          "spares=1\n[component.c]\nttf=10h\nttr=1h\n"
                          "[detection]\ntimeout=1h\nheartbeat=30m\n",
                          "model.ini");
    test_trials c = testscn_run(s, (mc_opts){.threads = 1});
    assert_int_equal(c.n, N);
    double *u = malloc(N * sizeof *u), sum = 0;
    assert_non_null(u);
    for (uint64_t i = 0; i < c.n; i++) {
        const metric_row *r = &c.r[i];
        assert_int_equal(r->failures, 1);
        double d = r->down_h;
        if (!(d > 0.5 - 1e-12 && d < 1.0 + 1e-12))
            fail_msg("trial %llu: delay %.17g h", (unsigned long long)i, d);
        assert_close(r->availability, (15 - d) / 15, 1e-12, 1e-12);
        u[i] = (d - 0.5) / 0.5;
        sum += d;
    }
    double mean = sum / N, se = 0.5 / sqrt(12.0 * N);
    print_message("  mean delay %.5f h (uniform: 0.75, %+.2f SE); KS %.4f (critical %.4f)\n", mean,
                  (mean - 0.75) / se, ks_uniform_statistic(u, N), ks_critical_one(N, 1e-4));
    assert_true(fabs(mean - 0.75) <= 4 * se);
    assert_true(ks_uniform_statistic(u, N) < ks_critical_one(N, 1e-4));
    free(u);
    free(c.r);
    free(s);
}

/*
 * A failure's repair time does not depend on whether its detection delay was drawn: both come
 * from one block (the delay the first uniform, the repair the second), so adding a heartbeat moves
 * the detections by at most the heartbeat and leaves every repair as it was (common random numbers
 * across a sweep of the heartbeat). One slot, no spare, lives of 10 h, repairs uniform on (1 h,
 * 2 h), timeout 1 h, horizon 100 h: about eight failures a trial. With a heartbeat of 1 ms the
 * down time of each trial moves by less than 1 ms a failure; had the repair taken the first
 * uniform without a heartbeat, by about 20 minutes a failure.
 */
static void repair_times_do_not_depend_on_the_heartbeat(void **state)
{
    (void)state;
#define REPAIRS_SCENARIO(HEARTBEAT)                                                               \
    "[scenario]\ntrials=50\nseed=23\nhorizon=100h\n[cluster]\nnodes=1\n"                           \
    "[component.c]\nttf=10h\nttr=uniform(min=1h, max=2h)\n"                                        \
    "[detection]\ntimeout=1h\nheartbeat=" HEARTBEAT "\n"
    scn *s0 = testscn_load(REPAIRS_SCENARIO("0s"), "model.ini");
    scn *s1 = testscn_load(REPAIRS_SCENARIO("1ms"), "model.ini");
    test_trials a = testscn_run(s0, (mc_opts){.threads = 1});
    test_trials b = testscn_run(s1, (mc_opts){.threads = 1});
    uint64_t fails = 0;
    for (uint64_t i = 0; i < a.n; i++) {
        assert_int_equal(a.r[i].failures, b.r[i].failures);
        double ms = 1.0 / 3600e3;
        if (!(fabs(a.r[i].down_h - b.r[i].down_h) <= (double)a.r[i].failures * ms + 1e-9))
            fail_msg("trial %llu: down %.9g h without a heartbeat, %.9g h with 1 ms of it",
                     (unsigned long long)i, a.r[i].down_h, b.r[i].down_h);
        fails += a.r[i].failures;
    }
    assert_true(fails >= 6 * a.n); /* the comparison has repairs to compare */
    free(a.r);
    free(b.r);
    free(s0);
    free(s1);
}

/*
 * Hot and cold spares around detection and failover: one slot, one spare, lives of 10 h, repairs
 * of 3 h, timeout 1 h, failover 2 h, horizon 35 h.
 *   hot: both nodes age from 0. At 10 node 0 fails in its slot and node 1 in the pool; both are
 *     detected at 11 (the spare's failure waits for detection like any other) and repaired 11-14;
 *     the slot, finding no spare, queues for a repaired node (wait 11-14). At 14 node 0 takes the
 *     slot (swap 14-16, ageing from 14 since it is hot: a spare ages while swapped in) and node 1
 *     rejoins the pool (ageing). Both fail at 24, and the same again: detected at 25, repaired
 *     25-28, swap 28-30, up to the horizon (they would fail at 38).
 *     Up 0-10, 16-24, 30-35: 23 h; wait 3 + 3 = 6 h; 2 failures (the pool's do not count).
 *     (Were the spare's failure detected at once, it would be back at 13 and the slot up at 15.)
 *   cold: node 1 does not age in the pool. Node 0 fails at 10, detected at 11: node 1 swaps in
 *     11-13 and ages from 13 (not during its swap), fails at 23; node 0, repaired at 14, waits in
 *     the pool and swaps in 24-26, and would fail at 36.
 *     Up 0-10, 13-23, 26-35: 29 h; no wait; 2 failures.
 */
static void hot_and_cold_spares_through_detection_and_failover(void **state)
{
    (void)state;
    const char *head = "[scenario]\nhorizon=35h\n[cluster]\nnodes=1\nspares=1\nspare_mode=";
    const char *tail = "\n[component.c]\nttf=10h\nttr=3h\n[detection]\ntimeout=1h\n"
                       "[failover]\ntime=2h\n";
    char text[300];
    snprintf(text, sizeof text, "%shot%s", head, tail);
    metric_row hot = run_text(text, 0);
    snprintf(text, sizeof text, "%scold%s", head, tail);
    metric_row cold = run_text(text, 0);
    assert_int_equal(hot.failures, 2);
    assert_close(hot.availability, 23.0 / 35.0, EXACT, 0);
    assert_close(hot.down_h, 12, EXACT, 0);
    assert_close(hot.wait_spare_h, 6, EXACT, 0);
    assert_int_equal(cold.failures, 2);
    assert_close(cold.availability, 29.0 / 35.0, EXACT, 0);
    assert_close(cold.down_h, 6, EXACT, 0);
    assert_close(cold.wait_spare_h, 0, 0, 0);
}

/* The failed component's own repair time is used: a node of two kinds, a GPU (ttf 10 h,
 * ttr 1 h) and a host (ttf 15 h, ttr 7 h). One slot, no spare, horizon 30 h.
 *   10: GPU fails, repaired 10-11; node ages again from 11 (GPU new, host aged 10 h).
 *   host fails at node age 15, time 16: repaired 16-23 (7 h). GPU (age 5 at the failure)
 *   fails at node age 20: time 23 + 5 = 28; repair 28-29. Host next at node age 30: time 30.
 *   Down: 1 + 7 + 1 = 9 h of 30. */
static void repair_time_is_that_of_the_failed_component(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\nhorizon=30h\n[cluster]\nnodes=1\n"
                              "[component.gpu]\nttf=10h\nttr=1h\n"
                              "[component.host]\nttf=15h\nttr=7h\n",
                              0);
    assert_int_equal(r.failures, 3);
    assert_close(r.down_h, 9, EXACT, 0);
}

/* Same seed and trial: the same row, bit for bit; another trial: different. */
static void trials_are_reproducible(void **state)
{
    (void)state;
    const char *text = "[scenario]\nhorizon=500h\n[cluster]\nnodes=16\nspares=2\n"
                       "[component.c]\ncount=4\nttf=weibull(shape=0.8, scale=400h)\n"
                       "ttr=lognormal(mean=5h, sd=3h)\n[detection]\ntimeout=5m\nheartbeat=1m\n"
                       "[job]\nwork=300h\ncheckpoint_interval=daly\ncheckpoint_cost=5m\n"
                       "restart_cost=exponential(mean=10m)\n";
    metric_row a = run_text(text, 3), b = run_text(text, 3), c = run_text(text, 4);
    assert_memory_equal(&a, &b, sizeof a);
    assert_true(a.makespan_h != c.makespan_h);
    assert_identity(&a);
}

/*
 * A process-reach failure: the node stays in its slot and restarts in place after the detection
 * delay and the component's ttr; the spare and the failover are not used, no crew repairs.
 * One slot, one cold spare, detection 1 h, failover 2 h (a failover would show as 3 h down),
 * software ttf 9.5 h (fixed) and ttr 30 m, reach = process; work 20 h, checkpoint every 4 h
 * costing 1 h, restore 2 h.
 *   0-4 compute, 4-5 ckpt (4), 5-9 compute, 9-9.5 ckpt interrupted: lost 4.5. The slot is down
 *   9.5-11 (1 h detection + 30 m restart; the node does not age). Restore 11-13, 13-17 compute,
 *   ckpt -18 (8), 18-20.5 compute: fails at 20.5 (aged 9.5 h since 11), lost 2.5, down -22.
 *   Restore 22-24, compute -28, ckpt -29 (12), compute -31.5: fails, lost 2.5, down -33.
 *   Restore 33-35, compute -39, ckpt -40 (16), compute -42.5: fails, lost 2.5, down -44.
 *   Restore 44-46, compute 46-50: done (its next failure would be at 53.5).
 *   Four failures, all of process reach; down 4 x 1.5 h, none of it waiting for a spare.
 */
static void process_failure_restarts_in_place(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\ntrials=1\n[cluster]\nnodes=1\nspares=1\n"
                              "[component.software]\nttf=9.5h\nttr=30m\nreach=process\n"
                              "[detection]\ntimeout=1h\n[failover]\ntime=2h\n"
                              "[job]\nwork=20h\ncheckpoint_interval=4h\ncheckpoint_cost=1h\n"
                              "restart_cost=2h\n",
                              0);
    assert_int_equal(r.completed, 1);
    assert_close(r.makespan_h, 50, EXACT, 0);
    assert_close(r.useful_h, 20, EXACT, 0);
    assert_close(r.lost_h, 12, EXACT, 0);
    assert_close(r.checkpoint_h, 4, EXACT, 0);
    assert_int_equal(r.checkpoints, 4);
    assert_close(r.restart_h, 8, EXACT, 0);
    assert_close(r.down_h, 6, EXACT, 0);
    assert_close(r.wait_spare_h, 0, 0, 0);
    assert_int_equal(r.failures, 4);
    assert_int_equal(r.process_failures, 4);
    assert_close(r.availability, 44.0 / 50, EXACT, 0);
    assert_identity(&r);
}

/*
 * Process and node reach in one node, with a hot spare (no job, horizon 30 h, detection and
 * failover 0): [component.sw] ttf 5 h, ttr 1 h, reach = process; [component.board] ttf 12 h,
 * ttr 10 h (node reach). Ages are a node's own clock.
 *   Node 0 (slot): sw fails at 5 (age 5): restarts in place 5-6, not ageing; sw again at age 10,
 *   t = 11: restarts 11-12; board at age 12, t = 14: a node failure, the slot empties and finds
 *   no spare (node 1 is under repair): it queues 14-22. Node 0 under repair 14-24, then to the
 *   pool (hot: ageing from age 12, sw due at age 15, t = 27: a spare's process failure renews
 *   sw and nothing else, uncounted).
 *   Node 1 (hot spare): sw fails in the pool at 5 and 10: renewed, uncounted, it goes on ageing;
 *   board at age 12, t = 12: under repair 12-22 (not ageing), then fills the queued slot at 22.
 *   In the slot, sw fails at age 15, t = 25: restart 25-26; next sw at age 20, t = 31.
 *   Down 5-6, 11-12, 14-22, 25-26: 11 h, of which 8 waiting for a node; failures in slots 4,
 *   3 of them process failures.
 */
static void process_and_node_reach_with_a_hot_spare(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\ntrials=1\nhorizon=30h\n[cluster]\nnodes=1\nspares=1\n"
                              "spare_mode=hot\n"
                              "[component.sw]\nttf=5h\nttr=1h\nreach=process\n"
                              "[component.board]\nttf=12h\nttr=10h\nreach=node\n",
                              0);
    assert_close(r.makespan_h, 30, EXACT, 0);
    assert_close(r.down_h, 11, EXACT, 0);
    assert_close(r.wait_spare_h, 8, EXACT, 0);
    assert_int_equal(r.failures, 4);
    assert_int_equal(r.process_failures, 3);
    assert_close(r.availability, 19.0 / 30, EXACT, 0);
}

/*
 * A component that ages only while the job computes (ages = computing): one node, no spare,
 * detection 0. [component.nccl] ttf 4 h (of computation), ttr 30 m, reach = process; work
 * 9.5 h, checkpoint every 3 h costing 1 h, restore 15 m. W is the work clock.
 *   0-3 compute (W 0-3), 3-4 ckpt (3 kept: W stands still, where a component that ages always
 *   would fail at t = 4), 4-5 compute: W = 4 at t = 5, nccl fails: lost 1, restarts 5-5.5,
 *   restore 5.5-5.75; renewed at W = 4, due at W = 8. 5.75-8.75 compute (W 4-7), ckpt
 *   8.75-9.75 (6 kept), 9.75-10.75 compute: W = 8, fails: lost 1, restart 10.75-11.25, restore
 *   11.25-11.5 (due at W = 12). 11.5-14.5 compute (W 8-11), ckpt 14.5-15.5 (9 kept), 15.5-16
 *   the last half hour (W 11.5): done at 16.
 */
static void computing_components_age_only_while_the_job_computes(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\ntrials=1\n[cluster]\nnodes=1\n"
                              "[component.nccl]\nttf=4h\nttr=30m\nreach=process\nages=computing\n"
                              "[job]\nwork=9.5h\ncheckpoint_interval=3h\ncheckpoint_cost=1h\n"
                              "restart_cost=15m\n",
                              0);
    assert_int_equal(r.completed, 1);
    assert_close(r.makespan_h, 16, EXACT, 0);
    assert_close(r.useful_h, 9.5, EXACT, 0);
    assert_close(r.lost_h, 2, EXACT, 0);
    assert_close(r.checkpoint_h, 3, EXACT, 0);
    assert_int_equal(r.checkpoints, 3);
    assert_close(r.restart_h, 0.5, EXACT, 0);
    assert_close(r.down_h, 1, EXACT, 0);
    assert_int_equal(r.failures, 2);
    assert_int_equal(r.process_failures, 2);
    assert_identity(&r);
}

/*
 * Computing ages kept across slots: one slot, one cold spare, detection and failover 0, no
 * restore cost. [component.board] ttf 5.5 h, ttr 15 m (ages always, in a slot: cold spares);
 * [component.gpu] ttf 4.5 h of computation, ttr 15 m (ages = computing, node reach); work 7.5 h,
 * checkpoint every 2 h costing 1 h. W is the work clock.
 *   Node 0: 0-2 compute (W 0-2), 2-3 ckpt (2 kept), 3-5 compute (W 2-4), ckpt from 5: node 0's
 *   board fails at 5.5 (lost 2 + 0.5); its gpu keeps its age of 4. Node 1 swaps in (gpu due at
 *   W 4 + 4.5 = 8.5; board at t = 11). 5.5-7.5 compute (W 4-6), 7.5-8.5 ckpt (4 kept),
 *   8.5-10.5 compute (W 6-8), ckpt from 10.5: node 1's board fails at 11 (lost 2.5), its gpu at
 *   age 4. Node 0 (repaired at 5.75) swaps in at 11 with its gpu of age 4: due at W 8.5, t =
 *   11.5: lost 0.5. Node 1 (repaired at 11.25, gpu age 4) swaps in: due at W 9, t = 12: lost
 *   0.5. Node 0 (its gpu new) swaps in: due at W 13.5. 12-14 compute (W 9-11), 14-15 ckpt (6
 *   kept), 15-16.5 the last 1.5 h (W 12.5): done at 16.5. Nodes 0's board is due at t = 17.
 */
static void computing_ages_go_with_the_node(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\ntrials=1\n[cluster]\nnodes=1\nspares=1\n"
                              "[component.board]\nttf=5.5h\nttr=15m\n"
                              "[component.gpu]\nttf=4.5h\nttr=15m\nages=computing\n"
                              "[job]\nwork=7.5h\ncheckpoint_interval=2h\ncheckpoint_cost=1h\n",
                              0);
    assert_int_equal(r.completed, 1);
    assert_close(r.makespan_h, 16.5, EXACT, 0);
    assert_close(r.useful_h, 7.5, EXACT, 0);
    assert_close(r.lost_h, 6, EXACT, 0);
    assert_close(r.checkpoint_h, 3, EXACT, 0);
    assert_int_equal(r.checkpoints, 3);
    assert_close(r.restart_h, 0, 0, 0);
    assert_close(r.down_h, 0, 0, 0);
    assert_close(r.wait_spare_h, 0, 0, 0);
    assert_int_equal(r.failures, 4);
    assert_int_equal(r.process_failures, 0);
    assert_identity(&r);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(failure_loses_work_since_last_checkpoint),
        cmocka_unit_test(computing_components_age_only_while_the_job_computes),
        cmocka_unit_test(computing_ages_go_with_the_node),
        cmocka_unit_test(incremental_chains_restore_the_full_and_the_incrementals_since),
        cmocka_unit_test(cold_spare_detection_failover_and_horizon),
        cmocka_unit_test(no_checkpoint_once_the_work_is_done),
        cmocka_unit_test(decimal_intervals_do_not_add_a_checkpoint),
        cmocka_unit_test(no_checkpoints_lose_everything),
        cmocka_unit_test(horizon_during_a_checkpoint),
        cmocka_unit_test(failure_during_restore_keeps_restart_time),
        cmocka_unit_test(sdc_rolls_back_to_the_newest_clean_checkpoint_retained),
        cmocka_unit_test(sdc_and_failures),
        cmocka_unit_test(cold_spares_do_not_age_hot_ones_do),
        cmocka_unit_test(hot_spare_failing_during_swap_aborts_it),
        cmocka_unit_test(repair_crews_limit_repairs_in_parallel),
        cmocka_unit_test(heartbeat_spreads_detection_delay),
        cmocka_unit_test(repair_times_do_not_depend_on_the_heartbeat),
        cmocka_unit_test(hot_and_cold_spares_through_detection_and_failover),
        cmocka_unit_test(repair_time_is_that_of_the_failed_component),
        cmocka_unit_test(trials_are_reproducible),
        cmocka_unit_test(process_failure_restarts_in_place),
        cmocka_unit_test(process_and_node_reach_with_a_hot_spare),
    };
    return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
