/*
 * The cluster's reset: every trial starts from a copy of the state cluster_new built once (its
 * nodes, slots and pool), each node then drawing whether it is a lemon and the nodes that age by
 * lives of their own starting to age. That must be the state the nodes built one by one give
 * (cluster_test_reset_by_loop), after any trial, and lead to the same trial: checked on
 * scenarios with hot and cold spares, lemons and faulty repairs, failure domains of two sizes,
 * maintenance rolling and of the whole, replayed traces (pooled, and with a law past their end),
 * lives per node and the Poisson points, few failures among many nodes and many among few,
 * trial after trial on one cluster of each kind.
 */
#include "tests/testutil.h"
#include "tests/testscn.h"
#include "sim/engine/engine.h"
#include "sim/engine/stream.h"
#include "sim/model/cluster.h"
#include "sim/model/life.h"
#include "sim/scenario/scn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64];
static char scn_name[128]; /* dir/c.ini: trace(FILE) is read from dir */

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/relsim-cluster-XXXXXX");
    if (!mkdtemp(dir)) return -1;
    snprintf(scn_name, sizeof scn_name, "%s/c.ini", dir);
    char path[128];
    snprintf(path, sizeof path, "%s/log.csv", dir);
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    fputs("time,node,component,event\n2,a,gpu,fail\n3,a,gpu,repair\n7,b,gpu,fail\n8,b,gpu,"
          "repair\n9,a,gpu,fail\n",
          f);
    fclose(f);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* One cluster of scenario s on an engine and streams of its own. */
typedef struct {
    engine *e;
    stream *r;
    life_model *lm;
    cluster *c;
} rig;

static void rig_new(rig *g, const scn *s, int per_node)
{
    g->e = engine_new();
    g->r = stream_new();
    g->lm = life_model_new(s);
    assert_non_null(g->e);
    assert_non_null(g->r);
    assert_non_null(g->lm);
    if (per_node) life_model_allow_poisson(g->lm, 0);
    g->c = cluster_new(s, g->e, g->r, g->lm, NULL);
    assert_non_null(g->c);
}

static void rig_free(rig *g)
{
    cluster_free(g->c);
    life_model_free(g->lm);
    stream_free(g->r);
    engine_free(g->e);
}

/* Trials 0 .. trials-1 of the scenario on a cluster reset by copy and one reset node by node:
 * the same state after each reset and after each trial, the same events, the same figures. */
static void copy_and_loop_agree(const char *text, int per_node, uint64_t trials)
{
    scn *s = testscn_load(text, scn_name);
    rig copy, loop;
    rig_new(&copy, s, per_node);
    rig_new(&loop, s, per_node);
    cluster_test_reset_by_loop(loop.c, 1);
    uint64_t failures = 0;
    for (uint64_t t = 0; t < trials; t++) {
        rig *g[2] = {&copy, &loop};
        for (int k = 0; k < 2; k++) {
            stream_set_trial(g[k]->r, s->seed, (uint32_t)t);
            engine_reset(g[k]->e);
            assert_int_equal(cluster_reset(g[k]->c), 0);
        }
        assert_true(cluster_test_same_state(copy.c, loop.c));
        assert_int_equal(engine_queue_size(copy.e), engine_queue_size(loop.e));
        uint64_t ran = engine_run(copy.e, s->horizon, 10000000);
        assert_int_equal(engine_run(loop.e, s->horizon, 10000000), ran);
        assert_true(cluster_test_same_state(copy.c, loop.c));
        cluster_stats a, b;
        cluster_finish(copy.c, s->horizon, &a);
        cluster_finish(loop.c, s->horizon, &b);
        assert_memory_equal(&a, &b, sizeof a);
        failures += a.failures;
    }
    assert_true(failures > 0); /* the trials did change the state the next reset starts from */
    rig_free(&copy);
    rig_free(&loop);
    free(s);
}

#define HEAD "[scenario]\nseed=3\nhorizon=2000h\n[cluster]\nnodes=8\nspares=3\nrepair_crews=2\n"

static void hot_spares_lemons_and_faulty_repairs(void **state)
{
    (void)state;
    copy_and_loop_agree(HEAD "spare_mode=hot\n"
                             "[component.gpu]\nttf=weibull(scale=300h, shape=0.8)\n"
                             "ttr=lognormal(mean=1d, sd=12h)\nbad_repair=0.2\nbad_repair_ttf=5h\n"
                             "[component.sw]\nttf=exponential(mean=500h)\nttr=30m\nreach=process\n"
                             "[fleet]\nlemon_fraction=0.3\nlemon_factor=3\n",
                        0, 40);
}

