/*
 * Failure domains ([domain.NAME]) and the site ([site]), docs/model.md "Failure domains" and
 * "Sites": timelines with fixed durations worked out by hand in the comments, run through
 * world_run as `relsim run` does.
 */
#include "tests/testutil.h"
#include "tests/testscn.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EXACT 1e-12

static metric_row run_text(const char *text)
{
    return testscn_trial(text, "domains.ini", 0);
}

/*
 * Two slots in one rack (size 2) that fails at 10 h and every 12 h after (ttf 10 h, ttr 2 h); no
 * node failure (ttf 100 h). Work 20 h, checkpoints every 4 h costing 30 m, restores 15 m.
 *   seg1 0-4, ck -4.5, seg2 -8.5, ck -9, seg3 9-: the rack fails at 10 (lost 1), down 10-12
 *   (both slots at once: one domain failure, no node failure). Restore 12-12.25, seg3 -16.25,
 *   ck -16.75, seg4 -20.75, ck -21.25, seg5 21.25-: the rack fails at 22 (lost 0.75), down
 *   22-24, restore -24.25, seg5 -28.25: done.
 */
static void a_domain_takes_its_slots_down_at_once(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\ntrials=1\n[cluster]\nnodes=2\n"
                            "[component.board]\nttf=100h\nttr=1h\n"
                            "[domain.rack]\nsize=2\nttf=10h\nttr=2h\n"
                            "[job]\nwork=20h\ncheckpoint_interval=4h\ncheckpoint_cost=30m\n"
                            "restart_cost=15m\n");
    assert_int_equal(r.completed, 1);
    assert_close(r.makespan_h, 28.25, EXACT, 0);
    assert_close(r.lost_h, 1.75, EXACT, 0);
    assert_close(r.checkpoint_h, 2, EXACT, 0);
    assert_close(r.restart_h, 0.5, EXACT, 0);
    assert_close(r.down_h, 4, EXACT, 0);
    assert_int_equal(r.failures, 0);
    assert_int_equal(r.domain_failures, 2);
    assert_close(r.domain_down_h, 4, EXACT, 0);
    assert_close(r.domain_down_share, 1, EXACT, 0);
    assert_int_equal(r.max_slots_down, 2);
    assert_int_equal(r.interruptions, 2);
    testscn_assert_identity(&r);
}

/*
 * Nodes do not age while their domain is down. One node (ttf 11 h of its own age, repair 1 h, no
 * spare), in a domain of one slot failing every 8 h (ttf 5 h, ttr 3 h); no job, horizon 30 h.
 *   The node ages 0-5 (age 5); the domain is down 5-8; it ages 8-13 (age 10); down 13-16; at 17
 *   it reaches age 11 and fails (a node failure): repaired 17-18, its component new (next
 *   failure at age 22). The domain fails at 21 (down -24) and 29 (down -30, the horizon); the
 *   node ages 18-21 and 24-29 (age 19): no second failure. Had it aged through the outages it
 *   would have failed at 11 h.
 * Down: 5-8, 13-16, 17-18, 21-24, 29-30 = 11 h, of which domains 10 h.
 */
static void nodes_do_not_age_while_their_domain_is_down(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\ntrials=1\nhorizon=30h\n[cluster]\nnodes=1\n"
                            "[component.board]\nttf=11h\nttr=1h\n"
                            "[domain.box]\nsize=1\nttf=5h\nttr=3h\n");
    assert_int_equal(r.failures, 1);
    assert_int_equal(r.domain_failures, 4);
    assert_close(r.down_h, 11, EXACT, 0);
    assert_close(r.domain_down_h, 10, EXACT, 0);
    assert_close(r.availability, 19.0 / 30, EXACT, 0);
    assert_close(r.wait_spare_h, 1, EXACT, 0);
}

/*
 * Nested domains: racks of 2 inside a PDU of 4 (4 slots). Both racks fail at 2.5 h (ttf 2.5 h,
 * ttr 2 h: down 2.5-4.5), the PDU at 3 h (ttr 1 h: down 3-4), while they are down: each slot
 * counts once (4 down at most), and the PDU's return at 4 brings none back. Down 2.5-4.5 = 2 h of
 * the 6 h horizon, 3 domain failures; the next ones fall after it (7 h).
 */
