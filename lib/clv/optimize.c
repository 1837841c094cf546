/* BFGS in the log-parameters: the search every CLV fit uses. */
#include "clv/optimize.h"

#include <math.h>
#include <string.h>

#define GRAD_STEP 1e-5
#define HESS_STEP 1e-4
#define MAX_STEP 5.0   /* largest move of one log-parameter per iteration */

static double eval(rti_objective f, void *ctx, const double *theta)
{
    double v = f(theta, ctx);
    return isnan(v) ? HUGE_VAL : v;
}

/* The analytic gradient if there is one, else central differences (a side
 * that is undefined falls back to one-sided). */
static void gradient(rti_objective f, rti_gradient grad, void *ctx, size_t n,
                     const double *theta, double f0, double *g)
{
    if (grad != NULL) {
        grad(theta, ctx, g);
        for (size_t i = 0; i < n; i++)
            if (!isfinite(g[i]))
                g[i] = 0.0;
        return;
    }
    double x[RTI_MAX_PARAMS];
    memcpy(x, theta, n * sizeof *x);
    for (size_t i = 0; i < n; i++) {
        x[i] = theta[i] + GRAD_STEP;
        double fp = eval(f, ctx, x);
        x[i] = theta[i] - GRAD_STEP;
        double fm = eval(f, ctx, x);
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

static void std_errors(rti_objective f, rti_gradient grad, void *ctx, size_t n, double f0,
                       rti_minimum *m)
{
    double h[RTI_MAX_PARAMS][RTI_MAX_PARAMS];
    double x[RTI_MAX_PARAMS];
    memcpy(x, m->theta, n * sizeof *x);
    const double s = HESS_STEP;
    for (size_t j = 0; grad != NULL && j < n; j++) {  /* columns from gradient differences */
        double gp[RTI_MAX_PARAMS], gm[RTI_MAX_PARAMS];
        x[j] = m->theta[j] + GRAD_STEP;
        grad(x, ctx, gp);
        x[j] = m->theta[j] - GRAD_STEP;
        grad(x, ctx, gm);
        x[j] = m->theta[j];
        for (size_t i = 0; i < n; i++)
            h[i][j] = (gp[i] - gm[i]) / (2.0 * GRAD_STEP);
    }
    for (size_t i = 0; grad != NULL && i < n; i++)
        for (size_t j = 0; j < i; j++)
            h[i][j] = h[j][i] = 0.5 * (h[i][j] + h[j][i]);
    for (size_t i = 0; grad == NULL && i < n; i++) {
        for (size_t j = 0; j <= i; j++) {
            double v;
            if (i == j) {
                x[i] = m->theta[i] + s;
                double fp = eval(f, ctx, x);
                x[i] = m->theta[i] - s;
                double fm = eval(f, ctx, x);
                v = (fp - 2.0 * f0 + fm) / (s * s);
            } else {
                double sum = 0.0;
                for (int si = -1; si <= 1; si += 2) {
                    for (int sj = -1; sj <= 1; sj += 2) {
                        x[i] = m->theta[i] + si * s;
                        x[j] = m->theta[j] + sj * s;
                        sum += si * sj * eval(f, ctx, x);
                    }
                }
                v = sum / (4.0 * s * s);
            }
            x[i] = m->theta[i];
            x[j] = m->theta[j];
            h[i][j] = h[j][i] = v;
        }
    }
    for (size_t i = 0; i < n; i++)
        m->std_errors[i] = 0.0;
    if (!cholesky(n, h))
        return;
    /* diag(H^-1)_i = || L^-1 e_i ||^2 ... computed as sum over rows of L^-1. */
    double inv[RTI_MAX_PARAMS][RTI_MAX_PARAMS] = {{0.0}};
    for (size_t c = 0; c < n; c++) {  /* column c of L^-1: forward substitution */
        for (size_t i = 0; i < n; i++) {
            double v = i == c ? 1.0 : 0.0;
            for (size_t k = 0; k < i; k++)
                v -= h[i][k] * inv[k][c];
            inv[i][c] = v / h[i][i];
        }
    }
    /* H^-1 = L^-T L^-1, so (H^-1)_ii = sum_k (L^-1)_ki^2. */
    for (size_t i = 0; i < n; i++) {
        double v = 0.0;
        for (size_t k = 0; k < n; k++)
            v += inv[k][i] * inv[k][i];
        m->std_errors[i] = isfinite(v) ? sqrt(v) : 0.0;
    }
}

void rti_minimize(rti_objective f, rti_gradient grad, void *ctx, size_t n,
                  uint32_t max_iterations, double tolerance, int want_std_errors,
                  rti_minimum *m)
{
    double x[RTI_MAX_PARAMS], g[RTI_MAX_PARAMS], d[RTI_MAX_PARAMS];
    double xn[RTI_MAX_PARAMS], gn[RTI_MAX_PARAMS], s[RTI_MAX_PARAMS], y[RTI_MAX_PARAMS];
    double h[RTI_MAX_PARAMS][RTI_MAX_PARAMS];
    memcpy(x, m->theta, n * sizeof *x);
    double fx = eval(f, ctx, x);
    gradient(f, grad, ctx, n, x, fx, g);
    identity(n, h, 1.0);
    int fresh = 1;   /* h is a (scaled) identity: the next update rescales it */
    uint32_t it = 0;
    int converged = 0;

    while (isfinite(fx)) {
        if (max_abs(n, g) <= tolerance * (1.0 + fabs(fx))) {
            converged = 1;
            break;
        }
        if (it >= max_iterations)
            break;
        it++;
        double slope = 0.0;
        for (size_t i = 0; i < n; i++) {
            d[i] = 0.0;
            for (size_t j = 0; j < n; j++)
                d[i] -= h[i][j] * g[j];
            slope += d[i] * g[i];
        }
        if (!(slope < 0.0)) {  /* not a descent direction: restart */
            identity(n, h, 1.0);
            fresh = 1;
            for (size_t i = 0; i < n; i++)
                d[i] = -g[i];
            slope = 0.0;
            for (size_t i = 0; i < n; i++)
                slope -= g[i] * g[i];
        }
        double step = 1.0, longest = max_abs(n, d);
        if (longest * step > MAX_STEP)
            step = MAX_STEP / longest;
        double fn = HUGE_VAL;
        int found = 0;
        for (int tries = 0; tries < 60; tries++) {
            for (size_t i = 0; i < n; i++)
                xn[i] = x[i] + step * d[i];
            fn = eval(f, ctx, xn);
            if (isfinite(fn) && fn <= fx + 1e-4 * step * slope) {
                found = 1;
                break;
            }
            step *= 0.5;
        }
        if (!found) {
            if (!fresh) {  /* retry once along the gradient */
                identity(n, h, 1.0);
                fresh = 1;
                continue;
            }
            /* No decrease along the gradient: the point is as good as the
             * precision of the objective allows. */
            converged = max_abs(n, g) <= 1e3 * tolerance * (1.0 + fabs(fx));
            break;
        }
        gradient(f, grad, ctx, n, xn, fn, gn);
        double sy = 0.0, yy = 0.0, ss = 0.0;
        for (size_t i = 0; i < n; i++) {
            s[i] = xn[i] - x[i];
            y[i] = gn[i] - g[i];
            sy += s[i] * y[i];
            yy += y[i] * y[i];
            ss += s[i] * s[i];
        }
        memcpy(x, xn, n * sizeof *x);
        memcpy(g, gn, n * sizeof *g);
        double fprev = fx;
        fx = fn;
        if (sy > 1e-12 * sqrt(ss * yy)) {
            if (fresh) {
                identity(n, h, sy / yy);
                fresh = 0;
            }
            /* H <- (I - rho s y^T) H (I - rho y s^T) + rho s s^T */
            double rho = 1.0 / sy, hy[RTI_MAX_PARAMS], yhy = 0.0;
            for (size_t i = 0; i < n; i++) {
                hy[i] = 0.0;
                for (size_t j = 0; j < n; j++)
                    hy[i] += h[i][j] * y[j];
                yhy += y[i] * hy[i];
            }
            for (size_t i = 0; i < n; i++)
                for (size_t j = 0; j < n; j++)
                    h[i][j] += -rho * (hy[i] * s[j] + s[i] * hy[j])
                               + (rho * rho * yhy + rho) * s[i] * s[j];
        }
        if (fabs(fprev - fx) <= 4.0 * 2.2e-16 * fabs(fx) && max_abs(n, g) <= 1e3 * tolerance * (1.0 + fabs(fx))) {
            converged = 1;
            break;
        }
    }
    memcpy(m->theta, x, n * sizeof *x);
    m->value = fx;
    m->iterations = it;
    m->converged = converged && isfinite(fx);
    for (size_t i = 0; i < RTI_MAX_PARAMS; i++)
        m->std_errors[i] = 0.0;
    if (want_std_errors && isfinite(fx))
        std_errors(f, grad, ctx, n, fx, m);
}
