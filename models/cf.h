/*
 * cf: closed-form reliability models, computed independently of the simulator.
 *
 * Every result relsim simulates can be checked against one of these: the optimal checkpoint
 * intervals of Young (1974) and Daly (2006), the expected makespan of a checkpointed job under
 * Poisson failures, the machine-repairman Markov chain, renewal-reward availability, k-of-n
 * availability, the per-step failure law, the checkpoint levels of SCR (partner and XOR
 * redundancy, asynchronous writes, the multi-level recovery chain), and failure domains and
 * sites (the chain of a domain and its nodes, the first interruption, the age of a remote copy).
 * All durations are in hours, all rates per hour. Functions return NAN for arguments outside
 * their domain (documented per function); none allocates except
 * cf_repairman_interval_availability (O(N+S) doubles), cf_levels_makespan (O(n^2) doubles for n
 * segments), cf_sdc_recoverable_prob_any (a GSL integration workspace) and
 * cf_domains_stationary and cf_domains_interval_availability (O(s) doubles, a GSL banded LU and a
 * Gauss-Legendre table), which return NAN (or -1) if that fails.
 *
 * This module depends on GSL only.
 */
#ifndef RELSIM_MODELS_CF_H
#define RELSIM_MODELS_CF_H

#include <stddef.h>

/* Young (1974), "A first order approximation to the optimum checkpoint interval", CACM 17(9):
 * tau = sqrt(2 d M), d = checkpoint cost, M = system MTBF. NAN unless d > 0 and M > 0. */
double cf_young_interval(double d, double M);

/* Daly (2006), "A higher order estimate of the optimum checkpoint interval for restart dumps",
 * FGCS 22(3), eq. (37): tau = sqrt(2dM) (1 + sqrt(d/(2M))/3 + d/(18M)) - d for d < 2M, else M.
 * NAN unless d > 0 and M > 0. */
double cf_daly_interval(double d, double M);

/* Expected time to complete one segment of L hours of failure-prone work (computation, and the
 * checkpoint that closes it) under Poisson failures of mean time M: every failure is followed by a
 * downtime D during which no failure can occur, then a restart of R hours which failures can
 * interrupt (each interruption costs another D and a fresh R):
 *     E = (M + D) e^{R/M} (e^{L/M} - 1)
 * (the segment cost inside Daly 2006, eq. (13), M e^{R/M} (e^{L/M} - 1) with L = tau + d; Daly's
 * model has no downtime: D is relsim's addition, and it multiplies the expected number of
 * failures e^{R/M} (e^{L/M} - 1), so it stays outside the exponent).
 * L >= 0, D >= 0, R >= 0, M > 0, else NAN. Computed with expm1 for accuracy when L << M. */
double cf_segment_time(double L, double D, double R, double M);

/* Daly (2006) eq. (13) expected wall-clock time: T_s/tau segments, each closed by a checkpoint
 * of cost d: T_w = (M + D) e^{R/M} (e^{(tau+d)/M} - 1) T_s / tau, with T_s = W. D = 0 is the form
 * as published (Daly has no downtime); D > 0 extends it as in cf_segment_time. Used to check
 * published values; NAN unless W > 0, tau > 0, d >= 0, D >= 0, R >= 0, M > 0. */
double cf_daly_makespan(double W, double tau, double d, double D, double R, double M);

/* The expected makespan in relsim's own job model, exact for a job whose failures form a Poisson
 * process of mean time M (see docs/model.md): work W is cut into k = ceil(W/tau) segments; the
 * first k-1 are tau hours of computation followed by a checkpoint of cost d, the last one is the
 * remaining W - (k-1) tau hours with no checkpoint (none is written once the work is done).
 *     E = sum of cf_segment_time over the segments.
 * A remainder within 1e-9 relative of tau counts as a full segment (matches the simulator's tie
 * rule). tau = INFINITY (or tau >= W) is the single-segment form (M + D) e^{R/M} (e^{W/M} - 1).
 * NAN unless W > 0, tau > 0, d >= 0, D >= 0, R >= 0, M > 0. */
double cf_job_makespan(double W, double tau, double d, double D, double R, double M);

