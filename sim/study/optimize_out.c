/*
 * optimize_out: what `relsim optimize` writes (see optimize.h): optimize.csv (every point),
 * optimize.md (the trade-off table a planner pastes in a ticket), optimize.png (the Pareto
 * picture) and run.txt, one result set.
 */
#include "analysis/csvout.h"
#include "analysis/outdir.h"
#include "analysis/outfile.h"
#include "analysis/plot_pareto.h"
#include "analysis/record.h"
#include "analysis/resultset.h"
#include "sim/study/mc.h"
#include "sim/study/optimize.h"
#include "sim/study/run.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define M_ METRIC_N

void optimize_format_estimate(const stat_summary *s, char *buf, size_t len)
{
    if (!isfinite(s->mean)) {
        snprintf(buf, len, "-");
        return;
    }
    if (!isfinite(s->ci_low) || !isfinite(s->ci_high) || s->ci_low == s->ci_high) {
        snprintf(buf, len, "%.4g", s->mean);
        return;
    }
    /* enough digits that the interval's ends differ from each other and from the mean */
    int d = 4;
    char a[48], b[48], m[48];
    for (; d < 12; d++) {
        snprintf(a, sizeof a, "%.*g", d, s->ci_low);
        snprintf(b, sizeof b, "%.*g", d, s->ci_high);
        snprintf(m, sizeof m, "%.*g", d, s->mean);
        if (strcmp(a, b) != 0 && strcmp(a, m) != 0 && strcmp(b, m) != 0) break;
    }
    snprintf(buf, len, "%.*g [%.*g, %.*g]", d, s->mean, d, s->ci_low, d, s->ci_high);
}

const char *optimize_metric_name(const optimize *o, int metric, char *buf)
{
    const char *c = run_metric_column(&o->grid.points[0], metric, buf);
    return c ? c : metric_table[metric].name;
}

/* The constraint c as written: "availability>=0.95". */
static void constraint_text(const optimize *o, int c, char *buf, size_t len)
{
    snprintf(buf, len, "%s%s%.10g", o->con[c].name,
             o->con[c].at_least ? ">=" : "<=", o->con[c].bound);
}

char *optimize_point_note(const optimize *o, int p)
{
    char *s = NULL, *by = NULL, con[200];
    size_t len = 0;
    FILE *m = open_memstream(&s, &len);
    if (!m) return NULL;
    int st = o->status[p];
    if (o->why[p]) {
        fprintf(m, "could not finish: %s", o->why[p]);
    } else if (st == OPTIMIZE_INFEASIBLE && o->violated[p] >= 0) {
        int c = o->violated[p];
        constraint_text(o, c, con, sizeof con);
        char e[120];
        optimize_format_estimate(&o->est[(size_t)p * M_ + o->con[c].metric], e, sizeof e);
        fprintf(m, "%s fails with 95%% confidence: %s %s", con, o->con[c].name, e);
    } else if (st == OPTIMIZE_ELIMINATED || st == OPTIMIZE_WITHIN) {
        by = o->by[p] >= 0 ? optimize_point_label(o, o->by[p]) : NULL;
        fprintf(m, "worse than %s at trial %llu (round %d)%s", by ? by : "another point",
                (unsigned long long)o->decided[p], o->round[p],
                st == OPTIMIZE_WITHIN ? "; its shortfall to the best is below the indifference "
                                        "zone with 95% confidence"
                                      : "");
    } else if (st == OPTIMIZE_UNDECIDED) {
        if (o->feasible[p] == OPTIMIZE_FEAS_UNKNOWN) {
            fputs("feasibility undecided:", m);
            for (int c = 0; c < o->nconstraints; c++) {
                constraint_text(o, c, con, sizeof con);
                char e[120];
                optimize_format_estimate(&o->est[(size_t)p * M_ + o->con[c].metric], e, sizeof e);
                fprintf(m, "%s %s (%s)", c ? "," : "", con, e);
            }
        } else {
            char e[120];
            optimize_format_estimate(&o->shortfall[p], e, sizeof e);
            fprintf(m, "not separated from the best when the budget ran out (shortfall %s)", e);
        }
    } else if (st == OPTIMIZE_BEST) {
        fprintf(m, "%s",
                o->budget_out ? "the best mean among the survivors (not separated from "
                                "every other)"
                              : "the last point left");
    }
    free(by);
    if (fclose(m) != 0) {
        free(s);
        return NULL;
    }
    return s;
}

