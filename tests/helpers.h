/* Shared by every cmocka test: the includes cmocka needs, and assert_near for
 * doubles (cmocka 1.1's assert_float_equal casts to float). */
#ifndef REGIONSIM_TESTS_HELPERS_H
#define REGIONSIM_TESTS_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <cmocka.h>

#include <gsl/gsl_rng.h>

#define assert_near(a, b, tol)                                                                     \
    do {                                                                                           \
        double a_ = (double)(a), b_ = (double)(b), t_ = (double)(tol);                             \
        if (!(fabs(a_ - b_) <= t_))                                                                \
            fail_msg("assert_near: %s = %.9g, %s = %.9g, |diff| %.3g > tol %.3g", #a, a_, #b, b_,  \
                     fabs(a_ - b_), t_);                                                           \
    } while (0)

/* A plain mt19937 seeded with seed, for tests that feed a model a stream
 * directly (the product derives its streams with sim_rng_new). */
static inline gsl_rng *test_rng(unsigned long seed)
{
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, seed);
    return g;
}

#endif
