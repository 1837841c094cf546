/* Checks of levels and probabilities that must be strictly inside (0, 1). */
#include "stats/stats_check.h"

#include "core/error.h"

rt_status rti_check_open_unit(double x, const char *fn, const char *arg)
{
    if (!(x > 0.0 && x < 1.0))  /* also rejects NaN */
        return rti_fail(RT_EINVAL, "%s: %s %g is outside (0, 1)", fn, arg, x);
    return RT_OK;
}
