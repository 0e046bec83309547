/*
 * arena: one free for everything the report reads (see arena.h).
 */
#include "analysis/report/arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK (64u << 10)

void *arena_alloc(arena *A, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (!A->head || A->head->cap - A->head->used < n) {
        size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
        arena_block *b = malloc(sizeof *b);
        char *d = b ? malloc(cap) : NULL;
        if (!d) {
            free(b);
            A->oom = 1;
            return NULL;
        }
        *b = (arena_block){A->head, 0, cap, d};
        A->head = b;
    }
    void *p = A->head->data + A->head->used;
    A->head->used += n;
    return p;
}

void arena_free(arena *A)
{
    while (A->head) {
        arena_block *b = A->head;
        A->head = b->next;
        free(b->data);
        free(b);
    }
}

char *arena_strndup(arena *A, const char *s, size_t len)
{
    char *p = arena_alloc(A, len + 1);
    if (!p) return (char *)"";
    if (len) memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *arena_vprintf(arena *A, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int len = vsnprintf(NULL, 0, fmt, ap);
    char *p = len < 0 ? NULL : arena_alloc(A, (size_t)len + 1);
    if (p) vsnprintf(p, (size_t)len + 1, fmt, again);
    va_end(again);
    return p ? p : (char *)"";
}

char *arena_printf(arena *A, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = arena_vprintf(A, fmt, ap);
    va_end(ap);
    return p;
}
