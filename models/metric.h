/*
 * metric: THE table of what a trial measures. Every output reads it: trials.csv (its columns, in
 * table order), summary.csv, sweep.csv and --metric (the METRIC_SWEEP ones), the terminal summary
 * (METRIC_TERM_JOB / METRIC_TERM_HW), the summary picture, the batch report (METRIC_REPORT) and
 * the closed forms, which name the metric they estimate. Adding a metric is one line of
 * METRIC_TABLE, and its value set in sim/model/world.c.
 *
 * Each line is X(name, kind, headline, flags, label):
 *   name      the CSV column and the field of metric_row; durations in hours end in _h
 *   kind      COUNT (an integer: written without a fraction), RATIO (a fraction in [0, 1]; also
 *             the service's figures in minutes, _min, and the costs in [cost] currency, which
 *             are neither counts nor hours) or HOURS (a duration in hours; node-hours too)
 *   headline  1, 2, 3...: shown first, in this order, wherever metrics are listed for people
 *             (terminal, sweep.csv, report); 0: in table order after the headline ones
 *   flags     where the metric appears besides trials.csv and summary.csv (below)
 *   label     what it is, in a few words, for people
 */
#ifndef RELSIM_MODELS_METRIC_H
#define RELSIM_MODELS_METRIC_H

#include <stdint.h>

enum {
    METRIC_TERM_JOB = 1 << 0, /* in the terminal summary of a scenario with a job */
    METRIC_TERM_HW = 1 << 1,  /* in the terminal summary of a scenario without a job */
    METRIC_SWEEP = 1 << 2,    /* a column of sweep.csv and a choice of --metric */
    METRIC_REPORT = 1 << 3,   /* read back by the batch report */
    METRIC_HIGHER = 1 << 4,   /* higher is better (else lower is) */
    METRIC_OPTIONAL = 1 << 5, /* a rule's figure: the terminal leaves it out when every trial had
                                 0 (a scenario without the rule), full_checkpoints when there
                                 was no incremental */
    METRIC_TIER = 1 << 6,     /* one of a storage tier's rows (METRIC_TIER_ROWS) */
    /* a rule's figures that are columns only in the scenarios with the rule (metric_scope) */
    METRIC_NEEDS_TIERS = 1 << 7,   /* [tier.NAME] */
    METRIC_NEEDS_DOMAINS = 1 << 8, /* [domain.NAME] */
    METRIC_NEEDS_SITE = 1 << 9,    /* [site] */
    METRIC_NEEDS_SERVICE = 1 << 10, /* [service] */
    METRIC_HIDDEN = 1 << 11,        /* the numerator of a ratio (METRIC_RATIOS), not a column of
                                       its own: the ratio times its denominator gives it back */
    METRIC_NEEDS_COST = 1 << 12,    /* [cost] */
    METRIC_NEEDS_MAINT = 1 << 13,   /* [maintenance] */
    METRIC_NEEDS_REPAIRS = 1 << 14, /* [component.NAME] auto_success < 1 or bad_repair > 0 */
    METRIC_NEEDS_FLEET = 1 << 15,   /* [fleet] */
    METRIC_NEEDS_TRACE = 1 << 16,   /* a component kind's ttf = trace(FILE) */
};

