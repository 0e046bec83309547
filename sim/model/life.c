/*
 * life: cohorts of component units (see life.h).
 *
 * Cohorts live in one pool per thread, linked per node, recycled through a free list; the pool
 * grows by doubling when a trial needs more (rarely, and never again once it is large enough).
 * Per-kind unit counts of a cohort sit in a parallel array with one row of `stride` counts per
 * cohort, where stride is the size of the largest group.
 */
#include "sim/model/life.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NONE UINT32_MAX

typedef struct {
    int ph;  /* 1: proportional-hazards group (exponential, or Weibull of one shape) */
    int exp; /* 1: the exponential group (never splits) */
    int nkinds;
    int kind[SCN_MAX_COMPONENTS]; /* component kinds in the group */
    double w[SCN_MAX_COMPONENTS]; /* hazard weight of one unit of each kind */
    uint16_t count[SCN_MAX_COMPONENTS];
    double cw[SCN_MAX_COMPONENTS]; /* count x w of each kind, and their sum (the model's pick) */
    double cw_total;
    dist law;       /* ph: the law that dist_ph_combine scales; else the kind's own law */
    dist first;     /* the law of a new cohort's first failure (all units new) */
    double first_n; /* and the number of units it is the minimum of */
} group;

struct life_model {
    int ngroups;
    int stride;
    int no_poisson; /* tests: the Poisson shortcut refused */
    group g[SCN_MAX_COMPONENTS];
};

typedef struct {
    double f;      /* node age at which the cohort's first unit fails */
    double b;      /* node age at which the cohort's units were new */
    uint32_t next; /* next cohort of the same node, or NONE */
    uint32_t n;    /* units in the cohort */
    uint32_t grp;
    uint32_t pad;
} cohort;

typedef struct {
    uint32_t head;  /* first cohort */
    uint32_t first; /* the cohort that fails first */
    double age;     /* node age at the last failure (or 0) */
    uint32_t k;     /* draws made from this node's life stream in this trial */
} node_life;

struct life {
    const life_model *m;
    uint32_t n;
    uint32_t purpose; /* of its draws: STREAM_LIFE, unless life_set_purpose said otherwise */
    node_life *node;
    cohort *pool;
    uint16_t *cnt; /* pool capacity x stride */
    uint32_t cap, used, free_list;
};

/* The groups of the kinds for which law_of gives a law (NULL: not in the model). */
static life_model *model_of(const scn *s, const dist *(*law_of)(const scn_component *))
{
    life_model *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    for (int c = 0; c < s->ncomp; c++) {
        const dist *law = law_of(&s->comp[c]);
        if (!law) continue;
        int ph = law->kind == DIST_EXPONENTIAL || law->kind == DIST_WEIBULL;
        group *g = NULL;
        for (int i = 0; ph && i < m->ngroups; i++)
            if (m->g[i].ph && dist_ph_compatible(&m->g[i].law, law)) g = &m->g[i];
        if (!g) {
            g = &m->g[m->ngroups++];
            g->ph = ph;
            g->exp = law->kind == DIST_EXPONENTIAL;
            g->law = *law;
        }
        g->kind[g->nkinds] = c;
        g->count[g->nkinds] = (uint16_t)s->comp[c].count;
        g->nkinds++;
        if (g->nkinds > m->stride) m->stride = g->nkinds;
    }
    /* Hazard weights relative to the group's most hazardous kind (shortest mean or scale), so
     * that every weight is at most 1 and none overflows. */
    for (int i = 0; i < m->ngroups; i++) {
        group *g = &m->g[i];
        for (int k = 0; g->ph && k < g->nkinds; k++) {
            const dist *law = law_of(&s->comp[g->kind[k]]);
            double key = law->kind == DIST_EXPONENTIAL ? law->p1 : law->p2;
            double ref = g->law.kind == DIST_EXPONENTIAL ? g->law.p1 : g->law.p2;
            if (key < ref) g->law = *law;
        }
        for (int k = 0; k < g->nkinds; k++)
            g->w[k] = g->ph ? dist_ph_weight(&g->law, law_of(&s->comp[g->kind[k]])) : 1.0;
    }
    for (int i = 0; i < m->ngroups; i++) {
        group *g = &m->g[i];
        double w = 0, n = 0;
        for (int k = 0; k < g->nkinds; k++) {
            w += g->cw[k] = g->count[k] * g->w[k];
            n += g->count[k];
        }
        g->cw_total = w;
        if (g->ph)
            dist_ph_combine(&g->law, w, &g->first);
        else
            g->first = g->law;
        g->first_n = g->ph ? 1.0 : n;
    }
    return m;
}

