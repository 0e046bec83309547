/*
 * scn keys: what may be written in a scenario file, and what each key's value means.
 *
 * One setter per key parses a value into the scenario (or into one component, tier or domain),
 * with the "(expected ...)" part of its message; the table `keys` ties each (section, key) to its
 * setter and to its provenance slot (an scn_key, a CK_ number for a component, a TK_ number for
 * a tier, a DK_ number for a domain).
 * The table is the one list of keys: lookups, the keys named in "unknown key" messages and the
 * fixed section names all come from here. docs/scenarios.md describes every key for users.
 */
#include "sim/scenario/scn_int.h"
#include "models/metric.h"
#include "models/unit.h"
#include "sim/scenario/vary.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const section_names[NFIXED] = {"scenario", "cluster", "detection", "failover",
                                                  "job",      "sweep",   "sdc",       "site",
                                                  "service",  "cost",    "maintenance",
                                                  "fleet"};

static int set_name(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    size_t len = strlen(v);
    if (len == 0 || len >= SCN_MAX_NAME) {
        snprintf(err, n, "name must be 1 to %d characters", SCN_MAX_NAME - 1);
        return -1;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)v[i];
        if (ch < 0x20 || ch == 0x7f) { /* not quoted: the message would not be one line */
            snprintf(err, n,
                     "control character 0x%02x in the name (expected letters, digits, '-', '_' "
                     "and '.': it names the output directory)",
                     ch);
            return -1;
        }
    }
    if (v[0] == '-') {
        snprintf(err, n,
                 "name '%s' may not start with '-' (it names the output directory, and a file "
                 "name starting with '-' reads as an option)",
                 v);
        return -1;
    }
    for (size_t i = 0; i < len; i++) {
        char ch = v[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              ch == '-' || ch == '_' || ch == '.') ||
            (i == 0 && ch == '.')) {
            snprintf(err, n,
                     "name '%s' may hold only letters, digits, '-', '_' and '.' (it names "
                     "the output directory)",
                     v);
            return -1;
        }
    }
    memcpy(s->name, v, len + 1);
    return 0;
}

static int set_trials(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    return unit_parse_count(v, 1, SCN_MAX_TRIALS, &s->trials, err, n);
}

static int set_seed(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    uint64_t x;
    if (unit_parse_count(v, 0, UINT32_MAX, &x, err, n)) return -1;
    s->seed = (uint32_t)x;
    return 0;
}

static int positive_duration(const char *v, double *out, char *err, size_t n)
{
    double h;
    if (unit_parse_duration(v, &h, err, n)) return -1;
    if (!(h > 0)) {
        snprintf(err, n, "must be positive (got %s)", v);
        return -1;
    }
    *out = h;
    return 0;
}

static int nonneg_duration(const char *v, double *out, char *err, size_t n)
{
    double h;
    if (unit_parse_duration(v, &h, err, n)) return -1;
    if (h < 0) {
        snprintf(err, n, "must not be negative (got %s)", v);
        return -1;
    }
    *out = h;
    return 0;
}

static int set_horizon(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    return positive_duration(v, &s->horizon, err, n);
}

static int set_u32(const char *v, uint32_t min, uint32_t max, uint32_t *out, char *err, size_t n)
{
    uint64_t x;
    if (unit_parse_count(v, min, max, &x, err, n)) return -1;
    *out = (uint32_t)x;
    return 0;
}

static int set_nodes(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    return set_u32(v, 1, SCN_MAX_NODES, &s->nodes, err, n);
}

static int set_spares(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    return set_u32(v, 0, SCN_MAX_NODES, &s->spares, err, n);
}

static int set_spare_mode(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    if (strcmp(v, "cold") == 0 || strcmp(v, "hot") == 0) {
        s->hot = v[0] == 'h';
        return 0;
    }
    snprintf(err, n, "'%s' is not a spare mode (expected cold or hot)", v);
    return -1;
}

static int set_crews(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    if (strcmp(v, "unlimited") == 0) {
        s->crews = 0;
        return 0;
    }
    if (set_u32(v, 1, SCN_MAX_NODES, &s->crews, err, n)) {
        size_t len = strlen(err); /* err is sized to the value it quotes: no buffer of our own */
        snprintf(err + len, n - len, ", or unlimited");
        return -1;
    }
    return 0;
}

