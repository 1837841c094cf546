/* Activity and retention tables on a population small enough to count by
 * hand; every expected number is worked out in the comments. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "assert_close.h"
#include "expect_cell.h"
#include "retention.h"

#define DAY 86400
static int32_t d0;  /* 2024-01-01, a Monday */

/* A: days 0, 1, 7 (day 7 twice, out of order); B: days 1, 30; C: day 2. */
static rt_cohort *three_customers(void)
{
    assert_int_equal(rt_day_from_date(2024, 1, 1, &d0), RT_OK);
    int64_t t0 = (int64_t)d0 * DAY;
    const uint64_t ids[] = {'A', 'B', 'A', 'C', 'A', 'B', 'A'};
    const int64_t times[] = {t0 + 7 * DAY + 5, t0 + DAY, t0 + 3600, t0 + 2 * DAY + 86399,
                             t0 + DAY + 10, t0 + 30 * DAY, t0 + 7 * DAY + 9};
    rt_cohort *c;
    assert_int_equal(rt_cohort_new(NULL, &c), RT_OK);
    assert_int_equal(rt_cohort_add_events(c, ids, times, 7, NULL), RT_OK);
    return c;
}

static rt_metrics *compute(const rt_cohort *c, rt_period period)
{
    rt_metrics_options o;
    rt_metrics_options_init(&o, sizeof o);
    o.period = period;
    rt_metrics *m;
    assert_int_equal(rt_cohort_metrics(c, &o, &m), RT_OK);
    return m;
}

static void expect_active(const rt_metrics *m, int32_t day, uint64_t dau, uint64_t wau,
                          uint64_t mau)
{
    uint64_t got_dau, got_wau, got_mau;
    assert_int_equal(rt_metrics_active(m, d0 + day, &got_dau, &got_wau, &got_mau), RT_OK);
    assert_int_equal(got_dau, dau);
    assert_int_equal(got_wau, wau);
    assert_int_equal(got_mau, mau);
}

static void daily_active_counts(void **state)
{
    (void)state;
    rt_cohort *c = three_customers();
    assert_int_equal(rt_cohort_customer_count(c), 3);
    assert_int_equal(rt_cohort_event_count(c), 7);
    rt_metrics *m = compute(c, RT_PERIOD_DAY);
    int32_t first, last;
    assert_int_equal(rt_metrics_day_range(m, &first, &last), RT_OK);
    assert_int_equal(first, d0);
    assert_int_equal(last, d0 + 30);
    /* day: DAU, WAU (days d-6..d), MAU (days d-29..d) */
    expect_active(m, 0, 1, 1, 1);    /* A */
    expect_active(m, 1, 2, 2, 2);    /* A, B */
    expect_active(m, 2, 1, 3, 3);    /* C; window A, B, C */
    expect_active(m, 7, 1, 3, 3);    /* A (twice); window 1..7: A, B, C */
    expect_active(m, 8, 0, 2, 3);    /* window 2..8: C, A */
    expect_active(m, 9, 0, 1, 3);    /* window 3..9: A */
    expect_active(m, 14, 0, 0, 3);   /* window 8..14: nobody */
    expect_active(m, 29, 0, 0, 3);   /* month 0..29: A, B, C */
    expect_active(m, 30, 1, 1, 3);   /* B; month 1..30: A, B, C */
    uint64_t dau;
    assert_int_equal(rt_metrics_active(m, d0 + 31, &dau, NULL, NULL), RT_ERANGE);
    assert_int_equal(rt_metrics_active(m, d0 - 1, &dau, NULL, NULL), RT_ERANGE);

    /* Days 0..2: DAU/MAU = 1/1, 2/2, 1/3: mean (1 + 1 + 1/3) / 3 = 7/9;
     * sums (1 + 2 + 1) / (1 + 2 + 3) = 2/3. */
    double mean, ratio;
    assert_int_equal(rt_metrics_stickiness(m, d0, d0 + 2, &mean, &ratio), RT_OK);
    assert_close(mean, 7.0 / 9.0, 1e-15, 0.0);
    assert_close(ratio, 2.0 / 3.0, 1e-15, 0.0);
    assert_int_equal(rt_metrics_stickiness(m, d0 + 2, d0 + 1, &mean, &ratio), RT_EINVAL);
    assert_int_equal(rt_metrics_stickiness(m, d0, d0 + 31, &mean, &ratio), RT_ERANGE);

    /* L28 ending on day 30 (days 3..30): A once (day 7), B once (30), C never. */
    uint64_t n;
    const uint64_t l28[] = {1, 2, 0};
    for (uint32_t k = 0; k < 3; k++) {
        assert_int_equal(rt_metrics_trailing_histogram(m, k, &n), RT_OK);
        assert_int_equal(n, l28[k]);
    }
    assert_int_equal(rt_metrics_trailing_histogram(m, 28, &n), RT_OK);
    assert_int_equal(n, 0);
    assert_int_equal(rt_metrics_trailing_histogram(m, 29, &n), RT_ERANGE);
    /* Over the 31 days: C on 1 day, B on 2, A on 3. */
    for (uint32_t k = 0; k <= 31; k++) {
        assert_int_equal(rt_metrics_range_histogram(m, k, &n), RT_OK);
        assert_int_equal(n, k >= 1 && k <= 3 ? 1 : 0);
    }
    assert_int_equal(rt_metrics_range_histogram(m, 32, &n), RT_ERANGE);
    assert_int_equal(rt_metrics_range_histogram(m, 1, NULL), RT_EINVAL);
    assert_int_equal(rt_metrics_range_histogram(NULL, 1, &n), RT_EINVAL);
    rt_metrics_free(m);
    rt_cohort_free(c);
}

