/*
 * Tests of the event engine: order by (time, scheduling sequence), replacement and cancellation
 * of a timer's pending event, stop, limits, reset, the renumbering at 2^32 sequence numbers, and
 * the small heap of events scheduled soon.
 */
#include "tests/testutil.h"
#include "sim/engine/engine.h"
#include "sim/engine/iheap.h"

#include <gsl/gsl_rng.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    engine *e;
    int cls[3];
    uint32_t log[4096]; /* (class << 16) | id of each event run, in order */
    double when[4096];
    int n;
    int stop_at;    /* stop after this many events (0: never) */
    int reschedule; /* class-0 handler schedules id+1 at now+1 up to this id */
} recorder;

static recorder R;

static void record(int cls, uint32_t id)
{
    R.log[R.n] = ((uint32_t)cls << 16) | id;
    R.when[R.n] = engine_now(R.e);
    R.n++;
    if (R.stop_at && R.n == R.stop_at) engine_stop(R.e);
}

static void h0(void *ctx, uint32_t id)
{
    (void)ctx;
    record(0, id);
    if ((int)id < R.reschedule) engine_schedule(R.e, R.cls[0], id + 1, engine_now(R.e) + 1.0);
}

static void h1(void *ctx, uint32_t id)
{
    (void)ctx;
    record(1, id);
}

static void h2(void *ctx, uint32_t id)
{
    (void)ctx;
    record(2, id);
}

static int setup(void **state)
{
    (void)state;
    memset(&R, 0, sizeof R);
    R.e = engine_new();
    R.cls[0] = engine_add_class(R.e, h0, NULL, 1000);
    R.cls[1] = engine_add_class(R.e, h1, NULL, 10);
    R.cls[2] = engine_add_class(R.e, h2, NULL, 1); /* one timer: kept in a lane, not the heap */
    engine_reset(R.e);
    return R.e && R.cls[0] == 0 && R.cls[1] == 1 && R.cls[2] == 2 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    engine_free(R.e);
    return 0;
}

static void events_run_in_time_order(void **state)
{
    (void)state;
    double t[] = {5, 1, 4, 2, 3};
    for (uint32_t i = 0; i < 5; i++)
        engine_schedule(R.e, R.cls[0], i, t[i]);
    assert_int_equal(engine_run(R.e, INFINITY, UINT64_MAX), 5);
    for (int i = 0; i < 5; i++)
        assert_close(R.when[i], (double)(i + 1), 0, 0);
    assert_int_equal(R.log[0], 1); /* id 1 at t = 1 */
    assert_int_equal(R.log[4], 0); /* id 0 at t = 5 */
    assert_close(engine_now(R.e), 5.0, 0, 0);
}

static void ties_resolve_in_scheduling_order(void **state)
{
    (void)state;
    /* Same time: the order in which they were scheduled, across classes too. */
    engine_schedule(R.e, R.cls[1], 3, 2.0);
    engine_schedule(R.e, R.cls[0], 7, 2.0);
    engine_schedule(R.e, R.cls[1], 1, 2.0);
    engine_schedule(R.e, R.cls[0], 2, 1.0);
    engine_run(R.e, INFINITY, UINT64_MAX);
    assert_int_equal(R.n, 4);
    assert_int_equal(R.log[0], 2);
    assert_int_equal(R.log[1], (1u << 16) | 3);
    assert_int_equal(R.log[2], 7);
    assert_int_equal(R.log[3], (1u << 16) | 1);
}

static void ties_keep_order_after_bulk_heapify_too(void **state)
{
    (void)state;
    /* Scheduled before the first run (heap built in one go) and during the run (sifted). */
    for (uint32_t i = 0; i < 300; i++)
        engine_schedule(R.e, R.cls[0], i, (double)(i % 3));
    engine_run(R.e, INFINITY, UINT64_MAX);
    assert_int_equal(R.n, 300);
    for (int i = 1; i < 300; i++) {
        uint32_t a = R.log[i - 1], b = R.log[i];
        assert_true(R.when[i - 1] <= R.when[i]);
        if (R.when[i - 1] == R.when[i]) assert_true(a < b); /* ids were scheduled in order */
    }
}