/* The expected makespan of relsim's job when its failures come only while it computes (every
 * component ages = computing, docs/model.md), a Poisson process of mean time M in hours of
 * computation: checkpoints, restores and downtimes are safe. A segment of L hours of computation
 * is tried until one attempt survives L (e^{L/M} - 1 failed attempts on average); a failed one
 * costs its computation until the failure (the attempts' computation adds up to
 * M (e^{L/M} - 1) in all, the last one's L included), a downtime D and a restore R:
 *     E(L) = (M + D + R) (e^{L/M} - 1),
 * and the job is the segments of cf_segments, every one but the last closed by a checkpoint d.
 * NAN unless W > 0, tau > 0, d >= 0, D >= 0, R >= 0, M > 0. */
double cf_computing_makespan(double W, double tau, double d, double D, double R, double M);

/* The job's segments under the simulator's tie rule: for W of work and an interval tau < W, the
 * checkpoints written (one after every segment but the last) and, in *last, the last segment's
 * length; a remainder within 1e-9 relative of tau counts as a whole segment. tau >= W (or
 * INFINITY): 0 checkpoints, one segment of W. */
double cf_segments(double W, double tau, double *last);

/* Full + incremental checkpoint chains: checkpoint m (1, 2, ... by position in the work) is full
 * when full_every divides m, else incremental; the start counts as full. */
typedef struct {
    unsigned full_every;  /* >= 1 (1: every checkpoint full, cf_job_makespan) */
    int cumulative;       /* 0 chained: a restore applies every incremental since the full;
                           * 1 cumulative: only the newest */
    double d_full, d_inc; /* stall of a full and of an incremental checkpoint */
    double R_full, r_inc; /* restoring the full; added per incremental applied */
} cf_chain;

/* The expected makespan of relsim's job with chains (docs/model.md), exact for Poisson failures
 * of mean time M and fixed costs: the segments of cf_job_makespan, segment m costing
 *     (M + D) e^{R(m-1)/M} (e^{L_m/M} - 1)
 * (Daly 2006's segment cost, as cf_segment_time), L_m = tau + the stall of checkpoint m (none for
 * the last segment), R(j) = R_full + r_inc (j mod F) chained, R_full + r_inc [j mod F > 0]
 * cumulative: a failure in segment m restores checkpoint m - 1. O(min(F, W/tau)) work.
 * NAN unless W > 0, tau > 0, full_every >= 1, costs >= 0, D >= 0, M > 0. */
double cf_chain_makespan(double W, double tau, const cf_chain *c, double D, double M);

/* Silent data corruption (docs/model.md): the probability that a strike is recoverable, i.e.
 * that its newest clean checkpoint is still among the K retained when it is detected. A strike at
 * offset U into a segment of tau hours of computation, with a checkpoint of d hours closing each
 * segment (period P = tau + d in wall time, no failures), sees the k-th checkpoint after it
 * commit kP - U later; detected X later, it is recoverable when X < K P - U. For X exponential
 * of mean x (theta = 1/x):
 *     P(recoverable) = 1 - e^{-theta K P} E[e^{theta U}].
 * With U uniform on [0, tau) (the form, strikes rare against the interval),
 * E[e^{theta U}] = (e^{theta tau} - 1)/(theta tau): 1 - e^{-theta K P}(e^{theta tau} - 1)/(theta tau).
 * relsim's strikes come at rate lambda of computation, their clock starting afresh at the start of
 * a segment (the job's start, or the end of a rollback's restore), so U is the strike time modulo
 * tau: density lambda e^{-lambda u} / (1 - e^{-lambda tau}) on [0, tau), and
 * E[e^{theta U}] = lambda (e^{(theta - lambda) tau} - 1) / ((theta - lambda)(1 - e^{-lambda tau})),
 * which tends to the uniform form as lambda -> 0 (lambda = 0 gives it). K = 0 means every
 * checkpoint is kept: 1. NAN unless tau > 0, d >= 0, x > 0, lambda >= 0. */
double cf_sdc_recoverable_prob(double tau, double d, unsigned K, double x, double lambda);

