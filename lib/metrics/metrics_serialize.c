/* rt_metrics to bytes and back (docs/serialization.md, kind 1). The bytes
 * hold what a merge adds (the counts) and what it compares (the options);
 * everything derived (period arithmetic, table rows, the Kaplan-Meier
 * curve) is rebuilt, so that the bytes are canonical. */
#include <string.h>

#include "core/calendar.h"
#include "core/check.h"
#include "core/deserialize_options.h"
#include "core/envelope.h"
#include "core/error.h"
#include "metrics/metrics_state.h"

static int table_count(uint32_t tables)
{
    return ((tables & RT_TABLE_EXACT) != 0) + ((tables & RT_TABLE_ON_OR_AFTER) != 0);
}

static void write_payload(rti_writer *w, const void *object)
{
    const rt_metrics *m = object;
    rti_put_i32(w, m->first_day);
    rti_put_i32(w, m->last_day);
    rti_put_u32(w, (uint32_t)m->period);
    rti_put_u32(w, m->first_weekday);
    rti_put_u32(w, m->wau_window_days);
    rti_put_u32(w, m->mau_window_days);
    rti_put_u32(w, m->inactivity_days);
    rti_put_u32(w, m->use_segment);
    rti_put_u32(w, m->segment);
    rti_put_u32(w, m->trailing_days);
    rti_put_u32(w, m->tables);
    rti_put_u32(w, m->use_starts);
    rti_put_u32(w, m->offset_count);
    rti_put_u32(w, m->bracket_count);
    for (uint32_t k = 0; m->bracket_count > 0 && k <= m->bracket_count; k++)
        rti_put_u32(w, m->bracket_bounds[k]);
    rti_put_u64_array(w, m->dau, m->day_count);
    rti_put_u64_array(w, m->wau, m->day_count);
    rti_put_u64_array(w, m->mau, m->day_count);
    rti_put_u64_array(w, m->range_histogram, m->day_count + 1);
    rti_put_u64_array(w, m->trailing_histogram, (size_t)m->trailing_days + 1);
    rti_put_u64_array(w, m->cohort_size, m->cohort_count);
    rti_put_u64_array(w, m->lifecycle, 4 * m->cohort_count);
    if (m->exact != NULL)
        rti_put_u64_array(w, m->exact, m->row_count * m->offset_count);
    if (m->on_or_after != NULL)
        rti_put_u64_array(w, m->on_or_after, m->row_count * m->offset_count);
    if (m->bracket != NULL)
        rti_put_u64_array(w, m->bracket, m->row_count * m->bracket_count);
    rti_put_u64_array(w, m->ended, m->lifetime_count);
    rti_put_u64_array(w, m->censored, m->lifetime_count);
}

rt_status rt_metrics_serialize(const rt_metrics *metrics, void *buffer, size_t capacity,
                               size_t *size)
{
    static const char fn[] = "rt_metrics_serialize";
    if (metrics == NULL)
        return rti_fail(RT_EINVAL, "%s: metrics is NULL", fn);
    return rti_serialize(RTI_SERIAL_METRICS, write_payload, metrics, buffer, capacity, size,
                         fn);
}

static const char fn_read[] = "rt_metrics_deserialize";

/* The fixed-size fields before the arrays, into the shell m. */
static void read_fields(rti_reader *r, rt_metrics *m)
{
    m->first_day = rti_get_i32(r);
    m->last_day = rti_get_i32(r);
    m->period = (rt_period)rti_get_u32(r);
    m->first_weekday = rti_get_u32(r);
    m->wau_window_days = rti_get_u32(r);
    m->mau_window_days = rti_get_u32(r);
    m->inactivity_days = rti_get_u32(r);
    m->use_segment = rti_get_u32(r);
    m->segment = rti_get_u32(r);
    m->trailing_days = rti_get_u32(r);
    m->tables = rti_get_u32(r);
    m->use_starts = rti_get_u32(r);
    m->offset_count = rti_get_u32(r);
    m->bracket_count = rti_get_u32(r);
}

static rt_status bad_option(const char *field, long long value)
{
    return rti_fail(RT_EFORMAT, "%s: invalid options: %s = %lld is outside its range", fn_read,
                    field, value);
}

static rt_status check_days_field(uint32_t days, const char *field)
{
    return days >= 1 && days <= RTI_MAX_ABS_DAY ? RT_OK : bad_option(field, days);
}

