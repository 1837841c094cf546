/* rt_metrics: options, computation from a cohort, getters and merging. */
#include <string.h>

#include "cohort/cohort_view.h"
#include "core/calendar.h"
#include "core/check.h"
#include "core/error.h"
#include "core/parallel.h"
#include "core/sized_struct.h"
#include "metrics/metrics_state.h"
#include "metrics/start_days.h"

rt_status rt_metrics_options_init(rt_metrics_options *options, size_t size)
{
    static const rt_metrics_options defaults = {
        .max_offset = RT_METRICS_DEFAULT_MAX_OFFSET,
        .tables = RT_TABLE_EXACT | RT_TABLE_ON_OR_AFTER,
    };
    return rti_sized_struct_init(options, size, &defaults, sizeof defaults,
                                 "rt_metrics_options_init");
}

_Static_assert(RT_METRICS_MAX_DAYS == RTI_MAX_DAY_SPAN, "the public and internal spans agree");

/* Every field but the range in its documented range (metrics.h). */
static rt_status check_fields(const rt_metrics_options *o)
{
    static const char fn[] = "rt_cohort_metrics";
    RTI_TRY(rti_check_flag(o->use_range, fn, "use_range"));
    RTI_TRY(rti_check_flag(o->use_segment, fn, "use_segment"));
    RTI_TRY(rti_check_flag(o->use_starts, fn, "use_starts"));
    if (o->reserved != 0)
        return rti_fail(RT_EINVAL, "%s: rt_metrics_options.reserved must be 0", fn);
    if (o->period != RT_PERIOD_DAY && o->period != RT_PERIOD_WEEK &&
        o->period != RT_PERIOD_MONTH)
        return rti_fail(RT_EINVAL, "%s: unknown period %d", fn, (int)o->period);
    if (o->trailing_days > RT_METRICS_MAX_DAYS)
        return rti_fail(RT_EINVAL, "%s: trailing_days %u is above %u (200 years)", fn,
                        (unsigned)o->trailing_days, (unsigned)RT_METRICS_MAX_DAYS);
    if (o->tables > (RT_TABLE_EXACT | RT_TABLE_ON_OR_AFTER))
        return rti_fail(RT_EINVAL, "%s: tables %u has bits other than RT_TABLE_EXACT and "
                        "RT_TABLE_ON_OR_AFTER", fn, (unsigned)o->tables);
    if (o->bracket_count > RT_METRICS_MAX_DAYS)
        return rti_fail(RT_EINVAL, "%s: bracket_count %u is above %u", fn,
                        (unsigned)o->bracket_count, (unsigned)RT_METRICS_MAX_DAYS);
    if (o->bracket_count > 0 && o->bracket_bounds == NULL)
        return rti_fail(RT_EINVAL, "%s: bracket_count is %u but bracket_bounds is NULL", fn,
                        (unsigned)o->bracket_count);
    for (uint32_t k = 0; k < o->bracket_count; k++)
        if (o->bracket_bounds[k] >= o->bracket_bounds[k + 1] ||
            o->bracket_bounds[k + 1] > RT_METRICS_MAX_DAYS)
            return rti_fail(RT_EINVAL, "%s: bracket_bounds %u, %u are not increasing "
                            "(or beyond %u days)", fn, (unsigned)o->bracket_bounds[k],
                            (unsigned)o->bracket_bounds[k + 1], (unsigned)RT_METRICS_MAX_DAYS);
    return RT_OK;
}

/* The range when none is given: the days of the activity, and with
 * use_starts those of the start events too. */
static rt_status default_range(const rti_cohort_view *cohort, rt_metrics_options *o)
{
    int with_starts = o->use_starts && cohort->start_count > 0;
    if (cohort->event_count == 0 && !with_starts)
        return rti_fail(RT_EUNDEFINED, "rt_cohort_metrics: the cohort has no activity%s; "
                        "give a range (use_range = 1)", o->use_starts ? " nor start" : "");
    o->first_day = INT32_MAX;
    o->last_day = INT32_MIN;
    if (cohort->event_count > 0) {
        o->first_day = cohort->first_day;
        o->last_day = cohort->last_day;
    }
    if (with_starts && cohort->start_first_day < o->first_day)
        o->first_day = cohort->start_first_day;
    if (with_starts && cohort->start_last_day > o->last_day)
        o->last_day = cohort->start_last_day;
    return RT_OK;
}

