/* Computing metrics with random options, and checking every getter: each
 * count within the customers, rates in [0, 1], the Kaplan-Meier curve and
 * the averaged retention curve recomputed from the counts the same metrics
 * give, out-of-range indices refused. And the merge: metrics of EVEN
 * merged with ODD equal those of ALL. */
#include <math.h>
#include <stdint.h>

#include <retention.h>

#include "fuzz_api.h"
#include "fuzz_api_values.h"
#include "fuzz_check.h"

/* Getter calls per table, so that a wide table stays quick. */
enum { MAX_CELLS = 4096, MAX_BRACKETS = 6 };

/* Room for the bracket bounds the options point to. */
typedef struct drawn_options {
    rt_metrics_options o;
    uint32_t bounds[MAX_BRACKETS + 1];
    int64_t span_days;               /* of the range computed over */
} drawn_options;

static void draw_brackets(fuzz_input *in, drawn_options *d)
{
    d->o.bracket_count = fuzz_below(in, MAX_BRACKETS + 1);
    uint32_t at = fuzz_below(in, 3);
    for (uint32_t k = 0; k <= d->o.bracket_count; k++) {
        d->bounds[k] = at;
        at += fuzz_below(in, 40);  /* a step of 0 must be refused */
    }
    d->o.bracket_bounds = fuzz_u8(in) == 0 ? NULL : d->bounds;
}

/* Options over a cohort spanning [first, last]: period, range, offsets,
 * segment, trailing window and brackets, mostly valid. */
static void draw_metrics_options(fuzz_input *in, int32_t first, int32_t last, drawn_options *d)
{
    FUZZ_CHECK(rt_metrics_options_init(&d->o, sizeof d->o) == RT_OK);
    uint8_t pick = fuzz_u8(in);
    d->o.period = (rt_period)(pick % 4);  /* 3 is not a period */
    if (pick & 4) {
        d->o.use_range = 1;
        d->o.first_day = fuzz_day_near(in, first - 10, last);
        d->o.last_day = fuzz_day_near(in, d->o.first_day - 1, d->o.first_day + SPAN_DAYS);
    }
    if (pick & 8)
        d->o.max_offset = fuzz_below(in, 40);
    if (pick & 16) {
        d->o.use_segment = 1;
        d->o.segment = fuzz_segment(in);
    }
    if (pick & 32)
        d->o.trailing_days = fuzz_below(in, MAX_TRAILING_DAYS);
    if (pick & 64)
        draw_brackets(in, d);
    int64_t from = d->o.use_range ? d->o.first_day : first;
    int64_t to = d->o.use_range ? d->o.last_day : last;
    d->span_days = to - from + 1;
}

enum {
    COMPUTE_STATUSES = FUZZ_ST(RT_OK) | FUZZ_ST(RT_EINVAL) | FUZZ_ST(RT_ERANGE) |
                       FUZZ_ST(RT_EUNDEFINED) | FUZZ_ST(RT_ENOMEM),
};

static rt_status compute(const rt_cohort *c, const drawn_options *d, rt_metrics **m)
{
    *m = NULL;
    rt_status st = rt_cohort_metrics(c, &d->o, m);
    fuzz_check_documented(st, COMPUTE_STATUSES);
    FUZZ_CHECK((st == RT_OK) == (*m != NULL));
    return st;
}

void op_metrics(api_state *s)
{
    const rt_cohort *all = s->cohort[ALL];
    int32_t first = BASE_DAY, last = BASE_DAY;
    rt_cohort_day_range(all, &first, &last);
    drawn_options d;
    draw_metrics_options(&s->in, first, last, &d);
    if (d.span_days > MAX_COMPUTE_SPAN_DAYS ||
        (int64_t)last - first + 1 > MAX_COMPUTE_SPAN_DAYS)
        return;
    rt_metrics *m;
    if (compute(all, &d, &m) != RT_OK)
        return;
    check_metrics(m, &s->options, rt_cohort_customer_count(all));
    rt_metrics_free(m);
}

