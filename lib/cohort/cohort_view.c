/* Read-only views of a cohort for the layers above it. */
#include "cohort/cohort_view.h"

#include "cohort/cohort_state.h"

rti_subscription_view rti_cohort_subscriptions(const rt_cohort *cohort)
{
    return (rti_subscription_view){
        .customer = cohort->subscription_customer,
        .start = cohort->subscription_start,
        .end = cohort->subscription_end,
        .mrr = cohort->subscription_mrr,
        .count = cohort->subscription_count,
        .customer_count = cohort->customer_count,
    };
}

const rti_allocator *rti_cohort_allocator(const rt_cohort *cohort)
{
    return &cohort->alloc;
}
