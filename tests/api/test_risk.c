/* Customers at risk: reasons worked out by hand, ranking by value or by
 * activity, top N by selection against a full ranking, bad input, and
 * allocation failure. */
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

static void active_days(rt_cohort *c, uint64_t id, int32_t from, int32_t to)
{
    for (int32_t d = from; d <= to; d++)
        assert_int_equal(rt_cohort_add_event(c, id, (int64_t)d * DAY + 60), RT_OK);
}

/* As of day 100 (windows of 28: recent 73..100, earlier 45..72):
 *   'S' days 50..80: silent 20 >= 14; recent 8 < half of earlier 23: SILENT, USAGE_FELL
 *   'L' days 1..100, a late payment on day 95: LATE_PAYMENT
 *   'F' days 20, 65: silent 35; recent 0 < half of 1; 2 visits in 81 days
 *       (40.5 > 31): SILENT, USAGE_FELL, FORGETTABLE
 *   'H' days 1..100: nothing;  'G' days 1..5: silent 95 >= 90, gone;
 *   'N' day 101: not yet a customer. */
static rt_cohort *population(const rt_allocator *alloc)
{
    rt_cohort_options o;
    rt_cohort_options_init(&o, sizeof o);
    o.allocator = alloc;
    rt_cohort *c;
    assert_int_equal(rt_cohort_new(&o, &c), RT_OK);
    active_days(c, 'S', 50, 80);
    active_days(c, 'L', 1, 100);
    assert_int_equal(rt_cohort_add_late_payment(c, 'L', 95 * DAY), RT_OK);
    active_days(c, 'F', 20, 20);
    active_days(c, 'F', 65, 65);
    active_days(c, 'H', 1, 100);
    active_days(c, 'G', 1, 5);
    active_days(c, 'N', 101, 101);
    return c;
}

static void reasons_and_ranking_by_hand(void **state)
{
    (void)state;
    rt_cohort *c = population(NULL);
    rt_risk_options o;
    rt_risk_options_init(&o, sizeof o);
    o.as_of_day = 100;
    uint64_t ids[8], at_risk = 0;
    uint32_t why[8];
    double value[8];
    size_t n = 0;
    /* By activity: L (100 active days), S (31), F (2). */
    assert_int_equal(rt_cohort_at_risk(c, &o, ids, why, value, 8, &n, &at_risk), RT_OK);
    assert_int_equal(n, 3);
    assert_int_equal(at_risk, 3);
    assert_int_equal(ids[0], 'L');
    assert_int_equal(why[0], RT_RISK_LATE_PAYMENT);
    assert_true(value[0] == 100.0);
    assert_int_equal(ids[1], 'S');
    assert_int_equal(why[1], RT_RISK_SILENT | RT_RISK_USAGE_FELL);
    assert_true(value[1] == 31.0);
    assert_int_equal(ids[2], 'F');
    assert_int_equal(why[2], RT_RISK_SILENT | RT_RISK_USAGE_FELL | RT_RISK_FORGETTABLE);

    /* By the caller's values: F 900, S 500, L 10; the top 2 only. */
    const uint64_t who[] = {'S', 'F', 'L', 'H'};
    const double worth[] = {500.0, 900.0, 10.0, 5000.0};
    o.value_ids = who;
    o.values = worth;
    o.value_count = 4;
    assert_int_equal(rt_cohort_at_risk(c, &o, ids, NULL, value, 2, &n, &at_risk), RT_OK);
    assert_int_equal(n, 2);
    assert_int_equal(at_risk, 3);
    assert_int_equal(ids[0], 'F');
    assert_true(value[0] == 900.0);
    assert_int_equal(ids[1], 'S');

    /* Equal values: the smaller id first. */
    const double same[] = {7.0, 7.0, 7.0, 7.0};
    o.values = same;
    assert_int_equal(rt_cohort_at_risk(c, &o, ids, NULL, NULL, 3, &n, NULL), RT_OK);
    assert_int_equal(ids[0], 'F');
    assert_int_equal(ids[1], 'L');
    assert_int_equal(ids[2], 'S');
    /* Nothing wanted: just the count. */
    assert_int_equal(rt_cohort_at_risk(c, &o, NULL, NULL, NULL, 0, &n, &at_risk), RT_OK);
    assert_int_equal(n, 0);
    assert_int_equal(at_risk, 3);
    rt_cohort_free(c);
}

