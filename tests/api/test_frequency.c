/* Usage-frequency buckets: a daily, weekly, monthly, 45-day, one-off, new
 * and dormant customer worked out by hand, segments, drift, bad input,
 * allocation failure, and a brute-force comparison. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "failalloc.h"
#include "retention.h"

#define DAY 86400

static void active(rt_cohort *c, uint64_t id, int32_t day)
{
    assert_int_equal(rt_cohort_add_event(c, id, (int64_t)day * DAY + 7200), RT_OK);
}

/* As of day 200, lookback 90 (days 111..200), defaults otherwise:
 *   'd' days 101..200:                90 visits in 90 days: 1.0     daily
 *   'w' days 200, 193, ..., 102:      13 visits (116..200): 6.9      weekly
 *   'm' days 110, 140, 170, 200:      3 visits (140..200): 30       monthly
 *   '4' days 65, 110, 155, 200:       2 visits (155, 200): 45       forgettable
 *   'o' day 140 only:                 window 61 days, 1 visit: 61  forgettable
 *   'z' day 100 only:                 silent 100 >= 90 days         dormant
 *   'n' day 195:                      first 5 < 14 days ago         new
 *   'f' day 201:                      not yet a customer
 *   'r' days 94, 101, ..., 150:       6 visits (115..150): 15       monthly
 * As of day 150: 'd' daily (50 of 50), 'w' weekly (7 in 49 days), 'm'
 * monthly (2 in 41), '4' forgettable (2 in 86: 43), 'o' new, 'z'
 * forgettable (1 in 51), 'r' weekly (9 in 57: 6.3), 'n' and 'f' none. */
static rt_cohort *population(void)
{
    rt_cohort *c;
    assert_int_equal(rt_cohort_new(NULL, &c), RT_OK);
    for (int32_t d = 101; d <= 200; d++)
        active(c, 'd', d);
    for (int32_t d = 200; d >= 100; d -= 7)
        active(c, 'w', d);
    for (int32_t d = 110; d <= 200; d += 30)
        active(c, 'm', d);
    for (int32_t d = 65; d <= 200; d += 45)
        active(c, '4', d);
    active(c, 'o', 140);
    active(c, 'z', 100);
    active(c, 'n', 195);
    active(c, 'f', 201);
    for (int32_t d = 94; d <= 150; d += 7)
        active(c, 'r', d);
    return c;
}

static rt_frequency *bucket(const rt_cohort *c, int32_t as_of, int32_t earlier)
{
    rt_frequency_options o;
    rt_frequency_options_init(&o, sizeof o);
    o.as_of_day = as_of;
    o.earlier_day = earlier;
    o.use_earlier = earlier < as_of;
    rt_frequency *f;
    assert_int_equal(rt_cohort_frequency(c, &o, &f), RT_OK);
    return f;
}

static void expect_customer(const rt_frequency *f, uint64_t id, rt_frequency_bucket now,
                            rt_frequency_bucket earlier)
{
    rt_frequency_bucket got_now, got_earlier;
    assert_int_equal(rt_frequency_customer(f, id, &got_now, &got_earlier), RT_OK);
    assert_int_equal(got_now, now);
    assert_int_equal(got_earlier, earlier);
}

