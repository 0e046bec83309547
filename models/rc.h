/*
 * rc: the return codes of relsim's functions, one set for every layer.
 *
 * A function that can fail returns one of these (as an int) and, for RC_ERROR, RC_NOMEM and
 * RC_LIMIT, fills a message buffer (char *err, size_t n) that its caller passes up unchanged; only
 * the command line (sim/cli/) prints a message and turns a code into an exit status (cli.h:
 * EXIT_INTERNAL, EXIT_INPUT). Functions that only answer yes or no return 0 / 1 and say so in
 * their header.
 */
#ifndef RELSIM_MODELS_RC_H
#define RELSIM_MODELS_RC_H

/* Room for a message: enough for any text of ours quoting a path of PATH_MAX bytes twice. */
#define RC_MSG_MAX 10000

enum {
    RC_OK = 0,          /* done */
    RC_ERROR = -1,      /* failed (out of memory, cannot write, bad input): see the message */
    RC_INTERRUPTED = 1, /* stopped by a signal or a consumer before the end; nothing written */
    RC_LIMIT = 2,       /* a trial hit a safety limit: the scenario cannot finish (the message
                           says why); nothing written */
    RC_NOMEM = 3,       /* this scenario does not fit in the memory allowed (RLIMIT_AS, a cgroup):
                           nothing written; a batch reports it and goes on with the others */
};

#endif
