/*
 * analytic_int: what the files of the analytic module share (sim/study/analytic.c: the facts
 * about a scenario, building entries, the public API; analytic_job.c: the job's closed forms;
 * analytic_cluster.c: the system MTBF, the intervals and availability; analytic_domains.c: failure
 * domains and sites). Not for other modules.
 */
#ifndef RELSIM_SIM_STUDY_ANALYTIC_INT_H
#define RELSIM_SIM_STUDY_ANALYTIC_INT_H

#include "sim/study/analytic.h"
#include "analysis/csvout.h"
#include "analysis/outdir.h"
#include "models/cf.h"
#include "models/unit.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A probability of running out of spares in a trial below this cannot move a mean by anything a
 * simulation could see: the Daly entries then stay exact. */
#define ANALYTIC_STOCKOUT_NEGLIGIBLE 1e-6
/* The renewal-reward correction for a horizon T is of order 1/T; its remainder falls off much
 * faster once T is this many times the time a node takes to forget its start (relax_time):
 * exact beyond, approximate down to the second figure, and no closed form below it. */
#define ANALYTIC_MIN_CYCLES 20.0
#define ANALYTIC_MIN_CYCLES_APPROX 3.0
/* Work allowed for the uniformization of the repairman chain (steps times states). */
#define ANALYTIC_UNIF_BUDGET 1e9
/* At most this many geometric kinds are listed (two entries each). */
#define ANALYTIC_MAX_STEP_KINDS 4

#define REF_SERIES "Barlow & Proschan, Mathematical Theory of Reliability (1965): series system"
#define REF_YOUNG "Young 1974, CACM 17(9):530-531"
#define REF_DALY "Daly 2006, FGCS 22(3):303-312"
#define REF_DALY_SEG "Daly 2006, FGCS 22(3):303-312, segment cost with downtime (models/cf.h)"
#define REF_REPAIRMAN "Barlow & Proschan 1965, ch. 5 (repairman); Grassmann 1977 (uniformization)"
#define REF_RENEWAL "Ross, Introduction to Probability Models, ch. 7 (renewal-reward)"
#define REF_KOFN "Barlow & Proschan 1965 (k-out-of-n); Ross, ch. 7 (renewal-reward)"
#define REF_STEP "geometric (per-step) law, docs/model.md"
#define REF_COARSE "back-of-envelope model (no published source)"
#define REF_CAPACITY "offered load of an M/G/r queue (Erlang; Kleinrock, Queueing Systems I, 1975)"
#define REF_SLOTS                                                                                  \
    "Daly 2006 segment cost; busy period of independent slots by renewal-reward (Ross, "           \
    "Stochastic Processes, 1996, ch. 3; models/cf.h)"
#define REF_SDC "relsim's SDC model, docs/model.md: P(U + X < K T) (models/cf.h)"
#define REF_COMPUTING "relsim's job model with failures only while computing (models/cf.h)"
#define REF_COUNT "relsim's job model, docs/model.md (no checkpoint after the last segment)"

#if defined(__GNUC__)
#define ANALYTIC_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define ANALYTIC_PRINTF(a, b)
#endif

/* The facts about a scenario that the decisions of analytic_job.c and analytic_cluster.c use. */

typedef struct {
    const scn *s;
    double N, S;             /* slots, spares */
    double M;                /* system MTBF */
    double lam;              /* failure rate of one node: sum of count / mean ttf */
    int nonexp;              /* first kind whose life is not exponential, or -1 */
    double ttr_mean, ttr_m2; /* repair of a failed node: mixture over kinds, failure-weighted */
    int ttr_other;           /* first kind whose ttr is not exponential of one mean, or -1 */
    double det_mean, det_var, fo_mean, fo_var;
    int fo_zero;               /* failover fixed at 0 */
    double W, tau, d, R;       /* work, interval, mean checkpoint and restart costs */
    double d_eff;              /* the mean stall per checkpoint: d, or weighed over the fulls
                                  and incrementals of a chain, or over the tiers */
    int ckpt_fixed, rst_fixed; /* costs of fixed law */
    double nck, tff;           /* checkpoints written; time the job takes without a failure */
    double T;                  /* time over which the no-failure probability is asked */
    double trial_h;  /* what availability is averaged over: the horizon, E[makespan], or NAN */
    int trial_fixed; /* every trial lasts trial_h: no job, or a job the horizon always stops */
    char kinds[SCN_MAX_COMPONENTS][SCN_MAX_NAME + 48]; /* "name: law" for notes */
} analytic_facts;

