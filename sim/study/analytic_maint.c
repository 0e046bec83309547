/*
 * analytic_maint: the closed forms of planned maintenance ([maintenance], docs/model.md "Planned
 * maintenance"): how many maintenances a trial starts and how long some slot is down for them.
 *
 * Scope all: maintenance k is due at t_k = start + k every in wall time, whatever fails, and lasts
 * D_k, drawn afresh; one that is still running when the next falls due makes it skip. Over a
 * trial of fixed length T (no job, or a horizon that always stops the job) the maintenances are
 * the t_k <= T (an event at the horizon runs), and maintenance_h = sum_k E[min(D, T - t_k)] =
 * sum_k integral_0^{T - t_k} S_D(x) dx; both exact when D < every surely (no skip), for any
 * failures. Rolling: slot i's turn in period k falls at start + k every + i every / N and is
 * taken only if the slot is up, so failures move the count; without failures each turn takes
 * the slot down for the failover time (a spare in the pool) or D + failover (none: the slot
 * waits for its own node), when turns do not overlap: approximate.
 */
#include "sim/study/analytic_int.h"

#include <gsl/gsl_integration.h>

static double survival_of(double x, void *arg)
{
    return dist_survival(arg, x);
}

/* E[min(D, x)] = integral_0^x S_D: E[D] once the tail beyond x cannot matter. */
static double mean_min(const dist *d, double x)
{
    if (x <= 0) return 0;
    if (d->kind == DIST_FIXED) return fmin(d->p1, x);
    if (dist_survival(d, x) < 1e-15) return dist_mean(d);
    gsl_integration_workspace *w = gsl_integration_workspace_alloc(200);
    if (!w) return NAN;
    gsl_function fn = {survival_of, (void *)d};
    double r = NAN, err;
    if (gsl_integration_qags(&fn, 0, x, 0, 1e-10, 200, w, &r, &err)) r = NAN;
    gsl_integration_workspace_free(w);
    return r;
}

void analytic_add_maint(const analytic_facts *f, analytic_list *l)
{
    const scn *s = f->s;
    if (!s->has_maint) return;
    char a[32], b[32], c[32];
    double T = f->trial_h, every = s->maint_every, start = s->maint_start;
    const dist *D = &s->maint_duration;
    double ED = dist_mean(D), skip = dist_survival(D, every);
    if (!isfinite(T) || !(T > 0)) {
        analytic_entry *e = analytic_add(l, "maintenances", NAN, ANALYTIC_NONE, "maintenances",
                                         "relsim's maintenance model, docs/model.md");
        analytic_note(e, "does not apply: the trial's length is not known (no horizon, and no "
                         "closed form of the makespan)");
        return;
    }
    double due = T >= start ? floor((T - start) / every) + 1 : 0;
    /* the last due time at or before T, as the simulator computes it */
    while (due > 0 && start + (due - 1) * every > T)
        due--;
    if (!s->maint_rolling) {
        double down = 0;
        for (double k = 0; k < due; k++)
            down += mean_min(D, T - (start + k * every));
        analytic_reasons bad = {0};
        if (!f->trial_fixed)
            analytic_reason(&bad, "the trial's length is the job's makespan, not fixed (its "
                                  "mean is used)");
        if (skip > 0)
            analytic_reason(&bad,
                            "a duration longer than every (probability %.3g) skips the "
                            "next maintenance",
                            skip);
        analytic_fit fit = bad.n ? ANALYTIC_APPROXIMATE : ANALYTIC_EXACT;
        analytic_entry *e = analytic_add(l, "maintenances", due, fit, "maintenances",
                                         "relsim's maintenance model, docs/model.md");
        analytic_formula(e, "#{k : start + k every <= T} = floor((%s - %s) / %s) + 1",
                         analytic_hours(T, a, sizeof a), analytic_hours(start, b, sizeof b),
                         analytic_hours(every, c, sizeof c));
        if (bad.n)
            analytic_note(e, "approximate: %s", bad.text);
        else
            analytic_note(e, "exact: scope all is due at fixed wall times whatever fails, and "
                             "each ends before the next is due");
        e = analytic_add(l, "maintenance_h", down, fit, "maintenance_h",
                         "relsim's maintenance model, docs/model.md");
        analytic_formula(e, "sum_k E[min(D, T - t_k)], t_k = start + k every, E[D] = %s",
                         analytic_hours(ED, a, sizeof a));
        if (bad.n)
            analytic_note(e, "approximate: %s", bad.text);
        else
            analytic_note(e, "exact: the cluster is down for maintenance D_k from each t_k, cut "
                             "at the trial's end; (1 - E[D] / every) of the whole periods up "
                             "when nothing fails");
        return;
    }
    double per = f->fo_mean + (s->spares ? 0 : ED);
    double turns = T >= start ? floor((T - start) / (every / s->nodes)) + 1 : 0;
    analytic_entry *e = analytic_add(l, "maintenances", turns, ANALYTIC_APPROXIMATE, "maintenances",
                                     "relsim's maintenance model, docs/model.md");
    analytic_formula(e, "turns due by T: floor((T - start) / (every / nodes)) + 1, T = %s",
                     analytic_hours(T, a, sizeof a));
    analytic_note(e, "approximate: the turns due; a turn whose slot is not up (failed, being "
                     "swapped, its domain down) is skipped (maintenances_skipped)");
    e = analytic_add(l, "maintenance_h", turns * per, ANALYTIC_APPROXIMATE, "maintenance_h",
                     "relsim's maintenance model, docs/model.md");
    analytic_formula(e, "turns x %s = turns x %s",
                     s->spares ? "E[failover]" : "(E[D] + E[failover])",
                     analytic_hours(per, a, sizeof a));
    analytic_note(e, "approximate: each turn takes its slot down for the failover (a spare in "
                     "the pool) or the duration and the failover (no spare), when turns do not "
                     "overlap and nothing fails; the last turns cut at the trial's end are "
                     "counted whole");
}
