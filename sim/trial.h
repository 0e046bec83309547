/*
 * trial: one Monte Carlo trial of a scenario: the engine, the cluster and the job wired
 * together, reused from trial to trial by one thread (no allocation once warmed up).
 */
#ifndef RELSIM_SIM_TRIAL_H
#define RELSIM_SIM_TRIAL_H

#include <stddef.h>
#include <stdint.h>

#include "sim/life.h"
#include "sim/scenario.h"

/* Safety limits: a trial that has run this many events, or (without a horizon) this many times
 * its job's work in simulated time, without ending stops the run with a message. They turn a job
 * that can never finish into an error instead of a hang: 100 x work means a goodput below 1%. */
#define TRIAL_MAX_EVENTS 100000000ull
#define TRIAL_MAX_WORK_FACTOR 100.0

/* One row of trials.csv. Durations in hours. */
typedef struct {
    uint64_t trial;
    int completed;       /* the job finished its work (0 without a job) */
    double makespan_h;   /* completion time, or the horizon */
    double availability; /* fraction of makespan with every slot up */
    double goodput;      /* useful_h / makespan_h */
    uint64_t failures;   /* failures of nodes in slots */
    double useful_h, lost_h, checkpoint_h, restart_h, down_h, wait_spare_h;
    uint64_t checkpoints;
    uint64_t events; /* events the engine ran */
} trial_result;

/* The columns of trials.csv after `trial`, in order: name, and whether the value is a count. */
typedef struct {
    const char *name;
    int is_count;
} trial_metric;

#define TRIAL_NMETRICS 13
extern const trial_metric trial_metrics[TRIAL_NMETRICS];

/* Value of metric i of a result (counts as doubles). */
double trial_metric_value(const trial_result *r, int i);

typedef struct world world;

/* NULL if out of memory. The scenario and life model must outlive the world. */
world *world_new(const scn *s, const life_model *lm);
void world_free(world *w);

/* Runs trial number `trial` of seed `seed`. Returns 0; TRIAL_LIMIT with a message when the trial
 * hit a safety limit (the scenario's fault); -1 with a message when out of memory. */
#define TRIAL_LIMIT 2
int world_run(world *w, uint32_t seed, uint64_t trial, trial_result *out, char *err, size_t n);

#endif
