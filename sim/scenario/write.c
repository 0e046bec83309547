/*
 * scn write: the resolved scenario written back as a scenario file (scn_write), and its
 * fingerprint (scn_hash, scn_hash_with_sweep): FNV-1a over the same text without comments, so
 * that two scenarios hash alike exactly when they would be written alike.
 */
#include "sim/scenario/scn_int.h"
#include "models/unit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static void write_sweep(const scn *s, FILE *f)
{
    if (!s->has_sweep) return;
    fprintf(f, "\n[sweep]\n");
    for (int i = 0; i < s->sweep_nvary; i++) {
        if (!s->sweep_vary[i][0]) continue;
        if (i)
            fprintf(f, "vary%d = %s\n", i + 1, s->sweep_vary[i]);
        else
            fprintf(f, "vary = %s\n", s->sweep_vary[i]);
    }
    if (s->sweep_metric[0]) fprintf(f, "metric = %s\n", s->sweep_metric);
    if (s->sweep_trials) fprintf(f, "trials = %llu\n", (unsigned long long)s->sweep_trials);
    if (s->sweep_precision > 0) {
        char num[40];
        fprintf(f, "precision = %s\n", unit_format_number(s->sweep_precision, num, sizeof num));
    }
    if (s->sweep_max_trials)
        fprintf(f, "max_trials = %llu\n", (unsigned long long)s->sweep_max_trials);
}

/* The [tier.NAME] sections, in the order of s->tier (sorted by every); the optional keys only
 * when they say something: set_size with xor, ttf and ttr with outages, snapshot and write_time
 * with async. */
static void write_tiers(const scn *s, FILE *f)
{
    char a[96], b[96];
    for (int i = 0; i < s->ntier; i++) {
        const scn_tier *t = &s->tier[i];
        fprintf(f, "\n[tier.%s]\nevery = %u\n", t->name, t->every);
        /* an async tier's cost is not used (it stalls for its snapshot): written when set */
        if (!t->async || t->cost.kind != DIST_FIXED || t->cost.p1 != 0)
            fprintf(f, "cost = %s\n", dist_format(&t->cost, a, sizeof a));
        fprintf(f, "restore_cost = %s\n", dist_format(&t->restore_cost, b, sizeof b));
        fprintf(f, "lost_on = %s\nredundancy = %s\n", scn_lost_on_name(t->lost_on),
                scn_redundancy_name(t->redundancy));
        if (t->redundancy == SCN_REDUNDANCY_XOR) fprintf(f, "set_size = %u\n", t->set_size);
        if (t->has_outage)
            fprintf(f, "ttf = %s\nttr = %s\n", dist_format(&t->ttf, a, sizeof a),
                    dist_format(&t->ttr, b, sizeof b));
        fprintf(f, "mode = %s\n", t->async ? "async" : "sync");
        if (t->async)
            fprintf(f, "snapshot = %s\nwrite_time = %s\n", dist_format(&t->snapshot, a, sizeof a),
                    dist_format(&t->write_time, b, sizeof b));
    }
}

/* The [domain.NAME] sections, in the order of s->domain (sorted by size). */
static void write_domains(const scn *s, FILE *f)
{
    char a[96], b[96];
    for (int i = 0; i < s->ndomain; i++) {
        const scn_domain *d = &s->domain[i];
        fprintf(f, "\n[domain.%s]\nsize = %u\nttf = %s\nttr = %s\n", d->name, d->size,
                dist_format(&d->ttf, a, sizeof a), dist_format(&d->ttr, b, sizeof b));
    }
}

/* [site]: transfer_time only with replicate_every (it is refused without). */
static void write_site(const scn *s, FILE *f)
{
    char a[96], b[96];
    if (!s->has_site) return;
    fprintf(f, "\n[site]\nttf = %s\nrto = %s\n", dist_format(&s->site_ttf, a, sizeof a),
            dist_format(&s->site_rto, b, sizeof b));
    if (isfinite(s->site_every))
        fprintf(f, "replicate_every = %s\ntransfer_time = %s\n",
                unit_format_duration(s->site_every, a, sizeof a),
                dist_format(&s->site_transfer, b, sizeof b));
    else
        fprintf(f, "replicate_every = none\n");
}

/* [cost]: every key, the prices as the fewest digits that read back to them. */
static void write_cost(const scn *s, FILE *f)
{
    if (!s->has_cost) return;
    const struct {
        const char *key;
        double v;
    } price[] = {{"node_hour", s->cost_node_hour},
                 {"crew_hour", s->cost_crew_hour},
                 {"repair", s->cost_repair},
                 {"downtime_hour", s->cost_downtime_hour},
                 {"storage_tb_month", s->cost_storage_tb_month}};
    char a[40];
    fprintf(f, "\n[cost]\ncurrency = %s\n", s->currency);
    for (size_t i = 0; i < sizeof price / sizeof price[0]; i++)
        fprintf(f, "%s = %s\n", price[i].key, unit_format_number(price[i].v, a, sizeof a));
}

