/* See serialize_equal.h. Doubles compare bit for bit: equal counts must give
 * the same arithmetic, so the same numbers. */
#include "serialize_equal.h"

#include <stdio.h>
#include <string.h>

static int same_double(double x, double y)
{
    return memcmp(&x, &y, sizeof x) == 0;
}

#define DIFFER(...)                                                                     \
    do {                                                                                 \
        fprintf(stderr, "serialize_equal: " __VA_ARGS__);                                \
        fputc('\n', stderr);                                                             \
        return 0;                                                                        \
    } while (0)

static int activity_equal(const rt_metrics *a, const rt_metrics *b, int32_t first,
                          int32_t last)
{
    for (int32_t d = first - 1; d <= last + 1; d++) {
        uint64_t x[3] = {0}, y[3] = {0};
        rt_status sa = rt_metrics_active(a, d, &x[0], &x[1], &x[2]);
        rt_status sb = rt_metrics_active(b, d, &y[0], &y[1], &y[2]);
        if (sa != sb || memcmp(x, y, sizeof x) != 0)
            DIFFER("rt_metrics_active day %d", (int)d);
    }
    double m1 = 0, r1 = 0, m2 = 0, r2 = 0;
    rt_status sa = rt_metrics_stickiness(a, first, last, &m1, &r1);
    rt_status sb = rt_metrics_stickiness(b, first, last, &m2, &r2);
    if (sa != sb || !same_double(m1, m2) || !same_double(r1, r2))
        DIFFER("rt_metrics_stickiness");
    /* Every length of the range and of a trailing window of up to 100 days,
     * and around the longest window. */
    uint32_t span = (uint32_t)(last - first) + 2 > 102 ? (uint32_t)(last - first) + 2 : 102;
    for (uint32_t n = 0; n <= span || n <= 73052; n = n == span && n < 73049 ? 73049 : n + 1) {
        uint64_t x = 0, y = 0, u = 0, v = 0;
        if (rt_metrics_trailing_histogram(a, n, &x) != rt_metrics_trailing_histogram(b, n, &y) ||
            x != y)
            DIFFER("rt_metrics_trailing_histogram %u", (unsigned)n);
        if (rt_metrics_range_histogram(a, n, &u) != rt_metrics_range_histogram(b, n, &v) ||
            u != v)
            DIFFER("rt_metrics_range_histogram %u", (unsigned)n);
    }
    return 1;
}

static int tables_equal(const rt_metrics *a, const rt_metrics *b)
{
    size_t cohorts = rt_metrics_cohort_count(a);
    uint32_t offsets = rt_metrics_offset_count(a), brackets = rt_metrics_bracket_count(a);
    for (int kind = 0; kind <= 3; kind++) {
        uint32_t columns = kind == RT_RETENTION_BRACKETS ? brackets : offsets;
        for (uint32_t k = 0; k <= columns; k++) {
            double r1 = 0, r2 = 0;
            uint64_t c1 = 0, c2 = 0;
            rt_status sa = rt_metrics_retention_curve(a, (rt_retention_kind)kind, k, &r1, &c1);
            rt_status sb = rt_metrics_retention_curve(b, (rt_retention_kind)kind, k, &r2, &c2);
            if (sa != sb || !same_double(r1, r2) || c1 != c2)
                DIFFER("rt_metrics_retention_curve kind %d offset %u", kind, (unsigned)k);
            for (size_t c = 0; c <= cohorts; c++) {
                uint64_t x = 0, y = 0;
                uint32_t ox = 0, oy = 0;
                sa = rt_metrics_retention(a, (rt_retention_kind)kind, c, k, &x, &ox);
                sb = rt_metrics_retention(b, (rt_retention_kind)kind, c, k, &y, &oy);
                if (sa != sb || x != y || ox != oy)
                    DIFFER("rt_metrics_retention kind %d cohort %zu offset %u", kind, c,
                           (unsigned)k);
            }
        }
    }
    return 1;
}

static int cohorts_equal(const rt_metrics *a, const rt_metrics *b)
{
    size_t cohorts = rt_metrics_cohort_count(a);
    for (size_t c = 0; c <= cohorts; c++) {
        int32_t d1 = 0, d2 = 0;
        uint64_t s1 = 0, s2 = 0;
        if (rt_metrics_cohort(a, c, &d1, &s1) != rt_metrics_cohort(b, c, &d2, &s2) ||
            d1 != d2 || s1 != s2)
            DIFFER("rt_metrics_cohort %zu", c);
        for (int state = 0; state <= 4; state++) {
            uint64_t x = 0, y = 0;
            if (rt_metrics_lifecycle(a, c, (rt_lifecycle_state)state, &x) !=
                    rt_metrics_lifecycle(b, c, (rt_lifecycle_state)state, &y) || x != y)
                DIFFER("rt_metrics_lifecycle %zu state %d", c, state);
        }
    }
    return 1;
}