static int set_timeout(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    return nonneg_duration(v, &s->timeout, err, n);
}

static int set_heartbeat(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    return nonneg_duration(v, &s->heartbeat, err, n);
}

/* dist_parse, with a hint when the law's name is not one: the word before its '(' (or a bare
 * word) compared with the names of the laws. */
static int parse_law(const char *v, dist *d, char *err, size_t n)
{
    if (dist_parse(v, d, err, n) == 0) return 0;
    size_t len = strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_");
    const char *rest = v + len + strspn(v + len, " \t");
    char word[48];
    if (len == 0 || len >= sizeof word || (*rest && *rest != '(')) return -1;
    memcpy(word, v, len);
    word[len] = '\0';
    const char *names[DIST_GEOMETRIC + 1];
    for (int k = 0; k <= DIST_GEOMETRIC; k++) {
        names[k] = dist_kind_name((dist_kind)k);
        if (strcmp(names[k], word) == 0) return -1; /* a law: the mistake is elsewhere */
    }
    char hint[SCN_HINT_SIZE];
    size_t used = strlen(err);
    scn_hint(hint, sizeof hint, word, names, DIST_GEOMETRIC + 1);
    if (used < n) snprintf(err + used, n - used, "%s", hint);
    return -1;
}

/* A law of a duration that may be zero (repair, failover, costs). */
static int set_law(const char *v, dist *d, char *err, size_t n)
{
    return parse_law(v, d, err, n);
}

/* A law of a time to failure: its mean positive and finite (a law of mean 0 would fail at once
 * for ever, one of infinite mean never on average). */
static int ttf_law(const char *v, dist *d, char *err, size_t n)
{
    if (parse_law(v, d, err, n)) return -1;
    double mean = dist_mean(d);
    if (!(mean > 0) || !isfinite(mean)) {
        snprintf(err, n, "a time to failure must have a positive, finite mean (got %s)", v);
        return -1;
    }
    return 0;
}

static int set_failover(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    return set_law(v, &s->failover, err, n);
}

static int set_work(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    return positive_duration(v, &s->work, err, n);
}

static int set_interval(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    return ckpt_parse(v, &s->ckpt, err, n);
}

static int set_ckpt_cost(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    return set_law(v, &s->ckpt_cost, err, n);
}

static int set_restart_cost(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    return set_law(v, &s->restart_cost, err, n);
}

static int set_full_every(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    return set_u32(v, 1, UINT32_MAX, &s->full_every, err, n);
}

static int set_inc_cost(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    return set_law(v, &s->inc_cost, err, n);
}

static int set_inc_restore_cost(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    return set_law(v, &s->inc_restore_cost, err, n);
}

static int set_inc_chain(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    if (strcmp(v, "chained") == 0 || strcmp(v, "cumulative") == 0) {
        s->inc_cumulative = v[1] == 'u';
        return 0;
    }
    snprintf(err, n, "'%s' is not a chain (expected chained or cumulative)", v);
    return -1;
}

static int set_count(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)s;
    scn_component *c = sub;
    return set_u32(v, 1, SCN_MAX_COUNT, &c->count, err, n);
}

static int set_ttf(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)s;
    scn_component *c = sub;
    if (ttf_law(v, &c->ttf, err, n)) return -1;
    c->has_ttf = 1;
    return 0;
}

static int set_ttr(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)s;
    scn_component *c = sub;
    if (parse_law(v, &c->ttr, err, n)) return -1;
    c->has_ttr = 1;
    return 0;
}

static int set_reach(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)s;
    scn_component *c = sub;
    if (strcmp(v, "node") == 0) {
        c->reach = SCN_REACH_NODE;
    } else if (strcmp(v, "process") == 0) {
        c->reach = SCN_REACH_PROCESS;
    } else {
        snprintf(err, n, "'%s' is not a reach (expected node or process)", v);
        return -1;
    }
    return 0;
}

