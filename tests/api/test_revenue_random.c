/* Revenue retention against a brute force: random paid intervals (plan
 * changes, overlaps, free plans, gaps and returns), then every month's
 * movements, closing, customer counts, NRR/GRR (monthly and 12 months),
 * quick ratio, ARPA and every cohort cell recomputed from a dense table of
 * each customer's MRR on each day, classified day by day by the
 * definitions of revenue.h. */
#define RT_EXPERIMENTAL  /* the experimental tier is tested too */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assert_close.h"
#include "retention.h"

#define DAY 86400
#define CUSTOMERS 24
#define SPAN 760          /* days from the day before 2023-01-01 to the latest as-of day */
#define MONTHS 40         /* 2022-12 .. 2026-03: every month a test touches */

static uint64_t rng_state;

static uint32_t next_random(uint32_t bound)
{
    rng_state = rng_state * 6364136223846793005u + 1442695040888963407u;
    return (uint32_t)((rng_state >> 33) % bound);
}

typedef struct world {
    int32_t day0;              /* the day before 2023-01-01: index 0 */
    int32_t month_first[MONTHS + 1];  /* first day of 2022-12 + i */
    int64_t mrr[CUSTOMERS][SPAN];     /* MRR of customer c on day0 + d */
} world;

static int32_t day_of(int32_t year, uint32_t month, uint32_t mday)
{
    int32_t day;
    assert_int_equal(rt_day_from_date(year, month, mday, &day), RT_OK);
    return day;
}

static void calendar(world *w)
{
    for (int i = 0; i <= MONTHS; i++)
        w->month_first[i] = day_of(2022 + (11 + i) / 12, (uint32_t)((11 + i) % 12) + 1, 1);
    w->day0 = day_of(2023, 1, 1) - 1;
}

static int month_index(const world *w, int32_t day)
{
    int i = 0;
    while (w->month_first[i + 1] <= day)
        i++;
    return i;
}

/* Random intervals of each customer into the cohort and the dense table. */
static void populate(world *w, rt_cohort *c)
{
    memset(w->mrr, 0, sizeof w->mrr);
    for (uint64_t id = 0; id < CUSTOMERS; id++) {
        int32_t start = 1 + (int32_t)next_random(560);
        for (uint32_t n = next_random(5); n > 0; n--) {
            int open = next_random(5) == 0;
            int32_t end = start + (int32_t)next_random(220);
            int64_t mrr = next_random(6) == 0 ? 0 : 1 + (int64_t)next_random(50000);
            int64_t end_time = open ? RT_SUBSCRIPTION_OPEN : (int64_t)(w->day0 + end) * DAY +
                                                   3600;
            if (mrr == 0 && next_random(2))
                assert_int_equal(rt_cohort_add_subscription(c, id, (int64_t)(w->day0 + start) *
                                 DAY + 3600, end_time), RT_OK);
            else
                assert_int_equal(rt_cohort_add_revenue_subscription(c, id,
                                 (int64_t)(w->day0 + start) * DAY + 3600, end_time, mrr),
                                 RT_OK);
            for (int32_t d = start; d < (open ? SPAN : end) && d < SPAN; d++)
                w->mrr[id][d] += mrr;
            /* Next: a plan change at the end, an overlap, or a gap. */
            uint32_t how = next_random(3);
            start = how == 0 ? end : how == 1 ? start + (int32_t)next_random(60)
                                              : end + (int32_t)next_random(90);
        }
    }
}

static double ratio(int64_t a, int64_t b)
{
    return b == 0 ? (double)NAN : (double)a / (double)b;
}

static void assert_rate(double actual, double expected)
{
    if (isnan(expected))
        assert_true(isnan(actual));
    else
        assert_close(actual, expected, 1e-13, 0.0);
}

/* The closing day (index) of month i, and whether the month has ended. */
static int32_t close_index(const world *w, int i, int32_t as_of)
{
    int32_t last = w->month_first[i + 1] - 1 - w->day0;
    return last < as_of ? last : as_of;
}

/* Monthly movements by brute force: each day of the month, each customer. */
static void check_movements(const world *w, const rt_mrr_month *m, int i, int32_t as_of)
{
    int64_t kind[5] = {0};  /* new, expansion, contraction, churned, reactivation */
    int32_t from = w->month_first[i] - w->day0, to = close_index(w, i, as_of);
    for (int c = 0; c < CUSTOMERS; c++) {
        int paid_before = 0;
        for (int32_t d = 1; d < from; d++)
            paid_before |= w->mrr[c][d] > 0;
        for (int32_t d = from; d <= to; d++) {
            int64_t b = w->mrr[c][d - 1], a = w->mrr[c][d];
            if (b == 0 && a > 0)
                kind[paid_before ? 4 : 0] += a;
            else if (b > 0 && a == 0)
                kind[3] += b;
            else if (a > b)
                kind[1] += a - b;
            else
                kind[2] += b - a;
            paid_before |= a > 0;
        }
    }
    assert_int_equal(m->new_mrr, kind[0]);
    assert_int_equal(m->expansion, kind[1]);
    assert_int_equal(m->contraction, kind[2]);
    assert_int_equal(m->churned, kind[3]);
    assert_int_equal(m->reactivation, kind[4]);
    assert_rate(m->quick_ratio, ratio(kind[0] + kind[1] + kind[4], kind[2] + kind[3]));
}

