/* Churn over a window: the definitions on hand-made customers, the worked
 * examples of the formulas through the data path, bad input, allocation
 * failure, and a brute-force comparison on random populations. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "assert_close.h"
#include "failalloc.h"
#include "retention.h"

#define DAY 86400

static rt_cohort *new_cohort(uint32_t inactivity, const rt_allocator *alloc)
{
    rt_cohort_options o;
    rt_cohort_options_init(&o, sizeof o);
    o.inactivity_days = inactivity;
    o.allocator = alloc;
    rt_cohort *c;
    assert_int_equal(rt_cohort_new(&o, &c), RT_OK);
    return c;
}

static void active(rt_cohort *c, uint64_t id, int32_t day)
{
    assert_int_equal(rt_cohort_add_event(c, id, (int64_t)day * DAY + 3600), RT_OK);
}

static rt_churn_result churn(const rt_cohort *c, int32_t start, int32_t end)
{
    rt_churn_result r;
    rt_churn_result_init(&r, sizeof r);
    assert_int_equal(rt_cohort_churn(c, start, end, NULL, &r), RT_OK);
    return r;
}

/* Window [30, 60], inactivity 10 days (a customer at d = active in (d-10, d]).
 *   daily:    active every day 0..70                 -> retained
 *   weekly:   active days 0, 7, ..., 70              -> retained
 *   monthly:  active days 0, 30, 60                  -> retained (active on both ends)
 *   45-day:   active days 0, 45                      -> neither end: counted nowhere
 *   faded:    active days 0..29                      -> lost
 *   flash:    active days 40, 41 only                -> joined and left
 *   newbie:   active day 55                          -> acquired
 *   back:     active day 5, then 58                  -> resurrected
 *   sub_open: subscribed from day 0, never active    -> retained (contract)
 *   sub_shut: subscribed days 0..49, active day 59   -> lost (the contract decides)
 *   sub_again: subscribed 0..34, again from 50       -> retained, reopened
 * S = daily, weekly, monthly, faded, sub_open, sub_shut, sub_again = 7;
 * E = daily, weekly, monthly, newbie, back, sub_open, sub_again = 7;
 * retained 5, lost 2, acquired 1, joined and left 1, resurrected 1. */
static void definitions_by_hand(void **state)
{
    (void)state;
    rt_cohort *c = new_cohort(10, NULL);
    for (int32_t d = 0; d <= 70; d++)
        active(c, 'd', d);
    for (int32_t d = 0; d <= 70; d += 7)
        active(c, 'w', d);
    active(c, 'm', 0);
    active(c, 'm', 30);
    active(c, 'm', 60);
    active(c, '4', 0);
    active(c, '4', 45);
    for (int32_t d = 0; d < 30; d++)
        active(c, 'f', d);
    active(c, 'x', 40);
    active(c, 'x', 41);
    active(c, 'n', 55);
    active(c, 'b', 5);
    active(c, 'b', 58);
    assert_int_equal(rt_cohort_add_subscription(c, 'o', 0, RT_SUBSCRIPTION_OPEN), RT_OK);
    assert_int_equal(rt_cohort_add_subscription(c, 's', 0, 50 * DAY), RT_OK);
    active(c, 's', 59);
    assert_int_equal(rt_cohort_add_subscription(c, 'a', 0, 35 * DAY), RT_OK);
    assert_int_equal(rt_cohort_add_subscription(c, 'a', 50 * DAY, RT_SUBSCRIPTION_OPEN), RT_OK);

    rt_churn_result r = churn(c, 30, 60);
    assert_int_equal(r.at_start, 7);
    assert_int_equal(r.at_end, 7);
    assert_int_equal(r.retained, 5);
    assert_int_equal(r.lost, 2);
    assert_int_equal(r.acquired, 1);
    assert_int_equal(r.joined_and_left, 1);
    assert_int_equal(r.resurrected, 1);
    assert_int_equal(r.rates_defined, 1);
    assert_close(r.churn_rate, 2.0 / 7.0, 1e-15, 0.0);
    assert_close(r.retention_rate, 5.0 / 7.0, 1e-15, 0.0);
    assert_int_equal(r.repeat_defined, 0);  /* no purchases */

    /* Restricted to a segment: the weekly user and the flash one. */
    assert_int_equal(rt_cohort_set_segment(c, 'w', 3), RT_OK);
    assert_int_equal(rt_cohort_set_segment(c, 'x', 3), RT_OK);
    rt_churn_result_init(&r, sizeof r);
    rt_churn_options o;
    assert_int_equal(rt_churn_options_init(&o, sizeof o), RT_OK);
    assert_int_equal(o.use_segment, 0);
    o.use_segment = 1;  /* the largest valid value */
    o.segment = 3;
    assert_int_equal(rt_cohort_churn(c, 30, 60, &o, &r), RT_OK);
    assert_int_equal(r.at_start, 1);
    assert_int_equal(r.retained, 1);
    assert_int_equal(r.joined_and_left, 1);
    /* The same segment month by month, by hand from the log above
     * (inactivity 10 days): January is days 0-30, February 31-58. 'w' is a
     * customer at days 0, 30, 31 and 58 (active on 0, 28, 56); 'x' (days
     * 40, 41) starts in February and is gone by day 58 (silent 17 days). */
    rt_churn_result months[2];
    rt_churn_result_init(&months[0], sizeof months[0]);
    rt_churn_result_init(&months[1], sizeof months[1]);
    assert_int_equal(rt_cohort_churn_monthly(c, 0, 2, &o, months), RT_OK);
    assert_int_equal(months[0].at_start, 1);
    assert_int_equal(months[0].retained, 1);
    assert_int_equal(months[0].joined_and_left, 0);
    assert_int_equal(months[1].at_start, 1);
    assert_int_equal(months[1].retained, 1);
    assert_int_equal(months[1].joined_and_left, 1);
    assert_int_equal(months[1].lost, 0);
    o.use_segment = 0;  /* the smallest: every customer, the segment ignored */
    assert_int_equal(rt_cohort_churn(c, 30, 60, &o, &r), RT_OK);
    assert_int_equal(r.at_start, 7);
    rt_cohort_free(c);
}

