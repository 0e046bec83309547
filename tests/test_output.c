/*
 * Output files are whole or absent (docs: "Every output file is written whole or not at all"),
 * and a run's result set (trials.csv, summary.csv, run.txt) is published together: a run that
 * fails leaves the directory as it was (sim/study/run.h).
 *
 * Each failure is made for real, through nothing but the contract: a directory in the place of a
 * file of the set (its rename fails), a limit on the size of files (setrlimit RLIMIT_FSIZE: a write
 * beyond it fails with EFBIG, as on a full disk, and may be seen only when the stream is flushed
 * at its close), a CSV row with a field missing. After each, the directory holds exactly what it
 * held before: the files named here and nothing else, no temporary, hidden or not.
 */
#include "tests/testutil.h"
#include "tests/testscn.h"
#include "analysis/csvout.h"
#include "analysis/outfile.h"
#include "sim/study/run.h"

#include <dirent.h>
#include <errno.h>
#include <gsl/gsl_errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

/* A fresh empty directory under /tmp; its path in buf. */
static void fresh_dir(char *buf, size_t n)
{
    snprintf(buf, n, "/tmp/relsim-test-output-XXXXXX");
    assert_non_null(mkdtemp(buf));
}

/* The names in dir, sorted and joined by spaces ("" if empty). */
static void listing(const char *dir, char *out, size_t n)
{
    struct dirent **list;
    int k = scandir(dir, &list, NULL, alphasort);
    assert_true(k >= 0);
    out[0] = '\0';
    for (int i = 0; i < k; i++) {
        const char *name = list[i]->d_name;
        if (strcmp(name, ".") != 0 && strcmp(name, "..") != 0) {
            size_t len = strlen(out);
            snprintf(out + len, n - len, "%s%s", len ? " " : "", name);
        }
        free(list[i]);
    }
    free(list);
}

