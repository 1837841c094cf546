/* DAU, WAU and MAU in one pass over the active days, with difference arrays:
 * a customer counts in the window ending on x iff some active day d has
 * d <= x <= d + W - 1, so each customer adds the union of those intervals. */
#include "metrics/metrics_state.h"

#include <string.h>

#include "store/day_search.h"

/* Adds +1 over the union of [d, d + window - 1] for the sorted days, clipped
 * to [first, last], into diff (indexed from first, day_count + 1 entries). */
static void add_window_union(const int32_t *days, size_t n, int32_t window,
                             int32_t first, int32_t last, int64_t *diff)
{
    int64_t run_start = 0, run_end = -1;
    int open = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t s = days[i], e = (int64_t)days[i] + window - 1;
        if (e < first)
            continue;
        if (s > last)
            break;
        s = s < first ? first : s;
        e = e > last ? last : e;
        if (open && s <= run_end + 1) {
            run_end = e > run_end ? e : run_end;
            continue;
        }
        if (open) {
            diff[run_start - first]++;
            diff[run_end - first + 1]--;
        }
        run_start = s;
        run_end = e;
        open = 1;
    }
    if (open) {
        diff[run_start - first]++;
        diff[run_end - first + 1]--;
    }
}

static void prefix_sums(const int64_t *diff, size_t n, uint64_t *out)
{
    int64_t running = 0;
    for (size_t i = 0; i < n; i++) {
        running += diff[i];
        out[i] = (uint64_t)running;
    }
}

/* Active days of a sorted list inside [from, to]. */
static size_t days_within(const int32_t *days, size_t n, int32_t from, int32_t to)
{
    return rti_days_before(days, n, (int64_t)to + 1) - rti_days_before(days, n, from);
}

/* L28-style and range histograms: customers by number of active days. */
static void add_histograms(rt_metrics *m, const int32_t *days, size_t count)
{
    if (count == 0 || days[0] > m->last_day)
        return;  /* not yet a customer at the end */
    int32_t trailing_from = m->last_day - (int32_t)m->trailing_days + 1;
    m->trailing_histogram[days_within(days, count, trailing_from, m->last_day)]++;
    m->range_histogram[days_within(days, count, m->first_day, m->last_day)]++;
}

rt_status rti_activity_compute(rt_metrics *m, const rti_activity_days *ad)
{
    size_t n = m->day_count;
    int64_t *diff = rti_alloc_array(&m->alloc, 2 * (n + 1), sizeof *diff);
    if (diff == NULL)
        return RT_ENOMEM;
    memset(diff, 0, 2 * (n + 1) * sizeof *diff);
    int64_t *wau_diff = diff, *mau_diff = diff + n + 1;
    int32_t first = m->first_day, last = m->last_day;
    for (size_t c = 0; c < ad->customer_count; c++) {
        size_t count;
        const int32_t *days = rti_activity_days_of(ad, c, &count);
        for (size_t i = 0; i < count && days[i] <= last; i++)
            if (days[i] >= first)
                m->dau[days[i] - first]++;
        add_window_union(days, count, (int32_t)m->wau_window_days, first, last, wau_diff);
        add_window_union(days, count, (int32_t)m->mau_window_days, first, last, mau_diff);
        add_histograms(m, days, count);
    }
    prefix_sums(wau_diff, n, m->wau);
    prefix_sums(mau_diff, n, m->mau);
    rti_free(&m->alloc, diff);
    return RT_OK;
}
