/*
 * The batch report (analysis/report.h), on result directories written here by hand: a scenario
 * with a job, a better one whose name holds every character HTML and markdown care about, one
 * without a job, one whose files are missing or damaged, and one that failed. Checks report.csv
 * row by row, the ranking and the escaping of report.html, the markdown's escaped '|', base64
 * against RFC 4648's vectors, that nothing is written when the files cannot all be written, and
 * that the closed-form verdict is stat_agree's with 2 trials and with 1.
 */
#include "tests/testutil.h"
#include "analysis/report.h"
#include "analysis/stat.h"

#include <csv.h>
#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---------------------------------------------------------------- fixtures */

/* The classic 1x1 transparent PNG (67 bytes) and its base64, computed independently. */
static const unsigned char png1x1[] = {
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48,
    0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
    0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78,
    0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00,
    0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82};
static const char png1x1_b64[] =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAACklEQVR4nGMAAQAABQABDQottAAAAABJRU5ErkJggg==";

#define WEIRD_NAME "a<b>&\"c'|d"
#define WEIRD_FILE "odd <&\"'|>.ini"
#define WEIRD_MESSAGE "odd.ini:3: <script>alert(1)</script> & more\nodd.ini:4: a | b"

static char root[64];

static void put(const char *dir, const char *file, const void *data, size_t len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", root, dir);
    mkdir(path, 0777);
    snprintf(path, sizeof path, "%s/%s/%s", root, dir, file);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static void puts_file(const char *dir, const char *file, const char *text)
{
    put(dir, file, text, strlen(text));
}

static void run_txt(const char *dir, const char *name, int job)
{
    char text[2048];
    snprintf(text, sizeof text,
             "; relsim run record: this file loads back as the scenario that was run.\n"
             "; relsim: 0.0.7\n; command: relsim run %s.ini\n; date: 2026-01-02T03:04:05Z\n"
             "; scenario file: %s.ini\n; scenario name: %s\n; scenario hash: 0123456789abcdef\n"
             "; seed: 42\n; trials: 400\n; threads: 2 (results do not depend on the thread "
             "count)\n; wall time: 1.250 s\n; system MTBF: 100 h\n\n"
             "[scenario]\nname = %s\ntrials = 400\nseed = 42\n%s\n"
             "[cluster]\nnodes = 16\nspares = 2\nspare_mode = cold\nrepair_crews = 1\n\n"
             "[component.gpu]\ncount = 8\nttf = exponential(mean=1600h)\nttr = 2h\n%s",
             name, name, name, name, job ? "" : "horizon = 1000h\n",
             job ? "\n[job]\nwork = 100h\ncheckpoint_interval = 2h ; daly, from d and M\n"
                   "checkpoint_cost = 5m\nrestart_cost = 10m\n"
                 : "");
    puts_file(dir, "run.txt", text);
}

/* summary.csv with the given means of goodput and availability (sd 0.01, n 400). */
static void summary_csv(const char *dir, double goodput, double avail, double makespan)
{
    char text[2048];
    double h = 1.96 * 0.01 / 20;
    snprintf(text, sizeof text,
             "metric,mean,sd,ci95_low,ci95_high,p05,p50,p95,min,max,n\n"
             "completed,1,0,1,1,1,1,1,1,1,400\n"
             "makespan_h,%.17g,2,%.17g,%.17g,1,1,1,1,1,400\n"
             "availability,%.17g,0.01,%.17g,%.17g,1,1,1,1,1,400\n"
             "goodput,%.17g,0.01,%.17g,%.17g,1,1,1,1,1,400\n"
             "failures,1.5,1,1.4,1.6,0,1,3,0,5,400\n"
             "useful_h,%.17g,0,1,1,1,1,1,1,1,400\n"
             "lost_h,2,1,1.9,2.1,0,2,4,0,6,400\n"
             "checkpoint_h,4,0,4,4,4,4,4,4,4,400\n"
             "restart_h,0.25,0.1,0.24,0.26,0,0,1,0,1,400\n"
             "down_h,3,1,2.9,3.1,0,3,6,0,9,400\n"
             "wait_spare_h,1,1,0.9,1.1,0,1,2,0,4,400\n"
             "checkpoints,49,0,49,49,49,49,49,49,49,400\n"
             "events,100,5,99,101,90,100,110,80,120,400\n",
             makespan, makespan - 0.196, makespan + 0.196, avail, avail - h, avail + h, goodput,
             goodput - h, goodput + h, goodput * makespan);
    puts_file(dir, "summary.csv", text);
}

static void fixtures(void)
{
    snprintf(root, sizeof root, "/tmp/test_report_XXXXXX");
    assert_non_null(mkdtemp(root));
    /* alpha: a job, goodput 0.90; its exact makespan agrees (1 SE off), its approximate
     * availability is 10 SE off (reported, not a disagreement). */
    run_txt("alpha", "alpha", 1);
    summary_csv("alpha", 0.90, 0.97, 111);
    puts_file("alpha", "analytic.csv",
              "quantity,value,fit,metric,formula,reference,note\n"
              "system_mtbf_h,100,exact,\"\",1 / sum,\"Barlow & Proschan\",exponential lives\n"
              "daly_makespan_h,110.9,exact,makespan_h,sum of segments,Daly 2006,\"exact: one "
              "node, \"\"quoted\"\"\"\n"
              "repairman_availability,0.98,approximate,availability,chain,Barlow 1965,approx\n"
              "renewal_availability,,n/a,availability,A + K/T,Ross,does not apply: too short\n");
    put("alpha", "summary.png", png1x1, sizeof png1x1);
    puts_file("alpha", "trials.csv", "trial,goodput\n0,0.9\n");
    /* beta: goodput 0.95 (first), a special name, an exact availability that DISAGREES; a
     * sweep beside it. */
    run_txt("beta", "beta", 1);
    summary_csv("beta", 0.95, 0.99, 105);
    puts_file("beta", "analytic.csv",
              "quantity,value,fit,metric,formula,reference,note\n"
              "repairman_availability,0.5,exact,availability,chain,Barlow 1965,exact\n");
    put("beta", "summary.png", png1x1, sizeof png1x1);
    puts_file("beta", "trials.csv", "trial,goodput\n0,0.9\n");
    puts_file("beta-sweep", "sweep.csv",
              "spares,trials,goodput_mean,goodput_ci95_low,goodput_ci95_high,"
              "goodput_diff_to_best_mean,goodput_diff_to_best_ci95_low,"
              "goodput_diff_to_best_ci95_high,goodput_diff_to_best_unpaired_half,best,"
              "indistinguishable_from_best,goodput_closed_form\n"
              "0,400,0.91,0.90,0.92,-0.04,-0.05,-0.03,0.01,0,0,\n"
              "2,400,0.95,0.94,0.96,0,0,0,0.01,1,1,0.951\n");
    puts_file("beta-sweep", "run.txt",
              "; relsim sweep record\n; relsim: 0.0.7\n; points: 2\n; trials: 400\n"
              "; wall time: 0.500 s\n; vary cluster.spares = 0, 2\n; metric: goodput (highest "
              "is best)\n\n[scenario]\nname = beta\n");
    put("beta-sweep", "sweep.png", png1x1, sizeof png1x1);
    /* hw: no job (goodput 0), availability 0.99: after the jobs. */
    run_txt("hw", "hw", 0);
    summary_csv("hw", 0, 0.99, 1000);
    puts_file("hw", "analytic.csv", "quantity,value,fit,metric,formula,reference,note\n");
    put("hw", "summary.png", png1x1, sizeof png1x1);
    puts_file("hw", "trials.csv", "trial,goodput\n0,0\n");
    /* gamma: a record, a broken CSV, no analytic.csv, a picture that is not one. */
    run_txt("gamma", "gamma", 1);
    puts_file("gamma", "summary.csv", "metric,mean,sd\n\"goodput,0.5,0.1\n");
    puts_file("gamma", "summary.png", "not a picture");
}

static const report_entry entries[] = {
    {.file = "s/alpha.ini", .name = "alpha", .dir = "alpha", .status = REPORT_RAN},
    {.file = "s/beta.ini",
     .name = WEIRD_NAME,
     .dir = "beta",
     .sweep_dir = "beta-sweep",
     .status = REPORT_UP_TO_DATE},
    {.file = WEIRD_FILE, .status = REPORT_FAILED, .message = WEIRD_MESSAGE},
    {.file = "s/hw.ini", .name = "hw", .dir = "hw", .status = REPORT_RAN},
    {.file = "s/gamma.ini", .name = "gamma", .dir = "gamma", .status = REPORT_RAN},
};
#define NENTRIES 5

static char *slurp(const char *dir, const char *file)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

static void rm_rf(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static int setup(void **state)
{
    (void)state;
    fixtures();
    report_info info = {.command = "relsim batch s -o out", .wall_s = 12.5, .threads = 2};
    char err[600] = "";
    if (report_write(root, NULL, entries, NENTRIES, &info, err, sizeof err)) {
        fprintf(stderr, "report_write: %s\n", err);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rm_rf(root);
    return 0;
}

/* ---------------------------------------------------------------- report.csv, read with libcsv */

#define MAXF 64
#define MAXR 16
typedef struct {
    int nrows, nf[MAXR];
    char *f[MAXR][MAXF];
} sheet;

static void on_field(void *s, size_t len, void *data)
{
    sheet *t = data;
    if (t->nrows < MAXR && t->nf[t->nrows] < MAXF) {
        char *v = malloc(len + 1);
        memcpy(v, s ? s : "", len);
        v[len] = '\0';
        t->f[t->nrows][t->nf[t->nrows]++] = v;
    }
}

static void on_row(int c, void *data)
{
    (void)c;
    ((sheet *)data)->nrows++;
}

/* DIR/report.csv */
static void read_sheet_in(const char *dir, sheet *t)
{
    memset(t, 0, sizeof *t);
    char *text = slurp(dir, "report.csv");
    assert_non_null(text);
    struct csv_parser p;
    assert_int_equal(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI), 0);
    assert_int_equal(csv_parse(&p, text, strlen(text), on_field, on_row, t), strlen(text));
    assert_int_equal(csv_fini(&p, on_field, on_row, t), 0);
    csv_free(&p);
    free(text);
}

static void read_sheet(sheet *t)
{
    read_sheet_in(root, t);
}

static void free_sheet(sheet *t)
{
    for (int r = 0; r < t->nrows && r < MAXR; r++)
        for (int c = 0; c < t->nf[r]; c++)
            free(t->f[r][c]);
}

static const char *cell(const sheet *t, int r, const char *col)
{
    for (int c = 0; c < t->nf[0]; c++)
        if (strcmp(t->f[0][c], col) == 0) return t->f[r][c];
    fail_msg("no column %s", col);
    return NULL;
}

static double num(const sheet *t, int r, const char *col)
{
    const char *s = cell(t, r, col);
    char *end;
    double x = strtod(s, &end);
    if (!*s || *end) fail_msg("%s of row %d is '%s', not a number", col, r, s);
    return x;
}

static void csv_has_one_row_per_entry_in_rank_order(void **state)
{
    (void)state;
    static const char *const cols[] = {"name",
                                       "file",
                                       "status",
                                       "trials",
                                       "seed",
                                       "goodput_mean",
                                       "goodput_ci95_low",
                                       "goodput_ci95_high",
                                       "availability_mean",
                                       "availability_ci95_low",
                                       "availability_ci95_high",
                                       "makespan_h_mean",
                                       "makespan_h_ci95_low",
                                       "makespan_h_ci95_high",
                                       "failures_mean",
                                       "lost_h_mean",
                                       "down_h_mean",
                                       "wait_spare_h_mean",
                                       "downtime_per_year_h",
                                       "checkpoints_mean",
                                       "makespan_h_closed_form",
                                       "makespan_h_closed_form_fit",
                                       "makespan_h_closed_form_within_4se",
                                       "availability_closed_form",
                                       "availability_closed_form_fit",
                                       "availability_closed_form_within_4se",
                                       "wall_time_s",
                                       "relsim_version"};
    sheet t;
    read_sheet(&t);
    assert_int_equal(t.nrows, NENTRIES + 1);
    for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
        assert_string_equal(t.f[0][c], cols[c]);
    for (int r = 1; r < t.nrows; r++)
        assert_int_equal(t.nf[r], t.nf[0]);
    /* ranked: beta (0.95), alpha (0.90), hw (no job), gamma (no summary), the failed one */
    assert_string_equal(cell(&t, 1, "name"), WEIRD_NAME);
    assert_string_equal(cell(&t, 2, "name"), "alpha");
    assert_string_equal(cell(&t, 3, "name"), "hw");
    assert_string_equal(cell(&t, 4, "name"), "gamma");
    assert_string_equal(cell(&t, 5, "file"), WEIRD_FILE);
    assert_string_equal(cell(&t, 1, "status"), "up_to_date");
    assert_string_equal(cell(&t, 2, "status"), "ran");
    assert_string_equal(cell(&t, 5, "status"), "failed");
    assert_string_equal(cell(&t, 1, "rank"), "1");
    assert_string_equal(cell(&t, 3, "rank"), "3");
    assert_string_equal(cell(&t, 4, "rank"), "");

    /* alpha, from its files */
    assert_close(num(&t, 2, "trials"), 400, 0, 0);
    assert_close(num(&t, 2, "seed"), 42, 0, 0);
    assert_close(num(&t, 2, "goodput_mean"), 0.90, 1e-15, 0);
    assert_close(num(&t, 2, "goodput_ci95_low"), 0.90 - 1.96 * 0.01 / 20, 1e-15, 0);
    assert_close(num(&t, 2, "makespan_h_ci95_high"), 111.196, 1e-15, 0);
    assert_close(num(&t, 2, "failures_mean"), 1.5, 0, 0);
    assert_close(num(&t, 2, "lost_h_mean"), 2, 0, 0);
    assert_close(num(&t, 2, "down_h_mean"), 3, 0, 0);
    assert_close(num(&t, 2, "wait_spare_h_mean"), 1, 0, 0);
    assert_close(num(&t, 2, "checkpoints_mean"), 49, 0, 0);
    /* a 111-hour window says nothing of a year: no yearly figure (down_h_mean is the window's) */
    assert_string_equal(cell(&t, 2, "downtime_per_year_h"), "");
    assert_close(num(&t, 2, "wall_time_s"), 1.25, 0, 0);
    assert_string_equal(cell(&t, 2, "relsim_version"), "0.0.7");
    /* makespan 111 vs exact 110.9: SE = 2 / sqrt(400) = 0.1, 1 SE: agrees */
    assert_close(num(&t, 2, "makespan_h_closed_form"), 110.9, 0, 0);
    assert_string_equal(cell(&t, 2, "makespan_h_closed_form_fit"), "exact");
    assert_string_equal(cell(&t, 2, "makespan_h_closed_form_within_4se"), "1");
    /* availability: the approximate entry is preferred to the n/a one; 0.97 vs 0.98 is 20 SE */
    assert_close(num(&t, 2, "availability_closed_form"), 0.98, 0, 0);
    assert_string_equal(cell(&t, 2, "availability_closed_form_fit"), "approximate");
    assert_string_equal(cell(&t, 2, "availability_closed_form_within_4se"), "0");
    /* beta: its exact availability disagrees; no makespan closed form */
    assert_string_equal(cell(&t, 1, "availability_closed_form_within_4se"), "0");
    assert_string_equal(cell(&t, 1, "makespan_h_closed_form"), "");
    assert_string_equal(cell(&t, 1, "sweep_dir"), "beta-sweep");
    /* hw: no job */
    assert_close(num(&t, 3, "goodput_mean"), 0, 0, 0);
    assert_close(num(&t, 3, "downtime_per_year_h"), 0.01 * 8760, 1e-12, 0);
    /* gamma: what is missing is said */
    assert_string_equal(cell(&t, 4, "goodput_mean"), "");
    assert_non_null(strstr(cell(&t, 4, "problems"), "summary.csv: malformed CSV"));
    assert_non_null(strstr(cell(&t, 4, "problems"), "analytic.csv: missing"));
    assert_non_null(strstr(cell(&t, 4, "problems"), "summary.png: not a PNG"));
    assert_non_null(strstr(cell(&t, 4, "problems"), "trials.csv: missing"));
    /* the failed entry: no numbers, its message on one line */
    assert_string_equal(cell(&t, 5, "name"), "");
    assert_string_equal(cell(&t, 5, "goodput_mean"), "");
    assert_string_equal(cell(&t, 5, "trials"), "");
    assert_non_null(strstr(cell(&t, 5, "problems"), "<script>alert(1)</script> & more; odd.ini:4"));
    free_sheet(&t);
}

/* ---------------------------------------------------------------- report.html */

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static void html_ranks_escapes_and_embeds(void **state)
{
    (void)state;
    char *h = slurp(root, "report.html");
    assert_non_null(h);
    assert_true(strncmp(h, "<!DOCTYPE html>", 15) == 0);
    assert_non_null(strstr(h, "</html>\n"));
    /* the summary table: five rows, in rank order (anchors are the entries' positions) */
    char *table = strstr(h, "<table id=\"summary-table\">");
    assert_non_null(table);
    char *end = strstr(table, "</table>");
    assert_non_null(end);
    *end = '\0';
    assert_int_equal(count(table, "<tr"), NENTRIES + 1);
    const char *p = table;
    static const char *const order[] = {"#s-2", "#s-1", "#s-4", "#s-5", "#s-3"};
    for (int i = 0; i < NENTRIES; i++) {
        const char *q = strstr(p, "href=\"#s-");
        assert_non_null(q);
        assert_true(strncmp(q + 6, order[i], 4) == 0);
        p = q + 1;
    }
    *end = '<';
    for (int i = 1; i <= NENTRIES; i++) {
        char id[32];
        snprintf(id, sizeof id, "id=\"s-%d\"", i);
        assert_int_equal(count(h, id), 1);
    }
    /* escaping: no text from a file opens a tag or ends an attribute */
    assert_null(strstr(h, WEIRD_NAME));
    assert_non_null(strstr(h, "a&lt;b&gt;&amp;&quot;c&#39;|d"));
    assert_null(strstr(h, "<script"));
    assert_non_null(strstr(h, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more\nodd.ini:4"));
    assert_non_null(strstr(h, "odd &lt;&amp;&quot;&#39;|&gt;.ini"));
    assert_non_null(strstr(h, "exact: one node, &quot;quoted&quot;"));
    /* self-contained: pictures inline, nothing fetched */
    char uri[256];
    snprintf(uri, sizeof uri, "src=\"data:image/png;base64,%s\"", png1x1_b64);
    assert_int_equal(count(h, uri), 4); /* alpha, beta, beta's sweep, hw; not gamma's */
    assert_int_equal(count(h, "<img"), 4);
    assert_null(strstr(h, "http://"));
    assert_null(strstr(h, "https://"));
    assert_null(strstr(h, "<link rel=\"stylesheet\""));
    /* what a reader is told */
    assert_non_null(strstr(h, "relsim batch s -o out"));
    assert_non_null(strstr(h, "DISAGREES"));
    assert_non_null(strstr(h, "Incomplete results"));
    assert_non_null(strstr(h, "analytic.csv: missing"));
    assert_non_null(strstr(h, "does not apply: too short"));
    assert_non_null(strstr(h, "badge b-up\">up to date"));
    assert_non_null(strstr(h, "badge b-failed\">FAILED"));
    assert_non_null(strstr(h, "0123456789abcdef"));              /* scenario hash */
    assert_non_null(strstr(h, "<b>0.9500</b>"));                 /* goodput, 4 decimals */
    assert_non_null(strstr(h, ">3.3 h in 111.0 h<")); /* a 111-h window: its own downtime */
    assert_non_null(strstr(h, ">87.6 h / year<"));    /* 1,000 h: 0.01 x 8760 a year */
    assert_non_null(strstr(h, "href=\"beta-sweep/sweep.csv\"")); /* links relative to OUT */
    /* the sweep's points, the best marked */
    assert_non_null(strstr(h, "badge b-ran\">best"));
    assert_non_null(strstr(h, "-0.0400"));
    free(h);
}

/* ---------------------------------------------------------------- report.md */

static void markdown_escapes_pipes(void **state)
{
    (void)state;
    char *m = slurp(root, "report.md");
    assert_non_null(m);
    assert_non_null(strstr(m, "a\\<b\\>\\&\"c'\\|d"));
    assert_non_null(strstr(m, "odd \\<\\&\"'\\|\\>.ini"));
    assert_null(strstr(m, "<script>"));
    assert_non_null(strstr(m, "[sweep.csv](beta-sweep/sweep.csv)"));
    /* every row of the table has 9 cells: 10 unescaped '|' */
    int rows = 0;
    for (char *line = m; line && *line;) {
        char *nl = strchr(line, '\n');
        if (line[0] == '|') {
            int bars = 0;
            for (char *c = line; c < (nl ? nl : line + strlen(line)); c++)
                bars += *c == '|' && (c == line || c[-1] != '\\');
            assert_int_equal(bars, 10);
            rows++;
        }
        line = nl ? nl + 1 : NULL;
    }
    assert_int_equal(rows, NENTRIES + 2); /* header, separator, entries */
    free(m);
}

/* ---------------------------------------------------------------- base64 */

static void base64_matches_rfc4648(void **state)
{
    (void)state;
    static const char *const in[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    static const char *const out[] = {"",         "Zg==",     "Zm8=",    "Zm9v",
                                      "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
    char buf[128];
    for (int i = 0; i < 7; i++) {
        size_t n = strlen(in[i]);
        memset(buf, 'x', sizeof buf);
        assert_int_equal(report_base64(in[i], n, buf), strlen(out[i]));
        assert_int_equal(report_base64_len(n), strlen(out[i]));
        assert_string_equal(buf, out[i]);
    }
    /* the last two letters of the alphabet, and bytes with the high bit set */
    static const unsigned char hi[] = {0xfb, 0xff, 0xbf}, mixed[] = {0x00, 0xff, 0xfe, 0x10};
    report_base64(hi, 3, buf);
    assert_string_equal(buf, "+/+/");
    report_base64(mixed, 4, buf);
    assert_string_equal(buf, "AP/+EA==");
    char png[sizeof png1x1_b64];
    report_base64(png1x1, sizeof png1x1, png);
    assert_string_equal(png, png1x1_b64);
}

/* ---------------------------------------------------------------- whole or nothing */

static int exists(const char *dir, const char *file)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    return access(path, F_OK) == 0;
}

/* Entries of a directory, . and .. aside. */
static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    if (d) closedir(d);
    return n;
}

static void nothing_is_written_when_a_file_cannot_be(void **state)
{
    (void)state;
    char err[600] = "", out[600];
    /* OUT does not exist */
    snprintf(out, sizeof out, "%s/no/such/dir", root);
    assert_int_equal(report_write(out, NULL, entries, NENTRIES, NULL, err, sizeof err), -1);
    assert_non_null(strstr(err, "report.csv"));
    assert_false(exists(root, "no"));
    /* OUT holds an older report, and report.md cannot be replaced (a directory is in its
     * place): none of the three is replaced, no temporary is left. (A planted temporary name no
     * longer gets in the way: temporaries have fresh, unpredictable names.) */
    snprintf(out, sizeof out, "%s/old", root);
    mkdir(out, 0777);
    puts_file("old", "report.csv", "old\n");
    puts_file("old", "report.html", "old\n");
    snprintf(out, sizeof out, "%s/old/report.md.tmp", root);
    mkdir(out, 0777);
    snprintf(out, sizeof out, "%s/old/report.md", root);
    mkdir(out, 0777);
    snprintf(out, sizeof out, "%s/old", root);
    err[0] = '\0';
    assert_int_equal(report_write(out, NULL, entries, NENTRIES, NULL, err, sizeof err), -1);
    assert_non_null(strstr(err, "report.md"));
    char *c = slurp(out, "report.csv"), *h = slurp(out, "report.html");
    assert_string_equal(c, "old\n");
    assert_string_equal(h, "old\n");
    free(c);
    free(h);
    assert_false(exists(out, "report.csv.tmp"));
    assert_false(exists(out, "report.html.tmp"));
    assert_int_equal(count_entries(out), 4); /* report.csv, report.html, the two directories */
    /* once it can, all three are written (the planted report.md.tmp stays: not ours) */
    snprintf(err, sizeof err, "%s/old/report.md", root);
    rmdir(err);
    assert_int_equal(report_write(out, NULL, entries, NENTRIES, NULL, err, sizeof err), 0);
    c = slurp(out, "report.csv");
    assert_true(strncmp(c, "name,file,status,", 17) == 0);
    free(c);
    assert_true(exists(out, "report.md") && exists(out, "report.html"));
}

/* An empty batch, and entries whose directories do not exist at all: a report all the same. */
static void empty_and_absent_entries_still_report(void **state)
{
    (void)state;
    char err[600], out[600];
    snprintf(out, sizeof out, "%s/empty", root);
    mkdir(out, 0777);
    assert_int_equal(report_write(out, NULL, NULL, 0, NULL, err, sizeof err), 0);
    char *c = slurp(out, "report.csv");
    assert_int_equal(count(c, "\n"), 1);
    free(c);
    static const report_entry ghost[] = {
        {.file = "ghost.ini", .name = "ghost", .dir = "nowhere", .status = REPORT_UP_TO_DATE},
        {.file = "lost.ini", .name = NULL, .dir = NULL, .status = REPORT_RAN},
        {.file = NULL, .name = NULL, .status = REPORT_FAILED, .message = NULL}};
    assert_int_equal(report_write(out, NULL, ghost, 3, NULL, err, sizeof err), 0);
    char *h = slurp(out, "report.html");
    assert_non_null(strstr(h, "run.txt: missing"));
    assert_non_null(strstr(h, "no results directory"));
    assert_non_null(strstr(h, "(no message)"));
    free(h);
}

/* Without pictures (relsim batch --no-plot), a missing PNG is not an incomplete result. */
static void no_plot_makes_pictures_optional(void **state)
{
    (void)state;
    char err[600], out[600];
    snprintf(out, sizeof out, "%s/noplot", root);
    mkdir(out, 0777);
    run_txt("noplot/n", "n", 1);
    summary_csv("noplot/n", 0.9, 0.97, 111);
    puts_file("noplot/n", "analytic.csv", "quantity,value,fit,metric,formula,reference,note\n");
    puts_file("noplot/n", "trials.csv", "trial,goodput\n0,0.9\n");
    static const report_entry one[] = {
        {.file = "n.ini", .name = "n", .dir = "n", .status = REPORT_RAN}};
    report_info info = {.command = "relsim batch --no-plot", .wall_s = 1, .no_plot = 1};
    assert_int_equal(report_write(out, NULL, one, 1, &info, err, sizeof err), 0);
    char *h = slurp(out, "report.html");
    assert_null(strstr(h, "summary.png: missing"));
    assert_null(strstr(h, "<img"));
    free(h);
    info.no_plot = 0;
    assert_int_equal(report_write(out, NULL, one, 1, &info, err, sizeof err), 0);
    h = slurp(out, "report.html");
    assert_non_null(strstr(h, "summary.png: missing"));
    free(h);
}

/* The verdict is stat_agree's, the one relsim run prints: with 2 trials a mean 4.2 SE from an
 * exact closed form agrees (the SE of 2 trials is itself uncertain: the limit is far wider than
 * 4 SE), where a fixed 4 SE rule said DISAGREES; with 1 trial there is no SE: undecided, said
 * so, and report.csv leaves within_4se empty. */
static void summary_of_few(const char *dir, double mean, const char *sd, int n)
{
    char text[2048];
    snprintf(text, sizeof text,
             "metric,mean,sd,ci95_low,ci95_high,p05,p50,p95,min,max,n\n"
             "makespan_h,%.17g,%s,,,1,1,1,1,1,%d\n"
             "availability,0.99,%s,,,1,1,1,1,1,%d\n"
             "goodput,0.9,%s,,,1,1,1,1,1,%d\n",
             mean, sd, n, sd, n, sd, n);
    puts_file(dir, "summary.csv", text);
    puts_file(dir, "analytic.csv",
              "quantity,value,fit,metric,formula,reference,note\n"
              "daly_makespan_h,130,exact,makespan_h,sum of segments,Daly 2006,exact\n");
    puts_file(dir, "trials.csv", "trial,goodput\n0,0.9\n");
}

static void the_verdict_is_stat_agree_even_with_few_trials(void **state)
{
    (void)state;
    char err[600], out[600];
    snprintf(out, sizeof out, "%s/few", root);
    mkdir(out, 0777);
    run_txt("few/two", "two", 1);
    summary_of_few("few/two", 100, "10", 2); /* SE 10 / sqrt 2: 4.2 SE from 130 */
    run_txt("few/one", "one", 1);
    summary_of_few("few/one", 100, "", 1);
    stat_verdict two = stat_agree(100, 10, 2, 130), one = stat_agree(100, NAN, 1, 130);
    assert_true(fabs(two.z) > 4);
    assert_int_equal(two.verdict, STAT_AGREES);
    assert_int_equal(one.verdict, STAT_UNDECIDED);
    static const report_entry few[] = {
        {.file = "two.ini", .name = "two", .dir = "two", .status = REPORT_RAN},
        {.file = "one.ini", .name = "one", .dir = "one", .status = REPORT_RAN}};
    report_info info = {.command = "relsim batch few", .wall_s = 1, .no_plot = 1};
    assert_int_equal(report_write(out, NULL, few, 2, &info, err, sizeof err), 0);
    sheet t;
    read_sheet_in(out, &t);
    assert_string_equal(cell(&t, 1, "name"), "two");
    assert_string_equal(cell(&t, 1, "makespan_h_closed_form_within_4se"), "1");
    assert_string_equal(cell(&t, 2, "name"), "one");
    assert_string_equal(cell(&t, 2, "makespan_h_closed_form_within_4se"), "");
    free_sheet(&t);
    char *h = slurp(out, "report.html"), *m = slurp(out, "report.md");
    assert_null(strstr(h, "DISAGREES"));
    assert_non_null(strstr(h, "<span class=\"ok\">agrees</span> <span class=\"small\">4.2 SE, "
                              "limit 1.01e+04</span>"));
    assert_non_null(strstr(h, "<span class=\"muted\">undecided</span> <span "
                              "class=\"small\">no standard error</span>"));
    assert_null(strstr(m, "DISAGREES"));
    assert_non_null(strstr(m, "| agrees (1 exact) |")); /* no approximate form to count */
    assert_non_null(strstr(m, "| undecided (1 of 1 exact: no standard error) |"));
    free(h);
    free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv_has_one_row_per_entry_in_rank_order),
        cmocka_unit_test(html_ranks_escapes_and_embeds),
        cmocka_unit_test(markdown_escapes_pipes),
        cmocka_unit_test(base64_matches_rfc4648),
        cmocka_unit_test(nothing_is_written_when_a_file_cannot_be),
        cmocka_unit_test(empty_and_absent_entries_still_report),
        cmocka_unit_test(no_plot_makes_pictures_optional),
        cmocka_unit_test(the_verdict_is_stat_agree_even_with_few_trials),
    };
    return cmocka_run_group_tests_name("report", tests, setup, teardown);
}
