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

int rti_params_from_log(const double *theta, size_t n, double *p)
{
    for (size_t i = 0; i < n; i++) {
        p[i] = exp(theta[i]);
        if (!(p[i] > 0.0 && isfinite(p[i])))
            return 0;
    }
    return 1;
}

rt_status rti_check_horizon(double t, const char *fn, const char *arg)
{
    if (!(t >= 0.0 && isfinite(t)))
        return rti_fail(RT_EINVAL, "%s: %s = %g must be finite and >= 0", fn, arg, t);
    return RT_OK;
}
