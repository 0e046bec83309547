/*
 * mc: the Monte Carlo driver: runs trials on OpenMP threads and hands their results over in
 * trial order.
 *
 * Trials are independent (each has its own random streams, addressed by (seed, trial)), so they
 * may run on any thread in any order; results are gathered a block at a time and delivered to
 * the consumer strictly in trial order, so every reduction downstream (statistics, CSV rows) is
 * the same whatever the number of threads. Memory is one block of results per run, whatever the
 * number of trials.
 */
#ifndef RELSIM_SIM_STUDY_MC_H
#define RELSIM_SIM_STUDY_MC_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/scenario/scn.h"
#include "sim/model/world.h"

/* Called in trial order, on the calling thread. Returns 0 to go on, nonzero to stop. */
typedef int (*mc_consumer)(void *ctx, const metric_row *r);

typedef struct {
    uint64_t first;    /* first trial number */
    uint64_t count;    /* number of trials */
    int threads;       /* 0: OpenMP's default */
    int progress;      /* 1: a progress line on stderr */
    const char *label; /* shown in the progress line */
    /* called on the calling thread after every block with the trials done so far in this run
     * (for a progress display that spans several runs) */
    void (*tick)(void *ctx, uint64_t done);
    void *tick_ctx;
    int per_node_lives; /* tests: no Poisson shortcut (life.h), one failure timer per node */
} mc_opts;

/* Set (by a signal handler) to make mc_run stop after the trials in flight. */
extern volatile sig_atomic_t mc_interrupted;

/* Runs trials first .. first+count-1 of scenario s with seed s->seed. Returns RC_OK,
 * RC_INTERRUPTED if the consumer or an interruption stopped it, RC_LIMIT with a message if a
 * trial hit a safety limit (the first such trial in trial order), or RC_NOMEM with a message
 * (out of memory). */
int mc_run(const scn *s, const mc_opts *o, mc_consumer fn, void *ctx, char *err, size_t n);

/* Memory a run of s on `threads` threads needs, estimated before anything is allocated. */
uint64_t mc_bytes_needed(const scn *s, int threads);

/* The memory this process may use: the least of the machine's, its cgroups' (v2 or v1, up the
 * hierarchy), RLIMIT_AS and RLIMIT_DATA; what names which. */
uint64_t mc_memory_limit(const char **what);

/* Refuses (RC_NOMEM with a message) a run that would need more than half of mc_memory_limit. */
int mc_check_memory(const scn *s, int threads, char *err, size_t n);

/* Threads used when o->threads is 0. */
int mc_default_threads(void);

#endif
