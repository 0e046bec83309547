/*
 * cmd_fit: `relsim fit LOG.csv [--by component] [--laws ...] [--window START,END] [-o DIR]`:
 * laws of times to failure fitted to a failure log (models/faillog.h reads it, models/fit.h
 * fits), written as one result set: fit.csv (every law's estimates, CIs, log-likelihood, AIC and
 * goodness of fit), fit.ini (a scenario fragment with the law AIC chose for each kind, ready to
 * include), fit.png (Weibull paper with the Kaplan-Meier points) and run.txt (the record, last).
 * docs/fit.md says it all for a user. Under MPI, rank 0 alone fits and writes.
 */
#include "analysis/csvout.h"
#include "models/faillog.h"
#include "analysis/outfile.h"
#include "analysis/plot_fit.h"
#include "analysis/record.h"
#include "analysis/resultset.h"
#include "models/fit.h"
#include "models/rc.h"
#include "sim/cli/cli.h"
#include "sim/scenario/scn.h"
#include "sim/study/mc.h"
#include "sim/study/ranks.h"

#include <dirent.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void usage_fit(FILE *f)
{
    fputs("usage: relsim fit LOG.csv [options]\n"
          "\n"
          "Fits laws of times to failure to a failure log by censored (and left-truncated)\n"
          "maximum likelihood: estimates with 95% confidence intervals, log-likelihood, AIC, a\n"
          "goodness-of-fit test (likelihood ratio against the generalized gamma), the law AIC\n"
          "chooses, a Weibull probability plot with the Kaplan-Meier points, and a scenario\n"
          "fragment to include. Writes fit.csv, fit.ini, fit.png and run.txt.\n"
          "\n"
          "LOG.csv is either an interval table (unit,kind,start_h,end_h,failed: one row per\n"
          "life, failed 0 for a life still running when observation stopped) or an event log\n"
          "(time,node,component,event: fail and repair events, time in hours or ISO 8601),\n"
          "which needs --window. docs/fit.md describes both.\n"
          "\n"
          "options:\n"
          "      --by component        one fit per kind of component (default: all lives pooled)\n"
          "      --laws L1,L2,...      among exponential, weibull, lognormal, gamma (default all)\n"
          "      --window START,END    the period an event log observes (its kind of time):\n"
          "                            lives are censored at END and left-truncated at START\n"
          "  -o, --output DIR          output directory (default results/fit-NAME, NAME the log's\n"
          "                            file name without .csv)\n"
          "      --force               write into DIR even if it holds other files\n"
          "      --no-plot             do not draw fit.png\n"
          "  -q, --quiet               no table\n"
          "  -h, --help                this text\n",
          f);
}

static const char *const fit_outputs[] = {"fit.csv", "fit.ini", "fit.png", "run.txt", NULL};

typedef struct {
    const char *kind; /* as in the log ("all" when pooled over several kinds) */
    char section[40]; /* the [component.NAME] of fit.ini */
    fit_life *lives;
    size_t n;
    fit_counts c;
    fit_result res[FIT_NLAWS];
    int nres, best;
    double gg_loglik;
    fit_km_point *km;
    size_t nkm;
} group;

/* A name scenarios take for [component.NAME]: letters, digits, '_' and '-', 39 at most. */
static void section_name(const char *kind, char *out, size_t len)
{
    size_t j = 0;
    for (const char *p = kind; *p && j + 1 < len; p++) {
        char ch = *p;
        int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                 ch == '_' || ch == '-';
        out[j++] = ok ? ch : '_';
    }
    out[j] = '\0';
    if (!j) snprintf(out, len, "unnamed");
}

/* The directory holds nothing but fit's outputs and relsim's temporaries (or does not exist). */
static int dir_check(const char *dir, char *err, size_t n)
{
    DIR *d = opendir(dir);
    if (!d) return 0;
    struct dirent *e;
    int bad = 0;
    while (!bad && (e = readdir(d))) {
        const char *name = e->d_name;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || outfile_is_tmp_name(name) ||
            resultset_is_stage_name(name))
            continue;
        int ours = 0;
        for (int i = 0; fit_outputs[i]; i++)
            ours |= strcmp(name, fit_outputs[i]) == 0;
        if (!ours) {
            snprintf(err, n,
                     "%s holds files that are not the results of relsim fit (%s); use --force to "
                     "write into it anyway, or -o to choose another directory",
                     dir, name);
            bad = 1;
        }
    }
    closedir(d);
    return bad ? -1 : 0;
}

