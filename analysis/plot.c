/*
 * plot: gnuplot scripts and running gnuplot (see plot.h).
 */
#include "analysis/plot.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* gnuplot single-quoted string: a quote is doubled, and a control character (a newline would end
 * the string and the command) becomes a space. */
static void put_quoted(FILE *f, const char *s)
{
    fputc('\'', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\'') fputc('\'', f);
        fputc(c < 0x20 || c == 0x7f ? ' ' : c, f);
    }
    fputc('\'', f);
}

static volatile pid_t child;

void plot_abort_child(void)
{
    pid_t p = child;
    if (p > 0) kill(p, SIGKILL);
}

/* A whole PNG: the signature first and the IEND chunk last. */
static int whole_png(int dirfd_, const char *name)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    static const unsigned char iend[12] = {0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42, 0x60, 0x82};
    int fd = openat(dirfd_, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0) return 0;
    struct stat st;
    unsigned char head[8], tail[12];
    int ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 20 &&
             pread(fd, head, 8, 0) == 8 && memcmp(head, sig, 8) == 0 &&
             pread(fd, tail, 12, st.st_size - 12) == 12 && memcmp(tail, iend, 12) == 0;
    close(fd);
    return ok;
}

/* The first line of gnuplot's messages, for a reason. */
static void first_line(int fd, char *buf, size_t n)
{
    ssize_t got = pread(fd, buf, n - 1, 0);
    buf[got > 0 ? got : 0] = '\0';
    /* gnuplot echoes the offending line, then a line with a caret, then the message: keep the
     * message (the last non-empty line among the first few), on one line */
    char *last = buf;
    for (char *p = buf; *p; p++)
        if (*p == '\n') {
            *p = '\0';
            if (p[1] && p[1] != '\n') last = p + 1;
        }
    memmove(buf, last, strlen(last) + 1);
    for (char *p = buf; *p; p++)
        if ((unsigned char)*p < 0x20) *p = ' ';
}

int plot_gnuplot(const char *script, const char *dir, const char *png, char *err, size_t n)
{
    char sname[] = ".plot-script-XXXXXX", lname[] = ".plot-log-XXXXXX";
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) {
        snprintf(err, n, "no picture: cannot open %s: %s", dir, strerror(errno));
        return 1;
    }
    /* the script and gnuplot's log live in dir, under fresh names (mkostemp), for the time gnuplot
     * runs there: nothing is left in the system's temporary directory */
    size_t dl = strlen(dir);
    char *spath = malloc(dl + sizeof sname + 1), *lpath = malloc(dl + sizeof lname + 1);
    int sfd = -1, lfd = -1, rc = 1;
    if (!spath || !lpath) {
        snprintf(err, n, "no picture: out of memory");
        goto out;
    }
    sprintf(spath, "%s/%s", dir, sname);
    sprintf(lpath, "%s/%s", dir, lname);
    if ((sfd = mkostemp(spath, O_CLOEXEC)) < 0 || (lfd = mkostemp(lpath, O_CLOEXEC)) < 0) {
        snprintf(err, n, "no picture: cannot create gnuplot's script in %s: %s", dir,
                 strerror(errno));
        goto out;
    }
    size_t len = strlen(script);
    if (write(sfd, script, len) != (ssize_t)len) {
        snprintf(err, n, "no picture: cannot write gnuplot's script: %s", strerror(errno));
        goto out;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, lfd, 1);
    posix_spawn_file_actions_adddup2(&fa, lfd, 2);
    posix_spawn_file_actions_addchdir_np(&fa, dir);
    char *argv[] = {"gnuplot", strrchr(spath, '/') + 1, NULL};
    pid_t pid;
    int e = posix_spawnp(&pid, "gnuplot", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (e != 0) {
        snprintf(err, n,
                 e == ENOENT ? "no picture: gnuplot is not installed (make deps installs it)"
                             : "no picture: gnuplot cannot be started: %s",
                 strerror(e));
        goto out;
    }
    child = pid;
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        continue;
    child = 0;
    if (WIFSIGNALED(status)) {
        snprintf(err, n, "no picture: gnuplot was killed by signal %d", WTERMSIG(status));
    } else if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
        snprintf(err, n, "no picture: gnuplot is not installed (make deps installs it)");
    } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        char log[400];
        first_line(lfd, log, sizeof log);
        snprintf(err, n, "no picture: gnuplot failed (exit status %d): %s",
                 WIFEXITED(status) ? WEXITSTATUS(status) : -1, log[0] ? log : "no message");
    } else if (!whole_png(dfd, png)) {
        char log[400];
        first_line(lfd, log, sizeof log);
        snprintf(err, n, "no picture: gnuplot could not finish %s (a full disk?)%s%s", png,
                 log[0] ? ": " : "", log);
    } else {
        rc = 0;
    }
