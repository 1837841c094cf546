/* Ingestion: options, time range, all-or-nothing bulk adds, and allocation
 * failure at every allocation of every allocating call. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "failalloc.h"
#include "retention.h"

#define DAY 86400
#define CENTURY_SECONDS ((int64_t)36525 * DAY)

static void options_defaults_and_refusals(void **state)
{
    (void)state;
    rt_cohort_options o;
    assert_int_equal(rt_cohort_options_init(&o, sizeof o), RT_OK);
    assert_int_equal(o.first_weekday, 1);
    assert_int_equal(o.wau_window_days, 7);
    assert_int_equal(o.mau_window_days, 30);
    assert_int_equal(o.inactivity_days, 30);
    assert_int_equal(o.utc_offset_seconds, 0);
    assert_null(o.allocator);
    assert_int_equal(rt_cohort_options_init(NULL, sizeof o), RT_EINVAL);

    rt_cohort *c = NULL;
    o.utc_offset_seconds = 18 * 3600 + 1;
    assert_int_equal(rt_cohort_new(&o, &c), RT_EINVAL);
    o.utc_offset_seconds = -18 * 3600;
    o.first_weekday = 8;
    assert_int_equal(rt_cohort_new(&o, &c), RT_EINVAL);
    o.first_weekday = 0;
    assert_int_equal(rt_cohort_new(&o, &c), RT_EINVAL);
    o.first_weekday = 7;
    o.mau_window_days = 0;
    assert_int_equal(rt_cohort_new(&o, &c), RT_EINVAL);
    assert_non_null(strstr(rt_last_error_message(), "rt_cohort_new: mau_window_days is 0"));
    o.mau_window_days = 30;
    o.inactivity_days = 0;
    assert_int_equal(rt_cohort_new(&o, &c), RT_EINVAL);
    assert_null(c);
    o.inactivity_days = 1;
    assert_int_equal(rt_cohort_new(&o, &c), RT_OK);
    rt_cohort_free(c);
    assert_int_equal(rt_cohort_new(&o, NULL), RT_EINVAL);
    rt_cohort_free(NULL);
}

/* Each day-count field of rt_cohort_options at both edges of 1 .. 36525
 * (and one past each), and the UTC offset at +-18 h exactly. */
static void options_at_their_edges(void **state)
{
    (void)state;
    static const struct { uint32_t days; rt_status want; } edges[] = {
        {0, RT_EINVAL}, {1, RT_OK}, {36525, RT_OK}, {36526, RT_EINVAL}, {UINT32_MAX, RT_EINVAL}};
    static const char *const fields[] = {"wau_window_days", "mau_window_days",
                                         "inactivity_days"};
    for (size_t f = 0; f < 3; f++)
        for (size_t e = 0; e < sizeof edges / sizeof edges[0]; e++) {
            rt_cohort_options o;
            rt_cohort_options_init(&o, sizeof o);
            uint32_t *field = f == 0 ? &o.wau_window_days
                              : f == 1 ? &o.mau_window_days : &o.inactivity_days;
            *field = edges[e].days;
            rt_cohort *c = NULL;
            assert_int_equal(rt_cohort_new(&o, &c), edges[e].want);
            if (edges[e].want == RT_OK) {
                rt_cohort_free(c);
                continue;
            }
            assert_null(c);
            assert_non_null(strstr(rt_last_error_message(), fields[f]));
        }
    rt_cohort_options o;
    rt_cohort_options_init(&o, sizeof o);
    rt_cohort *c;
    for (int sign = -1; sign <= 1; sign += 2) {
        o.utc_offset_seconds = sign * 18 * 3600;
        assert_int_equal(rt_cohort_new(&o, &c), RT_OK);
        rt_cohort_free(c);
        o.utc_offset_seconds = sign * (18 * 3600 + 1);
        assert_int_equal(rt_cohort_new(&o, &c), RT_EINVAL);
        assert_non_null(strstr(rt_last_error_message(), "utc_offset_seconds"));
    }
}

static void utc_offset_decides_the_day(void **state)
{
    (void)state;
    rt_cohort_options o;
    rt_cohort_options_init(&o, sizeof o);
    o.utc_offset_seconds = -5 * 3600;
    rt_cohort *c;
    assert_int_equal(rt_cohort_new(&o, &c), RT_OK);
    /* 2024-01-02T02:00Z is 2024-01-01T21:00-05:00. */
    int32_t jan1;
    assert_int_equal(rt_day_from_date(2024, 1, 1, &jan1), RT_OK);
    assert_int_equal(rt_cohort_add_event(c, 1, (int64_t)(jan1 + 1) * DAY + 2 * 3600), RT_OK);
    /* 1970-01-01T03:00Z is still 1969-12-31 at -05:00: day -1. */
    assert_int_equal(rt_cohort_add_event(c, 2, 3 * 3600), RT_OK);
    int32_t first, last;
    assert_int_equal(rt_cohort_day_range(c, &first, &last), RT_OK);
    assert_int_equal(first, -1);
    assert_int_equal(last, jan1);
    rt_cohort_free(c);
}

