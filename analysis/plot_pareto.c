/*
 * plot_pareto: the frontier and its picture (see plot_pareto.h).
 */
#include "analysis/plot_pareto.h"
#include "analysis/plot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int usable(const plot_pareto_point *p)
{
    return !p->infeasible && isfinite(p->x) && isfinite(p->y);
}

/* 1 when a dominates b. */
static int dominates(const plot_pareto_point *a, const plot_pareto_point *b, int xh, int yh)
{
    double dx = xh ? a->x - b->x : b->x - a->x, dy = yh ? a->y - b->y : b->y - a->y;
    return dx >= 0 && dy >= 0 && (dx > 0 || dy > 0);
}

int plot_pareto_frontier(const plot_pareto_point *pts, int n, int x_higher, int y_higher,
                         int *front)
{
    int count = 0;
    for (int i = 0; i < n; i++) {
        front[i] = usable(&pts[i]);
        for (int j = 0; j < n && front[i]; j++)
            if (j != i && usable(&pts[j]) && dominates(&pts[j], &pts[i], x_higher, y_higher))
                front[i] = 0;
        count += front[i];
    }
    return count;
}

static int by_x(const void *a, const void *b, void *ctx)
{
    const plot_pareto_point *pts = ctx;
    double x = pts[*(const int *)a].x, y = pts[*(const int *)b].x;
    return x < y ? -1 : x > y ? 1 : *(const int *)a - *(const int *)b;
}

static void script(FILE *f, const plot_pareto *p, const int *order, int nf)
{
    fputs("set terminal pngcairo noenhanced size 1100,720 font 'DejaVu Sans,11'\n"
          "set output ",
          f);
    plot_put_quoted(f, p->png);
    fputs("\nset title ", f);
    plot_put_quoted(f, p->title);
    fputs("\nset xlabel ", f);
    plot_put_quoted(f, p->xlabel);
    fputs("\nset ylabel ", f);
    plot_put_quoted(f, p->ylabel);
    fputs("\nset grid\nset key below horizontal\nset bars small\nset offsets graph 0.05, "
          "graph 0.05, graph 0.05, graph 0.05\n",
          f);
    /* the data as datablocks: nothing but numbers, and labels as quoted strings in a command */
    fputs("$all << EOD\n", f);
    for (int i = 0; i < p->n; i++) {
        const plot_pareto_point *q = &p->pts[i];
        if (q->infeasible || !isfinite(q->x) || !isfinite(q->y)) continue;
        fprintf(f, "%.17g %.17g %.17g %.17g %.17g %.17g\n", q->x, q->y,
                isfinite(q->xlo) ? q->xlo : q->x, isfinite(q->xhi) ? q->xhi : q->x,
                isfinite(q->ylo) ? q->ylo : q->y, isfinite(q->yhi) ? q->yhi : q->y);
    }
    fputs("EOD\n$bad << EOD\n", f);
    int nbad = 0;
    for (int i = 0; i < p->n; i++) {
        const plot_pareto_point *q = &p->pts[i];
        if (!q->infeasible || !isfinite(q->x) || !isfinite(q->y)) continue;
        fprintf(f, "%.17g %.17g\n", q->x, q->y);
        nbad++;
    }
    fputs("EOD\n$front << EOD\n", f);
    for (int j = 0; j < nf; j++)
        fprintf(f, "%.17g %.17g\n", p->pts[order[j]].x, p->pts[order[j]].y);
    fputs("EOD\n$near << EOD\n", f);
    int nnear = 0;
    for (int i = 0; i < p->n; i++) {
        const plot_pareto_point *q = &p->pts[i];
        if (!q->near_best || q->infeasible || !isfinite(q->x) || !isfinite(q->y)) continue;
        fprintf(f, "%.17g %.17g\n", q->x, q->y);
        nnear++;
    }
    fputs("EOD\n", f);
    int nl = 0;
    for (int i = 0; i < p->n; i++) {
        const plot_pareto_point *q = &p->pts[i];
        if (!isfinite(q->x) || !isfinite(q->y)) continue;
        if (p->n > PLOT_PARETO_LABELS && !p->front[i] && !q->near_best && i != p->best) continue;
        fprintf(f, "set label %d ", ++nl);
        plot_put_quoted(f, q->label);
        fprintf(f, " at first %.17g, first %.17g offset char 1, char 0.8 font ',9' tc rgb '%s'\n",
                q->x, q->y,
                p->front[i]     ? "#0072b2"
                : q->infeasible ? "#c00000"
                                : "#606060");
    }
    fputs("plot $all using 1:2:3:4:5:6 with xyerrorbars pt 7 ps 0.8 lc rgb '#999999' "
          "title 'point (95% CI)'",
          f);
    if (nf)
        fputs(", \\\n     $front using 1:2 with linespoints lw 2 pt 7 ps 1.2 lc rgb '#0072b2' "
              "title 'frontier (not dominated)'",
              f);
    if (nnear)
        fputs(", \\\n     $near using 1:2 with points pt 12 ps 2 lw 2 lc rgb '#009e73' "
              "title 'as good as the best (within the tolerance)'",
              f);
    if (nbad)
        fputs(", \\\n     $bad using 1:2 with points pt 2 ps 1.5 lw 2 lc rgb '#c00000' "
              "title 'infeasible'",
              f);
    if (p->best >= 0 && isfinite(p->pts[p->best].x) && isfinite(p->pts[p->best].y))
        fprintf(f,
                ", \\\n     '+' using (%.17g):(%.17g) every ::0::0 with points pt 6 ps 3.5 lw "
                "2.5 lc rgb '#000000' title 'best'",
                p->pts[p->best].x, p->pts[p->best].y);
    fputs("\n", f);
}

int plot_pareto_picture(const plot_pareto *p, char *err, size_t n)
{
    int *order = malloc((size_t)(p->n > 0 ? p->n : 1) * sizeof *order);
    char *text = NULL;
    size_t size = 0;
    FILE *f = order ? open_memstream(&text, &size) : NULL;
    if (!f) {
        free(order);
        snprintf(err, n, "no picture: out of memory");
        return 1;
    }
    int nf = 0;
    for (int i = 0; i < p->n; i++)
        if (p->front[i]) order[nf++] = i;
    qsort_r(order, (size_t)nf, sizeof *order, by_x, (void *)p->pts);
    script(f, p, order, nf);
    free(order);
    if (fclose(f) != 0) {
        free(text);
        snprintf(err, n, "no picture: out of memory");
        return 1;
    }
    int rc = plot_gnuplot(text, p->dir, p->png, err, n);
    free(text);
    return rc;
}