/* S = 50,000 at the start, 1,000 acquired, E = 40,000: CRR 78 %, as
 * rt_retention_rate computes from the same three numbers. */
static void crr_worked_example_through_the_data(void **state)
{
    (void)state;
    rt_cohort *c = new_cohort(30, NULL);
    enum { S = 50000, KEPT = 39000, NEW = 1000 };
    static uint64_t ids[2 * S + NEW];
    static int64_t times[2 * S + NEW];
    size_t n = 0;
    for (uint64_t i = 0; i < S; i++) {  /* everyone active on day 30 */
        ids[n] = i;
        times[n++] = 30 * DAY;
        if (i < KEPT) {                 /* 39,000 also on day 60 */
            ids[n] = i;
            times[n++] = 60 * DAY;
        }
    }
    for (uint64_t i = 0; i < NEW; i++) {  /* 1,000 new on day 45, seen on 60 */
        ids[n] = S + i;
        times[n++] = 45 * DAY;
        ids[n] = S + i;
        times[n++] = 60 * DAY;
    }
    assert_int_equal(rt_cohort_add_events(c, ids, times, n, NULL), RT_OK);
    rt_churn_result r = churn(c, 30, 60);
    assert_int_equal(r.at_start, 50000);
    assert_int_equal(r.acquired, 1000);
    assert_int_equal(r.at_end, 40000);
    assert_close(r.retention_rate, 0.78, 1e-15, 0.0);
    double formula;
    assert_int_equal(rt_retention_rate(r.at_start, r.at_end, r.acquired, &formula), RT_OK);
    assert_close(r.retention_rate, formula, 1e-15, 0.0);
    assert_close(r.churn_rate, 0.22, 1e-15, 0.0);
    rt_cohort_free(c);
}

/* 2,000 customers bought before day 30; 900 of them buy again in [30, 60];
 * 300 first-time buyers in the window do not count: 45 %. */
static void repeat_purchase_worked_example(void **state)
{
    (void)state;
    rt_cohort *c = new_cohort(30, NULL);
    for (uint64_t i = 0; i < 2000; i++) {
        assert_int_equal(rt_cohort_add_purchase(c, i, 10 * DAY, 20.0), RT_OK);
        if (i % 20 < 9)  /* 9 of every 20: 900 */
            assert_int_equal(rt_cohort_add_purchase(c, i, 40 * DAY, 15.0), RT_OK);
    }
    for (uint64_t i = 0; i < 300; i++)
        assert_int_equal(rt_cohort_add_purchase(c, 5000 + i, 50 * DAY, 9.0), RT_OK);
    rt_churn_result r = churn(c, 30, 60);
    assert_int_equal(r.repeat_base, 2000);
    assert_int_equal(r.repeat_buyers, 900);
    assert_int_equal(r.repeat_defined, 1);
    assert_close(r.repeat_rate, 0.45, 1e-15, 0.0);
    double formula;
    assert_int_equal(rt_repeat_purchase_rate(2000, 900, &formula), RT_OK);
    assert_close(r.repeat_rate, formula, 1e-15, 0.0);
    rt_cohort_free(c);
}

