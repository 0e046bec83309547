/*
 * Storage tiers ([tier.NAME], docs/model.md "Storage tiers") and the recovery point and time of
 * each interruption: timelines with fixed durations worked out by hand in the comments, run
 * through the same code as `relsim run` (world_run); the redundancy sets of partner and xor
 * copies checked slot by slot and, against the closed forms of cf.h, by a harness that fails f
 * nodes at once.
 */
#include "tests/testutil.h"
#include "tests/testscn.h"
#include "models/cf.h"
#include "sim/engine/engine.h"
#include "sim/engine/stream.h"
#include "sim/model/tiers.h"
#include "sim/model/world.h"
#include "sim/scenario/scn.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#define EXACT 1e-12

static metric_row run_text(const char *text, uint64_t trial)
{
    return testscn_trial(text, "tiers.ini", trial);
}

static void assert_identity(const metric_row *r)
{
    testscn_assert_identity(r);
}

#define TWO_TIERS                                                                                  \
    "[tier.local]\nevery=1\ncost=6m\nrestore_cost=12m\nlost_on=node\n"                             \
    "[tier.pfs]\nevery=4\ncost=30m\nrestore_cost=1h\nlost_on=never\n"

/*
 * No failure (ttf 1000 h). Work 8 h, checkpoints every hour: m = 1..7; m = 4 is due at pfs
 * (every 4, 30 m), the others at local (6 m). Makespan 8 + 6 x 0.1 + 0.5 = 9.1.
 */
static void checkpoints_go_to_the_tier_of_the_largest_every(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\ntrials=1\n[cluster]\nnodes=1\n"
                            "[component.board]\nttf=1000h\nttr=1h\n"
                            "[job]\nwork=8h\ncheckpoint_interval=1h\n" TWO_TIERS,
                            0);
    assert_int_equal(r.completed, 1);
    assert_close(r.makespan_h, 9.1, EXACT, 0);
    assert_int_equal(r.checkpoints, 7);
    assert_close(r.checkpoint_h, 1.1, EXACT, 0);
    assert_close(r.checkpoint_tier0_h, 0.6, EXACT, 0);
    assert_close(r.checkpoint_tier1_h, 0.5, EXACT, 0);
    assert_int_equal(r.restores_tier0 + r.restores_tier1, 0);
    assert_int_equal(r.interruptions, 0);
    assert_identity(&r);
}

/*
 * A node failure destroys the node-local copy; the job escalates to the PFS. One slot, one cold
 * spare, no detection or failover delay; the board fails at 7.5 h (node reach).
 *   seg1 0-1, ck1 local 1-1.1, seg2 -2.1, ck2 -2.2, seg3 -3.2, ck3 -3.3, seg4 -4.3, ck4 pfs
 *   -4.8, seg5 -5.8, ck5 -5.9, seg6 -6.9, ck6 -7.0, seg7 7.0-8.0: the failure at 7.5 destroys
 *   local (holding 6); pfs holds 4. Restore from pfs 7.5-8.5 (1 h); lost 0.5 + 2 segments.
 *   seg5 8.5-9.5, ck5 -9.6, seg6 -10.6, ck6 -10.7, seg7 -11.7, ck7 -11.8, seg8 -12.8: done
 *   (the spare, ageing from 7.5, would fail at 15).
 * Interruption: position 6.5, restored 4: RPO 2.5; RTO 1.
 */
static void a_lost_level_escalates_to_the_next(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\ntrials=1\n[cluster]\nnodes=1\nspares=1\n"
                            "[component.board]\nttf=7.5h\nttr=100h\n"
                            "[job]\nwork=8h\ncheckpoint_interval=1h\n" TWO_TIERS,
                            0);
    assert_int_equal(r.completed, 1);
    assert_close(r.makespan_h, 12.8, EXACT, 0);
    assert_close(r.lost_h, 2.5, EXACT, 0);
    assert_int_equal(r.checkpoints, 9);
    assert_close(r.checkpoint_h, 1.3, EXACT, 0);
    assert_close(r.restart_h, 1.0, EXACT, 0);
    assert_int_equal(r.restores_tier0, 0);
    assert_int_equal(r.restores_tier1, 1);
    assert_close(r.restart_tier1_h, 1.0, EXACT, 0);
    assert_int_equal(r.interruptions, 1);
    assert_close(r.rpo_h, 2.5, EXACT, 0);
    assert_close(r.rpo_max_h, 2.5, EXACT, 0);
    assert_close(r.rto_h, 1.0, EXACT, 0);
    assert_identity(&r);
}

