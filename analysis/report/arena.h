/*
 * arena: the memory of everything the batch report reads, freed at once at the end.
 *
 * Blocks of ARENA_BLOCK bytes (or one of the size asked, when larger), 16-byte aligned pieces.
 * On exhaustion oom is set and the string helpers return "" instead of NULL, so that the code
 * reading files needs no error path for memory: report_write checks oom once, at the end.
 */
#ifndef RELSIM_ANALYSIS_REPORT_ARENA_H
#define RELSIM_ANALYSIS_REPORT_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    char *data;
} arena_block;

typedef struct {
    arena_block *head;
    int oom;
} arena;

/* n bytes, or NULL (oom set). */
void *arena_alloc(arena *A, size_t n);

/* Frees every block. */
void arena_free(arena *A);

/* A copy of the len bytes at s and a NUL, or "" (oom set). */
char *arena_strndup(arena *A, const char *s, size_t len);

/* The text printf would write, or "" (oom set, or a bad format). */
char *arena_printf(arena *A, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(arena *A, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

#endif
