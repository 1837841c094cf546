/* The stateless formulas on worked examples computed by hand (fractions in
 * the comments), and their refusals of bad input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "assert_close.h"
#include "retention.h"

#define UNTOUCHED 12345.0

/* Bad doubles every money or rate argument must refuse. */
static const double not_finite_or_negative[] = {(double)NAN, (double)INFINITY,
                                                -(double)INFINITY, -1.0, -1e-300};

static void assert_fails(rt_status got, rt_status want, double out, const char *mentions)
{
    assert_int_equal(got, want);
    assert_true(out == UNTOUCHED);  /* outputs are written only on success */
    assert_non_null(strstr(rt_last_error_message(), mentions));
}

static void churn_rate_is_lost_over_start(void **state)
{
    (void)state;
    double r = UNTOUCHED;
    assert_int_equal(rt_churn_rate(150, 1000, &r), RT_OK);
    assert_close(r, 0.15, 1e-15, 0.0);  /* 150 / 1000 */
    assert_int_equal(rt_churn_rate(0, 7, &r), RT_OK);
    assert_close(r, 0.0, 1e-15, 0.0);
    assert_int_equal(rt_churn_rate(7, 7, &r), RT_OK);
    assert_close(r, 1.0, 1e-15, 0.0);

    r = UNTOUCHED;
    assert_fails(rt_churn_rate(1001, 1000, &r), RT_EINVAL, r, "lost");
    assert_fails(rt_churn_rate(0, 0, &r), RT_EUNDEFINED, r, "at_start");
    assert_int_equal(rt_churn_rate(1, 2, NULL), RT_EINVAL);
}

static void crr_matches_the_article_example(void **state)
{
    (void)state;
    double r = UNTOUCHED;
    /* S = 50,000, N = 1,000, E = 40,000: (40,000 - 1,000) / 50,000 = 39/50. */
    assert_int_equal(rt_retention_rate(50000, 40000, 1000, &r), RT_OK);
    assert_close(r, 0.78, 1e-15, 0.0);
    /* The article's 81 % is E / (S - N); we do not compute that. */
    assert_true(fabs(r - 40000.0 / 49000.0) > 0.03);
    /* Nobody acquired, nobody lost. */
    assert_int_equal(rt_retention_rate(10, 10, 0, &r), RT_OK);
    assert_close(r, 1.0, 1e-15, 0.0);
    /* Everyone at the end is new: none of the 10 stayed. */
    assert_int_equal(rt_retention_rate(10, 4, 4, &r), RT_OK);
    assert_close(r, 0.0, 1e-15, 0.0);
}

static void crr_refuses_inconsistent_counts(void **state)
{
    (void)state;
    double r = UNTOUCHED;
    assert_fails(rt_retention_rate(50, 40, 41, &r), RT_EINVAL, r, "acquired");
    assert_fails(rt_retention_rate(10, 20, 5, &r), RT_EINVAL, r, "at_start");
    assert_fails(rt_retention_rate(0, 5, 5, &r), RT_EUNDEFINED, r, "at_start");
    assert_int_equal(rt_retention_rate(1, 1, 0, NULL), RT_EINVAL);
}

static void repeat_purchase_rate_counts_earlier_buyers_only(void **state)
{
    (void)state;
    double r = UNTOUCHED;
    assert_int_equal(rt_repeat_purchase_rate(2000, 900, &r), RT_OK);
    assert_close(r, 0.45, 1e-15, 0.0);  /* 900 / 2,000 */
    r = UNTOUCHED;
    assert_fails(rt_repeat_purchase_rate(2000, 2001, &r), RT_EINVAL, r, "returned");
    assert_fails(rt_repeat_purchase_rate(0, 0, &r), RT_EUNDEFINED, r, "existing");
    assert_int_equal(rt_repeat_purchase_rate(1, 1, NULL), RT_EINVAL);
}

