/* Churn over a window: each customer's membership at the window's two ends,
 * from activity (non-contractual) or subscriptions (contractual). */
#include <string.h>

#include "cohort/cohort_view.h"
#include "core/calendar.h"
#include "core/check.h"
#include "core/error.h"
#include "core/sized_struct.h"
#include "cohort/activity_days.h"
#include "retention/churn.h"
#include "store/day_search.h"

rt_status rt_churn_result_init(rt_churn_result *result, size_t size)
{
    return rti_sized_struct_init(result, size, NULL, sizeof *result, "rt_churn_result_init");
}

rt_status rt_churn_options_init(rt_churn_options *options, size_t size)
{
    /* every default is zero: every customer */
    return rti_sized_struct_init(options, size, NULL, sizeof *options, "rt_churn_options_init");
}

/* The segment to restrict to, in *only, or NULL there for every customer. */
static rt_status read_options(const char *fn, const rt_churn_options *in,
                              rt_churn_options *o, const uint32_t **only)
{
    rt_churn_options_init(o, sizeof *o);
    if (in != NULL)
        RTI_TRY(rti_sized_struct_read(o, sizeof *o, in, in->size, "rt_churn_options"));
    RTI_TRY(rti_check_flag(o->use_segment, fn, "use_segment"));
    *only = o->use_segment ? &o->segment : NULL;
    return RT_OK;
}

/* What the subscriptions and purchases say of one customer. */
enum {
    SUBSCRIBED_AT_START = 1, SUBSCRIBED_AT_END = 2, BOUGHT_BEFORE = 4, BOUGHT_IN = 8
};
typedef struct contract_facts {
    int32_t *first_start;  /* earliest subscription start, INT32_MAX if none */
    uint8_t *flags;
} contract_facts;

static rt_status facts_alloc(const rti_cohort_view *c, const rti_allocator *a, contract_facts *f)
{
    size_t n = c->customer_count ? c->customer_count : 1;
    f->first_start = rti_alloc_array(a, n, sizeof *f->first_start);
    f->flags = rti_alloc_array(a, n, sizeof *f->flags);
    return f->first_start && f->flags ? RT_OK : RT_ENOMEM;
}

static void gather_facts(const rti_cohort_view *c, int32_t start, int32_t end, contract_facts *f)
{
    if (c->customer_count > 0)
        memset(f->flags, 0, c->customer_count);
    for (size_t i = 0; i < c->customer_count; i++)
        f->first_start[i] = INT32_MAX;
    for (size_t k = 0; k < c->subscription_count; k++) {
        uint32_t who = c->subscription_customer[k];
        int32_t s = c->subscription_start[k], e = c->subscription_end[k];
        f->first_start[who] = s < f->first_start[who] ? s : f->first_start[who];
        f->flags[who] |= (uint8_t)((s <= start && start < e ? SUBSCRIBED_AT_START : 0) |
                                   (s <= end && end < e ? SUBSCRIBED_AT_END : 0));
    }
    for (size_t k = 0; k < c->purchase_count; k++) {
        int32_t d = c->purchase_day[k];
        f->flags[c->purchase_customer[k]] |=
            (uint8_t)(d < start ? BOUGHT_BEFORE : d <= end ? BOUGHT_IN : 0);
    }
}

/* Non-contractual membership: an active day in (day - inactivity, day]. */
static int recently_active(const int32_t *days, size_t n, int32_t day, uint32_t inactivity)
{
    size_t upto = rti_days_before(days, n, (int64_t)day + 1);
    return upto > 0 && (int64_t)days[upto - 1] > (int64_t)day - inactivity;
}

static int customer_at(const contract_facts *f, size_t who, const int32_t *days, size_t n,
                       int32_t day, uint8_t subscribed_flag, uint32_t inactivity)
{
    if (f->first_start[who] <= day)  /* contractual at this day */
        return (f->flags[who] & subscribed_flag) != 0;
    return recently_active(days, n, day, inactivity);
}

