/*
 * cmd_check: `relsim check [SCENARIO...]`: load and check scenarios without running them, and
 * print each as relsim resolves it, with the figures it implies.
 */
#include "models/cf.h"
#include "models/unit.h"
#include "sim/cli/cli.h"
#include "sim/study/analytic.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage_check(FILE *f)
{
    fputs("usage: relsim check [SCENARIO...] [--set SECTION.KEY=VALUE]...\n"
          "\n"
          "Loads and checks each scenario (without SCENARIO, the embedded default) without\n"
          "running it, and prints it as relsim resolves it: every default filled in, young or\n"
          "daly resolved, with the system MTBF and the failures per day it implies. Exit status\n"
          "0 if every scenario is valid, 2 otherwise, with every error found as path:line.\n"
          "\n"
          "options:\n"
          "      --set SECTION.KEY=V   override a key in every scenario (repeatable)\n"
          "      --add SECTION.KEY=V   the same, and may create a section --set would refuse\n"
          "  -q, --quiet               only the errors, and one line per valid scenario\n"
          "  -h, --help                this text\n",
          f);
}

/* Comments about what a valid scenario implies, then the scenario itself. */
static void describe(const scn *s, FILE *f)
{
    char a[64], b[64], c[64];
    double per_day = 24.0 / s->mtbf;
    fprintf(f, "; system MTBF %s: %.4g failures a day expected across the %u slots\n",
            unit_format_human(s->mtbf, a, sizeof a), per_day, s->nodes);
    fprintf(f, "; a node fails every %.4g days on average; failures by component kind:",
            s->mtbf * s->nodes / 24.0);
    for (int i = 0; i < s->ncomp; i++)
        fprintf(f, "%s %s %.1f%%", i ? "," : "", s->comp[i].name,
                100.0 * s->comp[i].count / dist_mean(&s->comp[i].ttf) * s->mtbf * s->nodes);
    fputc('\n', f);
    if (s->ndomain || s->has_site) {
        fprintf(f, "; with failure domains%s the job is interrupted every %s on average:",
                s->has_site ? " and the site" : "", unit_format_human(s->mtbf_job, a, sizeof a));
        for (int k = 0; k < s->ndomain; k++)
            fprintf(f, "%s %u %s of %u slots, %.3g failures a day", k ? "," : "",
                    s->nodes / s->domain[k].size, s->domain[k].name, s->domain[k].size,
                    24.0 * (s->nodes / s->domain[k].size) / dist_mean(&s->domain[k].ttf));
        if (s->has_site)
            fprintf(f, "%s the site, a disaster every %s", s->ndomain ? "," : "",
                    unit_format_human(dist_mean(&s->site_ttf), b, sizeof b));
        fputc('\n', f);
    }
    if (s->has_maint) {
        char e[64];
        fprintf(f,
                "; planned maintenance (%s) every %s from %s, each %s on average; with it the job "
                "is interrupted every %s on average\n",
                s->maint_rolling ? "rolling, one node at a time" : "the whole cluster",
                unit_format_human(s->maint_every, a, sizeof a),
                unit_format_human(s->maint_start, b, sizeof b),
                unit_format_human(dist_mean(&s->maint_duration), c, sizeof c),
                unit_format_human(s->mtbf_job, e, sizeof e));
    }
    if (s->has_job) {
        double d = dist_mean(&s->ckpt_cost);
        if (s->ckpt.kind == CKPT_NONE)
            fprintf(f,
                    "; no checkpoints: the job needs %s without a failure, which happens with "
                    "probability %.3g per attempt\n",
                    unit_format_human(s->work, a, sizeof a), cf_no_failure_prob(s->work, s->mtbf));
        else
            fprintf(f, "; checkpoint interval %s (%s), %.0f checkpoints over the work\n",
                    unit_format_human(s->ckpt.interval, a, sizeof a), ckpt_kind_name(s->ckpt.kind),
                    ceil(s->work / s->ckpt.interval * (1 - 1e-9)) - 1);
        if (d > 0)
            fprintf(f, "; for a mean checkpoint cost of %s: young %s, daly %s\n",
                    unit_format_human(d, a, sizeof a),
                    unit_format_human(cf_young_interval(d, s->mtbf_job), b, sizeof b),
                    unit_format_human(cf_daly_interval(d, s->mtbf_job), c, sizeof c));
        /* The fleet starts new: the renewal function of each law, not W/M, which holds only in
         * the long run (a Weibull of shape below 1 fails more often when young); and a horizon
         * shorter than the work ends the count there. */
        double t = fmin(s->work, s->horizon);
        double n = analytic_failures_from_new(s, t);
        if (t < s->work)
            fprintf(f,
                    "; expected failures by the horizon (%s, before the work is done): %.4g\n",
                    unit_format_human(t, a, sizeof a), n);
        else
            fprintf(f, "; expected failures during the work alone (%s, from new): %.4g, more over "
                       "the whole makespan\n",
                    unit_format_human(t, a, sizeof a), n);
    } else {
        fprintf(f, "; no job: hardware availability over a horizon of %s\n",
                unit_format_human(s->horizon, a, sizeof a));
    }
    analytic_load load;
    char warn[512];
    analytic_capacity(s, &load);
    if (analytic_capacity_warning(s, &load, warn, sizeof warn))
        fprintf(f, "; warning: %s\n", warn);
    scn_write(s, f);
}

/* The repair-capacity warning goes to stderr too, so that --quiet and a redirected scenario
 * still show it. */
static void warn_capacity(const scn *s)
{
    analytic_load load;
    char warn[512];
    analytic_capacity(s, &load);
    if (analytic_capacity_warning(s, &load, warn, sizeof warn))
        fprintf(stderr, "relsim check: %s: warning: %s\n", s->path, warn);
}

int cmd_check(int argc, char **argv)
{
    static const struct option opts[] = {{"set", required_argument, 0, 'S'},
                                         {"add", required_argument, 0, 'A'},
                                         {"quiet", no_argument, 0, 'q'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    cli_common co = CLI_COMMON_INIT;
    int c, bad = 0;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
        switch (c) {
        case 'h':
            usage_check(stdout);
            return 0;
        default:
            if (cli_common_option(c, optarg, argv[optind - 1], "check", &co)) return EXIT_INPUT;
        }
    }
    const cli_sets sets = co.sets;
    int quiet = co.quiet;
    int n = argc - optind;
    for (int i = 0; i < (n ? n : 1); i++) {
        const char *path = n ? argv[optind + i] : NULL;
        scn *s = cli_load(path, &sets);
        if (!s) {
            bad = 1;
            continue;
        }
        if (i && !quiet) fputc('\n', stdout);
        printf("; %s: ok\n", s->path);
        warn_capacity(s);
        if (!quiet) describe(s, stdout);
        free(s);
    }
    return bad ? EXIT_INPUT : 0;
}
