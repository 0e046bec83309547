/*
 * outfile: output files that are written whole or not at all.
 *
 * outfile_open creates a temporary beside PATH with a fresh, unpredictable name (".NAME.XXXXXX",
 * by mkostemp: O_CREAT | O_EXCL, so that nothing that already exists there, a planted symlink
 * least of all, is ever followed or truncated); outfile_commit flushes it, checks every write,
 * fsyncs it, closes it and renames it to PATH; outfile_abort closes and removes it. The message of
 * a failure names the real error (errno of the call that failed). Temporaries in progress are
 * registered so that outfile_abort_all (safe to call from a signal handler) can remove them.
 *
 * A set of files that belong together (a run's results) is published as a unit by
 * analysis/resultset.h, whose staging directory holds these files until then.
 */
#ifndef RELSIM_ANALYSIS_OUTFILE_H
#define RELSIM_ANALYSIS_OUTFILE_H

#include <stddef.h>
#include <stdio.h>

typedef struct outfile outfile;

/* Opens a temporary for PATH. NULL with a message on failure. */
outfile *outfile_open(const char *path, char *err, size_t n);

/* The stream to write to. */
FILE *outfile_stream(outfile *f);

/* The temporary's path. */
const char *outfile_tmp_path(const outfile *f);

/* Flushes, syncs, closes and renames into place. Returns 0, or -1 with a message (the temporary
 * is removed). */
int outfile_commit(outfile *f, char *err, size_t n);

/* Closes and removes the temporary. NULL is allowed. */
void outfile_abort(outfile *f);

/* Removes every temporary still open; async-signal-safe. */
void outfile_abort_all(void);

/* 1 if NAME is the name of an outfile temporary (".X.XXXXXX" with X a name): outdir_check counts
 * it as ours. */
int outfile_is_tmp_name(const char *name);

#endif