static void classify(rt_churn_result *r, int at_start, int at_end, int32_t first_day,
                     int32_t start, int32_t end)
{
    r->at_start += (uint64_t)at_start;
    r->at_end += (uint64_t)at_end;
    if (at_start) {
        r->retained += (uint64_t)at_end;
        r->lost += (uint64_t)!at_end;
    } else if (first_day > start && first_day <= end) {
        r->acquired += (uint64_t)at_end;
        r->joined_and_left += (uint64_t)!at_end;
    } else if (first_day <= start) {
        r->resurrected += (uint64_t)at_end;
    }
}

static void count_customers(const rti_cohort_view *c, const rti_activity_days *ad,
                            const contract_facts *f, const uint32_t *only_segment,
                            int32_t start, int32_t end, rt_churn_result *r)
{
    for (size_t who = 0; who < ad->customer_count; who++) {
        if (only_segment != NULL && c->segments[who] != *only_segment)
            continue;
        size_t n;
        const int32_t *days = rti_activity_days_of(ad, who, &n);
        int32_t first_active = n ? days[0] : INT32_MAX;
        int32_t first_day = first_active < f->first_start[who] ? first_active
                                                               : f->first_start[who];
        int at_start = customer_at(f, who, days, n, start, SUBSCRIBED_AT_START,
                                   c->inactivity_days);
        int at_end = customer_at(f, who, days, n, end, SUBSCRIBED_AT_END, c->inactivity_days);
        classify(r, at_start, at_end, first_day, start, end);
        if (f->flags[who] & BOUGHT_BEFORE) {
            r->repeat_base++;
            r->repeat_buyers += (f->flags[who] & BOUGHT_IN) != 0;
        }
    }
}

static void fill_rates(rt_churn_result *r)
{
    r->rates_defined = r->at_start > 0;
    if (r->rates_defined) {
        r->churn_rate = (double)r->lost / (double)r->at_start;
        r->retention_rate = (double)r->retained / (double)r->at_start;
    }
    r->repeat_defined = r->repeat_base > 0;
    if (r->repeat_defined)
        r->repeat_rate = (double)r->repeat_buyers / (double)r->repeat_base;
}

static rt_status check_result_size(const char *fn, const rt_churn_result *result)
{
    if (result->size < offsetof(rt_churn_result, repeat_defined) + sizeof(uint32_t))
        return rti_fail(RT_EINVAL, "%s: result size %zu is smaller than any version of "
                        "rt_churn_result; use rt_churn_result_init", fn, result->size);
    return RT_OK;
}

static rt_status check_window(const char *fn, int32_t start_day, int32_t end_day)
{
    if (end_day < start_day)
        return rti_fail(RT_EINVAL, "%s: end_day %d is before start_day %d", fn,
                        (int)end_day, (int)start_day);
    if (start_day < -RTI_MAX_ABS_DAY || end_day > RTI_MAX_ABS_DAY)
        return rti_fail(RT_ERANGE, "%s: [%d, %d] reaches beyond 100 years from 1970", fn,
                        (int)start_day, (int)end_day);
    return RT_OK;
}

/* Windows [starts[i], ends[i]] over one sort of the activity; the results
 * are copied to the caller's structs (their own sizes) only if all succeed. */
