/* The distributions behind the tests' p-values and intervals: the normal
 * quantile (AS241) and the chi-square upper tail (finite sums), against
 * mpmath at 50 digits: ncdf / findroot for the quantile,
 * gammainc(df/2, x/2, inf, regularized=True) for the tail. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>

#include "assert_close.h"
#include "stats/chi_square.h"
#include "stats/normal.h"

static void normal_quantile_matches_mpmath(void **state)
{
    (void)state;
    /* Each region of AS241: central (|p - 1/2| <= 0.425), intermediate
     * (r <= 5) and far tail. mpmath.findroot(lambda x: ncdf(x) - mpf(p), x0)
     * with p the double nearest the decimal (0.999999 is 1 - 1.0000000000288e-6). */
    const double cases[][2] = {
        {0.5, 0.0},
        {0.3, -0.52440051270804082},
        {0.9, 1.2815515655446006},
        {0.975, 1.9599639845400539},
        {0.02425, -1.9729610513118848},
        {0.001, -3.0902323061678135},
        {0.999999, 4.7534243088170878},
        {1e-20, -9.2623400897984076},
        {1e-300, -37.047096299361199},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_close(rti_normal_quantile(cases[i][0]), cases[i][1], 1e-15, 1e-16);
}

static void normal_tails_invert_the_quantile(void **state)
{
    (void)state;
    /* Second method: Phi(quantile(p)) = p, and the upper tail is 1 - Phi. */
    const double ps[] = {1e-12, 0.01, 0.2, 0.5, 0.77, 0.99};
    for (size_t i = 0; i < sizeof ps / sizeof ps[0]; i++) {
        double x = rti_normal_quantile(ps[i]);
        assert_close(rti_normal_cdf(x), ps[i], 1e-14, 0);
        assert_close(rti_normal_upper(-x), ps[i], 1e-14, 0);
    }
}

static void chi_square_tail_matches_mpmath(void **state)
{
    (void)state;
    const struct {
        double x;
        uint32_t df;
        double upper;
    } cases[] = {
        {3.5, 2, 0.17377394345044513},
        {7.8, 3, 0.050331097859853355},
        {10.0, 4, 0.040427681994512803},
        {0.3, 5, 0.99764308626052886},
        {25.0, 10, 0.0053455054871340643},
        {60.0, 50, 0.15724202723839160},
        {1500.0, 2000, 0.99999999999999999785},  /* e^-750 underflows: log-space terms */
        {900.0, 1, 9.8134278542963741e-198},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_close(rti_chi_square_upper(cases[i].x, cases[i].df), cases[i].upper, 1e-13, 0);
    assert_true(rti_chi_square_upper(0.0, 3) == 1.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(normal_quantile_matches_mpmath),
        cmocka_unit_test(normal_tails_invert_the_quantile),
        cmocka_unit_test(chi_square_tail_matches_mpmath),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
