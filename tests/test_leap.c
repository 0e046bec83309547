/*
 * The job's closed-form advance (job.c, docs/model.md "Events"): a leaping job gives, figure for
 * figure and bit for bit, what the phase-by-phase path (RELSIM_JOB_STEP=1) gives.
 *
 * 1. Ties: a scripted stand-in for the cluster takes the job down exactly at a phase end (one of
 *    many, worked out here with the job's own arithmetic and draws), the disruption scheduled
 *    before the phase began, at its beginning or during it, directly or by an event of its own;
 *    both paths must order it the same way against the phase end.
 * 2. Whole trials: every gallery scenario and a few more shapes (random costs, chains, horizons,
 *    1-minute intervals, hot spares), many trials, every column of the trial's row but events,
 *    which must not rise.
 */
#include "tests/testutil.h"
#include "tests/testscn.h"
#include "models/metric.h"
#include "sim/engine/engine.h"
#include "sim/engine/stream.h"
#include "sim/model/draw.h"
#include "sim/model/job.h"
#include "sim/model/world.h"
#include "sim/scenario/scn.h"

#include <dirent.h>
#include <gsl/gsl_errno.h>
#include <stdlib.h>
#include <string.h>

static void set_step(int step)
{
    if (step)
        setenv("RELSIM_JOB_STEP", "1", 1);
    else
        unsetenv("RELSIM_JOB_STEP");
}

/* ------------------------------------------------------------------ 1. ties */

/* The stand-in cluster's timers: 0 takes the job down (and schedules 1, bringing it back an hour
 * later); 2, when it fires, schedules 0 at `down_at`. */
typedef struct {
    engine *e;
    job *j;
    int cls;
    double down_at;
} fake;

static void fake_timer(void *ctx, uint32_t id)
{
    fake *f = ctx;
    double now = engine_now(f->e);
    if (id == 0) {
        job_on_cluster(f->j, 0);
        assert_int_equal(engine_schedule(f->e, f->cls, 1, now + 1.0), 0);
    } else if (id == 1) {
        job_on_cluster(f->j, 1);
    } else {
        assert_int_equal(engine_schedule(f->e, f->cls, 0, f->down_at), 0);
    }
}

/* How the disruption at `down_at` is scheduled. */
enum { BEFORE_RESET, AFTER_RESET, BY_EVENT };

typedef struct {
    job_stats st;
    int done;
    double now;
    uint64_t events, leapt;
} outcome;

/* Runs the trial set up in e, r and j to its end (the horizon, or 100 times the work), frees
 * them, and gives its outcome. */
static outcome run_out(const scn *s, engine *e, stream *r, job *j)
{
    double until = isfinite(s->horizon) ? s->horizon : 100 * s->work;
    engine_run(e, until, 100000000);
    outcome o = {0};
    o.done = job_done(j);
    o.now = o.done ? engine_now(e) : until;
    job_finish(j, o.now, &o.st);
    o.events = engine_events(e);
    o.leapt = job_leapt(j, o.now);
    job_free(j);
    stream_free(r);
    engine_free(e);
    set_step(0);
    return o;
}

/* One trial of scenario s with the stand-in cluster: the job goes down at down_at, scheduled at
 * time 0 before or after the job's start, or by an event at spawn_at (scheduled at 0 first). */
static outcome tie_trial(const scn *s, int step, int how, double down_at, double spawn_at)
{
    set_step(step);
    engine *e = engine_new();
    stream *r = stream_new();
    assert_non_null(e);
    assert_non_null(r);
    fake f = {e, NULL, 0, down_at};
    f.cls = engine_add_class(e, fake_timer, &f, 3);
    job *j = job_new(s, e, r);
    assert_non_null(j);
    f.j = j;
    stream_set_trial(r, s->seed, 0);
    engine_reset(e);
    if (how == BEFORE_RESET) assert_int_equal(engine_schedule(e, f.cls, 0, down_at), 0);
    if (how == BY_EVENT) assert_int_equal(engine_schedule(e, f.cls, 2, spawn_at), 0);
    assert_int_equal(job_reset(j), 0);
    if (how == AFTER_RESET) assert_int_equal(engine_schedule(e, f.cls, 0, down_at), 0);
    return run_out(s, e, r, j);
}

static void assert_same_stats(const job_stats *a, const job_stats *b, const char *what)
{
    int same = a->completed == b->completed && a->end == b->end && a->useful_h == b->useful_h &&
               a->unsaved_h == b->unsaved_h && a->lost_h == b->lost_h &&
               a->checkpoint_h == b->checkpoint_h && a->restart_h == b->restart_h &&
               a->checkpoints == b->checkpoints && a->full_checkpoints == b->full_checkpoints &&
               a->incremental_checkpoints == b->incremental_checkpoints &&
               a->interruptions == b->interruptions && a->rpo_total_h == b->rpo_total_h &&
               a->rto_total_h == b->rto_total_h && a->rpo_max_h == b->rpo_max_h &&
               a->rto_max_h == b->rto_max_h;
    if (!same)
        fail_msg("%s: leap and step differ: checkpoints %llu/%llu lost %.17g/%.17g useful "
                 "%.17g/%.17g ckpt_h %.17g/%.17g completed %d/%d",
                 what, (unsigned long long)a->checkpoints, (unsigned long long)b->checkpoints,
                 a->lost_h, b->lost_h, a->useful_h, b->useful_h, a->checkpoint_h,
                 b->checkpoint_h, a->completed, b->completed);
}

