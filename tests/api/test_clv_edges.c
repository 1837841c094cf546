/* The CLV models at the edges of their parameter space (issue 16): young
 * customer bases (a + b <= 1), horizons far beyond alpha, tiny and huge
 * shapes, and precision where a sum rounds a tiny b away. Each expected
 * value was computed independently with mpmath at 50 digits, as stated
 * beside it: mp.hyp2f1 (analytic continuation of the Gauss function, a
 * method the library does not use) for the BG/NBD expectations, and the
 * models' probabilities written out term by term for the rest. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "assert_close.h"
#include "retention.h"

/* The BG/NBD fit of CDNOW calibrated up to 1997-01-31 (`retention clv
 * --as-of 1997-01-31` on tests/cli/cdnow_iso.csv, printed to 17 digits):
 * a + b = 0.501, the young base of issue 16. */
static const double young[4] = {0.36442228916040775, 5.9755672156874278,
                                0.081714061408977398, 0.41940364052659274};
static const double published[4] = {0.243, 4.414, 0.793, 2.426};

static void young_base_has_expectations(void **state)
{
    (void)state;
    double e;
    /* mpmath: C/(a-1) (1 - w^r hyp2f1(r, b; C; z)), C = a+b-1, z = t/(alpha+t),
     * = 2.4968496496153446122; also by mp.quad over p (eq. 9 integrand). */
    assert_int_equal(rt_bgnbd_expected_purchases(young, 52.0, &e), RT_OK);
    assert_close(e, 2.4968496496153446122, 1e-12, 0.0);
    /* The same with x = 0, T = 3: 1.7219158576250790055 (issue: 1.7219159). */
    assert_int_equal(rt_bgnbd_conditional_expected_purchases(young, 0, 0.0, 3.0, 52.0, &e),
                     RT_OK);
    assert_close(e, 1.7219158576250790055, 1e-12, 0.0);
    /* a + b + x < 1 is not needed to fail: {0.2, 4, 0.3, 0.5}, x = 2, t_x = 20,
     * T = 30, t = 52: bracket 2.8255838687405029273 (mp.hyp2f1 and mp.quad
     * agree to 20 digits), times P(alive) = 1/(1 + a/(b+x-1) (34/24)^2.2). */
    assert_int_equal(rt_bgnbd_conditional_expected_purchases((const double[4]){0.2, 4.0, 0.3, 0.5},
                                                             2, 20.0, 30.0, 52.0, &e), RT_OK);
    double alive = 1.0 / (1.0 + 0.3 / 1.5 * pow(34.0 / 24.0, 2.2));
    assert_close(e, 2.8255838687405029273 * alive, 1e-12, 0.0);
    /* a = 1 exactly with a + b - 1 = 0.5 < 1: the limit a -> 1 of the
     * closed form, mpmath at a = 1 + 1e-30: 0.89587973461402750041. */
    assert_int_equal(rt_bgnbd_expected_purchases((const double[4]){0.5, 2.0, 1.0, 0.5}, 10.0, &e),
                     RT_OK);
    assert_close(e, 0.89587973461402750041, 1e-12, 0.0);
}

static void long_horizons_have_expectations(void **state)
{
    (void)state;
    double e;
    /* t = 1e12 against alpha = 4.4 (the series would need 1e13 terms):
     * mp.hyp2f1 form 1104.4970975430241952, mp.quad over p the same. */
    assert_int_equal(rt_bgnbd_expected_purchases(published, 1e12, &e), RT_OK);
    assert_close(e, 1104.4970975430241952, 1e-11, 0.0);
    /* All parameters 1e-4, t = 1e5: mp.hyp2f1 form 49901.482965017628298. */
    assert_int_equal(rt_bgnbd_expected_purchases((const double[4]){1e-4, 1e-4, 1e-4, 1e-4},
                                                 1e5, &e), RT_OK);
    assert_close(e, 49901.482965017628298, 1e-10, 0.0);
}

