/*
 * scn load: scn_load and its two short forms. A load reads every source into one list of items
 * (read.c), then applies them in order onto the defaults, each through its key's setter
 * (keys.c), recording where every value came from; then checks what needs the whole scenario
 * (required keys, consistency) and derives the system MTBF and the checkpoint interval.
 */
#include "sim/scenario/scn_int.h"

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

/* A section header (or a key of a section not yet seen): the first one of a fixed section is its
 * origin; a component is created. `report`: say so when there is no room for another kind. */
static scn_component *declare(loader *L, const char *section, origin at, int report)
{
    scn *s = L->s;
    const char *cname = NULL;
    int sec = scn_section_of(section, &cname);
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
        c->line = at.line;
        L->comp_at[s->ncomp] = at;
        for (int k = 0; k < 4; k++)
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
    }
    return NULL;
}

static void apply(loader *L, const item *it)
{
    scn *s = L->s;
    const char *cname = NULL;
    int sec = scn_section_of(it->section, &cname);
    scn_component *c = declare(L, it->section, it->at, it->key == NULL);
    if (!it->key) return;
    if (sec == SEC_COMPONENT && !c) return; /* too many kinds: reported */
    const key_spec *k = scn_find_key(sec, it->key);
    origin *at;
    int *bad = NULL;
    if (sec == SEC_COMPONENT) {
        int ci = (int)(c - s->comp);
        at = &L->comp_key_at[ci][k->id];
        int *line = k->id == 0   ? &c->line_count
                    : k->id == 1 ? &c->line_ttf
                    : k->id == 2 ? &c->line_ttr
                                 : &c->line_reach;
        *line = it->at.line;
    } else {
        at = &L->key_at[k->id];
        bad = &L->key_bad[k->id];
        s->line[k->id] = it->at.line;
    }
    *at = it->at;
    /* a setter's message may quote the value (a --set value has no length limit): room for it */
    size_t n = 400 + 3 * strlen(it->value);
    char *err = malloc(n);
    if (!err) {
        scn_error_at(L, it->at, "out of memory");
        return;
    }
    err[0] = '\0';
    if (k->set(s, c, it->value, err, n)) {
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

/* Checks what needs the whole scenario: required keys, consistency, derived values. */
static void finish(loader *L)
{
    scn *s = L->s;
    origin top = {0, 1}; /* line 1 of the scenario file, for what is missing altogether */
    if (!given(L->section_at[SEC_CLUSTER]))
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
        if (!given(L->comp_key_at[i][1]))
            scn_error_at(L, L->comp_at[i], "[component.%s] needs ttf", c->name);
        if (!given(L->comp_key_at[i][2]))
            scn_error_at(L, L->comp_at[i], "[component.%s] needs ttr", c->name);
    }
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
    } else if (!isfinite(s->horizon) && !L->key_bad[K_HORIZON]) {
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
    if (L->errs->n > L->nerr_start) return;

    /* System MTBF over the components of the nodes in slots. */
    double rate = 0;
    for (int i = 0; i < s->ncomp; i++)
        rate += (double)s->comp[i].count / dist_mean(&s->comp[i].ttf);
    s->mtbf = 1.0 / (rate * (double)s->nodes);
    if (s->has_job) {
        char err[200];
        if (ckpt_resolve(&s->ckpt, dist_mean(&s->ckpt_cost), s->mtbf, err, sizeof err))
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
