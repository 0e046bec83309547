/*
 * cmd_run: `relsim run [SCENARIO] [options]`.
 */
#include "models/unit.h"
#include "models/rc.h"
#include "sim/cli/cli.h"
#include "sim/cli/summary.h"
#include "sim/study/analytic.h"
#include "sim/study/mc.h"
#include "sim/study/ranks.h"
#include "sim/study/run.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage_run(FILE *f)
{
    fputs("usage: relsim run [SCENARIO] [options]\n"
          "\n"
          "Runs the Monte Carlo trials of a scenario file (without SCENARIO, the embedded\n"
          "default: a 1,024-node, 8,192-GPU training cluster running a 30-day job) and writes\n"
          "trials.csv, summary.csv, run.txt and summary.png.\n"
          "\n"
          "options:\n"
          "  -o, --output DIR          output directory (default results/NAME, NAME from the\n"
          "                            scenario)\n"
          "      --set SECTION.KEY=V   override a key of the scenario (repeatable), e.g.\n"
          "                            --set cluster.spares=16 --set component.gpu.ttr=2d\n"
          "      --add SECTION.KEY=V   the same, and may create a [component.NAME], [job] or\n"
          "                            [sweep] section that --set refuses to create\n"
          "      --trials N            number of trials (same as --set scenario.trials=N)\n"
          "      --seed S              random seed, 0 to 4294967295\n"
          "      --threads T           threads (default: all cores); results do not depend on T\n"
          "      --force               write into DIR even if it holds another scenario's results\n"
          "      --no-plot             do not draw summary.png\n"
          "      --precision H         add trials (the total doubling) until the 95% CI\n"
          "                            half-width of the metric is at most H (e.g. 1e-5 on\n"
          "                            service_availability for five nines)\n"
          "      --metric M            the metric of --precision (default service_availability\n"
          "                            with a [service], goodput with a [job], else\n"
          "                            availability)\n"
          "      --max-trials N        the budget of --precision (default 100 x the trials)\n"
          "  -q, --quiet               no summary table and no progress line\n"
          "  -h, --help                this text\n",
          f);
}

