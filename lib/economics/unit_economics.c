/* Unit economics: LTV:CAC, CAC payback, and saving a customer against
 * replacing one. */
#include <math.h>

#include "core/check.h"
#include "core/error.h"
#include "retention/economics.h"

/* numerator / denominator, RT_EUNDEFINED when the denominator is 0 or the
 * quotient overflows a double. what says why a zero denominator has no answer. */
static rt_status quotient(const char *fn, double numerator, double denominator,
                          const char *what, double *out)
{
    if (denominator == 0.0)
        return rti_fail(RT_EUNDEFINED, "%s: %s", fn, what);
    double q = numerator / denominator;
    if (!isfinite(q))
        return rti_fail(RT_EUNDEFINED, "%s: the result overflows a double", fn);
    *out = q;
    return RT_OK;
}

rt_status rt_ltv_cac_ratio(double ltv, double cac, double *ratio)
{
    static const char fn[] = "rt_ltv_cac_ratio";
    RTI_TRY(rti_check_out(ratio, fn, "ratio"));
    RTI_TRY(rti_check_nonnegative(ltv, fn, "ltv"));
    RTI_TRY(rti_check_nonnegative(cac, fn, "cac"));
    return quotient(fn, ltv, cac, "cac is 0, the ratio is infinite", ratio);
}

rt_status rt_cac_payback_months(double cac, double arpa, double gross_margin, double *months)
{
    static const char fn[] = "rt_cac_payback_months";
    RTI_TRY(rti_check_out(months, fn, "months"));
    RTI_TRY(rti_check_nonnegative(cac, fn, "cac"));
    RTI_TRY(rti_check_nonnegative(arpa, fn, "arpa"));
    RTI_TRY(rti_check_probability(gross_margin, fn, "gross_margin"));
    return quotient(fn, cac, arpa * gross_margin,
                    "arpa x gross_margin is 0, the cost is never paid back", months);
}

rt_status rt_save_cost(double incentive, double p_save, double *cost_per_save)
{
    static const char fn[] = "rt_save_cost";
    RTI_TRY(rti_check_out(cost_per_save, fn, "cost_per_save"));
    RTI_TRY(rti_check_nonnegative(incentive, fn, "incentive"));
    RTI_TRY(rti_check_probability(p_save, fn, "p_save"));
    return quotient(fn, incentive, p_save, "p_save is 0, no customer is ever saved",
                    cost_per_save);
}

rt_status rt_save_vs_replace(double cac, double incentive, double p_save, double *ratio)
{
    static const char fn[] = "rt_save_vs_replace";
    RTI_TRY(rti_check_out(ratio, fn, "ratio"));
    RTI_TRY(rti_check_nonnegative(cac, fn, "cac"));
    RTI_TRY(rti_check_nonnegative(incentive, fn, "incentive"));
    RTI_TRY(rti_check_probability(p_save, fn, "p_save"));
    return quotient(fn, cac * p_save, incentive,
                    "incentive is 0, saving costs nothing and the ratio is infinite", ratio);
}