static void large_shapes_do_not_overflow(void **state)
{
    (void)state;
    double e;
    /* Issue 16 item 7: r or a = 1e4 at t = 52 once overflowed the series
     * (FE_OVERFLOW raised inside). mp.hyp2f1 form and mp.quad over p agree:
     * r = 1e4: 95.188064675515602556; a = 1e4: 0.46168001541111870408. */
    feclearexcept(FE_ALL_EXCEPT);
    assert_int_equal(rt_bgnbd_expected_purchases((const double[4]){1e4, 4.414, 0.793, 2.426},
                                                 52.0, &e), RT_OK);
    assert_close(e, 95.188064675515602556, 1e-12, 0.0);
    assert_int_equal(rt_bgnbd_expected_purchases((const double[4]){0.243, 4.414, 1e4, 2.426},
                                                 52.0, &e), RT_OK);
    assert_close(e, 0.46168001541111870408, 1e-12, 0.0);
    assert_false(fetestexcept(FE_OVERFLOW | FE_INVALID | FE_DIVBYZERO));
    /* P(X(52) = 20000) at r = 1e4: FHL 2005 eq. 8 term by term (mp.nsum of
     * the 20,000 head terms), 3.0103993504257239113e-8. The pmf's logarithm
     * sums terms of 1e5 that cancel: 1e-11 relative is what a double holds. */
    double p;
    assert_int_equal(rt_bgnbd_purchase_probability((const double[4]){1e4, 4.414, 0.793, 2.426},
                                                   52.0, 20000, &p), RT_OK);
    assert_close(p, 3.0103993504257239113e-8, 1e-10, 0.0);
}

static void purchase_probability_returns_for_slow_series(void **state)
{
    (void)state;
    double p;
    /* Issue 15 item 2: r = 1e-3, alpha = 1, a = b = 1, t = 1e17, n = 1 never
     * returned. mpmath, FHL 2005 eq. 8 term by term:
     * 0.019674666947359506909. */
    assert_int_equal(rt_bgnbd_purchase_probability((const double[4]){1e-3, 1.0, 1.0, 1.0}, 1e17,
                                                   1, &p), RT_OK);
    assert_close(p, 0.019674666947359506909, 1e-12, 0.0);
    /* All parameters 1e-4, t = 1e5 (141.6 s before): n = 1
     * 0.0010849868896963459542, n = 0 0.99792981920242775789 (mpmath). */
    const double tiny[4] = {1e-4, 1e-4, 1e-4, 1e-4};
    assert_int_equal(rt_bgnbd_purchase_probability(tiny, 1e5, 1, &p), RT_OK);
    assert_close(p, 0.0010849868896963459542, 1e-12, 0.0);
    assert_int_equal(rt_bgnbd_purchase_probability(tiny, 1e5, 0, &p), RT_OK);
    assert_close(p, 0.99792981920242775789, 1e-12, 0.0);
}

static void tiny_b_keeps_its_digits(void **state)
{
    (void)state;
    double p;
    /* b = 1e-14, x = 1: b + x - 1 rounded b to 0.99920072216264e-14.
     * mpmath: 1 / (1 + a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x)) =
     * 8.2472027763961116489e-16. */
    assert_int_equal(rt_bgnbd_p_alive((const double[4]){0.25, 4.0, 0.8, 1e-14}, 1, 1.0, 40.0, &p),
                     RT_OK);
    assert_close(p, 8.2472027763961116489e-16, 1e-12, 0.0);
    /* P(X(52) = 1) at b = 1e-14 (FHL 2005 eq. 8, mpmath):
     * 0.4615972857705958524. */
    assert_int_equal(rt_bgnbd_purchase_probability((const double[4]){0.243, 4.414, 0.793, 1e-14},
                                                   52.0, 1, &p), RT_OK);
    assert_close(p, 0.4615972857705958524, 1e-12, 0.0);
}