/* EVEN merged into ODD's metrics equals ALL's, over a range given to all
 * three (their own activity ranges differ, and merging needs equal
 * options). Merging metrics computed with other options is refused and
 * changes nothing. */
void op_merge(api_state *s)
{
    int32_t first, last;
    if (rt_cohort_day_range(s->cohort[ALL], &first, &last) != RT_OK ||
        (int64_t)last - first + 1 > MAX_COMPUTE_SPAN_DAYS)
        return;
    drawn_options d;
    draw_metrics_options(&s->in, first, last, &d);
    if (!d.o.use_range) {
        d.o.use_range = 1;
        d.o.first_day = first;
        d.o.last_day = last;
        d.span_days = (int64_t)last - first + 1;
    }
    if (d.span_days > MAX_COMPUTE_SPAN_DAYS)
        return;
    rt_metrics *m[COHORTS];
    rt_status st = compute(s->cohort[ALL], &d, &m[ALL]);
    if (st != RT_OK)
        return;
    /* ALL could compute, so can its parts (EUNDEFINED needs no range). */
    FUZZ_CHECK(compute(s->cohort[EVEN], &d, &m[EVEN]) == RT_OK);
    FUZZ_CHECK(compute(s->cohort[ODD], &d, &m[ODD]) == RT_OK);
    FUZZ_CHECK(rt_metrics_merge(m[ODD], m[EVEN]) == RT_OK);
    check_metrics_equal(m[ODD], m[ALL]);

    d.o.last_day++;  /* another range: other options, which the tables show */
    rt_metrics *other;
    if (compute(s->cohort[EVEN], &d, &other) == RT_OK) {
        fuzz_check_documented(rt_metrics_merge(m[ODD], other), FUZZ_ST(RT_EINVAL));
        check_metrics_equal(m[ODD], m[ALL]);
        rt_metrics_free(other);
    }
    for (int k = 0; k < COHORTS; k++)
        rt_metrics_free(m[k]);
}

/* ---- the getters of one metrics ---- */

static void check_activity(const rt_metrics *m, const rt_cohort_options *co, uint64_t customers,
                           int32_t first, int32_t last)
{
    uint64_t dau, wau, mau;
    for (int64_t day = (int64_t)first - 1; day <= (int64_t)last + 1; day++) {
        rt_status st = rt_metrics_active(m, (int32_t)day, &dau, &wau, &mau);
        fuzz_check_documented(st, FUZZ_ST(RT_OK) | FUZZ_ST(RT_ERANGE));
        FUZZ_CHECK((st == RT_OK) == (day >= first && day <= last));
        if (st != RT_OK)
            continue;
        FUZZ_CHECK(dau <= wau && dau <= mau && wau <= customers && mau <= customers);
        if (co->wau_window_days <= co->mau_window_days)
            FUZZ_CHECK(wau <= mau);
    }
    double mean_of_ratios = -1, ratio_of_sums = -1;
    rt_status st = rt_metrics_stickiness(m, first, last, &mean_of_ratios, &ratio_of_sums);
    fuzz_check_documented(st, FUZZ_ST(RT_OK) | FUZZ_ST(RT_EUNDEFINED));
    if (st == RT_OK)
        FUZZ_CHECK(fuzz_is_rate(mean_of_ratios) && fuzz_is_rate(ratio_of_sums));
    fuzz_check_documented(rt_metrics_stickiness(m, first, last + 1, &mean_of_ratios,
                                                &ratio_of_sums), FUZZ_ST(RT_ERANGE));
    if (first < last)
        fuzz_check_documented(rt_metrics_stickiness(m, last, first, &mean_of_ratios,
                                                    &ratio_of_sums), FUZZ_ST(RT_EINVAL));
}

typedef rt_status (*histogram_fn)(const rt_metrics *m, uint32_t n, uint64_t *customers);

