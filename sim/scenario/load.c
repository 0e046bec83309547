/*
 * scn load: scn_load and its two short forms. A load reads every source into one list of items
 * (read.c), then applies them in order onto the defaults, each through its key's setter
 * (keys.c), recording where every value came from; then checks what needs the whole scenario
 * (required keys, consistency, prices), sets the nodes of a service, sorts the tiers by every and
 * the domains by size, and derives the system MTBF and the checkpoint interval.
 */
#include "sim/scenario/scn_int.h"
#include "models/unit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void set_defaults(scn *s, const char *path)
{
    memset(s, 0, sizeof *s);
    s->trials = 1000;
    s->seed = 1;
    s->horizon = INFINITY;
    s->ckpt.kind = CKPT_NONE;
    s->ckpt.interval = INFINITY;
    char err[8];
    dist_make(DIST_FIXED, 0, 0, &s->failover, err, sizeof err);
    dist_make(DIST_FIXED, 0, 0, &s->ckpt_cost, err, sizeof err);
    dist_make(DIST_FIXED, 0, 0, &s->restart_cost, err, sizeof err);
    dist_make(DIST_FIXED, 0, 0, &s->inc_cost, err, sizeof err);
    dist_make(DIST_FIXED, 0, 0, &s->inc_restore_cost, err, sizeof err);
    dist_make(DIST_FIXED, 0, 0, &s->sdc_ttf, err, sizeof err);
    dist_make(DIST_FIXED, 0, 0, &s->sdc_detect, err, sizeof err);
    dist_make(DIST_FIXED, 0, 0, &s->site_ttf, err, sizeof err);
    dist_make(DIST_FIXED, 0, 0, &s->site_rto, err, sizeof err);
    dist_make(DIST_FIXED, 0, 0, &s->site_transfer, err, sizeof err);
    s->site_every = INFINITY; /* replicate_every = none */
    dist_make(DIST_FIXED, 0, 0, &s->maint_duration, err, sizeof err);
    s->maint_start = NAN; /* [maintenance] start: every, once that is known */
    s->replica_nodes = 1;
    s->lemon_factor = 1;
    s->retire_window = INFINITY; /* retire_window = none */
    s->replacement = INFINITY;   /* replacement = none */
    snprintf(s->currency, sizeof s->currency, "USD");
    snprintf(s->path, sizeof s->path, "%s", path);
    /* Default name: the file's stem, reduced to characters a directory name can safely hold,
     * and not starting with '.' or '-'. */
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *ext = strrchr(base, '.');
    size_t n = ext ? (size_t)(ext - base) : strlen(base); /* night.v2.ini: night.v2; .ini: none */
    if (n >= SCN_MAX_NAME) n = SCN_MAX_NAME - 1;
    for (size_t i = 0; i < n; i++) {
        char ch = base[i];
        int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                 ch == '_' || ((ch == '-' || ch == '.') && i > 0);
        s->name[i] = ok ? ch : '_';
    }
    s->name[n] = '\0';
    if (n == 0) snprintf(s->name, sizeof s->name, "scenario");
}

static scn_component *find_component(scn *s, const char *name)
{
    for (int i = 0; i < s->ncomp; i++)
        if (strcmp(s->comp[i].name, name) == 0) return &s->comp[i];
    return NULL;
}

static scn_tier *find_tier(scn *s, const char *name)
{
    for (int i = 0; i < s->ntier; i++)
        if (strcmp(s->tier[i].name, name) == 0) return &s->tier[i];
    return NULL;
}

/* A new tier, with the defaults of its optional keys (every 1, single, sync; laws 0). */
static scn_tier *new_tier(loader *L, const char *name, origin at)
{
    scn *s = L->s;
    scn_tier *t = &s->tier[s->ntier];
    char err[8];
    memset(t, 0, sizeof *t);
    snprintf(t->name, sizeof t->name, "%s", name);
    t->every = 1;
    t->redundancy = SCN_REDUNDANCY_SINGLE;
    dist *laws[] = {&t->cost, &t->restore_cost, &t->ttf, &t->ttr, &t->snapshot, &t->write_time};
    for (size_t i = 0; i < sizeof laws / sizeof laws[0]; i++)
        dist_make(DIST_FIXED, 0, 0, laws[i], err, sizeof err);
    t->line = at.line;
    L->tier_at[s->ntier] = at;
    for (int k = 0; k < TK_N; k++) {
        L->tier_key_at[s->ntier][k] = (origin){-1, 0};
        L->tier_key_bad[s->ntier][k] = 0;
    }
    L->tier_every_item[s->ntier] = -1;
    s->ntier++;
    return t;
}

/* The line field of tier key `id` (a TK_ number). */
static int *tier_line(scn_tier *t, int id)
{
    int *const lines[TK_N] = {
        [TK_EVERY] = &t->line_every,
        [TK_COST] = &t->line_cost,
        [TK_RESTORE_COST] = &t->line_restore_cost,
        [TK_LOST_ON] = &t->line_lost_on,
        [TK_REDUNDANCY] = &t->line_redundancy,
        [TK_SET_SIZE] = &t->line_set_size,
        [TK_TTF] = &t->line_ttf,
        [TK_TTR] = &t->line_ttr,
        [TK_MODE] = &t->line_mode,
        [TK_SNAPSHOT] = &t->line_snapshot,
        [TK_WRITE_TIME] = &t->line_write_time,
    };
    return lines[id];
}

static scn_domain *find_domain(scn *s, const char *name)
{
    for (int i = 0; i < s->ndomain; i++)
        if (strcmp(s->domain[i].name, name) == 0) return &s->domain[i];
    return NULL;
}

/* A new kind of domain: every key is required, so nothing but the laws needs a default. */
static scn_domain *new_domain(loader *L, const char *name, origin at)
{
    scn *s = L->s;
    scn_domain *d = &s->domain[s->ndomain];
    char err[8];
    memset(d, 0, sizeof *d);
    snprintf(d->name, sizeof d->name, "%s", name);
    dist_make(DIST_FIXED, 0, 0, &d->ttf, err, sizeof err);
    dist_make(DIST_FIXED, 0, 0, &d->ttr, err, sizeof err);
    d->line = at.line;
    L->domain_at[s->ndomain] = at;
    for (int k = 0; k < DK_N; k++) {
        L->domain_key_at[s->ndomain][k] = (origin){-1, 0};
        L->domain_key_bad[s->ndomain][k] = 0;
    }
    L->domain_size_item[s->ndomain] = -1;
    s->ndomain++;
    return d;
}

