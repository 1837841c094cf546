/* Comparing groups of customers from their metrics, end to end: a cohort
 * with three segments of known activity, one rt_metrics per segment, and
 * the comparisons checked against the same statistics computed by brute
 * force from the activity itself (each customer's retention cells and
 * lifetime, summed by hand), fed to the data-level functions (which
 * test_compare_proportions and test_compare_logrank check against R). */
#define RT_EXPERIMENTAL  /* the experimental tier is tested too */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "assert_close.h"
#include "failalloc.h"
#include "retention.h"

#define DAY 86400
#define LAST_DAY 60         /* end of observation; the range is days 0 .. 60 */
#define INACTIVITY 7        /* silent more than 7 days at day 60: the lifetime ended */
#define CUSTOMERS 300
#define SEGMENTS 3          /* segments 1, 2, 3 */

/* Who was active when: the brute-force side's whole knowledge. */
typedef struct population {
    uint32_t segment[CUSTOMERS];
    bool active[CUSTOMERS][LAST_DAY + 1];
} population;

static uint64_t next_random(uint64_t *s)
{
    *s = *s * 6364136223846793005u + 1442695040888963407u;  /* Knuth's MMIX LCG */
    return *s >> 33;
}

/* Customer i: segment 1 + i % 3, first active on a day of 0 .. 49, then
 * active on each day with probability 30 % until a churn day that comes
 * sooner in segment 1 than in segments 2 and 3. */
static void make_population(population *p)
{
    memset(p, 0, sizeof *p);
    uint64_t seed = 14;
    for (int i = 0; i < CUSTOMERS; i++) {
        p->segment[i] = 1 + (uint32_t)(i % SEGMENTS);
        int first = (int)(next_random(&seed) % 50);
        int span = p->segment[i] == 1 ? 25 : 45;
        int churn = first + (int)(next_random(&seed) % (uint64_t)span);
        p->active[i][first] = true;
        for (int d = first + 1; d <= churn && d <= LAST_DAY; d++)
            p->active[i][d] = next_random(&seed) % 10 < 3;
    }
}

static rt_cohort *cohort_of(const population *p)
{
    rt_cohort_options o;
    rt_cohort_options_init(&o, sizeof o);
    o.inactivity_days = INACTIVITY;
    rt_cohort *c;
    assert_int_equal(rt_cohort_new(&o, &c), RT_OK);
    for (int i = 0; i < CUSTOMERS; i++) {
        for (int d = 0; d <= LAST_DAY; d++) {
            if (p->active[i][d])  /* noon, so the day is unambiguous */
                assert_int_equal(rt_cohort_add_event(c, (uint64_t)i, (int64_t)d * DAY + 43200),
                                 RT_OK);
        }
        assert_int_equal(rt_cohort_set_segment(c, (uint64_t)i, p->segment[i]), RT_OK);
    }
    return c;
}

/* Custom brackets of days since the first activity: day 1, days 2-7, 8-30. */
static const uint32_t brackets[] = {1, 2, 8, 31};
#define BRACKETS 3

static rt_metrics *metrics_of(const rt_cohort *c, uint32_t segment)
{
    rt_metrics_options o;
    rt_metrics_options_init(&o, sizeof o);
    o.use_range = 1;
    o.first_day = 0;
    o.last_day = LAST_DAY;
    o.period = RT_PERIOD_DAY;
    o.use_segment = 1;
    o.segment = segment;
    o.bracket_bounds = brackets;
    o.bracket_count = BRACKETS;
    rt_metrics *m;
    assert_int_equal(rt_cohort_metrics(c, &o, &m), RT_OK);
    return m;
}

static int first_day_of(const population *p, int i)
{
    for (int d = 0; d <= LAST_DAY; d++) {
        if (p->active[i][d])
            return d;
    }
    return -1;
}

static int last_day_of(const population *p, int i)
{
    for (int d = LAST_DAY; d >= 0; d--) {
        if (p->active[i][d])
            return d;
    }
    return -1;
}

/* Brute force, per customer: the day cohort's cell at offset k is observed
 * when day first + k is in the range; retained if active on that day
 * (exact) or on some day from it on (on or after). Summed over the segment:
 * the averaged curve's numerator and denominator. */
