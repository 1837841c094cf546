/* One call of many events (issue 17): rt_cohort_add_events stages a call a
 * chunk (2^20 events) at a time, so the memory it needs beyond what it
 * keeps is bounded, not 8 bytes for every event given; still all or
 * nothing: a bad time anywhere adds nothing, and running out of memory in
 * a later chunk rolls back the earlier ones, after which the same call
 * succeeds and gives what small batches give. */
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

enum { D0 = 20089, DAYS = 120, DAY = 86400, CUSTOMERS = 50000 };

/* count events in time order over DAYS days, customers drawn from those
 * that have joined by then (so every chunk brings new ones), about four
 * events per active customer-day; in arrays to free. */
static void make_log(size_t count, uint64_t **ids_out, int64_t **times_out)
{
    uint64_t *ids = *ids_out = malloc(count * sizeof *ids);
    int64_t *times = *times_out = malloc(count * sizeof *times);
    assert_true(ids && times);
    uint64_t x = 12345;
    for (size_t i = 0; i < count; i++) {
        x = x * 6364136223846793005u + 1442695040888963407u;
        uint64_t joined = 1 + (uint64_t)i * CUSTOMERS / count;
        ids[i] = (x >> 24) % joined;
        times[i] = (int64_t)(D0 + (int64_t)((uint64_t)i * DAYS / count)) * DAY +
                   (int64_t)((x >> 8) % DAY);
    }
}

/* The allocator of the memory test: counts the bytes live and their peak. */
typedef struct counting {
    size_t live, peak;
} counting;

static void *count_alloc(void *user, size_t size)
{
    counting *c = user;
    size_t *p = malloc(sizeof(size_t) + size);
    if (p == NULL)
        return NULL;
    *p = size;
    c->live += size;
    c->peak = c->live > c->peak ? c->live : c->peak;
    return p + 1;
}

static void *count_realloc(void *user, void *ptr, size_t size)
{
    counting *c = user;
    size_t *old = ptr ? (size_t *)ptr - 1 : NULL, had = old ? *old : 0;
    size_t *p = realloc(old, sizeof(size_t) + size);
    if (p == NULL)
        return NULL;
    *p = size;
    c->live += size - had;
    c->peak = c->live > c->peak ? c->live : c->peak;
    return p + 1;
}

static void count_free(void *user, void *ptr)
{
    counting *c = user;
    if (ptr == NULL)
        return;
    size_t *p = (size_t *)ptr - 1;
    c->live -= *p;
    free(p);
}

static rt_cohort *in_batches(const uint64_t *ids, const int64_t *times, size_t count)
{
    rt_cohort *c = new_cohort_with(1, NULL);
    for (size_t at = 0; at < count; at += 10000) {
        size_t n = count - at < 10000 ? count - at : 10000;
        assert_int_equal(rt_cohort_add_events(c, ids + at, times + at, n, NULL), RT_OK);
    }
    return c;
}

static int under_valgrind(void)
{
    return getenv("RT_UNDER_VALGRIND") != NULL;
}

/* 6 M events in one call: what 10,000-event batches give, with one and two
 * threads, and a peak of the cohort's memory under 6 bytes an event (all
 * staged at once, the events alone would take 8; about 5.3 here, most of
 * it the kept events' columns grown by half again). */
static void one_call_equals_batches_in_bounded_memory(void **state)
{
    (void)state;
    size_t count = under_valgrind() ? 2500000 : 6000000;
    uint64_t *ids;
    int64_t *times;
    make_log(count, &ids, &times);
    rt_cohort *batches = in_batches(ids, times, count);
    for (uint32_t threads = 1; threads <= 2; threads++) {
        counting bytes = {0, 0};
        rt_allocator hooks;
        assert_int_equal(rt_allocator_init(&hooks, sizeof hooks), RT_OK);
        hooks.alloc_fn = count_alloc;
        hooks.realloc_fn = count_realloc;
        hooks.free_fn = count_free;
        hooks.user = &bytes;
        rt_cohort *c = new_cohort_with(threads, &hooks);
        assert_int_equal(rt_cohort_add_events(c, ids, times, count, NULL), RT_OK);
        if (!under_valgrind())  /* its 2.5 M events: the chunk's 8 MiB weighs more */
            assert_true(bytes.peak < 6 * count);
        assert_int_equal(rt_cohort_customer_count(c), rt_cohort_customer_count(batches));
        assert_int_equal(rt_cohort_event_count(c), count);
        assert_same_results(batches, c, D0, D0 + DAYS - 1, 2000);
        rt_cohort_free(c);
        assert_int_equal(bytes.live, 0);
    }
    rt_cohort_free(batches);
    free(ids);
    free(times);
}

