/*
 * analytic_job: the closed forms of the job (see analytic.c for when each applies): checkpoints
 * written, Daly's makespan and what goes with it, the probability of no failure, the per-step
 * law, the coarse model and the recoverable share of silent data corruptions.
 */
#include "sim/study/analytic_int.h"

#include <gsl/gsl_randist.h>

/* ------------------------------------------------------------------------------------------ */
/* The job: checkpoints written, Daly's makespan and its parts */

void analytic_add_checkpoints(const analytic_facts *f, analytic_list *l)
{
    const scn *s = f->s;
    char a[32], b[32];
    int exact = !isfinite(s->horizon);
    if (isfinite(s->horizon) && f->tff >= s->horizon) {
        analytic_entry *e =
            analytic_add(l, "checkpoints", NAN, ANALYTIC_NONE, "checkpoints", REF_COUNT);
        analytic_note(e,
                      "does not apply: the horizon (%s) stops every trial before the job could "
                      "complete even without a failure (%s)",
                      analytic_hours(s->horizon, a, sizeof a), analytic_hours(f->tff, b, sizeof b));
        return;
    }
    analytic_entry *e =
        analytic_add(l, "checkpoints", f->nck, exact ? ANALYTIC_EXACT : ANALYTIC_APPROXIMATE,
                     "checkpoints", REF_COUNT);
    if (isinf(f->tau))
        analytic_formula(e, "0: checkpoint_interval = none");
    else
        analytic_formula(e, "backups N = W/f = %s / %s = %.6g; relsim writes ceil(W/f) - 1 = %.0f",
                         analytic_hours(f->W, a, sizeof a), analytic_hours(f->tau, b, sizeof b),
                         f->W / f->tau, f->nck);
    if (exact)
        analytic_note(e,
                      "every trial completes the job and writes one checkpoint after every segment "
                      "but the last, whatever the failures");
    else
        analytic_note(e, "trials that the horizon (%s) stops before completion write fewer",
                      analytic_hours(s->horizon, a, sizeof a));
}

/* Whether the job's down times are Daly's D: of a mean that does not depend on the past, with no
 * job failure during them. A job failure (a slot failing with every slot up) starts a down period
 * that lasts until every slot is up again; the other slots go on failing during it, each adding
 * its own down time. With exponential lives and slots that come back independently (a down time
 * of mean m per slot failure: detection and failover, plus the repair when there is no spare),
 * the period is the busy period of cf_slot_busy_period, D = ((1 + lambda m)^N - 1) / (N lambda),
 * with (1 + lambda m)^(N-1) slot failures in it; for one node D = m. Fills D, m, and the reasons
 * it is not exact. */
static void daly_downtime(const analytic_facts *f, analytic_reasons *bad, analytic_reasons *good,
                          double *D, double *m)
{
    const scn *s = f->s;
    char a[32], b[32], c[32];
    *m = f->det_mean + f->fo_mean;
    if (f->S == 0) *m += f->ttr_mean;
    *D = cf_slot_busy_period(s->nodes, f->lam, *m);
    if (f->N == 1 && f->S == 0) {
        analytic_reason(good,
                        "one node and no spare: each failure is followed by detection, repair and "
                        "failover, D = %s + %s + %s, with nothing left to fail",
                        analytic_hours(f->det_mean, a, sizeof a),
                        analytic_hours(f->ttr_mean, b, sizeof b),
                        analytic_hours(f->fo_mean, c, sizeof c));
        if (s->hot && !f->fo_zero)
            analytic_reason(bad,
                            "hot mode: the repaired node ages while swapped in and can fail before "
                            "it is up");
        return;
    }
    if (f->N > 1 && *m > 0)
        analytic_reason(good,
                        "the %u slots come back independently, each after %s on average, the "
                        "others failing meanwhile: the job's down time D = ((1 + m/m_node)^N - 1) "
                        "m_node/N = %s (a busy period, cf_slot_busy_period)",
                        s->nodes, analytic_hours(*m, a, sizeof a),
                        analytic_hours(*D, b, sizeof b));
    else if (f->N > 1)
        analytic_reason(good, "no detection or failover delay: a spare takes over at once (D = 0)");
    else
        analytic_reason(good,
                        "one node: nothing can fail during the D = %s of detection and failover",
                        analytic_hours(*D, a, sizeof a));
    if (s->hot && !f->fo_zero)
        analytic_reason(bad, "a hot %s ages while swapped in and can fail before it is up",
                        f->S > 0 ? "spare" : "repaired node");
    if (f->S == 0 && s->crews != 0 && s->crews < s->nodes)
        analytic_reason(bad,
                        "no spare and %u crews for %u slots: repairs queue when more than %u "
                        "slots are down, so the slots do not come back independently",
                        s->crews, s->nodes, s->crews);
}

