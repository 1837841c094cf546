/* Start events (rt_cohort_add_starts) and cohorts by start
 * (rt_metrics_options::use_starts): the tables, survival and activity of
 * tiny populations worked out by hand in the comments, the all-or-nothing
 * ingestion, allocation failure, and callers of 1.0. The brute-force
 * comparison on random populations is test_starts_random.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "assert_close.h"
#include "failalloc.h"
#include "retention.h"

#define DAY 86400
/* 2024-01-01, a Monday: 1704067200 s / 86400. */
#define D0 19723

static int64_t at(int32_t day, int hour)
{
    return ((int64_t)D0 + day) * DAY + (int64_t)hour * 3600;
}

static rt_cohort *new_cohort(uint32_t inactivity_days)
{
    rt_cohort_options o;
    rt_cohort_options_init(&o, sizeof o);
    o.inactivity_days = inactivity_days;
    rt_cohort *c;
    assert_int_equal(rt_cohort_new(&o, &c), RT_OK);
    return c;
}

static rt_metrics *compute(const rt_cohort *c, rt_period period, int32_t first, int32_t last,
                           uint32_t use_starts)
{
    rt_metrics_options o;
    rt_metrics_options_init(&o, sizeof o);
    o.use_range = 1;
    o.first_day = D0 + first;
    o.last_day = D0 + last;
    o.period = period;
    o.use_starts = use_starts;
    rt_metrics *m;
    assert_int_equal(rt_cohort_metrics(c, &o, &m), RT_OK);
    return m;
}

static void expect_size(const rt_metrics *m, size_t cohort, uint64_t size)
{
    uint64_t got;
    assert_int_equal(rt_metrics_cohort(m, cohort, NULL, &got), RT_OK);
    assert_int_equal(got, size);
}

/* A row of a table: want[k] for the observed offsets 0 .. observed - 1,
 * censored from there on. */
static void expect_row(const rt_metrics *m, rt_retention_kind kind, size_t cohort,
                       const uint64_t *want, uint32_t observed)
{
    uint32_t columns = kind == RT_RETENTION_BRACKETS ? rt_metrics_bracket_count(m)
                                                     : rt_metrics_offset_count(m);
    for (uint32_t k = 0; k < columns; k++) {
        uint64_t active;
        uint32_t seen;
        assert_int_equal(rt_metrics_retention(m, kind, cohort, k, &active, &seen), RT_OK);
        assert_int_equal(seen, k < observed);
        assert_int_equal(active, k < observed ? want[k] : 0);
    }
}

/* The worked example of metrics.h ("Cohorts by start event"), days 0 to 4:
 *   A  start day 1           activity days 0, 2, 4
 *   B  starts days 1 and 3   activity day 3
 *   C  no start              activity days 0, 1, 2
 *   D  start day 2           activity days 2, 3
 * By start: cohort day 1 = {A, B}, day 2 = {D}; C left out, A's day 0
 * ignored. Exact: day 1: 2 (the starts), 1 (A day 2), 1 (B day 3), 1 (A day
 * 4); day 2: 1, 1 (D day 3), 0. On or after: day 1: 2, 2, 2 (A's last active
 * offset is 3, B's 2), 1; day 2: 1, 1, 0. Cohort c is observed up to offset
 * 4 - c. */
static rt_cohort *worked_example(void)
{
    rt_cohort *c = new_cohort(30);
    const uint64_t who[] = {'A', 'A', 'A', 'B', 'C', 'C', 'C', 'D', 'D'};
    const int64_t when[] = {at(0, 9), at(2, 9), at(4, 9), at(3, 23), at(0, 1), at(1, 1),
                            at(2, 1), at(2, 8), at(3, 8)};
    assert_int_equal(rt_cohort_add_events(c, who, when, 9, NULL), RT_OK);
    const uint64_t starters[] = {'B', 'A', 'D', 'B'};
    const int64_t started[] = {at(3, 0), at(1, 12), at(2, 9), at(1, 0)};  /* B's later one first */
    assert_int_equal(rt_cohort_add_starts(c, starters, started, 4, NULL), RT_OK);
    return c;
}

