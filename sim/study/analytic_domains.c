/*
 * analytic_domains: the closed forms of failure domains and sites ([domain.NAME], [site];
 * docs/model.md "Failure domains", "Sites"), and when each is exact:
 *
 *   domain chain      availability ("every slot up") by the chain of one domain and its nodes
 *                     (cf_domains_*): exact with one kind of domain (or the site alone),
 *                     exponential lives, down times and domain laws, no detection or failover
 *                     delay, and the domains independent: either every failure restarts in place
 *                     (its slot's own node comes back) or there is one domain (the slots that
 *                     wait for a repaired node are then all in it), no spare and a crew per node;
 *                     over a trial of fixed length from all-up.
 *   no interruption   P(no node, domain or site failure before the job's failure-free end):
 *                     exact for any laws when that end is a fixed time and nothing else moves it
 *                     (fixed costs, no [sdc], no tier outage); the share of trials with
 *                     failures = domain_failures = site_failures = 0.
 *   copy age          the age of the newest remote copy at a disaster (cf_copy_age_mean): exact
 *                     for the first disaster, exponential, with a fixed transfer below the
 *                     period, a checkpoint in every period, no other failure before the job's
 *                     fixed end, and at most one disaster a trial (a fixed rto at least the
 *                     horizon: the trial ends at the horizon before the site is back); else
 *                     P/2 + w, the uniform phase.
 *
 * analytic_compute adds these after its passes (which mark approximate the forms that ignore
 * domains, [sdc] or process reach): these count all of them themselves and keep their own fit.
 */
#include "sim/study/analytic_int.h"

#define REF_DOMAINS                                                                                \
    "chain of a domain and its nodes, solved by banded LU; uniformization (Grassmann 1977) "       \
    "(models/cf.h)"
#define REF_FIRST "first of independent lives (Barlow & Proschan 1965: series system; models/cf.h)"
#define REF_COPY                                                                                   \
    "periodic replication: the age at an exponential disaster, period by period (models/cf.h)"

/* A probability of a node or domain failure before the job ends below this moves no mean that a
 * simulation could resolve: the copy's age stays exact. */
#define ANALYTIC_DOMAINS_NEGLIGIBLE 1e-9

/* log P(no slot's node fails, no domain fails (and, with_site, no disaster) in [0, T]) from
 * all-new: every node ages and every domain is up until the first of them. */
static double log_no_interruption(const scn *s, double T, int with_site)
{
    double lp = 0;
    for (int i = 0; i < s->ncomp; i++)
        lp += (double)s->nodes * s->comp[i].count * log(dist_survival(&s->comp[i].ttf, T));
    for (int k = 0; k < s->ndomain; k++)
        lp += (double)(s->nodes / s->domain[k].size) * log(dist_survival(&s->domain[k].ttf, T));
    if (with_site && s->has_site) lp += log(dist_survival(&s->site_ttf, T));
    return lp;
}

/* Every checkpoint cost fixed, and nothing that skips a write: the job without a failure ends
 * at a fixed time. */
static int costs_fixed(const analytic_facts *f, analytic_reasons *bad)
{
    const scn *s = f->s;
    int ok = f->ckpt_fixed || f->nck == 0;
    if (ok && s->full_every && s->inc_cost.kind != DIST_FIXED) ok = 0;
    for (int i = 0; i < s->ntier; i++) {
        if (s->tier[i].async && s->tier[i].snapshot.kind != DIST_FIXED) ok = 0;
        if (s->tier[i].has_outage) {
            analytic_reason(bad, "tier %s goes down and skips writes, so the job's end moves",
                            s->tier[i].name);
            return 0;
        }
    }
    if (!ok)
        analytic_reason(bad,
                        "a checkpoint cost is random, so the job's end is too (its mean is used)");
    return ok;
}

/* ---------------------------------------------------------------- the domain chain */

typedef struct {
    unsigned size, count;
    const dist *ttf, *ttr;
    const char *name;
} one_kind;

/* The one kind of domain the chain follows: the only [domain.NAME], or the site alone. */
static int one_kind_of(const scn *s, one_kind *k)
{
    if (s->ndomain + (s->has_site ? 1 : 0) != 1) return 0;
    if (s->ndomain) {
        *k = (one_kind){s->domain[0].size, s->nodes / s->domain[0].size, &s->domain[0].ttf,
                        &s->domain[0].ttr, s->domain[0].name};
    } else {
        *k = (one_kind){s->nodes, 1, &s->site_ttf, &s->site_rto, "site"};
    }
    return 1;
}

