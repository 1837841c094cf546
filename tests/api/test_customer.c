/* rt_customer: hand-computed histories, bad input, allocation failure at
 * every allocation, and cohort snapshots against standalone customers and a
 * brute-force reference on random populations. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "failalloc.h"
#include "retention.h"

#define DAY 86400
#define HOUR 3600
#define CENTURY_SECONDS ((int64_t)36525 * DAY)

/* 2024-01-01 is day 19723: 54 years from 1970 of 365 days plus the 13 leap
 * days of 1972, 1976, ..., 2020: 54 * 365 + 13 = 19710 + 13. */
#define JAN1_2024 19723

/* Unix time of a second of a UTC day. */
static int64_t at(int32_t day, int32_t second)
{
    return (int64_t)day * DAY + second;
}

static rt_customer *new_customer(int32_t utc_offset_seconds)
{
    rt_customer_options o;
    assert_int_equal(rt_customer_options_init(&o, sizeof o), RT_OK);
    assert_int_equal(o.size, sizeof o);
    assert_int_equal(o.utc_offset_seconds, 0);  /* the defaults: UTC */
    assert_null(o.allocator);
    o.utc_offset_seconds = utc_offset_seconds;
    rt_customer *c = NULL;
    assert_int_equal(rt_customer_new(&o, &c), RT_OK);
    assert_non_null(c);
    return c;
}

static uint64_t days_in(const rt_customer *c, int32_t first, int32_t last)
{
    uint64_t n = 12345;
    assert_int_equal(rt_customer_active_days(c, first, last, &n), RT_OK);
    return n;
}

static uint64_t trailing(const rt_customer *c, int32_t as_of, uint32_t window)
{
    uint64_t n = 12345;
    assert_int_equal(rt_customer_active_days_trailing(c, as_of, window, &n), RT_OK);
    return n;
}

static double mean_gap(const rt_customer *c)
{
    double g = -1.0;
    assert_int_equal(rt_customer_mean_gap(c, &g), RT_OK);
    return g;
}

static void assert_range(const rt_customer *c, int32_t first, int32_t last)
{
    int32_t f = 7, l = 7;
    assert_int_equal(rt_customer_day_range(c, &f, &l), RT_OK);
    assert_int_equal(f, first);
    assert_int_equal(l, last);
}

static void jan1_is_day_19723(void **state)
{
    (void)state;
    int32_t d;
    assert_int_equal(rt_day_from_date(2024, 1, 1, &d), RT_OK);
    assert_int_equal(d, JAN1_2024);
}

static void daily_user(void **state)
{
    (void)state;
    rt_customer *c = new_customer(0);
    /* Noon UTC on every day of January 2024: days 19723 .. 19753. */
    for (int32_t i = 0; i < 31; i++)
        assert_int_equal(rt_customer_add_event(c, at(JAN1_2024 + i, 12 * HOUR)), RT_OK);
    assert_int_equal(rt_customer_active_day_count(c), 31);
    assert_range(c, 19723, 19753);
    assert_true(mean_gap(c) == 1.0);                /* (19753 - 19723) / 30 */
    assert_int_equal(trailing(c, 19753, 7), 7);     /* 19747 .. 19753, all active */
    assert_int_equal(trailing(c, 19723, 7), 1);     /* 19717 .. 19723: only 19723 */
    assert_int_equal(trailing(c, 19760, 28), 21);   /* 19733 .. 19760: 19733 .. 19753 */
    assert_int_equal(trailing(c, 19722, 100), 0);   /* ends before the first day */
    assert_int_equal(days_in(c, 19700, 19730), 8);  /* 19723 .. 19730 */
    assert_int_equal(days_in(c, 19753, 19753), 1);
    assert_int_equal(days_in(c, 19754, 20000), 0);
    rt_customer_free(c);
}

