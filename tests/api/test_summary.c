/* RFM summaries from purchases: by hand, then the CDNOW log against the
 * published customer-by-sufficient-statistic file (cdnow_cbs.csv), and the
 * BG/NBD fit on it against the published estimates. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assert_close.h"
#include "failalloc.h"
#include "retention.h"

#define DAY 86400

static FILE *open_data(const char *name)
{
    const char *dir = getenv("RT_TEST_DATA");
    assert_non_null(dir);
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    return f;
}

/* Customer 1: purchases on days 0 (10 + 5, one transaction), 7 (20), 21 (30),
 * then 40 (holdout); calibration ends day 28, holdout day 60, unit 7 days:
 * x = 2, t_x = 21/7 = 3, T = 28/7 = 4, mean spend (20 + 30) / 2 = 25,
 * holdout 1. Customer 2: one purchase on day 14 (8): x 0, t_x 0, T 2, spend 0.
 * Customer 3: first purchase on day 29, after the calibration: left out. */
static void summary_by_hand(void **state)
{
    (void)state;
    rt_cohort *c;
    assert_int_equal(rt_cohort_new(NULL, &c), RT_OK);
    const uint64_t ids[] = {1, 1, 1, 2, 1, 1, 3};
    const int64_t times[] = {21 * DAY + 5, 0, 7 * DAY, 14 * DAY, 3600, 40 * DAY, 29 * DAY};
    const double amounts[] = {30, 10, 20, 8, 5, 99, 1};
    assert_int_equal(rt_cohort_add_purchases(c, ids, times, amounts, 7, NULL), RT_OK);
    rt_rfm_summary_options o;
    rt_rfm_summary_options_init(&o, sizeof o);
    assert_close(o.unit_days, 7.0, 0.0, 0.0);
    o.calibration_end_day = 28;
    o.use_holdout = 1;
    o.holdout_end_day = 60;
    uint64_t id[4], x[4], holdout[4];
    double t_x[4], T[4], spend[4];
    size_t n = 0;
    assert_int_equal(rt_cohort_rfm_customers(c, &o, NULL, NULL, NULL, NULL, NULL, NULL, 0, &n),
                     RT_OK);
    assert_int_equal(n, 2);
    assert_int_equal(rt_cohort_rfm_customers(c, &o, id, x, t_x, T, spend, holdout, 4, &n),
                     RT_OK);
    assert_int_equal(n, 2);
    assert_int_equal(id[0], 1);
    assert_int_equal(x[0], 2);
    assert_close(t_x[0], 3.0, 1e-15, 0.0);
    assert_close(T[0], 4.0, 1e-15, 0.0);
    assert_close(spend[0], 25.0, 1e-15, 0.0);
    assert_int_equal(holdout[0], 1);
    assert_int_equal(id[1], 2);
    assert_int_equal(x[1], 0);
    assert_close(t_x[1], 0.0, 0.0, 0.0);
    assert_close(T[1], 2.0, 1e-15, 0.0);
    assert_close(spend[1], 0.0, 0.0, 0.0);

    /* Days as the unit. */
    o.unit_days = 1.0;
    assert_int_equal(rt_cohort_rfm_customers(c, &o, NULL, NULL, t_x, T, NULL, NULL, 1, &n),
                     RT_OK);
    assert_close(t_x[0], 21.0, 0.0, 0.0);
    assert_close(T[0], 28.0, 0.0, 0.0);

    /* Into a histogram: two rows. */
    rt_rfm *rfm;
    assert_int_equal(rt_rfm_new(NULL, &rfm), RT_OK);
    assert_int_equal(rt_cohort_rfm(c, &o, rfm), RT_OK);
    assert_int_equal(rt_rfm_customer_count(rfm), 2);

    /* Bad input. */
    o.unit_days = 0.0;
    assert_int_equal(rt_cohort_rfm_customers(c, &o, id, x, t_x, T, spend, holdout, 4, &n),
                     RT_EINVAL);
    o.unit_days = (double)NAN;
    assert_int_equal(rt_cohort_rfm(c, &o, rfm), RT_EINVAL);
    o.unit_days = 7.0;
    o.holdout_end_day = 27;
    assert_int_equal(rt_cohort_rfm(c, &o, rfm), RT_EINVAL);
    o.holdout_end_day = 60;
    o.calibration_end_day = 40000;
    assert_int_equal(rt_cohort_rfm(c, &o, rfm), RT_ERANGE);
    o.calibration_end_day = 14;  /* customer 2's first purchase: T = 0 */
    assert_int_equal(rt_cohort_rfm(c, &o, rfm), RT_EUNDEFINED);
    assert_int_equal(rt_rfm_customer_count(rfm), 2);  /* unchanged */
    /* ... unless such customers are left out: only customer 1 (first day
     * 0, x = 1: day 7, T = 2), in both the list and the histogram. */
    o.skip_zero_age = 1;
    assert_int_equal(rt_cohort_rfm_customers(c, &o, id, x, NULL, T, NULL, NULL, 4, &n), RT_OK);
    assert_int_equal(n, 1);
    assert_int_equal(id[0], 1);
    assert_int_equal(x[0], 1);
    assert_close(T[0], 2.0, 1e-15, 0.0);
    assert_int_equal(rt_cohort_rfm(c, &o, rfm), RT_OK);
    assert_int_equal(rt_rfm_customer_count(rfm), 3);
    o.skip_zero_age = 0;
    assert_int_equal(rt_cohort_rfm(c, NULL, rfm), RT_EINVAL);
    assert_int_equal(rt_cohort_rfm(c, &o, NULL), RT_EINVAL);
    assert_int_equal(rt_cohort_rfm_customers(NULL, &o, id, x, t_x, T, spend, holdout, 4, &n),
                     RT_EINVAL);
    rt_rfm_free(rfm);
    rt_cohort_free(c);
}