static void buckets_by_hand(void **state)
{
    (void)state;
    rt_cohort *c = population();
    rt_frequency *f = bucket(c, 200, 150);
    expect_customer(f, 'd', RT_FREQUENCY_DAILY, RT_FREQUENCY_DAILY);
    expect_customer(f, 'w', RT_FREQUENCY_WEEKLY, RT_FREQUENCY_WEEKLY);
    expect_customer(f, 'm', RT_FREQUENCY_MONTHLY, RT_FREQUENCY_MONTHLY);
    expect_customer(f, '4', RT_FREQUENCY_FORGETTABLE, RT_FREQUENCY_FORGETTABLE);
    expect_customer(f, 'o', RT_FREQUENCY_FORGETTABLE, RT_FREQUENCY_NEW);
    expect_customer(f, 'z', RT_FREQUENCY_DORMANT, RT_FREQUENCY_FORGETTABLE);
    expect_customer(f, 'n', RT_FREQUENCY_NEW, RT_FREQUENCY_NONE);
    expect_customer(f, 'r', RT_FREQUENCY_MONTHLY, RT_FREQUENCY_WEEKLY);
    rt_frequency_bucket now;
    assert_int_equal(rt_frequency_customer(f, 'f', &now, NULL), RT_ENOTFOUND);
    assert_int_equal(rt_frequency_customer(f, 'q', &now, NULL), RT_ENOTFOUND);

    const uint64_t spectrum[RT_FREQUENCY_BUCKETS] = {1, 1, 1, 2, 2, 1};
    for (int b = 0; b < RT_FREQUENCY_BUCKETS; b++) {
        uint64_t n;
        assert_int_equal(rt_frequency_count(f, (rt_frequency_bucket)b, &n), RT_OK);
        assert_int_equal(n, spectrum[b]);
    }
    uint64_t n;
    assert_int_equal(rt_frequency_transitions(f, RT_FREQUENCY_WEEKLY, RT_FREQUENCY_MONTHLY,
                                              &n), RT_OK);
    assert_int_equal(n, 1);  /* 'r', drifting down */
    assert_int_equal(rt_frequency_transitions(f, RT_FREQUENCY_NONE, RT_FREQUENCY_NEW, &n),
                     RT_OK);
    assert_int_equal(n, 1);  /* 'n' */
    assert_int_equal(rt_frequency_transitions(f, RT_FREQUENCY_NEW, RT_FREQUENCY_FORGETTABLE,
                                              &n), RT_OK);
    assert_int_equal(n, 1);  /* 'o' */
    assert_int_equal(rt_frequency_count(f, RT_FREQUENCY_NONE, &n), RT_EINVAL);
    assert_int_equal(rt_frequency_transitions(f, (rt_frequency_bucket)9, RT_FREQUENCY_NEW,
                                              &n), RT_EINVAL);
    rt_frequency_free(f);

    f = bucket(c, 200, 200);  /* no earlier day */
    assert_int_equal(rt_frequency_transitions(f, RT_FREQUENCY_NONE, RT_FREQUENCY_NEW, &n),
                     RT_EINVAL);
    expect_customer(f, 'w', RT_FREQUENCY_WEEKLY, RT_FREQUENCY_NONE);
    rt_frequency_free(f);
    rt_cohort_free(c);
}

/* Segment 1 = {'d', '4', 'o'}: of 3 judged, 2 forgettable (> half);
 * segment 2 = {'w', 'm', 'r'}: none forgettable; the rest have none (0). */
static void segments_in_the_forgettable_zone(void **state)
{
    (void)state;
    rt_cohort *c = population();
    const uint64_t ids[] = {'d', '4', 'o', 'w', 'm', 'r'};
    const uint32_t segs[] = {1, 1, 1, 2, 2, 2};
    assert_int_equal(rt_cohort_set_segments(c, ids, segs, 6, NULL), RT_OK);
    rt_frequency *f = bucket(c, 200, 200);
    uint64_t n;
    assert_int_equal(rt_frequency_segment_count(f, 1, RT_FREQUENCY_FORGETTABLE, &n), RT_OK);
    assert_int_equal(n, 2);
    assert_int_equal(rt_frequency_segment_count(f, 2, RT_FREQUENCY_MONTHLY, &n), RT_OK);
    assert_int_equal(n, 2);
    assert_int_equal(rt_frequency_segment_count(f, 0, RT_FREQUENCY_DORMANT, &n), RT_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rt_frequency_segment_count(f, 7, RT_FREQUENCY_DAILY, &n), RT_ENOTFOUND);
    uint32_t found[4] = {0};
    size_t count = 99;
    assert_int_equal(rt_frequency_forgettable_segments(f, found, 4, &count), RT_OK);
    assert_int_equal(count, 1);
    assert_int_equal(found[0], 1);
    assert_int_equal(rt_frequency_forgettable_segments(f, NULL, 0, &count), RT_OK);
    assert_int_equal(count, 1);
    assert_int_equal(rt_frequency_forgettable_segments(f, NULL, 1, &count), RT_EINVAL);
    rt_frequency_free(f);
    rt_cohort_free(c);
}

/* 3,000 segments first seen in decreasing order: each has one customer seen
 * once, on day 140 (forgettable on day 200: 60 days without a visit); the
 * segments divisible by 3 also have two weekly customers, so only a third of
 * their judged customers is forgettable. The list holds every other segment,
 * increasing. */