static void weekly_user(void **state)
{
    (void)state;
    rt_customer *c = new_customer(0);
    /* Ten Mondays, in one sorted batch: days 19723 + 7k, k = 0 .. 9; the
     * last is 19723 + 63 = 19786. */
    int64_t times[10];
    for (int32_t k = 0; k < 10; k++)
        times[k] = at(JAN1_2024 + 7 * k, 9 * HOUR);
    assert_int_equal(rt_customer_add_events(c, times, 10, NULL), RT_OK);
    assert_int_equal(rt_customer_active_day_count(c), 10);
    assert_range(c, 19723, 19786);
    assert_true(mean_gap(c) == 7.0);               /* 63 / 9 */
    /* 19759 .. 19786 holds k = 6 .. 9 (19765, 19772, 19779, 19786); k = 5
     * is 19758, one day too early. */
    assert_int_equal(trailing(c, 19786, 28), 4);
    assert_int_equal(trailing(c, 19785, 28), 4);   /* 19758 .. 19785: k = 5 .. 8 */
    assert_int_equal(trailing(c, 19785, 7), 1);    /* 19779 .. 19785: k = 8 */
    assert_int_equal(trailing(c, 19778, 6), 0);    /* 19773 .. 19778: none */
    assert_int_equal(days_in(c, 19724, 19729), 0); /* between two Mondays */
    assert_int_equal(days_in(c, 19723, 19751), 5); /* k = 0 .. 4; 19751 = 19723 + 28 */
    rt_customer_free(c);
}

static void every_45_days(void **state)
{
    (void)state;
    rt_customer *c = new_customer(0);
    /* Days 19723 + 45k, k = 0 .. 3: 19723, 19768, 19813, 19858. */
    for (int32_t k = 0; k < 4; k++)
        assert_int_equal(rt_customer_add_event(c, at(JAN1_2024 + 45 * k, 0)), RT_OK);
    assert_int_equal(rt_customer_active_day_count(c), 4);
    assert_range(c, 19723, 19858);
    assert_true(mean_gap(c) == 45.0);              /* 135 / 3 */
    assert_int_equal(trailing(c, 19858, 28), 1);   /* 19831 .. 19858: 19858 */
    assert_int_equal(trailing(c, 19850, 30), 0);   /* 19821 .. 19850: none */
    assert_int_equal(trailing(c, 19858, 46), 2);   /* 19813 .. 19858 */
    assert_int_equal(trailing(c, 19858, 45), 1);   /* 19814 .. 19858 */
    assert_int_equal(days_in(c, 19768, 19813), 2);
    assert_int_equal(days_in(c, 19769, 19812), 0);
    rt_customer_free(c);
}

static void one_off(void **state)
{
    (void)state;
    rt_customer *c = new_customer(0);
    assert_int_equal(rt_customer_add_event(c, at(JAN1_2024, 23 * HOUR + 3599)), RT_OK);
    assert_int_equal(rt_customer_active_day_count(c), 1);
    assert_range(c, JAN1_2024, JAN1_2024);
    double g = -1.0;
    assert_int_equal(rt_customer_mean_gap(c, &g), RT_EUNDEFINED);  /* no gap with 1 day */
    assert_true(g == -1.0);
    assert_int_equal(trailing(c, JAN1_2024, 1), 1);
    assert_int_equal(trailing(c, JAN1_2024 - 1, 1), 0);
    assert_int_equal(trailing(c, JAN1_2024 + 29, 30), 1);  /* 19723 .. 19752 */
    assert_int_equal(trailing(c, JAN1_2024 + 30, 30), 0);  /* 19724 .. 19753 */
    rt_customer_free(c);
}

