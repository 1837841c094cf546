/* Read-only views of a cohort for the layers above it, which do not see the
 * inside of struct rt_cohort (cohort_state.h). */
#ifndef RTI_COHORT_VIEW_H
#define RTI_COHORT_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "core/memory.h"
#include "retention/cohort.h"

/* The subscription columns: interval i covers days [start[i], end[i]) of
 * dense customer index customer[i] (end INT32_MAX when open) and pays
 * mrr[i] cents a month (0 for plain subscriptions). Valid until the cohort
 * changes. */
typedef struct rti_subscription_view {
    const uint32_t *customer;
    const int32_t *start;
    const int32_t *end;
    const int64_t *mrr;
    size_t count;
    size_t customer_count;  /* customer[i] < customer_count */
} rti_subscription_view;

rti_subscription_view rti_cohort_subscriptions(const rt_cohort *cohort);
/* The allocator of the cohort, for what is computed from it. */
const rti_allocator *rti_cohort_allocator(const rt_cohort *cohort);

#endif /* RTI_COHORT_VIEW_H */