static void many_segments_listed_in_order(void **state)
{
    (void)state;
    enum { SEGMENTS = 3000 };
    rt_cohort *c;
    assert_int_equal(rt_cohort_new(NULL, &c), RT_OK);
    uint64_t id = 1;
    for (uint32_t s = SEGMENTS; s >= 1; s--) {
        active(c, id, 140);
        assert_int_equal(rt_cohort_set_segment(c, id++, s), RT_OK);
        for (int k = 0; s % 3 == 0 && k < 2; k++, id++) {
            for (int32_t d = 200; d >= 150; d -= 7)
                active(c, id, d);
            assert_int_equal(rt_cohort_set_segment(c, id, s), RT_OK);
        }
    }
    rt_frequency *f = bucket(c, 200, 200);
    static uint32_t found[SEGMENTS];
    size_t count = 0;
    assert_int_equal(rt_frequency_forgettable_segments(f, found, SEGMENTS, &count), RT_OK);
    assert_int_equal(count, SEGMENTS - SEGMENTS / 3);
    for (size_t i = 0, s = 1; i < count; i++, s++) {
        s += s % 3 == 0;
        assert_int_equal(found[i], s);
    }
    rt_frequency_free(f);
    rt_cohort_free(c);
}

static void bad_options_and_allocation_failure(void **state)
{
    (void)state;
    failalloc fa;
    rt_allocator hooks;
    failalloc_setup(&fa, &hooks);
    rt_cohort_options co;
    rt_cohort_options_init(&co, sizeof co);
    co.allocator = &hooks;
    rt_cohort *c;
    assert_int_equal(rt_cohort_new(&co, &c), RT_OK);
    for (uint64_t i = 0; i < 300; i++)
        active(c, i, (int32_t)(i % 100));
    assert_int_equal(rt_cohort_set_segment(c, 5, 9), RT_OK);

    rt_frequency_options o;
    rt_frequency_options_init(&o, sizeof o);
    o.as_of_day = 100;
    rt_frequency *f = NULL;
    o.weekly_max_interval = 40.0;  /* above monthly */
    assert_int_equal(rt_cohort_frequency(c, &o, &f), RT_EINVAL);
    o.weekly_max_interval = 8.0;
    o.lookback_days = 0;
    assert_int_equal(rt_cohort_frequency(c, &o, &f), RT_EINVAL);
    o.lookback_days = 90;
    o.forgettable_share = 1.0;
    assert_int_equal(rt_cohort_frequency(c, &o, &f), RT_EINVAL);
    o.forgettable_share = 0.5;
    o.use_earlier = 1;
    o.earlier_day = 100;
    assert_int_equal(rt_cohort_frequency(c, &o, &f), RT_EINVAL);
    o.earlier_day = 50;
    o.as_of_day = 40000;
    assert_int_equal(rt_cohort_frequency(c, &o, &f), RT_ERANGE);
    o.as_of_day = 100;
    assert_int_equal(rt_cohort_frequency(c, NULL, &f), RT_EINVAL);
    assert_int_equal(rt_cohort_frequency(c, &o, NULL), RT_EINVAL);
    assert_null(f);

    size_t failures = 0;
    FAILALLOC_SWEEP(&fa, failures, rt_cohort_frequency(c, &o, &f), assert_null(f));
    assert_true(failures > 0);
    uint64_t n;
    assert_int_equal(rt_frequency_count(f, RT_FREQUENCY_DAILY, &n), RT_OK);
    rt_frequency_free(f);
    rt_frequency_free(NULL);
    rt_cohort_free(c);
    assert_int_equal(fa.live, 0);
}

/* The definition written out day by day, on random histories. */
static uint64_t rng = 0x2545F4914F6CDD1Du;
static uint64_t rnd(uint64_t n)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return (rng * 0x2545F4914F6CDD1Du >> 33) % n;
}

static rt_frequency_bucket plain_bucket(const bool *on, int32_t span, int32_t t,
                                        const rt_frequency_options *o)
{
    int32_t first = -1, last = -1;
    for (int32_t d = 0; d < span && d <= t; d++)
        if (on[d]) {
            first = first < 0 ? d : first;
            last = d;
        }
    if (first < 0)
        return RT_FREQUENCY_NONE;
    if (t - last >= (int32_t)o->dormant_days)
        return RT_FREQUENCY_DORMANT;
    if (t - first < (int32_t)o->new_days)
        return RT_FREQUENCY_NEW;
    int32_t window = t - first + 1;
    window = window < (int32_t)o->lookback_days ? window : (int32_t)o->lookback_days;
    int visits = 0;
    for (int32_t d = t - window + 1; d <= t; d++)
        visits += d >= 0 && d < span && on[d];
    if (visits == 0)
        return RT_FREQUENCY_FORGETTABLE;
    double interval = (double)window / visits;
    return interval <= o->daily_max_interval     ? RT_FREQUENCY_DAILY
           : interval <= o->weekly_max_interval  ? RT_FREQUENCY_WEEKLY
           : interval <= o->monthly_max_interval ? RT_FREQUENCY_MONTHLY
                                                 : RT_FREQUENCY_FORGETTABLE;
}

