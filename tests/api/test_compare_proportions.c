/* Proportions for A/B comparisons: Wilson intervals, the two-proportion z
 * test, sample size and minimum detectable rate, against R (4.2.2, stats
 * package; each value printed with options(digits = 17) by the command in
 * its comment) and against hand / mpmath computations. */
#define RT_EXPERIMENTAL  /* the experimental tier is tested too */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "assert_close.h"
#include "retention.h"

/* R agrees to rounding; the tolerance leaves room for erfc and qnorm
 * implementations differing in the last bits. */
#define R_REL 1e-12

static void wilson_matches_r(void **state)
{
    (void)state;
    double lo, hi;
    /* prop.test(15, 40, correct = FALSE)$conf.int */
    assert_int_equal(rt_proportion_wilson(15, 40, 0.95, &lo, &hi), RT_OK);
    assert_close(lo, 0.24222979167233277, R_REL, 0);
    assert_close(hi, 0.52967560862698893, R_REL, 0);
    /* prop.test(0, 20, correct = FALSE)$conf.int: lower exactly 0 */
    assert_int_equal(rt_proportion_wilson(0, 20, 0.95, &lo, &hi), RT_OK);
    assert_true(lo == 0.0);
    assert_close(hi, 0.16112515805281930, R_REL, 0);
    /* prop.test(20, 20, correct = FALSE)$conf.int: upper exactly 1 */
    assert_int_equal(rt_proportion_wilson(20, 20, 0.95, &lo, &hi), RT_OK);
    assert_close(lo, 0.83887484194718065, R_REL, 0);
    assert_true(hi == 1.0);
    /* prop.test(81, 263, correct = FALSE, conf.level = 0.90)$conf.int */
    assert_int_equal(rt_proportion_wilson(81, 263, 0.90, &lo, &hi), RT_OK);
    assert_close(lo, 0.26331361718848145, R_REL, 0);
    assert_close(hi, 0.35656634960848815, R_REL, 0);
}

static void wilson_by_hand(void **state)
{
    (void)state;
    double lo, hi;
    /* x = 0: the upper end reduces to z^2 / (n + z^2); z = 1.95996398454005423...
     * (mpmath sqrt(2) erfinv(0.95)) gives 3.8414588 / 13.8414588 for n = 10:
     * 0.27753279986288925 (mpmath, 50 digits). */
    assert_int_equal(rt_proportion_wilson(0, 10, 0.95, &lo, &hi), RT_OK);
    assert_close(hi, 0.27753279986288925, 1e-14, 0);
    /* x = n / 2: the interval is symmetric about 1/2. */
    assert_int_equal(rt_proportion_wilson(50, 100, 0.95, &lo, &hi), RT_OK);
    assert_close(lo + hi, 1.0, 1e-15, 0);
}

static void wilson_rejects_bad_input(void **state)
{
    (void)state;
    double lo = -7.0, hi = -7.0;
    assert_int_equal(rt_proportion_wilson(5, 4, 0.95, &lo, &hi), RT_EINVAL);
    assert_int_equal(rt_proportion_wilson(1, 4, 1.0, &lo, &hi), RT_EINVAL);
    assert_int_equal(rt_proportion_wilson(1, 4, 0.0, &lo, &hi), RT_EINVAL);
    assert_int_equal(rt_proportion_wilson(1, 4, (double)NAN, &lo, &hi), RT_EINVAL);
    assert_int_equal(rt_proportion_wilson(1, 4, (double)INFINITY, &lo, &hi), RT_EINVAL);
    assert_int_equal(rt_proportion_wilson(1, 4, 0.95, NULL, &hi), RT_EINVAL);
    assert_int_equal(rt_proportion_wilson(1, 4, 0.95, &lo, NULL), RT_EINVAL);
    assert_int_equal(rt_proportion_wilson(0, 0, 0.95, &lo, &hi), RT_EUNDEFINED);
    assert_non_null(strstr(rt_last_error_message(), "rt_proportion_wilson"));
    assert_true(lo == -7.0 && hi == -7.0);
}

