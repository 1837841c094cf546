/* The RFM histogram: deduplication, validation, all-or-nothing bulk adds,
 * merging of disjoint customer sets, and out-of-memory behaviour. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assert_close.h"
#include "failalloc.h"
#include "retention.h"
#include "testdata.h"

static cdnow_data cdnow;

typedef struct snapshot {
    size_t rows;
    uint64_t customers;
    uint64_t *x, *count;
    double *t_x, *T;
} snapshot;

static void take(const rt_rfm *rfm, snapshot *s)
{
    s->rows = rt_rfm_row_count(rfm);
    s->customers = rt_rfm_customer_count(rfm);
    size_t n = s->rows + 1;
    s->x = calloc(n, sizeof *s->x);
    s->count = calloc(n, sizeof *s->count);
    s->t_x = calloc(n, sizeof *s->t_x);
    s->T = calloc(n, sizeof *s->T);
    assert_non_null(s->x);
    assert_non_null(s->count);
    assert_non_null(s->t_x);
    assert_non_null(s->T);
    for (size_t i = 0; i < s->rows; i++)
        assert_int_equal(rt_rfm_row(rfm, i, &s->x[i], &s->t_x[i], &s->T[i], &s->count[i]), RT_OK);
}

static void assert_same(const rt_rfm *rfm, const snapshot *s)
{
    snapshot now;
    take(rfm, &now);
    assert_int_equal(now.rows, s->rows);
    assert_int_equal(now.customers, s->customers);
    for (size_t i = 0; i < s->rows; i++) {
        assert_int_equal(now.x[i], s->x[i]);
        assert_int_equal(now.count[i], s->count[i]);
        assert_true(now.t_x[i] == s->t_x[i]);
        assert_true(now.T[i] == s->T[i]);
    }
    free(now.x), free(now.count), free(now.t_x), free(now.T);
}

static void drop(snapshot *s)
{
    free(s->x), free(s->count), free(s->t_x), free(s->T);
}

/* Sixteen distinct rows: exactly the initial capacity, so the next new row
 * must grow the histogram. */
static void fill16(rt_rfm *rfm)
{
    for (uint64_t i = 0; i < 16; i++)
        assert_int_equal(rt_rfm_add(rfm, i + 1, 1.0, 2.0 + (double)i, 1), RT_OK);
}

static void equal_rows_merge_and_order_is_kept(void **state)
{
    (void)state;
    rt_rfm *rfm = NULL;
    assert_int_equal(rt_rfm_new(NULL, &rfm), RT_OK);
    assert_int_equal(rt_rfm_row_count(rfm), 0);
    assert_int_equal(rt_rfm_customer_count(rfm), 0);
    assert_int_equal(rt_rfm_add(rfm, 2, 10.0, 30.0, 3), RT_OK);
    assert_int_equal(rt_rfm_add(rfm, 0, 0.0, 30.0, 5), RT_OK);
    assert_int_equal(rt_rfm_add(rfm, 2, 10.0, 30.0, 4), RT_OK);
    assert_int_equal(rt_rfm_add(rfm, 0, -0.0, 30.0, 1), RT_OK);  /* -0 is 0 */
    assert_int_equal(rt_rfm_row_count(rfm), 2);
    assert_int_equal(rt_rfm_customer_count(rfm), 13);
    uint64_t x, count;
    double t_x, T;
    assert_int_equal(rt_rfm_row(rfm, 0, &x, &t_x, &T, &count), RT_OK);
    assert_int_equal(x, 2);
    assert_int_equal(count, 7);
    assert_true(t_x == 10.0 && T == 30.0);
    assert_int_equal(rt_rfm_row(rfm, 1, &x, &t_x, &T, &count), RT_OK);
    assert_int_equal(x, 0);
    assert_int_equal(count, 6);
    assert_int_equal(rt_rfm_row(rfm, 2, &x, &t_x, &T, &count), RT_EINVAL);
    assert_int_equal(rt_rfm_row(rfm, 0, NULL, &t_x, &T, &count), RT_EINVAL);
    /* Many distinct rows: the table grows and every row stays findable. */
    for (uint64_t i = 1; i <= 5000; i++)
        assert_int_equal(rt_rfm_add(rfm, i, (double)i, 10000.0, 1), RT_OK);
    for (uint64_t i = 1; i <= 5000; i++)
        assert_int_equal(rt_rfm_add(rfm, i, (double)i, 10000.0, 1), RT_OK);
    assert_int_equal(rt_rfm_row_count(rfm), 5002);
    assert_int_equal(rt_rfm_customer_count(rfm), 13 + 10000);
    assert_int_equal(rt_rfm_row(rfm, 5001, &x, &t_x, &T, &count), RT_OK);
    assert_int_equal(x, 5000);
    assert_int_equal(count, 2);
    rt_rfm_free(rfm);
    rt_rfm_free(NULL);
    assert_int_equal(rt_rfm_row_count(NULL), 0);
    assert_int_equal(rt_rfm_customer_count(NULL), 0);
}