/* Closing, counts, ARPA, and NRR/GRR over `lag` months (0 lag: skip). */
static void check_snapshots(const world *w, const rt_mrr_month *m, int i, int first,
                            int32_t as_of)
{
    int32_t now = close_index(w, i, as_of), before = w->month_first[i] - 1 - w->day0;
    int64_t closing = 0, opening = 0;
    uint64_t paying = 0, paying_before = 0;
    for (int c = 0; c < CUSTOMERS; c++) {
        closing += w->mrr[c][now];
        opening += w->mrr[c][before];
        paying += w->mrr[c][now] > 0;
        paying_before += w->mrr[c][before] > 0;
    }
    assert_int_equal(m->closing, closing);
    assert_int_equal(m->opening, opening);
    assert_int_equal(m->customers_closing, paying);
    assert_int_equal(m->customers_opening, paying_before);
    assert_rate(m->arpa, paying == 0 ? (double)NAN : (double)closing / (double)paying);
    const int lags[2] = {1, 12};
    for (int l = 0; l < 2; l++) {
        int64_t base = 0, kept = 0, gross = 0;
        if (i - lags[l] >= first) {
            int32_t then = close_index(w, i - lags[l], as_of);
            for (int c = 0; c < CUSTOMERS; c++) {
                if (w->mrr[c][then] == 0)
                    continue;
                base += w->mrr[c][then];
                kept += w->mrr[c][now];
                gross += w->mrr[c][now] < w->mrr[c][then] ? w->mrr[c][now] : w->mrr[c][then];
            }
        }
        assert_rate(l == 0 ? m->nrr : m->nrr_12, ratio(kept, base));
        assert_rate(l == 0 ? m->grr : m->grr_12, ratio(gross, base));
    }
}

static void check_cohorts(const world *w, const rt_revenue *r, int first, int last,
                          int32_t as_of)
{
    int64_t start[MONTHS] = {0}, cell[MONTHS][MONTHS] = {{0}};
    uint64_t size[MONTHS] = {0};
    for (int c = 0; c < CUSTOMERS; c++) {
        int32_t d = 1;
        while (d <= as_of && w->mrr[c][d] == 0)
            d++;
        if (d > as_of)
            continue;
        int cohort = month_index(w, w->day0 + d);
        size[cohort]++;
        start[cohort] += w->mrr[c][d];
        for (int k = cohort; k <= last; k++)
            cell[cohort][k] += w->mrr[c][close_index(w, k, as_of)];
    }
    for (int c = first; c <= last; c++) {
        uint64_t n;
        int64_t s;
        assert_int_equal(rt_revenue_cohort_size(r, (size_t)(c - first), &n, &s), RT_OK);
        assert_int_equal(n, size[c]);
        assert_int_equal(s, start[c]);
        for (int k = c; k <= last; k++) {
            double share = -1.0;
            uint32_t observed;
            rt_status st = rt_revenue_cohort_share(r, (size_t)(c - first), (size_t)(k - c),
                                                   &share, &observed);
            if (start[c] == 0) {
                assert_int_equal(st, RT_EUNDEFINED);
                continue;
            }
            assert_int_equal(st, RT_OK);
            assert_int_equal(observed, w->month_first[k + 1] - 1 - w->day0 <= as_of);
            if (observed)
                assert_close(share, (double)cell[c][k] / (double)start[c], 1e-13, 0.0);
        }
    }
}

static void one_world(world *w)
{
    rt_cohort *c;
    assert_int_equal(rt_cohort_new(NULL, &c), RT_OK);
    populate(w, c);
    int32_t as_of = 30 + (int32_t)next_random(SPAN - 31);
    rt_revenue_options o;
    rt_revenue_options_init(&o, sizeof o);
    o.use_as_of_day = 1;
    o.as_of_day = w->day0 + as_of;
    rt_revenue *r;
    assert_int_equal(rt_cohort_revenue(c, &o, &r), RT_OK);

    int32_t first_paid = 1;
    for (; first_paid <= as_of; first_paid++) {
        int any = 0;
        for (int k = 0; k < CUSTOMERS; k++)
            any |= w->mrr[k][first_paid] > 0;
        if (any)
            break;
    }
    if (first_paid > as_of) {
        assert_int_equal(rt_revenue_month_count(r), 0);
    } else {
        int first = month_index(w, w->day0 + first_paid), last = month_index(w, o.as_of_day);
        assert_int_equal(rt_revenue_month_count(r), (size_t)(last - first + 1));
        for (int i = first; i <= last; i++) {
            rt_mrr_month m;
            rt_mrr_month_init(&m, sizeof m);
            assert_int_equal(rt_revenue_month(r, (size_t)(i - first), &m), RT_OK);
            check_movements(w, &m, i, as_of);
            check_snapshots(w, &m, i, first, as_of);
        }
        check_cohorts(w, r, first, last, as_of);
    }
    rt_revenue_free(r);
    rt_cohort_free(c);
}

static void against_brute_force(void **state)
{
    (void)state;
    static world w;
    calendar(&w);
    for (uint64_t seed = 1; seed <= 300; seed++) {
        rng_state = seed;
        one_world(&w);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(against_brute_force),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
