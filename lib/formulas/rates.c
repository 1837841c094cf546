/* Count-based rates: churn, retention, repeat purchase, stickiness, virality. */
#include <inttypes.h>

#include "core/check.h"
#include "core/error.h"
#include "retention/formulas.h"

/* part / whole for a part that is a subset of whole. */
static rt_status subset_share(const char *fn, uint64_t part, const char *part_name,
                              uint64_t whole, const char *whole_name, double *share)
{
    RTI_TRY(rti_check_out(share, fn, "rate"));
    if (part > whole)
        return rti_fail(RT_EINVAL, "%s: %s (%" PRIu64 ") exceeds %s (%" PRIu64 ")",
                        fn, part_name, part, whole_name, whole);
    if (whole == 0)
        return rti_fail(RT_EUNDEFINED, "%s: %s is 0, the rate is undefined", fn, whole_name);
    *share = (double)part / (double)whole;
    return RT_OK;
}

rt_status rt_churn_rate(uint64_t lost, uint64_t at_start, double *rate)
{
    return subset_share("rt_churn_rate", lost, "lost", at_start, "at_start", rate);
}

rt_status rt_retention_rate(uint64_t at_start, uint64_t at_end, uint64_t acquired,
                            double *rate)
{
    if (acquired > at_end)
        return rti_fail(RT_EINVAL, "rt_retention_rate: acquired (%" PRIu64 ") exceeds "
                        "at_end (%" PRIu64 "): E - N does not count survivors",
                        acquired, at_end);
    return subset_share("rt_retention_rate", at_end - acquired, "at_end - acquired",
                        at_start, "at_start", rate);
}

rt_status rt_repeat_purchase_rate(uint64_t existing, uint64_t returned, double *rate)
{
    return subset_share("rt_repeat_purchase_rate", returned, "returned", existing,
                        "existing", rate);
}

rt_status rt_stickiness(uint64_t dau, uint64_t mau, double *ratio)
{
    return subset_share("rt_stickiness", dau, "dau", mau, "mau", ratio);
}

rt_status rt_viral_coefficient(double invites_per_customer, double conversion_rate,
                               double *k)
{
    static const char fn[] = "rt_viral_coefficient";
    RTI_TRY(rti_check_out(k, fn, "k"));
    RTI_TRY(rti_check_nonnegative(invites_per_customer, fn, "invites_per_customer"));
    RTI_TRY(rti_check_probability(conversion_rate, fn, "conversion_rate"));
    *k = invites_per_customer * conversion_rate;
    return RT_OK;
}
