/*
 * The fuzzers' findings, held to what each was found to get wrong (tests/fuzz-regressions/).
 *
 * tests/test_fuzz_replay.c puts every regression input through the harnesses again: no crash, and
 * the harnesses' sanity properties (no NaN, no negative life, a scenario that writes back to
 * itself). That would not notice a finding coming back as a wrong number. Here each input is held
 * to the right answer:
 *   - a scenario the loader refuses is refused at the line of the key at fault (the message's
 *     "path:LINE: KEY:" names a line of the file that sets KEY);
 *   - a law the parser refuses is refused with a message that names the law and one of the
 *     parameters given; a law it accepts inverts exactly: S(Q(u)) = 1 - u to 1e-9, and its
 *     conditional first failure adds exactly -log(u) to the cumulative hazard;
 *   - the two Weibull clusters that failed never, or at once, fail as often as renewal theory
 *     says, trial by trial.
 */
#include "tests/testutil.h"
#include "tests/testscn.h"
#include "analysis/stat.h"
#include "models/dist.h"

#include <dirent.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_gamma.h>
#include <stdlib.h>
#include <string.h>

#define DIR_ "tests/fuzz-regressions"

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) fail_msg("cannot read %s (run the tests from the source root)", path);
    char *buf = malloc(1 << 16);
    assert_non_null(buf);
    size_t n = fread(buf, 1, (1 << 16) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Line `line` (1-based) of text, without blanks in front, in out. */
static void line_of(const char *text, int line, char *out, size_t n)
{
    const char *p = text;
    for (int i = 1; i < line && p; i++) {
        p = strchr(p, '\n');
        if (p) p++;
    }
    out[0] = '\0';
    if (!p) return;
    while (*p == ' ' || *p == '\t')
        p++;
    size_t len = strcspn(p, "\r\n");
    snprintf(out, n, "%.*s", (int)(len < n ? len : n - 1), p);
}

static int visible(const struct dirent *e)
{
    return e->d_name[0] != '.';
}

/* Every scenario of the regressions that the loader refuses: each message is "PATH:LINE: KEY:
 * ..." with LINE a line of the file that sets KEY, or is about an include. At least the two
 * lognormal findings are refused so. */
static void refused_scenarios_are_refused_at_the_key_at_fault(void **state)
{
    (void)state;
    struct dirent **list;
    int n = scandir(DIR_, &list, visible, alphasort), refused = 0;
    assert_true(n > 0);
    for (int i = 0; i < n; i++) {
        const char *name = list[i]->d_name;
        size_t len = strlen(name);
        char path[600];
        snprintf(path, sizeof path, "%s/%s", DIR_, name);
        if (strncmp(name, "scenario-", 9) != 0 || len < 4 || strcmp(name + len - 4, ".ini") != 0) {
            free(list[i]);
            continue;
        }
        scn *s = malloc(sizeof *s);
        scn_errors e = {0};
        assert_non_null(s);
        if (scn_load_file(path, s, &e)) {
            refused++;
            char *text = read_text(path);
            for (int k = 0; k < e.n; k++) {
                const char *m = e.msg[k] + strlen(path);
                int line = 0, used = 0;
                char key[64] = "", at[300];
                if (sscanf(m, ":%d: %63[a-z_0-9]:%n", &line, key, &used) < 2 || !used)
                    fail_msg("%s: not of the form path:line: key: ...: %s", name, e.msg[k]);
                line_of(text, line, at, sizeof at);
                size_t kl = strlen(key);
                const char *rest = at + kl;
                while (*rest == ' ' || *rest == '\t')
                    rest++;
                if (strncmp(at, key, kl) != 0 || *rest != '=')
                    fail_msg("%s: the message is about %s, but line %d reads '%s': %s", name, key,
                             line, at, e.msg[k]);
            }
            free(text);
        }
        scn_errors_free(&e);
        free(s);
        free(list[i]);
    }
    free(list);
    assert_true(refused >= 2);
}

/* dist-*.txt: refused with the law's name and a parameter of it in the message, or exact. */
static void regression_laws_are_refused_for_a_reason_or_exact(void **state)
{
    (void)state;
    struct dirent **list;
    int n = scandir(DIR_, &list, visible, alphasort), laws = 0;
    assert_true(n > 0);
    for (int i = 0; i < n; i++) {
        const char *name = list[i]->d_name;
        if (strncmp(name, "dist-", 5) != 0) {
            free(list[i]);
            continue;
        }
        char path[600], err[300] = "";
        snprintf(path, sizeof path, "%s/%s", DIR_, name);
        char *text = read_text(path);
        text[strcspn(text, "\r\n")] = '\0';
        laws++;
        dist d;
        if (dist_parse(text, &d, err, sizeof err)) {
            char law_name[32];
            snprintf(law_name, sizeof law_name, "%.*s", (int)strcspn(text, "("), text);
            int names_param = 0;
            for (const char *p = strchr(text, '('); p && *p; p++) {
                char param[32];
                if ((*p == '(' || *p == ',') && sscanf(p + 1, " %31[a-z] =", param) == 1 &&
                    strstr(err, param))
                    names_param = 1;
            }
            print_message("  %-52s refused: %s\n", text, err);
            if (!strstr(err, law_name) || !names_param)
                fail_msg("%s: refused without naming the law and a parameter: %s", name, err);
        } else {
            print_message("  %-52s accepted: mean %.6g h\n", text, dist_mean(&d));
            assert_true(dist_mean(&d) > 0 && isfinite(dist_mean(&d)));
            static const double us[] = {1e-9, 1e-4, 0.01, 0.3, 0.5, 0.7, 0.99, 1 - 1e-6};
            double prev = 0;
            for (size_t k = 0; k < sizeof us / sizeof us[0]; k++) {
                double x = dist_quantile(&d, us[k]), s = dist_survival(&d, x);
                if (!(x >= prev && fabs(s - (1 - us[k])) <= 1e-9 * fmax(us[k], 1e-300) + 1e-15))
                    fail_msg("%s: Q(%.17g) = %.17g has survival %.17g", name, us[k], x, s);
                prev = x;
                if (d.kind == DIST_WEIBULL) { /* the first of 3 units aged to Q(u) */
                    double t = dist_cond_min(&d, 3, x, 0.4), k1 = d.p1;
                    double H = pow(x / d.p2, k1), added = H * expm1(k1 * log1p(t / x));
                    assert_close(added, -log(0.4) / 3, 1e-9, 0);
                }
            }
        }
        free(text);
        free(list[i]);
    }
    free(list);
    assert_true(laws >= 5);
}

/* Runs a regression scenario with `trials` trials. */
static test_trials run_file(const char *name, uint64_t trials)
{
    char path[300];
    snprintf(path, sizeof path, "%s/%s", DIR_, name);
    scn *s = malloc(sizeof *s);
    scn_errors e = {0};
    assert_non_null(s);
    if (scn_load_file(path, s, &e)) {
        scn_errors_print(&e, stderr);
        fail_msg("%s does not load", name);
    }
    scn_errors_free(&e);
    s->trials = trials;
    test_trials c = testscn_run(s, (mc_opts){.threads = 0});
    free(s);
    return c;
}

/* P(L1 + L2 <= t) for two independent lives of law d, by Simpson's rule over the density of L1
 * (S'(x) taken by central differences) times the distribution of L2: fine enough for a law as
 * peaked as Weibull(100) with 20,000 intervals over +-12 sd. */
static double two_lives_within(const dist *d, double t)
{
    double m = dist_mean(d), sd = dist_sd(d), lo = m - 12 * sd, hi = m + 12 * sd;
    enum { K = 20000 };
    double h = (hi - lo) / K, sum = 0;
    for (int i = 0; i <= K; i++) {
        double x = lo + i * h, e = 1e-3 * sd;
        double f = (dist_survival(d, x - e) - dist_survival(d, x + e)) / (2 * e);
        double F2 = 1 - dist_survival(d, t - x);
        sum += (i == 0 || i == K ? 1 : i % 2 ? 4 : 2) * f * F2;
    }
    return sum * h / 3;
}

/* Weibull(shape 100, scale 1 y) lives, 1 h repairs, 4 nodes, 2 y: once failed "never" (a weight
 * underflowed). A node's lives all lie within a few percent of 0.994 y, so it fails once or twice
 * in 2 y: twice if its first two lives and a repair fit, with probability P computed here. Every
 * trial then has 4 to 8 failures, and their mean over 2,000 trials is 4 (1 + P) within 4 SE. */
static void weibull_shape_100_fails_once_or_twice_in_two_years(void **state)
{
    (void)state;
    test_trials c = run_file("scenario-weibull-shape100-never-fails.ini", 2000);
    dist d;
    char err[200];
    assert_int_equal(dist_parse("weibull(shape=100, scale=1y)", &d, err, sizeof err), 0);
    double P = two_lives_within(&d, 2 * 8760.0 - 1), expect = 4 * (1 + P);
    stat_mean a = {0};
    for (uint64_t i = 0; i < c.n; i++) {
        assert_true(c.r[i].failures >= 4 && c.r[i].failures <= 8);
        stat_mean_add(&a, (double)c.r[i].failures);
    }
    stat_summary m;
    stat_mean_get(&a, &m);
    double z = (m.mean - expect) / (m.sd / sqrt((double)m.n));
    print_message("  failures a trial %.4f, renewal theory 4 (1 + %.4f) = %.4f: %+.2f SE\n", m.mean,
                  P, expect, z);
    assert_true(fabs(z) <= 4);
    free(c.r);
}

/* Weibull(shape 1000, scale 6 m) lives, 1 h repairs, 4 nodes, 2 y: once failed again the instant
 * it was repaired. A life is 6 m Gamma(1.001) with a spread of 0.13%: a node alternates lives of
 * mu and repairs of 1 h, so it fails floor((T + 1 h) / (mu + 1 h)) times in T = 2 y, give or take
 * one (the lives' spread adds up to about a minute over 15,900 of them). Every trial: the four
 * nodes' failures within 4 of 4 (T + 1 h) / (mu + 1 h), about 63,700. */
static void weibull_shape_1000_fails_once_a_cycle(void **state)
{
    (void)state;
    test_trials c = run_file("scenario-weibull-shape1000-fails-at-once.ini", 20);
    double mu = 0.1 * gsl_sf_gamma(1 + 1.0 / 1000), T = 2 * 8760.0;
    double expect = 4 * (T + 1) / (mu + 1);
    for (uint64_t i = 0; i < c.n; i++) {
        double f = (double)c.r[i].failures;
        if (!(fabs(f - expect) <= 4 + 1e-9))
            fail_msg("trial %llu: %.0f failures, renewal theory %.1f", (unsigned long long)i, f,
                     expect);
    }
    print_message("  %llu failures in trial 0, renewal theory %.1f\n",
                  (unsigned long long)c.r[0].failures, expect);
    free(c.r);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(refused_scenarios_are_refused_at_the_key_at_fault),
        cmocka_unit_test(regression_laws_are_refused_for_a_reason_or_exact),
        cmocka_unit_test(weibull_shape_100_fails_once_or_twice_in_two_years),
        cmocka_unit_test(weibull_shape_1000_fails_once_a_cycle),
    };
    return cmocka_run_group_tests_name("fuzz_outcomes", tests, NULL, NULL);
}
