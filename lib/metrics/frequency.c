/* Usage-frequency buckets: each customer's mean interval between visits at
 * an as-of day, the spectrum overall and by segment, drift since an earlier
 * day. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cohort/cohort_view.h"
#include "core/calendar.h"
#include "core/check.h"
#include "core/error.h"
#include "core/sized_struct.h"
#include "cohort/activity_days.h"
#include "metrics/frequency_rule.h"
#include "metrics/frequency_state.h"
#include "retention/frequency.h"
#include "store/day_search.h"
#include "store/idmap.h"

rt_status rt_frequency_options_init(rt_frequency_options *options, size_t size)
{
    static const rt_frequency_options defaults = {
        .lookback_days = 90, .new_days = 14, .dormant_days = 90,
        .daily_max_interval = 1.5, .weekly_max_interval = 8.0,
        .monthly_max_interval = 31.0, .forgettable_share = 0.5,
    };
    return rti_sized_struct_init(options, size, &defaults, sizeof defaults,
                                 "rt_frequency_options_init");
}

rt_status rti_frequency_check_options(const rt_frequency_options *o, const char *fn)
{
    RTI_TRY(rti_check_flag(o->use_earlier, fn, "use_earlier"));
    RTI_TRY(rti_check_days(o->lookback_days, RTI_MAX_DAY_SPAN, fn, "lookback_days"));
    RTI_TRY(rti_check_days(o->new_days, RTI_MAX_DAY_SPAN, fn, "new_days"));
    RTI_TRY(rti_check_days(o->dormant_days, RTI_MAX_DAY_SPAN, fn, "dormant_days"));
    if (!(o->daily_max_interval > 0.0 && isfinite(o->daily_max_interval)))
        return rti_fail(RT_EINVAL, "%s: daily_max_interval %g is not finite and > 0", fn,
                        o->daily_max_interval);
    if (!(o->weekly_max_interval > o->daily_max_interval))
        return rti_fail(RT_EINVAL, "%s: weekly_max_interval %g is not above "
                        "daily_max_interval", fn, o->weekly_max_interval);
    if (!(o->monthly_max_interval > o->weekly_max_interval &&
          isfinite(o->monthly_max_interval)))
        return rti_fail(RT_EINVAL, "%s: monthly_max_interval %g is not finite and above "
                        "weekly_max_interval", fn, o->monthly_max_interval);
    if (!(o->forgettable_share >= 0.0 && o->forgettable_share < 1.0))
        return rti_fail(RT_EINVAL, "%s: forgettable_share %g is outside [0, 1)", fn,
                        o->forgettable_share);
    if (o->as_of_day < -RTI_MAX_ABS_DAY || o->as_of_day > RTI_MAX_ABS_DAY)
        return rti_fail(RT_ERANGE, "%s: as_of_day %d is more than 100 years from 1970", fn,
                        (int)o->as_of_day);
    if (o->use_earlier && o->earlier_day < -RTI_MAX_ABS_DAY)
        return rti_fail(RT_ERANGE, "%s: earlier_day %d is more than 100 years from 1970",
                        fn, (int)o->earlier_day);
    if (o->use_earlier && o->earlier_day >= o->as_of_day)
        return rti_fail(RT_EINVAL, "%s: earlier_day %d is not before as_of_day %d", fn,
                        (int)o->earlier_day, (int)o->as_of_day);
    return RT_OK;
}

rt_frequency_bucket rti_frequency_bucket(const rt_frequency_options *o, const int32_t *days,
                                         size_t n, int32_t t)
{
    size_t upto = rti_days_before(days, n, (int64_t)t + 1);
    if (upto == 0)
        return RT_FREQUENCY_NONE;
    int64_t first = days[0], last = days[upto - 1];
    if (t - last >= o->dormant_days)
        return RT_FREQUENCY_DORMANT;
    if (t - first < o->new_days)
        return RT_FREQUENCY_NEW;
    int64_t window = t - first + 1 < o->lookback_days ? t - first + 1 : o->lookback_days;
    size_t visits = upto - rti_days_before(days, n, (int64_t)t - window + 1);
    double interval = visits ? (double)window / (double)visits : HUGE_VAL;
    if (interval <= o->daily_max_interval)
        return RT_FREQUENCY_DAILY;
    if (interval <= o->weekly_max_interval)
        return RT_FREQUENCY_WEEKLY;
    if (interval <= o->monthly_max_interval)
        return RT_FREQUENCY_MONTHLY;
    return RT_FREQUENCY_FORGETTABLE;
}

/* Room for `extra` more segment rows. */
rt_status rti_frequency_reserve_segments(rt_frequency *f, size_t extra)
{
    if (f->segment_count + extra > f->segment_capacity) {
        size_t cap = 2 * f->segment_capacity > 16 ? 2 * f->segment_capacity : 16;
        cap = cap < f->segment_count + extra ? f->segment_count + extra : cap;
        segment_row *grown = rti_realloc_array(&f->alloc, f->segments, cap, sizeof *grown);
        if (grown == NULL)
            return RT_ENOMEM;
        f->segments = grown;
        f->segment_capacity = cap;
    }
    return rti_idmap_reserve(&f->segment_map, &f->alloc, extra);
}