static int fit_group(group *g, const fit_law *laws, int nlaws)
{
    fit_count(g->lives, g->n, &g->c);
    g->best = -1;
    g->gg_loglik = NAN;
    g->nres = nlaws;
    for (int j = 0; j < nlaws; j++) {
        if (mc_interrupted) return RC_INTERRUPTED;
        if (fit_mle(laws[j], g->lives, g->n, &g->res[j])) return RC_ERROR;
        if (g->res[j].ok && (g->best < 0 || g->res[j].aic < g->res[g->best].aic)) g->best = j;
    }
    if (g->best >= 0 && !mc_interrupted) {
        double ll;
        if (fit_gengamma(g->lives, g->n, g->res, g->nres, &ll, NULL) == 0) g->gg_loglik = ll;
        for (int j = 0; j < nlaws; j++)
            fit_gof(&g->res[j], g->gg_loglik);
    }
    g->km = malloc((g->n ? g->n : 1) * sizeof *g->km);
    if (!g->km) return RC_ERROR;
    g->nkm = fit_km(g->lives, g->n, g->km);
    return mc_interrupted ? RC_INTERRUPTED : RC_OK;
}

static const char *const csv_cols[] = {
    "group",        "law",          "lives",   "failures",  "censored",    "truncated",
    "exposure_h",   "fitted",       "note",    "p1_name",   "p1",          "p1_se",
    "p1_ci95_low",  "p1_ci95_high", "p2_name", "p2",        "p2_se",       "p2_ci95_low",
    "p2_ci95_high", "loglik",       "aic",     "delta_aic", "aic_weight",  "gof_test",
    "gof_stat",     "gof_df",       "gof_p",   "chosen",    "scenario_law"};
#define NCSV ((int)(sizeof csv_cols / sizeof csv_cols[0]))

static int write_csv(const group *g, int ng, const char *dir, char *err, size_t n)
{
    char *path = NULL;
    if (asprintf(&path, "%s/fit.csv", dir) < 0) {
        snprintf(err, n, "out of memory");
        return -1;
    }
    csvout *c = csvout_open(path, csv_cols, NCSV, err, n);
    free(path);
    if (!c) return -1;
    for (int k = 0; k < ng; k++) {
        const group *q = &g[k];
        double wsum = 0;
        for (int j = 0; j < q->nres; j++)
            if (q->res[j].ok) wsum += exp(-0.5 * (q->res[j].aic - q->res[q->best].aic));
        for (int j = 0; j < q->nres; j++) {
            const fit_result *r = &q->res[j];
            char law[200];
            csvout_str(c, q->kind);
            csvout_str(c, fit_law_name(r->law));
            csvout_int(c, (int64_t)q->c.n);
            csvout_int(c, (int64_t)q->c.failures);
            csvout_int(c, (int64_t)(q->c.n - q->c.failures));
            csvout_int(c, (int64_t)q->c.truncated);
            csvout_num(c, q->c.exposure);
            csvout_int(c, r->ok);
            csvout_str(c, r->ok ? "" : r->why);
            for (int i = 0; i < 2; i++) {
                int has = i < r->npar;
                csvout_str(c, has ? r->par_name[i] : "");
                csvout_num(c, has && r->ok ? r->par[i] : NAN);
                csvout_num(c, has && r->ok ? r->se[i] : NAN);
                csvout_num(c, has && r->ok ? r->lo[i] : NAN);
                csvout_num(c, has && r->ok ? r->hi[i] : NAN);
            }
            csvout_num(c, r->ok ? r->loglik : NAN);
            csvout_num(c, r->ok ? r->aic : NAN);
            csvout_num(c, r->ok ? r->aic - q->res[q->best].aic : NAN);
            csvout_num(c, r->ok ? exp(-0.5 * (r->aic - q->res[q->best].aic)) / wsum : NAN);
            csvout_str(c, "lr_vs_generalized_gamma");
            csvout_num(c, r->gof_stat);
            csvout_int(c, r->gof_df);
            csvout_num(c, r->gof_p);
            csvout_int(c, j == q->best);
            csvout_str(c, fit_format_law(r, law, sizeof law));
            csvout_end_row(c);
        }
    }
    return csvout_commit(c, err, n);
}

