/*
 * Random streams: addressed by coordinates, the fast path equal to the GSL adapter bit for bit,
 * uniforms strictly inside (0,1) and uniform.
 */
#include "tests/testutil.h"
#include "sim/engine/stream.h"

#include <gsl/gsl_cdf.h>
#include <stdlib.h>

#include <Random123/philox.h>

static void fast_path_equals_the_gsl_adapter(void **state)
{
    (void)state;
    stream *r = stream_new();
    for (uint32_t seed = 0; seed < 3; seed++) {
        for (uint32_t trial = 0; trial < 50; trial++) {
            stream_set_trial(r, seed * 1000003u, trial);
            for (uint32_t e = 0; e < 20; e++) {
                uint32_t purpose = STREAM_LIFE + e % 6, k = e * 7;
                double fast = stream_uniform_at(r, e, purpose, k);
                gsl_rng *g = stream_at(r, e, purpose, k);
                double slow = stream_uniform(g), slow2 = stream_uniform(g);
                assert_memory_equal(&fast, &slow, sizeof fast);
                /* stream_uniform2_at: the stream's first two uniforms, from one block */
                double second = 0, first = stream_uniform2_at(r, e, purpose, k, &second);
                assert_memory_equal(&first, &slow, sizeof first);
                assert_memory_equal(&second, &slow2, sizeof second);
            }
        }
    }
    stream_free(r);
}

static void same_coordinates_same_number_others_differ(void **state)
{
    (void)state;
    stream *r = stream_new();
    stream_set_trial(r, 1, 7);
    double a = stream_uniform_at(r, 3, STREAM_FAILURE, 2);
    double other[] = {stream_uniform_at(r, 4, STREAM_FAILURE, 2), stream_uniform_at(r, 3, STREAM_FAILOVER, 2),
                      stream_uniform_at(r, 3, STREAM_FAILURE, 3)};
    stream_set_trial(r, 1, 8);
    double next_trial = stream_uniform_at(r, 3, STREAM_FAILURE, 2);
    stream_set_trial(r, 2, 7);
    double next_seed = stream_uniform_at(r, 3, STREAM_FAILURE, 2);
    stream_set_trial(r, 1, 7);
    assert_true(stream_uniform_at(r, 3, STREAM_FAILURE, 2) == a);
    for (int i = 0; i < 3; i++)
        assert_true(other[i] != a);
    assert_true(next_trial != a);
    assert_true(next_seed != a);
    stream_free(r);
}

/* A stream used through the adapter, as the samplers that need more than one uniform use it: its
 * first 2^17 uniforms lie strictly inside (0, 1) and are uniform (KS at 1e-4), and each is
 * independent of the next: the pairs (u_i, u_i+1) over an 8 x 8 grid pass a chi-square test of
 * uniformity at 1e-4 (63 degrees of freedom). (A stream that repeated a value, cycled, or
 * returned correlated neighbours fails one or the other.) */
static void adapter_stream_is_uniform_and_serially_independent(void **state)
{
    (void)state;
    enum { N = 1 << 17, G = 8 };
    double *u = malloc(N * sizeof *u);
    assert_non_null(u);
    stream *r = stream_new();
    stream_set_trial(r, 9, 9);
    gsl_rng *g = stream_at(r, 1, STREAM_TEST, 0);
    double count[G][G] = {{0}};
    for (int i = 0; i < N; i++) {
        u[i] = stream_uniform(g);
        assert_true(u[i] > 0 && u[i] < 1);
        if (i > 0) count[(int)(u[i - 1] * G)][(int)(u[i] * G)]++;
    }
    double chi2 = 0, e = (double)(N - 1) / (G * G);
    for (int a = 0; a < G; a++)
        for (int b = 0; b < G; b++)
            chi2 += (count[a][b] - e) * (count[a][b] - e) / e;
    double crit = gsl_cdf_chisq_Qinv(1e-4, G * G - 1);
    print_message("serial pairs: chi2 = %.1f (1e-4 point %.1f)\n", chi2, crit);
    assert_true(chi2 < crit);
    assert_true(ks_uniform_statistic(u, N) < ks_critical_one(N, 1e-4));
    free(u);
    stream_free(r);
}