/* A section header (or a key of a section not yet seen): the first one of a fixed section is its
 * origin; a component, a tier or a domain is created, and returned (found, if it was already).
 * `report`: say so when there is no room for another kind, tier or domain. */
static void *declare(loader *L, const char *section, origin at, int report)
{
    scn *s = L->s;
    const char *cname = NULL;
    int sec = scn_section_of(section, &cname);
    if (sec == SEC_DOMAIN) {
        scn_domain *d = find_domain(s, cname);
        if (d) return d;
        if (s->ndomain == SCN_MAX_DOMAINS) {
            if (report)
                scn_error_at(L, at, "too many domains (at most %d): [%s] would be one more",
                             SCN_MAX_DOMAINS, section);
            return NULL;
        }
        return new_domain(L, cname, at);
    }
    if (sec == SEC_TIER) {
        scn_tier *t = find_tier(s, cname);
        if (t) return t;
        if (s->ntier == SCN_MAX_TIERS) {
            if (report)
                scn_error_at(L, at, "too many tiers (at most %d): [%s] would be one more",
                             SCN_MAX_TIERS, section);
            return NULL;
        }
        return new_tier(L, cname, at);
    }
    if (sec == SEC_COMPONENT) {
        scn_component *c = find_component(s, cname);
        if (c) return c;
        if (s->ncomp == SCN_MAX_COMPONENTS) {
            if (report)
                scn_error_at(L, at, "too many component kinds (at most %d)", SCN_MAX_COMPONENTS);
            return NULL;
        }
        c = &s->comp[s->ncomp];
        memset(c, 0, sizeof *c);
        snprintf(c->name, sizeof c->name, "%s", cname);
        c->count = 1;
        c->auto_success = 1;
        char err[8];
        dist_make(DIST_FIXED, 0, 0, &c->manual_ttr, err, sizeof err);
        dist_make(DIST_FIXED, 0, 0, &c->bad_repair_ttf, err, sizeof err);
        c->line = at.line;
        L->comp_at[s->ncomp] = at;
        for (int k = 0; k < CK_N; k++)
            L->comp_key_at[s->ncomp][k] = (origin){-1, 0};
        s->ncomp++;
        return c;
    }
    if (L->section_at[sec].file < 0) {
        L->section_at[sec] = at;
        s->section_line[sec] = at.line;
        if (sec == SEC_JOB) s->has_job = 1;
        if (sec == SEC_SWEEP) s->has_sweep = 1;
        if (sec == SEC_SDC) s->has_sdc = 1;
        if (sec == SEC_SITE) s->has_site = 1;
        if (sec == SEC_SERVICE) s->has_service = 1;
        if (sec == SEC_COST) s->has_cost = 1;
        if (sec == SEC_MAINT) s->has_maint = 1;
        if (sec == SEC_FLEET) s->has_fleet = 1;
    }
    return NULL;
}

/* ttf = trace(FILE): kept as written until finish reads it; trace(...) anywhere else is
 * refused. 1 if the item was handled here, 0 for the key's setter. A ttf law replaces a trace. */
static int apply_trace(loader *L, int sec, void *sub, const key_spec *k, const item *it)
{
    const char *v = it->value;
    int is_ttf = sec == SEC_COMPONENT && k->id == CK_TTF;
    int ci = is_ttf ? (int)((scn_component *)sub - L->s->comp) : -1;
    if (is_ttf) {
        free(L->trace_arg[ci]);
        L->trace_arg[ci] = NULL;
        ((scn_component *)sub)->trace = 0;
    }
    if (strncmp(v, "trace", 5) != 0 || v[5 + strspn(v + 5, " \t")] != '(') return 0;
    if (!is_ttf) {
        scn_error_at(L, it->at,
                     "%s: trace(...) replays the failure times of a log: only a "
                     "[component.NAME] ttf takes it (expected a law here)",
                     it->key);
        return 1;
    }
    const char *a = strchr(v, '(') + 1, *b = v + strlen(v);
    while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
        b--;
    if (b == a || b[-1] != ')') {
        scn_error_at(L, it->at, "ttf: '%s' does not end with ')' (expected trace(FILE))", v);
        return 1;
    }
    b--;
    while (a < b && (*a == ' ' || *a == '\t'))
        a++;
    while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
        b--;
    if (a == b) {
        scn_error_at(L, it->at, "ttf: trace() names no file (expected trace(FILE), an event log)");
        return 1;
    }
    if (!(L->trace_arg[ci] = strndup(a, (size_t)(b - a)))) {
        scn_error_at(L, it->at, "out of memory");
        return 1;
    }
    ((scn_component *)sub)->trace = -1; /* read by finish */
    ((scn_component *)sub)->has_ttf = 1;
    return 1;
}

