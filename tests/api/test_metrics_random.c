/* Every metric against a brute-force reference on thousands of random
 * populations. The reference is written plainly from the definitions: a
 * customer x day activity matrix, and calendar periods found with the C
 * library's gmtime (not the library's calendar code). */
#define _GNU_SOURCE  /* timegm */
#define _TIME_BITS 64  /* a 64-bit time_t on 32-bit glibc targets too (with _FILE_OFFSET_BITS=64) */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "assert_close.h"
#include "retention.h"

#define MAX_CUSTOMERS 12
#define MAX_SPAN 160   /* days of activity per population */
#define DAY 86400

static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static uint64_t rnd(uint64_t n)  /* xorshift64*, uniform enough for tests */
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (rng_state * 2685821657736338717u >> 11) % n;
}

typedef struct population {
    int32_t utc_offset;
    uint32_t weekday, wau, mau, inactivity;
    int32_t lo;                               /* day of column 0 */
    size_t customers;
    bool active[MAX_CUSTOMERS][MAX_SPAN];
    uint64_t ids[MAX_CUSTOMERS];
    uint32_t segment[MAX_CUSTOMERS];
    bool excluded[MAX_CUSTOMERS];  /* outside the segment the metrics look at */
} population;

static int32_t floor_day(int64_t local_seconds)
{
    int64_t r = local_seconds % DAY;
    return (int32_t)((local_seconds - (r < 0 ? r + DAY : r)) / DAY);
}

/* Period of a day as the day its period starts, found with gmtime. */
static int32_t period_start_of(rt_period p, uint32_t weekday, int32_t day)
{
    time_t t = (time_t)day * DAY;
    struct tm tm;
    gmtime_r(&t, &tm);
    if (p == RT_PERIOD_DAY)
        return day;
    if (p == RT_PERIOD_WEEK) {
        uint32_t iso = tm.tm_wday == 0 ? 7 : (uint32_t)tm.tm_wday;
        return day - (int32_t)((iso + 7 - weekday) % 7);
    }
    return day - (tm.tm_mday - 1);
}

static int32_t next_period_start(rt_period p, int32_t start)
{
    if (p == RT_PERIOD_DAY)
        return start + 1;
    if (p == RT_PERIOD_WEEK)
        return start + 7;
    time_t t = (time_t)start * DAY;
    struct tm tm;
    gmtime_r(&t, &tm);
    tm.tm_mon += 1;
    return (int32_t)(timegm(&tm) / DAY);
}

/* An empty cohort with the population's options. */
static void new_cohort(const population *pop, rt_cohort **cohort)
{
    rt_cohort_options o;
    rt_cohort_options_init(&o, sizeof o);
    o.utc_offset_seconds = pop->utc_offset;
    o.first_weekday = pop->weekday;
    o.wau_window_days = pop->wau;
    o.mau_window_days = pop->mau;
    o.inactivity_days = pop->inactivity;
    assert_int_equal(rt_cohort_new(&o, cohort), RT_OK);
}

static void generate(population *pop)
{
    memset(pop, 0, sizeof *pop);
    pop->utc_offset = (int32_t)rnd(36 * 3600 + 1) - 18 * 3600;
    pop->weekday = 1 + (uint32_t)rnd(7);
    pop->wau = 1 + (uint32_t)rnd(10);
    pop->mau = 1 + (uint32_t)rnd(40);
    pop->inactivity = 1 + (uint32_t)rnd(40);
    pop->lo = (int32_t)rnd(2 * 36000) - 36000;
    pop->customers = 1 + (size_t)rnd(MAX_CUSTOMERS);
    for (size_t c = 0; c < pop->customers; c++) {
        pop->ids[c] = rnd(4) == 0 ? c : (rng_state ^ (c * 0x9E37u));  /* small and huge ids */
        pop->segment[c] = (uint32_t)rnd(3);
    }
}

/* Random events for the population: some in bursts, some spread, repeats. */
static size_t events(const population *pop, uint64_t *ids, int64_t *times, size_t max)
{
    size_t n = (size_t)rnd(max);
    for (size_t i = 0; i < n; i++) {
        size_t c = (size_t)rnd(pop->customers);
        int32_t day = pop->lo + (int32_t)rnd(c % 3 == 0 ? 20 : MAX_SPAN);
        ids[i] = pop->ids[c];
        times[i] = (int64_t)day * DAY + (int64_t)rnd(DAY) - pop->utc_offset;
    }
    return n;
}

