/* The log-rank test on raw survival data: sort the subjects by time once,
 * then walk the distinct times keeping each group's number at risk. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/check.h"
#include "core/error.h"
#include "core/memory.h"
#include "stats/logrank.h"
#include "core/sized_struct.h"

typedef struct subject {
    double time;
    uint32_t group;
    uint32_t event;
} subject;

/* The per-time counts of every group, plus the sorted subjects. */
typedef struct logrank_walk {
    subject *subjects;
    double *at_risk;  /* group_count */
    double *ended;    /* group_count, zero between times */
} logrank_walk;

static rt_status check_subjects(const double *times, const uint32_t *events,
                                const uint32_t *groups, size_t count, uint32_t group_count,
                                const char *fn)
{
    if (count > 0 && (times == NULL || events == NULL || groups == NULL))
        return rti_fail(RT_EINVAL, "%s: times, events or groups is NULL", fn);
    for (size_t i = 0; i < count; i++) {
        if (!(times[i] >= 0.0 && isfinite(times[i])))
            return rti_fail(RT_EINVAL, "%s: times[%zu] = %g must be finite and >= 0", fn, i,
                            times[i]);
        if (events[i] > 1)
            return rti_fail(RT_EINVAL, "%s: events[%zu] = %u is not 0 or 1", fn, i,
                            (unsigned)events[i]);
        if (groups[i] >= group_count)
            return rti_fail(RT_EINVAL, "%s: groups[%zu] = %u is not below group_count %u",
                            fn, i, (unsigned)groups[i], (unsigned)group_count);
    }
    return RT_OK;
}

static int by_time(const void *x, const void *y)
{
    double a = ((const subject *)x)->time, b = ((const subject *)y)->time;
    return (a > b) - (a < b);
}

static rt_status walk_alloc(logrank_walk *w, const rti_allocator *a, size_t count,
                            uint32_t group_count)
{
    w->subjects = rti_alloc_array(a, count ? count : 1, sizeof *w->subjects);
    w->at_risk = rti_alloc_array(a, group_count, 2 * sizeof *w->at_risk);
    if (w->subjects == NULL || w->at_risk == NULL)
        return RT_ENOMEM;
    w->ended = w->at_risk + group_count;
    memset(w->at_risk, 0, (size_t)group_count * 2 * sizeof *w->at_risk);
    return RT_OK;
}

static void walk_free(logrank_walk *w, const rti_allocator *a)
{
    rti_free(a, w->subjects);
    rti_free(a, w->at_risk);
}

static void sort_subjects(logrank_walk *w, const double *times, const uint32_t *events,
                          const uint32_t *groups, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        w->subjects[i] = (subject){times[i], groups[i], events[i]};
        w->at_risk[groups[i]] += 1.0;
    }
    qsort(w->subjects, count, sizeof *w->subjects, by_time);
}

/* Each distinct time: its events enter the sums, then all its subjects
 * (ended or censored) leave the risk set. */
static void walk_times(logrank_walk *w, size_t count, rti_logrank *lr)
{
    for (size_t i = 0; i < count;) {
        size_t end = i;
        while (end < count && w->subjects[end].time == w->subjects[i].time)
            end++;
        for (size_t s = i; s < end; s++)
            w->ended[w->subjects[s].group] += w->subjects[s].event;
        rti_logrank_add(lr, w->at_risk, w->ended);
        for (size_t s = i; s < end; s++) {
            w->ended[w->subjects[s].group] = 0.0;
            w->at_risk[w->subjects[s].group] -= 1.0;
        }
        i = end;
    }
}

rt_status rt_logrank_test(const double *times, const uint32_t *events,
                          const uint32_t *groups, size_t count, uint32_t group_count,
                          const rt_logrank_options *options, rt_logrank_result *result,
                          double *observed, double *expected)
{
    static const char fn[] = "rt_logrank_test";
    RTI_TRY(rti_sized_result_check(result, RTI_LOGRANK_MIN_SIZE, fn));
    RTI_TRY(check_subjects(times, events, groups, count, group_count, fn));
    if (group_count < 2)
        return rti_fail(RT_EUNDEFINED, "%s: group_count %u; the test compares two or more",
                        fn, (unsigned)group_count);
    rti_allocator a;
    RTI_TRY(rti_logrank_allocator(options, &a, fn));
    logrank_walk w = {0};
    rti_logrank lr = {0};
    rt_status st = walk_alloc(&w, &a, count, group_count);
    if (st == RT_OK)
        st = rti_logrank_init(&lr, &a, group_count);
    if (st == RT_OK) {
        sort_subjects(&w, times, events, groups, count);
        walk_times(&w, count, &lr);
        st = rti_logrank_finish(&lr, fn, result, observed, expected);
    } else {
        st = rti_fail(st, "%s: out of memory", fn);
    }
    rti_logrank_free(&lr, &a);
    walk_free(&w, &a);
    return st;
}