static void duplicates_and_disorder(void **state)
{
    (void)state;
    rt_customer *c = new_customer(0);
    /* Days 5, 3, 5, 1, 3, 3, 10 at various seconds: distinct {1, 3, 5, 10}. */
    const int64_t t[] = {at(5, 1), at(3, 86399), at(5, 40000), at(1, 0), at(3, 0),
                         at(3, 5), at(10, 7)};
    assert_int_equal(rt_customer_add_events(c, t, 7, NULL), RT_OK);
    assert_int_equal(rt_customer_active_day_count(c), 4);
    assert_range(c, 1, 10);
    assert_true(mean_gap(c) == 3.0);               /* (10 - 1) / 3 */
    assert_int_equal(days_in(c, 2, 5), 2);         /* 3, 5 */
    /* Repeating a batch changes nothing. */
    assert_int_equal(rt_customer_add_events(c, t, 7, NULL), RT_OK);
    assert_int_equal(rt_customer_active_day_count(c), 4);
    /* Single late events are inserted: 2 in the middle, 0 in front, and a
     * repeat of 10 is ignored: {0, 1, 2, 3, 5, 10}. */
    assert_int_equal(rt_customer_add_event(c, at(2, 100)), RT_OK);
    assert_int_equal(rt_customer_add_event(c, at(0, 100)), RT_OK);
    assert_int_equal(rt_customer_add_event(c, at(10, 0)), RT_OK);
    assert_int_equal(rt_customer_active_day_count(c), 6);
    assert_range(c, 0, 10);
    assert_true(mean_gap(c) == 2.0);               /* (10 - 0) / 5 */
    assert_int_equal(days_in(c, 0, 3), 4);
    assert_int_equal(days_in(c, 4, 9), 1);         /* 5 */
    /* A large unsorted batch (more than 16 times): day (7i mod 25) for
     * i = 0 .. 39; 7 is prime to 25, so i = 0 .. 24 reach every day 0 .. 24
     * and i = 25 .. 39 repeat. With {0, 1, 2, 3, 5, 10}: days 0 .. 24. */
    int64_t big[40];
    for (int32_t i = 0; i < 40; i++)
        big[i] = at(7 * i % 25, i * 1000);
    assert_int_equal(rt_customer_add_events(c, big, 40, NULL), RT_OK);
    assert_int_equal(rt_customer_active_day_count(c), 25);
    assert_range(c, 0, 24);
    assert_true(mean_gap(c) == 1.0);               /* 24 / 24 */
    for (int32_t d = 0; d < 25; d++)
        assert_int_equal(days_in(c, d, d), 1);
    /* A sorted batch that starts on the last day appends only the new days
     * 24 (repeat), 30, 31: 27 days. */
    const int64_t tail[] = {at(24, 9), at(30, 0), at(30, 5), at(31, 0)};
    assert_int_equal(rt_customer_add_events(c, tail, 4, NULL), RT_OK);
    assert_int_equal(rt_customer_active_day_count(c), 27);
    assert_range(c, 0, 31);
    assert_int_equal(days_in(c, 25, 29), 0);
    rt_customer_free(c);
}

static void negative_offset_near_midnight(void **state)
{
    (void)state;
    rt_customer *c = new_customer(-5 * HOUR);
    /* At -05:00: 2024-01-02T02:00Z is 2024-01-01 21:00 local (19723);
     * 04:59:59Z is 23:59:59 local (19723); 05:00:00Z is midnight local on
     * 2024-01-02 (19724). */
    assert_int_equal(rt_customer_add_event(c, at(JAN1_2024 + 1, 2 * HOUR)), RT_OK);
    assert_int_equal(rt_customer_active_day_count(c), 1);
    assert_range(c, JAN1_2024, JAN1_2024);
    assert_int_equal(rt_customer_add_event(c, at(JAN1_2024 + 1, 5 * HOUR - 1)), RT_OK);
    assert_int_equal(rt_customer_active_day_count(c), 1);
    assert_int_equal(rt_customer_add_event(c, at(JAN1_2024 + 1, 5 * HOUR)), RT_OK);
    assert_int_equal(rt_customer_active_day_count(c), 2);
    assert_range(c, JAN1_2024, JAN1_2024 + 1);
    /* 1970-01-01T03:00Z is 1969-12-31 22:00 at -05:00: day -1. */
    assert_int_equal(rt_customer_add_event(c, 3 * HOUR), RT_OK);
    assert_range(c, -1, JAN1_2024 + 1);
    rt_customer_free(c);

    /* +14:00: 2024-01-01T10:00Z is midnight local on 2024-01-02. */
    c = new_customer(14 * HOUR);
    assert_int_equal(rt_customer_add_event(c, at(JAN1_2024, 10 * HOUR)), RT_OK);
    assert_int_equal(rt_customer_add_event(c, at(JAN1_2024, 10 * HOUR - 1)), RT_OK);
    assert_range(c, JAN1_2024, JAN1_2024 + 1);
    rt_customer_free(c);
}

