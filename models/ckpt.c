/*
 * ckpt: parsing and resolving checkpoint policies (see ckpt.h). The formulas are in cf.c.
 */
#include "models/ckpt.h"
#include "models/cf.h"
#include "models/unit.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const names[] = {[CKPT_INTERVAL] = "interval",
                                    [CKPT_YOUNG] = "young",
                                    [CKPT_DALY] = "daly",
                                    [CKPT_NONE] = "none"};

const char *ckpt_kind_name(ckpt_kind kind)
{
    return names[kind];
}

int ckpt_parse(const char *s, ckpt_policy *p, char *err, size_t errlen)
{
    char word[16];
    size_t n = 0;
    while (*s == ' ' || *s == '\t')
        s++;
    while (s[n] && s[n] != ' ' && s[n] != '\t' && n < sizeof word - 1) {
        word[n] = s[n];
        n++;
    }
    word[n] = '\0';
    for (int k = CKPT_YOUNG; k <= CKPT_NONE; k++) {
        if (strcmp(word, names[k]) == 0 && s[strspn(s + n, " \t") + n] == '\0') {
            p->kind = (ckpt_kind)k;
            p->interval = k == CKPT_NONE ? INFINITY : NAN;
            return 0;
        }
    }
    double h;
    char inner[160];
    if (unit_parse_duration(s, &h, inner, sizeof inner)) {
        snprintf(err, errlen, "%s, or young, daly or none", inner);
        return -1;
    }
    if (!(h > 0)) {
        snprintf(err, errlen, "the checkpoint interval must be positive (or young, daly, none)");
        return -1;
    }
    p->kind = CKPT_INTERVAL;
    p->interval = h;
    return 0;
}

int ckpt_resolve(ckpt_policy *p, double d, double M, char *err, size_t errlen)
{
    if (p->kind != CKPT_YOUNG && p->kind != CKPT_DALY) return 0;
    if (!(d > 0)) {
        snprintf(err, errlen, "%s needs a positive mean checkpoint_cost", names[p->kind]);
        return -1;
    }
    if (!(M > 0) || !isfinite(M)) {
        snprintf(err, errlen, "%s needs a finite system MTBF", names[p->kind]);
        return -1;
    }
    p->interval = p->kind == CKPT_YOUNG ? cf_young_interval(d, M) : cf_daly_interval(d, M);
    return 0;
}
