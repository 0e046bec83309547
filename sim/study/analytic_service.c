/*
 * analytic_service: the closed forms of a served model ([service]; docs/model.md, "Serving"):
 * R replicas of m slots, up while at least k replicas are up, measured over [0, T].
 *
 *   k-of-n      independent slots (no spare, a crew per node, no failure domain or site). Each
 *               node alternates up (its life, MTTF) and down (detection + repair + failover): an
 *               alternating renewal process, any laws, and by renewal-reward (Ross, Introduction
 *               to Probability Models, ch. 7) in the long run up with a = MTTF / C, C = MTTF +
 *               E[detection] + E[repair] + E[failover], down and undetected with E[detection] / C.
 *               With one node per replica only the count of nodes up matters (which slot a
 *               repaired node fills does not), so the replicas up are Binomial(R, a): the
 *               service's availability is sum_{j >= k} C(R, j) a^j (1 - a)^(R - j)
 *               (cf_k_of_n; Barlow & Proschan 1965). With m > 1 a replica is up with a^m when
 *               its slots are independent, which needs each node back in its own slot: true when
 *               the down times are fixed (nodes come back in the order they failed), not
 *               otherwise (a node back first fills the slot that has waited longest). Outage
 *               rate: the frequency of system failures of independent alternating-renewal
 *               components, sum over components of (Birnbaum importance / mean cycle) (Ross
 *               1975, "On the calculation of asymptotic system reliability characteristics", in
 *               Reliability and Fault Tree Analysis, SIAM): R m p^(m-1) / C times the probability
 *               that exactly k-1 of the other R-1 replicas are up. Mean outage = (1 - A) / rate.
 *               Request availability: given B replicas believed healthy (up, or down with every
 *               failure undetected), each is up with q_u / q_b independently, so
 *               E[U / B; B > 0] = (1 - (1 - q_b)^R) q_u / q_b, with q_u = a^m and q_b = (a +
 *               E[detection] / C)^m. All are long-run values: over [0, T] from all-new the mean
 *               differs by O(1/T) (approximate).
 *   the chain   exponential lives and repairs, r crews, no detection or failover delay: the
 *               machine-repairman chain over failed nodes j (cf_repairman: N slots, S spares,
 *               cold or hot), e = max(0, j - S) slots empty. The law of the system is invariant
 *               under permutations of the slots (failures are uniform over the nodes that age,
 *               repaired nodes go to the slot that has waited longest, a rule blind to labels),
 *               so given e the empty slots are a uniform e-subset of the N = R m slots, and the
 *               replicas hit follow from counting (below). Over [0, T] from all-new the chain's
 *               occupation times I_j = integral_0^T P(j(t) = j) dt are computed exactly by
 *               uniformization (Grassmann 1977), stopped once p(0) P^n is stationary (as in
 *               models/cf.c); E[down time] = sum_j I_j P(fewer than k up | e_j); outages enter
 *               from a state with exactly k up when a node of an up replica fails (rate k m
 *               lambda, j >= S: no spare left to swap in at once), so E[outages] =
 *               sum_{j >= S} I_j k m lambda P(exactly k up | e_j); the mean outage is their
 *               ratio, which is what the simulation's ratio of totals estimates. The time to the
 *               first outage (m = 1: the first passage from 0 to J + 1 = S + R - k + 1 failed) of
 *               the birth-death chain: E = sum_{i <= J} t_i, t_0 = 1/b_0, t_i = 1/b_i + (d_i /
 *               b_i) t_(i-1) (Karlin & Taylor, A First Course in Stochastic Processes (1975),
 *               ch. 4). The simulation's mttff_h is its mean over the trials with an outage by the
 *               horizon; the passage is a sum of independent exponentials (Keilson, Markov Chain
 *               Models: Rarity and Exponentiality, 1979), so P(none by T) <= 2 e^(-T / 2E)
 *               (Chernoff at s = 1/(2E)), negligible for T >= 40 E: exact there.
 */
#include "sim/study/analytic_int.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>

#define REF_SVC_KOFN                                                                               \
    "Barlow & Proschan 1965 (k-out-of-n); Ross, Introduction to Probability Models, ch. 7 "        \
    "(renewal-reward)"