/* Sums a histogram over n = 0 .. until refused; it must be refused. */
static uint64_t histogram_total(const rt_metrics *m, histogram_fn h, uint32_t limit)
{
    uint64_t total = 0, count;
    for (uint32_t n = 0; n <= limit; n++) {
        rt_status st = h(m, n, &count);
        fuzz_check_documented(st, FUZZ_ST(RT_OK) | FUZZ_ST(RT_ERANGE));
        if (st != RT_OK)
            return total;
        total += count;
    }
    fuzz_fail(__FILE__, __LINE__, "a histogram longer than its window");
}

static void check_histograms(const rt_metrics *m, uint64_t customers)
{
    uint64_t trailing = histogram_total(m, rt_metrics_trailing_histogram, MAX_TRAILING_DAYS + 2);
    uint64_t range = histogram_total(m, rt_metrics_range_histogram, MAX_COMPUTE_SPAN_DAYS + 2);
    /* Both count every customer first active by last_day, once. */
    FUZZ_CHECK(trailing == range && range <= customers);
}

/* The cohorts' sizes, which bound their cells; returns their total. */
static uint64_t check_cohorts(const rt_metrics *m, uint64_t customers)
{
    size_t count = rt_metrics_cohort_count(m);
    uint64_t total = 0, size;
    int32_t start, previous = INT32_MIN;
    for (size_t c = 0; c < count; c++) {
        FUZZ_CHECK(rt_metrics_cohort(m, c, &start, &size) == RT_OK);
        FUZZ_CHECK(c == 0 || start > previous);
        previous = start;
        total += size;
    }
    FUZZ_CHECK(total <= customers);
    fuzz_check_documented(rt_metrics_cohort(m, count, &start, &size), FUZZ_ST(RT_ERANGE));
    return total;
}

/* One kind's table against its cohorts, and its curve recomputed. */
static void check_table(const rt_metrics *m, rt_retention_kind kind, uint32_t columns)
{
    size_t count = rt_metrics_cohort_count(m);
    uint64_t active, size;
    uint32_t observed;
    for (uint32_t k = 0; k < columns && (size_t)k * count <= MAX_CELLS; k++) {
        uint64_t kept = 0, sizes = 0;
        for (size_t c = 0; c < count; c++) {
            FUZZ_CHECK(rt_metrics_cohort(m, c, NULL, &size) == RT_OK);
            observed = UINT32_MAX;
            FUZZ_CHECK(rt_metrics_retention(m, kind, c, k, &active, &observed) == RT_OK);
            FUZZ_CHECK(observed == 0 || observed == 1);
            FUZZ_CHECK(active <= size && (observed || active == 0));
            if (observed) {
                kept += active;
                sizes += size;
            }
        }
        double rate = -1;
        uint64_t customers = UINT64_MAX;
        rt_status st = rt_metrics_retention_curve(m, kind, k, &rate, &customers);
        fuzz_check_documented(st, FUZZ_ST(RT_OK) | FUZZ_ST(RT_EUNDEFINED));
        FUZZ_CHECK((st == RT_OK) == (sizes > 0));
        if (st == RT_OK)
            FUZZ_CHECK(customers == sizes && fuzz_is_rate(rate) &&
                       fuzz_close(rate, (double)kept / (double)sizes, 1e-12));
    }
    fuzz_check_documented(rt_metrics_retention(m, kind, count, 0, &active, &observed),
                          FUZZ_ST(RT_ERANGE) | (columns == 0 ? FUZZ_ST(RT_EINVAL) : 0));
    fuzz_check_documented(rt_metrics_retention(m, kind, 0, columns, &active, &observed),
                          FUZZ_ST(RT_ERANGE) | (columns == 0 ? FUZZ_ST(RT_EINVAL) : 0));
}

/* Exact cells are within on-or-after ones; offset 0 holds the whole cohort
 * (its customers are active in their first period by definition). */