static void stickiness_is_dau_over_mau(void **state)
{
    (void)state;
    double r = UNTOUCHED;
    assert_int_equal(rt_stickiness(20, 100, &r), RT_OK);
    assert_close(r, 0.2, 1e-15, 0.0);
    r = UNTOUCHED;
    assert_fails(rt_stickiness(101, 100, &r), RT_EINVAL, r, "dau");
    assert_fails(rt_stickiness(0, 0, &r), RT_EUNDEFINED, r, "mau");
    assert_int_equal(rt_stickiness(1, 1, NULL), RT_EINVAL);
}

static void viral_coefficient_is_invites_times_conversion(void **state)
{
    (void)state;
    double k = UNTOUCHED;
    assert_int_equal(rt_viral_coefficient(5.0, 0.1, &k), RT_OK);
    assert_close(k, 0.5, 1e-15, 0.0);
    k = UNTOUCHED;
    for (size_t i = 0; i < sizeof not_finite_or_negative / sizeof(double); i++) {
        double bad = not_finite_or_negative[i];
        assert_fails(rt_viral_coefficient(bad, 0.1, &k), RT_EINVAL, k, "invites_per_customer");
        assert_fails(rt_viral_coefficient(5.0, bad, &k), RT_EINVAL, k, "conversion_rate");
    }
    assert_fails(rt_viral_coefficient(5.0, 1.5, &k), RT_EINVAL, k, "conversion_rate");
    assert_int_equal(rt_viral_coefficient(1.0, 1.0, NULL), RT_EINVAL);
}

static void expected_lifetime_is_inverse_churn(void **state)
{
    (void)state;
    double t = UNTOUCHED;
    assert_int_equal(rt_expected_lifetime(0.05, &t), RT_OK);
    assert_close(t, 20.0, 1e-14, 0.0);  /* 1 / 0.05 */
    assert_int_equal(rt_expected_lifetime(1.0, &t), RT_OK);
    assert_close(t, 1.0, 1e-15, 0.0);
    t = UNTOUCHED;
    assert_fails(rt_expected_lifetime(0.0, &t), RT_EUNDEFINED, t, "churn_rate");
    assert_fails(rt_expected_lifetime(1.5, &t), RT_EINVAL, t, "churn_rate");
    assert_fails(rt_expected_lifetime((double)NAN, &t), RT_EINVAL, t, "churn_rate");
    assert_int_equal(rt_expected_lifetime(0.5, NULL), RT_EINVAL);
}

static void clv_simple_worked_example(void **state)
{
    (void)state;
    double v = UNTOUCHED;
    /* m = 100, r = 0.8, d = 0.1: 100 * 0.8 / 0.3 = 800 / 3. */
    assert_int_equal(rt_clv_simple(100.0, 0.8, 0.1, &v), RT_OK);
    assert_close(v, 800.0 / 3.0, 1e-14, 0.0);
    /* Nobody ever leaves, money discounted at 10 %: 100 / 0.1. */
    assert_int_equal(rt_clv_simple(100.0, 1.0, 0.1, &v), RT_OK);
    assert_close(v, 1000.0, 1e-14, 0.0);
    v = UNTOUCHED;
    assert_fails(rt_clv_simple(100.0, 1.0, 0.0, &v), RT_EUNDEFINED, v, "infinite");
    for (size_t i = 0; i < sizeof not_finite_or_negative / sizeof(double); i++) {
        double bad = not_finite_or_negative[i];
        assert_fails(rt_clv_simple(bad, 0.8, 0.1, &v), RT_EINVAL, v, "margin");
        assert_fails(rt_clv_simple(100.0, bad, 0.1, &v), RT_EINVAL, v, "retention");
        assert_fails(rt_clv_simple(100.0, 0.8, bad, &v), RT_EINVAL, v, "discount");
    }
    assert_fails(rt_clv_simple(1e308, 0.9, 1e-300, &v), RT_EUNDEFINED, v, "overflow");
    assert_int_equal(rt_clv_simple(1.0, 0.5, 0.0, NULL), RT_EINVAL);
}