static rt_status churn_windows(const char *fn, const rti_cohort_view *cohort, const int32_t *starts,
                               const int32_t *ends, size_t n, const uint32_t *only,
                               rt_churn_result *results)
{
    const rti_allocator *a = &cohort->alloc;
    contract_facts facts = {0};
    rti_activity_days days = {0};
    rt_churn_result *tmp = rti_alloc_array(a, n, sizeof *tmp);
    rt_status st = tmp ? facts_alloc(cohort, a, &facts) : RT_ENOMEM;
    if (st == RT_OK)
        st = rti_cohort_activity_days(cohort, NULL, &days);
    for (size_t i = 0; st == RT_OK && i < n; i++) {
        rt_churn_result_init(&tmp[i], sizeof tmp[i]);
        gather_facts(cohort, starts[i], ends[i], &facts);
        count_customers(cohort, &days, &facts, only, starts[i], ends[i], &tmp[i]);
        fill_rates(&tmp[i]);
    }
    for (size_t i = 0; st == RT_OK && i < n; i++) {
        size_t caller_size = results[i].size;
        tmp[i].size = caller_size;
        memcpy(&results[i], &tmp[i], caller_size < sizeof tmp[i] ? caller_size : sizeof tmp[i]);
    }
    rti_free(a, facts.first_start);
    rti_free(a, facts.flags);
    rti_free(a, tmp);
    return st == RT_OK ? RT_OK : rti_fail(st, "%s: out of memory", fn);
}

rt_status rt_cohort_churn(const rt_cohort *cohort, int32_t start_day, int32_t end_day,
                          const rt_churn_options *options, rt_churn_result *result)
{
    static const char fn[] = "rt_cohort_churn";
    if (cohort == NULL)
        return rti_fail(RT_EINVAL, "%s: cohort is NULL", fn);
    RTI_TRY(rti_check_out(result, fn, "result"));
    RTI_TRY(check_result_size(fn, result));
    RTI_TRY(check_window(fn, start_day, end_day));
    rt_churn_options o;
    const uint32_t *only;
    RTI_TRY(read_options(fn, options, &o, &only));
    rti_cohort_view view;
    rti_cohort_view_of(cohort, &view);
    return churn_windows(fn, &view, &start_day, &end_day, 1, only, result);
}

rt_status rt_cohort_churn_monthly(const rt_cohort *cohort, int32_t first_day, uint32_t months,
                                  const rt_churn_options *options, rt_churn_result *results)
{
    static const char fn[] = "rt_cohort_churn_monthly";
    if (cohort == NULL || (results == NULL && months > 0))
        return rti_fail(RT_EINVAL, "%s: cohort or results is NULL", fn);
    if (months == 0)
        return RT_OK;
    if (months > 2402)  /* December 1869 .. January 2070 hold the range's days */
        return rti_fail(RT_ERANGE, "%s: %u months reach beyond 100 years", fn,
                        (unsigned)months);
    if (first_day < -RTI_MAX_ABS_DAY || first_day > RTI_MAX_ABS_DAY)
        return rti_fail(RT_ERANGE, "%s: first_day %d is more than 100 years from 1970", fn,
                        (int)first_day);
    int32_t month = rti_month_of_day(first_day);
    /* A month that holds a day of the range is allowed whole: a log that
     * spans the whole range still gets its first and last months. */
    if (rti_month_start(month + (int32_t)months - 1) > RTI_MAX_ABS_DAY)
        return rti_fail(RT_ERANGE, "%s: the last month starts more than 100 years from 1970",
                        fn);
    for (uint32_t i = 0; i < months; i++)
        RTI_TRY(check_result_size(fn, &results[i]));
    rt_churn_options o;
    const uint32_t *only;
    RTI_TRY(read_options(fn, options, &o, &only));
    rti_cohort_view view;
    rti_cohort_view_of(cohort, &view);
    int32_t *starts = rti_alloc_array(&view.alloc, 2 * (size_t)months, sizeof *starts);
    if (starts == NULL)
        return rti_fail(RT_ENOMEM, "%s: out of memory", fn);
    int32_t *ends = starts + months;
    for (uint32_t i = 0; i < months; i++) {
        starts[i] = rti_month_start(month + (int32_t)i);
        ends[i] = rti_month_start(month + (int32_t)i + 1) - 1;
    }
    rt_status st = churn_windows(fn, &view, starts, ends, months, only, results);
    rti_free(&view.alloc, starts);
    return st;
}
