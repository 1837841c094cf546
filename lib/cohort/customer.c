/* rt_customer: one customer's active days, kept as a sorted array of
 * distinct civil days; standalone ingestion and snapshots of cohort members. */
#include <string.h>

#include "cohort/cohort_state.h"
#include "core/bits.h"
#include "core/calendar.h"
#include "core/check.h"
#include "core/error.h"
#include "core/sized_struct.h"
#include "store/day_search.h"
#include "retention/customer.h"

struct rt_customer {
    rti_allocator alloc;
    int32_t utc_offset_seconds;
    int32_t *days;      /* sorted ascending, distinct */
    size_t count;
    size_t capacity;
};

/* Out-of-order batches of at most this many times are inserted one day at
 * a time; larger ones go through a bitmap of the batch's days. */
enum { RTI_SMALL_BATCH = 16 };

/* Room for `extra` more days; the customer is unchanged either way. */
static rt_status rti_reserve_days(rt_customer *c, size_t extra)
{
    if (extra > SIZE_MAX / 8 - c->count)
        return RT_ENOMEM;
    size_t needed = c->count + extra;
    if (needed <= c->capacity)
        return RT_OK;
    size_t cap = c->capacity + c->capacity / 2;
    if (cap < 16)
        cap = 16;
    if (cap < needed)
        cap = needed;
    int32_t *days = rti_realloc_array(&c->alloc, c->days, cap, sizeof *days);
    if (days == NULL)
        return RT_ENOMEM;
    c->days = days;
    c->capacity = cap;
    return RT_OK;
}

/* A set of days in [lo, lo + 64 * word_count), one bit a day: at most
 * 73,051 supported days, so at most 1,142 words (9,136 bytes). */
typedef struct rti_day_bitmap {
    uint64_t *words;
    size_t word_count;
    int32_t lo;
} rti_day_bitmap;

static rt_status rti_bitmap_new(rti_day_bitmap *b, const rti_allocator *a, int32_t lo,
                                int32_t hi)
{
    size_t words = (size_t)((int64_t)hi - lo) / 64 + 1;
    b->words = rti_alloc_array(a, words, sizeof *b->words);
    if (b->words == NULL)
        return RT_ENOMEM;
    memset(b->words, 0, words * sizeof *b->words);
    b->word_count = words;
    b->lo = lo;
    return RT_OK;
}

static void rti_bitmap_set(rti_day_bitmap *b, int32_t day)
{
    size_t bit = (size_t)((int64_t)day - b->lo);
    b->words[bit / 64] |= UINT64_C(1) << (bit % 64);
}

static int32_t rti_bitmap_day(const rti_day_bitmap *b, size_t word, int bit)
{
    return (int32_t)((int64_t)b->lo + (int64_t)(word * 64) + bit);
}

static rt_customer *rti_customer_alloc(const rti_allocator *alloc, int32_t utc_offset_seconds)
{
    rt_customer *c = rti_alloc_array(alloc, 1, sizeof *c);
    if (c != NULL)
        *c = (rt_customer){.alloc = *alloc, .utc_offset_seconds = utc_offset_seconds};
    return c;
}

rt_status rt_customer_options_init(rt_customer_options *options, size_t size)
{
    return rti_sized_struct_init(options, size, NULL, sizeof *options, "rt_customer_options_init");
}

rt_status rt_customer_new(const rt_customer_options *options, rt_customer **customer)
{
    static const char fn[] = "rt_customer_new";
    RTI_TRY(rti_check_out(customer, fn, "customer"));
    rt_customer_options o;
    rt_customer_options_init(&o, sizeof o);
    if (options != NULL)
        RTI_TRY(rti_sized_struct_read(&o, sizeof o, options, options->size,
                                      "rt_customer_options"));
    if (o.utc_offset_seconds < -RTI_MAX_ABS_UTC_OFFSET ||
        o.utc_offset_seconds > RTI_MAX_ABS_UTC_OFFSET)
        return rti_fail(RT_EINVAL, "%s: utc_offset_seconds %d is beyond +-18 hours", fn,
                        (int)o.utc_offset_seconds);
    rti_allocator alloc;
    RTI_TRY(rti_allocator_resolve(&alloc, o.allocator, fn));
    rt_customer *c = rti_customer_alloc(&alloc, o.utc_offset_seconds);
    if (c == NULL)
        return rti_fail(RT_ENOMEM, "%s: out of memory", fn);
    *customer = c;
    return RT_OK;
}

