/*
 * sweep: the grid, the runs and the paired comparison (see sweep.h).
 */
#include "sim/study/sweep.h"
#include "sim/engine/clock.h"
#include "models/unit.h"
#include "sim/study/mc.h"
#include "sim/study/ranks.h"
#include "sim/model/world.h"

#include <math.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Where the paired values wait: $TMPDIR, else /tmp. */
static const char *temp_dir(void)
{
    const char *t = getenv("TMPDIR");
    return t && t[0] ? t : "/tmp";
}

/* An unlinked temporary file (gone however the process ends) in temp_dir(); NULL with *e set. */
static FILE *paired_values_file(int *e)
{
    char *path = NULL;
    if (asprintf(&path, "%s/relsim-sweep-XXXXXX", temp_dir()) < 0) {
        *e = ENOMEM;
        return NULL;
    }
    int fd = mkostemp(path, O_CLOEXEC);
    *e = errno;
    if (fd >= 0) unlink(path);
    free(path);
    FILE *f = fd >= 0 ? fdopen(fd, "w+b") : NULL;
    if (fd >= 0 && !f) {
        *e = errno;
        close(fd);
    }
    return f;
}

int sweep_metric(int m)
{
    int idx[METRIC_N];
    metric_select(0, idx);
    return idx[m];
}

const char *sweep_metric_name(int m)
{
    return metric_table[sweep_metric(m)].name;
}

int sweep_metric_of(const char *name)
{
    for (int m = 0; m < SWEEP_NMETRICS; m++)
        if (strcmp(name, sweep_metric_name(m)) == 0) return m;
    return RC_ERROR;
}

#define CHUNK 1024 /* trials run per point before moving to the next point */

/* ---------------------------------------------------------------- set-up */

/* Prints the messages of a point's load that no earlier point printed (every point repeats the
 * base scenario's mistakes). */
static void print_new(scn_errors *seen, const scn_errors *e)
{
    for (int i = 0; i < e->n; i++) {
        int dup = 0;
        for (int j = 0; j < seen->n && !dup; j++)
            dup = strcmp(seen->msg[j], e->msg[i]) == 0;
        if (dup) continue;
        fprintf(stderr, "%s\n", e->msg[i]);
        if (seen->n == seen->cap) {
            int cap = seen->cap ? 2 * seen->cap : 16;
            char **m = realloc(seen->msg, (size_t)cap * sizeof *m);
            if (!m) return;
            seen->msg = m;
            seen->cap = cap;
        }
        seen->msg[seen->n++] = strdup(e->msg[i]);
    }
}

int sweep_setup(sweep *w, const char *path, const char *const *sets, int nsets)
{
    long np = 1;
    for (int k = 0; k < w->nkeys; k++) {
        np *= w->keys[k].nvalues;
        if (np > SWEEP_MAX_POINTS) {
            fprintf(stderr,
                    "relsim sweep: more than %d points (the grid is every combination of "
                    "the --vary values)\n",
                    SWEEP_MAX_POINTS);
            return RC_ERROR;
        }
    }
    w->npoints = (int)np;
    w->points = calloc((size_t)np, sizeof *w->points);
    w->index = calloc((size_t)np * (size_t)(w->nkeys ? w->nkeys : 1), sizeof *w->index);
    const char **all = calloc((size_t)nsets + SWEEP_MAX_KEYS, sizeof *all);
    char(*vary)[200] = calloc(SWEEP_MAX_KEYS, sizeof *vary);
    if (!w->points || !w->index || !all || !vary) {
        fprintf(stderr, "relsim sweep: out of memory\n");
        free(all);
        free(vary);
        return RC_ERROR;
    }
    for (int i = 0; i < nsets; i++)
        all[i] = sets[i];
    scn_errors seen = {0};
    int bad = 0;
    for (int p = 0; p < w->npoints; p++) {
        int rest = p;
        for (int k = 0; k < w->nkeys; k++) { /* the first key varies fastest */
            int v = rest % w->keys[k].nvalues;
            rest /= w->keys[k].nvalues;
            w->index[p * w->nkeys + k] = v;
            snprintf(vary[k], sizeof vary[k], "--vary %s=%s", w->keys[k].key, w->keys[k].value[v]);
            all[nsets + k] = vary[k];
        }
        scn_errors e = {0};
        int nerr = scn_load(path, NULL, all, nsets + w->nkeys, &w->points[p], &e);
        if (nerr) {
            print_new(&seen, &e);
            bad = 1;
        }
        scn_errors_free(&e);
    }
    scn_errors_free(&seen);
    free(all);
    free(vary);
    if (ranks_any(bad))
        return RC_ERROR; /* under MPI every rank loads every point: all must agree */
    /* what the results depend on: every point's scenario and the grid's order */
    unsigned long long h = 14695981039346656037ull;
    for (int p = 0; p < w->npoints; p++) {
        h ^= scn_hash(&w->points[p]);
        h *= 1099511628211ull;
    }
    w->hash = h;
    return 0;
}