/* The phase ends of the job without disruption, as the events compute them (now + length, the
 * costs drawn by index): b[0] = 0, b[1] the first compute end, b[2] the first checkpoint end... */
static int phase_ends(const scn *s, double *b, int n)
{
    stream *r = stream_new();
    stream_set_trial(r, s->seed, 0);
    double t = 0, iv = s->ckpt.interval;
    uint64_t seg = 0;
    uint32_t kf = 0, ki = 0;
    int m = 0;
    b[m++] = 0;
    while (m + 2 < n) {
        double left = s->work - (seg ? (double)seg * iv : 0.0);
        if (left <= iv * (1 + 1e-9)) {
            b[m++] = t + left;
            break;
        }
        t = t + iv;
        b[m++] = t;
        int full = !s->full_every || (seg + 1) % s->full_every == 0;
        double c = full ? draw_law(&s->ckpt_cost, r, STREAM_JOB, STREAM_CHECKPOINT, kf++)
                        : draw_law(&s->inc_cost, r, STREAM_JOB, 100, ki++);
        t = t + c;
        b[m++] = t;
        seg++;
    }
    stream_free(r);
    return m;
}

/* Every way of scheduling a disruption at phase end k (0 < k < m), both paths alike. */
static void ties_at(const scn *s, const double *b, int k, const char *name)
{
    double t0 = b[k - 1], t = b[k], prev = k >= 2 ? b[k - 2] : 0;
    char what[160];
    struct {
        int how;
        double spawn;
        const char *label;
    } ways[] = {
        {BEFORE_RESET, 0, "scheduled at 0 before the start"},
        {AFTER_RESET, 0, "scheduled at 0 after the start"},
        {BY_EVENT, 0.5 * (t0 + t), "scheduled during the phase"},
        {BY_EVENT, 0.5 * (prev + t0), "scheduled during the phase before"},
        {BY_EVENT, t0, "scheduled as the phase began, by an event scheduled first"},
    };
    for (size_t w = 0; w < sizeof ways / sizeof ways[0]; w++) {
        if (ways[w].how == BY_EVENT && !(ways[w].spawn > 0)) continue;
        outcome a = tie_trial(s, 0, ways[w].how, t, ways[w].spawn);
        outcome c = tie_trial(s, 1, ways[w].how, t, ways[w].spawn);
        snprintf(what, sizeof what, "%s: down at phase end %d (%.17g h), %s", name, k, t,
                 ways[w].label);
        assert_same_stats(&a.st, &c.st, what);
        assert_int_equal(a.done, c.done);
        assert_true(a.events <= c.events);
        /* the phase ends without events are the step path's extra events (give or take a block
         * end giving way to an event of its time): what the safety limit counts */
        assert_int_equal(c.leapt, 0);
        assert_true(a.events + a.leapt >= c.events && a.events + a.leapt <= c.events + 1);
    }
}

static void ties_of(const char *text, const char *name, int stride)
{
    scn *s = testscn_load(text, name);
    assert_true(job_leaps(s));
    double b[4096];
    int m = phase_ends(s, b, 4096);
    for (int k = 1; k < m; k += (k < 40 || k > m - 6) ? 1 : stride)
        ties_at(s, b, k, name);
    free(s);
}

/* A hand-worked one: 20 h of work, 4 h interval, checkpoints of 1 h, restore 30 m. Phase ends
 * at 4, 5, 9, 10, 14, 15, 19, 20 and completion at 24. Down at 5 (the first checkpoint's end):
 * scheduled at 0, it comes first (the checkpoint end was scheduled at 4): the checkpoint and its
 * segment are lost (5 h); scheduled at 4.5, after the checkpoint began, the checkpoint completes
 * first and the failure loses nothing. */
static void tie_at_a_checkpoint_end_worked_by_hand(void **state)
{
    (void)state;
    scn *s = testscn_load("[cluster]\nnodes=1\n[component.c]\nttf=1000h\nttr=1h\n"
                          "[job]\nwork=20h\ncheckpoint_interval=4h\ncheckpoint_cost=1h\n"
                          "restart_cost=30m\n",
                          "tie.ini");
    for (int step = 0; step <= 1; step++) {
        outcome o = tie_trial(s, step, BEFORE_RESET, 5.0, 0);
        assert_close(o.st.lost_h, 5.0, 1e-12, 0);
        assert_close(o.st.end, 24 + 5 + 1 + 0.5, 1e-12, 0); /* down 5-6, restore -6.5 */
        o = tie_trial(s, step, BY_EVENT, 5.0, 4.5);
        assert_close(o.st.lost_h, 0.0, 0, 0);
        assert_int_equal(o.st.checkpoints, 4);
        assert_close(o.st.end, 24 + 1 + 0.5, 1e-12, 0);
        /* down exactly at completion, scheduled before the last segment began: the work is
         * lost; scheduled during it: done first */
        o = tie_trial(s, step, BY_EVENT, 24.0, 12.0);
        assert_close(o.st.lost_h, 4.0, 1e-12, 0);
        o = tie_trial(s, step, BY_EVENT, 24.0, 21.0);
        assert_int_equal(o.st.completed, 1);
        assert_close(o.st.end, 24.0, 0, 0);
    }
    free(s);
}

