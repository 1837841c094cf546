/* Staging a bulk add into the tails of the cohort's columns: room for the
 * events and for new customers, times to days (cut into parts with
 * threads), ids to dense indices, new customers added in the order of
 * their first records. */
#include "cohort/cohort_state.h"
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
    void **const columns[] = {(void **)&c->ids, (void **)&c->segments,
                              (void **)&c->start_day};
    const size_t sizes[] = {sizeof *c->ids, sizeof *c->segments, sizeof *c->start_day};
    if (c->customer_count >= UINT32_MAX - 1)
        return RT_ENOMEM;  /* dense indices are uint32_t */
    RTI_TRY(rti_columns_reserve(&c->alloc, columns, sizes, c->start_day != NULL ? 3 : 2,
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

rt_status rti_cohort_add_new_customer(rt_cohort *c, uint64_t id, rti_idmap_slot **slot_out)
{
    RTI_TRY(reserve_customer(c));
    uint32_t index = (uint32_t)c->customer_count++;
    c->ids[index] = id;
    c->segments[index] = 0;
    if (c->start_day != NULL)
        c->start_day[index] = RTI_NO_START;
    *slot_out = rti_idmap_slot_for(&c->id_map, id, index);
    return RT_OK;
}

enum { PREFETCH_AHEAD = 16 };

rt_status rti_cohort_stage_customers(rt_cohort *c, const char *fn, const uint64_t *ids,
                                     size_t n, uint32_t *indices)
{
    size_t customers_before = c->customer_count;
    for (size_t i = 0; i < n; i++) {
        if (i + PREFETCH_AHEAD < n)
            rti_cohort_prefetch_customer(c, ids[i + PREFETCH_AHEAD]);
        rti_idmap_slot *slot;
        if (rti_cohort_add_customer(c, ids[i], &slot) != RT_OK) {
            rti_cohort_forget_customers(c, customers_before);
            return rti_fail(RT_ENOMEM, "%s: out of memory", fn);
        }
        indices[i] = slot->index;
    }
    return RT_OK;
}

void rti_cohort_forget_customers(rt_cohort *c, size_t count)
{
    c->customer_count = count;
    rti_idmap_rebuild(&c->id_map, c->ids, (uint32_t)count);
}
