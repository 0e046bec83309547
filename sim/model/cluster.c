/*
 * cluster: the cluster state machine (see cluster.h and docs/model.md).
 *
 * Two timer classes: one timer per node, whose event is its failure, the detection of its failure,
 * the end of its repair or the end of its restart in place (a process-reach failure) depending on
 * the node's state (a node is in one of these at a time), and one per slot, the end of a swap into
 * it. When every life is exponential (life.h, the Poisson shortcut), failures come instead from a
 * third class of one timer, the points of a thinned Poisson process; node timers then only detect,
 * repair and restart. With cold spares the nodes that age are exactly those of the slots that are
 * up, so the points fall on slots, at rate slots/mean, and fail the node of an up slot: the stream
 * of points is the same whatever the spares and crews, which keeps sweeps over them paired. With
 * hot spares every node that has not failed ages, so the points fall on nodes, at rate nodes/mean,
 * and fail an ageing one. Queues are intrusive lists over node and slot numbers: the spare pool
 * (doubly linked: a hot spare can fail out of its middle), the repair queue and the queue of empty
 * slots waiting for a repaired node (both first come first served).
 *
 * Planned maintenance ([maintenance]): scope all is one more domain of every slot (`maint`), due
 * at fixed wall times rather than after a drawn up time, that destroys nothing; rolling is one
 * more timer, the next slot's turn, whose node leaves the slot (N_MAINT) and comes back through
 * its node timer, as a repaired node does but without a crew.
 * The repair pipeline and the fleet (docs/model.md, "Repairs and the fleet") keep their per-node
 * figures apart (fleet_node, allocated only for a scenario that has them) and draw from purposes
 * of their own, so a scenario without them runs exactly as before. A faulty repair's second
 * failure competes with the node's lives on its one timer (bad_next says which of the two the
 * timer is for), and a lemon's lives run lemon_factor times faster than wall time; both need a
 * timer per node, so either turns the Poisson shortcut off.
 * A kind that replays a trace (ttf = trace(FILE)) is not in the life model: its failures come from
 * a class of one timer per traced kind, the next failure of its trace (sorted times shared by
 * every trial), and fail the node of their slot if the slot is up, else are skipped (counted).
 * A traced kind with a law past its trace's end (trace_end = LAW) gets, from then, a second life
 * per node (fb): a node's failure timer is then the first of its two lives.
 */
#include "sim/model/cluster.h"
#include "sim/engine/iheap.h"
#include "sim/model/draw.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NONE UINT32_MAX

/* N_RESTART: in its slot, restarting in place after a process-reach failure (not ageing).
 * N_MAINT: out of its slot for a rolling maintenance (not ageing, its timer the return).
 * N_MANUAL: under the manual repair that follows a failed automatic one (same crew). N_RETIRED:
 * out of the fleet for good; N_ORDERED: out of it, its replacement due on its timer. */
enum { N_SLOT, N_POOL, N_SWAP, N_DETECT, N_RQUEUE, N_REPAIR, N_RESTART, N_MAINT, N_MANUAL,
       N_RETIRED, N_ORDERED };
enum { S_UP, S_DETECT, S_QUEUED, S_SWAP, S_RESTART };

typedef struct {
    uint8_t state;
    uint8_t lemon;       /* [fleet]: a lemon, ageing lemon_factor times faster */
    uint8_t bad_pending; /* a faulty repair's second failure is pending (fleet_node.bad_left) */
    uint8_t bad_next;    /* ageing: its timer is that failure's, not its components' */
    int32_t kind;    /* component kind of its last failure */
    double aged_from; /* when it last started ageing (timers per node; failure domains) */
    uint32_t slot;   /* slot held, being swapped into, or failed out of (until detected) */
    uint32_t prev;   /* pool link backwards (forwards: node_next) */
    uint32_t k_fail; /* failures so far: stream (v, STREAM_FAILURE, k) serves failure k */
    uint32_t k_swap; /* swaps so far (stream STREAM_FAILOVER) */
    double repair_u; /* the uniform of its pending repair time, if drawn already, else 0 */
} node;

/* A node's figures of the repair pipeline and the fleet. */
typedef struct {
    double bad_left;  /* hours of ageing (wall time) until its faulty repair's failure */
    int32_t bad_kind; /* the kind that failure is of: that of the failure repaired */
    uint32_t nfail;   /* node-reach failures since it joined the fleet */
    uint32_t k_new;   /* nodes that have replaced a retired one under its number */
} fleet_node;

typedef struct {
    uint8_t state;
    uint8_t ddown; /* failure domains around it that are down: the slot is up only at 0 */
    uint8_t maint; /* rolling maintenance: its node has left it, and no node has swapped in yet */
    uint32_t node; /* node in it or being swapped in, NONE if empty */
} slot;

/* A failure domain ([domain.NAME]): size consecutive slots from `first`, up or down. */
typedef struct {
    uint32_t first, size;
    uint32_t k_out; /* outages so far (its stream's draws) */
    uint8_t kind, up;
    uint8_t site;  /* the whole site ([site]): a disaster, down for its rto */
    uint8_t maint; /* scope-all maintenance ([maintenance]): due at fixed times, loses nothing;
                      k_out counts the periods due so far */
} domain;

typedef struct {
    uint32_t head, tail;
} queue;

/* A traced kind's replay in this trial: the next failure is the trace's failure i of pass
 * `wraps` (at t[i] + wraps x the period); k counts the pooled slot draws. */
typedef struct {
    int kind;
    const scn_trace *t;
    size_t i;
    uint32_t wraps, k;
} trace_run;