static void bad_records_are_refused_and_change_nothing(void **state)
{
    (void)state;
    rt_rfm *rfm = NULL;
    assert_int_equal(rt_rfm_new(NULL, &rfm), RT_OK);
    fill16(rfm);
    snapshot before;
    take(rfm, &before);
    struct { uint64_t x; double t_x, T; uint64_t count; const char *says; } bad[] = {
        {1, (double)NAN, 5.0, 1, "t_x"},
        {1, 1.0, (double)NAN, 1, "T"},
        {1, -1.0, 5.0, 1, "t_x"},
        {1, 1.0, (double)INFINITY, 1, "T"},
        {1, 6.0, 5.0, 1, "after T"},
        {0, 1.0, 5.0, 1, "x = 0"},
        {0, 0.0, 0.0, 1, "T"},
        {0, 0.0, -2.0, 1, "T"},
        {1, 1.0, 5.0, 0, "count"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(rt_rfm_add(rfm, bad[i].x, bad[i].t_x, bad[i].T, bad[i].count), RT_EINVAL);
        assert_non_null(strstr(rt_last_error_message(), bad[i].says));
        assert_same(rfm, &before);
    }
    assert_int_equal(rt_rfm_add(rfm, 1, 1.0, 5.0, UINT64_MAX), RT_EINVAL);  /* total overflows */
    assert_int_equal(rt_rfm_add(NULL, 1, 1.0, 5.0, 1), RT_EINVAL);
    assert_int_equal(rt_rfm_new(NULL, NULL), RT_EINVAL);
    assert_same(rfm, &before);
    /* The options: defaults, a size too small, and a newer caller's struct
     * whose unknown bytes must be zero. */
    assert_int_equal(rt_rfm_options_init(NULL, sizeof(rt_rfm_options)), RT_EINVAL);
    rt_rfm_options o;
    assert_int_equal(rt_rfm_options_init(&o, 2), RT_EINVAL);
    assert_int_equal(rt_rfm_options_init(&o, sizeof o), RT_OK);
    assert_true(o.size == sizeof o && o.allocator == NULL);
    o.size = 2;
    rt_rfm *other = NULL;
    assert_int_equal(rt_rfm_new(&o, &other), RT_EINVAL);
    struct { rt_rfm_options o; uint64_t extra; } newer;
    memset(&newer, 0, sizeof newer);
    rt_rfm_options_init(&newer.o, sizeof newer);
    newer.extra = 1;
    assert_int_equal(rt_rfm_new(&newer.o, &other), RT_EVERSION);
    assert_null(other);
    newer.extra = 0;
    assert_int_equal(rt_rfm_new(&newer.o, &other), RT_OK);
    rt_rfm_free(other);
    /* An invalid allocator (one hook of three) is named in the caller's name. */
    failalloc hooks_state;
    rt_allocator half;
    failalloc_setup(&hooks_state, &half);
    half.alloc_fn = NULL;
    half.realloc_fn = NULL;
    rt_rfm_options_init(&o, sizeof o);
    o.allocator = &half;
    assert_int_equal(rt_rfm_new(&o, &other), RT_EINVAL);
    assert_non_null(strstr(rt_last_error_message(), "rt_rfm_new: rt_allocator"));
    drop(&before);
    rt_rfm_free(rfm);
}

static void add_many_is_all_or_nothing(void **state)
{
    (void)state;
    rt_rfm *rfm = NULL;
    assert_int_equal(rt_rfm_new(NULL, &rfm), RT_OK);
    fill16(rfm);
    snapshot before;
    take(rfm, &before);
    uint64_t x[] = {1, 2, 3, 4};
    double t_x[] = {1.0, 2.0, 9.0, 0.5};
    double T[] = {5.0, 5.0, 5.0, 5.0};  /* record 2 has t_x > T */
    size_t bad = 99;
    assert_int_equal(rt_rfm_add_many(rfm, x, t_x, T, 4, &bad), RT_EINVAL);
    assert_int_equal(bad, 2);
    assert_non_null(strstr(rt_last_error_message(), "record 2"));
    assert_same(rfm, &before);
    assert_int_equal(rt_rfm_add_many(rfm, x, t_x, T, 4, NULL), RT_EINVAL);
    assert_int_equal(rt_rfm_add_many(rfm, NULL, t_x, T, 4, NULL), RT_EINVAL);
    assert_same(rfm, &before);
    assert_int_equal(rt_rfm_add_many(rfm, NULL, NULL, NULL, 0, NULL), RT_OK);
    t_x[2] = 4.0;
    assert_int_equal(rt_rfm_add_many(rfm, x, t_x, T, 4, &bad), RT_OK);
    assert_int_equal(rt_rfm_row_count(rfm), 20);
    assert_int_equal(rt_rfm_customer_count(rfm), 20);
    drop(&before);
    rt_rfm_free(rfm);
}

static void cdnow_compresses_and_halves_merge_to_the_whole(void **state)
{
    (void)state;
    rt_rfm *whole = NULL, *a = NULL, *b = NULL;
    assert_int_equal(rt_rfm_new(NULL, &whole), RT_OK);
    assert_int_equal(rt_rfm_new(NULL, &a), RT_OK);
    assert_int_equal(rt_rfm_new(NULL, &b), RT_OK);
    assert_int_equal(rt_rfm_add_many(whole, cdnow.x, cdnow.t_x, cdnow.T, cdnow.n, NULL), RT_OK);
    size_t half = cdnow.n / 2;
    assert_int_equal(rt_rfm_add_many(a, cdnow.x, cdnow.t_x, cdnow.T, half, NULL), RT_OK);
    assert_int_equal(rt_rfm_add_many(b, cdnow.x + half, cdnow.t_x + half, cdnow.T + half,
                                     cdnow.n - half, NULL), RT_OK);
    assert_int_equal(rt_rfm_merge(a, b), RT_OK);
    /* 2,357 customers (tests/data/README.md). */
    assert_int_equal(rt_rfm_customer_count(whole), 2357);
    assert_int_equal(rt_rfm_customer_count(a), 2357);
    assert_int_equal(rt_rfm_row_count(a), rt_rfm_row_count(whole));
    assert_true(rt_rfm_row_count(whole) < 2357);  /* first-day-only buyers share T rows */
    /* Same multiset of rows, and sum x = 2,457 (tests/data/README.md). */
    uint64_t sum_x = 0;
    for (size_t i = 0; i < rt_rfm_row_count(whole); i++) {
        uint64_t x, c, x2, c2;
        double t_x, T, t2, T2;
        assert_int_equal(rt_rfm_row(whole, i, &x, &t_x, &T, &c), RT_OK);
        sum_x += x * c;
        int found = 0;
        for (size_t j = 0; j < rt_rfm_row_count(a) && !found; j++) {
            assert_int_equal(rt_rfm_row(a, j, &x2, &t2, &T2, &c2), RT_OK);
            if (x2 == x && t2 == t_x && T2 == T) {
                assert_int_equal(c2, c);
                found = 1;
            }
        }
        assert_true(found);
    }
    assert_int_equal(sum_x, 2457);
    /* Merging into itself doubles the counts. */
    assert_int_equal(rt_rfm_merge(b, b), RT_OK);
    assert_int_equal(rt_rfm_customer_count(b), 2 * (cdnow.n - half));
    assert_int_equal(rt_rfm_merge(NULL, b), RT_EINVAL);
    assert_int_equal(rt_rfm_merge(a, NULL), RT_EINVAL);
    rt_rfm_free(whole);
    rt_rfm_free(a);
    rt_rfm_free(b);
}

static void new_fails_cleanly_without_memory(void **state)
{
    (void)state;
    failalloc fa;
    rt_allocator hooks;
    failalloc_setup(&fa, &hooks);
    for (size_t k = 0;; k++) {
        rt_rfm *rfm = (rt_rfm *)&fa;  /* must stay untouched on failure */
        failalloc_arm(&fa, k);
        rt_rfm_options with_hooks;
        rt_rfm_options_init(&with_hooks, sizeof with_hooks);
        with_hooks.allocator = &hooks;
        rt_status st = rt_rfm_new(&with_hooks, &rfm);
        if (!fa.tripped) {
            assert_int_equal(st, RT_OK);
            rt_rfm_free(rfm);
            break;
        }
        assert_int_equal(st, RT_ENOMEM);
        assert_ptr_equal(rfm, (rt_rfm *)&fa);
    }
    assert_int_equal(fa.live, 0);
}

/* Runs op with allocation k = 0, 1, ... failing until it succeeds; each
 * failure must be RT_ENOMEM with the histogram unchanged. */
typedef rt_status (*rfm_op)(rt_rfm *rfm, const void *arg);

static void oom_loop(rfm_op op, const void *arg, size_t *failures)
{
    failalloc fa;
    rt_allocator hooks;
    failalloc_setup(&fa, &hooks);
    rt_rfm *rfm = NULL;
    rt_rfm_options with_hooks;
    rt_rfm_options_init(&with_hooks, sizeof with_hooks);
    with_hooks.allocator = &hooks;
    assert_int_equal(rt_rfm_new(&with_hooks, &rfm), RT_OK);
    fill16(rfm);
    snapshot before;
    take(rfm, &before);
    *failures = 0;
    for (size_t k = 0;; k++) {
        failalloc_arm(&fa, k);
        rt_status st = op(rfm, arg);
        if (!fa.tripped) {
            assert_int_equal(st, RT_OK);
            break;
        }
        assert_int_equal(st, RT_ENOMEM);
        assert_same(rfm, &before);
        ++*failures;
    }
    failalloc_disarm(&fa);
    assert_true(rt_rfm_customer_count(rfm) > before.customers);
    drop(&before);
    rt_rfm_free(rfm);
    assert_int_equal(fa.live, 0);
}

static rt_status op_add(rt_rfm *rfm, const void *arg)
{
    (void)arg;
    return rt_rfm_add(rfm, 100, 3.0, 7.0, 2);
}

static rt_status op_add_many(rt_rfm *rfm, const void *arg)
{
    const cdnow_data *d = arg;
    return rt_rfm_add_many(rfm, d->x, d->t_x, d->T, d->n, NULL);
}

static rt_status op_merge(rt_rfm *rfm, const void *arg)
{
    return rt_rfm_merge(rfm, arg);
}

static void add_add_many_and_merge_fail_cleanly_without_memory(void **state)
{
    (void)state;
    size_t failures;
    oom_loop(op_add, NULL, &failures);
    assert_true(failures >= 1);
    oom_loop(op_add_many, &cdnow, &failures);
    assert_true(failures >= 1);
    rt_rfm *src = NULL;
    assert_int_equal(rt_rfm_new(NULL, &src), RT_OK);
    assert_int_equal(rt_rfm_add_many(src, cdnow.x, cdnow.t_x, cdnow.T, cdnow.n, NULL), RT_OK);
    oom_loop(op_merge, src, &failures);
    assert_true(failures >= 1);
    rt_rfm_free(src);
}

/* Times in a tiny unit: CDNOW's t_x and T (weeks) times 1e306, legal
 * values whose count-weighted sum (2357 customers, mean T about 32.7 weeks)
 * exceeds DBL_MAX. The BG/NBD likelihood of data scaled by s is the
 * original's times s^-x at (r, s alpha, a, b), so the fit must find the
 * published estimates (Fader, Hardie & Lee 2005: r 0.243, alpha 4.414,
 * a 0.793, b 2.426) with alpha times 1e306; its default start, the mean T,
 * must not overflow to +inf on the way. */
static void fit_starts_from_a_mean_T_without_overflow(void **state)
{
    (void)state;
    const double scale = 1e306;
    double *t_x = malloc(cdnow.n * sizeof *t_x), *T = malloc(cdnow.n * sizeof *T);
    assert_non_null(t_x);
    assert_non_null(T);
    for (size_t i = 0; i < cdnow.n; i++) {
        t_x[i] = cdnow.t_x[i] * scale;
        T[i] = cdnow.T[i] * scale;
    }
    rt_rfm *rfm;
    assert_int_equal(rt_rfm_new(NULL, &rfm), RT_OK);
    assert_int_equal(rt_rfm_add_many(rfm, cdnow.x, t_x, T, cdnow.n, NULL), RT_OK);
    rt_fit_report report;
    rt_fit_report_init(&report, sizeof report);
    assert_int_equal(rt_bgnbd_fit(rfm, NULL, &report), RT_OK);
    assert_close(report.params[0], 0.243, 2e-3, 0.0);
    assert_close(report.params[1], 4.414e306, 2e-3, 0.0);
    assert_close(report.params[2], 0.793, 2e-3, 0.0);
    assert_close(report.params[3], 2.426, 2e-3, 0.0);
    rt_rfm_free(rfm);
    free(t_x);
    free(T);
}

static int load(void **state)
{
    (void)state;
    return cdnow_load(&cdnow);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(equal_rows_merge_and_order_is_kept),
        cmocka_unit_test(bad_records_are_refused_and_change_nothing),
        cmocka_unit_test(add_many_is_all_or_nothing),
        cmocka_unit_test(cdnow_compresses_and_halves_merge_to_the_whole),
        cmocka_unit_test(new_fails_cleanly_without_memory),
        cmocka_unit_test(add_add_many_and_merge_fail_cleanly_without_memory),
        cmocka_unit_test(fit_starts_from_a_mean_T_without_overflow),
    };
    return cmocka_run_group_tests(tests, load, NULL);
}
