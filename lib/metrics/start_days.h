/* The day lists that begin at each customer's start day (metrics.h,
 * "Cohorts by start event"). */
#ifndef RTI_START_DAYS_H
#define RTI_START_DAYS_H

#include "cohort/activity_days.h"
#include "cohort/cohort_view.h"
#include "core/memory.h"

/* The start day, then the customer's days of activity after it; empty for
 * a customer without a start or outside only_segment. Owns its memory:
 * 8 bytes per customer and 4 per active day and customer at most; RT_ENOMEM
 * leaves *out untouched. */
rt_status rti_activity_days_from_starts(const rti_cohort_view *cohort,
                                        const rti_activity_days *activity,
                                        const rti_allocator *a, const uint32_t *only_segment,
                                        rti_activity_days *out);

#endif /* RTI_START_DAYS_H */
