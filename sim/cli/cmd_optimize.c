/*
 * cmd_optimize: `relsim optimize [SCENARIO] --vary KEY=VALUES [...] --minimize M | --maximize M
 * [--subject-to 'M>=X' ...]`: the best point of a grid by Kim and Nelson's fully sequential
 * procedure on common random numbers (see sim/study/optimize.h); writes optimize.csv,
 * optimize.md, optimize.png and run.txt, and answers in plain language.
 */
#include "analysis/outdir.h"
#include "models/rc.h"
#include "models/unit.h"
#include "sim/cli/cli.h"
#include "sim/study/mc.h"
#include "sim/study/optimize.h"
#include "sim/study/ranks.h"
#include "sim/study/sweep.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage_optimize(FILE *f)
{
    fputs("usage: relsim optimize [SCENARIO] --vary SECTION.KEY=VALUES [--vary ...]\n"
          "                       --minimize METRIC | --maximize METRIC [options]\n"
          "\n"
          "Finds the best point of the grid (every combination of the --vary values) without\n"
          "running every point to full precision: Kim and Nelson's fully sequential procedure\n"
          "(KN) on common random numbers runs a first stage of trials at every point, then one\n"
          "batch after another at the points still in the running, and drops a point as soon as\n"
          "a feasible one is better by more than the procedure's margin. With probability 95%\n"
          "the point chosen is within the indifference zone (--precision) of the best.\n"
          "Writes optimize.csv (every point, its estimates, status and trials), optimize.md\n"
          "(the trade-off table), optimize.png (the Pareto picture) and run.txt.\n"
          "\n"
          "VALUES: as for sweep (15m,30m,1h; 15m..8h*2; 0..32+8).\n"
          "\n"
          "options:\n"
          "      --vary K=VALUES       a key and its values (up to 4 keys, 1000 points)\n"
          "      --minimize M          the objective, lower is better: any column of\n"
          "      --maximize M          trials.csv (makespan_h, goodput, availability, ...)\n"
          "      --subject-to 'M>=X'   a constraint (or 'M<=X'; repeatable, up to 8): a point is\n"
          "                            feasible when the one-sided 95% bound of M's mean is\n"
          "                            beyond X, infeasible when the other bound is short of it\n"
          "      --precision H         the indifference zone, in the objective's units: points\n"
          "                            closer than H are as good as each other (default 0.1%\n"
          "                            of the objective's largest first-stage mean)\n"
          "      --trials N            the first stage: trials at every point before any is\n"
          "                            dropped (default 20, or the scenario's trials if fewer)\n"
          "      --max-trials N        the budget: trials per point at most (default 100 x the\n"
          "                            first stage); points still undecided then are said\n"
          "      --seed S              random seed\n"
          "      --set SECTION.KEY=V   override a key at every point (repeatable)\n"
          "      --add SECTION.KEY=V   the same, and may create a section --set would refuse\n"
          "  -o, --output DIR          output directory (default results/NAME-optimize)\n"
          "      --threads T, --force, --no-plot, -q/--quiet, -h/--help: as for run\n",
          f);
}

/* "spares 32: makespan_h 74.8 [74.1, 75.5], goodput ..." */
static void point_estimates(const optimize *o, int p, const int *shown, int ns, FILE *f)
{
    char *label = optimize_point_label(o, p), e[120], buf[METRIC_NAME_MAX];
    fprintf(f, "%s:", label ? label : "");
    free(label);
    for (int s = 0; s < ns; s++) {
        optimize_format_estimate(&o->est[(size_t)p * METRIC_N + shown[s]], e, sizeof e);
        fprintf(f, "%s %s %s", s ? "," : "", optimize_metric_name(o, shown[s], buf), e);
    }
}

/* The points of status st as a list, "a (why); b (why)"; returns how many. */
static int list_points(const optimize *o, int st, FILE *f, const char *lead)
{
    int count = 0;
    for (int p = 0; p < o->grid.npoints; p++)
        count += o->status[p] == st;
    if (!count) return 0;
    fprintf(f, "%s (%d):\n", lead, count);
    for (int p = 0; p < o->grid.npoints; p++) {
        if (o->status[p] != st) continue;
        char *label = optimize_point_label(o, p), *note = optimize_point_note(o, p);
        fprintf(f, "  %s: %s\n", label ? label : "", note ? note : "");
        free(label);
        free(note);
    }
    return count;
}

