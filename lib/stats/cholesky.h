/* Quadratic forms z' M^-1 z of small symmetric positive definite matrices. */
#ifndef RTI_CHOLESKY_H
#define RTI_CHOLESKY_H

#include <stddef.h>

/* Sets *form = z' M^-1 z for the m x m row-major matrix M and returns 1;
 * returns 0 if M is not positive definite (a pivot is not above 1e-10 times
 * the largest diagonal entry). M is overwritten by its Cholesky factor, z by
 * L^-1 z. */
int rti_cholesky_quadratic_form(double *matrix, double *z, size_t m, double *form);

#endif /* RTI_CHOLESKY_H */
