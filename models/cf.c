/*
 * cf: closed-form reliability models (the contract of every function is in models/cf.h).
 *
 * This file owns the numerics behind relsim's analytic ground truth: the optimal checkpoint
 * intervals of Young (1974) and Daly (2006), the expected time of checkpointed work under Poisson
 * failures, renewal and k-of-n availability, the per-step failure law, and the machine-repairman
 * Markov chain (stationary law by the birth-death product formula in log space, interval
 * availability by uniformization with steady-state detection), the survival of SCR's partner and
 * XOR copies and the makespan with asynchronous checkpoints. The multi-level chain,
 * cf_levels_makespan, is models/cf_levels.c. It depends on GSL and libm only. The functions here
 * that allocate are cf_repairman_interval_availability (6 (N+S+1) doubles), cf_renewal_function
 * (2 (steps+1) doubles) and cf_sdc_recoverable_prob_any (a GSL integration workspace).
 */
#include "models/cf.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_sf_gamma.h>

/* A remainder W mod tau within this fraction of tau of 0 (or of tau) is a whole segment. */
#define CF_TIE_REL 1e-9

/* Uniformization: q is this factor times the largest exit rate. Any q >= max exit rate is exact;
 * the margin keeps every diagonal entry of P = I + Q/q positive, so P is aperiodic and p(0) P^n
 * converges, which is what lets the steady-state detection below stop early. */
#define CF_Q_MARGIN 1.02
/* Each Poisson tail left out of the window [lo, hi] is below this (Chernoff bounds below). */
#define CF_POISSON_TAIL 1e-14
/* p(0) P^n is taken as stationary once its L1 distance to pi is below this. */
#define CF_STEADY_L1 1e-12
/* How often (in steps) the L1 distance is checked and p(0) P^n renormalized to mass 1. */
#define CF_CHECK_EVERY 16
/* The documented limit on qT (number of uniformization steps). */
#define CF_MAX_QT 1e8

/* ------------------------------------------------------------------------------------------ */
/* Compensated (Neumaier) summation: long sums of logs and of availabilities stay exact to a
 * few ulps instead of drifting by n ulps. */

typedef struct {
    double s, c;
} cf_sum;

static void cf_sum_add(cf_sum *k, double x)
{
    double t = k->s + x;
    if (fabs(k->s) >= fabs(x))
        k->c += (k->s - t) + x;
    else
        k->c += (x - t) + k->s;
    k->s = t;
}

static double cf_sum_get(const cf_sum *k)
{
    return k->s + k->c;
}

/* ------------------------------------------------------------------------------------------ */
/* Checkpoint intervals and checkpointed work */

/* Young (1974), CACM 17(9) 530-531: minimizing the first-order waste d/tau + tau/(2M). */
double cf_young_interval(double d, double M)
{
    if (!(d > 0) || !(M > 0)) return NAN;
    return sqrt(2 * d * M);
}

/* Daly (2006), FGCS 22(3) 303-312, the three-term perturbation solution: with
 * xi^2 = d/(2M), tau = sqrt(2dM) (1 + xi/3 + xi^2/9) - d for d < 2M, and tau = M beyond. */
double cf_daly_interval(double d, double M)
{
    if (!(d > 0) || !(M > 0)) return NAN;
    if (d >= 2 * M) return M;
    double x = d / (2 * M);
    return sqrt(2 * d * M) * (1 + sqrt(x) / 3 + x / 9) - d;
}

/* First-step analysis under Poisson failures of rate 1/M. Let E be the expected time to finish
 * L hours of work starting up, E' the same starting right after a failure. With T ~ Exp(M),
 * E[min(T, x)] = M (1 - e^{-x/M}):
 *     E  = M (1 - e^{-L/M}) + (1 - e^{-L/M}) E'
 *     E' = D + M (1 - e^{-R/M}) + (1 - e^{-R/M}) E' + e^{-R/M} E
 * The second gives E' = E + (M + D) e^{R/M} - M; put in the first:
 *     E = (M + D) e^{R/M} (e^{L/M} - 1),
 * Daly's (2006) segment cost M e^{R/M} (e^{(tau+d)/M} - 1) with L = tau + d and the downtime D
 * added (it multiplies the expected number of failures, e^{R/M} (e^{L/M} - 1)). */
