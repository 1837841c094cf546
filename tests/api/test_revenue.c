/* Revenue retention: a small base worked out by hand month by month (every
 * movement, rate and cohort cell in the comments), the trailing twelve
 * months, the as-of day and censoring, bad input and allocation failure. */
#define RT_EXPERIMENTAL  /* the experimental tier is tested too */
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
#define OPEN RT_SUBSCRIPTION_OPEN

static int32_t day_of(int32_t year, uint32_t month, uint32_t mday)
{
    int32_t day;
    assert_int_equal(rt_day_from_date(year, month, mday, &day), RT_OK);
    return day;
}

/* Noon of a date, Unix seconds. */
static int64_t at(int32_t year, uint32_t month, uint32_t mday)
{
    return (int64_t)day_of(year, month, mday) * DAY + 12 * 3600;
}

static void paid(rt_cohort *c, uint64_t id, int64_t start, int64_t end, int64_t mrr)
{
    assert_int_equal(rt_cohort_add_revenue_subscription(c, id, start, end, mrr), RT_OK);
}

/* The base of 2024, MRR in cents:
 *   A  Jan 10 10000, upgraded Mar 15 to 15000 (plan change: two intervals)
 *   B  Jan 20 5000, ends Feb 10; back Apr 5 at 5000
 *   C  Feb 1 20000, plus a second subscription Mar 1 .. Apr 1 of 3000
 *   D  Feb 15 8000, downgraded Mar 20 to 6000
 *   E  a plain subscription from Jan 5 (MRR 0: never paying)
 *   F  a free plan (MRR 0) Jan 1 .. Feb 1, then paid 4000 from Feb 1 */
static rt_cohort *base_2024(const rt_allocator *alloc)
{
    rt_cohort_options o;
    rt_cohort_options_init(&o, sizeof o);
    o.allocator = alloc;
    rt_cohort *c;
    assert_int_equal(rt_cohort_new(&o, &c), RT_OK);
    paid(c, 'A', at(2024, 1, 10), at(2024, 3, 15), 10000);
    paid(c, 'A', at(2024, 3, 15), OPEN, 15000);
    paid(c, 'B', at(2024, 1, 20), at(2024, 2, 10), 5000);
    paid(c, 'B', at(2024, 4, 5), OPEN, 5000);
    paid(c, 'C', at(2024, 2, 1), OPEN, 20000);
    paid(c, 'C', at(2024, 3, 1), at(2024, 4, 1), 3000);
    paid(c, 'D', at(2024, 2, 15), at(2024, 3, 20), 8000);
    paid(c, 'D', at(2024, 3, 20), OPEN, 6000);
    assert_int_equal(rt_cohort_add_subscription(c, 'E', at(2024, 1, 5), OPEN), RT_OK);
    paid(c, 'F', at(2024, 1, 1), at(2024, 2, 1), 0);
    paid(c, 'F', at(2024, 2, 1), OPEN, 4000);
    return c;
}

static rt_revenue *revenue_as_of(const rt_cohort *c, int32_t as_of)
{
    rt_revenue_options o;
    assert_int_equal(rt_revenue_options_init(&o, sizeof o), RT_OK);
    o.use_as_of_day = 1;
    o.as_of_day = as_of;
    rt_revenue *r = NULL;
    assert_int_equal(rt_cohort_revenue(c, &o, &r), RT_OK);
    return r;
}

static rt_mrr_month month_at(const rt_revenue *r, size_t index)
{
    rt_mrr_month m;
    assert_int_equal(rt_mrr_month_init(&m, sizeof m), RT_OK);
    assert_int_equal(rt_revenue_month(r, index, &m), RT_OK);
    return m;
}

typedef struct expected_month {
    uint64_t customers_opening, customers_closing;
    int64_t opening, new_mrr, expansion, contraction, churned, reactivation, closing;
    double nrr, grr, quick_ratio, arpa;
} expected_month;

static void assert_rate(double actual, double expected)
{
    if (isnan(expected))
        assert_true(isnan(actual));
    else
        assert_close(actual, expected, 1e-15, 0.0);
}

