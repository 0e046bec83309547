/*
 * analytic_tiers: the closed forms of a job checkpointing to storage tiers ([tier.NAME]): the
 * multi-level chain (cf_levels_makespan) when every tier is written synchronously, the
 * asynchronous chain (cf_async_makespan) for one asynchronous tier, and when each is exact.
 */
#include "sim/study/analytic_int.h"

#define REF_LEVELS                                                                                 \
    "Vaidya 1998, IEEE TC 47(6); Moody et al. SC'10; Di et al. TPDS 28(1) 2017: the multi-level "  \
    "chain, solved as a linear system (models/cf.h)"
#define REF_ASYNC "asynchronous checkpoint chain, commit to commit (models/cf.h)"

/* The time a checkpoint m stalls the job, on average: its tier's cost or snapshot. */
static double stall_of(const scn *s, uint64_t m)
{
    int due = 0;
    for (int i = 1; i < s->ntier; i++)
        if (m % s->tier[i].every == 0) due = i;
    const scn_tier *t = &s->tier[due];
    return dist_mean(t->async ? &t->snapshot : &t->cost);
}

void analytic_gather_tiers(const scn *s, analytic_facts *f)
{
    double sum = 0;
    uint64_t n = (uint64_t)f->nck;
    for (uint64_t m = 1; m <= n; m++)
        sum += stall_of(s, m);
    f->d = n ? sum / (double)n : dist_mean(&s->tier[0].cost);
    f->d_eff = f->d;
    f->R = dist_mean(&s->tier[0].restore_cost);
    f->ckpt_fixed = f->rst_fixed = 1;
    for (int i = 0; i < s->ntier; i++) {
        f->ckpt_fixed &= s->tier[i].cost.kind == DIST_FIXED;
        f->rst_fixed &= s->tier[i].restore_cost.kind == DIST_FIXED;
    }
    f->tff = f->W + sum;
}

/* A failure of reach level `level` destroys tier t's copies (partner and xor copies counted as
 * surviving it: one node lost at a time). */
static int destroys(const scn_tier *t, int level)
{
    if (t->lost_on > level) return 0;
    return !(level == SCN_LOST_NODE && t->redundancy != SCN_REDUNDANCY_SINGLE);
}

