/*
 * iheap: an indexed binary min-heap of n items (0 .. n-1), each with a key, for a model that must
 * know the smallest of many deadlines counted on a clock of its own (the cluster's hours of the
 * job's computation: engine.h's queue counts wall time). An item is in the heap at most once;
 * its key can be set, and it can be removed, in O(log n); the minimum is read in O(1). Ties go
 * to the lower item number, so the order never depends on the order of insertions.
 */
#ifndef RELSIM_SIM_ENGINE_IHEAP_H
#define RELSIM_SIM_ENGINE_IHEAP_H

#include <stdint.h>

typedef struct iheap iheap;

/* A heap of items 0 .. n-1, empty. NULL if out of memory. */
iheap *iheap_new(uint32_t n);
void iheap_free(iheap *h);

/* Empties it. */
void iheap_clear(iheap *h);

/* Puts item i in the heap with key `key`, or changes its key if it is in it. */
void iheap_set(iheap *h, uint32_t i, double key);

/* Takes item i out of the heap, if it is in it. */
void iheap_remove(iheap *h, uint32_t i);

/* 1 if item i is in the heap. */
int iheap_has(const iheap *h, uint32_t i);

/* Number of items in the heap. */
uint32_t iheap_size(const iheap *h);

/* The item of the smallest key (the heap must not be empty), and its key. */
uint32_t iheap_min(const iheap *h, double *key);

#endif