/* A word of a short list: its index into *out, or -1 with "'v' is not a WHAT (expected ...)". */
static int set_word(const char *v, const char *const *words, int nwords, const char *what, int *out,
                    char *err, size_t n)
{
    for (int i = 0; i < nwords; i++) {
        if (strcmp(v, words[i]) == 0) {
            *out = i;
            return 0;
        }
    }
    size_t used = (size_t)snprintf(err, n, "'%s' is not %s (expected ", v, what);
    for (int i = 0; i < nwords && used < n; i++)
        used += (size_t)snprintf(err + used, n - used, "%s%s", words[i],
                                 i + 2 < nwords   ? ", "
                                 : i + 1 < nwords ? " or "
                                                  : ")");
    return -1;
}

static int set_ages(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)s;
    static const char *const words[] = {[SCN_AGES_ALWAYS] = "always",
                                        [SCN_AGES_COMPUTING] = "computing"};
    return set_word(v, words, 2, "a way of ageing", &((scn_component *)sub)->ages, err, n);
}

/* The keys of a replayed trace (ttf = trace(FILE); load.c reads the trace itself). */
static int set_trace_assign(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)s;
    static const char *const words[] = {"per_node", "pooled"};
    return set_word(v, words, 2, "a trace assignment", &((scn_component *)sub)->trace_assign, err,
                    n);
}

static int set_trace_end(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)s;
    scn_component *c = sub;
    if (strcmp(v, "wrap") == 0 || strcmp(v, "stop") == 0) {
        c->trace_end = v[0] == 'w' ? SCN_TRACE_WRAP : SCN_TRACE_STOP;
        return 0;
    }
    if (!strchr(v, '(') && !isdigit((unsigned char)v[0])) {
        snprintf(err, n,
                 "'%s' is not an end of trace (expected wrap, stop, or a law: a fresh life of "
                 "each node's components from the trace's end)",
                 v);
        return -1;
    }
    if (ttf_law(v, &c->trace_law, err, n)) return -1;
    c->trace_end = SCN_TRACE_FALLBACK;
    return 0;
}

static int set_trace_period(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)s;
    return positive_duration(v, &((scn_component *)sub)->trace_period, err, n);
}

static int set_tier_every(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)s;
    scn_tier *t = sub;
    return set_u32(v, 1, UINT32_MAX, &t->every, err, n);
}

static int set_tier_cost(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)s;
    scn_tier *t = sub;
    return set_law(v, &t->cost, err, n);
}

static int set_tier_restore_cost(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)s;
    scn_tier *t = sub;
    return set_law(v, &t->restore_cost, err, n);
}

/* In the order of SCN_LOST_*, from SCN_LOST_PROCESS. */
static const char *const lost_on_names[] = {"process", "node", "domain", "site", "never"};

static int set_tier_lost_on(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)s;
    scn_tier *t = sub;
    int i;
    if (set_word(v, lost_on_names, 5, "a failure scope", &i, err, n)) return -1;
    t->lost_on = SCN_LOST_PROCESS + i;
    return 0;
}

/* In the order of SCN_REDUNDANCY_*. */
static const char *const redundancy_names[] = {"single", "partner", "xor"};

static int set_tier_redundancy(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)s;
    scn_tier *t = sub;
    return set_word(v, redundancy_names, 3, "a redundancy", &t->redundancy, err, n);
}

static int set_tier_set_size(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)s;
    scn_tier *t = sub;
    return set_u32(v, 2, SCN_MAX_NODES, &t->set_size, err, n);
}

static int set_tier_ttf(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)s;
    scn_tier *t = sub;
    return ttf_law(v, &t->ttf, err, n);
}

static int set_tier_ttr(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)s;
    scn_tier *t = sub;
    return set_law(v, &t->ttr, err, n);
}

static int set_tier_mode(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)s;
    scn_tier *t = sub;
    static const char *const modes[] = {"sync", "async"};
    return set_word(v, modes, 2, "a mode", &t->async, err, n);
}

static int set_tier_snapshot(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)s;
    scn_tier *t = sub;
    return set_law(v, &t->snapshot, err, n);
}

