/*
 * cf_domains: the closed forms of failure domains and sites (models/cf.h states each contract and
 * its derivation): the chain of one domain and its nodes (stationary law by GSL's banded LU,
 * availability over [0, T] by uniformization and Gauss-Legendre), the product form of nodes that
 * would age through outages, the first interruption, and the age of the newest remote copy at a
 * disaster. It depends on GSL and libm only.
 */
#include "models/cf.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

/* Q has two bands on each side of its diagonal in the order (up, 0), (down, 0), (up, 1), ... */
#define DM_BAND 2
/* Uniformization rate: this factor times the largest exit rate (any q above it is exact; the
 * margin keeps P's diagonal positive, so that p(0) P^n converges and the steady state is met). */
#define DM_Q_MARGIN 1.02
/* The Poisson tail left out of each step's series. */
#define DM_POISSON_TAIL 1e-17
/* p(t) is taken as stationary once its L1 distance to pi is below this. */
#define DM_STEADY_L1 1e-13
/* Gauss-Legendre points per step. */
#define DM_GL_POINTS 8
/* The work allowed (states times products of P) before giving up. */
#define DM_BUDGET 1e9

static int dm_valid(const cf_domains *m)
{
    return m && m->size >= 1 && m->domains >= 1 && m->size < UINT32_MAX / 4 && m->lambda >= 0 &&
           isfinite(m->lambda) && m->mu > 0 && isfinite(m->mu) && m->lambda_d >= 0 &&
           isfinite(m->lambda_d) && m->mu_d > 0 && isfinite(m->mu_d);
}

/* The rate from state a to state b != a (index 2 j + 0 for (up, j), 2 j + 1 for (down, j)). */
static double dm_rate(const cf_domains *m, size_t a, size_t b)
{
    size_t ja = a / 2, jb = b / 2;
    int da = (int)(a % 2), db = (int)(b % 2);
    if (da == db) {
        if (!da && jb == ja + 1) return (double)(m->size - ja) * m->lambda;
        if (jb + 1 == ja) return (double)ja * m->mu;
        return 0;
    }
    if (ja != jb) return 0;
    return da ? m->mu_d : m->lambda_d;
}

static double dm_exit(const cf_domains *m, size_t a)
{
    size_t j = a / 2;
    double out = (double)j * m->mu + (a % 2 ? m->mu_d : m->lambda_d);
    if (a % 2 == 0) out += (double)(m->size - j) * m->lambda;
    return out;
}

int cf_domains_stationary(const cf_domains *m, double *pi)
{
    if (!dm_valid(m) || !pi) return -1;
    const size_t n = 2 * ((size_t)m->size + 1), M = n - 1; /* unknowns: every state but (up, 0) */
    const size_t p = DM_BAND, q = DM_BAND;
    gsl_matrix *AB = gsl_matrix_calloc(M, 2 * p + q + 1);
    gsl_vector_uint *piv = gsl_vector_uint_alloc(M);
    gsl_vector *b = gsl_vector_alloc(M), *x = gsl_vector_alloc(M);
    int rc = -1;
    if (!AB || !piv || !b || !x) goto out;
    /* Row r is the balance of state k = r + 1: sum_i pi_i Q[i][k] = 0, unknown c is pi_(c+1);
     * A(r, c) = Q[c+1][k] sits at AB(c, p + q + r - c) (GSL's band storage, LAPACK's dgbtrf
     * transposed). pi_0 = 1 moves Q[0][k] to the right-hand side. */
    for (size_t r = 0; r < M; r++) {
        size_t k = r + 1;
        size_t c0 = r >= p ? r - p : 0, c1 = r + q < M ? r + q : M - 1;
        for (size_t c = c0; c <= c1; c++) {
            size_t i = c + 1;
            double a = i == k ? -dm_exit(m, k) : dm_rate(m, i, k);
            gsl_matrix_set(AB, c, p + q + r - c, a);
        }
        gsl_vector_set(b, r, -dm_rate(m, 0, k));
    }
    if (gsl_linalg_LU_band_decomp(M, p, q, AB, piv) != GSL_SUCCESS) goto out;
    if (gsl_linalg_LU_band_solve(p, q, AB, piv, b, x) != GSL_SUCCESS) goto out;
    double total = 1;
    pi[0] = 1;
    for (size_t i = 1; i < n; i++) {
        double v = gsl_vector_get(x, i - 1);
        pi[i] = v > 0 ? v : 0; /* roundoff on a state the chain cannot reach */
        total += pi[i];
    }
    if (!(total > 0) || !isfinite(total)) goto out;
    for (size_t i = 0; i < n; i++)
        pi[i] /= total;
    rc = 0;
out:
    gsl_matrix_free(AB);
    gsl_vector_uint_free(piv);
    gsl_vector_free(b);
    gsl_vector_free(x);
    return rc;
}

