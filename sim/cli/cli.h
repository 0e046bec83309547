/*
 * cli: what the relsim commands share: exit statuses, --set options, loading a scenario with
 * them, signals, and messages about options.
 */
#ifndef RELSIM_SIM_CLI_CLI_H
#define RELSIM_SIM_CLI_CLI_H

#include <stddef.h>

#include "sim/scenario/scn.h"

#define EXIT_INTERNAL 1 /* out of memory, cannot write */
#define EXIT_INPUT 2    /* bad scenario, bad option, a scenario that cannot finish */

#define CLI_MAX_SETS 60

/* The --set and --add options of a command, in the order given: a --set as its argument, an
 * --add as "--add ARG" (scn_load's form for an option that may create a section). */
typedef struct {
    const char *v[CLI_MAX_SETS];
    int n;
} cli_sets;

/* Adds one --set argument; returns 0, or EXIT_INPUT after a message if there are too many. */
int cli_add_set(cli_sets *sets, const char *arg, const char *cmd);

/* Adds one --add argument; returns 0, or EXIT_INPUT after a message if there are too many. */
int cli_add_add(cli_sets *sets, const char *arg, const char *cmd);

/* The options several commands share. */
typedef struct {
    cli_sets sets; /* --set and --add */
    const char *outdir; /* -o, --output: NULL for the command's default */
    int threads;   /* --threads, 0: all cores */
    int force;     /* --force */
    int plot;      /* 1 unless --no-plot */
    int quiet;     /* -q, --quiet */
} cli_common;

#define CLI_COMMON_INIT                                                                            \
    {                                                                                              \
        .plot = 1                                                                                  \
    }

/* The options a command does not handle itself, getopt's c with optarg arg; word is the argument
 * it came from (argv[optind - 1]). Takes the shared ones: 'o' --output, 'S' --set, 'A' --add,
 * 'j' --threads, 'F' --force, 'P' --no-plot, 'q' --quiet. Returns 0 if it took c, else EXIT_INPUT
 * after a message: a bad value (an -o that is empty or holds a control character, which no
 * results directory needs and which would let a name start a new line in a record or a script),
 * or an option unknown to the command or missing its argument. */
int cli_common_option(int c, const char *arg, const char *word, const char *cmd, cli_common *co);

/* Loads a scenario file (the embedded default when path is NULL) with the --set options. On
 * error prints every message to stderr and returns NULL. The result is freed with free(). */
scn *cli_load(const char *path, const cli_sets *sets);

/* "relsim CMD: OPT: MSG" on stderr; returns EXIT_INPUT. */
int cli_bad_option(const char *cmd, const char *opt, const char *msg);

/* The command line as one string (any length), every argument as a POSIX shell would need it
 * quoted, for run records: set once by main, read by the commands. -1 when out of memory. */
int cli_set_command_line(int argc, char **argv);
const char *cli_command_line(void);

/* The one signal policy of every command (cli.c says it whole): installed by main. SIGINT,
 * SIGTERM, SIGHUP stop the work at the next safe point, nothing published; a second one at once.
 * cli_interrupted_exit prints why and returns 128 + the signal. */
void cli_install_signals(void);
int cli_interrupted_exit(void);

/* What main returns: rc, unless a signal arrived while the results were being published (they
 * are whole: said so, 128 + the signal) or standard output could not be written (said so,
 * EXIT_INTERNAL). */
int cli_finish(int rc);

int cmd_run(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_optimize(int argc, char **argv);
int cmd_batch(int argc, char **argv);
int cmd_analytic(int argc, char **argv);
int cmd_fit(int argc, char **argv);

#endif
