/*
 * optimize: Kim and Nelson's procedure KN over a sweep's grid, with constraints (see optimize.h).
 * What it writes is optimize_out.c's.
 */
#include "sim/study/optimize.h"
#include "models/unit.h"
#include "sim/engine/clock.h"
#include "sim/study/mc.h"
#include "sim/study/ranks.h"
#include "sim/study/run.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *optimize_status_name(int status)
{
    static const char *const name[] = {"best", "within_delta", "eliminated", "infeasible",
                                       "undecided"};
    return status >= 0 && status <= OPTIMIZE_UNDECIDED ? name[status] : "?";
}

/* s without blanks at either end, into out (len bytes); -1 when it does not fit. */
static int trimmed(const char *s, size_t from, size_t to, char *out, size_t len)
{
    while (from < to && (s[from] == ' ' || s[from] == '\t'))
        from++;
    while (to > from && (s[to - 1] == ' ' || s[to - 1] == '\t'))
        to--;
    if (to - from >= len) return -1;
    memcpy(out, s + from, to - from);
    out[to - from] = '\0';
    return 0;
}

int optimize_parse_constraint(const char *arg, optimize_constraint *c, char *err, size_t n)
{
    const char *ge = strstr(arg, ">="), *le = strstr(arg, "<=");
    const char *op = ge && le ? NULL : ge ? ge : le;
    char value[80];
    memset(c, 0, sizeof *c);
    if (!op) {
        snprintf(err, n, "'%s': expected METRIC>=X or METRIC<=X (e.g. 'goodput>=0.9')", arg);
        return -1;
    }
    size_t at = (size_t)(op - arg);
    if (trimmed(arg, 0, at, c->name, sizeof c->name) || !c->name[0]) {
        snprintf(err, n, "'%s': the metric is %s (expected METRIC>=X or METRIC<=X)", arg,
                 c->name[0] || at == 0 ? "missing" : "too long");
        return -1;
    }
    char why[200];
    if (trimmed(arg, at + 2, strlen(arg), value, sizeof value) ||
        unit_parse_number(value, &c->bound, why, sizeof why)) {
        snprintf(err, n,
                 "'%s': the bound after %.2s is not a number (expected METRIC%.2sX, X a "
                 "number in the metric's units: hours for _h)",
                 arg, op, op);
        return -1;
    }
    c->at_least = op == ge;
    c->metric = -1;
    return 0;
}

int optimize_metric_of(const scn *s, const char *name)
{
    char buf[METRIC_NAME_MAX];
    for (int i = 0; i < METRIC_N; i++) {
        if (metric_table[i].flags & METRIC_HIDDEN) continue;
        const char *col = run_metric_column(s, i, buf);
        if (col && strcmp(col, name) == 0) return i;
    }
    return -1;
}

uint64_t optimize_first_stage(const scn *s, uint64_t n0)
{
    if (n0) return n0;
    n0 = s->trials < OPTIMIZE_N0 ? s->trials : OPTIMIZE_N0;
    return n0 < 2 ? 2 : n0;
}

double optimize_kn_h2(int k, uint64_t n0, double alpha, double *eta)
{
    *eta = 0;
    if (k < 2 || n0 < 2 || !(alpha > 0 && alpha < 1)) return 0;
    /* Kim and Nelson (2001), the procedure KN, step "Setup" */
    *eta = 0.5 * (pow(2 * alpha / (double)(k - 1), -2.0 / (double)(n0 - 1)) - 1);
    return 2 * *eta * (double)(n0 - 1);
}

char *optimize_point_label(const optimize *o, int p)
{
    char *s = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&s, &len);
    if (!m) return NULL;
    const sweep *g = &o->grid;
    for (int k = 0; k < g->nkeys; k++)
        fprintf(m, "%s%s %s", k ? ", " : "", g->keys[k].column,
                g->keys[k].value[g->index[p * g->nkeys + k]]);
    if (fclose(m) != 0) {
        free(s);
        return NULL;
    }
    return s;
}

