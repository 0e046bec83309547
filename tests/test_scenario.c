/*
 * test_scenario: the specification of sim/scenario, the loader of scenario files.
 *
 * Scenarios are loaded from text with scn_load_text(text, "t.ini", ...) so that every message
 * reads "t.ini:LINE: ..."; file-level behaviour (missing, unreadable, binary files, CRLF and BOM)
 * goes through scn_load_file on files written under a fresh mkdtemp directory. Expected values are
 * worked out by hand in the comments (durations in hours), not taken from the loader's own helpers;
 * the checkpoint intervals are compared with models/cf, the closed forms the loader must use.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tests/testutil.h"

#include "models/cf.h"
#include "models/unit.h"
#include "sim/scenario/scn.h"
#include "sim/scenario/vary.h"

#define MINUTE (1.0 / 60.0) /* hours */
#define SECOND (1.0 / 3600.0)

/* Building blocks of small scenarios: a component, a cluster with it, the rest after a [cluster]
 * section, and the smallest valid scenario (7 lines: an error appended to it is on line 8). */
#define GPU "[component.gpu]\nttf = exponential(mean=100h)\nttr = 1h\n"
#define CLUSTER_GPU "[cluster]\nnodes = 4\n" GPU
#define TAIL GPU "[scenario]\nhorizon = 1d\n"
#define MINIMAL "[scenario]\nhorizon = 10d\n" CLUSTER_GPU

/* Every key of every section, none at its default. */
static const char full_text[] = "; a scenario that sets every key\n"          /* 1 */
                                "[scenario]\n"                                /* 2 */
                                "name = full-run\n"                           /* 3 */
                                "trials = 250\n"                              /* 4 */
                                "seed = 42\n"                                 /* 5 */
                                "horizon = 2w\n"                              /* 6 */
                                "\n"                                          /* 7 */
                                "[cluster]\n"                                 /* 8 */
                                "nodes = 16\n"                                /* 9 */
                                "spares = 3\n"                                /* 10 */
                                "spare_mode = hot\n"                          /* 11 */
                                "repair_crews = 2\n"                          /* 12 */
                                "\n"                                          /* 13 */
                                "[component.gpu]\n"                           /* 14 */
                                "count = 8\n"                                 /* 15 */
                                "ttf = weibull(shape=1.5, scale=1y)\n"        /* 16 */
                                "ttr = lognormal(mean=2d, sd=12h)\n"          /* 17 */
                                "[component.psu]\n"                           /* 18 */
                                "ttf = exponential(mean=5000h)\n"             /* 19 */
                                "ttr = uniform(min=30m, max=90m)\n"           /* 20 */
                                "[component.nic]\n"                           /* 21 */
                                "count = 2\n"                                 /* 22 */
                                "ttf = gamma(shape=2, mean=200d)\n"           /* 23 */
                                "ttr = 90s\n"                                 /* 24 */
                                "[component.fan]\n"                           /* 25 */
                                "ttf = geometric(p=0.001, step=1h)\n"         /* 26 */
                                "ttr = fixed(2h)\n"                           /* 27 */
                                "\n"                                          /* 28 */
                                "[detection]\n"                               /* 29 */
                                "timeout = 10m\n"                             /* 30 */
                                "heartbeat = 30000ms\n"                       /* 31 */
                                "[failover]\n"                                /* 32 */
                                "time = exponential(mean=5m)\n"               /* 33 */
                                "[job]\n"                                     /* 34 */
                                "work = 30d\n"                                /* 35 */
                                "checkpoint_interval = 45m\n"                 /* 36 */
                                "checkpoint_cost = uniform(min=1m, max=3m)\n" /* 37 */
                                "restart_cost = 10min\n";                     /* 38 */

/* ---------------------------------------------------------------- helpers */

static int load(const char *text, scn *s, scn_errors *e)
{
    return scn_load_text(text, "t.ini", s, e);
}

static void print_errors(const scn_errors *e)
{
    for (int i = 0; i < e->n; i++)
        print_error("  message %d: %s\n", i, e->msg[i]);
}

/* Message `i` starts with "t.ini:LINE: " ("t.ini: " for line 0) and contains every fragment. */
static int message_matches(const scn_errors *e, int i, int line, const char *const *frag)
{
    char prefix[64];
    if (line > 0)
        snprintf(prefix, sizeof prefix, "t.ini:%d: ", line);
    else
        snprintf(prefix, sizeof prefix, "t.ini: ");
    if (i >= e->n || strncmp(e->msg[i], prefix, strlen(prefix)) != 0) return 0;
    for (; frag && *frag; frag++)
        if (!strstr(e->msg[i], *frag)) return 0;
    return 1;
}

/* Loading `text` reports exactly one error, on `line`, whose message holds every fragment. */
#define assert_one_error(text, line, ...)                                                          \
    check_one_error((text), (line), (const char *const[]){__VA_ARGS__, NULL}, __FILE__, __LINE__)

static void check_one_error(const char *text, int line, const char *const *frag, const char *file,
                            int at)
{
    scn s;
    scn_errors e = {0};
    int n = load(text, &s, &e);
    if (n != 1 || e.n != 1 || !message_matches(&e, 0, line, frag)) {
        print_error("expected one error on line %d holding:", line);
        for (const char *const *f = frag; *f; f++)
            print_error(" \"%s\"", *f);
        print_error("\ngot %d (returned %d):\n", e.n, n);
        print_errors(&e);
        scn_errors_free(&e);
        _fail(file, at);
    }
    scn_errors_free(&e);
}

/* Loading `text` succeeds with no message. */
#define assert_loads(text, s) check_loads((text), (s), __FILE__, __LINE__)

static void check_loads(const char *text, scn *s, const char *file, int at)
{
    scn_errors e = {0};
    int n = load(text, s, &e);
    if (n != 0 || e.n != 0) {
        print_error("expected no error, got %d (returned %d):\n", e.n, n);
        print_errors(&e);
        scn_errors_free(&e);
        _fail(file, at);
    }
    scn_errors_free(&e);
}

static void assert_dist(const dist *d, dist_kind kind, double p1, double p2)
{
    assert_int_equal(d->kind, kind);
    assert_close(d->p1, p1, 1e-15, 0);
    assert_close(d->p2, p2, 1e-15, 0);
}

static void assert_same_dist(const dist *a, const dist *b)
{
    assert_int_equal(a->kind, b->kind);
    assert_close(a->p1, b->p1, 0, 0);
    assert_close(a->p2, b->p2, 0, 0);
    assert_close(a->z1, b->z1, 0, 0);
    assert_close(a->z2, b->z2, 0, 0);
}

/* A scratch directory for file-level tests. */
typedef struct {
    char dir[64];
    char path[8][128];
    int n;
} scratch;

static void scratch_open(scratch *t)
{
    snprintf(t->dir, sizeof t->dir, "/tmp/test_scenario.XXXXXX");
    assert_non_null(mkdtemp(t->dir));
    t->n = 0;
}

