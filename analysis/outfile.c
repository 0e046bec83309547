/*
 * outfile: whole-or-nothing output files (see outfile.h).
 *
 * The registry of temporaries is a fixed array of path copies, so that the signal handler can
 * walk it with nothing but unlink(2). A slot is claimed before the file exists and released
 * after it is renamed or removed.
 */
#include "analysis/outfile.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_OPEN 32
#define MAX_PATH 1024

struct outfile {
    FILE *f;
    int slot;
    char path[MAX_PATH];
    char tmp[MAX_PATH + 8];
};

static char registry[MAX_OPEN][MAX_PATH + 8];
static volatile sig_atomic_t in_use[MAX_OPEN];

outfile *outfile_open(const char *path, char *err, size_t n)
{
    if (strlen(path) >= MAX_PATH) {
        snprintf(err, n, "%s: path too long", path);
        return NULL;
    }
    outfile *o = calloc(1, sizeof *o);
    if (!o) {
        snprintf(err, n, "%s: out of memory", path);
        return NULL;
    }
    snprintf(o->path, sizeof o->path, "%s", path);
    snprintf(o->tmp, sizeof o->tmp, "%s.tmp", path);
    o->slot = -1;
    for (int i = 0; i < MAX_OPEN; i++) {
        if (!in_use[i]) {
            memcpy(registry[i], o->tmp, strlen(o->tmp) + 1);
            in_use[i] = 1;
            o->slot = i;
            break;
        }
    }
    o->f = fopen(o->tmp, "w");
    if (!o->f) {
        snprintf(err, n, "%s: cannot write: %s", o->tmp, strerror(errno));
        if (o->slot >= 0) in_use[o->slot] = 0;
        free(o);
        return NULL;
    }
    return o;
}

FILE *outfile_stream(outfile *f)
{
    return f->f;
}

const char *outfile_tmp_path(const outfile *f)
{
    return f->tmp;
}

static void release(outfile *o)
{
    if (o->slot >= 0) in_use[o->slot] = 0;
    free(o);
}

int outfile_commit(outfile *o, char *err, size_t n)
{
    int bad = ferror(o->f);
    if (fclose(o->f) != 0) bad = 1;
    if (bad) {
        snprintf(err, n, "%s: write failed: %s", o->tmp, strerror(errno));
        unlink(o->tmp);
        release(o);
        return -1;
    }
    if (rename(o->tmp, o->path) != 0) {
        snprintf(err, n, "%s: cannot rename to %s: %s", o->tmp, o->path, strerror(errno));
        unlink(o->tmp);
        release(o);
        return -1;
    }
    release(o);
    return 0;
}

void outfile_abort(outfile *o)
{
    if (!o) return;
    fclose(o->f);
    unlink(o->tmp);
    release(o);
}

void outfile_abort_all(void)
{
    for (int i = 0; i < MAX_OPEN; i++)
        if (in_use[i]) unlink(registry[i]);
}
