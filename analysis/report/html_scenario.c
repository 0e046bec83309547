/*
 * html_scenario: the section of report.html for one scenario: its shape in one line, the key
 * figures, where the time went (and with [cost], where the money went), the closed-form
 * cross-check, the summary picture, the sweep and the run record.
 */
#include "analysis/report/report_int.h"
#include "models/unit.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void png_img(FILE *f, const char *data, size_t len, const char *alt)
{
    char chunk[4 * 1024 + 1];
    fputs("<img alt=\"", f);
    report_html_esc(f, alt);
    fputs("\" src=\"data:image/png;base64,", f);
    for (size_t i = 0; i < len; i += 3 * 1024) {
        size_t k = len - i < 3 * 1024 ? len - i : 3 * 1024;
        report_base64(data + i, k, chunk);
        fputs(chunk, f);
    }
    fputs("\">", f);
}

/* The scenario's shape in one line, from run.txt's body. */
static void html_facts(FILE *f, const rscn *s)
{
    const record_file *r = s->rec;
    if (!r) return;
    const record_entry *nodes = record_body_find(r, "cluster", "nodes"),
                       *sp = record_body_find(r, "cluster", "spares"),
                       *mode = record_body_find(r, "cluster", "spare_mode"),
                       *crews = record_body_find(r, "cluster", "repair_crews");
    fputs("<p class=\"facts\">", f);
    int first = 1;
#define SEP() (first ? (void)(first = 0) : (void)fputs(" \u00b7 ", f))
    if (nodes) {
        SEP();
        report_html_esc(f, nodes->value);
        fputs(strcmp(nodes->value, "1") == 0 ? " node" : " nodes", f);
        if (sp && strcmp(sp->value, "0") != 0) {
            fputs(" + ", f);
            report_html_esc(f, sp->value);
            fputc(' ', f);
            if (mode) {
                report_html_esc(f, mode->value);
                fputc(' ', f);
            }
            fputs(strcmp(sp->value, "1") == 0 ? "spare" : "spares", f);
        } else {
            fputs(", no spare", f);
        }
    }
    if (crews) {
        SEP();
        report_html_esc(f, crews->value);
        fputs(strcmp(crews->value, "1") == 0 ? " repair crew" : " repair crews", f);
    }
    int nc = 0;
    for (int i = 0; i < r->nbody; i++) {
        const char *sec = r->body[i].section;
        if (strncmp(sec, "component.", 10) != 0 ||
            (i > 0 && strcmp(r->body[i - 1].section, sec) == 0))
            continue;
        const record_entry *count = record_body_find(r, sec, "count");
        if (!nc++) {
            SEP();
            fputs("per node: ", f);
        } else {
            fputs(", ", f);
        }
        report_html_esc(f, count ? count->value : "1");
        fputs(" \u00d7 ", f);
        report_html_esc(f, sec + 10);
    }
    const char *mtbf = record_get(r, RECORD_SYSTEM_MTBF);
    double x;
    if (mtbf) {
        SEP();
        fputs("system MTBF ", f);
        if (sscanf(mtbf, "%lf", &x) == 1 && x > 0)
            fprintf(f, "%.4g h", x);
        else
            report_html_esc(f, mtbf);
    }
    const record_entry *work = record_body_find(r, "job", "work"),
                       *iv = record_body_find(r, "job", "checkpoint_interval"),
                       *hz = record_body_find(r, "scenario", "horizon");
    if (work) {
        SEP();
        fputs("job of ", f);
        report_html_esc(f, work->value);
        fputs(" of work", f);
        if (iv) {
            double h;
            char e[160], b[40];
            fputs(", checkpoint every ", f);
            if (unit_parse_duration(iv->value, &h, e, sizeof e) == 0)
                report_html_esc(f, unit_format_human(h, b, sizeof b));
            else
                report_html_esc(f, iv->value);
            if (iv->comment) {
                size_t w = strcspn(iv->comment, ",");
                fputs(" (", f);
                char word[40];
                snprintf(word, sizeof word, "%.*s", (int)(w < 39 ? w : 39), iv->comment);
                report_html_esc(f, word);
                fputs(")", f);
            }
        }
    } else {
        SEP();
        fputs("no job: the cluster alone", f);
    }
    if (hz) {
        SEP();
        fputs("horizon ", f);
        report_html_esc(f, hz->value);
    }
#undef SEP
    fputs("</p>\n", f);
}

/* The currency of the scenario's [cost] (run.txt's body), USD as the default. */
static const char *currency(const rscn *s)
{
    const record_entry *c = s->rec ? record_body_find(s->rec, "cost", "currency") : NULL;
    return c && c->value[0] ? c->value : "USD";
}

/* Below half a cent an amount is nothing (the rounding of a sum: a down time of 1e-16 h). */
#define MONEY_NOTHING 0.005

/* An amount of money: whole units with thousands separated from 100 on, else cents; NAN is an em
 * dash. */
