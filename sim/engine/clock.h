/*
 * clock: the system's clocks in seconds, as doubles: wall time for progress lines and run
 * records, processor time for benchmarks.
 */
#ifndef RELSIM_SIM_ENGINE_CLOCK_H
#define RELSIM_SIM_ENGINE_CLOCK_H

#include <time.h>

/* Seconds on clock id (CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID, ...). */
static inline double clock_seconds(clockid_t id)
{
    struct timespec t;
    clock_gettime(id, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Wall time, monotonic, in seconds: only differences mean anything. */
static inline double clock_wall(void)
{
    return clock_seconds(CLOCK_MONOTONIC);
}

#endif