static void pooled_by_hand(const population *p, uint32_t segment, rt_retention_kind kind,
                           int k, uint64_t *retained, uint64_t *customers)
{
    *retained = *customers = 0;
    for (int i = 0; i < CUSTOMERS; i++) {
        int first = first_day_of(p, i);
        if (p->segment[i] != segment || first + k > LAST_DAY)
            continue;
        (*customers)++;
        bool kept = p->active[i][first + k];
        for (int d = first + k; kind == RT_RETENTION_ON_OR_AFTER && d <= LAST_DAY; d++)
            kept = kept || p->active[i][d];
        *retained += kept;
    }
}

/* Bracket j of a day cohort is observed when its last day, first +
 * brackets[j + 1] - 1, is in the range; retained if active on a day of it. */
static void brackets_by_hand(const population *p, uint32_t segment, int j, uint64_t *retained,
                             uint64_t *customers)
{
    *retained = *customers = 0;
    for (int i = 0; i < CUSTOMERS; i++) {
        int first = first_day_of(p, i), from = first + (int)brackets[j];
        int to = first + (int)brackets[j + 1] - 1;
        if (p->segment[i] != segment || to > LAST_DAY)
            continue;
        (*customers)++;
        bool kept = false;
        for (int d = from; d <= to; d++)
            kept = kept || p->active[i][d];
        *retained += kept;
    }
}

static void bracket_test_matches_brute_force(void **state)
{
    (void)state;
    static population p;
    make_population(&p);
    rt_cohort *c = cohort_of(&p);
    rt_metrics *a = metrics_of(c, 3), *b = metrics_of(c, 1);
    for (int j = 0; j < BRACKETS; j++) {
        uint64_t xa, na, xb, nb;
        brackets_by_hand(&p, 3, j, &xa, &na);
        brackets_by_hand(&p, 1, j, &xb, &nb);
        assert_true(na > 10 && nb > 10 && xa > 0 && xb > 0);
        rt_proportion_test_result got, want;
        rt_proportion_test_result_init(&got, sizeof got);
        rt_proportion_test_result_init(&want, sizeof want);
        assert_int_equal(rt_metrics_retention_test(a, b, RT_RETENTION_BRACKETS, (uint32_t)j,
                                                   0.9, &got), RT_OK);
        assert_int_equal(rt_proportion_test(xa, na, xb, nb, 0.9, &want), RT_OK);
        assert_memory_equal(&got, &want, sizeof got);
    }
    assert_int_equal(rt_metrics_retention_test(a, b, RT_RETENTION_BRACKETS, BRACKETS, 0.9,
                                               &(rt_proportion_test_result){
                                                   .size = sizeof(rt_proportion_test_result)}),
                     RT_ERANGE);
    rt_metrics_free(a);
    rt_metrics_free(b);
    rt_cohort_free(c);
}

static void retention_test_matches_brute_force(void **state)
{
    (void)state;
    static population p;
    make_population(&p);
    rt_cohort *c = cohort_of(&p);
    rt_metrics *a = metrics_of(c, 1), *b = metrics_of(c, 2);
    const struct {
        rt_retention_kind kind;
        int k;
    } cells[] = {{RT_RETENTION_EXACT, 1}, {RT_RETENTION_EXACT, 7},
                 {RT_RETENTION_EXACT, 14}, {RT_RETENTION_ON_OR_AFTER, 7},
                 {RT_RETENTION_ON_OR_AFTER, 21}};
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++) {
        uint64_t xa, na, xb, nb;
        pooled_by_hand(&p, 1, cells[i].kind, cells[i].k, &xa, &na);
        pooled_by_hand(&p, 2, cells[i].kind, cells[i].k, &xb, &nb);
        assert_true(na > 30 && nb > 30 && xa > 0 && xb > 0);  /* a real comparison */
        rt_proportion_test_result got, want;
        rt_proportion_test_result_init(&got, sizeof got);
        rt_proportion_test_result_init(&want, sizeof want);
        assert_int_equal(rt_metrics_retention_test(a, b, cells[i].kind, (uint32_t)cells[i].k,
                                                   0.95, &got), RT_OK);
        assert_int_equal(rt_proportion_test(xa, na, xb, nb, 0.95, &want), RT_OK);
        assert_true(got.successes_a == xa && got.trials_a == na);
        assert_true(got.successes_b == xb && got.trials_b == nb);
        assert_memory_equal(&got, &want, sizeof got);
        /* The pooled rate is the averaged curve's. */
        double curve;
        uint64_t customers;
        assert_int_equal(rt_metrics_retention_curve(b, cells[i].kind, (uint32_t)cells[i].k,
                                                    &curve, &customers), RT_OK);
        assert_close(got.rate_b, curve, 1e-15, 0);
        assert_true(customers == nb);
    }
    rt_metrics_free(a);
    rt_metrics_free(b);
    rt_cohort_free(c);
}

