/*
 * The run record (analysis/record.h): what the writer writes, byte for byte, reads back as it
 * was written; a 10,000-byte command line and a path of 2,000 bytes are read whole; a value
 * holding a newline stays on its line and cannot forge a key; a missing file, a directory, a
 * file with a NUL byte and one without a header are refused with their reason; a record written
 * by hand (CRLF, blanks, notes, comments) is read as the old readers read it.
 */
#include "tests/testutil.h"
#include "analysis/record.h"
#include "models/rc.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[64];

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

static void spit(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    fclose(f);
}

/* ROOT/hand/run.txt holds the string literal, NUL bytes included; hand is set to ROOT/hand. */
static char hand[128];
#define HAND(literal) hand_write((literal), sizeof(literal) - 1)
static void hand_write(const char *text, size_t len)
{
    char path[160];
    snprintf(hand, sizeof hand, "%s/hand", root);
    mkdir(hand, 0777);
    snprintf(path, sizeof path, "%s/run.txt", hand);
    spit(path, text, len);
}

/* ROOT/run.txt, written with the given command line and one more value, then committed. */
static void write_one(const char *command, const char *value)
{
    char err[300];
    outfile *of = record_open(root, "run record: a test", command, err, sizeof err);
    if (!of) fail_msg("record_open: %s", err);
    assert_int_equal(record_put(of, "scenario name", "%s", "alpha"), RC_OK);
    assert_int_equal(record_put(of, "seed", "%u", 42u), RC_OK);
    assert_int_equal(record_put(of, "value", "%s", value), RC_OK);
    assert_int_equal(record_put(of, "empty", "%s", ""), RC_OK);
    assert_int_equal(record_note(of, "vary %s = %s", "cluster.spares", "0, 2"), RC_OK);
    assert_int_equal(record_note(of, "%s", "the scenario of the first point:"), RC_OK);
    FILE *f = record_body(of);
    fputs("[scenario]\nname = alpha\ntrials = 400\n\n[job]\nwork = 100h\n"
          "checkpoint_interval = 2h ; daly, from d and M\n",
          f);
    if (outfile_commit(of, err, sizeof err)) fail_msg("outfile_commit: %s", err);
}

static record_file *load_one(void)
{
    char err[300];
    record_file *r = record_load(root, err, sizeof err);
    if (!r) fail_msg("record_load: %s", err);
    return r;
}

static void round_trip_gives_back_what_was_written(void **state)
{
    (void)state;
    write_one("relsim run a.ini --trials 400", "1.250 s");
    char path[128];
    snprintf(path, sizeof path, "%s/run.txt", root);
    char *text = slurp(path);
    /* the bytes: the header every record shares, then the writer's lines, a blank, the body */
    static const char head[] = "; relsim run record: a test\n; relsim: " RELSIM_VERSION
                               "\n; command: relsim run a.ini --trials 400\n; date: ";
    assert_true(strncmp(text, head, sizeof head - 1) == 0);
    const char *date = text + sizeof head - 1 - strlen("; date: ");
    assert_int_equal(strlen("; date: 2026-01-02T03:04:05Z\n"), strcspn(date, "\n") + 1);
    assert_string_equal(date + strcspn(date, "\n") + 1,
                        "; scenario name: alpha\n; seed: 42\n; value: 1.250 s\n; empty: \n"
                        "; vary cluster.spares = 0, 2\n; the scenario of the first point:\n\n"
                        "[scenario]\nname = alpha\ntrials = 400\n\n[job]\nwork = 100h\n"
                        "checkpoint_interval = 2h ; daly, from d and M\n");
    free(text);

    record_file *r = load_one();
    assert_int_equal(r->nheader, 10);
    assert_string_equal(record_version(r), RELSIM_VERSION);
    assert_string_equal(record_get(r, "command"), "relsim run a.ini --trials 400");
    assert_string_equal(record_get(r, "scenario name"), "alpha");
    assert_string_equal(record_get(r, "seed"), "42");
    assert_string_equal(record_get(r, "value"), "1.250 s");
    assert_string_equal(record_get(r, "empty"), "");
    assert_int_equal(strlen(record_get(r, "date")), 20);
    assert_null(record_get(r, "trials"));
    /* notes: lines that are not "key: value" */
    assert_null(r->header[8].key);
    assert_string_equal(r->header[8].value, "vary cluster.spares = 0, 2");
    assert_null(r->header[9].key);
    assert_string_equal(r->header[9].value, "the scenario of the first point:");
    /* the body */
    assert_int_equal(r->nbody, 4);
    assert_string_equal(record_body_get(r, "scenario", "trials"), "400");
    assert_string_equal(record_body_get(r, "job", "work"), "100h");
    const record_entry *iv = record_body_find(r, "job", "checkpoint_interval");
    assert_non_null(iv);
    assert_string_equal(iv->value, "2h");
    assert_string_equal(iv->comment, "daly, from d and M");
    assert_null(record_body_find(r, "scenario", "work"));
    assert_null(record_body_get(r, "cluster", "nodes"));
    assert_true(record_has_section(r, "job"));
    assert_false(record_has_section(r, "cluster"));
    record_free(r);
}

