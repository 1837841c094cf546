/* Appending the staged events to the cohort's columns, dropping repeats:
 * an event on a day already stored for its customer adds nothing (the
 * activity lists hold distinct days), and logs arrive nearly in time order,
 * so comparing with the customer's latest stored day drops most repeats
 * (about three events in four on a typical log) at 4 bytes per customer.
 *
 * With threads, the staged events are cut into runs, one per part, each
 * compared with its own column of latest days (part 0 with latest_day);
 * then, on the calling thread, each later part's kept events are compared
 * once more with latest_day, which catches a day its run shares with the
 * runs before it, and are moved down behind them. A part's column may be
 * older than latest_day, so a few more repeats may be kept (never fewer
 * distinct days): the results are the same for every number of threads.
 * Every value of every column stays INT32_MIN or a day stored for that
 * customer, which is all the dropping relies on. */
#include "cohort/cohort_state.h"

#include <string.h>

#include "core/bits.h"
#include "core/parallel.h"

enum { MIN_EVENTS_PER_PART = 1 << 15, PREFETCH_AHEAD = 16 };

typedef struct commit_call {
    uint32_t *customers;   /* the staged events, kept ones moved to each run's front */
    int32_t *days;
    size_t n;
    int32_t *latest[RTI_MAX_THREADS];  /* by part: its latest days */
    size_t kept_end[RTI_MAX_THREADS];  /* by part: end of its kept events */
} commit_call;

/* Keeps the events of [begin, end) whose day is not the latest in
 * `latest`, at the run's front; returns the end of the kept ones. */
static size_t keep_new_days(uint32_t *customers, int32_t *days, size_t begin, size_t end,
                            int32_t *latest)
{
    size_t kept = begin;
    for (size_t i = begin; i < end; i++) {
        if (i + PREFETCH_AHEAD < end)
            RTI_PREFETCH(&latest[customers[i + PREFETCH_AHEAD]]);
        uint32_t who = customers[i];
        int32_t day = days[i];
        if (latest[who] == day)
            continue;
        latest[who] = day;
        customers[kept] = who;
        days[kept] = day;
        kept++;
    }
    return kept;
}

static void commit_part(void *arg, unsigned part, unsigned parts)
{
    commit_call *call = arg;
    size_t begin, end;
    rti_part_range(call->n, part, parts, &begin, &end);
    call->kept_end[part] = keep_new_days(call->customers, call->days, begin, end,
                                         call->latest[part]);
}

/* Columns of latest days for parts 1 .. parts - 1, one per customer each;
 * 0 when there is no memory for them (the commit then runs on one thread). */
static int reserve_part_latest(rt_cohort *c, unsigned parts)
{
    size_t columns = c->threads - 1, have = c->part_latest_capacity;
    if (parts < 2 || columns == 0)
        return 0;
    if (have >= c->customer_count)
        return 1;
    size_t want = c->customer_capacity;
    int32_t *block = rti_alloc_array(&c->alloc, columns, want * sizeof *block);
    if (block == NULL)
        return 0;
    for (size_t k = 0; k < columns; k++) {
        int32_t *column = block + k * want;
        if (have > 0)
            memcpy(column, c->part_latest + k * have, have * sizeof *column);
        for (size_t i = have; i < want; i++)
            column[i] = INT32_MIN;
    }
    rti_free(&c->alloc, c->part_latest);
    c->part_latest = block;
    c->part_latest_capacity = want;
    return 1;
}

/* Cuts the commit over threads; returns the count of kept events, moved to
 * the front of the staged ones. */
static size_t keep_in_parts(rt_cohort *c, uint32_t *customers, int32_t *days, size_t n,
                            unsigned parts)
{
    commit_call call = {customers, days, n, {c->latest_day}, {0}};
    for (unsigned part = 1; part < parts; part++)
        call.latest[part] = c->part_latest + (part - 1) * c->part_latest_capacity;
    rti_run_parts(commit_part, &call, parts);
    size_t kept = call.kept_end[0];
    for (unsigned part = 1; part < parts; part++) {
        size_t begin, end;
        rti_part_range(n, part, parts, &begin, &end);
        /* The run's kept events against latest_day, moved down to kept. */
        size_t tail = keep_new_days(customers, days, begin, call.kept_end[part], c->latest_day);
        memmove(customers + kept, customers + begin, (tail - begin) * sizeof *customers);
        memmove(days + kept, days + begin, (tail - begin) * sizeof *days);
        kept += tail - begin;
    }
    return kept;
}

void rti_cohort_commit_events(rt_cohort *c, size_t n)
{
    uint32_t *customers = c->event_customer + c->event_count;
    int32_t *days = c->event_day + c->event_count;
    unsigned parts = rti_parts_for(n, c->threads, MIN_EVENTS_PER_PART);
    size_t kept = reserve_part_latest(c, parts)
                      ? keep_in_parts(c, customers, days, n, parts)
                      : keep_new_days(customers, days, 0, n, c->latest_day);
    if (kept == 0) {
        c->events_received += n;
        return;
    }
    int32_t lo = c->event_count ? c->first_day : days[0];
    int32_t hi = c->event_count ? c->last_day : days[0];
    for (size_t i = 0; i < kept; i++) {
        lo = days[i] < lo ? days[i] : lo;
        hi = days[i] > hi ? days[i] : hi;
    }
    rti_cohort_forget_activity(c);
    c->first_day = lo;
    c->last_day = hi;
    c->event_count += kept;
    c->events_received += n;
}

void rti_cohort_forget_latest_days(rt_cohort *c)
{
    for (size_t i = 0; i < c->customer_count; i++)
        c->latest_day[i] = INT32_MIN;
    size_t columns = c->part_latest != NULL ? c->threads - 1 : 0;
    for (size_t i = 0; i < columns * c->part_latest_capacity; i++)
        c->part_latest[i] = INT32_MIN;
}
