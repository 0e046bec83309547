/*
 * an: which closed forms of models/cf.h apply to a scenario, and how well (see analytic.h).
 *
 * Each decision sets a formula's assumptions against the rules of docs/model.md:
 *
 *   system MTBF       exact when every life is exponential (the slots' failures are then a
 *                     Poisson process of rate 1/M while every slot holds an ageing node); for
 *                     other laws 1/M is only the long-run failure rate.
 *   Young, Daly       the optimum's approximations (first and higher order), from d and M.
 *   Daly makespan     (and the failures, down time, restart time and lost work that go with
 *                     it) exact when the job's failures are a Poisson process of mean M, each
 *                     followed by a down time of mean D during which no failure can occur and
 *                     that does not depend on the past, with fixed checkpoint and restart costs
 *                     and no horizon. That holds with exponential lives and either one node (no
 *                     other slot to fail while it is down; no spare: D = detection + repair +
 *                     failover) or no detection or failover delay (D = 0), provided the spares
 *                     never run out (bounded below) and a spare cannot fail while swapped in.
 *   repairman chain   exact with exponential lives, one exponential repair law, no detection
 *                     or failover delay, and trials of a fixed length (no job, or a job the
 *                     horizon always stops: the cluster does not depend on the job), each the
 *                     chain from all-new over the horizon. With a job that completes, the chain
 *                     over [0, E[makespan]] approximates (a trial's length depends on its
 *                     failures).
 *   renewal-reward    one node, no spare, a node that renews at each repair (one component, or
 *                     exponential lives): up time and down time (detection + repair + failover)
 *                     alternate; exact over a fixed horizon many times the time the node takes
 *                     to forget its start, with the order-1/T term of a node new at 0.
 *   k-of-n            the same per node, nodes independent (no spare, a crew per node): the
 *                     long-run value A^N; over a finite horizon from all-new only approximate.
 *   no failure        P(no slot fails before T) = prod_k S_k(T)^(N count_k), exact for any laws:
 *                     every slot starts new and the job, without a failure, ends at a fixed time.
 *   per-step law      1 - (1-p)^floor(t/step) for each geometric kind, per unit and over the
 *                     cluster's units of that kind.
 *   coarse model      L (1-p) (1 - 1/N), flagged as such.
 */
#include "sim/study/analytic.h"
#include "analysis/csvout.h"
#include "analysis/outdir.h"
#include "models/cf.h"
#include "models/unit.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* A probability of running out of spares in a trial below this cannot move a mean by anything a
 * simulation could see: the Daly entries then stay exact. */
#define ANALYTIC_STOCKOUT_NEGLIGIBLE 1e-6
/* The renewal-reward correction for a horizon T is of order 1/T; its remainder falls off much
 * faster once T is this many times the time a node takes to forget its start (relax_time):
 * exact beyond, approximate down to the second figure, and no closed form below it. */
#define ANALYTIC_MIN_CYCLES 20.0
#define ANALYTIC_MIN_CYCLES_APPROX 3.0
/* Work allowed for the uniformization of the repairman chain (steps times states). */
#define ANALYTIC_UNIF_BUDGET 1e9
/* At most this many geometric kinds are listed (two entries each). */
#define ANALYTIC_MAX_STEP_KINDS 4

#define REF_SERIES "Barlow & Proschan, Mathematical Theory of Reliability (1965): series system"
#define REF_YOUNG "Young 1974, CACM 17(9):530-531"
#define REF_DALY "Daly 2006, FGCS 22(3):303-312"
#define REF_DALY_SEG "Daly 2006, FGCS 22(3):303-312, segment cost with downtime (models/cf.h)"
#define REF_REPAIRMAN "Barlow & Proschan 1965, ch. 5 (repairman); Grassmann 1977 (uniformization)"
#define REF_RENEWAL "Ross, Introduction to Probability Models, ch. 7 (renewal-reward)"
#define REF_KOFN "Barlow & Proschan 1965 (k-out-of-n); Ross, ch. 7 (renewal-reward)"
#define REF_STEP "geometric (per-step) law, docs/model.md"
#define REF_COARSE "back-of-envelope model (no published source)"
#define REF_COUNT "relsim's job model, docs/model.md (no checkpoint after the last segment)"

/* ------------------------------------------------------------------------------------------ */
/* The facts about a scenario that the decisions below use. */

typedef struct {
    const scn *s;
    double N, S;             /* slots, spares */
    double M;                /* system MTBF */
    double lam;              /* failure rate of one node: sum of count / mean ttf */
    int nonexp;              /* first kind whose life is not exponential, or -1 */
    double ttr_mean, ttr_m2; /* repair of a failed node: mixture over kinds, failure-weighted */
    int ttr_other;           /* first kind whose ttr is not exponential of one mean, or -1 */
    double det_mean, det_var, fo_mean, fo_var;
    int fo_zero;               /* failover fixed at 0 */
    double W, tau, d, R;       /* work, interval, mean checkpoint and restart costs */
    int ckpt_fixed, rst_fixed; /* costs of fixed law */
    double nck, tff;           /* checkpoints written; time the job takes without a failure */
    double T;                  /* time over which the no-failure probability is asked */
    double trial_h;  /* what availability is averaged over: the horizon, E[makespan], or NAN */
    int trial_fixed; /* every trial lasts trial_h: no job, or a job the horizon always stops */
    char kinds[SCN_MAX_COMPONENTS][SCN_MAX_NAME + 48]; /* "name: law" for notes */
} facts;