int optimize_shown_metrics(const optimize *o, int *out)
{
    int n = 0;
    int want[OPTIMIZE_MAX_CONSTRAINTS + 5];
    int nw = 0;
    want[nw++] = o->objective;
    for (int c = 0; c < o->nconstraints; c++)
        want[nw++] = o->con[c].metric;
    static const char *const also[] = {"goodput", "availability", "cost_per_useful_node_h",
                                       "cost_per_hour"};
    for (size_t i = 0; i < sizeof also / sizeof also[0]; i++)
        want[nw++] = optimize_metric_of(&o->grid.points[0], also[i]);
    for (int i = 0; i < nw; i++) {
        int dup = want[i] < 0;
        for (int j = 0; j < n && !dup; j++)
            dup = out[j] == want[i];
        if (!dup) out[n++] = want[i];
    }
    return n;
}

void optimize_free(optimize *o)
{
    for (int p = 0; o->why && p < o->grid.npoints; p++)
        free(o->why[p]);
    free(o->why);
    free(o->status);
    free(o->feasible);
    free(o->violated);
    free(o->trials);
    free(o->decided);
    free(o->round);
    free(o->by);
    free(o->est);
    free(o->shortfall);
    o->why = NULL;
    o->status = o->feasible = o->violated = o->round = o->by = NULL;
    o->trials = o->decided = NULL;
    o->est = o->shortfall = NULL;
    sweep_free(&o->grid);
}

/* ---------------------------------------------------------------- the procedure */

#define M_ METRIC_N

/* What a run of the procedure keeps besides its results. The trials' values reach rank 0 only
 * (mc_run gathers them there): the statistics and the decisions are rank 0's. */
typedef struct {
    optimize *o;
    int P, root;
    double **obj;         /* P: the objective's value of every trial run (rank 0) */
    stat_mean *acc;       /* P x M_: every metric's running mean (rank 0) */
    double *s2;           /* the first stage's variance of each pair's differences */
    double *sum;          /* P: the objective summed over trials 1..stage (a KN mean's sum) */
    unsigned char *alive; /* P: still in the procedure (on every rank) */
    metric_row *rows;     /* one batch's rows of one point */
    uint64_t rows_cap, first;
    uint64_t stage; /* trials 1..stage are screened */
    int round;
    double t0;
} kn;

static size_t pair_index(int P, int i, int l)
{
    if (i > l) {
        int t = i;
        i = l;
        l = t;
    }
    return (size_t)i * (size_t)(2 * P - i - 1) / 2 + (size_t)(l - i - 1);
}

static int consume(void *ctx, const metric_row *r)
{
    kn *k = ctx;
    k->rows[r->trial - k->first] = *r;
    return 0;
}

/* The one-sided 95% bounds of a metric's mean over a point's trials (Student's t); the mean
 * itself when the trials have no spread or there is one trial. */
static void one_sided(const stat_mean *a, double *lo, double *hi)
{
    double h = 0;
    if (a->n > 1) {
        double sd = sqrt(a->m2 / (double)(a->n - 1));
        h = gsl_cdf_tdist_Pinv(0.95, (double)(a->n - 1)) * sd / sqrt((double)a->n);
    }
    *lo = a->mean - h;
    *hi = a->mean + h;
}

/* Point p's feasibility on its trials so far; *which: the constraint violated. */
static int judge(const kn *k, int p, int *which)
{
    const optimize *o = k->o;
    int all = 1;
    *which = -1;
    for (int c = 0; c < o->nconstraints; c++) {
        double lo, hi;
        one_sided(&k->acc[(size_t)p * M_ + o->con[c].metric], &lo, &hi);
        int holds = o->con[c].at_least ? lo >= o->con[c].bound : hi <= o->con[c].bound;
        int fails = o->con[c].at_least ? hi < o->con[c].bound : lo > o->con[c].bound;
        if (fails) {
            *which = c;
            return OPTIMIZE_FEAS_NO;
        }
        all &= holds;
    }
    return all ? OPTIMIZE_FEAS_YES : OPTIMIZE_FEAS_UNKNOWN;
}