#define REF_SVC_RATE                                                                               \
    "Ross 1975, SIAM Reliability and Fault Tree Analysis (system failure frequency: Birnbaum "     \
    "importance / mean cycle)"
#define REF_SVC_REQ                                                                                \
    "renewal-reward per slot (Ross, ch. 7); binomial thinning of the replicas believed"
#define REF_SVC_CHAIN                                                                              \
    "Barlow & Proschan 1965, ch. 5 (repairman); Grassmann 1977 (uniformization); failed slots "    \
    "uniform over the replicas by symmetry"
#define REF_SVC_MTTFF                                                                              \
    "Karlin & Taylor 1975, ch. 4 (birth-death first passage); Keilson 1979 (its tail)"

/* The chain's first passage is exact once the horizon is this many times its mean. */
#define SVC_MTTFF_CYCLES 40.0
/* The table of replicas hit by e empty slots costs R N m steps and (R + 1)(N + 1) doubles. */
#define SVC_TABLE_BUDGET 1e8
/* Uniformization: as in models/cf.c, q a little above the largest exit rate; stationarity once
 * p(0) P^n is this close to pi (L1), checked every few steps. */
#define SVC_Q_MARGIN 1.02
#define SVC_STEADY_L1 1e-13
#define SVC_CHECK_EVERY 16

/* ------------------------------------------------------------------------------------------ */
/* Independent slots: k-of-n, its outage rate and the share of requests answered */

/* The node's mean life when a node renews at each repair (one component, or exponential lives:
 * the node's failures are then a Poisson process of rate lam), else 0. */
static double node_mttf(const analytic_facts *f)
{
    const scn *s = f->s;
    if (s->ncomp == 1 && s->comp[0].count == 1) return dist_mean(&s->comp[0].ttf);
    return f->nonexp < 0 ? 1 / f->lam : 0;
}

/* 1 if every failure is down for the same fixed time: nodes come back in the order they failed. */
static int down_times_fixed(const scn *s)
{
    if (s->heartbeat > 0 || s->failover.kind != DIST_FIXED) return 0;
    for (int i = 0; i < s->ncomp; i++)
        if (s->comp[i].ttr.kind != DIST_FIXED || s->comp[i].ttr.p1 != s->comp[0].ttr.p1) return 0;
    return 1;
}

static analytic_entry *none_entry(analytic_list *l, const char *q, const char *metric,
                                  const char *ref, const char *formula, const char *why)
{
    analytic_entry *e = analytic_add(l, q, NAN, ANALYTIC_NONE, metric, ref);
    analytic_formula(e, "%s", formula);
    analytic_note(e, "does not apply: %s", why);
    return e;
}

