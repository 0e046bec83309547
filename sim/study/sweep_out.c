/*
 * sweep_out: what a sweep writes: sweep.csv, run.txt and sweep.png (see sweep.h).
 */
#include "analysis/csvout.h"
#include "analysis/outfile.h"
#include "analysis/plot.h"
#include "analysis/record.h"
#include "analysis/resultset.h"
#include "models/cf.h"
#include "models/unit.h"
#include "sim/study/analytic.h"
#include "sim/study/mc.h"
#include "sim/study/run.h"
#include "sim/study/sweep.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The closed form of the sweep's metric at every point (NAN where none applies). */
static void closed_forms(const sweep *w, double *out, char *fit, size_t fitlen)
{
    analytic_list *l = malloc(sizeof *l);
    int have = 0;
    char first[240] = "";
    fit[0] = '\0';
    for (int p = 0; p < w->npoints; p++) {
        out[p] = NAN;
        if (!l) continue;
        analytic_compute(&w->points[p], l);
        const analytic_entry *e = analytic_for_metric(l, sweep_metric_name(w->metric));
        if (e && e->fit != ANALYTIC_NONE) {
            out[p] = e->value;
            if (!have++)
                snprintf(first, sizeof first, "%s (%s, %s)", e->quantity, analytic_fit_name(e->fit),
                         e->reference);
        }
    }
    if (have == w->npoints)
        snprintf(fit, fitlen, "%s", first);
    else if (have)
        snprintf(fit, fitlen, "%s at %d of the %d points; none applies at the others", first, have,
                 w->npoints);
    free(l);
}

static csvout *write_csv(const sweep *w, const char *dir, const double *closed, char *err, size_t n)
{
    const char *cols[64];
    char names[64][128];
    int nc = 0;
    for (int k = 0; k < w->nkeys; k++) {
        cols[nc++] = w->keys[k].column;
        if (w->keys[k].is_duration) {
            snprintf(names[nc], sizeof names[0], "%s_h", w->keys[k].column);
            cols[nc] = names[nc];
            nc++;
        }
    }
    cols[nc++] = "trials";
    static const char *const part[] = {"mean", "ci95_low", "ci95_high"};
    for (int m = 0; m < SWEEP_NMETRICS; m++)
        for (int j = 0; j < 3; j++) {
            snprintf(names[nc], sizeof names[0], "%s_%s", sweep_metric_name(m), part[j]);
            cols[nc] = names[nc];
            nc++;
        }
    const char *mn = sweep_metric_name(w->metric);
    static const char *const dpart[] = {"diff_to_best_mean", "diff_to_best_ci95_low",
                                        "diff_to_best_ci95_high", "diff_to_best_unpaired_half"};
    for (int j = 0; j < 4; j++) {
        snprintf(names[nc], sizeof names[0], "%s_%s", mn, dpart[j]);
        cols[nc] = names[nc];
        nc++;
    }
    cols[nc++] = "best";
    cols[nc++] = "indistinguishable_from_best";
    snprintf(names[nc], sizeof names[0], "%s_closed_form", mn);
    cols[nc] = names[nc];
    nc++;
    char *path = outdir_join(dir, "sweep.csv");
    csvout *c = path ? csvout_open(path, cols, nc, err, n) : NULL;
    if (!path) snprintf(err, n, "out of memory");
    free(path);
    if (!c) return NULL;
    for (int p = 0; p < w->npoints; p++) {
        for (int k = 0; k < w->nkeys; k++) {
            int v = w->index[p * w->nkeys + k];
            csvout_str(c, w->keys[k].value[v]);
            if (w->keys[k].is_duration) csvout_num(c, w->keys[k].hours[v]);
        }
        csvout_int(c, (int64_t)w->trials);
        for (int m = 0; m < SWEEP_NMETRICS; m++) {
            const stat_summary *s = &w->summary[(size_t)p * SWEEP_NMETRICS + m];
            csvout_num(c, s->mean);
            csvout_num(c, s->ci_low);
            csvout_num(c, s->ci_high);
        }
        const stat_summary *d = &w->diff[p];
        csvout_num(c, d->mean);
        csvout_num(c, p == w->best ? 0 : d->ci_low);
        csvout_num(c, p == w->best ? 0 : d->ci_high);
        csvout_num(c, w->unpaired_half[p]);
        csvout_int(c, p == w->best);
        csvout_int(c, p == w->best || (d->ci_low <= 0 && d->ci_high >= 0));
        csvout_num(c, closed[p]);
        csvout_end_row(c);
    }
    return c;
}