static void assert_month(const rt_mrr_month *m, const expected_month *e)
{
    assert_int_equal(m->customers_opening, e->customers_opening);
    assert_int_equal(m->customers_closing, e->customers_closing);
    assert_int_equal(m->opening, e->opening);
    assert_int_equal(m->new_mrr, e->new_mrr);
    assert_int_equal(m->expansion, e->expansion);
    assert_int_equal(m->contraction, e->contraction);
    assert_int_equal(m->churned, e->churned);
    assert_int_equal(m->reactivation, e->reactivation);
    assert_int_equal(m->closing, e->closing);
    assert_rate(m->nrr, e->nrr);
    assert_rate(m->grr, e->grr);
    assert_rate(m->quick_ratio, e->quick_ratio);
    assert_rate(m->arpa, e->arpa);
    assert_true(isnan(m->nrr_12) && isnan(m->grr_12));  /* no month 12 months earlier */
}

/* Every number below is worked out by hand from base_2024().
 * Jan: new A 10000 (Jan 10) + B 5000 (Jan 20) = 15000; closing 15000,
 *      2 paying; nobody paid at the start: NRR, GRR NaN; quick ratio
 *      15000 / 0: NaN; ARPA 15000 / 2 = 7500.
 * Feb: new C 20000 + F 4000 (Feb 1; F's free plan before makes it no
 *      reactivation) + D 8000 (Feb 15) = 32000; churned B 5000 (Feb 10).
 *      Closing 15000 + 32000 - 5000 = 42000 = A 10000 + C 20000 + D 8000
 *      + F 4000, 4 paying. Paying at the start: A 10000, B 5000 (15000);
 *      now A 10000, B 0: NRR = GRR = 10000 / 15000. Quick 32000 / 5000 =
 *      6.4; ARPA 42000 / 4 = 10500.
 * Mar: expansion C +3000 (Mar 1) + A +5000 (Mar 15) = 8000; contraction
 *      D -2000 (Mar 20). Closing 42000 + 8000 - 2000 = 48000 = A 15000 +
 *      C 23000 + D 6000 + F 4000. Start set A, C, D, F (42000); now 48000:
 *      NRR 48000 / 42000; GRR (10000 + 20000 + 6000 + 4000) / 42000 =
 *      40000 / 42000. Quick 8000 / 2000 = 4; ARPA 48000 / 4 = 12000.
 * Apr: contraction C -3000 (Apr 1, its second subscription ends: C still
 *      pays, so no churn); reactivation B 5000 (Apr 5). Closing 48000 -
 *      3000 + 5000 = 50000, 5 paying. Start set A 15000, C 23000, D 6000,
 *      F 4000 (48000), now 15000 + 20000 + 6000 + 4000 = 45000 (B is not
 *      in it): NRR = GRR = 45000 / 48000 = 0.9375. Quick 5000 / 3000;
 *      ARPA 50000 / 5 = 10000. */
static void movements_by_hand(void **state)
{
    (void)state;
    rt_cohort *c = base_2024(NULL);
    rt_revenue *r = revenue_as_of(c, day_of(2024, 4, 30));
    assert_int_equal(rt_revenue_month_count(r), 4);
    const expected_month e[4] = {
        {0, 2, 0, 15000, 0, 0, 0, 0, 15000, (double)NAN, (double)NAN, (double)NAN, 7500.0},
        {2, 4, 15000, 32000, 0, 0, 5000, 0, 42000, 10000.0 / 15000, 10000.0 / 15000, 6.4,
         10500.0},
        {4, 4, 42000, 0, 8000, 2000, 0, 0, 48000, 48000.0 / 42000, 40000.0 / 42000, 4.0,
         12000.0},
        {4, 5, 48000, 0, 0, 3000, 0, 5000, 50000, 0.9375, 0.9375, 5000.0 / 3000, 10000.0},
    };
    const uint32_t month_of_year[4] = {1, 2, 3, 4}, last_mday[4] = {31, 29, 31, 30};
    for (size_t i = 0; i < 4; i++) {
        rt_mrr_month m = month_at(r, i);
        assert_int_equal(m.first_day, day_of(2024, month_of_year[i], 1));
        assert_int_equal(m.last_day, day_of(2024, month_of_year[i], last_mday[i]));
        assert_month(&m, &e[i]);
        assert_int_equal(m.opening + m.new_mrr + m.expansion - m.contraction - m.churned +
                         m.reactivation, m.closing);
    }
    rt_revenue_free(r);
    rt_cohort_free(c);
}