static void add_k_of_n(const analytic_facts *f, analytic_list *l)
{
    const scn *s = f->s;
    const char *q = "service_k_of_n_availability",
               *form = "sum_{j>=k} C(R,j) q^j (1-q)^(R-j), q = a^m";
    char why[ANALYTIC_NOTE_MAX - 64], a1[32], a2[32];
    double mttf = node_mttf(f);
    unsigned R = s->replicas, m = s->replica_nodes, k = s->min_replicas;
    if (s->ndomain || s->has_site) {
        none_entry(l, q, "service_availability", REF_SVC_KOFN, form,
                   "failure domains or a site take several slots down at once: the slots are not "
                   "independent");
        return;
    }
    if (s->spares) {
        snprintf(why, sizeof why,
                 "%u spares: a failed slot takes a spare, so the slots are not independent",
                 s->spares);
        none_entry(l, q, "service_availability", REF_SVC_KOFN, form, why);
        return;
    }
    if (s->crews != 0 && s->crews < s->nodes) {
        snprintf(why, sizeof why,
                 "%u crews for %u nodes: repairs queue and the nodes are not independent", s->crews,
                 s->nodes);
        none_entry(l, q, "service_availability", REF_SVC_KOFN, form, why);
        return;
    }
    if (!(mttf > 0)) {
        snprintf(why, sizeof why,
                 "a node of several components whose lives are not all exponential (%s) does not "
                 "renew when one is repaired",
                 f->kinds[f->nonexp]);
        none_entry(l, q, "service_availability", REF_SVC_KOFN, form, why);
        return;
    }
    double det = f->det_mean, C = mttf + det + f->ttr_mean + f->fo_mean;
    double a = mttf / C, qu = pow(a, m), qb = pow(a + det / C, m);
    double A = cf_k_of_n(k, R, qu);
    /* Birnbaum importance of a slot over its mean cycle, summed over the N slots */
    double imp = R > 1 ? gsl_ran_binomial_pdf(k - 1, qu, R - 1) : 1.0;
    double rate = (double)R * m * pow(a, m - 1.0) / C * imp; /* outages an hour */
    double T = f->trial_h;
    analytic_reasons bad = {{0}, 0};
    analytic_reason(&bad, "a long-run value: over [0, %s] from all-new the mean differs by O(1/T)",
                    analytic_hours(T, a1, sizeof a1));
    if (m > 1 && !down_times_fixed(s))
        analytic_reason(&bad,
                        "with %u nodes a replica and down times that vary, a node that comes "
                        "back first fills the slot that has waited longest, not always its "
                        "own, so the replicas are not quite independent",
                        m);
    if (s->hot && !f->fo_zero)
        analytic_reason(&bad, "hot mode: a repaired node ages while swapped in and can fail then");

    analytic_entry *e =
        analytic_add(l, q, A, ANALYTIC_APPROXIMATE, "service_availability", REF_SVC_KOFN);
    analytic_formula(e, "sum_{j>=%u} C(%u,j) q^j (1-q)^(%u-j), q = a^%u, a = %s / %s = %.6g", k, R,
                     R, m, analytic_hours(mttf, a1, sizeof a1), analytic_hours(C, a2, sizeof a2),
                     a);
    analytic_note(e,
                  "approximate: %s; exact in the long run for any laws (each node an alternating "
                  "renewal process, C = MTTF + detection + repair + failover)",
                  bad.text);
    e = analytic_add(l, "service_k_of_n_outages", rate * T, ANALYTIC_APPROXIMATE, "outages",
                     REF_SVC_RATE);
    analytic_formula(e, "T R m a^(m-1) / C P(exactly k-1 of R-1 up) = %s x %.6g a year",
                     analytic_hours(T, a1, sizeof a1), rate * 8766);
    analytic_note(e, "approximate: %s; the long-run rate of outages", bad.text);
    e = analytic_add(l, "service_k_of_n_mean_outage_min", 60 * (1 - A) / rate, ANALYTIC_APPROXIMATE,
                     "mean_outage_min", REF_SVC_RATE);
    analytic_formula(e, "60 (1 - A) / rate = 60 x %.6g / %.6g an hour", 1 - A, rate);
    analytic_note(e, "approximate: %s", bad.text);
    double req = -expm1((double)R * log1p(-qb)) * qu / qb;
    e = analytic_add(l, "service_request_availability", req, ANALYTIC_APPROXIMATE,
                     "request_availability", REF_SVC_REQ);
    analytic_formula(e, "(1 - (1 - q_b)^%u) q_u / q_b, q_u = a^%u = %.6g, q_b = (a + %s / %s)^%u",
                     R, m, qu, analytic_hours(det, a1, sizeof a1), analytic_hours(C, a2, sizeof a2),
                     m);
    analytic_note(e,
                  "approximate: %s; a replica is believed healthy while none of its failures is "
                  "detected, and each believed one is up with q_u / q_b",
                  bad.text);
}

/* ------------------------------------------------------------------------------------------ */
/* The repairman chain */

/* hit[h * (N + 1) + e]: the probability that a uniform e-subset of the N = R m slots hits exactly
 * h of the R replicas (groups of m). P_h(e), the probability that an e-subset of h m slots hits
 * all h groups, follows the recursion over the last group (c of the e in it, hypergeometric)
 *     P_h(e) = sum_{c=1}^{min(m, e)} P_(h-1)(e - c) C(m, c) C((h-1) m, e - c) / C(h m, e),
 * every term positive (no cancellation), and P(exactly h | e) = C(R, h) C(h m, e) P_h(e) /
 * C(N, e), the binomials in logs (lf: log factorials). NULL if out of memory. */
