/* rt_revenue: the paid intervals of a cohort as per-customer MRR changes,
 * summed by month (mrr_sweep.c), and the getters. */
#include <math.h>
#include <string.h>

#include "cohort/cohort_view.h"
#include "core/calendar.h"
#include "core/check.h"
#include "core/error.h"
#include "core/sized_struct.h"
#include "revenue/mrr_changes.h"
#include "revenue/revenue_state.h"

rt_status rt_revenue_options_init(rt_revenue_options *options, size_t size)
{
    return rti_sized_struct_init(options, size, NULL, sizeof *options, "rt_revenue_options_init");
}

rt_status rt_mrr_month_init(rt_mrr_month *month, size_t size)
{
    return rti_sized_struct_init(month, size, NULL, sizeof *month, "rt_mrr_month_init");
}

static rt_status resolve_as_of(const rti_subscription_view *s, const rt_revenue_options *o,
                               int32_t *as_of)
{
    static const char fn[] = "rt_cohort_revenue";
    if (o->use_as_of_day > 1)
        return rti_fail(RT_EINVAL, "%s: use_as_of_day is %u, not 0 or 1", fn,
                        (unsigned)o->use_as_of_day);
    if (!o->use_as_of_day) {
        *as_of = rti_mrr_latest_day(s);
        return RT_OK;
    }
    if (o->as_of_day < -RTI_MAX_ABS_DAY || o->as_of_day > RTI_MAX_ABS_DAY)
        return rti_fail(RT_ERANGE, "%s: as_of_day %d is more than 100 years from 1970", fn,
                        (int)o->as_of_day);
    *as_of = o->as_of_day;
    return RT_OK;
}

void rt_revenue_free(rt_revenue *revenue)
{
    if (revenue == NULL)
        return;
    rti_allocator alloc = revenue->alloc;
    rti_free(&alloc, revenue->months);
    rti_free(&alloc, revenue->cohort_customers);
    rti_free(&alloc, revenue->cohort_start);
    rti_free(&alloc, revenue->cohort_mrr);
    rti_free(&alloc, revenue);
}

/* Zeroed per-month arrays of r for its month_count months. */
static rt_status allocate_months(rt_revenue *r)
{
    size_t m = r->month_count;
    r->months = rti_alloc_array(&r->alloc, m, sizeof *r->months);
    r->cohort_customers = rti_alloc_array(&r->alloc, m, sizeof *r->cohort_customers);
    r->cohort_start = rti_alloc_array(&r->alloc, m, sizeof *r->cohort_start);
    r->cohort_mrr = rti_alloc_array(&r->alloc, m * (m + 1) / 2, sizeof *r->cohort_mrr);
    if (r->months == NULL || r->cohort_customers == NULL || r->cohort_start == NULL ||
        r->cohort_mrr == NULL)
        return RT_ENOMEM;
    memset(r->months, 0, m * sizeof *r->months);
    memset(r->cohort_customers, 0, m * sizeof *r->cohort_customers);
    memset(r->cohort_start, 0, m * sizeof *r->cohort_start);
    memset(r->cohort_mrr, 0, m * (m + 1) / 2 * sizeof *r->cohort_mrr);
    return RT_OK;
}

/* The months and sums of r from the cohort's n paid changes (n > 0). */
static rt_status fill(rt_revenue *r, const rti_subscription_view *s, size_t n,
                      int32_t first_day)
{
    rti_mrr_change *changes = rti_alloc_array(&r->alloc, n, sizeof *changes);
    int64_t *snapshot = rti_alloc_array(&r->alloc, r->month_count, sizeof *snapshot);
    int32_t *close = rti_alloc_array(&r->alloc, r->month_count, sizeof *close);
    rt_status st = RT_ENOMEM;
    if (changes != NULL && snapshot != NULL && close != NULL && allocate_months(r) == RT_OK &&
        rti_mrr_changes_sorted(s, r->as_of_day, first_day, &r->alloc, changes, n) == RT_OK) {
        rti_revenue_accumulate(r, changes, n, snapshot, close);
        st = RT_OK;
    }
    rti_free(&r->alloc, changes);
    rti_free(&r->alloc, snapshot);
    rti_free(&r->alloc, close);
    return st;
}

rt_status rt_cohort_revenue(const rt_cohort *cohort, const rt_revenue_options *options,
                            rt_revenue **revenue)
{
    static const char fn[] = "rt_cohort_revenue";
    RTI_TRY(rti_check_out(revenue, fn, "revenue"));
    if (cohort == NULL)
        return rti_fail(RT_EINVAL, "%s: cohort is NULL", fn);
    rt_revenue_options o;
    rt_revenue_options_init(&o, sizeof o);
    if (options != NULL)
        RTI_TRY(rti_sized_struct_read(&o, sizeof o, options, options->size,
                                      "rt_revenue_options"));
    rti_cohort_view view;
    rti_cohort_view_of(cohort, &view);
    rti_subscription_view s = {
        .customer = view.subscription_customer,
        .start = view.subscription_start,
        .end = view.subscription_end,
        .mrr = view.subscription_mrr,
        .count = view.subscription_count,
        .customer_count = view.customer_count,
    };
    int32_t as_of = 0, first_day = 0;
    size_t n = 0;
    RTI_TRY(resolve_as_of(&s, &o, &as_of));
    RTI_TRY(rti_mrr_changes_count(&s, as_of, &n, &first_day));
    const rti_allocator *alloc = &view.alloc;
    rt_revenue *r = rti_alloc_array(alloc, 1, sizeof *r);
    if (r == NULL)
        return rti_fail(RT_ENOMEM, "%s: out of memory", fn);
    *r = (rt_revenue){.alloc = *alloc, .as_of_day = as_of};
    if (n > 0) {
        r->first_month = rti_month_of_day(first_day);
        r->month_count = (size_t)(rti_month_of_day(as_of) - r->first_month) + 1;
        if (fill(r, &s, n, first_day) != RT_OK) {
            rt_revenue_free(r);
            return rti_fail(RT_ENOMEM, "%s: out of memory", fn);
        }
    }
    *revenue = r;
    return RT_OK;
}

