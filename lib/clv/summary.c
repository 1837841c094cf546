/* RFM summaries of a cohort's purchases: each customer's transactions (one
 * per purchase day), split at the calibration end. */
#include <math.h>
#include <string.h>

#include "cohort/cohort_view.h"
#include "core/calendar.h"
#include "core/check.h"
#include "core/error.h"
#include "core/sized_struct.h"
#include "retention/summary.h"

/* The purchases grouped by customer: customer i's are at offsets[i] up to
 * offsets[i + 1] of days, each group by day, and of amounts (parallel to
 * days; NULL when no mean spend is asked for, as x, t_x and T need the
 * days only). */
typedef struct purchase_groups {
    size_t *offsets;
    int32_t *days;
    double *amounts;
} purchase_groups;

/* One customer's summary, in days and money before scaling. */
typedef struct customer_summary {
    uint64_t x, holdout;
    int32_t first, last;
    double mean_spend;         /* +inf if the mean exceeds the largest double */
} customer_summary;

rt_status rt_rfm_summary_options_init(rt_rfm_summary_options *options, size_t size)
{
    static const rt_rfm_summary_options defaults = {.unit_days = 7.0};
    return rti_sized_struct_init(options, size, &defaults, sizeof defaults,
                                 "rt_rfm_summary_options_init");
}

static rt_status read_options(const char *fn, const rt_rfm_summary_options *in,
                              rt_rfm_summary_options *o)
{
    if (in == NULL)
        return rti_fail(RT_EINVAL, "%s: options is NULL", fn);
    rt_rfm_summary_options_init(o, sizeof *o);
    RTI_TRY(rti_sized_struct_read(o, sizeof *o, in, in->size, "rt_rfm_summary_options"));
    if (o->reserved != 0)
        return rti_fail(RT_EINVAL, "%s: rt_rfm_summary_options.reserved must be 0", fn);
    if (!(o->unit_days > 0.0 && isfinite(o->unit_days)))
        return rti_fail(RT_EINVAL, "%s: unit_days %g must be finite and > 0", fn, o->unit_days);
    if (o->calibration_end_day < -RTI_MAX_ABS_DAY || o->calibration_end_day > RTI_MAX_ABS_DAY ||
        (o->use_holdout && o->holdout_end_day > RTI_MAX_ABS_DAY))
        return rti_fail(RT_ERANGE, "%s: a day is more than 100 years from 1970", fn);
    if (o->use_holdout && o->holdout_end_day < o->calibration_end_day)
        return rti_fail(RT_EINVAL, "%s: the holdout ends (day %d) before the calibration "
                        "(day %d)", fn, (int)o->holdout_end_day, (int)o->calibration_end_day);
    return RT_OK;
}

/* Swaps purchases i and j of a group (amounts may be NULL). */
static void swap_purchases(int32_t *days, double *amounts, size_t i, size_t j)
{
    int32_t d = days[i];
    days[i] = days[j];
    days[j] = d;
    if (amounts != NULL) {
        double m = amounts[i];
        amounts[i] = amounts[j];
        amounts[j] = m;
    }
}

static void sift_down(int32_t *days, double *amounts, size_t root, size_t n)
{
    for (size_t child; (child = 2 * root + 1) < n; root = child) {
        if (child + 1 < n && days[child + 1] > days[child])
            child++;
        if (days[root] >= days[child])
            return;
        swap_purchases(days, amounts, root, child);
    }
}

/* By day, in place and without libc's qsort (which may malloc behind the
 * hooks): a heapsort, O(n log n) whatever the order. */
static void sort_by_day(int32_t *days, double *amounts, size_t n)
{
    for (size_t i = n / 2; i-- > 0;)
        sift_down(days, amounts, i, n);
    for (size_t end = n; end-- > 1;) {
        swap_purchases(days, amounts, 0, end);
        sift_down(days, amounts, 0, end);
    }
}

/* Whether a group needs no sorting: its days ascending, strictly when
 * amounts ride along. The heapsort leaves days in strictly ascending order
 * as they are (a sorted order of distinct keys is unique), but reorders
 * purchases of one day, and with them the order the mean spend adds their
 * amounts in; without amounts, any order of one day's purchases gives the
 * same x, t_x and T. Purchases mostly arrive in time order: most groups
 * are sorted already. */
static int in_day_order(const int32_t *days, size_t n, int strictly)
{
    for (size_t i = 1; i < n; i++)
        if (days[i] < days[i - 1] || (strictly && days[i] == days[i - 1]))
            return 0;
    return 1;
}

/* The repeat purchases' amounts (after the first day, up to the calibration
 * end), each divided by scale. */
