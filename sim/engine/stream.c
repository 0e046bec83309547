/*
 * stream: Philox4x32-10 streams through Random123's GSL adapter (see stream.h).
 *
 * GSL_MICRORNG defines a gsl_rng type whose state is (counter, key, call count); we reuse its
 * state and its 32-bit get, and give the type a get_double with 53 bits, so that GSL (and our
 * samplers) see uniforms strictly inside (0,1).
 */
#include "sim/engine/stream.h"

#include <stdlib.h>

#include <Random123/philox.h>
#include <Random123/gsl_microrng.h>

/* The adapter's own code narrows integers implicitly; that is Random123's business, not ours. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
GSL_MICRORNG(stream_philox, philox4x32);
#pragma GCC diagnostic pop

/* 53 random bits from two 32-bit outputs, offset by half a step: never 0, never 1. */
static inline double to_uniform(uint32_t hi, uint32_t lo)
{
    double u =
        ((double)(hi >> 5) * 67108864.0 + (double)(lo >> 6) + 0.5) * (1.0 / 9007199254740992.0);
    /* the top value, (2^53 - 0.5) / 2^53, rounds to 1: the largest double below 1 instead */
    return u < 1.0 ? u : 0x1.fffffffffffffp-1;
}

static double stream_philox_get_double53(void *state)
{
    uint32_t a = (uint32_t)stream_philox_get(state);
    uint32_t b = (uint32_t)stream_philox_get(state);
    return to_uniform(a, b);
}

static const gsl_rng_type stream_type = {
    "philox4x32-53",         0xffffffffUL,   0,
    sizeof(stream_philox_state), &stream_philox_set, &stream_philox_get,
    &stream_philox_get_double53,
};

struct stream {
    gsl_rng *g;
    philox4x32_key_t key;
};

stream *stream_new(void)
{
    stream *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->g = gsl_rng_alloc(&stream_type);
    if (!r->g) {
        free(r);
        return NULL;
    }
    return r;
}

void stream_free(stream *r)
{
    if (!r) return;
    gsl_rng_free(r->g);
    free(r);
}

void stream_set_trial(stream *r, uint32_t seed, uint32_t trial)
{
    r->key.v[0] = seed;
    r->key.v[1] = trial;
}

gsl_rng *stream_at(stream *r, uint32_t entity, uint32_t purpose, uint32_t k)
{
    philox4x32_ctr_t c = {{entity, purpose, k, 0}};
    stream_philox_reset(r->g, c, r->key);
    return r->g;
}

double stream_uniform(gsl_rng *g)
{
    return gsl_rng_uniform(g);
}

/* The first block of stream (entity, purpose, k): what the adapter computes on its first call
 * and hands out from the last word down, v[3], then v[2], ... */
static inline philox4x32_ctr_t block_at(const stream *r, uint32_t entity, uint32_t purpose, uint32_t k)
{
    philox4x32_ctr_t c = {{entity, purpose, k, 0}};
    return philox4x32(c, r->key);
}

double stream_uniform_at(const stream *r, uint32_t entity, uint32_t purpose, uint32_t k)
{
    philox4x32_ctr_t out = block_at(r, entity, purpose, k);
    return to_uniform(out.v[3], out.v[2]);
}

double stream_uniform2_at(const stream *r, uint32_t entity, uint32_t purpose, uint32_t k, double *second)
{
    philox4x32_ctr_t out = block_at(r, entity, purpose, k);
    *second = to_uniform(out.v[1], out.v[0]);
    return to_uniform(out.v[3], out.v[2]);
}

double stream_uniform_index_at(const stream *r, uint32_t entity, uint32_t purpose, uint32_t k, uint32_t n,
                           uint32_t *index, double *rest)
{
    philox4x32_ctr_t out = block_at(r, entity, purpose, k);
    uint64_t x = (uint64_t)out.v[1] << 32 | out.v[0];
    unsigned __int128 xn = (unsigned __int128)x * n;
    *index = (uint32_t)(xn >> 64);
    if (rest) {
        uint64_t low = (uint64_t)xn;
        *rest = to_uniform((uint32_t)(low >> 32), (uint32_t)low);
    }
    return to_uniform(out.v[3], out.v[2]);
}