/* Point p leaves at the current stage with status st. */
static void leave(kn *k, int p, int st, uint64_t stage, int by)
{
    optimize *o = k->o;
    k->alive[p] = 0;
    o->status[p] = st;
    o->decided[p] = stage;
    o->round[p] = k->round;
    o->by[p] = by;
}

/* W_il(r) of KN with c = 1. */
static double kn_w(const optimize *o, double s2, uint64_t r)
{
    double rr = (double)r;
    double w = o->delta / (2 * rr) * (o->h2 * s2 / (o->delta * o->delta) - rr);
    return w > 0 ? w : 0;
}

/* KN's screening at stage r (means over trials 1..r): i leaves when a feasible survivor l is
 * better by more than W_il(r), every pair judged against the survivors of the stage before (KN's
 * I_old). Two points tied exactly once W_il is 0 (identical trials) keep the first of the grid:
 * KN lets either be chosen. Returns how many left. */
static int screen(kn *k, uint64_t r)
{
    optimize *o = k->o;
    int P = k->P, na = 0, ny = 0, left = 0;
    int *alive = malloc((size_t)P * sizeof *alive), *yes = malloc((size_t)P * sizeof *yes);
    int *out = malloc((size_t)P * sizeof *out);
    if (!alive || !yes || !out) {
        free(alive);
        free(yes);
        free(out);
        return -1;
    }
    for (int p = 0; p < P; p++)
        if (k->alive[p]) {
            alive[na++] = p;
            if (o->feasible[p] == OPTIMIZE_FEAS_YES) yes[ny++] = p;
        }
    for (int a = 0; a < na; a++) {
        int i = alive[a];
        out[a] = -1;
        for (int y = 0; y < ny && out[a] < 0; y++) {
            int l = yes[y];
            if (l == i) continue;
            double d = (k->sum[l] - k->sum[i]) / (double)r; /* l better by d */
            if (!o->maximise) d = -d;
            double w = kn_w(o, k->s2[pair_index(P, i, l)], r);
            if (d > w || (d == 0 && w == 0 && l < i)) out[a] = l;
        }
    }
    for (int a = 0; a < na; a++)
        if (out[a] >= 0) {
            leave(k, alive[a], OPTIMIZE_ELIMINATED, r, out[a]);
            left++;
        }
    free(alive);
    free(yes);
    free(out);
    return left;
}

/* Judges the feasibility of every survivor not yet judged: an infeasible one leaves. Returns 1
 * when some point became feasible (it may now eliminate others). */
static int judge_all(kn *k)
{
    optimize *o = k->o;
    int newly = 0;
    if (o->nconstraints == 0) return 0;
    for (int p = 0; p < k->P; p++) {
        if (!k->alive[p] || o->feasible[p] != OPTIMIZE_FEAS_UNKNOWN) continue;
        int which, f = judge(k, p, &which);
        o->feasible[p] = f;
        if (f == OPTIMIZE_FEAS_NO) {
            o->violated[p] = which;
            leave(k, p, OPTIMIZE_INFEASIBLE, o->trials[p], -1);
        }
        newly |= f == OPTIMIZE_FEAS_YES;
    }
    return newly;
}

/* The first stage's variances S^2_il of the differences, for every pair that ran it. */
static void first_stage_variances(kn *k)
{
    optimize *o = k->o;
    int P = k->P;
    uint64_t n0 = o->n0;
    for (int i = 0; i < P; i++)
        for (int l = i + 1; l < P; l++) {
            double *s = &k->s2[pair_index(P, i, l)];
            *s = 0;
            if (o->trials[i] < n0 || o->trials[l] < n0) continue;
            double mean = 0, m2 = 0;
            for (uint64_t j = 0; j < n0; j++) { /* Welford, as stat_mean */
                double x = k->obj[i][j] - k->obj[l][j], dx = x - mean;
                mean += dx / (double)(j + 1);
                m2 += dx * (x - mean);
            }
            *s = m2 / (double)(n0 - 1);
        }
}