static void clv_finite_sums_the_discounted_survival(void **state)
{
    (void)state;
    double v = UNTOUCHED;
    /* q = 0.8 / 1.1 = 8/11; q + q^2 + q^3 = (968 + 704 + 512) / 1331. */
    assert_int_equal(rt_clv_finite(100.0, 0.8, 0.1, 3, &v), RT_OK);
    assert_close(v, 100.0 * 2184.0 / 1331.0, 1e-14, 0.0);
    /* Second method: the plain loop over periods, for a long horizon. */
    double q = 0.95 / 1.02, sum = 0.0, qt = 1.0;
    for (int t = 1; t <= 120; t++) {
        qt *= q;
        sum += 250.0 * qt;
    }
    assert_int_equal(rt_clv_finite(250.0, 0.95, 0.02, 120, &v), RT_OK);
    assert_close(v, sum, 1e-12, 0.0);
    /* The infinite horizon is the limit. */
    double inf_value;
    assert_int_equal(rt_clv_simple(250.0, 0.95, 0.02, &inf_value), RT_OK);
    assert_int_equal(rt_clv_finite(250.0, 0.95, 0.02, 100000, &v), RT_OK);
    assert_close(v, inf_value, 1e-12, 0.0);
    /* q = 1: T margins; T = 0: nothing; r = 0: nothing. */
    assert_int_equal(rt_clv_finite(10.0, 1.0, 0.0, 7, &v), RT_OK);
    assert_close(v, 70.0, 1e-15, 0.0);
    assert_int_equal(rt_clv_finite(10.0, 0.5, 0.0, 0, &v), RT_OK);
    assert_close(v, 0.0, 1e-15, 0.0);
    assert_int_equal(rt_clv_finite(10.0, 0.0, 0.0, 5, &v), RT_OK);
    assert_close(v, 0.0, 1e-15, 0.0);
    v = UNTOUCHED;
    assert_fails(rt_clv_finite(10.0, (double)NAN, 0.0, 5, &v), RT_EINVAL, v, "retention");
    assert_fails(rt_clv_finite(-10.0, 0.5, 0.0, 5, &v), RT_EINVAL, v, "margin");
    assert_int_equal(rt_clv_finite(1.0, 0.5, 0.0, 1, NULL), RT_EINVAL);
}

static void clv_saas_is_arpa_margin_over_churn(void **state)
{
    (void)state;
    double v = UNTOUCHED;
    /* 100 a month at 80 % gross margin, 2 % monthly churn: 80 / 0.02. */
    assert_int_equal(rt_clv_saas(100.0, 0.8, 0.02, &v), RT_OK);
    assert_close(v, 4000.0, 1e-14, 0.0);
    v = UNTOUCHED;
    assert_fails(rt_clv_saas(100.0, 0.8, 0.0, &v), RT_EUNDEFINED, v, "churn_rate");
    assert_fails(rt_clv_saas(100.0, 1.2, 0.1, &v), RT_EINVAL, v, "gross_margin");
    assert_fails(rt_clv_saas((double)INFINITY, 0.8, 0.1, &v), RT_EINVAL, v, "arpa");
    assert_int_equal(rt_clv_saas(1.0, 1.0, 1.0, NULL), RT_EINVAL);
}

