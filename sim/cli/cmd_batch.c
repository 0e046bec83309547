/*
 * cmd_batch: `relsim batch DIR_OR_FILES... [-o OUT]`: every scenario of a folder (and the sweep a
 * scenario declares in its [sweep] section), then one report for people who will not open a CSV.
 *
 *   OUT/NAME/        what `relsim run` writes, and analytic.csv
 *   OUT/NAME-sweep/  what `relsim sweep` writes, for a scenario with a [sweep] section
 *   OUT/report.csv, OUT/report.html, OUT/report.md
 *
 * Resumable: a scenario whose results are complete (its run.txt, written last, is there with the
 * same relsim version and scenario hash, and so are its other files) is not run again; anything
 * else is. Scenarios run one after the other, each on every core: the results are those of
 * `relsim run` on the scenario alone, bit for bit. A scenario that fails is reported and the
 * others still run; the exit status is then 2.
 */
#include "analysis/record.h"
#include "analysis/report.h"
#include "sim/engine/clock.h"
#include "models/unit.h"
#include "sim/study/analytic.h"
#include "sim/cli/cli.h"
#include "sim/study/mc.h"
#include "sim/study/ranks.h"
#include "sim/study/run.h"
#include "sim/study/sweep.h"

#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void usage_batch(FILE *f)
{
    fputs("usage: relsim batch DIR_OR_FILES... [-o OUT] [options]\n"
          "\n"
          "Runs every scenario (every .ini file of each DIR, not its subdirectories, and every\n"
          "FILE), and the sweep of each scenario that has a [sweep] section, then writes\n"
          "OUT/report.html (one self-contained page), OUT/report.md and OUT/report.csv.\n"
          "Started again, it skips the scenarios whose results are complete and unchanged.\n"
          "\n"
          "options:\n"
          "  -o, --output OUT          output directory (default results/batch)\n"
          "      --set SECTION.KEY=V   override a key in every scenario (repeatable)\n"
          "      --force               run everything again, complete or not\n"
          "      --threads T           threads (default: all cores); results do not depend on T\n"
          "      --no-plot             no pictures\n"
          "  -q, --quiet               no progress line and no summary\n"
          "  -h, --help                this text\n"
          "\n"
          "Exit status: 0 if every scenario ran or was up to date, 2 if some failed (the others\n"
          "still ran), 1 on an internal error, 130/143 if interrupted.\n",
          f);
}

typedef struct {
    char *file;
    scn *s;       /* NULL if it did not load */
    char *errors; /* its messages, '\n'-separated */
    char dir[600], sweep_dir[600];
    report_status status;
    int run_needed, sweep_needed;
    int run_ok;    /* its results are complete (ran now, or up to date): the report shows them even
                      if its sweep failed */
    uint64_t work; /* trials it will run (for the progress line) */
} entry;

typedef struct {
    entry *v;
    int n, cap;
} entries;

static entry *add_entry(entries *l, const char *file)
{
    if (l->n == l->cap) {
        int cap = l->cap ? 2 * l->cap : 16;
        entry *v = realloc(l->v, (size_t)cap * sizeof *v);
        if (!v) return NULL;
        l->v = v;
        l->cap = cap;
    }
    entry *e = &l->v[l->n++];
    memset(e, 0, sizeof *e);
    e->file = strdup(file);
    return e->file ? e : NULL;
}

static void fail_entry(entry *e, const char *msg)
{
    size_t old = e->errors ? strlen(e->errors) : 0;
    char *m = realloc(e->errors, old + strlen(msg) + 2);
    if (!m) return;
    if (old) m[old++] = '\n';
    strcpy(m + old, msg);
    e->errors = m;
    e->status = REPORT_FAILED;
    fprintf(stderr, "%s\n", msg);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every .ini file of a directory, in name order. */
static int collect_dir(entries *l, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    char **names = NULL;
    int n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (len < 5 || strcmp(de->d_name + len - 4, ".ini") != 0 || de->d_name[0] == '.') continue;
        char path[1200];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 16;
            char **v = realloc(names, (size_t)cap * sizeof *v);
            if (!v) break;
            names = v;
        }
        names[n++] = strdup(path);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, by_name);
    for (int i = 0; i < n; i++) {
        if (names[i]) add_entry(l, names[i]);
        free(names[i]);
    }
    free(names);
    return n;
}