void sweep_free(sweep *w)
{
    for (int p = 0; w->why && p < w->npoints; p++)
        free(w->why[p]);
    free(w->why);
    free(w->status);
    w->why = NULL;
    w->status = NULL;
    free(w->points);
    free(w->index);
    free(w->summary);
    free(w->diff);
    free(w->unpaired_half);
    w->points = NULL;
    w->index = NULL;
    w->summary = w->diff = NULL;
    w->unpaired_half = NULL;
}

/* ---------------------------------------------------------------- running */

#define M_ SWEEP_NMETRICS
#define MAX_ROUNDS 64 /* rounds of a precision target: the total at least doubles each round */

typedef struct {
    stat_mean *acc; /* M_ accumulators of this point */
    int idx[M_];    /* metric_table index of each sweep metric */
    double *vals;   /* the chunk's values: trial-major, M_ per trial */
    uint64_t first;
} point_sink;

static int consume(void *ctx, const metric_row *r)
{
    point_sink *k = ctx;
    double *v = k->vals + (size_t)(r->trial - k->first) * M_;
    for (int m = 0; m < M_; m++) {
        v[m] = metric_value(r, k->idx[m]);
        stat_mean_add(&k->acc[m], v[m]);
    }
    return 0;
}

/* Progress on stderr: the share of this round's trials done and an estimate of the time left. */
typedef struct {
    double t0;
    uint64_t total, done;
} progress;

static void progress_show(const progress *g, int p, int P, uint64_t c0, uint64_t m)
{
    double pc = g->total ? 100.0 * (double)g->done / (double)g->total : 100;
    double spent = clock_wall() - g->t0,
           left = g->done ? spent * (double)(g->total - g->done) / (double)g->done : NAN;
    char eta[32];
    if (isfinite(left) && left >= 0)
        snprintf(eta, sizeof eta, "%.0f:%02.0f left", floor(left / 60), fmod(floor(left), 60));
    else
        snprintf(eta, sizeof eta, "time left unknown");
    fprintf(stderr, "\rsweep: %5.1f%%, %s; trials %llu..%llu, point %d/%d   ", pc, eta,
            (unsigned long long)c0, (unsigned long long)(c0 + m - 1), p + 1, P);
    fflush(stderr);
}

/* Marks point p as unable to finish, with the reason. */
static void point_failed(sweep *w, int p, const char *why)
{
    w->status[p] = SWEEP_POINT_LIMIT;
    w->why[p] = strdup(why);
}

/* Runs trials [from, to) of every point still running, a chunk at a time; appends every metric
 * to the temporary file, chunk by chunk and within a chunk point by point (NAN for a point that
 * stopped). A point that hits a safety limit stops; the others go on. */
static int run_trials(sweep *w, const sweep_opts *o, stat_mean *acc, FILE *tmp, uint64_t from,
                      uint64_t to, double *vals, progress *g, char *err, size_t n)
{
    int P = w->npoints;
    int idx[M_];
    for (int i = 0; i < M_; i++)
        idx[i] = sweep_metric(i);
    for (uint64_t c0 = from; c0 < to; c0 += CHUNK) {
        uint64_t m = to - c0 < CHUNK ? to - c0 : CHUNK;
        for (int p = 0; p < P; p++) {
            if (w->status[p] == SWEEP_POINT_OK) {
                point_sink k = {acc + (size_t)p * M_, {0}, vals, c0};
                memcpy(k.idx, idx, sizeof idx);
                mc_opts mo = {.first = c0, .count = m, .threads = o->threads};
                int rc = mc_run(&w->points[p], &mo, consume, &k, err, n);
                if (rc == RC_LIMIT) { /* every rank has the same rc and message */
                    point_failed(w, p, err);
                    err[0] = '\0';
                } else if (rc) {
                    return rc;
                }
            }
            if (w->status[p] != SWEEP_POINT_OK)
                for (size_t i = 0; i < (size_t)m * M_; i++)
                    vals[i] = NAN;
            g->done += m;
            if (o->tick) o->tick(o->tick_ctx, c0 * (uint64_t)P + (uint64_t)(p + 1) * m);
            if (o->progress) progress_show(g, p, P, c0, m);
            if (tmp && fwrite(vals, sizeof *vals, (size_t)m * M_, tmp) != (size_t)m * M_) {
                snprintf(err, n, "cannot write the temporary file of paired values: %s",
                         strerror(errno));
                return RC_ERROR;
            }
        }
    }
    return 0;
}