/* Each field of rt_frequency_options at the edges of its documented range
 * and one past them; a refusal names the field and returns no result. */
static rt_status frequency_with(const rt_cohort *c, const rt_frequency_options *o,
                                const char *field)
{
    rt_frequency *f = NULL;
    rt_status st = rt_cohort_frequency(c, o, &f);
    if (st == RT_OK)
        rt_frequency_free(f);
    else {
        assert_null(f);
        assert_non_null(strstr(rt_last_error_message(), field));
    }
    return st;
}

static void options_at_their_edges(void **state)
{
    (void)state;
    rt_cohort *c;
    assert_int_equal(rt_cohort_new(NULL, &c), RT_OK);
    active(c, 1, 0);
    rt_frequency_options o;
    static const struct { uint32_t days; rt_status want; } edges[] = {
        {0, RT_EINVAL}, {1, RT_OK}, {73051, RT_OK}, {73052, RT_EINVAL}, {UINT32_MAX, RT_EINVAL}};
    static const char *const fields[] = {"lookback_days", "new_days", "dormant_days"};
    for (size_t k = 0; k < 3; k++)
        for (size_t e = 0; e < sizeof edges / sizeof edges[0]; e++) {
            rt_frequency_options_init(&o, sizeof o);
            uint32_t *field = k == 0 ? &o.lookback_days : k == 1 ? &o.new_days : &o.dormant_days;
            *field = edges[e].days;
            assert_int_equal(frequency_with(c, &o, fields[k]), edges[e].want);
        }
    rt_frequency_options_init(&o, sizeof o);
    o.as_of_day = -36525;
    assert_int_equal(frequency_with(c, &o, ""), RT_OK);
    o.as_of_day = -36526;
    assert_int_equal(frequency_with(c, &o, "as_of_day"), RT_ERANGE);
    o.as_of_day = 36525;
    assert_int_equal(frequency_with(c, &o, ""), RT_OK);
    o.as_of_day = 36526;
    assert_int_equal(frequency_with(c, &o, "as_of_day"), RT_ERANGE);
    o.as_of_day = 10;
    o.use_earlier = 1;
    o.earlier_day = -36525;
    assert_int_equal(frequency_with(c, &o, ""), RT_OK);
    o.earlier_day = -36526;
    assert_int_equal(frequency_with(c, &o, "earlier_day"), RT_ERANGE);
    o.earlier_day = 9;  /* as_of_day - 1: the latest */
    assert_int_equal(frequency_with(c, &o, ""), RT_OK);
    o.earlier_day = 10;
    assert_int_equal(frequency_with(c, &o, "earlier_day"), RT_EINVAL);
    o.use_earlier = 2;
    assert_int_equal(frequency_with(c, &o, "use_earlier"), RT_EINVAL);

    /* Intervals: daily > 0 and finite, weekly above it, monthly above that and finite. */
    rt_frequency_options_init(&o, sizeof o);
    o.daily_max_interval = 0.0;
    assert_int_equal(frequency_with(c, &o, "daily_max_interval"), RT_EINVAL);
    o.daily_max_interval = 1e-300;
    assert_int_equal(frequency_with(c, &o, ""), RT_OK);
    o.daily_max_interval = (double)NAN;
    assert_int_equal(frequency_with(c, &o, "daily_max_interval"), RT_EINVAL);
    o.daily_max_interval = 8.0;  /* equal to weekly */
    assert_int_equal(frequency_with(c, &o, "weekly_max_interval"), RT_EINVAL);
    o.daily_max_interval = 1.5;
    o.monthly_max_interval = 8.0;  /* equal to weekly */
    assert_int_equal(frequency_with(c, &o, "monthly_max_interval"), RT_EINVAL);
    o.monthly_max_interval = (double)INFINITY;
    assert_int_equal(frequency_with(c, &o, "monthly_max_interval"), RT_EINVAL);
    o.monthly_max_interval = 1e300;
    assert_int_equal(frequency_with(c, &o, ""), RT_OK);
    rt_frequency_options_init(&o, sizeof o);
    o.forgettable_share = 0.0;
    assert_int_equal(frequency_with(c, &o, ""), RT_OK);
    o.forgettable_share = nextafter(1.0, 0.0);
    assert_int_equal(frequency_with(c, &o, ""), RT_OK);
    o.forgettable_share = 1.0;
    assert_int_equal(frequency_with(c, &o, "forgettable_share"), RT_EINVAL);
    o.forgettable_share = -0.0001;
    assert_int_equal(frequency_with(c, &o, "forgettable_share"), RT_EINVAL);
    rt_cohort_free(c);
}