static void add_chain_availability(const analytic_facts *f, analytic_list *l)
{
    const scn *s = f->s;
    char a[32], b[32], c[32], d[32], law1[40], law2[40];
    one_kind k;
    analytic_entry *e;
    if (!one_kind_of(s, &k)) {
        e = analytic_add(l, "domain_chain_availability", NAN, ANALYTIC_NONE, "availability",
                         REF_DOMAINS);
        analytic_formula(e, "pi(up, 0)^G of the chain of one domain and its nodes");
        analytic_note(e,
                      "does not apply: %d kinds of domain%s nest; the chain follows one kind (a "
                      "domain up or down and its nodes down), and a slot inside two needs the "
                      "state of the outer one too",
                      s->ndomain + (s->has_site ? 1 : 0), s->has_site ? " (the site counts)" : "");
        return;
    }
    double node_rate = 0; /* the share of failures that take the node out of its slot */
    for (int i = 0; i < s->ncomp; i++)
        if (s->comp[i].reach != SCN_REACH_PROCESS)
            node_rate += (double)s->comp[i].count / dist_mean(&s->comp[i].ttf);
    int node_reach = node_rate > 0;
    if (node_reach && s->spares > 0) {
        e = analytic_add(l, "domain_chain_availability", NAN, ANALYTIC_NONE, "availability",
                         REF_DOMAINS);
        analytic_formula(e, "pi(up, 0)^G of the chain of one domain and its nodes");
        analytic_note(e,
                      "does not apply: %u spares: a slot whose node fails takes a spare, and the "
                      "chain has no pool",
                      s->spares);
        return;
    }
    double down = f->det_mean + f->ttr_mean + node_rate / f->lam * f->fo_mean;
    double ud = dist_mean(k.ttf), dd = dist_mean(k.ttr);
    if (!(down > 0) || !(dd > 0)) {
        e = analytic_add(l, "domain_chain_availability", NAN, ANALYTIC_NONE, "availability",
                         REF_DOMAINS);
        analytic_formula(e, "pi(up, 0)^G of the chain of one domain and its nodes");
        analytic_note(e, "does not apply: %s takes no time, and the chain needs its rate",
                      down > 0 ? "a domain's outage" : "a node's down time");
        return;
    }
    analytic_reasons bad = {{0}, 0};
    if (f->nonexp >= 0)
        analytic_reason(&bad, "%s is not exponential: the chain takes the rate count / mean ttf",
                        f->kinds[f->nonexp]);
    if (f->ttr_other >= 0)
        analytic_reason(&bad,
                        "repair times are not exponential of one mean (%s: %s): the chain takes "
                        "the failure-weighted mean",
                        s->comp[f->ttr_other].name,
                        dist_format(&s->comp[f->ttr_other].ttr, law1, sizeof law1));
    if (f->det_mean > 0 || (node_reach && !f->fo_zero))
        analytic_reason(&bad,
                        "detection and failover add to a node's down time: the chain takes the "
                        "whole of it, mean %s, as exponential",
                        analytic_hours(down, a, sizeof a));
    if (node_reach && s->crews != 0 && s->crews < s->nodes)
        analytic_reason(&bad,
                        "%u crews for %u nodes: repairs queue, while the chain repairs every "
                        "down node at once",
                        s->crews, s->nodes);
    if (node_reach && k.count > 1)
        analytic_reason(&bad,
                        "a repaired node goes to the slot that has waited longest, which may be in "
                        "another %s: the %u domains are coupled through the queue of empty slots, "
                        "while the chain brings each slot's own node back",
                        k.name, k.count);
    if (!analytic_is_exp(k.ttf) || !analytic_is_exp(k.ttr))
        analytic_reason(&bad,
                        "the %s's ttf %s or ttr %s is not exponential: the chain takes their "
                        "means",
                        k.name, dist_format(k.ttf, law1, sizeof law1),
                        dist_format(k.ttr, law2, sizeof law2));
    cf_domains m = {k.size, k.count, f->lam, 1 / down, 1 / ud, 1 / dd};
    double v = NAN, T = f->trial_h;
    int interval = 0;
    if (!f->trial_fixed)
        analytic_reason(&bad, "a trial lasts the job's makespan, which depends on the failures "
                              "and outages: the stationary value is shown");
    else if (isfinite(T)) {
        v = cf_domains_interval_availability(&m, T);
        if (isnan(v))
            analytic_reason(&bad, "the horizon is too long for uniformization here: the "
                                  "stationary value is shown (start-up bias O(1/T))");
        else
            interval = 1;
    }
    if (!interval) v = cf_domains_availability(&m);
    double prod = cf_domains_product_availability(s->nodes, f->lam, down, k.count, 1 / ud, dd);
    e = analytic_add(l, "domain_chain_availability", v,
                     bad.n ? ANALYTIC_APPROXIMATE : ANALYTIC_EXACT, "availability", REF_DOMAINS);
    analytic_formula(e,
                     "pi(up, 0)^G, %u %s%s of s = %u slots: lambda = 1/%s, mu = 1/%s, lambda_d = "
                     "1/%s, mu_d = 1/%s, %s",
                     k.count, k.name, k.count == 1 ? "" : "s", k.size,
                     analytic_hours(1 / f->lam, a, sizeof a), analytic_hours(down, b, sizeof b),
                     analytic_hours(ud, c, sizeof c), analytic_hours(dd, d, sizeof d),
                     interval ? "over [0, T] from all-up" : "stationary");
    if (bad.n)
        analytic_note(e,
                      "approximate: %s (nodes ageing through outages would give (1 + lambda r)^-N "
                      "(1 + lambda_d r_d)^-G = %.6g)",
                      bad.text, prod);
    else
        analytic_note(e,
                      "exact: nodes do not age while their domain is down, so a domain and its "
                      "nodes are a chain of 2(s + 1) states (failures at (s - j) lambda while it "
                      "is up, comebacks at j mu always), the %u domains independent (%s): P(every "
                      "slot up at t) = p(t)^G, over the trial from all-up; nodes ageing through "
                      "outages would give (1 + lambda r)^-N (1 + lambda_d r_d)^-G = %.6g, which "
                      "relsim's do not",
                      k.count,
                      node_reach ? "one domain, no spare, a crew per node"
                                 : "every failure restarts in place",
                      prod);
}

