/*
 * analytic: the closed forms that apply to a scenario, computed independently of the simulator.
 *
 * For a loaded scenario, analytic_compute lists every closed form of models/cf.h that applies, with
 * its value, the formula, the reference, and how it applies: exactly (the simulator's model and
 * the formula's assumptions coincide, so a simulation must agree within a few standard errors of
 * its mean: tests/test_analytic.c checks every exact entry so), approximately (assumptions nearly
 * hold: the difference is expected and small), or not at all (the entry then says why, so that a
 * user is told rather than shown a wrong number). sim/analytic.c says, for each closed form,
 * which rules of docs/model.md make it exact.
 *
 * `relsim analytic` prints and writes the list (analytic.csv); `relsim run` prints the entries
 * that estimate a simulated metric beside it, with the relative difference; `relsim sweep` draws
 * them beside the simulated curve.
 */
#ifndef RELSIM_SIM_STUDY_ANALYTIC_H
#define RELSIM_SIM_STUDY_ANALYTIC_H

#include "sim/scenario/scn.h"

typedef enum {
    ANALYTIC_EXACT,       /* the simulation must agree within its CI */
    ANALYTIC_APPROXIMATE, /* assumptions nearly hold; see note */
    ANALYTIC_COARSE,      /* a back-of-envelope model, flagged as such */
    ANALYTIC_NONE,        /* does not apply; note says why; value is NAN */
} analytic_fit;

#define ANALYTIC_MAX 32
/* Room for the longest formula and note analytic_compute writes: every part of a note is bounded
 * (component names by SCN_MAX_NAME, laws by their format, at most six reasons), and
 * tests/test_analytic.c (`notes_are_whole`) checks that no note or formula of the gallery, nor
 * of a scenario with the longest names, fills its buffer. */
#define ANALYTIC_FORMULA_MAX 512
#define ANALYTIC_NOTE_MAX 2048

typedef struct {
    const char *quantity; /* snake_case id, e.g. "system_mtbf_h", "daly_makespan_h" */
    double value;         /* hours for *_h quantities; NAN when fit == ANALYTIC_NONE */
    analytic_fit fit;
    const char *metric;    /* the trials.csv metric it estimates (mean), or NULL; an ANALYTIC_NONE
                              entry names the metric it would have estimated */
    char formula[ANALYTIC_FORMULA_MAX];     /* with the numbers substituted where short */
    const char *reference; /* e.g. "Daly 2006, FGCS 22(3)" */
    char note[ANALYTIC_NOTE_MAX]; /* why it applies exactly, why only approximately, or why not */
} analytic_entry;

typedef struct {
    int n;
    analytic_entry e[ANALYTIC_MAX];
} analytic_list;

/* Fills out with every closed form for s (a loaded, valid scenario). */
void analytic_compute(const scn *s, analytic_list *out);

/* The entry that estimates `metric`: the most exact one (exact, then approximate, coarse, and an
 * ANALYTIC_NONE entry saying why nothing applies), the first of equals; NULL if none names it. */
const analytic_entry *analytic_for_metric(const analytic_list *l, const char *metric);

/* Writes dir/analytic.csv (quantity, value, fit, metric, formula, reference, note), whole or not
 * at all, into an existing directory (a result set's stage: `relsim analytic` publishes it as a
 * set of its own, `relsim run` for a batch as part of the run's). Returns 0, or -1 with a
 * message. */
int analytic_write_csv(const analytic_list *l, const char *dir, char *err, size_t n);

/* Repair capacity against the failure rate, for a warning before simulating (`relsim check` and
 * `relsim analytic` print it; `relsim run` and `relsim sweep` may call the same two functions).
 *
 * Nodes enter repair at fail_per_day = N / node MTTF while every slot holds an ageing node (for
 * lives that are not exponential, the long-run rate). That is the rate, cold spares or hot, at
 * the point where the spares are gone and slots begin to stand empty (hot spares in the pool add
 * to it before, but fewer of them are left as the queue grows), so it decides which way the
 * repair queue drifts there. The crews repair at most repair_per_day = crews / E[repair], E[repair]
 * the failure-weighted mean ttr (unlimited crews: one per node, N + S). utilisation =
 * fail_per_day / repair_per_day is the crews' offered load (Erlang's, of the M/G/r queue of
 * repairs): at 1 or above the repair queue grows until slots stand empty, so the job stalls
 * (without a horizon a run dies at the
 * safety limit). crews_needed is the fewest crews for a load below 1. */
typedef struct {
    double fail_per_day;   /* nodes entering repair a day with every slot up (N / node MTTF) */
    double repair_per_day; /* nodes the crews can repair a day; INFINITY if repairs take no time */
    double repair_mean_h;  /* failure-weighted mean repair time */
    double utilisation;    /* fail_per_day / repair_per_day */
    unsigned crews;        /* the scenario's crews; unlimited counts as N + S */
    int unlimited;         /* repair_crews = unlimited */
    double crews_needed;   /* the fewest crews with utilisation < 1 (a double: it may exceed
                              any unsigned for absurd inputs) */
} analytic_load;

/* Fills out for s (a loaded, valid scenario). */
void analytic_capacity(const scn *s, analytic_load *out);

/* When utilisation >= 1, writes the warning every command prints into buf ("8 repair crews
 * repair about 5.63 nodes a day; the cluster breaks 7.76 a day: at least 12 crews are needed, or
 * the job cannot finish") and returns 1; otherwise writes "" and returns 0. */
int analytic_capacity_warning(const scn *s, const analytic_load *c, char *buf, size_t n);

/* Expected failures of the slots' units over [0, t] from all-new, if every failed unit were
 * renewed at once and the slots never stood empty: N sum over kinds of count m_k(t), m_k the
 * renewal function of the kind's life (t / mean for exponential lives, the exact count for
 * fixed and per-step lives, cf_renewal_function otherwise). It counts the fleet's youth (a
 * Weibull of shape below 1 fails more often when new than 1/M says); it ignores down time (no
 * unit of an empty slot fails). NAN if the numerical solution fails. */
double analytic_failures_from_new(const scn *s, double t);

/* "exact", "approximate", "coarse", "n/a". */
const char *analytic_fit_name(analytic_fit fit);

#endif