/* Brute force, per customer: the lifetime ended on the last active day if
 * silent more than INACTIVITY days at LAST_DAY, else it is censored at
 * LAST_DAY; its length counts from the first active day. */
static size_t lifetimes_by_hand(const population *p, uint32_t segments, double *times,
                                uint32_t *events, uint32_t *groups)
{
    size_t n = 0;
    for (int i = 0; i < CUSTOMERS; i++) {
        if (p->segment[i] > segments)
            continue;
        int first = first_day_of(p, i), last = last_day_of(p, i);
        bool ended = LAST_DAY - last > INACTIVITY;
        times[n] = ended ? last - first : LAST_DAY - first;
        events[n] = ended;
        groups[n] = p->segment[i] - 1;
        n++;
    }
    return n;
}

static void logrank_test_matches_brute_force(void **state)
{
    (void)state;
    static population p;
    make_population(&p);
    rt_cohort *c = cohort_of(&p);
    rt_metrics *groups[SEGMENTS];
    for (uint32_t s = 0; s < SEGMENTS; s++)
        groups[s] = metrics_of(c, s + 1);
    static double times[CUSTOMERS];
    static uint32_t events[CUSTOMERS], group_of[CUSTOMERS];
    for (uint32_t k = 2; k <= SEGMENTS; k++) {  /* segments 1-2, then all three */
        size_t n = lifetimes_by_hand(&p, k, times, events, group_of);
        rt_logrank_result got, want;
        rt_logrank_result_init(&got, sizeof got);
        rt_logrank_result_init(&want, sizeof want);
        double got_o[SEGMENTS], got_e[SEGMENTS], want_o[SEGMENTS], want_e[SEGMENTS];
        assert_int_equal(rt_metrics_logrank_test(groups, k, NULL, &got, got_o, got_e), RT_OK);
        assert_int_equal(rt_logrank_test(times, events, group_of, n, k, NULL, &want, want_o,
                                         want_e), RT_OK);
        assert_close(got.chi_square, want.chi_square, 1e-12, 0);
        assert_close(got.p_value, want.p_value, 1e-11, 0);
        assert_int_equal(got.degrees_of_freedom, k - 1);
        assert_int_equal(want.degrees_of_freedom, k - 1);
        for (uint32_t j = 0; j < k; j++) {
            assert_close(got_o[j], want_o[j], 0, 0);
            assert_close(got_e[j], want_e[j], 1e-12, 0);
        }
        /* Segment 1 churns sooner by construction: the test sees it. */
        assert_true(got.p_value < 1e-3);
    }
    for (uint32_t s = 0; s < SEGMENTS; s++)
        rt_metrics_free(groups[s]);
    rt_cohort_free(c);
}

