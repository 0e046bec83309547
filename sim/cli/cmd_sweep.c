/*
 * cmd_sweep: `relsim sweep [SCENARIO] --vary KEY=VALUES [...]`: a grid of scenarios compared with
 * paired trials (see sweep.h); writes sweep.csv, sweep.png and run.txt.
 */
#include "models/unit.h"
#include "models/rc.h"
#include "sim/cli/cli.h"
#include "sim/cli/summary.h"
#include "sim/study/mc.h"
#include "sim/study/ranks.h"
#include "sim/study/run.h"
#include "sim/study/sweep.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage_sweep(FILE *f)
{
    fputs("usage: relsim sweep [SCENARIO] --vary SECTION.KEY=VALUES [--vary ...] [options]\n"
          "\n"
          "Runs every combination of the varied values (the first key varying fastest) with the\n"
          "same trials (common random numbers) and compares each point with the best one on\n"
          "paired trials. Writes sweep.csv, sweep.png and run.txt. A point whose trials hit a\n"
          "safety limit is reported as such (status limit) and the others go on.\n"
          "\n"
          "VALUES: a list (15m,30m,1h,2h), a geometric range (15m..8h*2: 15m, 30m, ... up to\n"
          "8h) or a linear one (0..32+8: 0, 8, ..., 32), of durations or numbers; laws in a list\n"
          "keep their commas: component.gpu.ttf=weibull(shape=0.7, scale=3y),exponential(mean=3y)\n"
          "\n"
          "options:\n"
          "      --vary K=VALUES       a key and its values (up to 4 keys); without any, the\n"
          "                            scenario's [sweep] section (vary, vary2.., metric,\n"
          "                            trials, precision, max_trials) says what to sweep\n"
          "      --metric M            what 'best' means: goodput (default, highest),\n"
          "                            availability (highest), or any other metric of\n"
          "                            trials.csv (lowest: makespan_h, lost_h, down_h, ...);\n"
          "                            sweep.csv carries every metric either way\n"
          "      --trials N            trials per point (default: the scenario's)\n"
          "      --precision H         add trials (doubling) until every point's 95% CI\n"
          "                            half-width on the metric is at most H\n"
          "      --max-trials N        trial budget per point with --precision (default 100 x\n"
          "                            the first round)\n"
          "      --seed S              random seed\n"
          "      --set SECTION.KEY=V   override a key at every point (repeatable)\n"
          "      --add SECTION.KEY=V   the same, and may create a section --set would refuse\n"
          "  -o, --output DIR          output directory (default results/NAME-sweep)\n"
          "      --threads T, --force, --no-plot, -q/--quiet, -h/--help: as for run\n",
          f);
}

