/*
 * batch: a folder of scenarios (and the sweep each declares in a [sweep] section) turned into one
 * results directory and one report.
 *
 *   OUT/NAME/        what `relsim run` writes, and analytic.csv
 *   OUT/NAME-sweep/  what `relsim sweep` writes, for a scenario with a [sweep] section
 *   OUT/report.csv, OUT/report.html, OUT/report.md
 *
 * Resumable: a scenario whose results are complete (its run.txt, written last, is there with the
 * same relsim version and scenario hash, and so are its other files) is not run again; anything
 * else is. Scenarios run one after the other, each on every core: the results are those of
 * `relsim run` on the scenario alone, bit for bit. A scenario that fails is reported and the
 * others still run.
 *
 * The steps, each a function: batch_add (the scenario files), batch_plan (load them, name their
 * directories, decide what needs running), batch_run_entry (one scenario and its sweep),
 * batch_report. Messages go to the error callback as they arise (the command line prints them)
 * and are kept with their entry for the report.
 */
#ifndef RELSIM_SIM_STUDY_BATCH_H
#define RELSIM_SIM_STUDY_BATCH_H

#include <stdint.h>

#include "analysis/report.h"
#include "models/rc.h"
#include "sim/scenario/scn.h"

typedef struct {
    char *file;
    scn *s;       /* NULL if it did not load */
    char *errors; /* its messages, '\n'-separated */
    char *dir, *sweep_dir;
    report_status status;
    int run_needed, sweep_needed;
    int run_ok;    /* its results are complete (ran now, or up to date): the report shows them even
                      if its sweep failed */
    uint64_t work; /* trials it will run (for a progress line) */
} batch_entry;

typedef struct {
    const char *out;         /* OUT */
    const char *const *sets; /* --set options, applied to every scenario */
    int nsets;
    int threads, plot, force;
    const char *command_line; /* recorded in every run.txt */
    void (*on_error)(void *ctx, const char *msg);
    void (*tick)(void *ctx, uint64_t done); /* trials done in the current entry so far */
    void *ctx;
} batch_opts;

typedef struct {
    batch_opts o;
    batch_entry *v;
    int n, cap;
    uint64_t offset;         /* trials of the current entry done before its current study */
    struct resultset *report; /* OUT's report set, held (and OUT locked) from batch_begin on */
} batch;

/* Adds a scenario file, or every .ini file of a directory (not its subdirectories) in name
 * order; a directory without one, or an .ini entry that cannot be read (a dangling or looping
 * link, a directory), is a failed entry with its message. RC_OK, or RC_ERROR (out of memory). */
int batch_add(batch *b, const char *path);

/* Creates OUT and takes it for this batch: a second batch into OUT is refused while this one
 * runs, and a report.csv, report.md or report.html there that relsim did not write is refused
 * unless force. RC_OK, or RC_ERROR with a message. */
int batch_begin(batch *b, char *err, size_t n);

/* Loads every entry and decides what runs: a scenario that does not load, whose name another
 * already has (or whose results directory would be another's sweep directory), or that lacks
 * the memory, fails; the others run unless up to date (or with force). Under MPI every rank
 * plans alike. RC_OK, or RC_ERROR (out of memory). */
int batch_plan(batch *b);

/* Runs entry i (its scenario, then its sweep) as planned. RC_OK (the entry itself may have
 * failed: its status says so), RC_INTERRUPTED, or RC_ERROR with a message (the batch cannot go
 * on: cannot write, out of memory). */
int batch_run_entry(batch *b, int i, char *err, size_t n);

/* Trials entry i will run at least (its scenario's and its sweep's), for a progress line. */
uint64_t batch_work(const batch *b, int i);

/* Writes OUT/report.{csv,html,md} from the files and publishes them together (after
 * batch_begin). RC_OK, or RC_ERROR with a message. */
int batch_report(batch *b, double wall_s, char *err, size_t n);

/* Entries that failed. */
int batch_failed(const batch *b);

void batch_free(batch *b);

#endif