static void daily_retention_with_censoring(void **state)
{
    (void)state;
    rt_cohort *c = three_customers();
    rt_metrics *m = compute(c, RT_PERIOD_DAY);
    assert_int_equal(rt_metrics_cohort_count(m), 31);
    assert_int_equal(rt_metrics_offset_count(m), 31);
    int32_t start;
    uint64_t size;
    assert_int_equal(rt_metrics_cohort(m, 1, &start, &size), RT_OK);
    assert_int_equal(start, d0 + 1);
    assert_int_equal(size, 1);  /* B */
    /* Cohort 0 = {A}: active at offsets 0, 1, 7; observed through offset 30. */
    expect_cell(m, RT_RETENTION_EXACT, 0, 0, 1, 1);
    expect_cell(m, RT_RETENTION_EXACT, 0, 1, 1, 1);
    expect_cell(m, RT_RETENTION_EXACT, 0, 2, 0, 1);
    expect_cell(m, RT_RETENTION_EXACT, 0, 7, 1, 1);
    expect_cell(m, RT_RETENTION_ON_OR_AFTER, 0, 7, 1, 1);
    expect_cell(m, RT_RETENTION_ON_OR_AFTER, 0, 8, 0, 1);
    /* Cohort 1 = {B}: offsets 0 and 29; offset 30 (day 31) has not happened. */
    expect_cell(m, RT_RETENTION_EXACT, 1, 29, 1, 1);
    expect_cell(m, RT_RETENTION_EXACT, 1, 30, 0, 0);
    expect_cell(m, RT_RETENTION_ON_OR_AFTER, 1, 28, 1, 1);
    /* Cohort 2 = {C}: a one-off; observed through offset 28. */
    expect_cell(m, RT_RETENTION_EXACT, 2, 28, 0, 1);
    expect_cell(m, RT_RETENTION_EXACT, 2, 29, 0, 0);

    double rate;
    uint64_t customers;
    /* Offset 1: every non-empty cohort observed: A of {A, B, C}. */
    assert_int_equal(rt_metrics_retention_curve(m, RT_RETENTION_EXACT, 1, &rate, &customers),
                     RT_OK);
    assert_close(rate, 1.0 / 3.0, 1e-15, 0.0);
    assert_int_equal(customers, 3);
    /* Offset 29: cohorts 0 and 1 only: B of {A, B}; C is censored, not a zero. */
    assert_int_equal(rt_metrics_retention_curve(m, RT_RETENTION_EXACT, 29, &rate, &customers),
                     RT_OK);
    assert_close(rate, 0.5, 1e-15, 0.0);
    assert_int_equal(customers, 2);
    /* On or after 7: A (last offset 7) and B (last offset 29) of 3. */
    assert_int_equal(rt_metrics_retention_curve(m, RT_RETENTION_ON_OR_AFTER, 7, &rate, NULL),
                     RT_OK);
    assert_close(rate, 2.0 / 3.0, 1e-15, 0.0);
    rt_metrics_free(m);
    rt_cohort_free(c);
}

