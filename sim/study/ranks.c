/*
 * ranks: trials across machines with MPI (see ranks.h).
 *
 * One binary serves both ways: MPI is initialised only when the process was started by an MPI
 * launcher (mpirun, mpiexec, srun), which it tells from the launcher's environment; `relsim` run
 * by hand never touches MPI. Built without MPI (no RELSIM_MPI), every function here is the
 * single-process case: rank 0 of 1.
 *
 * Every collective is called by every rank in the same order: the Monte Carlo driver gathers each
 * block's trials, and every decision that only rank 0 can take (the results directory, whether to
 * go on) is broadcast from it, so that ranks never part ways and wait for each other for ever.
 */
#include "sim/study/ranks.h"

#include <stdlib.h>
#include <string.h>

#ifdef RELSIM_MPI
#include <mpi.h>
#endif

static int rank = 0, ranks = 1;
#ifdef RELSIM_MPI
static int active = 0;
#endif

int ranks_self(void)
{
    return rank;
}

int ranks_count(void)
{
    return ranks;
}

int ranks_is_root(void)
{
    return rank == 0;
}

/* Launched by an MPI launcher: Open MPI, MPICH/Hydra, or PMIx (srun --mpi=pmix). */
static int launched_by_mpi(void)
{
    return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMI_SIZE") || getenv("PMIX_RANK");
}

int ranks_init(int *argc, char ***argv)
{
#ifdef RELSIM_MPI
    if (!launched_by_mpi()) return 0;
    int provided;
    /* only the calling (OpenMP master) thread talks to MPI */
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) return -1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &ranks);
    active = 1;
    return 0;
#else
    (void)argc;
    (void)argv;
    return launched_by_mpi() && getenv("OMPI_COMM_WORLD_SIZE") &&
                   strcmp(getenv("OMPI_COMM_WORLD_SIZE"), "1") != 0
               ? 1 /* started as several ranks, but this build has no MPI */
               : 0;
#endif
}

void ranks_finalize(void)
{
#ifdef RELSIM_MPI
    if (active) MPI_Finalize();
    active = 0;
#endif
}

void ranks_abort(int status)
{
#ifdef RELSIM_MPI
    if (active && ranks > 1) MPI_Abort(MPI_COMM_WORLD, status);
#endif
    (void)status;
}

int ranks_bcast_int(int v)
{
#ifdef RELSIM_MPI
    if (ranks > 1) MPI_Bcast(&v, 1, MPI_INT, 0, MPI_COMM_WORLD);
#endif
    return v;
}

void ranks_bcast_bytes(void *buf, size_t n)
{
#ifdef RELSIM_MPI
    if (ranks > 1) MPI_Bcast(buf, (int)n, MPI_BYTE, 0, MPI_COMM_WORLD);
#else
    (void)buf;
    (void)n;
#endif
}

int ranks_any(int flag)
{
#ifdef RELSIM_MPI
    if (ranks > 1) {
        int all;
        MPI_Allreduce(&flag, &all, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
        return all;
    }
#endif
    return flag;
}

int ranks_gather(const void *mine, size_t bytes, void *all, const size_t *bytes_of)
{
#ifdef RELSIM_MPI
    if (ranks > 1) {
        int *counts = NULL, *displs = NULL;
        if (rank == 0) {
            counts = malloc((size_t)ranks * sizeof *counts);
            displs = malloc((size_t)ranks * sizeof *displs);
            if (!counts || !displs) {
                free(counts);
                free(displs);
                return -1;
            }
            size_t at = 0;
            for (int r = 0; r < ranks; r++) {
                counts[r] = (int)bytes_of[r];
                displs[r] = (int)at;
                at += bytes_of[r];
            }
        }
        int rc = MPI_Gatherv(mine, (int)bytes, MPI_BYTE, all, counts, displs, MPI_BYTE, 0,
                             MPI_COMM_WORLD);
        free(counts);
        free(displs);
        return rc == MPI_SUCCESS ? 0 : -1;
    }
#endif
    (void)bytes_of;
    if (all != mine) memcpy(all, mine, bytes);
    return 0;
}