/* Spares run out only if S nodes are in repair when a slot fails. While they have not run out,
 * nodes enter repair at the failures of the slots (a Poisson process of rate 1/M when D = 0;
 * sparser when the one node is down) and, with hot spares, of the pool: at most (N+S)/(N M) an
 * hour; with crews >= S no repair waits, so the number in repair is at most that of an M/G/inf
 * queue, Poisson of mean rate E[ttr] (and a thinner arrival process only lowers it). So each
 * failure finds the spares gone with probability at most P(Poisson(rate E[ttr]) >= S). */
static int daly_stockout(const analytic_facts *f, double failures, analytic_reasons *bad,
                         analytic_reasons *good)
{
    const scn *s = f->s;
    if (f->S == 0) return 0; /* a slot waits for its own repair: in m */
    if (s->crews != 0 && s->crews < s->spares) {
        analytic_reason(
            bad,
            "fewer repair crews (%u) than spares (%u): running out of spares is possible and "
            "not bounded here; its waits are not in D",
            s->crews, s->spares);
        return 1;
    }
    double rate = (s->hot ? (f->N + f->S) / f->N : 1.0) / f->M;
    double m = rate * f->ttr_mean;
    double p = gsl_cdf_poisson_Q((unsigned)(f->S - 1), m);
    double bound = fmin(1.0, failures * p);
    if (bound <= ANALYTIC_STOCKOUT_NEGLIGIBLE) {
        analytic_reason(
            good, "spares run out with probability at most %.2g per trial (M/G/inf bound)", bound);
        return 0;
    }
    analytic_reason(bad,
                    "spares can run out (probability up to %.2g per trial, M/G/inf bound with "
                    "%.3g nodes in repair on average): those waits are not in D",
                    bound, m);
    return 1;
}

/* The waits for a spare: the time some slot stands empty with no node to take is the time the
 * machine-repairman chain (N slots, S spares, r crews) spends with more than S nodes failed.
 * Over a trial of length T from all-new that is T (1 - A(T)), A the chain's interval
 * availability; the waits lengthen the trial (the job is down while a slot waits), so T solves
 * T = E + T (1 - A(T)), E Daly's makespan without them (a few fixed-point steps). Approximate:
 * the chain has no detection or failover delay, takes the failure-weighted mean repair as
 * exponential, and the makespan is random. Exponential lives only (the caller's case). */
static double wait_spare(const analytic_facts *f, double E, double *T_out)
{
    const scn *s = f->s;
    *T_out = NAN;
    if (!(f->ttr_mean > 0)) return NAN;
    cf_repairman rm = {s->nodes, s->spares, s->crews, s->hot, f->lam, 1 / f->ttr_mean};
    double K = f->N + f->S, r = s->crews ? fmin(s->crews, K) : K;
    double q = (s->hot ? K : f->N) * rm.lambda + r * rm.mu;
    double T = E, U = NAN;
    for (int it = 0; it < 50; it++) {
        double A = q * T * (K + 1) <= ANALYTIC_UNIF_BUDGET
                       ? cf_repairman_interval_availability(&rm, T)
                       : cf_repairman_availability(&rm);
        if (!(A > 0)) {
            U = NAN;
            break;
        }
        U = 1 - A;
        double next = E / A; /* T = E + T U */
        if (fabs(next - T) <= 1e-9 * T) break;
        T = next;
    }
    if (!isfinite(U)) return NAN;
    *T_out = T;
    return T * U;
}