static void bad_input_changes_nothing(void **state)
{
    (void)state;
    rt_cohort *c = population(NULL);
    rt_risk_options o;
    rt_risk_options_init(&o, sizeof o);
    o.as_of_day = 100;
    uint64_t ids[4] = {0}, at_risk = 77;
    size_t n = 77;
    const uint64_t who[] = {'S', 'Q'};
    const double worth[] = {1.0, 2.0}, bad_worth[] = {(double)NAN, 2.0};
    o.value_ids = who;
    o.value_count = 2;
    o.values = worth;
    assert_int_equal(rt_cohort_at_risk(c, &o, ids, NULL, NULL, 4, &n, &at_risk), RT_ENOTFOUND);
    o.values = bad_worth;
    assert_int_equal(rt_cohort_at_risk(c, &o, ids, NULL, NULL, 4, &n, &at_risk), RT_EINVAL);
    o.values = NULL;
    assert_int_equal(rt_cohort_at_risk(c, &o, ids, NULL, NULL, 4, &n, &at_risk), RT_EINVAL);
    o.value_count = 0;
    o.usage_drop = 0.0;
    assert_int_equal(rt_cohort_at_risk(c, &o, ids, NULL, NULL, 4, &n, &at_risk), RT_EINVAL);
    o.usage_drop = 0.5;
    o.silent_days = 0;
    assert_int_equal(rt_cohort_at_risk(c, &o, ids, NULL, NULL, 4, &n, &at_risk), RT_EINVAL);
    o.silent_days = 14;
    o.as_of_day = 99999;
    assert_int_equal(rt_cohort_at_risk(c, &o, ids, NULL, NULL, 4, &n, &at_risk), RT_ERANGE);
    o.as_of_day = 100;
    assert_int_equal(rt_cohort_at_risk(c, &o, NULL, NULL, NULL, 4, &n, &at_risk), RT_EINVAL);
    assert_int_equal(rt_cohort_at_risk(c, &o, ids, NULL, NULL, 4, NULL, &at_risk), RT_EINVAL);
    assert_int_equal(rt_cohort_at_risk(NULL, &o, ids, NULL, NULL, 4, &n, &at_risk), RT_EINVAL);
    assert_int_equal(n, 77);
    assert_int_equal(at_risk, 77);
    assert_int_equal(ids[0], 0);
    rt_cohort_free(c);

    failalloc fa;
    rt_allocator hooks;
    failalloc_setup(&fa, &hooks);
    c = population(&hooks);
    for (size_t k = 0;; k++) {
        failalloc_arm(&fa, k);
        rt_status st = rt_cohort_at_risk(c, &o, ids, NULL, NULL, 4, &n, &at_risk);
        failalloc_disarm(&fa);
        if (!fa.tripped) {
            assert_int_equal(st, RT_OK);
            break;
        }
        assert_int_equal(st, RT_ENOMEM);
        assert_int_equal(n, 77);
    }
    assert_int_equal(n, 3);
    rt_cohort_free(c);
    assert_int_equal(fa.live, 0);
}

/* Selection against the full ranking: the top k of any size are the first k
 * of the complete list, which is in ranking order. */
/* Each field of rt_risk_options at the edges of its documented range and
 * one past them; a refusal names the field and writes nothing. */
static rt_status at_risk_with(const rt_cohort *c, const rt_risk_options *o, const char *field)
{
    uint64_t ids[4] = {0}, at_risk = 77;
    size_t n = 77;
    rt_status st = rt_cohort_at_risk(c, o, ids, NULL, NULL, 4, &n, &at_risk);
    if (st != RT_OK) {
        assert_int_equal(n, 77);
        assert_int_equal(at_risk, 77);
        assert_non_null(strstr(rt_last_error_message(), field));
    }
    return st;
}

