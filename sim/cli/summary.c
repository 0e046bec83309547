/*
 * summary: the tables a user reads on the terminal after a command (see summary.h).
 */
#include "sim/cli/summary.h"
#include "models/metric.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The closed forms that estimate a simulated metric (sim/analytic.h), beside it. */
static void closed_forms(const scn *s, const run_result *r, FILE *f)
{
    analytic_list *l = malloc(sizeof *l);
    if (!l) return;
    analytic_compute(s, l);
    int shown = 0;
    for (int i = 0; i < l->n; i++) {
        const analytic_entry *e = &l->e[i];
        int k = e->metric ? metric_index(e->metric) : -1;
        if (k < 0 || e->fit == ANALYTIC_NONE) continue;
        const stat_summary *m = &r->m[k];
        char ci[64], diff[32], check[80];
        if (!shown++)
            fprintf(f, "\n%-14s %12s  %27s %12s %9s  %-32s %s\n", "closed forms", "simulated",
                    "95% CI of the mean", "theory", "sim/th-1", "fit", "quantity");
        if (isnan(m->ci_low))
            snprintf(ci, sizeof ci, "%s", "-");
        else
            snprintf(ci, sizeof ci, "[%.6g, %.6g]", m->ci_low, m->ci_high);
        if (e->value != 0)
            snprintf(diff, sizeof diff, "%+.3f%%", 100 * (m->mean - e->value) / fabs(e->value));
        else
            snprintf(diff, sizeof diff, "-");
        if (e->fit == ANALYTIC_EXACT) {
            stat_verdict v = stat_agree(m->mean, m->sd, (double)m->n, e->value);
            char words[64];
            stat_verdict_text(&v, words, sizeof words);
            snprintf(check, sizeof check, "exact: %s", words);
        } else
            snprintf(check, sizeof check, "%s", analytic_fit_name(e->fit));
        fprintf(f, "%-14s %12.6g  %27s %12.6g %9s  %-32s %s\n", e->metric, m->mean, ci, e->value,
                diff, check, e->quantity);
    }
    if (shown)
        fprintf(f, "(relsim analytic %s: every formula, and why each fits as it does)\n", s->path);
    else
        for (int i = 0; i < l->n; i++)
            if (l->e[i].metric && l->e[i].fit == ANALYTIC_NONE) {
                fprintf(f, "\nclosed forms: none applies to this scenario. %s: %s\n",
                        l->e[i].quantity, l->e[i].note);
                break;
            }
    free(l);
}

/* A line of the metric table; "-" for what a ratio of totals does not have. */
static void print_metric(FILE *f, int width, const char *name, const stat_summary *m)
{
    char ci[64], p[3][24];
    if (isnan(m->ci_low))
        snprintf(ci, sizeof ci, "%s", "-");
    else
        snprintf(ci, sizeof ci, "[%.6g, %.6g]", m->ci_low, m->ci_high);
    const double q[3] = {m->p05, m->p50, m->p95};
    for (int j = 0; j < 3; j++)
        snprintf(p[j], sizeof p[j], isnan(q[j]) ? "-" : "%.6g", q[j]);
    fprintf(f, "%-*s %12.6g  %27s %12s %12s %12s\n", width, name, m->mean, ci, p[0], p[1], p[2]);
}

/* A rule's figure the scenario does not use: 0 in every trial; full_checkpoints, without an
 * incremental, is the checkpoints again. */
static int optional_and_unused(const run_result *r, int k)
{
    if (!(metric_table[k].flags & METRIC_OPTIONAL)) return 0;
    if (k == METRIC_full_checkpoints) k = METRIC_incremental_checkpoints;
    const stat_summary *m = &r->per_trial[k];
    return m->n > 0 && m->min == 0 && m->max == 0;
}

/* How precise the run is on its metric (the precision target's, else the default one): the 95%
 * CI half-width, and for a fraction that should be near 1 (availability), relative to what it
 * misses (1 - mean: the unavailability), which is what a few nines are judged by. */
static void print_precision(const scn *s, const run_opts *o, const run_result *r, FILE *f)
{
    int k = o->precision > 0 ? o->metric : run_default_metric(s);
    const stat_summary *m = &r->m[k];
    if (isnan(m->ci_low)) return;
    double half = (m->ci_high - m->ci_low) / 2, miss = 1 - m->mean;
    char name[METRIC_NAME_MAX];
    const char *mn = run_metric_column(s, k, name);
    if (!mn) return;
    fprintf(f, "precision: %s %.6g +- %.3g (95%% CI)", mn, m->mean, half);
    if (metric_table[k].kind == METRIC_KIND_RATIO && (metric_table[k].flags & METRIC_HIGHER) &&
        miss > 0)
        fprintf(f, "; its shortfall 1 - %s = %.3g is known to +-%.2g%%", mn, miss,
                100 * half / miss);
    if (o->precision > 0)
        fprintf(f, "; target +-%.3g %s after %llu trials", o->precision,
                r->precision_reached ? "reached" : "NOT reached (the --max-trials budget ran out)",
                (unsigned long long)r->trials);
    fputc('\n', f);
}

