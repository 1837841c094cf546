/* Status names, the per-thread error message, and the version functions. */
#define RT_EXPERIMENTAL  /* the experimental tier is tested too */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "retention.h"

static void every_status_has_its_own_name(void **state)
{
    (void)state;
    const rt_status all[] = {RT_OK, RT_EINVAL, RT_ENOMEM, RT_ERANGE, RT_ENOTFOUND,
                             RT_EFORMAT, RT_ECONVERGE, RT_EVERSION, RT_EUNDEFINED};
    const size_t n = sizeof all / sizeof all[0];
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(all[i], (rt_status)i);  /* values are ABI: 0, 1, 2, ... */
        const char *name = rt_strerror(all[i]);
        assert_non_null(name);
        assert_true(strlen(name) > 0);
        assert_string_not_equal(name, "unknown status");
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(name, rt_strerror(all[j]));
    }
    assert_string_equal(rt_strerror(RT_OK), "success");
    assert_string_equal(rt_strerror(RT_ENOMEM), "out of memory");
    assert_string_equal(rt_strerror((rt_status)n), "unknown status");
    assert_string_equal(rt_strerror((rt_status)-1), "unknown status");
}

static void last_error_message_names_the_argument_and_survives_success(void **state)
{
    (void)state;
    assert_non_null(rt_last_error_message());
    double rate;
    assert_int_equal(rt_churn_rate(3, 2, &rate), RT_EINVAL);
    assert_string_equal(rt_last_error_message(),
                        "rt_churn_rate: lost (3) exceeds at_start (2)");
    assert_int_equal(rt_churn_rate(1, 2, &rate), RT_OK);
    assert_string_equal(rt_last_error_message(),
                        "rt_churn_rate: lost (3) exceeds at_start (2)");
}

static void run_time_version_matches_the_headers(void **state)
{
    (void)state;
    char expected[32];
    snprintf(expected, sizeof expected, "%d.%d.%d", RT_VERSION_MAJOR, RT_VERSION_MINOR,
             RT_VERSION_PATCH);
    assert_string_equal(rt_version(), expected);
    assert_string_equal(rt_version(), RT_VERSION_STRING);
    assert_int_equal(rt_version_number(), RT_VERSION_NUMBER);
    assert_int_equal(rt_version_number(),
                     RT_VERSION_MAJOR * 1000000u + RT_VERSION_MINOR * 1000u + RT_VERSION_PATCH);
    assert_int_equal(RT_VERSION_MAJOR, 1);  /* SONAME libretention.so.1 */
}

/* The documented rule for getters that cannot fail: a NULL handle counts 0
 * (before, the cohort and metrics getters dereferenced it). */
static void count_getters_return_0_for_null(void **state)
{
    (void)state;
    assert_int_equal(rt_cohort_customer_count(NULL), 0);
    assert_int_equal(rt_cohort_event_count(NULL), 0);
    assert_int_equal(rt_cohort_purchase_count(NULL), 0);
    assert_int_equal(rt_cohort_subscription_count(NULL), 0);
    assert_int_equal(rt_cohort_late_payment_count(NULL), 0);
    assert_int_equal(rt_metrics_cohort_count(NULL), 0);
    assert_int_equal(rt_metrics_offset_count(NULL), 0);
    assert_int_equal(rt_metrics_bracket_count(NULL), 0);
    assert_int_equal(rt_rfm_row_count(NULL), 0);
    assert_int_equal(rt_rfm_customer_count(NULL), 0);
    assert_int_equal(rt_customer_active_day_count(NULL), 0);
}

/* Every public _init follows one rule (rti_sized_struct_init): NULL, a
 * size below the size member or above 1024 bytes is RT_EINVAL naming the
 * function and writes nothing; otherwise the caller's size bytes are zeroed
 * past the defaults and the size member is set. An aligned 2 KiB buffer of
 * 0xAA stands in for a caller's struct of any version. */
static void expect_initialised(const unsigned char *buf)
{
    size_t size;
    memcpy(&size, buf, sizeof size);
    assert_int_equal(size, 1024);
    for (size_t k = 256; k < 1024; k++)  /* beyond every struct of 1.0: zeroed */
        assert_int_equal(buf[k], 0);
    assert_int_equal(buf[1024], 0xAA);  /* and not one byte more */
}

#define CHECK_INIT(f)                                                                    \
    do {                                                                                 \
        _Alignas(max_align_t) unsigned char buf[2048];                                   \
        memset(buf, 0xAA, sizeof buf);                                                   \
        assert_int_equal(f(NULL, 64), RT_EINVAL);                                        \
        assert_non_null(strstr(rt_last_error_message(), #f));                           \
        assert_int_equal(f((void *)buf, sizeof(size_t) - 1), RT_EINVAL);                 \
        assert_int_equal(f((void *)buf, 1025), RT_EINVAL);                               \
        assert_int_equal(buf[0], 0xAA);                                                  \
        assert_int_equal(f((void *)buf, 1024), RT_OK);                                   \
        expect_initialised(buf);                                                         \
    } while (0)

static void every_init_follows_one_rule(void **state)
{
    (void)state;
    CHECK_INIT(rt_allocator_init);
    CHECK_INIT(rt_cohort_options_init);
    CHECK_INIT(rt_customer_options_init);
    CHECK_INIT(rt_metrics_options_init);
    CHECK_INIT(rt_churn_options_init);
    CHECK_INIT(rt_churn_result_init);
    CHECK_INIT(rt_frequency_options_init);
    CHECK_INIT(rt_risk_options_init);
    CHECK_INIT(rt_rfm_options_init);
    CHECK_INIT(rt_rfm_summary_options_init);
    CHECK_INIT(rt_fit_options_init);
    CHECK_INIT(rt_fit_report_init);
    CHECK_INIT(rt_clv_options_init);
    CHECK_INIT(rt_proportion_test_result_init);
    CHECK_INIT(rt_logrank_result_init);
    CHECK_INIT(rt_revenue_options_init);
    CHECK_INIT(rt_mrr_month_init);
    CHECK_INIT(rt_campaign_options_init);
    CHECK_INIT(rt_campaign_result_init);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_status_has_its_own_name),
        cmocka_unit_test(last_error_message_names_the_argument_and_survives_success),
        cmocka_unit_test(run_time_version_matches_the_headers),
        cmocka_unit_test(count_getters_return_0_for_null),
        cmocka_unit_test(every_init_follows_one_rule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
