/*
 * cli: helpers shared by the commands (see cli.h).
 */
#include "sim/cli/cli.h"
#include "analysis/outfile.h"
#include "models/unit.h"
#include "sim/study/mc.h"
#include "sim/study/ranks.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cli_add_set(cli_sets *sets, const char *arg, const char *cmd)
{
    if (sets->n == CLI_MAX_SETS) {
        fprintf(stderr, "relsim %s: --set: at most %d of them\n", cmd, CLI_MAX_SETS);
        return EXIT_INPUT;
    }
    sets->v[sets->n++] = arg;
    return 0;
}

/* For an unknown option or a missing argument (getopt's '?' or ':'). */
static int cli_unknown_option(const char *cmd, const char *arg)
{
    fprintf(stderr, "relsim %s: unknown option or missing argument '%s' (see relsim %s --help)\n",
            cmd, arg, cmd);
    return EXIT_INPUT;
}

int cli_common_option(int c, const char *arg, const char *word, const char *cmd, cli_common *co)
{
    char err[300];
    uint64_t v;
    switch (c) {
    case 'S':
        return cli_add_set(&co->sets, arg, cmd);
    case 'j':
        if (unit_parse_count(arg, 1, 1024, &v, err, sizeof err))
            return cli_bad_option(cmd, "--threads", err);
        co->threads = (int)v;
        return 0;
    case 'F':
        co->force = 1;
        return 0;
    case 'P':
        co->plot = 0;
        return 0;
    case 'q':
        co->quiet = 1;
        return 0;
    }
    return cli_unknown_option(cmd, word);
}

scn *cli_load(const char *path, const cli_sets *sets)
{
    scn *s = malloc(sizeof *s);
    scn_errors errs = {0};
    if (!s) {
        fprintf(stderr, "relsim: out of memory\n");
        return NULL;
    }
    int nerr =
        path ? scn_load(path, NULL, sets->v, sets->n, s, &errs)
             : scn_load("scenarios/default.ini", scn_default_text, sets->v, sets->n, s, &errs);
    if (nerr) scn_errors_print(&errs, stderr);
    /* Under MPI every rank reads the files itself: all must agree, or they would part ways. */
    if (ranks_any(nerr != 0)) {
        if (nerr == 0)
            fprintf(stderr,
                    "relsim: another MPI rank could not load %s (the files must be at the "
                    "same path on every machine)\n",
                    path ? path : "the default scenario");
        scn_errors_free(&errs);
        free(s);
        return NULL;
    }
    scn_errors_free(&errs);
    return s;
}

int cli_bad_option(const char *cmd, const char *opt, const char *msg)
{
    fprintf(stderr, "relsim %s: %s: %s\n", cmd, opt, msg);
    return EXIT_INPUT;
}

void cli_join_args(int argc, char **argv, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < argc && used + 1 < len; i++) {
        const char *a = i == 0 ? "relsim" : argv[i];
        int quote = strpbrk(a, " \t'\"();") != NULL;
        int w = snprintf(buf + used, len - used, quote ? "%s'%s'" : "%s%s", i ? " " : "", a);
        if (w < 0) break;
        used += (size_t)w;
        if (used >= len) used = len - 1;
    }
}

static volatile sig_atomic_t caught_signal = 0;

static void on_signal(int sig)
{
    /* A second signal, or any under MPI (where a rank that died leaves the others waiting in a
     * collective that never completes: mpirun then signals them): do not wait. */
    if (mc_interrupted || ranks_count() > 1) {
        outfile_abort_all();
        _exit(128 + sig);
    }
    caught_signal = sig;
    mc_interrupted = 1;
}

void cli_install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

int cli_interrupted_exit(void)
{
    fprintf(stderr, "relsim: interrupted by %s; no output written\n",
            caught_signal == SIGTERM ? "SIGTERM" : "SIGINT");
    outfile_abort_all();
    return 128 + (caught_signal ? caught_signal : SIGINT);
}
