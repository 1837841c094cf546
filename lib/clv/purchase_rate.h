/* A BG/NBD customer's expected purchases, period after period, from the
 * purchase rate: linear in the number of periods, for the discounted CLV. */
#ifndef RTI_PURCHASE_RATE_H
#define RTI_PURCHASE_RATE_H

#include <stdint.h>

#include "retention/status.h"

/* Given the history (x, T) and alive at T, the customer buys at the rate
 *   E[lambda e^(-lambda p s)] = (R / c) g(s / c),  g(y) = E[(1 + p y)^-(R+1)]
 *                                                      = 2F1(R+1, a; a+b+x; -y)
 * s after T, with R = r + x, c = alpha + T (lambda ~ Gamma(R, c) and
 * p ~ Beta(a, b + x) a posteriori, independent). The walk carries g and g'
 * at its position y and moves by Taylor steps of the hypergeometric
 * equation y(1+y) g'' + [a+b+x + (R+a+2) y] g' + (R+1) a g = 0. */
typedef struct rti_rate_walk {
    double m, a, c;     /* 2F1(m, a; c; -y): m = R + 1, c = a + b + x */
    double R, scale;    /* R = r + x; scale = alpha + T, so that y = t / scale */
    double y, g, dg;    /* position, g(y), g'(y) */
} rti_rate_walk;

/* Starts at t = 0 (g = 1, g' = -(R+1) a / (a+b+x)). */
void rti_rate_walk_init(rti_rate_walk *w, const double params[4], uint64_t x, double T);

/* Moves to time t (>= the current one) and writes the purchases expected
 * of the customer alive in between, R times the integral of g. RT_OK, or
 * RT_ECONVERGE (message naming fn) if the steps do not converge. */
rt_status rti_rate_walk_to(rti_rate_walk *w, double t, double *purchases, const char *fn);

/* The current purchase rate per unit of time, R g(y) / scale: it only
 * falls, so it bounds the purchases still to come. */
double rti_rate_walk_rate(const rti_rate_walk *w);

#endif /* RTI_PURCHASE_RATE_H */
