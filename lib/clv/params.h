/* Validation of model parameter vectors. */
#ifndef RTI_PARAMS_H
#define RTI_PARAMS_H

#include <stddef.h>

#include "retention/status.h"

/* params non-NULL, each of the n values finite and > 0; names are for the
 * message ("r, alpha, a, b"). */
rt_status rti_check_params(const double *params, size_t n, const char *const *names,
                           const char *fn);

/* p = exp(theta), n values, as the fits search over log-parameters; 0 if
 * one is 0 or infinite (the objective is then undefined there). */
int rti_params_from_log(const double *theta, size_t n, double *p);

/* t finite and >= 0. */
rt_status rti_check_horizon(double t, const char *fn, const char *arg);

#endif /* RTI_PARAMS_H */