static void check_tables_agree(const rt_metrics *m)
{
    size_t count = rt_metrics_cohort_count(m);
    uint32_t offsets = rt_metrics_offset_count(m);
    uint64_t exact, later, size;
    uint32_t seen_exact, seen_later;
    for (size_t c = 0; c < count && c * offsets <= MAX_CELLS; c++) {
        FUZZ_CHECK(rt_metrics_cohort(m, c, NULL, &size) == RT_OK);
        for (uint32_t k = 0; k < offsets; k++) {
            FUZZ_CHECK(rt_metrics_retention(m, RT_RETENTION_EXACT, c, k, &exact, &seen_exact) ==
                       RT_OK);
            FUZZ_CHECK(rt_metrics_retention(m, RT_RETENTION_ON_OR_AFTER, c, k, &later,
                                            &seen_later) == RT_OK);
            FUZZ_CHECK(seen_exact == seen_later);
            FUZZ_CHECK(exact <= later);
            if (k == 0 && seen_exact)
                FUZZ_CHECK(exact == size && later == size);
        }
    }
}

static void check_retention(const rt_metrics *m, uint64_t customers)
{
    check_cohorts(m, customers);
    check_table(m, RT_RETENTION_EXACT, rt_metrics_offset_count(m));
    check_table(m, RT_RETENTION_ON_OR_AFTER, rt_metrics_offset_count(m));
    check_table(m, RT_RETENTION_BRACKETS, rt_metrics_bracket_count(m));
    check_tables_agree(m);
    uint64_t active;
    uint32_t observed;
    fuzz_check_documented(rt_metrics_retention(m, (rt_retention_kind)3, 0, 0, &active, &observed),
                          FUZZ_ST(RT_EINVAL) | FUZZ_ST(RT_ERANGE));
}

/* One point of the survival curve, and against the product of its steps
 * when that is known (not NULL). */
static void check_survival_point(const rt_metrics *m, uint32_t t, const double *product,
                                 double *previous)
{
    double s, lower, upper;
    rt_status st = rt_metrics_survival(m, t, &s, &lower, &upper);
    fuzz_check_documented(st, FUZZ_ST(RT_OK) | FUZZ_ST(RT_EUNDEFINED));
    if (st != RT_OK)
        return;
    FUZZ_CHECK(fuzz_is_rate(s) && fuzz_is_rate(lower) && fuzz_is_rate(upper));
    FUZZ_CHECK(lower <= s && s <= upper && s <= *previous);
    FUZZ_CHECK(product == NULL || fuzz_close(s, *product, 1e-9));
    *previous = s;
}

/* Lifetimes of the curve: the first t that rt_metrics_survival_counts()
 * refuses, by bisection (each call walks the curve from 0). */
static uint32_t lifetime_count(const rt_metrics *m)
{
    uint64_t at_risk, ended;
    uint32_t ok = 0, refused = 1;
    while (rt_metrics_survival_counts(m, refused, &at_risk, &ended) == RT_OK) {
        ok = refused;
        refused *= 2;
        FUZZ_CHECK(refused <= 4 * MAX_COMPUTE_SPAN_DAYS);
    }
    if (rt_metrics_survival_counts(m, 0, &at_risk, &ended) != RT_OK)
        return 0;
    while (refused - ok > 1) {
        uint32_t mid = ok + (refused - ok) / 2;
        if (rt_metrics_survival_counts(m, mid, &at_risk, &ended) == RT_OK)
            ok = mid;
        else
            refused = mid;
    }
    return refused;
}

/* The survival curve: recomputed from its own counts, with its median and
 * restricted mean, when it is short (each read walks it from 0, so a long
 * one is read at t = 0, 1, 2, 4, ... only), and its bounds everywhere. */
