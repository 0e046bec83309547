/*
 * scn trace: the failure times a [component.NAME] ttf = trace(FILE) replays, read with
 * models/faillog.h (the event log of `relsim fit`, with its checks and messages) into sorted times
 * held once per process: every scenario and every trial that names the same file and kind share
 * one immutable copy, so that the memory of a replay does not grow with trials, sweep points or
 * batch entries. Loads are serialised by a mutex (scn_load may be called from several threads);
 * a trace is never freed (it stays reachable from the table until the process ends).
 */
#include "sim/scenario/scn_int.h"
#include "models/faillog.h"
#include "models/infile.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static scn_trace **table;
static int ntable, captable;

const scn_trace *scn_trace_of(const scn_component *c)
{
    if (c->trace <= 0) return NULL;
    pthread_mutex_lock(&lock);
    const scn_trace *t = c->trace <= ntable ? table[c->trace - 1] : NULL;
    pthread_mutex_unlock(&lock);
    return t;
}

/* FNV-1a of the file's bytes; 0 if it cannot be read (faillog_read_events then says why). */
static unsigned long long fingerprint(const char *path)
{
    FILE *f = infile_open(path);
    if (!f) return 0;
    unsigned long long h = 1469598103934665603ull;
    int ch;
    while ((ch = getc(f)) != EOF)
        h = (h ^ (unsigned char)ch) * 1099511628211ull;
    fclose(f);
    return h;
}

/* The failures of `kind` in the log (faillog.h's rules), or a message for each mistake; NULL then. */
static scn_trace *read_trace(loader *L, origin at, const char *abs, const char *path,
                             const char *shown, const char *kind)
{
    faillog log;
    faillog_errors fe;
    int rc = faillog_read_events(path, &log, &fe);
    if (rc) {
        for (int i = 0; i < fe.n; i++)
            scn_error_at(L, at, "ttf: trace: %s", fe.msg[i]);
        if (fe.more) scn_error_at(L, at, "ttf: trace: ... and %zu more errors", fe.more);
        faillog_errors_free(&fe);
        return NULL;
    }
    scn_trace *t = calloc(1, sizeof *t);
    size_t n = 0;
    for (size_t i = 0; i < log.nevents; i++)
        n += log.events[i].fail && strcmp(log.events[i].kind, kind) == 0;
    double origin0 = log.iso ? log.events[0].time : 0.0;
    double *times = t && n ? malloc(n * sizeof *times) : NULL;
    uint32_t *nodes = t && n ? malloc(n * sizeof *nodes) : NULL;
    char *p = strdup(abs), *k = strdup(kind);
    if (!t || !p || !k || (n && (!times || !nodes))) {
        scn_error_at(L, at, "out of memory");
        goto fail;
    }
    if (n == 0) {
        char kinds[400] = "";
        size_t used = 0;
        for (int i = 0; i < log.nkinds && used < sizeof kinds; i++)
            used += (size_t)snprintf(kinds + used, sizeof kinds - used, "%s%s", i ? ", " : "",
                                     log.kinds[i]);
        scn_error_at(L, at,
                     "ttf: trace %s has no fail rows of component %s (expected rows whose "
                     "component is %s or %s:ID; the log's components are: %s)",
                     shown, kind, kind, kind, kinds);
        goto fail;
    }
    int bad = 0;
    size_t j = 0;
    for (size_t i = 0; i < log.nevents; i++) {
        const faillog_event *e = &log.events[i];
        if (!log.iso && e->time < 0) {
            scn_error_at(L, at,
                         "ttf: trace: %s:%d: time %.10g h is before the trial's start (expected "
                         "hours from 0, the trial's start)",
                         shown, e->line, e->time);
            bad = 1;
            break;
        }
        if (!e->fail || strcmp(e->kind, kind) != 0) continue;
        times[j] = e->time - origin0;
        nodes[j] = e->node;
        j++;
    }
    if (bad) goto fail;
    t->path = p;
    t->kind = k;
    t->n = n;
    t->t = times;
    t->node = nodes;
    t->nnodes = (uint32_t)log.nnodes;
    t->span = log.events[log.nevents - 1].time - origin0;
    t->iso = log.iso;
    t->fnv = fingerprint(path);
    faillog_free(&log);
    return t;
fail:
    faillog_free(&log);
    free(times);
    free(nodes);
    free(p);
    free(k);
    free(t);
    return NULL;
}

int scn_trace_load(loader *L, origin at, const char *path, const char *kind)
{
    char *shown = scn_shown(path);
    char abs[PATH_MAX];
    if (!shown) {
        scn_error_at(L, at, "out of memory");
        return 0;
    }
    if (!realpath(path, abs)) {
        scn_error_at(L, at, "ttf: trace: cannot open %s: %s (expected an event log; a relative "
                            "path is from the scenario file's directory)",
                     shown, errno == ENOENT ? "no such file" : strerror(errno));
        free(shown);
        return 0;
    }
    int found = 0;
    pthread_mutex_lock(&lock);
    for (int i = 0; i < ntable && !found; i++)
        if (strcmp(table[i]->path, abs) == 0 && strcmp(table[i]->kind, kind) == 0) found = i + 1;
    if (!found) {
        scn_trace *t = read_trace(L, at, abs, path, shown, kind);
        if (t && ntable == captable) {
            int cap = captable ? 2 * captable : 8;
            scn_trace **v = realloc(table, (size_t)cap * sizeof *v);
            if (v) {
                table = v;
                captable = cap;
            }
        }
        if (t && ntable < captable) {
            table[ntable++] = t;
            found = ntable;
        } else if (t) {
            scn_error_at(L, at, "out of memory");
            free((void *)t->t);
            free((void *)t->node);
            free((void *)t->path);
            free((void *)t->kind);
            free(t);
        }
    }
    pthread_mutex_unlock(&lock);
    free(shown);
    return found;
}
