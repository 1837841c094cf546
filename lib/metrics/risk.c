/* Customers at risk: reasons per customer at an as-of day, then the top N
 * by value found by selection (quickselect), not by sorting everyone. */
#include <math.h>
#include <string.h>

#include "cohort/cohort_view.h"
#include "core/calendar.h"
#include "core/check.h"
#include "core/error.h"
#include "core/sized_struct.h"
#include "cohort/activity_days.h"
#include "metrics/frequency_rule.h"
#include "retention/risk.h"
#include "store/day_search.h"

typedef struct candidate {
    uint64_t id;
    double value;
    uint32_t reasons;
} candidate;

rt_status rt_risk_options_init(rt_risk_options *options, size_t size)
{
    static const rt_risk_options defaults = {
        .lost_days = 90, .silent_days = 14, .window_days = 28, .usage_drop = 0.5,
        .late_payment_days = 90,
    };
    return rti_sized_struct_init(options, size, &defaults, sizeof defaults,
                                 "rt_risk_options_init");
}

static rt_status check_options(const rt_risk_options *o)
{
    static const char fn[] = "rt_cohort_at_risk";
    RTI_TRY(rti_check_days(o->lost_days, RTI_MAX_DAY_SPAN, fn, "lost_days"));
    RTI_TRY(rti_check_days(o->silent_days, RTI_MAX_DAY_SPAN, fn, "silent_days"));
    RTI_TRY(rti_check_days(o->window_days, RTI_MAX_DAY_SPAN, fn, "window_days"));
    RTI_TRY(rti_check_days(o->late_payment_days, RTI_MAX_DAY_SPAN, fn, "late_payment_days"));
    if (!(o->usage_drop > 0.0 && o->usage_drop <= 1.0))
        return rti_fail(RT_EINVAL, "%s: usage_drop %g is outside (0, 1]", fn, o->usage_drop);
    if (o->as_of_day < -RTI_MAX_ABS_DAY || o->as_of_day > RTI_MAX_ABS_DAY)
        return rti_fail(RT_ERANGE, "%s: as_of_day %d is more than 100 years from 1970", fn,
                        (int)o->as_of_day);
    if (o->value_count > 0 && (o->value_ids == NULL || o->values == NULL))
        return rti_fail(RT_EINVAL, "%s: value_ids or values is NULL", fn);
    return RT_OK;
}

/* Per customer: the caller's value (or -1) and whether they paid late recently. */
static rt_status customer_facts(const rti_cohort_view *c, const rt_risk_options *o, double *value,
                                uint8_t *late)
{
    static const char fn[] = "rt_cohort_at_risk";
    for (size_t i = 0; i < c->customer_count; i++) {
        value[i] = -1.0;
        late[i] = 0;
    }
    for (size_t k = 0; k < o->value_count; k++) {
        uint32_t who = rti_idmap_find(c->id_map, o->value_ids[k]);
        if (!(o->values[k] >= 0.0 && isfinite(o->values[k])))
            return rti_fail(RT_EINVAL, "%s: value %zu (%g) must be finite and >= 0", fn, k,
                            o->values[k]);
        if (who == RTI_IDMAP_EMPTY)
            return rti_fail(RT_ENOTFOUND, "%s: value %zu names unknown customer %llu", fn, k,
                            (unsigned long long)o->value_ids[k]);
        value[who] = o->values[k];
    }
    for (size_t k = 0; k < c->late_count; k++) {
        int64_t ago = (int64_t)o->as_of_day - c->late_day[k];
        if (ago >= 0 && ago < o->late_payment_days)
            late[c->late_customer[k]] = 1;
    }
    return RT_OK;
}

static uint32_t reasons_of(const rt_risk_options *o, const rt_frequency_options *rule,
                           const int32_t *days, size_t n, int late)
{
    int64_t t = o->as_of_day, w = o->window_days;
    size_t upto = rti_days_before(days, n, (int64_t)t + 1);
    size_t recent = upto - rti_days_before(days, n, (int64_t)t - w + 1);
    size_t earlier = rti_days_before(days, n, (int64_t)t - w + 1) -
                     rti_days_before(days, n, (int64_t)t - 2 * w + 1);
    uint32_t r = 0;
    if (t - days[upto - 1] >= o->silent_days)
        r |= RT_RISK_SILENT;
    if (earlier > 0 && (double)recent < o->usage_drop * (double)earlier)
        r |= RT_RISK_USAGE_FELL;
    if (late)
        r |= RT_RISK_LATE_PAYMENT;
    if (rti_frequency_bucket(rule, days, n, o->as_of_day) == RT_FREQUENCY_FORGETTABLE)
        r |= RT_RISK_FORGETTABLE;
    return r;
}

/* Ranking: higher value first, then smaller id. */
static int ranks_before(const candidate *a, const candidate *b)
{
    return a->value > b->value || (a->value == b->value && a->id < b->id);
}