static void days_before_1970(void **state)
{
    (void)state;
    rt_customer *c = new_customer(0);
    /* -1 s is 1969-12-31T23:59:59Z (day -1), as is -86400 s (its midnight);
     * -86401 s is on day -2; -100 years of seconds is 1869-12-31 (day
     * -36525), the earliest supported time. */
    const int64_t t[] = {-1, -DAY, -DAY - 1, -CENTURY_SECONDS};
    assert_int_equal(rt_customer_add_events(c, t, 4, NULL), RT_OK);
    assert_int_equal(rt_customer_active_day_count(c), 3);
    assert_range(c, -36525, -1);
    assert_true(mean_gap(c) == 18262.0);           /* (-1 + 36525) / 2 = 36524 / 2 */
    assert_int_equal(days_in(c, -2, -1), 2);
    assert_int_equal(days_in(c, INT32_MIN, INT32_MAX), 3);
    assert_int_equal(trailing(c, 0, 2), 1);        /* -1 .. 0 */
    assert_int_equal(trailing(c, INT32_MIN, UINT32_MAX), 0);
    assert_int_equal(trailing(c, INT32_MAX, UINT32_MAX), 3);
    /* The latest supported time is 2069-12-31 (day 36525). */
    assert_int_equal(rt_customer_add_event(c, CENTURY_SECONDS), RT_OK);
    assert_range(c, -36525, 36525);
    rt_customer_free(c);
}