/* Random123's known answers for Philox4x32-10 (its tests/kat_vectors: counter, key, output), so
 * that the generator under the streams is the published one, rounds and all. */
static void philox_gives_the_published_known_answers(void **state)
{
    (void)state;
    static const uint32_t kat[3][10] = {
        {0, 0, 0, 0, 0, 0, 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
        {0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0x408f276d,
         0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
        {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, 0xd16cfe09,
         0x94fdcceb, 0x5001e420, 0x24126ea1},
    };
    for (int i = 0; i < 3; i++) {
        philox4x32_ctr_t c = {{kat[i][0], kat[i][1], kat[i][2], kat[i][3]}};
        philox4x32_key_t k = {{kat[i][4], kat[i][5]}};
        philox4x32_ctr_t out = philox4x32(c, k);
        for (int w = 0; w < 4; w++)
            assert_int_equal(out.v[w], kat[i][6 + w]);
    }
}

/* The uniform of two 32-bit outputs a (first) and b: u = (m + 0.5) / 2^53 (stream.h), m the top
 * 27 bits of a, then the top 26 of b (stream.c). */
static double uniform_of(uint32_t a, uint32_t b)
{
    double m = (double)(a >> 5) * 67108864.0 + (double)(b >> 6);
    return (m + 0.5) / 9007199254740992.0;
}

/* Every number of the fast paths is the documented function of one Philox block, computed here
 * from Random123 directly: key (seed, trial), counter (entity, purpose, k, 0), block words handed
 * out from the last down. The first uniform from words 3 and 2, the second from 1 and 0; the index
 * floor(x n / 2^64) of x = words 1:0, and the uniform of x n mod 2^64. Over 20,000 coordinates
 * and index ranges of every size, to the last bit (a uniform with a bit less, or without its half
 * step, or an index by another map, differs somewhere). The all-zero known answer goes through
 * stream_uniform_at itself. */
static void uniforms_are_the_documented_function_of_the_block(void **state)
{
    (void)state;
    stream *r = stream_new();
    stream_set_trial(r, 0, 0);
    assert_true(stream_uniform_at(r, 0, 0, 0) == uniform_of(0x9b00dbd8, 0xbc57ac4c));
    static const uint32_t ranges[] = {1, 2, 3, 7, 64, 1000, 16384, 1u << 31, 3000000019u,
                                      UINT32_MAX};
    for (uint32_t i = 0; i < 20000; i++) {
        uint32_t seed = i * 2654435761u, trial = i / 7, entity = i % 13 == 0 ? STREAM_CLUSTER : i;
        uint32_t purpose = STREAM_LIFE + i % 5, k = i * 31u;
        stream_set_trial(r, seed, trial);
        philox4x32_ctr_t c = {{entity, purpose, k, 0}};
        philox4x32_key_t key = {{seed, trial}};
        philox4x32_ctr_t b = philox4x32(c, key);
        double first = uniform_of(b.v[3], b.v[2]), second = uniform_of(b.v[1], b.v[0]);
        assert_true(stream_uniform_at(r, entity, purpose, k) == first);
        double s2 = 0;
        assert_true(stream_uniform2_at(r, entity, purpose, k, &s2) == first);
        assert_true(s2 == second);
        uint32_t n = ranges[i % 10], index = 0;
        double rest = 0;
        assert_true(stream_uniform_index_at(r, entity, purpose, k, n, &index, &rest) == first);
        uint64_t x = (uint64_t)b.v[1] << 32 | b.v[0];
        unsigned __int128 xn = (unsigned __int128)x * n;
        uint64_t low = (uint64_t)xn;
        assert_int_equal(index, (uint32_t)(xn >> 64));
        assert_true(rest == uniform_of((uint32_t)(low >> 32), (uint32_t)low));
    }
    stream_free(r);
}

/* Strictly inside (0,1), and uniform: KS against the uniform law over 100,000 coordinates. */
static void uniforms_are_uniform_on_the_open_interval(void **state)
{
    (void)state;
    enum { N = 100000 };
    double *u = malloc(N * sizeof *u);
    stream *r = stream_new();
    stream_set_trial(r, 42, 0);
    for (uint32_t i = 0; i < N; i++) {
        u[i] = stream_uniform_at(r, i, STREAM_LIFE, 0);
        assert_true(u[i] > 0 && u[i] < 1);
    }
    assert_true(ks_uniform_statistic(u, N) < ks_critical_one(N, 1e-4));
    free(u);
    stream_free(r);
}

/* The uniform of stream_uniform_index_at is stream_uniform_at's; its index covers [0, n) evenly (chi-square
 * over 7 cells at 1e-4, 70,000 coordinates) and is 0 when n = 1. */
static void index_draws_are_uniform_over_their_range(void **state)
{
    (void)state;
    enum { N = 70000, CELLS = 7 };
    stream *r = stream_new();
    stream_set_trial(r, 43, 2);
    double count[CELLS] = {0};
    for (uint32_t k = 0; k < N; k++) {
        uint32_t i = UINT32_MAX, one = UINT32_MAX;
        double u = stream_uniform_index_at(r, STREAM_CLUSTER, STREAM_LIFE, k, CELLS, &i, NULL);
        assert_true(u == stream_uniform_at(r, STREAM_CLUSTER, STREAM_LIFE, k));
        assert_true(i < CELLS);
        count[i]++;
        stream_uniform_index_at(r, STREAM_CLUSTER, STREAM_LIFE, k, 1, &one, NULL);
        assert_int_equal(one, 0);
    }
    double chi2 = 0, e = (double)N / CELLS;
    for (int c = 0; c < CELLS; c++)
        chi2 += (count[c] - e) * (count[c] - e) / e;
    assert_true(chi2 < 27.86); /* chi-square, 6 degrees of freedom, upper 1e-4 point */
    stream_free(r);
}

/* What the index leaves over is a second uniform, independent of the index: for a small, a
 * power-of-two and a huge range, the index (in 7 bands) against the second uniform (in 5 bands)
 * passes a chi-square test of independence, and the second uniform a KS test, both at 1e-4 over
 * 70,000 coordinates; it lies strictly inside (0,1). */
static void index_rest_is_a_uniform_independent_of_the_index(void **state)
{
    (void)state;
    enum { N = 70000, BI = 7, BU = 5 };
    static const uint32_t ranges[] = {7, 16384, 3000000019u};
    stream *r = stream_new();
    stream_set_trial(r, 44, 3);
    double *u = malloc(N * sizeof *u);
    assert_non_null(u);
    for (int t = 0; t < 3; t++) {
        uint32_t n = ranges[t];
        double count[BI][BU] = {{0}}, row[BI] = {0}, col[BU] = {0};
        for (uint32_t k = 0; k < N; k++) {
            uint32_t i = UINT32_MAX;
            double rest = -1;
            stream_uniform_index_at(r, STREAM_CLUSTER, STREAM_LIFE, k + (uint32_t)t * N, n, &i, &rest);
            assert_true(i < n);
            assert_true(rest > 0 && rest < 1);
            u[k] = rest;
            int bi = (int)((uint64_t)i * BI / n), bu = (int)(rest * BU);
            count[bi][bu]++;
            row[bi]++;
            col[bu]++;
        }
        double chi2 = 0;
        for (int a = 0; a < BI; a++)
            for (int b = 0; b < BU; b++) {
                double e = row[a] * col[b] / N;
                chi2 += (count[a][b] - e) * (count[a][b] - e) / e;
            }
        double crit = gsl_cdf_chisq_Qinv(1e-4, (BI - 1) * (BU - 1));
        print_message("range %u: independence chi2 = %.2f (1e-4 point %.2f)\n", n, chi2, crit);
        assert_true(chi2 < crit);
        assert_true(ks_uniform_statistic(u, N) < ks_critical_one(N, 1e-4));
    }
    free(u);
    stream_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fast_path_equals_the_gsl_adapter),
        cmocka_unit_test(same_coordinates_same_number_others_differ),
        cmocka_unit_test(adapter_stream_is_uniform_and_serially_independent),
        cmocka_unit_test(philox_gives_the_published_known_answers),
        cmocka_unit_test(uniforms_are_the_documented_function_of_the_block),
        cmocka_unit_test(uniforms_are_uniform_on_the_open_interval),
        cmocka_unit_test(index_draws_are_uniform_over_their_range),
        cmocka_unit_test(index_rest_is_a_uniform_independent_of_the_index),
    };
    return cmocka_run_group_tests_name("stream", tests, NULL, NULL);
}
