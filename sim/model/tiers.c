/*
 * tiers: holdings, outages and redundancy sets of the storage tiers (see tiers.h).
 *
 * Redundancy sets are tracked with generation stamps, so that rewriting a tier (every checkpoint
 * written to it, every restore) costs O(1) however many slots there are: a tier's copy has a
 * generation, bumped at each rewrite; slot i has failed since the copy was written when
 * mark[i] equals the generation, and an xor set's count of such slots is valid when its own
 * stamp does. A failure is then O(1) too.
 */
#include "sim/model/tiers.h"
#include "sim/model/draw.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    uint64_t held; /* checkpoint held, or TIERS_NONE */
    int up;
    uint32_t k_out; /* outages so far */
    /* redundancy sets (partner, xor): the copy's generation, per-slot and per-set stamps */
    uint32_t gen;
    uint32_t *mark;     /* nodes entries */
    uint32_t *set_gen;  /* xor: nodes / set_size entries */
    uint32_t *set_lost; /* xor: slots failed in the set since the copy was written */
} tier_state;

struct tiers {
    const scn *s;
    engine *e;
    stream *r;
    int cls;
    int n;
    int failed;
    void (*on_up)(void *ctx);
    void *ctx;
    void (*on_change)(void *ctx, int before);
    void *change_ctx;
    tier_state t[SCN_MAX_TIERS];
};

static void at(tiers *t, int i, double when)
{
    if (engine_schedule(t->e, t->cls, (uint32_t)i, when)) {
        t->failed = 1;
        engine_stop(t->e);
    }
}

/* The tier's next change: the end of its up time (ttf) or of its outage (ttr). */
static void schedule_change(tiers *t, int i)
{
    const scn_tier *c = &t->s->tier[i];
    tier_state *x = &t->t[i];
    uint32_t purpose = TIERS_STREAM + 2u * (uint32_t)i + (x->up ? 0u : 1u);
    double d = draw_law(x->up ? &c->ttf : &c->ttr, t->r, STREAM_JOB, purpose, x->k_out);
    if (!x->up) x->k_out++;
    at(t, i, engine_now(t->e) + d);
}

static void on_timer(void *ctx, uint32_t id)
{
    tiers *t = ctx;
    int i = (int)id;
    if (t->on_change) t->on_change(t->change_ctx, 1);
    t->t[i].up = !t->t[i].up;
    schedule_change(t, i);
    if (t->on_change) t->on_change(t->change_ctx, 0);
    if (t->t[i].up && t->on_up) t->on_up(t->ctx);
}

/* Tier i's copy is written anew: the slots failed since the last copy no longer count. */
static void rewrite(tiers *t, int i)
{
    tier_state *x = &t->t[i];
    if (!x->mark) return;
    if (++x->gen == 0) { /* after 2^32 rewrites: clear the stamps, once */
        const scn_tier *c = &t->s->tier[i];
        memset(x->mark, 0, t->s->nodes * sizeof *x->mark);
        if (x->set_gen) memset(x->set_gen, 0, t->s->nodes / c->set_size * sizeof *x->set_gen);
        x->gen = 1;
    }
}

tiers *tiers_new(const scn *s, engine *e, stream *r)
{
    tiers *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->s = s;
    t->e = e;
    t->r = r;
    t->n = s->ntier;
    for (int i = 0; i < t->n; i++) {
        const scn_tier *c = &s->tier[i];
        tier_state *x = &t->t[i];
        if (c->redundancy == SCN_REDUNDANCY_SINGLE) continue;
        x->mark = calloc(s->nodes, sizeof *x->mark);
        if (!x->mark) goto oom;
        if (c->redundancy == SCN_REDUNDANCY_XOR) {
            uint32_t sets = s->nodes / c->set_size;
            x->set_gen = calloc(sets, sizeof *x->set_gen);
            x->set_lost = calloc(sets, sizeof *x->set_lost);
            if (!x->set_gen || !x->set_lost) goto oom;
        }
    }
    t->cls = engine_add_class(e, on_timer, t, (uint32_t)(t->n ? t->n : 1));
    if (t->cls < 0) goto oom;
    return t;
oom:
    tiers_free(t);
    return NULL;
}

void tiers_free(tiers *t)
{
    if (!t) return;
    for (int i = 0; i < SCN_MAX_TIERS; i++) {
        free(t->t[i].mark);
        free(t->t[i].set_gen);
        free(t->t[i].set_lost);
    }
    free(t);
}

