/* The CLV fits at the edges: the Gamma-Gamma log-likelihood at large
 * parameters, fits whose optimum runs off to a boundary (a limiting model),
 * and the iteration caps of every fit. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "assert_close.h"
#include "retention.h"
#include "testdata.h"

/* ln f(m | p, q, gamma, x) against 50-digit mpmath of the textbook formula
 *   lnG(px+q) - lnG(px) - lnG(q) + q ln g + px ln(xm) - ln m - (px+q) ln(g+xm)
 * (mpmath.loggamma at mp.dps = 50, the double inputs converted exactly);
 * the first two are issue 16's, where the closed form in doubles gave
 * -32768 and 16.0, and the fifth and sixth lost 2e-11 and 3e-7. */
static void gamma_gamma_log_likelihood_at_large_parameters(void **state)
{
    (void)state;
    static const struct {
        double params[3];
        uint64_t x;
        double m, want;
    } cases[] = {
        {{1e15, 1e19, 1e5}, 3, 10.0, 14.597020738086180035},
        {{1e12, 1e15, 1e4}, 3, 10.0, 11.141795321609683507},
        {{6.25, 3.74, 15.44}, 2, 22.35, -3.5513167597317047066},   /* CDNOW-like */
        {{50.0, 2e4, 3e5}, 7, 12.5, -1086.4349710079752107},        /* q large, px moderate */
        {{2.0, 5e4, 1e6}, 1, 30.0, -4.0902846651958318197},         /* q large, px small */
        {{1e9, 3.0, 1e-7}, 4, 2.5, -30.542799379342290975},         /* px large, q small */
        {{20.0, 30.0, 400.0}, 3, 7.0, -125.50562038256323922},      /* moderate */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double ll;
        assert_int_equal(rt_gamma_gamma_log_likelihood(cases[i].params, &cases[i].x,
                                                       &cases[i].m, 1, &ll), RT_OK);
        assert_close(ll, cases[i].want, 1e-14, 0.0);  /* measured: <= 1.9e-15 */
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(gamma_gamma_log_likelihood_at_large_parameters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