/* 1 when higher is better on metric m: the objective's as asked, the others' by the table. */
static int higher(const optimize *o, int m)
{
    return m == o->objective ? o->maximise : (metric_table[m].flags & METRIC_HIGHER) != 0;
}

/* The Pareto picture's axes as metric_table indices: x the cost per hour when the scenario has
 * one, y the objective (or goodput, when the objective is itself a cost); without costs, y the
 * objective and x the first constraint on another metric, else goodput, availability or
 * makespan_h. -1 for x: no picture. */
static void pareto_axes(const optimize *o, int *x, int *y)
{
    const scn *s = &o->grid.points[0];
    int cph = optimize_metric_of(s, "cost_per_hour"),
        cpu = optimize_metric_of(s, "cost_per_useful_node_h");
    *y = o->objective;
    *x = -1;
    if (cph >= 0) {
        *x = cph;
        if (*y == cph || *y == cpu) {
            *y = optimize_metric_of(s, "goodput");
            if (*y < 0) *y = optimize_metric_of(s, "availability");
        }
        if (*y < 0) *x = -1;
        return;
    }
    for (int c = 0; c < o->nconstraints && *x < 0; c++)
        if (o->con[c].metric != *y) *x = o->con[c].metric;
    static const char *const other[] = {"goodput", "availability", "makespan_h"};
    for (size_t i = 0; i < sizeof other / sizeof other[0] && *x < 0; i++) {
        int m = optimize_metric_of(s, other[i]);
        if (m >= 0 && m != *y) *x = m;
    }
}

int optimize_pareto(const optimize *o, int *front, int *xm, int *ym)
{
    int P = o->grid.npoints;
    pareto_axes(o, xm, ym);
    if (*xm < 0) {
        for (int p = 0; p < P; p++)
            front[p] = 0;
        return 0;
    }
    plot_pareto_point *pts = calloc((size_t)P, sizeof *pts);
    if (!pts) return -1;
    for (int p = 0; p < P; p++) {
        const stat_summary *sx = &o->est[(size_t)p * M_ + *xm], *sy = &o->est[(size_t)p * M_ + *ym];
        pts[p] = (plot_pareto_point){
            sx->mean,   sy->mean,    sx->ci_low, sx->ci_high,
            sy->ci_low, sy->ci_high, "",         o->status[p] == OPTIMIZE_INFEASIBLE,
            0};
    }
    int n = plot_pareto_frontier(pts, P, higher(o, *xm), higher(o, *ym), front);
    free(pts);
    return n;
}

/* optimize.csv: the keys (a duration also in hours), status, round, decided_at_trial, trials,
 * feasible, the objective's mean and 95% CI and its paired shortfall to the best with its CI,
 * every other shown metric's mean and CI, pareto, eliminated_by and a note. */