struct cluster {
    const scn *s;
    engine *e;
    stream *r;
    life *life;
    int c_node, c_swap; /* timer classes: one timer per node (its next failure, detection or
                           end of repair, as its state says) and one per slot (end of a swap) */
    int c_point;        /* Poisson shortcut: the timer of the next point, else -1 */
    double point_mean;  /* Poisson shortcut: mean time between points (node mean life / nodes) */
    uint32_t k_point;   /* points drawn in this trial */
    uint32_t point_at;  /* the slot (cold spares) or node (hot) the next point falls on */
    double point_kind;  /* and the uniform that picks the failing component */
    uint32_t point_of;  /* how many slots or nodes the points fall on */
    const life_model *lm;
    uint64_t process_kinds; /* bit k: component kind k has reach = process */
    uint32_t nslots, nnodes;
    node *node;
    slot *slot;
    uint32_t *node_next; /* pool and repair-queue links (a node is in one at most) */
    uint32_t *slot_next; /* empty-slot queue links */
    /* the state every trial starts from (cluster_new builds it by new_nodes): its nodes, slots
     * and pool links, copied by cluster_reset instead of built node by node each trial */
    node *node0;
    slot *slot0;
    uint32_t *node_next0;
    queue pool0;
    uint32_t in_pool0;
    int reset_by_loop; /* tests: cluster_reset builds the nodes one by one, as new_nodes does */
    queue pool, repairq, slotq;
    uint32_t in_pool, queued_slots, busy_crews, filled;
    double last; /* time of the last change of filled or queued_slots */
    cluster_stats st;
    cluster_listener listener;
    void *listener_ctx;
    cluster_loss_listener loss;
    void *loss_ctx;
    cluster_slot_listener slot_fn;
    void *slot_ctx;
    /* failure domains: one timer each (the end of its up time or of its outage) */
    int c_domain;
    uint32_t ndomains, domains_down;
    domain *dom;
    /* kinds that age only while the job computes (ages = computing): their own life model, aged
     * on the work clock (hours of computation so far: work_clock, plus now - work_t0 while the
     * job computes); one timer, c_work, for the next such failure. Either every such kind is
     * exponential and the failures are the points of a Poisson process on the work clock,
     * falling uniformly on the slots (all up while the job computes: wpoint_*), or each node in
     * a slot has its own lives (work_life) and its next failure's work clock in work_due. */
    const life_model *lm_work;
    int c_work;
    int working;
    double work_clock, work_t0;
    life *work_life;
    iheap *work_due;
    double *work_from;    /* per node: the work clock when it was last put in work_due */
    double wpoint_mean;   /* Poisson: mean work hours between points (node mean / slots) */
    double wpoint_next;   /* the next point's work clock */
    double wpoint_kind;   /* and its uniform picking the component */
    uint32_t wpoint_at, k_wpoint;
    /* planned maintenance ([maintenance]): rolling, one timer (the next slot's turn; turn j is
     * slot j mod nslots in period j / nslots); maint_down: slots down for maintenance (rolling)
     * or 1 while the scope-all maintenance runs */
    int c_maint;
    uint64_t k_turn;
    uint32_t maint_down;
    int failed;
    /* the repair pipeline and the fleet: NULL for a scenario without them */
    fleet_node *fx;
    double *fail_at; /* retire_window: the times of each node's last retire_after failures */
    /* replayed traces (ttf = trace(FILE)): a class of one timer per traced kind, its next
     * failure */
    int c_trace, ntrace;
    trace_run *tr;
    /* trace_end = LAW: from the trace's end (a timer of class c_fb at fb_at), a second life per
     * node for those kinds (fb, draws of purpose CLUSTER_STREAM_FALLBACK); fb_on once started */
    life_model *fb_model;
    life *fb;
    int c_fb, fb_on;
    double fb_at;
};

/* Stream purposes of failure domains: (first slot, CLUSTER_STREAM_DOMAIN + kind, 2 k) is the
 * domain's k-th up time, (..., 2 k + 1) its k-th outage; the site is kind SCN_MAX_DOMAINS of
 * first slot 0. A scenario without domains or site draws none. */
enum { CLUSTER_STREAM_DOMAIN = 200 };

/* Stream purpose of the points of the Poisson process of the kinds that age while the job
 * computes (entity STREAM_CLUSTER; their lives per node: CLUSTER_STREAM_WORK_LIFE). A scenario
 * without such kinds draws neither. */
enum { CLUSTER_STREAM_WORK_POINT = CLUSTER_STREAM_WORK_LIFE + 1 };
/* Stream purpose of planned maintenance durations: (slot, CLUSTER_STREAM_MAINT, k) is the
 * duration of slot's maintenance in period k (rolling), (STREAM_CLUSTER, ..., k) the cluster's
 * in period k (scope all). A scenario without [maintenance] draws none. */
enum { CLUSTER_STREAM_MAINT = 240 };
/* Stream purposes of the repair pipeline and the fleet, keyed by node: (v, ESCALATE, k) is the
 * automatic repair of its failure k, its success (first uniform) and the manual repair's time
 * (second); (v, BAD_REPAIR, k) the repair of failure k fixing the node or not (first) and the
 * ageing to the second failure (second); (v, LEMON, j) whether the j-th node under number v
 * (0: the first, then its replacements) is a lemon. A scenario without the keys draws none. */
enum { CLUSTER_STREAM_ESCALATE = 320, CLUSTER_STREAM_BAD_REPAIR, CLUSTER_STREAM_LEMON };
/* Stream purpose of a pooled trace's slots: (STREAM_CLUSTER, CLUSTER_STREAM_TRACE + kind, k) is
 * the slot of the kind's k-th replayed failure in the trial. A scenario without a pooled trace
 * draws none. */
enum { CLUSTER_STREAM_TRACE = 300 };

/* Stream purpose of the lives of traced kinds past their traces' end (trace_end = LAW): (node,
 * CLUSTER_STREAM_FALLBACK, k), as a node's own lives are (node, STREAM_LIFE, k). */
enum { CLUSTER_STREAM_FALLBACK = 400 };

/* ---------------------------------------------------------------- queues */

/* First-come-first-served list threaded through links[] (node_next or slot_next). */
static void q_push(queue *q, uint32_t *links, uint32_t i)
{
    links[i] = NONE;
    if (q->tail == NONE)
        q->head = i;
    else
        links[q->tail] = i;
    q->tail = i;
}

static uint32_t q_pop(queue *q, const uint32_t *links)
{
    uint32_t i = q->head;
    q->head = links[i];
    if (q->head == NONE) q->tail = NONE;
    return i;
}

static void pool_push(cluster *c, uint32_t v)
{
    c->node[v].prev = c->pool.tail;
    q_push(&c->pool, c->node_next, v);
    c->in_pool++;
}

static uint32_t pool_pop(cluster *c)
{
    uint32_t v = q_pop(&c->pool, c->node_next);
    if (c->pool.head != NONE) c->node[c->pool.head].prev = NONE;
    c->in_pool--;
    return v;
}

static void pool_remove(cluster *c, uint32_t v)
{
    uint32_t prev = c->node[v].prev, next = c->node_next[v];
    if (prev == NONE)
        c->pool.head = next;
    else
        c->node_next[prev] = next;
    if (next == NONE)
        c->pool.tail = prev;
    else
        c->node[next].prev = prev;
    c->in_pool--;
}

/* ---------------------------------------------------------------- bookkeeping */

/* Adds the time from the last change to `now` to the integral the state has been in. Call
 * before any change of filled or queued_slots. */
static void account_to(cluster *c, double now)
{
    double dt = now - c->last;
    if (c->filled == c->nslots)
        c->st.up_h += dt;
    else if (c->queued_slots > 0)
        c->st.wait_spare_h += dt;
    if (c->domains_down > 0) c->st.domain_down_h += dt;
    if (c->maint_down > 0) c->st.maintenance_h += dt;
    c->last = now;
}

static void account(cluster *c)
{
    account_to(c, engine_now(c->e));
}

static void fail_hard(cluster *c)
{
    c->failed = 1;
    engine_stop(c->e);
}

/* Wall hours of ageing as hours of the node's age: lemon_factor times them for a lemon. */
static double node_age_of(const cluster *c, const node *n, double hours)
{
    return n->lemon ? hours * c->s->lemon_factor : hours;
}

/* The converse: hours of the node's age as wall hours of ageing. */
static double wall_of(const cluster *c, const node *n, double age)
{
    return n->lemon ? age / c->s->lemon_factor : age;
}

/* Hours of ageing left before node v's next failure by a life drawn per node: of its kinds'
 * laws (unless the Poisson points or no law at all), and of the traced kinds' laws past their
 * traces' end; INFINITY when it has none. */
static double ageing_left(const cluster *c, uint32_t v)
{
    double left = c->life ? life_remaining(c->life, v) : INFINITY;
    if (c->fb_on) left = fmin(left, life_remaining(c->fb, v));
    return left;
}

