/*
 * fmt: what the three files share in writing: numbers for people (means to a fixed number of
 * decimals, hours, counts, closed-form values, CI half-widths, wall times; NAN as an em dash),
 * and text escaped for HTML, markdown and URLs.
 */
#include "analysis/report/report_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define HOURS_PER_YEAR 8760.0

const char *report_status_word(report_status st)
{
    return st == REPORT_RAN ? "ran" : st == REPORT_UP_TO_DATE ? "up to date" : "FAILED";
}

/* A mean to `dec` decimals; NAN is an em dash. */
const char *report_fmt_num(char *buf, size_t n, double x, int dec)
{
    if (isnan(x))
        snprintf(buf, n, "\u2014");
    else
        snprintf(buf, n, "%.*f", dec, x);
    return buf;
}

/* Availability: 4 decimals, more when 4 would round it to 1. */
int report_avail_decimals(double a)
{
    return a < 1 && a >= 0.99995 ? 6 : 4;
}

const char *report_fmt_hours(char *buf, size_t n, double h)
{
    if (!isnan(h) && h > 0 && h < 0.05)
        snprintf(buf, n, "%.2g", h);
    else
        report_fmt_num(buf, n, h, 1);
    return buf;
}

const char *report_fmt_count(char *buf, size_t n, double x)
{
    return report_fmt_num(buf, n, x, !isnan(x) && fabs(x) < 10 ? 2 : 1);
}

/* A closed form's value: hours to 4 significant digits, probabilities and ratios to 4. */
const char *report_fmt_value(char *buf, size_t n, double v)
{
    if (isnan(v))
        snprintf(buf, n, "\u2014");
    else if (v != 0 && (fabs(v) >= 1e6 || fabs(v) < 1e-3))
        snprintf(buf, n, "%.3e", v);
    else
        snprintf(buf, n, "%.4g", v);
    return buf;
}

/* The half-width of a 95% CI at the mean's decimals, "< 0.0001" when it rounds to 0. */
const char *report_fmt_half(char *buf, size_t n, const msum *m, int dec)
{
    double h = (m->hi - m->lo) / 2;
    if (isnan(h))
        snprintf(buf, n, "no CI");
    else if (h < 0.5 * pow(10, -dec))
        snprintf(buf, n, "\u00b1 <%.*f", dec, pow(10, -dec));
    else
        snprintf(buf, n, "\u00b1 %.*f", dec, h);
    return buf;
}

/* A wall time: "0.76 s", "12.3 s", "4 min 05 s", "2 h 07 min". */
const char *report_fmt_wall(char *buf, size_t n, double sec)
{
    if (isnan(sec) || sec < 0)
        snprintf(buf, n, "\u2014");
    else if (sec < 1)
        snprintf(buf, n, "%.2f s", sec);
    else if (sec < 60)
        snprintf(buf, n, "%.1f s", sec);
    else if (sec < 3600)
        snprintf(buf, n, "%d min %02d s", (int)(sec / 60), (int)fmod(sec, 60));
    else
        snprintf(buf, n, "%d h %02d min", (int)(sec / 3600), (int)fmod(sec / 60, 60));
    return buf;
}

/* The shortest window a downtime per year is extrapolated from. */
#define MIN_WINDOW_FOR_A_YEAR_H 720.0

double report_downtime_per_year(const rscn *s)
{
    if (!s->m[METRIC_availability].ok) return NAN;
    if (s->m[METRIC_makespan_h].ok && s->m[METRIC_makespan_h].mean < MIN_WINDOW_FOR_A_YEAR_H)
        return NAN;
    return (1 - s->m[METRIC_availability].mean) * HOURS_PER_YEAR;
}

const char *report_fmt_downtime(char *buf, size_t n, const rscn *s)
{
    char a[64], b[64];
    double y = report_downtime_per_year(s);
    if (!isnan(y)) {
        snprintf(buf, n, "%s h / year", report_fmt_hours(a, sizeof a, y));
    } else if (s->m[METRIC_availability].ok && s->m[METRIC_makespan_h].ok) {
        double w = s->m[METRIC_makespan_h].mean;
        snprintf(buf, n, "%s h in %s h",
                 report_fmt_hours(a, sizeof a, (1 - s->m[METRIC_availability].mean) * w),
                 report_fmt_hours(b, sizeof b, w));
    } else {
        snprintf(buf, n, "\u2014");
    }
    return buf;
}

int report_all_completed(const rscn *s)
{
    return !s->has_job || !s->m[METRIC_completed].ok || s->m[METRIC_completed].mean >= 1;
}

const char *report_fmt_finish(char *buf, size_t n, const rscn *s)
{
    char a[64];
    if (!report_all_completed(s))
        snprintf(buf, n, "%.0f%% completed", 100 * s->m[METRIC_completed].mean);
    else if (s->m[METRIC_makespan_h].ok)
        snprintf(buf, n, "%s h", report_fmt_hours(a, sizeof a, s->m[METRIC_makespan_h].mean));
    else
        snprintf(buf, n, "\u2014");
    return buf;
}

double report_mean_of(const rscn *s, int k)
{
    return s->m[k].ok ? s->m[k].mean : NAN;
}

/* Text for HTML: & < > " ' as entities, other control characters (but tab and newline) as
 * U+FFFD, so that no text from a file can open a tag or end an attribute. */
void report_html_esc(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        case '\'':
            fputs("&#39;", f);
            break;
        default:
            if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t')
                fputs("\xef\xbf\xbd", f);
            else
                fputc(*s, f);
        }
    }
}

/* A relative path as a URL: every byte but unreserved characters and '/' percent-encoded (so
 * that ':' cannot make a scheme and the result is safe in an attribute and in markdown). */
static void url_part(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
            ch == '-' || ch == '.' || ch == '_' || ch == '~' || ch == '/')
            fputc(ch, f);
        else
            fprintf(f, "%%%02X", ch);
    }
}

void report_url(FILE *f, const char *dir, const char *file)
{
    url_part(f, dir);
    fputc('/', f);
    url_part(f, file);
}

/* Text for a markdown table cell: ASCII punctuation that markdown acts on is backslash-escaped
 * ('|' above all, which would end the cell), line breaks become spaces. */
void report_md_esc(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        if (strchr("\\|`*_[]<>#!~&", *s)) fputc('\\', f);
        if (*s == '\n' || *s == '\r')
            fputc(' ', f);
        else if ((unsigned char)*s < 0x20 && *s != '\t')
            fputs("\xef\xbf\xbd", f);
        else
            fputc(*s, f);
    }
}