static size_t customer_of(const population *pop, uint64_t id)
{
    for (size_t c = 0; c < pop->customers; c++)
        if (pop->ids[c] == id)
            return c;
    fail_msg("unknown id");
    return 0;
}

static bool active_on(const population *pop, size_t c, int32_t day)
{
    return !pop->excluded[c] && day >= pop->lo && day < pop->lo + MAX_SPAN && pop->active[c][day - pop->lo];
}

static void check_activity(const population *pop, const rt_metrics *m, int32_t first,
                           int32_t last)
{
    for (int32_t x = first; x <= last; x++) {
        uint64_t dau = 0, wau = 0, mau = 0;
        for (size_t c = 0; c < pop->customers; c++) {
            bool in_w = false, in_m = false;
            for (int32_t d = x - (int32_t)pop->mau + 1; d <= x; d++)
                in_m |= active_on(pop, c, d);
            for (int32_t d = x - (int32_t)pop->wau + 1; d <= x; d++)
                in_w |= active_on(pop, c, d);
            dau += active_on(pop, c, x);
            wau += in_w;
            mau += in_m;
        }
        uint64_t got[3];
        assert_int_equal(rt_metrics_active(m, x, &got[0], &got[1], &got[2]), RT_OK);
        assert_int_equal(got[0], dau);
        assert_int_equal(got[1], wau);
        assert_int_equal(got[2], mau);
    }
}

/* Customers (first active on or before last) by active days in a window. */
static void check_histograms(const population *pop, const rt_metrics *m, int32_t first,
                             int32_t last, uint32_t trailing)
{
    uint64_t trail[MAX_SPAN + 64] = {0}, range[MAX_SPAN + 400] = {0};
    for (size_t c = 0; c < pop->customers; c++) {
        bool known = false;
        uint32_t in_trail = 0, in_range = 0;
        for (int32_t d = pop->lo; d < pop->lo + MAX_SPAN && d <= last; d++) {
            if (!active_on(pop, c, d))
                continue;
            known = true;
            in_trail += d > last - (int32_t)trailing;
            in_range += d >= first;
        }
        if (known) {
            trail[in_trail]++;
            range[in_range]++;
        }
    }
    for (uint32_t n = 0; n <= trailing; n++) {
        uint64_t got;
        assert_int_equal(rt_metrics_trailing_histogram(m, n, &got), RT_OK);
        assert_int_equal(got, trail[n]);
    }
    for (uint32_t n = 0; n <= (uint32_t)(last - first + 1); n++) {
        uint64_t got;
        assert_int_equal(rt_metrics_range_histogram(m, n, &got), RT_OK);
        assert_int_equal(got, range[n]);
    }
}

/* Custom brackets of days since each customer's first activity. */
static void check_brackets(const population *pop, const rt_metrics *m, rt_period p,
                           int32_t first, int32_t last, const uint32_t *bounds,
                           uint32_t brackets)
{
    assert_int_equal(rt_metrics_bracket_count(m), brackets);
    size_t cohort = 0;
    for (int32_t s = period_start_of(p, pop->weekday, first); s <= last;
         s = next_period_start(p, s), cohort++) {
        int32_t end = next_period_start(p, s) - 1;
        for (uint32_t k = 0; k < brackets; k++) {
            int observed = (int64_t)end + bounds[k + 1] - 1 <= last;
            uint64_t count = 0;
            for (size_t c = 0; c < pop->customers && observed; c++) {
                int32_t f = INT32_MAX;
                bool hit = false;
                for (int32_t d = pop->lo; d < pop->lo + MAX_SPAN && d <= last; d++) {
                    if (!active_on(pop, c, d))
                        continue;
                    f = f == INT32_MAX ? d : f;
                    hit |= d - f >= (int32_t)bounds[k] && d - f < (int32_t)bounds[k + 1];
                }
                count += f != INT32_MAX && f >= s && f <= end && hit;
            }
            uint64_t got;
            uint32_t seen;
            assert_int_equal(rt_metrics_retention(m, RT_RETENTION_BRACKETS, cohort, k, &got,
                                                  &seen), RT_OK);
            assert_int_equal(seen, observed);
            assert_int_equal(got, count);
        }
    }
}

