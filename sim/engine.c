/*
 * sim: event queue, clock and dispatch (see engine.h).
 *
 * Why a binary heap of 16-byte entries, with replace-top (a handler's new event takes the place
 * of the one just dispatched and sinks once, instead of a pop and a push): measured on the hold
 * model (Jones 1986) at 10^3..10^6 pending events by bench/queue.c, it beats a 4-ary heap by
 * 6-17% at relsim's sizes (10^3..10^5), a heap without replace-top by 7-28%, and a pairing heap
 * by 1.6-5 times. A 4-ary level costs four comparisons to a binary level's two, which the halved
 * depth repays only where memory is the bottleneck (at 10^6 the two are even). Pops use
 * bottom-up deletion (Wegener 1993).
 *
 * Classes of a single timer (the job's phase, for instance) are kept out of the heap, each in a
 * lane of its own: their events are most of a trial's events and are always near the front, so
 * comparing a handful of lanes with the heap's top beats sinking them through the heap.
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
    int lane; /* index into lane[] for a class of one timer, else -1 */
} timer_class;

#define MAX_LANES 8

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
    int hole;      /* the root was dispatched and may be overwritten by the next schedule */
    entry lane[MAX_LANES]; /* live while live[lane.timer] == lane.seq */
    int nlanes;
};

#define ARITY 2
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
    int lane = n == 1 && s->nlanes < MAX_LANES ? s->nlanes++ : -1;
    s->cls[s->ncls] = (timer_class){handler, ctx, s->ntimers, n, lane};
    if (lane >= 0) s->lane[lane] = (entry){0, 0, s->ntimers};
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
    s->hole = 0;
    memset(s->live, 0, s->ntimers * sizeof *s->live);
}

/* Doubles the heap's room (room for the lanes too, which sim_renumber sorts with the heap). */
static int sim_grow(sim *s)
{
    uint32_t cap = s->cap ? s->cap * 2 : 1024;
    entry *h = realloc(s->heap, cap * sizeof *h);
    if (!h) return -1;
    s->heap = h;
    s->cap = cap;
    return 0;
}

/* Removes the root: the last entry takes its place and sinks. */
static void pop_root(sim *s)
{
    if (--s->n == 0) return;
    /* Bottom-up deletion (Wegener 1993): the hole at the root follows the smaller children down
     * to a leaf without comparing them with the last entry, which almost always belongs near the
     * bottom; the last entry then rises from that leaf. Fewer comparisons than sinking it from the
     * root. */
    entry *h = s->heap, last = h[s->n];
    uint32_t n = s->n, i = 0;
    for (;;) {
        uint32_t first = i * ARITY + 1;
        if (first >= n) break;
        uint32_t best = first, end = first + ARITY < n ? first + ARITY : n;
        for (uint32_t c = first + 1; c < end; c++)
            if (before(&h[c], &h[best])) best = c;
        h[i] = h[best];
        i = best;
    }
    h[i] = last;
    sift_up(h, i);
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
    if (s->hole) {
        pop_root(s);
        s->hole = 0;
    }
    /* Live lane events join the sort (the heap has room: see sim_schedule), then leave again. */
    for (int l = 0; l < s->nlanes; l++)
        if (s->lane[l].seq && s->live[s->lane[l].timer] == s->lane[l].seq)
            s->heap[s->n++] = s->lane[l];
    for (uint32_t i = 0; i < s->n; i++)
        if (s->live[s->heap[i].timer] == s->heap[i].seq) s->heap[i].timer |= LIVE_MARK;
    qsort(s->heap, s->n, sizeof *s->heap, cmp_entry);
    uint32_t kept = 0;
    for (uint32_t i = 0; i < s->n; i++) {
        entry e = s->heap[i];
        e.seq = i + 1;
        if (e.timer & LIVE_MARK) {
            e.timer &= ~LIVE_MARK;
            s->live[e.timer] = e.seq;
        }
        int lane = s->cls[s->cls_of[e.timer]].lane;
        if (lane >= 0)
            s->lane[lane] = e;
        else
            s->heap[kept++] = e; /* still sorted, so still a heap */
    }
    s->seq = s->n;
    s->n = kept;
    s->unordered = 0;
}

int sim_schedule(sim *s, int cls, uint32_t id, double t)
{
    uint32_t timer = s->cls[cls].base + id;
    int lane = s->cls[cls].lane;
    if (lane >= 0) {
        if (s->seq == UINT32_MAX - 1) {
            if (s->n + MAX_LANES > s->cap && sim_grow(s)) return -1;
            sim_renumber(s);
        }
        uint32_t seq = ++s->seq;
        s->live[timer] = seq;
        s->lane[lane] = (entry){t, seq, timer};
        return 0;
    }
    if (s->n + MAX_LANES >= s->cap && sim_grow(s)) return -1;
    if (s->seq == UINT32_MAX - 1) sim_renumber(s);
    uint32_t seq = ++s->seq;
    s->live[timer] = seq;
    if (s->hole) {
        /* The usual case: a handler schedules its entity's next event. Replacing the dispatched
         * root and sinking the new entry costs one descent instead of a pop and a push, and
         * nothing at all when the new event is again the earliest (a job's next phase). */
        s->heap[0] = (entry){t, seq, timer};
        sift_down(s->heap, s->n, 0);
        s->hole = 0;
        return 0;
    }
    s->heap[s->n] = (entry){t, seq, timer};
    if (!s->unordered) sift_up(s->heap, s->n);
    s->n++;
    return 0;
}

void sim_cancel(sim *s, int cls, uint32_t id)
{
    s->live[s->cls[cls].base + id] = 0;
}

int sim_pending(const sim *s, int cls, uint32_t id)
{
    return s->live[s->cls[cls].base + id] != 0;
}

double sim_now(const sim *s)
{
    return s->now;
}

void sim_stop(sim *s)
{
    s->stopped = 1;
}

uint64_t sim_events(const sim *s)
{
    return s->events;
}

uint32_t sim_queue_size(const sim *s)
{
    return s->n;
}

void sim_test_set_seq(sim *s, uint32_t seq)
{
    s->seq = seq;
}

uint64_t sim_run(sim *s, double until, uint64_t max_events)
{
    uint64_t ran = 0;
    if (s->unordered) {
        /* Floyd's bottom-up heap construction: O(n) for the events scheduled before the run. */
        if (s->n > 1)
            for (uint32_t i = (s->n - 2) / ARITY + 1; i-- > 0;)
                sift_down(s->heap, s->n, i);
        s->unordered = 0;
    }
    s->stopped = 0;
    while (ran < max_events) {
        while (s->n > 0 && s->live[s->heap[0].timer] != s->heap[0].seq)
            pop_root(s); /* replaced or cancelled */
        const entry *next = s->n > 0 ? &s->heap[0] : NULL;
        int from_lane = -1;
        for (int l = 0; l < s->nlanes; l++) {
            const entry *e = &s->lane[l];
            if (e->seq && s->live[e->timer] == e->seq && (!next || before(e, next))) {
                next = e;
                from_lane = l;
            }
        }
        if (!next || next->t > until) break;
        entry top = *next;
        s->live[top.timer] = 0;
        s->now = top.t;
        s->events++;
        ran++;
        const timer_class *c = &s->cls[s->cls_of[top.timer]];
        s->hole = from_lane < 0;
        c->handler(c->ctx, top.timer - c->base);
        if (s->hole) {
            pop_root(s);
            s->hole = 0;
        }
        if (s->stopped) break;
    }
    return ran;
}
