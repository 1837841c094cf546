/* The lifetime-value models at the extremes of their documented domain
 * (parameters finite and > 0), where fuzz_api found wrong numbers with
 * RT_OK; each input is also in fuzz/corpus/api/. The expected values are
 * worked out by hand from the models' formulas in their limits. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdint.h>

#include "assert_close.h"
#include "retention.h"

static void sbg_survival_for_huge_alpha(void **state)
{
    (void)state;
    const double p[2] = {4e161, 1.75};
    double s, r;
    /* S(1) = beta / (alpha + beta) = 1.75 / 4e161 = 4.375e-162 (was 1). */
    assert_int_equal(rt_sbg_survival(p, 1, &s), RT_OK);
    assert_close(s, 4.375e-162, 1e-12, 0.0);
    /* S(2) = S(1) (beta + 1) / (alpha + beta + 1), the rate of period 2. */
    assert_int_equal(rt_sbg_retention_rate(p, 2, &r), RT_OK);
    assert_int_equal(rt_sbg_survival(p, 2, &s), RT_OK);
    assert_close(s, 4.375e-162 * 2.75 / 4e161, 1e-12, 0.0);
    assert_close(r, 2.75 / 4e161, 1e-12, 0.0);
}

static void sbg_likelihood_for_tiny_beta(void **state)
{
    (void)state;
    /* One cohort of 1000, 500 left after a period: 500 ln P(T = 1) +
     * 500 ln S(1), P(T = 1) = alpha / (alpha + beta) = 1 and S(1) =
     * beta / (alpha + beta) = beta: 500 ln(1e-320) = -368413.620445487
     * (Python's math.log of the double 1e-320; was +inf). */
    const double p[2] = {1.0, 1e-320};
    const uint64_t survivors[2] = {1000, 500};
    const size_t lengths[1] = {2};
    double ll, r;
    assert_int_equal(rt_sbg_log_likelihood(p, survivors, lengths, 1, &ll), RT_OK);
    assert_close(ll, -368413.620445487, 1e-12, 0.0);
    /* r(1) = beta / (alpha + beta), not 0. */
    assert_int_equal(rt_sbg_retention_rate(p, 1, &r), RT_OK);
    assert_close(r, 1e-320, 1e-9, 0.0);
}

static void bgnbd_probability_for_tiny_b(void **state)
{
    (void)state;
    /* b -> 0: the dropout probability is 1, everyone leaves after a
     * purchase, so P(X(t) = 1) = P(at least one purchase) = 1 - P(X(t) = 0)
     * = 1 - (alpha / (alpha + t))^r = 1 - (2/12)^0.5 = 0.591751709536137
     * (was 1). */
    const double p[4] = {0.5, 2.0, 3.0, 1e-300};
    double p0, p1;
    assert_int_equal(rt_bgnbd_purchase_probability(p, 10.0, 0, &p0), RT_OK);
    assert_int_equal(rt_bgnbd_purchase_probability(p, 10.0, 1, &p1), RT_OK);
    assert_close(p0, 0.408248290463863, 1e-12, 0.0);
    assert_close(p1, 0.591751709536137, 1e-12, 0.0);
}

static void bgnbd_probability_for_huge_r(void **state)
{
    (void)state;
    /* P(X(t) = 0) = (alpha / (alpha + t))^r = exp(DBL_MAX ln(2032/2042)):
     * 0, not NaN. */
    const double p[4] = {DBL_MAX, 2032.0, 1.875, 1.734375};
    double p0;
    assert_int_equal(rt_bgnbd_purchase_probability(p, 10.0, 0, &p0), RT_OK);
    assert_true(p0 == 0.0);
}

static void pareto_expectation_for_huge_beta(void **state)
{
    (void)state;
    /* beta -> infinity: nobody dies within t, E[X(t)] = r t / alpha =
     * 1.75 * 10 / 156 = 0.112179487179487 (was infinity). */
    const double p[4] = {1.75, 156.0, 1536.0, DBL_MAX};
    double e;
    assert_int_equal(rt_pareto_nbd_expected_purchases(p, 10.0, &e), RT_OK);
    assert_close(e, 17.5 / 156.0, 1e-12, 0.0);
}

static void pareto_expectation_for_subnormal_beta(void **state)
{
    (void)state;
    /* t / beta overflows for beta = 2 x 2^-1074 (a clang-built fuzzed fit
     * reached it), and beta (1 + t/beta)^(1 - s) passes DBL_MAX on the way:
     * the value is finite. Reference: mpmath, 60 digits, of
     * r/alpha beta (1 - (beta/(beta+t))^(s-1)) / (s-1). */
    double p[4] = {0x1.1b9183f2c74acp-71, 0x0.00000000005dep-1022, 0x1.e95f32ebfa231p-905,
                   0x0.0000000000002p-1022};
    double e;
    assert_int_equal(rt_pareto_nbd_expected_purchases(p, 10.0, &e), RT_OK);
    assert_close(e, 6.3216961208238877e+299, 1e-12, 0.0);
    p[2] = 0.25;
    assert_int_equal(rt_pareto_nbd_expected_purchases(p, 10.0, &e), RT_OK);
    assert_close(e, 8.403805947442934e+218, 1e-12, 0.0);
}