/* Cohorts by first paid month, from base_2024() by hand:
 *   Jan: A, B; start 10000 + 5000 = 15000. Closes: Jan 15000 (1), Feb A
 *        10000 (2/3), Mar A 15000 (1), Apr A 15000 + B 5000 = 20000 (4/3:
 *        reactivation and expansion count).
 *   Feb: C, D, F; start 20000 + 8000 + 4000 = 32000. Feb 32000 (1), Mar
 *        23000 + 6000 + 4000 = 33000, Apr 20000 + 6000 + 4000 = 30000.
 *   Mar, Apr: no new customer. */
static void cohort_table_by_hand(void **state)
{
    (void)state;
    rt_cohort *c = base_2024(NULL);
    rt_revenue *r = revenue_as_of(c, day_of(2024, 4, 30));
    uint64_t customers;
    int64_t start;
    assert_int_equal(rt_revenue_cohort_size(r, 0, &customers, &start), RT_OK);
    assert_int_equal(customers, 2);
    assert_int_equal(start, 15000);
    assert_int_equal(rt_revenue_cohort_size(r, 1, &customers, &start), RT_OK);
    assert_int_equal(customers, 3);
    assert_int_equal(start, 32000);
    assert_int_equal(rt_revenue_cohort_size(r, 2, &customers, &start), RT_OK);
    assert_int_equal(customers, 0);
    assert_int_equal(start, 0);

    const double jan[4] = {1.0, 10000.0 / 15000, 1.0, 20000.0 / 15000};
    const double feb[3] = {1.0, 33000.0 / 32000, 30000.0 / 32000};
    double share;
    uint32_t observed;
    for (size_t k = 0; k < 4; k++) {
        assert_int_equal(rt_revenue_cohort_share(r, 0, k, &share, &observed), RT_OK);
        assert_int_equal(observed, 1);
        assert_close(share, jan[k], 1e-15, 0.0);
    }
    for (size_t k = 0; k < 3; k++) {
        assert_int_equal(rt_revenue_cohort_share(r, 1, k, &share, &observed), RT_OK);
        assert_int_equal(observed, 1);
        assert_close(share, feb[k], 1e-15, 0.0);
    }
    assert_int_equal(rt_revenue_cohort_share(r, 2, 0, &share, &observed), RT_EUNDEFINED);
    assert_int_equal(rt_revenue_cohort_share(r, 0, 4, &share, &observed), RT_ERANGE);
    assert_int_equal(rt_revenue_cohort_share(r, 1, 3, &share, &observed), RT_ERANGE);
    rt_revenue_free(r);
    rt_cohort_free(c);
}

/* As of Apr 15 the April changes (Apr 1, Apr 5) are seen, but April has not
 * ended: its cells are censored, its closing is the MRR of Apr 15 (50000).
 * By default the as-of day is the latest paid start or end: B's return on
 * Apr 5. As of Mar 10, C's second subscription (Mar 1) is the only March
 * change: closing 42000 + 3000 = 45000, and A's upgrade is not seen yet. */