static void rescheduling_replaces_the_pending_event(void **state)
{
    (void)state;
    engine_schedule(R.e, R.cls[0], 4, 10.0);
    engine_schedule(R.e, R.cls[0], 4, 3.0); /* earlier */
    engine_schedule(R.e, R.cls[0], 5, 1.0);
    engine_schedule(R.e, R.cls[0], 5, 20.0); /* later */
    assert_int_equal(engine_run(R.e, INFINITY, UINT64_MAX), 2);
    assert_int_equal(R.n, 2);
    assert_int_equal(R.log[0], 4);
    assert_close(R.when[0], 3.0, 0, 0);
    assert_int_equal(R.log[1], 5);
    assert_close(R.when[1], 20.0, 0, 0);
    assert_int_equal(engine_events(R.e), 2);
}

static void cancel_drops_the_event(void **state)
{
    (void)state;
    engine_schedule(R.e, R.cls[0], 1, 1.0);
    engine_schedule(R.e, R.cls[0], 2, 2.0);
    assert_true(engine_pending(R.e, R.cls[0], 1));
    engine_cancel(R.e, R.cls[0], 1);
    assert_false(engine_pending(R.e, R.cls[0], 1));
    assert_true(engine_pending(R.e, R.cls[0], 2));
    engine_run(R.e, INFINITY, UINT64_MAX);
    assert_int_equal(R.n, 1);
    assert_int_equal(R.log[0], 2);
    assert_false(engine_pending(R.e, R.cls[0], 2)); /* a timer that fired is no longer pending */
}

static void run_stops_at_until_limit_and_stop(void **state)
{
    (void)state;
    R.reschedule = 100; /* a chain 0 -> 1 -> ... at t = 0, 1, 2, ... */
    engine_schedule(R.e, R.cls[0], 0, 0.0);
    assert_int_equal(engine_run(R.e, 4.0, UINT64_MAX), 5); /* t = 0..4 inclusive */
    assert_close(engine_now(R.e), 4.0, 0, 0);
    assert_int_equal(engine_run(R.e, INFINITY, 3), 3); /* max_events */
    assert_int_equal(R.n, 8);
    R.stop_at = 10;
    assert_int_equal(engine_run(R.e, INFINITY, UINT64_MAX), 2); /* engine_stop from a handler */
    assert_int_equal(R.n, 10);
    assert_int_equal(engine_events(R.e), 10);
}

static void reset_empties_queue_and_clock(void **state)
{
    (void)state;
    engine_schedule(R.e, R.cls[0], 1, 5.0);
    engine_schedule(R.e, R.cls[1], 2, 6.0);
    engine_run(R.e, 5.5, UINT64_MAX);
    engine_reset(R.e);
    assert_close(engine_now(R.e), 0.0, 0, 0);
    assert_int_equal(engine_queue_size(R.e), 0);
    assert_false(engine_pending(R.e, R.cls[1], 2));
    assert_int_equal(engine_events(R.e), 0);
    assert_int_equal(engine_run(R.e, INFINITY, UINT64_MAX), 0);
}

/* The queue against a sorted reference under a random mix of schedules and cancellations. */
static void random_operations_match_a_reference(void **state)
{
    (void)state;
    enum { N = 1000 };
    static double due[N]; /* reference: the live time of each timer, or -1 */
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 7);
    for (int i = 0; i < N; i++)
        due[i] = -1;
    for (int k = 0; k < 5000; k++) {
        uint32_t id = (uint32_t)gsl_rng_uniform_int(g, N);
        if (gsl_rng_uniform(g) < 0.2) {
            engine_cancel(R.e, R.cls[0], id);
            due[id] = -1;
        } else {
            double t = gsl_rng_uniform(g) * 100.0;
            engine_schedule(R.e, R.cls[0], id, t);
            due[id] = t;
        }
    }
    int live = 0;
    for (int i = 0; i < N; i++)
        live += due[i] >= 0;
    assert_int_equal(engine_run(R.e, INFINITY, UINT64_MAX), live);
    for (int i = 0; i < R.n; i++) {
        assert_close(R.when[i], due[R.log[i]], 0, 0);
        if (i) assert_true(R.when[i - 1] <= R.when[i]);
    }
    gsl_rng_free(g);
}

