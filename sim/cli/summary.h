/*
 * summary: the tables a user reads on the terminal: after a run (the metrics of the metric
 * table's terminal selection, with their CIs and percentiles, then the closed forms beside the
 * simulated means with stat_agree's verdict), after a sweep (each point against the best), and
 * the closed forms of `relsim analytic`.
 */
#ifndef RELSIM_SIM_CLI_SUMMARY_H
#define RELSIM_SIM_CLI_SUMMARY_H

#include <stdio.h>

#include "sim/scenario/scn.h"
#include "sim/study/analytic.h"
#include "sim/study/run.h"
#include "sim/study/sweep.h"

/* After `relsim run`. */
void summary_run(const scn *s, const run_opts *o, const run_result *r, FILE *f);

/* After `relsim sweep`: dir is where it was written, fit the closed form drawn ("" for none). */
void summary_sweep(const sweep *w, const char *dir, const char *fit, FILE *f);

/* `relsim analytic`: every closed form, its formula, reference and note. */
void summary_analytic(const scn *s, const analytic_list *l, FILE *f);

#endif