static void bad_input(void **state)
{
    (void)state;
    rt_customer *c = NULL;
    assert_int_equal(rt_customer_new(NULL, NULL), RT_EINVAL);
    assert_int_equal(rt_customer_options_init(NULL, 8), RT_EINVAL);
    rt_customer_options o;
    assert_int_equal(rt_customer_options_init(&o, 3), RT_EINVAL);
    rt_customer_options_init(&o, sizeof o);
    o.utc_offset_seconds = 18 * HOUR + 1;
    assert_int_equal(rt_customer_new(&o, &c), RT_EINVAL);
    assert_non_null(strstr(rt_last_error_message(), "utc_offset_seconds"));
    o.utc_offset_seconds = -18 * HOUR - 1;
    assert_int_equal(rt_customer_new(&o, &c), RT_EINVAL);
    o.utc_offset_seconds = 0;
    o.size = 3;
    assert_int_equal(rt_customer_new(&o, &c), RT_EINVAL);
    o.size = sizeof o;
    failalloc fa;
    rt_allocator hooks, half;
    failalloc_setup(&fa, &hooks);
    rt_allocator_init(&half, sizeof half);
    half.alloc_fn = hooks.alloc_fn;                 /* one hook of three */
    o.allocator = &half;
    assert_int_equal(rt_customer_new(&o, &c), RT_EINVAL);
    o.allocator = NULL;
    /* A newer caller's struct: unknown bytes must be zero. */
    struct { rt_customer_options o; uint64_t extra; } newer;
    memset(&newer, 0, sizeof newer);
    rt_customer_options_init(&newer.o, sizeof newer);
    newer.extra = 1;
    assert_int_equal(rt_customer_new(&newer.o, &c), RT_EVERSION);
    assert_null(c);
    newer.extra = 0;
    assert_int_equal(rt_customer_new(&newer.o, &c), RT_OK);
    rt_customer_free(c);
    c = NULL;
    assert_int_equal(rt_customer_new(&o, &c), RT_OK);
    rt_customer_free(NULL);

    /* Adding. */
    assert_int_equal(rt_customer_add_event(NULL, 0), RT_EINVAL);
    assert_int_equal(rt_customer_add_events(NULL, NULL, 0, NULL), RT_EINVAL);
    assert_int_equal(rt_customer_add_events(c, NULL, 1, NULL), RT_EINVAL);
    assert_int_equal(rt_customer_add_events(c, NULL, 0, NULL), RT_OK);
    assert_int_equal(rt_customer_add_event(c, CENTURY_SECONDS + 1), RT_ERANGE);
    assert_non_null(strstr(rt_last_error_message(), "rt_customer_add_event: time"));
    assert_int_equal(rt_customer_add_event(c, -CENTURY_SECONDS - 1), RT_ERANGE);
    assert_int_equal(rt_customer_add_event(c, INT64_MAX), RT_ERANGE);
    assert_int_equal(rt_customer_add_event(c, INT64_MIN), RT_ERANGE);
    assert_int_equal(rt_customer_active_day_count(c), 0);
    /* All or nothing: the good times before the bad one are not added,
     * whichever path the batch would take. */
    const int64_t sorted_bad[] = {at(1, 0), at(2, 0), CENTURY_SECONDS + 1, at(3, 0)};
    size_t bad_index = 99;
    assert_int_equal(rt_customer_add_events(c, sorted_bad, 4, &bad_index), RT_ERANGE);
    assert_int_equal(bad_index, 2);
    assert_non_null(strstr(rt_last_error_message(), "event 2"));
    assert_int_equal(rt_customer_active_day_count(c), 0);
    int64_t unsorted_bad[30];
    for (int32_t i = 0; i < 30; i++)
        unsorted_bad[i] = at(30 - i, 0);
    unsorted_bad[29] = INT64_MIN;
    bad_index = 99;
    assert_int_equal(rt_customer_add_events(c, unsorted_bad, 30, &bad_index), RT_ERANGE);
    assert_int_equal(bad_index, 29);
    assert_int_equal(rt_customer_active_day_count(c), 0);
    assert_int_equal(rt_customer_add_events(c, unsorted_bad, 30, NULL), RT_ERANGE);

    /* Queries on an empty customer and with bad arguments; outputs stay. */
    int32_t f = 7, l = 8;
    assert_int_equal(rt_customer_day_range(c, &f, &l), RT_EUNDEFINED);
    assert_int_equal(rt_customer_day_range(NULL, &f, &l), RT_EINVAL);
    assert_int_equal(rt_customer_day_range(c, NULL, &l), RT_EINVAL);
    assert_int_equal(rt_customer_day_range(c, &f, NULL), RT_EINVAL);
    assert_int_equal(f, 7);
    assert_int_equal(l, 8);
    assert_int_equal(days_in(c, 0, 100), 0);
    assert_int_equal(rt_customer_add_event(c, at(5, 0)), RT_OK);
    uint64_t n = 99;
    assert_int_equal(rt_customer_active_days(c, 6, 5, &n), RT_EINVAL);
    assert_non_null(strstr(rt_last_error_message(), "before first_day"));
    assert_int_equal(rt_customer_active_days(c, 5, 5, NULL), RT_EINVAL);
    assert_int_equal(rt_customer_active_days(NULL, 5, 5, &n), RT_EINVAL);
    assert_int_equal(rt_customer_active_days_trailing(c, 5, 0, &n), RT_EINVAL);
    assert_int_equal(rt_customer_active_days_trailing(c, 5, 1, NULL), RT_EINVAL);
    assert_int_equal(rt_customer_active_days_trailing(NULL, 5, 1, &n), RT_EINVAL);
    assert_int_equal(n, 99);
    double g = -1.0;
    assert_int_equal(rt_customer_mean_gap(NULL, &g), RT_EINVAL);
    assert_int_equal(rt_customer_mean_gap(c, NULL), RT_EINVAL);
    assert_int_equal(rt_customer_mean_gap(c, &g), RT_EUNDEFINED);
    assert_true(g == -1.0);
    assert_int_equal(rt_customer_active_day_count(NULL), 0);
    rt_customer_free(c);

    /* Snapshots. */
    rt_cohort *cohort;
    assert_int_equal(rt_cohort_new(NULL, &cohort), RT_OK);
    assert_int_equal(rt_cohort_add_event(cohort, 7, 0), RT_OK);
    c = NULL;
    assert_int_equal(rt_cohort_customer(cohort, 42, &c), RT_ENOTFOUND);
    assert_non_null(strstr(rt_last_error_message(), "no customer with id 42"));
    assert_null(c);
    assert_int_equal(rt_cohort_customer(NULL, 7, &c), RT_EINVAL);
    assert_int_equal(rt_cohort_customer(cohort, 7, NULL), RT_EINVAL);
    assert_null(c);
    assert_int_equal(rt_cohort_customer(cohort, 7, &c), RT_OK);
    assert_int_equal(rt_customer_active_day_count(c), 1);
    rt_cohort_free(cohort);                      /* the snapshot outlives it */
    assert_range(c, 0, 0);
    rt_customer_free(c);
    rt_cohort *empty;
    assert_int_equal(rt_cohort_new(NULL, &empty), RT_OK);
    assert_int_equal(rt_cohort_customer(empty, 0, &c), RT_ENOTFOUND);
    rt_cohort_free(empty);
}

/* What a customer answers over days [lo, lo + VIEW_SPAN). */
#define VIEW_SPAN 80
typedef struct view {
    uint64_t count;
    rt_status range_status;
    int32_t first, last;
    uint64_t on_day[VIEW_SPAN];
    uint64_t trailing7[VIEW_SPAN];
} view;