static int write_csv(const optimize *o, const char *dir, const int *front, char *err, size_t n)
{
    const sweep *g = &o->grid;
    int shown[M_], ns = optimize_shown_metrics(o, shown);
    enum { MAXC = 2 * SWEEP_MAX_KEYS + 12 + 3 * M_ };
    const char *cols[MAXC];
    char names[MAXC][METRIC_NAME_MAX + 32], buf[METRIC_NAME_MAX];
    int nc = 0;
    for (int k = 0; k < g->nkeys; k++) {
        cols[nc++] = g->keys[k].column;
        if (g->keys[k].is_duration) {
            snprintf(names[nc], sizeof names[0], "%s_h", g->keys[k].column);
            cols[nc] = names[nc];
            nc++;
        }
    }
    static const char *const fixed[] = {"status", "round", "decided_at_trial", "trials",
                                        "feasible"};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        cols[nc++] = fixed[i];
    static const char *const part[] = {"mean", "ci95_low", "ci95_high"};
    for (int s = 0; s < ns; s++) {
        const char *mn = optimize_metric_name(o, shown[s], buf);
        for (int j = 0; j < 3; j++) {
            snprintf(names[nc], sizeof names[0], "%s_%s", mn, part[j]);
            cols[nc] = names[nc];
            nc++;
        }
        if (s == 0)
            for (int j = 0; j < 3; j++) {
                snprintf(names[nc], sizeof names[0], "%s_shortfall_%s", mn, part[j]);
                cols[nc] = names[nc];
                nc++;
            }
    }
    cols[nc++] = "pareto";
    cols[nc++] = "eliminated_by";
    cols[nc++] = "note";
    char *path = outdir_join(dir, "optimize.csv");
    csvout *c = path ? csvout_open(path, cols, nc, err, n) : NULL;
    if (!path) snprintf(err, n, "out of memory");
    free(path);
    if (!c) return -1;
    static const char *const feas[] = {"undecided", "yes", "no"};
    for (int p = 0; p < g->npoints; p++) {
        for (int k = 0; k < g->nkeys; k++) {
            int v = g->index[p * g->nkeys + k];
            csvout_str(c, g->keys[k].value[v]);
            if (g->keys[k].is_duration) csvout_num(c, g->keys[k].hours[v]);
        }
        csvout_str(c, optimize_status_name(o->status[p]));
        csvout_int(c, o->round[p]);
        csvout_int(c, (int64_t)o->decided[p]);
        csvout_int(c, (int64_t)o->trials[p]);
        csvout_str(c, feas[o->feasible[p]]);
        for (int s = 0; s < ns; s++) {
            const stat_summary *e = &o->est[(size_t)p * M_ + shown[s]];
            csvout_num(c, e->mean);
            csvout_num(c, e->ci_low);
            csvout_num(c, e->ci_high);
            if (s == 0) {
                csvout_num(c, o->shortfall[p].mean);
                csvout_num(c, o->shortfall[p].ci_low);
                csvout_num(c, o->shortfall[p].ci_high);
            }
        }
        csvout_int(c, front[p]);
        char *by = o->by[p] >= 0 ? optimize_point_label(o, o->by[p]) : NULL;
        char *note = optimize_point_note(o, p);
        csvout_str(c, by ? by : "");
        csvout_str(c, note ? note : "");
        free(by);
        free(note);
        csvout_end_row(c);
    }
    return csvout_commit(c, err, n);
}

/* A Markdown table cell: '|' escaped, line breaks as spaces. */
static void md_cell(FILE *f, const char *s)
{
    fputs("| ", f);
    for (; *s; s++) {
        if (*s == '|') fputc('\\', f);
        fputc(*s == '\n' || *s == '\r' ? ' ' : *s, f);
    }
    fputc(' ', f);
}

/* "30m, 1h, 2h": the values of key k. */
static void key_values(FILE *f, const vary_key *k)
{
    for (int v = 0; v < k->nvalues; v++)
        fprintf(f, "%s%s", v ? ", " : "", k->value[v]);
}

