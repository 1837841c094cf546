/* The activity lists a cohort shares between its computations (issue 17):
 * built by the first computation after an add, read by the next ones, and
 * forgotten by the next add. Every result computed through the shared lists
 * must equal the one a fresh cohort computes from the same adds, however the
 * adds and computations interleave, and threads computing at once must agree
 * and leak nothing (the loser of the race frees its own build). */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "failalloc.h"
#include "new_cohort.h"
#include "retention.h"
#include "same_results.h"
#include "serialize_equal.h"

enum { D0 = 20089, DAY = 86400 };  /* 2025-01-01 */

/* Events of customers first .. first + customers - 1 on days spread over a
 * quarter, several on a day now and then (repeats the cohort drops). */
static void add_batch(rt_cohort *c, uint64_t first, uint64_t customers, size_t events,
                      uint32_t seed)
{
    uint64_t *ids = malloc(events * sizeof *ids);
    int64_t *times = malloc(events * sizeof *times);
    assert_non_null(ids);
    assert_non_null(times);
    uint32_t x = seed;
    for (size_t i = 0; i < events; i++) {
        x = x * 1664525u + 1013904223u;
        ids[i] = first + (x >> 8) % customers;
        times[i] = (int64_t)(D0 + (x >> 4) % 90) * DAY + (x % 7) * 3600;
    }
    assert_int_equal(rt_cohort_add_events(c, ids, times, events, NULL), RT_OK);
    free(ids);
    free(times);
}

/* Every customer of ids 0 .. 299 that the cohort knows in segment id % 3. */
static void set_segments(rt_cohort *c)
{
    for (uint64_t id = 0; id < 300; id++) {
        rt_status st = rt_cohort_set_segment(c, id, (uint32_t)(id % 3));
        assert_true(st == RT_OK || st == RT_ENOTFOUND);
    }
}

/* Computes once so that a has shared lists. */
static void compute_once(const rt_cohort *c)
{
    rt_metrics *m;
    assert_int_equal(rt_cohort_metrics(c, NULL, &m), RT_OK);
    rt_metrics_free(m);
}

static void an_add_after_a_computation_is_seen(void **state)
{
    (void)state;
    rt_cohort *a = new_cohort_with(1, NULL), *b = new_cohort_with(1, NULL);
    add_batch(a, 0, 200, 3000, 1);
    compute_once(a);
    /* New days of known customers and new customers, then a purchase (an
     * event too), each after a computation on a. */
    add_batch(a, 100, 200, 3000, 2);
    compute_once(a);
    assert_int_equal(rt_cohort_add_purchase(a, 7, (int64_t)(D0 + 88) * DAY, 12.5), RT_OK);
    set_segments(a);

    add_batch(b, 0, 200, 3000, 1);
    add_batch(b, 100, 200, 3000, 2);
    assert_int_equal(rt_cohort_add_purchase(b, 7, (int64_t)(D0 + 88) * DAY, 12.5), RT_OK);
    set_segments(b);
    assert_same_results(a, b, D0, D0 + 89, 400);
    /* And again, now that both have shared lists. */
    assert_same_results(a, b, D0, D0 + 89, 400);
    rt_cohort_free(a);
    rt_cohort_free(b);
}

/* Starts and subscriptions can add customers without events: they come
 * after the shared lists were built and read as empty. */
static void customers_without_events_after_a_computation(void **state)
{
    (void)state;
    rt_cohort *a = new_cohort_with(1, NULL), *b = new_cohort_with(1, NULL);
    add_batch(a, 0, 200, 3000, 3);
    add_batch(b, 0, 200, 3000, 3);
    compute_once(a);
    rt_cohort *both[] = {a, b};
    for (size_t k = 0; k < 2; k++) {
        assert_int_equal(rt_cohort_add_start(both[k], 400, (int64_t)(D0 + 3) * DAY), RT_OK);
        assert_int_equal(rt_cohort_add_subscription(both[k], 401, (int64_t)(D0 + 5) * DAY,
                                                    (int64_t)(D0 + 40) * DAY), RT_OK);
        set_segments(both[k]);
    }
    assert_int_equal(rt_cohort_customer_count(a), 202);
    assert_same_results(a, b, D0, D0 + 89, 400);
    rt_cohort_free(a);
    rt_cohort_free(b);
}

/* A failed add keeps the shared lists (nothing observable changes, not even
 * the blocks the cohort holds) and they still answer as before. */