/*
 * The same with a process-reach failure at 7.5 (ttr 0): local (lost_on = node) survives it and
 * holds 6. Restore from local 7.5-7.7 (12 m); lost 0.5. seg7 7.7-8.7, ck7 -8.8, seg8 -9.8: done
 * (the next process failure is due at age 15).
 */
static void a_node_local_copy_survives_a_process_failure(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\ntrials=1\n[cluster]\nnodes=1\n"
                            "[component.software]\nttf=7.5h\nttr=0s\nreach=process\n"
                            "[job]\nwork=8h\ncheckpoint_interval=1h\n" TWO_TIERS,
                            0);
    assert_int_equal(r.completed, 1);
    assert_close(r.makespan_h, 9.8, EXACT, 0);
    assert_close(r.lost_h, 0.5, EXACT, 0);
    assert_int_equal(r.restores_tier0, 1);
    assert_int_equal(r.restores_tier1, 0);
    assert_close(r.restart_tier0_h, 0.2, EXACT, 0);
    assert_close(r.rpo_h, 0.5, EXACT, 0);
    assert_close(r.rto_h, 0.2, EXACT, 0);
    assert_identity(&r);
}

#define ASYNC_TIER(write)                                                                          \
    "[tier.nvme]\nevery=1\nrestore_cost=12m\nlost_on=never\nmode=async\n"                          \
    "snapshot=6m\nwrite_time=" write "\n"

/*
 * One asynchronous tier, no failure. Work 3 h, interval 1 h, snapshot 6 m, write 30 m:
 *   seg1 0-1, snapshot 1-1.1 (write until 1.6, in the background), seg2 1.1-2.1, snapshot
 *   2.1-2.2 (write until 2.7), seg3 2.2-3.2: done. Both writes committed.
 * With a write of 1.5 h, longer than the interval: snapshot 1-1.1 (write until 2.6), seg2
 *   1.1-2.1, the next checkpoint waits 2.1-2.6 (checkpoint time), snapshot 2.6-2.7 (write until
 *   4.2), seg3 2.7-3.7: done, the second write still in flight (neither committed nor lost).
 */
static void an_async_write_commits_in_the_background(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\ntrials=1\n[cluster]\nnodes=1\n"
                            "[component.board]\nttf=1000h\nttr=1h\n"
                            "[job]\nwork=3h\ncheckpoint_interval=1h\n" ASYNC_TIER("30m"),
                            0);
    assert_close(r.makespan_h, 3.2, EXACT, 0);
    assert_close(r.checkpoint_h, 0.2, EXACT, 0);
    assert_int_equal(r.checkpoints, 2);
    assert_int_equal(r.async_committed, 2);
    assert_int_equal(r.async_lost, 0);
    assert_identity(&r);

    r = run_text("[scenario]\ntrials=1\n[cluster]\nnodes=1\n"
                 "[component.board]\nttf=1000h\nttr=1h\n"
                 "[job]\nwork=3h\ncheckpoint_interval=1h\n" ASYNC_TIER("1.5h"),
                 0);
    assert_close(r.makespan_h, 3.7, EXACT, 0);
    assert_close(r.checkpoint_h, 0.7, EXACT, 0);
    assert_close(r.checkpoint_tier0_h, 0.7, EXACT, 0);
    assert_int_equal(r.async_committed, 1);
    assert_int_equal(r.async_lost, 0);
    assert_identity(&r);
}

/*
 * A process failure at 1.4 h, during the write of checkpoint 1 (which would commit at 1.6): the
 * write is lost, and the newest checkpoint held is the start. Lost: the 0.3 h computed since the
 * snapshot and segment 1. Restore 1.4-1.6 (12 m), seg1 1.6-2.6, snapshot 2.6-: the horizon at
 * 2.65 comes during it (checkpoint time 0.05, the segment unsaved).
 */
