/* Upper tail of the chi-square distribution with whole degrees of freedom. */
#ifndef RTI_CHI_SQUARE_H
#define RTI_CHI_SQUARE_H

#include <stdint.h>

/* P(X >= x) for X ~ chi-square with df >= 1 degrees of freedom, x >= 0. */
double rti_chi_square_upper(double x, uint32_t df);

#endif /* RTI_CHI_SQUARE_H */