/* Weibull and gamma of shape 1 are the exponential law; lattice laws; E[X^2] (analytic.c). */
int analytic_is_exp(const dist *d);
int analytic_is_lattice(const dist *d);
double analytic_second_moment(const dist *d);

/* Reasons accumulate as "a; b; c". */
typedef struct {
    char text[ANALYTIC_NOTE_MAX - 64];
    int n;
} analytic_reasons;

/* Building entries (analytic.c): "%.4g h"; the next free entry (NULL once the list is full);
 * its formula and note; reasons accumulated as "a; b; c". */
char *analytic_hours(double h, char *buf, size_t n);
analytic_entry *analytic_add(analytic_list *l, const char *quantity, double value, analytic_fit fit,
                             const char *metric, const char *reference);
void analytic_formula(analytic_entry *e, const char *fmt, ...) ANALYTIC_PRINTF(2, 3);
void analytic_note(analytic_entry *e, const char *fmt, ...) ANALYTIC_PRINTF(2, 3);
void analytic_reason(analytic_reasons *r, const char *fmt, ...) ANALYTIC_PRINTF(2, 3);

/* The entries, in the order analytic_compute lists them. */
void analytic_add_mtbf(const analytic_facts *f, analytic_list *l);        /* analytic_cluster.c */
void analytic_add_intervals(const analytic_facts *f, analytic_list *l);   /* analytic_cluster.c */
void analytic_add_checkpoints(const analytic_facts *f, analytic_list *l); /* analytic_job.c */
double analytic_add_daly(const analytic_facts *f,
                         analytic_list *l); /* analytic_job.c: E[makespan] */
double analytic_add_computing(const analytic_facts *f,
                              analytic_list *l); /* analytic_job.c: every kind ages = computing */
void analytic_add_availability(const analytic_facts *f, analytic_list *l); /* analytic_cluster.c */
void analytic_add_no_failure(const analytic_facts *f, analytic_list *l);   /* analytic_job.c */
void analytic_add_per_step(const analytic_facts *f, analytic_list *l);     /* analytic_job.c */
void analytic_add_coarse(const analytic_facts *f, analytic_list *l);       /* analytic_job.c */
void analytic_add_sdc(const analytic_facts *f, analytic_list *l);          /* analytic_job.c */
void analytic_add_capacity(const analytic_facts *f, analytic_list *l);     /* analytic.c */
/* analytic_domains.c: with [domain.NAME] or [site], the domain chain's availability, the
 * probability of no interruption and the remote copy's age; added after analytic_compute's
 * passes, each with its own fit */
void analytic_add_domains(const analytic_facts *f, analytic_list *l);
void analytic_add_service(const analytic_facts *f, analytic_list *l); /* analytic_service.c */
/* analytic_maint.c: with [maintenance], the maintenances started and maintenance_h */
void analytic_add_maint(const analytic_facts *f, analytic_list *l);

/* The facts of a scenario (analytic.c). */
void analytic_gather(const scn *s, analytic_facts *f);
/* analytic_tiers.c: the tiers' mean stall and restore in f, and the multi-level or asynchronous
 * makespan (returned; NAN where it does not apply) */
void analytic_gather_tiers(const scn *s, analytic_facts *f);
double analytic_add_tiers(const analytic_facts *f, analytic_list *l);

#endif