static void the_worked_example_by_day(void **state)
{
    (void)state;
    rt_cohort *c = worked_example();
    assert_int_equal(rt_cohort_start_count(c), 4);
    assert_int_equal(rt_cohort_customer_count(c), 4);
    int32_t day;
    assert_int_equal(rt_cohort_start_day(c, 'B', &day), RT_OK);
    assert_int_equal(day, D0 + 1);  /* the earliest, though it came last */
    assert_int_equal(rt_cohort_start_day(c, 'C', &day), RT_ENOTFOUND);
    assert_int_equal(rt_cohort_start_day(c, 'Z', &day), RT_ENOTFOUND);

    rt_metrics *m = compute(c, RT_PERIOD_DAY, 0, 4, 1);
    assert_int_equal(rt_metrics_cohort_count(m), 5);
    const uint64_t sizes[] = {0, 2, 1, 0, 0};
    for (size_t k = 0; k < 5; k++)
        expect_size(m, k, sizes[k]);
    const uint64_t exact1[] = {2, 1, 1, 1}, exact2[] = {1, 1, 0};
    const uint64_t after1[] = {2, 2, 2, 1}, after2[] = {1, 1, 0};
    expect_row(m, RT_RETENTION_EXACT, 1, exact1, 4);
    expect_row(m, RT_RETENTION_EXACT, 2, exact2, 3);
    expect_row(m, RT_RETENTION_ON_OR_AFTER, 1, after1, 4);
    expect_row(m, RT_RETENTION_ON_OR_AFTER, 2, after2, 3);
    /* Curve at offset 1: cohorts 0 .. 3 observed, (0 + 1 + 1 + 0) / 3;
     * offset 0 is 100 % by definition. */
    double rate;
    uint64_t customers;
    assert_int_equal(rt_metrics_retention_curve(m, RT_RETENTION_EXACT, 1, &rate, &customers),
                     RT_OK);
    assert_close(rate, 2.0 / 3.0, 1e-15, 0.0);
    assert_int_equal(customers, 3);
    assert_int_equal(rt_metrics_retention_curve(m, RT_RETENTION_EXACT, 0, &rate, NULL), RT_OK);
    assert_close(rate, 1.0, 0.0, 0.0);

    /* Activity is unchanged by start events: DAU 2 (A, C), 1 (C; A's start
     * is no activity), 3 (A, C, D), 2 (B, D), 1 (A). Lifecycle "new" stays the
     * first activity: day 0 A and C, day 2 D, day 3 B. */
    const uint64_t dau[] = {2, 1, 3, 2, 1}, fresh[] = {2, 0, 1, 1, 0};
    for (int32_t d = 0; d < 5; d++) {
        uint64_t got;
        assert_int_equal(rt_metrics_active(m, D0 + d, &got, NULL, NULL), RT_OK);
        assert_int_equal(got, dau[d]);
        assert_int_equal(rt_metrics_lifecycle(m, (size_t)d, RT_LIFECYCLE_NEW, &got), RT_OK);
        assert_int_equal(got, fresh[d]);
    }
    rt_metrics_free(m);

    /* The same cohort by first activity: day 0 {A, C}, day 2 {D}, day 3 {B}. */
    m = compute(c, RT_PERIOD_DAY, 0, 4, 0);
    const uint64_t first_sizes[] = {2, 0, 1, 1, 0};
    for (size_t k = 0; k < 5; k++)
        expect_size(m, k, first_sizes[k]);
    rt_metrics_free(m);
    rt_cohort_free(c);
}

/* Brackets of days since the start day, bounds 0, 1, 3 (day 0; days 1-2):
 * A is active 0, 1, 3 days after its start, B 0 and 2, D 0 and 1, so both
 * cohorts fill both brackets: day 1 {A, B} 2, 2; day 2 {D} 1, 1. Observed:
 * the last starter of day 2 reaches day 2 + 2 = 4, the end. */
static void brackets_count_days_since_the_start(void **state)
{
    (void)state;
    rt_cohort *c = worked_example();
    const uint32_t bounds[] = {0, 1, 3};
    rt_metrics_options o;
    rt_metrics_options_init(&o, sizeof o);
    o.use_range = 1;
    o.first_day = D0;
    o.last_day = D0 + 4;
    o.use_starts = 1;
    o.bracket_bounds = bounds;
    o.bracket_count = 2;
    rt_metrics *m;
    assert_int_equal(rt_cohort_metrics(c, &o, &m), RT_OK);
    const uint64_t two[] = {2, 2}, one[] = {1, 1};
    expect_row(m, RT_RETENTION_BRACKETS, 1, two, 2);
    expect_row(m, RT_RETENTION_BRACKETS, 2, one, 2);
    rt_metrics_free(m);
    rt_cohort_free(c);
}