static view take_view(const rt_customer *c, int32_t lo)
{
    view v;
    memset(&v, 0, sizeof v);
    v.count = rt_customer_active_day_count(c);
    v.range_status = rt_customer_day_range(c, &v.first, &v.last);
    for (int32_t i = 0; i < VIEW_SPAN; i++) {
        v.on_day[i] = days_in(c, lo + i, lo + i);
        v.trailing7[i] = trailing(c, lo + i, 7);
    }
    return v;
}

/* Adds times to c with allocation k failing for k = 0, 1, ... until the
 * call succeeds; each failure must leave c as it was. Returns the number
 * of failures. */
static size_t add_until_success(rt_customer *c, failalloc *fa, const int64_t *t, size_t n)
{
    view before = take_view(c, -10);
    size_t failures = 0;
    FAILALLOC_SWEEP(fa, failures, rt_customer_add_events(c, t, n, NULL), {
        view now = take_view(c, -10);
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
    rt_customer_options o;
    rt_customer_options_init(&o, sizeof o);
    o.allocator = &hooks;

    rt_customer *c = NULL;
    size_t failures = 0;
    FAILALLOC_SWEEP(&fa, failures, rt_customer_new(&o, &c), {
        assert_null(c);
        assert_int_equal(fa.live, 0);
    });
    assert_int_equal(failures, 1);                 /* the handle itself */

    /* Append path into an empty customer: days 0 .. 19 (one allocation). */
    int64_t sorted[20];
    for (int32_t i = 0; i < 20; i++)
        sorted[i] = at(i, 0);
    assert_int_equal(add_until_success(c, &fa, sorted, 20), 1);
    /* Append that grows the array: days 20 .. 39 need capacity 40 > 20. */
    for (int32_t i = 0; i < 20; i++)
        sorted[i] = at(20 + i, 0);
    assert_int_equal(add_until_success(c, &fa, sorted, 20), 1);
    /* Small out-of-order batch: -3, -5 (and -3 again) insert in front; 40 +
     * 2 days exceed the capacity 40, so the array grows (to 60). */
    const int64_t few[] = {at(-3, 0), at(-5, 0), at(-3, 9)};
    assert_int_equal(add_until_success(c, &fa, few, 3), 1);
    /* Large out-of-order batch: days 60 down to 41 and -8: the bitmap, then
     * the array (42 + 21 days > capacity 60), two allocations. */
    int64_t big[21];
    for (int32_t i = 0; i < 20; i++)
        big[i] = at(60 - i, 0);
    big[20] = at(-8, 0);
    assert_int_equal(add_until_success(c, &fa, big, 21), 2);
    /* 40 + 2 + 21 days: -8, -5, -3, 0 .. 39, 41 .. 60. */
    assert_int_equal(rt_customer_active_day_count(c), 63);
    assert_range(c, -8, 60);
    /* A batch of repeats only adds nothing and allocates only the bitmap. */
    assert_int_equal(add_until_success(c, &fa, big, 21), 1);
    assert_int_equal(rt_customer_active_day_count(c), 63);
    rt_customer_free(c);
    assert_int_equal(fa.live, 0);

    /* Snapshots of a cohort member, in time order (handle + days) and out of
     * order (handle + bitmap + days). */
    rt_cohort_options cohort_options;
    rt_cohort_options_init(&cohort_options, sizeof cohort_options);
    cohort_options.allocator = &hooks;
    rt_cohort *cohort;
    assert_int_equal(rt_cohort_new(&cohort_options, &cohort), RT_OK);
    for (int32_t i = 0; i < 30; i++) {
        assert_int_equal(rt_cohort_add_event(cohort, 1, at(i, 0)), RT_OK);
        assert_int_equal(rt_cohort_add_event(cohort, 2, at(100 - 3 * i, 0)), RT_OK);
        assert_int_equal(rt_cohort_add_event(cohort, 2, at(100 - 3 * i, 0)), RT_OK);
    }
    size_t live = fa.live;
    const uint64_t members[] = {1, 2};
    const size_t allocations[] = {2, 3};
    for (size_t m = 0; m < 2; m++) {
        c = NULL;
        failures = 0;
        FAILALLOC_SWEEP(&fa, failures, rt_cohort_customer(cohort, members[m], &c), {
            assert_null(c);
            assert_int_equal(fa.live, live);
        });
        assert_int_equal(failures, allocations[m]);
        assert_int_equal(rt_customer_active_day_count(c), 30);
        /* Member 1: days 0 .. 29; member 2: 100 - 3i, i.e. 13 .. 100. */
        assert_range(c, m == 0 ? 0 : 13, m == 0 ? 29 : 100);
        rt_customer_free(c);
    }
    rt_cohort_free(cohort);
    assert_int_equal(fa.live, 0);
}

/* ---- Random populations against a brute-force reference. ---- */

#define R_CUSTOMERS 8
#define R_SPAN 200     /* days of the reference matrix */

static uint64_t rng_state = 0x2545F4914F6CDD1Du;
static uint64_t rnd(uint64_t n)  /* xorshift64*, uniform enough for tests */
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (rng_state * 2685821657736338717u >> 11) % n;
}

/* The reference: one bool per (customer, day), queried by counting. */
typedef struct reference {
    int32_t lo;        /* day of column 0 */
    bool active[R_CUSTOMERS][R_SPAN];
} reference;

static uint64_t ref_count(const reference *r, size_t k, int64_t first, int64_t last)
{
    uint64_t n = 0;
    for (int64_t d = first; d <= last; d++) {
        int64_t col = d - r->lo;
        n += col >= 0 && col < R_SPAN && r->active[k][col];
    }
    return n;
}

/* Compares a snapshot and a standalone customer with the reference row k. */
static void compare(const reference *r, size_t k, const rt_customer *snap,
                    const rt_customer *alone)
{
    uint64_t n = ref_count(r, k, r->lo, r->lo + R_SPAN - 1);
    assert_int_equal(rt_customer_active_day_count(snap), n);
    assert_int_equal(rt_customer_active_day_count(alone), n);
    int32_t first = 0, last = -1;  /* reference range: first and last set column */
    for (int32_t col = 0; col < R_SPAN; col++) {
        if (r->active[k][col]) {
            if (last < first)
                first = r->lo + col;
            last = r->lo + col;
        }
    }
    assert_range(snap, first, last);
    assert_range(alone, first, last);

    for (int32_t d = r->lo - 3; d < r->lo + R_SPAN + 3; d++) {
        uint64_t want = ref_count(r, k, d, d);
        assert_int_equal(days_in(snap, d, d), want);
        assert_int_equal(days_in(alone, d, d), want);
    }
    for (int i = 0; i < 40; i++) {
        int32_t a = r->lo - 5 + (int32_t)rnd(R_SPAN + 10);
        int32_t b = a + (int32_t)rnd(R_SPAN);
        uint64_t want = ref_count(r, k, a, b);
        assert_int_equal(days_in(snap, a, b), want);
        assert_int_equal(days_in(alone, a, b), want);
        uint32_t w = 1 + (uint32_t)rnd(i < 30 ? 40 : R_SPAN + 10);
        want = ref_count(r, k, (int64_t)b - w + 1, b);
        assert_int_equal(trailing(snap, b, w), want);
        assert_int_equal(trailing(alone, b, w), want);
    }

    double g_snap = -1.0, g_alone = -1.0;
    rt_status st = rt_customer_mean_gap(snap, &g_snap);
    assert_int_equal(rt_customer_mean_gap(alone, &g_alone), st);
    if (n < 2) {
        assert_int_equal(st, RT_EUNDEFINED);
        return;
    }
    assert_int_equal(st, RT_OK);
    /* Reference: the mean of the differences between consecutive days. */
    int64_t sum = 0, prev = -1;
    for (int32_t col = 0; col < R_SPAN; col++) {
        if (!r->active[k][col])
            continue;
        if (prev >= 0)
            sum += col - prev;
        prev = col;
    }
    double want = (double)sum / (double)(n - 1);
    assert_true(g_snap == want);
    assert_true(g_alone == want);
}

static void snapshots_match_standalone_and_reference(void **state)
{
    (void)state;
    enum { ROUNDS = 300, MAX_EVENTS = 600 };
    static uint64_t ids[MAX_EVENTS];
    static int64_t times[MAX_EVENTS];
    static size_t who[MAX_EVENTS];
    static int64_t mine[MAX_EVENTS];
    for (int round = 0; round < ROUNDS; round++) {
        reference r;
        memset(&r, 0, sizeof r);
        /* Anywhere in the supported range, before 1970 too. */
        r.lo = -36000 + (int32_t)rnd(72000 - R_SPAN);
        int32_t offset = (int32_t)rnd(36 * HOUR + 1) - 18 * HOUR;
        rt_cohort_options o;
        rt_cohort_options_init(&o, sizeof o);
        o.utc_offset_seconds = offset;
        rt_cohort *cohort;
        assert_int_equal(rt_cohort_new(&o, &cohort), RT_OK);
        rt_customer_options co;
        rt_customer_options_init(&co, sizeof co);
        co.utc_offset_seconds = offset;
        rt_customer *alone[R_CUSTOMERS];
        uint64_t id_of[R_CUSTOMERS];
        for (size_t k = 0; k < R_CUSTOMERS; k++) {
            assert_int_equal(rt_customer_new(&co, &alone[k]), RT_OK);
            id_of[k] = rnd(UINT64_MAX);
        }

        /* Events: a local day and a second of it, so the reference day is
         * known by construction; Unix time = local time - offset. Orders:
         * 0 random, 1 sorted by time, 2 sorted with 5% late events. Some
         * customers stay silent; some events repeat. */
        int order = (int)rnd(3);
        size_t silent = (size_t)rnd(3);  /* customers 0 .. silent-1 get no event */
        size_t n = 1 + (size_t)rnd(MAX_EVENTS);
        int32_t span = 1 + (int32_t)rnd(R_SPAN);
        for (size_t i = 0; i < n; i++) {
            if (i > 0 && rnd(10) == 0) {
                who[i] = who[i - 1];
                times[i] = times[i - 1];
                continue;
            }
            who[i] = silent + (size_t)rnd(R_CUSTOMERS - silent);
            int32_t col = (int32_t)rnd((uint64_t)span);
            if (order != 0)  /* drifts forward through the span */
                col = (int32_t)((int64_t)i * span / (int64_t)n);
            if (order == 2 && rnd(20) == 0)
                col = (int32_t)rnd((uint64_t)col + 1);
            times[i] = (int64_t)(r.lo + col) * DAY + (int64_t)rnd(DAY) - offset;
            r.active[who[i]][col] = true;
        }
        for (size_t i = 0; i < n; i++)
            ids[i] = id_of[who[i]];

        /* Into the cohort in random batches; into each standalone customer
         * its own events, in the same order, in random batches or singly. */
        for (size_t i = 0; i < n;) {
            size_t b = 1 + (size_t)rnd(50);
            if (b > n - i)
                b = n - i;
            assert_int_equal(rt_cohort_add_events(cohort, ids + i, times + i, b, NULL), RT_OK);
            i += b;
        }
        for (size_t k = 0; k < R_CUSTOMERS; k++) {
            size_t m = 0;
            for (size_t i = 0; i < n; i++) {
                if (who[i] == k)
                    mine[m++] = times[i];
            }
            for (size_t i = 0; i < m;) {
                size_t b = rnd(4) == 0 ? 1 : 1 + (size_t)rnd(40);
                if (b > m - i)
                    b = m - i;
                if (b == 1)
                    assert_int_equal(rt_customer_add_event(alone[k], mine[i]), RT_OK);
                else
                    assert_int_equal(rt_customer_add_events(alone[k], mine + i, b, NULL),
                                     RT_OK);
                i += b;
            }
        }

        for (size_t k = 0; k < R_CUSTOMERS; k++) {
            rt_customer *snap = NULL;
            rt_status st = rt_cohort_customer(cohort, id_of[k], &snap);
            if (ref_count(&r, k, r.lo, r.lo + R_SPAN - 1) == 0) {  /* silent */
                assert_int_equal(st, RT_ENOTFOUND);
                assert_int_equal(rt_customer_active_day_count(alone[k]), 0);
            } else {
                assert_int_equal(st, RT_OK);
                compare(&r, k, snap, alone[k]);
            }
            rt_customer_free(snap);
            rt_customer_free(alone[k]);
        }
        rt_cohort_free(cohort);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(jan1_is_day_19723),
        cmocka_unit_test(daily_user),
        cmocka_unit_test(weekly_user),
        cmocka_unit_test(every_45_days),
        cmocka_unit_test(one_off),
        cmocka_unit_test(duplicates_and_disorder),
        cmocka_unit_test(negative_offset_near_midnight),
        cmocka_unit_test(days_before_1970),
        cmocka_unit_test(bad_input),
        cmocka_unit_test(every_allocation_failure_changes_nothing),
        cmocka_unit_test(snapshots_match_standalone_and_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
