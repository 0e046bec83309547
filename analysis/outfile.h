/*
 * outfile: output files that are written whole or not at all.
 *
 * outfile_open writes to "PATH.tmp"; outfile_commit flushes, closes and renames it to PATH; outfile_abort
 * closes and removes it. Temporary files in progress are registered so that outfile_abort_all (safe
 * to call from a signal handler) can remove every one of them when a run is interrupted.
 */
#ifndef RELSIM_ANALYSIS_OUTFILE_H
#define RELSIM_ANALYSIS_OUTFILE_H

#include <stddef.h>
#include <stdio.h>

typedef struct outfile outfile;

/* Opens PATH.tmp for writing. NULL with a message on failure. */
outfile *outfile_open(const char *path, char *err, size_t n);

/* The stream to write to. */
FILE *outfile_stream(outfile *f);

/* The temporary path (for programs such as gnuplot that write the file themselves). */
const char *outfile_tmp_path(const outfile *f);

/* Closes and renames into place. Returns 0, or -1 with a message (the temporary is removed). */
int outfile_commit(outfile *f, char *err, size_t n);

/* Closes and removes the temporary. NULL is allowed. */
void outfile_abort(outfile *f);

/* Removes every temporary still open; async-signal-safe. */
void outfile_abort_all(void);

#endif
