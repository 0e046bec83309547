/*
 * engine: event queue, clock and dispatch (see engine.h).
 *
 * Why a binary heap of 16-byte entries, with replace-top (a handler's new event takes the place
 * of the one just dispatched and sinks once, instead of a pop and a push): on the hold model
 * (Jones 1986) at relsim's sizes it beats a 4-ary heap, a heap without replace-top and a pairing
 * heap (bench/queue.c measures them side by side; bench/README.md has the figures). A 4-ary
 * level costs four comparisons to a binary level's two, which the halved depth repays only where
 * memory is the bottleneck. Pops use bottom-up deletion (Wegener 1993).
 *
 * Classes of a single timer (the job's phase, for instance) are kept out of the heap, each in a
 * lane of its own: their events are most of a trial's events and are always near the front, so
 * comparing a handful of lanes with the heap's top beats sinking them through the heap.
 *
 * Events the model knows to come soon (engine_schedule_soon: a failure's detection, a swap) wait
 * in a second, small heap. In the main heap they would rise through every level, since the
 * repairs in progress all end later, and come back down when they run: with a hundred repairs
 * pending, that was several descents of the whole heap per failure, and is now one. The run
 * loop takes the earlier of the two roots (and of the lanes) by (time, sequence), so the order
 * of events does not depend on which heap an event waited in.
 *
 * Entries compare as doubles then sequence numbers. Comparing them as one 128-bit integer (the
 * bits of a non-negative double order as its value) helps a small heap alone but hurts a large
 * one (the branch-free selection of a child waits for its loads where a predicted branch runs
 * ahead), and made whole runs no faster (bench/README.md, "tried and not kept").
 *
 * Sequence numbers are 32 bits and restart at every reset. Should a trial schedule 2^32 - 1
 * events, the pending entries are renumbered in order (engine_renumber), so ordering never breaks.
 */
#include "sim/engine/engine.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    double t;
    uint32_t seq;
    uint32_t timer;
} entry;

/* Where a timer's live event comes from (engine_origin but its number): the clock when it was
 * scheduled, the number of the event that scheduled it (0: none) and when that one was
 * (-infinity: none). */
typedef struct {
    double when, by_when;
    uint32_t by;
} origin;

typedef struct {
    engine_handler handler;
    void *ctx;
    uint32_t base, n;
    int lane; /* index into lane[] for a class of one timer, else -1 */
} timer_class;

/* An implicit binary min-heap. */
typedef struct {
    entry *h;
    uint32_t n, cap;
} heap;

#define MAX_LANES 8
enum { FAR, SOON, NHEAPS };

struct engine {
    engine_clock clock; /* first, for engine_now (engine.h) */
    heap q[NHEAPS];  /* q[SOON]: events scheduled with engine_schedule_soon; q[FAR]: the others */
    uint32_t *live;  /* per timer: sequence number of its live event, 0 if none */
    origin *from;    /* per timer: where its live event comes from */
    uint8_t *cls_of; /* per timer: its class */
    uint32_t ntimers;
    timer_class cls[255];
    int ncls;
    uint32_t seq;
    uint64_t events;
    int stopped;
    int unordered; /* entries appended since reset without sifting; heapify before running */
    int hole;      /* the heap whose root was dispatched and may be overwritten by the next schedule
                      into that heap, or -1 */
    entry lane[MAX_LANES]; /* live while live[lane.timer] == lane.seq */
    int nlanes;
    uint32_t cur_seq; /* the event being dispatched (0: none): its sequence, when and by which
                         event it was scheduled */
    uint32_t cur_by;
    double cur_when, cur_by_when;
};

#define LIVE_MARK 0x80000000u