static const char *fmt_money(char *buf, size_t n, double x)
{
    if (isnan(x)) {
        snprintf(buf, n, "\u2014");
    } else if (fabs(x) < MONEY_NOTHING) {
        snprintf(buf, n, "0.00");
    } else if (fabs(x) >= 1e15) {
        snprintf(buf, n, "%.3g", x);
    } else if (fabs(x) >= 100) {
        char digits[32];
        snprintf(digits, sizeof digits, "%.0f", fabs(x));
        size_t len = strlen(digits), o = 0;
        if (x < 0 && o + 1 < n) buf[o++] = '-';
        for (size_t i = 0; i < len && o + 1 < n; i++) {
            if (i > 0 && (len - i) % 3 == 0 && o + 1 < n) buf[o++] = ',';
            if (o + 1 < n) buf[o++] = digits[i];
        }
        buf[o] = '\0';
    } else {
        snprintf(buf, n, "%.2f", x);
    }
    return buf;
}

static void kpi(FILE *f, const char *label, const char *value, const char *sub)
{
    fputs("<div class=\"kpi\"><div class=\"l\">", f);
    report_html_esc(f, label);
    fputs("</div><div class=\"v\">", f);
    report_html_esc(f, value);
    fputs("</div><div class=\"s\">", f);
    report_html_esc(f, sub);
    fputs("</div></div>", f);
}

/* The figures of the rules a scenario uses beside failures: planned maintenance, the repair
 * pipeline and the fleet, a replayed trace (each only when its columns are there). */
static void html_rule_kpis(FILE *f, const rscn *s)
{
    char v[96], sub[256], a[64], b[64], c[64];
    double nm = report_mean_of(s, METRIC_maintenances);
    if (nm > 0) {
        snprintf(v, sizeof v, "%s", report_fmt_count(a, sizeof a, nm));
        snprintf(sub, sizeof sub, "per run, %s h with slots down for them; not in the failures",
                 report_fmt_hours(b, sizeof b, report_mean_of(s, METRIC_maintenance_h)));
        kpi(f, "Planned maintenances", v, sub);
    }
    double man = report_mean_of(s, METRIC_manual_repairs),
           bad = report_mean_of(s, METRIC_failed_repairs);
    if (!isnan(man) && !isnan(bad)) {
        snprintf(v, sizeof v, "%s / %s", report_fmt_count(a, sizeof a, man),
                 report_fmt_count(b, sizeof b, bad));
        kpi(f, "Manual / faulty repairs", v,
            "per run: manual repairs after a failed automatic one / repairs that did not fix "
            "the node");
    }
    double ret = report_mean_of(s, METRIC_retired);
    if (!isnan(ret)) {
        snprintf(v, sizeof v, "%s", report_fmt_count(a, sizeof a, ret));
        snprintf(sub, sizeof sub, "nodes retired per run, %s replaced; %s failures of lemons",
                 report_fmt_count(b, sizeof b, report_mean_of(s, METRIC_replacements)),
                 report_fmt_count(c, sizeof c, report_mean_of(s, METRIC_lemon_failures)));
        kpi(f, "Retired nodes", v, sub);
    }
    double tf = report_mean_of(s, METRIC_trace_failures);
    if (!isnan(tf)) {
        snprintf(v, sizeof v, "%s", report_fmt_count(a, sizeof a, tf));
        snprintf(sub, sizeof sub,
                 "per run, at the trace's times; %s skipped (their slot was down)",
                 report_fmt_count(b, sizeof b, report_mean_of(s, METRIC_trace_skipped)));
        kpi(f, "Replayed failures", v, sub);
    }
}