static void add_wait_spare(const analytic_facts *f, analytic_list *l, double wait, double T)
{
    const scn *s = f->s;
    char a[32], b[32];
    double K = f->N + f->S, r = s->crews ? fmin(s->crews, K) : K;
    analytic_entry *e = analytic_add(l, "expected_wait_spare_h", wait, ANALYTIC_APPROXIMATE,
                                     "wait_spare_h", REF_REPAIRMAN);
    analytic_formula(e,
                     "T (1 - A(T)), A the repairman chain's availability over [0, T] from all-new "
                     "(N = %u, S = %u %s, r = %u, mean repair %s), T = E[makespan] + waits = %s",
                     s->nodes, s->spares, s->hot ? "hot" : "cold", (unsigned)r,
                     analytic_hours(f->ttr_mean, a, sizeof a), analytic_hours(T, b, sizeof b));
    analytic_note(e,
                  "approximate: the time some slot waits for a node is the chain's time with more "
                  "than S nodes failed; the chain has no detection or failover delay, takes "
                  "repairs as exponential of the failure-weighted mean, and a trial's length is "
                  "taken as its mean");
}

/* Every component ages = computing: failures come only while the job computes, at rate 1/M per
 * hour of computation, so downtimes, restores and checkpoints are safe (cf_computing_makespan):
 * the expectation is linear in D, R and d, so it is exact for any laws of them. D is what a
 * failure keeps the job down: detection and the restart in place for a process-reach kind;
 * detection, failover (and the node's repair with no spare) for a node-reach one: while the job
 * is down no other node can fail. Returns E[makespan] (NAN where it does not apply). */
double analytic_add_computing(const analytic_facts *f, analytic_list *l)
{
    const scn *s = f->s;
    char a[32], b[32];
    analytic_entry *e =
        analytic_add(l, "computing_makespan_h", NAN, ANALYTIC_NONE, "makespan_h", REF_COMPUTING);
    analytic_formula(e, "(M + D + R) (e^(L/M) - 1) per segment of L hours of computation, + d");
    int process = 0, node = 0;
    for (int k = 0; k < s->ncomp; k++) {
        if (s->comp[k].ages != SCN_AGES_COMPUTING) {
            analytic_note(e,
                          "does not apply: %s ages always, so failures come during checkpoints, "
                          "restores and downtimes too (no closed form for the mix)",
                          f->kinds[k]);
            return NAN;
        }
        if (s->comp[k].reach == SCN_REACH_PROCESS)
            process = 1;
        else
            node = 1;
    }
    if (f->nonexp >= 0) {
        analytic_note(e,
                      "does not apply: %s is not exponential, so failures are not a Poisson "
                      "process of the computation",
                      f->kinds[f->nonexp]);
        return NAN;
    }
    if (s->full_every || s->ntier || s->has_sdc || s->ndomain || s->has_site) {
        analytic_note(e, "does not apply: the form has no %s",
                      s->full_every ? "incremental chains"
                      : s->ntier    ? "storage tiers"
                      : s->has_sdc  ? "silent data corruption"
                                    : "failure domains or site");
        return NAN;
    }
    if (process && node) {
        analytic_note(e, "does not apply: kinds of both reaches (their downtimes differ)");
        return NAN;
    }
    analytic_reasons bad = {{0}, 0};
    double D = f->det_mean + (process ? f->ttr_mean : f->fo_mean + (f->S == 0 ? f->ttr_mean : 0));
    if (node && f->S > 0) {
        analytic_reasons good = {{0}, 0};
        double E0 = cf_computing_makespan(f->W, f->tau, f->d, D, f->R, f->M);
        daly_stockout(f, E0 / f->M, &bad, &good);
    }
    if (isfinite(s->horizon))
        analytic_reason(&bad,
                        "trials stop at the horizon (%s), the formula is for a job run to its end",
                        analytic_hours(s->horizon, a, sizeof a));
    double E = cf_computing_makespan(f->W, f->tau, f->d, D, f->R, f->M);
    e->value = E;
    e->fit = bad.n ? ANALYTIC_APPROXIMATE : ANALYTIC_EXACT;
    analytic_formula(e, "(M + D + R) (e^(L/M) - 1) per segment of L hours of computation, + d; "
                        "M = %s of computation, D = %s",
                     analytic_hours(f->M, a, sizeof a), analytic_hours(D, b, sizeof b));
    if (bad.n)
        analytic_note(e, "approximate: %s", bad.text);
    else
        analytic_note(e, "exact: failures only while computing, a Poisson process; downtimes, "
                         "restores and checkpoints are safe, so any laws of their costs");
    return E;
}