static void options_at_their_edges(void **state)
{
    (void)state;
    rt_cohort *c = population(NULL);
    rt_risk_options o;
    static const struct { uint32_t days; rt_status want; } edges[] = {
        {0, RT_EINVAL}, {1, RT_OK}, {73051, RT_OK}, {73052, RT_EINVAL}, {UINT32_MAX, RT_EINVAL}};
    static const char *const fields[] = {"lost_days", "silent_days", "window_days",
                                         "late_payment_days"};
    for (size_t k = 0; k < 4; k++)
        for (size_t e = 0; e < sizeof edges / sizeof edges[0]; e++) {
            rt_risk_options_init(&o, sizeof o);
            o.as_of_day = 100;
            uint32_t *field = k == 0 ? &o.lost_days : k == 1 ? &o.silent_days
                              : k == 2 ? &o.window_days : &o.late_payment_days;
            *field = edges[e].days;
            assert_int_equal(at_risk_with(c, &o, fields[k]), edges[e].want);
        }
    rt_risk_options_init(&o, sizeof o);
    o.as_of_day = -36525;
    assert_int_equal(at_risk_with(c, &o, ""), RT_OK);
    o.as_of_day = -36526;
    assert_int_equal(at_risk_with(c, &o, "as_of_day"), RT_ERANGE);
    o.as_of_day = 36525;
    assert_int_equal(at_risk_with(c, &o, ""), RT_OK);
    o.as_of_day = 36526;
    assert_int_equal(at_risk_with(c, &o, "as_of_day"), RT_ERANGE);
    o.as_of_day = 100;
    o.usage_drop = 1.0;
    assert_int_equal(at_risk_with(c, &o, ""), RT_OK);
    o.usage_drop = nextafter(1.0, 2.0);
    assert_int_equal(at_risk_with(c, &o, "usage_drop"), RT_EINVAL);
    o.usage_drop = 1e-300;
    assert_int_equal(at_risk_with(c, &o, ""), RT_OK);
    o.usage_drop = 0.0;
    assert_int_equal(at_risk_with(c, &o, "usage_drop"), RT_EINVAL);
    rt_cohort_free(c);
}

static void top_n_is_a_prefix_of_the_full_ranking(void **state)
{
    (void)state;
    enum { PEOPLE = 3000 };
    rt_cohort *c;
    assert_int_equal(rt_cohort_new(NULL, &c), RT_OK);
    static uint64_t who[PEOPLE];
    static double worth[PEOPLE];
    uint64_t seed = 12345;
    for (uint64_t p = 0; p < PEOPLE; p++) {
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        int32_t last = 100 - (int32_t)(seed >> 58);  /* 37..100 */
        active_days(c, p, last - (int32_t)(p % 20), last);
        who[p] = p;
        worth[p] = (double)((seed >> 20) % 50);  /* many ties */
    }
    rt_risk_options o;
    rt_risk_options_init(&o, sizeof o);
    o.as_of_day = 100;
    o.value_ids = who;
    o.values = worth;
    o.value_count = PEOPLE;
    static uint64_t all[PEOPLE], top[PEOPLE];
    static double all_v[PEOPLE];
    size_t n_all, n;
    uint64_t at_risk;
    assert_int_equal(rt_cohort_at_risk(c, &o, all, NULL, all_v, PEOPLE, &n_all, &at_risk),
                     RT_OK);
    assert_int_equal(n_all, at_risk);
    assert_true(n_all > 100);
    for (size_t i = 1; i < n_all; i++)
        assert_true(all_v[i - 1] > all_v[i] || (all_v[i - 1] == all_v[i] && all[i - 1] < all[i]));
    const size_t ks[] = {1, 2, 7, 50, 99, n_all - 1, n_all};
    for (size_t j = 0; j < sizeof ks / sizeof ks[0]; j++) {
        assert_int_equal(rt_cohort_at_risk(c, &o, top, NULL, NULL, ks[j], &n, NULL), RT_OK);
        assert_int_equal(n, ks[j]);
        assert_memory_equal(top, all, n * sizeof *top);
    }
    rt_cohort_free(c);
}

/* Reasons written out from the definitions, day by day, on random
 * histories with late payments. */
