/*
 * run: runs a scenario and writes its output directory (see run.h).
 */
#include "sim/study/run.h"
#include "sim/engine/clock.h"
#include "analysis/csvout.h"
#include "analysis/outfile.h"
#include "analysis/plot.h"
#include "analysis/resultset.h"
#include "analysis/record.h"
#include "sim/study/analytic.h"
#include "sim/study/mc.h"
#include "sim/study/ranks.h"

#include <math.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* trials.csv carries 12 significant digits (relative error below 5e-13, far under any trial's
 * meaning), written in one conversion: at a few microseconds a trial, the shortest round-trip
 * form of 13 numbers would cost more than the trial. summary.csv and the rest stay exact. */
enum { TRIALS_CSV_DIGITS = 12 };

/* A component kind replays a trace: the trace_ columns. */
static int run_has_trace(const scn *s)
{
    for (int k = 0; k < s->ncomp; k++)
        if (s->comp[k].trace > 0) return 1;
    return 0;
}

const char *run_metric_column(const scn *s, int i, char *buf)
{
    const char *names[SCN_MAX_TIERS];
    for (int k = 0; k < s->ntier; k++)
        names[k] = s->tier[k].name;
    metric_scope sc = {
        names, s->ntier,
        (s->ntier ? METRIC_NEEDS_TIERS : 0u) | (s->ndomain ? METRIC_NEEDS_DOMAINS : 0u) |
            (s->has_site ? METRIC_NEEDS_SITE : 0u) | (s->has_service ? METRIC_NEEDS_SERVICE : 0u) |
            (s->has_cost ? METRIC_NEEDS_COST : 0u) | (s->has_maint ? METRIC_NEEDS_MAINT : 0u) |
            (scn_has_repair_rules(s) ? METRIC_NEEDS_REPAIRS : 0u) |
            (s->has_fleet ? METRIC_NEEDS_FLEET : 0u) | (run_has_trace(s) ? METRIC_NEEDS_TRACE : 0u)};
    return metric_column(i, &sc, buf);
}

typedef struct {
    const scn *s;
    unsigned char present[METRIC_N]; /* the metric is a column of s's outputs */
    int ncol, col[METRIC_N];          /* those metrics, in table order */
    int nratio, ratio[METRIC_N][3];   /* METRIC_RATIOS: (ratio, numerator, denominator) */
    csvout *csv;
    stat_acc *acc[METRIC_N];
    stat_pair pair[METRIC_N]; /* (numerator, denominator) of the ratio metrics */
} sink;

static int consume(void *ctx, const metric_row *r)
{
    sink *k = ctx;
    csvout_int(k->csv, (int64_t)r->trial);
    for (int c = 0; c < k->ncol; c++) { /* the scenario's columns only */
        int i = k->col[c];
        double v = metric_value(r, i);
        if (metric_table[i].kind == METRIC_KIND_COUNT)
            csvout_int(k->csv, (int64_t)v);
        else
            csvout_num(k->csv, v);
        stat_add(k->acc[i], v);
    }
    for (int q = 0; q < k->nratio; q++)
        stat_pair_add(&k->pair[k->ratio[q][0]], metric_value(r, k->ratio[q][1]),
                      metric_value(r, k->ratio[q][2]));
    csvout_end_row(k->csv);
    return 0;
}

/* The sink's columns (the metrics present in s's outputs) and ratios (ratio, numerator,
 * denominator), worked out once for all the trials. */
static void sink_plan(sink *k)
{
    int y, x;
    k->ncol = k->nratio = 0;
    for (int i = 0; i < METRIC_N; i++) {
        if (k->present[i]) k->col[k->ncol++] = i;
        if (metric_ratio(i, &y, &x)) {
            k->ratio[k->nratio][0] = i;
            k->ratio[k->nratio][1] = y;
            k->ratio[k->nratio++][2] = x;
        }
    }
}

/* Rounds of a precision target: the total at least doubles each round. */
#define RUN_MAX_ROUNDS 64

/* The 95% CI half-width of metric i over the trials consumed so far (a ratio of totals for the
 * METRIC_RATIOS ones). */