/* Lifecycle per period, from the definitions. */
static void check_lifecycle(const population *pop, const rt_metrics *m, rt_period p,
                            int32_t first, int32_t last)
{
    size_t period = 0;
    for (int32_t s = period_start_of(p, pop->weekday, first); s <= last;
         s = next_period_start(p, s), period++) {
        int32_t prev = period_start_of(p, pop->weekday, s - 1);
        uint64_t want[4] = {0};
        for (size_t c = 0; c < pop->customers; c++) {
            bool now = false, before = false;
            int32_t f = INT32_MAX;
            for (int32_t d = pop->lo; d < pop->lo + MAX_SPAN && d <= last; d++) {
                if (!active_on(pop, c, d))
                    continue;
                f = f == INT32_MAX ? d : f;
                now |= d >= s && d < next_period_start(p, s);
                before |= d >= prev && d < s;
            }
            if (f == INT32_MAX)
                continue;
            bool is_new = period_start_of(p, pop->weekday, f) == s;
            want[RT_LIFECYCLE_NEW] += is_new;
            want[RT_LIFECYCLE_RETURNING] += !is_new && now && before;
            want[RT_LIFECYCLE_RESURRECTING] += !is_new && now && !before && f < prev;
            want[RT_LIFECYCLE_DORMANT] += !now && before;
        }
        for (int state = 0; state < 4; state++) {
            uint64_t got;
            assert_int_equal(rt_metrics_lifecycle(m, period, (rt_lifecycle_state)state, &got),
                             RT_OK);
            assert_int_equal(got, want[state]);
        }
    }
}

/* A table that was not asked for is refused, not empty. */
static bool table_refused(const rt_metrics *m, rt_retention_kind kind, uint32_t tables)
{
    uint32_t bit = kind == RT_RETENTION_EXACT ? RT_TABLE_EXACT : RT_TABLE_ON_OR_AFTER;
    if (tables & bit)
        return false;
    uint64_t got;
    uint32_t seen;
    double rate;
    assert_int_equal(rt_metrics_retention(m, kind, 0, 0, &got, &seen), RT_EINVAL);
    assert_int_equal(rt_metrics_retention_curve(m, kind, 0, &rate, NULL), RT_EINVAL);
    return true;
}

static void check_retention(const population *pop, const rt_metrics *m, rt_period p,
                            int32_t first, int32_t last, uint32_t max_offset,
                            uint32_t tables)
{
    bool skip_exact = table_refused(m, RT_RETENTION_EXACT, tables);
    bool skip_after = table_refused(m, RT_RETENTION_ON_OR_AFTER, tables);
    /* Cohort start days: the periods that contain a day of the range. */
    int32_t starts[MAX_SPAN + 400];
    size_t cohorts = 0;
    for (int32_t s = period_start_of(p, pop->weekday, first); s <= last;
         s = next_period_start(p, s))
        starts[cohorts++] = s;
    assert_int_equal(rt_metrics_cohort_count(m), cohorts);
    uint32_t offsets = max_offset < cohorts ? max_offset + 1 : (uint32_t)cohorts;
    assert_int_equal(rt_metrics_offset_count(m), offsets);
    uint64_t curve_num[2][MAX_SPAN + 400] = {{0}}, curve_den[MAX_SPAN + 400] = {0};
    for (size_t k = 0; k < cohorts; k++) {
        uint64_t size = 0;
        bool member[MAX_CUSTOMERS] = {false};
        for (size_t c = 0; c < pop->customers; c++) {
            int32_t f = INT32_MAX;
            for (int32_t d = pop->lo; d < pop->lo + MAX_SPAN; d++)
                if (active_on(pop, c, d)) { f = d; break; }
            member[c] = f <= last && period_start_of(p, pop->weekday, f) == starts[k];
            size += member[c];
        }
        int32_t start_day;
        uint64_t got_size;
        assert_int_equal(rt_metrics_cohort(m, k, &start_day, &got_size), RT_OK);
        assert_int_equal(start_day, starts[k]);
        assert_int_equal(got_size, size);
        int32_t cell = starts[k];
        for (uint32_t off = 0; off < offsets; off++, cell = next_period_start(p, cell)) {
            int32_t cell_end = next_period_start(p, cell) - 1;
            int observed = cell_end <= last;
            uint64_t exact = 0, after = 0;
            for (size_t c = 0; c < pop->customers && observed; c++) {
                if (!member[c])
                    continue;
                bool in = false, later = false;
                for (int32_t d = cell; d <= last; d++) {
                    in |= d <= cell_end && active_on(pop, c, d);
                    later |= active_on(pop, c, d);
                }
                exact += in;
                after += later;
            }
            uint64_t got;
            uint32_t seen;
            if (!skip_exact) {
                assert_int_equal(rt_metrics_retention(m, RT_RETENTION_EXACT, k, off, &got,
                                                      &seen), RT_OK);
                assert_int_equal(seen, observed);
                assert_int_equal(got, exact);
            }
            if (!skip_after) {
                assert_int_equal(rt_metrics_retention(m, RT_RETENTION_ON_OR_AFTER, k, off,
                                                      &got, &seen), RT_OK);
                assert_int_equal(seen, observed);
                assert_int_equal(got, after);
            }
            if (observed) {
                curve_num[0][off] += exact;
                curve_num[1][off] += after;
                curve_den[off] += size;
            }
        }
    }
    for (uint32_t off = 0; off < offsets; off++)
        for (int kind = 0; kind < 2; kind++) {
            if (kind == 0 ? skip_exact : skip_after)
                continue;
            double rate;
            uint64_t customers;
            rt_status st = rt_metrics_retention_curve(m, (rt_retention_kind)kind, off, &rate,
                                                      &customers);
            if (curve_den[off] == 0) {
                assert_int_equal(st, RT_EUNDEFINED);
                continue;
            }
            assert_int_equal(st, RT_OK);
            assert_int_equal(customers, curve_den[off]);
            assert_close(rate, (double)curve_num[kind][off] / (double)curve_den[off], 1e-15, 0);
        }
}