/* ISO weeks, January 2024 (weeks from Mon Jan 1, 8, 15, 22, 29), end of
 * observation Wed Jan 31 (so the week of Jan 29 is censored):
 *   A  activity Jan 2; start Tue Jan 9; activity Jan 10, Jan 24
 *   B  activity Jan 2 (before its start, same week); start Wed Jan 3 and
 *      Jan 20; activity Jan 16
 *   C  no start; activity Jan 1, 8, 15
 *   D  start Sun Jan 14; activity Mon Jan 15, Mon Jan 29
 * By start: week 0 {B}, week 1 {A, D}.
 *   Exact, week 0: 1, 0 (B silent in week 1), 1 (Jan 16), 0; week 4 censored.
 *   Exact, week 1: 2, 1 (D Jan 15), 1 (A Jan 24); week 4 censored.
 *   On or after, week 0: 1, 1, 1 (B's last week is 2), 0.
 *   On or after, week 1: 2, 2, 2 (A's last week is 3, D's 4).
 * Curve, exact, offset 2: weeks 0 and 1 observed (week 2 + 2 is not):
 * (1 + 1) / 3. By first activity the week-0 cohort holds A, B and C, and
 * week 2 holds D (its start on Jan 14 is no activity). */
static void weeks_by_start_and_by_first_activity(void **state)
{
    (void)state;
    rt_cohort *c = new_cohort(30);
    const uint64_t who[] = {'A', 'A', 'A', 'B', 'B', 'C', 'C', 'C', 'D', 'D'};
    const int64_t when[] = {at(1, 10), at(9, 10), at(23, 10), at(1, 11), at(15, 11),
                            at(0, 12), at(7, 12), at(14, 12), at(14, 13), at(28, 13)};
    assert_int_equal(rt_cohort_add_events(c, who, when, 10, NULL), RT_OK);
    assert_int_equal(rt_cohort_add_start(c, 'A', at(8, 20)), RT_OK);
    assert_int_equal(rt_cohort_add_start(c, 'B', at(19, 20)), RT_OK);
    assert_int_equal(rt_cohort_add_start(c, 'B', at(2, 20)), RT_OK);
    assert_int_equal(rt_cohort_add_start(c, 'D', at(13, 23)), RT_OK);

    rt_metrics *m = compute(c, RT_PERIOD_WEEK, 0, 30, 1);
    assert_int_equal(rt_metrics_cohort_count(m), 5);
    const uint64_t sizes[] = {1, 2, 0, 0, 0};
    for (size_t k = 0; k < 5; k++)
        expect_size(m, k, sizes[k]);
    const uint64_t exact0[] = {1, 0, 1, 0}, exact1[] = {2, 1, 1};
    const uint64_t after0[] = {1, 1, 1, 0}, after1[] = {2, 2, 2};
    expect_row(m, RT_RETENTION_EXACT, 0, exact0, 4);
    expect_row(m, RT_RETENTION_EXACT, 1, exact1, 3);
    expect_row(m, RT_RETENTION_ON_OR_AFTER, 0, after0, 4);
    expect_row(m, RT_RETENTION_ON_OR_AFTER, 1, after1, 3);
    double rate;
    assert_int_equal(rt_metrics_retention_curve(m, RT_RETENTION_EXACT, 2, &rate, NULL), RT_OK);
    assert_close(rate, 2.0 / 3.0, 1e-15, 0.0);
    assert_int_equal(rt_metrics_retention_curve(m, RT_RETENTION_ON_OR_AFTER, 3, &rate, NULL),
                     RT_OK);
    assert_close(rate, 0.0, 0.0, 0.0);  /* only week 0 is observed at offset 3 */
    rt_metrics_free(m);

    m = compute(c, RT_PERIOD_WEEK, 0, 30, 0);
    const uint64_t first_sizes[] = {3, 0, 1, 0, 0};
    for (size_t k = 0; k < 5; k++)
        expect_size(m, k, first_sizes[k]);
    rt_metrics_free(m);
    rt_cohort_free(c);
}

/* Kaplan-Meier by start, inactivity threshold 2 days, days 0 to 9:
 *   P  activity day 0, start day 2, activity day 3: last active 3, silent
 *      6 > 2 days: ended at 3 - 2 = 1
 *   Q  start day 1, activity days 5, 8: silent 1 day: censored at 9 - 1 = 8
 *   R  start day 4, no activity: ended at 0
 *   S  activity every day, no start: left out
 *   T  activity day 1, start day 3, activity day 4: ended at 1
 * n_0 = 4, d_0 = 1 (R): S(0) = 3/4; n_1 = 3, d_1 = 2 (P, T): S(1) = 1/4,
 * constant until Q's censoring at 8. Median 1; mean restricted to 3 days
 * 3/4 + 1/4 + 1/4 = 1.25. */
