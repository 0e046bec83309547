/*
 * sweep: the grid, the runs and the paired comparison (see sweep.h).
 */
#include "sim/sweep.h"
#include "sim/clock.h"
#include "models/units.h"
#include "sim/mc.h"
#include "sim/trial.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const sweep_metrics[SWEEP_NMETRICS] = {"goodput", "availability", "makespan_h",
                                                   "lost_h", "checkpoints"};

#define CHUNK 1024 /* trials run per point before moving to the next point */

/* ---------------------------------------------------------------- --vary */

/* A value of a range: a duration keeps its unit-less hours, a number is written plainly. */
static void range_value(double x, int duration, char *buf, size_t len)
{
    if (duration)
        unit_format_duration(x, buf, len);
    else
        unit_format_number(x, buf, len);
}

static int parse_range(const char *spec, sweep_key *k, char *err, size_t n)
{
    const char *dots = strstr(spec, "..");
    const char *op = strpbrk(dots + 2, "*+");
    char a[64], b[64], c[64], inner[160];
    if (!op) {
        snprintf(err, n, "a range is A..B*F (geometric) or A..B+S (linear), got '%s'", spec);
        return -1;
    }
    snprintf(a, sizeof a, "%.*s", (int)(dots - spec), spec);
    snprintf(b, sizeof b, "%.*s", (int)(op - dots - 2), dots + 2);
    snprintf(c, sizeof c, "%s", op + 1);
    double lo, hi, step;
    int dur = unit_parse_duration(a, &lo, inner, sizeof inner) == 0;
    if (dur) {
        if (unit_parse_duration(b, &hi, inner, sizeof inner)) {
            snprintf(err, n, "range end: %s", inner);
            return -1;
        }
    } else if (unit_parse_number(a, &lo, inner, sizeof inner) ||
               unit_parse_number(b, &hi, inner, sizeof inner)) {
        snprintf(err, n, "range: %s", inner);
        return -1;
    }
    /* a linear step of a duration range is a duration; a factor is a plain number */
    if ((*op == '+' && dur) ? unit_parse_duration(c, &step, inner, sizeof inner)
                            : unit_parse_number(c, &step, inner, sizeof inner)) {
        snprintf(err, n, "range step: %s", inner);
        return -1;
    }
    if (!(hi >= lo) || (*op == '*' && !(step > 1 && lo > 0)) || (*op == '+' && !(step > 0))) {
        snprintf(err, n,
                 "range %s: expected A <= B, and a factor above 1 from A > 0 (A..B*F) or a "
                 "positive step (A..B+S)",
                 spec);
        return -1;
    }
    k->nvalues = 0;
    for (int i = 0;; i++) {
        double x = *op == '*' ? lo * pow(step, i) : lo + step * i;
        if (x > hi * (1 + 1e-9)) break;
        if (k->nvalues == SWEEP_MAX_VALUES) {
            snprintf(err, n, "range %s has more than %d values", spec, SWEEP_MAX_VALUES);
            return -1;
        }
        range_value(x, dur, k->value[k->nvalues++], sizeof k->value[0]);
    }
    return 0;
}

int sweep_parse_vary(const char *arg, sweep_key *k, char *err, size_t n)
{
    const char *eq = strchr(arg, '=');
    memset(k, 0, sizeof *k);
    if (!eq || eq == arg || (size_t)(eq - arg) >= sizeof k->key || !eq[1]) {
        snprintf(err, n, "expected SECTION.KEY=V1,V2,... or SECTION.KEY=A..B*F, got '%s'", arg);
        return -1;
    }
    snprintf(k->key, sizeof k->key, "%.*s", (int)(eq - arg), arg);
    const char *dot = strrchr(k->key, '.');
    if (!dot) {
        snprintf(err, n, "expected SECTION.KEY=..., got '%s'", arg);
        return -1;
    }
    if (strncmp(k->key, "component.", 10) == 0) /* component.gpu.ttf -> gpu_ttf */
        snprintf(k->column, sizeof k->column, "%.*s_%s", (int)(dot - k->key - 10), k->key + 10,
                 dot + 1);
    else
        snprintf(k->column, sizeof k->column, "%s", dot + 1);
    const char *spec = eq + 1;
    if (strstr(spec, "..")) {
        if (parse_range(spec, k, err, n)) return -1;
    } else {
        /* a list: commas split values, except inside parentheses (laws have commas) */
        const char *p = spec;
        while (*p) {
            int depth = 0;
            const char *q = p;
            while (*q && !(*q == ',' && depth == 0)) {
                depth += *q == '(' ? 1 : *q == ')' ? -1 : 0;
                q++;
            }
            if (k->nvalues == SWEEP_MAX_VALUES || q == p || (size_t)(q - p) >= sizeof k->value[0]) {
                snprintf(err, n, "%s: at most %d values of at most %zu characters, none empty",
                         k->key, SWEEP_MAX_VALUES, sizeof k->value[0] - 1);
                return -1;
            }
            snprintf(k->value[k->nvalues++], sizeof k->value[0], "%.*s", (int)(q - p), p);
            p = *q ? q + 1 : q;
        }
    }
    k->is_duration = 1;
    for (int i = 0; i < k->nvalues; i++) {
        char inner[160];
        if (unit_parse_duration(k->value[i], &k->hours[i], inner, sizeof inner)) k->is_duration = 0;
    }
    return 0;
}

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
            return -1;
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
        return -1;
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
        int nerr = path ? scn_load(path, NULL, all, nsets + w->nkeys, &w->points[p], &e)
                        : scn_load("scenarios/default.ini", scn_default_text, all, nsets + w->nkeys,
                                   &w->points[p], &e);
        if (nerr) {
            print_new(&seen, &e);
            bad = 1;
        }
        scn_errors_free(&e);
    }
    scn_errors_free(&seen);
    free(all);
    free(vary);
    if (mc_any(bad)) return -1; /* under MPI every rank loads every point: all must agree */
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