static void random_reasons_match_the_definition(void **state)
{
    (void)state;
    enum { SPAN = 160, PEOPLE = 25 };
    uint64_t seed = 99;
    for (int round = 0; round < 200; round++) {
        rt_cohort *c;
        assert_int_equal(rt_cohort_new(NULL, &c), RT_OK);
        static bool on[PEOPLE][SPAN], late[PEOPLE][SPAN];
        memset(on, 0, sizeof on);
        memset(late, 0, sizeof late);
        for (uint64_t p = 0; p < PEOPLE; p++) {
            seed = seed * 6364136223846793005u + 1442695040888963407u;
            uint64_t every = 1 + (seed >> 59), start = (seed >> 40) % SPAN;
            uint64_t stop = start + (seed >> 20) % SPAN;
            for (uint64_t d = start; d < stop && d < SPAN; d += every) {
                on[p][d] = true;
                active_days(c, p, (int32_t)d, (int32_t)d);
            }
            if ((seed >> 10) % 4 == 0) {
                int32_t d = (int32_t)((seed >> 12) % SPAN);
                late[p][d] = true;
                assert_int_equal(rt_cohort_add_late_payment(c, p, (int64_t)d * DAY), RT_OK);
            }
        }
        rt_risk_options o;
        rt_risk_options_init(&o, sizeof o);
        o.as_of_day = (int32_t)((seed >> 5) % (SPAN + 30));
        o.lost_days = 1 + (uint32_t)(seed % 100);
        o.silent_days = 1 + (uint32_t)((seed >> 7) % 30);
        o.window_days = 1 + (uint32_t)((seed >> 13) % 40);
        o.late_payment_days = 1 + (uint32_t)((seed >> 17) % 100);
        uint64_t ids[PEOPLE], at_risk;
        uint32_t why[PEOPLE];
        size_t n;
        assert_int_equal(rt_cohort_at_risk(c, &o, ids, why, NULL, PEOPLE, &n, &at_risk), RT_OK);
        rt_frequency_options fo;
        rt_frequency_options_init(&fo, sizeof fo);
        fo.as_of_day = o.as_of_day;
        rt_frequency *f;
        assert_int_equal(rt_cohort_frequency(c, &fo, &f), RT_OK);
        size_t expected = 0;
        int32_t t = o.as_of_day, w = (int32_t)o.window_days;
        for (uint64_t p = 0; p < PEOPLE; p++) {
            int32_t last = -1;
            int recent = 0, earlier = 0;
            bool paid_late = false;
            for (int32_t d = 0; d < SPAN && d <= t; d++) {
                last = on[p][d] ? d : last;
                recent += on[p][d] && d > t - w;
                earlier += on[p][d] && d > t - 2 * w && d <= t - w;
                paid_late |= late[p][d] && t - d < (int32_t)o.late_payment_days;
            }
            if (last < 0 || t - last >= (int32_t)o.lost_days)
                continue;
            rt_frequency_bucket b;
            assert_int_equal(rt_frequency_customer(f, p, &b, NULL), RT_OK);
            uint32_t want = (t - last >= (int32_t)o.silent_days ? RT_RISK_SILENT : 0) |
                            (earlier > 0 && recent < 0.5 * earlier ? RT_RISK_USAGE_FELL : 0) |
                            (paid_late ? RT_RISK_LATE_PAYMENT : 0) |
                            (b == RT_FREQUENCY_FORGETTABLE ? RT_RISK_FORGETTABLE : 0);
            size_t i = 0;
            while (i < n && ids[i] != p)
                i++;
            if (want == 0) {
                assert_true(i == n);
                continue;
            }
            expected++;
            assert_true(i < n);
            assert_int_equal(why[i], want);
        }
        assert_int_equal(at_risk, expected);
        assert_int_equal(n, expected);
        rt_frequency_free(f);
        rt_cohort_free(c);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reasons_and_ranking_by_hand),
        cmocka_unit_test(bad_input_changes_nothing),
        cmocka_unit_test(options_at_their_edges),
        cmocka_unit_test(top_n_is_a_prefix_of_the_full_ranking),
        cmocka_unit_test(random_reasons_match_the_definition),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