/* clang-format off */
#define METRIC_TABLE(X)                                                                            \
    X(completed,    COUNT, 0, METRIC_TERM_JOB | METRIC_REPORT | METRIC_HIGHER,                     \
      "the job finished its work (1) or not (0)")                                                 \
    X(makespan_h,   HOURS, 3, METRIC_TERM_JOB | METRIC_SWEEP | METRIC_REPORT,                     \
      "time to finish the work, or the horizon")                                                  \
    X(availability, RATIO, 2, METRIC_TERM_JOB | METRIC_TERM_HW | METRIC_SWEEP | METRIC_REPORT |   \
                              METRIC_HIGHER,                                                      \
      "fraction of the makespan with every slot up")                                              \
    X(goodput,      RATIO, 1, METRIC_TERM_JOB | METRIC_SWEEP | METRIC_REPORT | METRIC_HIGHER,     \
      "useful_h / makespan_h")                                                                    \
    X(failures,     COUNT, 0, METRIC_TERM_JOB | METRIC_TERM_HW | METRIC_REPORT,                   \
      "failures of nodes in slots")                                                               \
    X(useful_h,     HOURS, 0, METRIC_TERM_JOB | METRIC_REPORT,                                    \
      "computation kept by checkpoints or the end")                                               \
    X(unsaved_h,    HOURS, 0, METRIC_TERM_JOB | METRIC_REPORT | METRIC_OPTIONAL,                   \
      "computation not yet checkpointed when the horizon came")                                   \
    X(lost_h,       HOURS, 0, METRIC_TERM_JOB | METRIC_SWEEP | METRIC_REPORT,                     \
      "computation lost to failures")                                                             \
    X(checkpoint_h, HOURS, 0, METRIC_TERM_JOB | METRIC_REPORT,                                    \
      "time spent writing checkpoints")                                                           \
    X(restart_h,    HOURS, 0, METRIC_TERM_JOB | METRIC_REPORT,                                    \
      "time spent restoring checkpoints")                                                         \
    X(down_h,       HOURS, 0, METRIC_TERM_JOB | METRIC_TERM_HW | METRIC_REPORT,                   \
      "time with some slot empty")                                                                \
    X(wait_spare_h, HOURS, 0, METRIC_TERM_JOB | METRIC_TERM_HW | METRIC_REPORT,                   \
      "time slots waited for a spare or a repaired node")                                         \
    X(process_failures, COUNT, 0, METRIC_TERM_JOB | METRIC_TERM_HW | METRIC_OPTIONAL,              \
      "failures that restarted the job's process in place")                                       \
    X(checkpoints,  COUNT, 0, METRIC_TERM_JOB | METRIC_SWEEP | METRIC_REPORT,                     \
      "checkpoints completed")                                                                    \
    X(full_checkpoints, COUNT, 0, METRIC_TERM_JOB | METRIC_OPTIONAL,                               \
      "full checkpoints completed")                                                               \
    X(incremental_checkpoints, COUNT, 0, METRIC_TERM_JOB | METRIC_OPTIONAL,                        \
      "incremental checkpoints completed")                                                        \
    X(sdc_strikes, COUNT, 0, METRIC_TERM_JOB | METRIC_OPTIONAL,                                    \
      "silent data corruptions that struck")                                                      \
    X(sdc_recovered, COUNT, 0, METRIC_TERM_JOB | METRIC_OPTIONAL,                                  \
      "corruptions detected and rolled back to a clean checkpoint")                               \
    X(sdc_unrecoverable, COUNT, 0, METRIC_TERM_JOB | METRIC_OPTIONAL,                              \
      "corruptions detected with no clean checkpoint left: started again")                        \
    X(interruptions, COUNT, 0, METRIC_TERM_JOB | METRIC_REPORT | METRIC_OPTIONAL,                                  \
      "failures and rollbacks that stopped the job, recovered from")                              \
    X(rpo_total_h,  HOURS, 0, METRIC_HIDDEN,                                                       \
      "work lost at the interruptions, summed")                                                   \
    X(rto_total_h,  HOURS, 0, METRIC_HIDDEN,                                                       \
      "interruption to computing again, summed")                                                  \
    X(rpo_h,        HOURS, 0, METRIC_TERM_JOB | METRIC_REPORT | METRIC_OPTIONAL,                                   \
      "work lost per interruption (recovery point)")                                              \
    X(rto_h,        HOURS, 0, METRIC_TERM_JOB | METRIC_REPORT | METRIC_OPTIONAL,                                   \
      "interruption to computing again (recovery time)")                                          \
    X(rpo_max_h,    HOURS, 0, 0,                                                                   \
      "the most work lost at one interruption")                                                   \
    X(rto_max_h,    HOURS, 0, 0,                                                                   \
      "the longest interruption")                                                                 \
    X(async_lost,   COUNT, 0, METRIC_TERM_JOB | METRIC_OPTIONAL | METRIC_NEEDS_TIERS,                                   \
      "asynchronous checkpoints lost before they committed")                                      \
    X(async_committed, COUNT, 0, METRIC_OPTIONAL | METRIC_NEEDS_TIERS,                                                  \
      "asynchronous writes that committed")                                                       \
    X(storage_wait_h, HOURS, 0, METRIC_TERM_JOB | METRIC_OPTIONAL | METRIC_NEEDS_TIERS,                                 \
      "time restores waited for a tier that was down")                                            \
    X(domain_failures, COUNT, 0, METRIC_TERM_JOB | METRIC_TERM_HW | METRIC_NEEDS_DOMAINS,          \
      "failures of failure domains (racks, switches): not in failures")                          \
    X(domain_down_h, HOURS, 0, METRIC_TERM_JOB | METRIC_TERM_HW | METRIC_NEEDS_DOMAINS,            \
      "time with some failure domain down")                                                       \
    X(domain_down_share, RATIO, 0, METRIC_TERM_JOB | METRIC_TERM_HW | METRIC_NEEDS_DOMAINS,        \
      "domain_down_h / down_h: the share of the down time a domain was down")                    \
    X(max_slots_down, COUNT, 0, METRIC_TERM_JOB | METRIC_TERM_HW | METRIC_NEEDS_DOMAINS,           \
      "the most slots down at once")                                                              \
    X(maintenances, COUNT, 0, METRIC_TERM_JOB | METRIC_TERM_HW | METRIC_REPORT |                  \
                              METRIC_NEEDS_MAINT,                                                  \
      "planned maintenances started: not in failures")                                            \
    X(maintenances_skipped, COUNT, 0, METRIC_TERM_JOB | METRIC_TERM_HW | METRIC_OPTIONAL |         \
                                      METRIC_NEEDS_MAINT,                                          \
      "maintenance turns not taken: the slot was not up, or the last one still ran")              \
    X(maintenance_h, HOURS, 0, METRIC_TERM_JOB | METRIC_TERM_HW | METRIC_REPORT |                 \
                               METRIC_NEEDS_MAINT,                                                 \
      "time with some slot down for planned maintenance")                                         \
    X(manual_repairs, COUNT, 0, METRIC_TERM_JOB | METRIC_TERM_HW | METRIC_REPORT |                 \
                                METRIC_NEEDS_REPAIRS,                                              \
      "manual repairs, after an automatic repair that failed")                                    \
    X(failed_repairs, COUNT, 0, METRIC_TERM_JOB | METRIC_TERM_HW | METRIC_REPORT |                 \
                                METRIC_NEEDS_REPAIRS,                                              \
      "repairs done that did not fix the node: it fails again soon")                              \
    X(lemon_failures, COUNT, 0, METRIC_TERM_JOB | METRIC_TERM_HW | METRIC_REPORT |                 \
                                METRIC_NEEDS_FLEET,                                                \
      "failures of lemons in slots (in failures too)")                                            \
    X(retired,      COUNT, 0, METRIC_TERM_JOB | METRIC_TERM_HW | METRIC_REPORT |                   \
                              METRIC_NEEDS_FLEET,                                                  \
      "nodes retired after too many failures")                                                    \
    X(replacements, COUNT, 0, METRIC_TERM_JOB | METRIC_TERM_HW | METRIC_REPORT |                   \
                              METRIC_NEEDS_FLEET,                                                  \
      "new nodes that joined in place of retired ones")                                           \
    X(site_failures, COUNT, 0, METRIC_TERM_JOB | METRIC_TERM_HW | METRIC_NEEDS_SITE,              \
      "site disasters")                                                                           \
    X(site_recovered, COUNT, 0, METRIC_NEEDS_SITE,                                                 \
      "disasters the job had recovered from (computing again) by the end")                       \
    X(site_rpo_total_h, HOURS, 0, METRIC_NEEDS_SITE | METRIC_HIDDEN,                               \
      "work lost to the disasters, summed")                                                       \
    X(site_rto_total_h, HOURS, 0, METRIC_NEEDS_SITE | METRIC_HIDDEN,                               \
      "disaster to computing again at the second site, summed")                                   \
    X(site_rpo_h,   HOURS, 0, METRIC_TERM_JOB | METRIC_NEEDS_SITE,                                 \
      "work lost per disaster")                                                                   \
    X(site_rto_h,   HOURS, 0, METRIC_TERM_JOB | METRIC_NEEDS_SITE,                                 \
      "disaster to computing again, per disaster")                                                \
    X(site_copy_age_total_h, HOURS, 0, METRIC_NEEDS_SITE | METRIC_HIDDEN,                          \
      "age at each disaster of the newest remote copy (since its copy began), summed")           \
    X(site_copy_age_h, HOURS, 0, METRIC_TERM_JOB | METRIC_NEEDS_SITE,                              \
      "age of the newest remote copy, per disaster")                                            \
    X(remote_copies, COUNT, 0, METRIC_TERM_JOB | METRIC_NEEDS_SITE,                                \
      "copies of a checkpoint that landed at the remote site")                                    \
    X(service_availability, RATIO, 0, METRIC_TERM_HW | METRIC_REPORT | METRIC_HIGHER |             \
                                      METRIC_NEEDS_SERVICE,                                        \
      "fraction of the horizon with at least min_replicas replicas up")                            \
    X(downtime_min_per_year, RATIO, 0, METRIC_TERM_HW | METRIC_NEEDS_SERVICE,                      \
      "minutes a year the service is down: (1 - service_availability) x 525,960")                  \
    X(outages,      COUNT, 0, METRIC_TERM_HW | METRIC_REPORT | METRIC_NEEDS_SERVICE,               \
      "outages: intervals with fewer than min_replicas replicas up")                               \
    X(outage_total_min, RATIO, 0, METRIC_NEEDS_SERVICE | METRIC_HIDDEN,                            \
      "the outages' lengths in minutes, summed")                                                   \
    X(mean_outage_min, RATIO, 0, METRIC_TERM_HW | METRIC_REPORT | METRIC_NEEDS_SERVICE,            \
      "length of an outage in minutes")                                                            \
    X(p95_outage_min, RATIO, 0, METRIC_TERM_HW | METRIC_NEEDS_SERVICE,                             \
      "95th percentile of the trial's own outage lengths in minutes (0 without an outage)")        \
    X(first_outage_total_h, HOURS, 0, METRIC_NEEDS_SERVICE | METRIC_HIDDEN,                        \
      "time to the first outage, in the trials that had one (else 0)")                             \
    X(trials_with_an_outage, COUNT, 0, METRIC_NEEDS_SERVICE,                                       \
      "the trial had an outage (1) or not (0)")                                                    \
    X(mttff_h,      HOURS, 0, METRIC_TERM_HW | METRIC_REPORT | METRIC_NEEDS_SERVICE,               \
      "time to the first outage, where one came before the horizon")                               \
    X(request_availability, RATIO, 0, METRIC_TERM_HW | METRIC_REPORT | METRIC_HIGHER |             \
                                      METRIC_NEEDS_SERVICE,                                        \
      "share of requests answered, spread over the replicas believed healthy")                     \
    X(cost,         RATIO, 0, METRIC_TERM_JOB | METRIC_TERM_HW | METRIC_REPORT |                  \
                              METRIC_NEEDS_COST,                                                   \
      "what the trial cost, in [cost] currency: the six cost_ parts below added up")              \
    X(cost_per_hour, RATIO, 0, METRIC_TERM_JOB | METRIC_TERM_HW | METRIC_REPORT |                  \
                               METRIC_NEEDS_COST,                                                  \
      "cost / makespan_h")                                                                        \
    X(useful_node_h, HOURS, 0, METRIC_TERM_JOB | METRIC_TERM_HW | METRIC_REPORT | METRIC_HIGHER |  \
                               METRIC_NEEDS_COST,                                                  \
      "useful_h x nodes; a service: its up time x nodes; the cluster alone: every slot up")       \
    X(cost_per_useful_node_h, RATIO, 0, METRIC_TERM_JOB | METRIC_TERM_HW | METRIC_REPORT |         \
                                        METRIC_NEEDS_COST,                                         \
      "cost / useful_node_h (0 in a trial without a useful node-hour)")                           \
    X(cost_nodes,   RATIO, 0, METRIC_REPORT | METRIC_NEEDS_COST,                                   \
      "node_hour x nodes (the slots) x makespan_h")                                               \
    X(cost_spares,  RATIO, 0, METRIC_REPORT | METRIC_NEEDS_COST,                                   \
      "node_hour x spares x makespan_h")                                                          \
    X(cost_crews,   RATIO, 0, METRIC_REPORT | METRIC_NEEDS_COST,                                   \
      "crew_hour x repair_crews x makespan_h")                                                    \
    X(cost_repairs, RATIO, 0, METRIC_REPORT | METRIC_NEEDS_COST,                                   \
      "repair x the repairs started")                                                             \
    X(cost_downtime, RATIO, 0, METRIC_REPORT | METRIC_NEEDS_COST,                                  \
      "downtime_hour x the hours the job (down_h) or the service was down")                       \
    X(cost_storage, RATIO, 0, METRIC_REPORT | METRIC_NEEDS_COST,                                   \
      "storage_tb_month x the checkpoint TB stored x makespan_h / 730.5")                         \
    METRIC_TIER_ROWS(X, restores_, , COUNT, METRIC_TERM_JOB,                                       \
                     "restores from the tier")                                                    \
    METRIC_TIER_ROWS(X, skipped_, , COUNT, METRIC_TERM_JOB | METRIC_OPTIONAL,                      \
                     "writes skipped: the tier was down")                                         \
    METRIC_TIER_ROWS(X, checkpoint_, _h, HOURS, 0,                                                 \
                     "time spent writing checkpoints to the tier")                                \
    METRIC_TIER_ROWS(X, restart_, _h, HOURS, 0,                                                    \
                     "time spent restoring from the tier")                                        \
    X(trace_failures, COUNT, 0, METRIC_TERM_JOB | METRIC_TERM_HW | METRIC_REPORT |                 \
                                METRIC_NEEDS_TRACE,                                                \
      "failures replayed from traces that failed a node (in failures)")                          \
    X(trace_skipped, COUNT, 0, METRIC_TERM_JOB | METRIC_TERM_HW | METRIC_REPORT |                  \
                               METRIC_NEEDS_TRACE,                                                 \
      "failures of traces skipped: their slot was not up then")                                  \
    X(events,       COUNT, 0, 0,                                                                   \
      "events the engine ran")