/* Weibull and gamma of shape 1 are the exponential law. */
static int is_exp(const dist *d)
{
    return d->kind == DIST_EXPONENTIAL ||
           ((d->kind == DIST_WEIBULL || d->kind == DIST_GAMMA) && d->p1 == 1.0);
}

static int is_lattice(const dist *d)
{
    return d->kind == DIST_FIXED || d->kind == DIST_GEOMETRIC;
}

static double second_moment(const dist *d)
{
    double m = dist_mean(d), sd = dist_sd(d);
    return sd * sd + m * m;
}

/* Checkpoints relsim writes: one after every segment but the last, with the tie rule of
 * cf_job_makespan (and of the simulator): a remainder within 1e-9 tau of a whole segment counts
 * as none. */
static double checkpoints_written(double W, double tau)
{
    if (!(tau < W)) return 0;
    double rem = fmod(W, tau);
    double n = nearbyint((W - rem) / tau);
    return rem <= 1e-9 * tau ? n - 1 : n;
}

static void gather(const scn *s, facts *f)
{
    memset(f, 0, sizeof *f);
    f->s = s;
    f->N = s->nodes;
    f->S = s->spares;
    f->M = s->mtbf;
    f->nonexp = f->ttr_other = -1;
    double ref_ttr = NAN;
    for (int i = 0; i < s->ncomp; i++) {
        const scn_component *c = &s->comp[i];
        char law[40];
        snprintf(f->kinds[i], sizeof f->kinds[i], "%s: %s", c->name,
                 dist_format(&c->ttf, law, sizeof law));
        double rate = (double)c->count / dist_mean(&c->ttf);
        f->lam += rate;
        if (f->nonexp < 0 && !is_exp(&c->ttf)) f->nonexp = i;
        if (f->ttr_other < 0) {
            if (!is_exp(&c->ttr))
                f->ttr_other = i;
            else if (isnan(ref_ttr))
                ref_ttr = dist_mean(&c->ttr);
            else if (fabs(dist_mean(&c->ttr) - ref_ttr) > 1e-12 * ref_ttr)
                f->ttr_other = i;
        }
    }
    /* The failed kind is chosen in proportion to the hazards; for exponential lives that is
     * count / mean ttf at every instant, for others it is the long-run share. */
    for (int i = 0; i < s->ncomp; i++) {
        const scn_component *c = &s->comp[i];
        double w = (double)c->count / dist_mean(&c->ttf) / f->lam;
        f->ttr_mean += w * dist_mean(&c->ttr);
        f->ttr_m2 += w * second_moment(&c->ttr);
    }
    f->det_mean = s->timeout - s->heartbeat / 2;
    f->det_var = s->heartbeat * s->heartbeat / 12;
    f->fo_mean = dist_mean(&s->failover);
    f->fo_var = dist_sd(&s->failover) * dist_sd(&s->failover);
    f->fo_zero = s->failover.kind == DIST_FIXED && s->failover.p1 == 0;
    if (s->has_job) {
        f->W = s->work;
        f->tau = s->ckpt.interval;
        f->d = dist_mean(&s->ckpt_cost);
        f->R = dist_mean(&s->restart_cost);
        f->ckpt_fixed = s->ckpt_cost.kind == DIST_FIXED;
        f->rst_fixed = s->restart_cost.kind == DIST_FIXED;
        f->nck = checkpoints_written(f->W, f->tau);
        f->tff = f->W + f->nck * f->d;
        f->T = fmin(f->tff, s->horizon);
    } else {
        f->T = s->horizon;
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Building entries */

static char *hours(double h, char *buf, size_t n)
{
    snprintf(buf, n, "%.4g h", h);
    return buf;
}

/* The next free entry, filled with what every entry has; NULL once the list is full (ANALYTIC_MAX is
 * above the most a scenario produces: 17 + 2 ANALYTIC_MAX_STEP_KINDS). */
static analytic_entry *add(analytic_list *l, const char *quantity, double value, analytic_fit fit, const char *metric,
                     const char *reference)
{
    if (l->n >= ANALYTIC_MAX) return NULL;
    analytic_entry *e = &l->e[l->n++];
    memset(e, 0, sizeof *e);
    e->quantity = quantity;
    e->value = fit == ANALYTIC_NONE ? NAN : value;
    e->fit = fit;
    e->metric = metric;
    e->reference = reference;
    return e;
}

#if defined(__GNUC__)
#define ANALYTIC_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define ANALYTIC_PRINTF(a, b)
#endif

static void set_text(char *buf, size_t n, const char *fmt, va_list ap) ANALYTIC_PRINTF(3, 0);
static void set_text(char *buf, size_t n, const char *fmt, va_list ap)
{
    vsnprintf(buf, n, fmt, ap);
}

static void formula(analytic_entry *e, const char *fmt, ...) ANALYTIC_PRINTF(2, 3);
static void formula(analytic_entry *e, const char *fmt, ...)
{
    if (!e) return;
    va_list ap;
    va_start(ap, fmt);
    set_text(e->formula, sizeof e->formula, fmt, ap);
    va_end(ap);
}

static void note(analytic_entry *e, const char *fmt, ...) ANALYTIC_PRINTF(2, 3);
static void note(analytic_entry *e, const char *fmt, ...)
{
    if (!e) return;
    va_list ap;
    va_start(ap, fmt);
    set_text(e->note, sizeof e->note, fmt, ap);
    va_end(ap);
}

/* Reasons accumulate as "a; b; c". */
typedef struct {
    char text[400];
    int n;
} reasons;

static void reason(reasons *r, const char *fmt, ...) ANALYTIC_PRINTF(2, 3);
static void reason(reasons *r, const char *fmt, ...)
{
    size_t len = strlen(r->text);
    if (r->n++ && len + 2 < sizeof r->text) {
        memcpy(r->text + len, "; ", 3);
        len += 2;
    }
    if (len + 1 >= sizeof r->text) return;
    va_list ap;
    va_start(ap, fmt);
    set_text(r->text + len, sizeof r->text - len, fmt, ap);
    va_end(ap);
}

/* ------------------------------------------------------------------------------------------ */
/* System MTBF and the checkpoint intervals */

static void add_mtbf(const facts *f, analytic_list *l)
{
    const scn *s = f->s;
    char a[32];
    int exact = f->nonexp < 0;
    analytic_entry *e =
        add(l, "system_mtbf_h", f->M, exact ? ANALYTIC_EXACT : ANALYTIC_APPROXIMATE, NULL, REF_SERIES);
    if (s->ncomp == 1)
        formula(e, "1 / (N count / mean ttf) = %s / (%u * %u)",
                hours(dist_mean(&s->comp[0].ttf), a, sizeof a), s->nodes, s->comp[0].count);
    else
        formula(e, "1 / (N sum over %d kinds of count / mean ttf) = node MTTF %s / %u", s->ncomp,
                hours(1 / f->lam, a, sizeof a), s->nodes);
    if (exact)
        note(e,
             "exponential lives: while every slot holds an ageing node, the slots' failures "
             "are a Poisson process of rate 1/M (%.4g a day)",
             24 / f->M);
    else
        note(e,
             "%s is not exponential: 1/M (%.4g a day) is only the long-run failure rate "
             "of the slots, not the rate of a Poisson process; the time to the first failure "
             "from new, for one, has another mean",
             f->kinds[f->nonexp], 24 / f->M);
}

static void add_intervals(const facts *f, analytic_list *l)
{
    const scn *s = f->s;
    if (!(f->d > 0)) return;
    char a[32], b[32];
    const char *why = f->nonexp < 0
                          ? "an approximation of the interval that minimises the expected "
                            "makespan under exponential failures"
                          : "lives not exponential: M is only the long-run failure rate, and "
                            "the interval a heuristic";
    analytic_entry *e =
        add(l, "young_interval_h", cf_young_interval(f->d, f->M), ANALYTIC_APPROXIMATE, NULL, REF_YOUNG);
    formula(e, "sqrt(2 d M) = sqrt(2 * %s * %s)", hours(f->d, a, sizeof a),
            hours(f->M, b, sizeof b));
    note(e, "first order: %s%s", why,
         s->ckpt.kind == CKPT_YOUNG ? " (the scenario's interval)" : "");
    e = add(l, "daly_interval_h", cf_daly_interval(f->d, f->M), ANALYTIC_APPROXIMATE, NULL, REF_DALY);
    if (f->d < 2 * f->M)
        formula(e, "sqrt(2dM) (1 + sqrt(d/2M)/3 + d/18M) - d, d = %s, M = %s",
                hours(f->d, a, sizeof a), hours(f->M, b, sizeof b));
    else
        formula(e, "M = %s (since d = %s >= 2M)", hours(f->M, a, sizeof a),
                hours(f->d, b, sizeof b));
    note(e, "higher order: %s%s", why,
         s->ckpt.kind == CKPT_DALY ? " (the scenario's interval)" : "");
}

/* ------------------------------------------------------------------------------------------ */
/* The job: checkpoints written, Daly's makespan and its parts */

static void add_checkpoints(const facts *f, analytic_list *l)
{
    const scn *s = f->s;
    char a[32], b[32];
    int exact = !isfinite(s->horizon);
    if (isfinite(s->horizon) && f->tff >= s->horizon) {
        analytic_entry *e = add(l, "checkpoints", NAN, ANALYTIC_NONE, "checkpoints", REF_COUNT);
        note(e,
             "does not apply: the horizon (%s) stops every trial before the job could "
             "complete even without a failure (%s)",
             hours(s->horizon, a, sizeof a), hours(f->tff, b, sizeof b));
        return;
    }
    analytic_entry *e =
        add(l, "checkpoints", f->nck, exact ? ANALYTIC_EXACT : ANALYTIC_APPROXIMATE, "checkpoints", REF_COUNT);
    if (isinf(f->tau))
        formula(e, "0: checkpoint_interval = none");
    else
        formula(e, "backups N = W/f = %s / %s = %.6g; relsim writes ceil(W/f) - 1 = %.0f",
                hours(f->W, a, sizeof a), hours(f->tau, b, sizeof b), f->W / f->tau, f->nck);
    if (exact)
        note(e, "every trial completes the job and writes one checkpoint after every segment "
                "but the last, whatever the failures");
    else
        note(e, "trials that the horizon (%s) stops before completion write fewer",
             hours(s->horizon, a, sizeof a));
}

/* Whether the job's down times are Daly's D: of mean D, independent of the past, with no
 * failure during them. Fills D and the reasons it is not. Needs the expected number of failures
 * for the bound on running out of spares, so it is given E[makespan] as a function of D. */
static double daly_downtime(const facts *f, reasons *bad, reasons *good, double *D)
{
    const scn *s = f->s;
    char a[32], b[32], c[32];
    if (f->N == 1 && f->S == 0) {
        *D = f->det_mean + f->ttr_mean + f->fo_mean;
        reason(good,
               "one node and no spare: each failure is followed by detection, repair and "
               "failover, D = %s + %s + %s, with nothing left to fail",
               hours(f->det_mean, a, sizeof a), hours(f->ttr_mean, b, sizeof b),
               hours(f->fo_mean, c, sizeof c));
        if (s->hot && !f->fo_zero)
            reason(bad, "hot mode: the repaired node ages while swapped in and can fail before "
                        "it is up");
        return *D;
    }
    *D = f->det_mean + f->fo_mean;
    if (f->N > 1 && *D > 0)
        reason(bad,
               "%u slots: the others can fail during the %s of detection and failover after a "
               "failure, which Daly's down time excludes",
               s->nodes, hours(*D, a, sizeof a));
    else if (f->N > 1)
        reason(good, "no detection or failover delay: a spare takes over at once (D = 0)");
    else
        reason(good, "one node: nothing can fail during the D = %s of detection and failover",
               hours(*D, a, sizeof a));
    if (f->N == 1 && s->hot && !f->fo_zero)
        reason(bad, "a hot spare ages while swapped in and can fail before it is up");
    if (f->S == 0) {
        *D += f->ttr_mean;
        reason(bad,
               "no spare: every failure waits for its repair (mean %s, counted in D) while "
               "the other slots go on failing",
               hours(f->ttr_mean, a, sizeof a));
    }
    return *D;
}

/* Spares run out only if S nodes are in repair when a slot fails. While they have not run out,
 * nodes enter repair at the failures of the slots (a Poisson process of rate 1/M when D = 0;
 * sparser when the one node is down) and, with hot spares, of the pool: at most (N+S)/(N M) an
 * hour; with crews >= S no repair waits, so the number in repair is at most that of an M/G/inf
 * queue, Poisson of mean rate E[ttr] (and a thinner arrival process only lowers it). So each
 * failure finds the spares gone with probability at most P(Poisson(rate E[ttr]) >= S). */
static void daly_stockout(const facts *f, double failures, reasons *bad, reasons *good)
{
    const scn *s = f->s;
    if (f->S == 0) return; /* already a reason */
    if (s->crews != 0 && s->crews < s->spares) {
        reason(bad,
               "fewer repair crews (%u) than spares (%u): running out of spares is possible and "
               "not bounded here; its waits are not in D",
               s->crews, s->spares);
        return;
    }
    double rate = (s->hot ? (f->N + f->S) / f->N : 1.0) / f->M;
    double m = rate * f->ttr_mean;
    double p = gsl_cdf_poisson_Q((unsigned)(f->S - 1), m);
    double bound = fmin(1.0, failures * p);
    if (bound <= ANALYTIC_STOCKOUT_NEGLIGIBLE)
        reason(good, "spares run out with probability at most %.2g per trial (M/G/inf bound)",
               bound);
    else
        reason(bad,
               "spares can run out (probability up to %.2g per trial, M/G/inf bound with "
               "%.3g nodes in repair on average): those waits are not in D",
               bound, m);
}

/* Adds the entries and returns E[makespan] (NAN where the form does not apply). */
static double add_daly(const facts *f, analytic_list *l)
{
    const scn *s = f->s;
    char a[32], b[32], c[32], g[32];
    if (f->nonexp >= 0) {
        analytic_entry *e = add(l, "daly_makespan_h", NAN, ANALYTIC_NONE, "makespan_h", REF_DALY);
        formula(e, "(M + D) e^(R/M) (e^(L/M) - 1) per segment");
        note(e,
             "does not apply: %s is not exponential, so failures are not a Poisson process "
             "of rate 1/M (no closed form for the makespan here)",
             f->kinds[f->nonexp]);
        return NAN;
    }
    if (isfinite(s->horizon) && f->tff >= s->horizon) {
        analytic_entry *e = add(l, "daly_makespan_h", NAN, ANALYTIC_NONE, "makespan_h", REF_DALY);
        note(e,
             "does not apply: the horizon (%s) ends every trial before the job could "
             "complete even without a failure (%s)",
             hours(s->horizon, a, sizeof a), hours(f->tff, b, sizeof b));
        return NAN;
    }
    reasons bad = {{0}, 0}, good = {{0}, 0};
    double D;
    daly_downtime(f, &bad, &good, &D);
    double E = cf_job_makespan(f->W, f->tau, f->d, D, f->R, f->M);
    double F = E / (f->M + D);
    daly_stockout(f, F, &bad, &good);
    if (!f->ckpt_fixed || !f->rst_fixed)
        reason(&bad,
               "random %s cost: the formula takes the mean, but the exact one needs "
               "E[e^(-c/M)] in place of e^(-E[c]/M) (Jensen: the simulated mean is a little "
               "lower)",
               !f->ckpt_fixed && !f->rst_fixed ? "checkpoint and restart"
               : !f->ckpt_fixed                ? "checkpoint"
                                               : "restart");
    if (isfinite(s->horizon))
        reason(&bad, "trials stop at the horizon (%s), the formula is for a job run to its end",
               hours(s->horizon, a, sizeof a));
    analytic_fit fit = bad.n ? ANALYTIC_APPROXIMATE : ANALYTIC_EXACT;
    char why[512];
    if (bad.n)
        snprintf(why, sizeof why, "approximate: %s", bad.text);
    else
        snprintf(why, sizeof why, "exact: exponential lives, fixed costs; %s", good.text);

    analytic_entry *e = add(l, "daly_makespan_h", E, fit, "makespan_h", REF_DALY_SEG);
    double last = isinf(f->tau) || f->tau >= f->W ? f->W : f->W - f->nck * f->tau;
    if (f->nck > 0)
        formula(e,
                "sum of (M+D) e^(R/M) (e^(L/M)-1) over %.0f segments of L = tau + d = %s and a "
                "last of %s; M = %s, D = %s, R = %.4g h",
                f->nck, hours(f->tau + f->d, a, sizeof a), hours(last, b, sizeof b),
                hours(f->M, c, sizeof c), hours(D, g, sizeof g), f->R);
    else
        formula(e, "(M+D) e^(R/M) (e^(W/M)-1), W = %s, M = %s, D = %s, R = %.4g h (one segment)",
                hours(f->W, a, sizeof a), hours(f->M, b, sizeof b), hours(D, c, sizeof c), f->R);
    note(e, "%s", why);

    e = add(l, "expected_failures", F, fit, "failures", REF_DALY_SEG);
    formula(e, "E[makespan] / (M + D) = %s / (%s + %s)", hours(E, a, sizeof a),
            hours(f->M, b, sizeof b), hours(D, c, sizeof c));
    note(e, "%s",
         fit == ANALYTIC_EXACT ? "exact with the makespan: each failure costs M + D on "
                           "average (first-step analysis)"
                         : "approximate, as the makespan");
    double down = D * F;
    if (D > 0) {
        e = add(l, "expected_down_h", down, fit, "down_h", REF_DALY_SEG);
        formula(e, "D E[failures] = %s * %.6g", hours(D, a, sizeof a), F);
        note(e, "%s",
             fit == ANALYTIC_EXACT ? "exact with the makespan (Wald's identity)"
                             : "approximate, as the makespan");
    }
    double restart = f->M * -expm1(-f->R / f->M) * F;
    if (f->R > 0) {
        e = add(l, "expected_restart_h", restart, fit, "restart_h", REF_DALY_SEG);
        formula(e, "M (1 - e^(-R/M)) E[failures] = %s (1 - e^(-%.4g/%.4g)) * %.6g",
                hours(f->M, a, sizeof a), f->R, f->M, F);
        note(e, "%s",
             fit == ANALYTIC_EXACT ? "exact with the makespan: every restore, interrupted "
                               "or not, lasts min(R, time to the next failure)"
                             : "approximate, as the makespan");
    }
    double lost = E - f->W - f->nck * f->d - restart - down;
    e = add(l, "expected_lost_h", lost > 0 ? lost : 0, fit, "lost_h", REF_DALY_SEG);
    formula(e, "E[makespan] - W - n d - E[restart] - E[down] = %s - %s - %.0f * %.4g h - ...",
            hours(E, a, sizeof a), hours(f->W, b, sizeof b), f->nck, f->d);
    note(e, "%s",
         fit == ANALYTIC_EXACT ? "exact with the makespan: the accounting identity of "
                           "docs/model.md, term by term"
                         : "approximate, as the makespan");

    e = add(l, "goodput", f->W / E, ANALYTIC_APPROXIMATE, "goodput", REF_DALY);
    formula(e, "W / E[makespan] = %s / %s", hours(f->W, a, sizeof a), hours(E, b, sizeof b));
    note(e,
         "a ratio of expectations: the mean over trials of W / makespan is a little higher "
         "(Jensen)%s",
         fit == ANALYTIC_EXACT ? "" : "; and the makespan itself is approximate");
    return E;
}

/* ------------------------------------------------------------------------------------------ */
/* The probability of no failure, the per-step law, and the coarse model */

/* log P(no slot fails before t) = sum_k N count_k log S_k(t): every slot starts new at 0. */
static double log_no_failure(const facts *f, double t)
{
    const scn *s = f->s;
    if (f->nonexp < 0) return -t / f->M;
    double sum = 0;
    for (int i = 0; i < s->ncomp; i++)
        sum += f->N * s->comp[i].count * log(dist_survival(&s->comp[i].ttf, t));
    return sum;
}

static void add_no_failure(const facts *f, analytic_list *l)
{
    const scn *s = f->s;
    char a[32], b[32];
    double p = f->nonexp < 0 ? cf_no_failure_prob(f->T, f->M) : exp(log_no_failure(f, f->T));
    int exact = !s->has_job || f->ckpt_fixed || f->nck == 0;
    analytic_entry *e = add(l, "no_failure_prob", p, exact ? ANALYTIC_EXACT : ANALYTIC_APPROXIMATE, NULL,
                      f->nonexp < 0 ? REF_SERIES ", Poisson process" : REF_SERIES);
    if (f->nonexp < 0)
        formula(e, "e^(-T/M) = e^(-%s / %s)", hours(f->T, a, sizeof a), hours(f->M, b, sizeof b));
    else
        formula(e, "prod over kinds of S(T)^(N count), T = %s", hours(f->T, a, sizeof a));
    const char *what = !s->has_job ? "before the horizon"
                       : f->T < f->tff
                           ? "before the horizon stops the job"
                           : "during the job (T = work + checkpoints, its time without a failure)";
    if (exact)
        note(e, "exact for any laws: no slot fails %s; the share of trials with failures = 0",
             what);
    else
        note(e,
             "no slot fails %s; approximate: the checkpoint cost is random, so T is too, and "
             "the mean cost is used",
             what);
}

static void add_per_step(const facts *f, analytic_list *l)
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
        analytic_entry *e =
            add(l, "step_unit_fail_prob", cf_step_fail_prob(p, t), ANALYTIC_EXACT, NULL, REF_STEP);
        formula(e, "1 - (1-p)^t = 1 - (1 - %.6g)^%.0f, t = floor(%s / step %.4g h)", p, t,
                hours(f->T, a, sizeof a), step);
        note(e, "one %s unit, new at 0, has failed within t steps", c->name);
        e = add(l, "step_system_fail_prob", cf_step_fail_prob(p, t * units), ANALYTIC_EXACT, NULL,
                REF_STEP);
        formula(e, "1 - (1-p)^(n t) = 1 - (1 - %.6g)^(%.0f * %.0f)", p, units, t);
        note(e, "some of the n = %.0f %s units of the slots has failed within t steps%s", units,
             c->name,
             s->ncomp == 1 ? " (= 1 - no_failure_prob)" : "; other kinds: see no_failure_prob");
    }
}

