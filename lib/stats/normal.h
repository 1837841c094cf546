/* The standard normal distribution: upper tail and quantile. */
#ifndef RTI_NORMAL_H
#define RTI_NORMAL_H

/* P(Z > x), accurate in the far tail (no 1 - Phi cancellation). */
double rti_normal_upper(double x);
/* P(Z <= x). */
double rti_normal_cdf(double x);
/* The x with P(Z <= x) = p, for p in (0, 1); relative error about 1e-16
 * (Wichura's AS241). */
double rti_normal_quantile(double p);

#endif /* RTI_NORMAL_H */