static void cold_spares_and_domains_under_the_poisson_points(void **state)
{
    (void)state;
    copy_and_loop_agree(HEAD
                        "[component.gpu]\nttf=exponential(mean=200h)\nttr=exponential(mean=1d)\n"
                        "[domain.rack]\nsize=4\nttf=exponential(mean=300h)\nttr=6h\n"
                        "[domain.pdu]\nsize=8\nttf=exponential(mean=900h)\nttr=1d\n",
                        0, 40);
    copy_and_loop_agree(HEAD
                        "spare_mode=hot\n"
                        "[component.gpu]\nttf=exponential(mean=200h)\nttr=exponential(mean=1d)\n"
                        "[domain.rack]\nsize=2\nttf=exponential(mean=300h)\nttr=6h\n",
                        1, 40);
}

static void hot_spares_of_a_process_reach_kind_and_maintenance(void **state)
{
    (void)state;
    copy_and_loop_agree(HEAD
                        "spare_mode=hot\n"
                        "[component.gpu]\nttf=exponential(mean=150h)\nttr=exponential(mean=2d)\n"
                        "[component.sw]\nttf=exponential(mean=100h)\nttr=20m\nreach=process\n"
                        "[maintenance]\nevery=100h\nduration=5h\nscope=rolling\n",
                        0, 40);
    copy_and_loop_agree(HEAD
                        "[component.gpu]\nttf=exponential(mean=150h)\nttr=exponential(mean=2d)\n"
                        "[maintenance]\nevery=300h\nduration=5h\n",
                        0, 40);
}

/* A few failures among many nodes, under the Poisson points and under lives per node. */
#define BIG "[scenario]\nseed=5\nhorizon=60h\n[cluster]\nnodes=256\nspares=6\nrepair_crews=1\n"

static void a_few_failures_among_many_nodes(void **state)
{
    (void)state;
    copy_and_loop_agree(
        BIG "[component.gpu]\nttf=exponential(mean=3000h)\nttr=exponential(mean=1d)\n", 0, 60);
    copy_and_loop_agree(BIG
                        "spare_mode=hot\n"
                        "[component.gpu]\nttf=exponential(mean=3000h)\nttr=exponential(mean=2d)\n"
                        "[component.sw]\nttf=exponential(mean=2000h)\nttr=20m\nreach=process\n",
                        0, 60);
    copy_and_loop_agree(BIG
                        "[component.gpu]\nttf=exponential(mean=3000h)\nttr=exponential(mean=2d)\n"
                        "[component.sw]\nttf=exponential(mean=2000h)\nttr=20m\nreach=process\n",
                        0, 60);
    copy_and_loop_agree(BIG
                        "spare_mode=hot\n"
                        "[component.gpu]\nttf=exponential(mean=3000h)\nttr=exponential(mean=2d)\n"
                        "[component.sw]\nttf=exponential(mean=2000h)\nttr=20m\nreach=process\n"
                        "[maintenance]\nevery=200h\nduration=5h\nscope=rolling\n"
                        "[domain.rack]\nsize=16\nttf=exponential(mean=3000h)\nttr=6h\n",
                        0, 60);
    copy_and_loop_agree(BIG "[component.gpu]\nttf=weibull(scale=3000h, shape=0.7)\nttr=1d\n"
                            "bad_repair=0.3\nbad_repair_ttf=2h\nauto_success=0.5\n"
                            "manual_ttr=2d\n"
                            "[fleet]\nlemon_fraction=0.01\nlemon_factor=5\n",
                        0, 60);
}

static void replayed_traces_pooled_and_past_their_end(void **state)
{
    (void)state;
    copy_and_loop_agree(HEAD "[component.gpu]\nttf=trace(log.csv)\nttr=1h\ntrace_assign=pooled\n"
                             "trace_period=10h\n"
                             "[component.host]\nttf=exponential(mean=400h)\nttr=2h\n",
                        0, 20);
    copy_and_loop_agree(HEAD "spare_mode=hot\n"
                             "[component.gpu]\nttf=trace(log.csv)\nttr=1h\ntrace_period=10h\n"
                             "trace_end=weibull(scale=100h, shape=1.5)\n"
                             "[component.host]\nttf=uniform(min=50h, max=150h)\nttr=2h\n"
                             "[fleet]\nlemon_fraction=0.5\nlemon_factor=2\n",
                        0, 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hot_spares_lemons_and_faulty_repairs),
        cmocka_unit_test(cold_spares_and_domains_under_the_poisson_points),
        cmocka_unit_test(hot_spares_of_a_process_reach_kind_and_maintenance),
        cmocka_unit_test(replayed_traces_pooled_and_past_their_end),
        cmocka_unit_test(a_few_failures_among_many_nodes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
