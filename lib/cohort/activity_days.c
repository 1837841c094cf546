/* Building the per-customer active-day lists from the raw event columns:
 * one stable counting sort by customer, then each list sorted in place.
 * Logs arrive nearly in time order and the cohort already dropped repeats
 * of each customer's latest day, so most lists come out sorted or nearly;
 * the extra memory is 4 bytes per stored event and 8 per customer. (An LSD
 * radix sort of 64-bit keys was tried: it needs 20 bytes per stored event,
 * and on this machine the page faults of the fresh memory cost more than
 * the cache misses it saves: 0.9 s against 0.3 s for 12.8 M stored events.) */
#include "cohort/activity_days.h"

static void sift_down(int32_t *v, size_t root, size_t n)
{
    for (;;) {
        size_t child = 2 * root + 1;
        if (child >= n)
            return;
        if (child + 1 < n && v[child + 1] > v[child])
            child++;
        if (v[root] >= v[child])
            return;
        int32_t t = v[root];
        v[root] = v[child];
        v[child] = t;
        root = child;
    }
}

/* In place and allocation-free (libc's qsort may call malloc behind the
 * allocator hooks). Logs arrive nearly in time order, so most lists are
 * sorted already or nearly: insertion sort then costs O(n); heapsort bounds
 * the rest. */
static void sort_days(int32_t *v, size_t n)
{
    size_t inversions_seen = 0;
    for (size_t i = 1; i < n; i++) {
        int32_t x = v[i];
        size_t j = i;
        while (j > 0 && v[j - 1] > x) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
        inversions_seen += i - j;
        if (inversions_seen > 4 * n + 64) {  /* not nearly sorted: heapsort */
            for (size_t k = n / 2; k-- > 0;)
                sift_down(v, k, n);
            for (size_t end = n - 1; end > 0; end--) {
                int32_t t = v[0];
                v[0] = v[end];
                v[end] = t;
                sift_down(v, 0, end);
            }
            return;
        }
    }
}

/* Drops repeated days of a sorted list; returns the new length. */
static size_t unique_days(int32_t *v, size_t n)
{
    if (n == 0)
        return 0;
    size_t w = 1;
    for (size_t i = 1; i < n; i++)
        if (v[i] != v[w - 1])
            v[w++] = v[i];
    return w;
}

rt_status rti_activity_days_build(const rti_cohort_view *c, rti_activity_days *out)
{
    const rti_allocator *a = &c->alloc;
    size_t nc = c->customer_count, ne = c->event_count;
    size_t *offsets = rti_alloc_array(a, nc + 1, sizeof *offsets);
    int32_t *days = rti_alloc_array(a, ne ? ne : 1, sizeof *days);
    if (offsets == NULL || days == NULL) {
        rti_free(a, offsets);
        rti_free(a, days);
        return RT_ENOMEM;
    }
    /* Counting sort by customer: stable, so each list keeps arrival order. */
    for (size_t i = 0; i <= nc; i++)
        offsets[i] = 0;
    for (size_t e = 0; e < ne; e++)
        offsets[c->event_customer[e] + 1]++;
    for (size_t i = 0; i < nc; i++)
        offsets[i + 1] += offsets[i];
    for (size_t e = 0; e < ne; e++)  /* offsets[i] is the write cursor of customer i... */
        days[offsets[c->event_customer[e]]++] = c->event_day[e];
    /* ...and ends at the start of customer i + 1: shift back while compacting. */
    size_t start = 0, write = 0;
    for (size_t i = 0; i < nc; i++) {
        size_t end = offsets[i];
        size_t n = end - start;
        sort_days(days + start, n);
        n = unique_days(days + start, n);
        for (size_t k = 0; k < n; k++)
            days[write + k] = days[start + k];
        offsets[i] = write;
        write += n;
        start = end;
    }
    offsets[nc] = write;
    *out = (rti_activity_days){.customer_count = nc, .listed = nc, .offsets = offsets,
                               .days = days, .owned = 1};
    return RT_OK;
}

void rti_activity_days_free(rti_activity_days *days, const rti_allocator *a)
{
    if (days->owned) {
        rti_free(a, days->offsets);
        rti_free(a, days->days);
    }
    *days = (rti_activity_days){0};
}