static void weekly_and_monthly_tables(void **state)
{
    (void)state;
    rt_cohort *c = three_customers();
    /* ISO weeks from Monday 2024-01-01: all three start in week 0; A is back
     * in week 1, B in week 4, which has not ended by day 30 (a Wednesday). */
    rt_metrics *w = compute(c, RT_PERIOD_WEEK);
    assert_int_equal(rt_metrics_cohort_count(w), 5);
    int32_t start;
    uint64_t size;
    assert_int_equal(rt_metrics_cohort(w, 0, &start, &size), RT_OK);
    assert_int_equal(start, d0);
    assert_int_equal(size, 3);
    expect_cell(w, RT_RETENTION_EXACT, 0, 0, 3, 1);
    expect_cell(w, RT_RETENTION_EXACT, 0, 1, 1, 1);
    expect_cell(w, RT_RETENTION_EXACT, 0, 3, 0, 1);
    expect_cell(w, RT_RETENTION_EXACT, 0, 4, 0, 0);  /* B's visit is in a censored week */
    expect_cell(w, RT_RETENTION_ON_OR_AFTER, 0, 2, 1, 1);  /* B, seen later */
    expect_cell(w, RT_RETENTION_ON_OR_AFTER, 0, 3, 1, 1);
    expect_cell(w, RT_RETENTION_EXACT, 3, 0, 0, 1);
    expect_cell(w, RT_RETENTION_EXACT, 3, 1, 0, 0);
    double rate;
    assert_int_equal(rt_metrics_retention_curve(w, RT_RETENTION_EXACT, 4, &rate, NULL),
                     RT_EUNDEFINED);

    /* Lifecycle by week: A in weeks 0, 1; B in 0, 4; C in 0.
     * Week 0: 3 new. Week 1: A returning, B and C dormant. Week 2: A dormant.
     * Week 3: nothing. Week 4: B resurrecting. */
    const uint64_t lifecycle[5][4] = {
        {3, 0, 0, 0}, {0, 1, 0, 2}, {0, 0, 0, 1}, {0, 0, 0, 0}, {0, 0, 1, 0}};
    for (size_t week = 0; week < 5; week++)
        for (int s = 0; s < 4; s++) {
            uint64_t n;
            assert_int_equal(rt_metrics_lifecycle(w, week, (rt_lifecycle_state)s, &n), RT_OK);
            assert_int_equal(n, lifecycle[week][s]);
        }
    uint64_t n;
    assert_int_equal(rt_metrics_lifecycle(w, 5, RT_LIFECYCLE_NEW, &n), RT_ERANGE);
    assert_int_equal(rt_metrics_lifecycle(w, 0, (rt_lifecycle_state)4, &n), RT_EINVAL);
    assert_int_equal(rt_metrics_lifecycle(w, 0, RT_LIFECYCLE_NEW, NULL), RT_EINVAL);
    rt_metrics_free(w);

    /* January 2024 is one whole month, days 0..30. */
    rt_metrics *mo = compute(c, RT_PERIOD_MONTH);
    assert_int_equal(rt_metrics_cohort_count(mo), 1);
    assert_int_equal(rt_metrics_offset_count(mo), 1);
    expect_cell(mo, RT_RETENTION_EXACT, 0, 0, 3, 1);
    uint64_t active;
    uint32_t observed;
    assert_int_equal(rt_metrics_retention(mo, RT_RETENTION_EXACT, 0, 1, &active, &observed),
                     RT_ERANGE);
    assert_int_equal(rt_metrics_retention(mo, RT_RETENTION_EXACT, 1, 0, &active, &observed),
                     RT_ERANGE);
    assert_int_equal(rt_metrics_retention(mo, (rt_retention_kind)7, 0, 0, &active, &observed),
                     RT_EINVAL);
    rt_metrics_free(mo);
    rt_cohort_free(c);
}