double cf_segment_time(double L, double D, double R, double M)
{
    if (!(L >= 0) || !(D >= 0) || !(R >= 0) || !(M > 0)) return NAN;
    if (L == 0) return 0;
    if (isinf(M)) /* no failure ever: the limit M -> infinity */
        return L;
    return (M + D) * exp(R / M) * expm1(L / M);
}

double cf_daly_makespan(double W, double tau, double d, double D, double R, double M)
{
    if (!(W > 0) || !(tau > 0) || !(d >= 0) || !(D >= 0) || !(R >= 0) || !(M > 0)) return NAN;
    if (isinf(tau)) /* the limit of the segment cost over tau */
        return isinf(M) ? W : INFINITY;
    return cf_segment_time(tau + d, D, R, M) * (W / tau);
}

/* The tie rule: once the work left is at most tau (1 + CF_TIE_REL) it is run to the end as the
 * last segment, with no checkpoint. fmod is exact: W = n tau + rem, n whole, 0 <= rem < tau, so
 * the work left after n - 1 checkpoints, tau + rem, is the last segment exactly when
 * rem <= CF_TIE_REL tau. */
double cf_segments(double W, double tau, double *last)
{
    if (!(tau < W)) {
        *last = W;
        return 0;
    }
    double rem = fmod(W, tau);
    double n = nearbyint((W - rem) / tau);
    if (rem <= CF_TIE_REL * tau) {
        /* W is n >= 1 whole segments up to rounding (3 * 0.1 is a hair over 0.3): the n-th is
         * the last one and takes the remainder with it. */
        *last = tau + rem;
        return n - 1;
    }
    /* n segments with a checkpoint each, then the remainder (a remainder within CF_TIE_REL tau
     * of tau is already the whole last segment here). */
    *last = rem;
    return n;
}

/* The segments are independent given the Poisson failures (memoryless), so the expectation is
 * the sum of cf_segment_time over them: (k-1) segments of tau + d and one last of what is left. */
double cf_job_makespan(double W, double tau, double d, double D, double R, double M)
{
    if (!(W > 0) || !(tau > 0) || !(d >= 0) || !(D >= 0) || !(R >= 0) || !(M > 0)) return NAN;
    if (isinf(W)) return INFINITY;
    if (tau >= W) /* also tau = INFINITY */
        return cf_segment_time(W, D, R, M);

    double last, checkpoints = cf_segments(W, tau, &last);
    double full = checkpoints > 0 ? checkpoints * cf_segment_time(tau + d, D, R, M) : 0;
    return full + cf_segment_time(last, D, R, M);
}

double cf_computing_makespan(double W, double tau, double d, double D, double R, double M)
{
    if (!(W > 0) || !(tau > 0) || !(d >= 0) || !(D >= 0) || !(R >= 0) || !(M > 0)) return NAN;
    if (isinf(W)) return INFINITY;
    if (tau >= W) return (M + D + R) * expm1(W / M);
    double last, checkpoints = cf_segments(W, tau, &last);
    return checkpoints * ((M + D + R) * expm1(tau / M) + d) + (M + D + R) * expm1(last / M);
}

double cf_sdc_recoverable_prob(double tau, double d, unsigned K, double x, double lambda)
{
    if (!(tau > 0) || !(d >= 0) || !(x > 0) || !(lambda >= 0) || !isfinite(tau)) return NAN;
    if (K == 0) return 1;
    double theta = 1 / x, P = tau + d, m;
    double a = (theta - lambda) * tau;
    if (lambda == 0)
        m = expm1(theta * tau) / (theta * tau);
    else if (fabs(a) < 1e-12) /* theta = lambda: the density times e^{theta u} is flat */
        m = lambda * tau / -expm1(-lambda * tau);
    else
        m = lambda * expm1(a) / ((theta - lambda) * -expm1(-lambda * tau));
    return 1 - exp(-theta * K * P) * m;
}

/* cf_sdc_recoverable_prob_any: the wrapped series is cut once the mass of T left is below
 * CF_SDC_TAIL or after CF_SDC_TERMS periods (then closed by Euler-Maclaurin); the integral over
 * the segment is adaptive to CF_SDC_EPSREL, in at most CF_SDC_INTERVALS subintervals, and an
 * answer whose error estimate stays above CF_SDC_ACCEPT is refused. */
