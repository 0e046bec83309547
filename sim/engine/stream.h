/*
 * stream: random streams addressed by coordinates, not by order of use.
 *
 * Every random number relsim draws comes from Random123's Philox4x32-10 counter-based generator,
 * through its GSL adapter (GSL_MICRORNG), with
 *     key     = (seed, trial)
 *     counter = (entity, purpose, k, call)
 * where entity is a node (or STREAM_JOB, STREAM_CLUSTER), purpose says what the number is for (a life,
 * a failure's detection delay and repair time, a swap, ...), k counts the draws of that (entity,
 * purpose) in the trial, and the adapter counts calls within one draw. A draw therefore depends
 * only on its coordinates: the same trial gives the same numbers on any thread or MPI rank, and
 * trial i of every sweep point sees the same failure history wherever the entities' histories agree
 * (common random numbers).
 *
 * Uniforms have 53 random bits and lie strictly inside (0,1): u = (m + 0.5) / 2^53, m built from
 * two 32-bit outputs (the adapter's own get_double has 32 bits and can return 0).
 */
#ifndef RELSIM_SIM_ENGINE_STREAM_H
#define RELSIM_SIM_ENGINE_STREAM_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

#define STREAM_JOB UINT32_MAX           /* entity number of the job */
#define STREAM_CLUSTER (UINT32_MAX - 1) /* entity number of the cluster as a whole */

typedef enum {
    STREAM_LIFE = 1,    /* a node's component lives (and which component failed) */
    STREAM_FAILURE,     /* a node's k-th failure: its detection delay, then its repair time */
    STREAM_FAILOVER,    /* swap-in times */
    STREAM_CHECKPOINT,  /* checkpoint costs */
    STREAM_RESTART,     /* restore costs */
    STREAM_TEST = 1000, /* free for tests */
} stream_purpose;

typedef struct stream stream;

stream *stream_new(void);
void stream_free(stream *r);

/* Sets the key for the trials to come. */
void stream_set_trial(stream *r, uint32_t seed, uint32_t trial);

/* Positions the stream at (entity, purpose, k) and returns it as a gsl_rng, ready for up to 2^34
 * 32-bit outputs (2^33 uniforms). The same stream is returned each time: use it before the next call.
 */
gsl_rng *stream_at(stream *r, uint32_t entity, uint32_t purpose, uint32_t k);

/* A uniform in (0,1) with 53 random bits (what gsl_rng_uniform returns for these streams). */
double stream_uniform(gsl_rng *g);

/* The first uniform of stream (entity, purpose, k): the same number as
 * stream_uniform(stream_at(r, entity, purpose, k)), computed without going through the gsl_rng. Most
 * draws need one uniform; this is their fast path. */
double stream_uniform_at(const stream *r, uint32_t entity, uint32_t purpose, uint32_t k);

/* The first two uniforms of stream (entity, purpose, k), from one Philox block: returns the
 * first (stream_uniform_at's) and stores the second in *second (stream_uniform's second call). */
double stream_uniform2_at(const stream *r, uint32_t entity, uint32_t purpose, uint32_t k, double *second);

/* The same uniform as stream_uniform_at, and from the block's other 64 bits x an integer in [0, n)
 * (n >= 1): floor(x n / 2^64), the multiply-shift map, biased by at most n / 2^64. If rest is not
 * NULL, what the map leaves over, x n mod 2^64, gives a second uniform in (0,1) from 53 of its 64
 * bits (bits 63-37 and 31-6, as to_uniform takes two 32-bit words): given the index, x runs over an interval of about 2^64 / n integers and x n mod
 * 2^64 over an evenly spaced grid of step n, so the second uniform is independent of the index up
 * to that bias and has at least 64 - log2(n) random bits (50 for 16,384 nodes). */
double stream_uniform_index_at(const stream *r, uint32_t entity, uint32_t purpose, uint32_t k, uint32_t n,
                           uint32_t *index, double *rest);

#endif