void summary_run(const scn *s, const run_opts *o, const run_result *r, FILE *f)
{
    int shown[METRIC_N];
    int nshown = metric_select(s->has_job ? METRIC_TERM_JOB : METRIC_TERM_HW, shown);
    char h[48], crews[32];
    if (s->crews)
        snprintf(crews, sizeof crews, "%u", s->crews);
    else
        snprintf(crews, sizeof crews, "unlimited");
    fprintf(f, "relsim %s: scenario %s, %llu trial%s, seed %u, %d thread%s, %.2f s\n",
            RELSIM_VERSION, s->name, (unsigned long long)s->trials, s->trials == 1 ? "" : "s",
            s->seed, r->threads, r->threads == 1 ? "" : "s", r->wall_s);
    snprintf(h, sizeof h, "%.4g h", s->mtbf);
    fprintf(f, "cluster: %u node%s + %u %s spare%s, %s repair crew%s, system MTBF %s\n", s->nodes,
            s->nodes == 1 ? "" : "s", s->spares, s->hot ? "hot" : "cold",
            s->spares == 1 ? "" : "s", crews, s->crews == 1 ? "" : "s", h);
    /* the names' column: 22 wide, or as wide as the longest name shown */
    int width = 22;
    for (int i = 0; i < nshown; i++) {
        int k = shown[i], y, x;
        char col[METRIC_NAME_MAX];
        const char *cname = run_metric_column(s, k, col);
        if (!cname || optional_and_unused(r, k)) continue;
        int w = (int)strlen(cname) + (metric_ratio(k, &y, &x) ? (int)strlen(METRIC_PER_TRIAL_SUFFIX) : 0);
        if (w > width) width = w;
    }
    fprintf(f, "\n%-*s %12s  %27s %12s %12s %12s\n", width, "metric", "mean", "95% CI of the mean",
            "p05", "p50", "p95");
    for (int i = 0; i < nshown; i++) {
        int k = shown[i], y, x;
        char col[METRIC_NAME_MAX];
        const char *cname = run_metric_column(s, k, col);
        if (!cname || optional_and_unused(r, k)) continue;
        print_metric(f, width, cname, &r->m[k]);
        if (metric_ratio(k, &y, &x)) {
            char name[METRIC_NAME_MAX + 16];
            snprintf(name, sizeof name, "%s%s", metric_table[k].name, METRIC_PER_TRIAL_SUFFIX);
            print_metric(f, width, name, &r->per_trial[k]);
        }
    }
    if (s->has_job)
        fputs("(goodput: all the useful time over all the time; goodput_per_trial_mean: the mean "
              "of the trials' own ratios)\n",
              f);
    if (s->has_cost) { /* the money's unit, which the table's numbers do not carry */
        const stat_summary *u = &r->m[METRIC_cost_per_useful_node_h];
        fprintf(f,
                "(costs in %s: cost per useful node-hour %.4g %s [%.4g, %.4g], %.6g %s a "
                "trial)\n",
                s->currency, u->mean, s->currency, u->ci_low, u->ci_high, r->m[METRIC_cost].mean,
                s->currency);
    }
    print_precision(s, o, r, f);
    closed_forms(s, r, f);
    fprintf(f, "\nwritten: %s/{trials.csv, summary.csv, run.txt%s}\n", o->outdir,
            o->plot && !r->plot_skipped ? ", summary.png" : "");
}

