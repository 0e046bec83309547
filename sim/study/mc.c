/*
 * mc: trials across OpenMP threads, results in trial order (see mc.h).
 *
 * Each thread owns a world (engine, cluster, job) for the whole run. A block of trials is run
 * with a dynamic schedule (trials differ in length), then the calling thread hands the block's
 * results to the consumer in order. Results do not depend on which thread ran which trial.
 */
#include "sim/study/mc.h"
#include "sim/study/ranks.h"
#include "sim/engine/clock.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <unistd.h>

volatile sig_atomic_t mc_interrupted = 0;

#define BLOCK_PER_THREAD 256

typedef struct {
    metric_row r;
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

/* A number of bytes from a cgroup file ("max" or absent: none, UINT64_MAX). */
static uint64_t cgroup_bytes(const char *path)
{
    FILE *f = fopen(path, "re");
    unsigned long long v = 0;
    int ok = f && fscanf(f, "%llu", &v) == 1;
    if (f) fclose(f);
    return ok ? (uint64_t)v : UINT64_MAX;
}

/* The tightest memory limit of the cgroups (v2 and v1) this process is in, walking up the
 * hierarchy: a container's or a Slurm job's --mem. UINT64_MAX when there is none. */
static uint64_t cgroup_limit(void)
{
    uint64_t best = UINT64_MAX;
    FILE *f = fopen("/proc/self/cgroup", "re");
    if (!f) return best;
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        line[strcspn(line, "\n")] = '\0';
        char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
        if (!c2) continue;
        int v2 = c2 == c1 + 1; /* "0::/path" */
        int v1 = !v2 && strstr(c1 + 1, "memory") && strstr(c1 + 1, "memory") < c2;
        if (!v1 && !v2) continue;
        char *path = strdup(c2 + 1);
        if (!path) break;
        for (;;) { /* the group and its parents */
            char *file = NULL;
            if (asprintf(&file,
                         v2 ? "/sys/fs/cgroup%s/memory.max"
                            : "/sys/fs/cgroup/memory%s/memory.limit_in_bytes",
                         strcmp(path, "/") == 0 ? "" : path) >= 0) {
                uint64_t b = cgroup_bytes(file);
                if (b < best) best = b;
                free(file);
            }
            char *slash = strrchr(path, '/');
            if (!slash || slash == path) {
                if (strcmp(path, "/") == 0) break;
                strcpy(path, "/");
                continue;
            }
            *slash = '\0';
        }
        free(path);
    }
    free(line);
    fclose(f);
    return best;
}

uint64_t mc_memory_limit(const char **what)
{
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    uint64_t have = pages > 0 && page > 0 ? (uint64_t)pages * (uint64_t)page : (8ull << 30);
    *what = "this machine's memory";
    uint64_t cg = cgroup_limit();
    if (cg < have) {
        have = cg;
        *what = "the memory limit of this process's cgroup";
    }
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < have) {
        have = rl.rlim_cur;
        *what = "the address-space limit (ulimit -v)";
    }
    if (getrlimit(RLIMIT_DATA, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < have) {
        have = rl.rlim_cur;
        *what = "the data-size limit (ulimit -d)";
    }
    return have;
}

int mc_check_memory(const scn *s, int threads, char *err, size_t n)
{
    const char *what;
    uint64_t have = mc_memory_limit(&what);
    uint64_t need = mc_bytes_needed(s, threads);
    if (need > have / 2) {
        snprintf(err, n,
                 "%u nodes on %d thread(s) would need about %.2f GiB, more than half of %s "
                 "(%.2f GiB): refused (use fewer nodes or threads)",
                 s->nodes + s->spares, threads, (double)need / (1u << 30), what,
                 (double)have / (1u << 30));
        return RC_NOMEM;
    }
    return 0;
}

static void show_progress(const mc_opts *o, uint64_t done, double t0, int final)
{
    double el = clock_wall() - t0;
    double eta = done ? el * (double)(o->count - done) / (double)done : 0;
    fprintf(stderr, "\r%s: %3.0f%% (%llu/%llu trials, %.1f s, %.1f s left)   %s",
            o->label ? o->label : "relsim", 100.0 * (double)done / (double)o->count,
            (unsigned long long)done, (unsigned long long)o->count, el, final ? 0.0 : eta,
            final ? "\n" : "");
    fflush(stderr);
}

/* Tests only: RELSIM_TEST_FAIL_RANK=r makes rank r die after its first block, as a crashed
 * machine would, so that the tests can check the job ends with a message and no output. */
static void test_fail_rank(int me)
{
    const char *v = getenv("RELSIM_TEST_FAIL_RANK");
    if (v && atoi(v) == me) _exit(3);
}

/* Trials of block [0, m) that rank r runs: r, r + R, r + 2R, ... */
static uint64_t share_of(uint64_t m, int r, int R)
{
    return (uint64_t)r < m ? (m - (uint64_t)r + (uint64_t)R - 1) / (uint64_t)R : 0;
}

