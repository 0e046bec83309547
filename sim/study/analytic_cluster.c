/*
 * analytic_cluster: the closed forms of the cluster (see analytic.c for when each applies): the
 * system MTBF, Young's and Daly's intervals, and availability (the repairman chain,
 * renewal-reward, k-of-n).
 */
#include "sim/study/analytic_int.h"

/* ------------------------------------------------------------------------------------------ */
/* System MTBF and the checkpoint intervals */

void analytic_add_mtbf(const analytic_facts *f, analytic_list *l)
{
    const scn *s = f->s;
    char a[32];
    int exact = f->nonexp < 0;
    analytic_entry *e = analytic_add(
        l, "system_mtbf_h", f->M, exact ? ANALYTIC_EXACT : ANALYTIC_APPROXIMATE, NULL, REF_SERIES);
    if (s->ncomp == 1)
        analytic_formula(e, "1 / (N count / mean ttf) = %s / (%u * %u)",
                         analytic_hours(dist_mean(&s->comp[0].ttf), a, sizeof a), s->nodes,
                         s->comp[0].count);
    else
        analytic_formula(e, "1 / (N sum over %d kinds of count / mean ttf) = node MTTF %s / %u",
                         s->ncomp, analytic_hours(1 / f->lam, a, sizeof a), s->nodes);
    if (exact)
        analytic_note(
            e,
            "exponential lives: while every slot holds an ageing node, the slots' failures "
            "are a Poisson process of rate 1/M (%.4g a day)",
            24 / f->M);
    else
        analytic_note(
            e,
            "%s is not exponential: 1/M (%.4g a day) is only the long-run failure rate "
            "of the slots, not the rate of a Poisson process; the time to the first failure "
            "from new, for one, has another mean",
            f->kinds[f->nonexp], 24 / f->M);
}

void analytic_add_intervals(const analytic_facts *f, analytic_list *l)
{
    const scn *s = f->s;
    double d = f->d_eff; /* a chain's or the tiers' mean stall per checkpoint */
    if (!(d > 0)) return;
    char a[32], b[32];
    const char *why = f->nonexp < 0
                          ? "an approximation of the interval that minimises the expected "
                            "makespan under exponential failures"
                          : "lives not exponential: M is only the long-run failure rate, and "
                            "the interval a heuristic";
    analytic_entry *e = analytic_add(l, "young_interval_h", cf_young_interval(d, f->M),
                                     ANALYTIC_APPROXIMATE, NULL, REF_YOUNG);
    analytic_formula(e, "sqrt(2 d M) = sqrt(2 * %s * %s)", analytic_hours(d, a, sizeof a),
                     analytic_hours(f->M, b, sizeof b));
    analytic_note(e, "first order: %s%s%s", why,
                  s->ckpt.kind == CKPT_YOUNG ? " (the scenario's interval)" : "",
                  s->full_every || s->ntier ? "; d is the mean stall per checkpoint, weighed "
                                              "over the full and incremental ones or the tiers"
                                            : "");
    e = analytic_add(l, "daly_interval_h", cf_daly_interval(d, f->M), ANALYTIC_APPROXIMATE, NULL,
                     REF_DALY);
    if (d < 2 * f->M)
        analytic_formula(e, "sqrt(2dM) (1 + sqrt(d/2M)/3 + d/18M) - d, d = %s, M = %s",
                         analytic_hours(d, a, sizeof a), analytic_hours(f->M, b, sizeof b));
    else
        analytic_formula(e, "M = %s (since d = %s >= 2M)", analytic_hours(f->M, a, sizeof a),
                         analytic_hours(d, b, sizeof b));
    analytic_note(e, "higher order: %s%s", why,
                  s->ckpt.kind == CKPT_DALY ? " (the scenario's interval)" : "");
}

/* ------------------------------------------------------------------------------------------ */
/* Availability: the repairman chain, renewal-reward, k-of-n */

/* Whether one node alternates i.i.d. up and down times (an alternating renewal process), with
 * the moments of each. Down = detection + repair + failover, so it needs no spare to swap in
 * (the caller checks) and no life spent during the swap. */
