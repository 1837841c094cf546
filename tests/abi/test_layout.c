/* Layout of the size-prefixed public structs: each must end exactly at its
 * last member. Tail padding would let a later version append a uint32_t
 * without changing sizeof, so an older library could not tell a newer caller
 * (RT_EVERSION) from an old one and would silently ignore the new field.
 *
 * Plain C printing TAP, without cmocka, so that it also runs where cmocka is
 * missing (the 32-bit leg of .ci/run builds it with -m32). The expected
 * value of every check is the C rule itself, offsetof + sizeof == sizeof,
 * not a size copied from a build; pahole (dwarves) shows the same layouts:
 * `pahole -C rt_rfm_summary_options libretention.so`. */
#define RT_EXPERIMENTAL  /* the experimental tier is tested too */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "retention.h"

static int failures;
static int checks;

/* One TAP line. */
static void report(int ok, const char *what, size_t end, size_t size)
{
    checks++;
    if (!ok)
        failures++;
    printf("%s %d - %s ends at %zu, sizeof %zu\n", ok ? "ok" : "not ok", checks, what, end,
           size);
}

#define ENDS_AT_LAST(type, last)                                                         \
    report(offsetof(type, last) + sizeof(((type *)0)->last) == sizeof(type),            \
           #type " (last member " #last ")", offsetof(type, last) + sizeof(((type *)0)->last), \
           sizeof(type))

static void every_size_prefixed_struct_ends_at_its_last_member(void)
{
    ENDS_AT_LAST(rt_allocator, user);
    ENDS_AT_LAST(rt_cohort_options, reserved);
    ENDS_AT_LAST(rt_customer_options, allocator);
    ENDS_AT_LAST(rt_metrics_options, reserved);
    ENDS_AT_LAST(rt_churn_options, segment);
    ENDS_AT_LAST(rt_churn_result, reserved);
    ENDS_AT_LAST(rt_frequency_options, forgettable_share);
    ENDS_AT_LAST(rt_risk_options, value_count);
    ENDS_AT_LAST(rt_rfm_options, allocator);
    ENDS_AT_LAST(rt_deserialize_options, allocator);
    ENDS_AT_LAST(rt_rfm_summary_options, reserved);
    ENDS_AT_LAST(rt_fit_options, start);
    ENDS_AT_LAST(rt_fit_report, boundary_infinity);
    ENDS_AT_LAST(rt_clv_options, spend);
    ENDS_AT_LAST(rt_proportion_test_result, p_value);
    ENDS_AT_LAST(rt_logrank_result, groups_used);
    ENDS_AT_LAST(rt_logrank_options, allocator);
    ENDS_AT_LAST(rt_revenue_options, as_of_day);
    ENDS_AT_LAST(rt_mrr_month, arpa);
    ENDS_AT_LAST(rt_campaign_options, allocator);
    ENDS_AT_LAST(rt_campaign_result, expected_profit_all);
}

static void check_status(rt_status got, rt_status want, const char *what)
{
    checks++;
    if (got != want)
        failures++;
    printf("%s %d - %s: %s (want %s)\n", got == want ? "ok" : "not ok", checks, what,
           rt_strerror(got), rt_strerror(want));
}

/* A reserved member is refused when set, so that a later version may give
 * it a meaning that an older library would otherwise silently ignore. */
static void reserved_members_must_be_zero(void)
{
    rt_cohort *cohort = NULL;
    check_status(rt_cohort_new(NULL, &cohort), RT_OK, "rt_cohort_new");
    rt_rfm_summary_options o;
    rt_rfm_summary_options_init(&o, sizeof o);
    o.calibration_end_day = 100;
    size_t count = 99;
    check_status(rt_cohort_rfm_customers(cohort, &o, NULL, NULL, NULL, NULL, NULL, NULL, 0,
                                         &count), RT_OK, "rt_rfm_summary_options.reserved 0");
    o.reserved = 1;
    check_status(rt_cohort_rfm_customers(cohort, &o, NULL, NULL, NULL, NULL, NULL, NULL, 0,
                                         &count), RT_EINVAL, "rt_rfm_summary_options.reserved 1");
    checks++;
    int named = strstr(rt_last_error_message(), "reserved") != NULL;
    failures += !named;
    printf("%s %d - the message names the reserved member: %s\n", named ? "ok" : "not ok",
           checks, rt_last_error_message());
    rt_cohort_free(cohort);
}

int main(void)
{
    every_size_prefixed_struct_ends_at_its_last_member();
    reserved_members_must_be_zero();
    printf("1..%d\n", checks);
    return failures == 0 ? 0 : 1;
}