static void explicit_range_widens_cohorts_and_ignores_later_events(void **state)
{
    (void)state;
    rt_cohort *c = three_customers();
    rt_metrics_options o;
    rt_metrics_options_init(&o, sizeof o);
    o.use_range = 1;
    o.first_day = d0 + 3;   /* a Thursday: the week cohort starts on Monday d0 */
    o.last_day = d0 + 13;   /* B's day-30 visit is after the end */
    o.period = RT_PERIOD_WEEK;
    rt_metrics *m;
    assert_int_equal(rt_cohort_metrics(c, &o, &m), RT_OK);
    assert_int_equal(rt_metrics_cohort_count(m), 2);
    uint64_t size;
    assert_int_equal(rt_metrics_cohort(m, 0, NULL, &size), RT_OK);
    assert_int_equal(size, 3);
    expect_cell(m, RT_RETENTION_EXACT, 0, 1, 1, 1);        /* A in week 1 */
    expect_cell(m, RT_RETENTION_ON_OR_AFTER, 0, 1, 1, 1);  /* B's later visit is unseen */
    expect_active(m, 3, 0, 3, 3);
    expect_active(m, 13, 0, 1, 3);
    rt_metrics_free(m);
    rt_cohort_free(c);
}

static void merge_adds_disjoint_populations(void **state)
{
    (void)state;
    rt_cohort *all = three_customers();
    rt_cohort *ab, *cc;
    assert_int_equal(rt_cohort_new(NULL, &ab), RT_OK);
    assert_int_equal(rt_cohort_new(NULL, &cc), RT_OK);
    int64_t t0 = (int64_t)d0 * DAY;
    const uint64_t ids_ab[] = {'A', 'A', 'A', 'B', 'B'};
    const int64_t times_ab[] = {t0, t0 + DAY, t0 + 7 * DAY, t0 + DAY, t0 + 30 * DAY};
    assert_int_equal(rt_cohort_add_events(ab, ids_ab, times_ab, 5, NULL), RT_OK);
    assert_int_equal(rt_cohort_add_event(cc, 'C', t0 + 2 * DAY), RT_OK);

    rt_metrics_options o;
    rt_metrics_options_init(&o, sizeof o);
    o.use_range = 1;
    o.first_day = d0;
    o.last_day = d0 + 30;
    o.period = RT_PERIOD_WEEK;
    rt_metrics *m_all, *m_ab, *m_c;
    assert_int_equal(rt_cohort_metrics(all, &o, &m_all), RT_OK);
    assert_int_equal(rt_cohort_metrics(ab, &o, &m_ab), RT_OK);
    assert_int_equal(rt_cohort_metrics(cc, &o, &m_c), RT_OK);
    assert_int_equal(rt_metrics_merge(m_ab, m_c), RT_OK);
    for (int32_t d = 0; d <= 30; d++) {
        uint64_t a[3], b[3];
        assert_int_equal(rt_metrics_active(m_all, d0 + d, &a[0], &a[1], &a[2]), RT_OK);
        assert_int_equal(rt_metrics_active(m_ab, d0 + d, &b[0], &b[1], &b[2]), RT_OK);
        assert_memory_equal(a, b, sizeof a);
    }
    for (size_t k = 0; k < rt_metrics_cohort_count(m_all); k++)
        for (uint32_t off = 0; off < rt_metrics_offset_count(m_all); off++)
            for (int kind = 0; kind < 2; kind++) {
                uint64_t x, y;
                uint32_t ox, oy;
                rt_retention_kind rk = (rt_retention_kind)kind;
                assert_int_equal(rt_metrics_retention(m_all, rk, k, off, &x, &ox), RT_OK);
                assert_int_equal(rt_metrics_retention(m_ab, rk, k, off, &y, &oy), RT_OK);
                assert_int_equal(x, y);
                assert_int_equal(ox, oy);
            }
    /* Different options: refused, destination unchanged. */
    o.period = RT_PERIOD_DAY;
    rt_metrics *m_day;
    assert_int_equal(rt_cohort_metrics(cc, &o, &m_day), RT_OK);
    assert_int_equal(rt_metrics_merge(m_ab, m_day), RT_EINVAL);
    uint64_t size;
    assert_int_equal(rt_metrics_cohort(m_ab, 0, NULL, &size), RT_OK);
    assert_int_equal(size, 3);
    assert_int_equal(rt_metrics_merge(NULL, m_day), RT_EINVAL);
    rt_metrics_free(m_day);
    rt_metrics_free(m_all);
    rt_metrics_free(m_ab);
    rt_metrics_free(m_c);
    rt_cohort_free(all);
    rt_cohort_free(ab);
    rt_cohort_free(cc);
}

