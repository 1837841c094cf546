/* Churn over a window and usage frequency, of ALL against EVEN and ODD:
 * their counts are sums over customers, so ALL's are the parts' sums; and
 * each result's own identities (S = retained + lost, E = retained +
 * acquired + resurrected) and rates. */
#include <stdint.h>

#include <retention.h>

#include "fuzz_api.h"
#include "fuzz_api_values.h"
#include "fuzz_check.h"

/* A window near the cohort's days; sometimes ending before it starts. */
static void window_of(api_state *s, int32_t *start, int32_t *end)
{
    int32_t first = BASE_DAY, last = BASE_DAY + SPAN_DAYS;
    rt_cohort_day_range(s->cohort[ALL], &first, &last);
    *start = fuzz_day_near(&s->in, first, last);
    *end = fuzz_day_near(&s->in, *start - 1, *start + SPAN_DAYS);
}

static void check_churn_result(const rt_churn_result *r, uint64_t customers)
{
    FUZZ_CHECK(r->at_start == r->retained + r->lost);
    FUZZ_CHECK(r->at_end == r->retained + r->acquired + r->resurrected);
    FUZZ_CHECK(r->at_start <= customers && r->at_end <= customers);
    FUZZ_CHECK(r->rates_defined == (r->at_start > 0));
    if (r->rates_defined) {
        FUZZ_CHECK(fuzz_close(r->churn_rate, (double)r->lost / (double)r->at_start, 1e-12));
        FUZZ_CHECK(fuzz_close(r->retention_rate, (double)r->retained / (double)r->at_start,
                              1e-12));
    } else {
        FUZZ_CHECK(r->churn_rate == 0.0 && r->retention_rate == 0.0);
    }
    FUZZ_CHECK(r->repeat_buyers <= r->repeat_base && r->repeat_base <= customers);
    FUZZ_CHECK(r->repeat_defined == (r->repeat_base > 0));
    FUZZ_CHECK(fuzz_is_rate(r->repeat_rate));
}

void op_churn(api_state *s)
{
    int32_t start, end;
    window_of(s, &start, &end);
    rt_churn_options o;
    FUZZ_CHECK(rt_churn_options_init(&o, sizeof o) == RT_OK);
    o.use_segment = fuzz_u8(&s->in) < 64;
    o.segment = fuzz_segment(&s->in);
    rt_churn_result r[COHORTS];
    for (int k = 0; k < COHORTS; k++)
        FUZZ_CHECK(rt_churn_result_init(&r[k], sizeof r[k]) == RT_OK);
    rt_status st = rt_cohort_churn(s->cohort[ALL], start, end, &o, &r[ALL]);
    fuzz_check_documented(st, FUZZ_ST(RT_OK) | FUZZ_ST(RT_EINVAL) | FUZZ_ST(RT_ERANGE) |
                                  FUZZ_ST(RT_ENOMEM));
    FUZZ_CHECK(end >= start || st == RT_EINVAL);
    if (st != RT_OK)
        return;
    check_churn_result(&r[ALL], rt_cohort_customer_count(s->cohort[ALL]));
    for (int k = EVEN; k <= ODD; k++)
        FUZZ_CHECK(rt_cohort_churn(s->cohort[k], start, end, &o, &r[k]) == RT_OK);
    FUZZ_CHECK(r[ALL].at_start == r[EVEN].at_start + r[ODD].at_start);
    FUZZ_CHECK(r[ALL].at_end == r[EVEN].at_end + r[ODD].at_end);
    FUZZ_CHECK(r[ALL].lost == r[EVEN].lost + r[ODD].lost);
    FUZZ_CHECK(r[ALL].acquired == r[EVEN].acquired + r[ODD].acquired);
    FUZZ_CHECK(r[ALL].joined_and_left == r[EVEN].joined_and_left + r[ODD].joined_and_left);
    FUZZ_CHECK(r[ALL].resurrected == r[EVEN].resurrected + r[ODD].resurrected);
    FUZZ_CHECK(r[ALL].repeat_buyers == r[EVEN].repeat_buyers + r[ODD].repeat_buyers);
    FUZZ_CHECK(r[ALL].repeat_base == r[EVEN].repeat_base + r[ODD].repeat_base);
}

static void draw_frequency_options(api_state *s, rt_frequency_options *o)
{
    int32_t start, end;
    window_of(s, &start, &end);
    FUZZ_CHECK(rt_frequency_options_init(o, sizeof *o) == RT_OK);
    o->as_of_day = end;
    uint8_t pick = fuzz_u8(&s->in);
    if (pick & 1) {
        o->use_earlier = 1;
        o->earlier_day = start;  /* not before as_of_day when start > end: refused */
    }
    if (pick & 2)
        o->lookback_days = fuzz_below(&s->in, 200);
    if (pick & 4)
        o->new_days = fuzz_below(&s->in, 60);
    if (pick & 8)
        o->dormant_days = fuzz_below(&s->in, 200);
    if (pick & 16) {
        o->daily_max_interval = fuzz_positive(&s->in);
        o->weekly_max_interval = fuzz_positive(&s->in);
        o->monthly_max_interval = fuzz_positive(&s->in);
    }
    if (pick & 32)
        o->forgettable_share = fuzz_positive(&s->in);
}

/* Customers per bucket, RT_FREQUENCY_NEW .. RT_FREQUENCY_DORMANT. */
static void bucket_counts(const rt_frequency *f, uint64_t counts[RT_FREQUENCY_BUCKETS])
{
    for (int b = 0; b < RT_FREQUENCY_BUCKETS; b++)
        FUZZ_CHECK(rt_frequency_count(f, (rt_frequency_bucket)b, &counts[b]) == RT_OK);
    uint64_t n;
    fuzz_check_documented(rt_frequency_count(f, RT_FREQUENCY_NONE, &n), FUZZ_ST(RT_EINVAL));
}

void op_frequency(api_state *s)
{
    rt_frequency_options o;
    draw_frequency_options(s, &o);
    rt_frequency *f[COHORTS];
    rt_status st = rt_cohort_frequency(s->cohort[ALL], &o, &f[ALL]);
    fuzz_check_documented(st, FUZZ_ST(RT_OK) | FUZZ_ST(RT_EINVAL) | FUZZ_ST(RT_ERANGE) |
                                  FUZZ_ST(RT_EVERSION) | FUZZ_ST(RT_ENOMEM));
    if (st != RT_OK)
        return;
    for (int k = EVEN; k <= ODD; k++)
        FUZZ_CHECK(rt_cohort_frequency(s->cohort[k], &o, &f[k]) == RT_OK);
    uint64_t counts[COHORTS][RT_FREQUENCY_BUCKETS], total = 0;
    for (int k = 0; k < COHORTS; k++)
        bucket_counts(f[k], counts[k]);
    for (int b = 0; b < RT_FREQUENCY_BUCKETS; b++) {
        FUZZ_CHECK(counts[ALL][b] == counts[EVEN][b] + counts[ODD][b]);
        total += counts[ALL][b];
    }
    /* Each customer active by as_of_day is in one bucket. */
    FUZZ_CHECK(total <= rt_cohort_customer_count(s->cohort[ALL]));
    for (int k = 0; k < COHORTS; k++)
        rt_frequency_free(f[k]);
}