static void bad_input_and_allocation_failure(void **state)
{
    (void)state;
    failalloc fa;
    rt_allocator hooks;
    failalloc_setup(&fa, &hooks);
    rt_cohort *c = new_cohort(10, &hooks);
    for (uint64_t i = 0; i < 100; i++)
        active(c, i, (int32_t)(i % 40));
    assert_int_equal(rt_cohort_add_subscription(c, 7, 0, 20 * DAY), RT_OK);
    assert_int_equal(rt_cohort_add_purchase(c, 8, 5 * DAY, 1.0), RT_OK);

    rt_churn_result r, untouched;
    rt_churn_result_init(&r, sizeof r);
    r.at_start = 12345;
    untouched = r;
    assert_int_equal(rt_cohort_churn(c, 30, 29, NULL, &r), RT_EINVAL);
    assert_int_equal(rt_cohort_churn(c, -40000, 29, NULL, &r), RT_ERANGE);
    assert_int_equal(rt_cohort_churn(NULL, 0, 29, NULL, &r), RT_EINVAL);
    assert_int_equal(rt_cohort_churn(c, 0, 29, NULL, NULL), RT_EINVAL);
    r.size = 4;
    assert_int_equal(rt_cohort_churn(c, 0, 29, NULL, &r), RT_EINVAL);
    r.size = sizeof r;
    assert_memory_equal(&r, &untouched, sizeof r);

    rt_churn_result want = churn(c, 20, 35);
    size_t failures = 0;
    FAILALLOC_SWEEP(&fa, failures, rt_cohort_churn(c, 20, 35, NULL, &r),
                    assert_memory_equal(&r, &untouched, sizeof r));
    assert_memory_equal(&r, &want, sizeof r);

    rt_churn_result months[2];
    rt_churn_result_init(&months[0], sizeof months[0]);
    rt_churn_result_init(&months[1], sizeof months[1]);
    FAILALLOC_SWEEP(&fa, failures, rt_cohort_churn_monthly(c, 0, 2, NULL, months),
                    assert_int_equal(months[0].at_start + months[1].at_end, 0));
    assert_true(failures >= 2);  /* each call allocates */
    assert_true(months[0].at_start > 0);
    assert_int_equal(rt_cohort_churn_monthly(c, 0, 2403, NULL, months), RT_ERANGE);
    /* Day 36500 is 2069-12-07: its month and January 2070, which starts on
     * day 36525, the range's last, are allowed; February 2070 is not. */
    assert_int_equal(rt_cohort_churn_monthly(c, 36500, 2, NULL, months), RT_OK);
    rt_churn_result three[3];
    for (size_t i = 0; i < 3; i++)
        rt_churn_result_init(&three[i], sizeof three[i]);
    assert_int_equal(rt_cohort_churn_monthly(c, 36500, 3, NULL, three), RT_ERANGE);
    /* Day -36525 is 1869-12-31: December 1869 .. January 2070 is 2402 months. */
    rt_churn_result *all = calloc(2403, sizeof *all);
    assert_non_null(all);
    for (size_t i = 0; i < 2403; i++)
        rt_churn_result_init(&all[i], sizeof all[i]);
    assert_int_equal(rt_cohort_churn_monthly(c, -36525, 2402, NULL, all), RT_OK);
    assert_int_equal(rt_cohort_churn_monthly(c, -36525, 2403, NULL, all), RT_ERANGE);
    assert_int_equal(rt_cohort_churn_monthly(c, -36526, 1, NULL, all), RT_ERANGE);
    free(all);
    assert_int_equal(rt_cohort_churn_monthly(c, 0, 2, NULL, NULL), RT_EINVAL);
    months[1].size = 3;
    assert_int_equal(rt_cohort_churn_monthly(c, 0, 2, NULL, months), RT_EINVAL);
    assert_int_equal(rt_cohort_churn_monthly(c, 0, 0, NULL, NULL), RT_OK);
    rt_cohort_free(c);
    assert_int_equal(fa.live, 0);

    /* An empty window of an empty cohort: nothing defined, nothing counted. */
    c = new_cohort(10, NULL);
    r = churn(c, 0, 10);
    assert_int_equal(r.rates_defined, 0);
    assert_int_equal(r.at_start + r.at_end + r.repeat_base, 0);
    rt_cohort_free(c);
}