/* Writes len bytes to dir/name; returns the file's path. */
static const char *scratch_file(scratch *t, const char *name, const char *bytes, size_t len)
{
    assert_true(t->n < 8);
    char *p = t->path[t->n++], dir[sizeof t->dir];
    memcpy(dir, t->dir, sizeof dir);
    snprintf(p, sizeof t->path[0], "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    return p;
}

static void scratch_close(scratch *t)
{
    for (int i = 0; i < t->n; i++) {
        chmod(t->path[i], 0600);
        unlink(t->path[i]);
    }
    rmdir(t->dir);
}

/* scn_write into a string (free it). */
/* Not inlined: inlined, gcc 12 at -O3 takes the text for a pointer to the local buf
 * (-Wdangling-pointer) in the callers that compare pointers into it. */
__attribute__((noinline)) static char *write_to_string(const scn *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    scn_write(s, f);
    assert_int_equal(fclose(f), 0);
    return buf;
}

/* ---------------------------------------------------------------- values */

/* [sdc]: its keys, written back only when present (scenarios without it keep their text and
 * hash), and its errors. */
#define SDC_JOB MINIMAL "[job]\nwork = 1d\ncheckpoint_interval = 1h\n" /* 8-10 */
static void sdc_section_keys_and_errors(void **state)
{
    (void)state;
    scn s, back;
    assert_loads(SDC_JOB "[sdc]\nttf = exponential(mean=100h)\ndetect = 30m\nkeep = 2\n", &s);
    assert_int_equal(s.has_sdc, 1);
    assert_dist(&s.sdc_ttf, DIST_EXPONENTIAL, 100, 0);
    assert_dist(&s.sdc_detect, DIST_FIXED, 0.5, 0);
    assert_int_equal(s.sdc_keep, 2);
    char *text = write_to_string(&s);
    assert_non_null(
        strstr(text, "\n[sdc]\nttf = exponential(mean=100h)\ndetect = 30m\nkeep = 2\n"));
    assert_loads(text, &back);
    assert_true(scn_hash(&s) == scn_hash(&back));
    free(text);
    assert_loads(SDC_JOB "[sdc]\nttf = 100h\ndetect = exponential(mean=30m)\n", &s);
    assert_int_equal(s.sdc_keep, 0); /* default: all */
    text = write_to_string(&s);
    assert_non_null(strstr(text, "keep = all\n"));
    free(text);
    assert_loads(SDC_JOB "[sdc]\nttf = 100h\ndetect = 1h\nkeep = all\n", &s);
    assert_int_equal(s.sdc_keep, 0);
    assert_loads(SDC_JOB, &s);
    assert_int_equal(s.has_sdc, 0);
    text = write_to_string(&s);
    assert_null(strstr(text, "[sdc]"));
    free(text);

    assert_one_error(SDC_JOB "[sdc]\nttf = 100h\ndetect = 1h\nkeep = 0\n", 14,
                     "keep: 0 is out of range (expected 1 to 4294967295), or all");
    assert_one_error(SDC_JOB "[sdc]\nttf = 100h\n", 11, "[sdc] needs detect");
    assert_one_error(SDC_JOB "[sdc]\ndetect = 1h\n", 11, "[sdc] needs ttf");
    assert_one_error(SDC_JOB "[sdc]\nttf = 0h\ndetect = 1h\n", 12,
                     "ttf: a time to a strike must have a positive, finite mean");
    assert_one_error(SDC_JOB "[sdc]\nttf = 1h\ndetect = 1h\nstrikes = 3\n", 14,
                     "unknown key 'strikes' in [sdc] (expected ttf, detect, keep)");
    assert_one_error(MINIMAL "[sdc]\nttf = 100h\ndetect = 1h\n", 8, "[sdc] needs a [job] section");
    assert_one_error(SDC_JOB "full_every = 4\n[sdc]\nttf = 100h\ndetect = 1h\n", 12,
                     "[sdc] with [job] full_every is not supported");
}

static void every_key_of_every_section_is_read_in_hours(void **state)
{
    (void)state;
    scn s;
    assert_loads(full_text, &s);

    assert_string_equal(s.name, "full-run");
    assert_int_equal(s.trials, 250);
    assert_int_equal(s.seed, 42);
    assert_close(s.horizon, 2 * 168.0, 1e-15, 0);

    assert_int_equal(s.nodes, 16);
    assert_int_equal(s.spares, 3);
    assert_int_equal(s.hot, 1);
    assert_int_equal(s.crews, 2);

    assert_int_equal(s.ncomp, 4);
    assert_string_equal(s.comp[0].name, "gpu");
    assert_int_equal(s.comp[0].count, 8);
    assert_dist(&s.comp[0].ttf, DIST_WEIBULL, 1.5, 8760);
    assert_dist(&s.comp[0].ttr, DIST_LOGNORMAL, 48, 12);
    assert_string_equal(s.comp[1].name, "psu");
    assert_int_equal(s.comp[1].count, 1);
    assert_dist(&s.comp[1].ttf, DIST_EXPONENTIAL, 5000, 0);
    assert_dist(&s.comp[1].ttr, DIST_UNIFORM, 0.5, 1.5);
    assert_string_equal(s.comp[2].name, "nic");
    assert_int_equal(s.comp[2].count, 2);
    assert_dist(&s.comp[2].ttf, DIST_GAMMA, 2, 200 * 24.0);
    assert_dist(&s.comp[2].ttr, DIST_FIXED, 90 * SECOND, 0);
    assert_string_equal(s.comp[3].name, "fan");
    assert_dist(&s.comp[3].ttf, DIST_GEOMETRIC, 0.001, 1);
    assert_dist(&s.comp[3].ttr, DIST_FIXED, 2, 0);
    for (int i = 0; i < 4; i++) {
        assert_true(s.comp[i].has_ttf);
        assert_true(s.comp[i].has_ttr);
    }

    assert_close(s.timeout, 10 * MINUTE, 1e-15, 0);
    assert_close(s.heartbeat, 30 * SECOND, 1e-15, 0); /* 30000 ms */
    assert_dist(&s.failover, DIST_EXPONENTIAL, 5 * MINUTE, 0);

    assert_true(s.has_job);
    assert_close(s.work, 720, 1e-15, 0);
    assert_int_equal(s.ckpt.kind, CKPT_INTERVAL);
    assert_close(s.ckpt.interval, 0.75, 1e-15, 0);
    assert_dist(&s.ckpt_cost, DIST_UNIFORM, 1 * MINUTE, 3 * MINUTE);
    assert_dist(&s.restart_cost, DIST_FIXED, 10 * MINUTE, 0);
    assert_string_equal(s.path, "t.ini");
}

static void every_key_and_section_remembers_its_line(void **state)
{
    (void)state;
    scn s;
    assert_loads(full_text, &s);
    static const int key_line[K_NKEYS] = {
        [K_NAME] = 3,      [K_TRIALS] = 4,     [K_SEED] = 5,         [K_HORIZON] = 6,
        [K_NODES] = 9,     [K_SPARES] = 10,    [K_SPARE_MODE] = 11,  [K_CREWS] = 12,
        [K_TIMEOUT] = 30,  [K_HEARTBEAT] = 31, [K_FAILOVER] = 33,    [K_WORK] = 35,
        [K_INTERVAL] = 36, [K_CKPT_COST] = 37, [K_RESTART_COST] = 38};
    for (int k = 0; k < K_NKEYS; k++)
        assert_int_equal(s.line[k], key_line[k]);
    /* scenario, cluster, detection, failover, job */
    assert_int_equal(s.section_line[0], 2);
    assert_int_equal(s.section_line[1], 8);
    assert_int_equal(s.section_line[2], 29);
    assert_int_equal(s.section_line[3], 32);
    assert_int_equal(s.section_line[4], 34);
    assert_int_equal(s.comp[0].line, 14);
    assert_int_equal(s.comp[0].line_count, 15);
    assert_int_equal(s.comp[0].line_ttf, 16);
    assert_int_equal(s.comp[0].line_ttr, 17);
    assert_int_equal(s.comp[1].line, 18);
    assert_int_equal(s.comp[1].line_count, 0); /* defaulted */
}

static void absent_keys_take_their_defaults(void **state)
{
    (void)state;
    scn s;
    assert_loads("[cluster]\n"
                 "nodes = 2\n"
                 "[component.gpu]\n"
                 "ttf = exponential(mean=100h)\n"
                 "ttr = 1h\n"
                 "[job]\n"
                 "work = 1d\n",
                 &s);
    assert_int_equal(s.trials, 1000);
    assert_int_equal(s.seed, 1);
    assert_true(isinf(s.horizon) && s.horizon > 0);
    assert_int_equal(s.spares, 0);
    assert_int_equal(s.hot, 0);   /* cold */
    assert_int_equal(s.crews, 0); /* unlimited */
    assert_int_equal(s.comp[0].count, 1);
    assert_close(s.timeout, 0, 0, 0);
    assert_close(s.heartbeat, 0, 0, 0);
    assert_dist(&s.failover, DIST_FIXED, 0, 0);
    assert_int_equal(s.ckpt.kind, CKPT_NONE);
    assert_true(isinf(s.ckpt.interval) && s.ckpt.interval > 0);
    assert_dist(&s.ckpt_cost, DIST_FIXED, 0, 0);
    assert_dist(&s.restart_cost, DIST_FIXED, 0, 0);
    assert_string_equal(s.name, "t"); /* the stem of t.ini */
    for (int k = 0; k < K_NKEYS; k++)
        if (k != K_NODES && k != K_WORK) assert_int_equal(s.line[k], 0);
    assert_int_equal(s.section_line[0], 0); /* no [scenario] */
}

static void name_defaults_to_the_file_stem(void **state)
{
    (void)state;
    static const struct {
        const char *path, *name;
    } cases[] = {
        {"t.ini", "t"},
        {"runs/2024/my-run.ini", "my-run"},
        {"/abs/dir.d/plain", "plain"},
        {"odd dir/a b+c.ini", "a_b_c"}, /* only what a directory name can safely hold */
        {"night.v2.ini", "night.v2"},   /* only the last extension goes */
        {".hidden.ini", "_hidden"},     /* a name may not start with '.' */
        {"-rf.ini", "_rf"},             /* nor with '-' */
        {"a-b-.ini", "a-b-"},
        {"dir/.ini", "scenario"}, /* no stem at all */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        scn s;
        scn_errors e = {0};
        assert_int_equal(scn_load_text(MINIMAL, cases[i].path, &s, &e), 0);
        assert_string_equal(s.name, cases[i].name);
        assert_string_equal(s.path, cases[i].path);
        scn_errors_free(&e);
    }
    /* A name given in the file wins over the stem. */
    scn s;
    assert_loads("[scenario]\nname = given\nhorizon = 1d\n" CLUSTER_GPU, &s);
    assert_string_equal(s.name, "given");
}

/* ---------------------------------------------------------------- derived values */

/* 4 nodes of 2 parts, each failing every 100 h on average: 8 failures per 100 h, MTBF 12.5 h. */
static void system_mtbf_of_identical_parts_is_their_mean_over_their_number(void **state)
{
    (void)state;
    scn s;
    assert_loads("[scenario]\nhorizon = 1d\n[cluster]\nnodes = 4\n"
                 "[component.disk]\ncount = 2\nttf = exponential(mean=100h)\nttr = 1h\n",
                 &s);
    assert_close(s.mtbf, 12.5, 1e-15, 0);
}

/* MTBF = 1 / (nodes * sum_c count_c / mean_ttf_c), whatever the laws; the means are worked out
 * here from each law's parameters: weibull scale Gamma(1 + 1/k) (Gamma(1.5) = sqrt(pi)/2),
 * lognormal and gamma their mean, uniform the midpoint, geometric step / p. Spares do not count. */
static void system_mtbf_sums_the_failure_rates_of_every_part_of_every_slot(void **state)
{
    (void)state;
    scn s;
    assert_loads("[scenario]\nhorizon = 1d\n"
                 "[cluster]\nnodes = 10\nspares = 5\n"
                 "[component.a]\nttf = weibull(shape=2, scale=100h)\nttr = 1h\n"
                 "[component.b]\nttf = lognormal(mean=10d, sd=3d)\nttr = 1h\n"
                 "[component.c]\nttf = gamma(shape=2, mean=50h)\nttr = 1h\n"
                 "[component.d]\nttf = uniform(min=1d, max=3d)\nttr = 1h\n"
                 "[component.e]\nttf = geometric(p=0.01, step=1h)\nttr = 1h\n"
                 "[component.f]\ncount = 4\nttf = exponential(mean=1000h)\nttr = 1h\n"
                 "[component.g]\ncount = 3\nttf = fixed(1y)\nttr = 1h\n",
                 &s);
    double rate = 1 / (100 * sqrt(M_PI) / 2) + 1 / 240.0 + 1 / 50.0 + 1 / 48.0 + 1 / 100.0 +
                  4 / 1000.0 + 3 / 8760.0;
    assert_close(s.mtbf, 1 / (10 * rate), 1e-12, 0);
}

/* Mean checkpoint cost 2 min (uniform on 1..3 min); MTBF 100 h / (5 * 2) = 10 h. */
#define CKPT_SCENARIO(policy)                                                                      \
    "[cluster]\nnodes = 5\n"                                                                       \
    "[component.gpu]\ncount = 2\nttf = exponential(mean=100h)\nttr = 1h\n"                         \
    "[job]\nwork = 10d\ncheckpoint_interval = " policy "\n"                                        \
    "checkpoint_cost = uniform(min=1m, max=3m)\n"

static void young_interval_is_resolved_from_mean_checkpoint_cost_and_system_mtbf(void **state)
{
    (void)state;
    scn s;
    assert_loads(CKPT_SCENARIO("young"), &s);
    assert_close(s.mtbf, 10, 1e-15, 0);
    assert_int_equal(s.ckpt.kind, CKPT_YOUNG);
    assert_close(s.ckpt.interval, cf_young_interval(2 * MINUTE, 10), 1e-14, 0);
    assert_close(s.ckpt.interval, sqrt(2 * 2 * MINUTE * 10), 1e-14, 0); /* = 0.8165 h */
}

static void daly_interval_is_resolved_from_mean_checkpoint_cost_and_system_mtbf(void **state)
{
    (void)state;
    scn s;
    assert_loads(CKPT_SCENARIO("daly"), &s);
    assert_int_equal(s.ckpt.kind, CKPT_DALY);
    assert_close(s.ckpt.interval, cf_daly_interval(2 * MINUTE, 10), 1e-14, 0);
    /* Daly is not Young: the two differ here by about d (2 min) */
    assert_true(fabs(s.ckpt.interval - cf_young_interval(2 * MINUTE, 10)) > MINUTE);
}

static void fixed_interval_and_none_are_kept_as_written(void **state)
{
    (void)state;
    scn s;
    assert_loads(CKPT_SCENARIO("90m"), &s);
    assert_int_equal(s.ckpt.kind, CKPT_INTERVAL);
    assert_close(s.ckpt.interval, 1.5, 1e-15, 0);
    assert_loads(CKPT_SCENARIO("none"), &s);
    assert_int_equal(s.ckpt.kind, CKPT_NONE);
    assert_true(isinf(s.ckpt.interval));
}

/* ---------------------------------------------------------------- writing */

static void assert_same_scenario(const scn *a, const scn *b)
{
    assert_string_equal(a->name, b->name);
    assert_int_equal(a->trials, b->trials);
    assert_int_equal(a->seed, b->seed);
    assert_close(a->horizon, b->horizon, 0, 0);
    assert_int_equal(a->nodes, b->nodes);
    assert_int_equal(a->spares, b->spares);
    assert_int_equal(a->hot, b->hot);
    assert_int_equal(a->crews, b->crews);
    assert_int_equal(a->ncomp, b->ncomp);
    for (int i = 0; i < a->ncomp; i++) {
        assert_string_equal(a->comp[i].name, b->comp[i].name);
        assert_int_equal(a->comp[i].count, b->comp[i].count);
        assert_same_dist(&a->comp[i].ttf, &b->comp[i].ttf);
        assert_same_dist(&a->comp[i].ttr, &b->comp[i].ttr);
    }
    assert_close(a->timeout, b->timeout, 0, 0);
    assert_close(a->heartbeat, b->heartbeat, 0, 0);
    assert_same_dist(&a->failover, &b->failover);
    assert_int_equal(a->has_job, b->has_job);
    if (a->has_job) {
        assert_close(a->work, b->work, 0, 0);
        /* young and daly are written as the interval they resolved to */
        int resolved = a->ckpt.kind == CKPT_YOUNG || a->ckpt.kind == CKPT_DALY;
        assert_int_equal(b->ckpt.kind, resolved ? CKPT_INTERVAL : a->ckpt.kind);
        assert_close(a->ckpt.interval, b->ckpt.interval, 0, 0);
        assert_same_dist(&a->ckpt_cost, &b->ckpt_cost);
        assert_same_dist(&a->restart_cost, &b->restart_cost);
    }
    assert_int_equal(a->ntier, b->ntier);
    for (int i = 0; i < a->ntier; i++) {
        const scn_tier *x = &a->tier[i], *y = &b->tier[i];
        assert_string_equal(x->name, y->name);
        assert_int_equal(x->every, y->every);
        assert_same_dist(&x->cost, &y->cost);
        assert_same_dist(&x->restore_cost, &y->restore_cost);
        assert_int_equal(x->lost_on, y->lost_on);
        assert_int_equal(x->redundancy, y->redundancy);
        assert_int_equal(x->set_size, y->set_size);
        assert_int_equal(x->has_outage, y->has_outage);
        assert_same_dist(&x->ttf, &y->ttf);
        assert_same_dist(&x->ttr, &y->ttr);
        assert_int_equal(x->async, y->async);
        assert_same_dist(&x->snapshot, &y->snapshot);
        assert_same_dist(&x->write_time, &y->write_time);
    }
    assert_int_equal(a->ndomain, b->ndomain);
    for (int i = 0; i < a->ndomain; i++) {
        const scn_domain *x = &a->domain[i], *y = &b->domain[i];
        assert_string_equal(x->name, y->name);
        assert_int_equal(x->size, y->size);
        assert_same_dist(&x->ttf, &y->ttf);
        assert_same_dist(&x->ttr, &y->ttr);
    }
    assert_int_equal(a->has_site, b->has_site);
    if (a->has_site) {
        assert_same_dist(&a->site_ttf, &b->site_ttf);
        assert_same_dist(&a->site_rto, &b->site_rto);
        assert_close(a->site_every, b->site_every, 0, 0);
        assert_same_dist(&a->site_transfer, &b->site_transfer);
    }
    assert_int_equal(a->has_service, b->has_service);
    if (a->has_service) {
        assert_int_equal(a->replicas, b->replicas);
        assert_int_equal(a->replica_nodes, b->replica_nodes);
        assert_int_equal(a->min_replicas, b->min_replicas);
    }
    assert_int_equal(a->has_cost, b->has_cost);
    if (a->has_cost) {
        assert_string_equal(a->currency, b->currency);
        assert_close(a->cost_node_hour, b->cost_node_hour, 0, 0);
        assert_close(a->cost_crew_hour, b->cost_crew_hour, 0, 0);
        assert_close(a->cost_repair, b->cost_repair, 0, 0);
        assert_close(a->cost_downtime_hour, b->cost_downtime_hour, 0, 0);
        assert_close(a->cost_storage_tb_month, b->cost_storage_tb_month, 0, 0);
    }
    assert_close(a->checkpoint_tb, b->checkpoint_tb, 0, 0);
    assert_close(a->mtbf, b->mtbf, 0, 0);
}

static void round_trip(const char *text, const char *path)
{
    scn a, b;
    scn_errors e = {0};
    assert_int_equal(scn_load_text(text, path, &a, &e), 0);
    char *written = write_to_string(&a);
    int n = load(written, &b, &e);
    if (n) {
        print_error("scn_write wrote:\n%s", written);
        print_errors(&e);
    }
    assert_int_equal(n, 0);
    assert_same_scenario(&a, &b);
    free(written);
    scn_errors_free(&e);
}

static void written_scenario_loads_back_to_the_same_values(void **state)
{
    (void)state;
    round_trip(full_text, "t.ini");
    /* durations that are no whole number of any unit, and the resolved Daly interval */
    round_trip("[scenario]\nname = odd\nseed = 0\nhorizon = 1.2345678901234567h\n"
               "[cluster]\nnodes = 3\nrepair_crews = unlimited\n"
               "[component.x]\nttf = weibull(shape=0.7, scale=1234.5678s)\n"
               "ttr = lognormal(mean=0.1h, sd=7ms)\n"
               "[detection]\ntimeout = 0.3s\nheartbeat = 0.1s\n"
               "[job]\nwork = 33.3h\ncheckpoint_interval = daly\n"
               "checkpoint_cost = gamma(shape=0.3, mean=1.1m)\n",
               "t.ini");
    round_trip(CKPT_SCENARIO("young"), "dir/young-run.ini");
    round_trip(CKPT_SCENARIO("none"), "t.ini");
    round_trip(MINIMAL, "t.ini"); /* no job */
    round_trip(scn_default_text, "scenarios/default.ini");
}

static void written_young_interval_names_its_origin_in_a_comment(void **state)
{
    (void)state;
    scn s;
    assert_loads(CKPT_SCENARIO("young"), &s);
    char *w = write_to_string(&s);
    char want[256], a[64], b[64], c[64];
    snprintf(want, sizeof want,
             "\ncheckpoint_interval = %s ; young, from mean checkpoint cost %s "
             "and MTBF %s\n",
             unit_format_duration(s.ckpt.interval, a, sizeof a),
             unit_format_duration(2 * MINUTE, b, sizeof b), unit_format_duration(10, c, sizeof c));
    if (!strstr(w, want)) print_error("wrote:\n%s\nexpected the line:%s", w, want);
    assert_non_null(strstr(w, want));
    free(w);
}

static void embedded_default_scenario_loads_without_errors(void **state)
{
    (void)state;
    scn s;
    scn_errors e = {0};
    assert_int_equal(scn_load_text(scn_default_text, "scenarios/default.ini", &s, &e), 0);
    assert_int_equal(e.n, 0);
    assert_string_equal(s.name, "default");
    assert_int_equal(s.nodes, 1024);
    assert_int_equal(s.ncomp, 4);
    assert_int_equal(s.comp[0].count, 8);
    /* 8 GPUs every 3301 d, a host every 2304 d, network 2633 d, software 1813 d, per node */
    double rate = 8 / 3301.0 + 1 / 2304.0 + 1 / 2633.0 + 1 / 1813.0; /* per node-day */
    assert_close(s.mtbf, 24 / (1024 * rate), 1e-12, 0);
    assert_int_equal(s.ckpt.kind, CKPT_DALY);
    assert_close(s.ckpt.interval, cf_daly_interval(2 * MINUTE, s.mtbf), 1e-14, 0);
    scn_errors_free(&e);
}

/* ---------------------------------------------------------------- tiers */

/* [tier.NAME]: three tiers written in no order of every, one of them with every defaulted. */
#define TIER_JOB MINIMAL "[job]\nwork = 1d\ncheckpoint_interval = 1h\n"           /* 8-10 */
static const char tiers_text[] = TIER_JOB "[tier.pfs]\n"                          /* 11 */
                                          "every = 4\n"                           /* 12 */
                                          "cost = 12m\n"                          /* 13 */
                                          "restore_cost = 18m\n"                  /* 14 */
                                          "lost_on = site\n"                      /* 15 */
                                          "ttf = exponential(mean=2000h)\n"       /* 16 */
                                          "ttr = 2h\n"                            /* 17 */
                                          "mode = async\n"                        /* 18 */
                                          "snapshot = 36s\n"                      /* 19 */
                                          "write_time = 12m\n"                    /* 20 */
                                          "[tier.local]\n"                        /* 21 */
                                          "cost = 1m\n"                           /* 22 */
                                          "restore_cost = exponential(mean=3m)\n" /* 23 */
                                          "lost_on = node\n"                      /* 24 */
                                          "redundancy = partner\n"                /* 25 */
                                          "[tier.xor]\n"                          /* 26 */
                                          "every = 2\n"                           /* 27 */
                                          "cost = uniform(min=1m, max=3m)\n"      /* 28 */
                                          "restore_cost = 5m\n"                   /* 29 */
                                          "lost_on = never\n"                     /* 30 */
                                          "redundancy = single\n"                 /* 31 */
                                          "mode = sync\n";                        /* 32 */

static void tiers_load_with_their_values_sorted_by_every(void **state)
{
    (void)state;
    scn s;
    assert_loads(tiers_text, &s);
    assert_int_equal(s.ntier, 3);
    const scn_tier *local = &s.tier[0], *x = &s.tier[1], *pfs = &s.tier[2];
    assert_string_equal(local->name, "local");
    assert_string_equal(x->name, "xor");
    assert_string_equal(pfs->name, "pfs");

    assert_int_equal(local->every, 1); /* the default */
    assert_dist(&local->cost, DIST_FIXED, MINUTE, 0);
    assert_dist(&local->restore_cost, DIST_EXPONENTIAL, 3 * MINUTE, 0);
    assert_int_equal(local->lost_on, SCN_LOST_NODE);
    assert_int_equal(local->redundancy, SCN_REDUNDANCY_PARTNER);
    assert_int_equal(local->set_size, 0);
    assert_int_equal(local->has_outage, 0);
    assert_int_equal(local->async, 0);
    assert_int_equal(local->line, 21);
    assert_int_equal(local->line_every, 0);
    assert_int_equal(local->line_cost, 22);
    assert_int_equal(local->line_restore_cost, 23);
    assert_int_equal(local->line_lost_on, 24);
    assert_int_equal(local->line_redundancy, 25);
    assert_int_equal(local->line_mode, 0);

    assert_int_equal(x->every, 2);
    assert_dist(&x->cost, DIST_UNIFORM, MINUTE, 3 * MINUTE);
    assert_dist(&x->restore_cost, DIST_FIXED, 5 * MINUTE, 0);
    assert_int_equal(x->lost_on, SCN_LOST_NEVER);
    assert_int_equal(x->redundancy, SCN_REDUNDANCY_SINGLE);
    assert_int_equal(x->async, 0);
    assert_int_equal(x->line, 26);
    assert_int_equal(x->line_every, 27);
    assert_int_equal(x->line_redundancy, 31);
    assert_int_equal(x->line_mode, 32);

    assert_int_equal(pfs->every, 4);
    assert_dist(&pfs->cost, DIST_FIXED, 12 * MINUTE, 0);
    assert_dist(&pfs->restore_cost, DIST_FIXED, 18 * MINUTE, 0);
    assert_int_equal(pfs->lost_on, SCN_LOST_SITE);
    assert_int_equal(pfs->redundancy, SCN_REDUNDANCY_SINGLE);
    assert_int_equal(pfs->has_outage, 1);
    assert_dist(&pfs->ttf, DIST_EXPONENTIAL, 2000, 0);
    assert_dist(&pfs->ttr, DIST_FIXED, 2, 0);
    assert_int_equal(pfs->async, 1);
    assert_dist(&pfs->snapshot, DIST_FIXED, 36 * SECOND, 0);
    assert_dist(&pfs->write_time, DIST_FIXED, 12 * MINUTE, 0);
    assert_int_equal(pfs->line, 11);
    assert_int_equal(pfs->line_every, 12);
    assert_int_equal(pfs->line_lost_on, 15);
    assert_int_equal(pfs->line_ttf, 16);
    assert_int_equal(pfs->line_ttr, 17);
    assert_int_equal(pfs->line_mode, 18);
    assert_int_equal(pfs->line_snapshot, 19);
    assert_int_equal(pfs->line_write_time, 20);

    /* the tiers' costs replace them: they keep the defaults of a job that sets neither */
    assert_dist(&s.ckpt_cost, DIST_FIXED, 0, 0);
    assert_dist(&s.restart_cost, DIST_FIXED, 0, 0);

    /* xor: its set size, which must divide the 4 nodes */
    assert_loads(TIER_JOB "[tier.a]\ncost = 1m\nrestore_cost = 1m\nlost_on = node\n"
                          "redundancy = xor\nset_size = 4\n",
                 &s);
    assert_int_equal(s.tier[0].redundancy, SCN_REDUNDANCY_XOR);
    assert_int_equal(s.tier[0].set_size, 4);
    assert_int_equal(s.tier[0].line_set_size, 16);
    /* lost_on, every value */
    static const struct {
        const char *word;
        int value;
    } lost[] = {{"process", SCN_LOST_PROCESS},
                {"node", SCN_LOST_NODE},
                {"domain", SCN_LOST_DOMAIN},
                {"site", SCN_LOST_SITE},
                {"never", SCN_LOST_NEVER}};
    for (size_t i = 0; i < sizeof lost / sizeof lost[0]; i++) {
        char text[400];
        snprintf(text, sizeof text,
                 TIER_JOB "[tier.a]\ncost = 1m\nrestore_cost = 1m\nlost_on = %s\n", lost[i].word);
        assert_loads(text, &s);
        assert_int_equal(s.tier[0].lost_on, lost[i].value);
    }
}

/* load -> scn_write -> load gives the same tiers, in the same order, and the same hash; the
 * written [job] has no checkpoint_cost or restart_cost (which tiers refuse). */
static void tiers_are_written_back_to_the_same_values(void **state)
{
    (void)state;
    scn a, b;
    assert_loads(tiers_text, &a);
    char *text = write_to_string(&a);
    assert_loads(text, &b);
    assert_same_scenario(&a, &b);
    assert_true(scn_hash(&a) == scn_hash(&b));
    assert_null(strstr(text, "checkpoint_cost"));
    assert_null(strstr(text, "restart_cost"));
    const char *l = strstr(text, "\n[tier.local]\n"), *x = strstr(text, "\n[tier.xor]\n"),
               *p = strstr(text, "\n[tier.pfs]\n");
    assert_true(l && x && p && l < x && x < p);
    assert_non_null(strstr(text, "\n[tier.local]\nevery = 1\ncost = 1m\n"
                                 "restore_cost = exponential(mean=3m)\nlost_on = node\n"
                                 "redundancy = partner\nmode = sync\n"));
    assert_non_null(strstr(text, "\n[tier.pfs]\nevery = 4\ncost = 12m\nrestore_cost = 18m\n"
                                 "lost_on = site\nredundancy = single\n"
                                 "ttf = exponential(mean=2000h)\nttr = 2h\nmode = async\n"
                                 "snapshot = 36s\nwrite_time = 12m\n"));
    free(text);
    /* xor's set_size, written and read back */
    round_trip(TIER_JOB "[tier.a]\ncost = gamma(shape=0.3, mean=1.1m)\nrestore_cost = 1.234567s\n"
                        "lost_on = node\nredundancy = xor\nset_size = 2\n",
               "t.ini");
    /* a value of a tier moves the hash */
    const char *sets[] = {"tier.pfs.every=8"};
    scn_errors e = {0};
    assert_int_equal(scn_load("t.ini", tiers_text, sets, 1, &b, &e), 0);
    assert_true(scn_hash(&a) != scn_hash(&b));
    scn_errors_free(&e);
}

/* --set changes a tier the files have; only --add creates one (at most 6 in all). */
static void set_and_add_on_tiers(void **state)
{
    (void)state;
    const char *sets[] = {"tier.pfs.every=8",
                          "tier.local.lost_on = domain",
                          "tier.local.redundancy=single",
                          "--add tier.burst.every=3",
                          "tier.burst.cost=30s",
                          "--add tier.burst.restore_cost=1m",
                          "tier.burst.lost_on=process",
                          "--vary tier.xor.cost=2m"};
    scn s;
    scn_errors e = {0};
    if (scn_load("t.ini", tiers_text, sets, 8, &s, &e)) print_errors(&e);
    assert_int_equal(e.n, 0);
    assert_int_equal(s.ntier, 4);
    const char *order[] = {"local", "xor", "burst", "pfs"};
    const uint32_t every[] = {1, 2, 3, 8};
    for (int i = 0; i < 4; i++) {
        assert_string_equal(s.tier[i].name, order[i]);
        assert_int_equal(s.tier[i].every, every[i]);
    }
    assert_int_equal(s.tier[0].lost_on, SCN_LOST_DOMAIN);
    assert_int_equal(s.tier[0].redundancy, SCN_REDUNDANCY_SINGLE);
    assert_dist(&s.tier[1].cost, DIST_FIXED, 2 * MINUTE, 0);
    assert_dist(&s.tier[2].cost, DIST_FIXED, 30 * SECOND, 0);
    assert_int_equal(s.tier[2].lost_on, SCN_LOST_PROCESS);
    assert_int_equal(s.tier[2].line, 0); /* made by an option */

    static const struct {
        const char *text, *set, *want;
    } cases[] = {
        {tiers_text, "tier.locl.cost=2m",
         "--set tier.locl.cost=2m: the scenario has no [tier.locl] (expected one of its tiers: "
         "pfs, local, xor; --add creates a new tier); did you mean 'local'?"},
        {TIER_JOB, "tier.local.cost=2m",
         "--set tier.local.cost=2m: the scenario has no [tier.local] (expected one of its "
         "tiers: none; --add creates a new tier)"},
        {tiers_text, "--vary tier.nvme.cost=2m",
         "--vary tier.nvme.cost=2m: the scenario has no "
         "[tier.nvme] (expected one of its tiers"},
        {tiers_text, "tier.local.size=2",
         "--set tier.local.size=2: unknown key 'size' in [tier.local] (expected every, cost, "
         "restore_cost, lost_on, redundancy, set_size, ttf, ttr, mode, snapshot, write_time)"},
        {tiers_text, "tier.a.b.cost=1m",
         "--set tier.a.b.cost=1m: tier name 'a.b' must be 1 to 39 letters, digits, '_' or '-'"},
        {tiers_text, "tiers.local.cost=1m", "did you mean 'tier.local'?"},
        {tiers_text, "--add tier.burst.every=2",
         "--add tier.burst.every=2: [tier.burst] needs cost (the stall of writing a checkpoint "
         "to it, any law)"},
        {tiers_text, "tier.pfs.every=2",
         "--set tier.pfs.every=2: every: [tier.pfs] and [tier.xor] both have every = 2 (expected "
         "a distinct every for each tier)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *one[] = {cases[i].set};
        assert_true(scn_load("t.ini", cases[i].text, one, 1, &s, &e) > 0);
        int found = 0;
        for (int m = 0; m < e.n; m++)
            found |= strstr(e.msg[m], cases[i].want) != NULL;
        if (!found) {
            print_error("--set %s: expected a message holding \"%s\", got:\n", cases[i].set,
                        cases[i].want);
            print_errors(&e);
            fail();
        }
        scn_errors_free(&e);
    }

    /* a seventh tier is one too many, whoever makes it */
    const char *more[] = {"--add tier.t4.every=5", "--add tier.t5.every=6", "--add tier.t6.every=7",
                          "--add tier.t7.every=9"};
    assert_true(scn_load("t.ini", tiers_text, more, 4, &s, &e) > 0);
    int found = 0;
    for (int m = 0; m < e.n; m++)
        found |= strcmp(e.msg[m], "--add tier.t7.every=9: too many tiers (at most 6): [tier.t7] "
                                  "would be one more") == 0;
    if (!found) print_errors(&e);
    assert_true(found);
    scn_errors_free(&e);
}

/* A scenario without [tier.NAME] sections has none, and is written as before they existed. */
static void scenarios_without_tiers_have_none(void **state)
{
    (void)state;
    const char *texts[] = {MINIMAL, full_text, scn_default_text, TIER_JOB};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        scn s;
        assert_loads(texts[i], &s);
        assert_int_equal(s.ntier, 0);
        char *text = write_to_string(&s);
        assert_null(strstr(text, "[tier."));
        if (s.has_job) {
            assert_non_null(strstr(text, "\ncheckpoint_cost = "));
            assert_non_null(strstr(text, "\nrestart_cost = "));
        }
        free(text);
    }
}

/* The tiers' own errors, one message each on the line it is about (tests/bad/tier-*.ini has
 * one case per message, through the binary). */
static void tier_errors_name_the_line_and_what_was_expected(void **state)
{
    (void)state;
#define T_OK "[tier.a]\ncost = 1m\nrestore_cost = 1m\nlost_on = node\n" /* 11-14 */
    assert_one_error(TIER_JOB "[tier.a]\nrestore_cost = 1m\nlost_on = node\n", 11,
                     "[tier.a] needs cost (the stall of writing a checkpoint to it, any law)");
    assert_one_error(TIER_JOB "[tier.a]\ncost = 1m\nlost_on = node\n", 11,
                     "[tier.a] needs restore_cost");
    assert_one_error(TIER_JOB "[tier.a]\ncost = 1m\nrestore_cost = 1m\n", 11,
                     "[tier.a] needs lost_on (the narrowest failure that destroys its copies: "
                     "process, node, domain, site or never)");
    assert_one_error(MINIMAL T_OK, 8,
                     "[tier.a] needs a [job] section (tiers keep the job's checkpoints)");
    assert_one_error(TIER_JOB "checkpoint_cost = 1m\n" T_OK, 11,
                     "checkpoint_cost: the tiers' costs replace checkpoint_cost and "
                     "restart_cost (expected cost and restore_cost in each [tier.NAME], and no "
                     "checkpoint_cost)");
    assert_one_error(TIER_JOB "restart_cost = 1m\n" T_OK, 11, "restart_cost: the tiers' costs");
    assert_one_error(TIER_JOB "full_every = 2\n" T_OK, 11,
                     "full_every: incremental checkpoints with [tier.NAME] sections are not "
                     "supported (expected one or the other)");
    assert_one_error(TIER_JOB T_OK "[sdc]\nttf = 100h\ndetect = 1h\n", 15,
                     "[sdc] with [tier.NAME] sections is not supported yet");
    assert_one_error(TIER_JOB T_OK "every = 3\n", 15,
                     "every: no tier has every = 1 (expected exactly one");
    assert_one_error(TIER_JOB T_OK "[tier.b]\nevery = 1\ncost = 1m\nrestore_cost = 1m\n"
                                   "lost_on = site\n",
                     16, "every: [tier.b] and [tier.a] both have every = 1");
    assert_one_error(TIER_JOB T_OK "[tier.b]\ncost = 1m\nrestore_cost = 1m\nlost_on = site\n", 15,
                     "[tier.b] needs every (it and [tier.a] both have the default every = 1");
    assert_one_error("[scenario]\nhorizon = 10d\n[cluster]\nnodes = 1\n" GPU
                     "[job]\nwork = 1d\ncheckpoint_interval = 1h\n" T_OK "redundancy = partner\n",
                     15, "redundancy: partner needs at least 2 nodes");
    assert_one_error(TIER_JOB T_OK "redundancy = xor\n", 15, "redundancy: xor needs set_size");
    assert_one_error(TIER_JOB T_OK "redundancy = xor\nset_size = 3\n", 16,
                     "set_size: 3 does not divide the cluster's 4 nodes");
    assert_one_error(TIER_JOB T_OK "redundancy = xor\nset_size = 1\n", 16,
                     "set_size: 1 is out of range (expected 2 to 100000000)");
    assert_one_error(TIER_JOB T_OK "set_size = 2\n", 15,
                     "set_size: only redundancy = xor has sets (got redundancy = single");
    assert_one_error(TIER_JOB "[tier.a]\ncost = 1m\nrestore_cost = 1m\nlost_on = site\n"
                              "redundancy = partner\n",
                     15, "redundancy: partner needs lost_on = node", "got lost_on = site");
    assert_one_error(TIER_JOB T_OK "ttf = 1y\n", 15, "ttf: a tier's outages need ttr too");
    assert_one_error(TIER_JOB T_OK "ttr = 1h\n", 15, "ttr: a tier's outages need ttf too");
    assert_one_error(TIER_JOB T_OK "ttf = 0s\nttr = 1h\n", 15,
                     "ttf: a time to failure must have a positive, finite mean (got 0s)");
    assert_one_error(TIER_JOB T_OK "mode = async\nwrite_time = 1m\n", 15,
                     "mode: async needs snapshot");
    assert_one_error(TIER_JOB T_OK "mode = async\nsnapshot = 1m\n", 15,
                     "mode: async needs write_time");
    assert_one_error(TIER_JOB T_OK "snapshot = 1m\n", 15,
                     "snapshot: only mode = async takes a snapshot");
    assert_one_error(TIER_JOB T_OK "mode = sync\nwrite_time = 1m\n", 16,
                     "write_time: only mode = async writes in the background");
    assert_one_error(TIER_JOB T_OK "mode = lazy\n", 15,
                     "mode: 'lazy' is not a mode (expected sync or async)");
    assert_one_error(TIER_JOB T_OK "redundancy = raid5\n", 15,
                     "redundancy: 'raid5' is not a redundancy (expected single, partner or xor)");
    assert_one_error(TIER_JOB "[tier.a]\ncost = 1m\nrestore_cost = 1m\nlost_on = rack\n", 14,
                     "lost_on: 'rack' is not a failure scope (expected process, node, domain, "
                     "site or never)");
    assert_one_error(TIER_JOB T_OK "cost = 2m\n", 15,
                     "cost is set twice in [tier.a] (first on "
                     "line 12)");
    assert_one_error(TIER_JOB T_OK "[tier.a]\n", 15,
                     "duplicate section [tier.a] (first on line 11)");
    assert_one_error(TIER_JOB T_OK "lost = node\n", 15,
                     "unknown key 'lost' in [tier.a] (expected "
                     "every, cost, restore_cost, lost_on, "
                     "redundancy, set_size, ttf, ttr, mode, "
                     "snapshot, write_time)");
    assert_one_error(TIER_JOB T_OK "redundency = xor\n", 15, "did you mean 'redundancy'?");
    assert_one_error(TIER_JOB "[tiers.local]\n", 11,
                     "unknown section [tiers.local] (expected scenario, cluster, component.NAME, "
                     "detection, failover, job, sweep, sdc, tier.NAME, domain.NAME, site, "
                     "service, cost, maintenance or fleet); did you mean 'tier.local'?");
    assert_one_error(TIER_JOB "[tier.a.b]\n", 11,
                     "tier name 'a.b' must be 1 to 39 letters, digits, '_' or '-'");
    assert_one_error(TIER_JOB "[tier.]\n", 11, "tier name '' must be");
#undef T_OK
}

/* ---------------------------------------------------------------- domains, a site, a service */

/* [domain.NAME] twice, written larger first; a [site] with copies. The job's scenario on 32
 * nodes: lines 1-10 as TIER_JOB's, but for nodes. */
#define DOMAIN_JOB                                                                                 \
    "[scenario]\nhorizon = 10d\n[cluster]\nnodes = 32\n" GPU                                       \
    "[job]\nwork = 1d\ncheckpoint_interval = 1h\n"                              /* 1-10 */
static const char domains_text[] = DOMAIN_JOB "[domain.pdu]\n"                  /* 11 */
                                              "size = 16\n"                     /* 12 */
                                              "ttf = exponential(mean=5000h)\n" /* 13 */
                                              "ttr = 8h\n"                      /* 14 */
                                              "[domain.rack]\n"                 /* 15 */
                                              "ttr = exponential(mean=4h)\n"    /* 16 */
                                              "ttf = exponential(mean=500h)\n"  /* 17 */
                                              "size = 8\n"                      /* 18 */
                                              "[site]\n"                        /* 19 */
                                              "ttf = exponential(mean=10y)\n"   /* 20 */
                                              "rto = 8h\n"                      /* 21 */
                                              "replicate_every = 1h\n"          /* 22 */
                                              "transfer_time = 15m\n";          /* 23 */

/* A service of 8 replicas, at least 6 up, over a horizon; [cluster] without nodes (lines 1-10). */
#define SERVICE                                                                                    \
    "[scenario]\nhorizon = 1y\n[cluster]\nspares = 2\n" GPU                                        \
    "[service]\nreplicas = 8\nmin_replicas = 6\n"

static void domains_site_and_service_load_with_their_values(void **state)
{
    (void)state;
    scn s;
    assert_loads(domains_text, &s);
    assert_int_equal(s.ndomain, 2);
    const scn_domain *rack = &s.domain[0], *pdu = &s.domain[1]; /* sorted by size */
    assert_string_equal(rack->name, "rack");
    assert_int_equal(rack->size, 8);
    assert_dist(&rack->ttf, DIST_EXPONENTIAL, 500, 0);
    assert_dist(&rack->ttr, DIST_EXPONENTIAL, 4, 0);
    assert_int_equal(rack->line, 15);
    assert_int_equal(rack->line_ttr, 16);
    assert_int_equal(rack->line_ttf, 17);
    assert_int_equal(rack->line_size, 18);
    assert_string_equal(pdu->name, "pdu");
    assert_int_equal(pdu->size, 16);
    assert_dist(&pdu->ttf, DIST_EXPONENTIAL, 5000, 0);
    assert_dist(&pdu->ttr, DIST_FIXED, 8, 0);
    assert_int_equal(pdu->line, 11);
    assert_int_equal(pdu->line_size, 12);
    /* ten years of 365 days */
    assert_int_equal(s.has_site, 1);
    assert_dist(&s.site_ttf, DIST_EXPONENTIAL, 10 * 365 * 24, 0);
    assert_dist(&s.site_rto, DIST_FIXED, 8, 0);
    assert_close(s.site_every, 1, 0, 0);
    assert_dist(&s.site_transfer, DIST_FIXED, 15 * MINUTE, 0);
    assert_int_equal(s.line[K_SITE_TTF], 20);
    assert_int_equal(s.line[K_SITE_RTO], 21);
    assert_int_equal(s.line[K_SITE_EVERY], 22);
    assert_int_equal(s.line[K_SITE_TRANSFER], 23);
    assert_int_equal(s.section_line[7], 19); /* site */
    assert_int_equal(s.has_service, 0);
    assert_int_equal(s.has_job, 1);

    /* a site without copies: replicate_every none (the default) and no transfer */
    assert_loads(TIER_JOB "[site]\nttf = 10y\nrto = exponential(mean=8h)\n", &s);
    assert_true(isinf(s.site_every) && s.site_every > 0);
    assert_dist(&s.site_transfer, DIST_FIXED, 0, 0);
    assert_loads(TIER_JOB "[site]\nttf = 10y\nrto = 8h\nreplicate_every = none\n", &s);
    assert_true(isinf(s.site_every));
    /* domains need no job: they are the hardware's; a domain of one slot, one of all of them */
    assert_loads(MINIMAL "[domain.node]\nsize = 1\nttf = 1y\nttr = 1h\n"
                         "[domain.all]\nsize = 4\nttf = 10y\nttr = 1d\n",
                 &s);
    assert_int_equal(s.has_job, 0);
    assert_string_equal(s.domain[0].name, "node");
    assert_string_equal(s.domain[1].name, "all");

    /* the service makes the nodes: 8 x 1, then 8 x 2 */
    assert_loads(SERVICE, &s);
    assert_int_equal(s.has_service, 1);
    assert_int_equal(s.has_job, 0);
    assert_int_equal(s.replicas, 8);
    assert_int_equal(s.replica_nodes, 1); /* the default */
    assert_int_equal(s.min_replicas, 6);
    assert_int_equal(s.nodes, 8);
    assert_int_equal(s.spares, 2);
    assert_int_equal(s.line[K_NODES], 0); /* not given */
    assert_int_equal(s.line[K_REPLICAS], 9);
    assert_int_equal(s.line[K_MIN_REPLICAS], 10);
    assert_int_equal(s.section_line[8], 8); /* service */
    assert_close(s.mtbf, 100.0 / 8, 1e-15, 0);
    assert_loads(SERVICE "replica_nodes = 2\n", &s);
    assert_int_equal(s.nodes, 16);
    /* nodes given: they must be replicas x replica_nodes; no [cluster] at all is fine too */
    assert_loads("[scenario]\nhorizon = 1y\n[cluster]\nnodes = 16\n" GPU
                 "[service]\nreplicas = 8\nmin_replicas = 6\nreplica_nodes = 2\n",
                 &s);
    assert_int_equal(s.nodes, 16);
    assert_loads("[scenario]\nhorizon = 1y\n" GPU "[service]\nreplicas = 3\nmin_replicas = 3\n"
                 "[site]\nttf = 10y\nrto = 8h\n[domain.rack]\nsize = 3\nttf = 1y\nttr = 4h\n",
                 &s);
    assert_int_equal(s.nodes, 3);
    assert_int_equal(s.has_site, 1);

    /* without the sections: none of them, and a site's every at its default */
    assert_loads(TIER_JOB, &s);
    assert_int_equal(s.ndomain, 0);
    assert_int_equal(s.has_site, 0);
    assert_int_equal(s.has_service, 0);
    assert_true(isinf(s.site_every));
}

/* load -> scn_write -> load: the same domains (sorted), site and service, the same hash. */
static void domains_site_and_service_are_written_back_to_the_same_values(void **state)
{
    (void)state;
    scn a, b;
    assert_loads(domains_text, &a);
    char *text = write_to_string(&a);
    assert_loads(text, &b);
    assert_same_scenario(&a, &b);
    assert_true(scn_hash(&a) == scn_hash(&b));
    assert_non_null(strstr(text, "\n[domain.rack]\nsize = 8\nttf = exponential(mean=500h)\n"
                                 "ttr = exponential(mean=4h)\n\n[domain.pdu]\nsize = 16\n"
                                 "ttf = exponential(mean=5000h)\nttr = 8h\n"));
    assert_non_null(strstr(text, "\n[site]\nttf = exponential(mean=10y)\nrto = 8h\n"
                                 "replicate_every = 1h\ntransfer_time = 15m\n"));
    assert_null(strstr(text, "[service]"));
    free(text);

    assert_loads(SERVICE "replica_nodes = 2\n[site]\nttf = 10y\nrto = 8h\n", &a);
    text = write_to_string(&a);
    assert_non_null(strstr(text, "\n[cluster]\nnodes = 16\n"));
    assert_non_null(
        strstr(text, "\n[service]\nreplicas = 8\nreplica_nodes = 2\nmin_replicas = 6\n"));
    assert_non_null(strstr(text, "\n[site]\nttf = 10y\nrto = 8h\nreplicate_every = none\n"));
    assert_null(strstr(text, "transfer_time"));
    assert_null(strstr(text, "[job]"));
    assert_loads(text, &b);
    assert_same_scenario(&a, &b);
    assert_true(scn_hash(&a) == scn_hash(&b));
    free(text);

    /* values that are no whole number of any unit */
    round_trip(DOMAIN_JOB "[domain.r]\nsize = 2\nttf = weibull(shape=0.7, scale=1234.5678s)\n"
                          "ttr = lognormal(mean=0.1h, sd=7ms)\n"
                          "[site]\nttf = gamma(shape=0.3, mean=1.1y)\nrto = 1.234567s\n"
                          "replicate_every = 0.3s\ntransfer_time = uniform(min=1s, max=2.5s)\n",
               "t.ini");

    /* each value moves the hash */
    static const char *const changes[] = {"domain.rack.size=4",
                                          "domain.rack.ttf=400h",
                                          "domain.pdu.ttr=9h",
                                          "site.ttf=11y",
                                          "site.rto=4h",
                                          "site.replicate_every=2h",
                                          "site.transfer_time=16m",
                                          "--add domain.node.size=1",
                                          "--add domain.node.ttf=1y",
                                          "--add domain.node.ttr=1h"};
    assert_loads(domains_text, &a);
    scn_errors e = {0};
    for (size_t i = 0; i < 7; i++) {
        const char *one[] = {changes[i]};
        assert_int_equal(scn_load("t.ini", domains_text, one, 1, &b, &e), 0);
        if (scn_hash(&a) == scn_hash(&b)) fail_msg("%s leaves the hash as it was", changes[i]);
    }
    assert_int_equal(scn_load("t.ini", domains_text, changes + 7, 3, &b, &e), 0);
    assert_true(scn_hash(&a) != scn_hash(&b));
    assert_loads(SERVICE, &a);
    static const char *const service_changes[] = {"service.replicas=9", "service.min_replicas=5",
                                                  "--add service.replica_nodes=2"};
    for (size_t i = 0; i < 3; i++) {
        const char *one[] = {service_changes[i]};
        assert_int_equal(scn_load("t.ini", SERVICE, one, 1, &b, &e), 0);
        if (scn_hash(&a) == scn_hash(&b))
            fail_msg("%s leaves the hash as it was", service_changes[i]);
    }
    scn_errors_free(&e);
}

/* A scenario without the sections is written exactly as before they existed (tests/golden.sh
 * pins the hashes of the gallery's; this pins the whole text of one). */
static void scenarios_without_domains_site_or_service_are_written_as_before(void **state)
{
    (void)state;
    scn s;
    assert_loads(TIER_JOB, &s);
    char *text = write_to_string(&s);
    assert_string_equal(text, "[scenario]\nname = t\ntrials = 1000\nseed = 1\nhorizon = 10d\n"
                              "\n[cluster]\nnodes = 4\nspares = 0\nspare_mode = cold\n"
                              "repair_crews = unlimited\n"
                              "\n[component.gpu]\ncount = 1\nttf = exponential(mean=100h)\n"
                              "ttr = 1h\n"
                              "\n[detection]\ntimeout = 0s\nheartbeat = 0s\n"
                              "\n[failover]\ntime = 0s\n"
                              "\n[job]\nwork = 1d\ncheckpoint_interval = 1h\n"
                              "checkpoint_cost = 0s\nrestart_cost = 0s\n");
    free(text);
    const char *texts[] = {MINIMAL, full_text, scn_default_text, tiers_text};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        assert_loads(texts[i], &s);
        text = write_to_string(&s);
        assert_null(strstr(text, "[domain."));
        assert_null(strstr(text, "[site]"));
        assert_null(strstr(text, "[service]"));
        assert_null(strstr(text, "[cost]"));
        assert_null(strstr(text, "checkpoint_tb"));
        free(text);
    }
}