typedef struct {
    stat_mean *acc;   /* SWEEP_NMETRICS accumulators of this point */
    int metric_index; /* of the chosen metric in trial_metrics */
    int idx[SWEEP_NMETRICS];
    double *vals; /* the chosen metric of each trial of the chunk */
    uint64_t first;
} point_sink;

static int consume(void *ctx, const trial_result *r)
{
    point_sink *k = ctx;
    for (int m = 0; m < SWEEP_NMETRICS; m++)
        stat_mean_add(&k->acc[m], trial_metric_value(r, k->idx[m]));
    k->vals[r->trial - k->first] = trial_metric_value(r, k->metric_index);
    return 0;
}

static int metric_index(const char *name)
{
    for (int i = 0; i < TRIAL_NMETRICS; i++)
        if (strcmp(trial_metrics[i].name, name) == 0) return i;
    return -1;
}

/* Runs trials [from, to) of every point, a chunk at a time; appends the chosen metric to the
 * temporary file in trial-major order. */
static int run_trials(sweep *w, const sweep_opts *o, stat_mean *acc, FILE *tmp, uint64_t from,
                      uint64_t to, double *vals, double *row, char *err, size_t n)
{
    int P = w->npoints;
    for (uint64_t c0 = from; c0 < to; c0 += CHUNK) {
        uint64_t m = to - c0 < CHUNK ? to - c0 : CHUNK;
        for (int p = 0; p < P; p++) {
            point_sink k = {acc + (size_t)p * SWEEP_NMETRICS,
                            metric_index(sweep_metrics[w->metric]),
                            {0},
                            vals + (size_t)p * CHUNK,
                            c0};
            for (int i = 0; i < SWEEP_NMETRICS; i++)
                k.idx[i] = metric_index(sweep_metrics[i]);
            mc_opts mo = {.first = c0, .count = m, .threads = o->threads};
            int rc = mc_run(&w->points[p], &mo, consume, &k, err, n);
            if (rc) return rc;
            if (o->tick) o->tick(o->tick_ctx, c0 * (uint64_t)P + (uint64_t)(p + 1) * m);
            if (o->progress) {
                fprintf(stderr, "\rsweep: trials %llu..%llu, point %d/%d   ",
                        (unsigned long long)c0, (unsigned long long)(c0 + m - 1), p + 1, P);
                fflush(stderr);
            }
        }
        for (uint64_t i = 0; tmp && i < m; i++) {
            for (int p = 0; p < P; p++)
                row[p] = vals[(size_t)p * CHUNK + i];
            if (fwrite(row, sizeof *row, (size_t)P, tmp) != (size_t)P) {
                snprintf(err, n, "cannot write the temporary file of paired values");
                return -1;
            }
        }
    }
    return 0;
}