static void a_failure_before_the_commit_loses_the_write(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\ntrials=1\nhorizon=2.65h\n[cluster]\nnodes=1\n"
                            "[component.software]\nttf=1.4h\nttr=0s\nreach=process\n"
                            "[job]\nwork=3h\ncheckpoint_interval=1h\n" ASYNC_TIER("30m"),
                            0);
    assert_int_equal(r.completed, 0);
    assert_int_equal(r.async_lost, 1);
    assert_int_equal(r.async_committed, 0);
    assert_close(r.lost_h, 1.3, EXACT, 0);
    assert_close(r.restart_h, 0.2, EXACT, 0);
    assert_close(r.checkpoint_h, 0.15, EXACT, 0);
    assert_close(r.useful_h, 0, 0, 0);
    assert_close(r.unsaved_h, 1.0, EXACT, 0);
    assert_close(r.rpo_h, 1.3, EXACT, 0);
    assert_identity(&r);
}

/*
 * The PFS (every 2) is down 2-5 h (ttf 2 h, ttr 3 h). The board fails at 2.5 h; failover 1 h.
 *   seg1 0-1, ck1 local 1-1.1, seg2 -2.1: ck2 is due at the PFS, down: skipped, written to local
 *   2.1-2.2; seg3 2.2-: the failure at 2.5 destroys local (holding 2). The PFS holds the start.
 *   Down 2.5-3.5 (failover). The start is held only by the PFS, down until 5: the restore waits
 *   3.5-5, then restores 5-5.5 (30 m). seg1 5.5-: the horizon at 5.8.
 * Lost 0.3 + 2 segments; restart 1.5 waiting + 0.5; RPO 2.3, RTO 3.
 */
static void a_tier_that_is_down_is_skipped_and_waited_for(void **state)
{
    (void)state;
    metric_row r =
        run_text("[scenario]\ntrials=1\nhorizon=5.8h\n[cluster]\nnodes=1\nspares=1\n"
                 "[component.board]\nttf=2.5h\nttr=100h\n[failover]\ntime=1h\n"
                 "[job]\nwork=8h\ncheckpoint_interval=1h\n"
                 "[tier.local]\nevery=1\ncost=6m\nrestore_cost=12m\nlost_on=node\n"
                 "[tier.pfs]\nevery=2\ncost=30m\nrestore_cost=30m\nlost_on=never\n"
                 "ttf=2h\nttr=3h\n",
                 0);
    assert_int_equal(r.skipped_tier1, 1);
    assert_int_equal(r.skipped_tier0, 0);
    assert_close(r.checkpoint_tier0_h, 0.2, EXACT, 0);
    assert_close(r.checkpoint_tier1_h, 0, 0, 0);
    assert_close(r.lost_h, 2.3, EXACT, 0);
    assert_close(r.down_h, 1.0, EXACT, 0);
    assert_close(r.storage_wait_h, 1.5, EXACT, 0);
    assert_close(r.restart_h, 2.0, EXACT, 0);
    assert_int_equal(r.restores_tier1, 1);
    assert_close(r.unsaved_h, 0.3, EXACT, 0);
    assert_int_equal(r.interruptions, 1);
    assert_close(r.rpo_h, 2.3, EXACT, 0);
    assert_close(r.rto_h, 3.0, EXACT, 0);
    assert_identity(&r);
}

/*
 * The interruptions of a single-level job (test_model.c's first timeline): failures at 11, 24
 * and 37 h lose 1, 0.5 and 0.5 h of work; each is followed by a 2 h repair and a 0.5 h restore.
 */
static void rpo_and_rto_of_an_interruption(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\ntrials=1\n[cluster]\nnodes=1\n"
                            "[component.board]\nttf=11h\nttr=2h\n"
                            "[job]\nwork=25h\ncheckpoint_interval=4h\ncheckpoint_cost=1h\n"
                            "restart_cost=30m\n",
                            0);
    assert_int_equal(r.interruptions, 3);
    assert_close(r.rpo_total_h, 2.0, EXACT, 0);
    assert_close(r.rpo_h, 2.0 / 3, EXACT, 0);
    assert_close(r.rpo_max_h, 1.0, EXACT, 0);
    assert_close(r.rto_total_h, 7.5, EXACT, 0);
    assert_close(r.rto_max_h, 2.5, EXACT, 0);
}


/* Young's interval weighs the stalls: with tiers every 1 (1 m) and 4 (12 m), three positions in
 * four stall 1 m and one 12 m, a mean of 3.75 m; with a full every 4 (12 m) and incrementals
 * (1 m) the same. M = 100 d / 8 nodes = 300 h. */
