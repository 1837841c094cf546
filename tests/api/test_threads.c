/* The cohort's threads option (1.2): bulk adds and computations cut over
 * threads must give what one thread gives, fail as one thread fails (the
 * first bad record, nothing added, no block lost) and match an independent
 * count. The batches are large enough for several parts (a part is at
 * least 32,768 events), and new customers come both few per part (listed)
 * and many (the whole part scanned). */
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

enum { D0 = 20089, DAYS = 90, DAY = 86400, CUSTOMERS = 60000 };

typedef struct event_batch {
    uint64_t *ids;
    int64_t *times;
    size_t count;
} event_batch;

/* Events [from, from + count) of a log in nearly time order: days rise
 * with the position (1 % of events arrive up to three days late), ids are
 * drawn from the customers seen so far plus a few new ones, several events
 * on a day now and then. */
static event_batch make_batch(size_t from, size_t count, size_t total)
{
    event_batch b = {malloc(count * sizeof *b.ids), malloc(count * sizeof *b.times), count};
    assert_true(b.ids && b.times);
    uint64_t x = 0x9e3779b97f4a7c15u ^ from;
    for (size_t k = 0; k < count; k++) {
        size_t i = from + k;
        x = x * 6364136223846793005u + 1442695040888963407u;
        uint64_t seen = 1 + (uint64_t)i * CUSTOMERS / total;  /* ids appear over time */
        b.ids[k] = (x >> 20) % seen;
        int64_t day = D0 + (int64_t)((uint64_t)i * DAYS / total);
        if ((x >> 8) % 100 == 0 && day >= D0 + 3)
            day -= 1 + (int64_t)((x >> 12) % 3);
        b.times[k] = day * DAY + (int64_t)((x >> 40) % DAY);
    }
    return b;
}

static void free_batch(event_batch *b)
{
    free(b->ids);
    free(b->times);
}

static void set_segments(rt_cohort *c)
{
    for (uint64_t id = 0; id < 3000; id++) {
        rt_status st = rt_cohort_set_segment(c, id, (uint32_t)(id % 3));
        assert_true(st == RT_OK || st == RT_ENOTFOUND);
    }
}

/* The log in batches of these sizes (a small first one, so that later
 * batches look up known customers), then 300,000 customers never seen
 * before, one event each (parts too full of new customers to list them). */
static const size_t batch_sizes[] = {5000, 200000, 70000, 131072, 33000};
enum { LOG_EVENTS = 5000 + 200000 + 70000 + 131072 + 33000, NEWCOMERS = 300000 };

static void add_log(rt_cohort *c)
{
    size_t from = 0;
    for (size_t k = 0; k < sizeof batch_sizes / sizeof batch_sizes[0]; k++) {
        event_batch b = make_batch(from, batch_sizes[k], LOG_EVENTS);
        assert_int_equal(rt_cohort_add_events(c, b.ids, b.times, b.count, NULL), RT_OK);
        free_batch(&b);
        from += batch_sizes[k];
    }
    event_batch fresh = make_batch(0, NEWCOMERS, NEWCOMERS);
    for (size_t i = 0; i < NEWCOMERS; i++)
        fresh.ids[i] = 1000000 + i;
    assert_int_equal(rt_cohort_add_events(c, fresh.ids, fresh.times, NEWCOMERS, NULL), RT_OK);
    free_batch(&fresh);
}

static void every_thread_count_gives_the_same_results(void **state)
{
    (void)state;
    rt_cohort *one = new_cohort_with(1, NULL);
    add_log(one);
    set_segments(one);
    const uint32_t counts[] = {0, 2, 3, 64};
    for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++) {
        rt_cohort *many = new_cohort_with(counts[k], NULL);
        add_log(many);
        set_segments(many);
        assert_int_equal(rt_cohort_customer_count(many), rt_cohort_customer_count(one));
        assert_int_equal(rt_cohort_event_count(many), rt_cohort_event_count(one));
        assert_same_results(one, many, D0, D0 + DAYS - 1, 3000);
        rt_cohort_free(many);
    }
    rt_cohort_free(one);
}

/* DAU from two threads against the distinct (customer, day) pairs of the
 * log, counted here with a bitmap per day. */
