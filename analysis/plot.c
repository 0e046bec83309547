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

void plot_put_quoted(FILE *f, const char *s)
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

/* An amount of money in three significant digits, with k, M, G or T for thousands, millions...:
 * 459k, 1.23M, 87.5. */
static void money_text(double x, char *buf, size_t n)
{
    static const char suffix[] = {'k', 'M', 'G', 'T'};
    int k = -1;
    double v = x;
    if (fabs(x) < 0.005) { /* a cent's half: the rounding of a sum, or nothing */
        snprintf(buf, n, "0");
        return;
    }
    while (fabs(v) >= 999.5 && k < 3) {
        v /= 1000;
        k++;
    }
    if (k < 0)
        snprintf(buf, n, "%.3g", x);
    else
        snprintf(buf, n, "%.3g%c", v, suffix[k]);
}

/* The third panel of the run summary: where the money went, one bar a part of the cost. */
static void write_money_panel(FILE *f, const plot_run *p)
{
    char total[32], amount[32], title[300];
    money_text(p->cost_total, total, sizeof total);
    snprintf(title, sizeof title, "Where the money went: %s %s a trial%s%s", total, p->currency,
             p->cost_note ? ", " : "", p->cost_note ? p->cost_note : "");
    fputs("$money << EOD\n", f);
    for (int i = 0; i < p->ncost; i++) {
        money_text(p->cost_mean[i], amount, sizeof amount);
        double share = p->cost_total > 0 ? 100.0 * p->cost_mean[i] / p->cost_total : 0;
        fprintf(f, "\"%s\",%.10g,%.10g,\"%s\"\n", p->cost_label[i], p->cost_mean[i], share, amount);
    }
    fputs("EOD\nunset arrow\nset title ", f);
    plot_put_quoted(f, title);
    fputs("\nset xlabel ''\nset ylabel ", f);
    char ylabel[64];
    snprintf(ylabel, sizeof ylabel, "mean %s per trial", p->currency);
    plot_put_quoted(f, ylabel);
    fputs("\nset style fill solid 0.85 border -1\nset boxwidth 0.6\nset autoscale x\n"
          "set yrange [0:*]\nset offsets 0.4, 0.4, graph 0.12, 0\nunset key\n"
          "set xtics nomirror font ',10'\nset format y '%.1s%c'\n"
          "plot $money using 0:2:xtic(1) with boxes lc rgb '#b8860b', \\\n"
          "     '' using 0:2:(sprintf('%s\\n%.1f%%', stringcolumn(4), $3)) with labels "
          "offset char 0,1.6\n",
          f);
}