static int set_tier_write_time(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)s;
    scn_tier *t = sub;
    return set_law(v, &t->write_time, err, n);
}

static int set_domain_size(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)s;
    scn_domain *d = sub;
    return set_u32(v, 1, SCN_MAX_NODES, &d->size, err, n);
}

static int set_domain_ttf(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)s;
    scn_domain *d = sub;
    return ttf_law(v, &d->ttf, err, n);
}

static int set_domain_ttr(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)s;
    scn_domain *d = sub;
    return set_law(v, &d->ttr, err, n);
}

static int set_site_ttf(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    return ttf_law(v, &s->site_ttf, err, n);
}

static int set_site_rto(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    return set_law(v, &s->site_rto, err, n);
}

static int set_site_every(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    if (strcmp(v, "none") == 0) {
        s->site_every = INFINITY;
        return 0;
    }
    if (positive_duration(v, &s->site_every, err, n)) {
        size_t len = strlen(err); /* err is sized to the value it quotes: no buffer of our own */
        snprintf(err + len, n - len, ", or none");
        return -1;
    }
    return 0;
}

static int set_site_transfer(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    return set_law(v, &s->site_transfer, err, n);
}

static int set_maint_every(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    return positive_duration(v, &s->maint_every, err, n);
}

static int set_maint_duration(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    return set_law(v, &s->maint_duration, err, n);
}

static int set_maint_scope(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    if (strcmp(v, "all") == 0 || strcmp(v, "rolling") == 0) {
        s->maint_rolling = v[0] == 'r';
        return 0;
    }
    snprintf(err, n,
             "'%s' is not a maintenance scope (expected all: the whole cluster at once, or "
             "rolling: one node at a time)",
             v);
    return -1;
}

static int set_maint_start(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    return nonneg_duration(v, &s->maint_start, err, n);
}

static int set_replicas(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    return set_u32(v, 1, SCN_MAX_NODES, &s->replicas, err, n);
}

static int set_replica_nodes(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    return set_u32(v, 1, SCN_MAX_NODES, &s->replica_nodes, err, n);
}

static int set_min_replicas(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    return set_u32(v, 1, SCN_MAX_NODES, &s->min_replicas, err, n);
}

static int set_sdc_ttf(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    if (parse_law(v, &s->sdc_ttf, err, n)) return -1;
    double mean = dist_mean(&s->sdc_ttf);
    if (!(mean > 0) || !isfinite(mean)) {
        snprintf(err, n, "a time to a strike must have a positive, finite mean (got %s)", v);
        return -1;
    }
    return 0;
}

static int set_sdc_detect(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    return set_law(v, &s->sdc_detect, err, n);
}

static int set_sdc_keep(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    if (strcmp(v, "all") == 0) {
        s->sdc_keep = 0;
        return 0;
    }
    if (set_u32(v, 1, UINT32_MAX, &s->sdc_keep, err, n)) {
        size_t len = strlen(err); /* err is sized to the value it quotes: no buffer of our own */
        snprintf(err + len, n - len, ", or all");
        return -1;
    }
    return 0;
}

/* [cost] currency: a label for people (the terminal, the report), 1 to SCN_CURRENCY_MAX letters. */
static int set_currency(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    size_t len = strlen(v), i = 0;
    while (i < len && ((v[i] >= 'A' && v[i] <= 'Z') || (v[i] >= 'a' && v[i] <= 'z')))
        i++;
    if (len == 0 || len > SCN_CURRENCY_MAX || i < len) {
        snprintf(err, n, "'%s' is not a currency (expected 1 to %d letters, e.g. USD or EUR)", v,
                 SCN_CURRENCY_MAX);
        return -1;
    }
    memcpy(s->currency, v, len + 1);
    return 0;
}

/* The largest price or size: a trial's cost stays a finite number however long and large the
 * trial (10^8 nodes over 10^8 hours at this price is 1e31). */
#define MONEY_MAX 1e15

/* A plain number from 0 to MONEY_MAX: a price (money has no unit: [cost] currency names it) or a
 * size in TB. `what` says which, in the message. */
