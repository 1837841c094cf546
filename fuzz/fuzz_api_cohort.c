/* Operations that add to the cohorts and the standalone customer, and read
 * customers back. A bulk add goes to ALL first; if it fails, nothing of it
 * may show (all or nothing) and the parts are left alone; if it succeeds,
 * each part must accept its share, and ALL must stay the sum of the parts. */
#include <stdint.h>

#include <retention.h>

#include "fuzz_api.h"
#include "fuzz_api_values.h"
#include "fuzz_check.h"

typedef struct cohort_counts {
    uint64_t customers, events, purchases, subscriptions, late_payments;
    rt_status range_status;
    int32_t first_day, last_day;
} cohort_counts;

static cohort_counts counts_of(const rt_cohort *c)
{
    cohort_counts k = {
        .customers = rt_cohort_customer_count(c),
        .events = rt_cohort_event_count(c),
        .purchases = rt_cohort_purchase_count(c),
        .subscriptions = rt_cohort_subscription_count(c),
        .late_payments = rt_cohort_late_payment_count(c),
    };
    k.range_status = rt_cohort_day_range(c, &k.first_day, &k.last_day);
    if (k.range_status == RT_OK)
        FUZZ_CHECK(k.first_day <= k.last_day);
    else
        k.first_day = k.last_day = 0;
    return k;
}

static int counts_equal(const cohort_counts *a, const cohort_counts *b)
{
    return a->customers == b->customers && a->events == b->events &&
           a->purchases == b->purchases && a->subscriptions == b->subscriptions &&
           a->late_payments == b->late_payments && a->range_status == b->range_status &&
           a->first_day == b->first_day && a->last_day == b->last_day;
}

/* ALL is the sum of EVEN and ODD, and spans both their ranges. */
static void check_sum_of_parts(const api_state *s)
{
    cohort_counts all = counts_of(s->cohort[ALL]), even = counts_of(s->cohort[EVEN]),
                  odd = counts_of(s->cohort[ODD]);
    FUZZ_CHECK(all.customers == even.customers + odd.customers);
    FUZZ_CHECK(all.events == even.events + odd.events);
    FUZZ_CHECK(all.purchases == even.purchases + odd.purchases);
    FUZZ_CHECK(all.subscriptions == even.subscriptions + odd.subscriptions);
    FUZZ_CHECK(all.late_payments == even.late_payments + odd.late_payments);
    for (int k = 0; k < 2; k++) {
        const cohort_counts *part = k == 0 ? &even : &odd;
        if (part->range_status == RT_OK)
            FUZZ_CHECK(all.range_status == RT_OK && all.first_day <= part->first_day &&
                       part->last_day <= all.last_day);
    }
}

/* The records of one bulk call, and each part's share of them. */
typedef struct records {
    size_t count;
    uint64_t ids[MAX_BATCH];
    int64_t times[MAX_BATCH], ends[MAX_BATCH];
    double amounts[MAX_BATCH];
    uint32_t segments[MAX_BATCH];
} records;

static void share_of(const records *all, int part, records *share)
{
    share->count = 0;
    for (size_t i = 0; i < all->count; i++) {
        if (part_of(all->ids[i]) != part)
            continue;
        size_t j = share->count++;
        share->ids[j] = all->ids[i];
        share->times[j] = all->times[i];
        share->ends[j] = all->ends[i];
        share->amounts[j] = all->amounts[i];
        share->segments[j] = all->segments[i];
    }
}

typedef rt_status (*bulk_add)(rt_cohort *c, const records *r, size_t *bad_index);

static rt_status add_events(rt_cohort *c, const records *r, size_t *bad)
{
    return rt_cohort_add_events(c, r->ids, r->times, r->count, bad);
}

static rt_status add_purchases(rt_cohort *c, const records *r, size_t *bad)
{
    return rt_cohort_add_purchases(c, r->ids, r->times, r->amounts, r->count, bad);
}

static rt_status add_subscriptions(rt_cohort *c, const records *r, size_t *bad)
{
    return rt_cohort_add_subscriptions(c, r->ids, r->times, r->ends, r->count, bad);
}

static rt_status set_segments(rt_cohort *c, const records *r, size_t *bad)
{
    return rt_cohort_set_segments(c, r->ids, r->segments, r->count, bad);
}