static void day_from_date_checks_the_calendar(void **state)
{
    (void)state;
    int32_t d = 7;
    assert_int_equal(rt_day_from_date(1970, 1, 1, &d), RT_OK);
    assert_int_equal(d, 0);
    assert_int_equal(rt_day_from_date(1969, 12, 31, &d), RT_OK);
    assert_int_equal(d, -1);
    assert_int_equal(rt_day_from_date(2000, 2, 29, &d), RT_OK);
    assert_int_equal(d, 11016);  /* 30 years, 8 leap days: 10958 + 31 + 28 - 1 */
    d = 7;
    assert_int_equal(rt_day_from_date(1900, 2, 29, &d), RT_EINVAL);
    assert_int_equal(rt_day_from_date(2023, 2, 29, &d), RT_EINVAL);
    assert_int_equal(rt_day_from_date(2023, 4, 31, &d), RT_EINVAL);
    assert_int_equal(rt_day_from_date(2023, 13, 1, &d), RT_EINVAL);
    assert_int_equal(rt_day_from_date(2023, 0, 1, &d), RT_EINVAL);
    assert_int_equal(rt_day_from_date(2071, 1, 1, &d), RT_ERANGE);
    assert_int_equal(rt_day_from_date(1869, 12, 31, &d), RT_OK);  /* day -36525 */
    assert_int_equal(d, -36525);
    d = 7;
    assert_int_equal(rt_day_from_date(1869, 12, 30, &d), RT_ERANGE);
    assert_int_equal(d, 7);
    assert_int_equal(rt_day_from_date(2023, 1, 1, NULL), RT_EINVAL);
}

static void bulk_add_is_all_or_nothing(void **state)
{
    (void)state;
    rt_cohort *c;
    assert_int_equal(rt_cohort_new(NULL, &c), RT_OK);
    const uint64_t ids[] = {1, 2, 3, 4};
    const int64_t good[] = {0, DAY, 2 * DAY, 3 * DAY};
    assert_int_equal(rt_cohort_add_events(c, ids, good, 2, NULL), RT_OK);

    const uint64_t more_ids[] = {5, 6, 7, 1};
    const int64_t bad[] = {0, CENTURY_SECONDS, CENTURY_SECONDS + 1, -CENTURY_SECONDS - 1};
    size_t bad_index = 99;
    assert_int_equal(rt_cohort_add_events(c, more_ids, bad, 4, &bad_index), RT_ERANGE);
    assert_int_equal(bad_index, 2);
    assert_non_null(strstr(rt_last_error_message(), "record 2"));
    assert_int_equal(rt_cohort_customer_count(c), 2);
    assert_int_equal(rt_cohort_event_count(c), 2);
    int32_t first, last;
    assert_int_equal(rt_cohort_day_range(c, &first, &last), RT_OK);
    assert_int_equal(first, 0);
    assert_int_equal(last, 1);

    assert_int_equal(rt_cohort_add_event(c, 9, INT64_MAX), RT_ERANGE);
    assert_int_equal(rt_cohort_add_event(c, 9, -CENTURY_SECONDS), RT_OK);
    assert_int_equal(rt_cohort_add_events(c, NULL, good, 1, NULL), RT_EINVAL);
    assert_int_equal(rt_cohort_add_events(c, ids, NULL, 1, NULL), RT_EINVAL);
    assert_int_equal(rt_cohort_add_events(c, NULL, NULL, 0, NULL), RT_OK);
    assert_int_equal(rt_cohort_add_events(NULL, ids, good, 1, NULL), RT_EINVAL);
    assert_int_equal(rt_cohort_add_event(NULL, 1, 0), RT_EINVAL);
    assert_int_equal(rt_cohort_customer_count(c), 3);
    assert_int_equal(rt_cohort_day_range(c, NULL, &last), RT_EINVAL);
    rt_cohort_free(c);

    assert_int_equal(rt_cohort_new(NULL, &c), RT_OK);
    assert_int_equal(rt_cohort_day_range(c, &first, &last), RT_EUNDEFINED);
    rt_cohort_free(c);
}

