/*
 * scn table: a hash table from a pair of strings (a, b) to a positive number, for what the
 * reader must find again without scanning everything read so far: the line on which a file
 * first set (section, key) or declared a section (b NULL), and the component kinds a load has
 * seen. Open addressing with linear probing, kept at most half full; FNV-1a over a, a separator,
 * then b. Loading a file is then linear in its lines, whatever their number.
 */
#include "sim/scenario/scn_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash_pair(const char *a, const char *b)
{
    uint64_t h = 14695981039346656037ull;
    for (const unsigned char *p = (const unsigned char *)a; *p; p++)
        h = (h ^ *p) * 1099511628211ull;
    h = (h ^ 0x100u) * 1099511628211ull; /* no byte of a string: a|b differs from ab|"" */
    if (!b) return h;
    for (const unsigned char *p = (const unsigned char *)b; *p; p++)
        h = (h ^ *p) * 1099511628211ull;
    return (h ^ 0x200u) * 1099511628211ull; /* b "" differs from b NULL */
}

static int same(const scn_table_slot *sl, const char *a, const char *b)
{
    if (strcmp(sl->a, a) != 0) return 0;
    if (!b || !sl->b) return !b && !sl->b;
    return strcmp(sl->b, b) == 0;
}

/* The slot holding (a, b), or the empty slot where it would go. */
static scn_table_slot *find(const scn_table *t, const char *a, const char *b)
{
    size_t mask = t->cap - 1;
    for (size_t i = (size_t)hash_pair(a, b) & mask;; i = (i + 1) & mask)
        if (!t->slot[i].a || same(&t->slot[i], a, b)) return &t->slot[i];
}

int scn_table_get(const scn_table *t, const char *a, const char *b)
{
    if (t->n == 0) return 0;
    const scn_table_slot *sl = find(t, a, b);
    return sl->a ? sl->value : 0;
}

static int grow(scn_table *t)
{
    size_t cap = t->cap ? 2 * t->cap : 64;
    scn_table_slot *old = t->slot;
    size_t old_cap = t->cap;
    t->slot = calloc(cap, sizeof *t->slot);
    if (!t->slot) {
        t->slot = old;
        return -1;
    }
    t->cap = cap;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].a) *find(t, old[i].a, old[i].b) = old[i];
    free(old);
    return 0;
}

int scn_table_put(scn_table *t, const char *a, const char *b, int value)
{
    if (2 * (t->n + 1) > t->cap && grow(t)) return -1;
    scn_table_slot *sl = find(t, a, b);
    if (sl->a) {
        sl->value = value;
        return 0;
    }
    char *ca = strdup(a), *cb = b ? strdup(b) : NULL;
    if (!ca || (b && !cb)) {
        free(ca);
        free(cb);
        return -1;
    }
    *sl = (scn_table_slot){ca, cb, value};
    t->n++;
    return 0;
}

void scn_table_free(scn_table *t)
{
    for (size_t i = 0; i < t->cap; i++) {
        free(t->slot[i].a);
        free(t->slot[i].b);
    }
    free(t->slot);
    t->slot = NULL;
    t->cap = t->n = 0;
}
