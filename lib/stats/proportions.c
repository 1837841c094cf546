/* Wilson score intervals and the two-proportion z test without continuity
 * correction, as R's prop.test(x, n, correct = FALSE) computes them. */
#include "stats/proportions.h"

#include <math.h>
#include <stddef.h>

#include "core/check.h"
#include "core/error.h"
#include "stats/normal.h"
#include "core/sized_struct.h"
#include "stats/stats_check.h"

rt_status rt_proportion_test_result_init(rt_proportion_test_result *result, size_t size)
{
    return rti_sized_struct_init(result, size, NULL, sizeof(rt_proportion_test_result),
                                 "rt_proportion_test_result_init");
}

/* The two-sided normal quantile of a confidence level: z with P(|Z| <= z) = c.
 * Taken from the small tail (1 - c) / 2, which keeps its digits near c = 1. */
static double two_sided_z(double confidence)
{
    return -rti_normal_quantile(0.5 * (1.0 - confidence));
}

static rt_status check_counts(uint64_t successes, uint64_t trials, const char *fn,
                              const char *group)
{
    if (successes > trials)
        return rti_fail(RT_EINVAL, "%s: %s has %llu successes out of %llu trials", fn, group,
                        (unsigned long long)successes, (unsigned long long)trials);
    if (trials == 0)
        return rti_fail(RT_EUNDEFINED, "%s: %s has no trials", fn, group);
    return RT_OK;
}

static void wilson(uint64_t successes, uint64_t trials, double z, double *lower,
                   double *upper)
{
    double n = (double)trials, p = (double)successes / n;
    double half_z2_n = z * z / (2.0 * n);
    double centre = p + half_z2_n, scale = 1.0 + 2.0 * half_z2_n;
    double spread = z * sqrt(p * (1.0 - p) / n + half_z2_n / (2.0 * n));
    /* The ends are exact at the edges, as R sets them. */
    *lower = successes == 0 ? 0.0 : (centre - spread) / scale;
    *upper = successes == trials ? 1.0 : (centre + spread) / scale;
}

rt_status rt_proportion_wilson(uint64_t successes, uint64_t trials, double confidence,
                               double *lower, double *upper)
{
    static const char fn[] = "rt_proportion_wilson";
    RTI_TRY(rti_check_out(lower, fn, "lower"));
    RTI_TRY(rti_check_out(upper, fn, "upper"));
    RTI_TRY(rti_check_open_unit(confidence, fn, "confidence"));
    RTI_TRY(check_counts(successes, trials, fn, "the sample"));
    wilson(successes, trials, two_sided_z(confidence), lower, upper);
    return RT_OK;
}

static void difference_interval(rt_proportion_test_result *r, double z)
{
    double na = (double)r->trials_a, nb = (double)r->trials_b;
    double width = z * sqrt(r->rate_a * (1.0 - r->rate_a) / na +
                            r->rate_b * (1.0 - r->rate_b) / nb);
    r->difference_lower = fmax(r->difference - width, -1.0);
    r->difference_upper = fmin(r->difference + width, 1.0);
}

rt_status rti_proportion_test(uint64_t successes_a, uint64_t trials_a,
                              uint64_t successes_b, uint64_t trials_b, double confidence,
                              rt_proportion_test_result *result, const char *fn)
{
    RTI_TRY(rti_check_open_unit(confidence, fn, "confidence"));
    RTI_TRY(check_counts(successes_a, trials_a, fn, "group a"));
    RTI_TRY(check_counts(successes_b, trials_b, fn, "group b"));
    double na = (double)trials_a, nb = (double)trials_b;
    double pooled = ((double)successes_a + (double)successes_b) / (na + nb);
    if (!(pooled > 0.0 && pooled < 1.0))  /* in doubles: integer sums could wrap */
        return rti_fail(RT_EUNDEFINED, "%s: the pooled rate is %g: no variation to test",
                        fn, pooled);
    rt_proportion_test_result r = {.successes_a = successes_a, .trials_a = trials_a,
                                   .successes_b = successes_b, .trials_b = trials_b};
    double z = two_sided_z(confidence);
    r.rate_a = (double)successes_a / na;
    r.rate_b = (double)successes_b / nb;
    wilson(successes_a, trials_a, z, &r.rate_a_lower, &r.rate_a_upper);
    wilson(successes_b, trials_b, z, &r.rate_b_lower, &r.rate_b_upper);
    r.difference = r.rate_b - r.rate_a;
    difference_interval(&r, z);
    r.z = r.difference / sqrt(pooled * (1.0 - pooled) * (1.0 / na + 1.0 / nb));
    r.chi_square = r.z * r.z;
    r.p_value = 2.0 * rti_normal_upper(fabs(r.z));
    rti_sized_result_write(result, &r, sizeof r);
    return RT_OK;
}

rt_status rt_proportion_test(uint64_t successes_a, uint64_t trials_a, uint64_t successes_b,
                             uint64_t trials_b, double confidence,
                             rt_proportion_test_result *result)
{
    static const char fn[] = "rt_proportion_test";
    RTI_TRY(rti_sized_result_check(result, RTI_PROPORTION_TEST_MIN_SIZE, fn));
    return rti_proportion_test(successes_a, trials_a, successes_b, trials_b, confidence,
                               result, fn);
}