static void apply(loader *L, const item *it)
{
    scn *s = L->s;
    const char *cname = NULL;
    int sec = scn_section_of(it->section, &cname);
    void *sub = declare(L, it->section, it->at, it->key == NULL);
    if (!it->key) return;
    if ((sec == SEC_COMPONENT || sec == SEC_TIER || sec == SEC_DOMAIN) && !sub)
        return; /* too many: reported */
    const key_spec *k = scn_find_key(sec, it->key);
    origin *at;
    int *bad = NULL;
    if (sec == SEC_DOMAIN) {
        scn_domain *d = sub;
        int di = (int)(d - s->domain);
        at = &L->domain_key_at[di][k->id];
        bad = &L->domain_key_bad[di][k->id];
        int *line = k->id == DK_SIZE  ? &d->line_size
                    : k->id == DK_TTF ? &d->line_ttf
                                      : &d->line_ttr;
        *line = it->at.line;
        if (k->id == DK_SIZE) L->domain_size_item[di] = (int)(it - L->items.v);
    } else if (sec == SEC_TIER) {
        scn_tier *t = sub;
        int ti = (int)(t - s->tier);
        at = &L->tier_key_at[ti][k->id];
        bad = &L->tier_key_bad[ti][k->id];
        *tier_line(t, k->id) = it->at.line;
        if (k->id == TK_EVERY) L->tier_every_item[ti] = (int)(it - L->items.v);
    } else if (sec == SEC_COMPONENT) {
        scn_component *c = sub;
        int ci = (int)(c - s->comp);
        at = &L->comp_key_at[ci][k->id];
        int *const lines[CK_N] = {
            [CK_COUNT] = &c->line_count,
            [CK_TTF] = &c->line_ttf,
            [CK_TTR] = &c->line_ttr,
            [CK_REACH] = &c->line_reach,
            [CK_AGES] = &c->line_ages,
            [CK_AUTO_SUCCESS] = &c->line_auto_success,
            [CK_MANUAL_TTR] = &c->line_manual_ttr,
            [CK_BAD_REPAIR] = &c->line_bad_repair,
            [CK_BAD_REPAIR_TTF] = &c->line_bad_repair_ttf,
            [CK_TRACE_ASSIGN] = &c->line_trace_assign,
            [CK_TRACE_END] = &c->line_trace_end,
            [CK_TRACE_PERIOD] = &c->line_trace_period,
        };
        *lines[k->id] = it->at.line;
    } else {
        at = &L->key_at[k->id];
        bad = &L->key_bad[k->id];
        s->line[k->id] = it->at.line;
    }
    *at = it->at;
    if (apply_trace(L, sec, sub, k, it)) return;
    /* a setter's message may quote the value (a --set value has no length limit): room for it */
    size_t n = 400 + 3 * strlen(it->value);
    char *err = malloc(n);
    if (!err) {
        scn_error_at(L, it->at, "out of memory");
        return;
    }
    err[0] = '\0';
    if (k->set(s, sub, it->value, err, n)) {
        scn_error_at(L, it->at, "%s: %s", it->key, err);
        if (bad) *bad = 1;
    } else if (bad) {
        *bad = 0;
    }
    free(err);
}

static int given(origin at)
{
    return at.file >= 0;
}

/* A value given and not refused: the checks that depend on it may look at it. */
static int usable(origin at, int bad)
{
    return given(at) && !bad;
}

/* The [tier.NAME] sections: what each needs, what they need of the rest of the scenario, then
 * s->tier sorted by every. */
