/* Special functions for the CLV models, in log space where it matters. */
#ifndef RTI_SPECIAL_H
#define RTI_SPECIAL_H

#include "retention/status.h"

/* ln |Gamma(x)|; with lgamma_r where available, so that concurrent calls do
 * not race on the C library's global signgam. */
double rti_lgamma(double x);

/* The digamma function psi = (ln Gamma)' for x > 0. */
double rti_digamma(double x);

/* ln B(a, b) for a, b > 0. */
double rti_lbeta(double a, double b);

/* ln(e^u + e^v) without overflow; either may be -inf. */
double rti_log_add_exp(double u, double v);

/* 1 / (1 + e^u) for any u, in [0, 1], without overflow. */
double rti_logistic_complement(double u);

/* Gauss series 2F1(1, b; c; z) for b, c > 0 and 0 <= z < 1 (all terms
 * positive). RT_ECONVERGE past ten million terms; fn names the caller. */
rt_status rti_hyp2f1_one(double b, double c, double z, double *out, const char *fn);

/* The BG/NBD expectation bracket, after Euler's transformation:
 *   C [ (1 - w^e)/e - w^e G ],  e = a - 1, w = 1 - z = (alpha + T)/(alpha + T + t),
 *   G = (2F1(A, e; C; z) - 1)/e = sum_{k>=1} (A)_k (e+1)_{k-1} z^k / ((C)_k k!),
 * with A = a + b - 1 - r and C = a + b + x - 1 > 0. It equals
 *   (C/e) [1 - w^{r+x} 2F1(r+x, b+x; C; z)]. */
rt_status rti_bgnbd_bracket(const double params[4], double x, double T, double t,
                            double *out, const char *fn);

#endif /* RTI_SPECIAL_H */
