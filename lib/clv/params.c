/* Parameter checks shared by the CLV models. */
#include "clv/params.h"

#include <math.h>

#include "core/error.h"

rt_status rti_check_params(const double *params, size_t n, const char *const *names,
                           const char *fn)
{
    if (params == NULL)
        return rti_fail(RT_EINVAL, "%s: params is NULL", fn);
    for (size_t i = 0; i < n; i++) {
        if (!(params[i] > 0.0 && isfinite(params[i])))
            return rti_fail(RT_EINVAL, "%s: parameter %s = %g must be finite and > 0", fn,
                            names[i], params[i]);
    }
    return RT_OK;
}

rt_status rti_check_horizon(double t, const char *fn, const char *arg)
{
    if (!(t >= 0.0 && isfinite(t)))
        return rti_fail(RT_EINVAL, "%s: %s = %g must be finite and >= 0", fn, arg, t);
    return RT_OK;
}