out:
    if (rc) unlinkat(dfd, png, 0);
    if (sfd >= 0) close(sfd);
    if (lfd >= 0) close(lfd);
    if (spath) unlink(spath);
    if (lpath) unlink(lpath);
    free(spath);
    free(lpath);
    close(dfd);
    return rc;
}

/* Writes a gnuplot script with `script` into memory and runs gnuplot on it in dir; the script
 * draws into png, a file of dir. Returns plot_gnuplot's status. */
static int draw_png(const char *dir, const char *png,
                    void (*script)(FILE *f, const char *png, const void *arg), const void *arg,
                    char *err, size_t n)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    if (!f) {
        snprintf(err, n, "no picture: out of memory");
        return 1;
    }
    script(f, png, arg);
    if (fclose(f) != 0) {
        free(text);
        snprintf(err, n, "no picture: out of memory");
        return 1;
    }
    int rc = plot_gnuplot(text, dir, png, err, n);
    free(text);
    return rc;
}

/* The run summary's script, drawing into png (the picture's temporary path). */
static void write_run_summary(FILE *f, const char *png, const void *arg)
{
    const plot_run *p = arg;
    double lo = p->hist_min, hi = p->hist_max;
    if (!(hi > lo)) { /* every trial the same: a narrow bar around it */
        double w = lo != 0 ? 0.01 * (lo > 0 ? lo : -lo) : 0.01;
        lo -= w;
        hi += w;
    }
    fputs("set terminal pngcairo noenhanced size 1400,560 font 'DejaVu Sans,11'\nset output ", f);
    put_quoted(f, png);
    fputs("\nset datafile separator ','\nset multiplot layout 1,2 title ", f);
    put_quoted(f, p->title);
    fputs(" font ',13'\n$parts << EOD\n", f);
    for (int i = 0; i < p->nbars; i++)
        fprintf(f, "\"%s\",%.10g,%.10g\n", p->bar_label[i], p->bar_hours[i],
                100.0 * p->bar_share[i]);
    fputs("EOD\n", f);
    fputs("set title ", f);
    put_quoted(f, p->bar_title);
    fputs(
        "\nset style fill solid 0.85 border -1\nset boxwidth 0.6\nset grid ytics\n"
        "set ylabel 'mean hours per trial'\nset yrange [0:*]\nset offsets 0.4, 0.4, graph 0.12, 0\n"
        "set xtics nomirror font ',10'\nunset key\n"
        "plot $parts using 0:2:($0+1):xtic(1) with boxes lc variable, \\\n"
        "     '' using 0:2:(sprintf('%.1f h\\n%.1f%%', $2, $3)) with labels offset char 0,1.6\n",
        f);
    fprintf(f,
            "set title 'Spread across %llu trials'\nset style fill solid 0.6 border -1\n"
            "set xlabel '%s'\nset ylabel 'trials'\nset offsets 0,0,graph 0.1,0\nset yrange [0:*]\n"
            "lo = %.17g\nhi = %.17g\nbinw = (hi - lo) / 40.0\n"
            "bin(x) = lo + binw * (floor((x - lo) / binw) + 0.5)\n"
            "set xrange [lo - binw : hi + binw]\nset boxwidth binw\nset key top left\n"
            "set arrow 1 from %.17g, graph 0 to %.17g, graph 1 nohead lw 2 lc rgb '#c00000'\n"
            "set arrow 2 from %.17g, graph 0 to %.17g, graph 1 nohead dt 2 lc rgb '#404040'\n"
            "set arrow 3 from %.17g, graph 0 to %.17g, graph 1 nohead dt 2 lc rgb '#404040'\n"
            "plot ",
            p->trials, p->hist_label, lo, hi, p->mean, p->mean, p->p05, p->p05, p->p95, p->p95);
    put_quoted(f, p->trials_csv);
    fprintf(f,
            " every ::1 using (bin(column(%d))):(1.0) smooth frequency with boxes "
            "lc rgb '#4472c4' title 'trials', \\\n"
            "     NaN with lines lw 2 lc rgb '#c00000' title sprintf('mean %%.4g', %.17g), \\\n"
            "     NaN with lines dt 2 lc rgb '#404040' title 'p05 / p95'\n"
            "unset multiplot\n",
            p->hist_column, p->mean);
}