#define CF_SDC_TAIL 1e-12
#define CF_SDC_TERMS 10000u
#define CF_SDC_EPSREL 1e-10
#define CF_SDC_INTERVALS 1000
#define CF_SDC_ACCEPT 1e-8

typedef struct {
    double tau, KP;
    double (*cdf_x)(double, void *);
    void *x_arg;
    double (*pdf_t)(double, void *);
    double (*cdf_t)(double, void *);
    void *t_arg;
} cf_sdc_laws;

/* f_U(u) = sum_k f_T(u + k tau). Past the cap the terms j >= k are Euler-Maclaurin's
 * sum_{j>=0} g(j) = integral_0^inf g + g(0)/2 - g'(0)/12 + ... with g(j) = f_T(a + j tau),
 * a = u + k tau: (1 - F_T(a))/tau + f_T(a)/2 - (f_T(a) - f_T(a - tau))/12. */
static double cf_sdc_wrapped_density(const cf_sdc_laws *w, double u)
{
    cf_sum f = {0, 0};
    double prev = 0;
    for (unsigned k = 0;; k++) {
        double a = u + k * w->tau;
        double left = 1 - w->cdf_t(a, w->t_arg);
        if (left <= CF_SDC_TAIL) break;
        double fa = w->pdf_t(a, w->t_arg);
        if (k == CF_SDC_TERMS) {
            cf_sum_add(&f, left / w->tau + fa / 2 - (fa - prev) / 12);
            break;
        }
        cf_sum_add(&f, fa);
        prev = fa;
    }
    return cf_sum_get(&f);
}

static double cf_sdc_integrand(double u, void *arg)
{
    const cf_sdc_laws *w = arg;
    double F = w->cdf_x(w->KP - u, w->x_arg);
    return F > 0 ? F * cf_sdc_wrapped_density(w, u) : 0;
}

/* The integral of cf.h, E[F_X(K P - U)] over the wrapped law of U. */
double cf_sdc_recoverable_prob_any(double tau, double d, unsigned K,
                                   double (*cdf_x)(double t, void *x_arg), void *x_arg,
                                   double (*pdf_t)(double t, void *t_arg),
                                   double (*cdf_t)(double t, void *t_arg), void *t_arg)
{
    if (!(tau > 0) || !isfinite(tau) || !(d >= 0) || !isfinite(d) || !cdf_x || !pdf_t || !cdf_t)
        return NAN;
    if (K == 0) return 1;
    cf_sdc_laws w = {tau, K * (tau + d), cdf_x, x_arg, pdf_t, cdf_t, t_arg};
    gsl_integration_workspace *ws = gsl_integration_workspace_alloc(CF_SDC_INTERVALS);
    if (!ws) return NAN;
    gsl_function fn = {cf_sdc_integrand, &w};
    double r = NAN, err = NAN;
    int status =
        gsl_integration_qags(&fn, 0, tau, 0, CF_SDC_EPSREL, CF_SDC_INTERVALS, ws, &r, &err);
    gsl_integration_workspace_free(ws);
    if (!isfinite(r) || (status != GSL_SUCCESS && !(err <= CF_SDC_ACCEPT))) return NAN;
    return fmin(1, fmax(0, r));
}

/* Segment m (1-based) ends with checkpoint m, full when F divides m; a failure in it restores
 * checkpoint m - 1. Segments m with the same residue r = (m - 1) mod F cost the same, so the sum
 * runs over the min(F, segments) residues with their multiplicities: segment m of residue r
 * restores R_full plus r incrementals (chained) or one if r > 0 (cumulative), and its stall is
 * d_full when r = F - 1, else d_inc. The segments are independent given the Poisson failures
 * (memoryless), as in cf_job_makespan, so E is the sum of cf_segment_time over them. */