static void empty_and_bad_requests(void **state)
{
    (void)state;
    rt_cohort *c;
    assert_int_equal(rt_cohort_new(NULL, &c), RT_OK);
    rt_metrics *m = NULL;
    assert_int_equal(rt_cohort_metrics(c, NULL, &m), RT_EUNDEFINED);
    assert_null(m);
    rt_metrics_options o;
    rt_metrics_options_init(&o, sizeof o);
    o.use_range = 1;
    o.first_day = 100;
    o.last_day = 99;
    assert_int_equal(rt_cohort_metrics(c, &o, &m), RT_EINVAL);
    o.last_day = 36526;
    assert_int_equal(rt_cohort_metrics(c, &o, &m), RT_ERANGE);
    o.last_day = 130;
    o.period = (rt_period)3;
    assert_int_equal(rt_cohort_metrics(c, &o, &m), RT_EINVAL);
    assert_null(m);
    /* An empty cohort over an explicit range: all zero, every curve undefined. */
    o.period = RT_PERIOD_DAY;
    assert_int_equal(rt_cohort_metrics(c, &o, &m), RT_OK);
    uint64_t dau = 9, wau = 9, mau = 9;
    assert_int_equal(rt_metrics_active(m, 120, &dau, &wau, &mau), RT_OK);
    assert_true(dau == 0 && wau == 0 && mau == 0);
    double rate, ratio;
    assert_int_equal(rt_metrics_retention_curve(m, RT_RETENTION_EXACT, 0, &rate, NULL),
                     RT_EUNDEFINED);
    assert_int_equal(rt_metrics_stickiness(m, 100, 130, &rate, &ratio), RT_EUNDEFINED);
    rt_metrics_free(m);
    assert_int_equal(rt_cohort_metrics(NULL, NULL, &m), RT_EINVAL);
    assert_int_equal(rt_cohort_metrics(c, NULL, NULL), RT_EINVAL);
    rt_metrics_free(NULL);
    rt_cohort_free(c);
}

/* Six lifetimes with an inactivity threshold of 5 days, observed to day 20:
 *   P, Q: days 0..3, silent 17 days: ended at 3 days.
 *   R: days 1..10, silent 10: ended at 9.      U: day 5 only, silent 15: ended at 0.
 *   S: days 2..18, silent 2: censored at 18.   V: days 15..16, silent 4: censored at 5.
 * Kaplan-Meier: t = 0: n 6, d 1, S = 5/6; t = 3: n 5, d 2, S = 1/2;
 * t = 9: n 2 (R, S), d 1, S = 1/4. */
