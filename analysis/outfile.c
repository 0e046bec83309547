/*
 * outfile: whole-or-nothing output files (see outfile.h).
 *
 * The registry of temporaries holds pointers to path strings allocated before the file exists,
 * so that the signal handler can walk it with nothing but unlink(2). A slot is claimed before the
 * file is created and released after it is renamed or removed.
 */
#include "analysis/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_OPEN 64

struct outfile {
    FILE *f;
    int slot;
    char *path, *tmp;
};

static const char *volatile registry[MAX_OPEN];
static volatile sig_atomic_t in_use[MAX_OPEN];

int outfile_is_tmp_name(const char *name)
{
    size_t len = strlen(name);
    return len > 8 && name[0] == '.' && name[len - 7] == '.';
}

static void release(outfile *o)
{
    if (o->slot >= 0) in_use[o->slot] = 0;
    free(o->path);
    free(o->tmp);
    free(o);
}

outfile *outfile_open(const char *path, char *err, size_t n)
{
    outfile *o = calloc(1, sizeof *o);
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    if (!o || !(o->path = strdup(path)) || !(o->tmp = malloc(strlen(path) + 9))) {
        snprintf(err, n, "%s: out of memory", path);
        if (o) release(o);
        return NULL;
    }
    o->slot = -1;
    /* dir/.name.XXXXXX */
    memcpy(o->tmp, path, dirlen);
    o->tmp[dirlen] = '.';
    strcpy(o->tmp + dirlen + 1, path + dirlen);
    strcat(o->tmp, ".XXXXXX");
    for (int i = 0; i < MAX_OPEN; i++) {
        if (!in_use[i]) {
            registry[i] = o->tmp;
            in_use[i] = 1;
            o->slot = i;
            break;
        }
    }
    int fd = mkostemp(o->tmp, O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        snprintf(err, n, "%s: cannot write: %s", path, strerror(e));
        release(o); /* the template's slot holds no file */
        return NULL;
    }
    /* mkostemp makes 0600; results are for others as a plain file would be: 0666 less umask */
    static mode_t mask = (mode_t)-1;
    if (mask == (mode_t)-1) {
        mask = umask(022);
        umask(mask);
    }
    fchmod(fd, 0666 & ~mask);
    if (!(o->f = fdopen(fd, "w"))) {
        snprintf(err, n, "%s: cannot write: %s", path, strerror(errno));
        close(fd);
        unlink(o->tmp);
        release(o);
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

int outfile_commit(outfile *o, char *err, size_t n)
{
    int e = 0;
    errno = 0;
    if (fflush(o->f) != 0 || ferror(o->f)) e = errno ? errno : EIO;
    if (!e && fsync(fileno(o->f)) != 0) e = errno;
    if (fclose(o->f) != 0 && !e) e = errno ? errno : EIO;
    o->f = NULL;
    if (e) {
        snprintf(err, n, "%s: cannot write: %s", o->path, strerror(e));
        unlink(o->tmp);
        release(o);
        return -1;
    }
    if (rename(o->tmp, o->path) != 0) {
        snprintf(err, n, "%s: cannot write (rename from %s): %s", o->path, o->tmp, strerror(errno));
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
    if (o->f) fclose(o->f);
    unlink(o->tmp);
    release(o);
}

void outfile_abort_all(void)
{
    for (int i = 0; i < MAX_OPEN; i++)
        if (in_use[i] && registry[i]) unlink(registry[i]);
}
