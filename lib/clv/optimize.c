/* BFGS in the log-parameters: the search every CLV fit uses. */
#include "clv/optimize.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "core/assert.h"

#define GRAD_STEP 1e-5
#define HESS_STEP 1e-4
#define MAX_STEP 5.0   /* largest move of one log-parameter per iteration */

static double eval(const rti_problem *p, const double *theta)
{
    double v = p->f(theta, p->ctx, NULL);
    return isnan(v) ? HUGE_VAL : v;
}

/* The gradient at theta (where f is f0) into g by central differences; a
 * side that is undefined falls back to one-sided. */
static void numerical_gradient(const rti_problem *p, const double *theta, double f0, double *g)
{
    RTI_ASSERT(p->n <= RTI_MAX_PARAMS);  /* x below has room for RTI_MAX_PARAMS */
    double x[RTI_MAX_PARAMS];
    memcpy(x, theta, p->n * sizeof *x);
    for (size_t i = 0; i < p->n; i++) {
        x[i] = theta[i] + GRAD_STEP;
        double fp = eval(p, x);
        x[i] = theta[i] - GRAD_STEP;
        double fm = eval(p, x);
        x[i] = theta[i];
        if (isfinite(fp) && isfinite(fm))
            g[i] = (fp - fm) / (2.0 * GRAD_STEP);
        else if (isfinite(fp))
            g[i] = (fp - f0) / GRAD_STEP;
        else if (isfinite(fm))
            g[i] = (f0 - fm) / GRAD_STEP;
        else
            g[i] = 0.0;
    }
}

/* The value at theta, and the gradient into g: analytic, from the same
 * call, or by differences. */
static double eval_with_gradient(const rti_problem *p, const double *theta, double *g)
{
    if (!p->has_gradient) {
        double f0 = eval(p, theta);
        numerical_gradient(p, theta, f0, g);
        return f0;
    }
    /* An objective may answer HUGE_VAL (an infeasible point, e.g. parameters
     * that overflow) without writing the gradient: it reads as zero then. */
    for (size_t i = 0; i < p->n; i++)
        g[i] = 0.0;
    double v = p->f(theta, p->ctx, g);
    for (size_t i = 0; i < p->n; i++)
        if (!isfinite(g[i]))
            g[i] = 0.0;
    return isnan(v) ? HUGE_VAL : v;
}

static double max_abs(size_t n, const double *v)
{
    double m = 0.0;
    for (size_t i = 0; i < n; i++)
        m = fmax(m, fabs(v[i]));
    return m;
}

static void identity(size_t n, double h[RTI_MAX_PARAMS][RTI_MAX_PARAMS], double scale)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            h[i][j] = i == j ? scale : 0.0;
}

/* Cholesky factorisation of the n x n matrix a in place (lower); 0 if not PD. */
static int cholesky(size_t n, double a[RTI_MAX_PARAMS][RTI_MAX_PARAMS])
{
    for (size_t j = 0; j < n; j++) {
        double d = a[j][j];
        for (size_t k = 0; k < j; k++)
            d -= a[j][k] * a[j][k];
        if (!(d > 0.0) || !isfinite(d))
            return 0;
        a[j][j] = sqrt(d);
        for (size_t i = j + 1; i < n; i++) {
            double s = a[i][j];
            for (size_t k = 0; k < j; k++)
                s -= a[i][k] * a[j][k];
            a[i][j] = s / a[j][j];
        }
    }
    return 1;
}

/* The Hessian at theta from central differences of the analytic gradient,
 * symmetrised. */
static void hessian_from_gradients(const rti_problem *p, const double *theta,
                                   double h[RTI_MAX_PARAMS][RTI_MAX_PARAMS])
{
    RTI_ASSERT(p->n <= RTI_MAX_PARAMS);
    double x[RTI_MAX_PARAMS];
    memcpy(x, theta, p->n * sizeof *x);
    for (size_t j = 0; j < p->n; j++) {
        double gp[RTI_MAX_PARAMS], gm[RTI_MAX_PARAMS];
        x[j] = theta[j] + GRAD_STEP;
        p->f(x, p->ctx, gp);
        x[j] = theta[j] - GRAD_STEP;
        p->f(x, p->ctx, gm);
        x[j] = theta[j];
        for (size_t i = 0; i < p->n; i++)
            h[i][j] = (gp[i] - gm[i]) / (2.0 * GRAD_STEP);
    }
    for (size_t i = 0; i < p->n; i++)
        for (size_t j = 0; j < i; j++)
            h[i][j] = h[j][i] = 0.5 * (h[i][j] + h[j][i]);
}