/* The same probability for any law of the detection latency X and of the strike's computation
 * time T (docs/model.md, "Checked against closed forms"). The strike's clock starts at the start
 * of a segment, so its offset is U = T mod tau, of density on [0, tau)
 *     f_U(u) = sum_{k >= 0} f_T(u + k tau)
 * (the mass of T in [k tau, (k + 1) tau) folded back onto the segment: the wrapped law, Mardia &
 * Jupp, "Directional Statistics" (2000), ch. 3, on a circle of circumference tau); with no
 * failures the K-th checkpoint after the strike commits K P - U later (P = tau + d), and X is
 * independent of U, so conditioning on U gives
 *     P(recoverable) = E[F_X(K P - U)] = integral_0^tau f_U(u) F_X(K P - u) du.
 * X exponential and T exponential of rate lambda is cf_sdc_recoverable_prob (the integral in
 * closed form); T of a mean far above tau (f_T nearly flat over a period) gives U nearly uniform.
 * The laws come as callbacks: cdf_x(t, x_arg) = P(X <= t) (any law: a lattice X, fixed or
 * geometric, only makes F_X a step function); pdf_t(t, t_arg) and cdf_t(t, t_arg), the density
 * and CDF of T, which must have a density (it may be infinite at 0, as a Weibull or gamma of
 * shape below 1). A lattice T is the caller's: for T fixed at t, U = t mod tau is a point mass and
 * P = F_X(K P - (t mod tau)); for a geometric T, sum over its atoms.
 *   Numerics: f_U(u) sums the series while the mass of T left beyond u + k tau, 1 - cdf_t, is
 * above 1e-12, for at most 10^4 terms; past that cap the rest of the series is Euler-Maclaurin's
 * (1 - F_T(a))/tau + f_T(a)/2 - tau f_T'(a)/12 at a = u + k tau (f_T' by the backward difference
 * over the last period), exact to O(tau^2 f_T'') per unit of mass left, so a T of mean much
 * longer than 10^4 periods costs no more than one of 10^4. The integral is GSL's adaptive
 * gsl_integration_qags (21-point Gauss-Kronrod with extrapolation, which copes with the endpoint
 * singularity of f_U at 0 and with the steps of a lattice X) to 1e-10 relative; the result is
 * clamped to [0, 1]. Allocates a GSL integration workspace (1000 intervals).
 * K = 0 means every checkpoint is kept: 1 (no callback called). NAN unless tau > 0 and d >= 0
 * (both finite) and the callbacks are given, or if the integration fails (allocation, or the
 * tolerance not reached with an error estimate above 1e-8). */
double cf_sdc_recoverable_prob_any(double tau, double d, unsigned K,
                                   double (*cdf_x)(double t, void *x_arg), void *x_arg,
                                   double (*pdf_t)(double t, void *t_arg),
                                   double (*cdf_t)(double t, void *t_arg), void *t_arg);

/* SCR's PARTNER redundancy (Moody, Bronevetsky, Mohror, de Supinski, "Design, modeling, and
 * evaluation of a scalable multi-level checkpointing system", SC'10): N nodes in a ring, node i's
 * checkpoint copied to node i+1 mod N. f simultaneous losses of distinct nodes, uniformly chosen,
 * leave every node's data recoverable unless two lost nodes are adjacent on the ring, which has
 * probability
 *     P = N/(N-f) C(N-f, f) / C(N, f)
 * (the numerator counts the f-subsets of an N-cycle with no two adjacent: Kaplansky 1943). f = 0
 * gives 1, 2f > N gives 0 (N = 1, f = 1: the node is its own partner), N = 2, f = 1 gives 1.
 * Computed in logs, as a ratio of rising factorials (no overflow for any N; relative error about
 * eps f log N). NAN unless N >= 1 and f <= N. */
double cf_partner_survive_prob(unsigned N, unsigned f);

