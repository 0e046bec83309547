/*
 * metric: the metric table (see metric.h).
 */
#include "models/metric.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const metric_info metric_table[METRIC_N] = {
#define METRIC_INFO_(name, kind, headline, flags, label)                                           \
    {#name, METRIC_KIND_##kind, headline, flags, label},
    METRIC_TABLE(METRIC_INFO_)
#undef METRIC_INFO_
};

double metric_value(const metric_row *r, int i)
{
    switch (i) {
#define METRIC_CASE_(name, ...)                                                                    \
    case METRIC_##name:                                                                            \
        return (double)r->name;
        METRIC_TABLE(METRIC_CASE_)
#undef METRIC_CASE_
    }
    return NAN;
}

int metric_ratio(int i, int *num, int *den)
{
#define METRIC_RATIO_(r, y, x)                                                                     \
    if (i == METRIC_##r) {                                                                         \
        *num = METRIC_##y;                                                                         \
        *den = METRIC_##x;                                                                         \
        return 1;                                                                                  \
    }
    METRIC_RATIOS(METRIC_RATIO_)
#undef METRIC_RATIO_
    return 0;
}

int metric_index(const char *name)
{
    for (int i = 0; i < METRIC_N; i++)
        if (strcmp(metric_table[i].name, name) == 0) return i;
    return -1;
}

int metric_is_count(int i)
{
    return i >= 0 && i < METRIC_N && metric_table[i].kind == METRIC_KIND_COUNT;
}

int metric_select(unsigned flags, int *out)
{
    int n = 0;
    for (int h = 1;; h++) { /* headlines 1, 2, ... while there are any */
        int found = 0;
        for (int i = 0; i < METRIC_N; i++)
            if (metric_table[i].headline == h) {
                found = 1;
                if ((metric_table[i].flags & flags) == flags) out[n++] = i;
            }
        if (!found) break;
    }
    for (int i = 0; i < METRIC_N; i++)
        if (metric_table[i].headline == 0 && (metric_table[i].flags & flags) == flags)
            out[n++] = i;
    return n;
}

void metric_list_names(unsigned flags, char *buf, unsigned long len)
{
    int idx[METRIC_N];
    int n = metric_select(flags, idx);
    size_t used = 0;
    buf[0] = '\0';
    for (int k = 0; k < n && used < len; k++) {
        const char *sep = k == 0 ? "" : k == n - 1 ? " or " : ", ";
        int w = snprintf(buf + used, len - used, "%s%s", sep, metric_table[idx[k]].name);
        if (w < 0) break;
        used += (size_t)w;
    }
}

/* The "tierK" in a tier row's name: its position, K in *slot. */
static const char *tier_token(const char *name, int *slot)
{
    const char *p = strstr(name, "tier");
    if (!p || p[4] < '0' || p[4] > '9') return NULL;
    *slot = p[4] - '0';
    return p;
}

int metric_tier(int i)
{
    int slot;
    if (i < 0 || i >= METRIC_N || !(metric_table[i].flags & METRIC_TIER)) return -1;
    return tier_token(metric_table[i].name, &slot) ? slot : -1;
}

const char *metric_column(int i, const metric_scope *sc, char *buf)
{
    if (i < 0 || i >= METRIC_N) return NULL;
    const char *name = metric_table[i].name;
    unsigned needs =
        metric_table[i].flags & (METRIC_NEEDS_TIERS | METRIC_NEEDS_DOMAINS | METRIC_NEEDS_SITE |
                                 METRIC_NEEDS_SERVICE | METRIC_NEEDS_COST | METRIC_NEEDS_MAINT |
                                 METRIC_NEEDS_REPAIRS | METRIC_NEEDS_FLEET | METRIC_NEEDS_TRACE);
    if ((needs & sc->has) != needs || (metric_table[i].flags & METRIC_HIDDEN)) return NULL;
    if (!(metric_table[i].flags & METRIC_TIER)) return name;
    int slot;
    const char *p = tier_token(name, &slot);
    if (!p || slot >= sc->ntier) return NULL;
    snprintf(buf, METRIC_NAME_MAX, "%.*s%s%s", (int)(p - name), name, sc->tier_names[slot], p + 5);
    return buf;
}
