/* Fit options and reports: defaults, validation, and writing the result. */
#include "clv/fit.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/check.h"
#include "core/error.h"
#include "core/sized_struct.h"
#include "clv/params.h"
#include "clv/rfm.h"

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
    rt_fit_options d;
    defaults(&d);
    return rti_sized_struct_init(options, size, &d, sizeof d, "rt_fit_options_init");
}

rt_status rt_fit_report_init(rt_fit_report *report, size_t size)
{
    return rti_sized_struct_init(report, size, NULL, sizeof *report, "rt_fit_report_init");
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
    if (opts->compute_std_errors > 1 || opts->use_start > 1)
        return rti_fail(RT_EINVAL, "%s: options compute_std_errors %u and use_start %u must "
                        "be 0 or 1", fn, (unsigned)opts->compute_std_errors,
                        (unsigned)opts->use_start);
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

/* A search that ended this far (in log-parameters, a factor ~1100) from
 * its data-scaled start may be running off to a boundary: then it is
 * pushed PUSH further the same way and searched again for at most
 * RECHECK_ITERATIONS. */
#define FAR_FROM_START 7.0
#define PUSH 4.0
#define RECHECK_ITERATIONS 200u

/* Which parameters run off to a boundary: the search is restarted PUSH
 * beyond its end along the way it came; at an interior maximum it comes
 * back, but when the likelihood keeps rising (or stays level) outward the
 * parameters that run off stay out. Sets the bits of those that stay at
 * least 1 (a factor e) further out at no loss, and moves m to the better
 * point. */
static void find_boundary(const rti_problem *p, const double *start, const rt_fit_options *opts,
                          rti_minimum *m, uint32_t *to_zero, uint32_t *to_infinity)
{
    size_t n = p->n;
    double way[RTI_MAX_PARAMS], length = 0.0, farthest = 0.0;
    for (size_t i = 0; i < n; i++) {
        way[i] = m->theta[i] - start[i];
        length += way[i] * way[i];
        farthest = fmax(farthest, fabs(way[i]));
    }
    *to_zero = *to_infinity = 0;
    if (!(farthest >= FAR_FROM_START) || !isfinite(m->value))
        return;
    length = sqrt(length);
    rti_minimum again = *m;
    for (size_t i = 0; i < n; i++)
        again.theta[i] += PUSH * way[i] / length;
    rti_minimize(p, RECHECK_ITERATIONS, opts->tolerance, 0, &again);
    if (!(again.value <= m->value + 1e-9 * (1.0 + fabs(m->value))))
        return;
    for (size_t i = 0; i < n; i++) {
        double out = (again.theta[i] - m->theta[i]) * (way[i] > 0.0 ? 1.0 : -1.0);
        if (out >= 1.0)
            *(way[i] > 0.0 ? to_infinity : to_zero) |= 1u << i;
    }
    if ((*to_zero | *to_infinity) != 0 && again.value <= m->value) {
        memcpy(m->theta, again.theta, sizeof m->theta);
        m->value = again.value;
    }
}

/* "r -> 0, alpha -> infinity" style list of the parameters that run off. */
static void describe_boundary(char *text, size_t size, uint32_t to_zero, uint32_t to_infinity,
                              size_t n)
{
    size_t used = 0;
    text[0] = '\0';
    for (size_t i = 0; i < n && used < size; i++) {
        uint32_t bit = 1u << i;
        if ((to_zero | to_infinity) & bit)
            used += (size_t)snprintf(text + used, size - used, "%sparams[%zu] -> %s",
                                     used ? ", " : "", i, to_zero & bit ? "0" : "infinity");
    }
}

rt_status rti_fit_run(const rti_problem *negative_ll, const rt_fit_options *opts,
                      const double *default_start, rt_fit_report *report, const char *fn)
{
    size_t n_params = negative_ll->n;
    rti_minimum m;
    memset(&m, 0, sizeof m);
    const double *start = opts->use_start ? opts->start : default_start;
    double theta0[RTI_MAX_PARAMS];
    for (size_t i = 0; i < n_params; i++)
        theta0[i] = m.theta[i] = log(start[i]);
    rti_minimize(negative_ll, opts->max_iterations, opts->tolerance, opts->compute_std_errors,
                 &m);
    uint32_t to_zero, to_infinity;
    find_boundary(negative_ll, theta0, opts, &m, &to_zero, &to_infinity);

    rt_fit_report r;
    memset(&r, 0, sizeof r);
    r.size = report->size;
    for (size_t i = 0; i < n_params; i++) {
        r.params[i] = exp(m.theta[i]);
        /* Delta method: d(param) = param d(log param). */
        double se = r.params[i] * m.std_errors[i];
        r.std_errors[i] = isfinite(se) && (to_zero | to_infinity) == 0 ? se : 0.0;
    }
    r.n_params = n_params;
    r.log_likelihood = -m.value;
    r.iterations = m.iterations;
    r.converged = m.converged && (to_zero | to_infinity) == 0;
    r.boundary_zero = to_zero;
    r.boundary_infinity = to_infinity;
    memcpy(report, &r, report->size < sizeof r ? report->size : sizeof r);
    if ((to_zero | to_infinity) != 0) {
        char which[160];
        describe_boundary(which, sizeof which, to_zero, to_infinity, n_params);
        return rti_fail(RT_ECONVERGE, "%s: the likelihood keeps rising as %s: the maximum is "
                        "a limiting model on the boundary (log-likelihood %.17g at the last "
                        "point, which the report holds)", fn, which, -m.value);
    }
    if (!m.converged)
        return rti_fail(RT_ECONVERGE, "%s: no convergence after %u iterations "
                        "(log-likelihood %.17g); the report holds the best point", fn,
                        (unsigned)m.iterations, -m.value);
    return RT_OK;
}

rt_status rti_rfm_ll_begin(const double *params, size_t n_params, const char *const *names,
                           const rt_rfm *rfm, const double *ll, const char *fn)
{
    RTI_TRY(rti_check_params(params, n_params, names, fn));
    if (rfm == NULL)
        return rti_fail(RT_EINVAL, "%s: rfm is NULL", fn);
    RTI_TRY(rti_check_out(ll, fn, "ll"));
    if (rfm->n_rows == 0)
        return rti_fail(RT_EUNDEFINED, "%s: the histogram rfm is empty", fn);
    return RT_OK;
}

rt_status rti_rfm_fit_begin(const rt_rfm *rfm, const rt_fit_options *options, size_t n_params,
                            const rt_fit_report *report, rt_fit_options *opts, double *mean_T,
                            const char *fn)
{
    if (rfm == NULL)
        return rti_fail(RT_EINVAL, "%s: rfm is NULL", fn);
    RTI_TRY(rti_fit_begin(options, n_params, report, opts, fn));
    return rti_rfm_fit_ready(rfm, fn, mean_T);
}
