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

typedef struct {
    const char *quantity; /* snake_case id, e.g. "system_mtbf_h", "daly_makespan_h" */
    double value;         /* hours for *_h quantities; NAN when fit == ANALYTIC_NONE */
    analytic_fit fit;
    const char *metric;    /* the trials.csv metric it estimates (mean), or NULL; an ANALYTIC_NONE
                              entry names the metric it would have estimated */
    char formula[256];     /* with the numbers substituted where short */
    const char *reference; /* e.g. "Daly 2006, FGCS 22(3)" */
    char note[400];        /* why it applies exactly, why only approximately, or why not */
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

/* "exact", "approximate", "coarse", "n/a". */
const char *analytic_fit_name(analytic_fit fit);

#endif