static void ties_with_fixed_costs(void **state)
{
    (void)state;
    ties_of("[cluster]\nnodes=1\n[component.c]\nttf=1000000h\nttr=1h\n"
            "[job]\nwork=20h\ncheckpoint_interval=4h\ncheckpoint_cost=1h\nrestart_cost=30m\n",
            "fixed.ini", 1);
    /* decimal durations (no sum is exact) and enough segments for the whole-cycle jumps */
    ties_of("[cluster]\nnodes=1\n[component.c]\nttf=1000000h\nttr=1h\n"
            "[job]\nwork=300h\ncheckpoint_interval=6m\ncheckpoint_cost=36s\nrestart_cost=1m\n",
            "decimal.ini", 97);
}

static void ties_with_chains(void **state)
{
    (void)state;
    ties_of("[cluster]\nnodes=1\n[component.c]\nttf=1000000h\nttr=1h\n"
            "[job]\nwork=200h\ncheckpoint_interval=20m\ncheckpoint_cost=70s\n"
            "full_every=7\nincremental_cost=13s\nincremental_restore_cost=5s\n"
            "restart_cost=3m\n",
            "chain.ini", 61);
}

static void ties_with_random_costs(void **state)
{
    (void)state;
    /* block ends (16, 32, 64 ... phases) fall among these */
    ties_of("[cluster]\nnodes=1\n[component.c]\nttf=1000000h\nttr=1h\n"
            "[job]\nwork=150h\ncheckpoint_interval=30m\n"
            "checkpoint_cost=lognormal(mean=2m, sd=1m)\nrestart_cost=exponential(mean=5m)\n",
            "random.ini", 5);
}

/* Phase ends at the horizon ran (events at the horizon run): both paths alike. */
static void ties_with_the_horizon(void **state)
{
    (void)state;
    const char *hs[] = {"4h", "5h", "9h", "10h", "24h", "9.5h"};
    for (size_t i = 0; i < sizeof hs / sizeof hs[0]; i++) {
        char text[400];
        snprintf(text, sizeof text,
                 "[scenario]\nhorizon=%s\n[cluster]\nnodes=1\n[component.c]\nttf=1000000h\n"
                 "ttr=1h\n[job]\nwork=20h\ncheckpoint_interval=4h\ncheckpoint_cost=1h\n",
                 hs[i]);
        scn *s = testscn_load(text, "horizon.ini");
        outcome a = tie_trial(s, 0, AFTER_RESET, 1000.0, 0);
        outcome c = tie_trial(s, 1, AFTER_RESET, 1000.0, 0);
        assert_same_stats(&a.st, &c.st, hs[i]);
        free(s);
    }
}

/* A tie after a restore: the job goes down at d and comes back an hour later (a restore of fixed
 * cost R), and goes down again exactly when its compute phase after the restore ends, that
 * disruption scheduled at the restore's end by an event that was itself scheduled before the
 * restore began (so it runs before the restore's end, and the disruption comes first) or after
 * (it runs after the restore's end, which has scheduled the phase's end first). Both paths
 * alike. */
/* Disruptions scheduled by an event scheduled at the start (early) or after a block began: down
 * at d (2 h unless said), back an hour later (a restore, a block), which schedules an event at
 * `spawn` (or it was scheduled at the start), which schedules the second disruption at `second`
 * (then back an hour later), or an event at `relay` that does. */
typedef struct {
    engine *e;
    job *j;
    int cls, ups, early;
    double d, spawn, relay, second;
} fake3;

/* 0 down, 1 up, 2 the spawn (scheduling 3 at relay, or 0 at second if relay < 0), 3 the relay. */
static void fake3_timer(void *ctx, uint32_t id)
{
    fake3 *f = ctx;
    double now = engine_now(f->e);
    if (id == 0) {
        job_on_cluster(f->j, 0);
        assert_int_equal(engine_schedule(f->e, f->cls, 1, now + 1.0), 0);
    } else if (id == 1) {
        job_on_cluster(f->j, 1);
        if (f->ups++ == 0 && !f->early)
            assert_int_equal(engine_schedule(f->e, f->cls, 2, f->spawn), 0);
    } else if (id == 2 && f->relay >= 0) {
        assert_int_equal(engine_schedule(f->e, f->cls, 3, f->relay), 0);
    } else {
        assert_int_equal(engine_schedule(f->e, f->cls, 0, f->second), 0);
    }
}