static void check_tiers(loader *L)
{
    scn *s = L->s;
    if (s->ntier == 0) return;
    if (s->has_service) { /* then no [job] either, or the service's check says so */
        scn_error_at(L, L->tier_at[0],
                     "[tier.%s] with a [service] section: tiers keep a job's checkpoints "
                     "(expected no [tier.NAME] sections beside a [service])",
                     s->tier[0].name);
        return;
    }
    if (!s->has_job) {
        scn_error_at(L, L->tier_at[0],
                     "[tier.%s] needs a [job] section (tiers keep the job's checkpoints)",
                     s->tier[0].name);
    } else {
        static const scn_key replaced[] = {K_CKPT_COST, K_RESTART_COST};
        static const char *const replaced_names[] = {"checkpoint_cost", "restart_cost"};
        for (int i = 0; i < 2; i++)
            if (given(L->key_at[replaced[i]]))
                scn_error_at(L, L->key_at[replaced[i]],
                             "%s: the tiers' costs replace checkpoint_cost and restart_cost "
                             "(expected cost and restore_cost in each [tier.NAME], and no %s)",
                             replaced_names[i], replaced_names[i]);
        if (given(L->key_at[K_FULL_EVERY]))
            scn_error_at(L, L->key_at[K_FULL_EVERY],
                         "full_every: incremental checkpoints with [tier.NAME] sections are not "
                         "supported (expected one or the other)");
    }
    if (s->has_sdc)
        scn_error_at(L, L->section_at[SEC_SDC],
                     "[sdc] with [tier.NAME] sections is not supported yet (expected one or the "
                     "other)");
    int nodes_ok = usable(L->key_at[K_NODES], L->key_bad[K_NODES]);
    for (int i = 0; i < s->ntier; i++) {
        scn_tier *t = &s->tier[i];
        const origin *k = L->tier_key_at[i];
        const int *bad = L->tier_key_bad[i];
        if (!given(k[TK_COST]) && !t->async) /* an async tier stalls for its snapshot */
            scn_error_at(L, L->tier_at[i],
                         "[tier.%s] needs cost (the stall of writing a checkpoint to it, any law)",
                         t->name);
        if (!given(k[TK_RESTORE_COST]))
            scn_error_at(L, L->tier_at[i],
                         "[tier.%s] needs restore_cost (the time to restore a checkpoint from "
                         "it, any law)",
                         t->name);
        if (!given(k[TK_LOST_ON]))
            scn_error_at(L, L->tier_at[i],
                         "[tier.%s] needs lost_on (the narrowest failure that destroys its "
                         "copies: process, node, domain, site or never)",
                         t->name);
        if (usable(k[TK_REDUNDANCY], bad[TK_REDUNDANCY]) &&
            t->redundancy != SCN_REDUNDANCY_SINGLE) {
            const char *r = scn_redundancy_name(t->redundancy);
            if (usable(k[TK_LOST_ON], bad[TK_LOST_ON]) && t->lost_on != SCN_LOST_NODE)
                scn_error_at(L, k[TK_REDUNDANCY],
                             "redundancy: %s needs lost_on = node (its copies on other nodes "
                             "guard against node failures; got lost_on = %s)",
                             r, scn_lost_on_name(t->lost_on));
            if (t->redundancy == SCN_REDUNDANCY_PARTNER && nodes_ok && s->nodes < 2)
                scn_error_at(L, k[TK_REDUNDANCY],
                             "redundancy: partner needs at least 2 nodes (the copy is kept on "
                             "the next slot; the cluster has %u)",
                             s->nodes);
            if (t->redundancy == SCN_REDUNDANCY_XOR && !given(k[TK_SET_SIZE]))
                scn_error_at(L, k[TK_REDUNDANCY],
                             "redundancy: xor needs set_size (the slots of a set: 2 or more, "
                             "dividing the cluster's nodes)");
        }
        if (usable(k[TK_SET_SIZE], bad[TK_SET_SIZE]) && !bad[TK_REDUNDANCY]) {
            if (t->redundancy != SCN_REDUNDANCY_XOR)
                scn_error_at(L, k[TK_SET_SIZE],
                             "set_size: only redundancy = xor has sets (got redundancy = %s; "
                             "expected redundancy = xor beside it, or no set_size)",
                             scn_redundancy_name(t->redundancy));
            else if (nodes_ok && s->nodes % t->set_size != 0)
                scn_error_at(L, k[TK_SET_SIZE],
                             "set_size: %u does not divide the cluster's %u nodes (expected a "
                             "divisor of nodes, 2 or more: the slots form sets of set_size)",
                             t->set_size, s->nodes);
        }
        if (t->redundancy != SCN_REDUNDANCY_XOR) t->set_size = 0;
        if (given(k[TK_TTF]) && !given(k[TK_TTR]))
            scn_error_at(L, k[TK_TTF],
                         "ttf: a tier's outages need ttr too (expected ttf and ttr together, or "
                         "neither)");
        if (given(k[TK_TTR]) && !given(k[TK_TTF]))
            scn_error_at(L, k[TK_TTR],
                         "ttr: a tier's outages need ttf too (expected ttf and ttr together, or "
                         "neither)");
        t->has_outage = given(k[TK_TTF]) && given(k[TK_TTR]);
        if (bad[TK_MODE]) continue;
        if (t->async) {
            if (!given(k[TK_SNAPSHOT]))
                scn_error_at(L, k[TK_MODE],
                             "mode: async needs snapshot (the stall of taking the copy that is "
                             "written in the background, any law)");
            if (!given(k[TK_WRITE_TIME]))
                scn_error_at(L, k[TK_MODE],
                             "mode: async needs write_time (the background write until the "
                             "checkpoint is committed, any law)");
        } else {
            if (given(k[TK_SNAPSHOT]))
                scn_error_at(L, k[TK_SNAPSHOT],
                             "snapshot: only mode = async takes a snapshot (expected mode = "
                             "async beside it, or no snapshot)");
            if (given(k[TK_WRITE_TIME]))
                scn_error_at(L, k[TK_WRITE_TIME],
                             "write_time: only mode = async writes in the background (expected "
                             "mode = async beside it, or no write_time)");
        }
    }
    /* every: checkpoint m goes to the tier of the largest every dividing m, so one tier must
     * take every = 1 (1 divides every m) and no two may share one */
    int every_ok = 1, lowest = 0;
    for (int i = 0; i < s->ntier; i++) {
        if (L->tier_key_bad[i][TK_EVERY]) every_ok = 0;
        if (s->tier[i].every < s->tier[lowest].every) lowest = i;
    }
    if (every_ok && s->tier[lowest].every != 1) /* then every tier's every is given */
        scn_error_at(L, L->tier_key_at[lowest][TK_EVERY],
                     "every: no tier has every = 1 (expected exactly one: checkpoint m goes to "
                     "the tier of the largest every dividing m, and 1 divides every m)");
    for (int j = 1; j < s->ntier && every_ok; j++) {
        for (int i = 0; i < j; i++) {
            if (s->tier[i].every != s->tier[j].every) continue;
            /* on the line of the one that was given, or of the one given later */
            int gi = given(L->tier_key_at[i][TK_EVERY]), gj = given(L->tier_key_at[j][TK_EVERY]);
            int at = gi && gj ? (L->tier_every_item[j] > L->tier_every_item[i] ? j : i)
                     : gj     ? j
                     : gi     ? i
                              : -1;
            if (at >= 0)
                scn_error_at(L, L->tier_key_at[at][TK_EVERY],
                             "every: [tier.%s] and [tier.%s] both have every = %u (expected a "
                             "distinct every for each tier)",
                             s->tier[at].name, s->tier[at == j ? i : j].name, s->tier[j].every);
            else
                scn_error_at(L, L->tier_at[j],
                             "[tier.%s] needs every (it and [tier.%s] both have the default "
                             "every = 1; expected exactly one tier with every = 1)",
                             s->tier[j].name, s->tier[i].name);
            break;
        }
    }
    /* sorted by every, ascending; stable (insertion), though no two are equal after the checks */
    for (int i = 1; i < s->ntier; i++) {
        scn_tier t = s->tier[i];
        int j = i;
        for (; j > 0 && s->tier[j - 1].every > t.every; j--)
            s->tier[j] = s->tier[j - 1];
        s->tier[j] = t;
    }
}

/* The [service] section: what it needs, and the cluster's nodes it makes (replicas x
 * replica_nodes: set here when [cluster] does not give them, refused when it gives others).
 * Returns 1 when s->nodes is known, 0 when a mistake leaves it unknown. */
static int check_service(loader *L)
{
    scn *s = L->s;
    origin at = L->section_at[SEC_SERVICE];
    const origin *k = L->key_at;
    const int *bad = L->key_bad;
    if (s->has_job)
        scn_error_at(L, at,
                     "[service] with a [job] section: a service is instead of a job (expected "
                     "one or the other)");
    if (!given(k[K_REPLICAS]))
        scn_error_at(L, at, "[service] needs replicas (the number of model replicas, 1 or more)");
    if (!given(k[K_MIN_REPLICAS]))
        scn_error_at(L, at,
                     "[service] needs min_replicas (the service is up while at least "
                     "min_replicas of its replicas are: 1 to replicas)");
    if (!isfinite(s->horizon) && !bad[K_HORIZON])
        scn_error_at(L, at,
                     "[service] needs [scenario] horizon (a service is measured over [scenario] "
                     "horizon)");
    int replicas_ok = usable(k[K_REPLICAS], bad[K_REPLICAS]);
    if (replicas_ok && usable(k[K_MIN_REPLICAS], bad[K_MIN_REPLICAS]) &&
        s->min_replicas > s->replicas)
        scn_error_at(L, k[K_MIN_REPLICAS],
                     "min_replicas: %u is more than the service's %u replicas (expected 1 to "
                     "replicas)",
                     s->min_replicas, s->replicas);
    if (!replicas_ok || bad[K_REPLICA_NODES]) return 0;
    uint64_t want = (uint64_t)s->replicas * s->replica_nodes;
    if (want > SCN_MAX_NODES) {
        int on = given(k[K_REPLICA_NODES]) ? K_REPLICA_NODES : K_REPLICAS;
        scn_error_at(L, k[on],
                     "%s: replicas x replica_nodes is %llu nodes (expected at most %u: the "
                     "cluster's nodes)",
                     on == K_REPLICAS ? "replicas" : "replica_nodes", (unsigned long long)want,
                     SCN_MAX_NODES);
        return 0;
    }
    if (given(k[K_NODES])) {
        if (bad[K_NODES]) return 0;
        if (s->nodes == want) return 1;
        scn_error_at(L, k[K_NODES],
                     "nodes: the cluster's %u nodes are not the service's %u replicas x %u "
                     "replica_nodes = %llu (expected nodes = %llu, or no nodes: the service "
                     "sets them)",
                     s->nodes, s->replicas, s->replica_nodes, (unsigned long long)want,
                     (unsigned long long)want);
        return 0;
    }
    s->nodes = (uint32_t)want;
    return 1;
}

