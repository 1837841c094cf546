/* Cohorts by start event against a brute force on random populations: the
 * tables, sizes and Kaplan-Meier counts written plainly from the
 * definitions of metrics.h ("Cohorts by start event"), with calendar
 * periods found by the C library's gmtime (not the library's calendar
 * code); and metrics of disjoint customer sets, merged, against the whole. */
#define _GNU_SOURCE  /* timegm */
#define _TIME_BITS 64  /* a 64-bit time_t on 32-bit glibc targets too (with _FILE_OFFSET_BITS=64) */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "retention.h"

#define MAX_CUSTOMERS 12
#define SPAN 90      /* days of activity and starts per population */
#define MAX_PERIODS (SPAN + 2)
#define DAY 86400
#define NO_START INT32_MAX

static uint64_t rng_state = 0x2545F4914F6CDD1Du;
static uint64_t rnd(uint64_t n)  /* xorshift64*, uniform enough for tests */
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (rng_state * 2685821657736338717u >> 11) % n;
}

typedef struct population {
    int32_t utc_offset;
    uint32_t weekday, inactivity;
    int32_t lo;  /* day of column 0 */
    size_t customers;
    uint64_t ids[MAX_CUSTOMERS];
    uint32_t segment[MAX_CUSTOMERS];
    bool active[MAX_CUSTOMERS][SPAN];
    int32_t start[MAX_CUSTOMERS];  /* earliest start day, NO_START if none */
    bool known[MAX_CUSTOMERS];     /* has an event or a start (is in the cohort) */
} population;

typedef struct question {
    rt_period period;
    int32_t first, last;
    uint32_t max_offset;
    uint32_t use_segment, segment;
} question;

/* Index of a day's period, found with gmtime: weeks are counted by their
 * first day (all congruent mod 7), months as year * 12 + month. */
static int64_t period_of(rt_period p, uint32_t weekday, int32_t day)
{
    time_t t = (time_t)day * DAY;
    struct tm tm;
    gmtime_r(&t, &tm);
    if (p == RT_PERIOD_DAY)
        return day;
    if (p == RT_PERIOD_WEEK) {
        uint32_t iso = tm.tm_wday == 0 ? 7 : (uint32_t)tm.tm_wday;
        int64_t first = (int64_t)day - (int64_t)((iso + 7 - weekday) % 7);
        return (first - (((first % 7) + 7) % 7)) / 7;
    }
    return (int64_t)tm.tm_year * 12 + tm.tm_mon;
}

/* First day of the period of a day, by stepping back with period_of. */
static int32_t period_start(rt_period p, uint32_t weekday, int32_t day)
{
    int64_t own = period_of(p, weekday, day);
    while (period_of(p, weekday, day - 1) == own)
        day--;
    return day;
}

static void generate(population *pop)
{
    memset(pop, 0, sizeof *pop);
    pop->utc_offset = (int32_t)rnd(36 * 3600 + 1) - 18 * 3600;
    pop->weekday = 1 + (uint32_t)rnd(7);
    pop->inactivity = 1 + (uint32_t)rnd(20);
    pop->lo = (int32_t)rnd(20000);
    pop->customers = 1 + (size_t)rnd(MAX_CUSTOMERS);
    for (size_t c = 0; c < pop->customers; c++) {
        pop->ids[c] = rnd(3) == 0 ? c : rng_state ^ (c * 0x9E37u);
        pop->segment[c] = (uint32_t)rnd(2);
        pop->start[c] = NO_START;
    }
}

/* A Unix time within a local day of the population. */
static int64_t time_on(const population *pop, int32_t day)
{
    return (int64_t)day * DAY + (int64_t)rnd(DAY) - pop->utc_offset;
}

/* Random activity and start events into both the population and the
 * cohorts (customer c goes to cohorts[c % parts]); some customers never
 * start, some start more than once, some start and do nothing else. */
