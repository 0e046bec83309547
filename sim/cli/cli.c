/*
 * cli: helpers shared by the commands (see cli.h).
 */
#include "sim/cli/cli.h"
#include "analysis/outfile.h"
#include "analysis/plot.h"
#include "analysis/resultset.h"
#include "models/unit.h"
#include "sim/study/mc.h"
#include "sim/study/ranks.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The "--add ARG" texts of --add options, kept for the life of the process (a command's sets
 * point at them); freed by cli_finish. */
static char *added[CLI_MAX_SETS];
static int nadded;

int cli_add_set(cli_sets *sets, const char *arg, const char *cmd)
{
    if (sets->n == CLI_MAX_SETS) {
        fprintf(stderr, "relsim %s: --set: at most %d of them (with --add)\n", cmd, CLI_MAX_SETS);
        return EXIT_INPUT;
    }
    sets->v[sets->n++] = arg;
    return 0;
}

int cli_add_add(cli_sets *sets, const char *arg, const char *cmd)
{
    if (sets->n == CLI_MAX_SETS || nadded == CLI_MAX_SETS) {
        fprintf(stderr, "relsim %s: --add: at most %d of them (with --set)\n", cmd, CLI_MAX_SETS);
        return EXIT_INPUT;
    }
    if (asprintf(&added[nadded], "--add %s", arg) < 0) {
        added[nadded] = NULL;
        fprintf(stderr, "relsim: out of memory\n");
        return EXIT_INTERNAL;
    }
    sets->v[sets->n++] = added[nadded++];
    return 0;
}

/* For an unknown option or a missing argument (getopt's '?' or ':'). */
static int cli_unknown_option(const char *cmd, const char *arg)
{
    fprintf(stderr, "relsim %s: unknown option or missing argument '%s' (see relsim %s --help)\n",
            cmd, arg, cmd);
    return EXIT_INPUT;
}

/* -o: refused when empty or holding a control character (cli.h). */
static int cli_check_output(const char *cmd, const char *dir)
{
    if (!dir[0]) return cli_bad_option(cmd, "-o", "an empty directory name");
    for (const char *p = dir; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f) {
            char msg[160];
            snprintf(msg, sizeof msg,
                     "the directory name holds a control character (0x%02x at byte %d): choose "
                     "a name without one",
                     (unsigned char)*p, (int)(p - dir) + 1);
            return cli_bad_option(cmd, "-o", msg);
        }
    return 0;
}

int cli_common_option(int c, const char *arg, const char *word, const char *cmd, cli_common *co)
{
    char err[300];
    uint64_t v;
    switch (c) {
    case 'o':
        co->outdir = arg;
        return cli_check_output(cmd, arg);
    case 'S':
        return cli_add_set(&co->sets, arg, cmd);
    case 'A':
        return cli_add_add(&co->sets, arg, cmd);
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
    int nerr = scn_load(path, NULL, sets->v, sets->n, s, &errs); /* NULL: the embedded default */
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


static char *command_line;

/* A shell word: as it is when it holds only characters no shell treats specially, else in
 * single quotes, with each ' written as '\'' (control characters are escaped by the record). */
static void put_word(FILE *f, const char *a)
{
    int plain = *a != '\0';
    for (const char *p = a; *p; p++)
        if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./=:,+@%-", *p))
            plain = 0;
    if (plain) {
        fputs(a, f);
        return;
    }
    fputc('\'', f);
    for (const char *p = a; *p; p++)
        if (*p == '\'')
            fputs("'\\''", f);
        else
            fputc(*p, f);
    fputc('\'', f);
}

int cli_set_command_line(int argc, char **argv)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f) return -1;
    fputs("relsim", f);
    for (int i = 1; i < argc; i++) {
        fputc(' ', f);
        put_word(f, argv[i]);
    }
    if (fclose(f) != 0) {
        free(text);
        return -1;
    }
    free(command_line);
    command_line = text;
    return 0;
}

const char *cli_command_line(void)
{
    return command_line ? command_line : "relsim";
}

static volatile sig_atomic_t caught_signal = 0;

static const char *signal_name(int sig)
{
    return sig == SIGINT    ? "SIGINT"
           : sig == SIGTERM ? "SIGTERM"
           : sig == SIGHUP  ? "SIGHUP"
                            : "a signal";
}

/* The one signal policy, for every command. SIGINT, SIGTERM and SIGHUP: the first stops the
 * work at the next safe point (after the trials in flight, or by killing a gnuplot in progress)
 * and nothing is published; a second one, or any under MPI (where a rank that died leaves the
 * others waiting in a collective that never completes: mpirun then signals them), removes every
 * temporary and staging directory at once and exits, unless a result set is being renamed into
 * place (a few system calls): that finishes first. SIGXFSZ is ignored, so that a file-size
 * limit is a write error with its message (EFBIG), not a silent death. */
static void on_signal(int sig)
{
    int now = mc_interrupted || ranks_count() > 1;
    if (!caught_signal) caught_signal = sig;
    mc_interrupted = 1;
    plot_abort_child();
    if (now) {
        /* the temporaries first (their names are at hand: one unlink each), so that the stage is
         * empty and goes in one rmdir: mpirun follows its SIGTERM with a SIGKILL at once */
        outfile_abort_all();
        if (!resultset_abort_all()) _exit(128 + sig);
    }
}

void cli_install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGXFSZ, SIG_IGN);
}

int cli_interrupted_exit(void)
{
    int sig = caught_signal ? caught_signal : SIGINT;
    fprintf(stderr, "relsim: interrupted by %s; no output written\n", signal_name(sig));
    outfile_abort_all();
    caught_signal = 0; /* said */
    return 128 + sig;
}

int cli_finish(int rc)
{
    if (caught_signal && rc == 0) {
        /* the signal came while the results were being published: they are whole */
        fprintf(stderr,
                "relsim: interrupted by %s after its results were written (they are "
                "complete)\n",
                signal_name(caught_signal));
        rc = 128 + caught_signal;
    }
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "relsim: cannot write to standard output: %s\n",
                strerror(errno ? errno : EIO));
        if (rc == 0) rc = EXIT_INTERNAL;
    }
    free(command_line);
    command_line = NULL;
    for (int i = 0; i < nadded; i++)
        free(added[i]);
    nadded = 0;
    return rc;
}
