/* Integrals of unimodal positive functions given by their logarithm: the
 * fallback of the CLV models where their hypergeometric series converge too
 * slowly (arguments near 1), overflow (large shapes) or do not apply. */
#ifndef RTI_QUADRATURE_H
#define RTI_QUADRATURE_H

#include "retention/status.h"

/* ln f(y) at y; ctx holds the integrand's parameters. */
typedef double (*rti_log_integrand)(const void *ctx, double y);

/* ln of the integral of exp(log_f) over [lo, hi] (finite, lo < hi), for a
 * log_f that rises to one maximum and falls after it (log-concave
 * integrands, and the CLV models' posterior integrands, are). Gauss-Legendre
 * panels, as wide as the peak, laid outward from the maximum until the rest
 * is below the rounding of the sum: about 1e-14 relative. RT_ECONVERGE
 * (message naming fn) past a cap of panels, which bounds the time. */
rt_status rti_log_integral(rti_log_integrand log_f, const void *ctx, double lo, double hi,
                           double *out, const char *fn);

/* ln(1 / (1 + e^-y)), the logarithm of the logistic function, for any y. */
double rti_log_logistic(double y);

#endif /* RTI_QUADRATURE_H */