/* The answer, in plain language. */
static void answer(const optimize *o, const char *dir, int plotted, FILE *f)
{
    int shown[METRIC_N], ns = optimize_shown_metrics(o, shown);
    char buf[METRIC_NAME_MAX], e[120];
    fprintf(f, "relsim %s: optimize %s, %d points, %llu trials, %.2f s\n", RELSIM_VERSION,
            o->grid.points[0].name, o->grid.npoints, (unsigned long long)o->spent, o->wall_s);
    optimize_describe(o, f);
    fputs("\n\n", f);
    if (o->best >= 0) {
        fputs("Best: ", f);
        point_estimates(o, o->best, shown, ns, f);
        fputs(o->budget_out ? " (the best of the survivors: the budget ran out with others "
                              "undecided)\n"
                            : "\n",
              f);
        int within = 0;
        for (int p = 0; p < o->grid.npoints; p++)
            within += o->status[p] == OPTIMIZE_WITHIN;
        if (within) {
            if (within == 1)
                fputs("this one is", f);
            else
                fprintf(f, "these %d are", within);
            fprintf(f, " indistinguishable from it (within %.4g on %s, 95%% paired CI):\n",
                    o->delta, optimize_metric_name(o, o->objective, buf));
            for (int p = 0; p < o->grid.npoints; p++) {
                if (o->status[p] != OPTIMIZE_WITHIN) continue;
                fputs("  ", f);
                point_estimates(o, p, shown, ns, f);
                optimize_format_estimate(&o->shortfall[p], e, sizeof e);
                fprintf(f, "; shortfall %s\n", e);
            }
        } else {
            fprintf(f, "no other point is shown to be within %.4g of it\n", o->delta);
        }
    } else {
        fprintf(f, "No point is feasible%s.\n",
                o->budget_out ? " yet: the budget ran out with feasibility undecided" : "");
    }
    fputc('\n', f);
    list_points(o, OPTIMIZE_ELIMINATED, f, "Eliminated");
    list_points(o, OPTIMIZE_INFEASIBLE, f, "Infeasible");
    if (list_points(o, OPTIMIZE_UNDECIDED, f, "Undecided when the budget ran out"))
        fprintf(f,
                "  (--max-trials %llu; more trials, or a wider --precision, would decide "
                "them)\n",
                (unsigned long long)o->max_trials);
    unsigned long long full = (unsigned long long)o->needed * (unsigned long long)o->grid.npoints;
    fprintf(f,
            "\nTrials: %llu spent; the full grid at the same precision would have cost %d x "
            "%llu = %llu",
            (unsigned long long)o->spent, o->grid.npoints, (unsigned long long)o->needed, full);
    if (full) fprintf(f, " (%.0f%% spent)", 100.0 * (double)o->spent / (double)full);
    fprintf(f, "\nwritten: %s/{optimize.csv, optimize.md, run.txt%s}\n", dir,
            plotted ? ", optimize.png" : "");
}

/* The metric named for --minimize, --maximize or --subject-to, in the grid's scenario. */
static int resolve(const optimize *o, const char *name, const char *opt)
{
    int m = optimize_metric_of(&o->grid.points[0], name);
    if (m < 0) {
        char *names = NULL, col[METRIC_NAME_MAX];
        size_t len = 0;
        FILE *f = open_memstream(&names, &len);
        int k = 0;
        for (int i = 0; f && i < METRIC_N; i++) {
            const char *c = optimize_metric_name(o, i, col);
            if (optimize_metric_of(&o->grid.points[0], c) == i)
                fprintf(f, "%s%s", k++ ? ", " : "", c);
        }
        if (f && fclose(f) != 0) {
            free(names);
            names = NULL;
        }
        char *msg = NULL;
        if (asprintf(&msg,
                     "'%s' is not a metric of this scenario (expected a column of its "
                     "trials.csv: %s)",
                     name, names ? names : "") < 0)
            msg = NULL;
        cli_bad_option("optimize", opt, msg ? msg : "not a metric of this scenario");
        free(msg);
        free(names);
    }
    return m;
}

