/*
 * cf_levels: the expected makespan of a job checkpointing to several tiers (models/cf.h states the
 * rules and the method; this file is the part of the cf module that solves a linear system).
 *
 * Vaidya (1998) and Moody et al. (SC'10) model two and several levels as Markov chains, Di et al.
 * (TPDS 2017) optimise the two-level intervals. relsim's rules keep only the newest checkpoint per
 * tier and let any failure class empty any set of tiers, so the state after a failure is the
 * holdings of every tier: the chain below is over the sets of tiers destroyed since the last
 * completed restore, and the unknowns are the expected times left after a completed restore, one
 * per checkpoint. It depends on GSL and libm only.
 */
#include "models/cf.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

/* The tiers sorted by every, ascending (index 0 is the every-1 tier); rank[i] is where the
 * caller's tier i went, to carry the destroy masks over to that order. */
typedef struct {
    unsigned L;
    unsigned every[CF_LEVELS_MAX_TIERS];
    double cost[CF_LEVELS_MAX_TIERS], restore[CF_LEVELS_MAX_TIERS];
} lv_tiers;

static int lv_sort(const cf_levels *c, lv_tiers *t, unsigned rank[CF_LEVELS_MAX_TIERS])
{
    if (!c || c->nlevels < 1 || c->nlevels > CF_LEVELS_MAX_TIERS || !c->every || !c->cost ||
        !c->restore)
        return -1;
    if (c->nclasses > 0 && (!c->rate || !c->down || !c->destroys)) return -1;
    t->L = c->nlevels;
    for (unsigned i = 0; i < t->L; i++) {
        if (c->every[i] < 1 || !(c->cost[i] >= 0) || !isfinite(c->cost[i]) ||
            !(c->restore[i] >= 0) || !isfinite(c->restore[i]))
            return -1;
        unsigned r = 0;
        for (unsigned j = 0; j < t->L; j++) {
            if (j != i && c->every[j] == c->every[i]) return -1; /* not distinct */
            if (c->every[j] < c->every[i]) r++;
        }
        rank[i] = r;
        t->every[r] = c->every[i];
        t->cost[r] = c->cost[i];
        t->restore[r] = c->restore[i];
    }
    return t->every[0] == 1 ? 0 : -1;
}

/* The tier checkpoint m (>= 1) is written to: the largest every dividing m. */
static unsigned lv_write_tier(const lv_tiers *t, unsigned m)
{
    unsigned i = t->L - 1;
    while (m % t->every[i] != 0)
        i--; /* every[0] = 1 divides m */
    return i;
}

/* The failures, summed over the classes: after one, the expected time until a restore completes
 * (the down time, the restore attempts and the down times of the failures during them), and the
 * probability rho[j] that the completed restore is from tier j (j = L: nothing was held, the
 * start restored at r_0).
 *   The restore attempt in state S (tiers destroyed since the last completed restore) is from
 * j*(S), the lowest tier not in S (tier j holds at least what any tier above it holds, so the
 * newest copy left is there), costing r_{j*}, or r_0 if S holds every tier. With
 * p = 1 - e^{-Lambda r}, first-step analysis gives
 *     Z(S)   = p / Lambda + sum_k (lambda_k / Lambda) p (D_k + Z(S | d_k))
 *     pi(S)  = (1 - p) [j*(S)] + sum_k (lambda_k / Lambda) p pi(S | d_k)
 * where the classes with S | d_k = S (a repeat) put Z(S) on the right: they are moved to the left,
 * dividing by 1 - p sum_{repeat} lambda_k / Lambda = (1 - p) + p sum_{other} lambda_k / Lambda
 * (written so, it does not cancel). S | d_k >= S as an integer, so the sets are solved from the
 * full one down. Returns -1 if an attempt never completes in double precision. */
typedef struct {
    double time;                         /* Dbar */
    double rho[CF_LEVELS_MAX_TIERS + 1]; /* by tier; [L]: the start */
} lv_failure;

static int lv_failures(const lv_tiers *t, const cf_levels *c, const unsigned *mask, double Lambda,
                       lv_failure *out)
{
    enum { NSETS = 1u << CF_LEVELS_MAX_TIERS };
    static const size_t NP = CF_LEVELS_MAX_TIERS + 1;
    const unsigned L = t->L, full = (1u << L) - 1;
    double Z[NSETS], pi[NSETS][CF_LEVELS_MAX_TIERS + 1];
    for (unsigned S = full + 1; S-- > 0;) {
        unsigned j = 0;
        while (j < L && (S >> j & 1u))
            j++;
        double r = j < L ? t->restore[j] : t->restore[0];
        double p = -expm1(-Lambda * r), z = p / Lambda, other = 0;
        double acc[CF_LEVELS_MAX_TIERS + 1] = {0};
        acc[j] = 1 - p;
        for (unsigned k = 0; k < c->nclasses; k++) {
            if (c->rate[k] == 0) continue;
            double pk = c->rate[k] / Lambda * p;
            unsigned S2 = S | mask[k];
            z += pk * c->down[k];
            if (S2 == S) continue;
            other += c->rate[k] / Lambda;
            z += pk * Z[S2];
            for (size_t i = 0; i < NP; i++)
                acc[i] += pk * pi[S2][i];
        }
        double stay = (1 - p) + p * other;
        if (!(stay > 0)) return -1;
        Z[S] = z / stay;
        for (size_t i = 0; i < NP; i++)
            pi[S][i] = acc[i] / stay;
    }
    *out = (lv_failure){0, {0}};
    for (unsigned k = 0; k < c->nclasses; k++) {
        if (c->rate[k] == 0) continue;
        double share = c->rate[k] / Lambda;
        out->time += share * (c->down[k] + Z[mask[k]]);
        for (size_t i = 0; i < NP; i++)
            out->rho[i] += share * pi[mask[k]][i];
    }
    return isfinite(out->time) ? 0 : -1;
}

