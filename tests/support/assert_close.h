/* assert_close(): cmocka 1.1.5 has no double comparison (its
 * assert_float_equal casts to float). Passes when |actual - expected| <=
 * max(abs_tol, rel_tol * |expected|); prints both with %.17g otherwise. */
#ifndef ASSERT_CLOSE_H
#define ASSERT_CLOSE_H

#include <math.h>

#define assert_close(actual, expected, rel_tol, abs_tol)                        \
    do {                                                                        \
        double ac_a_ = (actual), ac_e_ = (expected);                            \
        double ac_tol_ = fmax((abs_tol), (rel_tol) * fabs(ac_e_));              \
        if (!(fabs(ac_a_ - ac_e_) <= ac_tol_))                                  \
            fail_msg("%s = %.17g, expected %.17g (tolerance %.3g)", #actual,    \
                     ac_a_, ac_e_, ac_tol_);                                    \
    } while (0)

#endif /* ASSERT_CLOSE_H */
