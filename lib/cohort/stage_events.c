/* Staging a bulk add into the tails of the cohort's columns: room for the
 * events and for new customers, times to days, ids to dense indices. With
 * threads, the days and the lookups of known customers are cut into parts
 * (they only read the cohort); new customers are added on the calling
 * thread, in the order of their first events. */
#include "cohort/cohort_state.h"
#include "core/bits.h"
#include "core/calendar.h"
#include "core/check.h"
#include "core/error.h"
#include "core/parallel.h"
#include "store/columns.h"

rt_status rti_cohort_reserve_events(rt_cohort *c, size_t extra)
{
    void **const columns[] = {(void **)&c->event_customer, (void **)&c->event_day};
    const size_t sizes[] = {sizeof *c->event_customer, sizeof *c->event_day};
    if (extra > SIZE_MAX / 2 - c->event_count)
        return RT_ENOMEM;
    return rti_columns_reserve(&c->alloc, columns, sizes, 2, &c->event_capacity,
                               c->event_count + extra);
}

/* Room for one more customer in the id map and the per-customer columns
 * (the start days among them once the cohort has any). */
static rt_status reserve_customer(rt_cohort *c)
{
    void **const columns[] = {(void **)&c->ids, (void **)&c->latest_day,
                              (void **)&c->segments, (void **)&c->start_day};
    const size_t sizes[] = {sizeof *c->ids, sizeof *c->latest_day, sizeof *c->segments,
                            sizeof *c->start_day};
    if (c->customer_count >= UINT32_MAX - 1)
        return RT_ENOMEM;  /* dense indices are uint32_t */
    RTI_TRY(rti_columns_reserve(&c->alloc, columns, sizes, c->start_day != NULL ? 4 : 3,
                                &c->customer_capacity, c->customer_count + 1));
    return rti_idmap_reserve(&c->id_map, &c->alloc, 1);
}

/* Parts of a bulk add smaller than this run on the calling thread alone:
 * starting a thread costs about as much as staging this many events. */
enum { MIN_EVENTS_PER_PART = 1 << 15 };

typedef struct stage_days_call {
    const int64_t *times;
    int32_t *days;
    size_t n;
    int32_t utc_offset_seconds;
    size_t first_bad[RTI_MAX_THREADS];  /* by part: its first bad record, or n */
} stage_days_call;

static void stage_days_part(void *arg, unsigned part, unsigned parts)
{
    stage_days_call *call = arg;
    size_t begin, end;
    rti_part_range(call->n, part, parts, &begin, &end);
    call->first_bad[part] = call->n;
    for (size_t i = begin; i < end; i++) {
        int32_t day;
        if (!rti_day_of_time(call->times[i], call->utc_offset_seconds, &day)) {
            call->first_bad[part] = i;
            return;
        }
        if (call->days != NULL)
            call->days[i] = day;
    }
}

rt_status rti_cohort_stage_days(const rt_cohort *c, const char *fn, const int64_t *times,
                                size_t n, int32_t *days, size_t *bad_index)
{
    stage_days_call call = {times, days, n, c->utc_offset_seconds, {0}};
    unsigned parts = rti_parts_for(n, c->threads, MIN_EVENTS_PER_PART);
    rti_run_parts(stage_days_part, &call, parts);
    for (unsigned part = 0; part < parts; part++) {
        size_t i = call.first_bad[part];
        if (i < n) {  /* the first part with a bad record has the first */
            if (bad_index != NULL)
                *bad_index = i;
            return rti_fail(RT_ERANGE, "%s: record %zu: time %lld is more than 100 years "
                            "from 1970", fn, i, (long long)times[i]);
        }
    }
    return RT_OK;
}

/* Each part of the lookups lists the places of the ids it did not find (up
 * to MISS_LIST of them; a part with more, or a call whose list could not be
 * allocated, has its whole range scanned instead), so the new customers are
 * added without a pass over every event. */
enum { MISS_LIST = 1 << 17, PREFETCH_AHEAD = 16 };

/* An id not found, and where: listed with the id, as the list is read in
 * order and the slot of an id some entries ahead is prefetched (reading the
 * id from the call's array there would be a cache miss of its own). */
typedef struct miss {
    size_t at;
    uint64_t id;
} miss;

typedef struct find_call {
    const rti_idmap *map;
    const uint64_t *ids;
    uint32_t *indices;
    size_t n;
    miss *misses;                        /* MISS_LIST by part, or NULL */
    size_t miss_count[RTI_MAX_THREADS];  /* by part; above MISS_LIST: scan it */
} find_call;

/* The indices of the ids already in the map, RTI_IDMAP_EMPTY for the
 * others: only reads the map, so parts may run at once. Bound by the cache
 * misses of the lookups, hence the prefetch some lookups ahead. The misses
 * are counted locally: parts' counters share a cache line. */