static int exists(const char *dir, const char *file)
{
    char path[1300];
    struct stat st;
    outdir_path(path, sizeof path, dir, file);
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
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

/* ---------------------------------------------------------------- progress */

typedef struct {
    int show;
    uint64_t total, before; /* trials of the whole batch, and of the runs already finished */
    int index, count;
    const char *name;
    double t0, last;
} progress;

static void tick(void *ctx, uint64_t done)
{
    progress *p = ctx;
    double now = wall_seconds();
    if (!p->show || now - p->last < 0.2) return;
    p->last = now;
    double frac = p->total ? (double)(p->before + done) / (double)p->total : 1;
    if (frac > 1) frac = 1;
    double el = now - p->t0;
    int width = 30, fill = (int)(frac * width);
    char bar[64];
    for (int i = 0; i < width; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[width] = '\0';
    fprintf(stderr, "\rbatch [%s] %3.0f%%  scenario %d/%d %-20.20s %6.1f s, ~%.0f s left   ", bar,
            100 * frac, p->index, p->count, p->name, el,
            frac > 0.01 ? el * (1 - frac) / frac : 0.0);
    fflush(stderr);
}

/* ---------------------------------------------------------------- one scenario */

static const char *const run_files[] = {"trials.csv", "summary.csv", "analytic.csv", "summary.png"};
static const char *const sweep_files[] = {"sweep.csv", "sweep.png"};

/* Runs the scenario and its sweep as needed. Returns 0, or the exit status to end the batch
 * with (interrupted, internal error); a scenario's own failure marks it and returns 0. */
static int run_entry(entry *e, const cli_sets *sets, int threads, int plot, const char *cmdline,
                     progress *pg)
{
    char err[1000];
    scn *s = e->s;
    if (e->run_needed) {
        if (ranks_bcast_int(ranks_is_root() && outdir_check(e->dir, s->name, err, sizeof err))) {
            fail_entry(e, err);
            return 0;
        }
        run_opts ro = {.outdir = e->dir,
                       .threads = threads,
                       .plot = plot,
                       .command_line = cmdline,
                       .tick = tick,
                       .tick_ctx = pg};
        run_result res;
        int r = run_scenario(s, &ro, &res, err, sizeof err);
        if (r == RC_LIMIT) {
            char *msg = NULL;
            if (asprintf(&msg, "%s: %s", s->path, err) < 0) msg = NULL;
            fail_entry(e, msg ? msg : err);
            free(msg);
            return 0;
        }
        if (r > 0 || mc_interrupted) return cli_interrupted_exit();
        if (r < 0) {
            fprintf(stderr, "relsim batch: %s\n", err);
            return EXIT_INTERNAL;
        }
        pg->before += s->trials;
        e->run_ok = 1;
        if (!ranks_is_root()) goto sweep; /* under MPI, rank 0 writes */
        analytic_list *l = malloc(sizeof *l);
        if (!l) return EXIT_INTERNAL;
        analytic_compute(s, l);
        int w = analytic_write_csv(l, e->dir, err, sizeof err);
        free(l);
        if (w) {
            fprintf(stderr, "relsim batch: %s\n", err);
            return EXIT_INTERNAL;
        }
    }
sweep:
    if (e->sweep_needed) {
        sweep *w = calloc(1, sizeof *w);
        if (!w) return EXIT_INTERNAL;
        int rc = 0;
        if (sweep_from_scenario(w, s, err, sizeof err) ||
            sweep_setup(w, s->path, sets->v, sets->n)) {
            fail_entry(e, err);
            goto done;
        }
        w->hash = scn_hash_with_sweep(s);
        sweep_opts so = {.threads = threads,
                         .tick = tick,
                         .tick_ctx = pg,
                         .trials = s->sweep_trials,
                         .precision = s->sweep_precision,
                         .max_trials = s->sweep_max_trials};
        int r = sweep_run(w, &so, err, sizeof err);
        if (r == RC_LIMIT) {
            fail_entry(e, err);
            goto done;
        }
        if (r > 0 || mc_interrupted) {
            rc = cli_interrupted_exit();
            goto done;
        }
        char fit[400], note[300];
        if (r < 0 ||
            (ranks_is_root() && sweep_write(w, e->sweep_dir, cmdline, threads, plot, fit, sizeof fit,
                                         note, sizeof note, err, sizeof err))) {
            if (mc_interrupted) {
                rc = cli_interrupted_exit();
            } else {
                fprintf(stderr, "relsim batch: %s\n", err);
                rc = EXIT_INTERNAL;
            }
        }
        pg->before += (uint64_t)w->npoints * w->trials;
    done:
        sweep_free(w);
        free(w);
        return rc;
    }
    return 0;
}

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

/* ---------------------------------------------------------------- the command */

int cmd_batch(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, 0, 'o'}, {"set", required_argument, 0, 'S'},
        {"force", no_argument, 0, 'F'},        {"threads", required_argument, 0, 'j'},
        {"no-plot", no_argument, 0, 'P'},      {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'},         {0, 0, 0, 0}};
    const char *out = "results/batch";
    cli_common co = CLI_COMMON_INIT;
    int c, rc = EXIT_INPUT;
    char err[1000], cmdline[4096];
    entries l = {0};
    cli_join_args(argc + 1, argv - 1, cmdline, sizeof cmdline);
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            out = optarg;
            break;
        case 'h':
            usage_batch(stdout);
            return 0;
        default:
            if (cli_common_option(c, optarg, argv[optind - 1], "batch", &co)) return EXIT_INPUT;
        }
    }
    const cli_sets sets = co.sets;
    int threads = co.threads, force = co.force, plot = co.plot, quiet = co.quiet;
    if (optind == argc) {
        fprintf(stderr, "relsim batch: no scenario (give directories or files; see relsim batch "
                        "--help)\n");
        return EXIT_INPUT;
    }
    if (threads == 0) threads = mc_default_threads();
    double t0 = wall_seconds();

    /* The scenarios: directories' .ini files in name order, files as given. */
    for (int i = optind; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            int before = l.n;
            if (collect_dir(&l, argv[i]) < 0 || l.n == before) {
                entry *e = add_entry(&l, argv[i]);
                if (!e) goto oom;
                snprintf(err, sizeof err, "%s: no .ini scenario file in this directory", argv[i]);
                fail_entry(e, err);
            }
        } else if (!add_entry(&l, argv[i])) {
            goto oom;
        }
    }
    for (int i = 0; i < l.n; i++) {
        entry *e = &l.v[i];
        if (e->status == REPORT_FAILED) continue;
        scn_errors errs = {0};
        e->s = malloc(sizeof *e->s);
        if (!e->s) goto oom;
        int nerr = scn_load(e->file, NULL, sets.v, sets.n, e->s, &errs);
        /* under MPI every rank loads every file: they must agree */
        if (ranks_any(nerr != 0)) {
            for (int k = 0; k < errs.n; k++)
                fail_entry(e, errs.msg[k]);
            if (!nerr) {
                snprintf(err, sizeof err, "%s: another MPI rank could not load it", e->file);
                fail_entry(e, err);
            }
            scn_errors_free(&errs);
            free(e->s);
            e->s = NULL;
            continue;
        }
        scn_errors_free(&errs);
        for (int j = 0; j < i; j++) {
            if (l.v[j].s && strcmp(l.v[j].s->name, e->s->name) == 0) {
                snprintf(err, sizeof err,
                         "%s: scenario name '%s' is also that of %s: give each a distinct "
                         "[scenario] name (it names the results directory)",
                         e->file, e->s->name, l.v[j].file);
                fail_entry(e, err);
                free(e->s);
                e->s = NULL;
                break;
            }
        }
        if (!e->s) continue;
        int short_of_memory = mc_check_memory(e->s, threads, err, sizeof err) != 0;
        if (ranks_any(short_of_memory)) {
            char msg[2200];
            snprintf(msg, sizeof msg, "%s: %s", e->file,
                     short_of_memory ? err : "another MPI rank lacks the memory");
            fail_entry(e, msg);
            free(e->s);
            e->s = NULL;
            continue;
        }
        snprintf(e->dir, sizeof e->dir, "%s/%s", out, e->s->name);
        snprintf(e->sweep_dir, sizeof e->sweep_dir, "%s/%s-sweep", out, e->s->name);
        int nrun = plot ? 4 : 3, nsweep = plot ? 2 : 1;
        /* rank 0 looks at the files; under MPI the others follow */
        e->run_needed = ranks_bcast_int(
            force || !up_to_date(e->dir, RECORD_SCENARIO_HASH, scn_hash(e->s), run_files, nrun));
        e->sweep_needed =
            ranks_bcast_int(e->s->has_sweep &&
                         (force || !up_to_date(e->sweep_dir, RECORD_SWEEP_HASH,
                                               scn_hash_with_sweep(e->s), sweep_files, nsweep)));
        e->status = e->run_needed || e->sweep_needed ? REPORT_RAN : REPORT_UP_TO_DATE;
        e->run_ok = !e->run_needed;
        e->work = e->run_needed ? e->s->trials : 0;
    }

    /* Run what needs running, one scenario at a time on every core. */
    progress pg = {.show = !quiet && isatty(2), .t0 = t0};
    for (int i = 0; i < l.n; i++) {
        pg.total += l.v[i].work;
        if (l.v[i].sweep_needed) pg.total += sweep_work(l.v[i].s);
        pg.count += l.v[i].run_needed || l.v[i].sweep_needed;
    }
    if (ranks_bcast_int(ranks_is_root() && outdir_make(out, err, sizeof err))) {
        fprintf(stderr, "relsim batch: %s\n", err);
        rc = EXIT_INTERNAL;
        goto done;
    }
    cli_install_signals();
    for (int i = 0; i < l.n; i++) {
        entry *e = &l.v[i];
        if (!e->s || (!e->run_needed && !e->sweep_needed)) continue;
        pg.index++;
        pg.name = e->s->name;
        int r = run_entry(e, &sets, threads, plot, cmdline, &pg);
        if (r) {
            if (pg.show) fputc('\n', stderr);
            rc = r;
            goto done;
        }
    }
    if (pg.show) fprintf(stderr, "\rbatch: done in %.1f s%60s\n", wall_seconds() - t0, "");

    /* The report, from the files (rank 0's work under MPI). */
    int failed = 0;
    for (int i = 0; i < l.n; i++)
        failed += l.v[i].status == REPORT_FAILED;
    if (!ranks_is_root()) {
        rc = failed ? EXIT_INPUT : 0;
        goto done;
    }
    report_entry *re = calloc((size_t)(l.n ? l.n : 1), sizeof *re);
    if (!re) goto oom;
    for (int i = 0; i < l.n; i++) {
        entry *e = &l.v[i];
        re[i].file = e->file;
        re[i].name = e->s ? e->s->name : NULL;
        re[i].status = e->status;
        re[i].message = e->errors;
        if (e->s && (e->status != REPORT_FAILED || e->run_ok)) {
            re[i].dir = e->dir + strlen(out) + 1;
            re[i].sweep_dir = e->s->has_sweep ? e->sweep_dir + strlen(out) + 1 : NULL;
        }
    }
    report_info info = {
        .command = cmdline, .wall_s = wall_seconds() - t0, .threads = threads, .no_plot = !plot};
    if (report_write(out, re, l.n, &info, err, sizeof err)) {
        fprintf(stderr, "relsim batch: %s\n", err);
        free(re);
        rc = EXIT_INTERNAL;
        goto done;
    }
    free(re);
    if (!quiet) {
        printf("relsim %s: batch of %d scenario(s) in %.1f s, %d thread(s)\n\n", RELSIM_VERSION,
               l.n, wall_seconds() - t0, threads);
        for (int i = 0; i < l.n; i++) {
            entry *e = &l.v[i];
            const char *st = e->status == REPORT_FAILED       ? "FAILED"
                             : e->status == REPORT_UP_TO_DATE ? "up to date"
                                                              : "ran";
            printf("  %-24s %-11s %s\n", e->s ? e->s->name : "-", st, e->file);
        }
        printf("\nwritten: %s/{report.html, report.md, report.csv}\n", out);
        if (failed) printf("%d of %d scenario(s) FAILED: see above and the report\n", failed, l.n);
    }
    rc = failed ? EXIT_INPUT : 0;
    goto done;
oom:
    fprintf(stderr, "relsim batch: out of memory\n");
    rc = EXIT_INTERNAL;
done:
    for (int i = 0; i < l.n; i++) {
        free(l.v[i].file);
        free(l.v[i].s);
        free(l.v[i].errors);
    }
    free(l.v);
    return rc;
}
