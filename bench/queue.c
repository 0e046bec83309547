/*
 * bench/queue: the event queue on the classic hold model (Vaucher & Duval 1975; Jones 1986, "An
 * empirical comparison of priority-queue and event-set implementations", CACM 29(4)).
 *
 *   queue [--quick]
 *
 * A queue is filled with n events at random times, then "holds" are repeated: pop the earliest
 * event, insert one at its time plus a random increment. The figure is nanoseconds per hold, for
 * n = 10^3 .. 10^6 and two increment laws: exponential(1), the classic, and a bimodal one (90%
 * uniform(0, 0.2), 10% uniform(9, 11)), closer to relsim's mix of short repairs and timeouts
 * among long times to failure, which puts most insertions near the front of the queue.
 *
 * Structures, all ordering ties by (time, sequence of insertion) like the engine:
 *   engine     relsim's own queue through its public API: one class of n timers, each handler
 *              reschedules its own timer (engine_schedule from the handler replaces the dispatched
 *              root and sinks it: the engine's replace-top), dispatch and lazy-cancel checks
 *              included;
 *   binary     binary heap of the engine's 16-byte entries, pop (bottom-up, as the engine's)
 *              then push;
 *   4-ary      the same with four children a node: the arity effect alone;
 *   pairing    two-pass pairing heap (Fredman, Sedgewick, Sleator & Tarjan 1986) over a pool of
 *              24-byte nodes linked by index, no allocation in the loop;
 *   binary-rt  binary heap, the popped root replaced by the new entry, which then sinks: the
 *              engine's structure without its dispatch, so that engine - binary-rt is the cost
 *              of the engine's bookkeeping;
 *   4-ary-rt   the same with four children (the engine's structure until this study chose the
 *              binary one: see sim/engine.c).
 *
 * Fairness: every structure gets the same initial times and the same increments in the same
 * order (pre-generated tables, fixed seeds), so with ties broken by sequence they all pop exactly
 * the same events. The initial times are drawn from the queue's steady state (see
 * residual_bimodal), so the warm-up (10^5 holds, n at 10^6) only warms caches and predictors.
 * Then the structures take turns for three timed runs each, and the best run counts. Time is the
 * thread's processor time, so that other work on the machine weighs less. Before timing, every
 * structure runs the same operations at small n, once with integer times and increments (many
 * ties), and their popped sequences are compared: any difference aborts the benchmark.
 *
 * Also tried on the 4-ary heap with replace-top, and left out for no consistent gain (a few
 * percent better at some sizes, worse at others): the array offset so that each group of four
 * children fills one cache line (LaMarca & Ladner 1996), branch-free selection of the smallest
 * child, and a bottom-up replace-top (the hole sinks to a leaf, the new event rises from there).
 */
#include "sim/engine/engine.h"
#include "sim/engine/clock.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ALWAYS_INLINE static inline __attribute__((always_inline))

/* The thread's processor time rather than wall time: the loops neither sleep nor wait for I/O,
 * and on a shared machine the time spent descheduled is not the queue's. */
static double cpu_seconds(void)
{
    return clock_seconds(CLOCK_THREAD_CPUTIME_ID);
}

/* The engine's entry: 16 bytes, four to a cache line. */
typedef struct {
    double t;
    uint32_t seq;
    uint32_t timer;
} entry;