/* The sweep picture's script, drawing into png (the picture's temporary path). */
static void write_sweep_picture(FILE *f, const char *png, const void *arg)
{
    const plot_sweep *p = arg;
    int have_closed = 0;
    for (int i = 0; i < p->nrows; i++)
        have_closed |= !isnan(p->rows[i].closed);
    fputs("set terminal pngcairo noenhanced size 1200,700 font 'DejaVu Sans,11'\nset output ", f);
    put_quoted(f, png);
    fputs("\nset title ", f);
    put_quoted(f, p->title);
    fputs("\nset xlabel ", f);
    put_quoted(f, p->xlabel);
    fputs("\nset ylabel ", f);
    put_quoted(f, p->ylabel);
    fputs("\nset grid\nset key outside right top\nset bars small\n", f);
    if (p->logx) fputs("set logscale x\n", f);
    if (p->categorical) {
        fputs("set xtics (", f);
        int first = 1;
        for (int i = 0; i < p->nrows; i++) {
            if (p->rows[i].group != 0) continue;
            fprintf(f, "%s", first ? "" : ", ");
            put_quoted(f, p->rows[i].xtext);
            fprintf(f, " %g", p->rows[i].x);
            first = 0;
        }
        fputs(") rotate by -20\nset offsets 0.3, 0.3, 0, 0\n", f);
    }
    for (int g = 0; g < p->ngroups; g++) {
        fprintf(f, "$g%d << EOD\n", g);
        for (int i = 0; i < p->nrows; i++) {
            const plot_sweep_row *r = &p->rows[i];
            if (r->group != g) continue;
            fprintf(f, "%.17g %.17g %.17g %.17g ", r->x, r->mean, r->lo, r->hi);
            if (isnan(r->closed))
                fputs("NaN\n", f);
            else
                fprintf(f, "%.17g\n", r->closed);
        }
        fputs("EOD\n", f);
    }
    for (int m = 0; m < p->nmarks; m++) {
        fprintf(f,
                "set arrow %d from %.17g, graph 0 to %.17g, graph 1 nohead dt %d lw 1.5 "
                "lc rgb '%s'\n",
                m + 1, p->mark_x[m], p->mark_x[m], m % 2 ? 3 : 2, m % 2 ? "#7030a0" : "#c55a11");
        fprintf(f, "set label %d ", m + 1);
        put_quoted(f, p->mark_label[m]);
        /* staggered heights, and on alternate sides of their line, so neighbours do not clash */
        fprintf(f, " at %.17g, graph %.2f rotate by 90 right offset %s0.6, 0 font ',9'\n",
                p->mark_x[m], 0.97 - 0.25 * (m % 2), m % 2 ? "" : "-");
    }
    fputs("plot ", f);
    for (int g = 0; g < p->ngroups; g++) {
        fprintf(f, "%s$g%d using 1:2:3:4 with yerrorlines lw 2 pt 7 ps 0.8 lc %d title ",
                g ? ", \\\n     " : "", g, g + 1);
        put_quoted(f, p->group_label[g][0] ? p->group_label[g] : "simulated (95% CI)");
        if (have_closed) {
            fprintf(f, ", \\\n     $g%d using 1:5 with linespoints dt 2 lw 1.5 pt 6 lc %d title ",
                    g, g + 1);
            char t[200];
            snprintf(t, sizeof t, "%s%s%s", p->closed_label, p->group_label[g][0] ? ", " : "",
                     p->group_label[g]);
            put_quoted(f, t);
        }
    }
    fprintf(f,
            ", \\\n     '+' using (%.17g):(%.17g) every ::0::0 with points pt 3 ps 3 lw 2 "
            "lc rgb '#000000' title 'best'\n",
            p->best_x, p->best_y);
}

int plot_run_summary(const plot_run *p, char *err, size_t n)
{
    return draw_png(p->dir, p->png, write_run_summary, p, err, n);
}

int plot_sweep_picture(const plot_sweep *p, char *err, size_t n)
{
    return draw_png(p->dir, p->png, write_sweep_picture, p, err, n);
}