/* The options, validated, with the range resolved against the cohort. */
static rt_status read_options(const rti_cohort_view *cohort, const rt_metrics_options *in,
                              rt_metrics_options *o)
{
    static const char fn[] = "rt_cohort_metrics";
    rt_metrics_options_init(o, sizeof *o);
    if (in != NULL)
        RTI_TRY(rti_sized_struct_read(o, sizeof *o, in, in->size, "rt_metrics_options"));
    RTI_TRY(check_fields(o));
    if (!o->use_range)
        RTI_TRY(default_range(cohort, o));
    if (o->last_day < o->first_day)
        return rti_fail(RT_EINVAL, "%s: last_day %d is before first_day %d", fn,
                        (int)o->last_day, (int)o->first_day);
    if (o->first_day < -RTI_MAX_ABS_DAY || o->last_day > RTI_MAX_ABS_DAY)
        return rti_fail(RT_ERANGE, "%s: the range [%d, %d] (first_day, last_day) reaches "
                        "beyond 100 years from 1970", fn, (int)o->first_day,
                        (int)o->last_day);
    return RT_OK;
}

void *rti_metrics_zeroed(const rt_metrics *m, size_t count, size_t size)
{
    void *p = rti_alloc_array(&m->alloc, count ? count : 1, size);
    if (p != NULL)
        memset(p, 0, (count ? count : 1) * size);
    return p;
}

uint64_t *rti_metrics_cells(const rt_metrics *m, size_t rows, uint32_t columns)
{
    if (columns > 0 && rows > SIZE_MAX / columns)
        return NULL;  /* only on 32-bit hosts, where it could not be allocated anyway */
    return rti_metrics_zeroed(m, rows * columns, sizeof(uint64_t));
}

/* Everything but the tables, which wait for the cohorts' sizes. */
static rt_status allocate_results(rt_metrics *m, const rt_metrics_options *o)
{
    m->dau = rti_metrics_zeroed(m, m->day_count, sizeof(uint64_t));
    m->wau = rti_metrics_zeroed(m, m->day_count, sizeof(uint64_t));
    m->mau = rti_metrics_zeroed(m, m->day_count, sizeof(uint64_t));
    m->cohort_size = rti_metrics_zeroed(m, m->cohort_count, sizeof(uint64_t));
    m->trailing_histogram =
        rti_metrics_zeroed(m, (size_t)m->trailing_days + 1, sizeof(uint64_t));
    m->range_histogram = rti_metrics_zeroed(m, m->day_count + 1, sizeof(uint64_t));
    m->ended = rti_metrics_zeroed(m, m->lifetime_count, sizeof(uint64_t));
    m->lifecycle = rti_metrics_zeroed(m, 4 * m->cohort_count, sizeof(uint64_t));
    if (o->bracket_count > 0) {
        m->bracket_bounds =
            rti_metrics_zeroed(m, (size_t)o->bracket_count + 1, sizeof(uint32_t));
        if (!m->bracket_bounds)
            return RT_ENOMEM;
        memcpy(m->bracket_bounds, o->bracket_bounds,
               ((size_t)o->bracket_count + 1) * sizeof(uint32_t));
        m->bracket_count = o->bracket_count;
    }
    m->censored = rti_metrics_zeroed(m, m->lifetime_count, sizeof(uint64_t));
    m->km_at_risk = rti_metrics_zeroed(m, m->lifetime_count, sizeof(uint64_t));
    m->km_survival = rti_metrics_zeroed(m, m->lifetime_count, sizeof(double));
    m->km_greenwood = rti_metrics_zeroed(m, m->lifetime_count, sizeof(double));
    if (!m->dau || !m->wau || !m->mau || !m->cohort_size || !m->ended || !m->censored ||
        !m->trailing_histogram || !m->range_histogram || !m->lifecycle || !m->km_at_risk ||
        !m->km_survival || !m->km_greenwood)
        return RT_ENOMEM;
    return RT_OK;
}