/* The Hessian at theta (where f is f0) from second differences of f. */
static void hessian_from_values(const rti_problem *p, const double *theta, double f0,
                                double h[RTI_MAX_PARAMS][RTI_MAX_PARAMS])
{
    RTI_ASSERT(p->n <= RTI_MAX_PARAMS);
    const double s = HESS_STEP;
    double x[RTI_MAX_PARAMS];
    memcpy(x, theta, p->n * sizeof *x);
    for (size_t i = 0; i < p->n; i++) {
        for (size_t j = 0; j <= i; j++) {
            double v;
            if (i == j) {
                x[i] = theta[i] + s;
                double fp = eval(p, x);
                x[i] = theta[i] - s;
                double fm = eval(p, x);
                v = (fp - 2.0 * f0 + fm) / (s * s);
            } else {
                double sum = 0.0;
                for (int si = -1; si <= 1; si += 2) {
                    for (int sj = -1; sj <= 1; sj += 2) {
                        x[i] = theta[i] + si * s;
                        x[j] = theta[j] + sj * s;
                        sum += si * sj * eval(p, x);
                    }
                }
                v = sum / (4.0 * s * s);
            }
            x[i] = theta[i];
            x[j] = theta[j];
            h[i][j] = h[j][i] = v;
        }
    }
}

/* The inverse of the symmetric n x n matrix h (destroyed) into inv, by
 * Cholesky: H^-1 = L^-T L^-1. 0 if h is not positive definite. */
static int inverse_spd(size_t n, double h[RTI_MAX_PARAMS][RTI_MAX_PARAMS],
                       double inv[RTI_MAX_PARAMS][RTI_MAX_PARAMS])
{
    if (!cholesky(n, h))
        return 0;
    double li[RTI_MAX_PARAMS][RTI_MAX_PARAMS] = {{0.0}};
    for (size_t c = 0; c < n; c++) {  /* column c of L^-1: forward substitution */
        for (size_t i = 0; i < n; i++) {
            double v = i == c ? 1.0 : 0.0;
            for (size_t k = 0; k < i; k++)
                v -= h[i][k] * li[k][c];
            li[i][c] = v / h[i][i];
        }
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            double v = 0.0;
            for (size_t k = 0; k < n; k++)
                v += li[k][i] * li[k][j];
            if (!isfinite(v))
                return 0;
            inv[i][j] = v;
        }
    }
    return 1;
}

/* Standard errors: the square roots of the diagonal of the inverse Hessian
 * at the minimum; all 0 when the Hessian is not positive definite. */
static void std_errors(const rti_problem *p, double f0, rti_minimum *m)
{
    double h[RTI_MAX_PARAMS][RTI_MAX_PARAMS], inv[RTI_MAX_PARAMS][RTI_MAX_PARAMS];
    if (p->has_gradient)
        hessian_from_gradients(p, m->theta, h);
    else
        hessian_from_values(p, m->theta, f0, h);
    int invertible = inverse_spd(p->n, h, inv);
    for (size_t i = 0; i < p->n; i++)
        m->std_errors[i] = invertible ? sqrt(inv[i][i]) : 0.0;
}

/* The search state: the point, its value and gradient, the inverse Hessian
 * estimate h, whether h is still a (scaled) identity, the scale of the
 * curvature last seen (s.y / y.y of the last step; 1 before any), and the
 * gradient below which the point is as good as the objective's precision
 * allows, should no step along the gradient decrease it. */
typedef struct search {
    double x[RTI_MAX_PARAMS], fx, g[RTI_MAX_PARAMS];
    double h[RTI_MAX_PARAMS][RTI_MAX_PARAMS];
    int fresh;
    double scale, precise;
} search;

/* Back to a scaled identity: of 1, but of the curvature seen when the
 * gradient is already within s->precise. There an identity of 1 steps as
 * far as the gradient is large: at the optimum of a likelihood of a
 * million customers, curvature ~1e6, it overshot by that much and took 14
 * halvings back (a third of the evaluations of bench_clv_scale's fit);
 * scaled, the step is the right size or too small to decrease the value,
 * which ends the search. Further out the search goes as it always did. */
static void restart(search *s, size_t n)
{
    identity(n, s->h, max_abs(n, s->g) <= s->precise ? s->scale : 1.0);
    s->fresh = 1;
}

/* The quasi-Newton direction -H g into d, or steepest descent when that is
 * not downhill (restarting H); returns the slope g . d < 0. */
static double direction(search *s, size_t n, double *d)
{
    double slope = 0.0;
    for (size_t i = 0; i < n; i++) {
        d[i] = 0.0;
        for (size_t j = 0; j < n; j++)
            d[i] -= s->h[i][j] * s->g[j];
        slope += d[i] * s->g[i];
    }
    if (slope < 0.0)
        return slope;
    restart(s, n);
    slope = 0.0;
    for (size_t i = 0; i < n; i++) {
        d[i] = -s->h[i][i] * s->g[i];
        slope += d[i] * s->g[i];
    }
    return slope;
}

/* Backtracking from the full step (capped at MAX_STEP per log-parameter)
 * to the first point with sufficient decrease (Armijo); writes it with its
 * value and gradient. 0 if there is none. */