/* The run summary's script, drawing into png (the picture's temporary path). */
static void write_run_summary(FILE *f, const char *png, const void *arg)
{
    const plot_run *p = arg;
    double lo = p->hist_min, hi = p->hist_max;
    /* zoom to where the data is: p05 to p95 widened by half their distance on each side, within
     * [min, max]; a few outliers no longer squeeze the bulk into one bar. The tail is noted. */
    char tail[160] = "";
    double spread = p->p95 - p->p05;
    if (spread > 0 && isfinite(spread)) {
        double zlo = p->p05 - 0.5 * spread, zhi = p->p95 + 0.5 * spread;
        int cut_lo = zlo > lo, cut_hi = zhi < hi;
        if (cut_lo) lo = zlo;
        if (cut_hi) hi = zhi;
        if (cut_lo || cut_hi)
            snprintf(tail, sizeof tail, " (tail not shown: min %.4g, max %.4g)", p->hist_min,
                     p->hist_max);
    }
    if (!(hi > lo)) { /* every trial the same: a narrow bar around it */
        double w = lo != 0 ? 0.01 * (lo > 0 ? lo : -lo) : 0.01;
        lo -= w;
        hi += w;
    }
    int money = p->ncost > 0;
    fprintf(f, "set terminal pngcairo noenhanced size %d,560 font 'DejaVu Sans,11'\nset output ",
            money ? 2100 : 1400);
    plot_put_quoted(f, png);
    fprintf(f, "\nset datafile separator ','\nset multiplot layout 1,%d title ", money ? 3 : 2);
    plot_put_quoted(f, p->title);
    fputs(" font ',13'\n$parts << EOD\n", f);
    for (int i = 0; i < p->nbars; i++)
        fprintf(f, "\"%s\",%.10g,%.10g\n", p->bar_label[i], p->bar_hours[i],
                100.0 * p->bar_share[i]);
    fputs("EOD\n", f);
    fputs("set title ", f);
    plot_put_quoted(f, p->bar_title);
    fputs(
        "\nset style fill solid 0.85 border -1\nset boxwidth 0.6\nset grid ytics\n"
        "set ylabel 'mean hours per trial'\nset yrange [0:*]\nset offsets 0.4, 0.4, graph 0.12, 0\n"
        "unset key\n",
        f);
    /* more bars or longer labels than fit side by side (a tier's checkpoints and restores
     * each): slanted labels */
    size_t chars = 0; /* the panel holds about 64 characters of labels side by side */
    for (int i = 0; i < p->nbars; i++)
        chars += strlen(p->bar_label[i]);
    fputs(p->nbars > 5 || chars > 64
              ? "set xtics nomirror font ',10' rotate by 25 right\n"
              : "set xtics nomirror font ',10'\n",
          f);
    /* one colour a bar, none repeated up to PLOT_MAX_BARS */
    static const char *const bar_colour[PLOT_MAX_BARS] = {
        "#9400d3", "#009e73", "#56b4e9", "#e69f00", "#f0e442", "#0072b2", "#e51e10", "#000000",
        "#cc79a7", "#7f7f00", "#00bfbf", "#ff7f50", "#8b4513", "#808080", "#2e8b57", "#b03060"};
    for (int i = 0; i < PLOT_MAX_BARS; i++)
        fprintf(f, "set linetype %d lc rgb '%s'\n", i + 1, bar_colour[i]);
    fputs("plot $parts using 0:2:($0+1):xtic(1) with boxes lc variable, \\\n"
        "     '' using 0:2:(sprintf('%.1f h\\n%.1f%%', $2, $3)) with labels offset char 0,1.6\n",
        f);
    fprintf(f,
            "set xtics norotate\nset title 'Spread across %llu trials%s'\n"
            "set style fill solid 0.6 border -1\n"
            "set xlabel '%s'\nset ylabel 'trials'\nset offsets 0,0,graph 0.1,0\nset yrange [0:*]\n"
            "lo = %.17g\nhi = %.17g\nbinw = (hi - lo) / 40.0\n"
            "bin(x) = lo + binw * (floor((x - lo) / binw) + 0.5)\n"
            "set xrange [lo - binw : hi + binw]\nset boxwidth binw\nset key top left\n"
            "set arrow 1 from %.17g, graph 0 to %.17g, graph 1 nohead lw 2 lc rgb '#c00000'\n"
            "set arrow 2 from %.17g, graph 0 to %.17g, graph 1 nohead dt 2 lc rgb '#404040'\n"
            "set arrow 3 from %.17g, graph 0 to %.17g, graph 1 nohead dt 2 lc rgb '#404040'\n"
            "plot ",
            p->trials, tail, p->hist_label, lo, hi, p->mean, p->mean, p->p05, p->p05, p->p95,
            p->p95);
    plot_put_quoted(f, p->trials_csv);
    fprintf(f,
            " every ::1 using (bin(column(%d))):(1.0) smooth frequency with boxes "
            "lc rgb '#4472c4' title 'trials', \\\n"
            "     NaN with lines lw 2 lc rgb '#c00000' title sprintf('mean %%.4g', %.17g), \\\n"
            "     NaN with lines dt 2 lc rgb '#404040' title 'p05 / p95'\n",
            p->hist_column, p->mean);
    if (money) write_money_panel(f, p);
    fputs("unset multiplot\n", f);
}