static void html_kpis(FILE *f, const rscn *s)
{
    char v[64], sub[160];
    fputs("<div class=\"kpis\">", f);
    const msum *g = &s->m[METRIC_goodput], *a = &s->m[METRIC_availability],
               *mk = &s->m[METRIC_makespan_h];
    if (s->has_job) {
        snprintf(sub, sizeof sub, "95%% CI %.4f \u2013 %.4f", g->lo, g->hi);
        kpi(f, "Goodput", report_fmt_num(v, sizeof v, g->mean, 4),
            g->ok && !isnan(g->lo) ? sub : "");
    }
    int ad = report_avail_decimals(a->mean);
    snprintf(sub, sizeof sub, "95%% CI %.*f \u2013 %.*f", ad, a->lo, ad, a->hi);
    kpi(f, "Availability", report_fmt_num(v, sizeof v, a->mean, ad),
        a->ok && !isnan(a->lo) ? sub : "");
    const msum *sa = &s->m[METRIC_service_availability];
    if (sa->ok) { /* a service: its availability as nines and minutes a year */
        double u = 1 - sa->mean;
        int sd = u > 0 ? (int)fmin(fmax(ceil(-log10(u)) + 2, 4), 9) : 4;
        if (u > 0)
            snprintf(sub, sizeof sub,
                     "%.1f nines, %.0f min per year down (95%% CI %.*f \u2013 %.*f)", -log10(u),
                     u * 525960, sd, sa->lo, sd, sa->hi);
        else
            snprintf(sub, sizeof sub, "no outage in any trial");
        kpi(f, "Service availability", report_fmt_num(v, sizeof v, sa->mean, sd), sub);
    }
    char h[64];
    if (!isnan(report_downtime_per_year(s))) {
        snprintf(v, sizeof v, "%s h", report_fmt_hours(h, sizeof h, report_downtime_per_year(s)));
        kpi(f, "Downtime per year", v, "short of a node, at this availability");
    } else {
        kpi(f, "Downtime in the window", report_fmt_downtime(v, sizeof v, s),
            "short of a node (a window under a month: no yearly figure)");
    }
    if (s->has_job && !report_all_completed(s)) {
        kpi(f, "Completed", report_fmt_finish(v, sizeof v, s), "of the trials, by the horizon");
        snprintf(v, sizeof v, "%s h",
                 report_fmt_hours(h, sizeof h, report_mean_of(s, METRIC_useful_h)));
        char w[64];
        snprintf(sub, sizeof sub, "of computation kept, in %s h",
                 report_fmt_hours(w, sizeof w, mk->mean));
        kpi(f, "Work done by the horizon", v, sub);
    } else if (s->has_job) {
        snprintf(v, sizeof v, "%s h", report_fmt_hours(h, sizeof h, mk->mean));
        snprintf(sub, sizeof sub, "95%% CI %.1f \u2013 %.1f h", mk->lo, mk->hi);
        kpi(f, "Time to finish", v, mk->ok && !isnan(mk->lo) ? sub : "mean makespan");
    }
    kpi(f, "Failures per run", report_fmt_count(v, sizeof v, report_mean_of(s, METRIC_failures)),
        s->has_job ? "of nodes in slots, per job" : "of nodes in slots, per horizon");
    const msum *cu = &s->m[METRIC_cost_per_useful_node_h], *ct = &s->m[METRIC_cost];
    if (cu->ok && ct->ok) { /* [cost]: what a useful node-hour costs, and a run */
        char lo[40], hi[40], tot[40];
        const char *cur = currency(s);
        snprintf(v, sizeof v, "%s %s", fmt_money(h, sizeof h, cu->mean), cur);
        if (!isnan(cu->lo))
            snprintf(sub, sizeof sub, "95%% CI %s \u2013 %s; %s %s a run",
                     fmt_money(lo, sizeof lo, cu->lo), fmt_money(hi, sizeof hi, cu->hi),
                     fmt_money(tot, sizeof tot, ct->mean), cur);
        else
            snprintf(sub, sizeof sub, "%s %s a run", fmt_money(tot, sizeof tot, ct->mean), cur);
        kpi(f, "Cost per useful node-hour", v, sub);
    }
    double nint = report_mean_of(s, METRIC_interruptions);
    if (s->has_job && nint > 0 && !isnan(report_mean_of(s, METRIC_rpo_h))) {
        char w[64];
        double rpo = report_mean_of(s, METRIC_rpo_h), rto = report_mean_of(s, METRIC_rto_h);
        if (rpo < 1 && rto < 1) /* minutes read better than 0.1 h */
            snprintf(v, sizeof v, "%.3g min / %.3g min", 60 * rpo, 60 * rto);
        else
            snprintf(v, sizeof v, "%s h / %s h", report_fmt_hours(h, sizeof h, rpo),
                     report_fmt_hours(w, sizeof w, rto));
        snprintf(sub, sizeof sub,
                 "work lost / time to compute again, per interruption (%s per run)",
                 report_fmt_count(w, sizeof w, nint));
        kpi(f, "Recovery point / time", v, sub);
    }
    html_rule_kpis(f, s);
    fputs("</div>\n", f);
}

/* Where the time went, storage tier by storage tier ([tier.NAME]). */
static void html_tiers(FILE *f, const rscn *s)
{
    if (!s->ntier) return;
    fputs("<h3>Storage tiers</h3><table class=\"tiers\"><thead><tr><th>tier</th>"
          "<th>writing checkpoints (h per run)</th><th>restores per run</th>"
          "<th>restoring (h per run)</th><th>writes skipped (tier down)</th></tr></thead><tbody>",
          f);
    for (int i = 0; i < s->ntier; i++) {
        char a[4][64];
        const double *v = s->tier_val[i];
        report_fmt_hours(a[0], sizeof a[0], v[2]);
        report_fmt_count(a[1], sizeof a[1], v[0]);
        report_fmt_hours(a[2], sizeof a[2], v[3]);
        report_fmt_count(a[3], sizeof a[3], v[1]);
        fputs("<tr><td>", f);
        report_html_esc(f, s->tier[i]);
        for (int q = 0; q < 4; q++) {
            fputs("</td><td>", f);
            report_html_esc(f, a[q]);
        }
        fputs("</td></tr>", f);
    }
    fputs("</tbody></table>\n", f);
}