ALWAYS_INLINE int before(const entry *a, const entry *b)
{
    return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

/* ---- Random numbers and increment laws ---------------------------------------------------- */

/* splitmix64 (Steele, Lea & Flood 2014): enough for a benchmark's inputs. */
static uint64_t next_u64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static double uniform01(uint64_t *state)
{
    return (double)(next_u64(state) >> 11) * 0x1p-53;
}

typedef double (*law)(uint64_t *state);

static double law_exponential(uint64_t *state)
{
    return -log1p(-uniform01(state));
}

static double law_bimodal(uint64_t *state)
{
    return uniform01(state) < 0.9 ? 0.2 * uniform01(state) : 9.0 + 2.0 * uniform01(state);
}

/* The queue starts in its steady state: a pending event's remaining time has the equilibrium
 * density (1 - F(x)) / mean of the increment law F (renewal theory), drawn as U * X with X from
 * the length-biased law x f(x) / mean. For exponential(1) that is exponential(1) again. For the
 * bimodal law the long increments weigh 0.1 * 10 against 0.9 * 0.1 for the short, and x is drawn
 * from the density proportional to x on the chosen interval [a, b]; starting from the increment
 * law instead would take some 10 n holds to forget the start. */
static double residual_bimodal(uint64_t *state)
{
    double a = 9.0, b = 11.0;
    if (uniform01(state) < 0.09 / (0.09 + 1.0)) {
        a = 0.0;
        b = 0.2;
    }
    return uniform01(state) * sqrt(a * a + uniform01(state) * (b * b - a * a));
}

/* For the check only: integers 0..3, so that many events share a time. */
static double law_ties(uint64_t *state)
{
    return (double)(next_u64(state) >> 62);
}

typedef struct {
    const char *name;
    law increment, residual;
} hold_law;

static const hold_law laws[] = {
    {"exponential(1)", law_exponential, law_exponential},
    {"bimodal", law_bimodal, residual_bimodal},
};
static const hold_law ties = {"integer times", law_ties, law_ties};

/* Increments are read from a table of 2^20, cyclically: a pass over it is cheap and every
 * structure reads the same values in the same order. */
#define INC_BITS 20
#define INC_MASK ((1u << INC_BITS) - 1)

typedef struct {
    const double *inc; /* INC_MASK + 1 increments */
    uint64_t k;        /* increments used so far */
    entry *trace;      /* if not NULL, every popped entry is appended here */
    uint64_t ntrace;
} feed;

ALWAYS_INLINE double next_inc(feed *f)
{
    return f->inc[f->k++ & INC_MASK];
}

ALWAYS_INLINE void record(feed *f, entry e)
{
    if (f->trace) f->trace[f->ntrace++] = e;
}

/* ---- d-ary heaps (d = 2, 4) ----------------------------------------------------------------- */

typedef struct {
    entry *h;
    uint32_t n, seq;
} dheap;

ALWAYS_INLINE void dh_sift_up(entry *h, uint32_t i, uint32_t d)
{
    entry e = h[i];
    while (i > 0) {
        uint32_t parent = (i - 1) / d;
        if (!before(&e, &h[parent])) break;
        h[i] = h[parent];
        i = parent;
    }
    h[i] = e;
}

ALWAYS_INLINE void dh_sift_down(entry *h, uint32_t n, uint32_t i, uint32_t d)
{
    entry e = h[i];
    for (;;) {
        uint32_t first = i * d + 1;
        if (first >= n) break;
        uint32_t best = first, end = first + d < n ? first + d : n;
        for (uint32_t c = first + 1; c < end; c++)
            if (before(&h[c], &h[best])) best = c;
        if (!before(&h[best], &e)) break;
        h[i] = h[best];
        i = best;
    }
    h[i] = e;
}

/* Removes the root of a heap of n + 1 entries, the engine's way (Wegener's bottom-up deletion):
 * the hole follows the smaller children to a leaf, then the last entry rises from there. */
ALWAYS_INLINE void dh_pop(entry *h, uint32_t n, uint32_t d)
{
    if (n == 0) return;
    entry last = h[n];
    uint32_t i = 0;
    for (;;) {
        uint32_t first = i * d + 1;
        if (first >= n) break;
        uint32_t best = first, end = first + d < n ? first + d : n;
        for (uint32_t c = first + 1; c < end; c++)
            if (before(&h[c], &h[best])) best = c;
        h[i] = h[best];
        i = best;
    }
    h[i] = last;
    dh_sift_up(h, i, d);
}

static void *dheap_new(uint32_t n)
{
    dheap *q = calloc(1, sizeof *q);
    if (q && !(q->h = malloc(n * sizeof *q->h))) {
        free(q);
        q = NULL;
    }
    return q;
}

static void dheap_free(void *q)
{
    if (q) free(((dheap *)q)->h);
    free(q);
}

ALWAYS_INLINE void dh_fill(dheap *q, const double *t, uint32_t n, uint32_t d)
{
    for (uint32_t i = 0; i < n; i++)
        q->h[i] = (entry){t[i], i + 1, i};
    q->n = n;
    q->seq = n;
    if (n > 1) /* Floyd's construction, as engine_run does */
        for (uint32_t i = (n - 2) / d + 1; i-- > 0;)
            dh_sift_down(q->h, n, i, d);
}

/* Pop then push. */
ALWAYS_INLINE void dh_hold(dheap *q, feed *f, uint64_t holds, uint32_t d)
{
    entry *h = q->h;
    uint32_t n = q->n, seq = q->seq;
    for (uint64_t k = 0; k < holds; k++) {
        entry top = h[0];
        record(f, top);
        dh_pop(h, n - 1, d);
        h[n - 1] = (entry){top.t + next_inc(f), ++seq, top.timer};
        dh_sift_up(h, n - 1, d);
    }
    q->seq = seq;
}

/* Replace the root, then sink it. */
ALWAYS_INLINE void dh_hold_rt(dheap *q, feed *f, uint64_t holds, uint32_t d)
{
    entry *h = q->h;
    uint32_t n = q->n, seq = q->seq;
    for (uint64_t k = 0; k < holds; k++) {
        entry top = h[0];
        record(f, top);
        h[0] = (entry){top.t + next_inc(f), ++seq, top.timer};
        dh_sift_down(h, n, 0, d);
    }
    q->seq = seq;
}

static void heap2_fill(void *q, const double *t, uint32_t n)
{
    dh_fill(q, t, n, 2);
}

static void heap4_fill(void *q, const double *t, uint32_t n)
{
    dh_fill(q, t, n, 4);
}

static void heap2_hold(void *q, feed *f, uint64_t holds)
{
    dh_hold(q, f, holds, 2);
}

static void heap4_hold(void *q, feed *f, uint64_t holds)
{
    dh_hold(q, f, holds, 4);
}

static void heap2_hold_rt(void *q, feed *f, uint64_t holds)
{
    dh_hold_rt(q, f, holds, 2);
}

static void heap4_hold_rt(void *q, feed *f, uint64_t holds)
{
    dh_hold_rt(q, f, holds, 4);
}

/* ---- Pairing heap --------------------------------------------------------------------------- */

#define NIL UINT32_MAX

/* A node: its event, its first child and its next sibling (indices into the pool). Delete-min
 * needs no back pointer; decrease-key would. */
typedef struct {
    double t;
    uint32_t seq, timer;
    uint32_t child, next;
} pnode;

typedef struct {
    pnode *a;
    uint32_t root, seq;
} pairing;

ALWAYS_INLINE int pbefore(const pnode *x, const pnode *y)
{
    return x->t < y->t || (x->t == y->t && x->seq < y->seq);
}

/* Links two roots: the later becomes the first child of the earlier, which is returned. */
ALWAYS_INLINE uint32_t plink(pnode *a, uint32_t x, uint32_t y)
{
    if (pbefore(&a[y], &a[x])) {
        uint32_t z = x;
        x = y;
        y = z;
    }
    a[y].next = a[x].child;
    a[x].child = y;
    return x;
}

/* Two-pass merge of a list of siblings: link them in pairs from left to right (the results
 * collected in reverse order), then link the pairs from right to left into one tree. */
ALWAYS_INLINE uint32_t ptwo_pass(pnode *a, uint32_t first)
{
    uint32_t pairs = NIL;
    while (first != NIL) {
        uint32_t x = first, y = a[x].next;
        if (y == NIL) {
            a[x].next = pairs;
            pairs = x;
            break;
        }
        first = a[y].next;
        uint32_t r = plink(a, x, y);
        a[r].next = pairs;
        pairs = r;
    }
    if (pairs == NIL) return NIL;
    uint32_t root = pairs, rest = a[pairs].next;
    while (rest != NIL) {
        uint32_t after = a[rest].next;
        root = plink(a, root, rest);
        rest = after;
    }
    a[root].next = NIL;
    return root;
}

static void *pairing_new(uint32_t n)
{
    pairing *q = calloc(1, sizeof *q);
    if (q && !(q->a = malloc(n * sizeof *q->a))) {
        free(q);
        q = NULL;
    }
    return q;
}

static void pairing_free(void *q)
{
    if (q) free(((pairing *)q)->a);
    free(q);
}

static void pairing_fill(void *p, const double *t, uint32_t n)
{
    pairing *q = p;
    q->root = NIL;
    for (uint32_t i = 0; i < n; i++) {
        q->a[i] = (pnode){t[i], i + 1, i, NIL, NIL};
        q->root = q->root == NIL ? i : plink(q->a, q->root, i);
    }
    q->seq = n;
}

/* The popped node is reused for the new event: the pool never grows. */
static void pairing_hold(void *p, feed *f, uint64_t holds)
{
    pairing *q = p;
    pnode *a = q->a;
    uint32_t root = q->root, seq = q->seq;
    for (uint64_t k = 0; k < holds; k++) {
        uint32_t r = root;
        record(f, (entry){a[r].t, a[r].seq, a[r].timer});
        root = ptwo_pass(a, a[r].child);
        a[r] = (pnode){a[r].t + next_inc(f), ++seq, a[r].timer, NIL, NIL};
        root = root == NIL ? r : plink(a, root, r);
    }
    q->root = root;
    q->seq = seq;
}

/* ---- relsim's engine ------------------------------------------------------------------------ */

typedef struct {
    engine *s;
    feed *f;
    int failed;
} qengine_q;

static void qengine_fire(void *ctx, uint32_t id)
{
    qengine_q *q = ctx;
    double now = engine_now(q->s);
    record(q->f, (entry){now, 0, id}); /* the engine's sequence numbers are not visible */
    if (engine_schedule(q->s, 0, id, now + next_inc(q->f))) {
        q->failed = 1;
        engine_stop(q->s);
    }
}

static void *qengine_new(uint32_t n)
{
    qengine_q *q = calloc(1, sizeof *q);
    if (!q) return NULL;
    if (!(q->s = engine_new()) || engine_add_class(q->s, qengine_fire, q, n) != 0) {
        engine_free(q->s);
        free(q);
        return NULL;
    }
    return q;
}

static void qengine_free(void *p)
{
    qengine_q *q = p;
    if (q) engine_free(q->s);
    free(q);
}

static void qengine_fill(void *p, const double *t, uint32_t n)
{
    qengine_q *q = p;
    engine_reset(q->s);
    for (uint32_t i = 0; i < n; i++)
        if (engine_schedule(q->s, 0, i, t[i])) q->failed = 1;
}

static void qengine_hold(void *p, feed *f, uint64_t holds)
{
    qengine_q *q = p;
    q->f = f;
    if (!q->failed && engine_run(q->s, INFINITY, holds) != holds) q->failed = 1;
}

static int qengine_failed(void *p)
{
    return ((qengine_q *)p)->failed;
}

/* ---- The benchmark -------------------------------------------------------------------------- */

typedef struct {
    const char *name;
    void *(*make)(uint32_t n); /* NULL if out of memory */
    void (*fill)(void *q, const double *t, uint32_t n);
    void (*hold)(void *q, feed *f, uint64_t holds);
    void (*release)(void *q);
    int (*failed)(void *q); /* NULL if it cannot fail once made */
} queue_impl;

static const queue_impl impls[] = {
    {"engine", qengine_new, qengine_fill, qengine_hold, qengine_free, qengine_failed},
    {"binary", dheap_new, heap2_fill, heap2_hold, dheap_free, NULL},
    {"4-ary", dheap_new, heap4_fill, heap4_hold, dheap_free, NULL},
    {"pairing", pairing_new, pairing_fill, pairing_hold, pairing_free, NULL},
    {"binary-rt", dheap_new, heap2_fill, heap2_hold_rt, dheap_free, NULL},
    {"4-ary-rt", dheap_new, heap4_fill, heap4_hold_rt, dheap_free, NULL},
};
#define NIMPL (sizeof impls / sizeof impls[0])
#define REF 1 /* the binary heap: the reference of the check */
#define RUNS 3

/* Fills inc with the increment table and t with n initial times, from fixed seeds. */
static void draw(const hold_law *l, double *inc, double *t, uint32_t n)
{
    uint64_t a = 0x5eed0001u, b = 0x5eed0002u;
    for (uint32_t i = 0; i <= INC_MASK; i++)
        inc[i] = l->increment(&a);
    for (uint32_t i = 0; i < n; i++)
        t[i] = l->residual(&b);
}

static int failed(size_t s, void *q)
{
    return impls[s].failed && impls[s].failed(q);
}

/* Runs every structure through the same fill of n events and `holds` holds, and compares what
 * they pop. Returns 0, or -1 with a message in err. */
static int check(const hold_law *l, uint32_t n, uint64_t holds, char *err, size_t errlen)
{
    double *inc = malloc((INC_MASK + 1) * sizeof *inc), *t = malloc(n * sizeof *t);
    entry *trace[NIMPL] = {0};
    int rc = -1;
    snprintf(err, errlen, "check: out of memory");
    if (!inc || !t) goto out;
    draw(l, inc, t, n);
    for (size_t s = 0; s < NIMPL; s++) {
        void *q = impls[s].make(n);
        feed f = {inc, 0, malloc(holds * sizeof(entry)), 0};
        trace[s] = f.trace;
        if (!q || !f.trace) {
            impls[s].release(q);
            goto out;
        }
        impls[s].fill(q, t, n);
        impls[s].hold(q, &f, holds);
        int bad = failed(s, q) || f.ntrace != holds;
        impls[s].release(q);
        if (bad) {
            snprintf(err, errlen, "check (%s, n = %u): %s ran %llu holds of %llu", l->name, n,
                     impls[s].name, (unsigned long long)f.ntrace, (unsigned long long)holds);
            goto out;
        }
    }
    /* The reference pops in (time, sequence) order; every other structure pops the same events,
     * the engine compared on (time, timer) since its sequence numbers are internal. */
    const entry *ref = trace[REF];
    for (uint64_t k = 1; k < holds; k++)
        if (before(&ref[k], &ref[k - 1])) {
            snprintf(err, errlen, "check (%s, n = %u): %s popped out of order at hold %llu",
                     l->name, n, impls[REF].name, (unsigned long long)k);
            goto out;
        }
    for (size_t s = 0; s < NIMPL; s++)
        for (uint64_t k = 0; k < holds; k++) {
            const entry *x = &trace[s][k], *r = &ref[k];
            if (x->t != r->t || x->timer != r->timer || (s != 0 && x->seq != r->seq)) {
                snprintf(err, errlen,
                         "check (%s, n = %u): %s differs from %s at hold %llu: popped "
                         "(%.17g, seq %u, timer %u) instead of (%.17g, seq %u, timer %u)",
                         l->name, n, impls[s].name, impls[REF].name, (unsigned long long)k, x->t,
                         x->seq, x->timer, r->t, r->seq, r->timer);
                goto out;
            }
        }
    rc = 0;
out:
    for (size_t s = 0; s < NIMPL; s++)
        free(trace[s]);
    free(inc);
    free(t);
    return rc;
}

/* Fills ns[s] with structure s's best time per hold over RUNS runs of `holds` holds, after a
 * warm-up of `warm` holds. The structures take turns, in a rotating order, so that a change in
 * the machine's load between runs falls on all of them alike. Returns 0, or -1 with a message in
 * err. */
static int measure(const double *inc, const double *t, uint32_t n, uint64_t warm, uint64_t holds,
                   double ns[NIMPL], char *err, size_t errlen)
{
    void *q[NIMPL] = {0};
    feed f[NIMPL];
    int rc = -1;
    for (size_t s = 0; s < NIMPL; s++) {
        if (!(q[s] = impls[s].make(n))) {
            snprintf(err, errlen, "%s, n = %u: out of memory", impls[s].name, n);
            goto out;
        }
        f[s] = (feed){inc, 0, NULL, 0};
        impls[s].fill(q[s], t, n);
        impls[s].hold(q[s], &f[s], warm);
        ns[s] = INFINITY;
    }
    for (size_t r = 0; r < RUNS; r++)
        for (size_t i = 0; i < NIMPL; i++) {
            size_t s = (i + r) % NIMPL;
            double t0 = cpu_seconds();
            impls[s].hold(q[s], &f[s], holds);
            double dt = (cpu_seconds() - t0) * 1e9 / (double)holds;
            if (dt < ns[s]) ns[s] = dt;
        }
    for (size_t s = 0; s < NIMPL; s++)
        if (failed(s, q[s])) {
            snprintf(err, errlen, "%s, n = %u: the queue could not grow", impls[s].name, n);
            goto out;
        }
    rc = 0;
out:
    for (size_t s = 0; s < NIMPL; s++)
        if (q[s]) impls[s].release(q[s]);
    return rc;
}

int main(int argc, char **argv)
{
    int quick = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0) {
            quick = 1;
        } else {
            fprintf(stderr, "usage: queue [--quick]\n");
            return 2;
        }
    }
    char err[300];
    static const uint32_t sizes[] = {1000, 10000, 100000, 1000000};
    /* Timed holds a run, and warm-up holds. At 10^6 a full run times RUNS x n holds after n of
     * warm-up, so that every event is popped a few times; --quick gives only a first look there. */
    static const uint64_t holds_full[] = {1000000, 1000000, 500000, 1000000};
    static const uint64_t warm_full[] = {100000, 100000, 100000, 1000000};
    static const uint64_t holds_quick[] = {100000, 100000, 50000, 50000};
    static const uint64_t warm_quick[] = {10000, 10000, 10000, 50000};

    if (check(&laws[0], 1000, 200000, err, sizeof err) ||
        check(&laws[1], 1000, 200000, err, sizeof err) ||
        check(&ties, 100, 200000, err, sizeof err) || check(&ties, 1, 1000, err, sizeof err)) {
        fprintf(stderr, "queue: %s\n", err);
        return 1;
    }

    double *inc = malloc((INC_MASK + 1) * sizeof *inc);
    double *t = malloc(sizes[3] * sizeof *t);
    if (!inc || !t) {
        fprintf(stderr, "queue: out of memory\n");
        return 1;
    }
    printf("Event queue on the hold model (Jones 1986): ns per hold, best of %d runs%s\n", RUNS,
           quick ? " (--quick: fewer holds)" : "");
    printf("engine: relsim's engine_run and engine_schedule; binary, 4-ary: pop then push; pairing: "
           "two-pass;\n-rt: the root replaced by the new event, which sinks. bimodal: 90%% "
           "uniform(0, 0.2), 10%% uniform(9, 11)\n");
    printf("%8s %-15s", "n", "increments");
    for (size_t s = 0; s < NIMPL; s++)
        printf(" %9s", impls[s].name);
    printf("  %-10s %s\n", "best", "engine/best");
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        uint32_t n = sizes[i];
        uint64_t holds = quick ? holds_quick[i] : holds_full[i];
        uint64_t warm = quick ? warm_quick[i] : warm_full[i];
        for (size_t j = 0; j < sizeof laws / sizeof laws[0]; j++) {
            double ns[NIMPL];
            draw(&laws[j], inc, t, n);
            if (measure(inc, t, n, warm, holds, ns, err, sizeof err)) {
                fprintf(stderr, "queue: %s\n", err);
                return 1;
            }
            size_t best = 0;
            printf("%8u %-15s", n, laws[j].name);
            for (size_t s = 0; s < NIMPL; s++) {
                printf(" %9.1f", ns[s]);
                if (ns[s] < ns[best]) best = s;
            }
            printf("  %-10s %.2f\n", impls[best].name, ns[0] / ns[best]);
            fflush(stdout);
        }
    }
    free(inc);
    free(t);
    return 0;
}
