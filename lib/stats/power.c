/* Sample size and minimum detectable effect of a two-sided two-proportion
 * test: the power equation of R's power.prop.test (strict = FALSE),
 *   power = Phi((sqrt(n) |p_b - p_a| - z_{1-alpha/2} sqrt((p_a + p_b)(q_a + q_b)/2))
 *               / sqrt(p_a q_a + p_b q_b)),
 * solved for n (exactly: it is linear in sqrt(n)) or for p_b (bisection). */
#include <math.h>

#include "core/check.h"
#include "core/error.h"
#include "retention/compare.h"
#include "stats/normal.h"
#include "stats/stats_check.h"

/* The tolerance and step bound of the bisection for p_b. */
#define DETECTABLE_TOLERANCE 1e-13
#define DETECTABLE_MAX_STEPS 200

/* sqrt((p_a + p_b)(q_a + q_b) / 2): the standard deviation under "no difference". */
static double null_spread(double rate_a, double rate_b)
{
    double sum = rate_a + rate_b;
    return sqrt(sum * (1.0 - 0.5 * sum));
}

/* sqrt(p_a q_a + p_b q_b): the standard deviation under the alternative. */
static double alternative_spread(double rate_a, double rate_b)
{
    return sqrt(rate_a * (1.0 - rate_a) + rate_b * (1.0 - rate_b));
}

static double power_of(double n, double rate_a, double rate_b, double z_alpha)
{
    double numerator = sqrt(n) * fabs(rate_b - rate_a) - z_alpha * null_spread(rate_a, rate_b);
    return rti_normal_cdf(numerator / alternative_spread(rate_a, rate_b));
}

static rt_status check_levels(double alpha, double power, const char *fn)
{
    RTI_TRY(rti_check_open_unit(alpha, fn, "alpha"));
    return rti_check_open_unit(power, fn, "power");
}

rt_status rt_proportion_sample_size(double rate_a, double rate_b, double alpha, double power,
                                    double *customers_per_arm)
{
    static const char fn[] = "rt_proportion_sample_size";
    RTI_TRY(rti_check_out(customers_per_arm, fn, "customers_per_arm"));
    RTI_TRY(rti_check_probability(rate_a, fn, "rate_a"));
    RTI_TRY(rti_check_probability(rate_b, fn, "rate_b"));
    RTI_TRY(check_levels(alpha, power, fn));
    if (rate_a == rate_b)
        return rti_fail(RT_EUNDEFINED, "%s: rate_a and rate_b are both %g: no sample "
                        "detects no difference", fn, rate_a);
    double z_alpha = -rti_normal_quantile(0.5 * alpha), z_power = rti_normal_quantile(power);
    double root = (z_alpha * null_spread(rate_a, rate_b) +
                   z_power * alternative_spread(rate_a, rate_b)) / fabs(rate_b - rate_a);
    if (!(root > 0.0))
        return rti_fail(RT_EUNDEFINED, "%s: power %g is too low for any positive sample "
                        "size", fn, power);
    *customers_per_arm = root * root;
    return RT_OK;
}

static rt_status check_detectable_args(double rate_a, double n, const char *fn)
{
    if (!(rate_a >= 0.0 && rate_a < 1.0))
        return rti_fail(RT_EINVAL, "%s: rate_a %g is outside [0, 1)", fn, rate_a);
    if (!(n > 0.0 && isfinite(n)))
        return rti_fail(RT_EINVAL, "%s: customers_per_arm %g must be finite and > 0", fn, n);
    return RT_OK;
}

rt_status rt_proportion_detectable_rate(double rate_a, double customers_per_arm,
                                        double alpha, double power, double *rate_b)
{
    static const char fn[] = "rt_proportion_detectable_rate";
    RTI_TRY(rti_check_out(rate_b, fn, "rate_b"));
    RTI_TRY(check_detectable_args(rate_a, customers_per_arm, fn));
    RTI_TRY(check_levels(alpha, power, fn));
    double z_alpha = -rti_normal_quantile(0.5 * alpha);
    /* At p_b = p_a both spreads agree and the power is alpha / 2. */
    if (power <= 0.5 * alpha)
        return rti_fail(RT_EUNDEFINED, "%s: power %g is reached without any effect", fn,
                        power);
    if (!(power_of(customers_per_arm, rate_a, 1.0, z_alpha) >= power))
        return rti_fail(RT_EUNDEFINED, "%s: %g customers per arm do not detect even a "
                        "rate of 1 with power %g", fn, customers_per_arm, power);
    double lo = rate_a, hi = 1.0;  /* power(lo) < power <= power(hi) */
    for (int step = 0; step < DETECTABLE_MAX_STEPS && hi - lo > DETECTABLE_TOLERANCE; step++) {
        double mid = 0.5 * (lo + hi);
        if (power_of(customers_per_arm, rate_a, mid, z_alpha) >= power)
            hi = mid;
        else
            lo = mid;
    }
    if (hi - lo > DETECTABLE_TOLERANCE)
        return rti_fail(RT_ECONVERGE, "%s: the bisection did not converge", fn);
    *rate_b = hi;
    return RT_OK;
}