static int node_renews(const analytic_facts *f, double *mu, double *m2u, double *md, double *m2d,
                       analytic_reasons *bad, char *whynot, size_t n)
{
    const scn *s = f->s;
    if (s->ncomp == 1 && s->comp[0].count == 1) {
        *mu = dist_mean(&s->comp[0].ttf);
        *m2u = analytic_second_moment(&s->comp[0].ttf);
    } else if (f->nonexp < 0) {
        *mu = 1 / f->lam;
        *m2u = 2 / (f->lam * f->lam);
    } else {
        snprintf(whynot, n,
                 "does not apply: a node of several components whose lives are not all "
                 "exponential (%s) does not renew when one is repaired",
                 f->kinds[f->nonexp]);
        return 0;
    }
    *md = f->det_mean + f->ttr_mean + f->fo_mean;
    double var = f->det_var + (f->ttr_m2 - f->ttr_mean * f->ttr_mean) + f->fo_var;
    *m2d = fmax(var, 0) + *md * *md;
    if (s->hot && !f->fo_zero)
        analytic_reason(bad, "hot mode: the repaired node ages while swapped in and can fail then");
    return 1;
}

/* The time a node takes to forget that it started new: the transient of P(up at t) decays on
 * the scale of the cycle in general, and for exponential lives at the rate 1/MTTF + 1/MTTR (the
 * two-state chain's e^{-(lambda+mu) t}; for other repair laws, of that order). */
static double relax_time(const analytic_facts *f, double mu, double md)
{
    return f->nonexp < 0 ? mu * md / (mu + md) : mu + md;
}

static void add_renewal(const analytic_facts *f, analytic_list *l)
{
    const scn *s = f->s;
    char a[32], b[32], c[32], whynot[ANALYTIC_NOTE_MAX];
    double mu, m2u, md, m2d;
    analytic_reasons bad = {{0}, 0};
    if (!node_renews(f, &mu, &m2u, &md, &m2d, &bad, whynot, sizeof whynot)) {
        analytic_entry *e = analytic_add(l, "renewal_availability", NAN, ANALYTIC_NONE,
                                         "availability", REF_RENEWAL);
        analytic_formula(e, "MTTF / (MTTF + MTTR)");
        analytic_note(e, "%s", whynot);
        return;
    }
    double A = cf_renewal_availability(mu, md), v = A;
    double T = f->trial_h, rt = relax_time(f, mu, md), cycles = T / rt;
    if (isfinite(T) && cycles < ANALYTIC_MIN_CYCLES_APPROX) {
        analytic_entry *e = analytic_add(l, "renewal_availability", NAN, ANALYTIC_NONE,
                                         "availability", REF_RENEWAL);
        analytic_formula(e, "A + K/T, A = MTTF/(MTTF+MTTR) = %.6g", A);
        analytic_note(
            e,
            "does not apply: a trial (%s) lasts only %.3g times the time a node takes to "
            "forget its start (%s); so soon after new, neither the long-run value nor its "
            "1/T correction holds",
            analytic_hours(T, b, sizeof b), cycles, analytic_hours(rt, a, sizeof a));
        return;
    }
    if (isfinite(T)) {
        v = cf_renewal_interval_availability(mu, m2u, md, m2d, T);
        if (!f->trial_fixed)
            analytic_reason(
                &bad, "a trial lasts the job's makespan, which depends on the failures: the value "
                      "over [0, E[makespan]] is shown");
        if (cycles < ANALYTIC_MIN_CYCLES)
            analytic_reason(
                &bad,
                "T is only %.3g times the time a node takes to forget its start (%s): the 1/T "
                "correction is asymptotic",
                cycles, analytic_hours(rt, a, sizeof a));
        int lattice = analytic_is_lattice(&s->comp[0].ttf) && s->heartbeat == 0 &&
                      analytic_is_lattice(&s->failover) && s->ncomp == 1 &&
                      analytic_is_lattice(&s->comp[0].ttr);
        if (lattice)
            analytic_reason(&bad, "lives and down times on a lattice: the availability over [0, T] "
                                  "oscillates about the 1/T form");
    } else {
        analytic_reason(&bad,
                        "a trial lasts the job's makespan, which has no closed form here: the "
                        "long-run value is shown");
    }
    analytic_entry *e =
        analytic_add(l, "renewal_availability", v, bad.n ? ANALYTIC_APPROXIMATE : ANALYTIC_EXACT,
                     "availability", REF_RENEWAL);
    if (isfinite(T))
        analytic_formula(
            e,
            "A + K/T, A = MTTF/(MTTF+MTTR) = %s/(%s + %s) = %.6g, K from second moments, "
            "T = %s",
            analytic_hours(mu, a, sizeof a), analytic_hours(mu, a, sizeof a),
            analytic_hours(md, b, sizeof b), A, analytic_hours(T, c, sizeof c));
    else
        analytic_formula(e, "MTTF / (MTTF + MTTR) = %s / (%s + %s)",
                         analytic_hours(mu, a, sizeof a), analytic_hours(mu, a, sizeof a),
                         analytic_hours(md, b, sizeof b));
    if (bad.n)
        analytic_note(e, "approximate: %s", bad.text);
    else
        analytic_note(e,
                      "exact: one node, no spare, up and down times alternate; MTTR = detection + "
                      "repair + failover; the order-1/T term is that of a node new at 0");
}

