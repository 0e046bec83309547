/*
 * job: the job state machine (see job.h). One timer: the end of the current phase (a compute
 * segment, a checkpoint or a restore). Committed work is counted in whole checkpoint intervals
 * so that no rounding accumulates over thousands of checkpoints.
 */
#include "sim/model/job.h"
#include "sim/model/draw.h"

#include <math.h>
#include <stdlib.h>

enum { J_COMPUTE, J_CHECKPOINT, J_DOWN, J_RESTORE, J_DONE };

/* Stream purposes of the job's incrementals (full + incremental chains), apart from those of
 * full checkpoints and restores so that a scenario without chains draws exactly what it drew
 * before the chains existed. Beyond stream.h's purposes and below STREAM_TEST. */
enum { JOB_STREAM_INCREMENTAL = 100, JOB_STREAM_INC_RESTORE = 101 };

/* Stream purposes of silent data corruption ([sdc]): the k-th strike's computation time since the
 * previous one was resolved, and its detection latency. A scenario without [sdc] draws neither. */
enum { JOB_STREAM_SDC_STRIKE = 102, JOB_STREAM_SDC_DETECT = 103 };

/* The job's timers: the end of the current phase; with [sdc], a strike (set only while computing)
 * and a strike's detection (wall time). Without [sdc] the class has the phase timer alone. */
enum { T_PHASE, T_STRIKE, T_DETECT };

/* A remaining amount of work within this relative distance of the interval is the last segment:
 * "6m" is 0.1 h, and k * 0.1 does not add up exactly. */
#define TIE_REL 1e-9

struct job {
    const scn *s;
    engine *e;
    stream *r;
    int cls;
    int state;
    int failed;
    double interval;   /* hours of computation between checkpoints (INFINITY: none) */
    uint64_t segments; /* checkpoints completed: committed work = segments * interval */
    double t0;         /* start of the current phase */
    double cost;       /* duration of the current checkpoint or restore */
    int full;          /* the checkpoint in progress is full (else incremental) */
    uint32_t k_ckpt, k_restart, k_inc, k_inc_restore;
    /* [sdc]: the computation left before the next strike (its clock runs only while computing and
     * stands still while a strike is pending); the pending strike's newest clean checkpoint; the
     * oldest checkpoint retained (those retained are oldest .. segments) */
    int sdc, sdc_pending;
    double sdc_left;
    uint64_t sdc_base, oldest;
    uint32_t k_strike, k_detect;
    job_stats st;
};

static double committed(const job *j)
{
    return j->segments ? (double)j->segments * j->interval : 0.0;
}

static void at_id(job *j, uint32_t id, double t)
{
    if (engine_schedule(j->e, j->cls, id, t)) {
        j->failed = 1;
        engine_stop(j->e);
    }
}

static void at(job *j, double t)
{
    at_id(j, T_PHASE, t);
}

static void draw_strike(job *j)
{
    j->sdc_left = draw_law(&j->s->sdc_ttf, j->r, STREAM_JOB, JOB_STREAM_SDC_STRIKE, j->k_strike++);
}

/* Leaving a phase of computation at `now`: the strike clock has run for its length. */
static void stop_computing(job *j, double now)
{
    if (!j->sdc || j->sdc_pending) return;
    j->sdc_left -= now - j->t0;
    if (j->sdc_left < 0) j->sdc_left = 0;
    engine_cancel(j->e, j->cls, T_STRIKE);
}

/* Starts computing from the last checkpoint: the phase ends at the next checkpoint or at
 * completion, whichever comes first (completion on a tie). */
static void compute(job *j)
{
    double now = engine_now(j->e), left = j->s->work - committed(j);
    double len = left <= j->interval * (1 + TIE_REL) ? left : j->interval;
    j->state = J_COMPUTE;
    j->t0 = now;
    at(j, now + len);
    if (j->sdc && !j->sdc_pending && j->sdc_left < len) at_id(j, T_STRIKE, now + j->sdc_left);
}

/* Starts restoring checkpoint `segments` (a failure's, or a detected corruption's rollback). */
static double incremental_restores(job *j);
static void restore(job *j, double now)
{
    j->state = J_RESTORE;
    j->t0 = now;
    j->cost = draw_law(&j->s->restart_cost, j->r, STREAM_JOB, STREAM_RESTART, j->k_restart++);
    if (j->s->full_every) j->cost += incremental_restores(j);
    at(j, now + j->cost);
}

/* A strike while computing: every checkpoint from the next on is corrupt until its detection. */
static void on_strike(job *j, double now)
{
    j->sdc_pending = 1;
    j->sdc_base = j->segments;
    j->st.sdc_strikes++;
    double x = draw_law(&j->s->sdc_detect, j->r, STREAM_JOB, JOB_STREAM_SDC_DETECT, j->k_detect++);
    at_id(j, T_DETECT, now + x);
}

/* What an interruption (a failure, a rollback) does to the phase in progress: computation and a
 * checkpoint in progress are lost (the checkpoint with the segment it was saving), a restore's
 * time so far stays restore time. */
static void interrupt_phase(job *j, double now)
{
    switch (j->state) {
    case J_COMPUTE:
        j->st.lost_h += now - j->t0;
        break;
    case J_CHECKPOINT:
        j->st.lost_h += j->interval + (now - j->t0);
        break;
    case J_RESTORE:
        j->st.restart_h += now - j->t0;
        break;
    }
}

/* A strike detected: back to its newest clean checkpoint if it is still retained, else to the
 * start; the work since is lost and the job restores it (at once, or once every slot is up). */