/* The [domain.NAME] sections: what each needs, sizes that cut the cluster into whole domains and
 * nest (each divides the next larger one, so that a rack lies inside one PDU), then s->domain
 * sorted by size. nodes_known: s->nodes may be looked at. */
static void check_domains(loader *L, int nodes_known)
{
    scn *s = L->s;
    int n = s->ndomain, sizes_ok = 1;
    for (int i = 0; i < n; i++) {
        const scn_domain *d = &s->domain[i];
        const origin *k = L->domain_key_at[i];
        const int *bad = L->domain_key_bad[i];
        if (!given(k[DK_SIZE]))
            scn_error_at(L, L->domain_at[i],
                         "[domain.%s] needs size (the consecutive slots of one domain: a whole "
                         "number, 1 or more, dividing the cluster's nodes)",
                         d->name);
        if (!given(k[DK_TTF]))
            scn_error_at(L, L->domain_at[i],
                         "[domain.%s] needs ttf (the time to a failure of one domain, which takes "
                         "all its slots at once: any law of positive, finite mean)",
                         d->name);
        if (!given(k[DK_TTR]))
            scn_error_at(L, L->domain_at[i],
                         "[domain.%s] needs ttr (the time to repair a failed domain, any law)",
                         d->name);
        if (!usable(k[DK_SIZE], bad[DK_SIZE])) {
            sizes_ok = 0;
            continue;
        }
        if (nodes_known && s->nodes % d->size != 0)
            scn_error_at(L, k[DK_SIZE],
                         "size: %u does not divide the cluster's %u nodes (expected a divisor of "
                         "nodes: the slots are cut into domains of size consecutive slots)",
                         d->size, s->nodes);
    }
    /* by size, ascending (stable insertion of indices: the checks below name lines by index) */
    int order[SCN_MAX_DOMAINS];
    for (int i = 0; i < n; i++) {
        int j = i;
        for (; j > 0 && s->domain[order[j - 1]].size > s->domain[i].size; j--)
            order[j] = order[j - 1];
        order[j] = i;
    }
    for (int j = 1; j < n && sizes_ok; j++) {
        int a = order[j - 1], b = order[j]; /* a smaller, or the same */
        const scn_domain *da = &s->domain[a], *db = &s->domain[b];
        /* on the size set later (a file's, or a --set's): the other was there first */
        int later = L->domain_size_item[b] > L->domain_size_item[a] ? b : a;
        if (da->size == db->size) {
            scn_error_at(L, L->domain_key_at[later][DK_SIZE],
                         "size: [domain.%s] and [domain.%s] both have size = %u (expected a "
                         "distinct size for each kind of domain)",
                         s->domain[later].name, s->domain[later == b ? a : b].name, db->size);
        } else if (db->size % da->size != 0) {
            scn_error_at(L, L->domain_key_at[later][DK_SIZE],
                         "size: [domain.%s]'s size %u is not a multiple of [domain.%s]'s size %u "
                         "(expected domains that nest: each size divides the next larger one)",
                         db->name, db->size, da->name, da->size);
        }
    }
    scn_domain sorted[SCN_MAX_DOMAINS];
    for (int i = 0; i < n; i++)
        sorted[i] = s->domain[order[i]];
    for (int i = 0; i < n; i++)
        s->domain[i] = sorted[i];
}

/* The [site] section: what it needs. */
static void check_site(loader *L)
{
    scn *s = L->s;
    origin at = L->section_at[SEC_SITE];
    const origin *k = L->key_at;
    const int *bad = L->key_bad;
    if (!given(k[K_SITE_TTF]))
        scn_error_at(L, at,
                     "[site] needs ttf (the time to a disaster that takes the whole site: any "
                     "law of positive, finite mean)");
    if (!given(k[K_SITE_RTO]))
        scn_error_at(L, at,
                     "[site] needs rto (the time to be computing again at the second site, any "
                     "law)");
    if (!s->has_job && !s->has_service)
        scn_error_at(L, at,
                     "[site] needs a [job] or a [service] section (a disaster interrupts the job "
                     "or the service)");
    if (given(k[K_SITE_TRANSFER]) && !bad[K_SITE_EVERY] && !isfinite(s->site_every))
        scn_error_at(L, k[K_SITE_TRANSFER],
                     "transfer_time: no copies are made without replicate_every (expected "
                     "replicate_every = DURATION beside it, or no transfer_time)");
}

/* The [maintenance] section: what it needs; start defaults to every. A fixed duration of every
 * or more with scope all would leave the cluster down for good (each maintenance skipping the
 * next): refused. */
static void check_maint(loader *L)
{
    scn *s = L->s;
    origin at = L->section_at[SEC_MAINT];
    const origin *k = L->key_at;
    const int *bad = L->key_bad;
    if (!given(k[K_MAINT_EVERY]))
        scn_error_at(L, at,
                     "[maintenance] needs every (the wall time between planned maintenances: a "
                     "positive duration)");
    if (!given(k[K_MAINT_DURATION]))
        scn_error_at(L, at,
                     "[maintenance] needs duration (how long one maintenance keeps its nodes "
                     "out: any law)");
    if (!given(k[K_MAINT_START]) && !bad[K_MAINT_EVERY]) s->maint_start = s->maint_every;
    if (usable(k[K_MAINT_DURATION], bad[K_MAINT_DURATION]) &&
        usable(k[K_MAINT_EVERY], bad[K_MAINT_EVERY]) && !s->maint_rolling &&
        s->maint_duration.kind == DIST_FIXED && s->maint_duration.p1 >= s->maint_every) {
        char a[48], b[48];
        scn_error_at(L, k[K_MAINT_DURATION],
                     "duration: %s is not shorter than every = %s (expected a duration below "
                     "every with scope = all: the cluster must be back before the next "
                     "maintenance)",
                     unit_format_duration(s->maint_duration.p1, a, sizeof a),
                     unit_format_duration(s->maint_every, b, sizeof b));
    }
}

