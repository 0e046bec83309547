/*
 * service: the served model's state machine (see service.h and docs/model.md, "Serving").
 *
 * Each slot is up, down and undetected, or down and detected by the load balancer; each replica
 * counts its down slots and, of them, the detected ones: it is up at 0 down, believed healthy at 0
 * detected. Two counters, replicas up and replicas believed, give the service's state and the
 * share of requests answered, integrated over time between changes. One timer class, a timer per
 * slot: the load balancer's detection of its failure, cancelled (lazily, by the engine) when the
 * slot comes back first, as when a failure domain returns within the detection timeout.
 *
 * Outages: when the replicas up fall below min_replicas an outage opens; when they reach it again
 * it ends, but is kept pending, so that an outage opening again at the same instant continues it
 * (the service was up for no time); a pending outage is recorded once time has passed, if it had
 * a length (a replica down and back at one instant, as a spare swapped in with no delay, is no
 * outage).
 */
#include "sim/model/service.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>

enum { SLOT_UP, SLOT_UNDETECTED, SLOT_DETECTED };

typedef struct {
    uint32_t down;  /* its slots that are down */
    uint32_t known; /* of them, those whose failure the load balancer has detected */
} replica;

struct service {
    const scn *s;
    engine *e;
    int c_detect; /* timer class: one timer per slot, its detection by the load balancer */
    uint32_t R, m, k, nslots;
    uint8_t *slot;
    replica *rep;
    uint32_t up, believed; /* replicas up; replicas believed healthy (up ones among them) */
    double last;           /* time of the last change of up or believed */
    double up_h;           /* time with at least k replicas up */
    double served_h;       /* integral of up / believed */
    /* outages: the open one (from open_at), the pending one that has just ended, and those done */
    int open, pending;
    double open_at, pend_from, pend_to;
    uint64_t outages;
    double outage_total_h, first_outage_h;
    double *len; /* the trial's outage lengths, hours; grows to the longest list seen */
    size_t nlen, cap;
    int failed;
};

/* ---------------------------------------------------------------- bookkeeping */

static void account(service *v, double now)
{
    double dt = now - v->last;
    if (dt <= 0) return;
    if (v->up >= v->k) v->up_h += dt;
    if (v->believed > 0) v->served_h += dt * (double)v->up / (double)v->believed;
    v->last = now;
}

static void fail_hard(service *v)
{
    v->failed = 1;
    engine_stop(v->e);
}

/* Records the pending outage, if it lasted. */
static void commit_pending(service *v)
{
    if (!v->pending) return;
    v->pending = 0;
    double len = v->pend_to - v->pend_from;
    if (!(len > 0)) return;
    if (v->nlen == v->cap) {
        size_t cap = v->cap ? 2 * v->cap : 64;
        double *p = realloc(v->len, cap * sizeof *p);
        if (!p) {
            fail_hard(v);
            return;
        }
        v->len = p;
        v->cap = cap;
    }
    v->len[v->nlen++] = len;
    if (v->outages++ == 0) v->first_outage_h = v->pend_from;
    v->outage_total_h += len;
}

/* The replicas up have just fallen below k: an outage opens, or the one that ended now goes on. */
static void outage_opens(service *v, double now)
{
    if (v->pending && v->pend_to == now) {
        v->pending = 0;
        v->open_at = v->pend_from;
    } else {
        commit_pending(v);
        v->open_at = now;
    }
    v->open = 1;
}

static void outage_ends(service *v, double now)
{
    commit_pending(v); /* an earlier one (cannot be pending still, but cheap to be sure) */
    v->open = 0;
    v->pending = 1;
    v->pend_from = v->open_at;
    v->pend_to = now;
}

/* The load balancer learns of slot i's failure. */
static void detect(service *v, uint32_t i)
{
    v->slot[i] = SLOT_DETECTED;
    if (v->rep[i / v->m].known++ == 0) v->believed--;
}

static void on_detect(void *ctx, uint32_t i)
{
    service *v = ctx;
    if (v->slot[i] != SLOT_UNDETECTED) return;
    account(v, engine_now(v->e));
    detect(v, i);
}

/* ---------------------------------------------------------------- the slot listener */