/* SCR's XOR redundancy (Moody et al., SC'10): N nodes in sets of s consecutive nodes (s divides
 * N), each set's parity surviving the loss of one of its members. f simultaneous losses of
 * distinct nodes, uniformly chosen, are all recoverable when no set loses two:
 *     P = C(N/s, f) s^f / C(N, f)
 * (f distinct sets, one node in each). f = 0 gives 1, f > N/s gives 0. Computed in logs as
 * cf_partner_survive_prob. NAN unless s >= 2, s divides N (N >= 1) and f <= N. */
double cf_xor_survive_prob(unsigned N, unsigned s, unsigned f);

/* Asynchronous checkpoints: one started is lost when a failure (Poisson, mean time M) comes
 * during its snapshot stall s or its background write w, probability 1 - e^{-(s+w)/M} (computed
 * with expm1). NAN unless snapshot >= 0, write >= 0, M > 0. */
double cf_async_lost_prob(double snapshot, double write, double M);

/* The expected makespan of a job with one asynchronous checkpoint level, exact under relsim's
 * rules for Poisson failures of mean time M while the job runs (computing, snapshotting,
 * restoring): the segments of cf_segments (k checkpoints, a last segment of L); after each
 * segment but the last the job stalls for the snapshot s, then computes on while the write runs
 * for w in the background, checkpoint m committing w after its snapshot ends; a failure aborts
 * the write in flight, then the job is down D (no failure) and restores the newest committed
 * checkpoint (the start counts) in R, a failure during the restore repeating it. Between two
 * commits (commit 0: the start) the job is a Daly segment whose restart also re-computes the
 * w_{m-1} hours computed since the checkpoint it restores:
 *     E = sum_{m=1}^{k} cf_segment_time(tau - w_{m-1} + s + w_m, D, R + w_{m-1}, M)
 *         + cf_segment_time(L - w_k, D, R + w_k, M),
 * w_0 = 0, w_m = w for 0 < m < k, w_k = min(w, L) (a write still in flight at the end does not
 * matter). w = 0 is cf_job_makespan with d = s; interior segments cost
 * (M + D) e^{(R+w)/M} (e^{(tau+s)/M} - 1), between cf_job_makespan's with d = s and d = s + w.
 * O(1) work. NAN unless W > 0, tau > 0, 0 <= w <= tau, s >= 0, D >= 0, R >= 0, M > 0. */
double cf_async_makespan(double W, double tau, double s, double w, double D, double R, double M);

/* Multi-level checkpointing (Vaidya, "A case for two-level recovery schemes", IEEE TC 47(6),
 * 1998; Moody et al., SC'10, the SCR model; Di, Robert, Vivien, Cappello, "Toward an optimal
 * online checkpoint solution under a two-level HPC checkpoint model", IEEE TPDS 28(1), 2017):
 * tiers where checkpoints are kept, failure classes that destroy some of them. */
#define CF_LEVELS_MAX_TIERS 8
#define CF_LEVELS_MAX_SEGMENTS 2000u
typedef struct {
    unsigned nlevels;         /* L tiers, 1..CF_LEVELS_MAX_TIERS, in any order */
    const unsigned *every;    /* e_i: distinct, the smallest 1 */
    const double *cost;       /* c_i: the stall of writing a checkpoint to tier i (sync) */
    const double *restore;    /* r_i: restoring from tier i */
    unsigned nclasses;        /* K failure classes (0: no failure) */
    const double *rate;       /* lambda_k: Poisson rates while the job runs (computing, writing,
                               * restoring) */
    const double *down;       /* D_k: down time after a class-k failure (no failure during it) */
    const unsigned *destroys; /* bit i set: a class-k failure destroys tier i's copies (bits at
                               * or above nlevels are ignored) */
} cf_levels;