static double halfwidth(const sink *k, int i)
{
    stat_summary m;
    int y, x;
    if (metric_ratio(i, &y, &x))
        stat_pair_ratio(&k->pair[i], &m);
    else
        stat_get(k->acc[i], &m);
    return isnan(m.ci_high) ? INFINITY : (m.ci_high - m.ci_low) / 2;
}

int run_default_metric(const scn *s)
{
    if (s->has_service) {
        int i = metric_index("service_availability");
        if (i >= 0) return i;
    }
    return s->has_job ? METRIC_goodput : METRIC_availability;
}

static void summary_row(csvout *c, const char *name, const stat_summary *m)
{
    csvout_str(c, name);
    double v[] = {m->mean, m->sd, m->ci_low, m->ci_high, m->p05, m->p50, m->p95, m->min, m->max};
    for (size_t j = 0; j < sizeof v / sizeof v[0]; j++)
        csvout_num(c, v[j]);
    csvout_int(c, (int64_t)m->n);
    csvout_end_row(c);
}

static int write_summary(const scn *s, const char *dir, const run_result *res, csvout **out,
                         char *err, size_t n)
{
    static const char *const cols[] = {"metric", "mean", "sd",  "ci95_low", "ci95_high", "p05",
                                       "p50",    "p95",  "min", "max",      "n"};
    char *path = outdir_join(dir, "summary.csv");
    csvout *c = path ? csvout_open(path, cols, 11, err, n) : NULL;
    if (!path) snprintf(err, n, "out of memory");
    free(path);
    if (!c) return -1;
    for (int i = 0; i < METRIC_N; i++) {
        int y, x;
        char col[METRIC_NAME_MAX];
        const char *cname = run_metric_column(s, i, col);
        if (!cname) continue;
        summary_row(c, cname, &res->m[i]);
        if (metric_ratio(i, &y, &x)) {
            char name[64];
            snprintf(name, sizeof name, "%s%s", metric_table[i].name, METRIC_PER_TRIAL_SUFFIX);
            summary_row(c, name, &res->per_trial[i]);
        }
    }
    *out = c;
    return 0;
}

int run_record_scenario(outfile *of, const scn *s)
{
    int bad = s->embedded
                  ? record_put(of, RECORD_SCENARIO_FILE,
                               "(none: the default embedded in relsim, a copy of %s)", s->path)
                  : record_put(of, RECORD_SCENARIO_FILE, "%s", s->path);
    return bad | record_put(of, RECORD_SCENARIO_NAME, "%s", s->name);
}

/* run.txt: the record header (analysis/record.h), then the resolved scenario. */
static outfile *write_record(const scn *s, const run_opts *o, const run_result *res,
                             const char *dir, char *err, size_t n)
{
    outfile *of = record_open(dir, "run record: this file loads back as the scenario that was run",
                              o->command_line, err, n);
    if (!of) return NULL;
    int bad = run_record_scenario(of, s);
    bad |= record_put(of, RECORD_SCENARIO_HASH, "%016llx", scn_hash(s));
    bad |= record_put(of, RECORD_SEED, "%u", s->seed);
    bad |= record_put(of, RECORD_TRIALS, "%llu", (unsigned long long)s->trials);
    bad |= record_put(of, RECORD_THREADS, "%d (results do not depend on the thread count)",
                      res->threads);
    bad |= record_put(of, RECORD_WALL_TIME, "%.3f s", res->wall_s);
    bad |= record_put(of, RECORD_SYSTEM_MTBF, "%.6g h", s->mtbf);
    if (bad) {
        outfile_abort(of);
        snprintf(err, n, "%s/run.txt: out of memory", dir);
        return NULL;
    }
    scn_write(s, record_body(of));
    return of;
}

/* Appends a bar of mean hours per trial, with its share of the mean makespan span. */
static void add_bar(plot_run *p, const char *label, double hours, double span)
{
    p->bar_label[p->nbars] = label;
    p->bar_hours[p->nbars] = hours;
    p->bar_share[p->nbars] = hours / span;
    p->nbars++;
}

/* The histogram shows metric k (its column in trials.csv, after "trial") and its spread. */
static void set_hist(plot_run *p, const stat_summary *m, int k, const char *label)
{
    p->hist_column = k + 2;
    p->hist_label = label;
    p->hist_min = m[k].min;
    p->hist_max = m[k].max;
    p->mean = m[k].mean;
    p->p05 = m[k].p05;
    p->p95 = m[k].p95;
}

