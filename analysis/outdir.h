/*
 * outdir: the directories results are written to: their paths, their creation, and the guard
 * against writing over what is not ours.
 */
#ifndef RELSIM_ANALYSIS_OUTDIR_H
#define RELSIM_ANALYSIS_OUTDIR_H

#include <stddef.h>

/* The name a result set's staging directory starts with (analysis/resultset.h). */
#define OUTDIR_STAGE_PREFIX ".relsim-stage-"

/* dir/file, allocated (free it), with one slash however many dir ends with; NULL when out of
 * memory. */
char *outdir_join(const char *dir, const char *file);

/* mkdir -p: 0, or -1 with a message. */
int outdir_make(const char *path, char *err, size_t n);

/* Refuses (-1 with a message) to write into a directory that holds files other than relsim's
 * outputs, or the outputs of a scenario of another name than `scenario` (its run.txt says
 * which). */
int outdir_check(const char *dir, const char *scenario, char *err, size_t n);

#endif
