/*
 * write: report_write (see report.h): reads every entry, ranks them, and writes report.csv,
 * report.html and report.md as temporaries first (outfile), renamed into place only if all three
 * were written.
 */
#include "analysis/report/report_int.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int report_write(const char *out, const report_entry *e, int n, const report_info *info, char *err,
                 size_t errlen)
{
    if (n < 0 || (n > 0 && !e)) {
        snprintf(err, errlen, "report: no entries");
        return -1;
    }
    arena A = {0};
    rscn *S = calloc((size_t)n + 1, sizeof *S);
    rscn **ord = calloc((size_t)n + 1, sizeof *ord);
    csvout *c = NULL;
    outfile *h = NULL, *m = NULL;
    int rc = -1;
    if (!S || !ord) {
        snprintf(err, errlen, "report: out of memory");
        goto out;
    }
    double total_wall = 0;
    for (int i = 0; i < n; i++) {
        S[i].e = &e[i];
        S[i].order = i;
        report_entry_load(&A, out, info && info->no_plot, &S[i]);
        ord[i] = &S[i];
        if (!isnan(S[i].wall_s)) total_wall += S[i].wall_s;
        if (!isnan(S[i].sweep_wall_s)) total_wall += S[i].sweep_wall_s;
    }
    qsort(ord, (size_t)n, sizeof *ord, report_entry_cmp);
    for (int i = 0, r = 0; i < n; i++)
        if (ord[i]->group == G_JOB || ord[i]->group == G_HARDWARE) ord[i]->rank = ++r;
    char date[64];
    time_t now = time(NULL);
    struct tm tm;
    strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", gmtime_r(&now, &tm));

    if (!(c = report_csv_open(arena_printf(&A, "%s/report.csv", out), err, errlen))) goto out;
    if (!(h = outfile_open(arena_printf(&A, "%s/report.html", out), err, errlen))) goto out;
    if (!(m = outfile_open(arena_printf(&A, "%s/report.md", out), err, errlen))) goto out;
    for (int i = 0; i < n; i++)
        report_csv_row(c, ord[i]);
    report_html_write(outfile_stream(h), ord, n, info, date, total_wall);
    report_md_write(outfile_stream(m), ord, n, info, date);
    if (A.oom) {
        snprintf(err, errlen, "report: out of memory");
        goto out;
    }
    /* Each file is complete: flush them all before renaming any, so that a full disk stops all
     * three rather than the last. */
    if (fflush(outfile_stream(h)) != 0 || fflush(outfile_stream(m)) != 0 ||
        ferror(outfile_stream(h)) || ferror(outfile_stream(m))) {
        snprintf(err, errlen, "%s/report.*: write failed: %s", out, strerror(errno));
        goto out;
    }
    rc = csvout_commit(c, err, errlen);
    c = NULL;
    if (rc == 0) rc = outfile_commit(h, err, errlen);
    h = NULL;
    if (rc == 0) rc = outfile_commit(m, err, errlen);
    m = NULL;
out:
    csvout_abort(c);
    outfile_abort(h);
    outfile_abort(m);
    arena_free(&A);
    for (int i = 0; S && i < n; i++) {
        record_free(S[i].rec);
        record_free(S[i].swrec);
    }
    free(S);
    free(ord);
    return rc;
}