int cmd_optimize(int argc, char **argv)
{
    static const struct option opts[] = {{"vary", required_argument, 0, 'v'},
                                         {"minimize", required_argument, 0, 'n'},
                                         {"maximize", required_argument, 0, 'x'},
                                         {"subject-to", required_argument, 0, 'c'},
                                         {"precision", required_argument, 0, 'p'},
                                         {"trials", required_argument, 0, 't'},
                                         {"max-trials", required_argument, 0, 'M'},
                                         {"seed", required_argument, 0, 's'},
                                         {"set", required_argument, 0, 'S'},
                                         {"add", required_argument, 0, 'A'},
                                         {"output", required_argument, 0, 'o'},
                                         {"threads", required_argument, 0, 'j'},
                                         {"force", no_argument, 0, 'F'},
                                         {"no-plot", no_argument, 0, 'P'},
                                         {"quiet", no_argument, 0, 'q'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    optimize *o = calloc(1, sizeof *o);
    cli_common co = CLI_COMMON_INIT;
    optimize_opts oo = {0};
    const char *objective = NULL, *seed = NULL;
    const char *max_trials = NULL;
    char *dir = NULL;
    int c, rc = EXIT_INPUT;
    char err[RC_MSG_MAX];
    sweep *g = o ? &o->grid : NULL;
    if (!o) return EXIT_INTERNAL;
    const char *cmdline = cli_command_line();
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'v':
            if (g->nkeys == SWEEP_MAX_KEYS) {
                cli_bad_option("optimize", "--vary", "at most 4 keys");
                goto out;
            }
            if (vary_parse(optarg, &g->keys[g->nkeys], err, sizeof err)) {
                cli_bad_option("optimize", "--vary", err);
                goto out;
            }
            for (int k = 0; k < g->nkeys; k++)
                if (strcmp(g->keys[k].key, g->keys[g->nkeys].key) == 0) {
                    cli_bad_option("optimize", "--vary", "the same key twice");
                    goto out;
                }
            g->nkeys++;
            break;
        case 'n':
        case 'x':
            if (objective) {
                cli_bad_option("optimize", c == 'n' ? "--minimize" : "--maximize",
                               "one objective only (--minimize or --maximize, once)");
                goto out;
            }
            objective = optarg;
            o->maximise = c == 'x';
            break;
        case 'c':
            if (o->nconstraints == OPTIMIZE_MAX_CONSTRAINTS) {
                cli_bad_option("optimize", "--subject-to", "at most 8 constraints");
                goto out;
            }
            if (optimize_parse_constraint(optarg, &o->con[o->nconstraints], err, sizeof err)) {
                cli_bad_option("optimize", "--subject-to", err);
                goto out;
            }
            o->nconstraints++;
            break;
        case 'p':
            if (unit_parse_number(optarg, &oo.delta, err, sizeof err) || !(oo.delta > 0)) {
                cli_bad_option("optimize", "--precision",
                               "expected a positive number (the indifference zone, in the "
                               "objective's units)");
                goto out;
            }
            break;
        case 't':
            if (unit_parse_count(optarg, 2, SCN_MAX_TRIALS, &oo.n0, err, sizeof err)) {
                cli_bad_option("optimize", "--trials", err);
                goto out;
            }
            break;
        case 'M':
            max_trials = optarg;
            if (unit_parse_count(optarg, 2, SCN_MAX_TRIALS, &oo.max_trials, err, sizeof err)) {
                cli_bad_option("optimize", "--max-trials", err);
                goto out;
            }
            break;
        case 's':
            seed = optarg;
            break;
        case 'h':
            usage_optimize(stdout);
            rc = 0;
            goto out;
        default:
            if (cli_common_option(c, optarg, argv[optind - 1], "optimize", &co)) goto out;
        }
    }
    const cli_sets sets = co.sets;
    oo.threads = co.threads;
    if (argc - optind > 1) {
        fprintf(stderr, "relsim optimize: one scenario at a time\n");
        goto out;
    }
    if (g->nkeys == 0) {
        fprintf(stderr, "relsim optimize: nothing to vary (give --vary SECTION.KEY=VALUES; see "
                        "relsim optimize --help)\n");
        goto out;
    }
    if (!objective) {
        fprintf(stderr, "relsim optimize: no objective (give --minimize METRIC or --maximize "
                        "METRIC; see relsim optimize --help)\n");
        goto out;
    }
    long np = 1;
    for (int k = 0; k < g->nkeys; k++)
        np *= g->keys[k].nvalues;
    if (np > OPTIMIZE_MAX_POINTS) {
        char msg[200];
        snprintf(msg, sizeof msg,
                 "%ld points, more than %d (the grid is every combination of "
                 "the --vary values)",
                 np, OPTIMIZE_MAX_POINTS);
        cli_bad_option("optimize", "--vary", msg);
        goto out;
    }
    uint64_t seed_value = 0;
    if (seed && unit_parse_count(seed, 0, UINT32_MAX, &seed_value, err, sizeof err)) {
        cli_bad_option("optimize", "--seed", err);
        goto out;
    }
    if (sweep_setup(g, optind < argc ? argv[optind] : NULL, sets.v, sets.n)) goto out;
    if ((o->objective = resolve(o, objective, o->maximise ? "--maximize" : "--minimize")) < 0)
        goto out;
    for (int k = 0; k < o->nconstraints; k++)
        if ((o->con[k].metric = resolve(o, o->con[k].name, "--subject-to")) < 0) goto out;
    uint64_t n0 = optimize_first_stage(&g->points[0], oo.n0);
    if (max_trials && oo.max_trials < n0) {
        char msg[200];
        snprintf(msg, sizeof msg, "%llu is below the first stage (%llu trials: --trials)",
                 (unsigned long long)oo.max_trials, (unsigned long long)n0);
        cli_bad_option("optimize", "--max-trials", msg);
        goto out;
    }
    if (seed)
        for (int p = 0; p < g->npoints; p++)
            g->points[p].seed = (uint32_t)seed_value;
    int threads = oo.threads ? oo.threads : mc_default_threads(), short_of_memory = 0;
    for (int p = 0; p < g->npoints && !short_of_memory; p++)
        if ((short_of_memory = mc_check_memory(&g->points[p], threads, err, sizeof err) != 0))
            fprintf(stderr, "%s: %s\n", g->points[p].path, err);
    if (ranks_any(short_of_memory)) goto out;
    dir = co.outdir ? strdup(co.outdir) : NULL;
    if (!co.outdir && asprintf(&dir, "results/%s-optimize", g->points[0].name) < 0) dir = NULL;
    if (!dir) {
        fprintf(stderr, "relsim optimize: out of memory\n");
        rc = EXIT_INTERNAL;
        goto out;
    }
    if (ranks_bcast_int(!co.force && ranks_is_root() &&
                        outdir_check(dir, g->points[0].name, err, sizeof err))) {
        fprintf(stderr, "relsim optimize: %s\n", err);
        goto out;
    }
    oo.progress = !co.quiet && isatty(2);
    cli_install_signals();
    int r = optimize_run(o, &oo, err, sizeof err);
    if (r == RC_INTERRUPTED || mc_interrupted) {
        rc = cli_interrupted_exit();
        goto out;
    }
    if (r != RC_OK) {
        fprintf(stderr, "relsim optimize: %s\n", err);
        rc = EXIT_INTERNAL;
        goto out;
    }
    if (!ranks_is_root()) { /* under MPI, rank 0 writes */
        rc = 0;
        goto out;
    }
    char note[600];
    if (optimize_write(o, dir, cmdline, threads, co.plot, note, sizeof note, err, sizeof err)) {
        if (mc_interrupted) {
            rc = cli_interrupted_exit();
        } else {
            fprintf(stderr, "relsim optimize: %s\n", err);
            rc = EXIT_INTERNAL;
        }
        goto out;
    }
    if (!co.quiet) answer(o, dir, co.plot && !note[0], stdout);
    /* the results are written; the picture's absence is said even with --quiet */
    if (note[0]) fprintf(stderr, "relsim optimize: %s\n", note);
    rc = 0;
out:
    free(dir);
    optimize_free(o);
    free(o);
    return rc;
}
