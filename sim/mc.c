/*
 * mc: trials across OpenMP threads, results in trial order (see mc.h).
 *
 * Each thread owns a world (engine, cluster, job) for the whole run. A block of trials is run
 * with a dynamic schedule (trials differ in length), then the calling thread hands the block's
 * results to the consumer in order. Results do not depend on which thread ran which trial.
 */
#include "sim/mc.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

volatile sig_atomic_t mc_interrupted = 0;

#define BLOCK_PER_THREAD 256

typedef struct {
    trial_result r;
    int failed;
    char err[400];
} slot_result;

int mc_default_threads(void)
{
    return omp_get_max_threads();
}

/* Per node and thread: node, slot, links and life records, four timers, heap entries, and two
 * cohorts per group (the pool's usual size after growth). Measured sizes, rounded up. */
uint64_t mc_bytes_needed(const scn *s, int threads)
{
    uint64_t nodes = (uint64_t)s->nodes + s->spares;
    uint64_t groups = (uint64_t)s->ncomp;
    uint64_t per_node = 160 + groups * 2 * (32 + 2 * groups);
    return (uint64_t)threads * nodes * per_node + (uint64_t)threads * BLOCK_PER_THREAD * 512;
}

int mc_check_memory(const scn *s, int threads, char *err, size_t n)
{
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    uint64_t have = pages > 0 && page > 0 ? (uint64_t)pages * (uint64_t)page : (8ull << 30);
    uint64_t need = mc_bytes_needed(s, threads);
    if (need > have / 2) {
        snprintf(err, n,
                 "%u nodes on %d thread(s) would need about %.1f GiB, more than half of this "
                 "machine's %.1f GiB: refused (use fewer nodes or threads)",
                 s->nodes + s->spares, threads, (double)need / (1u << 30),
                 (double)have / (1u << 30));
        return -1;
    }
    return 0;
}

static double wall(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static void show_progress(const mc_opts *o, uint64_t done, double t0, int final)
{
    double el = wall() - t0;
    double eta = done ? el * (double)(o->count - done) / (double)done : 0;
    fprintf(stderr, "\r%s: %3.0f%% (%llu/%llu trials, %.1f s, %.1f s left)   %s",
            o->label ? o->label : "relsim", 100.0 * (double)done / (double)o->count,
            (unsigned long long)done, (unsigned long long)o->count, el, final ? 0.0 : eta,
            final ? "\n" : "");
    fflush(stderr);
}

int mc_run(const scn *s, const mc_opts *o, mc_consumer fn, void *ctx, char *err, size_t n)
{
    int threads = o->threads > 0 ? o->threads : mc_default_threads();
    int rc = 0;
    life_model *lm = life_model_new(s);
    world **w = calloc((size_t)threads, sizeof *w);
    size_t block = (size_t)threads * BLOCK_PER_THREAD;
    if (block > o->count) block = o->count ? (size_t)o->count : 1;
    slot_result *buf = calloc(block, sizeof *buf);
    if (!lm || !w || !buf) goto oom;
    for (int t = 0; t < threads; t++)
        if (!(w[t] = world_new(s, lm))) goto oom;

    double t0 = wall(), last_shown = t0;
    for (uint64_t start = 0; start < o->count && rc == 0; start += block) {
        if (mc_interrupted) {
            rc = 1;
            break;
        }
        uint64_t m = o->count - start < block ? o->count - start : block;
        /* Once a trial fails, later trials of the block are skipped; earlier ones still run, so
         * the error reported is always that of the first failing trial in trial order. */
        uint64_t first_fail = UINT64_MAX;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
        for (uint64_t i = 0; i < m; i++) {
            slot_result *b = &buf[i];
            uint64_t ff;
#pragma omp atomic read
            ff = first_fail;
            b->failed = 0;
            if (mc_interrupted || i > ff) continue; /* the block is thrown away below */
            world *mine = w[omp_get_thread_num()];
            b->failed =
                world_run(mine, s->seed, o->first + start + i, &b->r, b->err, sizeof b->err);
            if (b->failed) {
#pragma omp critical(mc_first_fail)
                if (i < first_fail) first_fail = i;
            }
        }
        if (mc_interrupted) {
            rc = 1;
            break;
        }
        for (uint64_t i = 0; i < m; i++) {
            if (buf[i].failed) {
                snprintf(err, n, "%s", buf[i].err);
                rc = buf[i].failed;
                break;
            }
            if (fn(ctx, &buf[i].r)) {
                rc = 1;
                break;
            }
        }
        if (o->progress && (wall() - last_shown > 0.2 || start + m == o->count)) {
            show_progress(o, start + m, t0, start + m == o->count);
            last_shown = wall();
        }
    }
    goto done;
oom:
    snprintf(err, n, "out of memory setting up %d thread(s) for %u nodes", threads,
             s->nodes + s->spares);
    rc = -1;
done:
    if (w)
        for (int t = 0; t < threads; t++)
            world_free(w[t]);
    free(w);
    free(buf);
    life_model_free(lm);
    return rc;
}
