/*
 * ranks: trials across machines with MPI.
 *
 * Under an MPI launcher, mc_run (sim/study/mc.h) spreads each block's trials over the ranks (round robin) and
 * gathers them to rank 0, which alone consumes them in trial order, and so alone writes outputs:
 * the results are bit for bit those of one process. Without a launcher (or an MPI build) there is
 * one rank, rank 0.
 */
#ifndef RELSIM_SIM_STUDY_RANKS_H
#define RELSIM_SIM_STUDY_RANKS_H

#include <stddef.h>

/* Initialises MPI when started by an MPI launcher. Returns 0, -1 on failure, 1 when several ranks
 * were started but this build has no MPI. */
int ranks_init(int *argc, char ***argv);
void ranks_finalize(void);
/* Ends every rank at once (a failure that the others cannot learn of by a collective). */
void ranks_abort(int status);
int ranks_self(void);
int ranks_count(void);
int ranks_is_root(void);
/* Rank 0's value, on every rank. */
int ranks_bcast_int(int v);
void ranks_bcast_bytes(void *buf, size_t n);
/* 1 on every rank if flag is nonzero on any. */
int ranks_any(int flag);
/* Gathers each rank's bytes to rank 0, in rank order, into all; bytes_of[r] (read on rank 0) is
 * what rank r sends. Returns 0, or -1. */
int ranks_gather(const void *mine, size_t bytes, void *all, const size_t *bytes_of);

#endif
