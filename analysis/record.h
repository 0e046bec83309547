/*
 * record: run.txt, the run record, its one writer and its one reader.
 *
 * relsim run and relsim sweep write one into every output directory; relsim batch reads it back
 * to decide what is up to date, the batch report to show what ran, and the output-directory
 * guard to see whose results a directory holds. The format:
 *
 *   ; relsim WHAT                        the first line: what the file is
 *   ; relsim: VERSION                    then the common header: the version that wrote it,
 *   ; command: relsim run x.ini          the command line,
 *   ; date: 2026-01-02T03:04:05Z         the date (UTC);
 *   ; scenario name: x                   then the writer's own "; key: value" lines, and
 *   ; vary cluster.spares = 0, 2         notes: header lines that are not "key: value"
 *                                        a blank line ends the header;
 *   [scenario]                           the body: the resolved scenario as an INI file
 *   name = x                             (scn_write), so that the file loads back as the
 *   ...                                  scenario that was run (the header is its comments)
 *
 * A header line is "key: value" when the text before its first ": " is 1 to RECORD_KEY_MAX
 * letters, digits and spaces ("wall time", "scenario hash"); any other header line is a note
 * (its text is kept whole). The first line is a note by this rule or, as "; relsim run record:
 * this file loads back...", a key of its own: readers look for the keys they know.
 *
 * Escapes: a header line is one line whatever a value holds. The writer writes a value (and a
 * note) with a backslash as \\, a newline as \n, a tab as \t, a carriage return as \r, any other
 * control byte (below 0x20, and 0x7f) as \xHH (two lowercase hex digits), and a space at either
 * end as \x20 (the reader trims blanks at the ends); every other byte (UTF-8 included) is written
 * as it is. The reader decodes the same escapes; a backslash followed by anything else is kept
 * as written. So a command line or a path holding a newline cannot start a line of its own, and
 * what is read back is what was written, byte for byte. Keys and the body are not escaped (keys
 * are relsim's own words; the body is scn_write's INI text).
 *
 * Reading takes any line length and any path length (lines are read with getline; nothing is
 * held in a fixed-size buffer). tests/test_record.c pins the round trip, a 10,000-byte command
 * line, a value with a newline, a missing file and malformed ones.
 */
#ifndef RELSIM_ANALYSIS_RECORD_H
#define RELSIM_ANALYSIS_RECORD_H

#include <stddef.h>
#include <stdio.h>

#include "analysis/outfile.h"

#define RECORD_KEY_MAX 39 /* the longest key, in bytes */

/* The keys of the header, each written by one writer and read back by the others. record_open
 * writes the first three; relsim run (sim/study/run.c) and relsim sweep (sim/study/sweep_out.c)
 * the others, each value as shown. */
#define RECORD_VERSION "relsim"              /* 0.1.0 */
#define RECORD_COMMAND "command"             /* the command line */
#define RECORD_DATE "date"                   /* 2026-01-02T03:04:05Z */
#define RECORD_SCENARIO_FILE "scenario file" /* the path given */
#define RECORD_SCENARIO_NAME "scenario name" /* names the results; the output guard reads it */
#define RECORD_SCENARIO_HASH "scenario hash" /* %016llx of scn_hash: batch's up-to-date check */
#define RECORD_SWEEP_HASH "sweep hash"       /* %016llx of scn_hash_with_sweep: the same */
#define RECORD_SEED "seed"                   /* 1 */
#define RECORD_TRIALS "trials"               /* 1000, then for a sweep "(per point, ...)" */
#define RECORD_THREADS "threads"             /* 2, then for a run "(results do not depend ...)" */
#define RECORD_WALL_TIME "wall time"         /* 0.123 s */
#define RECORD_SYSTEM_MTBF "system MTBF"     /* 6.186 h (a run) */
#define RECORD_POINTS "points"               /* 6 (a sweep) */
#define RECORD_METRIC "metric"               /* goodput (highest is best) (a sweep) */
#define RECORD_CLOSED_FORM "closed form"     /* the sweep's closed form, or "none applies" */

/* ---------------------------------------------------------------- writing */

/* Opens DIR/run.txt through outfile (whole or not at all: outfile_commit puts it in place,
 * outfile_abort drops it) and writes the first line "; relsim WHAT" and the common header:
 * "; relsim: VERSION", "; command: COMMAND" ("(library call)" when command is NULL) and
 * "; date: YYYY-MM-DDTHH:MM:SSZ". NULL with a message on failure. */
outfile *record_open(const char *dir, const char *what, const char *command, char *err, size_t n);

/* Writes the header line "; KEY: VALUE", VALUE formatted as by printf and escaped. KEY must be 1
 * to RECORD_KEY_MAX letters, digits and spaces. Returns RC_OK, or RC_ERROR (nothing written) for
 * a key that is not one or when out of memory. */
int record_put(outfile *of, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Writes the note "; TEXT", TEXT formatted as by printf and escaped. A note whose text has the
 * shape "key: value" reads back as that key: notes are for lines that do not. RC_OK or RC_ERROR
 * (out of memory; nothing written). */
int record_note(outfile *of, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Ends the header (a blank line) and returns the stream for the body, which the caller writes
 * (scn_write). Nothing may be put in the header after this. */
FILE *record_body(outfile *of);

/* ---------------------------------------------------------------- reading */

typedef struct {
    const char *key;   /* NULL for a note */
    const char *value; /* the value, or the note's text; decoded */
} record_line;

typedef struct {
    const char *section; /* "" before the first [section] */
    const char *key, *value;
    const char *comment; /* the inline comment after " ;", or NULL */
} record_entry;

typedef struct {
    int nheader;
    record_line *header; /* in file order */
    int nbody;
    record_entry *body; /* every "key = value" of the body, in file order */
    /* the storage of the strings above */
    char **lines_;
    size_t nlines_;
} record_file;

/* Reads DIR/run.txt. The header is the first lines that start with ';' (a line of ';' alone, a
 * blank line or any other line ends it); the body is the rest, read as INI: "[section]" and
 * "key = value ; comment" lines, every other line ignored. Blanks and a carriage return at the
 * ends of lines and fields are dropped. NULL with the reason on failure, without the path (the
 * caller says which file it is): "missing", "not a regular file", "cannot read: ...", "out of
 * memory", "malformed: not text" (a NUL byte) or "malformed: no '; key: value' record lines"
 * (no header). */
record_file *record_load(const char *dir, char *err, size_t n);

/* Frees what record_load returned; NULL is allowed. */
void record_free(record_file *r);

/* The value of the first header line of this key, or NULL. */
const char *record_get(const record_file *r, const char *key);

/* The version of relsim that wrote it: the "relsim" key, or a note "relsim VERSION" (one word)
 * as older sweep records have it; NULL if neither. */
const char *record_version(const record_file *r);

/* The body's entry KEY of [SECTION] (the first if repeated), or NULL; record_body_get gives
 * its value. */
const record_entry *record_body_find(const record_file *r, const char *section, const char *key);
const char *record_body_get(const record_file *r, const char *section, const char *key);

/* 1 if the body has an entry in [SECTION], else 0. */
int record_has_section(const record_file *r, const char *section);

#endif