void tiers_set_listener(tiers *t, void (*on_up)(void *ctx), void *ctx)
{
    t->on_up = on_up;
    t->ctx = ctx;
}

void tiers_set_change_listener(tiers *t, void (*on_change)(void *ctx, int before), void *ctx)
{
    t->on_change = on_change;
    t->change_ctx = ctx;
}

int tiers_reset(tiers *t)
{
    t->failed = 0;
    for (int i = 0; i < t->n; i++) {
        tier_state *x = &t->t[i];
        x->held = 0;
        x->up = 1;
        x->k_out = 0;
        rewrite(t, i);
        if (t->s->tier[i].has_outage) schedule_change(t, i);
    }
    return t->failed ? -1 : 0;
}

int tiers_up(const tiers *t, int i)
{
    return t->t[i].up;
}

int tiers_due(const tiers *t, uint64_t m)
{
    int best = 0;
    for (int i = 1; i < t->n; i++) /* sorted by every: the last that divides m is the largest */
        if (m % t->s->tier[i].every == 0) best = i;
    return best;
}

int tiers_writer(const tiers *t, uint64_t m, int *skipped)
{
    int d = tiers_due(t, m);
    *skipped = -1;
    if (t->t[d].up) return d;
    *skipped = d;
    for (int i = d - 1; i >= 0; i--)
        if (t->t[i].up) return i;
    return -1;
}

void tiers_hold(tiers *t, int i, uint64_t m)
{
    t->t[i].held = m;
    rewrite(t, i);
}

void tiers_keep(tiers *t, int i, uint64_t m)
{
    for (int j = 0; j < i; j++)
        if (t->t[j].up) tiers_hold(t, j, m);
}

/* 1 if slot `slot` failing now leaves tier x's copy beyond its redundancy. */
static int set_broken(const scn *s, const scn_tier *c, tier_state *x, uint32_t slot)
{
    if (c->redundancy == SCN_REDUNDANCY_SINGLE) return 1;
    if (x->mark[slot] == x->gen) return 0; /* its replacement held nothing: nothing new lost */
    x->mark[slot] = x->gen;
    if (c->redundancy == SCN_REDUNDANCY_PARTNER) {
        uint32_t n = s->nodes;
        uint32_t next = slot + 1 == n ? 0 : slot + 1, prev = slot == 0 ? n - 1 : slot - 1;
        return x->mark[next] == x->gen || x->mark[prev] == x->gen;
    }
    uint32_t set = slot / c->set_size;
    if (x->set_gen[set] != x->gen) {
        x->set_gen[set] = x->gen;
        x->set_lost[set] = 0;
    }
    return ++x->set_lost[set] >= 2;
}

void tiers_lose(tiers *t, uint32_t slot, int level)
{
    for (int i = 0; i < t->n; i++) {
        const scn_tier *c = &t->s->tier[i];
        tier_state *x = &t->t[i];
        if (c->lost_on > level || x->held == TIERS_NONE) continue;
        /* redundancy guards a node-local copy against node losses; a process-level loss of a
         * process-level tier takes it whole */
        if (level == SCN_LOST_NODE && c->lost_on == SCN_LOST_NODE && !set_broken(t->s, c, x, slot))
            continue;
        x->held = TIERS_NONE;
    }
}

uint64_t tiers_source(const tiers *t, int *src)
{
    uint64_t best = TIERS_NONE;
    for (int i = 0; i < t->n; i++)
        if (t->t[i].held != TIERS_NONE && (best == TIERS_NONE || t->t[i].held > best))
            best = t->t[i].held;
    *src = -1;
    if (best == TIERS_NONE) { /* nothing left anywhere: the start, read through tier 0 */
        if (t->t[0].up) *src = 0;
        return 0;
    }
    for (int i = 0; i < t->n; i++)
        if (t->t[i].held == best && t->t[i].up) {
            *src = i;
            break;
        }
    return best;
}

void tiers_restored(tiers *t, uint64_t m)
{
    for (int i = 0; i < t->n; i++)
        if (t->t[i].up) tiers_hold(t, i, m);
}

uint64_t tiers_held(const tiers *t, int i)
{
    return t->t[i].held;
}

int tiers_failed(const tiers *t)
{
    return t->failed;
}
