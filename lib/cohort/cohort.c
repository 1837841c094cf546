/* rt_cohort: options, lifetime, and all-or-nothing ingestion of activity. */
#include <stdatomic.h>
#include <string.h>

#include "cohort/cohort_state.h"
#include "core/bits.h"
#include "core/calendar.h"
#include "core/check.h"
#include "core/error.h"
#include "core/parallel.h"
#include "core/sized_struct.h"
#include "store/columns.h"

rt_status rt_cohort_options_init(rt_cohort_options *options, size_t size)
{
    static const rt_cohort_options defaults = {
        .first_weekday = 1, .wau_window_days = 7, .mau_window_days = 30,
        .inactivity_days = 30, .threads = 1,
    };
    return rti_sized_struct_init(options, size, &defaults, sizeof defaults,
                                 "rt_cohort_options_init");
}

static rt_status check_options(const rt_cohort_options *o)
{
    static const char fn[] = "rt_cohort_new";
    if (o->utc_offset_seconds < -RTI_MAX_ABS_UTC_OFFSET ||
        o->utc_offset_seconds > RTI_MAX_ABS_UTC_OFFSET)
        return rti_fail(RT_EINVAL, "%s: utc_offset_seconds %d is beyond +-18 hours", fn,
                        (int)o->utc_offset_seconds);
    if (o->first_weekday < 1 || o->first_weekday > 7)
        return rti_fail(RT_EINVAL, "%s: first_weekday %u is not 1 (Monday) to 7 (Sunday)",
                        fn, (unsigned)o->first_weekday);
    RTI_TRY(rti_check_days(o->wau_window_days, RTI_MAX_ABS_DAY, fn, "wau_window_days"));
    RTI_TRY(rti_check_days(o->mau_window_days, RTI_MAX_ABS_DAY, fn, "mau_window_days"));
    if (o->threads > RTI_MAX_THREADS)
        return rti_fail(RT_EINVAL, "%s: threads %u is above %u", fn, (unsigned)o->threads,
                        RTI_MAX_THREADS);
    if (o->reserved != 0)
        return rti_fail(RT_EINVAL, "%s: reserved is %u, not 0", fn, (unsigned)o->reserved);
    return rti_check_days(o->inactivity_days, RTI_MAX_ABS_DAY, fn, "inactivity_days");
}

rt_status rt_cohort_new(const rt_cohort_options *options, rt_cohort **cohort)
{
    static const char fn[] = "rt_cohort_new";
    RTI_TRY(rti_check_out(cohort, fn, "cohort"));
    rt_cohort_options o;
    rt_cohort_options_init(&o, sizeof o);
    if (options != NULL)
        RTI_TRY(rti_sized_struct_read(&o, sizeof o, options, options->size,
                                      "rt_cohort_options"));
    RTI_TRY(check_options(&o));
    rti_allocator alloc;
    RTI_TRY(rti_allocator_resolve(&alloc, o.allocator, fn));
    struct cohort_block {  /* one allocation: the cohort and its cache cell */
        rt_cohort cohort;
        rti_activity_cache cache;
    } *block = rti_alloc_array(&alloc, 1, sizeof *block);
    if (block == NULL)
        return rti_fail(RT_ENOMEM, "%s: out of memory", fn);
    atomic_init(&block->cache.lists, NULL);
    rt_cohort *c = &block->cohort;
    *c = (rt_cohort){
        .alloc = alloc,
        .utc_offset_seconds = o.utc_offset_seconds,
        .first_weekday = o.first_weekday,
        .wau_window_days = o.wau_window_days,
        .mau_window_days = o.mau_window_days,
        .inactivity_days = o.inactivity_days,
        .threads = o.threads > 1 ? o.threads : 1,
        .activity = &block->cache,
    };
    *cohort = c;
    return RT_OK;
}

