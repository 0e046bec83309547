/*
 * md: report.md, the summary table as GitHub markdown and a list of the scenarios with links to
 * their files relative to OUT, for pasting into tickets.
 */
#include "analysis/report/report_int.h"

#include <math.h>
#include <stdio.h>

static void md_mean_ci(FILE *f, const msum *m, int dec)
{
    char a[64], b[64];
    if (!m->ok)
        fputs(" \u2014 |", f);
    else
        fprintf(f, " %s %s |", report_fmt_num(a, sizeof a, m->mean, dec),
                report_fmt_half(b, sizeof b, m, dec));
}

static void md_link(FILE *f, const char *dir, const char *file)
{
    fprintf(f, "[%s](", file);
    report_url(f, dir, file);
    fputs(")", f);
}

void report_md_write(FILE *f, rscn *const *ord, int n, const report_info *info, const char *date)
{
    char a[64];
    fprintf(f, "# relsim report, %s\n\n", date);
    fprintf(f, "relsim %s, %d scenario%s", RELSIM_VERSION, n, n == 1 ? "" : "s");
    if (info && !isnan(info->wall_s) && info->wall_s >= 0)
        fprintf(f, ", total wall time %s", report_fmt_wall(a, sizeof a, info->wall_s));
    fputs(".", f);
    if (info && info->command) {
        fputs(" Command: ", f);
        report_md_esc(f, info->command);
    }
    fputs("\n\n| # | Scenario | Status | Goodput (\u00b1 95% CI) | Availability (\u00b1 95% CI) | "
          "Downtime | Time to finish | Failures / run | Closed forms |\n"
          "|---:|---|---|---:|---:|---:|---:|---:|---|\n",
          f);
    for (int i = 0; i < n; i++) {
        const rscn *s = ord[i];
        if (s->rank)
            fprintf(f, "| %d | ", s->rank);
        else
            fputs("| \u2014 | ", f);
        report_md_esc(f, s->name[0] ? s->name : "(unnamed)");
        fputs(" | ", f);
        fputs(report_status_word(s->e->status), f);
        fputs(" |", f);
        if (s->group == G_FAILED) {
            fputs(" \u2014 | \u2014 | \u2014 | \u2014 | \u2014 | ", f);
            report_md_esc(f, s->e->message ? s->e->message : "");
            fputs(" |\n", f);
            continue;
        }
        if (s->group == G_NODATA) {
            fputs(" \u2014 | \u2014 | \u2014 | \u2014 | \u2014 | results incomplete: ", f);
            report_md_esc(f, s->nprob ? s->prob[0] : "no summary");
            fputs(" |\n", f);
            continue;
        }
        if (s->group == G_HARDWARE)
            fputs(" no job |", f);
        else
            md_mean_ci(f, &s->m[METRIC_goodput], 4);
        md_mean_ci(f, &s->m[METRIC_availability],
                   report_avail_decimals(s->m[METRIC_availability].mean));
        fprintf(f, " %s |", report_fmt_downtime(a, sizeof a, s));
        if (s->group == G_HARDWARE)
            fprintf(f, " horizon %s |",
                    report_fmt_hours(a, sizeof a, report_mean_of(s, METRIC_makespan_h)));
        else
            fprintf(f, " %s |", report_fmt_finish(a, sizeof a, s));
        fprintf(f, " %s |", report_fmt_count(a, sizeof a, report_mean_of(s, METRIC_failures)));
        xcount c = report_xcheck_counts(s);
        if (!s->have_an)
            fputs(" not available |\n", f);
        else {
            int exact = c.agree + c.disagree + c.undecided;
            char ap[64] = "";
            if (c.approx) {
                if (isnan(c.approx_max_rel))
                    snprintf(ap, sizeof ap, "%s%d approx.", exact ? "; " : "", c.approx);
                else
                    snprintf(ap, sizeof ap, "%s%d approx. up to %+.1f%%", exact ? "; " : "",
                             c.approx, 100 * c.approx_max_rel);
            }
            if (c.disagree)
                fprintf(f, " **DISAGREES** (%d of %d exact%s) |\n", c.disagree, exact, ap);
            else if (c.undecided)
                fprintf(f, " undecided (%d of %d exact: no standard error%s) |\n", c.undecided,
                        exact, ap);
            else if (exact)
                fprintf(f, " agrees (%d exact%s) |\n", exact, ap);
            else if (c.approx)
                fprintf(f, " approximate only (%s) |\n", ap);
            else
                fputs(" none applies |\n", f);
        }
    }
    fputs(
        "\nGoodput: all the useful work \u00f7 all the time of the trials. Availability: share of "
        "time with every node slot up; downtime per year = (1 \u2212 availability) \u00d7 8,760 "
        "h, for trials of a month or more (a shorter window shows its own downtime). Time to "
        "finish: the mean makespan, or the share of trials that completed by the horizon. "
        "Closed forms: exact ones get a verdict, approximate ones how far they are. \u00b1: "
        "half-width of the 95% confidence interval of the mean.\n\n## Scenarios\n\n",
        f);
    for (int i = 0; i < n; i++) {
        const rscn *s = ord[i];
        const report_entry *e = s->e;
        fputs("- **", f);
        report_md_esc(f, s->name[0] ? s->name : "(unnamed)");
        fputs("**", f);
        if (e->file) {
            fputs(" (", f);
            report_md_esc(f, e->file);
            fputs(")", f);
        }
        fprintf(f, ": %s", report_status_word(e->status));
        if (s->group == G_FAILED) {
            fputs(": ", f);
            report_md_esc(f, e->message ? e->message : "");
            fputs("\n", f);
            continue;
        }
        const record_file *r = s->rec;
        const char *tr = r ? record_get(r, RECORD_TRIALS) : NULL,
                   *sd = r ? record_get(r, RECORD_SEED) : NULL;
        if (tr && sd) {
            fputs(", ", f);
            report_md_esc(f, tr);
            fputs(" trials, seed ", f);
            report_md_esc(f, sd);
        }
        if (!isnan(s->wall_s)) fprintf(f, ", %.2f s", s->wall_s);
        if (e->dir) {
            fputs(". ", f);
            md_link(f, e->dir, "summary.csv");
            fputs(", ", f);
            md_link(f, e->dir, "summary.png");
            fputs(", ", f);
            md_link(f, e->dir, "analytic.csv");
            fputs(", ", f);
            md_link(f, e->dir, "run.txt");
        }
        if (e->sweep_dir) {
            fputs("; sweep: ", f);
            md_link(f, e->sweep_dir, "sweep.csv");
            fputs(", ", f);
            md_link(f, e->sweep_dir, "sweep.png");
        }
        fputs(".", f);
        if (s->nprob) {
            fputs(" Incomplete: ", f);
            for (int k = 0; k < s->nprob; k++) {
                if (k) fputs("; ", f);
                report_md_esc(f, s->prob[k]);
            }
            fputs(".", f);
        }
        fputs("\n", f);
    }
    fputs("\nThe full report, with pictures: [report.html](report.html); the numbers: "
          "[report.csv](report.csv).\n",
          f);
}