static void bad_input_changes_nothing(void **state)
{
    (void)state;
    static population p;
    make_population(&p);
    rt_cohort *c = cohort_of(&p);
    rt_metrics *a = metrics_of(c, 1), *b = metrics_of(c, 2), *empty = metrics_of(c, 9);
    rt_proportion_test_result r, before;
    rt_proportion_test_result_init(&r, sizeof r);
    r.z = 42.0;
    before = r;
    assert_int_equal(rt_metrics_retention_test(NULL, b, RT_RETENTION_EXACT, 1, 0.95, &r),
                     RT_EINVAL);
    assert_int_equal(rt_metrics_retention_test(a, NULL, RT_RETENTION_EXACT, 1, 0.95, &r),
                     RT_EINVAL);
    assert_int_equal(rt_metrics_retention_test(a, b, (rt_retention_kind)7, 1, 0.95, &r),
                     RT_EINVAL);
    rt_metrics_options plain;  /* without brackets */
    rt_metrics_options_init(&plain, sizeof plain);
    rt_metrics *no_brackets;
    assert_int_equal(rt_cohort_metrics(c, &plain, &no_brackets), RT_OK);
    assert_int_equal(rt_metrics_retention_test(no_brackets, b, RT_RETENTION_BRACKETS, 0, 0.95,
                                               &r), RT_EINVAL);
    rt_metrics_free(no_brackets);
    assert_int_equal(rt_metrics_retention_test(a, b, RT_RETENTION_EXACT, 1, 1.0, &r),
                     RT_EINVAL);
    assert_int_equal(rt_metrics_retention_test(a, b, RT_RETENTION_EXACT, 1, 0.95, NULL),
                     RT_EINVAL);
    assert_int_equal(rt_metrics_retention_test(a, b, RT_RETENTION_EXACT, LAST_DAY + 1, 0.95,
                                               &r), RT_ERANGE);
    assert_non_null(strstr(rt_last_error_message(), "rt_metrics_retention_test"));
    /* A segment with no customers has no trials. */
    assert_int_equal(rt_metrics_retention_test(a, empty, RT_RETENTION_EXACT, 1, 0.95, &r),
                     RT_EUNDEFINED);
    assert_memory_equal(&r, &before, sizeof r);

    rt_logrank_result lr;
    rt_logrank_result_init(&lr, sizeof lr);
    double e[2] = {-1, -1};
    rt_metrics *one[] = {a}, *with_null[] = {a, NULL}, *with_empty[] = {a, empty};
    assert_int_equal(rt_metrics_logrank_test(one, 1, NULL, &lr, NULL, e), RT_EUNDEFINED);
    assert_int_equal(rt_metrics_logrank_test(with_null, 2, NULL, &lr, NULL, e), RT_EINVAL);
    assert_int_equal(rt_metrics_logrank_test(NULL, 2, NULL, &lr, NULL, e), RT_EINVAL);
    assert_int_equal(rt_metrics_logrank_test(with_empty, 2, NULL, NULL, NULL, e), RT_EINVAL);
    /* The empty segment is never at risk: one group used. */
    assert_int_equal(rt_metrics_logrank_test(with_empty, 2, NULL, &lr, NULL, e),
                     RT_EUNDEFINED);
    assert_non_null(strstr(rt_last_error_message(), "rt_metrics_logrank_test"));
    assert_true(lr.chi_square == 0.0 && e[0] == -1.0 && e[1] == -1.0);
    rt_metrics_free(a);
    rt_metrics_free(b);
    rt_metrics_free(empty);
    rt_cohort_free(c);
}

static void logrank_allocation_failure(void **state)
{
    (void)state;
    static population p;
    make_population(&p);
    rt_cohort *c = cohort_of(&p);
    rt_metrics *groups[] = {metrics_of(c, 1), metrics_of(c, 3)};
    rt_logrank_result want;
    rt_logrank_result_init(&want, sizeof want);
    assert_int_equal(rt_metrics_logrank_test(groups, 2, NULL, &want, NULL, NULL), RT_OK);
    failalloc fa;
    rt_allocator hooks;
    failalloc_setup(&fa, &hooks);
    rt_logrank_options lo;
    rt_logrank_options_init(&lo, sizeof lo);
    lo.allocator = &hooks;
    for (size_t k = 0;; k++) {
        rt_logrank_result r;
        rt_logrank_result_init(&r, sizeof r);
        failalloc_arm(&fa, k);
        rt_status st = rt_metrics_logrank_test(groups, 2, &lo, &r, NULL, NULL);
        failalloc_disarm(&fa);
        assert_int_equal(fa.live, 0);
        if (!fa.tripped) {
            assert_int_equal(st, RT_OK);
            assert_memory_equal(&r, &want, sizeof r);  /* the default allocator's run */
            assert_true(k >= 3);
            break;
        }
        assert_int_equal(st, RT_ENOMEM);
        assert_true(r.chi_square == 0.0);
    }
    rt_metrics_free(groups[0]);
    rt_metrics_free(groups[1]);
    rt_cohort_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(retention_test_matches_brute_force),
        cmocka_unit_test(bracket_test_matches_brute_force),
        cmocka_unit_test(logrank_test_matches_brute_force),
        cmocka_unit_test(bad_input_changes_nothing),
        cmocka_unit_test(logrank_allocation_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