/* Eight colours that stay apart (Okabe and Ito's, with black for the best mark). */
static const char *const palette[PLOT_MAX_LINES] = {"#0072b2", "#d55e00", "#009e73", "#cc79a7",
                                                    "#e69f00", "#56b4e9", "#7f7f00", "#404040"};

/* Whether panel q has a finished point. */
static int panel_has_data(const plot_sweep *p, int q)
{
    for (int i = 0; i < p->nrows; i++)
        if (p->rows[i].panel == q && !p->rows[i].failed && isfinite(p->rows[i].mean)) return 1;
    return 0;
}

/* The tics of the first key's values (categorical axis or heatmap columns). */
static void put_xtics(FILE *f, const plot_sweep *p, int heat)
{
    fputs("set xtics (", f);
    int first = 1;
    for (int i = 0; i < p->nrows; i++) {
        const plot_sweep_row *r = &p->rows[i];
        if (r->group != 0 || r->panel != 0) continue;
        fputs(first ? "" : ", ", f);
        plot_put_quoted(f, r->xtext);
        fprintf(f, " %.17g", heat ? (double)r->xi : r->x);
        first = 0;
    }
    fputs(") rotate by -20\n", f);
}

/* One panel as lines (or points, categorical) with CI bars, closed forms, marks and crosses. */
static void sweep_panel_lines(FILE *f, const plot_sweep *p, int q, int with_key)
{
    int have_data = panel_has_data(p, q);
    double dx = p->categorical && p->ngroups > 1 ? 0.3 / p->ngroups : 0; /* points side by side */
    int nl = 0;
    for (int i = 0; i < p->nrows; i++) {
        const plot_sweep_row *r = &p->rows[i];
        if (r->panel != q || !r->failed) continue;
        double x = r->x + dx * (r->group - 0.5 * (p->ngroups - 1));
        fprintf(f, "set label %d 'x' at first %.17g, graph 0.03 center font ',15' tc rgb '#c00000'\n",
                ++nl, x);
    }
    for (int m = 0; m < p->nmarks; m++) {
        if (p->mark_panel[m] != q) continue;
        fprintf(f,
                "set arrow %d from %.17g, graph 0 to %.17g, graph 1 nohead dt %d lw 1.5 "
                "lc rgb '%s'\n",
                m + 1, p->mark_x[m], p->mark_x[m], m % 2 ? 3 : 2,
                palette[p->mark_group[m] % PLOT_MAX_LINES]);
    }
    if (!have_data) {
        fputs("set yrange [0:1]\nset label 99 'no point of this panel finished' at graph 0.5, "
              "graph 0.5 center\n",
              f);
    }
    fputs(with_key ? "set key outside right top\n" : "unset key\n", f);
    fputs("plot ", f);
    int n = 0;
    if (!have_data) fputs("2 with lines lc rgb '#ffffff' notitle", f), n++;
    int closed_titled = 0;
    for (int g = 0; g < p->ngroups; g++) {
        int any = 0, anyc = 0;
        for (int i = 0; i < p->nrows; i++) {
            const plot_sweep_row *r = &p->rows[i];
            if (r->panel != q || r->group != g) continue;
            any |= !r->failed && isfinite(r->mean);
            anyc |= !r->failed && isfinite(r->closed);
        }
        if (!any) continue;
        const char *col = palette[g % PLOT_MAX_LINES];
        fprintf(f, "%s$p%dg%d using 1:2:3:4 with %s lw 2 pt 7 ps %s lc rgb '%s' title ",
                n++ ? ", \\\n     " : "", q, g, p->categorical ? "yerrorbars" : "yerrorlines",
                p->categorical ? "1.3" : "0.8", col);
        plot_put_quoted(f, p->group_label[g][0] ? p->group_label[g] : "simulated (95% CI)");
        if (anyc) {
            fprintf(f, ", \\\n     $p%dc%d using 1:2 with %s dt 2 lw 1.5 pt 6 ps 1.2 lc rgb '%s' ", q,
                    g, p->categorical ? "points" : "linespoints", col);
            if (!closed_titled++) {
                fputs("title ", f);
                plot_put_quoted(f, p->closed_label);
            } else
                fputs("notitle", f);
        }
    }
    for (int m = 0; m < p->nmarks; m++) {
        if (p->mark_panel[m] != q) continue;
        fprintf(f, ", \\\n     NaN with lines dt %d lw 1.5 lc rgb '%s' title ", m % 2 ? 3 : 2,
                palette[p->mark_group[m] % PLOT_MAX_LINES]);
        plot_put_quoted(f, p->mark_label[m]);
    }
    if (nl) fputs(", \\\n     NaN with points pt 2 ps 1.5 lw 2 lc rgb '#c00000' title "
                  "'x: could not finish (safety limit)'", f);
    const plot_sweep_row *b = &p->rows[p->best];
    if (b->panel == q) {
        double x = b->x + dx * (b->group - 0.5 * (p->ngroups - 1));
        fprintf(f,
                ", \\\n     '+' using (%.17g):(%.17g) every ::0::0 with points pt 6 ps 3.5 lw 2.5 "
                "lc rgb '#000000' title 'best'",
                x, b->mean);
    }
    fputs("\n", f);
    fputs("unset label\nunset arrow\nset autoscale y\n", f);
}