/* The metrics of storage tiers ([tier.NAME]): one row per tier slot k = 0 .. METRIC_MAX_TIERS-1,
 * named PREFIXtierkSUFFIX in the table (restores_tier0, checkpoint_tier0_h) and written as
 * PREFIX NAME SUFFIX (restores_local, checkpoint_local_h) for the scenario's k-th tier; the rows
 * of slots beyond the scenario's tiers are left out of every output (metric_column). */
#define METRIC_MAX_TIERS 6
#define METRIC_TIER_ROWS(X, pre, suf, kind, flags, label)                                          \
    X(pre##tier0##suf, kind, 0, (flags) | METRIC_TIER, label)                                      \
    X(pre##tier1##suf, kind, 0, (flags) | METRIC_TIER, label)                                      \
    X(pre##tier2##suf, kind, 0, (flags) | METRIC_TIER, label)                                      \
    X(pre##tier3##suf, kind, 0, (flags) | METRIC_TIER, label)                                      \
    X(pre##tier4##suf, kind, 0, (flags) | METRIC_TIER, label)                                      \
    X(pre##tier5##suf, kind, 0, (flags) | METRIC_TIER, label)
/* clang-format on */

typedef enum { METRIC_KIND_COUNT, METRIC_KIND_RATIO, METRIC_KIND_HOURS } metric_kind;

/* Metrics that are, in every trial, the ratio of two others: X(ratio, numerator, denominator).
 * Over many trials a planner means the ratio of the totals (all the useful time over all the
 * time): summary.csv's row of the metric is that ratio of means, with its delta-method CI
 * (analysis/stat.h), and a row NAME_per_trial_mean beside it holds the mean of the per-trial
 * ratios (trials.csv's column), which weighs a short trial as much as a long one. */
#define METRIC_RATIOS(X)                                                                           \
    X(goodput, useful_h, makespan_h)                                                               \
    X(rpo_h, rpo_total_h, interruptions)                                                           \
    X(rto_h, rto_total_h, interruptions)                                                           \
    X(domain_down_share, domain_down_h, down_h)                                                    \
    X(site_rpo_h, site_rpo_total_h, site_recovered)                                                \
    X(site_rto_h, site_rto_total_h, site_recovered)                                                \
    X(site_copy_age_h, site_copy_age_total_h, site_failures)                                       \
    X(mean_outage_min, outage_total_min, outages)                                                  \
    X(mttff_h, first_outage_total_h, trials_with_an_outage)                                        \
    X(cost_per_hour, cost, makespan_h)                                                             \
    X(cost_per_useful_node_h, cost, useful_node_h)

/* The per-trial mean's row name: "goodput_per_trial_mean". */
#define METRIC_PER_TRIAL_SUFFIX "_per_trial_mean"

/* METRIC_<name>: the index of a metric in the table; METRIC_N: how many there are. */
enum {
#define METRIC_INDEX_(name, ...) METRIC_##name,
    METRIC_TABLE(METRIC_INDEX_)
#undef METRIC_INDEX_
        METRIC_N
};

/* How many metrics carry METRIC_SWEEP (a constant expression). */
#define METRIC_SWEEP_COUNT_(name, kind, headline, flags, ...) +(((flags)&METRIC_SWEEP) != 0)
enum { METRIC_N_SWEEP = 0 METRIC_TABLE(METRIC_SWEEP_COUNT_) };
#undef METRIC_SWEEP_COUNT_

#define METRIC_CTYPE_COUNT uint64_t
#define METRIC_CTYPE_RATIO double
#define METRIC_CTYPE_HOURS double

/* One trial's measurements: one row of trials.csv. */
typedef struct {
    uint64_t trial;
#define METRIC_FIELD_(name, kind, ...) METRIC_CTYPE_##kind name;
    METRIC_TABLE(METRIC_FIELD_)
#undef METRIC_FIELD_
} metric_row;

typedef struct {
    const char *name;
    metric_kind kind;
    int headline;
    unsigned flags;
    const char *label;
} metric_info;

extern const metric_info metric_table[METRIC_N];

/* The value of metric i of a row (counts as doubles); NAN for an index out of range. */
double metric_value(const metric_row *r, int i);

/* 1 if metric i is a ratio of METRIC_RATIOS, with its numerator and denominator. */
int metric_ratio(int i, int *num, int *den);

/* The index of a metric by name, or -1. */
int metric_index(const char *name);

/* 1 if metric i is written as an integer. */
int metric_is_count(int i);

/* Fills out (room for METRIC_N) with the indices of the metrics that carry every flag of
 * `flags` (0: all), headline ones first in headline order, then the others in table order.
 * Returns how many. */
int metric_select(unsigned flags, int *out);

/* The tier slot of metric i (0 .. METRIC_MAX_TIERS-1), or -1 for a metric of no tier. */
int metric_tier(int i);

/* The column name of metric i for a scenario of scope sc: the table's name, or for a tier row its
 * name with "tierK" replaced by the K-th tier's name (sc->tier_names[K]). NULL
 * when the row is that of a tier slot the scenario does not have, or the figure of a rule it does
 * not use (METRIC_NEEDS_*): left out of its outputs.
 * buf holds at least METRIC_NAME_MAX bytes. */
#define METRIC_NAME_MAX 96
/* What a scenario has, for metric_column: its tiers' names, and which rules it uses (the
 * METRIC_NEEDS_* flags). */
typedef struct {
    const char *const *tier_names;
    int ntier;
    unsigned has; /* METRIC_NEEDS_* of the rules present (METRIC_NEEDS_TIERS with ntier > 0) */
} metric_scope;
const char *metric_column(int i, const metric_scope *sc, char *buf);

/* Writes the names of the metrics metric_select(flags) gives as "a, b, c or d" into buf. */
void metric_list_names(unsigned flags, char *buf, unsigned long len);

#endif