/* The first line "; relsim run record: ..." reads as a key of its own; "; relsim sweep record"
 * as a note. */
static void the_first_line_is_a_note_or_a_key(void **state)
{
    (void)state;
    record_file *r = load_one();
    assert_string_equal(r->header[0].key, "relsim run record");
    assert_string_equal(r->header[0].value, "a test");
    record_free(r);
    char err[300];
    outfile *of = record_open(root, "sweep record", NULL, err, sizeof err);
    assert_non_null(of);
    record_body(of);
    assert_int_equal(outfile_commit(of, err, sizeof err), 0);
    r = load_one();
    assert_null(r->header[0].key);
    assert_string_equal(r->header[0].value, "relsim sweep record");
    assert_string_equal(record_get(r, "command"), "(library call)");
    assert_int_equal(r->nbody, 0);
    record_free(r);
}

static void a_command_line_of_10000_bytes_is_read_whole(void **state)
{
    (void)state;
    size_t n = 10000;
    char *cmd = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        cmd[i] = "relsim run --set cluster.spares=1 "[i % 34];
    cmd[n - 1] = 'x'; /* no blank at the end */
    cmd[n] = '\0';
    write_one(cmd, cmd);
    record_file *r = load_one();
    assert_int_equal(strlen(record_get(r, "command")), n);
    assert_string_equal(record_get(r, "command"), cmd);
    assert_string_equal(record_get(r, "value"), cmd);
    assert_string_equal(record_get(r, "scenario name"), "alpha");
    assert_string_equal(record_body_get(r, "scenario", "name"), "alpha");
    record_free(r);
    free(cmd);
}

/* A value with a newline (and every other control byte, backslashes, blanks at its ends) stays
 * on its line, and comes back as it was. */
static void a_value_with_a_newline_cannot_start_a_line(void **state)
{
    (void)state;
    const char *evil = "relsim run 'a\nb.ini'\n; scenario name: forged\n\n[job]\nwork = 1h";
    char odd[64];
    int k = 0;
    odd[k++] = ' ';
    for (int c = 1; c < 0x20; c++)
        odd[k++] = (char)c;
    memcpy(odd + k, "\x7f\\n\\\\x41 \xc3\xa9 ", 12); /* DEL, a literal \n and \\x41, UTF-8 */
    odd[k + 12] = '\0';
    write_one(evil, odd);
    char path[128];
    snprintf(path, sizeof path, "%s/run.txt", root);
    char *text = slurp(path);
    assert_non_null(strstr(text, "; command: relsim run 'a\\nb.ini'\\n; scenario name: forged"
                                 "\\n\\n[job]\\nwork = 1h\n"));
    assert_non_null(strstr(text, "; value: \\x20\\x01\\x02"));
    assert_non_null(strstr(text, "\\x1f\\x7f\\\\n\\\\\\\\x41 \xc3\xa9\\x20\n"));
    int lines = 0;
    for (const char *p = text; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 18); /* 10 header lines, a blank, 7 of body */
    free(text);
    record_file *r = load_one();
    assert_string_equal(record_get(r, "command"), evil);
    assert_string_equal(record_get(r, "value"), odd);
    assert_string_equal(record_get(r, "scenario name"), "alpha");
    assert_string_equal(record_body_get(r, "job", "work"), "100h");
    record_free(r);
}

/* Any path length: the reader has no path buffer (the writer goes through outfile, which says
 * "path too long" past its limit rather than truncating). */
static void a_long_path_is_read(void **state)
{
    (void)state;
    char path[2400];
    size_t used = (size_t)snprintf(path, sizeof path, "%s", root);
    for (int d = 0; d < 10; d++) {
        path[used++] = '/';
        memset(path + used, 'd' + d, 200);
        used += 200;
        path[used] = '\0';
        assert_int_equal(mkdir(path, 0777), 0);
    }
    assert_true(used > 2000);
    snprintf(path + used, sizeof path - used, "/run.txt");
    spit(path, "; relsim: 9\n; scenario name: deep\n", 34);
    path[used] = '\0';
    char err[3000]; /* the message names the path */
    record_file *r = record_load(path, err, sizeof err);
    if (!r) fail_msg("record_load: %s", err);
    assert_string_equal(record_get(r, "scenario name"), "deep");
    record_free(r);
    /* and written there: any path the system accepts works (no fixed-size buffer) */
    outfile *of = record_open(path, "x", NULL, err, sizeof err);
    if (!of) fail_msg("record_open: %s", err);
    assert_int_equal(record_put(of, "scenario name", "%s", "deeper"), 0);
    if (outfile_commit(of, err, sizeof err)) fail_msg("commit: %s", err);
    r = record_load(path, err, sizeof err);
    if (!r) fail_msg("record_load: %s", err);
    assert_string_equal(record_get(r, "scenario name"), "deeper");
    record_free(r);
}

