/* Start events: the day each customer first did what puts them in a
 * cohort ("first did X"), apart from the activity that counts as coming
 * back. Only the earliest day matters, so the cohort keeps one day per
 * customer, not the events. */
#include "cohort/cohort_state.h"
#include "core/check.h"
#include "core/error.h"

/* The start-day column, created on the first start with room for every
 * customer the other columns have room for; *created says whether this
 * call made it, so that a failing call can drop it again. */
static rt_status ensure_start_column(rt_cohort *c, int *created)
{
    *created = 0;
    if (c->start_day != NULL)
        return RT_OK;
    size_t room = c->customer_capacity ? c->customer_capacity : 1;
    int32_t *column = rti_alloc_array(&c->alloc, room, sizeof *column);
    if (column == NULL)
        return RT_ENOMEM;
    for (size_t i = 0; i < c->customer_count; i++)
        column[i] = RTI_NO_START;
    c->start_day = column;
    *created = 1;
    return RT_OK;
}

/* Keeps each customer's earliest day and the range of the days received. */
static void commit_starts(rt_cohort *c, const uint32_t *who, const int32_t *days, size_t n)
{
    int32_t lo = c->starts_received ? c->start_first_day : days[0];
    int32_t hi = c->starts_received ? c->start_last_day : days[0];
    for (size_t i = 0; i < n; i++) {
        if (days[i] < c->start_day[who[i]])
            c->start_day[who[i]] = days[i];
        lo = days[i] < lo ? days[i] : lo;
        hi = days[i] > hi ? days[i] : hi;
    }
    c->start_first_day = lo;
    c->start_last_day = hi;
    c->starts_received += n;
}

/* Scratch for the staged records: on the stack for small batches (a
 * single add allocates nothing of its own), else from the cohort's allocator. */
enum { STACK_RECORDS = 64 };

/* The bulk add in the name of fn, the public function the caller called:
 * scratch for the staged days and customers, then the three steps of
 * cohort_state.h (stage days, stage customers, commit). */
static rt_status add_starts(const char *fn, rt_cohort *cohort, const uint64_t *customer_ids,
                            const int64_t *unix_times, size_t count, size_t *bad_index)
{
    if (cohort == NULL)
        return rti_fail(RT_EINVAL, "%s: cohort is NULL", fn);
    if (count == 0)
        return RT_OK;
    if (customer_ids == NULL || unix_times == NULL)
        return rti_fail(RT_EINVAL, "%s: customer_ids or unix_times is NULL", fn);
    int32_t days_here[STACK_RECORDS];
    uint32_t who_here[STACK_RECORDS];
    int on_heap = count > STACK_RECORDS;
    int32_t *days = on_heap ? rti_alloc_array(&cohort->alloc, count, sizeof *days) : days_here;
    uint32_t *who = on_heap ? rti_alloc_array(&cohort->alloc, count, sizeof *who) : who_here;
    int created = 0;
    rt_status st = days != NULL && who != NULL ? ensure_start_column(cohort, &created)
                                               : RT_ENOMEM;
    if (st != RT_OK)
        st = rti_fail(RT_ENOMEM, "%s: out of memory for %zu start events", fn, count);
    if (st == RT_OK)
        st = rti_cohort_stage_days(cohort, fn, unix_times, count, days, bad_index);
    if (st == RT_OK)
        st = rti_cohort_stage_customers(cohort, fn, customer_ids, count, who);
    if (st == RT_OK)
        commit_starts(cohort, who, days, count);
    else if (created) {  /* the cohort goes back to having no start column */
        rti_free(&cohort->alloc, cohort->start_day);
        cohort->start_day = NULL;
    }
    if (on_heap) {
        rti_free(&cohort->alloc, days);
        rti_free(&cohort->alloc, who);
    }
    return st;
}

rt_status rt_cohort_add_starts(rt_cohort *cohort, const uint64_t *customer_ids,
                               const int64_t *unix_times, size_t count, size_t *bad_index)
{
    return add_starts("rt_cohort_add_starts", cohort, customer_ids, unix_times, count,
                      bad_index);
}

rt_status rt_cohort_add_start(rt_cohort *cohort, uint64_t customer_id, int64_t unix_time)
{
    return add_starts("rt_cohort_add_start", cohort, &customer_id, &unix_time, 1, NULL);
}

uint64_t rt_cohort_start_count(const rt_cohort *cohort)
{
    return cohort == NULL ? 0 : cohort->starts_received;
}

rt_status rt_cohort_start_day(const rt_cohort *cohort, uint64_t customer_id, int32_t *day)
{
    static const char fn[] = "rt_cohort_start_day";
    if (cohort == NULL)
        return rti_fail(RT_EINVAL, "%s: cohort is NULL", fn);
    RTI_TRY(rti_check_out(day, fn, "day"));
    uint32_t index = rti_idmap_find(&cohort->id_map, customer_id);
    if (index == RTI_IDMAP_EMPTY)
        return rti_fail(RT_ENOTFOUND, "%s: customer %llu is not in the cohort", fn,
                        (unsigned long long)customer_id);
    if (cohort->start_day == NULL || cohort->start_day[index] == RTI_NO_START)
        return rti_fail(RT_ENOTFOUND, "%s: customer %llu has no start event", fn,
                        (unsigned long long)customer_id);
    *day = cohort->start_day[index];
    return RT_OK;
}