static void gamma_gamma_spend_for_huge_p(void **state)
{
    (void)state;
    /* E = g / (x + (q - 1) / p) + w m with w = p x / (p x + q - 1): for
     * p = 1e300, x = 3: w = 1 and 103.5 / 3 + 2.5 = 37 (was 2.5). */
    const double p[3] = {1e300, 5664.0, 103.5};
    double e;
    assert_int_equal(rt_gamma_gamma_expected_spend(p, 3, 2.5, &e), RT_OK);
    assert_close(e, 37.0, 1e-12, 0.0);
    /* p x overflows: 103.5 / 2^64 + 2.5 (was NaN). */
    assert_int_equal(rt_gamma_gamma_expected_spend(p, UINT64_MAX, 2.5, &e), RT_OK);
    assert_close(e, 2.5, 1e-12, 0.0);
}

static void bgnbd_for_huge_ages(void **state)
{
    (void)state;
    /* P(alive) = 1 / (1 + a / (b + x - 1) ((alpha + T) / (alpha + t_x))^(r + x));
     * with t_x = T the ratio is 1: 1 / (1 + 1/3) = 0.75 (was NaN, as
     * alpha + T overflowed). */
    const double p[4] = {1.0, 1e308, 1.0, 1.0};
    double alive;
    assert_int_equal(rt_bgnbd_p_alive(p, 3, DBL_MAX, DBL_MAX, &alive), RT_OK);
    assert_close(alive, 0.75, 1e-12, 0.0);
    /* Ages whose sum overflows: the fit starts from their mean (it started
     * at alpha = inf) and reports parameters that are numbers. */
    rt_rfm *rfm;
    assert_int_equal(rt_rfm_new(NULL, &rfm), RT_OK);
    assert_int_equal(rt_rfm_add(rfm, 1, 1e308, 1.5e308, 2), RT_OK);
    assert_int_equal(rt_rfm_add(rfm, 0, 0.0, 1.5e308, 1), RT_OK);
    rt_fit_options o;
    rt_fit_report r;
    assert_int_equal(rt_fit_options_init(&o, sizeof o), RT_OK);
    assert_int_equal(rt_fit_report_init(&r, sizeof r), RT_OK);
    o.max_iterations = 5;
    rt_status st = rt_bgnbd_fit(rfm, &o, &r);
    assert_true(st == RT_OK || st == RT_ECONVERGE);
    for (int i = 0; i < 4; i++)
        assert_true(isfinite(r.params[i]) && r.params[i] > 0.0);
    rt_rfm_free(rfm);
}

/* Pareto/NBD at ages whose sums with alpha and beta pass DBL_MAX (found by
 * fuzz_api: P(alive) was NaN with RT_OK, as inf - inf). With t_x = T there
 * was no time to die in: P(alive) = 1. With s = 1 the expectation is
 * (r+x)/(alpha+T) (beta+T) ln(1 + t/(beta+T)) = (r+x) t / (beta+T) here
 * (alpha = beta), to 1e-300 relative: 4 * 10 / (beta + T), taken from the
 * halves, which do not overflow. */
static void pareto_nbd_for_ages_beyond_the_largest_double(void **state)
{
    (void)state;
    const double p[4] = {1.0, 1.1664806577336534e308, 1.0, 1.1664806577336534e308};
    double alive, e;
    assert_int_equal(rt_pareto_nbd_p_alive(p, 3, DBL_MAX, DBL_MAX, &alive), RT_OK);
    assert_close(alive, 1.0, 0.0, 0.0);
    assert_int_equal(rt_pareto_nbd_conditional_expected_purchases(p, 3, DBL_MAX, DBL_MAX, 10.0,
                                                                  &e), RT_OK);
    double half_sum = 0.5 * p[3] + 0.5 * DBL_MAX;
    assert_close(e, 20.0 / half_sum, 1e-12, 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sbg_survival_for_huge_alpha),
        cmocka_unit_test(sbg_likelihood_for_tiny_beta),
        cmocka_unit_test(bgnbd_probability_for_tiny_b),
        cmocka_unit_test(bgnbd_probability_for_huge_r),
        cmocka_unit_test(pareto_expectation_for_huge_beta),
        cmocka_unit_test(pareto_expectation_for_subnormal_beta),
        cmocka_unit_test(gamma_gamma_spend_for_huge_p),
        cmocka_unit_test(bgnbd_for_huge_ages),
        cmocka_unit_test(pareto_nbd_for_ages_beyond_the_largest_double),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
