/* Gauss-Legendre panels laid outward from the maximum of a unimodal
 * integrand, the panel width set by the curvature of its logarithm there. */
#include "clv/quadrature.h"

#include <float.h>
#include <math.h>

#include "core/error.h"

/* Panels on each side of the maximum: 20,000 of 11 evaluations bound a
 * call's time to about 40 ms even where every panel counts. */
#define MAX_PANELS 20000

/* 10-point Gauss-Legendre nodes and weights on [-1, 1] (Abramowitz &
 * Stegun table 25.4): exact for polynomials of degree 19. */
static const double node[5] = {0.1488743389816312108848260, 0.4333953941292471907992659,
                               0.6794095682990244062343274, 0.8650633666889845107320967,
                               0.9739065285171717200779640};
static const double weight[5] = {0.2955242247147528701738930, 0.2692667193099963550912269,
                                 0.2190863625159820439955349, 0.1494513491505805931457763,
                                 0.0666713443086881375935688};

double rti_log_logistic(double y)
{
    return y < 0.0 ? y - log1p(exp(y)) : -log1p(exp(-y));
}

typedef struct integrand {
    rti_log_integrand log_f;
    const void *ctx;
    double peak;  /* ln f at the maximum: values are scaled by e^-peak */
} integrand;

static double scaled(const integrand *g, double y)
{
    return exp(g->log_f(g->ctx, y) - g->peak);
}

/* The scaled integral over [u, v]. */
static double panel(const integrand *g, double u, double v)
{
    double mid = 0.5 * (u + v), half = 0.5 * (v - u), sum = 0.0;
    for (int i = 0; i < 5; i++)
        sum += weight[i] * (scaled(g, mid - half * node[i]) + scaled(g, mid + half * node[i]));
    return sum * half;
}

/* The maximum of log_f on [lo, hi] by golden sections, to 1e-6 of the
 * range: the panels need not start exactly there (the sweeps stop only
 * where the integrand falls away), only near it, for the scale and the
 * width. */
static double find_peak(const integrand *g, double lo, double hi)
{
    const double phi = 0.6180339887498949;
    double u = hi - phi * (hi - lo), v = lo + phi * (hi - lo);
    double fu = g->log_f(g->ctx, u), fv = g->log_f(g->ctx, v);
    for (int i = 0; i < 200 && hi - lo > 1e-6 * (1.0 + fabs(lo) + fabs(hi)); i++) {
        if (fu < fv) {
            lo = u;
            u = v;
            fu = fv;
            v = lo + phi * (hi - lo);
            fv = g->log_f(g->ctx, v);
        } else {
            hi = v;
            v = u;
            fv = fu;
            u = hi - phi * (hi - lo);
            fu = g->log_f(g->ctx, u);
        }
    }
    return 0.5 * (lo + hi);
}

/* Panel width: the peak's standard deviation from the curvature of log_f
 * (a Gaussian of that width is integrated to rounding by 10 points), and
 * at most the decay length 1 / |slope| where the maximum is at an end; at
 * most 1.5: the models' integrands are analytic within pi of the real
 * axis in their log or logit variables (the logistic's poles are at
 * +-i pi), where 10 points over that width err by about 8.5^-20 (the
 * Bernstein ellipse's parameter to the power -2n). Measured on the BG/NBD
 * bracket against its series, 66,000 random cases: 2.4e-13 relative at
 * most, as with width 1 (width 2: 1.8e-12), in half the time of width 1. */
static double panel_width(const integrand *g, double mode, double lo, double hi)
{
    double d = 1e-4;
    double left = mode - d > lo ? mode - d : lo, right = mode + d < hi ? mode + d : hi;
    double fm = g->log_f(g->ctx, mode);
    double w = 1.5;
    if (mode - left > 0.5 * d && right - mode > 0.5 * d) {
        double fl = g->log_f(g->ctx, left), fr = g->log_f(g->ctx, right);
        double curvature = -((fr - fm) / (right - mode) - (fm - fl) / (mode - left))
                           / (0.5 * (right - left));
        if (curvature * w * w > 1.0)
            w = 1.0 / sqrt(curvature);
    }
    /* Near an end: the slope over the longer side. */
    double far = mode - lo > hi - mode ? fmax(lo, mode - d) : fmin(hi, mode + d);
    double slope = fabs(g->log_f(g->ctx, far) - fm) / fabs(far - mode);
    if (slope * w > 1.0)
        w = 1.0 / slope;
    return w > 1e-12 ? w : 1e-12;  /* a floor for slopes beyond 1e12; panels split below it */
}

/* Adds panels from `from` toward `to` (either direction) until the end or
 * until the rest, bounded by the exponential decay of the last panel, is
 * negligible; *sum accumulates. A panel over which the integrand changes
 * by more than e^8 is split (its 10 points would not resolve it), and the
 * width grows back where it changes by under e^2. 0, or -1 past the cap. */
static int sweep(const integrand *g, double from, double to, double w, double *sum)
{
    double dir = to > from ? 1.0 : -1.0, at = from, f_at = scaled(g, from), widest = w;
    for (int k = 0; k < MAX_PANELS; k++) {
        if ((to - at) * dir <= 0.0 || f_at == 0.0)
            return 0;  /* the end, or e^-745 under the maximum: the rest is 0 */
        double next = (to - at) * dir > w ? at + dir * w : to;
        double f_next = scaled(g, next);
        double change = fabs(log(f_next / f_at));
        if (change > 8.0 && fabs(next - at) > 1e-12 * (1.0 + fabs(at))) {
            w = 0.25 * fabs(next - at);
            continue;
        }
        *sum += panel(g, dir > 0 ? at : next, dir > 0 ? next : at);
        /* ln f falls at least as fast as over this panel beyond it
         * (concave ln f), so the rest is at most f_next / slope. */
        if (f_next < f_at) {
            double slope = log(f_at / f_next) / fabs(next - at);
            if (f_next / slope <= 0.1 * DBL_EPSILON * *sum)
                return 0;
        }
        if (change < 2.0)
            w = fmin(2.0 * w, widest);  /* smooth again: back to the peak's width */
        at = next;
        f_at = f_next;
    }
    return -1;
}

rt_status rti_log_integral(rti_log_integrand log_f, const void *ctx, double lo, double hi,
                           double *out, const char *fn)
{
    integrand g = {log_f, ctx, 0.0};
    double mode = find_peak(&g, lo, hi);
    g.peak = log_f(ctx, mode);
    if (g.peak == -HUGE_VAL) {
        *out = -HUGE_VAL;  /* the integrand vanishes on [lo, hi] */
        return RT_OK;
    }
    if (!isfinite(g.peak))
        return rti_fail(RT_ECONVERGE, "%s: the integrand is not finite", fn);
    double w = panel_width(&g, mode, lo, hi), sum = 0.0;
    if (sweep(&g, mode, hi, w, &sum) != 0 || sweep(&g, mode, lo, w, &sum) != 0)
        return rti_fail(RT_ECONVERGE, "%s: the integral needs more than %d panels each "
                        "side", fn, MAX_PANELS);
    *out = g.peak + log(sum);
    return RT_OK;
}