static void survival_begins_at_the_start(void **state)
{
    (void)state;
    rt_cohort *c = new_cohort(2);
    assert_int_equal(rt_cohort_add_event(c, 'P', at(0, 5)), RT_OK);
    assert_int_equal(rt_cohort_add_event(c, 'P', at(3, 5)), RT_OK);
    assert_int_equal(rt_cohort_add_event(c, 'Q', at(5, 5)), RT_OK);
    assert_int_equal(rt_cohort_add_event(c, 'Q', at(8, 5)), RT_OK);
    for (int32_t d = 0; d <= 9; d++)
        assert_int_equal(rt_cohort_add_event(c, 'S', at(d, 5)), RT_OK);
    assert_int_equal(rt_cohort_add_event(c, 'T', at(1, 5)), RT_OK);
    assert_int_equal(rt_cohort_add_event(c, 'T', at(4, 5)), RT_OK);
    const uint64_t who[] = {'P', 'Q', 'R', 'T'};
    const int64_t when[] = {at(2, 1), at(1, 1), at(4, 1), at(3, 1)};
    assert_int_equal(rt_cohort_add_starts(c, who, when, 4, NULL), RT_OK);

    rt_metrics *m = compute(c, RT_PERIOD_DAY, 0, 9, 1);
    const uint64_t at_risk[] = {4, 3, 1, 1, 1, 1, 1, 1, 1, 0};
    const uint64_t ended[] = {1, 2, 0, 0, 0, 0, 0, 0, 0, 0};
    for (uint32_t t = 0; t < 10; t++) {
        uint64_t n, d;
        assert_int_equal(rt_metrics_survival_counts(m, t, &n, &d), RT_OK);
        assert_int_equal(n, at_risk[t]);
        assert_int_equal(d, ended[t]);
    }
    double s, median, rmst;
    assert_int_equal(rt_metrics_survival(m, 0, &s, NULL, NULL), RT_OK);
    assert_close(s, 0.75, 1e-15, 0.0);
    assert_int_equal(rt_metrics_survival(m, 5, &s, NULL, NULL), RT_OK);
    assert_close(s, 0.25, 1e-15, 0.0);
    assert_int_equal(rt_metrics_survival_median(m, &median), RT_OK);
    assert_close(median, 1.0, 0.0, 0.0);
    assert_int_equal(rt_metrics_survival_rmst(m, 3, &rmst), RT_OK);
    assert_close(rmst, 1.25, 1e-15, 0.0);
    rt_metrics_free(m);
    rt_cohort_free(c);
}

/* Without a range, cohorts by start span the start events' days too:
 * activity on days 0 .. 4, a start on day 6 and one on day -2. */
