/* Per-customer lifetime value: BG/NBD purchases per step, Gamma-Gamma
 * spend, margin, discounting at the end of each step. */
#include <math.h>

#include "core/check.h"
#include "core/error.h"
#include "retention/clv.h"
#include "retention/clv_value.h"

rt_status rt_clv_bgnbd_gg(const double bgnbd[4], const double gamma_gamma[3], uint64_t x,
                          double t_x, double T, double mean_spend, double margin,
                          double discount_rate, double horizon, uint32_t steps, double *clv)
{
    static const char fn[] = "rt_clv_bgnbd_gg";
    RTI_TRY(rti_check_out(clv, fn, "clv"));
    if (bgnbd == NULL || gamma_gamma == NULL)
        return rti_fail(RT_EINVAL, "%s: a parameter array is NULL", fn);
    RTI_TRY(rti_check_probability(margin, fn, "margin"));
    RTI_TRY(rti_check_nonnegative(discount_rate, fn, "discount_rate"));
    if (!(horizon > 0.0 && isfinite(horizon)) || steps == 0)
        return rti_fail(RT_EINVAL, "%s: horizon %g must be finite and > 0, steps >= 1", fn,
                        horizon);
    double spend;
    RTI_TRY(rt_gamma_gamma_expected_spend(gamma_gamma, x, x ? mean_spend : 0.0, &spend));
    double value = 0.0, before = 0.0;
    for (uint32_t k = 1; k <= steps; k++) {
        double t = horizon * (double)k / (double)steps, upto;
        RTI_TRY(rt_bgnbd_conditional_expected_purchases(bgnbd, x, t_x, T, t, &upto));
        value += (upto - before) * exp(-t * log1p(discount_rate));
        before = upto;
    }
    value *= margin * spend;
    if (!isfinite(value))
        return rti_fail(RT_EUNDEFINED, "%s: the value overflows a double", fn);
    *clv = value;
    return RT_OK;
}