double cf_chain_makespan(double W, double tau, const cf_chain *c, double D, double M)
{
    if (!(W > 0) || !(tau > 0) || !c || c->full_every < 1 || !(c->d_full >= 0) ||
        !(c->d_inc >= 0) || !(c->R_full >= 0) || !(c->r_inc >= 0) || !(D >= 0) || !(M > 0))
        return NAN;
    if (isinf(W)) return INFINITY;
    if (tau >= W) return cf_segment_time(W, D, c->R_full, M);
    double last, checkpoints = cf_segments(W, tau, &last);
    double F = (double)c->full_every, E = 0;
    for (double r = 0; r < F && r < checkpoints; r++) {
        double count = floor((checkpoints - 1 - r) / F) + 1; /* m - 1 in [0, checkpoints) */
        double incs = c->cumulative ? (r > 0) : r;
        double L = tau + (r == F - 1 ? c->d_full : c->d_inc);
        E += count * cf_segment_time(L, D, c->R_full + incs * c->r_inc, M);
    }
    double r = fmod(checkpoints, F); /* the last segment restores checkpoint `checkpoints` */
    double incs = c->cumulative ? (r > 0) : r;
    return E + cf_segment_time(last, D, c->R_full + incs * c->r_inc, M);
}

/* ------------------------------------------------------------------------------------------ */
/* Redundant copies of node-local checkpoints (SCR's PARTNER and XOR) */

/* log of the rising factorial (a)_x = Gamma(a+x) / Gamma(a), a >= 1, x >= 0. For a >= 30 the
 * difference of Stirling's series (Abramowitz & Stegun 6.1.41) is taken term by term,
 *     (a - 1/2) log1p(x/a) + x (log(a+x) - 1) + S(a+x) - S(a),
 *     S(z) = 1/(12z) - 1/(360z^3) + 1/(1260z^5) - 1/(1680z^7)   (next term below 5e-17 at z = 30),
 * which has no cancellation: its absolute error is a few eps times the result, where the
 * difference of two lgammas (gsl_sf_lnpoch does that once x log a > 0.1) loses eps a log a. */
static double cf_stirling_tail(double z)
{
    double z2 = 1 / (z * z);
    return (1.0 / 12 - z2 * (1.0 / 360 - z2 * (1.0 / 1260 - z2 / 1680))) / z;
}

static double cf_lnpoch(double a, double x)
{
    if (x == 0) return 0;
    if (a < 30) return gsl_sf_lngamma(a + x) - gsl_sf_lngamma(a);
    return (a - 0.5) * log1p(x / a) + x * (log(a + x) - 1) + cf_stirling_tail(a + x) -
           cf_stirling_tail(a);
}

/* Kaplansky (1943), "Solution of the probleme des menages", Bull. AMS 49: the f-subsets of an
 * N-cycle with no two adjacent number N/(N-f) C(N-f, f). Sketch: with node 0 out, the rest is a
 * path of N-1 nodes, C(N-f, f) ways (f chosen, each followed by a gap); with node 0 in, nodes 1
 * and N-1 are out and f-1 are chosen on a path of N-3, C(N-f-1, f-1) = f/(N-f) C(N-f, f) ways.
 * Node i's data is lost exactly when i and its partner i+1 are both lost, so the f losses are
 * survived when they form such a subset.
 *   C(N, f) overflows for N in the thousands, and a difference of log-binomials (of lgammas of
 * N) loses N eps in the log. The ratio is taken as one of rising factorials instead,
 * C(N-f, f) / C(N, f) = (N-2f+1)_f / (N-f+1)_f, with cf_lnpoch, and N/(N-f) as -log1p(-f/N). */
double cf_partner_survive_prob(unsigned N, unsigned f)
{
    if (N < 1 || f > N) return NAN;
    if (f == 0) return 1;
    if (2 * (double)f > (double)N) return 0;
    double n = (double)N, k = (double)f;
    return exp(-log1p(-k / n) + cf_lnpoch(n - 2 * k + 1, k) - cf_lnpoch(n - k + 1, k));
}

/* Each of the N/s sets survives at most one loss: the surviving f-subsets pick f distinct sets,
 * C(N/s, f) ways, and one of the s nodes in each, s^f ways, out of C(N, f). In rising factorials
 * as above: C(N/s, f) s^f / C(N, f) = (N/s-f+1)_f s^f / (N-f+1)_f. */
double cf_xor_survive_prob(unsigned N, unsigned s, unsigned f)
{
    if (N < 1 || s < 2 || N % s != 0 || f > N) return NAN;
    unsigned sets = N / s;
    if (f == 0) return 1;
    if (f > sets) return 0;
    double k = (double)f;
    return exp(cf_lnpoch((double)sets - k + 1, k) + k * log((double)s) -
               cf_lnpoch((double)N - k + 1, k));
}