static double repeat_spend(const int32_t *days, const double *amounts, size_t n,
                           const rt_rfm_summary_options *o, double scale)
{
    double sum = 0.0;
    for (size_t i = 1; i < n; i++)
        if (days[i] != days[0] && days[i] <= o->calibration_end_day)
            sum += amounts[i] / scale;
    return sum;
}

/* The mean spend of x repeat transactions. Legal amounts (finite, up to
 * DBL_MAX) may sum to more than DBL_MAX: then each is divided by x before
 * adding, which overflows only if the mean itself does (it stays +inf). */
static double mean_repeat_spend(const int32_t *days, const double *amounts, size_t n,
                                const rt_rfm_summary_options *o, uint64_t x)
{
    if (x == 0 || amounts == NULL)
        return 0.0;
    double sum = repeat_spend(days, amounts, n, o, 1.0);
    return isfinite(sum) ? sum / (double)x : repeat_spend(days, amounts, n, o, (double)x);
}

static customer_summary summarise(const int32_t *days, const double *amounts, size_t n,
                                  const rt_rfm_summary_options *o)
{
    customer_summary s = {.first = days[0], .last = days[0]};
    for (size_t i = 1; i < n; i++) {
        if (days[i] == days[i - 1])
            continue;  /* same day: the same transaction */
        if (days[i] <= o->calibration_end_day) {
            s.x++;
            s.last = days[i];
        } else if (o->use_holdout && days[i] <= o->holdout_end_day) {
            s.holdout++;
        }
    }
    s.mean_spend = mean_repeat_spend(days, amounts, n, o, s.x);
    return s;
}

/* Purchases grouped by customer (a counting sort, which keeps each
 * customer's in the order they were added), each group by day; g->amounts
 * is filled only when not NULL. */
static void group_purchases(const rti_cohort_view *c, const purchase_groups *g)
{
    size_t *offsets = g->offsets;
    memset(offsets, 0, (c->customer_count + 1) * sizeof *offsets);
    for (size_t k = 0; k < c->purchase_count; k++)
        offsets[c->purchase_customer[k] + 1]++;
    for (size_t i = 0; i < c->customer_count; i++)
        offsets[i + 1] += offsets[i];
    for (size_t k = 0; k < c->purchase_count; k++) {
        size_t at = offsets[c->purchase_customer[k]]++;
        g->days[at] = c->purchase_day[k];
        if (g->amounts != NULL)
            g->amounts[at] = c->purchase_amount[k];
    }
    /* offsets[i] now ends customer i: shift back to starts */
    memmove(offsets + 1, offsets, c->customer_count * sizeof *offsets);
    offsets[0] = 0;
    for (size_t i = 0; i < c->customer_count; i++) {
        size_t at = offsets[i], n = offsets[i + 1] - at;
        double *amounts = g->amounts != NULL ? g->amounts + at : NULL;
        if (!in_day_order(g->days + at, n, amounts != NULL))
            sort_by_day(g->days + at, amounts, n);
    }
}

typedef struct summary_out {
    uint64_t *ids, *x, *holdout;
    double *t_x, *T, *mean_spend;
    size_t capacity;
} summary_out;

static void write_customer(const summary_out *out, size_t at, uint64_t id,
                           const customer_summary *s, const rt_rfm_summary_options *o)
{
    if (at >= out->capacity)
        return;
    if (out->ids)
        out->ids[at] = id;
    if (out->x)
        out->x[at] = s->x;
    if (out->t_x)
        out->t_x[at] = (double)(s->last - s->first) / o->unit_days;
    if (out->T)
        out->T[at] = (double)(o->calibration_end_day - s->first) / o->unit_days;
    if (out->mean_spend)
        out->mean_spend[at] = s->mean_spend;
    if (out->holdout)
        out->holdout[at] = s->holdout;
}

/* Customer i's summary into *s, or 0 if the customer is left out. */
static int summarised(const rt_rfm_summary_options *o, const purchase_groups *g, size_t i,
                      customer_summary *s)
{
    size_t k = g->offsets[i], end = g->offsets[i + 1];
    if (k == end || g->days[k] > o->calibration_end_day)
        return 0;  /* no purchase by the calibration end */
    if (o->skip_zero_age && g->days[k] == o->calibration_end_day)
        return 0;  /* first seen on the end day: T = 0 */
    *s = summarise(g->days + k, g->amounts != NULL ? g->amounts + k : NULL, end - k, o);
    return 1;
}