static void start_ageing(cluster *c, uint32_t v)
{
    node *n = &c->node[v];
    /* the Poisson points find it; or no law ages it (and no faulty repair's fault is pending) */
    if (!c->life && !c->fb_on && !n->bad_pending) return;
    double now = engine_now(c->e), left = wall_of(c, n, ageing_left(c, v));
    n->bad_next = n->bad_pending && c->fx[v].bad_left < left; /* the faulty repair fails first */
    if (n->bad_next) left = c->fx[v].bad_left;
    n->aged_from = now;
    if (isinf(left)) return; /* nothing of it ages always (every kind traced, or computing) */
    if (engine_schedule(c->e, c->c_node, v, now + (left > 0 ? left : 0))) fail_hard(c);
}

/* Node v, ageing in its slot, stops ageing: its failure domain is down. */
static void stop_ageing(cluster *c, uint32_t v)
{
    node *n = &c->node[v];
    if (!c->life && !c->fb_on && !n->bad_pending) return; /* the Poisson points skip it */
    engine_cancel(c->e, c->c_node, v);
    double aged = engine_now(c->e) - n->aged_from;
    if (n->bad_pending) c->fx[v].bad_left -= aged;
    double h = node_age_of(c, n, aged);
    if (c->life) life_aged(c->life, v, h);
    if (c->fb_on) life_aged(c->fb, v, h);
}

/* Slot s has just come up (up = 1) or gone down, its failure detected at detect_at. */
static void slot_event(cluster *c, uint32_t s, int up, double detect_at)
{
    if (c->slot_fn) c->slot_fn(c->slot_ctx, s, up, detect_at);
}

/* A slot has just emptied (filled was decremented): the most slots down at once. */
static void note_down(cluster *c)
{
    uint64_t down = c->nslots - c->filled;
    if (down > c->st.max_slots_down) c->st.max_slots_down = down;
}

static void start_swap(cluster *c, uint32_t s, uint32_t v)
{
    node *n = &c->node[v];
    c->slot[s].state = S_SWAP;
    c->slot[s].node = v;
    n->state = N_SWAP;
    n->slot = s;
    double t = draw_law(&c->s->failover, c->r, v, STREAM_FAILOVER, n->k_swap++);
    if (engine_schedule_soon(c->e, c->c_swap, s, engine_now(c->e) + t)) fail_hard(c);
}

/* The repair of a node's last failure, k_fail - 1, takes the second uniform of that failure's
 * stream (the first is its detection delay, which fail_node may have drawn with it). */
static void start_repair(cluster *c, uint32_t v)
{
    node *n = &c->node[v];
    n->state = N_REPAIR;
    c->busy_crews++;
    c->st.repairs++;
    const dist *d = &c->s->comp[n->kind].ttr;
    if (d->kind != DIST_FIXED && n->repair_u == 0) /* a fixed law needs no draw */
        stream_uniform2_at(c->r, v, STREAM_FAILURE, n->k_fail - 1, &n->repair_u);
    double t = dist_quantile(d, n->repair_u);
    if (engine_schedule(c->e, c->c_node, v, engine_now(c->e) + t)) fail_hard(c);
}

/* Slot s is empty and its failed node has been detected: it takes a spare, or queues. */
static void refill(cluster *c, uint32_t s)
{
    if (c->in_pool > 0) {
        start_swap(c, s, pool_pop(c));
    } else {
        account(c);
        c->slot[s].state = S_QUEUED;
        q_push(&c->slotq, c->slot_next, s);
        c->queued_slots++;
    }
}

/* ---------------------------------------------------------------- the work clock */

static double work_now(const cluster *c)
{
    return c->work_clock + (c->working ? engine_now(c->e) - c->work_t0 : 0.0);
}

/* Schedules c_work at the next failure on the work clock (the job computes). */
static void work_schedule(cluster *c)
{
    double due;
    if (c->work_due) {
        if (iheap_size(c->work_due) == 0) return;
        iheap_min(c->work_due, &due);
    } else {
        due = c->wpoint_next;
    }
    if (!isfinite(due)) return;
    double t = engine_now(c->e) + (due - work_now(c));
    if (t < engine_now(c->e)) t = engine_now(c->e);
    if (engine_schedule(c->e, c->c_work, 0, t)) fail_hard(c);
}

/* Node v's such components age from the work clock's present reading: its next failure among
 * them is due their remaining life later. */
static void work_due_from_now(cluster *c, uint32_t v)
{
    double w = work_now(c);
    c->work_from[v] = w;
    iheap_set(c->work_due, v, w + wall_of(c, &c->node[v], life_remaining(c->work_life, v)));
}

/* Node v enters a slot: its such components age from the work clock's present reading. */
static void work_enter(cluster *c, uint32_t v)
{
    work_due_from_now(c, v);
    if (c->working) work_schedule(c);
}

/* Node v leaves its slot (it failed): its such components keep the age they reached. */
static void work_leave(cluster *c, uint32_t v)
{
    if (!iheap_has(c->work_due, v)) return;
    life_aged(c->work_life, v, node_age_of(c, &c->node[v], work_now(c) - c->work_from[v]));
    iheap_remove(c->work_due, v);
    if (c->working) work_schedule(c);
}

static void next_work_point(cluster *c)
{
    double u = stream_uniform_index_at(c->r, STREAM_CLUSTER, CLUSTER_STREAM_WORK_POINT, c->k_wpoint++,
                                       c->nslots, &c->wpoint_at, &c->wpoint_kind);
    c->wpoint_next -= c->wpoint_mean * log(u);
}

void cluster_on_work(void *ctx, int computing)
{
    cluster *c = ctx;
    if (!c->lm_work || computing == c->working) return;
    double now = engine_now(c->e);
    if (computing) {
        c->working = 1;
        c->work_t0 = now;
        work_schedule(c);
    } else {
        c->work_clock += now - c->work_t0;
        c->working = 0;
        engine_cancel(c->e, c->c_work, 0);
    }
}

static void fail_node(cluster *c, uint32_t v, int kind);

/* A component that ages while the job computes fails: the job computes, so every slot is up
 * and holds an ageing node. */
static void on_work(void *ctx, uint32_t unused)
{
    (void)unused;
    cluster *c = ctx;
    uint32_t v;
    int kind;
    if (c->work_due) {
        v = iheap_min(c->work_due, NULL);
        kind = life_fail(c->work_life, c->r, v);
        if (kind < 0) {
            fail_hard(c);
            return;
        }
        work_due_from_now(c, v);
    } else {
        v = c->slot[c->wpoint_at].node;
        kind = life_model_pick_kind(c->lm_work, c->wpoint_kind);
        next_work_point(c);
    }
    fail_node(c, v, kind);
    if (c->working) work_schedule(c); /* the job computes on (it cannot after a failure) */
}

/* ---------------------------------------------------------------- the repair pipeline, the fleet */

/* Node v fails now, of a node-reach kind: a faulty repair's failure still pending is void (the
 * repair to come fixes the node or not afresh), and the failure counts for its retirement. */
static void fleet_note_failure(cluster *c, uint32_t v)
{
    fleet_node *x = &c->fx[v];
    c->node[v].bad_pending = 0;
    if (c->fail_at)
        c->fail_at[(size_t)v * c->s->retire_after + x->nfail % c->s->retire_after] =
            engine_now(c->e);
    x->nfail++;
}