/* Runs trials [from, from + b) of every point alive; folds them in on rank 0. A point whose
 * trials hit a safety limit is infeasible, the batch dropped; the others go on. */
static int run_batch(kn *k, const optimize_opts *opt, uint64_t b, char *err, size_t n)
{
    optimize *o = k->o;
    if (b > k->rows_cap) {
        metric_row *r = realloc(k->rows, (size_t)b * sizeof *r);
        if (!r) {
            snprintf(err, n, "out of memory for a batch of %llu trials", (unsigned long long)b);
            return RC_ERROR;
        }
        k->rows = r;
        k->rows_cap = b;
    }
    uint64_t from = k->stage;
    k->first = from;
    for (int p = 0; p < k->P; p++) {
        if (!k->alive[p]) continue;
        if (mc_interrupted) return RC_INTERRUPTED;
        mc_opts mo = {.first = from, .count = b, .threads = opt->threads};
        int rc = mc_run(&o->grid.points[p], &mo, consume, k, err, n);
        if (rc == RC_LIMIT) { /* every rank has the same rc and message */
            o->why[p] = strdup(err);
            err[0] = '\0';
            if (!o->why[p]) {
                snprintf(err, n, "out of memory");
                return RC_ERROR;
            }
            o->feasible[p] = OPTIMIZE_FEAS_NO;
            leave(k, p, OPTIMIZE_INFEASIBLE, o->trials[p], -1);
            continue;
        }
        if (rc) return rc;
        if (k->root) {
            double *v = realloc(k->obj[p], (size_t)(o->trials[p] + b) * sizeof *v);
            if (!v) {
                snprintf(err, n, "out of memory for the trials' values");
                return RC_ERROR;
            }
            k->obj[p] = v;
            for (uint64_t j = 0; j < b; j++) {
                const metric_row *r = &k->rows[j];
                for (int m = 0; m < M_; m++)
                    stat_mean_add(&k->acc[(size_t)p * M_ + m], metric_value(r, m));
                v[o->trials[p] + j] = metric_value(r, o->objective);
            }
        }
        o->trials[p] += b;
    }
    return RC_OK;
}

static int count_alive(const kn *k, int feasible_only)
{
    int c = 0;
    for (int p = 0; p < k->P; p++)
        c += k->alive[p] && (!feasible_only || k->o->feasible[p] == OPTIMIZE_FEAS_YES);
    return c;
}

/* The next batch: n0 trials, or a tenth of those so far when more; no further than the stage at
 * which every W_il of the survivors is 0 (when all are feasible: KN ends there), nor than the
 * budget. */
static uint64_t next_batch(const kn *k)
{
    const optimize *o = k->o;
    uint64_t b = k->stage / 10 > o->n0 ? k->stage / 10 : o->n0;
    if (count_alive(k, 1) == count_alive(k, 0) && o->h2 > 0) {
        double end = 0; /* the last stage with some W_il > 0, plus one */
        for (int i = 0; i < k->P; i++)
            for (int l = i + 1; l < k->P; l++)
                if (k->alive[i] && k->alive[l]) {
                    double e =
                        floor(o->h2 * k->s2[pair_index(k->P, i, l)] / (o->delta * o->delta)) + 1;
                    if (e > end) end = e;
                }
        if (end > (double)k->stage && end - (double)k->stage < (double)b)
            b = (uint64_t)(end - (double)k->stage);
    }
    if (b > o->max_trials - k->stage) b = o->max_trials - k->stage;
    return b ? b : 1;
}

static void show_progress(const kn *k)
{
    fprintf(stderr,
            "\roptimize: round %d, %llu trials of at most %llu, %d of %d points left, "
            "%.0f s   ",
            k->round, (unsigned long long)k->stage, (unsigned long long)k->o->max_trials,
            count_alive(k, 0), k->P, clock_wall() - k->t0);
    fflush(stderr);
}