/* The expected makespan of a job checkpointing to tiers, exact under relsim's rules: the segments
 * of cf_segments (n of them), checkpoint m (1..n-1, after segment m) written to the tier of the
 * largest every dividing m, stalling its cost; it is then held there and at every tier of smaller
 * every, each tier holding only its newest checkpoint (the start, 0, is held everywhere). A
 * class-k failure (in a segment, a write, which is lost, or a restore) empties the tiers of
 * destroys[k]; after D_k the job restores the newest checkpoint any tier holds, from the tier of
 * smallest every holding it at that tier's cost (none held: the start, at r of the every-1 tier);
 * a failure during it destroys again and the restore starts over from the newest still held (the
 * same: a repeat; an older: escalation). A completed restore of t puts t back at every tier.
 * The job ends when the last segment's computation does.
 *   Method: Y(t), the expected remaining time just after a completed restore of t (t = 0..n-1;
 * the makespan is Y(0)). From there, phase m = t..n-1 (segment m+1 and its write, x_m hours) is
 * reached failure-free with probability P_t(m) = prod_{t<=i<m} e^{-Lambda x_i}, Lambda = sum
 * lambda_k; a failure in it finds tier j holding H_j(t, m), the newest c in t+1..m written to
 * tier j or to one of larger every (else t): non-increasing in every. So the restores that
 * follow depend only on the set S of tiers destroyed so far: each is from the tier j*(S) of
 * smallest every outside S, which holds the newest copy left, H_{j*}(t, m). So a chain over the 2^L sets S, solved once by first-step
 * analysis (supersets first), gives the expected restore time after a class-k failure and the law
 * of the tier j* it completes from; Y(t) is then affine in the Y(H_j(t, m)) and Y(0):
 *     Y(t) = sum_m P_t(m) (1 - e^{-Lambda x_m}) [1/Lambda + Dbar + sum_j rho_j Y(H_j(t, m))],
 * with Dbar the mean down and restore time of a failure and rho_j the probability it ends in a
 * restore from tier j (j = L: of the start). The n x n system is solved by LU (gsl_linalg_LU);
 * O(n^2 L + n^3) work. One tier and one class destroying nothing is cf_job_makespan; two tiers
 * that no class destroys are cf_chain_makespan (tests/test_cf.c, levels_*, with Monte Carlos of
 * these rules for two and three tiers, escalations included).
 * NAN if W <= 0, tau <= 0, more than CF_LEVELS_MAX_SEGMENTS segments, a bad field (negative or
 * non-finite cost, restore, rate or down; every not distinct or without 1; NULL arrays) or if the
 * system cannot be solved (allocation, overflow). */
double cf_levels_makespan(double W, double tau, const cf_levels *c);

/* Renewal-reward availability MTTF / (MTTF + MTTR), any laws. NAN unless mttf > 0, mttr >= 0. */
double cf_renewal_availability(double mttf, double mttr);

/* Expected availability averaged over [0, T] of a unit that starts new at t = 0 and alternates up
 * times U and down times D (independent, any laws), to order 1/T:
 *     A + K / T,  A = E[U] / E[C],  K = (A E[C^2] - E[U^2]) / (2 E[C]),  C = U + D.
 * K is the integral of P(up at t) - A over t >= 0 (key renewal theorem applied to the cumulative
 * up time; for exponential U and D it is lambda / (lambda + mu)^2, the two-state chain's value).
 * The neglected terms vanish faster than 1/T for laws with a density and finite third moments.
 * Arguments: means and second moments of U and D. NAN unless mean_u > 0, mean_d >= 0,
 * m2_u >= mean_u^2, m2_d >= mean_d^2, T > 0. */
double cf_renewal_interval_availability(double mean_u, double m2_u, double mean_d, double m2_d,
                                        double T);

/* k-of-n availability: probability that at least k of n independent units, each available with
 * probability a, are available: sum_{j=k}^{n} C(n,j) a^j (1-a)^(n-j). k <= 0 gives 1, k > n
 * gives 0. NAN unless 0 <= a <= 1. Computed with GSL's binomial CDF (gsl_cdf_binomial_Q). */
double cf_k_of_n(unsigned k, unsigned n, double a);

/* The per-step failure law: a unit that fails at each step with probability p has failed by
 * step t (t steps, real t allowed) with probability 1 - (1 - p)^t, computed as -expm1(t log1p(-p)).
 * NAN unless 0 <= p <= 1 and t >= 0. */
double cf_step_fail_prob(double p, double t);

/* Probability that a job running for T hours on a system of MTBF M sees no failure: e^{-T/M}.
 * NAN unless T >= 0 and M > 0. */
double cf_no_failure_prob(double T, double M);