static void add_everywhere(api_state *s, const records *r, bulk_add add, unsigned documented)
{
    cohort_counts before = counts_of(s->cohort[ALL]);
    const size_t untouched = SIZE_MAX - 7;
    size_t bad = untouched;
    rt_status st = add(s->cohort[ALL], r, &bad);
    fuzz_check_documented(st, documented);
    if (st != RT_OK) {
        cohort_counts after = counts_of(s->cohort[ALL]);
        FUZZ_CHECK(counts_equal(&before, &after));
        /* Which record was bad is told for a bad record, not for NULL or memory. */
        FUZZ_CHECK(bad == untouched || bad < r->count);
        FUZZ_CHECK(st != RT_ERANGE || bad < r->count);
        FUZZ_CHECK(st != RT_ENOMEM || bad == untouched);
        return;
    }
    FUZZ_CHECK(bad == untouched);
    for (int part = EVEN; part <= ODD; part++) {
        records share;
        share_of(r, part, &share);
        FUZZ_CHECK(add(s->cohort[part], &share, NULL) == RT_OK);
    }
    check_sum_of_parts(s);
}

static void draw_records(api_state *s, records *r)
{
    r->count = take_batch(s);
    for (size_t i = 0; i < r->count; i++) {
        r->ids[i] = fuzz_id(&s->in);
        r->times[i] = fuzz_time(&s->in);
        r->ends[i] = r->times[i];
        r->amounts[i] = 0.0;
        r->segments[i] = 0;
    }
}

enum {
    ADD_STATUSES = FUZZ_ST(RT_OK) | FUZZ_ST(RT_EINVAL) | FUZZ_ST(RT_ERANGE) | FUZZ_ST(RT_ENOMEM),
};

void op_add_events(api_state *s)
{
    records r;
    draw_records(s, &r);
    add_everywhere(s, &r, add_events, ADD_STATUSES);
}

void op_add_purchases(api_state *s)
{
    records r;
    draw_records(s, &r);
    for (size_t i = 0; i < r.count; i++)
        r.amounts[i] = fuzz_amount(&s->in);
    add_everywhere(s, &r, add_purchases, ADD_STATUSES);
}

void op_add_subscriptions(api_state *s)
{
    records r;
    draw_records(s, &r);
    for (size_t i = 0; i < r.count; i++) {
        uint8_t pick = fuzz_u8(&s->in);
        int64_t length = (int64_t)pick * 86400 * 3;
        int fits = r.times[i] <= INT64_MAX - length;
        r.ends[i] = pick < 64              ? RT_SUBSCRIPTION_OPEN
                    : pick < 240 && fits   ? r.times[i] + length
                                           : fuzz_time(&s->in);
    }
    add_everywhere(s, &r, add_subscriptions, ADD_STATUSES);
}

void op_set_segments(api_state *s)
{
    records r;
    draw_records(s, &r);
    for (size_t i = 0; i < r.count; i++)
        r.segments[i] = fuzz_segment(&s->in);
    add_everywhere(s, &r, set_segments, ADD_STATUSES | FUZZ_ST(RT_ENOTFOUND));
}

void op_add_late_payment(api_state *s)
{
    uint64_t id = fuzz_id(&s->in);
    int64_t t = fuzz_time(&s->in);
    cohort_counts before = counts_of(s->cohort[ALL]);
    rt_status st = rt_cohort_add_late_payment(s->cohort[ALL], id, t);
    fuzz_check_documented(st, ADD_STATUSES);
    if (st != RT_OK) {
        cohort_counts after = counts_of(s->cohort[ALL]);
        FUZZ_CHECK(counts_equal(&before, &after));
        return;
    }
    FUZZ_CHECK(rt_cohort_add_late_payment(s->cohort[part_of(id)], id, t) == RT_OK);
    check_sum_of_parts(s);
}

typedef struct customer_view {
    rt_status range_status, gap_status;
    int32_t first_day, last_day;
    uint64_t days;
    double gap;
} customer_view;