static void segments_are_set_all_or_nothing(void **state)
{
    (void)state;
    rt_cohort *c;
    assert_int_equal(rt_cohort_new(NULL, &c), RT_OK);
    const uint64_t ids[] = {10, 20, 30};
    const int64_t times[] = {0, DAY, 2 * DAY};
    assert_int_equal(rt_cohort_add_events(c, ids, times, 3, NULL), RT_OK);
    uint32_t seg = 99;
    assert_int_equal(rt_cohort_segment(c, 20, &seg), RT_OK);
    assert_int_equal(seg, 0);  /* none yet */
    assert_int_equal(rt_cohort_set_segment(c, 20, 7), RT_OK);
    assert_int_equal(rt_cohort_segment(c, 20, &seg), RT_OK);
    assert_int_equal(seg, 7);

    const uint64_t some_unknown[] = {10, 30, 40, 20};
    const uint32_t values[] = {1, 2, 3, 4};
    size_t bad = 99;
    assert_int_equal(rt_cohort_set_segments(c, some_unknown, values, 4, &bad), RT_ENOTFOUND);
    assert_int_equal(bad, 2);
    assert_non_null(strstr(rt_last_error_message(), "40"));
    assert_int_equal(rt_cohort_segment(c, 10, &seg), RT_OK);
    assert_int_equal(seg, 0);  /* nothing was set */
    assert_int_equal(rt_cohort_set_segments(c, some_unknown, values, 2, &bad), RT_OK);
    assert_int_equal(rt_cohort_segment(c, 30, &seg), RT_OK);
    assert_int_equal(seg, 2);
    assert_int_equal(rt_cohort_segment(c, 40, &seg), RT_ENOTFOUND);
    assert_int_equal(rt_cohort_set_segment(c, 40, 1), RT_ENOTFOUND);
    assert_int_equal(rt_cohort_segment(c, 10, NULL), RT_EINVAL);
    assert_int_equal(rt_cohort_set_segments(c, NULL, values, 1, NULL), RT_EINVAL);
    assert_int_equal(rt_cohort_set_segments(NULL, ids, values, 1, NULL), RT_EINVAL);
    assert_int_equal(rt_cohort_segment(NULL, 10, &seg), RT_EINVAL);
    rt_cohort_free(c);
}

/* What a cohort holds, as seen through the API. */
typedef struct snapshot {
    uint64_t customers, events, purchases, subscriptions, late_payments;
    uint64_t dau[8];
} snapshot;

static snapshot take_snapshot(const rt_cohort *c)
{
    snapshot s = {rt_cohort_customer_count(c), rt_cohort_event_count(c),
                  rt_cohort_purchase_count(c), rt_cohort_subscription_count(c),
                  rt_cohort_late_payment_count(c), {0}};
    rt_metrics_options o;
    rt_metrics_options_init(&o, sizeof o);
    o.use_range = 1;
    o.first_day = 0;
    o.last_day = 7;
    rt_metrics *m;
    assert_int_equal(rt_cohort_metrics(c, &o, &m), RT_OK);
    for (int32_t d = 0; d < 8; d++)
        assert_int_equal(rt_metrics_active(m, d, &s.dau[d], NULL, NULL), RT_OK);
    rt_metrics_free(m);
    return s;
}

/* Enough records for new customers to grow the id map and the columns
 * several times within one call. */
enum { N = 5000 };
static uint64_t ids[N];
static int64_t times[N], ends[N];
static double amounts[N];

static void fill_records(void)
{
    for (size_t i = 0; i < N; i++) {
        ids[i] = i * 7919 % 3001;
        times[i] = (int64_t)(i % 8) * DAY + (int64_t)i;
        ends[i] = i % 3 ? times[i] + 5 * DAY : RT_SUBSCRIPTION_OPEN;
        amounts[i] = (double)(i % 50);
    }
}

typedef rt_status (*cohort_op)(rt_cohort *c);
static rt_status add_events_op(rt_cohort *c)
{
    return rt_cohort_add_events(c, ids, times, N, NULL);
}
static rt_status add_purchases_op(rt_cohort *c)
{
    return rt_cohort_add_purchases(c, ids, times, amounts, N, NULL);
}
static rt_status add_subscriptions_op(rt_cohort *c)
{
    return rt_cohort_add_subscriptions(c, ids, times, ends, N, NULL);
}
static rt_status add_late_payment_op(rt_cohort *c)
{
    return rt_cohort_add_late_payment(c, 987654321, DAY);
}