/* The 1-based column of metric k in s's trials.csv (after "trial"): the rows a scenario does not
 * have (a rule it does not use) are not columns. */
static int trials_column(const scn *s, int k)
{
    char buf[METRIC_NAME_MAX];
    int col = 2;
    for (int i = 0; i < k; i++)
        col += run_metric_column(s, i, buf) != NULL;
    return col;
}

static int draw(const scn *s, const char *dir, const run_result *res, char *err, size_t n)
{
    char title[400], bar_title[200], tier_label[2 * SCN_MAX_TIERS][SCN_MAX_NAME + 16];
    plot_run p = {.dir = dir,
                  .png = "summary.png",
                  .title = title,
                  .bar_title = bar_title,
                  .trials_csv = "trials.csv",
                  .trials = s->trials};
    const stat_summary *m = res->m;
    int mk = METRIC_makespan_h;
    double span = m[mk].mean > 0 ? m[mk].mean : 1;
    double down = m[METRIC_down_h].mean;
    double wait = m[METRIC_wait_spare_h].mean;
    if (s->has_job) {
        /* The overheads: useful work would dwarf them, so it goes in the title. */
        add_bar(&p, "lost work", m[METRIC_lost_h].mean, span);
        _Static_assert(METRIC_restart_tier5_h == METRIC_restart_tier0_h + 5, "tier rows in order");
        if (s->ntier) { /* where the time went, tier by tier */
            for (int i = 0; i < s->ntier; i++) {
                snprintf(tier_label[i], sizeof tier_label[i], "checkpoints: %s", s->tier[i].name);
                add_bar(&p, tier_label[i], m[METRIC_checkpoint_tier0_h + i].mean, span);
            }
            for (int i = 0; i < s->ntier; i++) {
                snprintf(tier_label[SCN_MAX_TIERS + i], sizeof tier_label[0], "restores: %s",
                         s->tier[i].name);
                add_bar(&p, tier_label[SCN_MAX_TIERS + i], m[METRIC_restart_tier0_h + i].mean,
                        span);
            }
        } else {
            add_bar(&p, "checkpoints", m[METRIC_checkpoint_h].mean, span);
            add_bar(&p, "restores", m[METRIC_restart_h].mean, span);
        }
    }
    if (s->has_service) { /* what the users see first: the service below min_replicas */
        double A = m[METRIC_service_availability].mean;
        add_bar(&p, "service down", A < 1 ? (1 - A) * span : 0, span);
    }
    if (s->ndomain) { /* a domain's outage is down time of its own, not detection's */
        double dom = m[METRIC_domain_down_h].mean, rest = down - wait - dom;
        add_bar(&p, s->has_site ? "detect + failover + site" : "detect + failover",
                rest > 0 ? rest : 0, span);
        add_bar(&p, "domains down", dom, span);
    } else {
        add_bar(&p, s->has_site ? "detect + failover + site" : "detect + failover", down - wait,
                span);
    }
    add_bar(&p, "await repair", wait, span);
    if (s->has_job) {
        double useful = m[METRIC_useful_h].mean;
        snprintf(bar_title, sizeof bar_title,
                 "Overheads per trial (useful work: %.1f h of %.1f h, %.1f%%)", useful, span,
                 100 * useful / span);
        int g = METRIC_goodput;
        set_hist(&p, res->per_trial, g, "goodput of a trial (its useful time / its makespan)");
        snprintf(title, sizeof title,
                 "%s: goodput %.4f (all useful time / all time), availability %.4f, %llu trials",
                 s->name, m[g].mean, m[METRIC_availability].mean, (unsigned long long)s->trials);
    } else if (s->has_service) {
        int a = METRIC_service_availability;
        double A = m[a].mean, nines = A < 1 ? -log10(1 - A) : INFINITY;
        int digits = isfinite(nines) && nines + 2 > 5 ? (int)fmin(ceil(nines) + 2, 9) : 5;
        char how[48];
        if (isfinite(nines))
            snprintf(how, sizeof how, "%.1f nines", nines);
        else
            snprintf(how, sizeof how, "no outage seen");
        snprintf(bar_title, sizeof bar_title,
                 "Down time per trial (every slot up %.1f h of %.0f h)", span - down, span);
        /* minutes a year read better than 0.99999x: the same figure, per trial */
        int dm = METRIC_downtime_min_per_year;
        set_hist(&p, res->per_trial, dm,
                 "service down time of a trial, minutes a year (fewer than min_replicas up)");
        p.hist_column = trials_column(s, dm);
        snprintf(title, sizeof title,
                 "%s: service availability %.*f (%s), %.0f min/year (mean of %llu trials over %.0f h)",
                 s->name, digits, A, how, m[METRIC_downtime_min_per_year].mean,
                 (unsigned long long)s->trials, s->horizon);
    } else {
        int a = METRIC_availability;
        snprintf(bar_title, sizeof bar_title,
                 "Down time per trial (every slot up %.1f h of %.0f h)", span - down, span);
        set_hist(&p, res->per_trial, a, "availability (fraction of time with every slot up)");
        snprintf(title, sizeof title, "%s: availability %.5f (mean of %llu trials over %.0f h)",
                 s->name, m[a].mean, (unsigned long long)s->trials, s->horizon);
    }
    char note[96];
    if (s->has_cost) { /* where the money went: the parts that have a price, nodes always */
        static const struct {
            int metric;
            const char *label;
        } part[] = {{METRIC_cost_nodes, "nodes"},        {METRIC_cost_spares, "spares"},
                    {METRIC_cost_crews, "repair crews"}, {METRIC_cost_repairs, "repairs"},
                    {METRIC_cost_downtime, "downtime"},  {METRIC_cost_storage, "storage"}};
        const double price[] = {s->cost_node_hour, s->cost_node_hour,     s->cost_crew_hour,
                                s->cost_repair,    s->cost_downtime_hour, s->cost_storage_tb_month};
        _Static_assert(sizeof part / sizeof part[0] <= PLOT_MAX_COST, "room for every part");
        for (size_t i = 0; i < sizeof part / sizeof part[0]; i++) {
            if (i > 0 && !(price[i] > 0)) continue;
            p.cost_label[p.ncost] = part[i].label;
            p.cost_mean[p.ncost++] = m[part[i].metric].mean;
        }
        p.cost_total = m[METRIC_cost].mean;
        p.currency = s->currency;
        snprintf(note, sizeof note, "%.3g %s per useful node-hour",
                 m[METRIC_cost_per_useful_node_h].mean, s->currency);
        p.cost_note = note;
    }
    return plot_run_summary(&p, err, n);
}

