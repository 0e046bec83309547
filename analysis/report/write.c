/*
 * write: report_write (see report.h): reads every entry, ranks them, and writes report.csv,
 * report.html and report.md as temporaries first (outfile), renamed into place only if all three
 * were written.
 */
#include "analysis/report/report_int.h"
#include "models/infile.h"
#include "analysis/resultset.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

const char *const report_outputs[] = {"report.csv", "report.md", "report.html", NULL};

int report_is_ours(const char *out, const char *name)
{
    char *path = NULL;
    if (asprintf(&path, "%s/%s", out, name) < 0) return 0;
    FILE *f = infile_open(path);
    int e = errno, absent = !f && !infile_not_regular() && (e == ENOENT || e == ENOTDIR);
    free(path);
    if (!f) return absent;
    char head[4096];
    size_t got = fread(head, 1, sizeof head - 1, f);
    fclose(f);
    head[got] = '\0';
    if (strcmp(name, "report.md") == 0) return strncmp(head, "# relsim report", 15) == 0;
    if (strcmp(name, "report.csv") == 0) return strncmp(head, "name,file,status,", 17) == 0;
    return strstr(head, "<title>relsim report") != NULL;
}

static int write_into(const char *out, const char *dir, const report_entry *e, int n,
                      const report_info *info, char *err, size_t errlen);

int report_write(const char *out, const char *dir, const report_entry *e, int n,
                 const report_info *info, char *err, size_t errlen)
{
    if (dir) return write_into(out, dir, e, n, info, err, errlen);
    /* on its own: the three files as one result set of OUT, which must exist */
    struct stat st;
    if (stat(out, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s/report.csv: cannot write: %s", out,
                 stat(out, &st) != 0 ? strerror(errno) : "not a directory");
        return -1;
    }
    resultset *set = resultset_begin(out, report_outputs, "report.html", err, errlen);
    if (!set) return -1;
    if (write_into(out, resultset_stage(set), e, n, info, err, errlen)) {
        resultset_abort(set);
        return -1;
    }
    return resultset_commit(set, err, errlen);
}

static int write_into(const char *out, const char *dir, const report_entry *e, int n,
                      const report_info *info, char *err, size_t errlen)
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

    if (!(c = report_csv_open(arena_printf(&A, "%s/report.csv", dir), err, errlen))) goto out;
    if (!(h = outfile_open(arena_printf(&A, "%s/report.html", dir), err, errlen))) goto out;
    if (!(m = outfile_open(arena_printf(&A, "%s/report.md", dir), err, errlen))) goto out;
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