/* Adds the entries and returns E[makespan] (NAN where the form does not apply). */
double analytic_add_daly(const analytic_facts *f, analytic_list *l)
{
    const scn *s = f->s;
    char a[32], b[32], c[32], g[32];
    if (f->nonexp >= 0) {
        analytic_entry *e =
            analytic_add(l, "daly_makespan_h", NAN, ANALYTIC_NONE, "makespan_h", REF_DALY);
        analytic_formula(e, "(M + D) e^(R/M) (e^(L/M) - 1) per segment");
        analytic_note(
            e,
            "does not apply: %s is not exponential, so failures are not a Poisson process "
            "of rate 1/M (no closed form for the makespan here)",
            f->kinds[f->nonexp]);
        return NAN;
    }
    if (isfinite(s->horizon) && f->tff >= s->horizon) {
        analytic_entry *e =
            analytic_add(l, "daly_makespan_h", NAN, ANALYTIC_NONE, "makespan_h", REF_DALY);
        analytic_note(e,
                      "does not apply: the horizon (%s) ends every trial before the job could "
                      "complete even without a failure (%s)",
                      analytic_hours(s->horizon, a, sizeof a), analytic_hours(f->tff, b, sizeof b));
        return NAN;
    }
    analytic_reasons bad = {{0}, 0}, good = {{0}, 0};
    double D, m;
    daly_downtime(f, &bad, &good, &D, &m);
    /* full + incremental chains: the segments' stalls and restores depend on their position */
    cf_chain chain = {s->full_every, s->inc_cumulative,
                      f->d,          dist_mean(&s->inc_cost),
                      f->R,          dist_mean(&s->inc_restore_cost)};
    int chained = s->full_every > 0;
    double E = chained ? cf_chain_makespan(f->W, f->tau, &chain, D, f->M)
                       : cf_job_makespan(f->W, f->tau, f->d, D, f->R, f->M);
    /* J job failures (down periods), each costing M + D on average (first-step analysis); the
     * slots fail at rate 1/M less the share of slot-time spent down: the compensator of the
     * failures, lambda E[integral of the up slots], gives F = lambda (N E - m F). */
    double J = E / (f->M + D), F = E / (f->M * (1 + f->lam * m));
    int runs_out = daly_stockout(f, F, &bad, &good);
    if (chained && (s->inc_cost.kind != DIST_FIXED || s->inc_restore_cost.kind != DIST_FIXED))
        analytic_reason(&bad, "random incremental cost: the formula takes the mean (Jensen)");
    if (!f->ckpt_fixed || !f->rst_fixed)
        analytic_reason(
            &bad,
            "random %s cost: the formula takes the mean, but the exact one needs "
            "E[e^(-c/M)] in place of e^(-E[c]/M) (Jensen: the simulated mean is a little "
            "lower)",
            !f->ckpt_fixed && !f->rst_fixed ? "checkpoint and restart"
            : !f->ckpt_fixed                ? "checkpoint"
                                            : "restart");
    if (isfinite(s->horizon))
        analytic_reason(&bad,
                        "trials stop at the horizon (%s), the formula is for a job run to its end",
                        analytic_hours(s->horizon, a, sizeof a));
    analytic_fit fit = bad.n ? ANALYTIC_APPROXIMATE : ANALYTIC_EXACT;
    /* Where spares can run out, the job also waits for them: the makespan is Daly's plus the
     * waits (the job is down while a slot waits), and the slots fail over it. */
    double Tw = NAN, wait = runs_out ? wait_spare(f, E, &Tw) : 0;
    if (!isfinite(wait)) wait = 0;
    double Et = E + wait;
    F = Et / (f->M * (1 + f->lam * m));
    char why[sizeof bad.text + 64];
    if (bad.n)
        snprintf(why, sizeof why, "approximate: %s", bad.text);
    else
        snprintf(why, sizeof why, "exact: exponential lives, fixed costs; %s", good.text);

    analytic_entry *e = analytic_add(l, "daly_makespan_h", Et, fit, "makespan_h", REF_DALY_SEG);
    double last = isinf(f->tau) || f->tau >= f->W ? f->W : f->W - f->nck * f->tau;
    if (chained)
        analytic_formula(
            e,
            "sum over %.0f segments of (M+D) e^(R(m-1)/M) (e^(L_m/M)-1), L_m = tau + the stall "
            "of checkpoint m (full every %u: %.4g h, else %.4g h), R(j) = %.4g h + %.4g h per "
            "incremental since the full (%s); M = %s, D = %s",
            f->nck + 1, s->full_every, f->d, chain.d_inc, f->R, chain.r_inc,
            s->inc_cumulative ? "cumulative: at most one" : "chained",
            analytic_hours(f->M, a, sizeof a), analytic_hours(D, b, sizeof b));
    else if (f->nck > 0)
        analytic_formula(
            e,
            "sum of (M+D) e^(R/M) (e^(L/M)-1) over %.0f segments of L = tau + d = %s and a "
            "last of %s; M = %s, D = %s, R = %.4g h",
            f->nck, analytic_hours(f->tau + f->d, a, sizeof a), analytic_hours(last, b, sizeof b),
            analytic_hours(f->M, c, sizeof c), analytic_hours(D, g, sizeof g), f->R);
    else
        analytic_formula(
            e, "(M+D) e^(R/M) (e^(W/M)-1), W = %s, M = %s, D = %s, R = %.4g h (one segment)",
            analytic_hours(f->W, a, sizeof a), analytic_hours(f->M, b, sizeof b),
            analytic_hours(D, c, sizeof c), f->R);
    if (wait > 0) {
        size_t len = strlen(e->formula);
        snprintf(e->formula + len, sizeof e->formula - len, "; + waits for a spare %s",
                 analytic_hours(wait, a, sizeof a));
        analytic_note(e, "%s; the waits for a spare (expected_wait_spare_h) are added", why);
    } else {
        analytic_note(e, "%s", why);
    }

    e = analytic_add(l, "expected_failures", F, fit, "failures", REF_SLOTS);
    analytic_formula(e, "E[makespan] / (M (1 + m/m_node)) = %s / (%s (1 + %s / %s))",
                     analytic_hours(Et, a, sizeof a), analytic_hours(f->M, b, sizeof b),
                     analytic_hours(m, c, sizeof c), analytic_hours(1 / f->lam, g, sizeof g));
    analytic_note(e, "%s",
                  fit == ANALYTIC_EXACT
                      ? "exact with the makespan: the slots fail at 1/m_node each while up, and "
                        "each failure keeps its slot down m on average (Wald: F = lambda (N "
                        "E[makespan] - m F)); the job's own failures are E[makespan]/(M + D)"
                      : "approximate, as the makespan; counts the failures of the other slots "
                        "during detection and failover (the slots age only while up)");
    double down = D * J;
    const char *down_metric = runs_out ? "down_h - wait_spare_h" : "down_h";
    if (D > 0) {
        e = analytic_add(l, "expected_down_h", down, fit, down_metric, REF_SLOTS);
        analytic_formula(e, "D E[makespan]/(M + D) = %s * %.6g job failures",
                         analytic_hours(D, a, sizeof a), J);
        if (runs_out)
            analytic_note(e,
                          "the down time of detection, %sfailover and the other slots' failures "
                          "meanwhile, without the waits for a spare (compare it with down_h - "
                          "wait_spare_h; the waits: expected_wait_spare_h); approximate, as the "
                          "makespan",
                          f->S == 0 ? "repair, " : "");
        else
            analytic_note(e, "%s",
                          fit == ANALYTIC_EXACT ? "exact with the makespan (Wald's identity): "
                                                  "down periods times their mean"
                                                : "approximate, as the makespan");
    }
    if (chained) {
        /* restart_h and lost_h would need each segment's own R(m-1): left out with chains */
        e = analytic_add(l, "goodput", f->W / Et, ANALYTIC_APPROXIMATE, "goodput", REF_DALY);
        analytic_formula(e, "W / E[makespan] = %s / %s", analytic_hours(f->W, a, sizeof a),
                         analytic_hours(Et, b, sizeof b));
        analytic_note(e, "a ratio of expectations: the mean over trials of W / makespan is a "
                         "little higher (Jensen)");
        return Et;
    }
    double restart = f->M * -expm1(-f->R / f->M) * J;
    if (f->R > 0) {
        e = analytic_add(l, "expected_restart_h", restart, fit, "restart_h", REF_DALY_SEG);
        analytic_formula(e, "M (1 - e^(-R/M)) E[job failures] = %s (1 - e^(-%.4g/%.4g)) * %.6g",
                         analytic_hours(f->M, a, sizeof a), f->R, f->M, J);
        analytic_note(e, "%s",
                      fit == ANALYTIC_EXACT ? "exact with the makespan: every restore, interrupted "
                                              "or not, lasts min(R, time to the next failure)"
                                            : "approximate, as the makespan");
    }
    /* the checkpoints' stalls: n d, or with full + incremental chains the fulls' and the
     * incrementals' (tff - W) */
    double stalls = f->s->full_every ? f->tff - f->W : f->nck * f->d;
    double lost = E - f->W - stalls - restart - down;
    e = analytic_add(l, "expected_lost_h", lost > 0 ? lost : 0, fit, "lost_h", REF_DALY_SEG);
    analytic_formula(
        e, "E[makespan] - W - n d - E[restart] - E[down] = %s - %s - %.0f * %.4g h - ...",
        analytic_hours(E, a, sizeof a), analytic_hours(f->W, b, sizeof b), f->nck, f->d);
    analytic_note(e, "%s",
                  fit == ANALYTIC_EXACT ? "exact with the makespan: the accounting identity of "
                                          "docs/model.md, term by term"
                                        : "approximate, as the makespan");
    if (wait > 0) add_wait_spare(f, l, wait, Tw);

    e = analytic_add(l, "goodput", f->W / Et, ANALYTIC_APPROXIMATE, "goodput", REF_DALY);
    analytic_formula(e, "W / E[makespan] = %s / %s", analytic_hours(f->W, a, sizeof a),
                     analytic_hours(Et, b, sizeof b));
    analytic_note(
        e,
        "a ratio of expectations: the mean over trials of W / makespan is a little higher "
        "(Jensen)%s",
        fit == ANALYTIC_EXACT ? "" : "; and the makespan itself is approximate");
    return Et;
}