static int money(const char *v, const char *what, double *out, char *err, size_t n)
{
    double x;
    if (unit_parse_number(v, &x, err, n)) {
        snprintf(err, n, "'%s' is not %s (expected a plain number, 0 or more%s)", v, what,
                 strcmp(what, "a price") == 0
                     ? ": a price has no unit, [cost] currency names the money"
                     : ", of terabytes: no unit");
        return -1;
    }
    if (x < 0) {
        snprintf(err, n, "must not be negative (got %s)", v);
        return -1;
    }
    if (x > MONEY_MAX) {
        snprintf(err, n, "'%s' is too large (expected at most 1e15)", v);
        return -1;
    }
    *out = x == 0 ? 0 : x; /* -0 is 0 */
    return 0;
}

#define PRICE_SETTER(NAME, FIELD)                                                                  \
    static int NAME(scn *s, void *sub, const char *v, char *err, size_t n)                         \
    {                                                                                              \
        (void)sub;                                                                                 \
        return money(v, "a price", &s->FIELD, err, n);                                             \
    }
PRICE_SETTER(set_node_hour, cost_node_hour)
PRICE_SETTER(set_crew_hour, cost_crew_hour)
PRICE_SETTER(set_repair_price, cost_repair)
PRICE_SETTER(set_downtime_hour, cost_downtime_hour)
PRICE_SETTER(set_storage_tb_month, cost_storage_tb_month)

static int set_ckpt_tb(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    return money(v, "a size in TB", &s->checkpoint_tb, err, n);
}

/* A probability: a plain number from 0 to 1. */
static int probability(const char *v, double *out, char *err, size_t n)
{
    double x;
    if (unit_parse_number(v, &x, err, n) || !(x >= 0 && x <= 1)) {
        snprintf(err, n, "'%s' is not a probability (expected a plain number from 0 to 1)", v);
        return -1;
    }
    *out = x == 0 ? 0 : x; /* -0 is 0 */
    return 0;
}

static int set_auto_success(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)s;
    scn_component *c = sub;
    return probability(v, &c->auto_success, err, n);
}

static int set_manual_ttr(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)s;
    scn_component *c = sub;
    return set_law(v, &c->manual_ttr, err, n);
}

static int set_bad_repair(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)s;
    scn_component *c = sub;
    return probability(v, &c->bad_repair, err, n);
}

static int set_bad_repair_ttf(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)s;
    scn_component *c = sub;
    return ttf_law(v, &c->bad_repair_ttf, err, n);
}

static int set_lemon_fraction(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    return probability(v, &s->lemon_fraction, err, n);
}

/* How much faster a lemon ages: 1 or more, and finite. */
static int set_lemon_factor(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    double x;
    if (unit_parse_number(v, &x, err, n) || !(x >= 1 && x <= 1e6)) {
        snprintf(err, n,
                 "'%s' is not a lemon factor (expected a plain number from 1 to 1e6: how many "
                 "times faster a lemon ages)",
                 v);
        return -1;
    }
    s->lemon_factor = x;
    return 0;
}

/* The most failures a retirement rule may count (each node keeps that many failure times). */
#define RETIRE_AFTER_MAX 64

static int set_retire_after(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    return set_u32(v, 1, RETIRE_AFTER_MAX, &s->retire_after, err, n);
}

/* A positive duration, or none (INFINITY). */
static int duration_or_none(const char *v, double *out, char *err, size_t n)
{
    if (strcmp(v, "none") == 0) {
        *out = INFINITY;
        return 0;
    }
    if (positive_duration(v, out, err, n)) {
        size_t len = strlen(err); /* err is sized to the value it quotes: no buffer of our own */
        snprintf(err + len, n - len, ", or none");
        return -1;
    }
    return 0;
}

static int set_retire_window(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    return duration_or_none(v, &s->retire_window, err, n);
}

static int set_replacement(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    return duration_or_none(v, &s->replacement, err, n);
}

/* The longest [sweep] vary value: scn_write writes it back as `vary4 = VALUE`, which must fit on
 * a line of a scenario file (run.txt loads back as one). Only a --set value can be longer. */