/* The [cost] section: a price per crew needs a number of crews (unlimited crews have no count
 * to price: an error rather than a cost that leaves them out). */
static void check_cost(loader *L)
{
    scn *s = L->s;
    const origin *k = L->key_at;
    if (usable(k[K_CREW_HOUR], L->key_bad[K_CREW_HOUR]) && s->cost_crew_hour > 0 &&
        !L->key_bad[K_CREWS] && s->crews == 0)
        scn_error_at(L, k[K_CREW_HOUR],
                     "crew_hour: the cluster's repair crews are unlimited, which have no number "
                     "to price (expected [cluster] repair_crews = N beside a crew_hour, or "
                     "crew_hour = 0)");
}

/* A component kind's repair pipeline: the laws its probabilities need (a manual repair's when
 * the automatic one can fail, a faulty repair's second failure when a repair can be faulty),
 * neither on a kind that restarts in place (it has no crew repair). */
static void check_repairs(loader *L, int i)
{
    const scn_component *c = &L->s->comp[i];
    const origin *k = L->comp_key_at[i];
    static const int keys[] = {CK_AUTO_SUCCESS, CK_MANUAL_TTR, CK_BAD_REPAIR, CK_BAD_REPAIR_TTF};
    static const char *const names[] = {"auto_success", "manual_ttr", "bad_repair",
                                        "bad_repair_ttf"};
    if (c->reach == SCN_REACH_PROCESS) {
        for (int j = 0; j < 4; j++)
            if (given(k[keys[j]]))
                scn_error_at(L, k[keys[j]],
                             "%s: [component.%s] has reach = process, which restarts in place "
                             "without a crew's repair (expected reach = node beside it, or no %s)",
                             names[j], c->name, names[j]);
        return;
    }
    if (c->auto_success < 1 && !given(k[CK_MANUAL_TTR]))
        scn_error_at(L, k[CK_AUTO_SUCCESS],
                     "auto_success: a repair that can fail needs manual_ttr (the law of the "
                     "manual repair that follows a failed automatic one: expected manual_ttr = "
                     "LAW beside it)");
    if (c->bad_repair > 0 && !given(k[CK_BAD_REPAIR_TTF]))
        scn_error_at(L, k[CK_BAD_REPAIR],
                     "bad_repair: a repair that may not fix the node needs bad_repair_ttf (the "
                     "ageing until it fails again: expected bad_repair_ttf = LAW beside it)");
}

int scn_has_repair_rules(const scn *s)
{
    for (int i = 0; i < s->ncomp; i++)
        if (s->comp[i].auto_success < 1 || s->comp[i].bad_repair > 0) return 1;
    return 0;
}

int scn_has_computing(const scn *s)
{
    for (int i = 0; i < s->ncomp; i++)
        if (s->comp[i].ages == SCN_AGES_COMPUTING) return 1;
    return 0;
}

int scn_has_lemons(const scn *s)
{
    return s->has_fleet && s->lemon_fraction > 0 && s->lemon_factor > 1;
}

/* The [fleet] section: a window and a replacement only with a retirement rule to apply them. */
static void check_fleet(loader *L)
{
    const origin *k = L->key_at;
    static const scn_key keys[] = {K_RETIRE_WINDOW, K_REPLACEMENT};
    static const char *const names[] = {"retire_window", "replacement"};
    if (given(k[K_RETIRE_AFTER])) return;
    for (int j = 0; j < 2; j++)
        if (given(k[keys[j]]))
            scn_error_at(L, k[keys[j]],
                         "%s: no node is retired without retire_after (expected retire_after = "
                         "K beside it, or no %s)",
                         names[j], names[j]);
}

/* The mean stall of a checkpoint over the long run, the d of Young's and Daly's intervals: the
 * full checkpoint's cost; with full + incremental chains, (d + (F - 1) d_inc) / F; with tiers,
 * each tier's cost (or snapshot, async) weighed by the share of the positions due at it, over a
 * period of the everies' least common multiple (at most 10^6 positions). */
static double mean_stall(const scn *s)
{
    if (s->ntier > 0) {
        uint64_t period = 1;
        for (int i = 0; i < s->ntier && period <= 1000000; i++) {
            uint64_t a = period, b = s->tier[i].every;
            while (b) {
                uint64_t r = a % b;
                a = b;
                b = r;
            }
            period = period / a * s->tier[i].every;
        }
        if (period > 1000000) period = 1000000;
        double sum = 0;
        for (uint64_t m = 1; m <= period; m++) {
            int due = 0;
            for (int i = 1; i < s->ntier; i++)
                if (m % s->tier[i].every == 0) due = i;
            const scn_tier *t = &s->tier[due];
            sum += dist_mean(t->async ? &t->snapshot : &t->cost);
        }
        return sum / (double)period;
    }
    if (s->full_every > 1)
        return (dist_mean(&s->ckpt_cost) + (double)(s->full_every - 1) * dist_mean(&s->inc_cost)) /
               (double)s->full_every;
    return dist_mean(&s->ckpt_cost);
}

/* The traces of ttf = trace(FILE): read (FILE relative to the directory of the scenario file
 * that says it, or to the working directory for a --set), checked against the cluster, and
 * each kind's ttf set to the exponential law of its trace's rate (scn.h). */
