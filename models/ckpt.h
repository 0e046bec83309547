/*
 * ckpt: checkpoint policies: when a job writes its checkpoints.
 *
 * A policy is written in a scenario as a duration of computation between checkpoints ("30m"),
 * as "young" or "daly" (the interval that minimises the expected makespan to first order,
 * Young 1974, or to higher order, Daly 2006, given the mean checkpoint cost and the system MTBF),
 * or as "none" (the job never checkpoints: a failure loses everything).
 */
#ifndef RELSIM_MODELS_CKPT_H
#define RELSIM_MODELS_CKPT_H

#include <stddef.h>

typedef enum { CKPT_INTERVAL, CKPT_YOUNG, CKPT_DALY, CKPT_NONE } ckpt_kind;

typedef struct {
    ckpt_kind kind;
    double interval; /* hours of computation between checkpoints; INFINITY for none */
} ckpt_policy;

/* Parses a policy; a duration must be positive. Returns 0, or -1 with a message. */
int ckpt_parse(const char *s, ckpt_policy *p, char *err, size_t errlen);

/* Fills p->interval from the mean checkpoint cost d and the system MTBF M (hours) for young and
 * daly; leaves fixed intervals alone; INFINITY for none. Returns 0, or -1 with a message when
 * young or daly cannot be resolved (d or M not positive). */
int ckpt_resolve(ckpt_policy *p, double d, double M, char *err, size_t errlen);

/* "young", "daly", "none" or "interval". */
const char *ckpt_kind_name(ckpt_kind kind);

#endif