static void kaplan_meier_by_hand(void **state)
{
    (void)state;
    rt_cohort_options co;
    rt_cohort_options_init(&co, sizeof co);
    co.inactivity_days = 5;
    rt_cohort *c;
    assert_int_equal(rt_cohort_new(&co, &c), RT_OK);
    const uint64_t ids[] = {'P', 'P', 'Q', 'Q', 'R', 'R', 'S', 'S', 'U', 'V', 'V'};
    const int32_t days[] = {0, 3, 0, 3, 1, 10, 2, 18, 5, 15, 16};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        assert_int_equal(rt_cohort_add_event(c, ids[i], (int64_t)days[i] * DAY + 600), RT_OK);
    rt_metrics_options o;
    rt_metrics_options_init(&o, sizeof o);
    o.use_range = 1;
    o.first_day = 0;
    o.last_day = 20;
    rt_metrics *m;
    assert_int_equal(rt_cohort_metrics(c, &o, &m), RT_OK);

    const double expected[21] = {5. / 6, 5. / 6, 5. / 6, .5, .5, .5, .5, .5, .5, .25, .25,
                                 .25, .25, .25, .25, .25, .25, .25, .25, .25, .25};
    for (uint32_t t = 0; t <= 20; t++) {
        double s;
        assert_int_equal(rt_metrics_survival(m, t, &s, NULL, NULL), RT_OK);
        assert_close(s, expected[t], 1e-15, 0.0);
    }
    double s, lo, hi;
    assert_int_equal(rt_metrics_survival(m, 21, &s, &lo, &hi), RT_ERANGE);
    /* Greenwood at t = 3: 1 / (6 * 5) + 2 / (5 * 3) = 1/6; log-log bounds
     * 0.5^exp(+-1.96 sqrt(1/6) / ln 2) = 0.111 and 0.804. */
    assert_int_equal(rt_metrics_survival(m, 3, &s, &lo, &hi), RT_OK);
    double sigma = sqrt(1.0 / 6.0) / log(2.0);
    assert_close(lo, pow(0.5, exp(1.959963984540054 * sigma)), 1e-14, 0.0);
    assert_close(hi, pow(0.5, exp(-1.959963984540054 * sigma)), 1e-14, 0.0);
    assert_close(lo, 0.111, 0.0, 0.0005);
    assert_close(hi, 0.804, 0.0, 0.0005);
    uint64_t at_risk, ended;
    assert_int_equal(rt_metrics_survival_counts(m, 3, &at_risk, &ended), RT_OK);
    assert_int_equal(at_risk, 5);
    assert_int_equal(ended, 2);
    assert_int_equal(rt_metrics_survival_counts(m, 9, &at_risk, &ended), RT_OK);
    assert_int_equal(at_risk, 2);
    assert_int_equal(ended, 1);
    double median, rmst;
    assert_int_equal(rt_metrics_survival_median(m, &median), RT_OK);
    assert_close(median, 3.0, 0.0, 0.0);
    /* Days 0..9: 3 x 5/6 + 6 x 1/2 + 1/4 = 5.75. */
    assert_int_equal(rt_metrics_survival_rmst(m, 10, &rmst), RT_OK);
    assert_close(rmst, 5.75, 1e-15, 0.0);
    assert_int_equal(rt_metrics_survival_rmst(m, 0, &rmst), RT_EINVAL);
    assert_int_equal(rt_metrics_survival_rmst(m, 22, &rmst), RT_ERANGE);
    rt_metrics_free(m);

    /* Observed only to day 6: nobody has been silent for more than 5 days
     * except... nobody (P and Q are silent 3): every lifetime is censored and
     * the curve never drops: the median is infinite. */
    o.last_day = 6;
    assert_int_equal(rt_cohort_metrics(c, &o, &m), RT_OK);
    assert_int_equal(rt_metrics_survival(m, 6, &s, &lo, &hi), RT_OK);
    assert_close(s, 1.0, 0.0, 0.0);
    assert_close(lo, 1.0, 0.0, 0.0);
    assert_int_equal(rt_metrics_survival_median(m, &median), RT_OK);
    assert_true(isinf(median));
    rt_metrics_free(m);
    rt_cohort_free(c);
}

