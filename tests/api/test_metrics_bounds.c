/* rt_cohort_metrics's bounds: memory that follows the work, not the square
 * of the range (issue 15), and every option field checked at both edges of
 * its documented range. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "failalloc.h"
#include "expect_cell.h"
#include "retention.h"

#define DAY 86400
#define EDGE 36525  /* the documented range: days -36525 .. 36525 from 1970 */

/* An allocator that counts the bytes live and their peak, and refuses any
 * allocation that would take the live total over a cap. */
typedef struct metered {
    size_t live, peak, cap;
} metered;

static void *metered_alloc(void *user, size_t size)
{
    metered *m = user;
    if (size > m->cap - m->live)
        return NULL;
    size_t *block = malloc(sizeof(size_t) + size);
    if (block == NULL)
        return NULL;
    *block = size;
    m->live += size;
    m->peak = m->live > m->peak ? m->live : m->peak;
    return block + 1;
}

static void metered_free(void *user, void *ptr)
{
    metered *m = user;
    if (ptr == NULL)
        return;
    size_t *block = (size_t *)ptr - 1;
    m->live -= *block;
    free(block);
}

static void *metered_realloc(void *user, void *ptr, size_t size)
{
    if (ptr == NULL)
        return metered_alloc(user, size);
    size_t old = ((size_t *)ptr)[-1];
    void *fresh = metered_alloc(user, size);
    if (fresh == NULL)
        return NULL;
    memcpy(fresh, ptr, old < size ? old : size);
    metered_free(user, ptr);
    return fresh;
}

static rt_cohort *metered_cohort(metered *meter, rt_allocator *hooks)
{
    *meter = (metered){0, 0, (size_t)64 << 20};  /* 64 MiB */
    rt_allocator_init(hooks, sizeof *hooks);
    hooks->alloc_fn = metered_alloc;
    hooks->realloc_fn = metered_realloc;
    hooks->free_fn = metered_free;
    hooks->user = meter;
    rt_cohort_options o;
    rt_cohort_options_init(&o, sizeof o);
    o.allocator = hooks;
    rt_cohort *c;
    assert_int_equal(rt_cohort_new(&o, &c), RT_OK);
    return c;
}

/* Customer 1 on the range's first day, customer 2 on its last. */
static rt_cohort *customers_at_the_edges(metered *meter, rt_allocator *hooks)
{
    rt_cohort *c = metered_cohort(meter, hooks);
    const uint64_t ids[] = {1, 2};
    const int64_t times[] = {-(int64_t)EDGE * DAY, (int64_t)EDGE * DAY};
    assert_int_equal(rt_cohort_add_events(c, ids, times, 2, NULL), RT_OK);
    return c;
}

/* Two customers at the two edges of the range, one event each: 73,051
 * daily cohorts of which 2 are non-empty. The tables used to take
 * 73,051^2 cells of 8 bytes each, twice (2 x 39.8 GiB); the bound of
 * metrics.h, 8 (9D + 6P + W) + 8 R (T K + B) bytes with D = P = 73,051,
 * W = 28, R = 2, T = 2, K = 1001, B = 0, is 8.80 MB, plus 20 bytes a day
 * (1.46 MB) while computing. */
static void edges_of_the_range_cost_megabytes(void **state)
{
    (void)state;
    metered meter;
    rt_allocator hooks;
    rt_cohort *c = customers_at_the_edges(&meter, &hooks);
    size_t before = meter.live;
    meter.peak = before;
    rt_metrics *m;
    assert_int_equal(rt_cohort_metrics(c, NULL, &m), RT_OK);
    assert_true(meter.peak - before < (size_t)11 << 20);  /* 8.80 + 1.46 MB, and slack */
    assert_int_equal(rt_metrics_cohort_count(m), 2 * EDGE + 1);
    assert_int_equal(rt_metrics_offset_count(m), RT_METRICS_DEFAULT_MAX_OFFSET + 1);
    /* Customer 1 starts cohort 0 and is never seen again; every offset up
     * to 1000 days later is observed. Customer 2 starts the last cohort,
     * whose offset 1 lies after the end. Cohort 1 is empty. */
    expect_cell(m, RT_RETENTION_EXACT, 0, 0, 1, 1);
    expect_cell(m, RT_RETENTION_EXACT, 0, 1000, 0, 1);
    expect_cell(m, RT_RETENTION_ON_OR_AFTER, 0, 1, 0, 1);
    expect_cell(m, RT_RETENTION_EXACT, 2 * EDGE, 0, 1, 1);
    expect_cell(m, RT_RETENTION_EXACT, 2 * EDGE, 1, 0, 0);
    expect_cell(m, RT_RETENTION_ON_OR_AFTER, 1, 0, 0, 1);
    uint64_t size = 9;
    assert_int_equal(rt_metrics_cohort(m, 1, NULL, &size), RT_OK);
    assert_int_equal(size, 0);
    /* Curve at offset 0: both customers of the two observed cohorts, 2/2. */
    double rate;
    uint64_t customers;
    assert_int_equal(rt_metrics_retention_curve(m, RT_RETENTION_EXACT, 0, &rate, &customers),
                     RT_OK);
    assert_int_equal(customers, 2);
    assert_true(rate == 1.0);
    /* Kaplan-Meier over 73,051 days: customer 1 ended at 0 days (silent for
     * 73,050 days), customer 2 is censored at 0: S(0) = 1 - 1/2. */
    double s;
    assert_int_equal(rt_metrics_survival(m, 0, &s, NULL, NULL), RT_OK);
    assert_true(s == 0.5);
    assert_int_equal(rt_metrics_survival(m, 2 * EDGE, &s, NULL, NULL), RT_OK);
    assert_true(s == 0.5);

    /* Merging a copy adds the same rows: still about 9 MB each. */
    rt_metrics *again;
    assert_int_equal(rt_cohort_metrics(c, NULL, &again), RT_OK);
    assert_int_equal(rt_metrics_merge(m, again), RT_OK);
    expect_cell(m, RT_RETENTION_EXACT, 2 * EDGE, 0, 2, 1);
    rt_metrics_free(again);
    rt_metrics_free(m);
    rt_cohort_free(c);
    assert_int_equal(meter.live, 0);
}