/* Slots that fail and come back independently. N slots, each up for an exponential time of rate
 * lambda (it ages only while up), then down for a time of mean m (any law, independent of the
 * rest: detection and failover, plus the repair when there is no spare). The job is down while
 * some slot is down; one such period begins when a slot fails with all others up, and lasts
 *     E[B] = ((1 + lambda m)^N - 1) / (N lambda)
 * hours on average, the slots failing (1 + lambda m)^(N-1) times in it. Proof: the periods with
 * every slot up are exponential of mean 1/(N lambda) (memoryless lives), the busy periods are
 * i.i.d., and by renewal-reward the long-run fraction of time with every slot up, E[I] / (E[I] +
 * E[B]), equals prod of P(slot up) = (1 + lambda m)^(-N) (each slot an independent alternating
 * renewal process, Ross, "Stochastic Processes" (1996), ch. 3); the failures per busy period are
 * the slots' long-run failure rate N lambda / (1 + lambda m) times E[I] + E[B]. For N = 1 it is
 * m. NAN unless N >= 1, lambda > 0, m >= 0 (all finite). */
double cf_slot_busy_period(unsigned N, double lambda, double m);

/* The renewal function m(t) = E[number of renewals in [0, t]] of a unit new at 0 whose lives
 * have the CDF `cdf` (cdf(x, arg), 0 at 0), solved numerically from the renewal equation
 * m(t) = F(t) + integral_0^t F(t - x) dm(x) by the Riemann-Stieltjes scheme of Xie (1989), "On
 * the solution of renewal-type integral equations", Commun. Statist. Simul. 18(1): steps equal
 * steps of t/steps, F at mid-points, which needs no density (so it holds for Weibull lives of
 * shape below 1, whose density is infinite at 0). O(steps^2) work; allocates steps + 1
 * doubles. NAN unless t >= 0, steps >= 1, or if the allocation fails. For lattice laws (fixed,
 * geometric) use their exact counts instead. */
double cf_renewal_function(double (*cdf)(double x, void *arg), void *arg, double t,
                           unsigned steps);

/*
 * The machine-repairman chain (Barlow & Proschan, "Mathematical Theory of Reliability" (1965),
 * ch. 5; Trivedi, "Probability and Statistics with Reliability, Queuing and Computer Science
 * Applications", 2nd ed., sec. 8.2). N slots must each hold a working node; S spare nodes;
 * r repair crews (r = 0 means unlimited, i.e. r = N + S). Each ageing node fails at rate lambda;
 * each crew repairs at rate mu, first come first served. Failure detection and failover take no
 * time. State k = number of failed nodes (waiting for or under repair), k = 0..N+S.
 *   failure rate in state k:  cold spares: min(N, N+S-k) lambda  (only nodes in slots age)
 *                             hot spares:  (N+S-k) lambda        (spares age too)
 *   repair rate in state k:   min(k, r) mu
 * "Available" means every slot holds a working node: k <= S.
 */
typedef struct {
    unsigned slots;  /* N >= 1 */
    unsigned spares; /* S >= 0 */
    unsigned crews;  /* r, 0 = unlimited */
    int hot;         /* 1: spares age (hot), 0: cold */
    double lambda;   /* failure rate of one node, per hour, > 0 and finite */
    double mu;       /* repair rate of one crew, per hour, > 0 and finite */
} cf_repairman;

/* Stationary distribution of the chain into pi[0..N+S] (caller provides N+S+1 doubles),
 * computed by the birth-death product formula in log space (no overflow for large N).
 * Returns 0, or -1 if the parameters are invalid. */
int cf_repairman_stationary(const cf_repairman *m, double *pi);

/* Stationary availability P(k <= S). NAN if the parameters are invalid. */
double cf_repairman_availability(const cf_repairman *m);

/* Stationary mean number of failed nodes E[k]. NAN if invalid. */
double cf_repairman_mean_failed(const cf_repairman *m);