static void the_default_range_holds_the_starts(void **state)
{
    (void)state;
    rt_cohort *c = new_cohort(30);
    assert_int_equal(rt_cohort_add_event(c, 1, at(0, 0)), RT_OK);
    assert_int_equal(rt_cohort_add_event(c, 1, at(4, 0)), RT_OK);
    rt_metrics_options o;
    rt_metrics_options_init(&o, sizeof o);
    o.use_starts = 1;
    rt_metrics *m;
    int32_t first, last;
    assert_int_equal(rt_cohort_metrics(c, &o, &m), RT_OK);  /* no start: empty tables */
    assert_int_equal(rt_metrics_day_range(m, &first, &last), RT_OK);
    assert_int_equal(first, D0);
    assert_int_equal(last, D0 + 4);
    for (size_t k = 0; k < rt_metrics_cohort_count(m); k++)
        expect_size(m, k, 0);
    rt_metrics_free(m);

    assert_int_equal(rt_cohort_add_start(c, 2, at(6, 0)), RT_OK);
    assert_int_equal(rt_cohort_add_start(c, 1, at(-2, 0)), RT_OK);
    assert_int_equal(rt_cohort_metrics(c, &o, &m), RT_OK);
    assert_int_equal(rt_metrics_day_range(m, &first, &last), RT_OK);
    assert_int_equal(first, D0 - 2);
    assert_int_equal(last, D0 + 6);
    expect_size(m, 0, 1);  /* customer 1, started on day -2 */
    expect_size(m, 8, 1);  /* customer 2, started on day 6 */
    rt_metrics_free(m);
    o.use_starts = 0;  /* by first activity: the activity's range */
    assert_int_equal(rt_cohort_metrics(c, &o, &m), RT_OK);
    assert_int_equal(rt_metrics_day_range(m, &first, &last), RT_OK);
    assert_int_equal(first, D0);
    assert_int_equal(last, D0 + 4);
    rt_metrics_free(m);
    rt_cohort_free(c);

    /* Only starts: a range by start, none by first activity. */
    c = new_cohort(30);
    assert_int_equal(rt_cohort_add_start(c, 1, at(3, 0)), RT_OK);
    o.use_starts = 1;
    assert_int_equal(rt_cohort_metrics(c, &o, &m), RT_OK);
    assert_int_equal(rt_metrics_day_range(m, &first, &last), RT_OK);
    assert_int_equal(first, D0 + 3);
    assert_int_equal(last, D0 + 3);
    expect_size(m, 0, 1);
    rt_metrics_free(m);
    o.use_starts = 0;
    assert_int_equal(rt_cohort_metrics(c, &o, &m), RT_EUNDEFINED);
    rt_cohort_free(c);

    /* Neither: no range either way, and the message says what is missing. */
    c = new_cohort(30);
    o.use_starts = 1;
    assert_int_equal(rt_cohort_metrics(c, &o, &m), RT_EUNDEFINED);
    assert_non_null(strstr(rt_last_error_message(), "no activity nor start"));
    rt_cohort_free(c);
}

/* The cohort's UTC offset decides the start day, as for activity:
 * 2024-01-01T20:00Z is Jan 2 at UTC+5 and Jan 1 at UTC-5. */
static void the_start_day_is_a_civil_day(void **state)
{
    (void)state;
    const int32_t offsets[] = {5 * 3600, -5 * 3600};
    const int32_t days[] = {D0 + 1, D0};
    for (size_t i = 0; i < 2; i++) {
        rt_cohort_options o;
        rt_cohort_options_init(&o, sizeof o);
        o.utc_offset_seconds = offsets[i];
        rt_cohort *c;
        assert_int_equal(rt_cohort_new(&o, &c), RT_OK);
        assert_int_equal(rt_cohort_add_start(c, 9, at(0, 20)), RT_OK);
        int32_t day;
        assert_int_equal(rt_cohort_start_day(c, 9, &day), RT_OK);
        assert_int_equal(day, days[i]);
        rt_cohort_free(c);
    }
}

/* Everything observable of a cohort's starts, for "nothing changed". */
typedef struct snapshot {
    uint64_t customers, starts, events;
    int32_t start_day[8];  /* of ids 0 .. 7, INT32_MIN if none */
    uint64_t table[2][6][6];
} snapshot;

static snapshot take_snapshot(const rt_cohort *c)
{
    snapshot s;
    memset(&s, 0, sizeof s);
    s.customers = rt_cohort_customer_count(c);
    s.starts = rt_cohort_start_count(c);
    s.events = rt_cohort_event_count(c);
    for (uint64_t id = 0; id < 8; id++)
        if (rt_cohort_start_day(c, id, &s.start_day[id]) != RT_OK)
            s.start_day[id] = INT32_MIN;
    rt_metrics_options o;
    rt_metrics_options_init(&o, sizeof o);
    o.use_range = 1;
    o.first_day = D0;
    o.last_day = D0 + 5;
    o.use_starts = 1;
    rt_metrics *m;
    assert_int_equal(rt_cohort_metrics(c, &o, &m), RT_OK);
    for (size_t k = 0; k < 6; k++) {
        for (uint32_t j = 0; j < 6; j++) {
            uint32_t seen;
            assert_int_equal(rt_metrics_retention(m, RT_RETENTION_EXACT, k, j,
                                                  &s.table[0][k][j], &seen), RT_OK);
            assert_int_equal(rt_metrics_retention(m, RT_RETENTION_ON_OR_AFTER, k, j,
                                                  &s.table[1][k][j], &seen), RT_OK);
        }
    }
    rt_metrics_free(m);
    return s;
}

