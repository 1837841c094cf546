/* The inside of rt_cohort, shared with the code that computes from it. */
#ifndef RTI_COHORT_STATE_H
#define RTI_COHORT_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "core/memory.h"
#include "retention/cohort.h"
#include "store/idmap.h"

/* Activity is stored as appended columns, 8 bytes an event: the dense
 * customer index and the civil day. An event on the same day as the
 * customer's previous one is a repeat and is not stored: logs arrive nearly
 * in time order, so this drops most repeats at the cost of 4 bytes per
 * customer. Sorting and the remaining de-duplication happen once, when
 * metrics are computed. */
struct rt_cohort {
    rti_allocator alloc;
    int32_t utc_offset_seconds;
    uint32_t first_weekday;
    uint32_t wau_window_days;
    uint32_t mau_window_days;
    uint32_t inactivity_days;

    rti_idmap id_map;       /* customer id -> dense index */
    uint64_t *ids;          /* dense index -> customer id */
    int32_t *latest_day;    /* dense index -> day of its latest stored event */
    uint32_t *segments;     /* dense index -> segment, 0 = none */
    size_t customer_count;
    size_t customer_capacity;

    uint32_t *event_customer;
    int32_t *event_day;
    size_t event_count;     /* stored (customer, day) events */
    size_t event_capacity;
    uint64_t events_received;
    int32_t first_day;      /* valid when event_count > 0 */
    int32_t last_day;
};

#endif /* RTI_COHORT_STATE_H */