/* Reads back the values of point p for the chunk of m trials starting at c0 (trial-major). */
static int read_chunk(FILE *tmp, int P, int p, uint64_t c0, uint64_t m, double *out)
{
    size_t len = (size_t)m * M_ * sizeof *out;
    off_t at = (off_t)((c0 * (uint64_t)P + (uint64_t)p * m) * M_ * sizeof *out);
    return pread(fileno(tmp), out, len, at) == (ssize_t)len ? 0 : -1;
}

/* The paired differences of every metric to the best point, in trial order, chunk by chunk as
 * run_trials wrote them (rounds ending at bounds[0..nb-1]). */
static int paired_differences(sweep *w, FILE *tmp, const uint64_t *bounds, int nb, double *a,
                              double *b, stat_mean *dacc)
{
    int P = w->npoints;
    if (fflush(tmp) != 0) return -1;
    uint64_t from = 0;
    for (int r = 0; r < nb; from = bounds[r++])
        for (uint64_t c0 = from; c0 < bounds[r]; c0 += CHUNK) {
            uint64_t m = bounds[r] - c0 < CHUNK ? bounds[r] - c0 : CHUNK;
            if (read_chunk(tmp, P, w->best, c0, m, b)) return -1;
            for (int p = 0; p < P; p++) {
                if (w->status[p] != SWEEP_POINT_OK) continue;
                if (read_chunk(tmp, P, p, c0, m, a)) return -1;
                for (size_t i = 0; i < (size_t)m * M_; i++)
                    stat_mean_add(&dacc[(size_t)p * M_ + i % M_], a[i] - b[i]);
            }
        }
    return 0;
}