typedef struct {
    const char *cls, *label;
    double h;
} slice;

static void html_breakdown(FILE *f, const rscn *s)
{
    double span = report_mean_of(s, METRIC_makespan_h);
    if (isnan(span) || !(span > 0)) return;
    double down = report_mean_of(s, METRIC_down_h), wait = report_mean_of(s, METRIC_wait_spare_h);
    if (isnan(wait)) wait = 0;
    slice part[6];
    int np = 0;
    if (s->has_job) {
        part[np++] = (slice){"c-useful", "Useful computation", report_mean_of(s, METRIC_useful_h)};
        part[np++] = (slice){"c-lost", "Lost work (redone after failures)",
                             report_mean_of(s, METRIC_lost_h)};
        part[np++] =
            (slice){"c-ckpt", "Writing checkpoints", report_mean_of(s, METRIC_checkpoint_h)};
        part[np++] =
            (slice){"c-restart", "Restoring from checkpoints", report_mean_of(s, METRIC_restart_h)};
    } else {
        part[np++] = (slice){"c-up", "Every slot up", span - down};
    }
    part[np++] = (slice){"c-detect", "Down: detection and failover", down - wait};
    part[np++] = (slice){"c-wait", "Down: waiting for a repaired node (no spare)", wait};
    fputs("<h3>Where the time went</h3>\n<div class=\"bar\" role=\"img\" aria-label=\"time "
          "breakdown\">",
          f);
    for (int i = 0; i < np; i++) {
        double share = part[i].h / span;
        if (isnan(share) || share <= 0) continue;
        fprintf(f, "<span class=\"%s\" style=\"width:%.3f%%\" title=\"", part[i].cls,
                100 * fmin(share, 1));
        report_html_esc(f, part[i].label);
        fprintf(f, ": %.1f%%\"></span>", 100 * share);
    }
    fputs("</div>\n<table class=\"breakdown\"><thead><tr><th>Mean per run</th><th "
          "class=\"num\">Hours</th><th class=\"num\">Share</th></tr></thead><tbody>\n",
          f);
    char a[64];
    for (int i = 0; i < np; i++) {
        double h = part[i].h;
        if (!isnan(h) && h < 1e-12 * span) h = 0; /* rounding of down - wait */
        fprintf(f, "<tr><td><span class=\"sw %s\"></span>", part[i].cls);
        report_html_esc(f, part[i].label);
        fprintf(f, "</td><td class=\"num\">%s</td>", report_fmt_hours(a, sizeof a, h));
        if (isnan(h))
            fputs("<td class=\"num muted\">\u2014</td></tr>\n", f);
        else if (h > 0 && 100 * h / span < 0.05)
            fputs("<td class=\"num\">&lt;0.1%</td></tr>\n", f);
        else
            fprintf(f, "<td class=\"num\">%.1f%%</td></tr>\n", 100 * h / span);
    }
    fprintf(f,
            "<tr><td><b>%s</b></td><td class=\"num\"><b>%s</b></td><td "
            "class=\"num\"><b>100%%</b></td></tr>\n</tbody></table>\n",
            s->has_job ? "Time to finish (makespan)" : "Horizon",
            report_fmt_hours(a, sizeof a, span));
}

/* Where the money went ([cost]): the parts of the mean cost of a run, their shares, and what it
 * buys (cost per hour and per useful node-hour, ratios of totals, with their CIs). */