/* ------------------------------------------------------------------------------------------ */
/* Asynchronous checkpoints */

/* No failure of a Poisson process of rate 1/M in s + w hours: e^{-(s+w)/M}. */
double cf_async_lost_prob(double snapshot, double write, double M)
{
    if (!(snapshot >= 0) || !(write >= 0) || !(M > 0)) return NAN;
    return -expm1(-(snapshot + write) / M);
}

/*
 * Commit points cut the job into renewal pieces. Commit m (checkpoint m's write done) comes w_m
 * hours into segment m+1; then checkpoint m is the newest committed and no write is in flight,
 * whatever happened before (memoryless failures), so the time to the next commit depends on
 * nothing else. From commit m-1 to commit m the job needs x = (tau - w_{m-1}) + s + w_m hours
 * without failure: the rest of segment m, the snapshot, the first w_m hours of segment m+1
 * (checkpoint m's write, which a failure would abort). A failure in them costs D, the restore of
 * checkpoint m-1 (R, repeated on failure), then the w_{m-1} hours of segment m again, during
 * which a failure sends the job back to the restore just as one during R does: a restart of
 * R + w_{m-1}. First-step analysis as in cf_segment_time gives that piece's expected time,
 * (M + D) e^{(R + w_{m-1})/M} (e^{x/M} - 1). From commit k the last piece is the L - w_k hours
 * left. w_k = min(w, L): if the last segment ends before checkpoint k's write, that commit never
 * happens and the last piece is empty, the piece before it running to the end. w = 0 gives
 * cf_job_makespan's segments with d = s.
 */
double cf_async_makespan(double W, double tau, double s, double w, double D, double R, double M)
{
    if (!(W > 0) || !(tau > 0) || !(s >= 0) || !(w >= 0) || !(w <= tau) || !(D >= 0) || !(R >= 0) ||
        !(M > 0))
        return NAN;
    if (isinf(W)) return INFINITY;
    double last, k = cf_segments(W, tau, &last);
    if (k == 0) return cf_segment_time(last, D, R, M);
    double wk = w < last ? w : last;
    double end = cf_segment_time(last - wk, D, R + wk, M);
    if (k == 1) return cf_segment_time(tau + s + wk, D, R, M) + end;
    return cf_segment_time(tau + s + w, D, R, M) + (k - 2) * cf_segment_time(tau + s, D, R + w, M) +
           cf_segment_time(tau - w + s + wk, D, R + w, M) + end;
}

/* ------------------------------------------------------------------------------------------ */
/* Availability laws */

/* Renewal-reward theorem for an alternating renewal process (Ross, "Stochastic Processes",
 * 2nd ed. (1996), ch. 3): the long-run fraction of time up is E[up] / (E[up] + E[down]),
 * whatever the laws. */
double cf_renewal_availability(double mttf, double mttr)
{
    if (!(mttf > 0) || !(mttr >= 0)) return NAN;
    if (isinf(mttf)) return isinf(mttr) ? NAN : 1.0;
    return mttf / (mttf + mttr);
}

/* K from the key renewal theorem: with z(t) = E[min(t,U)] - A E[min(t,C)] and
 * integral_0^inf z = (A E[C^2] - E[U^2]) / 2, the cumulative up time is A t + K + o(1). */
double cf_renewal_interval_availability(double mean_u, double m2_u, double mean_d, double m2_d,
                                        double T)
{
    if (!(mean_u > 0) || !(mean_d >= 0) || !(m2_u >= mean_u * mean_u) ||
        !(m2_d >= mean_d * mean_d) || !(T > 0) || !isfinite(m2_u) || !isfinite(m2_d))
        return NAN;
    double ec = mean_u + mean_d, ec2 = m2_u + 2 * mean_u * mean_d + m2_d;
    double a = mean_u / ec;
    double k = (a * ec2 - m2_u) / (2 * ec);
    return a + k / T;
}

/* P(Binomial(n, a) >= k) = P(X > k - 1), GSL's upper tail (via the incomplete beta function). */
double cf_k_of_n(unsigned k, unsigned n, double a)
{
    if (!(a >= 0 && a <= 1)) return NAN;
    if (k == 0) return 1;
    if (k > n) return 0;
    return gsl_cdf_binomial_Q(k - 1, a, n);
}

