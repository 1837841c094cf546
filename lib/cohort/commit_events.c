/* Appending staged events to the cohort's columns, dropping repeats: an
 * event on a day already stored for its customer adds nothing (the activity
 * lists hold distinct days). Logs arrive nearly in time order, so the
 * customer's recent stored days (recent_days.h), kept in its id-map slot,
 * drop most repeats (about five events in six on a typical log) in the
 * same pass, and with the same cache miss, as the lookup of its id.
 *
 * With threads, the events are cut into runs, one per part; each part
 * looks up its known customers, drops their repeats and moves the events it
 * keeps to its run's front, the recent days shared by all parts (a part
 * whose update is lost to another's at the same moment only forgets a day,
 * and keeps a repeat later). Ids not found are kept with RTI_IDMAP_EMPTY
 * and listed; then, on the calling thread, the parts' new customers are
 * added in order (so that their indices are the order of their first
 * events whatever the number of threads), their repeats dropped, and the
 * runs joined. Recent days only ever name days stored for the customer,
 * which is all the dropping relies on: results are the same for every
 * number of threads, only the count of stored repeats may differ. */
#include "cohort/cohort_state.h"

#include "core/bits.h"
#include "core/check.h"
#include "core/error.h"
#include "core/parallel.h"

/* Parts smaller than this run on the calling thread alone: starting a
 * thread costs about as much as handling this many events. A part lists up
 * to MISS_LIST events of customers it did not find (2 MiB); a part with
 * more, or a call whose lists could not be allocated, has its kept events
 * scanned for them instead. */
enum { MIN_EVENTS_PER_PART = 1 << 15, MISS_LIST = 1 << 17, PREFETCH_AHEAD = 16 };

/* An event of a customer not found, and where it was kept: listed with the
 * id, as the list is read in order and the slot of an id some entries ahead
 * is prefetched (reading the id from the call's array would be a cache
 * miss of its own). */
typedef struct miss {
    size_t at;
    uint64_t id;
} miss;

typedef struct commit_call {
    rti_idmap *map;
    const uint64_t *ids;
    uint32_t *customers;  /* the staged events, kept ones moved to each run's front */
    int32_t *days;
    size_t n;
    size_t customers_before;             /* the customers the parts know */
    miss *misses;                        /* MISS_LIST by part, or NULL */
    size_t miss_count[RTI_MAX_THREADS];  /* by part; above MISS_LIST: scan its run */
    size_t kept_end[RTI_MAX_THREADS];    /* by part: end of its kept events */
} commit_call;

/* Keeps the event at `at` with day for the customer of slot unless the day
 * is known to be stored; returns how many events it kept, 0 or 1. */
static inline size_t keep_day(rti_idmap_slot *slot, int32_t day, uint32_t *customers,
                              int32_t *days, size_t at)
{
    rti_recent_days recent = rti_idmap_recent_days(slot);
    if (rti_recent_has(recent, day))
        return 0;
    rti_idmap_set_recent_days(slot, rti_recent_with(recent, day));
    customers[at] = slot->index;
    days[at] = day;
    return 1;
}

/* One part: known customers' new days kept at its run's front, unknown
 * customers' events kept with RTI_IDMAP_EMPTY and listed (up to
 * MISS_LIST). Parts may run at once: they read the map's keys and indices
 * and only write recent days (atomics). The misses are counted locally:
 * the parts' counters share a cache line. */
static void commit_known_part(void *arg, unsigned part, unsigned parts)
{
    commit_call *call = arg;
    const rti_idmap *map = call->map;
    uint32_t *customers = call->customers;
    int32_t *days = call->days;
    miss *list = call->misses ? call->misses + (size_t)part * MISS_LIST : NULL;
    size_t begin, end, kept, misses = 0;
    rti_part_range(call->n, part, parts, &begin, &end);
    kept = begin;
    for (size_t i = begin; i < end; i++) {
        if (i + PREFETCH_AHEAD < end && map->count > 0)
            RTI_PREFETCH(&map->slots[rti_mix64(call->ids[i + PREFETCH_AHEAD]) & map->mask]);
        rti_idmap_slot *slot = rti_idmap_slot_of(map, call->ids[i]);
        int32_t day = days[i];
        if (slot != NULL) {
            kept += keep_day(slot, day, customers, days, kept);
            continue;
        }
        if (list != NULL && misses < MISS_LIST)
            list[misses] = (miss){kept, call->ids[i]};
        misses++;
        customers[kept] = RTI_IDMAP_EMPTY;
        days[kept++] = day;
    }
    call->miss_count[part] = misses;
    call->kept_end[part] = kept;
}

/* The customer of the kept event at `at`, new unless an earlier event of
 * the call added it; the event stays RTI_IDMAP_EMPTY (to be dropped) if
 * its day is known to be stored. */
static rt_status add_missed(rt_cohort *c, uint64_t id, size_t at, uint32_t *customers,
                            int32_t *days)
{
    rti_idmap_slot *slot;
    RTI_TRY(rti_cohort_add_customer(c, id, &slot));
    keep_day(slot, days[at], customers, days, at);
    return RT_OK;
}