/* [maintenance]: every key, start resolved (its default is every). */
static void write_maint(const scn *s, FILE *f)
{
    char a[96], b[96], c[96];
    if (!s->has_maint) return;
    fprintf(f, "\n[maintenance]\nevery = %s\nduration = %s\nscope = %s\nstart = %s\n",
            unit_format_duration(s->maint_every, a, sizeof a),
            dist_format(&s->maint_duration, b, sizeof b), s->maint_rolling ? "rolling" : "all",
            unit_format_duration(s->maint_start, c, sizeof c));
}

/* A component kind's repair pipeline, only the keys that say something (auto_success < 1 with
 * its manual_ttr, bad_repair > 0 with its bad_repair_ttf): others keep their text and hash. */
static void write_repairs(const scn_component *k, FILE *f)
{
    char a[96], b[96];
    if (k->auto_success < 1)
        fprintf(f, "auto_success = %s\nmanual_ttr = %s\n",
                unit_format_number(k->auto_success, a, sizeof a),
                dist_format(&k->manual_ttr, b, sizeof b));
    if (k->bad_repair > 0)
        fprintf(f, "bad_repair = %s\nbad_repair_ttf = %s\n",
                unit_format_number(k->bad_repair, a, sizeof a),
                dist_format(&k->bad_repair_ttf, b, sizeof b));
}

/* KEY = a duration, or none for INFINITY. */
static void write_duration_or_none(FILE *f, const char *key, double h)
{
    char a[96];
    fprintf(f, "%s = %s\n", key, isfinite(h) ? unit_format_duration(h, a, sizeof a) : "none");
}

/* [fleet]: every key, the window and the replacement only with a retirement rule. */
static void write_fleet(const scn *s, FILE *f)
{
    char a[96];
    if (!s->has_fleet) return;
    fprintf(f, "\n[fleet]\nlemon_fraction = %s\n",
            unit_format_number(s->lemon_fraction, a, sizeof a));
    fprintf(f, "lemon_factor = %s\n", unit_format_number(s->lemon_factor, a, sizeof a));
    if (!s->retire_after) return;
    fprintf(f, "retire_after = %u\n", s->retire_after);
    write_duration_or_none(f, "retire_window", s->retire_window);
    write_duration_or_none(f, "replacement", s->replacement);
}

static void write_scenario(const scn *s, FILE *f, int with_sweep, int comments);

/* A replayed trace: its absolute path, its keys, and (a comment, in the hash too) what it holds
 * and the fingerprint of its bytes, so that a changed file changes scn_hash. */
static void write_trace(const scn_component *k, const scn_trace *tr, FILE *f)
{
    char a[64];
    fprintf(f, "\n[component.%s]\n; trace: %zu failures of %s over %s, FNV-1a %016llx\n", k->name,
            tr->n, tr->kind, unit_format_duration(k->trace_every, a, sizeof a), tr->fnv);
    char law[DIST_TEXT_MAX];
    fprintf(f, "count = %u\nttf = trace(%s)\ntrace_assign = %s\ntrace_end = %s\n", k->count,
            tr->path, k->trace_assign == SCN_TRACE_POOLED ? "pooled" : "per_node",
            k->trace_end == SCN_TRACE_FALLBACK ? dist_format(&k->trace_law, law, sizeof law)
            : k->trace_end == SCN_TRACE_STOP   ? "stop"
                                               : "wrap");
    if (k->trace_period > 0)
        fprintf(f, "trace_period = %s\n", unit_format_duration(k->trace_period, a, sizeof a));
}

void scn_write(const scn *s, FILE *f)
{
    write_scenario(s, f, 1, 1);
}

