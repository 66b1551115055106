/* Fast random bits for the per-request path: xoshiro256** (Blackman & Vigna
 * 2018), seeded from a component's GSL stream, so each component's draws
 * still derive from (seed, replication, component name) alone. A draw is a
 * few ns where a GSL mt19937 call is ~13 ns: requests need several each.
 * Invariant: the state is never all zero. */
#ifndef REGIONSIM_MODELS_PRNG_H
#define REGIONSIM_MODELS_PRNG_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

struct prng {
    uint64_t s[4];
};

static inline uint64_t prng_rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

/* Seeds p from 256 bits of `from` (32 bits per gsl_rng_get). */
static inline void prng_seed(struct prng *p, gsl_rng *from)
{
    uint64_t any = 0;
    for (int i = 0; i < 4; i++) {
        uint64_t hi = gsl_rng_get(from) & 0xffffffffu, lo = gsl_rng_get(from) & 0xffffffffu;
        p->s[i] = hi << 32 | lo;
        any |= p->s[i];
    }
    if (!any)
        p->s[0] = 0x9e3779b97f4a7c15u;
}

static inline uint64_t prng_next(struct prng *p)
{
    uint64_t *s = p->s;
    uint64_t r = prng_rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = prng_rotl(s[3], 45);
    return r;
}

/* Uniform on [0, 1) with 53 bits. */
static inline double prng_uniform(struct prng *p)
{
    return (double)(prng_next(p) >> 11) * 0x1.0p-53;
}

/* Uniform integer in [0, n), n < 2^32 (multiply-shift of 32 high bits). */
static inline uint32_t prng_below(struct prng *p, uint32_t n)
{
    return (uint32_t)(((prng_next(p) >> 32) * (uint64_t)n) >> 32);
}

#endif