/* 1 if node v, its failure just detected, has had retire_after failures within retire_window
 * (from the first of the last retire_after to this one). */
static int retire_due(const cluster *c, uint32_t v)
{
    uint32_t K = c->s->retire_after, k = c->fx[v].nfail;
    if (K == 0 || k < K) return 0;
    if (!c->fail_at) return 1; /* retire_window = none: ever */
    const double *at = c->fail_at + (size_t)v * K;
    return at[(k - 1) % K] - at[k % K] <= c->s->retire_window;
}

/* Whether the j-th node under number v is a lemon. */
static uint8_t draw_lemon(const cluster *c, uint32_t v, uint32_t j)
{
    double f = c->s->lemon_fraction;
    return f > 0 && stream_uniform_at(c->r, v, CLUSTER_STREAM_LEMON, j) < f;
}

/* The crew's automatic repair of node v has ended: with probability 1 - auto_success it has
 * failed, and the same crew starts the manual repair (returns 1). */
static int escalates(cluster *c, uint32_t v)
{
    node *n = &c->node[v];
    const scn_component *k = &c->s->comp[n->kind];
    if (n->state != N_REPAIR || !(k->auto_success < 1)) return 0;
    double u2, u = stream_uniform2_at(c->r, v, CLUSTER_STREAM_ESCALATE, n->k_fail - 1, &u2);
    if (u < k->auto_success) return 0;
    n->state = N_MANUAL;
    c->st.repairs++;
    c->st.manual_repairs++;
    double t = dist_quantile(&k->manual_ttr, u2);
    if (engine_schedule(c->e, c->c_node, v, engine_now(c->e) + t)) fail_hard(c);
    return 1;
}

/* Node v's repair is done: with probability bad_repair it has not fixed the node, which fails
 * again, of the same kind, after bad_repair_ttf of ageing. */
static void repair_outcome(cluster *c, uint32_t v)
{
    node *n = &c->node[v];
    const scn_component *k = &c->s->comp[n->kind];
    if (!(k->bad_repair > 0)) return;
    double u2, u = stream_uniform2_at(c->r, v, CLUSTER_STREAM_BAD_REPAIR, n->k_fail - 1, &u2);
    if (u >= k->bad_repair) return;
    c->st.failed_repairs++;
    n->bad_pending = 1;
    c->fx[v].bad_left = dist_quantile(&k->bad_repair_ttf, u2);
    c->fx[v].bad_kind = n->kind;
}

/* ---------------------------------------------------------------- events */

/* Node v, in its slot, fails by a process-reach component: the slot is empty until the node has
 * restarted in place, after the detection delay and the component's ttr, both from the uniforms
 * of this failure's stream (as a node-reach failure takes its detection delay and repair time). */
static void restart_in_place(cluster *c, uint32_t v)
{
    node *n = &c->node[v];
    uint32_t s = n->slot;
    c->st.failures++;
    c->st.process_failures++;
    if (n->lemon) c->st.lemon_failures++;
    account(c);
    c->slot[s].state = S_RESTART;
    if (c->loss) c->loss(c->loss_ctx, s, SCN_LOST_PROCESS);
    if (c->filled-- == c->nslots && c->listener) c->listener(c->listener_ctx, 0);
    note_down(c);
    n->state = N_RESTART;
    const dist *d = &c->s->comp[n->kind].ttr;
    double u = 0, delay = c->s->timeout;
    if (c->s->heartbeat > 0 || d->kind != DIST_FIXED) {
        double first = stream_uniform2_at(c->r, v, STREAM_FAILURE, n->k_fail, &u);
        delay -= c->s->heartbeat * first;
    }
    n->k_fail++;
    double t = delay + dist_quantile(d, u);
    slot_event(c, s, 0, engine_now(c->e) + delay);
    if (engine_schedule(c->e, c->c_node, v, engine_now(c->e) + t)) fail_hard(c);
}

static void on_restarted(cluster *c, uint32_t v)
{
    uint32_t s = c->node[v].slot;
    c->node[v].state = N_SLOT;
    c->slot[s].state = S_UP;
    if (c->slot[s].ddown) return; /* up when its domain is: not ageing until then */
    start_ageing(c, v);
    account(c);
    slot_event(c, s, 1, 0);
    if (++c->filled == c->nslots && c->listener) c->listener(c->listener_ctx, 1);
}

/* Ageing node v fails now, by a component of kind `kind`. */
static void fail_node(cluster *c, uint32_t v, int kind)
{
    node *n = &c->node[v];
    n->kind = kind;
    if ((c->process_kinds >> kind) & 1) {
        /* A spare (hot: in the pool or swapping in) runs no process of the job: the component is
         * renewed and the node carries on ageing, uncounted. */
        if (n->state == N_SLOT)
            restart_in_place(c, v);
        else
            start_ageing(c, v);
        return;
    }
    uint32_t emptied = NONE; /* the slot it leaves empty, if it was in one */
    if (c->fx) fleet_note_failure(c, v);
    switch (n->state) {
    case N_SLOT: {
        uint32_t s = emptied = n->slot;
        if (c->work_due) work_leave(c, v);
        c->st.failures++;
        if (n->lemon) c->st.lemon_failures++;
        account(c);
        c->slot[s].state = S_DETECT;
        c->slot[s].node = NONE;
        if (c->loss) c->loss(c->loss_ctx, s, SCN_LOST_NODE);
        if (c->filled-- == c->nslots && c->listener) c->listener(c->listener_ctx, 0);
        note_down(c);
        break;
    }
    case N_POOL:
        pool_remove(c, v);
        n->slot = NONE;
        break;
    case N_SWAP: /* a hot spare failing on its way in: the swap is void */
        engine_cancel(c->e, c->c_swap, n->slot);
        c->slot[n->slot].state = S_DETECT;
        c->slot[n->slot].node = NONE;
        break;
    }
    n->state = N_DETECT;
    double delay = c->s->timeout;
    n->repair_u = 0;
    if (c->s->heartbeat > 0) /* one block for the detection delay and the repair time */
        delay -= c->s->heartbeat * stream_uniform2_at(c->r, v, STREAM_FAILURE, n->k_fail, &n->repair_u);
    n->k_fail++;
    if (emptied != NONE) slot_event(c, emptied, 0, engine_now(c->e) + delay);
    if (engine_schedule_soon(c->e, c->c_node, v, engine_now(c->e) + delay)) fail_hard(c);
}

static void on_fail(cluster *c, uint32_t v)
{
    node *n = &c->node[v];
    double aged = engine_now(c->e) - n->aged_from;
    if (n->bad_pending) { /* the pending failure of a faulty repair, or the components' first */
        if (n->bad_next) {
            n->bad_pending = 0;
            double h = node_age_of(c, n, aged);
            if (c->life) life_aged(c->life, v, h);
            if (c->fb_on) life_aged(c->fb, v, h);
            fail_node(c, v, c->fx[v].bad_kind);
            return;
        }
        c->fx[v].bad_left -= aged;
    }
    int kind;
    if (c->fb_on && (!c->life || life_remaining(c->fb, v) < life_remaining(c->life, v))) {
        /* a traced kind past its trace's end fails; the node's other lives aged as long */
        if (c->life) life_aged(c->life, v, node_age_of(c, n, aged));
        kind = life_fail(c->fb, c->r, v);
    } else {
        if (c->fb_on) life_aged(c->fb, v, node_age_of(c, n, aged));
        kind = life_fail(c->life, c->r, v);
    }
    if (kind < 0)
        fail_hard(c);
    else
        fail_node(c, v, kind);
}