static void fill(population *pop, rt_cohort *const *cohorts, size_t parts)
{
    size_t events = (size_t)rnd(60);
    for (size_t i = 0; i < events; i++) {
        size_t c = (size_t)rnd(pop->customers);
        int32_t d = (int32_t)rnd(c % 2 ? SPAN : 15);
        pop->active[c][d] = pop->known[c] = true;
        assert_int_equal(rt_cohort_add_event(cohorts[c % parts], pop->ids[c],
                                             time_on(pop, pop->lo + d)), RT_OK);
    }
    uint64_t ids[3 * MAX_CUSTOMERS];
    int64_t times[3 * MAX_CUSTOMERS];
    for (size_t part = 0; part < parts; part++) {
        size_t n = 0;
        for (size_t c = part; c < pop->customers; c += parts) {
            if (rnd(4) == 0)
                continue;  /* never starts */
            for (uint64_t k = 1 + rnd(3); k > 0; k--) {
                int32_t day = pop->lo + (int32_t)rnd(SPAN);
                ids[n] = pop->ids[c];
                times[n++] = time_on(pop, day);
                pop->start[c] = day < pop->start[c] ? day : pop->start[c];
                pop->known[c] = true;
            }
        }
        assert_int_equal(rt_cohort_add_starts(cohorts[part], ids, times, n, NULL), RT_OK);
    }
    for (size_t c = 0; c < pop->customers; c++)
        if (pop->known[c])
            assert_int_equal(rt_cohort_set_segment(cohorts[c % parts], pop->ids[c],
                                                   pop->segment[c]), RT_OK);
}

static bool active_on(const population *pop, size_t c, int32_t day)
{
    return day >= pop->lo && day < pop->lo + SPAN && pop->active[c][day - pop->lo];
}

/* What the tables and survival by start should hold. */
typedef struct expected {
    size_t cohorts;
    uint32_t offsets;
    uint64_t size[MAX_PERIODS];
    uint64_t exact[MAX_PERIODS][MAX_PERIODS], after[MAX_PERIODS][MAX_PERIODS];
    bool observed[MAX_PERIODS][MAX_PERIODS];
    size_t lifetimes;
    uint64_t at_risk[SPAN + 64], ended[SPAN + 64];
} expected;

/* Offsets k at which customer c (started on day s) counts as active: 0
 * (the start), and the period of each active day after s up to the end. */
static void active_offsets(const population *pop, const question *q, size_t c, bool *marked)
{
    int32_t s = pop->start[c];
    int64_t own = period_of(q->period, pop->weekday, s);
    memset(marked, 0, MAX_PERIODS * sizeof *marked);
    marked[0] = true;
    for (int32_t d = s + 1; d <= q->last; d++)
        if (active_on(pop, c, d))
            marked[period_of(q->period, pop->weekday, d) - own] = true;
}

/* The customer's lifetime from the start day: ended (true) at the returned
 * length, or censored at it. */
static bool lifetime(const population *pop, const question *q, size_t c, int32_t *length)
{
    int32_t s = pop->start[c], last_active = s;
    for (int32_t d = s + 1; d <= q->last; d++)
        if (active_on(pop, c, d))
            last_active = d;
    bool ended = q->last - last_active > (int32_t)pop->inactivity;
    *length = ended ? last_active - s : q->last - s;
    return ended;
}