static outcome late_tie_trial(const scn *s, int step, int early, double d, double spawn,
                              double relay, double second)
{
    set_step(step);
    engine *e = engine_new();
    stream *r = stream_new();
    fake3 f = {e, NULL, 0, 0, early, d, spawn, relay, second};
    f.cls = engine_add_class(e, fake3_timer, &f, 4);
    job *j = job_new(s, e, r);
    assert_non_null(j);
    f.j = j;
    stream_set_trial(r, s->seed, 0);
    engine_reset(e);
    assert_int_equal(engine_schedule(e, f.cls, 0, f.d), 0);
    if (early) assert_int_equal(engine_schedule(e, f.cls, 2, spawn), 0);
    assert_int_equal(job_reset(j), 0);
    return run_out(s, e, r, j);
}

/* A tie after a restore: the job goes down at d and comes back an hour later (a restore of fixed
 * cost R), and goes down again exactly when its compute phase after the restore ends (`len`
 * after it), that disruption scheduled at the restore's end by an event that was itself
 * scheduled before the restore began (so it runs before the restore's end, and the disruption
 * comes first) or after (it runs after the restore's end, which has scheduled the phase's end
 * first). */
static outcome restore_tie_trial(const scn *s, int step, int after, double d, double len)
{
    double restore_end = (d + 1.0) + s->restart_cost.p1;
    return late_tie_trial(s, step, !after, d, restore_end, -1, restore_end + len);
}

static void ties_after_a_restore(void **state)
{
    (void)state;
    /* 8 h of work, a 4 h interval, checkpoints of 1 h, restores of 30 m: down at 6 (1 h of the
     * second segment lost), back at 7, restored at 7.5, the last segment completing at 11.5 */
    scn *s = testscn_load("[cluster]\nnodes=1\n[component.c]\nttf=1000000h\nttr=1h\n"
                          "[job]\nwork=8h\ncheckpoint_interval=4h\ncheckpoint_cost=1h\n"
                          "restart_cost=30m\n",
                          "restore-tie.ini");
    outcome first = restore_tie_trial(s, 1, 0, 6.0, 4.0), later = restore_tie_trial(s, 1, 1, 6.0, 4.0);
    assert_int_equal(later.st.completed, 1); /* the completion came first: done at 11.5 */
    assert_close(later.st.end, 11.5, 0, 0);
    assert_close(later.st.lost_h, 1.0, 1e-12, 0);
    assert_close(first.st.lost_h, 1.0 + 4.0, 1e-12, 0); /* the last segment lost, done later */
    assert_close(first.st.end, 11.5 + 1.0 + 0.5 + 4.0, 1e-12, 0);
    /* and at many downs, the phase after the restore a checkpoint's or the completion's */
    for (double d = 0.25; d < 8.0; d += 0.25) {
        double left = d < 5.0 ? 8.0 : 4.0; /* computation left after the restore */
        double len = left > 4.0 ? 4.0 : left;
        for (int after = 0; after <= 1; after++) {
            outcome a = restore_tie_trial(s, 0, after, d, len);
            outcome c = restore_tie_trial(s, 1, after, d, len);
            char what[128];
            snprintf(what, sizeof what, "down at %g, then at the end of the phase after the "
                     "restore, scheduled %s the restore began", d, after ? "after" : "before");
            assert_same_stats(&a.st, &c.st, what);
        }
    }
    free(s);
}

/* The tiers' figures of two outcomes, bit for bit. */
static void assert_same_tiers(const scn *s, const job_stats *a, const job_stats *b, const char *what)
{
    int same = a->async_lost == b->async_lost && a->async_committed == b->async_committed &&
               a->storage_wait_h == b->storage_wait_h;
    for (int i = 0; i < s->ntier; i++)
        same = same && a->restores[i] == b->restores[i] && a->skipped[i] == b->skipped[i] &&
               a->checkpoint_tier_h[i] == b->checkpoint_tier_h[i] &&
               a->restart_tier_h[i] == b->restart_tier_h[i];
    if (!same)
        fail_msg("%s: the tiers' figures differ: async committed %llu/%llu lost %llu/%llu", what,
                 (unsigned long long)a->async_committed, (unsigned long long)b->async_committed,
                 (unsigned long long)a->async_lost, (unsigned long long)b->async_lost);
}

/* The disruption at every eighth of an hour up to `hours`, scheduled at the start, after it, or by
 * an event from an eighth of an hour to 1.5 h before: both paths alike, the tiers' figures too.
 * Returns the trials compared. */