void summary_sweep(const sweep *w, const char *dir, const char *fit, FILE *f)
{
    const char *mn = sweep_metric_name(w->metric);
    fprintf(f, "relsim %s: sweep of %s, %d points x %llu paired trials, %.2f s\n", RELSIM_VERSION,
            w->points[0].name, w->npoints, (unsigned long long)w->trials, w->wall_s);
    if (w->precision > 0)
        fprintf(f, "precision target %g on %s: %s\n", w->precision, mn,
                w->precision_reached ? "reached"
                                     : "NOT reached: the trial budget ran out (--max-trials)");
    fputc('\n', f);
    int width[SWEEP_MAX_KEYS];
    for (int k = 0; k < w->nkeys; k++) {
        width[k] = (int)strlen(w->keys[k].column) + 2;
        for (int v = 0; v < w->keys[k].nvalues; v++)
            if ((int)strlen(w->keys[k].value[v]) + 2 > width[k])
                width[k] = (int)strlen(w->keys[k].value[v]) + 2;
        fprintf(f, "%-*s", width[k], w->keys[k].column);
    }
    fprintf(f, "%12s  %25s  %s\n", mn, "95% CI", "paired difference to best [95% CI]");
    for (int p = 0; p < w->npoints; p++) {
        for (int k = 0; k < w->nkeys; k++)
            fprintf(f, "%-*s", width[k], w->keys[k].value[w->index[p * w->nkeys + k]]);
        if (w->status[p] != SWEEP_POINT_OK) {
            fprintf(f, "%12s  %25s  %s\n", "-", "-", "could not finish (safety limit, below)");
            continue;
        }
        const stat_summary *s = &w->summary[(size_t)p * SWEEP_NMETRICS + w->metric];
        const stat_summary *d = &w->diff[(size_t)p * SWEEP_NMETRICS + w->metric];
        char ci[64], diff[64];
        snprintf(ci, sizeof ci, "[%.6g, %.6g]", s->ci_low, s->ci_high);
        if (p == w->best)
            snprintf(diff, sizeof diff, "best");
        else
            snprintf(diff, sizeof diff, "%+.4g [%+.4g, %+.4g]%s", d->mean, d->ci_low, d->ci_high,
                     d->ci_low <= 0 && d->ci_high >= 0 ? " =" : "");
        fprintf(f, "%12.6g  %25s  %s\n", s->mean, ci, diff);
    }
    if (w->nfinished < w->npoints) {
        fprintf(f, "\n%d of the %d points could not finish; the best is the best of the others:\n",
                w->npoints - w->nfinished, w->npoints);
        for (int p = 0; p < w->npoints; p++) {
            if (w->status[p] == SWEEP_POINT_OK) continue;
            fputs("  ", f);
            for (int k = 0; k < w->nkeys; k++)
                fprintf(f, "%s%s = %s", k ? ", " : "", w->keys[k].column,
                        w->keys[k].value[w->index[p * w->nkeys + k]]);
            fprintf(f, ": %s\n", w->why[p] ? w->why[p] : "");
        }
    }
    fprintf(f, "\n'=': not distinguishable from the best (the paired 95%% CI holds 0)\n");
    fprintf(f, "closed form: %s\n", fit[0] ? fit : "none applies to these scenarios");
    fprintf(f, "written: %s/{sweep.csv, run.txt, sweep.png}\n", dir);
}

/* Prints text after `lead`, wrapped at `width` columns with continuation lines indented. */
static void wrapped(FILE *f, const char *lead, const char *text, int width)
{
    int indent = 4, col = fprintf(f, "%*s%s", indent, "", lead);
    const char *p = text;
    while (*p) {
        while (*p == ' ')
            p++;
        size_t w = strcspn(p, " ");
        if (w == 0) break;
        if (col + 1 + (int)w > width && col > indent + (int)strlen(lead)) {
            fprintf(f, "\n%*s", indent + 2, "");
            col = indent + 2;
        } else if (col > indent + (int)strlen(lead)) {
            fputc(' ', f);
            col++;
        }
        fwrite(p, 1, w, f);
        col += (int)w;
        p += w;
    }
    fputc('\n', f);
}

void summary_analytic(const scn *s, const analytic_list *l, FILE *f)
{
    char crews[32];
    if (s->crews)
        snprintf(crews, sizeof crews, "%u", s->crews);
    else
        snprintf(crews, sizeof crews, "unlimited");
    fprintf(f, "relsim %s: closed forms for scenario %s\n", RELSIM_VERSION, s->name);
    fprintf(f, "cluster: %u node%s + %u %s spare%s, %s repair crew%s, system MTBF %.4g h\n\n",
            s->nodes, s->nodes == 1 ? "" : "s", s->spares, s->hot ? "hot" : "cold",
            s->spares == 1 ? "" : "s", crews, s->crews == 1 ? "" : "s", s->mtbf);
    fprintf(f, "%-24s %14s  %-12s %s\n", "quantity", "value", "fit", "estimates");
    for (int i = 0; i < l->n; i++) {
        const analytic_entry *e = &l->e[i];
        char v[32];
        if (e->fit == ANALYTIC_NONE)
            snprintf(v, sizeof v, "-");
        else
            snprintf(v, sizeof v, "%.6g", e->value);
        fprintf(f, "%-24s %14s  %-12s %s\n", e->quantity, v, analytic_fit_name(e->fit),
                e->metric ? e->metric : "-");
        if (e->formula[0]) wrapped(f, "= ", e->formula, 100);
        wrapped(f, "ref: ", e->reference, 100);
        if (e->note[0]) wrapped(f, "", e->note, 100);
    }
}