static void nested_domains_count_each_slot_once(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\ntrials=1\nhorizon=6h\n[cluster]\nnodes=4\n"
                            "[component.board]\nttf=100h\nttr=1h\n"
                            "[domain.rack]\nsize=2\nttf=2.5h\nttr=2h\n"
                            "[domain.pdu]\nsize=4\nttf=3h\nttr=1h\n");
    assert_int_equal(r.domain_failures, 3); /* racks 0 and 1 at 2.5, the PDU at 3 */
    assert_int_equal(r.max_slots_down, 4);
    assert_close(r.down_h, 2, EXACT, 0);
    assert_close(r.domain_down_h, 2, EXACT, 0);
    assert_close(r.availability, 4.0 / 6, EXACT, 0);
}

/*
 * A spare swapped into a slot whose domain is down waits for it. One slot in a domain of one
 * (ttf 5.5 h, ttr 2 h: down 5.5-7.5), one cold spare, failover 1 h, no detection delay; the
 * board fails at 5 h (repair 100 h). Node 0 fails at 5, the spare swaps in 5-6, into a slot down
 * since 5.5: up only at 7.5. Down 5-7.5 of the 8 h horizon.
 */
static void a_swap_into_a_domain_that_is_down_waits_for_it(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\ntrials=1\nhorizon=8h\n[cluster]\nnodes=1\nspares=1\n"
                            "[component.board]\nttf=5h\nttr=100h\n[failover]\ntime=1h\n"
                            "[domain.box]\nsize=1\nttf=5.5h\nttr=2h\n");
    assert_int_equal(r.failures, 1);
    assert_int_equal(r.domain_failures, 1);
    assert_close(r.down_h, 2.5, EXACT, 0);
    assert_close(r.domain_down_h, 2, EXACT, 0);
    assert_int_equal(r.max_slots_down, 1);
}

/*
 * A site disaster at 9.5 h (ttf 9.5 h), rto 3 h; copies of the newest checkpoint start every 2 h
 * and land 30 m later. One node that never fails (in the horizon); work 12 h, checkpoints every
 * hour costing 6 m, restores 15 m. Checkpoint m completes at 1.1 m h.
 *   Copies: at 2 h of checkpoint 1 (lands 2.5), at 4 of 3, at 6 of 5, at 8 of 7 (lands 8.5).
 *   The disaster at 9.5 (seg9 since 8.8, position 8.7) loses the site's checkpoints: the newest
 *   remote copy is 7 (its copy began at 8: age 1.5). Down 9.5-12.5 (the rto: no copy at 10 or 12,
 *   the site holds nothing), restore 12.5-12.75, seg8 -13.75, ck8 -13.85, seg9 -14.85, ck9
 *   -14.95, seg10 -15.95, ck10 -16.05, seg11 -17.05, ck11 -17.15, seg12 -18.15: done. Copies at
 *   14 (of 8, lands 14.5), 16 (of 9, lands 16.5), 18 (of 11, in flight at the end).
 */
static void a_disaster_restores_the_newest_remote_copy(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\ntrials=1\n[cluster]\nnodes=1\n"
                            "[component.board]\nttf=1000h\nttr=1h\n"
                            "[site]\nttf=9.5h\nrto=3h\nreplicate_every=2h\ntransfer_time=30m\n"
                            "[job]\nwork=12h\ncheckpoint_interval=1h\ncheckpoint_cost=6m\n"
                            "restart_cost=15m\n");
    assert_int_equal(r.completed, 1);
    assert_close(r.makespan_h, 18.15, EXACT, 0);
    assert_close(r.lost_h, 1.7, EXACT, 0);
    assert_close(r.checkpoint_h, 1.2, EXACT, 0);
    assert_close(r.restart_h, 0.25, EXACT, 0);
    assert_close(r.down_h, 3, EXACT, 0);
    assert_int_equal(r.site_failures, 1);
    assert_int_equal(r.site_recovered, 1);
    assert_close(r.site_rpo_h, 1.7, EXACT, 0);
    assert_close(r.site_rto_h, 3.25, EXACT, 0);
    assert_close(r.site_copy_age_h, 1.5, EXACT, 0);
    assert_int_equal(r.remote_copies, 6);
    assert_int_equal(r.failures, 0);
    testscn_assert_identity(&r);
}

/*
 * A copy in flight at the disaster is lost with it. The same timeline with copies that take
 * 1.75 h: the copy of 7 begun at 8 would land at 9.75, after the disaster at 9.5; the newest
 * landed is 5 (begun at 6: age 3.5). Position 8.7: RPO 3.7. Restore 12.5-12.75 from 5, seven
 * segments and six checkpoints: done at 20.35 (the next disaster would come at 22).
 */
