/* The economics of keeping a customer: the unit formulas and a retention
 * campaign, every expected number worked out by hand in the comment beside
 * it; a campaign on the customers at risk of a cohort; bad input and
 * allocation failure. */
#define RT_EXPERIMENTAL  /* the experimental tier is tested too */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "assert_close.h"
#include "failalloc.h"
#include "retention.h"

#define DAY 86400

static void unit_formulas_by_hand(void **state)
{
    (void)state;
    double x = -1.0;
    assert_int_equal(rt_ltv_cac_ratio(900.0, 300.0, &x), RT_OK);
    assert_close(x, 3.0, 1e-15, 0.0);                /* 900 / 300 */
    assert_int_equal(rt_ltv_cac_ratio(0.0, 100.0, &x), RT_OK);
    assert_close(x, 0.0, 0.0, 0.0);
    assert_int_equal(rt_cac_payback_months(1200.0, 100.0, 0.8, &x), RT_OK);
    assert_close(x, 15.0, 1e-15, 0.0);               /* 1200 / (100 x 0.8) = 1200 / 80 */
    assert_int_equal(rt_save_cost(50.0, 0.25, &x), RT_OK);
    assert_close(x, 200.0, 1e-15, 0.0);              /* 4 offers of 50 per customer kept */
    assert_int_equal(rt_save_vs_replace(1000.0, 50.0, 0.25, &x), RT_OK);
    assert_close(x, 5.0, 1e-15, 0.0);                /* CAC 1000 / save cost 200 */
    assert_int_equal(rt_save_vs_replace(1000.0, 50.0, 0.0, &x), RT_OK);
    assert_close(x, 0.0, 0.0, 0.0);                  /* saving never works */
}

static void unit_formulas_bad_input(void **state)
{
    (void)state;
    double x = 7.0;
    assert_int_equal(rt_ltv_cac_ratio(900.0, 0.0, &x), RT_EUNDEFINED);
    assert_non_null(strstr(rt_last_error_message(), "rt_ltv_cac_ratio"));
    assert_int_equal(rt_ltv_cac_ratio((double)NAN, 1.0, &x), RT_EINVAL);
    assert_int_equal(rt_ltv_cac_ratio(1.0, -1.0, &x), RT_EINVAL);
    assert_int_equal(rt_ltv_cac_ratio((double)INFINITY, 1.0, &x), RT_EINVAL);
    assert_int_equal(rt_ltv_cac_ratio(1.0, 1.0, NULL), RT_EINVAL);
    assert_int_equal(rt_ltv_cac_ratio(DBL_MAX, 0.5, &x), RT_EUNDEFINED);  /* overflows */
    assert_int_equal(rt_cac_payback_months(100.0, 0.0, 0.8, &x), RT_EUNDEFINED);
    assert_int_equal(rt_cac_payback_months(100.0, 10.0, 0.0, &x), RT_EUNDEFINED);
    assert_int_equal(rt_cac_payback_months(100.0, 10.0, 1.2, &x), RT_EINVAL);
    assert_non_null(strstr(rt_last_error_message(), "rt_cac_payback_months: gross_margin"));
    assert_int_equal(rt_cac_payback_months(-1.0, 10.0, 0.5, &x), RT_EINVAL);
    assert_int_equal(rt_cac_payback_months(1.0, 10.0, 0.5, NULL), RT_EINVAL);
    assert_int_equal(rt_save_cost(50.0, 0.0, &x), RT_EUNDEFINED);
    assert_int_equal(rt_save_cost(50.0, 1.5, &x), RT_EINVAL);
    assert_int_equal(rt_save_cost((double)NAN, 0.5, &x), RT_EINVAL);
    assert_int_equal(rt_save_cost(1.0, 0.5, NULL), RT_EINVAL);
    assert_int_equal(rt_save_vs_replace(1000.0, 0.0, 0.5, &x), RT_EUNDEFINED);
    assert_int_equal(rt_save_vs_replace(1000.0, 1.0, -0.1, &x), RT_EINVAL);
    assert_int_equal(rt_save_vs_replace(-1.0, 1.0, 0.5, &x), RT_EINVAL);
    assert_int_equal(rt_save_vs_replace(1.0, 1.0, 0.5, NULL), RT_EINVAL);
    assert_close(x, 7.0, 0.0, 0.0);  /* never written on failure */
}

static void *no_memory(void *user, size_t size)
{
    (void)user;
    (void)size;
    return NULL;
}