/* Contracts decide lifetimes (inactivity 5 days, observed to day 20):
 *   X: active day 0, subscribed days 0..9 (closed at day 10): ended at 9.
 *   Y: active day 0, subscription still open: censored at 20, though silent.
 *   Z: active day 0, no contract, silent 20 days: ended at 0.
 *   W: active day 0, subscribed 0..4, then again from day 8, open: censored.
 *   V: active day 0, subscription starting on day 25, after the end: treated
 *      as no contract, so silence ends it at 0.
 * KM: t = 0: n 5, d 2 (Z, V): S = 3/5; t = 9: n 3 (X, Y, W), d 1: S = 2/5. */
static void subscriptions_decide_contractual_lifetimes(void **state)
{
    (void)state;
    rt_cohort_options co;
    rt_cohort_options_init(&co, sizeof co);
    co.inactivity_days = 5;
    rt_cohort *c;
    assert_int_equal(rt_cohort_new(&co, &c), RT_OK);
    const uint64_t ids[] = {'X', 'Y', 'Z', 'W', 'V'};
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(rt_cohort_add_event(c, ids[i], 100), RT_OK);
    assert_int_equal(rt_cohort_add_subscription(c, 'X', 0, 10 * DAY), RT_OK);
    assert_int_equal(rt_cohort_add_subscription(c, 'Y', 0, RT_SUBSCRIPTION_OPEN), RT_OK);
    assert_int_equal(rt_cohort_add_subscription(c, 'W', 0, 5 * DAY), RT_OK);
    assert_int_equal(rt_cohort_add_subscription(c, 'W', 8 * DAY, RT_SUBSCRIPTION_OPEN), RT_OK);
    assert_int_equal(rt_cohort_add_subscription(c, 'V', 25 * DAY, 30 * DAY), RT_OK);
    rt_metrics_options o;
    rt_metrics_options_init(&o, sizeof o);
    o.use_range = 1;
    o.first_day = 0;
    o.last_day = 20;
    rt_metrics *m;
    assert_int_equal(rt_cohort_metrics(c, &o, &m), RT_OK);
    double s;
    assert_int_equal(rt_metrics_survival(m, 0, &s, NULL, NULL), RT_OK);
    assert_close(s, 3.0 / 5.0, 1e-15, 0.0);
    assert_int_equal(rt_metrics_survival(m, 8, &s, NULL, NULL), RT_OK);
    assert_close(s, 3.0 / 5.0, 1e-15, 0.0);
    assert_int_equal(rt_metrics_survival(m, 9, &s, NULL, NULL), RT_OK);
    assert_close(s, 2.0 / 5.0, 1e-15, 0.0);
    assert_int_equal(rt_metrics_survival(m, 20, &s, NULL, NULL), RT_OK);
    assert_close(s, 2.0 / 5.0, 1e-15, 0.0);
    rt_metrics_free(m);
    rt_cohort_free(c);
}

