/* Each customer's sorted, distinct active days (compressed sparse rows):
 * customer i was active on days[offsets[i]] .. days[offsets[i + 1] - 1],
 * unless a segment filter leaves the customer out (rti_activity_days_of).
 *
 * Every metric starts from these lists, and building them is the costly
 * step (a scatter of every stored event), so a cohort builds them once and
 * keeps them until it is next added to (activity_cache.c): rt_cohort_metrics,
 * churn, frequency and at-risk on one cohort share one build. */
#ifndef RTI_ACTIVITY_DAYS_H
#define RTI_ACTIVITY_DAYS_H

#include <stddef.h>
#include <stdint.h>

#include "cohort/cohort_view.h"
#include "core/memory.h"
#include "retention/cohort.h"

typedef struct rti_activity_days {
    size_t customer_count;
    /* The customers with lists: offsets has listed + 1 entries. Those from
     * listed on came after the build without events and read as empty. */
    size_t listed;
    size_t *offsets;
    int32_t *days;
    /* A segment filter: when segments is not NULL, only the customers with
     * segments[i] == only_segment have days; the others read as empty. */
    const uint32_t *segments;
    uint32_t only_segment;
    /* Whether offsets and days belong to this value (rti_activity_days_free
     * frees them) or to the cohort's shared lists (it leaves them). */
    int owned;
} rti_activity_days;

/* Customer i's days, *count of them; an empty list for a customer the
 * segment filter leaves out or one without lists. */
static inline const int32_t *rti_activity_days_of(const rti_activity_days *ad, size_t i,
                                                  size_t *count)
{
    if (i >= ad->listed || (ad->segments != NULL && ad->segments[i] != ad->only_segment)) {
        *count = 0;
        return ad->days;
    }
    *count = ad->offsets[i + 1] - ad->offsets[i];
    return ad->days + ad->offsets[i];
}

/* The cohort's activity lists, filtered to only_segment when it is not
 * NULL: the shared build (made now if the cohort has none since it was last
 * added to), which *out reads without owning. Safe to call from threads
 * computing on one cohort at once. The lists take 4 bytes per stored event
 * and 8 per customer, which the cohort keeps (and the build about 1.3 MiB a thread
 * while it runs); RT_ENOMEM leaves *out and the cohort untouched. */
rt_status rti_cohort_activity_days(const rti_cohort_view *cohort, const uint32_t *only_segment,
                                   rti_activity_days *out);

/* Room for the lists of customers customers holding days days in all, owned
 * (out->owned), for the caller to fill; RT_ENOMEM leaves *out untouched. */
rt_status rti_activity_days_alloc(const rti_allocator *a, size_t customers, size_t days,
                                  rti_activity_days *out);

/* Builds the lists from the cohort's stored events into memory of its own
 * (out->owned). RT_ENOMEM leaves *out untouched. (activity_days.c) */
rt_status rti_activity_days_build(const rti_cohort_view *cohort, rti_activity_days *out);

/* Frees lists that own their memory; leaves shared ones. Either way *days
 * becomes empty. */
void rti_activity_days_free(rti_activity_days *days, const rti_allocator *a);

#endif /* RTI_ACTIVITY_DAYS_H */