static void young_and_daly_weigh_the_stalls(void **state)
{
    (void)state;
    const char *head = "[scenario]\ntrials=1\n[cluster]\nnodes=8\n"
                       "[component.gpu]\nttf=exponential(mean=100d)\nttr=1d\n";
    char text[1024];
    snprintf(text, sizeof text,
             "%s[job]\nwork=10d\ncheckpoint_interval=young\n"
             "[tier.local]\nevery=1\ncost=1m\nrestore_cost=3m\nlost_on=node\n"
             "[tier.pfs]\nevery=4\ncost=12m\nrestore_cost=18m\nlost_on=site\n",
             head);
    scn *s = testscn_load(text, "young.ini");
    assert_close(s->ckpt.interval, cf_young_interval(3.75 / 60, 300), 1e-12, 0);
    free(s);
    snprintf(text, sizeof text,
             "%s[job]\nwork=10d\ncheckpoint_interval=daly\ncheckpoint_cost=12m\n"
             "full_every=4\nincremental_cost=1m\nrestart_cost=5m\n",
             head);
    s = testscn_load(text, "daly.ini");
    assert_close(s->ckpt.interval, cf_daly_interval(3.75 / 60, 300), 1e-12, 0);
    free(s);
}


/*
 * Three levels (every 1, 2 and 4), no failure, work 8 h: checkpoints 1, 3, 5, 7 at local (6 m),
 * 2 and 6 at mid (12 m), 4 at pfs (30 m).
 */
static void the_largest_every_wins_among_three_levels(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\ntrials=1\n[cluster]\nnodes=1\n"
                            "[component.board]\nttf=1000h\nttr=1h\n"
                            "[job]\nwork=8h\ncheckpoint_interval=1h\n"
                            "[tier.local]\nevery=1\ncost=6m\nrestore_cost=12m\nlost_on=node\n"
                            "[tier.mid]\nevery=2\ncost=12m\nrestore_cost=20m\nlost_on=node\n"
                            "[tier.pfs]\nevery=4\ncost=30m\nrestore_cost=1h\nlost_on=never\n",
                            0);
    assert_close(r.checkpoint_tier0_h, 0.4, EXACT, 0);
    assert_close(r.checkpoint_tier1_h, 0.4, EXACT, 0);
    assert_close(r.checkpoint_tier2_h, 0.5, EXACT, 0);
    assert_close(r.makespan_h, 9.3, EXACT, 0);
}

/*
 * A checkpoint written to the PFS is also kept at the node-local tier: a process failure at 5 h,
 * just after checkpoint 4 (PFS, 4.3-4.8), restores it from local (12 m), not from the PFS (1 h).
 *   seg5 4.8-: fails at 5 (lost 0.2), restore 5-5.2, seg5 -6.2, ck5 -6.3, seg6 -7.3, ck6 -7.4,
 *   seg7 -8.4, ck7 -8.5, seg8 -9.5: done (the next failure is due at 10 h).
 */
static void a_write_to_a_level_is_kept_at_the_lower_ones(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\ntrials=1\n[cluster]\nnodes=1\n"
                            "[component.software]\nttf=5h\nttr=0s\nreach=process\n"
                            "[job]\nwork=8h\ncheckpoint_interval=1h\n" TWO_TIERS,
                            0);
    assert_int_equal(r.restores_tier0, 1);
    assert_int_equal(r.restores_tier1, 0);
    assert_close(r.lost_h, 0.2, EXACT, 0);
    assert_close(r.makespan_h, 9.5, EXACT, 0);
}

/*
 * A lower tier that is down does not receive the copy. Local (every 1) is down 1.5-3 h and 4.5-
 * (ttf 1.5 h, ttr 1.5 h); the PFS every 2. seg1 0-1, ck1 local -1.1, seg2 -2.1, ck2 PFS -2.6
 * (local down: it keeps 1), seg3 2.6-: a process failure at 3.5 (position 2.9): the newest
 * checkpoint is 2, at the PFS only: restore from it 3.5-4 (30 m; lost 0.9). seg3 4-5: ck3 is
 * due at local, down since 4.5, and no tier is below it: skipped altogether; seg4 5-6: done.
 */