/* A figure for a reader: a duration in hours as d, h or m with 4 digits; a number with 4. */
static char *human(const fit_result *r, int i, double v, char *buf, size_t len)
{
    int duration = !(r->law == FIT_LOGNORMAL || (i == 0 && r->law != FIT_EXPONENTIAL));
    if (!duration)
        snprintf(buf, len, "%.4g", v);
    else if (v >= 24)
        snprintf(buf, len, "%.4gd", v / 24);
    else if (v >= 1)
        snprintf(buf, len, "%.4gh", v);
    else
        snprintf(buf, len, "%.4gm", v * 60);
    return buf;
}

static void describe(const fit_result *r, char *buf, size_t len)
{
    size_t at = 0;
    buf[0] = '\0';
    for (int i = 0; i < r->npar && at < len; i++) {
        char a[32], b[32], c[32];
        int w = snprintf(buf + at, len - at, "%s%s %s [%s, %s]", i ? "  " : "", r->par_name[i],
                         human(r, i, r->par[i], a, sizeof a), human(r, i, r->lo[i], b, sizeof b),
                         human(r, i, r->hi[i], c, sizeof c));
        if (w < 0) break;
        at += (size_t)w;
    }
}

static int write_ini(const group *g, int ng, const char *log, const char *laws_text,
                     const char *dir, char *err, size_t n)
{
    char *path = NULL;
    if (asprintf(&path, "%s/fit.ini", dir) < 0) {
        snprintf(err, n, "out of memory");
        return -1;
    }
    outfile *of = outfile_open(path, err, n);
    free(path);
    if (!of) return -1;
    FILE *f = outfile_stream(of);
    fprintf(f,
            "; relsim fit %s (relsim %s): for each kind of component, the law of its times to\n"
            "; failure that AIC chose among %s. Include it from a scenario\n"
            "; (include = fit.ini), whose own [component.NAME] sections then add count and ttr.\n"
            "; fit.csv has every law's figures.\n",
            log, RELSIM_VERSION, laws_text);
    for (int k = 0; k < ng; k++) {
        const group *q = &g[k];
        fprintf(f, "\n; %s: %zu lives, %zu failures, %zu censored, %zu left-truncated\n", q->kind,
                q->c.n, q->c.failures, q->c.n - q->c.failures, q->c.truncated);
        for (int j = 0; j < q->nres; j++) {
            const fit_result *r = &q->res[j];
            char d[300];
            if (!r->ok) {
                fprintf(f, ";   %-11s no fit: %s\n", fit_law_name(r->law), r->why);
                continue;
            }
            describe(r, d, sizeof d);
            fprintf(f, ";   %-11s %s  AIC %.6g%s  GoF p %.3g\n", fit_law_name(r->law), d, r->aic,
                    j == q->best ? " (chosen)" : "", r->gof_p);
        }
        if (q->best < 0) {
            fprintf(f, "; [component.%s]: no law (see above)\n", q->section);
            continue;
        }
        char law[200];
        fprintf(f, "[component.%s]\nttf = %s\n", q->section,
                fit_format_law(&q->res[q->best], law, sizeof law));
    }
    return outfile_commit(of, err, n);
}

/* The fragment loads as part of a scenario: the laws and names are ones relsim reads. */
static int check_fragment(const group *g, int ng, char *err, size_t n)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f) return -1;
    fputs("[scenario]\nname = fit\nhorizon = 1d\n[cluster]\nnodes = 1\n", f);
    for (int k = 0; k < ng; k++) {
        char law[200];
        if (g[k].best >= 0)
            fprintf(f, "[component.%s]\nttf = %s\nttr = 1h\n", g[k].section,
                    fit_format_law(&g[k].res[g[k].best], law, sizeof law));
    }
    if (fclose(f) != 0) {
        free(text);
        return -1;
    }
    scn *s = malloc(sizeof *s);
    scn_errors errs = {0};
    int bad = !s || scn_load_text(text, "fit.ini", s, &errs) != 0;
    if (bad) snprintf(err, n, "fit.ini would not load: %s", errs.n ? errs.msg[0] : "out of memory");
    scn_errors_free(&errs);
    free(s);
    free(text);
    return bad ? -1 : 0;
}

