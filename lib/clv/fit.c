/* Fit options and reports: defaults, validation, and writing the result. */
#include "clv/fit.h"

#include <math.h>
#include <string.h>

#include "core/check.h"
#include "core/error.h"
#include "core/sized_struct.h"

#define DEFAULT_MAX_ITERATIONS 500u
#define DEFAULT_TOLERANCE 1e-9

static void defaults(rt_fit_options *o)
{
    memset(o, 0, sizeof *o);
    o->size = sizeof *o;
    o->max_iterations = DEFAULT_MAX_ITERATIONS;
    o->tolerance = DEFAULT_TOLERANCE;
}

rt_status rt_fit_options_init(rt_fit_options *options, size_t size)
{
    if (options == NULL)
        return rti_fail(RT_EINVAL, "rt_fit_options_init: options is NULL");
    if (size < sizeof(size_t))
        return rti_fail(RT_EINVAL, "rt_fit_options_init: size %zu is too small", size);
    rt_fit_options d;
    defaults(&d);
    memset(options, 0, size);
    memcpy(options, &d, size < sizeof d ? size : sizeof d);
    options->size = size;
    return RT_OK;
}

rt_status rt_fit_report_init(rt_fit_report *report, size_t size)
{
    if (report == NULL)
        return rti_fail(RT_EINVAL, "rt_fit_report_init: report is NULL");
    if (size < sizeof(size_t))
        return rti_fail(RT_EINVAL, "rt_fit_report_init: size %zu is too small", size);
    memset(report, 0, size);
    report->size = size;
    return RT_OK;
}

rt_status rti_fit_begin(const rt_fit_options *options, size_t n_params,
                        const rt_fit_report *report, rt_fit_options *opts, const char *fn)
{
    if (report == NULL)
        return rti_fail(RT_EINVAL, "%s: report is NULL", fn);
    if (report->size < sizeof(size_t))
        return rti_fail(RT_EINVAL, "%s: report size %zu is too small; initialise it with "
                        "rt_fit_report_init", fn, report->size);
    defaults(opts);
    if (options != NULL)
        RTI_TRY(rti_sized_struct_read(opts, sizeof *opts, options, options->size,
                                          "rt_fit_options"));
    if (opts->max_iterations == 0)
        return rti_fail(RT_EINVAL, "%s: options max_iterations is 0", fn);
    if (!(opts->tolerance > 0.0 && isfinite(opts->tolerance)))
        return rti_fail(RT_EINVAL, "%s: options tolerance %g must be finite and > 0", fn,
                        opts->tolerance);
    if (opts->use_start) {
        for (size_t i = 0; i < n_params; i++) {
            if (!(opts->start[i] > 0.0 && isfinite(opts->start[i])))
                return rti_fail(RT_EINVAL, "%s: options start[%zu] = %g must be finite and > 0",
                                fn, i, opts->start[i]);
        }
    }
    return RT_OK;
}

rt_status rti_fit_run(const rti_problem *negative_ll, const rt_fit_options *opts,
                      const double *default_start, rt_fit_report *report, const char *fn)
{
    size_t n_params = negative_ll->n;
    rti_minimum m;
    memset(&m, 0, sizeof m);
    const double *start = opts->use_start ? opts->start : default_start;
    for (size_t i = 0; i < n_params; i++)
        m.theta[i] = log(start[i]);
    rti_minimize(negative_ll, opts->max_iterations, opts->tolerance, opts->compute_std_errors,
                 &m);

    rt_fit_report r;
    memset(&r, 0, sizeof r);
    r.size = report->size;
    for (size_t i = 0; i < n_params; i++) {
        r.params[i] = exp(m.theta[i]);
        /* Delta method: d(param) = param d(log param). */
        double se = r.params[i] * m.std_errors[i];
        r.std_errors[i] = isfinite(se) ? se : 0.0;
    }
    r.n_params = n_params;
    r.log_likelihood = -m.value;
    r.iterations = m.iterations;
    r.converged = m.converged;
    memcpy(report, &r, report->size < sizeof r ? report->size : sizeof r);
    if (!m.converged)
        return rti_fail(RT_ECONVERGE, "%s: no convergence after %u iterations "
                        "(log-likelihood %.17g); the report holds the best point", fn,
                        (unsigned)m.iterations, -m.value);
    return RT_OK;
}