/* The row of a segment, added on first sight (room must be reserved). */
segment_row *rti_frequency_segment_row(rt_frequency *f, uint32_t segment)
{
    uint32_t row = rti_idmap_find(&f->segment_map, segment);
    if (row != RTI_IDMAP_EMPTY)
        return &f->segments[row];
    segment_row *r = &f->segments[f->segment_count];
    *r = (segment_row){.segment = segment};
    rti_idmap_get_or_insert(&f->segment_map, segment, (uint32_t)f->segment_count++);
    return r;
}

static rt_status count_segments(rt_frequency *f, const rti_cohort_view *c)
{
    for (size_t i = 0; i < f->customer_count; i++) {
        if (f->now[i] == RT_FREQUENCY_NONE)
            continue;
        if (rti_idmap_find(&f->segment_map, c->segments[i]) == RTI_IDMAP_EMPTY)
            RTI_TRY(rti_frequency_reserve_segments(f, 1));
        rti_frequency_segment_row(f, c->segments[i])->counts[f->now[i]]++;
    }
    return RT_OK;
}

static int mostly_forgettable(const segment_row *r, double share)
{
    uint64_t judged = r->counts[RT_FREQUENCY_DAILY] + r->counts[RT_FREQUENCY_WEEKLY] +
                      r->counts[RT_FREQUENCY_MONTHLY] + r->counts[RT_FREQUENCY_FORGETTABLE];
    return judged > 0 && (double)r->counts[RT_FREQUENCY_FORGETTABLE] > share * (double)judged;
}