static void retention_lift_of_five_points(void **state)
{
    (void)state;
    double ratio = UNTOUCHED;
    /* 0.80 -> 0.85 at d = 0.10: (0.85 / 0.25) / (0.80 / 0.30) = 3.4 / (8/3) = 1.275. */
    assert_int_equal(rt_clv_retention_lift(0.80, 0.85, 0.10, &ratio), RT_OK);
    assert_close(ratio, 1.275, 1e-14, 0.0);
    /* Second method: the ratio of two rt_clv_simple values. */
    double before, after;
    assert_int_equal(rt_clv_simple(37.0, 0.6, 0.05, &before), RT_OK);
    assert_int_equal(rt_clv_simple(37.0, 0.65, 0.05, &after), RT_OK);
    assert_int_equal(rt_clv_retention_lift(0.6, 0.65, 0.05, &ratio), RT_OK);
    assert_close(ratio, after / before, 1e-14, 0.0);
    ratio = UNTOUCHED;
    assert_fails(rt_clv_retention_lift(0.0, 0.5, 0.1, &ratio), RT_EUNDEFINED, ratio,
                 "retention_before");
    assert_fails(rt_clv_retention_lift(0.9, 1.0, 0.0, &ratio), RT_EUNDEFINED, ratio,
                 "infinite");
    assert_fails(rt_clv_retention_lift(0.9, 1.01, 0.0, &ratio), RT_EINVAL, ratio,
                 "retention_after");
    assert_fails(rt_clv_retention_lift(0.9, 0.95, (double)NAN, &ratio), RT_EINVAL, ratio,
                 "discount");
    assert_int_equal(rt_clv_retention_lift(0.5, 0.6, 0.1, NULL), RT_EINVAL);
}

static void retention_offer_worth_and_break_even(void **state)
{
    (void)state;
    double w = UNTOUCHED;
    /* 30 % chance to save a 500 customer with a 100 offer: 150 - 100. */
    assert_int_equal(rt_offer_worth(0.3, 500.0, 100.0, &w), RT_OK);
    assert_close(w, 50.0, 1e-14, 0.0);
    /* 10 % chance: 50 - 100, not worth giving. */
    assert_int_equal(rt_offer_worth(0.1, 500.0, 100.0, &w), RT_OK);
    assert_close(w, -50.0, 1e-14, 0.0);
    double cost = UNTOUCHED;
    assert_int_equal(rt_offer_break_even_cost(0.3, 500.0, &cost), RT_OK);
    assert_close(cost, 150.0, 1e-14, 0.0);
    /* At the break-even cost the offer is worth exactly nothing. */
    assert_int_equal(rt_offer_worth(0.3, 500.0, cost, &w), RT_OK);
    assert_close(w, 0.0, 0.0, 1e-12);

    w = UNTOUCHED;
    cost = UNTOUCHED;
    assert_fails(rt_offer_worth(1.1, 500.0, 1.0, &w), RT_EINVAL, w, "p_save");
    assert_fails(rt_offer_worth(0.5, -500.0, 1.0, &w), RT_EINVAL, w, "clv");
    assert_fails(rt_offer_worth(0.5, 500.0, (double)NAN, &w), RT_EINVAL, w, "offer_cost");
    assert_fails(rt_offer_break_even_cost((double)NAN, 500.0, &cost), RT_EINVAL, cost, "p_save");
    assert_fails(rt_offer_break_even_cost(0.5, (double)INFINITY, &cost), RT_EINVAL, cost, "clv");
    assert_int_equal(rt_offer_worth(0.5, 1.0, 1.0, NULL), RT_EINVAL);
    assert_int_equal(rt_offer_break_even_cost(0.5, 1.0, NULL), RT_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(churn_rate_is_lost_over_start),
        cmocka_unit_test(crr_matches_the_article_example),
        cmocka_unit_test(crr_refuses_inconsistent_counts),
        cmocka_unit_test(repeat_purchase_rate_counts_earlier_buyers_only),
        cmocka_unit_test(stickiness_is_dau_over_mau),
        cmocka_unit_test(viral_coefficient_is_invites_times_conversion),
        cmocka_unit_test(expected_lifetime_is_inverse_churn),
        cmocka_unit_test(clv_simple_worked_example),
        cmocka_unit_test(clv_finite_sums_the_discounted_survival),
        cmocka_unit_test(clv_saas_is_arpa_margin_over_churn),
        cmocka_unit_test(retention_lift_of_five_points),
        cmocka_unit_test(retention_offer_worth_and_break_even),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
