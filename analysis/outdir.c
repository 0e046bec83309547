/*
 * outdir: output directories (see outdir.h).
 */
#include "analysis/outdir.h"
#include "analysis/outfile.h"
#include "analysis/record.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int outdir_make(const char *path, char *err, size_t n)
{
    char *buf = strdup(path);
    if (!buf) {
        snprintf(err, n, "out of memory");
        return -1;
    }
    for (char *p = buf + 1;; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            if (buf[0] && mkdir(buf, 0777) != 0 && errno != EEXIST) {
                snprintf(err, n, "%s: cannot create directory: %s", buf, strerror(errno));
                free(buf);
                return -1;
            }
            *p = c;
            if (c == '\0') break;
        }
    }
    free(buf);
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, n, "%s: not a directory", path);
        return -1;
    }
    return 0;
}

char *outdir_join(const char *dir, const char *file)
{
    char *p = NULL;
    size_t len = strlen(dir);
    while (len > 1 && dir[len - 1] == '/') /* "scenarios/" + "a.ini": one slash */
        len--;
    return asprintf(&p, "%.*s/%s", (int)len, dir, file) < 0 ? NULL : p;
}

static const char *const outputs[] = {"trials.csv",   "summary.csv", "run.txt",
                                      "summary.png",  "sweep.csv",   "sweep.png",
                                      "analytic.csv", "optimize.csv", "optimize.md",
                                      "optimize.png"};

/* relsim's: an output, a temporary of one (outfile's, or the .tmp of earlier versions), a
 * staging directory (resultset's). */
static int is_output(const char *name)
{
    size_t len = strlen(name);
    if (strncmp(name, OUTDIR_STAGE_PREFIX, sizeof OUTDIR_STAGE_PREFIX - 1) == 0 ||
        outfile_is_tmp_name(name))
        return 1;
    for (size_t i = 0; i < sizeof outputs / sizeof outputs[0]; i++) {
        size_t ol = strlen(outputs[i]);
        if (strcmp(name, outputs[i]) == 0 ||
            (len == ol + 4 && strncmp(name, outputs[i], ol) == 0 && strcmp(name + ol, ".tmp") == 0))
            return 1;
    }
    return 0;
}

int outdir_check(const char *dir, const char *scenario, char *err, size_t n)
{
    DIR *d = opendir(dir);
    if (!d) return 0; /* absent (or unreadable: writing will say so) */
    struct dirent *e;
    char other[300] = "";
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        if (!is_output(e->d_name)) {
            snprintf(other, sizeof other, "%s", e->d_name);
            break;
        }
    }
    closedir(d);
    if (other[0]) {
        snprintf(err, n,
                 "%s holds files that are not relsim results (%s); use --force to write into it "
                 "anyway, or -o to choose another directory",
                 dir, other);
        return -1;
    }
    /* whose results: the scenario name its run.txt gives (none readable: nobody's) */
    char why[300];
    record_file *r = record_load(dir, why, sizeof why);
    const char *name = r ? record_get(r, RECORD_SCENARIO_NAME) : NULL;
    int theirs = name && name[0] && strcmp(name, scenario) != 0;
    if (theirs)
        snprintf(err, n,
                 "%s holds the results of scenario '%s', not '%s'; use --force to replace them, "
                 "or -o to choose another directory",
                 dir, name, scenario);
    record_free(r);
    return theirs ? -1 : 0;
}