int mc_run(const scn *s, const mc_opts *o, mc_consumer fn, void *ctx, char *err, size_t n)
{
    int threads = o->threads > 0 ? o->threads : mc_default_threads();
    int R = ranks_count(), me = ranks_self(), root = ranks_is_root();
    int rc = RC_OK;
    world_plan *plan = world_plan_new(s, o->per_node_lives);
    world **w = calloc((size_t)threads, sizeof *w);
    /* a block spans every rank: each runs threads x BLOCK_PER_THREAD of it */
    size_t block = (size_t)threads * BLOCK_PER_THREAD * (size_t)R;
    if (block > o->count) block = o->count ? (size_t)o->count : 1;
    size_t mine_cap = (block + (size_t)R - 1) / (size_t)R;
    slot_result *mine = calloc(mine_cap, sizeof *mine);
    /* rank 0: every rank's results (rank by rank), then in trial order */
    slot_result *gathered = R > 1 && root ? calloc(block, sizeof *gathered) : NULL;
    slot_result *buf = R > 1 ? (root ? calloc(block, sizeof *buf) : NULL) : mine;
    size_t *bytes_of = calloc((size_t)R, sizeof *bytes_of);
    int ok = plan && w && mine && bytes_of && (R == 1 || !root || (gathered && buf));
    for (int t = 0; ok && t < threads; t++)
        ok = (w[t] = world_new(plan)) != NULL;
    if (!ranks_bcast_int(!ranks_any(!ok))) goto oom; /* every rank gives up together */

    double t0 = clock_wall(), last_shown = t0;
    for (uint64_t start = 0; start < o->count && rc == RC_OK; start += block) {
        uint64_t m = o->count - start < block ? o->count - start : block;
        uint64_t nmine = share_of(m, me, R);
        /* Once a trial fails, later trials of the block are skipped; earlier ones still run, so
         * the error reported is always that of the first failing trial in trial order. */
        uint64_t first_fail = UINT64_MAX;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
        for (uint64_t j = 0; j < nmine; j++) {
            slot_result *b = &mine[j];
            uint64_t i = (uint64_t)me + j * (uint64_t)R, ff;
#pragma omp atomic read
            ff = first_fail;
            b->failed = 0;
            if (mc_interrupted || i > ff) continue; /* the block is thrown away below */
            world *wt = w[omp_get_thread_num()];
            b->failed = world_run(wt, s->seed, o->first + start + i, &b->r, b->err, sizeof b->err);
            if (b->failed) {
#pragma omp critical(mc_first_fail)
                if (i < first_fail) first_fail = i;
            }
        }
        if (R > 1 && start == 0) test_fail_rank(me);
        if (ranks_any(mc_interrupted)) {
            mc_interrupted = 1;
            rc = RC_INTERRUPTED;
            break;
        }
        if (R > 1) {
            for (int r = 0; r < R; r++)
                bytes_of[r] = share_of(m, r, R) * sizeof *mine;
            if (ranks_gather(mine, nmine * sizeof *mine, gathered, bytes_of)) {
                snprintf(err, n, "MPI: gathering trials failed");
                rc = RC_ERROR;
            }
            if (root && rc == RC_OK) { /* rank by rank -> trial order */
                size_t at = 0;
                for (int r = 0; r < R; r++)
                    for (uint64_t j = 0; j < share_of(m, r, R); j++)
                        buf[(uint64_t)r + j * (uint64_t)R] = gathered[at++];
            }
        }
        if (root && rc == RC_OK) {
            for (uint64_t i = 0; i < m; i++) {
                if (buf[i].failed) {
                    snprintf(err, n, "%s", buf[i].err);
                    rc = buf[i].failed;
                    break;
                }
                if (fn(ctx, &buf[i].r)) {
                    rc = RC_INTERRUPTED;
                    break;
                }
            }
            if (o->tick) o->tick(o->tick_ctx, start + m);
            if (o->progress && (clock_wall() - last_shown > 0.2 || start + m == o->count)) {
                show_progress(o, start + m, t0, start + m == o->count);
                last_shown = clock_wall();
            }
        }
        /* rank 0 decides for all: go on, stop, or fail with its message */
        rc = ranks_bcast_int(rc);
        if (rc != 0 && rc != 1 && R > 1) ranks_bcast_bytes(err, n);
    }
    goto done;
oom:
    snprintf(err, n, "out of memory setting up %d thread(s) for %u nodes", threads,
             s->nodes + s->spares);
    rc = RC_NOMEM;
done:
    if (w)
        for (int t = 0; t < threads; t++)
            world_free(w[t]);
    free(w);
    free(mine);
    free(gathered);
    if (buf != mine) free(buf);
    free(bytes_of);
    world_plan_free(plan);
    return rc;
}