static int32_t day_of_yyyymmdd(long ymd)
{
    int32_t day;
    assert_int_equal(rt_day_from_date((int32_t)(ymd / 10000), (uint32_t)(ymd / 100 % 100),
                                      (uint32_t)(ymd % 100), &day), RT_OK);
    return day;
}

static rt_cohort *cdnow(const rt_allocator *alloc)
{
    rt_cohort_options co;
    rt_cohort_options_init(&co, sizeof co);
    co.allocator = alloc;
    rt_cohort *c;
    assert_int_equal(rt_cohort_new(&co, &c), RT_OK);
    FILE *f = open_data("cdnow_elog.csv");
    char line[256];
    assert_non_null(fgets(line, sizeof line, f));  /* header */
    size_t rows = 0;
    long master, sample, date, cds;
    double sales;
    while (fgets(line, sizeof line, f) &&
           sscanf(line, "%ld,%ld,%ld,%ld,%lf", &master, &sample, &date, &cds, &sales) == 5) {
        assert_int_equal(rt_cohort_add_purchase(c, (uint64_t)sample,
                                                (int64_t)day_of_yyyymmdd(date) * DAY, sales),
                         RT_OK);
        rows++;
    }
    fclose(f);
    assert_int_equal(rows, 6919);
    return c;
}

static rt_rfm_summary_options cdnow_periods(void)
{
    rt_rfm_summary_options o;
    rt_rfm_summary_options_init(&o, sizeof o);
    o.calibration_end_day = day_of_yyyymmdd(19970930);
    o.use_holdout = 1;
    o.holdout_end_day = day_of_yyyymmdd(19980630);
    return o;
}

static void cdnow_log_reproduces_the_published_summary(void **state)
{
    (void)state;
    rt_cohort *c = cdnow(NULL);
    rt_rfm_summary_options o = cdnow_periods();
    enum { N = 2357 };
    static uint64_t id[N], x[N], holdout[N];
    static double t_x[N], T[N], spend[N];
    size_t n;
    assert_int_equal(rt_cohort_rfm_customers(c, &o, id, x, t_x, T, spend, holdout, N, &n),
                     RT_OK);
    assert_int_equal(n, N);
    FILE *f = open_data("cdnow_cbs.csv");
    char line[256];
    assert_non_null(fgets(line, sizeof line, f));
    uint64_t sum_x = 0, sum_holdout = 0, repeaters = 0;
    size_t rows = 0;
    long cust, want_x, tx_days, T_days, want_holdout;
    double want_tx, want_T, want_mx;
    while (fgets(line, sizeof line, f) &&
           sscanf(line, "%ld,%ld,%ld,%ld,%lf,%lf,%ld,%lf", &cust, &want_x, &tx_days, &T_days,
                  &want_tx, &want_T, &want_holdout, &want_mx) == 8) {
        size_t i = (size_t)cust - 1;  /* purchases were added in sample id order */
        assert_int_equal(id[i], (uint64_t)cust);
        assert_int_equal(x[i], (uint64_t)want_x);
        assert_close(t_x[i], want_tx, 1e-14, 0.0);
        assert_close(T[i], want_T, 1e-14, 0.0);
        assert_int_equal(holdout[i], (uint64_t)want_holdout);
        assert_close(spend[i], want_mx, 1e-12, 1e-12);
        sum_x += x[i];
        sum_holdout += holdout[i];
        repeaters += x[i] > 0;
        rows++;
    }
    fclose(f);
    assert_int_equal(rows, N);
    assert_int_equal(sum_x, 2457);        /* the README's checks */
    assert_int_equal(sum_holdout, 1882);
    assert_int_equal(repeaters, 946);

    /* The fit on the summary of the log: r 0.243, alpha 4.414, a 0.793,
     * b 2.426, LL -9582.4 (Fader, Hardie & Lee 2005). */
    rt_rfm *rfm;
    assert_int_equal(rt_rfm_new(NULL, &rfm), RT_OK);
    assert_int_equal(rt_cohort_rfm(c, &o, rfm), RT_OK);
    assert_int_equal(rt_rfm_customer_count(rfm), N);
    rt_fit_report report;
    rt_fit_report_init(&report, sizeof report);
    assert_int_equal(rt_bgnbd_fit(rfm, NULL, &report), RT_OK);
    const double published[4] = {0.243, 4.414, 0.793, 2.426};
    for (int k = 0; k < 4; k++)
        assert_close(report.params[k], published[k], 0.0, 0.0006);
    assert_close(report.log_likelihood, -9582.4, 0.0, 0.05);
    rt_rfm_free(rfm);
    rt_cohort_free(c);
}

