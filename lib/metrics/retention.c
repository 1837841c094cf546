/* Cohort retention tables in one pass over each customer's active days.
 * Exact kind: +1 at each distinct period offset the customer was active in.
 * On-or-after kind: +1 at every offset up to the customer's last active
 * period, done as a difference (+1 at 0, -1 after the last) summed per row. */
#include "metrics/metrics_state.h"

#include <string.h>

#include "core/calendar.h"

int32_t rti_period_of_day(const rt_metrics *m, int32_t day)
{
    switch (m->period) {
    case RT_PERIOD_WEEK: return rti_week_of_day(day, m->first_weekday);
    case RT_PERIOD_MONTH: return rti_month_of_day(day);
    case RT_PERIOD_DAY: break;
    }
    return day;
}

int32_t rti_period_start(const rt_metrics *m, int32_t period)
{
    switch (m->period) {
    case RT_PERIOD_WEEK: return rti_week_start(period, m->first_weekday);
    case RT_PERIOD_MONTH: return rti_month_start(period);
    case RT_PERIOD_DAY: break;
    }
    return period;
}

/* Period index of every day from the first cohort's start to the last day:
 * one table lookup per active day instead of calendar arithmetic. */
static int32_t *period_table(rt_metrics *m, int32_t from)
{
    size_t n = (size_t)(m->last_day - from) + 1;
    int32_t *table = rti_alloc_array(&m->alloc, n, sizeof *table);
    if (table != NULL)
        for (size_t i = 0; i < n; i++)
            table[i] = rti_period_of_day(m, from + (int32_t)i);
    return table;
}

rt_status rti_retention_compute(rt_metrics *m, const rti_activity_days *ad)
{
    int32_t from = rti_period_start(m, m->first_period);
    int32_t *period_of = period_table(m, from);
    if (period_of == NULL)
        return RT_ENOMEM;
    uint32_t offsets = m->offset_count;
    for (size_t c = 0; c < ad->customer_count; c++) {
        const int32_t *days = ad->days + ad->offsets[c];
        size_t count = ad->offsets[c + 1] - ad->offsets[c];
        if (count == 0 || days[0] < from || days[0] > m->last_day)
            continue;  /* started before the first cohort, or after the end */
        int32_t cohort_period = period_of[days[0] - from];
        size_t row = (size_t)(cohort_period - m->first_period);
        uint64_t *exact = m->exact + row * offsets;
        m->cohort_size[row]++;
        uint32_t last_offset = 0;
        for (size_t i = 0; i < count && days[i] <= m->last_day; i++) {
            uint32_t k = (uint32_t)(period_of[days[i] - from] - cohort_period);
            if (k == last_offset && i > 0)
                continue;  /* another day of the same period */
            last_offset = k;
            if (k < offsets)
                exact[k]++;
        }
        uint64_t *after = m->on_or_after + row * offsets;
        after[0]++;
        if (last_offset + 1 < offsets)
            after[last_offset + 1]--;  /* wraps; the row's prefix sum unwraps it */
    }
    for (size_t row = 0; row < m->cohort_count; row++) {
        uint64_t *after = m->on_or_after + row * offsets;
        for (uint32_t k = 1; k < offsets; k++)
            after[k] += after[k - 1];
    }
    rti_free(&m->alloc, period_of);
    return RT_OK;
}