static int grid_ties(const scn *s, const char *name, int hours)
{
    int ties = 0;
    for (int k = 1; k <= 8 * hours; k++) {
        double d = k / 8.0;
        const double before[] = {0.125, 0.25, 0.5, 1.0, 1.25, 1.5};
        for (int w = 0; w < 8; w++) {
            int how = w == 0 ? BEFORE_RESET : w == 1 ? AFTER_RESET : BY_EVENT;
            double spawn = w >= 2 ? d - before[w - 2] : 0;
            if (how == BY_EVENT && !(spawn > 0)) continue;
            outcome a = tie_trial(s, 0, how, d, spawn);
            outcome c = tie_trial(s, 1, how, d, spawn);
            char what[96];
            snprintf(what, sizeof what, "%s: down at %g h, way %d", name, d, w);
            assert_same_stats(&a.st, &c.st, what);
            assert_same_tiers(s, &a.st, &c.st, what);
            if (a.st.sdc_strikes != c.st.sdc_strikes || a.st.sdc_recovered != c.st.sdc_recovered ||
                a.st.sdc_unrecoverable != c.st.sdc_unrecoverable)
                fail_msg("%s: strikes %llu/%llu", what, (unsigned long long)a.st.sdc_strikes,
                         (unsigned long long)c.st.sdc_strikes);
            assert_int_equal(a.done, c.done);
            assert_true(a.events <= c.events);
            ties++;
        }
    }
    return ties;
}

/* grid_ties for the scenario of `text`, which must leap: more than a thousand trials compared. */
static void grid_ties_of(const char *text, const char *name, int hours)
{
    scn *s = testscn_load(text, name);
    assert_true(job_leaps(s));
    assert_true(grid_ties(s, name, hours) > 1000);
    free(s);
}

/* Ties with tiers: durations on a grid of 1/8 h, so that phase ends, asynchronous commits (a
 * write of 1.5 h outlasts the 1 h interval: the job waits for it), a tier's outages (fixed up
 * and down times) and the disruption fall together. */
static void ties_with_tiers(void **state)
{
    (void)state;
    grid_ties_of("[cluster]\nnodes=2\n[component.c]\nttf=1000000h\nttr=1h\n"
                 "[job]\nwork=24h\ncheckpoint_interval=1h\n"
                 "[tier.local]\nevery=1\ncost=15m\nrestore_cost=15m\nlost_on=node\n"
                 "[tier.pfs]\nevery=3\nmode=async\nsnapshot=15m\nwrite_time=90m\n"
                 "cost=15m\nrestore_cost=45m\nlost_on=never\nttf=7h\nttr=2h\n",
                 "tiers-tie.ini", 36);
}

/* Ties with [sdc]: a strike every 7 h of computation (so at a compute phase's start, where a
 * checkpoint ends), detected an hour later, and the disruption on the same grid. */
static void ties_with_corruption(void **state)
{
    (void)state;
    grid_ties_of("[cluster]\nnodes=2\n[component.c]\nttf=1000000h\nttr=1h\n"
                 "[job]\nwork=24h\ncheckpoint_interval=1h\ncheckpoint_cost=15m\n"
                 "restart_cost=30m\n[sdc]\nttf=7h\ndetect=1h\nkeep=2\n",
                 "sdc-tie.ini", 40);
}

static void ties_scheduled_within_a_block(void **state)
{
    (void)state;
    const char *texts[] = {
        /* plain, fixed costs */
        "[cluster]\nnodes=2\n[component.c]\nttf=1000000h\nttr=1h\n"
        "[job]\nwork=24h\ncheckpoint_interval=1h\ncheckpoint_cost=15m\nrestart_cost=30m\n",
        /* tiers: a sync local tier, an async one whose write outlasts the interval */
        "[cluster]\nnodes=2\n[component.c]\nttf=1000000h\nttr=1h\n"
        "[job]\nwork=24h\ncheckpoint_interval=1h\n"
        "[tier.local]\nevery=1\ncost=15m\nrestore_cost=30m\nlost_on=node\n"
        "[tier.pfs]\nevery=3\nmode=async\nsnapshot=15m\nwrite_time=90m\n"
        "cost=15m\nrestore_cost=45m\nlost_on=never\n",
    };
    int ties = 0;
    for (size_t x = 0; x < sizeof texts / sizeof texts[0]; x++) {
        scn *s = testscn_load(texts[x], "late-tie.ini");
        for (int k = 0; k <= 8 * 30; k++) { /* to the completion */
            double spawn = 3.0 + k / 8.0;
            const double after[] = {0.125, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5};
            /* directly, or relayed by an event scheduled by the spawn (so after the phases
             * begun before it) an eighth or a quarter of an hour later */
            const double relays[] = {-1, 0.125, 0.25};
            for (size_t w = 0; w < sizeof after / sizeof after[0]; w++) {
                for (size_t q = 0; q < sizeof relays / sizeof relays[0]; q++) {
                    double relay = relays[q] < 0 ? -1 : spawn + relays[q];
                    double at = (relay < 0 ? spawn : relay) + after[w];
                    outcome a = late_tie_trial(s, 0, 0, 2.0, spawn, relay, at);
                    outcome c = late_tie_trial(s, 1, 0, 2.0, spawn, relay, at);
                    char what[120];
                    snprintf(what, sizeof what, "%s: spawned at %g h, relayed at %g h, for %g h",
                             x ? "tiers" : "plain", spawn, relay, at);
                    assert_same_stats(&a.st, &c.st, what);
                    assert_same_tiers(s, &a.st, &c.st, what);
                    ties++;
                }
            }
        }
        free(s);
    }
    assert_true(ties > 1000);
}