/* Geometric law: survival (1-p)^t. log1p and expm1 keep full relative accuracy when t p << 1,
 * where 1 - pow(1 - p, t) would cancel (and be 0 once 1 - p rounds to 1). */
double cf_step_fail_prob(double p, double t)
{
    if (!(p >= 0 && p <= 1) || !(t >= 0)) return NAN;
    if (t == 0 || p == 0) return 0;
    if (p == 1) return 1;
    return -expm1(t * log1p(-p));
}

/* Poisson process of rate 1/M: P(N(T) = 0) = e^{-T/M}. */
double cf_no_failure_prob(double T, double M)
{
    if (!(T >= 0) || !(M > 0) || (isinf(T) && isinf(M))) return NAN;
    return exp(-T / M);
}

/* ------------------------------------------------------------------------------------------ */
/* Slots that fail independently; the renewal function */

/* The renewal-reward argument of cf.h; expm1 and log1p keep the accuracy when lambda m << 1/N. */
double cf_slot_busy_period(unsigned N, double lambda, double m)
{
    if (N < 1 || !(lambda > 0) || !isfinite(lambda) || !(m >= 0) || !isfinite(m)) return NAN;
    return expm1((double)N * log1p(lambda * m)) / ((double)N * lambda);
}

/* Xie (1989): with t_i = i h and F_{i-1/2} = F((i - 1/2) h), discretising the Stieltjes integral
 * over each step at its mid-point gives
 *     m_i (1 - F_{1/2}) = F_i + sum_{j=1}^{i-1} F_{i-j+1/2} (m_j - m_{j-1}) - F_{1/2} m_{i-1}. */
double cf_renewal_function(double (*cdf)(double x, void *arg), void *arg, double t, unsigned steps)
{
    if (!cdf || !(t >= 0) || !isfinite(t) || steps < 1) return NAN;
    if (t == 0) return 0;
    double h = t / steps;
    double *m = malloc((size_t)(steps + 1) * sizeof *m);
    double *half = malloc((size_t)(steps + 1) * sizeof *half); /* half[k] = F((k - 1/2) h) */
    if (!m || !half) {
        free(m);
        free(half);
        return NAN;
    }
    for (unsigned k = 1; k <= steps; k++)
        half[k] = cdf((k - 0.5) * h, arg);
    m[0] = 0;
    double r = NAN;
    if (half[1] < 1) {
        for (unsigned i = 1; i <= steps; i++) {
            double sum = cdf(i * h, arg) - half[1] * m[i - 1];
            for (unsigned j = 1; j < i; j++)
                sum += half[i - j + 1] * (m[j] - m[j - 1]);
            m[i] = sum / (1 - half[1]);
        }
        r = m[steps];
    }
    free(m);
    free(half);
    return r;
}

/* ------------------------------------------------------------------------------------------ */
/* The machine-repairman chain */

typedef struct {
    size_t N, S, K, r; /* slots, spares, K = N + S, crews (1..K) */
    int hot;
    double lambda, mu, log_rho; /* log_rho = log(lambda / mu) */
} rm_chain;

static int rm_init(const cf_repairman *m, rm_chain *c)
{
    if (!m || m->slots < 1 || !(m->lambda > 0) || !isfinite(m->lambda) || !(m->mu > 0) ||
        !isfinite(m->mu))
        return -1;
    c->N = m->slots;
    c->S = m->spares;
    c->K = c->N + c->S; /* two unsigned ints: no overflow in size_t */
    c->r = (m->crews == 0 || m->crews > c->K) ? c->K : m->crews;
    c->hot = m->hot != 0;
    c->lambda = m->lambda;
    c->mu = m->mu;
    c->log_rho = log(m->lambda) - log(m->mu);
    return 0;
}

/* Number of ageing nodes in state k (k failed): the failure rate is this times lambda. */
static double rm_ageing(const rm_chain *c, size_t k)
{
    size_t working = c->K - k;
    if (!c->hot && working > c->N) working = c->N;
    return (double)working;
}

/* Number of busy crews in state k: the repair rate is this times mu. */
static double rm_busy(const rm_chain *c, size_t k)
{
    return (double)(k < c->r ? k : c->r);
}