/* ------------------------------------------------------------------------------------------ */
/* The probability of no failure, the per-step law, and the coarse model */

/* log P(no slot fails before t) = sum_k N count_k log S_k(t): every slot starts new at 0. */
static double log_no_failure(const analytic_facts *f, double t)
{
    const scn *s = f->s;
    if (f->nonexp < 0) return -t / f->M;
    double sum = 0;
    for (int i = 0; i < s->ncomp; i++)
        sum += f->N * s->comp[i].count * log(dist_survival(&s->comp[i].ttf, t));
    return sum;
}

void analytic_add_no_failure(const analytic_facts *f, analytic_list *l)
{
    const scn *s = f->s;
    char a[32], b[32];
    double p = f->nonexp < 0 ? cf_no_failure_prob(f->T, f->M) : exp(log_no_failure(f, f->T));
    int exact = !s->has_job || f->ckpt_fixed || f->nck == 0;
    analytic_entry *e =
        analytic_add(l, "no_failure_prob", p, exact ? ANALYTIC_EXACT : ANALYTIC_APPROXIMATE, NULL,
                     f->nonexp < 0 ? REF_SERIES ", Poisson process" : REF_SERIES);
    if (f->nonexp < 0)
        analytic_formula(e, "e^(-T/M) = e^(-%s / %s)", analytic_hours(f->T, a, sizeof a),
                         analytic_hours(f->M, b, sizeof b));
    else
        analytic_formula(e, "prod over kinds of S(T)^(N count), T = %s",
                         analytic_hours(f->T, a, sizeof a));
    const char *what = !s->has_job ? "before the horizon"
                       : f->T < f->tff
                           ? "before the horizon stops the job"
                           : "during the job (T = work + checkpoints, its time without a failure)";
    if (exact)
        analytic_note(
            e, "exact for any laws: no slot fails %s; the share of trials with failures = 0", what);
    else
        analytic_note(
            e,
            "no slot fails %s; approximate: the checkpoint cost is random, so T is too, and "
            "the mean cost is used",
            what);
}

