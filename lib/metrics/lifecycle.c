/* Lifecycle per period: new, returning, resurrecting and dormant customers,
 * from each customer's list of distinct active periods. */
#include "metrics/metrics_state.h"

#include "core/check.h"
#include "core/error.h"

/* Adds one to a state's count if the period is one of the tables'. */
static void count(rt_metrics *m, rt_lifecycle_state state, int64_t period)
{
    int64_t row = period - m->first_period;
    if (row >= 0 && (uint64_t)row < m->cohort_count)
        m->lifecycle[(size_t)state * m->cohort_count + (size_t)row]++;
}

void rti_lifecycle_compute(rt_metrics *m, const rti_activity_days *ad)
{
    for (size_t c = 0; c < ad->customer_count; c++) {
        size_t n;
        const int32_t *days = rti_activity_days_of(ad, c, &n);
        int64_t previous = 0;
        for (size_t i = 0; i < n && days[i] <= m->last_day; i++) {
            int64_t p = rti_period_of_day(m, days[i]);
            if (i > 0 && p == previous)
                continue;  /* another day of the same period */
            if (i == 0)
                count(m, RT_LIFECYCLE_NEW, p);
            else if (p == previous + 1)
                count(m, RT_LIFECYCLE_RETURNING, p);
            else {
                count(m, RT_LIFECYCLE_DORMANT, previous + 1);
                count(m, RT_LIFECYCLE_RESURRECTING, p);
            }
            previous = p;
        }
        if (n > 0 && days[0] <= m->last_day)
            count(m, RT_LIFECYCLE_DORMANT, previous + 1);
    }
}

rt_status rt_metrics_lifecycle(const rt_metrics *m, size_t period, rt_lifecycle_state state,
                               uint64_t *customers)
{
    static const char fn[] = "rt_metrics_lifecycle";
    if (m == NULL)
        return rti_fail(RT_EINVAL, "%s: metrics is NULL", fn);
    RTI_TRY(rti_check_out(customers, fn, "customers"));
    if ((unsigned)state > RT_LIFECYCLE_DORMANT)
        return rti_fail(RT_EINVAL, "%s: unknown lifecycle state %d", fn, (int)state);
    if (period >= m->cohort_count)
        return rti_fail(RT_ERANGE, "%s: period %zu is not below %zu", fn, period,
                        m->cohort_count);
    *customers = m->lifecycle[(size_t)state * m->cohort_count + period];
    return RT_OK;
}