static void brute_force(const population *pop, const question *q, expected *e)
{
    memset(e, 0, sizeof *e);
    int64_t p0 = period_of(q->period, pop->weekday, q->first);
    int64_t end = period_of(q->period, pop->weekday, q->last);
    int64_t ended_by_last = period_of(q->period, pop->weekday, q->last + 1);  /* periods before it ended */
    e->cohorts = (size_t)(end - p0 + 1);
    e->offsets = q->max_offset < e->cohorts ? q->max_offset + 1 : (uint32_t)e->cohorts;
    int32_t from = period_start(q->period, pop->weekday, q->first);
    e->lifetimes = (size_t)(q->last - from + 1);
    for (size_t k = 0; k < e->cohorts; k++)
        for (uint32_t j = 0; j < e->offsets; j++)
            e->observed[k][j] = p0 + (int64_t)k + j < ended_by_last;
    for (size_t c = 0; c < pop->customers; c++) {
        int32_t s = pop->start[c];
        if (s == NO_START || (q->use_segment && pop->segment[c] != q->segment))
            continue;
        int64_t own = period_of(q->period, pop->weekday, s);
        if (own < p0 || s > q->last)
            continue;  /* started before the first cohort or after the end */
        size_t k = (size_t)(own - p0);
        e->size[k]++;
        bool marked[MAX_PERIODS];
        active_offsets(pop, q, c, marked);
        for (uint32_t j = 0; j < e->offsets; j++) {
            bool later = false;
            for (size_t i = j; i < MAX_PERIODS; i++)
                later |= marked[i];
            e->exact[k][j] += marked[j];
            e->after[k][j] += later;
        }
        int32_t length;
        if (lifetime(pop, q, c, &length))
            e->ended[length]++;
        for (int32_t t = 0; t <= length; t++)
            e->at_risk[t]++;
    }
}

static rt_metrics *compute(const rt_cohort *c, const question *q)
{
    rt_metrics_options o;
    rt_metrics_options_init(&o, sizeof o);
    o.use_range = 1;
    o.first_day = q->first;
    o.last_day = q->last;
    o.period = q->period;
    o.max_offset = q->max_offset;
    o.use_segment = q->use_segment;
    o.segment = q->segment;
    o.use_starts = 1;
    rt_metrics *m;
    assert_int_equal(rt_cohort_metrics(c, &o, &m), RT_OK);
    return m;
}

static void check(const rt_metrics *m, const expected *e)
{
    assert_int_equal(rt_metrics_cohort_count(m), e->cohorts);
    assert_int_equal(rt_metrics_offset_count(m), e->offsets);
    for (size_t k = 0; k < e->cohorts; k++) {
        uint64_t size;
        assert_int_equal(rt_metrics_cohort(m, k, NULL, &size), RT_OK);
        assert_int_equal(size, e->size[k]);
        for (uint32_t j = 0; j < e->offsets; j++) {
            uint64_t active;
            uint32_t seen;
            assert_int_equal(rt_metrics_retention(m, RT_RETENTION_EXACT, k, j, &active, &seen),
                             RT_OK);
            assert_int_equal(seen, e->observed[k][j]);
            assert_int_equal(active, seen ? e->exact[k][j] : 0);
            assert_int_equal(rt_metrics_retention(m, RT_RETENTION_ON_OR_AFTER, k, j, &active,
                                                  &seen), RT_OK);
            assert_int_equal(active, seen ? e->after[k][j] : 0);
        }
    }
    for (uint32_t t = 0; t < e->lifetimes; t++) {
        uint64_t n, d;
        assert_int_equal(rt_metrics_survival_counts(m, t, &n, &d), RT_OK);
        assert_int_equal(n, e->at_risk[t]);
        assert_int_equal(d, e->ended[t]);
    }
    assert_int_equal(rt_metrics_survival_counts(m, (uint32_t)e->lifetimes, NULL, NULL),
                     RT_ERANGE);
}

/* Metrics by start and by first activity agree on everything that is not
 * computed from a beginning: DAU, WAU, MAU and lifecycle. */