void rt_customer_free(rt_customer *customer)
{
    if (customer == NULL)
        return;
    rti_allocator alloc = customer->alloc;
    rti_free(&alloc, customer->days);
    rti_free(&alloc, customer);
}

/* What the validation pass learnt about a batch of times. */
typedef struct rti_batch {
    int32_t lo, hi;     /* smallest and largest day */
    int sorted;         /* days non-decreasing */
} rti_batch;

/* Every time in range, else RT_ERANGE naming the first bad one. */
static rt_status rti_scan_batch(const rt_customer *c, const int64_t *times, size_t n,
                                size_t *bad_index, const char *fn, rti_batch *out)
{
    rti_batch b = {INT32_MAX, INT32_MIN, 1};
    int32_t prev = INT32_MIN;
    for (size_t i = 0; i < n; i++) {
        int32_t day;
        if (!rti_day_of_time(times[i], c->utc_offset_seconds, &day)) {
            if (bad_index != NULL)
                *bad_index = i;
            return rti_fail(RT_ERANGE, "%s: event %zu: time %lld is more than 100 years "
                            "from 1970", fn, i, (long long)times[i]);
        }
        b.sorted &= day >= prev;
        prev = day;
        b.lo = day < b.lo ? day : b.lo;
        b.hi = day > b.hi ? day : b.hi;
    }
    *out = b;
    return RT_OK;
}

/* The day of a time that rti_scan_batch() accepted. */
static int32_t rti_day_of(const rt_customer *c, int64_t unix_time)
{
    int32_t day = 0;
    rti_day_of_time(unix_time, c->utc_offset_seconds, &day);
    return day;
}

/* Times in non-decreasing order, none before the last active day: append. */
static rt_status rti_add_appending(rt_customer *c, const int64_t *times, size_t n)
{
    int64_t prev = c->count ? c->days[c->count - 1] : INT64_MIN;
    size_t added = 0;
    for (size_t i = 0; i < n; i++) {
        int32_t day = rti_day_of(c, times[i]);
        added += day != prev;
        prev = day;
    }
    RTI_TRY(rti_reserve_days(c, added));
    for (size_t i = 0; i < n; i++) {
        int32_t day = rti_day_of(c, times[i]);
        if (c->count == 0 || c->days[c->count - 1] != day)
            c->days[c->count++] = day;
    }
    return RT_OK;
}

/* At most RTI_SMALL_BATCH times in any order: count the new days, reserve,
 * insert each. */
static rt_status rti_add_inserting(rt_customer *c, const int64_t *times, size_t n)
{
    int32_t batch[RTI_SMALL_BATCH];
    size_t added = 0;
    for (size_t i = 0; i < n; i++) {
        batch[i] = rti_day_of(c, times[i]);
        size_t pos = rti_days_before(c->days, c->count, batch[i]);
        int is_new = pos == c->count || c->days[pos] != batch[i];
        for (size_t j = 0; j < i && is_new; j++)
            is_new = batch[j] != batch[i];
        added += (size_t)is_new;
    }
    RTI_TRY(rti_reserve_days(c, added));
    for (size_t i = 0; i < n; i++) {
        size_t pos = rti_days_before(c->days, c->count, batch[i]);
        if (pos < c->count && c->days[pos] == batch[i])
            continue;
        memmove(&c->days[pos + 1], &c->days[pos], (c->count - pos) * sizeof *c->days);
        c->days[pos] = batch[i];
        c->count++;
    }
    return RT_OK;
}

/* Many times in any order: a bitmap of the batch's days [lo, hi], then one
 * merge with the stored days, from the back, in place. */