/* Draws the next point of the Poisson shortcut, all from one Philox block: its time, where it
 * falls and, should it fail a node, which component fails. */
static void next_point(cluster *c)
{
    double u = stream_uniform_index_at(c->r, STREAM_CLUSTER, STREAM_LIFE, c->k_point++, c->point_of,
                                   &c->point_at, &c->point_kind);
    if (engine_schedule(c->e, c->c_point, 0, engine_now(c->e) - c->point_mean * log(u))) fail_hard(c);
}

static void on_point(void *ctx, uint32_t unused)
{
    (void)unused;
    cluster *c = ctx;
    uint32_t v = NONE;
    if (!c->s->hot) { /* a slot: its node ages if it is up (a cold node swapping in does not) */
        const slot *sl = &c->slot[c->point_at];
        if (sl->state == S_UP && !sl->ddown) v = sl->node;
    } else { /* a node: every node ages but failed ones and those of a domain that is down */
        const node *n = &c->node[c->point_at];
        if ((n->state == N_SLOT && !c->slot[n->slot].ddown) || n->state == N_POOL ||
            n->state == N_SWAP)
            v = c->point_at;
    }
    if (v != NONE) {
        stop_ageing(c, v); /* its lives past a trace's end, if any, age to now */
        fail_node(c, v, life_model_pick_kind(c->lm, c->point_kind));
    }
    next_point(c);
}

static void on_detect(void *ctx, uint32_t v)
{
    cluster *c = ctx;
    node *n = &c->node[v];
    uint32_t s = n->slot;
    n->slot = NONE;
    n->state = N_RQUEUE;
    if (c->fx && retire_due(c, v)) { /* leaves the fleet: no crew; its replacement is ordered */
        c->st.retired++;
        n->state = N_RETIRED;
        if (isfinite(c->s->replacement)) {
            n->state = N_ORDERED;
            if (engine_schedule(c->e, c->c_node, v, engine_now(c->e) + c->s->replacement))
                fail_hard(c);
        }
    } else if (c->s->crews == 0 || c->busy_crews < c->s->crews) {
        start_repair(c, v);
    } else {
        q_push(&c->repairq, c->node_next, v);
    }
    if (s != NONE) refill(c, s);
}

/* A node that works (repaired, new, or back from maintenance) fills the oldest empty slot,
 * else joins the pool. */
static void place(cluster *c, uint32_t v)
{
    if (c->slotq.head != NONE) {
        account(c);
        uint32_t s = q_pop(&c->slotq, c->slot_next);
        c->queued_slots--;
        start_swap(c, s, v);
    } else {
        c->node[v].state = N_POOL;
        c->node[v].slot = NONE;
        pool_push(c, v);
    }
    if (c->s->hot) start_ageing(c, v);
}

static void on_repaired(void *ctx, uint32_t v)
{
    cluster *c = ctx;
    if (c->fx && escalates(c, v)) return;
    c->busy_crews--;
    if (c->repairq.head != NONE) start_repair(c, q_pop(&c->repairq, c->node_next));
    if (c->fx) repair_outcome(c, v);
    place(c, v);
}

/* Node v, retired, is replaced: a new node (new components, its own draw of being a lemon)
 * joins under its number as a repaired node would. */
static void on_replaced(cluster *c, uint32_t v)
{
    node *n = &c->node[v];
    fleet_node *x = &c->fx[v];
    x->nfail = 0;
    n->lemon = draw_lemon(c, v, ++x->k_new);
    n->bad_pending = 0;
    if ((c->life && life_renew(c->life, c->r, v)) ||
        (c->work_life && life_renew(c->work_life, c->r, v))) {
        fail_hard(c);
        return;
    }
    c->st.replacements++;
    place(c, v);
}

static void on_swapped(void *ctx, uint32_t s)
{
    cluster *c = ctx;
    uint32_t v = c->slot[s].node;
    if (c->work_due) work_enter(c, v);
    c->node[v].state = N_SLOT;
    c->slot[s].state = S_UP;
    if (c->slot[s].maint) { /* the slot's maintenance ends with the swap */
        account(c);
        c->slot[s].maint = 0;
        c->maint_down--;
    }
    if (c->slot[s].ddown) { /* into a slot whose domain is down: up with it */
        if (c->s->hot) stop_ageing(c, v);
        return;
    }
    if (!c->s->hot) start_ageing(c, v);
    account(c);
    slot_event(c, s, 1, 0);
    if (++c->filled == c->nslots && c->listener) c->listener(c->listener_ctx, 1);
}

/* A node's one timer: what it means follows from the node's state. */
static void on_node(void *ctx, uint32_t v)
{
    cluster *c = ctx;
    switch (c->node[v].state) {
    case N_DETECT:
        on_detect(ctx, v);
        break;
    case N_REPAIR:
    case N_MANUAL:
        on_repaired(ctx, v);
        break;
    case N_ORDERED:
        on_replaced(c, v);
        break;
    case N_RESTART:
        on_restarted(c, v);
        break;
    case N_MAINT: /* back from a rolling maintenance: no repair, no crew */
        place(c, v);
        break;
    default: /* in a slot, in the pool or being swapped in: ageing, so a failure */
        on_fail(c, v);
        break;
    }
}

/* ---------------------------------------------------------------- replayed traces */

/* Schedules traced kind x's next failure: the next of its trace, or past the trace's end the
 * first again one period later (trace_end = wrap), or none (stop). */
static void trace_next(cluster *c, int x)
{
    trace_run *r = &c->tr[x];
    const scn_component *k = &c->s->comp[r->kind];
    if (r->i == r->t->n) {
        if (k->trace_end != SCN_TRACE_WRAP) return; /* stop, or a law from the trace's end */
        r->i = 0;
        r->wraps++;
    }
    double at = r->t->t[r->i] + (double)r->wraps * k->trace_every;
    if (engine_schedule(c->e, c->c_trace, (uint32_t)x, at)) fail_hard(c);
}

/* A failure of the trace of kind x: it fails the node in its slot (per_node: the slot of its
 * node label; pooled: a slot drawn uniformly) if that slot is up, as a failure of the kind's
 * law would; a slot that is not up (empty, its node restarting, its domain down) has no running
 * node of the kind to fail, and the failure is skipped (trace_skipped). */
static void on_trace(void *ctx, uint32_t x)
{
    cluster *c = ctx;
    trace_run *r = &c->tr[x];
    uint32_t s;
    if (c->s->comp[r->kind].trace_assign == SCN_TRACE_POOLED)
        stream_uniform_index_at(c->r, STREAM_CLUSTER, CLUSTER_STREAM_TRACE + (uint32_t)r->kind,
                                r->k++, c->nslots, &s, NULL);
    else
        s = r->t->node[r->i];
    r->i++;
    const slot *sl = &c->slot[s];
    if (sl->state == S_UP && !sl->ddown) {
        uint32_t v = sl->node;
        c->st.trace_failures++;
        stop_ageing(c, v); /* its other components keep their age */
        fail_node(c, v, r->kind);
    } else {
        c->st.trace_skipped++;
    }
    trace_next(c, (int)x);
}