static void check_survival(const rt_metrics *m, uint64_t customers)
{
    enum { WHOLE_CURVE = 64 };
    uint32_t count = lifetime_count(m);
    int whole = count <= WHOLE_CURVE;
    double product = 1.0, area = 0.0, median = (double)INFINITY, previous = 1.0;
    uint64_t at_risk, ended, previous_at_risk = UINT64_MAX;
    for (uint32_t t = 0; t < count; t = whole || t < 2 ? t + 1 : 2 * t) {
        FUZZ_CHECK(rt_metrics_survival_counts(m, t, &at_risk, &ended) == RT_OK);
        FUZZ_CHECK(ended <= at_risk && at_risk <= customers && at_risk <= previous_at_risk);
        previous_at_risk = at_risk;
        if (at_risk > 0)
            product *= 1.0 - (double)ended / (double)at_risk;
        if ((t & (t - 1)) == 0)
            check_survival_point(m, t, whole ? &product : NULL, &previous);
        area += product;
        if (product <= 0.5 && isinf(median))
            median = t;
    }
    double s;
    fuzz_check_documented(rt_metrics_survival(m, count, &s, NULL, NULL),
                          FUZZ_ST(RT_ERANGE) | FUZZ_ST(RT_EUNDEFINED));
    double days = -1;
    rt_status st = rt_metrics_survival_median(m, &days);
    fuzz_check_documented(st, FUZZ_ST(RT_OK) | FUZZ_ST(RT_EUNDEFINED));
    if (st != RT_OK)
        return;
    FUZZ_CHECK(!isnan(days) && days >= 0.0 && (!whole || days == median));
    /* count is one past the longest observable lifetime: the largest horizon. */
    FUZZ_CHECK(rt_metrics_survival_rmst(m, count, &days) == RT_OK);
    FUZZ_CHECK(days >= 0.0 && days <= count && (!whole || fuzz_close(days, area, 1e-9)));
    fuzz_check_documented(rt_metrics_survival_rmst(m, count + 1, &days), FUZZ_ST(RT_ERANGE));
    fuzz_check_documented(rt_metrics_survival_rmst(m, 0, &days), FUZZ_ST(RT_EINVAL));
}

static void check_lifecycle(const rt_metrics *m, uint64_t customers)
{
    size_t count = rt_metrics_cohort_count(m);
    uint64_t n, size;
    for (size_t p = 0; p < count; p++) {
        for (int state = RT_LIFECYCLE_NEW; state <= RT_LIFECYCLE_DORMANT; state++) {
            FUZZ_CHECK(rt_metrics_lifecycle(m, p, (rt_lifecycle_state)state, &n) == RT_OK);
            FUZZ_CHECK(n <= customers);
        }
        /* New in period p: first active in p, which is cohort p. */
        FUZZ_CHECK(rt_metrics_lifecycle(m, p, RT_LIFECYCLE_NEW, &n) == RT_OK);
        FUZZ_CHECK(rt_metrics_cohort(m, p, NULL, &size) == RT_OK && n == size);
    }
    fuzz_check_documented(rt_metrics_lifecycle(m, count, RT_LIFECYCLE_NEW, &n),
                          FUZZ_ST(RT_ERANGE));
    if (count > 0)
        fuzz_check_documented(rt_metrics_lifecycle(m, 0, (rt_lifecycle_state)4, &n),
                              FUZZ_ST(RT_EINVAL));
}

void check_metrics(const rt_metrics *m, const rt_cohort_options *co, uint64_t customers)
{
    int32_t first, last;
    FUZZ_CHECK(rt_metrics_day_range(m, &first, &last) == RT_OK && first <= last);
    check_activity(m, co, customers, first, last);
    check_histograms(m, customers);
    check_retention(m, customers);
    check_survival(m, customers);
    check_lifecycle(m, customers);
}

/* ---- two metrics that must be equal ---- */

static void check_cells_equal(const rt_metrics *a, const rt_metrics *b, rt_retention_kind kind,
                              uint32_t columns)
{
    size_t count = rt_metrics_cohort_count(a);
    uint64_t x, y;
    uint32_t seen_x, seen_y;
    for (size_t c = 0; c < count && c * columns <= MAX_CELLS; c++)
        for (uint32_t k = 0; k < columns; k++) {
            FUZZ_CHECK(rt_metrics_retention(a, kind, c, k, &x, &seen_x) == RT_OK);
            FUZZ_CHECK(rt_metrics_retention(b, kind, c, k, &y, &seen_y) == RT_OK);
            FUZZ_CHECK(x == y && seen_x == seen_y);
        }
}

