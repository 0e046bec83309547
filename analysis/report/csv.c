/*
 * csv: report.csv, one row per entry in the ranked order (see report.h).
 */
#include "analysis/report/report_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static const char *const csv_cols[] = {"name",
                                       "file",
                                       "status",
                                       "trials",
                                       "seed",
                                       "goodput_mean",
                                       "goodput_ci95_low",
                                       "goodput_ci95_high",
                                       "availability_mean",
                                       "availability_ci95_low",
                                       "availability_ci95_high",
                                       "makespan_h_mean",
                                       "makespan_h_ci95_low",
                                       "makespan_h_ci95_high",
                                       "failures_mean",
                                       "lost_h_mean",
                                       "down_h_mean",
                                       "wait_spare_h_mean",
                                       "downtime_per_year_h",
                                       "checkpoints_mean",
                                       "makespan_h_closed_form",
                                       "makespan_h_closed_form_fit",
                                       "makespan_h_closed_form_within_4se",
                                       "availability_closed_form",
                                       "availability_closed_form_fit",
                                       "availability_closed_form_within_4se",
                                       "wall_time_s",
                                       "relsim_version",
                                       "rank",
                                       "results_dir",
                                       "sweep_dir",
                                       "problems"};
#define NCSV ((int)(sizeof csv_cols / sizeof csv_cols[0]))

csvout *report_csv_open(const char *path, char *err, size_t n)
{
    return csvout_open(path, csv_cols, NCSV, err, n);
}

static void csv_count(csvout *c, const char *s)
{
    double x;
    if (s && sscanf(s, "%lf", &x) == 1)
        csvout_num(c, x);
    else
        csvout_num(c, NAN);
}

void report_csv_row(csvout *c, const rscn *s)
{
    const report_entry *e = s->e;
    int failed = s->group == G_FAILED;
    csvout_str(c, e->name ? e->name : failed ? "" : s->name);
    csvout_str(c, e->file ? e->file : "");
    csvout_str(c, e->status == REPORT_RAN          ? "ran"
                  : e->status == REPORT_UP_TO_DATE ? "up_to_date"
                                                   : "failed");
    csv_count(c, s->rec ? record_get(s->rec, RECORD_TRIALS) : NULL);
    csv_count(c, s->rec ? record_get(s->rec, RECORD_SEED) : NULL);
    static const int with_ci[] = {METRIC_goodput, METRIC_availability, METRIC_makespan_h};
    for (int i = 0; i < 3; i++) {
        const msum *m = &s->m[with_ci[i]];
        csvout_num(c, m->ok ? m->mean : NAN);
        csvout_num(c, m->ok ? m->lo : NAN);
        csvout_num(c, m->ok ? m->hi : NAN);
    }
    csvout_num(c, report_mean_of(s, METRIC_failures));
    csvout_num(c, report_mean_of(s, METRIC_lost_h));
    csvout_num(c, report_mean_of(s, METRIC_down_h));
    csvout_num(c, report_mean_of(s, METRIC_wait_spare_h));
    csvout_num(c, report_downtime_per_year(s));
    csvout_num(c, report_mean_of(s, METRIC_checkpoints));
    static const int crossed[] = {METRIC_makespan_h, METRIC_availability};
    for (int i = 0; i < 2; i++) {
        xrow x;
        if (!failed && report_xrow_best(s, crossed[i], &x)) {
            csvout_num(c, x.applies ? x.value : NAN);
            csvout_str(c, x.fit);
            if (x.compared && x.v.verdict != STAT_UNDECIDED)
                csvout_int(c, x.v.verdict == STAT_AGREES);
            else
                csvout_num(c, NAN);
        } else {
            csvout_num(c, NAN);
            csvout_str(c, "");
            csvout_num(c, NAN);
        }
    }
    csvout_num(c, s->wall_s);
    const char *v = s->rec ? record_version(s->rec) : NULL;
    csvout_str(c, v ? v : "");
    if (s->rank)
        csvout_int(c, s->rank);
    else
        csvout_num(c, NAN);
    csvout_str(c, e->dir && !failed ? e->dir : "");
    csvout_str(c, e->sweep_dir && !failed ? e->sweep_dir : "");
    /* one line: a failure's error lines, then what could not be read, joined by "; " */
    char *text = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&text, &len);
    if (m) {
        if (failed && e->message)
            for (const char *p = e->message; *p; p++) {
                if (*p != '\n')
                    fputc(*p, m);
                else if (p[1])
                    fputs("; ", m);
            }
        for (int i = 0; i < s->nprob; i++)
            fprintf(m, "%s%s", ftell(m) > 0 ? "; " : "", s->prob[i]);
    }
    if (m && fclose(m) == 0 && text)
        csvout_str(c, text);
    else
        csvout_str(c, "(out of memory)");
    free(text);
    csvout_end_row(c);
}
