/* Minimisation by BFGS for the maximum-likelihood fits. */
#ifndef RTI_OPTIMIZE_H
#define RTI_OPTIMIZE_H

#include <stddef.h>
#include <stdint.h>

#define RTI_MAX_PARAMS 4

/* The function to minimise: its value at theta (n values), +inf or NaN
 * where undefined, and, when g is not NULL, its gradient at theta into g
 * (n values). Value and gradient come from one call because they share
 * most of their work (the logarithms of a likelihood's rows); a function
 * without an analytic gradient says so in rti_problem and is then never
 * passed a g. */
typedef double (*rti_objective)(const double *theta, void *ctx, double *g);

typedef struct rti_problem {
    rti_objective f;
    void *ctx;
    size_t n;            /* parameters, at most RTI_MAX_PARAMS */
    int has_gradient;    /* 0: central differences of f */
} rti_problem;

typedef struct rti_minimum {
    double theta[RTI_MAX_PARAMS];  /* in: start; out: best point */
    double value;                  /* objective at theta */
    uint32_t iterations;
    int converged;
    double std_errors[RTI_MAX_PARAMS];  /* of theta, when requested; 0 if not PD */
} rti_minimum;

/* Quasi-Newton (BFGS, inverse-Hessian update) with the analytic gradient
 * (or central differences) and a backtracking Armijo line search; with an
 * analytic gradient every trial point is evaluated with its gradient, so
 * the accepted one costs no second pass. Converged when every gradient
 * component is at most tolerance * (1 + |value|). With want_std_errors, the
 * Hessian at the end is estimated by central differences (of the gradient,
 * or second differences of f) and the square roots of the diagonal of its
 * inverse are returned. Allocates nothing. */
void rti_minimize(const rti_problem *problem, uint32_t max_iterations, double tolerance,
                  uint32_t want_std_errors, rti_minimum *m);

#endif /* RTI_OPTIMIZE_H */