/* Kaplan-Meier written out: each customer of a cohort has a lifetime that
 * ended (silent > inactivity at the last day) or is censored. */
static void check_survival(const population *pop, const rt_metrics *m, rt_period p,
                           int32_t first, int32_t last)
{
    int32_t from = period_start_of(p, pop->weekday, first);
    int32_t length[MAX_CUSTOMERS];
    bool ended[MAX_CUSTOMERS], member[MAX_CUSTOMERS];
    size_t members = 0;
    for (size_t c = 0; c < pop->customers; c++) {
        int32_t f = INT32_MAX, l = INT32_MIN;
        for (int32_t d = pop->lo; d < pop->lo + MAX_SPAN && d <= last; d++)
            if (active_on(pop, c, d)) {
                f = f == INT32_MAX ? d : f;
                l = d;
            }
        member[c] = f != INT32_MAX && f >= from;
        ended[c] = member[c] && last - l > (int32_t)pop->inactivity;
        length[c] = member[c] ? (ended[c] ? l - f : last - f) : 0;
        members += member[c];
    }
    double s;
    if (members == 0) {
        assert_int_equal(rt_metrics_survival(m, 0, &s, NULL, NULL), RT_EUNDEFINED);
        return;
    }
    double km = 1.0, area = 0.0, median = -1.0;
    for (int32_t t = 0; t <= last - from; t++) {
        uint64_t at_risk = 0, died = 0;
        for (size_t c = 0; c < pop->customers; c++) {
            at_risk += member[c] && length[c] >= t;
            died += member[c] && ended[c] && length[c] == t;
        }
        if (died > 0)
            km *= 1.0 - (double)died / (double)at_risk;
        area += km;
        if (median < 0 && km <= 0.5)
            median = t;
        uint64_t got_n, got_d;
        assert_int_equal(rt_metrics_survival_counts(m, (uint32_t)t, &got_n, &got_d), RT_OK);
        assert_int_equal(got_n, at_risk);
        assert_int_equal(got_d, died);
        double lo, hi;
        assert_int_equal(rt_metrics_survival(m, (uint32_t)t, &s, &lo, &hi), RT_OK);
        assert_close(s, km, 1e-12, 1e-15);
        assert_true(lo <= s && s <= hi && lo >= 0.0 && hi <= 1.0);
    }
    double got;
    assert_int_equal(rt_metrics_survival_rmst(m, (uint32_t)(last - from + 1), &got), RT_OK);
    assert_close(got, area, 1e-12, 0.0);
    assert_int_equal(rt_metrics_survival_median(m, &got), RT_OK);
    if (median < 0)
        assert_true(isinf(got));
    else
        assert_close(got, median, 0.0, 0.0);
}

/* 3,000 random populations; 300 under valgrind (RT_UNDER_VALGRIND, set by
 * the valgrind test setup), which checks memory, not numbers: the same
 * paths, a tenth of the brute force. */