static rt_metrics *metrics_shell(const rti_cohort_view *c, const rt_metrics_options *o)
{
    rt_metrics *m = rti_alloc_array(&c->alloc, 1, sizeof *m);
    if (m == NULL)
        return NULL;
    *m = (rt_metrics){
        .alloc = c->alloc,
        .first_day = o->first_day,
        .last_day = o->last_day,
        .wau_window_days = c->wau_window_days,
        .mau_window_days = c->mau_window_days,
        .first_weekday = c->first_weekday,
        .period = o->period,
        .day_count = (size_t)(o->last_day - o->first_day) + 1,
        .inactivity_days = c->inactivity_days,
        .use_segment = o->use_segment != 0,
        .segment = o->use_segment ? o->segment : 0,
        .trailing_days = o->trailing_days ? o->trailing_days : 28,
        .tables = o->tables,
        .use_starts = o->use_starts,
    };
    m->first_period = rti_period_of_day(m, o->first_day);
    m->cohort_count = (size_t)(rti_period_of_day(m, o->last_day) - m->first_period) + 1;
    m->offset_count = (uint32_t)m->cohort_count;
    if (o->max_offset < m->offset_count)
        m->offset_count = o->max_offset + 1;
    m->lifetime_count = (size_t)(o->last_day - rti_period_start(m, m->first_period)) + 1;
    return m;
}

/* The results that follow customers from a beginning (tables, survival):
 * from the activity itself, or from the lists that begin at the start day
 * (metrics.h, "Cohorts by start event"). */
static rt_status compute_from_beginnings(rt_metrics *m, const rti_cohort_view *view,
                                         const rti_activity_days *activity)
{
    rti_activity_days started = {0};
    if (m->use_starts &&
        rti_activity_days_from_starts(view, activity, &m->alloc,
                                      m->use_segment ? &m->segment : NULL,
                                      &started) != RT_OK)
        return RT_ENOMEM;
    const rti_activity_days *days = m->use_starts ? &started : activity;
    rt_status st = rti_retention_compute(m, days);
    if (st == RT_OK)
        st = rti_survival_compute(m, view, days);
    if (st == RT_OK)
        rti_survival_curve(m);
    rti_activity_days_free(&started, &m->alloc);
    return st;
}

typedef struct compute_call {
    rt_metrics *m;
    const rti_cohort_view *view;
    const rti_activity_days *days;
    rt_status status;
} compute_call;

/* The passes over the activity lists: the lifecycle (which neither fails
 * nor allocates, and writes only its own table) as the second part, on a
 * thread of its own when the cohort has two; the others, which allocate
 * and may fail, on the calling thread. */
static void compute_part(void *arg, unsigned part, unsigned parts)
{
    compute_call *call = arg;
    if (part == 0) {
        call->status = rti_activity_compute(call->m, call->days);
        if (call->status == RT_OK)
            call->status = compute_from_beginnings(call->m, call->view, call->days);
    }
    if (part == 1 || parts == 1)
        rti_lifecycle_compute(call->m, call->days);
}

rt_status rt_cohort_metrics(const rt_cohort *cohort, const rt_metrics_options *options,
                            rt_metrics **metrics)
{
    static const char fn[] = "rt_cohort_metrics";
    if (cohort == NULL)
        return rti_fail(RT_EINVAL, "%s: cohort is NULL", fn);
    RTI_TRY(rti_check_out(metrics, fn, "metrics"));
    rti_cohort_view view;
    rti_cohort_view_of(cohort, &view);
    rt_metrics_options o;
    RTI_TRY(read_options(&view, options, &o));

    rt_metrics *m = metrics_shell(&view, &o);
    rti_activity_days days = {0};
    rt_status st = RT_ENOMEM;
    if (m != NULL && allocate_results(m, &o) == RT_OK &&
        rti_cohort_activity_days(&view, m->use_segment ? &m->segment : NULL,
                                 &days) == RT_OK) {
        compute_call call = {m, &view, &days, RT_OK};
        rti_run_parts(compute_part, &call, view.threads > 1 ? 2 : 1);
        st = call.status;
    }
    if (st != RT_OK) {
        rt_metrics_free(m);
        return rti_fail(st, "%s: out of memory", fn);
    }
    *metrics = m;
    return RT_OK;
}

void rt_metrics_free(rt_metrics *m)
{
    if (m == NULL)
        return;
    rti_allocator alloc = m->alloc;
    rti_free(&alloc, m->dau);
    rti_free(&alloc, m->wau);
    rti_free(&alloc, m->mau);
    rti_free(&alloc, m->cohort_size);
    rti_free(&alloc, m->row_of);
    rti_free(&alloc, m->exact);
    rti_free(&alloc, m->on_or_after);
    rti_free(&alloc, m->lifecycle);
    rti_free(&alloc, m->bracket_bounds);
    rti_free(&alloc, m->bracket);
    rti_free(&alloc, m->trailing_histogram);
    rti_free(&alloc, m->range_histogram);
    rti_free(&alloc, m->ended);
    rti_free(&alloc, m->censored);
    rti_free(&alloc, m->km_at_risk);
    rti_free(&alloc, m->km_survival);
    rti_free(&alloc, m->km_greenwood);
    rti_free(&alloc, m);
}