/* ---------------------------------------------------------------- the first interruption */

static void add_no_interruption(const analytic_facts *f, analytic_list *l)
{
    const scn *s = f->s;
    char a[32];
    analytic_reasons bad = {{0}, 0};
    double T = f->T, p;
    int allexp = f->nonexp < 0;
    double dom_rate = 0; /* every domain's (and the site's) rate, summed */
    for (int k = 0; k < s->ndomain; k++) {
        allexp &= analytic_is_exp(&s->domain[k].ttf);
        dom_rate += (double)(s->nodes / s->domain[k].size) / dist_mean(&s->domain[k].ttf);
    }
    if (s->has_site) {
        allexp &= analytic_is_exp(&s->site_ttf);
        dom_rate += 1 / dist_mean(&s->site_ttf);
    }
    if (allexp)
        p = cf_no_interruption_prob(T, s->nodes, f->lam, 1, dom_rate); /* one summed rate */
    else
        p = exp(log_no_interruption(s, T, 1));
    if (s->has_job) costs_fixed(f, &bad);
    if (s->has_sdc)
        analytic_reason(&bad, "a corruption's rollback ([sdc]) lengthens the job beyond T");
    analytic_entry *e =
        analytic_add(l, "no_interruption_prob", p, bad.n ? ANALYTIC_APPROXIMATE : ANALYTIC_EXACT,
                     NULL, REF_FIRST);
    const char *dom = s->ndomain && s->has_site ? "sum G lambda_d + lambda_site"
                      : s->ndomain              ? "sum G lambda_d"
                                                : "lambda_site";
    if (allexp)
        analytic_formula(e, "e^(-(N lambda + %s) T), N lambda = %.4g/h, %s = %.4g/h, T = %s", dom,
                         f->N * f->lam, dom, dom_rate, analytic_hours(T, a, sizeof a));
    else
        analytic_formula(e,
                         "prod of the survivals of every slot's node and every domain%s at T = %s",
                         s->has_site ? " and the site" : "", analytic_hours(T, a, sizeof a));
    const char *what = !s->has_job     ? "before the horizon"
                       : f->T < f->tff ? "before the horizon stops the job"
                                       : "during the job (T = its time without a failure)";
    if (bad.n)
        analytic_note(e, "no node, domain or site failure %s; approximate: %s", what, bad.text);
    else
        analytic_note(e,
                      "exact for any laws: until the first node or domain failure%s every node "
                      "ages and every domain is up, so the probability that none comes %s is the "
                      "product of their survivals; the share of trials with failures = 0, "
                      "domain_failures = 0%s",
                      s->has_site ? " or disaster" : "", what,
                      s->has_site ? " and site_failures = 0" : "");
}

/* ---------------------------------------------------------------- the age of a remote copy */

