/*
 * sim: event queue, clock and dispatch (see engine.h).
 *
 * Why a 4-ary heap of 16-byte entries: a pop touches one cache line of four children per level
 * and the tree is half as deep as a binary heap's; on the hold model at 10^3..10^6 pending events
 * it beats the binary heap (bench/queue.c measures both, and a pairing heap).
 *
 * Sequence numbers are 32 bits and restart at every reset. Should a trial schedule 2^32 - 1
 * events, the pending entries are renumbered in order (sim_renumber), so ordering never breaks.
 */
#include "sim/engine.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    double t;
    uint32_t seq;
    uint32_t timer;
} entry;

typedef struct {
    sim_handler handler;
    void *ctx;
    uint32_t base, n;
} timer_class;

struct sim {
    entry *heap;
    uint32_t n, cap;
    uint32_t *live;  /* per timer: sequence number of its live event, 0 if none */
    uint8_t *cls_of; /* per timer: its class */
    uint32_t ntimers;
    timer_class cls[255];
    int ncls;
    double now;
    uint32_t seq;
    uint64_t events;
    int stopped;
    int unordered; /* entries appended since reset without sifting; heapify before running */
};

#define ARITY 4
#define LIVE_MARK 0x80000000u

static inline int before(const entry *a, const entry *b)
{
    return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

static void sift_up(entry *h, uint32_t i)
{
    entry e = h[i];
    while (i > 0) {
        uint32_t parent = (i - 1) / ARITY;
        if (!before(&e, &h[parent])) break;
        h[i] = h[parent];
        i = parent;
    }
    h[i] = e;
}

static void sift_down(entry *h, uint32_t n, uint32_t i)
{
    entry e = h[i];
    for (;;) {
        uint32_t first = i * ARITY + 1;
        if (first >= n) break;
        uint32_t best = first, last = first + ARITY < n ? first + ARITY : n;
        for (uint32_t c = first + 1; c < last; c++)
            if (before(&h[c], &h[best])) best = c;
        if (!before(&h[best], &e)) break;
        h[i] = h[best];
        i = best;
    }
    h[i] = e;
}

sim *sim_new(void)
{
    sim *s = calloc(1, sizeof *s);
    return s;
}

void sim_free(sim *s)
{
    if (!s) return;
    free(s->heap);
    free(s->live);
    free(s->cls_of);
    free(s);
}

int sim_add_class(sim *s, sim_handler handler, void *ctx, uint32_t n)
{
    if (s->ncls >= 255 || n >= LIVE_MARK - s->ntimers) return -1;
    uint32_t total = s->ntimers + n;
    uint32_t *live = realloc(s->live, (total ? total : 1) * sizeof *live);
    if (!live) return -1;
    s->live = live;
    uint8_t *cls_of = realloc(s->cls_of, total ? total : 1);
    if (!cls_of) return -1;
    s->cls_of = cls_of;
    memset(s->live + s->ntimers, 0, n * sizeof *live);
    memset(s->cls_of + s->ntimers, s->ncls, n);
    s->cls[s->ncls] = (timer_class){handler, ctx, s->ntimers, n};
    s->ntimers = total;
    return s->ncls++;
}

void sim_reset(sim *s)
{
    s->n = 0;
    s->now = 0.0;
    s->seq = 0;
    s->events = 0;
    s->stopped = 0;
    s->unordered = 1;
    memset(s->live, 0, s->ntimers * sizeof *s->live);
}

static int cmp_entry(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    return before(x, y) ? -1 : before(y, x) ? 1 : 0;
}

/* Gives the pending entries fresh sequence numbers 1..n in queue order. A sorted array is a
 * valid heap, so the queue stays ordered. Live entries are marked before the numbers change
 * (timer numbers stay below 2^31, so the top bit is free), so that a stale entry can never take
 * the number its timer's live entry gets. */
static void sim_renumber(sim *s)
{
    for (uint32_t i = 0; i < s->n; i++)
        if (s->live[s->heap[i].timer] == s->heap[i].seq) s->heap[i].timer |= LIVE_MARK;
    qsort(s->heap, s->n, sizeof *s->heap, cmp_entry);
    for (uint32_t i = 0; i < s->n; i++) {
        entry *e = &s->heap[i];
        e->seq = i + 1;
        if (e->timer & LIVE_MARK) {
            e->timer &= ~LIVE_MARK;
            s->live[e->timer] = e->seq;
        }
    }
    s->seq = s->n;
    s->unordered = 0;
}

int sim_schedule(sim *s, int cls, uint32_t id, double t)
{
    uint32_t timer = s->cls[cls].base + id;
    if (s->n == s->cap) {
        uint32_t cap = s->cap ? s->cap * 2 : 1024;
        entry *h = realloc(s->heap, cap * sizeof *h);
        if (!h) return -1;
        s->heap = h;
        s->cap = cap;
    }
    if (s->seq == UINT32_MAX - 1) sim_renumber(s);
    uint32_t seq = ++s->seq;
    s->live[timer] = seq;
    s->heap[s->n] = (entry){t, seq, timer};
    if (!s->unordered) sift_up(s->heap, s->n);
    s->n++;
    return 0;
}

void sim_cancel(sim *s, int cls, uint32_t id) { s->live[s->cls[cls].base + id] = 0; }

int sim_pending(const sim *s, int cls, uint32_t id) { return s->live[s->cls[cls].base + id] != 0; }

double sim_now(const sim *s) { return s->now; }

void sim_stop(sim *s) { s->stopped = 1; }

uint64_t sim_events(const sim *s) { return s->events; }

uint32_t sim_queue_size(const sim *s) { return s->n; }

void sim_test_set_seq(sim *s, uint32_t seq) { s->seq = seq; }

uint64_t sim_run(sim *s, double until, uint64_t max_events)
{
    uint64_t ran = 0;
    if (s->unordered) {
        /* Floyd's bottom-up heap construction: O(n) for the events scheduled before the run. */
        if (s->n > 1)
            for (uint32_t i = (s->n - 2) / ARITY + 1; i-- > 0;) sift_down(s->heap, s->n, i);
        s->unordered = 0;
    }
    s->stopped = 0;
    while (s->n > 0 && ran < max_events) {
        entry top = s->heap[0];
        if (top.t > until) break;
        if (--s->n > 0) {
            s->heap[0] = s->heap[s->n];
            sift_down(s->heap, s->n, 0);
        }
        if (s->live[top.timer] != top.seq) continue; /* replaced or cancelled */
        s->live[top.timer] = 0;
        s->now = top.t;
        s->events++;
        ran++;
        const timer_class *c = &s->cls[s->cls_of[top.timer]];
        c->handler(c->ctx, top.timer - c->base);
        if (s->stopped) break;
    }
    return ran;
}