static double *replicas_hit(unsigned R, unsigned m)
{
    size_t N = (size_t)R * m, W = N + 1;
    double *lf = malloc(W * sizeof *lf), *P = calloc((R + 1) * W, sizeof *P);
    if (!lf || !P) {
        free(lf);
        free(P);
        return NULL;
    }
    for (size_t i = 0; i < W; i++)
        lf[i] = lgamma((double)i + 1);
#define LCHOOSE(a, b) (lf[a] - lf[b] - lf[(a) - (b)])
    P[0] = 1; /* P_0(0) */
    for (size_t h = 1; h <= R; h++)
        for (size_t e = h; e <= h * m; e++) {
            double sum = 0;
            for (size_t c = 1; c <= m && c <= e; c++) {
                if (e - c > (h - 1) * m) continue;
                double w = P[(h - 1) * W + e - c];
                if (w > 0)
                    sum += w * exp(LCHOOSE(m, c) + LCHOOSE((h - 1) * m, e - c) - LCHOOSE(h * m, e));
            }
            P[h * W + e] = sum;
        }
    for (size_t h = 0; h <= R; h++)
        for (size_t e = 0; e <= N; e++)
            if (P[h * W + e] > 0)
                P[h * W + e] *= exp(LCHOOSE(R, h) + LCHOOSE(h * m, e) - LCHOOSE(N, e));
#undef LCHOOSE
    free(lf);
    return P;
}

/* The occupation times I[0..K] = integral_0^T P(j(t) = j) dt of the birth-death chain of rates
 * b (up) and d (down) from j = 0, by uniformization: with X ~ Poisson(qT) and P = I + Q/q,
 * I = (1/q) sum_n P(X > n) p(0) P^n; once ||p(0) P^n - pi||_1 < SVC_STEADY_L1 the rest of the sum
 * is pi times qT - sum_{n' < n} P(X > n') (sum_n P(X > n) = E[X] = qT), an error below
 * SVC_STEADY_L1 T. Stops when P(X > n) is negligible too. Returns 0, or -1 beyond `budget` steps
 * times states or out of memory. */
static int occupation(size_t K, const double *b, const double *d, const double *pi, double T,
                      double budget, double *I)
{
    double qmax = 0;
    for (size_t j = 0; j <= K; j++)
        qmax = fmax(qmax, b[j] + d[j]);
    double q = SVC_Q_MARGIN * qmax, L = q * T;
    double *v = calloc(2 * (K + 1), sizeof *v), *w = v + K + 1;
    if (!v) return -1;
    v[0] = 1;
    for (size_t j = 0; j <= K; j++)
        I[j] = 0;
    double cum = 0, hi = L + 40 * sqrt(L) + 100;
    int steady = 0;
    for (size_t n = 0;; n++) {
        if ((double)n * (double)(K + 1) > budget) {
            free(v);
            return -1;
        }
        double wn = gsl_sf_gamma_inc_P((double)n + 1, L); /* P(X > n) = P(Gamma(n+1) <= L) */
        if ((double)n > hi && wn < 1e-18) break;
        for (size_t j = 0; j <= K; j++)
            I[j] += wn * v[j];
        cum += wn;
        if (n % SVC_CHECK_EVERY == 0) {
            double l1 = 0;
            for (size_t j = 0; j <= K; j++)
                l1 += fabs(v[j] - pi[j]);
            if (l1 < SVC_STEADY_L1) {
                steady = 1;
                break;
            }
        }
        for (size_t j = 0; j <= K; j++) {
            double x = v[j] * (1 - (b[j] + d[j]) / q);
            if (j > 0) x += v[j - 1] * b[j - 1] / q;
            if (j < K) x += v[j + 1] * d[j + 1] / q;
            w[j] = x;
        }
        memcpy(v, w, (K + 1) * sizeof *v);
    }
    for (size_t j = 0; j <= K; j++)
        I[j] = (I[j] + (steady ? (L - cum) * pi[j] : 0)) / q;
    free(v);
    return 0;
}

