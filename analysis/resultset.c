/*
 * resultset: result sets published as a unit (see resultset.h).
 *
 * The signal-time cleanup walks the stage with the getdents64 system call rather than readdir(3),
 * which is not async-signal-safe; everything else it uses (open, unlinkat, rmdir, kill, close)
 * is. The registry holds at most RESULTSET_MAX stages at once (a batch writes one at a time).
 */
#include "analysis/resultset.h"
#include "analysis/outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define STAGE_PREFIX OUTDIR_STAGE_PREFIX
#define RESULTSET_MAX 8

struct resultset {
    char *dir;   /* the target, as given */
    char *stage; /* dir/.relsim-stage-XXXXXX */
    int dfd;     /* the target, open and locked */
    int created; /* begin created the target */
    const char *const *outputs;
    const char *record;
    int slot; /* in the registry */
};

/* What the signal handler may read: pointers set before `active` is raised. */
static struct {
    const char *stage, *dir;
    int created;
    volatile sig_atomic_t active;
} registry[RESULTSET_MAX];
static volatile sig_atomic_t committing;

int resultset_is_stage_name(const char *name)
{
    return strncmp(name, STAGE_PREFIX, sizeof STAGE_PREFIX - 1) == 0;
}

/* Removes a stage: every entry (it holds files only), then the directory. Async-signal-safe, so
 * that the signal handler and the normal paths (abort, a stage a killed run left) share it. */
static void remove_stage(const char *stage)
{
    int fd = open(stage, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        char buf[4096];
        /* unlinking while reading may skip entries: read again from the start until the
         * directory is empty (rmdir succeeds), a few times at most */
        for (int round = 0; round < 256 && rmdir(stage) != 0; round++) {
            long got = syscall(SYS_getdents64, fd, buf, sizeof buf);
            if (got <= 0) {
                lseek(fd, 0, SEEK_SET);
                if (round > 8) break;
                continue;
            }
            for (long at = 0; at < got;) {
                struct {
                    unsigned long long ino;
                    long long off;
                    unsigned short reclen;
                    unsigned char type;
                    char name[];
                } *d = (void *)(buf + at);
                if (strcmp(d->name, ".") != 0 && strcmp(d->name, "..") != 0)
                    unlinkat(fd, d->name, 0);
                at += d->reclen;
            }
        }
        close(fd);
    }
    rmdir(stage);
}

int resultset_abort_all(void)
{
    if (committing) return 1; /* the renames finish; the caller reports what happened */
    for (int i = 0; i < RESULTSET_MAX; i++) {
        if (!registry[i].active) continue;
        remove_stage(registry[i].stage);
        if (registry[i].created) rmdir(registry[i].dir);
        registry[i].active = 0;
    }
    return 0;
}

static void release(resultset *r)
{
    if (r->slot >= 0) registry[r->slot].active = 0;
    if (r->dfd >= 0) close(r->dfd); /* releases the lock */
    free(r->stage);
    free(r->dir);
    free(r);
}

resultset *resultset_begin(const char *dir, const char *const *outputs, const char *record,
                           char *err, size_t n)
{
    resultset *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, n, "out of memory");
        return NULL;
    }
    r->dfd = -1;
    r->slot = -1;
    r->outputs = outputs;
    r->record = record;
    struct stat st;
    r->created = lstat(dir, &st) != 0 && errno == ENOENT;
    if (!(r->dir = strdup(dir))) goto oom;
    if (outdir_make(dir, err, n)) goto fail;
    r->dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (r->dfd < 0) {
        snprintf(err, n, "%s: cannot open the directory: %s", dir, strerror(errno));
        goto fail;
    }
    if (flock(r->dfd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK)
            snprintf(err, n,
                     "%s: another relsim is writing its results there; wait for it to finish, "
                     "or choose another directory with -o",
                     dir);
        else
            snprintf(err, n, "%s: cannot lock the directory: %s", dir, strerror(errno));
        goto fail;
    }
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (!resultset_is_stage_name(e->d_name)) continue;
            char *old = outdir_join(dir, e->d_name);
            if (old) remove_stage(old);
            free(old);
        }
        closedir(d);
    }
    if (!(r->stage = outdir_join(dir, STAGE_PREFIX "XXXXXX"))) goto oom;
    /* registered before it exists: a signal between mkdtemp's mkdir and its return still finds
     * it (removing a name not yet made is harmless) */
    for (int i = 0; i < RESULTSET_MAX; i++)
        if (!registry[i].active) {
            registry[i].stage = r->stage;
            registry[i].dir = r->dir;
            registry[i].created = r->created;
            registry[i].active = 1;
            r->slot = i;
            break;
        }
    if (r->slot < 0) {
        snprintf(err, n, "%s: too many result sets in progress", dir);
        goto fail;
    }
    if (!mkdtemp(r->stage)) {
        snprintf(err, n, "%s: cannot create a staging directory: %s", dir, strerror(errno));
        goto fail;
    }
    return r;
oom:
    snprintf(err, n, "out of memory");
