/*
 * infile: opening a file that relsim reads back (run.txt, summary.csv, analytic.csv, a picture
 * for the report) without ever hanging or following a trap: the file is opened non-blocking (a
 * FIFO planted under the name does not wait for a writer), then refused unless it is a regular
 * file, then read as usual.
 */
#ifndef RELSIM_MODELS_INFILE_H
#define RELSIM_MODELS_INFILE_H

#include <stdio.h>

/* Opens path for reading ("rb"). NULL with errno set on failure: ENOENT and the like from open,
 * or EFTYPE-like EINVAL for what is not a regular file (infile_not_regular then says 1). */
FILE *infile_open(const char *path);

/* 1 if the last failed infile_open met something that is not a regular file. */
int infile_not_regular(void);

#endif
