/*
 * trial: runs one trial and turns the cluster's and the job's figures into a trials.csv row.
 */
#include "sim/trial.h"
#include "sim/cluster.h"
#include "sim/engine.h"
#include "sim/job.h"
#include "sim/stream.h"
#include "models/units.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

const trial_metric trial_metrics[TRIAL_NMETRICS] = {
    {"completed", 1},    {"makespan_h", 0},  {"availability", 0}, {"goodput", 0},   {"failures", 1},
    {"useful_h", 0},     {"lost_h", 0},      {"checkpoint_h", 0}, {"restart_h", 0}, {"down_h", 0},
    {"wait_spare_h", 0}, {"checkpoints", 1}, {"events", 1},
};

double trial_metric_value(const trial_result *r, int i)
{
    switch (i) {
    case 0:
        return r->completed;
    case 1:
        return r->makespan_h;
    case 2:
        return r->availability;
    case 3:
        return r->goodput;
    case 4:
        return (double)r->failures;
    case 5:
        return r->useful_h;
    case 6:
        return r->lost_h;
    case 7:
        return r->checkpoint_h;
    case 8:
        return r->restart_h;
    case 9:
        return r->down_h;
    case 10:
        return r->wait_spare_h;
    case 11:
        return (double)r->checkpoints;
    case 12:
        return (double)r->events;
    }
    return NAN;
}

struct world {
    const scn *s;
    sim *e;
    rs *r;
    cluster *cl;
    job *job; /* NULL without a [job] section */
};

world *world_new(const scn *s, const life_model *lm)
{
    world *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->s = s;
    w->e = sim_new();
    w->r = rs_new();
    if (!w->e || !w->r) goto oom;
    w->cl = cl_new(s, w->e, w->r, lm);
    if (!w->cl) goto oom;
    if (s->has_job) {
        w->job = job_new(s, w->e, w->r);
        if (!w->job) goto oom;
        cl_set_listener(w->cl, job_on_cluster, w->job);
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
    cl_free(w->cl);
    rs_free(w->r);
    sim_free(w->e);
    free(w);
}

int world_run(world *w, uint32_t seed, uint64_t trial, trial_result *out, char *err, size_t n)
{
    const scn *s = w->s;
    rs_set_trial(w->r, seed, (uint32_t)trial);
    sim_reset(w->e);
    if (cl_reset(w->cl) || (w->job && job_reset(w->job))) goto oom;
    double until = s->horizon;
    if (w->job && !isfinite(until)) until = TRIAL_MAX_WORK_FACTOR * s->work;
    uint64_t ran = sim_run(w->e, until, TRIAL_MAX_EVENTS);
    if (cl_failed(w->cl) || (w->job && job_failed(w->job))) goto oom;

    job_stats js = {0};
    double end;
    if (w->job && job_done(w->job)) {
        job_finish(w->job, sim_now(w->e), &js);
        end = js.end;
    } else if (ran >= TRIAL_MAX_EVENTS || !isfinite(s->horizon)) {
        char t[48];
        double now = ran >= TRIAL_MAX_EVENTS ? sim_now(w->e) : until;
        if (w->job) {
            job_finish(w->job, now, &js);
            snprintf(err, n,
                     "trial %llu stopped at the safety limit (%s): after %s of simulated time the "
                     "job had kept %.3g%% of its %s of work, so it cannot complete under these "
                     "failure rates; set [scenario] horizon to bound the trials",
                     (unsigned long long)trial,
                     ran >= TRIAL_MAX_EVENTS ? "10^8 events" : "100 times the work",
                     unit_format_duration(now, t, sizeof t), 100.0 * js.useful_h / s->work,
                     unit_format_duration(s->work, t + 24, sizeof t - 24));
        } else {
            snprintf(err, n,
                     "trial %llu stopped at the safety limit of 10^8 events before its "
                     "horizon",
                     (unsigned long long)trial);
        }
        return TRIAL_LIMIT;
    } else {
        end = s->horizon;
        if (w->job) job_finish(w->job, end, &js);
    }
    cl_stats cs;
    cl_finish(w->cl, end, &cs);

    out->trial = trial;
    out->completed = js.completed;
    out->makespan_h = end;
    out->availability = end > 0 ? cs.up_h / end : 1.0;
    out->goodput = end > 0 ? js.useful_h / end : 0.0;
    out->failures = cs.failures;
    out->useful_h = js.useful_h;
    out->lost_h = js.lost_h;
    out->checkpoint_h = js.checkpoint_h;
    out->restart_h = js.restart_h;
    out->down_h = end - cs.up_h;
    out->wait_spare_h = cs.wait_spare_h;
    out->checkpoints = js.checkpoints;
    out->events = sim_events(w->e);
    return 0;
oom:
    snprintf(err, n, "out of memory in trial %llu", (unsigned long long)trial);
    return -1;
}