void analytic_add_per_step(const analytic_facts *f, analytic_list *l)
{
    const scn *s = f->s;
    char a[32];
    int listed = 0;
    for (int i = 0; i < s->ncomp; i++) {
        const scn_component *c = &s->comp[i];
        if (c->ttf.kind != DIST_GEOMETRIC) continue;
        if (listed++ == ANALYTIC_MAX_STEP_KINDS) break;
        double p = c->ttf.p1, step = c->ttf.p2, t = floor(f->T / step);
        double units = f->N * c->count;
        analytic_entry *e = analytic_add(l, "step_unit_fail_prob", cf_step_fail_prob(p, t),
                                         ANALYTIC_EXACT, NULL, REF_STEP);
        analytic_formula(e, "1 - (1-p)^t = 1 - (1 - %.6g)^%.0f, t = floor(%s / step %.4g h)", p, t,
                         analytic_hours(f->T, a, sizeof a), step);
        analytic_note(e, "one %s unit, new at 0, has failed within t steps", c->name);
        e = analytic_add(l, "step_system_fail_prob", cf_step_fail_prob(p, t * units),
                         ANALYTIC_EXACT, NULL, REF_STEP);
        analytic_formula(e, "1 - (1-p)^(n t) = 1 - (1 - %.6g)^(%.0f * %.0f)", p, units, t);
        analytic_note(e, "some of the n = %.0f %s units of the slots has failed within t steps%s",
                      units, c->name,
                      s->ncomp == 1 ? " (= 1 - no_failure_prob)"
                                    : "; other kinds: see no_failure_prob");
    }
}

