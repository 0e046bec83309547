/*
 * vary: the grammar of --vary values (see vary.h).
 */
#include "sim/scenario/vary.h"
#include "models/unit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A value of a range: a duration keeps its unit-less hours, a number is written plainly. */
static void range_value(double x, int duration, char *buf, size_t len)
{
    if (duration)
        unit_format_duration(x, buf, len);
    else
        unit_format_number(x, buf, len);
}

static int parse_range(const char *spec, vary_key *k, char *err, size_t n)
{
    const char *dots = strstr(spec, "..");
    const char *op = strpbrk(dots + 2, "*+");
    char a[64], b[64], c[64], inner[400]; /* a message quoting a, b or c whole */
    if (!op) {
        snprintf(err, n, "a range is A..B*F (geometric) or A..B+S (linear), got '%s'", spec);
        return -1;
    }
    if ((size_t)(dots - spec) >= sizeof a || (size_t)(op - dots - 2) >= sizeof b ||
        strlen(op + 1) >= sizeof c) {
        snprintf(err, n, "range %s: A, B and the step are at most %zu characters each", spec,
                 sizeof a - 1);
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
        if (k->nvalues == VARY_MAX_VALUES) {
            snprintf(err, n, "range %s has more than %d values", spec, VARY_MAX_VALUES);
            return -1;
        }
        range_value(x, dur, k->value[k->nvalues++], sizeof k->value[0]);
    }
    return 0;
}

/* Why a key cannot be varied, or NULL if it can: what a sweep holds fixed across its points. */
static const char *not_variable(const char *key)
{
    if (strcmp(key, "scenario.trials") == 0 || strcmp(key, "scenario.seed") == 0)
        return "the trials and the seed are the sweep's, the same for every point (common random "
               "numbers): set them with --trials, --precision or --seed";
    if (strcmp(key, "scenario.name") == 0)
        return "the points of a sweep are variants of one scenario, under its name";
    if (strcmp(key, "scenario.include") == 0) return "include is for scenario files";
    if (strncmp(key, "sweep.", 6) == 0) return "the [sweep] keys describe the sweep, not a point";
    return NULL;
}

int vary_parse(const char *arg, vary_key *k, char *err, size_t n)
{
    const char *eq = strchr(arg, '=');
    memset(k, 0, sizeof *k);
    if (!eq || eq == arg || !eq[1]) {
        snprintf(err, n, "expected SECTION.KEY=V1,V2,... or SECTION.KEY=A..B*F, got '%s'", arg);
        return -1;
    }
    if ((size_t)(eq - arg) >= sizeof k->key) {
        snprintf(err, n, "the key is too long (at most %zu characters)", sizeof k->key - 1);
        return -1;
    }
    snprintf(k->key, sizeof k->key, "%.*s", (int)(eq - arg), arg);
    const char *dot = strrchr(k->key, '.');
    if (!dot) {
        snprintf(err, n, "expected SECTION.KEY=..., got '%s'", arg);
        return -1;
    }
    const char *why = not_variable(k->key);
    if (why) {
        snprintf(err, n, "%s cannot be varied: %s", k->key, why);
        return -1;
    }
    if (strncmp(k->key, "component.", 10) == 0) /* component.gpu.ttf -> gpu_ttf */
        snprintf(k->column, sizeof k->column, "%.*s_%s", (int)(dot - k->key - 10), k->key + 10,
                 dot + 1);
    else if (strncmp(k->key, "tier.", 5) == 0) /* tier.pfs.cost -> pfs_cost */
        snprintf(k->column, sizeof k->column, "%.*s_%s", (int)(dot - k->key - 5), k->key + 5,
                 dot + 1);
    else if (strncmp(k->key, "domain.", 7) == 0) /* domain.rack.ttr -> rack_ttr */
        snprintf(k->column, sizeof k->column, "%.*s_%s", (int)(dot - k->key - 7), k->key + 7,
                 dot + 1);
    else if (strncmp(k->key, "maintenance.", 12) == 0) /* maintenance.every -> maintenance_every */
        snprintf(k->column, sizeof k->column, "maintenance_%s", dot + 1);
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
            if (k->nvalues == VARY_MAX_VALUES || q == p || (size_t)(q - p) >= sizeof k->value[0]) {
                snprintf(err, n, "%s: at most %d values of at most %zu characters, none empty",
                         k->key, VARY_MAX_VALUES, sizeof k->value[0] - 1);
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