static void check_traces(loader *L, int nodes_known)
{
    scn *s = L->s;
    static const int keys[3] = {CK_TRACE_ASSIGN, CK_TRACE_END, CK_TRACE_PERIOD};
    static const char *const names[3] = {"trace_assign", "trace_end", "trace_period"};
    for (int i = 0; i < s->ncomp; i++) {
        scn_component *c = &s->comp[i];
        if (!L->trace_arg[i]) {
            for (int k = 0; k < 3; k++)
                if (given(L->comp_key_at[i][keys[k]]))
                    scn_error_at(L, L->comp_key_at[i][keys[k]],
                                 "%s is for a replayed trace (expected ttf = trace(FILE) in "
                                 "[component.%s])",
                                 names[k], c->name);
            continue;
        }
        origin at = L->comp_key_at[i][CK_TTF];
        const char *arg = L->trace_arg[i];
        const char *from = at.line > 0 ? L->files[at.file] : NULL; /* line 0: a --set */
        const char *slash = from ? strrchr(from, '/') : NULL;
        char *path = NULL;
        int rc = arg[0] == '/' || !slash
                     ? asprintf(&path, "%s", arg)
                     : asprintf(&path, "%.*s/%s", (int)(slash - from), from, arg);
        if (rc < 0) {
            scn_error_at(L, at, "out of memory");
            continue;
        }
        c->trace = scn_trace_load(L, at, path, c->name);
        free(path);
        const scn_trace *t = scn_trace_of(c);
        if (!t) continue;
        char a[64], b[64];
        double last = t->t[t->n - 1];
        c->trace_every = c->trace_period > 0 ? c->trace_period : t->span;
        if (c->trace_period > 0 && c->trace_period < last) {
            scn_error_at(L, L->comp_key_at[i][CK_TRACE_PERIOD],
                         "trace_period %s is shorter than the trace, whose last failure of %s "
                         "is at %s (expected a period of at least that)",
                         unit_format_duration(c->trace_period, a, sizeof a), c->name,
                         unit_format_duration(last, b, sizeof b));
            continue;
        }
        if (!(c->trace_every > 0)) {
            scn_error_at(L, at,
                         "ttf: the trace spans 0 h (every event at its origin) (expected a "
                         "trace_period = DURATION beside it)");
            continue;
        }
        if (nodes_known && c->trace_assign == SCN_TRACE_PER_NODE && t->nnodes > s->nodes) {
            scn_error_at(L, at,
                         "ttf: the trace names %u nodes but the cluster has %u slots (expected "
                         "at most one node label per slot with trace_assign = per_node, or "
                         "trace_assign = pooled)",
                         t->nnodes, s->nodes);
            continue;
        }
        int other = -1; /* the lives of every kind that falls back to a law start together */
        for (int j = 0; j < i && c->trace_end == SCN_TRACE_FALLBACK; j++)
            if (s->comp[j].trace > 0 && s->comp[j].trace_end == SCN_TRACE_FALLBACK &&
                s->comp[j].trace_every != c->trace_every)
                other = j;
        if (other >= 0) {
            scn_error_at(L, L->comp_key_at[i][CK_TRACE_END],
                         "trace_end: the kinds that fall back to a law must reach their trace's "
                         "end together: %s at %s, %s at %s (expected one trace_period for both)",
                         s->comp[other].name,
                         unit_format_duration(s->comp[other].trace_every, a, sizeof a), c->name,
                         unit_format_duration(c->trace_every, b, sizeof b));
            continue;
        }
        char err[200];
        double mean = (double)c->count * (double)s->nodes * c->trace_every / (double)t->n;
        if (dist_make(DIST_EXPONENTIAL, mean, 0, &c->ttf, err, sizeof err))
            scn_error_at(L, at, "ttf: the trace's rate: %s", err);
    }
}

