/*
 * fuzz_scenario: libFuzzer harness over the scenario loader and validator (sim/scenario.c).
 *
 * Any bytes go to scn_load_text as a scenario file named "scenarios/fuzz.ini", so that an include
 * of a gallery file ("include = spares-base.ini") resolves as it does for the gallery itself (the
 * fuzzers run from the source root). Lines that start with "--set " are taken out of the text and
 * given to scn_load as --set overrides instead (at most FS_MAX_SETS). Whatever the bytes hold,
 * loading must not crash, leak or hit undefined behaviour. A scenario that loads is then put
 * through what a run does with it before its trials, and must satisfy what the loader promises:
 *   - the validated values are usable: at least one node and one component, every component with
 *     both laws, every law sampling numbers (no NaN mean or quantile), heartbeat <= timeout, a
 *     positive MTBF (not NaN), positive work and interval;
 *   - scn_write writes it as text that loads back with no error to the same values (key fields
 *     compared below), and writing that again gives the same text (the writer is a fixed point);
 *   - life_model_new builds its component groups, and one node's life (first failure and a few
 *     renewals, sim/life.c) has no NaN or negative remaining life, no infinite one unless no
 *     component's life can be finite, no zero one when new unless a unit can live 0 (at
 *     u = 1e-12: the odds of a false alarm are at most 64 x 4096 x 1e-12 per input), and each
 *     failure names a real component;
 *   - mc_bytes_needed and mc_check_memory estimate its memory.
 * A broken promise calls abort() with the two values on stderr: the fuzzer reports it as a crash.
 *
 * Built by `make fuzz` with clang -fsanitize=fuzzer,address,undefined; tests/test_fuzz_replay.c
 * includes this file (entry points renamed) to replay tests/fuzz-regressions/ in `make check`.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "models/dist.h"
#include "sim/model/life.h"
#include "sim/study/mc.h"
#include "sim/scenario/scn.h"
#include "sim/engine/stream.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FS_RENEWALS 8  /* failures of the one node followed through sim/life */
#define FS_MAX_SETS 16 /* --set overrides taken from the input */
#define FS_PATH "scenarios/fuzz.ini"

static stream *fs_stream;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    gsl_set_error_handler_off();
    return 0;
}

/* Prints what broke, with the text that was loaded, and aborts: the fuzzer saves the input. */
static void fs_fail(const char *what, const char *text) __attribute__((noreturn));

static void fs_fail(const char *what, const char *text)
{
    fprintf(stderr, "fuzz_scenario: %s\n", what);
    if (text) fprintf(stderr, "---- text ----\n%s\n--------------\n", text);
    abort();
}

/* Equal doubles, NaN equal to NaN (-0 equals 0: the writer prints both as "0s"). */
static int fs_same(double a, double b)
{
    return a == b || (isnan(a) && isnan(b));
}

static int fs_same_law(const dist *a, const dist *b)
{
    return a->kind == b->kind && fs_same(a->p1, b->p1) && fs_same(a->p2, b->p2) &&
           fs_same(a->z1, b->z1) && fs_same(a->z2, b->z2);
}

/* Compares what a run uses of two loaded scenarios; returns the first field that differs, or
 * NULL. `b` was loaded from scn_write(a): young and daly intervals come back as plain
 * intervals of the same length. */
static const char *fs_differs(const scn *a, const scn *b)
{
    if (strcmp(a->name, b->name) != 0) return "name";
    if (a->trials != b->trials) return "trials";
    if (a->seed != b->seed) return "seed";
    if (!fs_same(a->horizon, b->horizon)) return "horizon";
    if (a->nodes != b->nodes) return "nodes";
    if (a->spares != b->spares) return "spares";
    if (a->hot != b->hot) return "spare_mode";
    if (a->crews != b->crews) return "repair_crews";
    if (a->ncomp != b->ncomp) return "number of components";
    for (int i = 0; i < a->ncomp; i++) {
        const scn_component *x = &a->comp[i], *y = &b->comp[i];
        if (strcmp(x->name, y->name) != 0) return "component name";
        if (x->count != y->count) return "component count";
        if (x->has_ttf != y->has_ttf || !fs_same_law(&x->ttf, &y->ttf)) return "component ttf";
        if (x->has_ttr != y->has_ttr || !fs_same_law(&x->ttr, &y->ttr)) return "component ttr";
    }
    if (!fs_same(a->timeout, b->timeout)) return "timeout";
    if (!fs_same(a->heartbeat, b->heartbeat)) return "heartbeat";
    if (!fs_same_law(&a->failover, &b->failover)) return "failover time";
    if (a->has_job != b->has_job) return "[job] present";
    if (a->has_job) {
        if (!fs_same(a->work, b->work)) return "work";
        ckpt_kind want = a->ckpt.kind == CKPT_NONE ? CKPT_NONE : CKPT_INTERVAL;
        if (b->ckpt.kind != want) return "checkpoint_interval kind";
        if (!fs_same(a->ckpt.interval, b->ckpt.interval)) return "checkpoint_interval";
        if (!fs_same_law(&a->ckpt_cost, &b->ckpt_cost)) return "checkpoint_cost";
        if (!fs_same_law(&a->restart_cost, &b->restart_cost)) return "restart_cost";
    }
    if (!fs_same(a->mtbf, b->mtbf)) return "mtbf";
    return NULL;
}