static rt_campaign_result result_struct(void)
{
    rt_campaign_result r;
    assert_int_equal(rt_campaign_result_init(&r, sizeof r), RT_OK);
    return r;
}

/* Values 1000, 200, 5000, 50, 1000; p(save) 0.3, incentive 100.
 * Expected worth p v - k: 200, -40, 1400, -85, 200; break-even p v: 300,
 * 60, 1500, 15, 300. Ranked: 2 (1400), 0 (200), 4 (200, the tie after the
 * smaller index), 1 (-40), 3 (-85). Worth offering: 2, 0, 4 (3 customers):
 * expected saves 0.9, saved value 0.3 x 7000 = 2100, cost 300, profit 1800;
 * offering all five: 200 - 40 + 1400 - 85 + 200 = 1675. */
static void campaign_by_hand(void **state)
{
    (void)state;
    const double values[5] = {1000.0, 200.0, 5000.0, 50.0, 1000.0};
    rt_campaign_options o;
    assert_int_equal(rt_campaign_options_init(&o, sizeof o), RT_OK);
    o.save_rate = 0.3;
    o.incentive = 100.0;
    size_t order[5];
    double break_even[5], worth[5];
    rt_campaign_result r = result_struct();
    assert_int_equal(rt_campaign_plan(values, 5, &o, order, break_even, worth, 5, &r), RT_OK);
    const size_t want_order[5] = {2, 0, 4, 1, 3};
    const double want_break_even[5] = {1500.0, 300.0, 300.0, 60.0, 15.0};
    const double want_worth[5] = {1400.0, 200.0, 200.0, -40.0, -85.0};
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(order[i], want_order[i]);
        assert_close(break_even[i], want_break_even[i], 1e-15, 1e-12);
        assert_close(worth[i], want_worth[i], 1e-15, 1e-12);
    }
    assert_int_equal(r.size, sizeof r);
    assert_int_equal(r.customers, 5);
    assert_int_equal(r.worth_offering, 3);
    assert_close(r.expected_saves, 0.9, 1e-15, 0.0);
    assert_close(r.expected_saved_value, 2100.0, 1e-15, 0.0);
    assert_close(r.cost, 300.0, 1e-15, 0.0);
    assert_close(r.expected_profit, 1800.0, 1e-15, 0.0);
    assert_close(r.expected_profit_all, 1675.0, 1e-15, 0.0);

    /* The top 2 only, without the optional arrays: the same first two. */
    rt_campaign_result r2 = result_struct();
    assert_int_equal(rt_campaign_plan(values, 5, &o, order, NULL, NULL, 2, &r2), RT_OK);
    assert_int_equal(order[0], 2);
    assert_int_equal(order[1], 0);
    assert_close(r2.expected_profit, 1800.0, 1e-15, 0.0);

    /* Break-even exactly: 0.5 x 200 - 100 = 0 is not worth offering. */
    const double even[1] = {200.0};
    o.save_rate = 0.5;
    assert_int_equal(rt_campaign_plan(even, 1, &o, order, NULL, worth, 1, &r2), RT_OK);
    assert_close(worth[0], 0.0, 0.0, 0.0);
    assert_int_equal(r2.worth_offering, 0);
    assert_close(r2.expected_profit_all, 0.0, 0.0, 0.0);
}

/* Each customer's own save rate: values 1000, 400 with p 0.1, 0.5 and an
 * incentive of 50: worth 100 - 50 = 50 and 200 - 50 = 150, so customer 1
 * first; break-even 200, 100. Both worth offering: saves 0.6, value 300,
 * cost 100, profit 200. */
static void campaign_with_save_rates_by_hand(void **state)
{
    (void)state;
    const double values[2] = {1000.0, 400.0}, rates[2] = {0.1, 0.5};
    rt_campaign_options o;
    rt_campaign_options_init(&o, sizeof o);
    o.save_rates = rates;
    o.save_rate = 7.0;  /* ignored when save_rates is given */
    o.incentive = 50.0;
    size_t order[2];
    double break_even[2], worth[2];
    rt_campaign_result r = result_struct();
    assert_int_equal(rt_campaign_plan(values, 2, &o, order, break_even, worth, 2, &r), RT_OK);
    assert_int_equal(order[0], 1);
    assert_int_equal(order[1], 0);
    assert_close(break_even[0], 200.0, 1e-15, 0.0);
    assert_close(break_even[1], 100.0, 1e-15, 0.0);
    assert_close(worth[0], 150.0, 1e-15, 0.0);
    assert_close(worth[1], 50.0, 1e-15, 0.0);
    assert_int_equal(r.worth_offering, 2);
    assert_close(r.expected_saves, 0.6, 1e-15, 0.0);
    assert_close(r.expected_saved_value, 300.0, 1e-15, 0.0);
    assert_close(r.cost, 100.0, 1e-15, 0.0);
    assert_close(r.expected_profit, 200.0, 1e-15, 0.0);
    assert_close(r.expected_profit_all, 200.0, 1e-15, 0.0);
}

