/* rt_cohort_add_events: all or nothing, in chunks. The events of a call
 * are staged in the tails of the event columns a chunk at a time, so that
 * the memory a call needs beyond what it keeps is one chunk's (8 MiB), not
 * 8 bytes for every event given (most are repeats, which the commit
 * drops). A call of more than one chunk checks every time first (a
 * bad record anywhere adds nothing); a later failure, out of memory, rolls
 * back what its earlier chunks added. */
#include "cohort/cohort_state.h"

#include "core/calendar.h"
#include "core/check.h"
#include "core/error.h"

enum { CHUNK_EVENTS = 1 << 20 };

/* What a call may change, to undo it. */
typedef struct add_mark {
    size_t customers, events;
    uint64_t received;
    int32_t first_day, last_day;
} add_mark;

static add_mark mark_of(const rt_cohort *c)
{
    return (add_mark){c->customer_count, c->event_count, c->events_received, c->first_day,
                      c->last_day};
}

/* Undoes the chunks committed since the mark. Their customers and events
 * go; the recent days may name days that went with them, so they are all
 * forgotten (the next events then keep a few more repeats, results the
 * same); the shared activity lists, forgotten by the first commit, are
 * built again by the next computation. */
static void roll_back(rt_cohort *c, const add_mark *mark)
{
    c->event_count = mark->events;
    c->events_received = mark->received;
    c->first_day = mark->first_day;
    c->last_day = mark->last_day;
    rti_cohort_forget_customers(c, mark->customers);
}

/* Stages and commits one chunk; on failure the chunk added nothing. */
static rt_status add_chunk(rt_cohort *c, const char *fn, const uint64_t *ids,
                           const int64_t *times, size_t n, size_t *bad_index)
{
    if (rti_cohort_reserve_events(c, n) != RT_OK)
        return rti_fail(RT_ENOMEM, "%s: out of memory for %zu events", fn, n);
    RTI_TRY(rti_cohort_stage_days(c, fn, times, n, c->event_day + c->event_count, bad_index));
    return rti_cohort_commit_events(c, fn, ids, n);
}

rt_status rti_cohort_add_events(rt_cohort *c, const char *fn, const uint64_t *ids,
                                const int64_t *times, size_t count, size_t *bad_index)
{
    if (c == NULL)
        return rti_fail(RT_EINVAL, "%s: cohort is NULL", fn);
    if (count == 0)
        return RT_OK;
    if (ids == NULL || times == NULL)
        return rti_fail(RT_EINVAL, "%s: customer_ids or unix_times is NULL", fn);
    if (count <= CHUNK_EVENTS)
        return add_chunk(c, fn, ids, times, count, bad_index);
    RTI_TRY(rti_cohort_stage_days(c, fn, times, count, NULL, bad_index));
    add_mark mark = mark_of(c);
    for (size_t at = 0; at < count; at += CHUNK_EVENTS) {
        size_t n = count - at < CHUNK_EVENTS ? count - at : CHUNK_EVENTS;
        rt_status st = add_chunk(c, fn, ids + at, times + at, n, NULL);
        if (st != RT_OK) {
            roll_back(c, &mark);
            return st;
        }
    }
    return RT_OK;
}

rt_status rt_cohort_add_events(rt_cohort *cohort, const uint64_t *customer_ids,
                               const int64_t *unix_times, size_t count, size_t *bad_index)
{
    return rti_cohort_add_events(cohort, "rt_cohort_add_events", customer_ids, unix_times,
                                 count, bad_index);
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