void analytic_add_coarse(const analytic_facts *f, analytic_list *l)
{
    char a[32], b[32];
    double N = f->W / f->tau;
    double p = -expm1(log_no_failure(f, f->W));
    if (!(N > 1)) {
        analytic_entry *e =
            analytic_add(l, "coarse_performance_h", NAN, ANALYTIC_NONE, NULL, REF_COARSE);
        analytic_formula(e, "L (1 - p) (1 - 1/N)");
        analytic_note(e, "does not apply: N = W/f = %.3g backups, and 1 - 1/N needs N > 1", N);
        return;
    }
    analytic_entry *e = analytic_add(l, "coarse_performance_h", f->W * (1 - p) * (1 - 1 / N),
                                     ANALYTIC_COARSE, NULL, REF_COARSE);
    analytic_formula(
        e,
        "L (1-p) (1-1/N): L = work W = %s, p = P(a failure within W) = %.4g, N = W/f = %.5g "
        "(f = %s)",
        analytic_hours(f->W, a, sizeof a), p, N, analytic_hours(f->tau, b, sizeof b));
    analytic_note(e,
                  "coarse: ignores the costs of checkpoints, restarts and down time, and that work "
                  "goes on after a failure; not an estimate of any simulated metric");
}

/* ------------------------------------------------------------------------------------------ */
/* Silent data corruption: the share of strikes a retained clean checkpoint recovers */

/* The laws of [sdc] as cf_sdc_recoverable_prob_any's callbacks: the CDF from dist_survival, the
 * density of the laws with one (dist.h has none: GSL's, parametrised as dist_survival is). */
static double sdc_law_cdf(double t, void *arg)
{
    return 1 - dist_survival(arg, t);
}

static double sdc_law_pdf(double t, void *arg)
{
    const dist *d = arg;
    if (t < 0) return 0;
    switch (d->kind) {
    case DIST_EXPONENTIAL:
        return gsl_ran_exponential_pdf(t, d->p1);
    case DIST_WEIBULL:
        return gsl_ran_weibull_pdf(t, d->p2, d->p1);
    case DIST_LOGNORMAL:
        return t > 0 ? gsl_ran_lognormal_pdf(t, d->z1, d->z2) : 0;
    case DIST_GAMMA:
        return gsl_ran_gamma_pdf(t, d->p1, d->z1);
    case DIST_UNIFORM:
        return gsl_ran_flat_pdf(t, d->p1, d->p2);
    case DIST_MIXTURE:
        return dist_density(d, t);
    case DIST_FIXED:
    case DIST_GEOMETRIC:
        break;
    }
    return NAN;
}

/* The atoms of a geometric strike law are summed while their mass left is above this, for at
 * most SDC_LATTICE_ATOMS of them (beyond, no closed form is given). */
#define SDC_LATTICE_TAIL 1e-12
#define SDC_LATTICE_ATOMS 10000000.0

/* A lattice strike law (cf_sdc_recoverable_prob_any leaves it to its caller): the strike's offset
 * is t mod tau at each atom t of T (a multiple of tau gives 0: the simulator schedules a strike
 * only strictly inside a computation, so it comes at the start of the next segment), and
 * P = sum over the atoms of P(T = t) F_X(K P - t mod tau). NAN if a geometric law has too many
 * atoms to sum. */