int sweep_run(sweep *w, const sweep_opts *o, char *err, size_t n)
{
    int P = w->npoints, rc = -1;
    double t0 = wall_seconds();
    stat_mean *acc = calloc((size_t)P * SWEEP_NMETRICS, sizeof *acc);
    stat_mean *dacc = calloc((size_t)P, sizeof *dacc);
    double *vals = malloc((size_t)P * CHUNK * sizeof *vals);
    double *row = malloc((size_t)P * sizeof *row);
    w->summary = calloc((size_t)P * SWEEP_NMETRICS, sizeof *w->summary);
    w->diff = calloc((size_t)P, sizeof *w->diff);
    w->unpaired_half = calloc((size_t)P, sizeof *w->unpaired_half);
    int root = mc_is_root();
    FILE *tmp = root ? tmpfile() : NULL; /* unlinked: gone however the process ends */
    if (!acc || !dacc || !vals || !row || !w->summary || !w->diff || !w->unpaired_half) {
        snprintf(err, n, "out of memory for %d points", P);
        goto out;
    }
    if (!mc_bcast_int(!root || tmp != NULL)) { /* under MPI, only rank 0 keeps the values */
        snprintf(err, n, "cannot create a temporary file for the paired values");
        goto out;
    }
    const char *mname = sweep_metrics[w->metric];
    w->maximise = strcmp(mname, "goodput") == 0 || strcmp(mname, "availability") == 0;
    uint64_t target = o->trials ? o->trials : w->points[0].trials, done = 0;
    w->precision = o->precision;
    w->max_trials = o->max_trials ? o->max_trials : 100 * target;
    if (o->precision > 0 && target > w->max_trials) target = w->max_trials;
    for (;;) {
        rc = run_trials(w, o, acc, tmp, done, target, vals, row, err, n);
        if (rc) goto out;
        done = target;
        if (!(o->precision > 0)) break;
        double worst = 0;
        for (int p = 0; p < P; p++) {
            stat_summary m;
            stat_mean_get(&acc[(size_t)p * SWEEP_NMETRICS + w->metric], &m);
            double h = 0.5 * (m.ci_high - m.ci_low);
            if (!(h <= worst)) worst = h; /* NAN (one trial) counts as too wide */
        }
        /* only rank 0 has the statistics: its decision is everyone's */
        w->precision_reached = mc_bcast_int(worst <= o->precision);
        if (w->precision_reached || done >= w->max_trials) break;
        target = done * 2 < w->max_trials ? done * 2 : w->max_trials;
    }
    w->trials = done;
    if (!root) { /* under MPI, the comparison is rank 0's */
        rc = 0;
        goto out;
    }
    if (o->progress)
        fprintf(stderr, "\rsweep: %d points x %llu trials done%20s\n", P, (unsigned long long)done,
                "");

    /* The best point, then every point's paired difference to it. */
    w->best = 0;
    for (int p = 0; p < P; p++) {
        for (int m = 0; m < SWEEP_NMETRICS; m++)
            stat_mean_get(&acc[(size_t)p * SWEEP_NMETRICS + m],
                          &w->summary[(size_t)p * SWEEP_NMETRICS + m]);
        double a = w->summary[(size_t)p * SWEEP_NMETRICS + w->metric].mean;
        double b = w->summary[(size_t)w->best * SWEEP_NMETRICS + w->metric].mean;
        if (w->maximise ? a > b : a < b) w->best = p;
    }
    rewind(tmp);
    for (uint64_t i = 0; i < done; i++) {
        if (fread(row, sizeof *row, (size_t)P, tmp) != (size_t)P) {
            snprintf(err, n, "cannot read back the temporary file of paired values");
            rc = -1;
            goto out;
        }
        for (int p = 0; p < P; p++)
            stat_mean_add(&dacc[p], row[p] - row[w->best]);
    }
    const stat_summary *sb = &w->summary[(size_t)w->best * SWEEP_NMETRICS + w->metric];
    for (int p = 0; p < P; p++) {
        const stat_summary *sp = &w->summary[(size_t)p * SWEEP_NMETRICS + w->metric];
        stat_mean_get(&dacc[p], &w->diff[p]);
        /* what the same difference would cost without pairing: independent samples */
        w->unpaired_half[p] = stat_ci95_halfwidth(sqrt(sp->sd * sp->sd + sb->sd * sb->sd), done);
    }
    w->wall_s = wall_seconds() - t0;
    rc = 0;
out:
    if (tmp) fclose(tmp);
    free(acc);
    free(dacc);
    free(vals);
    free(row);
    return rc;
}

int sweep_from_scenario(sweep *w, const scn *s, char *err, size_t n)
{
    w->nkeys = 0;
    for (int i = 0; i < s->sweep_nvary; i++) {
        if (!s->sweep_vary[i][0]) continue;
        if (sweep_parse_vary(s->sweep_vary[i], &w->keys[w->nkeys], err, n)) return -1;
        w->nkeys++;
    }
    if (w->nkeys == 0) {
        snprintf(err, n, "%s has no [sweep] vary", s->path);
        return -1;
    }
    w->metric = 0;
    for (int m = 0; m < SWEEP_NMETRICS; m++)
        if (strcmp(s->sweep_metric, sweep_metrics[m]) == 0) w->metric = m;
    return 0;
}