const char *const run_outputs[] = {"trials.csv",  "summary.csv",  "run.txt",
                                   "summary.png", "analytic.csv", NULL};
/* Without analytic.csv: a run on its own leaves an analytic.csv that `relsim analytic` wrote. */
static const char *const run_outputs_alone[] = {"trials.csv", "summary.csv", "run.txt",
                                                "summary.png", NULL};

/* The files of the set, written into the stage and committed there one by one; the set is
 * published by the caller. */
static int write_set(const scn *s, const run_opts *o, run_result *res, sink *k, const char *dir,
                     char *err, size_t n)
{
    csvout *summary = NULL;
    outfile *record = NULL;
    if (csvout_commit(k->csv, err, n)) {
        k->csv = NULL;
        return RC_ERROR;
    }
    k->csv = NULL;
    if (write_summary(s, dir, res, &summary, err, n)) return RC_ERROR;
    if (csvout_commit(summary, err, n)) return RC_ERROR;
    if (o->analytic) {
        analytic_list *l = malloc(sizeof *l);
        if (!l) {
            snprintf(err, n, "out of memory");
            return RC_ERROR;
        }
        analytic_compute(s, l);
        int w = analytic_write_csv(l, dir, err, n);
        free(l);
        if (w) return RC_ERROR;
    }
    if (o->plot && !mc_interrupted) {
        /* a picture that cannot be drawn does not cost the results: the reason is shown */
        res->plot_skipped = draw(s, dir, res, res->plot_msg, sizeof res->plot_msg) != 0;
    }
    if (mc_interrupted) return RC_INTERRUPTED;
    /* the record last: its presence says that the set is whole */
    if (!(record = write_record(s, o, res, dir, err, n))) return RC_ERROR;
    return outfile_commit(record, err, n) ? RC_ERROR : RC_OK;
}