static void random_populations_match_brute_force(void **state)
{
    (void)state;
    static uint64_t ids[400];
    static int64_t times[400];
    int rounds = getenv("RT_UNDER_VALGRIND") != NULL ? 300 : 3000;
    for (int round = 0; round < rounds; round++) {
        population pop;
        generate(&pop);
        rt_cohort *all, *even, *odd;
        new_cohort(&pop, &all);
        new_cohort(&pop, &even);
        new_cohort(&pop, &odd);
        size_t n = events(&pop, ids, times, round % 10 == 0 ? 3 : 400);
        assert_int_equal(rt_cohort_add_events(all, ids, times, n, NULL), RT_OK);
        for (size_t i = 0; i < n; i++) {
            size_t c = customer_of(&pop, ids[i]);
            pop.active[c][floor_day(times[i] + pop.utc_offset) - pop.lo] = true;
            assert_int_equal(rt_cohort_add_event(c % 2 ? odd : even, ids[i], times[i]), RT_OK);
        }
        /* Segments go to the customers each cohort knows. */
        for (size_t c = 0; c < pop.customers; c++) {
            rt_cohort *half = c % 2 ? odd : even;
            rt_status st = rt_cohort_set_segment(all, pop.ids[c], pop.segment[c]);
            assert_int_equal(rt_cohort_set_segment(half, pop.ids[c], pop.segment[c]), st);
            if (st != RT_OK)
                assert_int_equal(st, RT_ENOTFOUND);
        }
        rt_metrics_options o;
        rt_metrics_options_init(&o, sizeof o);
        o.use_segment = rnd(3) == 0;
        o.segment = (uint32_t)rnd(3);
        for (size_t c = 0; c < pop.customers; c++)
            pop.excluded[c] = o.use_segment && pop.segment[c] != o.segment;
        o.period = (rt_period)rnd(3);
        o.trailing_days = (uint32_t)rnd(40);
        uint32_t bounds[6];
        o.bracket_count = (uint32_t)rnd(5);
        bounds[0] = (uint32_t)rnd(3);
        for (uint32_t k = 1; k <= o.bracket_count; k++)
            bounds[k] = bounds[k - 1] + 1 + (uint32_t)rnd(20);
        o.bracket_bounds = o.bracket_count ? bounds : NULL;
        /* A few offsets, or all of them: by the default (longer than the
         * spans here) or explicitly. */
        static const uint32_t all_offsets[] = {RT_METRICS_DEFAULT_MAX_OFFSET, UINT32_MAX};
        o.max_offset = rnd(3) == 0 ? (uint32_t)rnd(10) : all_offsets[rnd(2)];
        o.tables = (uint32_t)rnd(4);
        o.use_range = n == 0 || rnd(2);
        o.first_day = pop.lo + (int32_t)rnd(MAX_SPAN) - 20;
        o.last_day = o.first_day + (int32_t)rnd(MAX_SPAN);
        rt_metrics *m, *m_even, *m_odd;
        assert_int_equal(rt_cohort_metrics(all, &o, &m), RT_OK);
        int32_t first, last;
        assert_int_equal(rt_metrics_day_range(m, &first, &last), RT_OK);
        if (!o.use_range) {
            assert_int_equal(rt_cohort_day_range(all, &o.first_day, &o.last_day), RT_OK);
            assert_int_equal(first, o.first_day);
            assert_int_equal(last, o.last_day);
        }
        check_activity(&pop, m, first, last);
        check_retention(&pop, m, o.period, first, last, o.max_offset, o.tables);
        check_survival(&pop, m, o.period, first, last);
        check_histograms(&pop, m, first, last, o.trailing_days ? o.trailing_days : 28);
        check_brackets(&pop, m, o.period, first, last, bounds, o.bracket_count);
        check_lifecycle(&pop, m, o.period, first, last);

        /* Disjoint halves merged give the same numbers. */
        o.use_range = 1;
        o.first_day = first;
        o.last_day = last;
        assert_int_equal(rt_cohort_metrics(even, &o, &m_even), RT_OK);
        assert_int_equal(rt_cohort_metrics(odd, &o, &m_odd), RT_OK);
        assert_int_equal(rt_metrics_merge(m_even, m_odd), RT_OK);
        check_activity(&pop, m_even, first, last);
        check_retention(&pop, m_even, o.period, first, last, o.max_offset, o.tables);
        check_survival(&pop, m_even, o.period, first, last);
        check_histograms(&pop, m_even, first, last, o.trailing_days ? o.trailing_days : 28);
        check_brackets(&pop, m_even, o.period, first, last, bounds, o.bracket_count);
        check_lifecycle(&pop, m_even, o.period, first, last);
        rt_metrics_free(m);
        rt_metrics_free(m_even);
        rt_metrics_free(m_odd);
        rt_cohort_free(all);
        rt_cohort_free(even);
        rt_cohort_free(odd);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_populations_match_brute_force),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
