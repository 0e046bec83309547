/*
 * main: the relsim command line.
 *
 *   relsim run [SCENARIO] [options]      sim/cmd_run.c
 *   relsim check [SCENARIO...] [options] sim/cmd_check.c
 *   relsim sweep [SCENARIO] --vary ...   sim/cmd_sweep.c
 *   relsim optimize [SCENARIO] --vary ... sim/cmd_optimize.c
 *   relsim batch DIR_OR_FILES... -o OUT  sim/cmd_batch.c
 *   relsim analytic [SCENARIO] [options] sim/cmd_analytic.c
 *   relsim fit LOG.csv [options]         sim/cmd_fit.c
 *
 * Exit status: 0 success, 1 internal error (out of memory, cannot write), 2 bad input (scenario,
 * options), 130 / 143 interrupted by SIGINT / SIGTERM (nothing written).
 */
#include "sim/cli/cli.h"
#include "sim/study/mc.h"
#include "sim/study/ranks.h"

#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
    fputs("usage: relsim COMMAND [ARGS]\n"
          "\n"
          "relsim simulates the reliability of GPU clusters that train large models: failures,\n"
          "detection, spares, repair crews, checkpoints and restores, over Monte Carlo trials.\n"
          "\n"
          "commands:\n"
          "  run [SCENARIO]     run a scenario and write CSV, a record and a plot\n"
          "  check SCENARIO...  check scenarios and print them resolved, without running\n"
          "  sweep [SCENARIO] --vary KEY=VALUES...\n"
          "                     compare a grid of variants on paired trials\n"
          "  optimize [SCENARIO] --vary KEY=VALUES... --minimize|--maximize METRIC\n"
          "                     the best point of a grid, by ranking and selection\n"
          "  analytic [SCENARIO]\n"
          "                     the closed forms that apply to a scenario, without running\n"
          "  batch DIR_OR_FILES... -o OUT\n"
          "                     run a folder of scenarios (resumable) into one HTML report\n"
          "  fit LOG.csv        fit laws of times to failure to a failure log\n"
          "\n"
          "  relsim COMMAND --help   options of a command\n"
          "  relsim --version        version\n"
          "\n"
          "Scenario files: docs/scenarios.md. The model: docs/model.md.\n",
          f);
}

static int dispatch(int argc, char **argv);

int main(int argc, char **argv)
{
    int m = ranks_init(&argc, &argv);
    if (m != 0) {
        fprintf(stderr, m > 0 ? "relsim: started as several MPI ranks, but this relsim was built "
                                "without MPI (make MPI=1, with Open MPI installed)\n"
                              : "relsim: MPI_Init failed\n");
        return EXIT_INTERNAL;
    }
    /* Under MPI only rank 0 speaks: the others compute their share of the trials in silence. */
    if (!ranks_is_root()) {
        if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
            return EXIT_INTERNAL;
    }
    if (cli_set_command_line(argc, argv)) return EXIT_INTERNAL;
    cli_install_signals();
    int rc = cli_finish(dispatch(argc, argv));
    ranks_finalize();
    return rc;
}

static int dispatch(int argc, char **argv)
{
    /* GSL reports domain errors through a handler that aborts by default: relsim checks results
     * itself (a NaN from an inverse CDF is a failed draw), so the handler is turned off. */
    gsl_set_error_handler_off();
    if (argc < 2) {
        usage(stderr);
        return EXIT_INPUT;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0) {
#ifdef RELSIM_MPI
        printf("relsim %s (with MPI)\n", RELSIM_VERSION);
#else
        printf("relsim %s\n", RELSIM_VERSION);
#endif
        return 0;
    }
    if (strcmp(cmd, "run") == 0) return cmd_run(argc - 1, argv + 1);
    if (strcmp(cmd, "check") == 0) return cmd_check(argc - 1, argv + 1);
    if (strcmp(cmd, "sweep") == 0) return cmd_sweep(argc - 1, argv + 1);
    if (strcmp(cmd, "optimize") == 0) return cmd_optimize(argc - 1, argv + 1);
    if (strcmp(cmd, "batch") == 0) return cmd_batch(argc - 1, argv + 1);
    if (strcmp(cmd, "analytic") == 0) return cmd_analytic(argc - 1, argv + 1);
    if (strcmp(cmd, "fit") == 0) return cmd_fit(argc - 1, argv + 1);
    fprintf(
        stderr,
        "relsim: unknown command '%s' (expected run, check, sweep, optimize, analytic, batch or "
        "fit; see relsim --help)\n",
        cmd);
    return EXIT_INPUT;
}