/* The options, as rt_cohort_options and rt_cohort_metrics() allow them. */
static rt_status check_fields(const rt_metrics *m)
{
    if (m->first_day < -RTI_MAX_ABS_DAY)
        return bad_option("first_day", m->first_day);
    if (m->last_day > RTI_MAX_ABS_DAY || m->last_day < m->first_day)
        return bad_option("last_day", m->last_day);
    if ((uint32_t)m->period > RT_PERIOD_MONTH)
        return bad_option("period", (uint32_t)m->period);
    if (m->first_weekday < 1 || m->first_weekday > 7)
        return bad_option("first_weekday", m->first_weekday);
    RTI_TRY(check_days_field(m->wau_window_days, "wau_window_days"));
    RTI_TRY(check_days_field(m->mau_window_days, "mau_window_days"));
    RTI_TRY(check_days_field(m->inactivity_days, "inactivity_days"));
    if (m->use_segment > 1)
        return bad_option("use_segment", m->use_segment);
    if (!m->use_segment && m->segment != 0)
        return bad_option("segment (without use_segment)", m->segment);
    if (m->trailing_days < 1 || m->trailing_days > RT_METRICS_MAX_DAYS)
        return bad_option("trailing_days", m->trailing_days);
    if (m->tables > (RT_TABLE_EXACT | RT_TABLE_ON_OR_AFTER))
        return bad_option("tables", m->tables);
    if (m->use_starts > 1)
        return bad_option("use_starts", m->use_starts);
    if (m->bracket_count > RT_METRICS_MAX_DAYS)
        return bad_option("bracket_count", m->bracket_count);
    return RT_OK;
}

/* The sizes the options imply, as rt_cohort_metrics() derives them. */
static rt_status derive_sizes(rt_metrics *m)
{
    m->day_count = (size_t)(m->last_day - m->first_day) + 1;
    m->first_period = rti_period_of_day(m, m->first_day);
    m->cohort_count = (size_t)(rti_period_of_day(m, m->last_day) - m->first_period) + 1;
    m->lifetime_count = (size_t)(m->last_day - rti_period_start(m, m->first_period)) + 1;
    if (m->offset_count < 1 || m->offset_count > m->cohort_count)
        return rti_fail(RT_EFORMAT, "%s: invalid options: offset_count %u is not in 1 .. %zu "
                        "(the periods of the range)", fn_read, (unsigned)m->offset_count,
                        m->cohort_count);
    return RT_OK;
}

/* Bytes of everything up to the tables, which depend on the cohort sizes. */
static uint64_t fixed_bytes(const rt_metrics *m)
{
    uint64_t bounds = m->bracket_count ? 4 * ((uint64_t)m->bracket_count + 1) : 0;
    uint64_t counts = 4 * (uint64_t)m->day_count + 1 + (uint64_t)m->trailing_days + 1 +
                      5 * (uint64_t)m->cohort_count;
    return bounds + 8 * counts;
}

static uint64_t variable_bytes(const rt_metrics *m)
{
    uint64_t rows = m->row_count;
    return 8 * (rows * m->offset_count * (uint64_t)table_count(m->tables) +
                rows * m->bracket_count + 2 * (uint64_t)m->lifetime_count);
}

static rt_status length_mismatch(const rti_reader *r, uint64_t need)
{
    return rti_fail(RT_EFORMAT, "%s: the payload holds %zu bytes after its fields, their "
                    "options and cohort sizes need %llu", fn_read, rti_remaining(r),
                    (unsigned long long)need);
}

static rt_status read_bounds(rti_reader *r, rt_metrics *m)
{
    if (m->bracket_count == 0)
        return RT_OK;
    m->bracket_bounds = rti_metrics_zeroed(m, (size_t)m->bracket_count + 1, sizeof(uint32_t));
    if (m->bracket_bounds == NULL)
        return RT_ENOMEM;
    for (uint32_t k = 0; k <= m->bracket_count; k++)
        m->bracket_bounds[k] = rti_get_u32(r);
    for (uint32_t k = 0; k < m->bracket_count; k++)
        if (m->bracket_bounds[k] >= m->bracket_bounds[k + 1] ||
            m->bracket_bounds[k + 1] > RT_METRICS_MAX_DAYS)
            return rti_fail(RT_EFORMAT, "%s: invalid options: bracket_bounds %u, %u are not "
                            "increasing (or beyond %u days)", fn_read,
                            (unsigned)m->bracket_bounds[k], (unsigned)m->bracket_bounds[k + 1],
                            (unsigned)RT_METRICS_MAX_DAYS);
    return RT_OK;
}

/* Allocates and reads an array of n counts (the bytes are known to be there). */
static rt_status read_counts(rti_reader *r, const rt_metrics *m, uint64_t **out, size_t n)
{
    *out = rti_metrics_zeroed(m, n, sizeof(uint64_t));
    if (*out == NULL)
        return RT_ENOMEM;
    rti_get_u64_array(r, *out, n);
    return RT_OK;
}