static void a_failed_add_keeps_the_lists(void **state)
{
    (void)state;
    failalloc fa;
    rt_allocator hooks;
    failalloc_setup(&fa, &hooks);
    rt_cohort *a = new_cohort_with(1, &hooks), *b = new_cohort_with(1, NULL);
    add_batch(a, 0, 200, 3000, 4);
    add_batch(b, 0, 200, 3000, 4);
    compute_once(a);
    size_t live = fa.live;
    /* A bad time last, then (with the time fixed) each allocation failing:
     * 1000 new customers make the id map and the columns grow. */
    enum { N = 1000 };
    uint64_t ids[N];
    int64_t times[N];
    for (size_t i = 0; i < N; i++) {
        ids[i] = 1000 + i;
        times[i] = (int64_t)(D0 + (int32_t)(i % 90)) * DAY;
    }
    times[N - 1] = (int64_t)200 * 365 * DAY;
    size_t bad;
    assert_int_equal(rt_cohort_add_events(a, ids, times, N, &bad), RT_ERANGE);
    assert_int_equal(bad, N - 1);
    assert_int_equal(fa.live, live);
    size_t failures = 0;
    times[N - 1] = (int64_t)(D0 + 2) * DAY;
    FAILALLOC_SWEEP(&fa, failures, rt_cohort_add_events(a, ids, times, N, NULL),
                    assert_int_equal(fa.live, live));
    assert_true(failures >= 1);
    assert_int_equal(rt_cohort_add_events(b, ids, times, N, NULL), RT_OK);
    assert_same_results(a, b, D0, D0 + 89, 400);
    rt_cohort_free(a);
    rt_cohort_free(b);
    assert_int_equal(fa.live, 0);
}

/* Two computations race to build the shared lists: an allocator that, on
 * the outer build's day array, runs a whole computation on the same cohort,
 * which builds and publishes first. The outer build then loses, frees its
 * own lists and reads the winner's: the results agree and no block leaks. */
typedef struct racing_allocator {
    failalloc counter;       /* the blocks, counted */
    rt_allocator counted;    /* its hooks */
    const rt_cohort *cohort;
    size_t trigger_size;     /* the size of the outer build's day array */
    int raced;
    rt_metrics *inner;       /* the computation run inside the race */
} racing_allocator;

static void *race_alloc(void *user, size_t size)
{
    racing_allocator *r = user;
    if (size == r->trigger_size && !r->raced) {
        r->raced = 1;
        assert_int_equal(rt_cohort_metrics(r->cohort, NULL, &r->inner), RT_OK);
    }
    return r->counted.alloc_fn(r->counted.user, size);
}

static void *race_realloc(void *user, void *ptr, size_t size)
{
    racing_allocator *r = user;
    return r->counted.realloc_fn(r->counted.user, ptr, size);
}

static void race_free(void *user, void *ptr)
{
    racing_allocator *r = user;
    r->counted.free_fn(r->counted.user, ptr);
}

static void the_loser_of_a_race_frees_its_build(void **state)
{
    (void)state;
    racing_allocator r = {0};
    failalloc_setup(&r.counter, &r.counted);
    rt_allocator hooks;
    rt_allocator_init(&hooks, sizeof hooks);
    hooks.alloc_fn = race_alloc;
    hooks.realloc_fn = race_realloc;
    hooks.free_fn = race_free;
    hooks.user = &r;
    rt_cohort *a = new_cohort_with(1, &hooks), *b = new_cohort_with(1, NULL);
    /* 37 customers, 1000 events on 1000 distinct days: the day array is
     * 4000 bytes, which no array of 37 customers is. */
    uint64_t ids[1000];
    int64_t times[1000];
    for (size_t i = 0; i < 1000; i++) {
        ids[i] = i % 37;
        times[i] = (int64_t)(D0 + (int32_t)i) * DAY;
    }
    assert_int_equal(rt_cohort_add_events(a, ids, times, 1000, NULL), RT_OK);
    assert_int_equal(rt_cohort_add_events(b, ids, times, 1000, NULL), RT_OK);
    size_t cohort_blocks = r.counter.live;
    r.cohort = a;
    r.trigger_size = 1000 * sizeof(int32_t);

    rt_frequency_options fo;
    rt_frequency_options_init(&fo, sizeof fo);
    fo.as_of_day = D0 + 999;
    rt_frequency *fa, *fb;
    assert_int_equal(rt_cohort_frequency(a, &fo, &fa), RT_OK);
    assert_true(r.raced);
    assert_int_equal(rt_cohort_frequency(b, &fo, &fb), RT_OK);
    uint64_t known[40];
    for (uint64_t i = 0; i < 40; i++)
        known[i] = i;
    assert_true(frequency_equal(fa, fb, known, 40, 0));
    rt_metrics *mb;
    assert_int_equal(rt_cohort_metrics(b, NULL, &mb), RT_OK);
    assert_true(metrics_equal(r.inner, mb));
    rt_metrics_free(mb);
    rt_metrics_free(r.inner);
    rt_frequency_free(fa);
    rt_frequency_free(fb);
    /* One build kept (its struct, offsets and days), the loser's freed. */
    assert_int_equal(r.counter.live, cohort_blocks + 3);
    rt_cohort_free(a);
    rt_cohort_free(b);
    assert_int_equal(r.counter.live, 0);
}

