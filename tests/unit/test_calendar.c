/* Calendar arithmetic against the C library's gmtime/timegm (a second,
 * independent implementation) over the whole supported range, plus the
 * edges by hand: leap days, ISO week 53, offsets near midnight, pre-1970. */
#define _GNU_SOURCE  /* timegm */
#define _TIME_BITS 64  /* a 64-bit time_t on 32-bit glibc targets too (with _FILE_OFFSET_BITS=64) */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <time.h>

#include "core/calendar.h"

static void every_day_matches_gmtime(void **state)
{
    (void)state;
    for (int32_t day = -RTI_MAX_ABS_DAY; day <= RTI_MAX_ABS_DAY; day++) {
        time_t t = (time_t)day * 86400;
        struct tm tm;
        assert_non_null(gmtime_r(&t, &tm));
        int32_t y;
        uint32_t m, d;
        rti_civil_from_days(day, &y, &m, &d);
        assert_int_equal(y, tm.tm_year + 1900);
        assert_int_equal(m, (uint32_t)tm.tm_mon + 1);
        assert_int_equal(d, (uint32_t)tm.tm_mday);
        assert_int_equal(rti_days_from_civil(y, m, d), day);
        assert_int_equal(rti_month_of_day(day), (tm.tm_year - 70) * 12 + tm.tm_mon);
        if (d == 1)
            assert_int_equal(rti_month_start(rti_month_of_day(day)), day);
        /* ISO weekday 1..7 from tm_wday 0..6 (Sunday = 0). */
        uint32_t iso_wday = tm.tm_wday == 0 ? 7 : (uint32_t)tm.tm_wday;
        for (uint32_t first = 1; first <= 7; first++) {
            int32_t start = rti_week_start(rti_week_of_day(day, first), first);
            assert_true(start <= day && day < start + 7);
            assert_int_equal((iso_wday + 7 - first) % 7, (uint32_t)(day - start));
        }
    }
}

static void hand_checked_dates(void **state)
{
    (void)state;
    assert_int_equal(rti_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(rti_days_from_civil(1969, 12, 31), -1);
    assert_int_equal(rti_days_from_civil(2000, 3, 1) - rti_days_from_civil(2000, 2, 28), 2);
    assert_int_equal(rti_days_from_civil(1900, 3, 1) - rti_days_from_civil(1900, 2, 28), 1);
    assert_int_equal(rti_days_from_civil(2024, 2, 29), 19782);  /* 54 years, 13 leap days */
    /* 2020-12-28 (Mon) .. 2021-01-03 (Sun) is ISO week 53 of 2020: one week. */
    int32_t mon = rti_days_from_civil(2020, 12, 28), sun = rti_days_from_civil(2021, 1, 3);
    assert_int_equal(rti_week_of_day(mon, 1), rti_week_of_day(sun, 1));
    assert_int_equal(rti_week_of_day(sun + 1, 1), rti_week_of_day(mon, 1) + 1);
    assert_int_equal(rti_week_start(rti_week_of_day(sun, 1), 1), mon);
    /* With Sunday weeks the Sunday starts the next week. */
    assert_int_equal(rti_week_of_day(sun, 7), rti_week_of_day(mon, 7) + 1);
    /* Week 0 contains 1970-01-01, a Thursday: Monday weeks start 1969-12-29. */
    assert_int_equal(rti_week_of_day(0, 1), 0);
    assert_int_equal(rti_week_start(0, 1), -3);
    assert_int_equal(rti_week_start(0, 4), 0);
}

static void times_at_utc_offsets(void **state)
{
    (void)state;
    int32_t day = 99;
    /* 1970-01-01T00:30Z is still 1969-12-31 at UTC-01:00. */
    assert_true(rti_day_of_time(1800, -3600, &day));
    assert_int_equal(day, -1);
    assert_true(rti_day_of_time(1800, 0, &day));
    assert_int_equal(day, 0);
    /* One second before the epoch. */
    assert_true(rti_day_of_time(-1, 0, &day));
    assert_int_equal(day, -1);
    /* 2024-03-10T23:30-05:00 = 2024-03-11T04:30Z (1710131400). */
    assert_true(rti_day_of_time(1710131400, -5 * 3600, &day));
    assert_int_equal(day, rti_days_from_civil(2024, 3, 10));
    assert_true(rti_day_of_time(1710131400, 14 * 3600, &day));
    assert_int_equal(day, rti_days_from_civil(2024, 3, 11));
    /* The range ends 100 years (36,525 days) either side of 1970. */
    day = 99;
    assert_false(rti_day_of_time(RTI_MAX_ABS_SECONDS + 1, 0, &day));
    assert_false(rti_day_of_time(-RTI_MAX_ABS_SECONDS - 1, 0, &day));
    assert_false(rti_day_of_time(INT64_MIN, 0, &day));
    assert_int_equal(day, 99);
    assert_true(rti_day_of_time(-RTI_MAX_ABS_SECONDS, -RTI_MAX_ABS_UTC_OFFSET, &day));
    assert_int_equal(day, -RTI_MAX_ABS_DAY - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_day_matches_gmtime),
        cmocka_unit_test(hand_checked_dates),
        cmocka_unit_test(times_at_utc_offsets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