/* Node v ages now (its failure timer is pending, or would be under the Poisson points). */
static int ageing_now(const cluster *c, uint32_t v)
{
    const node *n = &c->node[v];
    if (n->state == N_SLOT) return c->slot[n->slot].state == S_UP && !c->slot[n->slot].ddown;
    return c->s->hot && (n->state == N_POOL || n->state == N_SWAP);
}

/* The traces' end, for the kinds with trace_end = LAW: every node's components of those kinds
 * start a fresh life now (slots' and spares' alike), drawn from the nodes' streams of purpose
 * CLUSTER_STREAM_FALLBACK; each node that ages now has its next failure found again. */
static void on_fallback(void *ctx, uint32_t unused)
{
    (void)unused;
    cluster *c = ctx;
    if (life_reset(c->fb, c->r)) {
        fail_hard(c);
        return;
    }
    for (uint32_t v = 0; v < c->nnodes; v++) /* they age to now (a lemon at its own pace) */
        if (ageing_now(c, v)) stop_ageing(c, v);
    c->fb_on = 1;
    for (uint32_t v = 0; v < c->nnodes; v++)
        if (ageing_now(c, v)) start_ageing(c, v);
}

/* ---------------------------------------------------------------- failure domains */

static void maint_schedule(cluster *c, uint32_t g);

static void domain_schedule(cluster *c, uint32_t g)
{
    domain *d = &c->dom[g];
    const dist *up, *down;
    if (d->maint) {
        maint_schedule(c, g);
        return;
    }
    if (d->site) {
        up = &c->s->site_ttf;
        down = &c->s->site_rto;
    } else {
        up = &c->s->domain[d->kind].ttf;
        down = &c->s->domain[d->kind].ttr;
    }
    uint32_t purpose = CLUSTER_STREAM_DOMAIN + d->kind, n = 2 * d->k_out + (d->up ? 0 : 1);
    double t = draw_law(d->up ? up : down, c->r, d->first, purpose, n);
    if (!d->up) d->k_out++;
    if (engine_schedule(c->e, c->c_domain, g, engine_now(c->e) + t)) fail_hard(c);
}

/* Domain g fails or comes back. Failing, it takes every up slot in it down at once (their nodes
 * stop ageing; they are not failed), counted once in domain_failures; back, every slot in it
 * whose own state is up (and no other domain around it down) is up again. */
static void on_domain(void *ctx, uint32_t g)
{
    cluster *c = ctx;
    domain *d = &c->dom[g];
    account(c);
    uint32_t changed = 0, end = d->first + d->size;
    if (d->up) {
        d->up = 0;
        if (d->maint) { /* planned: nothing lost, and the load balancer drained it beforehand */
            c->st.maintenances++;
            c->maint_down++;
        } else if (d->site) {
            c->st.site_failures++;
        } else {
            c->domains_down++;
            c->st.domain_failures++;
        }
        if (c->loss && !d->maint)
            c->loss(c->loss_ctx, d->first, d->site ? SCN_LOST_SITE : SCN_LOST_DOMAIN);
        double detect_at = engine_now(c->e) + (d->maint ? 0 : c->s->timeout);
        for (uint32_t s = d->first; s < end; s++)
            if (c->slot[s].ddown++ == 0 && c->slot[s].state == S_UP) {
                stop_ageing(c, c->slot[s].node);
                slot_event(c, s, 0, detect_at);
                changed++;
            }
        int was_up = c->filled == c->nslots;
        c->filled -= changed;
        if (changed) note_down(c);
        if (was_up && changed && c->listener) c->listener(c->listener_ctx, 0);
    } else {
        d->up = 1;
        if (d->maint)
            c->maint_down--;
        else if (!d->site)
            c->domains_down--;
        for (uint32_t s = d->first; s < end; s++)
            if (--c->slot[s].ddown == 0 && c->slot[s].state == S_UP) {
                start_ageing(c, c->slot[s].node);
                slot_event(c, s, 1, 0);
                changed++;
            }
        c->filled += changed;
        if (changed && c->filled == c->nslots && c->listener) c->listener(c->listener_ctx, 1);
    }
    domain_schedule(c, g);
}

/* ---------------------------------------------------------------- planned maintenance */

/* The scope-all maintenance (domain g): up, it is next due at the first start + k every, k from
 * the periods due so far, not before now (those a long maintenance overran are skipped); down,
 * it lasts its period's duration. */
static void maint_schedule(cluster *c, uint32_t g)
{
    domain *d = &c->dom[g];
    const scn *s = c->s;
    double now = engine_now(c->e), t;
    if (d->up) {
        while ((t = s->maint_start + (double)d->k_out * s->maint_every) < now) {
            d->k_out++;
            c->st.maintenances_skipped++;
        }
    } else {
        t = now + draw_law(&s->maint_duration, c->r, STREAM_CLUSTER, CLUSTER_STREAM_MAINT,
                           d->k_out++);
    }
    if (engine_schedule(c->e, c->c_domain, g, t)) fail_hard(c);
}

/* Rolling: schedules turn k_turn, slot j mod nslots's turn in period j / nslots, spread evenly
 * over the period. */
static void next_turn(cluster *c)
{
    const scn *s = c->s;
    uint64_t j = c->k_turn;
    double t = s->maint_start + (double)(j / c->nslots) * s->maint_every +
               (double)(j % c->nslots) * s->maint_every / (double)c->nslots;
    if (engine_schedule(c->e, c->c_maint, 0, t)) fail_hard(c);
}

/* Slot s's turn (period k): if it is up, its node leaves it for the period's duration, planned
 * (no detection: the slot takes a spare or queues at once, and the load balancer knows at once);
 * otherwise the turn is skipped. */
static void on_turn(void *ctx, uint32_t unused)
{
    (void)unused;
    cluster *c = ctx;
    uint64_t j = c->k_turn++;
    uint32_t s = (uint32_t)(j % c->nslots), k = (uint32_t)(j / c->nslots);
    slot *sl = &c->slot[s];
    if (sl->state != S_UP || sl->ddown) {
        c->st.maintenances_skipped++;
        next_turn(c);
        return;
    }
    uint32_t v = sl->node;
    node *n = &c->node[v];
    double now = engine_now(c->e);
    c->st.maintenances++;
    account(c);
    if (c->work_due) work_leave(c, v);
    stop_ageing(c, v);
    n->state = N_MAINT;
    n->slot = NONE;
    sl->node = NONE;
    sl->maint = 1;
    c->maint_down++;
    if (c->filled-- == c->nslots && c->listener) c->listener(c->listener_ctx, 0);
    note_down(c);
    slot_event(c, s, 0, now);
    double back = now + draw_law(&c->s->maint_duration, c->r, s, CLUSTER_STREAM_MAINT, k);
    if (engine_schedule(c->e, c->c_node, v, back)) fail_hard(c);
    refill(c, s);
    next_turn(c);
}

/* ---------------------------------------------------------------- life cycle */