static void sequence_numbers_wrap_without_reordering(void **state)
{
    (void)state;
    /* Just below 2^32: the engine renumbers pending events and ties keep their order. */
    engine_schedule(R.e, R.cls[0], 9, 1.0); /* will be replaced: a stale entry */
    engine_test_set_seq(R.e, UINT32_MAX - 5);
    for (uint32_t i = 0; i < 10; i++)
        engine_schedule(R.e, R.cls[0], i, 1.0);
    engine_cancel(R.e, R.cls[0], 3);
    engine_run(R.e, INFINITY, UINT64_MAX);
    assert_int_equal(R.n, 9);
    uint32_t expect = 0;
    for (int i = 0; i < R.n; i++, expect++) {
        if (expect == 3) expect++;
        assert_int_equal(R.log[i], expect);
    }
}

/* Renumbering keeps what is pending pending and what was cancelled or replaced dead: a cancelled
 * event and a replaced one, both earlier than every live one (so first in the renumbered queue),
 * do not come back to life, and the live events still report pending and all run. */
static void sequence_wrap_keeps_dead_events_dead(void **state)
{
    (void)state;
    engine_schedule(R.e, R.cls[0], 5, 0.25);
    engine_cancel(R.e, R.cls[0], 5); /* dead: cancelled (and the first entry renumbered) */
    engine_schedule(R.e, R.cls[1], 2, 0.5);
    engine_schedule(R.e, R.cls[1], 2, 3.0); /* its entry at 0.5 is dead: replaced */
    engine_test_set_seq(R.e, UINT32_MAX - 3);
    for (uint32_t i = 0; i < 4; i++) /* renumbers at the third */
        engine_schedule(R.e, R.cls[0], i, 1.0 + i);
    assert_false(engine_pending(R.e, R.cls[0], 5));
    for (uint32_t i = 0; i < 4; i++)
        assert_true(engine_pending(R.e, R.cls[0], i));
    assert_true(engine_pending(R.e, R.cls[1], 2));
    assert_int_equal(engine_run(R.e, INFINITY, UINT64_MAX), 5);
    static const uint32_t order[] = {0, 1, (1u << 16) | 2, 2, 3};
    static const double when[] = {1, 2, 3, 3, 4};
    for (int i = 0; i < 5; i++) {
        assert_int_equal(R.log[i], order[i]);
        assert_close(R.when[i], when[i], 0, 0);
    }
}

/* A single-timer class lives outside the heap; its events still interleave by (time, sequence)
 * with the others, replacement and cancellation included. */
static void lane_events_interleave_with_heap_events(void **state)
{
    (void)state;
    engine_schedule(R.e, R.cls[0], 1, 2.0);
    engine_schedule(R.e, R.cls[2], 0, 2.0); /* same time, scheduled later: runs after */
    engine_schedule(R.e, R.cls[0], 2, 2.0);
    engine_schedule(R.e, R.cls[0], 3, 1.0);
    engine_run(R.e, INFINITY, UINT64_MAX);
    assert_int_equal(R.n, 4);
    assert_int_equal(R.log[0], 3);
    assert_int_equal(R.log[1], 1);
    assert_int_equal(R.log[2], 2u << 16);
    assert_int_equal(R.log[3], 2);
    R.n = 0;
    engine_schedule(R.e, R.cls[2], 0, 5.0);
    engine_schedule(R.e, R.cls[2], 0, 4.0); /* replaces */
    engine_schedule(R.e, R.cls[0], 9, 4.5);
    assert_true(engine_pending(R.e, R.cls[2], 0));
    engine_run(R.e, INFINITY, UINT64_MAX);
    assert_int_equal(R.n, 2);
    assert_close(R.when[0], 4.0, 0, 0);
    assert_int_equal(R.log[0], 2u << 16);
    R.n = 0;
    engine_schedule(R.e, R.cls[2], 0, 6.0);
    engine_cancel(R.e, R.cls[2], 0);
    assert_false(engine_pending(R.e, R.cls[2], 0));
    assert_int_equal(engine_run(R.e, INFINITY, UINT64_MAX), 0);
}