/* Ties with [site]: every copy to the second site starts on the hour, when checkpoints end too
 * (an interval of 45 m and checkpoints of 15 m), so that a copy reads a checkpoint that ends at
 * its very time, before or after it as the engine orders them; the disruption at every eighth of
 * an hour, scheduled in the ways of ties_with_tiers. Both paths alike. */
static void ties_with_a_second_site(void **state)
{
    (void)state;
    scn *s = testscn_load("[cluster]\nnodes=2\n[component.c]\nttf=1000000h\nttr=1h\n"
                          "[job]\nwork=24h\ncheckpoint_interval=45m\ncheckpoint_cost=15m\n"
                          "restart_cost=30m\n"
                          "[site]\nttf=1000000h\nrto=8h\nreplicate_every=1h\ntransfer_time=30m\n",
                          "site-tie.ini");
    assert_true(job_leaps(s));
    for (int k = 1; k <= 8 * 30; k++) {
        double d = k / 8.0;
        const double before[] = {0.125, 0.25, 0.5, 1.0};
        for (int w = 0; w < 6; w++) {
            int how = w == 0 ? BEFORE_RESET : w == 1 ? AFTER_RESET : BY_EVENT;
            double spawn = w >= 2 ? d - before[w - 2] : 0;
            if (how == BY_EVENT && !(spawn > 0)) continue;
            outcome a = tie_trial(s, 0, how, d, spawn);
            outcome c = tie_trial(s, 1, how, d, spawn);
            char what[96];
            snprintf(what, sizeof what, "site: down at %g h, way %d", d, w);
            assert_same_stats(&a.st, &c.st, what);
            if (a.st.remote_copies != c.st.remote_copies)
                fail_msg("%s: remote copies %llu/%llu", what, (unsigned long long)a.st.remote_copies,
                         (unsigned long long)c.st.remote_copies);
        }
    }
    free(s);
}

/* engine_current and engine_peek: what the job's ordering reads (an event's number, when and by
 * which event it was scheduled). */
static int g_seen;
static engine_origin g_o;
static engine *g_e;

static void peek_timer(void *ctx, uint32_t id)
{
    (void)ctx;
    engine_current(g_e, &g_o);
    g_seen = (int)id;
    if (id == 0) assert_int_equal(engine_schedule(g_e, 0, 2, 7.0), 0); /* at 3, for 7 */
    if (id == 1) {
        double t;
        engine_origin o;
        assert_int_equal(engine_peek(g_e, &t, &o), 1); /* the one from timer 0 */
        assert_close(t, 7.0, 0, 0);
        assert_close(o.when, 3.0, 0, 0);
        assert_int_equal(o.seq, 3);
        assert_int_equal(o.by, 1); /* timer 0's event, number 1 */
    }
}

static void engine_tells_when_an_event_was_scheduled(void **state)
{
    (void)state;
    g_e = engine_new();
    assert_int_equal(engine_add_class(g_e, peek_timer, NULL, 3), 0);
    engine_reset(g_e);
    assert_int_equal(engine_schedule(g_e, 0, 0, 3.0), 0);
    assert_int_equal(engine_schedule(g_e, 0, 1, 5.0), 0);
    assert_int_equal(engine_seq(g_e), 2);
    assert_int_equal(engine_run(g_e, 4.0, 10), 1);
    assert_int_equal(g_o.seq, 1);
    assert_int_equal(g_o.by, 0); /* scheduled between runs */
    assert_close(g_o.when, 0.0, 0, 0);
    assert_int_equal(engine_run(g_e, 6.0, 10), 1);
    assert_int_equal(g_seen, 1);
    assert_int_equal(engine_run(g_e, 8.0, 10), 1);
    assert_int_equal(g_o.seq, 3);
    assert_int_equal(g_o.by, 1);
    assert_close(g_o.when, 3.0, 0, 0);
    double t;
    engine_origin o;
    assert_int_equal(engine_peek(g_e, &t, &o), 0);
    engine_free(g_e);
}

/* ------------------------------------------------------------------ 2. whole trials */

static uint64_t g_leap_events, g_step_events, g_trials;

/* Trials 0 .. n-1 of s both ways: every column but events identical (bit for bit). */
static void compare_trials(const scn *s, uint64_t n, const char *name)
{
    world_plan *plan = world_plan_new(s, 0);
    assert_non_null(plan);
    set_step(0);
    world *wl = world_new(plan);
    set_step(1);
    world *ws = world_new(plan);
    set_step(0);
    assert_non_null(wl);
    assert_non_null(ws);
    char err[400];
    for (uint64_t t = 0; t < n; t++) {
        metric_row a, b;
        int ra = world_run(wl, s->seed, t, &a, err, sizeof err);
        int rb = world_run(ws, s->seed, t, &b, err, sizeof err);
        assert_int_equal(ra, rb);
        if (ra) continue;
        for (int i = 0; i < METRIC_N; i++) {
            if (i == METRIC_events) continue;
            double x = metric_value(&a, i), y = metric_value(&b, i);
            if (memcmp(&x, &y, sizeof x) != 0)
                fail_msg("%s trial %llu: %s %.17g (leap) != %.17g (step)", name,
                         (unsigned long long)t, metric_table[i].name, x, y);
        }
        assert_true(a.events <= b.events);
        g_leap_events += a.events;
        g_step_events += b.events;
        g_trials++;
    }
    world_free(wl);
    world_free(ws);
    world_plan_free(plan);
}