/* Birth-death product formula (Trivedi 2002, sec. 8.2; Kleinrock, "Queueing Systems" vol. 1
 * (1975), ch. 3):
 * pi_k = pi_0 prod_{i=1}^{k} b_{i-1} / d_i, with b the failure and d the repair rates. Its log
 * is summed with compensation; the weights are exp(log - max) in a second pass, so nothing
 * overflows whatever N + S. Writes the unnormalized weights into w if w is not NULL and returns
 * the sums of the weights over k <= S (up), k > S (down) and of k times the weights. */
typedef struct {
    double up, down, k_weighted;
} rm_sums;

static double rm_log_ratio(const rm_chain *c, size_t k)
{
    return log(rm_ageing(c, k - 1) / rm_busy(c, k)) + c->log_rho;
}

static rm_sums rm_weights(const rm_chain *c, double *w)
{
    cf_sum lp = {0, 0};
    double max = 0;
    for (size_t k = 1; k <= c->K; k++) {
        cf_sum_add(&lp, rm_log_ratio(c, k));
        double v = cf_sum_get(&lp);
        if (v > max) max = v;
    }
    cf_sum up = {0, 0}, down = {0, 0}, kw = {0, 0};
    lp = (cf_sum){0, 0};
    for (size_t k = 0; k <= c->K; k++) {
        if (k > 0) cf_sum_add(&lp, rm_log_ratio(c, k));
        double x = exp(cf_sum_get(&lp) - max);
        if (w) w[k] = x;
        cf_sum_add(k <= c->S ? &up : &down, x);
        cf_sum_add(&kw, (double)k * x);
    }
    return (rm_sums){cf_sum_get(&up), cf_sum_get(&down), cf_sum_get(&kw)};
}

int cf_repairman_stationary(const cf_repairman *m, double *pi)
{
    rm_chain c;
    if (!pi || rm_init(m, &c) != 0) return -1;
    rm_sums s = rm_weights(&c, pi);
    double total = s.up + s.down;
    for (size_t k = 0; k <= c.K; k++)
        pi[k] /= total;
    return 0;
}

/* up / (up + down) rather than 1 - down / total: accurate both near 1 and near 0. */
double cf_repairman_availability(const cf_repairman *m)
{
    rm_chain c;
    if (rm_init(m, &c) != 0) return NAN;
    rm_sums s = rm_weights(&c, NULL);
    return s.up / (s.up + s.down);
}

double cf_repairman_mean_failed(const cf_repairman *m)
{
    rm_chain c;
    if (rm_init(m, &c) != 0) return NAN;
    rm_sums s = rm_weights(&c, NULL);
    return s.k_weighted / (s.up + s.down);
}

/*
 * Interval availability by uniformization (Grassmann 1977; Reibman & Trivedi 1988). With
 * v_n = p(0) P^n, u_n = P_{v_n}(k > S), X ~ Poisson(L), L = qT, and summing by parts
 * (P(X > n) = sum_{j > n} P(X = j), and sum_j j P(X = j) = L):
 *     1 - A(T) = (1/L) sum_n P(X > n) u_n = sum_j P(X = j) U_j / sum_j j P(X = j),
 *     U_j = sum_{n < j} u_n.
 * Only j in a window [lo, hi] around L is kept; the Chernoff bounds for the Poisson law,
 * P(X <= L - x) <= exp(-x^2 / (2L)) and P(X >= L + x) <= exp(-x^2 / (2 (L + x/3))) (Bennett's
 * inequality in Bernstein's form), put each tail left out below CF_POISSON_TAIL, and the error
 * on A below twice that. The Poisson weights are w_lo = 1, w_{j+1} = w_j L / (j+1): only
 * multiplications by positive numbers (relative error below (hi - lo) ulps), and their scale
 * cancels in the ratio. So nothing underflows, as the textbook start P(X = 0) = e^{-L} would
 * for L > 745, and since the largest weight is at most about w_lo / CF_POISSON_TAIL (e^L w_lo
 * when lo = 0, i.e. L < 65), nothing overflows. v_n is updated on its support {0..min(n, K)}.
 *
 * Steady-state detection (as in Sericola 1999, "Availability analysis of repairable computer
 * systems and stationarity detection", IEEE TC 48(11)): ||v P - pi||_1 <= ||v - pi||_1 for a
 * stochastic P, so once ||v_m - pi||_1 <= eps every later |u_n - u_inf| <= eps/2, and using u_inf
 * from step m on changes 1 - A by at most eps/2. The remaining steps are then scalar, and if
 * m < lo the steps up to lo are skipped in one go.
 */
