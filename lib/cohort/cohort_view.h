/* A read-only view of a cohort for the layers above it (metrics, clv): the
 * columns they compute from, without the inside of struct rt_cohort, which
 * stays private to lib/cohort (lib/README.md). Pointers are the cohort's own
 * columns, valid while the cohort lives and is not added to. */
#ifndef RTI_COHORT_VIEW_H
#define RTI_COHORT_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "core/memory.h"
#include "retention/cohort.h"
#include "store/idmap.h"

typedef struct rti_cohort_view {
    const rt_cohort *cohort;  /* the cohort itself, for its shared activity lists */
    rti_allocator alloc;    /* the cohort's allocator, for results computed from it */
    int32_t utc_offset_seconds;
    uint32_t first_weekday;
    uint32_t wau_window_days;
    uint32_t mau_window_days;
    uint32_t inactivity_days;
    unsigned threads;            /* the most threads one computation may use */

    const rti_idmap *id_map;     /* customer id -> dense index */
    const uint64_t *ids;         /* dense index -> customer id */
    const uint32_t *segments;    /* dense index -> segment, 0 = none */
    const int32_t *start_day;    /* dense index -> earliest start day, RTI_VIEW_NO_START if
                                    none; NULL when the cohort has no start at all */
    size_t customer_count;

    const uint32_t *event_customer;  /* stored (customer, day) events, unsorted */
    const int32_t *event_day;
    size_t event_count;
    int32_t first_day;               /* valid when event_count > 0 */
    int32_t last_day;

    const uint32_t *purchase_customer;
    const int32_t *purchase_day;
    const double *purchase_amount;
    size_t purchase_count;

    const uint32_t *subscription_customer;  /* subscribed on days [start, end) */
    const int32_t *subscription_start;
    const int32_t *subscription_end;        /* INT32_MAX: open */
    const int64_t *subscription_mrr;        /* cents a month; 0: a plain subscription */
    size_t subscription_count;

    uint64_t start_count;             /* start events received */
    int32_t start_first_day;          /* days of every start received; valid when start_count > 0 */
    int32_t start_last_day;

    const uint32_t *late_customer;
    const int32_t *late_day;
    size_t late_count;
} rti_cohort_view;

/* A customer without a start event in start_day (after every real day). */
#define RTI_VIEW_NO_START INT32_MAX

/* The view of a cohort (not NULL). */
void rti_cohort_view_of(const rt_cohort *cohort, rti_cohort_view *view);

#endif /* RTI_COHORT_VIEW_H */