/* Checks what needs the whole scenario: required keys, consistency, derived values. */
static void finish(loader *L)
{
    scn *s = L->s;
    origin top = {0, 1}; /* line 1 of the scenario file, for what is missing altogether */
    int nodes_known = usable(L->key_at[K_NODES], L->key_bad[K_NODES]);
    if (s->has_service) {
        nodes_known = check_service(L); /* the service makes the nodes: [cluster] may omit them */
        if (nodes_known && (uint64_t)s->nodes + s->spares > SCN_MAX_NODES)
            scn_error_at(L, L->key_at[K_SPARES],
                         "spares: nodes + spares is %llu (expected at most %u in all)",
                         (unsigned long long)s->nodes + s->spares, SCN_MAX_NODES);
    } else if (!given(L->section_at[SEC_CLUSTER]))
        scn_error_at(L, top, "missing section [cluster] (nodes is required)");
    else if (!given(L->key_at[K_NODES]))
        scn_error_at(L, L->section_at[SEC_CLUSTER], "[cluster] needs nodes");
    else if ((uint64_t)s->nodes + s->spares > SCN_MAX_NODES)
        scn_error_at(L, L->key_at[K_SPARES],
                     "spares: nodes + spares is %llu (expected at most %u in all)",
                     (unsigned long long)s->nodes + s->spares, SCN_MAX_NODES);
    if (s->ncomp == 0)
        scn_error_at(L, top,
                     "no [component.NAME] section (a node needs at least one component with "
                     "ttf and ttr)");
    for (int i = 0; i < s->ncomp; i++) {
        scn_component *c = &s->comp[i];
        if (!given(L->comp_key_at[i][CK_TTF]))
            scn_error_at(L, L->comp_at[i], "[component.%s] needs ttf", c->name);
        if (!given(L->comp_key_at[i][CK_TTR]))
            scn_error_at(L, L->comp_at[i], "[component.%s] needs ttr", c->name);
        if (c->ages == SCN_AGES_COMPUTING && !s->has_job)
            scn_error_at(L, L->comp_key_at[i][CK_AGES],
                         "ages = computing needs a [job] section (the component ages while the "
                         "job computes: expected ages = always without a job)");
        else if (c->ages == SCN_AGES_COMPUTING && L->trace_arg[i])
            scn_error_at(L, L->comp_key_at[i][CK_AGES],
                         "ages = computing does not apply to a replayed trace (its failures come "
                         "at the trace's times: expected no ages beside ttf = trace(...))");
    }
    for (int i = 0; i < s->ncomp; i++)
        check_repairs(L, i);
    if (s->has_fleet) check_fleet(L);
    check_traces(L, nodes_known);
    if (!L->key_bad[K_TIMEOUT] && !L->key_bad[K_HEARTBEAT] && s->heartbeat > s->timeout)
        scn_error_at(L, L->key_at[K_HEARTBEAT],
                     "heartbeat must not exceed the detection timeout (the delay is uniform on "
                     "(timeout - heartbeat, timeout])");
    if (s->has_job) {
        if (!given(L->key_at[K_WORK])) scn_error_at(L, L->section_at[SEC_JOB], "[job] needs work");
        static const scn_key inc_keys[] = {K_INC_COST, K_INC_RESTORE_COST, K_INC_CHAIN};
        static const char *const inc_names[] = {"incremental_cost", "incremental_restore_cost",
                                                "incremental_chain"};
        for (int i = 0; i < 3; i++)
            if (given(L->key_at[inc_keys[i]]) && !given(L->key_at[K_FULL_EVERY]))
                scn_error_at(L, L->key_at[inc_keys[i]],
                             "%s needs full_every (which checkpoints are full: expected "
                             "full_every = N beside it)",
                             inc_names[i]);
    } else if (!s->has_service && !isfinite(s->horizon) && !L->key_bad[K_HORIZON]) {
        scn_error_at(L, given(L->section_at[SEC_SCENARIO]) ? L->section_at[SEC_SCENARIO] : top,
                     "without a [job] section, [scenario] needs a horizon");
    }
    if (s->has_sdc) {
        origin at = L->section_at[SEC_SDC];
        if (!given(L->key_at[K_SDC_TTF]))
            scn_error_at(L, at, "[sdc] needs ttf (the computation time to a strike, any law)");
        if (!given(L->key_at[K_SDC_DETECT]))
            scn_error_at(L, at,
                         "[sdc] needs detect (the latency from a strike to its detection, "
                         "any law)");
        if (!s->has_job)
            scn_error_at(L, at, "[sdc] needs a [job] section (strikes corrupt the job's state)");
        else if (given(L->key_at[K_FULL_EVERY]))
            scn_error_at(L, at,
                         "[sdc] with [job] full_every is not supported (a rollback past a "
                         "deleted full checkpoint has no defined restore: expected one or the "
                         "other)");
    }
    if (s->has_sweep && !given(L->key_at[K_SWEEP_VARY]))
        scn_error_at(L, L->section_at[SEC_SWEEP],
                     "[sweep] needs vary (SECTION.KEY=VALUES, as --vary)");
    check_tiers(L);
    check_domains(L, nodes_known);
    if (s->has_site) check_site(L);
    if (s->has_cost) check_cost(L);
    if (s->has_maint) check_maint(L);
    if (L->errs->n > L->nerr_start) return;

    /* System MTBF over the components of the nodes in slots. */
    double rate = 0;
    for (int i = 0; i < s->ncomp; i++)
        rate += (double)s->comp[i].count / dist_mean(&s->comp[i].ttf);
    s->mtbf = 1.0 / (rate * (double)s->nodes);
    /* the job stops at every node, domain and site failure alike */
    double job_rate = rate * (double)s->nodes;
    for (int k = 0; k < s->ndomain; k++)
        job_rate += (double)(s->nodes / s->domain[k].size) / dist_mean(&s->domain[k].ttf);
    if (s->has_site) job_rate += 1.0 / dist_mean(&s->site_ttf);
    /* planned maintenance interrupts the job too: once a period (all), once a slot a period
     * (rolling) */
    if (s->has_maint) job_rate += (s->maint_rolling ? (double)s->nodes : 1.0) / s->maint_every;
    s->mtbf_job = s->ndomain || s->has_site || s->has_maint ? 1.0 / job_rate : s->mtbf;
    if (s->has_job) {
        char err[200];
        if (ckpt_resolve(&s->ckpt, mean_stall(s), s->mtbf_job, err, sizeof err))
            scn_error_at(L, L->key_at[K_INTERVAL], "checkpoint_interval: %s", err);
    }
}

int scn_load(const char *path, const char *text, const char *const *sets, int nsets, scn *s,
             scn_errors *errs)
{
    int embedded = !path && !text; /* the default built into relsim */
    if (embedded) {
        path = "scenarios/default.ini";
        text = scn_default_text;
    }
    loader *L = calloc(1, sizeof *L);
    if (!L) {
        scn_error(errs, path, 0, "out of memory");
        return 1;
    }
    L->s = s;
    L->errs = errs;
    L->nerr_start = errs->n;
    for (int k = 0; k < K_NKEYS; k++)
        L->key_at[k] = (origin){-1, 0};
    for (int k = 0; k < NFIXED; k++)
        L->section_at[k] = (origin){-1, 0};
    set_defaults(s, path);
    if (strlen(path) >= sizeof s->path) {
        /* the system would refuse to open it; s->path, which names it after the load, holds
         * paths whole up to that limit */
        char *shown = scn_shown(path);
        scn_error(errs, shown ? shown : "scenario", 0,
                  "the path is too long (%zu bytes; at most %zu)", strlen(path),
                  sizeof s->path - 1);
        free(shown);
        free(L);
        return 1;
    }
    s->embedded = embedded;
    scn_read_file(L, path, text, (origin){-1, 0});
    for (int i = 0; i < nsets; i++) {
        char *opt;
        /* "--vary key=value" and the like are named as they are */
        int rc = strncmp(sets[i], "--", 2) == 0 ? asprintf(&opt, "%s", sets[i])
                                                : asprintf(&opt, "--set %s", sets[i]);
        if (rc < 0) {
            scn_error(errs, "--set", 0, "out of memory");
            continue;
        }
        scn_read_override(L, opt);
        free(opt);
    }
    /* A line refused or a file unread leaves keys unknown: checking the whole would then only
     * add consequences of the same mistakes. Refused values do not: their keys were given. */
    int structure_ok = errs->n == L->nerr_start;
    for (int i = 0; i < L->items.n; i++)
        apply(L, &L->items.v[i]);
    if (structure_ok) finish(L);
    scn_errors_sort(errs, L->nerr_start);
    int n = errs->n - L->nerr_start;
    scn_items_free(&L->items);
    scn_table_free(&L->kinds);
    for (int i = 0; i < SCN_MAX_COMPONENTS; i++)
        free(L->trace_arg[i]);
    for (int i = 0; i < L->nfiles; i++)
        free(L->files[i]);
    free(L);
    return n;
}

int scn_load_text(const char *text, const char *path, scn *s, scn_errors *errs)
{
    return scn_load(path, text, NULL, 0, s, errs);
}

int scn_load_file(const char *path, scn *s, scn_errors *errs)
{
    return scn_load(path, NULL, NULL, 0, s, errs);
}
