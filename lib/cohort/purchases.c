/* Purchases: money for the lifetime-value models, and activity too. */
#include <math.h>
#include <string.h>

#include "cohort/cohort_state.h"
#include "core/check.h"
#include "core/error.h"
#include "store/columns.h"

static rt_status reserve_purchases(rt_cohort *c, size_t extra)
{
    void **const columns[] = {(void **)&c->purchase_customer, (void **)&c->purchase_day,
                              (void **)&c->purchase_amount};
    const size_t sizes[] = {sizeof *c->purchase_customer, sizeof *c->purchase_day,
                            sizeof *c->purchase_amount};
    if (extra > SIZE_MAX / 2 - c->purchase_count)
        return RT_ENOMEM;
    return rti_columns_reserve(&c->alloc, columns, sizes, 3, &c->purchase_capacity,
                               c->purchase_count + extra);
}

static rt_status check_amounts(const char *fn, const double *amounts, size_t n,
                               size_t *bad_index)
{
    for (size_t i = 0; i < n; i++) {
        if (!(amounts[i] >= 0.0 && isfinite(amounts[i]))) {
            if (bad_index != NULL)
                *bad_index = i;
            return rti_fail(RT_EINVAL, "%s: record %zu: amount %g must be finite and >= 0",
                            fn, i, amounts[i]);
        }
    }
    return RT_OK;
}

/* The bulk add in the name of fn, the public function the caller called. */
static rt_status add_purchases(const char *fn, rt_cohort *cohort, const uint64_t *customer_ids,
                               const int64_t *unix_times, const double *amounts, size_t count,
                               size_t *bad_index)
{
    if (cohort == NULL)
        return rti_fail(RT_EINVAL, "%s: cohort is NULL", fn);
    if (count == 0)
        return RT_OK;
    if (customer_ids == NULL || unix_times == NULL || amounts == NULL)
        return rti_fail(RT_EINVAL, "%s: customer_ids, unix_times or amounts is NULL", fn);
    RTI_TRY(check_amounts(fn, amounts, count, bad_index));
    if (rti_cohort_reserve_events(cohort, count) != RT_OK ||
        reserve_purchases(cohort, count) != RT_OK)
        return rti_fail(RT_ENOMEM, "%s: out of memory for %zu purchases", fn, count);
    /* Days staged in the purchase tail, copied to the event tail, where the
     * commit adds the new customers; then every id is known. */
    uint32_t *who = cohort->purchase_customer + cohort->purchase_count;
    int32_t *day = cohort->purchase_day + cohort->purchase_count;
    RTI_TRY(rti_cohort_stage_days(cohort, fn, unix_times, count, day, bad_index));
    memcpy(cohort->event_day + cohort->event_count, day, count * sizeof *day);
    RTI_TRY(rti_cohort_commit_events(cohort, fn, customer_ids, count));
    double *amount = cohort->purchase_amount + cohort->purchase_count;
    for (size_t i = 0; i < count; i++) {
        amount[i] = amounts[i];
        who[i] = rti_idmap_find(&cohort->id_map, customer_ids[i]);
    }
    cohort->purchase_count += count;
    return RT_OK;
}

rt_status rt_cohort_add_purchases(rt_cohort *cohort, const uint64_t *customer_ids,
                                  const int64_t *unix_times, const double *amounts,
                                  size_t count, size_t *bad_index)
{
    return add_purchases("rt_cohort_add_purchases", cohort, customer_ids, unix_times, amounts,
                         count, bad_index);
}

rt_status rt_cohort_add_purchase(rt_cohort *cohort, uint64_t customer_id, int64_t unix_time,
                                 double amount)
{
    return add_purchases("rt_cohort_add_purchase", cohort, &customer_id, &unix_time, &amount, 1,
                         NULL);
}

uint64_t rt_cohort_purchase_count(const rt_cohort *cohort)
{
    return cohort == NULL ? 0 : cohort->purchase_count;
}
