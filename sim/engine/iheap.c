/*
 * iheap: an indexed binary min-heap (see iheap.h): heap[] holds item numbers in heap order,
 * pos[] each item's place in it (NONE when out), key[] each item's key.
 */
#include "sim/engine/iheap.h"

#include <stdlib.h>

#define NONE UINT32_MAX

struct iheap {
    uint32_t n, size;
    uint32_t *heap, *pos;
    double *key;
};

iheap *iheap_new(uint32_t n)
{
    iheap *h = calloc(1, sizeof *h);
    if (!h) return NULL;
    h->n = n;
    size_t m = n ? n : 1;
    h->heap = malloc(m * sizeof *h->heap);
    h->pos = malloc(m * sizeof *h->pos);
    h->key = malloc(m * sizeof *h->key);
    if (!h->heap || !h->pos || !h->key) {
        iheap_free(h);
        return NULL;
    }
    for (uint32_t i = 0; i < n; i++)
        h->pos[i] = NONE;
    h->size = 0;
    return h;
}

void iheap_free(iheap *h)
{
    if (!h) return;
    free(h->heap);
    free(h->pos);
    free(h->key);
    free(h);
}

void iheap_clear(iheap *h)
{
    for (uint32_t at = 0; at < h->size; at++)
        h->pos[h->heap[at]] = NONE;
    h->size = 0;
}

/* a before b: the smaller key, the lower item on a tie */
static int before(const iheap *h, uint32_t a, uint32_t b)
{
    return h->key[a] < h->key[b] || (h->key[a] == h->key[b] && a < b);
}

static void place(iheap *h, uint32_t at, uint32_t item)
{
    h->heap[at] = item;
    h->pos[item] = at;
}

static void up(iheap *h, uint32_t at)
{
    uint32_t item = h->heap[at];
    while (at > 0) {
        uint32_t parent = (at - 1) / 2;
        if (!before(h, item, h->heap[parent])) break;
        place(h, at, h->heap[parent]);
        at = parent;
    }
    place(h, at, item);
}

static void down(iheap *h, uint32_t at)
{
    uint32_t item = h->heap[at];
    for (;;) {
        uint32_t child = 2 * at + 1;
        if (child >= h->size) break;
        if (child + 1 < h->size && before(h, h->heap[child + 1], h->heap[child])) child++;
        if (!before(h, h->heap[child], item)) break;
        place(h, at, h->heap[child]);
        at = child;
    }
    place(h, at, item);
}

void iheap_set(iheap *h, uint32_t i, double key)
{
    h->key[i] = key;
    if (h->pos[i] == NONE) {
        place(h, h->size++, i);
        up(h, h->size - 1);
    } else {
        up(h, h->pos[i]);
        down(h, h->pos[i]);
    }
}

void iheap_remove(iheap *h, uint32_t i)
{
    uint32_t at = h->pos[i];
    if (at == NONE) return;
    h->pos[i] = NONE;
    uint32_t last = h->heap[--h->size];
    if (at == h->size) return;
    place(h, at, last);
    up(h, at);
    down(h, h->pos[last]);
}

int iheap_has(const iheap *h, uint32_t i)
{
    return h->pos[i] != NONE;
}

uint32_t iheap_size(const iheap *h)
{
    return h->size;
}

uint32_t iheap_min(const iheap *h, double *key)
{
    uint32_t i = h->heap[0];
    if (key) *key = h->key[i];
    return i;
}
