/*
 * scn: scenario files (INI, read with libinih) into a checked, fully resolved scenario.
 *
 *   [scenario]        name, trials, seed, horizon
 *   [cluster]         nodes, spares, spare_mode = cold|hot, repair_crews = N|unlimited
 *   [component.NAME]  count, ttf, ttr          (one section per kind of component)
 *   [detection]       timeout, heartbeat
 *   [failover]        time
 *   [job]             work, checkpoint_interval, checkpoint_cost, restart_cost, full_every,
 *                     incremental_cost, incremental_restore_cost, incremental_chain,
 *                     checkpoint_tb
 *   [sweep]           vary (vary2..vary4), metric, trials, precision, max_trials
 *   [sdc]             ttf, detect, keep   (silent data corruption)
 *   [tier.NAME]       every, cost, restore_cost, lost_on, redundancy, set_size, ttf, ttr, mode,
 *                     snapshot, write_time   (places checkpoints are kept: levels, as SCR's)
 *   [domain.NAME]     size, ttf, ttr   (racks, switches, PDUs: consecutive slots failing together)
 *   [site]            ttf, rto, replicate_every, transfer_time   (a disaster, a second site)
 *   [service]         replicas, replica_nodes, min_replicas   (a served model, instead of [job])
 *   [cost]            currency, node_hour, crew_hour, repair, downtime_hour, storage_tb_month
 *                     (what a trial costs; [job] checkpoint_tb sizes the checkpoint storage)
 *   [maintenance]     every, duration, scope = all|rolling, start   (planned maintenance)
 *   [fleet]           lemon_fraction, lemon_factor, retire_after, retire_window, replacement
 *                     (bad nodes and their retirement; [component.NAME] auto_success,
 *                     manual_ttr, bad_repair, bad_repair_ttf say how repairs go)
 *
 * [scenario] may also say `include = FILE` (any number of times): the included files are read
 * first, then the including file, whose keys override theirs. `--set section.key=value` options
 * apply last. docs/scenarios.md is the reference for every key. Errors are collected, not
 * printed: each is "path:line: message (what was expected)" (or "--set ...: message"), and
 * loading goes on after an error so that one pass reports them all.
 */
#ifndef RELSIM_SIM_SCENARIO_SCN_H
#define RELSIM_SIM_SCENARIO_SCN_H

#include <limits.h>
#include <stdint.h>
#include <stdio.h>

#include "models/ckpt.h"
#include "models/dist.h"

#define SCN_MAX_COMPONENTS 64
#define SCN_MAX_NAME 64
#define SCN_MAX_NODES 100000000u /* slots + spares; memory is checked again before a run */
#define SCN_MAX_COUNT 4096u      /* components of one kind per node */
#define SCN_MAX_TRIALS 1000000000u
#define SCN_MAX_TIERS 6    /* [tier.NAME] sections */
#define SCN_MAX_DOMAINS 4  /* [domain.NAME] sections (kinds of domain) */
#define SCN_CURRENCY_MAX 8 /* letters of [cost] currency */

/* Keys of the fixed sections, for provenance (the line each was set on). */
typedef enum {
    K_NAME,
    K_TRIALS,
    K_SEED,
    K_HORIZON,
    K_NODES,
    K_SPARES,
    K_SPARE_MODE,
    K_CREWS,
    K_TIMEOUT,
    K_HEARTBEAT,
    K_FAILOVER,
    K_WORK,
    K_INTERVAL,
    K_CKPT_COST,
    K_RESTART_COST,
    K_FULL_EVERY,
    K_INC_COST,
    K_INC_RESTORE_COST,
    K_INC_CHAIN,
    K_SWEEP_VARY,
    K_SWEEP_VARY2,
    K_SWEEP_VARY3,
    K_SWEEP_VARY4,
    K_SWEEP_METRIC,
    K_SWEEP_TRIALS,
    K_SWEEP_PRECISION,
    K_SWEEP_MAX_TRIALS,
    K_SDC_TTF,
    K_SDC_DETECT,
    K_SDC_KEEP,
    K_SITE_TTF,
    K_SITE_RTO,
    K_SITE_EVERY,
    K_SITE_TRANSFER,
    K_REPLICAS,
    K_REPLICA_NODES,
    K_MIN_REPLICAS,
    K_CKPT_TB,
    K_CURRENCY,
    K_NODE_HOUR,
    K_CREW_HOUR,
    K_REPAIR,
    K_DOWNTIME_HOUR,
    K_STORAGE_TB_MONTH,
    K_MAINT_EVERY,
    K_MAINT_DURATION,
    K_MAINT_SCOPE,
    K_MAINT_START,
    K_LEMON_FRACTION,
    K_LEMON_FACTOR,
    K_RETIRE_AFTER,
    K_RETIRE_WINDOW,
    K_REPLACEMENT,
    K_NKEYS
} scn_key;