void optimize_describe(const optimize *o, FILE *f)
{
    char buf[METRIC_NAME_MAX], con[200];
    fprintf(f, "%s %s over ", o->maximise ? "Maximize" : "Minimize",
            optimize_metric_name(o, o->objective, buf));
    for (int k = 0; k < o->grid.nkeys; k++) {
        fprintf(f, "%s%s (", k ? " x " : "", o->grid.keys[k].column);
        key_values(f, &o->grid.keys[k]);
        fputc(')', f);
    }
    fprintf(f, ", %d point%s", o->grid.npoints, o->grid.npoints == 1 ? "" : "s");
    for (int c = 0; c < o->nconstraints; c++) {
        constraint_text(o, c, con, sizeof con);
        fprintf(f, "%s%s", c ? ", " : "; subject to ", con);
    }
    fprintf(f,
            ". Kim and Nelson's procedure KN on common random numbers: indifference zone %.4g%s, "
            "alpha %g, first stage %llu trials, budget %llu trials a point.",
            o->delta, o->delta_default ? " (by default: 0.1% of the objective)" : "", o->alpha,
            (unsigned long long)o->n0, (unsigned long long)o->max_trials);
}

static int write_md(const optimize *o, const char *dir, const int *front, char *err, size_t n)
{
    const sweep *g = &o->grid;
    int shown[M_], ns = optimize_shown_metrics(o, shown);
    char *path = outdir_join(dir, "optimize.md");
    outfile *of = path ? outfile_open(path, err, n) : NULL;
    if (!path) snprintf(err, n, "out of memory");
    free(path);
    if (!of) return -1;
    FILE *f = outfile_stream(of);
    char buf[METRIC_NAME_MAX], e[120];
    fprintf(f, "# relsim optimize: %s\n\n", g->points[0].name);
    optimize_describe(o, f);
    fputs("\n\n", f);
    if (o->best >= 0) {
        char *b = optimize_point_label(o, o->best);
        optimize_format_estimate(&o->est[(size_t)o->best * M_ + o->objective], e, sizeof e);
        fprintf(f, "**Best: %s**: %s %s (95%% CI)%s.\n\n", b ? b : "",
                optimize_metric_name(o, o->objective, buf), e,
                o->budget_out ? "; the budget ran out with other points undecided" : "");
        free(b);
    } else {
        fputs("**No point is feasible**", f);
        fputs(o->budget_out ? " yet: the budget ran out with feasibility undecided.\n\n" : ".\n\n",
              f);
    }
    /* the rows: the best, the points within delta of it, the undecided, the frontier */
    for (int k = 0; k < g->nkeys; k++)
        md_cell(f, g->keys[k].column);
    for (int s = 0; s < ns; s++)
        md_cell(f, optimize_metric_name(o, shown[s], buf));
    md_cell(f, "status");
    md_cell(f, "trials");
    fputs("|\n", f);
    for (int k = 0; k < g->nkeys + ns + 2; k++)
        fputs("|---", f);
    fputs("|\n", f);
    static const int order[] = {OPTIMIZE_BEST, OPTIMIZE_WITHIN, OPTIMIZE_UNDECIDED, -1};
    for (int pass = 0; pass < 4; pass++)
        for (int p = 0; p < g->npoints; p++) {
            int st = o->status[p];
            int take = pass < 3 ? st == order[pass]
                                : front[p] && st != OPTIMIZE_BEST && st != OPTIMIZE_WITHIN &&
                                      st != OPTIMIZE_UNDECIDED;
            if (!take) continue;
            for (int k = 0; k < g->nkeys; k++)
                md_cell(f, g->keys[k].value[g->index[p * g->nkeys + k]]);
            for (int s = 0; s < ns; s++) {
                optimize_format_estimate(&o->est[(size_t)p * M_ + shown[s]], e, sizeof e);
                md_cell(f, e);
            }
            char stt[64];
            snprintf(stt, sizeof stt, "%s%s", optimize_status_name(st),
                     front[p] ? ", frontier" : "");
            md_cell(f, stt);
            snprintf(stt, sizeof stt, "%llu", (unsigned long long)o->trials[p]);
            md_cell(f, stt);
            fputs("|\n", f);
        }
    fprintf(f,
            "\nTrials: %llu spent; the full grid at the same precision: %d points x %llu = "
            "%llu. Every point, with its status: optimize.csv.\n",
            (unsigned long long)o->spent, g->npoints, (unsigned long long)o->needed,
            (unsigned long long)o->needed * (unsigned long long)g->npoints);
    return outfile_commit(of, err, n);
}