/* A kind's ttf, if it ages always and does not replay a trace (no law to draw: cluster.c). */
static const dist *ttf_of(const scn_component *c)
{
    return c->trace > 0 || c->ages != SCN_AGES_ALWAYS ? NULL : &c->ttf;
}

/* A kind's ttf, if it ages only while the job computes. */
static const dist *work_of(const scn_component *c)
{
    return c->trace > 0 || c->ages != SCN_AGES_COMPUTING ? NULL : &c->ttf;
}

/* A traced kind's law past the trace's end (trace_end = LAW), else none. */
static const dist *fallback_of(const scn_component *c)
{
    return c->trace > 0 && c->trace_end == SCN_TRACE_FALLBACK ? &c->trace_law : NULL;
}

life_model *life_model_new(const scn *s)
{
    return model_of(s, ttf_of);
}

life_model *life_model_new_work(const scn *s)
{
    return model_of(s, work_of);
}

life_model *life_model_new_fallback(const scn *s)
{
    return model_of(s, fallback_of);
}

void life_set_purpose(life *L, uint32_t purpose)
{
    L->purpose = purpose;
}

void life_model_free(life_model *m)
{
    free(m);
}

int life_model_groups(const life_model *m)
{
    return m->ngroups;
}

double life_model_poisson_mean(const life_model *m)
{
    if (m->no_poisson || m->ngroups != 1 || !m->g[0].exp) return 0;
    return m->g[0].first.p1;
}

void life_model_allow_poisson(life_model *m, int allow)
{
    m->no_poisson = !allow;
}

/* Which unit of a proportional-hazards cohort failed, from uniform u: kinds in proportion to
 * their units' hazards cw (count x hazard weight, equal ages within a cohort), total their sum.
 * Returns the index in the group. */
static int pick_of(int nkinds, const uint16_t *cnt, const double *cw, double total, double u)
{
    double left = u * total;
    int which = nkinds - 1;
    for (int i = 0; i < nkinds; i++) {
        if (cnt[i] == 0) continue;
        left -= cw[i];
        if (left < 0) {
            which = i;
            break;
        }
    }
    while (cnt[which] == 0)
        which--; /* rounding at the top end */
    return which;
}

/* The same for a cohort of counts cnt. */
static int pick(const group *gr, const uint16_t *cnt, double u)
{
    if (gr->nkinds == 1) return 0;
    double total = 0, cw[SCN_MAX_COMPONENTS];
    for (int i = 0; i < gr->nkinds; i++)
        total += cw[i] = cnt[i] * gr->w[i];
    return pick_of(gr->nkinds, cnt, cw, total, u);
}

int life_model_pick_kind(const life_model *m, double u)
{
    const group *gr = &m->g[0];
    if (gr->nkinds == 1) return gr->kind[0];
    return gr->kind[pick_of(gr->nkinds, gr->count, gr->cw, gr->cw_total, u)];
}

life *life_new(const life_model *m, uint32_t n)
{
    life *L = calloc(1, sizeof *L);
    if (!L) return NULL;
    L->m = m;
    L->n = n;
    L->purpose = STREAM_LIFE;
    L->node = calloc(n ? n : 1, sizeof *L->node);
    if (!L->node) {
        free(L);
        return NULL;
    }
    return L;
}

void life_free(life *L)
{
    if (!L) return;
    free(L->node);
    free(L->pool);
    free(L->cnt);
    free(L);
}

static int grow(life *L)
{
    uint64_t want = L->cap ? (uint64_t)L->cap * 2 : (uint64_t)L->n * (uint64_t)L->m->ngroups + 64;
    if (want > NONE - 1) return -1;
    uint32_t cap = (uint32_t)want;
    cohort *p = realloc(L->pool, cap * sizeof *p);
    if (!p) return -1;
    L->pool = p;
    uint16_t *c = realloc(L->cnt, (size_t)cap * (size_t)L->m->stride * sizeof *c);
    if (!c) return -1;
    L->cnt = c;
    L->cap = cap;
    return 0;
}

static uint32_t cohort_alloc(life *L)
{
    if (L->free_list != NONE) {
        uint32_t i = L->free_list;
        L->free_list = L->pool[i].next;
        return i;
    }
    if (L->used == L->cap && grow(L)) return NONE;
    return L->used++;
}

/* Draws cohort x's next failure from node age `now` (the cohort's units have age now - b), from
 * uniform u. */
