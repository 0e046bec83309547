/*
 * world: runs one trial and turns the cluster's and the job's figures into a trials.csv row,
 * and with [cost] prices them (docs/model.md, "Costs").
 */
#include "sim/model/world.h"
#include "sim/model/cluster.h"
#include "sim/engine/engine.h"
#include "sim/model/job.h"
#include "sim/model/service.h"
#include "sim/engine/stream.h"
#include "models/unit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

struct world {
    const scn *s;
    engine *e;
    stream *r;
    cluster *cl;
    job *job;     /* NULL without a [job] section */
    service *svc; /* NULL without a [service] section */
};

/* A month of storage: a year of 365.25 days over 12. */
#define COST_HOURS_PER_MONTH 730.5

/* The checkpoint terabytes a job keeps stored (docs/model.md, "Costs"): one copy without tiers,
 * else one at each tier, twice with partner redundancy and s/(s-1) times with xor sets of s
 * (the parity); plus one at the second site when a [site] replicates. None without checkpoints. */
static double stored_tb(const scn *s)
{
    if (!s->has_job || s->ckpt.kind == CKPT_NONE || !(s->checkpoint_tb > 0)) return 0;
    double copies = s->ntier ? 0 : 1;
    for (int i = 0; i < s->ntier; i++) {
        const scn_tier *t = &s->tier[i];
        copies += t->redundancy == SCN_REDUNDANCY_PARTNER ? 2
                  : t->redundancy == SCN_REDUNDANCY_XOR
                      ? (double)t->set_size / (double)(t->set_size - 1)
                      : 1;
    }
    if (s->has_site && isfinite(s->site_every)) copies += 1;
    return copies * s->checkpoint_tb;
}

/* The trial's costs, from its row (makespan, useful work, down time, the service's up time) and
 * the cluster's repairs; all 0 without [cost]. The parts are added in table order, so that cost
 * is their sum exactly as a reader adds them. */
static void price(const scn *s, const cluster_stats *cs, metric_row *out)
{
    double T = out->makespan_h, nodes = (double)s->nodes, up, down;
    if (s->has_job) {
        up = out->useful_h;
        down = out->down_h;
    } else if (s->has_service) {
        up = out->service_availability * T;
        down = T - up;
    } else {
        up = cs->up_h;
        down = out->down_h;
    }
    if (down < 0) down = 0; /* end - up_h rounded below 0: no downtime to price */
    out->useful_node_h = s->has_cost ? up * nodes : 0;
    out->cost_nodes = s->cost_node_hour * nodes * T;
    out->cost_spares = s->cost_node_hour * (double)s->spares * T;
    out->cost_crews = s->cost_crew_hour * (double)s->crews * T;
    out->cost_repairs = s->cost_repair * (double)cs->repairs;
    out->cost_downtime = s->cost_downtime_hour * down;
    out->cost_storage = s->cost_storage_tb_month * stored_tb(s) * T / COST_HOURS_PER_MONTH;
    out->cost = out->cost_nodes + out->cost_spares + out->cost_crews + out->cost_repairs +
                out->cost_downtime + out->cost_storage;
    out->cost_per_hour = T > 0 ? out->cost / T : 0.0;
    out->cost_per_useful_node_h = out->useful_node_h > 0 ? out->cost / out->useful_node_h : 0.0;
}

struct world_plan {
    const scn *s;
    life_model *lm;
    life_model *lm_work; /* the kinds that age while the job computes, NULL if none */
};

world_plan *world_plan_new(const scn *s, int per_node_lives)
{
    world_plan *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->s = s;
    if (!(p->lm = life_model_new(s))) {
        free(p);
        return NULL;
    }
    if (per_node_lives) life_model_allow_poisson(p->lm, 0);
    if (scn_has_computing(s)) {
        if (!(p->lm_work = life_model_new_work(s))) {
            world_plan_free(p);
            return NULL;
        }
        if (per_node_lives) life_model_allow_poisson(p->lm_work, 0);
    }
    return p;
}

void world_plan_free(world_plan *p)
{
    if (!p) return;
    life_model_free(p->lm);
    life_model_free(p->lm_work);
    free(p);
}