static void write_scenario(const scn *s, FILE *f, int with_sweep, int comments)
{
    char a[96], b[96], c[96];
    fprintf(f, "[scenario]\nname = %s\ntrials = %llu\nseed = %u\n", s->name,
            (unsigned long long)s->trials, s->seed);
    if (isfinite(s->horizon))
        fprintf(f, "horizon = %s\n", unit_format_duration(s->horizon, a, sizeof a));
    fprintf(f, "\n[cluster]\nnodes = %u\nspares = %u\nspare_mode = %s\n", s->nodes, s->spares,
            s->hot ? "hot" : "cold");
    if (s->crews)
        fprintf(f, "repair_crews = %u\n", s->crews);
    else
        fprintf(f, "repair_crews = unlimited\n");
    for (int i = 0; i < s->ncomp; i++) {
        const scn_component *k = &s->comp[i];
        const scn_trace *tr = scn_trace_of(k);
        if (tr) {
            write_trace(k, tr, f);
            fprintf(f, "ttr = %s\n", dist_format(&k->ttr, b, sizeof b));
        } else {
            fprintf(f, "\n[component.%s]\ncount = %u\nttf = %s\nttr = %s\n", k->name, k->count,
                    dist_format(&k->ttf, a, sizeof a), dist_format(&k->ttr, b, sizeof b));
        }
        if (k->reach == SCN_REACH_PROCESS) /* only then: run.txt and hashes of others unchanged */
            fprintf(f, "reach = process\n");
        if (k->ages == SCN_AGES_COMPUTING) fprintf(f, "ages = computing\n");
        write_repairs(k, f);
    }
    fprintf(f, "\n[detection]\ntimeout = %s\n", unit_format_duration(s->timeout, a, sizeof a));
    fprintf(f, "heartbeat = %s\n", unit_format_duration(s->heartbeat, a, sizeof a));
    fprintf(f, "\n[failover]\ntime = %s\n", dist_format(&s->failover, a, sizeof a));
    if (s->has_job) {
        fprintf(f, "\n[job]\nwork = %s\n", unit_format_duration(s->work, a, sizeof a));
        if (s->ckpt.kind == CKPT_NONE)
            fprintf(f, "checkpoint_interval = none\n");
        else if (s->ckpt.kind == CKPT_INTERVAL)
            fprintf(f, "checkpoint_interval = %s\n",
                    unit_format_duration(s->ckpt.interval, a, sizeof a));
        else if (!comments) /* the hash's text: the interval, however it was chosen */
            fprintf(f, "checkpoint_interval = %s\n",
                    unit_format_duration(s->ckpt.interval, a, sizeof a));
        else
            fprintf(f, "checkpoint_interval = %s ; %s, from mean checkpoint cost %s and MTBF %s\n",
                    unit_format_duration(s->ckpt.interval, a, sizeof a),
                    ckpt_kind_name(s->ckpt.kind),
                    unit_format_human(dist_mean(&s->ckpt_cost), b, sizeof b),
                    unit_format_human(s->mtbf_job, c, sizeof c));
        if (s->ntier == 0) { /* the tiers' costs replace them (and a scenario may not set both) */
            fprintf(f, "checkpoint_cost = %s\n", dist_format(&s->ckpt_cost, a, sizeof a));
            fprintf(f, "restart_cost = %s\n", dist_format(&s->restart_cost, a, sizeof a));
        }
        if (s->full_every) { /* only when set: scenarios without chains keep their text and hash */
            fprintf(f, "full_every = %u\n", s->full_every);
            fprintf(f, "incremental_cost = %s\n", dist_format(&s->inc_cost, a, sizeof a));
            fprintf(f, "incremental_restore_cost = %s\n",
                    dist_format(&s->inc_restore_cost, a, sizeof a));
            fprintf(f, "incremental_chain = %s\n", s->inc_cumulative ? "cumulative" : "chained");
        }
        if (s->checkpoint_tb > 0) /* only when set: scenarios without it keep text and hash */
            fprintf(f, "checkpoint_tb = %s\n", unit_format_number(s->checkpoint_tb, a, sizeof a));
    }
    if (s->has_service) /* only when present, as the sections below: others keep text and hash */
        fprintf(f, "\n[service]\nreplicas = %u\nreplica_nodes = %u\nmin_replicas = %u\n",
                s->replicas, s->replica_nodes, s->min_replicas);
    if (s->has_sdc) { /* only when present: scenarios without it keep their text and hash */
        fprintf(f, "\n[sdc]\nttf = %s\n", dist_format(&s->sdc_ttf, a, sizeof a));
        fprintf(f, "detect = %s\n", dist_format(&s->sdc_detect, a, sizeof a));
        if (s->sdc_keep)
            fprintf(f, "keep = %u\n", s->sdc_keep);
        else
            fprintf(f, "keep = all\n");
    }
    write_tiers(s, f); /* none: scenarios without tiers keep their text and hash */
    write_domains(s, f);
    write_site(s, f);
    write_cost(s, f);
    write_maint(s, f); /* none: scenarios without maintenance keep their text and hash */
    write_fleet(s, f);
    if (with_sweep) write_sweep(s, f);
}

static unsigned long long hash_of(const scn *s, int with_sweep)
{
    char *text = NULL;
    size_t len = 0;
    unsigned long long h = 14695981039346656037ull;
    FILE *f = open_memstream(&text, &len);
    if (!f) return 0;
    write_scenario(s, f, with_sweep, 0);
    fclose(f);
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)text[i];
        h *= 1099511628211ull;
    }
    free(text);
    return h;
}

unsigned long long scn_hash(const scn *s)
{
    return hash_of(s, 0);
}

unsigned long long scn_hash_with_sweep(const scn *s)
{
    return hash_of(s, 1);
}