/* A law a run may sample: its mean and its samples at a few u are numbers (not NaN). */
static int fs_law_ok(const dist *d)
{
    static const double u[] = {0x1p-54, 1e-9, 0.5, 1 - 1e-9, 1 - 0x1p-53};
    if (isnan(dist_mean(d))) return 0;
    for (size_t i = 0; i < sizeof u / sizeof u[0]; i++)
        if (!(dist_quantile(d, u[i]) >= 0)) return 0;
    return 1;
}

/* What the loader promises of a scenario it accepts; returns the broken promise, or NULL. */
static const char *fs_invalid(const scn *s)
{
    if (s->nodes < 1) return "no nodes";
    if ((uint64_t)s->nodes + s->spares > SCN_MAX_NODES) return "too many nodes";
    if (s->trials < 1) return "no trials";
    if (s->ncomp < 1 || s->ncomp > SCN_MAX_COMPONENTS) return "number of components";
    for (int i = 0; i < s->ncomp; i++) {
        const scn_component *c = &s->comp[i];
        if (!c->has_ttf || !c->has_ttr) return "a component without ttf or ttr";
        if (c->count < 1 || c->count > SCN_MAX_COUNT) return "component count";
        if (!(dist_mean(&c->ttf) > 0)) return "a ttf whose mean is not positive";
        if (!fs_law_ok(&c->ttf) || !fs_law_ok(&c->ttr)) return "a ttf or ttr that samples NaN";
    }
    if (!(s->horizon > 0)) return "horizon not positive";
    if (!(s->timeout >= 0) || !(s->heartbeat >= 0) || s->heartbeat > s->timeout)
        return "detection timeout and heartbeat";
    if (!fs_law_ok(&s->failover)) return "a failover time that samples NaN";
    if (!(s->mtbf > 0)) return "system MTBF not positive (or NaN)";
    if (!s->has_job && !isfinite(s->horizon)) return "neither a job nor a horizon";
    if (s->has_job) {
        if (!(s->work > 0) || !isfinite(s->work)) return "work not positive and finite";
        if (!fs_law_ok(&s->ckpt_cost) || !fs_law_ok(&s->restart_cost))
            return "a checkpoint or restart cost that samples NaN";
        if (!(s->ckpt.interval > 0)) return "checkpoint interval not positive (or NaN)";
        if (s->ckpt.kind != CKPT_NONE && !isfinite(s->ckpt.interval))
            return "checkpoint interval infinite";
    }
    return NULL;
}

/* scn_write into a malloc'ed string. */
static char *fs_write(const scn *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) fs_fail("open_memstream failed", NULL);
    scn_write(s, f);
    if (fclose(f) != 0 || !buf) fs_fail("writing to memory failed", NULL);
    return buf;
}

/* Loads text that scn_write wrote: it must load with no error. */
static void fs_reload(const char *text, scn *out)
{
    scn_errors errs = {0};
    if (scn_load_text(text, FS_PATH, out, &errs) != 0) {
        scn_errors_print(&errs, stderr);
        scn_errors_free(&errs);
        fs_fail("the written scenario does not load back", text);
    }
    scn_errors_free(&errs);
}

