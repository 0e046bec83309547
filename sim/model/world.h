/*
 * world: one Monte Carlo trial of a scenario: the engine, the cluster and the job wired
 * together, reused from trial to trial by one thread (no allocation once warmed up).
 */
#ifndef RELSIM_SIM_MODEL_WORLD_H
#define RELSIM_SIM_MODEL_WORLD_H

#include <stddef.h>
#include <stdint.h>

#include "models/metric.h"
#include "models/rc.h"
#include "sim/model/life.h"
#include "sim/scenario/scn.h"

/* Safety limits: a trial that has run this many events, or (without a horizon) this many times
 * its job's work in simulated time, without ending stops the run with a message. They turn a job
 * that can never finish into an error instead of a hang: 100 x work means a goodput below 1%. */
#define WORLD_MAX_EVENTS 100000000ull
#define WORLD_MAX_WORK_FACTOR 100.0

/* What the worlds of one run share, built once and read only while trials run: the scenario
 * and its life model (the component groups, life.h). per_node_lives = 1 turns the Poisson
 * shortcut off (tests: one failure timer per node). NULL if out of memory; the scenario must
 * outlive the plan. */
typedef struct world_plan world_plan;
world_plan *world_plan_new(const scn *s, int per_node_lives);
void world_plan_free(world_plan *p);

typedef struct world world;

/* One thread's world: engine, streams, cluster and job, reused from trial to trial. NULL if out
 * of memory. The plan must outlive the world. */
world *world_new(const world_plan *p);
void world_free(world *w);

/* Runs trial number `trial` of seed `seed`. Returns RC_OK; RC_LIMIT with a message when the
 * trial hit a safety limit (the scenario's fault); RC_NOMEM with a message when out of memory. */
int world_run(world *w, uint32_t seed, uint64_t trial, metric_row *out, char *err, size_t n);

#endif
