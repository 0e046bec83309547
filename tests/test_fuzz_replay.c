/*
 * test_fuzz_replay: the fuzzers' findings, replayed in every `make check` (plain and sanitizer
 * builds) without libFuzzer.
 *
 * The two harnesses (tests/fuzz_scenario.c, tests/fuzz_dist.c) are included here with their entry
 * points renamed, and every file of tests/fuzz-regressions/ goes through both of them once: an
 * input that once crashed either harness, or broke one of the properties it checks, must not do
 * so again. Inputs of bugs not fixed yet wait in tests/fuzz-regressions/open/, which is not
 * replayed: a fix moves them up. The gallery (the .ini files of scenarios/), the bad inputs (those
 * of tests/bad/, when that directory exists), the embedded default scenario and a few laws are
 * replayed too, so that the harnesses' properties are known to hold on the inputs the fuzzers start
 * from. A harness that finds a problem prints it and aborts: the binary then fails as a whole.
 * Paths are relative to the source root, where `make check` runs the tests.
 */
#define LLVMFuzzerInitialize fuzz_scenario_init
#define LLVMFuzzerTestOneInput fuzz_scenario_one
#include "tests/fuzz_scenario.c"
#undef LLVMFuzzerInitialize
#undef LLVMFuzzerTestOneInput

#define LLVMFuzzerInitialize fuzz_dist_init
#define LLVMFuzzerTestOneInput fuzz_dist_one
#include "tests/fuzz_dist.c"
#undef LLVMFuzzerInitialize
#undef LLVMFuzzerTestOneInput

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

#include "tests/testutil.h"

#define REGRESSIONS "tests/fuzz-regressions"

typedef int (*harness)(const uint8_t *data, size_t size);

/* Reads a whole file; NULL (with errno) if it cannot. */
static uint8_t *read_all(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    uint8_t *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? 2 * cap : 4096;
            uint8_t *b = realloc(buf, cap);
            if (!b) break;
            buf = b;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad || !buf) {
        free(buf);
        return NULL;
    }
    *size = n;
    return buf;
}

static void replay_file(const char *path, const harness *h, int nh)
{
    size_t size = 0;
    uint8_t *data = read_all(path, &size);
    if (!data) fail_msg("cannot read %s: %s", path, strerror(errno));
    for (int i = 0; i < nh; i++)
        h[i](data, size);
    free(data);
}

static int visible(const struct dirent *e)
{
    return e->d_name[0] != '.' && strncmp(e->d_name, "README", 6) != 0;
}

/* Replays every regular file of dir (in name order; not its subdirectories, such as open/) whose
 * name ends with suffix ("" for all); returns how many, or -1 if the directory does not exist. */
static int replay_dir(const char *dir, const char *suffix, const harness *h, int nh)
{
    struct dirent **list;
    int n = scandir(dir, &list, visible, alphasort);
    if (n < 0) {
        if (errno == ENOENT) return -1;
        fail_msg("cannot list %s: %s", dir, strerror(errno));
    }
    int done = 0;
    size_t ls = strlen(suffix);
    for (int i = 0; i < n; i++) {
        const char *name = list[i]->d_name;
        size_t ln = strlen(name);
        char path[1024];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, name);
        if (ln >= ls && strcmp(name + ln - ls, suffix) == 0 && stat(path, &st) == 0 &&
            S_ISREG(st.st_mode)) {
            replay_file(path, h, nh);
            done++;
        }
        free(list[i]);
    }
    free(list);
    return done;
}

static int setup(void **state)
{
    (void)state;
    fuzz_scenario_init(NULL, NULL);
    fuzz_dist_init(NULL, NULL);
    return 0;
}

/* Every regression file through both harnesses: each must accept any bytes. */
static void test_regressions(void **state)
{
    (void)state;
    const harness both[] = {fuzz_scenario_one, fuzz_dist_one};
    int n = replay_dir(REGRESSIONS, "", both, 2);
    if (n < 0) fail_msg("%s/ is missing (run the tests from the source root)", REGRESSIONS);
    print_message("%d file(s) of %s/ replayed\n", n, REGRESSIONS);
}

/* The fuzzers' seeds: the gallery and the bad inputs through the scenario harness. */
static void test_seeds(void **state)
{
    (void)state;
    const harness scenario[] = {fuzz_scenario_one};
    int n = replay_dir("scenarios", ".ini", scenario, 1);
    assert_true(n >= 1); /* scenarios/default.ini at least */
    replay_dir("tests/bad", ".ini", scenario, 1);
    fuzz_scenario_one((const uint8_t *)scn_default_text, strlen(scn_default_text));
}

/* Every law at ordinary and extreme parameters through the law harness. */
static void test_laws(void **state)
{
    (void)state;
    static const char *const laws[] = {
        "30s",
        "fixed(0s)",
        "fixed(value=2h)",
        "exponential(mean=3301d)",
        "exponential(mean=1ms)",
        "weibull(shape=0.7, scale=5000h)",
        "weibull(shape=1.5, scale=1y)",
        "weibull(shape=0.01, scale=1h)",
        "weibull(shape=20, scale=1y)",
        "lognormal(mean=2d, sd=1d)",
        "lognormal(mean=1h, sd=100h)",
        "gamma(shape=2, mean=200d)",
        "gamma(shape=0.05, mean=1h)",
        "gamma(shape=5000, mean=1h)",
        "uniform(min=30m, max=90m)",
        "uniform(min=0s, max=1ms)",
        "geometric(p=0.002, step=10h)",
        "geometric(p=1, step=1h)",
    };
    for (size_t i = 0; i < sizeof laws / sizeof laws[0]; i++)
        fuzz_dist_one((const uint8_t *)laws[i], strlen(laws[i]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_regressions),
        cmocka_unit_test(test_seeds),
        cmocka_unit_test(test_laws),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