/* One node of the scenario through sim/life: first failure and a few renewals. */
static void fs_life(const scn *s, const char *text)
{
    life_model *m = life_model_new(s);
    if (!m) fs_fail("life_model_new failed", text);
    int groups = life_model_groups(m), traced = 0;
    for (int k = 0; k < s->ncomp; k++)
        traced += s->comp[k].trace > 0;
    if (groups < (traced < s->ncomp) || groups > s->ncomp - traced)
        fs_fail("life_model_groups out of range", text);
    if (groups == 0) { /* every kind replays a trace: no life to draw */
        life_model_free(m);
        return;
    }
    if (!fs_stream) fs_stream = stream_new();
    life *L = life_new(m, 1);
    if (!fs_stream || !L) fs_fail("out of memory", NULL);
    stream_set_trial(fs_stream, s->seed, 0);
    if (life_reset(L, fs_stream) != 0) fs_fail("life_reset failed", text);
    for (int k = 0; k <= FS_RENEWALS; k++) {
        double left = life_remaining(L, 0);
        if (!(left >= 0)) {
            fprintf(stderr, "life_remaining = %g after %d failures\n", left, k);
            fs_fail("a node's remaining life is NaN or negative", text);
        }
        if (k == 0 && left == 0) {
            /* All units new: one lives 0 only at a u below that of a zero quantile. */
            int can_be_zero = 0;
            for (int i = 0; i < s->ncomp; i++)
                can_be_zero |= !(dist_quantile(&s->comp[i].ttf, 1e-12) > 0);
            if (!can_be_zero) fs_fail("a new node fails at once", text);
        }
        if (!isfinite(left)) {
            /* Only if no component can fail: each unit's life is finite at any u below 1. */
            for (int i = 0; i < s->ncomp; i++)
                if (isfinite(dist_quantile(&s->comp[i].ttf, 1 - 0x1p-53)))
                    fs_fail("a node that can fail has an infinite remaining life", text);
            break;
        }
        if (k == FS_RENEWALS) break;
        int kind = life_fail(L, fs_stream, 0);
        if (kind < 0 || kind >= s->ncomp) fs_fail("life_fail names no component", text);
    }
    life_free(L);
    life_model_free(m);
}

/* Splits the input into scenario text and --set arguments (pointers into text). */
static int fs_split(char *text, const char **sets)
{
    int nsets = 0;
    char *out = text;
    for (char *p = text; *p;) {
        char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) + 1 : strlen(p);
        if (nsets < FS_MAX_SETS && strncmp(p, "--set ", 6) == 0) {
            sets[nsets++] = p + 6;
            if (end) *end = '\0'; /* the argument ends the line */
        } else {
            memmove(out, p, len); /* out <= p: kept lines move down over the taken ones */
            out += len;
        }
        p += len;
    }
    *out = '\0';
    return nsets;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The text, then a copy that fs_split cuts into text and --set arguments. */
    char *buf = malloc(2 * (size + 1));
    scn *s = malloc(3 * sizeof *s);
    if (!buf || !s) {
        free(buf);
        free(s);
        return 0;
    }
    char *text = buf + size + 1;
    memcpy(buf, data, size);
    buf[size] = '\0';
    memcpy(text, buf, size + 1);
    const char *sets[FS_MAX_SETS];
    int nsets = fs_split(text, sets);

    scn_errors errs = {0};
    int nerr = nsets ? scn_load(FS_PATH, text, sets, nsets, &s[0], &errs)
                     : scn_load_text(text, FS_PATH, &s[0], &errs);
    text = buf; /* for messages: the input as it came */
    if (nerr != errs.n) fs_fail("scn_load's count differs from the messages", text);
    for (int i = 0; i < errs.n; i++)
        if (!errs.msg[i] || !strchr(errs.msg[i], ':'))
            fs_fail("an error message names no file", text);
    scn_errors_free(&errs);
    if (nerr == 0) {
        const char *bad = fs_invalid(&s[0]);
        if (bad) fs_fail(bad, text);

        char *w1 = fs_write(&s[0]);
        fs_reload(w1, &s[1]);
        const char *field = fs_differs(&s[0], &s[1]);
        if (field) {
            fprintf(stderr, "field that differs after scn_write and loading back: %s\n", field);
            fs_fail("round trip through scn_write changed the scenario", w1);
        }
        char *w2 = fs_write(&s[1]);
        fs_reload(w2, &s[2]);
        char *w3 = fs_write(&s[2]);
        if (strcmp(w2, w3) != 0) {
            fprintf(stderr, "---- written again ----\n%s\n", w3);
            fs_fail("scn_write of a reloaded scenario is not a fixed point", w2);
        }
        free(w1);
        free(w2);
        free(w3);

        fs_life(&s[0], text);
        char err[256];
        (void)mc_bytes_needed(&s[0], 1);
        (void)mc_bytes_needed(&s[0], 64);
        (void)mc_check_memory(&s[0], 1, err, sizeof err);
    }
    free(s);
    free(buf);
    return 0;
}
