/*
 * batch: plan, run and report a folder of scenarios (see batch.h).
 */
#include "sim/study/batch.h"
#include "analysis/outdir.h"
#include "analysis/record.h"
#include "analysis/resultset.h"
#include "sim/scenario/vary.h"
#include "sim/study/analytic.h"
#include "sim/study/mc.h"
#include "sim/study/ranks.h"
#include "sim/study/run.h"
#include "sim/study/sweep.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static batch_entry *add_entry(batch *b, const char *file)
{
    if (b->n == b->cap) {
        int cap = b->cap ? 2 * b->cap : 16;
        batch_entry *v = realloc(b->v, (size_t)cap * sizeof *v);
        if (!v) return NULL;
        b->v = v;
        b->cap = cap;
    }
    batch_entry *e = &b->v[b->n];
    memset(e, 0, sizeof *e);
    if (!(e->file = strdup(file))) return NULL;
    b->n++;
    return e;
}

/* Keeps a message with its entry (for the report), marks the entry failed and hands the
 * message to the caller's callback. */
__attribute__((format(printf, 3, 4))) static void fail_entry(batch *b, batch_entry *e,
                                                             const char *fmt, ...)
{
    char *msg = NULL;
    va_list ap;
    va_start(ap, fmt);
    int w = vasprintf(&msg, fmt, ap);
    va_end(ap);
    e->status = REPORT_FAILED;
    if (w < 0) return;
    size_t old = e->errors ? strlen(e->errors) : 0;
    char *m = realloc(e->errors, old + strlen(msg) + 2);
    if (m) {
        if (old) m[old++] = '\n';
        strcpy(m + old, msg);
        e->errors = m;
    }
    if (b->o.on_error) b->o.on_error(b->o.ctx, msg);
    free(msg);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every .ini file of a directory, in name order; -1 if it cannot be read, else how many. An
 * .ini name that is not a readable regular file is an entry too, failed with the reason. */
static int collect_dir(batch *b, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    char **names = NULL;
    int n = 0, cap = 0, rc = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (len < 5 || strcmp(de->d_name + len - 4, ".ini") != 0 || de->d_name[0] == '.') continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 16;
            char **v = realloc(names, (size_t)cap * sizeof *v);
            if (!v) {
                rc = -2;
                break;
            }
            names = v;
        }
        if (!(names[n] = outdir_join(dir, de->d_name))) {
            rc = -2;
            break;
        }
        n++;
    }
    closedir(d);
    if (n > 1) qsort(names, (size_t)n, sizeof *names, by_name);
    for (int i = 0; i < n; i++) {
        batch_entry *e = rc == 0 ? add_entry(b, names[i]) : NULL;
        if (!e) {
            rc = -2;
        } else {
            struct stat st;
            if (stat(names[i], &st) != 0)
                fail_entry(b, e, "%s: cannot read: %s", names[i], strerror(errno));
            else if (!S_ISREG(st.st_mode))
                fail_entry(b, e, "%s: not a regular file (a scenario is a file)", names[i]);
        }
        free(names[i]);
    }
    free(names);
    return rc < 0 ? rc : n;
}

int batch_add(batch *b, const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        int before = b->n;
        int got = collect_dir(b, path);
        if (got == -2) return RC_ERROR;
        if (got < 0 || b->n == before) {
            batch_entry *e = add_entry(b, path);
            if (!e) return RC_ERROR;
            if (got < 0)
                fail_entry(b, e, "%s: cannot read the directory: %s", path, strerror(errno));
            else
                fail_entry(b, e, "%s: no .ini scenario file in this directory", path);
        }
        return RC_OK;
    }
    return add_entry(b, path) ? RC_OK : RC_ERROR;
}

static int exists(const char *dir, const char *file)
{
    char *path = outdir_join(dir, file);
    struct stat st;
    int ok = path && stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
    free(path);
    return ok;
}

/* Complete and unchanged: its record (written last) has this version and hash, and every other
 * file is there. */
static int up_to_date(const char *dir, const char *hash_key, unsigned long long hash,
                      const char *const *files, int nfiles)
{
    char want[32], why[300];
    record_file *r = record_load(dir, why, sizeof why);
    snprintf(want, sizeof want, "%016llx", hash);
    const char *v = r ? record_version(r) : NULL, *h = r ? record_get(r, hash_key) : NULL;
    int same = v && h && strcmp(v, RELSIM_VERSION) == 0 && strcmp(h, want) == 0;
    record_free(r);
    if (!same) return 0;
    for (int i = 0; i < nfiles; i++)
        if (files[i] && !exists(dir, files[i])) return 0;
    return 1;
}

static const char *const run_files[] = {"trials.csv", "summary.csv", "analytic.csv", "summary.png"};
static const char *const sweep_files[] = {"sweep.csv", "sweep.png"};