/* [component.NAME] reach: node, a failure empties the slot until detection, failover and repair
 * (docs/model.md); process, the job's process dies and the node restarts in its slot after the
 * detection delay and ttr, with no spare and no repair crew. */
enum { SCN_REACH_NODE = 0, SCN_REACH_PROCESS = 1 };

/* [component.NAME] ages: always, its units age whenever their node is in a slot (or a hot
 * spare), whatever the job does; computing, only while the job computes (not while it
 * checkpoints, restores or is down), as software and communication faults do (docs/model.md). */
enum { SCN_AGES_ALWAYS = 0, SCN_AGES_COMPUTING = 1 };
/* [component.NAME] trace_assign and trace_end of a replayed trace (ttf = trace(FILE)). */
enum { SCN_TRACE_PER_NODE = 0, SCN_TRACE_POOLED = 1 };
enum { SCN_TRACE_WRAP = 0, SCN_TRACE_STOP = 1, SCN_TRACE_FALLBACK = 2 };

typedef struct {
    char name[SCN_MAX_NAME];
    uint32_t count;
    dist ttf, ttr;
    int has_ttf, has_ttr;
    int reach; /* SCN_REACH_NODE (default) or SCN_REACH_PROCESS: what a failure of it takes down */
    int ages;  /* SCN_AGES_ALWAYS (default) or SCN_AGES_COMPUTING */
    /* The repair pipeline (docs/model.md, "Repairs and the fleet"): the crew's repair (ttr, the
     * automatic one) succeeds with probability auto_success (default 1), else the same crew goes
     * on with a manual repair of law manual_ttr; a repair done leaves the node faulty with
     * probability bad_repair (default 0): it fails again, of this kind, after bad_repair_ttf of
     * ageing. */
    double auto_success, bad_repair;
    dist manual_ttr, bad_repair_ttf;
    int line;  /* of its section header */
    int line_count, line_ttf, line_ttr, line_reach, line_ages;
    int line_auto_success, line_manual_ttr, line_bad_repair, line_bad_repair_ttf;
    /* ttf = trace(FILE): the kind's failures replay a log's (docs/model.md, "Replaying a
     * trace"). trace is 0 for a law, else 1 + the trace's number (scn_trace_of); ttf then holds
     * the exponential law of the trace's rate (count / mean = failures per slot-hour over the
     * period), for the system MTBF and young/daly only: nothing draws from it. */
    int trace;
    int trace_assign;    /* SCN_TRACE_PER_NODE (default) or SCN_TRACE_POOLED */
    int trace_end;       /* SCN_TRACE_WRAP (default), SCN_TRACE_STOP or SCN_TRACE_FALLBACK */
    dist trace_law;      /* SCN_TRACE_FALLBACK: the law of a fresh life from the trace's end */
    double trace_period; /* hours; 0: not given (the trace's span) */
    double trace_every;  /* the period in effect: trace_period, or the trace's span */
    int line_trace_assign, line_trace_end, line_trace_period;
} scn_component;

/* A trace: one kind's failures in an event log, read once per process (the first scenario that
 * names the file and kind) and shared by every scenario and trial after it; immutable. */