/* A bad time in the last chunk: nothing of the earlier ones is added. */
static void a_bad_time_in_a_late_chunk_adds_nothing(void **state)
{
    (void)state;
    size_t count = 2500000;
    uint64_t *ids;
    int64_t *times;
    make_log(count, &ids, &times);
    rt_cohort *c = new_cohort_with(2, NULL);
    assert_int_equal(rt_cohort_add_events(c, ids, times, 1000, NULL), RT_OK);
    uint64_t customers = rt_cohort_customer_count(c), events = rt_cohort_event_count(c);
    int64_t kept = times[2400000];
    times[2400000] = INT64_MIN;
    size_t bad = 0;
    assert_int_equal(rt_cohort_add_events(c, ids, times, count, &bad), RT_ERANGE);
    assert_int_equal(bad, 2400000);
    assert_non_null(strstr(rt_last_error_message(), "record 2400000"));
    assert_int_equal(rt_cohort_customer_count(c), customers);
    assert_int_equal(rt_cohort_event_count(c), events);
    times[2400000] = kept;
    rt_cohort_free(c);
    free(ids);
    free(times);
}

/* The allocations one call makes on a cohort holding 1,000 events. */
static size_t allocations_of_the_call(failalloc *fa, const rt_allocator *hooks,
                                      const uint64_t *ids, const int64_t *times, size_t count)
{
    rt_cohort *c = new_cohort_with(2, hooks);
    assert_int_equal(rt_cohort_add_events(c, ids, times, 1000, NULL), RT_OK);
    failalloc_arm(fa, SIZE_MAX);
    assert_int_equal(rt_cohort_add_events(c, ids, times, count, NULL), RT_OK);
    size_t calls = fa->calls;
    failalloc_disarm(fa);
    rt_cohort_free(c);
    return calls;
}

/* Allocation k of the call fails on a cohort holding 1,000 events: the
 * call fails with nothing changed, or succeeds without the block (the
 * lists that only speed it up); either way, the same call then gives what
 * batches give, which it would not if the rolled-back chunks had left
 * their days among customers' recent days. Returns 1 if the call failed. */
static int fail_allocation(failalloc *fa, const rt_allocator *hooks, size_t k,
                           const uint64_t *ids, const int64_t *times, size_t count,
                           const rt_cohort *batches)
{
    rt_cohort *c = new_cohort_with(2, hooks);
    assert_int_equal(rt_cohort_add_events(c, ids, times, 1000, NULL), RT_OK);
    uint64_t customers = rt_cohort_customer_count(c), events = rt_cohort_event_count(c);
    failalloc_arm(fa, k);
    rt_status st = rt_cohort_add_events(c, ids, times, count, NULL);
    failalloc_disarm(fa);
    assert_true(fa->tripped);
    if (st != RT_OK) {
        assert_int_equal(st, RT_ENOMEM);
        assert_int_equal(rt_cohort_customer_count(c), customers);
        assert_int_equal(rt_cohort_event_count(c), events);
        assert_int_equal(rt_cohort_add_events(c, ids, times, count, NULL), RT_OK);
    }
    assert_same_results(batches, c, D0, D0 + DAYS - 1, 2000);
    rt_cohort_free(c);
    assert_int_equal(fa->live, 0);
    return st != RT_OK;
}

/* Each allocation of a 2.5 M-event call (three chunks) failing in turn;
 * under valgrind the first and the last that fails only. */
static void out_of_memory_in_a_late_chunk_rolls_back(void **state)
{
    (void)state;
    size_t count = 2500000;
    uint64_t *ids;
    int64_t *times;
    make_log(count, &ids, &times);
    rt_cohort *batches = in_batches(ids, times, count);
    failalloc fa;
    rt_allocator hooks;
    failalloc_setup(&fa, &hooks);
    size_t total = allocations_of_the_call(&fa, &hooks, ids, times, count);
    assert_true(total >= 6);
    size_t failures = 0, late_failures = 0;
    /* From the last allocation back, so that under valgrind the loop can
     * stop at the first late failure. */
    for (size_t k = total; k-- > 0;) {
        if (under_valgrind() && late_failures > 0 && k > 0)
            continue;
        int failed = fail_allocation(&fa, &hooks, k, ids, times, count, batches);
        failures += (size_t)failed;
        late_failures += (size_t)(failed && k >= total / 2);  /* earlier chunks committed */
    }
    assert_true(failures >= 2);
    assert_true(late_failures >= 1);
    rt_cohort_free(batches);
    free(ids);
    free(times);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_call_equals_batches_in_bounded_memory),
        cmocka_unit_test(a_bad_time_in_a_late_chunk_adds_nothing),
        cmocka_unit_test(out_of_memory_in_a_late_chunk_rolls_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
