/*
 * cmd_sweep: `relsim sweep [SCENARIO] --vary KEY=VALUES [...]`: a grid of scenarios compared with
 * paired trials (see sweep.h); writes sweep.csv, sweep.png and run.txt.
 */
#include "analysis/csvout.h"
#include "analysis/outfile.h"
#include "analysis/plot.h"
#include "models/cf.h"
#include "models/units.h"
#include "sim/analytic.h"
#include "sim/cli.h"
#include "sim/mc.h"
#include "sim/run.h"
#include "sim/sweep.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void usage_sweep(FILE *f)
{
    fputs("usage: relsim sweep [SCENARIO] --vary SECTION.KEY=VALUES [--vary ...] [options]\n"
          "\n"
          "Runs every combination of the varied values (the first key varying fastest) with the\n"
          "same trials (common random numbers) and compares each point with the best one on\n"
          "paired trials. Writes sweep.csv, sweep.png and run.txt.\n"
          "\n"
          "VALUES: a list (15m,30m,1h,2h), a geometric range (15m..8h*2: 15m, 30m, ... up to\n"
          "8h) or a linear one (0..32+8: 0, 8, ..., 32), of durations or numbers; laws in a list\n"
          "keep their commas: component.gpu.ttf=weibull(shape=0.7, scale=3y),exponential(mean=3y)\n"
          "\n"
          "options:\n"
          "      --vary K=VALUES       a key and its values (up to 4 keys)\n"
          "      --metric M            what 'best' means: goodput (default, highest),\n"
          "                            availability (highest), makespan_h, lost_h, checkpoints\n"
          "                            (lowest)\n"
          "      --trials N            trials per point (default: the scenario's)\n"
          "      --precision H         add trials (doubling) until every point's 95% CI\n"
          "                            half-width on the metric is at most H\n"
          "      --max-trials N        trial budget per point with --precision (default 100 x\n"
          "                            the first round)\n"
          "      --seed S              random seed\n"
          "      --set SECTION.KEY=V   override a key at every point (repeatable)\n"
          "  -o, --output DIR          output directory (default results/NAME-sweep)\n"
          "      --threads T, --force, --no-plot, -q/--quiet, -h/--help: as for run\n",
          f);
}

/* The closed form of the sweep's metric at every point (NAN where none applies). */
static void closed_forms(const sweep *w, double *out, char *fit, size_t fitlen)
{
    an_list *l = malloc(sizeof *l);
    int have = 0;
    char first[240] = "";
    fit[0] = '\0';
    for (int p = 0; p < w->npoints; p++) {
        out[p] = NAN;
        if (!l) continue;
        an_compute(&w->points[p], l);
        const an_entry *e = an_for_metric(l, sweep_metrics[w->metric]);
        if (e && e->fit != AN_NONE) {
            out[p] = e->value;
            if (!have++)
                snprintf(first, sizeof first, "%s (%s, %s)", e->quantity, an_fit_name(e->fit),
                         e->reference);
        }
    }
    if (have == w->npoints)
        snprintf(fit, fitlen, "%s", first);
    else if (have)
        snprintf(fit, fitlen, "%s at %d of the %d points; none applies at the others", first,
                 have, w->npoints);
    free(l);
}

static csvout *write_csv(const sweep *w, const char *dir, const double *closed, char *err,
                         size_t n)
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
            snprintf(names[nc], sizeof names[0], "%s_%s", sweep_metrics[m], part[j]);
            cols[nc] = names[nc];
            nc++;
        }
    const char *mn = sweep_metrics[w->metric];
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
    char path[1200];
    run_path(path, sizeof path, dir, "sweep.csv");
    csvout *c = csvout_open(path, cols, nc, err, n);
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

static outfile *write_record(const sweep *w, const char *dir, const char *cmdline,
                             const char *fit, int threads, char *err, size_t n)
{
    char path[1200];
    run_path(path, sizeof path, dir, "run.txt");
    outfile *of = of_open(path, err, n);
    if (!of) return NULL;
    FILE *f = of_stream(of);
    time_t now = time(NULL);
    char date[64];
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    const scn *s = &w->points[0];
    fprintf(f, "; relsim sweep record\n; relsim %s\n; command: %s\n; date: %s\n", RELSIM_VERSION,
            cmdline, date);
    fprintf(f, "; scenario file: %s\n; scenario name: %s\n", s->path, s->name);
    fprintf(f, "; %d points x %llu trials (seed %u, common random numbers), %d thread(s), "
               "%.3f s\n",
            w->npoints, (unsigned long long)w->trials, s->seed, threads, w->wall_s);
    for (int k = 0; k < w->nkeys; k++) {
        fprintf(f, "; vary %s =", w->keys[k].key);
        for (int v = 0; v < w->keys[k].nvalues; v++)
            fprintf(f, "%s %s", v ? "," : "", w->keys[k].value[v]);
        fputc('\n', f);
    }
    fprintf(f, "; metric: %s (%s is best)\n", sweep_metrics[w->metric],
            w->maximise ? "highest" : "lowest");
    if (w->precision > 0)
        fprintf(f, "; precision target %g: %s\n", w->precision,
                w->precision_reached ? "reached" : "not reached: the trial budget ran out");
    fprintf(f, "; closed form: %s\n", fit[0] ? fit : "none applies");
    fprintf(f, "; the scenario of the first point:\n\n");
    scn_write(s, f);
    return of;
}