/* Every mean spend a double, before any output is written. */
static rt_status check_spends(const char *fn, const rti_cohort_view *c,
                              const rt_rfm_summary_options *o, const purchase_groups *g)
{
    for (size_t i = 0; i < c->customer_count; i++) {
        customer_summary s;
        if (summarised(o, g, i, &s) && !isfinite(s.mean_spend))
            return rti_fail(RT_ERANGE, "%s: customer %llu: the mean repeat spend exceeds "
                            "the largest double", fn, (unsigned long long)c->ids[i]);
    }
    return RT_OK;
}

static rt_status summary_into(const char *fn, const rt_cohort *handle,
                              const rt_rfm_summary_options *options, const summary_out *out,
                              size_t *count)
{
    if (handle == NULL || count == NULL)
        return rti_fail(RT_EINVAL, "%s: cohort or count is NULL", fn);
    rt_rfm_summary_options o;
    RTI_TRY(read_options(fn, options, &o));
    rti_cohort_view view;
    rti_cohort_view_of(handle, &view);
    const rti_cohort_view *cohort = &view;
    const rti_allocator *a = &cohort->alloc;
    size_t purchases = cohort->purchase_count ? cohort->purchase_count : 1;
    purchase_groups g = {
        .offsets = rti_alloc_array(a, cohort->customer_count + 1, sizeof *g.offsets),
        .days = rti_alloc_array(a, purchases, sizeof *g.days),
        .amounts = out->mean_spend ? rti_alloc_array(a, purchases, sizeof *g.amounts) : NULL,
    };
    if (g.offsets == NULL || g.days == NULL || (out->mean_spend && g.amounts == NULL)) {
        rti_free(a, g.offsets);
        rti_free(a, g.days);
        rti_free(a, g.amounts);
        return rti_fail(RT_ENOMEM, "%s: out of memory", fn);
    }
    group_purchases(cohort, &g);
    rt_status st = out->mean_spend ? check_spends(fn, cohort, &o, &g) : RT_OK;
    size_t n = 0;
    for (size_t i = 0; st == RT_OK && i < cohort->customer_count; i++) {
        customer_summary s;
        if (summarised(&o, &g, i, &s))
            write_customer(out, n++, cohort->ids[i], &s, &o);
    }
    if (st == RT_OK)
        *count = n;
    rti_free(a, g.offsets);
    rti_free(a, g.days);
    rti_free(a, g.amounts);
    return st;
}

rt_status rt_cohort_rfm_customers(const rt_cohort *cohort, const rt_rfm_summary_options *options,
                                  uint64_t *ids, uint64_t *x, double *t_x, double *T,
                                  double *mean_spend, uint64_t *holdout, size_t capacity,
                                  size_t *count)
{
    summary_out out = {ids, x, holdout, t_x, T, mean_spend, capacity};
    return summary_into("rt_cohort_rfm_customers", cohort, options, &out, count);
}

rt_status rt_cohort_rfm(const rt_cohort *cohort, const rt_rfm_summary_options *options, rt_rfm *rfm)
{
    static const char fn[] = "rt_cohort_rfm";
    if (rfm == NULL)
        return rti_fail(RT_EINVAL, "%s: rfm is NULL", fn);
    if (cohort == NULL)
        return rti_fail(RT_EINVAL, "%s: cohort or count is NULL", fn);
    rt_rfm_summary_options o;
    RTI_TRY(read_options(fn, options, &o));
    /* Room for every customer, the most the summary can hold: one pass
     * writes it, instead of a first one to count. */
    rti_cohort_view view;
    rti_cohort_view_of(cohort, &view);
    const rti_allocator *a = &view.alloc;
    size_t room = view.customer_count ? view.customer_count : 1, n = 0;
    uint64_t *x = rti_alloc_array(a, room, sizeof *x);
    double *t_x = rti_alloc_array(a, room, sizeof *t_x);
    double *T = rti_alloc_array(a, room, sizeof *T);
    rt_status st = RT_ENOMEM;
    if (x && t_x && T) {
        summary_out out = {.x = x, .t_x = t_x, .T = T, .capacity = room};
        st = summary_into(fn, cohort, options, &out, &n);
        for (size_t i = 0; st == RT_OK && i < n; i++)
            if (T[i] == 0.0)
                st = rti_fail(RT_EUNDEFINED, "%s: a customer's first purchase is on the "
                              "calibration end day: T is 0", fn);
        if (st == RT_OK)
            st = rt_rfm_add_many(rfm, x, t_x, T, n, NULL);
    } else {
        rti_fail(RT_ENOMEM, "%s: out of memory", fn);
    }
    rti_free(a, x);
    rti_free(a, t_x);
    rti_free(a, T);
    return st;
}