size_t rt_revenue_month_count(const rt_revenue *revenue)
{
    return revenue == NULL ? 0 : revenue->month_count;
}

/* numerator / denominator, NaN when the denominator is 0. */
static double rate(int64_t numerator, int64_t denominator)
{
    return denominator == 0 ? (double)NAN : (double)numerator / (double)denominator;
}

static void describe_month(const rt_revenue *r, size_t m, rt_mrr_month *out)
{
    const rti_month_sums *s = &r->months[m];
    int32_t last = rti_month_start(r->first_month + (int32_t)m + 1) - 1;
    *out = (rt_mrr_month){
        .size = sizeof *out,
        .first_day = rti_month_start(r->first_month + (int32_t)m),
        .last_day = last < r->as_of_day ? last : r->as_of_day,
        .customers_opening = m > 0 ? r->months[m - 1].customers_closing : 0,
        .customers_closing = s->customers_closing,
        .opening = m > 0 ? r->months[m - 1].closing : 0,
        .new_mrr = s->new_mrr,
        .expansion = s->expansion,
        .contraction = s->contraction,
        .churned = s->churned,
        .reactivation = s->reactivation,
        .closing = s->closing,
        .nrr = rate(s->kept[RTI_LAG_MONTH], s->base[RTI_LAG_MONTH]),
        .grr = rate(s->kept_gross[RTI_LAG_MONTH], s->base[RTI_LAG_MONTH]),
        .nrr_12 = rate(s->kept[RTI_LAG_YEAR], s->base[RTI_LAG_YEAR]),
        .grr_12 = rate(s->kept_gross[RTI_LAG_YEAR], s->base[RTI_LAG_YEAR]),
        .quick_ratio = rate(s->new_mrr + s->expansion + s->reactivation,
                            s->contraction + s->churned),
        .arpa = s->customers_closing == 0
                    ? (double)NAN : (double)s->closing / (double)s->customers_closing,
    };
}

rt_status rt_revenue_month(const rt_revenue *revenue, size_t index, rt_mrr_month *month)
{
    static const char fn[] = "rt_revenue_month";
    if (revenue == NULL || month == NULL)
        return rti_fail(RT_EINVAL, "%s: revenue or month is NULL", fn);
    if (month->size < sizeof *month)  /* 1.0 is the first version of the struct */
        return rti_fail(RT_EINVAL, "%s: month size %zu is smaller than any version of the "
                        "struct; initialise it with rt_mrr_month_init", fn, month->size);
    if (index >= revenue->month_count)
        return rti_fail(RT_ERANGE, "%s: month %zu is not below the %zu months", fn, index,
                        revenue->month_count);
    rt_mrr_month value;
    describe_month(revenue, index, &value);
    value.size = month->size;  /* a newer caller's larger struct keeps its tail */
    memcpy(month, &value, sizeof value);
    return RT_OK;
}

rt_status rt_revenue_cohort_size(const rt_revenue *revenue, size_t cohort,
                                 uint64_t *customers, int64_t *start_mrr)
{
    static const char fn[] = "rt_revenue_cohort_size";
    if (revenue == NULL || customers == NULL || start_mrr == NULL)
        return rti_fail(RT_EINVAL, "%s: revenue or an output is NULL", fn);
    if (cohort >= revenue->month_count)
        return rti_fail(RT_ERANGE, "%s: cohort %zu is not below the %zu months", fn, cohort,
                        revenue->month_count);
    *customers = revenue->cohort_customers[cohort];
    *start_mrr = revenue->cohort_start[cohort];
    return RT_OK;
}

rt_status rt_revenue_cohort_share(const rt_revenue *revenue, size_t cohort, size_t offset,
                                  double *share, uint32_t *observed)
{
    static const char fn[] = "rt_revenue_cohort_share";
    if (revenue == NULL || share == NULL || observed == NULL)
        return rti_fail(RT_EINVAL, "%s: revenue or an output is NULL", fn);
    size_t m = revenue->month_count;
    if (cohort >= m || offset >= m - cohort)
        return rti_fail(RT_ERANGE, "%s: month %zu + %zu is not below the %zu months", fn,
                        cohort, offset, m);
    if (revenue->cohort_start[cohort] == 0)
        return rti_fail(RT_EUNDEFINED, "%s: cohort %zu has no customer", fn, cohort);
    int32_t month = revenue->first_month + (int32_t)(cohort + offset);
    *observed = rti_month_start(month + 1) - 1 <= revenue->as_of_day;
    if (*observed)
        *share = (double)revenue->cohort_mrr[rti_cohort_cell(m, cohort, offset)] /
                 (double)revenue->cohort_start[cohort];
    return RT_OK;
}