static rt_proportion_test_result compare_two(uint64_t xa, uint64_t na, uint64_t xb, uint64_t nb,
                                          double confidence)
{
    rt_proportion_test_result r;
    assert_int_equal(rt_proportion_test_result_init(&r, sizeof r), RT_OK);
    assert_int_equal(rt_proportion_test(xa, na, xb, nb, confidence, &r), RT_OK);
    return r;
}

static void two_proportions_match_r(void **state)
{
    (void)state;
    /* r <- prop.test(c(120, 100), c(1000, 1000), correct = FALSE):
     * X-squared 2.0429009193054135, p 0.15291778186394570,
     * conf.int of p1 - p2 [-0.0074114819980199385, 0.047411481998019922];
     * group b = 120 / 1000 (R's p1), group a = 100 / 1000. */
    rt_proportion_test_result r = compare_two(100, 1000, 120, 1000, 0.95);
    assert_close(r.chi_square, 2.0429009193054135, R_REL, 0);
    assert_close(r.z, sqrt(2.0429009193054135), R_REL, 0);  /* b above a: z > 0 */
    assert_close(r.p_value, 0.15291778186394570, R_REL, 0);
    assert_close(r.difference, 0.02, 1e-15, 0);
    assert_close(r.difference_lower, -0.0074114819980199385, R_REL, 0);
    assert_close(r.difference_upper, 0.047411481998019922, R_REL, 0);
    /* prop.test(120, 1000, correct = FALSE)$conf.int and the same for 100 */
    assert_close(r.rate_b_lower, 0.10129926060130914, R_REL, 0);
    assert_close(r.rate_b_upper, 0.14160907584771276, R_REL, 0);
    assert_close(r.rate_a_lower, 0.082909443593095711, R_REL, 0);
    assert_close(r.rate_a_upper, 0.120151963195348391, R_REL, 0);
    assert_true(r.successes_a == 100 && r.trials_a == 1000 && r.successes_b == 120 &&
                r.trials_b == 1000);
    assert_close(r.rate_a, 0.1, 1e-15, 0);
    assert_close(r.rate_b, 0.12, 1e-15, 0);

    /* prop.test(c(45, 30), c(210, 190), correct = FALSE): X-squared
     * 2.0821283979178715, p 0.14903224358393460, conf.int
     * [-0.019557557135409520, 0.13233951202262756] */
    r = compare_two(30, 190, 45, 210, 0.95);
    assert_close(r.chi_square, 2.0821283979178715, R_REL, 0);
    assert_close(r.p_value, 0.14903224358393460, R_REL, 0);
    assert_close(r.difference_lower, -0.019557557135409520, R_REL, 0);
    assert_close(r.difference_upper, 0.13233951202262756, R_REL, 0);

    /* prop.test(c(7, 15), c(50, 48), correct = FALSE, conf.level = 0.99):
     * X-squared 4.1858074162679424, p 0.040763790871230679, conf.int
     * [-0.38621485848351023, 0.041214858483510225]; b = 7 / 50 is below a. */
    r = compare_two(15, 48, 7, 50, 0.99);
    assert_close(r.chi_square, 4.1858074162679424, R_REL, 0);
    assert_close(r.z, -sqrt(4.1858074162679424), R_REL, 0);
    assert_close(r.p_value, 0.040763790871230679, R_REL, 0);
    assert_close(r.difference_lower, -0.38621485848351023, R_REL, 0);
    assert_close(r.difference_upper, 0.041214858483510225, R_REL, 0);
}