static rt_status rti_add_merging(rt_customer *c, const int64_t *times, size_t n,
                                 const rti_batch *batch)
{
    rti_day_bitmap bits;
    RTI_TRY(rti_bitmap_new(&bits, &c->alloc, batch->lo, batch->hi));
    for (size_t i = 0; i < n; i++)
        rti_bitmap_set(&bits, rti_day_of(c, times[i]));

    /* New days: set bits that are not stored days (one forward walk). */
    size_t added = 0;
    size_t s = rti_days_before(c->days, c->count, batch->lo);
    for (size_t w = 0; w < bits.word_count; w++) {
        for (uint64_t word = bits.words[w]; word != 0; word &= word - 1) {
            int32_t day = rti_bitmap_day(&bits, w, rti_ctz64(word));
            while (s < c->count && c->days[s] < day)
                s++;
            added += s == c->count || c->days[s] != day;
        }
    }
    if (rti_reserve_days(c, added) != RT_OK) {
        rti_free(&c->alloc, bits.words);
        return RT_ENOMEM;
    }

    /* Largest first: move stored days above each set day up, then place it. */
    size_t r = c->count, w_pos = c->count + added;
    for (size_t w = bits.word_count; w-- > 0;) {
        uint64_t word = bits.words[w];
        while (word != 0) {
            int bit = rti_highest_bit64(word);
            word &= ~(UINT64_C(1) << bit);
            int32_t day = rti_bitmap_day(&bits, w, bit);
            while (r > 0 && c->days[r - 1] > day)
                c->days[--w_pos] = c->days[--r];
            if (r > 0 && c->days[r - 1] == day)
                continue;
            c->days[--w_pos] = day;
        }
    }
    c->count += added;
    rti_free(&c->alloc, bits.words);
    return RT_OK;
}

static rt_status rti_add_events(rt_customer *customer, const int64_t *unix_times,
                                size_t count, size_t *bad_index, const char *fn)
{
    if (customer == NULL)
        return rti_fail(RT_EINVAL, "%s: customer is NULL", fn);
    if (count == 0)
        return RT_OK;
    if (unix_times == NULL)
        return rti_fail(RT_EINVAL, "%s: unix_times is NULL", fn);
    rti_batch batch = {0, 0, 0};
    RTI_TRY(rti_scan_batch(customer, unix_times, count, bad_index, fn, &batch));
    rt_status st;
    if (batch.sorted && (customer->count == 0 ||
                         batch.lo >= customer->days[customer->count - 1]))
        st = rti_add_appending(customer, unix_times, count);
    else if (count <= RTI_SMALL_BATCH)
        st = rti_add_inserting(customer, unix_times, count);
    else
        st = rti_add_merging(customer, unix_times, count, &batch);
    if (st != RT_OK)
        return rti_fail(st, "%s: out of memory", fn);
    return RT_OK;
}

rt_status rt_customer_add_events(rt_customer *customer, const int64_t *unix_times,
                                 size_t count, size_t *bad_index)
{
    return rti_add_events(customer, unix_times, count, bad_index, "rt_customer_add_events");
}

rt_status rt_customer_add_event(rt_customer *customer, int64_t unix_time)
{
    static const char fn[] = "rt_customer_add_event";
    int32_t day;
    if (customer != NULL && !rti_day_of_time(unix_time, customer->utc_offset_seconds, &day))
        return rti_fail(RT_ERANGE, "%s: time %lld is more than 100 years from 1970", fn,
                        (long long)unix_time);
    return rti_add_events(customer, &unix_time, 1, NULL, fn);
}

/* Fills an empty customer with the distinct days of the cohort member with
 * dense index `who`; its events are found by scanning all stored events. */
static rt_status rti_copy_member_days(rt_customer *c, const rt_cohort *cohort, uint32_t who)
{
    const uint32_t *owner = cohort->event_customer;
    const int32_t *day = cohort->event_day;
    size_t n = cohort->event_count;
    size_t events = 0;
    int32_t lo = INT32_MAX, hi = INT32_MIN;
    int increasing = 1;
    for (size_t e = 0; e < n; e++) {
        if (owner[e] != who)
            continue;
        increasing &= events == 0 || day[e] > hi;
        lo = day[e] < lo ? day[e] : lo;
        hi = day[e] > hi ? day[e] : hi;
        events++;
    }
    if (events == 0)
        return RT_OK;
    if (increasing) {  /* the usual case: a log in time order */
        RTI_TRY(rti_reserve_days(c, events));
        for (size_t e = 0; e < n; e++) {
            if (owner[e] == who)
                c->days[c->count++] = day[e];
        }
        return RT_OK;
    }
    rti_day_bitmap bits;
    RTI_TRY(rti_bitmap_new(&bits, &c->alloc, lo, hi));
    for (size_t e = 0; e < n; e++) {
        if (owner[e] == who)
            rti_bitmap_set(&bits, day[e]);
    }
    size_t distinct = 0;
    for (size_t w = 0; w < bits.word_count; w++)
        distinct += (size_t)rti_popcount64(bits.words[w]);
    if (rti_reserve_days(c, distinct) != RT_OK) {
        rti_free(&c->alloc, bits.words);
        return RT_ENOMEM;
    }
    for (size_t w = 0; w < bits.word_count; w++) {
        for (uint64_t word = bits.words[w]; word != 0; word &= word - 1)
            c->days[c->count++] = rti_bitmap_day(&bits, w, rti_ctz64(word));
    }
    rti_free(&c->alloc, bits.words);
    return RT_OK;
}