static void a_lower_tier_that_is_down_keeps_its_old_copy(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\ntrials=1\n[cluster]\nnodes=1\n"
                            "[component.software]\nttf=3.5h\nttr=0s\nreach=process\n"
                            "[job]\nwork=4h\ncheckpoint_interval=1h\n"
                            "[tier.local]\nevery=1\ncost=6m\nrestore_cost=12m\nlost_on=node\n"
                            "ttf=1.5h\nttr=1.5h\n"
                            "[tier.pfs]\nevery=2\ncost=30m\nrestore_cost=30m\nlost_on=never\n",
                            0);
    assert_int_equal(r.restores_tier1, 1);
    assert_int_equal(r.restores_tier0, 0);
    assert_int_equal(r.skipped_tier0, 1);
    assert_close(r.lost_h, 0.9, EXACT, 0);
    assert_close(r.makespan_h, 6.0, EXACT, 0);
    assert_identity(&r);
}

/* ------------------------------------------------------------------ redundancy sets */

typedef struct {
    scn s;
    engine *e;
    stream *r;
    tiers *t;
} harness;

static harness *harness_new(uint32_t nodes, int redundancy, uint32_t set_size)
{
    harness *h = calloc(1, sizeof *h);
    assert_non_null(h);
    h->s.nodes = nodes;
    h->s.ntier = 1;
    scn_tier *c = &h->s.tier[0];
    strcpy(c->name, "local");
    c->every = 1;
    c->lost_on = SCN_LOST_NODE;
    c->redundancy = redundancy;
    c->set_size = set_size;
    h->e = engine_new();
    h->r = stream_new();
    assert_non_null(h->e);
    assert_non_null(h->r);
    h->t = tiers_new(&h->s, h->e, h->r);
    assert_non_null(h->t);
    stream_set_trial(h->r, 1, 0);
    engine_reset(h->e);
    assert_int_equal(tiers_reset(h->t), 0);
    return h;
}

static void harness_free(harness *h)
{
    tiers_free(h->t);
    engine_free(h->e);
    stream_free(h->r);
    free(h);
}

/* Slot by slot: a partner ring of 8 survives non-adjacent losses and not two neighbours (0 and
 * 7 are neighbours); a process failure leaves a node-local tier alone; a rewrite forgets the
 * losses before it; xor sets of 4 survive one loss per set, not two in one set. */
static void partner_and_xor_copies_survive_what_their_sets_survive(void **state)
{
    (void)state;
    harness *h = harness_new(8, SCN_REDUNDANCY_PARTNER, 0);
    tiers_lose(h->t, 2, SCN_LOST_NODE);
    tiers_lose(h->t, 4, SCN_LOST_NODE);
    tiers_lose(h->t, 2, SCN_LOST_NODE); /* its replacement held nothing: no new loss */
    tiers_lose(h->t, 3, SCN_LOST_PROCESS);
    assert_int_equal(tiers_held(h->t, 0), 0);
    tiers_hold(h->t, 0, 5); /* rewritten: 2 and 4 no longer count */
    tiers_lose(h->t, 3, SCN_LOST_NODE);
    assert_int_equal(tiers_held(h->t, 0), 5);
    tiers_lose(h->t, 0, SCN_LOST_NODE);
    tiers_lose(h->t, 7, SCN_LOST_NODE);
    assert_int_equal(tiers_held(h->t, 0), TIERS_NONE);
    harness_free(h);

    h = harness_new(8, SCN_REDUNDANCY_XOR, 4);
    tiers_lose(h->t, 1, SCN_LOST_NODE);
    tiers_lose(h->t, 1, SCN_LOST_NODE); /* its replacement again: still one slot of the set */
    assert_int_equal(tiers_held(h->t, 0), 0);
    tiers_hold(h->t, 0, 0);
    tiers_lose(h->t, 3, SCN_LOST_NODE);
    tiers_lose(h->t, 4, SCN_LOST_NODE); /* sets {0..3} and {4..7}: one loss each */
    assert_int_equal(tiers_held(h->t, 0), 0);
    tiers_lose(h->t, 0, SCN_LOST_NODE);
    assert_int_equal(tiers_held(h->t, 0), TIERS_NONE);
    tiers_restored(h->t, 0); /* a restore rebuilds the sets */
    tiers_lose(h->t, 0, SCN_LOST_NODE);
    tiers_lose(h->t, 7, SCN_LOST_NODE);
    assert_int_equal(tiers_held(h->t, 0), 0);
    harness_free(h);

    h = harness_new(8, SCN_REDUNDANCY_SINGLE, 0);
    tiers_lose(h->t, 5, SCN_LOST_PROCESS);
    assert_int_equal(tiers_held(h->t, 0), 0);
    tiers_lose(h->t, 5, SCN_LOST_NODE);
    assert_int_equal(tiers_held(h->t, 0), TIERS_NONE);
    harness_free(h);
}