int run_scenario(const scn *s, const run_opts *o, run_result *res, char *err, size_t n)
{
    static const char *const first_col = "trial";
    const char *cols[METRIC_N + 1];
    char colbuf[METRIC_N][METRIC_NAME_MAX];
    int ncols = 1;
    char *path = NULL;
    sink k = {.s = s};
    resultset *set = NULL;
    scn *ran = NULL;
    int rc = RC_ERROR;
    memset(res, 0, sizeof *res);
    res->threads = o->threads > 0 ? o->threads : mc_default_threads();
    /* Under MPI only rank 0 writes; the others run their share of the trials. Whether rank 0
     * could open its files is everyone's business: a rank left alone in mc_run would wait. */
    int root = ranks_is_root(), ready = 1;
    if (root) {
        ready = (set = resultset_begin(o->outdir, o->analytic ? run_outputs : run_outputs_alone,
                                       "run.txt", err, n)) != NULL;
        cols[0] = first_col;
        for (int i = 0; ready && i < METRIC_N; i++) {
            const char *name = run_metric_column(s, i, colbuf[i]);
            k.present[i] = name != NULL;
            if (name) cols[ncols++] = name;
        }
        if (ready && asprintf(&path, "%s/trials.csv", resultset_stage(set)) < 0) {
            path = NULL;
            snprintf(err, n, "out of memory");
            ready = 0;
        }
        sink_plan(&k);
        if (ready) ready = (k.csv = csvout_open(path, cols, ncols, err, n)) != NULL;
        if (ready) csvout_set_digits(k.csv, TRIALS_CSV_DIGITS);
        for (int i = 0; ready && i < METRIC_N; i++)
            if (!(k.acc[i] = stat_new())) {
                snprintf(err, n, "out of memory");
                ready = 0;
            }
    }
    if (!ranks_bcast_int(ready)) {
        if (!root) snprintf(err, n, "MPI rank 0 could not prepare its output files");
        goto out;
    }

    double t0 = clock_wall();
    mc_opts mo = {.first = 0,
                  .count = s->trials,
                  .threads = o->threads,
                  .progress = o->progress,
                  .label = s->name,
                  .tick = o->tick,
                  .tick_ctx = o->tick_ctx};
    uint64_t done = 0;
    for (int round = 0;; round++) {
        int mrc = mc_run(s, &mo, consume, &k, err, n);
        if (mrc != RC_OK) {
            rc = mrc;
            goto out;
        }
        done += mo.count;
        if (!(o->precision > 0)) break;
        /* rank 0 holds the statistics: it decides, the others follow */
        int more = 0;
        if (root) {
            res->precision_reached = halfwidth(&k, o->metric) <= o->precision;
            more = !res->precision_reached && done < o->max_trials && round < RUN_MAX_ROUNDS;
        }
        if (!ranks_bcast_int(more)) break;
        mo.first = done;
        mo.count = done < o->max_trials - done ? done : o->max_trials - done;
    }
    if (!root) {
        rc = RC_OK;
        goto out;
    }
    res->trials = done;
    res->wall_s = clock_wall() - t0;
    stat_get_many((const stat_acc *const *)k.acc, METRIC_N, res->per_trial);
    for (int i = 0; i < METRIC_N; i++) {
        int y, x;
        res->m[i] = res->per_trial[i];
        if (metric_ratio(i, &y, &x)) stat_pair_ratio(&k.pair[i], &res->m[i]);
    }
    if (done != s->trials) { /* the record says how many trials ran: a copy that says so */
        ran = malloc(sizeof *ran);
        if (!ran) {
            snprintf(err, n, "out of memory");
            goto out;
        }
        *ran = *s;
        ran->trials = done;
    }
    rc = write_set(ran ? ran : s, o, res, &k, resultset_stage(set), err, n);
    if (rc == RC_OK) {
        rc = resultset_commit(set, err, n) ? RC_ERROR : RC_OK;
        set = NULL;
    }
out:
    csvout_abort(k.csv);
    resultset_abort(set);
    for (int i = 0; i < METRIC_N; i++)
        stat_free(k.acc[i]);
    free(path);
    free(ran);
    return rc;
}
