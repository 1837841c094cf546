/* Money-valued formulas: simple and SaaS lifetime value, retention lift,
 * retention offers. */
#include <math.h>

#include "core/check.h"
#include "core/error.h"
#include "retention/formulas.h"

/* Large but finite inputs can still overflow a product. */
static rt_status finite_result(const char *fn, double value, double *out)
{
    if (!isfinite(value))
        return rti_fail(RT_EUNDEFINED, "%s: the result overflows a double", fn);
    *out = value;
    return RT_OK;
}

rt_status rt_expected_lifetime(double churn_rate, double *periods)
{
    static const char fn[] = "rt_expected_lifetime";
    RTI_TRY(rti_check_out(periods, fn, "periods"));
    RTI_TRY(rti_check_probability(churn_rate, fn, "churn_rate"));
    if (churn_rate == 0.0)
        return rti_fail(RT_EUNDEFINED, "%s: churn_rate is 0, the lifetime is infinite", fn);
    return finite_result(fn, 1.0 / churn_rate, periods);
}

static rt_status check_clv_inputs(const char *fn, double margin, double retention,
                                  double discount)
{
    RTI_TRY(rti_check_nonnegative(margin, fn, "margin"));
    RTI_TRY(rti_check_probability(retention, fn, "retention"));
    return rti_check_nonnegative(discount, fn, "discount");
}

/* An infinite-horizon CLV is finite unless 1 + d - r, its denominator, is 0. */
static rt_status check_clv_finite(const char *fn, double retention, double discount)
{
    if (1.0 + discount - retention == 0.0)
        return rti_fail(RT_EUNDEFINED, "%s: retention %g with discount %g makes "
                        "the lifetime value infinite", fn, retention, discount);
    return RT_OK;
}

rt_status rt_clv_simple(double margin, double retention, double discount, double *clv)
{
    static const char fn[] = "rt_clv_simple";
    RTI_TRY(rti_check_out(clv, fn, "clv"));
    RTI_TRY(check_clv_inputs(fn, margin, retention, discount));
    RTI_TRY(check_clv_finite(fn, retention, discount));
    return finite_result(fn, margin * retention / (1.0 + discount - retention), clv);
}

rt_status rt_clv_finite(double margin, double retention, double discount,
                        uint32_t periods, double *clv)
{
    static const char fn[] = "rt_clv_finite";
    RTI_TRY(rti_check_out(clv, fn, "clv"));
    RTI_TRY(check_clv_inputs(fn, margin, retention, discount));
    double q = retention / (1.0 + discount);
    double sum;  /* sum of q^t for t = 1..periods */
    if (periods == 0 || q == 0.0)
        sum = 0.0;
    else if (q == 1.0)
        sum = (double)periods;
    else  /* q (1 - q^T) / (1 - q), with 1 - q^T from expm1 to keep precision near q = 1 */
        sum = q * -expm1((double)periods * log(q)) / (1.0 - q);
    return finite_result(fn, margin * sum, clv);
}

rt_status rt_clv_saas(double arpa, double gross_margin, double churn_rate, double *clv)
{
    static const char fn[] = "rt_clv_saas";
    RTI_TRY(rti_check_out(clv, fn, "clv"));
    RTI_TRY(rti_check_nonnegative(arpa, fn, "arpa"));
    RTI_TRY(rti_check_probability(gross_margin, fn, "gross_margin"));
    RTI_TRY(rti_check_probability(churn_rate, fn, "churn_rate"));
    if (churn_rate == 0.0)
        return rti_fail(RT_EUNDEFINED, "%s: churn_rate is 0, the value is infinite", fn);
    return finite_result(fn, arpa * gross_margin / churn_rate, clv);
}

rt_status rt_clv_retention_lift(double retention_before, double retention_after,
                                double discount, double *ratio)
{
    static const char fn[] = "rt_clv_retention_lift";
    RTI_TRY(rti_check_out(ratio, fn, "ratio"));
    RTI_TRY(rti_check_probability(retention_before, fn, "retention_before"));
    RTI_TRY(rti_check_probability(retention_after, fn, "retention_after"));
    RTI_TRY(rti_check_nonnegative(discount, fn, "discount"));
    if (retention_before == 0.0)
        return rti_fail(RT_EUNDEFINED, "%s: retention_before is 0, so is the CLV "
                        "the ratio divides by", fn);
    RTI_TRY(check_clv_finite(fn, retention_before, discount));
    RTI_TRY(check_clv_finite(fn, retention_after, discount));
    double clv_before = retention_before / (1.0 + discount - retention_before);
    double clv_after = retention_after / (1.0 + discount - retention_after);
    return finite_result(fn, clv_after / clv_before, ratio);
}

static rt_status check_offer_inputs(const char *fn, double p_save, double clv)
{
    RTI_TRY(rti_check_probability(p_save, fn, "p_save"));
    return rti_check_nonnegative(clv, fn, "clv");
}

rt_status rt_offer_worth(double p_save, double clv, double offer_cost, double *worth)
{
    static const char fn[] = "rt_offer_worth";
    RTI_TRY(rti_check_out(worth, fn, "worth"));
    RTI_TRY(check_offer_inputs(fn, p_save, clv));
    RTI_TRY(rti_check_nonnegative(offer_cost, fn, "offer_cost"));
    *worth = p_save * clv - offer_cost;
    return RT_OK;
}

rt_status rt_offer_break_even_cost(double p_save, double clv, double *cost)
{
    static const char fn[] = "rt_offer_break_even_cost";
    RTI_TRY(rti_check_out(cost, fn, "cost"));
    RTI_TRY(check_offer_inputs(fn, p_save, clv));
    *cost = p_save * clv;
    return RT_OK;
}