static void add_k_of_n(const analytic_facts *f, analytic_list *l)
{
    const scn *s = f->s;
    char a[32], b[32], whynot[ANALYTIC_NOTE_MAX];
    double mu, m2u, md, m2d;
    analytic_reasons bad = {{0}, 0};
    analytic_entry *e;
    if (s->crews != 0 && s->crews < s->nodes) {
        e = analytic_add(l, "k_of_n_availability", NAN, ANALYTIC_NONE, "availability", REF_KOFN);
        analytic_formula(e, "A_node^N");
        analytic_note(
            e,
            "does not apply: %u crews for %u nodes, so repairs queue and the nodes are not "
            "independent",
            s->crews, s->nodes);
        return;
    }
    if (!node_renews(f, &mu, &m2u, &md, &m2d, &bad, whynot, sizeof whynot)) {
        e = analytic_add(l, "k_of_n_availability", NAN, ANALYTIC_NONE, "availability", REF_KOFN);
        analytic_formula(e, "A_node^N");
        analytic_note(e, "%s", whynot);
        return;
    }
    double A = cf_renewal_availability(mu, md);
    double rt = relax_time(f, mu, md);
    if (isfinite(f->trial_h) && f->trial_h < ANALYTIC_MIN_CYCLES_APPROX * rt) {
        e = analytic_add(l, "k_of_n_availability", NAN, ANALYTIC_NONE, "availability", REF_KOFN);
        analytic_formula(e, "A_node^N");
        analytic_note(e,
                      "does not apply: a trial (%s) lasts only %.3g times the time a node takes to "
                      "forget its start (%s), too little for the long-run value from all-new",
                      analytic_hours(f->trial_h, b, sizeof b), f->trial_h / rt,
                      analytic_hours(rt, a, sizeof a));
        return;
    }
    e = analytic_add(l, "k_of_n_availability", cf_k_of_n(s->nodes, s->nodes, A),
                     ANALYTIC_APPROXIMATE, "availability", REF_KOFN);
    analytic_formula(e, "A_node^N = (%s / (%s + %s))^%u", analytic_hours(mu, a, sizeof a),
                     analytic_hours(mu, a, sizeof a), analytic_hours(md, b, sizeof b), s->nodes);
    analytic_note(e,
                  "exact in the long run (independent nodes, each an alternating renewal process); "
                  "%s%s%s",
                  s->has_job ? "a job's availability is over its makespan"
                             : "over [0, T] from all-new the mean differs by O(1/T)",
                  bad.n ? "; " : "", bad.text);
}

