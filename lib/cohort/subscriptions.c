/* Contractual signals: subscription intervals and late payments. */
#include "cohort/cohort_state.h"
#include "core/calendar.h"
#include "core/check.h"
#include "core/error.h"
#include "store/columns.h"

static rt_status reserve_subscriptions(rt_cohort *c, size_t extra)
{
    void **const columns[] = {(void **)&c->subscription_customer,
                              (void **)&c->subscription_start,
                              (void **)&c->subscription_end,
                              (void **)&c->subscription_mrr};
    const size_t sizes[] = {sizeof *c->subscription_customer, sizeof *c->subscription_start,
                            sizeof *c->subscription_end, sizeof *c->subscription_mrr};
    if (extra > SIZE_MAX / 2 - c->subscription_count)
        return RT_ENOMEM;
    return rti_columns_reserve(&c->alloc, columns, sizes, 4, &c->subscription_capacity,
                               c->subscription_count + extra);
}

/* The end days of the staged subscriptions; INT32_MAX for open ones. */
static rt_status stage_ends(const rt_cohort *c, const char *fn, const int64_t *starts,
                            const int64_t *ends, size_t n, int32_t *end_days,
                            size_t *bad_index)
{
    for (size_t i = 0; i < n; i++) {
        rt_status st = RT_OK;
        if (ends[i] == RT_SUBSCRIPTION_OPEN)
            end_days[i] = INT32_MAX;
        else if (ends[i] < starts[i])
            st = rti_fail(RT_EINVAL, "%s: record %zu: ends at %lld, before its start %lld",
                          fn, i, (long long)ends[i], (long long)starts[i]);
        else if (!rti_day_of_time(ends[i], c->utc_offset_seconds, &end_days[i]))
            st = rti_fail(RT_ERANGE, "%s: record %zu: end time %lld is more than 100 "
                          "years from 1970", fn, i, (long long)ends[i]);
        if (st != RT_OK) {
            if (bad_index != NULL)
                *bad_index = i;
            return st;
        }
    }
    return RT_OK;
}

/* The amounts of the staged subscriptions: the caller's MRR, or 0 (not
 * paying) for plain subscriptions (mrr_cents NULL). */
static rt_status stage_mrr(const char *fn, const int64_t *mrr_cents, size_t n,
                           int64_t *mrr, size_t *bad_index)
{
    for (size_t i = 0; i < n; i++) {
        int64_t amount = mrr_cents == NULL ? 0 : mrr_cents[i];
        if (amount < 0 || amount > RT_MRR_MAX_CENTS) {
            if (bad_index != NULL)
                *bad_index = i;
            return rti_fail(RT_EINVAL, "%s: record %zu: MRR %lld cents is not in 0 .. %lld",
                            fn, i, (long long)amount, (long long)RT_MRR_MAX_CENTS);
        }
        mrr[i] = amount;
    }
    return RT_OK;
}

/* Both bulk adds: all or nothing, plain subscriptions with mrr_cents NULL. */
static rt_status add_subscriptions(rt_cohort *cohort, const char *fn,
                                   const uint64_t *customer_ids, const int64_t *start_times,
                                   const int64_t *end_times, const int64_t *mrr_cents,
                                   size_t count, size_t *bad_index)
{
    if (cohort == NULL)
        return rti_fail(RT_EINVAL, "%s: cohort is NULL", fn);
    if (count == 0)
        return RT_OK;
    if (customer_ids == NULL || start_times == NULL || end_times == NULL)
        return rti_fail(RT_EINVAL, "%s: customer_ids, start_times or end_times is NULL", fn);
    if (reserve_subscriptions(cohort, count) != RT_OK)
        return rti_fail(RT_ENOMEM, "%s: out of memory for %zu subscriptions", fn, count);
    size_t at = cohort->subscription_count;
    RTI_TRY(rti_cohort_stage_days(cohort, fn, start_times, count,
                                  cohort->subscription_start + at, bad_index));
    RTI_TRY(stage_ends(cohort, fn, start_times, end_times, count,
                       cohort->subscription_end + at, bad_index));
    RTI_TRY(stage_mrr(fn, mrr_cents, count, cohort->subscription_mrr + at, bad_index));
    RTI_TRY(rti_cohort_stage_customers(cohort, fn, customer_ids, count,
                                       cohort->subscription_customer + at));
    cohort->subscription_count += count;
    return RT_OK;
}

rt_status rt_cohort_add_subscriptions(rt_cohort *cohort, const uint64_t *customer_ids,
                                      const int64_t *start_times, const int64_t *end_times,
                                      size_t count, size_t *bad_index)
{
    return add_subscriptions(cohort, "rt_cohort_add_subscriptions", customer_ids,
                             start_times, end_times, NULL, count, bad_index);
}

rt_status rt_cohort_add_revenue_subscriptions(rt_cohort *cohort,
                                              const uint64_t *customer_ids,
                                              const int64_t *start_times,
                                              const int64_t *end_times,
                                              const int64_t *mrr_cents, size_t count,
                                              size_t *bad_index)
{
    static const char fn[] = "rt_cohort_add_revenue_subscriptions";
    if (mrr_cents == NULL && count > 0 && cohort != NULL)
        return rti_fail(RT_EINVAL, "%s: mrr_cents is NULL", fn);
    return add_subscriptions(cohort, fn, customer_ids, start_times, end_times, mrr_cents,
                             count, bad_index);
}

rt_status rt_cohort_add_revenue_subscription(rt_cohort *cohort, uint64_t customer_id,
                                             int64_t start_time, int64_t end_time,
                                             int64_t mrr_cents)
{
    static const char fn[] = "rt_cohort_add_revenue_subscription";
    if (cohort == NULL)
        return rti_fail(RT_EINVAL, "%s: cohort is NULL", fn);
    return add_subscriptions(cohort, fn, &customer_id, &start_time, &end_time, &mrr_cents,
                             1, NULL);
}

rt_status rt_cohort_add_subscription(rt_cohort *cohort, uint64_t customer_id,
                                     int64_t start_time, int64_t end_time)
{
    return add_subscriptions(cohort, "rt_cohort_add_subscription", &customer_id, &start_time,
                             &end_time, NULL, 1, NULL);
}

uint64_t rt_cohort_subscription_count(const rt_cohort *cohort)
{
    return cohort == NULL ? 0 : cohort->subscription_count;
}

rt_status rt_cohort_add_late_payment(rt_cohort *cohort, uint64_t customer_id,
                                     int64_t unix_time)
{
    static const char fn[] = "rt_cohort_add_late_payment";
    if (cohort == NULL)
        return rti_fail(RT_EINVAL, "%s: cohort is NULL", fn);
    void **const columns[] = {(void **)&cohort->late_customer, (void **)&cohort->late_day};
    const size_t sizes[] = {sizeof *cohort->late_customer, sizeof *cohort->late_day};
    if (rti_columns_reserve(&cohort->alloc, columns, sizes, 2, &cohort->late_capacity,
                            cohort->late_count + 1) != RT_OK)
        return rti_fail(RT_ENOMEM, "%s: out of memory", fn);
    size_t at = cohort->late_count;
    RTI_TRY(rti_cohort_stage_days(cohort, fn, &unix_time, 1, cohort->late_day + at, NULL));
    RTI_TRY(rti_cohort_stage_customers(cohort, fn, &customer_id, 1,
                                       cohort->late_customer + at));
    cohort->late_count++;
    return RT_OK;
}

uint64_t rt_cohort_late_payment_count(const rt_cohort *cohort)
{
    return cohort == NULL ? 0 : cohort->late_count;
}
