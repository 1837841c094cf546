/* Minimisation by BFGS for the maximum-likelihood fits. */
#ifndef RTI_OPTIMIZE_H
#define RTI_OPTIMIZE_H

#include <stddef.h>
#include <stdint.h>

#define RTI_MAX_PARAMS 4

/* The function to minimise at theta (n values); +inf or NaN where undefined. */
typedef double (*rti_objective)(const double *theta, void *ctx);

/* Its gradient at theta into g (n values); NULL: central differences. */
typedef void (*rti_gradient)(const double *theta, void *ctx, double *g);

typedef struct rti_minimum {
    double theta[RTI_MAX_PARAMS];  /* in: start; out: best point */
    double value;                  /* objective at theta */
    uint32_t iterations;
    int converged;
    double std_errors[RTI_MAX_PARAMS];  /* of theta, when requested; 0 if not PD */
} rti_minimum;

/* Quasi-Newton (BFGS, inverse-Hessian update) with the analytic gradient
 * grad (or central differences when it is NULL) and a backtracking Armijo
 * line search. Converged when every
 * gradient component is at most tolerance * (1 + |value|). With
 * want_std_errors, the Hessian at the end is estimated by central
 * differences (of grad, or second differences of f) and the square roots of
 * the diagonal of its inverse are returned. Allocates nothing. */
void rti_minimize(rti_objective f, rti_gradient grad, void *ctx, size_t n,
                  uint32_t max_iterations, double tolerance, int want_std_errors,
                  rti_minimum *m);

#endif /* RTI_OPTIMIZE_H */