/* Trials a sweep will run at least: points x trials per point. */
static uint64_t sweep_work(const scn *s)
{
    uint64_t points = 1;
    for (int i = 0; i < s->sweep_nvary; i++) {
        vary_key k;
        char err[300];
        if (s->sweep_vary[i][0] && vary_parse(s->sweep_vary[i], &k, err, sizeof err) == 0)
            points *= (uint64_t)k.nvalues;
    }
    return points * (s->sweep_trials ? s->sweep_trials : s->trials);
}

uint64_t batch_work(const batch *b, int i)
{
    const batch_entry *e = &b->v[i];
    return e->work + (e->sweep_needed ? sweep_work(e->s) : 0);
}

/* Loads entry i; 0, or -1 when out of memory. A failure of the scenario marks the entry. */
static int load_entry(batch *b, int i)
{
    batch_entry *e = &b->v[i];
    char err[RC_MSG_MAX];
    scn_errors errs = {0};
    if (!(e->s = malloc(sizeof *e->s))) return -1;
    int nerr = scn_load(e->file, NULL, b->o.sets, b->o.nsets, e->s, &errs);
    /* under MPI every rank loads every file: they must agree */
    if (ranks_any(nerr != 0)) {
        for (int k = 0; k < errs.n; k++)
            fail_entry(b, e, "%s", errs.msg[k]);
        if (!nerr) fail_entry(b, e, "%s: another MPI rank could not load it", e->file);
        scn_errors_free(&errs);
        free(e->s);
        e->s = NULL;
        return 0;
    }
    scn_errors_free(&errs);
    for (int j = 0; j < i; j++) {
        const scn *o = b->v[j].s;
        if (!o) continue;
        const char *clash = NULL;
        size_t lo = strlen(o->name);
        if (strcmp(o->name, e->s->name) == 0)
            clash = "is also that of";
        else if (o->has_sweep && strncmp(e->s->name, o->name, lo) == 0 &&
                 strcmp(e->s->name + lo, "-sweep") == 0)
            clash = "names the sweep directory of";
        else if (e->s->has_sweep && strncmp(o->name, e->s->name, strlen(e->s->name)) == 0 &&
                 strcmp(o->name + strlen(e->s->name), "-sweep") == 0)
            clash = "has its sweep directory named as";
        if (clash) {
            fail_entry(b, e,
                       "%s: scenario name '%s' %s %s: give each a distinct [scenario] name (it "
                       "names the results directory)",
                       e->file, e->s->name, clash, b->v[j].file);
            free(e->s);
            e->s = NULL;
            return 0;
        }
    }
    int short_of_memory = mc_check_memory(e->s, b->o.threads, err, sizeof err) != 0;
    if (ranks_any(short_of_memory)) {
        fail_entry(b, e, "%s: %s", e->file,
                   short_of_memory ? err : "another MPI rank lacks the memory");
        free(e->s);
        e->s = NULL;
        return 0;
    }
    if (asprintf(&e->dir, "%s/%s", b->o.out, e->s->name) < 0) e->dir = NULL;
    if (asprintf(&e->sweep_dir, "%s/%s-sweep", b->o.out, e->s->name) < 0) e->sweep_dir = NULL;
    if (!e->dir || !e->sweep_dir) return -1;
    int nrun = b->o.plot ? 4 : 3, nsweep = b->o.plot ? 2 : 1;
    /* rank 0 looks at the files; under MPI the others follow */
    e->run_needed = ranks_bcast_int(
        b->o.force || !up_to_date(e->dir, RECORD_SCENARIO_HASH, scn_hash(e->s), run_files, nrun));
    e->sweep_needed = ranks_bcast_int(
        e->s->has_sweep &&
        (b->o.force || !up_to_date(e->sweep_dir, RECORD_SWEEP_HASH, scn_hash_with_sweep(e->s),
                                   sweep_files, nsweep)));
    e->status = e->run_needed || e->sweep_needed ? REPORT_RAN : REPORT_UP_TO_DATE;
    e->run_ok = !e->run_needed;
    e->work = e->run_needed ? e->s->trials : 0;
    return 0;
}

int batch_begin(batch *b, char *err, size_t n)
{
    if (!b->o.force)
        for (const char *const *r = report_outputs; *r; r++)
            if (!report_is_ours(b->o.out, *r)) {
                snprintf(err, n,
                         "%s/%s was not written by relsim (or cannot be read); use --force to "
                         "replace it, or -o to choose another directory",
                         b->o.out, *r);
                return RC_ERROR;
            }
    b->report = resultset_begin(b->o.out, report_outputs, "report.html", err, n);
    return b->report ? RC_OK : RC_ERROR;
}

int batch_plan(batch *b)
{
    for (int i = 0; i < b->n; i++)
        if (b->v[i].status != REPORT_FAILED && load_entry(b, i)) return RC_ERROR;
    return RC_OK;
}