/* run.txt: the record header, then the scenario of the first point. */
static outfile *write_record(const optimize *o, const char *dir, const char *cmdline, int threads,
                             char *err, size_t n)
{
    outfile *of = record_open(dir, "optimize record", cmdline, err, n);
    if (!of) return NULL;
    const scn *s = &o->grid.points[0];
    char buf[METRIC_NAME_MAX];
    int bad = run_record_scenario(of, s);
    bad |= record_put(of, RECORD_POINTS, "%d", o->grid.npoints);
    bad |= record_put(of, RECORD_TRIALS,
                      "%llu (every point counted; the same trial numbers at every point: common "
                      "random numbers)",
                      (unsigned long long)o->spent);
    bad |= record_put(of, RECORD_SEED, "%u", s->seed);
    bad |= record_put(of, RECORD_THREADS, "%d", threads);
    bad |= record_put(of, RECORD_WALL_TIME, "%.3f s", o->wall_s);
    for (int k = 0; k < o->grid.nkeys; k++) {
        char *values = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&values, &len);
        if (m) {
            key_values(m, &o->grid.keys[k]);
            if (fclose(m) != 0) bad = -1;
        }
        bad |= m && values ? record_note(of, "vary %s = %s", o->grid.keys[k].key, values) : -1;
        free(values);
    }
    bad |=
        record_put(of, RECORD_METRIC, "%s (%s is best)", optimize_metric_name(o, o->objective, buf),
                   o->maximise ? "highest" : "lowest");
    for (int c = 0; c < o->nconstraints; c++) {
        char con[200];
        constraint_text(o, c, con, sizeof con);
        bad |= record_note(of, "subject to %s (judged by its one-sided 95%% bound)", con);
    }
    bad |=
        record_note(of,
                    "procedure KN (Kim and Nelson 2001), c = 1: indifference zone delta = %.10g%s, "
                    "alpha = %g, first stage n0 = %llu, eta = %.10g, h^2 = %.10g, budget %llu "
                    "trials a point",
                    o->delta, o->delta_default ? " (by default)" : "", o->alpha,
                    (unsigned long long)o->n0, o->eta, o->h2, (unsigned long long)o->max_trials);
    bad |= record_note(of, "stopped at trial %llu after %d round%s%s", (unsigned long long)o->stage,
                       o->nrounds, o->nrounds == 1 ? "" : "s",
                       o->budget_out ? ", the budget spent with points undecided" : "");
    if (o->best >= 0) {
        char *b = optimize_point_label(o, o->best);
        bad |= b ? record_note(of, "best %s", b) : -1;
        free(b);
    } else {
        bad |= record_note(of, "no feasible point");
    }
    bad |= record_note(of, "full grid at the same precision %llu trials (%d points x %llu)",
                       (unsigned long long)o->needed * (unsigned long long)o->grid.npoints,
                       o->grid.npoints, (unsigned long long)o->needed);
    bad |= record_note(of, "the grid's scenarios hash to %016llx", o->hash);
    bad |= record_note(of, "the scenario of the first point:");
    if (bad) {
        outfile_abort(of);
        snprintf(err, n, "%s/run.txt: out of memory", dir);
        return NULL;
    }
    scn_write(s, record_body(of));
    return of;
}