/* f simultaneous losses of distinct slots drawn uniformly: the share of trials in which the copy
 * survives is the closed form's probability, within 4 standard errors (fixed seed). */
static double survive_share(uint32_t nodes, int redundancy, uint32_t set_size, unsigned f,
                            int reps, gsl_rng *g)
{
    harness *h = harness_new(nodes, redundancy, set_size);
    uint32_t *all = malloc(nodes * sizeof *all), *pick = malloc(f * sizeof *pick);
    assert_non_null(all);
    assert_non_null(pick);
    for (uint32_t i = 0; i < nodes; i++)
        all[i] = i;
    int ok = 0;
    for (int k = 0; k < reps; k++) {
        tiers_hold(h->t, 0, 1);
        gsl_ran_choose(g, pick, f, all, nodes, sizeof *all);
        gsl_ran_shuffle(g, pick, f, sizeof *pick);
        for (unsigned i = 0; i < f; i++)
            tiers_lose(h->t, pick[i], SCN_LOST_NODE);
        ok += tiers_held(h->t, 0) != TIERS_NONE;
    }
    free(all);
    free(pick);
    harness_free(h);
    return (double)ok / reps;
}

static void simultaneous_losses_match_the_closed_forms(void **state)
{
    (void)state;
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 14);
    const int reps = 40000;
    struct {
        uint32_t n;
        int red;
        uint32_t s;
        unsigned f;
    } c[] = {{64, SCN_REDUNDANCY_PARTNER, 0, 3},  {64, SCN_REDUNDANCY_PARTNER, 0, 5},
             {16, SCN_REDUNDANCY_PARTNER, 0, 4},  {64, SCN_REDUNDANCY_XOR, 8, 3},
             {64, SCN_REDUNDANCY_XOR, 8, 6},      {12, SCN_REDUNDANCY_XOR, 4, 2}};
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        double p = c[i].red == SCN_REDUNDANCY_PARTNER ? cf_partner_survive_prob(c[i].n, c[i].f)
                                                      : cf_xor_survive_prob(c[i].n, c[i].s, c[i].f);
        double share = survive_share(c[i].n, c[i].red, c[i].s, c[i].f, reps, g);
        double se = sqrt(p * (1 - p) / reps);
        print_message("N=%u %s s=%u f=%u: simulated %.5f closed form %.5f (z %.2f)\n", c[i].n,
                      c[i].red == SCN_REDUNDANCY_PARTNER ? "partner" : "xor", c[i].s, c[i].f,
                      share, p, (share - p) / se);
        assert_true(p > 0.05 && p < 0.95); /* a case that can tell right from wrong */
        assert_true(fabs(share - p) <= 4 * se);
    }
    gsl_rng_free(g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(checkpoints_go_to_the_tier_of_the_largest_every),
        cmocka_unit_test(the_largest_every_wins_among_three_levels),
        cmocka_unit_test(a_write_to_a_level_is_kept_at_the_lower_ones),
        cmocka_unit_test(a_lower_tier_that_is_down_keeps_its_old_copy),
        cmocka_unit_test(a_lost_level_escalates_to_the_next),
        cmocka_unit_test(a_node_local_copy_survives_a_process_failure),
        cmocka_unit_test(an_async_write_commits_in_the_background),
        cmocka_unit_test(a_failure_before_the_commit_loses_the_write),
        cmocka_unit_test(a_tier_that_is_down_is_skipped_and_waited_for),
        cmocka_unit_test(rpo_and_rto_of_an_interruption),
        cmocka_unit_test(young_and_daly_weigh_the_stalls),
        cmocka_unit_test(partner_and_xor_copies_survive_what_their_sets_survive),
        cmocka_unit_test(simultaneous_losses_match_the_closed_forms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