#define VARY_VALUE_MAX (LINE_MAX_BYTES - (int)(sizeof "vary4 = " - 1))
_Static_assert(VARY_VALUE_MAX < (int)sizeof((scn *)0)->sweep_vary[0], "room for a vary value");

static int set_vary(scn *s, int i, const char *v, char *err, size_t n)
{
    vary_key k;
    if (vary_parse(v, &k, err, n)) return -1;
    if (strlen(v) > VARY_VALUE_MAX) {
        snprintf(err, n,
                 "too long (%zu bytes; at most %d, so that the line fits in a scenario file)",
                 strlen(v), VARY_VALUE_MAX);
        return -1;
    }
    snprintf(s->sweep_vary[i], sizeof s->sweep_vary[0], "%s", v);
    if (i + 1 > s->sweep_nvary) s->sweep_nvary = i + 1;
    return 0;
}

#define VARY_SETTER(NAME, I)                                                                       \
    static int NAME(scn *s, void *sub, const char *v, char *err, size_t n)                         \
    {                                                                                              \
        (void)sub;                                                                                 \
        return set_vary(s, I, v, err, n);                                                          \
    }
VARY_SETTER(set_vary1, 0)
VARY_SETTER(set_vary2, 1)
VARY_SETTER(set_vary3, 2)
VARY_SETTER(set_vary4, 3)

static int set_sweep_metric(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    /* any metric of trials.csv, as `relsim sweep --metric` takes */
    if (metric_index(v) >= 0 && strlen(v) < sizeof s->sweep_metric) {
        snprintf(s->sweep_metric, sizeof s->sweep_metric, "%s", v);
        return 0;
    }
    char names[4096];
    metric_list_names(0, names, sizeof names);
    snprintf(err, n, "'%s' is not a metric of trials.csv (expected %s)", v, names);
    return -1;
}

static int set_sweep_trials(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    return unit_parse_count(v, 2, SCN_MAX_TRIALS, &s->sweep_trials, err, n);
}

static int set_sweep_max_trials(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    return unit_parse_count(v, 2, SCN_MAX_TRIALS, &s->sweep_max_trials, err, n);
}

static int set_sweep_precision(scn *s, void *sub, const char *v, char *err, size_t n)
{
    (void)sub;
    double x;
    if (unit_parse_number(v, &x, err, n)) return -1;
    if (!(x > 0)) {
        snprintf(err, n, "must be positive (got %s)", v);
        return -1;
    }
    s->sweep_precision = x;
    return 0;
}