int sweep_run(sweep *w, const sweep_opts *o, char *err, size_t n)
{
    int P = w->npoints, rc = RC_ERROR;
    double t0 = clock_wall();
    stat_mean *acc = calloc((size_t)P * M_, sizeof *acc);
    stat_mean *dacc = calloc((size_t)P * M_, sizeof *dacc);
    double *vals = malloc((size_t)CHUNK * M_ * sizeof *vals);
    double *other = malloc((size_t)CHUNK * M_ * sizeof *other);
    w->summary = calloc((size_t)P * M_, sizeof *w->summary);
    w->diff = calloc((size_t)P * M_, sizeof *w->diff);
    w->unpaired_half = calloc((size_t)P, sizeof *w->unpaired_half);
    w->status = calloc((size_t)P, sizeof *w->status);
    w->why = calloc((size_t)P, sizeof *w->why);
    int root = ranks_is_root();
    int tmp_errno = 0;
    FILE *tmp = root ? paired_values_file(&tmp_errno) : NULL;
    if (!acc || !dacc || !vals || !other || !w->summary || !w->diff || !w->unpaired_half ||
        !w->status || !w->why) {
        snprintf(err, n, "out of memory for %d points", P);
        goto out;
    }
    if (!ranks_bcast_int(!root || tmp != NULL)) { /* under MPI, only rank 0 keeps the values */
        snprintf(err, n, "cannot create a temporary file for the paired values in %s: %s",
                 temp_dir(), strerror(tmp_errno));
        goto out;
    }
    w->maximise = (metric_table[sweep_metric(w->metric)].flags & METRIC_HIGHER) != 0;
    uint64_t target = o->trials ? o->trials : w->points[0].trials, done = 0;
    uint64_t bounds[MAX_ROUNDS];
    int nb = 0;
    w->precision = o->precision;
    w->max_trials = o->max_trials ? o->max_trials : 100 * target;
    if (o->precision > 0 && target > w->max_trials) target = w->max_trials;
    progress g = {t0, 0, 0};
    for (;;) {
        g.total = g.done + (target - done) * (uint64_t)P;
        rc = run_trials(w, o, acc, tmp, done, target, vals, &g, err, n);
        if (rc) goto out;
        done = bounds[nb++] = target;
        if (!(o->precision > 0)) break;
        double worst = 0;
        for (int p = 0; p < P; p++) {
            if (w->status[p] != SWEEP_POINT_OK) continue;
            stat_summary m;
            stat_mean_get(&acc[(size_t)p * M_ + w->metric], &m);
            double h = 0.5 * (m.ci_high - m.ci_low);
            if (!(h <= worst)) worst = h; /* NAN (one trial) counts as too wide */
        }
        /* only rank 0 has the statistics: its decision is everyone's */
        w->precision_reached = ranks_bcast_int(worst <= o->precision);
        if (w->precision_reached || done >= w->max_trials || nb == MAX_ROUNDS) break;
        target = done * 2 < w->max_trials ? done * 2 : w->max_trials;
    }
    w->trials = done;
    w->nfinished = 0;
    for (int p = 0; p < P; p++)
        w->nfinished += w->status[p] == SWEEP_POINT_OK;
    if (o->progress) {
        fprintf(stderr, "\rsweep: %d points x %llu trials done", P, (unsigned long long)done);
        if (w->nfinished < P)
            fprintf(stderr, "; %d could not finish (safety limit)", P - w->nfinished);
        fprintf(stderr, "%30s\n", "");
    }
    if (w->nfinished == 0) {
        snprintf(err, n, "%s", w->why[0] ? w->why[0] : "no point finished");
        rc = RC_LIMIT;
        goto out;
    }
    if (!root) { /* under MPI, the comparison is rank 0's */
        rc = 0;
        goto out;
    }

    /* The best point among those that finished, then every point's paired difference to it. */
    w->best = -1;
    for (int p = 0; p < P; p++) {
        for (int m = 0; m < M_; m++) {
            stat_summary *s = &w->summary[(size_t)p * M_ + m];
            stat_mean_get(&acc[(size_t)p * M_ + m], s);
            if (w->status[p] != SWEEP_POINT_OK) s->mean = s->sd = s->ci_low = s->ci_high = NAN;
        }
        if (w->status[p] != SWEEP_POINT_OK) continue;
        if (w->best < 0) {
            w->best = p;
            continue;
        }
        double a = w->summary[(size_t)p * M_ + w->metric].mean;
        double b = w->summary[(size_t)w->best * M_ + w->metric].mean;
        if (w->maximise ? a > b : a < b) w->best = p;
    }
    if (paired_differences(w, tmp, bounds, nb, other, vals, dacc)) {
        snprintf(err, n, "cannot read back the temporary file of paired values");
        rc = RC_ERROR;
        goto out;
    }
    const stat_summary *sb = &w->summary[(size_t)w->best * M_ + w->metric];
    for (int p = 0; p < P; p++) {
        const stat_summary *sp = &w->summary[(size_t)p * M_ + w->metric];
        for (int m = 0; m < M_; m++) {
            stat_summary *d = &w->diff[(size_t)p * M_ + m];
            stat_mean_get(&dacc[(size_t)p * M_ + m], d);
            if (w->status[p] != SWEEP_POINT_OK) d->mean = d->sd = d->ci_low = d->ci_high = NAN;
        }
        /* what the same difference would cost without pairing: independent samples */
        w->unpaired_half[p] = stat_ci95_halfwidth(sqrt(sp->sd * sp->sd + sb->sd * sb->sd), done);
    }
    w->wall_s = clock_wall() - t0;
    rc = 0;
out:
    if (tmp) fclose(tmp);
    free(acc);
    free(dacc);
    free(vals);
    free(other);
    return rc;
}

int sweep_from_scenario(sweep *w, const scn *s, char *err, size_t n)
{
    w->nkeys = 0;
    for (int i = 0; i < s->sweep_nvary; i++) {
        if (!s->sweep_vary[i][0]) continue;
        if (vary_parse(s->sweep_vary[i], &w->keys[w->nkeys], err, n)) return RC_ERROR;
        w->nkeys++;
    }
    if (w->nkeys == 0) {
        snprintf(err, n, "%s has no [sweep] vary", s->path);
        return RC_ERROR;
    }
    w->metric = s->sweep_metric[0] ? sweep_metric_of(s->sweep_metric) : 0;
    if (w->metric < 0) w->metric = 0; /* the loader accepts sweep metrics only */
    return 0;
}