typedef struct {
    const char *path;     /* absolute */
    const char *kind;     /* the component kind: fail rows whose component is it, or KIND:ID */
    size_t n;             /* its failures (n >= 1) */
    const double *t;      /* their times in hours from the trace's origin, in order (ties in the
                             log's order): hours as written, or ISO 8601 from the log's first event */
    const uint32_t *node; /* each one's node label, numbered in order of first appearance in the
                             whole log (any row, any kind) */
    uint32_t nnodes;      /* the log's node labels */
    double span;          /* the log's last event (any row), from the origin */
    int iso;
    unsigned long long fnv; /* FNV-1a of the file's bytes: scn_hash changes with its content */
} scn_trace;

/* The trace a component kind replays, or NULL for a law. */
const scn_trace *scn_trace_of(const scn_component *c);

/* [tier.NAME] lost_on: the narrowest failure that destroys the tier's copies, ordered so that a
 * failure of reach level r destroys every tier with lost_on <= r (a process-reach component's
 * failure is level SCN_LOST_PROCESS, a node-reach one SCN_LOST_NODE; domains and sites come with
 * correlated failures). SCN_LOST_NEVER: no failure destroys it. */
enum { SCN_LOST_PROCESS = 1, SCN_LOST_NODE, SCN_LOST_DOMAIN, SCN_LOST_SITE, SCN_LOST_NEVER };

/* [tier.NAME] redundancy of a node-local tier (lost_on = node): single (a node's copy dies with
 * it), partner (a copy on the next slot, ring order: SCR PARTNER), xor (sets of set_size
 * consecutive slots that survive one loss each: SCR XOR). */
enum { SCN_REDUNDANCY_SINGLE = 0, SCN_REDUNDANCY_PARTNER, SCN_REDUNDANCY_XOR };

/* One [tier.NAME] section. scn_load sorts s->tier by `every`, ascending (distinct, the first 1). */
typedef struct {
    char name[SCN_MAX_NAME];
    uint32_t every;            /* checkpoint m goes to the tier of the largest every dividing m */
    dist cost, restore_cost;   /* the stall of writing it (sync), restoring from it */
    int lost_on;               /* SCN_LOST_* */
    int redundancy;            /* SCN_REDUNDANCY_* (default single) */
    uint32_t set_size;         /* xor: slots per set (>= 2, divides the nodes); else 0 */
    int has_outage;            /* ttf and ttr given: the tier goes down and comes back */
    dist ttf, ttr;             /* wall time up, then down */
    int async;                 /* mode = async (default sync) */
    dist snapshot, write_time; /* async: the stall, then the background write until commit */
    int line;                  /* of its section header */
    int line_every, line_cost, line_restore_cost, line_lost_on, line_redundancy, line_set_size,
        line_ttf, line_ttr, line_mode, line_snapshot, line_write_time;
} scn_tier;

/* One [domain.NAME] section: a kind of failure domain (rack, leaf switch, PDU) over `size`
 * consecutive slots; the cluster has nodes / size of them. A domain's failure takes every slot
 * in it down at once until its repair (ttr, its own law: no repair crew), the nodes in it not
 * failed and not ageing meanwhile. scn_load sorts s->domain by size, ascending; each size divides
 * the next one's and the cluster's nodes (domains nest). */
typedef struct {
    char name[SCN_MAX_NAME];
    uint32_t size;
    dist ttf, ttr; /* wall time up, then down */
    int line;      /* of its section header */
    int line_size, line_ttf, line_ttr;
} scn_domain;

