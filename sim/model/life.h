/*
 * life: the component lives of every node, drawn without one draw per component.
 *
 * A node holds count_c components of each kind c, each with its own time-to-failure law; the
 * node fails when its first component fails, and the repair renews that component only (the
 * others keep their age). Drawing every component's life at the start of every trial is what
 * would dominate a large study, so components are kept in cohorts: units of kinds that share a
 * group and the same age. A cohort's next failure is one draw of the first failure among its
 * units (dist_cond_min); which unit failed is chosen when it fails, in proportion to hazards.
 *
 * Groups (fixed per scenario):
 *   - every exponential kind joins one group: the rates add, and memorylessness means the cohort
 *     never splits (a renewed unit is indistinguishable from the ones that did not fail);
 *   - Weibull kinds of equal shape join one group: at equal age their hazards stand in the fixed
 *     ratio scale^-k, so the cohort is one Weibull of scale (sum n_c scale_c^-k)^(-1/k);
 *   - any other kind is a group of its own (n units of one law: the minimum of n lives).
 * When a unit of a Weibull or other cohort fails, the cohort keeps its other units (their
 * remaining life redrawn conditionally on their age) and the renewed unit starts a new cohort of
 * age 0. tests/test_life.c checks that the node failure process has the same law as one drawn
 * component by component.
 *
 * A kind that replays a trace (scn_component.trace) is in no group: its failures are the
 * cluster's (cluster.c), and a scenario whose every kind is traced has no group at all.
 *
 * Ageing is counted in node age (hours the node has aged); the cluster maps it to time. A node
 * stops ageing when it fails (the age at a failure is exactly the cohort's failure age) or when
 * the cluster says so (life_aged: its failure domain went down).
 */
#ifndef RELSIM_SIM_MODEL_LIFE_H
#define RELSIM_SIM_MODEL_LIFE_H

#include <stdint.h>

#include "sim/scenario/scn.h"
#include "sim/engine/stream.h"

typedef struct life_model life_model;
typedef struct life life;

/* The groups of a scenario's components that age always (scn_component.ages). NULL if out of
 * memory. */
life_model *life_model_new(const scn *s);
/* The groups of the components that age only while the job computes (ages = computing): the
 * cluster keeps them in a model of their own, their age counted in hours of computation (their
 * lives draw from a purpose of their own: life_set_purpose). A model of no component never
 * fails (life_remaining is infinite). NULL if out of memory. */
life_model *life_model_new_work(const scn *s);
/* The groups of the traced kinds' laws past their traces' end (trace_end = LAW): the kinds'
 * numbers are still those of scn.comp. No group when there is none. NULL if out of memory. */
life_model *life_model_new_fallback(const scn *s);
void life_model_free(life_model *m);
/* Number of groups (one draw each per node at the start of a trial). */
int life_model_groups(const life_model *m);

/*
 * The Poisson shortcut. When every component's life is exponential, a node that ages fails at the
 * constant rate 1/mean whatever its age and history, so the failures of the ageing nodes are a
 * thinned Poisson process: points at rate k/mean fall uniformly on k places (slots, or nodes) that
 * can hold an ageing node, and a point where no node ages is ignored (Lewis & Shedler 1979). The
 * cluster then needs one timer for all its nodes and no draw per node at the start of a trial
 * (cluster.c). Returns mean, the mean life of one node, if the shortcut applies, else 0.
 */
double life_model_poisson_mean(const life_model *m);
/* 0: refuse the shortcut (tests compare both ways); 1: the default. */
void life_model_allow_poisson(life_model *m, int allow);
/* Under the shortcut, the component kind of a failure from uniform u (kinds in proportion to
 * count x rate). */
int life_model_pick_kind(const life_model *m, double u);

/* Cohorts of n nodes, for one thread, drawing from stream purpose STREAM_LIFE. NULL if out of
 * memory. */
life *life_new(const life_model *m, uint32_t n);
/* Its draws from another purpose (the kinds that age while computing; traced kinds' laws past
 * their traces' end). Before life_reset. */
void life_set_purpose(life *L, uint32_t purpose);
void life_free(life *L);

/* Gives every node new components (age 0) and draws their first failures from the current
 * trial's streams. Returns 0, or -1 if out of memory. */
int life_reset(life *L, stream *r);

/* Gives the node new components (age 0), as life_reset does, their lives drawn from its stream
 * where it left off (a node that replaces a retired one, docs/model.md "Repairs and the
 * fleet"). Returns 0, or -1 if out of memory. */
int life_renew(life *L, stream *r, uint32_t node);

/* Hours of ageing left before node's next failure. */
double life_remaining(const life *L, uint32_t node);

/* The node has aged `hours` more without failing (fewer than life_remaining): it stops ageing
 * now and will go on later (a node whose failure domain went down). */
void life_aged(life *L, uint32_t node, double hours);

/* The node fails now (it has aged life_remaining): picks the failed component, renews it and
 * redraws what must be redrawn. Returns the failed component kind (index into scn.comp), or -1
 * if out of memory. */
int life_fail(life *L, stream *r, uint32_t node);

#endif
