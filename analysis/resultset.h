/*
 * resultset: the files of one result (a run's trials.csv, summary.csv, run.txt, summary.png; a
 * sweep's; a batch's report) published into their directory as a unit: a reader sees the whole
 * previous set or the whole new one, never a mix, and a run that fails or is interrupted leaves
 * the directory as it was.
 *
 * The protocol:
 *   begin   creates the directory if needed (and remembers that it did), takes an exclusive lock
 *           on it (flock(2) on the directory itself: a second writer is refused at once, with
 *           the lock holder named where it can be), removes the staging directories that a
 *           killed run left behind, and makes a private staging directory inside it,
 *           DIR/.relsim-stage-XXXXXX (mkdtemp(3): a fresh, unpredictable name, mode 0700), in
 *           which every file of the set is written. Nothing there can have been planted.
 *   commit  fsyncs the staged files and the staging directory; then, with SIGINT, SIGTERM and
 *           SIGHUP held (sigprocmask), removes the previous set's record (the file whose
 *           presence says "this set is complete", e.g. run.txt), removes the previous set's
 *           other outputs that the new set does not have, renames each staged file into DIR
 *           (the record last), fsyncs DIR and removes the staging directory. A kill -9 in that
 *           window leaves files without their record: readers (batch resume) treat a set without
 *           its record as absent.
 *   abort   removes the staging directory and what is in it, and DIR itself if begin created it
 *           and it is still empty.
 *
 * resultset_abort_all is async-signal-safe (unlink and rmdir of paths prepared beforehand): the
 * signal policy of sim/cli calls it when a second signal asks to stop at once (after killing
 * gnuplot, plot_abort_child, so that nothing writes into a stage being removed).
 */
#ifndef RELSIM_ANALYSIS_RESULTSET_H
#define RELSIM_ANALYSIS_RESULTSET_H

#include <stddef.h>
#include <sys/types.h>

typedef struct resultset resultset;

/* Prepares DIR for a new set whose files may be any of `outputs` (NULL-terminated; the names a
 * set of this kind can have, so that commit can remove a previous set's files that the new one
 * lacks), `record` among them. NULL with a message. */
resultset *resultset_begin(const char *dir, const char *const *outputs, const char *record,
                           char *err, size_t n);

/* The staging directory: write the set's files there (analysis/outfile.h, csvout.h, plot.h). */
const char *resultset_stage(const resultset *r);

/* The target directory, as given to begin. */
const char *resultset_dir(const resultset *r);

/* Publishes the staged files (every regular file in the stage, each of which must be one of
 * the outputs). Returns 0, or -1 with a message; on failure before the first rename nothing is
 * published and the stage is removed. Frees r in every case. */
int resultset_commit(resultset *r, char *err, size_t n);

/* Removes the stage (and DIR if begin created it and it is empty). NULL is allowed. Frees r. */
void resultset_abort(resultset *r);

/* Removes every stage in progress; async-signal-safe. Returns 1 (and removes nothing) while a
 * commit is renaming files into place: the caller must then let it finish, not exit. */
int resultset_abort_all(void);

/* 1 if NAME is a staging directory's name (.relsim-stage-*): outdir_check counts it as ours. */
int resultset_is_stage_name(const char *name);

#endif