/* --set changes a domain, a site or a service the scenario has; --add may create one; --vary
 * varies what it has, in a column named as a component's (NAME_KEY). */
static void set_and_add_on_domains_site_and_service(void **state)
{
    (void)state;
    const char *sets[] = {"domain.rack.ttf=exponential(mean=400h)",
                          "--add domain.node.size=1",
                          "domain.node.ttf=1y",
                          "--add domain.node.ttr=30m",
                          "site.rto=4h",
                          "site.replicate_every = 2h",
                          "--vary domain.pdu.ttr=10h"};
    scn s;
    scn_errors e = {0};
    if (scn_load("t.ini", domains_text, sets, 7, &s, &e)) print_errors(&e);
    assert_int_equal(e.n, 0);
    assert_int_equal(s.ndomain, 3);
    assert_string_equal(s.domain[0].name, "node");
    assert_int_equal(s.domain[0].size, 1);
    assert_dist(&s.domain[0].ttr, DIST_FIXED, 0.5, 0);
    assert_int_equal(s.domain[0].line, 0); /* made by an option */
    assert_string_equal(s.domain[1].name, "rack");
    assert_dist(&s.domain[1].ttf, DIST_EXPONENTIAL, 400, 0);
    assert_dist(&s.domain[2].ttr, DIST_FIXED, 10, 0);
    assert_dist(&s.site_rto, DIST_FIXED, 4, 0);
    assert_close(s.site_every, 2, 0, 0);

    /* --add makes a site and a service (on a scenario without a job) */
    const char *adds[] = {"--add site.ttf=10y",           "--add site.rto=8h",
                          "site.replicate_every=30m",     "--add service.replicas=4",
                          "--add service.min_replicas=3", "service.replicas=2",
                          "service.min_replicas=1",       "--vary service.replica_nodes=2"};
    if (scn_load("t.ini", "[scenario]\nhorizon = 1y\n" GPU, adds, 8, &s, &e)) print_errors(&e);
    assert_int_equal(e.n, 0);
    assert_int_equal(s.has_site, 1);
    assert_close(s.site_every, 0.5, 0, 0);
    assert_int_equal(s.has_service, 1);
    assert_int_equal(s.replicas, 2);
    assert_int_equal(s.min_replicas, 1);
    assert_int_equal(s.nodes, 4);

    static const struct {
        const char *text, *set, *want;
    } cases[] = {
        {domains_text, "domain.rak.ttf=1y",
         "--set domain.rak.ttf=1y: the scenario has no [domain.rak] (expected one of its "
         "domains: pdu, rack; --add creates a new domain); did you mean 'rack'?"},
        {TIER_JOB, "domain.rack.size=8",
         "--set domain.rack.size=8: the scenario has no [domain.rack] (expected one of its "
         "domains: none; --add creates a new domain)"},
        {TIER_JOB, "--vary domain.rack.ttr=1h,2h",
         "--vary domain.rack.ttr=1h,2h: the scenario has no [domain.rack]"},
        {TIER_JOB, "site.rto=4h",
         "--set site.rto=4h: the scenario has no [site] section (expected one it has; --add "
         "creates a section)"},
        {MINIMAL, "service.replicas=8",
         "--set service.replicas=8: the scenario has no [service] section"},
        {domains_text, "domain.rack.count=2",
         "--set domain.rack.count=2: unknown key 'count' in [domain.rack] (expected size, ttf, "
         "ttr)"},
        {domains_text, "site.rpo=1h",
         "--set site.rpo=1h: unknown key 'rpo' in [site] (expected ttf, rto, replicate_every, "
         "transfer_time); did you mean 'rto'?"},
        {domains_text, "domain.a.b.size=1",
         "--set domain.a.b.size=1: domain name 'a.b' must be 1 to 39 letters, digits, '_' or '-'"},
        {domains_text, "domains.rack.size=4", "did you mean 'domain.rack'?"},
        {domains_text, "--add domain.switch.size=4",
         "--add domain.switch.size=4: [domain.switch] needs ttf"},
        {domains_text, "domain.rack.size=16",
         "--set domain.rack.size=16: size: [domain.rack] and [domain.pdu] both have size = 16 "
         "(expected a distinct size for each kind of domain)"},
        {domains_text, "domain.rack.size=12", /* on the option: it made the mistake */
         "--set domain.rack.size=12: size: [domain.pdu]'s size 16 is not a multiple of "
         "[domain.rack]'s size 12 (expected domains that nest: each size divides the next "
         "larger one)"},
        {domains_text, "--add service.replicas=4",
         "[service] with a [job] section: a service is instead of a job"},
        {SERVICE, "cluster.nodes=9",
         "--set cluster.nodes=9: nodes: the cluster's 9 nodes are not the service's 8 replicas "
         "x 1 replica_nodes = 8 (expected nodes = 8, or no nodes: the service sets them)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *one[] = {cases[i].set};
        int n = scn_load("t.ini", cases[i].text, one, 1, &s, &e), found = 0;
        for (int m = 0; m < e.n; m++)
            found |= strstr(e.msg[m], cases[i].want) != NULL;
        if (n == 0 || !found) {
            print_error("--set %s: expected a message holding \"%s\", got:\n", cases[i].set,
                        cases[i].want);
            print_errors(&e);
            fail();
        }
        scn_errors_free(&e);
    }

    /* a fifth kind of domain is one too many, whoever makes it */
    const char *more[] = {"--add domain.a.size=1", "--add domain.b.size=2",
                          "--add domain.c.size=4"};
    assert_true(scn_load("t.ini", domains_text, more, 3, &s, &e) > 0);
    int found = 0;
    for (int m = 0; m < e.n; m++)
        found |= strcmp(e.msg[m], "--add domain.c.size=4: too many domains (at most 4): "
                                  "[domain.c] would be one more") == 0;
    if (!found) print_errors(&e);
    assert_true(found);
    scn_errors_free(&e);

    /* a sweep's column for a domain's key, as for a component's */
    vary_key k;
    char err[200];
    assert_int_equal(vary_parse("domain.rack.ttr=1h,4h", &k, err, sizeof err), 0);
    assert_string_equal(k.column, "rack_ttr");
    assert_int_equal(vary_parse("site.rto=1h..8h*2", &k, err, sizeof err), 0);
    assert_string_equal(k.column, "rto");
    assert_int_equal(vary_parse("service.replicas=8,12,16", &k, err, sizeof err), 0);
    assert_string_equal(k.column, "replicas");
}

/* ---------------------------------------------------------------- [cost] */

/* A job with costs: every [cost] key and the checkpoint's size (docs/scenarios.md, [cost]). */
#define COST_JOB                                                                                   \
    MINIMAL "[job]\nwork = 1d\ncheckpoint_interval = 1h\ncheckpoint_tb = 4.86\n" /* 8-11 */        \
            "[cost]\n"                                                           /* 12 */          \
            "currency = EUR\n"                                                   /* 13 */          \
            "node_hour = 25\n"                                                   /* 14 */          \
            "crew_hour = 0\n"                                                    /* 15 */          \
            "repair = 300\n"                                                     /* 16 */          \
            "downtime_hour = 1250.5\n"                                           /* 17 */          \
            "storage_tb_month = 20\n"                                            /* 18 */

/* [cost] loads with its values and lines; without it, no costs and USD; its defaults are 0. */
static void cost_loads_with_its_values(void **state)
{
    (void)state;
    scn s;
    assert_loads(COST_JOB, &s);
    assert_int_equal(s.has_cost, 1);
    assert_string_equal(s.currency, "EUR");
    assert_close(s.cost_node_hour, 25, 0, 0);
    assert_close(s.cost_crew_hour, 0, 0, 0);
    assert_close(s.cost_repair, 300, 0, 0);
    assert_close(s.cost_downtime_hour, 1250.5, 0, 0);
    assert_close(s.cost_storage_tb_month, 20, 0, 0);
    assert_close(s.checkpoint_tb, 4.86, 0, 0);
    assert_int_equal(s.line[K_CKPT_TB], 11);
    assert_int_equal(s.line[K_CURRENCY], 13);
    assert_int_equal(s.line[K_STORAGE_TB_MONTH], 18);
    assert_int_equal(s.section_line[9], 12); /* cost */

    /* an empty [cost]: every price 0, USD */
    assert_loads(MINIMAL "[cost]\n", &s);
    assert_int_equal(s.has_cost, 1);
    assert_string_equal(s.currency, "USD");
    assert_close(s.cost_node_hour + s.cost_crew_hour + s.cost_repair + s.cost_downtime_hour +
                     s.cost_storage_tb_month,
                 0, 0, 0);
    /* prices are plain numbers: 1e3, 0.5, +2, -0 (which is 0) */
    assert_loads(MINIMAL "[cost]\nnode_hour = 1e3\ncrew_hour = 0\nrepair = +2\n"
                         "downtime_hour = -0\nstorage_tb_month = 0.5\ncurrency = btc\n",
                 &s);
    assert_close(s.cost_node_hour, 1000, 0, 0);
    assert_close(s.cost_repair, 2, 0, 0);
    assert_false(signbit(s.cost_downtime_hour));
    assert_close(s.cost_storage_tb_month, 0.5, 0, 0);
    assert_string_equal(s.currency, "btc");
    /* crew_hour with crews to count; a service and the cluster alone have costs too */
    assert_loads("[scenario]\nhorizon = 10d\n[cluster]\nnodes = 4\nrepair_crews = 3\n" GPU
                 "[cost]\ncrew_hour = 60\n",
                 &s);
    assert_close(s.cost_crew_hour, 60, 0, 0);
    assert_loads("[scenario]\nhorizon = 1y\n" GPU
                 "[service]\nreplicas = 4\nmin_replicas = 3\n[cost]\nnode_hour = 2\n",
                 &s);
    assert_int_equal(s.has_cost, 1);
    /* without [cost] */
    assert_loads(TIER_JOB, &s);
    assert_int_equal(s.has_cost, 0);
    assert_string_equal(s.currency, "USD");
    assert_close(s.checkpoint_tb, 0, 0, 0);
    assert_int_equal(s.section_line[9], 0);
}

/* load -> scn_write -> load: the same prices, currency and checkpoint size, the same hash; the
 * [cost] section is written whole, after the site; checkpoint_tb only when set. */
static void cost_is_written_back_to_the_same_values(void **state)
{
    (void)state;
    scn a, b;
    assert_loads(COST_JOB "[site]\nttf = 10y\nrto = 8h\nreplicate_every = 1h\n", &a);
    char *text = write_to_string(&a);
    assert_loads(text, &b);
    assert_same_scenario(&a, &b);
    assert_true(scn_hash(&a) == scn_hash(&b));
    assert_non_null(strstr(text, "restart_cost = 0s\ncheckpoint_tb = 4.86\n"));
    assert_non_null(strstr(text, "replicate_every = 1h\ntransfer_time = 0s\n\n[cost]\ncurrency = "
                                 "EUR\nnode_hour = 25\ncrew_hour = 0\nrepair = 300\n"
                                 "downtime_hour = 1250.5\nstorage_tb_month = 20\n"));
    free(text);
    /* a price that is no short decimal reads back exactly */
    assert_loads(MINIMAL "[cost]\nnode_hour = 0.1\nrepair = 3.3333333333333335\n", &a);
    text = write_to_string(&a);
    assert_loads(text, &b);
    assert_same_scenario(&a, &b);
    free(text);
    /* prices are in the hash: two prices, two hashes; a scenario without [cost] is unchanged */
    assert_loads(MINIMAL "[cost]\nnode_hour = 25\n", &a);
    assert_loads(MINIMAL "[cost]\nnode_hour = 26\n", &b);
    assert_true(scn_hash(&a) != scn_hash(&b));
    assert_loads(MINIMAL, &b);
    assert_true(scn_hash(&a) != scn_hash(&b));
}

/* --set changes the [cost] a scenario has, --add may create it, --vary varies a price in a
 * column named after its key; --set refuses to create it. */
static void set_and_add_on_cost(void **state)
{
    (void)state;
    const char *sets[] = {"cost.node_hour=30", "cost.currency = GBP", "job.checkpoint_tb=2.5",
                          "--vary cost.repair=150"};
    scn s;
    scn_errors e = {0};
    if (scn_load("t.ini", COST_JOB, sets, 4, &s, &e)) print_errors(&e);
    assert_int_equal(e.n, 0);
    assert_close(s.cost_node_hour, 30, 0, 0);
    assert_string_equal(s.currency, "GBP");
    assert_close(s.checkpoint_tb, 2.5, 0, 0);
    assert_close(s.cost_repair, 150, 0, 0);
    assert_int_equal(s.line[K_NODE_HOUR], 0); /* set by an option */

    const char *adds[] = {"--add cost.node_hour=25", "cost.repair=300",
                          "--set cluster.repair_crews=2", "cost.crew_hour=60"};
    if (scn_load("t.ini", TIER_JOB, adds, 4, &s, &e)) print_errors(&e);
    assert_int_equal(e.n, 0);
    assert_int_equal(s.has_cost, 1);
    assert_close(s.cost_node_hour, 25, 0, 0);
    assert_close(s.cost_repair, 300, 0, 0);
    assert_close(s.cost_crew_hour, 60, 0, 0);

    static const struct {
        const char *text, *set, *want;
    } cases[] = {
        {TIER_JOB, "cost.node_hour=25",
         "--set cost.node_hour=25: the scenario has no [cost] section (expected one it has; "
         "--add creates a section)"},
        {TIER_JOB, "--vary cost.node_hour=10,20",
         "--vary cost.node_hour=10,20: the scenario "
         "has no [cost] section"},
        {COST_JOB, "cost.gpu_hour=3",
         "--set cost.gpu_hour=3: unknown key 'gpu_hour' in [cost] (expected currency, "
         "node_hour, crew_hour, repair, downtime_hour, storage_tb_month)"},
        {COST_JOB, "cost.node_hour=25$",
         "--set cost.node_hour=25$: node_hour: '25$' is not a price (expected a plain number, "
         "0 or more: a price has no unit, [cost] currency names the money)"},
        {COST_JOB, "--set cost.crew_hour=60", /* on the option: it set the price last */
         "--set cost.crew_hour=60: crew_hour: the cluster's repair crews are unlimited"},
        {"[scenario]\nhorizon = 10d\n[cluster]\nnodes = 4\nrepair_crews = 2\n" GPU
         "[cost]\ncrew_hour = 60\n",
         "cluster.repair_crews=unlimited",
         "t.ini:10: crew_hour: the cluster's repair crews are unlimited, which have no number "
         "to price (expected [cluster] repair_crews = N beside a crew_hour, or crew_hour = 0)"},
        {COST_JOB, "costs.node_hour=1", "did you mean 'cost'?"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *one[] = {cases[i].set};
        int n = scn_load("t.ini", cases[i].text, one, 1, &s, &e), found = 0;
        for (int m = 0; m < e.n; m++)
            found |= strstr(e.msg[m], cases[i].want) != NULL;
        if (n == 0 || !found) {
            print_error("--set %s: expected a message holding \"%s\", got:\n", cases[i].set,
                        cases[i].want);
            print_errors(&e);
            fail();
        }
        scn_errors_free(&e);
    }

    /* a sweep's column for a price: the key */
    vary_key k;
    char err[200];
    assert_int_equal(vary_parse("cost.node_hour=10,20,40", &k, err, sizeof err), 0);
    assert_string_equal(k.column, "node_hour");
    assert_int_equal(k.is_duration, 0);
}

/* The errors of [cost] and checkpoint_tb, one message each on the line it is about
 * (tests/bad/cost-*.ini: one case per message, through the binary). */
static void cost_errors_name_the_line_and_what_was_expected(void **state)
{
    (void)state;
#define C_HEAD                                                                                     \
    "[scenario]\nhorizon = 10d\n[cluster]\nnodes = 4\nrepair_crews = 2\n" GPU "[cost]\n" /* 1-9 */
    assert_one_error(C_HEAD "node_hour = 25 USD\n", 10,
                     "node_hour: '25 USD' is not a price (expected a plain number, 0 or more: a "
                     "price has no unit, [cost] currency names the money)");
    assert_one_error(C_HEAD "repair = -300\n", 10, "repair: must not be negative (got -300)");
    assert_one_error(C_HEAD "downtime_hour = 1e16\n", 10,
                     "downtime_hour: '1e16' is too large (expected at most 1e15)");
    assert_one_error(C_HEAD "storage_tb_month = nan\n", 10,
                     "storage_tb_month: 'nan' is not a price");
    assert_one_error(C_HEAD "crew_hour = inf\n", 10, "crew_hour: 'inf' is not a price");
    assert_one_error(C_HEAD "node_hour = 1e400\n", 10, "node_hour: '1e400' is not a price");
    assert_one_error(C_HEAD "node_hour = 25/h\n", 10, "node_hour: '25/h' is not a price");
    assert_one_error(C_HEAD "node_hour =\n", 10, "node_hour: '' is not a price");
    assert_one_error(C_HEAD "currency = US$\n", 10,
                     "currency: 'US$' is not a currency (expected 1 to 8 letters, e.g. USD or "
                     "EUR)");
    assert_one_error(C_HEAD "currency = EUROPEANS\n", 10, "currency: 'EUROPEANS' is not a");
    assert_one_error(C_HEAD "currency = \n", 10, "currency: '' is not a currency");
    assert_one_error(C_HEAD "currency = U S\n", 10, "currency: 'U S' is not a currency");
    assert_one_error(C_HEAD "gpu_hour = 3\n", 10,
                     "unknown key 'gpu_hour' in [cost] (expected currency, node_hour, crew_hour, "
                     "repair, downtime_hour, storage_tb_month)");
    assert_one_error(C_HEAD "node_hours = 3\n", 10, "did you mean 'node_hour'?");
    assert_one_error(MINIMAL "[cost]\nnode_hour = 25\ncrew_hour = 60\n", 10,
                     "crew_hour: the cluster's repair crews are unlimited, which have no number "
                     "to price (expected [cluster] repair_crews = N beside a crew_hour, or "
                     "crew_hour = 0)");
    /* checkpoint_tb: a plain number of TB, 0 or more */
#define C_JOB MINIMAL "[job]\nwork = 1d\n" /* 8-9 */
    assert_one_error(C_JOB "checkpoint_tb = 4.86TB\n", 10,
                     "checkpoint_tb: '4.86TB' is not a size in TB (expected a plain number, 0 "
                     "or more, of terabytes: no unit)");
    assert_one_error(C_JOB "checkpoint_tb = -1\n", 10,
                     "checkpoint_tb: must not be negative (got -1)");
    assert_one_error(MINIMAL "[costs]\n", 8,
                     "unknown section [costs] (expected scenario, cluster, component.NAME, "
                     "detection, failover, job, sweep, sdc, tier.NAME, domain.NAME, site, "
                     "service, cost, maintenance or fleet); did you mean 'cost'?");
    assert_one_error(MINIMAL "[cost]\n[cost]\n", 9, "duplicate section [cost]");
    assert_one_error(MINIMAL "[cost]\nrepair = 1\nrepair = 2\n", 10, "repair is set twice");
#undef C_HEAD
#undef C_JOB
}

/* The errors of the three, one message each on the line it is about (tests/bad/domain-*.ini,
 * site-*.ini and service-*.ini: one case per message, through the binary). */
static void domain_site_and_service_errors_name_the_line_and_what_was_expected(void **state)
{
    (void)state;
    /* domains (the cluster of DOMAIN_JOB: 32 nodes) */
#define D_OK "[domain.rack]\nsize = 8\nttf = 500h\nttr = 4h\n" /* 11-14 */
    assert_one_error(DOMAIN_JOB "[domain.rack]\nttf = 500h\nttr = 4h\n", 11,
                     "[domain.rack] needs size (the consecutive slots of one domain: a whole "
                     "number, 1 or more, dividing the cluster's nodes)");
    assert_one_error(DOMAIN_JOB "[domain.rack]\nsize = 8\nttr = 4h\n", 11,
                     "[domain.rack] needs ttf (the time to a failure of one domain, which takes "
                     "all its slots at once: any law of positive, finite mean)");
    assert_one_error(DOMAIN_JOB "[domain.rack]\nsize = 8\nttf = 500h\n", 11,
                     "[domain.rack] needs ttr (the time to repair a failed domain, any law)");
#define D_LAWS "[domain.rack]\nttf = 500h\nttr = 4h\n" /* 11-13 */
    assert_one_error(DOMAIN_JOB D_LAWS "size = 0\n", 14,
                     "size: 0 is out of range (expected 1 to 100000000)");
    assert_one_error(DOMAIN_JOB D_LAWS "size = 8 racks\n", 14, "size: '8 racks' is not a whole");
    assert_one_error(DOMAIN_JOB D_LAWS "size = 5\n", 14,
                     "size: 5 does not divide the cluster's 32 nodes (expected a divisor of "
                     "nodes: the slots are cut into domains of size consecutive slots)");
    assert_one_error(DOMAIN_JOB D_OK "[domain.switch]\nsize = 8\nttf = 1y\nttr = 1h\n", 16,
                     "size: [domain.switch] and [domain.rack] both have size = 8 (expected a "
                     "distinct size for each kind of domain)");
    /* on the size set last: here the rack's */
    assert_one_error(DOMAIN_JOB "[domain.switch]\nsize = 8\nttf = 1y\nttr = 1h\n" D_OK, 16,
                     "size: [domain.rack] and [domain.switch] both have size = 8");
    assert_one_error("[scenario]\nhorizon = 1d\n[cluster]\nnodes = 24\n" GPU D_OK
                     "[domain.pdu]\nsize = 12\nttf = 1y\nttr = 1h\n",
                     13,
                     "size: [domain.pdu]'s size 12 is not a multiple of [domain.rack]'s size 8 "
                     "(expected domains that nest: each size divides the next larger one)");
    assert_one_error(DOMAIN_JOB "[domain.rack]\nsize = 8\nttr = 4h\nttf = 0s\n", 14,
                     "ttf: a time to failure must have a positive, finite mean (got 0s)");
    assert_one_error(DOMAIN_JOB "[domain.rack]\nsize = 8\nttf = 500h\nttr = 4\n", 14,
                     "ttr: '4' has no unit");
    assert_one_error(DOMAIN_JOB D_OK "count = 2\n", 15,
                     "unknown key 'count' in [domain.rack] (expected size, ttf, ttr)");
    assert_one_error(DOMAIN_JOB D_OK "sise = 2\n", 15, "did you mean 'size'?");
    assert_one_error(DOMAIN_JOB D_OK "ttf = 1y\n", 15,
                     "ttf is set twice in [domain.rack] (first on line 13)");
    assert_one_error(DOMAIN_JOB D_OK "[domain.rack]\n", 15,
                     "duplicate section [domain.rack] (first on line 11)");
    assert_one_error(DOMAIN_JOB "[domains.rack]\n", 11,
                     "unknown section [domains.rack] (expected scenario, cluster, component.NAME, "
                     "detection, failover, job, sweep, sdc, tier.NAME, domain.NAME, site, "
                     "service, cost, maintenance or fleet); did you mean 'domain.rack'?");
    assert_one_error(DOMAIN_JOB "[domain.a.b]\n", 11,
                     "domain name 'a.b' must be 1 to 39 letters, digits, '_' or '-'");
    assert_one_error(DOMAIN_JOB "[domain.]\n", 11, "domain name '' must be");
    assert_one_error(DOMAIN_JOB "[domain.a]\nsize = 1\nttf = 1y\nttr = 1h\n"
                                "[domain.b]\nsize = 2\nttf = 1y\nttr = 1h\n"
                                "[domain.c]\nsize = 4\nttf = 1y\nttr = 1h\n" D_OK
                                "[domain.e]\nsize = 16\nttf = 1y\nttr = 1h\n",
                     27, "too many domains (at most 4): [domain.e] would be one more");
#undef D_OK
#undef D_LAWS

    /* a site (on TIER_JOB: lines 1-10) */
#define S_OK "[site]\nttf = 10y\nrto = 8h\n" /* 11-13 */
    assert_one_error(TIER_JOB "[site]\nrto = 8h\n", 11,
                     "[site] needs ttf (the time to a disaster that takes the whole site: any "
                     "law of positive, finite mean)");
    assert_one_error(TIER_JOB "[site]\nttf = 10y\n", 11,
                     "[site] needs rto (the time to be computing again at the second site, any "
                     "law)");
    assert_one_error(MINIMAL S_OK, 8,
                     "[site] needs a [job] or a [service] section (a disaster interrupts the job "
                     "or the service)");
    assert_one_error(TIER_JOB S_OK "transfer_time = 15m\n", 14,
                     "transfer_time: no copies are made without replicate_every (expected "
                     "replicate_every = DURATION beside it, or no transfer_time)");
    assert_one_error(TIER_JOB S_OK "replicate_every = none\ntransfer_time = 15m\n", 15,
                     "transfer_time: no copies are made without replicate_every");
    assert_one_error(TIER_JOB S_OK "replicate_every = 0s\n", 14,
                     "replicate_every: must be positive (got 0s), or none");
    assert_one_error(TIER_JOB S_OK "replicate_every = 1\n", 14, "replicate_every: '1' has no unit",
                     "), or none");
    assert_one_error(TIER_JOB S_OK "replicate_every = never\n", 14, "replicate_every: ", "or none");
    assert_one_error(TIER_JOB "[site]\nttf = 0s\nrto = 8h\n", 12,
                     "ttf: a time to failure must have a positive, finite mean (got 0s)");
    assert_one_error(TIER_JOB "[site]\nttf = 10y\nrto = 8\n", 13, "rto: '8' has no unit");
    assert_one_error(TIER_JOB S_OK "rpo = 1h\n", 14,
                     "unknown key 'rpo' in [site] (expected ttf, rto, replicate_every, "
                     "transfer_time); did you mean 'rto'?");
    assert_one_error(TIER_JOB "[sites]\n", 11, "did you mean 'site'?");
#undef S_OK

    /* a service (SERVICE: lines 1-10) */
    assert_one_error("[scenario]\nhorizon = 1y\n" GPU "[service]\nmin_replicas = 6\n", 6,
                     "[service] needs replicas (the number of model replicas, 1 or more)");
    assert_one_error("[scenario]\nhorizon = 1y\n" GPU "[service]\nreplicas = 8\n", 6,
                     "[service] needs min_replicas (the service is up while at least "
                     "min_replicas of its replicas are: 1 to replicas)");
    assert_one_error(GPU "[service]\nreplicas = 8\nmin_replicas = 6\n", 4,
                     "[service] needs [scenario] horizon (a service is measured over [scenario] "
                     "horizon)");
    assert_one_error(SERVICE "min_replicas = 9\n", 11, "min_replicas is set twice");
    assert_one_error("[scenario]\nhorizon = 1y\n" GPU "[service]\nreplicas = 8\n"
                     "min_replicas = 9\n",
                     8,
                     "min_replicas: 9 is more than the service's 8 replicas (expected 1 to "
                     "replicas)");
    assert_one_error("[scenario]\nhorizon = 1y\n" GPU "[service]\nreplicas = 8\n"
                     "min_replicas = 0\n",
                     8, "min_replicas: 0 is out of range (expected 1 to 100000000)");
    assert_one_error("[scenario]\nhorizon = 1y\n" GPU "[service]\nreplicas = 0\n"
                     "min_replicas = 1\n",
                     7, "replicas: 0 is out of range (expected 1 to 100000000)");
    assert_one_error(SERVICE "replica_nodes = 0\n", 11,
                     "replica_nodes: 0 is out of range (expected 1 to 100000000)");
    assert_one_error(SERVICE "replica_nodes = 20000000\n", 11,
                     "replica_nodes: replicas x replica_nodes is 160000000 nodes (expected at "
                     "most 100000000: the cluster's nodes)");
    assert_one_error("[scenario]\nhorizon = 1y\n" GPU "[service]\nreplicas = 200000000\n"
                     "min_replicas = 1\n",
                     7, "replicas: 200000000 is out of range");
    assert_one_error("[scenario]\nhorizon = 1y\n[cluster]\nnodes = 16\n" GPU
                     "[service]\nreplicas = 8\nmin_replicas = 6\n",
                     4,
                     "nodes: the cluster's 16 nodes are not the service's 8 replicas x 1 "
                     "replica_nodes = 8 (expected nodes = 8, or no nodes: the service sets them)");
    assert_one_error(SERVICE "[job]\nwork = 1d\n", 8,
                     "[service] with a [job] section: a service is instead of a job (expected "
                     "one or the other)");
    assert_one_error(SERVICE "[tier.a]\ncost = 1m\nrestore_cost = 1m\nlost_on = node\n", 11,
                     "[tier.a] with a [service] section: tiers keep a job's checkpoints (expected "
                     "no [tier.NAME] sections beside a [service])");
    assert_one_error(SERVICE "[sdc]\nttf = 100h\ndetect = 1h\n", 11, "[sdc] needs a [job] section");
    assert_one_error("[scenario]\nhorizon = 1y\n[cluster]\nspares = 100000000\n" GPU
                     "[service]\nreplicas = 8\nmin_replicas = 6\n",
                     4, "spares: nodes + spares is 100000008");
    assert_one_error(SERVICE "replica = 2\n", 11,
                     "unknown key 'replica' in [service] (expected replicas, replica_nodes, "
                     "min_replicas)");
    assert_one_error(SERVICE "[services]\n", 11, "did you mean 'service'?");
    /* without a service, nodes are required as before */
    assert_one_error("[scenario]\nhorizon = 1y\n[cluster]\nspares = 1\n" GPU, 3,
                     "[cluster] needs nodes");
}

/* ---------------------------------------------------------------- one error, one message */

static void unknown_section_is_an_error_naming_the_sections_expected(void **state)
{
    (void)state;
    assert_one_error(MINIMAL "[jobs]\nwork = 1d\n", 8, "unknown section [jobs]", "scenario",
                     "cluster", "component.NAME", "detection", "failover", "job");
    assert_one_error(MINIMAL "[]\n", 8, "unknown section []");
}

static void unknown_key_is_an_error_listing_the_keys_of_its_section(void **state)
{
    (void)state;
    assert_one_error(MINIMAL "[job]\nwork = 1d\ncheckpoint = 1h\n", 10,
                     "unknown key 'checkpoint' in [job]",
                     "(expected work, checkpoint_interval, checkpoint_cost, restart_cost, "
                     "full_every, incremental_cost, incremental_restore_cost, "
                     "incremental_chain, checkpoint_tb)");
    assert_one_error(MINIMAL "mtbf = 5h\n", 8, "unknown key 'mtbf' in [component.gpu]",
                     "(expected count, ttf, ttr, reach, ages, auto_success, manual_ttr, "
                     "bad_repair, bad_repair_ttf, trace_assign, trace_end, trace_period)");
    assert_one_error("[cluster]\nnodes = 4\nNodes = 5\n" TAIL, 3,
                     "unknown key 'Nodes' in [cluster]",
                     "(expected nodes, spares, spare_mode, repair_crews)");
}

static void duplicate_section_is_an_error_naming_the_first_line(void **state)
{
    (void)state;
    assert_one_error(MINIMAL "[cluster]\nnodes = 8\n", 8, "duplicate section [cluster]",
                     "first on line 3");
}

static void duplicate_component_section_is_an_error_naming_the_first_line(void **state)
{
    (void)state;
    assert_one_error(MINIMAL "[component.cpu]\nttf = 1y\nttr = 1h\n[component.gpu]\nttf = 1y\n", 11,
                     "duplicate section [component.gpu]", "first on line 5");
}

static void duplicate_key_is_an_error_naming_the_first_line(void **state)
{
    (void)state;
    assert_one_error(MINIMAL "ttr = 2h\n", 8, "ttr is set twice in [component.gpu]",
                     "first on line 7");
    assert_one_error("[cluster]\nnodes = 4\nspares = 1\nspares = 2\n" TAIL, 4,
                     "spares is set twice in [cluster]", "first on line 3");
}

static void header_without_closing_bracket_is_an_error(void **state)
{
    (void)state;
    assert_one_error(MINIMAL "[job\nwork = 1d\n", 8, "missing ']'", "[name]");
}

static void text_after_a_header_is_an_error_but_a_comment_is_not(void **state)
{
    (void)state;
    assert_one_error(MINIMAL "[job] work = 1d\n", 8, "unexpected text 'work = 1d'");
    scn s;
    assert_loads(MINIMAL "[job] ; the job\nwork = 1d\n[failover] # swap\ntime = 1m\n", &s);
    assert_close(s.work, 24, 0, 0);
    assert_dist(&s.failover, DIST_FIXED, MINUTE, 0);
}

static void line_without_equals_sign_is_an_error(void **state)
{
    (void)state;
    assert_one_error(MINIMAL "spares 4\n", 8, "expected 'key = value', '[section]' or a comment",
                     "got 'spares 4'");
    assert_one_error(MINIMAL "= 4\n", 8, "missing key before '='");
}

/* libinih ends a line at an inline comment, so "spares ; note: 2" holds no key = value: it must
 * not pass silently as a blank line. */
static void inline_comment_before_the_equals_sign_leaves_no_value(void **state)
{
    (void)state;
    assert_one_error(MINIMAL "count ; TODO: 2\n", 8, "expected 'key = value'");
    assert_one_error(MINIMAL "count\t; = 2\n", 8, "expected 'key = value'");
    /* a ';' inside a word is no comment */
    assert_one_error(MINIMAL "co;unt = 2\n", 8, "unknown key 'co;unt'");
}

static void key_before_any_section_is_an_error(void **state)
{
    (void)state;
    assert_one_error("; header comment\nnodes = 4\n" MINIMAL, 2, "'nodes' is outside any section",
                     "[section]");
}

static void duration_without_unit_is_an_error(void **state)
{
    (void)state;
    assert_one_error(MINIMAL "[detection]\ntimeout = 10\n", 9, "timeout: '10' has no unit",
                     "ms, s, m or min, h, d, w or y");
    assert_one_error(MINIMAL "[job]\nwork = 5 parsecs\n", 9, "work: unknown unit 'parsecs'",
                     "ms, s, m or min, h, d, w or y");
}

static void unknown_law_is_an_error_listing_the_laws(void **state)
{
    (void)state;
    assert_one_error(MINIMAL "[failover]\ntime = pareto(mean=5m)\n", 9,
                     "time: unknown law 'pareto'",
                     "exponential, weibull, lognormal, gamma, uniform, fixed, geometric or mixture");
    assert_one_error(MINIMAL "[failover]\ntime = exponential(mean=5m\n", 9, "missing ')'");
}

static void negative_durations_are_errors(void **state)
{
    (void)state;
    assert_one_error(MINIMAL "[detection]\ntimeout = -5m\n", 9, "timeout: must not be negative");
    assert_one_error(MINIMAL "[job]\nwork = -1d\n", 9, "work: must be positive");
    assert_one_error(MINIMAL "[job]\nwork = 1d\nrestart_cost = -1m\n", 10,
                     "restart_cost:", "must not be negative");
}

static void node_count_must_be_between_one_and_the_maximum(void **state)
{
    (void)state;
    const char *tail = TAIL;
    static const char *const bad[] = {
        "0", "18446744073709551616", "1000000000", "100000001", "1e9", "-1", "4.0"};
    char text[512];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(text, sizeof text, "[cluster]\nnodes = %s\n%s", bad[i], tail);
        assert_one_error(text, 2, "nodes:", "(expected 1 to 100000000)");
    }
    scn s;
    snprintf(text, sizeof text, "[cluster]\nnodes = 100000000\n%s", tail);
    assert_loads(text, &s);
    assert_int_equal(s.nodes, SCN_MAX_NODES);
}

/* SCN_MAX_NODES bounds slots and spares together (scenario.h). */
static void nodes_and_spares_together_must_not_exceed_the_maximum(void **state)
{
    (void)state;
    const char *tail = TAIL;
    char text[512];
    snprintf(text, sizeof text, "[cluster]\nnodes = 99999999\nspares = 2\n%s", tail);
    assert_one_error(text, 3, "spares:", "100000001", "at most 100000000");
    snprintf(text, sizeof text, "[cluster]\nnodes = 100000000\nspares = 100000000\n%s", tail);
    assert_one_error(text, 3, "spares:", "200000000");
    scn s;
    snprintf(text, sizeof text, "[cluster]\nnodes = 99999999\nspares = 1\n%s", tail);
    assert_loads(text, &s);
    assert_int_equal(s.nodes + s.spares, SCN_MAX_NODES);
}

static void trials_must_be_at_least_one(void **state)
{
    (void)state;
    assert_one_error("[scenario]\ntrials = 0\nhorizon = 1d\n" CLUSTER_GPU, 2,
                     "trials: 0 is out of range (expected 1 to 1000000000)");
    assert_one_error("[scenario]\ntrials = 1000000001\nhorizon = 1d\n" CLUSTER_GPU, 2,
                     "trials:", "out of range");
    scn s;
    assert_loads("[scenario]\ntrials = 1\nhorizon = 1d\n" CLUSTER_GPU, &s);
    assert_int_equal(s.trials, 1);
}

static void seed_must_fit_in_32_bits(void **state)
{
    (void)state;
    assert_one_error("[scenario]\nseed = 4294967296\nhorizon = 1d\n" CLUSTER_GPU, 2,
                     "seed: 4294967296 is out of range (expected 0 to 4294967295)");
    scn s;
    assert_loads("[scenario]\nseed = 4294967295\nhorizon = 1d\n" CLUSTER_GPU, &s);
    assert_int_equal(s.seed, UINT32_MAX);
    assert_loads("[scenario]\nseed = 0\nhorizon = 1d\n" CLUSTER_GPU, &s);
    assert_int_equal(s.seed, 0);
}

static void spare_mode_must_be_cold_or_hot(void **state)
{
    (void)state;
    assert_one_error("[cluster]\nnodes = 4\nspare_mode = bogus\n" TAIL, 3,
                     "spare_mode: 'bogus' is not a spare mode (expected cold or hot)");
    scn s;
    assert_loads("[cluster]\nnodes = 4\nspare_mode = cold\n" TAIL, &s);
    assert_int_equal(s.hot, 0);
}

static void repair_crews_must_be_at_least_one_or_unlimited(void **state)
{
    (void)state;
    assert_one_error("[cluster]\nnodes = 4\nrepair_crews = 0\n" TAIL, 3,
                     "repair_crews: 0 is out of range (expected 1 to 100000000), or unlimited");
    assert_one_error("[cluster]\nnodes = 4\nrepair_crews = many\n" TAIL, 3,
                     "repair_crews:", "or unlimited");
    /* a long value is quoted whole, and the message is whole after it */
    char text[400], many[181];
    memset(many, 'x', 180);
    many[180] = '\0';
    snprintf(text, sizeof text, "[cluster]\nnodes = 4\nrepair_crews = %s\n" TAIL, many);
    assert_one_error(text, 3, many,
                     "is not a whole number (expected 1 to 100000000), or unlimited");
    scn s;
    assert_loads("[cluster]\nnodes = 4\nrepair_crews = unlimited\n" TAIL, &s);
    assert_int_equal(s.crews, 0);
    assert_loads("[cluster]\nnodes = 4\nrepair_crews = 1\n" TAIL, &s);
    assert_int_equal(s.crews, 1);
}

static void heartbeat_must_not_exceed_the_detection_timeout(void **state)
{
    (void)state;
    assert_one_error(MINIMAL "[detection]\nheartbeat = 2m\ntimeout = 1m\n", 9,
                     "heartbeat must not exceed the detection timeout");
    assert_one_error(MINIMAL "[detection]\nheartbeat = 1s\n", 9, "heartbeat must not exceed");
    scn s;
    assert_loads(MINIMAL "[detection]\ntimeout = 1m\nheartbeat = 60s\n", &s);
    assert_close(s.heartbeat, s.timeout, 1e-15, 0);
}

static void cluster_section_is_required(void **state)
{
    (void)state;
    assert_one_error("[scenario]\nhorizon = 1d\n[component.gpu]\nttf = 1y\nttr = 1h\n", 1,
                     "missing section [cluster]", "nodes");
}

static void cluster_needs_nodes(void **state)
{
    (void)state;
    assert_one_error("[scenario]\nhorizon = 1d\n\n[cluster]\nspares = 1\n"
                     "[component.gpu]\nttf = 1y\nttr = 1h\n",
                     4, "[cluster] needs nodes");
}

static void at_least_one_component_is_required(void **state)
{
    (void)state;
    assert_one_error("[scenario]\nhorizon = 1d\n[cluster]\nnodes = 4\n", 1,
                     "no [component.NAME] section", "ttf and ttr");
}

static void component_needs_ttf_and_ttr(void **state)
{
    (void)state;
    assert_one_error(MINIMAL "[component.psu]\nttr = 1h\n", 8, "[component.psu] needs ttf");
    assert_one_error(MINIMAL "[component.psu]\nttf = 1y\ncount = 2\n", 8,
                     "[component.psu] needs ttr");
    scn s;
    scn_errors e = {0};
    assert_int_equal(load(MINIMAL "[component.psu]\ncount = 2\n", &s, &e), 2);
    assert_true(message_matches(&e, 0, 8, (const char *const[]){"needs ttf", NULL}));
    assert_true(message_matches(&e, 1, 8, (const char *const[]){"needs ttr", NULL}));
    scn_errors_free(&e);
}

static void component_name_must_be_a_plain_word_libinih_keeps_whole(void **state)
{
    (void)state;
    /* libinih keeps 49 characters of a section name: "component." and 39 more */
    const char *n39 = "abcdefghijabcdefghijabcdefghijabcdefghi";
    char text[512];
    snprintf(text, sizeof text, MINIMAL "[component.%s]\ncount = 2\nttf = 1y\nttr = 1h\n", n39);
    scn s;
    assert_loads(text, &s);
    assert_string_equal(s.comp[1].name, n39);
    assert_int_equal(s.comp[1].count, 2);
    snprintf(text, sizeof text, MINIMAL "[component.%sj]\ncount = 2\nttf = 1y\nttr = 1h\n", n39);
    assert_one_error(text, 8, "component name", "must be 1 to 39 letters, digits, '_' or '-'");
    snprintf(text, sizeof text, MINIMAL "[component.%s%s]\nttf = 1y\nttr = 1h\n", n39, n39);
    assert_one_error(text, 8, "component name");
    assert_one_error(MINIMAL "[component.]\nttf = 1y\nttr = 1h\n", 8, "component name ''");
    assert_one_error(MINIMAL "[component.a.b]\nttf = 1y\nttr = 1h\n", 8, "component name 'a.b'");
}

static void component_count_is_between_one_and_4096(void **state)
{
    (void)state;
    assert_one_error(MINIMAL "count = 0\n", 8, "count: 0 is out of range (expected 1 to 4096)");
    assert_one_error(MINIMAL "count = 4097\n", 8, "count:", "(expected 1 to 4096)");
    scn s;
    assert_loads(MINIMAL "count = 4096\n", &s);
    assert_int_equal(s.comp[0].count, SCN_MAX_COUNT);
}

/* A component without ttf has no MTBF to resolve young with: that is not a second error. */
static void missing_ttf_is_not_also_reported_as_an_unresolvable_interval(void **state)
{
    (void)state;
    assert_one_error("[cluster]\nnodes = 4\n[component.gpu]\nttr = 1h\n[job]\nwork = 1d\n"
                     "checkpoint_interval = young\ncheckpoint_cost = 1m\n",
                     3, "[component.gpu] needs ttf");
}

static void job_needs_work(void **state)
{
    (void)state;
    assert_one_error(MINIMAL "\n[job]\ncheckpoint_interval = 1h\n", 9, "[job] needs work");
}

static void scenario_without_job_needs_a_horizon(void **state)
{
    (void)state;
    assert_one_error("\n[scenario]\ntrials = 5\n[cluster]\nnodes = 4\n"
                     "[component.gpu]\nttf = 1y\nttr = 1h\n",
                     2, "without a [job] section, [scenario] needs a horizon");
    assert_one_error("[cluster]\nnodes = 4\n[component.gpu]\nttf = 1y\nttr = 1h\n", 1,
                     "needs a horizon");
}

static void young_and_daly_need_a_positive_checkpoint_cost(void **state)
{
    (void)state;
    assert_one_error(MINIMAL "[job]\nwork = 1d\ncheckpoint_interval = young\n", 10,
                     "checkpoint_interval: young needs a positive mean checkpoint_cost");
    assert_one_error(MINIMAL "[job]\nwork = 1d\ncheckpoint_interval = daly\n"
                             "checkpoint_cost = 0s\n",
                     10, "checkpoint_interval: daly needs a positive mean checkpoint_cost");
}

static void time_to_failure_must_have_a_positive_mean(void **state)
{
    (void)state;
    /* a law whose mean would overflow is refused on the ttf itself: here by the range of its
     * scale, which keeps every mean finite */
    assert_one_error(MINIMAL "[component.cpu]\nttf = weibull(shape=0.01, scale=1e200h)\nttr = 1h\n",
                     9, "ttf: weibull: scale must be between 3.6 microseconds and 1e12 hours");
    assert_one_error(MINIMAL "[component.cpu]\nttf = fixed(0s)\nttr = 1h\n", 9,
                     "ttf: a time to failure must have a positive, finite mean (got fixed(0s))");
    assert_one_error(MINIMAL "[component.cpu]\nttf = 0s\nttr = 1h\n", 9, "positive, finite mean");
    /* a bare 0 is refused before that: a duration needs its unit */
    assert_one_error(MINIMAL "[component.cpu]\nttf = fixed(0)\nttr = 1h\n", 9,
                     "ttf:", "has no unit");
    /* a repair may take no time */
    scn s;
    assert_loads(MINIMAL "[component.cpu]\nttf = 1y\nttr = 0s\n", &s);
    assert_dist(&s.comp[1].ttr, DIST_FIXED, 0, 0);
}

/* libinih reads lines into a 200-byte buffer: 198 characters, the newline and the NUL. Comment
 * lines are the exception: see comment_lines_of_any_length_are_read_and_ignored. */
static void lines_longer_than_198_characters_are_refused_whole(void **state)
{
    (void)state;
    char line[6000], text[7000];
    scn s;
    /* 198 characters, a value and a comment: read whole */
    snprintf(line, sizeof line, "nodes = 4 ;%187s", "");
    memset(line + 11, 'x', 187);
    assert_int_equal(strlen(line), 198);
    snprintf(text, sizeof text,
             "[cluster]\n%s\n[component.gpu]\nttf = 1y\nttr = 1h\n"
             "[scenario]\nhorizon = 1d\n",
             line);
    assert_loads(text, &s);
    assert_int_equal(s.nodes, 4);
    /* 199 characters */
    snprintf(line, sizeof line, "spares = 4 ;%187s", "");
    memset(line + 12, 'x', 187);
    assert_int_equal(strlen(line), 199);
    snprintf(text, sizeof text, MINIMAL "%s\n", line);
    assert_one_error(text, 8, "line is too long (at most 198 bytes)");
    /* longer than the reader's own buffer, then a line that is still counted */
    memset(line, 'x', 5000);
    memcpy(line, "ttf = 1y ;", 10); /* a value and a pasted paragraph */
    line[5000] = '\0';
    snprintf(text, sizeof text, MINIMAL "%s\nbogus\n", line);
    scn_errors e = {0};
    assert_int_equal(load(text, &s, &e), 2);
    assert_true(message_matches(&e, 0, 8, (const char *const[]){"too long", NULL}));
    assert_true(message_matches(&e, 1, 9, (const char *const[]){"got 'bogus'", NULL}));
    scn_errors_free(&e);
}

static void control_characters_are_refused(void **state)
{
    (void)state;
    assert_one_error(MINIMAL "[job]\nwork = 1d\x01\n", 9, "control character 0x01");
    assert_one_error(MINIMAL "[job]\nwork = 1d\rrestart_cost = 1m\n", 9, "control character 0x0d");
    assert_one_error(MINIMAL "\x1b[1m\n", 8, "control character 0x1b");
    assert_one_error(MINIMAL "; a comment\x07\n", 8, "control character 0x07");
}

/* A header refused for a control character or its length still ends the previous section: the
 * keys under it are ignored, not taken as keys of the section before (which would be refused
 * again, misleadingly: "ttf is set twice in [component.gpu]"). */
static void a_refused_header_ends_the_previous_section(void **state)
{
    (void)state;
    char text[1000], header[300];
    assert_one_error(MINIMAL "[component.\x01x]\nttf = 1y\nttr = 1d\n", 8,
                     "control character 0x01");
    snprintf(header, sizeof header, "[component.x] ;%200s", "");
    snprintf(text, sizeof text, MINIMAL "%s\nttf = 1y\nttr = 1d\n", header);
    assert_one_error(text, 8, "line is too long");
}

/* run.txt, the record of a run, is comment lines then the scenario: it must load back whatever
 * the length of its comment lines (a command line of many long paths, say). A line whose first
 * non-blank character is ';' or '#' is read whole and ignored, however long; a control character
 * in it is still refused. */
static void comment_lines_of_any_length_are_read_and_ignored(void **state)
{
    (void)state;
    static const size_t lengths[] = {199, 4095, 4096, 4097, 100000, (1 << 20) + 7};
    for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
        size_t n = lengths[i];
        char *text = malloc(n + 200);
        assert_non_null(text);
        for (int lead = 0; lead < 3; lead++) {
            /* ";xxx...", "  #xxx..." and "\t;xxx...\r\n" */
            size_t at = (size_t)lead;
            memset(text, lead == 2 ? '\t' : ' ', at);
            memset(text + at, 'x', n - at);
            text[at] = lead == 1 ? '#' : ';';
            snprintf(text + n, 200, "%s" MINIMAL "; and one more\n", lead == 2 ? "\r\n" : "\n");
            scn s;
            scn_errors e = {0};
            if (load(text, &s, &e)) {
                print_error("a comment line of %zu bytes (form %d):\n", n, lead);
                print_errors(&e);
                fail();
            }
            assert_int_equal(s.line[K_HORIZON], 3); /* the lines after it are counted */
            scn_errors_free(&e);
        }
        /* the same line after a byte order mark */
        memcpy(text, "\xEF\xBB\xBF;", 4);
        snprintf(text + n, 200, "\n" MINIMAL);
        scn s;
        assert_loads(text, &s);
        /* a control character far beyond the start of a comment is still one */
        text[n - 2] = '\x1b';
        assert_one_error(text, 1, "control character 0x1b");
        free(text);
    }
    /* a record written by scn_write after long comment lines loads back to the same scenario */
    scn a, b;
    assert_loads(full_text, &a);
    char *body = write_to_string(&a), *record = NULL;
    char path[3000];
    memset(path, 'p', sizeof path - 1);
    path[sizeof path - 1] = '\0';
    assert_true(asprintf(&record, "; relsim run record\n; command: relsim run /%s/x.ini -o /%s\n%s",
                         path, path, body) > 0);
    assert_loads(record, &b);
    assert_same_scenario(&a, &b);
    free(record);
    free(body);
}

