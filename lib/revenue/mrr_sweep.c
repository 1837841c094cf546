/* One pass over each customer's MRR changes: the day's movement by kind, then
 * the customer's MRR at each month's close for the closing sums, the
 * retention windows and the cohort table. */
#include "core/calendar.h"
#include "revenue/revenue_state.h"

/* Month index (relative to month 0) of a day. */
static size_t month_of(const rt_revenue *r, int32_t day)
{
    return (size_t)(rti_month_of_day(day) - r->first_month);
}

/* Books one change of a customer's MRR, before -> after, on a day of month m;
 * *paid_before says whether the customer paid on an earlier day. */
static void book_movement(rti_month_sums *s, int64_t before, int64_t after, int paid_before)
{
    if (before == 0 && after > 0) {
        if (paid_before)
            s->reactivation += after;
        else
            s->new_mrr += after;
    } else if (after == 0 && before > 0) {
        s->churned += before;
    } else if (after > before) {
        s->expansion += after - before;
    } else {
        s->contraction += before - after;
    }
}

/* Sums of the customer's MRR at each close from month `from` on. */
static void book_snapshots(rt_revenue *r, const int64_t *snapshot, size_t from, size_t cohort)
{
    static const size_t lags[RTI_LAG_COUNT] = {1, 12};
    for (size_t m = from; m < r->month_count; m++) {
        rti_month_sums *s = &r->months[m];
        s->closing += snapshot[m];
        s->customers_closing += snapshot[m] > 0;
        r->cohort_mrr[rti_cohort_cell(r->month_count, cohort, m - cohort)] += snapshot[m];
        for (int l = 0; l < RTI_LAG_COUNT; l++) {
            if (m < from + lags[l] || snapshot[m - lags[l]] == 0)
                continue;
            int64_t then = snapshot[m - lags[l]], now = snapshot[m];
            s->base[l] += then;
            s->kept[l] += now;
            s->kept_gross[l] += now < then ? now : then;
        }
    }
}

/* One customer's changes [0, count): all on or after its first paid day. */
static void sweep_customer(rt_revenue *r, const rti_mrr_change *c, size_t count,
                           const int32_t *close, int64_t *snapshot)
{
    size_t first = month_of(r, c[0].day), m = first;
    int64_t mrr = 0;
    int paid_before = 0;
    for (size_t i = 0; i < count;) {
        int32_t day = c[i].day;
        int64_t after = mrr;
        for (; i < count && c[i].day == day; i++)
            after += c[i].delta;
        for (; close[m] < day; m++)
            snapshot[m] = mrr;
        if (after != mrr) {
            book_movement(&r->months[m], mrr, after, paid_before);
            if (mrr == 0 && !paid_before) {  /* the customer's first paid day */
                r->cohort_customers[first]++;
                r->cohort_start[first] += after;
            }
            paid_before = 1;
            mrr = after;
        }
    }
    for (; m < r->month_count; m++)
        snapshot[m] = mrr;
    book_snapshots(r, snapshot, first, first);
}

void rti_revenue_accumulate(rt_revenue *r, const rti_mrr_change *changes, size_t count,
                            int64_t *snapshot, int32_t *close)
{
    for (size_t m = 0; m < r->month_count; m++) {
        int32_t last = rti_month_start(r->first_month + (int32_t)m + 1) - 1;
        close[m] = last < r->as_of_day ? last : r->as_of_day;
    }
    for (size_t i = 0; i < count;) {
        size_t j = i;
        while (j < count && changes[j].customer == changes[i].customer)
            j++;
        sweep_customer(r, changes + i, j - i, close, snapshot);
        i = j;
    }
}
