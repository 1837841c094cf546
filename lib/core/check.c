/* Argument validation with messages that say what was wrong. */
#include "core/check.h"

#include <math.h>
#include <stddef.h>

#include "core/error.h"

rt_status rti_check_out(const void *out, const char *fn, const char *arg)
{
    if (out == NULL)
        return rti_fail(RT_EINVAL, "%s: output %s is NULL", fn, arg);
    return RT_OK;
}

rt_status rti_check_probability(double x, const char *fn, const char *arg)
{
    if (!(x >= 0.0 && x <= 1.0))  /* also rejects NaN */
        return rti_fail(RT_EINVAL, "%s: %s %g is outside [0, 1]", fn, arg, x);
    return RT_OK;
}

rt_status rti_check_nonnegative(double x, const char *fn, const char *arg)
{
    if (!(x >= 0.0 && isfinite(x)))
        return rti_fail(RT_EINVAL, "%s: %s %g must be finite and >= 0", fn, arg, x);
    return RT_OK;
}

rt_status rti_check_flag(uint32_t value, const char *fn, const char *field)
{
    if (value > 1)
        return rti_fail(RT_EINVAL, "%s: %s is %u, not 0 or 1", fn, field, (unsigned)value);
    return RT_OK;
}

rt_status rti_check_days(uint32_t days, uint32_t max, const char *fn, const char *field)
{
    if (days == 0 || days > max)
        return rti_fail(RT_EINVAL, "%s: %s is %u days, not 1 .. %u", fn, field,
                        (unsigned)days, (unsigned)max);
    return RT_OK;
}