static void a_bad_record_adds_nothing(void **state)
{
    (void)state;
    rt_cohort *c = new_cohort(30);
    const uint64_t who[] = {0, 1, 2, 3};
    const int64_t when[] = {at(0, 1), at(1, 1), at(2, 1), at(3, 1)};
    assert_int_equal(rt_cohort_add_events(c, who, when, 4, NULL), RT_OK);
    assert_int_equal(rt_cohort_add_start(c, 1, at(1, 0)), RT_OK);
    snapshot before = take_snapshot(c);

    /* Record 3 of 6 is 200 years away: customers 4 .. 7 are not added, the
     * starts of 0 and 2 not recorded, 1's start not moved earlier. */
    const uint64_t ids[] = {0, 4, 1, 5, 2, 7};
    int64_t times[] = {at(0, 2), at(1, 2), at(0, 2), (int64_t)200 * 365 * DAY, at(2, 3),
                       at(3, 3)};
    size_t bad = 99;
    assert_int_equal(rt_cohort_add_starts(c, ids, times, 6, &bad), RT_ERANGE);
    assert_int_equal(bad, 3);
    assert_non_null(strstr(rt_last_error_message(), "rt_cohort_add_starts"));
    snapshot after = take_snapshot(c);
    assert_memory_equal(&after, &before, sizeof before);
    times[3] = INT64_MIN;
    assert_int_equal(rt_cohort_add_starts(c, ids, times, 6, NULL), RT_ERANGE);
    assert_int_equal(rt_cohort_add_start(c, 6, INT64_MAX), RT_ERANGE);
    assert_non_null(strstr(rt_last_error_message(), "rt_cohort_add_start"));
    after = take_snapshot(c);
    assert_memory_equal(&after, &before, sizeof before);

    /* NULL arguments; no record needs no array. */
    assert_int_equal(rt_cohort_add_starts(NULL, ids, times, 1, NULL), RT_EINVAL);
    assert_int_equal(rt_cohort_add_starts(c, NULL, times, 1, NULL), RT_EINVAL);
    assert_int_equal(rt_cohort_add_starts(c, ids, NULL, 1, NULL), RT_EINVAL);
    assert_int_equal(rt_cohort_add_starts(c, NULL, NULL, 0, NULL), RT_OK);
    assert_int_equal(rt_cohort_add_start(NULL, 1, 0), RT_EINVAL);
    assert_non_null(strstr(rt_last_error_message(), "rt_cohort_add_start"));
    int32_t day;
    assert_int_equal(rt_cohort_start_day(NULL, 1, &day), RT_EINVAL);
    assert_int_equal(rt_cohort_start_day(c, 1, NULL), RT_EINVAL);
    assert_non_null(strstr(rt_last_error_message(), "rt_cohort_start_day"));
    assert_int_equal(rt_cohort_start_count(NULL), 0);
    after = take_snapshot(c);
    assert_memory_equal(&after, &before, sizeof before);

    /* A cohort's first starts failing leave it without any. */
    rt_cohort *fresh = new_cohort(30);
    assert_int_equal(rt_cohort_add_starts(fresh, ids, times, 6, NULL), RT_ERANGE);
    assert_int_equal(rt_cohort_customer_count(fresh), 0);
    assert_int_equal(rt_cohort_start_day(fresh, 0, &day), RT_ENOTFOUND);
    assert_int_equal(rt_cohort_add_event(fresh, 0, at(0, 0)), RT_OK);
    assert_int_equal(rt_cohort_start_day(fresh, 0, &day), RT_ENOTFOUND);
    rt_cohort_free(fresh);

    /* The good records then go in: 1's start moves to day 0 (its earliest),
     * new customers 4, 5 and 7 have a start and no activity. */
    times[3] = at(5, 0);
    assert_int_equal(rt_cohort_add_starts(c, ids, times, 6, NULL), RT_OK);
    assert_int_equal(rt_cohort_start_count(c), 7);
    assert_int_equal(rt_cohort_customer_count(c), 7);
    assert_int_equal(rt_cohort_start_day(c, 1, &day), RT_OK);
    assert_int_equal(day, D0);
    rt_cohort_free(c);
}

/* Adds starts of 100 customers (beyond the 64 records staged without
 * allocating), 50 of them new. */
static rt_status add_hundred(rt_cohort *c)
{
    uint64_t ids[100];
    int64_t times[100];
    for (size_t i = 0; i < 100; i++) {
        ids[i] = i * 1000003u % 101;  /* 0 .. 100, shuffled */
        times[i] = at((int32_t)(i % 5), (int)(i % 24));
    }
    return rt_cohort_add_starts(c, ids, times, 100, NULL);
}