/* The Pareto picture: dir/optimize.png. */
static int draw(const optimize *o, const char *dir, const int *front, int xm, int ym, char *err,
                size_t n)
{
    int P = o->grid.npoints;
    plot_pareto_point *pts = calloc((size_t)P, sizeof *pts);
    char **labels = calloc((size_t)P, sizeof *labels);
    int rc = 1;
    if (!pts || !labels) {
        snprintf(err, n, "no picture: out of memory");
        goto out;
    }
    for (int p = 0; p < P; p++) {
        const sweep *g = &o->grid;
        size_t len = 0;
        FILE *m = open_memstream(&labels[p], &len);
        if (!m) {
            snprintf(err, n, "no picture: out of memory");
            goto out;
        }
        for (int k = 0; k < g->nkeys; k++)
            fprintf(m, "%s%s", k ? ", " : "", g->keys[k].value[g->index[p * g->nkeys + k]]);
        if (fclose(m) != 0) {
            snprintf(err, n, "no picture: out of memory");
            goto out;
        }
        const stat_summary *sx = &o->est[(size_t)p * M_ + xm], *sy = &o->est[(size_t)p * M_ + ym];
        pts[p] = (plot_pareto_point){sx->mean,
                                     sy->mean,
                                     sx->ci_low,
                                     sx->ci_high,
                                     sy->ci_low,
                                     sy->ci_high,
                                     labels[p],
                                     o->status[p] == OPTIMIZE_INFEASIBLE,
                                     o->status[p] == OPTIMIZE_WITHIN};
    }
    char xl[METRIC_NAME_MAX + 40], yl[METRIC_NAME_MAX + 40], b1[METRIC_NAME_MAX],
        b2[METRIC_NAME_MAX], title[400];
    const char *xn = optimize_metric_name(o, xm, b1), *yn = optimize_metric_name(o, ym, b2);
    snprintf(xl, sizeof xl, "%s (%s is better)", xn, higher(o, xm) ? "higher" : "lower");
    snprintf(yl, sizeof yl, "%s (%s is better)", yn, higher(o, ym) ? "higher" : "lower");
    char keys[200] = "";
    size_t used = 0;
    for (int k = 0; k < o->grid.nkeys && used < sizeof keys; k++)
        used += (size_t)snprintf(keys + used, sizeof keys - used, "%s%s", k ? ", " : "",
                                 o->grid.keys[k].column);
    snprintf(title, sizeof title, "%s: %s against %s (labels: %s)", o->grid.points[0].name, yn, xn,
             keys);
    plot_pareto pp = {.dir = dir,
                      .png = "optimize.png",
                      .title = title,
                      .xlabel = xl,
                      .ylabel = yl,
                      .n = P,
                      .pts = pts,
                      .front = front,
                      .best = o->best,
                      .x_higher = higher(o, xm),
                      .y_higher = higher(o, ym)};
    rc = plot_pareto_picture(&pp, err, n);
out:
    for (int p = 0; labels && p < P; p++)
        free(labels[p]);
    free(labels);
    free(pts);
    return rc;
}

int optimize_write(const optimize *o, const char *dir, const char *cmdline, int threads, int plot,
                   char *note, size_t notelen, char *err, size_t n)
{
    int P = o->grid.npoints, xm, ym;
    int *front = calloc((size_t)P, sizeof *front);
    note[0] = '\0';
    if (!front || optimize_pareto(o, front, &xm, &ym) < 0) {
        free(front);
        snprintf(err, n, "out of memory");
        return -1;
    }
    static const char *const outputs[] = {"optimize.csv", "optimize.md", "optimize.png", "run.txt",
                                          NULL};
    resultset *set = resultset_begin(dir, outputs, "run.txt", err, n);
    if (!set) {
        free(front);
        return -1;
    }
    const char *stage = resultset_stage(set);
    int rc = -1;
    if (write_csv(o, stage, front, err, n) || write_md(o, stage, front, err, n)) goto out;
    /* a picture that cannot be drawn does not cost the results: the note says why */
    if (plot && xm < 0)
        snprintf(note, notelen, "no picture: no second metric to set the objective against");
    else if (plot && draw(o, stage, front, xm, ym, note, notelen) == 0)
        note[0] = '\0';
    if (mc_interrupted) {
        snprintf(err, n, "interrupted");
        goto out;
    }
    outfile *rec = write_record(o, stage, cmdline, threads, err, n);
    if (!rec || outfile_commit(rec, err, n)) goto out;
    rc = resultset_commit(set, err, n);
    set = NULL;
out:
    resultset_abort(set);
    free(front);
    return rc;
}