double cf_repairman_interval_availability(const cf_repairman *m, double T)
{
    rm_chain c;
    if (rm_init(m, &c) != 0 || !(T > 0)) return NAN;
    const size_t K = c.K;

    double qmax = 0;
    for (size_t k = 0; k <= K; k++) {
        double out = rm_ageing(&c, k) * c.lambda + rm_busy(&c, k) * c.mu;
        if (out > qmax) qmax = out;
    }
    const double q = CF_Q_MARGIN * qmax;
    const double L = q * T;
    if (!(L <= CF_MAX_QT)) return NAN;
    if (!(L > 0)) /* qT underflowed: the limit T -> 0 */
        return 1.0;

    const double eps = -log(CF_POISSON_TAIL);
    const double xl = sqrt(2 * eps * L);
    const double xr = eps / 3 + sqrt(eps * eps / 9 + 2 * eps * L);
    const size_t lo = L > xl ? (size_t)floor(L - xl) : 0;
    const size_t hi = (size_t)ceil(L + xr);

    if (K >= SIZE_MAX / (6 * sizeof(double)) - 1) return NAN;
    double *ws = calloc(6 * (K + 1), sizeof *ws);
    if (!ws) return NAN;
    double *up = ws, *down = up + (K + 1), *stay = down + (K + 1);
    double *v = stay + (K + 1), *w = v + (K + 1), *pi = w + (K + 1);

    /* P = I + Q/q, tridiagonal. */
    for (size_t k = 0; k <= K; k++) {
        up[k] = rm_ageing(&c, k) * c.lambda / q;
        down[k] = rm_busy(&c, k) * c.mu / q;
        stay[k] = 1 - up[k] - down[k];
    }
    rm_sums s = rm_weights(&c, pi);
    const double total = s.up + s.down;
    for (size_t k = 0; k <= K; k++)
        pi[k] /= total;
    const double u_inf = s.down / total;

    v[0] = 1;         /* every node working */
    size_t reach = 0; /* v is zero above reach */
    double u = 0;     /* u_n: state 0 is available */
    int steady = 0;
    cf_sum U = {0, 0}, num = {0, 0}, den = {0, 0};
    double wj = 1;

    for (size_t n = 0; n <= hi; n++) {
        if (n >= lo) {
            cf_sum_add(&num, wj * cf_sum_get(&U));
            cf_sum_add(&den, wj * (double)n);
            wj *= L / (double)(n + 1);
        }
        cf_sum_add(&U, steady ? u_inf : u);
        if (steady || n == hi) continue;

        /* v_{n+1} = v_n P on its support, and u_{n+1} */
        size_t top = reach < K ? reach + 1 : K;
        double un = 0;
        for (size_t k = 0; k <= top; k++) {
            double x = stay[k] * v[k];
            if (k > 0) x += up[k - 1] * v[k - 1];
            if (k < K) x += down[k + 1] * v[k + 1];
            w[k] = x;
            if (k > c.S) un += x;
        }
        double *tmp = v;
        v = w;
        w = tmp;
        reach = top;
        u = un;

        if ((n + 1) % CF_CHECK_EVERY == 0) {
            double mass = 0;
            for (size_t k = 0; k <= reach; k++)
                mass += v[k];
            for (size_t k = 0; k <= reach; k++)
                v[k] /= mass;
            u /= mass;
            double dist = 0;
            for (size_t k = 0; k <= K && dist <= CF_STEADY_L1; k++)
                dist += fabs(v[k] - pi[k]);
            if (dist <= CF_STEADY_L1) {
                steady = 1;
                if (n + 1 < lo) { /* u_{n+1} .. u_{lo-1} are all u_inf */
                    cf_sum_add(&U, (double)(lo - (n + 1)) * u_inf);
                    n = lo - 1;
                }
            }
        }
    }
    free(ws);
    return 1.0 - cf_sum_get(&num) / cf_sum_get(&den);
}