static void as_of_day_and_censoring(void **state)
{
    (void)state;
    rt_cohort *c = base_2024(NULL);
    rt_revenue *r = revenue_as_of(c, day_of(2024, 4, 15));
    rt_mrr_month m = month_at(r, 3);
    assert_int_equal(m.last_day, day_of(2024, 4, 15));
    assert_int_equal(m.closing, 50000);
    double share = -1.0;
    uint32_t observed = 7;
    assert_int_equal(rt_revenue_cohort_share(r, 0, 3, &share, &observed), RT_OK);
    assert_int_equal(observed, 0);
    assert_true(share == -1.0);  /* not written when censored */
    assert_int_equal(rt_revenue_cohort_share(r, 0, 2, &share, &observed), RT_OK);
    assert_int_equal(observed, 1);
    rt_revenue_free(r);

    rt_revenue *dflt = NULL;
    assert_int_equal(rt_cohort_revenue(c, NULL, &dflt), RT_OK);
    assert_int_equal(rt_revenue_month_count(dflt), 4);
    m = month_at(dflt, 3);
    assert_int_equal(m.last_day, day_of(2024, 4, 5));
    assert_int_equal(m.reactivation, 5000);
    rt_revenue_free(dflt);

    r = revenue_as_of(c, day_of(2024, 3, 10));
    assert_int_equal(rt_revenue_month_count(r), 3);
    m = month_at(r, 2);
    assert_int_equal(m.expansion, 3000);
    assert_int_equal(m.contraction, 0);
    assert_int_equal(m.closing, 45000);
    rt_revenue_free(r);

    r = revenue_as_of(c, day_of(2023, 12, 31));  /* before any paid day: no month */
    assert_int_equal(rt_revenue_month_count(r), 0);
    assert_int_equal(rt_revenue_month(r, 0, &m), RT_ERANGE);
    rt_revenue_free(r);
    rt_cohort_free(c);
}

/* Trailing twelve months, by hand (as of 2024-01-31, months Jan 2023 = 0 to
 * Jan 2024 = 12):
 *   X  2023-01-15 10000, upgraded 2023-08-01 to 12000
 *   Y  2023-01-20 5000, ends 2023-06-01
 *   Z  2023-06-10 7000 (new after the window's start: left out)
 * Paying at the close of Jan 2023: X 10000, Y 5000 (15000). At the close
 * of Jan 2024: X 12000, Y 0. NRR_12 = 12000 / 15000 = 0.8; GRR_12 =
 * (min(12000, 10000) + 0) / 15000 = 10000 / 15000. Months 0..11 have no
 * month twelve before them: NaN. Monthly NRR of Aug 2023 (month 7): start
 * X 10000, Z 7000; now X 12000, Z 7000: 19000 / 17000; GRR 17000 / 17000. */
static void trailing_twelve_months_by_hand(void **state)
{
    (void)state;
    rt_cohort *c;
    assert_int_equal(rt_cohort_new(NULL, &c), RT_OK);
    paid(c, 'X', at(2023, 1, 15), at(2023, 8, 1), 10000);
    paid(c, 'X', at(2023, 8, 1), OPEN, 12000);
    paid(c, 'Y', at(2023, 1, 20), at(2023, 6, 1), 5000);
    paid(c, 'Z', at(2023, 6, 10), OPEN, 7000);
    rt_revenue *r = revenue_as_of(c, day_of(2024, 1, 31));
    assert_int_equal(rt_revenue_month_count(r), 13);
    rt_mrr_month m = month_at(r, 12);
    assert_close(m.nrr_12, 0.8, 1e-15, 0.0);
    assert_close(m.grr_12, 10000.0 / 15000, 1e-15, 0.0);
    for (size_t i = 0; i < 12; i++) {
        m = month_at(r, i);
        assert_true(isnan(m.nrr_12) && isnan(m.grr_12));
    }
    m = month_at(r, 7);
    assert_int_equal(m.expansion, 2000);
    assert_close(m.nrr, 19000.0 / 17000, 1e-15, 0.0);
    assert_close(m.grr, 1.0, 1e-15, 0.0);
    rt_revenue_free(r);
    rt_cohort_free(c);
}