void service_on_slot(void *ctx, uint32_t i, int up, double detect_at)
{
    service *v = ctx;
    if (i >= v->nslots) return;
    double now = engine_now(v->e);
    replica *r = &v->rep[i / v->m];
    if (!up) {
        if (v->slot[i] != SLOT_UP) return;
        account(v, now);
        v->slot[i] = SLOT_UNDETECTED;
        if (r->down++ == 0 && v->up-- == v->k) outage_opens(v, now);
        if (detect_at <= now)
            detect(v, i);
        else if (engine_schedule_soon(v->e, v->c_detect, i, detect_at))
            fail_hard(v);
        return;
    }
    if (v->slot[i] == SLOT_UP) return;
    account(v, now);
    if (v->slot[i] == SLOT_DETECTED) {
        if (--r->known == 0) v->believed++;
    } else {
        engine_cancel(v->e, v->c_detect, i); /* back before the load balancer noticed */
    }
    v->slot[i] = SLOT_UP;
    if (--r->down == 0 && ++v->up == v->k) outage_ends(v, now);
}

/* ---------------------------------------------------------------- life cycle */

service *service_new(const scn *s, engine *e)
{
    uint64_t n = (uint64_t)s->replicas * s->replica_nodes;
    if (s->replicas == 0 || s->replica_nodes == 0 || s->min_replicas > s->replicas ||
        n > UINT32_MAX)
        return NULL;
    service *v = calloc(1, sizeof *v);
    if (!v) return NULL;
    v->s = s;
    v->e = e;
    v->R = s->replicas;
    v->m = s->replica_nodes;
    v->k = s->min_replicas;
    v->nslots = (uint32_t)n;
    v->slot = calloc(v->nslots, sizeof *v->slot);
    v->rep = calloc(v->R, sizeof *v->rep);
    if (!v->slot || !v->rep || (v->c_detect = engine_add_class(e, on_detect, v, v->nslots)) < 0) {
        service_free(v);
        return NULL;
    }
    return v;
}

void service_free(service *v)
{
    if (!v) return;
    free(v->slot);
    free(v->rep);
    free(v->len);
    free(v);
}

int service_reset(service *v)
{
    for (uint32_t i = 0; i < v->nslots; i++)
        v->slot[i] = SLOT_UP;
    for (uint32_t r = 0; r < v->R; r++)
        v->rep[r] = (replica){0, 0};
    v->up = v->believed = v->R;
    v->last = v->up_h = v->served_h = 0;
    v->open = v->pending = 0;
    v->outages = 0;
    v->outage_total_h = v->first_outage_h = 0;
    v->nlen = 0;
    v->failed = 0;
    return 0;
}

void service_finish(service *v, double end, metric_row *out)
{
    if (!v) { /* no service: every figure 0, so that a row is the same however it was made */
        out->service_availability = out->downtime_min_per_year = 0;
        out->outages = out->trials_with_an_outage = 0;
        out->outage_total_min = out->mean_outage_min = out->p95_outage_min = 0;
        out->first_outage_total_h = out->mttff_h = out->request_availability = 0;
        return;
    }
    account(v, end);
    if (v->open) outage_ends(v, end); /* still open: counted with its length up to the end */
    commit_pending(v);
    double A = end > 0 ? v->up_h / end : 1.0;
    out->service_availability = A;
    out->downtime_min_per_year = (1 - A) * SERVICE_MIN_PER_YEAR;
    out->outages = v->outages;
    out->outage_total_min = 60 * v->outage_total_h;
    out->mean_outage_min = v->outages ? 60 * v->outage_total_h / (double)v->outages : 0.0;
    double p95 = 0;
    if (v->nlen) { /* the interpolation summary.csv's percentiles use (GSL's) */
        gsl_sort(v->len, 1, v->nlen);
        p95 = gsl_stats_quantile_from_sorted_data(v->len, 1, v->nlen, 0.95);
    }
    out->p95_outage_min = 60 * p95;
    out->first_outage_total_h = v->outages ? v->first_outage_h : 0.0;
    out->trials_with_an_outage = v->outages > 0;
    out->mttff_h = out->first_outage_total_h;
    out->request_availability = end > 0 ? v->served_h / end : 1.0;
}

int service_failed(const service *v)
{
    return v->failed;
}
