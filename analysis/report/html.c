/*
 * html: report.html, one self-contained page: the style sheet inline (analysis/report/report.css,
 * embedded by make as report_css), the summary table ranked by goodput with the few facts a
 * reader should take away, how to read it, then a section per scenario (html_scenario.c).
 */
#include "analysis/report/report_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void report_html_badge(FILE *f, report_status st)
{
    const char *cls = st == REPORT_RAN ? "b-ran" : st == REPORT_UP_TO_DATE ? "b-up" : "b-failed";
    fprintf(f, "<span class=\"badge %s\">%s</span>", cls, report_status_word(st));
}

/* A mean with its CI below: "0.9828" then "± 0.0005". */
static void td_mean_ci(FILE *f, const msum *m, int dec)
{
    char a[64], b[64];
    if (!m->ok) {
        fputs("<td class=\"num muted\">\u2014</td>", f);
        return;
    }
    fprintf(f,
            "<td class=\"num\"><b>%s</b><span class=\"ci\" title=\"95%% CI [%.*f, "
            "%.*f]\">%s</span></td>",
            report_fmt_num(a, sizeof a, m->mean, dec), dec + 1, m->lo, dec + 1, m->hi,
            report_fmt_half(b, sizeof b, m, dec));
}

/* The badge counts the kinds apart: the exact forms' verdicts (a disagreement first), then the
 * approximate ones with how far the farthest is, never a pass or a fail for those. */
static void check_cell(FILE *f, const rscn *s)
{
    xcount c = report_xcheck_counts(s);
    int exact = c.agree + c.disagree + c.undecided;
    if (!s->have_an) {
        fputs("<td class=\"muted\">not available</td>", f);
        return;
    }
    if (!exact && !c.approx) {
        fputs("<td class=\"muted\">none applies</td>", f);
        return;
    }
    fputs("<td>", f);
    if (c.disagree)
        fprintf(f, "<span class=\"bad\">\u2717 DISAGREES</span><span class=\"ci\">%d of %d exact",
                c.disagree, exact);
    else if (c.undecided)
        fprintf(f,
                "<span class=\"muted\">undecided</span><span class=\"ci\">%d of %d exact: no "
                "standard error",
                c.undecided, exact);
    else if (exact)
        fprintf(f, "<span class=\"ok\">\u2713 agrees</span><span class=\"ci\">%d exact", exact);
    else
        fputs("<span class=\"muted\">approximate only</span><span class=\"ci\">", f);
    if (c.approx && !isnan(c.approx_max_rel))
        fprintf(f, "%s%d approximate, up to %+.1f%%", exact ? "; " : "", c.approx,
                100 * c.approx_max_rel);
    else if (c.approx)
        fprintf(f, "%s%d approximate", exact ? "; " : "", c.approx);
    fputs("</span></td>", f);
}

/* The few facts a reader should take away, in sentences. */
static void html_highlights(FILE *f, rscn *const *ord, int n)
{
    const rscn *best = NULL, *worst = NULL, *low = NULL;
    int njob = 0, nfail = 0, nincomplete = 0;
    char a[64], b[64];
    for (int i = 0; i < n; i++) {
        const rscn *s = ord[i];
        nfail += s->group == G_FAILED;
        nincomplete += s->group != G_FAILED && s->nprob > 0;
        if (s->group == G_JOB) {
            if (!best) best = s;
            worst = s;
            njob++;
        }
        if ((s->group == G_JOB || s->group == G_HARDWARE) &&
            (!low || s->m[METRIC_availability].mean < low->m[METRIC_availability].mean))
            low = s;
    }
    fputs("<ul class=\"highlights\">", f);
    if (best) {
        fprintf(f, "<li>%s goodput: <a href=\"#s-%d\"><b>", njob > 1 ? "Highest" : "Goodput",
                best->order + 1);
        report_html_esc(f, best->name);
        fprintf(f, "</b></a>, %s: %.1f%% of its time to finish went into useful work.</li>",
                report_fmt_num(a, sizeof a, best->m[METRIC_goodput].mean, 4),
                100 * best->m[METRIC_goodput].mean);
    }
    if (worst && njob > 1) {
        fprintf(f, "<li>Lowest goodput: <a href=\"#s-%d\"><b>", worst->order + 1);
        report_html_esc(f, worst->name);
        /* each share from the quantity it names: the mean hours of each over the mean
         * makespan */
        double span = worst->m[METRIC_makespan_h].mean;
        double lost = worst->m[METRIC_lost_h].mean, ck = worst->m[METRIC_checkpoint_h].mean,
               rs = worst->m[METRIC_restart_h].mean, down = worst->m[METRIC_down_h].mean,
               wait = worst->m[METRIC_wait_spare_h].mean;
        fprintf(f,
                "</b></a>, %s: of its time, %.1f%% was work lost to failures, %.1f%% "
                "checkpoints, %.1f%% restores, %.1f%% detection and failover and %.1f%% waiting "
                "for a repaired node.</li>",
                report_fmt_num(a, sizeof a, worst->m[METRIC_goodput].mean, 4), 100 * lost / span,
                100 * ck / span, 100 * rs / span, 100 * (down - wait) / span, 100 * wait / span);
    }
    if (low) {
        fprintf(f, "<li>Lowest availability: <a href=\"#s-%d\"><b>", low->order + 1);
        report_html_esc(f, low->name);
        fprintf(f, "</b></a>, %s: a node missing %s.</li>",
                report_fmt_num(a, sizeof a, low->m[METRIC_availability].mean,
                               report_avail_decimals(low->m[METRIC_availability].mean)),
                report_fmt_downtime(b, sizeof b, low));
    }
    for (int i = 0; i < n; i++) {
        if (!report_xcheck_counts(ord[i]).disagree) continue;
        fprintf(f,
                "<li class=\"bad\">A closed form that must hold exactly DISAGREES with the "
                "simulation of <a href=\"#s-%d\">",
                ord[i]->order + 1);
        report_html_esc(f, ord[i]->name);
        fputs("</a>: its results are in doubt.</li>", f);
    }
    if (nfail)
        fprintf(f, "<li class=\"bad\">%d scenario%s failed to run: the message%s below.</li>",
                nfail, nfail == 1 ? "" : "s", nfail == 1 ? " is" : "s are");
    if (nincomplete)
        fprintf(f,
                "<li>%d scenario%s incomplete results (missing or unreadable files): see "
                "%s section.</li>",
                nincomplete, nincomplete == 1 ? " has" : "s have",
                nincomplete == 1 ? "its" : "their");
    fputs("</ul>\n", f);
}