static void bad_input(void **state)
{
    (void)state;
    rt_cohort *c = base_2024(NULL);
    uint64_t subscriptions = rt_cohort_subscription_count(c);
    uint64_t customers = rt_cohort_customer_count(c);
    const uint64_t ids[3] = {'P', 'Q', 'R'};
    const int64_t starts[3] = {at(2024, 1, 1), at(2024, 1, 2), at(2024, 1, 3)};
    const int64_t ends[3] = {OPEN, OPEN, OPEN};
    const int64_t negative[3] = {100, -1, 100};
    const int64_t too_big[3] = {100, 100, RT_MRR_MAX_CENTS + 1};
    size_t bad = 99;
    assert_int_equal(rt_cohort_add_revenue_subscriptions(c, ids, starts, ends, negative, 3,
                                                         &bad), RT_EINVAL);
    assert_int_equal(bad, 1);
    assert_non_null(strstr(rt_last_error_message(), "rt_cohort_add_revenue_subscriptions"));
    assert_int_equal(rt_cohort_add_revenue_subscriptions(c, ids, starts, ends, too_big, 3,
                                                         &bad), RT_EINVAL);
    assert_int_equal(bad, 2);
    assert_int_equal(rt_cohort_add_revenue_subscriptions(c, ids, starts, ends, NULL, 3, &bad),
                     RT_EINVAL);
    assert_int_equal(rt_cohort_add_revenue_subscription(c, 'P', at(2024, 2, 1),
                                                        at(2024, 1, 1), 100), RT_EINVAL);
    assert_non_null(strstr(rt_last_error_message(), "rt_cohort_add_revenue_subscription:"));
    assert_int_equal(rt_cohort_add_revenue_subscription(NULL, 'P', 0, OPEN, 100), RT_EINVAL);
    assert_int_equal(rt_cohort_subscription_count(c), subscriptions);
    assert_int_equal(rt_cohort_customer_count(c), customers);
    /* RT_MRR_MAX_CENTS itself is accepted. */
    assert_int_equal(rt_cohort_add_revenue_subscription(c, 'P', at(2024, 1, 1), OPEN,
                                                        RT_MRR_MAX_CENTS), RT_OK);

    rt_revenue *r = (rt_revenue *)&bad;  /* must stay as it is on failure */
    rt_revenue_options o;
    rt_revenue_options_init(&o, sizeof o);
    assert_int_equal(rt_cohort_revenue(c, &o, NULL), RT_EINVAL);
    assert_int_equal(rt_cohort_revenue(NULL, &o, &r), RT_EINVAL);
    o.use_as_of_day = 2;
    assert_int_equal(rt_cohort_revenue(c, &o, &r), RT_EINVAL);
    assert_non_null(strstr(rt_last_error_message(), "rt_cohort_revenue: use_as_of_day"));
    o.use_as_of_day = 1;
    o.as_of_day = 36526;
    assert_int_equal(rt_cohort_revenue(c, &o, &r), RT_ERANGE);
    struct { rt_revenue_options o; uint64_t future; } newer;
    memset(&newer, 0, sizeof newer);
    newer.o.size = sizeof newer;
    newer.future = 1;
    assert_int_equal(rt_cohort_revenue(c, &newer.o, &r), RT_EVERSION);
    assert_ptr_equal(r, (rt_revenue *)&bad);
    assert_int_equal(rt_revenue_options_init(NULL, sizeof o), RT_EINVAL);
    assert_int_equal(rt_mrr_month_init(NULL, sizeof(rt_mrr_month)), RT_EINVAL);

    r = revenue_as_of(c, day_of(2024, 4, 30));
    rt_mrr_month m;
    rt_mrr_month_init(&m, sizeof m);
    assert_int_equal(rt_revenue_month(r, 4, &m), RT_ERANGE);
    assert_int_equal(rt_revenue_month(r, 0, NULL), RT_EINVAL);
    m.size = sizeof m - 1;
    assert_int_equal(rt_revenue_month(r, 0, &m), RT_EINVAL);
    uint64_t n;
    int64_t start;
    assert_int_equal(rt_revenue_cohort_size(r, 4, &n, &start), RT_ERANGE);
    assert_int_equal(rt_revenue_cohort_size(r, 0, NULL, &start), RT_EINVAL);
    double share;
    uint32_t observed;
    assert_int_equal(rt_revenue_cohort_share(r, 0, 0, NULL, &observed), RT_EINVAL);
    assert_int_equal(rt_revenue_cohort_share(NULL, 0, 0, &share, &observed), RT_EINVAL);
    rt_revenue_free(r);
    rt_revenue_free(NULL);
    rt_cohort_free(c);
}