/* Screens the batch just run trial by trial (stages from+1 .. to), then judges feasibility at its
 * end and screens once more if a point became feasible. Stops early when one feasible point is
 * left. Rank 0. */
static int screen_batch(kn *k, uint64_t from, uint64_t to)
{
    optimize *o = k->o;
    uint64_t r = from;
    int single = count_alive(k, 0) == 1 && count_alive(k, 1) == 1;
    if (single) r = to; /* nothing left to screen: the stage is the batch's end */
    while (r < to && !single) {
        r++;
        for (int p = 0; p < k->P; p++)
            if (k->alive[p]) k->sum[p] += k->obj[p][r - 1];
        if (r >= o->n0 && count_alive(k, 1) > 0 && screen(k, r) < 0) return -1;
        single = count_alive(k, 0) == 1 && count_alive(k, 1) == 1;
    }
    k->stage = r;
    if (!single && judge_all(k) && r >= o->n0 && screen(k, r) < 0) return -1;
    return 0;
}

/* After the procedure: the best, the others' statuses, estimates, shortfalls. Rank 0. */
static void conclude(kn *k)
{
    optimize *o = k->o;
    int P = k->P;
    o->best = -1;
    for (int p = 0; p < P; p++) {
        if (!k->alive[p]) continue;
        o->decided[p] = k->stage;
        o->round[p] = k->round;
        if (o->feasible[p] != OPTIMIZE_FEAS_YES) continue;
        int b = o->best;
        double d = b < 0 ? 1 : (k->sum[p] - k->sum[b]) * (o->maximise ? 1 : -1);
        if (d > 0) o->best = p;
    }
    o->budget_out = 0;
    for (int p = 0; p < P; p++) {
        if (!k->alive[p]) continue;
        o->status[p] = p == o->best ? OPTIMIZE_BEST : OPTIMIZE_UNDECIDED;
        o->budget_out |= p != o->best;
    }
    o->spent = o->needed = 0;
    for (int p = 0; p < P; p++) {
        for (int m = 0; m < M_; m++)
            stat_mean_get(&k->acc[(size_t)p * M_ + m], &o->est[(size_t)p * M_ + m]);
        o->spent += o->trials[p];
        if (o->decided[p] > o->needed) o->needed = o->decided[p];
        stat_mean d = {0};
        if (o->best >= 0) {
            uint64_t common = o->trials[p] < o->trials[o->best] ? o->trials[p] : o->trials[o->best];
            for (uint64_t j = 0; j < common; j++) {
                double x = k->obj[o->best][j] - k->obj[p][j];
                stat_mean_add(&d, o->maximise ? x : -x);
            }
        }
        stat_mean_get(&d, &o->shortfall[p]);
        if (p == o->best) o->shortfall[p].ci_low = o->shortfall[p].ci_high = 0;
        /* within delta: feasible, and its shortfall below delta with 95% confidence */
        if (o->status[p] == OPTIMIZE_ELIMINATED && o->feasible[p] == OPTIMIZE_FEAS_YES &&
            o->shortfall[p].ci_high <= o->delta)
            o->status[p] = OPTIMIZE_WITHIN;
    }
    o->stage = k->stage;
    o->nrounds = k->round + 1;
}