static void compare_text(const char *text, uint64_t n, const char *name)
{
    scn *s = testscn_load(text, name);
    compare_trials(s, n, name);
    free(s);
}

static void gallery_both_ways(void **state)
{
    (void)state;
    const char *dirs[] = {"scenarios", "scenarios/strategies"};
    int files = 0;
    for (size_t d = 0; d < 2; d++) {
        DIR *dir = opendir(dirs[d]);
        assert_non_null(dir);
        struct dirent *de;
        while ((de = readdir(dir))) {
            size_t l = strlen(de->d_name);
            if (l < 5 || strcmp(de->d_name + l - 4, ".ini") != 0) continue;
            char path[512];
            snprintf(path, sizeof path, "%s/%s", dirs[d], de->d_name);
            scn *s = malloc(sizeof *s);
            scn_errors e = {0};
            assert_non_null(s);
            if (scn_load_file(path, s, &e)) {
                scn_errors_print(&e, stderr);
                fail_msg("%s did not load", path);
            }
            scn_errors_free(&e);
            compare_trials(s, s->nodes > 1000 ? 60 : 200, path);
            free(s);
            files++;
        }
        closedir(dir);
    }
    assert_true(files >= 20);
}

#define CL16 "[cluster]\nnodes=16\nspares=1\nrepair_crews=2\n" \
             "[component.gpu]\ncount=8\nttf=exponential(mean=200d)\nttr=lognormal(mean=1d, sd=12h)\n" \
             "[component.sw]\nttf=weibull(shape=0.7, scale=100d)\nttr=30m\n" \
             "[detection]\ntimeout=5m\n[failover]\ntime=10m\n"