/* x of a point in the picture: hours for durations, the number for numbers, else its rank. */
static int numeric_values(const sweep_key *k, double *x)
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
    const sweep_key *k0 = &w->keys[0];
    double xs[SWEEP_MAX_VALUES];
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
        rows[p] = (plot_sweep_row){p / k0->nvalues, xs[v], k0->value[v], s->mean, s->ci_low,
                                   s->ci_high, closed[p]};
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
    char png[1200], title[600], xlabel[200];
    run_path(png, sizeof png, dir, "sweep.png");
    const stat_summary *sb = &w->summary[(size_t)w->best * SWEEP_NMETRICS + w->metric];
    snprintf(title, sizeof title, "%s: %s against %s (%llu paired trials per point); best %s = %s",
             w->points[0].name, sweep_metrics[w->metric], k0->column,
             (unsigned long long)w->trials, k0->column, k0->value[w->index[w->best * w->nkeys]]);
    snprintf(xlabel, sizeof xlabel, "%s%s%s", k0->column, k0->is_duration ? " (hours" : "",
             k0->is_duration ? (logx ? ", log scale)" : ")") : "");
    plot_sweep ps = {.png_path = png,
                     .title = title,
                     .xlabel = xlabel,
                     .ylabel = sweep_metrics[w->metric],
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

static void print_table(const sweep *w, const char *dir, const char *fit, FILE *f)
{
    const char *mn = sweep_metrics[w->metric];
    fprintf(f, "relsim %s: sweep of %s, %d points x %llu paired trials, %.2f s\n",
            RELSIM_VERSION, w->points[0].name, w->npoints, (unsigned long long)w->trials,
            w->wall_s);
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
        const stat_summary *s = &w->summary[(size_t)p * SWEEP_NMETRICS + w->metric];
        const stat_summary *d = &w->diff[p];
        char ci[64], diff[64];
        snprintf(ci, sizeof ci, "[%.6g, %.6g]", s->ci_low, s->ci_high);
        if (p == w->best)
            snprintf(diff, sizeof diff, "best");
        else
            snprintf(diff, sizeof diff, "%+.4g [%+.4g, %+.4g]%s", d->mean, d->ci_low, d->ci_high,
                     d->ci_low <= 0 && d->ci_high >= 0 ? " =" : "");
        fprintf(f, "%12.6g  %25s  %s\n", s->mean, ci, diff);
    }
    fprintf(f, "\n'=': not distinguishable from the best (the paired 95%% CI holds 0)\n");
    fprintf(f, "closed form: %s\n", fit[0] ? fit : "none applies to these scenarios");
    fprintf(f, "written: %s/{sweep.csv, run.txt, sweep.png}\n", dir);
}

