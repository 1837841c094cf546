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

typedef struct transaction {
    int32_t day;
    double amount;
} transaction;

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

static void sift_down(transaction *v, size_t root, size_t n)
{
    for (size_t child; (child = 2 * root + 1) < n; root = child) {
        if (child + 1 < n && v[child + 1].day > v[child].day)
            child++;
        if (v[root].day >= v[child].day)
            return;
        transaction t = v[root];
        v[root] = v[child];
        v[child] = t;
    }
}

/* By day, in place and without libc's qsort (which may malloc behind the
 * hooks): a heapsort, O(n log n) whatever the order. */
static void sort_by_day(transaction *v, size_t n)
{
    for (size_t i = n / 2; i-- > 0;)
        sift_down(v, i, n);
    for (size_t end = n; end-- > 1;) {
        transaction t = v[0];
        v[0] = v[end];
        v[end] = t;
        sift_down(v, 0, end);
    }
}

/* The repeat purchases' amounts (after the first day, up to the calibration
 * end), each divided by scale. */
static double repeat_spend(const transaction *v, size_t n, const rt_rfm_summary_options *o,
                           double scale)
{
    double sum = 0.0;
    for (size_t i = 1; i < n; i++)
        if (v[i].day != v[0].day && v[i].day <= o->calibration_end_day)
            sum += v[i].amount / scale;
    return sum;
}

/* The mean spend of x repeat transactions. Legal amounts (finite, up to
 * DBL_MAX) may sum to more than DBL_MAX: then each is divided by x before
 * adding, which overflows only if the mean itself does (it stays +inf). */
static double mean_repeat_spend(const transaction *v, size_t n, const rt_rfm_summary_options *o,
                                uint64_t x)
{
    if (x == 0)
        return 0.0;
    double sum = repeat_spend(v, n, o, 1.0);
    return isfinite(sum) ? sum / (double)x : repeat_spend(v, n, o, (double)x);
}

static customer_summary summarise(const transaction *v, size_t n, const rt_rfm_summary_options *o)
{
    customer_summary s = {.first = v[0].day, .last = v[0].day};
    for (size_t i = 1; i < n; i++) {
        if (v[i].day == v[i - 1].day)
            continue;  /* same day: the same transaction */
        if (v[i].day <= o->calibration_end_day) {
            s.x++;
            s.last = v[i].day;
        } else if (o->use_holdout && v[i].day <= o->holdout_end_day) {
            s.holdout++;
        }
    }
    s.mean_spend = mean_repeat_spend(v, n, o, s.x);
    return s;
}

/* Purchases grouped by customer (a counting sort), each group by day. */
static rt_status group_purchases(const rti_cohort_view *c, size_t *offsets, transaction *out)
{
    memset(offsets, 0, (c->customer_count + 1) * sizeof *offsets);
    for (size_t k = 0; k < c->purchase_count; k++)
        offsets[c->purchase_customer[k] + 1]++;
    for (size_t i = 0; i < c->customer_count; i++)
        offsets[i + 1] += offsets[i];
    for (size_t k = 0; k < c->purchase_count; k++)
        out[offsets[c->purchase_customer[k]]++] =
            (transaction){c->purchase_day[k], c->purchase_amount[k]};
    /* offsets[i] now ends customer i: shift back to starts */
    memmove(offsets + 1, offsets, c->customer_count * sizeof *offsets);
    offsets[0] = 0;
    for (size_t i = 0; i < c->customer_count; i++)
        sort_by_day(out + offsets[i], offsets[i + 1] - offsets[i]);
    return RT_OK;
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
static int summarised(const rt_rfm_summary_options *o, const size_t *offsets, const transaction *tx,
                      size_t i, customer_summary *s)
{
    size_t k = offsets[i], end = offsets[i + 1];
    if (k == end || tx[k].day > o->calibration_end_day)
        return 0;  /* no purchase by the calibration end */
    if (o->skip_zero_age && tx[k].day == o->calibration_end_day)
        return 0;  /* first seen on the end day: T = 0 */
    *s = summarise(tx + k, end - k, o);
    return 1;
}

/* Every mean spend a double, before any output is written. */
static rt_status check_spends(const char *fn, const rti_cohort_view *c,
                              const rt_rfm_summary_options *o, const size_t *offsets,
                              const transaction *tx)
{
    for (size_t i = 0; i < c->customer_count; i++) {
        customer_summary s;
        if (summarised(o, offsets, tx, i, &s) && !isfinite(s.mean_spend))
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
    size_t *offsets = rti_alloc_array(a, cohort->customer_count + 1, sizeof *offsets);
    transaction *tx = rti_alloc_array(a, cohort->purchase_count ? cohort->purchase_count : 1,
                                      sizeof *tx);
    if (offsets == NULL || tx == NULL) {
        rti_free(a, offsets);
        rti_free(a, tx);
        return rti_fail(RT_ENOMEM, "%s: out of memory", fn);
    }
    group_purchases(cohort, offsets, tx);
    rt_status st = out->mean_spend ? check_spends(fn, cohort, &o, offsets, tx) : RT_OK;
    size_t n = 0;
    for (size_t i = 0; st == RT_OK && i < cohort->customer_count; i++) {
        customer_summary s;
        if (summarised(&o, offsets, tx, i, &s))
            write_customer(out, n++, cohort->ids[i], &s, &o);
    }
    if (st == RT_OK)
        *count = n;
    rti_free(a, offsets);
    rti_free(a, tx);
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
    size_t n;
    RTI_TRY(summary_into(fn, cohort, options, &(summary_out){0}, &n));
    rti_cohort_view view;
    rti_cohort_view_of(cohort, &view);
    const rti_allocator *a = &view.alloc;
    uint64_t *x = rti_alloc_array(a, n ? n : 1, sizeof *x);
    double *t_x = rti_alloc_array(a, n ? n : 1, sizeof *t_x);
    double *T = rti_alloc_array(a, n ? n : 1, sizeof *T);
    rt_status st = RT_ENOMEM;
    if (x && t_x && T) {
        summary_out out = {.x = x, .t_x = t_x, .T = T, .capacity = n};
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