/* Legal amounts whose sum exceeds DBL_MAX (about 1.797e308). Customer 1:
 * 1 on day 0, 1e308 on days 1 and 2: x = 2, the repeat amounts sum to
 * 2e308, the mean is 1e308 (by hand), not +inf. Customer 2: 1 on day 0, then
 * 1e308 twice on day 1 (one transaction of 2e308): x = 1, the mean 2e308 is
 * no double: RT_ERANGE, nothing written; the (x, t_x, T) summary, which
 * needs no amount, still works. */
static void mean_spend_beyond_the_largest_double(void **state)
{
    (void)state;
    rt_cohort *c;
    assert_int_equal(rt_cohort_new(NULL, &c), RT_OK);
    const uint64_t ids[] = {1, 1, 1, 2, 2, 2};
    const int64_t times[] = {0, DAY, 2 * DAY, 0, DAY, DAY + 60};
    const double amounts[] = {1, 1e308, 1e308, 1, 1e308, 1e308};
    assert_int_equal(rt_cohort_add_purchases(c, ids, times, amounts, 3, NULL), RT_OK);
    rt_rfm_summary_options o;
    rt_rfm_summary_options_init(&o, sizeof o);
    o.calibration_end_day = 10;
    uint64_t x[2] = {7, 7};
    double spend[2] = {-1.0, -1.0};
    size_t n = 99;
    assert_int_equal(rt_cohort_rfm_customers(c, &o, NULL, x, NULL, NULL, spend, NULL, 2, &n),
                     RT_OK);
    assert_int_equal(n, 1);
    assert_int_equal(x[0], 2);
    assert_close(spend[0], 1e308, 1e-15, 0.0);

    assert_int_equal(rt_cohort_add_purchases(c, ids + 3, times + 3, amounts + 3, 3, NULL),
                     RT_OK);
    x[0] = 7;
    spend[0] = -1.0;
    n = 99;
    assert_int_equal(rt_cohort_rfm_customers(c, &o, NULL, x, NULL, NULL, spend, NULL, 2, &n),
                     RT_ERANGE);
    assert_non_null(strstr(rt_last_error_message(), "rt_cohort_rfm_customers: customer 2: "));
    assert_int_equal(n, 99);
    assert_int_equal(x[0], 7);
    assert_close(spend[0], -1.0, 0.0, 0.0);
    assert_int_equal(rt_cohort_rfm_customers(c, &o, NULL, x, NULL, NULL, NULL, NULL, 2, &n),
                     RT_OK);
    assert_int_equal(n, 2);
    assert_int_equal(x[1], 1);
    rt_rfm *rfm;
    assert_int_equal(rt_rfm_new(NULL, &rfm), RT_OK);
    assert_int_equal(rt_cohort_rfm(c, &o, rfm), RT_OK);
    assert_int_equal(rt_rfm_customer_count(rfm), 2);
    rt_rfm_free(rfm);
    rt_cohort_free(c);
}

static void allocation_failures_change_nothing(void **state)
{
    (void)state;
    failalloc fa;
    rt_allocator hooks;
    failalloc_setup(&fa, &hooks);
    rt_cohort *c = cdnow(&hooks);
    rt_rfm_summary_options o = cdnow_periods();
    rt_rfm *rfm;
    rt_rfm_options with_hooks;
    rt_rfm_options_init(&with_hooks, sizeof with_hooks);
    with_hooks.allocator = &hooks;
    assert_int_equal(rt_rfm_new(&with_hooks, &rfm), RT_OK);
    size_t n = 99;
    for (size_t k = 0;; k++) {
        failalloc_arm(&fa, k);
        rt_status st = rt_cohort_rfm(c, &o, rfm);
        failalloc_disarm(&fa);
        if (!fa.tripped) {
            assert_int_equal(st, RT_OK);
            break;
        }
        assert_int_equal(st, RT_ENOMEM);
        assert_int_equal(rt_rfm_customer_count(rfm), 0);
    }
    assert_int_equal(rt_rfm_customer_count(rfm), 2357);
    for (size_t k = 0;; k++) {
        failalloc_arm(&fa, k);
        rt_status st = rt_cohort_rfm_customers(c, &o, NULL, NULL, NULL, NULL, NULL, NULL, 0, &n);
        failalloc_disarm(&fa);
        if (!fa.tripped) {
            assert_int_equal(st, RT_OK);
            break;
        }
        assert_int_equal(st, RT_ENOMEM);
        assert_int_equal(n, 99);
    }
    assert_int_equal(n, 2357);
    rt_rfm_free(rfm);
    rt_cohort_free(c);
    assert_int_equal(fa.live, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(summary_by_hand),
        cmocka_unit_test(cdnow_log_reproduces_the_published_summary),
        cmocka_unit_test(mean_spend_beyond_the_largest_double),
        cmocka_unit_test(allocation_failures_change_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