/* Brackets day 0 | day 1 | days 2-7 | days 8-30 after each first activity. */
static void custom_day_brackets(void **state)
{
    (void)state;
    rt_cohort *c = three_customers();
    const uint32_t bounds[] = {0, 1, 2, 8, 31};
    rt_metrics_options o;
    rt_metrics_options_init(&o, sizeof o);
    o.bracket_bounds = bounds;
    o.bracket_count = 4;
    rt_metrics *m;
    assert_int_equal(rt_cohort_metrics(c, &o, &m), RT_OK);
    assert_int_equal(rt_metrics_bracket_count(m), 4);
    /* Cohort day 0 = {A: offsets 0, 1, 7}; its bracket 3 ends on day 30. */
    expect_cell(m, RT_RETENTION_BRACKETS, 0, 0, 1, 1);
    expect_cell(m, RT_RETENTION_BRACKETS, 0, 1, 1, 1);
    expect_cell(m, RT_RETENTION_BRACKETS, 0, 2, 1, 1);
    expect_cell(m, RT_RETENTION_BRACKETS, 0, 3, 0, 1);
    /* Cohort day 1 = {B: offsets 0, 29}: bracket 3 ends on day 31, censored. */
    expect_cell(m, RT_RETENTION_BRACKETS, 1, 2, 0, 1);
    expect_cell(m, RT_RETENTION_BRACKETS, 1, 3, 0, 0);
    /* Cohort day 2 = {C}. */
    expect_cell(m, RT_RETENTION_BRACKETS, 2, 0, 1, 1);
    expect_cell(m, RT_RETENTION_BRACKETS, 2, 2, 0, 1);
    double rate;
    uint64_t customers;
    /* Bracket 2 (days 2-7): A of A, B, C. Bracket 3: only cohort 0 observed. */
    assert_int_equal(rt_metrics_retention_curve(m, RT_RETENTION_BRACKETS, 2, &rate,
                                                &customers), RT_OK);
    assert_close(rate, 1.0 / 3.0, 1e-15, 0.0);
    assert_int_equal(rt_metrics_retention_curve(m, RT_RETENTION_BRACKETS, 3, &rate,
                                                &customers), RT_OK);
    assert_close(rate, 0.0, 0.0, 0.0);
    assert_int_equal(customers, 1);
    uint64_t active;
    uint32_t observed;
    assert_int_equal(rt_metrics_retention(m, RT_RETENTION_BRACKETS, 0, 4, &active, &observed),
                     RT_ERANGE);
    rt_metrics_free(m);

    /* Weekly cohort {A, B, C}: its last starter could start on day 6, so
     * bracket 2 is observed (ends day 13) and bracket 3 is not (day 36). */
    o.period = RT_PERIOD_WEEK;
    assert_int_equal(rt_cohort_metrics(c, &o, &m), RT_OK);
    expect_cell(m, RT_RETENTION_BRACKETS, 0, 2, 1, 1);
    expect_cell(m, RT_RETENTION_BRACKETS, 0, 3, 0, 0);
    rt_metrics_free(m);

    /* Without brackets the kind is refused; bad bounds are refused. */
    rt_metrics_options_init(&o, sizeof o);
    assert_int_equal(rt_cohort_metrics(c, &o, &m), RT_OK);
    assert_int_equal(rt_metrics_bracket_count(m), 0);
    assert_int_equal(rt_metrics_retention(m, RT_RETENTION_BRACKETS, 0, 0, &active, &observed),
                     RT_EINVAL);
    rt_metrics_free(m);
    const uint32_t flat[] = {0, 5, 5};
    o.bracket_bounds = flat;
    o.bracket_count = 2;
    m = NULL;
    assert_int_equal(rt_cohort_metrics(c, &o, &m), RT_EINVAL);
    o.bracket_bounds = NULL;
    assert_int_equal(rt_cohort_metrics(c, &o, &m), RT_EINVAL);
    assert_null(m);
    rt_cohort_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(daily_active_counts),
        cmocka_unit_test(daily_retention_with_censoring),
        cmocka_unit_test(weekly_and_monthly_tables),
        cmocka_unit_test(explicit_range_widens_cohorts_and_ignores_later_events),
        cmocka_unit_test(merge_adds_disjoint_populations),
        cmocka_unit_test(empty_and_bad_requests),
        cmocka_unit_test(kaplan_meier_by_hand),
        cmocka_unit_test(subscriptions_decide_contractual_lifetimes),
        cmocka_unit_test(custom_day_brackets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
