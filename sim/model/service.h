/*
 * service: a served model ([service]) behind a load balancer: `replicas` replicas of
 * `replica_nodes` consecutive slots each; a replica is up when all its slots are up; the service
 * is up while at least `min_replicas` replicas are. The load balancer believes a replica healthy
 * until a failure of one of its slots is detected (the cluster's detection delay), and spreads
 * requests evenly over the replicas it believes healthy: the requests sent to a failed but
 * undetected replica are lost. Listens to the cluster's slots (cluster_slot_listener) and
 * measures over the trial's horizon. docs/model.md, "Serving", states the rules in full.
 */
#ifndef RELSIM_SIM_MODEL_SERVICE_H
#define RELSIM_SIM_MODEL_SERVICE_H

#include <stdint.h>

#include "models/metric.h"
#include "sim/engine/engine.h"
#include "sim/scenario/scn.h"

typedef struct service service;

/* Registers the service's timers with engine e. NULL if out of memory. */
service *service_new(const scn *s, engine *e);
void service_free(service *v);

/* A trial starts at time 0 with every replica up. -1 if out of memory. */
int service_reset(service *v);

/* The cluster's slot listener (cluster_slot_listener). */
void service_on_slot(void *v, uint32_t slot, int up, double detect_at);

/* Closes the trial at time `end` and writes the service's figures into out. */
void service_finish(service *v, double end, metric_row *out);

/* 1 if scheduling ran out of memory during the trial. */
int service_failed(const service *v);

#endif