typedef struct {
    char name[SCN_MAX_NAME];
    uint64_t trials;
    uint32_t seed;
    double horizon; /* hours; INFINITY when none is given */

    uint32_t nodes, spares;
    int hot;        /* spare_mode = hot */
    uint32_t crews; /* 0 = unlimited */

    int ncomp;
    scn_component comp[SCN_MAX_COMPONENTS];

    double timeout, heartbeat; /* detection latency: uniform on (timeout-heartbeat, timeout] */
    dist failover;             /* time to swap a node into a slot */

    int has_job;
    double work;                  /* hours of computation */
    ckpt_policy ckpt;             /* interval resolved by scn_load */
    dist ckpt_cost, restart_cost; /* of a full checkpoint, and of restoring one */
    /* full + incremental chains: checkpoint m (1, 2, ... by position in the work) is full when
     * full_every divides m, else incremental; 0: every checkpoint is full (the keys are absent) */
    uint32_t full_every;
    dist inc_cost, inc_restore_cost; /* stall of an incremental; restoring one (default 0) */
    int inc_cumulative;              /* incremental_chain = cumulative (default chained) */

    /* [sdc] silent data corruption: strikes after sdc_ttf of computation, detected sdc_detect
     * (wall time) later; the job keeps the sdc_keep newest checkpoints (0: all) */
    int has_sdc;
    dist sdc_ttf, sdc_detect;
    uint32_t sdc_keep;

    /* [tier.NAME] sections, sorted by every (ntier = 0: the one implicit store of checkpoint_cost
     * and restart_cost that no failure destroys, as before the tiers existed) */
    int ntier;
    scn_tier tier[SCN_MAX_TIERS];

    /* [domain.NAME] sections, sorted by size (ndomain = 0: none) */
    int ndomain;
    scn_domain domain[SCN_MAX_DOMAINS];

    /* [site]: the whole site is lost after site_ttf (wall time; a disaster); the job or service
     * is computing again at a second site site_rto later, from the newest checkpoint copied
     * there: a copy of the newest checkpoint starts every replicate_every (wall time; INFINITY:
     * none) and lands transfer_time later */
    int has_site;
    dist site_ttf, site_rto, site_transfer;
    double site_every;

    /* [service]: instead of [job], a served model of `replicas` replicas of replica_nodes slots
     * each (nodes = replicas x replica_nodes: scn_load sets nodes when [cluster] does not, and
     * refuses another value), up while at least min_replicas replicas are up, measured over the
     * horizon (which a service needs) */
    int has_service;
    uint32_t replicas, replica_nodes, min_replicas;

    /* [cost]: the prices of what a trial uses (docs/model.md, "Costs"): each node (slots and
     * spares) and each repair crew for every hour of the trial, each repair started, each hour
     * the job or the service is down, each TB of checkpoint storage for every month (730.5 h)
     * of the trial; plain non-negative numbers in `currency`. has_cost = 0: no cost figures. */
    int has_cost;
    char currency[SCN_CURRENCY_MAX + 1]; /* 1 to 8 letters; default USD */
    double cost_node_hour, cost_crew_hour, cost_repair, cost_downtime_hour, cost_storage_tb_month;
    double checkpoint_tb; /* [job] checkpoint_tb: the size of one checkpoint in TB (default 0) */

    /* [maintenance]: planned maintenance (docs/model.md, "Planned maintenance"), due every
     * maint_every hours of wall time from maint_start (default maint_every). scope all
     * (maint_rolling = 0): the whole cluster is down for a maint_duration at each, as a domain
     * of every slot, nothing lost; rolling: slot i's node leaves it at maint_start + k every +
     * i every / nodes for a maint_duration, the slot taking a spare or waiting as after a
     * detected failure. has_maint = 0: none (nothing drawn, nothing written). */
    int has_maint;
    int maint_rolling;
    double maint_every, maint_start;
    dist maint_duration;
    /* [fleet] (docs/model.md, "Repairs and the fleet"): each node is a lemon with probability
     * lemon_fraction (default 0), ageing lemon_factor (>= 1, default 1) times faster; a node is
     * retired at the detection of its retire_after-th failure (0: never) within retire_window
     * hours (INFINITY: ever), and replaced by a new node replacement hours later (INFINITY:
     * none, the fleet shrinks). has_fleet: the section is there. */
    int has_fleet;
    double lemon_fraction, lemon_factor;
    uint32_t retire_after;
    double retire_window, replacement;

    double mtbf; /* system MTBF: 1 / sum over slot components of 1/mean ttf */
    /* the mean time between the job's interruptions by hardware: the nodes' failures, the
     * failure domains' and the site's (mtbf without domains or site); what young and daly use */
    double mtbf_job;

    /* [sweep]: a study of variants of this scenario, run by relsim batch beside the scenario and
     * by relsim sweep when no --vary is given */
    int has_sweep;
    int sweep_nvary;
    char sweep_vary[4][256]; /* "section.key=VALUES", as for --vary */
    char sweep_metric[64];   /* "" : goodput */
    uint64_t sweep_trials;   /* 0: the scenario's */
    double sweep_precision;  /* 0: none */
    uint64_t sweep_max_trials;

    char path[PATH_MAX];  /* as given, whole (scn_load refuses a longer one, as open() would) */
    int embedded;         /* the default built into relsim, named scenarios/default.ini */
    int line[K_NKEYS];    /* line each key was set on, 0 if defaulted */
    int section_line[12]; /* scenario, cluster, detection, failover, job, sweep, sdc, site,
                             service, cost, maintenance, fleet */
} scn;

