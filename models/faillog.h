/*
 * faillog: failure logs read into lives for models/fit.h, with a precise message for every
 * mistake ("path:line: what is wrong (what was expected)").
 *
 * Two formats, told apart by their header row (CSV, columns in any order, further columns
 * ignored; '#' starts a comment line; blank lines are skipped; a UTF-8 byte order mark and CRLF
 * line ends are accepted):
 *
 *   An interval table, one row per life of a unit:  unit,kind,start_h,end_h,failed
 *     start_h and end_h are clock times in hours (a number, or a duration with its unit, "52d");
 *     the life is end_h - start_h, which must be positive; failed is 1 for a failure at end_h, 0
 *     for a life still running when observation stopped (right-censored). An optional column
 *     entry_h (start_h <= entry_h < end_h, empty for none) says when observation of the life
 *     began: the life is then left-truncated at the age entry_h - start_h. The lives of one unit
 *     must come in order and not overlap.
 *
 *   An event log, one row per event:  time,node,component,event
 *     event is fail or repair; time is hours (a number, or a duration with its unit) or ISO 8601
 *     (2024-03-01, 2024-03-01T12:00, 2024-03-01 12:00:30.5, with Z or an offset such as +02:00;
 *     none means UTC), one kind of time throughout, in order (ties allowed). A unit is a (node,
 *     component) pair; a component named KIND:ID (gpu:3, the fourth GPU of its node) is of kind
 *     KIND, so that a node's several GPUs are units of one kind. Each unit alternates: a fail, then
 * its repair, then its next fail... A repair with no failure of its unit before it, or a second
 * failure without a repair between, is an error. The window START,END (the period the log observes,
 * in the log's kind of time) turns events into lives: a life runs from a repair to the unit's next
 * failure, or is censored at END if it is still running then. A life that began before START and is
 * still running at START is left-truncated at its age then (START - its repair); one that ended by
 *     START is not observed. Lives whose beginning the log does not show (a unit's life before
 *     its first failure in the log) are not counted: their age is unknown, and the units that
 *     never fail are not in an event log at all, so counting them would bias every estimate.
 *     Events after END are checked but give no lives.
 *
 * Times of ISO 8601 become hours since 1970-01-01T00:00Z (proleptic Gregorian calendar, no leap
 * seconds). Pinned by tests/fit.sh (every message, on the files of tests/fit/bad/) and
 * tests/test_fit.c (the lives of a hand-worked event log).
 *
 * The format is shared: `relsim fit` reads logs into lives (faillog_read), and a scenario's
 * replayed trace (`ttf = trace(FILE)`, sim/scenario) reads an event log's events themselves
 * (faillog_read_events), with the same checks and messages.
 */
#ifndef RELSIM_MODELS_FAILLOG_H
#define RELSIM_MODELS_FAILLOG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "models/fit.h"

typedef enum { FAILLOG_INTERVALS, FAILLOG_EVENTS } faillog_format;

typedef struct {
    const char *unit; /* the interval table's unit, or "node/component" */
    const char *kind; /* the kind, or the component */
    fit_life life;
    int line; /* the row of the life, or the event that ended it (0: censored at END) */
} faillog_life;

/* One event of an event log (faillog_read_events). */
typedef struct {
    double time;   /* hours (ISO 8601: since 1970-01-01T00:00Z) */
    uint32_t node; /* index into faillog.nodes */
    const char *kind; /* the component's kind (gpu for gpu:3) */
    int fail;         /* 1 fail, 0 repair */
    int line;
} faillog_event;

typedef struct {
    faillog_format format;
    size_t n;
    faillog_life *lives;
    size_t rows;  /* data rows read */
    size_t units; /* distinct units */
    int nkinds;   /* distinct kinds, in order of first appearance */
    const char **kinds;
    /* event logs */
    int iso;               /* times were ISO 8601 */
    double start, end;     /* the window, in hours of the log's clock */
    size_t unknown_origin; /* failures ending a life whose beginning the log does not show */
    size_t before_window;  /* lives that ended by START: not observed */
    size_t after_window;   /* events after END: checked, not used */
    /* faillog_read_events only: every event in the log's order, and the nodes in order of
     * first appearance */
    size_t nevents;
    faillog_event *events;
    size_t nnodes;
    const char **nodes;
    /* storage */
    char **strings_;
    size_t nstrings_, capstrings_;
} faillog;

/* The messages of a log that cannot be read, in file order; at most FAILLOG_MAX_ERRORS of them,
 * then one saying how many more there were. */
#define FAILLOG_MAX_ERRORS 20
typedef struct {
    char **msg;
    int n;
    size_t more;
} faillog_errors;

/* Reads the log at path. window is --window's text ("START,END") or NULL; an event log needs
 * one, an interval table takes none. Returns 0, or the number of errors (> 0; errs has their
 * messages, log is empty), or -1 when out of memory (a message in errs). */
int faillog_read(const char *path, const char *window, faillog *log, faillog_errors *errs);

/* Reads the event log at path for its events (log->events, log->nodes; no lives, no window),
 * with every check of faillog_read; an interval table is an error. Returns as faillog_read. */
int faillog_read_events(const char *path, faillog *log, faillog_errors *errs);

void faillog_free(faillog *log);
void faillog_errors_free(faillog_errors *e);
/* Prints every message, one per line. */
void faillog_errors_print(const faillog_errors *e, FILE *f);

/* Parses an ISO 8601 date and time (the forms above) into hours since 1970-01-01T00:00Z.
 * Returns 0, or -1 if s is not one. */
int faillog_parse_iso(const char *s, double *hours);

#endif