/* Renumbering at 2^32 keeps lane and heap events in order too. */
static void sequence_wrap_keeps_lanes_in_order(void **state)
{
    (void)state;
    engine_test_set_seq(R.e, UINT32_MAX - 3);
    engine_schedule(R.e, R.cls[0], 1, 1.0);
    engine_schedule(R.e, R.cls[2], 0, 1.0);
    engine_schedule(R.e, R.cls[0], 2, 1.0); /* renumbers here */
    engine_schedule(R.e, R.cls[0], 3, 1.0);
    engine_run(R.e, INFINITY, UINT64_MAX);
    assert_int_equal(R.n, 4);
    assert_int_equal(R.log[0], 1);
    assert_int_equal(R.log[1], 2u << 16);
    assert_int_equal(R.log[2], 2);
    assert_int_equal(R.log[3], 3);
}

/* engine_schedule_soon changes where an event waits, not when it runs: a random model (64 timers
 * and a lane, each event scheduling, replacing or cancelling others, on a grid of quarter hours
 * so that ties are frequent: near events up to 45 minutes ahead, far ones up to 50 hours) gives
 * the same events at the same times whether its near events go to the small heap or not, and
 * again when the sequence numbers wrap at one of six moments of the run, with entries in both
 * heaps. */
enum { MIX_TIMERS = 64, MIX_EVENTS = 3000 };

typedef struct {
    engine *e;
    int cls, lane, use_soon;
    gsl_rng *g;
    uint32_t log[MIX_EVENTS + MIX_TIMERS + 1];
    double when[MIX_EVENTS + MIX_TIMERS + 1];
    int n;
} mix;

static void mix_act(mix *m)
{
    if (m->n >= MIX_EVENTS) return; /* then the queue drains */
    double now = engine_now(m->e);
    for (int k = 0; k < 2; k++) {
        uint32_t id = (uint32_t)gsl_rng_uniform_int(m->g, MIX_TIMERS);
        double r = gsl_rng_uniform(m->g), u = gsl_rng_uniform(m->g);
        if (r < 0.15) {
            engine_cancel(m->e, m->cls, id);
        } else if (r < 0.6) {
            double t = now + floor(u * 4) / 4;
            if (m->use_soon)
                assert_int_equal(engine_schedule_soon(m->e, m->cls, id, t), 0);
            else
                assert_int_equal(engine_schedule(m->e, m->cls, id, t), 0);
        } else {
            assert_int_equal(engine_schedule(m->e, m->cls, id, now + floor(u * 200) / 4), 0);
        }
    }
    if (gsl_rng_uniform(m->g) < 0.3)
        engine_schedule(m->e, m->lane, 0, now + floor(gsl_rng_uniform(m->g) * 4) / 4);
}

static void mix_record(mix *m, uint32_t what)
{
    m->log[m->n] = what;
    m->when[m->n] = engine_now(m->e);
    m->n++;
}

static void mix_timer(void *ctx, uint32_t id)
{
    mix *m = ctx;
    mix_record(m, id);
    mix_act(m);
}

static void mix_lane(void *ctx, uint32_t id)
{
    mix *m = ctx;
    mix_record(m, 1000 + id);
    mix_act(m);
}

static void mix_run(mix *m, int use_soon, uint32_t first_seq)
{
    memset(m, 0, sizeof *m);
    m->e = engine_new();
    assert_non_null(m->e);
    m->cls = engine_add_class(m->e, mix_timer, m, MIX_TIMERS);
    m->lane = engine_add_class(m->e, mix_lane, m, 1);
    m->use_soon = use_soon;
    m->g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(m->g, 11);
    engine_reset(m->e);
    engine_test_set_seq(m->e, first_seq);
    for (uint32_t id = 0; id < MIX_TIMERS; id++)
        engine_schedule(m->e, m->cls, id, floor(gsl_rng_uniform(m->g) * 8) / 4);
    engine_run(m->e, INFINITY, UINT64_MAX);
    assert_int_equal(engine_queue_size(m->e), 0);
    gsl_rng_free(m->g);
    engine_free(m->e);
}