void rt_cohort_free(rt_cohort *cohort)
{
    if (cohort == NULL)
        return;
    rti_allocator alloc = cohort->alloc;
    rti_cohort_forget_activity(cohort);
    rti_idmap_free(&cohort->id_map, &alloc);
    rti_free(&alloc, cohort->ids);
    rti_free(&alloc, cohort->latest_day);
    rti_free(&alloc, cohort->part_latest);
    rti_free(&alloc, cohort->segments);
    rti_free(&alloc, cohort->start_day);
    rti_free(&alloc, cohort->event_customer);
    rti_free(&alloc, cohort->event_day);
    rti_free(&alloc, cohort->purchase_customer);
    rti_free(&alloc, cohort->purchase_day);
    rti_free(&alloc, cohort->purchase_amount);
    rti_free(&alloc, cohort->subscription_customer);
    rti_free(&alloc, cohort->subscription_start);
    rti_free(&alloc, cohort->subscription_end);
    rti_free(&alloc, cohort->subscription_mrr);
    rti_free(&alloc, cohort->late_customer);
    rti_free(&alloc, cohort->late_day);
    rti_free(&alloc, cohort);  /* the block's start, with the cache cell */
}

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
enum { MISS_LIST = 1 << 15, PREFETCH_AHEAD = 16 };

typedef struct find_call {
    const rti_idmap *map;
    const uint64_t *ids;
    uint32_t *indices;
    size_t n;
    size_t *misses;                      /* MISS_LIST by part, or NULL */
    size_t miss_count[RTI_MAX_THREADS];  /* by part; above MISS_LIST: scan it */
} find_call;

static void note_miss(find_call *call, unsigned part, size_t i)
{
    size_t k = call->miss_count[part]++;
    if (call->misses != NULL && k < MISS_LIST)
        call->misses[(size_t)part * MISS_LIST + k] = i;
}

/* The indices of the ids already in the map, RTI_IDMAP_EMPTY for the
 * others: only reads the map, so parts may run at once. Bound by the cache
 * misses of the lookups, hence the prefetch some lookups ahead. */
static void find_known_part(void *arg, unsigned part, unsigned parts)
{
    find_call *call = arg;
    const rti_idmap *map = call->map;
    size_t begin, end;
    rti_part_range(call->n, part, parts, &begin, &end);
    call->miss_count[part] = 0;
    if (map->count == 0) {
        call->miss_count[part] = (size_t)-1;  /* all new: scan */
        for (size_t i = begin; i < end; i++)
            call->indices[i] = RTI_IDMAP_EMPTY;
        return;
    }
    for (size_t i = begin; i < end; i++) {
        if (i + PREFETCH_AHEAD < end)
            RTI_PREFETCH(&map->slots[rti_mix64(call->ids[i + PREFETCH_AHEAD]) & map->mask]);
        uint32_t index = rti_idmap_find(map, call->ids[i]);
        call->indices[i] = index;
        if (index == RTI_IDMAP_EMPTY)
            note_miss(call, part, i);
    }
}

/* Adds the customer of ids[i] unless an earlier event of the call did. */
static rt_status add_customer(rt_cohort *c, const uint64_t *ids, size_t i, uint32_t *indices)
{
    uint32_t index = rti_idmap_find(&c->id_map, ids[i]);
    if (index == RTI_IDMAP_EMPTY) {
        RTI_TRY(reserve_customer(c));
        index = (uint32_t)c->customer_count++;
        c->ids[index] = ids[i];
        c->latest_day[index] = INT32_MIN;  /* no day yet */
        c->segments[index] = 0;
        if (c->start_day != NULL)
            c->start_day[index] = RTI_NO_START;
        rti_idmap_get_or_insert(&c->id_map, ids[i], index);
    }
    indices[i] = index;
    return RT_OK;
}