static int survival_equal(const rt_metrics *a, const rt_metrics *b)
{
    for (uint32_t t = 0;; t++) {
        double s[3] = {0}, u[3] = {0};
        rt_status sa = rt_metrics_survival(a, t, &s[0], &s[1], &s[2]);
        rt_status sb = rt_metrics_survival(b, t, &u[0], &u[1], &u[2]);
        if (sa != sb || memcmp(s, u, sizeof s) != 0)
            DIFFER("rt_metrics_survival %u", (unsigned)t);
        uint64_t n[2] = {0}, m[2] = {0};
        rt_status ca = rt_metrics_survival_counts(a, t, &n[0], &n[1]);
        if (ca != rt_metrics_survival_counts(b, t, &m[0], &m[1]) || memcmp(n, m, sizeof n))
            DIFFER("rt_metrics_survival_counts %u", (unsigned)t);
        double r1 = 0, r2 = 0;
        if (rt_metrics_survival_rmst(a, t + 1, &r1) != rt_metrics_survival_rmst(b, t + 1, &r2) ||
            !same_double(r1, r2))
            DIFFER("rt_metrics_survival_rmst %u", (unsigned)t + 1);
        if (ca == RT_ERANGE)
            break;
    }
    double m1 = 0, m2 = 0;
    if (rt_metrics_survival_median(a, &m1) != rt_metrics_survival_median(b, &m2) ||
        !same_double(m1, m2))
        DIFFER("rt_metrics_survival_median");
    return 1;
}

int metrics_equal(const rt_metrics *a, const rt_metrics *b)
{
    int32_t f1, l1, f2, l2;
    if (rt_metrics_day_range(a, &f1, &l1) != RT_OK || rt_metrics_day_range(b, &f2, &l2) != RT_OK ||
        f1 != f2 || l1 != l2)
        DIFFER("rt_metrics_day_range");
    if (rt_metrics_cohort_count(a) != rt_metrics_cohort_count(b) ||
        rt_metrics_offset_count(a) != rt_metrics_offset_count(b) ||
        rt_metrics_bracket_count(a) != rt_metrics_bracket_count(b))
        DIFFER("cohort, offset or bracket count");
    return activity_equal(a, b, f1, l1) && tables_equal(a, b) && cohorts_equal(a, b) &&
           survival_equal(a, b);
}

int metrics_getters_sane(const rt_metrics *m)
{
    /* Comparing m with itself runs every getter, in range and just out. */
    return metrics_equal(m, m);
}

int frequency_equal(const rt_frequency *a, const rt_frequency *b, const uint64_t *ids,
                    size_t id_count, uint32_t max_segment)
{
    for (int bucket = 0; bucket <= RT_FREQUENCY_NONE; bucket++) {
        uint64_t x = 0, y = 0;
        if (rt_frequency_count(a, (rt_frequency_bucket)bucket, &x) !=
                rt_frequency_count(b, (rt_frequency_bucket)bucket, &y) || x != y)
            DIFFER("rt_frequency_count %d", bucket);
        for (uint32_t s = 0; s <= max_segment; s++)
            if (rt_frequency_segment_count(a, s, (rt_frequency_bucket)bucket, &x) !=
                    rt_frequency_segment_count(b, s, (rt_frequency_bucket)bucket, &y) ||
                x != y)
                DIFFER("rt_frequency_segment_count %u %d", (unsigned)s, bucket);
        for (int now = 0; now <= RT_FREQUENCY_NONE + 1; now++)
            if (rt_frequency_transitions(a, (rt_frequency_bucket)bucket,
                                         (rt_frequency_bucket)now, &x) !=
                    rt_frequency_transitions(b, (rt_frequency_bucket)bucket,
                                             (rt_frequency_bucket)now, &y) || x != y)
                DIFFER("rt_frequency_transitions %d %d", bucket, now);
    }
    uint32_t s1[64], s2[64];
    size_t n1 = 0, n2 = 0;
    if (rt_frequency_forgettable_segments(a, s1, 64, &n1) != RT_OK ||
        rt_frequency_forgettable_segments(b, s2, 64, &n2) != RT_OK || n1 != n2 ||
        memcmp(s1, s2, (n1 < 64 ? n1 : 64) * sizeof *s1) != 0)
        DIFFER("rt_frequency_forgettable_segments");
    for (size_t i = 0; i < id_count; i++) {
        rt_frequency_bucket x1 = RT_FREQUENCY_NONE, x2 = RT_FREQUENCY_NONE;
        rt_frequency_bucket y1 = RT_FREQUENCY_NONE, y2 = RT_FREQUENCY_NONE;
        if (rt_frequency_customer(a, ids[i], &x1, &x2) !=
                rt_frequency_customer(b, ids[i], &y1, &y2) || x1 != y1 || x2 != y2)
            DIFFER("rt_frequency_customer %llu", (unsigned long long)ids[i]);
    }
    return 1;
}

int rfm_equal(const rt_rfm *a, const rt_rfm *b)
{
    if (rt_rfm_row_count(a) != rt_rfm_row_count(b) ||
        rt_rfm_customer_count(a) != rt_rfm_customer_count(b))
        DIFFER("rt_rfm_row_count or rt_rfm_customer_count");
    for (size_t i = 0; i <= rt_rfm_row_count(a); i++) {
        uint64_t x1 = 0, x2 = 0, c1 = 0, c2 = 0;
        double t1 = 0, t2 = 0, T1 = 0, T2 = 0;
        if (rt_rfm_row(a, i, &x1, &t1, &T1, &c1) != rt_rfm_row(b, i, &x2, &t2, &T2, &c2) ||
            x1 != x2 || !same_double(t1, t2) || !same_double(T1, T2) || c1 != c2)
            DIFFER("rt_rfm_row %zu", i);
    }
    return 1;
}