/* run.txt: the record header (analysis/record.h), then the scenario of the first point. */
static outfile *write_record(const sweep *w, const char *dir, const char *cmdline, const char *fit,
                             int threads, char *err, size_t n)
{
    outfile *of = record_open(dir, "sweep record", cmdline, err, n);
    if (!of) return NULL;
    const scn *s = &w->points[0];
    int bad = record_put(of, RECORD_SCENARIO_FILE, "%s", s->path);
    bad |= record_put(of, RECORD_SCENARIO_NAME, "%s", s->name);
    bad |= record_put(of, RECORD_SWEEP_HASH, "%016llx", w->hash);
    bad |= record_put(of, RECORD_POINTS, "%d", w->npoints);
    bad |= record_put(of, RECORD_TRIALS, "%llu (per point, the same trials: common random numbers)",
                      (unsigned long long)w->trials);
    bad |= record_put(of, RECORD_SEED, "%u", s->seed);
    bad |= record_put(of, RECORD_THREADS, "%d", threads);
    bad |= record_put(of, RECORD_WALL_TIME, "%.3f s", w->wall_s);
    for (int k = 0; k < w->nkeys; k++) {
        char *values = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&values, &len);
        if (m) {
            for (int v = 0; v < w->keys[k].nvalues; v++)
                fprintf(m, "%s %s", v ? "," : "", w->keys[k].value[v]);
            if (fclose(m) != 0) bad = -1;
        }
        bad |= m && values ? record_note(of, "vary %s =%s", w->keys[k].key, values) : -1;
        free(values);
    }
    bad |= record_put(of, RECORD_METRIC, "%s (%s is best)", sweep_metric_name(w->metric),
                      w->maximise ? "highest" : "lowest");
    if (w->precision > 0)
        bad |=
            record_note(of, "precision target %g: %s", w->precision,
                        w->precision_reached ? "reached" : "not reached: the trial budget ran out");
    bad |= record_put(of, RECORD_CLOSED_FORM, "%s", fit[0] ? fit : "none applies");
    bad |= record_note(of, "the scenario of the first point:");
    if (bad) {
        outfile_abort(of);
        snprintf(err, n, "%s/run.txt: out of memory", dir);
        return NULL;
    }
    scn_write(s, record_body(of));
    return of;
}

/* x of a point in the picture: hours for durations, the number for numbers, else its rank. */
static int numeric_values(const vary_key *k, double *x)
{
    for (int v = 0; v < k->nvalues; v++) {
        char e[160];
        if (k->is_duration)
            x[v] = k->hours[v];
        else if (unit_parse_number(k->value[v], &x[v], e, sizeof e))
            return 0;
    }
    return 1;
}