static void add_coarse(const facts *f, analytic_list *l)
{
    char a[32], b[32];
    double N = f->W / f->tau;
    double p = -expm1(log_no_failure(f, f->W));
    if (!(N > 1)) {
        analytic_entry *e = add(l, "coarse_performance_h", NAN, ANALYTIC_NONE, NULL, REF_COARSE);
        formula(e, "L (1 - p) (1 - 1/N)");
        note(e, "does not apply: N = W/f = %.3g backups, and 1 - 1/N needs N > 1", N);
        return;
    }
    analytic_entry *e =
        add(l, "coarse_performance_h", f->W * (1 - p) * (1 - 1 / N), ANALYTIC_COARSE, NULL, REF_COARSE);
    formula(e,
            "L (1-p) (1-1/N): L = work W = %s, p = P(a failure within W) = %.4g, N = W/f = %.5g "
            "(f = %s)",
            hours(f->W, a, sizeof a), p, N, hours(f->tau, b, sizeof b));
    note(e, "coarse: ignores the costs of checkpoints, restarts and down time, and that work "
            "goes on after a failure; not an estimate of any simulated metric");
}

/* ------------------------------------------------------------------------------------------ */
/* Availability: the repairman chain, renewal-reward, k-of-n */

/* Whether one node alternates i.i.d. up and down times (an alternating renewal process), with
 * the moments of each. Down = detection + repair + failover, so it needs no spare to swap in
 * (the caller checks) and no life spent during the swap. */