static void add_copy_age(const analytic_facts *f, analytic_list *l)
{
    const scn *s = f->s;
    char a[32], b[32], law[40];
    double P = s->site_every, w = dist_mean(&s->site_transfer), L = f->T;
    analytic_entry *e;
    if (isfinite(P) && !(w < P)) {
        e = analytic_add(l, "remote_copy_age_h", NAN, ANALYTIC_NONE, "site_copy_age_h", REF_COPY);
        analytic_formula(e, "E[age of the newest landed copy at a disaster]");
        analytic_note(e,
                      "does not apply: transfer_time (mean %s) is not below replicate_every "
                      "(%s): a copy still in flight skips the next start",
                      analytic_hours(w, a, sizeof a), analytic_hours(P, b, sizeof b));
        return;
    }
    analytic_reasons bad = {{0}, 0};
    if (!analytic_is_exp(&s->site_ttf))
        analytic_reason(&bad, "the disaster's law %s is not exponential",
                        dist_format(&s->site_ttf, law, sizeof law));
    if (!(s->site_rto.kind == DIST_FIXED && s->site_rto.p1 >= s->horizon))
        analytic_reason(&bad, "a trial can see more than one disaster, the later ones at other "
                              "phases (exact for the first: a fixed rto at least the horizon)");
    double other = -expm1(log_no_interruption(s, L, 0));
    if (!(other <= ANALYTIC_DOMAINS_NEGLIGIBLE))
        analytic_reason(&bad,
                        "a node or domain failure before the job ends (probability %.3g) moves "
                        "its checkpoints and its end",
                        other);
    costs_fixed(f, &bad);
    if (s->ntier)
        analytic_reason(&bad, "a copy is of the newest checkpoint a tier holds, whose times the "
                              "form does not follow");
    if (s->has_sdc) analytic_reason(&bad, "a corruption's rollback ([sdc]) moves the checkpoints");
    if (isfinite(P)) {
        if (s->site_transfer.kind != DIST_FIXED)
            analytic_reason(&bad, "transfer_time is random (%s): its mean is used",
                            dist_format(&s->site_transfer, law, sizeof law));
        double dmax = f->d;
        if (s->full_every) dmax = fmax(dmax, dist_mean(&s->inc_cost));
        /* every start before L needs a checkpoint newer than the last copy (the start is not
         * copied): one within every period, unless no copy could land before L */
        if (!(L <= P + w || (f->nck >= 1 && f->tau + dmax < P)))
            analytic_reason(&bad,
                            "a checkpoint is not written within every replicate_every (%s): a "
                            "start with nothing new to copy is skipped",
                            analytic_hours(P, a, sizeof a));
    }
    double lam = 1 / dist_mean(&s->site_ttf);
    double v = bad.n && isfinite(P) ? P / 2 + w : cf_copy_age_mean(P, isfinite(P) ? w : 0, lam, L);
    e = analytic_add(l, "remote_copy_age_h", v, bad.n ? ANALYTIC_APPROXIMATE : ANALYTIC_EXACT,
                     "site_copy_age_h", REF_COPY);
    if (bad.n && isfinite(P))
        analytic_formula(e, "P/2 + w = %s/2 + %s (a disaster at a uniform phase)",
                         analytic_hours(P, a, sizeof a), analytic_hours(w, b, sizeof b));
    else if (isfinite(P))
        analytic_formula(
            e,
            "E[A(T) | T < L] period by period, P = %s, w = %s, lambda = 1/%s, L = %.6g h "
            "(P/2 + w = %.6g h for rare disasters)",
            analytic_hours(P, a, sizeof a), analytic_hours(w, b, sizeof b),
            analytic_hours(1 / lam, law, sizeof law), L, P / 2 + w);
    else
        analytic_formula(e, "E[T | T < L] (no copies: the age of the start), lambda = 1/%s, L = %s",
                         analytic_hours(1 / lam, a, sizeof a), analytic_hours(L, b, sizeof b));
    if (bad.n)
        analytic_note(e, "approximate: %s", bad.text);
    else
        analytic_note(e,
                      "exact: the first disaster, exponential, is seen only before the job's "
                      "fixed end L (no other failure can move it), at most one a trial (the rto "
                      "outlasts the horizon); copies start every P, a new checkpoint in each "
                      "period, and land w later; the mean over the disasters of site_copy_age_h");
}

void analytic_add_domains(const analytic_facts *f, analytic_list *l)
{
    const scn *s = f->s;
    if (!s->ndomain && !s->has_site) return;
    add_chain_availability(f, l);
    add_no_interruption(f, l);
    if (s->has_site && s->has_job) add_copy_age(f, l);
}
