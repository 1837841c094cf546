/* The inside of rt_revenue: per-month sums and the cohort table. */
#ifndef RTI_REVENUE_STATE_H
#define RTI_REVENUE_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "core/memory.h"
#include "revenue/mrr_changes.h"
#include "retention/revenue.h"

/* Lags of the retention windows: the month before, twelve months before. */
enum { RTI_LAG_MONTH = 0, RTI_LAG_YEAR = 1, RTI_LAG_COUNT = 2 };

/* One month's sums, in cents. For each lag, base is the MRR of the customers
 * paying at the close lag months earlier (S), kept their MRR at this close,
 * kept_gross the sum of min(now, then) over S. */
typedef struct rti_month_sums {
    int64_t new_mrr, expansion, contraction, churned, reactivation, closing;
    uint64_t customers_closing;
    int64_t base[RTI_LAG_COUNT], kept[RTI_LAG_COUNT], kept_gross[RTI_LAG_COUNT];
} rti_month_sums;

struct rt_revenue {
    rti_allocator alloc;
    int32_t first_month;     /* month index (rti_month_of_day) of month 0 */
    int32_t as_of_day;
    size_t month_count;
    rti_month_sums *months;
    uint64_t *cohort_customers;
    int64_t *cohort_start;   /* new-business MRR per cohort */
    int64_t *cohort_mrr;     /* triangle: cohort c, offset k at c * M - c (c - 1) / 2 + k */
};

/* Position of cell (cohort, offset) in the triangle of an M-month result. */
static inline size_t rti_cohort_cell(size_t months, size_t cohort, size_t offset)
{
    return cohort * months - cohort * (cohort - 1) / 2 + offset;
}

/* Fills r's sums from changes (sorted, count > 0), r's arrays allocated and
 * zeroed; snapshot and close are scratch room for r->month_count values. */
void rti_revenue_accumulate(rt_revenue *r, const rti_mrr_change *changes, size_t count,
                            int64_t *snapshot, int32_t *close);

#endif /* RTI_REVENUE_STATE_H */