static void empty_text_is_an_error(void **state)
{
    (void)state;
    assert_one_error("", 0, "empty file");
}

static void comments_alone_report_every_missing_part(void **state)
{
    (void)state;
    scn s;
    scn_errors e = {0};
    assert_int_equal(load("; nothing\n# here\n\n", &s, &e), 3);
    assert_int_equal(e.n, 3);
    assert_true(
        message_matches(&e, 0, 1, (const char *const[]){"missing section [cluster]", NULL}));
    assert_true(message_matches(&e, 1, 1, (const char *const[]){"no [component.NAME]", NULL}));
    assert_true(message_matches(&e, 2, 1, (const char *const[]){"needs a horizon", NULL}));
    scn_errors_free(&e);
}

/* A message holds the whole path, however long (add_error once cut it into a fixed buffer). */
static void messages_hold_a_long_path_whole(void **state)
{
    (void)state;
    char path[2100];
    memset(path, 'd', sizeof path - 1);
    for (size_t i = 100; i < sizeof path - 1; i += 100)
        path[i] = '/';
    path[sizeof path - 1] = '\0';
    scn s;
    scn_errors e = {0};
    assert_int_equal(scn_load_text("[bogus]\n", path, &s, &e), 1);
    assert_int_equal(strncmp(e.msg[0], path, strlen(path)), 0);
    assert_string_equal(e.msg[0] + strlen(path),
                        ":1: unknown section [bogus] (expected scenario, cluster, component.NAME, "
                        "detection, failover, job, sweep, sdc, tier.NAME, domain.NAME, site, "
                        "service, cost, maintenance or fleet)");
    scn_errors_free(&e);
}