world *world_new(const world_plan *p)
{
    const scn *s = p->s;
    const life_model *lm = p->lm;
    world *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->s = s;
    w->e = engine_new();
    w->r = stream_new();
    if (!w->e || !w->r) goto oom;
    w->cl = cluster_new(s, w->e, w->r, lm, p->lm_work);
    if (!w->cl) goto oom;
    if (s->has_job) {
        w->job = job_new(s, w->e, w->r);
        if (!w->job) goto oom;
        cluster_set_listener(w->cl, job_on_cluster, w->job);
        if (p->lm_work) job_set_work_listener(w->job, cluster_on_work, w->cl);
        if (s->ntier || s->has_site) cluster_set_loss_listener(w->cl, job_on_loss, w->job);
    }
    if (s->has_service) {
        w->svc = service_new(s, w->e);
        if (!w->svc) goto oom;
        cluster_set_slot_listener(w->cl, service_on_slot, w->svc);
    }
    return w;
oom:
    world_free(w);
    return NULL;
}

void world_free(world *w)
{
    if (!w) return;
    job_free(w->job);
    service_free(w->svc);
    cluster_free(w->cl);
    stream_free(w->r);
    engine_free(w->e);
    free(w);
}

int world_run(world *w, uint32_t seed, uint64_t trial, metric_row *out, char *err, size_t n)
{
    const scn *s = w->s;
    stream_set_trial(w->r, seed, (uint32_t)trial);
    engine_reset(w->e);
    if ((w->svc && service_reset(w->svc)) || cluster_reset(w->cl) ||
        (w->job && job_reset(w->job)))
        goto oom;
    double until = s->horizon;
    if (w->job && !isfinite(until)) until = WORLD_MAX_WORK_FACTOR * s->work;
    uint64_t ran = engine_run(w->e, until, WORLD_MAX_EVENTS);
    if (cluster_failed(w->cl) || (w->job && job_failed(w->job)) ||
        (w->svc && service_failed(w->svc)))
        goto oom;
    /* the safety limit counts the job's phase ends that ran no event (job_leapt) as events: the
     * same trials reach it as when each was one */
    if (w->job && ran < WORLD_MAX_EVENTS) {
        int done = job_done(w->job);
        uint64_t all = ran + job_leapt(w->job, done ? engine_now(w->e) : until);
        if (all > WORLD_MAX_EVENTS || (!done && all == WORLD_MAX_EVENTS)) ran = WORLD_MAX_EVENTS;
    }

    job_stats js = {0};
    double end;
    if (w->job && job_done(w->job) && ran < WORLD_MAX_EVENTS) {
        job_finish(w->job, engine_now(w->e), &js);
        end = js.end;
    } else if (ran >= WORLD_MAX_EVENTS || !isfinite(s->horizon)) {
        char t[48];
        double now = ran >= WORLD_MAX_EVENTS ? engine_now(w->e) : until;
        cluster_stats cs;
        cluster_finish(w->cl, now, &cs);
        if (w->job && cs.failures == 0 && ran >= WORLD_MAX_EVENTS) {
            /* no failure at all: the job's own events (its checkpoints) used up the limit */
            job_finish(w->job, now, &js);
            snprintf(err, n,
                     "trial %llu stopped at the safety limit of 10^8 events with no failure: the "
                     "job's own checkpoints (%llu so far, after %s of simulated time) are too "
                     "many; lengthen [job] checkpoint_interval, or shorten the work",
                     (unsigned long long)trial, (unsigned long long)js.checkpoints,
                     unit_format_duration(now, t, sizeof t));
        } else if (w->job && s->has_fleet && !isfinite(s->replacement) && cs.retired > s->spares) {
            /* retirement without replacement: fewer nodes than slots, the job waits for ever */
            job_finish(w->job, now, &js);
            snprintf(err, n,
                     "trial %llu stopped at the safety limit (%s): %llu nodes retired without "
                     "replacement left the fleet fewer nodes than its %u slots, so the job "
                     "(%.3g%% of its work kept) waits for ever; set [scenario] horizon to bound "
                     "the trials, or [fleet] replacement",
                     (unsigned long long)trial,
                     ran >= WORLD_MAX_EVENTS ? "10^8 events" : "100 times the work",
                     (unsigned long long)cs.retired, s->nodes, 100.0 * js.useful_h / s->work);
        } else if (w->job) {
            job_finish(w->job, now, &js);
            snprintf(err, n,
                     "trial %llu stopped at the safety limit (%s): after %s of simulated time the "
                     "job had kept %.3g%% of its %s of work, so it cannot complete under these "
                     "failure rates; set [scenario] horizon to bound the trials",
                     (unsigned long long)trial,
                     ran >= WORLD_MAX_EVENTS ? "10^8 events" : "100 times the work",
                     unit_format_duration(now, t, sizeof t), 100.0 * js.useful_h / s->work,
                     unit_format_duration(s->work, t + 24, sizeof t - 24));
        } else {
            snprintf(err, n,
                     "trial %llu stopped at the safety limit of 10^8 events before its "
                     "horizon",
                     (unsigned long long)trial);
        }
        return RC_LIMIT;
    } else {
        end = s->horizon;
        if (w->job) job_finish(w->job, end, &js);
    }
    cluster_stats cs;
    cluster_finish(w->cl, end, &cs);

    out->trial = trial;
    out->completed = js.completed;
    out->makespan_h = end;
    out->availability = end > 0 ? cs.up_h / end : 1.0;
    out->goodput = end > 0 ? js.useful_h / end : 0.0;
    out->failures = cs.failures;
    out->process_failures = cs.process_failures;
    out->trace_failures = cs.trace_failures;
    out->trace_skipped = cs.trace_skipped;
    out->useful_h = js.useful_h;
    out->unsaved_h = js.unsaved_h;
    out->lost_h = js.lost_h;
    out->checkpoint_h = js.checkpoint_h;
    out->restart_h = js.restart_h;
    out->down_h = end - cs.up_h;
    out->wait_spare_h = cs.wait_spare_h;
    out->checkpoints = js.checkpoints;
    out->full_checkpoints = js.full_checkpoints;
    out->incremental_checkpoints = js.incremental_checkpoints;
    out->sdc_strikes = js.sdc_strikes;
    out->sdc_recovered = js.sdc_recovered;
    out->sdc_unrecoverable = js.sdc_unrecoverable;
    out->interruptions = js.interruptions;
    out->rpo_total_h = js.rpo_total_h;
    out->rto_total_h = js.rto_total_h;
    out->rpo_h = js.interruptions ? js.rpo_total_h / (double)js.interruptions : 0.0;
    out->rto_h = js.interruptions ? js.rto_total_h / (double)js.interruptions : 0.0;
    out->rpo_max_h = js.rpo_max_h;
    out->rto_max_h = js.rto_max_h;
    out->async_lost = js.async_lost;
    out->async_committed = js.async_committed;
    out->storage_wait_h = js.storage_wait_h;
#define TIER_ROW_(k)                                                                               \
    out->restores_tier##k = js.restores[k];                                                        \
    out->skipped_tier##k = js.skipped[k];                                                          \
    out->checkpoint_tier##k##_h = js.checkpoint_tier_h[k];                                         \
    out->restart_tier##k##_h = js.restart_tier_h[k];
    TIER_ROW_(0)
    TIER_ROW_(1)
    TIER_ROW_(2)
    TIER_ROW_(3)
    TIER_ROW_(4)
    TIER_ROW_(5)
#undef TIER_ROW_
    out->site_failures = cs.site_failures;
    out->site_rpo_total_h = js.site_rpo_total_h;
    out->site_rto_total_h = js.site_rto_total_h;
    out->site_copy_age_total_h = js.site_copy_age_total_h;
    out->site_recovered = js.site_recovered;
    double nsite = (double)js.site_recovered;
    out->site_rpo_h = nsite > 0 ? js.site_rpo_total_h / nsite : 0.0;
    out->site_rto_h = nsite > 0 ? js.site_rto_total_h / nsite : 0.0;
    out->site_copy_age_h =
        cs.site_failures ? js.site_copy_age_total_h / (double)cs.site_failures : 0.0;
    out->remote_copies = js.remote_copies;
    out->domain_failures = cs.domain_failures;
    out->domain_down_h = cs.domain_down_h;
    out->domain_down_share = out->down_h > 0 ? cs.domain_down_h / out->down_h : 0.0;
    out->max_slots_down = cs.max_slots_down;
    out->maintenances = cs.maintenances;
    out->maintenances_skipped = cs.maintenances_skipped;
    out->maintenance_h = cs.maintenance_h;
    out->manual_repairs = cs.manual_repairs;
    out->failed_repairs = cs.failed_repairs;
    out->lemon_failures = cs.lemon_failures;
    out->retired = cs.retired;
    out->replacements = cs.replacements;
    service_finish(w->svc, end, out); /* without a service (NULL): its figures are 0 */
    price(s, &cs, out);               /* without [cost]: its figures are 0 */
    out->events = engine_events(w->e);
    return 0;
oom:
    snprintf(err, n, "out of memory in trial %llu", (unsigned long long)trial);
    return RC_NOMEM;
}
