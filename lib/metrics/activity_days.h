/* Each customer's sorted, distinct active days (compressed sparse rows):
 * customer i was active on days[offsets[i]] .. days[offsets[i + 1] - 1]. */
#ifndef RTI_ACTIVITY_DAYS_H
#define RTI_ACTIVITY_DAYS_H

#include <stddef.h>
#include <stdint.h>

#include "core/memory.h"
#include "cohort/cohort_view.h"
#include "retention/cohort.h"

typedef struct rti_activity_days {
    size_t customer_count;
    size_t *offsets;   /* customer_count + 1 entries */
    int32_t *days;
} rti_activity_days;

/* Sorts the cohort's stored events by (customer, day) and drops repeats.
 * Needs 4 bytes per stored event and 8 per customer while it runs;
 * RT_ENOMEM leaves *out untouched. With only_segment, the customers of other
 * segments get empty lists, which every metric skips. */
rt_status rti_activity_days_build(const rti_cohort_view *cohort, const rti_allocator *a,
                                  const uint32_t *only_segment, rti_activity_days *out);
/* The lists that begin at each customer's start day (metrics.h, "Cohorts by
 * start event"): the start day, then the customer's days of activity after
 * it; empty for a customer without a start or outside only_segment. Needs
 * 8 bytes per customer and 4 per active day and customer at most;
 * RT_ENOMEM leaves *out untouched. (start_days.c) */
rt_status rti_activity_days_from_starts(const rti_cohort_view *cohort,
                                        const rti_activity_days *activity,
                                        const rti_allocator *a, const uint32_t *only_segment,
                                        rti_activity_days *out);
void rti_activity_days_free(rti_activity_days *days, const rti_allocator *a);

#endif /* RTI_ACTIVITY_DAYS_H */