double cf_domains_availability(const cf_domains *m)
{
    if (!dm_valid(m)) return NAN;
    double *pi = malloc(2 * ((size_t)m->size + 1) * sizeof *pi);
    if (!pi) return NAN;
    double a = cf_domains_stationary(m, pi) == 0 ? pow(pi[0], (double)m->domains) : NAN;
    free(pi);
    return a;
}

/* w[0..K] = Poisson(k; a) for k <= K. */
static void dm_poisson(double a, size_t K, double *w)
{
    w[0] = exp(-a);
    for (size_t k = 1; k <= K; k++)
        w[k] = w[k - 1] * a / (double)k;
}

double cf_domains_interval_availability(const cf_domains *m, double T)
{
    if (!dm_valid(m) || !(T > 0) || !isfinite(T)) return NAN;
    const size_t n = 2 * ((size_t)m->size + 1);
    const double G = (double)m->domains;
    double qmax = 0;
    for (size_t a = 0; a < n; a++)
        qmax = fmax(qmax, dm_exit(m, a));
    if (!(qmax > 0)) return 1.0; /* nothing ever fails */
    const double q = DM_Q_MARGIN * qmax;
    double h = fmin(1 / q, 2 / (G * q));
    double steps = ceil(T / h);
    h = T / steps;
    const double a_step = q * h;

    /* The series length that leaves a tail below DM_POISSON_TAIL at a = q h (<= 1). */
    size_t K = 0;
    {
        double term = exp(-a_step), cum = term;
        while (1 - cum > DM_POISSON_TAIL && K < 200) {
            K++;
            term *= a_step / (double)K;
            cum += term;
        }
    }
    gsl_integration_glfixed_table *gl = gsl_integration_glfixed_table_alloc(DM_GL_POINTS);
    double *ws = calloc(9 * n + (DM_GL_POINTS + 1) * (K + 1) + DM_GL_POINTS, sizeof *ws);
    double result = NAN;
    if (!gl || !ws) goto out;
    double *in = ws;         /* in[5 a + d + 2]: P[a + d][a], the band entering state a */
    double *pi = in + 5 * n; /* the stationary law */
    double *v = pi + n;      /* p(t) at the start of a step, then at its end */
    double *u = v + n;       /* v P^k */
    double *un = u + n;      /* the next power */
    double *wt = un + n;     /* Poisson(k; q x_i h) at i (K+1) + k; last row q h */
    double *glw = wt + (DM_GL_POINTS + 1) * (K + 1); /* the Gauss-Legendre weights on [0, 1] */
    for (size_t a = 0; a < n; a++)
        for (int d = -DM_BAND; d <= DM_BAND; d++) {
            long from = (long)a + d;
            double r = 0;
            if (from >= 0 && (size_t)from < n)
                r = d == 0 ? 1 - dm_exit(m, a) / q : dm_rate(m, (size_t)from, a) / q;
            in[5 * a + (size_t)(d + DM_BAND)] = r;
        }
    if (cf_domains_stationary(m, pi) != 0) goto out;
    const double pi_G = pow(pi[0], G);
    for (size_t i = 0; i < DM_GL_POINTS; i++) {
        double x, w;
        gsl_integration_glfixed_point(0, 1, i, &x, &w, gl);
        dm_poisson(a_step * x, K, wt + i * (K + 1));
        glw[i] = w;
    }
    dm_poisson(a_step, K, wt + DM_GL_POINTS * (K + 1));
    const double *wnext = wt + DM_GL_POINTS * (K + 1);

    v[0] = 1; /* every domain up, every node new */
    double integral = 0, comp = 0, work = 0, t;
    for (double step = 0; step < steps; step++) {
        double f[DM_GL_POINTS];
        memcpy(u, v, n * sizeof *u);
        for (size_t i = 0; i < DM_GL_POINTS; i++)
            f[i] = wt[i * (K + 1)] * u[0];
        for (size_t a = 0; a < n; a++)
            v[a] = wnext[0] * u[a];
        for (size_t k = 1; k <= K; k++) {
            for (size_t a = 0; a < n; a++) { /* un = u P, through the band entering a */
                double s = 0;
                for (int d = -DM_BAND; d <= DM_BAND; d++) {
                    long from = (long)a + d;
                    if (from >= 0 && (size_t)from < n)
                        s += in[5 * a + (size_t)(d + DM_BAND)] * u[from];
                }
                un[a] = s;
            }
            double *tmp = u;
            u = un;
            un = tmp;
            for (size_t i = 0; i < DM_GL_POINTS; i++)
                f[i] += wt[i * (K + 1) + k] * u[0];
            for (size_t a = 0; a < n; a++)
                v[a] += wnext[k] * u[a];
        }
        work += (double)(K + 1) * (double)n * 5;
        double sum = 0;
        for (size_t i = 0; i < DM_GL_POINTS; i++)
            sum += glw[i] * pow(f[i] > 0 ? f[i] : 0, G);
        /* compensated sum of the steps' integrals */
        double y = sum * h - comp, z = integral + y;
        comp = (z - integral) - y;
        integral = z;
        t = (step + 1) * h;
        double mass = 0, dist = 0;
        for (size_t a = 0; a < n; a++)
            mass += v[a];
        for (size_t a = 0; a < n; a++) {
            v[a] /= mass;
            dist += fabs(v[a] - pi[a]);
        }
        if (dist <= DM_STEADY_L1) {
            integral += (T - t) * pi_G;
            break;
        }
        if (work > DM_BUDGET) goto out;
    }
    result = integral / T;
    if (result > 1) result = 1;
out:
    if (gl) gsl_integration_glfixed_table_free(gl);
    free(ws);
    return result;
}