static double sdc_lattice_prob(double tau, double KP, dist *x, const dist *t)
{
    if (t->kind == DIST_FIXED) {
        double u = fmod(t->p1, tau);
        if (u >= tau * (1 - 1e-9)) u = 0;
        return sdc_law_cdf(KP - u, x);
    }
    /* geometric: P(T = j step) = (1 - p)^(j - 1) p, j >= 1; the mass left after j is (1 - p)^j */
    double sum = 0, left = 1;
    for (double j = 1; left > SDC_LATTICE_TAIL; j++) {
        if (j > SDC_LATTICE_ATOMS) return NAN;
        double u = fmod(j * t->p2, tau);
        if (u >= tau * (1 - 1e-9)) u = 0;
        double next = exp(j * t->z1);
        sum += (left - next) * sdc_law_cdf(KP - u, x);
        left = next;
    }
    return sum;
}

void analytic_add_sdc(const analytic_facts *f, analytic_list *l)
{
    const scn *s = f->s;
    char a[32], b[32], c[32], lx[96], lt[96];
    const dist *x = &s->sdc_detect;
    unsigned K = s->sdc_keep;
    if (!isfinite(f->tau) || !(f->tau > 0)) {
        analytic_entry *e =
            analytic_add(l, "sdc_recoverable_prob", NAN, ANALYTIC_NONE, NULL, REF_SDC);
        analytic_formula(e, "P(U + X < K P)");
        analytic_note(e, "does not apply: needs a checkpoint interval");
        return;
    }
    int closed = analytic_is_exp(x) && analytic_is_exp(&s->sdc_ttf);
    double p;
    if (K == 0)
        p = 1;
    else if (closed)
        p = cf_sdc_recoverable_prob(f->tau, f->d, K, dist_mean(x), 1 / dist_mean(&s->sdc_ttf));
    else {
        dist xl = *x, tl = s->sdc_ttf; /* the callbacks take them by a plain pointer */
        p = analytic_is_lattice(&tl)
                ? sdc_lattice_prob(f->tau, K * (f->tau + f->d), &xl, &tl)
                : cf_sdc_recoverable_prob_any(f->tau, f->d, K, sdc_law_cdf, &xl, sdc_law_pdf,
                                              sdc_law_cdf, &tl);
    }
    if (isnan(p)) {
        analytic_entry *e =
            analytic_add(l, "sdc_recoverable_prob", NAN, ANALYTIC_NONE, NULL, REF_SDC);
        analytic_formula(e, "P(U + X < K P)");
        analytic_note(e,
                      "does not apply: the strike law %s has too many atoms to sum (or the "
                      "integral did not converge)",
                      dist_format(&s->sdc_ttf, lt, sizeof lt));
        return;
    }
    analytic_entry *e =
        analytic_add(l, "sdc_recoverable_prob", p, ANALYTIC_APPROXIMATE, NULL, REF_SDC);
    if (K == 0)
        analytic_formula(e, "1: keep = all, every strike has its clean checkpoint");
    else if (closed)
        analytic_formula(e,
                         "P(U + X < K P) = 1 - e^(-K P/x) E[e^(U/x)], K = %u, P = tau + d = %s, "
                         "x = %s, U on [0, %s) (the strike time modulo tau)",
                         K, analytic_hours(f->tau + f->d, a, sizeof a),
                         analytic_hours(dist_mean(x), b, sizeof b),
                         analytic_hours(f->tau, c, sizeof c));
    else
        analytic_formula(e,
                         "P(U + X < K P) = E[F_X(K P - U)], U = T mod tau %s, K = %u, P = tau + "
                         "d = %s, tau = %s, X = %s, T = %s",
                         analytic_is_lattice(&s->sdc_ttf)
                             ? "summed over the atoms of T"
                             : "of density sum_k f_T(u + k tau) on [0, tau), integrated",
                         K, analytic_hours(f->tau + f->d, a, sizeof a),
                         analytic_hours(f->tau, c, sizeof c), dist_format(x, lx, sizeof lx),
                         dist_format(&s->sdc_ttf, lt, sizeof lt));
    analytic_note(e,
                  "estimates sum sdc_recovered / sum sdc_strikes; approximate: %s, strikes "
                  "still undetected when a trial ends count in sdc_strikes only, and failures "
                  "that throw a strike away (and the restores they add to the period) are not "
                  "counted",
                  f->ckpt_fixed ? "exact without failures and for a long job"
                                : "the checkpoint cost is random (its mean is used)");
}