int cmd_sweep(int argc, char **argv)
{
    static const struct option opts[] = {{"vary", required_argument, 0, 'v'},
                                         {"metric", required_argument, 0, 'm'},
                                         {"trials", required_argument, 0, 't'},
                                         {"precision", required_argument, 0, 'p'},
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
    sweep *w = calloc(1, sizeof *w);
    cli_common co = CLI_COMMON_INIT;
    sweep_opts so = {0};
    const char *outdir = NULL, *seed = NULL;
    char *dir = NULL;
    int metric_given = 0, c, rc = EXIT_INPUT;
    char err[RC_MSG_MAX];
    uint64_t v;
    if (!w) return EXIT_INTERNAL;
    const char *cmdline = cli_command_line();
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'v':
            if (w->nkeys == SWEEP_MAX_KEYS) {
                cli_bad_option("sweep", "--vary", "at most 4 keys");
                goto out;
            }
            if (vary_parse(optarg, &w->keys[w->nkeys], err, sizeof err)) {
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
            metric_given = 1;
            w->metric = sweep_metric_of(optarg);
            if (w->metric < 0) {
                char names[512], msg[600];
                metric_list_names(0, names, sizeof names);
                snprintf(msg, sizeof msg, "expected %s", names);
                cli_bad_option("sweep", "--metric", msg);
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
        case 'h':
            usage_sweep(stdout);
            rc = 0;
            goto out;
        default:
            if (cli_common_option(c, optarg, argv[optind - 1], "sweep", &co)) goto out;
        }
    }
    const cli_sets sets = co.sets;
    outdir = co.outdir;
    int quiet = co.quiet, plot = co.plot, force = co.force;
    so.threads = co.threads;
    if (argc - optind > 1) {
        fprintf(stderr, "relsim sweep: one scenario at a time\n");
        goto out;
    }
    if (w->nkeys == 0) {
        /* no --vary: the scenario's own [sweep] section */
        scn *base = cli_load(optind < argc ? argv[optind] : NULL, &sets);
        if (!base) goto out;
        if (!base->has_sweep) {
            fprintf(stderr, "relsim sweep: nothing to vary (give --vary SECTION.KEY=VALUES, or a "
                            "[sweep] section in the scenario; see relsim sweep --help)\n");
            free(base);
            goto out;
        }
        int keep_metric = metric_given ? w->metric : -1;
        if (sweep_from_scenario(w, base, err, sizeof err)) {
            fprintf(stderr, "relsim sweep: %s\n", err);
            free(base);
            goto out;
        }
        if (keep_metric >= 0) w->metric = keep_metric;
        if (!so.trials) so.trials = base->sweep_trials;
        if (!(so.precision > 0)) so.precision = base->sweep_precision;
        if (!so.max_trials) so.max_trials = base->sweep_max_trials;
        free(base);
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
    int threads = so.threads ? so.threads : mc_default_threads(), short_of_memory = 0;
    for (int p = 0; p < w->npoints && !short_of_memory; p++)
        if ((short_of_memory = mc_check_memory(&w->points[p], threads, err, sizeof err) != 0))
            fprintf(stderr, "%s: %s\n", w->points[p].path, err);
    if (ranks_any(short_of_memory)) goto out;
    dir = outdir ? strdup(outdir) : NULL;
    if (!outdir && asprintf(&dir, "results/%s-sweep", w->points[0].name) < 0) dir = NULL;
    if (!dir) {
        fprintf(stderr, "relsim sweep: out of memory\n");
        rc = EXIT_INTERNAL;
        goto out;
    }
    if (ranks_bcast_int(!force && ranks_is_root() &&
                        outdir_check(dir, w->points[0].name, err, sizeof err))) {
        fprintf(stderr, "relsim sweep: %s\n", err);
        goto out;
    }
    so.progress = !quiet && isatty(2);
    cli_install_signals();
    int r = sweep_run(w, &so, err, sizeof err);
    if (r == RC_LIMIT) {
        fprintf(stderr, "%s\n", err);
        goto out;
    }
    if (r == RC_INTERRUPTED || mc_interrupted) {
        rc = cli_interrupted_exit();
        goto out;
    }
    if (r != RC_OK) {
        fprintf(stderr, "relsim sweep: %s\n", err);
        rc = EXIT_INTERNAL;
        goto out;
    }
    if (!ranks_is_root()) { /* under MPI, rank 0 writes */
        rc = 0;
        goto out;
    }
    char fit[400], note[600];
    if (mc_interrupted) {
        rc = cli_interrupted_exit();
        goto out;
    }
    if (sweep_write(w, dir, cmdline, threads, plot, fit, sizeof fit, note, sizeof note, err,
                    sizeof err)) {
        if (mc_interrupted) {
            rc = cli_interrupted_exit();
        } else {
            fprintf(stderr, "relsim sweep: %s\n", err);
            rc = EXIT_INTERNAL;
        }
        goto out;
    }
    if (!quiet) summary_sweep(w, dir, fit, stdout);
    /* the results are written; the picture's absence is said even with --quiet */
    if (note[0]) fprintf(stderr, "relsim sweep: %s\n", note);
    rc = 0;
out:
    free(dir);
    sweep_free(w);
    free(w);
    return rc;
}
