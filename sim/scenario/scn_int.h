/*
 * scn_int.h: what the files of the scenario loader share; not for use outside sim/scenario/.
 *
 *   errors.c  the list of messages (scn_errors) and their wording: scn_error, scn_error_at
 *   keys.c    the sections and keys, one setter per key, and their lookups
 *   read.c    files, includes and --set options turned into items (libinih and our reader)
 *   load.c    scn_load: the items applied onto the defaults, then the checks of the whole
 *   write.c   scn_write and scn_hash
 *   table.c   a hash table of string pairs, for what the reader must find again quickly
 *
 * A load is one `loader`: read.c fills its list of items, load.c applies them in order.
 */
#ifndef RELSIM_SIM_SCENARIO_SCN_INT_H
#define RELSIM_SIM_SCENARIO_SCN_INT_H

#include <stddef.h>
#include <sys/types.h>

#include "sim/scenario/scn.h"

/* The longest line of a scenario file, in bytes without its line ending: libinih's buffer
 * (INI_MAX_LINE, 200) holds it, its newline and a NUL. Comment lines may be longer (read.c). */
#define LINE_MAX_BYTES 198

/* libinih keeps at most 49 characters of a section name (MAX_SECTION 50 in its ini.c) and cuts
 * longer ones silently; "component." takes 10 of them. Tier and domain names follow the same rules
 * (one limit for every kind of NAME, though "tier." and "domain." are shorter). */
#define MAX_COMPONENT_NAME 39

enum {
    SEC_NONE = -1,
    SEC_SCENARIO,
    SEC_CLUSTER,
    SEC_DETECTION,
    SEC_FAILOVER,
    SEC_JOB,
    SEC_SWEEP,
    SEC_SDC,
    SEC_SITE,
    SEC_SERVICE,
    SEC_COST,
    SEC_MAINT,
    SEC_FLEET,
    SEC_COMPONENT,
    SEC_TIER,
    SEC_DOMAIN
};

#define NFIXED 12 /* the sections before SEC_COMPONENT */

/* The keys of a [tier.NAME] section, for provenance (key_spec.id, loader.tier_key_at). */
enum {
    TK_EVERY,
    TK_COST,
    TK_RESTORE_COST,
    TK_LOST_ON,
    TK_REDUNDANCY,
    TK_SET_SIZE,
    TK_TTF,
    TK_TTR,
    TK_MODE,
    TK_SNAPSHOT,
    TK_WRITE_TIME,
    TK_N
};

/* The keys of a [component.NAME] section, for provenance (key_spec.id, loader.comp_key_at). */
enum {
    CK_COUNT,
    CK_TTF,
    CK_TTR,
    CK_REACH,
    CK_AGES,
    CK_AUTO_SUCCESS,
    CK_MANUAL_TTR,
    CK_BAD_REPAIR,
    CK_BAD_REPAIR_TTF,
    CK_TRACE_ASSIGN, /* the keys of a replayed trace (ttf = trace(FILE)) */
    CK_TRACE_END,
    CK_TRACE_PERIOD,
    CK_N
};

/* The keys of a [domain.NAME] section, for provenance (key_spec.id, loader.domain_key_at). */
enum { DK_SIZE, DK_TTF, DK_TTR, DK_N };

/* Where a value came from: a file (or a --set option) and a line (0 for an option). */
typedef struct {
    int file;
    int line;
} origin;

/* One line that matters: a section header (key NULL) or a key = value. */
typedef struct {
    char *section, *key, *value;
    origin at;
} item;

typedef struct {
    item *v;
    int n, cap;
} item_list;

/* A hash table from (a, b) to a positive number (b may be NULL): see table.c. */
typedef struct {
    char *a, *b;
    int value;
} scn_table_slot;

typedef struct {
    scn_table_slot *slot;
    size_t cap, n;
} scn_table;

#define MAX_FILES 64 /* files and --set options named in one load */
#define MAX_DEPTH 16 /* includes below the top file */

/* The whole load: the files read, the items they hold in the order they apply, and where each
 * value of the scenario came from. */
