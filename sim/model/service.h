/*
 * service: a served model ([service]) behind a load balancer: `replicas` replicas of
 * `replica_nodes` consecutive slots each (replica r holds slots r m .. r m + m - 1); a replica is
 * up when all its slots are up; the service is up while at least `min_replicas` replicas are. The
 * load balancer believes a replica healthy until the failure of one of its down slots has been
 * detected (the detect_at the cluster gives with each slot that goes down), and spreads requests
 * evenly over the replicas it believes healthy: the share answered at t is up(t) / believed(t)
 * (0 when it believes none), the requests sent to a failed but undetected replica being lost.
 * Listens to the cluster's slots (cluster_slot_listener) and measures over the trial's horizon.
 * docs/model.md, "Serving", states the rules in full, each with the test that pins it
 * (tests/test_service.c).
 *
 * Outages are the maximal intervals with fewer than min_replicas replicas up: two with no time
 * between them are one, one of no length (a spare swapped in at the same instant) is none, and
 * one still open at the end counts with its length up to the end. Per event the work is O(1);
 * the only allocation after the first trials is the list of a trial's outage lengths (for
 * p95_outage_min) growing past the longest list seen so far.
 */
#ifndef RELSIM_SIM_MODEL_SERVICE_H
#define RELSIM_SIM_MODEL_SERVICE_H

#include <stdint.h>

#include "models/metric.h"
#include "sim/engine/engine.h"
#include "sim/scenario/scn.h"

typedef struct service service;

/* Minutes in a year of 365.25 days: downtime_min_per_year = (1 - service_availability) times it. */
#define SERVICE_MIN_PER_YEAR 525960.0

/* Registers the service's timers (the load balancer's detection of each slot) with engine e.
 * NULL if out of memory, or if s has no service (replicas or replica_nodes 0, min_replicas above
 * replicas). */
service *service_new(const scn *s, engine *e);
void service_free(service *v);

/* A trial starts at time 0 with every replica up and believed healthy. Call after
 * engine_reset. Returns 0 (-1 is kept for out of memory). */
int service_reset(service *v);

/* The cluster's slot listener (cluster_slot_listener): slot `slot` has just come up (up = 1) or
 * gone down, its failure to be detected at detect_at >= now. Changes are told one at a time and
 * alternate for each slot; a repeated one changes nothing. */
void service_on_slot(void *v, uint32_t slot, int up, double detect_at);

/* Closes the trial at time `end` (> 0) and writes the service's figures into out: the fields of
 * the METRIC_NEEDS_SERVICE rows of models/metric.h, and no other. v = NULL (a scenario without
 * a service) sets them all to 0. */
void service_finish(service *v, double end, metric_row *out);

/* 1 if scheduling or the list of outages ran out of memory during the trial. */
int service_failed(const service *v);

#endif