double cf_domains_product_availability(unsigned N, double lambda, double r, unsigned G,
                                       double lambda_d, double r_d)
{
    if (!(lambda >= 0) || !(r >= 0) || !(lambda_d >= 0) || !(r_d >= 0) || !isfinite(lambda * r) ||
        !isfinite(lambda_d * r_d))
        return NAN;
    return exp(-(double)N * log1p(lambda * r) - (double)G * log1p(lambda_d * r_d));
}

double cf_no_interruption_prob(double T, unsigned N, double lambda, unsigned G, double lambda_d)
{
    if (!(T >= 0) || !(lambda >= 0) || !(lambda_d >= 0)) return NAN;
    return exp(-((double)N * lambda + (double)G * lambda_d) * T);
}

/* ---------------------------------------------------------------- the age of a remote copy */

typedef struct {
    double lambda, L; /* lambda = 0: T uniform on [0, L) */
} ca_law;

/* P(a <= T < b), b may be infinite. */
static double ca_pr(const ca_law *c, double a, double b)
{
    if (c->lambda == 0) return (b - a) / c->L;
    if (isinf(b)) return exp(-c->lambda * a);
    return exp(-c->lambda * a) * -expm1(-c->lambda * (b - a));
}

/* E[T - a | a <= T < a + D]: the exponential truncated to [0, D) (memoryless: the same for every
 * a), m(D) = D (1/x - 1/(e^x - 1)), x = lambda D; its Bernoulli series below x = 1e-3. */
static double ca_m(const ca_law *c, double D)
{
    if (c->lambda == 0) return D / 2;
    if (isinf(D)) return 1 / c->lambda;
    double x = c->lambda * D;
    if (x < 1e-3) {
        double x2 = x * x;
        return D * (0.5 - x / 12 + x * x2 / 720 - x * x2 * x2 / 30240);
    }
    return D * (1 / x - 1 / expm1(x));
}

double cf_copy_age_mean(double P, double w, double lambda, double L)
{
    if (!(P > 0) || !(w >= 0) || !isfinite(w) || !(w < P) || !(lambda >= 0) || !isfinite(lambda) ||
        !(L > 0))
        return NAN;
    if (lambda == 0 && isinf(L)) return isinf(P) ? NAN : P / 2 + w; /* a uniform phase */
    ca_law c = {lambda, L};
    double b0 = fmin(P + w, L);
    double sum = ca_pr(&c, 0, b0) * ca_m(&c, b0);
    if (isfinite(P) && L > P + w) {
        /* K whole periods [k P + w, (k + 1) P + w), k = 1..K, inside [0, L) */
        double K = isinf(L) ? INFINITY : floor((L - w) / P) - 1;
        if (K > 0) {
            double end = isinf(K) ? INFINITY : (K + 1) * P + w;
            sum += ca_pr(&c, P + w, end) * (w + ca_m(&c, P));
        }
        double a = (fmax(K, 0) + 1) * P + w;
        if (isfinite(a) && a < L) sum += ca_pr(&c, a, L) * (w + ca_m(&c, L - a));
    }
    return sum / ca_pr(&c, 0, L);
}
