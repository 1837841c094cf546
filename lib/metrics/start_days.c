/* The day lists the results by start event read (metrics.h, "Cohorts by
 * start event"): each customer's start day, then their active days after
 * it. The retention tables and survival then need no other change: the
 * first day of a list is where a customer's cohort and lifetime begin. */
#include "metrics/start_days.h"

#include "core/check.h"

/* Whether a customer has a start and takes part (a segment filter). */
static int started(const rti_cohort_view *c, const uint32_t *only_segment, size_t customer)
{
    return c->start_day != NULL && c->start_day[customer] != RTI_VIEW_NO_START &&
           (only_segment == NULL || c->segments[customer] == *only_segment);
}

rt_status rti_activity_days_from_starts(const rti_cohort_view *c,
                                        const rti_activity_days *activity,
                                        const rti_allocator *a, const uint32_t *only_segment,
                                        rti_activity_days *out)
{
    size_t nc = activity->customer_count;
    size_t most = activity->offsets[activity->listed] + nc;  /* every active day, and a start each */
    rti_activity_days built;
    RTI_TRY(rti_activity_days_alloc(a, nc, most, &built));
    size_t *offsets = built.offsets;
    int32_t *days = built.days;
    size_t write = 0;
    for (size_t i = 0; i < nc; i++) {
        offsets[i] = write;
        if (!started(c, only_segment, i))
            continue;
        int32_t start = c->start_day[i];
        days[write++] = start;
        size_t n;
        const int32_t *active = rti_activity_days_of(activity, i, &n);
        for (size_t k = 0; k < n; k++)
            if (active[k] > start)  /* sorted, distinct; earlier days ignored */
                days[write++] = active[k];
    }
    offsets[nc] = write;
    *out = built;
    return RT_OK;
}