static void a_missing_file_is_said_to_be(void **state)
{
    (void)state;
    char path[128], err[300] = "";
    snprintf(path, sizeof path, "%s/nowhere", root);
    assert_null(record_load(path, err, sizeof err));
    assert_string_equal(err, "missing");
    assert_null(record_open(path, "x", NULL, err, sizeof err));
    assert_non_null(strstr(err, "cannot write"));
    snprintf(path, sizeof path, "%s/dir", root);
    assert_int_equal(mkdir(path, 0777), 0);
    char inner[160];
    snprintf(inner, sizeof inner, "%s/run.txt", path); /* a directory named run.txt */
    assert_int_equal(mkdir(inner, 0777), 0);
    assert_null(record_load(path, err, sizeof err));
    assert_string_equal(err, "not a regular file");
}

static void malformed_files_are_refused_with_their_reason(void **state)
{
    (void)state;
    char err[300] = "";
    HAND("; relsim: 1\n; scenario name: a\0b\n");
    assert_null(record_load(hand, err, sizeof err));
    assert_string_equal(err, "malformed: not text");
    HAND("[scenario]\nname = a\n");
    assert_null(record_load(hand, err, sizeof err));
    assert_string_equal(err, "malformed: no '; key: value' record lines");
    HAND("");
    assert_null(record_load(hand, err, sizeof err));
    assert_string_equal(err, "malformed: no '; key: value' record lines");
    /* a bad key is not written */
    outfile *of = record_open(root, "x", NULL, err, sizeof err);
    assert_non_null(of);
    assert_int_equal(record_put(of, "scenario.name", "%s", "a"), RC_ERROR);
    assert_int_equal(record_put(of, "", "%s", "a"), RC_ERROR);
    assert_int_equal(record_put(of, "a key longer than thirty nine characters", "%s", "a"),
                     RC_ERROR);
    outfile_abort(of);
}

/* Written by hand or by an editor: CRLF, blanks, a text before ": " that is no key, a header
 * ended by a blank line, body comments and lines that are neither "[section]" nor "key = value". */
static void a_record_written_by_hand_is_read_leniently(void **state)
{
    (void)state;
    char err[300];
    HAND(";   relsim: 0.0.7  \r\n; wall time:   1.5 s\r\n"
         "; precision target 0.005: reached\r\n\r\n; not: header\r\n"
         "[cluster]\r\n  nodes = 16 \r\n# comment\r\n; comment\r\nno equals sign\r\n"
         "[component.gpu\r\ncount = 8\r\n");
    record_file *r = record_load(hand, err, sizeof err);
    if (!r) fail_msg("record_load: %s", err);
    assert_int_equal(r->nheader, 3);
    assert_string_equal(record_version(r), "0.0.7");
    assert_string_equal(record_get(r, "wall time"), "1.5 s");
    assert_null(r->header[2].key);
    assert_string_equal(r->header[2].value, "precision target 0.005: reached");
    assert_null(record_get(r, "not"));
    assert_int_equal(r->nbody, 2);
    assert_string_equal(record_body_get(r, "cluster", "nodes"), "16");
    assert_string_equal(record_body_get(r, "cluster", "count"), "8"); /* "[x" is no header */
    record_free(r);
    /* an old sweep record: the version as a note */
    HAND("; relsim 0.0.3\n; relsim sweep record\n");
    r = record_load(hand, err, sizeof err);
    assert_non_null(r);
    assert_string_equal(record_version(r), "0.0.3");
    record_free(r);
    record_free(NULL);
}

static int setup(void **state)
{
    (void)state;
    snprintf(root, sizeof root, "/tmp/test_record_XXXXXX");
    return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip_gives_back_what_was_written),
        cmocka_unit_test(the_first_line_is_a_note_or_a_key),
        cmocka_unit_test(a_command_line_of_10000_bytes_is_read_whole),
        cmocka_unit_test(a_value_with_a_newline_cannot_start_a_line),
        cmocka_unit_test(a_long_path_is_read),
        cmocka_unit_test(a_missing_file_is_said_to_be),
        cmocka_unit_test(malformed_files_are_refused_with_their_reason),
        cmocka_unit_test(a_record_written_by_hand_is_read_leniently),
    };
    return cmocka_run_group_tests_name("record", tests, setup, teardown);
}