int cmd_run(int argc, char **argv)
{
    static const struct option opts[] = {{"output", required_argument, 0, 'o'},
                                         {"trials", required_argument, 0, 't'},
                                         {"seed", required_argument, 0, 's'},
                                         {"threads", required_argument, 0, 'j'},
                                         {"set", required_argument, 0, 'S'},
                                         {"force", no_argument, 0, 'F'},
                                         {"add", required_argument, 0, 'A'},
                                         {"quiet", no_argument, 0, 'q'},
                                         {"no-plot", no_argument, 0, 'P'},
                                         {"precision", required_argument, 0, 'p'},
                                         {"metric", required_argument, 0, 'm'},
                                         {"max-trials", required_argument, 0, 'M'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *outdir = NULL, *trials = NULL, *seed = NULL, *precision = NULL, *metric = NULL,
               *max_trials = NULL;
    cli_common co = CLI_COMMON_INIT;
    int c;
    char err[RC_MSG_MAX];
    uint64_t v;
    const char *cmdline = cli_command_line();
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
        switch (c) {
        case 't':
            trials = optarg;
            break;
        case 's':
            seed = optarg;
            break;
        case 'p':
            precision = optarg;
            break;
        case 'm':
            metric = optarg;
            break;
        case 'M':
            max_trials = optarg;
            break;
        case 'h':
            usage_run(stdout);
            return 0;
        default:
            if (cli_common_option(c, optarg, argv[optind - 1], "run", &co)) return EXIT_INPUT;
        }
    }
    const cli_sets sets = co.sets;
    outdir = co.outdir;
    int threads = co.threads, quiet = co.quiet, plot = co.plot, force = co.force;
    if (argc - optind > 1) {
        fprintf(stderr, "relsim run: one scenario at a time (got %d; see relsim run --help)\n",
                argc - optind);
        return EXIT_INPUT;
    }
    scn *s = cli_load(optind < argc ? argv[optind] : NULL, &sets);
    if (!s) return EXIT_INPUT;
    int rc = EXIT_INPUT;
    char *dir = NULL;
    if (trials && unit_parse_count(trials, 1, SCN_MAX_TRIALS, &s->trials, err, sizeof err)) {
        cli_bad_option("run", "--trials", err);
        goto out;
    }
    if (seed) {
        if (unit_parse_count(seed, 0, UINT32_MAX, &v, err, sizeof err)) {
            cli_bad_option("run", "--seed", err);
            goto out;
        }
        s->seed = (uint32_t)v;
    }
    double prec = 0;
    uint64_t budget = 0;
    int target = run_default_metric(s);
    if (precision && (unit_parse_number(precision, &prec, err, sizeof err) || !(prec > 0))) {
        cli_bad_option("run", "--precision", "expected a positive number");
        goto out;
    }
    if (metric) {
        char col[METRIC_NAME_MAX];
        target = metric_index(metric);
        if (target < 0 || !run_metric_column(s, target, col)) {
            char names[2048], msg[2300];
            metric_list_names(0, names, sizeof names);
            snprintf(msg, sizeof msg, "'%s' is not a metric of this scenario (expected one of %s)",
                     metric, names);
            cli_bad_option("run", "--metric", msg);
            goto out;
        }
        if (!precision) {
            cli_bad_option("run", "--metric", "only with --precision (the metric it judges)");
            goto out;
        }
    }
    if (max_trials) {
        if (unit_parse_count(max_trials, 2, SCN_MAX_TRIALS, &budget, err, sizeof err)) {
            cli_bad_option("run", "--max-trials", err);
            goto out;
        }
        if (!precision) {
            cli_bad_option("run", "--max-trials", "only with --precision (its trial budget)");
            goto out;
        }
        if (budget < s->trials) {
            cli_bad_option("run", "--max-trials", "fewer than the trials of the first round");
            goto out;
        }
    } else if (precision) {
        budget = s->trials <= SCN_MAX_TRIALS / 100 ? 100 * s->trials : SCN_MAX_TRIALS;
    }
    /* before simulating: a cluster that breaks faster than its crews repair cannot finish */
    {
        analytic_load load;
        char warn[600];
        analytic_capacity(s, &load);
        if (analytic_capacity_warning(s, &load, warn, sizeof warn))
            fprintf(stderr, "relsim run: warning: %s\n", warn);
    }
    int short_of_memory =
        mc_check_memory(s, threads ? threads : mc_default_threads(), err, sizeof err) != 0;
    if (short_of_memory) fprintf(stderr, "%s: %s\n", s->path, err);
    if (ranks_any(short_of_memory)) goto out; /* every MPI rank gives up together */
    dir = outdir ? strdup(outdir) : NULL;
    if (!outdir && asprintf(&dir, "results/%s", s->name) < 0) dir = NULL;
    if (!dir) {
        fprintf(stderr, "relsim run: out of memory\n");
        rc = EXIT_INTERNAL;
        goto out;
    }
    /* rank 0 looks at the directory; under MPI the others follow its answer */
    if (ranks_bcast_int(!force && ranks_is_root() && outdir_check(dir, s->name, err, sizeof err))) {
        fprintf(stderr, "relsim run: %s\n", err);
        goto out;
    }

    run_opts ro = {.outdir = dir,
                   .threads = threads,
                   .progress = !quiet && isatty(2),
                   .plot = plot,
                   .command_line = cmdline,
                   .precision = prec,
                   .metric = target,
                   .max_trials = budget};
    run_result res;
    cli_install_signals();
    int r = run_scenario(s, &ro, &res, err, sizeof err);
    if (r == RC_LIMIT) {
        fprintf(stderr, "%s: %s\n", s->path, err);
    } else if (r == RC_INTERRUPTED || mc_interrupted) {
        rc = cli_interrupted_exit();
    } else if (r != RC_OK) {
        fprintf(stderr, "relsim run: %s\n", err);
        rc = EXIT_INTERNAL;
    } else {
        s->trials = res.trials; /* more than asked, with a precision target */
        if (!quiet) summary_run(s, &ro, &res, stdout);
        /* the results are written; the picture's absence is said even with --quiet */
        if (res.plot_skipped) fprintf(stderr, "relsim run: %s\n", res.plot_msg);
        rc = 0;
    }
out:
    free(dir);
    free(s);
    return rc;
}
