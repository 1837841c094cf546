/* Building the per-customer active-day lists from the raw event columns.
 * Each event becomes the key (customer << day_bits | day - first_day), and
 * an LSD radix sort with 11-bit digits orders them: every pass streams the
 * keys into at most 2048 buckets, so the writes stay in cache where a direct
 * scatter into a million customer lists would miss on every event. */
#include "metrics/activity_days.h"

#include <string.h>

#include "cohort/cohort_state.h"

enum { DIGIT_BITS = 11, DIGITS = 1 << DIGIT_BITS, MAX_PASSES = 6 };

static unsigned bits_for(uint64_t max_value)
{
    unsigned bits = 1;
    while (bits < 64 && (max_value >> bits) != 0)
        bits++;
    return bits;
}

/* Sorts keys[0..n) using tmp of the same size; returns the array that holds
 * the result (keys or tmp). Passes whose digit is the same for every key
 * are skipped. */
static uint64_t *radix_sort(uint64_t *keys, uint64_t *tmp, size_t n, unsigned key_bits,
                            size_t (*count)[DIGITS])
{
    unsigned passes = (key_bits + DIGIT_BITS - 1) / DIGIT_BITS;
    memset(count, 0, passes * sizeof *count);
    for (size_t i = 0; i < n; i++)
        for (unsigned p = 0; p < passes; p++)
            count[p][(keys[i] >> (p * DIGIT_BITS)) & (DIGITS - 1)]++;
    for (unsigned p = 0; p < passes; p++) {
        size_t *c = count[p];
        size_t sum = 0, nonzero = 0;
        for (size_t d = 0; d < DIGITS; d++) {
            size_t k = c[d];
            nonzero += k != 0;
            c[d] = sum;  /* bucket start */
            sum += k;
        }
        if (nonzero <= 1)
            continue;
        unsigned shift = p * DIGIT_BITS;
        for (size_t i = 0; i < n; i++)
            tmp[c[(keys[i] >> shift) & (DIGITS - 1)]++] = keys[i];
        uint64_t *t = keys;
        keys = tmp;
        tmp = t;
    }
    return keys;
}

/* Turns sorted keys into offsets and distinct days per customer. */
static void fill_lists(const uint64_t *keys, size_t n, unsigned day_bits, int32_t first_day,
                       size_t customers, size_t *offsets, int32_t *days)
{
    size_t write = 0, next_customer = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && keys[i] == keys[i - 1])
            continue;  /* a repeated (customer, day) */
        size_t customer = (size_t)(keys[i] >> day_bits);
        while (next_customer <= customer)
            offsets[next_customer++] = write;
        days[write++] = first_day + (int32_t)(keys[i] & ((UINT64_C(1) << day_bits) - 1));
    }
    while (next_customer <= customers)
        offsets[next_customer++] = write;
}

/* The keys of the events to sort; returns how many. */
static size_t make_keys(const rt_cohort *c, const uint32_t *only_segment, unsigned day_bits,
                        uint64_t *keys)
{
    size_t n = 0;
    for (size_t e = 0; e < c->event_count; e++) {
        uint32_t who = c->event_customer[e];
        if (only_segment != NULL && c->segments[who] != *only_segment)
            continue;
        keys[n++] = (uint64_t)who << day_bits | (uint64_t)(c->event_day[e] - c->first_day);
    }
    return n;
}

rt_status rti_activity_days_build(const rt_cohort *c, const rti_allocator *a,
                                  const uint32_t *only_segment, rti_activity_days *out)
{
    size_t nc = c->customer_count, ne = c->event_count;
    uint64_t day_span = ne ? (uint64_t)(c->last_day - c->first_day) : 0;
    unsigned day_bits = bits_for(day_span);
    unsigned key_bits = day_bits + bits_for(nc ? nc - 1 : 0);
    size_t slots = ne ? ne : 1;
    uint64_t *keys = rti_alloc_array(a, slots, sizeof *keys);
    uint64_t *tmp = rti_alloc_array(a, slots, sizeof *tmp);
    size_t (*count)[DIGITS] = rti_alloc_array(a, MAX_PASSES, sizeof *count);
    size_t *offsets = rti_alloc_array(a, nc + 1, sizeof *offsets);
    int32_t *days = rti_alloc_array(a, slots, sizeof *days);
    rt_status st = RT_ENOMEM;
    if (keys && tmp && count && offsets && days) {
        size_t n = make_keys(c, only_segment, day_bits, keys);
        const uint64_t *sorted = radix_sort(keys, tmp, n, key_bits, count);
        fill_lists(sorted, n, day_bits, c->first_day, nc, offsets, days);
        *out = (rti_activity_days){nc, offsets, days};
        offsets = NULL;
        days = NULL;
        st = RT_OK;
    }
    rti_free(a, keys);
    rti_free(a, tmp);
    rti_free(a, count);
    rti_free(a, offsets);
    rti_free(a, days);
    return st;
}

void rti_activity_days_free(rti_activity_days *days, const rti_allocator *a)
{
    rti_free(a, days->offsets);
    rti_free(a, days->days);
    *days = (rti_activity_days){0};
}