static rt_status add_one(rt_cohort *c)
{
    return rt_cohort_add_start(c, 1000, at(2, 0));
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
    rt_status (*const ops[])(rt_cohort *) = {add_hundred, add_one};
    /* A cohort without starts (the start column is created) and one with
     * (it grows with new customers), each for a batch and a single start. */
    for (size_t with_starts = 0; with_starts < 2; with_starts++) {
        for (size_t op = 0; op < 2; op++) {
            rt_cohort *c;
            assert_int_equal(rt_cohort_new(&o, &c), RT_OK);
            uint64_t ids[50];
            int64_t times[50];
            for (size_t i = 0; i < 50; i++) {
                ids[i] = 2 * i;
                times[i] = at((int32_t)(i % 6), 0);
            }
            assert_int_equal(rt_cohort_add_events(c, ids, times, 50, NULL), RT_OK);
            if (with_starts)
                assert_int_equal(rt_cohort_add_starts(c, ids, times, 10, NULL), RT_OK);
            snapshot before = take_snapshot(c);
            size_t live = fa.live, failures = 0;
            FAILALLOC_SWEEP(&fa, failures, ops[op](c), {
                assert_non_null(strstr(rt_last_error_message(), "rt_cohort_add_start"));
                assert_int_equal(fa.live, live);
                snapshot now = take_snapshot(c);
                assert_memory_equal(&now, &before, sizeof now);
            });
            assert_true(failures >= (op == 0 ? 2u : 0u) + (with_starts ? 0u : 1u));
            snapshot after = take_snapshot(c);
            assert_true(after.starts > before.starts);

            /* And the computation by start, at each of its allocations. */
            rt_metrics_options mo;
            rt_metrics_options_init(&mo, sizeof mo);
            mo.use_starts = 1;
            rt_metrics *m = NULL;
            failures = 0;
            FAILALLOC_SWEEP(&fa, failures, rt_cohort_metrics(c, &mo, &m), assert_null(m));
            assert_true(failures >= 3);
            rt_metrics_free(m);
            rt_cohort_free(c);
        }
    }
    assert_int_equal(fa.live, 0);
}

/* A caller built against 1.0 passes the 1.0 size of rt_metrics_options,
 * which ends before use_starts: cohorts by first activity, as in 1.0. */
static void callers_of_1_0_get_cohorts_by_first_activity(void **state)
{
    (void)state;
    rt_cohort *c = worked_example();
    struct {
        rt_metrics_options o;
        uint64_t guard;
    } old;
    memset(&old, 0xA5, sizeof old);
    assert_int_equal(rt_metrics_options_init(&old.o, offsetof(rt_metrics_options, use_starts)),
                     RT_OK);
    assert_int_equal(old.o.size, offsetof(rt_metrics_options, use_starts));
    const unsigned char *tail = (const unsigned char *)&old.o + old.o.size;
    assert_int_equal(tail[0], 0xA5);  /* the init wrote only what the caller has */
    old.o.use_range = 1;
    old.o.first_day = D0;
    old.o.last_day = D0 + 4;
    rt_metrics *m;
    assert_int_equal(rt_cohort_metrics(c, &old.o, &m), RT_OK);
    expect_size(m, 0, 2);  /* A and C, by their first activity */
    rt_metrics_free(m);

    /* And metrics by start do not merge with metrics by first activity. */
    rt_metrics *by_start = compute(c, RT_PERIOD_DAY, 0, 4, 1);
    rt_metrics *by_first = compute(c, RT_PERIOD_DAY, 0, 4, 0);
    assert_int_equal(rt_metrics_merge(by_first, by_start), RT_EINVAL);
    assert_non_null(strstr(rt_last_error_message(), "use_starts"));
    rt_metrics_free(by_start);
    rt_metrics_free(by_first);
    rt_cohort_free(c);
}

/* Segments restrict the cohorts by start too; a customer known only by its
 * start can be put in a segment. */
static void segments_restrict_the_starters(void **state)
{
    (void)state;
    rt_cohort *c = worked_example();
    assert_int_equal(rt_cohort_add_start(c, 'E', at(1, 0)), RT_OK);  /* start only */
    assert_int_equal(rt_cohort_set_segment(c, 'E', 7), RT_OK);
    assert_int_equal(rt_cohort_set_segment(c, 'B', 7), RT_OK);
    rt_metrics_options o;
    rt_metrics_options_init(&o, sizeof o);
    o.use_range = 1;
    o.first_day = D0;
    o.last_day = D0 + 4;
    o.use_starts = 1;
    o.use_segment = 1;
    o.segment = 7;
    rt_metrics *m;
    assert_int_equal(rt_cohort_metrics(c, &o, &m), RT_OK);
    /* Cohort day 1 = {B, E}: B back on day 3 (offset 2), E never. */
    expect_size(m, 1, 2);
    expect_size(m, 2, 0);
    const uint64_t exact[] = {2, 0, 1, 0};
    expect_row(m, RT_RETENTION_EXACT, 1, exact, 4);
    rt_metrics_free(m);
    rt_cohort_free(c);
}

