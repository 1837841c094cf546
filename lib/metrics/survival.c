/* Kaplan-Meier survival of customer lifetimes. The metrics keep only the
 * number of lifetimes that ended and that were censored at each length, so
 * merging adds counts; the curve is rebuilt from them when asked. */
#include "cohort/cohort_view.h"
#include "metrics/metrics_state.h"

#include <math.h>

#include "core/check.h"
#include "core/error.h"

/* Per customer, the last subscribed day up to last_day: INT32_MAX when a
 * subscription is still open then, INT32_MIN without any subscription. */
static int32_t *last_subscribed_days(const rt_metrics *m, const rti_cohort_view *c)
{
    int32_t *last = rti_alloc_array(&m->alloc, c->customer_count ? c->customer_count : 1,
                                    sizeof *last);
    if (last == NULL)
        return NULL;
    for (size_t i = 0; i < c->customer_count; i++)
        last[i] = INT32_MIN;
    for (size_t k = 0; k < c->subscription_count; k++) {
        if (c->subscription_start[k] > m->last_day)
            continue;  /* starts after the end of observation */
        uint32_t who = c->subscription_customer[k];
        int32_t end = c->subscription_end[k];
        int32_t through = end > m->last_day ? INT32_MAX : end - 1;
        last[who] = through > last[who] ? through : last[who];
    }
    return last;
}

rt_status rti_survival_compute(rt_metrics *m, const rti_cohort_view *cohort,
                               const rti_activity_days *ad)
{
    int32_t *subscribed_through = last_subscribed_days(m, cohort);
    if (subscribed_through == NULL)
        return RT_ENOMEM;
    int32_t from = rti_period_start(m, m->first_period);
    for (size_t c = 0; c < ad->customer_count; c++) {
        size_t count;
        const int32_t *days = rti_activity_days_of(ad, c, &count);
        if (count == 0 || days[0] < from || days[0] > m->last_day)
            continue;  /* not in a cohort of the tables */
        int32_t first = days[0], through = subscribed_through[c];
        if (through == INT32_MIN) {  /* no contract: silence decides */
            size_t i = 0;
            while (i + 1 < count && days[i + 1] <= m->last_day)
                i++;
            if (m->last_day - days[i] > (int32_t)m->inactivity_days)
                m->ended[days[i] - first]++;
            else
                m->censored[m->last_day - first]++;
        } else if (through == INT32_MAX) {  /* subscribed at the end */
            m->censored[m->last_day - first]++;
        } else {  /* every subscription closed: the lifetime ended with the last */
            m->ended[through > first ? through - first : 0]++;
        }
    }
    rti_free(&m->alloc, subscribed_through);
    return RT_OK;
}

static uint64_t total_customers(const rt_metrics *m)
{
    uint64_t n = 0;
    for (size_t t = 0; t < m->lifetime_count; t++)
        n += m->ended[t] + m->censored[t];
    return n;
}

void rti_survival_curve(rt_metrics *m)
{
    uint64_t n = total_customers(m);
    double s = 1.0, greenwood = 0.0;
    for (size_t t = 0; t < m->lifetime_count; t++) {
        uint64_t d = m->ended[t];
        m->km_at_risk[t] = n;
        if (d > 0) {
            s *= 1.0 - (double)d / (double)n;
            greenwood += n > d ? (double)d / ((double)n * (double)(n - d)) : HUGE_VAL;
        }
        m->km_survival[t] = s;
        m->km_greenwood[t] = greenwood;
        n -= d + m->censored[t];
    }
}

static rt_status check_survival(const char *fn, const rt_metrics *m)
{
    if (m == NULL)
        return rti_fail(RT_EINVAL, "%s: metrics is NULL", fn);
    if (m->lifetime_count == 0 || m->km_at_risk[0] == 0)
        return rti_fail(RT_EUNDEFINED, "%s: no customer started in the range", fn);
    return RT_OK;
}

static rt_status check_lifetime(const char *fn, const rt_metrics *m, uint64_t day)
{
    if (day >= m->lifetime_count)
        return rti_fail(RT_ERANGE, "%s: lifetime %llu days is beyond the %zu observable",
                        fn, (unsigned long long)day, m->lifetime_count - 1);
    return RT_OK;
}

rt_status rt_metrics_survival(const rt_metrics *m, uint32_t day, double *survival,
                              double *lower, double *upper)
{
    static const char fn[] = "rt_metrics_survival";
    RTI_TRY(rti_check_out(survival, fn, "survival"));
    RTI_TRY(check_survival(fn, m));
    RTI_TRY(check_lifetime(fn, m, day));
    double s = m->km_survival[day], lo = s, hi = s;
    if (s > 0.0 && s < 1.0) {  /* log-log bounds; degenerate at 0 and 1 */
        double sigma = sqrt(m->km_greenwood[day]) / fabs(log(s));
        lo = pow(s, exp(1.959963984540054 * sigma));
        hi = pow(s, exp(-1.959963984540054 * sigma));
    }
    *survival = s;
    if (lower != NULL)
        *lower = lo;
    if (upper != NULL)
        *upper = hi;
    return RT_OK;
}

rt_status rt_metrics_survival_counts(const rt_metrics *m, uint32_t day, uint64_t *at_risk,
                                     uint64_t *ended)
{
    static const char fn[] = "rt_metrics_survival_counts";
    if (m == NULL)
        return rti_fail(RT_EINVAL, "%s: metrics is NULL", fn);
    RTI_TRY(check_lifetime(fn, m, day));
    if (at_risk != NULL)
        *at_risk = m->km_at_risk[day];
    if (ended != NULL)
        *ended = m->ended[day];
    return RT_OK;
}

rt_status rt_metrics_survival_median(const rt_metrics *m, double *days)
{
    static const char fn[] = "rt_metrics_survival_median";
    RTI_TRY(rti_check_out(days, fn, "days"));
    RTI_TRY(check_survival(fn, m));
    for (size_t t = 0; t < m->lifetime_count; t++) {
        if (m->km_survival[t] <= 0.5) {
            *days = (double)t;
            return RT_OK;
        }
    }
    *days = HUGE_VAL;
    return RT_OK;
}

rt_status rt_metrics_survival_rmst(const rt_metrics *m, uint32_t horizon, double *days)
{
    static const char fn[] = "rt_metrics_survival_rmst";
    RTI_TRY(rti_check_out(days, fn, "days"));
    RTI_TRY(check_survival(fn, m));
    if (horizon == 0)
        return rti_fail(RT_EINVAL, "%s: horizon is 0 days", fn);
    RTI_TRY(check_lifetime(fn, m, (uint64_t)horizon - 1));
    double area = 0.0;
    for (uint32_t t = 0; t < horizon; t++)
        area += m->km_survival[t];  /* S(t) over [t, t + 1) */
    *days = area;
    return RT_OK;
}