static int line_search(const rti_problem *p, const search *s, const double *d, double slope,
                       double *xn, double *fn, double *gn)
{
    double step = 1.0, longest = max_abs(p->n, d);
    if (longest * step > MAX_STEP)
        step = MAX_STEP / longest;
    for (int tries = 0; tries < 60; tries++, step *= 0.5) {
        /* A decrease below the resolution of f cannot be told from its
         * rounding: the search is over. */
        if (-step * slope < 8.0 * DBL_EPSILON * fabs(s->fx))
            return 0;
        for (size_t i = 0; i < p->n; i++)
            xn[i] = s->x[i] + step * d[i];
        /* With an analytic gradient the trial is evaluated with it: most
         * first trials are accepted, and then the gradient is already there. */
        *fn = p->has_gradient ? eval_with_gradient(p, xn, gn) : eval(p, xn);
        if (isfinite(*fn) && *fn <= s->fx + 1e-4 * step * slope) {
            if (!p->has_gradient)
                numerical_gradient(p, xn, *fn, gn);
            return 1;
        }
    }
    return 0;
}

/* Moves to xn and updates H <- (I - rho s y^T) H (I - rho y s^T) + rho s s^T
 * with s = xn - x, y = gn - g, when the curvature s . y is positive. */
static void bfgs_update(search *st, size_t n, const double *xn, double fn, const double *gn)
{
    double s[RTI_MAX_PARAMS], y[RTI_MAX_PARAMS], sy = 0.0, yy = 0.0, ss = 0.0;
    for (size_t i = 0; i < n; i++) {
        s[i] = xn[i] - st->x[i];
        y[i] = gn[i] - st->g[i];
        sy += s[i] * y[i];
        yy += y[i] * y[i];
        ss += s[i] * s[i];
    }
    memcpy(st->x, xn, n * sizeof *xn);
    memcpy(st->g, gn, n * sizeof *gn);
    st->fx = fn;
    if (!(sy > 1e-12 * sqrt(ss * yy)))
        return;
    st->scale = sy / yy;
    if (st->fresh) {  /* scale the first estimate to the observed curvature */
        identity(n, st->h, st->scale);
        st->fresh = 0;
    }
    double rho = 1.0 / sy, hy[RTI_MAX_PARAMS], yhy = 0.0;
    for (size_t i = 0; i < n; i++) {
        hy[i] = 0.0;
        for (size_t j = 0; j < n; j++)
            hy[i] += st->h[i][j] * y[j];
        yhy += y[i] * hy[i];
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            st->h[i][j] += -rho * (hy[i] * s[j] + s[i] * hy[j])
                           + (rho * rho * yhy + rho) * s[i] * s[j];
}

void rti_minimize(const rti_problem *p, uint32_t max_iterations, double tolerance,
                  uint32_t want_std_errors, rti_minimum *m)
{
    RTI_ASSERT(p->n >= 1 && p->n <= RTI_MAX_PARAMS);  /* the stack arrays' room */
    RTI_ASSERT(tolerance > 0.0 && max_iterations > 0);
    size_t n = p->n;
    search s;
    memcpy(s.x, m->theta, n * sizeof *s.x);
    s.fx = eval_with_gradient(p, s.x, s.g);
    s.scale = 1.0;
    s.precise = 0.0;  /* the start: an identity of 1 */
    restart(&s, n);
    uint32_t it = 0;
    int converged = 0;
    while (isfinite(s.fx)) {
        double small = tolerance * (1.0 + fabs(s.fx));
        s.precise = 1e3 * small;
        if (max_abs(n, s.g) <= small) {
            converged = 1;
            break;
        }
        if (it >= max_iterations)
            break;
        it++;
        double d[RTI_MAX_PARAMS], xn[RTI_MAX_PARAMS], gn[RTI_MAX_PARAMS], fn;
        double slope = direction(&s, n, d);
        if (!line_search(p, &s, d, slope, xn, &fn, gn)) {
            if (!s.fresh) {  /* retry once along the gradient */
                restart(&s, n);
                continue;
            }
            /* No decrease along the gradient: the point is as good as the
             * precision of the objective allows. */
            converged = max_abs(n, s.g) <= s.precise;
            break;
        }
        double fprev = s.fx;
        bfgs_update(&s, n, xn, fn, gn);
        if (fabs(fprev - s.fx) <= 4.0 * 2.2e-16 * fabs(s.fx) &&
            max_abs(n, s.g) <= 1e3 * tolerance * (1.0 + fabs(s.fx))) {
            converged = 1;
            break;
        }
    }
    memcpy(m->theta, s.x, n * sizeof *s.x);
    m->value = s.fx;
    m->iterations = it;
    m->converged = converged && isfinite(s.fx);
    for (size_t i = 0; i < RTI_MAX_PARAMS; i++)
        m->std_errors[i] = 0.0;
    /* Standard errors come from the curvature at a maximum: at a point that
     * is not one they mean nothing, and their Hessian at extreme parameters
     * cost a fuzzed Pareto/NBD fit 41 s. */
    if (want_std_errors && m->converged)
        std_errors(p, s.fx, m);
}