static void add_chain(const analytic_facts *f, analytic_list *l)
{
    const scn *s = f->s;
    const char *q = "service_chain_availability", *form = "birth-death chain of failed nodes";
    char why[ANALYTIC_NOTE_MAX - 64], a1[32], a2[32], a3[32];
    unsigned R = s->replicas, m = s->replica_nodes, k = s->min_replicas;
    if (s->ndomain || s->has_site) {
        none_entry(l, q, "service_availability", REF_SVC_CHAIN, form,
                   "failure domains or a site take several slots down at once, which the chain "
                   "does not have");
        return;
    }
    if (f->nonexp >= 0) {
        snprintf(why, sizeof why, "%s is not exponential; the chain needs exponential lives",
                 f->kinds[f->nonexp]);
        none_entry(l, q, "service_availability", REF_SVC_CHAIN, form, why);
        return;
    }
    if (!(f->ttr_mean > 0)) {
        none_entry(l, q, "service_availability", REF_SVC_CHAIN, form,
                   "repairs take no time, and the chain needs a repair rate");
        return;
    }
    size_t N = s->nodes, S = s->spares, K = N + S, W = N + 1;
    if (m > 1 && (double)R * (double)N * m > SVC_TABLE_BUDGET) {
        snprintf(
            why, sizeof why,
            "%u replicas of %u nodes are too many to count which replicas the failed slots hit "
            "(more than %.0g steps)",
            R, m, SVC_TABLE_BUDGET);
        none_entry(l, q, "service_availability", REF_SVC_CHAIN, form, why);
        return;
    }
    analytic_reasons bad = {{0}, 0};
    double delay = f->det_mean + f->fo_mean, lam = f->lam;
    double mu = 1 / (f->ttr_mean + (S == 0 ? delay : 0));
    if (f->ttr_other >= 0) {
        char law[40];
        analytic_reason(&bad,
                        "repair times are not exponential of one mean (%s: %s): the chain uses the "
                        "failure-weighted mean repair",
                        s->comp[f->ttr_other].name,
                        dist_format(&s->comp[f->ttr_other].ttr, law, sizeof law));
    }
    if (delay > 0)
        analytic_reason(&bad, "the chain has no detection or failover: their mean %s is %s",
                        analytic_hours(delay, a1, sizeof a1),
                        S == 0 ? "added to the repair time" : "left out");
    cf_repairman rm = {s->nodes, s->spares, s->crews, s->hot, lam, mu};
    double *pi = malloc(4 * (K + 1) * sizeof *pi), *hit = m > 1 ? replicas_hit(R, m) : NULL;
    if (!pi || (m > 1 && !hit) || cf_repairman_stationary(&rm, pi)) {
        free(pi);
        free(hit);
        return; /* out of memory: nothing to say */
    }
    double *b = pi + K + 1, *d = b + K + 1, *I = d + K + 1;
    double r = s->crews ? fmin(s->crews, (double)K) : (double)K;
    for (size_t j = 0; j <= K; j++) {
        double working = (double)(K - j);
        if (!s->hot && working > (double)N) working = (double)N;
        b[j] = working * lam;
        d[j] = fmin((double)j, r) * mu;
    }
    double T = f->trial_h;
    int interval = isfinite(T) && occupation(K, b, d, pi, T, ANALYTIC_UNIF_BUDGET, I) == 0;
    if (!interval) {
        if (isfinite(T))
            analytic_reason(&bad, "the horizon is too long for uniformization here: the stationary "
                                  "value is shown (start-up bias O(1/T))");
        for (size_t j = 0; j <= K; j++)
            I[j] = (isfinite(T) ? T : 1) * pi[j];
    }
    double down_h = 0, outages = 0;
    for (size_t j = 0; j <= K; j++) {
        size_t e = j > S ? j - S : 0;
        double p_down = 0, p_edge = 0; /* fewer than k up; exactly k up */
        if (m == 1) {
            p_down = R - e < k;
            p_edge = R - e == k;
        } else {
            for (size_t h = R - k + 1; h <= R; h++)
                p_down += hit[h * W + e];
            p_edge = hit[(R - k) * W + e];
        }
        down_h += I[j] * p_down;
        if (j >= S) outages += I[j] * (double)k * m * lam * p_edge;
    }
    double span = isfinite(T) ? T : 1;
    double A = 1 - down_h / span;
    analytic_fit fit = bad.n ? ANALYTIC_APPROXIMATE : ANALYTIC_EXACT;
    char over[64], crews[16];
    snprintf(crews, sizeof crews, "%u", s->crews);
    if (interval)
        snprintf(over, sizeof over, "over [0, %s] from all-new", analytic_hours(T, a1, sizeof a1));
    else
        snprintf(over, sizeof over, "stationary");
    const char *how =
        m > 1 ? "; given e slots empty they are a uniform e-subset (symmetry), whose replicas hit "
                "are counted exactly"
              : "";
    analytic_entry *e = analytic_add(l, q, A, fit, "service_availability", REF_SVC_CHAIN);
    analytic_formula(e,
                     "P(at least %u of %u replicas up), N = %zu, S = %zu %s, r = %s, "
                     "lambda = 1/%s, mu = 1/%s, %s",
                     k, R, N, S, s->hot ? "hot" : "cold", s->crews ? crews : "unlimited",
                     analytic_hours(1 / lam, a2, sizeof a2), analytic_hours(1 / mu, a3, sizeof a3),
                     over);
    if (bad.n)
        analytic_note(e, "approximate: %s", bad.text);
    else
        analytic_note(e,
                      "exact: exponential lives and repairs, no detection or failover delay; the "
                      "chain from all-new over the horizon%s",
                      how);
    if (!isfinite(T)) {
        free(pi);
        free(hit);
        return;
    }
    e = analytic_add(l, "service_chain_outages", outages, fit, "outages", REF_SVC_CHAIN);
    analytic_formula(e, "sum_{j>=S} I_j k m lambda P(exactly %u up | j failed), %s", k, over);
    analytic_note(e, "%s: outages begin when a node of an up replica fails with exactly k up%s%s",
                  bad.n ? "approximate" : "exact", bad.n ? "; " : "", bad.text);
    if (outages > 0) {
        e = analytic_add(l, "service_chain_mean_outage_min", 60 * down_h / outages, fit,
                         "mean_outage_min", REF_SVC_CHAIN);
        analytic_formula(e, "60 E[down time] / E[outages] = 60 x %s / %.6g",
                         analytic_hours(down_h, a1, sizeof a1), outages);
        analytic_note(e,
                      "%s: the ratio of expectations, which the ratio of totals over trials "
                      "estimates (an outage open at the horizon counts to the horizon)%s%s",
                      bad.n ? "approximate" : "exact", bad.n ? "; " : "", bad.text);
    }
    if (m == 1) {
        size_t J = S + R - k; /* most failed nodes with the service up */
        double t = 0, E = 0;
        for (size_t i = 0; i <= J; i++) {
            t = 1 / b[i] + (i ? d[i] / b[i] * t : 0);
            E += t;
        }
        analytic_reasons mb = bad;
        if (T < SVC_MTTFF_CYCLES * E)
            analytic_reason(&mb,
                            "the horizon is only %.3g times the mean: the simulation averages the "
                            "trials whose first outage came before it (P(none) <= 2 e^(-T/2E) = "
                            "%.2g)",
                            T / E, fmin(1, 2 * exp(-T / (2 * E))));
        e = analytic_add(l, "service_chain_mttff_h", E,
                         mb.n ? ANALYTIC_APPROXIMATE : ANALYTIC_EXACT, "mttff_h", REF_SVC_MTTFF);
        analytic_formula(e,
                         "first passage from 0 to %zu failed: sum_{i<=%zu} t_i, t_i = 1/b_i + "
                         "d_i/b_i t_(i-1)",
                         J + 1, J);
        if (mb.n)
            analytic_note(e, "approximate: %s", mb.text);
        else
            analytic_note(e,
                          "exact: the horizon is %.3g times the mean, so nearly every trial "
                          "sees its first outage",
                          T / E);
    }
    free(pi);
    free(hit);
}

void analytic_add_service(const analytic_facts *f, analytic_list *l)
{
    add_k_of_n(f, l);
    add_chain(f, l);
}
