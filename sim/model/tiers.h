/*
 * tiers: the places a job's checkpoints are kept ([tier.NAME] sections): which checkpoint each
 * tier holds, which tiers are up, and which copies a failure destroys. The job (job.c) decides
 * when to write and restore; this module answers where, and keeps the books.
 *
 * Tiers are indexed 0 .. ntier-1 in the order of scn_load (by `every`, ascending: tier 0 has
 * every = 1). Each tier holds its newest checkpoint only (a number m of positions in the work,
 * 0 the start), or nothing. Rules (docs/model.md, "Storage tiers"):
 * - checkpoint m is due at the tier of the largest `every` dividing m (tiers_due); written there
 *   it is also kept at every up tier of smaller every (tiers_keep);
 * - a failure of reach level r (SCN_LOST_PROCESS, SCN_LOST_NODE) in slot `slot` destroys the
 *   copies of every tier with lost_on <= r; a tier with redundancy partner or xor loses its copy
 *   only when the slots failed since its copy was written exceed what the scheme survives: two
 *   neighbours on the ring (partner: slot i's copy is on slot i+1), two slots of one set of
 *   set_size consecutive ones (xor) (tiers_lose);
 * - the newest checkpoint held anywhere is restored from the up tier of smallest every holding it
 *   (tiers_source); a completed restore puts it back at every up tier and rebuilds their
 *   redundancy sets (tiers_restored);
 * - a tier with ttf and ttr goes down and comes back in wall time (its own timers in the engine);
 *   a write or a restore in progress when it goes down completes; the job hears when one comes
 *   back up (tiers_set_listener).
 * Random numbers: the tier's outages come from stream (STREAM_JOB, TIERS_STREAM + 2 i, k) and
 * (..., TIERS_STREAM + 2 i + 1, k), k the outage number: a scenario without tiers draws none.
 */
#ifndef RELSIM_SIM_MODEL_TIERS_H
#define RELSIM_SIM_MODEL_TIERS_H

#include <stdint.h>

#include "sim/engine/engine.h"
#include "sim/engine/stream.h"
#include "sim/scenario/scn.h"

/* Stream purposes of the tiers' outages (below the job's cost draws, job.c). */
#define TIERS_STREAM 120u

/* A tier that holds nothing. */
#define TIERS_NONE UINT64_MAX

typedef struct tiers tiers;

/* Registers the outage timers (one per tier) with engine e. NULL if out of memory. */
tiers *tiers_new(const scn *s, engine *e, stream *r);
void tiers_free(tiers *t);

/* Called when a tier comes back up (a restore waiting for it may go on). */
void tiers_set_listener(tiers *t, void (*on_up)(void *ctx), void *ctx);
/* Called as a tier goes down or comes back up: just before (before = 1, the tiers as they were)
 * and just after (0), ahead of the listener above (a job that stands for its own events brings
 * them up to now first, then plans again). */
void tiers_set_change_listener(tiers *t, void (*on_change)(void *ctx, int before), void *ctx);

/* A trial starts: every tier up and holding the start (0); first outages scheduled. -1 if out
 * of memory. */
int tiers_reset(tiers *t);

int tiers_up(const tiers *t, int i);

/* The tier checkpoint m (>= 1) is due at. */
int tiers_due(const tiers *t, uint64_t m);

/* The tier that writes checkpoint m: the due one if up, else the highest up tier below it
 * (*skipped = the due tier, whose write is skipped, else -1); -1 if none below is up. */
int tiers_writer(const tiers *t, uint64_t m, int *skipped);

/* Checkpoint m is held at tier i (its write committed): it replaces the tier's copy. */
void tiers_hold(tiers *t, int i, uint64_t m);

/* Checkpoint m is kept at every up tier below i (a write to i keeps it at the lower levels). */
void tiers_keep(tiers *t, int i, uint64_t m);

/* A failure of reach level `level` in slot `slot`: destroys what it destroys. */
void tiers_lose(tiers *t, uint32_t slot, int level);

/* The newest checkpoint held by any tier (0 if none holds anything: the job starts again) and
 * the up tier of smallest every holding it (*src; -1 if every holder is down; tier 0 when none
 * holds anything and tier 0 is up). */
uint64_t tiers_source(const tiers *t, int *src);

/* A restore of checkpoint m completed: every up tier holds m, its redundancy rebuilt. */
void tiers_restored(tiers *t, uint64_t m);

/* The checkpoint tier i holds (TIERS_NONE: nothing). */
uint64_t tiers_held(const tiers *t, int i);

/* 1 if scheduling ran out of memory. */
int tiers_failed(const tiers *t);

#endif