static int write_record(const faillog *L, const group *g, int ng, const char *log,
                        const char *window, const char *laws_text, int by, double wall,
                        const char *dir, char *err, size_t n)
{
    outfile *of = record_open(dir, "fit record", cli_command_line(), err, n);
    if (!of) return -1;
    size_t failures = 0;
    for (int k = 0; k < ng; k++)
        failures += g[k].c.failures;
    int bad = record_put(of, "log file", "%s", log);
    bad |= record_put(of, "log format", "%s",
                      L->format == FAILLOG_INTERVALS ? "interval table" : "event log");
    if (window)
        bad |= record_put(of, "window", "%s (%s)", window,
                          L->iso ? "ISO 8601, UTC where no offset is given" : "hours");
    bad |= record_put(of, "lives", "%zu (%zu failures) in %d group%s (%s)", L->n, failures, ng,
                      ng == 1 ? "" : "s", by ? "by component" : "pooled");
    if (L->format == FAILLOG_EVENTS)
        bad |= record_note(of,
                           "event log: %zu failures ended lives the log does not show the start "
                           "of (not counted), %zu lives ended by START, %zu events after END",
                           L->unknown_origin, L->before_window, L->after_window);
    bad |= record_put(of, "laws", "%s", laws_text);
    bad |= record_put(of, "goodness of fit",
                      "likelihood ratio against the generalized gamma (chi-square, 3 - p df)");
    bad |= record_put(of, "wall time", "%.3f s", wall);
    if (bad) {
        outfile_abort(of);
        snprintf(err, n, "out of memory");
        return -1;
    }
    record_body(of);
    return outfile_commit(of, err, n);
}

static void print_table(const faillog *L, const group *g, int ng, const char *log, FILE *f)
{
    fprintf(f, "relsim fit: %s: %s, %zu lives", log,
            L->format == FAILLOG_INTERVALS ? "interval table" : "event log", L->n);
    if (L->format == FAILLOG_EVENTS)
        fprintf(f, " (%zu failures of lives whose start the log does not show, not counted)",
                L->unknown_origin);
    fputc('\n', f);
    for (int k = 0; k < ng; k++) {
        const group *q = &g[k];
        fprintf(f,
                "\n%s: %zu lives, %zu failures, %zu censored, %zu left-truncated, %.6g h at "
                "risk\n",
                q->kind, q->c.n, q->c.failures, q->c.n - q->c.failures, q->c.truncated,
                q->c.exposure);
        int w = 20;
        for (int j = 0; j < q->nres; j++) {
            char d[300];
            describe(&q->res[j], d, sizeof d);
            if (q->res[j].ok && (int)strlen(d) > w) w = (int)strlen(d);
        }
        fprintf(f, "%-13s %-*s %12s %10s %8s %8s\n", "law", w, "estimates [95% CI]", "loglik",
                "AIC", "dAIC", "GoF p");
        for (int j = 0; j < q->nres; j++) {
            const fit_result *r = &q->res[j];
            char d[300], name[40];
            snprintf(name, sizeof name, "%s%s", fit_law_name(r->law), j == q->best ? " *" : "");
            if (!r->ok) {
                fprintf(f, "%-13s no fit: %s\n", name, r->why);
                continue;
            }
            describe(r, d, sizeof d);
            fprintf(f, "%-13s %-*s %12.6g %10.6g %8.3g %8.3g\n", name, w, d, r->loglik, r->aic,
                    r->aic - q->res[q->best].aic, r->gof_p);
        }
        if (q->best >= 0) {
            char law[200];
            fprintf(f, "[component.%s] ttf = %s\n", q->section,
                    fit_format_law(&q->res[q->best], law, sizeof law));
        }
    }
    fputs("\n* the law AIC chose; GoF p: likelihood ratio against the generalized gamma (a small p:"
          "\n  the law fits worse than a more flexible one)\n",
          f);
}

/* --laws: a comma-separated list of distinct laws. */
static int parse_laws(const char *s, fit_law *laws, int *n)
{
    char *copy = strdup(s), *save = NULL;
    int rc = 0;
    *n = 0;
    if (!copy) return EXIT_INTERNAL;
    for (char *w = strtok_r(copy, ",", &save); w && !rc; w = strtok_r(NULL, ",", &save)) {
        while (*w == ' ')
            w++;
        fit_law l;
        char msg[300];
        if (fit_law_parse(w, &l)) {
            snprintf(msg, sizeof msg,
                     "unknown law '%s' (expected exponential, weibull, lognormal or gamma)", w);
            rc = cli_bad_option("fit", "--laws", msg);
            break;
        }
        for (int i = 0; i < *n; i++)
            if (laws[i] == l) {
                snprintf(msg, sizeof msg, "%s is given twice", w);
                rc = cli_bad_option("fit", "--laws", msg);
            }
        if (!rc) laws[(*n)++] = l;
    }
    if (!rc && *n == 0)
        rc = cli_bad_option("fit", "--laws",
                            "no law (expected exponential, weibull, lognormal "
                            "or gamma, separated by commas)");
    free(copy);
    return rc;
}

