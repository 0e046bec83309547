/*
 * job: a training job that computes, checkpoints, loses work to failures and restores.
 *
 * States: computing, checkpointing, down (some slot empty), restoring, done. The job needs
 * `work` hours of computation; after every checkpoint interval of computation since the last
 * checkpoint or restore it writes a checkpoint, except once the work is complete (completion wins
 * a tie). A failure while computing or checkpointing loses the computation since the last
 * completed checkpoint plus the checkpoint time spent (lost_h); a failure while restoring keeps
 * the time spent in restart_h. When every slot is up again the job restores and computes on from
 * its last checkpoint. With full_every, checkpoint m (by position in the work) is full when
 * full_every divides m, else incremental (its own cost), and a restore to checkpoint m adds the
 * restores of the incrementals since the last full (chained) or of the newest (cumulative).
 * With [sdc], silent data corruption strikes after its ttf of computation; every checkpoint
 * written after a strike is corrupt; the strike's detection, its detect latency later (wall
 * time), rolls the job back to the newest retained checkpoint older than the strike (of the keep
 * newest), or to the start when none is left (unrecoverable), and the job restores it.
 * With [tier.NAME] sections (tiers.h) each checkpoint is written to its tier (sync: a stall of
 * the tier's cost; async: a snapshot stall, then a background write that commits later and that
 * the next checkpoint waits for), failures destroy the copies their reach destroys, and a
 * restore takes the newest checkpoint held anywhere from the lowest tier holding it, waiting for
 * a tier that is down if no other holds it. docs/model.md states the rules in full.
 */
#ifndef RELSIM_SIM_MODEL_JOB_H
#define RELSIM_SIM_MODEL_JOB_H

#include <stdint.h>

#include "sim/engine/engine.h"
#include "sim/scenario/scn.h"
#include "sim/engine/stream.h"

typedef struct job job;

typedef struct {
    int completed;
    double end;          /* completion time (when completed) */
    double useful_h;     /* computation kept: checkpointed, or the whole work on completion */
    double unsaved_h;    /* computation done but not yet checkpointed when the horizon came */
    double lost_h;       /* computation and checkpoint time thrown away by failures */
    double checkpoint_h; /* time spent in completed checkpoints */
    double restart_h;    /* time spent restoring */
    uint64_t checkpoints;
    uint64_t full_checkpoints;        /* of them, full (all of them without full_every) */
    uint64_t incremental_checkpoints; /* of them, incremental */
    uint64_t sdc_strikes;             /* silent data corruptions that struck */
    uint64_t sdc_recovered;           /* detected, rolled back to a clean retained checkpoint */
    uint64_t sdc_unrecoverable;       /* detected with none retained: started again */
    /* interruptions (a failure or a rollback that stopped the job) recovered from: the work each
     * lost (position when it struck minus the checkpoint restored) and the time from it to
     * computing again; one still open at the end is not counted */
    uint64_t interruptions;
    double rpo_total_h, rto_total_h, rpo_max_h, rto_max_h;
    uint64_t async_lost;      /* asynchronous checkpoints (snapshot or write) a failure cut short */
    uint64_t async_committed; /* asynchronous writes that committed */
    double storage_wait_h; /* restores waiting for a tier to come back (also in restart_h) */
    /* [site]: the disasters recovered from (the interruptions they started or joined): work
     * lost, time to computing again; at every disaster, the age of the newest remote copy (since
     * its copy began; since the start without one); copies landed */
    uint64_t site_recovered, remote_copies;
    double site_rpo_total_h, site_rto_total_h, site_copy_age_total_h;
    /* per tier ([tier.NAME], in scn order) */
    uint64_t restores[SCN_MAX_TIERS], skipped[SCN_MAX_TIERS];
    double checkpoint_tier_h[SCN_MAX_TIERS], restart_tier_h[SCN_MAX_TIERS];
} job_stats;

/* 1 if the job of scenario s advances in closed form between disruptions (job.c: the plain job,
 * with or without full_every chains, fixed or random costs); 0 if it runs an event at every
 * phase end (tiers, [sdc], [site], costs of zero). RELSIM_JOB_STEP=1 in the environment makes
 * every job run phase by phase (the tests compare the two). */
int job_leaps(const scn *s);

/* Registers the job's timer with engine e. NULL if out of memory. */
job *job_new(const scn *s, engine *e, stream *r);
void job_free(job *j);

/* Starts the job computing at time 0 (every slot is up). */
int job_reset(job *j);

/* Told with computing = 1 when the job starts computing and 0 when it stops (a segment ends,
 * a failure or a rollback stops it): the cluster's work clock (cluster_on_work). */
typedef void (*job_work_listener)(void *ctx, int computing);
void job_set_work_listener(job *j, job_work_listener fn, void *ctx);

/* The cluster's listener: all_up = 0 when a slot empties, 1 when every slot is up again. */
void job_on_cluster(void *j, int all_up);

/* The cluster's loss listener (cluster_loss_listener): a failure in `slot` of reach `level`. */
void job_on_loss(void *j, uint32_t slot, int level);

int job_done(const job *j);

/* The job's figures at time `end` (the trial's end): work in progress at a horizon counts as
 * useful, a checkpoint in progress as checkpoint time, a restore in progress as restart time. */
void job_finish(const job *j, double end, job_stats *out);

/* The phase ends (segment and checkpoint ends) up to `end` that the job passed without an event
 * of its own (job_leaps): the events the phase-by-phase path would have run beside the
 * engine's. The safety limit of events counts them (world.c). */
uint64_t job_leapt(const job *j, double end);

/* 1 if scheduling ran out of memory during the trial. */
int job_failed(const job *j);

#endif
