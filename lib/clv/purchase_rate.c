/* The BG/NBD purchase rate integrated by Taylor steps of its
 * hypergeometric equation (see purchase_rate.h). */
#include "clv/purchase_rate.h"

#include <float.h>
#include <math.h>

#include "core/error.h"

#define MAX_TERMS 120
#define MAX_STEPS_PER_CALL 100000

void rti_rate_walk_init(rti_rate_walk *w, const double params[4], uint64_t x, double T)
{
    double xd = (double)x, r = params[0], alpha = params[1], a = params[2], b = params[3];
    w->R = r + xd;
    w->m = w->R + 1.0;
    w->a = a;
    w->c = a + b + xd;
    w->scale = alpha + T;
    w->y = 0.0;
    w->g = 1.0;
    w->dg = -w->m * (a / w->c);
}

/* The sums of one Taylor step of length tau from y: g, g' at y + tau and
 * the integral of g over the step. */
typedef struct step_sums {
    double g, dg, integral;
} step_sums;

/* Term e_{n+2} = c_{n+2} tau^(n+2) of the Taylor series at y > 0, from the
 * equation: with u = tau / y and v = tau / (1 + y),
 *   (n+2)(n+1) e_{n+2} = -(n+1) [n (u+v) + c u / (1+y) + (m+a+1) v] e_{n+1}
 *                        - (n+m)(n+a) u v e_n,
 * every factor a ratio, so that nothing overflows at large y. At y = 0 (a
 * regular singular point where g is analytic) the series is 2F1's own:
 *   (n+1)(n+c) e_{n+1} = -(n+m)(n+a) tau e_n. */
static double next_term(const rti_rate_walk *w, double tau, double n, double e1, double e0)
{
    if (w->y == 0.0)
        return -(n + 1.0 + w->m) * (n + 1.0 + w->a) / ((n + 2.0) * (n + 1.0 + w->c)) * tau * e1;
    double u = tau / w->y, v = tau / (1.0 + w->y);
    double first = (n + 1.0) * (n * (u + v) + w->c * u / (1.0 + w->y) + (w->m + w->a + 1.0) * v);
    return -(first * e1 + (n + w->m) * (n + w->a) * u * v * e0) / ((n + 2.0) * (n + 1.0));
}

/* Sums the series over a step of length tau; 0 if it needs more than
 * MAX_TERMS terms or its terms grow far beyond g (cancellation): then the
 * caller halves the step. */
static int taylor_step(const rti_rate_walk *w, double tau, step_sums *s)
{
    double e0 = w->g, e1 = w->dg * tau, largest = fabs(e0) + fabs(e1);
    double g = e0 + e1, dg = e1, integral = e0 + 0.5 * e1;
    for (int n = 0; n < MAX_TERMS; n++) {
        double e2 = next_term(w, tau, (double)n, e1, e0), k = (double)n + 2.0;
        g += e2;
        dg += k * e2;
        integral += e2 / (k + 1.0);
        largest = fmax(largest, fabs(e2));
        double tail = (fabs(e1) + fabs(e2)) * (k + 1.0);
        if (tail <= 0.25 * DBL_EPSILON * fmin(fabs(g), fabs(dg))) {
            s->g = g;
            s->dg = dg / tau;
            s->integral = integral * tau;
            return largest <= 16.0 * fabs(w->g) && g > 0.0 && isfinite(integral);
        }
        e0 = e1;
        e1 = e2;
    }
    return 0;
}

/* The longest step the series takes without losing precision: half the
 * distance to the nearest singular point of the equation (0, or -1 from 0). */
static double step_bound(const rti_rate_walk *w)
{
    return w->y == 0.0 ? 0.5 : 0.5 * w->y;
}

rt_status rti_rate_walk_to(rti_rate_walk *w, double t, double *purchases, const char *fn)
{
    double target = t / w->scale, total = 0.0, tau = 0.0;
    for (long steps = 0; w->y < target; steps++) {
        if (steps >= MAX_STEPS_PER_CALL)
            return rti_fail(RT_ECONVERGE, "%s: the purchase rate needs more than %d steps "
                            "to reach t = %g", fn, MAX_STEPS_PER_CALL, t);
        if (tau == 0.0)
            tau = fmin(target - w->y, step_bound(w));
        step_sums s;
        if (!taylor_step(w, tau, &s)) {
            tau *= 0.5;
            continue;
        }
        total += s.integral;
        w->y = tau == target - w->y ? target : w->y + tau;
        w->g = s.g;
        w->dg = s.dg;
        tau = 0.0;
    }
    *purchases = w->R * total;
    return RT_OK;
}

double rti_rate_walk_rate(const rti_rate_walk *w)
{
    return w->R * w->g / w->scale;
}