static inline int before(const entry *a, const entry *b)
{
    return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

static void sift_up(entry *h, uint32_t i)
{
    entry e = h[i];
    while (i > 0) {
        uint32_t parent = (i - 1) / 2;
        if (!before(&e, &h[parent])) break;
        h[i] = h[parent];
        i = parent;
    }
    h[i] = e;
}

static void sift_down(entry *h, uint32_t n, uint32_t i)
{
    entry e = h[i];
    uint32_t c;
    while ((c = 2 * i + 1) < n) {
        if (c + 1 < n && before(&h[c + 1], &h[c])) c++;
        if (!before(&h[c], &e)) break;
        h[i] = h[c];
        i = c;
    }
    h[i] = e;
}

/* Removes the root: the last entry takes its place and sinks. */
static void pop_root(heap *q)
{
    if (--q->n == 0) return;
    /* Bottom-up deletion (Wegener 1993): the hole at the root follows the smaller children down
     * to a leaf without comparing them with the last entry, which almost always belongs near the
     * bottom; the last entry then rises from that leaf. Fewer comparisons than sinking it from the
     * root. */
    entry *h = q->h, last = h[q->n];
    uint32_t n = q->n, i = 0, c;
    while ((c = 2 * i + 1) + 1 < n) { /* two children */
        if (before(&h[c + 1], &h[c])) c++;
        h[i] = h[c];
        i = c;
    }
    if (c < n) { /* an only child, the last leaf */
        h[i] = h[c];
        i = c;
    }
    h[i] = last;
    sift_up(h, i);
}

/* Doubles a heap's room. */
static int grow(heap *q)
{
    uint32_t cap = q->cap ? q->cap * 2 : 1024;
    entry *h = realloc(q->h, cap * sizeof *h);
    if (!h) return -1;
    q->h = h;
    q->cap = cap;
    return 0;
}

/* Puts entry e into heap q: in the dispatched root's place if q holds the hole, else at the end. */
static int push(engine *s, int which, entry e)
{
    heap *q = &s->q[which];
    if (s->hole == which) {
        /* The usual case: a handler schedules its entity's next event. Replacing the dispatched
         * root and sinking the new entry costs one descent instead of a pop and a push, and
         * nothing at all when the new event is again the earliest (a job's next phase). */
        q->h[0] = e;
        sift_down(q->h, q->n, 0);
        s->hole = -1;
        return 0;
    }
    if (q->n >= q->cap && grow(q)) return -1;
    q->h[q->n] = e;
    if (!s->unordered) sift_up(q->h, q->n);
    q->n++;
    return 0;
}

engine *engine_new(void)
{
    engine *s = calloc(1, sizeof *s);
    if (s) s->hole = -1;
    return s;
}

void engine_free(engine *s)
{
    if (!s) return;
    for (int k = 0; k < NHEAPS; k++)
        free(s->q[k].h);
    free(s->live);
    free(s->from);
    free(s->cls_of);
    free(s);
}

int engine_add_class(engine *s, engine_handler handler, void *ctx, uint32_t n)
{
    if (s->ncls >= 255 || n >= LIVE_MARK - s->ntimers) return -1;
    uint32_t total = s->ntimers + n;
    uint32_t *live = realloc(s->live, (total ? total : 1) * sizeof *live);
    if (!live) return -1;
    s->live = live;
    origin *from = realloc(s->from, (total ? total : 1) * sizeof *from);
    if (!from) return -1;
    s->from = from;
    uint8_t *cls_of = realloc(s->cls_of, total ? total : 1);
    if (!cls_of) return -1;
    s->cls_of = cls_of;
    memset(s->live + s->ntimers, 0, n * sizeof *live);
    memset(s->cls_of + s->ntimers, s->ncls, n);
    int lane = n == 1 && s->nlanes < MAX_LANES ? s->nlanes++ : -1;
    s->cls[s->ncls] = (timer_class){handler, ctx, s->ntimers, n, lane};
    if (lane >= 0) s->lane[lane] = (entry){0.0, 0, s->ntimers};
    s->ntimers = total;
    return s->ncls++;
}

void engine_reset(engine *s)
{
    for (int k = 0; k < NHEAPS; k++)
        s->q[k].n = 0;
    s->clock.now = 0.0;
    s->seq = 0;
    s->events = 0;
    s->stopped = 0;
    s->unordered = 1;
    s->hole = -1;
    s->cur_seq = 0;
    s->cur_when = -INFINITY;
    memset(s->live, 0, s->ntimers * sizeof *s->live);
}

static int cmp_entry(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    return before(x, y) ? -1 : before(y, x) ? 1 : 0;
}

/* Gives the pending entries fresh sequence numbers 1..n in queue order, all in the far heap (a
 * sorted array is a valid heap, so the queue stays ordered; which heap an entry is in matters
 * for speed only). Live entries are marked before the numbers change (timer numbers stay below
 * 2^31, so the top bit is free), so that a stale entry can never take the number its timer's
 * live entry gets. Returns -1 if out of memory. */
static int engine_renumber(engine *s)
{
    if (s->hole >= 0) {
        pop_root(&s->q[s->hole]);
        s->hole = -1;
    }
    heap *q = &s->q[FAR], *soon = &s->q[SOON];
    while (q->n + soon->n + MAX_LANES > q->cap)
        if (grow(q)) return -1;
    if (soon->n) memcpy(q->h + q->n, soon->h, soon->n * sizeof *q->h);
    q->n += soon->n;
    soon->n = 0;
    /* Live lane events join the sort, then leave again. */
    for (int l = 0; l < s->nlanes; l++)
        if (s->lane[l].seq && s->live[s->lane[l].timer] == s->lane[l].seq)
            q->h[q->n++] = s->lane[l];
    for (uint32_t i = 0; i < q->n; i++)
        if (s->live[q->h[i].timer] == q->h[i].seq) q->h[i].timer |= LIVE_MARK;
    qsort(q->h, q->n, sizeof *q->h, cmp_entry);
    uint32_t kept = 0;
    for (uint32_t i = 0; i < q->n; i++) {
        entry e = q->h[i];
        e.seq = i + 1;
        if (e.timer & LIVE_MARK) {
            e.timer &= ~LIVE_MARK;
            s->live[e.timer] = e.seq;
        }
        int lane = s->cls[s->cls_of[e.timer]].lane;
        if (lane >= 0)
            s->lane[lane] = e;
        else
            q->h[kept++] = e; /* still sorted, so still a heap */
    }
    s->seq = q->n;
    q->n = kept;
    s->unordered = 0;
    return 0;
}

/* Schedules timer (cls, id) at t in heap `which`, or in its lane if its class has one. */
static inline int schedule(engine *s, int cls, uint32_t id, double t, int which)
{
    const timer_class *c = &s->cls[cls];
    uint32_t timer = c->base + id;
    if (s->seq == UINT32_MAX - 1 && engine_renumber(s)) return -1;
    uint32_t seq = s->seq + 1;
    if (c->lane >= 0) {
        s->lane[c->lane] = (entry){t, seq, timer};
    } else if (push(s, which, (entry){t, seq, timer})) {
        return -1;
    }
    s->seq = seq;
    s->live[timer] = seq;
    s->from[timer] = (origin){s->clock.now, s->cur_when, s->cur_seq};
    return 0;
}

int engine_schedule(engine *s, int cls, uint32_t id, double t)
{
    return schedule(s, cls, id, t, FAR);
}

int engine_schedule_soon(engine *s, int cls, uint32_t id, double t)
{
    return schedule(s, cls, id, t, SOON);
}

void engine_cancel(engine *s, int cls, uint32_t id)
{
    s->live[s->cls[cls].base + id] = 0;
}

int engine_pending(const engine *s, int cls, uint32_t id)
{
    return s->live[s->cls[cls].base + id] != 0;
}

void engine_stop(engine *s)
{
    s->stopped = 1;
}

uint64_t engine_events(const engine *s)
{
    return s->events;
}

uint32_t engine_queue_size(const engine *s)
{
    return s->q[FAR].n + s->q[SOON].n;
}

uint32_t engine_seq(const engine *s)
{
    return s->seq;
}

void engine_current(const engine *s, engine_origin *o)
{
    *o = (engine_origin){s->cur_seq, s->cur_by, s->cur_when, s->cur_by_when};
}

void engine_test_set_seq(engine *s, uint32_t seq)
{
    s->seq = seq;
}

/* The heap's root, after dropping dead entries (replaced or cancelled), or NULL if empty. */
static inline const entry *live_root(engine *s, heap *q)
{
    while (q->n > 0 && s->live[q->h[0].timer] != q->h[0].seq)
        pop_root(q);
    return q->n > 0 ? &q->h[0] : NULL;
}

int engine_peek(engine *s, double *t, engine_origin *o)
{
    if (s->hole >= 0) { /* the dispatched root is dead: take it out before looking */
        pop_root(&s->q[s->hole]);
        s->hole = -1;
    }
    const entry *next = live_root(s, &s->q[FAR]), *e = live_root(s, &s->q[SOON]);
    if (e && (!next || before(e, next))) next = e;
    for (int l = 0; l < s->nlanes; l++) {
        e = &s->lane[l];
        if (e->seq && s->live[e->timer] == e->seq && (!next || before(e, next))) next = e;
    }
    if (!next) return 0;
    *t = next->t;
    const origin *f = &s->from[next->timer];
    *o = (engine_origin){next->seq, f->by, f->when, f->by_when};
    return 1;
}

uint64_t engine_run(engine *s, double until, uint64_t max_events)
{
    uint64_t ran = 0;
    if (s->unordered) {
        /* Floyd's bottom-up heap construction: O(n) for the events scheduled before the run. */
        for (int k = 0; k < NHEAPS; k++) {
            heap *q = &s->q[k];
            if (q->n > 1)
                for (uint32_t i = (q->n - 2) / 2 + 1; i-- > 0;)
                    sift_down(q->h, q->n, i);
        }
        s->unordered = 0;
    }
    s->stopped = 0;
    heap *far = &s->q[FAR], *soon = &s->q[SOON];
    while (ran < max_events) {
        const entry *next = live_root(s, far);
        int from = FAR;
        if (soon->n) {
            const entry *e = live_root(s, soon);
            if (e && (!next || before(e, next))) {
                next = e;
                from = SOON;
            }
        }
        for (int l = 0; l < s->nlanes; l++) {
            const entry *e = &s->lane[l];
            if (e->seq && s->live[e->timer] == e->seq && (!next || before(e, next))) {
                next = e;
                from = -1;
            }
        }
        if (!next || next->t > until) break;
        entry top = *next;
        s->live[top.timer] = 0;
        s->cur_seq = top.seq;
        const origin *f = &s->from[top.timer];
        s->cur_by = f->by;
        s->cur_when = f->when;
        s->cur_by_when = f->by_when;
        s->clock.now = top.t;
        s->events++;
        ran++;
        const timer_class *c = &s->cls[s->cls_of[top.timer]];
        s->hole = from;
        c->handler(c->ctx, top.timer - c->base);
        if (s->hole >= 0) {
            pop_root(&s->q[s->hole]);
            s->hole = -1;
        }
        if (s->stopped) break;
    }
    s->cur_seq = 0; /* what is scheduled between runs was scheduled by no event */
    s->cur_when = -INFINITY;
    return ran;
}