rt_status rt_metrics_day_range(const rt_metrics *m, int32_t *first_day, int32_t *last_day)
{
    static const char fn[] = "rt_metrics_day_range";
    if (m == NULL)
        return rti_fail(RT_EINVAL, "%s: metrics is NULL", fn);
    RTI_TRY(rti_check_out(first_day, fn, "first_day"));
    RTI_TRY(rti_check_out(last_day, fn, "last_day"));
    *first_day = m->first_day;
    *last_day = m->last_day;
    return RT_OK;
}

static rt_status check_day(const char *fn, const rt_metrics *m, int32_t day)
{
    if (day < m->first_day || day > m->last_day)
        return rti_fail(RT_ERANGE, "%s: day %d is outside the metrics' range [%d, %d]", fn,
                        (int)day, (int)m->first_day, (int)m->last_day);
    return RT_OK;
}

rt_status rt_metrics_active(const rt_metrics *m, int32_t day, uint64_t *dau, uint64_t *wau,
                            uint64_t *mau)
{
    static const char fn[] = "rt_metrics_active";
    if (m == NULL)
        return rti_fail(RT_EINVAL, "%s: metrics is NULL", fn);
    RTI_TRY(check_day(fn, m, day));
    size_t i = (size_t)(day - m->first_day);
    if (dau != NULL)
        *dau = m->dau[i];
    if (wau != NULL)
        *wau = m->wau[i];
    if (mau != NULL)
        *mau = m->mau[i];
    return RT_OK;
}

rt_status rt_metrics_stickiness(const rt_metrics *m, int32_t first_day, int32_t last_day,
                                double *mean_of_ratios, double *ratio_of_sums)
{
    static const char fn[] = "rt_metrics_stickiness";
    if (m == NULL)
        return rti_fail(RT_EINVAL, "%s: metrics is NULL", fn);
    RTI_TRY(rti_check_out(mean_of_ratios, fn, "mean_of_ratios"));
    RTI_TRY(rti_check_out(ratio_of_sums, fn, "ratio_of_sums"));
    if (last_day < first_day)
        return rti_fail(RT_EINVAL, "%s: last_day %d is before first_day %d", fn,
                        (int)last_day, (int)first_day);
    RTI_TRY(check_day(fn, m, first_day));
    RTI_TRY(check_day(fn, m, last_day));
    double ratio_sum = 0.0;
    uint64_t dau_sum = 0, mau_sum = 0, days = 0;
    for (int32_t d = first_day; d <= last_day; d++) {
        size_t i = (size_t)(d - m->first_day);
        if (m->mau[i] == 0)
            continue;
        ratio_sum += (double)m->dau[i] / (double)m->mau[i];
        dau_sum += m->dau[i];
        mau_sum += m->mau[i];
        days++;
    }
    if (days == 0)
        return rti_fail(RT_EUNDEFINED, "%s: no customer is active in any window of "
                        "[%d, %d]", fn, (int)first_day, (int)last_day);
    *mean_of_ratios = ratio_sum / (double)days;
    *ratio_of_sums = (double)dau_sum / (double)mau_sum;
    return RT_OK;
}

static rt_status histogram_count(const char *fn, const rt_metrics *m,
                                 const uint64_t *histogram, size_t days, uint32_t n,
                                 uint64_t *customers)
{
    if (m == NULL)
        return rti_fail(RT_EINVAL, "%s: metrics is NULL", fn);
    RTI_TRY(rti_check_out(customers, fn, "customers"));
    if (n > days)
        return rti_fail(RT_ERANGE, "%s: %u active days exceed the %zu-day window", fn,
                        (unsigned)n, days);
    *customers = histogram[n];
    return RT_OK;
}

rt_status rt_metrics_trailing_histogram(const rt_metrics *m, uint32_t n, uint64_t *customers)
{
    return histogram_count("rt_metrics_trailing_histogram", m,
                           m ? m->trailing_histogram : NULL, m ? m->trailing_days : 0, n,
                           customers);
}

rt_status rt_metrics_range_histogram(const rt_metrics *m, uint32_t n, uint64_t *customers)
{
    return histogram_count("rt_metrics_range_histogram", m, m ? m->range_histogram : NULL,
                           m ? m->day_count : 0, n, customers);
}