static void two_proportions_by_hand(void **state)
{
    (void)state;
    /* 30 / 100 against 45 / 100: pooled p = 0.375, se = sqrt(0.375 * 0.625 *
     * 0.02) = 0.068465; z = 0.15 / se = 2.1908902300206645 and z^2 = 4.8
     * exactly (by hand: 0.15^2 / 0.0046875 = 0.0225 / 0.0046875); p =
     * erfc(z / sqrt 2) = 0.028459736916310577 (mpmath, 50 digits). */
    rt_proportion_test_result r = compare_two(30, 100, 45, 100, 0.95);
    assert_close(r.z, 2.1908902300206645, 1e-14, 0);
    assert_close(r.chi_square, 4.8, 1e-14, 0);
    assert_close(r.p_value, 0.028459736916310577, 1e-13, 0);
    /* Swapping the groups flips the sign of z and the difference only. */
    rt_proportion_test_result s = compare_two(45, 100, 30, 100, 0.95);
    assert_close(s.z, -r.z, 1e-15, 0);
    assert_close(s.difference_lower, -r.difference_upper, 1e-15, 0);
    assert_close(s.p_value, r.p_value, 1e-15, 0);
}

static void two_proportions_clip_the_difference(void **state)
{
    (void)state;
    /* 0 / 5 against 5 / 5: the Wald interval of the difference, 1 +- 0, is at
     * most 1; the Wilson intervals are exact at the edges. z^2 = 10 (pooled
     * 1/2: 1 / (0.25 * 0.4) by hand). */
    rt_proportion_test_result r = compare_two(0, 5, 5, 5, 0.95);
    assert_true(r.difference_upper == 1.0);
    assert_true(r.rate_a_lower == 0.0 && r.rate_b_upper == 1.0);
    assert_close(r.chi_square, 10.0, 1e-14, 0);
}

static void two_proportions_degenerate_and_bad(void **state)
{
    (void)state;
    rt_proportion_test_result r, before;
    rt_proportion_test_result_init(&r, sizeof r);
    r.z = 42.0;
    before = r;
    /* No variation at all: z is 0 / 0. */
    assert_int_equal(rt_proportion_test(0, 10, 0, 20, 0.95, &r), RT_EUNDEFINED);
    assert_int_equal(rt_proportion_test(10, 10, 20, 20, 0.95, &r), RT_EUNDEFINED);
    assert_int_equal(rt_proportion_test(0, 0, 3, 20, 0.95, &r), RT_EUNDEFINED);
    assert_int_equal(rt_proportion_test(3, 20, 0, 0, 0.95, &r), RT_EUNDEFINED);
    assert_int_equal(rt_proportion_test(11, 10, 3, 20, 0.95, &r), RT_EINVAL);
    assert_int_equal(rt_proportion_test(1, 10, 21, 20, 0.95, &r), RT_EINVAL);
    assert_int_equal(rt_proportion_test(1, 10, 3, 20, (double)NAN, &r), RT_EINVAL);
    assert_int_equal(rt_proportion_test(1, 10, 3, 20, -0.5, &r), RT_EINVAL);
    assert_int_equal(rt_proportion_test(1, 10, 3, 20, 0.95, NULL), RT_EINVAL);
    assert_non_null(strstr(rt_last_error_message(), "rt_proportion_test"));
    assert_memory_equal(&r, &before, sizeof r);
    /* A struct smaller than the 1.0 layout is refused... */
    r.size = offsetof(rt_proportion_test_result, p_value);
    assert_int_equal(rt_proportion_test(1, 10, 3, 20, 0.95, &r), RT_EINVAL);
    assert_int_equal(rt_proportion_test_result_init(NULL, sizeof r), RT_EINVAL);
    assert_int_equal(rt_proportion_test_result_init(&r, 1), RT_EINVAL);
}

static void two_proportions_larger_struct(void **state)
{
    (void)state;
    /* ...a larger one (a newer caller) gets the known fields, the rest untouched. */
    struct {
        rt_proportion_test_result r;
        double newer;
    } big;
    rt_proportion_test_result_init(&big.r, sizeof big);
    big.newer = 99.0;
    assert_int_equal(rt_proportion_test(30, 100, 45, 100, 0.95, &big.r), RT_OK);
    assert_true(big.r.size == sizeof big);
    assert_close(big.r.chi_square, 4.8, 1e-14, 0);  /* by hand, as above */
    assert_true(big.newer == 99.0);
}