/* The build sorts events by customer through buckets of customers (about
 * 65,536 events each) and a scratch of 262,144 (lib/cohort/activity_days.c):
 * a log of many buckets, one of them too large for the scratch (a customer
 * of 280,000 events on 40,000 days, shuffled, among customers without
 * events, created by their starts, and small ones), must give every day's
 * DAU, WAU and MAU as counted here from the events themselves: each
 * customer's distinct days, and the union of the windows they open. */
static int compare_days(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* 40,000 days from 1915-03-31: within the 100 years either side of 1970. */
enum {
    BIG_DAYS = 40000, BIG_EVENTS = 7 * BIG_DAYS, SMALL = 5000, SMALL_EVENTS = 25,
    SPAN = BIG_DAYS, BASE = -20000
};

/* Adds to count[d - BASE], for every day d, the customers whose windows of w
 * days, opened by their (sorted, distinct) active days, cover d. */
static void count_windows(const int32_t *days, size_t n, int32_t w, int64_t *diff)
{
    int32_t covered_to = INT32_MIN;  /* last day covered so far */
    for (size_t i = 0; i < n; i++) {
        int32_t from = days[i] - BASE, to = days[i] - BASE + w - 1;
        if (from <= covered_to)
            from = covered_to + 1;
        if (to >= SPAN)
            to = SPAN - 1;
        if (from <= to) {
            diff[from]++;
            diff[to + 1]--;
        }
        covered_to = days[i] - BASE + w - 1;
    }
}

/* With threads, the buckets are shared out among them (two here). */
static void check_many_buckets(uint32_t threads)
{
    size_t n = BIG_EVENTS + SMALL * SMALL_EVENTS;
    uint64_t *ids = malloc(n * sizeof *ids);
    int64_t *times = malloc(n * sizeof *times);
    int32_t *day = malloc(n * sizeof *day);
    int64_t *dau = calloc(SPAN + 1, sizeof *dau), *wau = calloc(SPAN + 1, sizeof *wau),
            *mau = calloc(SPAN + 1, sizeof *mau);
    assert_true(ids && times && day && dau && wau && mau);
    uint32_t x = 7;
    for (size_t i = 0; i < BIG_EVENTS; i++) {  /* customer 1,000,000: every day 7 times, shuffled */
        ids[i] = 1000000;
        day[i] = BASE + (int32_t)(i % BIG_DAYS);
    }
    for (size_t i = BIG_EVENTS - 1; i > 0; i--) {
        x = x * 1664525u + 1013904223u;
        size_t j = (x >> 8) % (i + 1);
        int32_t t = day[i];
        day[i] = day[j];
        day[j] = t;
    }
    for (size_t i = BIG_EVENTS; i < n; i++) {  /* 25 days of 5,000 others, repeats among them */
        x = x * 1664525u + 1013904223u;
        ids[i] = (i - BIG_EVENTS) % SMALL;
        day[i] = BASE + (int32_t)((x >> 8) % (SPAN / 8)) * 8 + (int32_t)(ids[i] % 8);
    }
    for (size_t i = 0; i < n; i++)
        times[i] = (int64_t)day[i] * DAY + 3600;

    /* Customers without events first, then the big one, then more without
     * events and the small customers: the first bucket holds them all. */
    rt_cohort *c = new_cohort_with(threads, NULL);
    for (uint64_t id = 2000000; id < 2000010; id++)
        assert_int_equal(rt_cohort_add_start(c, id, (int64_t)BASE * DAY), RT_OK);
    assert_int_equal(rt_cohort_add_events(c, ids, times, BIG_EVENTS, NULL), RT_OK);
    for (uint64_t id = 3000000; id < 3000010; id++)
        assert_int_equal(rt_cohort_add_start(c, id, (int64_t)BASE * DAY), RT_OK);
    assert_int_equal(rt_cohort_add_events(c, ids + BIG_EVENTS, times + BIG_EVENTS,
                                          SMALL * SMALL_EVENTS, NULL), RT_OK);

    /* The count: each customer's distinct days, sorted. */
    int32_t *own = malloc(BIG_EVENTS * sizeof *own);
    assert_non_null(own);
    for (uint64_t who = 0; who <= SMALL; who++) {
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (ids[i] == (who == SMALL ? 1000000u : who))
                own[k++] = day[i];
        qsort(own, k, sizeof *own, compare_days);
        size_t distinct = 0;
        for (size_t i = 0; i < k; i++)
            if (distinct == 0 || own[i] != own[distinct - 1])
                own[distinct++] = own[i];
        for (size_t i = 0; i < distinct; i++)
            dau[own[i] - BASE]++;
        count_windows(own, distinct, 7, wau);
        count_windows(own, distinct, 30, mau);
    }
    rt_metrics_options mo;
    rt_metrics_options_init(&mo, sizeof mo);
    mo.period = RT_PERIOD_MONTH;
    mo.tables = 0;
    rt_metrics *m;
    assert_int_equal(rt_cohort_metrics(c, &mo, &m), RT_OK);
    int64_t w = 0, mm = 0;
    for (int32_t d = 0; d < SPAN; d++) {
        w += wau[d];
        mm += mau[d];
        uint64_t got_dau, got_wau, got_mau;
        assert_int_equal(rt_metrics_active(m, BASE + d, &got_dau, &got_wau, &got_mau), RT_OK);
        assert_int_equal(got_dau, dau[d]);
        assert_int_equal(got_wau, w);
        assert_int_equal(got_mau, mm);
    }
    rt_metrics_free(m);
    rt_cohort_free(c);
    free(own);
    free(ids);
    free(times);
    free(day);
    free(dau);
    free(wau);
    free(mau);
}

static void many_buckets_agree_with_a_count(void **state)
{
    (void)state;
    check_many_buckets(1);
}

static void many_buckets_in_two_threads_agree_with_a_count(void **state)
{
    (void)state;
    check_many_buckets(2);
}

/* Threads computing at once on one cohort (DESIGN.md: const functions may
 * run concurrently) each get the results one thread gets alone. */
typedef struct worker {
    const rt_cohort *cohort;
    rt_metrics *metrics;
    rt_frequency *frequency;
    rt_status status;
} worker;

static void *compute_in_thread(void *arg)
{
    worker *w = arg;
    rt_frequency_options fo;
    rt_frequency_options_init(&fo, sizeof fo);
    fo.as_of_day = D0 + 89;
    w->status = rt_cohort_metrics(w->cohort, NULL, &w->metrics);
    if (w->status == RT_OK)
        w->status = rt_cohort_frequency(w->cohort, &fo, &w->frequency);
    return NULL;
}

static void threads_computing_at_once_agree(void **state)
{
    (void)state;
    enum { THREADS = 4 };
    /* Valgrind runs one thread at a time (and checks memory, not races):
     * one round is enough there. */
    const int ROUNDS = getenv("RT_UNDER_VALGRIND") != NULL ? 1 : 8;
    rt_cohort *alone = new_cohort_with(1, NULL);
    add_batch(alone, 0, 5000, 200000, 5);
    worker reference = {.cohort = alone};
    compute_in_thread(&reference);
    assert_int_equal(reference.status, RT_OK);
    uint64_t ids[5000];
    for (uint64_t i = 0; i < 5000; i++)
        ids[i] = i;
    for (int round = 0; round < ROUNDS; round++) {
        rt_cohort *shared = new_cohort_with(1, NULL);  /* no lists yet: the threads race */
        add_batch(shared, 0, 5000, 200000, 5);
        pthread_t threads[THREADS];
        worker workers[THREADS];
        for (int t = 0; t < THREADS; t++) {
            workers[t] = (worker){.cohort = shared};
            assert_int_equal(pthread_create(&threads[t], NULL, compute_in_thread, &workers[t]), 0);
        }
        for (int t = 0; t < THREADS; t++) {
            assert_int_equal(pthread_join(threads[t], NULL), 0);
            assert_int_equal(workers[t].status, RT_OK);
            assert_true(metrics_equal(workers[t].metrics, reference.metrics));
            assert_true(frequency_equal(workers[t].frequency, reference.frequency, ids, 5000, 0));
            rt_metrics_free(workers[t].metrics);
            rt_frequency_free(workers[t].frequency);
        }
        rt_cohort_free(shared);
    }
    rt_metrics_free(reference.metrics);
    rt_frequency_free(reference.frequency);
    rt_cohort_free(alone);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_add_after_a_computation_is_seen),
        cmocka_unit_test(customers_without_events_after_a_computation),
        cmocka_unit_test(a_failed_add_keeps_the_lists),
        cmocka_unit_test(the_loser_of_a_race_frees_its_build),
        cmocka_unit_test(many_buckets_agree_with_a_count),
        cmocka_unit_test(many_buckets_in_two_threads_agree_with_a_count),
        cmocka_unit_test(threads_computing_at_once_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