rt_status rt_cohort_customer(const rt_cohort *cohort, uint64_t customer_id,
                             rt_customer **customer)
{
    static const char fn[] = "rt_cohort_customer";
    if (cohort == NULL)
        return rti_fail(RT_EINVAL, "%s: cohort is NULL", fn);
    RTI_TRY(rti_check_out(customer, fn, "customer"));
    uint32_t who = rti_idmap_find(&cohort->id_map, customer_id);
    if (who == RTI_IDMAP_EMPTY)
        return rti_fail(RT_ENOTFOUND, "%s: the cohort has no customer with id %llu", fn,
                        (unsigned long long)customer_id);
    rt_customer *c = rti_customer_alloc(&cohort->alloc, cohort->utc_offset_seconds);
    if (c == NULL)
        return rti_fail(RT_ENOMEM, "%s: out of memory", fn);
    if (rti_copy_member_days(c, cohort, who) != RT_OK) {
        rt_customer_free(c);
        return rti_fail(RT_ENOMEM, "%s: out of memory", fn);
    }
    *customer = c;
    return RT_OK;
}

rt_status rt_customer_day_range(const rt_customer *customer, int32_t *first_day,
                                int32_t *last_day)
{
    static const char fn[] = "rt_customer_day_range";
    if (customer == NULL)
        return rti_fail(RT_EINVAL, "%s: customer is NULL", fn);
    RTI_TRY(rti_check_out(first_day, fn, "first_day"));
    RTI_TRY(rti_check_out(last_day, fn, "last_day"));
    if (customer->count == 0)
        return rti_fail(RT_EUNDEFINED, "%s: the customer has no activity", fn);
    *first_day = customer->days[0];
    *last_day = customer->days[customer->count - 1];
    return RT_OK;
}

uint64_t rt_customer_active_day_count(const rt_customer *customer)
{
    return customer == NULL ? 0 : customer->count;
}

/* Active days in [first, last]; first <= last + 1. */
static uint64_t rti_count_between(const rt_customer *c, int64_t first, int64_t last)
{
    return rti_days_before(c->days, c->count, last + 1) -
           rti_days_before(c->days, c->count, first);
}

rt_status rt_customer_active_days(const rt_customer *customer, int32_t first_day,
                                  int32_t last_day, uint64_t *count)
{
    static const char fn[] = "rt_customer_active_days";
    if (customer == NULL)
        return rti_fail(RT_EINVAL, "%s: customer is NULL", fn);
    RTI_TRY(rti_check_out(count, fn, "count"));
    if (last_day < first_day)
        return rti_fail(RT_EINVAL, "%s: last_day %d is before first_day %d", fn,
                        (int)last_day, (int)first_day);
    *count = rti_count_between(customer, first_day, last_day);
    return RT_OK;
}

rt_status rt_customer_active_days_trailing(const rt_customer *customer, int32_t as_of_day,
                                           uint32_t window_days, uint64_t *count)
{
    static const char fn[] = "rt_customer_active_days_trailing";
    if (customer == NULL)
        return rti_fail(RT_EINVAL, "%s: customer is NULL", fn);
    RTI_TRY(rti_check_out(count, fn, "count"));
    if (window_days == 0)
        return rti_fail(RT_EINVAL, "%s: window_days must be at least 1", fn);
    *count = rti_count_between(customer, (int64_t)as_of_day - window_days + 1, as_of_day);
    return RT_OK;
}

rt_status rt_customer_mean_gap(const rt_customer *customer, double *mean_gap_days)
{
    static const char fn[] = "rt_customer_mean_gap";
    if (customer == NULL)
        return rti_fail(RT_EINVAL, "%s: customer is NULL", fn);
    RTI_TRY(rti_check_out(mean_gap_days, fn, "mean_gap_days"));
    if (customer->count < 2)
        return rti_fail(RT_EUNDEFINED, "%s: %zu active days give no gap", fn,
                        customer->count);
    int32_t span = customer->days[customer->count - 1] - customer->days[0];
    *mean_gap_days = (double)span / (double)(customer->count - 1);
    return RT_OK;
}
