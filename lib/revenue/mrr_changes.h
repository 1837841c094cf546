/* From a cohort's subscription columns to each customer's MRR changes,
 * sorted by (customer, day). */
#ifndef RTI_MRR_CHANGES_H
#define RTI_MRR_CHANGES_H

#include <stddef.h>
#include <stdint.h>

#include "cohort/cohort_view.h"
#include "core/memory.h"

/* The subscription columns of a cohort (from its rti_cohort_view):
 * interval i covers days [start[i], end[i]) of dense customer index
 * customer[i] (end INT32_MAX when open) and pays mrr[i] cents a month (0 for
 * plain subscriptions). */
typedef struct rti_subscription_view {
    const uint32_t *customer;
    const int32_t *start;
    const int32_t *end;
    const int64_t *mrr;
    size_t count;
    size_t customer_count;  /* customer[i] < customer_count */
} rti_subscription_view;

/* One paid interval starting (delta > 0) or ending (delta < 0). */
typedef struct rti_mrr_change {
    uint32_t customer;
    int32_t day;
    int64_t delta;
} rti_mrr_change;

/* The latest start or end day of a paid interval; INT32_MIN if none. */
int32_t rti_mrr_latest_day(const rti_subscription_view *s);
/* The changes seen by as_of (count) and the earliest one's day. RT_ERANGE if
 * the MRR of those intervals together exceeds 2^61 cents, a cap under which
 * no sum of movements overflows. */
rt_status rti_mrr_changes_count(const rti_subscription_view *s, int32_t as_of, size_t *count,
                                int32_t *first_day);
/* Writes the count changes, sorted by (customer, day), into out; RT_ENOMEM
 * if the sort's scratch memory cannot be had. */
rt_status rti_mrr_changes_sorted(const rti_subscription_view *s, int32_t as_of,
                                 int32_t first_day, const rti_allocator *a,
                                 rti_mrr_change *out, size_t count);

#endif /* RTI_MRR_CHANGES_H */