static void on_detect(job *j, double now)
{
    uint64_t target = j->sdc_base;
    double before = committed(j);
    j->sdc_pending = 0;
    draw_strike(j);
    if (target >= j->oldest) {
        j->st.sdc_recovered++;
    } else {
        j->st.sdc_unrecoverable++;
        target = 0;
        j->oldest = 0;
    }
    interrupt_phase(j, now);
    j->segments = target;
    j->st.lost_h += before - committed(j);
    if (j->state == J_DOWN) return; /* restores the target once every slot is up */
    engine_cancel(j->e, j->cls, T_PHASE);
    restore(j, now);
}

static void on_timer(void *ctx, uint32_t id)
{
    job *j = ctx;
    double now = engine_now(j->e);
    if (id == T_STRIKE) {
        stop_computing(j, now);
        on_strike(j, now);
        return;
    }
    if (id == T_DETECT) {
        on_detect(j, now);
        return;
    }
    switch (j->state) {
    case J_COMPUTE: {
        stop_computing(j, now);
        double left = j->s->work - committed(j);
        if (left <= j->interval * (1 + TIE_REL)) {
            j->state = J_DONE;
            j->st.completed = 1;
            j->st.end = now;
            j->st.useful_h = j->s->work;
            engine_stop(j->e);
            return;
        }
        j->state = J_CHECKPOINT;
        j->t0 = now;
        /* checkpoint m = segments + 1, by its position in the work */
        j->full = !j->s->full_every || (j->segments + 1) % j->s->full_every == 0;
        if (j->full)
            j->cost = draw_law(&j->s->ckpt_cost, j->r, STREAM_JOB, STREAM_CHECKPOINT, j->k_ckpt++);
        else
            j->cost =
                draw_law(&j->s->inc_cost, j->r, STREAM_JOB, JOB_STREAM_INCREMENTAL, j->k_inc++);
        at(j, now + j->cost);
        break;
    }
    case J_CHECKPOINT:
        j->segments++;
        if (j->s->sdc_keep && j->segments - j->oldest >= j->s->sdc_keep)
            j->oldest = j->segments - j->s->sdc_keep + 1;
        j->st.checkpoints++;
        if (j->full)
            j->st.full_checkpoints++;
        else
            j->st.incremental_checkpoints++;
        j->st.checkpoint_h += j->cost;
        compute(j);
        break;
    case J_RESTORE:
        j->st.restart_h += j->cost;
        compute(j);
        break;
    }
}

job *job_new(const scn *s, engine *e, stream *r)
{
    job *j = calloc(1, sizeof *j);
    if (!j) return NULL;
    j->s = s;
    j->e = e;
    j->r = r;
    j->interval = s->ckpt.interval;
    j->sdc = s->has_sdc;
    j->cls = engine_add_class(e, on_timer, j, j->sdc ? 3 : 1);
    if (j->cls < 0) {
        free(j);
        return NULL;
    }
    return j;
}

void job_free(job *j)
{
    free(j);
}

int job_reset(job *j)
{
    j->segments = 0;
    j->k_ckpt = j->k_restart = j->k_inc = j->k_inc_restore = 0;
    j->failed = 0;
    j->st = (job_stats){0};
    j->oldest = 0;
    j->sdc_pending = 0;
    j->k_strike = j->k_detect = 0;
    if (j->sdc) draw_strike(j);
    compute(j);
    return j->failed ? -1 : 0;
}

/* The incrementals a restore to checkpoint m = segments applies after its full one: chained, every
 * one since the last full (m mod full_every); cumulative, the newest only (if m is not full). The
 * start (m = 0) counts as full. A fixed law adds n times its value (the closed form's sum). */
static double incremental_restores(job *j)
{
    const scn *s = j->s;
    uint64_t n = j->segments % s->full_every;
    if (s->inc_cumulative && n) n = 1;
    if (s->inc_restore_cost.kind == DIST_FIXED) return (double)n * s->inc_restore_cost.p1;
    double sum = 0;
    for (uint64_t i = 0; i < n; i++)
        sum += draw_law(&s->inc_restore_cost, j->r, STREAM_JOB, JOB_STREAM_INC_RESTORE,
                        j->k_inc_restore++);
    return sum;
}

void job_on_cluster(void *ctx, int all_up)
{
    job *j = ctx;
    double now = engine_now(j->e);
    if (j->state == J_DONE) return;
    if (!all_up) {
        if (j->state == J_COMPUTE) stop_computing(j, now);
        interrupt_phase(j, now);
        engine_cancel(j->e, j->cls, T_PHASE);
        /* the restore goes back to checkpoint `segments`: if it is the pending strike's clean
         * one, the corrupt state is thrown away with the failure, and the strike with it */
        if (j->sdc_pending && j->segments == j->sdc_base) {
            j->sdc_pending = 0;
            engine_cancel(j->e, j->cls, T_DETECT);
            draw_strike(j);
        }
        j->state = J_DOWN;
        return;
    }
    restore(j, now);
}

int job_done(const job *j)
{
    return j->state == J_DONE;
}

int job_failed(const job *j)
{
    return j->failed;
}

void job_finish(const job *j, double end, job_stats *out)
{
    *out = j->st;
    switch (j->state) {
    case J_COMPUTE: /* computation since the last checkpoint is not saved: not yet useful */
        out->useful_h = committed(j);
        out->unsaved_h = end - j->t0;
        break;
    case J_CHECKPOINT: /* the segment being saved is saved only when its checkpoint ends */
        out->useful_h = committed(j);
        out->unsaved_h = j->interval;
        out->checkpoint_h += end - j->t0;
        break;
    case J_RESTORE:
        out->useful_h = committed(j);
        out->restart_h += end - j->t0;
        break;
    case J_DOWN:
        out->useful_h = committed(j);
        break;
    }
}