/* ---------------------------------------------------------------- many errors */

static void every_error_of_a_file_is_reported_on_its_own_line(void **state)
{
    (void)state;
    const char *text = "[scenario]\n"        /* 1 */
                       "trials = 0\n"        /* 2: out of range */
                       "[clusters]\n"        /* 3: unknown section */
                       "nodes = 4\n"         /* 4: (in a refused section) */
                       "[cluster]\n"         /* 5 */
                       "nodes = 4\n"         /* 6 */
                       "spare_mode = warm\n" /* 7: bad mode */
                       "[component.gpu]\n"   /* 8 */
                       "ttf = 100h\n"        /* 9 */
                       "ttr = 1h\n"          /* 10 */
                       "ttr = 2h\n"          /* 11: set twice */
                       "mtbf = 5h\n"         /* 12: unknown key */
                       "[detection]\n"       /* 13 */
                       "timeout = 10\n"      /* 14: no unit */
                       "oops\n";             /* 15: no '=' */
    static const int lines[] = {2, 3, 7, 11, 12, 14, 15};
    scn s;
    scn_errors e = {0};
    assert_int_equal(load(text, &s, &e), 7);
    assert_int_equal(e.n, 7);
    for (int i = 0; i < 7; i++) {
        if (!message_matches(&e, i, lines[i], NULL)) print_errors(&e);
        assert_true(message_matches(&e, i, lines[i], NULL));
    }
    scn_errors_free(&e);
}