int cmd_fit(int argc, char **argv)
{
    static const struct option opts[] = {{"by", required_argument, 0, 'b'},
                                         {"laws", required_argument, 0, 'l'},
                                         {"window", required_argument, 0, 'w'},
                                         {"output", required_argument, 0, 'o'},
                                         {"force", no_argument, 0, 'F'},
                                         {"no-plot", no_argument, 0, 'P'},
                                         {"quiet", no_argument, 0, 'q'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    cli_common co = CLI_COMMON_INIT;
    const char *window = NULL, *laws_opt = NULL;
    int by = 0, c, nlaws = FIT_NLAWS;
    fit_law laws[FIT_NLAWS] = {FIT_EXPONENTIAL, FIT_WEIBULL, FIT_LOGNORMAL, FIT_GAMMA};
    char err[RC_MSG_MAX];
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'h':
            usage_fit(stdout);
            return 0;
        case 'b':
            if (strcmp(optarg, "component") != 0 && strcmp(optarg, "kind") != 0)
                return cli_bad_option("fit", "--by", "expected component (one fit per kind)");
            by = 1;
            break;
        case 'l':
            laws_opt = optarg;
            break;
        case 'w':
            window = optarg;
            break;
        default:
            if (cli_common_option(c, optarg, argv[optind - 1], "fit", &co)) return EXIT_INPUT;
        }
    }
    if (laws_opt && (c = parse_laws(laws_opt, laws, &nlaws)) != 0) return c;
    if (argc - optind != 1) {
        fprintf(stderr, "relsim fit: one log at a time (got %d; see relsim fit --help)\n",
                argc - optind);
        return EXIT_INPUT;
    }
    /* one process's work: under mpirun the other ranks leave it to rank 0 */
    if (!ranks_is_root()) return 0;
    const char *log = argv[optind];
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);

    faillog L;
    faillog_errors errs;
    int r = faillog_read(log, window, &L, &errs);
    if (r) {
        faillog_errors_print(&errs, stderr);
        faillog_errors_free(&errs);
        return r < 0 ? EXIT_INTERNAL : EXIT_INPUT;
    }
    faillog_errors_free(&errs);
    if (L.n == 0) {
        fprintf(stderr, "%s: no lives to fit (%s)\n", log,
                L.format == FAILLOG_EVENTS
                    ? "expected a repair followed by a failure or by the window's end, within the "
                      "window: the lives an event log shows begin at repairs"
                    : "expected one row per life");
        faillog_free(&L);
        return EXIT_INPUT;
    }

    int rc = EXIT_INTERNAL, ng = by ? L.nkinds : 1;
    group *g = calloc((size_t)ng, sizeof *g);
    fit_life *all = malloc(L.n * sizeof *all);
    char *dir = NULL, laws_text[160] = "";
    resultset *set = NULL;
    if (!g || !all) goto oom;
    for (int j = 0; j < nlaws; j++)
        snprintf(laws_text + strlen(laws_text), sizeof laws_text - strlen(laws_text), "%s%s",
                 j ? ", " : "", fit_law_name(laws[j]));
    /* the groups: one per kind in order of first appearance, each a slice of `all` */
    {
        size_t at = 0;
        for (int k = 0; k < ng; k++) {
            g[k].kind = by || L.nkinds == 1 ? L.kinds[k] : "all";
            section_name(g[k].kind, g[k].section, sizeof g[k].section);
            /* kinds that differ only where a section name cannot ("gpu a", "gpu_a"): a suffix */
            char base[28];
            snprintf(base, sizeof base, "%.27s", g[k].section); /* room for a suffix */
            for (int dup = 2, clash = 1; clash;) {
                clash = 0;
                for (int m = 0; m < k; m++)
                    clash |= strcmp(g[m].section, g[k].section) == 0;
                if (clash) snprintf(g[k].section, sizeof g[k].section, "%s_%d", base, dup++);
            }
            g[k].lives = all + at;
            for (size_t i = 0; i < L.n; i++)
                if (!by || L.lives[i].kind == L.kinds[k]) all[at++] = L.lives[i].life;
            g[k].n = (size_t)(all + at - g[k].lives);
        }
    }
    cli_install_signals();
    int any = 0;
    for (int k = 0; k < ng; k++) {
        int fr = fit_group(&g[k], laws, nlaws);
        if (fr == RC_INTERRUPTED) goto interrupted;
        if (fr != RC_OK) goto oom;
        any |= g[k].best >= 0;
    }
    if (!any) {
        size_t failures = 0;
        for (int k = 0; k < ng; k++)
            failures += g[k].c.failures;
        if (failures == 0)
            fprintf(stderr,
                    "%s: nothing to fit: every life is censored (expected at least one "
                    "failure)\n",
                    log);
        else
            fprintf(stderr, "%s: no law could be fitted: %s\n", log, g[0].res[0].why);
        rc = EXIT_INPUT;
        goto out;
    }
    if (check_fragment(g, ng, err, sizeof err)) {
        fprintf(stderr, "relsim fit: internal error: %s\n", err);
        goto out;
    }

    if (co.outdir)
        dir = strdup(co.outdir);
    else {
        const char *base = strrchr(log, '/');
        base = base ? base + 1 : log;
        size_t bl = strlen(base);
        if (bl > 4 && strcmp(base + bl - 4, ".csv") == 0) bl -= 4;
        if (asprintf(&dir, "results/fit-%.*s", (int)bl, base) < 0) dir = NULL;
    }
    if (!dir) goto oom;
    if (!co.force && dir_check(dir, err, sizeof err)) {
        fprintf(stderr, "relsim fit: %s\n", err);
        rc = EXIT_INPUT;
        goto out;
    }
    set = resultset_begin(dir, fit_outputs, "run.txt", err, sizeof err);
    if (!set) goto failed;
    const char *stage = resultset_stage(set);
    if (write_csv(g, ng, stage, err, sizeof err) ||
        write_ini(g, ng, log, laws_text, stage, err, sizeof err))
        goto failed;
    char plot_msg[600] = "";
    int plot_skipped = 0;
    if (co.plot && !mc_interrupted) {
        plot_fit_group pg[PLOT_FIT_MAX_PANELS];
        int order[PLOT_FIT_MAX_PANELS], np = 0;
        /* the groups with the most failures, in the log's order */
        for (int k = 0; k < ng; k++) {
            int rank = 0;
            for (int m = 0; m < ng; m++)
                rank += g[m].c.failures > g[k].c.failures ||
                        (g[m].c.failures == g[k].c.failures && m < k);
            if (rank < PLOT_FIT_MAX_PANELS) order[np++] = k;
        }
        for (int i = 0; i < np; i++) {
            const group *q = &g[order[i]];
            pg[i] = (plot_fit_group){q->kind, q->nkm,  q->km,  q->nres,
                                     q->res,  q->best, q->c.n, q->c.failures};
        }
        char title[600];
        snprintf(title, sizeof title, "relsim fit %s: Weibull probability plot", log);
        plot_fit p = {stage, "fit.png", title, np, pg, ng - np};
        plot_skipped = plot_fit_picture(&p, plot_msg, sizeof plot_msg) != 0;
    }
    if (mc_interrupted) goto interrupted;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double wall = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    if (write_record(&L, g, ng, log, window, laws_text, by, wall, stage, err, sizeof err))
        goto failed;
    if (mc_interrupted) goto interrupted;
    r = resultset_commit(set, err, sizeof err);
    set = NULL;
    if (r) goto failed;
    if (!co.quiet) {
        print_table(&L, g, ng, log, stdout);
        printf("\nwritten: %s/fit.csv, fit.ini%s, run.txt\n", dir,
               plot_skipped || !co.plot ? "" : ", fit.png");
    }
    if (plot_skipped) fprintf(stderr, "relsim fit: %s\n", plot_msg);
    rc = 0;
    goto out;
interrupted:
    resultset_abort(set);
    set = NULL;
    rc = cli_interrupted_exit();
    goto out;
failed:
    fprintf(stderr, "relsim fit: %s\n", err);
    rc = EXIT_INTERNAL;
    goto out;
oom:
    fprintf(stderr, "relsim fit: out of memory\n");
    rc = EXIT_INTERNAL;
out:
    resultset_abort(set);
    if (g)
        for (int k = 0; k < ng; k++)
            free(g[k].km);
    free(g);
    free(all);
    free(dir);
    faillog_free(&L);
    return rc;
}
