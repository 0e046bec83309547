/*
 * engine: the discrete-event engine. It knows nothing of clusters or jobs.
 *
 * A model registers timer classes (a handler and a number of timers, one per entity), then
 * schedules timers. Each timer has at most one live pending event: scheduling it again replaces
 * the earlier event, cancelling it leaves none. Cancellation is lazy: the replaced event stays in
 * the queue and is dropped when it comes out (the timer records the sequence number of its live
 * event, which serves as its generation counter).
 *
 * Events are ordered by (time, sequence of scheduling), so ties always resolve the same way.
 * The queue is an implicit binary min-heap of 16-byte entries, beside a second, small one for
 * events scheduled with engine_schedule_soon: O(log n) insert and pop, no allocation once they have
 * grown to a trial's size (engine_reset keeps the memory).
 *
 * Times are hours, doubles, never negative.
 */
#ifndef RELSIM_SIM_ENGINE_ENGINE_H
#define RELSIM_SIM_ENGINE_ENGINE_H

#include <stdint.h>

typedef struct engine engine;

/* Called when timer `id` (0-based within its class) fires at engine_now(). */
typedef void (*engine_handler)(void *ctx, uint32_t id);

engine *engine_new(void);
void engine_free(engine *s);

/* Adds a class of n timers served by handler(ctx, id); returns the class number (0, 1, ...).
 * Classes are added once, before the first engine_reset. Returns -1 if out of memory or if more
 * than 255 classes are added. */
int engine_add_class(engine *s, engine_handler handler, void *ctx, uint32_t n);

/* Empties the queue, sets the clock to 0, unschedules every timer. Keeps allocated memory. */
void engine_reset(engine *s);

/* Schedules timer (cls, id) at time t >= engine_now(), replacing its pending event if any.
 * Returns 0, or -1 if the queue could not grow (out of memory). */
int engine_schedule(engine *s, int cls, uint32_t id, double t);

/* The same, for an event the model knows to be among the next few (a detection, a swap): it
 * waits in a small heap of its own, beside the main one, instead of rising through the main
 * heap and coming back down. Only speed differs: events run in the same order either way. */
int engine_schedule_soon(engine *s, int cls, uint32_t id, double t);

/* Cancels timer (cls, id)'s pending event, if any. */
void engine_cancel(engine *s, int cls, uint32_t id);

/* 1 if timer (cls, id) has a live pending event. */
int engine_pending(const engine *s, int cls, uint32_t id);

/* The clock. Read on almost every event, so inline: struct engine (engine.c) begins with it. */
typedef struct {
    double now;
} engine_clock;

static inline double engine_now(const engine *s)
{
    return ((const engine_clock *)(const void *)s)->now;
}

/* The last sequence number given: an event scheduled later has a greater one (until a
 * renumbering, engine.c, which a trial of fewer than 2^32 schedules never reaches). */
uint32_t engine_seq(const engine *s);

/* Where an event comes from: its sequence number, the clock when it was scheduled, and the
 * sequence number of the event whose handler scheduled it and the clock when that one was
 * scheduled (0 and -infinity: none, scheduled between runs). For a model that stands for events
 * it did not schedule (the job's closed-form advance, job.c) and must order them as the engine
 * would have. */
typedef struct {
    uint32_t seq;
    uint32_t by;
    double when;
    double by_when;
} engine_origin;

/* The event being dispatched. */
void engine_current(const engine *s, engine_origin *o);

/* The next live event: its time and origin; 0 if none. */
int engine_peek(engine *s, double *t, engine_origin *o);

/* Makes engine_run return after the current handler. */
void engine_stop(engine *s);

/* Runs events in order until the queue is empty, engine_stop is called, the next event lies beyond
 * `until`, or `max_events` live events have run. Returns the number of live events run. */
uint64_t engine_run(engine *s, double until, uint64_t max_events);

/* Live events run since the last reset. */
uint64_t engine_events(const engine *s);

/* Entries in the queue, live and stale (for tests and benchmarks). */
uint32_t engine_queue_size(const engine *s);

/* Tests only: sets the last sequence number used, to reach the renumbering at 2^32 quickly. */
void engine_test_set_seq(engine *s, uint32_t seq);

#endif