/* Without tables, the weekly metrics of the same two customers hold no
 * cell at all, and asking for one is refused. */
static void tables_only_when_asked(void **state)
{
    (void)state;
    metered meter;
    rt_allocator hooks;
    rt_cohort *c = customers_at_the_edges(&meter, &hooks);
    rt_metrics_options o;
    rt_metrics_options_init(&o, sizeof o);
    assert_int_equal(o.tables, RT_TABLE_EXACT | RT_TABLE_ON_OR_AFTER);  /* the default */
    o.period = RT_PERIOD_WEEK;
    o.tables = RT_TABLE_ON_OR_AFTER;
    rt_metrics *m;
    assert_int_equal(rt_cohort_metrics(c, &o, &m), RT_OK);
    expect_cell(m, RT_RETENTION_ON_OR_AFTER, 0, 0, 1, 1);
    uint64_t active;
    uint32_t observed;
    double rate;
    assert_int_equal(rt_metrics_retention(m, RT_RETENTION_EXACT, 0, 0, &active, &observed),
                     RT_EINVAL);
    assert_non_null(strstr(rt_last_error_message(), "tables"));
    assert_int_equal(rt_metrics_retention_curve(m, RT_RETENTION_EXACT, 0, &rate, NULL),
                     RT_EINVAL);
    rt_metrics *other;
    o.tables = RT_TABLE_EXACT | RT_TABLE_ON_OR_AFTER;
    assert_int_equal(rt_cohort_metrics(c, &o, &other), RT_OK);
    assert_int_equal(rt_metrics_merge(m, other), RT_EINVAL);  /* different tables */
    rt_metrics_free(other);
    rt_metrics_free(m);
    rt_cohort_free(c);
}

/* Customer 1, active on day 0 only. */
static rt_cohort *one_event_on_day_0(void)
{
    rt_cohort *c;
    assert_int_equal(rt_cohort_new(NULL, &c), RT_OK);
    assert_int_equal(rt_cohort_add_event(c, 1, 0), RT_OK);
    return c;
}

/* Computes with o and expects st; a refusal leaves *out untouched and
 * names the field in the message. */
static void expect_compute(const rt_cohort *c, const rt_metrics_options *o, rt_status st,
                           const char *field)
{
    rt_metrics *sentinel = (rt_metrics *)(uintptr_t)0x1, *m = sentinel;
    assert_int_equal(rt_cohort_metrics(c, o, &m), st);
    if (st != RT_OK) {
        assert_ptr_equal(m, sentinel);
        assert_non_null(strstr(rt_last_error_message(), "rt_cohort_metrics"));
        assert_non_null(strstr(rt_last_error_message(), field));
        return;
    }
    rt_metrics_free(m);
}