/* The new customers of a part, in order, from its list. */
static rt_status add_listed(rt_cohort *c, const commit_call *call, const miss *list,
                            size_t count)
{
    for (size_t k = 0; k < count; k++) {
        if (k + PREFETCH_AHEAD < count)
            rti_cohort_prefetch_customer(c, list[k + PREFETCH_AHEAD].id);
        RTI_TRY(add_missed(c, list[k].id, list[k].at, call->customers, call->days));
    }
    return RT_OK;
}

/* The new customers of a part whose list overflowed: its events of
 * customers unknown before the call are its misses, kept in order. */
static rt_status add_scanned(rt_cohort *c, const commit_call *call, size_t begin, size_t end)
{
    size_t at = begin;
    for (size_t i = begin; i < end; i++) {
        uint32_t index = rti_idmap_find(&c->id_map, call->ids[i]);
        if (index < call->customers_before)
            continue;
        while (call->customers[at] != RTI_IDMAP_EMPTY)
            at++;
        RTI_TRY(add_missed(c, call->ids[i], at++, call->customers, call->days));
    }
    return RT_OK;
}

/* Every part's new customers, part by part: in the order of their first
 * events, as one thread adds them. */
static rt_status add_new_customers(rt_cohort *c, const commit_call *call, unsigned parts)
{
    for (unsigned part = 0; part < parts; part++) {
        size_t begin, end, count = call->miss_count[part];
        rti_part_range(call->n, part, parts, &begin, &end);
        if (call->misses != NULL && count <= MISS_LIST)
            RTI_TRY(add_listed(c, call, call->misses + (size_t)part * MISS_LIST, count));
        else
            RTI_TRY(add_scanned(c, call, begin, end));
    }
    return RT_OK;
}

/* Moves the events of [begin, end) that are not RTI_IDMAP_EMPTY (dropped
 * repeats of new customers) down to `to`; returns the end of them there. */
static size_t move_kept(uint32_t *customers, int32_t *days, size_t begin, size_t end,
                        size_t to)
{
    for (size_t i = begin; i < end; i++) {
        if (customers[i] == RTI_IDMAP_EMPTY)
            continue;
        customers[to] = customers[i];
        days[to++] = days[i];
    }
    return to;
}

/* Threads: known customers in parts at once, then new customers in order
 * and the runs joined. Returns the count of kept events, at the front. */
static rt_status commit_in_parts(rt_cohort *c, const uint64_t *ids, uint32_t *customers,
                                 int32_t *days, size_t n, unsigned parts, size_t *kept)
{
    commit_call call = {&c->id_map, ids, customers, days, n, c->customer_count, NULL, {0}, {0}};
    call.misses = rti_alloc_array(&c->alloc, (size_t)parts * MISS_LIST, sizeof *call.misses);
    rti_run_parts(commit_known_part, &call, parts);
    rt_status st = add_new_customers(c, &call, parts);
    rti_free(&c->alloc, call.misses);
    RTI_TRY(st);
    size_t to = 0;
    for (unsigned part = 0; part < parts; part++) {
        size_t begin, end;
        rti_part_range(n, part, parts, &begin, &end);
        to = move_kept(customers, days, begin, call.kept_end[part], to);
    }
    *kept = to;
    return RT_OK;
}

/* One thread: each id looked up, added when new, and its repeats dropped,
 * in one pass. */
static rt_status commit_in_one_pass(rt_cohort *c, const uint64_t *ids, uint32_t *customers,
                                    int32_t *days, size_t n, size_t *kept)
{
    size_t to = 0;
    for (size_t i = 0; i < n; i++) {
        if (i + PREFETCH_AHEAD < n)
            rti_cohort_prefetch_customer(c, ids[i + PREFETCH_AHEAD]);
        rti_idmap_slot *slot;
        RTI_TRY(rti_cohort_add_customer(c, ids[i], &slot));
        to += keep_day(slot, days[i], customers, days, to);
    }
    *kept = to;
    return RT_OK;
}

/* The stored days' range and counts, with the kept events appended. */
static void append_kept(rt_cohort *c, size_t kept, size_t n)
{
    c->events_received += n;
    if (kept == 0)
        return;
    const int32_t *days = c->event_day + c->event_count;
    int32_t lo = c->event_count ? c->first_day : days[0];
    int32_t hi = c->event_count ? c->last_day : days[0];
    for (size_t i = 0; i < kept; i++) {
        lo = days[i] < lo ? days[i] : lo;
        hi = days[i] > hi ? days[i] : hi;
    }
    rti_cohort_forget_activity(c);
    c->first_day = lo;
    c->last_day = hi;
    c->event_count += kept;
}

rt_status rti_cohort_commit_events(rt_cohort *c, const char *fn, const uint64_t *ids,
                                   size_t n)
{
    uint32_t *customers = c->event_customer + c->event_count;
    int32_t *days = c->event_day + c->event_count;
    size_t customers_before = c->customer_count, kept = 0;
    unsigned parts = rti_parts_for(n, c->threads, MIN_EVENTS_PER_PART);
    rt_status st = parts > 1 ? commit_in_parts(c, ids, customers, days, n, parts, &kept)
                             : commit_in_one_pass(c, ids, customers, days, n, &kept);
    if (st != RT_OK) {
        /* Recent days may name days of this call's events: forgotten. */
        rti_cohort_forget_customers(c, customers_before);
        return rti_fail(RT_ENOMEM, "%s: out of memory", fn);
    }
    append_kept(c, kept, n);
    return RT_OK;
}