static void two_threads_count_what_the_log_holds(void **state)
{
    (void)state;
    rt_cohort *c = new_cohort_with(2, NULL);
    add_log(c);
    uint64_t id_space = 1000000 + NEWCOMERS;
    size_t words = (size_t)(id_space / 64 + 1);
    uint64_t *seen = calloc((size_t)DAYS * words, sizeof *seen);
    uint64_t dau[DAYS] = {0};
    assert_non_null(seen);
    size_t from = 0;
    for (size_t k = 0; k <= sizeof batch_sizes / sizeof batch_sizes[0]; k++) {
        int newcomers = k == sizeof batch_sizes / sizeof batch_sizes[0];
        event_batch b = newcomers ? make_batch(0, NEWCOMERS, NEWCOMERS)
                                  : make_batch(from, batch_sizes[k], LOG_EVENTS);
        for (size_t i = 0; i < b.count; i++) {
            uint64_t id = newcomers ? 1000000 + i : b.ids[i];
            size_t day = (size_t)(b.times[i] / DAY - D0);
            uint64_t *word = &seen[day * words + id / 64], bit = (uint64_t)1 << (id % 64);
            dau[day] += !(*word & bit);
            *word |= bit;
        }
        from += newcomers ? 0 : b.count;
        free_batch(&b);
    }
    rt_metrics *m;
    assert_int_equal(rt_cohort_metrics(c, NULL, &m), RT_OK);
    for (int32_t d = 0; d < DAYS; d++) {
        uint64_t active;
        assert_int_equal(rt_metrics_active(m, D0 + d, &active, NULL, NULL), RT_OK);
        assert_int_equal(active, dau[d]);
    }
    rt_metrics_free(m);
    free(seen);
    rt_cohort_free(c);
}

/* The log's events in batches of 100,000, in the order of `order`. */
static void add_log_in_order(rt_cohort *c, const event_batch *log, const size_t *order)
{
    enum { BATCH = 100000 };
    event_batch b = {malloc(BATCH * sizeof *b.ids), malloc(BATCH * sizeof *b.times), 0};
    assert_true(b.ids && b.times);
    for (size_t from = 0; from < log->count; from += BATCH) {
        size_t n = log->count - from < BATCH ? log->count - from : BATCH;
        for (size_t k = 0; k < n; k++) {
            b.ids[k] = log->ids[order[from + k]];
            b.times[k] = log->times[order[from + k]];
        }
        assert_int_equal(rt_cohort_add_events(c, b.ids, b.times, n, NULL), RT_OK);
    }
    free_batch(&b);
}

/* Repeats are dropped by the days a customer was recently seen: a log read
 * backwards (every day older than the last) or shuffled (days far apart)
 * must still give what the log in order gives, with one thread or two. */
static void the_log_in_any_order_gives_the_same_results(void **state)
{
    (void)state;
    event_batch log = make_batch(0, LOG_EVENTS, LOG_EVENTS);
    size_t *forward = malloc(log.count * sizeof *forward);
    size_t *backward = malloc(log.count * sizeof *backward);
    size_t *shuffled = malloc(log.count * sizeof *shuffled);
    assert_true(forward && backward && shuffled);
    for (size_t i = 0; i < log.count; i++) {
        forward[i] = shuffled[i] = i;
        backward[i] = log.count - 1 - i;
    }
    uint64_t x = 12345;
    for (size_t i = log.count - 1; i > 0; i--) {
        x = x * 6364136223846793005u + 1442695040888963407u;
        size_t j = (size_t)((x >> 33) % (i + 1)), t = shuffled[i];
        shuffled[i] = shuffled[j];
        shuffled[j] = t;
    }
    rt_cohort *in_order = new_cohort_with(1, NULL);
    add_log_in_order(in_order, &log, forward);
    const size_t *orders[] = {backward, shuffled};
    for (size_t k = 0; k < 2; k++) {
        for (uint32_t threads = 1; threads <= 2; threads++) {
            rt_cohort *other = new_cohort_with(threads, NULL);
            add_log_in_order(other, &log, orders[k]);
            assert_int_equal(rt_cohort_customer_count(other),
                             rt_cohort_customer_count(in_order));
            assert_same_results(in_order, other, D0, D0 + DAYS - 1, 3000);
            rt_cohort_free(other);
        }
    }
    rt_cohort_free(in_order);
    free(forward);
    free(backward);
    free(shuffled);
    free_batch(&log);
}