static void html_money(FILE *f, const rscn *s)
{
    const msum *total = &s->m[METRIC_cost];
    if (!total->ok) return;
    static const struct {
        int metric;
        const char *label, *colour;
    } part[] = {
        {METRIC_cost_nodes, "Nodes in slots (node_hour)", "#486581"},
        {METRIC_cost_spares, "Spare nodes (node_hour)", "#9fb3c8"},
        {METRIC_cost_crews, "Repair crews (crew_hour)", "#e69f00"},
        {METRIC_cost_repairs, "Repairs started (repair)", "#d55e00"},
        {METRIC_cost_downtime, "Downtime (downtime_hour)", "#9400d3"},
        {METRIC_cost_storage, "Checkpoint storage (storage_tb_month)", "#009e73"},
    };
    const char *cur = currency(s);
    double sum = total->mean;
    fputs("<h3>Where the money went</h3>\n<div class=\"bar\" role=\"img\" aria-label=\"cost "
          "breakdown\">",
          f);
    for (size_t i = 0; i < sizeof part / sizeof part[0]; i++) {
        double x = report_mean_of(s, part[i].metric), share = x / sum;
        if (isnan(share) || !(x >= MONEY_NOTHING)) continue;
        fprintf(f, "<span style=\"width:%.3f%%;background:%s\" title=\"", 100 * fmin(share, 1),
                part[i].colour);
        report_html_esc(f, part[i].label);
        fprintf(f, ": %.1f%%\"></span>", 100 * share);
    }
    fputs("</div>\n<table class=\"breakdown\"><thead><tr><th>Mean per run</th><th "
          "class=\"num\">",
          f);
    report_html_esc(f, cur);
    fputs("</th><th class=\"num\">Share</th></tr></thead><tbody>\n", f);
    char a[64], b[64], c[64];
    for (size_t i = 0; i < sizeof part / sizeof part[0]; i++) {
        double x = report_mean_of(s, part[i].metric);
        fprintf(f, "<tr><td><span class=\"sw\" style=\"background:%s\"></span>", part[i].colour);
        report_html_esc(f, part[i].label);
        fprintf(f, "</td><td class=\"num\">%s</td>", fmt_money(a, sizeof a, x));
        if (isnan(x) || !(sum > 0))
            fputs("<td class=\"num muted\">\u2014</td></tr>\n", f);
        else if (x >= MONEY_NOTHING && 100 * x / sum < 0.05)
            fputs("<td class=\"num\">&lt;0.1%</td></tr>\n", f);
        else
            fprintf(f, "<td class=\"num\">%.1f%%</td></tr>\n", 100 * x / sum);
    }
    fprintf(f,
            "<tr><td><b>Cost of a run</b></td><td class=\"num\"><b>%s</b></td><td "
            "class=\"num\"><b>100%%</b></td></tr>\n",
            fmt_money(a, sizeof a, sum));
    static const struct {
        int metric;
        const char *label;
    } per[] = {{METRIC_cost_per_hour, "Cost per hour (all runs' cost over all their hours)"},
               {METRIC_cost_per_useful_node_h,
                "Cost per useful node-hour (all runs' cost over all their useful node-hours)"}};
    for (size_t i = 0; i < sizeof per / sizeof per[0]; i++) {
        const msum *m = &s->m[per[i].metric];
        if (!m->ok) continue;
        fputs("<tr><td>", f);
        report_html_esc(f, per[i].label);
        fprintf(f, "</td><td class=\"num\">%s</td><td class=\"num\">",
                fmt_money(a, sizeof a, m->mean));
        if (!isnan(m->lo))
            fprintf(f, "95%% CI %s \u2013 %s", fmt_money(b, sizeof b, m->lo),
                    fmt_money(c, sizeof c, m->hi));
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
}

/* What the verdict rests on, beside its word: "1.0 SE"; past 4 SE, the limit that decided it
 * (wider than 4 SE with few trials: "5.1 SE, limit 6.99"); without an SE (fewer than 2 trials,
 * or no spread), "equal" or "no standard error". */
static void verdict_detail(const stat_verdict *v, char *buf, size_t n)
{
    if (isnan(v->z))
        snprintf(buf, n, "%s", v->verdict == STAT_UNDECIDED ? "no standard error" : "equal");
    else if (fabs(v->z) <= 4)
        snprintf(buf, n, "%.1f SE", fabs(v->z));
    else
        snprintf(buf, n, "%.1f SE, limit %.3g", fabs(v->z), v->limit);
}

static void html_xcheck(FILE *f, const rscn *s)
{
    fputs("<h3>Closed-form cross-check</h3>\n", f);
    if (!s->have_an) {
        fputs("<p class=\"muted\">No closed forms: analytic.csv could not be read.</p>\n", f);
        return;
    }
    int shown = 0;
    char a[64], b[64], c[64];
    for (int r = 1; r < s->an.nrows; r++) {
        xrow x;
        report_xrow_get(s, r, &x);
        if (x.k < 0 || !x.applies) continue;
        const msum *m = &s->m[x.k];
        if (!shown++)
            fputs("<table class=\"xcheck\"><thead><tr><th>Metric</th><th>Formula</th>"
                  "<th class=\"num\">Simulated mean [95% CI]</th><th class=\"num\">Closed "
                  "form</th><th class=\"num\">Difference</th><th>Fit</th><th>Verdict (4 SE)"
                  "</th></tr></thead><tbody>\n",
                  f);
        fputs("<tr><td><code>", f);
        report_html_esc(f, x.metric);
        fputs("</code></td><td>", f);
        report_html_esc(f, x.quantity);
        fputs("<span class=\"ci\">", f);
        report_html_esc(f, x.reference);
        fputs("</span></td>", f);
        if (m->ok)
            fprintf(f, "<td class=\"num\">%s<span class=\"ci\">[%s, %s]</span></td>",
                    report_fmt_value(a, sizeof a, m->mean), report_fmt_value(b, sizeof b, m->lo),
                    report_fmt_value(c, sizeof c, m->hi));
        else
            fputs("<td class=\"num muted\">not in summary.csv</td>", f);
        fprintf(f, "<td class=\"num\">%s</td>", report_fmt_value(a, sizeof a, x.value));
        if (isnan(x.rel) || !m->ok)
            fputs("<td class=\"num muted\">\u2014</td>", f);
        else
            fprintf(f, "<td class=\"num\">%+.2f%%</td>", fabs(x.rel) < 5e-5 ? 0.0 : 100 * x.rel);
        fputs("<td>", f);
        report_html_esc(f, x.fit);
        fputs("</td><td>", f);
        int exact = strcmp(x.fit, "exact") == 0;
        char z[64];
        verdict_detail(&x.v, z, sizeof z);
        if (!m->ok)
            fputs("<span class=\"muted\">\u2014</span>", f);
        else if (!exact) /* an approximation: how far, and why (its note), never pass or fail */
            fprintf(f,
                    "<span class=\"muted\">approximate: %+.1f%%</span> <span class=\"small\">see "
                    "its note below</span>",
                    isnan(x.rel) ? 0.0 : 100 * x.rel);
        else if (x.v.verdict == STAT_AGREES)
            fprintf(f, "<span class=\"ok\">agrees</span> <span class=\"small\">%s</span>", z);
        else if (x.v.verdict == STAT_UNDECIDED)
            fprintf(f, "<span class=\"muted\">undecided</span> <span class=\"small\">%s</span>", z);
        else
            fprintf(f, "<span class=\"bad\">DISAGREES</span> <span class=\"small\">%s</span>", z);
        fputs("</td></tr>\n", f);
    }
    if (shown)
        fputs("</tbody></table>\n", f);
    else
        fputs("<p class=\"muted\">No closed form estimates a simulated metric of this "
              "scenario.</p>\n",
              f);
    /* The others: quantities without a metric, then those that do not apply and why. */
    int other = 0;
    for (int r = 1; r < s->an.nrows; r++) {
        xrow x;
        report_xrow_get(s, r, &x);
        if (x.k >= 0 || !x.applies || x.metric[0]) continue;
        fputs(other++ ? " \u00b7 " : "<p class=\"small\">Other closed forms: ", f);
        report_html_esc(f, x.quantity);
        fprintf(f, " = <b>%s</b> (", report_fmt_value(a, sizeof a, x.value));
        report_html_esc(f, x.fit);
        fputs(")", f);
    }
    if (other) fputs("</p>\n", f);
    int none = 0;
    for (int r = 1; r < s->an.nrows; r++) {
        xrow x;
        report_xrow_get(s, r, &x);
        if (x.applies) continue;
        fputs(none++ ? "" : "<p class=\"small\">None applies:</p><ul class=\"compact\">", f);
        fputs("<li><code>", f);
        report_html_esc(f, x.quantity);
        fputs("</code>", f);
        if (x.metric[0]) {
            fputs(" (", f);
            report_html_esc(f, x.metric);
            fputs(")", f);
        }
        fputs(": ", f);
        report_html_esc(f, x.note);
        fputs("</li>", f);
    }
    if (none) fputs("</ul>\n", f);
    fputs("<details><summary>Formulas, references and notes</summary><ul class=\"compact\">", f);
    for (int r = 1; r < s->an.nrows; r++) {
        xrow x;
        report_xrow_get(s, r, &x);
        fputs("<li><code>", f);
        report_html_esc(f, x.quantity);
        fputs("</code> = ", f);
        report_html_esc(f, x.formula);
        fputs(" <i>(", f);
        report_html_esc(f, x.reference);
        fputs(")</i>", f);
        if (x.note[0]) {
            fputs(". ", f);
            report_html_esc(f, x.note);
        }
        fputs("</li>", f);
    }
    fputs("</ul></details>\n", f);
}

/* sweep.csv: the points (key values), the metric's mean and CI, the paired difference to the
 * best. The metric is the one whose "_diff_to_best_mean" column is there. */
static void html_sweep(FILE *f, const rscn *s)
{
    const report_entry *e = s->e;
    fputs("<h3>Sweep</h3>\n", f);
    if (s->swrec) {
        fputs("<p class=\"small\">", f);
        int k = 0;
        for (int i = 0; i < s->swrec->nheader; i++) {
            const char *key = s->swrec->header[i].key, *v = s->swrec->header[i].value;
            int show = key ? strcmp(key, RECORD_POINTS) == 0 || strcmp(key, RECORD_TRIALS) == 0 ||
                                 strcmp(key, RECORD_METRIC) == 0 ||
                                 strcmp(key, RECORD_CLOSED_FORM) == 0
                           : strstr(v, " points x ") != NULL || strncmp(v, "vary ", 5) == 0 ||
                                 strncmp(v, "precision", 9) == 0;
            if (!show) continue;
            if (k++) fputs(" \u00b7 ", f);
            if (key) {
                report_html_esc(f, key);
                fputs(": ", f);
            }
            report_html_esc(f, v);
        }
        fputs("</p>\n", f);
    }
    if (s->swpng) {
        fputs("<figure class=\"sweep\">", f);
        png_img(f, s->swpng, s->swpng_len, "sweep picture");
        fputs("<figcaption>sweep.png: the metric against the first varied key, with 95% CI "
              "bars and the closed form where one applies.</figcaption></figure>\n",
              f);
    }
    if (!s->have_sw) return;
    const table *t = &s->sw;
    int ctr = report_table_col(t, "trials"), cdiff = -1;
    char metric[128] = "";
    for (int j = 0; j < t->ncols; j++) {
        const char *name = t->cell[j], *suf = "_diff_to_best_mean";
        size_t ln = strlen(name), ls = strlen(suf);
        if (ln > ls && ln - ls < sizeof metric && strcmp(name + ln - ls, suf) == 0) {
            snprintf(metric, sizeof metric, "%.*s", (int)(ln - ls), name);
            cdiff = j;
        }
    }
    char buf[200];
    snprintf(buf, sizeof buf, "%s_mean", metric);
    int cm = report_table_col(t, buf);
    snprintf(buf, sizeof buf, "%s_ci95_low", metric);
    int clo = report_table_col(t, buf);
    snprintf(buf, sizeof buf, "%s_ci95_high", metric);
    int chi = report_table_col(t, buf);
    snprintf(buf, sizeof buf, "%s_diff_to_best_ci95_low", metric);
    int cdlo = report_table_col(t, buf);
    snprintf(buf, sizeof buf, "%s_diff_to_best_ci95_high", metric);
    int cdhi = report_table_col(t, buf);
    snprintf(buf, sizeof buf, "%s_closed_form", metric);
    int ccf = report_table_col(t, buf);
    int cbest = report_table_col(t, "best"),
        cind = report_table_col(t, "indistinguishable_from_best");
    if (cm < 0 || cdiff < 0) {
        fputs("<p class=\"muted\">sweep.csv has no metric columns to show.</p>\n", f);
        return;
    }
    /* Key columns: those before "trials", but the "_h" companion of a duration. */
    int key[16], nk = 0;
    for (int j = 0; j < ctr && nk < 16; j++) {
        size_t ln = strlen(t->cell[j]);
        if (j > 0 && ln > 2 && strcmp(t->cell[j] + ln - 2, "_h") == 0 &&
            strncmp(t->cell[j], t->cell[j - 1], ln - 2) == 0 && t->cell[j - 1][ln - 2] == '\0')
            continue;
        key[nk++] = j;
    }
    int has_cf = 0;
    for (int r = 1; r < t->nrows && ccf >= 0; r++)
        has_cf |= report_table_cell(t, r, ccf)[0] != '\0';
    fputs("<table class=\"sweep\"><thead><tr>", f);
    for (int k = 0; k < nk; k++) {
        fputs("<th>", f);
        report_html_esc(f, t->cell[key[k]]);
        fputs("</th>", f);
    }
    fputs("<th class=\"num\">Trials</th><th class=\"num\">", f);
    report_html_esc(f, metric);
    fputs(" [95% CI]</th><th class=\"num\">Paired difference to best [95% CI]</th>", f);
    if (has_cf) fputs("<th class=\"num\">Closed form</th>", f);
    fputs("<th></th></tr></thead><tbody>\n", f);
    int km = metric_index(metric);
    int dec = km >= 0 ? (metric_table[km].kind == METRIC_KIND_RATIO ? 4 : 2)
                      : (strstr(metric, "_h") ? 2 : 4); /* durations in hours end in _h */
    for (int r = 1; r < t->nrows; r++) {
        fputs("<tr>", f);
        for (int k = 0; k < nk; k++) {
            fputs("<td>", f);
            report_html_esc(f, report_table_cell(t, r, key[k]));
            fputs("</td>", f);
        }
        fputs("<td class=\"num\">", f);
        report_html_esc(f, report_table_cell(t, r, ctr));
        fputs("</td>", f);
        double v[6];
        int cols[6] = {cm, clo, chi, cdiff, cdlo, cdhi};
        for (int j = 0; j < 6; j++)
            if (cols[j] < 0 || report_parse_num(report_table_cell(t, r, cols[j]), &v[j]))
                v[j] = NAN;
        int best = cbest >= 0 && strcmp(report_table_cell(t, r, cbest), "1") == 0;
        int same = cind >= 0 && strcmp(report_table_cell(t, r, cind), "1") == 0;
        char x[64], y[64], z[64];
        fprintf(f, "<td class=\"num\">%s<span class=\"ci\">[%s, %s]</span></td>",
                report_fmt_num(x, sizeof x, v[0], dec), report_fmt_num(y, sizeof y, v[1], dec),
                report_fmt_num(z, sizeof z, v[2], dec));
        if (best)
            fputs("<td class=\"num muted\">\u2014</td>", f);
        else
            fprintf(f, "<td class=\"num\">%+.*f<span class=\"ci\">[%+.*f, %+.*f]</span></td>", dec,
                    v[3], dec, v[4], dec, v[5]);
        if (has_cf) {
            double cf;
            if (report_parse_num(report_table_cell(t, r, ccf), &cf)) cf = NAN;
            fprintf(f, "<td class=\"num\">%s</td>", report_fmt_num(x, sizeof x, cf, dec));
        }
        fprintf(f, "<td>%s</td></tr>\n",
                best   ? "<span class=\"badge b-ran\">best</span>"
                : same ? "<span class=\"small\">not distinguishable from best</span>"
                       : "");
    }
    fputs("</tbody></table>\n<p class=\"small\">Files: ", f);
    static const char *const files[] = {"sweep.csv", "sweep.png", "run.txt"};
    for (int i = 0; i < 3; i++) {
        fputs(i ? " \u00b7 <a href=\"" : "<a href=\"", f);
        report_url(f, e->sweep_dir, files[i]);
        fprintf(f, "\">%s</a>", files[i]);
    }
    fputs("</p>\n", f);
}

static void dl_item(FILE *f, const char *label, const char *value)
{
    if (!value) return;
    fputs("<dt>", f);
    report_html_esc(f, label);
    fputs("</dt><dd>", f);
    report_html_esc(f, value);
    fputs("</dd>", f);
}

static void html_record(FILE *f, const rscn *s)
{
    const report_entry *e = s->e;
    fputs("<h3>Run record</h3>\n<dl class=\"rec\">", f);
    const record_file *r = s->rec;
    dl_item(f, "Scenario file", e->file);
    dl_item(f, "Scenario name", s->name);
    if (r) {
        dl_item(f, "relsim version", record_version(r));
        dl_item(f, "Date of the run", record_get(r, RECORD_DATE));
        dl_item(f, "Seed", record_get(r, RECORD_SEED));
        dl_item(f, "Trials", record_get(r, RECORD_TRIALS));
        dl_item(f, "Threads", record_get(r, RECORD_THREADS));
        dl_item(f, "Wall time", record_get(r, RECORD_WALL_TIME));
        dl_item(f, "Scenario hash", record_get(r, RECORD_SCENARIO_HASH));
        dl_item(f, "System MTBF", record_get(r, RECORD_SYSTEM_MTBF));
        dl_item(f, "Command", record_get(r, RECORD_COMMAND));
    }
    if (e->dir) {
        fputs("<dt>Results</dt><dd>", f);
        static const char *const files[] = {"summary.csv", "trials.csv", "analytic.csv", "run.txt",
                                            "summary.png"};
        for (int i = 0; i < 5; i++) {
            fputs(i ? " \u00b7 <a href=\"" : "<a href=\"", f);
            report_url(f, e->dir, files[i]);
            fprintf(f, "\">%s</a>", files[i]);
        }
        fputs(" <span class=\"small\">in ", f);
        report_html_esc(f, e->dir);
        fputs("/</span></dd>", f);
    }
    fputs("</dl>\n", f);
}

void report_html_scenario(FILE *f, const rscn *s)
{
    const report_entry *e = s->e;
    fprintf(f, "<section class=\"card scenario\" id=\"s-%d\"><div class=\"shead\"><h2>",
            s->order + 1);
    if (s->rank) fprintf(f, "<span class=\"rank\">#%d</span> ", s->rank);
    report_html_esc(f, s->name[0] ? s->name : "(unnamed)");
    fputs("</h2>", f);
    report_html_badge(f, e->status);
    fputs("</div>\n", f);
    if (e->file) {
        fputs("<p class=\"file\">", f);
        report_html_esc(f, e->file);
        fputs("</p>\n", f);
    }
    if (s->group == G_FAILED) {
        fputs("<p>This scenario did not run:</p><div class=\"msg\">", f);
        report_html_esc(f, e->message && e->message[0] ? e->message : "(no message)");
        fputs("</div></section>\n", f);
        return;
    }
    html_facts(f, s);
    if (s->nprob) {
        fputs("<div class=\"problems\"><b>Incomplete results:</b><ul>", f);
        for (int i = 0; i < s->nprob; i++) {
            fputs("<li>", f);
            report_html_esc(f, s->prob[i]);
            fputs("</li>", f);
        }
        fputs("</ul></div>\n", f);
    }
    if (s->have_sum) {
        html_kpis(f, s);
        html_breakdown(f, s);
        html_money(f, s);
        html_tiers(f, s);
    }
    if (e->dir) html_xcheck(f, s);
    if (s->png) {
        fputs("<h3>Overheads and spread over trials</h3><figure>", f);
        png_img(f, s->png, s->png_len, "summary picture");
        fprintf(f,
                "<figcaption>summary.png: where the time went, and the spread of %s across "
                "trials%s.</figcaption></figure>\n",
                s->has_job ? "goodput" : "availability",
                s->m[METRIC_cost].ok ? "; where the money went" : "");
    }
    if (e->sweep_dir) html_sweep(f, s);
    html_record(f, s);
    fputs("</section>\n", f);
}