static void active_days(rt_cohort *c, uint64_t id, int32_t from, int32_t to)
{
    for (int32_t d = from; d <= to; d++)
        assert_int_equal(rt_cohort_add_event(c, id, (int64_t)d * DAY + 60), RT_OK);
}

/* From a cohort: as of day 100 (test_risk.c works out the reasons), S (days
 * 50..80: silent), L (days 1..100, paid late on day 95) and F (days 20 and
 * 65) are at risk, H (days 1..100) is not. Values (CLV): L 2000, S 1000,
 * F 300, H 5000. rt_cohort_at_risk ranks L, S, F; with p 0.2 and an
 * incentive of 100 their worth is 400 - 100 = 300, 200 - 100 = 100 and
 * 60 - 100 = -40: call L, then S; F is not worth the offer. Profit 400. */
static void campaign_on_customers_at_risk(void **state)
{
    (void)state;
    rt_cohort *c;
    assert_int_equal(rt_cohort_new(NULL, &c), RT_OK);
    active_days(c, 'S', 50, 80);
    active_days(c, 'L', 1, 100);
    assert_int_equal(rt_cohort_add_late_payment(c, 'L', 95 * DAY), RT_OK);
    active_days(c, 'F', 20, 20);
    active_days(c, 'F', 65, 65);
    active_days(c, 'H', 1, 100);
    const uint64_t value_ids[4] = {'L', 'S', 'F', 'H'};
    const double clv[4] = {2000.0, 1000.0, 300.0, 5000.0};
    rt_risk_options ro;
    rt_risk_options_init(&ro, sizeof ro);
    ro.as_of_day = 100;
    ro.value_ids = value_ids;
    ro.values = clv;
    ro.value_count = 4;
    uint64_t ids[8];
    double values[8];
    size_t n = 0;
    assert_int_equal(rt_cohort_at_risk(c, &ro, ids, NULL, values, 8, &n, NULL), RT_OK);
    assert_int_equal(n, 3);

    rt_campaign_options o;
    rt_campaign_options_init(&o, sizeof o);
    o.save_rate = 0.2;
    o.incentive = 100.0;
    size_t order[8];
    double worth[8];
    rt_campaign_result r = result_struct();
    assert_int_equal(rt_campaign_plan(values, n, &o, order, NULL, worth, 8, &r), RT_OK);
    assert_int_equal(ids[order[0]], 'L');
    assert_int_equal(ids[order[1]], 'S');
    assert_int_equal(ids[order[2]], 'F');
    assert_close(worth[0], 300.0, 1e-15, 0.0);
    assert_close(worth[1], 100.0, 1e-15, 0.0);
    assert_close(worth[2], -40.0, 1e-15, 0.0);
    assert_int_equal(r.worth_offering, 2);
    assert_close(r.expected_profit, 400.0, 1e-15, 0.0);
    rt_cohort_free(c);
}