/* Expected fraction of [0, T] during which every slot holds a working node, starting at t = 0 with
 * every node working (k = 0): (1/T) E[ integral_0^T 1{k(t) <= S} dt ]. This is what a
 * finite-horizon simulation estimates, without the start-up bias of the stationary value. Computed
 * exactly by uniformization (Grassmann 1977; Reibman & Trivedi 1988): with q >= max exit rate and P
 * = I + Q/q, integral_0^T p(t) dt = (1/q) sum_{n>=0} P(Poisson(qT) > n) p(0) P^n, the sum truncated
 * once the Poisson tail is below 1e-12. T > 0; NAN if invalid or if qT > 1e8 (too many terms; use
 * the stationary value there). */
double cf_repairman_interval_availability(const cf_repairman *m, double T);

/*
 * Failure domains (docs/model.md, "Failure domains" and "Sites"; models/cf_domains.c).
 *
 * A domain of s slots (a rack, a switch, a PDU; the site is one domain of every slot) is up for
 * an exponential time of rate lambda_d, then down for one of rate mu_d, in wall time; while it is
 * down its slots are down and their nodes do not age (their lives stop and resume). Each node of
 * an up domain fails at rate lambda; a node that is down comes back at rate mu (its repair, or its
 * restart in place), whether its domain is up or not: the repairs go on in the shop. The state of
 * one domain is then (up or down, j of its nodes down), a chain of 2 (s + 1) states
 *     (up, j)   -> (up, j + 1)   at (s - j) lambda   (only the ageing nodes fail)
 *     (any, j)  -> (same, j - 1) at j mu
 *     (up, j)   -> (down, j)     at lambda_d
 *     (down, j) -> (up, j)       at mu_d
 * and its slots are all up in (up, 0) only. G such domains that share nothing (no spare, no crew
 * queue: each down node has its own repair) are independent, so P(every slot up at t) = p(t)^G,
 * p(t) = P(one domain in (up, 0) at t). Had the nodes aged through their domain's outages, each
 * node and each domain would be an independent alternating renewal process and availability the
 * product (1 + lambda r)^(-N) (1 + lambda_d r_d)^(-G), r = 1/mu, r_d = 1/mu_d (any laws of the
 * down times; Barlow & Proschan 1965, ch. 5): relsim's nodes do not, and the chain's availability
 * is the higher (fewer failures: no node fails in a domain that is down).
 */
typedef struct {
    unsigned size;    /* s >= 1 slots per domain */
    unsigned domains; /* G >= 1 independent domains alike (N = G s slots) */
    double lambda;    /* failure rate of an ageing node, >= 0 */
    double mu;        /* rate at which a down node comes back, > 0 */
    double lambda_d;  /* failure rate of a domain that is up, >= 0 */
    double mu_d;      /* rate at which a domain that is down comes back, > 0 */
} cf_domains;

/* The stationary law of one domain's chain into pi[0 .. 2 s + 1] (caller provides 2 (s + 1)
 * doubles): pi[2 j] is (up, j), pi[2 j + 1] is (down, j). The balance equations pi Q = 0 of every
 * state but (up, 0), with pi(up, 0) = 1 put on their right-hand side, are a banded system (states
 * in that order, Q has two bands on each side of its diagonal; the chain killed on reaching
 * (up, 0) has a nonsingular generator, since every state reaches (up, 0)), solved by GSL's banded
 * LU with partial pivoting (gsl_linalg_LU_band_decomp, O(s) work), then normalised. All fields
 * finite. Returns 0, or -1 if a field is out of its range or the solve fails. */
int cf_domains_stationary(const cf_domains *m, double *pi);

/* Stationary availability of the job's slots: pi(up, 0)^G. NAN if the fields are invalid. */
double cf_domains_availability(const cf_domains *m);