static void options_at_their_edges(void **state)
{
    (void)state;
    rt_cohort *c = one_event_on_day_0();
    rt_metrics_options o;
    /* The struct ends at its last member (no tail padding to hide a field). */
    assert_int_equal(offsetof(rt_metrics_options, reserved) + sizeof o.reserved, sizeof o);

#define FRESH() rt_metrics_options_init(&o, sizeof o)
    FRESH(); o.use_range = 1; o.first_day = -EDGE; o.last_day = -EDGE;
    expect_compute(c, &o, RT_OK, "");
    o.first_day = -EDGE - 1;
    expect_compute(c, &o, RT_ERANGE, "first_day");
    FRESH(); o.use_range = 1; o.first_day = EDGE; o.last_day = EDGE;
    expect_compute(c, &o, RT_OK, "");
    o.last_day = EDGE + 1;
    expect_compute(c, &o, RT_ERANGE, "last_day");
    o.first_day = 10; o.last_day = 9;
    expect_compute(c, &o, RT_EINVAL, "last_day");
    FRESH(); o.use_range = 2;
    expect_compute(c, &o, RT_EINVAL, "use_range");
    FRESH(); o.period = RT_PERIOD_MONTH;
    expect_compute(c, &o, RT_OK, "");
    o.period = (rt_period)3;
    expect_compute(c, &o, RT_EINVAL, "period");
    o.period = (rt_period)-1;
    expect_compute(c, &o, RT_EINVAL, "period");
    FRESH(); o.use_segment = 1; o.segment = UINT32_MAX;  /* any segment */
    expect_compute(c, &o, RT_OK, "");
    o.use_segment = 2;
    expect_compute(c, &o, RT_EINVAL, "use_segment");
    FRESH(); o.trailing_days = RT_METRICS_MAX_DAYS;
    expect_compute(c, &o, RT_OK, "");
    o.trailing_days = RT_METRICS_MAX_DAYS + 1;
    expect_compute(c, &o, RT_EINVAL, "trailing_days");
    o.trailing_days = UINT32_MAX;  /* asked for 32 GiB and overflowed before */
    expect_compute(c, &o, RT_EINVAL, "trailing_days");
    FRESH(); o.tables = 0;
    expect_compute(c, &o, RT_OK, "");
    o.tables = RT_TABLE_EXACT | RT_TABLE_ON_OR_AFTER;
    expect_compute(c, &o, RT_OK, "");
    o.tables = 4;
    expect_compute(c, &o, RT_EINVAL, "tables");
    FRESH(); o.use_starts = 1;  /* a cohort without starts: empty tables */
    expect_compute(c, &o, RT_OK, "");
    o.use_starts = 2;
    expect_compute(c, &o, RT_EINVAL, "use_starts");
    FRESH(); o.reserved = 1;
    expect_compute(c, &o, RT_EINVAL, "reserved");

    /* Brackets: the last bound at most RT_METRICS_MAX_DAYS; the count is
     * refused before the array is read. */
    const uint32_t widest[] = {0, RT_METRICS_MAX_DAYS};
    const uint32_t too_wide[] = {0, RT_METRICS_MAX_DAYS + 1};
    FRESH(); o.bracket_bounds = widest; o.bracket_count = 1;
    expect_compute(c, &o, RT_OK, "");
    o.bracket_bounds = too_wide;
    expect_compute(c, &o, RT_EINVAL, "bracket_bounds");
    o.bracket_count = RT_METRICS_MAX_DAYS + 1;
    expect_compute(c, &o, RT_EINVAL, "bracket_count");
    o.bracket_count = 0;  /* none: the pointer is not read */
    o.bracket_bounds = (const uint32_t *)(uintptr_t)0x1;
    expect_compute(c, &o, RT_OK, "");
#undef FRESH
    rt_cohort_free(c);
}

/* The trailing window at its longest: the histogram has 73,052 entries and
 * the one customer (active on day 0, the last day) is active on 1 of them. */
static void longest_trailing_window(void **state)
{
    (void)state;
    rt_cohort *c = one_event_on_day_0();
    rt_metrics_options o;
    rt_metrics_options_init(&o, sizeof o);
    o.trailing_days = RT_METRICS_MAX_DAYS;
    rt_metrics *m;
    assert_int_equal(rt_cohort_metrics(c, &o, &m), RT_OK);
    uint64_t n = 9;
    assert_int_equal(rt_metrics_trailing_histogram(m, 1, &n), RT_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rt_metrics_trailing_histogram(m, RT_METRICS_MAX_DAYS, &n), RT_OK);
    assert_int_equal(n, 0);
    assert_int_equal(rt_metrics_trailing_histogram(m, RT_METRICS_MAX_DAYS + 1, &n), RT_ERANGE);
    rt_metrics_free(m);
    rt_cohort_free(c);
}

/* max_offset: 0 keeps offset 0 only; UINT32_MAX keeps every offset of the
 * range (here 11 days: 11); the default keeps 1001 when the range is
 * longer (2001 days). */