static void errors_are_added_to_those_already_collected(void **state)
{
    (void)state;
    scn s;
    scn_errors e = {0};
    assert_int_equal(load(MINIMAL "[x]\n", &s, &e), 1);
    assert_int_equal(load(MINIMAL "[y]\n[z]\n", &s, &e), 2);
    assert_int_equal(load(MINIMAL, &s, &e), 0); /* earlier errors do not fail a good file */
    assert_int_equal(e.n, 3);
    assert_non_null(strstr(e.msg[0], "[x]"));
    assert_non_null(strstr(e.msg[2], "[z]"));
    FILE *f = tmpfile();
    assert_non_null(f);
    scn_errors_print(&e, f);
    assert_int_equal(ftell(f), (long)(strlen(e.msg[0]) + strlen(e.msg[1]) + strlen(e.msg[2]) + 3));
    fclose(f);
    scn_errors_free(&e);
    assert_int_equal(e.n, 0);
    assert_null(e.msg);
}

/* ---------------------------------------------------------------- syntax */

static void indented_lines_are_ordinary_lines_not_continuations(void **state)
{
    (void)state;
    scn s;
    assert_loads("  [scenario]\n"
                 "    horizon = 1d\n"
                 "[cluster]\n"
                 "nodes = 4\n"
                 "    spares = 2\n"
                 "\tspare_mode\t=\thot\n"
                 "  ; an indented comment\n"
                 "\t[component.gpu]\n"
                 "  ttf = 1y\n"
                 "  ttr = 1h\n",
                 &s);
    assert_int_equal(s.nodes, 4);
    assert_int_equal(s.spares, 2);
    assert_int_equal(s.hot, 1);
    assert_close(s.horizon, 24, 0, 0);
    assert_int_equal(s.line[K_SPARES], 5);
}

static void comments_start_with_semicolon_or_hash_and_follow_values_after_semicolon(void **state)
{
    (void)state;
    scn s;
    assert_loads("; a comment\n"
                 "# another\n"
                 "[scenario] ; after a header\n"
                 "horizon = 1d   ; a day\n"
                 "name = with-comment ;x\n"
                 "[cluster]\n"
                 "nodes = 4\t; tab before it\n"
                 "[component.gpu]\n"
                 "ttf = exponential(mean=100h) ; comment\n"
                 "ttr = 1h\n",
                 &s);
    assert_close(s.horizon, 24, 0, 0);
    assert_string_equal(s.name, "with-comment");
    assert_int_equal(s.nodes, 4);
    assert_dist(&s.comp[0].ttf, DIST_EXPONENTIAL, 100, 0);
    /* a '#' after a value is refused with a hint; a ';' without a blank before it is part of
     * the value */
    assert_one_error(MINIMAL "[job]\nwork = 1d # a day\n", 9, "after a value, write ' ; comment'");
    assert_one_error(MINIMAL "[job]\nwork = 1d;a day\n", 9, "work:");
}

static void key_colon_value_is_accepted(void **state)
{
    (void)state;
    scn s;
    assert_loads("[scenario]\nhorizon: 1d\n[cluster]\nnodes: 4\nspare_mode:hot\n"
                 "[component.gpu]\nttf: weibull(shape=2, scale=10d)\nttr : 1h\n",
                 &s);
    assert_close(s.horizon, 24, 0, 0);
    assert_int_equal(s.nodes, 4);
    assert_int_equal(s.hot, 1);
    assert_dist(&s.comp[0].ttf, DIST_WEIBULL, 2, 240);
    assert_dist(&s.comp[0].ttr, DIST_FIXED, 1, 0);
}

static void crlf_line_ends_and_a_byte_order_mark_are_accepted_in_text(void **state)
{
    (void)state;
    scn s;
    assert_loads("\xEF\xBB\xBF[scenario]\r\nhorizon = 1d\r\n[cluster]\r\nnodes = 4 ; n\r\n"
                 "[component.gpu]\r\nttf = 1y\r\nttr = 1h",
                 &s);
    assert_int_equal(s.nodes, 4);
    assert_int_equal(s.section_line[0], 1);
    assert_dist(&s.comp[0].ttr, DIST_FIXED, 1, 0); /* last line without a newline */
    /* only at the very start: elsewhere it is part of a key */
    assert_one_error(MINIMAL "\xEF\xBB\xBFttr = 1h\n", 8,
                     "byte order mark (U+FEFF) inside the file");
}

/* ---------------------------------------------------------------- files */

static void missing_file_is_one_error_naming_it(void **state)
{
    (void)state;
    scratch t;
    scratch_open(&t);
    char path[160];
    snprintf(path, sizeof path, "%s/absent.ini", t.dir);
    scn s;
    scn_errors e = {0};
    assert_int_equal(scn_load_file(path, &s, &e), 1);
    assert_int_equal(e.n, 1);
    char want[256];
    snprintf(want, sizeof want, "%s: cannot open: %s", path, strerror(ENOENT));
    assert_string_equal(e.msg[0], want);
    scn_errors_free(&e);
    scratch_close(&t);
}

static void directory_is_one_error(void **state)
{
    (void)state;
    scratch t;
    scratch_open(&t);
    scn s;
    scn_errors e = {0};
    assert_int_equal(scn_load_file(t.dir, &s, &e), 1);
    assert_int_equal(e.n, 1);
    assert_int_equal(strncmp(e.msg[0], t.dir, strlen(t.dir)), 0);
    assert_non_null(strstr(e.msg[0], ": is a directory"));
    scn_errors_free(&e);
    scratch_close(&t);
}

static void unreadable_file_is_one_error(void **state)
{
    (void)state;
    scratch t;
    scratch_open(&t);
    const char *p = scratch_file(&t, "locked.ini", MINIMAL, sizeof MINIMAL - 1);
    assert_int_equal(chmod(p, 0), 0);
    scn s;
    scn_errors e = {0};
    int n = scn_load_file(p, &s, &e);
    if (geteuid() == 0) {
        /* root reads it anyway: there is nothing to refuse */
        assert_int_equal(n, 0);
    } else {
        assert_int_equal(n, 1);
        assert_int_equal(e.n, 1);
        assert_non_null(strstr(e.msg[0], ": cannot open: "));
        assert_non_null(strstr(e.msg[0], strerror(EACCES)));
    }
    scn_errors_free(&e);
    scratch_close(&t);
}

static void read_error_is_one_error_with_its_cause(void **state)
{
    (void)state;
    /* /proc/self/mem opens, but reading at offset 0 (unmapped) fails with EIO */
    FILE *probe = fopen("/proc/self/mem", "r");
    if (!probe) skip();
    fclose(probe);
    scn s;
    scn_errors e = {0};
    assert_int_equal(scn_load_file("/proc/self/mem", &s, &e), 1);
    assert_int_equal(e.n, 1);
    assert_string_equal(e.msg[0], "/proc/self/mem: cannot read: Input/output error");
    scn_errors_free(&e);
}

static void file_with_a_nul_byte_is_refused_as_binary(void **state)
{
    (void)state;
    static const char bytes[] = "[cluster]\nnodes = 4\nspa\0res = 1\n[component.gpu]\n";
    scratch t;
    scratch_open(&t);
    const char *p = scratch_file(&t, "bin.ini", bytes, sizeof bytes - 1);
    scn s;
    scn_errors e = {0};
    assert_int_equal(scn_load_file(p, &s, &e), 1);
    assert_int_equal(e.n, 1);
    char want[256];
    snprintf(want, sizeof want, "%s:3: binary data (a NUL byte): not a scenario file", p);
    assert_string_equal(e.msg[0], want);
    scn_errors_free(&e);
    scratch_close(&t);
}

static void empty_file_is_one_error(void **state)
{
    (void)state;
    scratch t;
    scratch_open(&t);
    const char *p = scratch_file(&t, "empty.ini", "", 0);
    scn s;
    scn_errors e = {0};
    assert_int_equal(scn_load_file(p, &s, &e), 1);
    assert_int_equal(e.n, 1);
    char want[256];
    snprintf(want, sizeof want, "%s: empty file", p);
    assert_int_equal(strncmp(e.msg[0], want, strlen(want)), 0);
    scn_errors_free(&e);
    scratch_close(&t);
}

/* The same scenario as plain text, with CRLF line ends, and with a BOM and CRLF. */
static void file_with_crlf_line_ends_or_a_byte_order_mark_loads_like_plain_text(void **state)
{
    (void)state;
    char crlf[4096], bom[4100];
    size_t n = 0;
    for (const char *c = full_text; *c; c++) {
        if (*c == '\n') crlf[n++] = '\r';
        crlf[n++] = *c;
    }
    crlf[n] = '\0';
    snprintf(bom, sizeof bom, "\xEF\xBB\xBF%s", crlf);
    scratch t;
    scratch_open(&t);
    const char *paths[] = {scratch_file(&t, "full.ini", full_text, strlen(full_text)),
                           scratch_file(&t, "crlf.ini", crlf, strlen(crlf)),
                           scratch_file(&t, "bom.ini", bom, strlen(bom))};
    scn plain, s;
    scn_errors e = {0};
    assert_int_equal(scn_load_text(full_text, "t.ini", &plain, &e), 0);
    for (int i = 0; i < 3; i++) {
        int rc = scn_load_file(paths[i], &s, &e);
        if (rc) print_errors(&e);
        assert_int_equal(rc, 0);
        assert_same_scenario(&plain, &s);
        assert_memory_equal(s.line, plain.line, sizeof s.line);
        assert_string_equal(s.path, paths[i]);
    }
    scn_errors_free(&e);
    scratch_close(&t);
}

static void file_name_stem_names_the_scenario(void **state)
{
    (void)state;
    scratch t;
    scratch_open(&t);
    const char *p = scratch_file(&t, "night-run.v2.ini", MINIMAL, sizeof MINIMAL - 1);
    scn s;
    scn_errors e = {0};
    assert_int_equal(scn_load_file(p, &s, &e), 0);
    assert_string_equal(s.name, "night-run.v2");
    scn_errors_free(&e);
    scratch_close(&t);
}

/* A FIFO with no writer would block open() and read() for ever; a terminal would wait for input.
 * Both are refused at once, as the top-level file and as an include. */