/* Reads a customer, checking its getters against each other. */
static customer_view view_of(const rt_customer *c, fuzz_input *in)
{
    customer_view v = {.days = rt_customer_active_day_count(c)};
    v.range_status = rt_customer_day_range(c, &v.first_day, &v.last_day);
    fuzz_check_documented(v.range_status, FUZZ_ST(RT_OK) | FUZZ_ST(RT_EUNDEFINED));
    v.gap_status = rt_customer_mean_gap(c, &v.gap);
    fuzz_check_documented(v.gap_status, FUZZ_ST(RT_OK) | FUZZ_ST(RT_EUNDEFINED));
    if (v.range_status != RT_OK) {
        FUZZ_CHECK(v.days == 0 && v.gap_status != RT_OK);
        v.first_day = v.last_day = 0;
        return v;
    }
    FUZZ_CHECK(v.first_day <= v.last_day && v.days >= 1);
    FUZZ_CHECK(v.days <= (uint64_t)((int64_t)v.last_day - v.first_day + 1));
    uint64_t n = UINT64_MAX;
    FUZZ_CHECK(rt_customer_active_days(c, v.first_day, v.last_day, &n) == RT_OK && n == v.days);
    FUZZ_CHECK(rt_customer_active_days(c, v.first_day - 1, v.first_day - 1, &n) == RT_OK &&
               n == 0);
    int32_t a = fuzz_day_near(in, v.first_day, v.last_day);
    int32_t b = fuzz_day_near(in, v.first_day, v.last_day);
    rt_status st = rt_customer_active_days(c, a, b, &n);
    fuzz_check_documented(st, FUZZ_ST(RT_OK) | FUZZ_ST(RT_EINVAL));
    FUZZ_CHECK((st == RT_OK) == (a <= b));
    if (st == RT_OK)
        FUZZ_CHECK(n <= v.days && n <= (uint64_t)((int64_t)b - a + 1));
    uint32_t window = fuzz_below(in, 64);
    uint64_t trailing = UINT64_MAX;
    st = rt_customer_active_days_trailing(c, b, window, &trailing);
    fuzz_check_documented(st, FUZZ_ST(RT_OK) | FUZZ_ST(RT_EINVAL) | FUZZ_ST(RT_ERANGE));
    if (window == 0)
        FUZZ_CHECK(st != RT_OK);
    if (st == RT_OK)
        FUZZ_CHECK(trailing <= window && trailing <= v.days);
    if (v.gap_status == RT_OK) {
        /* Gaps between v.days days spread over first .. last. */
        FUZZ_CHECK(v.days >= 2 && v.gap >= 1.0);
        FUZZ_CHECK(fuzz_close(v.gap * (double)(v.days - 1),
                              (double)((int64_t)v.last_day - v.first_day), 1e-9));
    } else {
        FUZZ_CHECK(v.days == 1);
        v.gap = 0.0;
    }
    return v;
}

static int views_equal(const customer_view *a, const customer_view *b)
{
    return a->range_status == b->range_status && a->gap_status == b->gap_status &&
           a->first_day == b->first_day && a->last_day == b->last_day && a->days == b->days &&
           a->gap == b->gap;
}

/* A member of ALL reads the same as in its part. */
void op_customer(api_state *s)
{
    uint64_t id = fuzz_u8(&s->in) == 0 ? STANDALONE_ID : fuzz_id(&s->in);
    rt_customer *whole = NULL, *part = NULL;
    rt_status st = rt_cohort_customer(s->cohort[ALL], id, &whole);
    fuzz_check_documented(st, FUZZ_ST(RT_OK) | FUZZ_ST(RT_ENOTFOUND) | FUZZ_ST(RT_ENOMEM));
    if (st == RT_ENOMEM)
        return;
    rt_status part_st = rt_cohort_customer(s->cohort[part_of(id)], id, &part);
    FUZZ_CHECK(part_st == st);
    if (st == RT_OK) {
        /* The same days are asked of each view: each reads its own copy. */
        fuzz_input for_part = s->in, for_standalone = s->in;
        customer_view a = view_of(whole, &s->in), b = view_of(part, &for_part);
        FUZZ_CHECK(views_equal(&a, &b));
        if (id == STANDALONE_ID) {
            customer_view c = view_of(s->customer, &for_standalone);
            FUZZ_CHECK(views_equal(&a, &c));
        }
    }
    rt_customer_free(whole);
    rt_customer_free(part);
}

/* Events of the standalone customer: all or nothing there, and the same
 * events under STANDALONE_ID in the cohorts. */
void op_standalone(api_state *s)
{
    records r;
    draw_records(s, &r);
    fuzz_input probe = s->in;
    customer_view before = view_of(s->customer, &probe);
    size_t bad = SIZE_MAX;
    rt_status st = rt_customer_add_events(s->customer, r.times, r.count, &bad);
    fuzz_check_documented(st, ADD_STATUSES);
    if (st != RT_OK) {
        probe = s->in;
        customer_view after = view_of(s->customer, &probe);
        FUZZ_CHECK(views_equal(&before, &after));
        return;
    }
    for (size_t i = 0; i < r.count; i++)
        r.ids[i] = STANDALONE_ID;
    fuzz_alloc_disarm();  /* the cohorts must now take what the customer took */
    add_everywhere(s, &r, add_events, FUZZ_ST(RT_OK));
}