static void swap(candidate *a, candidate *b)
{
    candidate t = *a;
    *a = *b;
    *b = t;
}

/* Moves the k best to v[0..k) in any order: Hoare's quickselect, middle
 * pivot, expected O(n). */
static void select_best(candidate *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n;  /* the k-th best is in [lo, hi) */
    while (hi - lo > 1 && k > lo && k < hi) {
        swap(&v[lo + (hi - lo) / 2], &v[hi - 1]);
        candidate pivot = v[hi - 1];
        size_t store = lo;
        for (size_t i = lo; i + 1 < hi; i++)
            if (ranks_before(&v[i], &pivot))
                swap(&v[i], &v[store++]);
        swap(&v[store], &v[hi - 1]);
        if (store < k)
            lo = store + 1;
        else
            hi = store;
    }
}

static void sift_down(candidate *v, size_t root, size_t n)
{
    for (size_t child; (child = 2 * root + 1) < n; root = child) {
        if (child + 1 < n && ranks_before(&v[child], &v[child + 1]))
            child++;  /* the worse-ranked child: a max-heap of "worst first" */
        if (!ranks_before(&v[root], &v[child]))
            return;
        swap(&v[root], &v[child]);
    }
}

/* Heapsort of the k selected, best first: O(k log k). */
static void sort_best(candidate *v, size_t k)
{
    for (size_t i = k / 2; i-- > 0;)
        sift_down(v, i, k);
    for (size_t end = k; end-- > 1;) {
        swap(&v[0], &v[end]);
        sift_down(v, 0, end);
    }
}

static size_t gather(const rti_cohort_view *c, const rt_risk_options *o, const rti_activity_days *ad,
                     const double *value, const uint8_t *late, candidate *out)
{
    rt_frequency_options rule;
    rt_frequency_options_init(&rule, sizeof rule);
    size_t n = 0;
    for (size_t i = 0; i < ad->customer_count; i++) {
        size_t count;
        const int32_t *days = rti_activity_days_of(ad, i, &count);
        size_t upto = rti_days_before(days, count, (int64_t)o->as_of_day + 1);
        if (upto == 0 || (int64_t)o->as_of_day - days[upto - 1] >= o->lost_days)
            continue;  /* not yet a customer, or already gone */
        uint32_t reasons = reasons_of(o, &rule, days, count, late[i]);
        if (reasons == 0)
            continue;
        double v = value[i] >= 0.0 ? value[i] : o->value_count > 0 ? 0.0 : (double)upto;
        out[n++] = (candidate){c->ids[i], v, reasons};
    }
    return n;
}

rt_status rt_cohort_at_risk(const rt_cohort *cohort, const rt_risk_options *options,
                            uint64_t *ids, uint32_t *reasons, double *values, size_t capacity,
                            size_t *count, uint64_t *at_risk)
{
    static const char fn[] = "rt_cohort_at_risk";
    if (cohort == NULL || options == NULL || count == NULL || (ids == NULL && capacity > 0))
        return rti_fail(RT_EINVAL, "%s: cohort, options, ids or count is NULL", fn);
    rt_risk_options o;
    rt_risk_options_init(&o, sizeof o);
    RTI_TRY(rti_sized_struct_read(&o, sizeof o, options, options->size, "rt_risk_options"));
    RTI_TRY(check_options(&o));
    rti_cohort_view view;
    rti_cohort_view_of(cohort, &view);
    const rti_allocator *a = &view.alloc;
    size_t n = view.customer_count ? view.customer_count : 1;
    double *value = rti_alloc_array(a, n, sizeof *value);
    uint8_t *late = rti_alloc_array(a, n, 1);
    candidate *cand = rti_alloc_array(a, n, sizeof *cand);
    rti_activity_days ad = {0};
    rt_status st = RT_ENOMEM;
    if (value && late && cand) {
        st = customer_facts(&view, &o, value, late);
        if (st == RT_OK && rti_cohort_activity_days(&view, NULL, &ad) != RT_OK)
            st = rti_fail(RT_ENOMEM, "%s: out of memory", fn);
    } else {
        rti_fail(RT_ENOMEM, "%s: out of memory", fn);
    }
    if (st == RT_OK) {
        size_t found = gather(&view, &o, &ad, value, late, cand);
        size_t k = found < capacity ? found : capacity;
        select_best(cand, found, k);
        sort_best(cand, k);
        for (size_t i = 0; i < k; i++) {
            ids[i] = cand[i].id;
            if (reasons != NULL)
                reasons[i] = cand[i].reasons;
            if (values != NULL)
                values[i] = cand[i].value;
        }
        *count = k;
        if (at_risk != NULL)
            *at_risk = found;
    }
    rti_free(a, value);
    rti_free(a, late);
    rti_free(a, cand);
    return st;
}