static void sample_size_matches_r(void **state)
{
    (void)state;
    double n = 0.0;
    /* power.prop.test(p1 = .5, p2 = .75, power = .9, tol = 1e-12)$n; also the
     * closed form ((z_.975 sqrt(2 * .625 * .375) + z_.9 sqrt(.25 + .1875)) /
     * .25)^2 = 76.706928451777447 (mpmath, 50 digits). */
    assert_int_equal(rt_proportion_sample_size(0.5, 0.75, 0.05, 0.9, &n), RT_OK);
    assert_close(n, 76.706928451777443, 1e-12, 0);
    /* power.prop.test(p1 = .20, p2 = .22, sig.level = .05, power = .8, tol = 1e-12)$n */
    assert_int_equal(rt_proportion_sample_size(0.20, 0.22, 0.05, 0.8, &n), RT_OK);
    assert_close(n, 6509.4666785137188, 1e-12, 0);
    /* power.prop.test(p1 = .40, p2 = .30, sig.level = .01, power = .95, tol = 1e-12)$n:
     * a decrease needs the same sample as the increase would */
    assert_int_equal(rt_proportion_sample_size(0.40, 0.30, 0.01, 0.95, &n), RT_OK);
    assert_close(n, 807.06742531422685, 1e-12, 0);
    double swapped;
    assert_int_equal(rt_proportion_sample_size(0.30, 0.40, 0.01, 0.95, &swapped), RT_OK);
    assert_close(swapped, n, 1e-14, 0);
}

static void sample_size_degenerate_and_bad(void **state)
{
    (void)state;
    double n = -1.0;
    assert_int_equal(rt_proportion_sample_size(0.3, 0.3, 0.05, 0.8, &n), RT_EUNDEFINED);
    /* power 0.01: z_power = -2.33 outweighs z_alpha; no positive n (R's
     * uniroot on [1, 1e7] finds no root either). */
    assert_int_equal(rt_proportion_sample_size(0.3, 0.5, 0.05, 0.01, &n), RT_EUNDEFINED);
    assert_int_equal(rt_proportion_sample_size(-0.1, 0.5, 0.05, 0.8, &n), RT_EINVAL);
    assert_int_equal(rt_proportion_sample_size(0.1, 1.5, 0.05, 0.8, &n), RT_EINVAL);
    assert_int_equal(rt_proportion_sample_size((double)NAN, 0.5, 0.05, 0.8, &n), RT_EINVAL);
    assert_int_equal(rt_proportion_sample_size(0.1, 0.5, 0.0, 0.8, &n), RT_EINVAL);
    assert_int_equal(rt_proportion_sample_size(0.1, 0.5, 0.05, 1.0, &n), RT_EINVAL);
    assert_int_equal(rt_proportion_sample_size(0.1, 0.5, 0.05, (double)INFINITY, &n), RT_EINVAL);
    assert_int_equal(rt_proportion_sample_size(0.1, 0.5, 0.05, 0.8, NULL), RT_EINVAL);
    assert_non_null(strstr(rt_last_error_message(), "rt_proportion_sample_size"));
    assert_true(n == -1.0);
}