static int compare_segments(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* qsort, not insertion: a log may hold 100,000 segments, first seen in any
 * order (an insertion sort took 18 s on them). */
static void sort_segments(uint32_t *v, size_t n)
{
    if (n > 1)
        qsort(v, n, sizeof *v, compare_segments);
}

/* The mostly-forgettable segments, increasing, into list (segment_count
 * entries of room); returns how many. */
static size_t list_forgettable(const rt_frequency *f, uint32_t *list)
{
    size_t n = 0;
    for (size_t r = 0; r < f->segment_count; r++)
        if (mostly_forgettable(&f->segments[r], f->options.forgettable_share))
            list[n++] = f->segments[r].segment;
    sort_segments(list, n);
    return n;
}

rt_status rti_frequency_find_forgettable(rt_frequency *f)
{
    f->forgettable = rti_alloc_array(&f->alloc, f->segment_count ? f->segment_count : 1,
                                     sizeof *f->forgettable);
    if (f->forgettable == NULL)
        return RT_ENOMEM;
    f->forgettable_count = list_forgettable(f, f->forgettable);
    return RT_OK;
}

static rt_status bucket_customers(rt_frequency *f, const rti_cohort_view *c,
                                  const rt_frequency_options *o)
{
    rti_activity_days ad;
    RTI_TRY(rti_cohort_activity_days(c, NULL, &ad));
    for (size_t i = 0; i < f->customer_count; i++) {
        size_t n;
        const int32_t *days = rti_activity_days_of(&ad, i, &n);
        rt_frequency_bucket now = rti_frequency_bucket(o, days, n, o->as_of_day);
        rt_frequency_bucket before = o->use_earlier ? rti_frequency_bucket(o, days, n, o->earlier_day)
                                                    : RT_FREQUENCY_NONE;
        f->now[i] = (uint8_t)now;
        f->earlier[i] = (uint8_t)before;
        if (now != RT_FREQUENCY_NONE)
            f->spectrum[now]++;
        f->transitions[before][now]++;
    }
    return RT_OK;
}

static rt_status build(rt_frequency *f, const rti_cohort_view *c, const rt_frequency_options *o)
{
    size_t n = f->customer_count ? f->customer_count : 1;
    f->ids = rti_alloc_array(&f->alloc, n, sizeof *f->ids);
    f->now = rti_alloc_array(&f->alloc, n, 1);
    f->earlier = rti_alloc_array(&f->alloc, n, 1);
    if (!f->ids || !f->now || !f->earlier ||
        rti_idmap_reserve(&f->id_map, &f->alloc, f->customer_count) != RT_OK)
        return RT_ENOMEM;
    if (f->customer_count > 0)
        memcpy(f->ids, c->ids, f->customer_count * sizeof *f->ids);
    rti_idmap_rebuild(&f->id_map, f->ids, (uint32_t)f->customer_count);
    RTI_TRY(bucket_customers(f, c, o));
    RTI_TRY(count_segments(f, c));
    return rti_frequency_find_forgettable(f);
}

rt_status rt_cohort_frequency(const rt_cohort *cohort, const rt_frequency_options *options,
                              rt_frequency **frequency)
{
    static const char fn[] = "rt_cohort_frequency";
    if (cohort == NULL || options == NULL)
        return rti_fail(RT_EINVAL, "%s: cohort or options is NULL", fn);
    RTI_TRY(rti_check_out(frequency, fn, "frequency"));
    rt_frequency_options o;
    rt_frequency_options_init(&o, sizeof o);
    RTI_TRY(rti_sized_struct_read(&o, sizeof o, options, options->size,
                                  "rt_frequency_options"));
    RTI_TRY(rti_frequency_check_options(&o, fn));
    rti_cohort_view view;
    rti_cohort_view_of(cohort, &view);
    rt_frequency *f = rti_alloc_array(&view.alloc, 1, sizeof *f);
    if (f == NULL)
        return rti_fail(RT_ENOMEM, "%s: out of memory", fn);
    *f = (rt_frequency){.alloc = view.alloc, .options = o,
                        .use_earlier = o.use_earlier != 0,
                        .customer_count = view.customer_count};
    if (build(f, &view, &o) != RT_OK) {
        rt_frequency_free(f);
        return rti_fail(RT_ENOMEM, "%s: out of memory", fn);
    }
    *frequency = f;
    return RT_OK;
}

void rt_frequency_free(rt_frequency *f)
{
    if (f == NULL)
        return;
    rti_allocator alloc = f->alloc;
    rti_free(&alloc, f->ids);
    rti_free(&alloc, f->now);
    rti_free(&alloc, f->earlier);
    rti_idmap_free(&f->id_map, &alloc);
    rti_idmap_free(&f->segment_map, &alloc);
    rti_free(&alloc, f->segments);
    rti_free(&alloc, f->forgettable);
    rti_free(&alloc, f);
}

static rt_status check_bucket(const char *fn, rt_frequency_bucket b, int none_allowed)
{
    if ((unsigned)b < RT_FREQUENCY_BUCKETS || (none_allowed && b == RT_FREQUENCY_NONE))
        return RT_OK;
    return rti_fail(RT_EINVAL, "%s: unknown bucket %d", fn, (int)b);
}

rt_status rt_frequency_count(const rt_frequency *f, rt_frequency_bucket bucket,
                             uint64_t *customers)
{
    static const char fn[] = "rt_frequency_count";
    if (f == NULL)
        return rti_fail(RT_EINVAL, "%s: frequency is NULL", fn);
    RTI_TRY(rti_check_out(customers, fn, "customers"));
    RTI_TRY(check_bucket(fn, bucket, 0));
    *customers = f->spectrum[bucket];
    return RT_OK;
}

rt_status rt_frequency_segment_count(const rt_frequency *f, uint32_t segment,
                                     rt_frequency_bucket bucket, uint64_t *customers)
{
    static const char fn[] = "rt_frequency_segment_count";
    if (f == NULL)
        return rti_fail(RT_EINVAL, "%s: frequency is NULL", fn);
    RTI_TRY(rti_check_out(customers, fn, "customers"));
    RTI_TRY(check_bucket(fn, bucket, 0));
    uint32_t row = rti_idmap_find(&f->segment_map, segment);
    if (row == RTI_IDMAP_EMPTY)
        return rti_fail(RT_ENOTFOUND, "%s: no customer of segment %u was bucketed", fn,
                        (unsigned)segment);
    *customers = f->segments[row].counts[bucket];
    return RT_OK;
}

rt_status rt_frequency_forgettable_segments(const rt_frequency *f, uint32_t *segments,
                                            size_t capacity, size_t *count)
{
    static const char fn[] = "rt_frequency_forgettable_segments";
    if (f == NULL || (segments == NULL && capacity > 0))
        return rti_fail(RT_EINVAL, "%s: frequency or segments is NULL", fn);
    RTI_TRY(rti_check_out(count, fn, "count"));
    size_t n = f->forgettable_count < capacity ? f->forgettable_count : capacity;
    if (n > 0)
        memcpy(segments, f->forgettable, n * sizeof *segments);
    *count = f->forgettable_count;
    return RT_OK;
}

rt_status rt_frequency_customer(const rt_frequency *f, uint64_t customer_id,
                                rt_frequency_bucket *now, rt_frequency_bucket *earlier)
{
    static const char fn[] = "rt_frequency_customer";
    if (f == NULL)
        return rti_fail(RT_EINVAL, "%s: frequency is NULL", fn);
    RTI_TRY(rti_check_out(now, fn, "now"));
    uint32_t i = rti_idmap_find(&f->id_map, customer_id);
    if (i == RTI_IDMAP_EMPTY || f->now[i] == RT_FREQUENCY_NONE)
        return rti_fail(RT_ENOTFOUND, "%s: customer %llu is not a customer at the as-of "
                        "day", fn, (unsigned long long)customer_id);
    *now = (rt_frequency_bucket)f->now[i];
    if (earlier != NULL)
        *earlier = (rt_frequency_bucket)f->earlier[i];
    return RT_OK;
}

rt_status rt_frequency_transitions(const rt_frequency *f, rt_frequency_bucket earlier,
                                   rt_frequency_bucket now, uint64_t *customers)
{
    static const char fn[] = "rt_frequency_transitions";
    if (f == NULL)
        return rti_fail(RT_EINVAL, "%s: frequency is NULL", fn);
    RTI_TRY(rti_check_out(customers, fn, "customers"));
    RTI_TRY(check_bucket(fn, earlier, 1));
    RTI_TRY(check_bucket(fn, now, 1));
    if (!f->use_earlier)
        return rti_fail(RT_EINVAL, "%s: no earlier day was asked for (use_earlier)", fn);
    *customers = f->transitions[earlier][now];
    return RT_OK;
}

/* Options that change a bucket: merging needs them equal. */
static int same_options(const rt_frequency_options *a, const rt_frequency_options *b)
{
    return a->as_of_day == b->as_of_day && a->use_earlier == b->use_earlier &&
           (!a->use_earlier || a->earlier_day == b->earlier_day) &&
           a->lookback_days == b->lookback_days && a->new_days == b->new_days &&
           a->dormant_days == b->dormant_days &&
           a->daily_max_interval == b->daily_max_interval &&
           a->weekly_max_interval == b->weekly_max_interval &&
           a->monthly_max_interval == b->monthly_max_interval &&
           a->forgettable_share == b->forgettable_share;
}

/* Every allocation of a merge, done before anything changes. */
static rt_status reserve_merge(rt_frequency *into, const rt_frequency *from,
                               uint32_t **forgettable)
{
    size_t n = into->customer_count + from->customer_count;
    uint64_t *ids = rti_realloc_array(&into->alloc, into->ids, n ? n : 1, sizeof *ids);
    if (ids == NULL)
        return RT_ENOMEM;
    into->ids = ids;  /* larger, same contents */
    uint8_t *now = rti_realloc_array(&into->alloc, into->now, n ? n : 1, 1);
    if (now == NULL)
        return RT_ENOMEM;
    into->now = now;
    uint8_t *earlier = rti_realloc_array(&into->alloc, into->earlier, n ? n : 1, 1);
    if (earlier == NULL)
        return RT_ENOMEM;
    into->earlier = earlier;
    RTI_TRY(rti_idmap_reserve(&into->id_map, &into->alloc, from->customer_count));
    RTI_TRY(rti_frequency_reserve_segments(into, from->segment_count));
    size_t rows = into->segment_count + from->segment_count;
    *forgettable = rti_alloc_array(&into->alloc, rows ? rows : 1, sizeof **forgettable);
    return *forgettable ? RT_OK : RT_ENOMEM;
}

rt_status rt_frequency_merge(rt_frequency *into, const rt_frequency *from)
{
    static const char fn[] = "rt_frequency_merge";
    if (into == NULL || from == NULL)
        return rti_fail(RT_EINVAL, "%s: frequency is NULL", fn);
    if (!same_options(&into->options, &from->options))
        return rti_fail(RT_EINVAL, "%s: the results were computed with different options", fn);
    for (size_t i = 0; i < from->customer_count; i++)
        if (rti_idmap_find(&into->id_map, from->ids[i]) != RTI_IDMAP_EMPTY)
            return rti_fail(RT_EINVAL, "%s: customer %llu is in both: the customer sets "
                            "must be disjoint", fn, (unsigned long long)from->ids[i]);
    uint32_t *forgettable = NULL;
    if (reserve_merge(into, from, &forgettable) != RT_OK) {
        rti_free(&into->alloc, forgettable);
        return rti_fail(RT_ENOMEM, "%s: out of memory", fn);
    }
    for (size_t i = 0; i < from->customer_count; i++) {
        size_t at = into->customer_count++;
        into->ids[at] = from->ids[i];
        into->now[at] = from->now[i];
        into->earlier[at] = from->earlier[i];
        rti_idmap_get_or_insert(&into->id_map, from->ids[i], (uint32_t)at);
    }
    for (size_t b = 0; b < RT_FREQUENCY_BUCKETS; b++)
        into->spectrum[b] += from->spectrum[b];
    for (size_t e = 0; e < STATES; e++)
        for (size_t n = 0; n < STATES; n++)
            into->transitions[e][n] += from->transitions[e][n];
    for (size_t r = 0; r < from->segment_count; r++) {
        segment_row *row = rti_frequency_segment_row(into, from->segments[r].segment);
        for (size_t b = 0; b < RT_FREQUENCY_BUCKETS; b++)
            row->counts[b] += from->segments[r].counts[b];
    }
    rti_free(&into->alloc, into->forgettable);
    into->forgettable = forgettable;
    into->forgettable_count = list_forgettable(into, forgettable);
    return RT_OK;
}