double cf_levels_makespan(double W, double tau, const cf_levels *c)
{
    lv_tiers t;
    unsigned rank[CF_LEVELS_MAX_TIERS];
    if (!(W > 0) || !(tau > 0) || !isfinite(W) || lv_sort(c, &t, rank) != 0) return NAN;
    const unsigned L = t.L;

    double last, ck = cf_segments(W, tau, &last);
    if (!(ck + 1 <= CF_LEVELS_MAX_SEGMENTS)) return NAN;
    const unsigned n = (unsigned)ck + 1; /* segments; checkpoints 1..n-1 */

    double Lambda = 0;
    unsigned mask[64];
    const unsigned K = c->nclasses;
    unsigned *masks = K <= 64 ? mask : malloc(K * sizeof *masks);
    if (!masks) return NAN;
    double result = NAN;
    for (unsigned k = 0; k < K; k++) {
        if (!(c->rate[k] >= 0) || !isfinite(c->rate[k]) || !(c->down[k] >= 0) ||
            !isfinite(c->down[k]))
            goto out;
        Lambda += c->rate[k];
        masks[k] = 0;
        for (unsigned i = 0; i < L; i++)
            if (c->destroys[k] >> i & 1u) masks[k] |= 1u << rank[i];
    }

    /* x_m: segment m+1 and the write of checkpoint m+1 (none after the last segment). */
    double x[CF_LEVELS_MAX_SEGMENTS];
    unsigned wt[CF_LEVELS_MAX_SEGMENTS + 1]; /* wt[m]: the tier of checkpoint m, m = 1..n-1 */
    double failure_free = 0;
    for (unsigned m = 0; m < n; m++) {
        x[m] = m + 1 < n ? tau : last;
        if (m + 1 < n) {
            wt[m + 1] = lv_write_tier(&t, m + 1);
            x[m] += t.cost[wt[m + 1]];
        }
        failure_free += x[m];
    }
    if (!(Lambda > 0) || !isfinite(Lambda)) {
        result = Lambda == 0 ? failure_free : NAN;
        goto out;
    }

    lv_failure fl;
    if (lv_failures(&t, c, masks, Lambda, &fl) != 0) goto out;

    gsl_matrix *A = gsl_matrix_calloc(n, n);
    gsl_vector *b = gsl_vector_calloc(n), *Y = gsl_vector_alloc(n);
    gsl_permutation *perm = gsl_permutation_alloc(n);
    if (A && b && Y && perm) {
        for (unsigned s = 0; s < n; s++) { /* row s: Y(s), just restored to s */
            unsigned H[CF_LEVELS_MAX_TIERS];
            for (unsigned j = 0; j < L; j++)
                H[j] = s;
            double reach = 1, bs = 0; /* P(phase m reached failure-free) */
            gsl_matrix_set(A, s, s, 1);
            for (unsigned m = s; m < n && reach > 0; m++) {
                if (m > s) /* checkpoint m was written */
                    for (unsigned j = 0; j <= wt[m]; j++)
                        H[j] = m;
                double pf = -expm1(-Lambda * x[m]), w = reach * pf;
                bs += w * (1 / Lambda + fl.time);
                for (unsigned j = 0; j <= L; j++) {
                    if (fl.rho[j] == 0) continue;
                    unsigned to = j < L ? H[j] : 0;
                    gsl_matrix_set(A, s, to, gsl_matrix_get(A, s, to) - w * fl.rho[j]);
                }
                reach *= 1 - pf;
            }
            gsl_vector_set(b, s, bs);
        }
        /* A = I - B, row s of B summing to the probability of a failure before the end: A is
         * strictly diagonally dominant, so nonsingular, while that is below 1 in double. A zero
         * pivot is checked here rather than left to gsl_linalg_LU_solve, which would call the
         * GSL error handler. */
        int sign, ok = gsl_linalg_LU_decomp(A, perm, &sign) == GSL_SUCCESS;
        for (unsigned i = 0; ok && i < n; i++)
            ok = gsl_matrix_get(A, i, i) != 0;
        if (ok && gsl_linalg_LU_solve(A, perm, b, Y) == GSL_SUCCESS) {
            double y = gsl_vector_get(Y, 0);
            if (isfinite(y) && y >= failure_free * (1 - 1e-9)) result = y;
        }
    }
    gsl_permutation_free(perm);
    gsl_vector_free(Y);
    gsl_vector_free(b);
    gsl_matrix_free(A);
out:
    if (masks != mask) free(masks);
    return result;
}
