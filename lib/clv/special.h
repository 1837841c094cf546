/* Special functions for the CLV models, in log space where it matters. */
#ifndef RTI_SPECIAL_H
#define RTI_SPECIAL_H

#include "retention/status.h"

/* ln |Gamma(x)|; with lgamma_r where available, so that concurrent calls do
 * not race on the C library's global signgam. */
double rti_lgamma(double x);

/* The digamma function psi = (ln Gamma)' for x > 0. */
double rti_digamma(double x);

/* ln B(a, b) for a, b > 0, to about 1e-15 absolute at any size. */
double rti_lbeta(double a, double b);

/* ln Gamma(x + e) - ln Gamma(x) for x > 0, e >= 0, to about 1e-15
 * absolute even where both logarithms are huge (x = 2^32): the difference
 * of two rti_lgamma() values loses their rounding, 1e-16 |ln Gamma(x)|. */
double rti_lgamma_ratio(double x, double e);

/* ln B(a, b + e) - ln B(a, b) for a, b > 0, e >= 0, as precisely. */
double rti_lbeta_ratio(double a, double b, double e);

/* ln(e^u + e^v) without overflow; either may be -inf. */
double rti_log_add_exp(double u, double v);

/* 1 / (1 + e^u) for any u, in [0, 1], without overflow. */
double rti_logistic_complement(double u);

/* ln 2F1(1, b; c; z) for b, c > 0 and 0 <= z < 1, w = 1 - z (passed apart,
 * as callers know it more precisely than 1 - z). The Gauss series where
 * it converges fast, Euler's integral by quadrature where z is near 1 or
 * b > c (for c > 1): about 1e-14 relative, and 1e-16 b absolute where b
 * is large (the integrand's exponent cancels b-sized terms). RT_ECONVERGE
 * past the series' or quadrature's cap, fn naming the caller. */
rt_status rti_log_hyp2f1_one(double b, double c, double z, double w, double *out,
                             const char *fn);

/* exp of rti_log_hyp2f1_one() with w = 1 - z. */
rt_status rti_hyp2f1_one(double b, double c, double z, double *out, const char *fn);

/* The BG/NBD expectation bracket E[(1 - e^(-lambda p t)) / p] over the
 * posterior lambda ~ Gamma(r+x, alpha+T), p ~ Beta(a, b+x), which is
 *   (C/e) [1 - w^{r+x} 2F1(r+x, b+x; C; z)],  C = a + b + x - 1, e = a - 1,
 * w = 1 - z = (alpha + T)/(alpha + T + t) (FHL 2005, eq. 10 without
 * P(alive)). Where C >= 1, a + b - 1 >= r, a <= 100, z <= 0.99 and
 * C <= 30 (r + x), after
 * Euler's transformation:
 *   C [ (1 - w^e)/e - w^e G ],
 *   G = (2F1(A, e; C; z) - 1)/e = sum_{k>=1} (A)_k (e+1)_{k-1} z^k / ((C)_k k!),
 * A = a + b - 1 - r, a series of under 4,000 positive terms; elsewhere (any
 * a, b > 0) the integral over p by quadrature. RT_ERANGE if the value
 * overflows, RT_ECONVERGE past the quadrature's cap. */
rt_status rti_bgnbd_bracket(const double params[4], double x, double T, double t,
                            double *out, const char *fn);

#endif /* RTI_SPECIAL_H */