/* The new customers of one part, in order. */
static rt_status add_part_customers(rt_cohort *c, const find_call *call, unsigned part,
                                    unsigned parts)
{
    size_t count = call->miss_count[part];
    if (call->misses != NULL && count <= MISS_LIST) {
        const size_t *at = call->misses + (size_t)part * MISS_LIST;
        for (size_t k = 0; k < count; k++) {
            if (k + PREFETCH_AHEAD < count)
                RTI_PREFETCH(&c->id_map.slots[rti_mix64(call->ids[at[k + PREFETCH_AHEAD]]) &
                                              c->id_map.mask]);
            RTI_TRY(add_customer(c, call->ids, at[k], call->indices));
        }
        return RT_OK;
    }
    size_t begin, end;
    rti_part_range(call->n, part, parts, &begin, &end);
    for (size_t i = begin; i < end; i++) {
        size_t ahead = i + PREFETCH_AHEAD;
        if (ahead < end && call->indices[ahead] == RTI_IDMAP_EMPTY && c->id_map.slots)
            RTI_PREFETCH(&c->id_map.slots[rti_mix64(call->ids[ahead]) & c->id_map.mask]);
        if (call->indices[i] == RTI_IDMAP_EMPTY)
            RTI_TRY(add_customer(c, call->ids, i, call->indices));
    }
    return RT_OK;
}

/* One thread: each id looked up, and added when new, in one pass. */
static rt_status find_or_add_all(rt_cohort *c, const uint64_t *ids, size_t n,
                                 uint32_t *indices)
{
    for (size_t i = 0; i < n; i++) {
        if (i + PREFETCH_AHEAD < n && c->id_map.slots != NULL)
            RTI_PREFETCH(&c->id_map.slots[rti_mix64(ids[i + PREFETCH_AHEAD]) & c->id_map.mask]);
        RTI_TRY(add_customer(c, ids, i, indices));
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

rt_status rt_cohort_add_event(rt_cohort *cohort, uint64_t customer_id, int64_t unix_time)
{
    if (cohort == NULL)
        return rti_fail(RT_EINVAL, "rt_cohort_add_event: cohort is NULL");
    int32_t day;
    if (!rti_day_of_time(unix_time, cohort->utc_offset_seconds, &day))
        return rti_fail(RT_ERANGE, "rt_cohort_add_event: time %lld is more than 100 years "
                        "from 1970", (long long)unix_time);
    return rti_cohort_add_events(cohort, "rt_cohort_add_event", &customer_id, &unix_time, 1,
                                 NULL);
}

uint64_t rt_cohort_customer_count(const rt_cohort *cohort)
{
    return cohort == NULL ? 0 : cohort->customer_count;
}

uint64_t rt_cohort_event_count(const rt_cohort *cohort)
{
    return cohort == NULL ? 0 : cohort->events_received;
}

rt_status rt_cohort_day_range(const rt_cohort *cohort, int32_t *first_day, int32_t *last_day)
{
    static const char fn[] = "rt_cohort_day_range";
    if (cohort == NULL)
        return rti_fail(RT_EINVAL, "%s: cohort is NULL", fn);
    RTI_TRY(rti_check_out(first_day, fn, "first_day"));
    RTI_TRY(rti_check_out(last_day, fn, "last_day"));
    if (cohort->event_count == 0)
        return rti_fail(RT_EUNDEFINED, "%s: the cohort has no activity", fn);
    *first_day = cohort->first_day;
    *last_day = cohort->last_day;
    return RT_OK;
}

rt_status rt_day_from_date(int32_t year, uint32_t month, uint32_t mday, int32_t *day)
{
    static const char fn[] = "rt_day_from_date";
    static const uint8_t month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    RTI_TRY(rti_check_out(day, fn, "day"));
    if (year < 1870 - 1 || year > 2070 + 1)
        return rti_fail(RT_ERANGE, "%s: year %d is more than 100 years from 1970", fn,
                        (int)year);
    if (month < 1 || month > 12 || mday < 1 || mday > month_days[month - 1])
        return rti_fail(RT_EINVAL, "%s: %d-%02u-%02u is not a date", fn, (int)year,
                        (unsigned)month, (unsigned)mday);
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (month == 2 && mday == 29 && !leap)
        return rti_fail(RT_EINVAL, "%s: %d is not a leap year", fn, (int)year);
    int32_t d = rti_days_from_civil(year, month, mday);
    if (d < -RTI_MAX_ABS_DAY || d > RTI_MAX_ABS_DAY)
        return rti_fail(RT_ERANGE, "%s: %d-%02u-%02u is more than 100 years from 1970", fn,
                        (int)year, (unsigned)month, (unsigned)mday);
    *day = d;
    return RT_OK;
}