static int draw(const sweep *w, const char *dir, const double *closed, char *err, size_t n)
{
    const vary_key *k0 = &w->keys[0];
    double xs[VARY_MAX_VALUES];
    int categorical = !numeric_values(k0, xs);
    if (categorical)
        for (int v = 0; v < k0->nvalues; v++)
            xs[v] = v;
    int logx = !categorical;
    for (int v = 0; v < k0->nvalues && logx; v++)
        logx = xs[v] > 0;
    if (logx) {
        double lo = INFINITY, hi = 0;
        for (int v = 0; v < k0->nvalues; v++) {
            lo = fmin(lo, xs[v]);
            hi = fmax(hi, xs[v]);
        }
        logx = hi / lo >= 8; /* a log axis only when the values span enough */
    }
    int ngroups = w->npoints / k0->nvalues;
    plot_sweep_row *rows = calloc((size_t)w->npoints, sizeof *rows);
    char(*labels)[512] = calloc((size_t)ngroups, sizeof *labels);
    const char **lp = calloc((size_t)ngroups, sizeof *lp);
    if (!rows || !labels || !lp) {
        free(rows);
        free(labels);
        free(lp);
        snprintf(err, n, "out of memory");
        return -1;
    }
    for (int p = 0; p < w->npoints; p++) {
        const stat_summary *s = &w->summary[(size_t)p * SWEEP_NMETRICS + w->metric];
        int v = w->index[p * w->nkeys];
        rows[p] = (plot_sweep_row){p / k0->nvalues, xs[v],      k0->value[v], s->mean,
                                   s->ci_low,       s->ci_high, closed[p]};
        int g = p / k0->nvalues;
        if (v == 0) { /* the group's label: the other keys' values */
            size_t used = 0;
            labels[g][0] = '\0';
            for (int k = 1; k < w->nkeys; k++)
                used += (size_t)snprintf(labels[g] + used, sizeof labels[g] - used, "%s%s = %s",
                                         k > 1 ? ", " : "", w->keys[k].column,
                                         w->keys[k].value[w->index[p * w->nkeys + k]]);
            lp[g] = labels[g];
        }
    }
    char title[600], xlabel[200];
    const stat_summary *sb = &w->summary[(size_t)w->best * SWEEP_NMETRICS + w->metric];
    snprintf(title, sizeof title, "%s: %s against %s (%llu paired trials per point); best %s = %s",
             w->points[0].name, sweep_metric_name(w->metric), k0->column,
             (unsigned long long)w->trials, k0->column, k0->value[w->index[w->best * w->nkeys]]);
    snprintf(xlabel, sizeof xlabel, "%s%s%s", k0->column, k0->is_duration ? " (hours" : "",
             k0->is_duration ? (logx ? ", log scale)" : ")") : "");
    plot_sweep ps = {.dir = dir,
                     .png = "sweep.png",
                     .title = title,
                     .xlabel = xlabel,
                     .ylabel = sweep_metric_name(w->metric),
                     .logx = logx,
                     .categorical = categorical,
                     .ngroups = ngroups,
                     .group_label = lp,
                     .nrows = w->npoints,
                     .rows = rows,
                     .best_x = rows[w->best].x,
                     .best_y = sb->mean,
                     .closed_label = "closed form"};
    /* Young's and Daly's optima when the interval is what varies (for each distinct M and d). */
    if (strcmp(k0->key, "job.checkpoint_interval") == 0 && !categorical) {
        static char mark_text[PLOT_MAX_MARKS][64];
        for (int g = 0; g < ngroups && ps.nmarks + 2 <= PLOT_MAX_MARKS; g++) {
            const scn *s = &w->points[g * k0->nvalues];
            double d = dist_mean(&s->ckpt_cost);
            if (!s->has_job || !(d > 0)) continue;
            double y = cf_young_interval(d, s->mtbf), dl = cf_daly_interval(d, s->mtbf);
            int dup = 0;
            for (int m = 0; m < ps.nmarks; m++)
                dup |= fabs(ps.mark_x[m] - dl) < 1e-12 * dl;
            if (dup) continue;
            char a[32];
            snprintf(mark_text[ps.nmarks], sizeof mark_text[0], "Young %s%s%s",
                     unit_format_human(y, a, sizeof a), lp[g][0] ? " " : "", "");
            ps.mark_x[ps.nmarks] = y;
            ps.mark_label[ps.nmarks] = mark_text[ps.nmarks];
            ps.nmarks++;
            snprintf(mark_text[ps.nmarks], sizeof mark_text[0], "Daly %s",
                     unit_format_human(dl, a, sizeof a));
            ps.mark_x[ps.nmarks] = dl;
            ps.mark_label[ps.nmarks] = mark_text[ps.nmarks];
            ps.nmarks++;
        }
    }
    int rc = plot_sweep_picture(&ps, err, n);
    free(rows);
    free(labels);
    free(lp);
    return rc;
}

int sweep_write(const sweep *w, const char *dir, const char *cmdline, int threads, int plot,
                char *fit, size_t fitlen, char *note, size_t notelen, char *err, size_t n)
{
    double *closed = malloc((size_t)w->npoints * sizeof *closed);
    note[0] = '\0';
    if (!closed) {
        snprintf(err, n, "out of memory");
        return -1;
    }
    closed_forms(w, closed, fit, fitlen);
    static const char *const outputs[] = {"sweep.csv", "sweep.png", "run.txt", NULL};
    resultset *set = resultset_begin(dir, outputs, "run.txt", err, n);
    if (!set) {
        free(closed);
        return -1;
    }
    const char *stage = resultset_stage(set);
    int rc = -1;
    csvout *csv = write_csv(w, stage, closed, err, n);
    if (!csv || csvout_commit(csv, err, n)) goto out;
    /* a picture that cannot be drawn does not cost the results: the note says why */
    if (plot && draw(w, stage, closed, note, notelen) == 0) note[0] = '\0';
    if (mc_interrupted) {
        snprintf(err, n, "interrupted");
        goto out;
    }
    /* run.txt last: its presence says the sweep is complete */
    outfile *rec = write_record(w, stage, cmdline, fit, threads, err, n);
    if (!rec || outfile_commit(rec, err, n)) goto out;
    rc = resultset_commit(set, err, n);
    set = NULL;
out:
    resultset_abort(set);
    free(closed);
    return rc;
}