static void a_copy_in_flight_is_lost_with_the_site(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\ntrials=1\n[cluster]\nnodes=1\n"
                            "[component.board]\nttf=1000h\nttr=1h\n"
                            "[site]\nttf=9.5h\nrto=3h\nreplicate_every=2h\ntransfer_time=1.75h\n"
                            "[job]\nwork=12h\ncheckpoint_interval=1h\ncheckpoint_cost=6m\n"
                            "restart_cost=15m\n");
    assert_close(r.site_copy_age_h, 3.5, EXACT, 0);
    assert_close(r.site_rpo_h, 3.7, EXACT, 0);
    assert_close(r.makespan_h, 20.35, EXACT, 0);
    testscn_assert_identity(&r);
}

/*
 * A copy starts only when there is something new: checkpoints every 3 h (6 m), copies every hour
 * (30 m), no disaster (site ttf 100 h), work 7 h. Ticks at 1, 2, 3: only the start (not copied);
 * at 4 checkpoint 1 (done at 3.1) is copied (lands 4.5); at 5 and 6 nothing new; at 7 checkpoint 2
 * (done at 6.2), in flight when the job completes at 7.2. One copy landed.
 */
static void a_copy_starts_only_when_there_is_something_new(void **state)
{
    (void)state;
    metric_row r = run_text("[scenario]\ntrials=1\n[cluster]\nnodes=1\n"
                            "[component.board]\nttf=1000h\nttr=1h\n"
                            "[site]\nttf=100h\nrto=3h\nreplicate_every=1h\ntransfer_time=30m\n"
                            "[job]\nwork=7h\ncheckpoint_interval=3h\ncheckpoint_cost=6m\n"
                            "restart_cost=15m\n");
    assert_close(r.makespan_h, 7.2, EXACT, 0);
    assert_int_equal(r.remote_copies, 1);
    assert_int_equal(r.site_failures, 0);
}

/*
 * The same disaster with storage tiers: node-local every 1 (lost_on node) and a PFS every 4
 * (lost_on site): both are lost; the remote copy (7) is restored through tier 0 (restore 15 m).
 * Without replication nothing survives: the job starts again from the beginning.
 */
static void a_disaster_destroys_every_tier_but_never(void **state)
{
    (void)state;
    static const char *const base =
        "[cluster]\nnodes=1\n[component.board]\nttf=1000h\nttr=1h\n"
        "[job]\nwork=12h\ncheckpoint_interval=1h\n"
        "[tier.local]\nevery=1\ncost=6m\nrestore_cost=15m\nlost_on=node\n"
        "[tier.pfs]\nevery=4\ncost=6m\nrestore_cost=30m\nlost_on=site\n";
    char text[1024];
    snprintf(text, sizeof text,
             "[scenario]\ntrials=1\n%s[site]\nttf=9.5h\nrto=3h\nreplicate_every=2h\n"
             "transfer_time=30m\n",
             base);
    metric_row r = run_text(text);
    assert_close(r.makespan_h, 18.15, EXACT, 0);
    assert_int_equal(r.restores_tier0, 1);
    assert_close(r.site_rpo_h, 1.7, EXACT, 0);
    /* (a horizon before the second disaster, at 22 h) */
    snprintf(text, sizeof text, "[scenario]\ntrials=1\nhorizon=15h\n%s[site]\nttf=9.5h\nrto=3h\n",
             base);
    r = run_text(text);
    assert_close(r.site_rpo_h, 8.7, EXACT, 0); /* back to the start */
    assert_close(r.site_copy_age_h, 9.5, EXACT, 0);
    assert_int_equal(r.remote_copies, 0);
    testscn_assert_identity(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_domain_takes_its_slots_down_at_once),
        cmocka_unit_test(nodes_do_not_age_while_their_domain_is_down),
        cmocka_unit_test(nested_domains_count_each_slot_once),
        cmocka_unit_test(a_swap_into_a_domain_that_is_down_waits_for_it),
        cmocka_unit_test(a_disaster_restores_the_newest_remote_copy),
        cmocka_unit_test(a_copy_in_flight_is_lost_with_the_site),
        cmocka_unit_test(a_copy_starts_only_when_there_is_something_new),
        cmocka_unit_test(a_disaster_destroys_every_tier_but_never),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