static void find_known_part(void *arg, unsigned part, unsigned parts)
{
    find_call *call = arg;
    const rti_idmap *map = call->map;
    size_t begin, end;
    rti_part_range(call->n, part, parts, &begin, &end);
    if (map->count == 0) {
        for (size_t i = begin; i < end; i++)
            call->indices[i] = RTI_IDMAP_EMPTY;
        call->miss_count[part] = SIZE_MAX;  /* all new: scan */
        return;
    }
    miss *list = call->misses ? call->misses + (size_t)part * MISS_LIST : NULL;
    size_t misses = 0;
    for (size_t i = begin; i < end; i++) {
        if (i + PREFETCH_AHEAD < end)
            RTI_PREFETCH(&map->slots[rti_mix64(call->ids[i + PREFETCH_AHEAD]) & map->mask]);
        uint32_t index = rti_idmap_find(map, call->ids[i]);
        call->indices[i] = index;
        if (index == RTI_IDMAP_EMPTY) {
            if (list != NULL && misses < MISS_LIST)
                list[misses] = (miss){i, call->ids[i]};
            misses++;
        }
    }
    call->miss_count[part] = misses;
}

/* The index of id, a new customer unless an earlier event of the call
 * added it. */
static rt_status add_customer(rt_cohort *c, uint64_t id, uint32_t *index_out)
{
    uint32_t index = rti_idmap_find(&c->id_map, id);
    if (index == RTI_IDMAP_EMPTY) {
        RTI_TRY(reserve_customer(c));
        index = (uint32_t)c->customer_count++;
        c->ids[index] = id;
        c->latest_day[index] = INT32_MIN;  /* no day yet */
        c->segments[index] = 0;
        if (c->start_day != NULL)
            c->start_day[index] = RTI_NO_START;
        rti_idmap_get_or_insert(&c->id_map, id, index);
    }
    *index_out = index;
    return RT_OK;
}

static void prefetch_slot(const rt_cohort *c, uint64_t id)
{
    if (c->id_map.slots != NULL)
        RTI_PREFETCH(&c->id_map.slots[rti_mix64(id) & c->id_map.mask]);
}

/* The new customers of one part, in order: from its list, or from a scan
 * of its range. */
static rt_status add_part_customers(rt_cohort *c, const find_call *call, unsigned part,
                                    unsigned parts)
{
    size_t count = call->miss_count[part];
    uint32_t *indices = call->indices;
    if (call->misses != NULL && count <= MISS_LIST) {
        const miss *list = call->misses + (size_t)part * MISS_LIST;
        for (size_t k = 0; k < count; k++) {
            if (k + PREFETCH_AHEAD < count)
                prefetch_slot(c, list[k + PREFETCH_AHEAD].id);
            RTI_TRY(add_customer(c, list[k].id, &indices[list[k].at]));
        }
        return RT_OK;
    }
    size_t begin, end;
    rti_part_range(call->n, part, parts, &begin, &end);
    for (size_t i = begin; i < end; i++) {
        size_t ahead = i + PREFETCH_AHEAD;
        if (ahead < end && indices[ahead] == RTI_IDMAP_EMPTY)
            prefetch_slot(c, call->ids[ahead]);
        if (indices[i] == RTI_IDMAP_EMPTY)
            RTI_TRY(add_customer(c, call->ids[i], &indices[i]));
    }
    return RT_OK;
}

/* One thread: each id looked up, and added when new, in one pass. */
static rt_status find_or_add_all(rt_cohort *c, const uint64_t *ids, size_t n,
                                 uint32_t *indices)
{
    for (size_t i = 0; i < n; i++) {
        if (i + PREFETCH_AHEAD < n)
            prefetch_slot(c, ids[i + PREFETCH_AHEAD]);
        RTI_TRY(add_customer(c, ids[i], &indices[i]));
    }
    return RT_OK;
}

/* Threads: the known ids looked up in parts at once, then the new
 * customers added in order on this thread, so that their indices are the
 * order of their first events whatever the number of threads. */
static rt_status find_in_parts(rt_cohort *c, const uint64_t *ids, size_t n, uint32_t *indices,
                               unsigned parts)
{
    find_call call = {&c->id_map, ids, indices, n, NULL, {0}};
    call.misses = rti_alloc_array(&c->alloc, (size_t)parts * MISS_LIST, sizeof *call.misses);
    rti_run_parts(find_known_part, &call, parts);
    rt_status st = RT_OK;
    for (unsigned part = 0; part < parts && st == RT_OK; part++)
        st = add_part_customers(c, &call, part, parts);
    rti_free(&c->alloc, call.misses);
    return st;
}

rt_status rti_cohort_stage_customers(rt_cohort *c, const char *fn, const uint64_t *ids,
                                     size_t n, uint32_t *indices)
{
    size_t customers_before = c->customer_count;
    unsigned parts = rti_parts_for(n, c->threads, MIN_EVENTS_PER_PART);
    rt_status st = parts > 1 ? find_in_parts(c, ids, n, indices, parts)
                             : find_or_add_all(c, ids, n, indices);
    if (st != RT_OK) {
        c->customer_count = customers_before;
        rti_idmap_rebuild(&c->id_map, c->ids, (uint32_t)customers_before);
        return rti_fail(RT_ENOMEM, "%s: out of memory", fn);
    }
    return RT_OK;
}