static void add_repairman(const analytic_facts *f, analytic_list *l)
{
    const scn *s = f->s;
    char a[32], b[32], c[32], over[64];
    if (f->nonexp >= 0) {
        analytic_entry *e = analytic_add(l, "repairman_availability", NAN, ANALYTIC_NONE,
                                         "availability", REF_REPAIRMAN);
        analytic_formula(e, "birth-death chain of failed nodes");
        analytic_note(e, "does not apply: %s is not exponential; the chain needs exponential lives",
                      f->kinds[f->nonexp]);
        return;
    }
    if (!(f->ttr_mean > 0)) {
        analytic_entry *e = analytic_add(l, "repairman_availability", NAN, ANALYTIC_NONE,
                                         "availability", REF_REPAIRMAN);
        analytic_formula(e, "birth-death chain of failed nodes");
        analytic_note(e, "does not apply: repairs take no time, and the chain needs a repair rate");
        return;
    }
    cf_repairman m = {s->nodes, s->spares, s->crews, s->hot, f->lam, 1 / f->ttr_mean};
    analytic_reasons bad = {{0}, 0};
    if (f->ttr_other >= 0) {
        const dist *r = &s->comp[f->ttr_other].ttr;
        char law[40];
        analytic_reason(&bad,
                        "repair times are not exponential of one mean (%s: %s): the chain uses the "
                        "failure-weighted mean repair",
                        s->comp[f->ttr_other].name, dist_format(r, law, sizeof law));
    }
    double delay = f->det_mean + f->fo_mean;
    if (delay > 0)
        analytic_reason(
            &bad,
            "the chain has no detection or failover: their mean %s of down time per "
            "failure is taken off as from a cycle of M up and that down, times M/(M + %s)",
            analytic_hours(delay, a, sizeof a), analytic_hours(delay, b, sizeof b));
    double v = NAN, T = f->trial_h;
    int interval = 0;
    if (!f->trial_fixed)
        analytic_reason(&bad, "%s",
                        isfinite(T)
                            ? "a trial lasts the job's makespan, which depends on the failures: "
                              "the chain from all-new over [0, E[makespan]] is shown"
                            : "a trial lasts the job's makespan: the stationary value is shown");
    if (isfinite(T)) {
        double K = f->N + f->S, r = s->crews ? fmin(s->crews, K) : K;
        double q = (s->hot ? K : f->N) * m.lambda + r * m.mu;
        if (q * T * (K + 1) <= ANALYTIC_UNIF_BUDGET) v = cf_repairman_interval_availability(&m, T);
        if (isnan(v))
            analytic_reason(&bad, "the horizon is too long for uniformization here: the stationary "
                                  "value is shown (start-up bias O(1/T))");
        else
            interval = 1;
    }
    if (!interval) v = cf_repairman_availability(&m);
    if (delay > 0) v *= f->M / (f->M + delay);
    analytic_entry *e =
        analytic_add(l, "repairman_availability", v, bad.n ? ANALYTIC_APPROXIMATE : ANALYTIC_EXACT,
                     "availability", REF_REPAIRMAN);
    snprintf(c, sizeof c, "%u", s->crews);
    if (interval)
        snprintf(over, sizeof over, "over [0, %s] from all-new", analytic_hours(T, a, sizeof a));
    else
        snprintf(over, sizeof over, "stationary");
    analytic_formula(e, "P(failed <= S), N = %u, S = %u %s, r = %s, lambda = 1/%s, mu = 1/%s, %s%s",
                     s->nodes, s->spares, s->hot ? "hot" : "cold", s->crews ? c : "unlimited",
                     analytic_hours(1 / f->lam, a, sizeof a),
                     analytic_hours(f->ttr_mean, b, sizeof b), over,
                     delay > 0 ? " * M/(M + delay)" : "");
    if (bad.n)
        analytic_note(e, "approximate: %s", bad.text);
    else
        analytic_note(
            e, "exact: exponential lives and repairs, no detection or failover delay; a trial "
               "is the chain from all-new over the horizon");
}

void analytic_add_availability(const analytic_facts *f, analytic_list *l)
{
    add_repairman(f, l);
    if (f->S == 0 && f->N == 1) add_renewal(f, l);
    if (f->S == 0 && f->N > 1) add_k_of_n(f, l);
}
