/* Each paid interval is a change of +MRR on its start day and -MRR on its end
 * day. Two stable counting sorts (by day, then by customer) put them in
 * (customer, day) order in O(changes + days + customers), with the scratch
 * memory from the cohort's allocator (qsort would call malloc itself). */
#include "revenue/mrr_changes.h"

#include <string.h>

#include "core/error.h"

/* The MRR of all paid intervals together stays below this: the movements of
 * a month sum to at most twice it. */
#define RTI_MRR_TOTAL_MAX (INT64_MAX / 4)

static int is_paid(const rti_subscription_view *s, size_t i)
{
    return s->mrr[i] > 0 && s->start[i] < s->end[i];
}

int32_t rti_mrr_latest_day(const rti_subscription_view *s)
{
    int32_t latest = INT32_MIN;
    for (size_t i = 0; i < s->count; i++) {
        if (!is_paid(s, i))
            continue;
        int32_t last = s->end[i] != INT32_MAX ? s->end[i] : s->start[i];
        if (last > latest)
            latest = last;
    }
    return latest;
}

rt_status rti_mrr_changes_count(const rti_subscription_view *s, int32_t as_of, size_t *count,
                                int32_t *first_day)
{
    int64_t total = 0;
    size_t n = 0;
    *first_day = INT32_MAX;
    for (size_t i = 0; i < s->count; i++) {
        if (!is_paid(s, i) || s->start[i] > as_of)
            continue;
        if (s->mrr[i] > RTI_MRR_TOTAL_MAX - total)
            return rti_fail(RT_ERANGE, "rt_cohort_revenue: the MRR of all paid intervals "
                            "exceeds 2^61 cents");
        total += s->mrr[i];
        n += s->end[i] <= as_of ? 2 : 1;  /* a start, and an end if seen */
        if (s->start[i] < *first_day)
            *first_day = s->start[i];
    }
    *count = n;
    return RT_OK;
}

static void list_changes(const rti_subscription_view *s, int32_t as_of, rti_mrr_change *out)
{
    for (size_t i = 0; i < s->count; i++) {
        if (!is_paid(s, i) || s->start[i] > as_of)
            continue;
        *out++ = (rti_mrr_change){s->customer[i], s->start[i], s->mrr[i]};
        if (s->end[i] <= as_of)
            *out++ = (rti_mrr_change){s->customer[i], s->end[i], -s->mrr[i]};
    }
}

/* Stable counting sort of in into out by key (customer, or day - first_day
 * when by_day), keys below buckets; offsets has room for buckets + 1. */
static void counting_sort(const rti_mrr_change *in, rti_mrr_change *out, size_t n,
                          int by_day, int32_t first_day, size_t *offsets, size_t buckets)
{
    memset(offsets, 0, (buckets + 1) * sizeof *offsets);
    for (size_t i = 0; i < n; i++)
        offsets[1 + (by_day ? (size_t)(in[i].day - first_day) : in[i].customer)]++;
    for (size_t b = 1; b <= buckets; b++)
        offsets[b] += offsets[b - 1];
    for (size_t i = 0; i < n; i++)
        out[offsets[by_day ? (size_t)(in[i].day - first_day) : in[i].customer]++] = in[i];
}

rt_status rti_mrr_changes_sorted(const rti_subscription_view *s, int32_t as_of,
                                 int32_t first_day, const rti_allocator *a,
                                 rti_mrr_change *out, size_t count)
{
    size_t days = (size_t)(as_of - first_day) + 1;
    size_t buckets = days > s->customer_count ? days : s->customer_count;
    rti_mrr_change *by_day = rti_alloc_array(a, count, sizeof *by_day);
    size_t *offsets = rti_alloc_array(a, buckets + 1, sizeof *offsets);
    if (by_day == NULL || offsets == NULL) {
        rti_free(a, by_day);
        rti_free(a, offsets);
        return RT_ENOMEM;
    }
    list_changes(s, as_of, out);
    counting_sort(out, by_day, count, 1, first_day, offsets, days);
    counting_sort(by_day, out, count, 0, first_day, offsets, s->customer_count);
    rti_free(a, by_day);
    rti_free(a, offsets);
    return RT_OK;
}