fail:
    if (r->created && r->dir) rmdir(r->dir);
    release(r);
    return NULL;
}

const char *resultset_stage(const resultset *r)
{
    return r->stage;
}

const char *resultset_dir(const resultset *r)
{
    return r->dir;
}

void resultset_abort(resultset *r)
{
    if (!r) return;
    remove_stage(r->stage); /* still registered: a signal meanwhile removes it too */
    if (r->created) rmdir(r->dir);
    release(r);
}

static int is_output(const resultset *r, const char *name)
{
    for (const char *const *o = r->outputs; *o; o++)
        if (strcmp(*o, name) == 0) return 1;
    return 0;
}

/* fsync of a path: 0, or -1 with errno. */
static int sync_path(int dirfd_, const char *name)
{
    int fd = openat(dirfd_, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return -1;
    int rc = fsync(fd);
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

int resultset_commit(resultset *r, char *err, size_t n)
{
    enum { MAX_FILES = 32 };
    const char *staged[MAX_FILES];
    char *names[MAX_FILES];
    int nstaged = 0, have_record = 0, rc = -1;
    int sfd = open(r->stage, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d = sfd >= 0 ? fdopendir(dup(sfd)) : NULL;
    if (!d) {
        snprintf(err, n, "%s: cannot read the staging directory: %s", r->stage, strerror(errno));
        if (sfd >= 0) close(sfd);
        resultset_abort(r);
        return -1;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        if (!is_output(r, e->d_name) || nstaged == MAX_FILES) {
            snprintf(err, n, "%s: unexpected file %s in the result set (internal error)", r->dir,
                     e->d_name);
            goto fail;
        }
        if (!(names[nstaged] = strdup(e->d_name))) {
            snprintf(err, n, "out of memory");
            goto fail;
        }
        staged[nstaged] = names[nstaged];
        if (strcmp(staged[nstaged], r->record) == 0) have_record = 1;
        nstaged++;
    }
    if (!have_record) {
        snprintf(err, n, "%s: the result set has no %s (internal error)", r->dir, r->record);
        goto fail;
    }
    /* Everything that can fail without harm first: every staged file on disk, and nothing in
     * the way of a rename (a directory or a FIFO where a file must go). */
    for (int i = 0; i < nstaged; i++)
        if (sync_path(sfd, staged[i]) != 0) {
            snprintf(err, n, "%s/%s: cannot write: %s", r->dir, staged[i], strerror(errno));
            goto fail;
        }
    if (fsync(sfd) != 0) {
        snprintf(err, n, "%s: cannot write: %s", r->dir, strerror(errno));
        goto fail;
    }
    for (const char *const *o = r->outputs; *o; o++) {
        struct stat st;
        if (fstatat(r->dfd, *o, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(st.st_mode) &&
            !S_ISLNK(st.st_mode)) {
            snprintf(err, n,
                     "%s/%s: %s: relsim will not replace it with a result; remove it, or choose "
                     "another directory with -o",
                     r->dir, *o, S_ISDIR(st.st_mode) ? strerror(EISDIR) : "not a regular file");
            goto fail;
        }
    }
    /* The renames, with the signals that would stop us held until they are done. */
    sigset_t hold, old;
    sigemptyset(&hold);
    sigaddset(&hold, SIGINT);
    sigaddset(&hold, SIGTERM);
    sigaddset(&hold, SIGHUP);
    sigprocmask(SIG_BLOCK, &hold, &old);
    committing = 1;
    if (unlinkat(r->dfd, r->record, 0) != 0 && errno != ENOENT) {
        snprintf(err, n, "%s/%s: cannot replace: %s", r->dir, r->record, strerror(errno));
        goto unblock;
    }
    for (const char *const *o = r->outputs; *o; o++) {
        int mine = 0;
        for (int i = 0; i < nstaged; i++)
            mine |= strcmp(staged[i], *o) == 0;
        if (!mine && unlinkat(r->dfd, *o, 0) != 0 && errno != ENOENT) {
            snprintf(err, n, "%s/%s: cannot remove the previous result: %s", r->dir, *o,
                     strerror(errno));
            goto unblock;
        }
    }
    for (int pass = 0; pass < 2; pass++) /* the record last */
        for (int i = 0; i < nstaged; i++) {
            if ((strcmp(staged[i], r->record) == 0) != (pass == 1)) continue;
            if (renameat(sfd, staged[i], r->dfd, staged[i]) != 0) {
                snprintf(err, n, "%s/%s: cannot publish: %s", r->dir, staged[i], strerror(errno));
                goto unblock;
            }
        }
    if (fsync(r->dfd) != 0) {
        snprintf(err, n, "%s: cannot write: %s", r->dir, strerror(errno));
        goto unblock;
    }
    rc = 0;
unblock:
    committing = 0;
    sigprocmask(SIG_SETMASK, &old, NULL);
fail:
    closedir(d);
    close(sfd);
    for (int i = 0; i < nstaged; i++)
        free(names[i]);
    if (rc == 0) {
        rmdir(r->stage);
        release(r);
    } else {
        resultset_abort(r);
    }
    return rc;
}
