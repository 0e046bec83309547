/*
 * cmd_batch: `relsim batch DIR_OR_FILES... [-o OUT]`: its options, its progress line and what it
 * prints; the batch itself (plan, resume, runs, report) is sim/study/batch.h.
 */
#include "analysis/outdir.h"
#include "models/rc.h"
#include "sim/cli/cli.h"
#include "sim/engine/clock.h"
#include "sim/study/batch.h"
#include "sim/study/mc.h"
#include "sim/study/ranks.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
          "      --add SECTION.KEY=V   the same, and may create a section --set would refuse\n"
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
    int show;
    uint64_t total, before; /* trials of the whole batch, and of the entries already finished */
    int index, count;
    const char *name;
    double t0, last;
} progress;

static void tick(void *ctx, uint64_t done)
{
    progress *p = ctx;
    double now = clock_wall();
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

static void print_error(void *ctx, const char *msg)
{
    (void)ctx;
    fprintf(stderr, "%s\n", msg);
}

int cmd_batch(int argc, char **argv)
{
    static const struct option opts[] = {{"output", required_argument, 0, 'o'},
                                         {"set", required_argument, 0, 'S'},
                                         {"add", required_argument, 0, 'A'},
                                         {"force", no_argument, 0, 'F'},
                                         {"threads", required_argument, 0, 'j'},
                                         {"no-plot", no_argument, 0, 'P'},
                                         {"quiet", no_argument, 0, 'q'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *out = "results/batch";
    cli_common co = CLI_COMMON_INIT;
    int c, rc = EXIT_INPUT;
    char err[RC_MSG_MAX];
    const char *cmdline = cli_command_line();
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'h':
            usage_batch(stdout);
            return 0;
        default:
            if (cli_common_option(c, optarg, argv[optind - 1], "batch", &co)) return EXIT_INPUT;
        }
    }
    if (co.outdir) out = co.outdir;
    if (optind == argc) {
        fprintf(stderr, "relsim batch: no scenario (give directories or files; see relsim batch "
                        "--help)\n");
        return EXIT_INPUT;
    }
    double t0 = clock_wall();
    progress pg = {.show = !co.quiet && isatty(2), .t0 = t0};
    batch b = {.o = {.out = out,
                     .sets = co.sets.v,
                     .nsets = co.sets.n,
                     .threads = co.threads ? co.threads : mc_default_threads(),
                     .plot = co.plot,
                     .force = co.force,
                     .command_line = cmdline,
                     .on_error = print_error,
                     .tick = tick,
                     .ctx = &pg}};

    /* The scenarios: directories' .ini files in name order, files as given. */
    for (int i = optind; i < argc; i++)
        if (batch_add(&b, argv[i])) goto oom;
    if (batch_plan(&b)) goto oom;

    /* Run what needs running, one scenario at a time on every core. */
    for (int i = 0; i < b.n; i++) {
        pg.total += batch_work(&b, i);
        pg.count += b.v[i].run_needed || b.v[i].sweep_needed;
    }
    if (ranks_bcast_int(ranks_is_root() && batch_begin(&b, err, sizeof err))) {
        fprintf(stderr, "relsim batch: %s\n", err);
        rc = EXIT_INTERNAL;
        goto done;
    }
    cli_install_signals();
    for (int i = 0; i < b.n; i++) {
        batch_entry *e = &b.v[i];
        if (!e->s || (!e->run_needed && !e->sweep_needed)) continue;
        pg.index++;
        pg.name = e->s->name;
        int r = batch_run_entry(&b, i, err, sizeof err);
        if (r != RC_OK) {
            if (pg.show) fputc('\n', stderr);
            if (r == RC_INTERRUPTED) {
                rc = cli_interrupted_exit();
            } else {
                fprintf(stderr, "relsim batch: %s\n", err);
                rc = EXIT_INTERNAL;
            }
            goto done;
        }
        pg.before += batch_work(&b, i);
    }
    if (pg.show) fprintf(stderr, "\rbatch: done in %.1f s%60s\n", clock_wall() - t0, "");

    /* The report, from the files (rank 0's work under MPI). */
    int failed = batch_failed(&b);
    if (!ranks_is_root()) {
        rc = failed ? EXIT_INPUT : 0;
        goto done;
    }
    if (batch_report(&b, clock_wall() - t0, err, sizeof err)) {
        fprintf(stderr, "relsim batch: %s\n", err);
        rc = EXIT_INTERNAL;
        goto done;
    }
    if (!co.quiet) {
        printf("relsim %s: batch of %d scenario%s in %.1f s, %d thread%s\n\n", RELSIM_VERSION,
               b.n, b.n == 1 ? "" : "s", clock_wall() - t0, b.o.threads,
               b.o.threads == 1 ? "" : "s");
        for (int i = 0; i < b.n; i++) {
            const batch_entry *e = &b.v[i];
            const char *st = e->status == REPORT_FAILED       ? "FAILED"
                             : e->status == REPORT_UP_TO_DATE ? "up to date"
                                                              : "ran";
            printf("  %-24s %-11s %s\n", e->s ? e->s->name : "-", st, e->file);
        }
        printf("\nwritten: %s/{report.html, report.md, report.csv}\n", out);
        if (failed) printf("%d of %d FAILED: see above and the report\n", failed, b.n);
    }
    rc = failed ? EXIT_INPUT : 0;
    goto done;
oom:
    fprintf(stderr, "relsim batch: out of memory\n");
    rc = EXIT_INTERNAL;
done:
    batch_free(&b);
    return rc;
}
