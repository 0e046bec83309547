/*
 * main: the relsim command line.
 *
 *   relsim run [SCENARIO] [-o DIR] [--trials N] [--seed S] [--threads T] [--quiet] [--no-plot]
 *
 * Exit status: 0 success, 1 internal error (out of memory, cannot write), 2 bad input (scenario,
 * options), 130 / 143 interrupted by SIGINT / SIGTERM (nothing written).
 */
#include "analysis/outfile.h"
#include "models/units.h"
#include "sim/mc.h"
#include "sim/run.h"
#include "sim/scenario.h"

#include <getopt.h>
#include <gsl/gsl_errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXIT_INPUT 2

static volatile sig_atomic_t caught_signal = 0;

static void on_signal(int sig)
{
    if (mc_interrupted) { /* a second signal: do not wait for the trials in flight */
        of_abort_all();
        _exit(128 + sig);
    }
    caught_signal = sig;
    mc_interrupted = 1;
}

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

static int interrupted_exit(void)
{
    fprintf(stderr, "relsim: interrupted by %s; no output written\n",
            caught_signal == SIGTERM ? "SIGTERM" : "SIGINT");
    of_abort_all();
    return 128 + (caught_signal ? caught_signal : SIGINT);
}

/* GSL reports domain errors through a handler that aborts by default: relsim checks results
 * itself (a NaN from an inverse CDF is a failed draw), so the handler is turned off. */
static void gsl_quiet(void)
{
    gsl_set_error_handler_off();
}

static void join_args(int argc, char **argv, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < argc && used + 1 < len; i++) {
        const char *a = i == 0 ? "relsim" : argv[i];
        int quote = strpbrk(a, " \t'\"") != NULL;
        int w = snprintf(buf + used, len - used, quote ? "%s'%s'" : "%s%s", i ? " " : "", a);
        if (w < 0) break;
        used += (size_t)w;
        if (used >= len) used = len - 1;
    }
}

static void usage_run(FILE *f)
{
    fputs("usage: relsim run [SCENARIO] [options]\n"
          "\n"
          "Runs the Monte Carlo trials of a scenario file (without SCENARIO, the embedded\n"
          "default: a 1,024-node, 8,192-GPU training cluster running a 30-day job) and writes\n"
          "trials.csv, summary.csv, run.txt and summary.png.\n"
          "\n"
          "options:\n"
          "  -o, --output DIR   output directory (default results/NAME, NAME from the scenario)\n"
          "      --trials N     number of trials (overrides [scenario] trials)\n"
          "      --seed S       random seed, 0 to 4294967295 (overrides [scenario] seed)\n"
          "      --threads T    threads (default: all cores); results do not depend on T\n"
          "      --no-plot      do not draw summary.png\n"
          "  -q, --quiet        no summary table and no progress line\n"
          "  -h, --help         this text\n",
          f);
}

static void usage(FILE *f)
{
    fputs("usage: relsim COMMAND [ARGS]\n"
          "\n"
          "relsim simulates the reliability of GPU clusters that train large models: failures,\n"
          "detection, spares, repair crews, checkpoints and restores, over Monte Carlo trials.\n"
          "\n"
          "commands:\n"
          "  run [SCENARIO]     run a scenario and write CSV, a record and a plot\n"
          "\n"
          "  relsim COMMAND --help   options of a command\n"
          "  relsim --version        version\n"
          "\n"
          "Scenario files: docs/scenarios.md. The model: docs/model.md.\n",
          f);
}

static int bad_option(const char *cmd, const char *opt, const char *msg)
{
    fprintf(stderr, "relsim %s: %s: %s\n", cmd, opt, msg);
    return EXIT_INPUT;
}

static int cmd_run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, 0, 'o'}, {"trials", required_argument, 0, 't'},
        {"seed", required_argument, 0, 's'},   {"threads", required_argument, 0, 'j'},
        {"quiet", no_argument, 0, 'q'},        {"no-plot", no_argument, 0, 'P'},
        {"help", no_argument, 0, 'h'},         {0, 0, 0, 0}};
    const char *outdir = NULL, *trials = NULL, *seed = NULL;
    int threads = 0, quiet = 0, plot = 1, c;
    char err[600];
    uint64_t v;
    char cmdline[2048];
    join_args(argc + 1, argv - 1, cmdline, sizeof cmdline);
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            outdir = optarg;
            break;
        case 't':
            trials = optarg;
            break;
        case 's':
            seed = optarg;
            break;
        case 'j':
            if (unit_parse_count(optarg, 1, 1024, &v, err, sizeof err))
                return bad_option("run", "--threads", err);
            threads = (int)v;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'P':
            plot = 0;
            break;
        case 'h':
            usage_run(stdout);
            return 0;
        default:
            fprintf(stderr,
                    "relsim run: unknown or incomplete option '%s' (see relsim run --help)\n",
                    argv[optind - 1]);
            return EXIT_INPUT;
        }
    }
    if (argc - optind > 1) {
        fprintf(stderr, "relsim run: one scenario at a time (got %d; see relsim run --help)\n",
                argc - optind);
        return EXIT_INPUT;
    }
    const char *path = optind < argc ? argv[optind] : NULL;

    scn *s = malloc(sizeof *s);
    scn_errors errs = {0};
    if (!s) return 1;
    int nerr = path ? scn_load_file(path, s, &errs)
                    : scn_load_text(scn_default_text, "scenarios/default.ini", s, &errs);
    if (nerr) {
        scn_errors_print(&errs, stderr);
        scn_errors_free(&errs);
        free(s);
        return EXIT_INPUT;
    }
    if (trials) {
        if (unit_parse_count(trials, 1, SCN_MAX_TRIALS, &s->trials, err, sizeof err)) {
            free(s);
            return bad_option("run", "--trials", err);
        }
    }
    if (seed) {
        if (unit_parse_count(seed, 0, UINT32_MAX, &v, err, sizeof err)) {
            free(s);
            return bad_option("run", "--seed", err);
        }
        s->seed = (uint32_t)v;
    }
    if (mc_check_memory(s, threads ? threads : mc_default_threads(), err, sizeof err)) {
        fprintf(stderr, "%s: %s\n", s->path, err);
        free(s);
        return EXIT_INPUT;
    }
    char dir[1100];
    if (outdir)
        snprintf(dir, sizeof dir, "%s", outdir);
    else
        snprintf(dir, sizeof dir, "results/%s", s->name);

    run_opts ro = {.outdir = dir,
                   .threads = threads,
                   .progress = !quiet && isatty(2),
                   .plot = plot,
                   .command_line = cmdline};
    run_result res;
    install_signals();
    int rc = run_scenario(s, &ro, &res, err, sizeof err);
    if (rc == TRIAL_LIMIT) {
        fprintf(stderr, "%s: %s\n", s->path, err);
        free(s);
        return EXIT_INPUT;
    }
    if (rc > 0 || mc_interrupted) {
        free(s);
        return interrupted_exit();
    }
    if (rc < 0) {
        fprintf(stderr, "relsim run: %s\n", err);
        free(s);
        return 1;
    }
    if (!quiet) run_print_summary(s, &ro, &res, stdout);
    free(s);
    return 0;
}

int main(int argc, char **argv)
{
    gsl_quiet();
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
        printf("relsim %s\n", RELSIM_VERSION);
        return 0;
    }
    if (strcmp(cmd, "run") == 0) return cmd_run(argc - 1, argv + 1);
    fprintf(stderr, "relsim: unknown command '%s' (expected run; see relsim --help)\n", cmd);
    return EXIT_INPUT;
}
