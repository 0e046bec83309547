/*
 * bench: speed of whole Monte Carlo runs, as a user runs them (through mc_run, results consumed
 * in trial order and reduced as `relsim run` does, without the CSV files).
 *
 *   bench [--quick] [--nodes N]
 *
 * --nodes N runs only the whole runs at N nodes (one of the sizes below, for profiling).
 *
 * For clusters of 64, 1,024 and 16,384 nodes of 8 GPUs with the failure rates of the default
 * scenario (Llama 3's published interruption rate), a 30-day job with Daly's interval: trials/s
 * and events/s on one thread and on every core. Then the Llama-3-scale study: 16,384 GPUs as
 * 2,048 nodes, 54 days, 1,000 trials.
 */
#include "analysis/stat.h"
#include "sim/engine/clock.h"
#include "sim/study/mc.h"
#include "sim/study/ranks.h"
#include "sim/scenario/scn.h"

#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    uint64_t events;
    stat_acc *goodput;
} tally;

static int consume(void *ctx, const metric_row *r)
{
    tally *t = ctx;
    t->events += r->events;
    stat_add(t->goodput, r->goodput);
    return 0;
}

static const char *components =
    "[component.gpu]\ncount = 8\nttf = exponential(mean=3301d)\nttr = lognormal(mean=2d, sd=1d)\n"
    "[component.host]\nttf = exponential(mean=2304d)\nttr = lognormal(mean=1d, sd=12h)\n"
    "[component.network]\nttf = exponential(mean=2633d)\nttr = lognormal(mean=6h, sd=3h)\n"
    "[component.software]\nttf = exponential(mean=1813d)\nttr = 30m\n"
    "[detection]\ntimeout = 10m\nheartbeat = 1m\n[failover]\ntime = 5m\n";

static int load(const char *text, scn *s)
{
    scn_errors e = {0};
    if (scn_load_text(text, "bench.ini", s, &e)) {
        scn_errors_print(&e, stderr);
        return -1;
    }
    return 0;
}

/* Runs s with `threads` threads; fills wall time and events. */
static int measure(const scn *s, int threads, double *secs, uint64_t *events, double *goodput)
{
    tally t = {0, stat_new()};
    char err[400];
    mc_opts o = {.first = 0, .count = s->trials, .threads = threads};
    double t0 = clock_wall();
    if (mc_run(s, &o, consume, &t, err, sizeof err)) {
        fprintf(stderr, "bench: %s\n", err);
        return -1;
    }
    *secs = clock_wall() - t0;
    *events = t.events;
    stat_summary m;
    stat_get(t.goodput, &m);
    *goodput = m.mean;
    stat_free(t.goodput);
    return 0;
}

/* One line per thread count (1 and all cores). */
static int by_threads(const scn *s, int all)
{
    printf("%8s %12s %14s %14s %10s\n", "threads", "seconds", "trials/s", "events/s", "goodput");
    for (int th = 1; th <= all; th += all > 1 ? all - 1 : 1) {
        double secs, gp;
        uint64_t ev;
        if (measure(s, th, &secs, &ev, &gp)) return -1;
        printf("%8d %12.3f %14.0f %14.0f %10.4f\n", th, secs, (double)s->trials / secs,
               (double)ev / secs, gp);
    }
    return 0;
}

int main(int argc, char **argv)
{
    int quick = 0;
    unsigned only = 0;
    for (int a = 1; a < argc; a++) {
        if (strcmp(argv[a], "--quick") == 0)
            quick = 1;
        else if (strcmp(argv[a], "--nodes") == 0 && a + 1 < argc)
            only = (unsigned)strtoul(argv[++a], NULL, 10);
        else {
            fprintf(stderr, "bench: unknown option %s (expected --quick, --nodes N)\n", argv[a]);
            return 2;
        }
    }
    int all = mc_default_threads();
    static const unsigned sizes[] = {64, 1024, 16384};
    static const unsigned trials[] = {20000, 2000, 200};
    scn *s = malloc(sizeof *s);
    char text[4096];
    gsl_set_error_handler_off();

    printf("Whole runs: nodes of 8 GPUs, Llama 3 failure rates, 30-day job, Daly interval\n");
    printf("%8s %8s %8s %12s %14s %14s %10s\n", "nodes", "trials", "threads", "seconds", "trials/s",
           "events/s", "goodput");
    for (int i = 0; i < 3; i++) {
        if (only && only != sizes[i]) continue;
        snprintf(text, sizeof text,
                 "[scenario]\ntrials = %u\n[cluster]\nnodes = %u\nspares = %u\nrepair_crews = %u\n"
                 "%s[job]\nwork = 30d\ncheckpoint_interval = daly\ncheckpoint_cost = 2m\n"
                 "restart_cost = 10m\n",
                 quick ? trials[i] / 10 : trials[i], sizes[i], sizes[i] / 32 + 2,
                 sizes[i] / 128 + 1, components);
        if (load(text, s)) return 1;
        int th[2] = {1, all};
        for (int k = 0; k < (all > 1 ? 2 : 1); k++) {
            double secs, gp;
            uint64_t ev;
            if (measure(s, th[k], &secs, &ev, &gp)) return 1;
            printf("%8u %8llu %8d %12.3f %14.0f %14.0f %10.4f\n", sizes[i],
                   (unsigned long long)s->trials, th[k], secs, (double)s->trials / secs,
                   (double)ev / secs, gp);
        }
    }
    if (only) {
        free(s);
        return 0;
    }

    printf("\nSteady state: 1,024 nodes, a 365-day job (the set-up of each trial amortised)\n");
    snprintf(text, sizeof text,
             "[scenario]\ntrials = %d\n[cluster]\nnodes = 1024\nspares = 34\nrepair_crews = 9\n"
             "%s[job]\nwork = 365d\ncheckpoint_interval = daly\ncheckpoint_cost = 2m\n"
             "restart_cost = 10m\n",
             quick ? 20 : 200, components);
    if (load(text, s)) return 1;
    if (by_threads(s, all)) return 1;

    printf("\nLlama-3-scale study: 2,048 nodes x 8 GPUs = 16,384 GPUs, 54 days, 1,000 trials\n");
    snprintf(text, sizeof text,
             "[scenario]\ntrials = %d\nhorizon = 54d\n[cluster]\nnodes = 2048\nspares = 64\n"
             "repair_crews = 16\n%s[job]\nwork = 1y\ncheckpoint_interval = daly\n"
             "checkpoint_cost = 2m\nrestart_cost = 10m\n",
             quick ? 100 : 1000, components);
    if (load(text, s)) return 1;
    if (by_threads(s, all)) return 1;
    free(s);
    return 0;
}
