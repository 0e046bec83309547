/*
 * analytic: which closed forms of models/cf.h apply to a scenario, and how well (see analytic.h).
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
#include "sim/study/analytic_int.h"

/* ------------------------------------------------------------------------------------------ */
/* The facts about a scenario */

/* Weibull and gamma of shape 1 are the exponential law. */
int analytic_is_exp(const dist *d)
{
    return d->kind == DIST_EXPONENTIAL ||
           ((d->kind == DIST_WEIBULL || d->kind == DIST_GAMMA) && d->p1 == 1.0);
}

int analytic_is_lattice(const dist *d)
{
    return d->kind == DIST_FIXED || d->kind == DIST_GEOMETRIC;
}

double analytic_second_moment(const dist *d)
{
    double m = dist_mean(d), sd = dist_sd(d);
    return sd * sd + m * m;
}

void analytic_gather(const scn *s, analytic_facts *f)
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
        if (f->nonexp < 0 && !analytic_is_exp(&c->ttf)) f->nonexp = i;
        if (f->ttr_other < 0) {
            if (!analytic_is_exp(&c->ttr))
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
        f->ttr_m2 += w * analytic_second_moment(&c->ttr);
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
        f->nck = cf_segments(f->W, f->tau, &(double){0}); /* the tie rule of the simulator */
        f->tff = f->W + f->nck * f->d;
        if (s->full_every) { /* chains: floor(n / F) full checkpoints, the rest incremental */
            double full = floor(f->nck / s->full_every);
            f->tff = f->W + full * f->d + (f->nck - full) * dist_mean(&s->inc_cost);
        }
        f->d_eff = f->d;
        if (s->full_every && f->nck > 0) /* Young and Daly weigh fulls and incrementals */
            f->d_eff = (f->tff - f->W) / f->nck;
        if (s->ntier) analytic_gather_tiers(s, f); /* the tiers' costs replace the job's */
        f->T = fmin(f->tff, s->horizon);
    } else {
        f->T = s->horizon;
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Building entries */

char *analytic_hours(double h, char *buf, size_t n)
{
    snprintf(buf, n, "%.4g h", h);
    return buf;
}

/* The next free entry, filled with what every entry has; NULL once the list is full (ANALYTIC_MAX
 * is above the most a scenario produces: 17 + 2 ANALYTIC_MAX_STEP_KINDS). */
analytic_entry *analytic_add(analytic_list *l, const char *quantity, double value, analytic_fit fit,
                             const char *metric, const char *reference)
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

static void set_text(char *buf, size_t n, const char *fmt, va_list ap) ANALYTIC_PRINTF(3, 0);
static void set_text(char *buf, size_t n, const char *fmt, va_list ap)
{
    vsnprintf(buf, n, fmt, ap);
}

void analytic_formula(analytic_entry *e, const char *fmt, ...)
{
    if (!e) return;
    va_list ap;
    va_start(ap, fmt);
    set_text(e->formula, sizeof e->formula, fmt, ap);
    va_end(ap);
}

void analytic_note(analytic_entry *e, const char *fmt, ...)
{
    if (!e) return;
    va_list ap;
    va_start(ap, fmt);
    set_text(e->note, sizeof e->note, fmt, ap);
    va_end(ap);
}

void analytic_reason(analytic_reasons *r, const char *fmt, ...)
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

/* With tiers, every checkpoint is written once unless a failure can send the job back past
 * checkpoints it wrote (a destroyed tier) or a write can be skipped (a tier that goes down). */
static void tiers_count_checkpoints(const scn *s, analytic_list *l)
{
    int rewrites = 0;
    for (int i = 0; i < s->ntier; i++)
        rewrites |= s->tier[i].lost_on <= SCN_LOST_NODE || s->tier[i].has_outage ||
                    s->tier[i].async;
    for (int i = 0; rewrites && i < l->n; i++) {
        analytic_entry *e = &l->e[i];
        if (strcmp(e->quantity, "checkpoints") != 0 || e->fit != ANALYTIC_EXACT) continue;
        e->fit = ANALYTIC_APPROXIMATE;
        snprintf(e->note, sizeof e->note,
                 "approximate: a failure that destroys a tier, or comes before an asynchronous "
                 "write commits, sends the job back past checkpoints it wrote; a tier that is "
                 "down skips writes");
    }
}

/* A kind that replays a trace (ttf = trace(FILE)) has no law: the forms that need one do not
 * apply. The system MTBF stays, counting the trace at its rate (failures per slot-hour over
 * its period): the mean rate a wrapped trace keeps, the one young and daly use; and the count of
 * checkpoints, which no failure changes when nothing sends the job back past them. */
static void analytic_trace_pass(const scn *s, analytic_list *out)
{
    int traced = -1;
    for (int k = 0; k < s->ncomp && traced < 0; k++)
        if (s->comp[k].trace > 0) traced = k;
    if (traced < 0) return;
    for (int i = 0; i < out->n; i++) {
        analytic_entry *e = &out->e[i];
        size_t len = strlen(e->note);
        if (strcmp(e->quantity, "checkpoints") == 0 && !s->has_site && !s->ntier)
            continue; /* counted over the work alone: no failure changes it */
        if (strcmp(e->quantity, "system_mtbf_h") == 0) {
            snprintf(e->note + len, sizeof e->note - len,
                     "%s[component.%s] replays a trace, counted at its rate (failures per "
                     "slot-hour over the trace's period)",
                     len ? "; " : "", s->comp[traced].name);
            continue;
        }
        e->fit = ANALYTIC_NONE;
        e->value = NAN;
        snprintf(e->note, sizeof e->note,
                 "does not apply: [component.%s] replays a trace (ttf = trace(...)), not a law, "
                 "and this form needs the law",
                 s->comp[traced].name);
    }
}

/* A rule the forms above do not count: every exact entry but those named in keep (a list ended
 * by NULL) becomes approximate, its note saying why ("; approximate: WHY" after what it said). */
static void demote(analytic_list *out, const char *const *keep, const char *why)
{
    for (int i = 0; i < out->n; i++) {
        analytic_entry *e = &out->e[i];
        int kept = e->fit != ANALYTIC_EXACT;
        for (const char *const *k = keep; !kept && *k; k++)
            kept = strcmp(e->quantity, *k) == 0;
        if (kept) continue;
        e->fit = ANALYTIC_APPROXIMATE;
        size_t len = strlen(e->note);
        snprintf(e->note + len, sizeof e->note - len, "%sapproximate: %s", len ? "; " : "", why);
    }
}

void analytic_compute(const scn *s, analytic_list *out)
{
    analytic_facts f;
    double E = NAN;
    analytic_gather(s, &f);
    out->n = 0;
    int computing = scn_has_computing(s);
    analytic_add_mtbf(&f, out);
    analytic_add_capacity(&f, out);
    if (s->has_job) {
        analytic_add_intervals(&f, out);
        analytic_add_checkpoints(&f, out);
        if (computing) {
            if (s->ntier) tiers_count_checkpoints(s, out);
            E = analytic_add_computing(&f, out);
        } else if (s->ntier) {
            tiers_count_checkpoints(s, out);
            E = analytic_add_tiers(&f, out);
        } else {
            E = analytic_add_daly(&f, out);
        }
    }
    /* The cluster does not depend on the job: a trial's availability is the hardware's over the
     * trial, whose length is fixed when the horizon ends every trial, else the makespan. */
    f.trial_fixed = !s->has_job || f.tff >= s->horizon;
    f.trial_h = f.trial_fixed ? s->horizon : isfinite(E) ? fmin(E, s->horizon) : NAN;
    analytic_add_availability(&f, out);
    if (s->has_service) analytic_add_service(&f, out);
    analytic_add_no_failure(&f, out);
    analytic_add_per_step(&f, out);
    if (s->has_job && !s->ntier) analytic_add_coarse(&f, out);
    /* Silent data corruption rolls the job back, which the job's forms above do not count: only
     * the hardware's and its own stay exact. */
    static const char *const keep_mtbf[] = {"system_mtbf_h", NULL};
    if (s->has_sdc) {
        demote(out, keep_mtbf,
               "silent data corruption ([sdc]) rolls the job back, which this form does not count");
        analytic_add_sdc(&f, out);
    }
    /* Failure domains and site disasters take slots down beside the nodes' failures, which the
     * forms above do not count: only the nodes' own failure rate stays exact (and the
     * checkpoints written, when nothing sends the job back past them: no site, no tier); not the
     * probability that no node fails, since a domain's outage stops its nodes' ageing and
     * lengthens the job. */
    if (s->ndomain || s->has_site) {
        const char *keep[] = {"system_mtbf_h", !s->has_site && !s->ntier ? "checkpoints" : NULL,
                              NULL};
        char why[128];
        snprintf(why, sizeof why, "%s take slots down too, which this form does not count",
                 s->ndomain && s->has_site ? "failure domains and site disasters"
                 : s->ndomain              ? "failure domains"
                                           : "site disasters");
        demote(out, keep, why);
    }
    /* A process-reach kind (docs/model.md) restarts in place: no spare, failover or crew. The
     * forms above treat every failure as a node's, so only those that do not depend on what
     * happens after a failure stay exact: the failure rate, the count of checkpoints, and the
     * probability that nothing fails. */
    int process = 0;
    for (int k = 0; k < s->ncomp; k++)
        process |= s->comp[k].reach == SCN_REACH_PROCESS;
    /* the tiers' chains and the computing form count restarts in place themselves */
    static const char *const keep_process[] = {"system_mtbf_h",        "checkpoints",
                                               "no_failure_prob",      "levels_makespan_h",
                                               "computing_makespan_h", "async_makespan_h",
                                               NULL};
    if (process)
        demote(out, keep_process,
               "a kind of reach process restarts in place, which this form counts as a node "
               "failure");
    /* Components that age only while the job computes (ages = computing) fail per hour of
     * computation: the forms above that count failures per hour of the trial do not apply;
     * the failure rate (per hour of computation), the intervals and the checkpoints do. */
    for (int i = 0; computing && i < out->n; i++) {
        analytic_entry *e = &out->e[i];
        if (e->fit == ANALYTIC_NONE || strcmp(e->quantity, "system_mtbf_h") == 0 ||
            strstr(e->quantity, "_interval_h") || strcmp(e->quantity, "checkpoints") == 0 ||
            strcmp(e->quantity, "computing_makespan_h") == 0)
            continue;
        e->fit = ANALYTIC_NONE;
        e->value = NAN;
        snprintf(e->note, sizeof e->note,
                 "does not apply: components that age only while the job computes (ages = "
                 "computing) fail per hour of computation, and this form counts every hour");
    }
    /* The repair pipeline and the fleet (docs/model.md, "Repairs and the fleet") lengthen
     * repairs, add failures and take nodes away, which no form above counts: only what comes
     * before a first failure stays exact (the failure rate, the probability that nothing
     * fails), and not even that with lemons, whose lives run faster; and the count of
     * checkpoints, which the work alone sets. */
    int fleet = scn_has_repair_rules(s) || s->has_fleet;
    int lemons = scn_has_lemons(s);
    if (fleet) {
        const char *keep[] = {"checkpoints", lemons ? NULL : "system_mtbf_h", "no_failure_prob",
                              NULL};
        demote(out, keep,
               "repair escalation, faulty repairs, lemons and retirement are not in this form");
    }
    /* The forms of failure domains and sites (analytic_domains.c) come after the passes above:
     * they count domains, disasters, [sdc] and process reach themselves, and keep their fit. */
    analytic_add_domains(&f, out);
    /* Planned maintenance takes slots down too (and interrupts the job): only the nodes' own
     * failure rate stays exact (the domains' forms lose it too). */
    if (s->has_maint)
        demote(out, keep_mtbf,
               "planned maintenance ([maintenance]) takes slots down too, which this form does "
               "not count");
    analytic_add_maint(&f, out); /* its own fit: maintenance does not depend on the rest */
    analytic_trace_pass(s, out);
}

/* ------------------------------------------------------------------------------------------ */
/* Repair capacity, and the failures of a fleet from new */

static void capacity_of(const analytic_facts *f, analytic_load *c)
{
    const scn *s = f->s;
    memset(c, 0, sizeof *c);
    c->unlimited = s->crews == 0;
    c->crews = c->unlimited ? s->nodes + s->spares : s->crews;
    c->fail_per_day = 24 * f->lam * f->N;
    c->repair_mean_h = f->ttr_mean;
    c->repair_per_day = f->ttr_mean > 0 ? 24 * c->crews / f->ttr_mean : INFINITY;
    double offered = c->fail_per_day * f->ttr_mean / 24; /* crews kept busy on average */
    c->utilisation = f->ttr_mean > 0 ? offered / c->crews : 0;
    c->crews_needed = floor(offered) + 1;
}

void analytic_capacity(const scn *s, analytic_load *out)
{
    analytic_facts f;
    analytic_gather(s, &f);
    capacity_of(&f, out);
}

int analytic_capacity_warning(const scn *s, const analytic_load *c, char *buf, size_t n)
{
    if (n) buf[0] = '\0';
    /* with unlimited crews every failed node has its own: no queue can grow, however long the
     * repairs (the nodes are then often down, which availability says) */
    if (c->unlimited || !(c->utilisation >= 1)) return 0;
    snprintf(buf, n,
             "%u repair crew%s repair%s about %.3g nodes a day; the cluster breaks %.3g a day: at "
             "least %.0f crews are needed, or %s",
             c->crews, c->crews == 1 ? "" : "s", c->crews == 1 ? "s" : "", c->repair_per_day,
             c->fail_per_day, c->crews_needed,
             s->has_job ? "the job cannot finish (the repair queue grows until slots stand empty)"
                        : "the repair queue grows until slots stand empty for good");
    return 1;
}

void analytic_add_capacity(const analytic_facts *f, analytic_list *l)
{
    char a[32], warn[512];
    analytic_load c;
    capacity_of(f, &c);
    if (!(f->ttr_mean > 0)) return; /* repairs take no time: no load */
    analytic_entry *e = analytic_add(l, "repair_utilisation", c.utilisation, ANALYTIC_APPROXIMATE,
                                     NULL, REF_CAPACITY);
    analytic_formula(e, "failures a day x E[repair] / crews = %.4g x %s / %u%s", c.fail_per_day,
                     analytic_hours(c.repair_mean_h, a, sizeof a), c.crews,
                     c.unlimited ? " (unlimited: one per node)" : "");
    if (analytic_capacity_warning(f->s, &c, warn, sizeof warn))
        analytic_note(e, "the offered load of the repair crews is 1 or more: %s", warn);
    else
        analytic_note(e,
                      "the offered load of the repair crews (below 1: repairs keep up on "
                      "average; %.0f crews would be the fewest); a long-run rate, from the %s",
                      c.crews_needed,
                      f->nonexp < 0 ? "failure rate of every slot up"
                                    : "long-run failure rate (lives not exponential)");
}

static double dist_cdf_of(double x, void *arg)
{
    return 1 - dist_survival(arg, x);
}

/* Steps of the numerical renewal function: its error is of order (t/steps)^2 for smooth laws. */
#define ANALYTIC_RENEWAL_STEPS 2000

double analytic_failures_from_new(const scn *s, double t)
{
    double sum = 0;
    for (int i = 0; i < s->ncomp; i++) {
        const dist *d = &s->comp[i].ttf;
        double m;
        if (analytic_is_exp(d))
            m = t / dist_mean(d);
        else if (d->kind == DIST_FIXED)
            m = floor(t / d->p1);
        else if (d->kind == DIST_GEOMETRIC)
            m = d->p1 * floor(t / d->p2); /* one Bernoulli trial a step, renewed or not */
        else
            m = cf_renewal_function(dist_cdf_of, (void *)d, t, ANALYTIC_RENEWAL_STEPS);
        sum += (double)s->nodes * s->comp[i].count * m;
    }
    return sum;
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
    char *path = outdir_join(dir, "analytic.csv");
    csvout *c = path ? csvout_open(path, cols, 7, err, n) : NULL;
    if (!path) snprintf(err, n, "out of memory");
    free(path);
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