/* Everything but the results by start ignores start events: two cohorts
 * with the same activity and purchases, one with starts (some of customers
 * known only by them), give the same churn, frequency, at-risk and RFM
 * summaries. */
static void other_results_ignore_starts(void **state)
{
    (void)state;
    rt_cohort *plain = new_cohort(30), *started = new_cohort(30);
    rt_cohort *both[] = {plain, started};
    for (size_t i = 0; i < 2; i++) {
        for (uint64_t id = 0; id < 20; id++) {
            for (int32_t d = (int32_t)(id % 7); d < 60; d += 3 + (int32_t)(id % 5))
                assert_int_equal(rt_cohort_add_purchase(both[i], id, at(d, 10),
                                                        (double)(id + 1)), RT_OK);
        }
    }
    for (uint64_t id = 5; id < 30; id++)  /* 20 .. 29: customers only by their start */
        assert_int_equal(rt_cohort_add_start(started, id, at((int32_t)(id % 40), 3)), RT_OK);
    assert_int_equal(rt_cohort_customer_count(plain), 20);
    assert_int_equal(rt_cohort_customer_count(started), 30);

    rt_churn_result churn[2];
    uint64_t buckets[2][6], risky[2];
    size_t risk_count[2], rfm_count[2];
    for (size_t i = 0; i < 2; i++) {
        rt_churn_result_init(&churn[i], sizeof churn[i]);
        assert_int_equal(rt_cohort_churn(both[i], D0 + 20, D0 + 50, NULL, &churn[i]), RT_OK);
        rt_frequency_options fo;
        rt_frequency_options_init(&fo, sizeof fo);
        fo.as_of_day = D0 + 59;
        rt_frequency *f;
        assert_int_equal(rt_cohort_frequency(both[i], &fo, &f), RT_OK);
        for (int b = RT_FREQUENCY_NEW; b <= RT_FREQUENCY_DORMANT; b++)
            assert_int_equal(rt_frequency_count(f, (rt_frequency_bucket)b, &buckets[i][b]),
                             RT_OK);
        rt_frequency_free(f);
        rt_risk_options ro;
        rt_risk_options_init(&ro, sizeof ro);
        ro.as_of_day = D0 + 59;
        assert_int_equal(rt_cohort_at_risk(both[i], &ro, NULL, NULL, NULL, 0, &risk_count[i],
                                           &risky[i]), RT_OK);
        rt_rfm_summary_options so;
        rt_rfm_summary_options_init(&so, sizeof so);
        so.calibration_end_day = D0 + 59;
        assert_int_equal(rt_cohort_rfm_customers(both[i], &so, NULL, NULL, NULL, NULL, NULL,
                                                 NULL, 0, &rfm_count[i]), RT_OK);
    }
    assert_memory_equal(&churn[0], &churn[1], sizeof churn[0]);
    assert_memory_equal(buckets[0], buckets[1], sizeof buckets[0]);
    assert_int_equal(risky[0], risky[1]);
    assert_int_equal(risk_count[0], risk_count[1]);
    assert_int_equal(rfm_count[0], 20);
    assert_int_equal(rfm_count[1], 20);
    rt_cohort_free(plain);
    rt_cohort_free(started);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_worked_example_by_day),
        cmocka_unit_test(brackets_count_days_since_the_start),
        cmocka_unit_test(weeks_by_start_and_by_first_activity),
        cmocka_unit_test(survival_begins_at_the_start),
        cmocka_unit_test(the_default_range_holds_the_starts),
        cmocka_unit_test(the_start_day_is_a_civil_day),
        cmocka_unit_test(a_bad_record_adds_nothing),
        cmocka_unit_test(every_allocation_failure_changes_nothing),
        cmocka_unit_test(callers_of_1_0_get_cohorts_by_first_activity),
        cmocka_unit_test(segments_restrict_the_starters),
        cmocka_unit_test(other_results_ignore_starts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