/* One panel as a heatmap of the metric over the first two keys. */
static void sweep_panel_heat(FILE *f, const plot_sweep *p, int q, int cells)
{
    fprintf(f, "$h%d << EOD\n", q);
    for (int i = 0; i < p->nrows; i++) {
        const plot_sweep_row *r = &p->rows[i];
        if (r->panel != q) continue;
        if (r->failed || !isfinite(r->mean))
            fprintf(f, "%d %d NaN 1\n", r->xi, r->group);
        else
            fprintf(f, "%d %d %.17g 0\n", r->xi, r->group, r->mean);
    }
    fputs("EOD\n", f);
    fputs("set ytics (", f);
    for (int g = 0; g < p->ngroups; g++) {
        fputs(g ? ", " : "", f);
        plot_put_quoted(f, p->group_label[g]);
        fprintf(f, " %d", g);
    }
    fputs(")\nunset grid\nset key outside right top\n", f);
    fprintf(f, "set xrange [-0.5:%.1f]\nset yrange [-0.5:%d.5]\n", 0.5 + (double)(cells - 1),
            p->ngroups - 1);
    fprintf(f,
            "plot $h%d using 1:2:(0.5):(0.5):($4 == 0 ? $3 : NaN) with boxxyerror fs solid 1.0 "
            "noborder fc palette notitle, \\\n"
            "     $h%d using 1:2:(0.5):(0.5):($4 == 1 ? 1 : NaN) with boxxyerror fs pattern 2 "
            "lc rgb '#999999' title 'could not finish (safety limit)'",
            q, q);
    const plot_sweep_row *b = &p->rows[p->best];
    if (b->panel == q)
        fprintf(f,
                ", \\\n     '+' using (%d):(%d) every ::0::0 with points pt 6 ps 3.5 lw 3 "
                "lc rgb '#000000' title 'best'",
                b->xi, b->group);
    fputs("\nset grid\n", f);
}