static const key_spec keys[] = {
    {SEC_SCENARIO, "name", set_name, K_NAME},
    {SEC_SCENARIO, "trials", set_trials, K_TRIALS},
    {SEC_SCENARIO, "seed", set_seed, K_SEED},
    {SEC_SCENARIO, "horizon", set_horizon, K_HORIZON},
    {SEC_CLUSTER, "nodes", set_nodes, K_NODES},
    {SEC_CLUSTER, "spares", set_spares, K_SPARES},
    {SEC_CLUSTER, "spare_mode", set_spare_mode, K_SPARE_MODE},
    {SEC_CLUSTER, "repair_crews", set_crews, K_CREWS},
    {SEC_DETECTION, "timeout", set_timeout, K_TIMEOUT},
    {SEC_DETECTION, "heartbeat", set_heartbeat, K_HEARTBEAT},
    {SEC_FAILOVER, "time", set_failover, K_FAILOVER},
    {SEC_JOB, "work", set_work, K_WORK},
    {SEC_JOB, "checkpoint_interval", set_interval, K_INTERVAL},
    {SEC_JOB, "checkpoint_cost", set_ckpt_cost, K_CKPT_COST},
    {SEC_JOB, "restart_cost", set_restart_cost, K_RESTART_COST},
    {SEC_JOB, "full_every", set_full_every, K_FULL_EVERY},
    {SEC_JOB, "incremental_cost", set_inc_cost, K_INC_COST},
    {SEC_JOB, "incremental_restore_cost", set_inc_restore_cost, K_INC_RESTORE_COST},
    {SEC_JOB, "incremental_chain", set_inc_chain, K_INC_CHAIN},
    {SEC_JOB, "checkpoint_tb", set_ckpt_tb, K_CKPT_TB},
    {SEC_SWEEP, "vary", set_vary1, K_SWEEP_VARY},
    {SEC_SWEEP, "vary2", set_vary2, K_SWEEP_VARY2},
    {SEC_SWEEP, "vary3", set_vary3, K_SWEEP_VARY3},
    {SEC_SWEEP, "vary4", set_vary4, K_SWEEP_VARY4},
    {SEC_SWEEP, "metric", set_sweep_metric, K_SWEEP_METRIC},
    {SEC_SWEEP, "trials", set_sweep_trials, K_SWEEP_TRIALS},
    {SEC_SWEEP, "precision", set_sweep_precision, K_SWEEP_PRECISION},
    {SEC_SWEEP, "max_trials", set_sweep_max_trials, K_SWEEP_MAX_TRIALS},
    {SEC_SDC, "ttf", set_sdc_ttf, K_SDC_TTF},
    {SEC_SDC, "detect", set_sdc_detect, K_SDC_DETECT},
    {SEC_SDC, "keep", set_sdc_keep, K_SDC_KEEP},
    {SEC_SITE, "ttf", set_site_ttf, K_SITE_TTF},
    {SEC_SITE, "rto", set_site_rto, K_SITE_RTO},
    {SEC_SITE, "replicate_every", set_site_every, K_SITE_EVERY},
    {SEC_SITE, "transfer_time", set_site_transfer, K_SITE_TRANSFER},
    {SEC_SERVICE, "replicas", set_replicas, K_REPLICAS},
    {SEC_SERVICE, "replica_nodes", set_replica_nodes, K_REPLICA_NODES},
    {SEC_SERVICE, "min_replicas", set_min_replicas, K_MIN_REPLICAS},
    {SEC_COST, "currency", set_currency, K_CURRENCY},
    {SEC_COST, "node_hour", set_node_hour, K_NODE_HOUR},
    {SEC_COST, "crew_hour", set_crew_hour, K_CREW_HOUR},
    {SEC_COST, "repair", set_repair_price, K_REPAIR},
    {SEC_COST, "downtime_hour", set_downtime_hour, K_DOWNTIME_HOUR},
    {SEC_COST, "storage_tb_month", set_storage_tb_month, K_STORAGE_TB_MONTH},
    {SEC_MAINT, "every", set_maint_every, K_MAINT_EVERY},
    {SEC_MAINT, "duration", set_maint_duration, K_MAINT_DURATION},
    {SEC_MAINT, "scope", set_maint_scope, K_MAINT_SCOPE},
    {SEC_MAINT, "start", set_maint_start, K_MAINT_START},
    {SEC_FLEET, "lemon_fraction", set_lemon_fraction, K_LEMON_FRACTION},
    {SEC_FLEET, "lemon_factor", set_lemon_factor, K_LEMON_FACTOR},
    {SEC_FLEET, "retire_after", set_retire_after, K_RETIRE_AFTER},
    {SEC_FLEET, "retire_window", set_retire_window, K_RETIRE_WINDOW},
    {SEC_FLEET, "replacement", set_replacement, K_REPLACEMENT},
    {SEC_COMPONENT, "count", set_count, CK_COUNT},
    {SEC_COMPONENT, "ttf", set_ttf, CK_TTF},
    {SEC_COMPONENT, "ttr", set_ttr, CK_TTR},
    {SEC_COMPONENT, "reach", set_reach, CK_REACH},
    {SEC_COMPONENT, "ages", set_ages, CK_AGES},
    {SEC_COMPONENT, "auto_success", set_auto_success, CK_AUTO_SUCCESS},
    {SEC_COMPONENT, "manual_ttr", set_manual_ttr, CK_MANUAL_TTR},
    {SEC_COMPONENT, "bad_repair", set_bad_repair, CK_BAD_REPAIR},
    {SEC_COMPONENT, "bad_repair_ttf", set_bad_repair_ttf, CK_BAD_REPAIR_TTF},
    {SEC_COMPONENT, "trace_assign", set_trace_assign, CK_TRACE_ASSIGN},
    {SEC_COMPONENT, "trace_end", set_trace_end, CK_TRACE_END},
    {SEC_COMPONENT, "trace_period", set_trace_period, CK_TRACE_PERIOD},
    {SEC_TIER, "every", set_tier_every, TK_EVERY},
    {SEC_TIER, "cost", set_tier_cost, TK_COST},
    {SEC_TIER, "restore_cost", set_tier_restore_cost, TK_RESTORE_COST},
    {SEC_TIER, "lost_on", set_tier_lost_on, TK_LOST_ON},
    {SEC_TIER, "redundancy", set_tier_redundancy, TK_REDUNDANCY},
    {SEC_TIER, "set_size", set_tier_set_size, TK_SET_SIZE},
    {SEC_TIER, "ttf", set_tier_ttf, TK_TTF},
    {SEC_TIER, "ttr", set_tier_ttr, TK_TTR},
    {SEC_TIER, "mode", set_tier_mode, TK_MODE},
    {SEC_TIER, "snapshot", set_tier_snapshot, TK_SNAPSHOT},
    {SEC_TIER, "write_time", set_tier_write_time, TK_WRITE_TIME},
    {SEC_DOMAIN, "size", set_domain_size, DK_SIZE},
    {SEC_DOMAIN, "ttf", set_domain_ttf, DK_TTF},
    {SEC_DOMAIN, "ttr", set_domain_ttr, DK_TTR},
};
#define NKEYS_TABLE ((int)(sizeof keys / sizeof keys[0]))