static void soon_events_run_in_the_same_order(void **state)
{
    (void)state;
    enum { RUNS = 8 };
    static mix runs[RUNS];
    mix_run(&runs[0], 0, 0);
    mix_run(&runs[1], 1, 0);
    for (int r = 2; r < RUNS; r++) /* wraps after about 300, 1,200, ... schedules */
        mix_run(&runs[r], 1, UINT32_MAX - 300 - 900 * (uint32_t)(r - 2));
    assert_true(runs[0].n >= MIX_EVENTS);
    int ties = 0;
    for (int i = 1; i < runs[0].n; i++) {
        assert_true(runs[0].when[i - 1] <= runs[0].when[i]);
        ties += runs[0].when[i - 1] == runs[0].when[i];
    }
    assert_true(ties > 100); /* the order of ties is tested, not only that of times */
    for (int r = 1; r < RUNS; r++) {
        assert_int_equal(runs[r].n, runs[0].n);
        assert_memory_equal(runs[r].log, runs[0].log, runs[0].n * sizeof runs[0].log[0]);
        assert_memory_equal(runs[r].when, runs[0].when, runs[0].n * sizeof runs[0].when[0]);
    }
}

/* The indexed heap (iheap.h) against a plain array scanned for its minimum, over 20,000 random
 * sets, changes of key (up and down), removals and clears; ties go to the lower item. */
static void iheap_agrees_with_a_scan(void **state)
{
    (void)state;
    enum { N = 257 };
    iheap *h = iheap_new(N);
    assert_non_null(h);
    double key[N];
    int in[N] = {0};
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 5);
    for (int step = 0; step < 20000; step++) {
        uint32_t i = (uint32_t)gsl_rng_uniform_int(g, N);
        unsigned what = (unsigned)gsl_rng_uniform_int(g, 10);
        if (what < 6) {
            key[i] = (double)gsl_rng_uniform_int(g, 50); /* ties are frequent */
            iheap_set(h, i, key[i]);
            in[i] = 1;
        } else if (what < 9) {
            iheap_remove(h, i);
            in[i] = 0;
        } else if (step % 1000 == 999) {
            iheap_clear(h);
            memset(in, 0, sizeof in);
        }
        uint32_t n = 0, best = N;
        for (uint32_t k = 0; k < N; k++) {
            assert_int_equal(iheap_has(h, k), in[k]);
            if (!in[k]) continue;
            n++;
            if (best == N || key[k] < key[best]) best = k;
        }
        assert_int_equal(iheap_size(h), n);
        if (n) {
            double k;
            assert_int_equal(iheap_min(h, &k), best);
            assert_true(k == key[best]);
        }
    }
    gsl_rng_free(g);
    iheap_free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(events_run_in_time_order, setup, teardown),
        cmocka_unit_test(iheap_agrees_with_a_scan),
        cmocka_unit_test_setup_teardown(ties_resolve_in_scheduling_order, setup, teardown),
        cmocka_unit_test_setup_teardown(ties_keep_order_after_bulk_heapify_too, setup, teardown),
        cmocka_unit_test_setup_teardown(rescheduling_replaces_the_pending_event, setup, teardown),
        cmocka_unit_test_setup_teardown(cancel_drops_the_event, setup, teardown),
        cmocka_unit_test_setup_teardown(run_stops_at_until_limit_and_stop, setup, teardown),
        cmocka_unit_test_setup_teardown(reset_empties_queue_and_clock, setup, teardown),
        cmocka_unit_test_setup_teardown(random_operations_match_a_reference, setup, teardown),
        cmocka_unit_test_setup_teardown(sequence_numbers_wrap_without_reordering, setup, teardown),
        cmocka_unit_test_setup_teardown(sequence_wrap_keeps_dead_events_dead, setup, teardown),
        cmocka_unit_test_setup_teardown(lane_events_interleave_with_heap_events, setup, teardown),
        cmocka_unit_test_setup_teardown(sequence_wrap_keeps_lanes_in_order, setup, teardown),
        cmocka_unit_test(soon_events_run_in_the_same_order),
    };
    return cmocka_run_group_tests_name("engine", tests, NULL, NULL);
}
