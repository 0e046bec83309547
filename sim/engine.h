/*
 * sim: the discrete-event engine. It knows nothing of clusters or jobs.
 *
 * A model registers timer classes (a handler and a number of timers, one per entity), then
 * schedules timers. Each timer has at most one live pending event: scheduling it again replaces
 * the earlier event, cancelling it leaves none. Cancellation is lazy: the replaced event stays in
 * the queue and is dropped when it comes out (the timer records the sequence number of its live
 * event, which serves as its generation counter).
 *
 * Events are ordered by (time, sequence of scheduling), so ties always resolve the same way.
 * The queue is an implicit binary min-heap of 16-byte entries, beside a second, small one for
 * events scheduled with sim_schedule_soon: O(log n) insert and pop, no allocation once they have
 * grown to a trial's size (sim_reset keeps the memory).
 *
 * Times are hours, doubles, never negative.
 */
#ifndef RELSIM_SIM_ENGINE_H
#define RELSIM_SIM_ENGINE_H

#include <stdint.h>

typedef struct sim sim;

/* Called when timer `id` (0-based within its class) fires at sim_now(). */
typedef void (*sim_handler)(void *ctx, uint32_t id);

sim *sim_new(void);
void sim_free(sim *s);

/* Adds a class of n timers served by handler(ctx, id); returns the class number (0, 1, ...).
 * Classes are added once, before the first sim_reset. Returns -1 if out of memory or if more
 * than 255 classes are added. */
int sim_add_class(sim *s, sim_handler handler, void *ctx, uint32_t n);

/* Empties the queue, sets the clock to 0, unschedules every timer. Keeps allocated memory. */
void sim_reset(sim *s);

/* Schedules timer (cls, id) at time t >= sim_now(), replacing its pending event if any.
 * Returns 0, or -1 if the queue could not grow (out of memory). */
int sim_schedule(sim *s, int cls, uint32_t id, double t);

/* The same, for an event the model knows to be among the next few (a detection, a swap): it
 * waits in a small heap of its own, beside the main one, instead of rising through the main
 * heap and coming back down. Only speed differs: events run in the same order either way. */
int sim_schedule_soon(sim *s, int cls, uint32_t id, double t);

/* Cancels timer (cls, id)'s pending event, if any. */
void sim_cancel(sim *s, int cls, uint32_t id);

/* 1 if timer (cls, id) has a live pending event. */
int sim_pending(const sim *s, int cls, uint32_t id);

/* The clock. Read on almost every event, so inline: struct sim (engine.c) begins with it. */
typedef struct {
    double now;
} sim_clock;

static inline double sim_now(const sim *s)
{
    return ((const sim_clock *)(const void *)s)->now;
}

/* Makes sim_run return after the current handler. */
void sim_stop(sim *s);

/* Runs events in order until the queue is empty, sim_stop is called, the next event lies beyond
 * `until`, or `max_events` live events have run. Returns the number of live events run. */
uint64_t sim_run(sim *s, double until, uint64_t max_events);

/* Live events run since the last reset. */
uint64_t sim_events(const sim *s);

/* Entries in the queue, live and stale (for tests and benchmarks). */
uint32_t sim_queue_size(const sim *s);

/* Tests only: sets the last sequence number used, to reach the renumbering at 2^32 quickly. */
void sim_test_set_seq(sim *s, uint32_t seq);

#endif