/* 1 if some component kind's repairs escalate (auto_success < 1) or may fail (bad_repair > 0):
 * the scenario has the repair pipeline's figures. */
int scn_has_repair_rules(const scn *s);

/* 1 if some nodes are lemons that age faster ([fleet] lemon_fraction > 0, lemon_factor > 1):
 * their lives need a timer per node. */
int scn_has_lemons(const scn *s);

/* 1 if some component kind ages only while the job computes (ages = computing). */
int scn_has_computing(const scn *s);

/* Collected error messages, in the order of the files and lines they are about. */
typedef struct {
    char **msg;
    unsigned long long *where; /* sort key: file number << 32 | line */
    int n, cap;
} scn_errors;

void scn_errors_free(scn_errors *e);
/* Prints every message, one per line. */
void scn_errors_print(const scn_errors *e, FILE *f);

/* Hints for a name that is not known (a key, a section, a kind of component, a law): the one of
 * names[0..n) clearly closest to word, by the Damerau-Levenshtein distance with case ignored,
 * within 1 for a word of up to 4 characters, 2 up to 8, 3 beyond; NULL when none is that close,
 * when two are equally close, or when word is one of them. NULL entries are skipped. Pinned by
 * tests/test_scenario.c (hints_name_the_one_closest_name). */
const char *scn_suggest(const char *word, const char *const *names, int n);

/* "; did you mean 'NAME'?" in buf for scn_suggest's NAME, else ""; returns buf. A buf of
 * SCN_HINT_SIZE bytes holds any hint. Messages end with it. */
#define SCN_HINT_SIZE 96
const char *scn_hint(char *buf, size_t len, const char *word, const char *const *names, int n);

/* Loads and checks a scenario: the file at `path` (or `text`, named `path` in messages, when text
 * is not NULL), the files it includes, then the overrides sets[0..nsets) ("section.key=value",
 * as given to --set; an entry "--OPTION section.key=value" is named that way in messages). An
 * override may not create a [component.NAME], [tier.NAME], [domain.NAME], [job], [sweep], [sdc],
 * [site], [service], [cost] or [maintenance] section the files (and the overrides before it) do
 * not have, unless it is an "--add section.key=value" entry.
 * Returns 0, or the number of errors (added to errs): every error found. */
int scn_load(const char *path, const char *text, const char *const *sets, int nsets, scn *s,
             scn_errors *errs);

/* Loads and checks a scenario file. Returns 0, or the number of errors (added to errs). With
 * neither a path nor a text, scn_load loads the embedded default (as scenarios/default.ini) and
 * sets s->embedded. */
int scn_load_file(const char *path, scn *s, scn_errors *errs);

/* The same from text; `path` only names it in messages. */
int scn_load_text(const char *text, const char *path, scn *s, scn_errors *errs);

/* The embedded default scenario (scenarios/default.ini). */
extern const char scn_default_text[];

/* Writes the resolved scenario as a scenario file that loads back to the same values. */
void scn_write(const scn *s, FILE *f);

/* A 64-bit fingerprint (FNV-1a) of the resolved scenario as scn_write writes it, without its
 * [sweep] section: equal for scenarios that simulate the same thing, whatever files and includes
 * they came from. */
unsigned long long scn_hash(const scn *s);

/* The same with the [sweep] section: what a sweep of the scenario depends on. */
unsigned long long scn_hash_with_sweep(const scn *s);

#endif