/* The sweep picture's script, drawing into png (the picture's temporary path). */
static void write_sweep_picture(FILE *f, const char *png, const void *arg)
{
    const plot_sweep *p = arg;
    int heat = p->ngroups > PLOT_MAX_LINES;
    int np = p->npanels < 1 ? 1 : p->npanels;
    int cols = np == 1 ? 1 : np <= 2 ? 2 : np <= 4 ? 2 : np <= 9 ? 3 : 4;
    int rows = (np + cols - 1) / cols;
    int cells = 0; /* the first key's values: a heatmap's columns */
    for (int i = 0; i < p->nrows; i++)
        if (p->rows[i].xi + 1 > cells) cells = p->rows[i].xi + 1;
    fprintf(f, "set terminal pngcairo noenhanced size %d,%d font 'DejaVu Sans,11'\nset output ",
            np == 1 ? 1200 : 520 * cols + 280, np == 1 ? 700 : 380 * rows + 90);
    plot_put_quoted(f, png);
    fputs("\nset grid\nset bars small\nset datafile missing 'NaN'\n", f);
    /* one datablock per (panel, line), and the closed form with a blank line where it has no
     * value, so that its dashed line breaks there instead of jumping over */
    for (int q = 0; q < np && !heat; q++)
        for (int g = 0; g < p->ngroups; g++) {
            fprintf(f, "$p%dg%d << EOD\n", q, g);
            double dx = p->categorical && p->ngroups > 1 ? 0.3 / p->ngroups : 0;
            for (int i = 0; i < p->nrows; i++) {
                const plot_sweep_row *r = &p->rows[i];
                if (r->panel != q || r->group != g || r->failed || !isfinite(r->mean)) continue;
                fprintf(f, "%.17g %.17g %.17g %.17g\n", r->x + dx * (g - 0.5 * (p->ngroups - 1)),
                        r->mean, r->lo, r->hi);
            }
            fprintf(f, "EOD\n$p%dc%d << EOD\n", q, g);
            for (int i = 0; i < p->nrows; i++) {
                const plot_sweep_row *r = &p->rows[i];
                if (r->panel != q || r->group != g) continue;
                if (isfinite(r->closed))
                    fprintf(f, "%.17g %.17g\n", r->x + dx * (g - 0.5 * (p->ngroups - 1)),
                            r->closed);
                else
                    fputs("\n", f);
            }
            fputs("EOD\n", f);
        }
    if (np > 1) {
        fprintf(f, "set multiplot layout %d,%d title ", rows, cols);
        char t[700];
        snprintf(t, sizeof t, "%s%s", p->title,
                 p->nmore_panels ? " (more panels left out: see sweep.csv)" : "");
        plot_put_quoted(f, t);
        fputs(" font ',13'\n", f);
    } else {
        fputs("set title ", f);
        plot_put_quoted(f, p->title);
        fputs("\n", f);
    }
    fputs("set xlabel ", f);
    plot_put_quoted(f, p->xlabel);
    fputs("\nset ylabel ", f);
    plot_put_quoted(f, heat ? p->group_key : p->ylabel);
    fputs("\n", f);
    if (heat) {
        fputs("set palette defined (0 '#fff5eb', 0.5 '#fd8d3c', 1 '#7f2704')\nset cblabel ", f);
        plot_put_quoted(f, p->ylabel);
        fputs("\n", f);
        put_xtics(f, p, 1);
    } else if (p->categorical) {
        put_xtics(f, p, 0);
        fputs("set offsets 0.4, 0.4, 0, 0\n", f);
    } else if (p->logx)
        fputs("set logscale x\n", f);
    for (int q = 0; q < np; q++) {
        if (np > 1) {
            fputs("set title ", f);
            plot_put_quoted(f, p->panel_label[q]);
            fputs("\n", f);
        }
        if (heat)
            sweep_panel_heat(f, p, q, cells);
        else
            sweep_panel_lines(f, p, q, 1);
    }
    if (np > 1) fputs("unset multiplot\n", f);
}

int plot_run_summary(const plot_run *p, char *err, size_t n)
{
    return draw_png(p->dir, p->png, write_run_summary, p, err, n);
}

int plot_sweep_picture(const plot_sweep *p, char *err, size_t n)
{
    return draw_png(p->dir, p->png, write_sweep_picture, p, err, n);
}
