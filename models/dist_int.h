/*
 * dist_int: what the files of the dist module share (dist.c: the laws; dist_mixture.c: their
 * mixtures). Not part of dist.h's API.
 */
#ifndef RELSIM_MODELS_DIST_INT_H
#define RELSIM_MODELS_DIST_INT_H

#include "models/dist.h"

#define DIST_INPUT_MAX 256 /* dist_parse's text, blanks around it excluded, terminator included */

/* dist.c, for a law that is not a mixture. */

/* P(X <= t), computed as such (not as 1 - S(t)) so that the lower tail keeps its precision. */
double dist_law_cdf(const dist *d, double t);

/* The smallest x with P(X <= x) >= p, with q = 1 - p given apart so that the upper tail keeps
 * its precision. */
double dist_law_invert(const dist *d, double p, double q);

/* dist_mixture.c: the mixture's side of each function of dist.h. body is the text between the
 * mixture's '(' and its last ')'. */
int dist_mix_parse(const char *body, dist *d, char *err, size_t errlen);
char *dist_mix_format(const dist *d, char *buf, size_t len);
double dist_mix_mean(const dist *d);
double dist_mix_sd(const dist *d);
double dist_mix_survival(const dist *d, double t);
double dist_mix_density(const dist *d, double t);
double dist_mix_quantile(const dist *d, double u);
double dist_mix_cond_min(const dist *d, double n, double a, double u);

#endif