static void sbg_survival_is_exact_at_the_largest_period(void **state)
{
    (void)state;
    double s;
    /* S(t) = B(a, b + t) / B(a, b) at t = 2^32 - 1, mpmath.beta:
     * 1.7141843172083386909e-7 (Fader & Hardie 2007's "regular" fit). */
    assert_int_equal(rt_sbg_survival((const double[2]){0.704, 1.182}, UINT32_MAX, &s), RT_OK);
    assert_close(s, 1.7141843172083386909e-7, 1e-12, 0.0);
    /* DERL at discount 1e-9 (the 2F1 series needs ~4e10 terms):
     * (b/(a+b)) 2F1(1, b+1; a+b+1; 1/(1+d)), mp.hyp2f1: 1447.074499668453623. */
    double derl;
    assert_int_equal(rt_sbg_derl((const double[2]){0.704, 1.182}, 1e-9, 0, &derl), RT_OK);
    assert_close(derl, 1447.074499668453623, 1e-11, 0.0);
}

static void bgnbd_log_likelihood_at_extreme_parameters(void **state)
{
    (void)state;
    /* One repeater among 1,000 customers: the fit runs off towards a
     * limiting model, where r ln alpha - (r + x) ln(alpha + T) and the
     * ln Gamma differences cancel catastrophically. mpmath at 60 digits,
     * FHL 2005 eq. 6 written with loggamma and beta. */
    rt_rfm *rfm;
    assert_int_equal(rt_rfm_new(NULL, &rfm), RT_OK);
    assert_int_equal(rt_rfm_add(rfm, 0, 0.0, 39.0, 999), RT_OK);
    assert_int_equal(rt_rfm_add(rfm, 1, 20.0, 39.0, 1), RT_OK);
    double ll;
    assert_int_equal(rt_bgnbd_log_likelihood((const double[4]){1e15, 1e16, 0.02, 3e12}, rfm, &ll),
                     RT_OK);
    assert_close(ll, -3902.3025850929864067, 1e-13, 0.0);
    /* Where the fit ends on these data (17 digits). */
    const double fitted[4] = {10311.369950300057, 401950012.70016372, 451781.81298665417,
                              2.2134578484640941e-06};
    assert_int_equal(rt_bgnbd_log_likelihood(fitted, rfm, &ll), RT_OK);
    assert_close(ll, -11.570829628189841245, 1e-12, 0.0);
    rt_rfm_free(rfm);
}

/* Huge a and b, as a fit that runs off to the limiting model (no
 * heterogeneity in the dropout probability) reports them: the Beta density
 * is then a spike whose logarithm, near -(a+b) ln 2 = -1.4e14, cannot be
 * differenced against ln B(a, b) in doubles; found by fuzz_api (E[X(1)]
 * came out 0.1158, above the bound r t / alpha = 0.09998). mpmath at 60
 * digits, C/(a-1) (1 - w^r hyp2f1(r, b; C; z)): 0.0248402867971272,
 * 0.0975254258896507, 0.362486091353834, 1.91853982678983; at a = b = 1e9,
 * t = 1: 0.0975252686556166. */
static void huge_a_and_b_keep_their_digits(void **state)
{
    (void)state;
    const double p[4] = {70721569.226030186, 707333792.55169868, 97805375120608.328,
                         97818098895663.375};
    const double t[4] = {0.25, 1.0, 4.0, 64.0};
    const double want[4] = {0.0248402867971272, 0.0975254258896507, 0.362486091353834,
                            1.91853982678983};
    double e;
    for (int i = 0; i < 4; i++) {
        assert_int_equal(rt_bgnbd_expected_purchases(p, t[i], &e), RT_OK);
        assert_close(e, want[i], 1e-10, 0.0);
    }
    const double q[4] = {70721569.226030186, 707333792.55169868, 1e9, 1e9};
    assert_int_equal(rt_bgnbd_expected_purchases(q, 1.0, &e), RT_OK);
    assert_close(e, 0.0975252686556166, 1e-10, 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(young_base_has_expectations),
        cmocka_unit_test(long_horizons_have_expectations),
        cmocka_unit_test(large_shapes_do_not_overflow),
        cmocka_unit_test(purchase_probability_returns_for_slow_series),
        cmocka_unit_test(tiny_b_keeps_its_digits),
        cmocka_unit_test(sbg_survival_is_exact_at_the_largest_period),
        cmocka_unit_test(bgnbd_log_likelihood_at_extreme_parameters),
        cmocka_unit_test(huge_a_and_b_keep_their_digits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