static void check_series_equal(const rt_metrics *a, const rt_metrics *b, int32_t first,
                               int32_t last)
{
    uint64_t x[3], y[3];
    for (int32_t day = first; day <= last; day++) {
        FUZZ_CHECK(rt_metrics_active(a, day, &x[0], &x[1], &x[2]) == RT_OK);
        FUZZ_CHECK(rt_metrics_active(b, day, &y[0], &y[1], &y[2]) == RT_OK);
        FUZZ_CHECK(x[0] == y[0] && x[1] == y[1] && x[2] == y[2]);
    }
    /* Sampled: each read walks the curve from 0. */
    for (uint32_t t = 0; t <= 4 * MAX_COMPUTE_SPAN_DAYS; t = t < 2 ? t + 1 : 2 * t) {
        rt_status sa = rt_metrics_survival_counts(a, t, &x[0], &x[1]);
        rt_status sb = rt_metrics_survival_counts(b, t, &y[0], &y[1]);
        FUZZ_CHECK(sa == sb);
        if (sa != RT_OK)
            break;
        FUZZ_CHECK(x[0] == y[0] && x[1] == y[1]);
    }
    FUZZ_CHECK(lifetime_count(a) == lifetime_count(b));
    for (uint32_t n = 0; n <= MAX_COMPUTE_SPAN_DAYS + 1; n++) {
        rt_status sa = rt_metrics_trailing_histogram(a, n, &x[0]);
        FUZZ_CHECK(rt_metrics_trailing_histogram(b, n, &y[0]) == sa);
        rt_status ra = rt_metrics_range_histogram(a, n, &x[1]);
        FUZZ_CHECK(rt_metrics_range_histogram(b, n, &y[1]) == ra);
        FUZZ_CHECK((sa != RT_OK || x[0] == y[0]) && (ra != RT_OK || x[1] == y[1]));
    }
}

void check_metrics_equal(const rt_metrics *a, const rt_metrics *b)
{
    int32_t first[2], last[2];
    FUZZ_CHECK(rt_metrics_day_range(a, &first[0], &last[0]) == RT_OK);
    FUZZ_CHECK(rt_metrics_day_range(b, &first[1], &last[1]) == RT_OK);
    FUZZ_CHECK(first[0] == first[1] && last[0] == last[1]);
    size_t count = rt_metrics_cohort_count(a);
    FUZZ_CHECK(count == rt_metrics_cohort_count(b));
    FUZZ_CHECK(rt_metrics_offset_count(a) == rt_metrics_offset_count(b));
    FUZZ_CHECK(rt_metrics_bracket_count(a) == rt_metrics_bracket_count(b));
    for (size_t c = 0; c < count; c++) {
        int32_t start[2];
        uint64_t size[2], n[2];
        FUZZ_CHECK(rt_metrics_cohort(a, c, &start[0], &size[0]) == RT_OK);
        FUZZ_CHECK(rt_metrics_cohort(b, c, &start[1], &size[1]) == RT_OK);
        FUZZ_CHECK(start[0] == start[1] && size[0] == size[1]);
        for (int state = RT_LIFECYCLE_NEW; state <= RT_LIFECYCLE_DORMANT; state++) {
            FUZZ_CHECK(rt_metrics_lifecycle(a, c, (rt_lifecycle_state)state, &n[0]) == RT_OK);
            FUZZ_CHECK(rt_metrics_lifecycle(b, c, (rt_lifecycle_state)state, &n[1]) == RT_OK);
            FUZZ_CHECK(n[0] == n[1]);
        }
    }
    check_cells_equal(a, b, RT_RETENTION_EXACT, rt_metrics_offset_count(a));
    check_cells_equal(a, b, RT_RETENTION_ON_OR_AFTER, rt_metrics_offset_count(a));
    check_cells_equal(a, b, RT_RETENTION_BRACKETS, rt_metrics_bracket_count(a));
    check_series_equal(a, b, first[0], last[0]);
}
