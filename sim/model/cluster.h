/*
 * cluster: the cluster: slots, nodes, spares, failure detection, failover and repair crews.
 *
 * The rules are those of docs/model.md: a failure empties its slot at once; the failure is
 * detected after the detection latency; the failed node then queues for a repair crew (first come
 * first served) and its slot takes the spare that has waited longest in the pool, which takes the
 * failover time to swap in; with no spare free, the slot queues for the next repaired node. Nodes
 * in slots always age; spares age only when hot; failed nodes do not age. A failure of a
 * process-reach component (scn_component.reach) instead keeps the node in its slot, which stays
 * empty for the detection delay and the component's ttr, without spare or crew, the node not
 * ageing; on a spare it renews the component and nothing else.
 *
 * Failure domains ([domain.NAME]): each domain of consecutive slots alternates between up (ttf)
 * and down (ttr) in wall time; while it is down its slots are down, their nodes neither failed
 * nor ageing, and whatever happens to a slot meanwhile (a swap, a restart in place) completes
 * but leaves it down until the domain is back (docs/model.md, "Failure domains"). A [site] is
 * one more such domain, of every slot: its disaster (ttf) takes the cluster down for its rto,
 * reach site (docs/model.md, "Sites").
 *
 * The cluster tells a listener (the job) when the cluster goes from every slot up to some slot
 * empty and back, and a second one of every failure of a node in a slot and its reach (and of
 * every domain failure, reach domain).
 */
#ifndef RELSIM_SIM_MODEL_CLUSTER_H
#define RELSIM_SIM_MODEL_CLUSTER_H

#include <stdint.h>

#include "sim/engine/engine.h"
#include "sim/model/life.h"
#include "sim/scenario/scn.h"
#include "sim/engine/stream.h"

typedef struct cluster cluster;

/* all_up = 1: every slot holds a working node again; 0: a slot has just been emptied. */
typedef void (*cluster_listener)(void *ctx, int all_up);

/* A node in slot `slot` has just failed, with reach level `level` (SCN_LOST_PROCESS or
 * SCN_LOST_NODE), or the failure domain starting at slot `slot` (SCN_LOST_DOMAIN): told of every such failure, whether or not the job was running, before the
 * all_up = 0 call it may cause (the job's storage tiers lose copies with it). */
typedef void (*cluster_loss_listener)(void *ctx, uint32_t slot, int level);

typedef struct {
    uint64_t failures;         /* failures of nodes in slots (either reach) */
    uint64_t process_failures; /* those of process-reach components (restarts in place) */
    double up_h;               /* hours during which every slot held a working node */
    double wait_spare_h; /* hours during which some slot was empty and queued for a repaired node */
    uint64_t domain_failures; /* failures of failure domains (not in failures) */
    double domain_down_h;     /* hours during which some failure domain was down */
    uint64_t max_slots_down;  /* the most slots empty at once */
    uint64_t site_failures;   /* site disasters ([site]) */
    uint64_t repairs; /* repairs started by a crew (node-reach failures, spares' too; not the
                         restarts in place, nor the domains' repairs, which take no crew) */
    uint64_t trace_failures; /* failures of replayed traces that failed a node (in failures) */
    uint64_t trace_skipped;  /* those that found their slot not up: skipped */
} cluster_stats;

/* Registers the cluster's timers with engine e. NULL if out of memory. */
cluster *cluster_new(const scn *s, engine *e, stream *r, const life_model *lm);
void cluster_free(cluster *c);

/* Slot `slot` has just come up (up = 1: it holds a working node, its domains up) or gone down
 * (up = 0), in which case detect_at >= now is when its failure is detected (the detection delay
 * of a node or process failure; the detection timeout for a domain or the site): a load
 * balancer's health checks learn of it then. Told of every slot, one change at a time. */
typedef void (*cluster_slot_listener)(void *ctx, uint32_t slot, int up, double detect_at);

void cluster_set_listener(cluster *c, cluster_listener fn, void *ctx);
void cluster_set_slot_listener(cluster *c, cluster_slot_listener fn, void *ctx);
void cluster_set_loss_listener(cluster *c, cluster_loss_listener fn, void *ctx);

/* Starts a trial at time 0: slots filled with new nodes, spares in the pool, first failures
 * drawn and scheduled. Returns 0, or -1 if out of memory. */
int cluster_reset(cluster *c);

int cluster_all_up(const cluster *c);

/* Closes the time integrals at time `end` and returns the trial's figures. */
void cluster_finish(cluster *c, double end, cluster_stats *out);

/* 1 if a handler ran out of memory during the trial (the engine was stopped). */
int cluster_failed(const cluster *c);

#endif