static void offsets_kept(void **state)
{
    (void)state;
    rt_cohort *c = one_event_on_day_0();
    rt_metrics_options o;
    rt_metrics_options_init(&o, sizeof o);
    assert_int_equal(o.max_offset, RT_METRICS_DEFAULT_MAX_OFFSET);
    o.use_range = 1;
    o.first_day = 0;
    o.last_day = 10;
    struct { uint32_t max_offset, want; } cases[] = {{0, 1}, {UINT32_MAX, 11}, {9, 10}, {10, 11}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        o.max_offset = cases[i].max_offset;
        rt_metrics *m;
        assert_int_equal(rt_cohort_metrics(c, &o, &m), RT_OK);
        assert_int_equal(rt_metrics_offset_count(m), cases[i].want);
        rt_metrics_free(m);
    }
    rt_metrics_options_init(&o, sizeof o);
    o.use_range = 1;
    o.first_day = 0;
    o.last_day = 2000;
    rt_metrics *m;
    assert_int_equal(rt_cohort_metrics(c, &o, &m), RT_OK);
    assert_int_equal(rt_metrics_offset_count(m), RT_METRICS_DEFAULT_MAX_OFFSET + 1);
    rt_metrics_free(m);
    rt_cohort_free(c);
}

/* Merging allocates the union of the rows: a cohort empty in the
 * destination but not in the source gets one. Each allocation failure
 * answers RT_ENOMEM and changes nothing.
 *   destination: customer 1 on days 0 and 3, customer 2 on day 2;
 *   source:      customer 3 on days 1 and 2 (cohort 1, empty before).
 * Range [0, 3], brackets [0, 1) and [1, 3) days since the first activity. */
static rt_metrics *small_metrics(const rt_allocator *hooks, const uint64_t *ids,
                                 const int32_t *days, size_t count)
{
    rt_cohort_options co;
    rt_cohort_options_init(&co, sizeof co);
    co.allocator = hooks;
    rt_cohort *c;
    assert_int_equal(rt_cohort_new(&co, &c), RT_OK);
    for (size_t i = 0; i < count; i++)
        assert_int_equal(rt_cohort_add_event(c, ids[i], (int64_t)days[i] * DAY), RT_OK);
    static const uint32_t bounds[] = {0, 1, 3};
    rt_metrics_options o;
    rt_metrics_options_init(&o, sizeof o);
    o.use_range = 1;
    o.first_day = 0;
    o.last_day = 3;
    o.bracket_bounds = bounds;
    o.bracket_count = 2;
    rt_metrics *m;
    assert_int_equal(rt_cohort_metrics(c, &o, &m), RT_OK);
    rt_cohort_free(c);
    return m;
}

static void merge_adds_rows_and_fails_cleanly(void **state)
{
    (void)state;
    failalloc fa;
    rt_allocator hooks;
    failalloc_setup(&fa, &hooks);
    const uint64_t into_ids[] = {1, 1, 2}, from_ids[] = {3, 3};
    const int32_t into_days[] = {0, 3, 2}, from_days[] = {1, 2};
    rt_metrics *into = small_metrics(&hooks, into_ids, into_days, 3);
    rt_metrics *from = small_metrics(&hooks, from_ids, from_days, 2);
    size_t live = fa.live;
    size_t failures = 0;
    FAILALLOC_SWEEP(&fa, failures, rt_metrics_merge(into, from), {
        assert_int_equal(fa.live, live);
        expect_cell(into, RT_RETENTION_EXACT, 1, 0, 0, 1);  /* still empty */
        expect_cell(into, RT_RETENTION_EXACT, 0, 3, 1, 1);
    });
    assert_true(failures > 0);
    uint64_t size;
    assert_int_equal(rt_metrics_cohort(into, 1, NULL, &size), RT_OK);
    assert_int_equal(size, 1);
    expect_cell(into, RT_RETENTION_EXACT, 0, 3, 1, 1);       /* customer 1, day 3 */
    expect_cell(into, RT_RETENTION_EXACT, 1, 1, 1, 1);       /* customer 3, day 2 */
    expect_cell(into, RT_RETENTION_ON_OR_AFTER, 1, 1, 1, 1);
    expect_cell(into, RT_RETENTION_ON_OR_AFTER, 1, 2, 0, 1); /* silent on day 3 */
    expect_cell(into, RT_RETENTION_EXACT, 2, 0, 1, 1);       /* customer 2 */
    expect_cell(into, RT_RETENTION_BRACKETS, 1, 1, 1, 1);    /* day 2 is 1 day in */
    expect_cell(into, RT_RETENTION_BRACKETS, 0, 1, 0, 1);    /* customer 1: days 0, 3 */
    rt_metrics_free(into);
    rt_metrics_free(from);
    assert_int_equal(fa.live, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(edges_of_the_range_cost_megabytes),
        cmocka_unit_test(tables_only_when_asked),
        cmocka_unit_test(options_at_their_edges),
        cmocka_unit_test(longest_trailing_window),
        cmocka_unit_test(offsets_kept),
        cmocka_unit_test(merge_adds_rows_and_fails_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