static void remove_tree(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

#define SMALL(TRIALS)                                                                              \
    "[scenario]\nname=small\ntrials=" TRIALS "\nseed=3\n[cluster]\nnodes=4\nspares=1\n"          \
    "[component.gpu]\nttf=exponential(mean=200h)\nttr=5h\n"                                       \
    "[detection]\ntimeout=10m\n[job]\nwork=100h\ncheckpoint_interval=5h\ncheckpoint_cost=5m\n"

/* Runs a scenario into dir, without a plot; returns run_scenario's code. */
static int run_text_into(const char *text, const char *dir, char *err, size_t n)
{
    scn *s = testscn_load(text, "small.ini");
    run_opts o = {.outdir = dir, .threads = 1, .plot = 0, .command_line = "test_output"};
    run_result res;
    int rc = run_scenario(s, &o, &res, err, n);
    free(s);
    return rc;
}

static int run_into(const char *dir, char *err, size_t n)
{
    return run_text_into(SMALL("50"), dir, err, n);
}

/* Limits the size of the files this process writes to `bytes` (0: no limit), and ignores the
 * signal that a write beyond the limit sends, so that the write fails with EFBIG instead. */
static void limit_file_size(rlim_t bytes)
{
    static struct rlimit saved;
    static int have;
    if (bytes) {
        assert_int_equal(getrlimit(RLIMIT_FSIZE, &saved), 0);
        have = 1;
        struct rlimit r = saved;
        r.rlim_cur = bytes;
        signal(SIGXFSZ, SIG_IGN);
        assert_int_equal(setrlimit(RLIMIT_FSIZE, &r), 0);
    } else if (have) {
        assert_int_equal(setrlimit(RLIMIT_FSIZE, &saved), 0);
        signal(SIGXFSZ, SIG_DFL);
        have = 0;
    }
}

/* A good run publishes the three files and nothing else. */
static void a_run_publishes_its_result_set(void **state)
{
    (void)state;
    char dir[64], err[400], names[400];
    fresh_dir(dir, sizeof dir);
    if (run_into(dir, err, sizeof err)) fail_msg("%s", err);
    listing(dir, names, sizeof names);
    assert_string_equal(names, "run.txt summary.csv trials.csv");
    remove_tree(dir);
}

/* A file of the set that the disk has no room for, whichever it is: with files limited to 1,000
 * bytes, trials.csv of two trials fits and summary.csv of 13 metrics does not; limited to 3,000,
 * trials.csv of 50 trials does not, and the rest would. Either way the run fails, naming the file,
 * and publishes nothing: not the files written before it, not the files after it. */
static void a_file_too_big_for_the_disk_leaves_nothing(void **state)
{
    (void)state;
    static const struct {
        const char *text, *fails;
        rlim_t limit;
    } cases[] = {{SMALL("2"), "summary.csv", 1000}, {SMALL("50"), "trials.csv", 3000}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char dir[64], err[400] = "", names[400];
        fresh_dir(dir, sizeof dir);
        limit_file_size(cases[i].limit);
        int rc = run_text_into(cases[i].text, dir, err, sizeof err);
        limit_file_size(0);
        listing(dir, names, sizeof names);
        print_message("  files of %d bytes at most: rc %d, left: '%s'; %s\n", (int)cases[i].limit,
                      rc, names, err);
        assert_int_equal(rc, -1);
        assert_non_null(strstr(err, cases[i].fails));
        assert_string_equal(names, "");
        remove_tree(dir);
    }
}

/* trials.csv itself cannot be published (a directory in its place): the rename fails, and
 * neither summary.csv nor run.txt, which follow it, is published. */
static void when_trials_csv_cannot_be_published_nothing_is(void **state)
{
    (void)state;
    char dir[64], path[200], err[400] = "", names[400];
    fresh_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/trials.csv", dir);
    assert_int_equal(mkdir(path, 0777), 0);
    int rc = run_into(dir, err, sizeof err);
    listing(dir, names, sizeof names);
    print_message("  trials.csv is a directory: rc %d, left: %s; %s\n", rc, names, err);
    assert_int_equal(rc, -1);
    assert_string_equal(names, "trials.csv");
    remove_tree(dir);
}

/* The other files of the set cannot be published (a directory in the place of summary.csv, or of
 * run.txt, the record that says a set is whole): the run fails, and publishes nothing, not even
 * the files it would have renamed into place first. */
static void when_a_later_file_cannot_be_published_nothing_is(void **state)
{
    (void)state;
    static const char *const blocked[] = {"summary.csv", "run.txt"};
    for (size_t i = 0; i < sizeof blocked / sizeof blocked[0]; i++) {
        char dir[64], path[200], err[400] = "", names[400];
        fresh_dir(dir, sizeof dir);
        snprintf(path, sizeof path, "%s/%s", dir, blocked[i]);
        assert_int_equal(mkdir(path, 0777), 0);
        int rc = run_into(dir, err, sizeof err);
        listing(dir, names, sizeof names);
        print_message("  %s is a directory: rc %d, left: %s; %s\n", blocked[i], rc, names, err);
        assert_int_equal(rc, -1);
        assert_non_null(strstr(err, blocked[i]));
        assert_string_equal(names, blocked[i]);
        remove_tree(dir);
    }
}

/* A new set replaces the previous one whole: run with a picture, then again without, into the
 * same directory: the old summary.png goes (it would describe other results), and the three files
 * are the new run's. */
static void a_new_set_replaces_the_previous_one_whole(void **state)
{
    (void)state;
    char dir[64], err[400] = "", names[400];
    fresh_dir(dir, sizeof dir);
    scn *s = testscn_load(SMALL("50"), "small.ini");
    run_result res;
    run_opts o = {.outdir = dir, .threads = 1, .plot = 1, .command_line = "test_output"};
    if (run_scenario(s, &o, &res, err, sizeof err)) fail_msg("%s", err);
    if (res.plot_skipped) {
        print_message("  no picture could be drawn (%s): nothing to replace\n", res.plot_msg);
        free(s);
        remove_tree(dir);
        skip();
    }
    listing(dir, names, sizeof names);
    assert_string_equal(names, "run.txt summary.csv summary.png trials.csv");
    s->trials = 7;
    o.plot = 0;
    if (run_scenario(s, &o, &res, err, sizeof err)) fail_msg("%s", err);
    listing(dir, names, sizeof names);
    assert_string_equal(names, "run.txt summary.csv trials.csv");
    char path[200], line[1024]; /* a whole header row, however many metrics */
    snprintf(path, sizeof path, "%s/trials.csv", dir);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    int rows = 0;
    while (fgets(line, sizeof line, f))
        rows++;
    fclose(f);
    assert_int_equal(rows, 8); /* the header and the new run's 7 trials */
    free(s);
    remove_tree(dir);
}

/* A write error that only the close sees (the data sat in the stream's buffer; the disk, here a
 * limit of 100 bytes a file, has no room for it): the commit fails with the reason, the file is
 * not published, no temporary is left. */
static void a_write_error_at_close_publishes_nothing(void **state)
{
    (void)state;
    char dir[64], path[200], err[400] = "", names[400];
    fresh_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/data.txt", dir);
    outfile *f = outfile_open(path, err, sizeof err);
    if (!f) fail_msg("%s", err);
    for (int i = 0; i < 20; i++) /* 600 bytes, well within the stream's buffer */
        fprintf(outfile_stream(f), "a line that the disk has no room for\n");
    limit_file_size(100);
    int rc = outfile_commit(f, err, sizeof err);
    limit_file_size(0);
    print_message("  %s\n", err);
    assert_int_equal(rc, -1);
    assert_non_null(strstr(err, "data.txt"));
    listing(dir, names, sizeof names);
    assert_string_equal(names, "");
    remove_tree(dir);
}

/* A rename that fails (a directory in the file's place): the commit fails, the temporary is
 * removed, the directory in the way is untouched. */
static void a_failed_rename_removes_the_temporary(void **state)
{
    (void)state;
    char dir[64], path[200], err[400] = "", names[400];
    fresh_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/data.txt", dir);
    assert_int_equal(mkdir(path, 0777), 0);
    outfile *f = outfile_open(path, err, sizeof err);
    if (!f) fail_msg("%s", err);
    fprintf(outfile_stream(f), "text\n");
    assert_int_equal(outfile_commit(f, err, sizeof err), -1);
    listing(dir, names, sizeof names);
    assert_string_equal(names, "data.txt");
    remove_tree(dir);
}

/* A CSV file whose rows do not all have one field per column is an internal error: not published,
 * no temporary left. A good one holds exactly what was written: undefined numbers as empty fields,
 * a field with a comma or a quote quoted. */
static void csv_rows_are_checked_and_fields_quoted(void **state)
{
    (void)state;
    static const char *const cols[] = {"name", "value", "n"};
    char dir[64], path[200], err[400] = "", names[400];
    fresh_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/t.csv", dir);
    csvout *c = csvout_open(path, cols, 3, err, sizeof err);
    if (!c) fail_msg("%s", err);
    csvout_str(c, "short");
    csvout_num(c, 1.5);
    csvout_end_row(c); /* two fields of three */
    assert_int_equal(csvout_commit(c, err, sizeof err), -1);
    listing(dir, names, sizeof names);
    assert_string_equal(names, "");

    c = csvout_open(path, cols, 3, err, sizeof err);
    if (!c) fail_msg("%s", err);
    csvout_str(c, "a, b");
    csvout_num(c, NAN);
    csvout_int(c, 7);
    csvout_end_row(c);
    csvout_str(c, "say \"x\"");
    csvout_num(c, 0.1);
    csvout_int(c, -2);
    csvout_end_row(c);
    if (csvout_commit(c, err, sizeof err)) fail_msg("%s", err);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char text[400];
    size_t len = fread(text, 1, sizeof text - 1, f);
    text[len] = '\0';
    fclose(f);
    assert_string_equal(text, "name,value,n\n\"a, b\",,7\n\"say \"\"x\"\"\",0.1,-2\n");
    remove_tree(dir);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_run_publishes_its_result_set),
        cmocka_unit_test(a_file_too_big_for_the_disk_leaves_nothing),
        cmocka_unit_test(when_trials_csv_cannot_be_published_nothing_is),
        cmocka_unit_test(when_a_later_file_cannot_be_published_nothing_is),
        cmocka_unit_test(a_new_set_replaces_the_previous_one_whole),
        cmocka_unit_test(a_write_error_at_close_publishes_nothing),
        cmocka_unit_test(a_failed_rename_removes_the_temporary),
        cmocka_unit_test(csv_rows_are_checked_and_fields_quoted),
    };
    return cmocka_run_group_tests_name("output", tests, NULL, NULL);
}