static void cohort_draw(life *L, uint32_t x, double now, double u)
{
    cohort *c = &L->pool[x];
    const group *gr = &L->m->g[c->grp];
    if (gr->ph) {
        const uint16_t *cnt = L->cnt + (size_t)x * (size_t)L->m->stride;
        double w = 0;
        for (int i = 0; i < gr->nkinds; i++)
            w += cnt[i] * gr->w[i];
        dist law;
        dist_ph_combine(&gr->law, w, &law);
        c->f = now + dist_cond_min(&law, 1.0, now - c->b, u);
    } else {
        c->f = now + dist_cond_min(&gr->law, (double)c->n, now - c->b, u);
    }
}

static void find_first(life *L, uint32_t node)
{
    node_life *nl = &L->node[node];
    uint32_t best = nl->head;
    if (best == NONE) { /* no component of the model: it never fails */
        nl->first = NONE;
        return;
    }
    for (uint32_t x = L->pool[best].next; x != NONE; x = L->pool[x].next)
        if (L->pool[x].f < L->pool[best].f) best = x;
    nl->first = best;
}

/* Gives node v new components (age 0), their first failures drawn from its life stream from
 * draw nl->k on. */
static int node_new(life *L, stream *r, uint32_t v)
{
    const life_model *m = L->m;
    node_life *nl = &L->node[v];
    nl->age = 0;
    nl->head = NONE;
    for (int gi = m->ngroups; gi-- > 0;) {
        const group *gr = &m->g[gi];
        uint32_t x = cohort_alloc(L);
        if (x == NONE) return -1;
        cohort *c = &L->pool[x];
        c->b = 0;
        c->grp = (uint32_t)gi;
        c->next = nl->head;
        nl->head = x;
        uint16_t *cnt = L->cnt + (size_t)x * (size_t)m->stride;
        unsigned total = 0;
        for (int i = 0; i < gr->nkinds; i++)
            total += cnt[i] = gr->count[i];
        c->n = total;
        /* All new: the group's precomputed law of the first failure, one uniform. */
        c->f =
            dist_cond_min(&gr->first, gr->first_n, 0.0, stream_uniform_at(r, v, L->purpose, nl->k++));
    }
    find_first(L, v);
    return 0;
}

int life_reset(life *L, stream *r)
{
    L->used = 0;
    L->free_list = NONE;
    for (uint32_t v = 0; v < L->n; v++) {
        L->node[v].k = 0;
        if (node_new(L, r, v)) return -1;
    }
    return 0;
}

int life_renew(life *L, stream *r, uint32_t node)
{
    node_life *nl = &L->node[node];
    for (uint32_t x = nl->head, next; x != NONE; x = next) { /* back to the free list */
        next = L->pool[x].next;
        L->pool[x].next = L->free_list;
        L->free_list = x;
    }
    return node_new(L, r, node);
}

double life_remaining(const life *L, uint32_t node)
{
    const node_life *nl = &L->node[node];
    if (nl->first == NONE) return INFINITY;
    return L->pool[nl->first].f - nl->age;
}

void life_aged(life *L, uint32_t node, double hours)
{
    L->node[node].age += hours;
}

int life_fail(life *L, stream *r, uint32_t node)
{
    const life_model *m = L->m;
    node_life *nl = &L->node[node];
    uint32_t x = nl->first;
    cohort *c = &L->pool[x];
    const group *gr = &m->g[c->grp];
    uint16_t *cnt = L->cnt + (size_t)x * (size_t)m->stride;
    double now = c->f;
    nl->age = now;

    /* Which unit failed: in proportion to the kinds' hazards (equal ages within a cohort). */
    int which = gr->nkinds > 1 ? pick(gr, cnt, stream_uniform_at(r, node, L->purpose, nl->k++)) : 0;
    int kind = gr->kind[which];

    if (gr->exp) {
        /* memoryless: the renewed unit rejoins as if never gone */
        cohort_draw(L, x, now, stream_uniform_at(r, node, L->purpose, nl->k++));
    } else if (c->n == 1) {
        c->b = now; /* its only unit is renewed: the cohort starts again at age 0 */
        cohort_draw(L, x, now, stream_uniform_at(r, node, L->purpose, nl->k++));
    } else {
        cnt[which]--;
        c->n--;
        cohort_draw(L, x, now, stream_uniform_at(r, node, L->purpose, nl->k++));
        uint32_t y = cohort_alloc(L);
        if (y == NONE) return -1;
        cohort *d = &L->pool[y];
        d->b = now;
        d->grp = L->pool[x].grp;
        d->n = 1;
        d->next = nl->head;
        nl->head = y;
        uint16_t *dc = L->cnt + (size_t)y * (size_t)m->stride;
        memset(dc, 0, (size_t)m->stride * sizeof *dc);
        dc[which] = 1;
        cohort_draw(L, y, now, stream_uniform_at(r, node, L->purpose, nl->k++));
    }
    find_first(L, node);
    return kind;
}