static void campaign_bad_input(void **state)
{
    (void)state;
    const double values[3] = {10.0, (double)NAN, 5.0}, good[3] = {10.0, 20.0, 5.0};
    const double rates[3] = {0.5, 0.5, 1.5};
    rt_campaign_options o;
    rt_campaign_options_init(&o, sizeof o);
    o.save_rate = 0.5;
    size_t order[3] = {9, 9, 9};
    rt_campaign_result r = result_struct();
    assert_int_equal(rt_campaign_plan(values, 3, &o, order, NULL, NULL, 3, &r), RT_EINVAL);
    assert_non_null(strstr(rt_last_error_message(), "rt_campaign_plan: values[1]"));
    o.save_rates = rates;
    assert_int_equal(rt_campaign_plan(good, 3, &o, order, NULL, NULL, 3, &r), RT_EINVAL);
    assert_non_null(strstr(rt_last_error_message(), "rt_campaign_plan: save_rates[2]"));
    o.save_rates = NULL;
    o.save_rate = -0.1;
    assert_int_equal(rt_campaign_plan(good, 3, &o, order, NULL, NULL, 3, &r), RT_EINVAL);
    o.save_rate = 0.5;
    o.incentive = (double)INFINITY;
    assert_int_equal(rt_campaign_plan(good, 3, &o, order, NULL, NULL, 3, &r), RT_EINVAL);
    o.incentive = 1.0;
    assert_int_equal(rt_campaign_plan(NULL, 3, &o, order, NULL, NULL, 3, &r), RT_EINVAL);
    assert_int_equal(rt_campaign_plan(good, 3, NULL, order, NULL, NULL, 3, &r), RT_EINVAL);
    assert_int_equal(rt_campaign_plan(good, 3, &o, NULL, NULL, NULL, 3, &r), RT_EINVAL);
    assert_int_equal(rt_campaign_plan(good, 3, &o, order, NULL, NULL, 3, NULL), RT_EINVAL);
    r.size = sizeof r - 1;
    assert_int_equal(rt_campaign_plan(good, 3, &o, order, NULL, NULL, 3, &r), RT_EINVAL);
    r.size = sizeof r;
    const double huge[2] = {DBL_MAX, DBL_MAX};
    o.save_rate = 1.0;
    assert_int_equal(rt_campaign_plan(huge, 2, &o, order, NULL, NULL, 2, &r), RT_EUNDEFINED);
    struct { rt_campaign_options o; uint64_t future; } newer;
    memset(&newer, 0, sizeof newer);
    rt_campaign_options_init(&newer.o, sizeof newer);
    newer.future = 1;
    assert_int_equal(rt_campaign_plan(good, 3, &newer.o, order, NULL, NULL, 3, &r),
                     RT_EVERSION);
    rt_allocator half;  /* one hook of three: invalid */
    rt_allocator_init(&half, sizeof half);
    half.alloc_fn = no_memory;
    o.allocator = &half;
    assert_int_equal(rt_campaign_plan(good, 3, &o, order, NULL, NULL, 3, &r), RT_EINVAL);
    assert_non_null(strstr(rt_last_error_message(), "rt_campaign_plan: rt_allocator"));
    o.allocator = NULL;
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(order[i], 9);  /* nothing written */
    assert_int_equal(r.customers, 0);
    assert_int_equal(rt_campaign_options_init(NULL, sizeof o), RT_EINVAL);
    assert_int_equal(rt_campaign_result_init(NULL, sizeof r), RT_EINVAL);
    /* No customer: an empty campaign. */
    assert_int_equal(rt_campaign_plan(NULL, 0, &o, NULL, NULL, NULL, 0, &r), RT_OK);
    assert_int_equal(r.customers, 0);
    assert_close(r.expected_profit, 0.0, 0.0, 0.0);
}

static void campaign_allocation_failure(void **state)
{
    (void)state;
    failalloc fa;
    rt_allocator hooks;
    failalloc_setup(&fa, &hooks);
    const double values[3] = {100.0, 300.0, 200.0};
    rt_campaign_options o;
    rt_campaign_options_init(&o, sizeof o);
    o.save_rate = 0.5;
    o.incentive = 10.0;
    o.allocator = &hooks;
    size_t order[3] = {9, 9, 9};
    for (size_t k = 0;; k++) {
        rt_campaign_result r = result_struct();
        failalloc_arm(&fa, k);
        rt_status st = rt_campaign_plan(values, 3, &o, order, NULL, NULL, 3, &r);
        failalloc_disarm(&fa);
        if (!fa.tripped) {
            assert_int_equal(st, RT_OK);
            assert_int_equal(order[0], 1);  /* worth 140, 90, 40 */
            assert_int_equal(order[1], 2);
            assert_int_equal(order[2], 0);
            break;
        }
        assert_int_equal(st, RT_ENOMEM);
        assert_int_equal(order[0], 9);
        assert_int_equal(r.customers, 0);
    }
    assert_int_equal(fa.live, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unit_formulas_by_hand),
        cmocka_unit_test(unit_formulas_bad_input),
        cmocka_unit_test(campaign_by_hand),
        cmocka_unit_test(campaign_with_save_rates_by_hand),
        cmocka_unit_test(campaign_on_customers_at_risk),
        cmocka_unit_test(campaign_bad_input),
        cmocka_unit_test(campaign_allocation_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