int optimize_run(optimize *o, const optimize_opts *opt, char *err, size_t n)
{
    int P = o->grid.npoints, rc = RC_ERROR;
    kn k = {.o = o, .P = P, .root = ranks_is_root(), .t0 = clock_wall()};
    size_t npairs = P > 1 ? (size_t)P * (size_t)(P - 1) / 2 : 1;
    o->status = calloc((size_t)P, sizeof *o->status);
    o->feasible = calloc((size_t)P, sizeof *o->feasible);
    o->violated = calloc((size_t)P, sizeof *o->violated);
    o->trials = calloc((size_t)P, sizeof *o->trials);
    o->decided = calloc((size_t)P, sizeof *o->decided);
    o->round = calloc((size_t)P, sizeof *o->round);
    o->by = calloc((size_t)P, sizeof *o->by);
    o->why = calloc((size_t)P, sizeof *o->why);
    o->est = calloc((size_t)P * M_, sizeof *o->est);
    o->shortfall = calloc((size_t)P, sizeof *o->shortfall);
    k.obj = calloc((size_t)P, sizeof *k.obj);
    k.acc = calloc((size_t)P * M_, sizeof *k.acc);
    k.s2 = calloc(npairs, sizeof *k.s2);
    k.sum = calloc((size_t)P, sizeof *k.sum);
    k.alive = malloc((size_t)P);
    if (!o->status || !o->feasible || !o->violated || !o->trials || !o->decided || !o->round ||
        !o->by || !o->why || !o->est || !o->shortfall || !k.obj || !k.acc || !k.s2 || !k.sum ||
        !k.alive) {
        snprintf(err, n, "out of memory for %d points", P);
        goto out;
    }
    o->alpha = opt->alpha > 0 ? opt->alpha : OPTIMIZE_ALPHA;
    o->n0 = optimize_first_stage(&o->grid.points[0], opt->n0);
    o->max_trials = opt->max_trials ? opt->max_trials : OPTIMIZE_BUDGET_FACTOR * o->n0;
    if (o->max_trials < o->n0) {
        snprintf(err, n, "the budget (%llu trials a point) is below the first stage (%llu)",
                 (unsigned long long)o->max_trials, (unsigned long long)o->n0);
        goto out;
    }
    o->delta = opt->delta;
    o->delta_default = !(opt->delta > 0);
    o->h2 = optimize_kn_h2(P, o->n0, o->alpha, &o->eta);
    o->hash = o->grid.hash;
    for (int p = 0; p < P; p++) {
        k.alive[p] = 1;
        o->violated[p] = o->by[p] = -1;
        o->feasible[p] = o->nconstraints ? OPTIMIZE_FEAS_UNKNOWN : OPTIMIZE_FEAS_YES;
    }

    /* rounds: a batch for every survivor, then rank 0 screens and says what comes next */
    uint64_t b = o->n0;
    for (k.round = 0;; k.round++) {
        rc = run_batch(&k, opt, b, err, n);
        if (rc) goto out;
        int done = 0;
        if (k.root) {
            uint64_t from = k.stage;
            if (k.round == 0) {
                first_stage_variances(&k);
                if (o->delta_default) {
                    double big = 0;
                    for (int p = 0; p < P; p++) {
                        double m = fabs(k.acc[(size_t)p * M_ + o->objective].mean);
                        if (o->trials[p] && m > big) big = m;
                    }
                    o->delta =
                        big > 0 ? OPTIMIZE_DEFAULT_DELTA_SHARE * big : OPTIMIZE_DEFAULT_DELTA_SHARE;
                }
                /* feasibility first: only a feasible point screens the others at stage n0 */
                judge_all(&k);
            }
            if (screen_batch(&k, from, from + b)) {
                snprintf(err, n, "out of memory");
                rc = RC_ERROR;
                goto out;
            }
            int alive = count_alive(&k, 0), feasible = count_alive(&k, 1);
            done = alive == 0 || (alive == 1 && feasible == 1) || from + b >= o->max_trials;
            if (!done) b = next_batch(&k);
            if (opt->progress) show_progress(&k);
        } else {
            k.stage += b;
        }
        /* rank 0's decision is everyone's: which points go on, and the next batch */
        ranks_bcast_bytes(k.alive, (size_t)P);
        ranks_bcast_bytes(&b, sizeof b);
        ranks_bcast_bytes(&k.stage, sizeof k.stage);
        if (ranks_bcast_int(done)) break;
    }
    if (opt->progress) fprintf(stderr, "\r%100s\r", "");
    if (k.root) conclude(&k);
    o->wall_s = clock_wall() - k.t0;
    rc = RC_OK;
out:
    for (int p = 0; k.obj && p < P; p++)
        free(k.obj[p]);
    free(k.obj);
    free(k.acc);
    free(k.s2);
    free(k.sum);
    free(k.alive);
    free(k.rows);
    return rc;
}
