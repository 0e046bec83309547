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

/* The closed form of the sweep's metric at every point, and how it fits there (NAN and
 * ANALYTIC_NONE where none applies). A point's entry says whether the formula's assumptions hold
 * at that point (exact), nearly hold (approximate), or not: the picture draws the form only where
 * it is exact or approximate, and sweep.csv says which at every point. */
static void closed_forms(const sweep *w, double *out, analytic_fit *fits, char *fit, size_t fitlen)
{
    analytic_list *l = malloc(sizeof *l);
    int have = 0;
    char first[240] = "";
    fit[0] = '\0';
    for (int p = 0; p < w->npoints; p++) {
        out[p] = NAN;
        fits[p] = ANALYTIC_NONE;
        if (!l) continue;
        analytic_compute(&w->points[p], l);
        const analytic_entry *e = analytic_for_metric(l, sweep_metric_name(w->metric));
        if (e && e->fit != ANALYTIC_NONE) {
            out[p] = e->value;
            fits[p] = e->fit;
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

/* sweep.csv. Columns: the varied keys (a duration also in hours), trials, status (ok, or limit:
 * a trial hit a safety limit, and the point's values are empty); then for every metric, in display
 * order, its mean and 95% CI and, but for the sweep's metric, its paired difference to the best
 * point with that difference's 95% CI (<metric>_paired_diff_*); then the sweep's metric's paired
 * difference to the best (<metric>_diff_to_best_*, with the half-width it would have without
 * pairing), best, indistinguishable_from_best, and its closed form with how it fits there. */
static csvout *write_csv(const sweep *w, const char *dir, const double *closed,
                         const analytic_fit *fits, char *err, size_t n)
{
    enum { MAXC = 2 * SWEEP_MAX_KEYS + 16 + 6 * SWEEP_NMETRICS };
    const char *cols[MAXC];
    char names[MAXC][128];
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
    cols[nc++] = "status";
    static const char *const part[] = {"mean",
                                       "ci95_low",
                                       "ci95_high",
                                       "paired_diff_mean",
                                       "paired_diff_ci95_low",
                                       "paired_diff_ci95_high"};
    const scn *base = &w->points[0];
    char col[METRIC_NAME_MAX];
    unsigned char present[SWEEP_NMETRICS]; /* the columns of the scenario, found once */
    for (int m = 0; m < SWEEP_NMETRICS; m++) {
        const char *mname = run_metric_column(base, sweep_metric(m), col);
        present[m] = mname != NULL;
        if (!mname) continue; /* the row of a tier the scenario does not have */
        for (int j = 0; j < (m == w->metric ? 3 : 6); j++) {
            snprintf(names[nc], sizeof names[0], "%s_%s", mname, part[j]);
            cols[nc] = names[nc];
            nc++;
        }
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
    snprintf(names[nc], sizeof names[0], "%s_closed_form_fit", mn);
    cols[nc] = names[nc];
    nc++;
    char *path = outdir_join(dir, "sweep.csv");
    csvout *c = path ? csvout_open(path, cols, nc, err, n) : NULL;
    if (!path) snprintf(err, n, "out of memory");
    free(path);
    if (!c) return NULL;
    for (int p = 0; p < w->npoints; p++) {
        int ok = w->status[p] == SWEEP_POINT_OK, best = p == w->best;
        for (int k = 0; k < w->nkeys; k++) {
            int v = w->index[p * w->nkeys + k];
            csvout_str(c, w->keys[k].value[v]);
            if (w->keys[k].is_duration) csvout_num(c, w->keys[k].hours[v]);
        }
        csvout_int(c, (int64_t)w->trials);
        csvout_str(c, ok ? "ok" : "limit");
        for (int m = 0; m < SWEEP_NMETRICS; m++) {
            if (!present[m]) continue;
            const stat_summary *s = &w->summary[(size_t)p * SWEEP_NMETRICS + m];
            const stat_summary *d = &w->diff[(size_t)p * SWEEP_NMETRICS + m];
            csvout_num(c, s->mean);
            csvout_num(c, s->ci_low);
            csvout_num(c, s->ci_high);
            if (m == w->metric) continue;
            csvout_num(c, d->mean);
            csvout_num(c, best ? 0 : d->ci_low);
            csvout_num(c, best ? 0 : d->ci_high);
        }
        const stat_summary *d = &w->diff[(size_t)p * SWEEP_NMETRICS + w->metric];
        csvout_num(c, d->mean);
        csvout_num(c, best ? 0 : d->ci_low);
        csvout_num(c, best ? 0 : d->ci_high);
        csvout_num(c, ok ? w->unpaired_half[p] : NAN);
        if (ok) {
            csvout_int(c, best);
            csvout_int(c, best || (d->ci_low <= 0 && d->ci_high >= 0));
        } else {
            csvout_str(c, "");
            csvout_str(c, "");
        }
        csvout_num(c, closed[p]);
        csvout_str(c, fits[p] == ANALYTIC_NONE ? "" : analytic_fit_name(fits[p]));
        csvout_end_row(c);
    }
    return c;
}

/* "key = value, key = value": the point p, for people (malloc'd; NULL when out of memory). */
static char *point_name(const sweep *w, int p)
{
    char *s = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&s, &len);
    if (!m) return NULL;
    for (int k = 0; k < w->nkeys; k++)
        fprintf(m, "%s%s = %s", k ? ", " : "", w->keys[k].column,
                w->keys[k].value[w->index[p * w->nkeys + k]]);
    if (fclose(m) != 0) {
        free(s);
        return NULL;
    }
    return s;
}

/* run.txt: the record header (analysis/record.h), then the scenario of the first point. */
static outfile *write_record(const sweep *w, const char *dir, const char *cmdline, const char *fit,
                             int threads, char *err, size_t n)
{
    outfile *of = record_open(dir, "sweep record", cmdline, err, n);
    if (!of) return NULL;
    const scn *s = &w->points[0];
    int bad = run_record_scenario(of, s);
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
    if (w->nfinished < w->npoints)
        bad |= record_note(of,
                           "%d of the %d points could not finish (status limit in sweep.csv); "
                           "the best is the best of the others",
                           w->npoints - w->nfinished, w->npoints);
    for (int p = 0; p < w->npoints; p++)
        if (w->status[p] != SWEEP_POINT_OK) {
            char *at = point_name(w, p);
            bad |= at ? record_note(of, "point %s: %s", at, w->why[p] ? w->why[p] : "") : -1;
            free(at);
        }
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

/* The unit the values of a duration key were written in: that of its first value ("15m":
 * minutes), as a name and its length in hours; hours when the first value has no unit of its own
 * (a name such as daly). */
static double given_unit(const vary_key *k, char *name, size_t len)
{
    const char *v = k->value[0], *u = v + strlen(v);
    while (u > v && ((u[-1] >= 'a' && u[-1] <= 'z') || (u[-1] >= 'A' && u[-1] <= 'Z')))
        u--;
    char one[80];
    double h;
    char e[160];
    snprintf(one, sizeof one, "1%s", u);
    if (u == v || u[0] == '\0' || strlen(u) > 8 || unit_parse_duration(one, &h, e, sizeof e) ||
        !(h > 0)) {
        snprintf(name, len, "h");
        return 1;
    }
    snprintf(name, len, "%s", u);
    return h;
}

/* x of a point in the picture: durations in the unit they were given in, the number for
 * numbers, else its rank (categorical: returns 0). */
static int numeric_values(const vary_key *k, double unit_h, double *x)
{
    for (int v = 0; v < k->nvalues; v++) {
        char e[160];
        if (k->is_duration)
            x[v] = k->hours[v] / unit_h;
        else if (unit_parse_number(k->value[v], &x[v], e, sizeof e))
            return 0;
    }
    return 1;
}

/* A log axis fits values that are positive, span a factor of 8 or more, and are spaced more
 * evenly on a log scale than on a linear one (a geometric range: 15m..8h*2). */
static int log_axis_fits(const double *x, int n)
{
    double s[VARY_MAX_VALUES];
    for (int i = 0; i < n; i++) {
        if (!(x[i] > 0)) return 0;
        s[i] = x[i];
    }
    for (int i = 1; i < n; i++) /* insertion sort: at most VARY_MAX_VALUES values */
        for (int j = i; j > 0 && s[j - 1] > s[j]; j--) {
            double t = s[j];
            s[j] = s[j - 1];
            s[j - 1] = t;
        }
    if (n < 3 || s[n - 1] / s[0] < 8) return 0;
    /* coefficient of variation of the gaps, linear and logarithmic */
    double cv[2];
    for (int k = 0; k < 2; k++) {
        double sum = 0, sq = 0;
        for (int i = 1; i < n; i++) {
            double g = k ? log(s[i] / s[i - 1]) : s[i] - s[i - 1];
            sum += g;
            sq += g * g;
        }
        double mean = sum / (n - 1), var = sq / (n - 1) - mean * mean;
        cv[k] = mean > 0 ? sqrt(var > 0 ? var : 0) / mean : INFINITY;
    }
    return cv[1] < cv[0];
}

/* "key = value, key = value" of keys [from, to) at point p into buf. */
static void keys_label(const sweep *w, int p, int from, int to, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int k = from; k < to && used < len; k++)
        used += (size_t)snprintf(buf + used, len - used, "%s%s = %s", k > from ? ", " : "",
                                 w->keys[k].column, w->keys[k].value[w->index[p * w->nkeys + k]]);
}

static int draw(const sweep *w, const char *dir, const double *closed, const analytic_fit *fits,
                char *err, size_t n)
{
    const vary_key *k0 = &w->keys[0];
    double xs[VARY_MAX_VALUES];
    char unit[16];
    double unit_h = k0->is_duration ? given_unit(k0, unit, sizeof unit) : 1;
    int categorical = !numeric_values(k0, unit_h, xs);
    if (categorical)
        for (int v = 0; v < k0->nvalues; v++)
            xs[v] = v;
    /* lines: the second key's values; panels: the combinations of the third and fourth */
    int ngroups = w->nkeys > 1 ? w->keys[1].nvalues : 1;
    int heat = ngroups > PLOT_MAX_LINES; /* a heatmap's columns are the values as written */
    int logx = !categorical && !heat && log_axis_fits(xs, k0->nvalues);
    int per_panel = k0->nvalues * ngroups;
    int npanels_all = w->npoints / per_panel;
    int npanels = npanels_all > PLOT_MAX_PANELS ? PLOT_MAX_PANELS : npanels_all;
    int nrows = npanels * per_panel;
    plot_sweep_row *rows = calloc((size_t)nrows, sizeof *rows);
    char(*glabels)[256] = calloc((size_t)ngroups, sizeof *glabels);
    char(*plabels)[512] = calloc((size_t)npanels, sizeof *plabels);
    const char **gp = calloc((size_t)ngroups, sizeof *gp);
    const char **pp = calloc((size_t)npanels, sizeof *pp);
    if (!rows || !glabels || !plabels || !gp || !pp) {
        free(rows);
        free(glabels);
        free(plabels);
        free(gp);
        free(pp);
        snprintf(err, n, "no picture: out of memory");
        return 1;
    }
    int best = w->best < nrows ? w->best : 0;
    for (int p = 0; p < nrows; p++) {
        const stat_summary *s = &w->summary[(size_t)p * SWEEP_NMETRICS + w->metric];
        int v = w->index[p * w->nkeys];
        int g = w->nkeys > 1 ? w->index[p * w->nkeys + 1] : 0, q = p / per_panel;
        /* the closed form only where its assumptions hold, or nearly (the entry's fit there) */
        int drawn = (fits[p] == ANALYTIC_EXACT || fits[p] == ANALYTIC_APPROXIMATE) &&
                    w->status[p] == SWEEP_POINT_OK;
        rows[p] = (plot_sweep_row){q,
                                   g,
                                   v,
                                   xs[v],
                                   k0->value[v],
                                   s->mean,
                                   s->ci_low,
                                   s->ci_high,
                                   drawn ? closed[p] : NAN,
                                   w->status[p] != SWEEP_POINT_OK};
        if (v == 0 && q == 0) {
            keys_label(w, p, 1, w->nkeys > 1 ? 2 : 1, glabels[g], sizeof glabels[g]);
            gp[g] = glabels[g];
        }
        if (v == 0 && g == 0) {
            keys_label(w, p, 2, w->nkeys, plabels[q], sizeof plabels[q]);
            pp[q] = plabels[q];
        }
    }
    if (ngroups > PLOT_MAX_LINES) /* a heatmap's rows are the second key's values alone */
        for (int g = 0; g < ngroups; g++)
            gp[g] = w->keys[1].value[g];
    char title[600], xlabel[200];
    char bestat[300];
    keys_label(w, w->best, 0, w->nkeys, bestat, sizeof bestat);
    snprintf(title, sizeof title, "%s: %s (%llu paired trials per point); best at %s",
             w->points[0].name, sweep_metric_name(w->metric), (unsigned long long)w->trials,
             bestat);
    const char *axis = categorical ? "" : logx ? ", log scale" : "";
    if (heat)
        snprintf(xlabel, sizeof xlabel, "%s", k0->column);
    else if (k0->is_duration)
        snprintf(xlabel, sizeof xlabel, "%s (%s%s)", k0->column, unit, axis);
    else
        snprintf(xlabel, sizeof xlabel, "%s%s%s%s", k0->column, axis[0] ? " (" : "",
                 axis[0] ? axis + 2 : "", axis[0] ? ")" : "");
    int fitted = 0, exact = 1;
    for (int p = 0; p < w->npoints; p++)
        if (fits[p] == ANALYTIC_EXACT || fits[p] == ANALYTIC_APPROXIMATE) {
            fitted++;
            exact &= fits[p] == ANALYTIC_EXACT;
        }
    char closed_label[160];
    snprintf(closed_label, sizeof closed_label, "closed form (%s%s)",
             exact ? "exact" : "approximate",
             fitted < w->npoints ? "; none where its assumptions fail" : "");
    plot_sweep ps = {.dir = dir,
                     .png = "sweep.png",
                     .title = title,
                     .xlabel = xlabel,
                     .ylabel = sweep_metric_name(w->metric),
                     .group_key = w->nkeys > 1 ? w->keys[1].column : "",
                     .logx = logx,
                     .categorical = categorical,
                     .npanels = npanels,
                     .panel_label = pp,
                     .nmore_panels = npanels_all - npanels,
                     .ngroups = ngroups,
                     .group_label = gp,
                     .nrows = nrows,
                     .rows = rows,
                     .best = best,
                     .closed_label = closed_label};
    /* Young's and Daly's optima when the interval is what varies (for each distinct M and d of a
     * line), in the axis' unit; named in the legend. */
    static char mark_text[PLOT_MAX_MARKS][160];
    if (strcmp(k0->key, "job.checkpoint_interval") == 0 && !categorical &&
        ngroups <= PLOT_MAX_LINES) {
        for (int p = 0; p < nrows && ps.nmarks + 2 <= PLOT_MAX_MARKS; p += k0->nvalues) {
            const scn *s = &w->points[p];
            double d = dist_mean(&s->ckpt_cost);
            if (!s->has_job || !(d > 0)) continue;
            double y = cf_young_interval(d, s->mtbf_job), dl = cf_daly_interval(d, s->mtbf_job);
            int dup = 0;
            for (int m = 0; m < ps.nmarks; m++)
                dup |= ps.mark_panel[m] == rows[p].panel &&
                       fabs(ps.mark_x[m] - dl / unit_h) < 1e-9 * dl / unit_h;
            if (dup) continue;
            const char *g = gp[rows[p].group];
            for (int j = 0; j < 2; j++) {
                char a[32];
                double at = j ? dl : y;
                snprintf(mark_text[ps.nmarks], sizeof mark_text[0], "%s optimum %s%s%s%s",
                         j ? "Daly" : "Young", unit_format_human(at, a, sizeof a), g[0] ? " (" : "",
                         g, g[0] ? ")" : "");
                ps.mark_x[ps.nmarks] = at / unit_h;
                ps.mark_panel[ps.nmarks] = rows[p].panel;
                ps.mark_group[ps.nmarks] = rows[p].group;
                ps.mark_label[ps.nmarks] = mark_text[ps.nmarks];
                ps.nmarks++;
            }
        }
    }
    int rc = plot_sweep_picture(&ps, err, n);
    free(rows);
    free(glabels);
    free(plabels);
    free(gp);
    free(pp);
    return rc;
}

int sweep_write(const sweep *w, const char *dir, const char *cmdline, int threads, int plot,
                char *fit, size_t fitlen, char *note, size_t notelen, char *err, size_t n)
{
    double *closed = malloc((size_t)w->npoints * sizeof *closed);
    analytic_fit *fits = malloc((size_t)w->npoints * sizeof *fits);
    note[0] = '\0';
    if (!closed || !fits) {
        free(closed);
        free(fits);
        snprintf(err, n, "out of memory");
        return -1;
    }
    closed_forms(w, closed, fits, fit, fitlen);
    static const char *const outputs[] = {"sweep.csv", "sweep.png", "run.txt", NULL};
    resultset *set = resultset_begin(dir, outputs, "run.txt", err, n);
    if (!set) {
        free(closed);
        free(fits);
        return -1;
    }
    const char *stage = resultset_stage(set);
    int rc = -1;
    csvout *csv = write_csv(w, stage, closed, fits, err, n);
    if (!csv || csvout_commit(csv, err, n)) goto out;
    /* a picture that cannot be drawn does not cost the results: the note says why */
    if (plot && draw(w, stage, closed, fits, note, notelen) == 0) note[0] = '\0';
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
    free(fits);
    return rc;
}
