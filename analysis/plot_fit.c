/*
 * plot_fit: the Weibull probability plot of relsim fit (see plot_fit.h).
 */
#include "analysis/plot_fit.h"
#include "analysis/plot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One colour per law, always the same (Okabe and Ito's). */
static const char *const law_colour[FIT_NLAWS] = {"#0072b2", "#d55e00", "#009e73", "#cc79a7"};

/* y of Weibull paper for a survival probability. */
static double wy(double s)
{
    return log(-log(s));
}

static void panel(FILE *f, const plot_fit_group *g, int k)
{
    double tmin = INFINITY, tmax = 0, ymin = INFINITY, ymax = -INFINITY;
    fprintf(f, "$km%d << EOD\n", k);
    for (size_t i = 0; i < g->nkm; i++) {
        double s = 0.5 * (g->km[i].s_before + g->km[i].s_after);
        if (!(s > 0 && s < 1)) continue;
        double y = wy(s);
        fprintf(f, "%.10g %.10g\n", g->km[i].t, y);
        tmin = fmin(tmin, g->km[i].t);
        tmax = fmax(tmax, g->km[i].t);
        ymin = fmin(ymin, y);
        ymax = fmax(ymax, y);
    }
    fputs("EOD\n", f);
    if (!(tmax > 0)) { /* no point to draw: a range around the laws' medians */
        tmin = INFINITY;
        for (int j = 0; j < g->nlaws; j++)
            if (g->laws[j].ok) {
                double t = g->laws[j].law == FIT_LOGNORMAL ? exp(g->laws[j].par[0])
                           : g->laws[j].law == FIT_GAMMA || g->laws[j].law == FIT_EXPONENTIAL
                               ? g->laws[j].par[g->laws[j].law == FIT_GAMMA]
                               : g->laws[j].par[1];
                tmin = fmin(tmin, t / 10);
                tmax = fmax(tmax, t * 10);
            }
        ymin = -4;
        ymax = 1.5;
        if (!(tmax > 0)) tmin = 1, tmax = 10;
    }
    if (!(tmax > tmin)) tmin /= 2, tmax *= 2;
    double lo = tmin / 2, hi = tmax * 2;
    ymin -= 0.6;
    ymax += 0.6;
    for (int j = 0; j < g->nlaws; j++) {
        if (!g->laws[j].ok) continue;
        fprintf(f, "$law%d_%d << EOD\n", k, j);
        for (int i = 0; i <= 200; i++) {
            double t = lo * pow(hi / lo, i / 200.0), s = fit_survival(&g->laws[j], t);
            if (s > 0 && s < 1) fprintf(f, "%.10g %.10g\n", t, wy(s));
        }
        fputs("EOD\n", f);
    }
    char title[400];
    snprintf(title, sizeof title, "%s: %zu li%s, %zu failure%s", g->name, g->lives,
             g->lives == 1 ? "fe" : "ves", g->failures, g->failures == 1 ? "" : "s");
    int drawn = 0;
    for (int j = 0; j < g->nlaws; j++)
        drawn |= g->laws[j].ok;
    fputs(drawn ? "unset label 1\n"
                : "set label 1 'no law could be fitted (fit.csv says why)' at graph 0.5, 0.5 "
                  "center\n",
          f);
    fputs("set title ", f);
    plot_put_quoted(f, title);
    fprintf(f, "\nset xrange [%.10g:%.10g]\nset yrange [%.10g:%.10g]\n", lo, hi, ymin, ymax);
    /* the y axis in failure probability F = 1 - S */
    static const double F[] = {0.0001, 0.001, 0.01, 0.02, 0.05, 0.1,  0.2,  0.3,
                               0.5,    0.632, 0.8,  0.9,  0.95, 0.99, 0.999};
    fputs("set ytics (", f);
    for (size_t i = 0; i < sizeof F / sizeof F[0]; i++)
        fprintf(f, "%s'%g%%%%' %.10g", i ? ", " : "", 100 * F[i], wy(1 - F[i])); /* a format */
    fputs(")\nplot ", f);
    int first = 1;
    for (int j = 0; j < g->nlaws; j++) {
        const fit_result *r = &g->laws[j];
        if (!r->ok) continue;
        char label[300], law[160];
        snprintf(label, sizeof label, "%s%s", fit_format_law(r, law, sizeof law),
                 j == g->best ? " (AIC)" : "");
        fprintf(f, "%s$law%d_%d using 1:2 with lines lw %d lc rgb '%s' title ",
                first ? "" : ", \\\n  ", k, j, j == g->best ? 4 : 2, law_colour[r->law]);
        plot_put_quoted(f, label);
        first = 0;
    }
    fprintf(f,
            "%s$km%d using 1:2 with points pt 7 ps 0.8 lc rgb '#000000' title "
            "'Kaplan-Meier'\n",
            first ? "" : ", \\\n  ", k);
}

static int cols_for(int n)
{
    return n <= 1 ? 1 : n <= 4 ? 2 : 3;
}

int plot_fit_picture(const plot_fit *p, char *err, size_t n)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    if (!f) {
        snprintf(err, n, "no picture: out of memory");
        return 1;
    }
    int ng = p->ngroups < PLOT_FIT_MAX_PANELS ? p->ngroups : PLOT_FIT_MAX_PANELS;
    int cols = cols_for(ng), rows = (ng + cols - 1) / cols;
    fprintf(f, "set terminal pngcairo noenhanced size %d,%d font 'DejaVu Sans,10'\nset output ",
            cols == 1 ? 1000 : 640 * cols, rows == 1 && cols == 1 ? 720 : 500 * rows);
    plot_put_quoted(f, p->png);
    char title[600];
    if (p->nmore)
        snprintf(title, sizeof title, "%s (%d more groups not shown: fit.csv has them)", p->title,
                 p->nmore);
    else
        snprintf(title, sizeof title, "%s", p->title);
    fprintf(f, "\nset multiplot layout %d,%d title ", rows, cols);
    plot_put_quoted(f, title);
    fputs(" font ',12'\nset logscale x\nset grid xtics ytics mxtics\nset format x '%g'\n"
          "set xlabel 'age (hours)'\nset ylabel 'failed by this age (Weibull scale)'\n"
          "set key bottom right font ',9'\n",
          f);
    for (int k = 0; k < ng; k++)
        panel(f, &p->groups[k], k);
    fputs("unset multiplot\n", f);
    if (fclose(f) != 0) {
        free(text);
        snprintf(err, n, "no picture: out of memory");
        return 1;
    }
    int rc = plot_gnuplot(text, p->dir, p->png, err, n);
    free(text);
    return rc;
}