static void random_histories_match_the_definition(void **state)
{
    (void)state;
    enum { SPAN = 200, PEOPLE = 30 };
    for (int round = 0; round < 200; round++) {
        rt_cohort *c;
        assert_int_equal(rt_cohort_new(NULL, &c), RT_OK);
        static bool on[PEOPLE][SPAN];
        memset(on, 0, sizeof on);
        for (uint64_t p = 0; p < PEOPLE; p++) {
            uint64_t every = 1 + rnd(60), start = rnd(SPAN), stop = start + rnd(SPAN);
            for (uint64_t d = start; d < stop && d < SPAN; d += every + rnd(3)) {
                on[p][d] = true;
                active(c, p, (int32_t)d);
            }
        }
        rt_frequency_options o;
        rt_frequency_options_init(&o, sizeof o);
        o.as_of_day = (int32_t)rnd(SPAN + 50);
        o.use_earlier = 1;
        o.earlier_day = o.as_of_day - 1 - (int32_t)rnd(60);
        o.lookback_days = 1 + (uint32_t)rnd(120);
        o.new_days = 1 + (uint32_t)rnd(30);
        o.dormant_days = 1 + (uint32_t)rnd(120);
        rt_frequency *f;
        assert_int_equal(rt_cohort_frequency(c, &o, &f), RT_OK);
        uint64_t spectrum[RT_FREQUENCY_BUCKETS] = {0};
        for (uint64_t p = 0; p < PEOPLE; p++) {
            rt_frequency_bucket want = plain_bucket(on[p], SPAN, o.as_of_day, &o);
            rt_frequency_bucket before = plain_bucket(on[p], SPAN, o.earlier_day, &o);
            rt_frequency_bucket got = RT_FREQUENCY_NONE, got_before = RT_FREQUENCY_NONE;
            rt_status st = rt_frequency_customer(f, p, &got, &got_before);
            if (want == RT_FREQUENCY_NONE) {
                assert_int_equal(st, RT_ENOTFOUND);
                continue;
            }
            assert_int_equal(st, RT_OK);
            assert_int_equal(got, want);
            assert_int_equal(got_before, before);
            spectrum[want]++;
        }
        for (int b = 0; b < RT_FREQUENCY_BUCKETS; b++) {
            uint64_t n;
            assert_int_equal(rt_frequency_count(f, (rt_frequency_bucket)b, &n), RT_OK);
            assert_int_equal(n, spectrum[b]);
        }
        rt_frequency_free(f);
        rt_cohort_free(c);
    }
}

/* Halves of the hand-made population, bucketed apart and merged, give what
 * the whole gives: spectrum, segments, customers, transitions. */