static void same_activity(const rt_cohort *c, const rt_metrics *by_start, const question *q)
{
    rt_metrics_options o;
    rt_metrics_options_init(&o, sizeof o);
    o.use_range = 1;
    o.first_day = q->first;
    o.last_day = q->last;
    o.period = q->period;
    o.use_segment = q->use_segment;
    o.segment = q->segment;
    rt_metrics *by_first;
    assert_int_equal(rt_cohort_metrics(c, &o, &by_first), RT_OK);
    for (int32_t d = q->first; d <= q->last; d++) {
        uint64_t a[3], b[3];
        assert_int_equal(rt_metrics_active(by_start, d, &a[0], &a[1], &a[2]), RT_OK);
        assert_int_equal(rt_metrics_active(by_first, d, &b[0], &b[1], &b[2]), RT_OK);
        assert_memory_equal(a, b, sizeof a);
    }
    for (size_t k = 0; k < rt_metrics_cohort_count(by_first); k++) {
        for (int s = RT_LIFECYCLE_NEW; s <= RT_LIFECYCLE_DORMANT; s++) {
            uint64_t a, b;
            assert_int_equal(rt_metrics_lifecycle(by_start, k, (rt_lifecycle_state)s, &a), RT_OK);
            assert_int_equal(rt_metrics_lifecycle(by_first, k, (rt_lifecycle_state)s, &b), RT_OK);
            assert_int_equal(a, b);
        }
    }
    rt_metrics_free(by_first);
}

static void random_question(const population *pop, question *q)
{
    q->period = (rt_period)rnd(3);
    q->first = pop->lo + (int32_t)rnd(SPAN / 2) - 10;
    q->last = q->first + (int32_t)rnd(SPAN);
    q->max_offset = rnd(4) == 0 ? (uint32_t)rnd(5) : RT_METRICS_DEFAULT_MAX_OFFSET;
    q->use_segment = rnd(3) == 0;
    q->segment = (uint32_t)rnd(2);
}

static rt_cohort *new_cohort(const population *pop)
{
    rt_cohort_options o;
    rt_cohort_options_init(&o, sizeof o);
    o.utc_offset_seconds = pop->utc_offset;
    o.first_weekday = pop->weekday;
    o.inactivity_days = pop->inactivity;
    rt_cohort *c;
    assert_int_equal(rt_cohort_new(&o, &c), RT_OK);
    return c;
}

static int populations(void)
{
    const char *v = getenv("RT_UNDER_VALGRIND");
    return v != NULL && v[0] == '1' ? 150 : 3000;
}

static void tables_by_start_equal_the_brute_force(void **state)
{
    (void)state;
    static population pop;
    static expected e;
    for (int round = 0; round < populations(); round++) {
        generate(&pop);
        rt_cohort *c = new_cohort(&pop);
        fill(&pop, &c, 1);
        for (size_t id = 0; id < pop.customers; id++) {
            int32_t day;
            rt_status st = rt_cohort_start_day(c, pop.ids[id], &day);
            assert_int_equal(st, pop.start[id] == NO_START ? RT_ENOTFOUND : RT_OK);
            if (st == RT_OK)
                assert_int_equal(day, pop.start[id]);
        }
        question q;
        random_question(&pop, &q);
        brute_force(&pop, &q, &e);
        rt_metrics *m = compute(c, &q);
        check(m, &e);
        same_activity(c, m, &q);
        rt_metrics_free(m);
        rt_cohort_free(c);
    }
}

/* Customers split between two cohorts (by index parity): the metrics of
 * both, merged, equal the brute force of the whole population. */
static void merged_parts_equal_the_whole(void **state)
{
    (void)state;
    static population pop;
    static expected e;
    for (int round = 0; round < populations(); round++) {
        generate(&pop);
        rt_cohort *parts[2] = {new_cohort(&pop), new_cohort(&pop)};
        fill(&pop, parts, 2);
        question q;
        random_question(&pop, &q);
        brute_force(&pop, &q, &e);
        rt_metrics *into = compute(parts[0], &q), *from = compute(parts[1], &q);
        assert_int_equal(rt_metrics_merge(into, from), RT_OK);
        check(into, &e);
        rt_metrics_free(into);
        rt_metrics_free(from);
        rt_cohort_free(parts[0]);
        rt_cohort_free(parts[1]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tables_by_start_equal_the_brute_force),
        cmocka_unit_test(merged_parts_equal_the_whole),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