/* The caller's tick, counting the current entry's trials across its run and its sweep. */
static void entry_tick(void *ctx, uint64_t done)
{
    batch *b = ctx;
    if (b->o.tick) b->o.tick(b->o.ctx, b->offset + done);
}

static int run_sweep(batch *b, batch_entry *e, char *err, size_t n)
{
    sweep *w = calloc(1, sizeof *w);
    if (!w) {
        snprintf(err, n, "out of memory");
        return RC_ERROR;
    }
    int rc = RC_OK;
    if (sweep_from_scenario(w, e->s, err, n) || sweep_setup(w, e->s->path, b->o.sets, b->o.nsets)) {
        fail_entry(b, e, "%s", err);
        goto done;
    }
    w->hash = scn_hash_with_sweep(e->s);
    sweep_opts so = {.threads = b->o.threads,
                     .tick = entry_tick,
                     .tick_ctx = b,
                     .trials = e->s->sweep_trials,
                     .precision = e->s->sweep_precision,
                     .max_trials = e->s->sweep_max_trials};
    int r = sweep_run(w, &so, err, n);
    if (r == RC_LIMIT) {
        fail_entry(b, e, "%s", err);
        goto done;
    }
    if (r == RC_INTERRUPTED || mc_interrupted) {
        rc = RC_INTERRUPTED;
        goto done;
    }
    char fit[400], note[300];
    if (r != RC_OK ||
        (ranks_is_root() && sweep_write(w, e->sweep_dir, b->o.command_line, b->o.threads, b->o.plot,
                                        fit, sizeof fit, note, sizeof note, err, n)))
        rc = mc_interrupted ? RC_INTERRUPTED : RC_ERROR;
done:
    sweep_free(w);
    free(w);
    return rc;
}

int batch_run_entry(batch *b, int i, char *err, size_t n)
{
    batch_entry *e = &b->v[i];
    scn *s = e->s;
    if (!s) return RC_OK;
    b->offset = 0;
    if (e->run_needed) {
        if (ranks_bcast_int(ranks_is_root() && outdir_check(e->dir, s->name, err, n))) {
            fail_entry(b, e, "%s", err);
            return RC_OK;
        }
        run_opts ro = {.outdir = e->dir,
                       .threads = b->o.threads,
                       .plot = b->o.plot,
                       .analytic = 1, /* one set with the results: resumed as a whole */
                       .command_line = b->o.command_line,
                       .tick = entry_tick,
                       .tick_ctx = b};
        run_result res;
        int r = run_scenario(s, &ro, &res, err, n);
        if (r == RC_LIMIT || r == RC_NOMEM) {
            fail_entry(b, e, "%s: %s", s->path, err);
            return RC_OK;
        }
        if (r == RC_INTERRUPTED || mc_interrupted) return RC_INTERRUPTED;
        if (r != RC_OK) return RC_ERROR;
        e->run_ok = 1;
    }
    b->offset = e->work;
    return e->sweep_needed ? run_sweep(b, e, err, n) : RC_OK;
}

int batch_failed(const batch *b)
{
    int failed = 0;
    for (int i = 0; i < b->n; i++)
        failed += b->v[i].status == REPORT_FAILED;
    return failed;
}

int batch_report(batch *b, double wall_s, char *err, size_t n)
{
    report_entry *re = calloc((size_t)(b->n ? b->n : 1), sizeof *re);
    if (!re) {
        snprintf(err, n, "out of memory");
        return RC_ERROR;
    }
    size_t skip = strlen(b->o.out) + 1;
    for (int i = 0; i < b->n; i++) {
        const batch_entry *e = &b->v[i];
        re[i].file = e->file;
        re[i].name = e->s ? e->s->name : NULL;
        re[i].status = e->status;
        re[i].message = e->errors;
        if (e->s && (e->status != REPORT_FAILED || e->run_ok)) {
            re[i].dir = e->dir + skip;
            re[i].sweep_dir = e->s->has_sweep ? e->sweep_dir + skip : NULL;
        }
    }
    report_info info = {.command = b->o.command_line,
                        .wall_s = wall_s,
                        .threads = b->o.threads,
                        .no_plot = !b->o.plot};
    int rc = RC_ERROR;
    if (!b->report)
        snprintf(err, n, "internal error: batch_report before batch_begin");
    else if (report_write(b->o.out, resultset_stage(b->report), re, b->n, &info, err, n) == 0) {
        rc = resultset_commit(b->report, err, n) ? RC_ERROR : RC_OK;
        b->report = NULL;
    }
    free(re);
    return rc;
}

void batch_free(batch *b)
{
    for (int i = 0; i < b->n; i++) {
        free(b->v[i].file);
        free(b->v[i].s);
        free(b->v[i].errors);
        free(b->v[i].dir);
        free(b->v[i].sweep_dir);
    }
    free(b->v);
    resultset_abort(b->report);
    b->report = NULL;
    b->v = NULL;
    b->n = b->cap = 0;
}
