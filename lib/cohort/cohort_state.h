/* The inside of rt_cohort, shared with the code that computes from it. */
#ifndef RTI_COHORT_STATE_H
#define RTI_COHORT_STATE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "cohort/activity_days.h"
#include "core/bits.h"
#include "core/memory.h"
#include "retention/cohort.h"
#include "store/idmap.h"

/* The cell that holds a cohort's shared activity lists (activity_cache.c):
 * NULL until a computation builds them, freed by the next add. Apart from
 * the cohort's struct (in the same block) so that computations, which see
 * the cohort as const, can publish into it. */
typedef struct rti_activity_cache {
    _Atomic(rti_activity_days *) lists;
} rti_activity_cache;

/* Activity is stored as appended columns, 8 bytes an event: the dense
 * customer index and the civil day. An event on a day among the customer's
 * recent stored days is a repeat and is not stored: logs arrive nearly in
 * time order, so this drops most repeats, for the 4 bytes of the
 * customer's id-map slot that hold those days. Sorting and the remaining
 * de-duplication happen once, when metrics are computed. */
struct rt_cohort {
    rti_allocator alloc;
    int32_t utc_offset_seconds;
    uint32_t first_weekday;
    uint32_t wau_window_days;
    uint32_t mau_window_days;
    uint32_t inactivity_days;
    unsigned threads;       /* the most one call uses, 1 .. RTI_MAX_THREADS */

    rti_idmap id_map;       /* customer id -> dense index */
    uint64_t *ids;          /* dense index -> customer id */
    uint32_t *segments;     /* dense index -> segment, 0 = none */
    /* dense index -> day of the earliest start event, RTI_NO_START if none.
     * NULL until the first start arrives (a cohort without starts pays
     * nothing); from then on a customer column like the others, grown with
     * them (customer_capacity). */
    int32_t *start_day;
    size_t customer_count;
    size_t customer_capacity;

    uint32_t *event_customer;
    int32_t *event_day;
    size_t event_count;     /* stored (customer, day) events */
    size_t event_capacity;
    uint64_t events_received;
    int32_t first_day;      /* valid when event_count > 0 */
    int32_t last_day;

    /* Purchases (each also stored as an event). */
    uint32_t *purchase_customer;
    int32_t *purchase_day;
    double *purchase_amount;
    size_t purchase_count;
    size_t purchase_capacity;

    /* Subscriptions: subscribed on days [start, end); end INT32_MAX when open. */
    uint32_t *subscription_customer;
    int32_t *subscription_start;
    int32_t *subscription_end;
    int64_t *subscription_mrr;  /* monthly recurring revenue in cents; 0 for plain ones */
    size_t subscription_count;
    size_t subscription_capacity;

    uint64_t starts_received;
    int32_t start_first_day;  /* days of every start received; valid when starts_received > 0 */
    int32_t start_last_day;

    uint32_t *late_customer;
    int32_t *late_day;
    size_t late_count;
    size_t late_capacity;

    rti_activity_cache *activity;  /* shared activity lists; see above */
};

/* A customer without a start event (a start day after every real day). */
#define RTI_NO_START INT32_MAX

/* The steps of every all-or-nothing bulk add: reserve room (may fail,
 * changes nothing), stage into the reserved tails (may fail: bad record or
 * no memory for new customers, which are then forgotten again), commit.
 * fn names the public function in messages (stage_events.c). */
rt_status rti_cohort_reserve_events(rt_cohort *c, size_t extra);
rt_status rti_cohort_stage_days(const rt_cohort *c, const char *fn, const int64_t *times,
                                size_t n, int32_t *days, size_t *bad_index);  /* days NULL: check */
rt_status rti_cohort_stage_customers(rt_cohort *c, const char *fn, const uint64_t *ids,
                                     size_t n, uint32_t *indices);
/* Adds id, absent from the id map, as a new customer; its slot in *slot
 * (RT_ENOMEM: no room, nothing changed). */
rt_status rti_cohort_add_new_customer(rt_cohort *c, uint64_t id, rti_idmap_slot **slot);

/* The slot of id, adding it as a new customer if absent (RT_ENOMEM: no
 * room, nothing changed). Inline: the bulk adds call it for every record. */
static inline rt_status rti_cohort_add_customer(rt_cohort *c, uint64_t id,
                                                rti_idmap_slot **slot)
{
    rti_idmap_slot *found = rti_idmap_slot_of(&c->id_map, id);
    if (found == NULL)
        return rti_cohort_add_new_customer(c, id, slot);
    *slot = found;
    return RT_OK;
}

/* Fetches the id-map slot of id into the cache ahead of its use. */
static inline void rti_cohort_prefetch_customer(const rt_cohort *c, uint64_t id)
{
    if (c->id_map.slots != NULL)
        RTI_PREFETCH(&c->id_map.slots[rti_mix64(id) & c->id_map.mask]);
}
/* Keeps the first count customers only (undoes a failed call's additions)
 * and forgets every customer's recent days. */
void rti_cohort_forget_customers(rt_cohort *c, size_t count);
/* Frees the shared activity lists: the commit of new events calls it.
 * (Customers added without events need not: the lists read as empty for
 * customers past those they were built for.) (activity_cache.c) */
void rti_cohort_forget_activity(rt_cohort *c);
/* Appends the n events of ids whose days are staged in the tail of
 * event_day, adding their new customers and dropping repeats of a
 * customer's recent days (commit_events.c). RT_ENOMEM (no room for a new
 * customer) adds nothing and forgets every customer's recent days. */
rt_status rti_cohort_commit_events(rt_cohort *c, const char *fn, const uint64_t *ids,
                                   size_t n);
/* The all-or-nothing bulk add of activity events in the name of fn, the
 * public function the caller called (add_events.c). */
rt_status rti_cohort_add_events(rt_cohort *c, const char *fn, const uint64_t *ids,
                                const int64_t *times, size_t count, size_t *bad_index);

#endif /* RTI_COHORT_STATE_H */
