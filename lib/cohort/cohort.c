/* rt_cohort: options, lifetime and counts. */
#include <stdatomic.h>
#include <string.h>

#include "cohort/cohort_state.h"
#include "core/calendar.h"
#include "core/check.h"
#include "core/error.h"
#include "core/parallel.h"
#include "core/sized_struct.h"

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