/* Fails allocation k = 0, 1, 2... of op until it succeeds: every failure is
 * RT_ENOMEM and leaves the cohort as it was. Returns the failures seen. */
static size_t fail_each_allocation(failalloc *fa, rt_cohort *c, cohort_op op)
{
    snapshot before = take_snapshot(c);
    size_t failures = 0;
    FAILALLOC_SWEEP(fa, failures, op(c), {
        snapshot now = take_snapshot(c);
        assert_memory_equal(&now, &before, sizeof now);
    });
    return failures;
}

static void every_allocation_failure_changes_nothing(void **state)
{
    (void)state;
    failalloc fa;
    rt_allocator hooks;
    failalloc_setup(&fa, &hooks);
    rt_cohort_options o;
    rt_cohort_options_init(&o, sizeof o);
    o.allocator = &hooks;

    rt_cohort *c = NULL;
    size_t failures = 0;
    FAILALLOC_SWEEP(&fa, failures, rt_cohort_new(&o, &c), assert_int_equal(fa.live, 0));
    fill_records();
    assert_int_equal(rt_cohort_add_events(c, ids, times, 100, NULL), RT_OK);
    assert_true(fail_each_allocation(&fa, c, add_events_op) >= 3);
    assert_int_equal(rt_cohort_customer_count(c), 3001);

    /* Fresh cohorts, so that purchases and subscriptions add customers too. */
    const cohort_op others[] = {add_purchases_op, add_subscriptions_op, add_late_payment_op};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        rt_cohort *fresh;
        assert_int_equal(rt_cohort_new(&o, &fresh), RT_OK);
        assert_int_equal(rt_cohort_add_events(fresh, ids, times, 10, NULL), RT_OK);
        assert_true(fail_each_allocation(&fa, fresh, others[i]) >= 1);
        rt_cohort_free(fresh);
    }

    rt_metrics *m = NULL;
    FAILALLOC_SWEEP(&fa, failures, rt_cohort_metrics(c, NULL, &m), assert_null(m));
    assert_true(failures >= 2);  /* each call allocates */
    rt_metrics_free(m);
    rt_cohort_free(c);
    assert_int_equal(fa.live, 0);
}

static void purchases_are_money_and_activity(void **state)
{
    (void)state;
    rt_cohort *c;
    assert_int_equal(rt_cohort_new(NULL, &c), RT_OK);
    const uint64_t who[] = {1, 2, 1};
    const int64_t when[] = {0, 3 * DAY, 5 * DAY};
    const double good[] = {10.0, 0.0, 2.5};
    assert_int_equal(rt_cohort_add_purchases(c, who, when, good, 3, NULL), RT_OK);
    assert_int_equal(rt_cohort_purchase_count(c), 3);
    assert_int_equal(rt_cohort_event_count(c), 3);  /* each is an activity too */
    int32_t first, last;
    assert_int_equal(rt_cohort_day_range(c, &first, &last), RT_OK);
    assert_int_equal(first, 0);
    assert_int_equal(last, 5);

    const double bad_values[] = {(double)NAN, (double)INFINITY, -0.01};
    for (size_t i = 0; i < 3; i++) {
        const double some_bad[] = {1.0, bad_values[i], 3.0};
        size_t bad = 99;
        assert_int_equal(rt_cohort_add_purchases(c, who, when, some_bad, 3, &bad), RT_EINVAL);
        assert_int_equal(bad, 1);
        assert_non_null(strstr(rt_last_error_message(), "amount"));
    }
    const int64_t late[] = {0, CENTURY_SECONDS + 1, 0};
    size_t bad = 99;
    assert_int_equal(rt_cohort_add_purchases(c, who, late, good, 3, &bad), RT_ERANGE);
    assert_int_equal(bad, 1);
    assert_int_equal(rt_cohort_add_purchase(c, 3, 0, -1.0), RT_EINVAL);
    assert_int_equal(rt_cohort_add_purchases(c, who, when, NULL, 3, NULL), RT_EINVAL);
    assert_int_equal(rt_cohort_add_purchase(NULL, 3, 0, 1.0), RT_EINVAL);
    assert_int_equal(rt_cohort_purchase_count(c), 3);
    assert_int_equal(rt_cohort_event_count(c), 3);
    assert_int_equal(rt_cohort_customer_count(c), 2);
    assert_int_equal(rt_cohort_add_purchase(c, 3, DAY, 1.0), RT_OK);
    assert_int_equal(rt_cohort_customer_count(c), 3);
    rt_cohort_free(c);
}

