/*
 * cmd_analytic: `relsim analytic [SCENARIO]`: every closed form that applies to a scenario
 * (sim/analytic.h), printed and written to analytic.csv, without running a trial.
 */
#include "analysis/csvout.h"
#include "analysis/resultset.h"
#include "sim/study/analytic.h"
#include "models/rc.h"
#include "sim/cli/cli.h"
#include "sim/cli/summary.h"
#include "sim/study/mc.h"
#include "sim/study/run.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage_analytic(FILE *f)
{
    fputs("usage: relsim analytic [SCENARIO] [options]\n"
          "\n"
          "Lists every closed form that applies to the scenario (without SCENARIO, the embedded\n"
          "default), computed without simulating: system MTBF, Young's and Daly's intervals,\n"
          "Daly's expected makespan and what goes with it, the repairman chain, renewal-reward\n"
          "and k-of-n availability, the probability of no failure, the per-step law and a\n"
          "coarse model. Each says whether it is exact for relsim's model, approximate (and\n"
          "why), or does not apply (and why). Writes analytic.csv: quantity, value, fit,\n"
          "metric, formula, reference, note. `relsim run` shows the same beside its results.\n"
          "\n"
          "options:\n"
          "  -o, --output DIR          output directory (default results/NAME)\n"
          "      --set SECTION.KEY=V   override a key of the scenario (repeatable)\n"
          "      --add SECTION.KEY=V   the same, and may create a section --set would refuse\n"
          "      --force               write into DIR even if it holds another scenario's results\n"
          "  -q, --quiet               no table\n"
          "  -h, --help                this text\n",
          f);
}

int cmd_analytic(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, 0, 'o'}, {"set", required_argument, 0, 'S'},
        {"add", required_argument, 0, 'A'},
        {"force", no_argument, 0, 'F'},        {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'},         {0, 0, 0, 0}};
    const char *outdir = NULL;
    cli_common co = CLI_COMMON_INIT;
    int c;
    char err[RC_MSG_MAX];
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'h':
            usage_analytic(stdout);
            return 0;
        default:
            if (cli_common_option(c, optarg, argv[optind - 1], "analytic", &co)) return EXIT_INPUT;
        }
    }
    const cli_sets sets = co.sets;
    outdir = co.outdir;
    int quiet = co.quiet, force = co.force;
    if (argc - optind > 1) {
        fprintf(stderr,
                "relsim analytic: one scenario at a time (got %d; see relsim analytic --help)\n",
                argc - optind);
        return EXIT_INPUT;
    }
    scn *s = cli_load(optind < argc ? argv[optind] : NULL, &sets);
    if (!s) return EXIT_INPUT;
    int rc = EXIT_INPUT;
    char *dir = NULL;
    analytic_list *l = malloc(sizeof *l);
    if (!l) {
        fprintf(stderr, "relsim analytic: out of memory\n");
        rc = EXIT_INTERNAL;
        goto out;
    }
    dir = outdir ? strdup(outdir) : NULL;
    if (!outdir && asprintf(&dir, "results/%s", s->name) < 0) dir = NULL;
    if (!dir) {
        fprintf(stderr, "relsim analytic: out of memory\n");
        rc = EXIT_INTERNAL;
        goto out;
    }
    if (!force && outdir_check(dir, s->name, err, sizeof err)) {
        fprintf(stderr, "relsim analytic: %s\n", err);
        goto out;
    }
    analytic_compute(s, l);
    analytic_load load;
    char warn[512];
    analytic_capacity(s, &load);
    if (analytic_capacity_warning(s, &load, warn, sizeof warn))
        fprintf(stderr, "relsim analytic: warning: %s\n", warn);
    cli_install_signals();
    static const char *const outputs[] = {"analytic.csv", NULL};
    resultset *set = resultset_begin(dir, outputs, "analytic.csv", err, sizeof err);
    int bad = !set || analytic_write_csv(l, resultset_stage(set), err, sizeof err);
    if (!bad && !mc_interrupted) {
        bad = resultset_commit(set, err, sizeof err) != 0;
        set = NULL;
    }
    resultset_abort(set);
    if (mc_interrupted) {
        rc = cli_interrupted_exit();
        goto out;
    }
    if (bad) {
        fprintf(stderr, "relsim analytic: %s\n", err);
        rc = EXIT_INTERNAL;
        goto out;
    }
    if (!quiet) {
        summary_analytic(s, l, stdout);
        printf("\nwritten: %s/analytic.csv\n", dir);
    }
    rc = 0;
out:
    free(dir);
    free(l);
    free(s);
    return rc;
}