typedef struct {
    scn *s;
    scn_errors *errs;
    int nerr_start;
    char *files[MAX_FILES]; /* paths, or "--set ..." texts, as messages show them (scn_shown) */
    int nfiles;
    item_list items;
    struct {
        dev_t dev;
        ino_t ino;
        const char *path;
    } open[MAX_DEPTH + 1]; /* the chain of files being read, for cycles */
    int depth;
    scn_table kinds;           /* the component kinds named so far, in the order read */
    origin key_at[K_NKEYS];    /* line 0 and file -1: not given */
    int key_bad[K_NKEYS];      /* given but refused */
    origin section_at[NFIXED]; /* first header of each fixed section */
    origin comp_at[SCN_MAX_COMPONENTS];
    origin comp_key_at[SCN_MAX_COMPONENTS][CK_N]; /* count, ttf, ttr, reach, ... (CK_) */
    origin tier_at[SCN_MAX_TIERS];             /* in the order of s->tier until it is sorted */
    origin tier_key_at[SCN_MAX_TIERS][TK_N];
    int tier_key_bad[SCN_MAX_TIERS][TK_N]; /* given but refused */
    int tier_every_item[SCN_MAX_TIERS];    /* the item that set every last: of two tiers with
                                              one every, the one set later is the mistake */
    origin domain_at[SCN_MAX_DOMAINS];     /* in the order of s->domain until it is sorted */
    origin domain_key_at[SCN_MAX_DOMAINS][DK_N];
    int domain_key_bad[SCN_MAX_DOMAINS][DK_N];
    int domain_size_item[SCN_MAX_DOMAINS]; /* the item that set size last (as tier_every_item) */
    /* ttf = trace(FILE): the FILE as written, until finish resolves it (NULL: a law) */
    char *trace_arg[SCN_MAX_COMPONENTS];
} loader;


/* ---------------------------------------------------------------- errors.c */

/* An error about no particular file of the load (it sorts first). */
void scn_error(scn_errors *e, const char *path, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* An error about a line of a file of the load (or a --set option). */
void scn_error_at(loader *L, origin at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Puts the errors from `first` on in the order of their files and lines (stable). */
void scn_errors_sort(scn_errors *e, int first);

/* A copy of s (a path, an option) for messages, on one line: each control character but tab
 * written as \n, \r or \xHH. NULL out of memory; free it. */
char *scn_shown(const char *s);

/* ---------------------------------------------------------------- keys.c */

/* Parses v into the scenario, or into `sub`: the scn_component of a [component.NAME] key, the
 * scn_tier of a [tier.NAME] key, the scn_domain of a [domain.NAME] key (NULL for the fixed
 * sections); 0, or -1 with a message in err. */
typedef int (*key_setter)(scn *s, void *sub, const char *v, char *err, size_t n);

typedef struct {
    int section;
    const char *key;
    key_setter set;
    int id; /* scn_key for fixed sections; CK_ for components; TK_ for tiers; DK_ for domains */
} key_spec;

/* The SEC_ number of a section name; for a component, a tier or a domain, *sub_name is set to
 * its NAME. */
int scn_section_of(const char *name, const char **sub_name);

/* The keys of a section, for hints: up to max of them into out; returns how many. */
int scn_key_names(int section, const char **out, int max);

/* The name of a fixed section (SEC_SCENARIO to SEC_FLEET), or NULL. */
const char *scn_section_name(int section);

/* The key spec of (section, key), or NULL. */
const key_spec *scn_find_key(int sec, const char *key);

/* The keys of a section, for "expected ..." in messages. */
void scn_list_keys(int section, char *buf, size_t len);

/* The words of [tier.NAME] lost_on (SCN_LOST_*) and redundancy (SCN_REDUNDANCY_*) values, as
 * written in scenario files; NULL for a number that is none. */
const char *scn_lost_on_name(int lost_on);
const char *scn_redundancy_name(int redundancy);

/* 1 if a component name is one libinih keeps whole and a directory can hold (tier and domain
 * names too). */
int scn_component_name_ok(const char *cname);

/* ---------------------------------------------------------------- trace.c */

/* The trace of component `kind` in the event log at path (as resolved: relative to the working
 * directory), read once per process: 1 + its number for scn_component.trace, or 0 with every
 * error reported at `at` (the ttf line). */
int scn_trace_load(loader *L, origin at, const char *path, const char *kind);

/* ---------------------------------------------------------------- table.c */

/* The number stored for (a, b), or 0 if there is none. */
int scn_table_get(const scn_table *t, const char *a, const char *b);

/* Stores value (positive) for (a, b), replacing any; 0, or -1 out of memory. */
int scn_table_put(scn_table *t, const char *a, const char *b, int value);

void scn_table_free(scn_table *t);

/* ---------------------------------------------------------------- read.c */

/* Reads one file (or text), then its includes; appends to L->items the included files' items,
 * then its own. `from` is the include line that named it (file -1 for the top level). */
int scn_read_file(loader *L, const char *path, const char *text, origin from);

/* Turns "--set section.key=value" into items. */
void scn_read_override(loader *L, const char *text);

void scn_items_free(item_list *l);

#endif