static void fifo_or_device_is_refused_at_once(void **state)
{
    (void)state;
    scratch t;
    scratch_open(&t);
    char fifo[160];
    snprintf(fifo, sizeof fifo, "%s/pipe.ini", t.dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    scn s;
    scn_errors e = {0};
    assert_int_equal(scn_load_file(fifo, &s, &e), 1);
    char want[400];
    snprintf(want, sizeof want, "%s: is a FIFO, not a regular file (expected a scenario file)",
             fifo);
    assert_string_equal(e.msg[0], want);
    scn_errors_free(&e);

    static const char top[] = "[scenario]\ninclude = pipe.ini\nhorizon = 1d\n" CLUSTER_GPU;
    const char *p = scratch_file(&t, "top.ini", top, sizeof top - 1);
    assert_int_equal(scn_load_file(p, &s, &e), 1);
    snprintf(want, sizeof want,
             "%s:2: include: %s is a FIFO, not a regular file (expected a scenario file)", p, fifo);
    assert_string_equal(e.msg[0], want);
    scn_errors_free(&e);

    assert_int_equal(scn_load_file("/dev/null", &s, &e), 1);
    assert_string_equal(e.msg[0], "/dev/null: is a character device, not a regular file "
                                  "(expected a scenario file)");
    scn_errors_free(&e);
    unlink(fifo);
    scratch_close(&t);
}

/* ---------------------------------------------------------------- long paths and options */

/* Makes a directory under `base` whose path is longer than `len` bytes, of components of 200
 * bytes; returns it (free it). rm_long_dir removes it. */
static char *make_long_dir(const char *base, size_t len)
{
    char *dir = strdup(base);
    assert_non_null(dir);
    for (int i = 0; strlen(dir) <= len; i++) {
        char part[201];
        memset(part, 'a' + i % 26, 200);
        part[200] = '\0';
        char *next;
        assert_true(asprintf(&next, "%s/%s", dir, part) > 0);
        free(dir);
        dir = next;
        assert_int_equal(mkdir(dir, 0700), 0);
    }
    return dir;
}

static void rm_long_dir(const char *base, char *dir)
{
    while (strlen(dir) > strlen(base)) {
        rmdir(dir);
        *strrchr(dir, '/') = '\0';
    }
    free(dir);
}

static char *write_in(const char *dir, const char *name, const char *text)
{
    char *p;
    assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
    return p;
}

/* An include is read from the path it names, whole, however long the including file's path:
 * `include = base.ini.OLD-DO-NOT-USE` never reads base.ini (a 1023-byte buffer once cut it). */
static void includes_are_resolved_whole_under_a_long_path(void **state)
{
    (void)state;
    scratch t;
    scratch_open(&t);
    char *dir = make_long_dir(t.dir, 1100);
    char *base = write_in(dir, "base.ini", "[cluster]\nnodes = 8\n" GPU);
    char *top = write_in(dir, "top.ini",
                         "[scenario]\ninclude = base.ini.OLD-DO-NOT-USE\n"
                         "horizon = 1d\n");
    scn s;
    scn_errors e = {0};
    assert_int_equal(scn_load_file(top, &s, &e), 1);
    char *want;
    assert_true(asprintf(&want, "%s:2: include: cannot open %s/base.ini.OLD-DO-NOT-USE: %s", top,
                         dir, strerror(ENOENT)) > 0);
    assert_string_equal(e.msg[0], want);
    free(want);
    scn_errors_free(&e);

    char *old = write_in(dir, "base.ini.OLD-DO-NOT-USE", "[cluster]\nnodes = 2\n" GPU);
    if (scn_load_file(top, &s, &e)) print_errors(&e);
    assert_int_equal(e.n, 0);
    assert_int_equal(s.nodes, 2);
    assert_string_equal(s.path, top); /* whole */
    scn_errors_free(&e);

    /* a cycle through long paths is named whole */
    char *a = write_in(dir, "a.ini", "[scenario]\ninclude = b.ini\n");
    char *b = write_in(dir, "b.ini", "[scenario]\ninclude = a.ini\n");
    assert_int_equal(scn_load_file(a, &s, &e), 1);
    assert_true(asprintf(&want,
                         "%s:2: include cycle: %s -> %s -> %s (a file may not include itself, "
                         "directly or through others)",
                         b, a, b, a) > 0);
    assert_string_equal(e.msg[0], want);
    free(want);
    scn_errors_free(&e);

    /* a path the system could not open is refused as such, not cut */
    char *p = malloc(PATH_MAX + 10);
    assert_non_null(p);
    memset(p, 'd', PATH_MAX + 9);
    p[PATH_MAX + 9] = '\0';
    assert_int_equal(scn_load_text(MINIMAL, p, &s, &e), 1);
    assert_int_equal(strncmp(e.msg[0], p, strlen(p)), 0);
    assert_non_null(strstr(e.msg[0] + strlen(p), ": the path is too long ("));
    scn_errors_free(&e);
    free(p);

    for (char **f = (char *[]){base, top, old, a, b, NULL}; *f; f++) {
        unlink(*f);
        free(*f);
    }
    rm_long_dir(t.dir, dir);
    scratch_close(&t);
}

/* --set options and their values have no length limit of their own (each value is checked by
 * its key), and a message quoting a long value holds it whole. */
static void long_set_options_are_read_whole(void **state)
{
    (void)state;
    char *value = malloc(6000), *opt;
    assert_non_null(value);
    memset(value, ' ', 5000);
    strcpy(value + 5000, "10d"); /* blanks around a value are ignored */
    assert_true(asprintf(&opt, "--add job.work=%s", value) > 0); /* MINIMAL has no job */
    const char *sets[] = {opt};
    scn s;
    scn_errors e = {0};
    if (scn_load("t.ini", MINIMAL, sets, 1, &s, &e)) print_errors(&e);
    assert_int_equal(e.n, 0);
    assert_close(s.work, 240, 0, 0);
    free(opt);

    memset(value, '7', 5000);
    value[4999] = 'x';
    value[5000] = '\0';
    assert_true(asprintf(&opt, "cluster.nodes=%s", value) > 0);
    sets[0] = opt;
    assert_int_equal(scn_load("t.ini", MINIMAL, sets, 1, &s, &e), 1);
    char *want;
    assert_true(asprintf(&want,
                         "--set %s: nodes: '%s' is not a whole number (expected 1 to "
                         "100000000)",
                         opt, value) > 0);
    assert_string_equal(e.msg[0], want);
    free(want);
    free(opt);
    scn_errors_free(&e);

    /* a long section name is named as what it is, not as a malformed option */
    memset(value, 'c', 300);
    value[300] = '\0';
    assert_true(asprintf(&opt, "component.%s.ttf=1y", value) > 0);
    sets[0] = opt;
    assert_int_equal(scn_load("t.ini", MINIMAL, sets, 1, &s, &e), 1);
    assert_non_null(strstr(e.msg[0], ": component name 'ccc"));
    free(opt);
    scn_errors_free(&e);
    free(value);
}

/* A message is one line: a newline in a --set option or in a path is shown escaped; a --set
 * option holding a control character is refused. */
static void messages_stay_on_one_line(void **state)
{
    (void)state;
    scn s;
    scn_errors e = {0};
    const char *sets[] = {"job.work=1d\n[cluster]\nnodes=1"};
    assert_int_equal(scn_load("t.ini", MINIMAL, sets, 1, &s, &e), 1);
    assert_string_equal(e.msg[0], "--set job.work=1d\\n[cluster]\\nnodes=1: control character "
                                  "0x0a in the option (expected SECTION.KEY=VALUE on one line)");
    scn_errors_free(&e);
    sets[0] = "scenario.name=a\x1b[1mb";
    assert_int_equal(scn_load("t.ini", MINIMAL, sets, 1, &s, &e), 1);
    assert_string_equal(e.msg[0], "--set scenario.name=a\\x1b[1mb: control character 0x1b in "
                                  "the option (expected SECTION.KEY=VALUE on one line)");
    scn_errors_free(&e);
    assert_int_equal(scn_load_text(MINIMAL "bogus\n", "odd\ndir/t.ini", &s, &e), 1);
    assert_string_equal(e.msg[0], "odd\\ndir/t.ini:8: expected 'key = value', '[section]' or a "
                                  "comment, got 'bogus'");
    assert_string_equal(s.path, "odd\ndir/t.ini"); /* the path itself is kept as given */
    scn_errors_free(&e);
}

/* ---------------------------------------------------------------- includes and --set */

static void include_reads_the_base_first_and_the_file_overrides_it(void **state)
{
    (void)state;
    static const char base[] = "[scenario]\ntrials = 7\nhorizon = 1d\n[cluster]\nnodes = 8\n"
                               "spares = 1\n" GPU;
    static const char top[] = "[scenario]\ninclude = base.ini\nname = top\n[cluster]\nspares = 4\n";
    scratch t;
    scratch_open(&t);
    scratch_file(&t, "base.ini", base, sizeof base - 1);
    const char *p = scratch_file(&t, "top.ini", top, sizeof top - 1);
    scn s;
    scn_errors e = {0};
    if (scn_load(p, NULL, NULL, 0, &s, &e)) print_errors(&e);
    assert_int_equal(e.n, 0);
    assert_int_equal(s.nodes, 8);  /* from the base */
    assert_int_equal(s.spares, 4); /* the including file wins */
    assert_int_equal(s.trials, 7);
    assert_string_equal(s.name, "top");
    assert_int_equal(s.line[K_SPARES], 5); /* where the value that won was set */
    assert_int_equal(s.ncomp, 1);
    scn_errors_free(&e);
    scratch_close(&t);
}

static void later_includes_override_earlier_ones_and_includes_nest(void **state)
{
    (void)state;
    static const char b[] = "[cluster]\nnodes = 2\nspares = 1\n" GPU;
    static const char c[] = "[scenario]\ninclude = d.ini\n[cluster]\nspares = 2\n";
    static const char d[] = "[detection]\ntimeout = 7m\n";
    static const char a[] = "[scenario]\ninclude = b.ini\ninclude = c.ini\nhorizon = 1d\n";
    scratch t;
    scratch_open(&t);
    scratch_file(&t, "b.ini", b, sizeof b - 1);
    scratch_file(&t, "c.ini", c, sizeof c - 1);
    scratch_file(&t, "d.ini", d, sizeof d - 1);
    const char *p = scratch_file(&t, "a.ini", a, sizeof a - 1);
    scn s;
    scn_errors e = {0};
    if (scn_load_file(p, &s, &e)) print_errors(&e);
    assert_int_equal(e.n, 0);
    assert_int_equal(s.spares, 2);
    assert_close(s.timeout, 7 * MINUTE, 1e-15, 0);
    assert_string_equal(s.name, "a");
    scn_errors_free(&e);
    scratch_close(&t);
}

static void include_cycle_is_an_error_naming_the_chain(void **state)
{
    (void)state;
    static const char a[] = "[scenario]\ninclude = b.ini\nhorizon = 1d\n" CLUSTER_GPU;
    static const char b[] = "[scenario]\ninclude = a.ini\n";
    scratch t;
    scratch_open(&t);
    const char *pa = scratch_file(&t, "a.ini", a, sizeof a - 1);
    const char *pb = scratch_file(&t, "b.ini", b, sizeof b - 1);
    scn s;
    scn_errors e = {0};
    assert_int_equal(scn_load_file(pa, &s, &e), 1);
    char want[600];
    snprintf(want, sizeof want, "%s:2: include cycle: %s -> %s -> ", pb, pa, pb);
    assert_memory_equal(e.msg[0], want, strlen(want));
    assert_non_null(strstr(e.msg[0], "a.ini (a file may not include itself"));
    scn_errors_free(&e);
    scratch_close(&t);
}

static void missing_include_is_an_error_on_the_include_line(void **state)
{
    (void)state;
    assert_one_error("[scenario]\nhorizon = 1d\ninclude = /nonexistent/base.ini\n" CLUSTER_GPU, 3,
                     "include: cannot open /nonexistent/base.ini");
    assert_one_error("[scenario]\nhorizon = 1d\ninclude =\n" CLUSTER_GPU, 3,
                     "include: missing file name");
}

static void errors_in_an_included_file_name_that_file(void **state)
{
    (void)state;
    static const char base[] = "[cluster]\nnodes = lots\n" GPU;
    static const char top[] = "[scenario]\nhorizon = 1d\ninclude = base.ini\n";
    scratch t;
    scratch_open(&t);
    const char *pb = scratch_file(&t, "base.ini", base, sizeof base - 1);
    const char *p = scratch_file(&t, "top.ini", top, sizeof top - 1);
    scn s;
    scn_errors e = {0};
    assert_int_equal(scn_load_file(p, &s, &e), 1);
    char want[300];
    snprintf(want, sizeof want, "%s:2: nodes: 'lots' is not a whole number", pb);
    assert_memory_equal(e.msg[0], want, strlen(want));
    scn_errors_free(&e);
    scratch_close(&t);
}

static void key_set_twice_in_one_file_is_an_error_even_with_includes(void **state)
{
    (void)state;
    static const char base[] = "[cluster]\nnodes = 2\n" GPU;
    static const char top[] = "[scenario]\nhorizon = 1d\ninclude = base.ini\n[cluster]\n"
                              "spares = 1\nspares = 2\n";
    scratch t;
    scratch_open(&t);
    scratch_file(&t, "base.ini", base, sizeof base - 1);
    const char *p = scratch_file(&t, "top.ini", top, sizeof top - 1);
    scn s;
    scn_errors e = {0};
    assert_int_equal(scn_load_file(p, &s, &e), 1);
    assert_non_null(strstr(e.msg[0], ":6: spares is set twice in [cluster] (first on line 5)"));
    scn_errors_free(&e);
    scratch_close(&t);
}

/* --set changes what the files have; --add may also create: a kind, a job (and after it, --set
 * may set the keys of what --add created). */
static void set_overrides_the_file_and_add_may_create_sections(void **state)
{
    (void)state;
    const char *sets[] = {"cluster.spares=9",
                          "component.gpu.ttr = 2h",
                          "--add component.nic.ttf=5y",
                          "component.nic.ttr=1d",
                          "--add job.work=10d",
                          "job.checkpoint_interval=young",
                          "--add job.checkpoint_cost=1m"};
    scn s;
    scn_errors e = {0};
    if (scn_load("t.ini", MINIMAL, sets, 7, &s, &e)) print_errors(&e);
    assert_int_equal(e.n, 0);
    assert_int_equal(s.spares, 9);
    assert_close(s.comp[0].ttr.p1, 2, 0, 0);
    assert_int_equal(s.ncomp, 2);
    assert_string_equal(s.comp[1].name, "nic");
    assert_int_equal(s.has_job, 1);
    assert_close(s.work, 240, 0, 0);
    assert_close(s.ckpt.interval, cf_young_interval(1 * MINUTE, s.mtbf), 1e-12, 0);
    scn_errors_free(&e);
}

static void set_errors_name_the_option(void **state)
{
    (void)state;
    static const struct {
        const char *set, *want;
    } cases[] = {
        {"cluster.nodes=abc", "--set cluster.nodes=abc: nodes: 'abc' is not a whole number"},
        {"cluster.node=4", "--set cluster.node=4: unknown key 'node' in [cluster] (expected"},
        {"clusters.nodes=4", "--set clusters.nodes=4: unknown section [clusters]"},
        {"nodes=4", "--set nodes=4: expected SECTION.KEY=VALUE"},
        {"cluster.nodes", "--set cluster.nodes: expected SECTION.KEY=VALUE"},
        {"scenario.include=x.ini", "--set scenario.include=x.ini: include is for scenario files"},
        {"component.a b.ttf=1h", "--set component.a b.ttf=1h: component name 'a b' must be"},
        {"detection.heartbeat=1h", "--set detection.heartbeat=1h: heartbeat must not exceed"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        scn s;
        scn_errors e = {0};
        const char *sets[] = {cases[i].set};
        assert_int_equal(scn_load("t.ini", MINIMAL, sets, 1, &s, &e), 1);
        if (strncmp(e.msg[0], cases[i].want, strlen(cases[i].want)) != 0) {
            print_error("got \"%s\", expected it to start with \"%s\"\n", e.msg[0], cases[i].want);
            fail();
        }
        scn_errors_free(&e);
    }
}

/* A --set (or a sweep's --vary) that names a section the files do not have is refused: a
 * misspelt kind would otherwise be a new kind, silently. [scenario], [cluster], [detection] and
 * [failover] every scenario has; a kind, a job or a sweep only --add creates. */
static void set_refuses_to_create_a_section(void **state)
{
    (void)state;
    static const struct {
        const char *set, *want;
    } cases[] = {
        {"component.gpus.ttf=1y",
         "--set component.gpus.ttf=1y: the scenario has no [component.gpus] (expected one of its "
         "kinds: gpu; --add creates a new kind); did you mean 'gpu'?"},
        {"component.fan.ttf=1y", "--set component.fan.ttf=1y: the scenario has no "
                                 "[component.fan] (expected one of its kinds: gpu; --add creates "
                                 "a new kind)"},
        {"job.work=10d", "--set job.work=10d: the scenario has no [job] section (expected one it "
                         "has; --add creates a section)"},
        {"sweep.vary=cluster.nodes=1,2", "--set sweep.vary=cluster.nodes=1,2: the scenario has no "
                                         "[sweep] section (expected one it has; --add creates a "
                                         "section)"},
        {"--vary job.work=1d", "--vary job.work=1d: the scenario has no [job] section"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        scn s;
        scn_errors e = {0};
        const char *sets[] = {cases[i].set};
        assert_int_equal(scn_load("t.ini", MINIMAL, sets, 1, &s, &e), 1);
        if (strncmp(e.msg[0], cases[i].want, strlen(cases[i].want)) != 0) {
            print_error("got \"%s\", expected it to start with \"%s\"\n", e.msg[0], cases[i].want);
            fail();
        }
        scn_errors_free(&e);
    }
    /* what --set may set without any file naming the section */
    const char *fine[] = {"scenario.trials=7", "cluster.spares=2", "detection.timeout=5m",
                          "failover.time=1m"};
    scn s;
    scn_errors e = {0};
    if (scn_load("t.ini",
                 "[cluster]\nnodes = 4\n[component.gpu]\nttf = 1y\nttr = 1d\n"
                 "[scenario]\nhorizon = 1d\n",
                 fine, 4, &s, &e))
        print_errors(&e);
    assert_int_equal(e.n, 0);
    assert_int_equal(s.trials, 7);
    assert_close(s.failover.p1, 1.0 / 60, 1e-15, 0);
    /* a kind from an included file, or one --add made, is there for --set and --vary; --add on a
     * kind that exists only sets its key */
    const char *sets[] = {"--add component.fan.ttf=2y", "component.fan.ttr=3h",
                          "--add component.gpu.count=2", "--vary component.fan.ttr=4h"};
    if (scn_load("t.ini", MINIMAL, sets, 4, &s, &e)) print_errors(&e);
    assert_int_equal(e.n, 0);
    assert_int_equal(s.ncomp, 2);
    assert_int_equal(s.comp[0].count, 2);
    assert_close(s.comp[1].ttr.p1, 4, 0, 0);
    /* the kinds listed are the scenario's, in the order read, each once */
    const char *gpus[] = {"--add component.host.ttf=1y", "--add component.host.ttr=1d",
                          "component.gpus.ttr=1d"};
    assert_int_equal(scn_load("t.ini", MINIMAL, gpus, 3, &s, &e), 1);
    assert_non_null(strstr(e.msg[0], "(expected one of its kinds: gpu, host; --add creates a new "
                                     "kind); did you mean 'gpu'?"));
    scn_errors_free(&e);
}

static void hints_name_the_one_closest_name(void **state)
{
    (void)state;
    const char *keys[] = {"nodes", "spares", "spare_mode", "repair_crews"};
    const char *laws[] = {"fixed", "exponential", "weibull", "lognormal", "gamma", "uniform"};
    const char *ab[] = {"ab1", "ab2"};
    struct {
        const char *word, *want; /* want NULL: no hint */
        const char *const *names;
        int n;
    } cases[] = {
        {"node", "nodes", keys, 4},                /* a deletion */
        {"Nodes", "nodes", keys, 4},               /* case is ignored */
        {"NODES", "nodes", keys, 4},               /* wholly */
        {"spare", "spares", keys, 4},              /* not spare_mode: 5 away */
        {"repiar_crews", "repair_crews", keys, 4}, /* a swap counts 1 */
        {"reapir_crwes", "repair_crews", keys, 4}, /* two swaps: 2 of the 3 allowed */
        {"exponentail", "exponential", laws, 6},
        {"Weibul", "weibull", laws, 6},
        {"lognorm", "lognormal", laws, 6}, /* 2 from 7 characters */
        {"normal", NULL, laws, 6},         /* 3 from lognormal: too far for 6 characters */
        {"exp", NULL, laws, 6},            /* a prefix is no hint */
        {"gama", "gamma", laws, 6},
        {"ab", NULL, ab, 2}, /* two equally close: no hint */
        {"ab3", NULL, ab, 2},
        {"xyz", NULL, keys, 4},
        {"", NULL, keys, 4},
        {"nodes", NULL, keys, 4}, /* a known name gets none */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = scn_suggest(cases[i].word, cases[i].names, cases[i].n);
        if (cases[i].want ? !got || strcmp(got, cases[i].want) != 0 : got != NULL) {
            print_error("'%s': got %s, expected %s\n", cases[i].word, got ? got : "no hint",
                        cases[i].want ? cases[i].want : "no hint");
            fail();
        }
    }
    char hint[SCN_HINT_SIZE];
    assert_string_equal(scn_hint(hint, sizeof hint, "gpus", (const char *[]){"gpu", "host"}, 2),
                        "; did you mean 'gpu'?");
    assert_string_equal(scn_hint(hint, sizeof hint, "fan", (const char *[]){"gpu", "host"}, 2), "");
}

/* The hints where names are read: keys, sections and laws, in files and in --set; the message
 * is otherwise what it was. */
static void hints_in_files_and_options(void **state)
{
    (void)state;
    assert_one_error(MINIMAL "[job]\nwrok = 1d\n", 9,
                     "unknown key 'wrok' in [job] (expected work, checkpoint_interval, "
                     "checkpoint_cost, restart_cost, full_every, incremental_cost, "
                     "incremental_restore_cost, incremental_chain, checkpoint_tb); did you "
                     "mean 'work'?");
    assert_one_error("[scenario]\nhorizn = 1d\n" CLUSTER_GPU, 2, "did you mean 'horizon'?");
    assert_one_error("[scenario]\nincldue = a.ini\n" CLUSTER_GPU, 2, "did you mean 'include'?");
    assert_one_error(MINIMAL "[detecton]\n", 8,
                     "unknown section [detecton] (expected scenario, cluster, component.NAME, "
                     "detection, failover, job, sweep, sdc, tier.NAME, domain.NAME, site, "
                     "service, cost, maintenance or fleet); did you mean 'detection'?");
    assert_one_error(MINIMAL "[componet.fan]\n", 8, "did you mean 'component.fan'?");
    assert_one_error(MINIMAL "[component.fan]\nttf = weibul(shape=1, scale=1y)\nttr = 1d\n", 9,
                     "ttf: unknown law 'weibul' (expected exponential, weibull, lognormal, "
                     "gamma, uniform, fixed, geometric or mixture); did you mean 'weibull'?");
    assert_one_error(MINIMAL "[component.fan]\nttf = 1y\nttr = Exponential (mean=1d)\n", 10,
                     "did you mean 'exponential'?");
    assert_one_error(MINIMAL "[failover]\ntime = unifrom(min=1m, max=2m)\n", 9,
                     "did you mean 'uniform'?");
    assert_one_error(MINIMAL "[job]\nwork = 1d\nrestart_cost = gamma(shpe=1, mean=1m)\n", 10,
                     "restart_cost: gamma: unknown parameter 'shpe'");
    static const struct {
        const char *set, *want;
    } cases[] = {
        {"cluster.node=4", "--set cluster.node=4: unknown key 'node' in [cluster] (expected "
                           "nodes, spares, spare_mode, repair_crews); did you mean 'nodes'?"},
        {"scenario.incldue=a.ini", "--set scenario.incldue=a.ini: unknown key 'incldue' in "
                                   "[scenario] (expected name, trials, seed, horizon)"},
        {"clusters.nodes=4", "--set clusters.nodes=4: unknown section [clusters] (expected "
                             "scenario, cluster, component.NAME, detection, failover, job, "
                             "sweep, sdc, tier.NAME, domain.NAME, site, service, cost, "
                             "maintenance or fleet); did you mean 'cluster'?"},
        {"components.gpu.ttf=1y", "did you mean 'component.gpu'?"},
        {"component.gpu.ttf=exponental(mean=1y)", "--set component.gpu.ttf=exponental(mean=1y): "
                                                  "ttf: unknown law 'exponental' (expected "
                                                  "exponential, weibull, lognormal, gamma, "
                                                  "uniform, fixed, geometric or mixture); did you mean "
                                                  "'exponential'?"},
        {"component.gpu.ttf=exponential", "(expected a duration or one of exponential, weibull, "
                                          "lognormal, gamma, uniform, fixed, geometric or mixture)"},
        {"component.gpu.ttr=exp(mean=1d)", "(expected exponential, weibull, lognormal, gamma, "
                                           "uniform, fixed, geometric or mixture)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        scn s;
        scn_errors e = {0};
        const char *sets[] = {cases[i].set};
        assert_int_equal(scn_load("t.ini", MINIMAL, sets, 1, &s, &e), 1);
        const char *m = e.msg[0], *at = strstr(m, cases[i].want);
        /* the wanted text, and for those without a hint, nothing after it */
        int ok = at && (strstr(cases[i].want, "did you mean") ||
                        strcmp(at + strlen(cases[i].want), "") == 0);
        if (!ok) {
            print_error("got \"%s\", expected \"%s\" (and no hint after)\n", m, cases[i].want);
            fail();
        }
        scn_errors_free(&e);
    }
}

/* A refused value and a missing key are both reported in one pass, in line order. */
static void refused_values_and_missing_keys_are_reported_together(void **state)
{
    (void)state;
    scn s;
    scn_errors e = {0};
    assert_int_equal(load("[scenario]\nhorizon = 1d\n[cluster]\nnodes = 4\nspares = x\n"
                          "[component.gpu]\nttf = 1y\n",
                          &s, &e),
                     2);
    assert_true(message_matches(&e, 0, 5, (const char *const[]){"spares:", NULL}));
    assert_true(message_matches(&e, 1, 6, (const char *const[]){"needs ttr", NULL}));
    scn_errors_free(&e);
}

static void hash_is_equal_for_equal_scenarios_and_differs_otherwise(void **state)
{
    (void)state;
    scn a, b, c;
    scn_errors e = {0};
    assert_int_equal(load(MINIMAL, &a, &e), 0);
    /* the same scenario written differently */
    assert_int_equal(
        load("[cluster]\nnodes = 4\n; a comment\n" GPU "[scenario]\nhorizon = 240h\n", &b, &e), 0);
    const char *sets[] = {"cluster.spares=1"};
    assert_int_equal(scn_load("t.ini", MINIMAL, sets, 1, &c, &e), 0);
    assert_true(scn_hash(&a) == scn_hash(&b));
    assert_true(scn_hash(&a) != scn_hash(&c));
    /* a scenario with daly and the record of it (its interval written out) simulate the same */
    scn d, w;
    assert_int_equal(load(MINIMAL "[job]\nwork = 10d\ncheckpoint_interval = daly\n"
                                  "checkpoint_cost = 2m\n",
                          &d, &e),
                     0);
    char *text = write_to_string(&d);
    assert_int_equal(load(text, &w, &e), 0);
    free(text);
    assert_int_equal(w.ckpt.kind, CKPT_INTERVAL);
    assert_true(scn_hash(&d) == scn_hash(&w));
    scn_errors_free(&e);
}

/* ---------------------------------------------------------------- names and sweeps */

static void a_name_may_not_start_with_a_dash(void **state)
{
    (void)state;
    assert_one_error("[scenario]\nname = -rf\nhorizon = 1d\n" CLUSTER_GPU, 2,
                     "name: name '-rf' may not start with '-'");
    const char *sets[] = {"scenario.name=--force"};
    scn s;
    scn_errors e = {0};
    assert_int_equal(scn_load("t.ini", MINIMAL, sets, 1, &s, &e), 1);
    assert_non_null(strstr(e.msg[0], "--set scenario.name=--force: name: name '--force' may not"));
    scn_errors_free(&e);
    assert_loads("[scenario]\nname = a-b-\nhorizon = 1d\n" CLUSTER_GPU, &s);
    assert_string_equal(s.name, "a-b-");
}

/* A sweep's points share their trials and seed (common random numbers), their name and their
 * files: varying those would make points that a sweep cannot compare, or ignore the values. */
static void a_sweep_cannot_vary_what_its_points_share(void **state)
{
    (void)state;
    static const char *const keys[] = {"scenario.trials=1,2", "scenario.seed=1,2",
                                       "scenario.name=a,b",   "scenario.include=a.ini,b.ini",
                                       "sweep.trials=10,20",  "sweep.metric=goodput,availability"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        char text[300], want[100];
        snprintf(text, sizeof text, MINIMAL "[sweep]\nvary = %s\n", keys[i]);
        snprintf(want, sizeof want,
                 "vary: %.*s cannot be varied: ", (int)(strchr(keys[i], '=') - keys[i]), keys[i]);
        assert_one_error(text, 9, want);
    }
    scn s;
    assert_loads(MINIMAL "[sweep]\nvary = scenario.horizon=1d,2d\nvary2 = cluster.nodes=1,2\n", &s);
    assert_int_equal(s.sweep_nvary, 2);
}

/* A [sweep] vary is written back on one line of run.txt: it must fit (only a --set value could be
 * longer); and a bound of a range is never cut to its first 63 characters. */
static void sweep_values_fit_on_a_line_and_are_never_cut(void **state)
{
    (void)state;
    char spec[300];
    int len = snprintf(spec, sizeof spec, "sweep.vary2=cluster.spares=");
    for (int i = 0; i < 60; i++)
        len += snprintf(spec + len, sizeof spec - (size_t)len, "1,");
    len += snprintf(spec + len, sizeof spec - (size_t)len, "%055d", 7);
    assert_int_equal(strlen(strchr(spec, '=') + 1), 190); /* "vary2 = " and it: 198 bytes */
    const char *sets[] = {"--add sweep.vary=cluster.nodes=1,2", spec}; /* MINIMAL: no [sweep] */
    scn s, back;
    scn_errors e = {0};
    if (scn_load("t.ini", MINIMAL, sets, 2, &s, &e)) print_errors(&e);
    assert_int_equal(e.n, 0);
    char *text = write_to_string(&s);
    assert_loads(text, &back);
    assert_string_equal(back.sweep_vary[1], s.sweep_vary[1]);
    free(text);

    strcat(spec, "7"); /* 191 */
    assert_int_equal(scn_load("t.ini", MINIMAL, sets, 2, &s, &e), 1);
    assert_non_null(strstr(e.msg[0], ": vary2: too long (191 bytes; at most 190, so that the "
                                     "line fits in a scenario file)"));
    scn_errors_free(&e);

    char zeros[80];
    memset(zeros, '0', 70);
    zeros[70] = '\0';
    snprintf(spec, sizeof spec, MINIMAL "[sweep]\nvary = cluster.spares=%s1..32+8\n", zeros);
    assert_one_error(spec, 9, "at most 63 characters each");
    snprintf(spec, sizeof spec, MINIMAL "[sweep]\nvary = component.%s%s.ttf=1y,2y\n", zeros,
             zeros + 50); /* 90 characters in the name */
    assert_one_error(spec, 9, "vary: the key is too long (at most 95 characters)");
    /* a message quoting a bound of 63 characters is whole */
    memset(zeros, '1', 63);
    zeros[63] = '\0';
    snprintf(spec, sizeof spec, MINIMAL "[sweep]\nvary = job.work=1h..%s*2\n", zeros);
    assert_one_error(spec, 9, zeros, "has no unit", "e.g. 30s, 5m, 2h, 7d)"); /* whole */
}

/* ---------------------------------------------------------------- size and time */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* MINIMAL (whose [component.gpu] is one kind) then [component.cI] for I in [from, to), each with
 * ttf and ttr (3 lines), then `tail`. Free the result. */
static char *with_kinds(int from, int to, const char *tail)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    fputs(MINIMAL, f);
    for (int i = from; i < to; i++)
        fprintf(f, "[component.c%d]\nttf = exponential(mean=1000d)\nttr = 1d\n", i);
    fputs(tail, f);
    assert_int_equal(fclose(f), 0);
    return text;
}

/* A generous bound, for the sanitizer build of a loaded machine: the loads below take
 * milliseconds; a loader that rescans what it has read takes tens of seconds. */
#define INSTANT_S 5.0

/* 64 kinds load; with 40,000 the 65th header is refused at once, with one message, and the rest
 * of the file is not read (it would only repeat the refusal). */
static void too_many_component_kinds_are_refused_at_the_first_one_too_many(void **state)
{
    (void)state;
    scn s;
    char *text = with_kinds(1, 64, "");
    assert_loads(text, &s);
    assert_int_equal(s.ncomp, 64);
    free(text);

    text = with_kinds(1, 40000, "[cluster]\nbogus = 1\n");
    double t0 = now_s();
    /* MINIMAL is 7 lines; c64 is the 65th kind, its header on line 7 + 63 * 3 + 1 */
    assert_one_error(text, 197,
                     "too many component kinds (at most 64): reading stops at "
                     "[component.c64]");
    double dt = now_s() - t0;
    free(text);
    if (dt > INSTANT_S) fail_msg("refusing 40,000 kinds took %.1f s", dt);

    /* kinds add up across the files of a load: a --set that would add a 65th is refused */
    text = with_kinds(1, 64, "");
    const char *sets[] = {"component.c1.ttr=2d", "--add component.extra.ttf=1y"};
    scn_errors e = {0};
    assert_int_equal(scn_load("t.ini", text, sets, 2, &s, &e), 1);
    assert_string_equal(e.msg[0], "--add component.extra.ttf=1y: too many component kinds (at "
                                  "most 64): [component.extra] would be one more");
    scn_errors_free(&e);
    free(text);
}

/* Files read whole however many lines and sections they hold: duplicates, comments. */
static void large_files_are_read_in_linear_time(void **state)
{
    (void)state;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    fputs(MINIMAL, f);
    for (int i = 0; i < 40000; i++) /* 63 kinds and the gpu, then duplicates */
        fprintf(f, "[component.c%d]\nttf = 1y\nttr = 1d\n", i % 63);
    assert_int_equal(fclose(f), 0);
    scn s;
    scn_errors e = {0};
    double t0 = now_s();
    assert_int_equal(load(text, &s, &e), 101); /* 100 messages and "more errors follow" */
    double dt = now_s() - t0;
    assert_true(message_matches(&e, 0, 8 + 63 * 3,
                                (const char *const[]){"duplicate section [component.c0] (first "
                                                      "on line 8)",
                                                      NULL}));
    scn_errors_free(&e);
    free(text);
    if (dt > INSTANT_S) fail_msg("40,000 sections took %.1f s", dt);

    /* 64 kinds and 200,000 comment lines: valid, and read in no time */
    text = NULL;
    f = open_memstream(&text, &len);
    assert_non_null(f);
    char *kinds = with_kinds(1, 64, "");
    fputs(kinds, f);
    free(kinds);
    for (int i = 0; i < 200000; i++)
        fprintf(f, "; comment %d\n", i);
    assert_int_equal(fclose(f), 0);
    t0 = now_s();
    assert_loads(text, &s);
    dt = now_s() - t0;
    assert_int_equal(s.ncomp, 64);
    free(text);
    if (dt > INSTANT_S) fail_msg("200,000 comment lines took %.1f s", dt);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(include_reads_the_base_first_and_the_file_overrides_it),
        cmocka_unit_test(later_includes_override_earlier_ones_and_includes_nest),
        cmocka_unit_test(include_cycle_is_an_error_naming_the_chain),
        cmocka_unit_test(missing_include_is_an_error_on_the_include_line),
        cmocka_unit_test(errors_in_an_included_file_name_that_file),
        cmocka_unit_test(key_set_twice_in_one_file_is_an_error_even_with_includes),
        cmocka_unit_test(set_overrides_the_file_and_add_may_create_sections),
        cmocka_unit_test(set_refuses_to_create_a_section),
        cmocka_unit_test(hints_name_the_one_closest_name),
        cmocka_unit_test(hints_in_files_and_options),
        cmocka_unit_test(set_errors_name_the_option),
        cmocka_unit_test(refused_values_and_missing_keys_are_reported_together),
        cmocka_unit_test(hash_is_equal_for_equal_scenarios_and_differs_otherwise),
        cmocka_unit_test(tiers_load_with_their_values_sorted_by_every),
        cmocka_unit_test(tiers_are_written_back_to_the_same_values),
        cmocka_unit_test(set_and_add_on_tiers),
        cmocka_unit_test(scenarios_without_tiers_have_none),
        cmocka_unit_test(tier_errors_name_the_line_and_what_was_expected),
        cmocka_unit_test(domains_site_and_service_load_with_their_values),
        cmocka_unit_test(domains_site_and_service_are_written_back_to_the_same_values),
        cmocka_unit_test(scenarios_without_domains_site_or_service_are_written_as_before),
        cmocka_unit_test(set_and_add_on_domains_site_and_service),
        cmocka_unit_test(domain_site_and_service_errors_name_the_line_and_what_was_expected),
        cmocka_unit_test(cost_loads_with_its_values),
        cmocka_unit_test(cost_is_written_back_to_the_same_values),
        cmocka_unit_test(set_and_add_on_cost),
        cmocka_unit_test(cost_errors_name_the_line_and_what_was_expected),
        cmocka_unit_test(every_key_of_every_section_is_read_in_hours),
        cmocka_unit_test(every_key_and_section_remembers_its_line),
        cmocka_unit_test(absent_keys_take_their_defaults),
        cmocka_unit_test(name_defaults_to_the_file_stem),
        cmocka_unit_test(system_mtbf_of_identical_parts_is_their_mean_over_their_number),
        cmocka_unit_test(system_mtbf_sums_the_failure_rates_of_every_part_of_every_slot),
        cmocka_unit_test(young_interval_is_resolved_from_mean_checkpoint_cost_and_system_mtbf),
        cmocka_unit_test(daly_interval_is_resolved_from_mean_checkpoint_cost_and_system_mtbf),
        cmocka_unit_test(fixed_interval_and_none_are_kept_as_written),
        cmocka_unit_test(written_scenario_loads_back_to_the_same_values),
        cmocka_unit_test(written_young_interval_names_its_origin_in_a_comment),
        cmocka_unit_test(embedded_default_scenario_loads_without_errors),
        cmocka_unit_test(unknown_section_is_an_error_naming_the_sections_expected),
        cmocka_unit_test(unknown_key_is_an_error_listing_the_keys_of_its_section),
        cmocka_unit_test(duplicate_section_is_an_error_naming_the_first_line),
        cmocka_unit_test(duplicate_component_section_is_an_error_naming_the_first_line),
        cmocka_unit_test(duplicate_key_is_an_error_naming_the_first_line),
        cmocka_unit_test(header_without_closing_bracket_is_an_error),
        cmocka_unit_test(text_after_a_header_is_an_error_but_a_comment_is_not),
        cmocka_unit_test(line_without_equals_sign_is_an_error),
        cmocka_unit_test(inline_comment_before_the_equals_sign_leaves_no_value),
        cmocka_unit_test(key_before_any_section_is_an_error),
        cmocka_unit_test(duration_without_unit_is_an_error),
        cmocka_unit_test(unknown_law_is_an_error_listing_the_laws),
        cmocka_unit_test(negative_durations_are_errors),
        cmocka_unit_test(node_count_must_be_between_one_and_the_maximum),
        cmocka_unit_test(nodes_and_spares_together_must_not_exceed_the_maximum),
        cmocka_unit_test(trials_must_be_at_least_one),
        cmocka_unit_test(seed_must_fit_in_32_bits),
        cmocka_unit_test(spare_mode_must_be_cold_or_hot),
        cmocka_unit_test(repair_crews_must_be_at_least_one_or_unlimited),
        cmocka_unit_test(heartbeat_must_not_exceed_the_detection_timeout),
        cmocka_unit_test(cluster_section_is_required),
        cmocka_unit_test(cluster_needs_nodes),
        cmocka_unit_test(at_least_one_component_is_required),
        cmocka_unit_test(component_needs_ttf_and_ttr),
        cmocka_unit_test(component_name_must_be_a_plain_word_libinih_keeps_whole),
        cmocka_unit_test(component_count_is_between_one_and_4096),
        cmocka_unit_test(missing_ttf_is_not_also_reported_as_an_unresolvable_interval),
        cmocka_unit_test(job_needs_work),
        cmocka_unit_test(scenario_without_job_needs_a_horizon),
        cmocka_unit_test(young_and_daly_need_a_positive_checkpoint_cost),
        cmocka_unit_test(time_to_failure_must_have_a_positive_mean),
        cmocka_unit_test(lines_longer_than_198_characters_are_refused_whole),
        cmocka_unit_test(control_characters_are_refused),
        cmocka_unit_test(a_refused_header_ends_the_previous_section),
        cmocka_unit_test(comment_lines_of_any_length_are_read_and_ignored),
        cmocka_unit_test(empty_text_is_an_error),
        cmocka_unit_test(comments_alone_report_every_missing_part),
        cmocka_unit_test(messages_hold_a_long_path_whole),
        cmocka_unit_test(every_error_of_a_file_is_reported_on_its_own_line),
        cmocka_unit_test(errors_are_added_to_those_already_collected),
        cmocka_unit_test(indented_lines_are_ordinary_lines_not_continuations),
        cmocka_unit_test(comments_start_with_semicolon_or_hash_and_follow_values_after_semicolon),
        cmocka_unit_test(key_colon_value_is_accepted),
        cmocka_unit_test(crlf_line_ends_and_a_byte_order_mark_are_accepted_in_text),
        cmocka_unit_test(missing_file_is_one_error_naming_it),
        cmocka_unit_test(directory_is_one_error),
        cmocka_unit_test(unreadable_file_is_one_error),
        cmocka_unit_test(read_error_is_one_error_with_its_cause),
        cmocka_unit_test(file_with_a_nul_byte_is_refused_as_binary),
        cmocka_unit_test(empty_file_is_one_error),
        cmocka_unit_test(file_with_crlf_line_ends_or_a_byte_order_mark_loads_like_plain_text),
        cmocka_unit_test(file_name_stem_names_the_scenario),
        cmocka_unit_test(fifo_or_device_is_refused_at_once),
        cmocka_unit_test(includes_are_resolved_whole_under_a_long_path),
        cmocka_unit_test(long_set_options_are_read_whole),
        cmocka_unit_test(messages_stay_on_one_line),
        cmocka_unit_test(a_name_may_not_start_with_a_dash),
        cmocka_unit_test(a_sweep_cannot_vary_what_its_points_share),
        cmocka_unit_test(sweep_values_fit_on_a_line_and_are_never_cut),
        cmocka_unit_test(too_many_component_kinds_are_refused_at_the_first_one_too_many),
        cmocka_unit_test(large_files_are_read_in_linear_time),
        cmocka_unit_test(sdc_section_keys_and_errors),
    };
    return cmocka_run_group_tests_name("scenario", tests, NULL, NULL);
}