static void merging_disjoint_halves(void **state)
{
    (void)state;
    failalloc fa;
    rt_allocator hooks;
    failalloc_setup(&fa, &hooks);
    rt_cohort_options co;
    rt_cohort_options_init(&co, sizeof co);
    co.allocator = &hooks;
    rt_cohort *whole = population(), *half[2];
    assert_int_equal(rt_cohort_new(&co, &half[0]), RT_OK);
    assert_int_equal(rt_cohort_new(&co, &half[1]), RT_OK);
    const uint64_t ids[] = {'d', 'w', 'm', '4', 'o', 'z', 'n', 'f', 'r'};
    for (size_t i = 0; i < 9; i++) {
        rt_customer *one;
        assert_int_equal(rt_cohort_customer(whole, ids[i], &one), RT_OK);
        int32_t first, last;
        assert_int_equal(rt_customer_day_range(one, &first, &last), RT_OK);
        for (int32_t d = first; d <= last; d++) {
            uint64_t on;
            assert_int_equal(rt_customer_active_days(one, d, d, &on), RT_OK);
            if (on)
                active(half[i % 2], ids[i], d);
        }
        rt_customer_free(one);
        uint32_t segment = (uint32_t)(ids[i] % 3);
        assert_int_equal(rt_cohort_set_segment(whole, ids[i], segment), RT_OK);
        assert_int_equal(rt_cohort_set_segment(half[i % 2], ids[i], segment), RT_OK);
    }
    rt_frequency *all = bucket(whole, 200, 150);
    rt_frequency *a = bucket(half[0], 200, 150), *b = bucket(half[1], 200, 150);
    rt_frequency *other = bucket(half[1], 199, 150);
    assert_int_equal(rt_frequency_merge(a, other), RT_EINVAL);  /* other as-of day */
    assert_int_equal(rt_frequency_merge(a, a), RT_EINVAL);      /* not disjoint */
    assert_int_equal(rt_frequency_merge(NULL, b), RT_EINVAL);
    uint64_t before;
    assert_int_equal(rt_frequency_count(a, RT_FREQUENCY_DAILY, &before), RT_OK);
    size_t failures = 0;
    FAILALLOC_SWEEP(&fa, failures, rt_frequency_merge(a, b), {
        uint64_t now;
        assert_int_equal(rt_frequency_count(a, RT_FREQUENCY_DAILY, &now), RT_OK);
        assert_int_equal(now, before);
        rt_frequency_bucket bucket_now;
        assert_int_equal(rt_frequency_customer(a, 'w', &bucket_now, NULL), RT_ENOTFOUND);
    });
    assert_true(failures > 0);
    for (int x = 0; x < RT_FREQUENCY_BUCKETS; x++) {
        uint64_t want, got;
        assert_int_equal(rt_frequency_count(all, (rt_frequency_bucket)x, &want), RT_OK);
        assert_int_equal(rt_frequency_count(a, (rt_frequency_bucket)x, &got), RT_OK);
        assert_int_equal(got, want);
        for (uint32_t seg = 0; seg < 3; seg++) {
            rt_status sw = rt_frequency_segment_count(all, seg, (rt_frequency_bucket)x, &want);
            assert_int_equal(rt_frequency_segment_count(a, seg, (rt_frequency_bucket)x, &got),
                             sw);
            if (sw == RT_OK)
                assert_int_equal(got, want);
        }
        for (int y = 0; y <= RT_FREQUENCY_NONE; y++) {
            assert_int_equal(rt_frequency_transitions(all, (rt_frequency_bucket)y,
                                                      (rt_frequency_bucket)x, &want), RT_OK);
            assert_int_equal(rt_frequency_transitions(a, (rt_frequency_bucket)y,
                                                      (rt_frequency_bucket)x, &got), RT_OK);
            assert_int_equal(got, want);
        }
    }
    for (size_t i = 0; i < 9; i++) {
        rt_frequency_bucket w1 = RT_FREQUENCY_NONE, w2 = RT_FREQUENCY_NONE;
        rt_frequency_bucket g1 = RT_FREQUENCY_NONE, g2 = RT_FREQUENCY_NONE;
        rt_status sw = rt_frequency_customer(all, ids[i], &w1, &w2);
        assert_int_equal(rt_frequency_customer(a, ids[i], &g1, &g2), sw);
        assert_int_equal(g1, w1);
        assert_int_equal(g2, w2);
    }
    uint32_t want_segs[3], got_segs[3];
    size_t want_n, got_n;
    assert_int_equal(rt_frequency_forgettable_segments(all, want_segs, 3, &want_n), RT_OK);
    assert_int_equal(rt_frequency_forgettable_segments(a, got_segs, 3, &got_n), RT_OK);
    assert_int_equal(got_n, want_n);
    assert_memory_equal(got_segs, want_segs, want_n * sizeof *got_segs);
    rt_frequency_free(all);
    rt_frequency_free(a);
    rt_frequency_free(b);
    rt_frequency_free(other);
    rt_cohort_free(whole);
    rt_cohort_free(half[0]);
    rt_cohort_free(half[1]);
    assert_int_equal(fa.live, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(buckets_by_hand),
        cmocka_unit_test(segments_in_the_forgettable_zone),
        cmocka_unit_test(many_segments_listed_in_order),
        cmocka_unit_test(bad_options_and_allocation_failure),
        cmocka_unit_test(options_at_their_edges),
        cmocka_unit_test(random_histories_match_the_definition),
        cmocka_unit_test(merging_disjoint_halves),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
