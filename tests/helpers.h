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

#define assert_near(a, b, tol)                                                                     \
    do {                                                                                           \
        double a_ = (double)(a), b_ = (double)(b), t_ = (double)(tol);                             \
        if (!(fabs(a_ - b_) <= t_))                                                                \
            fail_msg("assert_near: %s = %.9g, %s = %.9g, |diff| %.3g > tol %.3g", #a, a_, #b, b_,  \
                     fabs(a_ - b_), t_);                                                           \
    } while (0)

#endif