/* A newer caller's larger month struct keeps the bytes this version does
 * not know; its size member is kept. */
static void larger_month_struct_keeps_its_tail(void **state)
{
    (void)state;
    rt_cohort *c = base_2024(NULL);
    rt_revenue *r = revenue_as_of(c, day_of(2024, 4, 30));
    struct { rt_mrr_month m; uint64_t future; } newer;
    assert_int_equal(rt_mrr_month_init(&newer.m, sizeof newer), RT_OK);
    newer.future = 42;
    assert_int_equal(rt_revenue_month(r, 1, &newer.m), RT_OK);
    assert_int_equal(newer.m.size, sizeof newer);
    assert_int_equal(newer.m.closing, 42000);
    assert_int_equal(newer.future, 42);
    rt_revenue_free(r);
    rt_cohort_free(c);
}

static void allocation_failure(void **state)
{
    (void)state;
    failalloc fa;
    rt_allocator hooks;
    failalloc_setup(&fa, &hooks);
    rt_cohort *c = base_2024(&hooks);
    const uint64_t ids[3] = {'P', 'Q', 'A'};
    const int64_t starts[3] = {at(2024, 1, 1), at(2024, 1, 2), at(2024, 1, 3)};
    const int64_t ends[3] = {OPEN, at(2024, 2, 2), OPEN};
    const int64_t mrr[3] = {100, 200, 300};
    for (size_t k = 0;; k++) {
        uint64_t subscriptions = rt_cohort_subscription_count(c);
        uint64_t customers = rt_cohort_customer_count(c);
        failalloc_arm(&fa, k);
        rt_status st = rt_cohort_add_revenue_subscriptions(c, ids, starts, ends, mrr, 3, NULL);
        failalloc_disarm(&fa);
        if (!fa.tripped) {
            assert_int_equal(st, RT_OK);
            break;
        }
        assert_int_equal(st, RT_ENOMEM);
        assert_int_equal(rt_cohort_subscription_count(c), subscriptions);
        assert_int_equal(rt_cohort_customer_count(c), customers);
    }
    rt_revenue_options o;
    rt_revenue_options_init(&o, sizeof o);
    for (size_t k = 0;; k++) {
        rt_revenue *r = NULL;
        failalloc_arm(&fa, k);
        rt_status st = rt_cohort_revenue(c, &o, &r);
        failalloc_disarm(&fa);
        if (!fa.tripped) {
            assert_int_equal(st, RT_OK);
            /* Jan, new: P 100 (Jan 1), Q 200 (Jan 2), A 300 (Jan 3: its
             * 10000 of Jan 10 is now expansion), B 5000 = 5600. Q churns
             * Feb 2: Feb closing 42000 + P 100 + A 300 = 42400. */
            assert_int_equal(month_at(r, 0).new_mrr, 5600);
            assert_int_equal(month_at(r, 0).expansion, 10000);
            assert_int_equal(month_at(r, 1).closing, 42400);
            rt_revenue_free(r);
            break;
        }
        assert_int_equal(st, RT_ENOMEM);
        assert_null(r);
    }
    rt_cohort_free(c);
    assert_int_equal(fa.live, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(movements_by_hand),
        cmocka_unit_test(cohort_table_by_hand),
        cmocka_unit_test(as_of_day_and_censoring),
        cmocka_unit_test(trailing_twelve_months_by_hand),
        cmocka_unit_test(bad_input),
        cmocka_unit_test(larger_month_struct_keeps_its_tail),
        cmocka_unit_test(allocation_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
