/*
 * simpy_relsim: relsim's side of the comparison with SimPy (bench/simpy.sh): the trials of a
 * scenario file on one thread through mc_run, reduced to the mean makespan as the SimPy model
 * reduces its own (no trials.csv, no percentiles: what `relsim run` adds is measured separately
 * by bench/simpy.sh).
 *
 *   simpy_relsim SCENARIO TRIALS
 *
 * prints one line: trials, CPU and wall seconds of the trials alone (the scenario loaded
 * before), events, and the makespan's mean, standard deviation and count.
 */
#include "analysis/stat.h"
#include "sim/engine/clock.h"
#include "sim/study/mc.h"
#include "sim/scenario/scn.h"

#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef struct {
    uint64_t events;
    stat_mean makespan;
} tally;

static int consume(void *ctx, const metric_row *r)
{
    tally *t = ctx;
    t->events += r->events;
    stat_mean_add(&t->makespan, r->makespan_h);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: simpy_relsim SCENARIO TRIALS\n");
        return 2;
    }
    gsl_set_error_handler_off();
    scn *s = malloc(sizeof *s);
    scn_errors e = {0};
    if (!s) return 1;
    if (scn_load_file(argv[1], s, &e)) {
        scn_errors_print(&e, stderr);
        return 2;
    }
    s->trials = strtoull(argv[2], NULL, 10);
    tally t = {0};
    char err[400];
    mc_opts o = {.first = 0, .count = s->trials, .threads = 1};
    double c0 = clock_seconds(CLOCK_PROCESS_CPUTIME_ID), w0 = clock_seconds(CLOCK_MONOTONIC);
    if (mc_run(s, &o, consume, &t, err, sizeof err)) {
        fprintf(stderr, "simpy_relsim: %s\n", err);
        return 1;
    }
    double cpu = clock_seconds(CLOCK_PROCESS_CPUTIME_ID) - c0,
           wall = clock_seconds(CLOCK_MONOTONIC) - w0;
    stat_summary m;
    stat_mean_get(&t.makespan, &m);
    printf("trials %llu cpu_s %.6f wall_s %.6f events %llu mean %.17g sd %.17g n %llu\n",
           (unsigned long long)s->trials, cpu, wall, (unsigned long long)t.events, m.mean, m.sd,
           (unsigned long long)m.n);
    scn_errors_free(&e);
    free(s);
    return 0;
}