static rt_status read_activity(rti_reader *r, rt_metrics *m)
{
    RTI_TRY(read_counts(r, m, &m->dau, m->day_count));
    RTI_TRY(read_counts(r, m, &m->wau, m->day_count));
    RTI_TRY(read_counts(r, m, &m->mau, m->day_count));
    RTI_TRY(read_counts(r, m, &m->range_histogram, m->day_count + 1));
    RTI_TRY(read_counts(r, m, &m->trailing_histogram, (size_t)m->trailing_days + 1));
    RTI_TRY(read_counts(r, m, &m->cohort_size, m->cohort_count));
    return read_counts(r, m, &m->lifecycle, 4 * m->cohort_count);
}

/* A row for each non-empty cohort, as rti_retention_compute() lays them. */
static rt_status read_tables(rti_reader *r, rt_metrics *m)
{
    m->row_of = rti_alloc_array(&m->alloc, m->cohort_count, sizeof *m->row_of);
    if (m->row_of == NULL)
        return RT_ENOMEM;
    m->row_count = 0;
    for (size_t k = 0; k < m->cohort_count; k++)
        m->row_of[k] = m->cohort_size[k] > 0 ? (uint32_t)m->row_count++ : RTI_NO_ROW;
    uint64_t need = variable_bytes(m);
    if (need != rti_remaining(r))
        return length_mismatch(r, need);
    size_t cells = m->row_count * m->offset_count;
    if (m->tables & RT_TABLE_EXACT)
        RTI_TRY(read_counts(r, m, &m->exact, cells));
    if (m->tables & RT_TABLE_ON_OR_AFTER)
        RTI_TRY(read_counts(r, m, &m->on_or_after, cells));
    if (m->bracket_count > 0)
        RTI_TRY(read_counts(r, m, &m->bracket, m->row_count * m->bracket_count));
    return RT_OK;
}

/* The lifetimes, whose total must fit the at-risk counts of the curve. */
static rt_status read_survival(rti_reader *r, rt_metrics *m)
{
    RTI_TRY(read_counts(r, m, &m->ended, m->lifetime_count));
    RTI_TRY(read_counts(r, m, &m->censored, m->lifetime_count));
    uint64_t total = 0;
    for (size_t t = 0; t < m->lifetime_count; t++) {
        uint64_t here = m->ended[t] + m->censored[t];
        if (here < m->ended[t] || here > UINT64_MAX - total)
            return rti_fail(RT_EFORMAT, "%s: the lifetime counts overflow 64 bits", fn_read);
        total += here;
    }
    m->km_at_risk = rti_metrics_zeroed(m, m->lifetime_count, sizeof(uint64_t));
    m->km_survival = rti_metrics_zeroed(m, m->lifetime_count, sizeof(double));
    m->km_greenwood = rti_metrics_zeroed(m, m->lifetime_count, sizeof(double));
    if (!m->km_at_risk || !m->km_survival || !m->km_greenwood)
        return RT_ENOMEM;
    rti_survival_curve(m);
    return RT_OK;
}

static rt_status read_payload(rti_reader *r, rt_metrics *m)
{
    read_fields(r, m);
    if (r->failed)
        return rti_fail(RT_EFORMAT, "%s: truncated: the payload ends inside its fields",
                        fn_read);
    RTI_TRY(check_fields(m));
    RTI_TRY(derive_sizes(m));
    uint64_t need = fixed_bytes(m);
    if (need > rti_remaining(r))  /* before any allocation the lengths drive */
        return length_mismatch(r, need);
    RTI_TRY(read_bounds(r, m));
    RTI_TRY(read_activity(r, m));
    RTI_TRY(read_tables(r, m));
    return read_survival(r, m);
}

rt_status rt_metrics_deserialize(const void *buffer, size_t size,
                                 const rt_deserialize_options *options, rt_metrics **metrics)
{
    RTI_TRY(rti_check_out(metrics, fn_read, "metrics"));
    rti_allocator alloc;
    RTI_TRY(rti_deserialize_allocator(&alloc, options, fn_read));
    rti_reader r;
    RTI_TRY(rti_envelope_open(&r, buffer, size, RTI_SERIAL_METRICS, fn_read));
    rt_metrics *m = rti_alloc_array(&alloc, 1, sizeof *m);
    if (m == NULL)
        return rti_fail(RT_ENOMEM, "%s: out of memory", fn_read);
    *m = (rt_metrics){.alloc = alloc};
    rt_status st = read_payload(&r, m);
    if (st != RT_OK) {
        rt_metrics_free(m);
        return st == RT_ENOMEM ? rti_fail(st, "%s: out of memory", fn_read) : st;
    }
    *metrics = m;
    return RT_OK;
}