/* The expected fraction of [0, T] with every slot up, every domain up and every node new at 0:
 *     (1/T) integral_0^T p(t)^G dt,   p(t) = [e_(up,0) exp(Q t)]_(up,0),
 * what a simulation of fixed length T estimates. p is carried from step to step by
 * uniformization (Grassmann 1977: exp(Q t) = sum_n Poisson(n; q t) P^n, P = I + Q/q, q above the
 * largest exit rate), on steps h with q h <= 1 and G q h <= 2, the series cut where the Poisson
 * tail is below 1e-17; in each step p(t)^G is integrated by 8-point Gauss-Legendre (GSL's
 * glfixed table; p is a sum of exponentials of rates up to 2q, so p^G of rates up to 2Gq, and the
 * rule's error per step is far below 1e-12). Once p(t) is within 1e-13 of the stationary law
 * (L1), the rest of the integral is (T - t) pi(up, 0)^G. For G = 1 and lambda_d = 0 it is
 * cf_repairman_interval_availability of s slots, no spare, unlimited crews; for any G with
 * lambda_d = 0, that of G s slots (the nodes are then independent). T > 0; NAN if the fields are
 * invalid, on an allocation failure, or when the steps before the stationary law would take more
 * than about 1e9 operations (use cf_domains_availability there). Allocates O(s) doubles. */
double cf_domains_interval_availability(const cf_domains *m, double T);

/* The product form for nodes that age through their domain's outages (not relsim's rule):
 * (1 + lambda r)^(-N) (1 + lambda_d r_d)^(-G), exact for independent nodes and domains, each an
 * alternating renewal process (any laws of the down times r and r_d, their means given here).
 * NAN unless lambda, r, lambda_d, r_d >= 0 (finite). */
double cf_domains_product_availability(unsigned N, double lambda, double r, unsigned G,
                                       double lambda_d, double r_d);

/* The first interruption of a job on N nodes in G domains, all up and new at 0: before it, every
 * node ages and every domain is up, so the first node failure and the first domain failure are
 * independent exponentials of rates N lambda and G lambda_d (for other laws, the product of the
 * survival functions), and the job, uninterrupted, ends at its failure-free time T:
 *     P(no node or domain failure in [0, T]) = e^{-(N lambda + G lambda_d) T}.
 * A site is one more domain (G + 1, or its rate added to G lambda_d by the caller).
 * NAN unless T >= 0, lambda >= 0, lambda_d >= 0. */
double cf_no_interruption_prob(double T, unsigned N, double lambda, unsigned G, double lambda_d);

/* Periodic remote replication ([site]): copies start at k P (k = 1, 2, ...) and land w later
 * (0 <= w < P), so at a disaster at time t the newest landed copy began at k P with
 * k = floor((t - w) / P) for t >= P + w, and its age (since its copy began) is
 *     A(t) = t           for t < P + w (none has landed: the age of the start),
 *     A(t) = t - k P     in [k P + w, (k + 1) P + w), which runs over [w, P + w).
 * For a first disaster at T ~ Exp(lambda) seen only before L (a trial that ends at L without
 * one), E[A(T) | T < L] sums over the periods: with Pr(a, b) = P(a <= T < b) =
 * e^{-lambda a} (1 - e^{-lambda (b - a)}) and the mean of an exponential truncated to [0, D),
 * m(D) = 1/lambda - D / (e^{lambda D} - 1) (-> D/2 as lambda D -> 0),
 *     E[A 1{T < L}] = Pr(0, b0) m(b0)                              b0 = min(P + w, L)
 *                   + Pr(P + w, (K + 1) P + w) (w + m(P))           the K whole periods
 *                   + Pr(a, L) (w + m(L - a))                       a = (K + 1) P + w < L,
 * K = floor((L - w)/P) - 1 (every whole period's age is w plus T's offset in it, and the
 * exponential's memorylessness makes that offset the same truncated law in each), divided by
 * Pr(0, L). As lambda P -> 0 with L -> infinity the phase of T in a period is uniform and A is
 * uniform on [w, P + w): mean P/2 + w. P = INFINITY (no copies) gives E[T | T < L]; L = INFINITY
 * the unconditional mean; lambda = 0 a disaster uniform on [0, L) (L = INFINITY: P/2 + w).
 * m(D) by its series D (1/2 - x/12 + x^3/720 - x^5/30240), x = lambda D, below x = 1e-3.
 * NAN unless P > 0, 0 <= w < P (w finite), lambda >= 0 (finite), L > 0, and not both P and L
 * infinite with lambda = 0. */
double cf_copy_age_mean(double P, double w, double lambda, double L);

#endif