static void subscriptions_and_late_payments(void **state)
{
    (void)state;
    rt_cohort *c;
    assert_int_equal(rt_cohort_new(NULL, &c), RT_OK);
    const uint64_t who[] = {1, 2, 1};
    const int64_t start[] = {0, DAY, 10 * DAY};
    const int64_t end[] = {5 * DAY, RT_SUBSCRIPTION_OPEN, 10 * DAY};
    assert_int_equal(rt_cohort_add_subscriptions(c, who, start, end, 3, NULL), RT_OK);
    assert_int_equal(rt_cohort_subscription_count(c), 3);
    assert_int_equal(rt_cohort_customer_count(c), 2);
    assert_int_equal(rt_cohort_event_count(c), 0);  /* subscriptions are not activity */

    const int64_t backwards[] = {5 * DAY, RT_SUBSCRIPTION_OPEN, DAY};
    size_t bad = 99;
    assert_int_equal(rt_cohort_add_subscriptions(c, who, start, backwards, 3, &bad), RT_EINVAL);
    assert_int_equal(bad, 2);
    assert_non_null(strstr(rt_last_error_message(), "before its start"));
    const int64_t far[] = {5 * DAY, CENTURY_SECONDS + 1, 20 * DAY};
    assert_int_equal(rt_cohort_add_subscriptions(c, who, start, far, 3, &bad), RT_ERANGE);
    assert_int_equal(bad, 1);
    assert_int_equal(rt_cohort_add_subscription(c, 9, -CENTURY_SECONDS - 1, 0), RT_ERANGE);
    assert_int_equal(rt_cohort_add_subscriptions(c, who, NULL, end, 3, NULL), RT_EINVAL);
    assert_int_equal(rt_cohort_add_subscription(NULL, 1, 0, 1), RT_EINVAL);
    assert_int_equal(rt_cohort_subscription_count(c), 3);
    assert_int_equal(rt_cohort_customer_count(c), 2);

    assert_int_equal(rt_cohort_add_late_payment(c, 2, 3 * DAY), RT_OK);
    assert_int_equal(rt_cohort_add_late_payment(c, 2, INT64_MIN), RT_ERANGE);
    assert_int_equal(rt_cohort_add_late_payment(NULL, 2, 0), RT_EINVAL);
    assert_int_equal(rt_cohort_late_payment_count(c), 1);
    rt_cohort_free(c);
}

/* A single add reports in its own name, not in the name of the bulk call it
 * shares code with: the caller called rt_cohort_add_purchase. */
static void expect_message_from(const char *fn)
{
    const char *msg = rt_last_error_message();
    size_t len = strlen(fn);
    if (strncmp(msg, fn, len) != 0 || msg[len] != ':')
        fail_msg("message \"%s\" does not start with \"%s:\"", msg, fn);
}

static void single_adds_report_in_their_own_name(void **state)
{
    (void)state;
    failalloc fa;
    rt_allocator hooks;
    failalloc_setup(&fa, &hooks);
    rt_cohort_options o;
    rt_cohort_options_init(&o, sizeof o);
    o.allocator = &hooks;
    rt_cohort *c;
    assert_int_equal(rt_cohort_new(&o, &c), RT_OK);

    failalloc_arm(&fa, 0);
    assert_int_equal(rt_cohort_add_event(c, 1, 86400), RT_ENOMEM);
    failalloc_disarm(&fa);
    expect_message_from("rt_cohort_add_event");
    assert_int_equal(rt_cohort_add_purchase(c, 1, 86400, -1.0), RT_EINVAL);
    expect_message_from("rt_cohort_add_purchase");
    assert_int_equal(rt_cohort_add_subscription(c, 1, 2 * 86400, 86400), RT_EINVAL);
    expect_message_from("rt_cohort_add_subscription");
    assert_int_equal(rt_cohort_set_segment(c, 7, 1), RT_ENOTFOUND);
    expect_message_from("rt_cohort_set_segment");
    assert_int_equal(rt_cohort_customer_count(c), 0);
    rt_cohort_free(c);
    assert_int_equal(fa.live, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(options_defaults_and_refusals),
        cmocka_unit_test(options_at_their_edges),
        cmocka_unit_test(utc_offset_decides_the_day),
        cmocka_unit_test(day_from_date_checks_the_calendar),
        cmocka_unit_test(bulk_add_is_all_or_nothing),
        cmocka_unit_test(segments_are_set_all_or_nothing),
        cmocka_unit_test(purchases_are_money_and_activity),
        cmocka_unit_test(subscriptions_and_late_payments),
        cmocka_unit_test(every_allocation_failure_changes_nothing),
        cmocka_unit_test(single_adds_report_in_their_own_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
