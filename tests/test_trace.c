/*
 * Replayed traces (docs/model.md, "Replaying a trace"): a component kind whose ttf = trace(FILE)
 * fails at the times of a failure log instead of drawing lives. Hand-worked timelines (exact),
 * the rule for a failure whose slot is not up, the end of the trace (wrap, stop, a period), the
 * uniform spread of a pooled trace over the slots (4 standard errors, fixed seed), the pairing of
 * failures across checkpoint intervals, the trace's rate in the system MTBF, ISO 8601 times, and
 * scn_write's round trip. Trace files are written under a fresh mkdtemp directory, where the
 * scenarios are named too, so that trace(FILE) resolves FILE from there as it does from a file.
 */
#include "tests/testutil.h"
#include "tests/testscn.h"
#include "sim/engine/engine.h"
#include "sim/engine/stream.h"
#include "sim/model/cluster.h"
#include "sim/model/life.h"
#include "sim/model/world.h"
#include "sim/scenario/scn.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXACT 1e-12

static char dir[64];
static char scn_name[128]; /* dir/t.ini: trace(FILE) is read from dir */

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/relsim-trace-XXXXXX");
    if (!mkdtemp(dir)) return -1;
    snprintf(scn_name, sizeof scn_name, "%s/t.ini", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void write_trace(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static metric_row trial_of(const char *text, uint64_t trial)
{
    return testscn_trial(text, scn_name, trial);
}

/*
 * The failures come at the trace's times, on the node in the slot of their label. One slot, one
 * cold spare, detection and failover instant, repairs 1 h; the trace fails node a's gpu at 3 h
 * and 9.25 h (and 20 h, past the job). A host that never fails keeps a life model beside the
 * trace. Work 10 h, checkpoint every 4 h costing 1 h, restore 30 m.
 *   0-3 compute, node 0 fails at 3: lost 3. The spare swaps in at once; restore 3-3.5; compute
 *   3.5-7.5 (4 h of work), ckpt 7.5-8.5 (4 kept); compute 8.5-9.25: the trace fails the node in
 *   slot 0 then (node 1, the spare): lost 0.75. Node 0, repaired at 4, swaps in; restore
 *   9.25-9.75; compute 9.75-13.75 (8), ckpt -14.75, compute 14.75-16.75: done. The failure at
 *   20 h never comes.
 */
static void trace_failures_come_at_the_trace_times(void **state)
{
    (void)state;
    write_trace("timeline.csv", "time,node,component,event\n3,a,gpu,fail\n4,a,gpu,repair\n"
                                "9.25,a,gpu,fail\n10,a,gpu,repair\n20,a,gpu,fail\n");
    metric_row r = trial_of("[scenario]\ntrials=1\n[cluster]\nnodes=1\nspares=1\n"
                            "[component.gpu]\nttf=trace(timeline.csv)\nttr=1h\n"
                            "[component.host]\nttf=1000y\nttr=1h\n"
                            "[detection]\ntimeout=0s\nheartbeat=0s\n[failover]\ntime=0s\n"
                            "[job]\nwork=10h\ncheckpoint_interval=4h\ncheckpoint_cost=1h\n"
                            "restart_cost=30m\n",
                            0);
    assert_int_equal(r.completed, 1);
    assert_close(r.makespan_h, 16.75, EXACT, 0);
    assert_int_equal(r.failures, 2);
    assert_int_equal(r.trace_failures, 2);
    assert_int_equal(r.trace_skipped, 0);
    assert_close(r.lost_h, 3.75, EXACT, 0);
    assert_close(r.restart_h, 1.0, EXACT, 0);
    assert_int_equal(r.checkpoints, 2);
    assert_close(r.checkpoint_h, 2.0, EXACT, 0);
    assert_close(r.useful_h, 10.0, EXACT, 0);
    assert_close(r.down_h, 0.0, 0, 0);
    testscn_assert_identity(&r);
}

/*
 * A trace failure whose slot is not up is skipped and counted. One slot, no spare, repairs of
 * 10 h, instant detection, horizon 20 h, the gpu the only kind (no life model at all). The trace
 * fails a at 2 (down until its repair at 12), at 5 (the slot is empty: skipped) and at 14 (up
 * again: fails, down to the horizon); wrapped after its span of 14 h, it comes back at 16 and 19,
 * both skipped (the slot is down until 24).
 */
static void a_failure_in_a_slot_not_up_is_skipped(void **state)
{
    (void)state;
    write_trace("skip.csv", "time,node,component,event\n2,a,gpu,fail\n3,a,gpu,repair\n"
                            "5,a,gpu,fail\n6,a,gpu,repair\n14,a,gpu,fail\n");
    metric_row r = trial_of("[scenario]\ntrials=1\nhorizon=20h\n[cluster]\nnodes=1\n"
                            "[component.gpu]\nttf=trace(skip.csv)\nttr=10h\n"
                            "[detection]\ntimeout=0s\nheartbeat=0s\n[failover]\ntime=0s\n",
                            0);
    assert_int_equal(r.failures, 2);
    assert_int_equal(r.trace_failures, 2);
    assert_int_equal(r.trace_skipped, 3);
    assert_close(r.down_h, 16.0, EXACT, 0);
    assert_close(r.availability, 4.0 / 20.0, EXACT, 0);
}

/*
 * Past the trace's end. Failures at 4 and 8, the last event at 10 (the span); horizon 35 h, a
 * spare always ready. wrap: 4, 8, 14, 18, 24, 28, 34 (7); stop: 4, 8 (2); wrap with
 * trace_period = 15h: 4, 8, 19, 23, 34 (5).
 */
static void past_the_end_wrap_repeats_and_stop_ends(void **state)
{
    (void)state;
    write_trace("short.csv", "time,node,component,event\n4,a,gpu,fail\n5,a,gpu,repair\n"
                             "8,a,gpu,fail\n10,a,gpu,repair\n");
#define SHORT_FMT                                                                                  \
    "[scenario]\ntrials=1\nhorizon=35h\n[cluster]\nnodes=1\nspares=1\n"                         \
    "[component.gpu]\nttf=trace(short.csv)\nttr=1h\n%s\n"                                          \
    "[detection]\ntimeout=0s\nheartbeat=0s\n[failover]\ntime=0s\n"
    static const struct {
        const char *keys;
        uint64_t failures;
    } cases[] = {{"", 7}, {"trace_end=wrap", 7}, {"trace_end=stop", 2}, {"trace_period=15h", 5}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[600];
        snprintf(text, sizeof text, SHORT_FMT, cases[i].keys);
        metric_row r = trial_of(text, 0);
        assert_int_equal(r.failures, cases[i].failures);
        assert_int_equal(r.trace_skipped, 0);
    }
}

/*
 * A trace of a process-reach kind restarts the process in place: the failure at 5 h empties the
 * slot for the detection (0) and ttr (2 h), no spare moves, and the node stays in its slot.
 * Horizon 10 h: down 5-7.
 */
static void a_process_reach_trace_restarts_in_place(void **state)
{
    (void)state;
    write_trace("process.csv", "time,node,component,event\n5,a,nccl,fail\n6,a,nccl,repair\n"
                               "12,a,nccl,fail\n");
    metric_row r = trial_of("[scenario]\ntrials=1\nhorizon=10h\n[cluster]\nnodes=1\nspares=1\n"
                            "[component.nccl]\nttf=trace(process.csv)\nttr=2h\nreach=process\n"
                            "[detection]\ntimeout=0s\nheartbeat=0s\n[failover]\ntime=0s\n",
                            0);
    assert_int_equal(r.failures, 1);
    assert_int_equal(r.process_failures, 1);
    assert_int_equal(r.trace_failures, 1);
    assert_close(r.down_h, 2.0, EXACT, 0);
    assert_close(r.wait_spare_h, 0.0, 0, 0);
}

/*
 * A slot whose failure domain is down is not up: its trace failure is skipped. Two slots in one
 * rack up 3 h, down 4 h (3-7), up again; a spare, instant recovery, horizon 9.5 h. The trace
 * fails a (slot 0) at 5 (the rack is down: skipped) and at 8 (fails; the spare swaps in).
 */
static void a_failure_in_a_domain_that_is_down_is_skipped(void **state)
{
    (void)state;
    write_trace("rack.csv", "time,node,component,event\n5,a,gpu,fail\n6,a,gpu,repair\n"
                            "8,a,gpu,fail\n");
    metric_row r = trial_of("[scenario]\ntrials=1\nhorizon=9.5h\n[cluster]\nnodes=2\nspares=1\n"
                            "[component.gpu]\nttf=trace(rack.csv)\nttr=1h\n"
                            "[domain.rack]\nsize=2\nttf=3h\nttr=4h\n"
                            "[detection]\ntimeout=0s\nheartbeat=0s\n[failover]\ntime=0s\n",
                            0);
    assert_int_equal(r.domain_failures, 1);
    assert_int_equal(r.failures, 1);
    assert_int_equal(r.trace_failures, 1);
    assert_int_equal(r.trace_skipped, 1);
    assert_close(r.down_h, 4.0, EXACT, 0);
}

/*
 * trace_end = LAW: from the trace's end every node's components of the kind start a fresh life of
 * that law. One slot, one cold spare, instant recovery, repairs 1 h, horizon 23 h; the trace fails
 * a at 3 (the spare, node 1, swaps in), its period is 10 h, then lives of fixed(4h): node 1, in
 * the slot, fails at 14; node 0 (repaired at 4, cold in the pool: new at 10 and not aged) swaps in
 * and fails at 18; node 1 (renewed by its repair) at 22. Four failures, one of the trace; the same
 * with a kind of law beside it drawn per node (fixed) or by the Poisson points (exponential).
 */
static void past_the_end_a_law_takes_over(void **state)
{
    (void)state;
    write_trace("fallback.csv", "time,node,component,event\n3,a,gpu,fail\n4,a,gpu,repair\n");
    static const char *const beside[] = {"", "[component.host]\nttf=1000y\nttr=1h\n",
                                         "[component.host]\nttf=exponential(mean=1000y)\nttr=1h\n"};
    for (int i = 0; i < 3; i++) {
        char text[800];
        snprintf(text, sizeof text,
                 "[scenario]\ntrials=1\nhorizon=23h\n[cluster]\nnodes=1\nspares=1\n"
                 "[component.gpu]\nttf=trace(fallback.csv)\nttr=1h\ntrace_period=10h\n"
                 "trace_end=4h\n%s"
                 "[detection]\ntimeout=0s\nheartbeat=0s\n[failover]\ntime=0s\n",
                 beside[i]);
        metric_row r = trial_of(text, 0);
        assert_int_equal(r.failures, 4);
        assert_int_equal(r.trace_failures, 1);
        assert_int_equal(r.trace_skipped, 0);
        assert_close(r.down_h, 0.0, 0, 0);
    }
}

/*
 * At the trace's end the nodes that age keep the age they reached, a lemon's at its own pace:
 * two slots, no spare, both nodes lemons at factor 2, detection and failover 0.
 * [component.board] ttf 10 h (fixed), ttr 100 h; [component.host] replays a trace failing node
 * a (slot 0) at 1 h, ttr 1 h, period 3 h, then a fixed 100 h. Horizon 5.5 h.
 *   Node 0 ages 0-1 (age 2), fails by the trace, is repaired 1-2 and ages again from 2: age 4
 *   at the trace's end (3 h), its board due at 3 + (10 - 4)/2 = 6. Node 1 ages 0-3: age 6, its
 *   board due at 3 + 2 = 5, then under repair past the horizon. Up 0-1 and 2-5: 4 h of 5.5;
 *   2 failures. Crediting wall hours at the trace's end would put node 1's failure at 6.5.
 */
static void at_the_end_a_lemon_keeps_its_faster_age(void **state)
{
    (void)state;
    write_trace("lemon.csv", "time,node,component,event\n1,a,host,fail\n2,a,host,repair\n");
    metric_row r = trial_of("[scenario]\ntrials=1\nhorizon=5.5h\n[cluster]\nnodes=2\n"
                            "[component.board]\nttf=10h\nttr=100h\n"
                            "[component.host]\nttf=trace(lemon.csv)\nttr=1h\ntrace_period=3h\n"
                            "trace_end=100h\n"
                            "[fleet]\nlemon_fraction=1\nlemon_factor=2\n"
                            "[detection]\ntimeout=0s\nheartbeat=0s\n[failover]\ntime=0s\n",
                            0);
    assert_int_equal(r.failures, 2);
    assert_int_equal(r.trace_failures, 1);
    assert_int_equal(r.lemon_failures, 2);
    assert_close(r.availability, 4.0 / 5.5, 1e-12, 0);
}

/*
 * Past the trace's end an exponential law is a Poisson process per slot when every failure is
 * recovered at once: 4 slots, spares enough, a trace of one failure in its 10 h, then
 * exponential(mean=100h) to the horizon at 1010 h: 1 + Poisson(40) failures a trial. 2,000
 * trials: the mean within 4 standard errors (sqrt(40 / 2000)) of 41.
 */
static void past_the_end_an_exponential_law_is_poisson(void **state)
{
    (void)state;
    write_trace("poisson.csv", "time,node,component,event\n5,a,gpu,fail\n10,a,gpu,repair\n");
    scn *s = testscn_load("[scenario]\ntrials=2000\nseed=9\nhorizon=1010h\n"
                          "[cluster]\nnodes=4\nspares=50\n"
                          "[component.gpu]\nttf=trace(poisson.csv)\nttr=1m\n"
                          "trace_end=exponential(mean=100h)\n"
                          "[detection]\ntimeout=0s\nheartbeat=0s\n[failover]\ntime=0s\n",
                          scn_name);
    mc_opts o = {.threads = 1};
    test_trials r = testscn_run(s, o);
    double sum = 0;
    for (uint64_t i = 0; i < r.n; i++) {
        sum += (double)r.r[i].failures;
        assert_int_equal(r.r[i].trace_failures, 1);
    }
    double mean = sum / (double)r.n, se = sqrt(40.0 / (double)r.n);
    print_message("fallback: %.4f failures a trial (expected 41, 4 SE %.3f)\n", mean, 4 * se);
    assert_true(fabs(mean - 41.0) < 4 * se);
    free(r.r);
    free(s);
}

static void count_slot(void *ctx, uint32_t slot, int level)
{
    (void)level;
    ((uint64_t *)ctx)[slot]++;
}

/*
 * A pooled trace puts each failure on a slot drawn uniformly: 10 failures a trial (a wrapped
 * trace of 10 at 1 h, 2 h, ... over 8 slots, spares and instant recovery so that every slot is up
 * at each), 2,000 trials: each slot's count is Binomial(20000, 1/8), within 4 standard errors of
 * 2,500, and Pearson's chi-square with 7 degrees of freedom below 24.3 (its 0.999 quantile).
 */
static void pooled_failures_spread_uniformly_over_slots(void **state)
{
    (void)state;
    char log[600] = "time,node,component,event\n";
    for (int k = 1; k <= 10; k++) /* one label each: pooled needs no slot per label */
        snprintf(log + strlen(log), sizeof log - strlen(log), "%d,n%d,gpu,fail\n", k, k);
    write_trace("pooled.csv", log);
    scn *s = testscn_load("[scenario]\ntrials=2000\nseed=5\nhorizon=10.5h\n"
                          "[cluster]\nnodes=8\nspares=20\n"
                          "[component.gpu]\nttf=trace(pooled.csv)\nttr=1m\ntrace_assign=pooled\n"
                          "[detection]\ntimeout=0s\nheartbeat=0s\n[failover]\ntime=0s\n",
                          scn_name);
    engine *e = engine_new();
    stream *r = stream_new();
    life_model *lm = life_model_new(s);
    assert_non_null(e);
    assert_non_null(r);
    assert_non_null(lm);
    cluster *c = cluster_new(s, e, r, lm, NULL);
    assert_non_null(c);
    uint64_t count[8] = {0};
    cluster_set_loss_listener(c, count_slot, count);
    for (uint64_t t = 0; t < s->trials; t++) {
        stream_set_trial(r, s->seed, (uint32_t)t);
        engine_reset(e);
        assert_int_equal(cluster_reset(c), 0);
        engine_run(e, s->horizon, 1000000);
        cluster_stats st;
        cluster_finish(c, s->horizon, &st);
        assert_int_equal(st.failures, 10);
        assert_int_equal(st.trace_skipped, 0);
    }
    double n = 10.0 * (double)s->trials, p = 1.0 / 8, chi2 = 0;
    for (int k = 0; k < 8; k++) {
        double se = sqrt(n * p * (1 - p));
        assert_true(fabs((double)count[k] - n * p) < 4 * se);
        chi2 += ((double)count[k] - n * p) * ((double)count[k] - n * p) / (n * p);
    }
    print_message("pooled: slot counts %llu %llu %llu %llu %llu %llu %llu %llu, chi-square %.3f\n",
                  (unsigned long long)count[0], (unsigned long long)count[1],
                  (unsigned long long)count[2], (unsigned long long)count[3],
                  (unsigned long long)count[4], (unsigned long long)count[5],
                  (unsigned long long)count[6], (unsigned long long)count[7], chi2);
    assert_true(chi2 < 24.32);
    cluster_free(c);
    life_model_free(lm);
    stream_free(r);
    engine_free(e);
    free(s);
}

/*
 * The same trace under two checkpoint intervals fails the same slots at the same times, trial
 * by trial: the cluster does not depend on the job, a pooled trace draws its slots from a stream
 * of its own, and the repairs theirs. With a horizon before the job can end, each pair of trials
 * has equal failures and skips, and different losses.
 */
static void checkpoint_interval_does_not_move_the_failures(void **state)
{
    (void)state;
    write_trace("paired.csv", "time,node,component,event\n1,a,gpu,fail\n2,b,gpu,fail\n"
                              "2.5,c,gpu,fail\n7,a,gpu,repair\n9,d,gpu,fail\n");
#define PAIRED_FMT                                                                                 \
    "[scenario]\ntrials=200\nseed=3\nhorizon=100h\n[cluster]\nnodes=4\nspares=1\n"               \
    "repair_crews=1\n[component.gpu]\nttf=trace(paired.csv)\nttr=lognormal(mean=5h, sd=5h)\n"     \
    "trace_assign=pooled\n[component.host]\nttf=exponential(mean=200h)\nttr=2h\n"                 \
    "[job]\nwork=1000h\ncheckpoint_interval=%s\ncheckpoint_cost=5m\n"
    char a[800], b[800];
    snprintf(a, sizeof a, PAIRED_FMT, "30m");
    snprintf(b, sizeof b, PAIRED_FMT, "3h");
    scn *sa = testscn_load(a, scn_name), *sb = testscn_load(b, scn_name);
    mc_opts o = {.threads = 1};
    test_trials ra = testscn_run(sa, o), rb = testscn_run(sb, o);
    assert_int_equal(ra.n, rb.n);
    uint64_t skipped = 0, differ = 0;
    for (uint64_t i = 0; i < ra.n; i++) {
        assert_int_equal(ra.r[i].failures, rb.r[i].failures);
        assert_int_equal(ra.r[i].trace_failures, rb.r[i].trace_failures);
        assert_int_equal(ra.r[i].trace_skipped, rb.r[i].trace_skipped);
        assert_close(ra.r[i].availability, rb.r[i].availability, EXACT, 0);
        skipped += ra.r[i].trace_skipped;
        differ += ra.r[i].lost_h != rb.r[i].lost_h;
    }
    print_message("paired: %llu skipped, %llu of %llu pairs with different losses\n",
                  (unsigned long long)skipped, (unsigned long long)differ, (unsigned long long)ra.n);
    assert_true(skipped > 0); /* the pairing holds with slots down too */
    assert_true(differ > ra.n / 2);
    free(ra.r);
    free(rb.r);
    free(sa);
    free(sb);
}

/*
 * A traced kind is not in the life model: the other kinds, all exponential, keep the Poisson
 * shortcut at their own rate. The system MTBF counts the trace at its rate: 4 failures over its
 * 50 h span on 2 slots is 0.04 per slot-hour, beside the host's 1/100 h: MTBF = 1 / (2 x 0.05).
 */
static void a_traced_kind_counts_at_its_rate_and_leaves_the_life_model(void **state)
{
    (void)state;
    write_trace("rate.csv", "time,node,component,event\n5,a,gpu,fail\n6,a,gpu,repair\n"
                            "10,b,gpu,fail\n20,a,gpu,fail\n30,b,gpu,repair\n40,b,gpu,fail\n"
                            "50,a,gpu,repair\n");
    scn *s = testscn_load("[cluster]\nnodes=2\n[component.gpu]\ncount=8\nttf=trace(rate.csv)\n"
                          "ttr=1h\n[component.host]\nttf=exponential(mean=100h)\nttr=1h\n"
                          "[job]\nwork=10h\ncheckpoint_interval=young\ncheckpoint_cost=1m\n",
                          scn_name);
    const scn_trace *t = scn_trace_of(&s->comp[0]);
    assert_non_null(t);
    assert_null(scn_trace_of(&s->comp[1]));
    assert_int_equal(t->n, 4);
    assert_int_equal(t->nnodes, 2);
    assert_close(t->span, 50, EXACT, 0);
    assert_close(t->t[0], 5, EXACT, 0);
    assert_close(t->t[3], 40, EXACT, 0);
    assert_int_equal(t->node[0], 0);
    assert_int_equal(t->node[1], 1);
    assert_close(s->mtbf, 1.0 / (2 * (4.0 / (2 * 50) + 1.0 / 100)), 1e-12, 0);
    assert_close(s->ckpt.interval, sqrt(2 * (1.0 / 60) * s->mtbf), 1e-12, 0);
    life_model *lm = life_model_new(s);
    assert_int_equal(life_model_groups(lm), 1);
    assert_close(life_model_poisson_mean(lm), 100, EXACT, 0);
    life_model_free(lm);
    free(s);
}

/*
 * ISO 8601 times count from the log's first event (of any kind): a host fails first at 00:00,
 * the gpus at 06:00 and 12:30 the next day.
 */
static void iso_times_count_from_the_first_event(void **state)
{
    (void)state;
    write_trace("iso.csv", "time,node,component,event\n2024-03-01T00:00Z,x,host,fail\n"
                           "2024-03-01T06:00Z,y,gpu:3,fail\n2024-03-01T08:00Z,x,host,repair\n"
                           "2024-03-02T12:30Z,x,gpu:0,fail\n2024-03-03T00:00Z,y,gpu:3,repair\n");
    scn *s = testscn_load("[cluster]\nnodes=2\n[component.gpu]\nttf=trace(iso.csv)\nttr=1h\n"
                          "[job]\nwork=10h\n",
                          scn_name);
    const scn_trace *t = scn_trace_of(&s->comp[0]);
    assert_non_null(t);
    assert_int_equal(t->n, 2);
    assert_close(t->t[0], 6, EXACT, 0);
    assert_close(t->t[1], 36.5, EXACT, 0);
    assert_close(t->span, 48, EXACT, 0);
    assert_int_equal(t->node[0], 1); /* y: the second node of the log */
    assert_int_equal(t->node[1], 0);
    free(s);
}

/* scn_write writes the trace (absolute path, its keys) and the written file loads back to the
 * same scenario: same hash, same trace, same keys. */
static void written_scenario_loads_back_the_same(void **state)
{
    (void)state;
    write_trace("back.csv",
                "time,node,component,event\n4,a,gpu,fail\n8,b,gpu,fail\n9,a,host,fail\n");
    scn *s = testscn_load("[cluster]\nnodes=2\n[component.gpu]\nttf=trace(back.csv)\nttr=1h\n"
                          "trace_assign=pooled\ntrace_end=stop\ntrace_period=12h\n"
                          "[component.host]\nttf=trace(back.csv)\nttr=1h\n"
                          "trace_end=weibull(shape=0.7, scale=250d)\n"
                          "[job]\nwork=10h\n",
                          scn_name);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    scn_write(s, f);
    fclose(f);
    assert_non_null(strstr(text, "trace_assign = pooled\ntrace_end = stop\ntrace_period = 12h\n"));
    scn *b = testscn_load(text, "/nowhere/written.ini"); /* the path is absolute */
    assert_int_equal(b->comp[0].trace, s->comp[0].trace);
    assert_int_equal(b->comp[0].trace_assign, SCN_TRACE_POOLED);
    assert_int_equal(b->comp[0].trace_end, SCN_TRACE_STOP);
    assert_close(b->comp[0].trace_period, 12, EXACT, 0);
    assert_int_equal(b->comp[1].trace_end, SCN_TRACE_FALLBACK);
    assert_int_equal(b->comp[1].trace_law.kind, DIST_WEIBULL);
    assert_close(b->comp[1].trace_law.p1, 0.7, EXACT, 0);
    assert_true(scn_hash(b) == scn_hash(s));
    free(text);
    free(s);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(trace_failures_come_at_the_trace_times),
        cmocka_unit_test(a_failure_in_a_slot_not_up_is_skipped),
        cmocka_unit_test(past_the_end_wrap_repeats_and_stop_ends),
        cmocka_unit_test(past_the_end_a_law_takes_over),
        cmocka_unit_test(at_the_end_a_lemon_keeps_its_faster_age),
        cmocka_unit_test(past_the_end_an_exponential_law_is_poisson),
        cmocka_unit_test(a_process_reach_trace_restarts_in_place),
        cmocka_unit_test(a_failure_in_a_domain_that_is_down_is_skipped),
        cmocka_unit_test(pooled_failures_spread_uniformly_over_slots),
        cmocka_unit_test(checkpoint_interval_does_not_move_the_failures),
        cmocka_unit_test(a_traced_kind_counts_at_its_rate_and_leaves_the_life_model),
        cmocka_unit_test(iso_times_count_from_the_first_event),
        cmocka_unit_test(written_scenario_loads_back_the_same),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
