/*
 * xcheck: the closed-form cross-check, an analytic.csv row that estimates a simulated mean,
 * judged by stat_agree (analysis/stat.h), the verdict relsim run prints.
 */
#include "analysis/report/report_int.h"

#include <math.h>
#include <string.h>

static int fit_rank(const char *fit)
{
    static const char *const order[] = {"exact", "approximate", "coarse", "n/a"};
    for (int i = 0; i < 4; i++)
        if (strcmp(fit, order[i]) == 0) return i;
    return 4;
}

void report_xrow_get(const rscn *s, int r, xrow *x)
{
    const table *t = &s->an;
    x->quantity = report_table_cell(t, r, report_table_col(t, "quantity"));
    x->fit = report_table_cell(t, r, report_table_col(t, "fit"));
    x->metric = report_table_cell(t, r, report_table_col(t, "metric"));
    x->formula = report_table_cell(t, r, report_table_col(t, "formula"));
    x->reference = report_table_cell(t, r, report_table_col(t, "reference"));
    x->note = report_table_cell(t, r, report_table_col(t, "note"));
    if (report_parse_num(report_table_cell(t, r, report_table_col(t, "value")), &x->value))
        x->value = NAN;
    x->k = report_metric(x->metric);
    x->applies = strcmp(x->fit, "n/a") != 0 && !isnan(x->value);
    x->compared = 0;
    x->v = (stat_verdict){STAT_UNDECIDED, NAN, NAN};
    x->rel = NAN;
    if (!x->applies || x->k < 0 || !s->m[x->k].ok) return;
    const msum *m = &s->m[x->k];
    x->compared = 1;
    x->v = stat_agree(m->mean, m->sd, m->n, x->value);
    if (x->value != 0) x->rel = (m->mean - x->value) / fabs(x->value);
}

/* The most exact row for a metric (exact, approximate, coarse, n/a; the first of equals), as
 * relsim run chooses it; 0 if none. */
int report_xrow_best(const rscn *s, int k, xrow *best)
{
    int found = 0, rank = 99;
    if (!s->have_an) return 0;
    for (int r = 1; r < s->an.nrows; r++) {
        xrow x;
        report_xrow_get(s, r, &x);
        if (x.k != k || fit_rank(x.fit) >= rank) continue;
        rank = fit_rank(x.fit);
        *best = x;
        found = 1;
    }
    return found;
}

xcount report_xcheck_counts(const rscn *s)
{
    xcount c = {0, 0, 0, 0, NAN};
    if (!s->have_an) return c;
    for (int r = 1; r < s->an.nrows; r++) {
        xrow x;
        report_xrow_get(s, r, &x);
        if (!x.compared) continue;
        if (strcmp(x.fit, "exact") != 0) {
            c.approx++;
            /* a duration under 0.1% of the trial (a spare wait of 36 s in 855 h) has no
             * meaningful relative difference: -100% of nothing is not news */
            const msum *m = x.k >= 0 ? &s->m[x.k] : NULL;
            double span = s->m[METRIC_makespan_h].ok ? s->m[METRIC_makespan_h].mean : NAN;
            int tiny = m && metric_table[x.k].kind == METRIC_KIND_HOURS && span > 0 &&
                       fmax(fabs(x.value), fabs(m->mean)) < 1e-3 * span;
            if (!tiny && !isnan(x.rel) && !(fabs(x.rel) <= fabs(c.approx_max_rel)))
                c.approx_max_rel = x.rel;
        } else if (x.v.verdict == STAT_AGREES)
            c.agree++;
        else if (x.v.verdict == STAT_DISAGREES)
            c.disagree++;
        else
            c.undecided++;
    }
    return c;
}