static void shapes_both_ways(void **state)
{
    (void)state;
    compare_text(CL16 "[job]\nwork=500h\ncheckpoint_interval=2h\ncheckpoint_cost=3m\n"
                      "restart_cost=10m\n",
                 300, "plain-fixed");
    compare_text(CL16 "[job]\nwork=500h\ncheckpoint_interval=1m\ncheckpoint_cost=2s\n"
                      "restart_cost=10m\n",
                 100, "one-minute");
    compare_text(CL16 "[job]\nwork=500h\ncheckpoint_interval=20m\n"
                      "checkpoint_cost=lognormal(mean=2m, sd=1m)\n"
                      "restart_cost=exponential(mean=10m)\n",
                 300, "plain-random");
    compare_text(CL16 "[job]\nwork=500h\ncheckpoint_interval=15m\ncheckpoint_cost=4m\n"
                      "full_every=8\nincremental_cost=40s\nincremental_restore_cost=20s\n"
                      "restart_cost=6m\n",
                 300, "chain-fixed");
    compare_text(CL16 "[job]\nwork=500h\ncheckpoint_interval=15m\ncheckpoint_cost=4m\n"
                      "full_every=5\nincremental_cost=exponential(mean=40s)\n"
                      "incremental_restore_cost=exponential(mean=20s)\nincremental_chain=cumulative\n"
                      "restart_cost=6m\n",
                 300, "chain-random");
    compare_text("[scenario]\nhorizon=300h\n" CL16
                 "[job]\nwork=500h\ncheckpoint_interval=daly\ncheckpoint_cost=5m\n"
                 "restart_cost=10m\n",
                 300, "horizon");
    compare_text("[cluster]\nnodes=4\nspares=2\nspare_mode=hot\n"
                 "[component.c]\nttf=exponential(mean=300h)\nttr=20h\n"
                 "[job]\nwork=400h\ncheckpoint_interval=1h\ncheckpoint_cost=6m\n",
                 300, "hot-spares");
    compare_text(CL16 "[job]\nwork=300h\n", 100, "no-checkpoints");
    /* tiers: random costs, a tier's outages, partner and xor copies, an async write that
     * outlasts the interval, a horizon */
    compare_text(CL16 "[job]\nwork=400h\ncheckpoint_interval=20m\n"
                      "[tier.local]\nevery=1\ncost=lognormal(mean=10s, sd=5s)\n"
                      "restore_cost=exponential(mean=2m)\nlost_on=node\nredundancy=partner\n"
                      "[tier.xor]\nevery=4\ncost=30s\nrestore_cost=3m\nlost_on=node\n"
                      "redundancy=xor\nset_size=4\n"
                      "[tier.pfs]\nevery=12\nmode=async\nsnapshot=exponential(mean=20s)\n"
                      "write_time=lognormal(mean=30m, sd=10m)\ncost=5m\nrestore_cost=10m\n"
                      "lost_on=never\nttf=exponential(mean=3d)\nttr=lognormal(mean=6h, sd=3h)\n",
                 300, "tiers-random");
    compare_text(CL16 "[job]\nwork=400h\ncheckpoint_interval=5m\n"
                      "[tier.local]\nevery=1\ncost=2s\nrestore_cost=1m\nlost_on=process\n"
                      "[tier.pfs]\nevery=6\nmode=async\nsnapshot=3s\nwrite_time=45m\n"
                      "cost=3s\nrestore_cost=5m\nlost_on=never\nttf=2d\nttr=4h\n",
                 300, "tiers-fixed-waits");
    compare_text("[scenario]\nhorizon=250h\n" CL16 "[job]\nwork=400h\ncheckpoint_interval=30m\n"
                 "[tier.local]\nevery=1\ncost=5s\nrestore_cost=2m\nlost_on=node\n"
                 "[tier.pfs]\nevery=4\ncost=4m\nrestore_cost=8m\nlost_on=never\n"
                 "ttf=exponential(mean=2d)\nttr=exponential(mean=5h)\n",
                 300, "tiers-horizon");
    /* [site]: copies to a second site (their starts read the newest checkpoint), disasters */
    compare_text(CL16 "[job]\nwork=400h\ncheckpoint_interval=30m\ncheckpoint_cost=2m\n"
                      "restart_cost=10m\n"
                      "[site]\nttf=exponential(mean=20d)\nrto=8h\nreplicate_every=1h\n"
                      "transfer_time=lognormal(mean=10m, sd=5m)\n",
                 300, "site-fixed");
    compare_text(CL16 "[job]\nwork=400h\ncheckpoint_interval=30m\n"
                      "checkpoint_cost=lognormal(mean=2m, sd=1m)\nrestart_cost=10m\n"
                      "[site]\nttf=exponential(mean=20d)\nrto=8h\nreplicate_every=45m\n"
                      "transfer_time=6m\n",
                 300, "site-random");
    compare_text(CL16 "[job]\nwork=400h\ncheckpoint_interval=20m\n"
                      "[tier.local]\nevery=1\ncost=10s\nrestore_cost=2m\nlost_on=node\n"
                      "[tier.pfs]\nevery=6\nmode=async\nsnapshot=10s\nwrite_time=30m\n"
                      "cost=10s\nrestore_cost=10m\nlost_on=never\n"
                      "[site]\nttf=exponential(mean=20d)\nrto=8h\nreplicate_every=1h\n"
                      "transfer_time=20m\n",
                 300, "site-tiers");
    /* [sdc]: strikes on the computation clock, detections in wall time, rollbacks; a few
     * checkpoints retained, random costs, fixed laws that strike at phase ends */
    compare_text(CL16 "[job]\nwork=400h\ncheckpoint_interval=1h\ncheckpoint_cost=3m\n"
                      "restart_cost=10m\n"
                      "[sdc]\nttf=exponential(mean=50h)\ndetect=exponential(mean=2h)\nkeep=2\n",
                 300, "sdc-fixed");
    compare_text(CL16 "[job]\nwork=400h\ncheckpoint_interval=30m\n"
                      "checkpoint_cost=lognormal(mean=2m, sd=1m)\n"
                      "restart_cost=exponential(mean=10m)\n"
                      "[sdc]\nttf=weibull(shape=1.5, scale=40h)\ndetect=lognormal(mean=3h, sd=2h)\n",
                 300, "sdc-random");
    compare_text(CL16 "[job]\nwork=300h\ncheckpoint_interval=1h\ncheckpoint_cost=15m\n"
                      "restart_cost=30m\n"
                      "[sdc]\nttf=7h\ndetect=1h\nkeep=3\n",
                 300, "sdc-fixed-laws");
    compare_text(CL16 "[job]\nwork=300h\ncheckpoint_interval=1h\ncheckpoint_cost=15m\n"
                      "restart_cost=30m\n"
                      "[sdc]\nttf=exponential(mean=30h)\ndetect=1h\n"
                      "[site]\nttf=exponential(mean=20d)\nrto=8h\nreplicate_every=1h\n"
                      "transfer_time=20m\n",
                 300, "sdc-site");
    print_message("events per trial: %.1f leaping, %.1f phase by phase (%llu trials)\n",
                  (double)g_leap_events / (double)g_trials,
                  (double)g_step_events / (double)g_trials, (unsigned long long)g_trials);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(engine_tells_when_an_event_was_scheduled),
        cmocka_unit_test(tie_at_a_checkpoint_end_worked_by_hand),
        cmocka_unit_test(ties_with_fixed_costs),
        cmocka_unit_test(ties_with_chains),
        cmocka_unit_test(ties_with_random_costs),
        cmocka_unit_test(ties_with_the_horizon),
        cmocka_unit_test(ties_after_a_restore),
        cmocka_unit_test(ties_with_tiers),
        cmocka_unit_test(ties_with_corruption),
        cmocka_unit_test(ties_scheduled_within_a_block),
        cmocka_unit_test(ties_with_a_second_site),
        cmocka_unit_test(gallery_both_ways),
        cmocka_unit_test(shapes_both_ways),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