int cmd_sweep(int argc, char **argv)
{
    static const struct option opts[] = {
        {"vary", required_argument, 0, 'v'},      {"metric", required_argument, 0, 'm'},
        {"trials", required_argument, 0, 't'},    {"precision", required_argument, 0, 'p'},
        {"max-trials", required_argument, 0, 'M'}, {"seed", required_argument, 0, 's'},
        {"set", required_argument, 0, 'S'},       {"output", required_argument, 0, 'o'},
        {"threads", required_argument, 0, 'j'},   {"force", no_argument, 0, 'F'},
        {"no-plot", no_argument, 0, 'P'},         {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'},            {0, 0, 0, 0}};
    sweep *w = calloc(1, sizeof *w);
    cli_sets sets = {0};
    sweep_opts so = {0};
    const char *outdir = NULL, *seed = NULL;
    int quiet = 0, plot = 1, force = 0, c, rc = EXIT_INPUT;
    char err[600], cmdline[4096];
    uint64_t v;
    if (!w) return EXIT_INTERNAL;
    cli_join_args(argc + 1, argv - 1, cmdline, sizeof cmdline);
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'v':
            if (w->nkeys == SWEEP_MAX_KEYS) {
                cli_bad_option("sweep", "--vary", "at most 4 keys");
                goto out;
            }
            if (sweep_parse_vary(optarg, &w->keys[w->nkeys], err, sizeof err)) {
                cli_bad_option("sweep", "--vary", err);
                goto out;
            }
            for (int k = 0; k < w->nkeys; k++)
                if (strcmp(w->keys[k].key, w->keys[w->nkeys].key) == 0) {
                    cli_bad_option("sweep", "--vary", "the same key twice");
                    goto out;
                }
            w->nkeys++;
            break;
        case 'm':
            w->metric = -1;
            for (int m = 0; m < SWEEP_NMETRICS; m++)
                if (strcmp(optarg, sweep_metrics[m]) == 0) w->metric = m;
            if (w->metric < 0) {
                cli_bad_option("sweep", "--metric",
                               "expected goodput, availability, makespan_h, lost_h or checkpoints");
                goto out;
            }
            break;
        case 't':
            if (unit_parse_count(optarg, 2, SCN_MAX_TRIALS, &so.trials, err, sizeof err)) {
                cli_bad_option("sweep", "--trials", err);
                goto out;
            }
            break;
        case 'p':
            if (unit_parse_number(optarg, &so.precision, err, sizeof err) || !(so.precision > 0)) {
                cli_bad_option("sweep", "--precision", "expected a positive number");
                goto out;
            }
            break;
        case 'M':
            if (unit_parse_count(optarg, 2, SCN_MAX_TRIALS, &so.max_trials, err, sizeof err)) {
                cli_bad_option("sweep", "--max-trials", err);
                goto out;
            }
            break;
        case 's':
            seed = optarg;
            break;
        case 'S':
            if (cli_add_set(&sets, optarg, "sweep")) goto out;
            break;
        case 'o':
            outdir = optarg;
            break;
        case 'j':
            if (unit_parse_count(optarg, 1, 1024, &v, err, sizeof err)) {
                cli_bad_option("sweep", "--threads", err);
                goto out;
            }
            so.threads = (int)v;
            break;
        case 'F':
            force = 1;
            break;
        case 'P':
            plot = 0;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'h':
            usage_sweep(stdout);
            rc = 0;
            goto out;
        default:
            cli_unknown_option("sweep", argv[optind - 1]);
            goto out;
        }
    }
    if (w->nkeys == 0) {
        fprintf(stderr, "relsim sweep: nothing to vary (give --vary SECTION.KEY=VALUES; see "
                        "relsim sweep --help)\n");
        goto out;
    }
    if (argc - optind > 1) {
        fprintf(stderr, "relsim sweep: one scenario at a time\n");
        goto out;
    }
    if (sweep_setup(w, optind < argc ? argv[optind] : NULL, sets.v, sets.n)) goto out;
    if (seed) {
        if (unit_parse_count(seed, 0, UINT32_MAX, &v, err, sizeof err)) {
            cli_bad_option("sweep", "--seed", err);
            goto out;
        }
        for (int p = 0; p < w->npoints; p++)
            w->points[p].seed = (uint32_t)v;
    }
    int threads = so.threads ? so.threads : mc_default_threads();
    for (int p = 0; p < w->npoints; p++)
        if (mc_check_memory(&w->points[p], threads, err, sizeof err)) {
            fprintf(stderr, "%s: %s\n", w->points[p].path, err);
            goto out;
        }
    char dir[1100];
    if (outdir)
        snprintf(dir, sizeof dir, "%s", outdir);
    else
        snprintf(dir, sizeof dir, "results/%s-sweep", w->points[0].name);
    if (!force && run_check_outdir(dir, &w->points[0], err, sizeof err)) {
        fprintf(stderr, "relsim sweep: %s\n", err);
        goto out;
    }
    so.progress = !quiet && isatty(2);
    cli_install_signals();
    int r = sweep_run(w, &so, err, sizeof err);
    if (r == TRIAL_LIMIT) {
        fprintf(stderr, "%s\n", err);
        goto out;
    }
    if (r > 0 || mc_interrupted) {
        rc = cli_interrupted_exit();
        goto out;
    }
    if (r < 0) {
        fprintf(stderr, "relsim sweep: %s\n", err);
        rc = EXIT_INTERNAL;
        goto out;
    }
    double *closed = malloc((size_t)w->npoints * sizeof *closed);
    char fit[400];
    if (!closed) {
        rc = EXIT_INTERNAL;
        goto out;
    }
    closed_forms(w, closed, fit, sizeof fit);
    rc = EXIT_INTERNAL;
    if (run_make_dirs(dir, err, sizeof err)) {
        fprintf(stderr, "relsim sweep: %s\n", err);
        free(closed);
        goto out;
    }
    csvout *csv = write_csv(w, dir, closed, err, sizeof err);
    outfile *rec = csv ? write_record(w, dir, cmdline, fit, threads, err, sizeof err) : NULL;
    int prc = 0;
    char perr[300] = "";
    if (rec && plot) prc = draw(w, dir, closed, perr, sizeof perr);
    if (!csv || !rec || prc < 0 || mc_interrupted) {
        if (prc < 0) snprintf(err, sizeof err, "%s", perr);
        csvout_abort(csv);
        of_abort(rec);
        if (mc_interrupted) {
            rc = cli_interrupted_exit();
        } else {
            fprintf(stderr, "relsim sweep: %s\n", err);
        }
        free(closed);
        goto out;
    }
    if (csvout_commit(csv, err, sizeof err) || of_commit(rec, err, sizeof err)) {
        fprintf(stderr, "relsim sweep: %s\n", err);
        free(closed);
        goto out;
    }
    if (!quiet) {
        print_table(w, dir, fit, stdout);
        if (prc > 0) printf("note: %s\n", perr);
    }
    free(closed);
    rc = 0;
out:
    sweep_free(w);
    free(w);
    return rc;
}