static void detectable_rate_matches_r(void **state)
{
    (void)state;
    double p2 = 0.0;
    /* power.prop.test(n = 50, p1 = .5, power = .9, tol = 1e-12)$p2 */
    assert_int_equal(rt_proportion_detectable_rate(0.5, 50, 0.05, 0.9, &p2), RT_OK);
    assert_close(p2, 0.80263058170389467, 0, 1e-11);
    /* power.prop.test(n = 5000, p1 = .2, power = .8, tol = 1e-12)$p2 */
    assert_int_equal(rt_proportion_detectable_rate(0.2, 5000, 0.05, 0.8, &p2), RT_OK);
    assert_close(p2, 0.22287664416861244, 0, 1e-11);
    /* power.prop.test(n = 300, p1 = .3, sig.level = .1, power = .85, tol = 1e-12)$p2 */
    assert_int_equal(rt_proportion_detectable_rate(0.3, 300, 0.1, 0.85, &p2), RT_OK);
    assert_close(p2, 0.4043271414520529, 0, 1e-11);
}

static void detectable_rate_inverts_sample_size(void **state)
{
    (void)state;
    /* Second method: the sample size for (p_a, p_b) detects exactly p_b. */
    const double cases[][4] = {{0.1, 0.13, 0.05, 0.8}, {0.45, 0.5, 0.01, 0.9},
                               {0.0, 0.02, 0.05, 0.8}, {0.7, 0.95, 0.2, 0.6}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double n, p2;
        assert_int_equal(rt_proportion_sample_size(cases[i][0], cases[i][1], cases[i][2],
                                                   cases[i][3], &n), RT_OK);
        assert_int_equal(rt_proportion_detectable_rate(cases[i][0], n, cases[i][2],
                                                       cases[i][3], &p2), RT_OK);
        assert_close(p2, cases[i][1], 0, 1e-11);
    }
}

static void detectable_rate_degenerate_and_bad(void **state)
{
    (void)state;
    double p2 = -1.0;
    /* power.prop.test(n = 3, p1 = .5, power = .9) needs p2 = 1.19 > 1 (R warns). */
    assert_int_equal(rt_proportion_detectable_rate(0.5, 3, 0.05, 0.9, &p2), RT_EUNDEFINED);
    /* power 0.02 <= alpha / 2: reached with no effect at all */
    assert_int_equal(rt_proportion_detectable_rate(0.5, 100, 0.05, 0.02, &p2), RT_EUNDEFINED);
    assert_int_equal(rt_proportion_detectable_rate(1.0, 100, 0.05, 0.8, &p2), RT_EINVAL);
    assert_int_equal(rt_proportion_detectable_rate(-0.2, 100, 0.05, 0.8, &p2), RT_EINVAL);
    assert_int_equal(rt_proportion_detectable_rate(0.2, 0, 0.05, 0.8, &p2), RT_EINVAL);
    assert_int_equal(rt_proportion_detectable_rate(0.2, (double)INFINITY, 0.05, 0.8, &p2), RT_EINVAL);
    assert_int_equal(rt_proportion_detectable_rate(0.2, (double)NAN, 0.05, 0.8, &p2), RT_EINVAL);
    assert_int_equal(rt_proportion_detectable_rate(0.2, 100, 1.5, 0.8, &p2), RT_EINVAL);
    assert_int_equal(rt_proportion_detectable_rate(0.2, 100, 0.05, 0.8, NULL), RT_EINVAL);
    assert_non_null(strstr(rt_last_error_message(), "rt_proportion_detectable_rate"));
    assert_true(p2 == -1.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wilson_matches_r),
        cmocka_unit_test(wilson_by_hand),
        cmocka_unit_test(wilson_rejects_bad_input),
        cmocka_unit_test(two_proportions_match_r),
        cmocka_unit_test(two_proportions_by_hand),
        cmocka_unit_test(two_proportions_clip_the_difference),
        cmocka_unit_test(two_proportions_degenerate_and_bad),
        cmocka_unit_test(two_proportions_larger_struct),
        cmocka_unit_test(sample_size_matches_r),
        cmocka_unit_test(sample_size_degenerate_and_bad),
        cmocka_unit_test(detectable_rate_matches_r),
        cmocka_unit_test(detectable_rate_inverts_sample_size),
        cmocka_unit_test(detectable_rate_degenerate_and_bad),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