/* Bad times in two parts: the first is reported, nothing is added. */
static void the_first_bad_record_is_reported(void **state)
{
    (void)state;
    rt_cohort *c = new_cohort_with(4, NULL);
    event_batch b = make_batch(0, 200000, 200000);
    assert_int_equal(rt_cohort_add_events(c, b.ids, b.times, 20000, NULL), RT_OK);
    uint64_t customers = rt_cohort_customer_count(c), events = rt_cohort_event_count(c);
    b.times[190000] = INT64_MAX;
    b.times[120001] = -(int64_t)200 * 366 * DAY;
    size_t bad = 0;
    assert_int_equal(rt_cohort_add_events(c, b.ids, b.times, b.count, &bad), RT_ERANGE);
    assert_int_equal(bad, 120001);
    assert_non_null(strstr(rt_last_error_message(), "record 120001"));
    assert_int_equal(rt_cohort_customer_count(c), customers);
    assert_int_equal(rt_cohort_event_count(c), events);
    free_batch(&b);
    rt_cohort_free(c);
}

/* Each allocation of a two-thread add failing in turn, each time on a
 * cohort holding the first batch: the add fails with nothing changed, or
 * (an allocation that only speeds it up) succeeds; at the end the cohort
 * equals one built by one thread. */
static void allocation_failures_change_nothing(void **state)
{
    (void)state;
    failalloc fa;
    rt_allocator hooks;
    failalloc_setup(&fa, &hooks);
    event_batch first = make_batch(0, 70000, 140000), second = make_batch(70000, 70000, 140000);
    for (size_t i = 0; i < second.count; i += 2)
        second.ids[i] += 500000;  /* new customers among known ones */
    size_t failures = 0, successes = 0;
    rt_cohort *c = NULL;
    for (size_t k = 0;; k++) {
        rt_cohort_free(c);
        c = new_cohort_with(2, &hooks);
        assert_int_equal(rt_cohort_add_events(c, first.ids, first.times, first.count, NULL),
                         RT_OK);
        size_t live = fa.live;
        uint64_t customers = rt_cohort_customer_count(c), events = rt_cohort_event_count(c);
        failalloc_arm(&fa, k);
        rt_status st = rt_cohort_add_events(c, second.ids, second.times, second.count, NULL);
        failalloc_disarm(&fa);
        if (!fa.tripped) {
            assert_int_equal(st, RT_OK);
            break;
        }
        if (st == RT_OK) {
            successes++;
            continue;
        }
        assert_int_equal(st, RT_ENOMEM);
        failures++;
        assert_int_equal(fa.live, live);
        assert_int_equal(rt_cohort_customer_count(c), customers);
        assert_int_equal(rt_cohort_event_count(c), events);
    }
    assert_true(failures >= 3);
    assert_int_equal(successes, 1);  /* the lists of new customers: only a speed-up */
    rt_cohort *one = new_cohort_with(1, NULL);
    assert_int_equal(rt_cohort_add_events(one, first.ids, first.times, first.count, NULL), RT_OK);
    assert_int_equal(rt_cohort_add_events(one, second.ids, second.times, second.count, NULL),
                     RT_OK);
    assert_same_results(one, c, D0, D0 + DAYS - 1, 3000);
    free_batch(&first);
    free_batch(&second);
    rt_cohort_free(c);
    rt_cohort_free(one);
}

static void the_option_is_checked(void **state)
{
    (void)state;
    rt_cohort_options o;
    rt_cohort_options_init(&o, sizeof o);
    assert_int_equal(o.threads, 1);
    rt_cohort *c = NULL;
    o.threads = 65;
    assert_int_equal(rt_cohort_new(&o, &c), RT_EINVAL);
    assert_non_null(strstr(rt_last_error_message(), "threads 65"));
    assert_null(c);
    o.threads = 64;
    o.reserved = 1;
    assert_int_equal(rt_cohort_new(&o, &c), RT_EINVAL);
    assert_non_null(strstr(rt_last_error_message(), "reserved"));
    o.reserved = 0;
    assert_int_equal(rt_cohort_new(&o, &c), RT_OK);
    rt_cohort_free(c);
    /* A caller compiled before 1.2 passes the shorter struct: one thread. */
    o.size = offsetof(rt_cohort_options, threads);
    assert_int_equal(rt_cohort_new(&o, &c), RT_OK);
    rt_cohort_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_thread_count_gives_the_same_results),
        cmocka_unit_test(two_threads_count_what_the_log_holds),
        cmocka_unit_test(the_log_in_any_order_gives_the_same_results),
        cmocka_unit_test(the_first_bad_record_is_reported),
        cmocka_unit_test(allocation_failures_change_nothing),
        cmocka_unit_test(the_option_is_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
