/* The day lists the results by start event read (metrics.h, "Cohorts by
 * start event"): each customer's start day, then their active days after
 * it. The retention tables and survival then need no other change: the
 * first day of a list is where a customer's cohort and lifetime begin. */
#include "metrics/start_days.h"

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
    size_t *offsets = rti_alloc_array(a, nc + 1, sizeof *offsets);
    int32_t *days = rti_alloc_array(a, most ? most : 1, sizeof *days);
    if (offsets == NULL || days == NULL) {
        rti_free(a, offsets);
        rti_free(a, days);
        return RT_ENOMEM;
    }
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
    *out = (rti_activity_days){.customer_count = nc, .listed = nc, .offsets = offsets,
                               .days = days, .owned = 1};
    return RT_OK;
}