/* The brute force: membership written from the definition, day by day. */
enum { CUSTOMERS = 10, SPAN = 90, SUBS = 3 };
typedef struct plain_customer {
    bool active[SPAN];
    int32_t sub_start[SUBS], sub_end[SUBS];  /* end SPAN + 100: open */
    int subs;
    bool bought[SPAN];
} plain_customer;

static uint64_t rng = 88172645463325252u;
static uint64_t rnd(uint64_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng % n;
}

static bool plain_at(const plain_customer *p, int32_t d, int32_t inactivity)
{
    bool contractual = false, covered = false;
    for (int s = 0; s < p->subs; s++) {
        contractual |= p->sub_start[s] <= d;
        covered |= p->sub_start[s] <= d && d < p->sub_end[s];
    }
    if (contractual)
        return covered;
    for (int32_t x = d - inactivity + 1; x <= d; x++)
        if (x >= 0 && x < SPAN && p->active[x])
            return true;
    return false;
}

/* Each field of rt_churn_options at and past the edges of its range; a
 * refused call writes nothing. */
static void options_out_of_range(void **state)
{
    (void)state;
    rt_cohort *c = new_cohort(10, NULL);
    active(c, 1, 0);
    rt_churn_options o;
    assert_int_equal(rt_churn_options_init(NULL, sizeof o), RT_EINVAL);
    assert_int_equal(rt_churn_options_init(&o, sizeof(size_t) - 1), RT_EINVAL);
    /* The struct ends at its last member: a field appended later cannot
     * hide in tail padding, so the size check sees it. */
    assert_int_equal(offsetof(rt_churn_options, segment) + sizeof o.segment, sizeof o);
    assert_int_equal(rt_churn_options_init(&o, sizeof o), RT_OK);
    rt_churn_result r, untouched;
    rt_churn_result_init(&r, sizeof r);
    untouched = r;
    rt_churn_result month;
    rt_churn_result_init(&month, sizeof month);

    o.use_segment = 2;  /* one past the largest valid value */
    assert_int_equal(rt_cohort_churn(c, 0, 5, &o, &r), RT_EINVAL);
    assert_non_null(strstr(rt_last_error_message(), "rt_cohort_churn: use_segment is 2"));
    assert_int_equal(rt_cohort_churn_monthly(c, 0, 1, &o, &month), RT_EINVAL);
    assert_non_null(strstr(rt_last_error_message(), "rt_cohort_churn_monthly: use_segment"));
    o.use_segment = UINT32_MAX;
    assert_int_equal(rt_cohort_churn(c, 0, 5, &o, &r), RT_EINVAL);
    o.use_segment = 1;
    o.segment = UINT32_MAX;  /* any segment is valid: here nobody is in it */
    assert_int_equal(rt_cohort_churn(c, 0, 5, &o, &r), RT_OK);
    assert_int_equal(r.at_start + r.at_end, 0);
    r = untouched;

    o.size = sizeof(size_t) - 1;  /* smaller than any version */
    assert_int_equal(rt_cohort_churn(c, 0, 5, &o, &r), RT_EINVAL);
    struct { rt_churn_options o; uint32_t newer; } bigger;
    memset(&bigger, 0, sizeof bigger);
    assert_int_equal(rt_churn_options_init(&bigger.o, sizeof bigger), RT_OK);
    bigger.newer = 1;  /* a field this library does not know, set */
    assert_int_equal(rt_cohort_churn(c, 0, 5, &bigger.o, &r), RT_EVERSION);
    assert_memory_equal(&r, &untouched, sizeof r);
    bigger.newer = 0;  /* unset: accepted */
    assert_int_equal(rt_cohort_churn(c, 0, 5, &bigger.o, &r), RT_OK);
    assert_int_equal(r.at_start, 1);
    rt_cohort_free(c);
}