/* A trial's nodes before their first draws: new node v in slot v, the spares in the pool in
 * order, none a lemon yet, none ageing yet. */
static void new_nodes(cluster *c)
{
    c->pool = (queue){NONE, NONE};
    c->in_pool = 0;
    for (uint32_t v = 0; v < c->nnodes; v++) {
        node *n = &c->node[v];
        *n = (node){.kind = -1, .slot = NONE, .prev = NONE};
        if (v < c->nslots) {
            n->state = N_SLOT;
            n->slot = v;
            c->slot[v] = (slot){.state = S_UP, .node = v};
        } else {
            n->state = N_POOL;
            pool_push(c, v);
        }
    }
}

cluster *cluster_new(const scn *s, engine *e, stream *r, const life_model *lm,
                     const life_model *lm_work)
{
    cluster *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->s = s;
    c->e = e;
    c->r = r;
    c->nslots = s->nodes;
    c->nnodes = s->nodes + s->spares;
    c->node = calloc(c->nnodes, sizeof *c->node);
    c->slot = calloc(c->nslots, sizeof *c->slot);
    c->node_next = calloc(c->nnodes, sizeof *c->node_next);
    c->slot_next = calloc(c->nslots, sizeof *c->slot_next);
    c->lm = lm;
    _Static_assert(SCN_MAX_COMPONENTS <= 64, "a bit per component kind");
    for (int k = 0; k < s->ncomp; k++)
        if (s->comp[k].reach == SCN_REACH_PROCESS) c->process_kinds |= UINT64_C(1) << k;
    c->c_point = -1;
    double mean = life_model_poisson_mean(lm);
    /* a faulty repair's failure and a lemon's faster lives need a timer per node */
    int rules = scn_has_repair_rules(s) || s->has_fleet;
    int per_node = scn_has_lemons(s);
    for (int k = 0; k < s->ncomp; k++)
        per_node |= s->comp[k].bad_repair > 0;
    int poisson = mean > 0 && !per_node;
    /* no kind ages always by a law: every kind is traced, or ages while computing */
    int no_law = life_model_groups(lm) == 0;
    c->life = poisson || no_law ? NULL : life_new(lm, c->nnodes);
    c->node0 = calloc(c->nnodes, sizeof *c->node0);
    c->slot0 = calloc(c->nslots, sizeof *c->slot0);
    c->node_next0 = calloc(c->nnodes, sizeof *c->node_next0);
    if (!c->node || !c->slot || !c->node_next || !c->slot_next || !c->node0 || !c->slot0 ||
        !c->node_next0 || (!poisson && !no_law && !c->life))
        goto oom;
    if (rules && !(c->fx = calloc(c->nnodes, sizeof *c->fx))) goto oom;
    new_nodes(c);
    memcpy(c->node0, c->node, c->nnodes * sizeof *c->node);
    memcpy(c->slot0, c->slot, c->nslots * sizeof *c->slot);
    memcpy(c->node_next0, c->node_next, c->nnodes * sizeof *c->node_next);
    c->pool0 = c->pool;
    c->in_pool0 = c->in_pool;
    if (s->has_fleet && s->retire_after && isfinite(s->retire_window) &&
        !(c->fail_at = calloc((size_t)c->nnodes * s->retire_after, sizeof *c->fail_at)))
        goto oom;
    c->c_node = engine_add_class(e, on_node, c, c->nnodes);
    c->c_swap = engine_add_class(e, on_swapped, c, c->nslots);
    if (c->c_node < 0 || c->c_swap < 0) goto oom;
    c->c_domain = -1;
    for (int k = 0; k < s->ndomain; k++)
        c->ndomains += c->nslots / s->domain[k].size;
    c->ndomains += s->has_site ? 1u : 0u;
    c->ndomains += s->has_maint && !s->maint_rolling ? 1u : 0u;
    if (c->ndomains) {
        if (!(c->dom = calloc(c->ndomains, sizeof *c->dom))) goto oom;
        uint32_t g = 0;
        for (int k = 0; k < s->ndomain; k++)
            for (uint32_t a = 0; a + s->domain[k].size <= c->nslots; a += s->domain[k].size)
                c->dom[g++] = (domain){.first = a, .size = s->domain[k].size, .kind = (uint8_t)k};
        if (s->has_site) /* the site: every slot, down for the rto after a disaster */
            c->dom[g++] = (domain){.size = c->nslots, .kind = SCN_MAX_DOMAINS, .site = 1};
        if (s->has_maint && !s->maint_rolling) /* scope all: every slot, at planned times */
            c->dom[g++] = (domain){.size = c->nslots, .kind = SCN_MAX_DOMAINS + 1, .maint = 1};
        if ((c->c_domain = engine_add_class(e, on_domain, c, c->ndomains)) < 0) goto oom;
    }
    c->c_maint = -1;
    if (s->has_maint && s->maint_rolling && (c->c_maint = engine_add_class(e, on_turn, c, 1)) < 0)
        goto oom;
    c->c_trace = -1;
    for (int k = 0; k < s->ncomp; k++)
        c->ntrace += s->comp[k].trace > 0;
    c->c_fb = -1;
    for (int k = 0; k < s->ncomp; k++)
        if (s->comp[k].trace > 0 && s->comp[k].trace_end == SCN_TRACE_FALLBACK) {
            /* every kind's law from the same instant: the latest end of those traces */
            c->fb_at = fmax(c->fb_at, s->comp[k].trace_every);
            c->c_fb = 0;
        }
    if (c->c_fb == 0) {
        if (!(c->fb_model = life_model_new_fallback(s)) ||
            !(c->fb = life_new(c->fb_model, c->nnodes)))
            goto oom;
        life_set_purpose(c->fb, CLUSTER_STREAM_FALLBACK);
        if ((c->c_fb = engine_add_class(e, on_fallback, c, 1)) < 0) goto oom;
    }
    if (c->ntrace) {
        if (!(c->tr = calloc((size_t)c->ntrace, sizeof *c->tr))) goto oom;
        for (int k = 0, x = 0; k < s->ncomp; k++)
            if (s->comp[k].trace > 0) c->tr[x++] = (trace_run){.kind = k, .t = scn_trace_of(&s->comp[k])};
        if ((c->c_trace = engine_add_class(e, on_trace, c, (uint32_t)c->ntrace)) < 0) goto oom;
    }
    if (poisson) {
        c->point_of = s->hot ? c->nnodes : c->nslots;
        c->point_mean = mean / (double)c->point_of;
        if ((c->c_point = engine_add_class(e, on_point, c, 1)) < 0) goto oom;
    }
    c->c_work = -1;
    if (lm_work) {
        c->lm_work = lm_work;
        /* lemons age faster on the work clock too: a life per node */
        double wmean = scn_has_lemons(s) ? 0 : life_model_poisson_mean(lm_work);
        if (wmean > 0) {
            c->wpoint_mean = wmean / (double)c->nslots;
        } else {
            c->work_life = life_new(lm_work, c->nnodes);
            c->work_due = iheap_new(c->nnodes);
            c->work_from = calloc(c->nnodes, sizeof *c->work_from);
            if (!c->work_life || !c->work_due || !c->work_from) goto oom;
            life_set_purpose(c->work_life, CLUSTER_STREAM_WORK_LIFE);
        }
        if ((c->c_work = engine_add_class(e, on_work, c, 1)) < 0) goto oom;
    }
    return c;
oom:
    cluster_free(c);
    return NULL;
}