const char *scn_lost_on_name(int lost_on)
{
    return lost_on >= SCN_LOST_PROCESS && lost_on <= SCN_LOST_NEVER
               ? lost_on_names[lost_on - SCN_LOST_PROCESS]
               : NULL;
}

const char *scn_redundancy_name(int redundancy)
{
    return redundancy >= SCN_REDUNDANCY_SINGLE && redundancy <= SCN_REDUNDANCY_XOR
               ? redundancy_names[redundancy]
               : NULL;
}

/* The keys of a section, for "expected ..." in messages. */
void scn_list_keys(int section, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < NKEYS_TABLE; i++) {
        if (keys[i].section != section) continue;
        int w = snprintf(buf + used, len - used, "%s%s", used ? ", " : "", keys[i].key);
        if (w < 0 || (size_t)w >= len - used) break;
        used += (size_t)w;
    }
}

/* The keys of a section, for hints: up to max of them into out; returns how many. */
int scn_key_names(int section, const char **out, int max)
{
    int n = 0;
    for (int i = 0; i < NKEYS_TABLE && n < max; i++)
        if (keys[i].section == section) out[n++] = keys[i].key;
    return n;
}

const char *scn_section_name(int section)
{
    return section >= 0 && section < NFIXED ? section_names[section] : NULL;
}

int scn_section_of(const char *name, const char **sub_name)
{
    for (int i = 0; i < NFIXED; i++)
        if (strcmp(name, section_names[i]) == 0) return i;
    if (strncmp(name, "component.", 10) == 0) {
        *sub_name = name + 10;
        return SEC_COMPONENT;
    }
    if (strncmp(name, "tier.", 5) == 0) {
        *sub_name = name + 5;
        return SEC_TIER;
    }
    if (strncmp(name, "domain.", 7) == 0) {
        *sub_name = name + 7;
        return SEC_DOMAIN;
    }
    return SEC_NONE;
}

/* The key spec of (section, key), or NULL. */
const key_spec *scn_find_key(int sec, const char *key)
{
    for (int i = 0; i < NKEYS_TABLE; i++)
        if (keys[i].section == sec && strcmp(keys[i].key, key) == 0) return &keys[i];
    return NULL;
}

/* 1 if a component name is one libinih keeps whole and a directory can hold. */
int scn_component_name_ok(const char *cname)
{
    size_t cl = strlen(cname);
    if (cl == 0 || cl > MAX_COMPONENT_NAME) return 0;
    for (size_t i = 0; i < cl; i++) {
        char ch = cname[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              ch == '_' || ch == '-'))
            return 0;
    }
    return 1;
}
