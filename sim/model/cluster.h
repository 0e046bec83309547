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
 * Components with ages = computing age only while the job computes (the job tells the cluster,
 * cluster_on_work): their lives are counted on the work clock, the hours of computation so far,
 * and since the job computes only while every slot is up, every node in a slot ages on it alike.
 * Planned maintenance ([maintenance], docs/model.md "Planned maintenance"): scope all takes every
 * slot down at start + k every for a drawn duration, as a domain of every slot that destroys
 * nothing (no loss listener call); rolling takes the node out of slot i at start + k every +
 * i every / nodes for a drawn duration, its slot refilled as after a detected failure (a spare,
 * else the queue of empty slots), the node back without a crew. Neither counts in failures.
 * The repair pipeline and the fleet ([component.NAME] auto_success, bad_repair; [fleet]): a
 * crew's repair may escalate to a manual one or leave the node faulty, lemons age faster, and a
 * node with too many failures is retired, replaced after a lead time or not (docs/model.md,
 * "Repairs and the fleet").
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

/* The stream purpose of the lives of the kinds that age while the job computes (the purpose of
 * their life model, life_model_new_kinds): apart from the others' (STREAM_LIFE). */
#define CLUSTER_STREAM_WORK_LIFE 210u

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
                         restarts in place, nor the domains' repairs, which take no crew), the
                         manual repairs that follow failed automatic ones included */
    uint64_t manual_repairs; /* of those, manual repairs after a failed automatic one */
    uint64_t failed_repairs; /* repairs done that did not fix the node (bad_repair) */
    uint64_t lemon_failures; /* failures of lemons in slots (either reach; in failures too) */
    uint64_t retired;        /* nodes retired ([fleet] retire_after) */
    uint64_t replacements;   /* new nodes that joined in place of retired ones */
    uint64_t maintenances;         /* planned maintenances started ([maintenance]) */
    uint64_t maintenances_skipped; /* turns not taken: the slot not up (rolling), or the
                                      previous maintenance still running (scope all) */
    double maintenance_h;          /* hours during which some slot was down for maintenance */
    uint64_t trace_failures; /* failures of replayed traces that failed a node (in failures) */
    uint64_t trace_skipped;  /* those that found their slot not up: skipped */
} cluster_stats;

/* Registers the cluster's timers with engine e. lm: the component kinds that age always;
 * lm_work: those that age only while the job computes (life_model_new_kinds), NULL if none.
 * NULL if out of memory. */
cluster *cluster_new(const scn *s, engine *e, stream *r, const life_model *lm,
                     const life_model *lm_work);
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

/* Tests only: on = 1 makes cluster_reset build the trial's first nodes, slots and pool one node
 * at a time instead of copying the state cluster_new built once; the two give the same state
 * (tests/test_cluster.c). */
void cluster_test_reset_by_loop(cluster *c, int on);

/* Tests only: 1 if clusters a and b of one scenario are in the same state (nodes, slots, the
 * pool and queues in order, fleet figures, domains, traces, statistics so far). */
int cluster_test_same_state(const cluster *a, const cluster *b);

int cluster_all_up(const cluster *c);

/* The job's listener of its computation (job_set_work_listener): computing = 1 when the job
 * starts computing, 0 when it stops. The components that age only while the job computes
 * (ages = computing) age on this clock. Without such components it does nothing. */
void cluster_on_work(void *c, int computing);

/* Closes the time integrals at time `end` and returns the trial's figures. */
void cluster_finish(cluster *c, double end, cluster_stats *out);

/* 1 if a handler ran out of memory during the trial (the engine was stopped). */
int cluster_failed(const cluster *c);

#endif