void cluster_free(cluster *c)
{
    if (!c) return;
    life_free(c->life);
    life_free(c->work_life);
    iheap_free(c->work_due);
    free(c->work_from);
    free(c->node);
    free(c->slot);
    free(c->node_next);
    free(c->slot_next);
    free(c->node0);
    free(c->slot0);
    free(c->node_next0);
    free(c->dom);
    free(c->fx);
    free(c->fail_at);
    free(c->tr);
    life_free(c->fb);
    life_model_free(c->fb_model);
    free(c);
}

void cluster_set_slot_listener(cluster *c, cluster_slot_listener fn, void *ctx)
{
    c->slot_fn = fn;
    c->slot_ctx = ctx;
}

void cluster_set_loss_listener(cluster *c, cluster_loss_listener fn, void *ctx)
{
    c->loss = fn;
    c->loss_ctx = ctx;
}

void cluster_set_listener(cluster *c, cluster_listener fn, void *ctx)
{
    c->listener = fn;
    c->listener_ctx = ctx;
}

int cluster_reset(cluster *c)
{
    c->repairq = c->slotq = (queue){NONE, NONE};
    c->queued_slots = c->busy_crews = 0;
    c->filled = c->nslots;
    c->last = 0;
    c->st = (cluster_stats){0};
    c->failed = 0;
    c->k_point = 0;
    c->fb_on = 0; /* the lives past a trace's end start at its end */
    if (c->life && life_reset(c->life, c->r)) return -1;
    /* new nodes: a copy of those cluster_new built (or, for the tests, built again: the same
     * state), each of its own draw of being a lemon; then those that age by a life of their own
     * start ageing (start_ageing; none is a faulty repair's yet, and no trace has ended), in
     * node order */
    if (c->reset_by_loop) {
        new_nodes(c);
    } else {
        memcpy(c->node, c->node0, c->nnodes * sizeof *c->node);
        memcpy(c->slot, c->slot0, c->nslots * sizeof *c->slot);
        memcpy(c->node_next, c->node_next0, c->nnodes * sizeof *c->node_next);
        c->pool = c->pool0;
        c->in_pool = c->in_pool0;
    }
    if (c->fx) {
        memset(c->fx, 0, c->nnodes * sizeof *c->fx);
        for (uint32_t v = 0; v < c->nnodes; v++)
            c->node[v].lemon = draw_lemon(c, v, 0);
    }
    if (c->life)
        for (uint32_t v = 0; v < (c->s->hot ? c->nnodes : c->nslots); v++)
            start_ageing(c, v);
    if (c->c_point >= 0) next_point(c);
    if (c->lm_work) {
        c->working = 0;
        c->work_clock = 0;
        if (c->work_due) {
            if (life_reset(c->work_life, c->r)) return -1;
            iheap_clear(c->work_due);
            for (uint32_t v = 0; v < c->nslots; v++)
                work_enter(c, v);
        } else {
            c->k_wpoint = 0;
            c->wpoint_next = 0;
            next_work_point(c);
        }
    }
    if (c->c_fb >= 0 && engine_schedule(c->e, c->c_fb, 0, c->fb_at)) return -1;
    for (int x = 0; x < c->ntrace; x++) {
        c->tr[x].i = 0;
        c->tr[x].wraps = c->tr[x].k = 0;
        trace_next(c, x);
    }
    c->domains_down = 0;
    c->maint_down = 0;
    c->k_turn = 0;
    if (c->c_maint >= 0) next_turn(c);
    for (uint32_t g = 0; g < c->ndomains; g++) {
        c->dom[g].up = 1;
        c->dom[g].k_out = 0;
        domain_schedule(c, g);
    }
    return c->failed ? -1 : 0;
}

int cluster_all_up(const cluster *c)
{
    return c->filled == c->nslots;
}

int cluster_failed(const cluster *c)
{
    return c->failed;
}

void cluster_finish(cluster *c, double end, cluster_stats *out)
{
    account_to(c, end);
    *out = c->st;
}

void cluster_test_reset_by_loop(cluster *c, int on)
{
    c->reset_by_loop = on;
}

/* 1 if the lists from a's and b's heads, threaded through their links, are the same. */
static int same_list(queue qa, const uint32_t *la, queue qb, const uint32_t *lb, uint32_t n)
{
    uint32_t i = qa.head, j = qb.head, steps = 0;
    for (; i != NONE && j != NONE && steps <= n; steps++) {
        if (i != j) return 0;
        i = la[i];
        j = lb[j];
    }
    return i == NONE && j == NONE && qa.tail == qb.tail;
}

int cluster_test_same_state(const cluster *a, const cluster *b)
{
    if (a->nnodes != b->nnodes || a->nslots != b->nslots) return 0;
    for (uint32_t v = 0; v < a->nnodes; v++) {
        const node *x = &a->node[v], *y = &b->node[v];
        if (x->state != y->state || x->lemon != y->lemon || x->bad_pending != y->bad_pending ||
            x->bad_next != y->bad_next || x->kind != y->kind || x->aged_from != y->aged_from ||
            x->slot != y->slot || x->k_fail != y->k_fail || x->k_swap != y->k_swap ||
            x->repair_u != y->repair_u)
            return 0;
        if (x->state == N_POOL && x->prev != y->prev) return 0;
        if (a->fx && (a->fx[v].bad_left != b->fx[v].bad_left ||
                      a->fx[v].bad_kind != b->fx[v].bad_kind || a->fx[v].nfail != b->fx[v].nfail ||
                      a->fx[v].k_new != b->fx[v].k_new))
            return 0;
    }
    for (uint32_t s = 0; s < a->nslots; s++) {
        const slot *x = &a->slot[s], *y = &b->slot[s];
        if (x->state != y->state || x->ddown != y->ddown || x->maint != y->maint ||
            x->node != y->node)
            return 0;
    }
    if (!same_list(a->pool, a->node_next, b->pool, b->node_next, a->nnodes) ||
        !same_list(a->repairq, a->node_next, b->repairq, b->node_next, a->nnodes) ||
        !same_list(a->slotq, a->slot_next, b->slotq, b->slot_next, a->nslots))
        return 0;
    if (a->in_pool != b->in_pool || a->queued_slots != b->queued_slots ||
        a->busy_crews != b->busy_crews || a->filled != b->filled || a->last != b->last ||
        a->failed != b->failed || a->k_point != b->k_point || a->point_at != b->point_at ||
        a->point_kind != b->point_kind || a->fb_on != b->fb_on ||
        a->domains_down != b->domains_down || memcmp(&a->st, &b->st, sizeof a->st) != 0)
        return 0;
    for (uint32_t g = 0; g < a->ndomains; g++)
        if (a->dom[g].up != b->dom[g].up || a->dom[g].k_out != b->dom[g].k_out) return 0;
    for (int x = 0; x < a->ntrace; x++)
        if (a->tr[x].i != b->tr[x].i || a->tr[x].wraps != b->tr[x].wraps ||
            a->tr[x].k != b->tr[x].k)
            return 0;
    return 1;
}