static int node_renews(const facts *f, double *mu, double *m2u, double *md, double *m2d,
                       reasons *bad, char *whynot, size_t n)
{
    const scn *s = f->s;
    if (s->ncomp == 1 && s->comp[0].count == 1) {
        *mu = dist_mean(&s->comp[0].ttf);
        *m2u = second_moment(&s->comp[0].ttf);
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
        reason(bad, "hot mode: the repaired node ages while swapped in and can fail then");
    return 1;
}

/* The time a node takes to forget that it started new: the transient of P(up at t) decays on
 * the scale of the cycle in general, and for exponential lives at the rate 1/MTTF + 1/MTTR (the
 * two-state chain's e^{-(lambda+mu) t}; for other repair laws, of that order). */
static double relax_time(const facts *f, double mu, double md)
{
    return f->nonexp < 0 ? mu * md / (mu + md) : mu + md;
}

static void add_renewal(const facts *f, analytic_list *l)
{
    const scn *s = f->s;
    char a[32], b[32], c[32], whynot[400];
    double mu, m2u, md, m2d;
    reasons bad = {{0}, 0};
    if (!node_renews(f, &mu, &m2u, &md, &m2d, &bad, whynot, sizeof whynot)) {
        analytic_entry *e = add(l, "renewal_availability", NAN, ANALYTIC_NONE, "availability", REF_RENEWAL);
        formula(e, "MTTF / (MTTF + MTTR)");
        note(e, "%s", whynot);
        return;
    }
    double A = cf_renewal_availability(mu, md), v = A;
    double T = f->trial_h, rt = relax_time(f, mu, md), cycles = T / rt;
    if (isfinite(T) && cycles < ANALYTIC_MIN_CYCLES_APPROX) {
        analytic_entry *e = add(l, "renewal_availability", NAN, ANALYTIC_NONE, "availability", REF_RENEWAL);
        formula(e, "A + K/T, A = MTTF/(MTTF+MTTR) = %.6g", A);
        note(e,
             "does not apply: a trial (%s) lasts only %.3g times the time a node takes to "
             "forget its start (%s); so soon after new, neither the long-run value nor its "
             "1/T correction holds",
             hours(T, b, sizeof b), cycles, hours(rt, a, sizeof a));
        return;
    }
    if (isfinite(T)) {
        v = cf_renewal_interval_availability(mu, m2u, md, m2d, T);
        if (!f->trial_fixed)
            reason(&bad,
                   "a trial lasts the job's makespan, which depends on the failures: the value "
                   "over [0, E[makespan]] is shown");
        if (cycles < ANALYTIC_MIN_CYCLES)
            reason(&bad,
                   "T is only %.3g times the time a node takes to forget its start (%s): the 1/T "
                   "correction is asymptotic",
                   cycles, hours(rt, a, sizeof a));
        int lattice = is_lattice(&s->comp[0].ttf) && s->heartbeat == 0 &&
                      is_lattice(&s->failover) && s->ncomp == 1 && is_lattice(&s->comp[0].ttr);
        if (lattice)
            reason(&bad, "lives and down times on a lattice: the availability over [0, T] "
                         "oscillates about the 1/T form");
    } else {
        reason(&bad, "a trial lasts the job's makespan, which has no closed form here: the "
                     "long-run value is shown");
    }
    analytic_entry *e = add(l, "renewal_availability", v, bad.n ? ANALYTIC_APPROXIMATE : ANALYTIC_EXACT,
                      "availability", REF_RENEWAL);
    if (isfinite(T))
        formula(e,
                "A + K/T, A = MTTF/(MTTF+MTTR) = %s/(%s + %s) = %.6g, K from second moments, "
                "T = %s",
                hours(mu, a, sizeof a), hours(mu, a, sizeof a), hours(md, b, sizeof b), A,
                hours(T, c, sizeof c));
    else
        formula(e, "MTTF / (MTTF + MTTR) = %s / (%s + %s)", hours(mu, a, sizeof a),
                hours(mu, a, sizeof a), hours(md, b, sizeof b));
    if (bad.n)
        note(e, "approximate: %s", bad.text);
    else
        note(e, "exact: one node, no spare, up and down times alternate; MTTR = detection + "
                "repair + failover; the order-1/T term is that of a node new at 0");
}

static void add_k_of_n(const facts *f, analytic_list *l)
{
    const scn *s = f->s;
    char a[32], b[32], whynot[400];
    double mu, m2u, md, m2d;
    reasons bad = {{0}, 0};
    analytic_entry *e;
    if (s->crews != 0 && s->crews < s->nodes) {
        e = add(l, "k_of_n_availability", NAN, ANALYTIC_NONE, "availability", REF_KOFN);
        formula(e, "A_node^N");
        note(e,
             "does not apply: %u crews for %u nodes, so repairs queue and the nodes are not "
             "independent",
             s->crews, s->nodes);
        return;
    }
    if (!node_renews(f, &mu, &m2u, &md, &m2d, &bad, whynot, sizeof whynot)) {
        e = add(l, "k_of_n_availability", NAN, ANALYTIC_NONE, "availability", REF_KOFN);
        formula(e, "A_node^N");
        note(e, "%s", whynot);
        return;
    }
    double A = cf_renewal_availability(mu, md);
    double rt = relax_time(f, mu, md);
    if (isfinite(f->trial_h) && f->trial_h < ANALYTIC_MIN_CYCLES_APPROX * rt) {
        e = add(l, "k_of_n_availability", NAN, ANALYTIC_NONE, "availability", REF_KOFN);
        formula(e, "A_node^N");
        note(e,
             "does not apply: a trial (%s) lasts only %.3g times the time a node takes to "
             "forget its start (%s), too little for the long-run value from all-new",
             hours(f->trial_h, b, sizeof b), f->trial_h / rt, hours(rt, a, sizeof a));
        return;
    }
    e = add(l, "k_of_n_availability", cf_k_of_n(s->nodes, s->nodes, A), ANALYTIC_APPROXIMATE,
            "availability", REF_KOFN);
    formula(e, "A_node^N = (%s / (%s + %s))^%u", hours(mu, a, sizeof a), hours(mu, a, sizeof a),
            hours(md, b, sizeof b), s->nodes);
    note(e,
         "exact in the long run (independent nodes, each an alternating renewal process); "
         "%s%s%s",
         s->has_job ? "a job's availability is over its makespan"
                    : "over [0, T] from all-new the mean differs by O(1/T)",
         bad.n ? "; " : "", bad.text);
}

static void add_repairman(const facts *f, analytic_list *l)
{
    const scn *s = f->s;
    char a[32], b[32], c[32], over[64];
    if (f->nonexp >= 0) {
        analytic_entry *e = add(l, "repairman_availability", NAN, ANALYTIC_NONE, "availability", REF_REPAIRMAN);
        formula(e, "birth-death chain of failed nodes");
        note(e, "does not apply: %s is not exponential; the chain needs exponential lives",
             f->kinds[f->nonexp]);
        return;
    }
    if (!(f->ttr_mean > 0)) {
        analytic_entry *e = add(l, "repairman_availability", NAN, ANALYTIC_NONE, "availability", REF_REPAIRMAN);
        formula(e, "birth-death chain of failed nodes");
        note(e, "does not apply: repairs take no time, and the chain needs a repair rate");
        return;
    }
    cf_repairman m = {s->nodes, s->spares, s->crews, s->hot, f->lam, 1 / f->ttr_mean};
    reasons bad = {{0}, 0};
    if (f->ttr_other >= 0) {
        const dist *r = &s->comp[f->ttr_other].ttr;
        char law[40];
        reason(&bad,
               "repair times are not exponential of one mean (%s: %s): the chain uses the "
               "failure-weighted mean repair",
               s->comp[f->ttr_other].name, dist_format(r, law, sizeof law));
    }
    double delay = f->det_mean + f->fo_mean;
    if (delay > 0)
        reason(&bad,
               "the chain has no detection or failover: their mean %s of down time per "
               "failure is taken off as from a cycle of M up and that down, times M/(M + %s)",
               hours(delay, a, sizeof a), hours(delay, b, sizeof b));
    double v = NAN, T = f->trial_h;
    int interval = 0;
    if (!f->trial_fixed)
        reason(&bad, "%s",
               isfinite(T) ? "a trial lasts the job's makespan, which depends on the failures: "
                             "the chain from all-new over [0, E[makespan]] is shown"
                           : "a trial lasts the job's makespan: the stationary value is shown");
    if (isfinite(T)) {
        double K = f->N + f->S, r = s->crews ? fmin(s->crews, K) : K;
        double q = (s->hot ? K : f->N) * m.lambda + r * m.mu;
        if (q * T * (K + 1) <= ANALYTIC_UNIF_BUDGET) v = cf_repairman_interval_availability(&m, T);
        if (isnan(v))
            reason(&bad, "the horizon is too long for uniformization here: the stationary "
                         "value is shown (start-up bias O(1/T))");
        else
            interval = 1;
    }
    if (!interval) v = cf_repairman_availability(&m);
    if (delay > 0) v *= f->M / (f->M + delay);
    analytic_entry *e = add(l, "repairman_availability", v, bad.n ? ANALYTIC_APPROXIMATE : ANALYTIC_EXACT,
                      "availability", REF_REPAIRMAN);
    snprintf(c, sizeof c, "%u", s->crews);
    if (interval)
        snprintf(over, sizeof over, "over [0, %s] from all-new", hours(T, a, sizeof a));
    else
        snprintf(over, sizeof over, "stationary");
    formula(e, "P(failed <= S), N = %u, S = %u %s, r = %s, lambda = 1/%s, mu = 1/%s, %s%s",
            s->nodes, s->spares, s->hot ? "hot" : "cold", s->crews ? c : "unlimited",
            hours(1 / f->lam, a, sizeof a), hours(f->ttr_mean, b, sizeof b), over,
            delay > 0 ? " * M/(M + delay)" : "");
    if (bad.n)
        note(e, "approximate: %s", bad.text);
    else
        note(e, "exact: exponential lives and repairs, no detection or failover delay; a trial "
                "is the chain from all-new over the horizon");
}

static void add_availability(const facts *f, analytic_list *l)
{
    add_repairman(f, l);
    if (f->S == 0 && f->N == 1) add_renewal(f, l);
    if (f->S == 0 && f->N > 1) add_k_of_n(f, l);
}

/* ------------------------------------------------------------------------------------------ */

void analytic_compute(const scn *s, analytic_list *out)
{
    facts f;
    double E = NAN;
    gather(s, &f);
    out->n = 0;
    add_mtbf(&f, out);
    if (s->has_job) {
        add_intervals(&f, out);
        add_checkpoints(&f, out);
        E = add_daly(&f, out);
    }
    /* The cluster does not depend on the job: a trial's availability is the hardware's over the
     * trial, whose length is fixed when the horizon ends every trial, else the makespan. */
    f.trial_fixed = !s->has_job || f.tff >= s->horizon;
    f.trial_h = f.trial_fixed ? s->horizon : isfinite(E) ? fmin(E, s->horizon) : NAN;
    add_availability(&f, out);
    add_no_failure(&f, out);
    add_per_step(&f, out);
    if (s->has_job) add_coarse(&f, out);
}

const analytic_entry *analytic_for_metric(const analytic_list *l, const char *metric)
{
    const analytic_entry *best = NULL;
    for (int i = 0; i < l->n; i++) {
        const analytic_entry *e = &l->e[i];
        if (e->metric && strcmp(e->metric, metric) == 0 && (!best || e->fit < best->fit)) best = e;
    }
    return best;
}

const char *analytic_fit_name(analytic_fit fit)
{
    switch (fit) {
    case ANALYTIC_EXACT:
        return "exact";
    case ANALYTIC_APPROXIMATE:
        return "approximate";
    case ANALYTIC_COARSE:
        return "coarse";
    case ANALYTIC_NONE:
        return "n/a";
    }
    return "?";
}

int analytic_write_csv(const analytic_list *l, const char *dir, char *err, size_t n)
{
    static const char *const cols[] = {"quantity", "value",     "fit", "metric",
                                       "formula",  "reference", "note"};
    char path[1100];
    if (outdir_make(dir, err, n)) return -1;
    outdir_path(path, sizeof path, dir, "analytic.csv");
    csvout *c = csvout_open(path, cols, 7, err, n);
    if (!c) return -1;
    for (int i = 0; i < l->n; i++) {
        const analytic_entry *e = &l->e[i];
        csvout_str(c, e->quantity);
        csvout_num(c, e->value);
        csvout_str(c, analytic_fit_name(e->fit));
        csvout_str(c, e->metric ? e->metric : "");
        csvout_str(c, e->formula);
        csvout_str(c, e->reference);
        csvout_str(c, e->note);
        csvout_end_row(c);
    }
    return csvout_commit(c, err, n);
}