static void html_summary(FILE *f, rscn *const *ord, int n)
{
    fputs("<section class=\"card\" id=\"summary\"><h2>Summary</h2>\n", f);
    html_highlights(f, ord, n);
    fputs("<p class=\"small\">Ranked by goodput; scenarios without a job (goodput 0) after, by "
          "availability. Means over the simulated trials; the small figure under each is the "
          "half-width of its 95% confidence interval.</p>\n"
          "<table id=\"summary-table\"><thead><tr><th class=\"num\">#</th><th>Scenario</th>"
          "<th>Status</th><th class=\"num\">Goodput</th><th class=\"num\">Availability</th>"
          "<th class=\"num\">Downtime</th><th class=\"num\">Time to finish</th>"
          "<th class=\"num\">Failures / run</th><th>Closed forms</th></tr></thead><tbody>\n",
          f);
    char a[64], b[64];
    for (int i = 0; i < n; i++) {
        const rscn *s = ord[i];
        const report_entry *e = s->e;
        fprintf(f, "<tr%s>", s->group == G_FAILED ? " class=\"failed\"" : "");
        if (s->rank)
            fprintf(f, "<td class=\"num\">%d</td>", s->rank);
        else
            fputs("<td class=\"num muted\">\u2014</td>", f);
        fprintf(f, "<td><a href=\"#s-%d\">", s->order + 1);
        report_html_esc(f, s->name[0] ? s->name : "(unnamed)");
        fputs("</a>", f);
        if (e->file && strcmp(report_base_name(e->file), s->name) != 0) {
            fputs("<span class=\"file\" title=\"", f);
            report_html_esc(f, e->file);
            fputs("\">", f);
            report_html_esc(f, report_base_name(e->file));
            fputs("</span>", f);
        }
        fputs("</td><td>", f);
        report_html_badge(f, e->status);
        fputs("</td>", f);
        if (s->group == G_FAILED) {
            fputs("<td colspan=\"6\"><div class=\"msg\">", f);
            report_html_esc(f, e->message && e->message[0] ? e->message : "(no message)");
            fputs("</div></td></tr>\n", f);
            continue;
        }
        if (s->group == G_NODATA) {
            fputs("<td colspan=\"6\" class=\"muted\">Results incomplete: ", f);
            report_html_esc(f, s->nprob ? s->prob[0] : "no summary");
            fputs("</td></tr>\n", f);
            continue;
        }
        if (s->group == G_HARDWARE)
            fputs("<td class=\"num muted\">no job</td>", f);
        else
            td_mean_ci(f, &s->m[METRIC_goodput], 4);
        td_mean_ci(f, &s->m[METRIC_availability],
                   report_avail_decimals(s->m[METRIC_availability].mean));
        fprintf(f, "<td class=\"num\">%s</td>", report_fmt_downtime(a, sizeof a, s));
        if (s->group == G_HARDWARE)
            fprintf(f, "<td class=\"num muted\">horizon %s h</td>",
                    report_fmt_hours(a, sizeof a, report_mean_of(s, METRIC_makespan_h)));
        else if (!report_all_completed(s))
            fprintf(f, "<td class=\"num\">%s<span class=\"ci\">by the horizon</span></td>",
                    report_fmt_finish(a, sizeof a, s));
        else if (s->m[METRIC_makespan_h].ok)
            fprintf(f, "<td class=\"num\">%s h<span class=\"ci\">%s</span></td>",
                    report_fmt_hours(a, sizeof a, s->m[METRIC_makespan_h].mean),
                    report_fmt_half(b, sizeof b, &s->m[METRIC_makespan_h], 1));
        else
            fputs("<td class=\"num muted\">\u2014</td>", f);
        fprintf(f, "<td class=\"num\">%s</td>",
                report_fmt_count(a, sizeof a, report_mean_of(s, METRIC_failures)));
        check_cell(f, s);
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table></section>\n", f);
}

static void html_legend(FILE *f)
{
    fputs(
        "<section class=\"card\" id=\"legend\"><h2>How to read this report</h2>"
        "<div class=\"legend\">"
        "<p><b>Goodput</b>: the share of all the time of all the trials that went into "
        "computation that was kept: all the useful work \u00f7 all the time (summary.csv's "
        "<code>goodput</code>; <code>goodput_per_trial_mean</code> beside it is the mean of "
        "each trial's own ratio, which weighs a short trial as much as a long one). 1 would be "
        "a job that never failed and never checkpointed; 0.95 means 5% of the time was lost "
        "to failures and their handling. Computation not yet saved when a trial meets its "
        "horizon is not useful work. Sweeps compare points by the per-trial mean, on paired "
        "trials.</p>"
        "<p><b>Availability</b>: the share of time during which every node slot of the cluster "
        "held a working node. <b>Downtime per year</b> = (1 \u2212 availability) \u00d7 8,760 h: "
        "the hours a year the cluster would be short of a node at this rate, shown for trials "
        "of a month or more; a shorter window shows its own downtime (\u201c2.1 h in 100 h\u201d), "
        "not a year extrapolated from it. <b>Time to finish</b> is the mean makespan when "
        "every trial completed; otherwise the share of trials that completed by the horizon "
        "is shown, with the work done by then.</p>"
        "<p><b>95% CI</b>: the simulation runs many random trials; the true mean lies within "
        "\u00b1 the half-width shown with 95% confidence. More trials make it narrower. "
        "Differences smaller than the CIs are not meaningful.</p>"
        "<p><b>Closed forms</b>: published formulas (Daly 2006, the repairman chain, ...) "
        "computed independently of the simulation. An <i>exact</i> one must agree within 4 "
        "standard errors (more with few trials, whose standard error is itself uncertain; "
        "<i>undecided</i> with fewer than 2), or the simulation is in doubt; an "
        "<i>approximate</i> one is shown with how far it is and the reason it is approximate: "
        "no pass or fail.</p>"
        "</div></section>\n",
        f);
}

void report_html_write(FILE *f, rscn *const *ord, int n, const report_info *info, const char *date,
                       double total_wall)
{
    int nran = 0, nup = 0, nfail = 0;
    for (int i = 0; i < n; i++) {
        nran += ord[i]->e->status == REPORT_RAN;
        nup += ord[i]->e->status == REPORT_UP_TO_DATE;
        nfail += ord[i]->e->status == REPORT_FAILED;
    }
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "img-src data:; style-src 'unsafe-inline'\">\n"
          "<link rel=\"icon\" href=\"data:,\">\n",
          f);
    fprintf(f, "<title>relsim report, %s</title>\n<style>\n%s</style></head><body>\n", date,
            report_css);
    fprintf(f,
            "<header class=\"top\"><div class=\"wrap\"><h1>Cluster reliability report</h1>"
            "<div class=\"sub\">relsim %s \u00b7 batch of %s \u00b7 %d scenario%s",
            RELSIM_VERSION, date, n, n == 1 ? "" : "s");
    char w[64];
    if (info && !isnan(info->wall_s) && info->wall_s >= 0)
        fprintf(f, " \u00b7 total wall time %s", report_fmt_wall(w, sizeof w, info->wall_s));
    if (info && info->threads > 0)
        fprintf(f, " \u00b7 %d thread%s", info->threads, info->threads == 1 ? "" : "s");
    fputs("</div>\n", f);
    if (info && info->command) {
        fputs("<div class=\"cmd\">$ ", f);
        report_html_esc(f, info->command);
        fputs("</div>\n", f);
    }
    fprintf(f,
            "<div class=\"stats\"><span class=\"stat\"><b>%d</b>ran</span><span "
            "class=\"stat\"><b>%d</b>up to date</span><span class=\"stat%s\"><b>%d</b>failed"
            "</span><span class=\"stat\"><b>%s</b>of computing behind these results</span>"
            "</div></div></header>\n<main class=\"wrap\">\n",
            nran, nup, nfail ? " alert" : "", nfail, report_fmt_wall(w, sizeof w, total_wall));
    html_summary(f, ord, n);
    html_legend(f);
    for (int i = 0; i < n; i++)
        report_html_scenario(f, ord[i]);
    fprintf(f,
            "</main><footer class=\"wrap\">Written by relsim %s from the files in this "
            "directory (report.csv, report.md beside it). Every figure is a mean over Monte "
            "Carlo trials.</footer>\n</body></html>\n",
            RELSIM_VERSION);
}