double analytic_add_tiers(const analytic_facts *f, analytic_list *l)
{
    const scn *s = f->s;
    char a[32], b[32];
    analytic_reasons bad = {{0}, 0};
    /* two classes of failures: process reach (restart in place) and node reach */
    double lam[2] = {0, 0}, ttr[2] = {0, 0};
    for (int i = 0; i < s->ncomp; i++) {
        const scn_component *c = &s->comp[i];
        double rate = (double)c->count / dist_mean(&c->ttf);
        int k = c->reach == SCN_REACH_PROCESS ? 0 : 1;
        lam[k] += rate * f->N;
        ttr[k] += rate * f->N * dist_mean(&c->ttr);
    }
    double down[2];
    down[0] = f->det_mean + (lam[0] > 0 ? ttr[0] / lam[0] : 0);
    down[1] = f->det_mean + f->fo_mean + (f->S == 0 && lam[1] > 0 ? ttr[1] / lam[1] : 0);
    if (f->nonexp >= 0)
        analytic_reason(&bad, "%s is not exponential: failures are not a Poisson process",
                        f->kinds[f->nonexp]);
    if (f->N > 1 && (down[0] > 0 || down[1] > 0))
        analytic_reason(&bad,
                        "%g slots: others fail during a down time (and destroy copies), which the "
                        "chain leaves out",
                        f->N);
    if (f->S > 0 && lam[1] > 0)
        analytic_reason(&bad, "spares can run out while nodes are in repair: those waits are "
                              "not in the down time");
    if (!f->ckpt_fixed || !f->rst_fixed)
        analytic_reason(&bad, "a tier's cost or restore_cost is random (the chain takes its mean)");
    int async = 0;
    for (int i = 0; i < s->ntier; i++) {
        const scn_tier *t = &s->tier[i];
        if (t->has_outage)
            analytic_reason(&bad, "tier %s goes down (ttf, ttr): skipped writes and waits are "
                                  "not in the chain",
                            t->name);
        if (t->redundancy != SCN_REDUNDANCY_SINGLE)
            analytic_reason(&bad,
                            "tier %s has %s copies, counted as surviving every node failure (two "
                            "at once are not)",
                            t->name, t->redundancy == SCN_REDUNDANCY_PARTNER ? "partner" : "xor");
        async |= t->async;
        if (t->async && (t->snapshot.kind != DIST_FIXED || t->write_time.kind != DIST_FIXED))
            analytic_reason(&bad, "tier %s's snapshot or write_time is random", t->name);
    }
    double E = NAN;
    analytic_entry *e;
    if (!async) {
        unsigned every[SCN_MAX_TIERS], mask[2] = {0, 0};
        double cost[SCN_MAX_TIERS], rst[SCN_MAX_TIERS];
        for (int i = 0; i < s->ntier; i++) {
            every[i] = s->tier[i].every;
            cost[i] = dist_mean(&s->tier[i].cost);
            rst[i] = dist_mean(&s->tier[i].restore_cost);
            mask[0] |= (unsigned)destroys(&s->tier[i], SCN_LOST_PROCESS) << i;
            mask[1] |= (unsigned)destroys(&s->tier[i], SCN_LOST_NODE) << i;
        }
        cf_levels c = {(unsigned)s->ntier, every, cost, rst, 2, lam, down, mask};
        E = cf_levels_makespan(f->W, f->tau, &c);
        e = analytic_add(l, "levels_makespan_h", E,
                         isnan(E)       ? ANALYTIC_NONE
                         : bad.n == 0 ? ANALYTIC_EXACT
                                      : ANALYTIC_APPROXIMATE,
                         "makespan_h", REF_LEVELS);
        analytic_formula(e,
                         "Y(0) of the chain over (last restore, position, tiers destroyed): %d "
                         "tiers, process failures every %s and node failures every %s on average",
                         s->ntier, analytic_hours(lam[0] > 0 ? 1 / lam[0] : INFINITY, a, sizeof a),
                         analytic_hours(lam[1] > 0 ? 1 / lam[1] : INFINITY, b, sizeof b));
        if (isnan(E))
            analytic_note(e, "does not apply: more than %u segments, or no solution",
                          CF_LEVELS_MAX_SEGMENTS);
    } else if (s->ntier == 1) {
        const scn_tier *t = &s->tier[0];
        double L = lam[0] + lam[1], D = L > 0 ? (lam[0] * down[0] + lam[1] * down[1]) / L : 0;
        if (lam[0] > 0 && lam[1] > 0 && fabs(down[0] - down[1]) > 1e-12 * fmax(down[0], down[1]))
            analytic_reason(&bad, "process and node failures have different down times (the "
                                  "chain takes their failure-weighted mean)");
        if (t->lost_on <= SCN_LOST_NODE && destroys(t, t->lost_on))
            analytic_reason(&bad, "failures destroy the tier's copies: the job starts again, "
                                  "which the chain leaves out");
        E = L > 0 ? cf_async_makespan(f->W, f->tau, dist_mean(&t->snapshot),
                                      dist_mean(&t->write_time), D, dist_mean(&t->restore_cost),
                                      1 / L)
                  : f->tff;
        e = analytic_add(l, "async_makespan_h", E,
                         isnan(E)       ? ANALYTIC_NONE
                         : bad.n == 0 ? ANALYTIC_EXACT
                                      : ANALYTIC_APPROXIMATE,
                         "makespan_h", REF_ASYNC);
        analytic_formula(e,
                         "sum over commits of (M + D) e^((R + w)/M) (e^((tau + s)/M) - 1), the "
                         "first and last adjusted; snapshot %s, write %s",
                         analytic_hours(dist_mean(&t->snapshot), a, sizeof a),
                         analytic_hours(dist_mean(&t->write_time), b, sizeof b));
        if (isnan(E))
            analytic_note(e, "does not apply: the write is longer than the interval (the job "
                             "waits for it)");
    } else {
        e = analytic_add(l, "levels_makespan_h", NAN, ANALYTIC_NONE, "makespan_h", REF_LEVELS);
        analytic_note(e, "does not apply: asynchronous writes with several tiers have no closed "
                         "form here");
        return NAN;
    }
    if (bad.n && !isnan(E)) analytic_note(e, "approximate: %s", bad.text);
    if (!isnan(E)) {
        analytic_entry *g = analytic_add(l, "goodput", f->W / E, ANALYTIC_APPROXIMATE, "goodput",
                                         async ? REF_ASYNC : REF_LEVELS);
        analytic_formula(g, "W / E[makespan] = %s / %s", analytic_hours(f->W, a, sizeof a),
                         analytic_hours(E, b, sizeof b));
        analytic_note(g, "a ratio of expectations: it estimates the ratio of the totals");
    }
    return E;
}