static void random_windows_match_brute_force(void **state)
{
    (void)state;
    for (int round = 0; round < 500; round++) {
        int32_t inactivity = 1 + (int32_t)rnd(20);
        rt_cohort *c = new_cohort((uint32_t)inactivity, NULL);
        plain_customer pc[CUSTOMERS];
        memset(pc, 0, sizeof pc);
        for (uint64_t i = 0; i < CUSTOMERS; i++) {
            for (int k = (int)rnd(12); k > 0; k--) {
                int32_t d = (int32_t)rnd(SPAN);
                bool purchase = rnd(3) == 0;
                pc[i].active[d] = true;
                pc[i].bought[d] |= purchase;
                if (purchase)
                    assert_int_equal(rt_cohort_add_purchase(c, i, (int64_t)d * DAY, 1.0), RT_OK);
                else
                    active(c, i, d);
            }
            if (rnd(3) == 0) {
                pc[i].subs = 1 + (int)rnd(SUBS);
                for (int s = 0; s < pc[i].subs; s++) {
                    int32_t a = (int32_t)rnd(SPAN), b = a + (int32_t)rnd(40);
                    bool open = rnd(3) == 0;
                    pc[i].sub_start[s] = a;
                    pc[i].sub_end[s] = open ? SPAN + 100 : b;
                    assert_int_equal(rt_cohort_add_subscription(c, i, (int64_t)a * DAY,
                                     open ? RT_SUBSCRIPTION_OPEN : (int64_t)b * DAY), RT_OK);
                }
            }
        }
        int32_t start = (int32_t)rnd(SPAN);
        int32_t end = start + (int32_t)rnd((uint64_t)(SPAN - start));
        rt_churn_result want;
        rt_churn_result_init(&want, sizeof want);
        for (int i = 0; i < CUSTOMERS; i++) {
            const plain_customer *p = &pc[i];
            int32_t first = INT32_MAX;
            for (int32_t d = SPAN - 1; d >= 0; d--)
                first = p->active[d] ? d : first;
            for (int s = 0; s < p->subs; s++)
                first = p->sub_start[s] < first ? p->sub_start[s] : first;
            bool s0 = plain_at(p, start, inactivity), s1 = plain_at(p, end, inactivity);
            want.at_start += s0;
            want.at_end += s1;
            want.retained += s0 && s1;
            want.lost += s0 && !s1;
            want.acquired += !s0 && first > start && first <= end && s1;
            want.joined_and_left += !s0 && first > start && first <= end && !s1;
            want.resurrected += !s0 && first <= start && s1;
            bool before = false, in = false;
            for (int32_t d = 0; d < SPAN; d++) {
                before |= p->bought[d] && d < start;
                in |= p->bought[d] && d >= start && d <= end;
            }
            want.repeat_base += before;
            want.repeat_buyers += before && in;
        }
        rt_churn_result got = churn(c, start, end);
        assert_int_equal(got.at_start, want.at_start);
        assert_int_equal(got.at_end, want.at_end);
        assert_int_equal(got.retained, want.retained);
        assert_int_equal(got.lost, want.lost);
        assert_int_equal(got.acquired, want.acquired);
        assert_int_equal(got.joined_and_left, want.joined_and_left);
        assert_int_equal(got.resurrected, want.resurrected);
        assert_int_equal(got.repeat_base, want.repeat_base);
        assert_int_equal(got.repeat_buyers, want.repeat_buyers);
        assert_int_equal(got.at_start, got.retained + got.lost);
        assert_int_equal(got.at_end, got.retained + got.acquired + got.resurrected);

        /* January to March 1970 (days 0-30, 31-58, 59-89) month by month
         * equal the windows one at a time. */
        rt_churn_result months[3];
        for (int i = 0; i < 3; i++)
            rt_churn_result_init(&months[i], sizeof months[i]);
        assert_int_equal(rt_cohort_churn_monthly(c, 17, 3, NULL, months), RT_OK);
        const int32_t bounds[4] = {0, 31, 59, 90};
        for (int i = 0; i < 3; i++) {
            rt_churn_result one = churn(c, bounds[i], bounds[i + 1] - 1);
            assert_memory_equal(&months[i], &one, sizeof one);
        }
        rt_cohort_free(c);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(definitions_by_hand),
        cmocka_unit_test(crr_worked_example_through_the_data),
        cmocka_unit_test(repeat_purchase_worked_example),
        cmocka_unit_test(bad_input_and_allocation_failure),
        cmocka_unit_test(options_out_of_range),
        cmocka_unit_test(random_windows_match_brute_force),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
